//! The explorer's state driven by actions, keys and mouse events, with no terminal:
//! the edges of navigation, search and its highlight, the grey-only filter on a large
//! org, clicks and the wheel in both layouts, a selection that stays in view however
//! deep or short the tree, and the help overlay's scrolling. (explorer.rs holds
//! the first, broader pass; these pin what it leaves out.)

use crate::support::tui::{app_on, draw, id_named, large, press, select, selected, shop, type_text};
use frontback::classify::Model;
use frontback::generate::deep_org_text;
use frontback::text::Lang;
use frontback::tui::ModelView;
use frontback::tui::layout;
use frontback::tui::{Action, App};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use ratatui::style::Modifier;

fn rows(app: &App) -> Vec<usize> {
    (0..app.explorer.outline.len()).map(|i| app.explorer.outline.row(i).unwrap()).collect()
}

fn text_of(buffer: &Buffer, area: Rect) -> String {
    (area.top()..area.bottom())
        .map(|y| (area.left()..area.right()).map(|x| buffer[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The area inside the tree's border, when the layout has a tree.
fn tree_inner(app: &App) -> Option<Rect> {
    layout::layout_checked(app.size, app).and_then(|areas| areas.tree).map(layout::inside_border)
}

/// What the tree shows, inside its border.
fn tree_text(app: &App) -> String {
    text_of(&draw(app), tree_inner(app).expect("a tree on screen"))
}

/// The tree's line that carries the selection symbol.
fn selected_line(app: &App) -> String {
    tree_text(app)
        .lines()
        .find(|line| line.starts_with(layout::TREE_HIGHLIGHT_SYMBOL))
        .unwrap_or_else(|| panic!("no selected row in the tree:\n{}", tree_text(app)))
        .to_string()
}

fn mouse(kind: MouseEventKind, column: u16, row: u16) -> Event {
    Event::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE })
}

fn click(app: &mut App, column: u16, row: u16) -> bool {
    app.handle_event(&mouse(MouseEventKind::Down(MouseButton::Left), column, row)).redraw
}

#[test]
fn paging_stops_at_both_ends_and_moves_a_viewport_less_one() {
    let mut app = large(100, 30);
    app.update(Action::UnfoldAll);
    let page = tree_inner(&app).unwrap().height as usize - 1;
    app.update(Action::PageDown);
    assert_eq!(app.explorer.outline.cursor, page);
    app.update(Action::PageUp);
    assert_eq!(app.explorer.outline.cursor, 0);
    app.update(Action::PageUp);
    assert_eq!(app.explorer.outline.cursor, 0, "page up stops at the first row");
    app.update(Action::Last);
    let last = app.explorer.outline.len() - 1;
    assert_eq!(app.explorer.outline.cursor, last);
    app.update(Action::PageDown);
    assert_eq!(app.explorer.outline.cursor, last, "page down stops at the last row");
    app.update(Action::Down);
    assert_eq!(app.explorer.outline.cursor, last, "down stops at the last row");
    app.update(Action::First);
    app.update(Action::Up);
    assert_eq!(app.explorer.outline.cursor, 0, "up stops at the first row");
}

#[test]
fn left_and_right_do_nothing_where_there_is_nowhere_to_go() {
    let mut app = shop(100, 30);
    select(&mut app, "Showroom");
    let before = rows(&app);
    app.update(Action::Left);
    assert_eq!(selected(&app), "Showroom", "a top-level leaf has no parent");
    app.update(Action::Right);
    assert_eq!(selected(&app), "Showroom", "a leaf has no child");
    assert_eq!(rows(&app), before);
}

#[test]
fn folding_an_ancestor_of_the_selection_keeps_the_selection_on_it() {
    let mut app = shop(100, 30);
    select(&mut app, "Varnishing room");
    let workshop = id_named(&app, "Workshop");
    app.explorer.outline.set_open(&app.doc, workshop, false);
    assert_eq!(selected(&app), "Workshop");
    select(&mut app, "Supplier orders");
    app.update(Action::Left);
    app.update(Action::ToggleFold);
    let administration = id_named(&app, "Administration");
    assert_eq!(selected(&app), "Administration");
    assert!(!app.explorer.outline.is_open(administration));
    app.update(Action::ToggleFold);
    assert!(app.explorer.outline.is_open(administration));
    assert_eq!(app.explorer.outline.len(), app.doc.org.len() - 2, "the workshop stays folded");
}

#[test]
fn the_keys_drive_the_same_actions() {
    let mut app = shop(100, 30);
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(selected(&app), "Sales floor");
    press(&mut app, KeyCode::Char('G'));
    assert_eq!(selected(&app), "Supplier orders");
    press(&mut app, KeyCode::Char('h'));
    assert_eq!(selected(&app), "Administration");
    press(&mut app, KeyCode::Home);
    assert_eq!(selected(&app), "Showroom");
    for expected in [ModelView::One(Model::Profit), ModelView::Both, ModelView::One(Model::Customer)] {
        press(&mut app, KeyCode::Char('m'));
        assert_eq!(app.model_view, expected);
    }
    press(&mut app, KeyCode::Char('L'));
    assert_eq!(app.lang, Lang::Es);
    press(&mut app, KeyCode::Char('L'));
    assert_eq!(app.lang, Lang::En);
    assert!(!press(&mut app, KeyCode::F(12)), "an unbound key changes nothing");
}

#[test]
fn search_starts_from_where_it_began_and_highlights_every_match() {
    let mut app = shop(120, 40);
    select(&mut app, "Bookkeeping");
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "ROOM");
    assert_eq!(selected(&app), "Varnishing room", "the first match at or after Bookkeeping");
    assert_eq!(app.explorer.search.matches.len(), 2);
    let buffer = draw(&app);
    let status = text_of(&buffer, Rect::new(0, 39, 120, 1));
    assert!(status.starts_with("/search: ROOM"), "{status}");
    assert!(status.contains("2 matches"), "{status}");
    // Matching names are underlined (the monochrome theme's match style), others not.
    let inner = tree_inner(&app).unwrap();
    let underlined = |name: &str| {
        let y = (inner.top()..inner.bottom())
            .find(|&y| text_of(&buffer, Rect::new(inner.x, y, inner.width, 1)).contains(name))
            .unwrap_or_else(|| panic!("{name} on screen"));
        let line = text_of(&buffer, Rect::new(inner.x, y, inner.width, 1));
        let column = line[..line.find(name).unwrap()].chars().count() as u16;
        (0..name.chars().count() as u16)
            .all(|i| buffer[(inner.x + column + i, y)].modifier.contains(Modifier::UNDERLINED))
    };
    assert!(underlined("Showroom"));
    assert!(underlined("Varnishing room"));
    assert!(!underlined("Bookkeeping"));

    press(&mut app, KeyCode::Enter);
    assert!(app.search_input().is_none());
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(selected(&app), "Showroom", "next wraps to the top");
    assert_eq!(app.status.as_ref().unwrap().text, "Match 1 of 2");
    press(&mut app, KeyCode::Char('N'));
    assert_eq!(selected(&app), "Varnishing room", "previous wraps to the bottom");
    assert_eq!(app.status.as_ref().unwrap().text, "Match 2 of 2");
}

#[test]
fn a_search_without_matches_says_so_and_keeps_the_selection() {
    let mut app = shop(100, 30);
    select(&mut app, "Workshop");
    app.update(Action::SearchNext);
    assert!(app.status.as_ref().is_some_and(|s| s.is_error), "n before any search explains itself");
    app.update(Action::Search);
    type_text(&mut app, "zzz");
    assert_eq!(selected(&app), "Workshop");
    app.update(Action::Confirm);
    let status = app.status.clone().unwrap();
    assert!(status.is_error && status.text.contains("zzz"), "{status:?}");
    app.update(Action::SearchPrev);
    assert_eq!(selected(&app), "Workshop");
}

#[test]
fn escape_restores_the_selection_after_a_search_opened_folded_departments() {
    let mut app = large(100, 30);
    let start = app.explorer.outline.selected().unwrap();
    let rows_before = app.explorer.outline.len();
    app.update(Action::Search);
    type_text(&mut app, "Unit 19999");
    assert_eq!(selected(&app), "Unit 19999", "found deep inside folded departments");
    assert!(app.explorer.outline.len() > rows_before, "its ancestors were opened");
    assert!(tree_text(&app).contains("Unit 19999"));
    app.update(Action::Cancel);
    assert_eq!(app.explorer.outline.selected(), Some(start));
    assert!(app.explorer.search.matches.is_empty() && app.explorer.search.query.is_empty());
    assert!(tree_text(&app).contains(&selected(&app)));
}

#[test]
fn grey_only_on_a_large_org_shows_exactly_the_grey_areas_and_their_ancestors() {
    let mut app = large(120, 40);
    let org = &app.doc.org;
    let grey: Vec<bool> = (0..org.len()).map(|d| app.doc.classes.of(d).is_grey_area()).collect();
    let expected: Vec<usize> = (0..org.len()).filter(|&d| (d..org.subtree_end(d)).any(|x| grey[x])).collect();
    assert!(expected.len() < org.len() && grey.iter().filter(|&&g| g).count() > 1000);
    let before = rows(&app);

    press(&mut app, KeyCode::Char('!'));
    assert_eq!(rows(&app), expected);
    assert!(grey[app.explorer.outline.selected().unwrap()], "a grey area is selected");
    assert!(tree_text(&app).contains(&selected(&app)));
    let screen = text_of(&draw(&app), Rect::new(0, 0, 120, 40));
    assert!(screen.contains("Grey areas only"), "{screen}");

    press(&mut app, KeyCode::Char('!'));
    assert!(app.explorer.outline.filter().is_none());
    assert!(rows(&app).len() >= before.len(), "everything shows again");
    assert!(before.iter().all(|d| app.explorer.outline.row_of(*d).is_some()));
}

#[test]
fn grey_only_without_grey_areas_explains_and_stays_off() {
    let text =
        "[company]\nname = \"Plain\"\n[org.sales]\nfunction = \"sales\"\n[org.books]\nfunction = \"accounting\"\n";
    let mut app = app_on(text, 100, 30);
    app.update(Action::ToggleGreyOnly);
    assert!(app.explorer.outline.filter().is_none());
    assert_eq!(app.explorer.outline.len(), 2);
    assert!(app.status.as_ref().is_some_and(|s| s.is_error));
}

#[test]
fn clicks_select_and_toggle_in_the_stacked_layout_too() {
    for (width, height) in [(120, 40), (70, 30)] {
        let mut app = shop(width, height);
        app.update(Action::FoldAll);
        let inner = tree_inner(&app).unwrap();
        // Rows: Showroom, Sales floor, Repair desk, Bookkeeping, Workshop, Administration.
        assert!(click(&mut app, inner.x + 20, inner.y + 4));
        assert_eq!(selected(&app), "Workshop");
        let workshop = app.explorer.outline.selected().unwrap();
        assert!(!app.explorer.outline.is_open(workshop), "a click on the name does not unfold");
        let marker = inner.x + layout::TREE_HIGHLIGHT_SYMBOL_WIDTH;
        click(&mut app, marker, inner.y + 4);
        assert!(app.explorer.outline.is_open(workshop), "a click on the marker unfolds");
        assert!(tree_text(&app).contains("Carpentry bench"));
        click(&mut app, marker + 1, inner.y + 4);
        assert!(!app.explorer.outline.is_open(workshop), "and folds again");
        // A child's marker is indented one level: a click where its parent's marker
        // would be only selects it.
        click(&mut app, marker, inner.y + 1);
        assert_eq!(selected(&app), "Sales floor");
        assert!(app.explorer.outline.is_open(app.explorer.outline.selected().unwrap()));
        click(&mut app, marker, inner.y + 2);
        assert_eq!(selected(&app), "Till 1");
        assert_eq!(app.explorer.outline.len(), 7, "Sales floor stays open, Workshop folded");
        click(&mut app, marker + 2, inner.y + 2);
        assert_eq!(app.explorer.outline.len(), 7, "Till 1 has no children to unfold");
    }
}

#[test]
fn clicks_outside_the_rows_change_nothing() {
    let mut app = shop(100, 30);
    select(&mut app, "Bookkeeping");
    let areas = layout::layout(app.size, &app);
    let inner = tree_inner(&app).unwrap();
    let panel = areas.body;
    assert!(!click(&mut app, panel.x + 5, panel.y + 3), "the panel");
    assert!(!click(&mut app, inner.x + 5, inner.bottom() - 1), "below the last row");
    assert!(!click(&mut app, inner.x + 5, inner.y - 1), "the border");
    assert!(!click(&mut app, 3, 0), "the header");
    assert_eq!(selected(&app), "Bookkeeping");
    app.update(Action::Help);
    assert!(!click(&mut app, inner.x + 5, inner.y), "the help overlay is open");
    assert_eq!(selected(&app), "Bookkeeping");
}

#[test]
fn the_wheel_moves_through_the_rows_and_stops_at_the_ends() {
    let mut app = shop(100, 30);
    let inner = tree_inner(&app).unwrap();
    assert!(app.handle_event(&mouse(MouseEventKind::ScrollUp, inner.x, inner.y)).redraw);
    assert_eq!(selected(&app), "Showroom");
    for _ in 0..3 {
        app.handle_event(&mouse(MouseEventKind::ScrollDown, inner.x, inner.y));
    }
    assert_eq!(selected(&app), "Repair desk");
    for _ in 0..50 {
        app.handle_event(&mouse(MouseEventKind::ScrollDown, inner.x, inner.y));
    }
    assert_eq!(selected(&app), "Supplier orders");
    assert!(
        !app.handle_event(&mouse(MouseEventKind::Moved, inner.x, inner.y)).redraw,
        "moving the mouse draws nothing"
    );
}

#[test]
fn a_click_on_a_pinned_ancestor_selects_it() {
    let mut app = large(120, 40);
    app.update(Action::UnfoldAll);
    app.update(Action::Last);
    let inner = tree_inner(&app).unwrap();
    let pinned = app.explorer.outline.pinned(&app.doc, inner.height as usize);
    assert_eq!(pinned.len(), 3, "the chain above the last row is pinned");
    let first_drawn = app.explorer.outline.row(app.explorer.outline.offset).unwrap();
    click(&mut app, inner.x + 30, inner.y + 3);
    assert_eq!(app.explorer.outline.selected(), Some(first_drawn), "the row below the pinned ones");
    click(&mut app, inner.x + 30, inner.y + 1);
    assert_eq!(app.explorer.outline.selected(), Some(pinned[1]));
    assert!(selected_line(&app).contains(&selected(&app)), "the view moved to it");
}

#[test]
fn the_selection_stays_in_view_in_a_large_org_at_every_size() {
    let mut app = large(120, 40);
    app.update(Action::UnfoldAll);
    assert_eq!(app.explorer.outline.len(), 20_000);
    for (width, height) in [(120, 40), (79, 24), (70, 12), (40, 12), (200, 60)] {
        app.resize(width, height);
        app.update(Action::First);
        for step in 0..40 {
            app.update(if step % 3 == 0 { Action::PageDown } else { Action::Down });
            let line = selected_line(&app);
            assert!(line.contains(&selected(&app)), "{width}x{height}, step {step}: {line}");
        }
        app.update(Action::Last);
        assert_eq!(selected(&app), "Unit 04679", "the last row in pre-order");
        let line = selected_line(&app);
        assert!(line.contains("Unit 04679"), "{width}x{height}: {line}");
        let outline = &app.explorer.outline;
        let room = outline.room(&app.doc, tree_inner(&app).unwrap().height as usize);
        assert!(outline.offset <= outline.cursor && outline.cursor < outline.offset + room);
        app.update(Action::First);
        assert_eq!(app.explorer.outline.offset, 0);
    }
}

#[test]
fn resizing_to_any_size_never_panics_and_keeps_the_selection_visible() {
    let mut app = large(120, 40);
    app.update(Action::UnfoldAll);
    app.update(Action::PageDown);
    app.update(Action::PageDown);
    for (width, height) in
        [(1, 1), (0, 0), (10, 3), (30, 8), (39, 11), (40, 11), (39, 12), (40, 12), (80, 12), (300, 5)]
    {
        app.resize(width, height);
        let screen = text_of(&draw(&app), Rect::new(0, 0, width, height));
        if tree_inner(&app).is_some() {
            assert!(selected_line(&app).contains(&selected(&app)), "{width}x{height}");
        } else if width >= 20 && height >= 3 {
            assert!(screen.contains("too small"), "{width}x{height}:\n{screen}");
        }
        app.update(Action::Down);
        app.update(Action::CycleModel);
        app.handle_event(&mouse(MouseEventKind::Down(MouseButton::Left), width / 2, height / 2));
    }
    app.resize(120, 40);
    assert!(selected_line(&app).contains(&selected(&app)));
}

#[test]
fn a_deep_row_shows_in_a_tree_shorter_than_its_ancestors() {
    // At 70x12 the stacked tree has three rows, for a chain of eight levels.
    let mut app = app_on(&deep_org_text(8), 70, 12);
    assert_eq!(tree_inner(&app).unwrap().height, 3);
    for _ in 0..app.explorer.outline.len() {
        let line = selected_line(&app);
        assert!(line.contains(&selected(&app)), "{line}\n{}", tree_text(&app));
        app.update(Action::Down);
    }
    app.update(Action::Last);
    let tree = tree_text(&app);
    assert!(selected_line(&app).contains("Leaf 7"), "{tree}");
    assert!(tree.contains("Level 7") && tree.contains("Level 6"), "the nearest ancestors stay pinned:\n{tree}");
    // The pinned rows indent from the left edge; a click on one selects it.
    let inner = tree_inner(&app).unwrap();
    click(&mut app, inner.x + 12, inner.y);
    assert_eq!(selected(&app), "Level 6");
    // The marker of the row under the pinned ones sits at its drawn indent.
    app.update(Action::Last);
    let level7_row = inner.y + 1;
    let marker = inner.x + layout::TREE_HIGHLIGHT_SYMBOL_WIDTH + 2;
    click(&mut app, marker, level7_row);
    assert_eq!(selected(&app), "Level 7");
    assert!(!app.explorer.outline.is_open(app.explorer.outline.selected().unwrap()), "its marker folded it");
}

#[test]
fn the_help_overlay_scrolls_to_its_last_line_and_no_further() {
    for (width, height) in [(120, 40), (70, 30), (40, 12)] {
        let mut app = shop(width, height);
        press(&mut app, KeyCode::Char('?'));
        let area = Rect::new(0, 0, width, height);
        let top = text_of(&draw(&app), area);
        for _ in 0..500 {
            press(&mut app, KeyCode::Char('j'));
        }
        let bottom = text_of(&draw(&app), area);
        assert!(bottom.contains("ctrl-c"), "the last binding is reachable at {width}x{height}:\n{bottom}");
        press(&mut app, KeyCode::Char('k'));
        let one_up = text_of(&draw(&app), area);
        if top != bottom {
            assert_ne!(one_up, bottom, "one line up from the end moves at {width}x{height}");
        }
        press(&mut app, KeyCode::Esc);
        assert!(app.help_scroll().is_none());
    }
}

#[test]
fn a_terminal_too_small_says_what_size_is_needed() {
    for (width, height) in [(30, 8), (39, 30), (120, 11)] {
        let app = shop(width, height);
        let screen = text_of(&draw(&app), Rect::new(0, 0, width, height));
        let flat = screen.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("The terminal is too small: frontback needs at least 40×12."), "{screen}");
    }
}

