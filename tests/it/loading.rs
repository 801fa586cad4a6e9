//! A large file opens with its head on screen while the whole file loads: the head is
//! cut where it is valid TOML or not shown at all, what shows meanwhile is marked as
//! provisional and cannot be edited, and the full app takes over with the selection on
//! the same row of the screen. In a pseudo-terminal: the gauge, then the whole tally.

use std::path::Path;

use crate::support::pty::{Launch, Session};
use crate::support::temp_file;
use crate::support::tui::{draw, row_names, screen, selected};
use frontback::document::Document;
use frontback::tui::layout;
use frontback::tui::loading::{Gauge, carry_over, cut_head, preview, preview_app};
use frontback::tui::{Action, App, ModelView, Options, View};

const FILE: &str = "/nowhere/org.toml";

fn doc(text: &str) -> Document {
    Document::from_text(Some(FILE.into()), text.to_string()).expect("the org loads")
}

fn gauge(text: &str) -> Gauge {
    Gauge { read: text.len() as u64 / 3, total: text.len() as u64 }
}

/// The head of `text` cut from its first `head` bytes, in an app at 100x30.
fn head_app(text: &str, head: usize) -> App {
    let doc = preview(Path::new(FILE), &text.as_bytes()[..head]).expect("the head loads");
    let mut app = preview_app(doc, Options::default(), gauge(text));
    app.resize(100, 30);
    app
}

fn full_app(text: &str) -> App {
    let mut app = App::new(doc(text), Options::default());
    app.resize(100, 30);
    app
}

/// The selection's row on the screen: its row in the tree less the first drawn.
fn screen_row(app: &App) -> usize {
    app.explorer.outline.cursor - app.explorer.outline.offset
}

#[test]
fn the_head_ends_before_the_last_table_header_it_holds() {
    let text = "[company]\nname = \"C\"\n\n[org.a]\nname = \"A\"\n\n[org.b]\nname = \"B\"\n";
    let at = text.find("[org.b]").unwrap();
    // Cut anywhere inside the table of b: the head holds a whole, not b.
    for end in at + 1..text.len() {
        assert_eq!(cut_head(&text.as_bytes()[..end]), Some(&text[..at]), "cut at {end}");
    }
    assert_eq!(cut_head(b"[company]\nname = \"C\"\n"), None, "no header after the first line");
    let head = preview(Path::new(FILE), text.as_bytes()).unwrap();
    assert_eq!(head.text.to_string(), text[..at]);
    assert_eq!(head.org.len(), 1);
}

#[test]
fn a_head_cut_inside_a_multi_line_string_shows_nothing() {
    // A line of the notes starts with `[`: a cut there would leave the string open.
    let text = "[company]\nname = \"C\"\n\n[org.a]\nname = \"A\"\nnotes = \"\"\"\nSee\n[org.fake]\nname = \"Fake\"\n\"\"\"\n\n[org.b]\nname = \"B\"\n";
    let inside = text.find("name = \"Fake\"").unwrap();
    assert_eq!(preview(Path::new(FILE), &text.as_bytes()[..inside]).map(|d| d.org.len()), None);
    // Past the string the cut is before b's header, and a's notes are whole.
    let past = text.find("[org.b]").unwrap() + 3;
    let head = preview(Path::new(FILE), &text.as_bytes()[..past]).expect("the head loads");
    assert_eq!(head.org.len(), 1, "no department named Fake");
    assert!(head.text.contains("[org.fake]"));
    // A multi-line array whose line starts with `[` likewise.
    let array = "[company]\nname = \"C\"\n\n[org.a]\nname = \"A\"\nx = [\n[1, 2],\n]\n\n[org.b]\nname = \"B\"\n";
    let inside = array.find("1, 2").unwrap();
    assert!(preview(Path::new(FILE), &array.as_bytes()[..inside]).is_none());
}

