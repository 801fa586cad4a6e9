//! The split view of two companies (`frontback A --compare B`): the second org, the
//! rows of the [`Comparison`] of the open one with it, and the selected row. The view
//! only reads; the comparison is made again when the open org or the language changes
//! (a reload, `L` on a built-in sample), never while drawing.

use crate::document::{Document, SharedText};
use crate::report::compare::Comparison;

/// The comparison shown by the split view.
#[derive(Clone, Debug)]
pub struct Compare {
    /// The org compared with the open one.
    pub other: Document,
    /// The rows, lined up.
    pub rows: Comparison,
    /// The selected row.
    pub selected: usize,
    /// The first row shown.
    pub scroll: usize,
    /// How far the selected row's reasons are scrolled; another row starts at the top.
    pub reasons_scroll: usize,
    /// The open org's text the rows were made from (shared, so comparing is cheap).
    made_from: SharedText,
}

impl Compare {
    /// The comparison of `open` with `other`, first row selected.
    pub fn new(open: &Document, other: Document) -> Compare {
        let rows = Comparison::new(open, &other);
        Compare { other, rows, selected: 0, scroll: 0, reasons_scroll: 0, made_from: open.text.clone() }
    }

    /// Lines the rows up again when the open org is not the one they were made from;
    /// the selection stays on the same function where it still is.
    pub fn refresh(&mut self, open: &Document) {
        if same_text(&self.made_from, &open.text) {
            return;
        }
        self.remake(open);
    }

    /// Lines the rows up again, keeping the selected function where it still is.
    pub fn remake(&mut self, open: &Document) {
        let key = self.rows.rows.get(self.selected).map(|row| row.key.clone());
        self.rows = Comparison::new(open, &self.other);
        self.made_from = open.text.clone();
        self.selected = key
            .and_then(|key| self.rows.rows.iter().position(|row| row.key == key))
            .unwrap_or(0)
            .min(self.rows.rows.len().saturating_sub(1));
    }

    /// Moves the selection by `delta` rows, within the list.
    pub fn move_by(&mut self, delta: isize) {
        let last = self.rows.rows.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    /// Selects the first (`false`) or the last (`true`) row.
    pub fn to_end(&mut self, last: bool) {
        self.selected = if last { self.rows.rows.len().saturating_sub(1) } else { 0 };
    }

    /// Keeps the selected row among `height` rows shown.
    pub fn scroll_into_view(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.scroll {
            self.scroll = self.selected;
        } else if self.selected >= self.scroll + height {
            self.scroll = self.selected + 1 - height;
        }
        self.scroll = self.scroll.min(self.rows.rows.len().saturating_sub(height));
    }
}

/// Whether two shared texts are the same one (not merely equal: an edit makes a new one).
fn same_text(a: &SharedText, b: &SharedText) -> bool {
    std::ptr::eq(a.as_str(), b.as_str())
}
