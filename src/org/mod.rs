//! The domain: an organisation as a tree of departments with their two facts.
//!
//! `Org` stores departments in an arena, in pre-order (every parent before its
//! children, siblings in file order), so that reports can walk it front to back and
//! classification can resolve inheritance in one pass. Loading from TOML text and the
//! diagnostics for bad input live in [`load`](mod@load); reading any file the user names, with
//! its cap, in [`read`]; edits in [`edit`]; saving in [`save`]. An open file — text,
//! org and classification kept in step — is a [`crate::document::Document`], above
//! this module and the classification it uses.

pub mod catalog;
pub mod edit;
pub mod folded;
pub mod load;
pub mod read;
pub mod records;
pub mod save;

use std::fmt;

use compact_str::CompactString;

/// The old home of [`crate::diagnostic`], still named by a few callers.
pub use crate::diagnostic::{Diagnostic, Problem};
pub use load::{FileError, LoadError, load, load_file, load_file_counting};
pub use records::Records;

/// A department's index in [`Org::departments`].
pub type DeptId = usize;

/// How strongly a department touches customers or revenue (SPEC §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Does it itself: meets the customers, or earns the money.
    Direct,
    /// Only through other units (C8: enabling is not earning).
    Indirect,
    /// Not at all.
    None,
}

impl Level {
    /// Every level, in the order the editor cycles through them.
    pub const ALL: [Level; 3] = [Level::Direct, Level::Indirect, Level::None];

    /// The word used in org files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Direct => "direct",
            Level::Indirect => "indirect",
            Level::None => "none",
        }
    }

    /// Parses the word used in org files.
    pub fn parse(word: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == word)
    }

    /// The level a person means by a word typed in a spreadsheet: any case, English or
    /// Spanish (`Direct`, `directo`, `Indirecta`, `NINGUNO`, `ninguna`). Org files take
    /// only [`Level::parse`]'s words; this gives the suggestion there and the value on
    /// import.
    pub fn understand(word: &str) -> Option<Level> {
        let word = word.trim().to_lowercase();
        Level::parse(&word).or(match word.as_str() {
            "directo" | "directa" => Some(Level::Direct),
            "indirecto" | "indirecta" => Some(Level::Indirect),
            "ninguno" | "ninguna" | "nada" => Some(Level::None),
            _ => None,
        })
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The two facts a department carries (SPEC §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FactKind {
    /// Does it deal with customers? (`customers`)
    Customers,
    /// Does it earn the money? (`revenue`)
    Revenue,
}

impl FactKind {
    /// The field name in org files.
    pub fn field(self) -> &'static str {
        match self {
            FactKind::Customers => "customers",
            FactKind::Revenue => "revenue",
        }
    }
}

/// The `[company]` table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Company {
    pub name: String,
    pub core_business: Option<String>,
    pub description: Option<String>,
}

/// A function declared in the file's own `[functions]` table; it extends or overrides
/// the built-in catalogue.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FunctionOverride {
    pub key: String,
    pub name: Option<String>,
    pub customers: Option<Level>,
    pub revenue: Option<Level>,
    pub note: Option<String>,
}

/// A department's own people and money (`headcount`, `budget`), not counting its
/// sub-departments': for the share of each that sits in front or back office.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    pub headcount: Option<u64>,
    pub budget: Option<u64>,
}

/// Which of a department's [`Figures`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Figure {
    Headcount,
    Budget,
}

impl Figure {
    pub const ALL: [Figure; 2] = [Figure::Headcount, Figure::Budget];

    /// The field that gives it in a department's table.
    pub fn key(self) -> &'static str {
        match self {
            Figure::Headcount => "headcount",
            Figure::Budget => "budget",
        }
    }
}

