//! The search query: stemmed terms over FTS5, newest first, with chat and fragment.

use rusqlite::params;

use super::Store;
use super::rows::{MESSAGE_COLUMN_COUNT, MESSAGE_COLUMNS, message_from_row};
use crate::Result;
use crate::model::Message;
use crate::search::{Fragment, fts_query, highlight_fragment};

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// The message that matched.
    pub message: Message,
    /// Its chat's title.
    pub chat_title: String,
    /// The sender's name, when cached.
    pub sender_name: Option<String>,
    /// The text around the match, with the matched words marked.
    pub fragment: Fragment,
}

impl Store {
    /// Messages whose text or file names contain every word of `query` in any word form,
    /// newest first. Pass the last hit's message as `before` to page on.
    pub fn search(
        &mut self,
        query: &str,
        before: Option<&Message>,
        limit: usize,
    ) -> Result<Vec<SearchHit>> {
        let Some(expression) = fts_query(&mut self.stemmer, query) else {
            return Ok(Vec::new());
        };
        let below = match before {
            Some(message) => self
                .message_key(message.chat_id, message.id)?
                .unwrap_or(i64::MAX),
            None => i64::MAX,
        };
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS}, c.title, p.name
             FROM (SELECT rowid AS key FROM message_search
                   WHERE message_search MATCH ?1 AND rowid < ?2
                   ORDER BY rowid DESC LIMIT ?3) hits
             JOIN messages m ON m.key = hits.key
             LEFT JOIN chats c ON c.id = m.chat_id
             LEFT JOIN people p ON p.id = m.sender_id
             ORDER BY m.key DESC"
        );
        let rows: Vec<(Message, Option<String>, Option<String>)> = self
            .connection()
            .prepare_cached(&sql)?
            .query_map(params![expression, below, limit as i64], |row| {
                Ok((
                    message_from_row(row, 0)?,
                    row.get(MESSAGE_COLUMN_COUNT)?,
                    row.get(MESSAGE_COLUMN_COUNT + 1)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let query_stems = self.stemmer.stems(query);
        Ok(rows
            .into_iter()
            .map(|(message, chat_title, sender_name)| {
                let fragment = fragment_for(&mut self.stemmer, &message, &query_stems);
                SearchHit {
                    message,
                    chat_title: chat_title.unwrap_or_default(),
                    sender_name,
                    fragment,
                }
            })
            .collect())
    }
}

/// The fragment comes from the text, or from the first attachment name that matched.
fn fragment_for(
    stemmer: &mut crate::search::Stemmer,
    message: &Message,
    query_stems: &[String],
) -> Fragment {
    let from_text = highlight_fragment(stemmer, &message.text, query_stems);
    if !from_text.highlights.is_empty() {
        return from_text;
    }
    message
        .attachments
        .iter()
        .filter_map(|attachment| attachment.kind.searchable_text())
        .map(|words| highlight_fragment(stemmer, words, query_stems))
        .find(|fragment| !fragment.highlights.is_empty())
        .unwrap_or(from_text)
}
