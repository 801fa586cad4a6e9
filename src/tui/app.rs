//! The state of the whole interface, and `update`: the one place where an [`Action`]
//! changes it. Views only read an [`App`].

use ratatui::crossterm::event::{Event, KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};
use rust_i18n::t;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::action::Action;
use super::editing::{Confirm, Effect, History, Picker, Prompt};
use super::keymap::{Key, Keymap, Mode};
use super::outline::Outline;
use super::quiz::Quiz;
use super::theme::Theme;
use super::view;
use crate::classify::{Model, Verdict};
use crate::org::DeptId;
use crate::org::Document;
use crate::text::Lang;

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

/// The screens of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Explorer,
    FloorPlan,
    Quiz,
    Concepts,
}

/// A message in the status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub is_error: bool,
}

/// The search: the query being typed, and the matches of the last query.
#[derive(Clone, Debug, Default)]
pub struct Search {
    /// Present while the user types.
    pub input: Option<Input>,
    /// The department selected when typing began, restored on Esc.
    pub origin: Option<DeptId>,
    pub query: String,
    /// Matching departments, in pre-order.
    pub matches: Vec<DeptId>,
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
        }
    }
}

/// Everything the interface shows.
#[derive(Clone, Debug)]
pub struct App {
    pub doc: Document,
    pub outline: Outline,
    pub model_view: ModelView,
    pub lang: Lang,
    pub read_only: bool,
    pub view: View,
    pub keymap: Keymap,
    pub theme: Theme,
    pub search: Search,
    /// The help overlay, with its scroll position, when open.
    pub help: Option<usize>,
    pub status: Option<Status>,
    pub prompt: Option<Prompt>,
    pub confirm: Option<Confirm>,
    pub picker: Option<Picker>,
    pub history: History,
    pub clipboard: Option<crate::org::edit::Clip>,
    /// The file as last read or written, to notice changes made by someone else.
    pub disk: Option<crate::org::save::DiskStamp>,
    /// A change on disk already offered for reloading.
    pub noticed_disk: Option<crate::org::save::DiskStamp>,
    /// Work for the event loop (running the external editor).
    pub effect: Option<Effect>,
    /// The unsaved text, kept for the signal watcher.
    pub recovery: super::recovery::Recovery,
    pub quiz: Quiz,
    pub seed: u64,
    /// The floor plan's scroll position.
    pub plan_scroll: usize,
    /// How far the selected department's panel is scrolled; another selection starts
    /// at the top.
    pub panel_scroll: usize,
    pub should_quit: bool,
    /// The terminal's size, as last drawn.
    pub size: Rect,
}

impl App {
    /// An app showing a document.
    pub fn new(doc: Document, options: Options) -> App {
        let outline = Outline::new(&doc);
        let quiz = Quiz::new(&doc, options.seed);
        let disk = doc.path.as_deref().and_then(crate::org::save::DiskStamp::of);
        App {
            prompt: None,
            confirm: None,
            picker: None,
            history: History::default(),
            clipboard: None,
            disk,
            noticed_disk: None,
            effect: None,
            recovery: super::recovery::Recovery::default(),
            quiz,
            seed: options.seed,
            plan_scroll: 0,
            panel_scroll: 0,
            doc,
            outline,
            model_view: ModelView::One(options.model),
            lang: options.lang,
            read_only: options.read_only,
            view: options.view,
            keymap: options.keymap,
            theme: options.theme,
            search: Search::default(),
            help: None,
            status: options.status,
            should_quit: false,
            size: Rect::new(0, 0, 80, 24),
        }
    }

    /// The mode that decides what keys mean now.
    pub fn mode(&self) -> Mode {
        if self.help.is_some() {
            Mode::Help
        } else if self.confirm.is_some() {
            Mode::Confirm
        } else if self.prompt.is_some() {
            Mode::Prompt
        } else if self.picker.is_some() {
            Mode::Picker
        } else if self.search.input.is_some() {
            Mode::Search
        } else {
            match self.view {
                View::Explorer => Mode::Explorer,
                View::Quiz => Mode::Quiz,
                View::FloorPlan | View::Concepts => Mode::Teaching,
            }
        }
    }

