//! The split view of two companies (`frontback A --compare B`): one row per function
//! (or name), the two companies' departments under it in two columns headed by their
//! names, the rows that land on a different side first, each row marked by a symbol
//! (≠ a different side, = the same side, ← only in the first, → only in the second);
//! and the reasons of both sides of the selected row, below the rows or beside them on
//! a wide terminal. Read-only.

use crate::text::t;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};

use crate::classify::{Reasons, Verdict};
use crate::document::Document;
use crate::report::compare::{Key, Kind};
use crate::text::sanitize;
use crate::text::wrap::{fit, fit_spans, push_wrapped, shown};
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::layout::{compare_areas, inside_border, last_scroll};
use crate::tui::state::{App, Compare};
use crate::tui::view::status::key_hint;
use unicode_width::UnicodeWidthStr;

/// The symbol that marks a row of a kind (not its colour alone).
pub fn symbol(kind: Kind) -> &'static str {
    match kind {
        Kind::Differ => "≠",
        Kind::Same => "=",
        Kind::OnlyA => "←",
        Kind::OnlyB => "→",
    }
}

/// Draws the split view in the body.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Some(compare) = &app.compare else { return };
    let (table, reasons) = compare_areas(area);
    render_rows(app, compare, frame, table);
    render_reasons(app, compare, frame, reasons);
}

/// The short verdict of a department under the models shown: `front`, `back`, `?`;
/// `front/back` with both models (customer first).
fn short(app: &App, doc: &Document, id: usize) -> Vec<Span<'static>> {
    let l = app.lang.code();
    let mut spans = Vec::new();
    for (i, model) in app.model_view.models().into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("/"));
        }
        let verdict = doc.classes.of(id).verdict(model);
        let word = match verdict {
            Verdict::Front => t!("ui.front", locale = l).into_owned(),
            Verdict::Back => t!("ui.back", locale = l).into_owned(),
            Verdict::Undetermined => "?".to_string(),
        };
        spans.push(Span::styled(word, app.theme.verdict(verdict)));
    }
    spans
}

/// A cell: each department of one side with its verdict, separated by commas.
fn cell(app: &App, doc: &Document, side: &[usize]) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    for (i, &id) in side.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(", "));
        }
        spans.push(Span::raw(format!("{}: ", shown(doc.org.dept(id).display_name(), 60))));
        spans.extend(short(app, doc, id));
    }
    spans
}

fn render_rows(app: &App, compare: &Compare, frame: &mut Frame, area: Rect) {
    let l = app.lang.code();
    let theme = &app.theme;
    let legend = format!(
        " ≠ {}  = {}  ← {}  → {} ",
        t!("compare_view.legend_differ", locale = l),
        t!("compare_view.legend_same", locale = l),
        t!("compare_view.legend_only_a", locale = l),
        t!("compare_view.legend_only_b", locale = l),
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.active_border)
        .title(super::title(
            &t!("compare_view.title", locale = l, count = app.lang.number(compare.rows.count(Kind::Differ))),
            area.width,
        ))
        .title_bottom(Line::from(Span::styled(legend, theme.dim)));
    let inner = inside_border(area);
    let height = (inner.height as usize).saturating_sub(1);
    // The function's column as wide as its longest label (within reason), the rest
    // shared by the two companies.
    let labels: Vec<String> = compare.rows.rows.iter().map(|row| row.label(&app.doc, app.lang)).collect();
    let heading = t!("compare_view.function", locale = l).into_owned();
    let longest = labels.iter().map(|label| label.width()).chain([heading.width()]).max().unwrap_or(0);
    let free = (inner.width as usize).saturating_sub(MARKER + 3);
    let label_width = longest.min(free / 3).max(1);
    let side_width = free.saturating_sub(label_width) / 2;
    let names = [&app.doc.org.company.name, &compare.other.org.company.name];
    let header = Row::new(vec![
        Cell::from(""),
        Cell::from(fit(&heading, label_width)),
        Cell::from(fit(&shown(names[0], side_width + 1), side_width)),
        Cell::from(fit(&shown(names[1], side_width + 1), side_width)),
    ])
    .style(theme.title);
    let rows: Vec<Row> = compare
        .rows
        .rows
        .iter()
        .zip(labels)
        .enumerate()
        .skip(compare.scroll)
        .take(height)
        .map(|(i, (row, label))| {
            let selected = i == compare.selected;
            let marker = format!("{}{}", if selected { "›" } else { " " }, symbol(row.kind));
            let cells = vec![
                Cell::from(marker),
                Cell::from(fit(&label, label_width)),
                Cell::from(Line::from(fit_spans(cell(app, &app.doc, &row.a), side_width))),
                Cell::from(Line::from(fit_spans(cell(app, &compare.other, &row.b), side_width))),
            ];
            Row::new(cells).style(if selected { theme.selection } else { Style::default() })
        })
        .collect();
    let widths = [
        Constraint::Length(MARKER as u16),
        Constraint::Length(label_width as u16),
        Constraint::Length(side_width as u16),
        Constraint::Length(side_width as u16),
    ];
    frame.render_widget(Table::new(rows, widths).header(header).column_spacing(1).block(block), area);
}

