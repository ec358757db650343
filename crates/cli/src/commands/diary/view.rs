//! `parta diary [--child NAME] [--week YYYY-MM-DD]`: the cached week of each child (offline).

use std::collections::HashSet;

use parta_core::Store;
use parta_core::diary::dates::{self, Day};
use parta_core::diary::{DiaryAccess, DiaryChild, DiaryWeek, Lesson, LessonKey, Mark};

use super::week_monday;
use crate::error::{CliError, Result};
use crate::{Context, output, russian};

/// Runs `parta diary`.
pub fn run(context: &Context, child: Option<&str>, week: Option<&str>) -> Result<()> {
    let monday = week_monday(week)?;
    let (_, store) = context.open_store()?;
    let access = store.diary_access()?;
    let children = store.diary_children()?;
    if children.is_empty() && access == DiaryAccess::SignedOut {
        return Err(CliError::DiarySignedOut);
    }
    let children = select_children(children, child)?;
    let mut weeks = Vec::new();
    for child in &children {
        weeks.push(store.diary_week(&child.guid, &monday)?);
    }

    if context.json {
        let cached: Vec<&DiaryWeek> = weeks.iter().flatten().map(|(week, _)| week).collect();
        output::print_json(&cached);
        return Ok(());
    }
    print_access(&access);
    if children.is_empty() {
        say!("Дневник ещё не загружен. Загрузите его командой `parta diary sync`.");
    }
    for (index, (child, week)) in children.iter().zip(&weeks).enumerate() {
        if index > 0 {
            say!();
        }
        print_child_week(&store, child, &monday, week.as_ref())?;
    }
    Ok(())
}

/// The children whose name contains `query` (any case), or all of them without a query.
pub fn select_children(children: Vec<DiaryChild>, query: Option<&str>) -> Result<Vec<DiaryChild>> {
    let Some(query) = query.map(str::trim).filter(|query| !query.is_empty()) else {
        return Ok(children);
    };
    let wanted = query.to_lowercase();
    let words: Vec<&str> = wanted.split_whitespace().collect();
    let selected: Vec<DiaryChild> = children
        .into_iter()
        .filter(|child| {
            let name = child.name.to_lowercase();
            words.iter().all(|word| name.contains(word))
        })
        .collect();
    if selected.is_empty() {
        return Err(CliError::ChildNotFound(query.to_owned()));
    }
    Ok(selected)
}

fn print_access(access: &DiaryAccess) {
    match access {
        DiaryAccess::Expired => say!(
            "Сессия электронного дневника закончилась — показан сохранённый дневник. Войдите \
             снова: `parta diary login --cookie …`.\n"
        ),
        DiaryAccess::Moved { link } => {
            say!("Дневник вашей школы теперь в «Моя школа»: {link}. Ниже — сохранённый дневник.\n")
        }
        DiaryAccess::SignedOut | DiaryAccess::Ready => {}
    }
}

fn print_child_week(
    store: &Store,
    child: &DiaryChild,
    monday: &str,
    week: Option<&(DiaryWeek, i64)>,
) -> Result<()> {
    let range = dates::russian_week_range(monday).unwrap_or_else(|| monday.to_owned());
    let class = child
        .class
        .as_deref()
        .map(|class| format!(", {class}"))
        .unwrap_or_default();
    say!("{}{class} — неделя {range}", child.name);
    let Some((week, fetched_at)) = week else {
        say!(
            "  Эта неделя не загружена. Загрузите её командой `parta diary sync --week {monday}`."
        );
        return Ok(());
    };
    say!("  Обновлено: {}", russian::message_time(*fetched_at));
    if week.is_holiday() {
        say!("  Каникулы");
        return Ok(());
    }
    let done = store.homework_done(&child.guid, monday)?;
    let mut day = "";
    for lesson in &week.lessons {
        if lesson.date != day {
            day = &lesson.date;
            say!();
            say!("  {}", day_title(day));
        }
        print_lesson(lesson, &done);
    }
    print_averages(store, child, week)?;
    Ok(())
}

/// «Понедельник, 7 декабря».
fn day_title(date: &str) -> String {
    match Day::parse_iso(date) {
        Some(day) => format!("{}, {}", day.russian_weekday(), day.russian_day_month()),
        None => date.to_owned(),
    }
}

fn print_lesson(lesson: &Lesson, done: &HashSet<LessonKey>) {
    let number = if lesson.number == 0 {
        "  ".to_owned()
    } else {
        format!("{}.", lesson.number)
    };
    let time = match (&lesson.time_begin, &lesson.time_end) {
        (Some(begin), Some(end)) => format!("{begin}–{end}"),
        (Some(begin), None) => begin.clone(),
        _ => "—".to_owned(),
    };
    let mut line = format!("    {number} {time}  {}", lesson.subject);
    if !lesson.marks.is_empty() {
        let marks: Vec<String> = lesson.marks.iter().map(mark_text).collect();
        line.push_str(&format!("  · оценки: {}", marks.join(", ")));
    }
    if !lesson.absences.is_empty() {
        line.push_str(&format!(
            "  · отсутствие: {} (не был(а) на уроке)",
            lesson.absences.join(", ")
        ));
    }
    say!("{line}");
    if let Some(topic) = lesson
        .topic
        .as_deref()
        .filter(|text| !text.trim().is_empty())
    {
        say!("       Тема: {}", one_line(topic));
    }
    if let Some(homework) = lesson
        .homework
        .as_deref()
        .filter(|text| !text.trim().is_empty())
    {
        let tick = if done.contains(&lesson.key()) {
            "  [сделано]"
        } else {
            ""
        };
        say!("       Д/з: {}{tick}", one_line(homework));
    }
    if !lesson.homework_files.is_empty() {
        let names: Vec<String> = lesson
            .homework_files
            .iter()
            .map(|file| one_line(&file.name))
            .collect();
        say!("       Файлы: {}", names.join(", "));
    }
    for note in &lesson.notes {
        say!("       Замечание: {}", one_line(note));
    }
}

/// «5», or «5 (вес 2)» for a weighted mark.
fn mark_text(mark: &Mark) -> String {
    match mark.weight {
        Some(weight) if weight > 1 => format!("{} (вес {weight})", mark.value.trim()),
        _ => mark.value.trim().to_owned(),
    }
}

/// Server text on one line, control characters dropped.
fn one_line(text: &str) -> String {
    text.split_whitespace()
        .map(|word| word.chars().filter(|c| !c.is_control()).collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

fn print_averages(store: &Store, child: &DiaryChild, week: &DiaryWeek) -> Result<()> {
    let Some(period) = week
        .periods
        .iter()
        .find(|period| period.begin <= week.monday && week.monday <= period.end)
    else {
        return Ok(());
    };
    let Some((rows, _)) = store.marks_report(&child.guid, &period.begin)? else {
        return Ok(());
    };
    if rows.is_empty() {
        return Ok(());
    }
    say!();
    say!("  Средние баллы, {}:", one_line(&period.name));
    for row in rows {
        let average = row
            .average
            .map(|average| format!("{average:.2}").replace('.', ","))
            .unwrap_or_else(|| "—".to_owned());
        say!("    {}: {average}", one_line(&row.subject));
    }
    Ok(())
}
