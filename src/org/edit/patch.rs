//! Bringing a loaded org up to date after a change that took out, or put in, whole
//! departments written as their own tables, one after the other (a delete, an add, a
//! paste, and their undos), or that swapped two neighbouring siblings (a move), without
//! loading the whole text again: the departments concerned are cut out of the arena,
//! loaded from the inserted text alone and put in, or turned around, and the others
//! are renumbered and moved by the change's bytes and lines. Each patch says how it
//! renumbered the departments ([`IdMap`]), so that whatever was kept by id follows.
//!
//! Each patch checks that the change is one it understands and gives up (`None`,
//! nothing changed) otherwise; the caller then loads the text anew. In debug builds
//! (every test) the patched org is compared with the org loaded from the new text.

use super::block::{
    closing_notes, ends_with_values, header_line, header_line_start, is_value_line, named_first_below, subtree_range,
};
use crate::org::load::load_table_of;
use crate::org::{Department, DeptId, Org, Place, load};
use crate::text::newlines;
use compact_str::CompactString;

/// How a patch renumbered the departments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdMap {
    /// `count` departments were put in at `at`: those from `at` on moved up by `count`.
    Inserted { at: DeptId, count: usize },
    /// The `count` departments from `at` on were taken out: those after moved down.
    Removed { at: DeptId, count: usize },
    /// The subtree at `at..mid` and its next sibling's, `mid..end`, swapped places.
    Swapped { at: DeptId, mid: DeptId, end: DeptId },
}

impl IdMap {
    /// No department came, went or moved: every id stays.
    pub const KEPT: IdMap = IdMap::Inserted { at: 0, count: 0 };

    /// Whether every department keeps its id.
    pub fn keeps_every_id(self) -> bool {
        match self {
            IdMap::Inserted { count, .. } | IdMap::Removed { count, .. } => count == 0,
            IdMap::Swapped { at, mid, end } => at == mid || mid == end,
        }
    }

    /// The ids a stretch of departments has now, given those it had, when they are
    /// still one stretch (none of them taken out, none put in among them, no place
    /// where the map cuts the ids apart inside it); `None` otherwise.
    pub fn map_range(self, range: std::ops::Range<DeptId>) -> Option<std::ops::Range<DeptId>> {
        if range.is_empty() {
            return Some(range);
        }
        // Where the map cuts the ids into stretches that each move as one (0: none).
        let cuts = match self {
            IdMap::Inserted { at, count } => [if count == 0 { 0 } else { at }, 0, 0],
            IdMap::Removed { at, count } => [at, at + count, 0],
            IdMap::Swapped { at, mid, end } => [at, mid, end],
        };
        if cuts.iter().any(|&cut| range.start < cut && cut < range.end) {
            return None;
        }
        let first = self.map(range.start)?;
        Some(first..first + range.len())
    }

    /// Moves a list of ids in pre-order (ascending) as the map moves their
    /// departments, in place, and takes out those taken out and those of
    /// `rewritten` (ids after the map, put in or written anew, for the caller to
    /// look at again): the list stays in pre-order.
    pub fn follow_sorted(self, ids: &mut Vec<DeptId>, rewritten: std::ops::Range<DeptId>) {
        let from = |id: DeptId, ids: &[DeptId]| ids.partition_point(|&d| d < id);
        match self {
            IdMap::Inserted { at, count } => {
                let start = from(at, ids);
                ids[start..].iter_mut().for_each(|d| *d += count);
            }
            IdMap::Removed { at, count } => {
                let (start, end) = (from(at, ids), from(at + count, ids));
                ids.drain(start..end);
                ids[start..].iter_mut().for_each(|d| *d -= count);
            }
            IdMap::Swapped { at, mid, end } => {
                let (start, middle, stop) = (from(at, ids), from(mid, ids), from(end, ids));
                let stretch = &mut ids[start..stop];
                stretch.iter_mut().for_each(|d| *d = self.map(*d).unwrap_or(*d));
                stretch.rotate_left(middle - start);
            }
        }
        let (start, end) = (from(rewritten.start, ids), from(rewritten.end, ids));
        ids.drain(start..end);
    }

    /// The id a department has now, given the one it had; `None` when it was taken out.
    pub fn map(self, id: DeptId) -> Option<DeptId> {
        match self {
            IdMap::Inserted { at, count } => Some(if id >= at { id + count } else { id }),
            IdMap::Removed { at, count } => match id {
                id if id < at => Some(id),
                id if id < at + count => None,
                id => Some(id - count),
            },
            IdMap::Swapped { at, mid, end } => Some(match id {
                id if id < at || id >= end => id,
                id if id < mid => id + (end - mid),
                id => id - (mid - at),
            }),
        }
    }
}

/// Patches `org`, loaded from `old`, for the change that puts `inserted` in place of
/// the `removed` bytes at `start`: gives back how the ids moved and, when it took
/// departments out, those departments. `parsed`, when given, is what `inserted` loads
/// to (kept when it was taken out), so that it is not loaded again. `None` when the
/// change is not a whole subtree taken out or put in: `org` is then as it was.
pub(crate) fn splice(
    org: &mut Org,
    old: &str,
    start: usize,
    removed: usize,
    inserted: &str,
    parsed: Option<Tables>,
) -> Option<(IdMap, Option<Tables>)> {
    match (removed, inserted.is_empty()) {
        (0, false) => insert(org, &old[..start], &old[start..], inserted, parsed).map(|map| (map, None)),
        (removed, true) if removed > 0 => {
            remove(org, old, start..start + removed).map(|(map, tables)| (map, Some(tables)))
        }
        _ => None,
    }
}

