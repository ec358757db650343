//! The marks report (`/edv/index/report/marks/{guid}?begin&end&format=html`) → one
//! [`SubjectReport`] per subject.
//!
//! The page holds `table#sheet0` (a spreadsheet export): a header row `Предмет | Оценки |
//! Средний балл | Не явка | Пропуски | По болезни`, then a row per subject. Columns are found by
//! their headers (falling back to that order). The marks cell holds marks separated by spaces;
//! a weighted one is `<span class="mark" data-weight="2">5</span>`. Averages use a decimal
//! comma («4,40») or are empty. The cell walk is iterative, so deeply nested junk costs time in
//! proportion to its size and no stack.

use ego_tree::iter::Edge;
use parta_core::diary::{JournalResult, Mark, SubjectReport};
use scraper::{ElementRef, Node};

use super::page::{parse_html, selector, text_of, unexpected_page};

/// The report's rows.
pub fn marks_report(html: &str) -> JournalResult<Vec<SubjectReport>> {
    let document = parse_html(html)?;
    let Some(sheet) = document.select(&selector("#sheet0")).next() else {
        return Err(unexpected_page(&document, "expected the marks report"));
    };
    let row_selector = selector("tr");
    let mut rows = sheet.select(&row_selector).map(|row| {
        row.child_elements()
            .filter(|cell| matches!(cell.value().name(), "td" | "th"))
            .collect::<Vec<_>>()
    });
    let Some(header) = rows.next() else {
        return Ok(Vec::new());
    };
    let columns = Columns::from_header(&header);
    Ok(rows.filter_map(|cells| columns.read(&cells)).collect())
}

/// Which cell holds what.
struct Columns {
    subject: usize,
    marks: usize,
    average: usize,
    missed: usize,
    skipped: usize,
    sick: usize,
}

impl Columns {
    fn from_header(header: &[ElementRef<'_>]) -> Self {
        let titles: Vec<String> = header
            .iter()
            .map(|cell| text_of(*cell).to_lowercase())
            .collect();
        let find = |needles: &[&str], fallback: usize| {
            titles
                .iter()
                .position(|title| needles.iter().any(|needle| title.contains(needle)))
                .unwrap_or(fallback)
        };
        Columns {
            subject: find(&["предмет"], 0),
            marks: find(&["оценк"], 1),
            average: find(&["средн"], 2),
            missed: find(&["не явк", "неявк"], 3),
            skipped: find(&["пропуск"], 4),
            sick: find(&["болезн"], 5),
        }
    }

    fn read(&self, cells: &[ElementRef<'_>]) -> Option<SubjectReport> {
        let text = |index: usize| {
            cells
                .get(index)
                .map(|cell| text_of(*cell))
                .unwrap_or_default()
        };
        let subject = text(self.subject);
        if subject.is_empty() {
            return None;
        }
        Some(SubjectReport {
            subject,
            marks: cells
                .get(self.marks)
                .map(|cell| marks(*cell))
                .unwrap_or_default(),
            average: average(&text(self.average)),
            missed: count(&text(self.missed)),
            skipped: count(&text(self.skipped)),
            sick: count(&text(self.sick)),
        })
    }
}

/// The marks in a cell: `span.mark` elements (with `data-weight`) and plain text between them.
fn marks(cell: ElementRef<'_>) -> Vec<Mark> {
    let mut marks = Vec::new();
    // The open `span.mark`, if the walk is inside one: its node id, weight and text so far.
    let mut open: Option<(ego_tree::NodeId, Option<u32>, String)> = None;
    for edge in cell.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(element) if open.is_none() && element.has_class("mark", CASE) => {
                    let weight = element
                        .attr("data-weight")
                        .and_then(|w| w.trim().parse().ok());
                    open = Some((node.id(), weight, String::new()));
                }
                Node::Text(text) => match open.as_mut() {
                    Some((_, _, value)) => value.push_str(text),
                    None => marks.extend(plain_marks(text)),
                },
                _ => {}
            },
            Edge::Close(node) => {
                if open.as_ref().is_some_and(|(id, _, _)| *id == node.id())
                    && let Some((_, weight, value)) = open.take()
                {
                    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !value.is_empty() {
                        marks.push(Mark { value, weight });
                    }
                }
            }
        }
    }
    marks
}

const CASE: scraper::CaseSensitivity = scraper::CaseSensitivity::AsciiCaseInsensitive;

fn plain_marks(text: &str) -> impl Iterator<Item = Mark> + '_ {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|part| !part.is_empty())
        .map(|value| Mark {
            value: value.to_owned(),
            weight: None,
        })
}

/// «4,40» or «4.4» → 4.4; empty, «-» or junk → none.
fn average(text: &str) -> Option<f64> {
    let number: f64 = text.trim().replace(',', ".").parse().ok()?;
    number.is_finite().then_some(number)
}

/// A count cell: its number, 0 when empty or unreadable.
fn count(text: &str) -> u32 {
    text.trim().parse().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use parta_core::diary::JournalFailure;

    use super::*;

    #[test]
    fn averages_take_a_decimal_comma() {
        assert_eq!(average("4,40"), Some(4.4));
        assert_eq!(average(" 5 "), Some(5.0));
        assert_eq!(average(""), None);
        assert_eq!(average("-"), None);
        assert_eq!(average("NaN"), None);
        assert_eq!(average("inf"), None);
        assert_eq!(count(" 3 "), 3);
        assert_eq!(count(""), 0);
        assert_eq!(count("x"), 0);
    }

    #[test]
    fn a_missing_sheet_is_unreadable() {
        let failure = marks_report("<p>нет</p>").unwrap_err();
        assert!(
            matches!(failure, JournalFailure::Protocol(_)),
            "{failure:?}"
        );
    }
}
