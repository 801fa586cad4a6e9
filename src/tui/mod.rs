//! The terminal user interface.
//!
//! The flow, in one line: key or mouse event → [`Action`] (through the [`keymap`]) →
//! [`update`] → [`view::render`]. The app sleeps in `event::read` until something
//! happens, so it draws nothing and uses no CPU while idle; only while the floor plan
//! animates (a quarter of a second after `m`) does it wake for the next frame; and
//! once after the file opens or is edited, when no key came for a moment,
//! to start settling the file's stamp, make the change of a large text an edit left
//! for after its frame, or work out ahead what `!` needs.
//!
//! - [`state`] — the [`App`]: per-area state and the open overlay;
//! - [`action`] — every user intent, typed text and clicks included;
//! - [`update`] — events to actions, and the one place actions change the state;
//! - [`layout`] — geometry read by both update and view: areas, hit-testing, scrolling;
//! - [`view`] — drawing, one file per area; it measures its scrolling texts for update;
//! - [`config`] — the user's configuration file: keys, theme and start-up defaults;
//! - [`keymap`] — keys per mode, shared by key handling, hints and help;
//! - [`diagnostics`] — the screen of a file that does not load, until it is fixed;
//! - [`loading`] — a large file's head on screen while the whole file loads;
//! - [`recovery`] — unsaved edits written aside on a termination signal;
//! - [`hangup`] — the session ends, edits written aside, when the terminal goes away;
//! - [`suspend`] — who holds the terminal; Ctrl+Z and SIGTSTP hand it back and stop;
//! - [`theme`] — styles, with a monochrome theme for `NO_COLOR`.
//!
//! Update and view never import each other: both read the state and the layout, and
//! this module hands update the view's measure of what scrolls ([`layout::Measure`]).

pub mod action;
pub mod config;
pub mod diagnostics;
pub mod hangup;
pub mod keymap;
pub mod layout;
pub mod loading;
pub mod recovery;
pub mod state;
pub mod suspend;
pub mod theme;
pub mod update;
pub mod view;

use std::io::stdout;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event;
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{Clear, ClearType};

pub use action::Action;
pub use state::{App, ModelView, Options, Status, View};
pub use update::{Effect, Handled};

impl App {
    /// Carries out one action (see [`update::update`]); returns work for the event loop.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        update::update(self, action, &view::Drawn)
    }

    /// Handles a terminal event (see [`update::handle_event`]).
    pub fn handle_event(&mut self, event: &event::Event) -> Handled {
        update::handle_event(self, event, &view::Drawn)
    }

    /// Handles a key press in the current mode (see [`update::handle_key`]).
    pub fn handle_key(&mut self, key: &event::KeyEvent) -> Handled {
        update::handle_key(self, key, &view::Drawn)
    }
}

/// Runs an app (set up with the configuration's keymap and view) on the terminal until
/// the user quits. The terminal is restored on quit, on error and on panic.
pub fn run_app(app: App) -> std::io::Result<()> {
    run_on(take_terminal()?, app)
}

/// Runs the app on a file that does not load: the [`diagnostics`] screen first, the
/// app on the file once the editor has fixed it; nothing more when the user leaves.
pub fn run_broken(path: &std::path::Path, error: &crate::org::FileError, options: Options) -> std::io::Result<()> {
    run_broken_on(take_terminal()?, path, error, options)
}

/// Takes the terminal ([`suspend::open`]); from then on a signal that ends the app
/// hands it back, before the app runs too (while a large file loads, or a file that
/// does not load is shown). The app makes its own recovery the one written then.
pub(crate) fn take_terminal() -> std::io::Result<DefaultTerminal> {
    // Before the terminal is taken, so that no signal finds it taken and unwatched.
    let _ = recovery::Recovery::default().watch_signals();
    suspend::open()
}

/// [`run_broken`] on a terminal already taken.
fn run_broken_on(
    mut terminal: DefaultTerminal,
    path: &std::path::Path,
    error: &crate::org::FileError,
    options: Options,
) -> std::io::Result<()> {
    let screen = diagnostics::Diagnostics::new(path, error);
    match diagnostics_loop(&mut terminal, screen, &options) {
        Ok(Some(doc)) => run_on(terminal, App::new(doc, options)),
        other => {
            suspend::close(terminal);
            other.map(|_| ())
        }
    }
}

