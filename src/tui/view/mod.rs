//! Drawing: `render(&App, frame)` and the layout it uses. Views read the app and never
//! change it. One file per area of the screen.

pub mod concepts;
pub mod dialog;
pub mod floor_plan;
pub mod header;
pub mod help;
pub mod panel;
pub mod quiz;
pub mod status;
pub mod tree;

use crate::text::t;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::app::{App, View};

/// Below this size no layout fits; a message says so.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;
/// Narrower than this, the tree and the panel are stacked.
pub const SIDE_BY_SIDE_WIDTH: u16 = 80;

/// Where each area of the screen goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    /// The tree (explorer only).
    pub tree: Option<Rect>,
    /// The panel (explorer), or the whole body of another view.
    pub body: Rect,
    pub status: Rect,
}

/// The layout for a terminal of this size; `None` when it is too small for any.
pub fn layout_checked(area: Rect, app: &App) -> Option<Areas> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let header_height = header::height(app);
    let [header, body, status] =
        Layout::vertical([Constraint::Length(header_height), Constraint::Min(3), Constraint::Length(1)]).areas(area);
    if app.view != View::Explorer {
        return Some(Areas { header, tree: None, body, status });
    }
    let [tree, panel] = if area.width >= SIDE_BY_SIDE_WIDTH {
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body)
    } else {
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body)
    };
    Some(Areas { header, tree: Some(tree), body: panel, status })
}

/// The layout, with no tree when the terminal is too small.
pub fn layout(area: Rect, app: &App) -> Areas {
    layout_checked(area, app).unwrap_or(Areas { header: area, tree: None, body: area, status: area })
}

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let Some(areas) = layout_checked(area, app) else {
        let text = t!("ui.too_small", locale = app.lang.code(), width = MIN_WIDTH, height = MIN_HEIGHT);
        // Wrapped at words the message may need a line more than its width suggests.
        let needed = (text.width() as u16).div_ceil(area.width.max(1)).saturating_add(1);
        let height = needed.min(area.height);
        let message = Rect { y: area.y + (area.height - height) / 2, height, ..area };
        frame.render_widget(Paragraph::new(text).alignment(Alignment::Center).wrap(Wrap { trim: true }), message);
        return;
    };
    header::render(app, frame, areas.header);
    match app.view {
        View::Explorer => {
            if let Some(tree) = areas.tree {
                tree::render(app, frame, tree);
            }
            panel::render(app, frame, areas.body);
        }
        View::FloorPlan => floor_plan::render(app, frame, areas.body),
        View::Quiz => quiz::render(app, frame, areas.body),
        View::Concepts => concepts::render(app, frame, areas.body),
    }
    status::render(app, frame, areas.status);
    if let Some(picker) = &app.picker {
        dialog::render_picker(app, frame, area, picker);
    }
    if let Some(confirm) = &app.confirm {
        dialog::render_confirm(app, frame, area, confirm);
    }
    if let Some(scroll) = app.help {
        help::render(app, frame, area, scroll);
    }
}
