//! Getting around without dead ends, on a `TestBackend`: scroll offsets that follow
//! every resize, the help paged, placed ("n/m") and filtered, pinned ancestors marked
//! in text, Esc clearing the explorer's filters, a fact cycle that changes what shows
//! on the first press, the tally's words, the both-models verdicts in their columns,
//! and the mouse wheel in every view. Snapshots at 80x24 and 120x40 in both languages.
//! (pty_nav.rs does the same through the real binary.)

use crate::support::tui::{app_in, backend, draw, press, select, shop, type_text};
use frontback::samples::{default_sample, find};
use frontback::text::Lang;
use frontback::tui::{App, View};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode, KeyModifiers, MouseEvent, MouseEventKind};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
const LANGS: [(Lang, &str); 2] = [(Lang::En, "en"), (Lang::Es, "es")];

fn resize(app: &mut App, width: u16, height: u16) {
    app.handle_event(&Event::Resize(width, height));
}

fn screen(app: &App) -> String {
    let buffer: Buffer = draw(app);
    (0..buffer.area.height)
        .map(|y| (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The help's position as its bottom border shows it: (last line shown, lines).
fn help_position(app: &App) -> (usize, usize) {
    let text = screen(app);
    for line in text.lines() {
        for word in line.split(' ') {
            if let Some((n, m)) = word.split_once('/')
                && let (Ok(n), Ok(m)) = (n.parse(), m.parse())
            {
                return (n, m);
            }
        }
    }
    panic!("no n/m position on the help:\n{text}");
}

fn wheel(app: &mut App, down: bool, column: u16, row: u16) {
    let kind = if down { MouseEventKind::ScrollDown } else { MouseEventKind::ScrollUp };
    app.handle_event(&Event::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE }));
}

fn bank(lang: Lang, width: u16, height: u16) -> App {
    app_in(find("bank").expect("the bank sample").text, lang, width, height)
}

#[test]
fn the_tree_shows_its_first_row_again_after_shrinking_and_growing() {
    let mut app = shop(120, 36);
    for _ in 0..5 {
        press(&mut app, KeyCode::Char('j'));
    }
    resize(&mut app, 40, 12);
    assert!(app.explorer.outline.offset > 0, "the short tree scrolled to keep the selection");
    assert!(!screen(&app).contains("Showroom"));
    resize(&mut app, 120, 36);
    assert_eq!(app.explorer.outline.offset, 0, "no row hidden above empty ones");
    assert!(screen(&app).contains("[F] Showroom"), "{}", screen(&app));
}

#[test]
fn every_scrolled_text_is_clamped_on_a_resize() {
    // The help, scrolled to its end in a short terminal, then a tall one.
    let mut app = shop(80, 14);
    press(&mut app, KeyCode::Char('?'));
    press(&mut app, KeyCode::End);
    let deep = app.help_scroll().unwrap();
    assert!(deep > 0);
    resize(&mut app, 120, 60);
    let last = app.help_scroll().unwrap();
    assert!(last < deep, "clamped to the taller terminal's last page");
    press(&mut app, KeyCode::Up);
    assert_eq!(app.help_scroll(), Some(last - 1), "the first key back scrolls at once");
    press(&mut app, KeyCode::Esc);

    // The concepts screen.
    press(&mut app, KeyCode::Char('4'));
    resize(&mut app, 60, 14);
    for _ in 0..400 {
        press(&mut app, KeyCode::Down);
    }
    let deep = app.teaching.plan_scroll;
    resize(&mut app, 120, 60);
    assert!(app.teaching.plan_scroll < deep, "concepts clamped");

    // The panel.
    press(&mut app, KeyCode::Char('1'));
    resize(&mut app, 80, 14);
    select(&mut app, "Repair desk");
    for _ in 0..100 {
        app.update(frontback::tui::Action::PanelDown);
    }
    let deep = app.explorer.panel_scroll;
    assert!(deep > 0);
    resize(&mut app, 120, 60);
    assert!(app.explorer.panel_scroll < deep, "panel clamped");
}

#[test]
fn the_help_pages_shows_where_it_is_and_goes_to_its_ends() {
    let mut app = shop(80, 24);
    press(&mut app, KeyCode::Char('?'));
    let (first, total) = help_position(&app);
    assert_eq!(first, 20, "22 rows inside the border at 80x24, the last line shown 20 of {total}");
    press(&mut app, KeyCode::PageDown);
    assert_eq!(help_position(&app).0, first + 19, "a page is a screenful less one line");
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(help_position(&app).0, first + 38);
    press(&mut app, KeyCode::PageUp);
    assert_eq!(help_position(&app).0, first + 19);
    press(&mut app, KeyCode::Char('G'));
    assert_eq!(help_position(&app), (total, total));
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(help_position(&app), (first, total));
    press(&mut app, KeyCode::End);
    assert_eq!(help_position(&app), (total, total));
    press(&mut app, KeyCode::Home);
    assert_eq!(app.help_scroll(), Some(0));
}

#[test]
fn the_help_filter_narrows_the_keys_ignoring_case_and_accents() {
    let mut app = app_in(default_sample().text, Lang::Es, 80, 24);
    press(&mut app, KeyCode::Char('?'));
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "PAGINA");
    let text = screen(&app);
    assert!(text.contains("una página abajo") && text.contains("una página arriba"), "{text}");
    assert!(!text.contains("deshacer"), "{text}");
    assert!(text.contains("/filtrar teclas: PAGINA"), "typed in the status bar:\n{text}");
    // Enter keeps the filter and gives the keys back to the help: `q` closes, not types.
    press(&mut app, KeyCode::Enter);
    let (shown, total) = help_position(&app);
    assert_eq!(shown, total, "a few lines fit at once");
    assert!(total < 16, "{total} lines");
    press(&mut app, KeyCode::Esc);
    assert!(app.help().is_some_and(|h| h.filter.value().is_empty()), "Esc clears the filter first");
    assert!(screen(&app).contains("¿Front office o back office?"), "the whole help again");
    press(&mut app, KeyCode::Esc);
    assert!(app.help().is_none(), "then closes");

    // Esc while typing drops what was typed; a filter that matches nothing says so.
    press(&mut app, KeyCode::Char('?'));
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "zzz");
    assert!(screen(&app).contains("Ninguna tecla coincide con «zzz»"));
    press(&mut app, KeyCode::Esc);
    assert!(app.help().is_some_and(|h| !h.typing && h.filter.value().is_empty()));
}

