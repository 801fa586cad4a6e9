//! The terminal is shared by three threads: the event loop draws on it, the signal
//! watcher hands it back on SIGTSTP (and on the way out), and the external editor
//! borrows it. One lock says who may touch it and whether the app holds it now.
//!
//! Suspending (Ctrl+Z, which raw mode turns into a key, or `kill -TSTP`) hands the
//! terminal back as it was found (main screen, cooked and echoing, mouse and focus
//! reports off, cursor shown), stops the process for real, and on SIGCONT takes the
//! terminal again and asks the event loop for a full redraw. The event loop sleeps in
//! the terminal's event reader, so a resume from the signal watcher wakes it with a
//! SIGWINCH, which the reader turns into a resize.

use std::io::{self, stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::{Hide, Show};
use ratatui::crossterm::event::{DisableFocusChange, DisableMouseCapture, EnableFocusChange, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};

/// Whether the app holds the terminal (not while the external editor runs); held
/// while a frame is drawn and while the terminal changes hands.
static HELD: Mutex<bool> = Mutex::new(true);

/// Set on resume until the event loop has redrawn the whole screen.
static RESUMED: AtomicBool = AtomicBool::new(false);

/// The terminal lock: draw, hand over or take back only while holding it. A thread
/// that panicked holding it left nothing half done that matters, so poison is ignored.
pub fn lock() -> MutexGuard<'static, bool> {
    HELD.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Takes the terminal for the app (raw mode, the alternate screen) and sees that a
/// panic hands it back before the panic's message is printed. (`ratatui::init` does
/// the same, but its hook prints when the terminal cannot be restored, and a print
/// to a terminal that is gone panics again, inside the hook: the process aborts,
/// taking with it a write of the unsaved edits in progress on another thread.)
///
/// A panic on a save's own thread is no end of the app: the save fails, and the
/// interface, which keeps the terminal, says why (see `save::Saving::start`).
pub fn open() -> io::Result<DefaultTerminal> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if crate::org::save::on_save_thread() {
            return;
        }
        release();
        hook(info);
    }));
    let taken = enable_raw_mode().and_then(|()| execute!(stdout(), EnterAlternateScreen));
    match taken {
        Ok(()) => ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(stdout())),
        Err(error) => {
            release();
            Err(error)
        }
    }
}

/// Hands the terminal back as the app found it: mouse and focus reports off, cursor
/// shown, raw mode off, the main screen. Each step is tried whatever became of the
/// one before, and nothing is printed: this runs on the way out, in a panic hook too,
/// when the terminal may be gone.
pub fn release() {
    let _ = report_mouse(false);
    let _ = execute!(stdout(), Show);
    let _ = disable_raw_mode();
    let _ = execute!(stdout(), LeaveAlternateScreen);
}

/// Hands the terminal back ([`release`]) and lets the app's handle on it go, silently:
/// ratatui's terminal, dropped when it cannot show the cursor, prints so, and a print
/// to a terminal that is gone panics.
pub fn close(mut terminal: DefaultTerminal) {
    release();
    if terminal.show_cursor().is_err() {
        std::mem::forget(terminal);
    }
}

/// Takes the terminal again: raw mode, the alternate screen, mouse and focus reports.
/// What was on the alternate screen is gone: the next frame must be drawn whole.
pub fn take() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen)?;
    report_mouse(true)?;
    execute!(stdout(), Hide)
}

/// Asks the terminal to report the mouse and focus changes, or to stop.
pub fn report_mouse(on: bool) -> io::Result<()> {
    if on {
        execute!(stdout(), EnableMouseCapture, EnableFocusChange)
    } else {
        execute!(stdout(), DisableMouseCapture, DisableFocusChange)
    }
}

/// Stops the process until it is continued, with the terminal handed back meanwhile
/// (when the app holds it: during the external editor, the editor has it). Returns
/// after SIGCONT, the terminal taken again.
pub fn stop() {
    let held = lock();
    if *held {
        release();
    }
    // SIGTSTP's own action, stopping, whatever handler the signal has: a raised
    // SIGSTOP, which returns once the process is continued.
    #[cfg(unix)]
    let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP);
    if *held {
        let _ = take();
        RESUMED.store(true, Ordering::SeqCst);
    }
}

/// Stops on a SIGTSTP received by the signal watcher, then wakes the event loop.
#[cfg(unix)]
pub fn stop_from_signal() {
    stop();
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGWINCH);
}

/// Whether the app was resumed since last asked: the screen must be drawn whole.
pub fn take_resumed() -> bool {
    RESUMED.swap(false, Ordering::SeqCst)
}
