//! Printing: plain text for people, one JSON document for programs (`--json`).

use std::io::{IsTerminal, Write};

use serde::Serialize;
use serde_json::json;

use crate::Context;

/// Prints a line on stdout like `println!`, but a closed pipe (`parta chats | head`) ends
/// `parta` quietly, as with other command-line tools, instead of a panic.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(error) = writeln!(std::io::stdout().lock(), $($arg)*) {
            $crate::output::stdout_failed(&error);
        }
    }};
}

/// What to do when stdout cannot be written: a closed pipe ends the program with success.
pub fn stdout_failed(error: &std::io::Error) {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("Не удалось вывести результат: {error}");
    std::process::exit(1);
}

/// Prints `value` as one pretty JSON document on stdout.
pub fn print_json(value: &impl Serialize) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => say!("{text}"),
        Err(error) => eprintln!("{}", json!({"error": "json", "message": error.to_string()})),
    }
}

/// Prints an error on stderr: the Russian sentence, or `{"error","message"}` with `--json`.
pub fn print_error(context: &Context, code: &str, message: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = if context.json {
        writeln!(stderr, "{}", json!({"error": code, "message": message}))
    } else {
        writeln!(stderr, "Ошибка: {message}")
    };
}

/// Whether stdout is a terminal that takes colours (not piped, `NO_COLOR` unset).
pub fn colours() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}
