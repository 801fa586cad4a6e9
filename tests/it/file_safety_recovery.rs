//! Faults injected into the recovery of unsaved edits: a full disk, a folder that
//! cannot be written, a symlink planted at a recovery's name, a recovery cut short,
//! two apps on one file, a crash after restoring, a file changed after the crash.
//! Files are compared byte for byte.

#![cfg(unix)]

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use frontback::document::Document;
use frontback::text::Lang;
use frontback::tui::recovery::{self, Recovery};
use frontback::tui::state::{Confirm, Overlay, RecoveryOffer};
use frontback::tui::{Action, App, Options};

use crate::support::pty::{Launch, Session};
use crate::support::temp_file;

const SHOP: &str = "# A commented shop\n[company]\nname = \"Signal Shop\"\n\n[org.sales]\nname = \"Sales\" # front\nfunction = \"sales\"\n\n[org.books]\nname = \"Books\"\nfunction = \"accounting\"\n";

fn app_on(path: &Path) -> App {
    let text = fs::read_to_string(path).unwrap();
    let doc = Document::from_text(Some(path.to_path_buf()), text).unwrap();
    let mut app = App::new(doc, Options::default());
    app.resize(100, 30);
    app
}

/// The recoveries beside `file`, by name.
fn beside(file: &Path) -> Vec<PathBuf> {
    recovery::find(Some(file), None)
}

/// Everything in a folder but `keep`, by name.
fn others(folder: &Path, keep: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != keep)
        .collect();
    names.sort();
    names
}

fn offer(app: &App) -> RecoveryOffer {
    match app.overlay.as_ref() {
        Some(Overlay::Confirm(Confirm::Recover(offer))) => {
            // The question as one line: it is wrapped to fit the dialog.
            let question = offer.question.split_whitespace().collect::<Vec<_>>().join(" ");
            RecoveryOffer { question, ..(**offer).clone() }
        }
        other => panic!("no recovery offered: {other:?}"),
    }
}

fn kill(session: &Session, signal: i32) {
    let pid = session.child.process_id().expect("a process id") as i32;
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
}

fn rename_first(session: &mut Session, name: &str) {
    session.keys("r");
    session.wait_for("Name:");
    session.keys(&format!("\u{15}{name}\r"));
    session.wait_for("[+]");
    session.wait_for(name);
}

/// The org text of a recovery file (its header taken off).
fn body(file: &Path) -> String {
    let contents = fs::read_to_string(file).unwrap();
    let (header, body) = recovery::split(&contents);
    assert!(header.is_some(), "a recovery starts with its header: {contents}");
    body.to_string()
}

// --- Repro 1: a full disk -------------------------------------------------------

/// A write that fails half way, as on a full disk.
fn fail_half_way(file: &mut fs::File, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    file.write_all(&bytes[..bytes.len() / 2])?;
    Err(io::Error::new(io::ErrorKind::StorageFull, "No space left on device"))
}

#[test]
fn a_write_that_fails_leaves_no_partial_recovery_and_says_so() {
    let text = frontback::generate::org_text(600, 7);
    let (dir, file) = temp_file("big.toml", &text);
    let data = tempfile::tempdir().unwrap();
    let recovery = Recovery::default();
    recovery.set_source(Some(&file), Some((0, recovery::Base::of(&text))));
    let edited = text.replacen("name = ", "name = \"Renamed\"\nold_name = ", 1);
    recovery.set(Some((&recovery::recovery_path(&file), edited.as_str())));

    // Beside the file and in the data folder alike: nothing is left, and the
    // message says the edits could not be written.
    let outcome = recovery.write_with(Some(data.path()), &mut fail_half_way);
    let message = recovery::report("", outcome);
    assert!(message.starts_with("frontback: could not write the unsaved edits: No space left on device"), "{message}");
    assert!(message.contains(&data.path().display().to_string()), "names where else it tried: {message}");
    assert_eq!(others(dir.path(), "big.toml"), Vec::<String>::new(), "no partial recovery beside the file");
    assert_eq!(fs::read_dir(data.path()).unwrap().count(), 0, "no partial recovery in the data folder");
    assert_eq!(fs::read_to_string(&file).unwrap(), text);

    // Only beside the file: the edits go to the data folder, and the message says so.
    let mut first = true;
    let outcome = recovery.write_with(Some(data.path()), &mut |f, bytes| {
        if std::mem::take(&mut first) { fail_half_way(f, bytes) } else { io::Write::write_all(f, bytes) }
    });
    let message = recovery::report("", outcome);
    assert_eq!(others(dir.path(), "big.toml"), Vec::<String>::new(), "no partial recovery beside the file");
    let found = recovery::find(Some(&file), Some(data.path()));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].parent(), Some(data.path()));
    assert_eq!(body(&found[0]), edited, "the whole text, byte for byte");
    assert!(
        message.contains("could not write the unsaved edits beside the file (No space left on device)")
            && message.contains(&found[0].display().to_string()),
        "{message}"
    );
}

