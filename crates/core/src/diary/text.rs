//! The words of diary notifications: «Новая оценка: 5 по алгебре», or in English «New mark: 5
//! in Алгебра» (the subject's name is the journal's own, shown as it is).
//!
//! Design: «по» takes the dative, so the subject is declined. School subjects are a small,
//! regular set: a few irregular names are listed, abbreviations («ИЗО», «ОБЖ») stay as they are,
//! and otherwise a name of agreeing adjectives followed by one singular noun is declined by its
//! endings («русский язык» → «русскому языку», «физическая культура» → «физической культуре»).
//! A name the rules do not cover is quoted instead of guessed: «по предмету «Робототехника 3D»».

use super::dates::Day;
use super::model::{DiaryNews, LessonKey};
use crate::locale::{Locale, english_plural};
use crate::notify::plural;

/// How much homework text a notification shows.
const HOMEWORK_PREVIEW_CHARS: usize = 140;

/// Subjects whose dative the rules would get wrong (lower case).
const IRREGULAR: &[(&str, &str)] = &[
    ("вероятность и статистика", "вероятности и статистике"),
    (
        "основы безопасности жизнедеятельности",
        "основам безопасности жизнедеятельности",
    ),
    (
        "основы безопасности и защиты родины",
        "основам безопасности и защиты Родины",
    ),
    ("труд (технология)", "труду (технологии)"),
    ("русский", "русскому"),
    ("английский", "английскому"),
    ("немецкий", "немецкому"),
    ("французский", "французскому"),
    ("родной язык (русский)", "родному языку (русскому)"),
    ("литература родная", "родной литературе"),
    ("мхк", "МХК"),
];

/// The notification's title: «Новая оценка: 5 по алгебре», «Новое домашнее задание по
/// русскому языку»; «New mark: 5 in Algebra», «New homework in Algebra».
pub fn news_title(news: &DiaryNews, locale: Locale) -> String {
    match news {
        DiaryNews::NewMark { lesson, mark, .. } => format!(
            "{}: {}",
            locale.pick("Новая оценка", "New mark"),
            mark_in_subject(&mark.value, &lesson.subject, locale)
        ),
        DiaryNews::NewHomework { lesson, .. } => format!(
            "{} {}",
            locale.pick("Новое домашнее задание", "New homework"),
            in_subject(&lesson.subject, locale)
        ),
    }
}

/// «5 по алгебре», «5 in Algebra».
fn mark_in_subject(value: &str, subject: &str, locale: Locale) -> String {
    format!("{} {}", value.trim(), in_subject(subject, locale))
}

/// «по алгебре» ([`po_subject`]), or «in Algebra».
fn in_subject(subject: &str, locale: Locale) -> String {
    match locale {
        Locale::Ru => po_subject(subject),
        Locale::En => match subject.trim() {
            "" => "in an unnamed subject".to_owned(),
            subject => format!("in {subject}"),
        },
    }
}

/// The notification's body: «Морозова Алиса · 7 декабря, 2-й урок» («… · 7 December, lesson
/// 2»), and for homework a preview of its text on the next line.
pub fn news_body(news: &DiaryNews, child_name: &str, locale: Locale) -> String {
    match news {
        DiaryNews::NewMark { lesson, mark, .. } => {
            let mut line = format!("{} · {}", child_name.trim(), lesson_place(lesson, locale));
            if let Some(weight) = mark.weight.filter(|weight| *weight > 1) {
                let word = locale.pick("вес", "weight");
                line.push_str(&format!(" · {word} {weight}"));
            }
            line
        }
        DiaryNews::NewHomework { lesson, text, .. } => format!(
            "{} · {}\n{}",
            child_name.trim(),
            lesson_place(lesson, locale),
            preview(text)
        ),
    }
}

