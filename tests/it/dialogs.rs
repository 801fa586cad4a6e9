//! Questions through the app, without a terminal: every question shows every answer's
//! key at any size and in both languages, a key that answers nothing is refused with
//! a message, a question opened by an outside change is drawn at once, no destructive
//! answer sits on a key that is destructive in the explorer, and the external editor's
//! outcome, success or failure, never leaves a damaged file behind unasked.
//! (pty_dialogs.rs drives the same in the real binary.)

use std::fs;

use crate::support::tui::backend;
use frontback::document::Document;
use frontback::text::Lang;
use frontback::tui::keymap::{Keymap, Mode};
use frontback::tui::state::{Confirm, Overlay, PromptKind};
use frontback::tui::theme::Theme;
use frontback::tui::{Action, App, Options};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

const SHOP: &str = "# A shop\n[company]\nname = \"Shop\"\n\n[org.sales]\nname = \"Sales\"\nfunction = \"sales\"\n\n[org.books]\nname = \"Books\"\nfunction = \"accounting\"\n";

fn open(dir: &tempfile::TempDir, lang: Lang) -> (App, std::path::PathBuf) {
    let path = dir.path().join("shop.toml");
    fs::write(&path, SHOP).unwrap();
    let doc = Document::from_text(Some(path.clone()), SHOP.to_string()).unwrap();
    let options = Options { lang, theme: Theme::monochrome(), seed: 1, ..Options::default() };
    let mut app = App::new(doc, options);
    app.resize(80, 24);
    (app, path)
}

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

#[test]
fn every_question_shows_every_answer_key_at_any_size_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    for lang in Lang::ALL {
        for confirm in crate::support::tui::every_question(lang) {
            let keys: Vec<String> = confirm
                .answers()
                .iter()
                .map(|&a| Keymap::default().answer_key(Mode::Confirm, a).expect("every answer has a key").to_string())
                .collect();
            for (width, height) in [(120, 40), (80, 24), (40, 12), (30, 8), (20, 5)] {
                let (mut app, _) = open(&dir, lang);
                app.resize(width, height);
                app.overlay = Some(Overlay::Confirm(confirm.clone()));
                let screen = format!("{}", backend(&app));
                for (answer, key) in confirm.answers().iter().zip(&keys) {
                    let name = format!("answer.{}.{}", confirm.name(), answer.name());
                    let label = frontback::text::locale::translate(lang.code(), &name);
                    assert!(!label.starts_with("answer."), "{label} has no text in {lang:?}");
                    if width >= 40 {
                        assert!(
                            screen.contains(&format!("{key}: ")),
                            "{confirm:?} {lang:?} {width}x{height}: `{key}: ` is not shown:\n{screen}"
                        );
                    } else {
                        assert!(
                            screen.contains(&format!(" {key} ")) || screen.contains(&format!("{key}: ")),
                            "{confirm:?} {lang:?} {width}x{height}: `{key}` is not shown:\n{screen}"
                        );
                    }
                }
                assert!(!screen.contains("\\u{a}"), "line breaks show as breaks:\n{screen}");
            }
        }
    }
}

#[test]
fn a_key_a_question_does_not_take_is_refused_with_the_keys_it_does() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, refusal) in [(Lang::En, "Press r, D or c."), (Lang::Es, "Pulse r, D o c.")] {
        let (mut app, _) = open(&dir, lang);
        app.overlay = Some(Overlay::Confirm(Confirm::Recover(crate::support::tui::recovery_offer(
            "/x/.shop.toml.1-2.recovered",
            lang,
        ))));
        // `d` deletes in the explorer: here it answers nothing.
        for c in ['d', 'j', 'q', 'y'] {
            app.status = None;
            assert!(app.handle_event(&key(c)).redraw, "{c} is answered on screen");
            assert!(matches!(app.confirm(), Some(Confirm::Recover(_))), "{c} leaves the question open");
            assert_eq!(app.status.as_ref().map(|s| s.text.as_str()), Some(refusal), "{c}");
        }
    }
}

#[test]
fn no_destructive_answer_sits_on_a_destructive_explorer_key() {
    let keymap = Keymap::default();
    for confirm in crate::support::tui::every_question(Lang::En) {
        // Going back changes nothing; every other answer does something for good.
        for &answer in confirm.answers().iter().filter(|&&a| !matches!(a, Action::Cancel | Action::No)) {
            for key in keymap.keys(Mode::Confirm, answer) {
                let there = keymap.action(Mode::Explorer, key);
                assert!(
                    !matches!(there, Some(Action::Delete | Action::Cut | Action::Quit | Action::Undo)),
                    "{confirm:?}: {answer:?} is on {key}, which is {there:?} in the explorer"
                );
            }
        }
    }
}

