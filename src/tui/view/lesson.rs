//! The lesson on screen, made for a projector: the step counter, the step's title in
//! big letters (`tui-big-text`; a bold line when the terminal is too small for them),
//! the idea, the departments of the open org that show it with their verdicts, and a
//! question for the room. Nothing else is drawn but the hint bar; every verdict is
//! written out in words and badges, so no meaning rests on colour alone.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_big_text::{BigText, PixelSize};
use unicode_width::UnicodeWidthStr;

use crate::classify::{Model, Verdict};
use crate::text::wrap::{shown, wrap};
use crate::text::{sanitize, t};
use crate::tui::state::App;
use crate::tui::state::lesson::{self, Idea, Lens, Lesson};

/// Rows the big title takes (either pixel size draws a glyph on four rows).
const BIG_ROWS: u16 = 4;
/// Below this many rows the title is a bold line: the big letters would crowd out
/// the idea and the departments (80×24 and smaller).
const BIG_MIN_HEIGHT: u16 = 30;

/// The locale keys of a step: title, idea, question.
fn keys(idea: Idea) -> [&'static str; 3] {
    match idea {
        Idea::Origin => ["teach.lesson.origin.title", "teach.lesson.origin.idea", "teach.lesson.origin.question"],
        Idea::BackOffice => ["teach.lesson.back.title", "teach.lesson.back.idea", "teach.lesson.back.question"],
        Idea::FrontOffice => ["teach.lesson.front.title", "teach.lesson.front.idea", "teach.lesson.front.question"],
        Idea::CustomerModel => {
            ["teach.lesson.customer.title", "teach.lesson.customer.idea", "teach.lesson.customer.question"]
        }
        Idea::ProfitModel => ["teach.lesson.profit.title", "teach.lesson.profit.idea", "teach.lesson.profit.question"],
        Idea::GreyArea => ["teach.lesson.grey.title", "teach.lesson.grey.idea", "teach.lesson.grey.question"],
        Idea::Mirror => ["teach.lesson.mirror.title", "teach.lesson.mirror.idea", "teach.lesson.mirror.question"],
        Idea::Accounting => {
            ["teach.lesson.accounting.title", "teach.lesson.accounting.idea", "teach.lesson.accounting.question"]
        }
        Idea::It => ["teach.lesson.it.title", "teach.lesson.it.idea", "teach.lesson.it.question"],
        Idea::Enabling => {
            ["teach.lesson.enabling.title", "teach.lesson.enabling.idea", "teach.lesson.enabling.question"]
        }
    }
}

/// The pixel size that fits the title in `area`, if big letters fit at all.
fn big_size(title: &str, area: Rect) -> Option<PixelSize> {
    if area.height < BIG_MIN_HEIGHT {
        return None;
    }
    let glyphs = title.chars().count() as u16;
    // HalfHeight draws a glyph 8 columns wide, Quadrant 4.
    [(PixelSize::HalfHeight, 8), (PixelSize::Quadrant, 4)]
        .into_iter()
        .find(|&(_, width)| glyphs.saturating_mul(width) <= area.width)
        .map(|(size, _)| size)
}

/// The verdict in words, styled by the theme (the word carries the meaning).
fn verdict_span(app: &App, verdict: Verdict, short: bool) -> Span<'static> {
    let l = app.lang.code();
    let (text, style) = match verdict {
        Verdict::Front if short => (t!("teach.concepts.word_front", locale = l).into_owned(), app.theme.front),
        Verdict::Back if short => (t!("teach.concepts.word_back", locale = l).into_owned(), app.theme.back),
        verdict => {
            let style = match verdict {
                Verdict::Front => app.theme.front,
                Verdict::Back => app.theme.back,
                Verdict::Undetermined => app.theme.undetermined,
            };
            (verdict.label(app.lang), style)
        }
    };
    Span::styled(text, style.add_modifier(Modifier::BOLD))
}

/// One department's row: indentation, badge, name, verdicts in words.
fn dept_row(app: &App, id: usize, level: usize, lens: Lens, width: usize) -> Line<'static> {
    let facts = app.doc.classes.of(id);
    let name = sanitize(app.doc.org.dept(id).display_name()).into_owned();
    let indent = "  ".repeat(level.min(4) + 1);
    let mut spans = Vec::new();
    match lens {
        Lens::One(model) => {
            let verdict = facts.verdict(model);
            spans.push(Span::raw(format!("{indent}{} ", verdict.badge())));
            spans.push(Span::styled(name, Style::new().add_modifier(Modifier::BOLD)));
            spans.push(Span::raw(" — "));
            spans.push(verdict_span(app, verdict, false));
        }
        Lens::Both => {
            let (customer, profit) = (facts.verdict(Model::Customer), facts.verdict(Model::Profit));
            let badge = format!("[{}|{}]", &customer.badge()[1..2], &profit.badge()[1..2]);
            spans.push(Span::raw(format!("{indent}{badge} ")));
            spans.push(Span::styled(name, Style::new().add_modifier(Modifier::BOLD)));
            spans.push(Span::raw(" — "));
            let l = app.lang.code();
            // The template's words around the two verdicts, split at their places.
            let template = t!("teach.lesson.both_verdicts", locale = l, customer = "\u{1}", profit = "\u{2}");
            let (before, rest) = template.split_once('\u{1}').unwrap_or((&template, ""));
            let (middle, after) = rest.split_once('\u{2}').unwrap_or((rest, ""));
            spans.push(Span::raw(before.to_string()));
            spans.push(verdict_span(app, customer, true));
            spans.push(Span::raw(middle.to_string()));
            spans.push(verdict_span(app, profit, true));
            spans.push(Span::raw(after.to_string()));
        }
    }
    fit_line(spans, width)
}

