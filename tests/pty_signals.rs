//! The real binary in a pseudo-terminal, killed with SIGTERM while it has unsaved
//! edits: the terminal is restored, the file is untouched, the edits are written
//! beside it, and the next start offers them back.

#![cfg(unix)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const SHOP: &str = "# A commented shop\n[company]\nname = \"Signal Shop\"\n\n[org.sales]\nname = \"Sales\" # front\nfunction = \"sales\"\n\n[org.books]\nname = \"Books\"\nfunction = \"accounting\"\n";

struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Session {
    fn start(file: &Path) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize { rows: 30, cols: 100, pixel_width: 0, pixel_height: 0 })
            .expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_frontback"));
        command.arg(file);
        command.env("TERM", "xterm-256color");
        command.env("LANG", "C");
        command.env("NO_COLOR", "1");
        let child = pty.slave.spawn_command(command).expect("the binary starts");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(30).unwrap(),
            std::num::NonZeroU16::new(100).unwrap(),
            0,
        )));
        let feed = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buf[..n]);
            }
            // Keep the master open until the reader is done.
            drop(pty.master);
        });
        Session { screen, writer, child }
    }

    fn text(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.text().contains(what) {
                return;
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        panic!("`{what}` never showed; the screen:\n{}", self.text());
    }

    fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the app did not exit; the screen:\n{}", self.text());
            std::thread::sleep(Duration::from_millis(30));
        }
    }
}

#[test]
fn sigterm_with_unsaved_edits_restores_the_terminal_and_keeps_the_edits_aside() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("shop.toml");
    std::fs::write(&file, SHOP).unwrap();

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
    std::thread::sleep(Duration::from_millis(200));
    {
        let parser = session.screen.lock().unwrap();
        assert!(!parser.screen().alternate_screen(), "the alternate screen was left");
        assert!(!parser.screen().hide_cursor(), "the cursor is visible again");
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), SHOP, "the original is untouched");
    let recovered = dir.path().join(".shop.toml.recovered");
    let kept = std::fs::read_to_string(&recovered).expect("the unsaved edits were written aside");
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

unsafe extern "C" {
    #[link_name = "kill"]
    fn libc_kill(pid: i32, signal: i32) -> i32;
}
