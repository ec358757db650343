//! Printing: plain text for people, one JSON document for programs (`--json`).

use std::io::{IsTerminal, Write};

use serde::Serialize;
use serde_json::json;

use crate::Context;

/// Prints `value` as one pretty JSON document on stdout.
pub fn print_json(value: &impl Serialize) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
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
