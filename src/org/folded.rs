//! The departments' names and ids folded for searching ([`crate::text::fold`]), kept
//! one after the other in pre-order. A search then reads them as a few long runs of
//! text instead of two small strings per department scattered through memory: at a
//! million departments that is a few milliseconds against a hundred.
//!
//! The whole org is folded once as it opens (a large file's loading thread does it,
//! on two threads, before the org is shown). The departments are kept in chunks of
//! at most 4,096 (`CHUNK`). An edit that puts departments in, takes them out or
//! swaps two subtrees cuts the chunks where it happened and moves whole chunks; the
//! departments put in, and the chunk of one renamed, wait as *pending* until a
//! pause or the next search folds them. So an edit costs what it changes.
//!
//! A search sweeps through every department's texts. When it found few, a pause
//! after the key copies their texts aside, and the next character typed looks at
//! those alone.

use memchr::memmem::Finder;

use super::edit::patch::IdMap;
use super::{DeptId, Org};
use crate::text::fold::fold_onto;

/// At most this many departments to a chunk.
const CHUNK: usize = 4096;

/// From how many departments a search, or folding what is pending, is split in two
/// halves, the second on a second thread: below, starting one costs more than it saves.
const PARALLEL_FROM: usize = 1 << 15;

/// A search's matches are kept for the next character typed while they are fewer
/// than one department in this many: for more, looking at each costs about what
/// sweeping through all the names does.
const KEEP_ONE_IN: usize = 8;

/// ... or, whatever the org's size, while they are at most this many.
const KEEP_UP_TO: usize = 1 << 12;

/// The folded names and ids of an org's departments, in pre-order.
#[derive(Clone)]
pub struct FoldedNames {
    /// At most this many departments to a chunk ([`CHUNK`]; fewer in tests, so that
    /// small orgs have many).
    chunk: usize,
    chunks: Vec<Chunk>,
    /// The last search while it found few, and no department changed since.
    last: Option<Last>,
}

/// A search that found few ([`KEEP_ONE_IN`], [`KEEP_UP_TO`]): a longer needle
/// holding this one (the next character typed) can match only among these, and
/// looks at their texts alone once a pause has copied them aside.
#[derive(Clone)]
struct Last {
    needle: String,
    /// Names first, as [`FoldedNames::search`] gives them.
    matches: Vec<DeptId>,
    names: usize,
    /// The matches' folded names and ids, in the order of `matches`: match `i`'s
    /// name ends at `ends[2 * i]`, its id at `ends[2 * i + 1]`.
    kept: Option<Kept>,
}

#[derive(Clone, Default)]
struct Kept {
    texts: String,
    ends: Vec<usize>,
}

impl Kept {
    fn push(&mut self, name: &str, id: &str) {
        for text in [name, id] {
            self.texts.push_str(text);
            self.ends.push(self.texts.len());
        }
    }

    /// Match `i`'s name and id.
    fn texts(&self, i: usize) -> (&str, &str) {
        let start = if i == 0 { 0 } else { self.ends[2 * i - 1] };
        let (name_end, id_end) = (self.ends[2 * i], self.ends[2 * i + 1]);
        (&self.texts[start..name_end], &self.texts[name_end..id_end])
    }
}

impl Last {
    /// What `needle`, which holds this one's needle, finds among these matches, from
    /// their kept texts: a match by name may stay one or become one by id alone; one
    /// by id alone stays one or goes (its name did not hold the shorter needle).
    fn narrowed(&self, kept: &Kept, needle: &str) -> Last {
        let finder = Finder::new(needle.as_bytes());
        let holds = |text: &str| contains(text.as_bytes(), needle.as_bytes(), &finder);
        let mut out = Kept::default();
        let mut matches = Vec::new();
        // Those now by id alone, from either run, with where their texts are.
        let mut by_id = Vec::new();
        for (i, &dept) in self.matches.iter().enumerate() {
            let (name, id) = kept.texts(i);
            if i < self.names && holds(name) {
                matches.push(dept);
                out.push(name, id);
            } else if holds(id) {
                by_id.push((dept, i));
            }
        }
        let names = matches.len();
        by_id.sort_unstable();
        for (dept, i) in by_id {
            let (name, id) = kept.texts(i);
            matches.push(dept);
            out.push(name, id);
        }
        Last { needle: needle.to_string(), matches, names, kept: Some(out) }
    }
}

