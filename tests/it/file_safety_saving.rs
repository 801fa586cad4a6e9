//! Saving keeps the user's file what it was (issue 13, the saving half): a change made
//! outside is noticed by its content before every save, a file nobody may write is
//! refused, hard links, owner and extended attributes survive a save, and a save that
//! fails at any step leaves the original byte for byte, no temporary file, and a
//! message that names the user's file in full.

use std::fs;
use std::path::{Path, PathBuf};

use frontback::document::Document;
use frontback::org::edit::Edit;
use frontback::org::save::{DiskStamp, Fault, save_atomic, save_failing};
use frontback::tui::action::Action;
use frontback::tui::state::{Confirm, Overlay, Prompt, PromptKind};
use frontback::tui::theme::Theme;
use frontback::tui::view::dialog::confirm_answers;
use frontback::tui::{App, Options};

use crate::support::temp_file;
use crate::support::tui::screen;

const ORG: &str = "[company]\nname = \"Shop\"\n\n[org.sales]\nname = \"Sales\"\n\n[org.books]\nname = \"Books\"\n";

/// The app on a file, sized 80 x 24.
fn app_on_file(path: &Path) -> App {
    let text = fs::read_to_string(path).unwrap();
    let doc = Document::from_text(Some(path.to_path_buf()), text).unwrap();
    let mut app = App::new(doc, Options { theme: Theme::monochrome(), seed: 1, ..Options::default() });
    app.resize(80, 24);
    app
}

fn rename_sales(app: &mut App) {
    assert!(app.apply_edit(Edit::Rename { path: vec!["sales".into()], name: "Selling".into() }));
}

/// Types `to` into the save-as prompt and confirms it, as `S`, the path and Enter do.
fn save_as(app: &mut App, to: &Path) {
    let input = tui_input::Input::new(to.display().to_string());
    app.overlay = Some(Overlay::Prompt(Prompt { kind: PromptKind::SaveAs, input }));
    app.confirm_prompt();
}

/// The names in a folder, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    names
}

/// Sets a file's modification time back to what it was.
fn restore_mtime(path: &Path, modified: std::time::SystemTime) {
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_times(fs::FileTimes::new().set_modified(modified)).unwrap();
}

#[test]
fn a_same_length_change_with_its_time_restored_is_not_overwritten() {
    let (_dir, path) = temp_file("org.toml", ORG);
    let mut app = app_on_file(&path);
    rename_sales(&mut app);
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    // Someone else changes the file, keeping its length and time (`cp -p`, `touch -r`).
    let outside = ORG.replace("Books", "Bikes");
    fs::write(&path, &outside).unwrap();
    restore_mtime(&path, modified);
    assert!(!app.save(false), "the save must ask first");
    assert_eq!(app.confirm(), Some(&Confirm::ChangedOnDisk { quitting: false }));
    assert_eq!(fs::read_to_string(&path).unwrap(), outside);
    // The third answer: save elsewhere, through the save-as prompt.
    app.answer(Action::Save);
    assert!(matches!(&app.overlay, Some(Overlay::Prompt(p)) if p.kind == PromptKind::SaveAs));
    assert_eq!(fs::read_to_string(&path).unwrap(), outside);
}

#[test]
fn the_changed_on_disk_question_offers_saving_elsewhere_in_both_languages() {
    let (_dir, path) = temp_file("org.toml", ORG);
    let mut app = app_on_file(&path);
    let answers = confirm_answers(&app, &Confirm::ChangedOnDisk { quitting: false });
    assert!(answers.contains(&("s".to_string(), "save elsewhere".to_string())), "{answers:?}");
    app.lang = frontback::text::Lang::Es;
    let answers = confirm_answers(&app, &Confirm::ChangedOnDisk { quitting: false });
    assert!(answers.contains(&("s".to_string(), "guardar en otro sitio".to_string())), "{answers:?}");
}

/// "Save and quit" that finds the file changed on disk asks first; overwriting then
/// saves and quits, as the answer says. Asked by a plain save, it only saves.
#[test]
fn overwriting_a_changed_file_after_save_and_quit_quits() {
    for (lang, label) in
        [(frontback::text::Lang::En, "overwrite it and quit"), (frontback::text::Lang::Es, "sobrescribirlo y salir")]
    {
        for quitting in [true, false] {
            let (_dir, path) = temp_file("org.toml", ORG);
            let mut app = app_on_file(&path);
            app.lang = lang;
            rename_sales(&mut app);
            let outside = ORG.replace("Books", "Comics");
            fs::write(&path, &outside).unwrap();
            if quitting {
                app.request_quit();
                assert_eq!(app.confirm(), Some(&Confirm::Quit { save_as: false }), "{lang:?}");
                app.answer(Action::Save);
            } else {
                assert!(!app.save(false));
            }
            assert_eq!(app.confirm(), Some(&Confirm::ChangedOnDisk { quitting }), "{lang:?}");
            let answers = confirm_answers(&app, &Confirm::ChangedOnDisk { quitting });
            assert_eq!(answers.iter().any(|(key, l)| key == "y" && l == label), quitting, "{lang:?}: {answers:?}");
            assert!(!app.should_quit, "{lang:?}: nothing is written before the answer");
            assert_eq!(fs::read_to_string(&path).unwrap(), outside);
            app.answer(Action::Yes);
            assert_eq!(fs::read_to_string(&path).unwrap(), app.doc.text.as_str(), "{lang:?}");
            assert!(app.doc.text.contains("Selling"));
            assert!(!app.session.history.is_modified());
            assert_eq!(app.should_quit, quitting, "{lang:?} quitting: {quitting}");
        }
    }
}

