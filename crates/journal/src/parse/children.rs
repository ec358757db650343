//! The participants page (`/edv/index/participant`) → the children the session may see.
//!
//! Several children: `ul#participants a[data-guid]`, the link's text the child's name. One
//! child: `#participant[data-guid]` with `.one-participant` reading «ФИО, класс, школа». A
//! family whose school moved has neither but a «Моя школа» notice; a sign-in page means the
//! session ended.
//!
//! Design: what the list of several children carries besides the name is uncertain (the site
//! differs by region and version), so a class is taken leniently from wherever it plainly is:
//! the link's own text «ФИО, класс, школа», else its `title` in that form (or a bare class),
//! else the rest of the list item after the name («Морозова Алиса, 5 «А»»). Text after the
//! name that does not look like a class is left alone; name-only lists give no class.

use parta_core::diary::{DiaryChild, JournalResult};
use scraper::ElementRef;

use super::page::{collapse, moved, parse_html, selector, text_of, unexpected_page};

/// The children listed on the participants page.
pub fn children(html: &str) -> JournalResult<Vec<DiaryChild>> {
    let document = parse_html(html)?;
    let several = document.select(&selector("#participants")).next();
    let one = document.select(&selector("#participant")).next();
    if several.is_none() && one.is_none() {
        return Err(unexpected_page(&document, "expected the list of children"));
    }
    let mut children: Vec<DiaryChild> = Vec::new();
    if let Some(list) = several {
        for entry in list.select(&selector("[data-guid], a[href]")) {
            if let Some(child) = listed_child(entry) {
                push_new(&mut children, child);
            }
        }
    }
    if let Some(single) = one
        && let Some(child) = single_child(single)
    {
        push_new(&mut children, child);
    }
    if children.is_empty()
        && let Some(moved) = moved(&document)
    {
        return Err(moved);
    }
    Ok(children)
}

fn push_new(children: &mut Vec<DiaryChild>, child: DiaryChild) {
    if !children.iter().any(|known| known.guid == child.guid) {
        children.push(child);
    }
}

/// A child from the list: its GUID from `data-guid` or the link's last path segment.
fn listed_child(entry: ElementRef<'_>) -> Option<DiaryChild> {
    let guid = entry
        .attr("data-guid")
        .and_then(valid_guid)
        .or_else(|| guid_from_href(entry.attr("href")?))?;
    let (name, mut class, mut school) = split_description(&text_of(entry))?;
    if class.is_none() {
        let item = entry
            .ancestors()
            .filter_map(ElementRef::wrap)
            .find(|element| element.value().name() == "li")
            .map(text_of);
        let found = entry
            .attr("title")
            .and_then(|title| class_from_title(&name, title))
            .or_else(|| class_after_name(&name, &item?));
        if let Some((found_class, found_school)) = found {
            class = Some(found_class);
            school = school.or(found_school);
        }
    }
    Some(DiaryChild {
        guid,
        name,
        class,
        school,
    })
}

/// A `title` reading «ФИО, класс, школа» for this child, or a bare class («5 «А»»).
fn class_from_title(name: &str, title: &str) -> Option<(String, Option<String>)> {
    let title = collapse(title);
    if looks_like_class(&title) {
        return Some((title, None));
    }
    let (titled, class, school) = split_description(&title)?;
    if titled != name {
        return None;
    }
    Some((class.filter(|class| looks_like_class(class))?, school))
}

/// The list item's text «Морозова Алиса, 5 «А», школа» (or «… (5 «А»)») after the name.
fn class_after_name(name: &str, item: &str) -> Option<(String, Option<String>)> {
    let rest = item
        .strip_prefix(name)?
        .trim_start_matches([',', ' ', '-', '–', '—', '(']);
    let mut parts = rest.splitn(2, ',').map(collapse);
    let class = parts.next()?;
    let class = class.strip_suffix(')').map_or(class.as_str(), str::trim);
    if !looks_like_class(class) {
        return None;
    }
    let school = parts.next().filter(|school| !school.is_empty());
    Some((class.to_owned(), school))
}

/// «5 «А»», «10А», «7-Б», «11 класс»: a school year 1–11 first, then a letter, and short (a
/// bare number is more likely a count of something).
fn looks_like_class(text: &str) -> bool {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    let year = digits.parse::<u8>().unwrap_or(0);
    let lettered = text[digits.len()..].chars().any(char::is_alphabetic);
    (1..=11).contains(&year) && lettered && text.chars().count() <= 20 && !text.contains(',')
}

fn single_child(element: ElementRef<'_>) -> Option<DiaryChild> {
    let guid = element.attr("data-guid").and_then(valid_guid)?;
    let description = element
        .select(&selector(".one-participant"))
        .next()
        .map_or_else(|| text_of(element), text_of);
    let (name, class, school) = split_description(&description)?;
    Some(DiaryChild {
        guid,
        name,
        class,
        school,
    })
}

/// «Козлов Никита, 7 «Б», МОАУ «СОШ № 1»» → name, class, school (the school may hold commas).
fn split_description(text: &str) -> Option<(String, Option<String>, Option<String>)> {
    let mut parts = text.splitn(3, ',').map(collapse);
    let name = parts.next().filter(|name| !name.is_empty())?;
    let class = parts.next().filter(|part| !part.is_empty());
    let school = parts.next().filter(|part| !part.is_empty());
    Some((name, class, school))
}

