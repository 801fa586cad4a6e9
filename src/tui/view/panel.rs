//! The panel for the selected department: path, function, both facts with their
//! source, the verdict and reason under each model (the active one first and
//! emphasised), a grey-area callout, the function's teaching note and the notes, and
//! on its last row a link to the fact of the concept the department illustrates. In
//! reveal mode, until revealed: the facts and the notes only.

use crate::text::t;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::classify::{Model, reason};
use crate::org::{DeptId, FactKind};
use crate::text::capitalize;
use crate::text::wrap::{MOST_LINES, fit_spans, shown_long};
use crate::text::wrap::{paragraph_height, push_wrapped};
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::layout::{inside_border, last_scroll};
use crate::tui::state::{App, ModelView};
use crate::tui::view::status::key_hint;

/// Draws the panel. What does not fit scrolls (`panel-down`, `panel-up`, the mouse
/// wheel over the panel); the bottom border says which way there is more.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang.code();
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border)
        .title(super::title(&t!("panel.title", locale = l), area.width));
    let Some(id) = app.explorer.outline.selected() else {
        frame.render_widget(Paragraph::new(t!("ui.empty_org", locale = l)).block(block), area);
        return;
    };
    let inner = block.inner(area);
    let parts = parts(app, id, inner);
    let last = last_offset(&parts.scrolled, parts.area);
    let offset = app.panel_offset().min(last);
    let mut more = Vec::new();
    for (action, arrow, shown) in [(Action::PanelUp, "↑", offset > 0), (Action::PanelDown, "↓", offset < last)] {
        if let Some((key, hint)) = key_hint(app, Mode::Explorer, action).filter(|_| shown) {
            more.push(Span::styled(format!(" {arrow} {key} {hint} "), app.theme.key));
        }
    }
    if !more.is_empty() {
        block = block.title_bottom(Line::from(more).right_aligned());
    }
    frame.render_widget(block, area);
    for (paragraph, place) in parts.fixed {
        frame.render_widget(paragraph, place);
    }
    frame.render_widget(parts.scrolled.scroll((offset as u16, 0)), parts.area);
}

/// How far the panel of the selected department can scroll in the body `area`.
pub fn max_scroll(app: &App, area: Rect) -> usize {
    let Some(id) = app.explorer.outline.selected() else { return 0 };
    let parts = parts(app, id, inside_border(area));
    last_offset(&parts.scrolled, parts.area)
}

/// The largest useful scroll offset of `paragraph` in `area`.
fn last_offset(paragraph: &Paragraph<'_>, area: Rect) -> usize {
    last_scroll(paragraph_height(paragraph, area.width), area.height)
}

/// The panel laid out in its inner area: the parts that stay put, and the part that
/// scrolls with its area.
struct Parts {
    fixed: Vec<(Paragraph<'static>, Rect)>,
    scrolled: Paragraph<'static>,
    area: Rect,
}

/// Everything scrolls when one model shows; with both side by side, the facts and the
/// two columns stay and what is under them scrolls.
fn parts(app: &App, id: DeptId, inner: Rect) -> Parts {
    let top = facts_lines(app, id);
    let mut fixed = Vec::new();
    // The link to the concepts screen keeps the bottom row.
    let inner = match link_line(app, inner) {
        Some((line, row)) => {
            fixed.push((Paragraph::new(line), row));
            Rect { height: inner.height - 1, ..inner }
        }
        None => inner,
    };
    if app.explorer.hides(id) {
        // Reveal mode: the facts and the department's own notes, for the class to
        // reason from; no verdict, reason, grey-area callout or teaching note.
        let mut lines = top;
        lines.push(Line::default());
        lines.extend(hidden_lines(app, inner.width as usize));
        lines.extend(dept_notes_lines(app, id));
        return Parts { fixed, scrolled: Paragraph::new(lines).wrap(Wrap { trim: false }), area: inner };
    }
    let mut bottom = function_note_lines(app, id);
    bottom.extend(dept_notes_lines(app, id));
    match app.model_view {
        ModelView::One(model) => {
            let mut lines = top;
            lines.push(Line::default());
            let width = inner.width as usize;
            lines.extend(verdict_lines(app, id, model, true, false, width));
            lines.push(Line::default());
            lines.extend(verdict_lines(app, id, model.other(), false, false, width));
            lines.extend(callout_lines(app, id, width));
            lines.extend(bottom);
            Parts { fixed, scrolled: Paragraph::new(lines).wrap(Wrap { trim: false }), area: inner }
        }
        ModelView::Both => {
            let columns = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).spacing(2);
            let [left, right] = columns.areas(inner);
            let verdicts = [(Model::Customer, left), (Model::Profit, right)].map(|(model, column)| {
                let lines = verdict_lines(app, id, model, true, true, column.width as usize);
                let border = Block::default().borders(Borders::TOP).border_style(app.theme.border);
                (Paragraph::new(lines).wrap(Wrap { trim: false }).block(border), column)
            });
            // Each column as tall as the longer reason, its border included.
            let side = verdicts.iter().map(|(p, column)| paragraph_height(p, column.width)).max().unwrap_or(0) as u16;
            let facts = Paragraph::new(top).wrap(Wrap { trim: false });
            let top_height = paragraph_height(&facts, inner.width) as u16 + 1;
            let [facts_area, models, rest] =
                Layout::vertical([Constraint::Length(top_height), Constraint::Length(side), Constraint::Min(0)])
                    .areas(inner);
            fixed.push((facts, facts_area));
            fixed.extend(verdicts.map(|(p, column)| (p, Rect { y: models.y, height: models.height, ..column })));
            let mut lines = callout_lines(app, id, inner.width as usize);
            lines.extend(bottom);
            Parts { fixed, scrolled: Paragraph::new(lines).wrap(Wrap { trim: false }), area: rest }
        }
    }
}

