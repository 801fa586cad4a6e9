//! Where things go on the screen, as pure geometry over the app's state: the areas of
//! the layout, the rectangles inside borders and pop-ups, the tree rows drawn and what a
//! click on them hits, and how far a text scrolls once its length is known. `update`
//! (paging, scrolling, clicks) and the view (drawing) both read it, so they agree
//! without either importing the other.
//!
//! How long a scrolling text is depends on the lines the view builds for it; update
//! asks through [`Measure`], which the view implements.

use std::ops::Range;

use ratatui::layout::{Constraint, Flex, Layout, Position, Rect};
use ratatui::widgets::{Block, Borders};

use crate::org::DeptId;
use crate::tui::action::Action;
use crate::tui::state::{App, View};

/// Below this size no layout fits; a message says so.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;
/// Narrower than this, the tree and the panel are stacked.
pub const SIDE_BY_SIDE_WIDTH: u16 = 80;

/// The symbol before the selected row of the tree.
pub const TREE_HIGHLIGHT_SYMBOL: &str = "› ";
/// Its width in columns: the fold marker of a row starts after it.
pub const TREE_HIGHLIGHT_SYMBOL_WIDTH: u16 = 2;
/// The columns the tree indents each level by, and the width of a fold marker.
pub const TREE_INDENT: u16 = 2;

/// Where each area of the screen goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    /// The tree (explorer only).
    pub tree: Option<Rect>,
    /// The panel (explorer), or the whole body of another view.
    pub body: Rect,
    pub status: Rect,
}

/// Rows the header takes: the title line and one tally line per model shown.
pub fn header_height(app: &App) -> u16 {
    1 + app.model_view.models().len() as u16
}

/// The most rows an error message takes in the status bar.
const MOST_ERROR_ROWS: usize = 4;

/// The lines of an error message in the status bar, wrapped to `width` so that it
/// shows in full (up to `MOST_ERROR_ROWS`): a failed save says which file and why.
pub fn error_lines(app: &App, width: u16) -> Vec<String> {
    match &app.status {
        Some(status) if status.is_error => {
            let text = crate::text::sanitize(&status.text);
            let mut lines = crate::text::wrap::wrap(&text, width as usize);
            if lines.len() > MOST_ERROR_ROWS {
                lines.truncate(MOST_ERROR_ROWS);
                let last = &mut lines[MOST_ERROR_ROWS - 1];
                // Ends in `…` whether or not the mark fits after the last word.
                *last = crate::text::wrap::shown(&format!("{last} …"), width as usize);
            }
            lines
        }
        _ => Vec::new(),
    }
}

/// Rows the status bar takes: one, more for an error message that needs them, and one
/// more for a prompt typed below the error.
pub fn status_height(app: &App, width: u16) -> u16 {
    let error = error_lines(app, width).len();
    let prompt = usize::from(error > 0 && matches!(app.overlay, Some(crate::tui::state::Overlay::Prompt(_))));
    (error + prompt).max(1) as u16
}

/// The layout for a terminal of this size; `None` when it is too small for any.
pub fn layout_checked(area: Rect, app: &App) -> Option<Areas> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let [header, body, status] = Layout::vertical([
        Constraint::Length(header_height(app)),
        Constraint::Min(3),
        Constraint::Length(status_height(app, area.width)),
    ])
    .areas(area);
    if app.view != View::Explorer {
        return Some(Areas { header, tree: None, body, status });
    }
    let [tree, panel] = if area.width >= SIDE_BY_SIDE_WIDTH {
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body)
    } else {
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body)
    };
    Some(Areas { header, tree: Some(tree), body: panel, status })
}

/// The layout, with no tree when the terminal is too small.
pub fn layout(area: Rect, app: &App) -> Areas {
    layout_checked(area, app).unwrap_or(Areas { header: area, tree: None, body: area, status: area })
}

/// The area inside a border on every side (the tree's, the panel's).
pub fn inside_border(area: Rect) -> Rect {
    Block::default().borders(Borders::ALL).inner(area)
}

/// Rows available to the tree's list on the app's screen.
pub fn tree_height(app: &App) -> usize {
    layout(app.size, app).tree.map_or(1, |area| inside_border(area).height as usize)
}

/// The departments drawn in the tree, top to bottom, with their level of indentation:
/// the pinned ancestors, then the rows of the viewport. The level is the depth in the
/// org, less when the outermost ancestors did not fit above a deep row.
pub fn tree_rows(app: &App, height: usize) -> Vec<(DeptId, usize)> {
    let doc = &app.doc;
    let outline = &app.explorer.outline;
    let pinned = outline.pinned(doc, height);
    let room = height.saturating_sub(pinned.len());
    // The depths of the drawn ancestors of the next row: a row nests under the
    // nearest drawn row above it that is shallower.
    let mut above: Vec<usize> = Vec::new();
    pinned
        .into_iter()
        .chain(outline.rows_from(outline.offset, room))
        .map(|id| {
            let depth = doc.org.dept(id).depth;
            while above.last().is_some_and(|&d| d >= depth) {
                above.pop();
            }
            let level = above.len();
            above.push(depth);
            (id, level)
        })
        .collect()
}

/// What a click in the tree hit: a department, and whether on its fold marker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TreeHit {
    pub dept: DeptId,
    pub on_fold_marker: bool,
}

