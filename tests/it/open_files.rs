//! Opening files that are not simply a valid org you may write: one with errors opens
//! on the diagnostics screen and the editor fixes it; a name that does not exist opens
//! a new org saved there (or a bundled sample by its name); a file nobody may write
//! opens read-only, refusing edits and offering a copy; a copy saved as a new file
//! gets the umask's permissions and `.toml`.

use std::fs;
use std::path::Path;

use frontback::document::Document;
use frontback::org::{FileError, load};
use frontback::text::Lang;
use frontback::tui::diagnostics::{self, Diagnostics};
use frontback::tui::theme::Theme;
use frontback::tui::{Action, App, Options};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::support::cli::frontback;
use crate::support::temp_file;

const SHOP: &str = "[company]\nname = \"Typo Shop\"\n\n[org.sales]\nname = \"Sales\"\nfunction = \"sales\"\n\n[org.books]\nname = \"Books\"\nfunction = \"accounting\"\n";

fn with_typo() -> String {
    SHOP.replacen("function = \"sales\"", "funtion = \"sales\"", 1)
}

fn options(lang: Lang, read_only: bool) -> Options {
    Options { lang, read_only, theme: Theme::monochrome(), seed: 1, ..Options::default() }
}

// --- the diagnostics screen, drawn -----------------------------------------------------

#[test]
fn the_diagnostics_screen_in_both_languages() {
    let text = with_typo();
    for (lang, code) in [(Lang::En, "en"), (Lang::Es, "es")] {
        let error = load(&text).unwrap_err();
        let error = FileError::Invalid { rendered: error.render("shop.toml", &text, lang), error };
        let screen = Diagnostics::new(Path::new("shop.toml"), &error);
        for (width, height) in [(80, 24), (120, 40)] {
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            terminal.draw(|f| diagnostics::render(&screen, &options(lang, false), f)).unwrap();
            insta::assert_snapshot!(format!("diagnostics_{code}_{width}x{height}"), terminal.backend());
        }
    }
}

// --- read-only and save-as, through the library ----------------------------------------

#[cfg(unix)]
#[test]
fn a_file_nobody_may_write_opens_read_only_and_a_copy_can_be_edited() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = temp_file("locked.toml", SHOP);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let (org, text) = frontback::org::load_file(&path, Lang::En).unwrap();
    let mut app = App::new(Document::new(Some(path.clone()), text, org), options(Lang::En, false));
    assert!(app.read_only, "a file with no write bit is read-only");
    for action in [Action::AddChild, Action::Delete, Action::Rename, Action::Save, Action::Undo] {
        app.update(action);
        assert!(app.prompt().is_none() && app.confirm().is_none(), "{action:?} opened something");
        let status = app.status.clone().expect("a message");
        assert!(status.is_error, "{action:?}");
        assert!(status.text.contains("cannot be written") && status.text.contains("save a copy with S"), "{status:?}");
    }
    // Save-as works, and the copy can be edited.
    app.update(Action::SaveAs);
    assert!(app.prompt().is_some());
    let copy = dir.path().join("mine");
    type_into(&mut app, &copy.display().to_string());
    assert_eq!(fs::read_to_string(dir.path().join("mine.toml")).unwrap(), SHOP, "`.toml` is added");
    assert!(!app.read_only, "the copy is not read-only");
    assert_eq!(app.doc.path.as_deref(), Some(dir.path().join("mine.toml").as_path()));
    assert_eq!(fs::read_to_string(&path).unwrap(), SHOP);
}

#[test]
fn read_only_by_flag_says_so_and_stays_read_only_after_a_copy() {
    let (dir, path) = temp_file("shop.toml", SHOP);
    let (org, text) = frontback::org::load_file(&path, Lang::En).unwrap();
    let mut app = App::new(Document::new(Some(path.clone()), text, org), options(Lang::En, true));
    app.update(Action::AddChild);
    let status = app.status.clone().unwrap();
    assert!(status.text.contains("--read-only") && status.text.contains("S saves a copy"), "{status:?}");
    // Saving over its own file is no way round the flag.
    app.update(Action::SaveAs);
    type_into(&mut app, "");
    assert!(app.status.as_ref().is_some_and(|s| s.is_error), "{:?}", app.status);
    app.update(Action::SaveAs);
    type_into(&mut app, &dir.path().join("copy.toml").display().to_string());
    assert_eq!(fs::read_to_string(dir.path().join("copy.toml")).unwrap(), SHOP);
    assert!(app.read_only);
}

/// Types into the open prompt after what it holds, then Enter.
fn type_into(app: &mut App, text: &str) {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    if !text.is_empty() {
        // The prompt starts with the file's own path: cleared first.
        for _ in 0..400 {
            app.handle_key(&KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
        }
    }
    for c in text.chars() {
        app.handle_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    app.handle_key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
}

#[cfg(unix)]
#[test]
fn a_new_file_gets_the_permissions_of_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let umask = current_umask();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.toml");
    frontback::org::save::save_atomic(&path, SHOP).unwrap();
    assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o666 & !umask);
    // Replacing keeps the file's own permissions.
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    frontback::org::save::save_atomic(&path, "[company]\nname = \"x\"\n").unwrap();
    assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
}

/// The process's umask, as Linux reports it (022 elsewhere, the usual one).
#[cfg(unix)]
fn current_umask() -> u32 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find_map(|l| l.strip_prefix("Umask:").map(|v| v.trim().to_string())))
        .and_then(|v| u32::from_str_radix(&v, 8).ok())
        .unwrap_or(0o022)
}

// --- the command line ------------------------------------------------------------------

