//! The text a copied department keeps: a stretch of the document's own text, lent
//! without copying while the document leaves that stretch as it is, or its own copy.
//!
//! Copying a department that holds a third of a million-department org copied 50 MB,
//! most of the time in page faults; a copy is now a few numbers. The document that
//! lends a stretch keeps it up to date ([`Lender`]): it moves the stretch along when a
//! change before it makes the text longer or shorter, and copies it out of the text
//! as it was when a change rewrites any of it (the copied department deleted, say):
//! as the change is made, which for a change left for later is in the pause after its
//! frame, at the first read, or as the text goes ([`Text`]). And before the document
//! puts another text in place or goes.

use std::ops::Range;
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use super::{Change, Text};

/// A copied stretch of text: shared, so that cloning it (for a paste) costs nothing.
#[derive(Clone, Debug)]
pub struct Stretch(Arc<Mutex<Held>>);

#[derive(Debug)]
enum Held {
    /// Still in the lending document's text, at `range`. The document's text is
    /// pointed to without being held: holding it would make the document copy all of
    /// it at its next change.
    Lent { text: Weak<Text>, range: Range<usize> },
    /// Its own copy.
    Own(Arc<str>),
}

impl Stretch {
    /// A stretch with its own copy of `text`.
    pub fn own(text: &str) -> Stretch {
        Stretch(Arc::new(Mutex::new(Held::Own(Arc::from(text)))))
    }

    fn held(&self) -> MutexGuard<'_, Held> {
        // Nothing that holds the lock can panic halfway through a change of it.
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Reads the text. `None` only if the lending document went without copying it
    /// out, which [`Lender`] never lets happen.
    pub fn read<R>(&self, read: impl FnOnce(&str) -> R) -> Option<R> {
        // The text's change left for later is made first, outside this stretch's lock:
        // it may be the change that gives this very stretch its own copy. The text is
        // held until the lock is let go, so that it never goes (and copies stretches
        // out) while the lock is held.
        let lending = match &*self.held() {
            Held::Lent { text, .. } => text.upgrade(),
            Held::Own(_) => None,
        };
        if let Some(text) = &lending {
            text.make_due();
        }
        let held = self.held();
        match &*held {
            Held::Own(text) => Some(read(text)),
            // Held only while it is read: no change of the document comes between.
            Held::Lent { range, .. } => Some(read(lending.as_deref()?.get(range.clone())?)),
        }
    }

    /// Gives it its own copy of its stretch of `text`, while it is lent: `text` is
    /// the text that lent it, as it is before a change that rewrites the stretch.
    pub(super) fn copy_out_of(&self, text: &str) {
        // Held by no copy any more (only by the change that was to copy it out):
        // nothing to copy for.
        if Arc::strong_count(&self.0) == 1 {
            return;
        }
        let mut held = self.held();
        // Never a slice that panics: this runs as a document drops, maybe while a
        // panic unwinds.
        if let Held::Lent { range, .. } = &*held {
            let lent = text.get(range.clone());
            debug_assert!(lent.is_some(), "a lent stretch {range:?} inside the text it lends");
            if let Some(lent) = lent {
                *held = Held::Own(Arc::from(lent));
            }
        }
    }

    /// The length of its own copy; 0 while it is lent.
    pub fn own_len(&self) -> usize {
        match &*self.held() {
            Held::Own(text) => text.len(),
            Held::Lent { .. } => 0,
        }
    }

    /// Whether it is lent by `text` (a document's text, given whole) at `range`: then
    /// that stretch of `text` is its text, and need not be compared byte for byte.
    pub fn lent_at(&self, text: &str, range: &Range<usize>) -> bool {
        // Looked at once this stretch's lock is let go: a text is never made, nor
        // goes, under it.
        let lending = match &*self.held() {
            Held::Lent { text: lent, range: at } if at == range => lent.upgrade(),
            _ => None,
        };
        // `text` is given whole, its last change made: a text with a change due is
        // another one.
        lending.is_some_and(|t| !t.is_due() && t.as_ptr() == text.as_ptr())
    }
}