/// One department of the tree. (The default one has an empty id, no fields and
/// depth 0: nothing on the heap.)
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Department {
    /// The TOML key of the department's table: unique among its siblings. (Its
    /// strings are kept inside the record when short, 24 bytes or fewer, as most ids,
    /// names and functions are: a million records are made, and a paste copies a
    /// subtree's, without an allocation for each.)
    pub id: CompactString,
    pub name: Option<CompactString>,
    pub function: Option<CompactString>,
    pub customers: Option<Level>,
    pub revenue: Option<Level>,
    pub notes: Option<CompactString>,
    /// People and money, when the department's table gives them (boxed: most
    /// departments of most files have neither).
    pub figures: Option<Box<Figures>>,
    /// 0 for a child of `[org]`.
    pub depth: usize,
}

impl Department {
    /// Its own headcount or budget, when its table gives it.
    pub fn figure(&self, figure: Figure) -> Option<u64> {
        let figures = self.figures.as_deref()?;
        match figure {
            Figure::Headcount => figures.headcount,
            Figure::Budget => figures.budget,
        }
    }

    /// What people call it: the name, or the id when there is no name.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }

    /// The explicit value of one fact, if the department's table sets it.
    pub fn fact(&self, kind: FactKind) -> Option<Level> {
        match kind {
            FactKind::Customers => self.customers,
            FactKind::Revenue => self.revenue,
        }
    }
}

/// Where a department sits: its parent, and where its table is in the text. Kept
/// apart from the department's record, in an array of their own ([`Org::parent`],
/// [`Org::block`], [`Org::line`]),
/// because every edit that puts departments in or takes them out renumbers the
/// places of all those after it: a pass over 16 bytes a department, not over the
/// records with their names. Ids, byte offsets and lines are kept in 32 bits: a text
/// is always shorter than [`MAX_TEXT`] (loading refuses a longer one, and an edit
/// that would make one), and it has fewer departments and lines than bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Place {
    /// The parent's id, [`NONE`] for a child of `[org]`.
    parent: u32,
    /// For a department written as a table with its own header: the byte range of its
    /// block, from the blank and comment lines right above the header to the start of
    /// the next header's block (or the end of the file); its start is [`NONE`] when
    /// it has none. Edits use it to rewrite only that stretch of a large file.
    block: (u32, u32),
    /// 1-based line where the department's table starts in the file (0 when unknown).
    line: u32,
}

/// No parent, or no block: what [`Place`] holds in place of an `Option`, half the size.
const NONE: u32 = u32::MAX;

/// The longest text an org may have, in bytes (4 GiB less two): what a department's
/// place can point into, its end included, below the `u32::MAX` that stands for none.
/// Loading refuses a longer text ([`Problem::TooLarge`]), and an edit that would make
/// one is refused ([`edit::EditError::TooLarge`]).
///
/// [`Problem::TooLarge`]: crate::diagnostic::Problem::TooLarge
pub const MAX_TEXT: usize = NONE as usize - 1;

/// A number of a [`Place`] (an id, a byte offset, a line) in the 32 bits it is kept
/// in; it is never more than [`MAX_TEXT`] (see there).
fn narrow(n: usize) -> u32 {
    debug_assert!(n <= MAX_TEXT, "{n} is past the longest text an org may have");
    n as u32
}

/// Makes room in `items`, an array with an entry per department, for `more` entries:
/// exactly that, and a sixty-fourth of the array besides, when it has too little. A
/// vector grown one entry at a time doubles (a huge org's arena twice over); one grown
/// by exactly what each add needs is copied, or remapped, at every add (glibc gives
/// blocks of a few megabytes from its heap, where growing one copies it). With the
/// sliver, a million-department org is copied once per 16,000 adds or so.
pub(crate) fn make_room<T>(items: &mut Vec<T>, more: usize) {
    if items.capacity() - items.len() < more {
        items.reserve_exact(more + items.len() / 64);
    }
}

impl Place {
    /// A place from its parts.
    pub(crate) fn new(parent: Option<DeptId>, block: Option<(usize, usize)>, line: usize) -> Place {
        let mut place = Place { parent: NONE, block: (NONE, 0), line: narrow(line) };
        place.set_parent(parent);
        place.set_block(block);
        place
    }

