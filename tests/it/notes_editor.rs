//! Notes are edited in a text area over the screen: Enter starts a new line, Ctrl+S
//! or Alt+Enter saves, Esc leaves (asking when something changed), Ctrl+E hands the
//! notes to `$EDITOR` and back. Notes with line breaks are written so that the file
//! reloads to the same text, the rest of the file unchanged byte for byte.

use frontback::org::edit::{Edit, apply_loaded};
use frontback::org::load;
use frontback::text::Lang;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::support::tui::{app_in, app_on, backend, id_named, press, screen, select, type_text};

const SHOP: &str = "# The shop\n[company]\nname = \"Shop\"\n\n[org.sales]\nname = \"Sales\" # the counter\n\n[org.books]\nname = \"Books\"\nnotes = \"Kept as it is.\"\n";

/// The shop with the notes the tests type, as they are written: a multi-line string,
/// whose first line break (right after the quotes) TOML does not count.
const SHOP_WITH_NOTES: &str = "# The shop\n[company]\nname = \"Shop\"\n\n[org.sales]\nname = \"Sales\" # the counter\nnotes = \"\"\"\nLine one.\nLine two.\"\"\"\n\n[org.books]\nname = \"Books\"\nnotes = \"Kept as it is.\"\n";

fn ctrl(app: &mut frontback::tui::App, c: char) {
    app.handle_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn notes_of(app: &frontback::tui::App, name: &str) -> Option<String> {
    app.doc.org.dept(id_named(app, name)).notes.as_deref().map(String::from)
}

#[test]
fn notes_with_a_line_break_round_trip_byte_for_byte() {
    let org = load(SHOP).unwrap();
    let edit = Edit::SetNotes { path: vec!["sales".into()], notes: Some("Line one.\nLine two.".into()) };
    let written = apply_loaded(SHOP, &org, &edit).unwrap().text(SHOP);
    assert_eq!(written, SHOP_WITH_NOTES);
    let reloaded = load(&written).unwrap();
    let sales = (0..reloaded.len()).find(|&d| reloaded.dept(d).display_name() == "Sales").unwrap();
    assert_eq!(reloaded.dept(sales).notes.as_deref(), Some("Line one.\nLine two."));
}

#[test]
fn notes_typed_with_quotes_backslashes_and_blank_lines_reload_the_same() {
    let org = load(SHOP).unwrap();
    let (head, tail) = SHOP.split_at(SHOP.find("\n\n[org.books]").unwrap());
    for notes in [
        "Say \"\"\"hi\"\"\" twice\nthen stop.",
        "A backslash at the end \\\nC:\\path\\",
        "\nStarts with a break\n\nand a blank line\n",
        "Ends with quotes\n\"\"",
        "Tabs\tand 'single' quotes\n'''",
    ] {
        let edit = Edit::SetNotes { path: vec!["sales".into()], notes: Some(notes.into()) };
        let written = apply_loaded(SHOP, &org, &edit).unwrap().text(SHOP);
        let reloaded = load(&written).unwrap_or_else(|e| panic!("{notes:?}: {written}\n{e:?}"));
        assert_eq!(reloaded.dept(0).notes.as_deref(), Some(notes), "{written}");
        assert!(written.starts_with(head) && written.ends_with(tail), "the rest is unchanged: {written}");
    }
}

#[test]
fn enter_starts_a_line_and_ctrl_s_saves_the_notes() {
    let mut app = app_on(SHOP, 100, 30);
    select(&mut app, "Sales");
    press(&mut app, KeyCode::Char('e'));
    type_text(&mut app, "Line one.");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "Line two.");
    assert_eq!(notes_of(&app, "Sales"), None, "nothing changes before saving");
    ctrl(&mut app, 's');
    assert!(app.overlay.is_none());
    assert_eq!(notes_of(&app, "Sales").as_deref(), Some("Line one.\nLine two."));
    assert_eq!(app.doc.text, SHOP_WITH_NOTES);
    let shown = screen(&app);
    assert!(!shown.contains("\\u{a}"), "{shown}");
    let rows: Vec<&str> = shown.lines().collect();
    let at = rows.iter().position(|r| r.contains("Line one.")).expect("the first line shows");
    assert!(rows[at + 1].contains("Line two."), "{shown}");

    // Alt+Enter saves as well; the editor opens on the notes with their break.
    press(&mut app, KeyCode::Char('e'));
    type_text(&mut app, " Three.");
    app.handle_key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT));
    assert_eq!(notes_of(&app, "Sales").as_deref(), Some("Line one.\nLine two. Three."));
}

#[test]
fn esc_leaves_at_once_when_unchanged_and_asks_when_changed() {
    let mut app = app_on(SHOP, 100, 30);
    select(&mut app, "Books");
    press(&mut app, KeyCode::Char('e'));
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none(), "unchanged notes close without a question");

    press(&mut app, KeyCode::Char('e'));
    type_text(&mut app, "!");
    press(&mut app, KeyCode::Esc);
    assert!(screen(&app).contains("The notes were changed."), "{}", screen(&app));
    // `c` goes back to the editor, the text as it was.
    press(&mut app, KeyCode::Char('c'));
    type_text(&mut app, "?");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('D'));
    assert!(app.overlay.is_none());
    assert_eq!(notes_of(&app, "Books").as_deref(), Some("Kept as it is."));

    // `s` in the question saves.
    press(&mut app, KeyCode::Char('e'));
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "More.");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(notes_of(&app, "Books").as_deref(), Some("Kept as it is.\nMore."));
}

