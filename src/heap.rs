//! The system's allocator (glibc's `malloc` on Linux), where a large org makes its
//! habits show.
//!
//! glibc gives each thread an *arena* of the heap. A block goes back, when freed, to
//! the arena it came from, into small lists the next allocations are served from;
//! an allocation those cannot serve first merges and sorts the blocks the arena
//! holds freed (up to 10,000 of them each time). Loading a million departments frees
//! millions of temporary blocks in the arenas of the threads that loaded, and when
//! those threads end, their arenas wait for the next threads to start. A search's
//! second thread, started at the first key after the file opened, was given one: its
//! first allocation spent about fifteen milliseconds sorting what the load had left.
//! [`tidy_after_load`] does that work at the end of the load, off the interface's
//! thread.
//!
//! Where the system gives huge pages only to memory that asks for them (Linux's
//! transparent huge pages set to `madvise`, as on many distributions), the
//! [`Allocator`] asks for them for every large block: the text of a large file and
//! the arrays of its departments.

/// Once a large file is loaded, on the loading thread: gives the pages the load freed
/// back to the system and has the arenas the loading threads left, and this thread's
/// own, sort the blocks freed in them, so that the threads started later allocate at
/// once. At a million departments it takes some 40–60 ms of a load of about 4 s.
pub fn tidy_after_load() {
    if !cfg!(all(target_os = "linux", target_env = "gnu")) {
        return;
    }
    // Merges the freed blocks of every arena (far fewer to sort then).
    trim();
    // This thread's own arena, which goes back to be taken over when it ends.
    sort_freed();
    // Threads alive at the same time each take an arena of their own: as many as
    // the load ran on at once (the thread with a large stack that parses, the one that
    // parses the second half, the one that lexes), with room to spare. Where fewer
    // arenas wait, the others get a new, empty one (address space, barely any
    // memory). Each sorts, counts itself done and stays until all are.
    let (gate, done) = (std::sync::RwLock::new(()), (std::sync::Mutex::new(0usize), std::sync::Condvar::new()));
    std::thread::scope(|scope| {
        let held = gate.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        let tidy = || {
            sort_freed();
            *done.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner) += 1;
            done.1.notify_one();
            drop(gate.read());
        };
        // A thread the system refuses is one arena less: never a wait for it.
        let started =
            (0..ARENAS_LEFT).filter(|_| std::thread::Builder::new().spawn_scoped(scope, tidy).is_ok()).count();
        let count = done.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        drop(done.1.wait_while(count, |count| *count < started));
        drop(held);
    });
}

/// The system's allocator, asking for huge pages (2 MB, against 4 KB) for the blocks
/// of [`LARGE`] bytes or more, on Linux. The program installs it as its global
/// allocator, and so do the benchmarks that time what the program does.
///
/// An edit of a large org moves tens of megabytes at once: an add near the top of a
/// million departments moves the 54 MB of text before it and the 27 MB of places and
/// subtree ends after it. On small pages each of those megabytes is 256 pages to look
/// up, and the processor's table of recent pages holds far fewer: on huge pages that
/// add took about 15% less time, in process. Memory touched for the first time costs
/// one fault every 2 MB instead of every 4 KB, but each fault clears a whole huge
/// page: on the virtual machine measured, a delete that fills fresh blocks (the text
/// its undo keeps, the departments it takes out) took 1.5× longer on huge pages, and
/// re-classifying a third of a million departments 1.8× less (BENCHMARKS.md, "Huge
/// pages, weighed again").
///
/// A block asked for with the same number of bytes takes no more memory on huge
/// pages than on small ones but for its last, partly used, huge page: all of a
/// large block is written (a text, an array) before long.
pub struct Allocator;

/// The size from which a block is put on huge pages: a few of them, so that the
/// part of a block that does not fill a huge page of its own (at either end) stays
/// small beside it.
pub const LARGE: usize = 4 << 20;

/// A huge page's size on x86-64 and ARM64 with 4 KB pages.
const HUGE_PAGE: usize = 2 << 20;

// SAFETY: every call is passed to the system's allocator unchanged; the advice only
// tells the system how to back the pages of a block it gave.
unsafe impl std::alloc::GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: as the caller's.
        let block = unsafe { std::alloc::System.alloc(layout) };
        advise_huge(block, layout.size());
        block
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: as the caller's.
        let block = unsafe { std::alloc::System.alloc_zeroed(layout) };
        advise_huge(block, layout.size());
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: std::alloc::Layout) {
        // SAFETY: as the caller's.
        unsafe { std::alloc::System.dealloc(block, layout) }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: std::alloc::Layout, size: usize) -> *mut u8 {
        // SAFETY: as the caller's.
        let moved = unsafe { std::alloc::System.realloc(block, layout, size) };
        // A block that grows in place by a few bytes (an add, each time) asks again
        // only when it reaches a new huge page.
        if moved != block || size / HUGE_PAGE != layout.size() / HUGE_PAGE {
            advise_huge(moved, size);
        }
        moved
    }
}

