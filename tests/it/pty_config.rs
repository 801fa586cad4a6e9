//! The configuration as a user meets it, in a pseudo-terminal: a file with a mistake
//! never stops the app (it starts with the defaults and the status bar says where the
//! mistake is), and a good file's rebinding is what the keys, the hint bar and the
//! help overlay follow.

#![cfg(unix)]

use std::ffi::OsStr;

use crate::support::pty::{Launch, Session};
use crate::support::temp_file;

fn start_with_config(config: &str) -> (tempfile::TempDir, Session) {
    let (dir, file) = temp_file("config.toml", config);
    let args = [OsStr::new("--config"), file.as_os_str()];
    let session = Session::launch(Launch { args: &args, cols: 120, rows: 40, ..Launch::default() });
    (dir, session)
}

#[test]
fn a_bad_configuration_starts_the_app_with_the_defaults_and_says_where() {
    let (_dir, mut session) = start_with_config("model = \"profit\"\n[keys.explorer]\nsav = [\"w\"]\n");
    session.wait_for("Muebles y Ferretería El Roble");
    session.wait_for("config.toml:3:1");
    let screen = session.text();
    assert!(screen.contains("`sav`"), "the status bar names the mistake:\n{screen}");
    assert!(screen.contains("customer model"), "the defaults apply, the file's model too is ignored:\n{screen}");
    // The app is fully usable: the default keys work.
    session.keys("m");
    session.wait_for("profit model");
    session.keys("q");
    assert!(session.wait_exit().success());
    session.assert_restored();
}

#[test]
fn a_rebound_key_drives_the_app_the_hint_bar_and_the_help() {
    let (_dir, mut session) = start_with_config("[keys.explorer]\ncycle-model = [\"t\"]\nquit = [\"ctrl-q\"]\n");
    session.wait_for("Muebles y Ferretería El Roble");
    session.wait_until("the hint bar with the keys in force", |s| s.contains("t model") && s.contains("ctrl-q quit"));
    session.keys("m");
    session.keys("t");
    session.wait_for("profit model");
    assert!(!session.text().contains("both models"), "m is no longer bound: the model moved once");
    session.keys("?");
    session.wait_until("the help overlay listing t", |s| {
        s.lines().any(|l| l.contains(" t ") && l.contains("cycle the model"))
    });
    session.keys("\u{1b}");
    session.wait_gone("a department that deals directly");
    // q no longer quits: the next key still moves the selection, and the app is still
    // there when ctrl-q comes.
    session.keys("q");
    session.keys("j");
    session.wait_for("Path: Sales floor");
    assert!(session.child.try_wait().unwrap().is_none(), "q quit although it was rebound");
    session.keys("\u{11}");
    assert!(session.wait_exit().success());
    session.assert_restored();
}
