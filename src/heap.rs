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
