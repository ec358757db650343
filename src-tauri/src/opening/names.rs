//! A server-given file name made safe to use as one path component on every OS.
//!
//! Design: the name is display text from the platform (anyone can send any name), so it is
//! rebuilt character by character: path separators, characters Windows forbids and anything that
//! is not printable (control characters, bidi overrides such as U+202E that hide an `.exe`,
//! zero-width characters) go; runs of dots collapse so `..` never survives; leading dots and
//! spaces go (no hidden files), trailing dots and spaces go (Windows drops them silently);
//! Windows' reserved device names (`CON`, `NUL`, `COM1`, …) get a leading `_`; the length is
//! capped in bytes, keeping a short extension. An empty result becomes «файл».

/// The longest name we produce, in bytes (ext4 and NTFS allow 255; leave room).
const MAX_BYTES: usize = 150;
/// The longest extension kept apart from the stem when the name is cut, in characters.
const MAX_EXTENSION_CHARS: usize = 12;
/// The name used when nothing usable is left.
const FALLBACK: &str = "файл";

const WINDOWS_RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Characters that must never reach a file name.
fn is_invisible_or_control(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}' // zero-width and left/right marks
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{206F}' // word joiner, bidi isolates, invisible operators
            | '\u{061C}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// `name` as a single safe path component; see the module's design.
pub fn sanitize_file_name(name: &str) -> String {
    let mut cleaned = String::with_capacity(name.len());
    for c in name.chars() {
        if is_invisible_or_control(c) {
            continue;
        }
        let c = match c {
            '/' | '\\' | '<' | '>' | ':' | '"' | '|' | '?' | '*' => '_',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        // No `..` anywhere: a run of dots becomes one.
        if c == '.' && cleaned.ends_with('.') {
            continue;
        }
        cleaned.push(c);
    }
    let trimmed = cleaned
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' ']);
    let mut safe = cap_length(trimmed);
    if safe.is_empty() {
        safe = FALLBACK.to_owned();
    } else if safe.starts_with('.') {
        // Only an extension survived the cut (".pdf"): give it a stem.
        safe = format!("{FALLBACK}{safe}");
    }
    let stem = safe.split('.').next().unwrap_or_default().trim_end();
    if WINDOWS_RESERVED
        .iter()
        .any(|reserved| stem.eq_ignore_ascii_case(reserved))
    {
        safe.insert(0, '_');
    }
    safe
}

/// Cuts `name` to [`MAX_BYTES`] at a character boundary, keeping a short extension.
fn cap_length(name: &str) -> String {
    if name.len() <= MAX_BYTES {
        return name.to_owned();
    }
    let extension = name
        .rsplit_once('.')
        .map(|(_, extension)| extension)
        .filter(|extension| {
            !extension.is_empty()
                && extension.chars().count() <= MAX_EXTENSION_CHARS
                && extension.chars().all(char::is_alphanumeric)
        });
    let suffix = extension.map_or(String::new(), |extension| format!(".{extension}"));
    let stem_budget = MAX_BYTES - suffix.len();
    let mut stem = String::new();
    for c in name.chars() {
        if stem.len() + c.len_utf8() > stem_budget {
            break;
        }
        stem.push(c);
    }
    let stem = stem.trim_end_matches(['.', ' ']);
    format!("{stem}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_safe(name: &str) {
        assert!(!name.is_empty());
        assert!(!name.contains(['/', '\\', '\0']), "{name:?}");
        assert!(!name.contains(".."), "{name:?}");
        assert!(!name.starts_with(['.', ' ']), "{name:?}");
        assert!(!name.ends_with(['.', ' ']), "{name:?}");
        assert!(!name.chars().any(is_invisible_or_control), "{name:?}");
        assert!(name.len() <= MAX_BYTES + 1, "{} bytes", name.len());
    }

    #[test]
    fn ordinary_names_stay_as_they_are() {
        for name in [
            "Расписание 5А.pdf",
            "photo_2024.jpg",
            "Итоги четверти (2).xlsx",
        ] {
            assert_eq!(sanitize_file_name(name), name);
        }
    }

    #[test]
    fn path_traversal_leaves_one_component() {
        for hostile in [
            "../../etc/passwd",
            "..\\..\\Windows\\win.ini",
            "/etc/shadow",
            "..",
        ] {
            let safe = sanitize_file_name(hostile);
            assert_safe(&safe);
        }
        assert_eq!(sanitize_file_name("../../etc/passwd"), "_._etc_passwd");
        assert_eq!(sanitize_file_name(".."), FALLBACK);
        assert_eq!(sanitize_file_name("/"), "_");
    }

    #[test]
    fn hidden_and_trailing_dots_go() {
        assert_eq!(sanitize_file_name(".bashrc"), "bashrc");
        assert_eq!(sanitize_file_name("отчёт.pdf. . "), "отчёт.pdf");
        assert_eq!(sanitize_file_name("  пробелы  "), "пробелы");
    }

    #[test]
    fn windows_reserved_names_are_prefixed() {
        assert_eq!(sanitize_file_name("CON.txt"), "_CON.txt");
        assert_eq!(sanitize_file_name("con"), "_con");
        assert_eq!(sanitize_file_name("Lpt1.tar.gz"), "_Lpt1.tar.gz");
        assert_eq!(sanitize_file_name("nul ."), "_nul");
        assert_eq!(sanitize_file_name("CONSOLE.txt"), "CONSOLE.txt");
        assert_eq!(sanitize_file_name("a:b*c?.doc"), "a_b_c_.doc");
    }

    #[test]
    fn bidi_overrides_and_controls_are_removed() {
        // With U+202E, "invoice<RLO>fdp.exe" reads "invoiceexe.pdf": the real extension must show.
        assert_eq!(
            sanitize_file_name("invoice\u{202E}fdp.exe"),
            "invoicefdp.exe"
        );
        assert_eq!(sanitize_file_name("a\u{0}b\nc\u{7}.txt"), "abc.txt");
        assert_eq!(sanitize_file_name("tab\there.txt"), "tabhere.txt");
        assert_eq!(
            sanitize_file_name("zero\u{200B}width\u{2066}.png"),
            "zerowidth.png"
        );
    }

    #[test]
    fn long_names_are_cut_keeping_the_extension() {
        let long = format!("{}.docx", "я".repeat(1000));
        let safe = sanitize_file_name(&long);
        assert_safe(&safe);
        assert!(safe.ends_with(".docx"));
        assert!(safe.len() <= MAX_BYTES);
        let no_extension = "x".repeat(1000);
        assert_eq!(sanitize_file_name(&no_extension).len(), MAX_BYTES);
        let only_dots = format!("{}.{}", "a".repeat(500), "b".repeat(500));
        assert_safe(&sanitize_file_name(&only_dots));
    }

    #[test]
    fn empty_names_get_a_fallback() {
        assert_eq!(sanitize_file_name(""), FALLBACK);
        assert_eq!(sanitize_file_name(" . . "), FALLBACK);
        assert_eq!(sanitize_file_name("\u{202E}"), FALLBACK);
        assert_eq!(sanitize_file_name("...pdf"), "pdf");
    }
}
