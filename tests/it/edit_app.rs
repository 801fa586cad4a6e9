//! Editing through the app: prompts, confirmations, the picker, undo, saving and its
//! failures, read-only mode, the quit guard, and files changed on disk.

use std::fs;

use crate::support::tui::{id_named, row_names, screen, select, selected, type_text};
use frontback::document::Document;
use frontback::text::Lang;
use frontback::tui::state::{Confirm, PromptKind};
use frontback::tui::theme::Theme;
use frontback::tui::{Action, App, Options};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

const SHOP: &str = "# A shop\n[company]\nname = \"Shop\"\n\n[org.sales]\nname = \"Sales\" # the till\nfunction = \"sales\"\n\n[org.sales.web]\nname = \"Web\"\n\n# Behind\n[org.books]\nname = \"Books\"\nfunction = \"accounting\"\n";

fn options(read_only: bool) -> Options {
    Options { read_only, theme: Theme::monochrome(), seed: 1, ..Options::default() }
}

fn open(dir: &tempfile::TempDir, read_only: bool) -> (App, std::path::PathBuf) {
    let path = dir.path().join("shop.toml");
    fs::write(&path, SHOP).unwrap();
    let doc = Document::from_text(Some(path.clone()), SHOP.to_string()).unwrap();
    let mut app = App::new(doc, options(read_only));
    app.resize(100, 30);
    (app, path)
}

/// A nested org whose subtrees are each one stretch of the file, in order.
const IN_ORDER: &str = "[company]\nname = \"Nested\"\n\n[org.a]\nname = \"A\"\n\n[org.a.b]\nname = \"B\"\n\n[org.a.b.c]\nname = \"C\"\n\n[org.a.d]\nname = \"D\"\n\n[org.a.d.e]\nname = \"E\"\n\n[org.z]\nname = \"Z\"\n";

/// The app on `text`, with no file, on a 100x30 screen.
fn app_on(text: &str) -> App {
    app_sized(text, 100, 30)
}

/// The app on `text`, with no file, on a screen of `width` x `height`.
fn app_sized(text: &str, width: u16, height: u16) -> App {
    let mut app = App::new(Document::from_text(None, text.to_string()).unwrap(), options(false));
    app.resize(width, height);
    app
}

/// Takes away what the open prompt starts with (a name, an id, a path).
fn clear_prompt(app: &mut App) {
    for _ in 0..app.prompt().map_or(0, |p| p.input.value().chars().count()) {
        app.handle_key(&KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
    }
}

/// Renames the selected department through the prompt, which starts with its name.
fn rename_selected(app: &mut App, name: &str) {
    app.update(Action::Rename);
    clear_prompt(app);
    type_text(app, name);
    app.update(Action::Confirm);
}

#[test]
fn add_rename_and_undo_through_prompts() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = open(&dir, false);
    select(&mut app, "Sales");
    app.update(Action::AddChild);
    assert!(matches!(app.prompt().map(|p| &p.kind), Some(PromptKind::AddChild(Some(_)))));
    type_text(&mut app, "Phone orders");
    app.update(Action::Confirm);
    assert_eq!(selected(&app), "Phone orders");
    assert_eq!(app.doc.org.path_string(app.explorer.outline.selected().unwrap()), "sales/phone-orders");
    assert!(app.session.history.is_modified());

    rename_selected(&mut app, "Calls");
    assert_eq!(selected(&app), "Calls");
    assert_eq!(app.doc.org.path_string(app.explorer.outline.selected().unwrap()), "sales/phone-orders", "the id stays");

    app.update(Action::Undo);
    assert_eq!(selected(&app), "Phone orders");
    app.update(Action::Undo);
    assert_eq!(app.doc.text, SHOP);
    assert!(!app.session.history.is_modified());
    assert_eq!(selected(&app), "Sales", "undo restores the selection of that moment");
    app.update(Action::Redo);
    assert_eq!(selected(&app), "Phone orders");
}

/// Undoing a field edit (a rename) from another department goes back to the one
/// renamed, as undoing any edit goes back to the selection of its moment; redoing it
/// from elsewhere goes back to it too, so that the redone change shows.
#[test]
fn undoing_a_rename_from_elsewhere_selects_the_department_renamed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = open(&dir, false);
    select(&mut app, "Books");
    rename_selected(&mut app, "Ledgers");
    select(&mut app, "Web");
    app.update(Action::Undo);
    assert_eq!(selected(&app), "Books");
    select(&mut app, "Sales");
    app.update(Action::Redo);
    assert_eq!(selected(&app), "Ledgers");
    select(&mut app, "Web");
    app.update(Action::Undo);
    assert_eq!(selected(&app), "Books", "undone again, it goes back to the moment before the rename");
}

/// Redoing an add from elsewhere selects the department added again, and undoing it
/// again goes back to where the add was made from.
#[test]
fn redoing_an_add_from_elsewhere_selects_the_department_added() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = open(&dir, false);
    select(&mut app, "Sales");
    app.update(Action::AddChild);
    type_text(&mut app, "Phone orders");
    app.update(Action::Confirm);
    select(&mut app, "Books");
    app.update(Action::Undo);
    assert_eq!(selected(&app), "Sales");
    select(&mut app, "Books");
    app.update(Action::Redo);
    assert_eq!(selected(&app), "Phone orders");
    select(&mut app, "Books");
    app.update(Action::Undo);
    assert_eq!(selected(&app), "Sales");
}

