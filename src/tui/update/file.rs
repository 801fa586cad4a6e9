//! The life of the file: saving (atomically, asking before overwriting), reloading,
//! noticing changes made by someone else, the external editor, the copy of unsaved
//! edits kept for recovery and offered on the next start, and quitting.

use std::path::Path as FsPath;

use crate::text::t;

use super::Effect;
use crate::document::SharedText;
use crate::org::read::{Limit, read_text};
use crate::org::save::{DiskStamp, SaveError, Saving, save_atomic};
use crate::text::shown_path as shown;
use crate::tui::action::Action;
use crate::tui::recovery::Base;
use crate::tui::state::session::InFlight;
use crate::tui::state::{App, Confirm, Overlay, PromptKind, ReadOnly, RecoveryOffer};

/// From how many bytes of text a save writes on a thread of its own
/// ([`App::finish_saving`]): below it, writing and syncing take a few milliseconds,
/// and the status goes straight to "Saved".
pub const SAVE_AHEAD_FROM: usize = 1 << 20;

impl App {
    /// Asks before quitting with unsaved changes.
    pub fn request_quit(&mut self) {
        // A save still writing is waited for: once it is done, nothing may be unsaved.
        // Should it fail, that is said (or asked) first.
        if !self.finish_saving() {
            return;
        }
        // Asked even when the file cannot be written: edits restored from a recovery
        // are unsaved there too, and can be saved elsewhere.
        if self.session.history.is_modified() {
            self.overlay = Some(Overlay::Confirm(self.quit_question()));
        } else {
            self.should_quit = true;
        }
    }

    /// Saves to the document's file, asking for a path for the built-in sample and
    /// before overwriting a file someone else changed. Returns whether it saved, or
    /// started saving a large text ([`App::finish_saving`] tells how that ended).
    pub fn save(&mut self, quitting: bool) -> bool {
        // A save still writing ends first: the file's stamp is the one it leaves, and
        // should it fail, that is what this key says (pressed again, it tries again).
        if !self.finish_saving() {
            return false;
        }
        if quitting && self.read_only {
            // "Save and quit" asked of a file that is not to be written: the edits
            // can be kept in a copy, whose path is asked for.
            match (&self.session.read_only, self.doc.path.clone()) {
                (Some(ReadOnly::File), Some(path)) => self.refuse_read_only_file(&path),
                _ => {
                    self.open_prompt(PromptKind::SaveAs, "");
                    self.status_error(self.read_only_message());
                }
            }
            return false;
        }
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
        if crate::org::save::is_read_only(&path) {
            self.refuse_read_only_file(&path);
            return false;
        }
        // A new file (none was there when it opened, and it was not saved since): one
        // someone else made meanwhile is asked about, never replaced unasked.
        if self.session.new_file {
            return self.write_new(path, quitting);
        }
        // Before every save the file on disk must still hold the bytes last read or
        // written. A settled stamp whose metadata is unchanged vouches for that (a
        // change that kept the time and length, `cp -p` or `touch -r`, moved the change
        // time); otherwise the file is read and hashed.
        if let Some(known) = self.known_disk()
            && !known.vouches_for(&path)
        {
            match DiskStamp::read(&path) {
                Ok(now) if now.same_content(&known) => {
                    self.session.disk = Some(now);
                    self.start_settling();
                }
                _ => {
                    self.overlay = Some(Overlay::Confirm(Confirm::ChangedOnDisk { quitting }));
                    return false;
                }
            }
        }
        self.write_to(&path, quitting)
    }

    /// The stamp of the file as last read or written, settled if a look at it since
    /// found it unchanged.
    fn known_disk(&mut self) -> Option<DiskStamp> {
        let known = self.session.disk?;
        if known.settled {
            return Some(known);
        }
        match self.session.settling.as_ref().and_then(|settling| settling.settled()) {
            Some(settled) if settled == known => {
                self.session.disk = Some(settled);
                self.session.settling = None;
                Some(settled)
            }
            _ => Some(known),
        }
    }

    /// Starts settling the stamp of the file, on a thread of its own, unless it is
    /// settled or being settled (or was looked at and found changed).
    pub(crate) fn start_settling(&mut self) {
        if !self.settling_pending() {
            return;
        }
        let (Some(path), Some(known)) = (&self.doc.path, self.session.disk) else { return };
        self.session.settling = Some(known.settle(path));
    }

