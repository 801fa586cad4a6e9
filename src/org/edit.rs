//! Edits of an org file that keep everything else byte for byte.
//!
//! An edit takes the file's text and gives back the new text: the text is parsed as a
//! `toml_edit` document, the one department concerned is changed in place, and the
//! document is written out again, so comments, blank lines, key order and untouched
//! departments stay as they were (SPEC §7).
//!
//! Sibling order is file order. Sub-tables (`[org.a.b]`) are ordered by where their
//! headers stand, which `toml_edit` keeps as a table *position*; departments written
//! as inline tables or dotted keys are ordered inside their parent's body, which always
//! comes before its sub-table headers. Placing a department therefore means choosing a
//! position for its headers among its siblings', and turning a body-style sibling into
//! a sub-table when the order could not be written otherwise.

use toml_edit::{DocumentMut, InlineTable, Item, Key, Table, Value};

use super::{DeptId, Level, Org, load};

/// A department's place: the ids from the top level down.
pub type Path = Vec<String>;

/// One change to an org file.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Adds a department named `name` as the last child of `parent` (`None`: top level).
    AddChild { parent: Option<Path>, name: String },
    /// Adds a department named `name` right below `sibling`.
    AddSibling { sibling: Path, name: String },
    /// Sets the `name` of a department; its id never changes.
    Rename { path: Path, name: String },
    /// Sets or removes (`None`) the `customers` or `revenue` fact.
    SetFact { path: Path, field: FactField, value: Option<Level> },
    /// Sets or removes the function.
    SetFunction { path: Path, function: Option<String> },
    /// Sets or removes the notes.
    SetNotes { path: Path, notes: Option<String> },
    /// Removes a department with all its sub-departments.
    Delete { path: Path },
    /// Swaps a department with its previous (`up`) or next sibling.
    Move { path: Path, up: bool },
    /// Makes a department the last child of its previous sibling.
    Indent { path: Path },
    /// Makes a department the next sibling of its parent.
    Outdent { path: Path },
    /// Inserts a copied department as the next sibling of `target`, or as its last
    /// child (`as_child`); `target` `None` pastes at the top level.
    Paste { clip: Box<Clip>, target: Option<Path>, as_child: bool },
}

/// Which fact [`Edit::SetFact`] changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FactField {
    Customers,
    Revenue,
}

impl FactField {
    fn key(self) -> &'static str {
        match self {
            FactField::Customers => "customers",
            FactField::Revenue => "revenue",
        }
    }
}

/// A department copied with its sub-departments, ready to paste.
#[derive(Clone, Debug)]
pub struct Clip {
    /// Its id where it was copied.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// How many departments it holds, itself included.
    pub count: usize,
    item: Item,
}

impl PartialEq for Clip {
    fn eq(&self, other: &Clip) -> bool {
        self.id == other.id && self.item.to_string() == other.item.to_string()
    }
}

/// The result of an edit: the new text and the department to select.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub text: String,
    /// The path of the department the edit is about (`None` when nothing is left).
    pub select: Option<Path>,
    /// Set when the edit only rewrote fields in one department's block: the loaded
    /// org can then be brought up to date with [`update_in_place`] instead of being
    /// loaded again from the whole text.
    pub in_place: Option<InPlace>,
}

/// Where a field edit rewrote the text: the department, and how much longer (or
/// shorter) its block became.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InPlace {
    pub dept: DeptId,
    /// Change in bytes.
    pub delta: isize,
    /// Change in lines.
    pub line_delta: isize,
}