/// Whether `text` holds `needle` (at least one byte). Names and ids are mostly
/// shorter than a [`Finder`] is quick to set out on: those are compared byte by byte.
fn contains(text: &[u8], needle: &[u8], finder: &Finder) -> bool {
    if text.len() >= 64 {
        return finder.find(text).is_some();
    }
    let Some(last) = text.len().checked_sub(needle.len()) else { return false };
    (0..=last).any(|at| text[at] == needle[0] && &text[at..at + needle.len()] == needle)
}

#[derive(Clone, PartialEq, Eq)]
enum Chunk {
    /// This many departments, not folded yet.
    Pending(usize),
    Folded(Folded),
}

/// Folded texts of a run of departments.
#[derive(Clone, Default, PartialEq, Eq)]
struct Folded {
    /// The folded texts, end to end: department `i`'s name, then its id.
    texts: String,
    /// Text `t` (`2 * i` the name, `2 * i + 1` the id) ends at `ends[t]`.
    ends: Vec<usize>,
    /// Which kinds of byte text `t` holds ([`kind`]), one bit per kind: a search for
    /// one character reads these alone.
    kinds: Vec<u64>,
}

impl std::fmt::Debug for FoldedNames {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pending: usize = self.chunks.iter().map(|c| if let Chunk::Pending(n) = c { *n } else { 0 }).sum();
        write!(f, "FoldedNames {{ departments: {}, pending: {pending} }}", self.len())
    }
}

impl Chunk {
    fn len(&self) -> usize {
        match self {
            Chunk::Pending(len) => *len,
            Chunk::Folded(folded) => folded.len(),
        }
    }
}

/// The kind of each byte of folded text, a bit of [`Folded::kinds`]: each ASCII
/// letter, digit and common sign its own (a search for one of these needs nothing
/// else), the other ASCII bytes sharing bit 62 and the others bit 63.
const KINDS: [u8; 256] = {
    const SIGNS: &[u8; 26] = b" -_.,&/'()+:#@!?\"*;%=$[]<>";
    let mut kinds = [62; 256];
    let mut byte = 0x80;
    while byte < 256 {
        kinds[byte] = 63;
        byte += 1;
    }
    let mut i = 0;
    while i < 26 {
        kinds[b'a' as usize + i] = i as u8;
        kinds[SIGNS[i] as usize] = 36 + i as u8;
        i += 1;
    }
    while i < 36 {
        kinds[b'0' as usize + i - 26] = i as u8;
        i += 1;
    }
    kinds
};

/// [`KINDS`] as a bit.
fn kind(byte: u8) -> u64 {
    1 << KINDS[byte as usize]
}

/// Whether [`KINDS`] gives `byte` a kind of its own.
fn kind_alone(byte: u8) -> bool {
    KINDS[byte as usize] < 62
}

impl Folded {
    /// The departments of `range`, folded.
    fn of(org: &Org, range: std::ops::Range<DeptId>) -> Folded {
        let texts = 2 * range.len();
        let mut folded =
            Folded { texts: String::new(), ends: Vec::with_capacity(texts), kinds: Vec::with_capacity(texts) };
        for d in range {
            let dept = org.dept(d);
            for text in [dept.name.as_deref().unwrap_or_default(), &dept.id] {
                let start = folded.texts.len();
                fold_onto(text, &mut folded.texts);
                folded.ends.push(folded.texts.len());
                folded.kinds.push(folded.texts.as_bytes()[start..].iter().fold(0, |kinds, &b| kinds | kind(b)));
            }
        }
        folded
    }

