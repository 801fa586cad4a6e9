//! Editing a commented file end to end: the real binary in a pseudo-terminal, keys
//! pressed, the parsed screen checked, the terminal restored on the way out, and only
//! the new lines added to the saved file. (pty.rs browses the built-in sample
//! and checks that an idle app stays silent.)

#![cfg(unix)]

use crate::support::pty::Session;
use crate::support::temp_file;

const COMMENTED: &str = "# A commented shop: comments must survive edits.\n[company]\nname = \"Tienda Comentada\" # the name\n\n# Front of the shop\n[org.sales]\nname = \"Sales\"\nfunction = \"sales\"\n\n# The repair desk is the grey area\n[org.repairs]\nname = \"Repairs\"\nfunction = \"post-sales-support\"\n\n# Behind\n[org.books]\nname = \"Books\"\nfunction = \"accounting\"\n";

#[test]
fn add_rename_delete_undo_save_and_the_quit_guard_on_a_commented_file() {
    let (_dir, file) = temp_file("shop.toml", COMMENTED);
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
    s.wait_gone("There are unsaved changes.");
    s.keys("q");
    s.wait_for("There are unsaved changes.");
    s.keys("s");
    assert!(s.wait_exit().success());
    s.assert_restored();

    let saved = std::fs::read_to_string(&file).unwrap();
    let expected = COMMENTED
        .replace("function = \"sales\"\n", "function = \"sales\"\n\n[org.sales.web-shop]\nname = \"Online shop\"\n");
    assert_eq!(saved, expected, "only the new department's lines were added");
    frontback::org::load(&saved).expect("the saved file loads");
}