/// A tmpfs mounted for a test, unmounted when dropped.
struct Mount(PathBuf);

impl Mount {
    /// Mounts a tmpfs of `size` at `dir`, or says why it cannot (not root, no mount).
    fn tmpfs(dir: &Path, size: &str) -> Option<Mount> {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            eprintln!("skipped: mounting a tmpfs needs root");
            return None;
        }
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0755"), "tmpfs"])
            .arg(dir)
            .status();
        match mounted {
            Ok(status) if status.success() => Some(Mount(dir.to_path_buf())),
            other => {
                eprintln!("skipped: cannot mount a tmpfs here ({other:?})");
                None
            }
        }
    }

    fn read_only(&self) {
        let status = std::process::Command::new("mount").args(["-o", "remount,ro"]).arg(&self.0).status().unwrap();
        assert!(status.success());
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn on_a_full_disk_the_recovery_goes_elsewhere_whole_or_not_at_all() {
    let root = tempfile::tempdir().unwrap();
    let small = root.path().join("small");
    fs::create_dir(&small).unwrap();
    // 128 KiB: the org (about 68 KB) fits, a second copy of it does not.
    let Some(_mount) = Mount::tmpfs(&small, "128k") else { return };
    let text = frontback::generate::org_text(600, 7);
    assert!(text.len() > 64 * 1024 && text.len() < 100 * 1024, "the org fills the disk: {}", text.len());
    let file = small.join("big.toml");
    fs::write(&file, &text).unwrap();

    // The data folder has room: the edits go there, and the message says so.
    let data = root.path().join("data");
    let env = [("XDG_DATA_HOME", data.as_os_str())];
    let mut session = Session::launch(Launch { args: &[file.as_os_str()], env: &env, ..Launch::default() });
    session.wait_for("big.toml");
    session.keys("j");
    rename_first(&mut session, "Renamed Here");
    let edited_name = "Renamed Here";
    kill(&session, libc::SIGTERM);
    assert!(!session.wait_exit().success());
    session.wait_for("they were written to");
    assert_eq!(others(&small, "big.toml"), Vec::<String>::new(), "nothing half written beside the file");
    assert_eq!(fs::read_to_string(&file).unwrap(), text, "the file is untouched");
    let found = recovery::find(Some(&file), Some(&data.join("frontback")));
    assert_eq!(found.len(), 1, "{found:?}");
    let kept = body(&found[0]);
    assert!(kept.contains(edited_name));
    assert_eq!(frontback::org::load(&kept).unwrap().len(), frontback::org::load(&text).unwrap().len());
    let transcript = session.transcript();
    assert!(transcript.contains("No space left on device"), "{transcript}");
    assert!(transcript.contains(found[0].file_name().unwrap().to_str().unwrap()), "names the file: {transcript}");
    fs::remove_file(&found[0]).unwrap();

    // No room anywhere: nothing half written, and the message says so.
    let env = [("XDG_DATA_HOME", small.as_os_str())];
    let mut session = Session::launch(Launch { args: &[file.as_os_str()], env: &env, ..Launch::default() });
    session.wait_for("big.toml");
    session.keys("j");
    rename_first(&mut session, edited_name);
    kill(&session, libc::SIGTERM);
    assert!(!session.wait_exit().success());
    session.wait_for("could not write the unsaved edits:");
    let left: Vec<String> = others(&small, "big.toml").into_iter().filter(|n| n != "frontback").collect();
    assert_eq!(left, Vec::<String>::new(), "nothing half written beside the file");
    if small.join("frontback").exists() {
        assert_eq!(
            others(&small.join("frontback"), ""),
            Vec::<String>::new(),
            "nothing half written in the data folder"
        );
    }
    assert_eq!(fs::read_to_string(&file).unwrap(), text, "the file is untouched");
}

// --- Edits restored onto a file that cannot be written ------------------------------

/// Edits restored from a recovery onto a file that cannot be written are unsaved all
/// the same: quitting asks, "save" asks where to save a copy, and once the copy is
/// saved it can be edited, the recovery is gone, and quitting no longer asks.
#[test]
fn restored_edits_on_a_read_only_file_are_asked_about_and_saved_elsewhere_in_both_languages() {
    use std::os::unix::fs::PermissionsExt;
    let cases = [
        (Lang::En, "There are unsaved changes.", "s: save as…", "shop.toml is read-only and was not changed"),
        (Lang::Es, "Hay cambios sin guardar.", "s: guardar como…", "shop.toml es de solo lectura y no se modificó"),
    ];
    for (lang, question, save_answer, refused) in cases {
        let (dir, file) = temp_file("shop.toml", SHOP);
        let mut app = app_on(&file);
        app.update(Action::CycleCustomers);
        let edited = app.doc.text.to_string();
        let written = app.session.recovery.write().unwrap().expect("unsaved edits are kept for recovery");
        drop(app);
        fs::set_permissions(&file, fs::Permissions::from_mode(0o444)).unwrap();

        let text = fs::read_to_string(&file).unwrap();
        let doc = Document::from_text(Some(file.clone()), text).unwrap();
        let mut next = App::new(doc, Options { lang, ..Options::default() });
        next.resize(100, 30);
        assert!(next.read_only, "{lang:?}: a file that cannot be written opens read-only");
        next.offer_recovered();
        next.update(Action::Reload);
        assert_eq!(next.doc.text, edited.as_str(), "{lang:?}");

        next.update(Action::Quit);
        assert!(!next.should_quit, "{lang:?}: quitting with restored edits asks first");
        assert_eq!(next.confirm(), Some(&Confirm::Quit { save_as: true }), "{lang:?}");
        let shown = crate::support::tui::screen(&next);
        assert!(shown.contains(question), "{lang:?}");
        // "Save" cannot write this file: the answer says where it leads, not "and quit".
        assert!(shown.contains(save_answer), "{lang:?}:\n{shown}");
        next.update(Action::Cancel);
        assert_eq!(next.confirm(), None, "{lang:?}");
        next.update(Action::Quit);
        next.update(Action::Save);
        assert!(!next.should_quit, "{lang:?}");
        assert!(
            matches!(&next.overlay, Some(Overlay::Prompt(p)) if p.kind == frontback::tui::state::PromptKind::SaveAs),
            "{lang:?}: {:?}",
            next.overlay
        );
        let status = next.status.clone().unwrap();
        assert!(status.text.contains(refused), "{lang:?}: {}", status.text);

        let copy = dir.path().join("copy.toml");
        let input = tui_input::Input::new(copy.display().to_string());
        next.overlay = Some(Overlay::Prompt(frontback::tui::state::Prompt {
            kind: frontback::tui::state::PromptKind::SaveAs,
            input,
        }));
        next.confirm_prompt();
        assert_eq!(fs::read_to_string(&copy).unwrap(), edited, "{lang:?}");
        assert_eq!(fs::read_to_string(&file).unwrap(), SHOP, "{lang:?}: the read-only file is untouched");
        assert!(!next.read_only, "{lang:?}: the copy can be edited");
        assert!(!written.exists(), "{lang:?}: saved, the recovery is gone");
        next.update(Action::Quit);
        assert!(next.should_quit, "{lang:?}: nothing is unsaved now");
    }
}

// --- A folder that cannot be written --------------------------------------------

#[test]
fn when_the_folder_cannot_be_written_the_recovery_goes_to_the_data_folder_and_says_where() {
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("shop");
    fs::create_dir(&folder).unwrap();
    let file = folder.join("shop.toml");
    fs::write(&file, SHOP).unwrap();
    // Root writes in any folder whatever its permissions: a read-only mount then.
    let mount = match Mount::tmpfs(&folder, "1m") {
        Some(mount) => {
            fs::write(&file, SHOP).unwrap();
            Some(mount)
        }
        None => {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&folder, fs::Permissions::from_mode(0o555)).unwrap();
            if fs::write(folder.join("probe"), "").is_ok() {
                eprintln!("skipped: this folder cannot be made read-only here");
                return;
            }
            None
        }
    };
    let data = root.path().join("data");
    let env = [("XDG_DATA_HOME", data.as_os_str())];
    let mut session = Session::launch(Launch { args: &[file.as_os_str()], env: &env, ..Launch::default() });
    session.wait_for("[F] Sales");
    // Made read-only once the file is open: a file on a read-only mount opens
    // read-only, with nothing to recover.
    if let Some(mount) = &mount {
        mount.read_only();
    }
    rename_first(&mut session, "Counter");
    kill(&session, libc::SIGHUP);
    assert!(!session.wait_exit().success());
    session.wait_for("they were written to");
    let found = recovery::find(Some(&file), Some(&data.join("frontback")));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(body(&found[0]), SHOP.replace("name = \"Sales\"", "name = \"Counter\""));
    let contents = fs::read_to_string(&found[0]).unwrap();
    assert!(contents.contains(&format!("# source: {:?}", file.display().to_string())), "{contents}");
    let transcript = session.transcript();
    assert!(transcript.contains(found[0].file_name().unwrap().to_str().unwrap()), "{transcript}");
    assert_eq!(fs::read_to_string(&file).unwrap(), SHOP);

    // The next start finds it there, and offers it.
    let mut next = Session::launch(Launch { args: &[file.as_os_str()], env: &env, ..Launch::default() });
    next.wait_for("unsaved edits");
    next.keys("r");
    next.wait_for("Counter");
    // The file cannot be written, yet the restored edits are unsaved: quitting asks,
    // and "save" asks where to save a copy.
    next.keys("q");
    next.wait_for("There are unsaved changes.");
    next.keys("s");
    next.wait_for("is read-only and was not changed");
    // The prompt drawn, Esc closes it (a key sent before would make Esc and it one
    // key, Alt and it).
    next.wait_for("Save as:");
    next.keys("\u{1b}");
    next.wait_gone("Save as:");
    next.keys("q");
    next.wait_for("There are unsaved changes.");
    next.keys("D");
    assert!(next.wait_exit().success());
    assert_eq!(fs::read_to_string(&file).unwrap(), SHOP);
    drop(mount);
}