/// Brings an org loaded from the old text up to date after a field edit that
/// [`apply_loaded`] made in place: the field changes, and the blocks after the
/// department's move by the change in length.
pub fn update_in_place(org: &mut Org, edit: &Edit, in_place: InPlace) {
    let dept = &mut org.departments[in_place.dept];
    match edit {
        Edit::Rename { name, .. } => dept.name = Some(name.trim().to_string()),
        Edit::SetFact { field: FactField::Customers, value, .. } => dept.customers = *value,
        Edit::SetFact { field: FactField::Revenue, value, .. } => dept.revenue = *value,
        Edit::SetFunction { function, .. } => dept.function = function.clone(),
        Edit::SetNotes { notes, .. } => dept.notes = notes.clone().filter(|n| !n.trim().is_empty()),
        _ => {}
    }
    let Some((start, end)) = dept.block else { return };
    let line = dept.line;
    let shift = |offset: usize| offset.saturating_add_signed(in_place.delta);
    dept.block = Some((start, shift(end)));
    for other in &mut org.departments {
        if let Some((s, e)) = &mut other.block
            && *s >= end
        {
            (*s, *e) = (shift(*s), shift(*e));
        }
        if other.line > line {
            other.line = other.line.saturating_add_signed(in_place.line_delta);
        }
    }
}

/// Why an edit could not be made. The text is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("the file does not parse: {0}")]
    Invalid(String),
    #[error("no department at {0:?}")]
    NotFound(Path),
    #[error("there is no sibling to move past")]
    NoSibling,
    #[error("a top-level department has no parent to move out of")]
    AtTopLevel,
    #[error("the name is empty")]
    EmptyName,
}

/// Applies an edit to the text of an org file.
pub fn apply(text: &str, edit: &Edit) -> Result<Outcome, EditError> {
    let org = load(text).map_err(|e| EditError::Invalid(format!("{} problem(s)", e.diagnostics.len())))?;
    apply_loaded(text, &org, edit)
}

/// Applies an edit to the text of an org already loaded from that text. Edits of a
/// department written as its own table, in a file laid out parents first, only
/// rewrite that table's lines; others go through the whole document.
pub fn apply_loaded(text: &str, org: &Org, edit: &Edit) -> Result<Outcome, EditError> {
    match block::apply(text, org, edit) {
        Some(outcome) => Ok(outcome),
        None => apply_whole(text, org, edit),
    }
}

/// Applies an edit through a `toml_edit` document of the whole file: works for every
/// edit and every layout, at the cost of parsing it all.
pub fn apply_whole(text: &str, org: &Org, edit: &Edit) -> Result<Outcome, EditError> {
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| EditError::Invalid(e.to_string()))?;
    let select = apply_to(&mut doc, org, edit)?;
    Ok(Outcome { text: doc.to_string(), select, in_place: None })
}

/// Copies a department with its sub-departments.
pub fn copy(text: &str, path: &[String]) -> Result<Clip, EditError> {
    let org = load(text).map_err(|e| EditError::Invalid(format!("{} problem(s)", e.diagnostics.len())))?;
    copy_loaded(text, &org, path)
}

/// [`copy`] from an org already loaded from `text`.
pub fn copy_loaded(text: &str, org: &Org, path: &[String]) -> Result<Clip, EditError> {
    let id = org.find_path(path).ok_or_else(|| EditError::NotFound(path.to_vec()))?;
    // Only the department's own lines need parsing when its subtree is one stretch.
    let source = block::subtree_range(org, id).map_or(text, |range| &text[range]);
    let mut doc: DocumentMut = source.parse().map_err(|e: toml_edit::TomlError| EditError::Invalid(e.to_string()))?;
    let item = item_at(&mut doc, path).ok_or_else(|| EditError::NotFound(path.to_vec()))?.clone();
    let dept = org.dept(id);
    Ok(Clip { id: dept.id.clone(), name: dept.display_name().to_string(), count: org.descendant_count(id) + 1, item })
}

/// Edits that touch one stretch of the text: the department's own table (fields), its
/// whole subtree (delete), or the point right after a subtree (add). They apply when
/// the departments concerned are written as tables with their own headers, one after
/// the other, parents first — the common layout, and the one of huge generated files.
mod block {
    use std::ops::Range;

    use toml_edit::{DocumentMut, Key, Value};