    fn len(&self) -> usize {
        self.ends.len() / 2
    }

    /// Where text `t` starts.
    fn start(&self, t: usize) -> usize {
        if t == 0 { 0 } else { self.ends[t - 1] }
    }

    /// Keeps the first `at` departments; gives back the others.
    fn split_off(&mut self, at: usize) -> Folded {
        let cut = self.start(2 * at);
        let texts = self.texts.split_off(cut);
        let ends = self.ends.split_off(2 * at).into_iter().map(|end| end - cut).collect();
        let kinds = self.kinds.split_off(2 * at);
        Folded { texts, ends, kinds }
    }

    /// Puts `other`'s departments after these.
    fn append(&mut self, other: Folded) {
        let shift = self.texts.len();
        self.texts.push_str(&other.texts);
        self.ends.extend(other.ends.iter().map(|end| end + shift));
        self.kinds.extend(other.kinds);
    }

    /// Text `t`.
    fn text(&self, t: usize) -> &str {
        &self.texts[self.start(t)..self.ends[t]]
    }

    /// Puts the departments whose folded name, or else id, holds `needle` (folded,
    /// not empty) in `finds`, numbering them from `first`. For one character the
    /// kinds of byte of each text tell, or rule out, without reading it (they alone
    /// tell for a letter, a digit or a common sign); a longer needle is looked for in
    /// one sweep through the texts.
    fn find(&self, needle: &[u8], finder: &Finder, first: DeptId, finds: &mut Finds) {
        let mut found =
            |i: usize, by_name: bool| if by_name { &mut finds.names } else { &mut finds.ids }.push(first + i);
        if let [byte] = *needle {
            let (wanted, alone) = (kind(byte), kind_alone(byte));
            let holds = |t: usize| alone || memchr::memchr(byte, self.text(t).as_bytes()).is_some();
            for (i, both) in self.kinds.chunks_exact(2).enumerate() {
                if (both[0] | both[1]) & wanted == 0 {
                    continue;
                }
                if both[0] & wanted != 0 && holds(2 * i) {
                    found(i, true);
                } else if both[1] & wanted != 0 && holds(2 * i + 1) {
                    found(i, false);
                }
            }
            return;
        }
        for (i, hit) in text_hits(&self.texts, &self.ends, finder).chunks_exact(2).enumerate() {
            if hit[0] || hit[1] {
                found(i, hit[0]);
            }
        }
    }
}

/// Which of the texts laid end to end in `texts`, text `t` ending at `ends[t]`,
/// hold the finder's needle: one search through them all. An occurrence that runs
/// across the end of a text does not count, though one overlapping it may start
/// inside.
fn text_hits(texts: &str, ends: &[usize], finder: &Finder) -> Vec<bool> {
    let mut hits = vec![false; ends.len()];
    let bytes = texts.as_bytes();
    let (mut from, mut text) = (0, 0);
    'sweep: loop {
        for at in finder.find_iter(&bytes[from..]).map(|offset| from + offset) {
            while ends[text] <= at {
                text += 1;
            }
            if at + finder.needle().len() <= ends[text] {
                hits[text] = true;
            } else {
                // Across the end of a text: the search goes on from the next byte, for
                // an occurrence that overlaps this one (the iterator would skip it)
                // may lie wholly inside the next text. One that overlaps a hit lies in
                // the text already hit.
                from = at + 1;
                continue 'sweep;
            }
        }
        return hits;
    }
}

/// A search's finds in pre-order: those by name, those by id alone.
#[derive(Default)]
struct Finds {
    names: Vec<DeptId>,
    ids: Vec<DeptId>,
}

impl FoldedNames {
    /// The names of `len` departments, none folded yet.
    pub fn pending(len: usize) -> FoldedNames {
        FoldedNames::in_chunks_of(CHUNK, len)
    }

    /// [`FoldedNames::pending`], in chunks of at most `chunk` departments.
    fn in_chunks_of(chunk: usize, len: usize) -> FoldedNames {
        FoldedNames { chunk, chunks: if len == 0 { Vec::new() } else { vec![Chunk::Pending(len)] }, last: None }
    }

