//! The life of the open file beside the org on screen: the undo history, the
//! clipboard, the file's stamp on disk (to notice someone else changing it) and the
//! copy of unsaved edits kept for the signal watcher.

use crate::org::edit::Clip;
use crate::org::save::{DiskStamp, Saving, Settling};
use crate::tui::recovery::Recovery;
use crate::tui::state::history::History;

/// The file's session.
#[derive(Clone, Debug, Default)]
pub struct Session {
    pub history: History,
    pub clipboard: Option<Clip>,
    /// The file as last read or written, to notice changes made by someone else.
    pub disk: Option<DiskStamp>,
    /// The stamp of the file being settled, so that saving need not read the file.
    pub settling: Option<Settling>,
    /// A save still writing on a thread of its own, and the version it writes.
    pub saving: Option<InFlight>,
    /// A change on disk already offered for reloading.
    pub noticed_disk: Option<DiskStamp>,
    /// The path a save-as could not write: the next save-as starts from it, so that
    /// trying again is fixing what was typed.
    pub save_as_again: Option<std::path::PathBuf>,
    /// The unsaved text, kept for the signal watcher.
    pub recovery: Recovery,
    /// The file does not exist yet: saving makes it (`frontback NEWFILE`).
    pub new_file: bool,
    /// The bundled sample shown, when it is not the default one (`frontback bank`).
    pub sample: Option<&'static str>,
    /// Why the app is read-only, when it is.
    pub read_only: Option<ReadOnly>,
}

impl Session {
    /// Keeps a copied department in the clipboard; the one it held before is freed
    /// aside (a big subtree's text is tens of megabytes to give back).
    pub fn keep_clip(&mut self, clip: Clip) {
        if let Some(old) = self.clipboard.replace(clip) {
            let bytes = old.own_bytes();
            super::free_aside(old, bytes);
        }
    }
}

/// A save of a large text, writing while the interface goes on
/// ([`App::finish_saving`](crate::tui::state::App::finish_saving)).
#[derive(Clone, Debug)]
pub struct InFlight {
    pub saving: Saving,
    /// The version of the text it writes: the saved one once it is done.
    pub version: u64,
    /// Whether "save and quit" asked for it: a question it ends in quits too.
    pub quitting: bool,
}

/// Why nothing may be edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadOnly {
    /// `--read-only` (or the configuration) asked for it.
    Asked,
    /// The file cannot be written (or, for a new one, made in its folder); a copy saved
    /// elsewhere can be edited.
    File,
}
