//! The state of the whole interface: one [`App`] made of per-area parts — the
//! [`Explorer`], the teaching views, the [`Quiz`], the file's [`Session`] — plus the
//! open [`Overlay`], if any. Only `update` changes it; the view only reads it.
//!
//! - [`explorer`] — the tree's outline, the search, the panel's scroll;
//! - [`outline`] — folds, visible rows, selection, scrolling;
//! - [`overlay`] — help, confirmations, prompts, the picker, a search being typed;
//! - [`history`] — undo and redo as changes of the text;
//! - [`session`] — history, clipboard, the file on disk, the recovery copy;
//! - [`quiz`] — the quiz's questions and score;
//! - [`compare`] — the split view of two companies (`--compare`).
//! - [`lesson`] — the guided class: its steps, built from the concept and the org.

pub mod compare;
pub mod explorer;
pub mod history;
pub mod lesson;
pub mod outline;
pub mod overlay;
pub mod quiz;
pub mod session;

use ratatui::layout::Rect;

pub use compare::Compare;
pub use explorer::{Explorer, Reveal, Search};
pub use overlay::{Confirm, HelpView, NotesEditor, Overlay, Picker, Prompt, PromptKind, RecoveryOffer, SearchInput};
pub use quiz::Quiz;
pub use session::{ReadOnly, Session};

use crate::classify::Model;
use crate::document::Document;
use crate::org::DeptId;
use crate::org::edit::Path;
use crate::text::Lang;
use crate::tui::keymap::{Keymap, Mode};
use crate::tui::theme::Theme;
use history::History;
use outline::Outline;

/// Which model the verdicts show: one of the two, or both side by side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModelView {
    One(Model),
    Both,
}

impl ModelView {
    /// customer → profit → both → customer.
    pub fn next(self) -> ModelView {
        match self {
            ModelView::One(Model::Customer) => ModelView::One(Model::Profit),
            ModelView::One(Model::Profit) => ModelView::Both,
            ModelView::Both => ModelView::One(Model::Customer),
        }
    }

    /// The models shown, the active one first.
    pub fn models(self) -> Vec<Model> {
        match self {
            ModelView::One(m) => vec![m],
            ModelView::Both => vec![Model::Customer, Model::Profit],
        }
    }

    /// The model that counts for ordering and emphasis (customer in "both").
    pub fn primary(self) -> Model {
        match self {
            ModelView::One(m) => m,
            ModelView::Both => Model::Customer,
        }
    }
}

/// The screens of the app (every one of them, in order: `View::iter()`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::EnumIter)]
pub enum View {
    Explorer,
    FloorPlan,
    Quiz,
    Concepts,
    Lesson,
    /// Two companies side by side (only with `--compare`).
    Compare,
}

/// A message in the status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub is_error: bool,
}

/// How the app starts.
#[derive(Clone, Debug)]
pub struct Options {
    pub model: Model,
    pub lang: Lang,
    pub read_only: bool,
    pub theme: Theme,
    /// The seed of the quiz's order, for a repeatable class.
    pub seed: u64,
    /// The keys, as the configuration binds them.
    pub keymap: Keymap,
    /// The view at start.
    pub view: View,
    /// A message for the status bar at start (a configuration not in force, say).
    pub status: Option<Status>,
    /// How many bytes the undo history may hold.
    pub undo_limit: usize,
    /// The org to compare the open one with (`--compare`): the split view.
    pub compare: Option<Document>,
    /// The CSV file quiz results are added to (`--results`), if any.
    pub results: Option<std::path::PathBuf>,
}

impl Default for Options {
    /// The customer model in English, the dark theme, the default keys, the explorer.
    fn default() -> Self {
        Options {
            model: Model::Customer,
            lang: Lang::En,
            read_only: false,
            theme: Theme::dark(),
            seed: 0,
            keymap: Keymap::default(),
            view: View::Explorer,
            status: None,
            undo_limit: history::DEFAULT_UNDO_LIMIT,
            compare: None,
            results: None,
        }
    }
}