    /// Whether the stamp of the file is still to be settled: neither settled nor
    /// being settled.
    pub(crate) fn settling_pending(&self) -> bool {
        let (Some(_), Some(known)) = (&self.doc.path, self.session.disk) else { return false };
        // While a save writes, the file is about to be replaced: its stamp is not
        // worth settling.
        self.session.saving.is_none()
            && !known.settled
            && self.session.settling.as_ref().is_none_or(|settling| settling.stamp != known)
    }

    /// What an edit refused in read-only mode says: why, and that a copy saved
    /// elsewhere (with the save-as key) is the way on.
    pub(super) fn read_only_message(&self) -> String {
        let key = self.explorer_key(Action::SaveAs);
        let l = self.lang.code();
        match (&self.session.read_only, &self.doc.path) {
            (Some(ReadOnly::File), Some(path)) => {
                t!("status.read_only_file", locale = l, file = shown(path), key = key).into_owned()
            }
            _ => t!("status.read_only", locale = l, key = key).into_owned(),
        }
    }

    /// The question quitting with unsaved changes asks.
    pub fn quit_question(&self) -> Confirm {
        Confirm::Quit { save_as: self.saves_elsewhere() }
    }

    /// Whether "save" writes somewhere other than the open file: the built-in sample
    /// has none, a read-only session may not write it, and a file made read-only
    /// since it was opened cannot be written. It then opens save-as.
    pub fn saves_elsewhere(&self) -> bool {
        self.read_only || self.doc.path.as_deref().is_none_or(crate::org::save::is_read_only)
    }

    /// Opens the prompt for a path to save a copy to (allowed in read-only mode: it
    /// changes nothing on screen), starting from the file's own path.
    pub fn save_as(&mut self) {
        let again = self.session.save_as_again.take();
        let initial = again.as_deref().or(self.doc.path.as_deref());
        let initial = initial.map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
        self.open_prompt(PromptKind::SaveAs, &initial);
    }

    /// Writes the text to `path`, where no file was: should one be there now, asks
    /// before replacing it (`quitting`: for "save and quit"). Returns whether it saved
    /// or started saving.
    pub(super) fn write_new(&mut self, path: std::path::PathBuf, quitting: bool) -> bool {
        if std::fs::symlink_metadata(&path).is_ok() {
            self.overlay = Some(Overlay::Confirm(Confirm::Overwrite { path, quitting }));
            return false;
        }
        self.write_to(&path, quitting)
    }

    /// After a save that "save and quit" asked for (`quitting`), which wrote or started
    /// writing (`saved`): quits once the disk has the text.
    pub(super) fn quit_once_saved(&mut self, saved: bool, quitting: bool) {
        if saved && quitting && self.finish_saving() {
            self.should_quit = true;
        }
    }

    /// Writes the text to `path` safely; on failure the edits stay and the reason
    /// shows in full, so that the save can be retried or made elsewhere. A large text
    /// is written on a thread of its own: the key is answered at once, the status says
    /// it is being saved, and says "Saved" (or why not) once the disk has it; edits
    /// made meanwhile stay unsaved. Returns whether it saved or started saving.
    /// `quitting` when "save and quit" asked for it: a question the save ends in
    /// quits too once answered.
    pub(super) fn write_to(&mut self, path: &FsPath, quitting: bool) -> bool {
        // A save still writing ends first; should it fail, that is what is said, and
        // this one waits to be asked for again.
        if !self.finish_saving() {
            return false;
        }
        let version = self.session.history.version;
        // The recovery hears of the save, the moment it ends: a signal that ends the
        // app meanwhile waits for it, and records the file it leaves. Once the app is
        // ending, no save starts (it would be cut off).
        let recovery = self.session.recovery.clone();
        let here = self.doc.text.len() < SAVE_AHEAD_FROM;
        if !recovery.save_started(here) {
            return false;
        }
        if here {
            let result = save_atomic(path, &self.doc.text);
            recovery
                .save_ended(result.as_ref().ok().map(|stamp| (path, version, Base::of_stamp(stamp), &self.doc.text)));
            return self.saved(path, (version, quitting), result);
        }
        let (source, text) = (path.to_path_buf(), self.doc.text.clone());
        let after = move |result: &Result<DiskStamp, SaveError>| {
            recovery.save_ended(result.as_ref().ok().map(|stamp| (&*source, version, Base::of_stamp(stamp), &text)));
        };
        match Saving::start(path, self.doc.text.clone(), after) {
            Ok(saving) => {
                self.session.saving = Some(InFlight { saving, version, quitting });
                self.status_ok(t!("status.saving", locale = self.lang.code(), file = shown(path)));
                true
            }
            Err(error) => {
                self.session.recovery.save_ended(None);
                self.saved(path, (version, quitting), Err(error))
            }
        }
    }

