//! The life of the open file beside the org on screen: the undo history, the
//! clipboard, the file's stamp on disk (to notice someone else changing it) and the
//! copy of unsaved edits kept for the signal watcher.

use crate::org::edit::Clip;
use crate::org::save::DiskStamp;
use crate::tui::recovery::Recovery;
use crate::tui::state::history::History;

/// The file's session.
#[derive(Clone, Debug, Default)]
pub struct Session {
    pub history: History,
    pub clipboard: Option<Clip>,
    /// The file as last read or written, to notice changes made by someone else.
    pub disk: Option<DiskStamp>,
    /// A change on disk already offered for reloading.
    pub noticed_disk: Option<DiskStamp>,
    /// The unsaved text, kept for the signal watcher.
    pub recovery: Recovery,
}
