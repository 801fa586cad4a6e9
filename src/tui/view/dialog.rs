//! Pop-ups over the screen: the confirmations (delete, quit with unsaved changes,
//! overwrite), the notes editor and the function picker.

use crate::text::t;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph, Wrap};

use unicode_width::UnicodeWidthStr;

use crate::text::sanitize;
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::state::App;
use crate::tui::state::{Confirm, NotesEditor, Picker};

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [popup] = Layout::horizontal([Constraint::Length(width.min(area.width))]).flex(Flex::Center).areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height.min(area.height))]).flex(Flex::Center).areas(popup);
    popup
}

/// The question, in the UI language; its line breaks are kept (each line is escaped
/// on its own, so that a break shows as a break and not as `\u{a}`).
pub fn confirm_question(app: &App, confirm: &Confirm) -> String {
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
                t!("confirm.delete_with", locale = l, name = sanitize(&name), count = app.lang.number(*count))
            };
            question.into_owned()
        }
        Confirm::Quit { .. } => t!("confirm.quit", locale = l).into_owned(),
        Confirm::Overwrite { path, .. } => {
            t!("confirm.overwrite", locale = l, file = sanitize(&path.display().to_string())).into_owned()
        }
        Confirm::ChangedOnDisk { .. } => t!("confirm.changed", locale = l).into_owned(),
        Confirm::Recover(offer) => offer.question.clone(),
        Confirm::ReloadOffer => {
            let key = if app.session.history.is_modified() { "confirm.reload_modified" } else { "confirm.reload" };
            t!(key, locale = l).into_owned()
        }
        Confirm::DiscardNotes(_) => t!("confirm.discard_notes", locale = l).into_owned(),
        Confirm::EditorFailed { diagnostics } => {
            let lines: Vec<_> = diagnostics.lines().map(sanitize).collect();
            format!("{}\n\n{}", t!("confirm.editor_failed", locale = l), lines.join("\n"))
        }
    }
}

/// The answers a question shows, each as its key (the one the keymap binds now) and
/// what it does; an answer the configuration left without a key is not offered.
pub fn confirm_answers(app: &App, confirm: &Confirm) -> Vec<(String, String)> {
    confirm
        .answers()
        .iter()
        .filter_map(|&action| {
            let key = app.keymap.answer_key(Mode::Confirm, action)?;
            let label = match (confirm, action) {
                // "Save" cannot write the file there: it opens save-as and stays.
                (Confirm::Quit { save_as: true }, Action::Save) => {
                    t!("answer.quit.save_as", locale = app.lang.code())
                }
                (Confirm::ChangedOnDisk { quitting: true }, Action::Yes) => {
                    t!("answer.changed.yes_quit", locale = app.lang.code())
                }
                (Confirm::Overwrite { quitting: true, .. }, Action::Yes) => {
                    t!("answer.overwrite.yes_quit", locale = app.lang.code())
                }
                _ => t!(format!("answer.{}.{}", confirm.name(), action.name()), locale = app.lang.code()),
            };
            Some((key.shown(app.lang), label.into_owned()))
        })
        .collect()
}

/// The answers as lines of `key: what it does`: on one line when they fit `width`,
/// else one answer a line.
fn answer_lines(app: &App, answers: &[(String, String)], width: u16) -> Vec<Line<'static>> {
    let answer =
        |(key, label): &(String, String)| [Span::styled(key.clone(), app.theme.key), Span::raw(format!(": {label}"))];
    let one_line: usize =
        answers.iter().map(|(k, l)| k.width() + 2 + l.width()).sum::<usize>() + 3 * answers.len().saturating_sub(1);
    if one_line <= width as usize {
        let mut spans = Vec::new();
        for (i, a) in answers.iter().enumerate() {
            if i > 0 {
                spans.push(Span::raw("   "));
            }
            spans.extend(answer(a));
        }
        vec![Line::from(spans)]
    } else {
        answers.iter().map(|a| Line::from(answer(a).to_vec())).collect()
    }
}

