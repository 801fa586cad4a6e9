//! What the tree shows: which departments are unfolded, the visible rows in order,
//! the selection and the scroll offset. Pure state, independent of drawing, so that a
//! key press costs work in proportion to what changes, not to the size of the org:
//! with everything unfolded and no filter the rows are simply every department in
//! order, and nothing is listed at all.

use std::sync::Arc;

use crate::document::{Document, IdMap};
use crate::org::{Ancestry, DeptId};

/// Which departments are unfolded: one flag per department, indexed by id, and what
/// a department without a flag (one put in since) starts as. Asking, setting and
/// following an edit cost no hashing, so that a million departments with many of them
/// unfolded fold, filter and follow edits in a few passes over flat memory. The flags
/// may be shared with an [`Ancestry`] they were made from, until one changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Folds {
    open: Arc<Vec<bool>>,
    /// How many of the flags say folded: with none, and new ones open, all is open.
    folded: usize,
    /// Whether a department past the flags is unfolded.
    new_open: bool,
}

impl Default for Folds {
    fn default() -> Folds {
        Folds::all(false)
    }
}

impl Folds {
    /// Everything unfolded, or everything folded.
    fn all(open: bool) -> Folds {
        Folds { open: Arc::default(), folded: 0, new_open: open }
    }

    /// Whether a department is unfolded.
    fn is_open(&self, id: DeptId) -> bool {
        self.open.get(id).copied().unwrap_or(self.new_open)
    }

    /// Whether every department is unfolded.
    fn all_open(&self) -> bool {
        self.new_open && self.folded == 0
    }

    /// Whether every department is folded as nothing was unfolded yet: no flags,
    /// and new ones folded (as an org too large to show whole opens).
    fn all_folded(&self) -> bool {
        !self.new_open && self.open.is_empty()
    }

    /// Whether the flags are still `flags` (shared, not a copy) for `len`
    /// departments: nothing was folded, unfolded or renumbered since they were put in.
    /// Every change copies shared flags first, so sharing them means unchanged.
    fn are(&self, flags: &Arc<Vec<bool>>, len: usize) -> bool {
        !self.new_open && Arc::ptr_eq(&self.open, flags) && flags.len() == len
    }

    /// Marks one department; returns whether anything changed.
    fn set(&mut self, id: DeptId, open: bool) -> bool {
        if id >= self.open.len() {
            if open == self.new_open {
                return false;
            }
            self.grow(id + 1);
        }
        match (self.open[id], open) {
            (true, false) => self.folded += 1,
            (false, true) => self.folded -= 1,
            _ => return false,
        }
        Arc::make_mut(&mut self.open)[id] = open;
        true
    }

    /// Flags departments up to `len` as new ones start.
    fn grow(&mut self, len: usize) {
        if len > self.open.len() {
            self.folded += if self.new_open { 0 } else { len - self.open.len() };
            Arc::make_mut(&mut self.open).resize(len, self.new_open);
        }
    }

    /// Unfolds the ancestors of an ancestry's departments, in one pass with no branch
    /// per department; none at all when everything was folded, as an org opens: the
    /// flags are then the ancestry's own, shared.
    fn open_all_of(&mut self, ancestry: &Ancestry) {
        if self.all_folded() {
            self.open = ancestry.above.clone();
            self.folded = ancestry.above.len() - ancestry.ancestors;
            return;
        }
        self.grow(ancestry.above.len());
        let mut opened = 0;
        for (open, &above) in Arc::make_mut(&mut self.open).iter_mut().zip(ancestry.above.iter()) {
            opened += usize::from(above & !*open);
            *open |= above;
        }
        self.folded -= opened;
    }

    /// Follows a patch that renumbered the departments as `map` says: flags move with
    /// their departments, those put in start as new ones do, and those taken out go.
    /// Gives back the flags of those taken out, in order, for [`Folds::put_back`] when
    /// an undo puts them back; `None` when they were all as new ones start.
    fn follow(&mut self, map: IdMap) -> Option<Vec<bool>> {
        let before = self.open.len();
        let taken = move_flags(&mut self.open, map, self.new_open);
        if !self.new_open {
            self.folded += self.open.len() + taken.len() - before;
        }
        self.folded -= taken.iter().filter(|&&open| !open).count();
        taken.iter().any(|&open| open != self.new_open).then_some(taken)
    }

    /// Gives departments put in at `at` the flags [`Outline::follow`] gave back when
    /// they were taken out: an undone delete comes back folded as it was.
    pub fn put_back(&mut self, at: DeptId, flags: &[bool]) {
        for (id, &open) in (at..).zip(flags) {
            self.set(id, open);
        }
    }

    /// The same folds for departments renumbered as `map` says (`None`: gone), one
    /// call for each department whose flag is not what a new one starts as.
    pub fn remap(&self, map: impl Fn(DeptId) -> Option<DeptId>) -> Folds {
        self.remap_keeping_gone(map).0
    }

    /// [`Folds::remap`], and those of the departments that went whose flag is not
    /// what a new one starts as: their old ids and flags, for an undo to put back.
    pub fn remap_keeping_gone(&self, map: impl Fn(DeptId) -> Option<DeptId>) -> (Folds, Vec<(DeptId, bool)>) {
        let mut folds = Folds::all(self.new_open);
        let mut gone = Vec::new();
        for (id, &open) in self.open.iter().enumerate() {
            if open != self.new_open {
                match map(id) {
                    Some(new) => {
                        folds.set(new, open);
                    }
                    None => gone.push((id, open)),
                }
            }
        }
        (folds, gone)
    }
}

/// Moves one flag per department, shared until it changes, as `map` moves the
/// departments: those put in get `new`, and those taken out are given back, in
/// order. A department past the flags stays past them, as new ones are.
fn move_flags(flags: &mut Arc<Vec<bool>>, map: IdMap, new: bool) -> Vec<bool> {
    let len = flags.len();
    if map.keeps_every_id() {
        return Vec::new();
    }
    match map {
        IdMap::Inserted { at, count } if at < len => {
            Arc::make_mut(flags).splice(at..at, std::iter::repeat_n(new, count));
        }
        IdMap::Removed { at, count } if at < len => {
            return Arc::make_mut(flags).drain(at..(at + count).min(len)).collect();
        }
        IdMap::Swapped { at, mid, end } if at < len => {
            let flags = Arc::make_mut(flags);
            flags.resize(len.max(end), new);
            flags[at..end].rotate_left(mid - at);
        }
        _ => {}
    }
    Vec::new()
}

