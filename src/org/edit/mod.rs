//! Edits of an org file that keep everything else byte for byte.
//!
//! An edit takes the file's text and gives back the new text: the text is parsed as a
//! `toml_edit` document, the one department concerned is changed in place, and the
//! document is written out again, so comments, blank lines, key order and untouched
//! departments stay as they were (SPEC §7).
//!
//! Sibling order is file order. Sub-tables (`[org.a.b]`) are ordered by where their
//! headers stand, which `toml_edit` keeps as a table *position*; departments written
//! as inline tables or dotted keys are ordered inside their parent's body, which is
//! read where the parent's own header stands: before its sub-table headers, unless
//! that header comes after some of them. A department is read where its first header
//! stands, its own or a sub-department's. Placing a department therefore means
//! choosing a position for its headers among its siblings', and turning a body-style
//! sibling into a sub-table when the order could not be written otherwise.
//!
//! This module holds the edits, their outcome and the entry points; the work is split
//! by job: `block` (the fast path: rewriting one department's stretch of text),
//! `tree` (every edit on a `toml_edit` document of the whole file: adding, setting
//! fields, deleting, moving, indenting, outdenting and pasting departments), `order`
//! (where a department's tables go among its siblings: body or sub-table, and the
//! positions of its headers), `ids` (ids for new and moved departments),
//! `endings` (edited lines take the file's own line ending, `\r\n` or `\n`) and
//! `patch` (the loaded org brought up to date for an add, delete or paste and their
//! undos, without loading the whole text again).

mod block;
mod buffer;
mod change;
mod endings;
mod ids;
mod order;
pub(crate) mod patch;
pub(crate) mod stretch;
mod tree;

use compact_str::CompactString;
use std::ops::Range;
use std::sync::Arc;

use toml_edit::{DocumentMut, Item, Key};

use self::stretch::Stretch;
use self::tree::{apply_to, item_at};
use super::catalog::Catalog;
use super::{DeptId, Level, Org, load};

pub use buffer::{Text, TextBuffer};
pub use change::Change;
pub use ids::{IdProblem, check_id, id_from_name, unique_id};

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
    /// Changes a department's id (the key of its table): its sub-departments' table
    /// headers follow, and it keeps its place among its siblings.
    SetId { path: Path, id: String },
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

/// A department copied with its sub-departments, ready to paste. It keeps the
/// department's own text, not a parsed tree (a `toml_edit` tree weighs many times its
/// text), shared, so that cloning it for a paste costs nothing: copied from a
/// [`crate::document::Document`], a stretch the document lends until it changes it.
/// While the document still holds that text where it was copied, a paste takes the
/// departments from the loaded org; otherwise it loads the text again.
#[derive(Clone, Debug)]
pub struct Clip {
    /// Its id where it was copied.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// How many departments it holds, itself included.
    pub count: usize,
    /// How many levels it spans: 1 for a department without sub-departments.
    pub levels: usize,
    source: ClipSource,
}

/// What an edit says should a clip's text be gone, which the document that lends it
/// never lets happen (it copies the text out before it changes or goes).
const GONE: &str = "the copied text is no longer available";

/// About what a department weighs as a `toml_edit` tree, for [`Clip::own_bytes`].
const TREE_BYTES_PER_DEPARTMENT: usize = 512;

#[derive(Clone, Debug)]
enum ClipSource {
    /// The text of the department's subtree (one stretch of the file), its path in
    /// that text, where each of its departments' blocks starts in it, and its id and
    /// place when copied: while that stretch of the document is still this text, a
    /// paste takes its departments from the org instead of loading them.
    Text { text: Stretch, path: Path, blocks: Arc<[usize]>, from: (DeptId, Range<usize>) },
    /// The department as a tree, when its subtree is not one stretch of the file.
    Item(Arc<Item>),
}

impl Clip {
    /// The department as a tree, ready to place.
    fn item(&self) -> Result<Item, EditError> {
        match &self.source {
            ClipSource::Text { text, path, .. } => {
                let mut doc: DocumentMut = text
                    .read(str::parse)
                    .ok_or_else(|| EditError::Invalid(GONE.to_string()))?
                    .map_err(|e: toml_edit::TomlError| EditError::Invalid(e.to_string()))?;
                let item = item_at(&mut doc, path).ok_or_else(|| EditError::NotFound(path.clone()))?;
                Ok(std::mem::take(item))
            }
            ClipSource::Item(item) => Ok(Item::clone(item)),
        }
    }

