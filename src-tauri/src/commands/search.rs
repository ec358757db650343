//! Search across every cached chat (`search`): parta-core's Russian word-form search, its
//! fragments cut into highlighted pieces for the window.

use parta_core::model::PersonId;
use parta_core::search::Fragment;
use serde::Serialize;
use tauri::State;

use crate::AppError;
use crate::session::AppState;
use crate::views::{Cursor, chat_title, cursor, parse_cursor};

/// The most results one page may hold.
const MAX_LIMIT: usize = 200;

/// A piece of a fragment; `hit` marks a matched word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HighlightPiece {
    /// Plain text.
    pub text: String,
    /// A matched word.
    pub hit: bool,
}

/// One found message (`SearchResult` in `backend.ts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct SearchResult {
    pub chat_id: String,
    pub chat_title: String,
    pub message_id: String,
    pub sender_name: Option<String>,
    pub time_ms: i64,
    pub fragment: Vec<HighlightPiece>,
    pub cursor: String,
}

/// Messages with every word of `query` in any word form, newest first; `before` is the last
/// result's cursor, to page on.
#[tauri::command(async)]
pub fn search(
    state: State<'_, AppState>,
    query: String,
    before: Option<String>,
    limit: Option<usize>,
) -> Result<Vec<SearchResult>, AppError> {
    let Some(session) = state.current() else {
        return Ok(Vec::new());
    };
    let limit = limit.unwrap_or(30).clamp(1, MAX_LIMIT);
    let mut store = session.reader();
    let before = match before.as_deref().map(parse_cursor) {
        None => None,
        Some(Some(Cursor::Message(chat, id))) => store.message(chat, id)?.map(|v| v.message),
        Some(_) => return Err(AppError::BadId(before.unwrap_or_default())),
    };
    let hits = store.search(&query, before.as_ref(), limit)?;
    let own = session.own_person_id;
    let name_of = |person: PersonId| store.person(person).ok().flatten().map(|p| p.name);
    let mut results = Vec::with_capacity(hits.len());
    for hit in hits {
        let chat = hit.message.chat_id;
        let title = match store.chat(chat)? {
            Some(found) => chat_title(&found, own, &name_of),
            None => hit.chat_title.clone(),
        };
        results.push(SearchResult {
            chat_id: chat.0.to_string(),
            chat_title: title,
            message_id: hit.message.id.0.to_string(),
            sender_name: hit.sender_name,
            time_ms: hit.message.time_ms,
            fragment: pieces(&hit.fragment),
            cursor: cursor(chat, hit.message.id),
        });
    }
    Ok(results)
}

/// The fragment as pieces; highlight ranges that overlap, run backwards or do not fall on
/// character boundaries are skipped, so the pieces always concatenate to the fragment.
pub fn pieces(fragment: &Fragment) -> Vec<HighlightPiece> {
    let text = fragment.text.as_str();
    let mut ranges = fragment.highlights.clone();
    ranges.sort_by_key(|range| range.start);
    let mut out = Vec::new();
    let mut at = 0;
    let push = |piece: &str, hit: bool, out: &mut Vec<HighlightPiece>| {
        if !piece.is_empty() {
            out.push(HighlightPiece {
                text: piece.to_owned(),
                hit,
            });
        }
    };
    for range in ranges {
        if range.start < at || range.end <= range.start {
            continue;
        }
        let (Some(before), Some(hit)) = (text.get(at..range.start), text.get(range.clone())) else {
            continue;
        };
        push(before, false, &mut out);
        push(hit, true, &mut out);
        at = range.end;
    }
    push(text.get(at..).unwrap_or_default(), false, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_become_pieces_that_join_to_the_text() {
        let fragment = Fragment {
            text: "…собрание родителей в пятницу".into(),
            highlights: vec![
                "…".len().."…собрание".len(),
                // Overlapping, backwards and off a char boundary: skipped.
                "…со".len().."…собрание".len(),
                #[allow(clippy::reversed_empty_ranges)]
                (5..3),
                "…собрание р".len() - 1.."…собрание ро".len(),
                "…собрание родителей в ".len().."…собрание родителей в пятницу".len(),
            ],
        };
        let out = pieces(&fragment);
        let joined: String = out.iter().map(|piece| piece.text.as_str()).collect();
        assert_eq!(joined, fragment.text);
        let hits: Vec<&str> = out
            .iter()
            .filter(|piece| piece.hit)
            .map(|piece| piece.text.as_str())
            .collect();
        assert_eq!(hits, ["собрание", "пятницу"]);
    }
}
