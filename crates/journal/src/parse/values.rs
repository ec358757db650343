//! Tolerant reading of JSON values: a number may come as `2` or `"2"`, a list as a list, a
//! single string or nothing, text may be padded or empty (empty counts as absent).

use serde_json::Value;

/// The first of `keys` present and not `null` in `object`.
pub(super) fn field<'a>(object: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    keys.iter()
        .filter_map(|key| object.get(key))
        .find(|value| !value.is_null())
}

/// Text of a string or number, trimmed; `None` when empty or of another type.
pub(super) fn text(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(text) => text.trim().to_owned(),
        Value::Number(number) => number.to_string(),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// [`text`] of the first present field of `keys`.
pub(super) fn text_field(object: &Value, keys: &[&str]) -> Option<String> {
    field(object, keys).and_then(text)
}

/// A non-negative whole number from `3`, `3.0` or `" 3 "`.
pub(super) fn whole(value: &Value) -> Option<u32> {
    match value {
        Value::Number(number) => number
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .or_else(|| number.as_f64().and_then(whole_f64)),
        Value::String(text) => {
            let text = text.trim();
            text.parse::<u32>().ok().or_else(|| {
                text.replace(',', ".")
                    .parse::<f64>()
                    .ok()
                    .and_then(whole_f64)
            })
        }
        _ => None,
    }
}

fn whole_f64(number: f64) -> Option<u32> {
    let in_range = number.is_finite() && number >= 0.0 && number <= f64::from(u32::MAX);
    if in_range && number.fract() == 0.0 {
        // Exact: a whole number within u32's range.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Some(number as u32)
    } else {
        None
    }
}

/// A list of texts from an array (strings or numbers), one string (split on whitespace and
/// commas when `split` is set) or nothing.
pub(super) fn texts(value: Option<&Value>, split: bool) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(text).collect(),
        Some(Value::String(text)) if split => text
            .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .filter(|part| !part.is_empty())
            .map(str::to_owned)
            .collect(),
        Some(other) => text(other).into_iter().collect(),
        None => Vec::new(),
    }
}

/// Whether a JSON `success` flag says yes (`true`, `1`, `"true"`).
pub(super) fn truthy(value: &Value) -> bool {
    match value {
        Value::Bool(flag) => *flag,
        Value::Number(number) => number.as_f64().is_some_and(|n| n != 0.0),
        Value::String(text) => matches!(text.trim(), "true" | "1" | "True" | "TRUE"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn numbers_come_as_numbers_or_strings() {
        assert_eq!(whole(&json!(2)), Some(2));
        assert_eq!(whole(&json!("2")), Some(2));
        assert_eq!(whole(&json!(" 3 ")), Some(3));
        assert_eq!(whole(&json!(2.0)), Some(2));
        assert_eq!(whole(&json!(2.5)), None);
        assert_eq!(whole(&json!(-1)), None);
        assert_eq!(whole(&json!("два")), None);
        assert_eq!(whole(&json!(1e300)), None);
        assert_eq!(whole(&json!(null)), None);
    }

    #[test]
    fn empty_text_is_absent() {
        assert_eq!(text(&json!("  ")), None);
        assert_eq!(text(&json!(" Алгебра ")), Some("Алгебра".into()));
        assert_eq!(text(&json!(5)), Some("5".into()));
        assert_eq!(text(&json!([1])), None);
        assert_eq!(texts(Some(&json!("5 4,3")), true), ["5", "4", "3"]);
        assert_eq!(texts(Some(&json!("н")), false), ["н"]);
        assert_eq!(texts(Some(&json!([5, "4", null, ""])), true), ["5", "4"]);
    }

    #[test]
    fn success_flags_vary() {
        assert!(truthy(&json!(true)));
        assert!(truthy(&json!("true")));
        assert!(truthy(&json!(1)));
        assert!(!truthy(&json!(false)));
        assert!(!truthy(&json!("false")));
        assert!(!truthy(&json!(null)));
    }
}