/// One title for several marks of one child at once: «Новые оценки: 5 по алгебре, 4 по
/// истории»; with homework among them, «Новое в дневнике: 3 записи» («New in the diary: 3
/// entries»).
pub fn news_group_title(news: &[DiaryNews], locale: Locale) -> String {
    match news {
        [] => String::new(),
        [one] => news_title(one, locale),
        many if many.iter().all(|n| matches!(n, DiaryNews::NewMark { .. })) => {
            let marks: Vec<String> = many
                .iter()
                .filter_map(|n| match n {
                    DiaryNews::NewMark { lesson, mark, .. } => {
                        Some(mark_in_subject(&mark.value, &lesson.subject, locale))
                    }
                    DiaryNews::NewHomework { .. } => None,
                })
                .collect();
            let label = locale.pick("Новые оценки", "New marks");
            format!("{label}: {}", marks.join(", "))
        }
        many => {
            let n = many.len() as u64;
            match locale {
                Locale::Ru => format!(
                    "Новое в дневнике: {n} {}",
                    plural(n, "запись", "записи", "записей")
                ),
                Locale::En => format!(
                    "New in the diary: {n} {}",
                    english_plural(n, "entry", "entries")
                ),
            }
        }
    }
}

/// «по алгебре», «по ИЗО», or «по предмету «X»» when the name is not one the rules know.
pub fn po_subject(subject: &str) -> String {
    match subject_dative(subject) {
        Some(dative) => format!("по {dative}"),
        None => format!("по предмету «{}»", subject.trim()),
    }
}

/// The subject in the dative case, lower-cased as in running text, or `None` when the rules
/// do not cover it.
pub fn subject_dative(subject: &str) -> Option<String> {
    let words: Vec<&str> = subject.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    let lowered: Vec<String> = words.iter().map(|word| lower_name(word)).collect();
    let whole = lowered.join(" ").to_lowercase();
    if let Some((_, dative)) = IRREGULAR.iter().find(|(name, _)| *name == whole) {
        return Some((*dative).to_owned());
    }
    if words.len() == 1 && is_abbreviation(words[0]) {
        return Some(words[0].to_owned());
    }
    let (noun, adjectives) = lowered.split_last()?;
    let noun_gender = noun_gender(noun)?;
    let mut declined = Vec::with_capacity(lowered.len());
    for adjective in adjectives {
        declined.push(adjective_dative(adjective, noun_gender)?);
    }
    declined.push(noun_dative(noun)?);
    Some(declined.join(" "))
}

/// Grammatical gender, for adjective agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Masculine,
    Feminine,
    Neuter,
}

fn noun_gender(noun: &str) -> Option<Gender> {
    let last = noun.chars().last()?;
    if !is_cyrillic_word(noun) {
        return None;
    }
    match last {
        'а' | 'я' => Some(Gender::Feminine),
        'о' | 'е' => Some(Gender::Neuter),
        'ь' | 'й' | 'ы' | 'и' => None,
        c if is_consonant(c) => Some(Gender::Masculine),
        _ => None,
    }
}

fn noun_dative(noun: &str) -> Option<String> {
    let stem = |n: usize| {
        noun.chars()
            .take(noun.chars().count() - n)
            .collect::<String>()
    };
    if noun.ends_with("ия") {
        Some(format!("{}ии", stem(2)))
    } else if noun.ends_with("ие") {
        Some(format!("{}ию", stem(2)))
    } else if noun.ends_with('а') {
        Some(format!("{}е", stem(1)))
    } else if noun.ends_with('о') {
        Some(format!("{}у", stem(1)))
    } else if noun.chars().last().is_some_and(is_consonant) {
        Some(format!("{noun}у"))
    } else {
        None
    }
}

fn adjective_dative(adjective: &str, gender: Gender) -> Option<String> {
    if !is_cyrillic_word(adjective) {
        return None;
    }
    let chars: Vec<char> = adjective.chars().collect();
    if chars.len() < 3 {
        return None;
    }
    let ending: String = chars[chars.len() - 2..].iter().collect();
    let stem: String = chars[..chars.len() - 2].iter().collect();
    let before = chars[chars.len() - 3];
    let soft_or_hushing = matches!(before, 'ж' | 'ш' | 'ч' | 'щ');
    let velar = matches!(before, 'к' | 'г' | 'х');
    let declined = match (gender, ending.as_str()) {
        (Gender::Masculine, "ый" | "ой") => format!("{stem}ому"),
        (Gender::Masculine, "ий") if velar => format!("{stem}ому"),
        (Gender::Masculine, "ий") => format!("{stem}ему"),
        (Gender::Feminine, "ая") if soft_or_hushing => format!("{stem}ей"),
        (Gender::Feminine, "ая") => format!("{stem}ой"),
        (Gender::Feminine, "яя") => format!("{stem}ей"),
        (Gender::Neuter, "ое") => format!("{stem}ому"),
        (Gender::Neuter, "ее") => format!("{stem}ему"),
        _ => return None,
    };
    Some(declined)
}