    /// The parent; `None` for a child of `[org]`.
    pub fn parent(&self) -> Option<DeptId> {
        (self.parent != NONE).then_some(self.parent as DeptId)
    }

    /// The byte range of the department's block, when it is written as a table with
    /// its own header.
    pub fn block(&self) -> Option<(usize, usize)> {
        (self.block.0 != NONE).then_some((self.block.0 as usize, self.block.1 as usize))
    }

    /// The 1-based line where the department's table starts (0 when unknown).
    pub fn line(&self) -> usize {
        self.line as usize
    }

    pub(crate) fn set_parent(&mut self, parent: Option<DeptId>) {
        self.parent = parent.map_or(NONE, narrow);
    }

    pub(crate) fn set_block(&mut self, block: Option<(usize, usize)>) {
        self.block = block.map_or((NONE, 0), |(start, end)| (narrow(start), narrow(end)));
    }

    pub(crate) fn set_line(&mut self, line: usize) {
        self.line = narrow(line);
    }
}

/// A whole organisation: company, the file's own functions, and the departments.
#[derive(Clone, Debug, Default)]
pub struct Org {
    pub company: Company,
    pub functions: Vec<FunctionOverride>,
    /// All departments in pre-order: parents first, siblings in file order.
    pub departments: Records,
    /// For each department, the index just past its subtree (in pre-order a subtree is
    /// one run of indices). Worked out when the org is loaded, and kept up to date by
    /// the edits that patch the tree (`edit::patch`). With the pre-order, they are the
    /// tree: a department's first child comes right after it, and each child's next
    /// sibling right after the child's subtree ([`Org::children`]). No list of children
    /// is kept, so that an edit has none to renumber.
    subtree_ends: Vec<DeptId>,
    /// Each department's place, by id.
    places: Vec<Place>,
    /// The department lookups by path most likely ask for (the selection, when an
    /// edit starts): [`Org::find_path`] tries it first, walking up from it, so that
    /// finding one department among a million siblings does not compare a million
    /// ids. A hint only: a wrong one costs that walk, and equality ignores it.
    hint: Option<DeptId>,
}

impl PartialEq for Org {
    fn eq(&self, other: &Org) -> bool {
        let Org { company, functions, departments, subtree_ends, places, hint: _ } = self;
        (company, functions, departments, subtree_ends, places)
            == (&other.company, &other.functions, &other.departments, &other.subtree_ends, &other.places)
    }
}

impl Eq for Org {}

impl Org {
    /// The department with this index.
    pub fn dept(&self, id: DeptId) -> &Department {
        self.departments.get(id)
    }

    /// A department's parent; `None` for a child of `[org]`.
    pub fn parent(&self, id: DeptId) -> Option<DeptId> {
        self.places[id].parent()
    }

    /// The byte range of a department's block, when it is written as a table with its
    /// own header: from the blank and comment lines right above the header to the
    /// start of the next header's block (or the end of the file). Edits use it to
    /// rewrite only that stretch of a large file.
    pub fn block(&self, id: DeptId) -> Option<(usize, usize)> {
        self.places[id].block()
    }

    /// The 1-based line where a department's table starts (0 when unknown).
    pub fn line(&self, id: DeptId) -> usize {
        self.places[id].line()
    }

    /// Makes room in the arrays kept by department for the next departments put in
    /// ([`make_room`]): the loading thread asks for it, as it makes room in the text,
    /// so that the first add after a large file opens copies none of them.
    pub(crate) fn make_room_for_edits(&mut self) {
        self.departments.make_room();
        make_room(&mut self.places, 1);
        make_room(&mut self.subtree_ends, 1);
    }

    /// Number of departments.
    pub fn len(&self) -> usize {
        self.departments.len()
    }

    /// True when the org has no departments.
    pub fn is_empty(&self) -> bool {
        self.departments.is_empty()
    }

