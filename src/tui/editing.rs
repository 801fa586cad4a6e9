//! Editing in the explorer: the prompts, confirmations and the function picker, the
//! undo history, the clipboard, saving, reloading and the external editor. Every
//! change to the org goes through [`App::apply_edit`], which applies one
//! [`Edit`] to the text and reloads the document from the result, so that what is on
//! screen is always what would be saved.

use std::path::{Path as FsPath, PathBuf};

use rust_i18n::t;
use tui_input::Input;

use super::app::{App, Status};
use crate::catalog::Function;
use crate::org::edit::{self, Edit, EditError, FactField, Path};
use crate::org::save::{DiskStamp, save_atomic};
use crate::org::{Change, DeptId, Level, LoadError, Org};

/// What a prompt is asking for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PromptKind {
    AddChild(Option<Path>),
    AddSibling(Path),
    Rename(Path),
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
    /// A previous run left unsaved edits beside the file: restore, delete or keep them?
    Recover(PathBuf),
    /// The file edited outside no longer parses: edit again or keep the previous text?
    EditorFailed { diagnostics: String },
}

/// Choosing a function from the catalogue, filtered by what is typed.
#[derive(Clone, Debug)]
pub struct Picker {
    pub path: Path,
    pub input: Input,
    pub cursor: usize,
}

/// Work the event loop must do outside the app: things that need the terminal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Suspend the interface and run the editor on this file.
    RunEditor(PathBuf),
}

/// Another state of the text, for undo and redo: the change from the text on screen
/// to it, and the selection and version it had.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub change: Change,
    pub select: Option<Path>,
    pub version: u64,
}

/// The undo and redo stacks, with no fixed limit.
#[derive(Clone, Debug, Default)]
pub struct History {
    pub undo: Vec<Snapshot>,
    pub redo: Vec<Snapshot>,
    /// The version of the text on screen; each edit makes a new one.
    pub version: u64,
    /// The version last saved or loaded.
    pub saved: u64,
    next: u64,
}

impl History {
    fn new_version(&mut self) -> u64 {
        self.next += 1;
        self.next
    }

    /// True when the text on screen differs from the file.
    pub fn is_modified(&self) -> bool {
        self.version != self.saved
    }
}

impl App {
    fn status_ok(&mut self, text: impl Into<String>) {
        self.status = Some(Status { text: text.into(), is_error: false });
    }

    fn status_error(&mut self, text: impl Into<String>) {
        self.status = Some(Status { text: text.into(), is_error: true });
    }

    fn tr(&self, key: &str) -> String {
        t!(key, locale = self.lang.code()).into_owned()
    }

    /// The path of ids of a department.
    pub fn path_of(&self, id: DeptId) -> Path {
        self.doc.org.path(id).iter().map(|s| s.to_string()).collect()
    }

    /// The path of the selected department.
    pub fn selected_path(&self) -> Option<Path> {
        self.outline.selected().map(|id| self.path_of(id))
    }

    fn refuse_if_read_only(&mut self) -> bool {
        if self.read_only {
            self.status_error(self.tr("status.read_only"));
        }
        self.read_only
    }

    /// Applies one edit to the document, puts what takes it back on the undo stack, and
    /// selects the edited department.
    pub fn apply_edit(&mut self, edit: Edit) -> bool {
        if self.refuse_if_read_only() {
            return false;
        }
        let select = self.selected_path();
        match self.doc.apply(&edit) {
            Ok(applied) => {
                let snapshot = Snapshot { change: applied.change.inverse(), select, version: self.history.version };
                let version = self.history.new_version();
                match applied.previous {
                    // The same tree with the same ids: folds and selection stay.
                    None => {
                        self.quiz = super::quiz::Quiz::new(&self.doc, self.seed);
                        self.refresh_after_edit(self.outline.filter.is_some());
                    }
                    Some(previous) => self.replace_document(&previous, applied.select.as_ref()),
                }
                self.history.undo.push(snapshot);
                self.history.redo.clear();
                self.history.version = version;
                self.sync_recovery();
                true
            }
            Err(EditError::DoesNotLoad(error)) => {
                self.show_load_error(&error);
                false
            }
            Err(error) => {
                let text = match (&error, &edit) {
                    (EditError::NoSibling, Edit::Indent { .. }) => self.tr("status.cannot_indent"),
                    (EditError::NoSibling, _) => self.tr("status.cannot_move"),
                    (EditError::AtTopLevel, _) => self.tr("status.cannot_outdent"),
                    (EditError::EmptyName, _) => self.tr("status.empty_name"),
                    _ => t!("status.edit_failed", locale = self.lang.code(), error = error.to_string()).into_owned(),
                };
                self.status_error(text);
                false
            }
        }
    }

