//! The rules of SPEC §4 through the library: the concept facts C4–C8, the mirror grey
//! area, the order in which a fact is resolved, inheritance, unknown facts, the file's
//! own `[functions]`, and the reason sentences in English and Spanish.
//!
//! Every org is built here, small, so that each test shows the case it pins.

use frontback::catalog::Catalog;
use frontback::classify::{Classification, Fact, Model, Source, Verdict, classify, reason};
use frontback::document::Document;
use frontback::org::{DeptId, Level, Org, load};
use frontback::report::{Format, render};
use frontback::text::Lang;

/// An org of `[company]` (plus `company_extra` lines) and the given tables, classified.
fn classified(company_extra: &str, rest: &str) -> (Org, Catalog, Classification) {
    let text = format!("[company]\nname = \"Test company\"\n{company_extra}\n{rest}");
    let org = load(&text).unwrap_or_else(|e| panic!("the test org loads:\n{text}\n{e:?}"));
    let catalog = Catalog::for_org(&org);
    let classes = classify(&org, &catalog);
    (org, catalog, classes)
}

fn id(org: &Org, path: &[&str]) -> DeptId {
    org.find_path(path).unwrap_or_else(|| panic!("no department {path:?}"))
}

fn verdicts(org: &Org, classes: &Classification, path: &[&str]) -> (Verdict, Verdict) {
    let facts = classes.of(id(org, path));
    (facts.verdict(Model::Customer), facts.verdict(Model::Profit))
}

fn fact(value: Level, source: Source) -> Fact {
    Fact { value: Some(value), source }
}

fn reason_of(o: &(Org, Catalog, Classification), path: &[&str], model: Model, lang: Lang) -> String {
    let (org, catalog, classes) = o;
    let d = id(org, path);
    reason(org, catalog, d, classes.of(d), model, lang)
}

// --- The concept facts ------------------------------------------------------------

#[test]
fn c4_each_model_reads_only_its_own_fact() {
    // Every combination of the two facts, unset included: the customer model's
    // verdict follows `customers` alone and the profit model's `revenue` alone.
    let values = [None, Some("direct"), Some("indirect"), Some("none")];
    let mut tables = String::new();
    for (i, customers) in values.iter().enumerate() {
        for (j, revenue) in values.iter().enumerate() {
            tables.push_str(&format!("[org.d{i}{j}]\n"));
            if let Some(c) = customers {
                tables.push_str(&format!("customers = \"{c}\"\n"));
            }
            if let Some(r) = revenue {
                tables.push_str(&format!("revenue = \"{r}\"\n"));
            }
        }
    }
    let (org, _, classes) = classified("", &tables);
    let expect = |value: Option<&str>| match value {
        None => Verdict::Undetermined,
        Some("direct") => Verdict::Front,
        Some(_) => Verdict::Back,
    };
    for (i, customers) in values.iter().enumerate() {
        for (j, revenue) in values.iter().enumerate() {
            let name = format!("d{i}{j}");
            assert_eq!(
                verdicts(&org, &classes, &[&name]),
                (expect(*customers), expect(*revenue)),
                "customers = {customers:?}, revenue = {revenue:?}"
            );
        }
    }
}

#[test]
fn c5_sales_is_front_under_both_and_post_sales_support_only_under_the_customer_model() {
    let o = classified("", "[org.sales]\nfunction = \"sales\"\n[org.support]\nfunction = \"post-sales-support\"\n");
    let (org, _, classes) = &o;
    assert_eq!(verdicts(org, classes, &["sales"]), (Verdict::Front, Verdict::Front));
    assert!(!classes.of(id(org, &["sales"])).is_grey_area());

    let support = classes.of(id(org, &["support"]));
    assert_eq!(support.customers, fact(Level::Direct, Source::Function));
    assert_eq!(support.revenue, fact(Level::None, Source::Function));
    assert_eq!(verdicts(org, classes, &["support"]), (Verdict::Front, Verdict::Back));
    assert!(support.is_grey_area());
    assert_eq!(classes.tally().grey_areas, 1, "sales is not grey, support is");
    let why = reason_of(&o, &["support"], Model::Profit, Lang::En);
    assert!(why.contains("neither earns money") && why.contains("from the function Post-sales support"), "{why}");
}

