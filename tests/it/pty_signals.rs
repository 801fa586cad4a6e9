//! The real binary in a pseudo-terminal, killed with SIGTERM while it has unsaved
//! edits: the terminal is restored, the file is untouched, the edits are written
//! beside it, and the next start offers them back.

#![cfg(unix)]

use crate::support::pty::Session;
use crate::support::temp_file;

const SHOP: &str = "# A commented shop\n[company]\nname = \"Signal Shop\"\n\n[org.sales]\nname = \"Sales\" # front\nfunction = \"sales\"\n\n[org.books]\nname = \"Books\"\nfunction = \"accounting\"\n";

#[test]
fn sigterm_with_unsaved_edits_restores_the_terminal_and_keeps_the_edits_aside() {
    let (dir, file) = temp_file("shop.toml", SHOP);

    let mut session = Session::start(&file);
    session.wait_for("Signal Shop");
    session.wait_for("[F] Sales");
    assert!(session.screen.lock().unwrap().screen().alternate_screen());
    // Select Books and rename it: an unsaved edit.
    session.keys("j");
    session.keys("r");
    session.wait_for("Name:");
    session.keys("\u{15}Ledgers\r");
    session.wait_for("[+]");
    session.wait_for("Ledgers");

    let pid = session.child.process_id().expect("a process id") as i32;
    // SAFETY: sending a signal to our own child process.
    let sent = unsafe { libc_kill(pid, 15) };
    assert_eq!(sent, 0);
    let status = session.wait_exit();
    assert!(!status.success(), "killed by SIGTERM: {status:?}");
    session.assert_restored();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), SHOP, "the original is untouched");
    let recovered = dir.path().join(".shop.toml.recovered");
    let kept = std::fs::read_to_string(&recovered).expect("the unsaved edits were written aside");
    assert!(kept.contains("name = \"Ledgers\""), "{kept}");
    assert!(kept.contains("# A commented shop"));

    // The next start offers them back; r restores them as unsaved edits.
    let mut next = Session::start(&file);
    next.wait_for("unsaved edits");
    next.keys("r");
    next.wait_for("Ledgers");
    next.wait_for("[+]");
    next.keys("s");
    next.wait_for("Saved");
    next.keys("q");
    assert!(next.wait_exit().success());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), kept);
    assert!(!recovered.exists());
}

/// The built-in sample has no file to write beside: its unsaved edits go to the data
/// folder and come back on the next start without a file.
#[test]
fn sigterm_with_unsaved_edits_to_the_sample_keeps_them_in_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let env = [("XDG_DATA_HOME", data), ("HOME", data), ("XDG_CONFIG_HOME", data)];
    let mut session = Session::start_with(&[], &env);
    session.wait_for("[F] Showroom");
    session.keys("r");
    session.wait_for("Name:");
    session.keys("\u{15}Gallery\r");
    session.wait_for("[+]");
    session.wait_for("Gallery");
    let pid = session.child.process_id().expect("a process id") as i32;
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc_kill(pid, 15) }, 0);
    assert!(!session.wait_exit().success());
    session.assert_restored();
    let recovered = dir.path().join("frontback").join("corner-shop.recovered.toml");
    let kept = std::fs::read_to_string(&recovered).expect("the unsaved edits were written to the data folder");
    assert!(kept.contains("name = \"Gallery\""), "{kept}");

    let mut next = Session::start_with(&[], &env);
    next.wait_for("unsaved edits");
    next.keys("r");
    next.wait_for("Gallery");
    next.wait_for("[+]");
    assert!(!recovered.exists(), "a restored file is not offered again");
    next.keys("q");
    next.wait_for("unsaved");
}

unsafe extern "C" {
    #[link_name = "kill"]
    fn libc_kill(pid: i32, signal: i32) -> i32;
}