    /// `lead`, then the clip's text with every header moved under `path`, without the
    /// blank and comment lines above its first header: what a paste puts in the file
    /// when the clip is one stretch of text; and where each department's block starts
    /// in it, after the lead. `None` when it is a tree.
    fn text_under(&self, path: &[String], lead: &str) -> Option<(String, Vec<usize>)> {
        let ClipSource::Text { text, path: old, blocks, .. } = &self.source else { return None };
        text.read(|text| Self::moved_under(text, (old, blocks), path, lead))?
    }

    /// [`Self::text_under`] from the clip's text, copied from `old`.
    fn moved_under(
        text: &str,
        (old, blocks): (&[String], &[usize]),
        path: &[String],
        lead: &str,
    ) -> Option<(String, Vec<usize>)> {
        let prefix: Vec<String> = std::iter::once("org".to_string())
            .chain(path.iter().map(|p| Key::new(p.as_str()).display_repr().into_owned()))
            .collect();
        let prefix = prefix.join(".");
        // Room for the line breaks a paste ends it with too: two, of up to two bytes.
        let room = lead.len() + text.len() + blocks.len() * prefix.len().saturating_sub(1) + 4;
        let mut out = String::with_capacity(room);
        out.push_str(lead);
        let mut starts = Vec::with_capacity(blocks.len());
        let mut copied = 0;
        for (i, &start) in blocks.iter().enumerate() {
            let keys = block::header_keys(text, start, 1 + old.len())?;
            // The first block starts at its header: what was above it stays behind.
            copied = if i == 0 { block::header_line_start(text, start)? } else { copied };
            starts.push(out.len() - lead.len() + start.saturating_sub(copied));
            out.push_str(&text[copied..keys.start]);
            out.push_str(&prefix);
            copied = keys.end;
        }
        out.push_str(&text[copied..]);
        Some((out, starts))
    }

    /// Where the clip was copied from, its department and the stretch of its
    /// subtree's tables, when that stretch of `document` still holds the clip's text:
    /// the org loaded from `document` then holds the clip's departments there
    /// ([`patch::Tables::copied`]).
    fn still_at(&self, document: &str) -> Option<(DeptId, Range<usize>)> {
        let ClipSource::Text { text, from: (id, range), .. } = &self.source else { return None };
        // Lent by the document from where it was copied, it is that stretch;
        // otherwise the two are compared.
        if !text.lent_at(document, range) && text.read(|text| document.get(range.clone()) != Some(text))? {
            return None;
        }
        Some((*id, range.clone()))
    }

    /// The clip's departments, `copied` from where it was copied
    /// ([`Self::still_at`]), as the text a paste puts in loads, `inserted`: `lead`
    /// bytes of line breaks, then the text of [`Self::text_under`], with its blocks'
    /// `starts`.
    fn tables_under(
        &self,
        tables: patch::Tables,
        path: &[String],
        (inserted, lead): (&str, usize),
        starts: &[usize],
    ) -> Option<patch::Tables> {
        let ClipSource::Text { text, blocks, .. } = &self.source else { return None };
        let starts: Vec<usize> = starts.iter().enumerate().map(|(i, &s)| if i == 0 { 0 } else { s + lead }).collect();
        // Lines above the first header stay behind; the line breaks put before it come.
        let dropped =
            text.read(|text| Some(crate::text::newlines(&text[..block::header_line_start(text, *blocks.first()?)?])))??;
        let lines = crate::text::newlines(&inserted[..lead]) as isize - dropped as isize;
        tables.moved(path, &starts, inserted.len(), lines)
    }

    /// About how many bytes it holds of its own, which letting it go gives back: not a
    /// text the document lends it; for a tree, a guess from its departments.
    pub fn own_bytes(&self) -> usize {
        match &self.source {
            ClipSource::Text { text, blocks, .. } => text.own_len() + std::mem::size_of_val::<[usize]>(blocks),
            ClipSource::Item(_) => self.count * TREE_BYTES_PER_DEPARTMENT,
        }
    }
}

