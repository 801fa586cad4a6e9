//! The real binary in a pseudo-terminal, killed with SIGTERM while it has unsaved
//! edits: the terminal is restored, the file is untouched, the edits are written
//! beside it, and the next start offers them back (the faults recovery must survive
//! are in `file_safety_recovery`).

#![cfg(unix)]

use portable_pty::native_pty_system;

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
    let found = frontback::tui::recovery::find(Some(&file), None);
    assert_eq!(found.len(), 1, "one recovery beside the file: {found:?}");
    let recovered = found[0].clone();
    assert_eq!(recovered.parent(), Some(dir.path()));
    let kept = std::fs::read_to_string(&recovered).expect("the unsaved edits were written aside");
    let kept = frontback::tui::recovery::split(&kept).1.to_string();
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
    let found = frontback::tui::recovery::find(None, Some(&dir.path().join("frontback")));
    assert_eq!(found.len(), 1, "one recovery in the data folder: {found:?}");
    let recovered = found[0].clone();
    let kept = std::fs::read_to_string(&recovered).expect("the unsaved edits were written to the data folder");
    assert!(kept.contains("name = \"Gallery\""), "{kept}");

    let mut next = Session::start_with(&[], &env);
    next.wait_for("unsaved edits");
    next.keys("r");
    next.wait_for("Gallery");
    next.wait_for("[+]");
    assert!(recovered.exists(), "kept until the restored edits are saved");
    next.keys("q");
    // The question, not the header's "unsaved" mark, which shows until the app ends.
    next.wait_for("There are unsaved changes.");
}

/// A terminal closed under a parent that ignores SIGHUP (a shell with `trap '' HUP`,
/// `su`, …): no signal reaches the app, only end of input. It must notice, write the
/// unsaved edits aside and exit, not spin on a terminal that is gone.
#[test]
fn a_terminal_that_goes_away_ends_the_app_with_the_edits_kept_aside() {
    use std::io::Write;

    let (_dir, file) = temp_file("shop.toml", SHOP);
    let home = tempfile::tempdir().unwrap();
    let pty = native_pty_system().openpty(SIZE).unwrap();
    let mut child = through_shell(&*pty.slave, "trap '' HUP; \"$0\" \"$1\"", &file, None, home.path());
    drop(pty.slave);
    // Read on this thread, so that no other copy of the terminal's master side stays
    // open once it is dropped below.
    let mut reader = pty.master.try_clone_reader().unwrap();
    let mut writer = pty.master.take_writer().unwrap();
    let mut screen = vt100::Parser::new(nonzero(SIZE.rows), nonzero(SIZE.cols), 0);
    read_until(&mut reader, &mut screen, "[F] Sales");
    writer.write_all(b"jc").unwrap(); // an unsaved edit: Books' customers
    writer.flush().unwrap();
    read_until(&mut reader, &mut screen, "[+]");
    drop(reader);
    drop(writer);
    drop(pty.master); // the terminal is gone

    // The shell waits for the app, so it ends only once the app has.
    wait_for_end(&mut *child);
    assert_kept_aside(&file);
}

/// The screen goes away while the keyboard stays (the app draws on one terminal and
/// reads keys from another): the next frame cannot be drawn, nor the terminal
/// restored, nor the error printed. The app must still write the unsaved edits aside
/// and end with an error, not abort in its panic hook, taking a write in progress
/// with it.
#[test]
fn a_screen_that_goes_away_ends_the_app_with_the_edits_kept_aside_not_an_abort() {
    use std::io::Write;

    let (_dir, file) = temp_file("shop.toml", SHOP);
    let home = tempfile::tempdir().unwrap();
    let keyboard = native_pty_system().openpty(SIZE).unwrap();
    let screen_pty = native_pty_system().openpty(SIZE).unwrap();
    let screen_name = screen_pty.master.tty_name().expect("the screen terminal's name");
    let script = "exec \"$0\" \"$1\" >\"$2\" 2>&1";
    let mut child = through_shell(&*keyboard.slave, script, &file, Some(&screen_name), home.path());
    drop(keyboard.slave);
    let mut keys = keyboard.master.take_writer().unwrap();
    let mut reader = screen_pty.master.try_clone_reader().unwrap();
    let mut screen = vt100::Parser::new(nonzero(SIZE.rows), nonzero(SIZE.cols), 0);
    read_until(&mut reader, &mut screen, "[F] Sales");
    drop(screen_pty.slave); // the app holds the screen terminal open on its own now
    keys.write_all(b"jc").unwrap(); // an unsaved edit: Books' customers
    keys.flush().unwrap();
    read_until(&mut reader, &mut screen, "[+]");
    drop(reader);
    drop(screen_pty.master); // the screen is gone
    keys.write_all(b"j").unwrap(); // a key the app must draw for
    keys.flush().unwrap();

    let status = wait_for_end(&mut *child);
    assert!(status.signal().is_none() && status.exit_code() == 1, "an error ends the app, not a signal: {status:?}");
    assert_kept_aside(&file);
}

const SIZE: portable_pty::PtySize = portable_pty::PtySize { rows: 24, cols: 80, pixel_width: 0, pixel_height: 0 };

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}

/// Starts `sh -c SCRIPT` in the terminal of `slave`, with the binary as `$0`, the org
/// file as `$1` and `more` as `$2`, and folders of its own under `home`.
fn through_shell(
    slave: &dyn portable_pty::SlavePty,
    script: &str,
    file: &std::path::Path,
    more: Option<&std::path::Path>,
    home: &std::path::Path,
) -> Box<dyn portable_pty::Child + Send + Sync> {
    let mut command = portable_pty::CommandBuilder::new("sh");
    command.args(["-c", script]);
    command.arg(env!("CARGO_BIN_EXE_frontback"));
    command.arg(file);
    if let Some(more) = more {
        command.arg(more);
    }
    crate::support::pty::clean_environment(&mut command, home);
    slave.spawn_command(command).unwrap()
}

/// Reads what the app draws until the screen shows `text`.
fn read_until(reader: &mut dyn std::io::Read, screen: &mut vt100::Parser, text: &str) {
    let mut buf = [0u8; 4096];
    while !screen.screen().contents().contains(text) {
        let n = reader.read(&mut buf).expect("the app draws");
        assert!(n > 0, "the app ended before showing {text:?}");
        screen.process(&buf[..n]);
    }
}

/// Waits for the app to end now that its terminal is gone.
fn wait_for_end(child: &mut (dyn portable_pty::Child + Send + Sync)) -> portable_pty::ExitStatus {
    crate::support::pty::wait_child(child, || "the app still runs after its terminal went away".to_string())
}

/// The org file is untouched, and the edit to Books is in the one recovery beside it.
fn assert_kept_aside(file: &std::path::Path) {
    assert_eq!(std::fs::read_to_string(file).unwrap(), SHOP, "the original is untouched");
    let found = frontback::tui::recovery::find(Some(file), None);
    assert_eq!(found.len(), 1, "{found:?}");
    let kept = std::fs::read_to_string(&found[0]).expect("the edits were written aside");
    assert!(kept.contains("[org.books]\nname = \"Books\"\nfunction = \"accounting\"\ncustomers = "), "{kept}");
}

unsafe extern "C" {
    #[link_name = "kill"]
    fn libc_kill(pid: i32, signal: i32) -> i32;
}