// --- Repro 2: two apps on one file ----------------------------------------------

#[test]
fn two_apps_on_one_file_killed_leave_two_recoveries_both_offered() {
    let (dir, file) = temp_file("shop.toml", SHOP);
    let mut one = Session::start(&file);
    let mut two = Session::start(&file);
    one.wait_for("[F] Sales");
    two.wait_for("[F] Sales");
    rename_first(&mut one, "Counter");
    two.keys("j");
    rename_first(&mut two, "Ledgers");
    kill(&one, libc::SIGHUP);
    kill(&two, libc::SIGHUP);
    assert!(!one.wait_exit().success());
    assert!(!two.wait_exit().success());
    assert_eq!(fs::read_to_string(&file).unwrap(), SHOP);

    let found = beside(&file);
    assert_eq!(found.len(), 2, "{found:?}");
    let mut bodies: Vec<String> = found.iter().map(|f| body(f)).collect();
    bodies.sort();
    let mut expected = vec![
        SHOP.replace("name = \"Sales\"", "name = \"Counter\""),
        SHOP.replace("name = \"Books\"", "name = \"Ledgers\""),
    ];
    expected.sort();
    assert_eq!(bodies, expected, "both apps' edits, byte for byte");

    // Both are offered, one after the other.
    let mut app = app_on(&file);
    app.offer_recovered();
    let first = offer(&app);
    assert_eq!(first.rest.len(), 1);
    assert!(first.question.contains("1 department renamed"), "{}", first.question);
    app.update(Action::Cancel);
    let second = offer(&app);
    assert_ne!(second.file, first.file);
    app.update(Action::Cancel);
    assert!(app.overlay.is_none());
    assert_eq!(beside(&file).len(), 2, "kept: both still there");
    drop(dir);
}