#[test]
fn the_head_shows_the_gauge_marks_tallies_and_refuses_edits() {
    let text = frontback::generate::org_text(3000, 1);
    let mut app = head_app(&text, 64 << 10);
    let shown = app.doc.org.len();
    assert!(shown > 10 && shown < 3000, "{shown} departments in the head");
    let before = app.doc.text.to_string();
    let seen = screen(&app);
    assert!(seen.contains("loading · verdicts provisional"), "{seen}");
    assert!(seen.contains("Customer model (so far): front"), "{seen}");
    // The tree counts the departments read so far, not the org's.
    let shown_en = frontback::text::Lang::En.number(shown);
    assert!(seen.contains(&format!("Departments ({shown_en} so far)")), "{seen}");
    assert!(seen.contains(&format!("Loading: 33% read · the first {shown_en} departments show meanwhile")), "{seen}");

    for action in [Action::AddChild, Action::Delete, Action::Undo, Action::Save, Action::SaveAs, Action::ViewQuiz] {
        app.update(action);
        assert!(app.overlay.is_none(), "{action:?} opened {:?}", app.overlay);
        let status = app.status.clone().expect("a message");
        assert!(status.is_error);
        assert_eq!(
            status.text,
            "org.toml is still loading: edits, saving and the quiz wait until the whole file is in."
        );
        assert_eq!(app.view, View::Explorer);
    }
    assert_eq!(app.doc.text.to_string(), before);
    // The file on disk is not the head: the focus coming back offers no reload.
    let (_dir, file) = temp_file("org.toml", &text);
    let mut on_disk =
        preview_app(preview(&file, &text.as_bytes()[..64 << 10]).unwrap(), Options::default(), gauge(&text));
    on_disk.handle_event(&ratatui::crossterm::event::Event::FocusGained);
    assert!(on_disk.overlay.is_none(), "{:?}", on_disk.overlay);
    // Navigation, folding and the model work.
    app.update(Action::Right);
    app.update(Action::Down);
    app.update(Action::CycleModel);
    assert_eq!(app.explorer.outline.cursor, 1);
    assert_eq!(app.model_view, ModelView::One(frontback::classify::Model::Profit));

    let mut es =
        preview_app(app.doc.clone(), Options { lang: frontback::text::Lang::Es, ..Options::default() }, gauge(&text));
    es.resize(120, 30);
    let seen = screen(&es);
    assert!(seen.contains("cargando · veredictos provisionales"), "{seen}");
    assert!(seen.contains("(hasta ahora)"), "{seen}");
    assert!(seen.contains(&format!("Departamentos ({shown} hasta ahora)")), "{seen}");
    assert!(
        seen.contains(&format!("Cargando: 33\u{a0}% leído · mientras, se muestran los primeros {shown} departamentos")),
        "{seen}"
    );
}

#[test]
fn the_full_app_keeps_the_view_model_folds_selection_and_its_row() {
    let text = frontback::generate::org_text(5000, 1);
    let mut head = head_app(&text, 128 << 10);
    // Unfold everything and walk down past the first screen.
    head.update(Action::UnfoldAll);
    for _ in 0..60 {
        head.update(Action::Down);
    }
    head.update(Action::CycleModel);
    head.update(Action::ToggleLang);
    let row = screen_row(&head);
    assert!(head.explorer.outline.offset > 0, "scrolled");
    let mut full = full_app(&text);
    carry_over(&head, &mut full);
    assert!(full.loading.is_none());
    assert_eq!(full.selected_path(), head.selected_path());
    assert_eq!(selected(&full), selected(&head));
    assert_eq!(full.model_view, head.model_view);
    assert_eq!(full.lang, head.lang);
    assert_eq!(full.view, head.view);
    assert_eq!(screen_row(&full), row);
    assert_eq!(full.explorer.outline.offset, head.explorer.outline.offset);
    // The same rows, in the same places, once the marks of the loading are gone.
    let tree = |app: &App| {
        let area = layout::layout_checked(app.size, app).and_then(|a| a.tree).map(layout::inside_border).unwrap();
        let buffer = draw(app);
        (area.top()..area.bottom())
            .map(|y| (area.left()..area.right()).map(|x| buffer[(x, y)].symbol()).collect::<String>())
            .collect::<Vec<_>>()
    };
    assert_eq!(tree(&full), tree(&head));
}