/// A set of departments as one flag per department, indexed by id: what the grey-only
/// filter keeps. Asking it and adding to it cost no hashing, and it is made from an
/// [`Ancestry`] without copying, so turning the filter on at a million departments is
/// a pass or two over flat memory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keep(Arc<Vec<bool>>);

impl Keep {
    /// The departments of an ancestry and all their ancestors ([`Ancestry::holding`]).
    pub fn of(ancestry: &Ancestry) -> Keep {
        Keep(ancestry.holding.clone())
    }

    /// Keeps a department and its ancestors; returns whether it was not kept before.
    /// Stops at the first one kept already: its ancestors are too.
    pub fn insert_with_ancestors(&mut self, doc: &Document, id: DeptId) -> bool {
        let mut inserted = false;
        for a in doc.org.ancestors_and_self(id) {
            if !self.insert(a) {
                break;
            }
            inserted = true;
        }
        inserted
    }

    /// The rows when they are what it keeps, counted, not listed.
    fn counts(&self) -> Kept {
        Kept::of(self.0.clone())
    }

    /// Whether a department is kept.
    pub fn contains(&self, id: DeptId) -> bool {
        self.0.get(id).copied().unwrap_or(false)
    }

    /// Keeps a department; returns whether it was not kept before. Only with its
    /// ancestors, so that what is kept always holds the ancestors of what it holds.
    /// The first one copies the flags when they are shared.
    fn insert(&mut self, id: DeptId) -> bool {
        if self.contains(id) {
            return false;
        }
        let flags = Arc::make_mut(&mut self.0);
        if id >= flags.len() {
            flags.resize(id + 1, false);
        }
        flags[id] = true;
        true
    }

    /// The kept departments, in pre-order.
    pub fn iter(&self) -> impl Iterator<Item = DeptId> + '_ {
        self.0.iter().enumerate().filter_map(|(id, &kept)| kept.then_some(id))
    }
}

/// The visible rows, top to bottom.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Rows {
    /// Every department, in order (all unfolded, no filter): nothing is listed.
    Every(usize),
    /// The departments flagged, not listed either but counted: what the filter keeps
    /// with every one showing (all their ancestors unfolded), or, with no filter,
    /// what shows with only the grey areas' ancestors unfolded (after `!` on and off
    /// on an org that was all folded).
    Kept(Kept),
    /// These departments, in pre-order.
    Listed(Vec<DeptId>),
}

/// Rows that are the departments flagged: the flags, how many, and how many are
/// flagged before each block of [`Kept::BLOCK`] departments. The department on a row,
/// and the row of a department, are then found by counting flags within one block.
/// With the grey areas of a million departments, hundreds of thousands of rows, that
/// is a thousand numbers instead of a list of them all.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Kept {
    flags: Arc<Vec<bool>>,
    len: usize,
    before: Vec<usize>,
}

impl Kept {
    /// Small in the tests, so that their orgs of hundreds span many blocks.
    const BLOCK: usize = if cfg!(test) { 16 } else { 1024 };

    /// The rows that are the departments `flags` flags, counted block by block.
    fn of(flags: Arc<Vec<bool>>) -> Kept {
        let mut before = Vec::with_capacity(flags.len().div_ceil(Kept::BLOCK));
        let mut len = 0;
        for block in flags.chunks(Kept::BLOCK) {
            before.push(len);
            len += block.iter().map(|&kept| usize::from(kept)).sum::<usize>();
        }
        Kept { flags, len, before }
    }

    /// The department on row `index`.
    fn row(&self, index: usize) -> Option<DeptId> {
        if index >= self.len {
            return None;
        }
        let block = self.before.partition_point(|&before| before <= index) - 1;
        let start = block * Kept::BLOCK;
        let nth = index - self.before[block];
        let end = (start + Kept::BLOCK).min(self.flags.len());
        self.flags[start..end].iter().enumerate().filter(|&(_, &kept)| kept).nth(nth).map(|(i, _)| start + i)
    }

    /// The row of a department.
    fn row_of(&self, id: DeptId) -> Option<usize> {
        if !self.flags.get(id).copied().unwrap_or(false) {
            return None;
        }
        let block = id / Kept::BLOCK;
        let start = block * Kept::BLOCK;
        Some(self.before[block] + self.flags[start..id].iter().filter(|&&kept| kept).count())
    }

    /// Moves the flags as `map` moves their departments, for an org of `len` now, and
    /// clears those of `rewritten` (ids after the map) for [`Kept::show`] to set again.
    fn follow(&mut self, map: IdMap, rewritten: std::ops::Range<DeptId>, len: usize) {
        move_flags(&mut self.flags, map, false);
        let flags = Arc::make_mut(&mut self.flags);
        flags.resize(len, false);
        flags[rewritten].fill(false);
    }

    /// Flags the departments given, and counts the rows again.
    fn show(&mut self, ids: &[DeptId]) {
        let flags = Arc::make_mut(&mut self.flags);
        for &id in ids {
            flags[id] = true;
        }
        *self = Kept::of(self.flags.clone());
    }

    /// The rows, listed.
    fn listed(&self) -> Vec<DeptId> {
        let mut rows = Vec::new();
        gather(&self.flags, 0..self.flags.len(), &mut rows);
        rows
    }
}

/// Appends the departments of `range` that `flags` flags to `rows`, in order, without
/// a branch per department.
fn gather(flags: &[bool], range: std::ops::Range<DeptId>, rows: &mut Vec<DeptId>) {
    let range = range.start..range.end.min(flags.len());
    let Some(flags) = flags.get(range.clone()) else { return };
    let kept = flags.iter().map(|&kept| usize::from(kept)).sum::<usize>();
    let start = rows.len();
    // One more: each department is written at the end, the flagged ones stay.
    rows.resize(start + kept + 1, 0);
    let mut len = start;
    for (d, &kept) in range.zip(flags) {
        rows[len] = d;
        len += usize::from(kept);
    }
    rows.truncate(len);
}