/// A new file (nothing at its path when the app opened it) that someone else makes
/// before it is saved is asked about, never replaced unasked: "no" leaves theirs,
/// "yes" writes ours, and, asked by "save and quit", quits too.
#[test]
fn a_new_file_someone_else_made_meanwhile_is_asked_about() {
    let theirs = "[company]\nname = \"Theirs\"\n";
    for (lang, label) in [(frontback::text::Lang::En, "yes, and quit"), (frontback::text::Lang::Es, "sí, y salir")] {
        for quitting in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("new.toml");
            let doc = Document::from_text(Some(path.clone()), ORG.to_string()).unwrap();
            let mut app = App::new(doc, Options { lang, theme: Theme::monochrome(), seed: 1, ..Options::default() });
            assert!(app.session.new_file);
            rename_sales(&mut app);
            fs::write(&path, theirs).unwrap();
            let ask = |app: &mut App| {
                if quitting {
                    app.request_quit();
                    app.answer(Action::Save);
                } else {
                    assert!(!app.save(false));
                }
            };
            ask(&mut app);
            let question = Confirm::Overwrite { path: path.clone(), quitting };
            assert_eq!(app.confirm(), Some(&question), "{lang:?}");
            let answers = confirm_answers(&app, &question);
            assert_eq!(answers.iter().any(|(key, l)| key == "y" && l == label), quitting, "{lang:?}: {answers:?}");
            app.answer(Action::No);
            assert_eq!(fs::read_to_string(&path).unwrap(), theirs, "{lang:?}");
            assert!(!app.should_quit && app.session.history.is_modified());
            ask(&mut app);
            app.answer(Action::Yes);
            assert_eq!(fs::read_to_string(&path).unwrap(), app.doc.text.as_str(), "{lang:?}");
            assert!(app.doc.text.contains("Selling"));
            assert_eq!(app.should_quit, quitting, "{lang:?}");
        }
    }
}

/// A file made read-only while open cannot be saved: the quit question's save
/// answer then says it opens save-as, as it does for the built-in sample.
#[cfg(unix)]
#[test]
fn the_quit_question_offers_save_as_once_the_file_became_read_only() {
    use std::os::unix::fs::PermissionsExt;
    for (lang, save, save_as) in [
        (frontback::text::Lang::En, "save and quit", "save as…"),
        (frontback::text::Lang::Es, "guardar y salir", "guardar como…"),
    ] {
        let (_dir, path) = temp_file("org.toml", ORG);
        let mut app = app_on_file(&path);
        app.lang = lang;
        rename_sales(&mut app);
        let labels = |app: &App| {
            let question = app.confirm().expect("the quit question").clone();
            confirm_answers(app, &question).into_iter().map(|(_, l)| l).collect::<Vec<_>>()
        };
        app.request_quit();
        assert!(labels(&app).iter().any(|l| l == save), "{lang:?}: {:?}", labels(&app));
        app.answer(Action::Cancel);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
        app.request_quit();
        assert!(labels(&app).iter().any(|l| l == save_as), "{lang:?}: {:?}", labels(&app));
        app.answer(Action::Save);
        assert!(matches!(&app.overlay, Some(Overlay::Prompt(p)) if p.kind == PromptKind::SaveAs), "{lang:?}");
        assert!(!app.should_quit);
        assert_eq!(fs::read_to_string(&path).unwrap(), ORG);
    }
}

#[test]
fn a_touched_file_is_not_a_changed_file_and_a_changed_one_is_offered_once() {
    let (_dir, path) = temp_file("org.toml", ORG);
    let mut app = app_on_file(&path);
    // Same bytes, new time: nothing to offer, and saving does not ask.
    let later = fs::metadata(&path).unwrap().modified().unwrap() + std::time::Duration::from_secs(5);
    restore_mtime(&path, later);
    app.check_disk();
    assert!(app.overlay.is_none());
    rename_sales(&mut app);
    assert!(app.save(false));
    assert!(fs::read_to_string(&path).unwrap().contains("Selling"));
    // A real change is offered for reloading, once.
    fs::write(&path, ORG.replace("Books", "Comics")).unwrap();
    app.check_disk();
    assert_eq!(app.confirm(), Some(&Confirm::ReloadOffer));
    app.answer(Action::Cancel);
    app.check_disk();
    assert!(app.overlay.is_none());
    // Saving still asks, and reloading takes the outside text.
    assert!(!app.save(false));
    app.answer(Action::Reload);
    assert_eq!(app.doc.text, ORG.replace("Books", "Comics"));
    assert_eq!(app.session.disk, DiskStamp::of(&path));
}

