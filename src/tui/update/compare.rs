//! The split view of two companies: moving through its rows, scrolling the reasons of
//! the selected one, and keeping the rows in step with the open org and the language.

use crate::tui::action::Action;
use crate::tui::layout::{self, Measure};
use crate::tui::state::{App, View};

impl App {
    /// `6`: the split view, when another org was given to compare with.
    pub(super) fn view_compare(&mut self) {
        let Some(compare) = &mut self.compare else { return };
        compare.refresh(&self.doc);
        self.view = View::Compare;
    }

    /// Moves the selection by a row, a page, or to an end.
    pub(super) fn move_compare(&mut self, action: Action) {
        let page = layout::compare_rows(self) as isize;
        let Some(compare) = &mut self.compare else { return };
        let before = compare.selected;
        match action {
            Action::Up => compare.move_by(-1),
            Action::Down => compare.move_by(1),
            Action::PageUp => compare.move_by(-page),
            Action::PageDown => compare.move_by(page),
            Action::First => compare.to_end(false),
            _ => compare.to_end(true),
        }
        if compare.selected != before {
            compare.reasons_scroll = 0;
        }
    }

    /// Scrolls the selected row's reasons a line up or down.
    pub(super) fn scroll_compare_reasons(&mut self, action: Action, measure: &dyn Measure) {
        let last = measure.compare_scroll(self);
        let Some(compare) = &mut self.compare else { return };
        let offset = compare.reasons_scroll.min(last);
        compare.reasons_scroll =
            if action == Action::PanelUp { offset.saturating_sub(1) } else { (offset + 1).min(last) };
    }

    /// After every action: the rows follow the open org (reloaded, say) and the
    /// selected row stays in view.
    pub(super) fn compare_follows(&mut self) {
        if self.view != View::Compare {
            return;
        }
        let height = layout::compare_rows(self);
        if let Some(compare) = &mut self.compare {
            compare.refresh(&self.doc);
            compare.scroll_into_view(height);
        }
    }

    /// `L`: the org compared with, when it is a built-in sample, becomes its twin in
    /// the new language, as the open one does; the rows are made again.
    pub(super) fn compare_twin(&mut self) {
        let lang = self.lang;
        let Some(compare) = &mut self.compare else { return };
        if compare.other.path.is_none()
            && let Some(twin) = crate::samples::twin_of(compare.other.text.as_str(), lang)
            && let Ok(doc) = crate::document::Document::from_text(None, twin.text.to_string())
        {
            compare.other = doc;
            compare.remake(&self.doc);
        }
    }
}