    /// The children of a department, or the top-level departments (the children of
    /// `[org]`) for `None`, in file order: a step each from one to the next.
    pub fn children(&self, parent: Option<DeptId>) -> Children<'_> {
        let (next, end) = match parent {
            Some(p) => (p + 1, self.subtree_end(p)),
            None => (0, self.len()),
        };
        Children { ends: &self.subtree_ends, next, end }
    }

    /// Whether a department has sub-departments.
    pub fn has_children(&self, id: DeptId) -> bool {
        self.subtree_end(id) > id + 1
    }

    /// The sibling right after a department, if any.
    pub fn next_sibling(&self, id: DeptId) -> Option<DeptId> {
        let next = self.subtree_end(id);
        let end = self.parent(id).map_or(self.len(), |p| self.subtree_end(p));
        (next < end).then_some(next)
    }

    /// The sibling right before a department, if any: the department before it is
    /// that sibling or one of its descendants, found by walking up.
    pub fn previous_sibling(&self, id: DeptId) -> Option<DeptId> {
        let parent = self.parent(id);
        let mut before = id.checked_sub(1).filter(|&d| Some(d) != parent)?;
        while self.parent(before) != parent {
            before = self.parent(before)?;
        }
        Some(before)
    }

    /// The ids from the root down to this department, inclusive.
    pub fn path(&self, id: DeptId) -> Vec<&str> {
        let mut path: Vec<&str> = self.ancestors_and_self(id).map(|d| self.departments.get(d).id.as_str()).collect();
        path.reverse();
        path
    }

    /// What takes a deleted department's place, to be selected: its next sibling, else
    /// the previous one, else its parent.
    pub fn heir(&self, id: DeptId) -> Option<DeptId> {
        self.next_sibling(id).or_else(|| self.previous_sibling(id)).or_else(|| self.parent(id))
    }

    /// [`Org::path`] as owned strings: the path an edit names a department by.
    pub fn owned_path(&self, id: DeptId) -> Vec<String> {
        self.path(id).into_iter().map(String::from).collect()
    }

    /// The path as `/`-joined ids, as in CSV exports.
    pub fn path_string(&self, id: DeptId) -> String {
        self.path(id).join("/")
    }

    /// This department, then its parent, up to the root.
    pub fn ancestors_and_self(&self, id: DeptId) -> impl Iterator<Item = DeptId> + '_ {
        std::iter::successors(Some(id), move |&d| self.parent(d))
    }

    /// Finds a department by its path of ids.
    pub fn find_path<S: AsRef<str>>(&self, path: &[S]) -> Option<DeptId> {
        if let Some(hint) = self.hint.filter(|&hint| self.is_at(hint, path)) {
            return Some(hint);
        }
        let mut parent = None;
        for part in path {
            let found = self.children(parent).find(|&c| self.departments.get(c).id == part.as_ref())?;
            parent = Some(found);
        }
        parent
    }

    /// Says which department [`Org::find_path`] tries first.
    pub fn set_hint(&mut self, hint: Option<DeptId>) {
        self.hint = hint;
    }

    /// Whether a department's path of ids is `path`: a walk up from it.
    pub fn is_at<S: AsRef<str>>(&self, id: DeptId, path: &[S]) -> bool {
        let mut at = (id < self.len()).then_some(id);
        for part in path.iter().rev() {
            match at {
                Some(d) if self.departments.get(d).id == part.as_ref() => at = self.parent(d),
                _ => return false,
            }
        }
        at.is_none() && !path.is_empty()
    }

    /// Number of departments below this one (not counting itself).
    pub fn descendant_count(&self, id: DeptId) -> usize {
        // Pre-order: the subtree is a contiguous run after `id`.
        self.subtree_end(id) - id - 1
    }

    /// The index just past the last department of this subtree.
    pub fn subtree_end(&self, id: DeptId) -> usize {
        self.subtree_ends[id]
    }

    /// Every department's subtree end ([`Org::subtree_end`]), by id: for a pass over
    /// the whole tree that reads nothing else.
    pub fn subtree_ends(&self) -> &[DeptId] {
        &self.subtree_ends
    }

    /// Where some departments (`ids`, in any order) sit in the tree: for every
    /// department, whether one of them is below it, whether it is one of them or
    /// above one, and whether it shows when only those above one are unfolded
    /// ([`Ancestry`]). Found from the subtree ends alone, first in one pass from the
    /// last department up: the arena is in pre-order, so a department's subtree is
    /// the stretch up to its subtree end, and it holds one of `ids` when the first of
    /// them after it comes before that end. The pass carries that first one along,
    /// with no branch to mispredict and no load waiting on the one before (at a
    /// million departments, reading each one's record or walking up from each id was
    /// most of the time).
    pub fn ancestry(&self, ids: &[DeptId]) -> Ancestry {
        let ends = &self.subtree_ends;
        let mut holding = vec![false; ends.len()];
        for &id in ids {
            if let Some(flag) = holding.get_mut(id) {
                *flag = true;
            }
        }
        let mut above = vec![false; ends.len()];
        let mut next = DeptId::MAX;
        let mut ancestors = 0;
        for (d, ((above, holding), &end)) in above.iter_mut().zip(&mut holding).zip(ends).enumerate().rev() {
            *above = next < end;
            ancestors += usize::from(*above);
            // Before: whether `d` is one of `ids`; after: that, or above one.
            next = if *holding { d } else { next };
            *holding |= *above;
        }
        // Then, from the top down, what shows with only `above` unfolded: a department
        // shows unless a folded one that shows holds it. A plain pass with nothing
        // waiting on a load.
        let mut showing = vec![false; ends.len()];
        let mut hidden_until = 0;
        for (d, ((shows, &above), &end)) in showing.iter_mut().zip(&above).zip(ends).enumerate() {
            *shows = d >= hidden_until;
            hidden_until = std::hint::select_unpredictable(*shows && !above, end, hidden_until);
        }
        let [above, holding, showing] = [above, holding, showing].map(std::sync::Arc::new);
        Ancestry { above, ancestors, holding, showing }
    }
}