/// A GUID as the site writes them: hex digits and dashes (it goes into request paths).
fn valid_guid(guid: &str) -> Option<String> {
    let guid = guid.trim();
    let valid = !guid.is_empty()
        && guid.len() <= 64
        && guid.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    valid.then(|| guid.to_owned())
}

/// `/edv/index/diary/GUID` → `GUID`.
fn guid_from_href(href: &str) -> Option<String> {
    let path = href.split(['?', '#']).next()?;
    if !path.contains("/diary/") {
        return None;
    }
    valid_guid(path.trim_end_matches('/').rsplit('/').next()?)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use parta_core::diary::JournalFailure;

    use super::*;

    #[test]
    fn descriptions_split_into_name_class_and_school() {
        let (name, class, school) =
            split_description("Козлов  Никита, 7 «Б», МОАУ «СОШ № 1», г. Оренбург").unwrap();
        assert_eq!(name, "Козлов Никита");
        assert_eq!(class.as_deref(), Some("7 «Б»"));
        assert_eq!(school.as_deref(), Some("МОАУ «СОШ № 1», г. Оренбург"));
        assert_eq!(split_description("Морозова Алиса").unwrap().1, None);
        assert!(split_description(" , 5 «А»").is_none());
    }

    #[test]
    fn guids_cannot_smuggle_paths() {
        assert_eq!(valid_guid(" ABC-12 ").as_deref(), Some("ABC-12"));
        assert_eq!(valid_guid("../../x"), None);
        assert_eq!(valid_guid("a b"), None);
        assert_eq!(
            guid_from_href("/edv/index/diary/AB-1?x=1").as_deref(),
            Some("AB-1")
        );
        assert_eq!(guid_from_href("/auth/logout"), None);
    }

    fn listed(html: &str) -> Vec<(String, Option<String>, Option<String>)> {
        children(html)
            .unwrap()
            .into_iter()
            .map(|child| (child.name, child.class, child.school))
            .collect()
    }

    fn child(
        name: &str,
        class: Option<&str>,
        school: Option<&str>,
    ) -> (String, Option<String>, Option<String>) {
        (name.into(), class.map(Into::into), school.map(Into::into))
    }

    #[test]
    fn a_list_of_names_only_gives_no_class() {
        let html = r#"<ul id="participants">
            <li><a href="/edv/index/diary/A1" data-guid="A1">Морозова Алиса</a></li>
            <li><a href="/edv/index/diary/B2" data-guid="B2" title="Открыть дневник">Морозов Иван</a>
              <span class="badge">2</span></li></ul>"#;
        assert_eq!(
            listed(html),
            [
                child("Морозова Алиса", None, None),
                child("Морозов Иван", None, None)
            ]
        );
    }

    #[test]
    fn a_class_in_the_list_is_taken_from_the_link_its_title_or_its_item() {
        let html = r#"<ul id="participants">
            <li><a data-guid="A1" href="/edv/index/diary/A1">Морозова Алиса, 5 «А», МОАУ «СОШ № 1»</a></li>
            <li><a data-guid="B2" title="Морозов Иван, 7 «Б», МОАУ «СОШ № 1»">Морозов Иван</a></li>
            <li><a data-guid="C3" title="10А">Козлов Никита</a></li>
            <li><a data-guid="D4">Петрова Анна</a>, 3 «В», МОАУ «СОШ № 2»</li>
            <li><a data-guid="E5">Сидоров Пётр</a> (11 «А»)</li>
            <li><a data-guid="F6" title="Другой Человек, 6 «А»">Орлова Вера</a></li>
            <li><a data-guid="G7">Белова Ольга</a> — новое сообщение</li>
        </ul>"#;
        let school = Some("МОАУ «СОШ № 1»");
        assert_eq!(
            listed(html),
            [
                child("Морозова Алиса", Some("5 «А»"), school),
                child("Морозов Иван", Some("7 «Б»"), school),
                child("Козлов Никита", Some("10А"), None),
                child("Петрова Анна", Some("3 «В»"), Some("МОАУ «СОШ № 2»")),
                child("Сидоров Пётр", Some("11 «А»"), None),
                // A title about someone else is not this child's class.
                child("Орлова Вера", None, None),
                // Text after the name that is not a class is left alone.
                child("Белова Ольга", None, None),
            ]
        );
    }

    #[test]
    fn classes_look_like_school_years() {
        for class in ["5 «А»", "10А", "7-Б", "11 класс", "1 «А»"] {
            assert!(looks_like_class(class), "{class}");
        }
        for other in [
            "",
            "Открыть",
            "0 «А»",
            "12 «А»",
            "2024 год",
            "5 «А», школа",
            "«А» 5",
            "2",
            "5 (3)",
        ] {
            assert!(!looks_like_class(other), "{other}");
        }
    }

    #[test]
    fn an_empty_list_is_no_children() {
        let html = r#"<ul id="participants"></ul>"#;
        assert_eq!(children(html).unwrap(), []);
    }

    #[test]
    fn a_page_without_children_is_unreadable() {
        let failure = children("<html><body><h1>Ошибка</h1></body></html>").unwrap_err();
        assert!(
            matches!(failure, JournalFailure::Protocol(_)),
            "{failure:?}"
        );
    }
}
