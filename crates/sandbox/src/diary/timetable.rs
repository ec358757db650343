//! The timetable and what is taught: computed for any day, never stored.
//!
//! Each class has a fixed weekly timetable (5–6 lessons Monday to Friday) with the seed's
//! teachers (plus two who are not in MAX). A lesson's topic rotates through its subject's list
//! by how many lessons of that subject came before in the year; every fourth topic of a list is a
//! «Контрольная работа», whose marks weigh 2. Homework and its files derive from a stable hash,
//! so the same week always looks the same.

use super::calendar::{self, Day};

/// The bell schedule (the school's announcement in the seed lists the same times).
pub const BELLS: [(&str, &str); 6] = [
    ("08:00", "08:40"),
    ("08:50", "09:30"),
    ("09:50", "10:30"),
    ("10:50", "11:30"),
    ("11:40", "12:20"),
    ("12:30", "13:10"),
];

/// A subject with its teacher and its rotating topics.
#[derive(Debug)]
pub struct Subject {
    /// «Алгебра».
    pub name: &'static str,
    /// «Иванова Марина Петровна» (surname first, as the journal writes it).
    pub teacher: &'static str,
    /// Topics in order; entries starting with «Контрольная» are tests (weight 2).
    pub topics: &'static [&'static str],
    /// Homework templates; `{n}` becomes a paragraph or exercise number.
    pub homework: &'static [&'static str],
}

const IVANOVA: &str = "Иванова Марина Петровна";
const PETROV: &str = "Петров Алексей Николаевич";
const SMIRNOV: &str = "Смирнов Дмитрий Олегович";
const SERGEEVA: &str = "Сергеева Ольга Викторовна";
const KUZNETSOVA: &str = "Кузнецова Елена Викторовна";
const BELOV: &str = "Белов Игорь Сергеевич";

/// Every subject taught in the demo school.
pub const SUBJECTS: &[Subject] = &[
    Subject {
        name: "Русский язык",
        teacher: IVANOVA,
        topics: &[
            "Орфограммы в корне слова",
            "Разделительные ъ и ь",
            "Части речи",
            "Контрольная работа: диктант с грамматическим заданием",
            "Имя существительное",
            "Склонение существительных",
        ],
        homework: &[
            "Упр. {n}",
            "Правило на с. {n} наизусть, упр. {n}",
            "Словарные слова, упр. {n}",
        ],
    },
    Subject {
        name: "Литература",
        teacher: IVANOVA,
        topics: &[
            "Устное народное творчество",
            "Сказки Пушкина",
            "Басни Крылова",
            "Контрольная работа: сочинение по прочитанному",
            "И. С. Тургенев «Муму»",
            "Л. Н. Толстой «Кавказский пленник»",
        ],
        homework: &[
            "Прочитать с. {n}–{n}",
            "Выучить отрывок наизусть",
            "Ответить на вопросы на с. {n}",
        ],
    },
    Subject {
        name: "Математика",
        teacher: PETROV,
        topics: &[
            "Натуральные числа",
            "Обыкновенные дроби",
            "Сложение дробей",
            "Контрольная работа: обыкновенные дроби",
            "Десятичные дроби",
            "Площадь прямоугольника",
        ],
        homework: &[
            "№ {n}, {n}",
            "§ {n}, № {n}",
            "Рабочая тетрадь, задачи {n}–{n}",
        ],
    },
    Subject {
        name: "Алгебра",
        teacher: PETROV,
        topics: &[
            "Одночлены",
            "Многочлены",
            "Формулы сокращённого умножения",
            "Контрольная работа: формулы сокращённого умножения",
            "Линейная функция",
            "Системы уравнений",
        ],
        homework: &["№ {n}, {n}", "§ {n}, № {n}", "Повторить формулы, № {n}"],
    },
    Subject {
        name: "Геометрия",
        teacher: PETROV,
        topics: &[
            "Треугольники",
            "Признаки равенства треугольников",
            "Параллельные прямые",
            "Контрольная работа: треугольники",
            "Сумма углов треугольника",
        ],
        homework: &["П. {n}, задачи {n}, {n}", "Вопросы к главе, № {n}"],
    },
    Subject {
        name: "Информатика",
        teacher: SMIRNOV,
        topics: &[
            "Информация и её свойства",
            "Кодирование информации",
            "Алгоритмы",
            "Контрольная работа: кодирование",
            "Презентации",
        ],
        homework: &["§ {n}, вопросы", "Подготовить презентацию на {n} слайдов"],
    },
    Subject {
        name: "Физика",
        teacher: SMIRNOV,
        topics: &[
            "Строение вещества",
            "Механическое движение",
            "Плотность вещества",
            "Контрольная работа: механическое движение",
            "Сила тяжести",
        ],
        homework: &["§ {n}, упр. {n}", "§ {n}, ответить на вопросы"],
    },
    Subject {
        name: "История",
        teacher: SERGEEVA,
        topics: &[
            "Древний Египет",
            "Древняя Греция",
            "Древний Рим",
            "Контрольная работа: Древний мир",
            "Русь в IX–XII веках",
        ],
        homework: &["§ {n}, пересказ", "§ {n}, вопросы на с. {n}"],
    },
    Subject {
        name: "География",
        teacher: SERGEEVA,
        topics: &[
            "План местности",
            "Географическая карта",
            "Литосфера",
            "Контрольная работа: карта и план",
            "Гидросфера",
        ],
        homework: &["§ {n}, контурная карта", "§ {n}"],
    },
    Subject {
        name: "Английский язык",
        teacher: KUZNETSOVA,
        topics: &[
            "My family",
            "My school",
            "Present Simple",
            "Контрольная работа: Present Simple",
            "Free time",
        ],
        homework: &["Ex. {n}, p. {n}", "Слова к уроку {n}", "Workbook p. {n}"],
    },
    Subject {
        name: "Физическая культура",
        teacher: BELOV,
        topics: &[
            "Лёгкая атлетика",
            "Баскетбол",
            "Гимнастика",
            "Лыжная подготовка",
        ],
        homework: &[],
    },
];

