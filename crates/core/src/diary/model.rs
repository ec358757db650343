//! The diary's shapes, as the e-journal adapters return them and the store keeps them.

use serde::{Deserialize, Serialize};

/// A child the signed-in parent (or the pupil) sees in the e-journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiaryChild {
    /// The journal's id of the child (X1: the participant GUID).
    pub guid: String,
    /// «Морозова Алиса» as the journal writes it.
    pub name: String,
    /// «5 «А»», when the journal says.
    pub class: Option<String>,
    /// The school's name, when the journal says.
    pub school: Option<String>,
}

/// One mark. `value` is what the journal shows («5», «4», «зачёт»).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// The mark as shown.
    pub value: String,
    /// Its weight when the journal weighs marks (a test counts 2, say).
    pub weight: Option<u32>,
}

/// A file attached to homework; `url` is the journal's link (downloaded with the session).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeworkFile {
    /// The display name (never part of a local path).
    pub name: String,
    /// Absolute URL on the journal's host.
    pub url: String,
}

/// A lesson in the diary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lesson {
    /// The day, `YYYY-MM-DD`.
    pub date: String,
    /// The lesson's number in the day (1-based), 0 when the journal gives none.
    pub number: u32,
    /// «Алгебра».
    pub subject: String,
    /// The teacher's name.
    pub teacher: Option<String>,
    /// «08:30».
    pub time_begin: Option<String>,
    /// «09:15».
    pub time_end: Option<String>,
    /// The lesson's topic.
    pub topic: Option<String>,
    /// Homework set at this lesson (text).
    pub homework: Option<String>,
    /// Files attached to that homework.
    pub homework_files: Vec<HomeworkFile>,
    /// Marks given at this lesson.
    pub marks: Vec<Mark>,
    /// Absence marks («н», «б», «у»).
    pub absences: Vec<String>,
    /// Teacher's remarks.
    pub notes: Vec<String>,
}

impl Lesson {
    /// What identifies the lesson within its week (for «сделано» ticks and comparisons).
    pub fn key(&self) -> LessonKey {
        LessonKey {
            date: self.date.clone(),
            number: self.number,
            subject: self.subject.clone(),
        }
    }
}

/// A lesson's identity: the day, its number and its subject.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LessonKey {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The lesson's number in the day.
    pub number: u32,
    /// The subject.
    pub subject: String,
}

/// A school period (четверть, триместр, полугодие).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EduPeriod {
    /// «2 четверть».
    pub name: String,
    /// `YYYY-MM-DD`.
    pub begin: String,
    /// `YYYY-MM-DD`, inclusive.
    pub end: String,
}

/// A week of one child's diary as fetched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiaryWeek {
    /// The child's GUID.
    pub child_guid: String,
    /// The week's Monday, `YYYY-MM-DD`.
    pub monday: String,
    /// Lessons, by date then number. Empty in a holiday week.
    pub lessons: Vec<Lesson>,
    /// The school periods the journal listed.
    pub periods: Vec<EduPeriod>,
    /// The journal's answer as received, kept for fields that turn out to matter later.
    pub raw: serde_json::Value,
}

impl DiaryWeek {
    /// A week with no lessons at all: holidays.
    pub fn is_holiday(&self) -> bool {
        self.lessons.is_empty()
    }
}

/// One subject's line of the marks report for a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubjectReport {
    /// «Алгебра».
    pub subject: String,
    /// The period's marks, in order.
    pub marks: Vec<Mark>,
    /// The average as the journal computed it (weighted where marks are).
    pub average: Option<f64>,
    /// Lessons missed without a reason («не явка»).
    pub missed: u32,
    /// Lessons skipped («пропуски»).
    pub skipped: u32,
    /// Lessons missed through illness («по болезни»).
    pub sick: u32,
}

/// What changed between two fetches of a week, worth telling a parent about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum DiaryNews {
    /// A mark that was not there before.
    #[serde(rename_all = "camelCase")]
    NewMark {
        /// The child's GUID.
        child_guid: String,
        /// The lesson.
        lesson: LessonKey,
        /// The mark.
        mark: Mark,
    },
    /// Homework that was not there before (or whose text changed).
    #[serde(rename_all = "camelCase")]
    NewHomework {
        /// The child's GUID.
        child_guid: String,
        /// The lesson.
        lesson: LessonKey,
        /// The homework's text.
        text: String,
    },
}
