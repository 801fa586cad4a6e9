//! An open org file: its text, the [`Org`] loaded from it, the catalogue for it and its
//! classification (with the tally and the grey areas), kept consistent with each
//! other. The explorer shows one and changes it only through [`Document::apply`] (an
//! edit) and [`Document::apply_change`] (undo and redo); the reports read one.

use std::fmt;
use std::ops::Deref;
use std::path::PathBuf;
use std::sync::Arc;

use crate::classify::{Classification, Shares, Tally, classify};
use crate::org::catalog::Catalog;
use crate::org::edit::{self, Edit, EditError, Path};
use crate::org::{DeptId, Figure, LoadError, Org, load};

/// An org file in memory. Read its fields freely; change it through its methods, so
/// that the org, the classification and the text always agree.
#[derive(Clone, Debug)]
pub struct Document {
    /// Where it is saved; `None` for the built-in sample.
    pub path: Option<PathBuf>,
    /// The text as last loaded or edited, shared (not copied) with whoever keeps it
    /// aside, such as the recovery watcher.
    pub text: SharedText,
    pub org: Org,
    pub catalog: Catalog,
    pub classes: Classification,
    pub tally: Tally,
    /// Greys, in pre-order.
    pub grey_areas: Vec<DeptId>,
    /// The front and back shares of people and of money, by [`Figure`]; `None` where
    /// no department gives that figure.
    pub shares: [Option<Shares>; 2],
}

/// A text shared without copying: cloning it costs a pointer, so the document and the
/// recovery watcher hold one text between them however large it is. Built from a
/// `String` without copying it, after giving back the capacity it does not use.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SharedText(Arc<String>);

impl SharedText {
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The bytes it holds on the heap (shared: counted once however many hold it).
    pub fn heap_bytes(&self) -> usize {
        self.0.capacity()
    }
}

impl From<String> for SharedText {
    fn from(mut text: String) -> SharedText {
        // Texts built by growing can hold up to twice their length.
        text.shrink_to_fit();
        SharedText(Arc::new(text))
    }
}

impl From<&str> for SharedText {
    fn from(text: &str) -> SharedText {
        SharedText(Arc::new(text.to_string()))
    }
}

impl Deref for SharedText {
    type Target = str;
    fn deref(&self) -> &str {
        self.0.as_str()
    }
}

impl AsRef<str> for SharedText {
    fn as_ref(&self) -> &str {
        self
    }
}

impl AsRef<[u8]> for SharedText {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl PartialEq<str> for SharedText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SharedText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<SharedText> for String {
    fn eq(&self, other: &SharedText) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<SharedText> for &str {
    fn eq(&self, other: &SharedText) -> bool {
        *self == other.as_str()
    }
}

/// A change of the text, holding only what it puts in: the text it takes out is in the
/// document it applies to, and [`Change::inverse`] reads it from there. Undo keeps
/// changes, not copies of the text, and each step holds one side of its change, so
/// that a long history of edits to a huge file costs little memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// The `removed` bytes at `start` give way to `inserted`.
    Splice { start: usize, removed: usize, inserted: String },
    /// The `len` bytes at `start` turn around `by` bytes: what began at `start + by`
    /// comes first. Swapping two departments is one, and holds no text at all.
    Rotate { start: usize, len: usize, by: usize },
}

impl Change {
    /// The change that turns `from` into `to`: what lies between their common prefix
    /// and common suffix.
    pub fn between(from: &str, to: &str) -> Change {
        let mut prefix = from.bytes().zip(to.bytes()).take_while(|(a, b)| a == b).count();
        while !from.is_char_boundary(prefix) || !to.is_char_boundary(prefix) {
            prefix -= 1;
        }
        let max_suffix = (from.len() - prefix).min(to.len() - prefix);
        let mut suffix = from.bytes().rev().zip(to.bytes().rev()).take(max_suffix).take_while(|(a, b)| a == b).count();
        while !from.is_char_boundary(from.len() - suffix) || !to.is_char_boundary(to.len() - suffix) {
            suffix -= 1;
        }
        Change::Splice {
            start: prefix,
            removed: from.len() - suffix - prefix,
            inserted: to[prefix..to.len() - suffix].to_string(),
        }
    }

    /// The text with the change made.
    pub fn apply(&self, text: &str) -> String {
        match self {
            Change::Splice { start, removed, inserted } => {
                let mut out = String::with_capacity(text.len() - removed + inserted.len());
                out.push_str(&text[..*start]);
                out.push_str(inserted);
                out.push_str(&text[start + removed..]);
                out
            }
            Change::Rotate { start, len, by } => {
                let mut out = String::with_capacity(text.len());
                out.push_str(&text[..*start]);
                out.push_str(&text[start + by..start + len]);
                out.push_str(&text[*start..start + by]);
                out.push_str(&text[start + len..]);
                out
            }
        }
    }