    /// Waits for the save still writing, if any, and says how it went, as a save on
    /// this thread would have. Returns `false` when it failed.
    pub fn finish_saving(&mut self) -> bool {
        let Some(InFlight { saving, version, quitting }) = self.session.saving.take() else { return true };
        match saving.wait() {
            Some(result) => self.saved(&saving.path, (version, quitting), result),
            None => true,
        }
    }

    /// In a pause: ends the save still writing once the disk has it. Returns whether
    /// it ended (the status changed).
    pub(crate) fn poll_saving(&mut self) -> bool {
        let done = self.session.saving.as_ref().is_some_and(|in_flight| in_flight.saving.is_done());
        if done {
            self.finish_saving();
        }
        done
    }

    /// After `version` of the text was written to `path` (or not, `result` says):
    /// the file's new stamp, the saved version and the recovery, or why it failed.
    /// (`quitting`: "save and quit" asked for it.)
    fn saved(&mut self, path: &FsPath, (version, quitting): (u64, bool), result: Result<DiskStamp, SaveError>) -> bool {
        match result {
            Ok(stamp) => {
                if self.doc.path.as_deref() != Some(path) && self.session.read_only == Some(ReadOnly::File) {
                    // A copy of a file that cannot be written: the copy can be edited.
                    self.session.read_only = None;
                    self.read_only = false;
                }
                self.session.new_file = false;
                self.session.disk = Some(stamp);
                self.session.noticed_disk = None;
                self.session.save_as_again = None;
                self.doc.path = Some(path.to_path_buf());
                self.start_settling();
                self.session.history.saved = version;
                // The file is this version now, even when edits made while it was
                // written follow it: a recovery of those is made on it.
                self.session.recovery.set_source(Some(path), Some((version, Base::of_stamp(&stamp))));
                self.sync_recovery();
                self.session.recovery.forget_restored();
                self.status_ok(t!("status.saved", locale = self.lang.code(), file = shown(path)));
                true
            }
            // A file made meanwhile where a new one was to go: asked about, not replaced.
            // (A save that ended on its own thread while a dialog is open only says why
            // it failed: the dialog stays, and saving again asks.)
            Err(error) if error.already_exists() && self.overlay.is_none() => {
                self.overlay = Some(Overlay::Confirm(Confirm::Overwrite { path: path.to_path_buf(), quitting }));
                false
            }
            Err(error) if error.is_read_only() && self.overlay.is_none() => {
                self.refuse_read_only_file(path);
                false
            }
            Err(error) => {
                // `s` tries the open file again; a copy that failed, save-as does.
                let again = match self.doc.path.as_deref() {
                    Some(file) if file == path && !self.read_only => Action::Save,
                    _ => {
                        self.session.save_as_again = Some(path.to_path_buf());
                        Action::SaveAs
                    }
                };
                self.status_error(t!(
                    "status.save_failed",
                    locale = self.lang.code(),
                    file = shown(path),
                    error = crate::text::sanitize(&error.reason(self.lang)).into_owned(),
                    key = self.explorer_key(again)
                ));
                false
            }
        }
    }

    /// Refuses to replace a file nobody may write, and offers to save elsewhere.
    fn refuse_read_only_file(&mut self, path: &FsPath) {
        self.open_prompt(PromptKind::SaveAs, "");
        self.status_error(t!("status.file_read_only", locale = self.lang.code(), file = shown(path)));
    }

    /// Reads the file again, dropping unsaved edits (they stay undoable).
    pub fn reload(&mut self) {
        // What a save still writing leaves is what is read again.
        self.finish_saving();
        let Some(path) = self.doc.path.clone() else { return };
        match read_text(&path, Limit::Org, self.lang) {
            Ok(text) => {
                if let Err((error, _)) = self.take_in_file(&path, text) {
                    self.show_load_error(&error);
                }
            }
            Err(error) => self.status_error(format!("{}: {error}", path.display())),
        }
    }

