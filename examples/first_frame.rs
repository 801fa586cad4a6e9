//! Opens an org file the way `frontback FILE` does — read, parse, classify, build the
//! app — draws the first frame at 120×40 on ratatui's `TestBackend`, and exits:
//! `cargo run --release --example first_frame -- FILE`. It prints the time to the
//! first frame; `benches/compare.sh` times the whole process as well.
//!
//! A script has no terminal to open, so this stands in for the interface's start.

use std::process::ExitCode;
use std::time::Instant;

use frontback::document::Document;
use frontback::text::Lang;
use frontback::tui::{App, Options};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The program's allocator, so that the time is the program's.
#[global_allocator]
static ALLOCATOR: frontback::heap::Allocator = frontback::heap::Allocator;

fn main() -> ExitCode {
    let start = Instant::now();
    let Some(path) = std::env::args_os().nth(1).map(std::path::PathBuf::from) else {
        eprintln!("usage: first_frame FILE");
        return ExitCode::FAILURE;
    };
    let (org, text) = match frontback::org::load_file(&path, Lang::En) {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let options = Options { seed: 1, ..Options::default() };
    let mut app = App::new(Document::new(Some(path), text, org), options);
    app.resize(120, 40);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    terminal.draw(|frame| frontback::tui::view::render(&app, frame)).expect("a frame");
    println!("first frame in {:.1} ms", start.elapsed().as_secs_f64() * 1000.0);
    // Like the real interface at its first frame, nothing is freed yet: leave at once.
    std::process::exit(0)
}
