//! Edits that touch one stretch of the text: the department's own table (fields), its
//! whole subtree (delete), or the point right after a subtree (add). They apply when
//! the departments concerned are written as tables with their own headers, one after
//! the other, parents first — the common layout, and the one of huge generated files.

use std::ops::Range;

use toml_edit::{DocumentMut, Key, Value};

use super::endings::{keep_line_endings, line_ending};
use super::ids::{id_from_name, sibling_ids};
use super::tree::set_field;
use super::{Edit, FactField, InPlace, Outcome, Path, child_path, non_empty};
use crate::org::{DeptId, Org};

pub(super) fn apply(text: &str, org: &Org, edit: &Edit) -> Option<Outcome> {
    match edit {
        Edit::Rename { path, name } => field(text, org, path, "name", Some(Value::from(non_empty(name).ok()?))),
        Edit::SetFact { path, field: f, value } => {
            let key = match f {
                FactField::Customers => "customers",
                FactField::Revenue => "revenue",
            };
            field(text, org, path, key, value.map(|v| Value::from(v.as_str())))
        }
        Edit::SetFunction { path, function } => {
            field(text, org, path, "function", function.as_deref().map(Value::from))
        }
        Edit::SetNotes { path, notes } => {
            let notes = notes.as_deref().filter(|n| !n.trim().is_empty());
            field(text, org, path, "notes", notes.map(Value::from))
        }
        Edit::Delete { path } => {
            let id = org.find_path(path)?;
            // A parent without a header of its own would vanish with its last child.
            if org.dept(id).parent.is_some_and(|p| org.dept(p).block.is_none()) {
                return None;
            }
            let range = subtree_range(org, id)?;
            let mut out = String::with_capacity(text.len());
            out.push_str(&text[..range.start]);
            out.push_str(&text[range.end..]);
            // What takes its place: the next sibling, else the previous, else the parent.
            let dept = org.dept(id);
            let siblings = org.children_of(dept.parent);
            let index = siblings.iter().position(|&s| s == id)?;
            let neighbour = siblings.get(index + 1).or_else(|| index.checked_sub(1).and_then(|i| siblings.get(i)));
            let select = neighbour.or(dept.parent.as_ref()).map(|&d| path_of(org, d));
            Some(Outcome { text: out, select, in_place: None })
        }
        Edit::AddChild { parent: Some(parent), name } => {
            let name = non_empty(name).ok()?;
            let parent_id = org.find_path(parent)?;
            let id = id_from_name(name, &sibling_ids(org, Some(parent_id)));
            insert_after(text, org, parent_id, &child_path(parent, &id), name)
        }
        Edit::AddSibling { sibling, name } => {
            let name = non_empty(name).ok()?;
            let sibling_id = org.find_path(sibling)?;
            let id = id_from_name(name, &sibling_ids(org, org.dept(sibling_id).parent));
            let path = child_path(&sibling[..sibling.len() - 1], &id);
            insert_after(text, org, sibling_id, &path, name)
        }
        _ => None,
    }
}

fn path_of(org: &Org, id: DeptId) -> Path {
    org.path(id).iter().map(|s| s.to_string()).collect()
}

/// The stretch of text holding a department and all its sub-departments, when they
/// are all tables with their own headers, one right after the other.
pub(super) fn subtree_range(org: &Org, id: DeptId) -> Option<Range<usize>> {
    let end = org.subtree_end(id);
    let (start, mut stop) = org.dept(id).block?;
    for d in id + 1..end {
        let (next_start, next_stop) = org.dept(d).block?;
        if next_start != stop {
            return None;
        }
        stop = next_stop;
    }
    Some(start..stop)
}

/// Sets or removes a field by rewriting the department's table alone.
fn field(text: &str, org: &Org, path: &Path, key: &str, value: Option<Value>) -> Option<Outcome> {
    let id = org.find_path(path)?;
    let (start, end) = org.dept(id).block?;
    let mut doc: DocumentMut = text[start..end].parse().ok()?;
    set_field(&mut doc, path, key, value);
    let block = keep_line_endings(&text[start..end], doc.to_string());
    let delta = block.len() as isize - (end - start) as isize;
    let lines = |t: &str| t.bytes().filter(|&b| b == b'\n').count() as isize;
    let line_delta = lines(&block) - lines(&text[start..end]);
    // Sub-departments written inside the block would need their places worked out
    // again: then the org is loaded anew instead.
    let alone = org.dept(id).children.iter().all(|&c| org.dept(c).block.is_some());
    Some(Outcome {
        text: splice(text, start..end, &block),
        select: Some(path.clone()),
        in_place: alone.then_some(InPlace { dept: id, delta, line_delta }),
    })
}

/// Adds a department with its own header right after the subtree of `after`.
fn insert_after(text: &str, org: &Org, after: DeptId, path: &Path, name: &str) -> Option<Outcome> {
    let at = subtree_range(org, after)?.end;
    let header: Vec<String> = std::iter::once("org".to_string())
        .chain(path.iter().map(|p| Key::new(p.as_str()).display_repr().into_owned()))
        .collect();
    let nl = line_ending(text);
    let table = format!("[{}]{nl}name = {}{nl}", header.join("."), Value::from(name).to_string().trim());
    let before = &text[..at];
    let inserted = if before.ends_with(&format!("{nl}{nl}")) || before.is_empty() {
        format!("{table}{nl}")
    } else if before.ends_with('\n') {
        format!("{nl}{table}")
    } else {
        format!("{nl}{nl}{table}")
    };
    Some(Outcome { text: splice(text, at..at, &inserted), select: Some(path.clone()), in_place: None })
}

fn splice(text: &str, range: Range<usize>, with: &str) -> String {
    let mut out = String::with_capacity(text.len() + with.len());
    out.push_str(&text[..range.start]);
    out.push_str(with);
    out.push_str(&text[range.end..]);
    out
}
