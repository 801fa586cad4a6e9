//! The split view of two companies (`frontback A --compare B`): the bundled pairs the
//! concept is about, drawn on a `TestBackend` in both languages at 80×24 and 120×40 —
//! the corner shop against the accounting firm (accounting lands on a different side,
//! C6) and the bank against the software company (IT: behind in both, but in front where it is sold as hosting, C7) — its
//! keys, and the real binary with `--compare` in a pseudo-terminal and without one.

use frontback::classify::Model;
use frontback::document::Document;
use frontback::report::compare::{Key, Kind};
use frontback::samples::find_in;
use frontback::text::Lang;
use frontback::tui::theme::Theme;
use frontback::tui::{App, Options, View};
use ratatui::crossterm::event::KeyCode;

use crate::support::cli::frontback;
use crate::support::temp_file;
use crate::support::tui::{backend, press, screen};

fn sample(name: &str, lang: Lang) -> Document {
    Document::from_text(None, find_in(name, lang).expect("a bundled sample").text.to_string()).unwrap()
}

/// The app on sample `a`, comparing it with sample `b`, as `--compare` starts it.
fn split(a: &str, b: &str, lang: Lang, width: u16, height: u16) -> App {
    let options = Options {
        model: Model::Customer,
        lang,
        theme: Theme::monochrome(),
        seed: 7,
        view: View::Compare,
        compare: Some(sample(b, lang)),
        ..Options::default()
    };
    let mut app = App::new(sample(a, lang), options);
    // As the binary opens a bundled sample by name.
    app.session.sample = find_in(a, lang).map(|sample| sample.name);
    app.resize(width, height);
    app
}

fn selected_key(app: &App) -> Key {
    let compare = app.compare.as_ref().unwrap();
    compare.rows.rows[compare.selected].key.clone()
}

#[test]
fn compare_shop_firm_accounting_differs_and_comes_first() {
    for (lang, code) in [(Lang::En, "en"), (Lang::Es, "es")] {
        for (width, height) in [(80, 24), (120, 40)] {
            let app = split("corner-shop", "accounting-firm", lang, width, height);
            assert_eq!(app.view, View::Compare);
            let first = &app.compare.as_ref().unwrap().rows.rows[0];
            assert_eq!((first.key.clone(), first.kind), (Key::Function("accounting".into()), Kind::Differ));
            let text = screen(&app);
            assert!(text.contains("Muebles y Ferretería El Roble") && text.contains("Gestoría Ibáñez"), "{text}");
            assert!(text.contains("›≠"), "the selected row is marked by a symbol: {text}");
            insta::assert_snapshot!(format!("compare_shop_firm_{code}_{width}x{height}"), backend(&app));
        }
    }
    let app = split("corner-shop", "accounting-firm", Lang::En, 120, 40);
    let text = screen(&app);
    assert!(text.contains("Bookkeeping: back"), "{text}");
    let reasons: Vec<String> = frontback::tui::view::compare::reason_lines(&app, app.compare.as_ref().unwrap(), 500)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        reasons.contains(&"    Front office under the customer model: it deals with customers directly (its function, Accounting, is what the company sells).".to_string()),
        "the firm's reason names its core business: {reasons:#?}"
    );
    let texto = screen(&split("corner-shop", "accounting-firm", Lang::Es, 120, 40));
    assert!(texto.contains("Por qué") && texto.contains("Función"), "{texto}");
}

#[test]
fn compare_bank_software_it_differs_where_it_is_sold() {
    for (lang, code) in [(Lang::En, "en"), (Lang::Es, "es")] {
        for (width, height) in [(80, 24), (120, 40)] {
            let mut app = split("bank", "software-company", lang, width, height);
            while selected_key(&app) != Key::Function("it".into()) {
                assert!(press(&mut app, KeyCode::Char('j')));
            }
            let compare = app.compare.as_ref().unwrap();
            assert_eq!(compare.rows.rows[compare.selected].kind, Kind::Differ, "managed hosting sells IT");
            assert_eq!(compare.rows.count(Kind::Differ), 1);
            insta::assert_snapshot!(format!("compare_bank_software_it_{code}_{width}x{height}"), backend(&app));
        }
    }
}

