//! Ids for departments an edit creates or moves: made from a name, and kept unique
//! among the new siblings (and clear of the field names a department table uses).

use crate::org::load::DEPARTMENT_FIELDS;
use crate::org::{DeptId, Org};

/// An id for a new department: its name in lower case with dashes, unique among the
/// siblings (`-2`, `-3`, ... when taken).
pub fn id_from_name(name: &str, taken: &[&str]) -> String {
    let mut slug = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
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
    let siblings = org.children_of(parent).iter().map(|&c| org.dept(c).id.as_str());
    let fields = parent.map_or(&[][..], |_| &DEPARTMENT_FIELDS[..]);
    siblings.chain(fields.iter().copied()).collect()
}
