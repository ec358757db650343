use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer as Snowball};

/// How many distinct words the stem cache remembers before it starts over.
const STEM_CACHE_LIMIT: usize = 200_000;

/// Turns text into the space-separated stems that the search index holds.
pub struct Stemmer {
    russian: Snowball,
    english: Snowball,
    cache: HashMap<String, String>,
    lowered: String,
}

impl Default for Stemmer {
    fn default() -> Self {
        Self::new()
    }
}

impl Stemmer {
    /// A stemmer with an empty cache.
    pub fn new() -> Self {
        Stemmer {
            russian: Snowball::create(Algorithm::Russian),
            english: Snowball::create(Algorithm::English),
            cache: HashMap::new(),
            lowered: String::new(),
        }
    }

    /// Appends the stems of every word of `text` to `out`, separated by spaces.
    pub fn push_stems(&mut self, text: &str, out: &mut String) {
        for word in words(text) {
            let stem = self.stem_word(word);
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(stem);
        }
    }

    /// The stems of `text`, in order.
    pub fn stems(&mut self, text: &str) -> Vec<String> {
        words(text)
            .map(|word| self.stem_word(word).to_owned())
            .collect()
    }

    /// The stem of one word (any case, «ё» allowed).
    pub fn stem_word(&mut self, word: &str) -> &str {
        self.lowered.clear();
        for ch in word.chars() {
            match ch {
                'ё' | 'Ё' => self.lowered.push('е'),
                _ => self.lowered.extend(ch.to_lowercase()),
            }
        }
        if self.cache.len() >= STEM_CACHE_LIMIT && !self.cache.contains_key(&self.lowered) {
            self.cache.clear();
        }
        if !self.cache.contains_key(&self.lowered) {
            let stem = stem_lowered(&self.russian, &self.english, &self.lowered);
            self.cache.insert(self.lowered.clone(), stem);
        }
        self.cache
            .get(&self.lowered)
            .map(String::as_str)
            .unwrap_or_default()
    }
}

fn stem_lowered(russian: &Snowball, english: &Snowball, lowered: &str) -> String {
    let is_cyrillic = lowered.chars().any(|ch| matches!(ch, 'а'..='я'));
    let is_latin = lowered.chars().any(|ch| ch.is_ascii_alphabetic());
    if is_cyrillic {
        russian.stem(lowered).into_owned()
    } else if is_latin {
        english.stem(lowered).into_owned()
    } else {
        lowered.to_owned()
    }
}

/// The words of `text`: maximal runs of letters and digits.
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
    word_spans(text).map(move |(start, end)| &text[start..end])
}

/// Byte ranges of the words of `text`.
pub(crate) fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let start = loop {
            let (index, ch) = chars.next()?;
            if ch.is_alphanumeric() {
                break index;
            }
        };
        let mut end = text.len();
        while let Some(&(index, ch)) = chars.peek() {
            if !ch.is_alphanumeric() {
                end = index;
                break;
            }
            chars.next();
        }
        Some((start, end))
    })
}

/// Builds the FTS5 expression for a person's query: every word stemmed, quoted and ANDed.
/// Returns `None` when the query has no words (only punctuation or spaces).
pub fn fts_query(stemmer: &mut Stemmer, query: &str) -> Option<String> {
    let terms: Vec<String> = stemmer
        .stems(query)
        .into_iter()
        .map(|stem| format!("\"{stem}\""))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_forms_share_a_stem() {
        let mut stemmer = Stemmer::new();
        let base = stemmer.stem_word("контрольная").to_owned();
        assert_eq!(stemmer.stem_word("контрольной"), base);
        assert_eq!(stemmer.stem_word("Контрольные"), base);
    }

    #[test]
    fn yo_is_folded() {
        let mut stemmer = Stemmer::new();
        assert_eq!(stemmer.stems("Ёлка"), stemmer.stems("елка"));
    }

    #[test]
    fn nul_and_punctuation_split_words() {
        let mut stemmer = Stemmer::new();
        let mut out = String::new();
        stemmer.push_stems("урок\0домашнее,задание!!", &mut out);
        assert_eq!(out.split(' ').count(), 3);
    }

    #[test]
    fn a_query_without_words_is_none() {
        let mut stemmer = Stemmer::new();
        assert_eq!(fts_query(&mut stemmer, " \"*-( "), None);
        assert!(fts_query(&mut stemmer, "\"AND\" OR NEAR(").is_some());
    }
}
