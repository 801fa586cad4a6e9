//! Opening a large org file: the whole file loads on a second thread while the first
//! screen shows its head, so that the first screen comes as soon as the first rows are
//! known, not once a million departments are.
//!
//! What shows before the whole file is in is marked as such: the status bar shows a
//! gauge of the reading, the header says that the tallies are counted so far and that
//! verdicts are provisional (a later table may give a department children or facts),
//! and edits, saving, the editor and the quiz wait, with a message that says so.
//! Navigation, folding, search and the views work on the head. When the whole file is
//! in, the full app takes over with the head's view, model, language, folds, selection
//! (by its path of ids) and the selection's place on the screen, so that nothing moves
//! under the cursor; a file that does not load shows the diagnostics screen as ever.
//!
//! The head is the file up to the last line that starts with `[` in its first
//! [`HEAD`] bytes: every table before it is whole. A head that does not load on its own
//! (a multi-line string or array crosses the cut, say) shows nothing but the gauge.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::keymap::{Key, Mode};
use super::state::outline::Outline;
use super::state::{App, Options, Overlay, SearchInput, View};
use super::{Action, Effect, suspend, view};
use crate::document::Document;
use crate::org::FileError;
use crate::text::{Lang, t};

/// Files at least this large open with their head first.
pub const THRESHOLD: u64 = 1 << 20;

/// How much of the file the head is cut from.
pub const HEAD: usize = 256 << 10;

/// How often the gauge is looked at while the file loads (the loop blocks as ever once
/// it is in).
const POLL: Duration = Duration::from_millis(50);

pub use super::state::Gauge;

