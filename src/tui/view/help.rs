//! The `?` overlay: a reminder of the two models, then every key of every mode, read
//! from the keymap. A filter (`/`) narrows it to the keys whose key or description
//! contain the text, ignoring case and accents; the bottom border says where the view
//! is ("12/140": the last line shown of all of them).

use crate::text::fold::fold;
use crate::text::t;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::text::wrap::wrap_spans;
use crate::tui::keymap::Mode;
use crate::tui::layout::{help_popup as popup, last_scroll};
use crate::tui::state::{App, HelpView};

/// The lines of the overlay, every one of them.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    filtered_lines(app, "")
}

/// The lines of the overlay for a filter: with one, only the keys it matches, under
/// the headings of their modes (a mode with none left out), or a line saying nothing
/// matches.
pub fn filtered_lines(app: &App, filter: &str) -> Vec<Line<'static>> {
    let l = app.lang.code();
    let theme = &app.theme;
    let needle = fold(filter.trim());
    let mut lines = Vec::new();
    if needle.is_empty() {
        lines.extend([
            Line::from(Span::styled(t!("help.models_title", locale = l).into_owned(), theme.title)),
            Line::from(t!("help.customer_model", locale = l).into_owned()),
            Line::from(t!("help.profit_model", locale = l).into_owned()),
            Line::from(t!("help.grey_area", locale = l).into_owned()),
        ]);
    }
    for mode in Mode::ALL {
        // The split view and its key are there only with a comparison.
        if mode == Mode::Compare && app.compare.is_none() {
            continue;
        }
        let mut rows = Vec::new();
        for (action, keys) in app.keymap.actions(mode) {
            if action == crate::tui::action::Action::ViewCompare && app.compare.is_none() {
                continue;
            }
            let keys: Vec<String> = keys.iter().map(|key| key.shown(app.lang)).collect();
            let keys = keys.join(", ");
            let label = t!(format!("{}action.{}", texts_of(mode, action), action.name()), locale = l).into_owned();
            if !needle.is_empty() && !fold(&keys).contains(&needle) && !fold(&label).contains(&needle) {
                continue;
            }
            rows.push(Line::from(vec![Span::styled(format!("  {keys:<17} "), theme.key), Span::raw(label)]));
        }
        if rows.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::from(Span::styled(t!(format!("mode.{}", mode.name()), locale = l).into_owned(), theme.title)));
        lines.extend(rows);
    }
    if lines.is_empty() {
        lines.push(Line::from(Span::styled(
            t!("help.no_match", locale = l, filter = crate::text::sanitize(filter)).into_owned(),
            theme.dim,
        )));
    }
    lines
}

/// The lines of the overlay word-wrapped to fit inside its border over `area`, so that
/// scrolling knows exactly how many there are.
fn wrapped_lines(app: &App, help: &HelpView, area: Rect) -> Vec<Line<'static>> {
    let width = popup(area).width.saturating_sub(2) as usize;
    filtered_lines(app, help.filter.value()).into_iter().flat_map(|line| wrap_spans(line, width)).collect()
}

/// The furthest the overlay scrolls on a terminal of this size: its last line at the
/// bottom.
pub fn max_scroll(app: &App, area: Rect) -> usize {
    let Some(help) = app.help() else { return 0 };
    last_scroll(wrapped_lines(app, help, area).len(), rows(area))
}

/// The rows inside the overlay's border over `area`.
fn rows(area: Rect) -> u16 {
    crate::tui::layout::help_rows(area)
}

/// Draws the overlay centred over `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect, help: &HelpView) {
    let l = app.lang.code();
    let popup = popup(area);
    let lines = wrapped_lines(app, help, area);
    let rows = rows(area);
    let scroll = help.scroll.min(last_scroll(lines.len(), rows));
    let shown_to = (scroll + rows as usize).min(lines.len());
    let mut bottom = format!(" {shown_to}/{} · {} ", lines.len(), t!("help.footer", locale = l));
    if !help.filter.value().is_empty() {
        let filter = crate::text::wrap::shown_long(help.filter.value());
        bottom = format!(" /{filter} ·{bottom}");
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.active_border)
        .title(super::title(&t!("help.title", locale = l), popup.width))
        .title_bottom(bottom);
    frame.render_widget(Clear, popup);
    let visible: Vec<Line<'static>> = lines.into_iter().skip(scroll).collect();
    frame.render_widget(Paragraph::new(visible).block(block), popup);
}

/// Where an action's texts are for a mode: the notes editor says what its keys do to
/// the notes (`notes.action.confirm`: save them), the teaching views what Enter does
/// on the floor plan; every other mode shares `action.*`.
pub(super) fn texts_of(mode: Mode, action: crate::tui::action::Action) -> &'static str {
    use crate::tui::action::Action as A;
    match (mode, action) {
        (Mode::Notes, A::Confirm | A::Cancel | A::ExternalEditor) => "notes.",
        // On the floor plan Enter only reveals: it folds nothing there.
        (Mode::Teaching, A::RevealVerdict) => "teaching.",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn the_filter_ignores_case_and_accents() {
        assert_eq!(fold("AÑADIR atrás"), "anadir atras");
        assert!(fold("Deshacer la última edición").contains(&fold("ULTIMA")));
    }
}