/// How many rows `lines` take wrapped at `width`.
fn rows(lines: &[Line<'static>], width: u16) -> u16 {
    let count = Paragraph::new(lines.to_vec()).wrap(Wrap { trim: false }).line_count(width.max(1));
    u16::try_from(count).unwrap_or(u16::MAX)
}

/// Draws a confirmation, laid out after wrapping: the answers always show in full at
/// the bottom, and the question gets the rows left (cut short with a note when they
/// are too few). When not even the answers fit, the whole area says so and lists the
/// answers' keys, so that a question is never open unseen.
pub fn render_confirm(app: &App, frame: &mut Frame, area: Rect, confirm: &Confirm) {
    let l = app.lang.code();
    let question: Vec<Line<'static>> =
        confirm_question(app, confirm).lines().map(|q| Line::from(q.to_string())).collect();
    let answers = confirm_answers(app, confirm);
    let width = area.width.saturating_sub(4).clamp(area.width.min(24), 72);
    let inner = width.saturating_sub(2);
    let answer_text = answer_lines(app, &answers, inner);
    let (asked, answered) = (rows(&question, inner), rows(&answer_text, inner));
    if answered + 3 > area.height || inner < 8 {
        return render_cramped(app, frame, area, &answers);
    }
    // Borders, the question, a blank line, the answers; the blank line goes first
    // when rows are short, then the question is cut.
    let room = area.height - answered - 2;
    let gap = u16::from(room > asked || room >= 3);
    let shown = asked.min(room - gap);
    let popup = centered(area, width, shown + gap + answered + 2);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.active_border)
        .title(super::title(&t!("confirm.title", locale = l), popup.width));
    let body = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    let [ask, _, answer] =
        Layout::vertical([Constraint::Length(shown), Constraint::Length(gap), Constraint::Length(answered)])
            .areas(body);
    if shown < asked {
        // The question is cut: its last row says so.
        let [ask, note] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(ask);
        frame.render_widget(Paragraph::new(question).wrap(Wrap { trim: false }), ask);
        frame.render_widget(Paragraph::new(t!("confirm.cut", locale = l).into_owned()).style(app.theme.dim), note);
    } else {
        frame.render_widget(Paragraph::new(question).wrap(Wrap { trim: false }), ask);
    }
    frame.render_widget(Paragraph::new(answer_text).wrap(Wrap { trim: false }), answer);
}

/// A question on an area too small for it: says so, then the answers' keys; the keys
/// alone when the message would push them off the area.
fn render_cramped(app: &App, frame: &mut Frame, area: Rect, answers: &[(String, String)]) {
    let mut keys = Vec::new();
    for (i, (key, _)) in answers.iter().enumerate() {
        if i > 0 {
            keys.push(Span::raw(" "));
        }
        keys.push(Span::styled(key.clone(), app.theme.key));
    }
    let keys = Line::from(keys);
    let said = vec![Line::from(t!("confirm.too_small", locale = app.lang.code()).into_owned()), keys.clone()];
    let text = if rows(&said, area.width) <= area.height { said } else { vec![keys] };
    let height = rows(&text, area.width).min(area.height);
    let at = Rect { y: area.y + (area.height - height) / 2, height, ..area };
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(text).alignment(Alignment::Center).wrap(Wrap { trim: false }), at);
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
        .title(super::title(&t!("picker.title", locale = l), popup.width));
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
                // The values in the interface's language, as the panel shows them.
                let value = |v: Option<crate::org::Level>| {
                    v.map_or_else(|| "?".to_string(), |v| t!(format!("level.{}", v.as_str()), locale = l).into_owned())
                };
                let facts = format!("  {}/{}", value(f.customers), value(f.revenue));
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

/// Draws the notes editor: the text area in a frame titled with the department's
/// name, its keys in the bottom border (every key that saves).
pub fn render_notes(app: &App, frame: &mut Frame, area: Rect, editor: &NotesEditor) {
    let l = app.lang.code();
    let keys =
        |action: Action| app.keymap.keys(Mode::Notes, action).map(|k| k.shown(app.lang)).collect::<Vec<_>>().join("/");
    let width = area.width.saturating_sub(4).min(76);
    let height = area.height.saturating_sub(2).clamp(area.height.min(5), 16);
    let popup = centered(area, width, height);
    let hint = t!(
        "notes.keys",
        locale = l,
        save = keys(Action::Confirm),
        cancel = keys(Action::Cancel),
        editor = keys(Action::ExternalEditor)
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.active_border)
        .title(super::title(&t!("notes.title", locale = l, name = editor.name.as_str()), popup.width))
        .title_bottom(Line::from(format!(" {hint} ")).style(app.theme.dim));
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    frame.render_widget(&editor.area, inner);
}
