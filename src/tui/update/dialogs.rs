//! The dialogs: prompts for a name, an id or a path, the function picker, the
//! confirmations and their answers, and the text typed into them.

use std::path::PathBuf;

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::Effect;
use crate::org::edit::Edit;
use crate::org::save::DiskStamp;
use crate::text::t;
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::state::{App, Confirm, Overlay, Prompt, PromptKind};

impl App {
    /// Opens a prompt for `kind`, its text starting as `initial`.
    pub(super) fn open_prompt(&mut self, kind: PromptKind, initial: &str) {
        self.overlay = Some(Overlay::Prompt(Prompt { kind, input: Input::new(initial.to_string()) }));
    }

    /// Accepts the prompt's text. An edit it asks for and that is refused (a name
    /// left empty, an id already taken) leaves the prompt open with what was typed:
    /// the status says why, and the text can be mended there or the prompt left.
    pub fn confirm_prompt(&mut self) {
        let Some(Overlay::Prompt(prompt)) = self.overlay.take() else { return };
        let text = prompt.input.value().to_string();
        let edit = match prompt.kind.clone() {
            PromptKind::AddChild(parent) => Some(Edit::AddChild { parent, name: text }),
            PromptKind::AddSibling(sibling) => Some(Edit::AddSibling { sibling, name: text }),
            PromptKind::Rename(path) => {
                let unchanged =
                    self.doc.org.find_path(&path).is_some_and(|id| self.doc.org.dept(id).display_name() == text);
                (!unchanged).then_some(Edit::Rename { path, name: text })
            }
            // The same id changes nothing; anything else is checked by the edit, which
            // says why it refuses.
            PromptKind::ChangeId(path) => {
                (path.last().map(String::as_str) != Some(text.trim())).then_some(Edit::SetId { path, id: text })
            }
            PromptKind::SaveAs => return self.save_as_named(text.trim()),
            PromptKind::StudentName => return self.save_result(&text),
        };
        if let Some(edit) = edit
            && !self.apply_edit(edit)
            && self.overlay.is_none()
        {
            self.overlay = Some(Overlay::Prompt(prompt));
        }
    }

    /// Saves the text to the file the save-as prompt names, `text`.
    fn save_as_named(&mut self, text: &str) {
        if text.is_empty() {
            self.open_prompt(PromptKind::SaveAs, text);
            let key = self.keymap.first_shown(Mode::Prompt, Action::Cancel, self.lang);
            self.status_error(t!("status.file_name_needed", locale = self.lang.code(), key = key));
            return;
        }
        let Some(path) = save_as_path(text) else {
            let file = crate::text::shown_path(std::path::Path::new(text));
            self.open_prompt(PromptKind::SaveAs, text);
            self.status_error(t!("status.save_as_folder", locale = self.lang.code(), file = file));
            return;
        };
        // The file itself, however it is written, is not for a read-only session to
        // replace. (Only then looked at on disk.)
        let own = || self.doc.path.as_deref().is_some_and(|own| crate::org::save::is_same_file(own, &path));
        if self.read_only && own() {
            self.status_error(self.read_only_message());
        } else {
            self.write_new(path, false);
        }
    }

    /// Sets the function under the picker's cursor.
    pub fn confirm_picker(&mut self) {
        let Some(Overlay::Picker(picker)) = self.overlay.take() else { return };
        let entries = picker.entries(&self.doc, self.lang);
        let Some(entry) = entries.get(picker.cursor) else { return };
        let function = entry.map(|f| f.key.clone());
        let current = self.doc.org.find_path(&picker.path).and_then(|id| self.doc.org.dept(id).function.as_deref());
        if current != function.as_deref() {
            self.apply_edit(Edit::SetFunction { path: picker.path, function });
        }
    }

    /// Moves the picker's cursor.
    pub fn move_picker(&mut self, delta: isize) {
        if let Some(Overlay::Picker(picker)) = &mut self.overlay {
            let len = picker.entries(&self.doc, self.lang).len();
            picker.cursor = picker.cursor.saturating_add_signed(delta).min(len.saturating_sub(1));
        }
    }

