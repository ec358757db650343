use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rust_stemmers::{Algorithm, Stemmer as Snowball};

/// How many distinct words the stem cache remembers before it starts over.
const STEM_CACHE_LIMIT: usize = 200_000;

/// Turns text into the space-separated stems that the search index holds.
pub struct Stemmer {
    russian: Snowball,
    english: Snowball,
    /// Lowered word → stem.
    cache: HashMap<String, String, BuildHasherDefault<FastHasher>>,
    /// Word as written → stem: skips lowercasing for words seen before.
    by_written_form: HashMap<String, String, BuildHasherDefault<FastHasher>>,
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
            cache: HashMap::default(),
            by_written_form: HashMap::default(),
            lowered: String::new(),
        }
    }

    /// Appends the stems of the words of `text` to `out`, separated by spaces. One-letter
    /// words and [`STOP_WORDS`] («в», «и», «на», «не») are left out: they are in almost every
    /// message, find nothing useful, and leaving them out keeps the index a third smaller.
    pub fn push_stems(&mut self, text: &str, out: &mut String) {
        for word in words(text).filter(|word| word.chars().nth(1).is_some()) {
            let before_separator = out.len();
            if !out.is_empty() {
                out.push(' ');
            }
            let before_stem = out.len();
            self.push_stem(word, out);
            if out.len() == before_stem {
                out.truncate(before_separator);
            }
        }
    }

    /// The stems of the words of `text` that [`Stemmer::push_stems`] indexes, in order.
    pub fn stems(&mut self, text: &str) -> Vec<String> {
        words(text)
            .filter(|word| word.chars().nth(1).is_some())
            .map(|word| self.stem_word(word).to_owned())
            .filter(|stem| !stem.is_empty())
            .collect()
    }

    /// The stem of one word (any case, «ё» allowed).
    pub fn stem_word(&mut self, word: &str) -> &str {
        self.lower_into_buffer(word);
        if !self.cache.contains_key(self.lowered.as_str()) {
            self.remember_stem();
        }
        self.cache
            .get(self.lowered.as_str())
            .map(String::as_str)
            .unwrap_or_default()
    }

    /// Appends the stem of one word to `out`. Words are looked up as written first, so a word
    /// seen before costs one lookup and no lowercasing.
    fn push_stem(&mut self, word: &str, out: &mut String) {
        if let Some(stem) = self.by_written_form.get(word) {
            out.push_str(stem);
            return;
        }
        let stem = self.stem_word(word).to_owned();
        out.push_str(&stem);
        if self.by_written_form.len() >= STEM_CACHE_LIMIT {
            self.by_written_form.clear();
        }
        self.by_written_form.insert(word.to_owned(), stem);
    }

    /// Stems the lowered word in the buffer and caches it.
    fn remember_stem(&mut self) -> &str {
        if self.cache.len() >= STEM_CACHE_LIMIT {
            self.cache.clear();
        }
        let stem = stem_lowered(&self.russian, &self.english, &self.lowered);
        self.cache.entry(self.lowered.clone()).or_insert(stem)
    }

    fn lower_into_buffer(&mut self, word: &str) {
        self.lowered.clear();
        for ch in word.chars() {
            match ch {
                'ё' | 'Ё' => self.lowered.push('е'),
                'а'..='я' | 'a'..='z' | '0'..='9' => self.lowered.push(ch),
                'А'..='Я' => self
                    .lowered
                    .push(char::from_u32(ch as u32 + 32).unwrap_or(ch)),
                'A'..='Z' => self.lowered.push(ch.to_ascii_lowercase()),
                _ => self.lowered.extend(ch.to_lowercase()),
            }
        }
    }
}

/// FxHash: fast for short keys (the stem caches); not for anything an attacker could exploit
/// by forcing collisions.
#[derive(Default)]
struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Words too common to search by (lowercase, «ё» folded); they stem to nothing.
pub const STOP_WORDS: &[&str] = &[
    "без", "бы", "был", "была", "были", "было", "быть", "во", "вот", "все", "да", "для", "до",
    "его", "ее", "если", "есть", "же", "за", "из", "или", "им", "их", "как", "ко", "ли", "мы",
    "на", "над", "не", "нет", "ни", "но", "ну", "об", "он", "она", "они", "оно", "от", "по", "под",
    "при", "про", "со", "так", "там", "то", "тут", "ты", "уже", "что", "это",
];

fn stem_lowered(russian: &Snowball, english: &Snowball, lowered: &str) -> String {
    if STOP_WORDS.contains(&lowered) {
        return String::new();
    }
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
            if is_word_char(ch) {
                break index;
            }
        };
        let mut end = text.len();
        while let Some(&(index, ch)) = chars.peek() {
            if !is_word_char(ch) {
                end = index;
                break;
            }
            chars.next();
        }
        Some((start, end))
    })
}

/// Letters and digits of any script; Russian and ASCII are checked without table lookups.
fn is_word_char(ch: char) -> bool {
    match ch {
        'а'..='я' | 'А'..='Я' | 'ё' | 'Ё' => true,
        _ if ch.is_ascii() => ch.is_ascii_alphanumeric(),
        _ => ch.is_alphanumeric(),
    }
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
        stemmer.push_stems("урок\0домашнее,задание!! в 5 Б", &mut out);
        assert_eq!(
            out.split(' ').count(),
            3,
            "one-letter words are not indexed"
        );
    }

    #[test]
    fn a_query_without_words_is_none() {
        let mut stemmer = Stemmer::new();
        assert_eq!(fts_query(&mut stemmer, " \"*-( "), None);
        assert!(fts_query(&mut stemmer, "\"AND\" OR NEAR(").is_some());
    }
}