/// A reload is a step of its own, after which nothing undone before it can be
/// redone: those steps were made for the text before it (redoing one panicked, or
/// would have changed the wrong bytes).
#[test]
fn nothing_undone_before_a_reload_is_redone_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, path) = open(&dir, false);
    select(&mut app, "Web");
    app.update(Action::Delete);
    app.update(Action::Yes);
    app.update(Action::Undo);
    assert_eq!(app.session.history.redo.len(), 1);
    // Someone else shortens the file: Sales and Web go.
    let shorter = "[company]\nname = \"Shop\"\n\n[org.books]\nname = \"Books\"\n";
    std::thread::sleep(std::time::Duration::from_millis(20));
    fs::write(&path, shorter).unwrap();
    app.handle_event(&Event::FocusGained);
    assert_eq!(app.confirm(), Some(&Confirm::ReloadOffer));
    app.update(Action::Reload);
    assert_eq!(app.doc.text, shorter);
    assert!(app.session.history.redo.is_empty());
    app.update(Action::Redo);
    assert_eq!(app.doc.text, shorter, "nothing redone");
    assert_eq!(app.status.as_ref().map(|s| s.text.as_str()), Some("Nothing to redo."));
    // The reload itself is undone as any edit.
    app.update(Action::Undo);
    assert_eq!(app.doc.text, SHOP);
}

/// A read-only session's save-as refuses the file itself however its path is written
/// (another spelling, a hard link), rather than asking to overwrite it.
#[test]
fn read_only_save_as_refuses_the_file_itself_under_any_name() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, path) = open(&dir, true);
    let folder = dir.path().file_name().unwrap().to_str().unwrap();
    let link = dir.path().join("link.toml");
    fs::hard_link(&path, &link).unwrap();
    let spellings = [
        path.clone(),
        dir.path().join(".").join("shop.toml"),
        dir.path().join("..").join(folder).join("shop.toml"),
        link,
    ];
    for spelling in spellings {
        let input = tui_input::Input::new(spelling.display().to_string());
        app.overlay = Some(frontback::tui::state::Overlay::Prompt(frontback::tui::state::Prompt {
            kind: PromptKind::SaveAs,
            input,
        }));
        app.confirm_prompt();
        assert_eq!(app.confirm(), None, "{spelling:?}: not asked about, refused");
        let status = app.status.clone().expect("a message");
        assert!(status.is_error && status.text.contains("--read-only"), "{spelling:?}: {status:?}");
        assert_eq!(fs::read_to_string(&path).unwrap(), SHOP);
    }
    // Another file is saved.
    let copy = dir.path().join("copy.toml");
    let input = tui_input::Input::new(copy.display().to_string());
    app.overlay =
        Some(frontback::tui::state::Overlay::Prompt(frontback::tui::state::Prompt { kind: PromptKind::SaveAs, input }));
    app.confirm_prompt();
    assert_eq!(fs::read_to_string(&copy).unwrap(), SHOP);
}

/// Enter on a name left empty (or blank) adds, renames and saves nothing, and does not
/// close the prompt as if it had: it stays, and the status line says what it waits
/// for and which key leaves it, in English and in Spanish.
#[test]
fn an_empty_name_keeps_the_prompt_open_and_says_what_it_needs() {
    let cases: [(Action, &str, &str, &str); 4] = [
        (
            Action::AddChild,
            "",
            "A department needs a name: type one, or press esc",
            "Un departamento necesita un nombre",
        ),
        (Action::AddSibling, "  ", "A department needs a name: type one, or press esc", "Un departamento necesita"),
        (Action::Rename, "", "A department needs a name: type one, or press esc", "Un departamento necesita"),
        (Action::SaveAs, " ", "Type the name of the file to save to, or press esc", "Escriba el nombre del archivo"),
    ];
    for lang in [Lang::En, Lang::Es] {
        for (action, typed, english, spanish) in cases {
            let dir = tempfile::tempdir().unwrap();
            let (mut app, path) = open(&dir, false);
            app.lang = lang;
            select(&mut app, "Sales");
            app.update(action);
            let kind = app.prompt().map(|p| p.kind.clone());
            // Rename starts with the name: take it away.
            clear_prompt(&mut app);
            type_text(&mut app, typed);
            app.update(Action::Confirm);
            assert_eq!(app.prompt().map(|p| p.kind.clone()), kind, "{action:?}: the prompt stays");
            let said = if lang == Lang::En { english } else { spanish };
            assert!(screen(&app).contains(said), "{action:?} {lang:?}: {}", screen(&app));
            assert_eq!(app.doc.text, SHOP, "{action:?}");
            assert!(!app.session.history.is_modified(), "{action:?}");
            // Esc still leaves it, having written nothing.
            app.update(Action::Cancel);
            assert!(app.prompt().is_none(), "{action:?}");
            assert_eq!(fs::read_to_string(&path).unwrap(), SHOP);
        }
    }
}

/// An id the edit refuses (one a sibling has) leaves the prompt open with what was
/// typed, to be mended there, and says why; mended, it goes through.
#[test]
fn a_refused_id_keeps_the_prompt_open_with_what_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = open(&dir, false);
    select(&mut app, "Books");
    app.update(Action::ChangeId);
    clear_prompt(&mut app);
    type_text(&mut app, "sales");
    app.update(Action::Confirm);
    let prompt = app.prompt().expect("the prompt stays");
    assert!(matches!(prompt.kind, PromptKind::ChangeId(_)) && prompt.input.value() == "sales");
    assert!(app.status.as_ref().is_some_and(|s| s.is_error), "{:?}", app.status);
    assert_eq!(app.doc.text, SHOP);
    type_text(&mut app, "-2");
    app.update(Action::Confirm);
    assert!(app.prompt().is_none());
    assert!(app.doc.text.contains("[org.sales-2]\nname = \"Books\""), "{}", app.doc.text);
}

#[test]
fn escape_cancels_a_prompt_without_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = open(&dir, false);
    app.update(Action::AddSibling);
    type_text(&mut app, "Nope");
    app.update(Action::Cancel);
    assert!(app.prompt().is_none());
    assert_eq!(app.doc.text, SHOP);
}

