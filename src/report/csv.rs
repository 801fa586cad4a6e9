//! The CSV report (SPEC §5): one row per department, for spreadsheets and org-chart
//! tools, in the shape that [`crate::import`] reads back.
//!
//! Columns: `id,parent_id,name,function,customers,revenue,customer_model,profit_model,
//! grey_area`. `customers` and `revenue` hold the values set in the department's own
//! table (empty when unset), so that importing the file reproduces the same org file
//! facts; the verdict columns and `grey_area` are derived and ignored on import.
//!
//! Quoting of commas, quotes and line breaks is the `csv` crate's (RFC 4180). The `id`
//! column holds the id exactly. `parent_id` holds the parent's path, see
//! [`encode_path`].

use crate::classify::Model;
use crate::org::Document;
use crate::org::Level;

/// The header row, exactly as SPEC §5 gives it.
pub const HEADER: [&str; 9] =
    ["id", "parent_id", "name", "function", "customers", "revenue", "customer_model", "profit_model", "grey_area"];

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

/// The report as CSV text, one row per department in pre-order.
pub fn csv(doc: &Document) -> String {
    let mut writer = ::csv::WriterBuilder::new().from_writer(Vec::new());
    let level = |value: Option<Level>| value.map_or("", Level::as_str);
    let mut write = |record: [&str; 9]| writer.write_record(record).expect("writing to memory cannot fail");
    write(HEADER);
    let org = &doc.org;
    for (id, dept) in org.departments.iter().enumerate() {
        let facts = doc.classes.of(id);
        let parent_path = dept.parent.map(|p| encode_path(&org.path(p))).unwrap_or_default();
        write([
            &dept.id,
            &parent_path,
            dept.display_name(),
            dept.function.as_deref().unwrap_or(""),
            level(dept.customers),
            level(dept.revenue),
            facts.verdict(Model::Customer).as_str(),
            facts.verdict(Model::Profit).as_str(),
            if facts.is_grey_area() { "true" } else { "false" },
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
    fn stray_backslashes_are_kept() {
        assert_eq!(decode_path("a\\b/c\\"), ["a\\b", "c\\"]);
    }
}
