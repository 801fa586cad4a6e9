//! Edits through a `toml_edit` document of the whole file, which work for every layout:
//! each [`Edit`] as a change to the document's tree of tables (adding, setting a
//! field, deleting, moving among siblings, indenting, outdenting, pasting), with the
//! helpers that find, take out and create department tables.

use toml_edit::{DocumentMut, Item, Key, Table, Value};

use super::ids::{id_from_name, sibling_ids, unique_id};
use super::order::{Placement, first_header, place, positions_bounds, shift_positions};
use super::{Edit, EditError, Path, child_path, non_empty};
use crate::org::Org;

pub(super) fn apply_to(doc: &mut DocumentMut, org: &Org, edit: &Edit) -> Result<Option<Path>, EditError> {
    let find = |path: &Path| org.find_path(path).ok_or_else(|| EditError::NotFound(path.clone()));
    match edit {
        Edit::AddChild { parent, name } => {
            let name = non_empty(name)?;
            let parent_id = parent.as_ref().map(find).transpose()?;
            let id = id_from_name(name, &sibling_ids(org, parent_id));
            let item = new_department(name);
            let parent_path = parent.clone().unwrap_or_default();
            place(doc, &parent_path, Key::new(id.clone()), item, Placement::Last);
            Ok(Some(child_path(&parent_path, &id)))
        }
        Edit::AddSibling { sibling, name } => {
            let name = non_empty(name)?;
            let sibling_id = find(sibling)?;
            let id = id_from_name(name, &sibling_ids(org, org.parent(sibling_id)));
            let parent_path = sibling[..sibling.len() - 1].to_vec();
            place(doc, &parent_path, Key::new(id.clone()), new_department(name), Placement::After(last(sibling)));
            Ok(Some(child_path(&parent_path, &id)))
        }
        Edit::Rename { path, name } => {
            let name = non_empty(name)?;
            find(path)?;
            set_field(doc, path, "name", Some(Value::from(name)));
            Ok(Some(path.clone()))
        }
        Edit::SetId { path, id } => {
            let dept_id = find(path)?;
            let new_id = super::check_id(org, dept_id, id).map_err(EditError::BadId)?;
            if new_id == last(path) {
                return Ok(Some(path.clone()));
            }
            // Taken out and put back under the new key before its next sibling: its
            // sub-tables' headers follow the key, its place among siblings stays.
            let next = org.next_sibling(dept_id).map(|s| org.dept(s).id.as_str());
            let parent_path = path[..path.len() - 1].to_vec();
            let (_, item) = take(doc, path).ok_or_else(|| EditError::NotFound(path.clone()))?;
            let placement = next.map_or(Placement::Last, Placement::Before);
            place(doc, &parent_path, Key::new(new_id.clone()), item, placement);
            Ok(Some(child_path(&parent_path, &new_id)))
        }
        Edit::SetFact { path, field, value } => {
            find(path)?;
            set_field(doc, path, field.key(), value.map(|v| Value::from(v.as_str())));
            Ok(Some(path.clone()))
        }
        Edit::SetFunction { path, function } => {
            find(path)?;
            set_field(doc, path, "function", function.as_deref().map(Value::from));
            Ok(Some(path.clone()))
        }
        Edit::SetNotes { path, notes } => {
            find(path)?;
            let notes = notes.as_deref().filter(|n| !n.trim().is_empty());
            set_field(doc, path, "notes", notes.map(Value::from));
            Ok(Some(path.clone()))
        }
        Edit::Delete { path } => {
            let id = find(path)?;
            take(doc, path);
            Ok(org.heir(id).map(|d| org.owned_path(d)))
        }
        Edit::Move { path, up } => {
            let id = find(path)?;
            let other = if *up { org.previous_sibling(id) } else { org.next_sibling(id) };
            let Some(other) = other else { return Err(EditError::NoSibling) };
            let parent_path = path[..path.len() - 1].to_vec();
            let (key, item) = take(doc, path).ok_or_else(|| EditError::NotFound(path.clone()))?;
            let other_id = org.dept(other).id.clone();
            let placement = if *up { Placement::Before(&other_id) } else { Placement::After(&other_id) };
            place(doc, &parent_path, key, item, placement);
            Ok(Some(path.clone()))
        }
        Edit::Indent { path } => {
            let id = find(path)?;
            let dept = org.dept(id);
            let Some(new_parent) = org.previous_sibling(id) else {
                return Err(EditError::NoSibling);
            };
            let new_parent_path: Path = org.owned_path(new_parent);
            let (key, item) = take(doc, path).ok_or_else(|| EditError::NotFound(path.clone()))?;
            let new_id = unique_id(&dept.id, &sibling_ids(org, Some(new_parent)));
            place(doc, &new_parent_path, rekey(key, &new_id), item, Placement::Last);
            Ok(Some(child_path(&new_parent_path, &new_id)))
        }
        Edit::Outdent { path } => {
            let id = find(path)?;
            let dept = org.dept(id);
            let Some(parent) = org.parent(id) else { return Err(EditError::AtTopLevel) };
            let parent_dept = org.dept(parent);
            let grand_path = path[..path.len() - 2].to_vec();
            // The parent's own id is among its siblings'.
            let taken = sibling_ids(org, org.parent(parent));
            let new_id = unique_id(&dept.id, &taken);
            let (key, item) = take(doc, path).ok_or_else(|| EditError::NotFound(path.clone()))?;
            place(doc, &grand_path, rekey(key, &new_id), item, Placement::After(&parent_dept.id));
            Ok(Some(child_path(&grand_path, &new_id)))
        }
        Edit::Paste { clip, target, as_child } => {
            let target_id = target.as_ref().map(find).transpose()?;
            let (parent_path, parent_id, placement) = match (target, target_id, as_child) {
                (Some(t), Some(tid), true) => (t.clone(), Some(tid), Placement::Last),
                (Some(t), Some(tid), false) => (t[..t.len() - 1].to_vec(), org.parent(tid), Placement::After(last(t))),
                _ => (Vec::new(), None, Placement::Last),
            };
            let new_id = unique_id(&clip.id, &sibling_ids(org, parent_id));
            let mut item = clip.item()?;
            if let Item::Table(t) = &mut item {
                t.decor_mut().clear();
            }
            place(doc, &parent_path, Key::new(new_id.clone()), item, placement);
            Ok(Some(child_path(&parent_path, &new_id)))
        }
    }
}

