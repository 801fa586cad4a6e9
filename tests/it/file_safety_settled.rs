//! Saving a large file need not read it back first (SPEC §7, §8): once a look at the
//! file, long enough after its last change, found the same bytes under the same
//! metadata, its stamp is settled, and unchanged metadata — modification time, length,
//! inode and change time — vouches for unchanged bytes. These tests pin that an outside
//! change still stops the save when it keeps the length and the modification time (the
//! change time moves), when the file is replaced by a copy with the same times (the
//! inode differs), and when it happens while the stamp is being settled.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use frontback::document::Document;
use frontback::org::edit::Edit;
use frontback::org::save::DiskStamp;
use frontback::tui::state::Confirm;
use frontback::tui::{App, Options};

use crate::support::temp_file;

const ORG: &str = "[company]\nname = \"Shop\"\n\n[org.sales]\nname = \"Sales\"\n\n[org.books]\nname = \"Books\"\n";

fn app_on_file(path: &Path) -> App {
    let text = fs::read_to_string(path).unwrap();
    let mut app = App::new(Document::from_text(Some(path.to_path_buf()), text).unwrap(), Options::default());
    app.resize(80, 24);
    app
}

fn rename_sales(app: &mut App, name: &str) {
    assert!(app.apply_edit(Edit::Rename { path: vec!["sales".into()], name: name.into() }));
}

/// Lets the app settle the stamp of its file (as it does between events), waiting for
/// the look it starts on a thread of its own; the stamp is settled afterwards.
fn settle(app: &mut App) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        app.check_disk();
        if app.session.disk.is_some_and(|disk| disk.settled) {
            return;
        }
        let done = app.session.settling.as_ref().is_some_and(|settling| settling.is_done());
        assert!(!done || app.session.settling.as_ref().unwrap().settled().is_some(), "the look found a change");
        assert!(Instant::now() < deadline, "the stamp never settled");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Sets a file's modification time back to what it was.
fn restore_mtime(path: &Path, modified: std::time::SystemTime) {
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_times(fs::FileTimes::new().set_modified(modified)).unwrap();
}

#[cfg(unix)]
#[test]
fn a_settled_stamp_still_catches_a_same_length_change_with_its_time_restored() {
    let (_dir, path) = temp_file("org.toml", ORG);
    let mut app = app_on_file(&path);
    settle(&mut app);
    let known = app.session.disk.unwrap();
    assert!(known.vouches_for(&path), "nothing changed: the metadata vouches for the bytes");
    rename_sales(&mut app, "Selling");
    // Someone else changes the file, keeping its length and time (`cp -p`, `touch -r`).
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    let outside = ORG.replace("Books", "Bikes");
    fs::write(&path, &outside).unwrap();
    restore_mtime(&path, modified);
    assert_eq!(fs::metadata(&path).unwrap().len(), known.len);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), known.modified.unwrap());
    assert!(!known.vouches_for(&path), "the change time moved");
    assert!(!app.save(false), "the save must ask first");
    assert_eq!(app.confirm(), Some(&Confirm::ChangedOnDisk { quitting: false }));
    assert_eq!(fs::read_to_string(&path).unwrap(), outside);
}

#[cfg(unix)]
#[test]
fn a_settled_stamp_does_not_vouch_for_a_copy_put_in_its_place_with_the_same_times() {
    let (dir, path) = temp_file("org.toml", ORG);
    let mut app = app_on_file(&path);
    settle(&mut app);
    rename_sales(&mut app, "Selling");
    // Another program saves its own text, of the same length, through a new file
    // given the old one's times, renamed over it.
    let meta = fs::metadata(&path).unwrap();
    let outside = ORG.replace("Books", "Bikes");
    let copy = dir.path().join("copy.toml");
    fs::write(&copy, &outside).unwrap();
    let times = fs::FileTimes::new().set_modified(meta.modified().unwrap()).set_accessed(meta.accessed().unwrap());
    fs::File::options().write(true).open(&copy).unwrap().set_times(times).unwrap();
    fs::rename(&copy, &path).unwrap();
    assert!(!app.session.disk.unwrap().vouches_for(&path), "another inode");
    assert!(!app.save(false), "the save must ask first");
    assert_eq!(app.confirm(), Some(&Confirm::ChangedOnDisk { quitting: false }));
    assert_eq!(fs::read_to_string(&path).unwrap(), outside);
}

