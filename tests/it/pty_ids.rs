//! Search that folds case and accents and prefers names to ids, and `R`, which
//! changes a department's id: the real binary in a pseudo-terminal.

#![cfg(unix)]

use crate::support::pty::Session;
use crate::support::temp_file;

/// "Tienda online" kept the id of a department it was copied from: a search for
/// "atención" must find the department named so, not the stale id.
const STALE: &str = "[company]\nname = \"Tienda\"\n\n# Copied, then renamed\n[org.\"atención-al-cliente-2\"]\nname = \"Tienda online\"\n\n[org.\"atención-al-cliente-2\".web]\nname = \"Web\"\n\n[org.soporte]\nname = \"Atención al cliente\"\nfunction = \"customer-service\"\n";

#[test]
fn a_search_without_accents_finds_the_name_with_them_before_a_stale_id() {
    let (_dir, file) = temp_file("tienda.toml", STALE);
    let mut s = Session::start(&file);
    s.wait_for("Tienda online");
    s.wait_for("Path: Tienda online");
    s.keys("/atencion");
    s.wait_for("Path: Atención al cliente");
    s.keys("\r");
    // `n` walks the name matches first: then the one matching by id alone.
    s.keys("n");
    s.wait_for("Path: Tienda online");
    s.keys("n");
    s.wait_for("Path: Atención al cliente");
    s.keys("/ATENCIÓN\r");
    s.wait_for("Path: Atención al cliente");
    s.keys("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

#[test]
fn capital_r_changes_an_id_refuses_a_clash_and_the_file_reloads() {
    let (_dir, file) = temp_file("tienda.toml", STALE);
    let mut s = Session::start(&file);
    s.wait_for("Path: Tienda online");
    // A clash is refused, saying why and what an id may be.
    s.keys("R");
    s.wait_for("Id: atención-al-cliente-2");
    s.keys("\u{15}soporte\r");
    s.wait_for("A sibling already has the id “soporte”.");
    // Then a free one: the sub-department's header follows.
    s.keys("R");
    s.wait_for("Id: atención-al-cliente-2");
    s.keys("\u{15}tienda-online\r");
    s.wait_for("Path: Tienda online");
    s.keys("s");
    s.wait_for("Saved");
    s.keys("q");
    assert!(s.wait_exit().success());
    s.assert_restored();

    let saved = std::fs::read_to_string(&file).unwrap();
    let expected = STALE.replace("[org.\"atención-al-cliente-2\"", "[org.tienda-online");
    assert_eq!(saved, expected);
    let org = frontback::org::load(&saved).expect("the saved file loads");
    let ids: Vec<String> = (0..org.len()).map(|d| org.path_string(d)).collect();
    assert_eq!(ids, ["tienda-online", "tienda-online/web", "soporte"]);
}
