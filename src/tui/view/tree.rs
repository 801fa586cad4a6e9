//! The department tree, drawn with tui-tree-widget. Only the rows in the viewport
//! become `TreeItem`s — plus the ancestors of the first one, pinned at the top so the
//! indentation keeps its context — so a frame costs the same at ten departments or a
//! million. In reveal mode a row shows `[ ]` until its verdict is revealed.

use crate::text::t;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};
use tui_tree_widget::{Tree, TreeItem, TreeState};

use crate::classify::Verdict;
use crate::org::DeptId;
use crate::text::wrap::{shown, spans_width};
use crate::tui::layout::{TREE_HIGHLIGHT_SYMBOL, TREE_HIGHLIGHT_SYMBOL_WIDTH, TREE_INDENT, inside_border, tree_rows};
use crate::tui::state::{App, ModelView};
use unicode_width::UnicodeWidthStr;

/// Before a pinned ancestor: the row is above the view, not the parent of the row
/// under it in the list.
pub const PINNED_MARKER: &str = "↑ ";

/// Stands in for the children of a folded department, so that it shows as foldable.
const FOLDED_CHILDREN: DeptId = DeptId::MAX;

/// Draws the tree.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang.code();
    let theme = &app.theme;
    let doc = &app.doc;
    // While the file loads, the counts are of what is read so far.
    let count = |n: usize| match app.loading {
        Some(_) => t!("ui.count_so_far", locale = l, count = app.lang.number(n)).into_owned(),
        None => app.lang.number(n),
    };
    let title = match app.explorer.outline.filter() {
        Some(_) => t!("ui.tree_title_grey", locale = l, count = count(doc.grey_areas.len())),
        None => t!("ui.tree_title", locale = l, count = count(doc.org.len())),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.active_border)
        .title(super::title(&title, area.width));
    if doc.org.is_empty() {
        let empty = ratatui::widgets::Paragraph::new(t!("ui.empty_org", locale = l)).block(block).style(theme.dim);
        frame.render_widget(empty, area);
        return;
    }
    let inner = inside_border(area);
    let height = inner.height as usize;
    let shown = tree_rows(app, height);
    let pinned = app.explorer.outline.pinned(doc, height).len();
    let items = build_items(app, &shown, pinned, inner.width as usize);
    let mut state = TreeState::default();
    // The identifier of a row is its path among the drawn rows.
    let mut path: Vec<DeptId> = Vec::new();
    for &(id, level) in &shown {
        path.truncate(level);
        path.push(id);
        if app.explorer.outline.is_open(id) {
            state.open(path.clone());
        }
        if app.explorer.outline.selected() == Some(id) {
            state.select(path.clone());
        }
    }
    let Ok(tree) = Tree::new(&items) else { return };
    let tree = tree
        .block(block)
        .highlight_style(theme.selection)
        .highlight_symbol(TREE_HIGHLIGHT_SYMBOL)
        .node_closed_symbol("▸ ")
        .node_open_symbol("▾ ")
        .node_no_children_symbol("  ");
    frame.render_stateful_widget(tree, area, &mut state);
}

/// Nests the shown rows into items by their levels: a row's parent is the nearest row
/// above it one level up, so a stack suffices. Each row's text fits in what `width`
/// columns leave after the selection symbol, its indent and its fold marker.
fn build_items(app: &App, shown: &[(DeptId, usize)], pinned: usize, width: usize) -> Vec<TreeItem<'static, DeptId>> {
    let mut roots = Vec::new();
    // Open departments: (id, index in `shown`, children built so far).
    let mut stack: Vec<(DeptId, usize, Vec<TreeItem<'static, DeptId>>)> = Vec::new();
    let close = |stack: &mut Vec<(DeptId, usize, Vec<TreeItem<'static, DeptId>>)>,
                 roots: &mut Vec<TreeItem<'static, DeptId>>| {
        let Some((id, index, mut children)) = stack.pop() else { return };
        if children.is_empty() && app.explorer.outline.has_visible_children(&app.doc, id) {
            children.push(TreeItem::new_leaf(FOLDED_CHILDREN, ""));
        }
        // What is left is the row's level: the departments still open above it. The
        // widget draws the selection symbol, two columns a level, then the fold marker.
        let used = TREE_HIGHLIGHT_SYMBOL_WIDTH + (stack.len() as u16 + 1) * TREE_INDENT;
        let text = row_text(app, id, index < pinned, width.saturating_sub(used as usize));
        let item = TreeItem::new(id, text.clone(), children).unwrap_or_else(|_| TreeItem::new_leaf(id, text));
        match stack.last_mut() {
            Some((_, _, siblings)) => siblings.push(item),
            None => roots.push(item),
        }
    };
    for (index, &(id, level)) in shown.iter().enumerate() {
        while stack.len() > level {
            close(&mut stack, &mut roots);
        }
        stack.push((id, index, Vec::new()));
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots);
    }
    roots
}