    use super::{Edit, FactField, InPlace, Outcome, Path, child_path, id_from_name, non_empty, set_field, sibling_ids};
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
        let block = doc.to_string();
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
        let table = format!("[{}]\nname = {}\n", header.join("."), Value::from(name).to_string().trim());
        let before = &text[..at];
        let inserted = if before.ends_with("\n\n") || before.is_empty() {
            format!("{table}\n")
        } else if before.ends_with('\n') {
            format!("\n{table}")
        } else {
            format!("\n\n{table}")
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
}

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

fn apply_to(doc: &mut DocumentMut, org: &Org, edit: &Edit) -> Result<Option<Path>, EditError> {
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
            let id = id_from_name(name, &sibling_ids(org, org.dept(sibling_id).parent));
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
            // Select what takes its place: the next sibling, else the previous, else
            // the parent.
            let dept = org.dept(id);
            let siblings = org.children_of(dept.parent);
            let index = siblings.iter().position(|&s| s == id).unwrap_or(0);
            let neighbour = siblings.get(index + 1).or_else(|| index.checked_sub(1).and_then(|i| siblings.get(i)));
            let select = match (neighbour, dept.parent) {
                (Some(&n), _) => Some(org.path(n).iter().map(|s| s.to_string()).collect()),
                (None, Some(p)) => Some(org.path(p).iter().map(|s| s.to_string()).collect()),
                (None, None) => None,
            };
            Ok(select)
        }
        Edit::Move { path, up } => {
            let id = find(path)?;
            let dept = org.dept(id);
            let siblings = org.children_of(dept.parent);
            let index = siblings.iter().position(|&s| s == id).unwrap_or(0);
            let other = if *up { index.checked_sub(1) } else { Some(index + 1) };
            let Some(&other) = other.and_then(|i| siblings.get(i)) else { return Err(EditError::NoSibling) };
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
            let siblings = org.children_of(dept.parent);
            let index = siblings.iter().position(|&s| s == id).unwrap_or(0);
            let Some(&new_parent) = index.checked_sub(1).and_then(|i| siblings.get(i)) else {
                return Err(EditError::NoSibling);
            };
            let new_parent_path: Path = org.path(new_parent).iter().map(|s| s.to_string()).collect();
            let (key, item) = take(doc, path).ok_or_else(|| EditError::NotFound(path.clone()))?;
            let new_id = unique_id(&dept.id, &sibling_ids(org, Some(new_parent)));
            place(doc, &new_parent_path, rekey(key, &new_id), item, Placement::Last);
            Ok(Some(child_path(&new_parent_path, &new_id)))
        }
        Edit::Outdent { path } => {
            let id = find(path)?;
            let dept = org.dept(id);
            let Some(parent) = dept.parent else { return Err(EditError::AtTopLevel) };
            let parent_dept = org.dept(parent);
            let grand_path = path[..path.len() - 2].to_vec();
            let taken: Vec<&str> = sibling_ids(org, parent_dept.parent)
                .into_iter()
                .chain(std::iter::once(parent_dept.id.as_str()))
                .collect();
            let new_id = unique_id(&dept.id, &taken);
            let (key, item) = take(doc, path).ok_or_else(|| EditError::NotFound(path.clone()))?;
            place(doc, &grand_path, rekey(key, &new_id), item, Placement::After(&parent_dept.id));
            Ok(Some(child_path(&grand_path, &new_id)))
        }
        Edit::Paste { clip, target, as_child } => {
            let target_id = target.as_ref().map(find).transpose()?;
            let (parent_path, parent_id, placement) = match (target, target_id, as_child) {
                (Some(t), Some(tid), true) => (t.clone(), Some(tid), Placement::Last),
                (Some(t), Some(tid), false) => {
                    (t[..t.len() - 1].to_vec(), org.dept(tid).parent, Placement::After(last(t)))
                }
                _ => (Vec::new(), None, Placement::Last),
            };
            let new_id = unique_id(&clip.id, &sibling_ids(org, parent_id));
            let mut item = clip.item.clone();
            if let Item::Table(t) = &mut item {
                t.decor_mut().clear();
            }
            place(doc, &parent_path, Key::new(new_id.clone()), item, placement);
            Ok(Some(child_path(&parent_path, &new_id)))
        }
    }
}

fn non_empty(name: &str) -> Result<&str, EditError> {
    let name = name.trim();
    if name.is_empty() { Err(EditError::EmptyName) } else { Ok(name) }
}

