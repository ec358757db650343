//! The diary's commands (`ui/src/lib/diary.ts`): the state and a week from the cache, a refresh
//! on demand, the sign-in window, the «сделано» tick, the class chat a person chose for a child
//! and opening a homework file.

use std::hash::{DefaultHasher, Hash, Hasher};

use parta_core::diary::{HomeworkFile, Journal, LessonKey};
use parta_journal::X1Journal;
use tauri::{AppHandle, State};

use crate::AppError;
use crate::diary::dto::{DiaryState, DiaryWeekView, monday_of};
use crate::diary::{DiaryError, Request, choose_class_chat, config, signin};
use crate::opening;
use crate::session::{AppState, BackendEvent};

/// Where the diary stands, and its children.
#[tauri::command(async)]
pub fn diary_state(state: State<'_, AppState>) -> Result<DiaryState, AppError> {
    let session = state.require()?;
    session.diary.state(state.keyring(), &session)
}

/// The cached week of `child_guid` that holds `date`; a stale or missing week is fetched in
/// the background (a `diaryWeek` event follows).
#[tauri::command(async)]
pub fn diary_week(
    state: State<'_, AppState>,
    child_guid: String,
    date: String,
) -> Result<DiaryWeekView, AppError> {
    let session = state.require()?;
    let now_ms = chrono::Utc::now().timestamp_millis();
    session.diary.week(&session, &child_guid, &date, now_ms)
}

/// Fetches the children and the week of `child_guid` holding `date` now («Обновить»).
#[tauri::command]
pub fn diary_refresh(
    state: State<'_, AppState>,
    child_guid: String,
    date: String,
) -> Result<(), AppError> {
    let session = state.require()?;
    monday_of(&date).ok_or_else(|| DiaryError::BadDate(date.clone()))?;
    session.diary.request(Request::All { explicit: true });
    session.diary.request(Request::Week {
        child_guid,
        date,
        explicit: true,
    });
    Ok(())
}

/// Opens the e-journal's sign-in page in a window of its own.
#[tauri::command]
pub async fn diary_sign_in(app: AppHandle, state: State<'_, AppState>) -> Result<(), AppError> {
    let session = state.require()?;
    signin::open(&app, state.inner().clone(), session)?;
    Ok(())
}

fn lesson_key(date: String, number: u32, subject: String) -> Result<LessonKey, DiaryError> {
    if monday_of(&date).is_none() {
        return Err(DiaryError::BadDate(date));
    }
    Ok(LessonKey {
        date,
        number,
        subject,
    })
}

/// Ticks (or unticks) a lesson's homework as done; kept locally only.
#[tauri::command(async)]
pub fn set_homework_done(
    state: State<'_, AppState>,
    child_guid: String,
    date: String,
    number: u32,
    subject: String,
    done: bool,
) -> Result<(), AppError> {
    let session = state.require()?;
    let key = lesson_key(date, number, subject)?;
    let monday = monday_of(&key.date).unwrap_or_default();
    session
        .reader()
        .set_homework_done(&child_guid, &key, done)?;
    state.emit(BackendEvent::DiaryWeek { child_guid, monday });
    Ok(())
}

/// Links a child to one of the account's group chats as their class chat («В чат класса»), or
/// with no `chat_id` forgets the choice. Kept locally only.
#[tauri::command(async)]
pub fn set_diary_class_chat(
    state: State<'_, AppState>,
    child_guid: String,
    chat_id: Option<String>,
) -> Result<(), AppError> {
    let session = state.require()?;
    choose_class_chat(&mut session.reader(), &child_guid, chat_id.as_deref())
}

/// Downloads a homework file with the journal's session and opens it with the system's
/// application.
#[tauri::command]
pub async fn diary_open_file(
    state: State<'_, AppState>,
    child_guid: String,
    date: String,
    number: u32,
    subject: String,
    index: usize,
) -> Result<(), AppError> {
    let session = state.require()?;
    let key = lesson_key(date, number, subject)?;
    let monday = monday_of(&key.date).unwrap_or_default();
    let file = {
        let store = session.reader();
        let week = store.diary_week(&child_guid, &monday)?;
        find_file(week.as_ref().map(|(week, _)| week), &key, index)?
    };
    let keyring = state.keyring().clone();
    let holder = session.clone();
    let cookie = tauri::async_runtime::spawn_blocking(move || {
        holder.diary.cookie(&keyring, &holder.account_id)
    })
    .await
    .ok()
    .flatten()
    .ok_or(DiaryError::SignedOut)?;
    let base = config::journal_url(&session.reader());
    let journal = X1Journal::new(&base, cookie.expose())
        .map_err(|error| DiaryError::Address(error.to_string()))?;
    let bytes = journal
        .download(&file.url)
        .await
        .map_err(DiaryError::from)?;
    let account_dir = session.account_dir.clone();
    let path = tauri::async_runtime::spawn_blocking(move || {
        opening::opened_bytes(&account_dir, &folder_name(&file.url), &file.name, &bytes)
    })
    .await
    .map_err(|_| AppError::from(crate::transfers::FilesError::Open))??;
    opening::open_file(&path)?;
    Ok(())
}

fn find_file(
    week: Option<&parta_core::diary::DiaryWeek>,
    key: &LessonKey,
    index: usize,
) -> Result<HomeworkFile, DiaryError> {
    week.and_then(|week| week.lessons.iter().find(|lesson| lesson.key() == *key))
        .and_then(|lesson| lesson.homework_files.get(index))
        .cloned()
        .ok_or(DiaryError::NoSuchLesson)
}

/// A folder of its own per file URL, so two files with one name never collide.
fn folder_name(url: &str) -> String {
    let mut hasher = DefaultHasher::new();
    url.hash(&mut hasher);
    format!("diary-{:016x}", hasher.finish())
}