#[test]
fn delete_asks_first_and_defaults_to_no() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = open(&dir, false);
    select(&mut app, "Sales");
    app.update(Action::Delete);
    assert_eq!(app.confirm(), Some(&Confirm::Delete { path: vec!["sales".into()], count: 1 }));
    app.handle_key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    app.update(Action::No);
    assert_eq!(app.doc.text, SHOP);
    app.update(Action::Delete);
    app.update(Action::Yes);
    assert_eq!(app.doc.org.len(), 1);
    assert_eq!(selected(&app), "Books");
    assert!(app.doc.text.contains("# Behind\n[org.books]"));
}

#[test]
fn facts_cycle_through_every_value_and_back_to_unset() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = open(&dir, false);
    select(&mut app, "Books");
    // Accounting's default is `none`: the cycle starts after it and skips pinning it.
    let mut seen = Vec::new();
    for _ in 0..3 {
        app.update(Action::CycleCustomers);
        let id = app.explorer.outline.selected().unwrap();
        seen.push(app.doc.org.dept(id).customers.map(|l| l.as_str()));
    }
    assert_eq!(seen, [Some("direct"), Some("indirect"), None]);
    assert_eq!(app.doc.text, SHOP);
}

#[test]
fn the_function_picker_filters_as_you_type() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = open(&dir, false);
    select(&mut app, "Web");
    app.update(Action::ChooseFunction);
    type_text(&mut app, "e-comm");
    let picker = app.picker().unwrap();
    let keys: Vec<_> = picker.entries(&app.doc, app.lang).iter().map(|e| e.map(|f| f.key.clone())).collect();
    assert_eq!(keys, [Some("e-commerce".to_string())]);
    app.update(Action::Confirm);
    let id = app.explorer.outline.selected().unwrap();
    assert_eq!(app.doc.org.dept(id).function.as_deref(), Some("e-commerce"));
}

#[test]
fn a_failed_save_keeps_the_edits_and_can_be_retried() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, path) = open(&dir, false);
    select(&mut app, "Books");
    app.update(Action::CycleRevenue);
    let edited = app.doc.text.clone();
    // Something replaced the file with a directory: saving must fail cleanly.
    fs::remove_file(&path).unwrap();
    fs::create_dir(&path).unwrap();
    app.session.disk = None;
    app.update(Action::Save);
    let status = app.status.clone().unwrap();
    assert!(status.is_error && status.text.contains("Could not save"), "{status:?}");
    assert_eq!(app.doc.text, edited);
    assert!(app.session.history.is_modified());
    // The way is clear again: the retry saves.
    fs::remove_dir(&path).unwrap();
    app.update(Action::Save);
    assert!(!app.status.clone().unwrap().is_error);
    assert_eq!(fs::read_to_string(&path).unwrap(), edited);
    assert!(!app.session.history.is_modified());
}

#[test]
fn read_only_refuses_every_edit_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, path) = open(&dir, true);
    for action in [Action::AddChild, Action::Delete, Action::CycleCustomers, Action::Rename, Action::Save, Action::Undo]
    {
        app.update(action);
        assert!(app.prompt().is_none() && app.confirm().is_none(), "{action:?} opened something");
        assert!(app.status.as_ref().is_some_and(|s| s.is_error && s.text.contains("Read-only")), "{action:?}");
    }
    assert_eq!(app.doc.text, SHOP);
    assert_eq!(fs::read_to_string(path).unwrap(), SHOP);
}

#[test]
fn quitting_with_unsaved_changes_asks_save_discard_or_cancel() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, path) = open(&dir, false);
    app.update(Action::Quit);
    assert!(app.should_quit, "nothing to save: quit at once");

    let (mut app, _) = open(&dir, false);
    app.update(Action::CycleCustomers);
    app.update(Action::Quit);
    assert_eq!(app.confirm(), Some(&Confirm::Quit { save_as: false }));
    app.update(Action::Cancel);
    assert!(!app.should_quit && app.confirm().is_none());
    app.update(Action::Quit);
    app.update(Action::Save);
    assert!(app.should_quit);
    assert_eq!(fs::read_to_string(&path).unwrap(), app.doc.text);

    let (mut app, path) = open(&dir, false);
    app.update(Action::CycleCustomers);
    app.update(Action::Quit);
    app.update(Action::Discard);
    assert!(app.should_quit);
    assert_eq!(fs::read_to_string(path).unwrap(), SHOP);
}

#[test]
fn the_sample_asks_for_a_path_and_never_overwrites_silently() {
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("mine.toml");
    fs::write(&existing, "precious").unwrap();
    let doc = Document::from_text(None, SHOP.to_string()).unwrap();
    let mut app = App::new(doc, options(false));
    app.update(Action::CycleCustomers);
    app.update(Action::Save);
    assert!(matches!(app.prompt().map(|p| &p.kind), Some(PromptKind::SaveAs)));
    type_text(&mut app, existing.to_str().unwrap());
    app.update(Action::Confirm);
    assert_eq!(app.confirm(), Some(&Confirm::Overwrite { path: existing.clone(), quitting: false }));
    app.update(Action::No);
    assert_eq!(fs::read_to_string(&existing).unwrap(), "precious");
    let fresh = dir.path().join("fresh.toml");
    app.update(Action::Save);
    type_text(&mut app, fresh.to_str().unwrap());
    app.update(Action::Confirm);
    assert_eq!(fs::read_to_string(&fresh).unwrap(), app.doc.text);
    assert_eq!(app.doc.path.as_deref(), Some(fresh.as_path()));
}

