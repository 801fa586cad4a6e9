//! The explorer's state: the outline of the tree (folds, rows, selection, scroll and
//! the grey-only filter), the last search and its matches, and how far the selected
//! department's panel is scrolled, and reveal mode.

use crate::org::{DeptId, Org};
use crate::text::fold::{contains_folded, fold};
use crate::tui::state::outline::Outline;

/// The explorer.
#[derive(Clone, Debug, Default)]
pub struct Explorer {
    pub outline: Outline,
    pub search: Search,
    /// How far the selected department's panel is scrolled; another selection starts
    /// at the top.
    pub panel_scroll: usize,
    /// Reveal mode, when on: the verdicts are hidden but for the departments revealed.
    pub reveal: Option<Reveal>,
}

/// Reveal mode: every verdict and tally is hidden, to ask the class first; the teacher
/// reveals one department at a time. What was revealed stays revealed (a record of
/// what the class has been through) until reveal mode ends.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reveal {
    /// The departments whose verdicts show.
    pub shown: std::collections::HashSet<DeptId>,
}

impl Explorer {
    /// Whether only the grey areas and their ancestors show.
    pub fn grey_only(&self) -> bool {
        self.outline.filter().is_some()
    }

    /// Whether a department's verdicts are hidden (reveal mode, not revealed yet).
    pub fn hides(&self, id: DeptId) -> bool {
        self.reveal.as_ref().is_some_and(|reveal| !reveal.shown.contains(&id))
    }

    /// Whether the tallies are hidden: all through reveal mode.
    pub fn hides_tallies(&self) -> bool {
        self.reveal.is_some()
    }
}

/// The last search: its query and matches (while it is typed, the overlay holds the
/// input).
#[derive(Clone, Debug, Default)]
pub struct Search {
    pub query: String,
    /// Matching departments: those whose name matches, in pre-order, then those whose
    /// id alone matches, in pre-order.
    pub matches: Vec<DeptId>,
    /// How many of `matches` match by name (they come first).
    pub names: usize,
}

impl Explorer {
    /// No search: no query, no matches.
    pub fn clear_search(&mut self) {
        self.search.query.clear();
        self.search.matches.clear();
        self.search.names = 0;
    }
}

impl Search {
    /// Whether a department matches.
    pub fn contains(&self, id: DeptId) -> bool {
        let (names, ids) = self.matches.split_at(self.names.min(self.matches.len()));
        names.binary_search(&id).is_ok() || ids.binary_search(&id).is_ok()
    }

    /// The index in `matches` of the match to go to from `current`: the next (or,
    /// not `forward`, the previous) one in the order names first, then ids. From a
    /// department that is no match, the nearest match in tree order among the names,
    /// or among the ids when no name matches. `None` without matches.
    pub fn step(&self, current: DeptId, forward: bool) -> Option<usize> {
        let len = self.matches.len();
        if len == 0 {
            return None;
        }
        let names = self.names.min(len);
        let (lo, segment) = if names > 0 { (0, &self.matches[..names]) } else { (names, &self.matches[names..]) };
        let at = |i: usize| Some(i % len);
        if let Ok(i) = self.matches[..names].binary_search(&current) {
            return if forward { at(i + 1) } else { at(i + len - 1) };
        }
        if let Ok(i) = self.matches[names..].binary_search(&current) {
            return if forward { at(names + i + 1) } else { at(names + i + len - 1) };
        }
        // Pre-order, like the tree: the nearest one is a binary search away.
        let after = segment.partition_point(|&m| m <= current);
        let before = segment.partition_point(|&m| m < current);
        Some(if forward {
            lo + if after < segment.len() { after } else { 0 }
        } else if before > 0 {
            lo + before - 1
        } else {
            lo + segment.len() - 1
        })
    }
}

/// The departments whose name or id contains `query`, ignoring case and accents:
/// those matching by name in pre-order, then those matching by id alone, and how many
/// match by name. The query is folded once, and each name and id at most once.
pub fn search_org(org: &Org, query: &str) -> (Vec<DeptId>, usize) {
    search_range(org, query, 0..org.len())
}

/// [`search_org`] among the departments of `range` alone.
pub fn search_range(org: &Org, query: &str, range: std::ops::Range<DeptId>) -> (Vec<DeptId>, usize) {
    let needle = fold(query);
    if needle.is_empty() {
        return (Vec::new(), 0);
    }
    let mut buffer = String::new();
    let mut names = Vec::new();
    let mut ids = Vec::new();
    for id in range {
        let d = org.dept(id);
        if d.name.as_deref().is_some_and(|n| contains_folded(n, &needle, &mut buffer)) {
            names.push(id);
        } else if contains_folded(&d.id, &needle, &mut buffer) {
            ids.push(id);
        }
    }
    let count = names.len();
    names.append(&mut ids);
    (names, count)
}

#[cfg(test)]
mod tests {
    use super::{Search, search_org};

    const SHOP: &str = "[company]\nname = \"Shop\"\n\n[org.\"atención-al-cliente-2\"]\nname = \"Tienda online\"\n\n\
        [org.soporte]\nname = \"Atención al cliente\"\n\n[org.otra]\nname = \"ATENCION en tienda\"\n";

    #[test]
    fn names_match_before_ids_whatever_the_case_and_accents() {
        let org = crate::org::load(SHOP).unwrap();
        for query in ["atencion", "ATENCIÓN", "Atención"] {
            let (matches, names) = search_org(&org, query);
            assert_eq!((matches.as_slice(), names), (&[1, 2, 0][..], 2), "{query}");
        }
        // `n` walks the names first, then the id-only match, then back to the names.
        let (matches, names) = search_org(&org, "atencion");
        let search = Search { query: "atencion".into(), matches, names };
        assert_eq!(search.step(1, true), Some(1));
        assert_eq!(search.step(2, true), Some(2));
        assert_eq!(search.step(0, true), Some(0));
        assert_eq!(search.step(1, false), Some(2));
        assert!(search.contains(0) && search.contains(2));
        let (matches, names) = search_org(&org, "tienda");
        assert_eq!((matches, names), (vec![0, 2], 2));
    }
}
