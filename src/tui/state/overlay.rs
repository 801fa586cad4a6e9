//! What covers the screen and takes the keys while it is open: help, a confirmation, a
//! prompt, the function picker or a search being typed. One at a time, so that an
//! [`Overlay`] says exactly which, and the [`Mode`] of the keys follows from it.

use std::path::PathBuf;

use tui_input::Input;

use crate::document::Document;
use crate::org::DeptId;
use crate::org::catalog::Function;
use crate::org::edit::Path;
use crate::text::Lang;
use crate::tui::action::Action;
use crate::tui::keymap::Mode;

/// The open overlay.
#[derive(Clone, Debug)]
pub enum Overlay {
    /// The help overlay.
    Help(HelpView),
    /// A question waiting for an answer.
    Confirm(Confirm),
    /// A line of text being typed in the status bar.
    Prompt(Prompt),
    /// Choosing a function from the catalogue.
    Picker(Picker),
    /// A search being typed in the status bar.
    Search(SearchInput),
}

impl Overlay {
    /// The mode that decides what keys mean while the overlay is open.
    pub fn mode(&self) -> Mode {
        match self {
            // Typing the filter takes keys as a search does.
            Overlay::Help(help) if help.typing => Mode::Search,
            Overlay::Help(_) => Mode::Help,
            Overlay::Confirm(_) => Mode::Confirm,
            Overlay::Prompt(_) => Mode::Prompt,
            Overlay::Picker(_) => Mode::Picker,
            Overlay::Search(_) => Mode::Search,
        }
    }
}

/// The help overlay: how far it is scrolled, and the filter that narrows its keys.
#[derive(Clone, Debug, Default)]
pub struct HelpView {
    /// The first line shown.
    pub scroll: usize,
    /// Only the keys whose key or description contain this show (ignoring case and
    /// accents); empty: everything.
    pub filter: Input,
    /// Whether the filter is being typed.
    pub typing: bool,
}

/// What a prompt is asking for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PromptKind {
    AddChild(Option<Path>),
    AddSibling(Path),
    Rename(Path),
    /// A new id for the department.
    ChangeId(Path),
    Notes(Path),
    /// A path to save the built-in sample to.
    SaveAs,
}

/// A line of text being typed.
#[derive(Clone, Debug)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: Input,
}

/// A question waiting for an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Confirm {
    /// Delete this department and its `count` sub-departments? (y/n, no by default)
    Delete { path: Path, count: usize },
    /// Unsaved changes: save, discard or cancel?
    Quit,
    /// Saving to a file that exists: overwrite it? (y/n)
    Overwrite(PathBuf),
    /// The file changed on disk since it was read: overwrite, reload or cancel?
    ChangedOnDisk,
    /// The file changed on disk while open: reload it?
    ReloadOffer,
    /// A previous run left unsaved edits: restore, delete or keep them? (Or, for one
    /// that is damaged, only: go on.)
    Recover(Box<RecoveryOffer>),
    /// The file edited outside no longer parses: edit again or keep the previous text?
    EditorFailed { diagnostics: String },
}

/// A recovery offered on start, with the ones still to offer after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryOffer {
    /// The recovery file.
    pub file: PathBuf,
    /// What the dialog says: where, how old, what it changes against the file now,
    /// and whether the file changed since it was made.
    pub question: String,
    /// False for a damaged one: it can only be left as it is.
    pub restorable: bool,
    /// The recoveries to offer next.
    pub rest: Vec<RecoveryOffer>,
}

impl Confirm {
    /// The question's name in the locale files: its answers are `answer.<name>.<action>`.
    pub fn name(&self) -> &'static str {
        match self {
            Confirm::Delete { .. } => "delete",
            Confirm::Quit => "quit",
            Confirm::Overwrite(_) => "overwrite",
            Confirm::ChangedOnDisk => "changed",
            Confirm::ReloadOffer => "reload",
            Confirm::Recover(offer) if !offer.restorable => "recover_damaged",
            Confirm::Recover(_) => "recover",
            Confirm::EditorFailed { .. } => "editor_failed",
        }
    }

    /// The answers the question shows, in order; a key for none of them is refused
    /// with a message naming these. A destructive answer is never on a key that is
    /// destructive in the explorer (`d` deletes there, so discarding is `D`).
    pub fn answers(&self) -> &'static [Action] {
        use Action as A;
        match self {
            Confirm::Delete { .. } | Confirm::Overwrite(_) => &[A::Yes, A::No],
            Confirm::Quit => &[A::Save, A::Discard, A::Cancel],
            Confirm::ChangedOnDisk => &[A::Yes, A::Reload, A::Save, A::Cancel],
            Confirm::ReloadOffer => &[A::Reload, A::Cancel],
            Confirm::Recover(offer) if !offer.restorable => &[A::Cancel],
            Confirm::Recover(_) => &[A::Reload, A::Discard, A::Cancel],
            Confirm::EditorFailed { .. } => &[A::ExternalEditor, A::Cancel],
        }
    }
}

/// Choosing a function from the catalogue, filtered by what is typed.
#[derive(Clone, Debug)]
pub struct Picker {
    pub path: Path,
    pub input: Input,
    pub cursor: usize,
}

impl Picker {
    /// The entries for what is typed: "no function" first, then matches.
    pub fn entries<'a>(&self, doc: &'a Document, lang: Lang) -> Vec<Option<&'a Function>> {
        let needle = self.input.value().to_lowercase();
        let matches = doc.catalog.functions().iter().filter(|f| {
            needle.is_empty() || f.key.contains(&needle) || f.name.get(lang).to_lowercase().contains(&needle)
        });
        std::iter::once(None).filter(|_| needle.is_empty()).chain(matches.map(Some)).collect()
    }
}

/// A search query being typed.
#[derive(Clone, Debug, Default)]
pub struct SearchInput {
    pub input: Input,
    /// The department selected when typing began, restored on Esc.
    pub origin: Option<DeptId>,
}
