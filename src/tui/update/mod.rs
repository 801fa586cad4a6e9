//! `update`: the one place where an [`Action`] changes the [`App`]. Terminal events
//! become actions first ([`action_for_key`], [`action_for_mouse`]), so that what a key,
//! a click or typed text does is always an action carried out here. Work that needs
//! the terminal itself (running the external editor) comes back as an [`Effect`] for
//! the event loop.
//!
//! - [`explorer`] — moving, folding, searching, the grey-only filter, views, clicks;
//! - [`edit`] — edits of the org, undo and redo, the clipboard;
//! - [`dialogs`] — prompts, the picker, confirmations, typed text;
//! - [`notes`] — the notes editor, and its notes in the external editor;
//! - [`quiz`] — answers (keys and clicks), the next question, results to a file;
//! - [`reveal`] — reveal mode, the concept links, the concepts screen's pages;
//! - [`file`](mod@file) — saving, reloading, the external editor, recovery, quitting;
//! - [`compare`] — the split view of two companies: its rows, the language of both.
//! - [`lesson`] — stepping through the lesson.

pub mod compare;
pub mod dialogs;
pub mod edit;
pub mod explorer;
pub mod file;
pub mod lesson;
pub mod notes;
pub mod quiz;
pub mod reveal;

use std::path::PathBuf;

use crate::text::t;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use crate::org::DeptId;
use crate::tui::action::Action;
use crate::tui::keymap::{Key, Mode};
use crate::tui::layout::{self, Measure};
use crate::tui::state::{App, Overlay, Status, View};

/// Work the event loop must do outside the app: things that need the terminal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Suspend the interface and run the editor on this file.
    RunEditor(PathBuf),
    /// Suspend the interface and run the editor on the notes being edited, written to
    /// this file (which the app reads back, then removes).
    EditNotes(PathBuf),
    /// Hand the terminal back and stop the process until it is continued (Ctrl+Z).
    Suspend,
}

/// What handling a terminal event did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Handled {
    /// Whether anything may have changed on screen.
    pub redraw: bool,
    /// Work for the event loop.
    pub effect: Option<Effect>,
}

impl Handled {
    fn by(effect: Option<Effect>) -> Handled {
        Handled { redraw: true, effect }
    }
}

/// The action a key press means now: its binding in the current mode, else, while
/// text is being typed, an edit of that text.
pub fn action_for_key(app: &App, key: &KeyEvent) -> Option<Action> {
    let mode = app.mode();
    let typing = matches!(mode, Mode::Prompt | Mode::Notes | Mode::Picker | Mode::Search);
    app.keymap.action(mode, Key::from_event(key)).or_else(|| typing.then_some(Action::Type(*key)))
}

/// The action a mouse event means. The wheel scrolls what is under the pointer: in
/// the explorer the panel when over it, else the tree's selection; the help, the floor
/// plan, the concepts and the quiz their text; the picker its list. A left click on a
/// row of the tree selects it (or folds it, on its marker); on a department's name in
/// the floor plan it selects that department; on the panel's concept link, follows it;
/// on a quiz choice answers with it ([`quiz::action_for_click`]).
pub fn action_for_mouse(app: &App, mouse: &MouseEvent) -> Option<Action> {
    let wheel = match mouse.kind {
        MouseEventKind::ScrollDown => Some(Action::Down),
        MouseEventKind::ScrollUp => Some(Action::Up),
        _ => None,
    };
    match app.mode() {
        // A click on the floor plan: update asks the view what it hit.
        Mode::Teaching
            if app.view == View::FloorPlan && matches!(mouse.kind, MouseEventKind::Down(MouseButton::Left)) =>
        {
            return Some(Action::Click { column: mouse.column, row: mouse.row });
        }
        Mode::Help | Mode::Teaching | Mode::Picker | Mode::Compare => return wheel,
        // A click answers ([`quiz::action_for_click`]); the wheel scrolls.
        Mode::Quiz if wheel.is_some() => return wheel,
        Mode::Explorer if app.view == View::Explorer => {}
        _ => return None,
    }
    let areas = layout::layout(app.size, app);
    areas.tree?;
    let position = Position::new(mouse.column, mouse.row);
    let on_link = layout::concept_link(app, areas.body).is_some_and(|(link, _)| link.contains(position));
    if on_link && mouse.kind == MouseEventKind::Down(MouseButton::Left) {
        return Some(Action::FollowConcept);
    }
    let over_panel = areas.body.contains(position);
    match mouse.kind {
        MouseEventKind::ScrollDown if over_panel => Some(Action::PanelDown),
        MouseEventKind::ScrollUp if over_panel => Some(Action::PanelUp),
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => wheel,
        MouseEventKind::Down(MouseButton::Left) if layout::tree_hit(app, position).is_some() => {
            Some(Action::Click { column: mouse.column, row: mouse.row })
        }
        _ => None,
    }
}