/// Asks for huge pages for a block of `len` bytes at `block`, when it is [`LARGE`]:
/// for every page it lies on, whole, so that the block stays in one mapping of the
/// system's. (Asking for part of a block, the huge pages inside it, split its mapping
/// in three; the system then refused to grow the block by moving its pages, and the
/// allocator copied it: 155 ms for the first add at the end of a million-department
/// file.) The system uses huge pages where they fit; other blocks on the same pages,
/// before or after it, are not changed by the advice. A request the system refuses
/// changes nothing.
fn advise_huge(block: *mut u8, len: usize) {
    #[cfg(target_os = "linux")]
    if len >= LARGE && !block.is_null() {
        let page = page_size();
        let start = block as usize / page * page;
        let end = (block as usize + len).next_multiple_of(page);
        // SAFETY: the range covers the pages of a block the allocator just gave; the
        // advice does not change what any of them holds.
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (block, len);
}

/// The system's page size (4 KB on x86-64; 4, 16 or 64 KB on ARM64).
#[cfg(target_os = "linux")]
fn page_size() -> usize {
    static PAGE: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    // SAFETY: sysconf only reads a setting.
    *PAGE.get_or_init(|| usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(4096).max(4096))
}

/// How many arenas [`tidy_after_load`] sorts besides the loading thread's.
const ARENAS_LEFT: usize = 6;

/// Hands the pages of every arena's freed blocks back to the system. It walks the
/// whole heap: tens of milliseconds at a million departments.
pub fn trim() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only gives free pages of the allocator back to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Has the allocator sort the blocks this thread's arena holds freed, now: each
/// request sorts up to 10,000 of them (glibc's limit for one request), so a few are
/// made.
fn sort_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: blocks allocated and freed at once, never read or written.
    unsafe {
        // A size no freed block is likely to fit exactly (the sorting would stop at
        // one that did), under the size from which glibc maps a block on its own
        // (128 KiB at first), which never looks at the freed ones. Seen by
        // `black_box`, the blocks are not optimised away.
        let blocks = [(); SORTING_REQUESTS].map(|()| std::hint::black_box(libc::malloc(SORTING_REQUEST)));
        for block in blocks {
            libc::free(block);
        }
    }
}

/// See [`sort_freed`].
const SORTING_REQUESTS: usize = 16;

/// See [`sort_freed`].
const SORTING_REQUEST: usize = 96 * 1024 + 40;

#[cfg(test)]
mod tests {
    use super::*;

    /// The mappings of this process, from `/proc/self/smaps`: each one's range and
    /// flags.
    #[cfg(target_os = "linux")]
    fn mappings() -> Vec<(std::ops::Range<usize>, Vec<String>)> {
        let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
        let mut out: Vec<(std::ops::Range<usize>, Vec<String>)> = Vec::new();
        for line in smaps.lines() {
            if let Some((range, _)) = line.split_once(' ')
                && let Some((from, to)) = range.split_once('-')
                && let (Ok(from), Ok(to)) = (usize::from_str_radix(from, 16), usize::from_str_radix(to, 16))
            {
                out.push((from..to, Vec::new()));
            } else if let (Some(flags), Some(last)) = (line.strip_prefix("VmFlags:"), out.last_mut()) {
                last.1 = flags.split_whitespace().map(str::to_string).collect();
            }
        }
        out
    }

    /// A large block, and one grown large, is on memory that asks for huge pages
    /// (Linux marks it `hg` in `/proc/self/smaps`), and lies in one mapping: the
    /// system grows such a block by moving its pages (`mremap`) only when it does.
    /// (Asking for huge pages for part of a block split its mapping in three, and the
    /// first add at the end of a million-department file copied its 170 MB text.)
    /// Where the system has no transparent huge pages at all, there is nothing to ask
    /// for.
    #[test]
    #[cfg(target_os = "linux")]
    fn a_large_block_asks_for_huge_pages_in_one_mapping() {
        if !std::path::Path::new("/sys/kernel/mm/transparent_hugepage/enabled").exists() {
            return;
        }
        let check = |block: &[u8], what: &str| {
            let (first, last) = (block.as_ptr() as usize, block.as_ptr() as usize + block.len() - 1);
            let all = mappings();
            let (range, flags) = all.iter().find(|(range, _)| range.contains(&first)).expect("mapped");
            assert!(flags.iter().any(|f| f == "hg"), "{what}: {flags:?}");
            assert!(range.contains(&last), "{what}: one mapping from {first:#x} to {last:#x}, not {range:x?}");
        };
        let large = vec![1u8; 3 * LARGE];
        check(&large, "a large block");
        let mut grown = vec![1u8; LARGE / 2];
        grown.resize(4 * LARGE, 2);
        check(&grown, "a block grown large");
        grown.resize(6 * LARGE, 3);
        check(&grown, "a large block grown");
        assert!(grown[..LARGE / 2].iter().all(|&b| b == 1) && grown[4 * LARGE..].iter().all(|&b| b == 3));
    }

    /// After a load's pattern (threads that free many small blocks, then end), the
    /// tidying ends, whatever threads it could start, and the heap still serves
    /// blocks of every size, on the tidying thread and on threads started after.
    #[test]
    fn tidying_after_a_load_ends_and_leaves_the_heap_serving() {
        let loaders: Vec<_> = (0..3)
            .map(|_| {
                std::thread::spawn(|| (0..50_000).map(|i| vec![i as u8; 16 + i % 200]).map(|v| v.len()).sum::<usize>())
            })
            .collect();
        let loaded: usize = loaders.into_iter().map(|t| t.join().unwrap()).sum();
        assert!(loaded > 0);
        let (done, ended) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            tidy_after_load();
            let served: usize = [24, SORTING_REQUEST, 1 << 20].iter().map(|&n| vec![1u8; n].len()).sum();
            let _ = done.send(served);
        });
        let served = ended.recv_timeout(std::time::Duration::from_secs(60));
        assert_eq!(served, Ok(24 + SORTING_REQUEST + (1 << 20)), "the tidying ended");
        let later = std::thread::spawn(|| vec![2u8; 4096].iter().map(|&b| usize::from(b)).sum::<usize>());
        assert_eq!(later.join().unwrap(), 8192);
    }
}