    /// Shows `text`, just read from the document's file at `path`, as what the file
    /// holds: a step undo takes back, nothing unsaved. On an error nothing changes,
    /// and why comes back with the text.
    fn take_in_file(&mut self, path: &FsPath, text: String) -> Result<(), (crate::org::LoadError, String)> {
        let stamp = DiskStamp::of_bytes(path, text.as_bytes());
        let dropped = self.replace_text_undoably(text)?;
        self.session.history.saved = self.session.history.version;
        // The stamp first: the recovery's base is the file as read now.
        self.session.disk = Some(stamp);
        self.session.noticed_disk = None;
        self.sync_recovery();
        self.say_with_dropped(Some(self.tr("status.reloaded")), dropped);
        Ok(())
    }

    /// Notices a file changed on disk by someone else and offers to reload it (once
    /// per change, and not while an overlay is open; saving still asks before
    /// overwriting). A new time, length, inode or change time only makes the file
    /// worth hashing again: the offer comes when its bytes changed. The stamp of the
    /// file is settled meanwhile, off this thread, so that saving need not read it.
    pub fn check_disk(&mut self) {
        // The app's own save is replacing the file: that is no one else's change.
        if self.session.saving.is_some() {
            return;
        }
        let Some(known) = self.known_disk() else { return };
        self.start_settling();
        let Some(path) = &self.doc.path else { return };
        if self.overlay.is_some() || known.looks_unchanged(path) {
            return;
        }
        if self.session.noticed_disk.is_some_and(|noticed| noticed.looks_unchanged(path)) {
            return;
        }
        match DiskStamp::read(path) {
            // Touched, not changed: the new time is remembered.
            Ok(now) if now.same_content(&known) => self.session.disk = Some(now),
            Ok(now) => {
                let offered = self.session.noticed_disk.is_some_and(|noticed| noticed.same_content(&now));
                self.session.noticed_disk = Some(now);
                if !offered {
                    self.overlay = Some(Overlay::Confirm(Confirm::ReloadOffer));
                }
            }
            Err(_) => {}
        }
    }

    /// The external editor on the file, for the event loop to run; not while there are
    /// unsaved edits (they would be lost), nor for the built-in sample.
    pub(super) fn start_editor(&mut self) -> Option<Effect> {
        if self.refuse_if_read_only() {
            return None;
        }
        // The editor gets the file once a save still writing is done with it (should
        // that fail, it is what is said).
        if !self.finish_saving() {
            return None;
        }
        match &self.doc.path {
            Some(_) if self.session.history.is_modified() => self.status_error(self.tr("status.save_before_editor")),
            Some(path) => return Some(Effect::RunEditor(path.clone())),
            None => self.status_error(self.tr("status.save_before_editor")),
        }
        None
    }

    /// Called after the external editor returned, whether it succeeded or failed:
    /// the file is compared with the text shown. Unchanged, nothing happens (but a
    /// failure is said); changed and loading, it is reloaded; changed and not loading
    /// (or no longer readable), the user chooses between editing again and keeping the
    /// text shown, which then counts as unsaved: quitting asks, saving puts it back.
    pub fn after_editor(&mut self, result: Result<(), String>) {
        let Some(path) = self.doc.path.clone() else {
            if let Err(error) = result {
                self.status_error(error);
            }
            return;
        };
        let failed = result.err();
        let text = match read_text(&path, Limit::Org, self.lang) {
            Ok(text) => text,
            Err(error) => {
                let error = format!("{}: {error}", path.display());
                let diagnostics = failed.map_or_else(|| error.clone(), |failed| format!("{failed}\n\n{error}"));
                self.overlay = Some(Overlay::Confirm(Confirm::EditorFailed { diagnostics }));
                return;
            }
        };
        if text == self.doc.text {
            self.session.disk = Some(DiskStamp::of_bytes(&path, text.as_bytes()));
            if let Some(error) = failed {
                self.status_error(error);
            }
            return;
        }
        // Read once and loaded once, as it takes the document's place.
        match self.take_in_file(&path, text) {
            Ok(()) => {
                if let Some(error) = failed {
                    self.status_error(t!("status.editor_failed_reloaded", locale = self.lang.code(), error = error));
                }
            }
            Err((error, text)) => {
                let rendered = error.render(&path.display().to_string(), &text, self.lang);
                let diagnostics = failed.map_or_else(|| rendered.clone(), |failed| format!("{failed}\n\n{rendered}"));
                self.overlay = Some(Overlay::Confirm(Confirm::EditorFailed { diagnostics }));
            }
        }
    }

