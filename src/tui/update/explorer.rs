//! The explorer's actions: moving and paging through the tree, folding, clicks on its
//! rows, the search and its matches, the grey-only filter, the model, the language and
//! the views. Edit actions are passed on to [`edit`](super::edit).

use crate::text::t;
use std::ops::Range;

use ratatui::layout::Position;

use super::{Effect, update};
use crate::document::IdMap;
use crate::org::DeptId;
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::layout::{self, Measure};
use crate::tui::state::explorer::{Search, search_range};
use crate::tui::state::outline::Keep;
use crate::tui::state::{App, HelpView, Overlay, SearchInput, Status, View};

impl App {
    /// Carries out an action of the explorer (or one that means nothing in the mode).
    pub(super) fn explorer_action(&mut self, action: Action) -> Option<Effect> {
        let page = layout::tree_height(self).saturating_sub(1).max(1) as isize;
        let outline = &mut self.explorer.outline;
        match action {
            Action::Up => outline.move_by(-1),
            Action::Down => outline.move_by(1),
            Action::PageUp => outline.move_by(-page),
            Action::PageDown => outline.move_by(page),
            // Handled in `update` for the explorer; elsewhere they mean nothing.
            Action::PanelDown | Action::PanelUp => {}
            Action::First => outline.move_to_end(false),
            Action::Last => outline.move_to_end(true),
            Action::Left => {
                if let Some(id) = outline.selected() {
                    if outline.is_open(id) && outline.has_visible_children(&self.doc, id) {
                        outline.set_open(&self.doc, id, false);
                    } else if let Some(parent) = self.doc.org.parent(id) {
                        outline.reveal(&self.doc, parent);
                    }
                }
            }
            Action::Right => {
                if let Some(id) = outline.selected() {
                    if !outline.has_visible_children(&self.doc, id) {
                        return None;
                    }
                    if outline.is_open(id) {
                        outline.move_by(1);
                    } else {
                        outline.set_open(&self.doc, id, true);
                    }
                }
            }
            Action::ToggleFold => {
                if let Some(id) = outline.selected() {
                    let open = !outline.is_open(id);
                    outline.set_open(&self.doc, id, open);
                }
            }
            Action::FoldAll => outline.set_all_open(&self.doc, false),
            Action::UnfoldAll => outline.set_all_open(&self.doc, true),
            Action::Search => {
                let origin = outline.selected();
                self.overlay = Some(Overlay::Search(SearchInput { origin, ..SearchInput::default() }));
            }
            Action::SearchNext => self.jump_to_match(true),
            Action::SearchPrev => self.jump_to_match(false),
            Action::CycleModel => self.model_view = self.model_view.next(),
            Action::ToggleGreyOnly => self.toggle_grey_only(),
            Action::ViewExplorer => self.view = View::Explorer,
            Action::ViewFloorPlan => {
                self.view = View::FloorPlan;
                self.teaching.plan_scroll = 0;
            }
            Action::ViewQuiz => {
                self.view = View::Quiz;
                self.teaching.quiz_scroll = 0;
            }
            Action::ViewConcepts => {
                self.view = View::Concepts;
                self.teaching.plan_scroll = 0;
                self.teaching.fact = None;
            }
            Action::ViewCompare => self.view_compare(),
            Action::ViewLesson => self.view = View::Lesson,
            Action::ToggleLang => self.toggle_lang(),
            Action::Help => self.overlay = Some(Overlay::Help(HelpView::default())),
            Action::AddChild
            | Action::AddSibling
            | Action::Rename
            | Action::ChangeId
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
            | Action::ExternalEditor => return self.edit_action(action),
            Action::Quit
            | Action::Suspend
            | Action::SaveAs
            | Action::Yes
            | Action::No
            | Action::Discard
            | Action::Reload
            | Action::Confirm
            | Action::Cancel
            | Action::AnswerFront
            | Action::AnswerBack
            | Action::AnswerA
            | Action::AnswerC
            | Action::AnswerD
            | Action::NextQuestion
            | Action::RestartQuiz
            | Action::Reveal
            | Action::RevealVerdict
            | Action::FollowConcept
            | Action::NextFact
            | Action::PrevFact
            | Action::SaveResult
            | Action::NextStep
            | Action::PreviousStep
            | Action::FirstStep
            | Action::LastStep
            | Action::Type(_)
            | Action::Click { .. } => {}
        }
        None
    }