    /// The bytes it holds on the heap, for the undo history's bound.
    pub fn heap_bytes(&self) -> usize {
        match self {
            Change::Splice { inserted, .. } => inserted.capacity(),
            Change::Rotate { .. } => 0,
        }
    }

    /// The change that takes it back, given the text it applies to (the text before
    /// it is made).
    pub fn inverse(&self, text: &str) -> Change {
        match self {
            Change::Splice { start, removed, inserted } => Change::Splice {
                start: *start,
                removed: inserted.len(),
                inserted: text[*start..start + removed].to_string(),
            },
            Change::Rotate { start, len, by } => Change::Rotate { start: *start, len: *len, by: len - by },
        }
    }
}

/// What [`Document::apply`] did.
#[derive(Debug)]
pub struct Applied {
    /// The change that takes the edit back, given to [`Document::apply_change`].
    pub undo: Change,
    /// The path of the department the edit is about (`None` when nothing is left).
    pub select: Option<Path>,
    /// The tree before the edit, when the edit loaded the org anew: department ids may
    /// then name other departments, and whatever was kept by id can be carried over by
    /// path. `None` when only fields changed: the ids still name the same departments.
    /// A whole second tree: drop it as soon as it has served.
    pub previous: Option<Org>,
}

impl Document {
    /// Loads a document from text.
    pub fn from_text(path: Option<PathBuf>, text: String) -> Result<Document, LoadError> {
        let org = load(&text)?;
        Ok(Document::new(path, text, org))
    }

    /// Builds a document from an org already loaded from `text`.
    pub fn new(path: Option<PathBuf>, text: String, org: Org) -> Document {
        let Classified { catalog, classes, tally, grey_areas, shares } = classified(&org);
        Document { path, text: text.into(), org, catalog, classes, tally, grey_areas, shares }
    }

    /// Applies one edit: the text changes, the org is brought up to date (patched for
    /// a field edit, loaded again otherwise) and classified again. On an error nothing
    /// changes.
    pub fn apply(&mut self, edit: &Edit) -> Result<Applied, EditError> {
        let outcome = edit::apply_loaded(&self.text, &self.org, edit)?;
        let undo = match (outcome.swap, outcome.splice) {
            // Turning the two stretches back around holds no text.
            (Some(swap), _) => Change::Rotate { start: swap.start, len: swap.first + swap.second, by: swap.second },
            // Where the edit changed the text is known: no need to look for it.
            (None, Some((start, removed, inserted))) => {
                Change::Splice { start, removed: inserted, inserted: self.text[start..start + removed].to_string() }
            }
            (None, None) => Change::between(&outcome.text, &self.text),
        };
        let previous = match outcome.in_place {
            // A field edit: the loaded org is updated, not loaded again.
            Some(in_place) => {
                edit::update_in_place(&mut self.org, edit, in_place);
                None
            }
            None => {
                let splice = outcome
                    .splice
                    .map(|(start, removed, inserted)| (start, removed, &outcome.text[start..start + inserted]));
                Some(self.update_org(&outcome.text, splice).map_err(EditError::DoesNotLoad)?)
            }
        };
        self.text = outcome.text.into();
        self.classify();
        Ok(Applied { undo, select: outcome.select, previous })
    }

    /// Makes a change to the text (an undo or a redo) and loads the org again; gives
    /// back the tree it had and the change that takes this one back. On an error
    /// nothing changes.
    pub fn apply_change(&mut self, change: &Change) -> Result<(Org, Change), LoadError> {
        let inverse = change.inverse(&self.text);
        let text = change.apply(&self.text);
        let splice = match change {
            Change::Splice { start, removed, inserted } => Some((*start, *removed, inserted.as_str())),
            Change::Rotate { .. } => None,
        };
        let previous = self.update_org(&text, splice)?;
        self.text = text.into();
        self.classify();
        Ok((previous, inverse))
    }

    /// Brings the org up to date with `new`, the text with `splice` made (`(start,
    /// removed, inserted)`): patched in place when the splice takes out or puts in
    /// whole departments written as their own tables, loaded from `new` otherwise.
    /// Gives back the org it had; the text and the classification are the caller's
    /// to update. On an error nothing changes.
    fn update_org(&mut self, new: &str, splice: Option<(usize, usize, &str)>) -> Result<Org, LoadError> {
        if let Some((start, removed, inserted)) = splice {
            let previous = self.org.clone();
            if edit::patch::splice(&mut self.org, &self.text, start, removed, inserted).is_some() {
                #[cfg(debug_assertions)]
                assert_eq!(Ok(&self.org), load(new).as_ref(), "the patched org is the org loaded from the new text");
                return Ok(previous);
            }
        }
        let org = load(new)?;
        Ok(std::mem::replace(&mut self.org, org))
    }

