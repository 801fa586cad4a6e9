//! Getting around, through the real binary in a pseudo-terminal: the tree's first row
//! back after the terminal shrank and grew, the help paged with PgDn and `G`, placed
//! ("n/m") and filtered with `/`, the wheel over the help, Esc clearing the grey-only
//! filter, and a fact cycle whose first press changes the value shown. (nav.rs pins
//! the same on a `TestBackend`, with snapshots.)

#![cfg(unix)]

use crate::support::pty::{Launch, Session};

/// The built-in sample at `cols` x `rows`, without colours.
fn sample(cols: u16, rows: u16) -> Session {
    let s = Session::launch(Launch { cols, rows, ..Launch::default() });
    s.wait_for("[F] Showroom");
    s
}

/// The help's "n/m" as the screen shows it.
fn position(screen: &str) -> Option<(usize, usize)> {
    screen.split(' ').find_map(|word| {
        let (n, m) = word.split_once('/')?;
        Some((n.parse().ok()?, m.parse().ok()?))
    })
}

#[test]
fn the_first_row_shows_again_after_the_terminal_shrinks_and_grows() {
    let mut s = sample(120, 36);
    s.keys("jjjjj");
    s.wait_for("Path: Workshop");
    s.resize(40, 12);
    // Stacked (the panel's border starts a line too), the top of the tree scrolled away.
    s.wait_until("the stacked layout, scrolled", |screen| {
        screen.lines().filter(|l| l.starts_with('┌')).count() >= 2 && !screen.contains("Showroom")
    });
    s.resize(120, 36);
    s.wait_until("the side-by-side layout with the first row on top", |screen| {
        let mut lines = screen.lines().skip_while(|l| !l.starts_with("┌ Departments"));
        lines.next().is_some_and(|l| l.contains("┌ Front or back office?"))
            && lines.next().is_some_and(|l| l.contains("[F] Showroom"))
    });
    s.keys("q");
    assert!(s.wait_exit().success());
}

#[test]
fn the_help_pages_says_where_it_is_and_filters() {
    let mut s = sample(80, 24);
    s.keys("?");
    s.wait_for("Front office or back office?");
    s.wait_until("the position 20/m", |screen| position(screen).is_some_and(|(n, _)| n == 20));
    let total = position(&s.text()).unwrap().1;
    // PgDn (ESC [ 6 ~) a page, G the end, g the top.
    s.keys("\u{1b}[6~");
    s.wait_until("a page down", |screen| position(screen).is_some_and(|(n, _)| n == 39));
    s.keys("G");
    s.wait_until("the end", |screen| position(screen) == Some((total, total)));
    s.keys("g");
    s.wait_for("Front office or back office?");
    // The wheel over the help scrolls it (SGR mouse: 65 is the wheel down).
    s.keys("\u{1b}[<65;40;10M");
    s.wait_until("a line down by the wheel", |screen| position(screen).is_some_and(|(n, _)| n == 21));
    // `/` filters; Enter keeps the filter; Esc clears it, then closes.
    s.keys("/");
    s.wait_for("/filter keys:");
    s.keys("undo");
    s.wait_gone("Front office or back office?");
    s.keys("\r");
    s.wait_for("/undo ·");
    let screen = s.text();
    assert!(screen.contains("undo the last edit") || screen.contains("undo"), "{screen}");
    assert!(!screen.contains("fold every department"), "{screen}");
    s.keys("\u{1b}");
    s.wait_for("Front office or back office?");
    s.keys("\u{1b}");
    s.wait_gone("Front office or back office?");
    s.wait_for("[F] Showroom");
    s.keys("q");
    assert!(s.wait_exit().success());
}

#[test]
fn esc_clears_the_grey_only_filter() {
    let mut s = sample(100, 30);
    s.keys("!");
    s.wait_for("Grey areas only (1)");
    s.wait_gone("[F] Showroom");
    s.keys("\u{1b}");
    s.wait_for("Departments (");
    s.wait_for("[F] Showroom");
    s.keys("q");
    assert!(s.wait_exit().success());
}

#[test]
fn the_first_press_of_c_changes_the_customers_shown() {
    let mut s = sample(100, 30);
    s.wait_for("Customers: direct");
    s.keys("c");
    s.wait_for("Customers: indirect");
    s.keys("c");
    s.wait_for("Customers: none");
    s.keys("c");
    s.wait_for("Customers: direct  (default of its function)");
    s.keys("q");
    s.wait_for("There are unsaved changes.");
    s.keys("D");
    assert!(s.wait_exit().success());
}