/// Handles a terminal event: notices a file changed on disk, follows a resize, and
/// carries out the action a key or the mouse means.
pub fn handle_event(app: &mut App, event: &Event, measure: &dyn Measure) -> Handled {
    let asked = app.overlay.is_none() && {
        app.check_disk();
        app.overlay.is_some()
    };
    if asked {
        // The question shows at once, with its answers in the hint bar; the key that
        // woke it was meant for the screen before, so it answers nothing.
        app.status = None;
        if let Event::Key(_) = event {
            return Handled::by(None);
        }
    }
    let mut handled = match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => handle_key(app, key, measure),
        Event::Mouse(mouse) => {
            match action_for_mouse(app, mouse).or_else(|| quiz::action_for_click(app, mouse, measure)) {
                Some(action) => Handled::by(update(app, action, measure)),
                None => Handled::default(),
            }
        }
        Event::FocusGained => Handled { redraw: app.confirm().is_some(), effect: None },
        Event::Resize(width, height) => {
            app.resize(*width, *height);
            app.clamp_scrolls(measure);
            Handled { redraw: true, effect: None }
        }
        _ => Handled::default(),
    };
    handled.redraw |= asked;
    handled
}

/// Handles a key press in the current mode; a key that means nothing is not taken.
/// A question refuses, on screen, a key that answers nothing.
pub fn handle_key(app: &mut App, key: &KeyEvent, measure: &dyn Measure) -> Handled {
    match action_for_key(app, key) {
        Some(action) => Handled::by(update(app, action, measure)),
        None if app.mode() == Mode::Confirm && !matches!(key.code, KeyCode::Modifier(_)) => {
            app.refuse_answer();
            Handled::by(None)
        }
        None => Handled::default(),
    }
}

