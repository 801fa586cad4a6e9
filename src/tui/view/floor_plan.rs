//! The floor plan: the old shop of C2 drawn with box-drawing characters. Back rooms
//! behind, the front room on the street side, a doorway between them. Every department
//! stands in the room its verdict under the active model gives; grey areas stand in the
//! doorway, an arrow pointing to the room the model sends them to; undetermined ones
//! wait outside with `?`. The render only reads the model, so pressing `m` moves them.
//!
//! Small orgs stand in the rooms one by one. Larger ones would make an unreadable wall,
//! so the plan shows the counts per room and the top-level departments only, and below
//! it the selected department's subtree. "Both models" draws two plans side by side
//! when they fit, else one plan by the customer model with a note.
//!
//! The plan is built as lines of exactly the plan's width, so that scrolling knows how
//! tall it is.

use crate::text::t;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::classify::{Model, Verdict};
use crate::org::DeptId;
use crate::text::wrap::shown_long;
use crate::text::wrap::{fit, fit_spans, push_wrapped, spans_width};
use crate::tui::layout::last_scroll;
use crate::tui::state::{App, ModelView};

/// Up to this many departments stand in the rooms one by one; more are summarised.
pub const FULL_PLAN_LIMIT: usize = 40;
/// From this width on, "both models" draws two plans side by side.
pub const TWO_PLANS_WIDTH: u16 = 84;
/// The narrowest column inside a room.
const MIN_COLUMN: usize = 16;
/// The most top-level departments listed per room in a summary.
const ROOM_LIST_LIMIT: usize = 24;
/// The most departments of the selected subtree listed in a summary.
const SUBTREE_LIMIT: usize = 100;
/// The gap between the columns of a room.
const COLUMN_GAP: usize = 3;

/// Draws the view.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let plans = plans(app, area);
    let tallest = plans.iter().map(|(lines, _)| lines.len()).max().unwrap_or(0);
    let scroll = app.teaching.plan_scroll.min(last_scroll(tallest, area.height)).min(u16::MAX as usize);
    for (lines, rect) in plans {
        frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), rect);
    }
}

/// The furthest the view scrolls in `area`: its last line at the bottom.
pub fn max_scroll(app: &App, area: Rect) -> usize {
    let tallest = plans(app, area).iter().map(|(lines, _)| lines.len()).max().unwrap_or(0);
    last_scroll(tallest, area.height)
}

/// The plans to draw and where: one, or two side by side for "both models".
fn plans(app: &App, area: Rect) -> Vec<(Vec<Line<'static>>, Rect)> {
    match app.model_view {
        ModelView::One(model) => vec![(plan_lines(app, model, area.width as usize, false), area)],
        ModelView::Both if area.width >= TWO_PLANS_WIDTH => {
            let [left, _, right] =
                Layout::horizontal([Constraint::Fill(1), Constraint::Length(2), Constraint::Fill(1)]).areas(area);
            vec![
                (plan_lines(app, Model::Customer, left.width as usize, false), left),
                (plan_lines(app, Model::Profit, right.width as usize, false), right),
            ]
        }
        ModelView::Both => vec![(plan_lines(app, Model::Customer, area.width as usize, true), area)],
    }
}

/// Where departments stand under one model.
#[derive(Default)]
struct Placement {
    front: Vec<DeptId>,
    back: Vec<DeptId>,
    doorway: Vec<DeptId>,
    outside: Vec<DeptId>,
    /// Counts per room over the whole org (in a summary the lists hold only the top level).
    counts: [usize; 4],
}

impl Placement {
    fn of(app: &App, model: Model, summary: bool) -> Placement {
        let doc = &app.doc;
        let mut placement = Placement::default();
        let place = |placement: &mut Placement, id: DeptId| {
            let facts = doc.classes.of(id);
            let room = if facts.is_grey_area() {
                &mut placement.doorway
            } else {
                match facts.verdict(model) {
                    Verdict::Front => &mut placement.front,
                    Verdict::Back => &mut placement.back,
                    Verdict::Undetermined => &mut placement.outside,
                }
            };
            room.push(id);
        };
        if summary {
            for &id in &doc.org.roots {
                place(&mut placement, id);
            }
            let tally = doc.tally.model(model);
            let grey_front =
                doc.grey_areas.iter().filter(|&&g| doc.classes.of(g).verdict(model) == Verdict::Front).count();
            let grey_back = doc.grey_areas.len() - grey_front;
            placement.counts = [
                tally.front.saturating_sub(grey_front),
                tally.back.saturating_sub(grey_back),
                doc.grey_areas.len(),
                tally.undetermined,
            ];
        } else {
            for id in 0..doc.org.len() {
                place(&mut placement, id);
            }
            placement.counts =
                [placement.front.len(), placement.back.len(), placement.doorway.len(), placement.outside.len()];
        }
        placement
    }
}

