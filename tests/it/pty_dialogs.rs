//! Dialogs and the terminal's life in the real binary: a question opened by an outside
//! change is drawn with its answer keys at any size and in both languages, a key it
//! does not take is refused on screen, a failed external editor that damaged the file
//! never lets the app quit without asking, Ctrl+Z and `kill -TSTP` hand the terminal
//! back as it was and stop the process until it is continued, and SIGQUIT ends the app
//! like SIGTERM.

#![cfg(unix)]

use std::ffi::OsStr;
use std::path::Path;

use crate::support::pty::{Launch, Session};
use crate::support::temp_file;

const SHOP: &str = "# A commented shop\n[company]\nname = \"Dialog Shop\"\n\n[org.sales]\nname = \"Sales\" # front\nfunction = \"sales\"\n\n[org.books]\nname = \"Books\"\nfunction = \"accounting\"\n";

fn start(file: &Path, lang: &str, cols: u16, rows: u16, env: &[(&str, &OsStr)]) -> Session {
    let args = [file.as_os_str(), OsStr::new("--lang"), OsStr::new(lang)];
    Session::launch(Launch { args: &args, env, cols, rows, ..Launch::default() })
}

fn signal(session: &Session, signal: i32) {
    let pid = session.child.process_id().expect("a process id") as i32;
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
}

/// The last row of the screen: the hint bar or the message.
fn last_row(screen: &str) -> String {
    screen.lines().last().unwrap_or("").to_string()
}

#[test]
fn an_outside_change_opens_the_reload_question_on_screen_with_its_keys() {
    let cases = [
        ("en", 80, 24, "The file changed on disk. Reload it?", ["r: reload", "c: keep what is shown"], "Press r or c."),
        ("en", 40, 12, "The file changed on disk.", ["r: reload", "c: keep what is shown"], "Press r or c."),
        ("es", 80, 24, "¿Recargarlo?", ["r: recargar", "c: mantener lo que se ve"], "Pulse r o c."),
        ("es", 40, 12, "¿Recargarlo?", ["r: recargar", "c: mantener lo que se ve"], "Pulse r o c."),
    ];
    for (lang, cols, rows, question, answers, refusal) in cases {
        let what = format!("{lang} {cols}x{rows}");
        let (_dir, file) = temp_file("shop.toml", SHOP);
        let mut s = start(&file, lang, cols, rows, &[]);
        s.wait_for("Sales");
        let mut appended = SHOP.to_string();
        appended.push_str("# x\n");
        std::fs::write(&file, &appended).unwrap();
        s.keys("j");
        let screen = s.wait_settled(&[question]);
        for answer in answers {
            assert!(screen.contains(answer), "{what}: `{answer}` is not on screen:\n{screen}");
        }
        // The hint bar repeats the answers' keys.
        let hints = last_row(&screen);
        assert!(hints.starts_with("r ") && hints.contains("  c "), "{what}: the hint bar shows {hints:?}");
        // A key the question does not take says which keys it does.
        s.keys("j");
        let screen = s.wait_settled(&[refusal]);
        assert!(screen.contains(question), "{what}: the question stays:\n{screen}");
        s.keys("r");
        s.wait_gone(question);
        s.keys("q");
        assert!(s.wait_exit().success(), "{what}: nothing unsaved after reloading");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), appended);
    }
}