    /// Shows a new text: reloads the document, keeps folds by path, selects `select`.
    fn replace_text(&mut self, text: String, select: Option<&Path>) -> bool {
        match self.doc.replace_text(text) {
            Ok(previous) => {
                self.replace_document(&previous, select);
                true
            }
            Err(error) => {
                self.show_load_error(&error);
                false
            }
        }
    }

    /// Says why a new text could not be loaded: the file and the first problem.
    fn show_load_error(&mut self, error: &LoadError) {
        let file = super::file_label(&self.doc, self.lang);
        let first = error.diagnostics.first().map(|d| d.problem.message(self.lang)).unwrap_or_default();
        self.status_error(format!("{file}: {first}"));
    }

    /// Shows the document after its tree was loaded anew in place of `previous`,
    /// keeping folds by path and selecting `select`.
    fn replace_document(&mut self, previous: &Org, select: Option<&Path>) {
        use super::outline::Folds;
        // Folds are carried over by path: ids change when departments come and go.
        let (all_open, marked) = match self.outline.folds() {
            Folds::Open(open) => (false, open),
            Folds::AllOpenExcept(closed) => (true, closed),
        };
        let marked: Vec<Path> =
            marked.iter().map(|&id| previous.path(id).iter().map(|s| s.to_string()).collect()).collect();
        let marked = marked.iter().filter_map(|p| self.doc.org.find_path(p)).collect();
        let folds = if all_open { Folds::AllOpenExcept(marked) } else { Folds::Open(marked) };
        let grey_only = self.outline.filter.is_some();
        self.outline = super::outline::Outline::with_folds(&self.doc, folds);
        self.quiz = super::quiz::Quiz::new(&self.doc, self.seed);
        self.refresh_after_edit(grey_only);
        if let Some(id) = select.and_then(|p| self.doc.org.find_path(p)) {
            self.outline.reveal(&self.doc, id);
        }
    }

    /// Keeps the copy for the signal watcher in step: the text while it is unsaved.
    pub fn sync_recovery(&self) {
        let target = self.history.is_modified().then(|| self.recovery_file()).flatten();
        self.recovery.set(target.as_deref().map(|target| (target, self.doc.text.as_str())));
    }

    /// Where unsaved edits of this document go if the app is killed.
    fn recovery_file(&self) -> Option<std::path::PathBuf> {
        match &self.doc.path {
            Some(path) => Some(super::recovery::recovery_path(path)),
            None => super::recovery::sample_recovery_path(),
        }
    }

    /// On start, offers to restore unsaved edits a previous run left beside the file
    /// (or, for the built-in sample, in the data folder).
    pub fn offer_recovered(&mut self) {
        if let Some(recovered) = self.recovery_file().filter(|file| file.is_file()) {
            self.confirm = Some(Confirm::Recover(recovered));
        }
    }

    /// Restores the text of a recovery file as unsaved edits, which undo takes back.
    fn restore_recovered(&mut self, file: &FsPath) {
        match std::fs::read_to_string(file) {
            Ok(text) if crate::org::load(&text).is_ok() => {
                let snapshot = Snapshot {
                    change: Change::between(&text, &self.doc.text),
                    select: self.selected_path(),
                    version: self.history.version,
                };
                let select = self.selected_path();
                if self.replace_text(text, select.as_ref()) {
                    self.history.undo.push(snapshot);
                    self.history.version = self.history.new_version();
                    let _ = std::fs::remove_file(file);
                    self.sync_recovery();
                    self.status_ok(self.tr("status.recovered"));
                }
            }
            Ok(_) => self.status_error(t!(
                "status.recovered_invalid",
                locale = self.lang.code(),
                file = file.display().to_string()
            )),
            Err(error) => self.status_error(format!("{}: {error}", file.display())),
        }
    }