/// The tree row under a position of the explorer's screen, if any.
pub fn tree_hit(app: &App, position: Position) -> Option<TreeHit> {
    let inner = inside_border(layout(app.size, app).tree?);
    if !inner.contains(position) {
        return None;
    }
    let index = (position.y - inner.y) as usize;
    let &(dept, level) = tree_rows(app, inner.height as usize).get(index)?;
    let on_fold_marker = fold_marker_columns(inner, level).contains(&(position.x as usize));
    Some(TreeHit { dept, on_fold_marker })
}

/// The columns of a tree row's fold marker: after the selection symbol and the indent.
fn fold_marker_columns(inner: Rect, level: usize) -> Range<usize> {
    let start = inner.x as usize + TREE_HIGHLIGHT_SYMBOL_WIDTH as usize + level * TREE_INDENT as usize;
    start..start + TREE_INDENT as usize
}

/// Where the help overlay goes over `area`.
pub fn help_popup(area: Rect) -> Rect {
    let width = area.width.saturating_sub(4).min(90);
    let height = area.height.saturating_sub(2);
    let [popup] = Layout::horizontal([Constraint::Length(width)]).flex(Flex::Center).areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height)]).flex(Flex::Center).areas(popup);
    popup
}

/// The rows inside the help overlay's border over `area`: a page of it.
pub fn help_rows(area: Rect) -> u16 {
    help_popup(area).height.saturating_sub(2)
}

/// The concepts screen's text in the body: a margin of one column each side when there
/// is room for it.
pub fn concepts_text_area(area: Rect) -> Rect {
    if area.width >= 42 { Rect { x: area.x + 1, width: area.width - 2, ..area } } else { area }
}

/// From this width of the body the split view of two companies puts the reasons beside
/// its rows, not below them.
pub const COMPARE_SIDE_BY_SIDE_WIDTH: u16 = 110;

/// The split view's two areas in the body: its table of rows (a border and a heading
/// row around them) and the reasons of the selected row, beside the table on a wide
/// body, below it otherwise.
pub fn compare_areas(body: Rect) -> (Rect, Rect) {
    if body.width >= COMPARE_SIDE_BY_SIDE_WIDTH {
        let [table, reasons] = Layout::horizontal([Constraint::Percentage(60), Constraint::Fill(1)]).areas(body);
        (table, reasons)
    } else {
        let [table, reasons] =
            Layout::vertical([Constraint::Length(body.height * 3 / 7), Constraint::Fill(1)]).areas(body);
        (table, reasons)
    }
}

/// The rows of the split view's table shown at once on the app's screen: a page.
pub fn compare_rows(app: &App) -> usize {
    let (table, _) = compare_areas(layout(app.size, app).body);
    (inside_border(table).height as usize).saturating_sub(1).max(1)
}

/// The furthest a text of `lines` lines scrolls in `height` rows: its last line at the
/// bottom.
pub fn last_scroll(lines: usize, height: u16) -> usize {
    lines.saturating_sub(height as usize)
}

/// Where a scrolled text goes from `scroll` for a key that scrolls it (a line up or
/// down, a page of `page` rows, or to either end), no further than `last`.
pub fn scrolled(action: Action, scroll: usize, page: usize, last: usize) -> usize {
    let scroll = scroll.min(last);
    match action {
        Action::Up => scroll.saturating_sub(1),
        Action::Down => scroll + 1,
        Action::PageUp => scroll.saturating_sub(page),
        Action::PageDown => scroll + page,
        Action::First => 0,
        _ => last,
    }
    .min(last)
}

/// How far the scrolling texts go on the app's screen, as the view lays them out.
pub trait Measure {
    /// The furthest the help overlay scrolls.
    fn help_scroll(&self, app: &App) -> usize;
    /// The furthest the selected department's panel scrolls.
    fn panel_scroll(&self, app: &App) -> usize;
    /// The furthest the teaching view shown (floor plan or concepts) scrolls.
    fn teaching_scroll(&self, app: &App) -> usize;
    /// The department whose name the floor plan drew under a position of the screen.
    fn plan_hit(&self, app: &App, position: Position) -> Option<DeptId>;
    /// The furthest the reasons of the split view's selected row scroll.
    fn compare_scroll(&self, app: &App) -> usize;
    /// Where each fact starts on the concepts screen, in the order of
    /// [`Fact::ALL`](crate::concept::Fact::ALL): the scroll that puts it at the top.
    fn fact_lines(&self, app: &App) -> [usize; 8];
    /// The quiz's choice drawn at a position of the screen, if any.
    fn quiz_choice(&self, app: &App, position: Position) -> Option<usize>;
    /// The furthest the quiz view scrolls.
    fn quiz_scroll(&self, app: &App) -> usize;
    /// The rows a page of the quiz view scrolls by: what its frame shows, less one
    /// row kept for context.
    fn quiz_page(&self, app: &App) -> usize;
}

/// The row at the bottom of the panel that names the fact the selected department
/// illustrates, a link to the concepts screen, with that fact; `None` when there is
/// none (nothing is known of it, its verdict is hidden in reveal mode) or no room.
pub fn concept_link(app: &App, panel: Rect) -> Option<(Rect, crate::concept::Fact)> {
    let id = app.explorer.outline.selected()?;
    if app.explorer.hides(id) {
        return None;
    }
    let fact = crate::concept::fact_of(&app.doc, id)?;
    let inner = inside_border(panel);
    (inner.height >= 4).then(|| (Rect { y: inner.bottom() - 1, height: 1, ..inner }, fact))
}

/// The rows a page of the teaching view shown scrolls by: what shows, less one row
/// kept for context.
pub fn teaching_page(app: &App) -> usize {
    (layout(app.size, app).body.height as usize).saturating_sub(2).max(1)
}
