//! A change of a text, as an edit makes it and as undo keeps it.

use super::buffer::TextBuffer;
use super::patch::Tables;

/// A change of the text, holding only what it puts in: the text it takes out is in the
/// document it applies to, and [`Change::inverse`] reads it from there. Undo keeps
/// changes, not copies of the text, and each step holds one side of its change, so
/// that a long history of edits to a huge file costs little memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// The `removed` bytes at `start` give way to `inserted`. `parsed`, when known, is
    /// what `inserted` holds as departments: kept when a change took them out, for the
    /// change that puts them back (its undo) to put them in without loading them.
    Splice { start: usize, removed: usize, inserted: String, parsed: Option<Box<Tables>> },
    /// The `len` bytes at `start` turn around `by` bytes: what began at `start + by`
    /// comes first. Swapping two departments is one, and holds no text at all.
    Rotate { start: usize, len: usize, by: usize },
    /// Changes made one after the other, each to the text the one before left: a
    /// department moved past its later siblings and then written under another parent
    /// (an outdent), each part patched as the edit it is.
    Steps(Vec<Change>),
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
        Change::Splice {
            start: prefix,
            removed: from.len() - suffix - prefix,
            inserted: to[prefix..to.len() - suffix].to_string(),
            parsed: None,
        }
    }

    /// The change that puts `with` in place of `range` of `text`, narrowed to what
    /// differs.
    pub fn between_at(text: &str, range: std::ops::Range<usize>, with: &str) -> Change {
        match Change::between(&text[range.clone()], with) {
            Change::Splice { start, removed, inserted, parsed } => {
                Change::Splice { start: range.start + start, removed, inserted, parsed }
            }
            rotate => rotate,
        }
    }

    /// The change without the departments it may hold, when it is one splice or turn
    /// that puts in no more than `up_to` bytes of text: for a change made later
    /// ([`super::buffer::Text`]).
    pub fn text_only(&self, up_to: usize) -> Option<Change> {
        match self {
            Change::Splice { start, removed, inserted, .. } => (inserted.len() <= up_to).then(|| Change::Splice {
                start: *start,
                removed: *removed,
                inserted: inserted.clone(),
                parsed: None,
            }),
            Change::Rotate { start, len, by } => Some(Change::Rotate { start: *start, len: *len, by: *by }),
            // Steps are made at once (see `fits`).
            Change::Steps(_) => None,
        }
    }

    /// The same change, taking the text it puts in, not copying it (it is left
    /// putting in nothing), without the departments it may hold; `None` for steps,
    /// as [`Change::text_only`].
    pub fn take_text(&mut self) -> Option<Change> {
        match self {
            Change::Splice { start, removed, inserted, .. } => Some(Change::Splice {
                start: *start,
                removed: *removed,
                inserted: std::mem::take(inserted),
                parsed: None,
            }),
            Change::Rotate { .. } | Change::Steps(_) => self.text_only(0),
        }
    }

    /// Whether it can be made in `text` as it is: a splice or a turn whose stretches
    /// lie in the text and start and end at character boundaries. (Not steps, each made
    /// to the text the one before leaves.)
    pub fn fits(&self, text: &str) -> bool {
        let boundaries = |at: &[usize]| at.iter().all(|&i| text.is_char_boundary(i));
        match self {
            Change::Splice { start, removed, .. } => boundaries(&[*start, start + removed]),
            Change::Rotate { start, len, by } => by <= len && boundaries(&[*start, start + by, start + len]),
            Change::Steps(_) => false,
        }
    }

    /// The length of a text of `len` bytes once the change is made.
    pub fn len_after(&self, len: usize) -> usize {
        match self {
            Change::Splice { removed, inserted, .. } => len - removed + inserted.len(),
            Change::Rotate { .. } => len,
            Change::Steps(steps) => steps.iter().fold(len, |len, step| step.len_after(len)),
        }
    }

    /// Makes the change in `text` itself: only the shorter side of the change moves,
    /// and no second copy of a huge text is made.
    pub fn apply_in_place(&self, text: &mut TextBuffer) {
        match self {
            Change::Splice { start, removed, inserted, .. } => text.splice(*start, *removed, inserted),
            // Two neighbouring stretches swap places where they are, with no copy of
            // either (moving a department that holds much of the org).
            Change::Rotate { start, len, by } => text.rotate(*start, *len, *by),
            Change::Steps(steps) => steps.iter().for_each(|step| step.apply_in_place(text)),
        }
    }

    /// The text with the change made.
    pub fn apply(&self, text: &str) -> String {
        match self {
            Change::Splice { start, removed, inserted, .. } => {
                let mut out = String::with_capacity(text.len() - removed + inserted.len());
                out.push_str(&text[..*start]);
                out.push_str(inserted);
                out.push_str(&text[start + removed..]);
                out
            }
            Change::Rotate { start, len, by } => {
                let mut out = String::with_capacity(text.len());
                out.push_str(&text[..*start]);
                out.push_str(&text[start + by..start + len]);
                out.push_str(&text[*start..start + by]);
                out.push_str(&text[start + len..]);
                out
            }
            Change::Steps(steps) => steps.iter().fold(text.to_string(), |text, step| step.apply(&text)),
        }
    }

    /// The bytes it holds on the heap, for the undo history's bound.
    pub fn heap_bytes(&self) -> usize {
        match self {
            Change::Splice { inserted, parsed, .. } => {
                inserted.capacity() + parsed.as_ref().map_or(0, |tables| tables.heap_bytes())
            }
            Change::Rotate { .. } => 0,
            Change::Steps(steps) => {
                steps.capacity() * size_of::<Change>() + steps.iter().map(Change::heap_bytes).sum::<usize>()
            }
        }
    }

    /// The same change, holding the departments it puts in when they are given: those
    /// a patch took out with the change this one takes back.
    pub fn holding(self, tables: Option<Tables>) -> Change {
        match (self, tables) {
            (Change::Splice { start, removed, inserted, .. }, Some(tables)) => {
                Change::Splice { start, removed, inserted, parsed: Some(Box::new(tables)) }
            }
            (change, _) => change,
        }
    }

    /// The change that takes it back, given the text it applies to (the text before
    /// it is made). Steps each read the text the steps before them leave, made here in
    /// a copy: the document takes steps back one by one as it makes them instead
    /// ([`crate::document::Document::apply`]), with no copy.
    pub fn inverse(&self, text: &str) -> Change {
        match self {
            Change::Splice { start, removed, inserted, .. } => Change::Splice {
                start: *start,
                removed: inserted.len(),
                inserted: text[*start..start + removed].to_string(),
                parsed: None,
            },
            Change::Rotate { start, len, by } => Change::Rotate { start: *start, len: *len, by: len - by },
            Change::Steps(steps) => {
                let mut text = text.to_string();
                let mut back = Vec::with_capacity(steps.len());
                for step in steps {
                    back.push(step.inverse(&text));
                    text = step.apply(&text);
                }
                back.reverse();
                Change::Steps(back)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Change, TextBuffer};

    /// Made in place, every kind of change gives the text that making it in a copy
    /// gives, and its inverse takes it back: put in, taken out, both, turned around,
    /// and several one after the other, among multi-byte text.
    #[test]
    fn a_change_made_in_place_is_the_change_made_in_a_copy() {
        let text = "añb·çd€e\nfgh\n";
        let at = |c: char| text.find(c).unwrap();
        let splice = |start: usize, removed: usize, inserted: &str| Change::Splice {
            start,
            removed,
            inserted: inserted.to_string(),
            parsed: None,
        };
        for change in [
            splice(at('b'), 0, "ÿx\n"),
            splice(0, 0, "zz"),
            splice(text.len(), 0, "end\n"),
            splice(at('b'), at('d') - at('b'), ""),
            splice(at('b'), at('d') - at('b'), "€€"),
            splice(0, text.len(), ""),
            Change::Rotate { start: at('b'), len: at('f') - at('b'), by: at('ç') - at('b') },
            Change::Steps(vec![
                Change::Rotate { start: at('b'), len: at('f') - at('b'), by: at('ç') - at('b') },
                // What the turn put first there: ç.
                splice(at('b'), 'ç'.len_utf8(), "ç€"),
                splice(0, 0, "zz"),
            ]),
        ] {
            let mut in_place = TextBuffer::from(text.to_string());
            change.apply_in_place(&mut in_place);
            assert_eq!(in_place.as_str(), change.apply(text), "{change:?}");
            assert_eq!(change.inverse(text).apply(in_place.as_str()), text, "{change:?} taken back");
        }
    }
}
