//! Speed at scale (SPEC §8): load, classify, open to the first frame, one frame
//! (collapsed and unfolded), a key press and its frame, an edit and its save, and the
//! JSON report, on generated orgs of 1k, 10k (a large real company), 100k and 1M departments.
//!
//! The edit cases (`edit_*`, `key_grey_only*`, `key_search_char`,
//! `key_search_first_char`) time each edit of the explorer from its key to the state
//! updated and one frame drawn: adding a department (`a`, a name, Enter) and undoing
//! it, deleting a big subtree (about a tenth of the org) and undoing that, copying and
//! pasting it, moving a department up among a whole org of siblings under one parent
//! ([`frontback::generate::flat_org_text`]), turning the grey-only filter on (and, on
//! the org as it opens, off again), the
//! first character of a search and one more, and saving.
//!
//! The `shape_*` cases time loading, opening, a key, unfolding all and an add and its
//! undo on odd shapes: a million siblings under one parent, the deepest chain a file
//! may hold, 10 KB notes on 10k departments and 20k functions declared in the file.
//!
//! `cargo bench` runs them all; `FRONTBACK_BENCH_SIZES=1000,100000 cargo bench` picks
//! sizes. The generated texts are made once per size, outside the measurements. The
//! heavy cases take few samples (`DIVAN_SAMPLE_COUNT` overrides), so that the whole run
//! stays within minutes on a small machine. Frames are drawn at 120×40 on ratatui's
//! `TestBackend`, so they include building the buffer but not writing to a terminal.

use std::cell::RefCell;
use std::sync::OnceLock;

use divan::Bencher;
use frontback::classify::Model;
use frontback::document::Document;
use frontback::org::DeptId;
use frontback::org::edit::Edit;
use frontback::text::Lang;
use frontback::tui::{Action, App, Options};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The program's allocator, so that the figures are the program's.
#[global_allocator]
static ALLOCATOR: frontback::heap::Allocator = frontback::heap::Allocator;

fn main() {
    divan::main();
}

const SIZES: [usize; 4] = [1_000, 10_000, 100_000, 1_000_000];
const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

/// The sizes to run: all four, or those listed in `FRONTBACK_BENCH_SIZES`.
fn sizes() -> Vec<usize> {
    match std::env::var("FRONTBACK_BENCH_SIZES") {
        Ok(list) => SIZES.into_iter().filter(|&size| list.split(',').any(|s| s.trim().parse() == Ok(size))).collect(),
        Err(_) => SIZES.to_vec(),
    }
}

/// The generated text of an org of `size` departments, made once.
fn text(size: usize) -> &'static str {
    static TEXTS: [OnceLock<String>; SIZES.len()] = [const { OnceLock::new() }; SIZES.len()];
    let slot = SIZES.iter().position(|&s| s == size).expect("a known size");
    TEXTS[slot].get_or_init(|| frontback::generate::org_text(size, 1))
}

fn options() -> Options {
    Options { seed: 1, ..Options::default() }
}

/// An app on the generated org, sized like the terminal.
fn app(size: usize) -> App {
    let mut app = App::new(Document::from_text(None, text(size).to_string()).unwrap(), options());
    app.resize(WIDTH, HEIGHT);
    app
}

/// An app with everything unfolded and a department in the middle of the tree, at
/// the deepest level, selected: the hardest place for the outline.
fn unfolded_app(size: usize) -> App {
    let mut app = app(size);
    app.update(Action::UnfoldAll);
    let middle = deep_department(&app);
    app.explorer.outline.reveal(&app.doc, middle);
    app.resize(WIDTH, HEIGHT);
    app
}

/// The first department at the deepest level from the middle of the tree on.
fn deep_department(app: &App) -> DeptId {
    let org = &app.doc.org;
    let deepest = org.departments.iter().map(|d| d.depth).max().unwrap_or(0);
    (org.len() / 2..org.len()).chain(0..org.len() / 2).find(|&id| org.dept(id).depth == deepest).unwrap_or(0)
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap()
}