#[test]
fn a_question_opened_by_an_outside_change_is_drawn_and_takes_nothing_of_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, path) = open(&dir, Lang::En);
    let selected = app.explorer.outline.selected();
    fs::write(&path, format!("{SHOP}# x\n")).unwrap();
    let handled = app.handle_event(&key('j'));
    assert!(handled.redraw, "the question is drawn at once");
    assert_eq!(app.confirm(), Some(&Confirm::ReloadOffer));
    assert_eq!(app.explorer.outline.selected(), selected, "the key did not move the selection");
    let screen = format!("{}", backend(&app));
    assert!(screen.contains("r: reload") && screen.contains("c: keep what is shown"), "{screen}");
    let hints = screen.lines().last().unwrap();
    assert!(hints.contains("r reload  c keep what is shown"), "the hint bar repeats the answers: {hints}");
}

const FAILED: &str = "the editor `ed` exited with exit status: 1";

#[test]
fn a_failed_editor_that_emptied_the_file_asks_and_quitting_then_asks_too() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, path) = open(&dir, Lang::En);
    assert!(app.update(Action::ExternalEditor).is_some());
    fs::write(&path, "").unwrap();
    app.after_editor(Err(FAILED.to_string()));
    let Some(Confirm::EditorFailed { diagnostics }) = app.confirm().cloned() else { panic!("{:?}", app.confirm()) };
    assert!(diagnostics.starts_with(FAILED), "{diagnostics}");
    assert!(diagnostics.contains("empty"), "{diagnostics}");
    // q answers nothing here.
    app.handle_event(&key('q'));
    assert!(!app.should_quit && app.confirm().is_some());
    app.handle_event(&key('c'));
    assert!(app.session.history.is_modified(), "the text kept differs from the damaged file");
    app.handle_event(&key('q'));
    assert_eq!(app.confirm(), Some(&Confirm::Quit { save_as: false }), "quitting asks");
    assert!(!app.should_quit);
    assert_eq!(fs::read(&path).unwrap(), b"", "the file is as the editor left it");
    app.update(Action::Save);
    assert_eq!(fs::read_to_string(&path).unwrap(), SHOP, "saving puts the previous text back");
}

#[test]
fn a_failed_editor_that_removed_the_file_asks() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, path) = open(&dir, Lang::En);
    fs::remove_file(&path).unwrap();
    app.after_editor(Err(FAILED.to_string()));
    assert!(matches!(app.confirm(), Some(Confirm::EditorFailed { .. })), "{:?}", app.confirm());
    app.update(Action::Cancel);
    app.update(Action::Quit);
    assert_eq!(app.confirm(), Some(&Confirm::Quit { save_as: false }));
}

#[test]
fn a_failed_editor_that_left_a_good_file_reloads_it_and_says_it_failed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, path) = open(&dir, Lang::En);
    let edited = SHOP.replace("Books", "Ledgers");
    fs::write(&path, &edited).unwrap();
    app.after_editor(Err(FAILED.to_string()));
    assert!(app.confirm().is_none());
    assert_eq!(app.doc.text, edited);
    assert!(!app.session.history.is_modified(), "what is shown is what the file holds");
    let status = app.status.clone().unwrap();
    assert!(status.is_error && status.text.contains(FAILED) && status.text.contains("reloaded"), "{status:?}");
}

#[test]
fn a_failed_editor_that_changed_nothing_only_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = open(&dir, Lang::En);
    app.after_editor(Err(FAILED.to_string()));
    assert!(app.confirm().is_none());
    assert!(!app.session.history.is_modified());
    assert_eq!(app.status.as_ref().map(|s| s.text.as_str()), Some(FAILED));
}

/// The quit question's "save" answer says where it leads: on a file it saves and
/// quits; where the file cannot be written (the built-in sample, `--read-only`) it
/// opens save-as and does not quit, and says so.
#[test]
fn the_quit_questions_save_answer_says_what_it_does_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [(Lang::En, "s: save and quit", "s: save as…"), (Lang::Es, "s: guardar y salir", "s: guardar como…")];
    for (lang, on_a_file, elsewhere) in cases {
        let (mut app, _) = open(&dir, lang);
        app.overlay = Some(Overlay::Confirm(app.quit_question()));
        let shown = format!("{}", backend(&app));
        assert!(shown.contains(on_a_file) && !shown.contains(elsewhere), "{lang:?}, a file:\n{shown}");

        let sample = Document::from_text(None, SHOP.to_string()).unwrap();
        let read_only = Document::from_text(Some(dir.path().join("shop.toml")), SHOP.to_string()).unwrap();
        for (what, doc, read_only) in [("the built-in sample", sample, false), ("--read-only", read_only, true)] {
            let options = Options { lang, theme: Theme::monochrome(), read_only, ..Options::default() };
            let mut app = App::new(doc, options);
            app.resize(80, 24);
            app.overlay = Some(Overlay::Confirm(app.quit_question()));
            let shown = format!("{}", backend(&app));
            assert!(shown.contains(elsewhere) && !shown.contains(on_a_file), "{lang:?}, {what}:\n{shown}");
            app.update(Action::Save);
            assert!(!app.should_quit, "{lang:?}, {what}");
            assert!(
                matches!(&app.overlay, Some(Overlay::Prompt(p)) if p.kind == PromptKind::SaveAs),
                "{lang:?}, {what}"
            );
        }
    }
}