impl Default for Rows {
    fn default() -> Rows {
        Rows::Listed(Vec::new())
    }
}

/// The visible part of the tree.
#[derive(Clone, Debug, Default)]
pub struct Outline {
    folds: Folds,
    rows: Rows,
    /// Index of the selected row.
    pub cursor: usize,
    /// Index of the first row drawn below the pinned ancestors.
    pub offset: usize,
    /// When set, only these departments are shown (a grey area and its ancestors).
    /// Changed only with the rows ([`Outline::set_filter`], [`Outline::clear_filter`]),
    /// so that rows counted from its flags are always what it keeps.
    filter: Option<Keep>,
    /// The ancestry whose ancestors the folds were made of when `!` unfolded them in
    /// an org that was all folded ([`Outline::show_only`]): while the folds are still
    /// its `above`, the rows without a filter are its `showing`, counted. Holding it
    /// keeps those flags shared, so that any change to the folds copies them.
    opened_by: Option<Ancestry>,
}

impl Outline {
    /// An outline with everything unfolded when the org is small enough to take in at
    /// a glance, else only the top level showing.
    pub fn new(doc: &Document) -> Outline {
        Outline::with_folds(doc, Folds::all(doc.org.len() <= 200))
    }

    /// An outline with these folds (after an edit reloaded the org).
    pub fn with_folds(doc: &Document, folds: Folds) -> Outline {
        let mut outline = Outline { folds, ..Outline::default() };
        outline.rebuild(doc);
        outline
    }

    /// The folds, to carry over a reload.
    pub fn folds(&self) -> &Folds {
        &self.folds
    }

    /// Whether a department has sub-departments to show: any at all, or with the
    /// grey-only filter on, any the filter keeps.
    pub fn has_visible_children(&self, doc: &Document, id: DeptId) -> bool {
        match &self.filter {
            Some(keep) => doc.org.children(Some(id)).any(|c| keep.contains(c)),
            None => doc.org.has_children(id),
        }
    }

    /// Whether a department is unfolded.
    pub fn is_open(&self, id: DeptId) -> bool {
        self.folds.is_open(id)
    }

    /// How many rows are visible.
    pub fn len(&self) -> usize {
        match &self.rows {
            Rows::Every(n) => *n,
            Rows::Kept(kept) => kept.len,
            Rows::Listed(rows) => rows.len(),
        }
    }

    /// True when no row is visible.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The department on a row.
    pub fn row(&self, index: usize) -> Option<DeptId> {
        match &self.rows {
            Rows::Every(n) => (index < *n).then_some(index),
            Rows::Kept(kept) => kept.row(index),
            Rows::Listed(rows) => rows.get(index).copied(),
        }
    }

    /// The departments on `count` rows from `start`.
    pub fn rows_from(&self, start: usize, count: usize) -> Vec<DeptId> {
        let end = start.saturating_add(count).min(self.len());
        (start.min(end)..end).filter_map(|i| self.row(i)).collect()
    }

    /// The row of a visible department: rows are in pre-order, so a binary search.
    pub fn row_of(&self, id: DeptId) -> Option<usize> {
        match &self.rows {
            Rows::Every(n) => (id < *n).then_some(id),
            Rows::Kept(kept) => kept.row_of(id),
            Rows::Listed(rows) => rows.binary_search(&id).ok(),
        }
    }

    /// The selected department, if any row is visible.
    pub fn selected(&self) -> Option<DeptId> {
        self.row(self.cursor)
    }

    /// Recomputes the visible rows after folds changed or an edit, keeping the selected
    /// department (or the nearest visible ancestor) selected. (A new filter goes in
    /// with [`Outline::set_filter`], which reads the selection before the change.)
    pub fn rebuild(&mut self, doc: &Document) {
        let previous = self.selected();
        self.relist(doc, previous);
    }

    /// The grey-only filter, when it is on.
    pub fn filter(&self) -> Option<&Keep> {
        self.filter.as_ref()
    }

    /// Shows only what `keep` keeps (it holds the ancestors of what it holds), in place
    /// of what showed; the selection stays, or goes to its nearest visible ancestor.
    pub fn set_filter(&mut self, doc: &Document, keep: Keep) {
        let previous = self.selected();
        self.filter = Some(keep);
        self.relist(doc, previous);
    }

    /// Turns the filter off, the selection kept; returns whether it was on.
    pub fn clear_filter(&mut self, doc: &Document) -> bool {
        let previous = self.selected();
        if self.filter.take().is_none() {
            return false;
        }
        self.relist(doc, previous);
        true
    }

    /// Lists the rows anew as the folds and the filter make them, and selects
    /// `previous` or its nearest visible ancestor ([`Outline::set_rows`]).
    fn relist(&mut self, doc: &Document, previous: Option<DeptId>) {
        self.set_rows(doc, previous, |outline, rows| outline.list(doc, rows));
    }

    /// The visible rows as the folds and the filter make them, listed in `rows` (empty)
    /// when they must be. Called by [`Outline::set_rows`] alone, which keeps
    /// `opened_by` only while the folds are still the ancestry's.
    fn list(&self, doc: &Document, mut rows: Vec<DeptId>) -> Rows {
        let n = doc.org.len();
        match (&self.filter, &self.opened_by) {
            (None, _) if self.folds.all_open() => Rows::Every(n),
            // The folds `!` left after it unfolded the ancestors of the grey areas in an
            // org that was all folded.
            (None, Some(ancestry)) => Rows::Kept(Kept::of(ancestry.showing.clone())),
            // Nothing folded, and what the filter keeps holds its ancestors: the rows
            // are what it keeps.
            (Some(keep), _) if self.folds.all_open() => Rows::Kept(keep.counts()),
            _ => {
                self.push_visible(doc, 0..n, &mut rows);
                Rows::Listed(rows)
            }
        }
    }