/// The whole plan under one model, every line exactly `width` wide.
fn plan_lines(app: &App, model: Model, width: usize, both_note: bool) -> Vec<Line<'static>> {
    let l = app.lang.code();
    let theme = &app.theme;
    let org = &app.doc.org;
    let mut out: Vec<Line<'static>> = Vec::new();
    let heading = t!("teach.plan.heading", locale = l, model = model.label(app.lang));
    push_wrapped(&mut out, &heading, width, theme.title);
    if both_note {
        push_wrapped(&mut out, &t!("teach.plan.both_note", locale = l), width, theme.dim);
    }
    if org.is_empty() {
        out.push(Line::default());
        push_wrapped(&mut out, &t!("teach.plan.empty", locale = l), width, Style::new());
        return out;
    }
    let summary = org.len() > FULL_PLAN_LIMIT;
    if summary {
        push_wrapped(&mut out, &t!("teach.plan.summary_note", locale = l, count = org.len()), width, theme.dim);
    }
    let placement = Placement::of(app, model, summary);
    let plan = Plan { app, model, width, summary };
    out.extend(plan.building(&placement));
    out.extend(plan.street());
    out.extend(plan.outside(&placement));
    if placement.counts[2] > 0 {
        push_wrapped(
            &mut out,
            &t!("teach.plan.grey_legend", locale = l, model = model.label(app.lang)),
            width,
            theme.grey,
        );
    }
    if summary {
        out.extend(plan.selected_subtree());
    }
    out
}

/// Drawing one plan.
struct Plan<'a> {
    app: &'a App,
    model: Model,
    width: usize,
    summary: bool,
}

