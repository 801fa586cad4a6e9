//! Ids for departments an edit creates or moves: made from a name, and kept unique
//! among the new siblings (and clear of the field names a department table uses).

use crate::org::load::DEPARTMENT_FIELDS;
use crate::org::{DeptId, Org};

/// An id for a new department: its name transliterated to ASCII ("Atención" becomes
/// `atencion`, "北京" `bei-jing`), in lower case with dashes, unique among the siblings
/// (`-2`, `-3`, ... when taken). Readable in a table header without quotes.
pub fn id_from_name(name: &str, taken: &[&str]) -> String {
    let mut slug = String::new();
    for c in deunicode::deunicode(name.trim()).chars().map(|c| c.to_ascii_lowercase()) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    unique_id(if slug.is_empty() { "department" } else { slug }, taken)
}

/// `base`, or `base-2`, `base-3`, ... whichever is not taken.
pub fn unique_id(base: &str, taken: &[&str]) -> String {
    if !taken.contains(&base) {
        return base.to_string();
    }
    (2..).map(|n| format!("{base}-{n}")).find(|id| !taken.contains(&id.as_str())).expect("some number is free")
}

/// The ids a new child of `parent` may not take: its siblings', and inside a
/// department the field names (`[org.a.notes]` would be the field `notes` of `a`).
pub(super) fn sibling_ids(org: &Org, parent: Option<DeptId>) -> Vec<&str> {
    let siblings = org.children(parent).map(|c| org.dept(c).id.as_str());
    let fields = parent.map_or(&[][..], |_| &DEPARTMENT_FIELDS[..]);
    siblings.chain(fields.iter().copied()).collect()
}

/// Why a department cannot take an id.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdProblem {
    #[error("the id is empty")]
    Empty,
    #[error("an id may not hold line breaks, tabs or other control characters")]
    Control,
    /// Inside a department, `[org.a.notes]` would be the field `notes` of `a`.
    #[error("inside a department an id may not be a field name: {0}")]
    FieldName(String),
    #[error("a sibling already has the id {0}")]
    Taken(String),
}

/// The id `wanted` (without the spaces around it) if department `dept` may take it:
/// any text but an empty one, one with control characters, a sibling's id, or, below
/// the top level, a field name. Its own id is fine.
pub fn check_id(org: &Org, dept: DeptId, wanted: &str) -> Result<String, IdProblem> {
    let wanted = wanted.trim();
    if wanted.is_empty() {
        return Err(IdProblem::Empty);
    }
    if wanted.chars().any(char::is_control) {
        return Err(IdProblem::Control);
    }
    let d = org.dept(dept);
    if wanted == d.id {
        return Ok(wanted.to_string());
    }
    if org.parent(dept).is_some() && DEPARTMENT_FIELDS.contains(&wanted) {
        return Err(IdProblem::FieldName(wanted.to_string()));
    }
    if org.children(org.parent(dept)).any(|s| org.dept(s).id == wanted) {
        return Err(IdProblem::Taken(wanted.to_string()));
    }
    Ok(wanted.to_string())
}
