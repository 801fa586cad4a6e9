//! A file with escape sequences in its names, opened in a real pseudo-terminal: the
//! window title is not changed and the screen is not cleared by them; the names show
//! escaped.

#![cfg(unix)]

mod support;
use support::pty::Session;

#[test]
fn escape_sequences_in_names_never_reach_the_terminal() {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/escapes.toml");
    let mut s = Session::start(&file);
    s.wait_for("Corp");
    s.wait_for("grab");
    let screen = s.text();
    assert!(screen.contains("\\u{1b}]2;PWNED\\u{7}"), "the company name shows escaped:\n{screen}");
    assert!(screen.contains("\\u{202e}"), "the bidi override shows escaped:\n{screen}");
    // Select the department with the bell and the clear-screen in its notes.
    s.keys("j");
    s.keys("k");
    s.wait_for("Bell \\u{7}");
    {
        let transcript = s.transcript.lock().unwrap();
        let raw = String::from_utf8_lossy(&transcript);
        for forbidden in ["\u{1b}]2;PWNED", "\u{1b}]0;OWNED", "PWNED\u{7}", "\u{202e}"] {
            assert!(!raw.contains(forbidden), "{forbidden:?} was sent to the terminal");
        }
    }
    assert!(s.text().contains("Evil"), "the screen was not cleared by the notes");
    s.keys("q");
    assert!(s.wait_exit().success());
}
