//! Speed at scale (SPEC §8): load, classify, open to the first frame, one frame,
//! a key press and its frame, an edit and its save, and the JSON report, on generated
//! orgs of 1k, 100k and 1M departments.
//!
//! `cargo bench` runs them all; `FRONTBACK_BENCH_SIZES=1000,100000 cargo bench` picks
//! sizes. The generated texts are made once per size, outside the measurements.

use std::sync::OnceLock;

use divan::Bencher;
use frontback::classify::Model;
use frontback::org::edit::Edit;
use frontback::text::Lang;
use frontback::tui::theme::Theme;
use frontback::tui::{Action, App, Document, Options};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    divan::main();
}

const SIZES: [usize; 3] = [1_000, 100_000, 1_000_000];

fn wanted(size: usize) -> bool {
    match std::env::var("FRONTBACK_BENCH_SIZES") {
        Ok(list) => list.split(',').any(|s| s.trim().parse() == Ok(size)),
        Err(_) => true,
    }
}

fn text(size: usize) -> &'static str {
    static TEXTS: [OnceLock<String>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let slot = SIZES.iter().position(|&s| s == size).expect("a known size");
    TEXTS[slot].get_or_init(|| frontback::generate::org_text(size, 1))
}

fn options() -> Options {
    Options { model: Model::Customer, lang: Lang::En, read_only: false, theme: Theme::dark(), seed: 1 }
}

fn app(size: usize) -> App {
    let mut app = App::new(Document::from_text(None, text(size).to_string()).unwrap(), options());
    app.resize(120, 40);
    app
}

fn frame(app: &App, terminal: &mut Terminal<TestBackend>) {
    terminal.draw(|f| frontback::tui::view::render(app, f)).unwrap();
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(120, 40)).unwrap()
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn load(bencher: Bencher, size: usize) {
    if !wanted(size) {
        return;
    }
    let text = text(size);
    bencher.bench(|| frontback::org::load(divan::black_box(text)).unwrap());
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn classify(bencher: Bencher, size: usize) {
    if !wanted(size) {
        return;
    }
    let org = frontback::org::load(text(size)).unwrap();
    let catalog = frontback::catalog::Catalog::for_org(&org);
    bencher.bench(|| frontback::classify::classify(&org, &catalog));
}

/// Read, parse, classify and draw the first frame.
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn open_to_first_frame(bencher: Bencher, size: usize) {
    if !wanted(size) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("org.toml");
    std::fs::write(&file, text(size)).unwrap();
    bencher.bench(|| {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut app = App::new(Document::from_text(Some(file.clone()), text).unwrap(), options());
        app.resize(120, 40);
        frame(&app, &mut terminal());
        app
    });
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn frame_collapsed(bencher: Bencher, size: usize) {
    if !wanted(size) {
        return;
    }
    let mut app = app(size);
    app.update(Action::FoldAll);
    let mut terminal = terminal();
    bencher.bench_local(|| frame(&app, &mut terminal));
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn frame_unfolded(bencher: Bencher, size: usize) {
    if !wanted(size) {
        return;
    }
    let mut app = app(size);
    app.update(Action::UnfoldAll);
    app.update(Action::PageDown);
    let mut terminal = terminal();
    bencher.bench_local(|| frame(&app, &mut terminal));
}

/// A key press and its frame, with everything unfolded.
fn key(bencher: Bencher, size: usize, prepare: &[Action], keys: &'static [Action]) {
    if !wanted(size) {
        return;
    }
    let mut app = app(size);
    app.update(Action::UnfoldAll);
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

#[divan::bench(args = SIZES, sample_count = 20)]
fn key_move(bencher: Bencher, size: usize) {
    key(bencher, size, &[Action::PageDown], &[Action::Down, Action::Down, Action::Up]);
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn key_fold(bencher: Bencher, size: usize) {
    key(bencher, size, &[], &[Action::ToggleFold]);
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn key_unfold_all(bencher: Bencher, size: usize) {
    key(bencher, size, &[], &[Action::FoldAll, Action::UnfoldAll]);
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn key_toggle_model(bencher: Bencher, size: usize) {
    key(bencher, size, &[], &[Action::CycleModel]);
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn key_search_next(bencher: Bencher, size: usize) {
    if !wanted(size) {
        return;
    }
    let mut app = app(size);
    app.update(Action::UnfoldAll);
    app.update(Action::Search);
    for c in "sales".chars() {
        app.handle_key(&ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Char(c),
            ratatui::crossterm::event::KeyModifiers::NONE,
        ));
    }
    app.update(Action::Confirm);
    let mut terminal = terminal();
    bencher.bench_local(|| {
        app.update(Action::SearchNext);
        frame(&app, &mut terminal);
    });
}

/// Rename a department deep in the tree, then save the file.
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn edit_and_save(bencher: Bencher, size: usize) {
    if !wanted(size) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("org.toml");
    let mut app = app(size);
    let deep = app.doc.org.len() - 1;
    let path = app.path_of(deep);
    let mut n = 0;
    bencher.bench_local(|| {
        n += 1;
        app.apply_edit(Edit::Rename { path: path.clone(), name: format!("Renamed {n}") });
        frontback::org::save::save_atomic(&file, &app.doc.text).unwrap();
    });
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn report_json(bencher: Bencher, size: usize) {
    if !wanted(size) {
        return;
    }
    let org = frontback::org::load(text(size)).unwrap();
    bencher.bench(|| {
        let mut sink = std::io::sink();
        frontback::report::write(&org, frontback::report::Format::Json, Lang::En, Model::Customer, &mut sink).unwrap();
    });
}