#[test]
fn a_file_changed_on_disk_is_offered_for_reload_and_saving_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, path) = open(&dir, false);
    app.update(Action::CycleCustomers);
    let changed = SHOP.replace("Books", "Ledgers");
    std::thread::sleep(std::time::Duration::from_millis(20));
    fs::write(&path, format!("{changed}\n")).unwrap();
    app.handle_event(&Event::FocusGained);
    assert_eq!(app.confirm(), Some(&Confirm::ReloadOffer));
    app.update(Action::Cancel);
    app.update(Action::Save);
    assert_eq!(app.confirm(), Some(&Confirm::ChangedOnDisk { quitting: false }), "saving asks before overwriting");
    app.update(Action::Reload);
    assert!(app.doc.org.departments.iter().any(|d| d.display_name() == "Ledgers"));
    assert!(!app.session.history.is_modified());
    app.update(Action::Undo);
    assert!(app.session.history.is_modified(), "the edits before the reload can be undone back");
}

#[test]
fn cut_and_paste_move_a_subtree_with_unique_ids() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = open(&dir, false);
    select(&mut app, "Sales");
    app.update(Action::Copy);
    app.update(Action::PasteSibling);
    assert_eq!(app.doc.org.path_string(app.explorer.outline.selected().unwrap()), "sales-2");
    assert_eq!(app.doc.org.len(), 5);
    select(&mut app, "Books");
    app.update(Action::Cut);
    assert_eq!(app.doc.org.len(), 4);
    select(&mut app, "Web");
    app.update(Action::PasteChild);
    assert_eq!(app.doc.org.path_string(app.explorer.outline.selected().unwrap()), "sales/web/books");
}

#[test]
fn unsaved_edits_left_by_a_killed_session_are_offered_on_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, path) = open(&dir, false);
    app.offer_recovered(); // what the start does: nothing to offer yet
    assert_eq!(app.confirm(), None);
    app.update(Action::CycleCustomers);
    let edited = app.doc.text.clone();
    // What the signal watcher does when the session is killed.
    let written = app.session.recovery.write().unwrap().expect("unsaved edits are kept for recovery");
    assert_eq!(written.parent(), Some(dir.path()));
    let name = written.file_name().unwrap().to_str().unwrap();
    assert!(name.starts_with(".shop.toml.") && name.ends_with(".recovered"), "{name}");
    assert_eq!(fs::read_to_string(&path).unwrap(), SHOP, "the original is untouched");

    let (mut next, _) = open(&dir, false);
    next.offer_recovered();
    let Some(Confirm::Recover(offer)) = next.confirm() else { panic!("no offer: {:?}", next.confirm()) };
    assert_eq!(offer.file, written);
    assert!(offer.restorable);
    let question = offer.question.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(["(written just now)", "second ago", "seconds ago"].iter().any(|age| question.contains(age)), "{question}");
    assert!(question.contains("the same departments"), "{question}");
    assert!(!question.contains("Warning"), "made on the file as it is: {question}");
    next.update(Action::Reload);
    assert_eq!(next.doc.text, edited);
    assert!(next.session.history.is_modified(), "restored edits are unsaved");
    assert!(written.exists(), "kept until the restored edits are saved");
    next.update(Action::Undo);
    assert_eq!(next.doc.text, SHOP);
    next.update(Action::Redo);
    next.update(Action::Save);
    assert_eq!(fs::read_to_string(&path).unwrap(), edited);
    assert!(!written.exists(), "saved: the recovery is gone");
}

#[test]
fn saving_clears_what_recovery_would_write() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = open(&dir, false);
    app.update(Action::CycleCustomers);
    app.update(Action::Save);
    assert_eq!(app.session.recovery.write().unwrap(), None);
}

#[test]
fn a_file_broken_in_the_editor_can_be_edited_again_or_set_aside() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, path) = open(&dir, false);
    let effect = app.update(Action::ExternalEditor);
    assert!(effect.is_some(), "the event loop is asked to run the editor");
    // What a user might leave behind in the editor.
    fs::write(&path, "[company\nname = ").unwrap();
    app.after_editor(Ok(()));
    let Some(Confirm::EditorFailed { diagnostics }) = app.confirm().cloned() else { panic!("{:?}", app.confirm()) };
    assert!(diagnostics.contains("shop.toml:1:"), "{diagnostics}");
    let effect = app.update(Action::ExternalEditor);
    assert!(effect.is_some(), "e edits again");
    app.after_editor(Ok(()));
    app.update(Action::Cancel);
    assert_eq!(app.doc.text, SHOP, "the previous version stays on screen");
    assert!(app.session.history.is_modified());
    app.update(Action::Save);
    assert_eq!(fs::read_to_string(&path).unwrap(), SHOP);
}

#[test]
fn a_good_edit_in_the_editor_reloads_keeping_the_selection() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, path) = open(&dir, false);
    select(&mut app, "Books");
    fs::write(&path, SHOP.replace("name = \"Books\"", "name = \"Ledgers\"")).unwrap();
    app.after_editor(Ok(()));
    assert_eq!(selected(&app), "Ledgers");
    assert!(!app.session.history.is_modified());
}

#[test]
fn search_matches_and_the_grey_filter_follow_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = open(&dir, false);
    app.update(Action::Search);
    type_text(&mut app, "books");
    app.update(Action::Confirm);
    assert_eq!(app.explorer.search.matches.len(), 1);
    select(&mut app, "Sales");
    app.apply_edit(frontback::org::edit::Edit::AddSibling { sibling: vec!["sales".into()], name: "Atlas".into() });
    let books = id_named(&app, "Books");
    assert_eq!(app.explorer.search.matches, vec![books], "matches point at the same department after the ids moved");
    assert_eq!(selected(&app), "Atlas");
}