    /// Switches the language; an unedited built-in sample (no file, no unsaved
    /// edits, its text as shipped) is swapped for its twin in that language, keeping
    /// the selection and the folds by path. The steps of the history were made on the
    /// other twin's text, so they go.
    fn toggle_lang(&mut self) {
        self.lang = self.lang.toggle();
        self.compare_twin();
        if self.doc.path.is_some() || self.session.history.is_modified() {
            return;
        }
        let Some(twin) = crate::samples::twin_of(self.doc.text.as_str(), self.lang) else { return };
        let select = self.selected_path();
        let round = self.quiz.clone();
        // The sample's twin always loads; should it not, nothing changes.
        if self.replace_text(twin.text.to_string(), select.as_ref()).is_ok() {
            // The twin holds the same departments under names in the other language:
            // a quiz round under way goes on, when it asks the same questions.
            if self.quiz.questions() == round.questions() {
                self.quiz = round;
            }
            self.session.history.undo.clear();
            self.session.history.redo.clear();
            self.sync_recovery();
        }
    }

    /// A click in the explorer's tree selects the row under it; on the row's fold
    /// marker it also folds or unfolds it.
    pub(super) fn click(&mut self, position: Position, measure: &dyn Measure) {
        if self.mode() != Mode::Explorer || self.view != View::Explorer {
            return;
        }
        let Some(hit) = layout::tree_hit(self, position) else { return };
        self.explorer.outline.reveal(&self.doc, hit.dept);
        if hit.on_fold_marker {
            update(self, Action::ToggleFold, measure);
        }
    }

    /// Enter ends typing a search; the matches stay for `n` and `N`.
    pub(super) fn finish_search(&mut self) {
        self.overlay = None;
        self.doc.forget_search();
        let search = &self.explorer.search;
        if !search.query.is_empty() && search.matches.is_empty() {
            let text = t!("status.no_match", locale = self.lang.code(), query = &search.query).into();
            self.status = Some(self.error(text));
        }
    }

    /// Esc drops the search and goes back to where it began.
    pub(super) fn cancel_search(&mut self) {
        if let Some(Overlay::Search(typing)) = self.overlay.take()
            && let Some(origin) = typing.origin
        {
            self.explorer.outline.reveal(&self.doc, origin);
        }
        self.doc.forget_search();
        self.explorer.clear_search();
    }

    /// Finds the departments whose name or id contains the query, ignoring case and
    /// accents: those matching by name first, then those matching by id alone,
    /// through the names the document keeps folded. After a pause, a longer query
    /// looks only among what the shorter found, when that was few.
    pub(super) fn run_search(&mut self, query: String) {
        let (matches, names) = self.doc.search(&query);
        self.explorer.search = Search { query, matches, names };
    }

    /// Selects the first match by name at or after `origin` (where the search began),
    /// else the first by name; only when no name matches, the same among the ids.
    pub(super) fn select_first_match(&mut self, origin: Option<DeptId>) {
        let from = origin.unwrap_or(0);
        let search = &self.explorer.search;
        let (names, ids) = search.matches.split_at(search.names.min(search.matches.len()));
        let segment = if names.is_empty() { ids } else { names };
        let first = segment.get(segment.partition_point(|&m| m < from)).or(segment.first()).copied();
        if let Some(id) = first {
            self.explorer.outline.reveal(&self.doc, id);
        }
    }

    fn jump_to_match(&mut self, forward: bool) {
        let search = &self.explorer.search;
        if search.matches.is_empty() {
            let text = if search.query.is_empty() {
                t!("status.no_search", locale = self.lang.code()).into_owned()
            } else {
                t!("status.no_match", locale = self.lang.code(), query = &search.query).into_owned()
            };
            self.status = Some(self.error(text));
            return;
        }
        let current = self.explorer.outline.selected().unwrap_or(0);
        let matches = &search.matches;
        let index = search.step(current, forward).unwrap_or(0);
        if let Some(&id) = matches.get(index) {
            let count = matches.len();
            self.explorer.outline.reveal(&self.doc, id);
            let index = index + 1;
            self.status = Some(Status {
                text: t!(
                    "status.match",
                    locale = self.lang.code(),
                    index = self.lang.number(index),
                    count = self.lang.number(count)
                )
                .into(),
                is_error: false,
            });
        }
    }

