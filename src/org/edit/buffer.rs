//! The text of an open document, kept with room before it as well as after it, so that
//! a change moves whichever side of it is shorter.
//!
//! Adding a department near the top of a million-department file put some 30 bytes
//! into a 170 MB text, and moved everything after them, over 100 MB, to make room: a
//! third of the time of the add, and again for its undo. Here a change in the first
//! half of the text moves what comes before it instead, into the room kept before the
//! text.

use std::fmt;

/// The room made before the text when a change near its start needs some there: the
/// next changes near the start use it, and only when it runs out does the whole text
/// move again. The same room is kept after the text when it grows at the end.
const ROOM: usize = 64 << 10;

/// A text that changes in place: `bytes[start..]` is the text, and `bytes[..start]`
/// the room before it (what the text left there, never read again).
#[derive(Default)]
pub struct TextBuffer {
    bytes: Vec<u8>,
    start: usize,
}

impl TextBuffer {
    pub fn as_str(&self) -> &str {
        // SAFETY: `bytes[start..]` is valid UTF-8: it starts as a `String`'s bytes, and
        // every change puts whole `str`s in place of stretches that start and end at
        // character boundaries (asserted in `splice` and `rotate`), so it stays valid.
        unsafe { std::str::from_utf8_unchecked(&self.bytes[self.start..]) }
    }

    /// The bytes it holds on the heap, the room before and after the text included.
    pub fn capacity(&self) -> usize {
        self.bytes.capacity()
    }

    /// Puts `inserted` in place of the `removed` bytes at `at`, moving the text before
    /// the change when it is shorter than the text after and there is room before it
    /// (or room is made, see below), else the text after.
    pub fn splice(&mut self, at: usize, removed: usize, inserted: &str) {
        let text = self.as_str();
        assert!(text.is_char_boundary(at) && text.is_char_boundary(at + removed), "a change inside a character");
        let (head, tail) = (at, text.len() - at - removed);
        let grows = inserted.len().saturating_sub(removed);
        let start = match (self.start + removed).checked_sub(inserted.len()) {
            Some(start) if head < tail => start,
            // No room left before the text: a small change in its first third moves
            // all of it, once, to make room for the next ones (at most half as much
            // again as moving the text after). A large one moves the text after.
            None if head <= tail / 2 && grows <= ROOM => ROOM,
            _ => self.start,
        };
        self.rewrite(start, at, removed, inserted);
    }

    /// Turns the `len` bytes at `at` around `by` bytes: what began at `at + by` comes
    /// first. Both stretches are whole characters.
    pub fn rotate(&mut self, at: usize, len: usize, by: usize) {
        let text = self.as_str();
        assert!(text.is_char_boundary(at) && text.is_char_boundary(at + by) && text.is_char_boundary(at + len));
        let at = self.start + at;
        self.bytes[at..at + len].rotate_left(by);
    }

    /// Makes the text start at `start` in the buffer, with `inserted` in place of the
    /// `removed` bytes at `at`. What comes before the change moves from `self.start`
    /// to `start`, what comes after moves by as much again and by the change's growth;
    /// either stays where it is when it does not move.
    fn rewrite(&mut self, start: usize, at: usize, removed: usize, inserted: &str) {
        let old = self.start;
        let mut tail = old + at + removed..self.bytes.len();
        let new_tail = start + at + inserted.len();
        let new_len = new_tail + tail.len();
        if new_len > self.bytes.len() {
            // The text after moves up by as much as the buffer grows.
            let more = new_len - self.bytes.len();
            if self.bytes.capacity() - self.bytes.len() < more {
                // Room for this change and a few more like it, not twice the text.
                self.bytes.reserve_exact(more.max(ROOM));
            }
            if tail.len() >= more {
                // Its last `more` bytes go straight to the new end: new memory written
                // once, not zeroed first (the text of a 54 MB paste went in a fifth
                // faster so).
                self.bytes.extend_from_within(tail.end - more..tail.end);
                tail.end -= more;
            } else {
                self.bytes.resize(new_len, 0);
            }
        }
        // The text after first: where it goes never holds the text before the change
        // (`start + inserted.len() >= old`: that text moves back at most by as much as
        // is put in), so the text before is still whole when it moves in turn.
        debug_assert!(start + inserted.len() >= old);
        if new_tail != tail.start {
            self.bytes.copy_within(tail, new_tail);
        }
        if start != old {
            self.bytes.copy_within(old..old + at, start);
        }
        self.bytes[start + at..new_tail].copy_from_slice(inserted.as_bytes());
        self.bytes.truncate(new_len);
        self.start = start;
    }
}

impl From<String> for TextBuffer {
    /// The text, given room before it when it is larger than that room: made here, as
    /// a file is loaded, the first change near the start does not move all of it. It
    /// keeps no more room after it than that (texts built by growing can hold twice
    /// their length).
    fn from(text: String) -> TextBuffer {
        let mut bytes = text.into_bytes();
        let len = bytes.len();
        if len <= ROOM {
            bytes.shrink_to_fit();
            return TextBuffer { bytes, start: 0 };
        }
        bytes.shrink_to(len + ROOM);
        bytes.reserve_exact(ROOM);
        bytes.resize(len + ROOM, 0);
        bytes.copy_within(0..len, ROOM);
        TextBuffer { bytes, start: ROOM }
    }
}

impl Clone for TextBuffer {
    /// The text alone, without the room around it.
    fn clone(&self) -> TextBuffer {
        TextBuffer { bytes: self.as_str().as_bytes().to_vec(), start: 0 }
    }
}

