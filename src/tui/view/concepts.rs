//! The concepts screen: the eight facts of the concept, numbered 1–8 in the language
//! of the interface, short and illustrated. A little plan of the old shop (back rooms,
//! doorway, front room on the street), then where the words come from, the two models,
//! the grey areas with a table of the classic examples, accounting, IT, and "enabling
//! is not earning". Scrolls with `↑`/`↓`, pages, steps fact by fact; the bottom row
//! says when there is more above or below.

use crate::text::t;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::classify::Model;
use crate::concept::Fact;
use crate::text::wrap::{fit, fit_spans, wrap};
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::layout::{concepts_text_area as text_area, last_scroll};
use crate::tui::state::App;

/// Draws the view.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let (lines, _) = laid_out(app, text_area(area).width as usize);
    let (text, footer) = split(text_area(area), lines.len());
    let last = last_scroll(lines.len(), text.height);
    let scroll = app.teaching.plan_scroll.min(last);
    frame.render_widget(Paragraph::new(lines).scroll((scroll.min(u16::MAX as usize) as u16, 0)), text);
    if let Some(footer) = footer {
        frame.render_widget(Paragraph::new(more_line(app, scroll, last, footer.width as usize)), footer);
    }
}

/// The text's rows and, when it does not fit whole, the row under them that says
/// there is more.
fn split(area: Rect, lines: usize) -> (Rect, Option<Rect>) {
    if lines <= area.height as usize || area.height < 2 {
        return (area, None);
    }
    let text = Rect { height: area.height - 1, ..area };
    (text, Some(Rect { y: area.bottom() - 1, height: 1, ..area }))
}

/// Where the text is scrolled ([`super::more_text`]), fitted to `width`.
fn more_line(app: &App, scroll: usize, last: usize, width: usize) -> Line<'static> {
    let text = fit(&super::more_text(app, Mode::Teaching, scroll, last, true), width);
    let pad = width.saturating_sub(text.width());
    Line::from(vec![Span::raw(" ".repeat(pad)), Span::styled(text, app.theme.key)])
}

/// The furthest the screen scrolls in `area`: its last line at the bottom.
pub fn max_scroll(app: &App, area: Rect) -> usize {
    let area = text_area(area);
    let count = laid_out(app, area.width as usize).0.len();
    last_scroll(count, split(area, count).0.height)
}

/// Where each fact starts on the screen drawn in `area`, in the order of [`Fact::ALL`].
pub fn fact_lines(app: &App, area: Rect) -> [usize; 8] {
    laid_out(app, text_area(area).width as usize).1
}

