//! The real binary in a pseudo-terminal (portable-pty), its output parsed by vt100:
//! the keys of a first visit in the colour theme, a terminal resized through every
//! layout, a bad file that never touches the terminal's modes, and an idle app that
//! stays silent whatever harmless events arrive. Every wait polls the parsed screen
//! against a deadline; no fixed sleep is an assertion.

#![cfg(unix)]

use std::ffi::OsStr;
use std::time::Duration;

use assert_cmd::Command;

use crate::support::pty::{Launch, Session};
use crate::support::temp_file;

/// `frontback ARGS` at `cols` x `rows`, colours on.
fn start(args: &[&str], cols: u16, rows: u16) -> Session {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    Session::launch(Launch { args: &args, cols, rows, colour: true, ..Launch::default() })
}

/// The line of the screen that contains `text`.
fn line_with<'a>(screen: &'a str, text: &str) -> &'a str {
    screen.lines().find(|line| line.contains(text)).unwrap_or_else(|| panic!("no line with `{text}`:\n{screen}"))
}

#[test]
fn a_first_visit_by_keys_in_colour_and_a_clean_exit() {
    let mut t = start(&[], 100, 30);
    t.wait_for("Muebles y Ferretería El Roble");
    t.wait_for("[F] Showroom");
    t.wait_for("[B] Bookkeeping");
    t.wait_terminal("the alternate screen, the cursor hidden while browsing", |screen| {
        screen.alternate_screen() && screen.hide_cursor()
    });
    assert!(t.transcript().contains("\u{1b}[38;5;"), "colours are on");

    t.keys("j");
    t.wait_for("Path: Sales floor");
    assert!(line_with(&t.text(), "] Sales floor").contains('›'), "the selection moved");

    t.keys("jj");
    t.wait_for("Path: Repair desk");
    t.wait_for("≈ Grey area");
    t.keys("m");
    t.wait_for("Profit model: front 3 · back 7");
    t.wait_for("[B] Repair desk ≈");
    assert!(t.text().contains("▶ Profit model: [B] BACK OFFICE"), "{}", t.text());

    t.keys("?");
    t.wait_for("pgup pgdn g G · / filter · esc close");
    assert!(t.text().contains("Customer model"), "the overlay recalls the models:\n{}", t.text());
    t.keys("\u{1b}");
    t.wait_gone("pgup pgdn g G · / filter · esc close");
    t.wait_for("? help");

    t.keys("/");
    t.wait_for("/search:");
    t.keys("varn");
    t.wait_until("the typed query and its match", |s| {
        s.contains("/search: varn")
            && s.contains("1 match")
            && !s.contains("1 matches")
            && s.lines().any(|line| line.contains("› ") && line.contains("] Varnishing room"))
    });
    t.keys("\r");
    t.wait_gone("/search:");
    t.wait_for("Path: Workshop › Varnishing room");

    t.keys("q");
    let status = t.wait_exit();
    assert!(status.success(), "{status:?}");
    t.assert_restored();
}

#[test]
fn resizing_redraws_each_layout_and_the_too_small_message() {
    let mut t = start(&[], 100, 30);
    t.wait_for("[F] Showroom");
    // Side by side, both titles share a line; stacked, the panel's border starts a line
    // of its own (which stale, cut-off lines of the wider screen cannot).
    let side_by_side =
        |s: &str| s.lines().any(|line| line.contains("┌ Departments (10)") && line.contains("┌ Front or back office?"));
    let stacked =
        |s: &str| s.contains("┌ Departments (10)") && s.lines().any(|l| l.starts_with("┌ Front or back office?"));
    assert!(side_by_side(&t.text()));

    t.resize(60, 24);
    t.wait_until("the stacked layout", stacked);

    t.resize(30, 8);
    t.wait_until("the too-small message with the size needed", |s| {
        let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
        flat.contains("too small") && flat.contains("40×12")
    });
    // Keys still work while the message shows.
    t.keys("j");

    t.resize(100, 30);
    t.wait_until("the side-by-side layout again", |s| s.contains("Path: Sales floor") && side_by_side(s));

    t.keys("q");
    assert!(t.wait_exit().success());
    t.assert_restored();
}

#[test]
fn a_bad_file_shows_its_diagnostics_on_screen_or_on_stderr_without_a_terminal() {
    let (_dir, file) = temp_file("bad.toml", "[company]\nnme = \"X\"\n");

    // In a terminal: the diagnostics screen, until `q`.
    let mut t = start(&[file.to_str().unwrap()], 100, 30);
    t.wait_for("bad.toml cannot be opened");
    t.wait_for("did you mean `name`?");
    t.wait_for("bad.toml:2:1");
    t.keys("q");
    let status = t.wait_exit();
    assert_eq!(status.exit_code(), 0, "{status:?}");
    t.assert_restored();

    // Without a terminal: the diagnostics go to stderr, nothing to stdout.
    let out = Command::new(env!("CARGO_BIN_EXE_frontback")).arg(&file).env("LANG", "C").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "stdout: {:?}", String::from_utf8_lossy(&out.stdout));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.toml:1:2") && stderr.contains("has no `name`"), "{stderr}");
    assert!(stderr.contains("bad.toml:2:1") && stderr.contains("did you mean `name`?"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn the_idle_app_sends_nothing_after_keys_mouse_motion_and_focus_changes() {
    let quiet = Duration::from_millis(300);
    let watch = Duration::from_millis(1000);
    let mut t = start(&[], 100, 30);
    t.wait_for("[F] Showroom");
    t.settle(quiet);
    let silent_for = |t: &Session, what: &str| {
        let before = t.received();
        std::thread::sleep(watch);
        let after = t.received();
        assert_eq!(before, after, "{} bytes arrived while idle {what}", after - before);
    };
    silent_for(&t, "after the first frame");

    t.keys("j");
    t.wait_for("Path: Sales floor");
    t.settle(quiet);
    silent_for(&t, "after a key");

    // Mouse motion (SGR, no button), focus lost and gained: nothing on screen changes.
    t.keys("\u{1b}[<35;20;8M\u{1b}[<35;21;8M\u{1b}[O\u{1b}[I");
    silent_for(&t, "after mouse motion and focus changes");
    // The same channel carries events that do change the screen: a wheel turn.
    t.keys("\u{1b}[<65;20;8M");
    t.wait_for("Path: Sales floor › Till 1");

    t.keys("q");
    assert!(t.wait_exit().success());
    t.assert_restored();
}
