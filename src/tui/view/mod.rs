//! Drawing: `render(&App, frame)`, with the areas [`layout`](mod@crate::tui::layout) gives.
//! Views read the app and never change it. One file per area of the screen. The view
//! also measures how far its scrolling texts go ([`Drawn`]), which update needs.

pub mod compare;
pub mod concepts;
pub mod dialog;
pub mod floor_plan;
pub mod header;
pub mod help;
pub mod lesson;
pub mod panel;
pub mod quiz;
pub mod status;
pub mod tree;

use crate::text::t;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::tui::layout::{self, MIN_HEIGHT, MIN_WIDTH, Measure, layout_checked};
use crate::tui::state::{App, Overlay, View};

/// A block's title as its top border shows it, for a block `width` columns wide: set
/// off by a space each side, and cut with `…` where it does not fit between the
/// corners, so that a long title (a department's name, a Spanish wording at 80
/// columns) says it was cut instead of stopping at the border mid-word.
pub fn title(text: &str, width: u16) -> String {
    let room = usize::from(width).saturating_sub(4);
    format!(" {} ", crate::text::wrap::shown(text, room))
}

/// Draws the whole screen as it is now.
pub fn render(app: &App, frame: &mut Frame) {
    render_at(app, frame, std::time::Instant::now());
}

/// Draws the whole screen as it is at `now`: an animation at the frame `now` falls on.
pub fn render_at(app: &App, frame: &mut Frame, now: std::time::Instant) {
    let area = frame.area();
    let Some(areas) = layout_checked(area, app) else {
        // A question is never hidden behind "too small": it fits itself to the area.
        if let Some(Overlay::Confirm(confirm)) = &app.overlay {
            return dialog::render_confirm(app, frame, area, confirm);
        }
        let text = t!("ui.too_small", locale = app.lang.code(), width = MIN_WIDTH, height = MIN_HEIGHT);
        // Wrapped at words the message may need a line more than its width suggests.
        let needed = (text.width() as u16).div_ceil(area.width.max(1)).saturating_add(1);
        let height = needed.min(area.height);
        let message = Rect { y: area.y + (area.height - height) / 2, height, ..area };
        frame.render_widget(Paragraph::new(text).alignment(Alignment::Center).wrap(Wrap { trim: true }), message);
        return;
    };
    if app.view != View::Lesson {
        header::render(app, frame, areas.header);
    }
    match app.view {
        View::Explorer => {
            if let Some(tree) = areas.tree {
                tree::render(app, frame, tree);
            }
            panel::render(app, frame, areas.body);
        }
        View::FloorPlan => {
            let progress = app.teaching.animation.and_then(|animation| animation.progress(now));
            floor_plan::render(app, frame, areas.body, progress);
        }
        View::Quiz => quiz::render(app, frame, areas.body),
        View::Concepts => concepts::render(app, frame, areas.body),
        View::Compare => compare::render(app, frame, areas.body),
        // Nothing but the lesson and the hint bar, for a projector.
        View::Lesson => lesson::render(app, frame, areas.header.union(areas.body)),
    }
    status::render(app, frame, areas.status);
    match &app.overlay {
        Some(Overlay::Picker(picker)) => dialog::render_picker(app, frame, area, picker),
        // Above the status bar, which repeats the answers.
        Some(Overlay::Confirm(confirm)) => {
            let above = Rect { height: area.height.saturating_sub(areas.status.height), ..area };
            dialog::render_confirm(app, frame, above, confirm);
        }
        Some(Overlay::Help(help)) => help::render(app, frame, area, help),
        // Above the status bar, which repeats its keys.
        Some(Overlay::Notes(editor)) => {
            let above = Rect { height: area.height.saturating_sub(areas.status.height), ..area };
            dialog::render_notes(app, frame, above, editor);
        }
        // Typed in the status bar.
        Some(Overlay::Prompt(_) | Overlay::Search(_)) | None => {}
    }
}

/// The view as drawn, measuring its scrolling texts on the app's screen.
pub struct Drawn;

impl Measure for Drawn {
    fn help_scroll(&self, app: &App) -> usize {
        help::max_scroll(app, app.size)
    }

    fn panel_scroll(&self, app: &App) -> usize {
        panel::max_scroll(app, layout::layout(app.size, app).body)
    }

    fn compare_scroll(&self, app: &App) -> usize {
        compare::max_scroll(app, layout::layout(app.size, app).body)
    }

    fn teaching_scroll(&self, app: &App) -> usize {
        let body = layout::layout(app.size, app).body;
        match app.view {
            View::Concepts => concepts::max_scroll(app, body),
            _ => floor_plan::max_scroll(app, body),
        }
    }

    fn plan_hit(&self, app: &App, position: ratatui::layout::Position) -> Option<crate::org::DeptId> {
        (app.view == View::FloorPlan).then(|| floor_plan::hit(app, layout::layout(app.size, app).body, position))?
    }

    fn fact_lines(&self, app: &App) -> [usize; 8] {
        // Outside the explorer the body is as wide as the screen: where the facts
        // start depends on that width alone.
        concepts::fact_lines(app, app.size)
    }

    fn quiz_choice(&self, app: &App, position: ratatui::layout::Position) -> Option<usize> {
        quiz::choice_at(app, layout::layout(app.size, app).body, position)
    }

    fn quiz_scroll(&self, app: &App) -> usize {
        quiz::max_scroll(app, layout::layout(app.size, app).body)
    }

    fn quiz_page(&self, app: &App) -> usize {
        quiz::page(app, layout::layout(app.size, app).body)
    }
}

/// "↑ more above · ↓ more below (pgdn)" for a text scrolled to `scroll` of `last`,
/// naming the key that pages down in `mode`; in words and arrows, not colour alone.
/// Scrolled to the end, it says so when `say_end`.
fn more_text(app: &App, mode: crate::tui::keymap::Mode, scroll: usize, last: usize, say_end: bool) -> String {
    let l = app.lang.code();
    let mut parts = Vec::new();
    if scroll > 0 {
        parts.push(t!("teach.concepts.more_above", locale = l));
    }
    if scroll < last {
        let key = app.keymap.first_shown(mode, crate::tui::action::Action::PageDown, app.lang);
        parts.push(t!("teach.concepts.more_below", locale = l, key = key));
    } else if say_end {
        parts.push(t!("teach.concepts.at_end", locale = l));
    }
    parts.join(" · ")
}