/// The teaching views' state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Teaching {
    /// How far the floor plan or the concepts screen is scrolled.
    pub plan_scroll: usize,
    /// How far the quiz view is scrolled: back to the top with each question, answer
    /// and score screen.
    pub quiz_scroll: usize,
    /// The fact of the concepts screen last followed from a link or stepped to: its
    /// heading is marked.
    pub fact: Option<crate::concept::Fact>,
    /// The grey areas walking through the floor plan's doorway after `m`, if they are.
    pub animation: Option<Animation>,
}

/// How long the grey areas take to walk through the doorway when the model flips.
pub const WALK: std::time::Duration = std::time::Duration::from_millis(240);
/// One frame of the walk is drawn every this long.
pub const WALK_FRAME: std::time::Duration = std::time::Duration::from_millis(80);

/// How long no event must come before the app works out ahead what a key may soon
/// need, or starts settling the file's stamp ([`App::tick`]): long enough that a run
/// of keys is not slowed, short against the time a person takes to reach for the
/// next one. (While the floor plan animates, that work comes at its next frame.)
pub const IDLE: std::time::Duration = std::time::Duration::from_millis(50);

/// How often the event loop looks, while nothing happens, whether a save writing on a
/// thread of its own is done, to say so.
pub const SAVING_POLL: std::time::Duration = std::time::Duration::from_millis(10);

/// The floor plan going from one model view to the next. The clock is read only by
/// the event loop: the view is drawn at a given progress, so a test can draw any frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Animation {
    pub started: std::time::Instant,
    pub from: ModelView,
    pub to: ModelView,
}

impl Animation {
    /// How far the walk has gone at `now`, from 0 to 1 (excluded); `None` once over.
    pub fn progress(&self, now: std::time::Instant) -> Option<f32> {
        let gone = now.saturating_duration_since(self.started);
        (gone < WALK).then(|| gone.as_secs_f32() / WALK.as_secs_f32())
    }
}

/// How far the reading has gone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gauge {
    /// Bytes read so far.
    pub read: u64,
    /// The file's size.
    pub total: u64,
}

impl Gauge {
    /// The share read, in whole percent (100 once all is read).
    pub fn percent(self) -> u64 {
        if self.read >= self.total { 100 } else { self.read * 100 / self.total }
    }

    /// The status bar's text: how much is read (or that the org is being put
    /// together), how many departments show meanwhile, and that edits wait.
    pub fn text(self, lang: Lang, shown: usize) -> String {
        let l = lang.code();
        let mut parts = vec![if self.read < self.total {
            crate::text::t!("loading.read", locale = l, percent = lang.percent(self.percent())).into_owned()
        } else {
            let size = format!("{:.1} MB", self.total as f64 / 1e6);
            let size = if lang == Lang::Es { size.replace('.', ",") } else { size };
            crate::text::t!("loading.building", locale = l, size = size).into_owned()
        }];
        if shown > 0 {
            parts.push(crate::text::t!("loading.shown", locale = l, count = lang.number(shown)).into_owned());
        }
        parts.push(crate::text::t!("loading.edits_wait", locale = l).into_owned());
        parts.join(" · ")
    }
}

/// Everything the interface shows.
#[derive(Clone, Debug)]
pub struct App {
    /// First, so that it goes before the document: a copied department whose text the
    /// document lends would otherwise be copied out only to be freed.
    pub session: Session,
    pub doc: Document,
    /// The screen shown.
    pub view: View,
    pub model_view: ModelView,
    pub lang: Lang,
    pub read_only: bool,
    pub keymap: Keymap,
    pub theme: Theme,
    pub explorer: Explorer,
    pub teaching: Teaching,
    pub quiz: Quiz,
    /// The CSV file quiz results are added to, if any.
    pub results: Option<std::path::PathBuf>,
    /// The step of the lesson shown.
    pub lesson: lesson::Lesson,
    /// The split view's comparison, when another org was given to compare with.
    pub compare: Option<Compare>,
    /// What covers the screen and takes the keys, if anything.
    pub overlay: Option<Overlay>,
    pub status: Option<Status>,
    pub should_quit: bool,
    /// The terminal's size, as last drawn.
    pub size: Rect,
    /// While the whole file loads (the app shows its head): how far it has gone.
    pub loading: Option<Gauge>,
}

