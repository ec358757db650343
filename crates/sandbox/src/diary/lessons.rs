//! A child's lessons over a range of days: the timetable's lessons with the child's marks and
//! absences (generated only for days before today), plus what the control API stored.
//!
//! Generated attachments have ids above [`GENERATED_FILES`] that encode the lesson (day,
//! class, number), so they need no storage; stored attachments have small row ids.

use std::collections::HashMap;

use super::Child;
use super::calendar::{Day, today};
use super::timetable::{self, Slot};
use crate::app::App;
use crate::error::Result;

/// Ids at or above this are generated attachments.
pub const GENERATED_FILES: i64 = 1_000_000_000;

/// Classes in generated file ids.
const CLASSES: [&str; 2] = ["5 «А»", "7 «Б»"];

/// A homework attachment as the week lists it.
#[derive(Debug, Clone)]
pub struct FileRef {
    /// File name.
    pub name: String,
    /// Its id under `/edv/files/`.
    pub id: i64,
}

/// A mark: value and weight.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkView {
    /// «5».
    pub value: String,
    /// 1, or 2 for a контрольная.
    pub weight: i64,
}

/// Why a child missed a lesson.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Absence {
    /// Without a reason.
    Unexcused,
    /// Ill.
    Ill,
}

/// One lesson as a child's diary shows it.
#[derive(Debug, Clone)]
pub struct LessonView {
    /// The timetable slot.
    pub slot: Slot,
    /// Topic.
    pub topic: String,
    /// Homework set in this lesson.
    pub homework: String,
    /// Its attachments.
    pub files: Vec<FileRef>,
    /// The previous lesson of the subject: (day, homework).
    pub previous: Option<(Day, String)>,
    /// Marks, generated first, then added ones.
    pub marks: Vec<MarkView>,
    /// Missed.
    pub absence: Option<Absence>,
    /// Teacher's notes.
    pub notes: Vec<String>,
}

/// What the control API stored for a range, looked up per lesson.
struct Stored {
    marks: HashMap<(String, i64), Vec<MarkView>>,
    homework: HashMap<(String, i64), (String, Option<FileRef>)>,
}

impl Stored {
    fn load(app: &App, child: &Child, from: Day, to: Day) -> Result<Stored> {
        let mut marks: HashMap<_, Vec<MarkView>> = HashMap::new();
        for m in app
            .store
            .diary_marks(&child.guid(), &from.iso(), &to.iso())?
        {
            marks
                .entry((m.date, m.lesson_number))
                .or_default()
                .push(MarkView {
                    value: m.value,
                    weight: m.weight.unwrap_or(1),
                });
        }
        let homework = app
            .store
            .diary_homework(child.class, &from.iso(), &to.iso())?
            .into_iter()
            .map(|h| {
                let file = h.file_id.map(|id| FileRef {
                    name: h.file_name.unwrap_or_else(|| "Задание.txt".to_owned()),
                    id,
                });
                ((h.date, h.lesson_number), (h.text, file))
            })
            .collect();
        Ok(Stored { marks, homework })
    }

    fn homework(&self, child: &Child, slot: &Slot) -> (String, Vec<FileRef>) {
        let key = (slot.day.iso(), slot.number as i64);
        if let Some((text, file)) = self.homework.get(&key) {
            return (text.clone(), file.iter().cloned().collect());
        }
        let files = if slot.has_file(child.class) {
            vec![FileRef {
                name: generated_name(slot),
                id: generated_id(child.class, slot),
            }]
        } else {
            Vec::new()
        };
        (slot.homework(child.class), files)
    }
}

fn generated_name(slot: &Slot) -> String {
    format!("Карточка — {}.txt", slot.subject.name)
}

fn generated_id(class: &str, slot: &Slot) -> i64 {
    let class_index = CLASSES.iter().position(|c| *c == class).unwrap_or(0) as i64;
    GENERATED_FILES + slot.day.0 * 100 + class_index * 10 + slot.number as i64
}

