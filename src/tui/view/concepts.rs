//! The concepts screen: the ideas C1–C8 in the language of the interface, short and
//! illustrated. A little plan of the old shop (back rooms, doorway, front room on the
//! street), then where the words come from, the two models, the grey areas with a
//! table of the classic examples, accounting, IT, and "enabling is not earning".
//! Scrolls with `↑`/`↓`.

use crate::text::t;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::classify::Model;
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
    let area = text_area(area);
    let lines = lines(app, area.width as usize);
    let scroll = app.teaching.plan_scroll.min(last_scroll(lines.len(), area.height)).min(u16::MAX as usize);
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), area);
}

/// The furthest the screen scrolls in `area`: its last line at the bottom.
pub fn max_scroll(app: &App, area: Rect) -> usize {
    let area = text_area(area);
    last_scroll(lines(app, area.width as usize).len(), area.height)
}

/// Every line of the screen, word-wrapped to `width`.
pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let l = app.lang.code();
    let theme = &app.theme;
    let text = |key: &str| t!(key, locale = l).into_owned();
    let mut out: Vec<Line<'static>> = Vec::new();
    let paragraph = |out: &mut Vec<Line<'static>>, body: &str, style: Style| {
        for row in wrap(body, width) {
            out.push(Line::from(Span::styled(row, style)));
        }
    };
    let heading = |out: &mut Vec<Line<'static>>, key: &str| {
        out.push(Line::default());
        for row in wrap(&t!(key, locale = l), width) {
            out.push(Line::from(Span::styled(row, theme.title)));
        }
    };
    paragraph(&mut out, &text("teach.concepts.title"), theme.title.add_modifier(Modifier::UNDERLINED));
    out.push(Line::default());
    out.extend(picture(app, width));

    heading(&mut out, "teach.concepts.origin_title");
    paragraph(&mut out, &text("teach.concepts.origin"), Style::new());
    heading(&mut out, "teach.concepts.back_title");
    paragraph(&mut out, &text("teach.concepts.back"), Style::new());
    heading(&mut out, "teach.concepts.front_title");
    paragraph(&mut out, &text("teach.concepts.front"), Style::new());

    let key =
        |action: Action| app.keymap.keys(Mode::Teaching, action).next().map_or_else(String::new, |k| k.shown(app.lang));
    heading(&mut out, "teach.concepts.models_title");
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

    heading(&mut out, "teach.concepts.grey_title");
    paragraph(&mut out, &text("teach.concepts.grey"), Style::new());
    out.push(Line::default());
    out.extend(table(app, width));

    heading(&mut out, "teach.concepts.accounting_title");
    paragraph(&mut out, &text("teach.concepts.accounting"), Style::new());
    heading(&mut out, "teach.concepts.it_title");
    paragraph(&mut out, &text("teach.concepts.it"), Style::new());
    heading(&mut out, "teach.concepts.enabling_title");
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
    out
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
