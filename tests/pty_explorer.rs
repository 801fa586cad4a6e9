//! The paths a user takes, end to end: the real binary in a pseudo-terminal, keys
//! pressed, the parsed screen checked, the terminal restored on the way out.

#![cfg(unix)]

use std::time::{Duration, Instant};

mod support;
use support::pty::Session;

const COMMENTED: &str = "# A commented shop: comments must survive edits.\n[company]\nname = \"Tienda Comentada\" # the name\n\n# Front of the shop\n[org.sales]\nname = \"Sales\"\nfunction = \"sales\"\n\n# The repair desk is the grey area\n[org.repairs]\nname = \"Repairs\"\nfunction = \"post-sales-support\"\n\n# Behind\n[org.books]\nname = \"Books\"\nfunction = \"accounting\"\n";

fn left_cleanly(session: &Session) {
    let parser = session.screen.lock().unwrap();
    assert!(!parser.screen().alternate_screen(), "the alternate screen was left");
    assert!(!parser.screen().hide_cursor(), "the cursor is visible again");
}

#[test]
fn browsing_the_built_in_sample_and_quitting() {
    let mut s = Session::start_with(&[], &[]);
    s.wait_for("Muebles y Ferretería El Roble");
    s.wait_for("[F] Showroom");
    assert!(s.screen.lock().unwrap().screen().alternate_screen());
    // Down to the repair desk, the grey area.
    s.keys("jjj");
    s.wait_for("Grey area");
    s.keys("m");
    s.wait_for("Profit model: [B] BACK OFFICE");
    s.keys("?");
    s.wait_for("Help");
    s.keys("\u{1b}");
    // A lone Esc must not run into the next key, or the pair reads as Alt+key.
    s.wait_for("? help");
    s.keys("/varn\r");
    s.wait_for("Path: Workshop › Varnishing room");
    s.keys("q");
    assert!(s.wait_exit().success());
    left_cleanly(&s);
}

#[test]
fn the_idle_app_draws_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("shop.toml");
    std::fs::write(&file, COMMENTED).unwrap();
    let mut s = Session::start(&file);
    s.wait_for("Tienda Comentada");
    // Let the first frame settle, then watch for a while with no input.
    std::thread::sleep(Duration::from_millis(300));
    let before = s.transcript.lock().unwrap().len();
    std::thread::sleep(Duration::from_millis(1200));
    let after = s.transcript.lock().unwrap().len();
    assert_eq!(before, after, "no bytes were drawn while idle");
    s.keys("q");
    assert!(s.wait_exit().success());
}

#[test]
fn add_rename_delete_undo_save_and_the_quit_guard_on_a_commented_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("shop.toml");
    std::fs::write(&file, COMMENTED).unwrap();
    let mut s = Session::start(&file);
    s.wait_for("[F] Sales");

    // Add a child to Sales.
    s.keys("a");
    s.wait_for("New sub-department:");
    s.keys("Web shop\r");
    s.wait_for("[F] Web shop");
    s.wait_for("[+]");
    // Rename it (Ctrl+U clears the prompt).
    s.keys("r");
    s.wait_for("Name:");
    s.keys("\u{15}Online shop\r");
    s.wait_for("Online shop");
    // Delete Books after the confirmation, then undo.
    s.keys("G");
    s.wait_for("Path: Books");
    s.keys("d");
    s.wait_for("Delete Books?");
    s.keys("y");
    s.wait_for("Departments (3)");
    s.keys("u");
    s.wait_for("Departments (4)");
    // The quit guard: cancel, then save from the guard.
    s.keys("q");
    s.wait_for("There are unsaved changes.");
    s.keys("c");
    let deadline = Instant::now() + Duration::from_secs(5);
    while s.text().contains("There are unsaved changes.") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    s.keys("q");
    s.wait_for("There are unsaved changes.");
    s.keys("s");
    assert!(s.wait_exit().success());
    left_cleanly(&s);

    let saved = std::fs::read_to_string(&file).unwrap();
    let expected = COMMENTED
        .replace("function = \"sales\"\n", "function = \"sales\"\n\n[org.sales.web-shop]\nname = \"Online shop\"\n");
    assert_eq!(saved, expected, "only the new department's lines were added");
    frontback::org::load(&saved).expect("the saved file loads");
}