#[test]
fn counts_of_one_read_in_the_singular_in_both_languages() {
    let mut app = shop(120, 40);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "varn");
    assert_eq!(app.explorer.search.matches.len(), 1);
    let status = text_of(&draw(&app), Rect::new(0, 39, 120, 1));
    assert!(status.contains("  1 match") && !status.contains("matches"), "{status}");
    press(&mut app, KeyCode::Esc);

    let one_grey =
        "[company]\nname = \"One\"\n[org.sales]\nfunction = \"sales\"\n[org.help]\nfunction = \"post-sales-support\"\n";
    let mut app = app_on(one_grey, 120, 40);
    assert_eq!(app.doc.grey_areas.len(), 1);
    app.update(Action::ToggleGreyOnly);
    let said = &app.status.as_ref().unwrap().text;
    assert_eq!(said, "Showing only the one grey area and its ancestors. Press ! to show all.");
    app.update(Action::ToggleGreyOnly);
    app.lang = Lang::Es;
    app.update(Action::ToggleGreyOnly);
    assert!(app.status.as_ref().unwrap().text.starts_with("Solo se ve la única zona gris"));
}

#[test]
fn a_status_message_too_long_for_the_bar_ends_in_an_ellipsis() {
    let mut app = shop(60, 20);
    let text = "Configuration /home/someone/.config/frontback/config.toml:3:1: `sav` is not an action";
    app.status = Some(frontback::tui::Status { text: text.into(), is_error: false });
    let status = text_of(&draw(&app), Rect::new(0, 19, 60, 1));
    assert_eq!(status.chars().count(), 60);
    assert!(status.ends_with('…') && text.starts_with(status.trim_end_matches('…')), "{status:?}");
}