fn last(path: &[String]) -> &str {
    path.last().map_or("", String::as_str)
}

fn child_path(parent: &[String], id: &str) -> Path {
    let mut path = parent.to_vec();
    path.push(id.to_string());
    path
}

/// The ids a new child of `parent` may not take: its siblings', and inside a
/// department the field names (`[org.a.notes]` would be the field `notes` of `a`).
fn sibling_ids(org: &Org, parent: Option<DeptId>) -> Vec<&str> {
    let siblings = org.children_of(parent).iter().map(|&c| org.dept(c).id.as_str());
    let fields = parent.map_or(&[][..], |_| &super::load::DEPARTMENT_FIELDS[..]);
    siblings.chain(fields.iter().copied()).collect()
}

/// The same key, renamed, keeping its formatting around it.
fn rekey(key: Key, id: &str) -> Key {
    if key.get() == id { key } else { Key::new(id) }
}

/// A fresh department table with only its name.
fn new_department(name: &str) -> Item {
    let mut table = Table::new();
    table.insert("name", toml_edit::value(name));
    Item::Table(table)
}

/// Is this department written inside its parent's body (inline table or dotted keys)
/// rather than as a sub-table with its own header?
fn in_body(item: &Item) -> bool {
    match item {
        Item::Value(_) => true,
        Item::Table(t) => t.is_dotted(),
        _ => false,
    }
}

/// Does this department have sub-departments?
fn has_sub_departments(item: &Item) -> bool {
    item.as_table_like().is_some_and(|t| t.iter().any(|(_, v)| is_department(v)))
}

/// Does this item stand for a department (a table of some form)?
fn is_department(item: &Item) -> bool {
    matches!(item, Item::Table(_) | Item::Value(Value::InlineTable(_)))
}

/// The `[org]` table, created (implicit, so it prints nothing) when missing.
fn org_item(doc: &mut DocumentMut) -> &mut Item {
    let root = doc.as_table_mut();
    if !root.contains_key("org") {
        let mut org = Table::new();
        org.set_implicit(true);
        root.insert("org", Item::Table(org));
    }
    &mut root["org"]
}

fn item_at<'d>(doc: &'d mut DocumentMut, path: &[String]) -> Option<&'d mut Item> {
    let mut item = org_item(doc);
    for key in path {
        item = item.as_table_like_mut()?.get_mut(key)?;
    }
    Some(item)
}

