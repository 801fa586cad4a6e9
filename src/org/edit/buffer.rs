//! The text of an open document, kept with room before it as well as after it, so that
//! a change moves whichever side of it is shorter.
//!
//! Adding a department near the top of a million-department file put some 30 bytes
//! into a 170 MB text, and moved everything after them, over 100 MB, to make room: a
//! third of the time of the add, and again for its undo. Here a change in the first
//! half of the text moves what comes before it instead, into the room kept before the
//! text.
//!
//! Even so, an add near the top of that file moves tens of megabytes: [`Text`], the
//! document's text, leaves such a small change to be made in the pause after the frame
//! that shows it (or by the first reader of the text, whichever comes first).

use std::fmt;
use std::sync::{Mutex, OnceLock};

use super::Change;
use super::stretch::Stretch;

/// The room made before the text when a change near its start needs some there: the
/// next changes near the start use it, and only when it runs out does the whole text
/// move again. The same room is kept after the text when it grows at the end.
#[cfg(not(test))]
const ROOM: usize = 64 << 10;
/// Small in the unit tests, so that texts of a few dozen bytes run out of room and
/// make it again.
#[cfg(test)]
const ROOM: usize = 16;

/// A text that changes in place: `bytes[start..]` is the text, and `bytes[..start]`
/// the room before it (what the text left there, never read again).
#[derive(Default)]
pub struct TextBuffer {
    bytes: Vec<u8>,
    start: usize,
}

impl TextBuffer {
    /// The text.
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
            // The text after moves. Should it grow past the buffer's end while more
            // room than needed lies before the text (left by what was taken out near
            // the start), the whole text moves back into that room first: the buffer
            // never grows with room to spare in it.
            _ if self.start > ROOM && self.bytes.len() + grows > self.bytes.capacity() => ROOM,
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
        // Neither part moves onto the other before it has moved: the text after goes
        // first when it moves up (past where the text before can go), else the text
        // before goes first (never as far as where the text after is).
        // A part that stays where it is is not copied onto itself.
        let (head, tail_first) = (old..old + at, new_tail > tail.start);
        if tail_first {
            self.bytes.copy_within(tail.clone(), new_tail);
        }
        if start != old {
            self.bytes.copy_within(head, start);
        }
        if !tail_first && new_tail != tail.start {
            self.bytes.copy_within(tail, new_tail);
        }
        self.bytes[start + at..new_tail].copy_from_slice(inserted.as_bytes());
        self.bytes.truncate(new_len);
        self.start = start;
    }
}

impl From<String> for TextBuffer {
    /// The text with no room before it ([`TextBuffer::make_room`] makes some), and no
    /// more after it than it needs (texts built by growing can hold twice their
    /// length).
    fn from(text: String) -> TextBuffer {
        let mut bytes = text.into_bytes();
        bytes.shrink_to_fit();
        TextBuffer { bytes, start: 0 }
    }
}