impl PartialEq for Clip {
    fn eq(&self, other: &Clip) -> bool {
        self.id == other.id && self.item().map(|i| i.to_string()) == other.item().map(|i| i.to_string())
    }
}

/// The result of an edit: how the text changes, and the department to select.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The change that turns the old text into the new one: a splice at one place
    /// (the new department's tables put in, a subtree taken out, a block rewritten),
    /// or two neighbouring stretches swapped (a department moved past its sibling),
    /// which undo can turn back around without keeping either.
    pub change: Change,
    /// The path of the department the edit is about (`None` when nothing is left).
    pub select: Option<Path>,
    /// Set when the edit only rewrote fields in one department's block: the loaded
    /// org can then be brought up to date with [`update_in_place`] instead of being
    /// loaded again from the whole text.
    pub in_place: Option<InPlace>,
}

impl Outcome {
    /// The new text, made from the old one.
    pub fn text(&self, old: &str) -> String {
        self.change.apply(old)
    }
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
    /// The line of the department's header: the lines after it move.
    pub header_line: usize,
}

/// Brings an org loaded from the old text up to date after a field edit that
/// [`apply_loaded`] made in place: the field changes, and the blocks after the
/// department's move by the change in length.
pub fn update_in_place(org: &mut Org, edit: &Edit, in_place: InPlace) {
    let dept = org.departments.get_mut(in_place.dept);
    match edit {
        Edit::Rename { name, .. } => dept.name = Some(CompactString::new(name.trim())),
        Edit::SetFact { field: FactField::Customers, value, .. } => dept.customers = *value,
        Edit::SetFact { field: FactField::Revenue, value, .. } => dept.revenue = *value,
        Edit::SetFunction { function, .. } => dept.function = function.as_deref().map(CompactString::new),
        Edit::SetNotes { notes, .. } => {
            dept.notes = notes.as_deref().filter(|n| !n.trim().is_empty()).map(CompactString::new)
        }
        _ => {}
    }
    let Some((_, end)) = org.block(in_place.dept) else { return };
    shift_after(org, in_place.dept, end, in_place.delta, (in_place.header_line, in_place.line_delta));
}

/// After a department's block, which ended at `end`, grew by `delta` bytes and by
/// `lines.1` lines below its header, on line `lines.0`: its end and the blocks and
/// lines after it move.
pub(crate) fn shift_after(org: &mut Org, id: DeptId, end: usize, delta: isize, lines: (usize, isize)) {
    if let Some((s, e)) = org.block(id) {
        org.places[id].set_block(Some((s, e.saturating_add_signed(delta))));
    }
    let shift = patch::Shift { from_byte: end, bytes: delta, from_line: lines.0 + 1, lines: lines.1 };
    // No department came or went: every id stays.
    patch::move_text(org, &shift);
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
    /// The new id is no id a department may take.
    #[error("{0}")]
    BadId(IdProblem),
    /// The edit would nest a department deeper than files may ([`load::MAX_DEPTH`]).
    #[error("departments may nest at most {limit} levels deep")]
    TooDeep { limit: usize },
    /// The edit would make the text longer than [`crate::org::MAX_TEXT`].
    #[error("the file would hold 4 GiB or more")]
    TooLarge,
    /// Neither the built-in catalogue nor the file's `[functions]` declares the
    /// function: the text would not load.
    #[error("no function is called {0:?}")]
    UnknownFunction(String),
    /// The edit gave a text that does not load (an edit should never do that).
    #[error("the edited text does not load: {0}")]
    DoesNotLoad(super::LoadError),
}

/// The new text of an edit made by [`apply`], and the department to select.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edited {
    pub text: String,
    /// The path of the department the edit is about (`None` when nothing is left).
    pub select: Option<Path>,
}

/// Applies an edit to the text of an org file, giving the whole new text.
pub fn apply(text: &str, edit: &Edit) -> Result<Edited, EditError> {
    let org = load(text).map_err(|e| EditError::Invalid(format!("{} problem(s)", e.diagnostics.len())))?;
    let outcome = apply_loaded(text, &org, edit)?;
    Ok(Edited { text: outcome.text(text), select: outcome.select })
}

