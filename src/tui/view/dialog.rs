//! Pop-ups over the screen: the confirmations (delete, quit with unsaved changes,
//! overwrite) and the function picker.

use crate::text::t;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph, Wrap};

use crate::text::sanitize;
use crate::tui::state::App;
use crate::tui::state::{Confirm, Picker};

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [popup] = Layout::horizontal([Constraint::Length(width.min(area.width))]).flex(Flex::Center).areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height.min(area.height))]).flex(Flex::Center).areas(popup);
    popup
}

/// The question and the answers it takes, in the UI language.
pub fn confirm_text(app: &App, confirm: &Confirm) -> (String, String) {
    let l = app.lang.code();
    match confirm {
        Confirm::Delete { path, count } => {
            let name = app
                .doc
                .org
                .find_path(path)
                .map_or_else(|| path.join("/"), |id| app.doc.org.dept(id).display_name().to_string());
            let question = if *count == 0 {
                t!("confirm.delete", locale = l, name = sanitize(&name))
            } else {
                t!("confirm.delete_with", locale = l, name = sanitize(&name), count = count)
            };
            (question.into_owned(), t!("confirm.yes_no", locale = l).into_owned())
        }
        Confirm::Quit => {
            (t!("confirm.quit", locale = l).into_owned(), t!("confirm.save_discard_cancel", locale = l).into_owned())
        }
        Confirm::Overwrite(path) => (
            t!("confirm.overwrite", locale = l, file = sanitize(&path.display().to_string())).into_owned(),
            t!("confirm.yes_no", locale = l).into_owned(),
        ),
        Confirm::ChangedOnDisk => (
            t!("confirm.changed", locale = l).into_owned(),
            t!("confirm.overwrite_reload_cancel", locale = l).into_owned(),
        ),
        Confirm::Recover(offer) => (offer.question.clone(), offer.answers.clone()),
        Confirm::ReloadOffer => {
            let key = if app.session.history.is_modified() { "confirm.reload_modified" } else { "confirm.reload" };
            (t!(key, locale = l).into_owned(), t!("confirm.reload_keep", locale = l).into_owned())
        }
        Confirm::EditorFailed { diagnostics } => (
            format!("{}\n\n{}", t!("confirm.editor_failed", locale = l), sanitize(diagnostics)),
            t!("confirm.edit_again_keep", locale = l).into_owned(),
        ),
    }
}

/// Draws a confirmation.
pub fn render_confirm(app: &App, frame: &mut Frame, area: Rect, confirm: &Confirm) {
    let (question, answers) = confirm_text(app, confirm);
    let width = area.width.saturating_sub(4).min(72);
    let lines: Vec<Line> = question.lines().map(|l| Line::from(l.to_string())).collect();
    let height = (lines.len() as u16 + 4).min(area.height.saturating_sub(2));
    let popup = centered(area, width, height);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.active_border)
        .title(format!(" {} ", t!("confirm.title", locale = app.lang.code())));
    let mut text = lines;
    text.push(Line::default());
    text.push(Line::from(Span::styled(answers, app.theme.key)));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(text).block(block).wrap(Wrap { trim: false }), popup);
}

/// Draws the function picker.
pub fn render_picker(app: &App, frame: &mut Frame, area: Rect, picker: &Picker) {
    let l = app.lang.code();
    let entries = picker.entries(&app.doc, app.lang);
    let width = area.width.saturating_sub(4).min(70);
    let height = area.height.saturating_sub(4).min(entries.len() as u16 + 4).max(6);
    let popup = centered(area, width, height);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.active_border)
        .title(format!(" {} ", t!("picker.title", locale = l)));
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    let [filter, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    let prompt = format!("{} ", t!("picker.filter", locale = l));
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(prompt.clone(), app.theme.key),
            Span::raw(picker.input.value().to_string()),
        ])),
        filter,
    );
    let items: Vec<ListItem> = entries
        .iter()
        .map(|entry| match entry {
            None => ListItem::new(Span::styled(t!("picker.none", locale = l).into_owned(), app.theme.dim)),
            Some(f) => {
                let facts =
                    format!("  {}/{}", f.customers.map_or("?", |v| v.as_str()), f.revenue.map_or("?", |v| v.as_str()));
                ListItem::new(Line::from(vec![
                    Span::raw(sanitize(f.name.get(app.lang)).into_owned()),
                    Span::styled(format!(" ({})", sanitize(&f.key)), app.theme.dim),
                    Span::styled(facts, app.theme.dim),
                ]))
            }
        })
        .collect();
    if items.is_empty() {
        frame.render_widget(Paragraph::new(t!("picker.no_match", locale = l)).style(app.theme.dim), list);
        return;
    }
    let mut state = ListState::default().with_selected(Some(picker.cursor));
    frame.render_stateful_widget(
        List::new(items).highlight_style(app.theme.selection).highlight_symbol("› "),
        list,
        &mut state,
    );
    let x = filter.x + (prompt.chars().count() + picker.input.visual_cursor()) as u16;
    frame.set_cursor_position((x.min(filter.right().saturating_sub(1)), filter.y));
}
