//! `report --format json` against SPEC §5, field by field: a purpose-built org whose
//! every value is known, the samples cross-checked against the library's own
//! classification, an empty org, and an org big enough to be written in several
//! parallel pieces.

use std::collections::BTreeSet;
use std::path::Path;

use frontback::catalog::Catalog;
use frontback::classify::{Fact, Model, classify};
use frontback::org::{Org, load};
use serde_json::{Value, json};

use crate::support::cli::{frontback, sample_files};
use crate::support::temp_file;

/// The JSON report of a file, from the real binary, in English.
fn report_of(path: &Path, lang: &str) -> Value {
    let out = frontback().args(["report", "--format", "json", "--lang", lang]).arg(path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("the report is JSON")
}

fn report_of_text(text: &str) -> Value {
    let (_dir, path) = temp_file("org.toml", text);
    report_of(&path, "en")
}

/// Every department of the purpose-built org below, as the report must give it, but
/// for the reasons (checked apart).
fn expected_departments() -> Value {
    let fact = |value: Value, source: &str| json!({"value": value, "source": source});
    let inherited = |value: &str, from: Value| json!({"value": value, "source": "inherited", "from": from});
    let verdicts = |customer: &str, profit: &str| (json!({"verdict": customer}), json!({"verdict": profit}));
    let department =
        |path: Value, name: &str, function: Value, customers: Value, revenue: Value, v: (Value, Value), grey: bool| {
            let path_list = path.as_array().unwrap().clone();
            json!({
                "path": path,
                "id": path_list.last().unwrap(),
                "name": name,
                "depth": path_list.len() - 1,
                "function": function,
                "customers": customers,
                "revenue": revenue,
                "customer_model": v.0,
                "profit_model": v.1,
                "grey_area": grey,
            })
        };
    json!([
        department(
            json!(["sales"]),
            "Sales",
            json!("sales"),
            fact(json!("direct"), "function"),
            fact(json!("direct"), "function"),
            verdicts("front", "front"),
            false
        ),
        department(
            json!(["sales", "after sales"]),
            "After-sales support",
            json!("post-sales-support"),
            fact(json!("direct"), "function"),
            fact(json!("none"), "function"),
            verdicts("front", "back"),
            true
        ),
        department(
            json!(["sales", "after sales", "desk"]),
            "desk",
            Value::Null,
            inherited("direct", json!(["sales", "after sales"])),
            inherited("none", json!(["sales", "after sales"])),
            verdicts("front", "back"),
            true
        ),
        department(
            json!(["sales", "web"]),
            "Web shop",
            Value::Null,
            fact(json!("indirect"), "explicit"),
            inherited("direct", json!(["sales"])),
            verdicts("back", "front"),
            true
        ),
        department(
            json!(["ñandú"]),
            "ñandú",
            Value::Null,
            fact(json!("none"), "explicit"),
            fact(Value::Null, "unknown"),
            verdicts("back", "undetermined"),
            false
        ),
        department(
            json!(["advice"]),
            "Advice",
            json!("consulting"),
            fact(json!("direct"), "core-business"),
            fact(json!("direct"), "core-business"),
            verdicts("front", "front"),
            false
        ),
        department(
            json!(["x.y"]),
            "Docs",
            json!("documentation"),
            fact(json!("indirect"), "function"),
            fact(json!("none"), "function"),
            verdicts("back", "back"),
            false
        ),
    ])
}

/// Parents first, in file order: `web` is written last but belongs to `sales`, so it
/// comes before `ñandú`; `x.y` is one id with a dot, written as an inline table.
const PURPOSE_BUILT: &str = r#"[company]
name = "Acme \"Tools\""
core_business = "consulting"

[functions.documentation]
name = "Documentation"
customers = "indirect"
revenue = "none"

[org.sales]
name = "Sales"
function = "sales"

[org.sales."after sales"]
name = "After-sales support"
function = "post-sales-support"

[org.sales."after sales".desk]

[org."ñandú"]
customers = "none"

[org.advice]
name = "Advice"
function = "consulting"

[org]
"x.y" = { name = "Docs", function = "documentation" }

[org.sales.web]
name = "Web shop"
customers = "indirect"
"#;

#[test]
fn every_field_of_every_department_is_as_the_spec_says() {
    let report = report_of_text(PURPOSE_BUILT);
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    // (serde_json's map is sorted: this says which keys, not in which order.)
    assert_eq!(keys(&report), ["company", "departments", "schema", "summary"]);
    assert_eq!(report["schema"], 1);
    assert_eq!(report["company"], json!({"name": "Acme \"Tools\"", "core_business": "consulting"}));

    let mut departments = report["departments"].as_array().unwrap().clone();
    for d in &mut departments {
        for model in ["customer_model", "profit_model"] {
            let reason = d[model].as_object_mut().unwrap().remove("reason").expect("a reason");
            assert!(reason.as_str().is_some_and(|r| r.ends_with('.')), "{reason}");
        }
    }
    let expected = expected_departments();
    for (i, (got, want)) in departments.iter().zip(expected.as_array().unwrap()).enumerate() {
        assert_eq!(got, want, "department {i}");
    }
    assert_eq!(departments.len(), 7);

    assert_eq!(
        report["summary"],
        json!({
            "departments": 7,
            "customer_model": {"front": 4, "back": 3, "undetermined": 0},
            "profit_model": {"front": 3, "back": 3, "undetermined": 1},
            "grey_areas": 3,
        })
    );
}

#[test]
fn reasons_in_the_report_name_fact_value_and_source() {
    let report = report_of_text(PURPOSE_BUILT);
    let reason = |i: usize, model: &str| report["departments"][i][model]["reason"].as_str().unwrap().to_string();
    assert!(
        reason(2, "profit_model")
            .contains("neither earns money nor helps others earn it (inherited from After-sales support)")
    );
    assert!(
        reason(5, "customer_model")
            .contains("deals with customers directly (its function, Consulting, is what the company sells)")
    );
    assert!(reason(3, "customer_model").contains("only through other units (set on the department itself)"));
    assert!(reason(4, "profit_model").starts_with("Undetermined under the profit model"));
    assert!(reason(6, "customer_model").contains("(from the function Documentation)"));
}

#[test]
fn a_missing_core_business_is_null_and_an_empty_org_has_empty_lists() {
    let report = report_of_text("[company]\nname = \"Nobody yet\"\n");
    assert_eq!(report["company"], json!({"name": "Nobody yet", "core_business": null}));
    assert_eq!(report["departments"], json!([]));
    assert_eq!(
        report["summary"],
        json!({
            "departments": 0,
            "customer_model": {"front": 0, "back": 0, "undetermined": 0},
            "profit_model": {"front": 0, "back": 0, "undetermined": 0},
            "grey_areas": 0,
        })
    );
}

/// The keys of a JSON object.
fn keys(value: &Value) -> BTreeSet<&str> {
    value.as_object().unwrap().keys().map(String::as_str).collect()
}

/// Checks a report against the library's classification of the same org, department
/// by department, and its summary against counts made from the departments.
fn agrees_with_the_library(report: &Value, org: &Org) {
    let classes = classify(org, &Catalog::for_org(org));
    let departments = report["departments"].as_array().unwrap();
    assert_eq!(departments.len(), org.len());
    let fact_json = |f: Fact, id| {
        let mut v = json!({"value": f.value.map(|l| l.as_str()), "source": f.source.as_str()});
        if let Some(from) = f.inherited_from(org, id) {
            v["from"] = json!(org.path(from));
        }
        v
    };
    let fields = BTreeSet::from([
        "path",
        "id",
        "name",
        "depth",
        "function",
        "customers",
        "revenue",
        "customer_model",
        "profit_model",
        "grey_area",
    ]);
    for (id, d) in departments.iter().enumerate() {
        let dept = org.dept(id);
        let facts = classes.of(id);
        // The figures come only where the department gives them.
        let mut fields = fields.clone();
        fields.extend(frontback::org::Figure::ALL.into_iter().filter(|&f| dept.figure(f).is_some()).map(|f| f.key()));
        assert_eq!(keys(d), fields, "department {id}");
        for model in ["customer_model", "profit_model"] {
            assert_eq!(keys(&d[model]), BTreeSet::from(["verdict", "reason"]), "department {id}");
            assert!(d[model]["reason"].as_str().unwrap().len() > 20, "department {id}: {}", d[model]["reason"]);
        }
        assert_eq!(d["path"], json!(org.path(id)), "department {id}");
        assert_eq!(d["id"], dept.id.as_str());
        assert_eq!(d["name"], dept.display_name());
        assert_eq!(d["depth"], dept.depth);
        assert_eq!(d["function"], json!(dept.function.as_deref()));
        assert_eq!(d["customers"], fact_json(facts.customers, id), "{:?}", org.path(id));
        assert_eq!(d["revenue"], fact_json(facts.revenue, id), "{:?}", org.path(id));
        assert_eq!(d["customer_model"]["verdict"], facts.verdict(Model::Customer).as_str());
        assert_eq!(d["profit_model"]["verdict"], facts.verdict(Model::Profit).as_str());
        assert_eq!(d["grey_area"], facts.is_grey_area());
    }
    let summary = &report["summary"];
    let mut summary_fields = BTreeSet::from(["departments", "customer_model", "profit_model", "grey_areas"]);
    for figure in ["headcount", "budget"] {
        if departments.iter().any(|d| d.get(figure).is_some()) {
            summary_fields.insert(figure);
            // Each department's own figure counts on the side its verdict gives it.
            for model in ["customer_model", "profit_model"] {
                for verdict in ["front", "back", "undetermined"] {
                    let sum: u64 = departments
                        .iter()
                        .filter(|d| d[model]["verdict"] == verdict)
                        .filter_map(|d| d[figure].as_u64())
                        .sum();
                    assert_eq!(summary[figure][model][verdict], sum, "{figure} {model} {verdict}");
                }
            }
        }
    }
    assert_eq!(keys(summary), summary_fields);
    assert_eq!(summary["departments"], departments.len());
    for model in ["customer_model", "profit_model"] {
        for verdict in ["front", "back", "undetermined"] {
            let counted = departments.iter().filter(|d| d[model]["verdict"] == verdict).count();
            assert_eq!(summary[model][verdict], counted, "{model} {verdict}");
        }
    }
    assert_eq!(summary["grey_areas"], departments.iter().filter(|d| d["grey_area"] == true).count());
}

#[test]
fn every_sample_reports_what_the_library_classifies() {
    for path in sample_files() {
        let org = load(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for lang in ["en", "es"] {
            let report = report_of(&path, lang);
            assert_eq!(report["company"]["name"], org.company.name.as_str(), "{}", path.display());
            assert_eq!(report["company"]["core_business"], json!(org.company.core_business));
            agrees_with_the_library(&report, &org);
        }
    }
    let software = report_of(Path::new("sample-orgs/software-company.toml"), "en");
    assert_eq!(software["company"]["core_business"], Value::Null);
    let departments = software["departments"].as_array().unwrap();
    assert!(departments.iter().any(|d| d["customers"]["source"] == "inherited"), "the sample has inherited facts");
    let firm = report_of(Path::new("sample-orgs/accounting-firm.toml"), "en");
    assert_eq!(firm["company"]["core_business"], "accounting");
    let departments = firm["departments"].as_array().unwrap();
    assert!(departments.iter().any(|d| d["customers"]["source"] == "core-business"));
}

#[test]
fn a_report_written_in_several_pieces_keeps_every_department_in_order() {
    // More than two pieces of 4,096 departments, with every kind of source.
    let mut text = String::from("[company]\nname = \"Big\"\ncore_business = \"consulting\"\n");
    let functions = ["sales", "accounting", "consulting", "post-sales-support", "trading"];
    for root in 0..100 {
        text.push_str(&format!("[org.r{root}]\nfunction = \"{}\"\n", functions[root % functions.len()]));
        for child in 0..99 {
            text.push_str(&format!("[org.r{root}.c{child}]\n"));
            match child % 4 {
                0 => text.push_str("customers = \"none\"\n"),
                1 => text.push_str("function = \"it\"\n"),
                _ => {}
            }
        }
    }
    let org = load(&text).unwrap();
    assert_eq!(org.len(), 10_000);
    agrees_with_the_library(&report_of_text(&text), &org);
}

/// The report is laid out as SPEC §5 prints it: a line per field of a department, its
/// lists and small objects on one line — so `grep` and a diff read it line by line.
#[test]
fn the_json_report_is_laid_out_as_the_spec_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acme.toml");
    std::fs::write(
        &file,
        "[company]\nname = \"Acme\"\ncore_business = \"sales\"\n\n[org.sales]\nfunction = \"sales\"\n\n\
         [org.sales.after-sales]\nname = \"After-sales support\"\nfunction = \"post-sales-support\"\n",
    )
    .unwrap();
    let out = frontback().args(["report", "--format", "json"]).arg(&file).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[..4],
        [
            "{",
            "  \"schema\": 1,",
            "  \"company\": {\"name\": \"Acme\", \"core_business\": \"sales\"},",
            "  \"departments\": ["
        ]
    );
    let after_sales = lines.iter().position(|l| *l == "      \"path\": [\"sales\", \"after-sales\"],").expect(&text);
    assert_eq!(lines[after_sales - 1], "    {");
    assert_eq!(lines[after_sales + 1], "      \"id\": \"after-sales\",");
    assert_eq!(lines[after_sales + 4], "      \"function\": \"post-sales-support\",");
    assert_eq!(lines[after_sales + 5], "      \"customers\": {\"value\": \"direct\", \"source\": \"function\"},");
    assert_eq!(lines[after_sales + 6], "      \"revenue\": {\"value\": \"none\", \"source\": \"function\"},");
    assert!(lines[after_sales + 7].starts_with("      \"customer_model\": {\"verdict\": \"front\", \"reason\": \""));
    assert_eq!(lines[after_sales + 9], "      \"grey_area\": true");
    assert_eq!(lines[after_sales + 10], "    }");
    assert_eq!(
        lines[lines.len() - 7..],
        [
            "  \"summary\": {",
            "    \"departments\": 2,",
            "    \"customer_model\": {\"front\": 2, \"back\": 0, \"undetermined\": 0},",
            "    \"profit_model\": {\"front\": 1, \"back\": 1, \"undetermined\": 0},",
            "    \"grey_areas\": 1",
            "  }",
            "}"
        ]
    );
}
