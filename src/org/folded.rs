//! The departments' names and ids folded for searching ([`crate::text::fold`]), kept
//! one after the other in pre-order. A search then reads them as a few long runs of
//! text instead of two small strings per department scattered through memory: at a
//! million departments that is a few milliseconds against a hundred.
//!
//! The whole org is folded once as it opens (a large file's loading thread does it,
//! on two threads, before the org is shown). The departments are kept in chunks of
//! at most 4,096 (`CHUNK`). An edit that puts departments in, takes them out or
//! swaps two subtrees cuts the chunks where it happened and moves whole chunks; the
//! departments put in, and the chunk of one whose name or id changed, wait as
//! *pending* until a pause or the next search folds them. So an edit costs what it
//! changes.
//!
//! A search reads every department's texts at each key; it keeps nothing between
//! keys. Looking only among what the last key found would make a longer query
//! cheaper when that was few, but copying their texts aside costs about what it
//! saves (BENCHMARKS.md).

use memchr::memmem::Finder;

use super::edit::patch::IdMap;
use super::{DeptId, Org};
use crate::text::fold::fold_onto;

/// At most this many departments to a chunk.
const CHUNK: usize = 4096;

/// From how many departments a search, or folding what is pending, is split in two
/// halves, the second on a second thread: below, starting one costs more than it saves.
const PARALLEL_FROM: usize = 1 << 15;

/// The folded names and ids of an org's departments, in pre-order.
#[derive(Clone, Default)]
pub struct FoldedNames {
    chunks: Vec<Chunk>,
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
    ends: Vec<u32>,
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
                folded.ends.push(u32::try_from(folded.texts.len()).expect(FITS));
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
        if t == 0 { 0 } else { self.ends[t - 1] as usize }
    }

    /// Keeps the first `at` departments; gives back the others.
    fn split_off(&mut self, at: usize) -> Folded {
        let cut = self.start(2 * at);
        let texts = self.texts.split_off(cut);
        let ends = self.ends.split_off(2 * at).into_iter().map(|end| end - cut as u32).collect();
        let kinds = self.kinds.split_off(2 * at);
        Folded { texts, ends, kinds }
    }

    /// Puts `other`'s departments after these.
    fn append(&mut self, other: Folded) {
        let shift = self.texts.len() as u32;
        self.texts.push_str(&other.texts);
        self.ends.extend(other.ends.iter().map(|end| end + shift));
        self.kinds.extend(other.kinds);
    }

    /// Text `t`.
    fn text(&self, t: usize) -> &str {
        &self.texts[self.start(t)..self.ends[t] as usize]
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
fn text_hits(texts: &str, ends: &[u32], finder: &Finder) -> Vec<bool> {
    let mut hits = vec![false; ends.len()];
    let bytes = texts.as_bytes();
    let (mut from, mut text) = (0, 0);
    'sweep: loop {
        for at in finder.find_iter(&bytes[from..]).map(|offset| from + offset) {
            while (ends[text] as usize) <= at {
                text += 1;
            }
            if at + finder.needle().len() <= ends[text] as usize {
                hits[text] = true;
            } else {
                from = at + 1;
                continue 'sweep;
            }
        }
        return hits;
    }
}

/// Why folded texts fit offsets of 32 bits: an org file holds at most 1 GiB, and
/// folding at most triples a text (a Hangul syllable's three bytes decompose into
/// three letters of three).
const FITS: &str = "folded texts under 4 GiB";

/// A search's finds in pre-order: those by name, those by id alone.
#[derive(Default)]
struct Finds {
    names: Vec<DeptId>,
    ids: Vec<DeptId>,
}

impl FoldedNames {
    /// The names of `len` departments, none folded yet.
    pub fn pending(len: usize) -> FoldedNames {
        FoldedNames { chunks: if len == 0 { Vec::new() } else { vec![Chunk::Pending(len)] } }
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

    /// Folds pending departments of `org`, about `budget` of them (a chunk at a time),
    /// on this thread: the work of a pause.
    pub fn fold_some(&mut self, org: &Org, budget: usize) {
        self.split_pending();
        let mut folded = 0;
        let mut start = 0;
        for chunk in &mut self.chunks {
            let len = chunk.len();
            if folded >= budget {
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
    /// by name. Every department must be folded ([`FoldedNames::fold_all`]).
    pub fn search(&self, needle: &str) -> (Vec<DeptId>, usize) {
        assert!(!self.is_pending(), "a search reads folded names only");
        let finder = Finder::new(needle.as_bytes());
        let sweep = |chunks: &[Chunk], mut start: DeptId| {
            let mut finds = Finds::default();
            for chunk in chunks {
                let Chunk::Folded(folded) = chunk else { unreachable!("nothing is pending") };
                folded.find(needle.as_bytes(), &finder, start, &mut finds);
                start += folded.len();
            }
            finds
        };
        let mut finds = if self.len() < PARALLEL_FROM {
            sweep(&self.chunks, 0)
        } else {
            let (first, second) = self.chunks.split_at(self.chunks.len() / 2);
            let second_start = first.iter().map(Chunk::len).sum();
            std::thread::scope(|scope| {
                let later = scope.spawn(|| sweep(second, second_start));
                let mut finds = sweep(first, 0);
                let more = later.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                finds.names.extend(more.names);
                finds.ids.extend(more.ids);
                finds
            })
        };
        let by_name = finds.names.len();
        finds.names.append(&mut finds.ids);
        (finds.names, by_name)
    }

    /// Follows an edit that renumbered the departments as `map` says: the chunks are
    /// cut where it happened and moved; the departments put in are pending.
    pub fn follow(&mut self, map: IdMap) {
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

    /// The name or id of department `id` changed: its chunk is folded anew later.
    pub fn touched(&mut self, id: DeptId) {
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
        if !self.chunks.iter().any(|c| matches!(c, Chunk::Pending(len) if *len > CHUNK)) {
            return;
        }
        let mut chunks = Vec::with_capacity(self.chunks.len());
        for chunk in self.chunks.drain(..) {
            match chunk {
                Chunk::Pending(mut len) => {
                    while len > 0 {
                        chunks.push(Chunk::Pending(len.min(CHUNK)));
                        len -= len.min(CHUNK);
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
                (Some(Chunk::Folded(last)), Chunk::Folded(folded)) if last.len() + folded.len() <= CHUNK => {
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
        let names = folded(&org);
        for query in
            ["a", "e", "lima", "ion", "nandu", "ß", "-", "_", ".", "1", "d1", "top", "x", "q", "a-b", "ventas lima"]
        {
            let needle = crate::text::fold::fold(query);
            assert_eq!(names.search(&needle), crate::tui::state::explorer::search_org(&org, query), "{query}");
        }
    }

    #[test]
    fn an_occurrence_across_two_texts_does_not_count() {
        // "Lima" then id "d1": "limad1" holds "mad" across the two.
        let org = org(2, &["Lima"]);
        let names = folded(&org);
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

    proptest::proptest! {
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

    }
}