impl Plan<'_> {
    /// Inside a room: the plan's width less the walls and a space each side.
    fn inner(&self) -> usize {
        self.width.saturating_sub(4)
    }

    /// A line of the building: a left wall, content fitted to the inner width, a right wall.
    fn room_line(&self, content: Vec<Span<'static>>) -> Line<'static> {
        let border = self.app.theme.border;
        let mut spans = vec![Span::styled("│ ", border)];
        spans.extend(fit_spans(content, self.inner()));
        spans.push(Span::styled(" │", border));
        Line::from(spans)
    }

    /// A wall across the building: `left`, a run of `─`, `right`.
    fn wall(&self, left: &str, right: &str) -> Line<'static> {
        let run = "─".repeat(self.width.saturating_sub(2));
        Line::from(Span::styled(format!("{left}{run}{right}"), self.app.theme.border))
    }

    /// The back rooms, the doorway and the front room, top to bottom.
    fn building(&self, placement: &Placement) -> Vec<Line<'static>> {
        let app = self.app;
        let l = app.lang.code();
        let theme = &app.theme;
        let mut out = vec![Line::default(), self.wall("┌", "┐")];
        // Back rooms: several rooms, so columns are separated by walls.
        let title = t!("teach.plan.back_rooms", locale = l, count = placement.counts[1]);
        out.push(self.room_line(vec![Span::styled(title.into_owned(), theme.back.add_modifier(Modifier::BOLD))]));
        out.extend(self.room_body(&placement.back, placement.counts[1], true));
        out.extend(self.doorway(placement));
        // The front room: one room on the street side.
        let title = t!("teach.plan.front_room", locale = l, count = placement.counts[0]);
        out.push(self.room_line(vec![Span::styled(title.into_owned(), theme.front.add_modifier(Modifier::BOLD))]));
        out.extend(self.room_body(&placement.front, placement.counts[0], false));
        out.push(self.entrance());
        out
    }

    /// The departments of a room in columns, grouped under their top-level department.
    fn room_body(&self, members: &[DeptId], count: usize, walls: bool) -> Vec<Line<'static>> {
        let app = self.app;
        let l = app.lang.code();
        let theme = &app.theme;
        if members.is_empty() && count == 0 {
            let nobody = t!("teach.plan.nobody", locale = l).into_owned();
            return vec![self.room_line(vec![Span::styled(nobody, theme.dim)])];
        }
        let shown = if self.summary { &members[..members.len().min(ROOM_LIST_LIMIT)] } else { members };
        let groups = self.groups(shown);
        let mut out: Vec<Line<'static>> =
            columns(&groups, self.inner(), walls, theme.border).into_iter().map(|row| self.room_line(row)).collect();
        if self.summary {
            let below = count.saturating_sub(members.len());
            let more = members.len() - shown.len();
            let text = if more > 0 {
                t!("teach.plan.more_top_level", locale = l, count = more, below = below).into_owned()
            } else if members.is_empty() {
                t!("teach.plan.only_below_top_level", locale = l, count = below).into_owned()
            } else {
                t!("teach.plan.below_top_level", locale = l, count = below).into_owned()
            };
            if more > 0 || below > 0 {
                out.push(self.room_line(vec![Span::styled(text, theme.dim)]));
            }
        }
        out
    }

    /// The members of a room grouped by their top-level department, each group a list of
    /// entries indented under the members' ancestors that stand in the same room. When
    /// the top-level department stands elsewhere, its name heads the group, dimmed.
    fn groups(&self, members: &[DeptId]) -> Vec<Vec<Vec<Span<'static>>>> {
        let org = &self.app.doc.org;
        let mut groups: Vec<(DeptId, Vec<DeptId>)> = Vec::new();
        for &id in members {
            let top = org.ancestors_and_self(id).last().unwrap_or(id);
            match groups.last_mut() {
                Some((t, list)) if *t == top => list.push(id),
                _ => groups.push((top, vec![id])),
            }
        }
        groups
            .into_iter()
            .map(|(top, list)| {
                let mut lines = Vec::new();
                let context = !list.contains(&top);
                if context {
                    let name = format!("({})", shown_long(org.dept(top).display_name()));
                    lines.push(vec![Span::styled(name, self.app.theme.dim)]);
                }
                for &id in &list {
                    let nested = org.ancestors_and_self(id).skip(1).filter(|a| list.contains(a)).count();
                    let indent = 2 * (nested + usize::from(context));
                    let mut entry = vec![Span::raw(" ".repeat(indent))];
                    entry.extend(self.entry(id));
                    lines.push(entry);
                }
                lines
            })
            .collect()
    }

    /// One department: its badge under the model (`≈` for a grey area) and its name.
    fn entry(&self, id: DeptId) -> Vec<Span<'static>> {
        let app = self.app;
        let theme = &app.theme;
        let facts = app.doc.classes.of(id);
        let verdict = facts.verdict(self.model);
        let (marker, style) =
            if facts.is_grey_area() { ("≈", theme.grey) } else { (verdict.badge(), theme.verdict(verdict)) };
        let mut name_style = style;
        if app.explorer.outline.selected() == Some(id) {
            name_style = name_style.patch(theme.selection);
        }
        vec![
            Span::styled(format!("{marker} "), style),
            Span::styled(shown_long(app.doc.org.dept(id).display_name()), name_style),
        ]
    }

    /// The wall between back rooms and front room, with the doorway in it and the grey
    /// areas standing there: those the model sends to the back rooms on the upper line
    /// (`↑`), those it sends to the front on the lower (`↓`).
    fn doorway(&self, placement: &Placement) -> Vec<Line<'static>> {
        let app = self.app;
        let l = app.lang.code();
        let theme = &app.theme;
        let verdict = |id: DeptId| app.doc.classes.of(id).verdict(self.model);
        let mut labels: Vec<Vec<Span<'static>>> =
            vec![vec![Span::styled(t!("teach.plan.doorway", locale = l).into_owned(), theme.dim)]];
        if self.summary {
            let front = app.doc.grey_areas.iter().filter(|&&g| verdict(g) == Verdict::Front).count();
            let text = t!(
                "teach.plan.doorway_count",
                locale = l,
                count = placement.counts[2],
                back = placement.counts[2] - front,
                front = front
            );
            labels.push(vec![Span::styled(text.into_owned(), theme.grey)]);
        }
        let shown =
            if self.summary { &placement.doorway[..placement.doorway.len().min(6)] } else { &placement.doorway };
        for toward in [Verdict::Back, Verdict::Front] {
            for &id in shown.iter().filter(|&&id| verdict(id) == toward) {
                let mut label = self.entry(id);
                label.push(Span::styled(if toward == Verdict::Back { " ↑" } else { " ↓" }, theme.grey));
                labels.push(label);
            }
        }
        if placement.counts[2] == 0 {
            labels.push(vec![Span::styled(t!("teach.plan.nobody", locale = l).into_owned(), theme.dim)]);
        }
        // The opening: wide enough for the longest label, leaving some wall each side.
        let longest = labels.iter().map(|s| spans_width(s)).max().unwrap_or(0);
        let room = self.width.saturating_sub(4);
        let opening = (longest + 2).max(12).min(room.saturating_sub(2));
        let left = room.saturating_sub(opening) / 2;
        let right = room.saturating_sub(opening) - left;
        let border = theme.border;
        let wall = |a: &str, b: &str, c: &str, d: &str| {
            Line::from(Span::styled(
                format!("{a}{}{b}{}{c}{}{d}", "─".repeat(left), " ".repeat(opening), "─".repeat(right)),
                border,
            ))
        };
        let mut out = vec![wall("├", "┐", "┌", "┤")];
        for label in labels {
            let mut spans =
                vec![Span::styled("│", border), Span::styled("░".repeat(left), border), Span::styled("│", border)];
            spans.extend(center_spans(label, opening));
            spans.extend([
                Span::styled("│", border),
                Span::styled("░".repeat(right), border),
                Span::styled("│", border),
            ]);
            out.push(Line::from(spans));
        }
        out.push(wall("├", "┘", "└", "┤"));
        out
    }

    /// The front wall with the entrance onto the street.
    fn entrance(&self) -> Line<'static> {
        let label = format!(" {} ", t!("teach.plan.entrance", locale = self.app.lang.code()));
        let room = self.width.saturating_sub(4);
        let label = fit(&label, room);
        let gap = label.width();
        let left = room.saturating_sub(gap) / 2;
        let right = room.saturating_sub(gap) - left;
        let border = self.app.theme.border;
        Line::from(vec![
            Span::styled(format!("└{}╴", "─".repeat(left)), border),
            Span::styled(label, self.app.theme.dim),
            Span::styled(format!("╶{}┘", "─".repeat(right)), border),
        ])
    }

    /// The street in front of the shop.
    fn street(&self) -> Vec<Line<'static>> {
        let label = format!(" {} ", t!("teach.plan.street", locale = self.app.lang.code()));
        let label = fit(&label, self.width);
        let left = self.width.saturating_sub(label.width()) / 2;
        let right = self.width.saturating_sub(label.width()) - left;
        vec![Line::from(vec![
            Span::styled("═".repeat(left), self.app.theme.border),
            Span::styled(label, self.app.theme.title),
            Span::styled("═".repeat(right), self.app.theme.border),
        ])]
    }

    /// The undetermined departments, waiting outside.
    fn outside(&self, placement: &Placement) -> Vec<Line<'static>> {
        let app = self.app;
        let l = app.lang.code();
        let theme = &app.theme;
        let mut out = Vec::new();
        let title = t!("teach.plan.outside", locale = l, count = placement.counts[3]);
        push_wrapped(&mut out, &title, self.width, theme.undetermined.add_modifier(Modifier::BOLD));
        if placement.counts[3] == 0 {
            return out;
        }
        let shown = if self.summary {
            &placement.outside[..placement.outside.len().min(ROOM_LIST_LIMIT)]
        } else {
            &placement.outside
        };
        let width = self.width.saturating_sub(2);
        for row in columns(&self.groups(shown), width, false, theme.border) {
            let mut spans = vec![Span::raw("  ")];
            spans.extend(row);
            out.push(Line::from(spans));
        }
        let hidden = placement.counts[3] - shown.len();
        if hidden > 0 {
            let key = if shown.is_empty() { "teach.plan.only_below_top_level" } else { "teach.plan.below_top_level" };
            push_wrapped(&mut out, &format!("  {}", t!(key, locale = l, count = hidden)), self.width, theme.dim);
        }
        out
    }

    /// In a summary: the selected department and its subtree, each with its room.
    fn selected_subtree(&self) -> Vec<Line<'static>> {
        let app = self.app;
        let l = app.lang.code();
        let theme = &app.theme;
        let mut out = vec![Line::default()];
        let Some(selected) = app.explorer.outline.selected().filter(|&s| s < app.doc.org.len()) else {
            push_wrapped(&mut out, &t!("teach.plan.no_selection", locale = l), self.width, theme.dim);
            return out;
        };
        let org = &app.doc.org;
        let end = org.subtree_end(selected);
        let below = end - selected - 1;
        let title =
            t!("teach.plan.selected", locale = l, name = shown_long(org.dept(selected).display_name()), count = below);
        push_wrapped(&mut out, &title, self.width, theme.title);
        let depth = org.dept(selected).depth;
        let shown_end = end.min(selected + SUBTREE_LIMIT);
        for id in selected..shown_end {
            let indent = 2 + 2 * (org.dept(id).depth - depth);
            let mut spans = vec![Span::raw(" ".repeat(indent))];
            spans.extend(self.entry(id));
            spans.push(Span::styled(format!("  {}", self.room_name(id)), theme.dim));
            out.push(Line::from(fit_spans(spans, self.width)));
        }
        if end > shown_end {
            let more = t!("teach.plan.more", locale = l, count = end - shown_end);
            push_wrapped(&mut out, &format!("  {more}"), self.width, theme.dim);
        }
        out
    }

    /// "front room", "back rooms", "doorway, to the front" ... for a department.
    fn room_name(&self, id: DeptId) -> String {
        let l = self.app.lang.code();
        let facts = self.app.doc.classes.of(id);
        let key = match (facts.is_grey_area(), facts.verdict(self.model)) {
            (true, Verdict::Front) => "teach.plan.in_doorway_front",
            (true, _) => "teach.plan.in_doorway_back",
            (false, Verdict::Front) => "teach.plan.in_front",
            (false, Verdict::Back) => "teach.plan.in_back",
            (false, Verdict::Undetermined) => "teach.plan.in_outside",
        };
        t!(key, locale = l).into_owned()
    }
}