/// A search kept while editing: after each add, delete, paste, move, rename, undo and
/// redo its matches are those a search of the whole org finds (the patches carry them
/// over by the map of how ids moved, and search only what an edit put in or renamed).
/// A department indented or outdented takes a new id where its own is taken: a kept
/// search looks at it again, as at a department renamed.
#[test]
fn a_kept_search_finds_the_new_id_an_indent_or_outdent_gives() {
    use frontback::tui::state::explorer::search_org;
    // Written in order, so that both are patched, not loaded again. Till has a later
    // sibling: its outdent turns its table past Other's, then writes it anew.
    let text = "[company]\nname = \"Ids\"\n\n[org.x]\nname = \"X\"\n\n[org.x.sales]\nname = \"Till\"\n\n\
                [org.x.other]\nname = \"Other\"\n\n[org.sales]\nname = \"Shop\"\n\n[org.y]\nname = \"Y\"\n";
    let mut app = app_on(text);
    app.update(Action::Search);
    type_text(&mut app, "sales-2");
    app.update(Action::Confirm);
    assert!(app.explorer.search.matches.is_empty());
    let same_as_fresh = |app: &App, what: &str| {
        let (matches, names) = search_org(&app.doc.org, "sales-2");
        assert!(!matches.is_empty(), "{what} gave an id sales-2");
        assert_eq!((&app.explorer.search.matches, app.explorer.search.names), (&matches, names), "after {what}");
    };
    select(&mut app, "Till");
    app.update(Action::Outdent);
    same_as_fresh(&app, "the outdent");
    app.update(Action::Undo);
    assert!(app.explorer.search.matches.is_empty(), "undone");
    app.update(Action::Redo);
    same_as_fresh(&app, "the redo");
    app.update(Action::Undo);
    // Shop into X, the sibling before it, which has a `sales`.
    select(&mut app, "Shop");
    app.update(Action::Indent);
    same_as_fresh(&app, "the indent");
}

#[test]
fn a_kept_search_follows_every_edit_as_a_fresh_search_would() {
    use frontback::tui::state::explorer::search_org;
    let text = frontback::generate::org_text(400, 5);
    let mut app = app_on(&text);
    app.update(Action::UnfoldAll);
    app.update(Action::Search);
    type_text(&mut app, "sales");
    app.update(Action::Confirm);
    assert!(!app.explorer.search.matches.is_empty());
    let same_as_fresh = |app: &App, what: &str| {
        let (matches, names) = search_org(&app.doc.org, "sales");
        assert_eq!((&app.explorer.search.matches, app.explorer.search.names), (&matches, names), "after {what}");
    };
    let mut rng = frontback::generate::SplitMix64(9);
    for step in 0..40 {
        let id = rng.below(app.doc.org.len());
        app.explorer.outline.reveal(&app.doc, id);
        let what = match rng.below(10) {
            0 => {
                app.update(Action::AddChild);
                type_text(&mut app, &format!("Sales {step}"));
                app.update(Action::Confirm);
                "an add"
            }
            1 if app.doc.org.len() > 100 => {
                app.update(Action::Delete);
                app.update(Action::Yes);
                "a delete"
            }
            2 => {
                app.update(Action::Copy);
                app.update(Action::PasteSibling);
                "a paste"
            }
            3 => {
                app.update(Action::MoveUp);
                "a move"
            }
            4 => {
                app.update(Action::Undo);
                "an undo"
            }
            // Under a new parent, a department may take a new id (its id taken there).
            8 => {
                app.update(Action::Indent);
                "an indent"
            }
            9 => {
                app.update(Action::Outdent);
                "an outdent"
            }
            // A rename that makes a match, or takes one away.
            5 | 6 => {
                let path = app.selected_path().unwrap();
                let name = if step % 2 == 0 { format!("Sales {step}") } else { format!("Plain {step}") };
                app.apply_edit(frontback::org::edit::Edit::Rename { path, name });
                "a rename"
            }
            _ => {
                app.update(Action::Redo);
                "a redo"
            }
        };
        same_as_fresh(&app, &format!("{what} (step {step})"));
    }
}

#[test]
fn undoing_a_delete_brings_the_subtree_back_folded_as_it_was() {
    // Each subtree one stretch of the file (the delete patches the tree), and E's table
    // apart from its parent's, after Z (the delete loads the tree anew).
    const APART: &str = "[company]\nname = \"Nested\"\n\n[org.a]\nname = \"A\"\n\n[org.a.b]\nname = \"B\"\n\n[org.a.b.c]\nname = \"C\"\n\n[org.a.d]\nname = \"D\"\n\n[org.z]\nname = \"Z\"\n\n[org.a.d.e]\nname = \"E\"\n";
    for text in [IN_ORDER, APART] {
        let mut app = app_on(text);
        // A small org opens unfolded: fold B, keep D open.
        select(&mut app, "B");
        app.update(Action::ToggleFold);
        let before = row_names(&app);
        assert_eq!(before, ["A", "B", "D", "E", "Z"]);

        select(&mut app, "A");
        app.update(Action::Delete);
        app.update(Action::Yes);
        assert_eq!(row_names(&app), ["Z"]);
        app.update(Action::Undo);
        assert_eq!(row_names(&app), before, "B folded, D open, as before the delete:\n{text}");
        assert_eq!(selected(&app), "A");

        // Redone and undone again, the folds still come back.
        app.update(Action::Redo);
        assert_eq!(row_names(&app), ["Z"]);
        app.update(Action::Undo);
        assert_eq!(row_names(&app), before, "{text}");
    }
}

