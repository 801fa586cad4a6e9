//! The panel for the selected department: path, function, both facts with their
//! source, the verdict and reason under each model (the active one first and
//! emphasised), a grey-area callout, the function's teaching note and the notes.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use rust_i18n::t;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::classify::{Model, Source, reason};
use crate::org::{DeptId, FactKind};
use crate::text::sanitize;
use crate::tui::action::Action;
use crate::tui::app::{App, ModelView};
use crate::tui::keymap::Mode;

/// Draws the panel. What does not fit scrolls (`panel-down`, `panel-up`, the mouse
/// wheel over the panel); the bottom border says which way there is more.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang.code();
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border)
        .title(format!(" {} ", t!("panel.title", locale = l)));
    let Some(id) = app.outline.selected() else {
        frame.render_widget(Paragraph::new(t!("ui.empty_org", locale = l)).block(block), area);
        return;
    };
    let inner = block.inner(area);
    let (scrolled, scrolled_area) = scrolled_part(app, id, inner, frame);
    let last = last_offset(&scrolled, scrolled_area);
    let offset = app.panel_offset().min(last);
    let mut more = Vec::new();
    for (action, arrow, shown) in [(Action::PanelUp, "↑", offset > 0), (Action::PanelDown, "↓", offset < last)] {
        if let Some(key) = app.keymap.keys(Mode::Explorer, action).next().filter(|_| shown) {
            let hint = t!(format!("hint.{}", action.name()), locale = l);
            more.push(Span::styled(format!(" {arrow} {key} {hint} "), app.theme.key));
        }
    }
    if !more.is_empty() {
        block = block.title_bottom(Line::from(more).right_aligned());
    }
    frame.render_widget(block, area);
    frame.render_widget(scrolled.scroll((offset as u16, 0)), scrolled_area);
}

/// How far the panel of the selected department can scroll in the body `area`.
pub fn max_scroll(app: &App, area: Rect) -> usize {
    let Some(id) = app.outline.selected() else { return 0 };
    let inner = Block::default().borders(Borders::ALL).inner(area);
    let (scrolled, scrolled_area) = scrolled_part(app, id, inner, &mut NoFrame);
    last_offset(&scrolled, scrolled_area)
}

/// The largest useful scroll offset of `paragraph` in `area`.
fn last_offset(paragraph: &Paragraph<'_>, area: Rect) -> usize {
    paragraph.line_count(area.width).saturating_sub(area.height as usize)
}

/// Where the parts of the panel that never scroll are drawn: a frame, or nowhere
/// when only the scrollable part's size is wanted.
trait Canvas {
    fn draw(&mut self, paragraph: Paragraph<'_>, area: Rect);
}

impl Canvas for Frame<'_> {
    fn draw(&mut self, paragraph: Paragraph<'_>, area: Rect) {
        self.render_widget(paragraph, area);
    }
}

struct NoFrame;

impl Canvas for NoFrame {
    fn draw(&mut self, _: Paragraph<'_>, _: Rect) {}
}

/// Draws the fixed parts of the panel in `inner` and returns the part that scrolls,
/// with its area: everything when one model shows; with both side by side, what is
/// under them.
fn scrolled_part(app: &App, id: DeptId, inner: Rect, canvas: &mut impl Canvas) -> (Paragraph<'static>, Rect) {
    let top = facts_lines(app, id);
    let bottom = notes_lines(app, id);
    match app.model_view {
        ModelView::One(model) => {
            let mut lines = top;
            lines.push(Line::default());
            let width = inner.width as usize;
            lines.extend(verdict_lines(app, id, model, true, width));
            lines.push(Line::default());
            lines.extend(verdict_lines(app, id, model.other(), false, width));
            lines.extend(callout_lines(app, id, width));
            lines.extend(bottom);
            (Paragraph::new(lines).wrap(Wrap { trim: false }), inner)
        }
        ModelView::Both => {
            // Facts on top, the two models side by side, then the rest.
            let columns = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).spacing(2);
            let [left, right] = columns.areas(inner);
            let verdicts = [(Model::Customer, left), (Model::Profit, right)]
                .map(|(model, column)| (verdict_lines(app, id, model, true, column.width as usize), column));
            // Each column as tall as the longer reason, under its border.
            let side = verdicts
                .iter()
                .map(|(lines, column)| {
                    Paragraph::new(lines.clone()).wrap(Wrap { trim: false }).line_count(column.width)
                })
                .max()
                .unwrap_or(0) as u16
                + 1;
            let top_height = Paragraph::new(top.clone()).wrap(Wrap { trim: false }).line_count(inner.width) as u16 + 1;
            let [facts, models, rest] =
                Layout::vertical([Constraint::Length(top_height), Constraint::Length(side), Constraint::Min(0)])
                    .areas(inner);
            canvas.draw(Paragraph::new(top).wrap(Wrap { trim: false }), facts);
            for (lines, column) in verdicts {
                let column = Rect { y: models.y, height: models.height, ..column };
                canvas.draw(
                    Paragraph::new(lines)
                        .wrap(Wrap { trim: false })
                        .block(Block::default().borders(Borders::TOP).border_style(app.theme.border)),
                    column,
                );
            }
            let mut lines = callout_lines(app, id, inner.width as usize);
            lines.extend(bottom);
            (Paragraph::new(lines).wrap(Wrap { trim: false }), rest)
        }
    }
}