// --- Repro 3: a symlink planted at a recovery's name ----------------------------

#[test]
fn a_symlink_at_the_recovery_name_is_never_written_through() {
    let (dir, file) = temp_file("shop.toml", SHOP);
    let secret = dir.path().join("secret.txt");
    fs::write(&secret, "do not touch\n").unwrap();
    // The name this process would use, planted before it writes.
    let name = recovery::recovery_path(&file);
    std::os::unix::fs::symlink(&secret, &name).unwrap();
    let recovery = Recovery::default();
    recovery.set_source(Some(&file), Some((0, recovery::Base::of(SHOP))));
    recovery.set(Some((&name, "[org.a]\n")));
    let written = recovery.write().unwrap().unwrap();
    assert_ne!(written, name, "a fresh name");
    assert_eq!(fs::read(&secret).unwrap(), b"do not touch\n", "the link's target is untouched");
    assert!(fs::symlink_metadata(&name).unwrap().file_type().is_symlink());
    assert_eq!(body(&written), "[org.a]\n");

    // The real binary, with links planted at the old name and at names like its own.
    let (dir, file) = temp_file("shop.toml", SHOP);
    let secret = dir.path().join("secret.txt");
    fs::write(&secret, "do not touch\n").unwrap();
    std::os::unix::fs::symlink(&secret, dir.path().join(".shop.toml.recovered")).unwrap();
    let mut session = Session::start(&file);
    session.wait_for("damaged");
    session.keys("c");
    session.wait_gone("damaged");
    rename_first(&mut session, "Counter");
    kill(&session, libc::SIGTERM);
    assert!(!session.wait_exit().success());
    assert_eq!(fs::read(&secret).unwrap(), b"do not touch\n", "the link's target is untouched");
    let written: Vec<PathBuf> = beside(&file).into_iter().filter(|f| !f.ends_with(".shop.toml.recovered")).collect();
    assert_eq!(written.len(), 1);
    assert_eq!(body(&written[0]), SHOP.replace("name = \"Sales\"", "name = \"Counter\""));
}