fn frame(app: &App, terminal: &mut Terminal<TestBackend>) {
    terminal.draw(|f| frontback::tui::view::render(app, f)).unwrap();
}

/// Text → `Org`.
#[divan::bench(args = sizes(), sample_count = 10, sample_size = 1)]
fn load(bencher: Bencher, size: usize) {
    let text = text(size);
    bencher.bench(|| frontback::org::load(divan::black_box(text)).unwrap());
}

/// The catalogue for the org and both models' verdicts for every department.
#[divan::bench(args = sizes(), sample_count = 10, sample_size = 1)]
fn classify(bencher: Bencher, size: usize) {
    let org = frontback::org::load(text(size)).unwrap();
    bencher.bench(|| {
        let catalog = frontback::catalog::Catalog::for_org(&org);
        frontback::classify::classify(&org, &catalog)
    });
}

/// Read the file, parse, classify, build the app and draw the first frame.
#[divan::bench(args = sizes(), sample_count = 10, sample_size = 1)]
fn open_to_first_frame(bencher: Bencher, size: usize) {
    open_and_draw(bencher, text(size));
}

/// Times reading a file of `text`, parsing, classifying, building the app and drawing
/// the first frame.
fn open_and_draw(bencher: Bencher, text: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("org.toml");
    std::fs::write(&file, text).unwrap();
    bencher.bench(|| {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut app = App::new(Document::from_text(Some(file.clone()), text).unwrap(), options());
        app.resize(WIDTH, HEIGHT);
        frame(&app, &mut terminal());
        app
    });
}

/// One frame with only the top level showing (how a large org opens).
#[divan::bench(args = sizes(), sample_count = 20)]
fn frame_collapsed(bencher: Bencher, size: usize) {
    let mut app = app(size);
    app.update(Action::FoldAll);
    let mut terminal = terminal();
    bencher.bench_local(|| frame(&app, &mut terminal));
}

/// One frame with everything unfolded, the selection in the middle of the tree.
#[divan::bench(args = sizes(), sample_count = 20)]
fn frame_unfolded(bencher: Bencher, size: usize) {
    let app = unfolded_app(size);
    let mut terminal = terminal();
    bencher.bench_local(|| frame(&app, &mut terminal));
}

/// A key press and its frame, with everything unfolded; the keys are pressed in turn.
fn key(bencher: Bencher, size: usize, prepare: &[Action], keys: &'static [Action]) {
    let mut app = unfolded_app(size);
    for &action in prepare {
        app.update(action);
    }
    let mut terminal = terminal();
    let mut i = 0;
    bencher.bench_local(|| {
        app.update(keys[i % keys.len()]);
        i += 1;
        frame(&app, &mut terminal);
    });
}

/// Down (twice) and up, so the selection stays in the middle of the tree.
#[divan::bench(args = sizes(), sample_count = 20)]
fn key_move(bencher: Bencher, size: usize) {
    key(bencher, size, &[], &[Action::Down, Action::Down, Action::Up]);
}

/// Folding and unfolding in turn the parent of the deep department (Left selects it).
#[divan::bench(args = sizes(), sample_count = 20)]
fn key_fold(bencher: Bencher, size: usize) {
    key(bencher, size, &[Action::Left], &[Action::ToggleFold]);
}

/// Customer → profit → both → customer.
#[divan::bench(args = sizes(), sample_count = 20)]
fn key_toggle_model(bencher: Bencher, size: usize) {
    key(bencher, size, &[], &[Action::CycleModel]);
}

/// Unfold everything from everything folded; the folding is not measured.
#[divan::bench(args = sizes(), sample_count = 20, sample_size = 1)]
fn key_unfold_all(bencher: Bencher, size: usize) {
    let app = RefCell::new(unfolded_app(size));
    let terminal = RefCell::new(terminal());
    bencher.with_inputs(|| drop(app.borrow_mut().update(Action::FoldAll))).bench_local_values(|()| {
        let mut app = app.borrow_mut();
        app.update(Action::UnfoldAll);
        frame(&app, &mut terminal.borrow_mut());
    });
}

