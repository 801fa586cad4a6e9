//! The CSV report (SPEC §5): one row per department, for spreadsheets and org-chart
//! tools, in the shape that [`crate::import`] reads back.
//!
//! Columns: `id,parent_id,name,function,customers,revenue,customer_model,profit_model,
//! grey_area,notes,headcount,budget`. `customers` and `revenue` hold the values set in the department's
//! own table (empty when unset), so that importing the file reproduces the same org
//! file facts; the verdict columns and `grey_area` are derived and ignored on import.
//!
//! Before the header, a preamble of rows whose first cell is `#` carries what belongs
//! to the whole file, one value a row: `#,company.name,Nubaria Software`, then
//! `company.description`, `company.core_business`, and for each function the file
//! defines in `[functions]`, the fields it sets: `functions.KEY.name`, `.customers`,
//! `.revenue`, `.note`. A spreadsheet keeps these rows as three cells like any other
//! (see [`PREAMBLE_MARK`]); [`crate::import`] reads them back, and skips any other line
//! starting with `#` before the header (draw.io's configuration).
//!
//! Quoting of commas and quotes is the `csv` crate's (RFC 4180). `parent_id` holds the
//! parent's path, see [`encode_path`]. The text cells (`id`, `parent_id`, `name`,
//! `function`) are then made safe for a spreadsheet and a terminal by [`encode_cell`],
//! which [`decode_cell`] undoes on import, so a round trip keeps every id and name
//! exactly:
//!
//! - control characters and bidirectional controls are written escaped, `\u{1b}`, the
//!   way the other reports show them (a backslash that would read as such an escape is
//!   itself written `\u{5c}`);
//! - a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return — which a
//!   spreadsheet would run as a formula — or with `'` gets a leading `'`, as OWASP
//!   recommends against CSV injection. The spreadsheet shows the cell as text, without
//!   the `'`; the import drops it too.

use std::borrow::Cow;

use crate::classify::Model;
use crate::document::Document;
use crate::org::{Figure, Level};
use crate::text::is_unsafe;

/// The header row: SPEC §5's columns, then `notes`, `headcount` and `budget`.
pub const HEADER: [&str; 12] = [
    "id",
    "parent_id",
    "name",
    "function",
    "customers",
    "revenue",
    "customer_model",
    "profit_model",
    "grey_area",
    "notes",
    "headcount",
    "budget",
];

/// The first cell of a preamble row: `#`, then the field (`company.name`), then its
/// value.
pub const PREAMBLE_MARK: &str = "#";

/// A path of ids as one `parent_id` cell.
///
/// The escaping rule, shared with [`decode_path`]: ids are joined with `/`; inside an
/// id, a backslash is written `\\` and a slash `\/`, so `a/b` under `x` becomes
/// `x/a\/b`. The empty path (a top-level department's parent) is the empty cell.
pub fn encode_path<S: AsRef<str>>(ids: &[S]) -> String {
    let mut out = String::new();
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            out.push('/');
        }
        for c in id.as_ref().chars() {
            if matches!(c, '\\' | '/') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// The ids of a `parent_id` cell, undoing [`encode_path`]: `/` separates ids, `\/` is a
/// slash and `\\` a backslash inside an id. A backslash before any other character (or
/// at the end) is kept as it is, so hand-written cells with stray backslashes still
/// read as written. The empty cell is the empty path.
pub fn decode_path(cell: &str) -> Vec<String> {
    if cell.is_empty() {
        return Vec::new();
    }
    let mut ids = vec![String::new()];
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        let current = ids.last_mut().expect("never empty");
        match c {
            '\\' => match chars.peek() {
                Some(&next @ ('\\' | '/')) => {
                    current.push(next);
                    chars.next();
                }
                _ => current.push('\\'),
            },
            '/' => ids.push(String::new()),
            c => current.push(c),
        }
    }
    ids
}

/// The first characters of a cell that a spreadsheet reads as the start of a formula,
/// and `'`, the mark that neutralises them (so that a genuine leading `'` is told
/// apart).
const NEUTRALISED: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