pub(super) fn last(path: &[String]) -> &str {
    path.last().map_or("", String::as_str)
}

/// The same key, renamed, keeping its formatting around it.
pub(super) fn rekey(key: Key, id: &str) -> Key {
    if key.get() == id { key } else { Key::new(id) }
}

/// A fresh department table with only its name.
pub(super) fn new_department(name: &str) -> Item {
    let mut table = Table::new();
    table.insert("name", toml_edit::value(name));
    Item::Table(table)
}

/// The `[org]` table, created (implicit, so it prints nothing) when missing.
pub(super) fn org_item(doc: &mut DocumentMut) -> &mut Item {
    let root = doc.as_table_mut();
    if !root.contains_key("org") {
        let mut org = Table::new();
        org.set_implicit(true);
        root.insert("org", Item::Table(org));
    }
    &mut root["org"]
}

pub(super) fn item_at<'d>(doc: &'d mut DocumentMut, path: &[String]) -> Option<&'d mut Item> {
    let mut item = org_item(doc);
    for key in path {
        item = item.as_table_like_mut()?.get_mut(key)?;
    }
    Some(item)
}

/// Sets a scalar field of a department, or removes it (`None`). A replaced value keeps
/// the spaces and comment around it.
pub(super) fn set_field(doc: &mut DocumentMut, path: &[String], field: &str, value: Option<Value>) {
    let implicit_from = match item_at(doc, path) {
        Some(item) if matches!(&*item, Item::Table(t) if t.is_implicit()) && value.is_some() => {
            Some(first_header(item))
        }
        _ => None,
    };
    if let Some(first_child) = implicit_from {
        // A department known only through its sub-tables gets a header of its own,
        // just before its first sub-table.
        let at = first_child.unwrap_or_else(|| positions_bounds(doc).1 + 1);
        shift_positions(doc, at - 1, 1);
        if let Some(Item::Table(t)) = item_at(doc, path) {
            t.set_implicit(false);
            t.set_position(Some(at));
        }
    }
    let Some(table) = item_at(doc, path).and_then(Item::as_table_like_mut) else { return };
    match value {
        Some(new) => match table.get_mut(field) {
            Some(Item::Value(old)) => {
                let decor = old.decor().clone();
                *old = new;
                *old.decor_mut() = decor;
            }
            _ => {
                table.insert(field, Item::Value(new));
            }
        },
        None => {
            table.remove(field);
        }
    }
}

/// Removes a department from its parent and returns it with its key. A parent that
/// would vanish with it (a table known only through this child) keeps a header, and
/// so does a parent first named in the file by this child's tables: siblings are read
/// in the order of their first headers, so the parent stays named where it was.
pub(super) fn take(doc: &mut DocumentMut, path: &[String]) -> Option<(Key, Item)> {
    let (parent_path, id) = path.split_last().map(|(id, parent)| (parent.to_vec(), id.clone()))?;
    let parent = item_at(doc, &parent_path)?;
    // The top level is no department: where it is named does not matter.
    let first_named = if parent_path.is_empty() { None } else { first_header(parent) };
    let taken = match parent {
        Item::Table(table) => table.remove_entry(&id),
        Item::Value(Value::InlineTable(table)) => {
            super::order::closing_space_kept(table, |table| table.remove_entry(&id)).map(|(k, v)| (k, Item::Value(v)))
        }
        _ => None,
    };
    let (key, item) = taken?;
    if parent_path.is_empty() {
        return Some((key, item));
    }
    let position = first_header(&item);
    // A dotted parent is named in its own parent's body, not by its sub-tables.
    let dotted = matches!(parent, Item::Table(t) if t.is_dotted());
    let named_here = position.is_some() && position == first_named && !dotted;
    // Where the parent is first named now, when that moves.
    let first_left = if named_here { first_header(parent) } else { None };
    let Item::Table(table) = parent else { return Some((key, item)) };
    let emptied = !table.iter().any(|(_, v)| !v.is_none());
    if (table.is_implicit() || table.is_dotted()) && emptied || table.is_implicit() && named_here {
        table.set_implicit(false);
        table.set_dotted(false);
        table.set_position(position);
    } else if named_here {
        // Its first header left moves up: it was the first of the subtree, so the
        // order inside stays.
        move_header(table, first_left, position);
    }
    Some((key, item))
}

/// Gives the header at position `from` in a table's subtree the position `to`.
fn move_header(table: &mut Table, from: Option<isize>, to: Option<isize>) {
    let mut stack = vec![table];
    while let Some(table) = stack.pop() {
        if table.position().is_some() && table.position() == from {
            table.set_position(to);
            return;
        }
        stack.extend(table.iter_mut().filter_map(|(_, v)| v.as_table_mut()));
    }
}