impl App {
    /// An app showing a document.
    pub fn new(mut doc: Document, options: Options) -> App {
        // Ready for the first `!` and the first search (a large file's loading thread
        // has worked them out).
        doc.grey_ancestry();
        doc.fold_names();
        let explorer = Explorer { outline: Outline::new(&doc), ..Explorer::default() };
        let quiz = Quiz::new(&doc, options.seed);
        let compare = options.compare.map(|other| Compare::new(&doc, other));
        // The split view needs something to show.
        let view = if options.view == View::Compare && compare.is_none() { View::Explorer } else { options.view };
        let disk = doc
            .path
            .as_deref()
            .filter(|path| path.is_file())
            .map(|path| crate::org::save::DiskStamp::of_bytes(path, doc.text.as_bytes()));
        let new_file = doc.path.as_deref().is_some_and(|path| std::fs::symlink_metadata(path).is_err());
        // What saving needs: a file it may write, or, for a new one, a folder to make
        // it in (a folder that cannot hold a temporary file does not stop a save over
        // a writable file: that one is written in place).
        let unwritable = doc.path.as_deref().is_some_and(|path| {
            if new_file {
                !crate::org::save::can_create_in(path.parent().unwrap_or(std::path::Path::new(".")))
            } else {
                crate::org::save::is_read_only(path)
            }
        });
        let read_only = if options.read_only {
            Some(session::ReadOnly::Asked)
        } else {
            unwritable.then_some(session::ReadOnly::File)
        };
        App {
            session: Session {
                disk,
                history: History::with_limit(options.undo_limit),
                new_file,
                read_only,
                ..Session::default()
            },
            quiz,
            results: options.results,
            lesson: lesson::Lesson::default(),
            teaching: Teaching::default(),
            doc,
            explorer,
            model_view: ModelView::One(options.model),
            lang: options.lang,
            read_only: read_only.is_some(),
            view,
            compare,
            keymap: options.keymap,
            theme: options.theme,
            overlay: None,
            status: options.status,
            should_quit: false,
            size: Rect::new(0, 0, 80, 24),
            loading: None,
        }
    }

    /// The mode that decides what keys mean now: the overlay's, else the view's.
    pub fn mode(&self) -> Mode {
        match &self.overlay {
            Some(overlay) => overlay.mode(),
            None => match self.view {
                View::Explorer => Mode::Explorer,
                View::Quiz => Mode::Quiz,
                View::FloorPlan | View::Concepts => Mode::Teaching,
                View::Compare => Mode::Compare,
                View::Lesson => Mode::Lesson,
            },
        }
    }

    /// The open confirmation, if any.
    pub fn confirm(&self) -> Option<&Confirm> {
        match &self.overlay {
            Some(Overlay::Confirm(confirm)) => Some(confirm),
            _ => None,
        }
    }

    /// The open prompt, if any.
    pub fn prompt(&self) -> Option<&Prompt> {
        match &self.overlay {
            Some(Overlay::Prompt(prompt)) => Some(prompt),
            _ => None,
        }
    }

    /// The open function picker, if any.
    pub fn picker(&self) -> Option<&Picker> {
        match &self.overlay {
            Some(Overlay::Picker(picker)) => Some(picker),
            _ => None,
        }
    }

    /// The search being typed, if any.
    pub fn search_input(&self) -> Option<&SearchInput> {
        match &self.overlay {
            Some(Overlay::Search(search)) => Some(search),
            _ => None,
        }
    }

    /// The help overlay's scroll, when it is open.
    pub fn help_scroll(&self) -> Option<usize> {
        self.help().map(|help| help.scroll)
    }

    /// The help overlay, when it is open.
    pub fn help(&self) -> Option<&HelpView> {
        match &self.overlay {
            Some(Overlay::Help(help)) => Some(help),
            _ => None,
        }
    }

    /// How far the panel is scrolled for the selected department.
    pub fn panel_offset(&self) -> usize {
        self.explorer.panel_scroll
    }

    /// The path of ids of a department.
    pub fn path_of(&self, id: DeptId) -> Path {
        self.doc.org.owned_path(id)
    }