#[test]
fn the_mirror_grey_area_earns_without_meeting_customers() {
    let (org, _, classes) =
        classified("", "[org.licences]\nfunction = \"licensing\"\n[org.desk]\nfunction = \"trading\"\n");
    for path in [["licences"], ["desk"]] {
        let facts = classes.of(id(&org, &path));
        assert_eq!(facts.customers.value, Some(Level::None), "{path:?}");
        assert_eq!(facts.revenue.value, Some(Level::Direct), "{path:?}");
        assert_eq!(verdicts(&org, &classes, &path), (Verdict::Back, Verdict::Front), "{path:?}");
        assert!(facts.is_grey_area(), "{path:?}");
    }
}

#[test]
fn c6_accounting_is_back_office_under_both_models() {
    let (org, _, classes) = classified("core_business = \"consulting\"", "[org.books]\nfunction = \"accounting\"\n");
    let books = classes.of(id(&org, &["books"]));
    assert_eq!(books.customers, fact(Level::None, Source::Function));
    assert_eq!(books.revenue, fact(Level::None, Source::Function));
    assert_eq!(verdicts(&org, &classes, &["books"]), (Verdict::Back, Verdict::Back));
}

#[test]
fn c6_accounting_is_front_under_both_models_in_an_accounting_firm() {
    let o = classified(
        "core_business = \"accounting\"",
        "[org.audit]\nname = \"Audit\"\nfunction = \"accounting\"\n[org.audit.team]\nname = \"Team\"\n",
    );
    let (org, _, classes) = &o;
    let audit = classes.of(id(org, &["audit"]));
    assert_eq!(audit.customers, fact(Level::Direct, Source::CoreBusiness));
    assert_eq!(audit.revenue, fact(Level::Direct, Source::CoreBusiness));
    assert_eq!(verdicts(org, classes, &["audit"]), (Verdict::Front, Verdict::Front));
    // A sub-team without a function of its own inherits the core business's `direct`.
    let team = classes.of(id(org, &["audit", "team"]));
    assert_eq!(team.revenue, fact(Level::Direct, Source::Inherited { up: 1 }));
    assert_eq!(team.revenue.inherited_from(org, id(org, &["audit", "team"])), Some(id(org, &["audit"])));
    let en = reason_of(&o, &["audit"], Model::Profit, Lang::En);
    assert!(
        en.contains("earns the money itself") && en.contains("its function, Accounting, is what the company sells"),
        "{en}"
    );
    let es = reason_of(&o, &["audit"], Model::Customer, Lang::Es);
    assert!(
        es.contains("trata directamente con los clientes")
            && es.contains("su función, Contabilidad, es lo que la empresa vende"),
        "{es}"
    );
}

#[test]
fn c7_it_is_back_office_under_both_models() {
    let (org, _, classes) = classified("", "[org.it]\nname = \"IT\"\nfunction = \"it\"\n");
    let it = classes.of(id(&org, &["it"]));
    assert_eq!((it.customers.value, it.revenue.value), (Some(Level::None), Some(Level::None)));
    assert_eq!(verdicts(&org, &classes, &["it"]), (Verdict::Back, Verdict::Back));
    // ... unless IT is what the company sells.
    let (org, _, classes) = classified("core_business = \"it\"", "[org.it]\nfunction = \"it\"\n");
    assert_eq!(verdicts(&org, &classes, &["it"]), (Verdict::Front, Verdict::Front));
}

#[test]
fn c8_manufacturing_enables_revenue_and_is_back_office_under_the_profit_model() {
    let o =
        classified("", "[org.workshop]\nfunction = \"manufacturing\"\n[org.workshop.line]\nrevenue = \"indirect\"\n");
    let (org, _, classes) = &o;
    let workshop = classes.of(id(org, &["workshop"]));
    assert_eq!(workshop.revenue, fact(Level::Indirect, Source::Function));
    assert_eq!(workshop.verdict(Model::Profit), Verdict::Back);
    // Explicitly indirect is back office too: enabling is not earning.
    assert_eq!(classes.of(id(org, &["workshop", "line"])).verdict(Model::Profit), Verdict::Back);
    let why = reason_of(&o, &["workshop"], Model::Profit, Lang::En);
    assert!(
        why.starts_with("Back office under the profit model")
            && why.contains("helps other units earn, which is not earning"),
        "{why}"
    );
}