#[test]
fn compare_keys_move_cycle_the_model_switch_language_and_come_back() {
    let mut app = split("corner-shop", "accounting-firm", Lang::En, 80, 24);
    let rows = app.compare.as_ref().unwrap().rows.rows.len();
    press(&mut app, KeyCode::Char('G'));
    assert_eq!(app.compare.as_ref().unwrap().selected, rows - 1);
    let last = screen(&app);
    assert!(last.contains(&format!("›{}", "→")), "the last row is only in the firm: {last}");
    press(&mut app, KeyCode::PageUp);
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(app.compare.as_ref().unwrap().selected, 0);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('k'));
    assert_eq!(selected_key(&app), Key::Function("accounting".into()));
    // m: both models, each cell and reason under both.
    press(&mut app, KeyCode::Char('m'));
    press(&mut app, KeyCode::Char('m'));
    let both = screen(&app);
    assert!(both.contains("Bookkeeping: back/back"), "{both}");
    // L: both built-in samples become their Spanish twins, the row stays selected.
    press(&mut app, KeyCode::Char('L'));
    let es = screen(&app);
    assert_eq!(app.compare.as_ref().unwrap().other.org.company.name, "Gestoría Ibáñez y Asociados");
    assert_eq!(selected_key(&app), Key::Function("accounting".into()));
    assert!(es.contains("Función") && es.contains("Por qué") && es.contains("Contabilidad"), "{es}");
    // 1 goes to the explorer of the first company, 6 back; the key shows only with a
    // comparison.
    press(&mut app, KeyCode::Char('1'));
    assert_eq!(app.view, View::Explorer);
    assert!(screen(&app).lines().last().unwrap().contains("6 comparar"), "{}", screen(&app));
    let help = |app: &App| {
        frontback::tui::view::help::filtered_lines(app, "")
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(help(&app).contains("con --compare") && help(&app).contains("Dos empresas lado a lado"));
    press(&mut app, KeyCode::Char('6'));
    assert_eq!(app.view, View::Compare);

    let mut alone = crate::support::tui::shop(120, 40);
    assert!(!screen(&alone).contains(" compare"), "no hint without a comparison");
    press(&mut alone, KeyCode::Char('6'));
    assert_eq!(alone.view, View::Explorer, "6 does nothing without a comparison");
    assert!(!help(&alone).contains("--compare") && !help(&alone).contains("Two companies side by side"));
}

#[test]
fn compare_reasons_scroll_when_they_do_not_fit() {
    let mut app = split("corner-shop", "accounting-firm", Lang::En, 80, 24);
    let top = screen(&app);
    assert!(top.contains("↓ ctrl-d"), "the reasons say there is more: {top}");
    for _ in 0..40 {
        app.handle_key(&ratatui::crossterm::event::KeyEvent::new(
            KeyCode::Char('d'),
            ratatui::crossterm::event::KeyModifiers::CONTROL,
        ));
    }
    let bottom = screen(&app);
    assert!(bottom.contains("Internal bookkeeping"), "{bottom}");
    assert!(bottom.contains("↑ ctrl-u") && !bottom.contains("↓ ctrl-d"), "{bottom}");
    // Another row starts its reasons at the top.
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(app.compare.as_ref().unwrap().reasons_scroll, 0);
}

#[test]
fn compare_with_a_file_that_does_not_load_names_it_and_starts_nothing() {
    let (_dir, path) = temp_file("broken.toml", "[company]\nname = \"B\"\n[org.a]\nfuntion = \"sales\"\n");
    let out = frontback().args(["sample-orgs/bank.toml", "--compare"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken.toml:4:1"), "{stderr}");

    let out = frontback().args(["sample-orgs/bank.toml", "--compare", "no-such-org.toml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no-such-org.toml"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn compare_in_a_terminal_shows_both_companies_and_the_reasons_of_the_row_chosen() {
    use crate::support::pty::{Launch, Session};
    use std::ffi::OsStr;
    let shop = concat!(env!("CARGO_MANIFEST_DIR"), "/sample-orgs/corner-shop.toml");
    let args = [OsStr::new(shop), OsStr::new("--compare"), OsStr::new("accounting-firm")];
    let mut session =
        Session::launch(Launch { args: &args, env: &[("LANG", OsStr::new("C"))], cols: 160, rows: 40, colour: false });
    session.wait_for("Muebles y Ferretería El Roble");
    session.wait_for("Gestoría Ibáñez y Asociados");
    session.wait_for("Bookkeeping: back office");
    session.wait_for("Client accounting: front office");
    // Away to the last row, whose reasons are other, then back to the differing one.
    session.keys("G");
    session.wait_gone("Client accounting: front office");
    session.wait_for("only in Gestoría Ibáñez y Asociados");
    session.keys("g");
    session.wait_for("≠ Accounting — the same function, a different side");
    session.wait_for("Client accounting: front office");
    session.wait_for("Client payroll: front office");
    session.keys("q");
    assert!(session.wait_exit().success());
    session.assert_restored();
}