/// Carries out one action. `measure` says how far the scrolling texts go.
pub fn update(app: &mut App, action: Action, measure: &dyn Measure) -> Option<Effect> {
    if app.refuse_while_loading(&action) {
        return None;
    }
    let before = app.explorer.outline.selected();
    // Typed text and clicks leave the message of the last action.
    if !matches!(action, Action::Type(_) | Action::Click { .. }) {
        app.status = None;
    }
    let mode = app.mode();
    let mut effect = None;
    match (mode, action) {
        (_, Action::Type(key)) if app.help().is_some() => app.type_help_filter(&key),
        (_, Action::Type(key)) => app.type_key(mode, &key),
        (_, Action::Suspend) => {
            // The file is whole on disk before the shell gets the terminal.
            app.finish_saving();
            effect = Some(Effect::Suspend);
        }
        (Mode::Confirm, action) => effect = app.answer(action),
        (Mode::Prompt, Action::Confirm) => app.confirm_prompt(),
        (Mode::Prompt | Mode::Picker, Action::Cancel) => app.overlay = None,
        (Mode::Notes, Action::Confirm) => app.confirm_notes(),
        (Mode::Notes, Action::Cancel) => app.cancel_notes(),
        (Mode::Notes, Action::ExternalEditor) => effect = app.notes_in_editor(),
        (Mode::Notes, _) => {}
        (Mode::Picker, Action::Confirm) => app.confirm_picker(),
        (Mode::Picker, Action::Up) => app.move_picker(-1),
        (Mode::Picker, Action::Down) => app.move_picker(1),
        (Mode::Explorer | Mode::Quiz | Mode::Teaching | Mode::Lesson | Mode::Compare, Action::Quit) => {
            app.request_quit()
        }
        (Mode::Explorer, Action::SaveAs) => app.save_as(),
        // Ctrl+C from the help, a search, a prompt or the picker: as from the
        // explorer, asking first when there are unsaved changes.
        (_, Action::Quit) => {
            app.overlay = None;
            app.request_quit();
        }
        (Mode::Help, Action::Cancel) => app.help_cancel(),
        (Mode::Help, Action::Help) => app.overlay = None,
        (Mode::Help, Action::Search) => {
            if let Some(Overlay::Help(help)) = &mut app.overlay {
                help.typing = true;
            }
        }
        (Mode::Help, Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::First | Action::Last) => {
            app.scroll_help(action, measure);
        }
        (Mode::Search, Action::Confirm | Action::Cancel) if app.help().is_some() => {
            if let Some(Overlay::Help(help)) = &mut app.overlay {
                help.typing = false;
                if action == Action::Cancel {
                    help.filter.reset();
                    help.scroll = 0;
                }
            }
        }
        (Mode::Search, Action::Confirm) => app.finish_search(),
        (Mode::Search, Action::Cancel) => app.cancel_search(),
        (Mode::Quiz, action) if quiz::handles(action) => app.quiz_action(action),
        (Mode::Quiz, Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::First | Action::Last) => {
            app.scroll_quiz(action, measure)
        }
        (Mode::Explorer, Action::PanelUp | Action::PanelDown) => {
            // Clamped both ways: the panel may have grown since (a resize).
            let last = measure.panel_scroll(app);
            let offset = app.explorer.panel_scroll.min(last);
            app.explorer.panel_scroll =
                if action == Action::PanelUp { offset.saturating_sub(1) } else { (offset + 1).min(last) };
        }
        (Mode::Teaching, Action::Up) => app.teaching.plan_scroll = app.teaching.plan_scroll.saturating_sub(1),
        (Mode::Teaching, Action::Down) => {
            let last = measure.teaching_scroll(app);
            app.teaching.plan_scroll = (app.teaching.plan_scroll + 1).min(last);
        }
        (
            Mode::Compare,
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::First | Action::Last,
        ) => app.move_compare(action),
        (Mode::Compare, Action::PanelUp | Action::PanelDown) => app.scroll_compare_reasons(action, measure),
        (Mode::Lesson, Action::NextStep | Action::PreviousStep | Action::FirstStep | Action::LastStep) => {
            app.step_lesson(action)
        }
        (Mode::Explorer, Action::Cancel) => app.clear_filters(),
        (Mode::Teaching, Action::CycleModel) if app.view == View::FloorPlan => app.walk_to_next_model(),
        (Mode::Teaching, Action::Click { column, row }) if app.view == View::FloorPlan => {
            if let Some(id) = measure.plan_hit(app, Position::new(column, row)) {
                app.explorer.outline.reveal(&app.doc, id);
            }
        }
        // Reveal mode is the explorer's, and the floor plan shows it too: there `v`
        // turns it on or off and Enter reveals the department selected (by a click).
        (Mode::Teaching, Action::Reveal) if app.view == View::FloorPlan => app.toggle_reveal(),
        (Mode::Teaching, Action::RevealVerdict) if app.view == View::FloorPlan && app.explorer.reveal.is_some() => {
            app.reveal_verdict(measure)
        }
        (Mode::Explorer, Action::Reveal) => app.toggle_reveal(),
        (Mode::Explorer, Action::RevealVerdict) => app.reveal_verdict(measure),
        (Mode::Explorer, Action::FollowConcept) => app.follow_concept(measure),
        (Mode::Explorer, Action::ToggleGreyOnly) if app.explorer.reveal.is_some() => app.refuse_grey_only(),
        (
            Mode::Teaching,
            Action::PageUp | Action::PageDown | Action::First | Action::Last | Action::NextFact | Action::PrevFact,
        ) => app.scroll_teaching(action, measure),
        (_, Action::Click { column, row }) => app.click(Position::new(column, row), measure),
        (_, action) => effect = app.explorer_action(action),
    }
    app.scroll_into_view();
    app.panel_follows(before);
    app.compare_follows();
    effect
}

