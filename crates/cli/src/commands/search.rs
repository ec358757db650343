//! `parta search WORDS`: Russian word-form search over the cache, newest first, with the
//! matched words highlighted (bold in a terminal, «[…]» in a pipe, byte ranges in JSON).

use serde::Serialize;

use crate::error::Result;
use crate::{Context, output, render, russian};

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Hit {
    chat_id: i64,
    chat: String,
    id: i64,
    sender: String,
    time_ms: i64,
    time: String,
    fragment: String,
    /// Byte ranges of `fragment` that matched.
    highlights: Vec<[usize; 2]>,
}

/// Runs `parta search`.
pub fn run(context: &Context, query: &str, limit: usize) -> Result<()> {
    let (_, mut store) = context.open_store()?;
    let own = store.account()?.map(|account| account.person_id);
    let found = store.search(query, None, limit)?;
    let hits: Vec<Hit> = found
        .into_iter()
        .map(|hit| {
            let chat = match store.chat(hit.message.chat_id).ok().flatten() {
                Some(chat) => render::chat_title(&store, &chat, own),
                None => hit.chat_title.clone(),
            };
            Hit {
                chat_id: hit.message.chat_id.0,
                chat,
                id: hit.message.id.0,
                sender: render::sender_label(&hit.message, hit.sender_name.as_deref(), own),
                time_ms: hit.message.time_ms,
                time: russian::message_time(hit.message.time_ms),
                highlights: hit
                    .fragment
                    .highlights
                    .iter()
                    .map(|r| [r.start, r.end])
                    .collect(),
                fragment: hit.fragment.text,
            }
        })
        .collect();
    if context.json {
        output::print_json(&hits);
        return Ok(());
    }
    if hits.is_empty() {
        say!("По запросу «{query}» ничего не найдено.");
        return Ok(());
    }
    say!("Найдено: {}", russian::messages(hits.len() as u64));
    let (open, close) = if output::colours() {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    for hit in &hits {
        say!();
        say!("{} · {} · {}", hit.chat, hit.time, hit.sender);
        say!(
            "  {}",
            highlight(&hit.fragment, &hit.highlights, open, close)
        );
    }
    Ok(())
}

/// `text` with each range wrapped in `open`…`close`; ranges off char boundaries are skipped.
fn highlight(text: &str, ranges: &[[usize; 2]], open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len() + ranges.len() * 4);
    let mut at = 0;
    for &[start, end] in ranges {
        let (Some(before), Some(word)) = (text.get(at..start), text.get(start..end)) else {
            continue;
        };
        out.push_str(before);
        out.push_str(open);
        out.push_str(word);
        out.push_str(close);
        at = end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn highlights_wrap_the_matched_words() {
        let text = "Завтра контрольная, не забудьте";
        let start = text.find("контрольная").unwrap_or_default();
        let marked = super::highlight(text, &[[start, start + "контрольная".len()]], "[", "]");
        assert_eq!(marked, "Завтра [контрольная], не забудьте");
    }
}