/// Patches `org`, loaded from `old`, for the change that puts `inserted` in place of
/// the `range` of `old`, when both are one subtree of as many departments, which then
/// keep their place in the arena: an indent or an outdent (a subtree moved under a new
/// parent, its text rewritten where it is), or its undo. `parsed`, when given, is what
/// `inserted` loads to. Gives back where the departments are, how many, and the
/// departments taken out. `None` otherwise: `org` is then as it was.
pub(crate) fn replace(
    org: &mut Org,
    old: &str,
    range: std::ops::Range<usize>,
    inserted: &str,
    parsed: Option<Tables>,
) -> Option<(DeptId, usize, Tables)> {
    let id = block_starting(org, range.start)?;
    let count = org.subtree_end(id) - id;
    let tables = match parsed {
        Some(tables) => tables,
        None => Tables::load(inserted)?,
    };
    if tables.departments.len() != count {
        return None;
    }
    let (IdMap::Removed { at, .. }, taken) = remove(org, old, range.clone())? else { return None };
    let (before, after) = (&old[..range.start], &old[range.end..]);
    match insert(org, before, after, inserted, Some(tables)) {
        // Put in where the others were taken out: the checks of `insert` leave it no
        // other place.
        Some(IdMap::Inserted { at: put_at, .. }) if put_at == at => Some((at, count, taken)),
        Some(_) => {
            debug_assert!(false, "a subtree put in where another was taken out, but elsewhere in the arena");
            *org = load(old).ok()?;
            None
        }
        None => {
            // Nothing changes: what was taken out goes back.
            if insert(org, before, after, &old[range], Some(taken)).is_none() {
                *org = load(old).ok()?;
            }
            None
        }
    }
}

/// The departments of a stretch of whole tables, one subtree, as loading that stretch
/// alone gives them: ids from 0 (its top department, which has no parent here), blocks
/// from the stretch's first byte, lines from its first line (1); and the path of its
/// top department. A change that puts a subtree back keeps these, taken out with it,
/// so that putting it back (an undo of a delete, say) loads nothing.
#[derive(Clone, Debug)]
pub struct Tables {
    path: Vec<String>,
    departments: Vec<Department>,
    /// Each department's place: parent, block and line.
    places: Vec<Place>,
    /// Each department's subtree end.
    ends: Vec<DeptId>,
    /// The length of the stretch.
    len: usize,
    /// For a paste, the id of the department whose subtree these are copies of, in
    /// the org they are put in, as it is just before ([`Tables::pasted_from`]).
    copy_of: Option<DeptId>,
}

impl PartialEq for Tables {
    /// The same departments in the same places: where they were copied from is not
    /// part of what they are.
    fn eq(&self, other: &Tables) -> bool {
        (&self.path, &self.departments, &self.places, &self.ends, self.len)
            == (&other.path, &other.departments, &other.places, &other.ends, other.len)
    }
}

impl Eq for Tables {}

impl Tables {
    /// The departments, in pre-order.
    pub fn departments(&self) -> &[Department] {
        &self.departments
    }

    /// The id of the department whose subtree these are copies of, when a paste puts
    /// them in the org they were copied from, which has not changed since: their
    /// classification is that subtree's wherever their parent's is its parent's.
    pub(crate) fn copy_of(&self) -> Option<DeptId> {
        self.copy_of
    }

    /// The same departments, known to be copies of the subtree of `id` in the org a
    /// paste puts them in ([`Tables::copy_of`]).
    pub(crate) fn pasted_from(self, id: DeptId) -> Tables {
        Tables { copy_of: Some(id), ..self }
    }

    /// About how many bytes they hold: the records, and their strings, which are
    /// shorter than the stretch they come from.
    pub fn heap_bytes(&self) -> usize {
        self.departments.capacity() * size_of::<Department>()
            + self.places.capacity() * size_of::<Place>()
            + self.ends.capacity() * size_of::<DeptId>()
            + self.len
    }

    /// The subtree of `id`, whose tables are exactly `range` of `text`, as loading that
    /// stretch alone would give it (copied, for a paste). `None` when its tables are
    /// not that stretch.
    pub(crate) fn copied(org: &Org, text: &str, id: DeptId, range: std::ops::Range<usize>) -> Option<Tables> {
        // (A clip's department may have gone since it was copied, its id with it, and
        // its text come back to the same place.)
        if id >= org.len() || subtree_range(org, text, id)? != range {
            return None;
        }
        let start_line = start_line(org, text, id, range.start)?;
        let end = org.subtree_end(id);
        Some(Tables {
            path: org.owned_path(id),
            departments: org.departments.range(id..end).cloned().collect(),
            places: org.places[id..end].iter().map(|&p| relative(p, id, range.clone(), start_line)).collect(),
            ends: (id..end).map(|d| org.subtree_end(d) - id).collect(),
            len: range.len(),
            copy_of: None,
        })
    }

    /// The same departments after a paste wrote their tables again under `path`:
    /// each block now starts at `starts` (the first at 0), the stretch is `len` bytes
    /// long and its lines moved by `lines`. Only the headers changed: the top
    /// department takes the last id of `path`, and all their depths follow it.
    pub(crate) fn moved(mut self, path: &[String], starts: &[usize], len: usize, lines: isize) -> Option<Tables> {
        let (top, id) = (self.departments.first_mut()?, path.last()?);
        if starts.len() != self.ends.len() || starts.first() != Some(&0) {
            return None;
        }
        top.id = CompactString::new(id);
        let depth = (path.len() - 1) as isize - top.depth as isize;
        let ends = starts.iter().skip(1).copied().chain([len]);
        for ((dept, place), (&start, end)) in
            self.departments.iter_mut().zip(&mut self.places).zip(starts.iter().zip(ends))
        {
            place.set_block(Some((start, end)));
            place.set_line(place.line().checked_add_signed(lines)?);
            dept.depth = dept.depth.checked_add_signed(depth)?;
        }
        self.path = path.to_vec();
        self.len = len;
        Some(self)
    }