#[test]
fn the_built_in_catalogue_has_the_defaults_the_spec_lists() {
    let table = [
        ("sales", Level::Direct, Level::Direct),
        ("showroom", Level::Direct, Level::Direct),
        ("post-sales-support", Level::Direct, Level::None),
        ("accounting", Level::None, Level::None),
        ("it", Level::None, Level::None),
        ("manufacturing", Level::None, Level::Indirect),
        ("administration", Level::None, Level::None),
    ];
    let catalog = Catalog::builtin();
    for (key, customers, revenue) in table {
        let f = catalog.get(key).unwrap_or_else(|| panic!("`{key}` is built in"));
        assert_eq!((f.customers, f.revenue), (Some(customers), Some(revenue)), "{key}");
    }
    for key in ["marketing", "human-resources", "legal", "procurement", "logistics", "research-and-development"] {
        assert!(catalog.get(key).is_some(), "`{key}` is built in");
    }
}

// --- Order of resolution ----------------------------------------------------------

#[test]
fn explicit_beats_core_business_fact_by_fact() {
    let (org, _, classes) =
        classified("core_business = \"accounting\"", "[org.audit]\nfunction = \"accounting\"\ncustomers = \"none\"\n");
    let audit = classes.of(id(&org, &["audit"]));
    assert_eq!(audit.customers, fact(Level::None, Source::Explicit));
    assert_eq!(audit.revenue, fact(Level::Direct, Source::CoreBusiness), "the other fact still comes from the core");
}

#[test]
fn core_business_beats_the_function_default() {
    let (org, _, classes) =
        classified("core_business = \"post-sales-support\"", "[org.help]\nfunction = \"post-sales-support\"\n");
    assert_eq!(classes.of(id(&org, &["help"])).revenue, fact(Level::Direct, Source::CoreBusiness));
    assert!(!classes.of(id(&org, &["help"])).is_grey_area(), "the service sold is front office under both");
    // ... and so it beats what a parent passes down too.
    let (org, _, classes) = classified(
        "core_business = \"accounting\"",
        "[org.parent]\ncustomers = \"indirect\"\n[org.parent.audit]\nfunction = \"accounting\"\n",
    );
    assert_eq!(classes.of(id(&org, &["parent", "audit"])).customers, fact(Level::Direct, Source::CoreBusiness));
}

#[test]
fn the_function_default_beats_inheritance() {
    let (org, _, classes) = classified(
        "",
        "[org.shop]\ncustomers = \"direct\"\nrevenue = \"direct\"\n[org.shop.books]\nfunction = \"accounting\"\n",
    );
    let books = classes.of(id(&org, &["shop", "books"]));
    assert_eq!(books.customers, fact(Level::None, Source::Function));
    assert_eq!(books.revenue, fact(Level::None, Source::Function));
}

#[test]
fn explicit_beats_inheritance() {
    let (org, _, classes) = classified("", "[org.shop]\nrevenue = \"direct\"\n[org.shop.till]\nrevenue = \"none\"\n");
    assert_eq!(classes.of(id(&org, &["shop", "till"])).revenue, fact(Level::None, Source::Explicit));
}

// --- Inheritance ------------------------------------------------------------------

#[test]
fn an_inherited_fact_names_the_nearest_ancestor_that_resolved_it() {
    // `middle` has a file function that sets `customers` only: its `revenue` is itself
    // inherited, so the leaf's revenue comes from `top` and its customers from `middle`.
    let o = classified(
        "",
        "[functions.greeting]\nname = \"Greeting\"\ncustomers = \"direct\"\n\
         [org.top]\nname = \"Top floor\"\nrevenue = \"indirect\"\n\
         [org.top.middle]\nname = \"Middle\"\nfunction = \"greeting\"\n\
         [org.top.middle.leaf]\nname = \"Leaf\"\n",
    );
    let (org, _, classes) = &o;
    let (top, middle, leaf) = (id(org, &["top"]), id(org, &["top", "middle"]), id(org, &["top", "middle", "leaf"]));
    assert_eq!(classes.of(middle).revenue, fact(Level::Indirect, Source::Inherited { up: 1 }));
    assert_eq!(classes.of(leaf).revenue, fact(Level::Indirect, Source::Inherited { up: 2 }));
    assert_eq!(classes.of(leaf).customers, fact(Level::Direct, Source::Inherited { up: 1 }));
    assert_eq!(classes.of(middle).revenue.inherited_from(org, middle), Some(top));
    assert_eq!(classes.of(leaf).revenue.inherited_from(org, leaf), Some(top), "two levels up");
    assert_eq!(classes.of(leaf).customers.inherited_from(org, leaf), Some(middle));
    assert_eq!(classes.of(top).revenue.inherited_from(org, top), None, "set on the department itself");

    // The report reads the org and its classification, not the text.
    let doc = Document::new(None, String::new(), org.clone());
    let json: serde_json::Value = serde_json::from_str(&render(&doc, Format::Json, Lang::En)).unwrap();
    let leaf_json = &json["departments"][leaf];
    assert_eq!(leaf_json["path"], serde_json::json!(["top", "middle", "leaf"]));
    assert_eq!(leaf_json["revenue"]["source"], "inherited");
    assert_eq!(leaf_json["revenue"]["from"], serde_json::json!(["top"]));
    assert_eq!(leaf_json["customers"]["from"], serde_json::json!(["top", "middle"]));

    let en = reason_of(&o, &["top", "middle", "leaf"], Model::Profit, Lang::En);
    assert!(en.contains("helps other units earn") && en.contains("inherited from Top floor)."), "{en}");
    let es = reason_of(&o, &["top", "middle", "leaf"], Model::Customer, Lang::Es);
    assert!(es.contains("trata directamente con los clientes") && es.contains("heredado de Middle)."), "{es}");
}

