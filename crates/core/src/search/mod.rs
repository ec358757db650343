//! Russian search: word forms match because index and query are stemmed alike.
//!
//! Design: the store keeps a stemmed copy of each message (its text, file names, a forward's text)
//! in a contentless FTS5 table whose rowid is the message key, so results come newest first by
//! walking rowids backwards. [`Stemmer`] lowercases, folds «ё» to «е», splits on anything that
//! is not a letter or digit (NUL and punctuation included), drops one-letter words and a short
//! list of stop words («на», «не», «что»), and stems Cyrillic words with the Russian Snowball
//! algorithm and Latin ones with the English one. A query goes through the same stemmer and
//! becomes quoted FTS terms ANDed together, so no user input reaches FTS syntax. Highlighting is
//! done here on the original text, returning ranges, never markup.

mod fragment;
mod stemmer;

pub use fragment::{Fragment, highlight_fragment};
pub use stemmer::{Stemmer, fts_query};
