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
/// add took about 15% less time, in process. Memory taken for the first time
/// (the first large paste after opening a file) is also given 512 times fewer times.
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

/// Asks for the huge pages that lie wholly inside a block of `len` bytes at `block`,
/// when it is [`LARGE`]. A request the system refuses changes nothing.
fn advise_huge(block: *mut u8, len: usize) {
    #[cfg(target_os = "linux")]
    if len >= LARGE && !block.is_null() {
        let start = (block as usize).next_multiple_of(HUGE_PAGE);
        let end = (block as usize + len) / HUGE_PAGE * HUGE_PAGE;
        if end > start {
            // SAFETY: the range lies inside a block the allocator just gave; the
            // advice does not change its contents.
            unsafe {
                libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (block, len);
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

    /// A large block, and one grown large, is on memory that asks for huge pages
    /// (Linux marks it `hg` in `/proc/self/smaps`). Where the system has no transparent
    /// huge pages at all, there is nothing to ask for.
    #[test]
    #[cfg(target_os = "linux")]
    fn a_large_block_asks_for_huge_pages() {
        if !std::path::Path::new("/sys/kernel/mm/transparent_hugepage/enabled").exists() {
            return;
        }
        let flags_at = |address: usize| {
            let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
            let mut inside = false;
            for line in smaps.lines() {
                if let Some((range, _)) = line.split_once(' ')
                    && let Some((from, to)) = range.split_once('-')
                    && let (Ok(from), Ok(to)) = (usize::from_str_radix(from, 16), usize::from_str_radix(to, 16))
                {
                    inside = (from..to).contains(&address);
                } else if inside && let Some(flags) = line.strip_prefix("VmFlags:") {
                    return flags.split_whitespace().map(str::to_string).collect::<Vec<_>>();
                }
            }
            panic!("no mapping holds {address:#x}")
        };
        let large = vec![1u8; 3 * LARGE];
        let inside = (large.as_ptr() as usize).next_multiple_of(HUGE_PAGE);
        assert!(flags_at(inside).iter().any(|f| f == "hg"), "a large block: {:?}", flags_at(inside));
        let mut grown = vec![1u8; LARGE / 2];
        grown.resize(4 * LARGE, 2);
        let inside = (grown.as_ptr() as usize).next_multiple_of(HUGE_PAGE);
        assert!(flags_at(inside).iter().any(|f| f == "hg"), "a block grown large: {:?}", flags_at(inside));
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
