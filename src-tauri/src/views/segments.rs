//! A message's text cut into runs of equal formatting ([`Segment`]), so the window renders
//! spans of plain text and never markup.
//!
//! Design: every element's range (from [`Element::char_range`], which clamps hostile offsets)
//! contributes two cut points; between neighbouring cut points the run carries the union of
//! the styles of the elements covering it (the last link and mention win). Neighbouring runs
//! with equal attributes merge. Cut points are char indices mapped to byte offsets once, so
//! the texts concatenate to the message exactly, emoji and all.

use parta_core::model::{Element, ElementKind};
use serde::Serialize;

/// Elements beyond this many are ignored (a hostile message must not cost quadratic time).
const MAX_ELEMENTS: usize = 500;

/// How a run looks (`SegmentStyle` in `backend.ts`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SegmentStyle {
    /// Bold.
    Strong,
    /// Italic.
    Emphasized,
    /// Inline code.
    Monospaced,
    /// Underlined.
    Underline,
    /// Struck through.
    Strikethrough,
    /// A heading.
    Heading,
    /// A block of code.
    Code,
    /// A quotation.
    Quote,
}

/// A run of a message's text with the same formatting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Segment {
    /// The text, verbatim.
    pub text: String,
    /// Its styles, sorted, without repeats.
    pub styles: Vec<SegmentStyle>,
    /// The link's real address, when the run is a link.
    pub link: Option<String>,
    /// The mentioned person's id, when the run is a mention.
    pub mention: Option<String>,
}

impl Segment {
    /// Plain text with no formatting.
    pub fn plain(text: impl Into<String>) -> Segment {
        Segment {
            text: text.into(),
            styles: Vec::new(),
            link: None,
            mention: None,
        }
    }
}

/// What one element adds to the runs it covers.
enum Effect {
    Style(SegmentStyle),
    Link(String),
    Mention(String),
}

fn effect(kind: &ElementKind) -> Option<Effect> {
    Some(match kind {
        ElementKind::Strong => Effect::Style(SegmentStyle::Strong),
        ElementKind::Emphasized => Effect::Style(SegmentStyle::Emphasized),
        ElementKind::Monospaced => Effect::Style(SegmentStyle::Monospaced),
        ElementKind::Underline => Effect::Style(SegmentStyle::Underline),
        ElementKind::Strikethrough => Effect::Style(SegmentStyle::Strikethrough),
        ElementKind::Heading => Effect::Style(SegmentStyle::Heading),
        ElementKind::CodeBlock => Effect::Style(SegmentStyle::Code),
        ElementKind::Quote => Effect::Style(SegmentStyle::Quote),
        ElementKind::Link { url } => Effect::Link(url.clone()),
        ElementKind::UserMention { person } => Effect::Mention(person.0.to_string()),
        ElementKind::Other(_) => return None,
    })
}

