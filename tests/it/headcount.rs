//! People and money counted (SPEC §3 `headcount`, `budget`): each department's own
//! figure goes to the side its verdict gives it under each model, and the JSON report,
//! the table and markdown summaries and the header give the front share. Orgs without
//! figures read exactly as before (the golden reports elsewhere pin that).

use crate::support::cli::frontback;
use crate::support::temp_file;
use crate::support::tui::{app_in, backend, screen};
use frontback::classify::Model;
use frontback::document::Document;
use frontback::org::Figure;
use frontback::report::{Format, render};
use frontback::text::Lang;

/// A shop whose figures are easy to add up by hand:
/// - sales (direct / direct): front under both models, 6 people, 300 of budget;
/// - repairs (post-sales support, direct / none): the grey area, front for
///   customers and back for profit, 3 people;
/// - books (accounting: none / none): back under both, 1 person, 100 of budget;
/// - stock (no facts at all): undetermined under both, no figures.
const SHOP: &str = r#"[company]
name = "Counted shop"

[org.sales]
function = "sales"
headcount = 6
budget = 300

[org.repairs]
function = "post-sales-support"
headcount = 3

[org.books]
function = "accounting"
headcount = 1
budget = 1_00

[org.stock]
name = "Stock"
"#;

#[test]
fn each_figure_goes_to_the_side_its_department_stands_on() {
    let doc = Document::from_text(None, SHOP.into()).unwrap();
    let people = doc.shares[Figure::Headcount as usize].expect("people are given");
    let customer = people.model(Model::Customer);
    let profit = people.model(Model::Profit);
    // Customer model: sales 6 + repairs 3 in front, books 1 behind.
    assert_eq!((customer.front, customer.back, customer.undetermined), (9, 1, 0));
    // Profit model: sales 6 in front, repairs 3 + books 1 behind.
    assert_eq!((profit.front, profit.back, profit.undetermined), (6, 4, 0));
    assert_eq!((customer.percent(customer.front), profit.percent(profit.front)), (90, 60));
    let money = doc.shares[Figure::Budget as usize].expect("money is given");
    assert_eq!((money.model(Model::Profit).front, money.model(Model::Profit).back), (300, 100));
    assert_eq!(money.model(Model::Customer).percent(300), 75);

    let none = Document::from_text(None, "[company]\nname = \"N\"\n[org.a]\nname = \"A\"\n".into()).unwrap();
    assert_eq!(none.shares, [None, None], "no figures, no shares");
}

#[test]
fn the_reports_give_the_figures_and_the_shares() {
    let doc = Document::from_text(None, SHOP.into()).unwrap();
    let json: serde_json::Value = serde_json::from_str(&render(&doc, Format::Json, Lang::En)).unwrap();
    assert_eq!(json["departments"][0]["headcount"], 6);
    assert_eq!(json["departments"][0]["budget"], 300);
    assert!(json["departments"][3].get("headcount").is_none(), "absent, not null");
    let summary = &json["summary"];
    assert_eq!(summary["headcount"]["customer_model"], serde_json::json!({"front": 9, "back": 1, "undetermined": 0}));
    assert_eq!(summary["headcount"]["profit_model"], serde_json::json!({"front": 6, "back": 4, "undetermined": 0}));
    assert_eq!(summary["budget"]["profit_model"]["front"], 300);

    let table = render(&doc, Format::Table, Lang::En);
    assert!(
        table.contains("People in front office: 90% under the customer model, 60% under the profit model (of 10)."),
        "{table}"
    );
    assert!(
        table.contains("Budget in front office: 75% under the customer model, 75% under the profit model (of 400).")
    );
    let tabla = render(&doc, Format::Table, Lang::Es);
    assert!(tabla.contains(
        "Personas en front office: 90\u{a0}% según el modelo de cliente, 60\u{a0}% según el modelo de beneficio"
    ));
    let markdown = render(&doc, Format::Markdown, Lang::En);
    assert!(markdown.contains("People in front office: 90%"), "{markdown}");

    // Without figures: no field and no sentence.
    let plain = Document::from_text(None, "[company]\nname = \"N\"\n[org.a]\nname = \"A\"\n".into()).unwrap();
    let json = render(&plain, Format::Json, Lang::En);
    assert!(!json.contains("headcount") && !json.contains("budget"), "{json}");
    assert!(!render(&plain, Format::Table, Lang::En).contains("front office:"));
}

#[test]
fn the_header_gives_the_share_of_people_under_the_active_model() {
    for (lang, shown) in [(Lang::En, "people 90% front"), (Lang::Es, "personas 90\u{a0}% front")] {
        let app = app_in(SHOP, lang, 120, 40);
        let header: String = screen(&app).lines().take(3).collect::<Vec<_>>().join("\n");
        assert!(header.contains(shown), "{header}");
    }
    let app = app_in(SHOP, Lang::En, 120, 40);
    insta::assert_snapshot!("headcount_header_120x40", backend(&app));
}

#[test]
fn a_figure_that_is_no_count_is_refused_at_its_place() {
    for (value, message) in [
        ("-3", "`headcount` must be a whole number, 0 or more (found: -3)"),
        ("\"12\"", "`headcount` must be an integer, not a string"),
        ("1.5", "`headcount` must be an integer, not a decimal number"),
        ("99999999999999999999999", "`headcount` must be a whole number, 0 or more (found: 99999999999999999999999)"),
    ] {
        let text = format!("[company]\nname = \"C\"\n\n[org.a]\nheadcount = {value}\n");
        let (_dir, path) = temp_file("figures.toml", &text);
        let out = frontback().arg("check").arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{value}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("figures.toml:5:13"), "{value}: {stderr}");
        assert!(stderr.contains(message), "{value}: {stderr}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "the file stays as it was");
    }
}