/// Applies an edit to the text of an org already loaded from that text. Edits of a
/// department written as its own table, in a file laid out parents first, only
/// rewrite that table's lines; others go through the whole document.
pub fn apply_loaded(text: &str, org: &Org, edit: &Edit) -> Result<Outcome, EditError> {
    within_depth(org, edit)?;
    known_function(org, edit)?;
    let outcome = match block::apply(text, org, edit) {
        Some(outcome) => outcome,
        None => apply_whole(text, org, edit)?,
    };
    within_size(&outcome.change, text.len(), crate::org::MAX_TEXT)?;
    Ok(outcome)
}

/// Refuses a change that would make a text of `len` bytes longer than `limit`, which
/// loading would refuse (a paste pasted again and again, say).
fn within_size(change: &Change, len: usize, limit: usize) -> Result<(), EditError> {
    if change.len_after(len) > limit { Err(EditError::TooLarge) } else { Ok(()) }
}

/// Refuses an edit that would put a department deeper than files may nest them, so
/// that no edit ever gives a text that does not load: adding a child, indenting
/// (the department and all below it go one level down) and pasting (the clip's
/// levels below the place it goes).
fn within_depth(org: &Org, edit: &Edit) -> Result<(), EditError> {
    let find = |path: &Path| org.find_path(path).ok_or_else(|| EditError::NotFound(path.clone()));
    // The levels the deepest department touched by the edit ends up on.
    let levels = match edit {
        Edit::AddChild { parent: Some(parent), .. } => org.dept(find(parent)?).depth + 2,
        Edit::Indent { path } => {
            let id = find(path)?;
            org.dept(id).depth + 1 + levels_below(org, id)
        }
        Edit::Paste { clip, target: Some(target), as_child } => {
            org.dept(find(target)?).depth + usize::from(*as_child) + clip.levels
        }
        Edit::Paste { clip, target: None, .. } => clip.levels,
        _ => return Ok(()),
    };
    if levels > load::MAX_DEPTH { Err(EditError::TooDeep { limit: load::MAX_DEPTH }) } else { Ok(()) }
}

/// Refuses a function neither the built-in catalogue nor the file declares, which
/// loading would refuse. (The interface only offers declared ones.)
fn known_function(org: &Org, edit: &Edit) -> Result<(), EditError> {
    match edit {
        Edit::SetFunction { function: Some(key), .. }
            if Catalog::builtin().get(key).is_none() && !org.functions.iter().any(|f| f.key == *key) =>
        {
            Err(EditError::UnknownFunction(key.clone()))
        }
        _ => Ok(()),
    }
}

/// How many levels a department's subtree spans: 1 when it has no sub-departments.
fn levels_below(org: &Org, id: DeptId) -> usize {
    // From the subtree ends alone, not the departments' records: a copy of a third of
    // a million departments spent most of its time reading their depths. In
    // pre-order, the subtrees still open at a department are its ancestors' and its
    // own: as many as its level below `id`.
    let mut open: Vec<DeptId> = Vec::new();
    let mut deepest = 1;
    for d in id..org.subtree_end(id) {
        while open.last().is_some_and(|&end| end <= d) {
            open.pop();
        }
        open.push(org.subtree_end(d));
        deepest = deepest.max(open.len());
    }
    deepest
}

/// Applies an edit through a `toml_edit` document of the whole file: works for every
/// edit and every layout, at the cost of parsing it all.
pub fn apply_whole(text: &str, org: &Org, edit: &Edit) -> Result<Outcome, EditError> {
    within_depth(org, edit)?;
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| EditError::Invalid(e.to_string()))?;
    let select = apply_to(&mut doc, org, edit)?;
    let new = endings::keep_line_endings(text, doc.to_string());
    Ok(Outcome { change: Change::between(text, &new), select, in_place: None })
}

/// Copies a department with its sub-departments.
pub fn copy(text: &str, path: &[String]) -> Result<Clip, EditError> {
    let org = load(text).map_err(|e| EditError::Invalid(format!("{} problem(s)", e.diagnostics.len())))?;
    copy_loaded(text, &org, path)
}