#[cfg(unix)]
fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_refused_unchanged_and_saving_elsewhere_is_offered() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = temp_file("org.toml", ORG);
    // Opened while it could be written (one that cannot opens read-only).
    let mut app = app_on_file(&path);
    rename_sales(&mut app);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    // Through the library: refused even for root, who could write it.
    let error = save_atomic(&path, "x").unwrap_err();
    assert!(error.is_read_only(), "{error}");
    assert!(error.to_string().contains(&path.display().to_string()), "{error}");
    assert_eq!(fs::read_to_string(&path).unwrap(), ORG);
    // Through the app: the save-as prompt, under the message in full.
    assert!(!app.save(false));
    assert!(matches!(&app.overlay, Some(Overlay::Prompt(p)) if p.kind == PromptKind::SaveAs));
    let status = app.status.clone().unwrap();
    assert!(status.is_error && status.text.contains("is read-only and was not changed"), "{}", status.text);
    let shown = screen(&app).lines().map(str::trim).collect::<Vec<_>>().join(" ");
    assert!(shown.contains("type another path to save elsewhere (Esc: cancel)."), "{shown}");
    assert_eq!(fs::read_to_string(&path).unwrap(), ORG);
    assert_eq!(mode_of(&path), 0o444);
    assert_eq!(names_in(dir.path()), ["org.toml"]);
}

#[cfg(unix)]
#[test]
fn a_hard_link_keeps_both_names_on_the_new_text() {
    use std::os::unix::fs::MetadataExt;
    let (dir, path) = temp_file("org.toml", ORG);
    let other = dir.path().join("other-name.toml");
    fs::hard_link(&path, &other).unwrap();
    let inode = fs::metadata(&path).unwrap().ino();
    save_atomic(&path, "new text").unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "new text");
    assert_eq!(fs::read_to_string(&other).unwrap(), "new text");
    assert_eq!(fs::metadata(&path).unwrap().ino(), inode);
    assert_eq!(names_in(dir.path()), ["org.toml", "other-name.toml"], "no backup left behind");
}

#[cfg(unix)]
#[test]
fn extended_attributes_survive_a_save() {
    let (_dir, path) = temp_file("org.toml", ORG);
    if let Err(error) = xattr::set(&path, "user.test", b"kept") {
        eprintln!("skipped: this filesystem refuses user extended attributes ({error})");
        return;
    }
    save_atomic(&path, "new text").unwrap();
    assert_eq!(xattr::get(&path, "user.test").unwrap().as_deref(), Some(&b"kept"[..]));
    assert_eq!(fs::read_to_string(&path).unwrap(), "new text");
}

#[cfg(unix)]
#[test]
fn the_owner_and_group_survive_a_save() {
    use std::os::unix::fs::MetadataExt;
    let (_dir, path) = temp_file("org.toml", ORG);
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        // Not root: the file is ours, and stays ours in our group.
        let before = fs::metadata(&path).unwrap();
        save_atomic(&path, "new text").unwrap();
        let after = fs::metadata(&path).unwrap();
        assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
        eprintln!("skipped giving the file to another user: not running as root");
        return;
    }
    std::os::unix::fs::chown(&path, Some(65534), Some(65534)).unwrap();
    save_atomic(&path, "new text").unwrap();
    let after = fs::metadata(&path).unwrap();
    assert_eq!((after.uid(), after.gid()), (65534, 65534));
    assert_eq!(fs::read_to_string(&path).unwrap(), "new text");
}

#[cfg(unix)]
#[test]
fn a_writable_file_in_a_read_only_folder_is_saved_in_place() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = temp_file("org.toml", ORG);
    use std::os::unix::fs::MetadataExt;
    // Through the library, always: a folder that cannot hold a temporary file.
    let inode = fs::metadata(&path).unwrap().ino();
    save_failing(&path, "in place", Fault::NoTempFile).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "in place");
    assert_eq!(fs::metadata(&path).unwrap().ino(), inode, "written in place");
    assert_eq!(names_in(dir.path()), ["org.toml"]);
    // A new file there cannot be written at all: the message names it and the folder.
    let new = dir.path().join("new.toml");
    let error = save_failing(&new, "x", Fault::NoTempFile).unwrap_err();
    let folder = dir.path().display().to_string();
    assert_eq!(
        error.to_string(),
        format!("cannot save {}: cannot write in its folder {folder}: permission denied", new.display())
    );
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        eprintln!("skipped a real read-only folder: root may write in any folder");
        return;
    }
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
    let saved = save_atomic(&path, "new text");
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    saved.unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "new text");
    assert_eq!(names_in(dir.path()), ["org.toml"]);
}

