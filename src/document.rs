//! An open org file: its text, the [`Org`] loaded from it, the catalogue for it and its
//! classification (with the tally and the grey areas), kept consistent with each
//! other. The explorer shows one and changes it only through [`Document::apply`] (an
//! edit) and [`Document::apply_change`] (undo and redo); the reports read one.

use std::fmt;
use std::ops::{Deref, Range};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use crate::classify::{Classification, Facts, Model, Shares, Source, Tally, classify};
use crate::org::catalog::Catalog;
use crate::org::edit::stretch::Lender;
use crate::org::edit::{self, Clip, Edit, EditError, Path, Text};
use crate::org::folded::FoldedNames;
use crate::org::{Ancestry, Department, DeptId, Figure, LoadError, Org, load};

pub use crate::org::edit::Change;
pub use crate::org::edit::patch::{IdMap, Tables};

/// An org file in memory. Read its fields freely; change it through its methods, so
/// that the org, the classification and the text always agree.
#[derive(Clone, Debug)]
pub struct Document {
    /// Where it is saved; `None` for the built-in sample.
    pub path: Option<PathBuf>,
    /// The text as last loaded or edited, shared (not copied) with whoever keeps it
    /// aside, such as the recovery watcher. Its last change may be left to be made in
    /// a pause ([`SharedText::is_due`]); whoever reads it first makes it.
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
    /// Where the grey areas sit in the tree ([`Document::grey_ancestry`]), once asked
    /// for since the org last changed.
    grey_ancestry: OnceLock<Ancestry>,
    /// The departments' names and ids folded for searching, kept up to date through
    /// every edit and folded in pauses ([`Document::search`]).
    folded: FoldedNames,
    /// The stretches of the text lent to copies ([`Document::copy`]), kept right
    /// through every change of the text.
    lent: Lender,
}

impl Drop for Document {
    /// What it lent is copied out: whoever holds it still has it.
    fn drop(&mut self) {
        self.lent.copy_out_all(&self.text.0);
    }
}

/// A text shared without copying: cloning it costs a pointer, so the document and the
/// recovery watcher hold one text between them however large it is. Built from a
/// `String` without copying it, after giving back the capacity it does not use.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SharedText(Arc<Text>);

impl SharedText {
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// Whether `other` is a share of this very text (not merely equal to it).
    pub fn same_text(&self, other: &SharedText) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// The bytes it holds on the heap (shared: counted once however many hold it).
    pub fn heap_bytes(&self) -> usize {
        self.0.capacity()
    }

    /// Its length, without making a change left for later ([`Text`]).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether it is empty, without making a change left for later.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether its last change is left to be made ([`Text`]): in a pause, by
    /// [`SharedText::make_due`], or by the first reader.
    pub fn is_due(&self) -> bool {
        self.0.is_due()
    }

    /// Makes the change left for later, if any.
    pub fn make_due(&self) {
        self.0.make_due();
    }
}

impl SharedText {
    /// Makes room before the text, when no one else holds it, for the first change
    /// near its start ([`edit::TextBuffer::make_room`]).
    fn make_room(&mut self) {
        if let Some(text) = Arc::get_mut(&mut self.0) {
            text.buffer_mut().make_room();
        }
    }
}

impl From<String> for SharedText {
    fn from(text: String) -> SharedText {
        SharedText(Arc::new(text.into()))
    }
}