/// The next match of a search for "sales" (about one department in eight matches).
#[divan::bench(args = sizes(), sample_count = 20)]
fn key_search_next(bencher: Bencher, size: usize) {
    let mut app = unfolded_app(size);
    app.update(Action::Search);
    for c in "sales".chars() {
        app.handle_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    app.update(Action::Confirm);
    assert!(!app.explorer.search.matches.is_empty());
    let mut terminal = terminal();
    bencher.bench_local(|| {
        app.update(Action::SearchNext);
        frame(&app, &mut terminal);
    });
}

/// Rename a department deep in the middle of the tree, draw the frame, and save the
/// file atomically (written, synced and renamed into place).
#[divan::bench(args = sizes(), sample_count = 10, sample_size = 1)]
fn edit_and_save(bencher: Bencher, size: usize) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("org.toml");
    let mut app = unfolded_app(size);
    let path = app.path_of(deep_department(&app));
    let mut terminal = terminal();
    let mut n = 0;
    bencher.bench_local(|| {
        n += 1;
        assert!(app.apply_edit(Edit::Rename { path: path.clone(), name: format!("Renamed {n}") }));
        frame(&app, &mut terminal);
        frontback::org::save::save_atomic(&file, &app.doc.text).unwrap();
    });
}

/// `frontback report --format json` without the reading: classify and write the JSON.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn report_json(bencher: Bencher, size: usize) {
    let org = frontback::org::load(text(size)).unwrap();
    // The document is built (and classified) in the measurement, as the command does;
    // copying the org and the text in, and freeing them, are left out.
    bencher.with_inputs(|| (org.clone(), text(size).to_string())).bench_local_values(|(org, text)| {
        let doc = Document::new(None, text, org);
        let mut sink = std::io::sink();
        frontback::report::write(&doc, frontback::report::Format::Json, Lang::En, Model::Customer, &mut sink).unwrap();
        doc
    });
}

/// An app on an org whose middle department has a name of `len` bytes, with that
/// department selected.
fn long_name_app(len: usize) -> App {
    let name = "x".repeat(len);
    let text = format!(
        "[company]\nname = \"Long\"\n\n[org.a]\nname = \"A\"\n\n[org.b]\nname = \"{name}\"\n\n[org.c]\nname = \"C\"\n"
    );
    let mut app = App::new(Document::from_text(None, text).unwrap(), options());
    app.resize(WIDTH, HEIGHT);
    app.update(Action::Down);
    app
}

/// A key press and its frame with a 50 MB name on screen (a hostile file): down and up
/// in turn, so the long name is selected every other frame (in the tree, the panel and
/// the header).
#[divan::bench(sample_count = 10)]
fn long_name_key_move(bencher: Bencher) {
    let mut app = long_name_app(50 << 20);
    let mut terminal = terminal();
    let keys = [Action::Down, Action::Up];
    let mut i = 0;
    bencher.bench_local(|| {
        app.update(keys[i % 2]);
        i += 1;
        frame(&app, &mut terminal);
    });
}

/// A character typed, and taken back, with its frame, in the rename prompt of the
/// longest name the prompt edits (10,000 bytes; longer ones go to the editor).
#[divan::bench(sample_count = 20)]
fn long_name_rename_typing(bencher: Bencher) {
    let mut app = long_name_app(10_000);
    app.update(Action::Rename);
    assert!(app.overlay.is_some(), "the prompt is open");
    let mut terminal = terminal();
    let keys =
        [KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE), KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)];
    let mut i = 0;
    bencher.bench_local(|| {
        app.handle_key(&keys[i % 2]);
        i += 1;
        frame(&app, &mut terminal);
    });
}