/// The child's marks and absence in a lesson that already happened.
fn generated(
    child: &Child,
    slot: &Slot,
    today: Day,
) -> (Vec<MarkView>, Option<Absence>, Vec<String>) {
    if slot.day >= today {
        return (Vec::new(), None, Vec::new());
    }
    let h = timetable::hash(&[
        &child.id.to_string(),
        &slot.day.iso(),
        &slot.number.to_string(),
        "mark",
    ]);
    if h.is_multiple_of(37) {
        let why = if (h >> 8).is_multiple_of(2) {
            Absence::Ill
        } else {
            Absence::Unexcused
        };
        return (Vec::new(), Some(why), Vec::new());
    }
    let test = slot.is_test(child.class);
    if !test && !h.is_multiple_of(4) {
        return (Vec::new(), None, Vec::new());
    }
    const VALUES: [&str; 10] = ["5", "4", "5", "4", "3", "5", "4", "5", "4", "3"];
    let value = VALUES[((h >> 16) % 10) as usize];
    let mut notes = Vec::new();
    if test && value == "5" {
        notes.push("Отличная работа!".to_owned());
    } else if value == "3" && (h >> 32).is_multiple_of(2) {
        notes.push("Не выполнено домашнее задание".to_owned());
    }
    let mark = MarkView {
        value: value.to_owned(),
        weight: if test { 2 } else { 1 },
    };
    (vec![mark], None, notes)
}

/// The child's lessons on every day `from..=to`, day by day (days without lessons left out).
pub fn range(app: &App, child: &Child, from: Day, to: Day) -> Result<Vec<(Day, Vec<LessonView>)>> {
    let stored = Stored::load(app, child, from.plus(-28), to)?;
    let today = today();
    let mut out = Vec::new();
    let mut day = from;
    while day <= to {
        let lessons: Vec<LessonView> = timetable::slots(child.class, day)
            .into_iter()
            .map(|slot| {
                let (homework, files) = stored.homework(child, &slot);
                let previous = slot
                    .previous(child.class)
                    .map(|p| (p.day, stored.homework(child, &p).0));
                let (mut marks, absence, notes) = generated(child, &slot, today);
                let key = (slot.day.iso(), slot.number as i64);
                marks.extend(stored.marks.get(&key).into_iter().flatten().cloned());
                LessonView {
                    topic: slot.topic(child.class).to_owned(),
                    homework,
                    files,
                    previous,
                    marks,
                    absence,
                    notes,
                    slot,
                }
            })
            .collect();
        if !lessons.is_empty() {
            out.push((day, lessons));
        }
        day = day.plus(1);
    }
    Ok(out)
}

/// A homework attachment by id: (name, bytes).
pub fn file(app: &App, id: i64) -> Result<Option<(String, Vec<u8>)>> {
    if id < GENERATED_FILES {
        return app.store.diary_file(id);
    }
    let rest = id - GENERATED_FILES;
    let (day, class_index, number) = (Day(rest / 100), (rest / 10) % 10, rest % 10);
    let Some(class) = CLASSES.get(class_index as usize) else {
        return Ok(None);
    };
    let found = timetable::slots(class, day)
        .into_iter()
        .find(|s| s.number as i64 == number && s.has_file(class));
    Ok(found.map(|slot| {
        let text = format!(
            "{}, {}, {}\nТема: {}\nДомашнее задание: {}\n",
            slot.subject.name,
            class,
            day.x1(),
            slot.topic(class),
            slot.homework(class)
        );
        (generated_name(&slot), text.into_bytes())
    }))
}

/// The first lesson of `subject` a child has on `day`.
pub fn first_lesson(child: &Child, day: Day, subject: &str) -> Option<Slot> {
    timetable::slots(child.class, day)
        .into_iter()
        .find(|s| s.subject.name == subject)
}