    /// Loads a stretch of tables alone; `None` unless it is one subtree of departments
    /// each written as its own table, with no `[functions]`.
    pub(super) fn load(inserted: &str) -> Option<Tables> {
        let mut fragment = load(&format!("{PREFIX}{inserted}")).ok()?;
        if !fragment.functions.is_empty() {
            return None;
        }
        // The fragment holds its top department's ancestors without tables of their
        // own, then the top department's subtree, and nothing else.
        let top = fragment.places.iter().position(|p| p.block().is_some())?;
        if fragment.subtree_end(top) != fragment.len()
            || fragment.dept(top).depth != top
            || (0..top).any(|d| fragment.children(Some(d)).count() != 1)
            || fragment.places[top..].iter().any(|p| p.block().is_none())
        {
            return None;
        }
        let path = fragment.owned_path(top);
        let ends = (top..fragment.len()).map(|d| fragment.subtree_end(d) - top).collect();
        // Loaded behind the prefix: the stretch starts where the prefix ends.
        let (stretch, start_line) = (PREFIX.len()..PREFIX.len() + inserted.len(), newlines(PREFIX) + 1);
        let places = fragment.places[top..].iter().map(|&p| relative(p, top, stretch.clone(), start_line)).collect();
        let departments = fragment.departments.remove(top..fragment.len());
        Some(Tables { path, departments, places, ends, len: inserted.len(), copy_of: None })
    }
}

/// Patches `org`, loaded from `old`, for a change that stays inside one department's
/// own block and leaves it one table of the same department (an undo or redo of a
/// field edit): its fields are read from the new block alone, and the blocks after
/// it move. Says what changed ([`Rewritten`]); `None` otherwise: `org` is then as
/// it was.
pub(crate) fn fields(org: &mut Org, old: &str, start: usize, removed: usize, inserted: &str) -> Option<Rewritten> {
    // Lines put in right where one block ends and the next starts: keys and values
    // are the first block's (they belong to the header above them), blank and comment
    // lines the second's (they belong to the header below). Taking lines out of a
    // block's end, or putting any in at the end of the file, is the last block's.
    let values_in = removed == 0 && inserted.lines().any(is_value_line);
    let inside = |(s, e): (usize, usize)| {
        let at_its_end = start + removed == e && (removed > 0 || values_in || e == old.len());
        s <= start && !(s == start && values_in) && (start + removed < e || at_its_end)
    };
    let id = block_where(org, start, inside)?;
    let (block_start, block_end) = org.block(id)?;
    if org.children(Some(id)).any(|c| org.block(c).is_none()) {
        return None;
    }
    let block = format!("{}{inserted}{}", &old[block_start..start], &old[start + removed..block_end]);
    // Blank and comment lines at its end would belong to the next block (the last
    // block, which holds the lines that close the file, may end without a line break).
    if block_end < old.len() && !ends_with_values(&block)? {
        return None;
    }
    // Its function may be one the file declares, elsewhere than in this block.
    let declared = |key: &str| org.functions.iter().any(|f| f.key == key);
    let mut fragment = load_table_of(&format!("{PREFIX}{block}"), &declared).ok()?;
    let top = fragment.len().checked_sub(1)?;
    if !fragment.functions.is_empty()
        || fragment.block(top).is_none()
        || (0..top).any(|d| fragment.block(d).is_some())
        || fragment.path(top) != org.path(id)
    {
        return None;
    }
    // Lines above the header are the block's own too.
    let lines_above = |text: &str| Some(newlines(&text[..header_line_start(text, 0)?]));
    let line_shift = lines_above(&block)? as isize - lines_above(&old[block_start..block_end])? as isize;
    let old_header = header_line(org, old, id)?;
    // Nothing fails from here on: the org changes.
    let new = fragment.departments.remove(top..top + 1).pop()?;
    let dept = org.departments.get_mut(id);
    let classified_anew = (&dept.function, dept.customers, dept.revenue) != (&new.function, new.customers, new.revenue);
    let figures_before = (dept.figures != new.figures).then(|| std::mem::replace(&mut dept.figures, new.figures));
    (dept.name, dept.function, dept.customers, dept.revenue, dept.notes) =
        (new.name, new.function, new.customers, new.revenue, new.notes);
    // Its line moves with its header, when the file names it there first.
    let new_header = old_header.saturating_add_signed(line_shift);
    if org.line(id) == old_header {
        org.places[id].set_line(new_header);
    }
    let delta = inserted.len() as isize - removed as isize;
    let line_delta = newlines(inserted) as isize - newlines(&old[start..start + removed]) as isize;
    super::shift_after(org, id, block_end, delta, (new_header, line_delta));
    Some(Rewritten { dept: id, classified_anew, figures_before })
}

/// A department whose table [`fields`] read again.
#[derive(Debug, PartialEq)]
pub(crate) struct Rewritten {
    pub dept: DeptId,
    /// Whether what classifies it changed: its function or facts (not its name, notes
    /// or figures).
    pub classified_anew: bool,
    /// Its figures before, when they changed (`Some(None)`: it gave none).
    pub figures_before: Option<Option<Box<crate::org::Figures>>>,
}