/// The generated text of a flat org of `size` departments (one holding all the others),
/// made once.
fn flat_text(size: usize) -> &'static str {
    static TEXTS: [OnceLock<String>; SIZES.len()] = [const { OnceLock::new() }; SIZES.len()];
    let slot = SIZES.iter().position(|&s| s == size).expect("a known size");
    TEXTS[slot].get_or_init(|| frontback::generate::flat_org_text(size))
}

fn char_key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

/// Times `measured` and the frame after it; `setup`, run before each sample and not
/// timed, puts the app back in the state the measurement starts from.
fn edit_case(bencher: Bencher, app: App, setup: impl Fn(&mut App), measured: impl Fn(&mut App)) {
    let app = RefCell::new(app);
    let terminal = RefCell::new(terminal());
    bencher.with_inputs(|| setup_then_text_made(&mut app.borrow_mut(), &setup)).bench_local_values(|()| {
        let mut app = app.borrow_mut();
        measured(&mut app);
        frame(&app, &mut terminal.borrow_mut());
    });
}

/// `setup`, then the change of the text it left for the pause after it made, as that
/// pause makes it before a person's next key: the timed edit does not make it too.
/// (The rest of a pause's work, for `!` and the search, is left as each bench of
/// those keys sets it up.)
fn setup_then_text_made(app: &mut App, setup: &impl Fn(&mut App)) {
    setup(app);
    app.doc.text.make_due();
}

/// The work the app leaves for a pause in the keys, done.
fn pause(app: &mut App) {
    let now = std::time::Instant::now();
    while app.frame_timeout(now).is_some() {
        app.tick(now);
    }
}

/// Undoes the last edit, if there is one.
fn undo_last(app: &mut App) {
    if !app.session.history.undo.is_empty() {
        app.update(Action::Undo);
    }
}

/// The unfolded app with the department whose subtree is closest to a tenth of the org
/// selected; and how many departments that subtree holds.
fn big_subtree_app(size: usize) -> (App, usize) {
    let mut app = unfolded_app(size);
    let org = &app.doc.org;
    let big = (0..org.len()).min_by_key(|&d| (org.descendant_count(d) + 1).abs_diff(size / 10)).unwrap();
    let count = org.descendant_count(big) + 1;
    app.explorer.outline.reveal(&app.doc, big);
    (app, count)
}

/// `a`, a three-letter name and Enter: a new department under the deep one.
fn add_department(app: &mut App) {
    app.update(Action::AddChild);
    for c in "New".chars() {
        app.handle_key(&char_key(c));
    }
    app.update(Action::Confirm);
}

/// Adds a department (the previous one is undone first, outside the measurement).
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn edit_add(bencher: Bencher, size: usize) {
    add_under_selected(bencher, unfolded_app(size));
}

/// Adds a department under the one selected in `app`, as [`add_department`] does; the
/// previous one is undone first, outside the measurement.
fn add_under_selected(bencher: Bencher, app: App) {
    let before = app.doc.org.len();
    edit_case(bencher, app, undo_last, move |app| {
        add_department(app);
        assert_eq!(app.doc.org.len(), before + 1);
    });
}

/// The unfolded app with the last top-level department selected.
fn last_top_level_app(size: usize) -> App {
    let mut app = unfolded_app(size);
    let last = app.doc.org.children(None).last().unwrap();
    app.explorer.outline.reveal(&app.doc, last);
    app
}

/// Undoes the addition of a department.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn edit_undo_add(bencher: Bencher, size: usize) {
    edit_case(bencher, unfolded_app(size), add_department, |app| app.update(Action::Undo).map_or((), drop));
}

/// Adds a department under the first one, as `a` on the first row does (at a
/// million it holds a third of the org: the new one goes a third of the way into the
/// text); the previous one is undone first, outside the measurement.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn edit_add_first(bencher: Bencher, size: usize) {
    let mut app = unfolded_app(size);
    app.explorer.outline.reveal(&app.doc, 0);
    add_under_selected(bencher, app);
}