/// The 5 «А» timetable, Monday to Friday.
const CLASS_5A: [&[&str]; 5] = [
    &[
        "Русский язык",
        "Математика",
        "Литература",
        "Английский язык",
        "Физическая культура",
    ],
    &[
        "Математика",
        "Русский язык",
        "История",
        "Информатика",
        "Английский язык",
        "Физическая культура",
    ],
    &[
        "Математика",
        "Русский язык",
        "Литература",
        "География",
        "Английский язык",
    ],
    &[
        "Русский язык",
        "Математика",
        "История",
        "Физическая культура",
        "Литература",
        "Информатика",
    ],
    &[
        "Математика",
        "Русский язык",
        "Английский язык",
        "География",
        "Литература",
    ],
];

/// The 7 «Б» timetable, Monday to Friday.
const CLASS_7B: [&[&str]; 5] = [
    &[
        "Алгебра",
        "Русский язык",
        "Физика",
        "История",
        "Английский язык",
        "Физическая культура",
    ],
    &[
        "Геометрия",
        "Литература",
        "Информатика",
        "Алгебра",
        "Русский язык",
    ],
    &[
        "Алгебра",
        "Физика",
        "Русский язык",
        "Английский язык",
        "География",
        "Физическая культура",
    ],
    &[
        "Геометрия",
        "Русский язык",
        "История",
        "Алгебра",
        "Литература",
    ],
    &[
        "Алгебра",
        "Информатика",
        "Физика",
        "Английский язык",
        "Русский язык",
        "Геометрия",
    ],
];

/// One scheduled lesson of a class on a day (before marks and control overrides).
#[derive(Debug, Clone)]
pub struct Slot {
    /// The day.
    pub day: Day,
    /// 1-based lesson number.
    pub number: usize,
    /// The subject.
    pub subject: &'static Subject,
}

/// A subject by name.
pub fn subject(name: &str) -> Option<&'static Subject> {
    SUBJECTS.iter().find(|s| s.name == name)
}

fn class_week(class: &str) -> &'static [&'static [&'static str]; 5] {
    if class.starts_with('5') {
        &CLASS_5A
    } else {
        &CLASS_7B
    }
}