    /// Undoes or redoes the last edit, restoring the selection of that moment.
    pub fn undo(&mut self, redo: bool) {
        let current_select = self.selected_path();
        let (from, to) = if redo {
            (&mut self.history.redo, &mut self.history.undo)
        } else {
            (&mut self.history.undo, &mut self.history.redo)
        };
        let Some(snapshot) = from.pop() else {
            let key = if redo { "status.nothing_to_redo" } else { "status.nothing_to_undo" };
            self.status_error(self.tr(key));
            return;
        };
        let changed = self.doc.apply_change(&snapshot.change);
        to.push(Snapshot { change: snapshot.change.inverse(), select: current_select, version: self.history.version });
        self.history.version = snapshot.version;
        match changed {
            Ok(previous) => self.replace_document(&previous, snapshot.select.as_ref()),
            Err(error) => self.show_load_error(&error),
        }
        self.sync_recovery();
        self.status_ok(self.tr(if redo { "status.redone" } else { "status.undone" }));
    }

    /// Starts an edit action: a prompt, a confirmation, the picker, or the edit itself.
    pub fn edit_action(&mut self, action: super::Action) {
        use super::Action as A;
        if matches!(action, A::Undo | A::Redo) {
            if !self.refuse_if_read_only() {
                self.undo(action == A::Redo);
            }
            return;
        }
        if action == A::Save {
            self.save(false);
            return;
        }
        if action == A::ExternalEditor {
            self.start_editor();
            return;
        }
        if action == A::Copy {
            self.copy(false);
            return;
        }
        if self.refuse_if_read_only() {
            return;
        }
        let selected = self.selected_path();
        let Some(path) = selected.clone() else {
            // An empty org: the only edits are adding and pasting at the top level.
            match action {
                A::AddChild | A::AddSibling => self.open_prompt(PromptKind::AddChild(None), ""),
                A::PasteSibling | A::PasteChild => self.paste(None, false),
                _ => self.status_error(self.tr("status.nothing_selected")),
            }
            return;
        };
        let id = self.outline.selected().expect("a selected path has an id");
        let dept = self.doc.org.dept(id).clone();
        match action {
            A::AddChild => self.open_prompt(PromptKind::AddChild(Some(path)), ""),
            A::AddSibling => self.open_prompt(PromptKind::AddSibling(path), ""),
            A::Rename => self.open_prompt(PromptKind::Rename(path), dept.display_name()),
            A::EditNotes => self.open_prompt(PromptKind::Notes(path), dept.notes.as_deref().unwrap_or("")),
            A::Delete => self.confirm = Some(Confirm::Delete { path, count: self.doc.org.descendant_count(id) }),
            A::CycleCustomers | A::CycleRevenue => {
                let (field, current) = if action == A::CycleCustomers {
                    (FactField::Customers, dept.customers)
                } else {
                    (FactField::Revenue, dept.revenue)
                };
                let value = match current {
                    None => Some(Level::Direct),
                    Some(Level::Direct) => Some(Level::Indirect),
                    Some(Level::Indirect) => Some(Level::None),
                    Some(Level::None) => None,
                };
                self.apply_edit(Edit::SetFact { path, field, value });
            }
            A::ChooseFunction => {
                let mut picker = Picker { path, input: Input::default(), cursor: 0 };
                if let Some(f) = &dept.function {
                    picker.cursor =
                        self.picker_entries(&picker).iter().position(|e| e.is_some_and(|e| &e.key == f)).unwrap_or(0);
                }
                self.picker = Some(picker);
            }
            A::MoveUp | A::MoveDown => {
                self.apply_edit(Edit::Move { path, up: action == A::MoveUp });
            }
            A::Indent => {
                self.apply_edit(Edit::Indent { path });
            }
            A::Outdent => {
                self.apply_edit(Edit::Outdent { path });
            }
            A::Cut => self.copy(true),
            A::PasteSibling => self.paste(Some(path), false),
            A::PasteChild => self.paste(Some(path), true),
            _ => {}
        }
    }

    fn open_prompt(&mut self, kind: PromptKind, initial: &str) {
        self.prompt = Some(Prompt { kind, input: Input::new(initial.to_string()) });
    }