/// Name, path, function and the two facts with their sources.
fn facts_lines(app: &App, id: DeptId) -> Vec<Line<'static>> {
    let l = app.lang.code();
    let theme = &app.theme;
    let org = &app.doc.org;
    let dept = org.dept(id);
    let path: Vec<String> = org.ancestors_and_self(id).map(|d| shown_long(org.dept(d).display_name())).collect();
    let path: Vec<String> = path.into_iter().rev().collect();
    let label = |key: &str| Span::styled(format!("{}: ", t!(key, locale = l)), theme.dim);
    let mut lines = vec![
        Line::from(Span::styled(shown_long(dept.display_name()), theme.title)),
        Line::from(vec![label("panel.path"), Span::raw(path.join(" › "))]),
        Line::from(vec![
            label("panel.id"),
            Span::raw(shown_long(&dept.id)),
            Span::styled(format!("  ({})", t!("panel.id_note", locale = l)), theme.dim),
        ]),
    ];
    let function = match &dept.function {
        Some(key) => match app.doc.catalog.get(key) {
            Some(f) => format!("{} ({key})", f.name.get(app.lang)),
            None => key.to_string(),
        },
        None => t!("panel.no_function", locale = l).into_owned(),
    };
    lines.push(Line::from(vec![label("panel.function"), Span::raw(shown_long(&function))]));
    let facts = app.doc.classes.of(id);
    for kind in [FactKind::Customers, FactKind::Revenue] {
        let fact = facts.fact(kind);
        let value = fact.value.map_or_else(
            || t!("panel.unknown", locale = l).into_owned(),
            |v| t!(format!("level.{}", v.as_str()), locale = l).into_owned(),
        );
        let source = match fact.inherited_from(org, id) {
            Some(from) => {
                t!("panel.source_inherited", locale = l, ancestor = shown_long(org.dept(from).display_name()))
                    .into_owned()
            }
            None => t!(format!("panel.source.{}", fact.source.as_str()), locale = l).into_owned(),
        };
        lines.push(Line::from(vec![
            label(&format!("panel.fact.{}", kind.field())),
            Span::styled(value, theme.title),
            Span::styled(format!("  ({source})"), theme.dim),
        ]));
    }
    lines
}

/// The verdict under one model and its reason; `stacked`, the verdict on a line of its
/// own under the model's name.
fn verdict_lines(app: &App, id: DeptId, model: Model, active: bool, stacked: bool, width: usize) -> Vec<Line<'static>> {
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
    if !stacked {
        model_label.push_str(": ");
    }
    let reason = reason(&app.doc.org, &app.doc.catalog, id, facts, model, app.lang);
    let label = Span::styled(model_label, if active { theme.title } else { theme.dim });
    let verdict_span = Span::styled(format!("{} {}", verdict.badge(), verdict.label(app.lang).to_uppercase()), heading);
    // In a narrow column ("both models", where both are active) the verdict goes
    // whole under the model's name: "[F] FRONT OFFICE" fits in 20 columns.
    let mut lines = if stacked {
        vec![Line::from(label), Line::from(verdict_span)]
    } else {
        vec![Line::from(vec![Span::styled(marker.to_string(), heading), label, verdict_span])]
    };
    push_wrapped(&mut lines, &format!("  {reason}"), width, if active { Style::new() } else { theme.dim });
    lines
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
    push_wrapped(&mut lines, &format!("  {}", t!("panel.grey_body", locale = l)), width, app.theme.grey);
    lines
}

/// In reveal mode, in place of the verdicts: they are hidden, ask the class, and the
/// key that reveals them.
fn hidden_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let l = app.lang.code();
    let key = app.keymap.first_shown(Mode::Explorer, Action::RevealVerdict, app.lang);
    let mut lines = vec![Line::from(Span::styled(t!("panel.hidden_title", locale = l).into_owned(), app.theme.title))];
    push_wrapped(&mut lines, &format!("  {}", t!("panel.hidden_body", locale = l, key = key)), width, Style::new());
    lines
}

/// The panel's last row: "i → why? concept 5: Grey areas", a link (the key or a click)
/// to that fact on the concepts screen, and where it goes.
fn link_line(app: &App, inner: Rect) -> Option<(Line<'static>, Rect)> {
    let panel = Rect { x: inner.x - 1, y: inner.y - 1, width: inner.width + 2, height: inner.height + 2 };
    let (row, fact) = crate::tui::layout::concept_link(app, panel)?;
    let l = app.lang.code();
    let key = app.keymap.first_shown(Mode::Explorer, Action::FollowConcept, app.lang);
    let text = t!("panel.concept_link", locale = l, number = fact.number(), title = fact.title(app.lang));
    let spans = vec![
        Span::styled(format!("{key} → "), app.theme.key),
        Span::styled(text.into_owned(), Style::new().add_modifier(Modifier::UNDERLINED)),
    ];
    Some((Line::from(fit_spans(spans, row.width as usize)), row))
}

/// The function's teaching note.
fn function_note_lines(app: &App, id: DeptId) -> Vec<Line<'static>> {
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
            lines.push(Line::from(shown_long(note)));
        }
    }
    lines
}

/// The department's own notes.
fn dept_notes_lines(app: &App, id: DeptId) -> Vec<Line<'static>> {
    let l = app.lang.code();
    let theme = &app.theme;
    let dept = app.doc.org.dept(id);
    let mut lines = Vec::new();
    if let Some(notes) = &dept.notes {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(t!("panel.notes", locale = l).into_owned(), theme.title)));
        for line in notes.lines().take(MOST_LINES) {
            lines.push(Line::from(shown_long(line)));
        }
    }
    lines
}