impl App {
    /// The first key bound to `action` in the explorer, as the help shows it, for a
    /// message to name; the action's name when the configuration left it without one.
    pub(super) fn explorer_key(&self, action: Action) -> String {
        let key = self.keymap.first_shown(Mode::Explorer, action, self.lang);
        if key.is_empty() { action.name().to_string() } else { key }
    }

    /// Records the terminal's size, which paging and mouse clicks depend on.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        self.scroll_into_view();
        self.compare_follows();
    }

    /// After a resize: every scrolled text (help, panel, floor plan, concepts) goes no
    /// further than its last line at the bottom, so that no line stays hidden above
    /// empty rows and the first key back scrolls at once.
    pub fn clamp_scrolls(&mut self, measure: &dyn Measure) {
        let help_last = measure.help_scroll(self);
        if let Some(Overlay::Help(help)) = &mut self.overlay {
            help.scroll = help.scroll.min(help_last);
        }
        if self.view == View::Explorer {
            self.explorer.panel_scroll = self.explorer.panel_scroll.min(measure.panel_scroll(self));
        } else if self.view == View::Compare {
            let last = measure.compare_scroll(self);
            if let Some(compare) = &mut self.compare {
                compare.reasons_scroll = compare.reasons_scroll.min(last);
            }
        } else if matches!(self.view, View::FloorPlan | View::Concepts) {
            self.teaching.plan_scroll = self.teaching.plan_scroll.min(measure.teaching_scroll(self));
        }
    }

    /// `m` on the floor plan: the next model, and the departments whose room changes
    /// walk there through the doorway (when there are any: else nothing animates).
    fn walk_to_next_model(&mut self) {
        let from = self.model_view;
        self.model_view = from.next();
        let anyone_moves = self.doc.classes.facts.iter().any(|facts| {
            facts.verdict(crate::classify::Model::Customer) != facts.verdict(crate::classify::Model::Profit)
        });
        self.teaching.animation = anyone_moves.then(|| crate::tui::state::Animation {
            started: std::time::Instant::now(),
            from,
            to: self.model_view,
        });
    }

    /// Esc in the help: clears the filter first, then closes.
    fn help_cancel(&mut self) {
        match &mut self.overlay {
            Some(Overlay::Help(help)) if !help.filter.value().is_empty() => {
                help.filter.reset();
                help.scroll = 0;
            }
            _ => self.overlay = None,
        }
    }

    /// Scrolls the help by a line, a page, or to an end.
    fn scroll_help(&mut self, action: Action, measure: &dyn Measure) {
        let last = measure.help_scroll(self);
        let page = (layout::help_rows(self.size) as usize).saturating_sub(1).max(1);
        let Some(Overlay::Help(help)) = &mut self.overlay else { return };
        help.scroll = layout::scrolled(action, help.scroll, page, last);
    }

    /// A key typed into the help's filter: the view starts again at the top.
    fn type_help_filter(&mut self, key: &KeyEvent) {
        if let Some(Overlay::Help(help)) = &mut self.overlay {
            tui_input::backend::crossterm::EventHandler::handle_event(&mut help.filter, &Event::Key(*key));
            help.scroll = 0;
        }
    }

    /// Keeps the selected row of the tree in view.
    pub(crate) fn scroll_into_view(&mut self) {
        let height = layout::tree_height(self);
        self.explorer.outline.scroll_into_view(&self.doc, height);
    }

    /// Another selection than `before` starts its panel at the top.
    fn panel_follows(&mut self, before: Option<DeptId>) {
        if self.explorer.outline.selected() != before {
            self.explorer.panel_scroll = 0;
        }
    }

    fn error(&self, text: String) -> Status {
        Status { text, is_error: true }
    }

    fn status_ok(&mut self, text: impl Into<String>) {
        self.status = Some(Status { text: text.into(), is_error: false });
    }

    fn status_error(&mut self, text: impl Into<String>) {
        self.status = Some(Status { text: text.into(), is_error: true });
    }

    fn tr(&self, key: &str) -> String {
        t!(key, locale = self.lang.code()).into_owned()
    }
}
