//! The explorer's state: the outline of the tree (folds, rows, selection, scroll and
//! the grey-only filter), the last search and its matches, and how far the selected
//! department's panel is scrolled.

use crate::org::DeptId;
use crate::tui::state::outline::Outline;

/// The explorer.
#[derive(Clone, Debug, Default)]
pub struct Explorer {
    pub outline: Outline,
    pub search: Search,
    /// How far the selected department's panel is scrolled; another selection starts
    /// at the top.
    pub panel_scroll: usize,
}

impl Explorer {
    /// Whether only the grey areas and their ancestors show.
    pub fn grey_only(&self) -> bool {
        self.outline.filter.is_some()
    }
}

/// The last search: its query and matches (while it is typed, the overlay holds the
/// input).
#[derive(Clone, Debug, Default)]
pub struct Search {
    pub query: String,
    /// Matching departments, in pre-order.
    pub matches: Vec<DeptId>,
}
