//! The notes editor: a text area over the screen where Enter starts a new line, the
//! confirm keys save the notes, Esc leaves (asking first when they were changed), and
//! the external-editor key hands the notes to `$VISUAL` / `$EDITOR` and back.

use std::path::Path as FsPath;

use crate::text::t;

use super::Effect;
use crate::org::edit::Edit;
use crate::org::read::{Limit, read_text};
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::state::{App, Confirm, NotesEditor, Overlay};

impl App {
    /// Saves the notes being edited, if they were changed, and closes the editor.
    pub fn confirm_notes(&mut self) {
        if let Some(Overlay::Notes(editor)) = self.overlay.take() {
            self.save_notes(*editor);
        }
    }

    /// Sets the department's notes to the editor's text, unless nothing changed.
    pub(super) fn save_notes(&mut self, editor: NotesEditor) {
        if !editor.is_changed() {
            return;
        }
        let text = editor.text();
        let current = self.doc.org.find_path(&editor.path).and_then(|id| self.doc.org.dept(id).notes.clone());
        if current.as_deref().unwrap_or("") != text {
            self.apply_edit(Edit::SetNotes { path: editor.path, notes: Some(text) });
        }
    }

    /// Esc in the notes editor: closes it when nothing changed, else asks.
    pub fn cancel_notes(&mut self) {
        match self.overlay.take() {
            Some(Overlay::Notes(editor)) if editor.is_changed() => {
                self.overlay = Some(Overlay::Confirm(Confirm::DiscardNotes(editor)));
            }
            Some(Overlay::Notes(_)) => {}
            other => self.overlay = other,
        }
    }

    /// Writes the notes being edited to a file of their own (readable by the user
    /// only) for the event loop to open in the external editor.
    pub fn notes_in_editor(&mut self) -> Option<Effect> {
        let Some(Overlay::Notes(editor)) = &self.overlay else { return None };
        let text = format!("{}\n", editor.text());
        let written =
            tempfile::Builder::new().prefix("frontback-notes-").suffix(".txt").tempfile().and_then(|mut file| {
                std::io::Write::write_all(&mut file, text.as_bytes())?;
                file.into_temp_path().keep().map_err(|e| e.error)
            });
        match written {
            Ok(path) => Some(Effect::EditNotes(path)),
            Err(error) => {
                self.status_error(error.to_string());
                None
            }
        }
    }

    /// Back from the external editor on the notes in `path`: what it wrote goes into
    /// the notes editor (without the line break editors end a file with), still to be
    /// saved; the file is removed. A failed editor leaves the notes as they were.
    pub fn after_notes_editor(&mut self, path: &FsPath, result: Result<(), String>) {
        let read = read_text(path, Limit::Org, self.lang);
        let _ = std::fs::remove_file(path);
        if let Err(error) = result {
            self.status_error(error);
            return;
        }
        let text = match read {
            Ok(text) => text,
            Err(error) => {
                self.status_error(error.to_string());
                return;
            }
        };
        let text = text.strip_suffix('\n').unwrap_or(&text);
        let text = text.strip_suffix('\r').unwrap_or(text).replace("\r\n", "\n");
        let save = self.keymap.keys(Mode::Notes, Action::Confirm).next().map(|key| key.shown(self.lang));
        if let Some(Overlay::Notes(editor)) = &mut self.overlay {
            editor.replace(&text);
            let save = save.unwrap_or_default();
            self.status_ok(t!("status.notes_back", locale = self.lang.code(), save = save));
        }
    }
}
