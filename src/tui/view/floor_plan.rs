//! The floor plan: the old shop of C2, a front room on the street and back rooms
//! behind, with every department standing in the room its verdict under the active
//! model gives. Grey areas stand in the doorway, undetermined ones outside. Pressing
//! `m` moves them: the picture of why the two definitions matter. A large org shows
//! the counts per room and its top-level departments instead of a wall of names.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};
use rust_i18n::t;

use crate::classify::{Model, Verdict};
use crate::org::DeptId;
use crate::text::sanitize;
use crate::tui::app::App;

/// Above this many departments the plan shows counts and the top level only.
pub const DETAILED_LIMIT: usize = 40;

/// Where a department stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    FrontRoom,
    BackRooms,
    Doorway,
    Outside,
}

/// The place of a department under a model: grey areas in the doorway whatever the
/// model, since they belong to both rooms.
pub fn place(app: &App, id: DeptId, model: Model) -> Place {
    let facts = app.doc.classes.of(id);
    if facts.is_grey_area() {
        return Place::Doorway;
    }
    match facts.verdict(model) {
        Verdict::Front => Place::FrontRoom,
        Verdict::Back => Place::BackRooms,
        Verdict::Undetermined => Place::Outside,
    }
}

/// Draws the plan.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang.code();
    let model = app.model_view.primary();
    let title = t!("plan.title", locale = l, model = model.label(app.lang));
    let block = Block::default().borders(Borders::ALL).border_style(app.theme.border).title(format!(" {title} "));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let detailed = app.doc.org.len() <= DETAILED_LIMIT;
    // Who stands where: every department of a small org, the top level of a large one.
    let shown: Vec<DeptId> = if detailed { (0..app.doc.org.len()).collect() } else { app.doc.org.roots.clone() };
    let in_place = |p: Place| -> Vec<DeptId> { shown.iter().copied().filter(|&d| place(app, d, model) == p).collect() };
    let [street, rooms, outside] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(6), Constraint::Length(3)]).areas(inner);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("▁▁▁ ", app.theme.dim),
            Span::styled(t!("plan.street", locale = l).into_owned(), app.theme.dim),
            Span::styled(" ▁▁▁", app.theme.dim),
        ])),
        street,
    );
    let [front, door, back] =
        Layout::horizontal([Constraint::Percentage(38), Constraint::Percentage(24), Constraint::Percentage(38)])
            .areas(rooms);
    let counts = |p: Place| all_in(app, model, p);
    room(
        app,
        frame,
        front,
        &t!("plan.front_room", locale = l),
        &in_place(Place::FrontRoom),
        counts(Place::FrontRoom),
        app.theme.front,
        detailed,
    );
    room(
        app,
        frame,
        door,
        &t!("plan.doorway", locale = l),
        &in_place(Place::Doorway),
        counts(Place::Doorway),
        app.theme.grey,
        detailed,
    );
    room(
        app,
        frame,
        back,
        &t!("plan.back_rooms", locale = l),
        &in_place(Place::BackRooms),
        counts(Place::BackRooms),
        app.theme.back,
        detailed,
    );
    let outside_list = in_place(Place::Outside);
    let mut text = vec![Line::from(Span::styled(
        t!("plan.outside", locale = l, count = counts(Place::Outside)).into_owned(),
        app.theme.undetermined,
    ))];
    if !detailed {
        text.push(Line::from(Span::styled(t!("plan.top_level_only", locale = l).into_owned(), app.theme.dim)));
    }
    if !outside_list.is_empty() {
        let names: Vec<String> =
            outside_list.iter().map(|&d| format!("? {}", sanitize(app.doc.org.dept(d).display_name()))).collect();
        text.push(Line::from(names.join("  ")));
    }
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), outside);
}

/// How many departments of the whole org stand in a place.
fn all_in(app: &App, model: Model, p: Place) -> usize {
    let tally = app.doc.tally.model(model);
    let grey = app.doc.tally.grey_areas;
    match p {
        Place::Doorway => grey,
        // Grey areas are counted in the doorway, not in the room their verdict gives.
        Place::FrontRoom => tally.front - grey_with(app, model, Verdict::Front),
        Place::BackRooms => tally.back - grey_with(app, model, Verdict::Back),
        Place::Outside => tally.undetermined,
    }
}

fn grey_with(app: &App, model: Model, verdict: Verdict) -> usize {
    app.doc.grey_areas.iter().filter(|&&g| app.doc.classes.of(g).verdict(model) == verdict).count()
}

/// One room: a box with its name, its count and the people in it, scrolled with the
/// plan's scroll position when they do not fit.
#[allow(clippy::too_many_arguments)]
fn room(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    name: &str,
    people: &[DeptId],
    total: usize,
    style: Style,
    detailed: bool,
) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(style)
        .title(format!(" {name} · {total} "));
    let in_doorway = people.first().is_some_and(|&d| app.doc.classes.of(d).is_grey_area());
    let model = app.model_view.primary();
    let mut lines: Vec<Line> = people
        .iter()
        .map(|&d| {
            let dept = app.doc.org.dept(d);
            let name = sanitize(dept.display_name());
            // In the doorway a grey area leans towards the room the active model gives.
            let mut text = if in_doorway {
                match app.doc.classes.of(d).verdict(model) {
                    Verdict::Front => format!("← ≈ {name}"),
                    _ => format!("≈ {name} →"),
                }
            } else {
                name.into_owned()
            };
            if !detailed {
                text.push_str(&format!(" (+{})", app.doc.org.descendant_count(d)));
            }
            let selected = app.outline.selected() == Some(d);
            Line::from(Span::styled(text, if selected { app.theme.selection } else { Style::new() }))
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::from(Span::styled("—", app.theme.dim)));
    }
    let inner_height = block.inner(area).height as usize;
    let scroll = app.plan_scroll.min(lines.len().saturating_sub(inner_height)) as u16;
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: true }).scroll((scroll, 0)), area);
}
