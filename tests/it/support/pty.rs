//! A pseudo-terminal session with the real binary, read through a vt100 parser. Every
//! wait polls the parsed screen against a deadline; no fixed sleep is an assertion.

#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

/// How long any wait lasts before the test fails.
const DEADLINE: Duration = Duration::from_secs(20);

/// Everything the program wrote, as raw bytes, besides the parsed screen.
pub type Transcript = Arc<Mutex<Vec<u8>>>;

/// What the program asked of the terminal beyond drawing on the screen.
#[derive(Default)]
pub struct Requests {
    pub titles: Vec<String>,
    pub icon_names: Vec<String>,
    pub bells: usize,
    pub clipboard: usize,
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

/// How to start the binary.
pub struct Launch<'a> {
    pub args: &'a [&'a OsStr],
    pub env: &'a [(&'a str, &'a OsStr)],
    pub cols: u16,
    pub rows: u16,
    /// Colours on (no `NO_COLOR`).
    pub colour: bool,
}

impl Default for Launch<'_> {
    fn default() -> Self {
        Launch { args: &[], env: &[], cols: 100, rows: 30, colour: false }
    }
}

pub struct Session {
    pub transcript: Transcript,
    pub screen: Arc<Mutex<vt100::Parser<Requests>>>,
    pub writer: Box<dyn Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    /// The session's own configuration and data folders.
    _home: tempfile::TempDir,
}

impl Session {
    /// `frontback FILE` at 100x30 without colours.
    pub fn start(file: &Path) -> Session {
        Session::start_with(&[file.as_os_str()], &[])
    }

    pub fn start_with(args: &[&OsStr], env: &[(&str, &str)]) -> Session {
        let env: Vec<(&str, &OsStr)> = env.iter().map(|(k, v)| (*k, OsStr::new(*v))).collect();
        Session::launch(Launch { args, env: &env, ..Launch::default() })
    }

    /// Starts `frontback` with TERM=xterm-256color, LANG=C and no locale, editor or
    /// colour settings from the environment the tests run in, and configuration and
    /// data folders of its own (so no configuration or recovered edits of the person
    /// running the tests get in; `env` may name others).
    pub fn launch(launch: Launch<'_>) -> Session {
        let (cols, rows) = (launch.cols, launch.rows);
        let pty = native_pty_system()
            .openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_frontback"));
        command.args(launch.args);
        let home = tempfile::tempdir().expect("a temporary folder");
        clean_environment(&mut command, home.path());
        if launch.colour {
            command.env_remove("NO_COLOR");
        }
        for (k, v) in launch.env {
            command.env(k, v);
        }
        let child = pty.slave.spawn_command(command).expect("the binary starts");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let transcript: Transcript = Arc::new(Mutex::new(Vec::new()));
        let screen = Arc::new(Mutex::new(vt100::Parser::new_with_callbacks(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
            0,
            Requests::default(),
        )));
        let (feed, log) = (Arc::clone(&screen), Arc::clone(&transcript));
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
        Session { transcript, screen, writer, child, master: pty.master, _home: home }
    }

    /// The parsed screen as text.
    pub fn text(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Everything written so far, as text.
    pub fn transcript(&self) -> String {
        String::from_utf8_lossy(&self.transcript.lock().unwrap()).into_owned()
    }

    /// How many bytes have arrived so far.
    pub fn received(&self) -> usize {
        self.transcript.lock().unwrap().len()
    }

    /// The title, bell and clipboard requests seen so far.
    pub fn requests(&self) -> RequestsGuard<'_> {
        RequestsGuard(self.screen.lock().unwrap())
    }