    /// Keeps the copy for the signal watcher in step: the text while it is unsaved,
    /// the file it belongs to, and, while nothing is unsaved, the text as saved (the
    /// base a recovery records).
    pub fn sync_recovery(&self) {
        let history = &self.session.history;
        let (source, modified) = (self.doc.path.as_deref(), history.is_modified());
        // A save that ended on its own thread, not yet taken in here (`saved`), may
        // have written this very version: it recorded so, and nothing is unsaved.
        // (Were the text kept as unsaved, a signal now would write aside what the
        // file already holds.)
        if modified && self.session.recovery.has_base(source, history.version) {
            self.session.recovery.set(None::<(&FsPath, SharedText)>);
            return;
        }
        // The base is worked out once per saved version: an undo back to it does not
        // hash the whole text again.
        let known = self.session.recovery.has_base(source, history.saved);
        let saved = (!modified && !known).then(|| (history.saved, self.recovery_base()));
        self.session.recovery.set_source(source, saved);
        let target = modified.then(|| self.recovery_file()).flatten();
        self.session.recovery.set(target.as_deref().map(|target| (target, self.doc.text.clone())));
    }

    /// The file as last read or saved, as a recovery records it: from the stamp taken
    /// then (the built-in sample, which has none, from its text).
    fn recovery_base(&self) -> Base {
        self.session.disk.as_ref().map_or_else(|| Base::of(&self.doc.text), Base::of_stamp)
    }

    /// Where unsaved edits of this document go if the app is killed.
    fn recovery_file(&self) -> Option<std::path::PathBuf> {
        match &self.doc.path {
            Some(path) => Some(crate::tui::recovery::recovery_path(path)),
            None => crate::tui::recovery::sample_recovery_path(),
        }
    }

    /// On start (the text is the file as read): records it as the base of this run's
    /// recovery, and offers, one after another, every recovery previous runs left for
    /// the file (or, for the built-in sample, in the data folder). Each says how old
    /// it is, what it changes against the file now, and whether the file changed
    /// since it was made; a damaged one is only reported, and left where it is.
    pub fn offer_recovered(&mut self) {
        use crate::tui::recovery;
        self.sync_recovery();
        let files = recovery::find(self.doc.path.as_deref(), crate::paths::data_folder().as_deref());
        if files.is_empty() {
            return;
        }
        // The file as it is now: just read, so its stamp is of these bytes.
        let base = Some(self.recovery_base());
        let offers = files.iter().map(|file| {
            let found = recovery::inspect(file, base.as_ref().map(|base| (base, &self.doc.org)), self.lang);
            let restorable = found.state.is_ok();
            RecoveryOffer {
                file: file.clone(),
                question: recovery::offer_text(&found, self.lang),
                restorable,
                rest: Vec::new(),
            }
        });
        self.offer_next_recovery(offers.collect());
    }

    /// Opens the first of `offers`, the others to follow it.
    pub(super) fn offer_next_recovery(&mut self, offers: Vec<RecoveryOffer>) {
        let mut offers = offers.into_iter();
        if let Some(mut first) = offers.next() {
            first.rest = offers.collect();
            self.overlay = Some(Overlay::Confirm(Confirm::Recover(Box::new(first))));
        }
    }

    /// Restores the text of a recovery file as unsaved edits, which undo takes back.
    /// The recovery stays on disk until those edits are saved.
    pub(super) fn restore_recovered(&mut self, file: &FsPath) {
        let shown = shown(file);
        match crate::tui::recovery::read_recovery(file, self.lang) {
            // Loaded once, as it takes the document's place.
            Ok((_, text)) => match self.replace_text_undoably(text) {
                Ok(dropped) => {
                    self.session.recovery.restored(file);
                    self.sync_recovery();
                    let said = t!("status.recovered", locale = self.lang.code(), file = shown).into_owned();
                    self.say_with_dropped(Some(said), dropped);
                }
                Err(_) => self.status_error(t!("status.recovered_invalid", locale = self.lang.code(), file = shown)),
            },
            Err(error) => self.status_error(format!("{shown}: {error}")),
        }
    }
}

/// Why the external editor did not end well.
#[derive(Debug)]
pub enum EditorError {
    /// The command is no command line (a quote left open, or nothing at all).
    NoCommand(String),
    /// The program could not be started.
    CannotRun(String, std::io::Error),
    /// The program ended with a failure: its exit code, or none when a signal ended it.
    Failed(String, Option<i32>),
}

