//! Starting Парта with the session (opt-in, off until the person turns it on in Settings).
//!
//! Design: on Linux and the BSDs, the XDG autostart spec — `parta.desktop` in
//! `$XDG_CONFIG_HOME/autostart` (`~/.config/autostart` by default) — which every desktop
//! honours; turning it off removes the file. The entry starts this very binary and, when Парта
//! runs over a data folder of its own (`PARTA_DATA_DIR`), that folder too. Windows and macOS
//! answer with a clear «не поддерживается» rather than half an implementation.

use std::path::{Path, PathBuf};

use crate::AppError;

/// The entry's file name.
const ENTRY: &str = "parta.desktop";

/// `$XDG_CONFIG_HOME/autostart/parta.desktop`, when the config folder is known.
pub fn entry_path() -> Option<PathBuf> {
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))?;
    Some(config.join("autostart").join(ENTRY))
}

/// Whether Парта starts with the session.
pub fn is_enabled() -> bool {
    cfg!(all(unix, not(target_os = "macos"))) && entry_path().is_some_and(|path| path.is_file())
}

/// Turns starting with the session on or off; answers the new state.
#[cfg(all(unix, not(target_os = "macos")))]
pub fn set_enabled(enabled: bool) -> Result<bool, AppError> {
    let path = entry_path().ok_or(AppError::AutostartUnsupported)?;
    let failed = |source| AppError::Autostart {
        path: path.clone(),
        source,
    };
    if enabled {
        let exe = std::env::current_exe().map_err(failed)?;
        let data_dir = std::env::var_os(parta_accounts::accounts::DATA_DIR_ENV)
            .filter(|dir| !dir.is_empty())
            .map(PathBuf::from);
        let text = desktop_entry(&exe, data_dir.as_deref()).map_err(failed)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(failed)?;
        }
        std::fs::write(&path, text).map_err(failed)?;
        tracing::info!(path = %path.display(), "starts with the session");
    } else {
        match std::fs::remove_file(&path) {
            Ok(()) => tracing::info!("no longer starts with the session"),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(failed(error)),
        }
    }
    Ok(is_enabled())
}

/// Windows and macOS: not supported (yet).
#[cfg(not(all(unix, not(target_os = "macos"))))]
pub fn set_enabled(_enabled: bool) -> Result<bool, AppError> {
    Err(AppError::AutostartUnsupported)
}

/// The autostart entry that starts `exe` (over `data_dir`, when given).
pub fn desktop_entry(exe: &Path, data_dir: Option<&Path>) -> std::io::Result<String> {
    let mut command = Vec::new();
    if let Some(dir) = data_dir {
        command.push("env".to_owned());
        command.push(format!(
            "{}={}",
            parta_accounts::accounts::DATA_DIR_ENV,
            text_of(dir)?
        ));
    }
    command.push(text_of(exe)?);
    let exec: Vec<String> = command.iter().map(|arg| exec_argument(arg)).collect();
    Ok(format!(
        "[Desktop Entry]\n\
         Type=Application\n\
         Version=1.0\n\
         Name=Парта\n\
         Comment=Школьные чаты, объявления и дневник\n\
         Exec={}\n\
         Icon=parta\n\
         Terminal=false\n\
         Categories=Education;\n\
         X-GNOME-Autostart-enabled=true\n",
        exec.join(" ")
    ))
}

/// A path as text for the entry: UTF-8 and on one line, or refused.
fn text_of(path: &Path) -> std::io::Result<String> {
    match path.to_str() {
        Some(text) if !text.contains(['\n', '\r']) => Ok(text.to_owned()),
        _ => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the path cannot be written into an autostart entry",
        )),
    }
}

/// One argument of `Exec=` as the desktop entry spec wants it: quoted when it holds a
/// reserved character (`"`, `` ` ``, `$` and `\` escaped inside), `%` doubled, and every
/// backslash doubled again for the string value the line is.
fn exec_argument(arg: &str) -> String {
    const RESERVED: &[char] = &[
        ' ', '\t', '"', '\'', '\\', '>', '<', '~', '|', '&', ';', '$', '*', '?', '#', '(', ')', '`',
    ];
    let quoted = if arg.contains(RESERVED) {
        quote(arg)
    } else {
        arg.to_owned()
    };
    quoted.replace('%', "%%").replace('\\', "\\\\")
}

fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if matches!(c, '"' | '`' | '$' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_entry_starts_this_binary() {
        let entry = desktop_entry(Path::new("/usr/bin/parta-app"), None).unwrap();
        assert!(
            entry.starts_with("[Desktop Entry]\nType=Application\n"),
            "{entry}"
        );
        assert!(entry.contains("\nName=Парта\n"));
        assert!(entry.contains("\nExec=/usr/bin/parta-app\n"), "{entry}");
        assert!(entry.contains("\nX-GNOME-Autostart-enabled=true\n"));
        assert!(!entry.contains("Hidden=true"));
    }

    #[test]
    fn odd_paths_are_quoted_as_the_spec_says() {
        let entry = desktop_entry(
            Path::new("/home/анна/My Apps/50%/parta-app"),
            Some(Path::new("/home/анна/Парта $школа")),
        )
        .unwrap();
        let exec = entry
            .lines()
            .find(|line| line.starts_with("Exec="))
            .unwrap();
        assert_eq!(
            exec,
            r#"Exec=env "PARTA_DATA_DIR=/home/анна/Парта \\$школа" "/home/анна/My Apps/50%%/parta-app""#
        );
        let backslash = exec_argument(r"C:\odd");
        assert_eq!(backslash, r#""C:\\\\odd""#);
    }

    #[test]
    fn a_path_with_a_newline_is_refused() {
        assert!(desktop_entry(Path::new("/tmp/a\nExec=rm"), None).is_err());
    }
}
