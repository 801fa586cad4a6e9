//! The system's allocator (glibc's `malloc` on Linux), where a large org makes its
//! habits show.
//!
//! glibc gives each thread an *arena* of the heap. A block goes back, when freed, to
//! the arena it came from, into small lists the next allocations are served from;
//! an allocation those cannot serve first merges and sorts every block the arena
//! holds freed. Loading a million departments frees millions of temporary blocks in
//! the arenas of the threads that loaded, and when those threads end, their arenas
//! wait for the next threads to start. A search's second thread, started at the first
//! key after the file opened, was given one: its first allocation spent about fifteen
//! milliseconds sorting what the load had left. [`tidy_after_load`] does that work
//! at the end of the load, off the interface's thread.

/// Once a large file is loaded, on the loading thread: gives the pages the load freed
/// back to the system and has every arena the loading threads left sort the blocks
/// freed in it, so that the threads started later allocate at once. At a million
/// departments it takes some 40–60 ms of a load of about 4 s.
pub fn tidy_after_load() {
    if !cfg!(all(target_os = "linux", target_env = "gnu")) {
        return;
    }
    trim();
    // Threads alive at the same time each take an arena of their own: as many as the
    // load ran on at once (the loading thread, the one with a large stack that parses,
    // the one that parses the second half and the one that lexes), with room to spare.
    // Where fewer arenas wait, the others get a new, empty one.
    let barrier = std::sync::Barrier::new(ARENAS_LEFT);
    std::thread::scope(|scope| {
        for _ in 0..ARENAS_LEFT {
            scope.spawn(|| {
                barrier.wait();
                sort_freed();
                barrier.wait();
            });
        }
    });
}

/// How many arenas [`tidy_after_load`] sorts.
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

/// Has the allocator sort the blocks this thread's arena holds freed, now.
fn sort_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: a block allocated and freed at once, never read or written.
    unsafe {
        // A size no freed block is likely to fit exactly (the sorting would stop at
        // one that did), under the size from which glibc maps a block on its own
        // (128 KiB at first), which never looks at the freed ones. Seen by
        // `black_box`, the block is not optimised away.
        let block = std::hint::black_box(libc::malloc(SORTING_REQUEST));
        libc::free(block);
    }
}

/// See [`sort_freed`].
const SORTING_REQUEST: usize = 96 * 1024 + 40;