    /// Edits the text being typed with a key: the prompt's, the picker's filter (the
    /// cursor goes back to the first entry) or the search's (the first match from where
    /// the search began is selected as the query changes).
    pub(super) fn type_key(&mut self, mode: Mode, key: &KeyEvent) {
        let event = Event::Key(*key);
        let mut completion = None;
        match (&mut self.overlay, mode) {
            (Some(Overlay::Prompt(prompt)), Mode::Prompt) => {
                if prompt.kind == PromptKind::SaveAs && key.code == KeyCode::Tab && key.modifiers.is_empty() {
                    match complete_path(prompt.input.value()) {
                        Completion::Extended(text) => prompt.input = Input::new(text),
                        other => completion = Some(other),
                    }
                } else {
                    prompt.input.handle_event(&event);
                }
            }
            (Some(Overlay::Notes(editor)), Mode::Notes) => {
                editor.area.input(*key);
            }
            (Some(Overlay::Picker(picker)), Mode::Picker) => {
                picker.input.handle_event(&event);
                picker.cursor = 0;
            }
            (Some(Overlay::Search(typing)), Mode::Search) => {
                typing.input.handle_event(&event);
                let (query, origin) = (typing.input.value().to_string(), typing.origin);
                self.run_search(query);
                self.select_first_match(origin);
            }
            _ => {}
        }
        match completion {
            Some(Completion::Choices(names)) => {
                let list = crate::text::sanitize(&names.join("  ")).into_owned();
                self.status_error(t!("status.completions", locale = self.lang.code(), list = list));
            }
            Some(_) => self.status_error(self.tr("status.no_completion")),
            None => {}
        }
    }

    /// Answers the open confirmation; editing again after the editor failed is work
    /// for the event loop.
    pub fn answer(&mut self, action: Action) -> Option<Effect> {
        use Action as A;
        let confirm = match self.overlay.take() {
            Some(Overlay::Confirm(confirm)) => confirm,
            other => {
                self.overlay = other;
                return None;
            }
        };
        match (confirm, action) {
            (Confirm::Delete { path, .. }, A::Yes) => {
                let _ = self.apply_edit(Edit::Delete { path });
            }
            (Confirm::Quit { .. }, A::Save) => {
                let saved = self.save(true);
                self.quit_once_saved(saved, true);
            }
            (Confirm::Quit { .. }, A::Discard) => self.should_quit = true,
            (Confirm::Overwrite { path, quitting }, A::Yes) => {
                let saved = self.write_to(&path, quitting);
                self.quit_once_saved(saved, quitting);
            }
            (Confirm::ChangedOnDisk { quitting }, A::Yes) => {
                let saved = self.doc.path.clone().is_some_and(|path| self.write_to(&path, quitting));
                self.quit_once_saved(saved, quitting);
            }
            (Confirm::ChangedOnDisk { .. } | Confirm::ReloadOffer, A::Reload) => self.reload(),
            (Confirm::ChangedOnDisk { .. }, A::Save) => self.open_prompt(PromptKind::SaveAs, ""),
            (Confirm::EditorFailed { .. }, A::ExternalEditor) => return self.start_editor(),
            (Confirm::DiscardNotes(editor), A::Save) => self.save_notes(*editor),
            (Confirm::DiscardNotes(_), A::Discard) => self.status_ok(self.tr("status.cancelled")),
            (Confirm::DiscardNotes(editor), A::Cancel | A::No) => self.overlay = Some(Overlay::Notes(editor)),
            (Confirm::Recover(offer), A::Reload) if offer.restorable => {
                self.restore_recovered(&offer.file);
                self.offer_next_recovery(offer.rest);
            }
            (Confirm::Recover(offer), A::Discard) if offer.restorable => {
                let _ = std::fs::remove_file(&offer.file);
                self.status_ok(self.tr("status.recovery_deleted"));
                self.offer_next_recovery(offer.rest);
            }
            // Kept where it is; a damaged one is never restored nor deleted from here.
            (Confirm::Recover(offer), A::Cancel | A::No) => self.offer_next_recovery(offer.rest),
            (confirm @ (Confirm::Delete { .. } | Confirm::Overwrite { .. }), A::No | A::Cancel) => {
                let _ = confirm;
                self.status_ok(self.tr("status.cancelled"));
            }
            (Confirm::EditorFailed { .. }, A::No | A::Cancel) => {
                // The file keeps what the editor wrote; the previous text stays on
                // screen as unsaved, so that saving puts it back.
                if let Some(path) = &self.doc.path {
                    self.session.disk = DiskStamp::of(path);
                }
                self.session.history.version = self.session.history.new_version();
                self.sync_recovery();
                self.status_ok(self.tr("status.kept_previous"));
            }
            (_, A::Cancel | A::No) => {}
            (confirm, _) => {
                self.overlay = Some(Overlay::Confirm(confirm));
                self.refuse_answer();
            }
        }
        None
    }