/// Lays groups of entries out in columns `width` wide: as many columns as fit (at least
/// [`MIN_COLUMN`] each), groups filling them left to right, row after row. With `walls`
/// the columns are separated by `│`.
fn columns(groups: &[Vec<Vec<Span<'static>>>], width: usize, walls: bool, border: Style) -> Vec<Vec<Span<'static>>> {
    if groups.is_empty() {
        return Vec::new();
    }
    let fitting = ((width + COLUMN_GAP) / (MIN_COLUMN + COLUMN_GAP)).max(1);
    let count = fitting.min(groups.len());
    let gaps = COLUMN_GAP * (count - 1);
    let column = width.saturating_sub(gaps) / count;
    let last = width.saturating_sub(gaps) - column * (count - 1);
    let gap = if walls { " │ " } else { "   " };
    let mut rows = Vec::new();
    for (chunk_index, chunk) in groups.chunks(count).enumerate() {
        if chunk_index > 0 {
            rows.push(vec![Span::raw(" ".repeat(width))]);
        }
        let height = chunk.iter().map(Vec::len).max().unwrap_or(0);
        for r in 0..height {
            let mut row = Vec::new();
            for c in 0..count {
                if c > 0 {
                    row.push(Span::styled(gap, border));
                }
                let w = if c + 1 == count { last } else { column };
                let cell = chunk.get(c).and_then(|g| g.get(r)).cloned().unwrap_or_default();
                row.extend(fit_spans(cell, w));
            }
            rows.push(row);
        }
    }
    rows
}

/// Spans centred in `width` columns (cut when wider).
fn center_spans(spans: Vec<Span<'static>>, width: usize) -> Vec<Span<'static>> {
    let w = spans_width(&spans);
    if w >= width {
        return fit_spans(spans, width);
    }
    let left = (width - w) / 2;
    let mut out = vec![Span::raw(" ".repeat(left))];
    out.extend(spans);
    out.push(Span::raw(" ".repeat(width - w - left)));
    out
}