impl TextBuffer {
    /// Makes room before a text that has none and is larger than that room, so that
    /// the first change near its start does not move all of it: for a document about
    /// to be edited, as a large file is loaded. One move of the text, within its own
    /// block: glibc grows a block this large by remapping its pages, so there is never
    /// a second 170 MB in memory.
    pub fn make_room(&mut self) {
        let len = self.bytes.len();
        if self.start > 0 || len <= ROOM {
            return;
        }
        self.bytes.reserve_exact(ROOM);
        self.bytes.resize(len + ROOM, 0);
        self.bytes.copy_within(0..len, ROOM);
        self.start = ROOM;
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

/// From this many bytes up, a small change of a [`Text`] is made in a pause rather
/// than at once. Tiny in the unit tests, so that every document edited there (any
/// but an empty one) goes through the change left for later.
#[cfg(not(test))]
const LATER_FROM: usize = 1 << 20;
#[cfg(test)]
const LATER_FROM: usize = 1;

/// The largest change (in bytes it puts in) left for later by [`Text::change`],
/// which copies what it puts in to hold it. ([`Text::spend`] takes it instead, and
/// leaves a change of any size.)
const LATER_UP_TO: usize = 64 << 10;

/// A document's text, whose last change may be left to be made later: in a pause
/// after the frame that shows the edit ([`Text::make_due`]), or by whatever reads the
/// text first, whichever comes first.
///
/// Adding a department near the top of a million-department file moves tens of
/// megabytes of text, about a third of the add; the screen shows the tree, which the
/// edit has patched, and reads none of the text. So the move waits for the pause
/// after the frame that shows the new department. Every reader of the text sees it
/// changed: reading makes the change first, once, whichever thread reads.
pub struct Text {
    /// The text, once every change is made in it.
    made: OnceLock<TextBuffer>,
    /// Else its last change, left for later.
    due: Mutex<Option<Due>>,
}

/// A change of a [`Text`] left for later.
struct Due {
    /// The text before the change.
    before: TextBuffer,
    change: Change,
    /// The stretches lent from the text that the change rewrites: each gets its own
    /// copy, from the text before, just before the change is made (or as the text
    /// goes, the change never made).
    rewritten: Vec<Stretch>,
}

impl Text {
    /// The text, its last change made first if it was left for later.
    pub fn as_str(&self) -> &str {
        self.made().as_str()
    }

    fn made(&self) -> &TextBuffer {
        self.made.get_or_init(|| {
            let due = self.due().take();
            let Due { before: mut buffer, change, rewritten } = due.expect("a text is made or has a change due");
            copy_out(&rewritten, &buffer);
            change.apply_in_place(&mut buffer);
            buffer
        })
    }

    /// The text as a buffer to change in place, its last change made first.
    pub fn buffer_mut(&mut self) -> &mut TextBuffer {
        self.made();
        self.made.get_mut().expect("made just now")
    }

    /// Whether a change is left to be made.
    pub fn is_due(&self) -> bool {
        self.made.get().is_none()
    }

    /// Makes the change left for later, if any: in a pause, before it is read.
    pub fn make_due(&self) {
        self.made();
    }

    /// The length of the text, without making a change left for later.
    pub fn len(&self) -> usize {
        if self.made.get().is_none()
            && let Some(Due { before, change, .. }) = &*self.due()
        {
            return change.len_after(before.len());
        }
        // Made, maybe by another thread meanwhile.
        self.made().len()
    }

    /// Whether the text is empty (without making a change left for later).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes it holds on the heap.
    pub fn capacity(&self) -> usize {
        if self.made.get().is_none()
            && let Some(Due { before, .. }) = &*self.due()
        {
            return before.capacity();
        }
        self.made().capacity()
    }

    /// Makes `change`: at once, or later when the text is large and the change small
    /// (its text copied, without the departments it may hold). A change left for later
    /// is one that cannot fail (it starts and ends at character boundaries of the
    /// text), so that no reader ever finds the text lost halfway. The stretches lent
    /// from the text that `rewritten` names get their own copy of what they lent
    /// first, then or later ([`super::stretch::Lender::before_change`]).
    pub(crate) fn change(&mut self, change: &Change, rewritten: Vec<Stretch>) {
        // Copied (its text) only when it is left for later.
        let later = self.may_leave(change).then(|| change.text_only(LATER_UP_TO)).flatten();
        self.make_or_leave(change, later, rewritten);
    }

    /// [`Text::change`] for a change no one needs after: the text it puts in is taken,
    /// not copied, so that a change of any size may be left for later (the tens of
    /// megabytes a paste puts in at a million departments, say). A change left for
    /// later leaves `change` putting in nothing; one made at once leaves it whole.
    pub(crate) fn spend(&mut self, change: &mut Change, rewritten: Vec<Stretch>) {
        let later = self.may_leave(change).then(|| change.take_text()).flatten();
        self.make_or_leave(change, later, rewritten);
    }

    /// Whether `change` may be left for later: the text is large, and the change one
    /// that cannot fail in it.
    fn may_leave(&mut self, change: &Change) -> bool {
        let buffer = self.buffer_mut();
        buffer.len() >= LATER_FROM && change.fits(buffer)
    }

    /// Leaves `later` for later, when given; else makes `change` at once.
    fn make_or_leave(&mut self, change: &Change, later: Option<Change>, rewritten: Vec<Stretch>) {
        match later {
            Some(change) => {
                let before = self.made.take().expect("made by `may_leave`");
                *self.due.get_mut().unwrap_or_else(std::sync::PoisonError::into_inner) =
                    Some(Due { before, change, rewritten });
            }
            None => {
                let buffer = self.buffer_mut();
                copy_out(&rewritten, buffer);
                change.apply_in_place(buffer);
            }
        }
    }

    /// The text as it is now, without making a change left for later (a copy then):
    /// for the checks of the debug builds, which must not change when it is made.
    pub fn peek(&self) -> std::borrow::Cow<'_, str> {
        if self.made.get().is_none()
            && let Some(Due { before, change, .. }) = &*self.due()
        {
            return std::borrow::Cow::Owned(change.apply(before));
        }
        std::borrow::Cow::Borrowed(self.as_str())
    }

    /// The change left for later, if any (its lock).
    fn due(&self) -> std::sync::MutexGuard<'_, Option<Due>> {
        // Nothing that holds the lock panics halfway through a change of it.
        self.due.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Gives each stretch of `rewritten` its own copy of what it lent from `text`.
fn copy_out(rewritten: &[Stretch], text: &str) {
    for stretch in rewritten {
        stretch.copy_out_of(text);
    }
}

impl Drop for Text {
    /// A text that goes with a change still due first gives the stretches that
    /// change rewrites their copy. (The others a document lent are copied out when it
    /// lets its text go: `Lender::copy_out_all`.)
    fn drop(&mut self) {
        if let Some(due) = self.due.get_mut().unwrap_or_else(std::sync::PoisonError::into_inner).take() {
            copy_out(&due.rewritten, &due.before);
        }
    }
}

impl From<TextBuffer> for Text {
    fn from(buffer: TextBuffer) -> Text {
        Text { made: OnceLock::from(buffer), due: Mutex::new(None) }
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        TextBuffer::from(text).into()
    }
}

impl Default for Text {
    fn default() -> Text {
        TextBuffer::default().into()
    }
}

impl Clone for Text {
    /// The text alone, its change made.
    fn clone(&self) -> Text {
        self.made().clone().into()
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl fmt::Debug for Text {
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

    /// A change near the start of a text with no room before it makes some; the next
    /// ones move the text before them into it, and the text after stays in place.
    #[test]
    fn a_change_near_the_start_leaves_the_text_after_it_in_place() {
        let text = format!("ab{}", "x".repeat(ROOM - 2));
        let mut buffer = TextBuffer::from(text.clone());
        assert_eq!(buffer.start, 0, "no room for a text no larger than it");
        // The first needs room, and makes it.
        buffer.splice(1, 0, "123");
        assert_eq!(buffer.as_str(), spliced(&text, 1, 0, "123"));
        assert_eq!(buffer.start, ROOM);
        let after = buffer.as_str()[4..].as_ptr();
        buffer.splice(2, 0, "--");
        buffer.splice(0, 3, "");
        assert_eq!(buffer.as_str(), format!("-23b{}", "x".repeat(ROOM - 2)));
        assert_eq!(buffer.as_str()[3..].as_ptr(), after, "the text after the changes did not move");
        assert_eq!(buffer.start, ROOM - 2 + 3);
    }

    /// A text larger than the room is given room when asked: the first change near
    /// its start then leaves the text after it in place. (A smaller one is not.)
    #[test]
    fn a_large_text_starts_with_room_before_it_when_asked() {
        let mut small = TextBuffer::from("x".repeat(ROOM));
        small.make_room();
        assert_eq!(small.start, 0);
        let text = format!("ab{}", "x".repeat(2 * ROOM));
        let mut buffer = TextBuffer::from(text.clone());
        assert_eq!(buffer.start, 0);
        buffer.make_room();
        assert_eq!((buffer.as_str(), buffer.start, buffer.capacity()), (text.as_str(), ROOM, text.len() + ROOM));
        let after = buffer.as_str()[1..].as_ptr();
        buffer.splice(1, 0, "new");
        assert_eq!(buffer.as_str(), spliced(&text, 1, 0, "new"));
        assert_eq!(buffer.as_str()[4..].as_ptr(), after);
    }

    /// A large change near the start with too little room before the text moves the
    /// text after it, as a `String` would; taken out again, it leaves its room before
    /// the text, where it goes when it is put back.
    #[test]
    fn a_large_change_near_the_start_makes_no_room_but_leaves_some() {
        let (text, large) = (format!("ab{}", "x".repeat(8 * ROOM)), "y".repeat(2 * ROOM));
        let mut buffer = TextBuffer::from(text.clone());
        buffer.make_room();
        buffer.splice(1, 0, &large);
        assert_eq!((buffer.as_str(), buffer.start), (spliced(&text, 1, 0, &large).as_str(), ROOM));
        buffer.splice(1, large.len(), "");
        assert_eq!((buffer.as_str(), buffer.start), (text.as_str(), ROOM + large.len()));
        let after = buffer.as_str()[1..].as_ptr();
        buffer.splice(1, 0, &large);
        assert_eq!((buffer.as_str(), buffer.start), (spliced(&text, 1, 0, &large).as_str(), ROOM));
        assert_eq!(buffer.as_str()[1 + large.len()..].as_ptr(), after);
    }

    /// A change near the end moves the text after it, as a `String` would.
    #[test]
    fn a_change_near_the_end_leaves_the_text_before_it_in_place() {
        let text = format!("{}yz", "x".repeat(8 * ROOM));
        let mut buffer = TextBuffer::from(text.clone());
        // The first makes room after the text, where the next ones grow.
        buffer.splice(text.len(), 0, "!");
        let (start, before) = (buffer.start, buffer.as_str().as_ptr());
        buffer.splice(text.len() - 1, 1, "éé");
        assert_eq!(buffer.as_str(), spliced(&format!("{text}!"), text.len() - 1, 1, "éé"));
        assert_eq!((buffer.start, buffer.as_str().as_ptr()), (start, before), "the text before did not move");
    }

    /// Stretches taken out near the start and as much put in near the end, again and
    /// again: the text keeps its length, and the buffer does not grow with it into
    /// the room left before the text, as it would if only the end could grow.
    #[test]
    fn room_left_before_the_text_is_used_before_the_buffer_grows() {
        let text = "x".repeat(64 * ROOM);
        let mut buffer = TextBuffer::from(text.clone());
        let stretch = "y".repeat(4 * ROOM);
        for _ in 0..20 {
            buffer.splice(10, stretch.len(), "");
            let len = buffer.len();
            buffer.splice(len - 10, 0, &stretch);
        }
        assert_eq!(buffer.len(), text.len());
        assert!(buffer.capacity() <= text.len() + 2 * stretch.len() + 2 * ROOM, "{} bytes held", buffer.capacity());
    }

    #[test]
    #[should_panic(expected = "inside a character")]
    fn a_change_inside_a_character_is_refused() {
        TextBuffer::from("aé".to_string()).splice(2, 0, "x");
    }

    /// A change left for later is made by the first reader, whichever: the text, a
    /// clone, a peek (which leaves it due); its length is known before. A change
    /// inside a character is never left for later: it is refused at once, as a
    /// buffer refuses it, and the text is not lost.
    #[test]
    fn a_change_left_for_later_is_made_by_the_first_reader() {
        let splice =
            |start, removed, inserted: &str| Change::Splice { start, removed, inserted: inserted.into(), parsed: None };
        let mut text = Text::from("ab€cd".to_string());
        text.change(&splice(2, 0, "xy"), Vec::new());
        assert!(text.is_due());
        assert_eq!((text.len(), &*text.peek()), (9, "abxy€cd"));
        assert!(text.is_due(), "a peek leaves it due");
        assert_eq!(text.as_str(), "abxy€cd");
        assert!(!text.is_due());
        text.change(&Change::Rotate { start: 0, len: 4, by: 2 }, Vec::new());
        assert_eq!(text.clone().as_str(), "xyab€cd");
        assert!(!text.is_due(), "made by the clone");
        text.change(&Change::Steps(vec![splice(0, 1, ""), splice(0, 0, "z")]), Vec::new());
        assert!(!text.is_due(), "steps are made at once");
        assert_eq!(text.as_str(), "zyab€cd");
        let inside =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| text.change(&splice(5, 0, "!"), Vec::new())));
        assert!(inside.is_err());
        assert_eq!((text.as_str(), text.is_due()), ("zyab€cd", false));
    }

    /// A change spent puts in any amount without a copy and is left for later, which
    /// a change given is not once it puts in more than `LATER_UP_TO`; either way the
    /// text then reads as the change makes it. Steps spent are made at once, and kept.
    #[test]
    fn a_large_change_spent_is_left_for_later_and_one_given_is_made_at_once() {
        let large = "x".repeat(LATER_UP_TO + 1);
        let splice = Change::Splice { start: 1, removed: 1, inserted: large.clone(), parsed: None };
        let mut given = Text::from("abc".to_string());
        given.change(&splice, Vec::new());
        assert!(!given.is_due());
        let (mut spent, mut change) = (Text::from("abc".to_string()), splice.clone());
        spent.spend(&mut change, Vec::new());
        assert!(spent.is_due());
        assert!(matches!(&change, Change::Splice { inserted, .. } if inserted.is_empty()), "its text taken");
        assert_eq!(spent.len(), large.len() + 2);
        assert!(given.as_str() == format!("a{large}c"));
        assert!(spent.as_str() == given.as_str());
        let steps = Change::Steps(vec![Change::Splice { start: 0, removed: 0, inserted: "z".into(), parsed: None }]);
        let mut change = steps.clone();
        spent.spend(&mut change, Vec::new());
        assert!(!spent.is_due() && change == steps, "made at once, and kept");
        assert!(spent.as_str() == format!("za{large}c"));
    }

    proptest! {
        /// Through any series of changes, anywhere (the ends included), large and
        /// small, the buffer holds the text the same changes made in copies give.
        #[test]
        fn any_series_of_changes_gives_the_text_made_in_copies(
            text in "[aé\n€]{0,60}",
            changes in proptest::collection::vec(
                (0.0..=1.0f64, 0.0..=1.0f64, 0.0..=1.0f64, "[b€ñ\n]{0,40}", 0..3u8),
                1..40,
            ),
        ) {
            let mut buffer = TextBuffer::from(text.clone());
            // Half of them start with room (when the text is larger than it).
            if text.len() % 2 == 0 {
                buffer.make_room();
            }
            // And a text whose changes are left for later, read after every other one.
            let mut later = Text::from(text.clone());
            let mut expected = text;
            for (i, (at, end, by, inserted, kind)) in changes.into_iter().enumerate() {
                let boundaries: Vec<usize> =
                    (0..=expected.len()).filter(|&i| expected.is_char_boundary(i)).collect();
                // A boundary from the `from`th on, `f` of the way to the last.
                let pick = |f: f64, from: usize| from + ((boundaries.len() - 1 - from) as f64 * f).round() as usize;
                let first = pick(at, 0);
                let last = pick(end, first);
                let (at, end) = (boundaries[first], boundaries[last]);
                if kind == 0 {
                    let by = boundaries[pick(by, first).min(last)];
                    buffer.rotate(at, end - at, by - at);
                    later.change(&Change::Rotate { start: at, len: end - at, by: by - at }, Vec::new());
                    expected = format!("{}{}{}{}", &expected[..at], &expected[by..end], &expected[at..by], &expected[end..]);
                } else {
                    buffer.splice(at, end - at, &inserted);
                    later.change(&Change::Splice { start: at, removed: end - at, inserted: inserted.clone(), parsed: None }, Vec::new());
                    expected = spliced(&expected, at, end - at, &inserted);
                }
                prop_assert_eq!(later.len(), expected.len());
                if i % 2 == 1 {
                    prop_assert_eq!(later.as_str(), expected.as_str());
                }
                prop_assert_eq!(buffer.as_str(), expected.as_str());
                prop_assert_eq!(&*buffer.clone(), expected.as_str());
            }
        }
    }
}