// --- Damaged recoveries ---------------------------------------------------------

#[test]
fn a_recovery_cut_short_or_not_loading_is_never_offered_as_sound() {
    let (dir, file) = temp_file("shop.toml", SHOP);
    let mut app = app_on(&file);
    app.offer_recovered();
    app.update(Action::CycleCustomers);
    let written = app.session.recovery.write().unwrap().unwrap();
    let full = fs::read_to_string(&written).unwrap();
    // Cut between two tables: what is left still loads as an org.
    let cut = &full[..full.find("[org.books]").unwrap()];
    assert!(frontback::org::load(recovery::split(cut).1).is_ok(), "the cut text loads: {cut}");
    fs::write(&written, cut).unwrap();
    let garbage = dir.path().join(".shop.toml.1-0.recovered");
    fs::write(&garbage, "[org.a\nname = ").unwrap();
    let link = dir.path().join(".shop.toml.2-0.recovered");
    fs::write(dir.path().join("elsewhere.toml"), SHOP).unwrap();
    std::os::unix::fs::symlink(dir.path().join("elsewhere.toml"), &link).unwrap();

    let mut next = app_on(&file);
    next.offer_recovered();
    let mut seen = Vec::new();
    while next.overlay.is_some() {
        let offer = offer(&next);
        assert!(!offer.restorable, "{}", offer.question);
        assert!(
            offer.question.contains("damaged") && offer.question.contains("left where it is"),
            "{}",
            offer.question
        );
        next.update(Action::Reload);
        assert_eq!(next.doc.text, SHOP, "r does not restore a damaged recovery");
        next.update(Action::Discard);
        assert_eq!(next.overlay.as_ref().map(|_| ()), Some(()), "d does not delete it either");
        seen.push(offer.file.clone());
        next.update(Action::Cancel);
    }
    seen.sort();
    let mut expected = vec![written.clone(), garbage.clone(), link.clone()];
    expected.sort();
    assert_eq!(seen, expected);
    assert_eq!(fs::read_to_string(&written).unwrap(), cut, "kept as it was");
    assert_eq!(fs::read_to_string(&garbage).unwrap(), "[org.a\nname = ");
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(!next.session.history.is_modified());
}

