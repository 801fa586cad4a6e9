//! The undo history: each edit is kept as the [`Change`] that takes the text back, not
//! as a copy of the text, with the selection and version of that moment (and the folds
//! of the departments it puts back, which come back as they were); and which
//! version of the text was last saved. The history has a bound in bytes: past it, the
//! oldest steps are dropped.

use crate::document::Change;
use crate::org::edit::Path;

/// The default bound of the undo history: 64 MiB.
pub const DEFAULT_UNDO_LIMIT: usize = 64 << 20;

/// Another state of the text, for undo and redo: the change from the text on screen
/// to it, and the selection and version it had.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub change: Change,
    /// The department to select once the change is made: for an undo, what was
    /// selected just before the edit it takes back; for a redo, what that edit left
    /// selected, so that what is redone shows.
    pub select: Option<Path>,
    /// What was selected once the step this one takes back was made (an edit, or an
    /// undo): where the step that takes this one back in turn goes.
    pub after: Option<Path>,
    pub version: u64,
    /// The folds of the departments the change puts back, as they were when taken
    /// out; `None` when it puts none back, or they were all as new ones start.
    pub folds: Option<Folded>,
}

/// The folds of departments taken out, for the step that puts them back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Folded {
    /// Whether each was unfolded, in order, from where a patch puts them back (see
    /// [`crate::tui::state::outline::Outline::follow`]).
    InOrder(Vec<bool>),
    /// The paths of those not folded as new ones start, and whether each was
    /// unfolded: after a step that loaded the tree anew.
    ByPath(Vec<(Path, bool)>),
}

/// The bytes a path holds on the heap: its ids.
fn path_bytes(path: &Path) -> usize {
    path.iter().map(|id| id.capacity() + size_of::<String>()).sum()
}

impl Folded {
    /// The bytes it holds on the heap.
    fn heap_bytes(&self) -> usize {
        match self {
            Folded::InOrder(flags) => flags.capacity(),
            Folded::ByPath(paths) => paths.iter().map(|(p, _)| path_bytes(p) + size_of::<(Path, bool)>()).sum(),
        }
    }
}

impl Snapshot {
    /// The bytes it holds, itself included.
    pub fn bytes(&self) -> usize {
        let paths = [&self.select, &self.after].map(|path| path.as_ref().map_or(0, path_bytes));
        size_of::<Snapshot>()
            + self.change.heap_bytes()
            + paths[0]
            + paths[1]
            + self.folds.as_ref().map_or(0, Folded::heap_bytes)
    }
}

/// The undo and redo stacks, bounded by [`History::limit`] bytes together.
#[derive(Clone, Debug)]
pub struct History {
    /// The steps to undo, the oldest first.
    pub undo: Vec<Snapshot>,
    pub redo: Vec<Snapshot>,
    /// The version of the text on screen; each edit makes a new one.
    pub version: u64,
    /// The version last saved or loaded.
    pub saved: u64,
    /// How many bytes the two stacks may hold together; the newest step is always
    /// kept, however large.
    pub limit: usize,
    next: u64,
}

impl Default for History {
    fn default() -> History {
        History { undo: Vec::new(), redo: Vec::new(), version: 0, saved: 0, limit: DEFAULT_UNDO_LIMIT, next: 0 }
    }
}

impl History {
    /// An empty history bounded by `limit` bytes.
    pub fn with_limit(limit: usize) -> History {
        History { limit, ..History::default() }
    }

    /// The stack an undo (or, with `redo`, a redo) takes its step from, and the one
    /// the step that takes it back goes to.
    pub fn stacks(&mut self, redo: bool) -> (&mut Vec<Snapshot>, &mut Vec<Snapshot>) {
        if redo { (&mut self.redo, &mut self.undo) } else { (&mut self.undo, &mut self.redo) }
    }

    pub(crate) fn new_version(&mut self) -> u64 {
        self.next += 1;
        self.next
    }

    /// True when the text on screen differs from the file.
    pub fn is_modified(&self) -> bool {
        self.version != self.saved
    }

    /// The bytes the two stacks hold.
    pub fn bytes(&self) -> usize {
        self.undo.iter().chain(&self.redo).map(Snapshot::bytes).sum()
    }

    /// Keeps a new edit's step: the redo stack goes, and the oldest steps go while the
    /// history holds more than its limit. Returns how many old steps were dropped.
    pub fn push_edit(&mut self, snapshot: Snapshot) -> usize {
        discard(std::mem::take(&mut self.redo));
        self.undo.push(snapshot);
        let mut bytes = self.bytes();
        let mut dropped = 0;
        while bytes > self.limit && dropped + 1 < self.undo.len() {
            bytes -= self.undo[dropped].bytes();
            dropped += 1;
        }
        discard(self.undo.drain(..dropped).collect());
        dropped
    }
}

/// Frees steps that are no longer wanted; big ones off the interface's thread: a step
/// that puts back a hundred thousand departments holds them one by one, and freeing
/// them would hold up the edit that dropped them by tens of milliseconds.
fn discard(steps: Vec<Snapshot>) {
    let bytes = steps.iter().map(Snapshot::bytes).sum();
    super::free_aside(steps, bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(size: usize, version: u64) -> Snapshot {
        Snapshot {
            change: Change::Splice { start: 0, removed: 0, inserted: "x".repeat(size), parsed: None },
            select: None,
            after: None,
            version,
            folds: None,
        }
    }

    #[test]
    fn the_oldest_steps_go_past_the_limit_and_the_newest_always_stays() {
        let mut history = History { limit: 3 * (size_of::<Snapshot>() + 100), ..History::default() };
        assert_eq!(history.push_edit(step(100, 1)), 0);
        assert_eq!(history.push_edit(step(100, 2)), 0);
        assert_eq!(history.push_edit(step(100, 3)), 0);
        assert_eq!(history.push_edit(step(100, 4)), 1, "a fourth step is one too many");
        assert_eq!(history.undo.iter().map(|s| s.version).collect::<Vec<_>>(), [2, 3, 4]);
        assert!(history.bytes() <= history.limit);
        assert_eq!(history.push_edit(step(10_000, 5)), 3, "a huge step leaves no room for the others");
        assert_eq!(history.undo.iter().map(|s| s.version).collect::<Vec<_>>(), [5], "but it stays undoable");
    }
}