    fn copy(&mut self, cut: bool) {
        let Some(path) = self.selected_path() else {
            self.status_error(self.tr("status.nothing_selected"));
            return;
        };
        match edit::copy_loaded(&self.doc.text, &self.doc.org, &path) {
            Ok(clip) => {
                let (count, name) = (clip.count, clip.name.clone());
                self.clipboard = Some(clip);
                if cut {
                    if self.apply_edit(Edit::Delete { path }) {
                        self.status_ok(t!("status.cut", locale = self.lang.code(), name = name, count = count));
                    }
                } else {
                    self.status_ok(t!("status.copied", locale = self.lang.code(), name = name, count = count));
                }
            }
            Err(error) => self.status_error(error.to_string()),
        }
    }

    fn paste(&mut self, target: Option<Path>, as_child: bool) {
        let Some(clip) = self.clipboard.clone() else {
            self.status_error(self.tr("status.clipboard_empty"));
            return;
        };
        self.apply_edit(Edit::Paste { clip: Box::new(clip), target, as_child });
    }

    /// Accepts the prompt's text.
    pub fn confirm_prompt(&mut self) {
        let Some(prompt) = self.prompt.take() else { return };
        let text = prompt.input.value().to_string();
        match prompt.kind {
            PromptKind::AddChild(parent) => {
                if !text.trim().is_empty() {
                    self.apply_edit(Edit::AddChild { parent, name: text });
                }
            }
            PromptKind::AddSibling(sibling) => {
                if !text.trim().is_empty() {
                    self.apply_edit(Edit::AddSibling { sibling, name: text });
                }
            }
            PromptKind::Rename(path) => {
                let unchanged =
                    self.doc.org.find_path(&path).is_some_and(|id| self.doc.org.dept(id).display_name() == text);
                if !text.trim().is_empty() && !unchanged {
                    self.apply_edit(Edit::Rename { path, name: text });
                }
            }
            PromptKind::Notes(path) => {
                let current = self.doc.org.find_path(&path).and_then(|id| self.doc.org.dept(id).notes.clone());
                if current.as_deref().unwrap_or("") != text {
                    self.apply_edit(Edit::SetNotes { path, notes: Some(text) });
                }
            }
            PromptKind::SaveAs => {
                let text = text.trim();
                if text.is_empty() {
                    return;
                }
                let path = PathBuf::from(text);
                if path.exists() {
                    self.confirm = Some(Confirm::Overwrite(path));
                } else {
                    self.write_to(&path);
                }
            }
        }
    }

    /// The picker's entries for what is typed: "no function" first, then matches.
    pub fn picker_entries(&self, picker: &Picker) -> Vec<Option<&Function>> {
        let needle = picker.input.value().to_lowercase();
        let matches = self.doc.catalog.functions().iter().filter(|f| {
            needle.is_empty() || f.key.contains(&needle) || f.name.get(self.lang).to_lowercase().contains(&needle)
        });
        std::iter::once(None).filter(|_| needle.is_empty()).chain(matches.map(Some)).collect()
    }

    /// Sets the function under the picker's cursor.
    pub fn confirm_picker(&mut self) {
        let Some(picker) = self.picker.take() else { return };
        let entries = self.picker_entries(&picker);
        let Some(entry) = entries.get(picker.cursor) else { return };
        let function = entry.map(|f| f.key.clone());
        let current = self.doc.org.find_path(&picker.path).and_then(|id| self.doc.org.dept(id).function.clone());
        if current != function {
            self.apply_edit(Edit::SetFunction { path: picker.path, function });
        }
    }

    /// Moves the picker's cursor.
    pub fn move_picker(&mut self, delta: isize) {
        let Some(picker) = &self.picker else { return };
        let len = self.picker_entries(picker).len();
        if let Some(picker) = &mut self.picker {
            picker.cursor = picker.cursor.saturating_add_signed(delta).min(len.saturating_sub(1));
        }
    }

    /// Keeps the cursor within the entries after the filter changed.
    pub fn clamp_picker(&mut self) {
        let Some(picker) = &self.picker else { return };
        let len = self.picker_entries(picker).len();
        if let Some(picker) = &mut self.picker {
            picker.cursor = picker.cursor.min(len.saturating_sub(1));
        }
    }

