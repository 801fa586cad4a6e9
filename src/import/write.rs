//! Writing the TOML org file of a tree without problems: the `[company]` table (or the
//! base file's tables without its `[org]`), then one `[org.…]` table per row, depth
//! first in row order.

use std::fmt::Write;

use crate::org::Level;
use crate::org::load::DEPARTMENT_FIELDS;

use super::Base;
use super::columns::Row;
use super::preamble::Preamble;
use super::tree::Tree;

/// The org file text of a tree without problems.
pub(super) fn write_org(
    rows: &[Row],
    tree: &Tree,
    company: &str,
    base: Option<Base<'_>>,
    preamble: &Preamble,
) -> String {
    let mut roots = Vec::new();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); rows.len()];
    for (r, placed) in tree.parent.iter().enumerate() {
        match placed {
            Some(None) => roots.push(r),
            Some(Some(p)) => children[*p].push(r),
            None => {}
        }
    }
    let mut out = match base {
        Some(base) => base_tables(base.text, company),
        None => company_tables(company, preamble),
    };
    let mut keys: Vec<String> = Vec::new();
    let mut stack: Vec<(usize, usize)> = roots.iter().rev().map(|&r| (r, 0)).collect();
    while let Some((r, depth)) = stack.pop() {
        let row = &rows[r];
        keys.truncate(depth);
        keys.push(toml_edit::Key::new(row.id.as_str()).display_repr().into_owned());
        let _ = writeln!(out, "\n[org.{}]", keys.join("."));
        let name = row.name.as_deref().filter(|&name| name != row.id);
        let customers = row.customers.map(Level::as_str);
        let revenue = row.revenue.map(Level::as_str);
        let fields = [name, row.function.as_deref(), customers, revenue, row.notes.as_deref()];
        for (field, value) in DEPARTMENT_FIELDS.iter().zip(fields) {
            if let Some(value) = value {
                let _ = writeln!(out, "{field} = {}", string(value));
            }
        }
        for (field, value) in [("headcount", row.headcount), ("budget", row.budget)] {
            if let Some(value) = value {
                let _ = writeln!(out, "{field} = {value}");
            }
        }
        stack.extend(children[r].iter().rev().map(|&c| (c, depth + 1)));
    }
    out
}

/// The `[company]` and `[functions]` tables of a file without a base: the name, and
/// what the preamble says.
fn company_tables(company: &str, preamble: &Preamble) -> String {
    let mut out = format!("[company]\nname = {}\n", string(company));
    if let Some(description) = &preamble.description {
        let _ = writeln!(out, "description = {}", string(description));
    }
    if let Some(core) = &preamble.core_business {
        let _ = writeln!(out, "core_business = {}", string(core));
    }
    for function in &preamble.functions {
        let key = toml_edit::Key::new(function.key.as_str()).display_repr().into_owned();
        let _ = writeln!(out, "\n[functions.{key}]");
        let customers = function.customers.map(Level::as_str);
        let revenue = function.revenue.map(Level::as_str);
        let fields = [
            ("name", function.name.as_deref()),
            ("customers", customers),
            ("revenue", revenue),
            ("note", function.note.as_deref()),
        ];
        for (field, value) in fields {
            if let Some(value) = value {
                let _ = writeln!(out, "{field} = {}", string(value));
            }
        }
    }
    out
}

/// The base file without its `[org]` tables, with the company's name set.
fn base_tables(text: &str, company: &str) -> String {
    let Ok(mut doc) = text.parse::<toml_edit::DocumentMut>() else {
        return format!("[company]\nname = {}\n", string(company));
    };
    doc.remove("org");
    if doc["company"]["name"].as_str() != Some(company) {
        doc["company"]["name"] = toml_edit::value(company);
    }
    let mut out = doc.to_string();
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

/// A TOML string literal.
fn string(text: &str) -> String {
    toml_edit::Formatted::new(text.to_string()).display_repr().into_owned()
}
