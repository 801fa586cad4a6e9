//! The concepts view (placeholder: being written).

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::app::App;

/// Draws the view.
pub fn render(_app: &App, _frame: &mut Frame, _area: Rect) {}