/// Adds a department under the first one of the org as it opens after `!` on and off:
/// the grey areas' ancestors are unfolded, hundreds of thousands of rows at a million,
/// counted rather than listed. The previous one is undone first, outside the
/// measurement.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn edit_add_first_after_grey_only(bencher: Bencher, size: usize) {
    let mut app = app(size);
    app.update(Action::ToggleGreyOnly);
    app.update(Action::ToggleGreyOnly);
    app.update(Action::First);
    assert_eq!(app.explorer.outline.selected(), Some(0));
    add_under_selected(bencher, app);
}

/// Adds a department under the first row of the org as it opens, with `!` on: the
/// rows are the grey areas and their ancestors, and stay so after the add. The
/// previous one is undone first, outside the measurement.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn edit_add_first_with_grey_only_on(bencher: Bencher, size: usize) {
    let mut app = app(size);
    app.update(Action::ToggleGreyOnly);
    app.update(Action::First);
    assert!(app.explorer.outline.filter().is_some());
    add_under_selected(bencher, app);
}

/// The same add and its frame, then the work it leaves for the pause after that frame
/// (the text moved, at a million a third of the way in): the add whole.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn edit_add_first_and_pause(bencher: Bencher, size: usize) {
    let mut app = unfolded_app(size);
    app.explorer.outline.reveal(&app.doc, 0);
    let before = app.doc.org.len();
    edit_case(bencher, app, undo_last, move |app| {
        add_department(app);
        assert_eq!(app.doc.org.len(), before + 1);
        pause(app);
    });
}

/// Adds a department under the last top-level one, whose tables close the file (a
/// generated file ends with a blank line, which goes with them); the previous one is
/// undone first, outside the measurement.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn edit_add_last(bencher: Bencher, size: usize) {
    add_under_selected(bencher, last_top_level_app(size));
}

/// Indents (`>`) the last top-level department under the one before it (its subtree,
/// an eighth of the generated org, written again under the new parent where it is);
/// the previous one is undone first, outside the measurement.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn edit_indent_last(bencher: Bencher, size: usize) {
    let app = last_top_level_app(size);
    let top_level = app.doc.org.children(None).count();
    edit_case(bencher, app, undo_last, move |app| {
        app.update(Action::Indent);
        assert_eq!(app.doc.org.children(None).count(), top_level - 1);
    });
}

/// Outdents (`<`) the first child of the last top-level department: its tables turn
/// past those of its later siblings (most of an eighth of the generated org) and are
/// written again under no parent; the previous one is undone first, outside the
/// measurement.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn edit_outdent_first_child(bencher: Bencher, size: usize) {
    let mut app = unfolded_app(size);
    let last = app.doc.org.children(None).last().unwrap();
    app.explorer.outline.reveal(&app.doc, last + 1);
    let top_level = app.doc.org.children(None).count();
    edit_case(bencher, app, undo_last, move |app| {
        app.update(Action::Outdent);
        assert_eq!(app.doc.org.children(None).count(), top_level + 1);
    });
}

/// Cycles the customers of the first department (`c`), from which a third of the
/// generated org inherits: its subtree is classified again; the previous one is
/// undone first, outside the measurement.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn edit_fact_first(bencher: Bencher, size: usize) {
    let mut app = unfolded_app(size);
    app.explorer.outline.reveal(&app.doc, 0);
    edit_case(bencher, app, undo_last, |app| {
        let before = app.session.history.undo.len();
        app.update(Action::CycleCustomers);
        assert_eq!(app.session.history.undo.len(), before + 1);
    });
}

/// Deletes (`d`, `y`) the department holding about a tenth of the org.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn edit_delete_big(bencher: Bencher, size: usize) {
    let (app, count) = big_subtree_app(size);
    let before = app.doc.org.len();
    edit_case(bencher, app, undo_last, move |app| {
        app.update(Action::Delete);
        app.update(Action::Yes);
        assert_eq!(app.doc.org.len(), before - count);
    });
}