/// Every line of the screen, word-wrapped to `width`, and the line where each fact
/// starts (its heading, below a blank line).
fn laid_out(app: &App, width: usize) -> (Vec<Line<'static>>, [usize; 8]) {
    let l = app.lang.code();
    let theme = &app.theme;
    let text = |key: &str| t!(key, locale = l).into_owned();
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut starts = [0; 8];
    let paragraph = |out: &mut Vec<Line<'static>>, body: &str, style: Style| {
        for row in wrap(body, width) {
            out.push(Line::from(Span::styled(row, style)));
        }
    };
    let mut heading = |out: &mut Vec<Line<'static>>, fact: Fact| {
        out.push(Line::default());
        starts[fact.number() - 1] = out.len();
        let title = t!("teach.concepts.fact_heading", locale = l, number = fact.number(), title = fact.title(app.lang));
        // The fact followed or stepped to: marked by an arrow, not by colour alone.
        let (lead, style) = if app.teaching.fact == Some(fact) {
            ("▶ ", theme.key.add_modifier(Modifier::BOLD))
        } else {
            ("", theme.title)
        };
        for row in wrap(&format!("{lead}{title}"), width) {
            out.push(Line::from(Span::styled(row, style)));
        }
    };
    paragraph(&mut out, &text("teach.concepts.title"), theme.title.add_modifier(Modifier::UNDERLINED));
    out.push(Line::default());
    out.extend(picture(app, width));

    heading(&mut out, Fact::Origin);
    paragraph(&mut out, &text("teach.concepts.origin"), Style::new());
    heading(&mut out, Fact::Back);
    paragraph(&mut out, &text("teach.concepts.back"), Style::new());
    heading(&mut out, Fact::Front);
    paragraph(&mut out, &text("teach.concepts.front"), Style::new());

    let key = |action: Action| app.keymap.first_shown(Mode::Teaching, action, app.lang);
    heading(&mut out, Fact::Models);
    let models = t!("teach.concepts.models", locale = l, key = key(Action::CycleModel));
    paragraph(&mut out, &models, Style::new());
    let active = app.model_view.primary();
    for model in Model::ALL {
        let style = if app.model_view.models().contains(&model) { theme.key } else { Style::new() };
        let marker = if model == active { "▶ " } else { "• " };
        let body = text(&format!("teach.concepts.{}_model", model.as_str()));
        for (i, row) in wrap(&body, width.saturating_sub(2)).into_iter().enumerate() {
            let lead = if i == 0 { marker } else { "  " };
            out.push(Line::from(vec![Span::styled(lead, style), Span::styled(row, style)]));
        }
    }

    heading(&mut out, Fact::Grey);
    paragraph(&mut out, &text("teach.concepts.grey"), Style::new());
    out.push(Line::default());
    out.extend(table(app, width));

    heading(&mut out, Fact::Accounting);
    paragraph(&mut out, &text("teach.concepts.accounting"), Style::new());
    heading(&mut out, Fact::It);
    paragraph(&mut out, &text("teach.concepts.it"), Style::new());
    heading(&mut out, Fact::Enabling);
    paragraph(&mut out, &text("teach.concepts.enabling"), Style::new());

    out.push(Line::default());
    let try_it = t!(
        "teach.concepts.try",
        locale = l,
        plan = key(Action::ViewFloorPlan),
        quiz = key(Action::ViewQuiz),
        model = key(Action::CycleModel)
    );
    paragraph(&mut out, &try_it, theme.dim);
    (out, starts)
}

/// The old shop in a dozen lines: back rooms, a doorway, the front room, the street.
fn picture(app: &App, width: usize) -> Vec<Line<'static>> {
    let l = app.lang.code();
    let theme = &app.theme;
    let text = |key: &str| t!(key, locale = l).into_owned();
    let back = text("teach.concepts.pic_back");
    let back_items = text("teach.concepts.pic_back_items");
    let front = text("teach.concepts.pic_front");
    let front_items = text("teach.concepts.pic_front_items");
    let door = text("teach.concepts.pic_door");
    let entrance = format!(" {} ", text("teach.plan.entrance"));
    let street = format!(" {} ", text("teach.plan.street"));
    // The building is as wide as its longest text, and no wider than the screen.
    let indent = if width >= 40 { 2 } else { 0 };
    let longest = [&back, &back_items, &front, &front_items].iter().map(|s| s.width()).max().unwrap_or(0);
    let outer = (longest + 4).max(door.width() + 12).max(entrance.width() + 8).max(30).min(width - indent);
    let inner = outer.saturating_sub(2);
    let pad = " ".repeat(indent);
    let border = theme.border;
    let room = |label: &str, style: Style| {
        let mut spans = vec![Span::raw(pad.clone()), Span::styled("│ ", border)];
        spans.extend(fit_spans(vec![Span::styled(label.to_string(), style)], inner.saturating_sub(2)));
        spans.push(Span::styled(" │", border));
        Line::from(spans)
    };
    // The wall across: two corners, two jambs, and the wall either side of the door.
    let across = inner.saturating_sub(2);
    let door_width = (door.width() + 4).min(across);
    let left = (across - door_width) / 2;
    let right = across - door_width - left;
    let entrance_text = fit(&entrance, inner.saturating_sub(2));
    let e_left = (inner.saturating_sub(2) - entrance_text.width()) / 2;
    let e_right = inner.saturating_sub(2) - entrance_text.width() - e_left;
    let street_text = fit(&street, outer);
    let s_left = (outer - street_text.width()) / 2;
    let s_right = outer - street_text.width() - s_left;
    let line = |parts: Vec<Span<'static>>| {
        let mut spans = vec![Span::raw(pad.clone())];
        spans.extend(parts);
        Line::from(spans)
    };
    let door_label = fit(&door, door_width);
    let d_left = (door_width - door_label.width()) / 2;
    let d_right = door_width - door_label.width() - d_left;
    vec![
        line(vec![Span::styled(format!("┌{}┐", "─".repeat(inner)), border)]),
        room(&back, theme.back.add_modifier(Modifier::BOLD)),
        room(&back_items, theme.back),
        line(vec![Span::styled(
            format!("├{}┐{}┌{}┤", "─".repeat(left), " ".repeat(door_width), "─".repeat(right)),
            border,
        )]),
        line(vec![
            Span::styled(format!("│{}│", "░".repeat(left)), border),
            Span::raw(" ".repeat(d_left)),
            Span::styled(door_label, theme.grey),
            Span::raw(" ".repeat(d_right)),
            Span::styled(format!("│{}│", "░".repeat(right)), border),
        ]),
        line(vec![Span::styled(
            format!("├{}┘{}└{}┤", "─".repeat(left), " ".repeat(door_width), "─".repeat(right)),
            border,
        )]),
        room(&front, theme.front.add_modifier(Modifier::BOLD)),
        room(&front_items, theme.front),
        line(vec![
            Span::styled(format!("└{}╴", "─".repeat(e_left)), border),
            Span::styled(entrance_text, theme.dim),
            Span::styled(format!("╶{}┘", "─".repeat(e_right)), border),
        ]),
        line(vec![
            Span::styled("═".repeat(s_left), border),
            Span::styled(street_text, theme.title),
            Span::styled("═".repeat(s_right), border),
        ]),
    ]
}