/// Patches `org`, loaded from `old`, for the change that turns the `len` bytes at
/// `start` around `by` bytes: the subtrees whose tables are the first `by` bytes and
/// those of the rest, siblings one after the other, swap places (a department and its
/// next sibling, or a department and all its later siblings). `None` when that is not
/// what the stretch holds: `org` is then as it was.
pub(crate) fn rotate(org: &mut Org, old: &str, start: usize, len: usize, by: usize) -> Option<IdMap> {
    let first = block_starting(org, start)?;
    let parent = org.parent(first);
    // A parent without a header of its own, or whose header comes after its
    // sub-tables, is on the line of its first sub-table: after the swap, another one.
    if parent.is_some_and(|p| org.block(p).is_none_or(|(s, _)| s >= start)) {
        return None;
    }
    let second = siblings_over(org, old, first, start..start + by)?;
    let end = siblings_over(org, old, second, start + by..start + len)?;
    if second == first || end == second {
        return None;
    }
    // The second stretch comes first after: were its last lines blank or comments (the
    // closing lines of a file `subtree_range` could not tell apart), loading would give
    // them to the header that now follows.
    if !ends_with_values(&old[start + by..start + len])? {
        return None;
    }
    let map = IdMap::Swapped { at: first, mid: second, end };
    let (first_lines, second_lines) = (newlines(&old[start..start + by]), newlines(&old[start + by..start + len]));
    let (first_bytes, second_bytes) = (by, len - by);
    // When the second subtree closes the file, the blank and comment lines after it stay
    // at the end: its last block gives them up to the first subtree's, now last.
    let closes = org.block(end - 1).is_some_and(|(_, e)| e == old.len());
    for id in first..end {
        let place = &mut org.places[id];
        place.set_parent(place.parent().map(|p| map.map(p).unwrap_or(p)));
        // Every block is there: `subtree_range` found them all.
        if let Some((s, e)) = place.block() {
            if id < second {
                let e = if closes && e == start + by { old.len() } else { e + second_bytes };
                place.set_block(Some((s + second_bytes, e)));
                place.set_line(place.line() + second_lines);
            } else {
                let e = if e == old.len() { start + second_bytes } else { e - first_bytes };
                place.set_block(Some((s - first_bytes, e)));
                place.set_line(place.line() - first_lines);
            }
        }
        // The end of a subtree follows the stretch it ends.
        let subtree_end = org.subtree_ends[id];
        org.subtree_ends[id] =
            if subtree_end <= second { subtree_end + (end - second) } else { subtree_end - (second - first) };
    }
    org.departments.rotate_left(first..end, second - first);
    org.places[first..end].rotate_left(second - first);
    org.subtree_ends[first..end].rotate_left(second - first);
    Some(map)
}

/// The department after the siblings whose subtrees' tables, one after the other, are
/// exactly `range`, the first of them `first`; `None` when they are not.
fn siblings_over(org: &Org, old: &str, first: DeptId, range: std::ops::Range<usize>) -> Option<DeptId> {
    let parent = org.parent(first);
    let (mut sibling, mut at) = (first, range.start);
    while at < range.end {
        if sibling >= org.len() || org.parent(sibling) != parent {
            return None;
        }
        let tables = subtree_range(org, old, sibling)?;
        if tables.start != at {
            return None;
        }
        (at, sibling) = (tables.end, org.subtree_end(sibling));
    }
    (at == range.end).then_some(sibling)
}

/// The department whose block starts at `start`.
fn block_starting(org: &Org, start: usize) -> Option<DeptId> {
    block_where(org, start, |(s, _)| s == start)
}

/// The department whose block is the one `is_it` picks, among those around `at`: found
/// by halving when the blocks are in the arena's order, as in files written parents
/// first (only one block can start at or hold a given byte, so a hit is the one),
/// else by looking through them all.
fn block_where(org: &Org, at: usize, is_it: impl Fn((usize, usize)) -> bool) -> Option<DeptId> {
    let places = &org.places;
    let after = places.partition_point(|p| p.block().is_some_and(|(s, _)| s <= at));
    let guesses = [after.checked_sub(1), Some(after)];
    guesses
        .into_iter()
        .flatten()
        .find(|&d| places.get(d).and_then(Place::block).is_some_and(&is_it))
        .or_else(|| places.iter().position(|p| p.block().is_some_and(&is_it)))
}

/// Takes out the subtree whose tables are exactly `range` of `old`, and gives it back.
fn remove(org: &mut Org, old: &str, range: std::ops::Range<usize>) -> Option<(IdMap, Tables)> {
    let id = block_starting(org, range.start)?;
    if subtree_range(org, old, id)? != range {
        return None;
    }
    let parent = org.parent(id);
    // A parent without a header of its own would vanish with its last child; one whose
    // header comes after its sub-tables is on the line of the first, which may go.
    if parent.is_some_and(|p| org.block(p).is_none_or(|(s, _)| s >= range.start)) {
        return None;
    }
    let end = org.subtree_end(id);
    // When the subtree closes the file, the blank and comment lines after it stay, and
    // go to the block before it, then the last: the one just before in the arena.
    let closes = range.end < old.len() && org.block(end - 1).is_some_and(|(_, e)| e == old.len());
    let takes_over = if closes {
        match id.checked_sub(1) {
            Some(before) if org.block(before).map(|(_, e)| e) == Some(range.start) => Some(before),
            None if end == org.len() => None,
            _ => return None,
        }
    } else {
        None
    };
    let count = end - id;
    let (bytes, lines) = (range.len(), newlines(&old[range.clone()]));
    let first_line = org.line(id);
    let start_line = start_line(org, old, id, range.start)?;
    let path = org.owned_path(id);
    let departments = org.departments.remove(id..end);
    let places = org.places[id..end].iter().map(|&place| relative(place, id, range.clone(), start_line)).collect();
    let ends = org.subtree_ends[id..end].iter().map(|e| e - id).collect();
    // The subtrees that hold the one taken out shrink.
    let holding: Vec<DeptId> = parent.map(|p| org.ancestors_and_self(p).collect()).unwrap_or_default();
    for a in holding {
        org.subtree_ends[a] -= count;
    }
    let (bytes, lines) = (-(bytes as isize), -(lines as isize));
    move_ids(org, end, id, &Shift { from_byte: range.end, bytes, from_line: first_line + 1, lines });
    if let Some(before) = takes_over {
        let (s, _) = org.places[before].block()?;
        org.places[before].set_block(Some((s, old.len() - range.len())));
    }
    Some((
        IdMap::Removed { at: id, count },
        Tables { path, departments, places, ends, len: range.len(), copy_of: None },
    ))
}

