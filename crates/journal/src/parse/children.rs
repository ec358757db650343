//! The participants page (`/edv/index/participant`) → the children the session may see.
//!
//! Several children: `ul#participants a[data-guid]`, the link's text the child's name. One
//! child: `#participant[data-guid]` with `.one-participant` reading «ФИО, класс, школа». A
//! family whose school moved has neither but a «Моя школа» notice; a sign-in page means the
//! session ended.

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
    let (name, class, school) = split_description(&text_of(entry))?;
    Some(DiaryChild {
        guid,
        name,
        class,
        school,
    })
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
