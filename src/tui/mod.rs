//! The terminal user interface.
//!
//! The flow, in one line: key or mouse event → [`Action`] (through the [`keymap`]) →
//! [`App::update`] → [`view::render`]. The app sleeps in `event::read` until something
//! happens, so it draws nothing and uses no CPU while idle.
//!
//! - [`app`] — the state and `update`;
//! - [`action`] — every user intent;
//! - [`keymap`] — keys per mode, shared by key handling, hints and help;
//! - [`editing`] — prompts, confirmations, undo, clipboard, saving, `$EDITOR`;
//! - [`outline`] — folds, visible rows, selection, scrolling;
//! - [`quiz`] — the quiz's questions and score;
//! - [`recovery`] — unsaved edits written aside on a termination signal;
//! - [`theme`] — styles, with a monochrome theme for `NO_COLOR`;
//! - [`view`] — drawing, one file per area.

pub mod action;
pub mod app;
pub mod editing;
pub mod keymap;
pub mod outline;
pub mod quiz;
pub mod recovery;
pub mod theme;
pub mod view;

use std::io::stdout;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, DisableFocusChange, DisableMouseCapture, EnableFocusChange, EnableMouseCapture};
use ratatui::crossterm::execute;

pub use action::Action;
pub use app::{App, Options};

/// Runs an app (set up with the configuration's keymap and view) on the terminal until
/// the user quits. The terminal is restored on quit, on error and on panic.
pub fn run_app(mut app: App) -> std::io::Result<()> {
    let mut terminal = ratatui::init();
    // ratatui's own hook restores the terminal; this one first writes unsaved edits
    // aside and releases the mouse.
    let hook = std::panic::take_hook();
    let recovery = app.recovery.clone();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture, DisableFocusChange);
        let written = recovery.write();
        hook(info);
        if let Ok(Some(file)) = written {
            eprintln!("frontback: unsaved edits written to {}", file.display());
        }
    }));
    let _ = execute!(stdout(), EnableMouseCapture, EnableFocusChange);
    let _ = app.recovery.watch_signals();
    app.offer_recovered();
    let result = event_loop(&mut terminal, app);
    let _ = execute!(stdout(), DisableMouseCapture, DisableFocusChange);
    ratatui::restore();
    result
}

fn event_loop(terminal: &mut DefaultTerminal, mut app: App) -> std::io::Result<()> {
    // The terminal's event reader starts listening for resizes when it is first used;
    // start it before the first frame, so that a resize while that frame is drawn is
    // not lost (the frame would keep the old size until the next key).
    let _ = event::poll(std::time::Duration::ZERO);
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    let mut dirty = true;
    loop {
        if dirty {
            terminal.draw(|frame| view::render(&app, frame))?;
        }
        if app.should_quit {
            return Ok(());
        }
        let event = event::read()?;
        dirty = app.handle_event(&event);
        if let Some(editing::Effect::RunEditor(path)) = app.effect.take() {
            let _ = execute!(stdout(), DisableMouseCapture, DisableFocusChange);
            ratatui::restore();
            let result = editing::run_editor(&path);
            *terminal = ratatui::init();
            let _ = execute!(stdout(), EnableMouseCapture, EnableFocusChange);
            terminal.clear()?;
            app.after_editor(result);
            dirty = true;
        }
    }
}

/// The name shown for the open file: its file name, or the built-in sample's name.
pub fn file_label(doc: &crate::org::Document, lang: crate::text::Lang) -> String {
    match &doc.path {
        Some(p) => p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned()),
        None => rust_i18n::t!("ui.sample_file", locale = lang.code()).into_owned(),
    }
}
