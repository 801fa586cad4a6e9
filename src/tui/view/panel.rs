//! The panel for the selected department: path, function, both facts with their
//! source, the verdict and reason under each model (the active one first and
//! emphasised), a grey-area callout, the function's teaching note and the notes.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use rust_i18n::t;

use crate::classify::{Model, Source, reason};
use crate::org::{DeptId, FactKind};
use crate::text::sanitize;
use crate::tui::app::{App, ModelView};

/// Draws the panel.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang.code();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border)
        .title(format!(" {} ", t!("panel.title", locale = l)));
    let Some(id) = app.outline.selected() else {
        frame.render_widget(Paragraph::new(t!("ui.empty_org", locale = l)).block(block), area);
        return;
    };
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let top = facts_lines(app, id);
    let bottom = notes_lines(app, id);
    match app.model_view {
        ModelView::One(model) => {
            let mut lines = top;
            lines.push(Line::default());
            lines.extend(verdict_lines(app, id, model, true));
            lines.push(Line::default());
            lines.extend(verdict_lines(app, id, model.other(), false));
            lines.extend(callout_lines(app, id));
            lines.extend(bottom);
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        }
        ModelView::Both => {
            // Facts on top, the two models side by side, then the rest.
            let side = verdict_lines(app, id, Model::Customer, true).len().max(4) as u16 + 2;
            let top_height = top.len() as u16 + 1;
            let [facts, models, rest] =
                Layout::vertical([Constraint::Length(top_height), Constraint::Length(side * 2), Constraint::Min(0)])
                    .areas(inner);
            frame.render_widget(Paragraph::new(top).wrap(Wrap { trim: false }), facts);
            let [left, right] =
                Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(models);
            for (model, column) in [(Model::Customer, left), (Model::Profit, right)] {
                let lines = verdict_lines(app, id, model, true);
                frame.render_widget(
                    Paragraph::new(lines)
                        .wrap(Wrap { trim: false })
                        .block(Block::default().borders(Borders::TOP).border_style(app.theme.border)),
                    column,
                );
            }
            let mut lines = callout_lines(app, id);
            lines.extend(bottom);
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), rest);
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
fn verdict_lines(app: &App, id: DeptId, model: Model, active: bool) -> Vec<Line<'static>> {
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
    vec![
        Line::from(vec![
            Span::styled(marker.to_string(), heading),
            Span::styled(model_label, if active { theme.title } else { theme.dim }),
            Span::styled(format!("{} {}", verdict.badge(), verdict.label(app.lang).to_uppercase()), heading),
        ]),
        Line::from(Span::styled(format!("  {reason}"), if active { Style::new() } else { theme.dim })),
    ]
}

/// The grey-area callout, when the models disagree.
fn callout_lines(app: &App, id: DeptId) -> Vec<Line<'static>> {
    let l = app.lang.code();
    if !app.doc.classes.of(id).is_grey_area() {
        return Vec::new();
    }
    vec![
        Line::default(),
        Line::from(Span::styled(
            format!("≈ {}", t!("panel.grey_title", locale = l)),
            app.theme.grey.add_modifier(Modifier::BOLD),
        )),
        Line::from(Span::styled(format!("  {}", t!("panel.grey_body", locale = l)), app.theme.grey)),
    ]
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