    /// Puts a new text in place of the document's (the file read again, say) and loads
    /// the org from it; gives back the tree it had. On an error nothing changes.
    pub fn replace_text(&mut self, text: String) -> Result<Org, LoadError> {
        let org = load(&text)?;
        self.text = text.into();
        let previous = std::mem::replace(&mut self.org, org);
        self.classify();
        Ok(previous)
    }

    /// Classifies the org again, after it changed.
    fn classify(&mut self) {
        let Classified { catalog, classes, tally, grey_areas, shares } = classified(&self.org);
        (self.catalog, self.classes, self.tally, self.grey_areas, self.shares) =
            (catalog, classes, tally, grey_areas, shares);
    }
}

/// What a document knows of its org beside the tree.
struct Classified {
    catalog: Catalog,
    classes: Classification,
    tally: Tally,
    grey_areas: Vec<DeptId>,
    shares: [Option<Shares>; 2],
}

/// The catalogue for an org, its classification, the tally, the grey areas and the
/// shares.
fn classified(org: &Org) -> Classified {
    let catalog = Catalog::for_org(org);
    let classes = classify(org, &catalog);
    let tally = classes.tally();
    let grey_areas = (0..org.len()).filter(|&d| classes.of(d).is_grey_area()).collect();
    let shares = Figure::ALL.map(|figure| classes.shares(org, figure));
    Classified { catalog, classes, tally, grey_areas, shares }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_holds_only_the_middle_and_undoes_exactly() {
        for (a, b) in [("abcXdef", "abcYYdef"), ("", "new"), ("same", "same"), ("ñandú", "ñandu"), ("aaa", "aa")] {
            let change = Change::between(a, b);
            assert_eq!(change.apply(a), b, "{a} → {b}");
            assert_eq!(change.inverse(a).apply(b), a, "{b} → {a}");
            assert!(change.heap_bytes() <= b.len().max(1), "{change:?}");
        }
        assert_eq!(
            Change::between("abcXdef", "abcYYdef"),
            Change::Splice { start: 3, removed: 1, inserted: "YY".into() },
            "only what goes in is held"
        );
    }

    #[test]
    fn moving_a_department_past_its_sibling_is_undone_by_a_rotation_holding_no_text() {
        let big = format!("[org.a.x]\nname = \"{}\"\n", "x".repeat(500));
        let text = format!("[company]\nname = \"C\"\n\n[org.a]\nname = \"A\"\n{big}\n# B\n[org.b]\nname = \"B\"\n");
        let mut doc = Document::from_text(None, text.clone()).unwrap();
        let applied = doc.apply(&Edit::Move { path: vec!["a".into()], up: false }).unwrap();
        assert!(matches!(applied.undo, Change::Rotate { .. }), "{:?}", applied.undo);
        assert_eq!(applied.undo.heap_bytes(), 0);
        assert_eq!(
            doc.org.children_of(None).iter().map(|&d| doc.org.dept(d).id.as_str()).collect::<Vec<_>>(),
            ["b", "a"]
        );
        let (_, redo) = doc.apply_change(&applied.undo).unwrap();
        assert_eq!(doc.text, text);
        assert_eq!(redo.heap_bytes(), 0);
        doc.apply_change(&redo).unwrap();
        assert!(doc.text.starts_with("[company]\nname = \"C\"\n\n# B\n[org.b]"), "{}", doc.text);
    }

    #[test]
    fn an_edit_and_its_inverse_change_leave_the_document_as_it_was() {
        let text = "[company]\nname = \"A\"\n\n[org.a]\nname = \"A\"\n\n[org.b]\nname = \"B\"\n";
        let mut doc = Document::from_text(None, text.into()).unwrap();
        let rename = Edit::Rename { path: vec!["a".into()], name: "Aa".into() };
        let applied = doc.apply(&rename).unwrap();
        assert!(applied.previous.is_none(), "a field edit keeps the tree");
        assert_eq!(doc.org.dept(0).name.as_deref(), Some("Aa"));
        let applied_delete = doc.apply(&Edit::Delete { path: vec!["a".into()] }).unwrap();
        assert_eq!(applied_delete.previous.map(|org| org.len()), Some(2), "a delete gives back the old tree");
        assert_eq!(doc.org.len(), 1);
        doc.apply_change(&applied_delete.undo).unwrap();
        doc.apply_change(&applied.undo).unwrap();
        assert_eq!(doc.text, text);
        let fresh = Document::from_text(None, text.into()).unwrap();
        assert_eq!(
            (doc.org, doc.classes, doc.tally, doc.grey_areas),
            (fresh.org, fresh.classes, fresh.tally, fresh.grey_areas)
        );
    }
}
