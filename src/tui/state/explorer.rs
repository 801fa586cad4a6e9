//! The explorer's state: the outline of the tree (folds, rows, selection, scroll and
//! the grey-only filter), the last search and its matches, and how far the selected
//! department's panel is scrolled, and reveal mode.

use crate::org::{DeptId, Org};
use crate::text::fold::{contains_folded, fold, fold_onto};
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
    /// What the queries typed in this search found.
    pub typed: Typed,
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

/// What each query typed since the search began found, each folded query a part of
/// the next: a longer query only looks among what a shorter one found, and one taken
/// back finds its answer here.
#[derive(Clone, Debug, Default)]
pub struct Typed(Vec<Found>);

/// What one folded query found, in an org of `departments` departments: the matches
/// as in [`Search`], with the folded name and id of each kept one after the other in
/// `texts`, so that a longer query sweeps through those with `memmem` instead of
/// reading the departments' records scattered through memory.
#[derive(Clone, Debug, Default)]
struct Found {
    needle: String,
    departments: usize,
    matches: Vec<DeptId>,
    names: usize,
    /// Match `i`'s folded name ends at `ends[2 * i]`, its folded id at `ends[2 * i + 1]`.
    texts: String,
    ends: Vec<usize>,
}

impl Found {
    fn from_parts(needle: String, departments: usize, names: Part, ids: Part) -> Found {
        let mut all = names;
        let count = all.matches.len();
        all.append(ids);
        let Part { matches, texts, ends } = all;
        Found { needle, departments, matches, names: count, texts, ends }
    }

    /// Match `i`'s folded name and id.
    fn texts(&self, i: usize) -> (&str, &str) {
        let start = if i == 0 { 0 } else { self.ends[2 * i - 1] };
        let (name_end, id_end) = (self.ends[2 * i], self.ends[2 * i + 1]);
        (&self.texts[start..name_end], &self.texts[name_end..id_end])
    }

    /// What `needle` finds in the whole org, as [`search_org`] finds it. Each name
    /// and id is a separate allocation, read scattered through memory: waiting on
    /// memory, not computing, so a large org is looked through in two halves at once,
    /// the second on a second thread, and the halves' finds put end to end.
    fn scanned(org: &Org, needle: String) -> Found {
        let n = org.len();
        let (names, ids) = if n < PARALLEL_SCAN_FROM {
            scan(org, &needle, 0..n)
        } else {
            std::thread::scope(|scope| {
                let second = scope.spawn(|| scan(org, &needle, n / 2..n));
                let (mut names, mut ids) = scan(org, &needle, 0..n / 2);
                let (more_names, more_ids) = second.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                names.append(more_names);
                ids.append(more_ids);
                (names, ids)
            })
        };
        Found::from_parts(needle, n, names, ids)
    }

    /// What `needle` (which holds this one's needle) finds: among these matches only,
    /// in pre-order, from one sweep through their folded texts.
    fn narrowed(&self, needle: String) -> Found {
        let hits = self.sweep(&memchr::memmem::Finder::new(needle.as_bytes()));
        let (mut names, mut ids) = (Part::default(), Part::default());
        let (len, mut a, mut b) = (self.matches.len(), 0, self.names);
        loop {
            // The next match in pre-order, from the names' run or the ids'.
            let i = if a < self.names && (b == len || self.matches[a] < self.matches[b]) {
                a += 1;
                a - 1
            } else if b < len {
                b += 1;
                b - 1
            } else {
                break;
            };
            let (name, id) = self.texts(i);
            if hits[2 * i] {
                names.push(self.matches[i], name, id);
            } else if hits[2 * i + 1] {
                ids.push(self.matches[i], name, id);
            }
        }
        Found::from_parts(needle, self.departments, names, ids)
    }

    /// Which texts (two per match, name then id) hold the needle: one search through
    /// them all, an occurrence that runs across the end of a text skipped.
    fn sweep(&self, finder: &memchr::memmem::Finder) -> Vec<bool> {
        let mut hits = vec![false; self.ends.len()];
        let bytes = self.texts.as_bytes();
        let (mut from, mut text) = (0, 0);
        'sweep: loop {
            for at in finder.find_iter(&bytes[from..]).map(|offset| from + offset) {
                while self.ends[text] <= at {
                    text += 1;
                }
                if at + finder.needle().len() <= self.ends[text] {
                    hits[text] = true;
                } else {
                    // Across the end of a text: one that overlaps it may start inside.
                    from = at + 1;
                    continue 'sweep;
                }
            }
            return hits;
        }
    }
}