/// Every step of a save made to fail, on a file saved by renaming and on one saved in
/// place (it has a second name): the file is byte for byte what it was, nothing is
/// left beside it, and the message names it.
#[cfg(unix)]
#[test]
fn a_failed_step_leaves_the_original_and_names_it() {
    for fault in [Fault::Write, Fault::Sync, Fault::Rename] {
        for linked in [false, true] {
            let (dir, path) = temp_file("org.toml", ORG);
            if linked {
                fs::hard_link(&path, dir.path().join("twin.toml")).unwrap();
            }
            let before = names_in(dir.path());
            let result = save_failing(&path, &ORG.repeat(3), fault);
            if linked && fault == Fault::Rename {
                // Nothing is renamed in place.
                result.unwrap();
                continue;
            }
            let error = result.unwrap_err();
            let message = error.to_string();
            assert!(message.starts_with(&format!("cannot save {}: ", path.display())), "{fault:?}: {message}");
            assert!(!message.contains(".org.toml."), "no temporary name: {message}");
            if linked {
                assert!(message.ends_with("it was put back as it was"), "{message}");
                assert_eq!(fs::read_to_string(dir.path().join("twin.toml")).unwrap(), ORG);
            }
            assert_eq!(fs::read_to_string(&path).unwrap(), ORG, "{fault:?}, linked: {linked}");
            assert_eq!(names_in(dir.path()), before, "{fault:?}, linked: {linked}");
        }
    }
}

#[test]
fn a_folder_in_the_way_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let error = save_atomic(dir.path(), "x").unwrap_err();
    assert!(error.to_string().contains("it is a folder"), "{error}");
    assert!(names_in(dir.path()).is_empty());
}

/// A failed save's message shows whole at 80 columns, with the user's file and the
/// reason: the status bar grows to hold it.
#[test]
fn a_long_save_error_shows_in_full_at_80_columns() {
    let (dir, path) = temp_file("org.toml", ORG);
    let mut app = app_on_file(&path);
    rename_sales(&mut app);
    let deep: PathBuf = dir.path().join("a folder that does not exist").join("and another one").join("my org.toml");
    save_as(&mut app, &deep);
    assert!(app.overlay.is_none(), "{:?}", app.status);
    let message = app.status.clone().unwrap().text;
    assert!(message.contains(&deep.display().to_string()), "{message}");
    assert!(message.len() > 80);
    let shown = screen(&app).lines().map(str::trim).collect::<Vec<_>>().join(" ");
    // `s` would save to the file that is open, not to the path that failed: the key
    // named is save-as's.
    assert!(shown.contains("press S to try again."), "{shown}");
    for word in message.split_whitespace() {
        assert!(shown.contains(word), "{word} is not shown:\n{}", screen(&app));
    }
    // S starts from the path that failed, not from the open file's (Enter would
    // write that one).
    app.update(Action::SaveAs);
    let Some(Overlay::Prompt(prompt)) = &app.overlay else { panic!("{:?}", app.overlay) };
    assert_eq!(prompt.input.value(), deep.display().to_string());
    app.update(Action::Cancel);
    // Once given up, save-as starts from the open file again.
    app.update(Action::SaveAs);
    let Some(Overlay::Prompt(prompt)) = &app.overlay else { panic!("{:?}", app.overlay) };
    assert_eq!(prompt.input.value(), path.display().to_string());
}

const CRLF_ORG: &str = "# Shop\r\n[company]\r\nname = \"Shop\"\r\n\r\n[org.sales]\r\nname = \"Sales\" # the counter\r\n\r\n[org.sales.web]\r\nname = \"Web\"\r\n\r\n[org.books]\r\nname = \"Books\"\r\nnotes = \"kept\"\r\n";

fn all_crlf(text: &str) -> bool {
    text.match_indices('\n').all(|(i, _)| text[..i].ends_with('\r'))
}

fn path(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| s.to_string()).collect()
}

#[test]
fn renaming_in_a_crlf_file_changes_only_the_names_bytes() {
    let out = frontback::org::edit::apply(CRLF_ORG, &Edit::Rename { path: path(&["sales"]), name: "Selling".into() })
        .unwrap();
    assert_eq!(out.text, CRLF_ORG.replace("\"Sales\"", "\"Selling\""));
    let out =
        frontback::org::edit::apply(CRLF_ORG, &Edit::Rename { path: path(&["books"]), name: "Bikes".into() }).unwrap();
    assert_eq!(out.text, CRLF_ORG.replace("\"Books\"", "\"Bikes\""));
}

