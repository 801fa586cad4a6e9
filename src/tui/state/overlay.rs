//! What covers the screen and takes the keys while it is open: help, a confirmation, a
//! prompt, the notes editor, the function picker or a search being typed. One at a time, so that an
//! [`Overlay`] says exactly which, and the [`Mode`] of the keys follows from it.

use std::path::PathBuf;

use ratatui_textarea::{CursorMove, TextArea, WrapMode};
use tui_input::Input;

use crate::document::Document;
use crate::org::DeptId;
use crate::org::catalog::Function;
use crate::org::edit::Path;
use crate::text::{Lang, sanitize};
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
    /// A department's notes being edited in a text area.
    Notes(Box<NotesEditor>),
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
            Overlay::Notes(_) => Mode::Notes,
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
    /// A path to save the built-in sample to.
    SaveAs,
    /// The name of the student whose quiz result goes into the results file.
    StudentName,
}

/// A department's notes being edited: lines, with the break between them typed as
/// Enter.
#[derive(Clone, Debug)]
pub struct NotesEditor {
    /// The department.
    pub path: Path,
    /// Its name, shown in the editor's title.
    pub name: String,
    /// The notes as the editor opened with them.
    pub original: String,
    /// The text being edited.
    pub area: TextArea<'static>,
}

impl NotesEditor {
    /// An editor for `notes`, with the cursor at their end. Characters that must not
    /// reach the terminal raw show escaped, line by line (a break stays a break).
    pub fn new(path: Path, name: &str, notes: &str) -> NotesEditor {
        let lines: Vec<String> = notes.split('\n').map(|line| sanitize(line).into_owned()).collect();
        let mut area = TextArea::new(lines);
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        area.set_cursor_line_style(ratatui::style::Style::default());
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        let mut editor = NotesEditor { path, name: sanitize(name).into_owned(), original: String::new(), area };
        editor.original = editor.text();
        editor
    }

    /// The notes as typed, their lines joined by line breaks.
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    /// Whether the notes differ from those the editor opened with.
    pub fn is_changed(&self) -> bool {
        self.text() != self.original
    }

    /// Puts `text` in place of the notes being edited (back from the external editor).
    pub fn replace(&mut self, text: &str) {
        let lines: Vec<String> = text.split('\n').map(|line| sanitize(line).into_owned()).collect();
        let mut area = TextArea::new(lines);
        area.set_wrap_mode(self.area.wrap_mode());
        area.set_cursor_line_style(self.area.cursor_line_style());
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        self.area = area;
    }
}

// Two editors are the same when they edit the same notes to the same text (the text
// area's cursor and history do not count).
impl PartialEq for NotesEditor {
    fn eq(&self, other: &NotesEditor) -> bool {
        self.path == other.path && self.original == other.original && self.text() == other.text()
    }
}

impl Eq for NotesEditor {}

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
    /// Unsaved changes: save, discard or cancel? `save_as` when saving opens save-as
    /// instead (the file cannot be written: [`crate::tui::App::saves_elsewhere`]),
    /// found once, as it is asked.
    Quit { save_as: bool },
    /// Saving to a file that exists: overwrite it? (y/n) `quitting` when "save and
    /// quit" asked it: overwriting then quits too.
    Overwrite { path: PathBuf, quitting: bool },
    /// The file changed on disk since it was read: overwrite, reload or cancel?
    /// `quitting` when "save and quit" asked it: overwriting then quits too.
    ChangedOnDisk { quitting: bool },
    /// The file changed on disk while open: reload it?
    ReloadOffer,
    /// A previous run left unsaved edits: restore, delete or keep them? (Or, for one
    /// that is damaged, only: go on.)
    Recover(Box<RecoveryOffer>),
    /// The file edited outside no longer parses: edit again or keep the previous text?
    EditorFailed { diagnostics: String },
    /// Esc in the notes editor after a change: save the notes, discard the change, or
    /// go on editing?
    DiscardNotes(Box<NotesEditor>),
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
            Confirm::Quit { .. } => "quit",
            Confirm::Overwrite { .. } => "overwrite",
            Confirm::ChangedOnDisk { .. } => "changed",
            Confirm::ReloadOffer => "reload",
            Confirm::Recover(offer) if !offer.restorable => "recover_damaged",
            Confirm::Recover(_) => "recover",
            Confirm::EditorFailed { .. } => "editor_failed",
            Confirm::DiscardNotes(_) => "discard_notes",
        }
    }

    /// The answers the question shows, in order; a key for none of them is refused
    /// with a message naming these. A destructive answer is never on a key that is
    /// destructive in the explorer (`d` deletes there, so discarding is `D`).
    pub fn answers(&self) -> &'static [Action] {
        use Action as A;
        match self {
            Confirm::Delete { .. } | Confirm::Overwrite { .. } => &[A::Yes, A::No],
            Confirm::Quit { .. } => &[A::Save, A::Discard, A::Cancel],
            Confirm::ChangedOnDisk { .. } => &[A::Yes, A::Reload, A::Save, A::Cancel],
            Confirm::ReloadOffer => &[A::Reload, A::Cancel],
            Confirm::Recover(offer) if !offer.restorable => &[A::Cancel],
            Confirm::Recover(_) => &[A::Reload, A::Discard, A::Cancel],
            Confirm::EditorFailed { .. } => &[A::ExternalEditor, A::Cancel],
            Confirm::DiscardNotes(_) => &[A::Save, A::Discard, A::Cancel],
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
