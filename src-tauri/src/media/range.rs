//! HTTP `Range` for the `media:` scheme: WebKit's `<audio>` and `<video>` ask for pieces and
//! will not play a source that cannot seek.
//!
//! One range per request (`bytes=a-b`, `bytes=a-`, `bytes=-n`); a multi-range or malformed
//! header is ignored and the whole file is served, as RFC 9110 allows. An open-ended range is
//! cut to [`MAX_CHUNK`] so a long video is never read into memory at once; the player asks for
//! the next piece itself.

use std::ops::Range;

/// The most one response carries for an open-ended range.
pub const MAX_CHUNK: u64 = 4 * 1024 * 1024;

/// What to answer for a file of `len` bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Served {
    /// 200 with the whole file.
    Whole,
    /// 206 with these bytes.
    Partial(Range<u64>),
    /// 416: the range lies outside the file.
    Unsatisfiable,
}

/// Decides what to send for a `Range` header (or none) and a file of `len` bytes.
pub fn serve(header: Option<&str>, len: u64) -> Served {
    let Some(spec) = header.and_then(|value| value.trim().strip_prefix("bytes=")) else {
        return Served::Whole;
    };
    if spec.contains(',') {
        return Served::Whole;
    }
    let Some((start, end)) = spec.trim().split_once('-') else {
        return Served::Whole;
    };
    let (start, end) = (start.trim(), end.trim());
    let parse = |text: &str| text.parse::<u64>().ok();
    let range = match (start.is_empty(), end.is_empty()) {
        // bytes=-n: the last n bytes.
        (true, false) => match parse(end) {
            Some(0) => return Served::Unsatisfiable,
            Some(suffix) => len.saturating_sub(suffix)..len,
            None => return Served::Whole,
        },
        (false, _) => {
            let Some(first) = parse(start) else {
                return Served::Whole;
            };
            let last = if end.is_empty() {
                first.saturating_add(MAX_CHUNK - 1)
            } else {
                match parse(end) {
                    Some(last) if last >= first => last,
                    _ => return Served::Whole,
                }
            };
            if first >= len {
                return Served::Unsatisfiable;
            }
            first..last.min(len - 1) + 1
        }
        (true, true) => return Served::Whole,
    };
    if range.is_empty() {
        Served::Unsatisfiable
    } else {
        Served::Partial(range)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_or_odd_headers_serve_the_whole_file() {
        assert_eq!(serve(None, 10), Served::Whole);
        assert_eq!(serve(Some("items=0-1"), 10), Served::Whole);
        assert_eq!(serve(Some("bytes=0-1,4-5"), 10), Served::Whole);
        assert_eq!(serve(Some("bytes=x-"), 10), Served::Whole);
        assert_eq!(serve(Some("bytes=5-2"), 10), Served::Whole);
        assert_eq!(serve(Some("bytes=-"), 10), Served::Whole);
    }

    #[test]
    fn ranges_are_clamped_to_the_file() {
        assert_eq!(serve(Some("bytes=0-"), 10), Served::Partial(0..10));
        assert_eq!(serve(Some("bytes=0-1"), 10), Served::Partial(0..2));
        assert_eq!(serve(Some("bytes=4-100"), 10), Served::Partial(4..10));
        assert_eq!(serve(Some("bytes=-3"), 10), Served::Partial(7..10));
        assert_eq!(serve(Some("bytes=-30"), 10), Served::Partial(0..10));
        assert_eq!(serve(Some(" bytes=9-9"), 10), Served::Partial(9..10));
    }

    #[test]
    fn open_ranges_are_cut_to_a_chunk() {
        let len = 100 * 1024 * 1024;
        assert_eq!(serve(Some("bytes=0-"), len), Served::Partial(0..MAX_CHUNK));
        assert_eq!(
            serve(Some("bytes=1000-"), len),
            Served::Partial(1000..1000 + MAX_CHUNK)
        );
    }

    #[test]
    fn ranges_outside_the_file_are_unsatisfiable() {
        assert_eq!(serve(Some("bytes=10-"), 10), Served::Unsatisfiable);
        assert_eq!(serve(Some("bytes=20-30"), 10), Served::Unsatisfiable);
        assert_eq!(serve(Some("bytes=-0"), 10), Served::Unsatisfiable);
        assert_eq!(serve(Some("bytes=0-"), 0), Served::Unsatisfiable);
        assert_eq!(serve(Some("bytes=-5"), 0), Served::Unsatisfiable);
    }
}
