//! The life of a file in the app, on a temporary folder: random edits, undo and redo,
//! saves, changes made from outside (some keeping the length and the time), checks of
//! the disk, answers to whatever question is open, quits, signals (the recovery
//! written, the app started again and its recoveries restored, deleted or kept) and
//! recovery writes that fail half way. After every step:
//! - the file is the bytes an outside change wrote, unless the app was told to
//!   overwrite them; else it is what the app last read or saved, or, after a save,
//!   exactly the app's text; it always loads;
//! - the app's text loads, and with nothing unsaved it is the file's bytes;
//! - no temporary file is left in the folder;
//! - every recovery there or in the data folder is whole (its header matches its
//!   body) and loads;
//! - a restored recovery is gone once the edits are saved.

#![no_main]

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Once;

use frontback::document::Document;
use frontback::org::edit::{Edit, FactField};
use frontback::org::{Level, load};
use frontback::samples::SAMPLES;
use frontback::text::Lang;
use frontback::tui::recovery::{self, read_recovery};
use frontback::tui::state::{Confirm, Overlay};
use frontback::tui::{Action, App, Options};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 6] = ["Nuevo «x»", "a.b", "with \"quotes\"", "ñ", "line\nbreak\r\n", "[org.fake]"];

/// Sends the data folder to a temporary folder, once, so that nothing touches the
/// real home.
fn init() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        let home = tempfile::tempdir().expect("a temporary folder").keep();
        // SAFETY: set once, before anything reads the environment in this process.
        unsafe {
            std::env::set_var("XDG_DATA_HOME", home.join("data"));
            std::env::set_var("HOME", &home);
        }
    });
}

fn start(path: &Path) -> App {
    let text = fs::read_to_string(path).expect("the file reads");
    let doc = Document::from_text(Some(path.to_path_buf()), text).expect("the file on disk loads");
    let mut app = App::new(doc, Options::default());
    app.resize(100, 30);
    app
}

fn confirm(app: &App) -> Option<&Confirm> {
    match app.overlay.as_ref() {
        Some(Overlay::Confirm(c)) => Some(c),
        _ => None,
    }
}

/// Answers the recovery offers a start makes, as `picks` say.
fn answer_offers(app: &mut App, picks: &mut impl Iterator<Item = u8>, restored: &mut Vec<PathBuf>) {
    for _ in 0..16 {
        let Some(Confirm::Recover(offer)) = confirm(app) else { break };
        let file = offer.file.clone();
        let action = [Action::Reload, Action::Discard, Action::Cancel][picks.next().unwrap_or(0) as usize % 3];
        let restorable = offer.restorable;
        app.answer(action);
        if restorable && action == Action::Reload {
            restored.push(file);
        }
    }
    // A damaged one left open is only acknowledged.
    if let Some(Confirm::Recover(_)) = confirm(app) {
        app.answer(Action::Cancel);
    }
}

/// An edit on a random department.
fn edit(app: &App, kind: u8, pick: u8) -> Edit {
    let org = &app.doc.org;
    let name = NAMES[pick as usize % NAMES.len()].to_string();
    if org.is_empty() {
        return Edit::AddChild { parent: None, name };
    }
    let id = pick as usize % org.len();
    let path: Vec<String> = org.path(id).iter().map(|s| s.to_string()).collect();
    match kind % 8 {
        0 => Edit::AddChild { parent: Some(path), name },
        1 => Edit::AddSibling { sibling: path, name },
        2 => Edit::Rename { path, name },
        3 => Edit::SetFact { path, field: FactField::Customers, value: Some(Level::Direct) },
        4 => Edit::SetNotes { path, notes: Some(name) },
        5 => Edit::Delete { path },
        6 => Edit::Move { path, up: pick % 2 == 0 },
        _ => Edit::Indent { path },
    }
}

