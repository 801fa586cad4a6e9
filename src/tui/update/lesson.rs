//! Stepping through the lesson: next and previous step, first and last.

use crate::tui::action::Action;
use crate::tui::state::App;

impl App {
    /// Moves the lesson a step on or back, or to its first or last step.
    pub(super) fn step_lesson(&mut self, action: Action) {
        match action {
            Action::NextStep => self.lesson.next(),
            Action::PreviousStep => self.lesson.previous(),
            Action::FirstStep => self.lesson.first(),
            Action::LastStep => self.lesson.last(),
            _ => {}
        }
    }
}