/// «Алгебра» → «алгебра»; «ИЗО» stays.
fn lower_name(word: &str) -> String {
    if is_abbreviation(word) {
        word.to_owned()
    } else {
        word.to_lowercase()
    }
}

fn is_abbreviation(word: &str) -> bool {
    word.chars().count() >= 2
        && word.chars().all(|c| c.is_uppercase() || c == '-')
        && word.chars().any(char::is_alphabetic)
}

fn is_cyrillic_word(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| matches!(c, 'а'..='я' | 'ё' | '-'))
}

fn is_consonant(c: char) -> bool {
    "бвгджзклмнпрстфхцчшщ".contains(c)
}

/// «7 декабря, 2-й урок» («7 December, lesson 2»); without a lesson number, the day only.
fn lesson_place(lesson: &LessonKey, locale: Locale) -> String {
    let day = Day::parse_iso(&lesson.date)
        .map(|day| match locale {
            Locale::Ru => day.russian_day_month(),
            Locale::En => day.english_day_month(),
        })
        .unwrap_or_else(|| lesson.date.clone());
    match (lesson.number, locale) {
        (0, _) => day,
        (number, Locale::Ru) => format!("{day}, {number}-й урок"),
        (number, Locale::En) => format!("{day}, lesson {number}"),
    }
}

