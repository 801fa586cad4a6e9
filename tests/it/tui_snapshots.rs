//! Whole-screen snapshots of the explorer on a `TestBackend`, for the screens that
//! explorer.rs does not already pin: a search confirmed and stepped with `n`, a
//! terminal too small, a deep tree in a short terminal, a large org at its last row,
//! a search that lands deep in a large org, the help overlay scrolled to its end, and
//! the start screen driven by keys alone in both languages. The text shows no styles;
//! tui_state.rs checks the highlights.

use crate::support::tui::{app_in, app_on, backend, large, press, shop, type_text};
use frontback::generate::deep_org_text;
use frontback::samples::default_sample;
use frontback::text::Lang;
use ratatui::crossterm::event::KeyCode;

#[test]
fn search_confirmed_then_next_match() {
    for (width, height) in [(120, 40), (70, 30)] {
        let mut app = shop(width, height);
        press(&mut app, KeyCode::Char('/'));
        type_text(&mut app, "room");
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Char('n'));
        insta::assert_snapshot!(format!("search_next_{width}x{height}"), backend(&app));
    }
}

#[test]
fn models_by_key_in_both_languages() {
    for (lang, code) in [(Lang::En, "en"), (Lang::Es, "es")] {
        let mut app = app_in(default_sample().text, lang, 120, 40);
        press(&mut app, KeyCode::Char('j'));
        press(&mut app, KeyCode::Char('j'));
        press(&mut app, KeyCode::Char('j'));
        press(&mut app, KeyCode::Char('m'));
        press(&mut app, KeyCode::Char('m'));
        insta::assert_snapshot!(format!("grey_area_both_models_{code}_120x40"), backend(&app));
    }
}

#[test]
fn too_small() {
    let app = shop(30, 8);
    insta::assert_snapshot!("too_small_30x8", backend(&app));
}

#[test]
fn deep_tree_in_a_short_terminal() {
    let mut app = app_on(&deep_org_text(8), 70, 12);
    press(&mut app, KeyCode::End);
    insta::assert_snapshot!("deep_tree_last_row_70x12", backend(&app));
}

#[test]
fn large_org() {
    let mut app = large(120, 40);
    press(&mut app, KeyCode::Char('+'));
    press(&mut app, KeyCode::End);
    insta::assert_snapshot!("large_org_last_row_120x40", backend(&app));

    let mut app = large(120, 40);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "unit 12345");
    insta::assert_snapshot!("large_org_search_typing_120x40", backend(&app));
}

#[test]
fn help_scrolled_to_its_end() {
    let mut app = shop(40, 12);
    press(&mut app, KeyCode::Char('?'));
    for _ in 0..400 {
        press(&mut app, KeyCode::Down);
    }
    insta::assert_snapshot!("help_end_40x12", backend(&app));
}

/// The questions that come without a key press of their own, the recovery offer on
/// start and the reload offer after an outside change, in both languages at two
/// sizes: the answers and their keys always show, and the hint bar repeats them.
#[test]
fn recovery_and_reload_questions_in_both_languages() {
    use frontback::tui::state::{Confirm, Overlay};
    let recovered = "/home/ana/orgs/.corner-shop.toml.4242-0badcafe.recovered";
    for (lang, code) in [(Lang::En, "en"), (Lang::Es, "es")] {
        for (width, height) in [(80, 24), (120, 40)] {
            for (name, confirm) in [
                ("recover", Confirm::Recover(crate::support::tui::recovery_offer(recovered, lang))),
                ("reload", Confirm::ReloadOffer),
            ] {
                let mut app = app_in(default_sample().text, lang, width, height);
                app.overlay = Some(Overlay::Confirm(confirm));
                insta::assert_snapshot!(format!("{name}_question_{code}_{width}x{height}"), backend(&app));
            }
        }
    }
}

/// A question on small screens: cut short with a note when its text does not fit,
/// the keys alone (with a word saying why) when not even the answers fit; the
/// editor's diagnostics keep their line breaks.
#[test]
fn questions_on_small_screens() {
    use frontback::tui::state::{Confirm, Overlay};
    let diagnostics =
        "error: the file is empty\n --> shop.toml:1:1\n  = help: start the file with [company]".to_string();
    for (width, height) in [(40, 12), (30, 8), (12, 3)] {
        let mut app = app_in(default_sample().text, Lang::Es, width, height);
        app.overlay = Some(Overlay::Confirm(Confirm::EditorFailed { diagnostics: diagnostics.clone() }));
        insta::assert_snapshot!(format!("editor_failed_es_{width}x{height}"), backend(&app));
    }
}
