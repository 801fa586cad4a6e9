//! The concepts screen: the ideas C1–C8 in a few lines, with a small picture of the
//! old shop and the classic examples, in the language of the interface.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use rust_i18n::t;

use crate::tui::app::App;

/// The concept facts, in order, as keys of the texts.
const FACTS: [&str; 8] = ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"];

/// The lines of the screen.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let l = app.lang.code();
    let theme = &app.theme;
    let front = t!("plan.front_room", locale = l).into_owned();
    let back = t!("plan.back_rooms", locale = l).into_owned();
    let street = t!("plan.street", locale = l).into_owned();
    let front_examples = t!("concepts.front_examples", locale = l).into_owned();
    let back_examples = t!("concepts.back_examples", locale = l).into_owned();
    let width =
        [&front, &back, &front_examples, &back_examples].iter().map(|s| s.chars().count()).max().unwrap_or(0) + 2;
    let pad = |s: &str| format!("{s}{}", " ".repeat(width.saturating_sub(s.chars().count())));
    let mut lines = vec![
        Line::from(Span::styled(t!("concepts.title", locale = l).into_owned(), theme.title)),
        Line::default(),
        Line::from(format!("  ┌{}┬{}┐", "─".repeat(width + 2), "─".repeat(width + 2))),
        Line::from(vec![
            Span::raw("  │ "),
            Span::styled(pad(&front), theme.front),
            Span::raw(" ╎ "),
            Span::styled(pad(&back), theme.back),
            Span::raw(" │"),
        ]),
        Line::from(vec![
            Span::raw("  │ "),
            Span::raw(pad(&front_examples)),
            Span::raw(" ╎ "),
            Span::raw(pad(&back_examples)),
            Span::raw(" │"),
        ]),
        Line::from(format!("  └{}┴{}┘", "─".repeat(width + 2), "─".repeat(width + 2))),
        Line::from(Span::styled(format!("    ▲ {street}"), theme.dim)),
        Line::default(),
    ];
    for fact in FACTS {
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", fact.to_uppercase()), theme.key),
            Span::styled(t!(format!("concepts.{fact}.title"), locale = l).into_owned(), theme.title),
        ]));
        lines.push(Line::from(format!("   {}", t!(format!("concepts.{fact}.text"), locale = l))));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(t!("concepts.examples_title", locale = l).into_owned(), theme.title)));
    for (example, style) in [
        ("sales", theme.front),
        ("post_sales", theme.grey),
        ("accounting", theme.back),
        ("accounting_firm", theme.front),
        ("it", theme.back),
        ("enabling", theme.back),
    ] {
        lines.push(Line::from(vec![
            Span::styled("  • ", style),
            Span::raw(t!(format!("concepts.example.{example}"), locale = l).into_owned()),
        ]));
    }
    lines
}

/// Draws the screen, scrolled by the plan's scroll position.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border)
        .title(format!(" {} ", t!("view.concepts", locale = app.lang.code())));
    let lines = lines(app);
    let height = block.inner(area).height as usize;
    let scroll = app.plan_scroll.min(lines.len().saturating_sub(height / 2)) as u16;
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }).scroll((scroll, 0)), area);
}