/// The classic examples under both models: sales, post-sales support (grey), accounting
/// (and in an accounting firm), IT.
fn table(app: &App, width: usize) -> Vec<Line<'static>> {
    let l = app.lang.code();
    let theme = &app.theme;
    let text = |key: &str| t!(key, locale = l).into_owned();
    let (front, back) = (text("teach.concepts.word_front"), text("teach.concepts.word_back"));
    let rows = [
        (text("teach.concepts.row.sales"), &front, &front, false),
        (text("teach.concepts.row.post_sales"), &front, &back, true),
        (text("teach.concepts.row.accounting"), &back, &back, false),
        (text("teach.concepts.row.accounting_firm"), &front, &front, false),
        (text("teach.concepts.row.it"), &back, &back, false),
    ];
    let customer = text("teach.concepts.col_customer");
    let profit = text("teach.concepts.col_profit");
    let col = customer.width().max(profit.width()).max(front.width()).max(back.width()) + 2;
    let marker = 2;
    let indent = 2;
    let name_width = rows
        .iter()
        .map(|r| r.0.width())
        .chain([text("teach.concepts.col_unit").width()])
        .max()
        .unwrap_or(0)
        .min(width.saturating_sub(indent + 2 * col + marker))
        .max(1)
        + 2;
    let active = app.model_view.models();
    let header_style = |model: Model| if active.contains(&model) { theme.key } else { theme.title };
    let cell = |s: &str, w: usize, style: Style| fit_spans(vec![Span::styled(s.to_string(), style)], w);
    let mut out = Vec::new();
    let mut header = vec![Span::raw(" ".repeat(indent))];
    header.extend(cell(&text("teach.concepts.col_unit"), name_width, theme.title));
    header.extend(cell(&customer, col, header_style(Model::Customer)));
    header.extend(cell(&profit, col, header_style(Model::Profit)));
    out.push(Line::from(fit_spans(header, width)));
    for (name, c, p, grey) in rows {
        let style_of = |v: &String| if *v == front { theme.front } else { theme.back };
        let row_style = if grey { theme.grey } else { Style::new() };
        let mut spans = vec![Span::raw(" ".repeat(indent))];
        spans.extend(cell(&name, name_width, row_style));
        spans.extend(cell(c, col, style_of(c)));
        spans.extend(cell(p, col, style_of(p)));
        if grey {
            spans.push(Span::styled("≈", theme.grey.add_modifier(Modifier::BOLD)));
        }
        out.push(Line::from(fit_spans(spans, width)));
    }
    out
}
