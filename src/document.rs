//! An open org file: its text, the [`Org`] loaded from it, the catalogue for it and its
//! classification (with the tally and the grey areas), kept consistent with each
//! other. The explorer shows one and changes it only through [`Document::apply`] (an
//! edit) and [`Document::apply_change`] (undo and redo); the reports read one.

use std::fmt;
use std::ops::Deref;
use std::path::PathBuf;
use std::sync::Arc;

use crate::classify::{Classification, Tally, classify};
use crate::org::catalog::Catalog;
use crate::org::edit::{self, Edit, EditError, Path};
use crate::org::{DeptId, LoadError, Org, load};

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

/// A change of the text: the stretch at `start` that reads `before` reads `after`.
/// Undo keeps changes, not copies of the text, so that a long history of edits to a
/// huge file costs little memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub start: usize,
    pub before: String,
    pub after: String,
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
        Change {
            start: prefix,
            before: from[prefix..from.len() - suffix].to_string(),
            after: to[prefix..to.len() - suffix].to_string(),
        }
    }

    /// The text with the change made.
    pub fn apply(&self, text: &str) -> String {
        let end = self.start + self.before.len();
        let mut out = String::with_capacity(text.len() + self.after.len());
        out.push_str(&text[..self.start]);
        out.push_str(&self.after);
        out.push_str(&text[end..]);
        out
    }

    /// The bytes it holds on the heap, for the undo history's bound.
    pub fn heap_bytes(&self) -> usize {
        self.before.capacity() + self.after.capacity()
    }

    /// The change that takes it back.
    pub fn inverse(self) -> Change {
        Change { start: self.start, before: self.after, after: self.before }
    }
}

/// What [`Document::apply`] did.
#[derive(Debug)]
pub struct Applied {
    /// How the text changed; its [`Change::inverse`], given to
    /// [`Document::apply_change`], takes the edit back.
    pub change: Change,
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
        let (catalog, classes, tally, grey_areas) = classified(&org);
        Document { path, text: text.into(), org, catalog, classes, tally, grey_areas }
    }

    /// Applies one edit: the text changes, the org is brought up to date (patched for
    /// a field edit, loaded again otherwise) and classified again. On an error nothing
    /// changes.
    pub fn apply(&mut self, edit: &Edit) -> Result<Applied, EditError> {
        let outcome = edit::apply_loaded(&self.text, &self.org, edit)?;
        let change = Change::between(&self.text, &outcome.text);
        let previous = match outcome.in_place {
            // A field edit: the loaded org is updated, not loaded again.
            Some(in_place) => {
                edit::update_in_place(&mut self.org, edit, in_place);
                None
            }
            None => {
                let org = load(&outcome.text).map_err(EditError::DoesNotLoad)?;
                Some(std::mem::replace(&mut self.org, org))
            }
        };
        self.text = outcome.text.into();
        self.classify();
        Ok(Applied { change, select: outcome.select, previous })
    }

    /// Makes a change to the text (an undo or a redo) and loads the org again; gives
    /// back the tree it had. On an error nothing changes.
    pub fn apply_change(&mut self, change: &Change) -> Result<Org, LoadError> {
        self.replace_text(change.apply(&self.text))
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
        (self.catalog, self.classes, self.tally, self.grey_areas) = classified(&self.org);
    }
}

/// The catalogue for an org, its classification, the tally and the grey areas.
fn classified(org: &Org) -> (Catalog, Classification, Tally, Vec<DeptId>) {
    let catalog = Catalog::for_org(org);
    let classes = classify(org, &catalog);
    let tally = classes.tally();
    let grey_areas = (0..org.len()).filter(|&d| classes.of(d).is_grey_area()).collect();
    (catalog, classes, tally, grey_areas)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_holds_only_the_middle_and_undoes_exactly() {
        for (a, b) in [("abcXdef", "abcYYdef"), ("", "new"), ("same", "same"), ("ñandú", "ñandu"), ("aaa", "aa")] {
            let change = Change::between(a, b);
            assert_eq!(change.apply(a), b, "{a} → {b}");
            assert_eq!(change.clone().inverse().apply(b), a, "{b} → {a}");
            assert!(change.before.len() + change.after.len() <= a.len().max(b.len()) + 1);
        }
        assert_eq!(Change::between("abcXdef", "abcYYdef").before, "X");
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
        doc.apply_change(&applied_delete.change.inverse()).unwrap();
        doc.apply_change(&applied.change.inverse()).unwrap();
        assert_eq!(doc.text, text);
        let fresh = Document::from_text(None, text.into()).unwrap();
        assert_eq!(
            (doc.org, doc.classes, doc.tally, doc.grey_areas),
            (fresh.org, fresh.classes, fresh.tally, fresh.grey_areas)
        );
    }
}