#[test]
fn an_outdent_past_later_siblings_keeps_every_fold_and_is_undone_and_redone() {
    // Each subtree one stretch of the file: the outdent turns B's tables past D's, then
    // writes them under no parent, and the tree is patched.
    let mut app = app_on(IN_ORDER);
    select(&mut app, "D");
    app.update(Action::ToggleFold);
    let before = row_names(&app);
    assert_eq!(before, ["A", "B", "C", "D", "Z"]);

    select(&mut app, "B");
    app.update(Action::Outdent);
    let after = ["A", "D", "B", "C", "Z"];
    assert_eq!(row_names(&app), after, "D still folded, B open, right after A");
    assert_eq!(selected(&app), "B");
    assert_eq!(app.doc.org.path_string(id_named(&app, "C")), "b/c");

    app.update(Action::Undo);
    assert_eq!(row_names(&app), before);
    assert_eq!(selected(&app), "B");
    assert_eq!(app.doc.text, IN_ORDER, "the file as it was");
    app.update(Action::Redo);
    assert_eq!(row_names(&app), after);
    assert_eq!(selected(&app), "B");
}

#[test]
fn undoing_a_reload_brings_back_the_departments_it_dropped_folded_as_they_were() {
    const NESTED: &str = "[company]\nname = \"Nested\"\n\n[org.a]\nname = \"A\"\n\n[org.a.b]\nname = \"B\"\n\n[org.a.b.c]\nname = \"C\"\n\n[org.z]\nname = \"Z\"\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested.toml");
    fs::write(&path, NESTED).unwrap();
    let mut app = App::new(Document::from_text(Some(path.clone()), NESTED.to_string()).unwrap(), options(false));
    app.resize(100, 30);
    select(&mut app, "B");
    app.update(Action::ToggleFold);
    let before = row_names(&app);
    assert_eq!(before, ["A", "B", "Z"]);
    // Someone else takes A out of the file; the reload drops it, undo puts it back.
    std::thread::sleep(std::time::Duration::from_millis(20));
    fs::write(&path, "[company]\nname = \"Nested\"\n\n[org.z]\nname = \"Z\"\n").unwrap();
    app.handle_event(&Event::FocusGained);
    assert_eq!(app.confirm(), Some(&Confirm::ReloadOffer));
    app.update(Action::Reload);
    assert_eq!(row_names(&app), ["Z"]);
    app.update(Action::Undo);
    assert_eq!(row_names(&app), before, "B folded as before the reload");
}

/// With the grey-only filter on, an edit that renumbers the departments keeps showing
/// the grey areas, their ancestors and the department selected, and nothing else: the
/// first department, which holds no grey area, does not come into view.
#[test]
fn an_edit_under_the_grey_filter_shows_no_department_it_does_not_keep() {
    let text = "[company]\nname = \"Shop\"\n\n[org.books]\nname = \"Books\"\nfunction = \"accounting\"\n\n\
        [org.sales]\nname = \"Sales\"\nfunction = \"sales\"\n\n\
        [org.sales.help]\nname = \"Help desk\"\nfunction = \"post-sales-support\"\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.toml");
    fs::write(&path, text).unwrap();
    let mut app = App::new(Document::from_text(Some(path.clone()), text.to_string()).unwrap(), options(false));
    app.resize(100, 30);
    let help = id_named(&app, "Help desk");
    assert_eq!(app.doc.grey_areas, vec![help], "the help desk is the one grey area");
    app.update(Action::ToggleGreyOnly);
    assert_eq!(row_names(&app), ["Sales", "Help desk"]);
    select(&mut app, "Help desk");
    for (edit, what) in [(Action::AddChild, "an add"), (Action::Undo, "its undo"), (Action::Redo, "its redo")] {
        app.update(edit);
        if edit == Action::AddChild {
            type_text(&mut app, "Returns");
            app.update(Action::Confirm);
        }
        let rows = row_names(&app);
        assert!(!rows.iter().any(|name| name == "Books"), "after {what}: {rows:?}");
        assert!(rows.iter().any(|name| name == "Help desk"), "after {what}: {rows:?}");
    }
    // A change made in the editor loads the org anew: the same holds.
    select(&mut app, "Help desk");
    fs::write(&path, text.replace("\n\n[org.sales]", "\n\n[org.atlas]\nname = \"Atlas\"\n\n[org.sales]")).unwrap();
    app.after_editor(Ok(()));
    let rows = row_names(&app);
    assert_eq!(selected(&app), "Help desk", "{rows:?}");
    assert!(!rows.iter().any(|name| name == "Books" || name == "Atlas"), "after a reload: {rows:?}");
}

/// After an edit the app works out where the grey areas now sit once no key comes for
/// a moment ([`frontback::tui::state::IDLE`]), for the next `!`. Whether that pause
/// came or not, `!` shows the grey areas the edit made and no longer the ones it took
/// away; with nothing left to work out, the loop blocks again.
#[test]
fn the_grey_only_filter_after_an_edit_shows_the_grey_areas_as_they_now_are() {
    use frontback::tui::state::IDLE;
    use std::time::Instant;
    let text = "[company]\nname = \"Shop\"\n\n[org.books]\nname = \"Books\"\nfunction = \"accounting\"\n\n\
        [org.sales]\nname = \"Sales\"\nfunction = \"sales\"\n\n\
        [org.sales.help]\nname = \"Help desk\"\nfunction = \"post-sales-support\"\n";
    for pause in [false, true] {
        let mut app = app_on(text);
        assert_eq!(app.frame_timeout(Instant::now()), None, "as it opens, nothing is left to work out");
        // A new department under the help desk inherits its facts: a grey area too.
        select(&mut app, "Help desk");
        app.update(Action::AddChild);
        type_text(&mut app, "Returns");
        app.update(Action::Confirm);
        let returns = id_named(&app, "Returns");
        assert!(app.doc.classes.of(returns).is_grey_area());
        let after = |app: &mut App, what: &str, expected: &[&str]| {
            if pause {
                assert_eq!(app.frame_timeout(Instant::now()), Some(IDLE), "after {what}: the loop wakes once");
                assert!(!app.tick(Instant::now()), "after {what}: nothing to draw");
            }
            assert_eq!(app.frame_timeout(Instant::now()).is_none(), pause, "after {what}: then it blocks");
            app.update(Action::ToggleGreyOnly);
            assert_eq!(row_names(app), expected, "after {what}, pause {pause}");
            app.update(Action::ToggleGreyOnly);
        };
        after(&mut app, "an add", &["Sales", "Help desk", "Returns"]);
        // The undo takes the new one away again.
        select(&mut app, "Returns");
        app.update(Action::Undo);
        after(&mut app, "its undo", &["Sales", "Help desk"]);
    }
}