/// The line the stretch of `id`'s subtree, from `start`, starts on: the top
/// department's blank and comment lines come before its header.
fn start_line(org: &Org, text: &str, id: DeptId, start: usize) -> Option<usize> {
    org.line(id).checked_sub(newlines(&text[start..header_line_start(text, start)?]))
}

/// The place of a department of the subtree of `top`, renumbered as the `stretch` of
/// that subtree's tables, from line `start_line`, loaded alone would number it. (The
/// last block of a subtree that closes the file also holds the blank and comment
/// lines after the stretch: loaded alone, it ends with the stretch.)
fn relative(place: Place, top: DeptId, stretch: std::ops::Range<usize>, start_line: usize) -> Place {
    Place::new(
        place.parent().filter(|&p| p >= top).map(|p| p - top),
        place.block().map(|(s, e)| (s - stretch.start, e.min(stretch.end) - stretch.start)),
        place.line() + 1 - start_line,
    )
}

/// How a change moved the text: the blocks from `from_byte` on by `bytes`, and the
/// lines from `from_line` on by `lines`.
pub(super) struct Shift {
    pub(super) from_byte: usize,
    pub(super) bytes: isize,
    pub(super) from_line: usize,
    pub(super) lines: isize,
}

impl Shift {
    /// Moves a place's block and line, when they lie at or after the change.
    fn move_text(&self, place: &mut Place) {
        if let Some((s, e)) = place.block()
            && s >= self.from_byte
        {
            place.set_block(Some((s.saturating_add_signed(self.bytes), e.saturating_add_signed(self.bytes))));
        }
        if place.line() >= self.from_line {
            place.set_line(place.line().saturating_add_signed(self.lines));
        }
    }
}

/// Moves the blocks and lines of every department as `shift` says, after a change
/// that put no department in and took none out: a pass over the places alone, 16
/// bytes a department; the departments' records, several times as large, are not
/// read.
pub(super) fn move_text(org: &mut Org, shift: &Shift) {
    for place in &mut org.places {
        shift.move_text(place);
    }
}

/// After departments were put in at `from` (`to` past it, the places and subtree
/// ends from `from` to `to` then the caller's to fill) or those from `to` to `from`
/// taken out (`to` before it): moves the places and subtree ends of the ids from
/// `from` on to start at `to`, renumbered on the way (ids by the same move, blocks
/// and lines as `shift` says). One pass over what moves: at a million departments, an
/// add near the top moved them and then renumbered them, a second pass over 24 bytes
/// a department. From [`SPLIT_FROM`] departments on, the pass is cut in two, each
/// half on a core of its own ([`move_split`]).
///
/// The ids before both keep theirs, and so do their parents, which come before them:
/// only their blocks and lines may move (a parent whose header comes after its
/// children's tables lies past the change), and the subtree ends of the ancestors of
/// the change, which are the caller's to set.
fn move_ids(org: &mut Org, from: DeptId, to: DeptId, shift: &Shift) {
    let place = |mut place: Place| {
        if let Some(parent) = place.parent()
            && parent >= from
        {
            place.set_parent(Some(parent - from + to));
        }
        shift.move_text(&mut place);
        place
    };
    let end = |end: DeptId| end - from + to;
    let earlier = |places: &mut [Place]| places.iter_mut().for_each(|place| shift.move_text(place));
    let (places, ends) = (&mut org.places, &mut org.subtree_ends);
    let len = places.len();
    if to > from {
        let by = to - from;
        crate::org::make_room(places, by);
        crate::org::make_room(ends, by);
        places.resize(len + by, Place::new(None, None, 0));
        ends.resize(len + by, 0);
    }
    let moved = Moved { from, to, count: len - from };
    move_split(places, ends, moved, earlier, &place, &end);
    if to < from {
        places.truncate(len - (from - to));
        ends.truncate(len - (from - to));
    }
}

/// From this many departments moved on, [`move_ids`] moves them on two cores. (Small
/// in the unit tests, so that their edits take that way.)
#[cfg(not(test))]
const SPLIT_FROM: usize = 1 << 16;
#[cfg(test)]
const SPLIT_FROM: usize = 4;

/// A run of `count` items of two arrays kept side by side, moved from `from` to start
/// at `to`.
#[derive(Clone, Copy, Debug)]
struct Moved {
    from: usize,
    to: usize,
    count: usize,
}

impl Moved {
    /// Moves the run in `a` and `b`, each item through `f` and `g`: from the last
    /// when it moves up, so that each goes to a slot not read yet or already moved.
    fn run<A: Copy, B: Copy>(self, a: &mut [A], b: &mut [B], f: &impl Fn(A) -> A, g: &impl Fn(B) -> B) {
        let Moved { from, to, count } = self;
        if to > from {
            for i in (from..from + count).rev() {
                a[i - from + to] = f(a[i]);
                b[i - from + to] = g(b[i]);
            }
        } else {
            for i in from..from + count {
                a[i - from + to] = f(a[i]);
                b[i - from + to] = g(b[i]);
            }
        }
    }
}

