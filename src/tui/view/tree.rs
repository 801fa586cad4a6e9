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
use crate::text::wrap::shown_long;
use crate::tui::layout::{TREE_HIGHLIGHT_SYMBOL, inside_border, tree_rows};
use crate::tui::state::{App, ModelView};

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
        Some(_) => t!("ui.count_so_far", locale = l, count = n).into_owned(),
        None => n.to_string(),
    };
    let title = match &app.explorer.outline.filter {
        Some(_) => t!("ui.tree_title_grey", locale = l, count = count(doc.grey_areas.len())),
        None => t!("ui.tree_title", locale = l, count = count(doc.org.len())),
    };
    let block = Block::default().borders(Borders::ALL).border_style(theme.active_border).title(format!(" {title} "));
    if doc.org.is_empty() {
        let empty = ratatui::widgets::Paragraph::new(t!("ui.empty_org", locale = l)).block(block).style(theme.dim);
        frame.render_widget(empty, area);
        return;
    }
    let height = inside_border(area).height as usize;
    let shown = tree_rows(app, height);
    let pinned = app.explorer.outline.pinned(doc, height).len();
    let items = build_items(app, &shown, pinned);
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
/// above it one level up, so a stack suffices.
fn build_items(app: &App, shown: &[(DeptId, usize)], pinned: usize) -> Vec<TreeItem<'static, DeptId>> {
    let mut roots = Vec::new();
    // Open departments: (id, index in `shown`, children built so far).
    let mut stack: Vec<(DeptId, usize, Vec<TreeItem<'static, DeptId>>)> = Vec::new();
    let close = |stack: &mut Vec<(DeptId, usize, Vec<TreeItem<'static, DeptId>>)>,
                 roots: &mut Vec<TreeItem<'static, DeptId>>| {
        let Some((id, index, mut children)) = stack.pop() else { return };
        if children.is_empty() && app.explorer.outline.has_visible_children(&app.doc, id) {
            children.push(TreeItem::new_leaf(FOLDED_CHILDREN, ""));
        }
        let text = row_text(app, id, index < pinned);
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

/// In reveal mode, a row whose verdict is not revealed yet: "[ ] Repair desk" (not "[?]",
/// which means undetermined), with no
/// colour and no grey-area mark.
fn hidden_row_text(app: &App, id: DeptId, is_pinned: bool) -> Line<'static> {
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
    spans.extend([
        Span::raw(badge),
        Span::raw(" "),
        Span::styled(shown_long(app.doc.org.dept(id).display_name()), name_style),
    ]);
    let line = Line::from(spans);
    if is_pinned { line.patch_style(theme.dim) } else { line }
}

/// "[F] Showroom", "[F|B] Repair desk ≈", styled by verdict, grey area and search.
fn row_text(app: &App, id: DeptId, is_pinned: bool) -> Line<'static> {
    let theme = &app.theme;
    let facts = app.doc.classes.of(id);
    let dept = app.doc.org.dept(id);
    if app.explorer.hides(id) {
        return hidden_row_text(app, id, is_pinned);
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
        Span::styled(shown_long(dept.display_name()), name_style),
    ]);
    if grey {
        spans.push(Span::styled(" ≈", theme.grey));
    }
    let line = Line::from(spans);
    if is_pinned { line.patch_style(theme.dim) } else { line }
}