    /// Puts the rows `list` makes (given the old list's memory, emptied) in place, and
    /// selects `previous` (the department selected before the rows changed), or its
    /// nearest visible ancestor.
    fn set_rows(&mut self, doc: &Document, previous: Option<DeptId>, list: impl FnOnce(&Self, Vec<DeptId>) -> Rows) {
        let spare = match std::mem::take(&mut self.rows) {
            Rows::Listed(mut rows) => {
                rows.clear();
                rows
            }
            Rows::Every(_) | Rows::Kept(_) => Vec::new(),
        };
        // Once the folds changed, they are no longer the ancestry's.
        if self.opened_by.as_ref().is_some_and(|ancestry| !self.folds.are(&ancestry.above, doc.org.len())) {
            self.opened_by = None;
        }
        self.rows = list(self, spare);
        self.cursor = 0;
        if let Some(previous) = previous {
            self.select(doc, previous);
        }
    }

    /// Appends the visible departments of a stretch of the arena that starts a
    /// subtree: those the filter keeps, skipping the insides of folded ones.
    fn push_visible(&self, doc: &Document, range: std::ops::Range<DeptId>, rows: &mut Vec<DeptId>) {
        if let Some(keep) = &self.filter
            && self.folds.all_open()
        {
            // Nothing folded, and what the filter keeps holds its ancestors: the rows
            // are the kept departments.
            gather(&keep.0, range, rows);
            return;
        }
        let ends = doc.org.subtree_ends();
        let mut i = range.start;
        let Some(keep) = &self.filter else {
            // Room for every row at once: pages it does not fill are never touched.
            rows.reserve(range.len());
            while i < range.end {
                rows.push(i);
                // Chosen, not branched on: whether a department is unfolded follows
                // no pattern a branch predictor could learn.
                let skip = !self.folds.is_open(i);
                i = std::hint::select_unpredictable(skip, ends[i], i + 1);
            }
            return;
        };
        while i < range.end {
            if !keep.contains(i) {
                i = ends[i];
                continue;
            }
            rows.push(i);
            i = if self.folds.is_open(i) { i + 1 } else { ends[i] };
        }
    }

    /// Follows an edit that renumbered the departments as `map` says, and put in or
    /// wrote anew under another parent those of `rewritten` (their ids after it): the
    /// folds move with their departments, those put in get `put_back` when an undo
    /// puts them back as they were, and the rows move too, with those of `rewritten`
    /// worked out again where they show. The rest of the org is not walked: hundreds
    /// of thousands of rows follow an add in a pass over them. The selection and the
    /// top row stay on their departments, so the view does not jump. Gives back the
    /// folds of the departments taken out, in order, when any is not as new ones start.
    ///
    /// The grey-only filter, when on, is made again for the org as it is now (the grey
    /// areas and their ancestors) and the rows listed once with it; the department
    /// the caller selects next is kept showing as [`Outline::reveal`] selects it.
    pub fn follow(
        &mut self,
        doc: &Document,
        map: IdMap,
        rewritten: std::ops::Range<DeptId>,
        put_back: Option<&[bool]>,
    ) -> Option<Vec<bool>> {
        let selected = self.selected().and_then(|id| map.map(id));
        let top = self.row(self.offset).and_then(|id| map.map(id));
        let taken = self.folds.follow(map);
        if let (IdMap::Inserted { at, count }, Some(flags)) = (map, put_back)
            && flags.len() <= count
        {
            self.folds.put_back(at, flags);
        }
        let filtered = self.filter.is_some();
        let followed = !filtered && self.rows_follow(doc, map, rewritten);
        if followed {
            self.cursor = 0;
            if let Some(selected) = selected {
                self.select(doc, selected);
            }
        } else {
            // Rows that were what the filter kept, or that a patch cannot follow: listed
            // again as the folds and the filter make them.
            if filtered {
                self.filter = Some(Keep::of(doc.grey_ancestry()));
            }
            self.opened_by = None;
            self.relist(doc, selected);
        }
        if let Some(row) = top.and_then(|top| self.row_of(top)) {
            self.offset = row;
        }
        self.offset = self.offset.min(self.len().saturating_sub(1));
        taken
    }

    /// Moves the rows as [`Outline::follow`] says, the folds followed already and no
    /// filter on; `false` when the rows must be listed again instead (the caller
    /// does): the folds no longer all open where every department showed, or
    /// departments of `rewritten` whose subtrees reach past it.
    fn rows_follow(&mut self, doc: &Document, map: IdMap, rewritten: std::ops::Range<DeptId>) -> bool {
        let n = doc.org.len();
        if let Rows::Every(_) = self.rows {
            // Each department put in shows as new ones start: unfolded.
            self.rows = Rows::Every(n);
            return self.folds.all_open();
        }
        if rewritten.end > n {
            return false;
        }
        // Which of the top departments of `rewritten` show: those under a parent that
        // shows unfolded (a parent comes before its children, so outside the stretch,
        // where the rows moved with the map already) or at the top level.
        let ends = doc.org.subtree_ends();
        let mut tops = Vec::new();
        let mut i = rewritten.start;
        while i < rewritten.end {
            if ends[i] > rewritten.end || doc.org.parent(i).is_some_and(|p| p >= rewritten.start) {
                return false;
            }
            tops.push(i);
            i = ends[i];
        }
        // (The rows after the map, the stretch's own emptied; then the stretch's.)
        self.opened_by = None;
        match &mut self.rows {
            Rows::Every(_) => unreachable!("followed above"),
            Rows::Listed(rows) => map.follow_sorted(rows, rewritten.clone()),
            Rows::Kept(kept) => kept.follow(map, rewritten.clone(), n),
        }
        let mut shown = Vec::new();
        for top in tops {
            let shows = doc.org.parent(top).is_none_or(|p| self.folds.is_open(p) && self.shows(p));
            if shows {
                self.push_visible(doc, top..ends[top], &mut shown);
            }
        }
        match &mut self.rows {
            Rows::Every(_) => unreachable!("followed above"),
            Rows::Listed(rows) => {
                let at = rows.partition_point(|&r| r < rewritten.start);
                rows.splice(at..at, shown);
            }
            Rows::Kept(kept) => kept.show(&shown),
        }
        true
    }

    /// Whether a department is on a row, without counting rows: for
    /// [`Outline::rows_follow`], before the counts are made again.
    fn shows(&self, id: DeptId) -> bool {
        match &self.rows {
            Rows::Every(n) => id < *n,
            Rows::Kept(kept) => kept.flags.get(id).copied().unwrap_or(false),
            Rows::Listed(rows) => rows.binary_search(&id).is_ok(),
        }
    }