#[test]
fn every_kind_of_edit_keeps_crlf_everywhere() {
    use frontback::org::edit::{apply, copy};
    let clip = Box::new(copy(CRLF_ORG, &path(&["sales"])).unwrap());
    let edits = [
        Edit::AddChild { parent: Some(path(&["books"])), name: "Comics".into() },
        Edit::AddChild { parent: None, name: "Top".into() },
        Edit::AddSibling { sibling: path(&["sales", "web"]), name: "Phone".into() },
        Edit::SetNotes { path: path(&["sales"]), notes: Some("two\nlines".into()) },
        Edit::Delete { path: path(&["sales"]) },
        Edit::Move { path: path(&["books"]), up: true },
        Edit::Indent { path: path(&["books"]) },
        Edit::Outdent { path: path(&["sales", "web"]) },
        Edit::Paste { clip: clip.clone(), target: Some(path(&["books"])), as_child: true },
        Edit::Paste { clip, target: None, as_child: false },
    ];
    for edit in edits {
        let out = apply(CRLF_ORG, &edit).unwrap();
        assert!(all_crlf(&out.text), "{edit:?} wrote a bare \\n:\n{:?}", out.text);
        assert!(frontback::org::load(&out.text).is_ok());
        // The untouched first lines keep their bytes.
        assert!(out.text.starts_with("# Shop\r\n[company]\r\nname = \"Shop\"\r\n"), "{edit:?}: {:?}", out.text);
    }
}

/// Why a save failed is said in the user's language, the system's reason too, and in
/// the status bar of a Spanish session.
#[cfg(unix)]
#[test]
fn why_a_save_failed_is_said_in_spanish_too() {
    use frontback::text::Lang;
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("new.toml");
    let error = save_failing(&new, "x", Fault::NoTempFile).unwrap_err();
    let folder = dir.path().display();
    assert_eq!(error.reason(Lang::Es), format!("no se puede escribir en su carpeta {folder}: permiso denegado"));
    assert_eq!(error.reason(Lang::En), format!("cannot write in its folder {folder}: permission denied"));
    let (linked_dir, linked) = temp_file("org.toml", ORG);
    fs::hard_link(&linked, linked_dir.path().join("twin.toml")).unwrap();
    let error = save_failing(&linked, &ORG.repeat(3), Fault::Write).unwrap_err();
    assert_eq!(error.reason(Lang::Es), "no se puede escribir: injected write failure; se dejó como estaba");
    assert_eq!(error.reason(Lang::En), "cannot write it: injected write failure; it was put back as it was");
    assert!(save_atomic(dir.path(), "x").unwrap_err().reason(Lang::Es).contains("es una carpeta"));

    // In the app: the file became a folder, and the status bar says so in Spanish.
    let (_dir, path) = temp_file("org.toml", ORG);
    let mut app = app_on_file(&path);
    app.update(Action::ToggleLang);
    rename_sales(&mut app);
    fs::remove_file(&path).unwrap();
    fs::create_dir(&path).unwrap();
    app.session.disk = None;
    app.update(Action::Save);
    let status = app.status.clone().unwrap();
    assert!(status.is_error, "{status:?}");
    assert!(
        status.text.starts_with("No se pudo guardar") && status.text.contains(": es una carpeta."),
        "{}",
        status.text
    );
    // The file itself failed: `s` tries it again.
    assert!(status.text.ends_with("pulse s para reintentar."), "{}", status.text);
}

/// A save into a folder that is not there says why in the user's language: the
/// system's reason for the temporary file it could not make keeps its code.
#[test]
fn a_save_into_a_folder_that_is_gone_says_why_in_spanish() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gone").join("org.toml");
    let error = save_atomic(&file, "[company]\nname = \"X\"\n").unwrap_err();
    let reason = error.reason(frontback::text::Lang::Es);
    assert!(reason.contains("No existe ese archivo o carpeta"), "{reason}");
    assert!(!file.exists());
}

/// The app on a generated org large enough to be saved on a thread of its own.
fn large_app_on_file(lang: frontback::text::Lang) -> (tempfile::TempDir, PathBuf, App) {
    let text = frontback::generate::org_text(10_000, 3);
    assert!(text.len() >= frontback::tui::update::file::SAVE_AHEAD_FROM, "{} bytes", text.len());
    let (dir, path) = temp_file("large.toml", &text);
    let doc = Document::from_text(Some(path.clone()), text).unwrap();
    let mut app = App::new(doc, Options { theme: Theme::monochrome(), seed: 1, lang, ..Options::default() });
    app.resize(80, 24);
    (dir, path, app)
}

fn rename_selected(app: &mut App, name: &str) {
    let path = app.selected_path().unwrap();
    assert!(app.apply_edit(Edit::Rename { path, name: name.into() }));
}

