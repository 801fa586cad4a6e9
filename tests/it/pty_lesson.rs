//! The lesson through the real binary in a pseudo-terminal: `--view lesson` opens it,
//! `→` walks the whole class to its last step, `←` and Home walk back, and the step
//! counter on screen follows every key. (lesson.rs pins each step's screen on a
//! `TestBackend`.)

#![cfg(unix)]

use std::ffi::OsStr;

use crate::support::pty::{Launch, Session};

/// Right, left and Home as a terminal sends them.
const RIGHT: &str = "\u{1b}[C";
const LEFT: &str = "\u{1b}[D";
const HOME: &str = "\u{1b}[H";

fn counter(s: &Session, n: usize) {
    s.wait_for(&format!("Step {n}/10"));
}

#[test]
fn a_whole_lesson_forward_to_its_end_and_back() {
    for (cols, rows) in [(80, 24), (120, 40)] {
        let args = [OsStr::new("--view"), OsStr::new("lesson")];
        let mut s = Session::launch(Launch { args: &args, cols, rows, ..Launch::default() });
        counter(&s, 1);
        s.wait_for("The words come from old shops");
        for n in 2..=10 {
            s.keys(RIGHT);
            counter(&s, n);
        }
        s.wait_for("Helping another department earn");
        // The last step stays the last.
        s.keys(RIGHT);
        s.keys(LEFT);
        counter(&s, 9);
        s.keys(LEFT);
        counter(&s, 8);
        s.keys(HOME);
        counter(&s, 1);
        // From the lesson to the explorer and back by its key.
        s.keys("1");
        s.wait_for("[F] Showroom");
        s.keys("5");
        counter(&s, 1);
        s.keys("q");
        assert!(s.wait_exit().success());
    }
}