/// Undoes the deletion of the department holding about a tenth of the org.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn edit_undo_delete_big(bencher: Bencher, size: usize) {
    let (app, _) = big_subtree_app(size);
    let before = app.doc.org.len();
    let delete = |app: &mut App| {
        app.update(Action::Delete);
        app.update(Action::Yes);
    };
    edit_case(bencher, app, delete, move |app| {
        app.update(Action::Undo);
        assert_eq!(app.doc.org.len(), before);
    });
}

/// Copies (`y`) the department holding about a tenth of the org.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn edit_copy_big(bencher: Bencher, size: usize) {
    let (app, _) = big_subtree_app(size);
    edit_case(
        bencher,
        app,
        |_| {},
        |app| {
            app.update(Action::Copy);
            assert!(app.session.clipboard.is_some());
        },
    );
}

/// Pastes (`p`) the department holding about a tenth of the org as its own sibling.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn edit_paste_big(bencher: Bencher, size: usize) {
    let (mut app, count) = big_subtree_app(size);
    let before = app.doc.org.len();
    app.update(Action::Copy);
    edit_case(bencher, app, undo_last, move |app| {
        app.update(Action::PasteSibling);
        assert_eq!(app.doc.org.len(), before + count);
    });
}

/// Moves (`K`) a department up among all the others under one parent (a flat org);
/// it is moved back down before each sample, outside the measurement.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn edit_move_up_flat(bencher: Bencher, size: usize) {
    let mut app = App::new(Document::from_text(None, flat_text(size).to_string()).unwrap(), options());
    app.resize(WIDTH, HEIGHT);
    app.update(Action::UnfoldAll);
    let middle = size / 2;
    app.explorer.outline.reveal(&app.doc, middle);
    let path = app.path_of(middle);
    edit_case(
        bencher,
        app,
        |app| drop(app.update(Action::MoveDown)),
        move |app| {
            app.update(Action::MoveUp);
            assert_eq!(app.selected_path().as_ref(), Some(&path));
        },
    );
}

/// Turns the grey-only filter on (`!`); it is turned off before each sample.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn key_grey_only(bencher: Bencher, size: usize) {
    grey_only_case(bencher, unfolded_app(size), true, false);
}

/// `!` on the org as it opens (only the top level showing): the filter on, and every
/// grey area's ancestors unfolded. It is turned off before each sample.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn key_grey_only_folded(bencher: Bencher, size: usize) {
    grey_only_case(bencher, app(size), true, true);
}

/// `!` again on that org: the filter off, with the rows the unfolded ancestors show.
/// It is turned on before each sample.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn key_grey_only_off_folded(bencher: Bencher, size: usize) {
    grey_only_case(bencher, app(size), false, true);
}

/// Times `!` turning the grey-only filter `on` (or off), set the other way before each
/// sample; with `fold`, everything is folded again before each sample first, as the org
/// opens (turning the filter on unfolds the grey areas' ancestors).
fn grey_only_case(bencher: Bencher, app: App, on: bool, fold: bool) {
    let setup = move |app: &mut App| {
        if app.explorer.outline.filter().is_some() {
            app.update(Action::ToggleGreyOnly);
        }
        if fold {
            app.update(Action::FoldAll);
        }
        if !on {
            app.update(Action::ToggleGreyOnly);
        }
    };
    edit_case(bencher, app, setup, move |app| {
        app.update(Action::ToggleGreyOnly);
        assert_eq!(app.explorer.outline.filter().is_some(), on);
    });
}