/// [`copy`] from an org already loaded from `text`.
pub fn copy_loaded(text: &str, org: &Org, path: &[String]) -> Result<Clip, EditError> {
    copy_keeping(text, org, path, |range| Stretch::own(&text[range]))
}

/// [`copy_loaded`], the stretch of text copied kept by `keep` (lent, or copied).
pub(crate) fn copy_keeping(
    text: &str,
    org: &Org,
    path: &[String],
    keep: impl FnOnce(Range<usize>) -> Stretch,
) -> Result<Clip, EditError> {
    let id = org.find_path(path).ok_or_else(|| EditError::NotFound(path.to_vec()))?;
    let dept = org.dept(id);
    let (id_text, name, count) = (dept.id.to_string(), dept.display_name().to_string(), org.descendant_count(id) + 1);
    // Only the department's own lines need parsing when its subtree is one stretch;
    // then those lines are all the clipboard keeps.
    let source = match block::subtree_range(org, text, id) {
        Some(range) => {
            let blocks = (id..org.subtree_end(id)).filter_map(|d| org.block(d)).map(|(s, _)| s - range.start);
            let blocks = blocks.collect();
            ClipSource::Text { text: keep(range.clone()), path: path.to_vec(), blocks, from: (id, range) }
        }
        None => {
            let mut doc: DocumentMut =
                text.parse().map_err(|e: toml_edit::TomlError| EditError::Invalid(e.to_string()))?;
            let item = item_at(&mut doc, path).ok_or_else(|| EditError::NotFound(path.to_vec()))?;
            ClipSource::Item(Arc::new(std::mem::take(item)))
        }
    };
    Ok(Clip { id: id_text, name, count, levels: levels_below(org, id), source })
}

fn non_empty(name: &str) -> Result<&str, EditError> {
    let name = name.trim();
    if name.is_empty() { Err(EditError::EmptyName) } else { Ok(name) }
}