    /// Records the terminal's size, which paging and mouse clicks depend on.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        self.scroll_into_view();
    }

    /// Rows available to the tree's list.
    fn tree_height(&self) -> usize {
        view::layout(self.size, self).tree.map_or(1, |area| view::tree::inner(area).height as usize)
    }

    fn scroll_into_view(&mut self) {
        let height = self.tree_height();
        self.outline.scroll_into_view(&self.doc, height);
    }

    /// Handles a terminal event; returns whether anything may have changed on screen.
    pub fn handle_event(&mut self, event: &Event) -> bool {
        self.check_disk();
        match event {
            Event::Key(key) if key.kind != ratatui::crossterm::event::KeyEventKind::Release => self.handle_key(key),
            Event::Mouse(mouse) => self.handle_mouse(mouse),
            Event::FocusGained => self.confirm.is_some(),
            Event::Resize(w, h) => {
                self.resize(*w, *h);
                true
            }
            _ => false,
        }
    }

    /// Handles a key press in the current mode.
    pub fn handle_key(&mut self, event: &KeyEvent) -> bool {
        let before = self.outline.selected();
        let taken = self.handle_key_in_mode(event);
        self.panel_follows(before);
        taken
    }

    fn handle_key_in_mode(&mut self, event: &KeyEvent) -> bool {
        let mode = self.mode();
        match self.keymap.action(mode, Key::from_event(event)) {
            Some(action) => self.update(action),
            None if mode == Mode::Prompt => {
                if let Some(prompt) = &mut self.prompt {
                    prompt.input.handle_event(&Event::Key(*event));
                }
            }
            None if mode == Mode::Picker => {
                if let Some(picker) = &mut self.picker {
                    picker.input.handle_event(&Event::Key(*event));
                    picker.cursor = 0;
                }
                self.clamp_picker();
            }
            None if mode == Mode::Search => {
                if let Some(input) = &mut self.search.input {
                    input.handle_event(&Event::Key(*event));
                    let query = input.value().to_string();
                    self.run_search(query, true);
                }
                self.scroll_into_view();
            }
            None => return false,
        }
        true
    }

    fn handle_mouse(&mut self, mouse: &MouseEvent) -> bool {
        if self.mode() != Mode::Explorer || self.view != View::Explorer {
            return false;
        }
        let areas = view::layout(self.size, self);
        let Some(area) = areas.tree else { return false };
        let inner = view::tree::inner(area);
        let position = Position::new(mouse.column, mouse.row);
        let over_panel = areas.body.contains(position);
        let before = self.outline.selected();
        match mouse.kind {
            MouseEventKind::ScrollDown if over_panel => self.update(Action::PanelDown),
            MouseEventKind::ScrollUp if over_panel => self.update(Action::PanelUp),
            MouseEventKind::ScrollDown => self.update(Action::Down),
            MouseEventKind::ScrollUp => self.update(Action::Up),
            MouseEventKind::Down(MouseButton::Left) if inner.contains(position) => {
                let index = (mouse.row - inner.y) as usize;
                let shown = view::tree::shown_rows(self, inner.height as usize);
                let Some(&(id, depth)) = shown.get(index) else { return false };
                self.outline.reveal(&self.doc, id);
                // The fold marker sits after the selection symbol and the indent.
                let marker = inner.x as usize + view::tree::HIGHLIGHT_SYMBOL_WIDTH + depth * 2;
                if (marker..marker + 2).contains(&(mouse.column as usize)) {
                    self.update(Action::ToggleFold);
                }
                self.scroll_into_view();
                self.panel_follows(before);
            }
            _ => return false,
        }
        true
    }

    /// How far the panel is scrolled for the selected department.
    pub fn panel_offset(&self) -> usize {
        self.panel_scroll
    }

    /// Another selection than `before` starts its panel at the top.
    fn panel_follows(&mut self, before: Option<DeptId>) {
        if self.outline.selected() != before {
            self.panel_scroll = 0;
        }
    }

    /// Carries out one action.
    pub fn update(&mut self, action: Action) {
        let before = self.outline.selected();
        self.status = None;
        let mode = self.mode();
        match (mode, action) {
            (Mode::Confirm, action) => self.answer(action),
            (Mode::Prompt, Action::Confirm) => self.confirm_prompt(),
            (Mode::Prompt, Action::Cancel) => self.prompt = None,
            (Mode::Picker, Action::Confirm) => self.confirm_picker(),
            (Mode::Picker, Action::Cancel) => self.picker = None,
            (Mode::Picker, Action::Up) => self.move_picker(-1),
            (Mode::Picker, Action::Down) => self.move_picker(1),
            (Mode::Explorer | Mode::Quiz | Mode::Teaching, Action::Quit) => self.request_quit(),
            (_, Action::Quit) => self.should_quit = true,
            (Mode::Help, Action::Cancel | Action::Help) => self.help = None,
            (Mode::Help, Action::Up) => self.help = self.help.map(|s| s.saturating_sub(1)),
            (Mode::Help, Action::Down) => {
                let last = view::help::max_scroll(self, self.size);
                self.help = self.help.map(|s| (s + 1).min(last));
            }
            (Mode::Search, Action::Confirm) => {
                self.search.input = None;
                self.search.origin = None;
                if !self.search.query.is_empty() && self.search.matches.is_empty() {
                    self.status = Some(
                        self.error(t!("status.no_match", locale = self.lang.code(), query = &self.search.query).into()),
                    );
                }
            }
            (Mode::Quiz, Action::AnswerFront) => self.quiz.answer(&self.doc, Verdict::Front),
            (Mode::Quiz, Action::AnswerBack) => self.quiz.answer(&self.doc, Verdict::Back),
            (Mode::Quiz, Action::NextQuestion) => self.quiz.next(&self.doc),
            (Mode::Quiz, Action::RestartQuiz) => {
                self.seed = self.seed.wrapping_add(1);
                self.quiz = Quiz::new(&self.doc, self.seed);
            }
            (Mode::Explorer, Action::PanelUp | Action::PanelDown) => {
                // Clamped both ways: the panel may have grown since (a resize).
                let last = view::panel::max_scroll(self, view::layout(self.size, self).body);
                let offset = self.panel_scroll.min(last);
                self.panel_scroll =
                    if action == Action::PanelUp { offset.saturating_sub(1) } else { (offset + 1).min(last) };
            }
            (Mode::Teaching, Action::Up) => self.plan_scroll = self.plan_scroll.saturating_sub(1),
            (Mode::Teaching, Action::Down) => {
                let body = view::layout(self.size, self).body;
                let last = match self.view {
                    View::Concepts => view::concepts::max_scroll(self, body),
                    _ => view::floor_plan::max_scroll(self, body),
                };
                self.plan_scroll = (self.plan_scroll + 1).min(last);
            }
            (Mode::Search, Action::Cancel) => {
                self.search.input = None;
                if let Some(origin) = self.search.origin.take() {
                    self.outline.reveal(&self.doc, origin);
                }
                self.search.query.clear();
                self.search.matches.clear();
            }
            (_, action) => self.explorer_action(action),
        }
        self.scroll_into_view();
        self.panel_follows(before);
    }

    fn explorer_action(&mut self, action: Action) {
        let page = self.tree_height().saturating_sub(1).max(1) as isize;
        match action {
            Action::Up => self.outline.move_by(-1),
            Action::Down => self.outline.move_by(1),
            Action::PageUp => self.outline.move_by(-page),
            Action::PageDown => self.outline.move_by(page),
            // Handled in `update` for the explorer; elsewhere they mean nothing.
            Action::PanelDown | Action::PanelUp => {}
            Action::First => self.outline.move_to_end(false),
            Action::Last => self.outline.move_to_end(true),
            Action::Left => {
                if let Some(id) = self.outline.selected() {
                    if self.outline.is_open(id) && self.outline.has_visible_children(&self.doc, id) {
                        self.outline.set_open(&self.doc, id, false);
                    } else if let Some(parent) = self.doc.org.dept(id).parent {
                        self.outline.reveal(&self.doc, parent);
                    }
                }
            }
            Action::Right => {
                if let Some(id) = self.outline.selected() {
                    if !self.outline.has_visible_children(&self.doc, id) {
                        return;
                    }
                    if self.outline.is_open(id) {
                        self.outline.move_by(1);
                    } else {
                        self.outline.set_open(&self.doc, id, true);
                    }
                }
            }
            Action::ToggleFold => {
                if let Some(id) = self.outline.selected() {
                    let open = !self.outline.is_open(id);
                    self.outline.set_open(&self.doc, id, open);
                }
            }
            Action::FoldAll => self.outline.set_all_open(&self.doc, false),
            Action::UnfoldAll => self.outline.set_all_open(&self.doc, true),
            Action::Search => {
                self.search.input = Some(Input::default());
                self.search.origin = self.outline.selected();
            }
            Action::SearchNext => self.jump_to_match(true),
            Action::SearchPrev => self.jump_to_match(false),
            Action::CycleModel => self.model_view = self.model_view.next(),
            Action::ToggleGreyOnly => self.toggle_grey_only(),
            Action::ViewExplorer => self.view = View::Explorer,
            Action::ViewFloorPlan => {
                self.view = View::FloorPlan;
                self.plan_scroll = 0;
            }
            Action::ViewQuiz => self.view = View::Quiz,
            Action::ViewConcepts => {
                self.view = View::Concepts;
                self.plan_scroll = 0;
            }
            Action::ToggleLang => self.lang = self.lang.toggle(),
            Action::Help => self.help = Some(0),
            Action::AddChild
            | Action::AddSibling
            | Action::Rename
            | Action::Delete
            | Action::CycleCustomers
            | Action::CycleRevenue
            | Action::ChooseFunction
            | Action::EditNotes
            | Action::MoveUp
            | Action::MoveDown
            | Action::Outdent
            | Action::Indent
            | Action::Copy
            | Action::Cut
            | Action::PasteSibling
            | Action::PasteChild
            | Action::Undo
            | Action::Redo
            | Action::Save
            | Action::ExternalEditor => self.edit_action(action),
            Action::Quit
            | Action::Yes
            | Action::No
            | Action::Discard
            | Action::Reload
            | Action::Confirm
            | Action::Cancel
            | Action::AnswerFront
            | Action::AnswerBack
            | Action::NextQuestion
            | Action::RestartQuiz => {}
        }
    }

    fn error(&self, text: String) -> Status {
        Status { text, is_error: true }
    }

    /// Finds the departments whose name or id contains the query (ignoring case) and,
    /// while typing, selects the first match from where the search began.
    fn run_search(&mut self, query: String, select: bool) {
        let needle = query.to_lowercase();
        self.search.matches = if needle.is_empty() {
            Vec::new()
        } else {
            let org = &self.doc.org;
            (0..org.len())
                .filter(|&id| {
                    let d = org.dept(id);
                    contains_ignoring_case(&d.id, &needle)
                        || d.name.as_deref().is_some_and(|n| contains_ignoring_case(n, &needle))
                })
                .collect()
        };
        self.search.query = query;
        if select {
            let from = self.search.origin.unwrap_or(0);
            let first = self.search.matches.iter().find(|&&m| m >= from).or(self.search.matches.first()).copied();
            if let Some(id) = first {
                self.outline.reveal(&self.doc, id);
            }
        }
    }

    fn jump_to_match(&mut self, forward: bool) {
        if self.search.matches.is_empty() {
            let text = if self.search.query.is_empty() {
                t!("status.no_search", locale = self.lang.code()).into_owned()
            } else {
                t!("status.no_match", locale = self.lang.code(), query = &self.search.query).into_owned()
            };
            self.status = Some(self.error(text));
            return;
        }
        let current = self.outline.selected().unwrap_or(0);
        let matches = &self.search.matches;
        // Matches are in pre-order, like the tree: the next one is a binary search away.
        let after = matches.partition_point(|&m| m <= current);
        let before = matches.partition_point(|&m| m < current);
        let index = if forward {
            if after < matches.len() { after } else { 0 }
        } else if before > 0 {
            before - 1
        } else {
            matches.len() - 1
        };
        if let Some(&id) = matches.get(index) {
            self.outline.reveal(&self.doc, id);
            let index = index + 1;
            self.status = Some(Status {
                text: t!("status.match", locale = self.lang.code(), index = index, count = matches.len()).into(),
                is_error: false,
            });
        }
    }

    /// After the org changed: the search matches and the grey-only filter are worked
    /// out again for the new departments, keeping the selection.
    pub(crate) fn refresh_after_edit(&mut self, grey_only: bool) {
        if !self.search.query.is_empty() {
            let query = self.search.query.clone();
            self.run_search(query, false);
        }
        if grey_only {
            // The selection stays visible even when the edit took its grey away.
            let selected = self.outline.selected();
            self.outline.filter = Some(self.grey_and_ancestors(selected));
            self.outline.rebuild(&self.doc);
        }
    }

    /// The grey areas, `also`, and their ancestors: what the grey-only filter shows.
    fn grey_and_ancestors(&self, also: Option<DeptId>) -> std::collections::HashSet<DeptId> {
        let mut keep = std::collections::HashSet::new();
        for &id in self.doc.grey_areas.iter().chain(also.as_ref()) {
            for a in self.doc.org.ancestors_and_self(id) {
                if !keep.insert(a) {
                    break;
                }
            }
        }
        keep
    }

    fn toggle_grey_only(&mut self) {
        if self.outline.filter.take().is_some() {
            self.outline.rebuild(&self.doc);
            return;
        }
        if self.doc.grey_areas.is_empty() {
            self.status = Some(self.error(t!("status.no_grey", locale = self.lang.code()).into()));
            return;
        }
        self.outline.filter = Some(self.grey_and_ancestors(None));
        // Unfold the ancestors so that every grey area shows, like a sparse tree.
        let selected = self.outline.selected();
        self.outline.reveal_all(&self.doc, &self.doc.grey_areas);
        let first = selected.filter(|s| self.doc.grey_areas.contains(s)).unwrap_or(self.doc.grey_areas[0]);
        self.outline.reveal(&self.doc, first);
        self.status = Some(Status {
            text: match self.doc.grey_areas.len() {
                1 => t!("status.grey_only_one", locale = self.lang.code()),
                n => t!("status.grey_only", locale = self.lang.code(), count = n),
            }
            .into(),
            is_error: false,
        });
    }
}

/// Whether `haystack` contains `needle` (already in lower case), ignoring case;
/// without allocating when both are ASCII, which is most of the time.
fn contains_ignoring_case(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if haystack.is_ascii() && needle.is_ascii() {
        let (h, n) = (haystack.as_bytes(), needle.as_bytes());
        return n.len() <= h.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    haystack.to_lowercase().contains(needle)
}

#[cfg(test)]
mod tests {
    use super::contains_ignoring_case;

    #[test]
    fn search_ignores_case_in_any_script() {
        assert!(contains_ignoring_case("Post-Sales Support", "sales s"));
        assert!(contains_ignoring_case("ATENCIÓN al cliente", "atención"));
        assert!(!contains_ignoring_case("Sales", "saless"));
        assert!(contains_ignoring_case("x", ""));
    }
}
