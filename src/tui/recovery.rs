//! Unsaved edits survive a termination signal. While the text differs from the file,
//! the app keeps a copy in a [`Recovery`]; on SIGTERM, SIGHUP or SIGINT a watcher
//! thread writes it to `.NAME.recovered` beside the file (never over the file itself;
//! edits of the built-in sample, which has no file, go to the platform's data folder),
//! restores the terminal and exits. The next start offers to restore it.

use std::fs;
use std::io::{self, Write, stdout};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableFocusChange, DisableMouseCapture};
use ratatui::crossterm::execute;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::org::SharedText;
use crate::paths;

/// The file unsaved edits of `path` are written to: `.NAME.recovered` in its folder.
pub fn recovery_path(path: &Path) -> PathBuf {
    let name = path.file_name().map_or_else(|| "org.toml".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.recovered"))
}

/// Where unsaved edits of the built-in sample are written: `corner-shop.recovered.toml`
/// in the platform's data folder (`$XDG_DATA_HOME/frontback` on Linux).
pub fn sample_recovery_path() -> Option<PathBuf> {
    paths::data_folder().map(|folder| folder.join("corner-shop.recovered.toml"))
}

/// A path as a message shows it: through [`crate::text::sanitize`], so that a file
/// name holding escape sequences cannot reach the terminal raw.
pub fn shown(path: &Path) -> String {
    crate::text::sanitize(&path.display().to_string()).into_owned()
}

/// What to write if the app is killed: the recovery file and the unsaved text. The
/// text is the document's own [`SharedText`], shared rather than copied, so keeping
/// it costs no memory however large the file.
#[derive(Clone, Debug, Default)]
pub struct Recovery {
    pending: Arc<Mutex<Option<(PathBuf, SharedText)>>>,
}

impl Recovery {
    /// Records the unsaved text and the recovery file it goes to, or that there is
    /// none (`None`). Given the document's [`SharedText`], it keeps a share of it.
    pub fn set<T: Into<SharedText>>(&self, unsaved: Option<(&Path, T)>) {
        let unsaved = unsaved.map(|(p, t)| (p.to_path_buf(), t.into()));
        if let Ok(mut pending) = self.pending.lock() {
            *pending = unsaved;
        }
    }

    /// Writes the unsaved text, if any, to its recovery file; returns where.
    pub fn write(&self) -> io::Result<Option<PathBuf>> {
        let pending = self.pending.lock().map_err(|_| io::Error::other("recovery state poisoned"))?;
        let Some((target, text)) = pending.as_ref() else { return Ok(None) };
        if let Some(folder) = target.parent() {
            fs::create_dir_all(folder)?;
        }
        fs::write(target, text)?;
        Ok(Some(target.clone()))
    }

    /// Writes the unsaved text, if any, and says on standard error where it went, or
    /// why it could not be written, after `cause` ("" or a few words ending in "; ").
    /// The file's name is shown escaped; a failure to report is ignored, as the app
    /// is ending either way. What every way of ending the app with edits does.
    pub fn write_and_report(&self, cause: &str) {
        let _ = match self.write() {
            Ok(Some(file)) => writeln!(io::stderr(), "frontback: {cause}unsaved edits written to {}", shown(&file)),
            Ok(None) => Ok(()),
            Err(error) => writeln!(io::stderr(), "frontback: {cause}could not write the unsaved edits: {error}"),
        };
    }

    /// Watches for SIGTERM, SIGHUP and SIGINT: writes the unsaved text, restores the
    /// terminal and exits with 128 + the signal's number.
    pub fn watch_signals(&self) -> io::Result<()> {
        let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT])?;
        let recovery = self.clone();
        std::thread::Builder::new().name("signals".into()).spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let _ = execute!(stdout(), DisableMouseCapture, DisableFocusChange, Show);
                ratatui::restore();
                recovery.write_and_report("");
                std::process::exit(128 + signal);
            }
        })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_goes_beside_the_file_never_over_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("shop.toml");
        fs::write(&file, "original").unwrap();
        let recovery = Recovery::default();
        assert_eq!(recovery.write().unwrap(), None, "nothing unsaved, nothing written");
        recovery.set(Some((&recovery_path(&file), "edited")));
        let written = recovery.write().unwrap().unwrap();
        assert_eq!(written, dir.path().join(".shop.toml.recovered"));
        assert_eq!(fs::read_to_string(&written).unwrap(), "edited");
        assert_eq!(fs::read_to_string(&file).unwrap(), "original");
    }
}