/// Matches of one kind (by name or by id alone) with their folded texts.
#[derive(Default)]
struct Part {
    matches: Vec<DeptId>,
    texts: String,
    ends: Vec<usize>,
}

/// From how many departments a search's first character looks through them on two
/// threads: below, starting one costs more than it saves.
const PARALLEL_SCAN_FROM: usize = 1 << 15;

/// The departments of `range` whose folded name, or else id, holds `needle`, in
/// pre-order: (those by name, those by id alone).
fn scan(org: &Org, needle: &str, range: std::ops::Range<DeptId>) -> (Part, Part) {
    let (mut names, mut ids) = (Part::default(), Part::default());
    let mut buffer = String::new();
    for d in range {
        let dept = org.dept(d);
        let by_name = dept.name.as_deref().is_some_and(|n| contains_folded(n, needle, &mut buffer));
        if by_name || contains_folded(&dept.id, needle, &mut buffer) {
            if by_name { &mut names } else { &mut ids }.push_folding(
                d,
                dept.name.as_deref().unwrap_or_default(),
                &dept.id,
            );
        }
    }
    (names, ids)
}

impl Part {
    /// Puts the matches of `other`, all after these in pre-order, after these.
    fn append(&mut self, other: Part) {
        let shift = self.texts.len();
        self.matches.extend(other.matches);
        self.texts.push_str(&other.texts);
        self.ends.extend(other.ends.iter().map(|end| end + shift));
    }

    fn push(&mut self, dept: DeptId, name: &str, id: &str) {
        self.matches.push(dept);
        for text in [name, id] {
            self.texts.push_str(text);
            self.ends.push(self.texts.len());
        }
    }

    /// [`Part::push`] for a name and id not folded yet: folded straight into place.
    fn push_folding(&mut self, dept: DeptId, name: &str, id: &str) {
        self.matches.push(dept);
        for text in [name, id] {
            fold_onto(text, &mut self.texts);
            self.ends.push(self.texts.len());
        }
    }
}

impl Explorer {
    /// Finds the departments matching `query` as it is typed (see [`search_org`]),
    /// drawing on what the earlier queries of this search found: the org must not have
    /// changed since, unless [`Explorer::forget_typed`] came between.
    pub fn find_typed(&mut self, org: &Org, query: String) {
        let needle = fold(&query);
        self.search.query = query;
        let typed = &mut self.typed.0;
        typed.retain(|found| found.departments == org.len());
        while typed.last().is_some_and(|found| !needle.contains(found.needle.as_str())) {
            typed.pop();
        }
        if needle.is_empty() {
            typed.clear();
            (self.search.matches, self.search.names) = (Vec::new(), 0);
            return;
        }
        if typed.last().is_none_or(|found| found.needle != needle) {
            let found = match typed.last() {
                Some(found) => found.narrowed(needle),
                None => Found::scanned(org, needle),
            };
            typed.push(found);
        }
        if let Some(found) = typed.last() {
            self.search.matches.clone_from(&found.matches);
            self.search.names = found.names;
        }
    }

    /// Forgets what the typed queries found (the org changed), keeping the matches.
    pub fn forget_typed(&mut self) {
        self.typed.0.clear();
    }

