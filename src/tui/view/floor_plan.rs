//! The floor plan: the old shop of C2 drawn with box-drawing characters. Back rooms
//! behind, the front room on the street side, a doorway between them. Under one model
//! every department stands in the room its verdict gives it, grey areas included, so
//! the rooms count what the header tallies; undetermined ones wait outside with `?`.
//! In "both models" the departments the two models agree on stand in their rooms and
//! the grey areas stand in the doorway, arrows showing where each model sends them.
//! In reveal mode (`v`) only the departments revealed so far stand in a room; the
//! others wait in the street with `?` and no colour, and the rooms count "so far".
//!
//! When the model flips (`m`) the departments whose room changes walk there through
//! the doorway: the render takes the animation's progress (0 to 1), so any frame can be
//! drawn, and the event loop wakes only for the few frames of the walk.
//!
//! Any org fits: each room groups its departments under their top-level department,
//! in columns, and when a room is full every group folds its branch into its box
//! ("+ 12 more"). From [`FULL_PLAN_LIMIT`] departments on, the selected department's
//! branch is listed below the plan, with the room of each.
//!
//! The plan is built as lines of exactly the plan's width, so that scrolling knows how
//! tall it is, together with where each department's name went, so that a click on a
//! name selects the department ([`hit`]).

use std::ops::Range;

use crate::text::t;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
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

/// From this many departments on, the selected department's branch is listed below
/// the plan.
pub const FULL_PLAN_LIMIT: usize = 40;
/// The most rows a room's departments take before each group folds its branch.
pub const ROOM_ROWS: usize = 16;
/// The narrowest column inside a room.
const MIN_COLUMN: usize = 16;
/// The most groups (top-level departments) drawn per room.
const ROOM_GROUP_LIMIT: usize = 24;
/// The most departments drawn standing in the doorway.
const DOORWAY_LIMIT: usize = 6;
/// The most departments of the selected subtree listed below the plan.
const SUBTREE_LIMIT: usize = 100;
/// The gap between the columns of a room.
const COLUMN_GAP: usize = 3;

/// Draws the view; `progress` is how far the walk after `m` has gone, if it runs.
pub fn render(app: &App, frame: &mut Frame, area: Rect, progress: Option<f32>) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let plan = plan_text(app, area.width as usize, progress);
    let scroll = scroll(app, &plan, area);
    frame.render_widget(Paragraph::new(plan.lines).scroll((scroll as u16, 0)), area);
}

/// The furthest the view scrolls in `area`: its last line at the bottom.
pub fn max_scroll(app: &App, area: Rect) -> usize {
    last_scroll(plan_text(app, area.width as usize, None).lines.len(), area.height)
}

/// The department whose name is drawn under `position`, the plan drawn in `area`.
pub fn hit(app: &App, area: Rect, position: Position) -> Option<DeptId> {
    if !area.contains(position) {
        return None;
    }
    let plan = plan_text(app, area.width as usize, None);
    let line = scroll(app, &plan, area) + (position.y - area.y) as usize;
    let column = (position.x - area.x) as usize;
    plan.hits.iter().find(|hit| hit.line == line && hit.columns.contains(&column)).map(|hit| hit.dept)
}

/// The scroll the plan is drawn at: the state's, no further than its end.
fn scroll(app: &App, plan: &Text, area: Rect) -> usize {
    app.teaching.plan_scroll.min(last_scroll(plan.lines.len(), area.height)).min(u16::MAX as usize)
}

/// Where a department stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Room {
    Back,
    Doorway,
    Front,
    Outside,
    /// In reveal mode, not revealed yet: waiting in the street, its room unsaid.
    Street,
}

/// The room a department stands in under a model view, at rest: by its verdict under
/// one model; under both, in the doorway when the models disagree (a grey area),
/// outside when one of them cannot say; in reveal mode, in the street until revealed.
pub fn room_of(app: &App, id: DeptId, view: ModelView) -> Room {
    if app.explorer.hides(id) {
        return Room::Street;
    }
    let facts = app.doc.classes.of(id);
    let by_verdict = |verdict| match verdict {
        Verdict::Front => Room::Front,
        Verdict::Back => Room::Back,
        Verdict::Undetermined => Room::Outside,
    };
    match view {
        ModelView::One(model) => by_verdict(facts.verdict(model)),
        ModelView::Both if facts.is_grey_area() => Room::Doorway,
        ModelView::Both if facts.verdict(Model::Customer) == facts.verdict(Model::Profit) => {
            by_verdict(facts.verdict(Model::Customer))
        }
        ModelView::Both => Room::Outside,
    }
}