#[test]
fn a_new_file_in_a_missing_folder_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nowhere").join("new.toml");
    let out = frontback().arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot make") && stderr.contains("nowhere") && stderr.contains("does not exist"),
        "{stderr}"
    );
    assert!(!path.exists());
}

#[test]
fn samples_says_how_to_open_one() {
    let out = frontback().arg("samples").env("LANG", "C").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("frontback NAME"), "{stdout}");
}

#[test]
fn without_a_terminal_a_file_that_does_not_load_is_reported_as_before() {
    let (_dir, path) = temp_file("shop.toml", with_typo());
    let out = frontback().arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown field `funtion`"));
}

// --- in a terminal ---------------------------------------------------------------------

#[cfg(unix)]
mod pty {
    use std::ffi::OsStr;
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    use super::{SHOP, with_typo};
    use crate::support::pty::{Launch, Session};
    use crate::support::temp_file;

    /// Starts the binary with umask 022 (children inherit it; the test's own is put
    /// back at once).
    fn start_umask_022(args: &[&OsStr], env: &[(&str, &OsStr)]) -> Session {
        // SAFETY: umask has no preconditions.
        let before = unsafe { libc::umask(0o022) };
        let session = Session::launch(Launch { args, env, cols: 100, rows: 30, ..Launch::default() });
        // SAFETY: as above.
        unsafe { libc::umask(before) };
        session
    }

    #[test]
    fn a_typo_opens_the_diagnostics_screen_and_the_editor_fixes_it() {
        let (dir, file) = temp_file("shop.toml", with_typo());
        // Fixes the file on its second run only.
        let script = dir.path().join("fix.sh");
        fs::write(
            &script,
            "#!/bin/sh\nif [ -e \"$1.once\" ]; then sed -i 's/funtion/function/' \"$1\"; else : > \"$1.once\"; fi\n",
        )
        .unwrap();
        fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
        let env = [("EDITOR", script.as_os_str())];
        let args = [file.as_os_str()];
        let mut s = Session::launch(Launch { args: &args, env: &env, cols: 80, rows: 24, ..Launch::default() });
        let screen = s.wait_settled(&["shop.toml cannot be opened", "unknown field `funtion`"]);
        assert!(screen.contains("shop.toml:6:1") && screen.contains("1 problem"), "{screen}");
        assert!(screen.contains("E fix in the editor") && screen.contains("q quit"), "{screen}");
        s.keys("E");
        s.wait_for("The file does not load yet.");
        s.keys("E");
        s.wait_settled(&["Sales", "Books", "Typo Shop"]);
        assert_eq!(fs::read_to_string(&file).unwrap(), SHOP);
        s.keys("q");
        assert!(s.wait_exit().success());
        s.assert_restored();
    }

    #[test]
    fn q_leaves_the_diagnostics_screen() {
        let (_dir, file) = temp_file("shop.toml", with_typo());
        let mut s = Session::start(&file);
        s.wait_for("cannot be opened");
        s.keys("q");
        assert!(s.wait_exit().success());
        s.assert_restored();
    }

    #[test]
    fn a_sample_opens_by_its_name() {
        let mut s = Session::start_with(&[OsStr::new("bank")], &[]);
        s.wait_settled(&["Retail banking", "bank (sample)"]);
        s.keys("q");
        assert!(s.wait_exit().success());
    }

    #[test]
    fn a_new_file_opens_empty_and_s_makes_it_with_the_umask() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fresh-start.toml");
        let mut s = start_umask_022(&[path.as_os_str()], &[]);
        s.wait_settled(&["fresh-start", "[new file]"]);
        assert!(!path.exists(), "nothing is written before saving");
        s.keys("s");
        s.wait_for("Saved");
        s.wait_gone("[new file]");
        assert_eq!(fs::read_to_string(&path).unwrap(), "[company]\nname = \"fresh-start\"\n");
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o644);
        s.keys("q");
        assert!(s.wait_exit().success());
    }

    #[test]
    fn save_as_completes_paths_adds_toml_and_uses_the_umask() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("plans")).unwrap();
        let mut s = start_umask_022(&[], &[]);
        s.wait_for("Showroom");
        s.keys("s");
        s.wait_for("Save as:");
        s.keys(&format!("{}/pl\t", dir.path().display()));
        s.wait_for("plans/");
        s.keys("copy\r");
        s.wait_for("Saved");
        let copy = dir.path().join("plans").join("copy.toml");
        assert_eq!(fs::read_to_string(&copy).unwrap(), frontback::samples::default_sample().text);
        assert_eq!(fs::metadata(&copy).unwrap().permissions().mode() & 0o777, 0o644);
        s.keys("q");
        assert!(s.wait_exit().success());
    }

    #[test]
    fn a_read_only_file_shows_the_marker_hides_edit_keys_and_refuses_a() {
        let (_dir, file) = temp_file("locked.toml", SHOP);
        fs::set_permissions(&file, fs::Permissions::from_mode(0o444)).unwrap();
        let mut s = Session::start(&file);
        let screen = s.wait_settled(&["[read-only]", "Sales"]);
        let hints = screen.lines().last().unwrap_or("").to_string();
        assert!(hints.contains("S save as") && !hints.contains("a add") && !hints.contains("d delete"), "{hints}");
        s.keys("a");
        s.wait_for("cannot be written; save a copy with S");
        assert!(!s.text().contains("New sub-department:"), "no prompt opened");
        s.keys("q");
        assert!(s.wait_exit().success());
        assert_eq!(fs::read_to_string(&file).unwrap(), SHOP);
    }
}
