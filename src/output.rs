//! How the commands write (part of the binary, not the library): standard output
//! through a locked handle whose every error is handled, messages on standard error,
//! and what ends the process when output cannot be written.
//!
//! - A reader that goes away early (`frontback report big.toml | head -1`) ends the
//!   command as it ends `cat` or `grep`: SIGPIPE, whose default disposition [`main`]
//!   restores (Rust's runtime ignores it), kills the process quietly, and a shell
//!   reports 141. Where there is no such signal, the broken pipe reaches the write as
//!   an error, and the command ends quietly with that same status, [`BROKEN_PIPE`].
//! - Any other write error (a full disk) is one line on standard error naming standard
//!   output, and exit 1.
//! - A panic, which would be a bug, is one line too: never a backtrace unless
//!   `RUST_BACKTRACE` asks for one.
//! - Every message on standard error is shown through [`sanitize`], line by line, so
//!   that a file name never reaches the terminal raw.
//!
//! [`main`]: crate::main

use std::io::{self, Write};
use std::process::ExitCode;

use frontback::text::locale::{translate, translate_with};
use frontback::text::{Lang, sanitize};

/// The exit status of a command whose reader went away: 128 + SIGPIPE, what a shell
/// reports for a process the signal ended.
pub const BROKEN_PIPE: u8 = 141;

/// Gives SIGPIPE back its default disposition, which Rust's runtime sets to "ignore":
/// a write to a pipe whose reader is gone then ends the process quietly.
pub fn die_on_broken_pipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to the default, at the start of `main`
    // before any thread is spawned; no handler of ours is replaced.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// A panic prints one line, `frontback: internal error: MESSAGE (FILE:LINE)`, instead
/// of the default's lines and its hint about backtraces; with `RUST_BACKTRACE` set the
/// default report, backtrace and all, is kept for whoever asked for it.
pub fn one_line_panics() {
    if std::env::var_os("RUST_BACKTRACE").is_some_and(|v| !v.is_empty() && v != "0") {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("a panic");
        let place = info.location().map(|l| format!(" ({}:{})", l.file(), l.line())).unwrap_or_default();
        let message = sanitize(message.lines().next().unwrap_or_default()).into_owned();
        let _ = writeln!(io::stderr().lock(), "frontback: internal error: {message}{place}");
    }));
}

/// Prints `text` on standard error, each line through [`sanitize`], ending with a line
/// break. An error writing there is ignored: there is nowhere left to report it.
pub fn error(text: &str) {
    let mut shown = String::with_capacity(text.len() + 1);
    for line in text.lines() {
        shown.push_str(&sanitize(line));
        shown.push('\n');
    }
    let _ = io::stderr().lock().write_all(shown.as_bytes());
}

/// Runs `write` on standard output (locked and buffered) and flushes it: `Ok` when all
/// went out, else the exit code to end with (see [`failed`]).
pub fn to_stdout(lang: Lang, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), ExitCode> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    write(&mut out).and_then(|()| out.flush()).map_err(|error| failed(&error, lang))
}

/// The end of a command whose output could not be written: quietly with
/// [`BROKEN_PIPE`] when the reader went away, else one line naming standard output and
/// exit 1.
pub fn failed(error: &io::Error, lang: Lang) -> ExitCode {
    if error.kind() == io::ErrorKind::BrokenPipe {
        return ExitCode::from(BROKEN_PIPE);
    }
    let l = lang.code();
    let prefix = translate(l, "diag.error");
    let message = translate_with(l, "cli.cannot_write", &[("error", error)]);
    self::error(&format!("{prefix}: {message}"));
    ExitCode::FAILURE
}

/// The outcome of a command that printed with [`to_stdout`].
pub fn status(written: Result<(), ExitCode>) -> ExitCode {
    written.err().unwrap_or(ExitCode::SUCCESS)
}