/// Moves the run `moved` of `a` and `b` (both long enough for where it goes), each item
/// through `f` and `g`, after `earlier(&mut a[..before])` for the items before both
/// where the run was and where it goes. From [`SPLIT_FROM`] items on, where a second
/// core may take half, the run is cut at `mid`: this thread moves the first half and
/// the items before; a second one the last half (`last`), in slices of their own. The
/// few items of the first half that go past `mid` (as many as the run moves by) would
/// land where the second half is still to be read, so they are copied aside first and
/// written once both are done; moving down, the same holds for the first items of the
/// last half.
fn move_split<A: Copy + Send + Sync, B: Copy + Send + Sync>(
    a: &mut [A],
    b: &mut [B],
    moved: Moved,
    earlier: impl FnOnce(&mut [A]),
    f: &(impl Fn(A) -> A + Sync),
    g: &(impl Fn(B) -> B + Sync),
) {
    let Moved { from, to, count } = moved;
    let before = from.min(to);
    let by = from.abs_diff(to);
    // The two halves about as long, counting the items before at half their weight
    // (they are read, and seldom written).
    let mid = from + (count - before.min(count) / 2) / 2;
    if count < SPLIT_FROM || by > count / 4 {
        earlier(&mut a[..before]);
        moved.run(a, b, f, g);
        return;
    }
    let (end, up) = (from + count, to > from);
    // The items that cross `mid` as they move: the last `by` of the first half moving
    // up, the first `by` of the last half moving down.
    let crossing = if up { mid - by..mid } else { mid..mid + by };
    let aside: Vec<(A, B)> = crossing.clone().map(|i| (f(a[i]), g(b[i]))).collect();
    let (first_half, last_half) = if up {
        (Moved { from, to, count: mid - by - from }, Moved { from: 0, to: by, count: end - mid })
    } else {
        (Moved { from, to, count: mid - from }, Moved { from: by, to: 0, count: end - mid - by })
    };
    let (a_first, a_last) = a.split_at_mut(mid);
    let (b_first, b_last) = b.split_at_mut(mid);
    let first = || {
        earlier(&mut a_first[..before]);
        first_half.run(a_first, b_first, f, g);
    };
    let last = || {
        last_half.run(a_last, b_last, f, g);
        Some(())
    };
    super::block::side_by_side(true, first, last);
    let crossed = if up { mid } else { mid - by };
    for (k, (x, y)) in aside.into_iter().enumerate() {
        a[crossed + k] = x;
        b[crossed + k] = y;
    }
}

/// What a text of tables is loaded behind, so that it loads alone.
const PREFIX: &str = "[company]\nname = \"x\"\n";

