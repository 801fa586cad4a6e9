//! Reveal mode and the concepts screen's links and pages: hiding every verdict to
//! ask the class first, revealing one department at a time, following a department's
//! concept link to the concepts screen, and paging or stepping through that screen.

use crate::text::t;

use super::update;
use crate::concept::Fact;
use crate::tui::action::Action;
use crate::tui::layout::{self, Measure};
use crate::tui::state::{App, Reveal, View};

impl App {
    /// `v`: reveal mode on, every verdict hidden (the grey-only filter goes: it would
    /// tell which ones are grey), or off, everything shown again.
    pub(super) fn toggle_reveal(&mut self) {
        if self.explorer.reveal.take().is_some() {
            self.status_ok(self.tr("status.reveal_off"));
            return;
        }
        self.explorer.outline.clear_filter(&self.doc);
        self.explorer.reveal = Some(Reveal::default());
        let text = t!(
            "status.reveal_on",
            locale = self.lang.code(),
            reveal = self.explorer_key(Action::RevealVerdict),
            all = self.explorer_key(Action::Reveal)
        );
        self.status_ok(text);
    }

    /// `Enter`: in reveal mode, the selected department's verdicts show (and stay
    /// shown when the teacher moves on); otherwise it folds, as `toggle-fold` does.
    pub(super) fn reveal_verdict(&mut self, measure: &dyn Measure) {
        let selected = self.explorer.outline.selected();
        match (&mut self.explorer.reveal, selected) {
            (Some(reveal), Some(id)) => {
                reveal.shown.insert(id);
                self.explorer.panel_scroll = 0;
            }
            (Some(_), None) => {}
            (None, _) => {
                update(self, Action::ToggleFold, measure);
            }
        }
    }

    /// `!` in reveal mode: refused, since the filter would give the grey areas away.
    pub(super) fn refuse_grey_only(&mut self) {
        let text = t!("status.reveal_no_grey", locale = self.lang.code(), key = self.explorer_key(Action::Reveal));
        self.status_error(text);
    }

    /// `i` or a click on the panel's link: the concepts screen, scrolled to the fact
    /// the selected department illustrates.
    pub(super) fn follow_concept(&mut self, measure: &dyn Measure) {
        let Some(id) = self.explorer.outline.selected() else { return };
        if self.explorer.hides(id) {
            let text =
                t!("status.reveal_first", locale = self.lang.code(), key = self.explorer_key(Action::RevealVerdict));
            self.status_error(text);
            return;
        }
        let Some(fact) = crate::concept::fact_of(&self.doc, id) else {
            self.status_error(self.tr("status.no_concept"));
            return;
        };
        self.open_concepts_at(fact, measure);
    }

    /// The concepts screen, scrolled so that `fact` is at the top (or as near as the
    /// end of the text lets it).
    pub fn open_concepts_at(&mut self, fact: Fact, measure: &dyn Measure) {
        self.view = View::Concepts;
        let starts = measure.fact_lines(self);
        let at = starts[fact.number() - 1];
        self.teaching.plan_scroll = at.min(measure.teaching_scroll(self));
        self.teaching.fact = Some(fact);
    }

    /// Pages, ends and fact-by-fact steps of the floor plan and the concepts screen
    /// (the steps mean something on the concepts screen only).
    pub(super) fn scroll_teaching(&mut self, action: Action, measure: &dyn Measure) {
        let last = measure.teaching_scroll(self);
        let scroll = self.teaching.plan_scroll.min(last);
        let page = layout::teaching_page(self);
        if matches!(action, Action::NextFact | Action::PrevFact) {
            if self.view == View::Concepts {
                self.step_fact(action == Action::NextFact, scroll, last, measure);
            }
            return;
        }
        self.teaching.plan_scroll = layout::scrolled(action, scroll, page, last);
    }

    /// One fact on or back on the concepts screen, from the one marked (else from the
    /// one at the top): it comes to the top, as near as the end of the text lets it,
    /// and is marked. Before the first fact, back goes to the top of the screen.
    fn step_fact(&mut self, forward: bool, scroll: usize, last: usize, measure: &dyn Measure) {
        let starts = measure.fact_lines(self);
        // The fact marked, while the screen is still where it put it; else the one at
        // the top: the last one starting at or above the scroll.
        let current = match self.teaching.fact {
            Some(fact) if starts[fact.number() - 1].min(last) == scroll => Some(fact.number() - 1),
            _ => starts.iter().rposition(|&s| s <= scroll),
        };
        let next = match (current, forward) {
            (None, true) => Some(0),
            (Some(i), true) => Some((i + 1).min(Fact::ALL.len() - 1)),
            (None | Some(0), false) => None,
            (Some(i), false) => Some(i - 1),
        };
        match next {
            Some(i) => {
                self.teaching.plan_scroll = starts[i].min(last);
                self.teaching.fact = Some(Fact::ALL[i]);
            }
            None => {
                self.teaching.plan_scroll = 0;
                self.teaching.fact = None;
            }
        }
    }
}