/// Some departments and where they sit in the tree ([`Org::ancestry`]): one flag per
/// department, by id, for each question. What the grey-only filter unfolds and shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ancestry {
    /// Whether one of the departments is below this one (strictly): their ancestors.
    /// Shared, so that folds made from it (all of them unfolded) do not copy it.
    pub above: std::sync::Arc<Vec<bool>>,
    /// How many `above` flags are set.
    pub ancestors: usize,
    /// Whether this one is one of the departments or above one: them and their
    /// ancestors. Shared, so that whoever keeps it (a filter) does not copy it.
    pub holding: std::sync::Arc<Vec<bool>>,
    /// Whether this one shows when `above` are unfolded and every other department
    /// is folded: the top level, and the children of those above.
    pub showing: std::sync::Arc<Vec<bool>>,
}

/// The children of a department, in order ([`Org::children`]).
#[derive(Clone, Debug)]
pub struct Children<'a> {
    ends: &'a [DeptId],
    next: DeptId,
    end: DeptId,
}

impl Iterator for Children<'_> {
    type Item = DeptId;

    fn next(&mut self) -> Option<DeptId> {
        let child = (self.next < self.end).then_some(self.next)?;
        self.next = self.ends[child];
        Some(child)
    }
}

impl std::iter::FusedIterator for Children<'_> {}

#[cfg(test)]
mod tests {
    use super::load;

    /// A place is 16 bytes, the size every edit that renumbers departments moves, and
    /// keeps its parts whole up to the longest text an org may have.
    #[test]
    fn a_place_keeps_its_parts_in_sixteen_bytes_up_to_the_longest_text() {
        use super::{MAX_TEXT, Place};
        assert_eq!(size_of::<Place>(), 16);
        let last = MAX_TEXT - 1;
        let place = Place::new(Some(last), Some((last, MAX_TEXT)), MAX_TEXT);
        assert_eq!((place.parent(), place.block(), place.line()), (Some(last), Some((last, MAX_TEXT)), MAX_TEXT));
        let none = Place::new(None, None, 0);
        assert_eq!((none.parent(), none.block(), none.line()), (None, None, 0));
        let mut moved = none;
        moved.set_parent(Some(0));
        moved.set_block(Some((0, 0)));
        moved.set_line(1);
        assert_eq!((moved.parent(), moved.block(), moved.line()), (Some(0), Some((0, 0)), 1));
        moved.set_parent(None);
        moved.set_block(None);
        assert_eq!((moved.parent(), moved.block()), (None, None));
    }