/// [`run_app`] on a terminal already taken.
fn run_on(mut terminal: DefaultTerminal, mut app: App) -> std::io::Result<()> {
    // The hook set when the terminal was taken hands it back and prints the panic's
    // message; then this one writes the unsaved edits aside and says where they went.
    // (Not for a panic on a save's thread: that save fails, and the app goes on.)
    let hook = std::panic::take_hook();
    let recovery = app.session.recovery.clone();
    std::panic::set_hook(Box::new(move |info| {
        if crate::org::save::on_save_thread() {
            return;
        }
        hook(info);
        recovery.write_and_report("");
    }));
    let _ = suspend::report_mouse(true);
    let _ = app.session.recovery.watch_signals();
    let _ = hangup::watch(app.session.recovery.clone());
    app.offer_recovered();
    let recovery = app.session.recovery.clone();
    let result = event_loop(&mut terminal, app);
    suspend::close(terminal);
    match &result {
        // The terminal failed (it went away, say): the edits are written aside before
        // the error ends the app, whichever of this and the hang-up watcher comes first.
        Err(error) => recovery.write_for_the_end(&format!("{error}; ")),
        Ok(()) => recovery.settle(),
    }
    result
}

/// A blank screen and a terminal that knows it, so that the next frame is drawn
/// whole. (`Terminal::clear` would ask the terminal where its cursor is, and wait
/// for the answer; a new terminal starts from a blank screen without asking.)
fn start_afresh(terminal: &mut DefaultTerminal) -> std::io::Result<()> {
    execute!(stdout(), Clear(ClearType::All))?;
    *terminal = ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(stdout()))?;
    Ok(())
}

/// Hands the terminal to the external editor on a file, and takes it back when the
/// editor ends; why the editor failed, if it did, in `lang`, for the caller to act on.
fn edit_outside(
    terminal: &mut DefaultTerminal,
    path: &std::path::Path,
    lang: crate::text::Lang,
) -> std::io::Result<Result<(), String>> {
    {
        let mut held = suspend::lock();
        suspend::release();
        *held = false;
    }
    let result = update::file::run_editor(path);
    {
        let mut held = suspend::lock();
        suspend::take()?;
        *held = true;
    }
    start_afresh(terminal)?;
    Ok(result.map_err(|error| error.said(lang)))
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
        if suspend::take_resumed() {
            // Back from a stop: the alternate screen was left, so draw it all again.
            start_afresh(terminal)?;
            let size = terminal.size()?;
            app.resize(size.width, size.height);
            dirty = true;
        }
        if dirty {
            let _held = suspend::lock();
            terminal.draw(|frame| view::render(&app, frame))?;
        }
        if app.should_quit {
            return Ok(());
        }
        // Idle, the loop blocks until an event; only while an animation runs, or work
        // is left for a pause, does it wait no longer than that is due.
        let event = match app.frame_timeout(std::time::Instant::now()) {
            None => event::read()?,
            Some(timeout) if event::poll(timeout)? => event::read()?,
            Some(_) => {
                dirty = app.tick(std::time::Instant::now());
                continue;
            }
        };
        let handled = app.handle_event(&event);
        // A save that ended meanwhile says so now, even while keys keep coming.
        dirty = handled.redraw | app.poll_saving();
        match handled.effect {
            Some(Effect::RunEditor(path)) => {
                let result = edit_outside(terminal, &path, app.lang)?;
                app.after_editor(result);
                dirty = true;
            }
            Some(Effect::EditNotes(path)) => {
                let result = edit_outside(terminal, &path, app.lang)?;
                app.after_notes_editor(&path, result);
                dirty = true;
            }
            Some(Effect::Suspend) => suspend::stop(),
            None => {}
        }
    }
}

/// Shows the screen until the file loads (its document is returned) or the user
/// leaves (`None`). The external editor runs as it does from the explorer.
fn diagnostics_loop(
    terminal: &mut DefaultTerminal,
    mut diagnostics: diagnostics::Diagnostics,
    options: &Options,
) -> std::io::Result<Option<crate::document::Document>> {
    loop {
        if suspend::take_resumed() {
            start_afresh(terminal)?;
        }
        {
            let _held = suspend::lock();
            terminal.draw(|frame| diagnostics::render(&diagnostics, options, frame))?;
        }
        let event::Event::Key(key) = event::read()? else { continue };
        if key.kind == event::KeyEventKind::Release {
            continue;
        }
        diagnostics.status = None;
        match diagnostics.key(keymap::Key::from_event(&key), options) {
            diagnostics::Step::Stay => {}
            diagnostics::Step::Quit => return Ok(None),
            diagnostics::Step::Suspend => suspend::stop(),
            diagnostics::Step::Edit => {
                let path = diagnostics.path.clone();
                let result = edit_outside(terminal, &path, options.lang)?;
                match diagnostics.reload(result, options) {
                    Ok(doc) => return Ok(Some(doc)),
                    Err(again) => diagnostics = again,
                }
            }
        }
    }
}