/// The columns of a row's marker: `›` when selected, then the symbol of its kind.
const MARKER: usize = 2;

/// The reasons of the selected row, both sides, wrapped to `width` columns.
pub fn reason_lines(app: &App, compare: &Compare, width: usize) -> Vec<Line<'static>> {
    let l = app.lang.code();
    let lang = app.lang;
    let theme = &app.theme;
    let mut lines = Vec::new();
    let Some(row) = compare.rows.rows.get(compare.selected) else {
        push_wrapped(&mut lines, &t!("compare_view.empty", locale = l), width, theme.dim);
        return lines;
    };
    let names =
        [sanitize(&app.doc.org.company.name).into_owned(), sanitize(&compare.other.org.company.name).into_owned()];
    let kind = match row.kind {
        Kind::Differ => t!("compare_view.kind_differ", locale = l),
        Kind::Same => t!("compare_view.kind_same", locale = l),
        Kind::OnlyA => t!("compare_view.kind_only", locale = l, company = names[0]),
        Kind::OnlyB => t!("compare_view.kind_only", locale = l, company = names[1]),
    };
    push_wrapped(
        &mut lines,
        &format!("{} {} — {kind}", symbol(row.kind), row.label(&app.doc, lang)),
        width,
        theme.title,
    );
    let sides: [(&Document, &Vec<usize>, &String); 2] =
        [(&app.doc, &row.a, &names[0]), (&compare.other, &row.b, &names[1])];
    for (doc, side, company) in sides {
        lines.push(Line::default());
        push_wrapped(&mut lines, company, width, theme.title);
        if side.is_empty() {
            let absent = match row.key {
                Key::Function(_) => t!("compare_view.absent", locale = l),
                Key::Name(_) => t!("compare_view.absent_name", locale = l),
            };
            push_wrapped(&mut lines, &format!("  {absent}"), width, theme.dim);
            continue;
        }
        let reasons = Reasons::new(&doc.org, &doc.catalog, lang);
        for &id in side.iter() {
            side_lines(app, &mut lines, doc, &reasons, id, width);
        }
    }
    lines
}

/// One department of a side: its name and verdicts (customer first when both models
/// show), then the reason of each model shown, which names its model.
fn side_lines(app: &App, lines: &mut Vec<Line<'static>>, doc: &Document, reasons: &Reasons, id: usize, width: usize) {
    let l = app.lang.code();
    let facts = doc.classes.of(id);
    let mut head = vec![Span::raw(format!("  {}: ", sanitize(doc.org.dept(id).display_name())))];
    let models = app.model_view.models();
    for (i, &model) in models.iter().enumerate() {
        if i > 0 {
            head.push(Span::raw(" · "));
        }
        let verdict = facts.verdict(model);
        head.push(Span::styled(verdict.label(app.lang), app.theme.verdict(verdict)));
    }
    if facts.is_grey_area() {
        head.push(Span::styled(format!("  ≈ {}", t!("report.grey_area", locale = l)), app.theme.grey));
    }
    lines.extend(crate::text::wrap::wrap_spans(Line::from(head), width));
    for model in models {
        push_wrapped(lines, &format!("    {}", sanitize(&reasons.reason(id, facts, model))), width, Style::default());
    }
}

fn render_reasons(app: &App, compare: &Compare, frame: &mut Frame, area: Rect) {
    let l = app.lang.code();
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border)
        .title(super::title(&t!("compare_view.why", locale = l), area.width));
    let inner = inside_border(area);
    let lines = reason_lines(app, compare, inner.width as usize);
    let last = last_scroll(lines.len(), inner.height);
    let offset = compare.reasons_scroll.min(last);
    let mut more = Vec::new();
    for (action, arrow, shown) in [(Action::PanelUp, "↑", offset > 0), (Action::PanelDown, "↓", offset < last)] {
        if let Some((key, hint)) = key_hint(app, Mode::Compare, action).filter(|_| shown) {
            more.push(Span::styled(format!(" {arrow} {key} {hint} "), app.theme.key));
        }
    }
    if !more.is_empty() {
        block = block.title_bottom(Line::from(more).right_aligned());
    }
    frame.render_widget(block, area);
    let shown: Vec<Line> = lines.into_iter().skip(offset).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

/// How far the reasons of the selected row scroll in the body `area`.
pub fn max_scroll(app: &App, area: Rect) -> usize {
    let Some(compare) = &app.compare else { return 0 };
    let (_, reasons) = compare_areas(area);
    let inner = inside_border(reasons);
    last_scroll(reason_lines(app, compare, inner.width as usize).len(), inner.height)
}