/// Lets pauses go by, as the event loop does while no key comes, until the save
/// writing on its own thread is over.
fn pause_until_saved(app: &mut App) {
    let started = std::time::Instant::now();
    while app.session.saving.is_some() {
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "the save never ended");
        std::thread::sleep(frontback::tui::state::SAVING_POLL);
        app.tick(std::time::Instant::now());
    }
}

/// A save that ended on its own thread before the interface took it in: the text it
/// wrote is not unsaved, whatever records the unsaved text meanwhile. (A signal then
/// wrote aside a recovery of what the file already held, offered on the next start.)
#[test]
fn a_background_save_not_yet_taken_in_leaves_nothing_unsaved() {
    let (_dir, path, mut app) = large_app_on_file(frontback::text::Lang::En);
    rename_selected(&mut app, "Saved name");
    assert!(app.save(false));
    let started = std::time::Instant::now();
    while !app.session.saving.as_ref().unwrap().saving.is_done() {
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "the save never ended");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(fs::read_to_string(&path).unwrap().contains("name = \"Saved name\""));
    assert!(app.session.history.is_modified(), "not taken in yet");
    app.sync_recovery();
    assert_eq!(app.session.recovery.write().unwrap(), None, "nothing is unsaved");

    // An edit after it is unsaved again.
    rename_selected(&mut app, "Renamed after");
    app.sync_recovery();
    let written = app.session.recovery.write().unwrap().expect("the edit after the save is kept");
    assert!(fs::read_to_string(written).unwrap().contains("name = \"Renamed after\""));
}

/// Once the app is ending (a signal, its terminal gone), no save starts: the end would
/// cut it off and leave its temporary file beside the user's. The file is as it was.
#[test]
fn no_save_starts_once_the_app_is_ending() {
    for large in [false, true] {
        let (dir, path, mut app) = if large {
            large_app_on_file(frontback::text::Lang::En)
        } else {
            let (dir, path) = temp_file("org.toml", ORG);
            let app = app_on_file(&path);
            (dir, path, app)
        };
        let before = fs::read_to_string(&path).unwrap();
        rename_selected(&mut app, "Not saved");
        app.session.recovery.close_saves();
        assert!(!app.save(false), "large: {large}");
        assert!(app.session.saving.is_none(), "large: {large}");
        assert_eq!(fs::read_to_string(&path).unwrap(), before, "large: {large}");
        assert_eq!(names_in(dir.path()), [path.file_name().unwrap().to_str().unwrap()], "large: {large}");
    }
}

/// Saving a large file answers the key at once: the status says it is being saved,
/// the app goes on (an edit made meanwhile is not in the file, and stays unsaved),
/// and "Saved" comes once the disk has the text; undoing back to what was saved
/// leaves nothing unsaved, and a recovery made now is made on the file as saved.
#[test]
fn a_large_file_is_saved_while_the_app_goes_on() {
    for lang in [frontback::text::Lang::En, frontback::text::Lang::Es] {
        let (_dir, path, mut app) = large_app_on_file(lang);
        let original = fs::read_to_string(&path).unwrap();
        rename_selected(&mut app, "Saved name");
        let saved_text = app.doc.text.to_string();
        assert!(app.save(false));
        assert!(app.session.saving.is_some(), "{lang:?}: a large text is saved on a thread of its own");
        let saving = app.status.clone().unwrap().text;
        let words = if lang == frontback::text::Lang::En { "Saving " } else { "Guardando " };
        assert_eq!(saving, format!("{words}{}…", path.display()));
        assert!(app.session.history.is_modified(), "{lang:?}: unsaved until the disk has it");
        // An edit while the disk writes: its text is not the one being written.
        rename_selected(&mut app, "Renamed meanwhile");
        // The app's own save is not someone else's change.
        app.check_disk();
        assert!(app.overlay.is_none(), "{lang:?}: {:?}", app.overlay);
        pause_until_saved(&mut app);
        let status = app.status.clone().unwrap();
        assert!(!status.is_error, "{lang:?}: {}", status.text);
        let done = if lang == frontback::text::Lang::En { "Saved " } else { "Guardado " };
        assert_eq!(status.text, format!("{done}{}.", path.display()));
        let on_disk = fs::read_to_string(&path).unwrap();
        assert_eq!(on_disk, saved_text, "{lang:?}: the file holds the text as it was when s was pressed");
        assert_ne!(on_disk, original);
        assert!(app.session.history.is_modified(), "{lang:?}: the edit made meanwhile is unsaved");
        let base = app.session.recovery.base().unwrap();
        assert_eq!(
            base,
            frontback::tui::recovery::Base::of(&on_disk),
            "{lang:?}: a recovery is made on the saved file"
        );
        app.check_disk();
        assert!(app.overlay.is_none(), "{lang:?}: {:?}", app.overlay);
        app.undo(false);
        assert!(!app.session.history.is_modified(), "{lang:?}: back to the saved text");
        assert_eq!(app.doc.text.as_str(), on_disk);
    }
}