/// What a document has lent: it lends stretches of its text and keeps each one right
/// through its changes. A clone of the document lends nothing: what the original lent
/// follows the original.
#[derive(Debug, Default)]
pub struct Lender(Vec<Weak<Mutex<Held>>>);

impl Clone for Lender {
    fn clone(&self) -> Lender {
        Lender::default()
    }
}

impl Lender {
    /// Lends the stretch `range` of `text`, the document's text.
    pub fn lend(&mut self, text: &Arc<Text>, range: Range<usize>) -> Stretch {
        self.0.retain(|held| held.strong_count() > 0);
        let held = Arc::new(Mutex::new(Held::Lent { text: Arc::downgrade(text), range }));
        self.0.push(Arc::downgrade(&held));
        Stretch(held)
    }

    /// The stretches lent by `text` still held by someone. (The text is told by where
    /// the `Text` lives, which its `Arc` fixes; [`Stretch::lent_at`] compares where
    /// its bytes are, since it is given them alone.)
    fn lent<'a>(&'a self, text: &'a Arc<Text>) -> impl Iterator<Item = Stretch> + 'a {
        self.0.iter().filter_map(Weak::upgrade).map(Stretch).filter(move |stretch| {
            matches!(&*stretch.held(), Held::Lent { text: lent, .. } if lent.as_ptr() == Arc::as_ptr(text))
        })
    }

    /// Before `change` is made to `text`: each stretch lent moves along with the
    /// text after a change before it. Gives back those the change rewrites any of,
    /// for the text to copy them out before it makes the change ([`Text::change`]):
    /// at once, or later with the change.
    pub fn before_change(&mut self, text: &Arc<Text>, change: &Change) -> Vec<Stretch> {
        // The change before, if it was left for later, and the copies it makes.
        text.make_due();
        let mut rewritten = Vec::new();
        for stretch in self.lent(text) {
            let mut held = stretch.held();
            let Held::Lent { range, .. } = &mut *held else { continue };
            match moved(range, change) {
                Some(to) => *range = to,
                None => {
                    drop(held);
                    rewritten.push(stretch);
                }
            }
        }
        self.0.retain(|held| held.strong_count() > 0);
        rewritten
    }

    /// After a change made to the text that was `before` (the same text, or the
    /// copy the change was made in), now `text`: the stretches point to it.
    pub fn after_change(&mut self, before: *const Text, text: &Arc<Text>) {
        for held in self.0.iter().filter_map(Weak::upgrade) {
            let mut held = held.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Held::Lent { text: lent, .. } = &mut *held
                && lent.as_ptr() == before
            {
                *lent = Arc::downgrade(text);
            }
        }
    }

    /// Gives every stretch lent by `text` its own copy: the document puts another
    /// text in its place, or goes.
    pub fn copy_out_all(&mut self, text: &Arc<Text>) {
        let lent: Vec<Stretch> = self.lent(text).collect();
        self.0.clear();
        if lent.is_empty() {
            // Nothing to copy for: a change left for later stays for the text to
            // make or drop (a document that goes after a paste does not move its text).
            return;
        }
        // Not under a stretch's lock: the change may copy that stretch out itself.
        text.make_due();
        for stretch in lent {
            stretch.copy_out_of(text);
        }
    }
}

