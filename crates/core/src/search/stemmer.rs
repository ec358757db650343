use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rust_stemmers::{Algorithm, Stemmer as Snowball};

/// How many distinct stems the caches remember before they start over.
const STEM_CACHE_LIMIT: usize = 200_000;

/// A stem interned by the [`Stemmer`]; valid until its caches start over.
type StemId = u32;

type FastMap<V> = HashMap<String, V, BuildHasherDefault<FastHasher>>;

/// Turns text into the space-separated stems that the search index holds.
pub struct Stemmer {
    russian: Snowball,
    english: Snowball,
    /// Every stem seen, by id.
    stems: Vec<String>,
    /// Lowered word → stem id.
    by_lowered_form: FastMap<StemId>,
    /// Word as written → stem id: skips lowercasing for words seen before.
    by_written_form: FastMap<StemId>,
    lowered: String,
    ids: Vec<StemId>,
}

impl Default for Stemmer {
    fn default() -> Self {
        Self::new()
    }
}

impl Stemmer {
    /// A stemmer with empty caches.
    pub fn new() -> Self {
        Stemmer {
            russian: Snowball::create(Algorithm::Russian),
            english: Snowball::create(Algorithm::English),
            stems: Vec::new(),
            by_lowered_form: FastMap::default(),
            by_written_form: FastMap::default(),
            lowered: String::new(),
            ids: Vec::new(),
        }
    }

    /// Appends the stems of the words of `text` to `out`, separated by spaces, in order. One-letter
    /// words and [`STOP_WORDS`] («в», «и», «на», «не») are left out: they are in almost every
    /// message, find nothing useful, and leaving them out keeps the index a third smaller.
    pub fn push_stems(&mut self, text: &str, out: &mut String) {
        self.start_over_if_full();
        for word in indexed_words(text) {
            let id = self.stem_id(word);
            let stem = &self.stems[id as usize];
            if stem.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(stem);
        }
    }

    /// The distinct stems of all `texts`, sorted, space-separated: what the search index holds
    /// for a message (it has no positions, so each stem once is enough).
    pub fn index_terms<'t>(&mut self, texts: impl IntoIterator<Item = &'t str>) -> String {
        self.start_over_if_full();
        let mut ids = std::mem::take(&mut self.ids);
        ids.clear();
        for text in texts {
            for word in indexed_words(text) {
                ids.push(self.stem_id(word));
            }
        }
        ids.sort_unstable();
        ids.dedup();
        let mut terms = String::new();
        for &id in &ids {
            let stem = &self.stems[id as usize];
            if stem.is_empty() {
                continue;
            }
            if !terms.is_empty() {
                terms.push(' ');
            }
            terms.push_str(stem);
        }
        self.ids = ids;
        terms
    }

    /// The stems of the words of `text` that [`Stemmer::push_stems`] indexes, in order.
    pub fn stems(&mut self, text: &str) -> Vec<String> {
        self.start_over_if_full();
        indexed_words(text)
            .map(|word| self.stem_word(word).to_owned())
            .filter(|stem| !stem.is_empty())
            .collect()
    }

    /// The stem of one word (any case, «ё» allowed); empty for a stop word.
    pub fn stem_word(&mut self, word: &str) -> &str {
        let id = self.stem_id(word);
        &self.stems[id as usize]
    }

    fn stem_id(&mut self, word: &str) -> StemId {
        if let Some(&id) = self.by_written_form.get(word) {
            return id;
        }
        self.lower_into_buffer(word);
        let id = match self.by_lowered_form.get(self.lowered.as_str()) {
            Some(&id) => id,
            None => {
                let id = self.stems.len() as StemId;
                self.stems
                    .push(stem_lowered(&self.russian, &self.english, &self.lowered));
                self.by_lowered_form.insert(self.lowered.clone(), id);
                id
            }
        };
        self.by_written_form.insert(word.to_owned(), id);
        id
    }

    /// Forgets everything once the caches are full; only between texts, never inside one.
    fn start_over_if_full(&mut self) {
        if self.by_written_form.len() >= STEM_CACHE_LIMIT || self.stems.len() >= STEM_CACHE_LIMIT {
            self.stems.clear();
            self.by_lowered_form.clear();
            self.by_written_form.clear();
        }
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

/// The words the index holds: all but one-letter ones.
fn indexed_words(text: &str) -> impl Iterator<Item = &str> {
    words(text).filter(|word| word.chars().nth(1).is_some())
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
