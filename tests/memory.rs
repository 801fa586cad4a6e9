//! What the app's state costs in memory (SPEC §8): after edits and their undos it holds
//! what it held when the org was opened, and a copy and a paste cost in proportion to
//! what they copy and add — not a copy of the document per step.
//!
//! Its own test binary without the test harness, so that no other test allocates at
//! the same time: a counting global allocator gives the exact heap in use (bytes asked
//! for and not yet freed), which, unlike the resident size, does not depend on the
//! allocator keeping freed pages or on the machine.

use std::sync::atomic::Ordering;

use frontback::document::Document;
use frontback::org::edit::Edit;
use frontback::tui::{Action, App, Options};

mod counting;
use counting::{IN_USE, PEAK};

const DEPARTMENTS: usize = 100_000;

fn heap() -> usize {
    IN_USE.load(Ordering::Relaxed)
}

fn main() {
    let base = heap();
    let text = frontback::generate::org_text(DEPARTMENTS, 1);
    let original = text.clone();
    let base = base + original.capacity();
    // A file that is never written: unsaved edits are kept for the recovery file as in
    // a real session.
    let path = std::env::temp_dir().join("frontback-memory-test-never-written.toml");
    let doc = Document::from_text(Some(path), text).expect("a generated org loads");
    let mut app = App::new(doc, Options { seed: 1, ..Options::default() });
    app.resize(120, 40);
    let opened = heap() - base;

    // Ten edits of every kind that loads the tree anew or patches it, and their undos.
    let first = app.path_of(app.doc.org.children(None).next().unwrap());
    let second = app.path_of(app.doc.org.children(None).nth(1).unwrap());
    // A department without sub-departments, below a sibling: moving it changes a few
    // lines (moving a department moves its whole text, which its undo step keeps).
    let org = &app.doc.org;
    let leaf = (0..org.len()).find(|&d| org.descendant_count(d) == 0 && org.children(org.parent(d)).next() != Some(d));
    let leaf = app.path_of(leaf.expect("a leaf with an elder sibling"));
    let edits = [
        Edit::AddChild { parent: Some(first.clone()), name: "New".into() },
        Edit::Rename { path: first.clone(), name: "Renamed".into() },
        Edit::SetNotes { path: second.clone(), notes: Some("Noted".into()) },
        Edit::Move { path: leaf.clone(), up: true },
        Edit::AddSibling { sibling: first.clone(), name: "Beside".into() },
        Edit::Rename { path: second.clone(), name: "Second".into() },
        Edit::Move { path: leaf.clone(), up: false },
        Edit::AddChild { parent: None, name: "Top".into() },
        Edit::Delete { path: vec!["top".into()] },
        Edit::Rename { path: first.clone(), name: "Again".into() },
    ];
    for edit in edits {
        assert!(app.apply_edit(edit.clone()), "{edit:?}");
    }
    // The edits cost what their steps hold: the stretches of text they changed (moving
    // a big department holds its text twice, as it was and as it is), nothing more.
    let edited = heap() - base;
    let steps = app.session.history.bytes();
    assert!(edited <= opened + steps + (1 << 20), "after 10 edits: {edited} bytes, {opened} opened, {steps} in steps");
    for _ in 0..10 {
        app.update(Action::Undo);
    }
    assert_eq!(app.doc.text, original, "the undos took every edit back");
    let undone = heap() - base;
    assert!(undone * 4 <= opened * 5, "after 10 edits and their undos: {undone} bytes against {opened} opened");

    // Move a subtree of about 40% of the org past its sibling and back, with undo
    // and redo: a move keeps no text in its step, so nothing stays behind.
    let org = &app.doc.org;
    let big = org.children(None).max_by_key(|&d| org.descendant_count(d)).unwrap();
    let count = org.descendant_count(big) + 1;
    assert!(count * 5 > DEPARTMENTS, "a big subtree: {count}");
    let up = org.children(None).next().unwrap() != big;
    let big_path = app.path_of(big);
    assert!(app.apply_edit(Edit::Move { path: big_path.clone(), up }));
    app.update(Action::Undo);
    app.update(Action::Redo);
    assert!(app.apply_edit(Edit::Move { path: big_path, up: !up }));
    assert_eq!(app.doc.text, original, "moved back where it was");
    let moved = heap() - base;
    assert!(
        moved * 4 <= opened * 5,
        "after moving {count} departments and back: {moved} bytes against {opened} opened"
    );
    for _ in 0..4 {
        app.update(Action::Undo);
    }
    let big = app.doc.org.children(None).find(|&d| app.doc.org.descendant_count(d) + 1 == count);
    let big = big.expect("the big department is still there");

    // Copy and paste it.
    app.explorer.outline.reveal(&app.doc, big);
    let before = heap();
    app.update(Action::Copy);
    let clip = heap() - before;
    let subtree_text = original.len() * count / DEPARTMENTS;
    assert!(clip < subtree_text * 2, "the clipboard holds {clip} bytes for about {subtree_text} bytes of text");
    let before = heap();
    PEAK.store(before, Ordering::Relaxed);
    app.update(Action::PasteSibling);
    assert_eq!(app.doc.org.len(), DEPARTMENTS + count, "the paste went in");
    let paste = heap() - before;
    // At its peak a paste holds the old and the new text and tree (about 2.8 times
    // the opened org), not a parsed document of the whole file (about ten times).
    let peak = PEAK.load(Ordering::Relaxed) - before;
    assert!(peak < opened * 4, "the paste peaked at {peak} bytes over {opened} opened");
    let share = opened / DEPARTMENTS * count;
    assert!(
        paste < share * 2,
        "the paste costs {paste} bytes for {count} departments, {share} bytes of the opened org"
    );
    println!(
        "memory: opened {opened}, edited {edited} ({steps} in steps), undone {undone}, moved {moved}, clip {clip}, paste {paste} (peak {peak}) for {count}"
    );
}