/// One character typed in the search, the matches found as it is typed: "sales" from
/// "sale" (the character is taken back before each sample, then the app gets the
/// pause a person leaves between keys, in which it keeps what "sale" found).
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn key_search_char(bencher: Bencher, size: usize) {
    let mut app = unfolded_app(size);
    app.update(Action::Search);
    for c in "sale".chars() {
        app.handle_key(&char_key(c));
    }
    let setup = |app: &mut App| {
        if app.explorer.search.query.ends_with('s') {
            app.handle_key(&KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
        }
        pause(app);
    };
    edit_case(bencher, app, setup, |app| {
        app.handle_key(&char_key('s'));
    });
}

/// The first character typed in a search, "s": nothing found before to look among,
/// so every name and id is read, from the names folded as the org opened (the
/// character is taken back before each sample).
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn key_search_first_char(bencher: Bencher, size: usize) {
    let mut app = unfolded_app(size);
    app.update(Action::Search);
    let setup = |app: &mut App| {
        if !app.explorer.search.query.is_empty() {
            app.handle_key(&KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
        }
    };
    edit_case(bencher, app, setup, |app| {
        app.handle_key(&char_key('s'));
        assert!(!app.explorer.search.matches.is_empty());
    });
}

/// Saves (`s`) after a rename made outside the measurement: the file on disk is
/// checked, and the text written, synced and renamed into place. From
/// `SAVE_AHEAD_FROM` bytes that runs on a thread of its own while the key is
/// answered at once; the measure waits for it all the same: the whole save.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn edit_save(bencher: Bencher, size: usize) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("org.toml");
    std::fs::write(&file, text(size)).unwrap();
    let mut app = App::new(Document::from_text(Some(file.clone()), text(size).to_string()).unwrap(), options());
    app.session.disk = Some(frontback::org::save::DiskStamp::read(&file).unwrap());
    app.resize(WIDTH, HEIGHT);
    app.update(Action::UnfoldAll);
    let deep = deep_department(&app);
    app.explorer.outline.reveal(&app.doc, deep);
    let path = app.path_of(deep);
    let n = std::cell::Cell::new(0);
    let rename = move |app: &mut App| {
        n.set(n.get() + 1);
        assert!(app.apply_edit(Edit::Rename { path: path.clone(), name: format!("Renamed {}", n.get()) }));
    };
    edit_case(bencher, app, rename, |app| {
        app.update(Action::Save);
        assert!(app.finish_saving(), "{:?}", app.status);
        assert!(!app.session.history.is_modified(), "{:?}", app.status);
    });
}

// ---------------------------------------------------------------------------------
// Odd shapes: a million siblings under one parent (`flat`), the deepest chain a file
// may hold (`deep`: `load::MAX_DEPTH` levels; a 3,000-deep chain is refused when the
// file is read), 10 KB notes on 10k departments (`notes`) and 20k functions declared
// in the file, each performed by its own department (`functions`). Each at its natural
// size and at a tenth (half for the chain), to see how it grows:
// `FRONTBACK_BENCH_SHAPES=flat-1000000,notes-10000` picks some.

/// The odd shapes, named `shape-count`.
const SHAPES: [&str; 8] = [
    "flat-100000",
    "flat-1000000",
    "deep-31",
    "deep-63",
    "notes-1000",
    "notes-10000",
    "functions-2000",
    "functions-20000",
];

/// The shapes to run: all, or those listed in `FRONTBACK_BENCH_SHAPES`.
fn shapes() -> Vec<&'static str> {
    match std::env::var("FRONTBACK_BENCH_SHAPES") {
        Ok(list) => SHAPES.into_iter().filter(|&shape| list.split(',').any(|s| s.trim() == shape)).collect(),
        Err(_) => SHAPES.to_vec(),
    }
}

