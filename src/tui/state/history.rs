//! The undo history: each edit is kept as the [`Change`] that takes the text back, not
//! as a copy of the text, with the selection and version of that moment; and which
//! version of the text was last saved.

use crate::org::edit::Path;

/// A change of the text: the stretch at `start` that reads `before` reads `after`.
/// Undo keeps changes, not copies of the text, so that a long history of edits to a
/// huge file costs little memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub start: usize,
    pub before: String,
    pub after: String,
}

impl Change {
    /// The change that turns `from` into `to`: what lies between their common prefix
    /// and common suffix.
    pub fn between(from: &str, to: &str) -> Change {
        let mut prefix = from.bytes().zip(to.bytes()).take_while(|(a, b)| a == b).count();
        while !from.is_char_boundary(prefix) || !to.is_char_boundary(prefix) {
            prefix -= 1;
        }
        let max_suffix = (from.len() - prefix).min(to.len() - prefix);
        let mut suffix = from.bytes().rev().zip(to.bytes().rev()).take(max_suffix).take_while(|(a, b)| a == b).count();
        while !from.is_char_boundary(from.len() - suffix) || !to.is_char_boundary(to.len() - suffix) {
            suffix -= 1;
        }
        Change {
            start: prefix,
            before: from[prefix..from.len() - suffix].to_string(),
            after: to[prefix..to.len() - suffix].to_string(),
        }
    }

    /// The text with the change made.
    pub fn apply(&self, text: &str) -> String {
        let end = self.start + self.before.len();
        let mut out = String::with_capacity(text.len() + self.after.len());
        out.push_str(&text[..self.start]);
        out.push_str(&self.after);
        out.push_str(&text[end..]);
        out
    }

    /// The change that takes it back.
    pub fn inverse(self) -> Change {
        Change { start: self.start, before: self.after, after: self.before }
    }
}

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

#[cfg(test)]
mod tests {
    use super::Change;

    #[test]
    fn a_change_holds_only_the_middle_and_undoes_exactly() {
        for (a, b) in [("abcXdef", "abcYYdef"), ("", "new"), ("same", "same"), ("ñandú", "ñandu"), ("aaa", "aa")] {
            let change = Change::between(a, b);
            assert_eq!(change.apply(a), b, "{a} → {b}");
            assert_eq!(change.clone().inverse().apply(b), a, "{b} → {a}");
            assert!(change.before.len() + change.after.len() <= a.len().max(b.len()) + 1);
        }
        assert_eq!(Change::between("abcXdef", "abcYYdef").before, "X");
    }
}