    /// Selects a department, unfolding its ancestors so that it is visible.
    pub fn reveal(&mut self, doc: &Document, id: DeptId) {
        let mut changed = false;
        for ancestor in doc.org.ancestors_and_self(id).skip(1) {
            changed |= self.folds.set(ancestor, true);
        }
        if let Some(keep) = &mut self.filter {
            changed |= keep.insert_with_ancestors(doc, id);
        }
        if changed {
            // Rows that were what the filter kept still are: `id` and its ancestors
            // were added to it, and unfolded.
            let kept = matches!(self.rows, Rows::Kept(_));
            self.set_rows(doc, Some(id), |outline, rows| match &outline.filter {
                Some(keep) if kept => Rows::Kept(keep.counts()),
                _ => outline.list(doc, rows),
            });
        } else {
            self.select(doc, id);
        }
    }

    /// Shows only the departments of an ancestry of `doc`'s org and their ancestors,
    /// every ancestor unfolded: the filter [`Keep::of`] gives, then unfolding each
    /// one's ancestors, in one pass. Since every kept department then shows, the rows
    /// are what is kept, counted from the flags and not listed.
    pub fn show_only(&mut self, doc: &Document, ancestry: &Ancestry) {
        debug_assert_eq!(ancestry.above.len(), doc.org.len(), "an ancestry of this org");
        // Folds `!` made from this ancestry before, untouched since (on, off, on
        // again): nothing to unfold.
        let made = self.folds.are(&ancestry.above, doc.org.len());
        self.opened_by = (made || self.folds.all_folded()).then(|| ancestry.clone());
        if !made && !self.folds.all_open() {
            self.folds.open_all_of(ancestry);
        }
        let keep = Keep::of(ancestry);
        let kept = keep.counts();
        let previous = self.selected();
        self.filter = Some(keep);
        self.set_rows(doc, previous, |_, _| Rows::Kept(kept));
    }

    /// Unfolds the ancestors of every department given, with one rebuild, each
    /// unfolded once. What [`Outline::show_only`] does after filtering, step by step:
    /// the tests' reference.
    #[cfg(test)]
    fn reveal_all(&mut self, doc: &Document, ids: &[DeptId]) {
        if !self.folds.all_open() {
            let above = doc.org.ancestry(ids).above;
            for (ancestor, _) in above.iter().enumerate().filter(|&(_, &above)| above) {
                self.folds.set(ancestor, true);
            }
        }
        self.rebuild(doc);
    }

    /// Moves the cursor to this department's row, or its nearest visible ancestor.
    fn select(&mut self, doc: &Document, id: DeptId) {
        for candidate in doc.org.ancestors_and_self(id) {
            if let Some(row) = self.row_of(candidate) {
                self.cursor = row;
                return;
            }
        }
        self.cursor = self.cursor.min(self.len().saturating_sub(1));
    }

    /// Moves the cursor by `delta` rows, stopping at the ends.
    pub fn move_by(&mut self, delta: isize) {
        if self.is_empty() {
            return;
        }
        self.cursor = self.cursor.saturating_add_signed(delta).min(self.len() - 1);
    }

    /// Moves the cursor to the first or last row.
    pub fn move_to_end(&mut self, last: bool) {
        self.cursor = if last { self.len().saturating_sub(1) } else { 0 };
    }

    /// Unfolds or folds one department.
    pub fn set_open(&mut self, doc: &Document, id: DeptId, open: bool) {
        if !doc.org.has_children(id) {
            return;
        }
        if self.folds.set(id, open) {
            self.splice(doc, id, open);
        }
    }

    /// Updates the rows below `id` after a fold or unfold, without walking the rest.
    fn splice(&mut self, doc: &Document, id: DeptId, open: bool) {
        let Some(row) = self.row_of(id) else { return self.rebuild(doc) };
        match (&self.rows, &self.filter) {
            // Unfolding where everything shows already.
            (Rows::Every(_), _) | (Rows::Kept(_), Some(_)) if open => return,
            // The first fold or unfold since the rows were counted: list them.
            (Rows::Every(n), _) => self.rows = Rows::Listed((0..*n).collect()),
            (Rows::Kept(kept), _) => self.rows = Rows::Listed(kept.listed()),
            (Rows::Listed(_), _) => {}
        }
        let end = doc.org.subtree_end(id);
        let mut inserted = Vec::new();
        if open {
            self.push_visible(doc, id + 1..end, &mut inserted);
        }
        let Rows::Listed(rows) = &mut self.rows else { return };
        if open {
            if self.cursor > row {
                self.cursor += inserted.len();
            }
            rows.splice(row + 1..row + 1, inserted);
        } else {
            let stop = rows[row + 1..].partition_point(|&r| r < end) + row + 1;
            rows.drain(row + 1..stop);
            if self.cursor > row && self.cursor < stop {
                self.cursor = row;
            } else if self.cursor >= stop {
                self.cursor -= stop - row - 1;
            }
        }
    }

    /// Folds or unfolds everything.
    pub fn set_all_open(&mut self, doc: &Document, open: bool) {
        self.folds = Folds::all(open);
        self.rebuild(doc);
    }

    /// Keeps the selected row in view for a viewport of `height` rows, where the
    /// ancestors of the first drawn row are pinned above it.
    pub fn scroll_into_view(&mut self, doc: &Document, height: usize) {
        if self.is_empty() || height == 0 {
            self.offset = 0;
            return;
        }
        self.offset = self.offset.min(self.len() - 1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        }
        // Far below the view: jump near it first, then settle row by row.
        if self.cursor > self.offset + height {
            self.offset = self.cursor - height;
        }
        while self.offset < self.cursor && self.cursor >= self.offset + self.room(doc, height) {
            self.offset += 1;
        }
        // Never rows hidden above empty ones (the view grew, or rows went away): pull
        // the top back while the rows from one higher still fit with the cursor.
        while self.offset > 0 {
            let higher = self.offset - 1;
            let room = self.room_at(doc, higher, height);
            if self.len() - higher > room || self.cursor >= higher + room {
                break;
            }
            self.offset = higher;
        }
    }

    /// How many rows fit below the pinned ancestors of the first drawn row.
    pub fn room(&self, doc: &Document, height: usize) -> usize {
        self.room_at(doc, self.offset, height)
    }