/// The whole file, loading on its own thread.
pub struct Loader {
    read: Arc<AtomicU64>,
    total: u64,
    done: mpsc::Receiver<Result<Document, FileError>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Loader {
    /// Starts loading the file of `total` bytes at `path`.
    pub fn start(path: PathBuf, lang: Lang, total: u64) -> Loader {
        let read = Arc::new(AtomicU64::new(0));
        let (send, done) = mpsc::channel();
        let counter = read.clone();
        let thread = std::thread::spawn(move || {
            let result = crate::org::load_file_counting(&path, lang, &counter)
                .map(|(org, text)| Document::new(Some(path), text, org))
                // Worked out here, off the interface's thread, for the first edit near
                // the top, the first `!` and the first search.
                .map(|mut doc| {
                    doc.make_room_for_edits();
                    doc.grey_ancestry();
                    doc.fold_names();
                    doc
                });

            // The threads that loaded it are gone: what they freed is tidied here,
            // not by whichever thread takes their arenas over next.
            crate::heap::tidy_after_load();
            let _ = send.send(result);
        });
        Loader { read, total, done, thread: Some(thread) }
    }

    /// How far it has gone.
    pub fn gauge(&self) -> Gauge {
        Gauge { read: self.read.load(Ordering::Relaxed), total: self.total }
    }

    /// The loaded document, or why it did not load, once it is done.
    pub fn try_take(&mut self) -> Option<Result<Document, FileError>> {
        match self.done.try_recv() {
            Ok(result) => Some(result),
            Err(mpsc::TryRecvError::Empty) => None,
            // The thread ended without an answer: it panicked; so does this one.
            Err(mpsc::TryRecvError::Disconnected) => match self.thread.take().map(std::thread::JoinHandle::join) {
                Some(Err(panic)) => std::panic::resume_unwind(panic),
                _ => panic!("the loading thread ended without an answer"),
            },
        }
    }
}

/// The head of a file from its first bytes: up to (not including) the last line that
/// starts with `[`, when that is valid UTF-8. `None` when there is no such line.
pub fn cut_head(bytes: &[u8]) -> Option<&str> {
    let at = bytes.windows(2).rposition(|pair| pair == b"\n[")?;
    std::str::from_utf8(&bytes[..=at]).ok()
}

/// The document the head of a file shows while the rest loads: `None` when the head
/// does not load on its own.
pub fn preview(path: &Path, first_bytes: &[u8]) -> Option<Document> {
    let head = cut_head(first_bytes)?;
    Document::from_text(Some(path.to_path_buf()), head.to_string()).ok()
}

/// The first [`HEAD`] bytes of a file.
fn read_head(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(HEAD);
    std::fs::File::open(path)?.take(HEAD as u64).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// An app showing the head of a file while it loads.
pub fn preview_app(doc: Document, options: Options, gauge: Gauge) -> App {
    let mut app = App::new(doc, options);
    app.loading = Some(gauge);
    // What is on disk is not the head: no offer to reload it when the terminal gets
    // the focus back (and no hashing of the whole file meanwhile).
    app.session.disk = None;
    app
}

/// Hands what the user did on the head over to the full app: the view, the model,
/// the language, the folds and the selection (by their paths of ids), the grey-only
/// filter, the search, the teaching views' scroll, and the selection's row on the
/// screen, so that nothing moves under the cursor.
pub fn carry_over(head: &App, full: &mut App) {
    full.view = head.view;
    full.model_view = head.model_view;
    full.lang = head.lang;
    full.teaching.plan_scroll = head.teaching.plan_scroll;
    full.size = head.size;
    let folds = head.explorer.outline.folds().remap(|id| full.doc.org.find_path(&head.path_of(id)));
    full.explorer.outline = Outline::with_folds(&full.doc, folds);
    full.explorer.search.query = head.explorer.search.query.clone();
    let selected = head.explorer.outline.selected().and_then(|id| full.doc.org.find_path(&head.path_of(id)));
    full.refresh_after_edit(head.explorer.outline.filter().is_some(), selected);
    // Help and a search being typed stay open (nothing else opens while loading); the
    // head's message (a refusal, say) no longer holds.
    full.overlay = match &head.overlay {
        Some(Overlay::Help(help)) => Some(Overlay::Help(help.clone())),
        Some(Overlay::Search(search)) => Some(Overlay::Search(SearchInput {
            input: search.input.clone(),
            origin: search.origin.and_then(|id| full.doc.org.find_path(&head.path_of(id))),
        })),
        _ => None,
    };
    let outline = &head.explorer.outline;
    let Some(selected) = selected else { return };
    full.explorer.outline.reveal(&full.doc, selected);
    // The selection keeps its row on the screen: rows the rest of the file added
    // above it push the top down rather than the selection.
    let row = outline.cursor.saturating_sub(outline.offset);
    let cursor = full.explorer.outline.cursor;
    full.explorer.outline.offset = cursor.saturating_sub(row);
    full.explorer.panel_scroll = head.explorer.panel_scroll;
    full.scroll_into_view();
}

impl App {
    /// While the file loads, refuses what would change it or judge answers on
    /// provisional verdicts (edits, saving, the editor, the quiz), with a message;
    /// returns whether it refused.
    pub fn refuse_while_loading(&mut self, action: &Action) -> bool {
        use Action as A;
        if self.loading.is_none() {
            return false;
        }
        let refused = matches!(
            action,
            A::AddChild
                | A::AddSibling
                | A::Rename
                | A::ChangeId
                | A::Delete
                | A::CycleCustomers
                | A::CycleRevenue
                | A::ChooseFunction
                | A::EditNotes
                | A::MoveUp
                | A::MoveDown
                | A::Outdent
                | A::Indent
                | A::Copy
                | A::Cut
                | A::PasteSibling
                | A::PasteChild
                | A::Undo
                | A::Redo
                | A::Save
                | A::SaveAs
                | A::ExternalEditor
                | A::Reload
                | A::ViewQuiz
        ) && matches!(self.mode(), Mode::Explorer | Mode::Teaching | Mode::Quiz);
        if refused {
            let file = crate::tui::state::shown_file(self);
            let text = t!("loading.refused", locale = self.lang.code(), file = crate::text::sanitize(&file));
            self.status = Some(super::Status { text: text.into_owned(), is_error: true });
        }
        refused
    }
}

/// Opens a large file: its head (when it loads on its own) with the gauge until the
/// whole file is in, then the full app as [`super::run_app`] runs it, or the
/// diagnostics screen when the file does not load. Quitting before that quits at once.
pub fn run(path: &Path, options: Options) -> std::io::Result<()> {
    let total = std::fs::metadata(path)?.len();
    let mut loader = Loader::start(path.to_path_buf(), options.lang, total);
    // The quiz judges answers against verdicts: it waits for the whole file.
    let preview =
        if options.view == View::Quiz { None } else { read_head(path).ok().and_then(|head| preview(path, &head)) };
    let preview = preview.map(|doc| preview_app(doc, options.clone(), loader.gauge()));
    let mut terminal = super::take_terminal()?;
    // The mouse works on the head as in the full app (which takes it over).
    let _ = super::suspend::report_mouse(true);
    let waited = wait(&mut terminal, path, preview, &mut loader, &options);
    if !matches!(waited, Ok(Some((Ok(_), _)))) {
        let _ = super::suspend::report_mouse(false);
    }
    match waited {
        Ok(Some((Ok(doc), head))) => {
            let mut app = App::new(doc, options);
            if let Some(head) = head {
                carry_over(&head, &mut app);
            }
            super::run_on(terminal, app)
        }
        Ok(Some((Err(error), _))) => super::run_broken_on(terminal, path, &error, options),
        other => {
            super::suspend::close(terminal);
            other.map(|_| ())
        }
    }
}

type Loaded = (Result<Document, FileError>, Option<App>);

/// Shows the head (or the gauge alone) until the file is in (`Some`) or the user
/// quits (`None`).
fn wait(
    terminal: &mut DefaultTerminal,
    path: &Path,
    mut head: Option<App>,
    loader: &mut Loader,
    options: &Options,
) -> std::io::Result<Option<Loaded>> {
    let _ = event::poll(Duration::ZERO);
    let size = terminal.size()?;
    if let Some(app) = &mut head {
        app.resize(size.width, size.height);
    }
    let mut dirty = true;
    let mut gauge = loader.gauge();
    loop {
        if suspend::take_resumed() {
            super::start_afresh(terminal)?;
            let size = terminal.size()?;
            if let Some(app) = &mut head {
                app.resize(size.width, size.height);
            }
            dirty = true;
        }
        if dirty {
            let _held = suspend::lock();
            terminal.draw(|frame| match &head {
                Some(app) => view::render(app, frame),
                None => render_gauge(frame, path, gauge, options),
            })?;
        }
        if head.as_ref().is_some_and(|app| app.should_quit) {
            return Ok(None);
        }
        // Only after a frame: the head and the gauge always show once.
        if let Some(result) = loader.try_take() {
            return Ok(Some((result, head)));
        }
        let timeout =
            head.as_ref().and_then(|app| app.frame_timeout(Instant::now())).map_or(POLL, |frame| frame.min(POLL));
        if !event::poll(timeout)? {
            let now = loader.gauge();
            dirty = now.percent() != gauge.percent();
            gauge = now;
            if let Some(app) = &mut head {
                app.loading = Some(gauge);
                dirty |= app.tick(Instant::now());
            }
            continue;
        }
        let event = event::read()?;
        match &mut head {
            Some(app) => {
                let handled = app.handle_event(&event);
                dirty = handled.redraw;
                // The editors are refused while loading; only a stop is left.
                if let Some(Effect::Suspend) = handled.effect {
                    suspend::stop();
                }
            }
            None => match event {
                Event::Key(key) if key.kind != KeyEventKind::Release => {
                    let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
                    match options.keymap.action(Mode::Explorer, Key::from_event(&key)) {
                        _ if ctrl_c => return Ok(None),
                        Some(Action::Quit) => return Ok(None),
                        Some(Action::Suspend) => suspend::stop(),
                        _ => {}
                    }
                }
                Event::Resize(..) => dirty = true,
                _ => {}
            },
        }
    }
}

/// The screen while a file whose head does not show loads: its name, the gauge and
/// the way out.
fn render_gauge(frame: &mut ratatui::Frame, path: &Path, gauge: Gauge, options: &Options) {
    let l = options.lang.code();
    let file = crate::text::sanitize(
        &path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned()),
    )
    .into_owned();
    let quit = options
        .keymap
        .keys(Mode::Explorer, Action::Quit)
        .next()
        .map_or_else(|| Action::Quit.name().to_string(), |key| key.to_string());
    let lines = vec![
        Line::from(Span::styled(t!("loading.opening", locale = l, file = file).into_owned(), options.theme.title)),
        Line::from(""),
        Line::from(gauge.text(options.lang, 0)),
        Line::from(Span::styled(t!("loading.quit_hint", locale = l, key = quit).into_owned(), options.theme.dim)),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }), frame.area());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The loading thread gives the document room before its text, for the first edit
    /// near the top; a document made otherwise (a report's) keeps only its text.
    #[test]
    fn a_loaded_document_has_room_for_edits_and_a_report_has_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("org.toml");
        let text = crate::generate::org_text(200, 3);
        std::fs::write(&path, &text).unwrap();
        let mut loader = Loader::start(path, Lang::En, text.len() as u64);
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        let doc = loop {
            if let Some(result) = loader.try_take() {
                break result.unwrap();
            }
            assert!(std::time::Instant::now() < deadline, "the load ended");
            std::thread::sleep(Duration::from_millis(5));
        };
        assert_eq!(doc.text, text);
        assert!(doc.text.heap_bytes() > text.len(), "room made: {} bytes", doc.text.heap_bytes());
        let report = Document::from_text(None, text.clone()).unwrap();
        assert_eq!(report.text.heap_bytes(), text.len());
    }
}
