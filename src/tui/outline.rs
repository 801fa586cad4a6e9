//! What the tree shows: which departments are unfolded, the visible rows in order,
//! the selection and the scroll offset. Pure state, independent of drawing, so that a
//! key press costs work in proportion to what changes, not to the size of the org.

use std::collections::HashSet;

use super::document::Document;
use crate::org::DeptId;

/// The visible part of the tree.
#[derive(Clone, Debug, Default)]
pub struct Outline {
    /// Unfolded departments.
    opened: HashSet<DeptId>,
    /// The visible rows, top to bottom.
    pub rows: Vec<DeptId>,
    /// Index into `rows` of the selected row.
    pub cursor: usize,
    /// Index into `rows` of the first row drawn below the pinned ancestors.
    pub offset: usize,
    /// When set, only these departments are shown (a grey area and its ancestors).
    pub filter: Option<HashSet<DeptId>>,
}

impl Outline {
    /// An outline with every department that has children unfolded when the org is
    /// small enough to take in at a glance, else only the top level showing.
    pub fn new(doc: &Document) -> Outline {
        let mut outline = Outline::default();
        if doc.org.len() <= 200 {
            outline.opened = (0..doc.org.len()).filter(|&d| !doc.org.dept(d).children.is_empty()).collect();
        }
        outline.rebuild(doc);
        outline
    }

    /// An outline with these departments unfolded (after an edit reloaded the org).
    pub fn with_opened(doc: &Document, opened: impl IntoIterator<Item = DeptId>) -> Outline {
        let mut outline = Outline { opened: opened.into_iter().collect(), ..Outline::default() };
        outline.rebuild(doc);
        outline
    }

    /// The unfolded departments.
    pub fn opened_ids(&self) -> impl Iterator<Item = DeptId> + '_ {
        self.opened.iter().copied()
    }

    /// Whether a department is unfolded.
    pub fn is_open(&self, id: DeptId) -> bool {
        self.opened.contains(&id)
    }

    /// The selected department, if any row is visible.
    pub fn selected(&self) -> Option<DeptId> {
        self.rows.get(self.cursor).copied()
    }

    /// Recomputes the visible rows after folds, a filter change or an edit, keeping
    /// the selected department (or the nearest visible ancestor) selected.
    pub fn rebuild(&mut self, doc: &Document) {
        let previous = self.selected();
        self.rows.clear();
        let n = doc.org.len();
        let mut i = 0;
        while i < n {
            if self.filter.as_ref().is_some_and(|keep| !keep.contains(&i)) {
                i = doc.subtree_ends[i];
                continue;
            }
            self.rows.push(i);
            i = if self.opened.contains(&i) { i + 1 } else { doc.subtree_ends[i] };
        }
        self.cursor = 0;
        if let Some(prev) = previous {
            self.select(doc, prev);
        }
    }

    /// Selects a department, unfolding its ancestors so that it is visible.
    pub fn reveal(&mut self, doc: &Document, id: DeptId) {
        let mut changed = false;
        for ancestor in doc.org.ancestors_and_self(id).skip(1) {
            changed |= self.opened.insert(ancestor);
        }
        if let Some(keep) = &mut self.filter {
            for a in doc.org.ancestors_and_self(id) {
                changed |= keep.insert(a);
            }
        }
        if changed {
            self.rebuild(doc);
        }
        self.select(doc, id);
    }

    /// Unfolds the ancestors of every department given, with one rebuild.
    pub fn reveal_all(&mut self, doc: &Document, ids: &[DeptId]) {
        for &id in ids {
            for ancestor in doc.org.ancestors_and_self(id).skip(1) {
                self.opened.insert(ancestor);
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
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
    }

    /// The row of a visible department: rows are in pre-order, so a binary search.
    pub fn row_of(&self, id: DeptId) -> Option<usize> {
        self.rows.binary_search(&id).ok()
    }

    /// Moves the cursor by `delta` rows, stopping at the ends.
    pub fn move_by(&mut self, delta: isize) {
        if self.rows.is_empty() {
            return;
        }
        let last = self.rows.len() - 1;
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
    }

    /// Moves the cursor to the first or last row.
    pub fn move_to_end(&mut self, last: bool) {
        self.cursor = if last { self.rows.len().saturating_sub(1) } else { 0 };
    }

    /// Unfolds or folds one department.
    pub fn set_open(&mut self, doc: &Document, id: DeptId, open: bool) {
        if doc.org.dept(id).children.is_empty() {
            return;
        }
        let changed = if open { self.opened.insert(id) } else { self.opened.remove(&id) };
        if changed {
            self.splice(doc, id, open);
        }
    }

    /// Updates the rows below `id` after a fold or unfold, without walking the rest.
    fn splice(&mut self, doc: &Document, id: DeptId, open: bool) {
        let Some(row) = self.row_of(id) else { return self.rebuild(doc) };
        let end = doc.subtree_ends[id];
        if open {
            let mut inserted = Vec::new();
            let mut i = id + 1;
            while i < end {
                if self.filter.as_ref().is_some_and(|keep| !keep.contains(&i)) {
                    i = doc.subtree_ends[i];
                    continue;
                }
                inserted.push(i);
                i = if self.opened.contains(&i) { i + 1 } else { doc.subtree_ends[i] };
            }
            if self.cursor > row {
                self.cursor += inserted.len();
            }
            self.rows.splice(row + 1..row + 1, inserted);
        } else {
            let stop = self.rows[row + 1..].partition_point(|&r| r < end) + row + 1;
            self.rows.drain(row + 1..stop);
            if self.cursor > row && self.cursor < stop {
                self.cursor = row;
            } else if self.cursor >= stop {
                self.cursor -= stop - row - 1;
            }
        }
    }

    /// Folds or unfolds everything.
    pub fn set_all_open(&mut self, doc: &Document, open: bool) {
        if open {
            self.opened = (0..doc.org.len()).filter(|&d| !doc.org.dept(d).children.is_empty()).collect();
        } else {
            self.opened.clear();
        }
        self.rebuild(doc);
    }

    /// Keeps the selected row in view for a viewport of `height` rows, where the
    /// ancestors of the first drawn row are pinned above it.
    pub fn scroll_into_view(&mut self, doc: &Document, height: usize) {
        if self.rows.is_empty() || height == 0 {
            self.offset = 0;
            return;
        }
        self.offset = self.offset.min(self.rows.len() - 1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        }
        while self.offset < self.cursor && self.cursor >= self.offset + self.room(doc, height) {
            self.offset += 1;
        }
    }

    /// How many rows fit below the pinned ancestors of the first drawn row.
    pub fn room(&self, doc: &Document, height: usize) -> usize {
        let pinned = self.pinned(doc).len();
        height.saturating_sub(pinned).max(1)
    }

    /// The ancestors of the first drawn row that are above the viewport: drawn pinned
    /// at the top so that the indentation of the rows below has its context.
    pub fn pinned(&self, doc: &Document) -> Vec<DeptId> {
        let Some(&first) = self.rows.get(self.offset) else { return Vec::new() };
        let mut chain: Vec<DeptId> = doc.org.ancestors_and_self(first).skip(1).collect();
        chain.reverse();
        chain
    }
}