/// After the name of a grey area.
const GREY_MARK: &str = " ≈";

/// A department's name as a row shows it: escaped, and cut with `…` to what `room`
/// columns leave after the spans `before` it and `after` columns of marks.
fn name_in(name: &str, room: usize, before: &[Span<'_>], after: usize) -> String {
    let room = room.saturating_sub(spans_width(before) + after);
    let mut name = shown(name, room);
    // `shown` adds up the characters' widths; a line measures whole strings, where
    // some sequences (an emoji and its variation selector) take a column more.
    while name.width() > room {
        let mut kept = name.strip_suffix('…').unwrap_or(&name).chars();
        if kept.next_back().is_none() {
            return String::new();
        }
        name = format!("{}…", kept.as_str());
    }
    name
}

/// In reveal mode, a row whose verdict is not revealed yet: "[ ] Repair desk" (not "[?]",
/// which means undetermined), with no
/// colour and no grey-area mark; in `room` columns.
fn hidden_row_text(app: &App, id: DeptId, is_pinned: bool, room: usize) -> Line<'static> {
    let theme = &app.theme;
    let badge = match app.model_view {
        ModelView::One(_) => "[ ]",
        ModelView::Both => "[ | ]",
    };
    let name_style = if app.explorer.search.contains(id) { theme.search_match } else { Style::new() };
    let mut spans = Vec::new();
    if is_pinned {
        spans.push(Span::styled(PINNED_MARKER, theme.dim));
    }
    spans.extend([Span::raw(badge), Span::raw(" ")]);
    let name = name_in(app.doc.org.dept(id).display_name(), room, &spans, 0);
    spans.push(Span::styled(name, name_style));
    let line = Line::from(spans);
    if is_pinned { line.patch_style(theme.dim) } else { line }
}

/// "[F] Showroom", "[F|B] Repair desk ≈", styled by verdict, grey area and search, in
/// `room` columns: a name too long for them is cut with `…`, so that the grey area's
/// mark after it always shows.
fn row_text(app: &App, id: DeptId, is_pinned: bool, room: usize) -> Line<'static> {
    let theme = &app.theme;
    let facts = app.doc.classes.of(id);
    let dept = app.doc.org.dept(id);
    if app.explorer.hides(id) {
        return hidden_row_text(app, id, is_pinned, room);
    }
    let primary = facts.verdict(app.model_view.primary());
    let badge = match app.model_view {
        ModelView::One(m) => facts.verdict(m).badge().to_string(),
        ModelView::Both => {
            let [c, p] = crate::classify::Model::ALL.map(|m| facts.verdict(m).badge());
            format!("[{}|{}]", &c[1..2], &p[1..2])
        }
    };
    let grey = facts.is_grey_area();
    let style = if grey { theme.grey } else { theme.verdict(primary) };
    let mut name_style = Style::new();
    if app.explorer.search.contains(id) {
        name_style = theme.search_match;
    }
    let mut spans = Vec::new();
    if is_pinned {
        // An ancestor kept in view, not a row in its place: dim, and marked in text so
        // that it shows without colour too.
        spans.push(Span::styled(PINNED_MARKER, theme.dim));
    }
    spans.extend([
        Span::styled(badge, if primary == Verdict::Undetermined && !grey { theme.undetermined } else { style }),
        Span::raw(" "),
    ]);
    let name = name_in(dept.display_name(), room, &spans, if grey { GREY_MARK.width() } else { 0 });
    spans.push(Span::styled(name, name_style));
    if grey {
        spans.push(Span::styled(GREY_MARK, theme.grey));
    }
    let line = Line::from(spans);
    if is_pinned { line.patch_style(theme.dim) } else { line }
}
