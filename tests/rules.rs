//! The classification rules of SPEC §4, one test per concept fact (C4–C8), with
//! precedence, inheritance and the reason sentences in both languages.

use frontback::catalog::Catalog;
use frontback::classify::{Classification, Fact, Model, Source, Verdict, classify, reason};
use frontback::org::{Level, Org, load};
use frontback::text::Lang;

fn org(departments: &str) -> (Org, Classification) {
    org_with("", departments)
}

fn org_with(company_extra: &str, departments: &str) -> (Org, Classification) {
    let text = format!("[company]\nname = \"Test\"\n{company_extra}\n{departments}");
    let org = load(&text).unwrap_or_else(|e| panic!("{text}\n{e:?}"));
    let classes = classify(&org, &Catalog::for_org(&org));
    (org, classes)
}

fn verdicts(org: &Org, c: &Classification, path: &[&str]) -> (Verdict, Verdict) {
    let id = org.find_path(path).expect("department exists");
    (c.of(id).verdict(Model::Customer), c.of(id).verdict(Model::Profit))
}

#[test]
fn c4_the_two_models_look_at_different_facts() {
    let (o, c) = org(
        "[org.desk]\ncustomers = \"direct\"\nrevenue = \"none\"\n[org.vault]\ncustomers = \"none\"\nrevenue = \"direct\"\n",
    );
    assert_eq!(verdicts(&o, &c, &["desk"]), (Verdict::Front, Verdict::Back));
    assert_eq!(verdicts(&o, &c, &["vault"]), (Verdict::Back, Verdict::Front));
}

#[test]
fn c5_sales_is_front_under_both_models() {
    let (o, c) = org("[org.sales]\nfunction = \"sales\"\n");
    assert_eq!(verdicts(&o, &c, &["sales"]), (Verdict::Front, Verdict::Front));
    assert!(!c.of(0).is_grey_area());
}

#[test]
fn c5_post_sales_support_is_a_grey_area() {
    let (o, c) = org("[org.support]\nfunction = \"post-sales-support\"\n");
    assert_eq!(verdicts(&o, &c, &["support"]), (Verdict::Front, Verdict::Back));
    assert!(c.of(0).is_grey_area());
    assert_eq!(c.tally().grey_areas, 1);
}

#[test]
fn c5_the_mirror_grey_area_earns_without_meeting_customers() {
    let (o, c) = org("[org.trading]\nfunction = \"trading\"\n[org.licences]\nfunction = \"licensing\"\n");
    assert_eq!(verdicts(&o, &c, &["trading"]), (Verdict::Back, Verdict::Front));
    assert_eq!(verdicts(&o, &c, &["licences"]), (Verdict::Back, Verdict::Front));
    assert!(c.of(0).is_grey_area() && c.of(1).is_grey_area());
}

#[test]
fn c6_accounting_is_back_office_except_in_an_accounting_firm() {
    let (o, c) = org("[org.books]\nfunction = \"accounting\"\n");
    assert_eq!(verdicts(&o, &c, &["books"]), (Verdict::Back, Verdict::Back));
    let (o, c) = org_with("core_business = \"accounting\"", "[org.audit]\nfunction = \"accounting\"\n");
    assert_eq!(verdicts(&o, &c, &["audit"]), (Verdict::Front, Verdict::Front));
    assert_eq!(c.of(0).customers.source, Source::CoreBusiness);
    assert_eq!(c.of(0).revenue, Fact { value: Some(Level::Direct), source: Source::CoreBusiness });
}

#[test]
fn c7_it_is_back_office_unless_it_is_what_the_company_sells() {
    let (o, c) = org("[org.it]\nfunction = \"it\"\n");
    assert_eq!(verdicts(&o, &c, &["it"]), (Verdict::Back, Verdict::Back));
    let (o, c) = org_with("core_business = \"it\"", "[org.it]\nfunction = \"it\"\n");
    assert_eq!(verdicts(&o, &c, &["it"]), (Verdict::Front, Verdict::Front));
}

#[test]
fn c8_enabling_another_unit_to_earn_is_not_earning() {
    let (o, c) =
        org("[org.factory]\nfunction = \"manufacturing\"\n[org.costs]\nrevenue = \"indirect\"\ncustomers = \"none\"\n");
    assert_eq!(c.of(0).revenue.value, Some(Level::Indirect));
    assert_eq!(verdicts(&o, &c, &["factory"]).1, Verdict::Back);
    assert_eq!(verdicts(&o, &c, &["costs"]).1, Verdict::Back);
}