    /// Says which keys the open question takes, after a key it does not: "Press r or
    /// c." A question never drops a key silently, or the app would look frozen.
    pub(super) fn refuse_answer(&mut self) {
        let Some(confirm) = self.confirm() else { return };
        let keys: Vec<String> = confirm
            .answers()
            .iter()
            .filter_map(|&action| self.keymap.answer_key(Mode::Confirm, action))
            .map(|key| key.shown(self.lang))
            .collect();
        let or = format!(" {} ", self.tr("confirm.or"));
        let keys = match keys.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{}{or}{last}", rest.join(", ")),
            None => return,
        };
        self.status_error(t!("confirm.press", locale = self.lang.code(), keys = keys));
    }
}

/// The file a save-as prompt names: `~/` is the home folder, and a name without an
/// extension gets `.toml`. `None` for a folder (a name ending in `/`, or one that is).
fn save_as_path(typed: &str) -> Option<PathBuf> {
    if typed.ends_with('/') {
        return None;
    }
    let mut path = expand_home(typed);
    if path.is_dir() {
        return None;
    }
    if path.extension().is_none() {
        let mut name = path.file_name()?.to_os_string();
        name.push(".toml");
        path.set_file_name(name);
    }
    Some(path)
}

/// `~/x` as `$HOME/x`; anything else as it is.
fn expand_home(typed: &str) -> PathBuf {
    match (typed.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(typed),
    }
}

/// What Tab does to a path being typed.
#[derive(Debug, PartialEq, Eq)]
enum Completion {
    /// The text grows: the one match (a folder with its `/`), or the matches' common
    /// beginning.
    Extended(String),
    /// Nothing to add: these are the names that match (folders ending in `/`).
    Choices(Vec<String>),
    /// Nothing matches.
    None,
}

/// Completes the last part of a typed path from the names in its folder, as a shell
/// does: hidden names only when the part starts with a dot.
fn complete_path(typed: &str) -> Completion {
    let (folder, part) = match typed.rfind('/') {
        Some(at) => (&typed[..=at], &typed[at + 1..]),
        None => ("", typed),
    };
    let dir = if folder.is_empty() { PathBuf::from(".") } else { expand_home(folder) };
    let Ok(entries) = std::fs::read_dir(&dir) else { return Completion::None };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let wanted = name.starts_with(part) && (part.starts_with('.') || !name.starts_with('.'));
            // Followed through a link: a link to a folder is a folder here.
            let is_dir = std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir());
            wanted.then(|| if is_dir { format!("{name}/") } else { name })
        })
        .collect();
    names.sort();
    let Some(first) = names.first() else { return Completion::None };
    let common = names.iter().skip(1).fold(first.as_str(), |common, name| {
        let same = common.char_indices().zip(name.chars()).take_while(|((_, a), b)| a == b).count();
        let end = common.char_indices().nth(same).map_or(common.len(), |(at, _)| at);
        &common[..end]
    });
    if common.len() > part.len() {
        Completion::Extended(format!("{folder}{common}"))
    } else {
        Completion::Choices(names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_without_an_extension_gets_toml_and_a_folder_is_no_file() {
        assert_eq!(save_as_path("mine"), Some(PathBuf::from("mine.toml")));
        assert_eq!(save_as_path("a/b.c/mine"), Some(PathBuf::from("a/b.c/mine.toml")));
        assert_eq!(save_as_path("mine.txt"), Some(PathBuf::from("mine.txt")));
        assert_eq!(save_as_path("somewhere/"), None);
        assert_eq!(save_as_path("."), None);
    }

    #[test]
    fn tab_completes_the_common_beginning_then_lists_the_choices() {
        let dir = tempfile::tempdir().unwrap();
        let base = format!("{}/", dir.path().display());
        std::fs::write(dir.path().join("shop-old.toml"), "").unwrap();
        std::fs::write(dir.path().join("shop-new.toml"), "").unwrap();
        std::fs::write(dir.path().join(".hidden"), "").unwrap();
        std::fs::create_dir(dir.path().join("plans")).unwrap();
        assert_eq!(complete_path(&format!("{base}sh")), Completion::Extended(format!("{base}shop-")));
        assert_eq!(
            complete_path(&format!("{base}shop-")),
            Completion::Choices(vec!["shop-new.toml".into(), "shop-old.toml".into()])
        );
        assert_eq!(complete_path(&format!("{base}pl")), Completion::Extended(format!("{base}plans/")));
        assert_eq!(complete_path(&format!("{base}.h")), Completion::Extended(format!("{base}.hidden")));
        assert_eq!(complete_path(&format!("{base}zz")), Completion::None);
        assert_eq!(
            complete_path(&base),
            Completion::Choices(vec!["plans/".into(), "shop-new.toml".into(), "shop-old.toml".into()])
        );
    }
}
