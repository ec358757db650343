//! The language the window chose, for the words the shell shows outside it.
//!
//! Design: the window tells the shell its language at start and on every change
//! (`set_locale`); the shell keeps it in memory (Russian until told otherwise) and the tray
//! re-labels itself at once. Pop-ups read it each time they are composed, so those already on
//! screen keep their words until replaced.

use std::sync::atomic::{AtomicBool, Ordering};

use parta_core::Locale;

/// Whether the current language is English (Russian otherwise).
static ENGLISH: AtomicBool = AtomicBool::new(false);

/// The language of the tray and the pop-ups now.
pub fn current() -> Locale {
    if ENGLISH.load(Ordering::SeqCst) {
        Locale::En
    } else {
        Locale::Ru
    }
}

/// Makes `locale` current; answers whether it changed.
pub fn set(locale: Locale) -> bool {
    let english = locale == Locale::En;
    ENGLISH.swap(english, Ordering::SeqCst) != english
}