    /// How many rows would fit below the pinned ancestors with the top at `offset`.
    fn room_at(&self, doc: &Document, offset: usize, height: usize) -> usize {
        let pinned = self.pinned_at(doc, offset, height).len();
        height.saturating_sub(pinned).max(1)
    }

    /// The ancestors of the first drawn row that are above the viewport, outermost
    /// first: drawn pinned at the top so that the indentation of the rows below has its
    /// context. At most `height - 1` of them, the nearest, so that a deep row still
    /// shows in a short viewport.
    pub fn pinned(&self, doc: &Document, height: usize) -> Vec<DeptId> {
        self.pinned_at(doc, self.offset, height)
    }

    fn pinned_at(&self, doc: &Document, offset: usize, height: usize) -> Vec<DeptId> {
        let Some(first) = self.row(offset) else { return Vec::new() };
        let mut chain: Vec<DeptId> = doc.org.ancestors_and_self(first).skip(1).take(height.saturating_sub(1)).collect();
        chain.reverse();
        chain
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// The rows as the definition gives them: a department shows when every ancestor
    /// is unfolded and the filter (if any) keeps it.
    fn naive(outline: &Outline, doc: &Document) -> Vec<DeptId> {
        (0..doc.org.len())
            .filter(|&d| doc.org.ancestors_and_self(d).skip(1).all(|a| outline.is_open(a)))
            .filter(|&d| outline.filter.as_ref().is_none_or(|keep| keep.contains(d)))
            .collect()
    }

    #[test]
    fn rows_follow_folds_however_they_are_reached() {
        let doc = Document::from_text(None, crate::generate::org_text(400, 9)).unwrap();
        let mut outline = Outline::new(&doc);
        let mut pick = 17usize;
        for step in 0..300 {
            pick = pick.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407) % 400;
            match step % 7 {
                0 => outline.set_all_open(&doc, pick.is_multiple_of(2)),
                1 | 2 => outline.set_open(&doc, pick, false),
                3 | 4 => outline.set_open(&doc, pick, true),
                5 => outline.reveal(&doc, pick),
                _ => {
                    let before = outline.selected();
                    outline.move_by(pick as isize % 13 - 6);
                    assert!(outline.selected().is_some() || before.is_none());
                }
            }
            let rows: Vec<DeptId> = (0..outline.len()).map(|i| outline.row(i).unwrap()).collect();
            assert_eq!(rows, naive(&outline, &doc), "after step {step}");
            assert!(outline.cursor < outline.len().max(1));
        }
    }

    proptest::proptest! {
        /// The grey-only filter keeps exactly the departments given and their
        /// ancestors, and revealing them all unfolds exactly their ancestors, as one
        /// walk per department to the top would.
        #[test]
        fn keep_and_reveal_all_match_walks_to_the_top(
            picks in proptest::collection::vec(0usize..600, 0..60),
            also in 0usize..600,
            shape in 0..3u8,
        ) {
            let doc = Document::from_text(None, crate::generate::org_text(600, 5)).unwrap();
            // In any order, repeats allowed (the greys come sorted, others may not).
            let ids: Vec<DeptId> = match shape {
                0 => picks.iter().copied().collect::<std::collections::BTreeSet<_>>().into_iter().collect(),
                1 => picks,
                _ => picks.iter().map(|&p| p / 7).collect(),
            };
            let walked: HashSet<DeptId> =
                ids.iter().chain(&[also]).flat_map(|&id| doc.org.ancestors_and_self(id)).collect();
            let mut keep = Keep::of(&doc.org.ancestry(&ids));
            keep.insert_with_ancestors(&doc, also);
            let kept: Vec<DeptId> = keep.iter().collect();
            let mut expected: Vec<DeptId> = walked.into_iter().collect();
            expected.sort_unstable();
            proptest::prop_assert_eq!(&kept, &expected);
            proptest::prop_assert!((0..700).all(|d| keep.contains(d) == expected.binary_search(&d).is_ok()));

            let mut outline = Outline::new(&doc);
            if shape > 0 {
                outline.set_all_open(&doc, true);
            }
            if shape > 1 {
                outline.set_open(&doc, 0, false);
            }
            let mut walked = outline.folds.clone();
            for &id in &ids {
                for a in doc.org.ancestors_and_self(id).skip(1) {
                    walked.set(a, true);
                }
            }
            outline.set_filter(&doc, keep);
            outline.reveal_all(&doc, &ids);
            proptest::prop_assert_eq!(&outline.folds, &walked);
            let rows: Vec<DeptId> = (0..outline.len()).map(|i| outline.row(i).unwrap()).collect();
            proptest::prop_assert_eq!(rows, naive(&outline, &doc));
        }
    }