/// Quitting while a large file is being saved waits for the save, then quits
/// without asking: nothing is unsaved once it is done.
#[test]
fn quitting_while_a_large_file_is_saved_waits_for_it() {
    let (_dir, path, mut app) = large_app_on_file(frontback::text::Lang::En);
    rename_selected(&mut app, "Saved before quitting");
    assert!(app.save(false));
    assert!(app.session.saving.is_some());
    app.request_quit();
    assert!(app.overlay.is_none(), "{:?}", app.overlay);
    quit_with_the_text_saved(&app, &path);
}

/// The app quit once the save was over, and the file holds its text, whole.
fn quit_with_the_text_saved(app: &App, path: &std::path::Path) {
    assert!(app.should_quit);
    assert!(app.session.saving.is_none());
    assert_eq!(fs::read_to_string(path).unwrap(), app.doc.text.as_str());
    assert!(!app.session.history.is_modified());
}

/// Answering "save" to the quit question saves a large file whole before quitting.
#[test]
fn saving_to_quit_waits_for_a_large_file() {
    let (_dir, path, mut app) = large_app_on_file(frontback::text::Lang::En);
    rename_selected(&mut app, "Saved to quit");
    app.request_quit();
    assert!(matches!(app.overlay, Some(Overlay::Confirm(Confirm::Quit { .. }))), "{:?}", app.overlay);
    app.answer(Action::Save);
    quit_with_the_text_saved(&app, &path);
}

/// "Save and quit" on a large file found changed on disk: overwriting it saves on
/// the save's own thread, and quits once the disk has the text whole.
#[test]
fn overwriting_a_changed_large_file_to_quit_waits_for_the_save() {
    let (_dir, path, mut app) = large_app_on_file(frontback::text::Lang::En);
    rename_selected(&mut app, "Saved over theirs");
    let mut theirs = fs::read_to_string(&path).unwrap();
    theirs.push_str("# someone else's line\n");
    fs::write(&path, &theirs).unwrap();
    app.request_quit();
    app.answer(Action::Save);
    assert_eq!(app.confirm(), Some(&Confirm::ChangedOnDisk { quitting: true }));
    assert_eq!(fs::read_to_string(&path).unwrap(), theirs);
    app.answer(Action::Yes);
    quit_with_the_text_saved(&app, &path);
}

/// A large save that fails on its thread says why once it is over, in either
/// language, and keeps the edits: nothing was written, and saving again works.
#[test]
fn a_large_save_that_fails_says_why_and_keeps_the_edits() {
    for lang in [frontback::text::Lang::En, frontback::text::Lang::Es] {
        let (dir, path, mut app) = large_app_on_file(lang);
        let original = fs::read_to_string(&path).unwrap();
        rename_selected(&mut app, "Not saved");
        let gone = dir.path().join("gone").join("copy.toml");
        save_as(&mut app, &gone);
        assert!(app.session.saving.is_some(), "{lang:?}");
        pause_until_saved(&mut app);
        let status = app.status.clone().unwrap();
        assert!(status.is_error, "{lang:?}: {}", status.text);
        let (failed, reason) = match lang {
            frontback::text::Lang::En => ("Could not save ", "No such file or directory"),
            frontback::text::Lang::Es => ("No se pudo guardar ", "No existe ese archivo o carpeta"),
        };
        assert!(status.text.starts_with(failed) && status.text.contains(reason), "{lang:?}: {}", status.text);
        assert!(!gone.exists() && !gone.parent().unwrap().exists());
        assert_eq!(fs::read_to_string(&path).unwrap(), original, "{lang:?}: the file is as it was");
        assert_eq!(app.doc.path.as_deref(), Some(path.as_path()));
        assert!(app.session.history.is_modified(), "{lang:?}: the edits stay");
        assert!(app.save(false));
        pause_until_saved(&mut app);
        assert_eq!(fs::read_to_string(&path).unwrap(), app.doc.text.as_str());
        assert!(!app.session.history.is_modified());
    }
}

/// A second save pressed while the first still writes waits for it, then saves what
/// the screen shows now.
#[test]
fn a_save_pressed_while_one_writes_saves_the_latest_text() {
    let (_dir, path, mut app) = large_app_on_file(frontback::text::Lang::En);
    rename_selected(&mut app, "First");
    assert!(app.save(false));
    rename_selected(&mut app, "Second");
    assert!(app.save(false));
    pause_until_saved(&mut app);
    assert_eq!(fs::read_to_string(&path).unwrap(), app.doc.text.as_str());
    assert!(app.doc.text.contains("Second"));
    assert!(!app.session.history.is_modified());
}