/// An add near the top of a large file shows on the next frame without waiting for
/// its text to move (tens of megabytes at a million departments): the move is made in
/// the pause after that frame, or by the next reader of the text, and either way the
/// text then holds the new department where the tree shows it.
#[test]
fn an_add_in_a_large_file_moves_its_text_in_the_pause_after_its_frame() {
    use frontback::tui::state::IDLE;
    use std::time::Instant;
    let text = frontback::generate::org_text(8_000, 3);
    assert!(text.len() > 1 << 20, "a large text: {} bytes", text.len());
    for pause in [true, false] {
        let mut app = app_sized(&text, 120, 40);
        app.update(Action::AddChild);
        type_text(&mut app, "Newcomer");
        app.update(Action::Confirm);
        assert!(screen(&app).contains("Newcomer"), "the frame shows the new department");
        assert!(app.doc.text.is_due(), "the frame came before the text moved");
        assert!(app.doc.text.len() > text.len() && app.doc.text.is_due(), "its length known without the move");
        if pause {
            assert_eq!(app.frame_timeout(Instant::now()), Some(IDLE), "the loop wakes for the move");
            app.tick(Instant::now());
            assert!(!app.doc.text.is_due(), "moved in the pause");
        }
        // Read, whether the pause came or not: the text holds the new department, and
        // loads to the tree on screen.
        assert!(app.doc.text.contains("name = \"Newcomer\""));
        assert!(!app.doc.text.is_due());
        assert_eq!(frontback::org::load(&app.doc.text).as_ref(), Ok(&app.doc.org));
        app.update(Action::Undo);
        assert_eq!(app.doc.text.as_str(), text, "undone, pause {pause}");
    }
}

/// A paste in a large file shows on the next frame before its text is put in the
/// document's (tens of megabytes at a million departments): that is done in the pause
/// after the frame, or by the next reader of the text, and the text then loads to the
/// tree on screen. Its undo gives the text back as it was.
#[test]
fn a_paste_in_a_large_file_puts_its_text_in_in_the_pause_after_its_frame() {
    use std::time::Instant;
    let text = frontback::generate::org_text(8_000, 3);
    for pause in [true, false] {
        let mut app = app_sized(&text, 120, 40);
        app.update(Action::Copy);
        let (count, before) = (app.session.clipboard.as_ref().unwrap().count, app.doc.org.len());
        app.update(Action::PasteSibling);
        assert_eq!(app.doc.org.len(), before + count);
        let title = format!("Departments ({})", Lang::En.number(before + count));
        assert!(screen(&app).contains(&title), "the frame shows the copy: {title}");
        assert!(app.doc.text.is_due(), "the frame came before the text was put in");
        if pause {
            app.tick(Instant::now());
            assert!(!app.doc.text.is_due(), "put in in the pause");
        }
        assert_eq!(frontback::org::load(&app.doc.text).as_ref(), Ok(&app.doc.org), "pause {pause}");
        app.update(Action::Undo);
        assert_eq!(app.doc.text.as_str(), text, "undone, pause {pause}");
    }
}

/// A copy held of a department lends its text until an add inside it (under its first
/// child) moves the text, in the pause after the frame: only then does the copy get
/// its own (tens of megabytes at a million departments), not before the frame. It
/// pastes what was copied, without the department added since.
#[test]
fn an_add_inside_a_held_copy_copies_its_text_out_in_the_pause() {
    use std::time::Instant;
    let text = frontback::generate::org_text(8_000, 3);
    let mut app = app_sized(&text, 120, 40);
    app.update(Action::Copy);
    app.explorer.outline.reveal(&app.doc, 1);
    assert_eq!(app.explorer.outline.selected().and_then(|d| app.doc.org.parent(d)), Some(0), "under the copied one");
    // What it holds of its own while it lends: where its departments' tables start.
    let own_bytes = |app: &App| app.session.clipboard.as_ref().unwrap().own_bytes();
    let (count, lending) = (app.session.clipboard.as_ref().unwrap().count, own_bytes(&app));
    let lent = |app: &App| own_bytes(app) == lending;
    assert!(lending < count * 16, "a copy lends its text: {lending} bytes of its own");
    app.update(Action::AddChild);
    type_text(&mut app, "Newcomer");
    app.update(Action::Confirm);
    assert!(screen(&app).contains("Newcomer"), "the frame shows the new department");
    assert!(app.doc.text.is_due() && lent(&app), "the copy still lends when the frame shows");
    app.tick(Instant::now());
    assert!(!app.doc.text.is_due() && !lent(&app), "copied out in the pause");
    let before = app.doc.org.len();
    app.update(Action::PasteSibling);
    assert_eq!(app.doc.org.len(), before + count, "the copy as it was copied");
    assert_eq!(app.doc.text.matches("name = \"Newcomer\"").count(), 1);
    assert_eq!(frontback::org::load(&app.doc.text).as_ref(), Ok(&app.doc.org));
}