#[test]
fn a_value_a_parent_got_from_its_function_is_inherited_from_that_parent() {
    let (org, _, classes) = classified("", "[org.floor]\nfunction = \"sales\"\n[org.floor.corner]\n");
    let corner = classes.of(id(&org, &["floor", "corner"]));
    let floor = id(&org, &["floor"]);
    assert_eq!(corner.customers, fact(Level::Direct, Source::Inherited { up: 1 }));
    assert_eq!(corner.revenue, fact(Level::Direct, Source::Inherited { up: 1 }));
    assert_eq!(corner.revenue.inherited_from(&org, id(&org, &["floor", "corner"])), Some(floor));
}

#[test]
fn inheritance_never_crosses_to_siblings_or_from_children() {
    let (org, _, classes) = classified("", "[org.a]\n[org.a.child]\nrevenue = \"direct\"\n[org.b]\n");
    assert_eq!(classes.of(id(&org, &["a"])).revenue, Fact { value: None, source: Source::Unknown });
    assert_eq!(classes.of(id(&org, &["b"])).revenue, Fact { value: None, source: Source::Unknown });
}

// --- Unknown facts ----------------------------------------------------------------

#[test]
fn an_unknown_fact_is_undetermined_and_never_a_grey_area() {
    let (org, _, classes) = classified("", "[org.blank]\n[org.half]\ncustomers = \"direct\"\n");
    let blank = classes.of(id(&org, &["blank"]));
    assert_eq!(blank.customers, Fact { value: None, source: Source::Unknown });
    assert_eq!(verdicts(&org, &classes, &["blank"]), (Verdict::Undetermined, Verdict::Undetermined));
    // Front under one model and undetermined under the other is not a disagreement.
    assert_eq!(verdicts(&org, &classes, &["half"]), (Verdict::Front, Verdict::Undetermined));
    assert!(!blank.is_grey_area() && !classes.of(id(&org, &["half"])).is_grey_area());
    let tally = classes.tally();
    assert_eq!(tally.model(Model::Profit).undetermined, 2);
    assert_eq!(tally.model(Model::Customer).undetermined, 1);
    assert_eq!(tally.grey_areas, 0);
}

#[test]
fn undetermined_verdicts_say_what_is_missing_in_both_languages() {
    let o = classified("", "[org.blank]\n");
    let en = reason_of(&o, &["blank"], Model::Customer, Lang::En);
    assert!(en.starts_with("Undetermined under the customer model") && !en.contains('`'), "{en}");
    let es = reason_of(&o, &["blank"], Model::Profit, Lang::Es);
    assert!(
        es.starts_with("Sin determinar según el modelo de beneficio")
            && es.contains("asígnele una función")
            && !es.contains('`'),
        "{es}"
    );
}

// --- The file's own functions ------------------------------------------------------

#[test]
fn a_files_function_overrides_only_the_fields_it_sets() {
    let o = classified(
        "",
        "[functions.sales]\nrevenue = \"none\"\n[functions.it]\nname = \"Systems\"\n\
         [org.shop]\nfunction = \"sales\"\n[org.systems]\nfunction = \"it\"\n",
    );
    let (org, _, classes) = &o;
    let shop = classes.of(id(org, &["shop"]));
    assert_eq!(shop.customers, fact(Level::Direct, Source::Function), "kept from the built-in entry");
    assert_eq!(shop.revenue, fact(Level::None, Source::Function), "overridden by the file");
    assert!(shop.is_grey_area());
    assert_eq!(verdicts(org, classes, &["systems"]), (Verdict::Back, Verdict::Back));
    let why = reason_of(&o, &["systems"], Model::Customer, Lang::En);
    assert!(why.contains("from the function Systems"), "the file's name is used: {why}");
}