impl std::ops::Deref for TextBuffer {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for TextBuffer {
    fn eq(&self, other: &TextBuffer) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for TextBuffer {}

impl fmt::Debug for TextBuffer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The text a splice gives, made in a copy.
    fn spliced(text: &str, at: usize, removed: usize, inserted: &str) -> String {
        format!("{}{inserted}{}", &text[..at], &text[at + removed..])
    }

    /// A change near the start moves the text before it, into the room made before
    /// the text: the text after it stays where it is.
    #[test]
    fn a_change_near_the_start_leaves_the_text_after_it_in_place() {
        let text = format!("ab{}", "x".repeat(1000));
        let mut buffer = TextBuffer::from(text.clone());
        // The first needs room, and makes it.
        buffer.splice(1, 0, "123");
        assert_eq!(buffer.as_str(), spliced(&text, 1, 0, "123"));
        assert_eq!(buffer.start, ROOM);
        let after = buffer.as_str()[4..].as_ptr();
        buffer.splice(2, 0, "--");
        buffer.splice(0, 3, "");
        assert_eq!(buffer.as_str(), format!("-23b{}", "x".repeat(1000)));
        assert_eq!(buffer.as_str()[3..].as_ptr(), after, "the text after the changes did not move");
        assert_eq!(buffer.start, ROOM - 2 + 3);
    }

    /// A text larger than the room is given room as it is made: the first change near
    /// its start already leaves the text after it in place.
    #[test]
    fn a_large_text_starts_with_room_before_it() {
        let text = format!("ab{}", "x".repeat(2 * ROOM));
        let mut buffer = TextBuffer::from(text.clone());
        assert_eq!((buffer.as_str(), buffer.start, buffer.capacity()), (text.as_str(), ROOM, text.len() + ROOM));
        let after = buffer.as_str()[1..].as_ptr();
        buffer.splice(1, 0, "new");
        assert_eq!(buffer.as_str(), spliced(&text, 1, 0, "new"));
        assert_eq!(buffer.as_str()[4..].as_ptr(), after);
    }

    /// A large change near the start with no room before the text moves the text
    /// after it, as a `String` would; taken out again, it leaves room for itself.
    #[test]
    fn a_large_change_near_the_start_makes_no_room_but_leaves_some() {
        let (text, large) = (format!("ab{}", "x".repeat(1000)), "y".repeat(ROOM + 1));
        let mut buffer = TextBuffer::from(text.clone());
        buffer.splice(1, 0, &large);
        assert_eq!((buffer.as_str(), buffer.start), (spliced(&text, 1, 0, &large).as_str(), 0));
        buffer.splice(1, large.len(), "");
        assert_eq!((buffer.as_str(), buffer.start), (text.as_str(), large.len()));
        buffer.splice(1, 0, &large);
        assert_eq!((buffer.as_str(), buffer.start), (spliced(&text, 1, 0, &large).as_str(), 0));
    }

    /// A change near the end moves the text after it, as a `String` would.
    #[test]
    fn a_change_near_the_end_leaves_the_text_before_it_in_place() {
        let text = format!("{}yz", "x".repeat(1000));
        let mut buffer = TextBuffer::from(text.clone());
        // The first makes room after the text, where the next ones grow.
        buffer.splice(1002, 0, "!");
        let before = buffer.as_str().as_ptr();
        buffer.splice(1001, 1, "éé");
        assert_eq!(buffer.as_str(), spliced(&format!("{text}!"), 1001, 1, "éé"));
        assert_eq!((buffer.start, buffer.as_str().as_ptr()), (0, before), "the text before did not move");
    }

    #[test]
    #[should_panic(expected = "inside a character")]
    fn a_change_inside_a_character_is_refused() {
        TextBuffer::from("aé".to_string()).splice(2, 0, "x");
    }

    proptest! {
        /// Through any series of changes, anywhere, the buffer holds the text the same
        /// changes made in copies give.
        #[test]
        fn any_series_of_changes_gives_the_text_made_in_copies(
            text in "[aé\n€]{0,40}",
            changes in proptest::collection::vec((0.0..1.0f64, 0.0..1.0f64, "[b€ñ\n]{0,12}", 0..3u8), 1..40),
        ) {
            let mut buffer = TextBuffer::from(text.clone());
            let mut expected = text;
            for (at, len, inserted, kind) in changes {
                let boundaries: Vec<usize> =
                    (0..=expected.len()).filter(|&i| expected.is_char_boundary(i)).collect();
                let pick = |f: f64, from: usize| boundaries[from + ((boundaries.len() - from - 1) as f64 * f) as usize];
                let first = boundaries.iter().position(|&b| b == pick(at, 0)).unwrap();
                let (at, end) = (boundaries[first], pick(len, first));
                if kind == 0 && end > at {
                    let by = boundaries[first..].iter().copied().find(|&b| b > at && b <= end).unwrap();
                    buffer.rotate(at, end - at, by - at);
                    expected = format!("{}{}{}{}", &expected[..at], &expected[by..end], &expected[at..by], &expected[end..]);
                } else {
                    buffer.splice(at, end - at, &inserted);
                    expected = spliced(&expected, at, end - at, &inserted);
                }
                prop_assert_eq!(buffer.as_str(), expected.as_str());
                prop_assert_eq!(&*buffer.clone(), expected.as_str());
            }
        }
    }
}