/// The lessons of `class` on `day` (none on weekends and holidays).
pub fn slots(class: &str, day: Day) -> Vec<Slot> {
    if !calendar::is_school_day(day) {
        return Vec::new();
    }
    class_week(class)[day.weekday()]
        .iter()
        .enumerate()
        .filter_map(|(i, name)| {
            Some(Slot {
                day,
                number: i + 1,
                subject: subject(name)?,
            })
        })
        .collect()
}

/// A stable hash of the parts (FNV-1a, then a splitmix finaliser).
pub fn hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

impl Slot {
    /// How many lessons of this subject the class had in the year before this one.
    fn ordinal(&self, class: &str) -> i64 {
        let week = class_week(class);
        let per_week = week
            .iter()
            .flat_map(|d| d.iter())
            .filter(|n| **n == self.subject.name)
            .count() as i64;
        let today = &week[self.day.weekday()][..self.number - 1];
        let before_in_week = week[..self.day.weekday()]
            .iter()
            .copied()
            .chain([today])
            .flat_map(|d| d.iter())
            .filter(|n| **n == self.subject.name)
            .count() as i64;
        calendar::week_index(self.day) * per_week + before_in_week
    }

    /// The lesson's topic.
    pub fn topic(&self, class: &str) -> &'static str {
        let topics = self.subject.topics;
        topics[self.ordinal(class).rem_euclid(topics.len() as i64) as usize]
    }

    /// Whether this lesson is a test (its marks weigh 2).
    pub fn is_test(&self, class: &str) -> bool {
        self.topic(class).starts_with("Контрольная")
    }

    fn seed(&self, class: &str, what: &str) -> u64 {
        hash(&[class, &self.day.iso(), &self.number.to_string(), what])
    }

    /// The generated homework text (empty for PE).
    pub fn homework(&self, class: &str) -> String {
        let list = self.subject.homework;
        if list.is_empty() {
            return String::new();
        }
        let h = self.seed(class, "homework");
        let mut n = 10 + (h >> 8) % 190;
        let mut text = list[(h % list.len() as u64) as usize].to_owned();
        while let Some(at) = text.find("{n}") {
            text.replace_range(at..at + 3, &n.to_string());
            n += 1 + (h >> 20) % 4;
        }
        text
    }

    /// Whether the generated homework comes with a file (about one lesson in six).
    pub fn has_file(&self, class: &str) -> bool {
        !self.subject.homework.is_empty() && self.seed(class, "file").is_multiple_of(6)
    }

    /// The previous lesson of the same subject, looking back at most four weeks.
    pub fn previous(&self, class: &str) -> Option<Slot> {
        let earlier = slots(class, self.day)
            .into_iter()
            .rfind(|s| s.number < self.number && s.subject.name == self.subject.name);
        earlier.or_else(|| {
            (1..=28).find_map(|back| {
                slots(class, self.day.plus(-back))
                    .into_iter()
                    .rfind(|s| s.subject.name == self.subject.name)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_timetable_subject_exists_and_days_have_five_or_six_lessons() {
        for week in [&CLASS_5A, &CLASS_7B] {
            for day in week.iter() {
                assert!((5..=6).contains(&day.len()));
                assert!(day.iter().all(|n| subject(n).is_some()), "{day:?}");
            }
        }
    }

    #[test]
    fn topics_rotate_and_homework_is_stable() {
        let monday = Day::from_ymd(2026, 12, 7);
        let a = slots("7 «Б»", monday);
        let b = slots("7 «Б»", monday.plus(7));
        assert_eq!(a[0].subject.name, "Алгебра");
        assert_ne!(a[0].topic("7 «Б»"), b[0].topic("7 «Б»"));
        assert_eq!(
            a[0].homework("7 «Б»"),
            slots("7 «Б»", monday)[0].homework("7 «Б»")
        );
        assert!(!a[0].homework("7 «Б»").contains("{n}"));
        let prev = a[0].previous("7 «Б»").map(|s| s.day);
        assert_eq!(prev, Some(Day::from_ymd(2026, 12, 4)));
    }
}