    /// Waits until the parsed screen satisfies `test`.
    pub fn wait_until(&self, what: &str, test: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let screen = self.text();
            if test(&screen) {
                return;
            }
            assert!(Instant::now() < deadline, "waited for {what}; the screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Waits until the parsed terminal satisfies `test` (its modes, say: they may come
    /// a moment after the text of the same frame).
    pub fn wait_terminal(&self, what: &str, test: impl Fn(&vt100::Screen) -> bool) {
        let deadline = Instant::now() + DEADLINE;
        loop {
            if test(self.screen.lock().unwrap().screen()) {
                return;
            }
            assert!(Instant::now() < deadline, "waited for {what}; the screen:\n{}", self.text());
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    pub fn wait_for(&self, text: &str) {
        self.wait_until(&format!("`{text}`"), |screen| screen.contains(text));
    }

    pub fn wait_gone(&self, text: &str) {
        self.wait_until(&format!("`{text}` to go"), |screen| !screen.contains(text));
    }

    /// Waits until the screen shows all of `texts` and then stays the same for a
    /// moment; returns it.
    pub fn wait_settled(&self, texts: &[&str]) -> String {
        let deadline = Instant::now() + DEADLINE;
        let mut last = String::new();
        let mut since = Instant::now();
        loop {
            let now = self.text();
            if now != last {
                (last, since) = (now, Instant::now());
            } else if texts.iter().all(|t| last.contains(t)) && since.elapsed() > Duration::from_millis(300) {
                return last;
            }
            assert!(Instant::now() < deadline, "the screen never showed {texts:?}; it shows:\n{last}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until no byte has arrived for `quiet`: the frame in flight is complete.
    pub fn settle(&self, quiet: Duration) {
        let deadline = Instant::now() + DEADLINE;
        let mut seen = self.received();
        let mut since = Instant::now();
        while since.elapsed() < quiet {
            assert!(Instant::now() < deadline, "the output never settled:\n{}", self.text());
            std::thread::sleep(Duration::from_millis(25));
            let now = self.received();
            if now != seen {
                seen = now;
                since = Instant::now();
            }
        }
    }

    pub fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Resizes the terminal (the program gets SIGWINCH).
    pub fn resize(&self, cols: u16, rows: u16) {
        self.screen.lock().unwrap().set_size(NonZeroU16::new(rows).unwrap(), NonZeroU16::new(cols).unwrap());
        self.master.resize(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).unwrap();
    }

    pub fn wait_exit(&mut self) -> ExitStatus {
        let screen = &self.screen;
        wait_child(self.child.as_mut(), || {
            format!("the app did not exit; the screen:\n{}", screen.lock().unwrap().screen().contents())
        })
    }

    /// After exit: the main screen is back, the cursor shows, the mouse is released.
    pub fn assert_restored(&self) {
        // The last bytes may still be in the reader thread when the process is gone.
        let deadline = Instant::now() + DEADLINE;
        loop {
            let parser = self.screen.lock().unwrap();
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

impl Drop for Session {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}

/// The requests a session's program made, read under the parser's lock.
pub struct RequestsGuard<'a>(MutexGuard<'a, vt100::Parser<Requests>>);

impl std::ops::Deref for RequestsGuard<'_> {
    type Target = Requests;
    fn deref(&self) -> &Requests {
        self.0.callbacks()
    }
}

/// Sets `command` up as the tests run the app: TERM=xterm-256color, LANG=C, no colour,
/// and no locale, editor or configuration settings from the environment the tests
/// run in; configuration and data folders of its own under `home` (so no
/// configuration or recovered edits of the person running the tests get in).
pub fn clean_environment(command: &mut CommandBuilder, home: &Path) {
    command.env("TERM", "xterm-256color");
    command.env("LANG", "C");
    for var in ["LC_ALL", "LC_MESSAGES", "VISUAL", "EDITOR", "FRONTBACK_CONFIG"] {
        command.env_remove(var);
    }
    command.env("NO_COLOR", "1");
    command.env("XDG_CONFIG_HOME", home.join("config"));
    command.env("XDG_DATA_HOME", home.join("data"));
}

/// Waits for `child` to end and gives its status; after the deadline, ends it and
/// fails with what `failed` says.
pub fn wait_child(child: &mut (dyn portable_pty::Child + Send + Sync), failed: impl FnOnce() -> String) -> ExitStatus {
    let deadline = Instant::now() + DEADLINE;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{}", failed());
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}
