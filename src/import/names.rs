//! Rows without ids: sheets that only have `Name,Parent` get ids made from the names,
//! and each parent cell is tied to the row of that name — which must be unique. And
//! ids that a spreadsheet took for numbers.

use std::collections::{HashMap, HashSet};

use crate::diagnostic::nearest;
use crate::org::load::DEPARTMENT_FIELDS;

use super::columns::{Columns, NAME, PARENT, Row};
use super::{CsvProblem, Note, Problem};

/// Gives each row an id made from its name (lower case, words joined by `-`, unique in
/// the file) and turns its parent cell, a name, into that row's id. Clashing names
/// and parents that name no row are problems; false when names clash (the rows
/// cannot be tied at all).
pub(super) fn tie_by_names(rows: &mut [Row], columns: &Columns, problems: &mut Vec<Problem>) -> bool {
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut clashes = false;
    for (r, row) in rows.iter().enumerate() {
        let name = row.name.as_deref().unwrap_or_default().trim().to_string();
        if let Some(&first) = by_name.get(&name) {
            clashes = true;
            let problem = CsvProblem::NameClash { name, first_line: rows[first].line };
            problems.push(Problem { problem, line: row.line, column: columns[NAME].clone(), byte: row.byte });
        } else {
            by_name.insert(name, r);
        }
    }
    if clashes {
        return false;
    }
    let mut taken: HashSet<String> = DEPARTMENT_FIELDS.iter().map(|f| f.to_string()).collect();
    let ids: Vec<String> = rows
        .iter()
        .map(|row| {
            let base = slug(row.name.as_deref().unwrap_or_default());
            let mut id = base.clone();
            let mut n = 1;
            while !taken.insert(id.clone()) {
                n += 1;
                id = format!("{base}-{n}");
            }
            id
        })
        .collect();
    for (row, id) in rows.iter_mut().zip(&ids) {
        row.id = id.clone();
    }
    let mut unknown = Vec::new();
    for (r, row) in rows.iter_mut().enumerate() {
        let Some(parent) = row.parent.first() else { continue };
        match by_name.get(parent.as_str()) {
            Some(&p) => {
                row.parent = vec![ids[p].clone()];
            }
            None => unknown.push(r),
        }
    }
    for &r in unknown.iter().rev() {
        let row = &rows[r];
        let suggestion = nearest(&row.parent_cell, by_name.keys().map(String::as_str));
        let problem = CsvProblem::MissingParent { parent: row.parent_cell.clone(), suggestion };
        problems.push(Problem { problem, line: row.line, column: columns[PARENT].clone(), byte: row.byte });
    }
    for &r in unknown.iter().rev() {
        rows[r].parent.clear();
    }
    true
}

/// An id from a name: lower case, letters and digits kept, every other run of
/// characters one `-`.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().to_lowercase().chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "department".to_string() } else { out }
}

/// Ids of digits only that are shorter than another id of digits with leading zeros:
/// `7` beside `012` was most likely `007` before a spreadsheet read it as a number.
pub(super) fn lost_zeros(rows: &[Row]) -> Option<Note> {
    let digits = |id: &str| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit());
    let padded = rows.iter().map(|r| r.id.as_str()).filter(|id| digits(id) && id.len() > 1 && id.starts_with('0'));
    let padded = padded.max_by_key(|id| id.len())?;
    let ids: Vec<String> = rows
        .iter()
        .map(|r| &r.id)
        .filter(|id| digits(id) && id.len() < padded.len() && !id.starts_with('0'))
        .cloned()
        .collect();
    (!ids.is_empty()).then(|| Note::LostZeros { ids, padded: padded.to_string() })
}