#[test]
fn explicit_beats_core_business_beats_function_beats_inherited() {
    let (o, c) = org_with(
        "core_business = \"accounting\"",
        "[org.parent]\ncustomers = \"indirect\"\nrevenue = \"indirect\"\n\
         [org.parent.explicit]\nfunction = \"accounting\"\ncustomers = \"none\"\n\
         [org.parent.core]\nfunction = \"accounting\"\n\
         [org.parent.by-function]\nfunction = \"sales\"\n\
         [org.parent.inherited]\nname = \"Nothing of its own\"\n",
    );
    let fact = |p: &[&str]| c.of(o.find_path(p).unwrap()).customers;
    assert_eq!(fact(&["parent", "explicit"]), Fact { value: Some(Level::None), source: Source::Explicit });
    assert_eq!(fact(&["parent", "core"]), Fact { value: Some(Level::Direct), source: Source::CoreBusiness });
    assert_eq!(fact(&["parent", "by-function"]), Fact { value: Some(Level::Direct), source: Source::Function });
    assert_eq!(
        fact(&["parent", "inherited"]),
        Fact { value: Some(Level::Indirect), source: Source::Inherited { from: 0 } }
    );
}

#[test]
fn an_inherited_fact_carries_the_ancestor_it_comes_from() {
    let (o, c) = org("[org.a]\nrevenue = \"direct\"\n[org.a.b]\n[org.a.b.c]\n");
    let deep = o.find_path(&["a", "b", "c"]).unwrap();
    assert_eq!(c.of(deep).revenue.source, Source::Inherited { from: 0 });
    let json = frontback::report::render(&o, frontback::report::Format::Json, Lang::En);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["departments"][2]["revenue"]["from"], serde_json::json!(["a"]));
    assert_eq!(report["departments"][2]["revenue"]["source"], "inherited");
}

#[test]
fn nothing_known_is_undetermined_and_never_grey() {
    let (o, c) = org("[org.mystery]\nrevenue = \"direct\"\n");
    assert_eq!(verdicts(&o, &c, &["mystery"]), (Verdict::Undetermined, Verdict::Front));
    assert!(!c.of(0).is_grey_area());
    assert_eq!(c.of(0).customers, Fact { value: None, source: Source::Unknown });
}

#[test]
fn the_files_functions_override_and_extend_the_catalogue() {
    let (o, c) = org(
        "[functions.sales]\nrevenue = \"none\"\n[functions.gifts]\nname = \"Gifts\"\ncustomers = \"direct\"\nrevenue = \"none\"\n\
         [org.sales]\nfunction = \"sales\"\n[org.gifts]\nfunction = \"gifts\"\n",
    );
    assert_eq!(verdicts(&o, &c, &["sales"]), (Verdict::Front, Verdict::Back), "only revenue was overridden");
    assert_eq!(verdicts(&o, &c, &["gifts"]), (Verdict::Front, Verdict::Back));
}

#[test]
fn reasons_name_the_fact_its_value_and_its_source_in_both_languages() {
    let (o, c) = org(
        "[org.floor]\nname = \"Sales floor\"\nfunction = \"sales\"\n[org.floor.till]\nname = \"Till\"\nrevenue = \"none\"\n",
    );
    let catalog = Catalog::for_org(&o);
    let till = o.find_path(&["floor", "till"]).unwrap();
    let en = reason(&o, &catalog, till, c.of(till), Model::Customer, Lang::En);
    assert!(en.starts_with("Front office under the customer model"), "{en}");
    assert!(en.contains("customers = direct") && en.contains("inherited from Sales floor (floor)"), "{en}");
    let es = reason(&o, &catalog, till, c.of(till), Model::Customer, Lang::Es);
    assert!(es.contains("según el modelo de cliente") && es.contains("heredado de Sales floor"), "{es}");
    let profit = reason(&o, &catalog, till, c.of(till), Model::Profit, Lang::En);
    assert!(profit.starts_with("Back office under the profit model") && profit.contains("revenue = none"), "{profit}");
    assert!(profit.contains("set in its own table"), "{profit}");
    let floor = reason(&o, &catalog, 0, c.of(0), Model::Profit, Lang::En);
    assert!(floor.contains("the default of its function, Sales"), "{floor}");
}