    /// No search: no query, no matches, nothing remembered.
    pub fn clear_search(&mut self) {
        self.search.query.clear();
        self.search.matches.clear();
        self.typed.0.clear();
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
    use proptest::strategy::Strategy;

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

    /// An org text from (depth, id, name) triples: each department nests under the
    /// last one a level up; ids get their index so that siblings differ.
    fn org_text(depts: &[(usize, String, Option<String>)]) -> String {
        let mut text = String::from("[company]\nname = \"P\"\n");
        let mut path: Vec<String> = Vec::new();
        for (i, (depth, id, name)) in depts.iter().enumerate() {
            path.truncate((*depth).min(path.len()));
            path.push(format!("\"{id}{i}\""));
            text.push_str(&format!("\n[org.{}]\n", path.join(".")));
            if let Some(name) = name {
                text.push_str(&format!("name = \"{name}\"\n"));
            }
        }
        text
    }

    #[derive(Clone, Debug)]
    enum Key {
        Type(String),
        Backspace,
        Replace(String),
    }

    #[test]
    fn a_query_taken_back_or_changed_in_the_middle_is_searched_anew() {
        let org = crate::org::load(SHOP).unwrap();
        let mut explorer = super::Explorer::default();
        for query in ["a", "at", "ate", "at", "atencion", "aten", "tien", "tiend", "", "tienda"] {
            explorer.find_typed(&org, query.to_string());
            assert_eq!((explorer.search.matches.clone(), explorer.search.names), search_org(&org, query), "{query}");
            assert_eq!(explorer.search.query, query);
        }
        // Another org with as many departments: what was remembered is forgotten.
        let other = crate::org::load(&SHOP.replace("Tienda online", "Otra cosa")).unwrap();
        explorer.forget_typed();
        explorer.find_typed(&other, "tienda".to_string());
        assert_eq!((explorer.search.matches.clone(), explorer.search.names), (vec![2], 1));
    }

    #[test]
    fn a_large_org_looked_through_in_two_halves_finds_what_one_pass_finds() {
        // Names and ids that match by name, by id alone or not at all, in every part
        // of the org, so that both halves hold each kind and the second half's matches
        // go after the first's.
        let n = super::PARALLEL_SCAN_FROM + 1001;
        let depts: Vec<_> = (0..n)
            .map(|i| {
                let name = match i % 5 {
                    0 => None,
                    1 => Some("Atención".to_string()),
                    2 => Some(format!("Ventas {i}")),
                    _ => Some("Otra".to_string()),
                };
                (i % 3, if i % 7 == 0 { "aten".to_string() } else { "x".to_string() }, name)
            })
            .collect();
        let org = crate::org::load(&org_text(&depts)).unwrap();
        for query in ["aten", "atencion", "ventas 3", "x", "nada"] {
            let found = super::Found::scanned(&org, super::fold(query));
            let (matches, names) = search_org(&org, query);
            assert_eq!((&found.matches, found.names), (&matches, names), "{query}");
            for (i, &d) in matches.iter().enumerate() {
                let dept = org.dept(d);
                let folded = (super::fold(dept.name.as_deref().unwrap_or_default()), super::fold(&dept.id));
                assert_eq!(found.texts(i), (folded.0.as_str(), folded.1.as_str()), "{query}: match {i}");
            }
        }
        let narrowed = super::Found::scanned(&org, "a".into()).narrowed("atencion".into());
        assert_eq!((narrowed.matches, narrowed.names), search_org(&org, "atencion"));
    }

    proptest::proptest! {
        /// Among all, or among what a shorter query found in one sweep through their
        /// folded texts, a query finds what a search of the whole org finds.
        #[test]
        fn scanning_and_narrowing_find_what_a_whole_search_finds(
            depts in proptest::collection::vec(
                (0usize..4, "[aAáÁeEé-]{0,4}", proptest::option::of("[aAáÁeEéß Σσ-]{0,6}|A\u{301}e")),
                1..40,
            ),
            short in "[aAáeEé \u{301}-]{0,2}",
            more in "[aAáeEé \u{301}-]{0,3}",
        ) {
            let org = crate::org::load(&org_text(&depts)).unwrap();
            let (short, long) = (super::fold(&short), super::fold(&format!("{short}{more}")));
            proptest::prop_assume!(!long.is_empty());
            let whole = search_org(&org, &long);
            let all = super::Found::scanned(&org, long.clone());
            proptest::prop_assert_eq!((all.matches, all.names), whole.clone());
            if !short.is_empty() {
                let within = super::Found::scanned(&org, short).narrowed(long);
                proptest::prop_assert_eq!((within.matches, within.names), whole);
            }
        }

        /// Typing, taking back and replacing the query, each step looking among what the
        /// earlier ones found, always finds what a search of the whole org finds.
        #[test]
        fn typing_finds_what_a_whole_search_finds(
            depts in proptest::collection::vec(
                (0usize..4, "[aAáÁeEé-]{0,4}", proptest::option::of("[aAáÁeEéß Σσ-]{0,6}|A\u{301}e")),
                1..40,
            ),
            keys in proptest::collection::vec(
                proptest::prop_oneof![
                    4 => "[aAáeEé \u{301}-]".prop_map(Key::Type),
                    2 => proptest::strategy::Just(Key::Backspace),
                    1 => "[aAáeE]{0,3}".prop_map(Key::Replace),
                ],
                1..24,
            ),
        ) {
            let org = crate::org::load(&org_text(&depts)).unwrap();
            let mut explorer = super::Explorer::default();
            let mut query = String::new();
            for key in keys {
                match key {
                    Key::Type(c) => query.push_str(&c),
                    Key::Backspace => drop(query.pop()),
                    Key::Replace(text) => query = text,
                }
                explorer.find_typed(&org, query.clone());
                let whole = search_org(&org, &query);
                proptest::prop_assert_eq!((explorer.search.matches.clone(), explorer.search.names), whole, "{:?}", query);
            }
        }
    }
}
