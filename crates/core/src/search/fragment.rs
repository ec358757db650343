use std::collections::HashSet;

use super::Stemmer;
use super::stemmer::word_spans;

/// Characters of context shown before the first match.
const CONTEXT_BEFORE: usize = 40;
/// Characters shown from the first match on.
const FRAGMENT_LENGTH: usize = 160;

/// A piece of a message's text around the words that matched, with the matches marked as byte
/// ranges into `text`. The UI builds highlighted spans from the ranges; there is no markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    /// The excerpt, with «…» where it was cut.
    pub text: String,
    /// Byte ranges of `text` to highlight.
    pub highlights: Vec<std::ops::Range<usize>>,
}

/// Cuts a fragment of `text` around the first word whose stem is among `query_stems`.
/// Falls back to the text's beginning when no word matches (e.g. a file name matched).
pub fn highlight_fragment(stemmer: &mut Stemmer, text: &str, query_stems: &[String]) -> Fragment {
    let wanted: HashSet<&str> = query_stems.iter().map(String::as_str).collect();
    let first_match = word_spans(text)
        .find(|&(start, end)| wanted.contains(stemmer.stem_word(&text[start..end])))
        .map(|(start, _)| start)
        .unwrap_or(0);

    let window_start = text[..first_match]
        .char_indices()
        .rev()
        .nth(CONTEXT_BEFORE.saturating_sub(1))
        .map(|(index, _)| index)
        .unwrap_or(0);
    let window_end = text[first_match..]
        .char_indices()
        .nth(FRAGMENT_LENGTH)
        .map(|(index, _)| first_match + index)
        .unwrap_or(text.len());
    let window = &text[window_start..window_end];

    let mut fragment = String::new();
    if window_start > 0 {
        fragment.push('…');
    }
    let offset = fragment.len();
    fragment.push_str(window);
    let highlights = word_spans(window)
        .filter(|&(start, end)| wanted.contains(stemmer.stem_word(&window[start..end])))
        .map(|(start, end)| offset + start..offset + end)
        .collect();
    if window_end < text.len() {
        fragment.push('…');
    }
    Fragment {
        text: fragment,
        highlights,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_every_form_of_the_word() {
        let mut stemmer = Stemmer::new();
        let stems = stemmer.stems("контрольная");
        let text = "Завтра контрольной не будет, контрольные перенесли";
        let fragment = highlight_fragment(&mut stemmer, text, &stems);
        let marked: Vec<&str> = fragment
            .highlights
            .iter()
            .map(|r| &fragment.text[r.clone()])
            .collect();
        assert_eq!(marked, ["контрольной", "контрольные"]);
    }

    #[test]
    fn long_text_is_cut_around_the_match() {
        let mut stemmer = Stemmer::new();
        let text = format!(
            "{} контрольная {}",
            "слово ".repeat(10_000),
            "конец ".repeat(10_000)
        );
        let stems = stemmer.stems("контрольная");
        let fragment = highlight_fragment(&mut stemmer, &text, &stems);
        assert!(fragment.text.starts_with('…') && fragment.text.ends_with('…'));
        assert_eq!(fragment.highlights.len(), 1);
        assert!(fragment.text.chars().count() <= CONTEXT_BEFORE + FRAGMENT_LENGTH + 2);
    }
}
