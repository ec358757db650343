//! The language of the words Парта shows outside its window: pop-ups and the tray.
//!
//! Design: the window chooses the language (Russian by default, English second) and tells the
//! shell; every function that words something for a person takes a [`Locale`]. Russian counts
//! use [`crate::notify::plural`], English ones [`english_plural`].

use serde::{Deserialize, Serialize};

/// A language Парта speaks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// Russian, the default.
    #[default]
    Ru,
    /// English.
    En,
}

impl Locale {
    /// The locale of a code as the window stores it (`ru`, `en`); `None` for anything else.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "ru" => Some(Locale::Ru),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The code the window uses for it.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Ru => "ru",
            Locale::En => "en",
        }
    }

    /// `ru` or `en`, whichever this locale is.
    pub fn pick<'a>(self, ru: &'a str, en: &'a str) -> &'a str {
        match self {
            Locale::Ru => ru,
            Locale::En => en,
        }
    }
}

/// The English plural form for `n`: `one` for exactly 1, `other` for everything else
/// (0, 2, 11, 21…).
pub fn english_plural<'a>(n: u64, one: &'a str, other: &'a str) -> &'a str {
    if n == 1 { one } else { other }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_nothing_else_parses() {
        for locale in [Locale::Ru, Locale::En] {
            assert_eq!(Locale::from_code(locale.code()), Some(locale));
        }
        for bad in ["", "RU", "de", "en-US", " ru"] {
            assert_eq!(Locale::from_code(bad), None, "{bad:?}");
        }
        assert_eq!(Locale::default(), Locale::Ru);
    }

    #[test]
    fn english_plural_is_one_only_for_one() {
        for (n, expected) in [(0, "s"), (1, "o"), (2, "s"), (5, "s"), (11, "s"), (21, "s")] {
            assert_eq!(english_plural(n, "o", "s"), expected, "{n}");
        }
    }
}
