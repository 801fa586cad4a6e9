//! The life of the file: saving (atomically, asking before overwriting), reloading,
//! noticing changes made by someone else, the external editor, the copy of unsaved
//! edits kept for recovery and offered on the next start, and quitting.

use std::path::Path as FsPath;

use crate::text::t;

use super::Effect;
use crate::org::Change;
use crate::org::read::{Limit, read_text};
use crate::org::save::{DiskStamp, save_atomic};
use crate::tui::state::history::Snapshot;
use crate::tui::state::{App, Confirm, Overlay, PromptKind};

impl App {
    /// Asks before quitting with unsaved changes.
    pub fn request_quit(&mut self) {
        if self.session.history.is_modified() && !self.read_only {
            self.overlay = Some(Overlay::Confirm(Confirm::Quit));
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
        if self.session.disk.is_some() && DiskStamp::of(&path) != self.session.disk {
            self.overlay = Some(Overlay::Confirm(Confirm::ChangedOnDisk));
            return false;
        }
        self.write_to(&path)
    }

    /// Writes the text to `path` atomically; on failure the edits stay and the reason
    /// shows, so that the save can be retried.
    pub(super) fn write_to(&mut self, path: &FsPath) -> bool {
        match save_atomic(path, &self.doc.text) {
            Ok(stamp) => {
                self.session.disk = Some(stamp);
                self.doc.path = Some(path.to_path_buf());
                self.session.history.saved = self.session.history.version;
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
        match read_text(&path, Limit::Org, self.lang) {
            Ok(text) => {
                let select = self.selected_path();
                let snapshot = Snapshot {
                    change: Change::between(&text, &self.doc.text),
                    select: select.clone(),
                    version: self.session.history.version,
                };
                if self.replace_text(text, select.as_ref()) {
                    self.session.history.undo.push(snapshot);
                    let version = self.session.history.new_version();
                    self.session.history.version = version;
                    self.session.history.saved = version;
                    self.sync_recovery();
                    self.session.disk = DiskStamp::of(&path);
                    self.status_ok(self.tr("status.reloaded"));
                }
            }
            Err(error) => self.status_error(format!("{}: {error}", path.display())),
        }
    }

    /// Notices a file changed on disk by someone else and offers to reload it (once
    /// per change, and not while an overlay is open; saving still asks before
    /// overwriting).
    pub fn check_disk(&mut self) {
        let Some(path) = &self.doc.path else { return };
        if self.session.disk.is_none() || self.overlay.is_some() {
            return;
        }
        let now = DiskStamp::of(path);
        if now.is_some() && now != self.session.disk && now != self.session.noticed_disk {
            self.session.noticed_disk = now;
            self.overlay = Some(Overlay::Confirm(Confirm::ReloadOffer));
        }
    }

    /// The external editor on the file, for the event loop to run; not while there are
    /// unsaved edits (they would be lost), nor for the built-in sample.
    pub(super) fn start_editor(&mut self) -> Option<Effect> {
        if self.refuse_if_read_only() {
            return None;
        }
        match &self.doc.path {
            Some(path) if self.session.history.is_modified() => {
                let _ = path;
                self.status_error(self.tr("status.save_before_editor"));
            }
            Some(path) => return Some(Effect::RunEditor(path.clone())),
            None => self.status_error(self.tr("status.save_before_editor")),
        }
        None
    }

    /// Called after the external editor returned: reloads the file, or shows why not.
    pub fn after_editor(&mut self, result: Result<(), String>) {
        if let Err(error) = result {
            self.status_error(error);
            return;
        }
        let Some(path) = self.doc.path.clone() else { return };
        let text = match read_text(&path, Limit::Org, self.lang) {
            Ok(text) => text,
            Err(error) => return self.status_error(format!("{}: {error}", path.display())),
        };
        if text == self.doc.text {
            self.session.disk = DiskStamp::of(&path);
            return;
        }
        match crate::org::load(&text) {
            Ok(_) => self.reload(),
            Err(error) => {
                let diagnostics = error.render(&path.display().to_string(), &text, self.lang);
                self.overlay = Some(Overlay::Confirm(Confirm::EditorFailed { diagnostics }));
            }
        }
    }

    /// Keeps the copy for the signal watcher in step: the text while it is unsaved.
    pub fn sync_recovery(&self) {
        let target = self.session.history.is_modified().then(|| self.recovery_file()).flatten();
        self.session.recovery.set(target.as_deref().map(|target| (target, self.doc.text.clone())));
    }

    /// Where unsaved edits of this document go if the app is killed.
    fn recovery_file(&self) -> Option<std::path::PathBuf> {
        match &self.doc.path {
            Some(path) => Some(crate::tui::recovery::recovery_path(path)),
            None => crate::tui::recovery::sample_recovery_path(),
        }
    }

    /// On start, offers to restore unsaved edits a previous run left beside the file
    /// (or, for the built-in sample, in the data folder).
    pub fn offer_recovered(&mut self) {
        if let Some(recovered) = self.recovery_file().filter(|file| file.is_file()) {
            self.overlay = Some(Overlay::Confirm(Confirm::Recover(recovered)));
        }
    }

    /// Restores the text of a recovery file as unsaved edits, which undo takes back.
    pub(super) fn restore_recovered(&mut self, file: &FsPath) {
        match read_text(file, Limit::Org, self.lang) {
            Ok(text) if crate::org::load(&text).is_ok() => {
                let snapshot = Snapshot {
                    change: Change::between(&text, &self.doc.text),
                    select: self.selected_path(),
                    version: self.session.history.version,
                };
                let select = self.selected_path();
                if self.replace_text(text, select.as_ref()) {
                    self.session.history.undo.push(snapshot);
                    self.session.history.version = self.session.history.new_version();
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