/// Where the stretch at `range` is once `change` is made, when the change leaves its
/// bytes as they are; `None` when it rewrites any of them.
fn moved(range: &Range<usize>, change: &Change) -> Option<Range<usize>> {
    let shift = |by: isize| Some(range.start.checked_add_signed(by)?..range.end.checked_add_signed(by)?);
    match change {
        Change::Splice { start, removed, inserted, .. } => {
            let end = start + removed;
            if end <= range.start {
                // Wholly before the stretch (what is put in at its first byte too).
                shift(inserted.len() as isize - *removed as isize)
            } else if *start >= range.end {
                Some(range.clone())
            } else {
                None
            }
        }
        Change::Rotate { start, len, by } => {
            let (first, second) = (*start..start + by, start + by..start + len);
            if range.end <= *start || range.start >= start + len {
                Some(range.clone())
            } else if range.start >= first.start && range.end <= first.end {
                // The first part goes after the second.
                shift(second.len() as isize)
            } else if range.start >= second.start && range.end <= second.end {
                shift(-(first.len() as isize))
            } else {
                None
            }
        }
        Change::Steps(steps) => steps.iter().try_fold(range.clone(), |range, step| moved(&range, step)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn splice(start: usize, removed: usize, inserted: &str) -> Change {
        Change::Splice { start, removed, inserted: inserted.to_string(), parsed: None }
    }

    /// Makes `change` in `text` as a document does, keeping what `lender` lent right;
    /// gives back how many stretches it rewrites.
    fn change_lending(lender: &mut Lender, text: &mut Arc<Text>, change: &Change) -> usize {
        let rewritten = lender.before_change(text, change);
        let count = rewritten.len();
        let before = Arc::as_ptr(text);
        Arc::make_mut(text).change(change, rewritten);
        lender.after_change(before, text);
        count
    }

    /// Through any change, a lent stretch reads what a copy made when it was lent
    /// reads, whether it was moved along or copied out.
    #[test]
    fn a_lent_stretch_reads_what_was_lent_through_every_change() {
        let changes = [
            splice(0, 0, "xx"),
            splice(2, 0, "yyy"),
            splice(3, 0, "z"),
            splice(5, 0, "w"),
            splice(6, 0, "end"),
            splice(0, 2, ""),
            splice(1, 3, ""),
            splice(4, 3, "qq"),
            splice(0, 1, "ab"),
            Change::Rotate { start: 0, len: 8, by: 2 },
            Change::Rotate { start: 0, len: 8, by: 6 },
            Change::Rotate { start: 2, len: 4, by: 2 },
            Change::Rotate { start: 1, len: 6, by: 3 },
            Change::Rotate { start: 2, len: 10, by: 5 },
            Change::Rotate { start: 7, len: 5, by: 2 },
            Change::Rotate { start: 0, len: 2, by: 1 },
            // The stretch turned past what follows it, then left as it is or rewritten.
            Change::Steps(vec![Change::Rotate { start: 2, len: 10, by: 5 }, splice(0, 1, "ab")]),
            Change::Steps(vec![Change::Rotate { start: 2, len: 10, by: 5 }, splice(8, 1, "ab")]),
        ];
        for change in changes {
            let mut text = Arc::new(Text::from("ab[cde]fg\nhi".to_string()));
            let mut lender = Lender::default();
            let stretch = lender.lend(&text, 2..7);
            let empty = lender.lend(&text, 5..5);
            change_lending(&mut lender, &mut text, &change);
            assert_eq!(stretch.read(str::to_string).as_deref(), Some("[cde]"), "{change:?}");
            assert_eq!(empty.read(str::to_string).as_deref(), Some(""), "{change:?}");
            lender.copy_out_all(&text);
            drop(text);
            assert_eq!(stretch.read(str::to_string).as_deref(), Some("[cde]"), "{change:?}, given back");
        }
    }

    /// The document's text held by someone else too (the recovery copy, say): the
    /// change is made in a copy of it, and the stretch follows the copy, not the text
    /// left behind.
    #[test]
    fn a_stretch_follows_the_text_into_the_copy_a_change_is_made_in() {
        let mut text = Arc::new(Text::from("ab[cde]fg".to_string()));
        let kept = Arc::clone(&text);
        let mut lender = Lender::default();
        let stretch = lender.lend(&text, 2..7);
        change_lending(&mut lender, &mut text, &splice(0, 0, "xyz"));
        assert!(!Arc::ptr_eq(&text, &kept), "changed in a copy");
        assert!(stretch.lent_at(&text, &(5..10)) && stretch.own_len() == 0);
        assert_eq!(stretch.read(str::to_string).as_deref(), Some("[cde]"));
        drop(kept);
        assert_eq!(stretch.read(str::to_string).as_deref(), Some("[cde]"));
    }

    /// A change left for later that rewrites a lent stretch copies it out as it is
    /// made, not before: in the pause, at the stretch's first read, or as the text
    /// goes; either way the stretch reads what it lent, and the text the change.
    #[test]
    fn a_stretch_rewritten_by_a_change_left_for_later_is_copied_out_as_it_is_made() {
        for ending in ["pause", "read", "gone"] {
            let mut text = Arc::new(Text::from("ab[cde]fg".to_string()));
            let mut lender = Lender::default();
            let stretch = lender.lend(&text, 2..7);
            assert_eq!(change_lending(&mut lender, &mut text, &splice(3, 1, "XY")), 1);
            assert!(text.is_due() && stretch.own_len() == 0, "{ending}: lent until the change is made");
            match ending {
                "pause" => text.make_due(),
                "gone" => drop(std::mem::take(&mut text)),
                _ => {}
            }
            assert_eq!(stretch.read(str::to_string).as_deref(), Some("[cde]"), "{ending}");
            assert_eq!(stretch.own_len(), 5, "{ending}");
            if ending != "gone" {
                assert_eq!(text.as_str(), "ab[XYde]fg");
            }
        }
    }

    /// A document that lets its text go copies out what it lent, the change left for
    /// later made first (the stretch's place is where that change puts it); with
    /// nothing lent still held, the change is left for the text to make or drop.
    #[test]
    fn letting_the_text_go_makes_its_change_only_for_a_stretch_still_held() {
        for held in [true, false] {
            let mut text = Arc::new(Text::from("ab[cde]fg".to_string()));
            let mut lender = Lender::default();
            let stretch = lender.lend(&text, 2..7);
            change_lending(&mut lender, &mut text, &splice(0, 0, "xyz"));
            assert!(text.is_due(), "left for later");
            if !held {
                drop(stretch);
                lender.copy_out_all(&text);
                assert!(text.is_due(), "nothing held: left as it was");
                continue;
            }
            lender.copy_out_all(&text);
            assert!(!text.is_due(), "made for the stretch held");
            drop(text);
            assert_eq!((stretch.own_len(), stretch.read(str::to_string).as_deref()), (5, Some("[cde]")));
        }
    }

    /// A stretch held by no copy any more (only by the change that was to copy it
    /// out) is not copied: the copy would be freed at once.
    #[test]
    fn a_stretch_no_copy_holds_is_not_copied_out() {
        let text = Arc::new(Text::from("ab[cde]fg".to_string()));
        let mut lender = Lender::default();
        let alone = lender.lend(&text, 2..7);
        alone.copy_out_of(&text);
        assert!(alone.lent_at(&text, &(2..7)), "held by the change alone");
        let held = alone.clone();
        alone.copy_out_of(&text);
        assert_eq!((held.own_len(), held.read(str::to_string).as_deref()), (5, Some("[cde]")));
    }

    /// A stretch not rewritten stays lent, at its new place; one rewritten is given
    /// back to be copied out, and is once the change is made.
    #[test]
    fn only_a_change_that_rewrites_a_stretch_copies_it_out() {
        let mut text = Arc::new(Text::from("0123456789".to_string()));
        let mut lender = Lender::default();
        let stretch = lender.lend(&text, 3..6);
        assert!(stretch.lent_at(&text, &(3..6)) && stretch.own_len() == 0);
        assert_eq!(change_lending(&mut lender, &mut text, &splice(1, 1, "ab")), 0);
        assert!(stretch.lent_at(&text, &(4..7)));
        assert_eq!(change_lending(&mut lender, &mut text, &splice(7, 0, "x")), 0);
        assert!(stretch.lent_at(&text, &(4..7)) && stretch.own_len() == 0);
        assert_eq!(change_lending(&mut lender, &mut text, &splice(5, 1, "")), 1);
        assert!(!stretch.lent_at(&text, &(4..7)));
        assert_eq!(stretch.read(str::to_string).as_deref(), Some("345"));
        assert_eq!(stretch.own_len(), 3);
    }
}