/// Cuts `text` by `elements`. The segments' texts concatenate to `text`; an empty text has no
/// segments. Never panics, whatever the offsets.
pub fn segments(text: &str, elements: &[Element]) -> Vec<Segment> {
    if text.is_empty() {
        return Vec::new();
    }
    // Byte offset of every char index, plus the end.
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(index, _)| index)
        .chain(std::iter::once(text.len()))
        .collect();
    let chars = bytes.len() - 1;
    let spans: Vec<(std::ops::Range<usize>, Effect)> = elements
        .iter()
        .take(MAX_ELEMENTS)
        .filter_map(|element| Some((element.char_range(text)?, effect(&element.kind)?)))
        .filter(|(range, _)| range.end <= chars)
        .collect();
    let mut cuts: Vec<usize> = spans
        .iter()
        .flat_map(|(range, _)| [range.start, range.end])
        .chain([0, chars])
        .collect();
    cuts.sort_unstable();
    cuts.dedup();

    let mut out: Vec<Segment> = Vec::new();
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let mut segment = Segment::plain(&text[bytes[start]..bytes[end]]);
        for (range, effect) in &spans {
            if range.start <= start && end <= range.end {
                match effect {
                    Effect::Style(style) => segment.styles.push(*style),
                    Effect::Link(url) => segment.link = Some(url.clone()),
                    Effect::Mention(person) => segment.mention = Some(person.clone()),
                }
            }
        }
        segment.styles.sort_unstable();
        segment.styles.dedup();
        match out.last_mut() {
            Some(last)
                if last.styles == segment.styles
                    && last.link == segment.link
                    && last.mention == segment.mention =>
            {
                last.text.push_str(&segment.text);
            }
            _ => out.push(segment),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use parta_core::model::PersonId;

    use super::*;

    fn element(kind: ElementKind, from: i64, length: i64) -> Element {
        Element { kind, from, length }
    }

    fn joined(segments: &[Segment]) -> String {
        segments.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn plain_text_is_one_segment_and_empty_text_none() {
        assert_eq!(segments("Привет", &[]), vec![Segment::plain("Привет")]);
        assert!(segments("", &[element(ElementKind::Strong, 0, 5)]).is_empty());
    }

    #[test]
    fn overlapping_elements_merge_their_styles() {
        // "abcdef": strong over 0..4, emphasized over 2..6.
        let text = "abcdef";
        let cut = segments(
            text,
            &[
                element(ElementKind::Strong, 0, 4),
                element(ElementKind::Emphasized, 2, 4),
            ],
        );
        assert_eq!(joined(&cut), text);
        let shape: Vec<(&str, Vec<SegmentStyle>)> = cut
            .iter()
            .map(|s| (s.text.as_str(), s.styles.clone()))
            .collect();
        assert_eq!(
            shape,
            vec![
                ("ab", vec![SegmentStyle::Strong]),
                ("cd", vec![SegmentStyle::Strong, SegmentStyle::Emphasized]),
                ("ef", vec![SegmentStyle::Emphasized]),
            ]
        );
    }

    #[test]
    fn markup_in_the_text_stays_text() {
        let text = "<script>alert(1)</script> <b>жирный</b>";
        let cut = segments(text, &[element(ElementKind::Strong, 0, 8)]);
        assert_eq!(joined(&cut), text);
        assert_eq!(cut[0].text, "<script>");
        assert_eq!(cut[0].styles, vec![SegmentStyle::Strong]);
    }

    #[test]
    fn emoji_and_cyrillic_cut_on_char_boundaries() {
        let text = "Ура 🎉🎉 каникулы";
        let cut = segments(
            text,
            &[
                element(ElementKind::Strong, 4, 2),
                element(
                    ElementKind::Link {
                        url: "https://school.ru".into(),
                    },
                    7,
                    8,
                ),
            ],
        );
        assert_eq!(joined(&cut), text);
        assert_eq!(cut[1].text, "🎉🎉");
        assert_eq!(cut[3].text, "каникулы");
        assert_eq!(cut[3].link.as_deref(), Some("https://school.ru"));
    }

    #[test]
    fn hostile_offsets_never_panic_and_keep_the_text() {
        let text = "короткий 🙂";
        let hostile = [
            element(ElementKind::Strong, -5, 3),
            element(ElementKind::Emphasized, 3, i64::MAX),
            element(ElementKind::Underline, i64::MAX, 10),
            element(ElementKind::Strikethrough, i64::MIN, i64::MIN),
            element(ElementKind::Quote, 100, 5),
            element(
                ElementKind::UserMention {
                    person: PersonId(7),
                },
                0,
                0,
            ),
            element(ElementKind::Other("x".into()), 0, 3),
        ];
        let cut = segments(text, &hostile);
        assert_eq!(joined(&cut), text);
        assert!(cut.iter().all(|segment| !segment.text.is_empty()));
        // -5..-2 lies before the text: nothing; 3..∞ is clamped to the end.
        assert_eq!(cut[0], Segment::plain("кор"));
        assert_eq!(cut[1].text, "откий 🙂");
        assert_eq!(cut[1].styles, vec![SegmentStyle::Emphasized]);
    }

    #[test]
    fn mentions_and_links_carry_their_targets() {
        let cut = segments(
            "@Анна привет",
            &[element(
                ElementKind::UserMention {
                    person: PersonId(42),
                },
                0,
                5,
            )],
        );
        assert_eq!(cut[0].mention.as_deref(), Some("42"));
        assert_eq!(cut[1].mention, None);
    }
}
