//! What a refresh found, as pop-ups: one per child, however many marks arrived.
//!
//! Design: the core compares two fetches of a week ([`DiaryNews`], none on a first fetch) and
//! words each item (`diary::text`); this module groups a refresh's news by child — one item
//! keeps the core's title and body («Новая оценка: 5 по алгебре» / «Морозова Алиса · 7 декабря,
//! 2-й урок»), several become the core's group title («Новые оценки: 5 по алгебре, 4 по истории»)
//! over the child's name — and hands them to the desktop under the account's notification settings (off, quiet
//! hours, privacy mode).

use std::collections::HashMap;

use parta_core::Locale;
use parta_core::diary::DiaryNews;
use parta_core::diary::text::{news_body, news_group_title, news_title};
use parta_core::notify::{BODY_CHARS, NotificationSettings, one_line};

use crate::notifications::{self, DiaryPopup};
use crate::session::AccountSession;

/// Shows the pop-ups of `news` (by child GUID), if the settings allow them now.
pub fn notify(session: &AccountSession, news: HashMap<String, Vec<DiaryNews>>) {
    if news.values().all(Vec::is_empty) {
        return;
    }
    let settings = session.prefs().notifications;
    if !allowed(&settings, notifications::local_now()) {
        tracing::debug!("diary news: notifications off or quiet hours");
        return;
    }
    let names: HashMap<String, String> = session
        .reader()
        .diary_children()
        .unwrap_or_default()
        .into_iter()
        .map(|child| (child.guid, child.name))
        .collect();
    let mut children: Vec<(String, Vec<DiaryNews>)> = news.into_iter().collect();
    children.sort_by(|a, b| a.0.cmp(&b.0));
    let locale = crate::locale::current();
    for (guid, items) in children {
        let name = names
            .get(&guid)
            .map_or(locale.pick("Ребёнок", "Child"), String::as_str);
        if let Some(popup) = popup(name, &items, settings.privacy_mode, locale) {
            notifications::show_diary(popup);
        }
    }
}

fn allowed(settings: &NotificationSettings, now: parta_core::notify::LocalTime) -> bool {
    settings.enabled && settings.quiet_hours_allow(now)
}

/// The one pop-up for a child's news, in `locale`; `None` when there is none.
pub fn popup(
    child_name: &str,
    items: &[DiaryNews],
    privacy: bool,
    locale: Locale,
) -> Option<DiaryPopup> {
    let first = items.first()?;
    if privacy {
        return Some(DiaryPopup {
            title: locale.pick("Дневник", "Diary").into(),
            body: locale
                .pick("Новое в электронном дневнике", "News in the e-journal")
                .into(),
        });
    }
    if items.len() == 1 {
        return Some(DiaryPopup {
            title: one_line(&news_title(first, locale), BODY_CHARS),
            body: one_line(&news_body(first, child_name, locale), BODY_CHARS),
        });
    }
    Some(DiaryPopup {
        title: one_line(&news_group_title(items, locale), BODY_CHARS),
        body: one_line(child_name, BODY_CHARS),
    })
}

#[cfg(test)]
mod tests {
    use parta_core::diary::{LessonKey, Mark};

    use super::*;

    fn mark(value: &str) -> DiaryNews {
        DiaryNews::NewMark {
            child_guid: "G".into(),
            lesson: LessonKey {
                date: "2026-12-07".into(),
                number: 2,
                subject: "Алгебра".into(),
            },
            mark: Mark {
                value: value.into(),
                weight: None,
            },
        }
    }

    #[test]
    fn one_item_keeps_the_cores_words_and_several_are_grouped() {
        assert!(popup("Морозова Алиса", &[], false, Locale::Ru).is_none());
        let one = popup("Морозова Алиса", &[mark("5")], false, Locale::Ru)
            .unwrap_or_else(|| unreachable!());
        assert_eq!(one.title, "Новая оценка: 5 по алгебре");
        assert!(one.body.contains("Морозова Алиса"), "{one:?}");
        let three = popup(
            "Морозова Алиса",
            &[mark("5"), mark("4"), mark("3")],
            false,
            Locale::Ru,
        )
        .unwrap_or_else(|| unreachable!());
        assert_eq!(
            three.title,
            news_group_title(&[mark("5"), mark("4"), mark("3")], Locale::Ru)
        );
        assert_eq!(three.body, "Морозова Алиса");
        let private = popup("Морозова Алиса", &[mark("5")], true, Locale::Ru)
            .unwrap_or_else(|| unreachable!());
        assert!(!private.title.contains('5') && !private.body.contains("Алиса"));
    }

    #[test]
    fn an_english_pop_up_is_english_throughout() {
        let one = popup("Alice", &[mark("5")], false, Locale::En).unwrap_or_else(|| unreachable!());
        assert_eq!(one.title, "New mark: 5 in Алгебра");
        assert_eq!(one.body, "Alice · 7 December, lesson 2");
        let two = popup("Alice", &[mark("5"), mark("4")], false, Locale::En)
            .unwrap_or_else(|| unreachable!());
        assert_eq!(two.title, "New marks: 5 in Алгебра, 4 in Алгебра");
        let private =
            popup("Alice", &[mark("5")], true, Locale::En).unwrap_or_else(|| unreachable!());
        assert_eq!(private.title, "Diary");
    }
}