#[test]
fn a_search_being_typed_and_its_matches_carry_over() {
    let text = frontback::generate::org_text(5000, 1);
    let mut head = head_app(&text, 128 << 10);
    head.update(Action::Search);
    for c in "lyon".chars() {
        head.handle_key(&ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Char(c),
            ratatui::crossterm::event::KeyModifiers::NONE,
        ));
    }
    let found = head.explorer.search.matches.len();
    assert!(found > 0);
    let mut full = full_app(&text);
    carry_over(&head, &mut full);
    let Some(frontback::tui::state::Overlay::Search(search)) = &full.overlay else { panic!("{:?}", full.overlay) };
    assert_eq!(search.input.value(), "lyon");
    assert_eq!(full.explorer.search.query, "lyon");
    assert!(full.explorer.search.matches.len() > found, "the whole file's matches");
    assert_eq!(full.selected_path(), head.selected_path());
}

#[test]
fn rows_the_rest_of_the_file_adds_above_the_selection_push_the_top_not_the_selection() {
    // A later table gives the first department a child: a row above the selection.
    let mut text =
        String::from("[company]\nname = \"C\"\n\n[org.a]\nname = \"A\"\n\n[org.a.first]\nname = \"First\"\n");
    for i in 0..40 {
        text.push_str(&format!("\n[org.d{i:02}]\nname = \"D{i:02}\"\n"));
    }
    text.push_str("\n[org.a.late]\nname = \"Late\"\n");
    let cut = text.find("[org.a.late]").unwrap() + 1;
    let mut head = head_app(&text, cut);
    head.update(Action::Right);
    for _ in 0..30 {
        head.update(Action::Down);
    }
    let path = head.selected_path();
    let row = screen_row(&head);
    let mut full = full_app(&text);
    carry_over(&head, &mut full);
    assert_eq!(full.selected_path(), path);
    assert_eq!(screen_row(&full), row, "the selection stays on its row");
    assert_eq!(full.explorer.outline.cursor, head.explorer.outline.cursor + 1);
    assert!(full.explorer.outline.is_open(full.doc.org.find_path(&["a".to_string()]).unwrap()));
}

/// The real binary on a generated org of 200,000 departments: the head with the gauge
/// first, then the whole tally. (A debug build takes seconds to load it: the waits are
/// long, and nothing is timed.)
#[cfg(unix)]
#[test]
fn a_large_file_shows_the_gauge_then_the_whole_tally() {
    let text = frontback::generate::org_text(200_000, 1);
    let whole = Document::new(None, text.clone(), frontback::org::load(&text).unwrap());
    let tally = whole.tally.model(frontback::classify::Model::Customer);
    let en = |n: usize| frontback::text::Lang::En.number(n);
    let expected = format!(
        "Customer model: front {} · back {} · undetermined {} · ≈ {}",
        en(tally.front),
        en(tally.back),
        en(tally.undetermined),
        en(whole.tally.grey_areas)
    );
    let (_dir, file) = temp_file("big.toml", &text);
    drop((text, whole));
    let mut session = Session::launch(Launch { args: &[file.as_os_str()], cols: 120, rows: 30, ..Launch::default() });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(180);
    while !session.text().contains(&expected) {
        assert!(std::time::Instant::now() < deadline, "no whole tally; the screen:\n{}", session.text());
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let shown = session.text();
    assert!(!shown.contains("so far") && !shown.contains("Loading") && !shown.contains("provisional"), "{shown}");
    assert!(shown.contains("Generated 200000"), "{shown}");
    // Before it, the head with its gauge and marks (drawn at least once, always).
    let transcript = session.transcript();
    // (A first frame skips the blank cells: the words come apart.)
    assert!(transcript.contains("Loading:"), "no gauge");
    assert!(transcript.contains("meanwhile"));
    assert!(transcript.contains("(so"));
    assert!(transcript.contains("provisional"));
    // Edits work now.
    session.keys("a");
    session.wait_for("New sub-department:");
    session.keys("\u{1b}");
    session.wait_gone("New sub-department:");
    session.keys("q");
    assert!(session.wait_exit().success());
    session.assert_restored();
}

/// A signal that ends the app while a large file still loads, or while a file that
/// does not load is shown, hands the terminal back as it ends it, as it does once the
/// org is open (nothing is unsaved yet, so nothing is written aside).
#[cfg(unix)]
#[test]
fn a_signal_while_a_large_file_loads_or_a_broken_one_shows_restores_the_terminal() {
    let text = frontback::generate::org_text(200_000, 1);
    for (signal, name) in [(libc::SIGTERM, "SIGTERM"), (libc::SIGHUP, "SIGHUP"), (libc::SIGINT, "SIGINT")] {
        let (dir, file) = temp_file("big.toml", &text);
        let mut session =
            Session::launch(Launch { args: &[file.as_os_str()], cols: 120, rows: 30, ..Launch::default() });
        session.wait_for("Loading:");
        let pid = session.child.process_id().expect("a process id") as i32;
        // Still loading (a debug build takes seconds): the app's own watcher is not
        // up yet.
        assert!(session.text().contains("Loading:"), "{name}: loaded too soon");
        // SAFETY: sending a signal to our own child process.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
        let status = session.wait_exit();
        assert!(!status.success(), "{name}: ended by the signal");
        session.assert_restored();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), text, "{name}");
        assert!(frontback::tui::recovery::find(Some(&file), None).is_empty(), "{name}: nothing to keep aside");
        drop(dir);
    }
    // The same on the screen of a file that does not load.
    let (_dir, broken) = temp_file("broken.toml", "[company]\nname = \"Broken\"\n\n[org.a]\nfuntion = \"sales\"\n");
    let mut session = Session::launch(Launch { args: &[broken.as_os_str()], cols: 80, rows: 24, ..Launch::default() });
    session.wait_for("broken.toml cannot be opened");
    let pid = session.child.process_id().expect("a process id") as i32;
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    assert!(!session.wait_exit().success());
    session.assert_restored();
}

