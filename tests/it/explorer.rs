//! The explorer on a `TestBackend`: whole-screen snapshots at 120×40 and 70×30, and
//! the app driven by actions with no terminal at all.

use crate::support::tui::{app_in, app_on, screen, select, selected, shop, type_text};
use frontback::classify::Model;
use frontback::samples::default_sample;
use frontback::text::Lang;
use frontback::tui::Action;
use frontback::tui::ModelView;
use ratatui::crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

#[test]
fn snapshots_of_the_explorer_at_two_sizes() {
    for (width, height) in [(120, 40), (70, 30)] {
        let suffix = format!("{width}x{height}");
        let mut app = shop(width, height);
        insta::assert_snapshot!(format!("start_{suffix}"), screen(&app));
        select(&mut app, "Repair desk");
        insta::assert_snapshot!(format!("grey_area_selected_{suffix}"), screen(&app));
        app.update(Action::CycleModel);
        insta::assert_snapshot!(format!("profit_model_{suffix}"), screen(&app));
        app.update(Action::CycleModel);
        insta::assert_snapshot!(format!("both_models_{suffix}"), screen(&app));
        app.update(Action::CycleModel);

        let mut search = shop(width, height);
        search.update(Action::Search);
        type_text(&mut search, "work");
        insta::assert_snapshot!(format!("search_typing_{suffix}"), screen(&search));

        let mut grey = shop(width, height);
        grey.update(Action::ToggleGreyOnly);
        insta::assert_snapshot!(format!("grey_only_{suffix}"), screen(&grey));

        let mut help = shop(width, height);
        help.update(Action::Help);
        insta::assert_snapshot!(format!("help_{suffix}"), screen(&help));
    }
}

#[test]
fn snapshot_in_spanish_and_of_a_terminal_too_small() {
    let app = app_in(default_sample().text, Lang::Es, 120, 40);
    insta::assert_snapshot!("start_spanish_120x40", screen(&app));
    let tiny = shop(30, 8);
    let text = screen(&tiny);
    assert!(text.contains("too small"), "{text}");
}

#[test]
fn moving_stops_at_the_ends() {
    let mut app = shop(100, 30);
    app.update(Action::Up);
    assert_eq!(app.explorer.outline.cursor, 0);
    app.update(Action::Last);
    let last = app.explorer.outline.cursor;
    app.update(Action::Down);
    assert_eq!(app.explorer.outline.cursor, last);
    app.update(Action::PageUp);
    assert_eq!(app.explorer.outline.cursor, 0);
    app.update(Action::PageDown);
    assert!(app.explorer.outline.cursor > 0);
    app.update(Action::First);
    assert_eq!(app.explorer.outline.cursor, 0);
}

#[test]
fn left_folds_or_goes_to_the_parent_and_right_unfolds_or_goes_in() {
    let mut app = shop(100, 30);
    select(&mut app, "Till 1");
    app.update(Action::Left);
    assert_eq!(selected(&app), "Sales floor");
    app.update(Action::Left);
    let id = app.explorer.outline.selected().unwrap();
    assert!(!app.explorer.outline.is_open(id), "folded");
    app.update(Action::Right);
    assert!(app.explorer.outline.is_open(id), "unfolded");
    app.update(Action::Right);
    assert_eq!(selected(&app), "Till 1");
    app.update(Action::FoldAll);
    assert_eq!(app.explorer.outline.len(), app.doc.org.children(None).count());
    app.update(Action::UnfoldAll);
    assert_eq!(app.explorer.outline.len(), app.doc.org.len());
}

#[test]
fn the_model_cycles_customer_profit_both() {
    let mut app = shop(100, 30);
    assert_eq!(app.model_view, ModelView::One(Model::Customer));
    app.update(Action::CycleModel);
    assert_eq!(app.model_view, ModelView::One(Model::Profit));
    app.update(Action::CycleModel);
    assert_eq!(app.model_view, ModelView::Both);
    app.update(Action::CycleModel);
    assert_eq!(app.model_view, ModelView::One(Model::Customer));
}

#[test]
fn search_selects_matches_opens_their_ancestors_and_wraps() {
    let mut app = shop(100, 30);
    app.update(Action::FoldAll);
    app.update(Action::Search);
    type_text(&mut app, "ROOM");
    app.update(Action::Confirm);
    assert_eq!(selected(&app), "Showroom");
    app.update(Action::SearchNext);
    assert_eq!(selected(&app), "Varnishing room", "opens the workshop to reach it");
    app.update(Action::SearchNext);
    assert_eq!(selected(&app), "Showroom", "wraps around");
    app.update(Action::SearchPrev);
    assert_eq!(selected(&app), "Varnishing room");
}

#[test]
fn escape_during_search_returns_to_where_it_began() {
    let mut app = shop(100, 30);
    select(&mut app, "Bookkeeping");
    app.update(Action::Search);
    type_text(&mut app, "till");
    assert_eq!(selected(&app), "Till 1");
    app.update(Action::Cancel);
    assert_eq!(selected(&app), "Bookkeeping");
    assert!(app.explorer.search.matches.is_empty());
}