#[test]
fn a_new_function_from_the_file_classifies_and_is_named_in_reasons() {
    let o = classified(
        "",
        "[org.docs]\nfunction = \"documentation\"\n\
         [functions.documentation]\nname = \"Documentation\"\ncustomers = \"indirect\"\nrevenue = \"none\"\n",
    );
    let (org, _, classes) = &o;
    let docs = classes.of(id(org, &["docs"]));
    assert_eq!(docs.customers, fact(Level::Indirect, Source::Function));
    assert_eq!(verdicts(org, classes, &["docs"]), (Verdict::Back, Verdict::Back));
    for lang in [Lang::En, Lang::Es] {
        let why = reason_of(&o, &["docs"], Model::Customer, lang);
        assert!(
            why.contains(if lang == Lang::En { "only through other units" } else { "solo llega a los clientes" })
                && why.contains("Documentation"),
            "{why}"
        );
    }
}

#[test]
fn a_new_function_without_facts_leaves_them_to_inheritance() {
    let (org, _, classes) = classified(
        "",
        "[functions.misc]\nname = \"Misc\"\n[org.a]\nrevenue = \"direct\"\n[org.a.b]\nfunction = \"misc\"\n",
    );
    let b = classes.of(id(&org, &["a", "b"]));
    assert_eq!(b.revenue, fact(Level::Direct, Source::Inherited { up: 1 }));
    assert_eq!(b.revenue.inherited_from(&org, id(&org, &["a", "b"])), Some(id(&org, &["a"])));
    assert_eq!(b.customers, Fact { value: None, source: Source::Unknown });
}

// --- Reasons ----------------------------------------------------------------------

#[test]
fn reasons_name_the_fact_the_value_and_the_source_in_english_and_spanish() {
    let o = classified(
        "",
        "[org.floor]\nname = \"Sales floor\"\nfunction = \"sales\"\ncustomers = \"direct\"\n\
         [org.floor.till]\nname = \"Till\"\n",
    );
    let cases = [
        // (path, model, lang, verdict opening, what the value means, source)
        (
            &["floor"][..],
            Model::Customer,
            Lang::En,
            "Front office under the customer model",
            "it deals with customers directly",
            "(set on the department itself).",
        ),
        (
            &["floor"][..],
            Model::Customer,
            Lang::Es,
            "Front office según el modelo de cliente",
            "trata directamente con los clientes",
            "(indicado en el propio departamento).",
        ),
        (
            &["floor"][..],
            Model::Profit,
            Lang::En,
            "Front office under the profit model",
            "it earns the money itself",
            "(from the function Sales).",
        ),
        (
            &["floor"][..],
            Model::Profit,
            Lang::Es,
            "Front office según el modelo de beneficio",
            "gana el dinero directamente",
            "(por la función Ventas).",
        ),
        (
            &["floor", "till"][..],
            Model::Profit,
            Lang::En,
            "Front office under the profit model",
            "it earns the money itself",
            "(inherited from Sales floor).",
        ),
        (
            &["floor", "till"][..],
            Model::Profit,
            Lang::Es,
            "Front office según el modelo de beneficio",
            "gana el dinero directamente",
            "(heredado de Sales floor).",
        ),
    ];
    for (path, model, lang, opening, value, source) in cases {
        let why = reason_of(&o, path, model, lang);
        assert!(why.starts_with(opening), "{path:?} {lang:?}: {why}");
        assert!(why.contains(value) && why.contains(source), "{path:?} {lang:?}: {why}");
        // Plain words: no quoted syntax of the file.
        assert!(!why.contains(" = ") && !why.contains("direct,") && !why.contains("(floor)"), "{why}");
    }
}

#[test]
fn names_in_reasons_are_shown_as_written_never_expanded_or_sent_raw() {
    // A name that looks like a placeholder stays text, and an escape sequence is shown
    // escaped, not sent to the terminal.
    let o = classified("", "[org.top]\nname = \"%{path} \\u001b[31mred\"\nrevenue = \"direct\"\n[org.top.below]\n");
    let why = reason_of(&o, &["top", "below"], Model::Profit, Lang::En);
    assert!(why.contains("inherited from %{path} \\u{1b}[31mred)."), "{why}");
    assert!(!why.contains('\u{1b}'), "{why:?}");
}