    #[test]
    fn subtree_ends_are_where_the_next_department_no_deeper_starts() {
        let org =
            load("[company]\nname='x'\n[org.a]\n[org.a.b]\n[org.a.b.c]\n[org.a.d]\n[org.e]\n[org.e.f]\n").unwrap();
        let depths: Vec<usize> = org.departments.iter().map(|d| d.depth).collect();
        for id in 0..org.len() {
            let end = (id + 1..org.len()).find(|&d| depths[d] <= depths[id]).unwrap_or(org.len());
            assert_eq!(org.subtree_end(id), end, "department {id}");
        }
        assert_eq!((0..org.len()).map(|id| org.subtree_end(id)).collect::<Vec<_>>(), [4, 3, 3, 4, 6, 6]);
    }

    /// Children, siblings and the test for sub-departments, as the parents say: each
    /// department's children are those whose parent it is, in pre-order.
    #[test]
    fn children_and_siblings_are_read_off_the_subtree_ends() {
        let org = load(
            "[company]\nname='x'\n[org.a]\n[org.a.b]\n[org.a.b.c]\n[org.a.d]\n[org.a.d.e]\n[org.a.f]\n[org.g]\n[org.h]\n",
        )
        .unwrap();
        let parents: Vec<Option<usize>> = (0..org.len()).map(|d| org.parent(d)).collect();
        for parent in std::iter::once(None).chain((0..org.len()).map(Some)) {
            let children: Vec<usize> = (0..org.len()).filter(|&d| parents[d] == parent).collect();
            assert_eq!(org.children(parent).collect::<Vec<_>>(), children, "{parent:?}");
            if let Some(p) = parent {
                assert_eq!(org.has_children(p), !children.is_empty(), "{p}");
            }
            for (k, &child) in children.iter().enumerate() {
                assert_eq!(org.next_sibling(child), children.get(k + 1).copied(), "after {child}");
                assert_eq!(org.previous_sibling(child), k.checked_sub(1).map(|k| children[k]), "before {child}");
            }
        }
        assert_eq!(org.children(None).collect::<Vec<_>>(), [0, 6, 7]);
        assert_eq!(org.children(Some(0)).collect::<Vec<_>>(), [1, 3, 5]);
    }

    /// A hint only saves the search: with any hint, right, wrong, stale or out of
    /// range, every path finds its department and a path that names none finds none.
    /// The ids repeat under different parents, so a hint can hold the right id in
    /// the wrong place.
    #[test]
    fn a_lookup_finds_the_same_department_whatever_the_hint() {
        let mut org =
            load("[company]\nname='x'\n[org.a]\n[org.a.b]\n[org.a.b.c]\n[org.a.c]\n[org.b]\n[org.b.c]\n[org.c]\n")
                .unwrap();
        let paths: Vec<Vec<String>> = (0..org.len()).map(|d| org.owned_path(d)).collect();
        let missing: [&[&str]; 4] = [&[], &["c", "b"], &["a", "b", "c", "d"], &["b", "b"]];
        for hint in (0..org.len() + 2).map(Some).chain([None]) {
            org.set_hint(hint);
            for (d, path) in paths.iter().enumerate() {
                assert_eq!(org.find_path(path), Some(d), "{path:?} with the hint {hint:?}");
            }
            for path in missing {
                assert_eq!(org.find_path(path), None, "{path:?} with the hint {hint:?}");
            }
        }
        let mut unhinted = org.clone();
        unhinted.set_hint(None);
        org.set_hint(Some(3));
        assert_eq!(org, unhinted, "a hint is not part of the org");
    }
}