// --- Repro 4: restoring, crashing, saving; a stale recovery ---------------------

#[test]
fn a_restored_recovery_stays_until_its_edits_are_saved() {
    let (_dir, file) = temp_file("shop.toml", SHOP);
    let mut session = Session::start(&file);
    session.wait_for("[F] Sales");
    rename_first(&mut session, "Counter");
    kill(&session, libc::SIGTERM);
    assert!(!session.wait_exit().success());
    let found = beside(&file);
    assert_eq!(found.len(), 1);
    let kept = fs::read(&found[0]).unwrap();

    // Restored, then the app dies without a word (SIGKILL): the recovery is still there.
    let mut crash = Session::start(&file);
    crash.wait_for("unsaved edits");
    crash.keys("r");
    crash.wait_for("Counter");
    crash.wait_for("[+]");
    kill(&crash, libc::SIGKILL);
    crash.wait_exit();
    assert_eq!(fs::read(&found[0]).unwrap(), kept, "the recovery is untouched");
    assert_eq!(fs::read_to_string(&file).unwrap(), SHOP);

    // Restored and saved: the file has the edits, and the recovery is gone.
    let mut next = Session::start(&file);
    next.wait_for("unsaved edits");
    next.keys("r");
    next.wait_for("Counter");
    next.keys("s");
    next.wait_for("Saved");
    assert_eq!(fs::read_to_string(&file).unwrap(), SHOP.replace("name = \"Sales\"", "name = \"Counter\""));
    assert!(!found[0].exists(), "deleted once saved");
    next.keys("q");
    assert!(next.wait_exit().success());
    assert_eq!(beside(&file), Vec::<PathBuf>::new());
}

#[test]
fn a_stale_recovery_says_the_file_changed_and_what_restoring_undoes() {
    let (_dir, file) = temp_file("shop.toml", SHOP);
    let mut app = app_on(&file);
    app.offer_recovered();
    app.update(Action::CycleCustomers);
    let written = app.session.recovery.write().unwrap().unwrap();
    drop(app);
    // After the crash, someone appends a department to the file.
    let changed = format!("{SHOP}\n[org.web]\nname = \"Web\"\n");
    fs::write(&file, &changed).unwrap();

    let mut next = app_on(&file);
    next.offer_recovered();
    let stale = offer(&next);
    assert!(stale.restorable);
    let question = stale.question.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(question.contains("the file changed on disk after these edits were made"), "{question}");
    assert!(question.contains("1 department in the file now would be gone"), "{question}");
    assert!(question.contains("1 department removed"), "{question}");
    // All of it is drawn, the warning too.
    let screen = crate::support::tui::screen(&next);
    assert!(screen.contains("would be gone."), "{screen}");
    // Deciding later leaves both as they are.
    next.update(Action::Cancel);
    assert_eq!(fs::read_to_string(&file).unwrap(), changed);
    assert!(written.exists());

    // The same recovery on an unchanged file carries no warning.
    fs::write(&file, SHOP).unwrap();
    let mut again = app_on(&file);
    again.offer_recovered();
    let sound = offer(&again);
    assert!(!sound.question.contains("Warning"), "{}", sound.question);
    // Deleting it, once chosen, removes it.
    again.update(Action::Discard);
    assert!(!written.exists());
}

#[test]
fn a_recovery_from_before_headers_is_offered_with_a_caution() {
    let (dir, file) = temp_file("shop.toml", SHOP);
    let old = dir.path().join(".shop.toml.recovered");
    let edited = SHOP.replace("name = \"Books\"", "name = \"Ledgers\"");
    fs::write(&old, &edited).unwrap();
    let mut app = app_on(&file);
    app.offer_recovered();
    let offered = offer(&app);
    assert_eq!(offered.file, old);
    assert!(offered.question.contains("older version of frontback"), "{}", offered.question);
    app.update(Action::Reload);
    assert_eq!(app.doc.text, edited);
    assert!(old.exists());
}