impl EditorError {
    /// What went wrong, in `lang`.
    pub fn said(&self, lang: crate::text::Lang) -> String {
        let l = lang.code();
        match self {
            EditorError::NoCommand(command) => t!("editor.no_command", locale = l, command = command),
            EditorError::CannotRun(program, error) => {
                let error = crate::text::system_reason_or_own(error, lang, crate::text::Access::Run);
                t!("editor.cannot_run", locale = l, program = program, error = error)
            }
            EditorError::Failed(program, Some(code)) => t!("editor.failed", locale = l, program = program, code = code),
            EditorError::Failed(program, None) => t!("editor.killed", locale = l, program = program),
        }
        .into_owned()
    }
}

/// Runs `$VISUAL`, else `$EDITOR`, else `vi` on a file.
pub fn run_editor(path: &FsPath) -> Result<(), EditorError> {
    let command = ["VISUAL", "EDITOR"]
        .into_iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_string());
    run_editor_command(&command, path)
}

/// Runs an editor command on a file: the command may hold arguments (`code -w`),
/// split like a shell would, and the file name is passed as one argument, never
/// through a shell.
pub fn run_editor_command(command: &str, path: &FsPath) -> Result<(), EditorError> {
    let words =
        shlex::split(command).filter(|w| !w.is_empty()).ok_or_else(|| EditorError::NoCommand(command.to_string()))?;
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
        .map_err(|e| EditorError::CannotRun(words[0].clone(), e))?;
    if status.success() { Ok(()) } else { Err(EditorError::Failed(words[0].clone(), status.code())) }
}

#[cfg(test)]
mod tests {
    use super::run_editor_command;
    use crate::org::save::SaveError;
    use crate::tui::state::{App, Confirm, Options, Overlay};

    /// A new file's save that found a file someone made there between the check and
    /// the write asks before overwriting it; after "save and quit", its "yes" quits too.
    #[test]
    fn the_overwrite_question_a_save_ends_in_quits_when_the_save_was_to_quit() {
        for quitting in [false, true] {
            let doc = crate::document::Document::from_text(None, "[company]\nname = \"C\"\n".into()).unwrap();
            let mut app = App::new(doc, Options::default());
            let path = std::path::Path::new("new.toml");
            let version = app.session.history.version;
            assert!(!app.saved(path, (version, quitting), Err(SaveError::made_meanwhile(path))));
            let asked = Confirm::Overwrite { path: path.to_path_buf(), quitting };
            assert!(matches!(&app.overlay, Some(Overlay::Confirm(c)) if *c == asked), "{:?}", app.overlay);
            assert!(!app.should_quit, "nothing was saved yet");
        }
    }

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
        use crate::text::Lang;
        let error = run_editor_command("no-such-editor-here --flag", std::path::Path::new("x.toml")).unwrap_err();
        let (en, es) = (error.said(Lang::En), error.said(Lang::Es));
        assert_eq!(en, "cannot run editor `no-such-editor-here`: No such file or directory");
        assert_eq!(es, "no se puede abrir el editor `no-such-editor-here`: No existe ese archivo o carpeta");
        let error = run_editor_command("'unclosed", std::path::Path::new("x.toml")).unwrap_err();
        assert_eq!(error.said(Lang::Es), "«'unclosed» no es una orden que se pueda ejecutar como editor");
    }

    /// An editor this user may not run is said so, not that it may not be read.
    #[cfg(unix)]
    #[test]
    fn an_editor_that_may_not_be_run_is_said_so_in_either_language() {
        use crate::text::Lang;
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let editor = dir.path().join("editor");
        std::fs::write(&editor, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o644)).unwrap();
        let command = editor.display().to_string();
        let error = run_editor_command(&command, std::path::Path::new("x.toml")).unwrap_err();
        assert_eq!(
            error.said(Lang::En),
            format!("cannot run editor `{command}`: Permission denied: this user may not run it")
        );
        assert_eq!(
            error.said(Lang::Es),
            format!("no se puede abrir el editor `{command}`: Permiso denegado: este usuario no puede ejecutarlo")
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_editor_that_fails_says_how_it_ended_in_either_language() {
        use crate::text::Lang;
        let error = run_editor_command("false", std::path::Path::new("x.toml")).unwrap_err();
        assert_eq!(error.said(Lang::En), "the editor `false` ended with exit code 1");
        assert_eq!(error.said(Lang::Es), "el editor `false` terminó con el código de salida 1");
        assert_eq!(super::EditorError::Failed("vi".into(), None).said(Lang::Es), "una señal terminó el editor `vi`");
    }
}