/// How many departments stand in each room under a model view, at rest.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub front: usize,
    pub back: usize,
    pub doorway: usize,
    pub outside: usize,
    /// Not revealed yet, in reveal mode.
    pub street: usize,
}

/// The counts the plan's rooms show under a model view.
pub fn counts(app: &App, view: ModelView) -> Counts {
    let mut counts = Counts::default();
    for id in 0..app.doc.org.len() {
        match room_of(app, id, view) {
            Room::Front => counts.front += 1,
            Room::Back => counts.back += 1,
            Room::Doorway => counts.doorway += 1,
            Room::Outside => counts.outside += 1,
            Room::Street => counts.street += 1,
        }
    }
    counts
}

/// Lines of the plan, and where the names of departments are on them.
#[derive(Default)]
struct Text {
    lines: Vec<Line<'static>>,
    hits: Vec<Hit>,
}

/// A department's name on a line of the plan.
struct Hit {
    line: usize,
    columns: Range<usize>,
    dept: DeptId,
}

impl Text {
    fn push(&mut self, line: Line<'static>) {
        self.lines.push(line);
    }

    /// A line, and the names on it: columns from the line's start.
    fn push_with(&mut self, line: Line<'static>, names: Vec<(Range<usize>, DeptId)>) {
        let index = self.lines.len();
        self.hits.extend(names.into_iter().map(|(columns, dept)| Hit { line: index, columns, dept }));
        self.lines.push(line);
    }

    fn wrapped(&mut self, text: &str, width: usize, style: Style) {
        push_wrapped(&mut self.lines, text, width, style);
    }

    fn append(&mut self, other: Text) {
        let base = self.lines.len();
        self.hits.extend(other.hits.into_iter().map(|hit| Hit { line: hit.line + base, ..hit }));
        self.lines.extend(other.lines);
    }
}

/// One cell of a room's columns: its spans, and where the department's name is in them.
#[derive(Clone, Default)]
struct Cell {
    spans: Vec<Span<'static>>,
    name: Option<(Range<usize>, DeptId)>,
}

impl Cell {
    fn text(text: String, style: Style) -> Cell {
        Cell { spans: vec![Span::styled(text, style)], name: None }
    }

    /// The cell moved right by `columns` blank columns.
    fn indented(mut self, columns: usize) -> Cell {
        if columns > 0 {
            self.spans.insert(0, Span::raw(" ".repeat(columns)));
            self.name = self.name.map(|(range, id)| (range.start + columns..range.end + columns, id));
        }
        self
    }

    /// The cell fitted to `width`, its name's columns moved by `offset`, cut where the
    /// cell is cut.
    fn placed(self, width: usize, offset: usize) -> (Vec<Span<'static>>, Option<(Range<usize>, DeptId)>) {
        let name = self
            .name
            .filter(|(range, _)| range.start < width)
            .map(|(range, id)| (range.start + offset..range.end.min(width) + offset, id));
        (fit_spans(self.spans, width), name)
    }
}