#[test]
fn grey_only_shows_grey_areas_with_their_ancestors_and_toggles_back() {
    let text = "[company]\nname = \"G\"\n[org.front]\nfunction = \"sales\"\n[org.front.after]\nfunction = \"post-sales-support\"\n[org.back]\nfunction = \"it\"\n";
    let mut app = app_on(text, 100, 30);
    app.update(Action::ToggleGreyOnly);
    let shown: Vec<String> = (0..app.explorer.outline.len())
        .map(|i| app.doc.org.path_string(app.explorer.outline.row(i).unwrap()))
        .collect();
    assert_eq!(shown, ["front", "front/after"]);
    app.update(Action::ToggleGreyOnly);
    assert_eq!(app.explorer.outline.len(), 3);
}

#[test]
fn language_switches_live() {
    let mut app = shop(100, 30);
    app.update(Action::ToggleLang);
    assert_eq!(app.lang, Lang::Es);
    assert!(screen(&app).contains("Departamentos"));
}

#[test]
fn a_click_selects_a_row_and_a_click_on_the_marker_folds_it() {
    let mut app = shop(100, 30);
    let tree = frontback::tui::layout::layout(app.size, &app).tree.unwrap();
    let inner = frontback::tui::layout::inside_border(tree);
    let click = |column: u16, row: u16| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // The third row is Till 1 (Showroom, Sales floor, Till 1).
    app.handle_event(&click(inner.x + 10, inner.y + 2));
    assert_eq!(selected(&app), "Till 1");
    // The fold marker of Sales floor (depth 0) sits right after the selection symbol.
    let marker = inner.x + frontback::tui::layout::TREE_HIGHLIGHT_SYMBOL_WIDTH;
    app.handle_event(&click(marker, inner.y + 1));
    let id = app.explorer.outline.selected().unwrap();
    assert_eq!(selected(&app), "Sales floor");
    assert!(!app.explorer.outline.is_open(id));
    let wheel = Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: inner.x,
        row: inner.y,
        modifiers: KeyModifiers::NONE,
    });
    app.handle_event(&wheel);
    assert_eq!(selected(&app), "Repair desk");
}

#[test]
fn a_large_org_keeps_the_selection_in_view_and_resizes_never_panic() {
    let text = frontback::generate::org_text(20_000, 4);
    let mut app = app_on(&text, 100, 30);
    app.update(Action::UnfoldAll);
    app.update(Action::Last);
    let name = selected(&app);
    assert!(screen(&app).contains(&name), "the last row is on screen");
    for (w, h) in [(1, 1), (10, 3), (39, 11), (40, 12), (79, 24), (80, 24), (300, 100)] {
        app.resize(w, h);
        let _ = screen(&app);
    }
}

/// Typed with a pause after each key (the app then keeps what the key found, for the
/// next one to look among) or without, taken back, and after an edit under way, a
/// search finds what a scan of the org finds; once the pauses' work is done, the
/// loop blocks again.
#[test]
fn a_search_typed_with_pauses_and_an_edit_between_finds_what_a_scan_finds() {
    use frontback::tui::state::explorer::search_org;
    use ratatui::crossterm::event::KeyCode;
    use std::time::Instant;
    let text = frontback::generate::org_text(6000, 3);
    let mut app = app_in(&text, Lang::En, 100, 30);
    let found = |app: &frontback::tui::App| (app.explorer.search.matches.clone(), app.explorer.search.names);
    app.update(Action::Search);
    for (typed, pause) in [("s", true), ("a", true), ("l", false), ("e", true), ("s", true)] {
        type_text(&mut app, typed);
        let query = app.explorer.search.query.clone();
        assert_eq!(found(&app), search_org(&app.doc.org, &query), "{query}");
        if pause {
            while app.frame_timeout(Instant::now()).is_some() {
                app.tick(Instant::now());
            }
        }
    }
    assert_eq!(app.explorer.search.query, "sales");
    crate::support::tui::press(&mut app, KeyCode::Backspace);
    assert_eq!(found(&app), search_org(&app.doc.org, "sale"));
    app.update(Action::Confirm);
    // A rename of a match while the search is kept: the matches follow it.
    let first = app.explorer.search.matches[0];
    app.explorer.outline.reveal(&app.doc, first);
    app.apply_edit(frontback::org::edit::Edit::Rename { path: app.path_of(first), name: "Nothing alike".into() });
    assert_eq!(found(&app), search_org(&app.doc.org, "sale"));
    app.update(Action::Search);
    type_text(&mut app, "lima");
    assert_eq!(found(&app), search_org(&app.doc.org, "lima"));
    while app.frame_timeout(Instant::now()).is_some() {
        app.tick(Instant::now());
    }
    assert_eq!(app.frame_timeout(Instant::now()), None, "the loop blocks again");
}
