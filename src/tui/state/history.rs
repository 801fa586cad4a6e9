//! The undo history: each edit is kept as the [`Change`] that takes the text back, not
//! as a copy of the text, with the selection and version of that moment; and which
//! version of the text was last saved.

use crate::org::Change;
use crate::org::edit::Path;

/// Another state of the text, for undo and redo: the change from the text on screen
/// to it, and the selection and version it had.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub change: Change,
    pub select: Option<Path>,
    pub version: u64,
}

/// The undo and redo stacks, with no fixed limit.
#[derive(Clone, Debug, Default)]
pub struct History {
    pub undo: Vec<Snapshot>,
    pub redo: Vec<Snapshot>,
    /// The version of the text on screen; each edit makes a new one.
    pub version: u64,
    /// The version last saved or loaded.
    pub saved: u64,
    next: u64,
}

impl History {
    pub(crate) fn new_version(&mut self) -> u64 {
        self.next += 1;
        self.next
    }

    /// True when the text on screen differs from the file.
    pub fn is_modified(&self) -> bool {
        self.version != self.saved
    }
}