#[test]
fn read_only_refuses_the_notes_editor() {
    let mut app = app_on(SHOP, 100, 30);
    app.read_only = true;
    select(&mut app, "Books");
    press(&mut app, KeyCode::Char('e'));
    assert!(app.overlay.is_none());
    assert!(app.status.as_ref().is_some_and(|s| s.is_error), "the refusal is said");
}

#[test]
fn control_characters_in_notes_show_escaped_in_the_editor() {
    let text = SHOP.replace("Kept as it is.", "Bell\\u0007 here\\nand a second line");
    let mut app = app_on(&text, 100, 30);
    select(&mut app, "Books");
    press(&mut app, KeyCode::Char('e'));
    let shown = screen(&app);
    assert!(shown.contains("Bell\\u{7} here"), "{shown}");
    let rows: Vec<&str> = shown.lines().collect();
    let at = rows.iter().position(|r| r.contains("Bell")).unwrap();
    assert!(rows[at + 1].contains("and a second line"), "{shown}");
    // Left unchanged, nothing is written.
    ctrl(&mut app, 's');
    assert_eq!(app.doc.text, text);
}

#[test]
fn notes_editor_snapshots_in_both_languages() {
    for (lang, code) in [(Lang::En, "en"), (Lang::Es, "es")] {
        for (width, height) in [(80, 24), (120, 40)] {
            let mut app = app_in(SHOP, lang, width, height);
            select(&mut app, "Books");
            press(&mut app, KeyCode::Char('e'));
            press(&mut app, KeyCode::Enter);
            type_text(&mut app, "A second line, long enough to wrap in the smaller of the two terminals we draw.");
            insta::assert_snapshot!(format!("notes_editor_{code}_{width}x{height}"), backend(&app));
        }
    }
}

#[cfg(unix)]
mod pty {
    use std::os::unix::fs::PermissionsExt;

    use super::{SHOP, SHOP_WITH_NOTES};
    use crate::support::pty::{Launch, Session};
    use crate::support::temp_file;

    /// The rows of the screen from the one holding `first` on.
    fn two_rows(screen: &str, first: &str, second: &str) -> bool {
        let rows: Vec<&str> = screen.lines().collect();
        rows.iter()
            .position(|r| r.contains(first))
            .is_some_and(|at| rows.get(at + 1).is_some_and(|r| r.contains(second)))
    }

    #[test]
    fn typed_notes_show_on_two_rows_and_save_and_reload() {
        let (_dir, file) = temp_file("shop.toml", SHOP);
        let mut s = Session::start(&file);
        s.wait_for("Path: Sales");
        s.keys("e");
        s.wait_for("Notes: Sales");
        s.wait_for("ctrl-s/alt-enter: save");
        s.keys("Line one.");
        s.keys("\r");
        s.keys("Line two.");
        s.wait_for("Line two.");
        s.keys("\u{13}");
        s.wait_gone("Notes: Sales");
        s.wait_until("the notes on two rows of the panel", |screen| two_rows(screen, "Line one.", "Line two."));
        assert!(!s.text().contains("\\u{a}"), "{}", s.text());
        s.keys("s");
        s.wait_for("Saved");
        s.keys("q");
        assert!(s.wait_exit().success());
        s.assert_restored();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), SHOP_WITH_NOTES);
        let org = frontback::org::load(SHOP_WITH_NOTES).unwrap();
        assert_eq!(org.dept(0).notes.as_deref(), Some("Line one.\nLine two."));
    }

    #[test]
    fn ctrl_e_edits_the_notes_in_the_editor_and_brings_them_back() {
        let (dir, file) = temp_file("shop.toml", SHOP);
        let script = dir.path().join("editor.sh");
        std::fs::write(&script, "#!/bin/sh\nprintf 'Line one.\\nLine two.\\n' > \"$1\"\n").unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let env = [("EDITOR", script.as_os_str())];
        let args = [file.as_os_str()];
        let mut s = Session::launch(Launch { args: &args, env: &env, cols: 80, rows: 24, ..Launch::default() });
        s.wait_for("Path: Sales");
        s.keys("e");
        s.wait_for("Notes: Sales");
        s.keys("\u{5}");
        s.wait_for("The notes are back from the editor");
        s.wait_until("both lines in the editor", |screen| two_rows(screen, "Line one.", "Line two."));
        s.keys("\u{13}");
        s.wait_gone("Notes: Sales");
        s.keys("s");
        s.wait_for("Saved");
        s.keys("q");
        assert!(s.wait_exit().success());
        s.assert_restored();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), SHOP_WITH_NOTES);
    }
}

#[test]
fn the_smallest_screen_still_shows_the_editor_and_its_keys() {
    use frontback::tui::layout::{MIN_HEIGHT, MIN_WIDTH};
    let mut app = app_on(SHOP, MIN_WIDTH, MIN_HEIGHT);
    select(&mut app, "Books");
    press(&mut app, KeyCode::Char('e'));
    let shown = screen(&app);
    assert!(shown.contains("Notes: Books") && shown.contains("Kept as it is."), "{shown}");
    let hints = shown.lines().last().unwrap();
    assert!(hints.contains("ctrl-s save") && hints.contains("esc cancel"), "{shown}");
}