    /// Answers the open confirmation.
    pub fn answer(&mut self, action: super::Action) {
        use super::Action as A;
        let Some(confirm) = self.confirm.take() else { return };
        match (confirm, action) {
            (Confirm::Delete { path, .. }, A::Yes) => {
                let _ = self.apply_edit(Edit::Delete { path });
            }
            (Confirm::Quit, A::Save) => {
                if self.save(true) {
                    self.should_quit = true;
                }
            }
            (Confirm::Quit, A::Discard) => self.should_quit = true,
            (Confirm::Overwrite(path), A::Yes) => {
                let _ = self.write_to(&path);
            }
            (Confirm::ChangedOnDisk, A::Yes) => {
                if let Some(path) = self.doc.path.clone() {
                    let _ = self.write_to(&path);
                }
            }
            (Confirm::ChangedOnDisk | Confirm::ReloadOffer, A::Reload) => self.reload(),
            (Confirm::EditorFailed { .. }, A::ExternalEditor) => self.start_editor(),
            (Confirm::Recover(file), A::Reload) => self.restore_recovered(&file),
            (Confirm::Recover(file), A::Discard) => {
                let _ = std::fs::remove_file(&file);
                self.status_ok(self.tr("status.recovery_deleted"));
            }
            (confirm @ (Confirm::Delete { .. } | Confirm::Overwrite(_)), A::No | A::Cancel) => {
                let _ = confirm;
                self.status_ok(self.tr("status.cancelled"));
            }
            (Confirm::EditorFailed { .. }, A::No | A::Cancel) => {
                // The file keeps what the editor wrote; the previous text stays on
                // screen as unsaved, so that saving puts it back.
                if let Some(path) = &self.doc.path {
                    self.disk = DiskStamp::of(path);
                }
                self.history.version = self.history.new_version();
                self.sync_recovery();
                self.status_ok(self.tr("status.kept_previous"));
            }
            (_, A::Cancel | A::No) => {}
            (confirm, _) => self.confirm = Some(confirm),
        }
    }

    /// Asks before quitting with unsaved changes.
    pub fn request_quit(&mut self) {
        if self.history.is_modified() && !self.read_only {
            self.confirm = Some(Confirm::Quit);
        } else {
            self.should_quit = true;
        }
    }

    /// Saves to the document's file, asking for a path for the built-in sample and
    /// before overwriting a file someone else changed. Returns whether it saved.
    pub fn save(&mut self, quitting: bool) -> bool {
        if self.refuse_if_read_only() {
            return false;
        }
        let Some(path) = self.doc.path.clone() else {
            self.open_prompt(PromptKind::SaveAs, "");
            if quitting {
                self.status_ok(self.tr("status.save_as_first"));
            }
            return false;
        };
        if self.disk.is_some() && DiskStamp::of(&path) != self.disk {
            self.confirm = Some(Confirm::ChangedOnDisk);
            return false;
        }
        self.write_to(&path)
    }

    /// Writes the text to `path` atomically; on failure the edits stay and the reason
    /// shows, so that the save can be retried.
    fn write_to(&mut self, path: &FsPath) -> bool {
        match save_atomic(path, &self.doc.text) {
            Ok(stamp) => {
                self.disk = Some(stamp);
                self.doc.path = Some(path.to_path_buf());
                self.history.saved = self.history.version;
                self.sync_recovery();
                self.status_ok(t!("status.saved", locale = self.lang.code(), file = path.display().to_string()));
                true
            }
            Err(error) => {
                self.status_error(t!(
                    "status.save_failed",
                    locale = self.lang.code(),
                    file = path.display().to_string(),
                    error = error.to_string()
                ));
                false
            }
        }
    }

