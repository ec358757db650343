//! The window's language, told to the shell for the tray and the pop-ups.

use parta_core::Locale;
use tauri::AppHandle;

use crate::AppError;
use crate::desktop::tray;

/// The window now speaks `locale` (`ru` or `en`): the tray re-labels itself and pop-ups from
/// now on use it. Anything else is refused.
#[tauri::command]
pub fn set_locale(app: AppHandle, locale: String) -> Result<(), AppError> {
    let parsed = parse(locale)?;
    if crate::locale::set(parsed) {
        tracing::info!(locale = parsed.code(), "language changed");
        tray::relabel(&app);
    }
    Ok(())
}

/// `ru` or `en`; anything else is a clear error.
fn parse(locale: String) -> Result<Locale, AppError> {
    Locale::from_code(&locale).ok_or(AppError::UnknownLocale(locale))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ru_and_en_are_taken() {
        assert_eq!(parse("ru".into()).ok(), Some(Locale::Ru));
        assert_eq!(parse("en".into()).ok(), Some(Locale::En));
        for bad in ["de", "", "EN", "ru-RU"] {
            let error = parse(bad.into()).err().map(|e| e.to_string());
            assert_eq!(
                error.as_deref(),
                Some(
                    format!(
                        "Неизвестный язык «{bad}»: Парта говорит только по-русски (ru) и \
                         по-английски (en)."
                    )
                    .as_str()
                ),
                "{bad:?}"
            );
        }
    }
}