    /// How long the event loop may wait for an event before the next frame of an
    /// animation is due, or before it does the work left for a pause ([`IDLE`]);
    /// `None` when nothing moves and nothing is left, so the loop blocks until an
    /// event.
    pub fn frame_timeout(&self, now: std::time::Instant) -> Option<std::time::Duration> {
        let idle = if self.session.saving.is_some() {
            Some(SAVING_POLL)
        } else {
            let pending = self.doc.text.is_due()
                || self.doc.grey_ancestry_pending()
                || self.settling_pending()
                || self.names_pending();
            pending.then_some(IDLE)
        };
        let Some(animation) = self.teaching.animation else { return idle };
        let gone = now.saturating_duration_since(animation.started);
        let into_frame = gone.as_nanos() % WALK_FRAME.as_nanos();
        let next = WALK_FRAME - std::time::Duration::from_nanos(into_frame as u64);
        Some(next.min(WALK.saturating_sub(gone)))
    }

    /// The clock moved on (no event came in time): does the work left for a pause,
    /// and ends an animation that is over. Returns whether the screen changes, so
    /// must be drawn again.
    pub fn tick(&mut self, now: std::time::Instant) -> bool {
        // The change of the text an edit left for after its frame (a move of tens of
        // megabytes near the top of a huge file), before anything else reads it.
        self.doc.text.make_due();
        // A save writing on a thread of its own, once the disk has it. Until then the
        // loop looks often, and the work below waits for the pause after it.
        let saved = self.poll_saving();
        if !saved && self.session.saving.is_none() {
            // Where the grey areas sit, for the next `!`, since an edit moved them.
            self.doc.grey_ancestry();
            // The file's stamp, settled on a thread of its own soon after the file
            // opens, rather than at the first key, whose work it would slow (at a
            // million departments it reads and hashes 170 MB). A save starts it at once.
            self.start_settling();
            // The names an edit left to fold for searching, a slice per pause, so that
            // a search finds them ready; or, while a search is typed, the texts of what
            // it found, kept for the next character to look among.
            if self.names_pending() {
                self.doc.fold_names_ahead();
            }
        }
        let Some(animation) = self.teaching.animation else { return saved };
        if animation.progress(now).is_none() || self.view != View::FloorPlan {
            self.teaching.animation = None;
        }
        true
    }

    /// Whether searching has work for a pause ([`Document::names_pending`]): not
    /// while the file is still loading (what shows then is a part of it, soon
    /// replaced).
    fn names_pending(&self) -> bool {
        self.loading.is_none() && self.doc.names_pending()
    }

    /// The path of the selected department.
    pub fn selected_path(&self) -> Option<Path> {
        self.explorer.outline.selected().map(|id| self.path_of(id))
    }
}

/// The name the header shows for the open file: [`file_label`], or the name of the
/// bundled sample opened by name.
pub fn shown_file(app: &App) -> String {
    match (&app.doc.path, app.session.sample) {
        (None, Some(name)) => crate::text::t!("ui.sample_named", locale = app.lang.code(), name = name).into_owned(),
        _ => file_label(&app.doc, app.lang),
    }
}

/// The name shown for the open file: its file name, or the built-in sample's name.
pub fn file_label(doc: &crate::document::Document, lang: crate::text::Lang) -> String {
    match &doc.path {
        Some(p) => p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned()),
        None => crate::text::t!("ui.sample_file", locale = lang.code()).into_owned(),
    }
}

/// From this many bytes up, what is no longer wanted is freed on a thread of its own.
const BIG_TO_FREE: usize = 4 << 20;

/// Frees `value`, which holds `bytes` bytes: a big one off the interface's thread.
/// Giving back tens of megabytes (a big undo step's departments one by one, a copied
/// subtree's text) held up the key that let it go by several milliseconds or more.
pub(crate) fn free_aside<T: Send + 'static>(value: T, bytes: usize) {
    if bytes >= BIG_TO_FREE {
        // Should no thread start, the value is freed here as the closure goes.
        let _ = std::thread::Builder::new().name("free-aside".into()).spawn(move || drop(value));
    }
}