    /// Reads the file again, dropping unsaved edits (they stay undoable).
    pub fn reload(&mut self) {
        let Some(path) = self.doc.path.clone() else { return };
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let select = self.selected_path();
                let snapshot = Snapshot {
                    change: Change::between(&text, &self.doc.text),
                    select: select.clone(),
                    version: self.history.version,
                };
                if self.replace_text(text, select.as_ref()) {
                    self.history.undo.push(snapshot);
                    let version = self.history.new_version();
                    self.history.version = version;
                    self.history.saved = version;
                    self.sync_recovery();
                    self.disk = DiskStamp::of(&path);
                    self.status_ok(self.tr("status.reloaded"));
                }
            }
            Err(error) => self.status_error(format!("{}: {error}", path.display())),
        }
    }

    /// Notices a file changed on disk by someone else and offers to reload it (once
    /// per change; saving still asks before overwriting).
    pub fn check_disk(&mut self) {
        let Some(path) = &self.doc.path else { return };
        if self.disk.is_none() || self.confirm.is_some() || self.prompt.is_some() {
            return;
        }
        let now = DiskStamp::of(path);
        if now.is_some() && now != self.disk && now != self.noticed_disk {
            self.noticed_disk = now;
            self.confirm = Some(Confirm::ReloadOffer);
        }
    }

    fn start_editor(&mut self) {
        if self.refuse_if_read_only() {
            return;
        }
        match &self.doc.path {
            Some(path) if self.history.is_modified() => {
                let _ = path;
                self.status_error(self.tr("status.save_before_editor"));
            }
            Some(path) => self.effect = Some(super::editing::Effect::RunEditor(path.clone())),
            None => self.status_error(self.tr("status.save_before_editor")),
        }
    }

    /// Called after the external editor returned: reloads the file, or shows why not.
    pub fn after_editor(&mut self, result: Result<(), String>) {
        if let Err(error) = result {
            self.status_error(error);
            return;
        }
        let Some(path) = self.doc.path.clone() else { return };
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) => return self.status_error(format!("{}: {error}", path.display())),
        };
        if text == self.doc.text {
            self.disk = DiskStamp::of(&path);
            return;
        }
        match crate::org::load(&text) {
            Ok(_) => self.reload(),
            Err(error) => {
                let diagnostics = error.render(&path.display().to_string(), &text, self.lang);
                self.confirm = Some(Confirm::EditorFailed { diagnostics });
            }
        }
    }
}

/// Runs `$VISUAL`, else `$EDITOR`, else `vi` on a file.
pub fn run_editor(path: &FsPath) -> Result<(), String> {
    let command = ["VISUAL", "EDITOR"]
        .into_iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_string());
    run_editor_command(&command, path)
}

/// Runs an editor command on a file: the command may hold arguments (`code -w`),
/// split like a shell would, and the file name is passed as one argument, never
/// through a shell.
pub fn run_editor_command(command: &str, path: &FsPath) -> Result<(), String> {
    let words =
        shlex::split(command).filter(|w| !w.is_empty()).ok_or_else(|| format!("cannot run editor `{command}`"))?;
    // A relative name that starts with `-` would read as an option: `./-x.toml`.
    let path = if path.is_relative() && path.as_os_str().as_encoded_bytes().starts_with(b"-") {
        FsPath::new(".").join(path)
    } else {
        path.to_path_buf()
    };
    let status = std::process::Command::new(&words[0])
        .args(&words[1..])
        .arg(&path)
        .status()
        .map_err(|e| format!("cannot run editor `{}`: {e}", words[0]))?;
    if status.success() { Ok(()) } else { Err(format!("the editor `{}` exited with {status}", words[0])) }
}

#[cfg(test)]
mod tests {
    use super::run_editor_command;

    #[cfg(unix)]
    #[test]
    fn the_editor_gets_the_file_as_one_argument_and_may_have_arguments() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("args.log");
        let script = dir.path().join("fake editor");
        std::fs::write(
            &script,
            format!("#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> '{}'; done\n", log.display()),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let file = dir.path().join("my org; rm -rf \"x\".toml");
        std::fs::write(&file, "").unwrap();
        let command = format!("'{}' -w --wait", script.display());
        run_editor_command(&command, &file).unwrap();
        let args = std::fs::read_to_string(&log).unwrap();
        assert_eq!(args.lines().collect::<Vec<_>>(), ["-w", "--wait", file.to_str().unwrap()]);
        // A relative name that looks like an option reaches the editor as a path.
        std::fs::remove_file(&log).unwrap();
        run_editor_command(&command, std::path::Path::new("-rf.toml")).unwrap();
        let args = std::fs::read_to_string(&log).unwrap();
        assert_eq!(args.lines().last(), Some("./-rf.toml"));
    }

    #[test]
    fn a_missing_editor_is_a_message_not_a_crash() {
        let error = run_editor_command("no-such-editor-here --flag", std::path::Path::new("x.toml")).unwrap_err();
        assert!(error.contains("cannot run editor `no-such-editor-here`"), "{error}");
        assert!(run_editor_command("'unclosed", std::path::Path::new("x.toml")).is_err());
    }
}