fn child_path(parent: &[String], id: &str) -> Path {
    let mut path = parent.to_vec();
    path.push(id.to_string());
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The levels a subtree spans, worked out from the subtree ends, are those its
    /// departments' depths give, for every department of an org of many shapes.
    #[test]
    fn the_levels_below_a_department_are_those_its_depths_give() {
        let org = load(&crate::generate::org_text(3000, 7)).unwrap();
        for id in 0..org.len() {
            let depth = org.dept(id).depth;
            let by_depth = (id..org.subtree_end(id)).map(|d| org.dept(d).depth - depth + 1).max().unwrap();
            assert_eq!(levels_below(&org, id), by_depth, "department {id}");
        }
    }

    /// An edit that would make the text longer than the limit is refused, whatever
    /// kind of change makes it; one that keeps it at the limit or shortens a text
    /// already past it is not.
    #[test]
    fn an_edit_that_would_make_the_text_too_long_is_refused() {
        let org = load(SHOP).unwrap();
        let add = Edit::AddChild { parent: Some(vec!["sales".into()]), name: "Back room".into() };
        let outcome = apply_loaded(SHOP, &org, &add).unwrap();
        let after = outcome.change.len_after(SHOP.len());
        assert!(after > SHOP.len());
        assert_eq!(within_size(&outcome.change, SHOP.len(), after), Ok(()));
        assert_eq!(within_size(&outcome.change, SHOP.len(), after - 1), Err(EditError::TooLarge));
        let steps = Change::Steps(vec![Change::Rotate { start: 0, len: 4, by: 1 }, outcome.change]);
        assert_eq!(within_size(&steps, SHOP.len(), after - 1), Err(EditError::TooLarge));
        let delete = apply_loaded(SHOP, &org, &Edit::Delete { path: vec!["showroom".into()] }).unwrap();
        assert_eq!(within_size(&delete.change, SHOP.len(), SHOP.len() - 1), Ok(()));
    }

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
        assert_eq!(id_from_name("  Atención al Cliente! ", &[]), "atencion-al-cliente");
        assert_eq!(id_from_name("Atención al cliente", &["atencion-al-cliente"]), "atencion-al-cliente-2");
        assert_eq!(id_from_name("Ñandú & Straße", &[]), "nandu-strasse");
        assert_eq!(id_from_name("北京", &[]), "bei-jing");
        assert_eq!(id_from_name("Sales", &["sales", "sales-2"]), "sales-3");
        assert_eq!(id_from_name("***", &[]), "department");
    }

    #[test]
    fn changing_an_id_moves_the_sub_tables_and_keeps_the_rest() {
        let out = apply(SHOP, &Edit::SetId { path: path(&["sales"]), id: "tienda".into() }).unwrap();
        assert_eq!(out.select, Some(path(&["tienda"])));
        assert_eq!(order(&out.text), ["showroom", "tienda", "tienda/till", "tienda/returns", "books"]);
        let expected =
            SHOP.replace("[org.sales]", "[org.tienda]").replace("[org.sales.returns]", "[org.tienda.returns]");
        assert_eq!(out.text, expected);
        // A key that needs quotes gets them.
        let out = apply(SHOP, &Edit::SetId { path: path(&["sales", "till"]), id: "caja 1".into() }).unwrap();
        assert!(out.text.contains("\"caja 1\" = { name = \"Till 1\" }"), "{}", out.text);
        assert_eq!(order(&out.text), ["showroom", "sales", "sales/caja 1", "sales/returns", "books"]);
    }

    #[test]
    fn an_id_that_clashes_or_is_no_id_is_refused() {
        let refused = |p: &[&str], id: &str| match apply(SHOP, &Edit::SetId { path: path(p), id: id.into() }) {
            Err(EditError::BadId(problem)) => problem,
            other => panic!("{id:?}: {other:?}"),
        };
        assert_eq!(refused(&["showroom"], "books"), IdProblem::Taken("books".into()));
        assert_eq!(refused(&["showroom"], "  "), IdProblem::Empty);
        assert_eq!(refused(&["showroom"], "a\nb"), IdProblem::Control);
        assert_eq!(refused(&["sales", "returns"], "notes"), IdProblem::FieldName("notes".into()));
        assert_eq!(refused(&["sales", "returns"], "till"), IdProblem::Taken("till".into()));
        // The same id, or one only a sibling of another parent has, is fine.
        assert_eq!(apply(SHOP, &Edit::SetId { path: path(&["books"]), id: "books".into() }).unwrap().text, SHOP);
        assert!(apply(SHOP, &Edit::SetId { path: path(&["books"]), id: "returns".into() }).is_ok());
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

    /// Every department and field, by path: what a user sees of an org.
    fn seen(text: &str) -> Vec<String> {
        let org = load(text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        (0..org.len())
            .map(|d| {
                let dept = org.dept(d);
                let facts = (&dept.name, &dept.function, dept.customers, dept.revenue, &dept.notes);
                format!("{} {facts:?}", org.path_string(d))
            })
            .collect()
    }

    #[test]
    fn a_paste_or_move_through_the_block_gives_the_org_the_whole_document_gives() {
        let quoted = "[company]\nname = \"Q\"\n\n# the desk\n[org.\"front desk\"]\nname = \"Desk\"\n\n\
                      [ org . \"front desk\" . 'a.b' ] # odd\nname = \"Dotted\"\nnotes = \"\"\"\n[org.x]\n\"\"\"\n\n\
                      [org.\"front desk\".'a.b'.c]\nname = \"C\"\n[org.back]\nname = \"Back\"";
        let generated = crate::generate::org_text(60, 3);
        let samples = crate::samples::SAMPLES.iter().chain(&crate::samples::SAMPLES_ES).map(|s| s.text.to_string());
        let (mut through_block, mut carried, mut outdents_past) = (0, 0, 0);
        for text in [quoted.to_string(), generated].into_iter().chain(samples) {
            let org = load(&text).unwrap();
            for d in 0..org.len() {
                let target: Path = org.owned_path(d);
                let clip = copy_loaded(&text, &org, &target).unwrap();
                let pastes = [false, true].map(|as_child| Edit::Paste {
                    clip: Box::new(clip.clone()),
                    target: Some(target.clone()),
                    as_child,
                });
                let moves = [false, true].map(|up| Edit::Move { path: target.clone(), up });
                let shifts = [Edit::Indent { path: target.clone() }, Edit::Outdent { path: target.clone() }];
                for edit in pastes.into_iter().chain(moves).chain(shifts) {
                    let Some(block) = block::apply(&text, &org, &edit) else { continue };
                    through_block += 1;
                    let whole = apply_whole(&text, &org, &edit).unwrap();
                    let (block_text, whole_text) = (block.text(&text), whole.text(&text));
                    assert_eq!(block.select, whole.select, "{edit:?}");
                    assert_eq!(seen(&block_text), seen(&whole_text), "{edit:?}\n{block_text}");
                    match (&edit, &block.change) {
                        // A paste only adds lines: the file's own text is all still there.
                        // The clip's departments it carries are those its text loads to.
                        (Edit::Paste { .. }, Change::Splice { removed: 0, inserted, parsed, .. }) => {
                            if let Some(parsed) = parsed {
                                carried += 1;
                                assert_eq!(Some(&**parsed), patch::Tables::load(inserted).as_ref(), "{edit:?}");
                            }
                        }
                        // An indent or an outdent writes the subtree's headers again where
                        // it is; it carries the departments its text loads to.
                        (
                            Edit::Indent { .. } | Edit::Outdent { .. },
                            Change::Splice { removed: 1.., inserted, parsed: Some(parsed), .. },
                        ) => {
                            assert_eq!(Some(&**parsed), patch::Tables::load(inserted).as_ref(), "{edit:?}");
                            assert_eq!(block_text.lines().count(), text.lines().count(), "{edit:?}: only headers");
                        }
                        // An outdent of a child with later siblings first turns its
                        // tables past theirs, then writes its headers again there.
                        (Edit::Outdent { .. }, Change::Steps(steps)) => {
                            let [
                                Change::Rotate { .. },
                                Change::Splice { removed: 1.., inserted, parsed: Some(parsed), .. },
                            ] = &steps[..]
                            else {
                                panic!("{edit:?} gave {steps:?}")
                            };
                            outdents_past += 1;
                            assert_eq!(Some(&**parsed), patch::Tables::load(inserted).as_ref(), "{edit:?}");
                            assert_eq!(block_text.lines().count(), text.lines().count(), "{edit:?}: only headers");
                        }
                        (Edit::Move { .. }, Change::Rotate { start, len, by }) => {
                            let mut back = block_text.clone().into_bytes();
                            back[*start..start + len].rotate_left(len - by);
                            assert_eq!(back, text.as_bytes(), "turned back around, the text is the file's");
                        }
                        _ => panic!("{edit:?} gave {:?}", block.change),
                    }
                }
            }
            assert!(through_block > 0, "the quoted and spaced headers went through the block");
        }
        assert!(through_block > 100, "{through_block} edits went through the block");
        assert!(carried > 100, "{carried} pastes carried their departments");
        assert!(outdents_past > 10, "{outdents_past} outdents moved past later siblings");
    }

    /// A paste of a subtree big enough that its text is written on a second thread
    /// while its departments are copied carries the departments its text loads to.
    #[test]
    fn a_big_paste_written_on_a_second_thread_carries_its_departments() {
        let text = crate::generate::org_text(60_000, 1);
        let org = load(&text).unwrap();
        let big = (0..org.len())
            .filter(|&d| org.descendant_count(d) + 1 >= block::SIDE_BY_SIDE_FROM)
            .min_by_key(|&d| org.descendant_count(d))
            .expect("a subtree of the generated org is big enough");
        let target = org.owned_path(big);
        let clip = copy_loaded(&text, &org, &target).unwrap();
        for as_child in [false, true] {
            let edit = Edit::Paste { clip: Box::new(clip.clone()), target: Some(target.clone()), as_child };
            let outcome = block::apply(&text, &org, &edit).unwrap();
            let Change::Splice { removed: 0, inserted, parsed: Some(parsed), .. } = &outcome.change else {
                panic!("the paste carries its departments: {:?}", outcome.change)
            };
            assert!(parsed.departments().len() > block::SIDE_BY_SIDE_FROM);
            assert_eq!(Some(&**parsed), patch::Tables::load(inserted).as_ref());
        }
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

    /// An entry put in or taken out of an inline table leaves the space before its
    /// closing brace where it was: after the last entry, never before a comma.
    #[test]
    fn the_space_before_an_inline_tables_closing_brace_stays_there() {
        let text = "[company]\nname = \"X\"\n[org]\na = { name = \"A\", b = { name = \"B\" } }\n";
        let added = apply(text, &Edit::AddChild { parent: Some(path(&["a", "b"])), name: "C".into() }).unwrap();
        let added = added.text;
        assert!(added.ends_with("a = { name = \"A\", b = { name = \"B\", c = { name = \"C\" } } }\n"), "{added}");
        let added_last = apply(text, &Edit::AddChild { parent: Some(path(&["a"])), name: "D".into() }).unwrap();
        let added_last = added_last.text;
        assert!(added_last.ends_with("b = { name = \"B\" }, d = { name = \"D\" } }\n"), "{added_last}");
        let taken = apply(&added_last, &Edit::Delete { path: path(&["a", "d"]) }).unwrap().text;
        assert_eq!(taken, text);
        let between = apply(text, &Edit::AddSibling { sibling: path(&["a", "b"]), name: "E".into() }).unwrap().text;
        let between = apply(&between, &Edit::AddSibling { sibling: path(&["a", "b"]), name: "F".into() }).unwrap().text;
        assert!(between.ends_with("b = { name = \"B\" }, f = { name = \"F\" }, e = { name = \"E\" } }\n"), "{between}");
        let moved = apply(&between, &Edit::Indent { path: path(&["a", "e"]) }).unwrap().text;
        assert!(moved.ends_with("f = { name = \"F\", e = { name = \"E\" } } }\n"), "{moved}");
        let moved = apply(&moved, &Edit::Outdent { path: path(&["a", "f", "e"]) }).unwrap().text;
        assert_eq!(moved, between);
        let tight = "[company]\nname = \"X\"\n[org]\na = {name = \"A\", b = {name = \"B\"}}\n";
        let added = apply(tight, &Edit::AddChild { parent: Some(path(&["a"])), name: "D".into() }).unwrap().text;
        assert!(added.ends_with("b = {name = \"B\"}, d = { name = \"D\" }}\n"), "{added}");
    }

    /// A parent whose sub-tables come after another department's table (its tables
    /// apart): a department outdented from it goes right after it, before that other
    /// department, as the tree shows it.
    #[test]
    fn an_outdent_from_a_parent_whose_tables_lie_apart_comes_right_after_it() {
        let text = "[company]\nname = \"X\"\n\n[org.a]\nname = \"A\"\n\n[org.b]\nname = \"B\"\n\n\
                    [org.a.c]\nname = \"C\"\n\n[org.a.d]\nname = \"D\"\n";
        assert_eq!(order(text), ["a", "a/c", "a/d", "b"]);
        let out = apply(text, &Edit::Outdent { path: path(&["a", "c"]) }).unwrap();
        assert_eq!(order(&out.text), ["a", "a/d", "c", "b"]);
        let out = apply(text, &Edit::Outdent { path: path(&["a", "d"]) }).unwrap();
        assert_eq!(order(&out.text), ["a", "a/c", "d", "b"]);
        let clip = copy(text, &path(&["b"])).unwrap();
        let out =
            apply(text, &Edit::Paste { clip: Box::new(clip), target: Some(path(&["a"])), as_child: false }).unwrap();
        assert_eq!(order(&out.text), ["a", "a/c", "a/d", "b-2", "b"]);
    }

    /// A function neither the catalogue nor the file declares is refused: the text it
    /// would give does not load. One the file declares is taken.
    #[test]
    fn a_function_no_one_declares_is_refused() {
        let text = "[company]\nname = \"X\"\n\n[functions.tasting]\nname = \"Tasting\"\n\n[org.a]\nname = \"A\"\n";
        let set = |function: &str| Edit::SetFunction { path: path(&["a"]), function: Some(function.into()) };
        assert_eq!(apply(text, &set("juggling")), Err(EditError::UnknownFunction("juggling".into())));
        let out = apply(text, &set("tasting")).unwrap();
        assert!(out.text.contains("function = \"tasting\""));
        assert!(apply(text, &set("sales")).is_ok(), "a built-in function");
    }
}
