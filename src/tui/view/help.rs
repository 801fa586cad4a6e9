//! The `?` overlay: a reminder of the two models, then every key of every mode, read
//! from the keymap.

use crate::text::t;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::text::wrap::wrap_spans;
use crate::tui::keymap::Mode;
use crate::tui::layout::{help_popup as popup, last_scroll};
use crate::tui::state::App;

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

/// The lines of the overlay word-wrapped to fit inside its border over `area`, so that
/// scrolling knows exactly how many there are.
fn wrapped_lines(app: &App, area: Rect) -> Vec<Line<'static>> {
    let width = popup(area).width.saturating_sub(2) as usize;
    lines(app).into_iter().flat_map(|line| wrap_spans(line, width)).collect()
}

/// The furthest the overlay scrolls on a terminal of this size: its last line at the
/// bottom.
pub fn max_scroll(app: &App, area: Rect) -> usize {
    last_scroll(wrapped_lines(app, area).len(), rows(area))
}

/// The rows inside the overlay's border over `area`.
fn rows(area: Rect) -> u16 {
    popup(area).height.saturating_sub(2)
}

/// Draws the overlay centred over `area`, scrolled by `scroll` lines.
pub fn render(app: &App, frame: &mut Frame, area: Rect, scroll: usize) {
    let l = app.lang.code();
    let popup = popup(area);
    let lines = wrapped_lines(app, area);
    let scroll = scroll.min(last_scroll(lines.len(), rows(area)));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.active_border)
        .title(format!(" {} ", t!("help.title", locale = l)))
        .title_bottom(format!(" {} ", t!("help.footer", locale = l)));
    frame.render_widget(Clear, popup);
    let visible: Vec<Line<'static>> = lines.into_iter().skip(scroll).collect();
    frame.render_widget(Paragraph::new(visible).block(block), popup);
}
