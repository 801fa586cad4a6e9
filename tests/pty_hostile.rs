//! A file whose company and department names carry terminal escape sequences, opened
//! in a real pseudo-terminal and read through a vt100 parser: the window title is not
//! changed, the bell does not ring, the screen is not cleared, and the names show
//! escaped (`\u{1b}`) instead.

#![cfg(unix)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// What the program asked of the terminal beyond drawing on the screen.
#[derive(Default)]
struct Requests {
    titles: Vec<String>,
    icon_names: Vec<String>,
    bells: usize,
    clipboard: usize,
}

impl vt100::Callbacks for Requests {
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles.push(String::from_utf8_lossy(title).into_owned());
    }
    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.icon_names.push(String::from_utf8_lossy(name).into_owned());
    }
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        self.bells += 1;
    }
    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _: &[u8], _: &[u8]) {
        self.clipboard += 1;
    }
}

type Terminal = Arc<Mutex<vt100::Parser<Requests>>>;

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

fn screen(terminal: &Terminal) -> String {
    terminal.lock().unwrap().screen().contents()
}

/// Polls the parsed screen until it shows all of `texts` and then stays the same for
/// a moment, with a deadline.
fn wait_until_settled(terminal: &Terminal, texts: &[&str]) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut last = String::new();
    let mut since = Instant::now();
    loop {
        let now = screen(terminal);
        if now != last {
            (last, since) = (now, Instant::now());
        } else if texts.iter().all(|t| last.contains(t)) && since.elapsed() > Duration::from_millis(300) {
            return last;
        }
        assert!(Instant::now() < deadline, "the screen never showed {texts:?}; it shows:\n{last}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn escape_sequences_in_names_change_neither_the_title_nor_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hostile.toml");
    std::fs::write(&file, HOSTILE).unwrap();

    let (rows, cols) = (30, 110);
    let pty = native_pty_system()
        .openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
        .expect("a pseudo-terminal");
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_frontback"));
    command.arg(&file);
    command.env("TERM", "xterm-256color");
    command.env("LANG", "C");
    command.env("NO_COLOR", "1");
    command.env("HOME", dir.path());
    command.env("XDG_CONFIG_HOME", dir.path());
    let mut child = pty.slave.spawn_command(command).expect("the binary starts");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let mut writer = pty.master.take_writer().unwrap();
    let terminal: Terminal = Arc::new(Mutex::new(vt100::Parser::new_with_callbacks(
        NonZeroU16::new(rows).unwrap(),
        NonZeroU16::new(cols).unwrap(),
        0,
        Requests::default(),
    )));
    let transcript = Arc::new(Mutex::new(Vec::new()));
    let (feed, log) = (Arc::clone(&terminal), Arc::clone(&transcript));
    let master = pty.master;
    let reading = std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            feed.lock().unwrap().process(&buf[..n]);
            log.lock().unwrap().extend_from_slice(&buf[..n]);
        }
        drop(master);
    });

    // The first screen: the header with the company, the tree, the panel with the
    // selected department's notes.
    let shown = wait_until_settled(&terminal, &["Corp", "Reversed", "Bell \\u{7}"]);
    assert!(shown.contains("Evil \\u{1b}]2;PWNED\\u{7} Corp"), "the company shows escaped:\n{shown}");
    assert!(shown.contains("\\u{1b}]2;PWNED\\u{7}\\u{1b}[2J"), "the department shows escaped:\n{shown}");
    assert!(shown.contains("\\u{202e}txt.exe"), "the bidi override shows escaped:\n{shown}");
    {
        let terminal = terminal.lock().unwrap();
        let requests = terminal.callbacks();
        assert!(
            requests.titles.iter().chain(&requests.icon_names).all(|t| !t.contains("PWNED") && !t.contains("ICON")),
            "the window title was changed: {:?} {:?}",
            requests.titles,
            requests.icon_names
        );
        assert!(requests.titles.is_empty(), "no title at all is set: {:?}", requests.titles);
        assert_eq!(requests.bells, 0, "the bell rang");
        assert_eq!(requests.clipboard, 0, "the clipboard was written");
        assert!(terminal.screen().alternate_screen(), "the app stays on its own screen");
    }
    {
        let raw = transcript.lock().unwrap();
        let raw = String::from_utf8_lossy(&raw);
        for sent in ["\u{1b}]2;PWNED", "\u{1b}]0;OWNED", "\u{1b}]1;ICON", "\u{1b}]52;", "\u{7}", "\u{202e}"] {
            assert!(!raw.contains(sent), "{sent:?} was sent to the terminal");
        }
    }

    // Moving the selection redraws the panel with the other department; nothing from
    // the first one's notes has cleared the header meanwhile.
    writer.write_all(b"j").unwrap();
    writer.flush().unwrap();
    let shown = wait_until_settled(&terminal, &["Corp", "Accounting"]);
    assert!(shown.contains("Evil \\u{1b}]2;PWNED\\u{7} Corp"), "{shown}");
    writer.write_all(b"k").unwrap();
    writer.flush().unwrap();
    wait_until_settled(&terminal, &["Corp", "Bell \\u{7}"]);

    writer.write_all(b"q").unwrap();
    writer.flush().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "q did not quit; the screen:\n{}", screen(&terminal));
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "exit status {status:?}");
    drop(writer);
    let _ = reading.join();
    assert!(terminal.lock().unwrap().callbacks().titles.is_empty(), "no title was set on the way out either");
}