/// The whole plan, every line exactly `width` wide.
fn plan_text(app: &App, width: usize, progress: Option<f32>) -> Text {
    let l = app.lang.code();
    let theme = &app.theme;
    let org = &app.doc.org;
    let view = app.model_view;
    let mut out = Text::default();
    let heading = match view {
        ModelView::One(model) => t!("teach.plan.heading", locale = l, model = model.label(app.lang)),
        ModelView::Both => t!("teach.plan.heading_both", locale = l),
    };
    out.wrapped(&heading, width, theme.title);
    if org.is_empty() {
        out.push(Line::default());
        out.wrapped(&t!("teach.plan.empty", locale = l), width, Style::new());
        return out;
    }
    let summary = org.len() >= FULL_PLAN_LIMIT;
    if summary {
        out.wrapped(&t!("teach.plan.fold_note", locale = l, count = app.lang.number(org.len())), width, theme.dim);
    }
    // Where everyone stands in this frame, and which way those walking go.
    let walk = app.teaching.animation.filter(|animation| animation.to == view).zip(progress);
    let mut stands: Vec<(Room, Option<&'static str>)> = Vec::with_capacity(org.len());
    for id in 0..org.len() {
        let to = room_of(app, id, view);
        stands.push(match walk {
            Some((animation, progress)) => step(room_of(app, id, animation.from), to, progress),
            None => (to, None),
        });
    }
    let plan = Plan { app, view, width, stands };
    out.append(plan.building());
    out.append(plan.street());
    out.append(plan.waiting());
    out.append(plan.outside());
    // The legend of grey areas tells nothing while none of them is revealed.
    if app.doc.grey_areas.iter().any(|&id| !app.explorer.hides(id)) {
        let key = if view == ModelView::Both { "teach.plan.legend_both" } else { "teach.plan.legend_one" };
        out.wrapped(&t!(key, locale = l), width, theme.grey);
    }
    if summary {
        out.append(plan.selected_subtree());
    }
    out
}

/// Where a department going from room `from` to room `to` stands at `progress`, and
/// the arrow of its walk: through the doorway between the back rooms and the front.
fn step(from: Room, to: Room, progress: f32) -> (Room, Option<&'static str>) {
    if from == to {
        return (to, None);
    }
    let mut path = vec![from];
    if matches!((from, to), (Room::Back, Room::Front) | (Room::Front, Room::Back)) {
        path.push(Room::Doorway);
    }
    path.push(to);
    let stage = ((progress.clamp(0.0, 1.0) * path.len() as f32) as usize).min(path.len() - 1);
    let arrow = match (from, to) {
        (_, Room::Front) | (Room::Back, Room::Doorway) => Some("↓"),
        (_, Room::Back) | (Room::Front, Room::Doorway) => Some("↑"),
        _ => None,
    };
    (path[stage], arrow)
}

/// Drawing one plan.
struct Plan<'a> {
    app: &'a App,
    view: ModelView,
    width: usize,
    /// Where each department stands in this frame, and its arrow while it walks.
    stands: Vec<(Room, Option<&'static str>)>,
}

impl Plan<'_> {
    /// Inside a room: the plan's width less the walls and a space each side.
    fn inner(&self) -> usize {
        self.width.saturating_sub(4)
    }

    /// The departments standing in a room in this frame, in the org's order.
    fn members(&self, room: Room) -> Vec<DeptId> {
        (0..self.stands.len()).filter(|&id| self.stands[id].0 == room).collect()
    }

    /// A line of the building: a left wall, content fitted to the inner width, a right wall.
    fn room_line(&self, content: Vec<Span<'static>>, names: Vec<(Range<usize>, DeptId)>, out: &mut Text) {
        let border = self.app.theme.border;
        let mut spans = vec![Span::styled("│ ", border)];
        spans.extend(fit_spans(content, self.inner()));
        spans.push(Span::styled(" │", border));
        let inner = self.inner();
        let names = names
            .into_iter()
            .filter(|(range, _)| range.start < inner)
            .map(|(range, id)| (range.start + 2..range.end.min(inner) + 2, id))
            .collect();
        out.push_with(Line::from(spans), names);
    }

    /// A wall across the building: `left`, a run of `─`, `right`.
    fn wall(&self, left: &str, right: &str) -> Line<'static> {
        let run = "─".repeat(self.width.saturating_sub(2));
        Line::from(Span::styled(format!("{left}{run}{right}"), self.app.theme.border))
    }

    /// A room's count, or under both models the count of each model; in reveal mode
    /// said to count the departments revealed so far.
    fn title(&self, key: &str, pick: fn(Counts) -> usize) -> String {
        let l = self.app.lang.code();
        let count = match self.view {
            ModelView::One(_) => self.app.lang.number(pick(counts(self.app, self.view))),
            ModelView::Both => {
                let customer = self.app.lang.number(pick(counts(self.app, ModelView::One(Model::Customer))));
                let profit = self.app.lang.number(pick(counts(self.app, ModelView::One(Model::Profit))));
                t!("teach.plan.count_both", locale = l, customer = customer, profit = profit).into_owned()
            }
        };
        let count = match self.app.explorer.reveal {
            Some(_) => t!("teach.plan.so_far", locale = l, count = count).into_owned(),
            None => count,
        };
        t!(key, locale = l, count = count).into_owned()
    }

    /// The back rooms, the doorway and the front room, top to bottom.
    fn building(&self) -> Text {
        let theme = &self.app.theme;
        let mut out = Text::default();
        out.push(Line::default());
        out.push(self.wall("┌", "┐"));
        // Back rooms: several rooms, so columns are separated by walls.
        let title = self.title("teach.plan.back_rooms", |c| c.back);
        self.room_line(vec![Span::styled(title, theme.back.add_modifier(Modifier::BOLD))], Vec::new(), &mut out);
        for (row, names) in self.room_body(&self.members(Room::Back), self.inner(), true) {
            self.room_line(row, names, &mut out);
        }
        out.append(self.doorway());
        // The front room: one room on the street side.
        let title = self.title("teach.plan.front_room", |c| c.front);
        self.room_line(vec![Span::styled(title, theme.front.add_modifier(Modifier::BOLD))], Vec::new(), &mut out);
        for (row, names) in self.room_body(&self.members(Room::Front), self.inner(), false) {
            self.room_line(row, names, &mut out);
        }
        out.push(self.entrance());
        out
    }

    /// The departments of a room in columns `width` wide, grouped under their
    /// top-level department, each group folded when the room is full.
    fn room_body(&self, members: &[DeptId], width: usize, walls: bool) -> Vec<Row> {
        let app = self.app;
        let l = app.lang.code();
        let theme = &app.theme;
        if members.is_empty() {
            let nobody = t!("teach.plan.nobody", locale = l).into_owned();
            return vec![(vec![Span::styled(nobody, theme.dim)], Vec::new())];
        }
        let mut groups = self.groups(members);
        let mut hidden_groups = 0;
        if groups.len() > ROOM_GROUP_LIMIT {
            hidden_groups = groups[ROOM_GROUP_LIMIT..].iter().map(|group| group.members.len()).sum();
            groups.truncate(ROOM_GROUP_LIMIT);
        }
        let count = column_count(width, groups.len(), self.widest(&groups));
        let cap = fold_cap(&groups.iter().map(Group::len).collect::<Vec<_>>(), count);
        let cells = groups
            .iter()
            .map(|group| {
                let mut cells = self.group_cells(group, cap);
                if group.len() > cap {
                    // A group keeps its first cells and a note of the departments after.
                    let hidden = group.len() - (cap - 1);
                    let more = t!("teach.plan.fold_more", locale = l, count = app.lang.number(hidden)).into_owned();
                    cells.push(Cell::text(more, theme.dim));
                }
                cells
            })
            .collect();
        let mut rows = columns(cells, width, count, walls, theme.border);
        if hidden_groups > 0 {
            let more = t!("teach.plan.more", locale = l, count = app.lang.number(hidden_groups)).into_owned();
            rows.push((vec![Span::styled(more, theme.dim)], Vec::new()));
        }
        rows
    }

    /// About the widest cell the groups could show (at most [`ROOM_ROWS`] of each looked
    /// at): indent (at most), badge, name and the arrow of a walk.
    fn widest(&self, groups: &[Group]) -> usize {
        let org = &self.app.doc.org;
        let classes = &self.app.doc.classes;
        groups
            .iter()
            .flat_map(|group| {
                let top = org.dept(group.top).depth;
                let context = usize::from(group.members[0] != group.top);
                group.members.iter().take(ROOM_ROWS).map(move |&id| {
                    let dept = org.dept(id);
                    let badge = if classes.of(id).is_grey_area() || self.app.explorer.hides(id) { 2 } else { 4 };
                    let arrow = if self.stands[id].1.is_some() { 2 } else { 0 };
                    2 * (dept.depth - top + context) + badge + shown_long(dept.display_name()).width() + arrow
                })
            })
            .max()
            .unwrap_or(0)
    }

    /// The members of a room grouped by their top-level department, in the org's order.
    fn groups(&self, members: &[DeptId]) -> Vec<Group> {
        let org = &self.app.doc.org;
        let mut groups: Vec<Group> = Vec::new();
        for &id in members {
            let top = org.ancestors_and_self(id).last().unwrap_or(id);
            match groups.last_mut() {
                Some(group) if group.top == top => group.members.push(id),
                _ => groups.push(Group { top, members: vec![id] }),
            }
        }
        groups
    }

    /// A group's cells, no more than `cap - 1` when it has more than `cap`: each member
    /// indented under its ancestors that stand in the same room. When the top-level
    /// department stands elsewhere, its name heads the group, dimmed and in brackets.
    fn group_cells(&self, group: &Group, cap: usize) -> Vec<Cell> {
        let org = &self.app.doc.org;
        let shown = if group.len() > cap { cap - 1 } else { group.len() };
        let mut cells = Vec::with_capacity(shown + 1);
        let context = group.members[0] != group.top;
        if context {
            let name = shown_long(org.dept(group.top).display_name());
            let width = name.width();
            let cell = Cell::text(format!("({name})"), self.app.theme.dim);
            cells.push(Cell { name: Some((1..1 + width, group.top)), ..cell });
        }
        // Members are in the org's order, so a binary search finds an ancestor among them.
        for &id in group.members.iter().take(shown - cells.len()) {
            let nested = org.ancestors_and_self(id).skip(1).filter(|a| group.members.binary_search(a).is_ok()).count();
            cells.push(self.entry(id).indented(2 * (nested + usize::from(context))));
        }
        cells
    }

    /// One department: its badge (`≈` for a grey area), its name, and the arrow of its
    /// walk while it walks. Not revealed yet: `?`, in no verdict's colour.
    fn entry(&self, id: DeptId) -> Cell {
        let app = self.app;
        let theme = &app.theme;
        if app.explorer.hides(id) {
            let mut name_style = Style::new();
            if app.explorer.outline.selected() == Some(id) {
                name_style = name_style.patch(theme.selection);
            }
            let name = shown_long(app.doc.org.dept(id).display_name());
            let range = 2..2 + name.width();
            return Cell { spans: vec![Span::raw("? "), Span::styled(name, name_style)], name: Some((range, id)) };
        }
        let facts = app.doc.classes.of(id);
        // Under both models, a department only one model can place is undetermined.
        let verdict = match self.view {
            ModelView::One(model) => facts.verdict(model),
            ModelView::Both if facts.verdict(Model::Customer) == facts.verdict(Model::Profit) => {
                facts.verdict(Model::Customer)
            }
            ModelView::Both => Verdict::Undetermined,
        };
        let (marker, style) = if facts.is_grey_area() {
            ("≈ ".to_string(), theme.grey)
        } else {
            (format!("{} ", verdict.badge()), theme.verdict(verdict))
        };
        let mut name_style = style;
        if app.explorer.outline.selected() == Some(id) {
            name_style = name_style.patch(theme.selection);
        }
        let name = shown_long(app.doc.org.dept(id).display_name());
        let start = marker.width();
        let range = start..start + name.width();
        let mut spans = vec![Span::styled(marker, style), Span::styled(name, name_style)];
        if let Some(arrow) = self.stands[id].1 {
            spans.push(Span::styled(format!(" {arrow}"), theme.grey.add_modifier(Modifier::BOLD)));
        }
        Cell { spans, name: Some((range, id)) }
    }

    /// Under both models, after a grey area's name: where each model sends it.
    fn both_ways(&self, id: DeptId) -> Span<'static> {
        let facts = self.app.doc.classes.of(id);
        let arrow = |model| if facts.verdict(model) == Verdict::Front { "↓" } else { "↑" };
        let text = t!(
            "teach.plan.both_ways",
            locale = self.app.lang.code(),
            customer = arrow(Model::Customer),
            profit = arrow(Model::Profit)
        );
        Span::styled(format!(" {text}"), self.app.theme.grey)
    }

    /// The wall between back rooms and front room, with the doorway in it and whoever
    /// stands there: under both models the grey areas, while walking those passing.
    fn doorway(&self) -> Text {
        let app = self.app;
        let l = app.lang.code();
        let theme = &app.theme;
        let mut labels: Vec<Cell> = vec![Cell::text(t!("teach.plan.doorway", locale = l).into_owned(), theme.dim)];
        let members = self.members(Room::Doorway);
        for &id in members.iter().take(DOORWAY_LIMIT) {
            let mut cell = self.entry(id);
            if self.view == ModelView::Both && self.stands[id].1.is_none() {
                cell.spans.push(self.both_ways(id));
            }
            labels.push(cell);
        }
        if members.len() > DOORWAY_LIMIT {
            let more = t!("teach.plan.fold_more", locale = l, count = app.lang.number(members.len() - DOORWAY_LIMIT));
            labels.push(Cell::text(more.into_owned(), theme.dim));
        }
        // The opening: wide enough for the longest label, leaving some wall each side.
        let longest = labels.iter().map(|cell| spans_width(&cell.spans)).max().unwrap_or(0);
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
        let mut out = Text::default();
        out.push(wall("├", "┐", "┌", "┤"));
        for label in labels {
            let width = spans_width(&label.spans);
            let centre = opening.saturating_sub(width) / 2;
            let (spans, name) = label.placed(width.min(opening), 2 + left + centre);
            let mut line =
                vec![Span::styled("│", border), Span::styled("░".repeat(left), border), Span::styled("│", border)];
            line.extend(center_spans(spans, opening));
            line.extend([
                Span::styled("│", border),
                Span::styled("░".repeat(right), border),
                Span::styled("│", border),
            ]);
            out.push_with(Line::from(line), name.into_iter().collect());
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
    fn street(&self) -> Text {
        let label = format!(" {} ", t!("teach.plan.street", locale = self.app.lang.code()));
        let label = fit(&label, self.width);
        let left = self.width.saturating_sub(label.width()) / 2;
        let right = self.width.saturating_sub(label.width()) - left;
        let mut out = Text::default();
        out.push(Line::from(vec![
            Span::styled("═".repeat(left), self.app.theme.border),
            Span::styled(label, self.app.theme.title),
            Span::styled("═".repeat(right), self.app.theme.border),
        ]));
        out
    }

    /// Appends the names of `members` in rows two columns in from the edge, keeping
    /// where each name stands for a click.
    fn push_indented(&self, out: &mut Text, members: &[DeptId]) {
        for (row, names) in self.room_body(members, self.width.saturating_sub(2), false) {
            let mut spans = vec![Span::raw("  ")];
            spans.extend(row);
            let names = names.into_iter().map(|(range, id)| (range.start + 2..range.end + 2, id)).collect();
            out.push_with(Line::from(spans), names);
        }
    }

    /// In reveal mode, the departments not revealed yet, waiting in the street.
    fn waiting(&self) -> Text {
        let mut out = Text::default();
        let members = self.members(Room::Street);
        if self.app.explorer.reveal.is_none() {
            return out;
        }
        let title =
            t!("teach.plan.waiting", locale = self.app.lang.code(), count = self.app.lang.number(members.len()));
        out.wrapped(&title, self.width, Style::new().add_modifier(Modifier::BOLD));
        self.push_indented(&mut out, &members);
        out
    }

    /// The undetermined departments, waiting outside.
    fn outside(&self) -> Text {
        let theme = &self.app.theme;
        let mut out = Text::default();
        let title = self.title("teach.plan.outside", |c| c.outside);
        out.wrapped(&title, self.width, theme.undetermined.add_modifier(Modifier::BOLD));
        let members = self.members(Room::Outside);
        if members.is_empty() {
            return out;
        }
        self.push_indented(&mut out, &members);
        out
    }

    /// In a large org: the selected department and its subtree, each with its room.
    fn selected_subtree(&self) -> Text {
        let app = self.app;
        let l = app.lang.code();
        let theme = &app.theme;
        let mut out = Text::default();
        out.push(Line::default());
        let Some(selected) = app.explorer.outline.selected().filter(|&s| s < app.doc.org.len()) else {
            out.wrapped(&t!("teach.plan.no_selection", locale = l), self.width, theme.dim);
            return out;
        };
        let org = &app.doc.org;
        let end = org.subtree_end(selected);
        let below = end - selected - 1;
        let title = t!(
            "teach.plan.selected",
            locale = l,
            name = shown_long(org.dept(selected).display_name()),
            count = app.lang.number(below)
        );
        out.wrapped(&title, self.width, theme.title);
        let depth = org.dept(selected).depth;
        let shown_end = end.min(selected + SUBTREE_LIMIT);
        // Where a department stands, named once per room.
        let name = |key| format!("  {}", t!(key, locale = l));
        let names = [
            name("teach.plan.in_back"),
            name("teach.plan.doorway"),
            name("teach.plan.in_front"),
            name("teach.plan.in_outside"),
            name("teach.plan.in_street"),
        ];
        for id in selected..shown_end {
            let mut cell = self.entry(id).indented(2 + 2 * (org.dept(id).depth - depth));
            let room = room_of(app, id, self.view) as usize;
            cell.spans.push(Span::styled(names[room].clone(), theme.dim));
            let (spans, name) = cell.placed(self.width, 0);
            out.push_with(Line::from(spans), name.into_iter().collect());
        }
        if end > shown_end {
            let more = t!("teach.plan.more", locale = l, count = app.lang.number(end - shown_end));
            out.wrapped(&format!("  {more}"), self.width, theme.dim);
        }
        out
    }
}

/// A row of a room: its spans, and where the names of departments are in it.
type Row = (Vec<Span<'static>>, Vec<(Range<usize>, DeptId)>);

/// How many columns `groups` groups take in `width`: as many as fit at least
/// [`MIN_COLUMN`] wide, fewer (down to half as many) when that cuts the widest cell.
fn column_count(width: usize, groups: usize, widest: usize) -> usize {
    let column = |count: usize| width.saturating_sub(COLUMN_GAP * (count - 1)) / count;
    let fitting = ((width + COLUMN_GAP) / (MIN_COLUMN + COLUMN_GAP)).max(1);
    let fewest = fitting.div_ceil(2).min(groups).max(1);
    let mut count = fitting.clamp(1, groups.max(1));
    while count > fewest && column(count) < widest {
        count -= 1;
    }
    count
}

/// The departments of one top-level department standing in a room.
struct Group {
    top: DeptId,
    /// In the org's order.
    members: Vec<DeptId>,
}

impl Group {
    /// The cells it takes unfolded: its members, and the bracketed head of a top-level
    /// department that stands elsewhere.
    fn len(&self) -> usize {
        self.members.len() + usize::from(self.members[0] != self.top)
    }
}

/// The most cells a group of a room shows, given each group's length in cells: the
/// longest that keeps the room's columns within [`ROOM_ROWS`] rows, and at least 2 (a
/// folded group shows `cap - 1` cells and a "+ N more" note in the last).
fn fold_cap(lengths: &[usize], count: usize) -> usize {
    let rows = |cap: usize| {
        let chunks = lengths.chunks(count);
        let separators = chunks.len().saturating_sub(1);
        chunks.map(|chunk| chunk.iter().map(|&len| len.min(cap)).max().unwrap_or(0)).sum::<usize>() + separators
    };
    let mut cap = lengths.iter().copied().max().unwrap_or(0);
    while cap > 2 && rows(cap) > ROOM_ROWS {
        cap -= 1;
    }
    cap.max(2)
}

/// Lays groups of cells out in `count` columns across `width`, groups filling them left
/// to right, row after row. With `walls` the columns are separated by `│`.
fn columns(groups: Vec<Vec<Cell>>, width: usize, count: usize, walls: bool, border: Style) -> Vec<Row> {
    if groups.is_empty() {
        return Vec::new();
    }
    let count = count.clamp(1, groups.len());
    let gaps = COLUMN_GAP * (count - 1);
    let column = width.saturating_sub(gaps) / count;
    let last = width.saturating_sub(gaps) - column * (count - 1);
    let gap = if walls { " │ " } else { "   " };
    let mut rows = Vec::new();
    for (chunk_index, chunk) in groups.chunks(count).enumerate() {
        if chunk_index > 0 {
            rows.push((vec![Span::raw(" ".repeat(width))], Vec::new()));
        }
        let height = chunk.iter().map(Vec::len).max().unwrap_or(0);
        for r in 0..height {
            let mut row = Vec::new();
            let mut names = Vec::new();
            for c in 0..count {
                if c > 0 {
                    row.push(Span::styled(gap, border));
                }
                let w = if c + 1 == count { last } else { column };
                let cell = chunk.get(c).and_then(|g| g.get(r)).cloned().unwrap_or_default();
                let (spans, name) = cell.placed(w, c * (column + COLUMN_GAP));
                row.extend(spans);
                names.extend(name);
            }
            rows.push((row, names));
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
