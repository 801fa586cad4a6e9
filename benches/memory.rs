//! Memory at scale (SPEC §8): what the app holds after opening a generated org, after
//! ten edits, after their ten undos, after moving a subtree of about 100k departments
//! past its sibling and back, and after copying and pasting it (and undoing the
//! paste), at 100k and 1M departments.
//!
//! Heap in use is counted exactly by a counting global allocator (bytes asked for and
//! not yet freed); the resident size (RSS, from `/proc/self/statm`) is printed beside
//! it, as the operating system sees it. The edits go through the same code as the
//! interface: `App::apply_edit`, and the undo, copy and paste actions.
//!
//! `cargo bench --bench memory` runs both sizes; `cargo bench --bench memory -- 100000`
//! picks sizes.

use std::sync::atomic::Ordering;

use frontback::document::Document;
use frontback::org::edit::Edit;
use frontback::tui::{Action, App, Options};

// The counting allocator is shared with `tests/memory.rs`.
#[path = "../tests/counting/mod.rs"]
mod counting;
use counting::{IN_USE, PEAK};

const MB: f64 = 1_000_000.0;

/// The resident size in bytes, or 0 where `/proc` is missing.
fn rss() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: usize = statm.split_whitespace().nth(1).and_then(|p| p.parse().ok()).unwrap_or(0);
    pages * 4096
}

fn heap() -> usize {
    IN_USE.load(Ordering::Relaxed)
}

fn report(label: &str, base: usize, opened: usize) {
    let held = heap() - base;
    println!(
        "  {label:<34} heap {:>8.1} MB ({:>+6.1}% of opened)   RSS {:>8.1} MB",
        held as f64 / MB,
        (held as f64 / opened as f64 - 1.0) * 100.0,
        rss() as f64 / MB
    );
}

fn measure(size: usize) {
    println!("{size} departments");
    let base = heap();
    let text = frontback::generate::org_text(size, 1);
    println!("  text {:.1} MB", text.len() as f64 / MB);
    // A path that does not exist: nothing is read or written, but unsaved edits are
    // kept for the recovery file as in a real session.
    let path = std::env::temp_dir().join("frontback-memory-bench-never-written.toml");
    let doc = Document::from_text(Some(path), text).expect("a generated org loads");
    let mut app = App::new(doc, Options { seed: 1, ..Options::default() });
    app.resize(120, 40);
    let opened = heap() - base;
    report("after open", base, opened);

    // Ten edits, alternating a new department (the tree is loaded again) and a rename
    // (the tree is patched in place), then their ten undos.
    let first: Vec<String> = app.path_of(app.doc.org.children(None).next().unwrap());
    for i in 0..10 {
        let edit = if i % 2 == 0 {
            Edit::AddChild { parent: Some(first.clone()), name: format!("New {i}") }
        } else {
            Edit::Rename { path: first.clone(), name: format!("Renamed {i}") }
        };
        assert!(app.apply_edit(edit), "edit {i}");
    }
    report("after 10 edits", base, opened);
    for _ in 0..10 {
        app.update(Action::Undo);
    }
    assert!(!app.session.history.is_modified());
    report("after 10 edits and 10 undos", base, opened);

    // The department whose subtree is closest to 100k departments.
    let org = &app.doc.org;
    let big = (0..org.len()).min_by_key(|&d| (org.descendant_count(d) + 1).abs_diff(100_000)).unwrap();
    let count = org.descendant_count(big) + 1;
    let path = app.path_of(big);
    let up = org.previous_sibling(big).is_some();
    assert!(up || org.next_sibling(big).is_some(), "the big department has a sibling");
    assert!(app.apply_edit(Edit::Move { path, up }));
    app.update(Action::Undo);
    app.update(Action::Redo);
    app.update(Action::Undo);
    report(&format!("after moving {count}, undo, redo, undo"), base, opened);
    app.explorer.outline.reveal(&app.doc, big);
    let before_copy = heap();
    app.update(Action::Copy);
    report(&format!("after copying {count}"), base, opened);
    let clip = heap() - before_copy;
    let before_paste = heap();
    let text_before = app.doc.text.len();
    PEAK.store(before_paste, Ordering::Relaxed);
    app.update(Action::PasteSibling);
    let paste_peak = PEAK.load(Ordering::Relaxed) - base;
    let added_text = app.doc.text.len() - text_before;
    assert_eq!(app.doc.org.len(), size + count, "the paste went in");
    report("after pasting it", base, opened);
    let paste = heap() - before_paste;
    println!(
        "  clipboard {:.1} MB; paste {:.1} MB for {:.1} MB of text and {count} departments ({:.2}× the opened cost per department)",
        clip as f64 / MB,
        paste as f64 / MB,
        added_text as f64 / MB,
        (paste as f64 / count as f64) / (opened as f64 / size as f64),
    );
    println!("  peak heap during the paste {:.1} MB", paste_peak as f64 / MB);
    app.update(Action::Undo);
    report("after undoing the paste", base, opened);
    drop(app);
}

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if args.is_empty() { vec![100_000, 1_000_000] } else { args };
    for size in sizes {
        PEAK.store(heap(), Ordering::Relaxed);
        measure(size);
    }
}
