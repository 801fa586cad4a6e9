//! The `?` overlay: a reminder of the two models, then every key of every mode, read
//! from the keymap.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use rust_i18n::t;

use crate::tui::app::App;
use crate::tui::keymap::Mode;

/// The lines of the overlay.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let l = app.lang.code();
    let theme = &app.theme;
    let mut lines = vec![
        Line::from(Span::styled(t!("help.models_title", locale = l).into_owned(), theme.title)),
        Line::from(t!("help.customer_model", locale = l).into_owned()),
        Line::from(t!("help.profit_model", locale = l).into_owned()),
        Line::from(t!("help.grey_area", locale = l).into_owned()),
    ];
    for mode in Mode::ALL {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(t!(format!("mode.{}", mode.name()), locale = l).into_owned(), theme.title)));
        for (action, keys) in app.keymap.actions(mode) {
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<18}", keys.join(", ")), theme.key),
                Span::raw(t!(format!("action.{}", action.name()), locale = l).into_owned()),
            ]));
        }
    }
    lines
}

/// Draws the overlay centred over `area`, scrolled by `scroll` lines.
pub fn render(app: &App, frame: &mut Frame, area: Rect, scroll: usize) {
    let l = app.lang.code();
    let width = area.width.saturating_sub(4).min(90);
    let height = area.height.saturating_sub(2);
    let [popup] = Layout::horizontal([Constraint::Length(width)]).flex(Flex::Center).areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height)]).flex(Flex::Center).areas(popup);
    let lines = lines(app);
    let max_scroll = lines.len().saturating_sub(height.saturating_sub(2) as usize);
    let scroll = scroll.min(max_scroll) as u16;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.active_border)
        .title(format!(" {} ", t!("help.title", locale = l)))
        .title_bottom(format!(" {} ", t!("help.footer", locale = l)));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }).scroll((scroll, 0)), popup);
}