impl From<&str> for SharedText {
    fn from(text: &str) -> SharedText {
        SharedText(Arc::new(text.to_string().into()))
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

/// Whether a change patched in is spent, no longer needed after it
/// ([`Document::patch_org`]): a change alone is, and its text is taken rather than
/// copied when it is left for later ([`edit::Text::spend`]); a step of several is not,
/// since the whole change is made again from the text should a later step not patch.
#[derive(Clone, Copy)]
enum Spent {
    Yes,
    No,
}

/// What [`Document::apply`] did.
#[derive(Debug)]
pub struct Applied {
    /// The change that takes the edit back, given to [`Document::apply_change`].
    pub undo: Change,
    /// The path of the department the edit is about (`None` when nothing is left).
    pub select: Option<Path>,
    /// How the departments' ids changed, for whatever was kept by id.
    pub renumbered: Renumbered,
}

/// How the departments' ids changed in an edit, so that whatever was kept by id (the
/// selection, folds, marks) can follow.
#[derive(Debug)]
pub enum Renumbered {
    /// The same departments under the same ids: only this one's fields changed.
    Same(DeptId),
    /// Departments came, went or swapped places; the others moved as `map` says.
    /// Those of `rewritten` (their ids after the change) were put in or written anew
    /// under another parent, where an id may change: a kept search looks at them again.
    Moved { map: IdMap, rewritten: Range<DeptId> },
    /// The org was loaded anew, and ids may name other departments: the tree before,
    /// to carry over by path. A whole second tree: drop it as soon as it has served.
    Reloaded(Org),
}

impl Renumbered {
    /// Departments renumbered as `map` says, those it puts in written anew.
    fn moved(map: IdMap) -> Renumbered {
        let rewritten = match map {
            IdMap::Inserted { at, count } => at..at + count,
            _ => 0..0,
        };
        Renumbered::Moved { map, rewritten }
    }

    /// How the ids changed in a change made of two, this one and then `next`, when one
    /// of them left every id where it was; `None` when both moved some, or what this
    /// one wrote anew is not one stretch once `next` has moved it.
    fn then(self, next: Renumbered) -> Option<Renumbered> {
        let (Renumbered::Moved { map, rewritten }, Renumbered::Moved { map: next_map, rewritten: next_rewritten }) =
            (self, next)
        else {
            return None;
        };
        let rewritten = match (next_map.map_range(rewritten)?, next_rewritten) {
            (mine, theirs) if mine.is_empty() => theirs,
            (mine, theirs) if theirs.is_empty() => mine,
            // Both: the stretch that holds them (a few more looked at again).
            (mine, theirs) => mine.start.min(theirs.start)..mine.end.max(theirs.end),
        };
        let map = match (map.keeps_every_id(), next_map.keeps_every_id()) {
            (_, true) => map,
            (true, false) => next_map,
            (false, false) => return None,
        };
        Some(Renumbered::Moved { map, rewritten })
    }
}

/// How many departments a pause folds for searching: a few milliseconds' work at a
/// million, where their records lie scattered through memory.
const FOLD_AHEAD: usize = 1 << 15;

impl Document {
    /// Loads a document from text.
    pub fn from_text(path: Option<PathBuf>, text: String) -> Result<Document, LoadError> {
        let org = load(&text)?;
        Ok(Document::new(path, text, org))
    }

    /// Builds a document from an org already loaded from `text`.
    pub fn new(path: Option<PathBuf>, text: String, org: Org) -> Document {
        let Classified { catalog, classes, tally, grey_areas, shares } = classified(&org);
        let folded = FoldedNames::pending(org.len());
        Document {
            path,
            text: text.into(),
            org,
            catalog,
            classes,
            tally,
            grey_areas,
            shares,
            grey_ancestry: OnceLock::new(),
            folded,
            lent: Lender::default(),
        }
    }

    /// Where the grey areas sit in the tree ([`Org::ancestry`]): what the grey-only
    /// filter unfolds and shows. Worked out on first use after the org changed, and
    /// kept: at a million departments it is a pass of a few milliseconds that `!`
    /// would otherwise make at each press. The loading thread asks for it before the
    /// document is shown, and the app after an edit once no key comes for a moment,
    /// so that `!` finds it ready.
    pub fn grey_ancestry(&self) -> &Ancestry {
        self.grey_ancestry.get_or_init(|| self.org.ancestry(&self.grey_areas))
    }

    /// Whether [`Document::grey_ancestry`] is still to be worked out (the org changed
    /// since it was last asked for).
    pub fn grey_ancestry_pending(&self) -> bool {
        self.grey_ancestry.get().is_none()
    }

    /// The departments whose name or id contains `query`, ignoring case and accents:
    /// those matching by name in pre-order, then those matching by id alone, and how
    /// many match by name. What no pause has folded yet is folded first.
    pub fn search(&mut self, query: &str) -> (Vec<DeptId>, usize) {
        let needle = crate::text::fold::fold(query);
        if needle.is_empty() {
            return (Vec::new(), 0);
        }
        self.fold_names();
        self.folded.search(&needle)
    }

    /// The search ended: what it kept for a longer query is let go.
    pub fn forget_search(&mut self) {
        self.folded.forget_search();
    }

    /// Whether some names are still to be folded for searching (the org changed), or
    /// the texts of what the last search found still to be kept for the next key:
    /// work for a pause ([`Document::fold_names_ahead`]).
    pub fn names_pending(&self) -> bool {
        self.folded.is_pending() || self.folded.keeping_pending()
    }

    /// Makes room before the text, so that the first edit near the top of a large
    /// file does not move all of it, and in the arrays kept by department, so that the
    /// first add copies none of them: the loading thread asks for it before the
    /// document is shown (a report, which edits nothing, does not).
    pub fn make_room_for_edits(&mut self) {
        self.text.make_room();
        self.org.make_room_for_edits();
        crate::org::make_room(&mut self.classes.facts, 1);
    }

    /// Folds every name still to be folded for searching: the loading thread does it
    /// before the document is shown, so that the first search finds them ready.
    pub fn fold_names(&mut self) {
        self.folded.fold_all(&self.org);
    }

    /// Folds some of the names still to be folded (what an edit put in or changed),
    /// or else keeps the texts of what the last search found: a few milliseconds'
    /// work, for a pause.
    pub fn fold_names_ahead(&mut self) {
        if self.folded.is_pending() {
            self.folded.fold_some(&self.org, FOLD_AHEAD);
        } else {
            self.folded.keep_last();
        }
    }

    /// Applies one edit: the text changes, and the org and its classification are
    /// brought up to date: patched where the edit touched (a field, a subtree put in,
    /// taken out, moved past its siblings or written under another parent), loaded
    /// and classified again otherwise.
    /// On an error nothing changes.
    pub fn apply(&mut self, edit: &Edit) -> Result<Applied, EditError> {
        let mut outcome = edit::apply_loaded(&self.text, &self.org, edit)?;
        let (renumbered, undo) = match outcome.in_place {
            // A field edit: the loaded org is updated, not loaded again, and only the
            // department and what inherits from it are classified again.
            Some(in_place) => {
                let undo = outcome.change.inverse(&self.text);
                edit::update_in_place(&mut self.org, edit, in_place);
                if matches!(edit, Edit::Rename { .. }) {
                    self.folded.touched(in_place.dept);
                }
                self.change_text(&outcome.change);
                if matches!(edit, Edit::SetFact { .. } | Edit::SetFunction { .. }) {
                    self.reclassify_subtree(in_place.dept);
                }
                (Renumbered::Same(in_place.dept), undo)
            }
            None => self.update_org(&mut outcome.change).map_err(EditError::DoesNotLoad)?,
        };
        self.check();
        Ok(Applied { undo, select: outcome.select, renumbered })
    }

    /// Makes a change to the text (an undo or a redo) and brings the org up to date;
    /// says how the ids changed and gives back the change that takes this one back.
    /// The departments and the text the change holds are put in, not copied: it may no
    /// longer hold them after. On an error nothing changes in the document, and the
    /// change keeps its text.
    pub fn apply_change(&mut self, change: &mut Change) -> Result<(Renumbered, Change), LoadError> {
        let done = self.update_org(change)?;
        self.check();
        Ok(done)
    }

    /// Makes `change` in the text and brings the org and its classification up to
    /// date: patched in place when the change takes out, puts in or swaps whole
    /// departments written as their own tables, or rewrites one department's block;
    /// loaded from the new text otherwise. Gives back how the ids changed and the
    /// change that takes this one back, holding the departments a patch took out; those
    /// `change` holds are taken from it, and once it is patched, the text it puts in
    /// ([`Spent`]). On an error nothing changes in the document.
    fn update_org(&mut self, change: &mut Change) -> Result<(Renumbered, Change), LoadError> {
        let patched = match change {
            Change::Steps(steps) => self.patch_steps(steps),
            _ => {
                let inverse = change.inverse(&self.text);
                self.patch_org(change, Spent::Yes).map(|(renumbered, gone)| (renumbered, inverse.holding(gone)))
            }
        };
        match patched {
            Some(done) => Ok(done),
            None => self.reload_with(change),
        }
    }

    /// Patches the org for changes made one after the other, each reading the text
    /// the one before left, as [`Document::update_org`] says. Should one not be
    /// patched, or the ids move in more than one of them, those patched are taken back
    /// and `None` says so: nothing changed.
    fn patch_steps(&mut self, steps: &mut [Change]) -> Option<(Renumbered, Change)> {
        let mut done: Vec<Change> = Vec::with_capacity(steps.len());
        let mut renumbered = Some(Renumbered::moved(IdMap::KEPT));
        for step in steps.iter_mut() {
            let inverse = step.inverse(&self.text);
            let Some((moved, gone)) = self.patch_org(step, Spent::No) else { break };
            done.push(inverse.holding(gone));
            renumbered = renumbered.and_then(|before| before.then(moved));
            if renumbered.is_none() {
                break;
            }
        }
        done.reverse();
        if let (Some(renumbered), true) = (renumbered, done.len() == steps.len()) {
            return Some((renumbered, Change::Steps(done)));
        }
        let mut patched_back = true;
        for back in &mut done {
            // Just patched the other way, so patched back (else made in the text only,
            // and the org loaded from it below).
            if patched_back && self.patch_org(back, Spent::No).is_some() {
                continue;
            }
            patched_back = false;
            self.change_text(back);
        }
        if !patched_back && let Ok(org) = load(&self.text) {
            self.org = org;
            self.classify();
        }
        None
    }

    /// Patches the org for `change` (not steps) and makes it in the text, as
    /// [`Document::update_org`] says; gives back how the ids changed and the
    /// departments taken out. `None`, with nothing changed, when the change is not one
    /// a patch follows. Once patched, a change `spent` may be left putting in nothing
    /// (its text taken to be put in after the frame).
    fn patch_org(&mut self, change: &mut Change, spent: Spent) -> Option<(Renumbered, Option<Tables>)> {
        // The patches read the text before the change.
        let old = &self.text;
        let mut gone = None;
        // A subtree written anew where it is, under a new parent (an indent, an
        // outdent, or its undo).
        let replaced = match change {
            Change::Splice { start, removed, inserted, parsed } if *removed > 0 && !inserted.is_empty() => {
                let range = *start..*start + *removed;
                edit::patch::replace(&mut self.org, old, range, inserted, parsed.take().map(|t| *t))
            }
            _ => None,
        };
        let renumbered = if let Some((at, count, taken)) = replaced {
            self.reclassify_rewritten(at..at + count, taken.departments());
            gone = Some(taken);
            // Every department keeps its place in the arena; those put back are new
            // to a kept search (an id may have changed under the new parent).
            Renumbered::Moved { map: IdMap::KEPT, rewritten: at..at + count }
        } else {
            match change {
                Change::Splice { start, removed, inserted, parsed } => {
                    let parsed = parsed.take().map(|t| *t);
                    // (A subtree of as many departments, as a paste of this document's
                    // makes it.)
                    let copy_of = parsed.as_ref().and_then(|tables| {
                        let id = tables.copy_of()?;
                        let whole = id < self.org.len() && self.org.subtree_end(id) - id == tables.departments().len();
                        whole.then(|| (id, self.org.parent(id)))
                    });
                    match edit::patch::splice(&mut self.org, old, *start, *removed, inserted, parsed) {
                        Some((map, tables)) => {
                            // The facts of what went are counted out by the departments
                            // given back.
                            let taken = tables.as_ref().map_or(&[][..], |t| t.departments());
                            self.reclassify_moved(map, taken, copy_of);
                            gone = tables;
                            Renumbered::moved(map)
                        }
                        // Or a field's undo or redo: one department's block rewritten. (A
                        // new name or notes leave the classification as it is.)
                        None => {
                            let rewritten = edit::patch::fields(&mut self.org, old, *start, *removed, inserted)?;
                            let id = rewritten.dept;
                            self.folded.touched(id);
                            if let Some(figures) = rewritten.figures_before {
                                self.recount_figures(id, figures);
                            }
                            if rewritten.classified_anew {
                                self.reclassify_subtree(id);
                            }
                            Renumbered::Same(id)
                        }
                    }
                }
                Change::Rotate { start, len, by } => {
                    let map = edit::patch::rotate(&mut self.org, old, *start, *len, *by)?;
                    self.reclassify_moved(map, &[], None);
                    Renumbered::moved(map)
                }
                Change::Steps(_) => return None,
            }
        };
        match spent {
            Spent::Yes => self.spend_in_text(change),
            Spent::No => self.change_text(change),
        }
        #[cfg(debug_assertions)]
        assert_eq!(
            Ok(&self.org),
            load(&self.text.0.peek()).as_ref(),
            "the patched org is the org loaded from the new text"
        );
        Some((renumbered, gone))
    }

    /// Makes `change` in the text and loads the org from it, when no patch follows the
    /// change; gives back the tree before and the change that takes this one back. On
    /// an error nothing changes: the text goes back as it was.
    fn reload_with(&mut self, change: &Change) -> Result<(Renumbered, Change), LoadError> {
        let back = self.change_text_back(change);
        match load(&self.text) {
            Ok(org) => {
                let previous = std::mem::replace(&mut self.org, org);
                self.classify();
                Ok((Renumbered::Reloaded(previous), back))
            }
            Err(error) => {
                self.change_text(&back);
                Err(error)
            }
        }
    }

    /// Puts a new text in place of the document's (the file read again, say) and loads
    /// the org from it; gives back the tree it had. On an error nothing changes, and
    /// the text comes back with it (to show where it went wrong).
    pub fn replace_text(&mut self, text: String) -> Result<Org, (LoadError, String)> {
        let org = match load(&text) {
            Ok(org) => org,
            Err(error) => return Err((error, text)),
        };
        self.lent.copy_out_all(&self.text.0);
        self.text = text.into();
        let previous = std::mem::replace(&mut self.org, org);
        self.classify();
        Ok(previous)
    }

    /// Copies a department with its sub-departments. The copy's text is lent from
    /// this document's text, not copied, until a change of the document rewrites it.
    pub fn copy(&mut self, path: &[String]) -> Result<Clip, EditError> {
        let (text, lent) = (&self.text.0, &mut self.lent);
        edit::copy_keeping(text, &self.org, path, |range| lent.lend(text, range))
    }

    /// Makes a change to the text, as [`Document::change_text`] does, and gives back
    /// the change that takes it back: steps one by one, each taken back from the text
    /// it is made to, with no copy of the text.
    fn change_text_back(&mut self, change: &Change) -> Change {
        if let Change::Steps(steps) = change {
            let mut back: Vec<Change> = steps.iter().map(|step| self.change_text_back(step)).collect();
            back.reverse();
            return Change::Steps(back);
        }
        let back = change.inverse(&self.text);
        self.change_text(change);
        back
    }

    /// Makes a change to the text, keeping what it lent right.
    fn change_text(&mut self, change: &Change) {
        let rewritten = self.lent.before_change(&self.text.0, change);
        self.make_in_text(|text| text.change(change, rewritten));
    }

    /// Makes a change to the text as [`Document::change_text`] does, taking the text
    /// it puts in ([`edit::Text::spend`]): for a change no one needs after.
    fn spend_in_text(&mut self, change: &mut Change) {
        let rewritten = self.lent.before_change(&self.text.0, change);
        self.make_in_text(|text| text.spend(change, rewritten));
    }

    /// Makes a change in the text with `make`: in place when no one else holds the
    /// text (only the shorter side of the change moves), else in a copy, leaving
    /// theirs as it was. What it lent follows.
    fn make_in_text(&mut self, make: impl FnOnce(&mut edit::Text)) {
        let before = Arc::as_ptr(&self.text.0);
        make(Arc::make_mut(&mut self.text.0));
        self.lent.after_change(before, &self.text.0);
    }

    /// Classifies the org again, after it changed.
    fn classify(&mut self) {
        self.grey_ancestry.take();
        self.folded = FoldedNames::pending(self.org.len());
        let Classified { catalog, classes, tally, grey_areas, shares } = classified(&self.org);
        (self.catalog, self.classes, self.tally, self.grey_areas, self.shares) =
            (catalog, classes, tally, grey_areas, shares);
    }

    /// Classifies again a department whose facts or function changed, and what
    /// inherits from it, as far down its subtree as the facts change
    /// ([`Classification::resolve_subtree`]). The catalogue stays: it comes from the
    /// `[functions]` table, which no field edit touches.
    fn reclassify_subtree(&mut self, id: DeptId) {
        let changed = self.classes.resolve_subtree(&self.org, &self.catalog, id);
        let (mut unsure, mut greys_changed) = (false, false);
        for (d, before) in changed {
            let dept = std::iter::once(self.org.dept(d));
            unsure |= counted_out(&mut self.tally, &mut self.shares, dept, std::slice::from_ref(&before));
            self.count(d..d + 1, true);
            greys_changed |= before.is_grey_area() != self.classes.of(d).is_grey_area();
        }
        if unsure {
            self.recount_shares();
        }
        // The tree stays: where the grey areas sit changes only if they do.
        if greys_changed {
            self.grey_ancestry.take();
            self.relist_greys(id..self.org.subtree_end(id));
        }
    }

    /// Lists the grey areas among the departments of `range` again, from their facts
    /// as they now stand.
    fn relist_greys(&mut self, range: Range<DeptId>) {
        let (from, to) = grey_span(&self.grey_areas, &range);
        let greys: Vec<DeptId> = range.filter(|&d| self.classes.of(d).is_grey_area()).collect();
        self.grey_areas.splice(from..to, greys);
    }

    /// Brings the classification up to date after a patch that renumbered the
    /// departments as `map` says; `gone` holds the departments it took out. Those it
    /// put in may be copies of the subtree of a department that was there before,
    /// whose parent then was `copy_of`'s second ([`Tables::copy_of`]).
    fn reclassify_moved(&mut self, map: IdMap, gone: &[Department], copy_of: Option<(DeptId, Option<DeptId>)>) {
        self.grey_ancestry.take();
        self.folded.follow(map);
        // The facts after the change need no renumbering: an inherited one counts the
        // levels up to its ancestor, which departments put in or taken out elsewhere,
        // or siblings swapped, do not change.
        match map {
            IdMap::Inserted { at, count } => {
                let facts = &mut self.classes.facts;
                crate::org::make_room(facts, count);
                // Copies whose parent's facts are their original's parent's have its
                // facts: they resolve from the same fields, and inherit the same. (The
                // facts are still numbered as before, as the ids of `copy_of` are; the
                // new parent comes before `at`, where both numberings agree.)
                let parents_facts = |parent: Option<DeptId>| parent.map(|p| facts[p]);
                let copied = copy_of.filter(|&(original, parent)| {
                    original + count <= facts.len() && parents_facts(parent) == parents_facts(self.org.parent(at))
                });
                match copied {
                    Some((original, _)) => {
                        let copies = facts[original..original + count].to_vec();
                        facts.splice(at..at, copies);
                    }
                    None => {
                        facts.splice(at..at, std::iter::repeat_n(facts.get(at).copied().unwrap_or(UNKNOWN), count));
                        self.classes.resolve_range(&self.org, &self.catalog, at..at + count);
                    }
                }
                self.count(at..at + count, true);
                let (from, _) = grey_span(&self.grey_areas, &(at..at));
                for grey in &mut self.grey_areas[from..] {
                    *grey += count;
                }
                let greys: Vec<DeptId> = (at..at + count).filter(|&d| self.classes.of(d).is_grey_area()).collect();
                self.grey_areas.splice(from..from, greys);
            }
            IdMap::Removed { at, count } => {
                let unsure =
                    counted_out(&mut self.tally, &mut self.shares, gone.iter(), &self.classes.facts[at..at + count]);
                let facts = &mut self.classes.facts;
                facts.drain(at..at + count);
                let (from, to) = grey_span(&self.grey_areas, &(at..at + count));
                self.grey_areas.drain(from..to);
                for grey in &mut self.grey_areas[from..] {
                    *grey -= count;
                }
                if unsure {
                    self.recount_shares();
                }
            }
            IdMap::Swapped { at, mid, end } => {
                self.classes.facts[at..end].rotate_left(mid - at);
                let (from, to) = grey_span(&self.grey_areas, &(at..end));
                let greys = &mut self.grey_areas[from..to];
                for grey in greys.iter_mut() {
                    *grey = map.map(*grey).expect("nothing goes in a swap");
                }
                greys.sort_unstable();
            }
        }
    }

    /// Counts a department's figures, which were `before`, in the shares as they now
    /// are, its facts as they stand.
    fn recount_figures(&mut self, id: DeptId, before: Option<Box<crate::org::Figures>>) {
        let facts = *self.classes.of(id);
        let was = Department { figures: before, ..self.org.dept(id).clone() };
        let unsure = counted_out(&mut self.tally, &mut self.shares, std::iter::once(&was), &[facts]);
        self.count(id..id + 1, true);
        if unsure {
            self.recount_shares();
        }
    }

    /// Brings the classification up to date after a patch that wrote the departments
    /// of `range` anew under another parent, where they keep their ids (an indent or
    /// an outdent): they are classified again, as what they inherit changed, and their
    /// names folded again, as an id may have changed. `before` holds them as they were.
    fn reclassify_rewritten(&mut self, range: Range<DeptId>, before: &[Department]) {
        self.grey_ancestry.take();
        let (at, count) = (range.start, range.len());
        self.folded.follow(IdMap::Removed { at, count });
        self.folded.follow(IdMap::Inserted { at, count });
        let was = &self.classes.facts[range.clone()];
        let unsure = counted_out(&mut self.tally, &mut self.shares, before.iter(), was);
        self.classes.resolve_range(&self.org, &self.catalog, range.clone());
        self.count(range.clone(), true);
        // Only once all are counted in again: the org holds them all already.
        if unsure {
            self.recount_shares();
        }
        self.relist_greys(range);
    }

    /// Counts the departments of `range` in (`add`) or out of the tally and the
    /// shares, as their facts now stand. Counting out says whether the shares may
    /// have come out inexact ([`counted_out`]).
    fn count(&mut self, range: std::ops::Range<DeptId>, add: bool) -> bool {
        let departments = self.org.departments.range(range.clone());
        let facts = &self.classes.facts[range];
        if add {
            for (dept, facts) in departments.zip(facts) {
                self.tally.count(facts, true);
                for (figure, shares) in Figure::ALL.into_iter().zip(&mut self.shares) {
                    if let Some(amount) = dept.figure(figure) {
                        shares.get_or_insert_default().count(facts, amount, true);
                    }
                }
            }
            return false;
        }
        counted_out(&mut self.tally, &mut self.shares, departments, facts)
    }

    /// Works the shares out again from the whole org.
    fn recount_shares(&mut self) {
        self.shares = Figure::ALL.map(|figure| self.classes.shares(&self.org, figure));
    }

    /// In debug builds (every test), checks the classification kept up to date against
    /// one worked out from scratch.
    fn check(&self) {
        #[cfg(debug_assertions)]
        {
            let fresh = classified(&self.org);
            assert_eq!(self.classes, fresh.classes, "facts kept up to date");
            assert_eq!(self.tally, fresh.tally, "tally kept up to date");
            assert_eq!(self.grey_areas, fresh.grey_areas, "grey areas kept up to date");
            assert_eq!(self.shares, fresh.shares, "shares kept up to date");
            if let Some(ancestry) = self.grey_ancestry.get() {
                assert_eq!(ancestry, &self.org.ancestry(&fresh.grey_areas), "grey ancestry kept up to date");
            }
            self.folded.assert_folded_from(&self.org);
        }
    }
}

const UNKNOWN: Facts = Facts {
    customers: crate::classify::Fact { value: None, source: Source::Unknown },
    revenue: crate::classify::Fact { value: None, source: Source::Unknown },
};

/// Counts departments with these facts out of the tally and the shares. Says whether
/// the shares may have come out inexact: a total they were counted out of had reached
/// the largest amount, or nothing may be left that gives the figure (the shares are
/// then `None`, not zero). The caller then works them out again.
fn counted_out<'a>(
    tally: &mut Tally,
    shares: &mut [Option<Shares>; 2],
    departments: impl Iterator<Item = &'a Department> + Clone,
    facts: &[Facts],
) -> bool {
    let mut unsure = false;
    for (figure, shares) in Figure::ALL.into_iter().zip(shares) {
        let Some(shares) = shares else { continue };
        let mut any = false;
        unsure |= shares.saturated();
        for (dept, facts) in departments.clone().zip(facts) {
            if let Some(amount) = dept.figure(figure) {
                shares.count(facts, amount, false);
                any = true;
            }
        }
        unsure |= any && shares.model(Model::Customer).total() == 0;
    }
    for facts in facts {
        tally.count(facts, false);
    }
    unsure
}

/// The stretch of `greys` (sorted ids) that falls in `range`.
fn grey_span(greys: &[DeptId], range: &std::ops::Range<DeptId>) -> (usize, usize) {
    (greys.partition_point(|&g| g < range.start), greys.partition_point(|&g| g < range.end))
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
    use crate::classify::Verdict;

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
            Change::Splice { start: 3, removed: 1, inserted: "YY".into(), parsed: None },
            "only what goes in is held"
        );
    }

    #[test]
    fn moving_a_department_past_its_sibling_is_undone_by_a_rotation_holding_no_text() {
        let big = format!("[org.a.x]\nname = \"{}\"\n", "x".repeat(500));
        let text = format!("[company]\nname = \"C\"\n\n[org.a]\nname = \"A\"\n{big}\n# B\n[org.b]\nname = \"B\"\n");
        let mut doc = Document::from_text(None, text.clone()).unwrap();
        let mut applied = doc.apply(&Edit::Move { path: vec!["a".into()], up: false }).unwrap();
        assert!(matches!(applied.undo, Change::Rotate { .. }), "{:?}", applied.undo);
        assert_eq!(applied.undo.heap_bytes(), 0);
        assert_eq!(doc.org.children(None).map(|d| doc.org.dept(d).id.as_str()).collect::<Vec<_>>(), ["b", "a"]);
        let (_, mut redo) = doc.apply_change(&mut applied.undo).unwrap();
        assert_eq!(doc.text, text);
        assert_eq!(redo.heap_bytes(), 0);
        doc.apply_change(&mut redo).unwrap();
        assert!(doc.text.starts_with("[company]\nname = \"C\"\n\n# B\n[org.b]"), "{}", doc.text);
    }

    /// Steps whose first is patched and whose second is not (a change to `[company]`):
    /// the first is patched back, and the whole change made in the text and loaded, once.
    /// The document is then the one loaded from the text both steps make, and the
    /// change that takes it back gives the text it had.
    #[test]
    fn steps_a_patch_cannot_follow_to_the_end_are_patched_back_and_loaded_whole() {
        let a = "[org.a]\nname = \"A\"\ncustomers = \"direct\"\n";
        let b = "[org.b]\nname = \"B\"\nrevenue = \"direct\"\n";
        let text = format!("[company]\nname = \"C\"\n{a}{b}");
        let mut doc = Document::from_text(None, text.clone()).unwrap();
        let start = text.find("[org.a]").unwrap();
        let turn = Change::Rotate { start, len: a.len() + b.len(), by: a.len() };
        let turned = turn.apply(&text);
        assert_eq!(turned, format!("[company]\nname = \"C\"\n{b}{a}"));
        let renamed = turned.replace("name = \"C\"", "name = \"Company\"");
        let rename = Change::between(&turned, &renamed);
        let mut steps = Change::Steps(vec![turn, rename]);
        let (renumbered, mut back) = doc.apply_change(&mut steps).unwrap();
        assert!(matches!(renumbered, Renumbered::Reloaded(_)), "loaded whole: {renumbered:?}");
        assert_eq!(doc.text, renamed);
        let fresh = Document::from_text(None, renamed.clone()).unwrap();
        assert_eq!(
            (&doc.org, &doc.classes, &doc.tally, &doc.grey_areas),
            (&fresh.org, &fresh.classes, &fresh.tally, &fresh.grey_areas)
        );
        doc.apply_change(&mut back).unwrap();
        assert_eq!(doc.text, text);
        let fresh = Document::from_text(None, text.clone()).unwrap();
        assert_eq!((&doc.org, &doc.classes), (&fresh.org, &fresh.classes));
    }

    #[test]
    fn an_edit_and_its_inverse_change_leave_the_document_as_it_was() {
        let text = "[company]\nname = \"A\"\n\n[org.a]\nname = \"A\"\n\n[org.b]\nname = \"B\"\n";
        let mut doc = Document::from_text(None, text.into()).unwrap();
        let rename = Edit::Rename { path: vec!["a".into()], name: "Aa".into() };
        let mut applied = doc.apply(&rename).unwrap();
        assert!(matches!(applied.renumbered, Renumbered::Same(_)), "a field edit keeps the ids");
        assert_eq!(doc.org.dept(0).name.as_deref(), Some("Aa"));
        let mut applied_delete = doc.apply(&Edit::Delete { path: vec!["a".into()] }).unwrap();
        assert!(
            matches!(applied_delete.renumbered, Renumbered::Moved { map: IdMap::Removed { at: 0, count: 1 }, .. }),
            "a delete is patched: {:?}",
            applied_delete.renumbered
        );
        assert_eq!(doc.org.len(), 1);
        assert!(
            matches!(&applied_delete.undo, Change::Splice { parsed: Some(tables), .. } if tables.departments().len() == 1),
            "the undo of a delete holds the department it puts back"
        );
        let (_, redo) = doc.apply_change(&mut applied_delete.undo).unwrap();
        assert!(matches!(applied_delete.undo, Change::Splice { parsed: None, .. }), "put in, not copied");
        assert!(matches!(redo, Change::Splice { parsed: None, removed: 1.., .. }), "a delete holds nothing");
        doc.apply_change(&mut applied.undo).unwrap();
        assert_eq!(doc.text, text);
        let fresh = Document::from_text(None, text.into()).unwrap();
        assert_eq!(
            (&doc.org, &doc.classes, &doc.tally, &doc.grey_areas),
            (&fresh.org, &fresh.classes, &fresh.tally, &fresh.grey_areas)
        );
    }

    /// Every kind of edit, patched, then undone: after each step the document's facts,
    /// tally, grey areas and shares are those worked out from scratch, and the ids
    /// kept by the caller follow the map.
    #[test]
    fn patched_edits_keep_the_classification_as_a_fresh_one_would() {
        let text = "[company]\nname = \"C\"\ncore_business = \"sales\"\n\n\
                    [org.shop]\nname = \"Shop\"\ncustomers = \"direct\"\nrevenue = \"direct\"\nheadcount = 5\n\n\
                    [org.shop.help]\nname = \"Help\"\nrevenue = \"none\"\nheadcount = 3\n\n\
                    [org.shop.help.desk]\nname = \"Desk\"\nheadcount = 2\n\n\
                    [org.books]\nname = \"Books\"\nfunction = \"accounting\"\nheadcount = 4\nbudget = 900\n\n\
                    [org.books.tax]\nname = \"Tax\"\n";
        let path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Path>();
        let mut doc = Document::from_text(None, text.into()).unwrap();
        let same_as_fresh = |doc: &Document, what: &str| {
            let fresh = Document::from_text(None, doc.text.to_string()).unwrap();
            assert_eq!(
                (&doc.classes, &doc.tally, &doc.grey_areas, &doc.shares),
                (&fresh.classes, &fresh.tally, &fresh.grey_areas, &fresh.shares),
                "{what}"
            );
        };
        assert!(!doc.grey_areas.is_empty(), "the help desk is a grey area");
        let clip = Box::new(edit::copy_loaded(&doc.text, &doc.org, &path(&["shop", "help"])).unwrap());
        let edits = [
            Edit::SetFact { path: path(&["shop"]), field: edit::FactField::Customers, value: None },
            Edit::SetFunction { path: path(&["shop", "help"]), function: Some("sales".into()) },
            Edit::AddChild { parent: Some(path(&["shop", "help"])), name: "New".into() },
            Edit::Delete { path: path(&["shop"]) },
            Edit::Paste { clip, target: Some(path(&["books"])), as_child: true },
            Edit::Move { path: path(&["books", "help"]), up: true },
        ];
        let mut undos = Vec::new();
        for edit in &edits {
            let applied = doc.apply(edit).unwrap();
            assert!(!matches!(applied.renumbered, Renumbered::Reloaded(_)), "{edit:?} is patched");
            same_as_fresh(&doc, &format!("after {edit:?}"));
            undos.push(applied.undo);
        }
        while let Some(mut undo) = undos.pop() {
            let (renumbered, _) = doc.apply_change(&mut undo).unwrap();
            assert!(!matches!(renumbered, Renumbered::Reloaded(_)), "undoing {undo:?} is patched");
            same_as_fresh(&doc, &format!("after undoing {undo:?}"));
        }
        assert_eq!(doc.text, text);
    }

    #[test]
    fn a_fact_edit_keeps_where_the_grey_areas_sit_unless_they_change() {
        let text = "[company]\nname = \"C\"\ncore_business = \"sales\"\n\n\
                    [org.shop]\nname = \"Shop\"\ncustomers = \"direct\"\nrevenue = \"direct\"\n\n\
                    [org.shop.help]\nname = \"Help\"\nrevenue = \"none\"\n\n\
                    [org.books]\nname = \"Books\"\nfunction = \"accounting\"\n";
        let path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Path>();
        let mut doc = Document::from_text(None, text.into()).unwrap();
        let set = |doc: &mut Document, dept: &[&str], value| {
            let edit = Edit::SetFact { path: path(dept), field: edit::FactField::Revenue, value };
            doc.apply(&edit).unwrap();
        };
        assert_eq!(doc.grey_areas, [1], "the help desk deals with customers and earns nothing");
        doc.grey_ancestry();
        // Books earns nothing either way: no grey area comes or goes.
        set(&mut doc, &["books"], Some(crate::org::Level::None));
        assert!(!doc.grey_ancestry_pending(), "kept");
        // Help now earns directly: it is no grey area any more.
        set(&mut doc, &["shop", "help"], Some(crate::org::Level::Direct));
        assert!(doc.grey_areas.is_empty());
        assert!(doc.grey_ancestry_pending(), "worked out again");
    }

    #[test]
    fn an_id_map_follows_each_kind_of_patch() {
        let inserted = IdMap::Inserted { at: 2, count: 3 };
        assert_eq!([0, 1, 2, 3].map(|id| inserted.map(id)), [Some(0), Some(1), Some(5), Some(6)]);
        let removed = IdMap::Removed { at: 1, count: 2 };
        assert_eq!([0, 1, 2, 3].map(|id| removed.map(id)), [Some(0), None, None, Some(1)]);
        // The subtree 1..3 and its sibling 3..4 swap: 3 comes first.
        let swapped = IdMap::Swapped { at: 1, mid: 3, end: 4 };
        assert_eq!([0, 1, 2, 3, 4].map(|id| swapped.map(id)), [Some(0), Some(2), Some(3), Some(1), Some(4)]);
    }

    /// A file's last lines may be blank or comments (a generated file ends with a blank
    /// line). Loading gives them to the last department's block, so an edit that puts
    /// a department after it, takes it out or moves it hands them on. Every such edit
    /// is patched, not loaded anew (seconds at a million departments), and the patched
    /// org is the one the new text loads to; undone, the file comes back.
    #[test]
    fn edits_at_the_end_of_a_file_ending_in_blank_or_comment_lines_are_patched() {
        let path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Path>();
        let body =
            "[company]\nname = \"C\"\n\n[org.a]\nname = \"A\"\n\n[org.b]\nname = \"B\"\n\n[org.b.x]\nname = \"X\"\n";
        for end in ["", "\n", "\n\n", "# the end\n", "\n# the end\n\n", "\r\n", "\n# café"] {
            let text = format!("{body}{end}");
            let mut doc = Document::from_text(None, text.clone()).unwrap();
            let clip = Box::new(edit::copy_loaded(&doc.text, &doc.org, &path(&["a"])).unwrap());
            let edits = [
                Edit::Rename { path: path(&["b", "x"]), name: "Ex".into() },
                Edit::AddChild { parent: Some(path(&["b", "x"])), name: "New".into() },
                Edit::AddSibling { sibling: path(&["b"]), name: "Side".into() },
                Edit::Paste { clip: clip.clone(), target: Some(path(&["b"])), as_child: false },
                Edit::Paste { clip, target: Some(path(&["b", "x"])), as_child: true },
                Edit::Move { path: path(&["side"]), up: true },
                Edit::Move { path: path(&["b"]), up: false },
                Edit::Rename { path: path(&["b"]), name: "Bee".into() },
                Edit::Delete { path: path(&["b"]) },
            ];
            let mut undos = Vec::new();
            for edit in &edits {
                let applied = doc.apply(edit).unwrap_or_else(|e| panic!("{end:?}: {edit:?}: {e}"));
                assert!(!matches!(applied.renumbered, Renumbered::Reloaded(_)), "{end:?}: {edit:?} is patched");
                assert_eq!(Ok(&doc.org), load(&doc.text).as_ref(), "{end:?}: after {edit:?}\n{}", doc.text);
                assert!(
                    doc.text.ends_with(&format!("\"\n{end}")),
                    "{end:?}: the closing lines stay last\n{}",
                    doc.text
                );
                undos.push(applied.undo);
            }
            while let Some(mut undo) = undos.pop() {
                let (renumbered, _) = doc.apply_change(&mut undo).unwrap();
                assert!(!matches!(renumbered, Renumbered::Reloaded(_)), "{end:?}: undoing {undo:?} is patched");
                assert_eq!(Ok(&doc.org), load(&doc.text).as_ref(), "{end:?}: after undoing {undo:?}\n{}", doc.text);
            }
            assert_eq!(doc.text, text, "{end:?}: everything undone");
        }
        // Lines of a multi-line string may look like comments: there the edits may load
        // the text anew, but the org is still the one the text loads to.
        let text = format!("{body}notes = \"\"\"\n\n# not a comment\n\"\"\"\n\n# the end\n");
        let mut doc = Document::from_text(None, text.clone()).unwrap();
        for edit in [
            Edit::AddChild { parent: Some(path(&["b", "x"])), name: "New".into() },
            Edit::Move { path: path(&["b"]), up: true },
            Edit::Delete { path: path(&["b"]) },
        ] {
            doc.apply(&edit).unwrap();
            assert_eq!(Ok(&doc.org), load(&doc.text).as_ref(), "after {edit:?}\n{}", doc.text);
        }
    }

    /// The closing lines of a file are told apart whatever the last block holds (a
    /// triple-quoted string, as multi-line notes are written) and without a final line
    /// break; a move or an add that cannot hand them on is not patched wrongly.
    #[test]
    fn closing_lines_after_strings_and_without_a_final_break_are_patched_right() {
        let path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Path>();
        let ab = "[company]\nname = \"C\"\n\n[org.a]\nname = \"A\"\n\n[org.b]\nname = \"B\"\n";
        let cases: [(String, Vec<Edit>); 5] = [
            (format!("{ab}notes = \"\"\"x\"\"\"\n\n# end\n"), vec![Edit::Move { path: path(&["b"]), up: true }]),
            (
                format!("{ab}\n"),
                vec![
                    Edit::SetNotes { path: path(&["b"]), notes: Some("Two\nlines".into()) },
                    Edit::Move { path: path(&["b"]), up: true },
                ],
            ),
            ("[company]\nname = \"C\"\n# end".into(), vec![Edit::AddChild { parent: None, name: "N".into() }]),
            (
                "[company]\nname = \"C\"\ndescription = \"\"\"x\"\"\"\n\n[org.a]\nname = \"A\"\n\n# end\n".into(),
                vec![Edit::Delete { path: path(&["a"]) }],
            ),
            (format!("{ab}notes = \"\"\"\nTwo\nlines\"\"\"\n\n# end"), vec![Edit::Delete { path: path(&["b"]) }]),
        ];
        for (text, edits) in cases {
            let mut doc = Document::from_text(None, text.clone()).unwrap();
            let mut undos = Vec::new();
            for edit in &edits {
                undos.push(doc.apply(edit).unwrap().undo);
                assert_eq!(Ok(&doc.org), load(&doc.text).as_ref(), "{text:?}: after {edit:?}");
            }
            if text.contains("# end") {
                assert!(
                    doc.text.trim_end().ends_with("# end"),
                    "{text:?}: the closing comment stays last\n{}",
                    doc.text
                );
            }
            while let Some(mut undo) = undos.pop() {
                doc.apply_change(&mut undo).unwrap();
            }
            assert_eq!(doc.text, text);
        }
    }

    /// A clip whose department went (its id with it) while edits put its text back
    /// where it was copied from pastes without a panic: an id past the end of the
    /// arena is not taken for the department there, and the paste reads the clip's text.
    #[test]
    fn a_clip_whose_text_is_back_in_place_after_its_id_moved_pastes() {
        let text = "[company]\nname = \"X\"\n[org.a]\nname = \"A\"\n[org.z]\nname = \"Desk\"\n[org.b]\nname = \"B\"\n";
        let mut doc = Document::from_text(None, text.to_string()).unwrap();
        let clip = Box::new(doc.copy(&["b".to_string()]).unwrap());
        doc.apply(&Edit::Delete { path: vec!["z".into()] }).unwrap();
        // Notes that put back as many bytes before B as Z's table held.
        let notes = "n".repeat("[org.z]\nname = \"Desk\"\n".len() - "notes = \"\"\n".len());
        doc.apply(&Edit::SetNotes { path: vec!["a".into()], notes: Some(notes) }).unwrap();
        doc.apply(&Edit::Paste { clip, target: Some(vec!["a".into()]), as_child: true }).unwrap();
        assert_eq!(doc.org.path_string(doc.org.len() - 2), "a/b");
        assert_eq!(Ok(&doc.org), load(&doc.text).as_ref());
    }

    /// A pasted subtree whose new parent has the facts its original's parent has takes
    /// the original's facts; under a parent with other facts (here also inside the
    /// original subtree) it is classified anew. Either way as the pasted text
    /// classifies.
    #[test]
    fn a_pasted_subtree_takes_its_originals_facts_only_under_a_parent_with_the_same() {
        let text = "[company]\nname = \"X\"\n\
                    [org.sales]\ncustomers = \"direct\"\nrevenue = \"direct\"\n\
                    [org.sales.desk]\nname = \"Desk\"\n[org.sales.desk.help]\nname = \"Help\"\n\
                    [org.back]\ncustomers = \"none\"\nrevenue = \"none\"\n\
                    [org.other]\ncustomers = \"direct\"\nrevenue = \"direct\"\n";
        let path = |p: &str| p.split('/').map(str::to_string).collect::<Vec<_>>();
        // Where to paste (as a child when the flag says so), and whether the copies
        // come out front under the customer model.
        let cases =
            [("sales/desk", false, true), ("other", true, true), ("back", true, false), ("sales/desk", true, true)];
        for (target, as_child, front) in cases {
            let mut doc = Document::from_text(None, text.to_string()).unwrap();
            let original = doc.org.find_path(&path("sales/desk")).unwrap();
            let clip = Box::new(doc.copy(&path("sales/desk")).unwrap());
            let applied = doc.apply(&Edit::Paste { clip, target: Some(path(target)), as_child }).unwrap();
            let pasted = doc.org.find_path(&applied.select.unwrap()).unwrap();
            let fresh = Document::from_text(None, doc.text.to_string()).unwrap();
            assert_eq!(doc.classes, fresh.classes, "pasted at {target}");
            assert_eq!(doc.classes.of(pasted).verdict(Model::Customer) == Verdict::Front, front, "pasted at {target}");
            assert_eq!(doc.classes.of(original).verdict(Model::Customer), Verdict::Front);
            // Inside the original, one level further from the fact it inherits.
            if as_child && target == "sales/desk" {
                assert_ne!(doc.classes.of(pasted + 1), doc.classes.of(original + 1));
            }
        }
    }

    /// A department put back before the table of a sibling the file names first by
    /// its sub-department's header (an undone delete) comes after that sibling in the
    /// tree, as loading the text gives it.
    #[test]
    fn a_department_put_back_before_a_parent_named_first_by_its_child_comes_after_it() {
        let text = "[company]\nname = \"X\"\n[org.ops.sales]\n[org.sales]\n[org.ops]\n";
        let mut doc = Document::from_text(None, text.to_string()).unwrap();
        let mut applied = doc.apply(&Edit::Delete { path: vec!["sales".into()] }).unwrap();
        doc.apply_change(&mut applied.undo).unwrap();
        assert_eq!(doc.text, text);
        assert_eq!(Ok(&doc.org), load(text).as_ref());
    }

    /// A department's figure changed by a change of its table alone (the undo of the
    /// file read again from the disk) moves the shares: out at the figure it had, in
    /// at the one it has.
    #[test]
    fn a_figure_changed_in_a_departments_table_moves_the_shares() {
        let text = "[company]\nname = \"X\"\n[org.a]\nname = \"A\"\ncustomers = \"direct\"\nheadcount = 5\n\
                    [org.b]\nname = \"B\"\nheadcount = 2\n";
        let edited = text.replace("headcount = 5", "headcount = 3");
        let mut doc = Document::from_text(None, text.to_string()).unwrap();
        let (renumbered, _) = doc.apply_change(&mut Change::between(text, &edited)).unwrap();
        assert!(matches!(renumbered, Renumbered::Same(0)), "{renumbered:?}");
        assert_eq!(doc.shares, Document::from_text(None, edited).unwrap().shares);
    }

    /// An indent or an outdent that moves every department giving a figure (the only
    /// headcount, say) counts their shares out and in again without a panic: the
    /// shares are worked out again from the org only once it holds them all again.
    #[test]
    fn moving_every_department_that_gives_a_figure_under_another_parent_keeps_the_shares() {
        let cases = [
            (
                "[company]\nname = \"X\"\n[org.p]\n[org.p.a]\nheadcount = 1\n[org.p.b]\n",
                Edit::Outdent { path: vec!["p".into(), "a".into()] },
            ),
            (
                "[company]\r\nname = \"X\"\r\n[org.c]\r\n[org.c.q]\r\nbudget = 1000\r\n",
                Edit::Outdent { path: vec!["c".into(), "q".into()] },
            ),
            ("[company]\nname = \"X\"\n[org.a]\n[org.b]\nheadcount = 3\n", Edit::Indent { path: vec!["b".into()] }),
        ];
        for (text, edit) in cases {
            let mut doc = Document::from_text(None, text.to_string()).unwrap();
            let mut applied = doc.apply(&edit).unwrap();
            assert!(!matches!(applied.renumbered, Renumbered::Reloaded(_)), "{edit:?} is patched");
            assert!(doc.shares.iter().any(Option::is_some), "{edit:?}: the figure is still counted");
            let (_, mut redo) = doc.apply_change(&mut applied.undo).unwrap();
            assert_eq!(doc.text, text);
            doc.apply_change(&mut redo).unwrap();
        }
    }

    /// A field edit made in place, its undo and its redo leave every department on
    /// the line a fresh load gives, in files written with parents after their
    /// children (a department's line is where the file first names it: a
    /// sub-department's header, before its own), with comments above the headers;
    /// and notes of two lines in a file with Windows line ends hold the `\r` the file
    /// then holds, as loading it gives them.
    #[test]
    fn field_edits_keep_every_line_right_where_parents_come_after_their_children() {
        let texts = [
            "[company]\nname = \"X\"\n\n[org.a.b]\nname = \"B\"\n\n[org.a]\nname = \"A\"\n\n[org.c]\nname = \"C\"\n",
            "[company]\nname = \"X\"\n\n[org.a.b]\nname = \"B\"\n\n[org.a.b.x]\nname = \"BX\"\n# A\n[org.a]\nname = \"A\"\n\n\
             [org.c]\nname = \"C\"\n[org.c.d]\nname = \"D\"\n",
            "[company]\nname = \"X\"\n\n[org.a.b.x]\nname = \"BX\"\n[org.a]\nname = \"A\"\n\n# B\n\n[org.a.b]\nname = \"B\"\n\
             [org.c]\nname = \"C\"\n",
            "[company]\r\nname = \"X\"\r\n\r\n[org.a.b]\r\nname = \"B\"\r\n\r\n[org.a]\r\nname = \"A\"\r\n",
            // The parent named first by a grandchild, its child's own table after its.
            "[company]\nname = \"X\"\n[org.p.a.a1]\nname = \"A1\"\n[org.q]\nname = \"Q\"\n\
             [org.p]\nname = \"P\"\n[org.p.a]\nname = \"A\"\n",
        ];
        for text in texts {
            let org = load(text).unwrap();
            for d in 0..org.len() {
                let path: Path = org.owned_path(d);
                for edit in [
                    Edit::SetNotes { path: path.clone(), notes: Some("Two\nlines".into()) },
                    Edit::Rename { path: path.clone(), name: "Renamed".into() },
                    Edit::SetFact {
                        path: path.clone(),
                        field: edit::FactField::Revenue,
                        value: Some(crate::org::Level::Direct),
                    },
                ] {
                    let mut doc = Document::from_text(None, text.to_string()).unwrap();
                    let Ok(mut applied) = doc.apply(&edit) else { continue };
                    let what = format!("{edit:?} in\n{text}");
                    assert_eq!(Ok(&doc.org), load(&doc.text).as_ref(), "{what}");
                    let (_, mut redo) = doc.apply_change(&mut applied.undo).unwrap();
                    assert_eq!(doc.org, org, "undone: {what}");
                    doc.apply_change(&mut redo).unwrap();
                    assert_eq!(Ok(&doc.org), load(&doc.text).as_ref(), "redone: {what}");
                }
            }
        }
    }

    /// A department may perform a function its file declares in a table of its own:
    /// undoing or redoing an edit of its fields reads its table apart from the file,
    /// and still knows the function (it loaded the whole file anew before: seconds at
    /// a million departments).
    #[test]
    fn undoing_a_field_edit_knows_the_functions_the_file_declares() {
        let text = "[company]\nname = \"C\"\n\n[functions.tasting]\nname = \"Tasting\"\ncustomers = \"direct\"\n\n\
                    [org.a]\nname = \"A\"\nfunction = \"tasting\"\n\n[org.b]\nname = \"B\"\n";
        let mut doc = Document::from_text(None, text.into()).unwrap();
        let path = |p: &str| vec![p.to_string()];
        for edit in [
            Edit::Rename { path: path("a"), name: "Aa".into() },
            Edit::SetFunction { path: path("b"), function: Some("tasting".into()) },
            Edit::SetFact { path: path("a"), field: edit::FactField::Revenue, value: Some(crate::org::Level::Direct) },
        ] {
            let before = doc.text.to_string();
            let mut applied = doc.apply(&edit).unwrap();
            let (renumbered, mut redo) = doc.apply_change(&mut applied.undo).unwrap();
            assert!(matches!(renumbered, Renumbered::Same(_)), "undoing {edit:?} is patched: {renumbered:?}");
            assert_eq!(doc.text, before);
            let (renumbered, _) = doc.apply_change(&mut redo).unwrap();
            assert!(matches!(renumbered, Renumbered::Same(_)), "redoing {edit:?} is patched: {renumbered:?}");
            assert_eq!(Ok(&doc.org), load(&doc.text).as_ref(), "after redoing {edit:?}");
            let fresh = Document::from_text(None, doc.text.to_string()).unwrap();
            assert_eq!((&doc.classes, &doc.tally), (&fresh.classes, &fresh.tally), "after redoing {edit:?}");
        }
        // A function neither the catalogue nor the file knows is still refused.
        let mut org = doc.org.clone();
        let (start, end) = org.block(1).unwrap();
        let unknown = doc.text[start..end].replace("\"tasting\"", "\"juggling\"");
        assert_eq!(edit::patch::fields(&mut org, &doc.text, start, end - start, &unknown), None);
    }

    /// Every kind of edit on every department of each generated shape, then its undo
    /// and its redo, is patched: none loads the whole file again, which takes seconds
    /// at a million departments. (Departments written as inline tables inside another
    /// still make it load again; no generated shape has them.) An outdent of a
    /// department with later siblings is two steps, its tables turned past theirs and
    /// then written under the new parent: its undo and redo too.
    #[test]
    fn every_edit_its_undo_and_its_redo_are_patched_in_each_generated_shape() {
        use crate::generate;
        let shapes = [
            generate::org_text(60, 3),
            generate::flat_org_text(40),
            generate::deep_org_text(12),
            generate::noted_org_text(20, 300),
            generate::functions_org_text(40),
        ];
        for text in shapes {
            let base = Document::from_text(None, text.clone()).unwrap();
            let clip = Box::new(edit::copy_loaded(&text, &base.org, &base.org.owned_path(base.org.len() / 2)).unwrap());
            for d in 0..base.org.len() {
                let path: Path = base.org.owned_path(d);
                let revenue = |value| Edit::SetFact { path: path.clone(), field: edit::FactField::Revenue, value };
                let function = |function: Option<&str>| Edit::SetFunction {
                    path: path.clone(),
                    function: function.map(str::to_string),
                };
                let edits = [
                    Edit::AddChild { parent: Some(path.clone()), name: "New".into() },
                    Edit::AddSibling { sibling: path.clone(), name: "New".into() },
                    Edit::Delete { path: path.clone() },
                    Edit::Paste { clip: clip.clone(), target: Some(path.clone()), as_child: false },
                    Edit::Paste { clip: clip.clone(), target: Some(path.clone()), as_child: true },
                    Edit::Move { path: path.clone(), up: true },
                    Edit::Move { path: path.clone(), up: false },
                    Edit::Rename { path: path.clone(), name: "Renamed".into() },
                    revenue(Some(crate::org::Level::Direct)),
                    revenue(None),
                    Edit::SetNotes { path: path.clone(), notes: Some("Two\nlines".into()) },
                    function(Some("sales")),
                    function(None),
                    Edit::Indent { path: path.clone() },
                    Edit::Outdent { path: path.clone() },
                ];
                for edit in edits {
                    let mut doc = Document::from_text(None, text.clone()).unwrap();
                    // A move past the first or last sibling is refused: nothing to patch.
                    let Ok(mut applied) = doc.apply(&edit) else { continue };
                    let what = format!("{edit:?} on {path:?}");
                    assert!(!matches!(applied.renumbered, Renumbered::Reloaded(_)), "{what} is patched");
                    let edited = doc.text.to_string();
                    let (renumbered, mut redo) = doc.apply_change(&mut applied.undo).unwrap();
                    assert!(!matches!(renumbered, Renumbered::Reloaded(_)), "its undo is patched: {what}");
                    assert_eq!(doc.text, text, "undone: {what}");
                    let (renumbered, _) = doc.apply_change(&mut redo).unwrap();
                    assert!(!matches!(renumbered, Renumbered::Reloaded(_)), "its redo is patched: {what}");
                    assert_eq!(doc.text, edited, "redone: {what}");
                }
            }
        }
    }

    /// Random edits and undos on generated orgs: after each step the text is the one
    /// the edit makes as a string, the patched document is the one loaded from that
    /// text, and undoing everything gives the file back. Pasted clips are lent by the
    /// document or hold their own text, and some are pasted after later edits.
    #[test]
    fn random_edits_and_undos_patch_the_document_as_a_fresh_load_would() {
        use crate::generate::SplitMix64;
        for seed in 1..=4 {
            let text = crate::generate::org_text(300, seed);
            let mut doc = Document::from_text(None, text.clone()).unwrap();
            let mut rng = SplitMix64(seed);
            let mut undos = Vec::new();
            let (mut patched, mut clips) = (0, Vec::new());
            for step in 0..60 {
                let pick = rng.below(doc.org.len());
                let path: Path = doc.org.owned_path(pick);
                let edit = match rng.below(9) {
                    0 => Edit::AddChild { parent: Some(path), name: format!("New {step}") },
                    1 => Edit::AddSibling { sibling: path, name: format!("Side {step}") },
                    2 if doc.org.len() > 50 => Edit::Delete { path },
                    3 => {
                        let from: Path = doc.org.path(rng.below(doc.org.len())).iter().map(|s| s.to_string()).collect();
                        // Lent by the document, or a copy of its own; pasted now, or
                        // later. Each is kept with a twin that holds its own copy of
                        // the text: what a lent clip reads must stay what was copied,
                        // whatever the edits since.
                        let Ok(twin) = edit::copy_loaded(&doc.text, &doc.org, &from) else { continue };
                        let clip = if rng.below(2) == 0 { doc.copy(&from).unwrap() } else { twin.clone() };
                        clips.push((clip, twin));
                        let (clip, twin) = clips[rng.below(clips.len())].clone();
                        assert!(clip == twin, "seed {seed}, step {step}: a kept clip reads what was copied");
                        Edit::Paste { clip: Box::new(clip), target: Some(path), as_child: rng.below(2) == 0 }
                    }
                    4 => Edit::Move { path, up: rng.below(2) == 0 },
                    5 => {
                        Edit::SetFact { path, field: edit::FactField::Revenue, value: Some(crate::org::Level::Direct) }
                    }
                    6 => Edit::Indent { path },
                    7 => Edit::Outdent { path },
                    _ => match undos.pop() {
                        Some(mut undo) => {
                            let (renumbered, _) = doc.apply_change(&mut undo).unwrap();
                            patched += usize::from(!matches!(renumbered, Renumbered::Reloaded(_)));
                            continue;
                        }
                        None => continue,
                    },
                };
                // The text is the one the edit makes of the text as a string.
                let expected = edit::apply_loaded(&doc.text, &doc.org, &edit).map(|outcome| outcome.text(&doc.text));
                let Ok(applied) = doc.apply(&edit) else { continue };
                assert_eq!(Ok(doc.text.to_string()), expected, "seed {seed}, step {step}: {edit:?}");
                patched += usize::from(!matches!(applied.renumbered, Renumbered::Reloaded(_)));
                undos.push(applied.undo);
                let fresh = Document::from_text(None, doc.text.to_string()).unwrap();
                assert_eq!(doc.org, fresh.org, "seed {seed}, step {step}: {edit:?}");
                assert_eq!(
                    (&doc.classes, &doc.tally, &doc.grey_areas, &doc.shares),
                    (&fresh.classes, &fresh.tally, &fresh.grey_areas, &fresh.shares),
                    "seed {seed}, step {step}: {edit:?}"
                );
            }
            while let Some(mut undo) = undos.pop() {
                doc.apply_change(&mut undo).unwrap();
            }
            assert_eq!(doc.text, text, "seed {seed}: everything undone");
            assert!(patched > 20, "seed {seed}: most steps were patched, not reloaded ({patched})");
        }
    }
}