/// A large file whose head does not load alone: the gauge shows alone, never a wrong
/// preview, then the whole org.
#[cfg(unix)]
#[test]
fn a_large_file_whose_head_is_cut_inside_a_string_shows_only_the_gauge() {
    let mut text = String::from("[company]\nname = \"Long Notes\"\n\n[org.a]\nname = \"Alpha\"\nnotes = \"\"\"\n");
    while text.len() < 1_200_000 {
        text.push_str("[org.fake]\nname = \"Fake\"\n");
    }
    text.push_str("\"\"\"\n\n[org.b]\nname = \"Beta\"\n");
    let (_dir, file) = temp_file("notes.toml", &text);
    let mut session = Session::start(&file);
    session.wait_for("Beta");
    let transcript = session.transcript();
    assert!(transcript.contains("Opening"), "the gauge's screen");
    // No preview, so no department made of the notes' lines, was ever drawn (the
    // notes themselves show in Alpha's panel once the whole file is in).
    assert!(!transcript.contains("provisional") && !transcript.contains("meanwhile"), "no preview");
    session.keys("q");
    assert!(session.wait_exit().success());
    session.assert_restored();
}

/// A large file with a mistake past its head: the head shows, then the diagnostics
/// screen, as for any file that does not load.
#[cfg(unix)]
#[test]
fn a_large_file_that_does_not_load_ends_on_the_diagnostics_screen() {
    let mut text = frontback::generate::org_text(10_000, 1);
    text.push_str("\n[org.broken\n");
    assert!(text.len() as u64 >= frontback::tui::loading::THRESHOLD);
    let (_dir, file) = temp_file("broken.toml", &text);
    let mut session = Session::start(&file);
    session.wait_for("fix it in the editor");
    assert!(session.transcript().contains("Loading:"));
    session.keys("q");
    assert!(session.wait_exit().success());
    session.assert_restored();
}

/// With the grey-only filter on, the full app taking over shows what the head showed:
/// the grey areas, their ancestors and the selection, not its own first department.
#[test]
fn the_grey_only_filter_carries_over_without_the_first_department() {
    let mut text =
        String::from("[company]\nname = \"Shop\"\n\n[org.books]\nname = \"Books\"\nfunction = \"accounting\"\n");
    text.push_str("\n[org.sales]\nname = \"Sales\"\nfunction = \"sales\"\n");
    text.push_str("\n[org.sales.help]\nname = \"Help desk\"\nfunction = \"post-sales-support\"\n");
    // The head is cut before the last table that starts in it: this one.
    text.push_str("\n[org.yard]\nname = \"Yard\"\n");
    let mut head = head_app(&text, text.len());
    head.update(Action::ToggleGreyOnly);
    let mut full = full_app(&text);
    carry_over(&head, &mut full);
    assert_eq!(row_names(&head), ["Sales", "Help desk"]);
    assert_eq!(row_names(&full), row_names(&head));
    assert_eq!(selected(&full), selected(&head));
}