#[test]
fn an_error_too_long_for_the_bar_wraps_to_show_in_full() {
    let mut app = shop(60, 20);
    let text = "Configuration /home/someone/.config/frontback/config.toml:3:1: `sav` is not an action";
    app.status = Some(frontback::tui::Status { text: text.into(), is_error: true });
    let buffer = draw(&app);
    let rows: Vec<String> = (17..20).map(|y| text_of(&buffer, Rect::new(0, y, 60, 1)).trim_end().to_string()).collect();
    assert_eq!(rows.join(" "), text);
    assert_eq!(layout::layout(app.size, &app).status.height, 3);
    // Past four rows, the last one ends in `…`.
    app.status = Some(frontback::tui::Status { text: text.repeat(4), is_error: true });
    let last = text_of(&draw(&app), Rect::new(0, 19, 60, 1));
    assert!(last.trim_end().ends_with('…'), "{last:?}");
    assert_eq!(layout::layout(app.size, &app).status.height, 4);
}

/// The panel's text on screen, one string per row, from the buffer of a 100x30 app.
fn panel_rows(app: &App) -> Vec<String> {
    let body = layout::layout(app.size, app).body;
    let buffer = draw(app);
    (body.top()..body.bottom()).map(|y| text_of(&buffer, Rect::new(body.x, y, body.width, 1))).collect()
}