/// Sets a scalar field of a department, or removes it (`None`). A replaced value keeps
/// the spaces and comment around it.
fn set_field(doc: &mut DocumentMut, path: &[String], field: &str, value: Option<Value>) {
    let implicit_from = match item_at(doc, path) {
        Some(Item::Table(t)) if t.is_implicit() && value.is_some() => {
            Some(subtree_positions(&Item::Table(t.clone())).into_iter().min())
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
/// would vanish with it (a table known only through this child) keeps a header.
fn take(doc: &mut DocumentMut, path: &[String]) -> Option<(Key, Item)> {
    let (parent_path, id) = path.split_last().map(|(id, parent)| (parent.to_vec(), id.clone()))?;
    let parent = item_at(doc, &parent_path)?;
    let taken = match parent {
        Item::Table(table) => table.remove_entry(&id),
        Item::Value(Value::InlineTable(table)) => table.remove_entry(&id).map(|(k, v)| (k, Item::Value(v))),
        _ => None,
    };
    let (key, item) = taken?;
    if !parent_path.is_empty()
        && let Item::Table(table) = parent
        && (table.is_implicit() || table.is_dotted())
        && !table.iter().any(|(_, v)| !v.is_none())
    {
        let position = subtree_positions(&item).into_iter().min();
        table.set_implicit(false);
        table.set_dotted(false);
        table.set_position(position);
    }
    Some((key, item))
}

/// Where [`place`] puts a department among its new siblings.
#[derive(Clone, Copy, Debug)]
enum Placement<'a> {
    Before(&'a str),
    After(&'a str),
    Last,
}

/// Inserts a department under `parent_path` at `placement`, choosing positions for its
/// headers so that the file order is the sibling order, and leaving every other
/// header where it was.
fn place(doc: &mut DocumentMut, parent_path: &[String], key: Key, item: Item, placement: Placement<'_>) {
    let Some(parent) = item_at(doc, parent_path) else { return };
    if let Item::Value(Value::InlineTable(table)) = parent {
        // Inside an inline table everything is inline.
        let value = item.into_value().unwrap_or_else(|_| Value::InlineTable(InlineTable::new()));
        let id = key.get().to_string();
        let mut order: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
        insert_in_order(&mut order, &id, placement);
        table.insert_formatted(&key, value);
        table.sort_values_by(|a, _, b, _| rank(&order, a.get()).cmp(&rank(&order, b.get())));
        return;
    }
    let Item::Table(table) = parent else { return };
    // The logical order of the children once the new one is in.
    let mut order = logical_children(table);
    let id = key.get().to_string();
    insert_in_order(&mut order, &id, placement);
    let index = order.iter().position(|k| *k == id).unwrap_or(order.len());
    // The body holds a prefix of the children; the new department may join it only
    // if everything before it is in the body too.
    let body_prefix = order.iter().take_while(|k| *k == &id || table.get(k).is_some_and(in_body)).count();
    let mut item = item;
    let body_follows = order[index + 1..].iter().any(|k| table.get(k).is_some_and(in_body));
    if index >= body_prefix {
        item = into_sub_table(item);
    } else if !in_body(&item) && body_follows && !has_sub_departments(&item) {
        // A small department between body siblings joins them as an inline table
        // rather than pushing the ones after it out of the body.
        if let Item::Table(t) = item {
            item = Item::Value(Value::InlineTable(t.into_inline_table()));
        }
    }
    let stays_in_body = in_body(&item);
    table.insert_formatted(&key, item);
    // Body children after a sub-table child must become sub-tables themselves.
    let first_sub_table = order.iter().position(|k| table.get(k).is_some_and(|i| !in_body(i)));
    let mut to_place: Vec<String> = Vec::new();
    if !stays_in_body {
        to_place.push(id.clone());
    }
    if let Some(first) = first_sub_table {
        for k in &order[first..] {
            if *k != id && table.get(k).is_some_and(in_body) {
                let converted = into_sub_table(table.remove(k).expect("present"));
                table.insert(k, converted);
                to_place.push(k.clone());
            }
        }
    }
    table.sort_values_by(|a, _, b, _| rank(&order, a.get()).cmp(&rank(&order, b.get())));
    // Give each sub-table to place a position right after the sub-table sibling before
    // it (or before the one after it), in order.
    let to_place: Vec<String> = order.iter().filter(|k| to_place.contains(k)).cloned().collect();
    for k in to_place {
        let anchor = anchor_position(doc, parent_path, &order, &k);
        let Some(item) = item_at(doc, &child_path(parent_path, &k)) else { continue };
        let count = headers(item).len() as isize;
        shift_positions(doc, anchor, count);
        if let Some(item) = item_at(doc, &child_path(parent_path, &k)) {
            renumber(item, anchor + 1);
        }
    }
}

/// The position after which a sub-table child `key` of the table at `parent_path`
/// should start: after the subtree of the nearest sub-table sibling before it, else
/// before the nearest one after it, else after the parent's own header.
fn anchor_position(doc: &mut DocumentMut, parent_path: &[String], order: &[String], key: &str) -> isize {
    let (_, last_overall) = positions_bounds(doc);
    let Some(parent) = item_at(doc, parent_path).and_then(|i| i.as_table()) else { return last_overall };
    let index = order.iter().position(|k| k == key).unwrap_or(0);
    let positions_of = |k: &String| parent.get(k).filter(|i| !in_body(i)).map(subtree_positions).unwrap_or_default();
    if let Some(max) = order[..index].iter().rev().find_map(|k| positions_of(k).into_iter().max()) {
        return max;
    }
    if let Some(min) = order[index + 1..].iter().find_map(|k| positions_of(k).into_iter().min()) {
        return min - 1;
    }
    if let Some(own) = parent.position() {
        return own;
    }
    // A parent without a header of its own: after the nearest ancestor that has one,
    // or at the end of the file.
    let mut ancestor = parent_path.to_vec();
    while ancestor.pop().is_some() {
        if let Some(max) = item_at(doc, &ancestor).and_then(|i| subtree_positions(i).into_iter().max()) {
            return max;
        }
    }
    last_overall
}

/// The children of a table in the order a reader meets them: body children first, in
/// key order, then sub-tables by the position of their first header.
fn logical_children(table: &Table) -> Vec<String> {
    let mut body = Vec::new();
    let mut subs: Vec<(isize, usize, String)> = Vec::new();
    for (i, (k, v)) in table.iter().enumerate() {
        if !is_department(v) {
            continue;
        }
        if in_body(v) {
            body.push(k.to_string());
        } else {
            let first = subtree_positions(v).into_iter().min().unwrap_or(isize::MAX);
            subs.push((first, i, k.to_string()));
        }
    }
    subs.sort();
    body.into_iter().chain(subs.into_iter().map(|(_, _, k)| k)).collect()
}

fn insert_in_order(order: &mut Vec<String>, id: &str, placement: Placement<'_>) {
    order.retain(|k| k != id);
    let at = match placement {
        Placement::Before(s) => order.iter().position(|k| k == s).unwrap_or(0),
        Placement::After(s) => order.iter().position(|k| k == s).map_or(order.len(), |i| i + 1),
        Placement::Last => order.len(),
    };
    order.insert(at, id.to_string());
}

/// Where a key stands in `order`; keys that are not departments keep their place
/// before all departments.
fn rank(order: &[String], key: &str) -> usize {
    order.iter().position(|k| k == key).map_or(0, |i| i + 1)
}

/// The department as a sub-table with its own header.
fn into_sub_table(item: Item) -> Item {
    match item {
        Item::Value(Value::InlineTable(inline)) => Item::Table(inline.into_table()),
        Item::Table(mut table) => {
            table.set_dotted(false);
            table.set_implicit(false);
            Item::Table(table)
        }
        other => other,
    }
}

/// Positions of every header in a subtree.
fn subtree_positions(item: &Item) -> Vec<isize> {
    let mut out = Vec::new();
    let mut stack = vec![item];
    while let Some(item) = stack.pop() {
        if let Item::Table(t) = item {
            out.extend(t.position());
            stack.extend(t.iter().map(|(_, v)| v));
        }
    }
    out
}

/// The positions of the headers of a subtree (tables that print a header), in
/// depth-first order; `None` for a header not placed yet.
fn headers(item: &Item) -> Vec<Option<isize>> {
    let mut out = Vec::new();
    let mut stack = vec![item];
    while let Some(item) = stack.pop() {
        if let Item::Table(t) = item {
            if !t.is_dotted() && !t.is_implicit() {
                out.push(t.position());
            }
            // Reversed so that children pop in key order.
            stack.extend(t.iter().map(|(_, v)| v).collect::<Vec<_>>().into_iter().rev());
        }
    }
    out
}

/// Gives the headers of a subtree the positions `start`, `start + 1`, ... keeping
/// their order in the file (headers not placed yet come last, parents first).
fn renumber(item: &mut Item, start: isize) {
    let old = headers(item);
    let mut by_place: Vec<usize> = (0..old.len()).collect();
    by_place.sort_by_key(|&i| (old[i].unwrap_or(isize::MAX), i));
    let mut new = vec![0; old.len()];
    for (rank, &i) in by_place.iter().enumerate() {
        new[i] = start + rank as isize;
    }
    let mut index = 0;
    let mut stack = vec![item];
    while let Some(item) = stack.pop() {
        if let Item::Table(t) = item {
            if !t.is_dotted() && !t.is_implicit() {
                t.set_position(Some(new[index]));
                index += 1;
            }
            stack.extend(t.iter_mut().map(|(_, v)| v).collect::<Vec<_>>().into_iter().rev());
        }
    }
}

/// Moves every header after `after` down by `by`, to make room.
fn shift_positions(doc: &mut DocumentMut, after: isize, by: isize) {
    fn walk(table: &mut Table, after: isize, by: isize) {
        if let Some(p) = table.position()
            && p > after
        {
            table.set_position(Some(p + by));
        }
        for (_, v) in table.iter_mut() {
            match v {
                Item::Table(t) => walk(t, after, by),
                Item::ArrayOfTables(array) => {
                    for t in array.iter_mut() {
                        walk(t, after, by);
                    }
                }
                _ => {}
            }
        }
    }
    walk(doc.as_table_mut(), after, by);
}

/// The smallest and largest header positions in the document.
fn positions_bounds(doc: &DocumentMut) -> (isize, isize) {
    let positions = subtree_positions(doc.as_item());
    (positions.iter().copied().min().unwrap_or(0), positions.iter().copied().max().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHOP: &str = r#"# The shop
[company]
name = "Shop" # trailing

# Front of the shop
[org.showroom]
name = "Showroom"   # aligned comment
function = "showroom"

[org.sales]
name = "Sales"
till = { name = "Till 1" }

[org.sales.returns]
name = "Returns"

# Behind
[org.books]
name = "Books"
"#;

    fn path(parts: &[&str]) -> Path {
        parts.iter().map(|s| s.to_string()).collect()
    }

    fn order(text: &str) -> Vec<String> {
        let org = load(text).expect("valid after the edit");
        (0..org.len()).map(|id| org.path_string(id)).collect()
    }

    #[test]
    fn a_sub_department_never_takes_a_field_name_as_its_id() {
        let out = apply(SHOP, &Edit::AddChild { parent: Some(path(&["showroom"])), name: "Notes".into() }).unwrap();
        assert_eq!(out.select, Some(path(&["showroom", "notes-2"])));
        assert!(load(&out.text).is_ok());
        let out = apply(SHOP, &Edit::AddChild { parent: None, name: "Notes".into() }).unwrap();
        assert_eq!(out.select, Some(path(&["notes"])), "at the top level any id will do");
    }

    #[test]
    fn ids_come_from_names_and_stay_unique() {
        assert_eq!(id_from_name("  Atención al Cliente! ", &[]), "atención-al-cliente");
        assert_eq!(id_from_name("Sales", &["sales", "sales-2"]), "sales-3");
        assert_eq!(id_from_name("***", &[]), "department");
    }

    #[test]
    fn adding_a_child_appends_after_the_parents_subtree() {
        let out = apply(SHOP, &Edit::AddChild { parent: Some(path(&["sales"])), name: "Web shop".into() }).unwrap();
        assert_eq!(out.select, Some(path(&["sales", "web-shop"])));
        assert_eq!(order(&out.text), ["showroom", "sales", "sales/till", "sales/returns", "sales/web-shop", "books"]);
        assert!(out.text.contains("[org.sales.web-shop]\nname = \"Web shop\"\n"), "{}", out.text);
        assert!(out.text.starts_with("# The shop\n[company]\nname = \"Shop\" # trailing\n"));
    }

    #[test]
    fn adding_a_sibling_goes_right_below() {
        let out = apply(SHOP, &Edit::AddSibling { sibling: path(&["showroom"]), name: "Window".into() }).unwrap();
        assert_eq!(order(&out.text), ["showroom", "window", "sales", "sales/till", "sales/returns", "books"]);
        let out = apply(SHOP, &Edit::AddSibling { sibling: path(&["sales", "till"]), name: "Till 2".into() }).unwrap();
        assert_eq!(order(&out.text), ["showroom", "sales", "sales/till", "sales/till-2", "sales/returns", "books"]);
    }

    #[test]
    fn renaming_keeps_the_comment_and_the_id() {
        let out = apply(SHOP, &Edit::Rename { path: path(&["showroom"]), name: "Display".into() }).unwrap();
        assert!(out.text.contains("name = \"Display\"   # aligned comment\n"), "{}", out.text);
        assert_eq!(out.text.lines().count(), SHOP.lines().count());
    }

    #[test]
    fn deleting_and_moving_keep_other_lines() {
        let out = apply(SHOP, &Edit::Delete { path: path(&["sales"]) }).unwrap();
        assert_eq!(order(&out.text), ["showroom", "books"]);
        assert!(out.text.contains("# Behind\n[org.books]"));
        assert_eq!(out.select, Some(path(&["books"])));

        let out = apply(SHOP, &Edit::Move { path: path(&["books"]), up: true }).unwrap();
        assert_eq!(order(&out.text), ["showroom", "books", "sales", "sales/till", "sales/returns"]);
        assert!(out.text.contains("# Behind\n[org.books]"));
        let out = apply(&out.text, &Edit::Move { path: path(&["books"]), up: false }).unwrap();
        assert_eq!(order(&out.text), order(SHOP));
    }

    #[test]
    fn indent_and_outdent_move_between_levels() {
        let out = apply(SHOP, &Edit::Indent { path: path(&["books"]) }).unwrap();
        assert_eq!(out.select, Some(path(&["sales", "books"])));
        assert_eq!(order(&out.text), ["showroom", "sales", "sales/till", "sales/returns", "sales/books"]);
        let out = apply(&out.text, &Edit::Outdent { path: path(&["sales", "books"]) }).unwrap();
        assert_eq!(order(&out.text), order(SHOP));
        let out = apply(SHOP, &Edit::Outdent { path: path(&["sales", "till"]) }).unwrap();
        assert_eq!(order(&out.text), ["showroom", "sales", "sales/returns", "till", "books"]);
    }

    #[test]
    fn paste_never_duplicates_an_id() {
        let clip = copy(SHOP, &path(&["sales"])).unwrap();
        assert_eq!(clip.count, 3);
        let out = apply(SHOP, &Edit::Paste { clip: Box::new(clip), target: Some(path(&["sales"])), as_child: false })
            .unwrap();
        assert_eq!(out.select, Some(path(&["sales-2"])));
        assert_eq!(
            order(&out.text),
            ["showroom", "sales", "sales/till", "sales/returns", "sales-2", "sales-2/till", "sales-2/returns", "books"]
        );
    }

    #[test]
    fn facts_are_set_and_unset() {
        let out =
            apply(SHOP, &Edit::SetFact { path: path(&["books"]), field: FactField::Revenue, value: Some(Level::None) })
                .unwrap();
        assert!(out.text.contains("[org.books]\nname = \"Books\"\nrevenue = \"none\"\n"), "{}", out.text);
        let out = apply(&out.text, &Edit::SetFact { path: path(&["books"]), field: FactField::Revenue, value: None })
            .unwrap();
        assert_eq!(out.text, SHOP);
    }

    #[test]
    fn a_parent_known_only_through_its_children_survives() {
        let text = "[company]\nname = \"X\"\n\n[org.a.b]\nname = \"B\"\n";
        let out = apply(text, &Edit::Delete { path: path(&["a", "b"]) }).unwrap();
        assert_eq!(order(&out.text), ["a"]);
        let out = apply(text, &Edit::Rename { path: path(&["a"]), name: "A".into() }).unwrap();
        assert_eq!(order(&out.text), ["a", "a/b"]);
        assert!(out.text.contains("name = \"A\""));
    }

    #[test]
    fn an_org_without_departments_gets_its_first() {
        let text = "[company]\nname = \"X\"\n";
        let out = apply(text, &Edit::AddChild { parent: None, name: "First".into() }).unwrap();
        assert_eq!(order(&out.text), ["first"]);
        assert!(out.text.starts_with(text));
    }

    #[test]
    fn inline_departments_stay_inline_inside_inline_parents() {
        let text = "[company]\nname = \"X\"\n[org]\na = { name = \"A\", b = { name = \"B\" } }\n";
        let out = apply(text, &Edit::AddChild { parent: Some(path(&["a"])), name: "C".into() }).unwrap();
        assert_eq!(order(&out.text), ["a", "a/b", "a/c"]);
        let out = apply(text, &Edit::Outdent { path: path(&["a", "b"]) }).unwrap();
        assert_eq!(order(&out.text), ["a", "b"]);
    }
}