/// The generated text of an odd shape, made once.
fn shape_text(shape: &str) -> &'static str {
    static TEXTS: [OnceLock<String>; SHAPES.len()] = [const { OnceLock::new() }; SHAPES.len()];
    let slot = SHAPES.iter().position(|&s| s == shape).expect("a known shape");
    TEXTS[slot].get_or_init(|| {
        let (kind, count) = shape.split_once('-').expect("shape-count");
        let count: usize = count.parse().expect("a count");
        match kind {
            "flat" => frontback::generate::flat_org_text(count),
            "deep" => frontback::generate::deep_org_text(count),
            "notes" => frontback::generate::noted_org_text(count, 10_000),
            "functions" => frontback::generate::functions_org_text(count),
            _ => unreachable!("unknown shape {shape}"),
        }
    })
}

/// The app on an odd shape, everything unfolded, with a department in the middle of
/// the tree selected, as deep as an added child may still go.
fn shape_app(shape: &str) -> App {
    let mut app = App::new(Document::from_text(None, shape_text(shape).to_string()).unwrap(), options());
    app.resize(WIDTH, HEIGHT);
    app.update(Action::UnfoldAll);
    let org = &app.doc.org;
    let limit = frontback::org::load::MAX_DEPTH - 2;
    let deepest = org.departments.iter().map(|d| d.depth).filter(|&d| d <= limit).max().unwrap_or(0);
    let middle =
        (org.len() / 2..org.len()).chain(0..org.len() / 2).find(|&id| org.dept(id).depth == deepest).unwrap_or(0);
    app.explorer.outline.reveal(&app.doc, middle);
    app.resize(WIDTH, HEIGHT);
    app
}

/// Text → `Org`, for an odd shape.
#[divan::bench(args = shapes(), sample_count = 10, sample_size = 1)]
fn shape_load(bencher: Bencher, shape: &str) {
    let text = shape_text(shape);
    bencher.bench(|| frontback::org::load(divan::black_box(text)).unwrap());
}

/// Read the file, parse, classify, build the app and draw the first frame, for an
/// odd shape.
#[divan::bench(args = shapes(), sample_count = 10, sample_size = 1)]
fn shape_open_to_first_frame(bencher: Bencher, shape: &str) {
    open_and_draw(bencher, shape_text(shape));
}

/// Down (twice) and up with everything unfolded, for an odd shape.
#[divan::bench(args = shapes(), sample_count = 20)]
fn shape_key_move(bencher: Bencher, shape: &str) {
    let mut app = shape_app(shape);
    let mut terminal = terminal();
    let keys = [Action::Down, Action::Down, Action::Up];
    let mut i = 0;
    bencher.bench_local(|| {
        app.update(keys[i % keys.len()]);
        i += 1;
        frame(&app, &mut terminal);
    });
}

/// Unfold everything from everything folded, for an odd shape.
#[divan::bench(args = shapes(), sample_count = 10, sample_size = 1)]
fn shape_key_unfold_all(bencher: Bencher, shape: &str) {
    let app = RefCell::new(shape_app(shape));
    let terminal = RefCell::new(terminal());
    bencher.with_inputs(|| drop(app.borrow_mut().update(Action::FoldAll))).bench_local_values(|()| {
        let mut app = app.borrow_mut();
        app.update(Action::UnfoldAll);
        frame(&app, &mut terminal.borrow_mut());
    });
}

/// Adds a department under the selected one, for an odd shape (the previous one is
/// undone first, outside the measurement).
#[divan::bench(args = shapes(), sample_count = 5, sample_size = 1)]
fn shape_edit_add(bencher: Bencher, shape: &str) {
    let app = shape_app(shape);
    let before = app.doc.org.len();
    edit_case(bencher, app, undo_last, move |app| {
        add_department(app);
        assert_eq!(app.doc.org.len(), before + 1);
    });
}

/// Undoes the addition of a department, for an odd shape.
#[divan::bench(args = shapes(), sample_count = 5, sample_size = 1)]
fn shape_edit_undo_add(bencher: Bencher, shape: &str) {
    let app = shape_app(shape);
    let before = app.doc.org.len();
    edit_case(bencher, app, add_department, move |app| {
        app.update(Action::Undo);
        assert_eq!(app.doc.org.len(), before);
    });
}