/// Puts in the departments of `inserted`, whole tables put in between the text
/// `before` and the text `after` (the org's text, without anything between them):
/// those of `parsed` when given, else loaded from `inserted`.
fn insert(org: &mut Org, before: &str, after: &str, inserted: &str, parsed: Option<Tables>) -> Option<IdMap> {
    let (at, text_len) = (before.len(), before.len() + after.len());
    // The blocks on either side stay where they were only if the line before the
    // insertion and the last line inserted hold values: blank and comment lines
    // belong to the header below them. (Those that close the file belong to the last
    // block: see below.)
    if !ends_with_values(before)? {
        return None;
    }
    let inserted_ends_with_values = ends_with_values(inserted)?;
    let only_notes_after = after.lines().all(|line| !is_value_line(line));
    if !inserted_ends_with_values && !only_notes_after {
        return None;
    }
    let Tables { path, departments, places, ends, len, .. } = match parsed {
        Some(tables) => tables,
        None => Tables::load(inserted)?,
    };
    if len != inserted.len() || departments.is_empty() {
        return None;
    }
    let parent = match path.len() {
        1 => None,
        n => Some(org.find_path(&path[..n - 1])?),
    };
    // Its place among its siblings: after the last one whose tables come before `at`
    // (the checks below make sure nothing of another sibling lies between).
    let mut last_before = None;
    for s in org.children(parent) {
        let (s_start, _) = org.block(s)?;
        if org.dept(s).id == path[path.len() - 1] {
            return None;
        }
        if s_start < at {
            last_before = Some(s);
        }
    }
    let pos = match (last_before, parent) {
        (Some(s), _) => org.subtree_end(s),
        (None, Some(p)) => p + 1,
        (None, None) => 0,
    };
    // The tables go in at the end of the file, or before the blank and comment lines
    // that close it: then they close it, and their last block takes over those lines
    // and any they end with, from the block that held them.
    let last_start = match pos {
        0 => 0,
        _ => org.block(pos - 1)?.0,
    };
    let hands_on = !after.is_empty()
        && only_notes_after
        && closing_notes(&[&before[last_start..], after].concat(), 0) == Some(at - last_start);
    // Only blank and comment lines after, yet not the file's closing lines as
    // `closing_notes` finds them (a multi-line string may close among them): loading
    // would give them to the last block put in, or not, as it reads them.
    if !after.is_empty() && only_notes_after && !hands_on {
        return None;
    }
    let closing = hands_on || after.is_empty();
    if !inserted_ends_with_values && !closing {
        return None;
    }
    // The departments on either side end and start right at `at` (or the one before
    // held the lines that close the file).
    let before_ends = if hands_on { text_len } else { at };
    if pos > 0 && org.block(pos - 1).map(|(_, e)| e) != Some(before_ends) {
        return None;
    }
    // (A department named first by a sub-department comes after the new ones in the
    // text, yet before them in the arena, as loading names it first.)
    if pos < org.len() && (org.block(pos).map(|(s, _)| s) != Some(at) || named_first_below(org, pos)) {
        return None;
    }
    // The line `at` is on.
    let line_at = if pos > 0 {
        let header = header_line_start(before, org.block(pos - 1)?.0)?;
        org.line(pos - 1) + newlines(&before[header..])
    } else {
        newlines(before) + 1
    };
    let (count, bytes, lines) = (departments.len(), inserted.len(), newlines(inserted));
    // The subtrees that hold the insertion grow, and so do those of the ancestors
    // that end right at it: the new departments are their last. (Before `pos`, only
    // the new parent and its ancestors hold it.)
    let holding: Vec<DeptId> = match parent {
        Some(p) => org.ancestors_and_self(p).filter(|&a| org.subtree_end(a) >= pos).collect(),
        None => Vec::new(),
    };
    for a in holding {
        org.subtree_ends[a] += count;
    }
    let shift = Shift { from_byte: at, bytes: bytes as isize, from_line: line_at, lines: lines as isize };
    move_ids(org, pos, pos + count, &shift);
    if hands_on && pos > 0 {
        org.places[pos - 1].set_block(Some((last_start, at)));
    }
    // The last block put in, when it closes the file, holds what comes after it.
    let closing_lines = if closing { after.len() } else { 0 };
    let new = places.into_iter().map(|place| {
        Place::new(
            place.parent().map(|p| p + pos).or(parent),
            place.block().map(|(s, e)| (s + at, e + at + if e == len { closing_lines } else { 0 })),
            place.line() + line_at - 1,
        )
    });
    org.departments.insert(pos, departments);
    for (slot, place) in org.places[pos..pos + count].iter_mut().zip(new) {
        *slot = place;
    }
    for (slot, end) in org.subtree_ends[pos..pos + count].iter_mut().zip(ends) {
        *slot = end + pos;
    }
    Some(IdMap::Inserted { at: pos, count })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::edit::{Edit, apply_loaded, copy_loaded};

    /// Cut in two halves on two threads, a run moves up or down to where it goes in one
    /// pass, each item through its functions, as it does in one pass alone; the items
    /// before it go through theirs, and those past both stay.
    #[test]
    fn a_run_moved_in_two_halves_lands_as_one_moved_whole() {
        for count in 0..48 {
            for by in 0..=count / 4 + 1 {
                for from in [0usize, 1, 3, 7] {
                    for up in [true, false] {
                        let Some(to) = (if up { Some(from + by) } else { from.checked_sub(by) }) else { continue };
                        let len = from.max(to) + count + 2;
                        let a: Vec<usize> = (0..len).collect();
                        let b: Vec<u32> = (0..len as u32).map(|i| i * 3).collect();
                        let moved = Moved { from, to, count };
                        let (f, g) = (|x: usize| x + 1000, |y: u32| y + 7);
                        let earlier = |a: &mut [usize]| a.iter_mut().for_each(|x| *x += 500_000);
                        let (mut whole_a, mut whole_b) = (a.clone(), b.clone());
                        earlier(&mut whole_a[..from.min(to)]);
                        moved.run(&mut whole_a, &mut whole_b, &f, &g);
                        let (mut halves_a, mut halves_b) = (a.clone(), b.clone());
                        move_split(&mut halves_a, &mut halves_b, moved, earlier, &f, &g);
                        let what = format!("{count} from {from} to {to}");
                        assert_eq!(halves_a, whole_a, "{what}");
                        assert_eq!(halves_b, whole_b, "{what}");
                        // And what the whole move gives is the move itself.
                        for i in 0..count {
                            assert_eq!(whole_a[to + i], from + i + 1000, "{what}");
                        }
                    }
                }
            }
        }
    }

    proptest::proptest! {
        /// A list of ids in pre-order follows a map as each id would, one by one, those
        /// taken out and those of the stretch written anew left out, and stays sorted.
        #[test]
        fn a_sorted_list_of_ids_follows_the_map_as_each_id_would(
            ids in proptest::collection::btree_set(0usize..60, 0..40),
            kind in 0..3u8,
            cuts in proptest::array::uniform3(0usize..60),
            rewritten in proptest::array::uniform2(0usize..70),
        ) {
            let mut cuts = cuts;
            cuts.sort_unstable();
            let [x, y, z] = cuts;
            let map = match kind {
                0 => IdMap::Inserted { at: x, count: y - x },
                1 => IdMap::Removed { at: x, count: y - x },
                _ => IdMap::Swapped { at: x, mid: y, end: z },
            };
            let rewritten = rewritten[0].min(rewritten[1])..rewritten[0].max(rewritten[1]);
            let mut followed: Vec<DeptId> = ids.iter().copied().collect();
            map.follow_sorted(&mut followed, rewritten.clone());
            let mut expected: Vec<DeptId> =
                ids.iter().filter_map(|&id| map.map(id)).filter(|id| !rewritten.contains(id)).collect();
            expected.sort_unstable();
            proptest::prop_assert_eq!(followed, expected);
        }
    }

    /// A stretch of ids maps to one stretch when no department in it was taken out and
    /// none was put in among them, or the map turns around one part of it alone.
    #[test]
    fn a_stretch_of_ids_follows_the_map_while_it_stays_one_stretch() {
        let inserted = IdMap::Inserted { at: 5, count: 2 };
        assert_eq!(inserted.map_range(0..5), Some(0..5));
        assert_eq!(inserted.map_range(5..8), Some(7..10));
        assert_eq!(inserted.map_range(3..7), None, "put in among them");
        assert_eq!(inserted.map_range(6..6), Some(6..6));
        let removed = IdMap::Removed { at: 5, count: 2 };
        assert_eq!(removed.map_range(7..9), Some(5..7));
        assert_eq!(removed.map_range(5..6), None, "taken out");
        assert_eq!(removed.map_range(4..8), None);
        let swapped = IdMap::Swapped { at: 2, mid: 4, end: 7 };
        assert_eq!(swapped.map_range(2..4), Some(5..7));
        assert_eq!(swapped.map_range(4..7), Some(2..5));
        assert_eq!(swapped.map_range(0..2), Some(0..2));
        assert_eq!(swapped.map_range(3..5), None, "its two parts swapped places");
        assert_eq!(IdMap::KEPT.map_range(3..9), Some(3..9));
        assert!(IdMap::KEPT.keeps_every_id() && !inserted.keeps_every_id() && !swapped.keeps_every_id());
    }

    /// Makes the edit, patches the org for it and for its undo, and checks both
    /// against the org loaded from each text.
    fn patched_both_ways(text: &str, edit: &Edit) {
        let org = load(text).unwrap();
        let outcome = apply_loaded(text, &org, edit).unwrap();
        let crate::org::edit::Change::Splice { start, removed, inserted, .. } = &outcome.change else {
            panic!("{edit:?} is a splice")
        };
        let (start, removed, new) = (*start, *removed, outcome.text(text));
        let mut patched = org.clone();
        let (_, gone) = splice(&mut patched, text, start, removed, inserted, None).expect("patched");
        assert_eq!(patched, load(&new).unwrap(), "{edit:?}");
        let taken_out = &text[start..start + removed];
        // Put back by loading the text, and from the departments taken out.
        let mut reloaded = patched.clone();
        splice(&mut reloaded, &new, start, inserted.len(), taken_out, None).expect("undone");
        assert_eq!(reloaded, org, "undoing {edit:?}");
        if let Some(gone) = gone {
            assert_eq!(Some(&gone), Tables::load(taken_out).as_ref(), "what {edit:?} took out, as loading it gives");
            splice(&mut patched, &new, start, inserted.len(), taken_out, Some(gone)).expect("put back");
            assert_eq!(patched, org, "putting back what {edit:?} took out");
        }
    }

    #[test]
    fn adds_deletes_and_pastes_patch_the_org_as_loading_would() {
        let text = "[company]\nname = \"C\"\n\n# A\n[org.a]\nname = \"A\"\n\n[org.a.x]\nname = \"X\"\nfunction = \"sales\"\n\n\
                    [org.a.x.deep]\nname = \"D\"\n\n[org.b]\nname = \"B\"\n\n[org.b.y]\nname = \"Y\"\n";
        let path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let org = load(text).unwrap();
        let clip = Box::new(copy_loaded(text, &org, &path(&["a", "x"])).unwrap());
        for edit in [
            Edit::AddChild { parent: Some(path(&["a"])), name: "New".into() },
            Edit::AddChild { parent: Some(path(&["b", "y"])), name: "New".into() },
            Edit::AddSibling { sibling: path(&["a"]), name: "New".into() },
            Edit::AddSibling { sibling: path(&["b"]), name: "New".into() },
            Edit::Delete { path: path(&["a", "x"]) },
            Edit::Delete { path: path(&["a"]) },
            Edit::Delete { path: path(&["b", "y"]) },
            Edit::Paste { clip: clip.clone(), target: Some(path(&["a", "x"])), as_child: false },
            Edit::Paste { clip: clip.clone(), target: Some(path(&["b"])), as_child: true },
            Edit::Paste { clip, target: Some(path(&["a"])), as_child: false },
        ] {
            patched_both_ways(text, &edit);
        }
    }

    /// A department's block written anew (an undo or redo of a field edit) says
    /// whether what classifies it changed (not for a name, notes or figures), and
    /// gives back its figures before when they changed.
    #[test]
    fn a_block_rewritten_says_whether_what_classifies_the_department_changed() {
        let text = "[company]\nname = \"C\"\n\n[org.a]\nname = \"A\"\nfunction = \"sales\"\n\n[org.b]\nname = \"B\"\n";
        let org = load(text).unwrap();
        let (start, end) = org.block(0).unwrap();
        let block = &text[start..end];
        let function = "function = \"sales\"\n";
        for (new_block, anew) in [
            (block.replace("\"A\"", "\"Aa\""), false),
            (block.replace(function, &format!("notes = \"n\"\n{function}")), false),
            (block.replace("sales", "it"), true),
            (block.replace(function, &format!("{function}revenue = \"direct\"\n")), true),
            (block.replace(function, &format!("{function}headcount = 3\n")), false),
        ] {
            let mut patched = org.clone();
            let figures_changed = new_block.contains("headcount");
            let rewritten = fields(&mut patched, text, start, end - start, &new_block).expect("patched");
            assert_eq!((rewritten.dept, rewritten.classified_anew), (0, anew), "{new_block:?}");
            assert_eq!(rewritten.figures_before, figures_changed.then_some(None), "{new_block:?}: none before");
            let new_text = format!("{}{new_block}{}", &text[..start], &text[end..]);
            assert_eq!(patched, load(&new_text).unwrap(), "{new_block:?}");
        }
    }

    #[test]
    fn a_change_it_does_not_understand_leaves_the_org_alone() {
        let text = "[company]\nname = \"C\"\n\n[org.a]\nname = \"A\"\n";
        let org = load(text).unwrap();
        let mut patched = org.clone();
        assert!(splice(&mut patched, text, 3, 2, "xy", None).is_none());
        assert!(splice(&mut patched, text, text.len(), 0, "[org.a]\nname = \"again\"\n", None).is_none());
        assert_eq!(patched, org);
    }
}