/// The homework's first characters, on one line, with «…» when cut.
fn preview(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= HOMEWORK_PREVIEW_CHARS {
        flat
    } else {
        let cut: String = flat.chars().take(HOMEWORK_PREVIEW_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diary::model::Mark;

    #[test]
    fn subjects_take_the_dative() {
        let cases = [
            ("Алгебра", "по алгебре"),
            ("Геометрия", "по геометрии"),
            ("Русский язык", "по русскому языку"),
            ("История", "по истории"),
            ("Математика", "по математике"),
            ("Литература", "по литературе"),
            ("Литературное чтение", "по литературному чтению"),
            ("Обществознание", "по обществознанию"),
            ("Физика", "по физике"),
            ("Химия", "по химии"),
            ("Английский язык", "по английскому языку"),
            ("Иностранный язык", "по иностранному языку"),
            ("Окружающий мир", "по окружающему миру"),
            ("Физическая культура", "по физической культуре"),
            ("Изобразительное искусство", "по изобразительному искусству"),
            ("Музыка", "по музыке"),
            ("Технология", "по технологии"),
            ("Информатика", "по информатике"),
            ("Родной язык", "по родному языку"),
            ("Родная литература", "по родной литературе"),
            ("Вероятность и статистика", "по вероятности и статистике"),
            ("Труд (технология)", "по труду (технологии)"),
            ("ИЗО", "по ИЗО"),
            ("ОБЖ", "по ОБЖ"),
            ("Право", "по праву"),
        ];
        for (subject, expected) in cases {
            assert_eq!(po_subject(subject), expected, "{subject}");
        }
    }

    #[test]
    fn unknown_subjects_are_quoted_not_guessed() {
        for subject in [
            "Робототехника 3D",
            "Речь",
            "Основы программирования",
            "Chess",
            "",
        ] {
            let text = po_subject(subject);
            assert!(text.starts_with("по предмету «"), "{subject}: {text}");
        }
        assert_eq!(
            po_subject("Робототехника 3D"),
            "по предмету «Робототехника 3D»"
        );
    }

    fn lesson() -> LessonKey {
        LessonKey {
            date: "2026-12-07".into(),
            number: 2,
            subject: "Алгебра".into(),
        }
    }

    #[test]
    fn a_new_mark_reads_naturally() {
        let news = DiaryNews::NewMark {
            child_guid: "G".into(),
            lesson: lesson(),
            mark: Mark {
                value: "5".into(),
                weight: Some(2),
            },
        };
        assert_eq!(news_title(&news, Locale::Ru), "Новая оценка: 5 по алгебре");
        assert_eq!(
            news_body(&news, "Морозова Алиса", Locale::Ru),
            "Морозова Алиса · 7 декабря, 2-й урок · вес 2"
        );
    }

    #[test]
    fn new_homework_reads_naturally() {
        let news = DiaryNews::NewHomework {
            child_guid: "G".into(),
            lesson: LessonKey {
                subject: "Русский язык".into(),
                ..lesson()
            },
            text: "Упр. 112\nвыучить правило ".repeat(20),
        };
        assert_eq!(
            news_title(&news, Locale::Ru),
            "Новое домашнее задание по русскому языку"
        );
        let body = news_body(&news, "Морозова Алиса", Locale::Ru);
        let (first, second) = body.split_once('\n').expect("two lines");
        assert_eq!(first, "Морозова Алиса · 7 декабря, 2-й урок");
        assert!(second.starts_with("Упр. 112 выучить правило"));
        assert!(second.ends_with('…'));
        assert_eq!(second.chars().count(), HOMEWORK_PREVIEW_CHARS);
    }

    #[test]
    fn several_marks_share_one_title() {
        let mark = |value: &str, subject: &str| DiaryNews::NewMark {
            child_guid: "G".into(),
            lesson: LessonKey {
                subject: subject.into(),
                ..lesson()
            },
            mark: Mark {
                value: value.into(),
                weight: None,
            },
        };
        assert_eq!(
            news_group_title(&[mark("5", "Алгебра"), mark("4", "История")], Locale::Ru),
            "Новые оценки: 5 по алгебре, 4 по истории"
        );
        let homework = DiaryNews::NewHomework {
            child_guid: "G".into(),
            lesson: lesson(),
            text: "№ 1".into(),
        };
        assert_eq!(
            news_group_title(
                &[mark("5", "Алгебра"), homework.clone(), homework],
                Locale::Ru
            ),
            "Новое в дневнике: 3 записи"
        );
    }

    #[test]
    fn english_news_reads_naturally_with_english_plurals() {
        let mark = |value: &str, subject: &str| DiaryNews::NewMark {
            child_guid: "G".into(),
            lesson: LessonKey {
                subject: subject.into(),
                ..lesson()
            },
            mark: Mark {
                value: value.into(),
                weight: Some(2),
            },
        };
        let en = Locale::En;
        assert_eq!(
            news_title(&mark("5", "Algebra"), en),
            "New mark: 5 in Algebra"
        );
        assert_eq!(
            news_body(&mark("5", "Algebra"), "Alice", en),
            "Alice · 7 December, lesson 2 · weight 2"
        );
        let homework = DiaryNews::NewHomework {
            child_guid: "G".into(),
            lesson: LessonKey {
                subject: " Algebra ".into(),
                ..lesson()
            },
            text: "Ex. 112".into(),
        };
        assert_eq!(news_title(&homework, en), "New homework in Algebra");
        assert_eq!(
            news_body(&homework, "Alice", en),
            "Alice · 7 December, lesson 2\nEx. 112"
        );
        assert_eq!(
            news_group_title(&[mark("5", "Algebra"), mark("4", "History")], en),
            "New marks: 5 in Algebra, 4 in History"
        );
        for (n, expected) in [
            (2, "New in the diary: 2 entries"),
            (5, "New in the diary: 5 entries"),
            (11, "New in the diary: 11 entries"),
            (21, "New in the diary: 21 entries"),
        ] {
            let mut items = vec![homework.clone()];
            items.resize(n, mark("5", "Algebra"));
            assert_eq!(news_group_title(&items, en), expected, "{n}");
        }
        assert_eq!(
            news_title(&mark("5", ""), en),
            "New mark: 5 in an unnamed subject"
        );
    }
}