    proptest::proptest! {
        /// Showing only some departments (the grey areas) and their ancestors unfolds
        /// and lists what the filter and revealing them all did, one step at a time,
        /// from any folds and any selection.
        #[test]
        fn showing_only_some_is_filtering_then_revealing_them_all(
            picks in proptest::collection::btree_set(0usize..600, 1..60),
            folded in proptest::collection::vec(0usize..600, 0..40),
            opened in proptest::collection::vec(0usize..600, 0..40),
            selected in 0usize..600,
            start_open: bool,
        ) {
            let doc = Document::from_text(None, crate::generate::org_text(600, 5)).unwrap();
            let ids: Vec<DeptId> = picks.into_iter().collect();
            let mut outline = Outline::new(&doc);
            outline.set_all_open(&doc, start_open);
            for &id in &folded {
                outline.set_open(&doc, id, false);
            }
            for &id in &opened {
                outline.set_open(&doc, id, true);
            }
            outline.reveal(&doc, selected);
            let mut stepwise = outline.clone();
            stepwise.set_filter(&doc, Keep::of(&doc.org.ancestry(&ids)));
            stepwise.reveal_all(&doc, &ids);
            outline.show_only(&doc, &doc.org.ancestry(&ids));
            proptest::prop_assert_eq!(&outline.filter, &stepwise.filter);
            let open = |outline: &Outline| (0..doc.org.len()).map(|d| outline.folds.is_open(d)).collect::<Vec<_>>();
            proptest::prop_assert_eq!(open(&outline), open(&stepwise));
            proptest::prop_assert_eq!(outline.folds.all_open(), stepwise.folds.all_open());
            let listed = |outline: &Outline| (0..outline.len()).map(|i| outline.row(i).unwrap()).collect::<Vec<_>>();
            let rows = listed(&outline);
            proptest::prop_assert_eq!(&rows, &listed(&stepwise));
            proptest::prop_assert_eq!(&rows, &naive(&outline, &doc));
            proptest::prop_assert_eq!(outline.row(rows.len()), None);
            // The row of every department, shown or not, is where the list has it.
            for d in 0..doc.org.len() + 1 {
                proptest::prop_assert_eq!(outline.row_of(d), rows.binary_search(&d).ok(), "row of {}", d);
            }
            proptest::prop_assert_eq!(outline.selected(), stepwise.selected());

            // Revealing any department keeps counting the rows, and they stay right.
            let reveal = opened.first().copied().unwrap_or(selected);
            let mut revealed = outline.clone();
            revealed.reveal(&doc, reveal);
            proptest::prop_assert_eq!(listed(&revealed), naive(&revealed, &doc));
            proptest::prop_assert!(matches!(revealed.rows, Rows::Kept(_)));
            proptest::prop_assert_eq!(revealed.selected(), Some(reveal));

            // Folding and unfolding under the filter, revealing, and the filter
            // turned off, as the definition has them, the selection kept.
            let mut steps = folded.iter().zip(&opened);
            if let Some((&fold, &open)) = steps.next() {
                // The selection stays, or goes to the folded department it was inside.
                let before = outline.selected();
                outline.set_open(&doc, fold, false);
                proptest::prop_assert_eq!(listed(&outline), naive(&outline, &doc));
                let inside = |d: DeptId| d > fold && d < doc.org.subtree_end(fold);
                let shown = before.map(|d| if inside(d) && outline.row_of(fold).is_some() { fold } else { d });
                proptest::prop_assert_eq!(outline.selected(), shown);
                outline.set_open(&doc, fold, true);
                proptest::prop_assert_eq!(listed(&outline), naive(&outline, &doc));
                outline.reveal(&doc, open);
                proptest::prop_assert_eq!(listed(&outline), naive(&outline, &doc));
                proptest::prop_assert_eq!(outline.selected(), Some(open));
            }
            let before = outline.selected();
            proptest::prop_assert!(outline.clear_filter(&doc));
            proptest::prop_assert!(!outline.clear_filter(&doc));
            proptest::prop_assert_eq!(listed(&outline), naive(&outline, &doc));
            proptest::prop_assert_eq!(outline.selected(), before);
        }
    }

    proptest::proptest! {
        /// On an org as it opens (all folded), `!` on and then off leaves the grey
        /// areas' ancestors unfolded, and the rows that shows are counted, not listed:
        /// they are the definition's, with the selection kept. So are the rows after
        /// any fold, unfold or reveal since, and after `!` on and off again; and the
        /// ancestry the folds shared stays as it was.
        #[test]
        fn the_filter_on_and_off_on_an_org_all_folded_counts_the_rows_it_leaves(
            picks in proptest::collection::btree_set(0usize..600, 1..60),
            steps in proptest::collection::vec((0usize..600, 0..3u8), 0..8),
            down in 0isize..20,
        ) {
            let doc = Document::from_text(None, crate::generate::org_text(600, 5)).unwrap();
            let ids: Vec<DeptId> = picks.into_iter().collect();
            let ancestry = doc.org.ancestry(&ids);
            let listed = |outline: &Outline| (0..outline.len()).map(|i| outline.row(i).unwrap()).collect::<Vec<_>>();
            let mut outline = Outline::new(&doc);
            proptest::prop_assert!(outline.folds.all_folded());
            outline.move_by(down);
            outline.show_only(&doc, &ancestry);
            proptest::prop_assert_eq!(listed(&outline), naive(&outline, &doc));
            let before = outline.selected();
            proptest::prop_assert!(outline.clear_filter(&doc));
            proptest::prop_assert!(matches!(outline.rows, Rows::Kept(_)), "counted, not listed");
            // On and off again: still counted, the same rows.
            let rows = listed(&outline);
            outline.show_only(&doc, &ancestry);
            proptest::prop_assert_eq!(listed(&outline), naive(&outline, &doc));
            proptest::prop_assert!(outline.clear_filter(&doc));
            proptest::prop_assert!(matches!(outline.rows, Rows::Kept(_)), "counted again");
            proptest::prop_assert_eq!(&listed(&outline), &rows);
            proptest::prop_assert_eq!(&rows, &naive(&outline, &doc));
            proptest::prop_assert_eq!(outline.selected(), before);
            for d in 0..doc.org.len() + 1 {
                proptest::prop_assert_eq!(outline.row_of(d), rows.binary_search(&d).ok(), "row of {}", d);
            }
            for (id, kind) in steps {
                match kind {
                    0 => outline.set_open(&doc, id, false),
                    1 => outline.set_open(&doc, id, true),
                    _ => outline.reveal(&doc, id),
                }
                proptest::prop_assert_eq!(listed(&outline), naive(&outline, &doc), "after {:?}", (id, kind));
            }
            proptest::prop_assert_eq!(&ancestry, &doc.org.ancestry(&ids), "the shared flags unchanged");
            outline.show_only(&doc, &ancestry);
            proptest::prop_assert_eq!(listed(&outline), naive(&outline, &doc));
            outline.clear_filter(&doc);
            proptest::prop_assert_eq!(listed(&outline), naive(&outline, &doc));
        }
    }