#[cfg(unix)]
#[test]
fn after_a_save_the_stamp_settles_and_guards_the_next_save() {
    let (_dir, path) = temp_file("org.toml", ORG);
    let mut app = app_on_file(&path);
    rename_sales(&mut app, "Selling");
    assert!(app.save(false));
    assert!(!app.session.disk.unwrap().settled, "just written: not settled yet");
    settle(&mut app);
    // Unchanged since: saved again without asking.
    rename_sales(&mut app, "Sold");
    assert!(app.save(false));
    let saved = ORG.replace("\"Sales\"", "\"Sold\"");
    assert_eq!(fs::read_to_string(&path).unwrap(), saved);
    // Changed since, length and time kept: asked.
    settle(&mut app);
    rename_sales(&mut app, "Sales");
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    let outside = saved.replace("Books", "Bikes");
    fs::write(&path, &outside).unwrap();
    restore_mtime(&path, modified);
    assert!(!app.save(false), "the save must ask first");
    assert_eq!(app.confirm(), Some(&Confirm::ChangedOnDisk { quitting: false }));
    assert_eq!(fs::read_to_string(&path).unwrap(), outside);
}

#[cfg(unix)]
#[test]
fn a_change_while_the_stamp_is_being_settled_leaves_it_unsettled() {
    let (_dir, path) = temp_file("org.toml", ORG);
    let stamp = DiskStamp::read(&path).unwrap();
    assert!(!stamp.settled, "a stamp is only settled by a second look");
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    fs::write(&path, ORG.replace("Books", "Bikes")).unwrap();
    restore_mtime(&path, modified);
    let settling = stamp.settle(&path);
    let deadline = Instant::now() + Duration::from_secs(60);
    while !settling.is_done() {
        assert!(Instant::now() < deadline, "the look never ended");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(settling.settled(), None);
    assert!(!stamp.vouches_for(&path));
    // The same file, unchanged, settles.
    let stamp = DiskStamp::read(&path).unwrap();
    let settling = stamp.settle(&path);
    while !settling.is_done() {
        assert!(Instant::now() < deadline, "the look never ended");
        std::thread::sleep(Duration::from_millis(20));
    }
    let settled = settling.settled().expect("unchanged: settled");
    assert!(settled.settled && settled == stamp && settled.vouches_for(&path));
}

/// The look that settles the stamp starts in the first pause after the file opens,
/// not at the first key: at a million departments it reads and hashes the whole file,
/// and the first key would share the machine with it. Once it has started, the loop
/// blocks again. (A save starts it at once.)
#[cfg(unix)]
#[test]
fn the_stamp_starts_settling_in_the_first_pause_after_the_file_opens() {
    use frontback::tui::state::IDLE;
    let (_dir, path) = temp_file("org.toml", ORG);
    let mut app = app_on_file(&path);
    assert!(app.session.settling.is_none(), "nothing started as it opens");
    assert_eq!(app.frame_timeout(Instant::now()), Some(IDLE), "the loop wakes once");
    assert!(!app.tick(Instant::now()), "nothing to draw");
    let started = app.session.settling.as_ref().map(|settling| settling.stamp);
    assert_eq!(started, app.session.disk, "the file's stamp is being settled");
    assert_eq!(app.frame_timeout(Instant::now()), None, "then the loop blocks");
    settle(&mut app);
    rename_sales(&mut app, "Selling");
    assert!(app.save(false));
    let started = app.session.settling.as_ref().map(|settling| settling.stamp);
    assert_eq!(started, app.session.disk, "a save starts settling its stamp at once");
    // Left for the pause: the new name, folded for searching; then nothing.
    assert!(app.doc.names_pending());
    assert!(!app.tick(Instant::now()));
    assert_eq!(app.frame_timeout(Instant::now()), None);
}
