//! The real binary in a pseudo-terminal (portable-pty), its output parsed by vt100:
//! the keys of a first visit in the colour theme, a terminal resized through every
//! layout, a bad file that never touches the terminal's modes, and an idle app that
//! stays silent whatever harmless events arrive. Every wait polls the parsed screen
//! against a deadline; no fixed sleep is an assertion.

#![cfg(unix)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

const DEADLINE: Duration = Duration::from_secs(10);

/// The binary running in a pseudo-terminal, with everything it wrote.
struct Term {
    parser: Arc<Mutex<vt100::Parser>>,
    bytes: Arc<Mutex<Vec<u8>>>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
}

impl Term {
    /// Starts `frontback ARGS` at `cols` x `rows` with TERM=xterm-256color, LANG=C and
    /// colours on.
    fn start(args: &[&str], cols: u16, rows: u16) -> Term {
        let pair = native_pty_system()
            .openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_frontback"));
        command.args(args);
        command.env("TERM", "xterm-256color");
        command.env("LANG", "C");
        for var in ["NO_COLOR", "LC_ALL", "LC_MESSAGES", "VISUAL", "EDITOR"] {
            command.env_remove(var);
        }
        let child = pair.slave.spawn_command(command).expect("the binary starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let parser =
            Arc::new(Mutex::new(vt100::Parser::new(NonZeroU16::new(rows).unwrap(), NonZeroU16::new(cols).unwrap(), 0)));
        let bytes = Arc::new(Mutex::new(Vec::new()));
        let (feed, log) = (Arc::clone(&parser), Arc::clone(&bytes));
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buf[..n]);
                log.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Term { parser, bytes, master: pair.master, writer, child }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn received(&self) -> usize {
        self.bytes.lock().unwrap().len()
    }

    fn transcript(&self) -> String {
        String::from_utf8_lossy(&self.bytes.lock().unwrap()).into_owned()
    }

    /// Waits until the parsed screen satisfies `test`.
    fn wait_until(&self, what: &str, test: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let screen = self.screen();
            if test(&screen) {
                return;
            }
            assert!(Instant::now() < deadline, "waited for {what}; the screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    fn wait_for(&self, text: &str) {
        self.wait_until(&format!("`{text}`"), |screen| screen.contains(text));
    }

    fn wait_gone(&self, text: &str) {
        self.wait_until(&format!("`{text}` to go"), |screen| !screen.contains(text));
    }

    /// Waits until no byte has arrived for `quiet`: the frame in flight is complete.
    fn settle(&self, quiet: Duration) {
        let deadline = Instant::now() + DEADLINE;
        let mut seen = self.received();
        let mut since = Instant::now();
        while since.elapsed() < quiet {
            assert!(Instant::now() < deadline, "the output never settled:\n{}", self.screen());
            std::thread::sleep(Duration::from_millis(25));
            let now = self.received();
            if now != seen {
                seen = now;
                since = Instant::now();
            }
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn resize(&self, cols: u16, rows: u16) {
        self.parser.lock().unwrap().set_size(NonZeroU16::new(rows).unwrap(), NonZeroU16::new(cols).unwrap());
        self.master.resize(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).unwrap();
    }

    fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the app did not exit; the screen:\n{}", self.screen());
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// After exit: the main screen is back, the cursor shows, the mouse is released.
    fn assert_restored(&self) {
        // The last bytes may still be in the reader thread when the process is gone.
        let deadline = Instant::now() + DEADLINE;
        loop {
            let parser = self.parser.lock().unwrap();
            let screen = parser.screen();
            let restored = !screen.alternate_screen()
                && !screen.hide_cursor()
                && screen.mouse_protocol_mode() == vt100::MouseProtocolMode::None;
            if restored {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "not restored: alternate screen {}, cursor hidden {}, mouse {:?}",
                screen.alternate_screen(),
                screen.hide_cursor(),
                screen.mouse_protocol_mode()
            );
            drop(parser);
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}

/// The line of the screen that contains `text`.
fn line_with<'a>(screen: &'a str, text: &str) -> &'a str {
    screen.lines().find(|line| line.contains(text)).unwrap_or_else(|| panic!("no line with `{text}`:\n{screen}"))
}

#[test]
fn a_first_visit_by_keys_in_colour_and_a_clean_exit() {
    let mut t = Term::start(&[], 100, 30);
    t.wait_for("Muebles y Ferretería El Roble");
    t.wait_for("[F] Showroom");
    t.wait_for("[B] Bookkeeping");
    {
        let parser = t.parser.lock().unwrap();
        assert!(parser.screen().alternate_screen(), "the app draws on the alternate screen");
        assert!(parser.screen().hide_cursor(), "the cursor is hidden while browsing");
    }
    assert!(t.transcript().contains("\u{1b}[38;5;"), "colours are on");

    t.send("j");
    t.wait_for("Path: Sales floor");
    assert!(line_with(&t.screen(), "] Sales floor").contains('›'), "the selection moved");

    t.send("jj");
    t.wait_for("Path: Repair desk");
    t.wait_for("≈ Grey area");
    t.send("m");
    t.wait_for("Profit model: front 3 · back 7");
    t.wait_for("[B] Repair desk ≈");
    assert!(t.screen().contains("▶ Profit model: [B] BACK OFFICE"), "{}", t.screen());

    t.send("?");
    t.wait_for("↑/↓ scroll · esc close");
    assert!(t.screen().contains("Customer model"), "the overlay recalls the models:\n{}", t.screen());
    t.send("\u{1b}");
    t.wait_gone("↑/↓ scroll · esc close");
    t.wait_for("? help");

    t.send("/");
    t.wait_for("/search:");
    t.send("varn");
    t.wait_until("the typed query and its match", |s| {
        s.contains("/search: varn")
            && s.contains("1 match")
            && !s.contains("1 matches")
            && s.lines().any(|line| line.contains("› ") && line.contains("] Varnishing room"))
    });
    t.send("\r");
    t.wait_gone("/search:");
    t.wait_for("Path: Workshop › Varnishing room");

    t.send("q");
    let status = t.wait_exit();
    assert!(status.success(), "{status:?}");
    t.assert_restored();
}

#[test]
fn resizing_redraws_each_layout_and_the_too_small_message() {
    let mut t = Term::start(&[], 100, 30);
    t.wait_for("[F] Showroom");
    // Side by side, both titles share a line; stacked, the panel's border starts a line
    // of its own (which stale, cut-off lines of the wider screen cannot).
    let side_by_side =
        |s: &str| s.lines().any(|line| line.contains("┌ Departments (10)") && line.contains("┌ Front or back office?"));
    let stacked =
        |s: &str| s.contains("┌ Departments (10)") && s.lines().any(|l| l.starts_with("┌ Front or back office?"));
    assert!(side_by_side(&t.screen()));

    t.resize(60, 24);
    t.wait_until("the stacked layout", stacked);

    t.resize(30, 8);
    t.wait_until("the too-small message with the size needed", |s| {
        let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
        flat.contains("too small") && flat.contains("40×12")
    });
    // Keys still work while the message shows.
    t.send("j");

    t.resize(100, 30);
    t.wait_until("the side-by-side layout again", |s| s.contains("Path: Sales floor") && side_by_side(s));

    t.send("q");
    assert!(t.wait_exit().success());
    t.assert_restored();
}

#[test]
fn a_bad_file_shows_its_diagnostics_and_never_touches_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, "[company]\nnme = \"X\"\n").unwrap();

    let mut t = Term::start(&[file.to_str().unwrap()], 100, 30);
    let status = t.wait_exit();
    assert_eq!(status.exit_code(), 1, "{status:?}");
    t.wait_for("did you mean `name`?");
    t.wait_for("bad.toml:2:1");
    let transcript = t.transcript();
    for mode in ["\u{1b}[?1049h", "\u{1b}[?1000h", "\u{1b}[?25l"] {
        assert!(!transcript.contains(mode), "{mode:?} was sent: {transcript:?}");
    }
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
    let mut t = Term::start(&[], 100, 30);
    t.wait_for("[F] Showroom");
    t.settle(quiet);
    let silent_for = |t: &Term, what: &str| {
        let before = t.received();
        std::thread::sleep(watch);
        let after = t.received();
        assert_eq!(before, after, "{} bytes arrived while idle {what}", after - before);
    };
    silent_for(&t, "after the first frame");

    t.send("j");
    t.wait_for("Path: Sales floor");
    t.settle(quiet);
    silent_for(&t, "after a key");

    // Mouse motion (SGR, no button), focus lost and gained: nothing on screen changes.
    t.send("\u{1b}[<35;20;8M\u{1b}[<35;21;8M\u{1b}[O\u{1b}[I");
    silent_for(&t, "after mouse motion and focus changes");
    // The same channel carries events that do change the screen: a wheel turn.
    t.send("\u{1b}[<65;20;8M");
    t.wait_for("Path: Sales floor › Till 1");

    t.send("q");
    assert!(t.wait_exit().success());
    t.assert_restored();
}