#[test]
fn help_snapshots_paged_and_filtered() {
    for ((lang, code), filter) in LANGS.into_iter().zip(["fold", "plegar"]) {
        for (width, height) in SIZES {
            let mut app = app_in(default_sample().text, lang, width, height);
            press(&mut app, KeyCode::Char('?'));
            press(&mut app, KeyCode::PageDown);
            insta::assert_snapshot!(format!("help_page_down_{code}_{width}x{height}"), backend(&app));
            press(&mut app, KeyCode::Char('/'));
            type_text(&mut app, filter);
            insta::assert_snapshot!(format!("help_filter_typing_{code}_{width}x{height}"), backend(&app));
        }
    }
}

#[test]
fn pinned_ancestors_are_marked_in_text() {
    for (lang, code) in LANGS {
        for (width, height) in SIZES {
            // The case: "Online banking" at the top of the view, under its
            // parent pinned; "Branches" (its elder sibling) scrolled away above.
            let mut app = bank(lang, width, height);
            select(&mut app, "Online banking");
            let outline = &mut app.explorer.outline;
            outline.offset = outline.cursor;
            let pinned = app.explorer.outline.pinned(&app.doc, frontback::tui::layout::tree_height(&app));
            assert!(!pinned.is_empty(), "the last row is deep: its ancestors are pinned");
            let text = screen(&app);
            for id in pinned {
                let name = app.doc.org.dept(id).display_name().to_string();
                assert!(text.lines().any(|l| l.contains("↑ [") && l.contains(&name)), "{name} marked:\n{text}");
            }
            let retail = text.lines().find(|l| l.contains("Retail banking")).unwrap_or_default();
            assert!(retail.contains("↑ ["), "{text}");
            insta::assert_snapshot!(format!("bank_online_banking_on_top_{code}_{width}x{height}"), backend(&app));
        }
    }
}

/// The bank with only its grey areas showing (`!`), in each language at each size,
/// with its screen.
fn grey_only_banks() -> impl Iterator<Item = (Lang, u16, u16, App, String)> {
    LANGS.into_iter().flat_map(|(lang, _)| {
        SIZES.into_iter().map(move |(width, height)| {
            let mut app = bank(lang, width, height);
            press(&mut app, KeyCode::Char('!'));
            let text = screen(&app);
            (lang, width, height, app, text)
        })
    })
}

/// A grey area whose name is too long for its row keeps its mark: the name is cut
/// with `…` instead, in both languages and at both sizes.
#[test]
fn a_grey_area_too_long_for_its_row_keeps_its_mark() {
    for (_, width, height, app, text) in grey_only_banks() {
        let tree: Vec<&str> = text.lines().map(|l| l.split("││").next().unwrap_or_default()).collect();
        for &grey in &app.doc.grey_areas {
            let name = app.doc.org.dept(grey).display_name();
            let short: String = name.chars().take(12).collect();
            let row = tree.iter().find(|l| l.contains(&short)).unwrap_or_else(|| panic!("{name} shows:\n{text}"));
            assert!(row.contains('≈'), "{name} is marked at {width}x{height}:\n{text}");
        }
        if width == 80 {
            assert!(tree.iter().any(|l| l.contains("Foreign exchange de… ≈")), "cut, not hidden:\n{text}");
        }
    }
}

