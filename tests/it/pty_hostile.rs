//! A file whose company and department names carry terminal escape sequences, opened
//! in a real pseudo-terminal and read through a vt100 parser: the window title is not
//! changed, the bell does not ring, the screen is not cleared, and the names show
//! escaped (`\u{1b}`) instead.

#![cfg(unix)]

use crate::support::pty::{Launch, Session};
use crate::support::temp_file;

const HOSTILE: &str = r#"# Names that try to take over the terminal.
[company]
name = "Evil \u001b]2;PWNED\u0007 Corp"

[org.first]
name = "\u001b]2;PWNED\u0007\u001b[2J"
function = "sales"
notes = "Bell \u0007, clear \u001b[2J\u001b[3J\u001b[H, leave \u001b[?1049l, title \u001b]0;OWNED\u0007, copy \u001b]52;c;ZXZpbA==\u0007"

[org."\u001b]1;ICON\u0007"]
name = "Reversed \u202Etxt.exe"
function = "accounting"
"#;

#[test]
fn escape_sequences_in_names_change_neither_the_title_nor_the_screen() {
    let (dir, file) = temp_file("hostile.toml", HOSTILE);

    let home = dir.path().as_os_str();
    let mut session = Session::launch(Launch {
        args: &[file.as_os_str()],
        env: &[("HOME", home), ("XDG_CONFIG_HOME", home)],
        cols: 110,
        rows: 30,
        ..Launch::default()
    });

    // The first screen: the header with the company, the tree, the panel with the
    // selected department's notes.
    let shown = session.wait_settled(&["Corp", "Reversed", "Bell \\u{7}"]);
    assert!(shown.contains("Evil \\u{1b}]2;PWNED\\u{7} Corp"), "the company shows escaped:\n{shown}");
    assert!(shown.contains("\\u{1b}]2;PWNED\\u{7}\\u{1b}[2J"), "the department shows escaped:\n{shown}");
    assert!(shown.contains("\\u{202e}txt.exe"), "the bidi override shows escaped:\n{shown}");
    {
        let requests = session.requests();
        assert!(
            requests.titles.iter().chain(&requests.icon_names).all(|t| !t.contains("PWNED") && !t.contains("ICON")),
            "the window title was changed: {:?} {:?}",
            requests.titles,
            requests.icon_names
        );
        assert!(requests.titles.is_empty(), "no title at all is set: {:?}", requests.titles);
        assert_eq!(requests.bells, 0, "the bell rang");
        assert_eq!(requests.clipboard, 0, "the clipboard was written");
    }
    assert!(session.screen.lock().unwrap().screen().alternate_screen(), "the app stays on its own screen");
    {
        let raw = session.transcript();
        for sent in ["\u{1b}]2;PWNED", "\u{1b}]0;OWNED", "\u{1b}]1;ICON", "\u{1b}]52;", "\u{7}", "\u{202e}"] {
            assert!(!raw.contains(sent), "{sent:?} was sent to the terminal");
        }
    }

    // Moving the selection redraws the panel with the other department; nothing from
    // the first one's notes has cleared the header meanwhile.
    session.keys("j");
    let shown = session.wait_settled(&["Corp", "Accounting"]);
    assert!(shown.contains("Evil \\u{1b}]2;PWNED\\u{7} Corp"), "{shown}");
    session.keys("k");
    session.wait_settled(&["Corp", "Bell \\u{7}"]);

    session.keys("q");
    let status = session.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    session.settle(std::time::Duration::from_millis(200));
    assert!(session.requests().titles.is_empty(), "no title was set on the way out either");
}