#[test]
fn the_panel_scrolls_to_what_does_not_fit_and_starts_at_the_top_for_another_department() {
    let mut app = shop(100, 30);
    select(&mut app, "Repair desk");
    let ctrl = |app: &mut App, c: char| app.handle_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    let first = panel_rows(&app);
    assert!(first[1].contains("Repair desk"), "{first:#?}");
    assert!(first.last().unwrap().contains("↓ ctrl-d more"), "the border says there is more:\n{first:#?}");
    assert!(!first.iter().any(|row| row.contains("Free repairs")), "the notes are below the fold");

    // Down to the end, and no further: the last press changes nothing.
    let mut steps = 0;
    while panel_rows(&app).last().unwrap().contains("↓") {
        ctrl(&mut app, 'd');
        steps += 1;
        assert!(steps < 100, "the panel never reached its end");
    }
    let end = panel_rows(&app);
    assert!(end.iter().any(|row| row.contains("Free repairs")), "the notes show at the end:\n{end:#?}");
    assert!(end.last().unwrap().contains("↑ ctrl-u back"), "{end:#?}");
    let offset = app.panel_offset();
    ctrl(&mut app, 'd');
    assert_eq!(app.panel_offset(), offset, "scrolling stops at the end");
    ctrl(&mut app, 'u');
    assert_eq!(app.panel_offset(), offset - 1);

    // Another department starts at the top; coming back too.
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(app.panel_offset(), 0);
    press(&mut app, KeyCode::Char('k'));
    assert_eq!(panel_rows(&app), first);

    // The wheel over the panel scrolls it; over the tree it moves the selection.
    let body = layout::layout(app.size, &app).body;
    app.handle_event(&mouse(MouseEventKind::ScrollDown, body.x + 5, body.y + 5));
    assert_eq!((app.panel_offset(), selected(&app)), (1, "Repair desk".to_string()));
    let tree = layout::layout(app.size, &app).tree.unwrap();
    app.handle_event(&mouse(MouseEventKind::ScrollDown, tree.x + 5, tree.y + 5));
    assert_eq!(selected(&app), "Bookkeeping");

    // A panel that fits says nothing of scrolling, and does not scroll.
    let mut roomy = shop(120, 60);
    select(&mut roomy, "Showroom");
    assert!(!panel_rows(&roomy).last().unwrap().contains("ctrl-d"));
    ctrl(&mut roomy, 'd');
    assert_eq!(roomy.panel_offset(), 0);
}

/// With only grey areas shown, a grey area whose sub-departments are all hidden has
/// nothing to fold: ← goes to its parent, as on a leaf.
#[test]
fn left_on_a_grey_area_with_hidden_children_goes_to_the_parent() {
    let text = "[company]\nname = \"Nest\"\n[org.sales]\nfunction = \"sales\"\n[org.sales.help]\nname = \"Help\"\n\
                function = \"post-sales-support\"\n[org.sales.help.desk]\nname = \"Desk\"\nfunction = \"accounting\"\n";
    let mut app = app_on(text, 100, 30);
    app.update(Action::ToggleGreyOnly);
    assert_eq!(selected(&app), "Help");
    press(&mut app, KeyCode::Left);
    assert_eq!(selected(&app), "sales", "the parent is selected");
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Right);
    assert_eq!(selected(&app), "Help", "→ on a grey area with nothing to show stays put");
}