/// A text cell as the CSV report writes it: control characters escaped and a leading
/// `'` before what a spreadsheet would take for a formula (see the module's
/// documentation). [`decode_cell`] gives the text back.
pub fn encode_cell(text: &str) -> Cow<'_, str> {
    let needs_mark = text.starts_with(NEUTRALISED);
    let needs_escape = |(i, c): (usize, char)| is_unsafe(c) || (c == '\\' && text[i + 1..].starts_with("u{"));
    if !needs_mark && !text.char_indices().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    if needs_mark {
        out.push('\'');
    }
    for (i, c) in text.char_indices() {
        if needs_escape((i, c)) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The text of a cell, undoing [`encode_cell`]: one leading `'` is dropped (as a
/// spreadsheet does), and each `\u{…}` escape of a character becomes that character.
/// A backslash that starts no such escape is kept, so hand-written cells read as
/// written.
pub fn decode_cell(cell: &str) -> Cow<'_, str> {
    let cell = cell.strip_prefix('\'').unwrap_or(cell);
    if !cell.contains("\\u{") {
        return Cow::Borrowed(cell);
    }
    let mut out = String::with_capacity(cell.len());
    let mut rest = cell;
    while let Some(at) = rest.find("\\u{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        let escaped = after
            .find('}')
            .filter(|&end| (1..=6).contains(&end) && after[..end].bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|end| Some((char::from_u32(u32::from_str_radix(&after[..end], 16).ok()?)?, end)));
        match escaped {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('\\');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The report as CSV text, one row per department in pre-order.
pub fn csv(doc: &Document) -> String {
    let mut writer = ::csv::WriterBuilder::new().from_writer(Vec::new());
    let level = |value: Option<Level>| value.map_or("", Level::as_str);
    let org = &doc.org;
    let mut fact = |field: &str, value: &str| {
        writer.write_record([PREAMBLE_MARK, field, &encode_cell(value)]).expect("writing to memory cannot fail");
    };
    fact("company.name", &org.company.name);
    if let Some(description) = &org.company.description {
        fact("company.description", description);
    }
    if let Some(core) = &org.company.core_business {
        fact("company.core_business", core);
    }
    for function in &org.functions {
        let key = &function.key;
        let fields = [
            ("name", function.name.as_deref()),
            ("customers", function.customers.map(Level::as_str)),
            ("revenue", function.revenue.map(Level::as_str)),
            ("note", function.note.as_deref()),
        ];
        for (field, value) in fields {
            if let Some(value) = value {
                fact(&format!("functions.{}.{field}", encode_cell(key)), value);
            }
        }
    }
    // The preamble has three cells a row, the table twelve: the writer must not check.
    let bytes = writer.into_inner().expect("writing to memory cannot fail");
    let mut writer = ::csv::WriterBuilder::new().from_writer(bytes);
    let mut write = |record: [&str; 12]| writer.write_record(record).expect("writing to memory cannot fail");
    write(HEADER);
    for (id, dept) in org.departments.iter().enumerate() {
        let facts = doc.classes.of(id);
        let parent_path = org.parent(id).map(|p| encode_path(&org.path(p))).unwrap_or_default();
        let figure = |figure| dept.figure(figure).map(|n| n.to_string()).unwrap_or_default();
        write([
            &encode_cell(&dept.id),
            &encode_cell(&parent_path),
            &encode_cell(dept.display_name()),
            &encode_cell(dept.function.as_deref().unwrap_or("")),
            level(dept.customers),
            level(dept.revenue),
            facts.verdict(Model::Customer).as_str(),
            facts.verdict(Model::Profit).as_str(),
            if facts.is_grey_area() { "true" } else { "false" },
            &encode_cell(dept.notes.as_deref().unwrap_or("")),
            &figure(Figure::Headcount),
            &figure(Figure::Budget),
        ]);
    }
    let bytes = writer.into_inner().expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("every field is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_with_slashes_and_backslashes_survive_the_escaping() {
        let ids = ["a/b", "c\\d", "e\\/f", "", "ñ,\"q\""];
        let cell = encode_path(&ids);
        assert_eq!(cell, "a\\/b/c\\\\d/e\\\\\\/f//ñ,\"q\"");
        assert_eq!(decode_path(&cell), ids);
    }

    #[test]
    fn the_empty_cell_is_the_top_level() {
        assert!(decode_path("").is_empty());
        assert_eq!(encode_path::<&str>(&[]), "");
    }

    #[test]
    fn cells_round_trip_through_the_neutralising_and_the_escaping() {
        let cells = [
            "",
            "plain",
            "=1+1",
            "+x",
            "-x",
            "@x",
            "\tx",
            "\rx",
            "'x",
            "''",
            "'",
            "a\u{1b}b",
            "\\u{1b}",
            "\\u{zz}",
            "\\",
            "\\u{",
            "u{1b}",
            "\\\u{7}u{1}",
            "\u{202e}",
        ];
        for text in cells {
            let cell = encode_cell(text);
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{cell:?}");
            assert!(!cell.chars().any(is_unsafe), "{cell:?}");
            assert_eq!(decode_cell(&cell), text, "through {cell:?}");
        }
        assert_eq!(encode_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(encode_cell("'quoted"), "''quoted");
        assert_eq!(encode_cell("a\u{1b}b"), "a\\u{1b}b");
        assert_eq!(decode_cell("hand \\ written \\u{}"), "hand \\ written \\u{}");
    }

    #[test]
    fn stray_backslashes_are_kept() {
        assert_eq!(decode_path("a\\b/c\\"), ["a\\b", "c\\"]);
    }
}