/// A pane's title too long for its border is cut with `…`, not at the corner: the
/// grey-only title in Spanish at 80 columns.
#[test]
fn a_title_too_long_for_its_pane_says_it_was_cut() {
    for (lang, width, height, app, text) in grey_only_banks() {
        let top = text.lines().find(|l| l.starts_with('┌')).unwrap_or_default();
        let tree_title = top.split('┐').next().unwrap_or_default();
        let count = app.doc.grey_areas.len();
        let wanted = match lang {
            Lang::En => format!("Grey areas only ({count}) — ! to show all"),
            Lang::Es => format!("Solo zonas grises ({count}) — ! para ver todo"),
        };
        if tree_title.contains(&wanted) {
            assert!(!(lang == Lang::Es && width == 80), "this one is too long to show whole: {top}");
            continue;
        }
        let shown = tree_title.trim_start_matches('┌').trim_matches('─').trim();
        assert!(shown.ends_with('…'), "cut with …, {lang:?} at {width}x{height}: {top}");
        let kept = shown.trim_end_matches('…');
        assert!(wanted.starts_with(kept), "the start of {wanted:?} shows: {top}");
    }
}

#[test]
fn esc_clears_the_grey_only_filter_and_the_search() {
    let mut app = shop(120, 40);
    let all = app.explorer.outline.len();
    press(&mut app, KeyCode::Char('!'));
    assert!(app.explorer.grey_only() && app.explorer.outline.len() < all);
    press(&mut app, KeyCode::Esc);
    assert!(!app.explorer.grey_only());
    assert_eq!(app.explorer.outline.len(), all);

    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "desk");
    press(&mut app, KeyCode::Enter);
    assert!(!app.explorer.search.matches.is_empty());
    press(&mut app, KeyCode::Esc);
    assert!(app.explorer.search.matches.is_empty() && app.explorer.search.query.is_empty());
    assert_eq!(app.explorer.outline.selected().map(|id| app.doc.org.dept(id).display_name()), Some("Repair desk"));
}

#[test]
fn the_first_press_of_a_fact_cycle_changes_the_value_shown() {
    use frontback::org::{FactKind, Level};
    let mut app = shop(120, 40);
    select(&mut app, "Showroom");
    let id = app.explorer.outline.selected().unwrap();
    let shown = |app: &App, kind| app.doc.classes.of(id).fact(kind).value;
    assert_eq!(shown(&app, FactKind::Customers), Some(Level::Direct), "its function's default");
    let mut seen = vec![shown(&app, FactKind::Customers)];
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('c'));
        let now = shown(&app, FactKind::Customers);
        assert_ne!(Some(&now), seen.last(), "every press changes what shows");
        seen.push(now);
    }
    assert_eq!(seen, [Some(Level::Direct), Some(Level::Indirect), Some(Level::None), Some(Level::Direct)]);
    assert_eq!(app.doc.org.dept(id).customers, None, "back to the function's default, not pinned");
    let before = shown(&app, FactKind::Revenue);
    press(&mut app, KeyCode::Char('$'));
    assert_ne!(shown(&app, FactKind::Revenue), before);
}

#[test]
fn the_tally_spells_out_undetermined() {
    for (lang, word) in [(Lang::En, "undetermined 0"), (Lang::Es, "sin determinar 0")] {
        let app = app_in(default_sample().text, lang, 80, 24);
        let text = screen(&app);
        assert!(text.lines().nth(1).is_some_and(|l| l.contains(word) && !l.contains("? 0")), "{text}");
    }
}

#[test]
fn both_models_verdicts_fit_their_columns() {
    for (lang, code) in LANGS {
        for (width, height) in SIZES {
            let mut app = app_in(default_sample().text, lang, width, height);
            select(&mut app, "Repair desk");
            press(&mut app, KeyCode::Char('m'));
            press(&mut app, KeyCode::Char('m'));
            let text = screen(&app);
            assert!(text.contains("[F] FRONT OFFICE") && text.contains("[B] BACK OFFICE"), "{text}");
            insta::assert_snapshot!(format!("both_models_panel_{code}_{width}x{height}"), backend(&app));
        }
    }
}

#[test]
fn the_wheel_scrolls_what_is_under_it_in_every_view() {
    let mut app = shop(80, 24);
    press(&mut app, KeyCode::Char('?'));
    wheel(&mut app, true, 40, 10);
    wheel(&mut app, true, 40, 10);
    assert_eq!(app.help_scroll(), Some(2), "the help");
    wheel(&mut app, false, 40, 10);
    assert_eq!(app.help_scroll(), Some(1));
    press(&mut app, KeyCode::Esc);

    resize(&mut app, 60, 14);
    for (key, view) in [('2', View::FloorPlan), ('4', View::Concepts)] {
        press(&mut app, KeyCode::Char(key));
        assert_eq!(app.view, view);
        wheel(&mut app, true, 40, 10);
        assert_eq!(app.teaching.plan_scroll, 1, "{view:?}");
        wheel(&mut app, false, 40, 10);
        assert_eq!(app.teaching.plan_scroll, 0, "{view:?}");
    }

    press(&mut app, KeyCode::Char('1'));
    resize(&mut app, 80, 24);
    press(&mut app, KeyCode::Char('f'));
    assert!(app.picker().is_some());
    let cursor = app.picker().unwrap().cursor;
    wheel(&mut app, true, 40, 10);
    assert_eq!(app.picker().unwrap().cursor, cursor + 1, "the picker's list");
}