/// `$VISUAL` empties the file and fails: the app must not quit as if nothing happened,
/// leaving a 0-byte org behind.
#[test]
fn an_editor_that_empties_the_file_and_fails_never_lets_the_app_quit_without_asking() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, file) = temp_file("shop.toml", SHOP);
    let script = dir.path().join("truncate.sh");
    std::fs::write(&script, "#!/bin/sh\n: > \"$1\"\nexit 1\n").unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let env = [("VISUAL", script.as_os_str())];
    let mut s = start(&file, "en", 80, 24, &env);
    s.wait_for("Sales");
    s.keys("E");
    s.wait_for("The edited file no longer loads");
    let screen = s.wait_settled(&["e: edit it again", "c: keep the previous version"]);
    assert!(!screen.contains("\\u{a}"), "line breaks show as breaks:\n{screen}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "", "the file is as the editor left it");
    // q is not an answer: refused, and the app stays.
    s.keys("q");
    s.wait_for("Press e or c.");
    s.keys("c");
    s.wait_gone("The edited file no longer loads");
    s.keys("q");
    s.wait_for("There are unsaved changes.");
    s.keys("s");
    assert!(s.wait_exit().success());
    s.assert_restored();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), SHOP, "saving put the previous text back");
}

/// The state letter of a process in /proc/PID/stat (`T`: stopped).
fn state(pid: u32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rsplit_once(") ").and_then(|(_, rest)| rest.chars().next()).unwrap_or('?')
}

fn wait_state(session: &Session, wanted: char) {
    let pid = session.child.process_id().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while state(pid) != wanted {
        assert!(std::time::Instant::now() < deadline, "the process is in state {}, not {wanted}", state(pid));
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
}

/// Stops the app by `stop`, checks the terminal is handed back as it was (main screen,
/// cursor shown, no mouse reporting, typed text echoed rather than taken as keys), then
/// continues it and checks it draws again and takes keys.
fn suspend_and_resume(stop: impl FnOnce(&mut Session)) {
    if !Path::new("/proc/self/stat").exists() {
        eprintln!("skipped: no /proc to see the process stopped");
        return;
    }
    let (_dir, file) = temp_file("shop.toml", SHOP);
    let mut s = start(&file, "en", 80, 24, &[]);
    s.wait_for("[F] Sales");
    s.wait_terminal("the alternate screen", |screen| screen.alternate_screen());
    stop(&mut s);
    wait_state(&s, 'T');
    s.wait_terminal("the terminal handed back", |screen| {
        !screen.alternate_screen()
            && !screen.hide_cursor()
            && screen.mouse_protocol_mode() == vt100::MouseProtocolMode::None
    });
    // The terminal is cooked again: what is typed is echoed by the terminal.
    s.keys("j");
    s.wait_until("the typed key echoed", |screen| screen.trim() == "j");
    assert_eq!(state(s.child.process_id().unwrap()), 'T', "typing does not wake a stopped app");
    signal(&s, libc::SIGCONT);
    s.wait_terminal("the alternate screen again", |screen| screen.alternate_screen());
    s.wait_for("[F] Sales");
    // The key typed while stopped reached the app once it was raw again: Books.
    s.wait_for("Path: Books");
    s.keys("k");
    s.wait_for("Path: Sales");
    s.keys("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), SHOP);
}

#[test]
fn ctrl_z_hands_the_terminal_back_stops_and_resumes_with_a_redraw() {
    suspend_and_resume(|s| s.keys("\u{1a}"));
}

#[test]
fn kill_tstp_hands_the_terminal_back_stops_and_resumes_with_a_redraw() {
    suspend_and_resume(|s| signal(s, libc::SIGTSTP));
}

#[test]
fn sigquit_writes_the_edits_aside_restores_the_terminal_and_exits_131() {
    let (dir, file) = temp_file("shop.toml", SHOP);
    let data = tempfile::tempdir().unwrap();
    let mut s = start(&file, "en", 80, 24, &[("XDG_DATA_HOME", data.path().as_os_str())]);
    s.wait_for("[F] Sales");
    s.keys("j");
    s.keys("r");
    s.wait_for("Name:");
    s.keys("\u{15}Ledgers\r");
    s.wait_for("[+]");
    signal(&s, libc::SIGQUIT);
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 131, "{status:?}");
    s.assert_restored();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), SHOP, "the original is untouched");
    // Wherever the recovery went: beside the file or in the data folder.
    let recovered: Vec<String> = [dir.path().to_path_buf(), data.path().join("frontback")]
        .iter()
        .filter_map(|folder| std::fs::read_dir(folder).ok())
        .flatten()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.to_string_lossy().ends_with(".recovered"))
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect();
    assert_eq!(recovered.len(), 1, "one recovery file");
    assert!(recovered[0].contains("name = \"Ledgers\""), "{}", recovered[0]);
}