    /// How many departments it holds, folded or not.
    pub fn len(&self) -> usize {
        self.chunks.iter().map(Chunk::len).sum()
    }

    /// Whether it holds no department.
    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }

    /// Whether some departments are still to be folded.
    pub fn is_pending(&self) -> bool {
        self.chunks.iter().any(|c| matches!(c, Chunk::Pending(_)))
    }

    /// Folds pending departments of `org`, a chunk at a time until `budget` of them
    /// (at least one chunk), on this thread: the work of a pause.
    pub fn fold_some(&mut self, org: &Org, budget: usize) {
        self.split_pending();
        let mut folded = 0;
        let mut start = 0;
        for chunk in &mut self.chunks {
            let len = chunk.len();
            if folded > 0 && folded >= budget {
                break;
            }
            if let Chunk::Pending(_) = chunk {
                *chunk = Chunk::Folded(Folded::of(org, start..start + len));
                folded += len;
            }
            start += len;
        }
        self.tidy();
    }

    /// Folds every pending department of `org`: on two threads when there are many.
    pub fn fold_all(&mut self, org: &Org) {
        self.split_pending();
        let mut jobs = Vec::new();
        let mut start = 0;
        for (i, chunk) in self.chunks.iter().enumerate() {
            if let Chunk::Pending(len) = *chunk {
                jobs.push((i, start..start + len));
            }
            start += chunk.len();
        }
        let pending: usize = jobs.iter().map(|(_, range)| range.len()).sum();
        let fold = |jobs: &[(usize, std::ops::Range<DeptId>)]| -> Vec<Folded> {
            jobs.iter().map(|(_, range)| Folded::of(org, range.clone())).collect()
        };
        let folded = if pending < PARALLEL_FROM {
            fold(&jobs)
        } else {
            let (first, second) = jobs.split_at(jobs.len() / 2);
            std::thread::scope(|scope| {
                let later = scope.spawn(|| fold(second));
                let mut folded = fold(first);
                folded.extend(later.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
                folded
            })
        };
        for ((i, _), folded) in jobs.into_iter().zip(folded) {
            self.chunks[i] = Chunk::Folded(folded);
        }
        self.tidy();
    }

    /// The departments whose folded name, or else folded id, holds `needle` (folded,
    /// not empty), in pre-order: those by name, then those by id alone, and how many
    /// by name. Every department must be folded ([`FoldedNames::fold_all`]). When the
    /// last search found few, a pause copied their texts aside, and `needle` holds
    /// its needle (a character more was typed), only those are looked at.
    pub fn search(&mut self, needle: &str) -> (Vec<DeptId>, usize) {
        let narrowed = match &self.last {
            Some(last @ Last { kept: Some(kept), .. }) if needle.contains(last.needle.as_str()) => {
                Some(last.narrowed(kept, needle))
            }
            _ => None,
        };
        let (matches, names) = match narrowed {
            Some(last) => {
                let found = (last.matches.clone(), last.names);
                self.last = Some(last);
                return found;
            }
            None => self.swept(needle),
        };
        self.last = (matches.len() < (self.len() / KEEP_ONE_IN).max(KEEP_UP_TO)).then(|| Last {
            needle: needle.to_string(),
            matches: matches.clone(),
            names,
            kept: None,
        });
        (matches, names)
    }

    /// Whether the last search found few and their texts are still to be copied
    /// aside ([`FoldedNames::keep_last`]): work for a pause.
    pub fn keeping_pending(&self) -> bool {
        self.last.as_ref().is_some_and(|last| last.kept.is_none())
    }

    /// Copies the texts of the last search's matches aside, for the next character
    /// typed to look at them alone (a pause's work: they lie through all the chunks).
    pub fn keep_last(&mut self) {
        let Some(last) = self.last.as_mut().filter(|last| last.kept.is_none()) else { return };
        let mut kept = Kept::default();
        let (by_name, by_id) = last.matches.split_at(last.names);
        for run in [by_name, by_id] {
            // Each run is in pre-order: one walk through the chunks.
            let (mut c, mut start) = (0, 0);
            for &dept in run {
                while dept >= start + self.chunks[c].len() {
                    start += self.chunks[c].len();
                    c += 1;
                }
                let Chunk::Folded(folded) = &self.chunks[c] else { unreachable!("nothing is pending") };
                let i = dept - start;
                kept.push(folded.text(2 * i), folded.text(2 * i + 1));
            }
        }
        last.kept = Some(kept);
    }

    /// Forgets the last search (it ended).
    pub fn forget_search(&mut self) {
        self.last = None;
    }

    /// [`FoldedNames::search`] through every name and id.
    fn swept(&self, needle: &str) -> (Vec<DeptId>, usize) {
        assert!(!self.is_pending(), "a search reads folded names only");
        let finder = Finder::new(needle.as_bytes());
        let sweep = |chunks: &[Chunk], mut start: DeptId, finds: &mut Finds| {
            for chunk in chunks {
                let Chunk::Folded(folded) = chunk else { unreachable!("nothing is pending") };
                folded.find(needle.as_bytes(), &finder, start, finds);
                start += folded.len();
            }
        };
        let len = self.len();
        if len < PARALLEL_FROM {
            let mut finds = Finds::default();
            sweep(&self.chunks, 0, &mut finds);
            let by_name = finds.names.len();
            finds.names.append(&mut finds.ids);
            return (finds.names, by_name);
        }
        // Room for every department, reserved up front: a search that finds most of
        // a large org then never copies its finds to grow them, and only the memory
        // they fill is touched (the first search after opening has none that was
        // touched before, and faulting it in was most of that search's time). The
        // first half's finds by name are where all the finds end up.
        let (first, second) = self.chunks.split_at(self.chunks.len() / 2);
        let second_start = first.iter().map(Chunk::len).sum();
        let room = |n: usize| Finds { names: Vec::with_capacity(n), ids: Vec::with_capacity(n) };
        let mut finds = Finds { names: Vec::with_capacity(len), ids: Vec::with_capacity(second_start) };
        let more = std::thread::scope(|scope| {
            let later = scope.spawn(|| {
                let mut more = room(len - second_start);
                sweep(second, second_start, &mut more);
                more
            });
            sweep(first, 0, &mut finds);
            later.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        let by_name = finds.names.len() + more.names.len();
        for run in [&more.names, &finds.ids, &more.ids] {
            finds.names.extend_from_slice(run);
        }
        finds.names.shrink_to_fit();
        (finds.names, by_name)
    }

    /// Follows an edit that renumbered the departments as `map` says: the chunks are
    /// cut where it happened and moved; the departments put in are pending.
    pub fn follow(&mut self, map: IdMap) {
        self.last = None;
        match map {
            IdMap::Inserted { at, count } => {
                let i = self.cut(at);
                self.chunks.insert(i, Chunk::Pending(count));
            }
            IdMap::Removed { at, count } => {
                let i = self.cut(at);
                let j = self.cut(at + count);
                self.chunks.drain(i..j);
            }
            IdMap::Swapped { at, mid, end } => {
                let i = self.cut(at);
                let m = self.cut(mid);
                let j = self.cut(end);
                self.chunks[i..j].rotate_left(m - i);
            }
        }
        self.tidy();
    }

    /// The fields of department `id` changed, its name among them maybe (an id never
    /// changes in place: that edit loads the org anew): its chunk is folded anew
    /// later.
    pub fn touched(&mut self, id: DeptId) {
        self.last = None;
        let mut start = 0;
        for chunk in &mut self.chunks {
            let len = chunk.len();
            if id < start + len {
                *chunk = Chunk::Pending(len);
                break;
            }
            start += len;
        }
        self.tidy();
    }

    /// Checks that it holds `org`'s departments, and that each one folded holds what
    /// folding it anew gives (the debug builds' check after every edit).
    #[cfg(debug_assertions)]
    pub fn assert_folded_from(&self, org: &Org) {
        assert_eq!(self.len(), org.len(), "folded names for every department");
        let mut start = 0;
        for chunk in &self.chunks {
            if let Chunk::Folded(folded) = chunk {
                assert!(folded == &Folded::of(org, start..start + folded.len()), "folded names kept up to date");
            }
            start += chunk.len();
        }
    }

    /// Cuts the chunk that holds department `at` so that one starts there; gives the
    /// index of that chunk (the number of chunks when `at` is the end).
    fn cut(&mut self, at: DeptId) -> usize {
        let mut start = 0;
        for i in 0..self.chunks.len() {
            let len = self.chunks[i].len();
            if at == start {
                return i;
            }
            if at < start + len {
                let rest = match &mut self.chunks[i] {
                    Chunk::Pending(first) => {
                        *first = at - start;
                        Chunk::Pending(len - (at - start))
                    }
                    Chunk::Folded(folded) => Chunk::Folded(folded.split_off(at - start)),
                };
                self.chunks.insert(i + 1, rest);
                return i + 1;
            }
            start += len;
        }
        assert_eq!(at, start, "a cut within the departments or at their end");
        self.chunks.len()
    }

    /// Pending runs longer than a chunk are cut into chunks.
    fn split_pending(&mut self) {
        if !self.chunks.iter().any(|c| matches!(c, Chunk::Pending(len) if *len > self.chunk)) {
            return;
        }
        let mut chunks = Vec::with_capacity(self.chunks.len());
        for chunk in self.chunks.drain(..) {
            match chunk {
                Chunk::Pending(mut len) => {
                    while len > 0 {
                        chunks.push(Chunk::Pending(len.min(self.chunk)));
                        len -= len.min(self.chunk);
                    }
                }
                folded => chunks.push(folded),
            }
        }
        self.chunks = chunks;
    }

    /// Puts neighbours together where they fit in one chunk (pending ones always), so
    /// that cuts do not leave ever more, ever smaller chunks behind.
    fn tidy(&mut self) {
        let mut chunks: Vec<Chunk> = Vec::with_capacity(self.chunks.len());
        for chunk in self.chunks.drain(..) {
            if chunk.len() == 0 {
                continue;
            }
            match (chunks.last_mut(), chunk) {
                (Some(Chunk::Pending(last)), Chunk::Pending(len)) => *last += len,
                (Some(Chunk::Folded(last)), Chunk::Folded(folded)) if last.len() + folded.len() <= self.chunk => {
                    last.append(folded);
                }
                (_, chunk) => chunks.push(chunk),
            }
        }
        self.chunks = chunks;
    }
}

#[cfg(test)]
mod tests {
    use super::{CHUNK, FoldedNames, IdMap, PARALLEL_FROM};
    use crate::org::Org;

    /// An org of `len` departments under one parent, named from `names` in turn.
    fn org(len: usize, names: &[&str]) -> Org {
        let mut text = String::from("[company]\nname = \"C\"\n\n[org.top]\nname = \"Top\"\n");
        for i in 1..len {
            text.push_str(&format!("[org.top.d{i}]\nname = \"{}\"\n", names[i % names.len()]));
        }
        crate::org::load(&text).expect("a valid org")
    }

    fn folded(org: &Org) -> FoldedNames {
        let mut names = FoldedNames::pending(org.len());
        names.fold_all(org);
        names
    }

    #[test]
    fn a_search_finds_what_the_plain_scan_finds() {
        // Enough departments that the search goes in two halves, and chunks of each.
        let org = org(PARALLEL_FROM + 17, &["Atención", "Ventas Lima", "ÑANDÚ", "straße", "a-b_c.d", "x"]);
        let mut names = folded(&org);
        for query in
            ["a", "e", "lima", "ion", "nandu", "ß", "-", "_", ".", "1", "d1", "top", "x", "q", "a-b", "ventas lima"]
        {
            let needle = crate::text::fold::fold(query);
            assert_eq!(names.search(&needle), crate::tui::state::explorer::search_org(&org, query), "{query}");
        }
    }

    #[test]
    fn a_longer_needle_looks_among_the_last_finds_once_a_pause_kept_them() {
        let org = org(3 * super::KEEP_UP_TO, &["Lima", "Ventas", "Otra", "Más", "Cosa"]);
        let mut names = folded(&org);
        let scan = |query: &str| crate::tui::state::explorer::search_org(&org, query);
        // "a" finds more than are kept.
        assert_eq!(names.search("a"), scan("a"));
        assert!(!names.keeping_pending());
        // "lim" finds few: a pause keeps their texts; "lima" and "lima " look among them.
        assert_eq!(names.search("lim"), scan("lim"));
        assert!(names.keeping_pending());
        names.keep_last();
        assert!(!names.keeping_pending());
        let kept = names.last.as_ref().and_then(|last| last.kept.as_ref()).expect("kept");
        assert_eq!(kept.texts(0), ("lima", "d5"));
        assert_eq!(names.search("lima"), scan("lima"));
        assert_eq!(names.search("lima "), scan("lima "));
        // "d1" does not hold "lima ": all the names again.
        assert_eq!(names.search("d1"), scan("d1"));
        // An edit, or the end of the search, forgets it.
        names.keep_last();
        names.follow(IdMap::Inserted { at: 3, count: 0 });
        assert!(names.last.is_none());
        names.search("d1");
        names.forget_search();
        assert!(names.last.is_none());
    }

    #[test]
    fn an_occurrence_across_two_texts_does_not_count() {
        // "Lima" then id "d1": "limad1" holds "mad" across the two.
        let org = org(2, &["Lima"]);
        let mut names = folded(&org);
        assert_eq!(names.search("mad"), (vec![], 0));
        assert_eq!(names.search("ad1"), (vec![], 0));
    }

    #[test]
    fn edits_cut_and_move_chunks_and_what_they_put_in_waits() {
        let org = org(CHUNK + 100, &["Alpha", "Beta"]);
        let mut names = folded(&org);
        names.follow(IdMap::Inserted { at: 50, count: 3 });
        assert_eq!(names.len(), CHUNK + 103);
        assert!(names.is_pending());
        let mut again = folded(&org);
        again.follow(IdMap::Removed { at: 10, count: CHUNK });
        assert_eq!((again.len(), again.is_pending()), (100, false));
        again.touched(5);
        assert!(again.is_pending());
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

    /// An org of departments under `[org]`, each (id, name).
    fn flat(model: &[(String, String)]) -> Org {
        let mut text = String::from("[company]\nname = \"C\"\n");
        for (id, name) in model {
            text.push_str(&format!("\n[org.{id}]\nname = \"{name}\"\n"));
        }
        crate::org::load(&text).expect("a valid org")
    }

    proptest::proptest! {
        /// Chunks of three departments, so that every edit cuts and moves some:
        /// after any run of edits, renames and folds, what is folded is what folding
        /// the org anew gives, no chunk is empty or too long, and a search finds what
        /// a scan finds.
        #[test]
        fn edits_keep_the_folded_names_as_folding_anew_gives_them(
            first in proptest::collection::vec("[ab]{0,3}", 0..12),
            edits in proptest::collection::vec((0usize..6, 0usize..20, 0usize..20, 0usize..20, "[ab]{0,3}"), 0..12),
            query in "[ab]{1,3}",
        ) {
            let mut serial = 0;
            let mut next_id = || {
                serial += 1;
                format!("k{serial}")
            };
            let mut model: Vec<(String, String)> = first.into_iter().map(|name| (next_id(), name)).collect();
            let mut names = FoldedNames::in_chunks_of(3, model.len());
            names.fold_all(&flat(&model));
            for (kind, a, b, c, name) in edits {
                let n = model.len();
                match kind {
                    0 => {
                        let (at, count) = (a % (n + 1), b % 4);
                        for j in 0..count {
                            model.insert(at + j, (next_id(), name.clone()));
                        }
                        names.follow(IdMap::Inserted { at, count });
                    }
                    1 => {
                        let at = a % (n + 1);
                        let count = b % (n - at + 1);
                        model.drain(at..at + count);
                        names.follow(IdMap::Removed { at, count });
                    }
                    2 => {
                        let mut cuts = [a % (n + 1), b % (n + 1), c % (n + 1)];
                        cuts.sort_unstable();
                        model[cuts[0]..cuts[2]].rotate_left(cuts[1] - cuts[0]);
                        names.follow(IdMap::Swapped { at: cuts[0], mid: cuts[1], end: cuts[2] });
                    }
                    3 if n > 0 => {
                        model[a % n].1 = name;
                        names.touched(a % n);
                    }
                    4 => names.fold_some(&flat(&model), a % 5),
                    _ => names.fold_all(&flat(&model)),
                }
                names.assert_folded_from(&flat(&model));
                proptest::prop_assert_eq!(names.is_empty(), model.is_empty());
                proptest::prop_assert!(names.chunks.iter().all(|chunk| chunk.len() > 0));
            }
            let org = flat(&model);
            let mut folded_at_last = names.clone();
            folded_at_last.fold_all(&org);
            proptest::prop_assert!(!folded_at_last.is_pending());
            proptest::prop_assert!(folded_at_last.chunks.iter().all(|chunk| chunk.len() <= 3));
            folded_at_last.assert_folded_from(&org);
            proptest::prop_assert_eq!(folded_at_last.search(&query), crate::tui::state::explorer::search_org(&org, &query));
        }

        /// Through the folded names, a query finds what a scan of the departments finds,
        /// whatever the case, accents and marks of names, ids and query.
        #[test]
        fn a_search_of_the_folded_names_finds_what_a_scan_finds(
            depts in proptest::collection::vec(
                (0usize..4, "[aAáÁeEé-]{0,4}", proptest::option::of("[aAáÁeEéß Σσ1.-]{0,6}|A\u{301}e")),
                1..40,
            ),
            query in "[aAáeEé1 .\u{301}-]{1,4}",
        ) {
            let org = crate::org::load(&org_text(&depts)).unwrap();
            let needle = crate::text::fold::fold(&query);
            proptest::prop_assume!(!needle.is_empty());
            proptest::prop_assert_eq!(folded(&org).search(&needle), crate::tui::state::explorer::search_org(&org, &query));
        }

        /// Typing, taking back and replacing a query, with or without a pause after
        /// each key (which keeps what it found, for the next key to look among),
        /// always finds what a scan finds.
        #[test]
        fn typing_finds_what_a_scan_finds(
            depts in proptest::collection::vec(
                (0usize..4, "[aAáÁeEé-]{0,4}", proptest::option::of("[aAáÁeEéß Σσ1.-]{0,6}|A\u{301}e")),
                1..40,
            ),
            keys in proptest::collection::vec(("[aAáeE1 \u{301}-]|<|=[aAáeE]{0,3}", proptest::bool::ANY), 1..24),
        ) {
            let org = crate::org::load(&org_text(&depts)).unwrap();
            let mut names = folded(&org);
            let mut query = String::new();
            for (key, pause) in keys {
                // "<" takes a character back; "=" replaces the query.
                match key.strip_prefix('=') {
                    Some(text) => query = text.to_string(),
                    None if key == "<" => drop(query.pop()),
                    None => query.push_str(&key),
                }
                let needle = crate::text::fold::fold(&query);
                if needle.is_empty() {
                    names.forget_search();
                    continue;
                }
                let scan = crate::tui::state::explorer::search_org(&org, &query);
                proptest::prop_assert_eq!(names.search(&needle), scan, "{:?}", query);
                if pause {
                    names.keep_last();
                }
            }
        }

    }
}