/// A line cut to `width` columns, ending in `…` when cut.
fn fit_line(spans: Vec<Span<'static>>, width: usize) -> Line<'static> {
    let total: usize = spans.iter().map(|s| s.content.width()).sum();
    if total <= width {
        return Line::from(spans);
    }
    let mut out = Vec::new();
    let mut left = width;
    for span in spans {
        let w = span.content.width();
        if w < left {
            left -= w;
            out.push(span);
        } else {
            out.push(Span::styled(shown(&span.content, left), span.style));
            break;
        }
    }
    Line::from(out)
}

/// Draws the lesson in `area`: the whole screen but the hint bar.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let margin = if area.width >= 100 { 4 } else { 1 };
    let area = Rect { x: area.x + margin, width: area.width.saturating_sub(2 * margin), ..area };
    if area.width == 0 || area.height == 0 {
        return;
    }
    let l = app.lang.code();
    let width = area.width as usize;
    let idea = app.lesson.idea();
    let [title_key, idea_key, question_key] = keys(idea);
    let title = t!(title_key, locale = l).into_owned();
    let bold = Style::new().add_modifier(Modifier::BOLD);

    // The step counter, and under which model the verdicts are shown.
    let counter = t!("teach.lesson.step", locale = l, n = app.lesson.step + 1, m = Lesson::STEPS).into_owned();
    let lens = match idea.lens() {
        Lens::One(model) => t!("teach.lesson.lens_one", locale = l, model = model.label(app.lang)).into_owned(),
        Lens::Both => t!("teach.lesson.lens_both", locale = l).into_owned(),
    };
    let gap = width.saturating_sub(counter.width() + lens.width()).max(1);
    let top = fit_line(
        vec![
            Span::styled(counter, bold.add_modifier(Modifier::REVERSED)),
            Span::raw(" ".repeat(gap)),
            Span::styled(lens, bold),
        ],
        width,
    );

    let big = big_size(&title, area);
    let mut head: Vec<Line<'static>> = vec![top, Line::default()];
    if big.is_none() {
        for row in wrap(&title, width) {
            head.push(Line::from(Span::styled(row, bold.add_modifier(Modifier::UNDERLINED))));
        }
    }
    let mut body: Vec<Line<'static>> = Vec::new();
    body.push(Line::default());
    for row in wrap(&t!(idea_key, locale = l), width) {
        body.push(Line::from(row));
    }
    body.push(Line::default());
    let company = sanitize(&app.doc.org.company.name).into_owned();
    let mut tail: Vec<Line<'static>> = vec![
        Line::default(),
        Line::from(Span::styled(
            t!("teach.lesson.ask", locale = l).into_owned(),
            bold.add_modifier(Modifier::UNDERLINED),
        )),
    ];
    for row in wrap(&t!(question_key, locale = l), width) {
        tail.push(Line::from(Span::styled(row, bold)));
    }

    let big_rows = if big.is_some() { BIG_ROWS } else { 0 };
    let fixed = head.len() + body.len() + tail.len() + 1 + big_rows as usize;
    let room = (area.height as usize).saturating_sub(fixed).max(1);
    let step = lesson::step(&app.doc, idea, room);
    let mut list: Vec<Line<'static>> = Vec::new();
    if step.total == 0 {
        for row in wrap(&t!("teach.lesson.none", locale = l, company = company.as_str()), width) {
            list.push(Line::from(Span::styled(row, bold)));
        }
        if let Some(sample) = step.elsewhere {
            for row in wrap(&t!("teach.lesson.elsewhere", locale = l, sample = sample), width) {
                list.push(Line::from(row));
            }
            list.push(fit_line(vec![Span::styled(format!("  frontback {sample}"), bold)], width));
        }
    } else {
        let heading = t!("teach.lesson.in_org", locale = l, company = company.as_str()).into_owned();
        list.push(fit_line(vec![Span::styled(heading, bold)], width));
        let fits = if step.total > step.shown.len() { room.saturating_sub(1) } else { room };
        for &(id, level) in step.shown.iter().take(fits) {
            list.push(dept_row(app, id, level, idea.lens(), width));
        }
        let left = step.total - step.shown.len().min(fits);
        if left > 0 {
            list.push(Line::from(t!("teach.lesson.more", locale = l, count = app.lang.number(left)).into_owned()));
        }
    }

    // Head, big title, then the rest, top to bottom.
    let head_rows = head.len() as u16;
    frame.render_widget(Paragraph::new(head), Rect { height: head_rows.min(area.height), ..area });
    let mut y = area.y + head_rows;
    if let Some(size) = big.filter(|_| y + BIG_ROWS <= area.bottom()) {
        let big_text = BigText::builder()
            .pixel_size(size)
            .style(bold)
            .alignment(Alignment::Left)
            .lines(vec![Line::from(title)])
            .build();
        frame.render_widget(big_text, Rect { y, height: BIG_ROWS, ..area });
        y += BIG_ROWS;
    }
    let rest: Vec<Line<'static>> = body.into_iter().chain(list).chain(tail).collect();
    if y < area.bottom() {
        frame.render_widget(Paragraph::new(rest), Rect { y, height: area.bottom() - y, ..area });
    }
}