/// SIGTERM sent right after `s`, while a large file may still be written on its own
/// thread: whenever the signal lands, the file holds either the old text or the new
/// one whole, no temporary file is left beside it, and the edit is either saved (no
/// recovery) or kept aside (one recovery holding it), never lost.
#[test]
fn sigterm_during_a_background_save_leaves_the_file_whole_and_the_edit_somewhere() {
    let text = frontback::generate::org_text(20_000, 3);
    assert!(text.len() >= frontback::tui::update::file::SAVE_AHEAD_FROM);
    let (dir, file) = temp_file("large.toml", &text);
    let mut s = start(&file, "en", 100, 30, &[]);
    s.wait_settled(&["Departments (20,000)"]);
    s.keys("r");
    s.wait_for("Name:");
    s.keys("\u{15}Written aside\r");
    // The edit is made (the name alone shows while it is typed).
    s.wait_for("[+]");
    s.keys("s");
    signal(&s, libc::SIGTERM);
    assert!(!s.wait_exit().success(), "ended by the signal");
    s.assert_restored();

    let on_disk = std::fs::read_to_string(&file).unwrap();
    let saved = on_disk != text;
    if saved {
        assert!(on_disk.contains("name = \"Written aside\""));
        assert_eq!(on_disk.lines().count(), text.lines().count(), "the whole new text");
        frontback::org::load(&on_disk).unwrap();
    }
    let found = frontback::tui::recovery::find(Some(&file), None);
    if saved {
        assert!(found.is_empty(), "saved: nothing is left unsaved ({found:?})");
    } else {
        assert_eq!(found.len(), 1, "not saved: the edit is kept aside");
        let kept = std::fs::read_to_string(&found[0]).unwrap();
        assert!(kept.contains("name = \"Written aside\""));
    }
    let mut names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.retain(|name| name != "large.toml" && !found.iter().any(|f| f.file_name() == Some(OsStr::new(name))));
    assert!(names.is_empty(), "nothing else is left in the folder: {names:?}");
}

/// A file large enough to be saved on a thread of its own: `s` on a rename says the
/// file is saved once the disk has it, and `q` then quits without asking, in either
/// language; the file holds the new name.
#[test]
fn a_large_file_saved_in_the_background_is_saved_whole_before_quitting() {
    let text = frontback::generate::org_text(20_000, 3);
    assert!(text.len() >= frontback::tui::update::file::SAVE_AHEAD_FROM);
    let cases = [
        ("en", "Departments (20,000)", "Name:", "Saved "),
        ("es", "Departamentos (20\u{a0}000)", "Nombre:", "Guardado "),
    ];
    for (lang, loaded, prompt, saved) in cases {
        let (_dir, file) = temp_file("large.toml", &text);
        let mut s = start(&file, lang, 100, 30, &[]);
        // The whole file is in (edits wait until then).
        s.wait_settled(&[loaded]);
        s.keys("r");
        s.wait_for(prompt);
        s.keys("\u{15}Written aside\r");
        s.wait_for("Written aside");
        s.keys("s");
        s.wait_for(saved);
        s.keys("q");
        assert!(s.wait_exit().success(), "{lang}: nothing unsaved once saved");
        s.assert_restored();
        let on_disk = std::fs::read_to_string(&file).unwrap();
        assert!(on_disk.contains("name = \"Written aside\""), "{lang}");
        assert_eq!(on_disk.lines().count(), text.lines().count(), "{lang}: a rename in place");
        frontback::org::load(&on_disk).unwrap();
    }
}