/// Other org bytes for the file: another sample, or the file with one letter of a
/// name changed (the same length).
fn outside_bytes(now: &[u8], pick: u8) -> Vec<u8> {
    if pick % 2 == 0 {
        return SAMPLES[pick as usize / 2 % SAMPLES.len()].text.as_bytes().to_vec();
    }
    let mut bytes = now.to_vec();
    let needle = b"name = \"";
    if let Some(at) = bytes.windows(needle.len()).position(|w| w == needle) {
        let i = at + needle.len();
        if bytes.get(i).is_some_and(|b| b.is_ascii_alphabetic()) {
            bytes[i] = if bytes[i] == b'Q' { b'Z' } else { b'Q' };
        }
    }
    bytes
}

fn check_folder(folder: &Path, file: &Path, data: Option<&Path>) {
    let mut recoveries = recovery::find(Some(file), data);
    for entry in fs::read_dir(folder).expect("the folder lists").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(!name.ends_with(".tmp"), "a temporary file is left: {name}");
        if name.ends_with(".recovered") {
            recoveries.push(entry.path());
        }
    }
    for found in recoveries {
        if !found.exists() {
            continue;
        }
        let (_, body) = read_recovery(&found, Lang::En)
            .unwrap_or_else(|e| panic!("a recovery is not whole: {}: {e}", found.display()));
        assert!(load(&body).is_ok(), "a recovery does not load: {}", found.display());
    }
    if let Some(data) = data
        && let Ok(entries) = fs::read_dir(data)
    {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(!name.ends_with(".tmp"), "a temporary file is left in the data folder: {name}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    init();
    let Some((&first, ops)) = data.split_first() else { return };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("org.toml");
    fs::write(&path, SAMPLES[first as usize % SAMPLES.len()].text).expect("the sample is written");
    let data_folder = frontback::paths::data_folder();
    let data_folder = data_folder.as_deref();

    let mut app = start(&path);
    app.offer_recovered();
    // The bytes the app last read or wrote, and bytes written from outside since that
    // the app has not yet read or been told to overwrite.
    let mut known = fs::read(&path).unwrap();
    let mut outside: Option<Vec<u8>> = None;
    let mut restored: Vec<PathBuf> = Vec::new();

    for op in ops.chunks(3).take(48) {
        let [kind, pick, flag] = [op[0], *op.get(1).unwrap_or(&0), *op.get(2).unwrap_or(&0)];
        let mut app_may_write = false;
        let mut overwrite_allowed = false;
        let mut app_read = false;
        match kind % 10 {
            0 | 1 => {
                if app.overlay.is_none() {
                    let edit = edit(&app, flag, pick);
                    let _ = app.apply_edit(edit);
                }
            }
            2 => {
                if app.overlay.is_none() {
                    app.undo(pick % 3 == 0);
                }
            }
            3 => {
                if app.overlay.is_none() {
                    app_may_write = true;
                    let _ = app.save(false);
                }
            }
            4 => {
                // Someone else writes the file, sometimes keeping its time.
                let now = fs::read(&path).unwrap();
                let bytes = outside_bytes(&now, pick);
                let mtime = fs::metadata(&path).and_then(|m| m.modified()).ok();
                let mut file = fs::OpenOptions::new().write(true).truncate(true).open(&path).unwrap();
                file.write_all(&bytes).unwrap();
                if flag % 2 == 0
                    && bytes.len() == now.len()
                    && let Some(mtime) = mtime
                {
                    file.set_modified(mtime).unwrap();
                }
                drop(file);
                outside = (bytes != known).then_some(bytes);
            }
            5 => app.check_disk(),
            6 => {
                let action = [Action::Yes, Action::Reload, Action::Save, Action::Cancel, Action::Discard, Action::No]
                    [pick as usize % 6];
                let question = confirm(&app).cloned();
                if question.is_some() {
                    app_may_write = matches!(
                        (&question, action),
                        (Some(Confirm::ChangedOnDisk { .. }), Action::Yes) | (Some(Confirm::Quit { .. }), Action::Save)
                    );
                    overwrite_allowed =
                        matches!((&question, action), (Some(Confirm::ChangedOnDisk { .. }), Action::Yes));
                    app_read = matches!(
                        (&question, action),
                        (Some(Confirm::ChangedOnDisk { .. } | Confirm::ReloadOffer), Action::Reload)
                    );
                    let is_recover = matches!(question, Some(Confirm::Recover(_)));
                    if is_recover {
                        let mut picks = std::iter::once(pick / 6).chain(std::iter::repeat(flag));
                        answer_offers(&mut app, &mut picks, &mut restored);
                    } else {
                        app.answer(action);
                    }
                    if matches!(app.overlay, Some(Overlay::Prompt(_))) {
                        // Save elsewhere: not taken.
                        app.overlay = None;
                    }
                }
            }
            7 => {
                if app.overlay.is_none() {
                    app.request_quit();
                }
            }
            _ => {
                // A signal: the unsaved edits written (the write failing half way,
                // once or every time, when `flag` says), and the app started again.
                let mut calls = 0;
                let fail = flag % 4;
                let mut step = |file: &mut fs::File, bytes: &[u8]| -> io::Result<()> {
                    calls += 1;
                    if fail == 1 || (fail == 2 && calls == 1) {
                        file.write_all(&bytes[..bytes.len() / 2])?;
                        return Err(io::Error::new(io::ErrorKind::StorageFull, "no space left"));
                    }
                    file.write_all(bytes)
                };
                let _ = app.session.recovery.write_with(data_folder, &mut step);
                drop(app);
                app = start(&path);
                app.offer_recovered();
                // Only what this run restores is deleted by its saves.
                restored.clear();
                let mut picks = std::iter::once(pick).chain(std::iter::repeat(flag));
                answer_offers(&mut app, &mut picks, &mut restored);
                app_read = true;
            }
        }
        if app.should_quit {
            drop(app);
            app = start(&path);
            app.offer_recovered();
            restored.clear();
            let mut picks = std::iter::repeat(pick);
            answer_offers(&mut app, &mut picks, &mut restored);
            app_read = true;
        }

        // The file.
        let file = fs::read(&path).unwrap();
        if let Some(bytes) = &outside {
            if file == *bytes {
                if app_read {
                    outside = None;
                    known = file.clone();
                }
            } else {
                assert!(overwrite_allowed, "outside bytes were overwritten without asking (op {})", kind % 10);
                outside = None;
                assert_eq!(file, app.doc.text.as_bytes(), "an overwrite wrote exactly the text");
                known = file.clone();
            }
        } else if file != known {
            assert!(app_may_write, "the file changed without a save (op {})", kind % 10);
            assert_eq!(file, app.doc.text.as_bytes(), "a save wrote exactly the text");
            known = file.clone();
        }
        if app_may_write && file == app.doc.text.as_bytes() && !app.session.history.is_modified() {
            // Saved: whatever was on disk before, the app wrote these bytes.
            outside = None;
            known = file.clone();
        }
        let text = std::str::from_utf8(&file).expect("the file is text");
        assert!(load(text).is_ok(), "the file on disk does not load");
        if app_may_write && file == app.doc.text.as_bytes() && !app.session.history.is_modified() {
            for gone in restored.drain(..) {
                assert!(!gone.exists(), "a restored recovery outlived the save: {}", gone.display());
            }
        }

        // The app.
        assert!(load(&app.doc.text).is_ok(), "the app's text does not load");
        if outside.is_none() && !app.session.history.is_modified() {
            assert_eq!(app.doc.text.as_bytes(), file, "nothing unsaved, yet the text is not the file");
        }
        check_folder(dir.path(), &path, data_folder);
    }

    // What this run left in the data folder goes with it.
    for found in recovery::find(Some(&path), data_folder) {
        let _ = fs::remove_file(found);
    }
});
