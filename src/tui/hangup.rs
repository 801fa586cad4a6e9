//! The session ends when its terminal goes away. A shell that ignores SIGHUP (or
//! `su`, or any parent that does not pass it on) leaves the app running after its
//! terminal is closed, and the terminal's event reader then sees end of input on
//! every read and retries forever at full speed. A watcher thread waits, without
//! using any CPU, for the terminal to hang up; then it writes unsaved edits to the
//! recovery file, as a termination signal would, and ends the process.

use std::io;

use super::recovery::Recovery;

/// The exit status after a hang-up: 128 + SIGHUP, as if the signal had ended the app.
pub const HANGUP_STATUS: i32 = 129;

/// Starts the watcher for the terminal the app reads its keys from (standard input
/// when it is a terminal, else `/dev/tty`, as the event reader chooses).
#[cfg(unix)]
pub fn watch(recovery: Recovery) -> io::Result<()> {
    use std::os::fd::{AsRawFd, OwnedFd};

    let terminal: OwnedFd = if io::IsTerminal::is_terminal(&io::stdin()) {
        std::os::fd::AsFd::as_fd(&io::stdin()).try_clone_to_owned()?
    } else {
        std::fs::OpenOptions::new().read(true).open("/dev/tty")?.into()
    };
    std::thread::Builder::new().name("hang-up".into()).spawn(move || {
        if wait_for_hang_up(terminal.as_raw_fd()) {
            end_session(&recovery);
        }
    })?;
    Ok(())
}

/// On other platforms the terminal's own signals end the app.
#[cfg(not(unix))]
pub fn watch(_recovery: Recovery) -> io::Result<()> {
    Ok(())
}

/// Blocks until the terminal hangs up (or is no longer usable); returns false if the
/// wait itself failed, in which case the watcher gives up rather than spin.
#[cfg(unix)]
fn wait_for_hang_up(fd: std::os::fd::RawFd) -> bool {
    // No events asked for: poll then only reports hang-up, error or an invalid
    // descriptor, and sleeps until one of them happens.
    let mut entry = libc::pollfd { fd, events: 0, revents: 0 };
    loop {
        // SAFETY: one valid `pollfd` for the length given; the descriptor stays open
        // for as long as this thread owns it.
        let ready = unsafe { libc::poll(&mut entry, 1, -1) };
        if ready > 0 {
            return entry.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0;
        }
        if ready < 0 && io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
            return false;
        }
    }
}

/// Writes the unsaved edits aside and exits. The terminal is gone, so nothing is
/// restored on it, and a failure to report on it is ignored.
fn end_session(recovery: &Recovery) -> ! {
    recovery.write_for_the_end("the terminal hung up; ");
    std::process::exit(HANGUP_STATUS);
}