    proptest::proptest! {
        /// Folds follow a patch's map as they would department by department: each
        /// keeps its flag under its new id, and those put in start as new ones do.
        #[test]
        fn folds_follow_a_patch_as_each_department_would(
            flags in proptest::collection::vec(proptest::option::of(proptest::bool::ANY), 0..40),
            new_open: bool,
            kind in 0..3u8,
            a in 0usize..50,
            b in 0usize..50,
            c in 0usize..50,
        ) {
            let mut folds = Folds::all(new_open);
            for (id, flag) in flags.iter().enumerate() {
                if let Some(open) = flag {
                    folds.set(id, *open);
                }
            }
            let mut sorted = [a, b, c];
            sorted.sort_unstable();
            let [x, y, z] = sorted;
            let map = match kind {
                0 => IdMap::Inserted { at: x, count: y - x + 1 },
                1 => IdMap::Removed { at: x, count: y - x },
                _ => IdMap::Swapped { at: x, mid: y, end: z },
            };
            let mut followed = folds.clone();
            let taken = followed.follow(map);
            let remapped = folds.remap(|id| map.map(id));
            for id in 0..120 {
                proptest::prop_assert_eq!(followed.is_open(id), remapped.is_open(id), "id {}", id);
            }
            let all = |f: &Folds| (0..120).all(|id| f.is_open(id));
            proptest::prop_assert_eq!(followed.all_open(), all(&followed));
            // Put back where they were taken out, with the flags given back, the
            // departments are folded as before: an undone delete.
            if let IdMap::Removed { at, count } = map {
                followed.follow(IdMap::Inserted { at, count });
                if let Some(taken) = &taken {
                    followed.put_back(at, taken);
                }
                for id in 0..120 {
                    proptest::prop_assert_eq!(followed.is_open(id), folds.is_open(id), "id {}", id);
                }
                proptest::prop_assert_eq!(followed.all_open(), all(&folds));
            }
        }
    }

    proptest::proptest! {
        /// After an edit that renumbers the departments, and its undo, the rows that
        /// followed it are those the folds it left show, listed anew; the selection and
        /// the top row stay on their departments, and the folds are back as they were
        /// after the undo. Rows counted after `!` on and off stay counted.
        #[test]
        fn rows_follow_an_edit_as_listing_them_anew_would(
            start in 0..3u8,
            folded in proptest::collection::vec(0usize..300, 0..20),
            opened in proptest::collection::vec(0usize..300, 0..20),
            selected in 0usize..300,
            top in 0usize..300,
            target in 0usize..300,
            copied in 0usize..300,
            kind in 0..9u8,
        ) {
            use crate::org::edit::Edit;
            let mut doc = Document::from_text(None, crate::generate::org_text(300, 5)).unwrap();
            let mut outline = Outline::new(&doc);
            match start {
                0 => outline.set_all_open(&doc, false),
                1 => outline.set_all_open(&doc, true),
                _ => {
                    let ancestry = doc.grey_ancestry().clone();
                    outline.show_only(&doc, &ancestry);
                    outline.clear_filter(&doc);
                }
            }
            if start < 2 {
                for &id in &folded {
                    outline.set_open(&doc, id, false);
                }
                for &id in &opened {
                    outline.set_open(&doc, id, true);
                }
            }
            outline.reveal(&doc, selected);
            let counted = matches!(outline.rows, Rows::Kept(_));
            outline.offset = outline.row_of(top).unwrap_or(0);
            let folds_before = outline.folds.clone();
            let (selected, top) = (outline.selected(), outline.row(outline.offset));
            let path = doc.org.owned_path(target);
            let edit = match kind {
                0 => Edit::AddChild { parent: Some(path), name: "New".into() },
                1 => Edit::AddSibling { sibling: path, name: "New".into() },
                2 => Edit::Delete { path },
                3 | 4 => Edit::Move { path, up: kind == 3 },
                5 => Edit::Indent { path },
                6 => Edit::Outdent { path },
                _ => {
                    let clip = doc.copy(&doc.org.owned_path(copied)).unwrap();
                    Edit::Paste { clip: Box::new(clip), target: Some(path), as_child: kind == 7 }
                }
            };
            let Ok(mut applied) = doc.apply(&edit) else { return Ok(()) };
            let crate::document::Renumbered::Moved { map, rewritten } = applied.renumbered else {
                return Ok(());
            };
            let taken = outline.follow(&doc, map, rewritten, None);
            let listed = |outline: &Outline| (0..outline.len()).map(|i| outline.row(i).unwrap()).collect::<Vec<_>>();
            let rows = listed(&outline);
            proptest::prop_assert_eq!(&rows, &naive(&outline, &doc));
            proptest::prop_assert_eq!(&rows, &listed(&Outline::with_folds(&doc, outline.folds.clone())));
            for d in 0..doc.org.len() + 1 {
                proptest::prop_assert_eq!(outline.row_of(d), rows.binary_search(&d).ok(), "row of {}", d);
            }
            // The selection stays, or goes to its nearest showing ancestor; so does the top.
            let stays = |id: Option<DeptId>, row: Option<DeptId>| match id.and_then(|id| map.map(id)) {
                Some(id) => row == doc.org.ancestors_and_self(id).find(|&a| outline.row_of(a).is_some()),
                None => true,
            };
            proptest::prop_assert!(stays(selected, outline.selected()), "{:?} -> {:?}", selected, outline.selected());
            if top.and_then(|top| map.map(top)).is_some_and(|top| outline.row_of(top).is_some()) {
                proptest::prop_assert_eq!(outline.row(outline.offset), top.and_then(|top| map.map(top)));
            }
            if counted && matches!(edit, Edit::AddChild { .. } | Edit::AddSibling { .. }) {
                proptest::prop_assert!(matches!(outline.rows, Rows::Kept(_)), "still counted after an add");
            }
            // The undo, the folds taken out given back.
            let (renumbered, _) = doc.apply_change(&mut applied.undo).unwrap();
            let crate::document::Renumbered::Moved { map, rewritten } = renumbered else {
                return Ok(());
            };
            outline.follow(&doc, map, rewritten, taken.as_deref());
            let rows = listed(&outline);
            proptest::prop_assert_eq!(&rows, &naive(&outline, &doc));
            let open = |folds: &Folds| (0..doc.org.len()).map(|d| folds.is_open(d)).collect::<Vec<_>>();
            proptest::prop_assert_eq!(open(&outline.folds), open(&folds_before));
        }
    }

    #[test]
    fn unfolding_everything_lists_nothing() {
        let doc = Document::from_text(None, crate::generate::org_text(5000, 2)).unwrap();
        let mut outline = Outline::new(&doc);
        outline.set_all_open(&doc, true);
        assert_eq!(outline.rows, Rows::Every(5000));
        assert_eq!(outline.row_of(4321), Some(4321));
        outline.set_open(&doc, 0, false);
        assert_eq!(outline.len(), 5000 - doc.org.descendant_count(0));
    }
}