/// After `!` on and off on an org that opened folded, the rows are counted from what
/// `!` worked out; an edit of facts keeps the tree's shape but moves the grey areas.
/// The rows stay the tree's as its folds show it, and `!` then shows the grey area
/// the edit made: on a department showing (the folds stay as `!` left them) and on
/// one hidden in a folded branch (the edit unfolds its way there).
#[test]
fn the_rows_after_grey_only_on_and_off_follow_an_edit_that_makes_a_grey_area() {
    use frontback::org::Level;
    use frontback::org::edit::{Edit, FactField};
    let rows =
        |app: &App| (0..app.explorer.outline.len()).map(|i| app.explorer.outline.row(i).unwrap()).collect::<Vec<_>>();
    let shown = |app: &App| {
        let (org, outline) = (&app.doc.org, &app.explorer.outline);
        (0..org.len()).filter(|&d| org.ancestors_and_self(d).skip(1).all(|a| outline.is_open(a))).collect::<Vec<_>>()
    };
    for hidden in [false, true] {
        let text = frontback::generate::org_text(600, 5);
        let mut app = app_on(&text);
        app.update(Action::ToggleGreyOnly);
        app.update(Action::ToggleGreyOnly);
        assert_eq!(rows(&app), shown(&app));
        let outline = &app.explorer.outline;
        let made = (0..app.doc.org.len())
            .rev()
            .find(|&d| !app.doc.classes.of(d).is_grey_area() && outline.row_of(d).is_some() != hidden)
            .expect("a department to make a grey area of");
        let folds: Vec<bool> = (0..app.doc.org.len()).map(|d| app.explorer.outline.is_open(d)).collect();
        // Deals with customers and earns nothing: a grey area.
        let path = app.path_of(made);
        let customers = Edit::SetFact { path: path.clone(), field: FactField::Customers, value: Some(Level::Direct) };
        assert!(app.apply_edit(customers));
        assert!(app.apply_edit(Edit::SetFact { path, field: FactField::Revenue, value: Some(Level::None) }));
        assert!(app.doc.classes.of(made).is_grey_area(), "the edits made a grey area");
        assert_eq!(rows(&app), shown(&app), "hidden {hidden}: the rows after the edits");
        let unchanged = (0..app.doc.org.len()).all(|d| app.explorer.outline.is_open(d) == folds[d]);
        assert_eq!(unchanged, !hidden, "the folds stay unless the edit had to unfold its way");
        app.update(Action::ToggleGreyOnly);
        let org = &app.doc.org;
        let kept: Vec<usize> = (0..org.len())
            .filter(|&d| app.doc.grey_areas.iter().any(|&g| org.ancestors_and_self(g).any(|a| a == d)))
            .collect();
        assert_eq!(rows(&app), kept, "hidden {hidden}: `!` shows the grey area made");
        assert!(kept.contains(&made));
    }
}

/// Scrolls down `down` rows and back up ten, then makes an add, a paste and a delete
/// there, each undone: after each, the row at the top is the one that was, the
/// selection is what the edit is about, and `check` holds.
fn edits_keep_the_view(mut app: App, down: usize, check: impl Fn(&App)) {
    for _ in 0..down {
        app.update(Action::Down);
    }
    for _ in 0..10 {
        app.update(Action::Up);
    }
    let top = |app: &App| {
        let outline = &app.explorer.outline;
        app.doc.org.owned_path(outline.row(outline.offset).unwrap())
    };
    let first = top(&app);
    assert!(app.explorer.outline.offset > 30, "scrolled down the rows");
    let at = selected(&app);
    app.update(Action::AddChild);
    clear_prompt(&mut app);
    type_text(&mut app, "New");
    app.update(Action::Confirm);
    assert_eq!(selected(&app), "New");
    assert_eq!(top(&app), first, "an add");
    check(&app);
    app.update(Action::Undo);
    assert_eq!((selected(&app), top(&app)), (at.clone(), first.clone()), "its undo");
    check(&app);
    app.update(Action::Copy);
    app.update(Action::PasteSibling);
    assert_eq!(top(&app), first, "a paste");
    check(&app);
    app.update(Action::Undo);
    assert_eq!((selected(&app), top(&app)), (at.clone(), first.clone()), "its undo");
    app.update(Action::Delete);
    app.update(Action::Yes);
    assert_eq!(top(&app), first, "a delete");
    check(&app);
    app.update(Action::Undo);
    assert_eq!((selected(&app), top(&app)), (at, first), "its undo");
    check(&app);
}

/// The same with the grey-only filter on: each edit keeps the filter, and the rows
/// are the grey areas, their ancestors and the department selected, as the filter
/// shows them for the org as it is after the edit.
#[test]
fn edits_with_the_grey_only_filter_on_keep_it_and_the_view() {
    let mut app = app_on(&frontback::generate::org_text(3000, 3));
    app.update(Action::ToggleGreyOnly);
    // Every grey area and its ancestors, and the selected department with its own, in
    // pre-order, inside unfolded departments (a pasted copy starts folded).
    edits_keep_the_view(app, 80, |app| {
        let outline = &app.explorer.outline;
        let rows = outline.rows_from(0, outline.len());
        let org = &app.doc.org;
        let selected = outline.selected().unwrap();
        let mut keep = vec![false; org.len()];
        for id in app.doc.grey_areas.iter().copied().chain([selected]) {
            for a in org.ancestors_and_self(id) {
                keep[a] = true;
            }
        }
        let shows = |id: usize| keep[id] && org.ancestors_and_self(id).skip(1).all(|a| outline.is_open(a));
        let expected: Vec<usize> = (0..org.len()).filter(|&id| shows(id)).collect();
        assert!(outline.filter().is_some(), "the filter stays on");
        assert_eq!(rows, expected);
    });
}

/// An add, a paste, a delete and their undo far down a long tree leave the view where
/// it was, as an editor does: the row at the top stays on top, and the selection goes
/// to what the edit is about without the tree jumping under it.
#[test]
fn edits_far_down_a_long_tree_keep_the_view_where_it_was() {
    let mut app = app_on(&frontback::generate::org_text(2000, 3));
    app.update(Action::UnfoldAll);
    edits_keep_the_view(app, 120, |_| {});
}