/// Whatever reads the file, hands it to someone else or ends the app first waits for
/// a save still writing, and takes in how it went: reloading, the external editor,
/// Ctrl+Z, Ctrl+C from a search, and saving elsewhere.
#[test]
fn what_touches_the_file_waits_for_a_save_still_writing() {
    use frontback::tui::update::Effect;
    type Act = fn(&mut App) -> Option<Effect>;
    let cases: [(&str, Act); 5] = [
        ("reload", |app| {
            app.reload();
            None
        }),
        ("the external editor", |app| app.update(Action::ExternalEditor)),
        ("Ctrl+Z", |app| app.update(Action::Suspend)),
        ("Ctrl+C in a search", |app| {
            app.update(Action::Search);
            app.update(Action::Quit)
        }),
        ("saving elsewhere", |app| {
            let elsewhere = app.doc.path.as_ref().unwrap().with_file_name("elsewhere.toml");
            save_as(app, &elsewhere);
            app.finish_saving();
            None
        }),
    ];
    for (what, act) in cases {
        let (_dir, path, mut app) = large_app_on_file(frontback::text::Lang::En);
        rename_selected(&mut app, "Saved first");
        let saved_text = app.doc.text.to_string();
        assert!(app.save(false));
        assert!(app.session.saving.is_some(), "{what}");
        let effect = act(&mut app);
        assert!(app.session.saving.is_none(), "{what}: the save still writing was waited for");
        assert_eq!(fs::read_to_string(&path).unwrap(), saved_text, "{what}");
        match what {
            "the external editor" => assert!(matches!(effect, Some(Effect::RunEditor(_))), "{what}: {effect:?}"),
            "Ctrl+Z" => assert!(matches!(effect, Some(Effect::Suspend)), "{what}: {effect:?}"),
            // Nothing is unsaved once the save is done: Ctrl+C quits without asking.
            "Ctrl+C in a search" => assert!(app.should_quit && app.overlay.is_none(), "{what}: {:?}", app.overlay),
            _ => {}
        }
        if what != "saving elsewhere" {
            assert!(!app.session.history.is_modified(), "{what}");
        }
    }
}

/// Ctrl+C from a search, the help or a prompt with unsaved changes asks first, as `q`
/// does from the explorer.
#[test]
fn ctrl_c_from_an_overlay_asks_before_dropping_unsaved_changes() {
    let (_dir, path) = temp_file("org.toml", ORG);
    for open in [Action::Search, Action::Help, Action::Rename] {
        let mut app = app_on_file(&path);
        rename_sales(&mut app);
        app.update(open);
        assert!(app.overlay.is_some(), "{open:?}");
        app.update(Action::Quit);
        assert!(!app.should_quit, "{open:?}: quit without asking");
        assert!(matches!(app.overlay, Some(Overlay::Confirm(Confirm::Quit { .. }))), "{open:?}: {:?}", app.overlay);
    }
}

/// Quitting after a large save that failed on its thread does not ask about quitting
/// over it: it says why the save failed, and the next `q` asks.
#[test]
fn quitting_after_a_large_save_failed_says_why_first() {
    let (dir, _path, mut app) = large_app_on_file(frontback::text::Lang::En);
    rename_selected(&mut app, "Not saved");
    let gone = dir.path().join("gone").join("copy.toml");
    save_as(&mut app, &gone);
    assert!(app.session.saving.is_some());
    app.request_quit();
    assert!(!app.should_quit);
    assert!(app.overlay.is_none(), "{:?}", app.overlay);
    let status = app.status.clone().unwrap();
    assert!(status.is_error && status.text.starts_with("Could not save "), "{}", status.text);
    app.request_quit();
    assert!(matches!(app.overlay, Some(Overlay::Confirm(Confirm::Quit { .. }))), "{:?}", app.overlay);
}

/// Saving elsewhere while a large save that will fail still writes: the failure is
/// said, and the new save waits to be asked for again.
#[test]
fn saving_elsewhere_after_a_large_save_failed_says_why_first() {
    let (dir, _path, mut app) = large_app_on_file(frontback::text::Lang::En);
    rename_selected(&mut app, "Not saved");
    save_as(&mut app, &dir.path().join("gone").join("copy.toml"));
    assert!(app.session.saving.is_some());
    let elsewhere = dir.path().join("elsewhere.toml");
    save_as(&mut app, &elsewhere);
    assert!(app.session.saving.is_none(), "no second save started");
    let status = app.status.clone().unwrap();
    assert!(status.is_error && status.text.starts_with("Could not save "), "{}", status.text);
    assert!(!elsewhere.exists());
    save_as(&mut app, &elsewhere);
    app.finish_saving();
    assert_eq!(fs::read_to_string(&elsewhere).unwrap(), app.doc.text.as_str());
}