/// Name, path, function and the two facts with their sources.
fn facts_lines(app: &App, id: DeptId) -> Vec<Line<'static>> {
    let l = app.lang.code();
    let theme = &app.theme;
    let org = &app.doc.org;
    let dept = org.dept(id);
    let path: Vec<String> =
        org.ancestors_and_self(id).map(|d| sanitize(org.dept(d).display_name()).into_owned()).collect();
    let path: Vec<String> = path.into_iter().rev().collect();
    let label = |key: &str| Span::styled(format!("{}: ", t!(key, locale = l)), theme.dim);
    let mut lines = vec![
        Line::from(Span::styled(sanitize(dept.display_name()).into_owned(), theme.title)),
        Line::from(vec![label("panel.path"), Span::raw(path.join(" › "))]),
        Line::from(vec![
            label("panel.id"),
            Span::raw(sanitize(&dept.id).into_owned()),
            Span::styled(format!("  ({})", t!("panel.id_note", locale = l)), theme.dim),
        ]),
    ];
    let function = match &dept.function {
        Some(key) => match app.doc.catalog.get(key) {
            Some(f) => format!("{} ({key})", f.name.get(app.lang)),
            None => key.clone(),
        },
        None => t!("panel.no_function", locale = l).into_owned(),
    };
    lines.push(Line::from(vec![label("panel.function"), Span::raw(sanitize(&function).into_owned())]));
    let facts = app.doc.classes.of(id);
    for kind in [FactKind::Customers, FactKind::Revenue] {
        let fact = facts.fact(kind);
        let value = fact.value.map_or_else(|| t!("panel.unknown", locale = l).into_owned(), |v| v.as_str().to_string());
        let source = match fact.source {
            Source::Inherited { from } => {
                t!("panel.source_inherited", locale = l, ancestor = sanitize(org.dept(from).display_name()))
                    .into_owned()
            }
            other => t!(format!("panel.source.{}", other.as_str()), locale = l).into_owned(),
        };
        lines.push(Line::from(vec![
            label(&format!("panel.fact.{}", kind.field())),
            Span::styled(value, theme.title),
            Span::styled(format!("  ({source})"), theme.dim),
        ]));
    }
    lines
}

/// The verdict under one model and its reason.
fn verdict_lines(app: &App, id: DeptId, model: Model, active: bool, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let facts = app.doc.classes.of(id);
    let verdict = facts.verdict(model);
    let mut heading = theme.verdict(verdict).add_modifier(Modifier::BOLD);
    if !active {
        heading = theme.dim;
    }
    let marker = if active { "▶ " } else { "  " };
    let model_label = model.label(app.lang);
    let mut model_label = capitalize(&model_label);
    model_label.push_str(": ");
    let reason = reason(&app.doc.org, &app.doc.catalog, id, facts, model, app.lang);
    let mut lines = vec![Line::from(vec![
        Span::styled(marker.to_string(), heading),
        Span::styled(model_label, if active { theme.title } else { theme.dim }),
        Span::styled(format!("{} {}", verdict.badge(), verdict.label(app.lang).to_uppercase()), heading),
    ])];
    lines.extend(hanging(&reason, width, if active { Style::new() } else { theme.dim }));
    lines
}

/// `text` wrapped at word boundaries to `width` columns, every line indented by two
/// spaces (a word too long for a line is cut).
fn hanging(text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    let room = width.saturating_sub(2).max(8);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split_whitespace() {
        let mut word = word.to_string();
        loop {
            let w = word.width();
            let gap = usize::from(used > 0);
            if used + gap + w <= room {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(&word);
                used += gap + w;
                break;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
                continue;
            }
            // Alone and still too long: cut it where the line is full.
            let mut cut = 0;
            let mut taken = 0;
            for (i, c) in word.char_indices() {
                let cw = c.width().unwrap_or(0);
                if taken + cw > room {
                    break;
                }
                (cut, taken) = (i + c.len_utf8(), taken + cw);
            }
            let cut = cut.max(word.chars().next().map_or(0, char::len_utf8));
            lines.push(word[..cut].to_string());
            word = word[cut..].to_string();
            if word.is_empty() {
                break;
            }
        }
    }
    if used > 0 || lines.is_empty() {
        lines.push(line);
    }
    lines.into_iter().map(|l| Line::from(Span::styled(format!("  {l}"), style))).collect()
}

/// The grey-area callout, when the models disagree.
fn callout_lines(app: &App, id: DeptId, width: usize) -> Vec<Line<'static>> {
    let l = app.lang.code();
    if !app.doc.classes.of(id).is_grey_area() {
        return Vec::new();
    }
    let mut lines = vec![
        Line::default(),
        Line::from(Span::styled(
            format!("≈ {}", t!("panel.grey_title", locale = l)),
            app.theme.grey.add_modifier(Modifier::BOLD),
        )),
    ];
    lines.extend(hanging(&t!("panel.grey_body", locale = l), width, app.theme.grey));
    lines
}

/// The function's teaching note and the department's notes.
fn notes_lines(app: &App, id: DeptId) -> Vec<Line<'static>> {
    let l = app.lang.code();
    let theme = &app.theme;
    let dept = app.doc.org.dept(id);
    let mut lines = Vec::new();
    if let Some(function) = dept.function.as_deref().and_then(|k| app.doc.catalog.get(k)) {
        let note = function.note.get(app.lang);
        if !note.is_empty() {
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                t!("panel.about_function", locale = l, function = function.name.get(app.lang)).into_owned(),
                theme.title,
            )));
            lines.push(Line::from(sanitize(note).into_owned()));
        }
    }
    if let Some(notes) = &dept.notes {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(t!("panel.notes", locale = l).into_owned(), theme.title)));
        for line in notes.lines() {
            lines.push(Line::from(sanitize(line).into_owned()));
        }
    }
    lines
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}