    /// After the org changed: the search matches and the grey-only filter are worked
    /// out again for the new departments; the filter also keeps `also` showing (the
    /// department to stay selected), when `grey_only`.
    pub(crate) fn refresh_after_edit(&mut self, grey_only: bool, also: Option<DeptId>) {
        let search = &mut self.explorer.search;
        if !search.query.is_empty() {
            (search.matches, search.names) = self.doc.search(&search.query);
            // No search is being typed: nothing to keep for a next character.
            self.doc.forget_search();
        }
        self.refresh_grey_filter(grey_only, also);
    }

    /// After an edit, with the grey-only filter on: the filter is worked out again,
    /// keeping `also` showing even when the edit took its grey away. (Not the outline's
    /// own selection: after an edit that loaded the org anew the outline is new, its
    /// first row selected until the department to select is revealed.)
    fn refresh_grey_filter(&mut self, grey_only: bool, also: Option<DeptId>) {
        if grey_only {
            let keep = self.grey_and_ancestors(also);
            self.explorer.outline.set_filter(&self.doc, keep);
        }
    }

    /// [`Self::refresh_after_edit`] after a patch that renumbered the departments as
    /// `map` says (`None`: the ids stayed) and put in or rewrote the departments of
    /// `changed`: a search's matches follow the map, and only the departments of
    /// `changed` are searched, not the whole org (a match depends on the department's
    /// own name and id alone).
    pub(crate) fn refresh_after_patch(
        &mut self,
        map: Option<IdMap>,
        changed: Range<DeptId>,
        grey_only: bool,
        also: Option<DeptId>,
    ) {
        let search = &self.explorer.search;
        if !search.query.is_empty() {
            let (names, ids) = search.matches.split_at(search.names.min(search.matches.len()));
            let follow = |list: &[DeptId]| -> Vec<DeptId> {
                let mut list = list.to_vec();
                map.unwrap_or(IdMap::KEPT).follow_sorted(&mut list, changed.clone());
                list
            };
            let (mut names, mut ids) = (follow(names), follow(ids));
            if !changed.is_empty() {
                let (found, by_name) = search_range(&self.doc.org, &search.query, changed.clone());
                let (new_names, new_ids) = found.split_at(by_name);
                let at_names = names.partition_point(|&d| d < changed.start);
                names.splice(at_names..at_names, new_names.iter().copied());
                let at_ids = ids.partition_point(|&d| d < changed.start);
                ids.splice(at_ids..at_ids, new_ids.iter().copied());
            }
            let search = &mut self.explorer.search;
            search.names = names.len();
            names.append(&mut ids);
            search.matches = names;
        }
        self.refresh_grey_filter(grey_only, also);
    }

    /// The grey areas, `also`, and their ancestors: what the grey-only filter shows.
    fn grey_and_ancestors(&self, also: Option<DeptId>) -> Keep {
        let mut keep = Keep::of(self.doc.grey_ancestry());
        if let Some(id) = also {
            keep.insert_with_ancestors(&self.doc, id);
        }
        keep
    }

    /// Esc in the explorer: the grey-only filter and the last search's matches go, and
    /// the whole tree shows again with the selection kept.
    pub(super) fn clear_filters(&mut self) {
        self.explorer.outline.clear_filter(&self.doc);
        self.explorer.clear_search();
    }

    fn toggle_grey_only(&mut self) {
        if self.explorer.outline.clear_filter(&self.doc) {
            return;
        }
        if self.doc.grey_areas.is_empty() {
            self.status = Some(self.error(t!("status.no_grey", locale = self.lang.code()).into()));
            return;
        }
        // Unfold the ancestors so that every grey area shows, like a sparse tree.
        let outline = &mut self.explorer.outline;
        let selected = outline.selected();
        outline.show_only(&self.doc, self.doc.grey_ancestry());
        let first = selected.filter(|s| self.doc.grey_areas.binary_search(s).is_ok()).unwrap_or(self.doc.grey_areas[0]);
        outline.reveal(&self.doc, first);
        self.status = Some(Status {
            text: match self.doc.grey_areas.len() {
                1 => t!("status.grey_only_one", locale = self.lang.code()),
                n => t!("status.grey_only", locale = self.lang.code(), count = self.lang.number(n)),
            }
            .into(),
            is_error: false,
        });
    }
}
