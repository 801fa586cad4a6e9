//! The JSON report, field by field as SPEC §5 gives it.

use std::collections::BTreeSet;

use assert_cmd::Command;
use serde_json::Value;

fn report(file: &str) -> Value {
    let out = Command::cargo_bin("frontback").unwrap().args(["report", file, "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn keys(value: &Value) -> BTreeSet<&str> {
    value.as_object().unwrap().keys().map(String::as_str).collect()
}

#[test]
fn the_json_report_follows_the_schema_to_the_field() {
    let r = report("sample-orgs/software-company.toml");
    assert_eq!(keys(&r), BTreeSet::from(["schema", "company", "departments", "summary"]));
    assert_eq!(r["schema"], 1);
    assert_eq!(keys(&r["company"]), BTreeSet::from(["name", "core_business"]));
    assert!(r["company"]["name"].is_string());
    assert!(r["company"]["core_business"].is_null(), "the software company has no core business");

    let departments = r["departments"].as_array().unwrap();
    assert!(!departments.is_empty());
    let mut seen_paths: Vec<Vec<String>> = Vec::new();
    let (mut inherited, mut unknown) = (0, 0);
    for d in departments {
        let expected = BTreeSet::from([
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
        assert_eq!(keys(d), expected, "{d}");
        let path: Vec<String> = d["path"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect();
        assert_eq!(d["id"], path.last().unwrap().as_str());
        assert_eq!(d["depth"], path.len() - 1);
        assert!(d["name"].is_string());
        assert!(d["function"].is_string() || d["function"].is_null());
        // Parents come first: the parent's path was seen before.
        if path.len() > 1 {
            assert!(seen_paths.contains(&path[..path.len() - 1].to_vec()), "parent before child: {path:?}");
        }
        seen_paths.push(path);
        for fact in ["customers", "revenue"] {
            let f = &d[fact];
            let source = f["source"].as_str().unwrap();
            assert!(["explicit", "core-business", "function", "inherited", "unknown"].contains(&source));
            match source {
                "inherited" => {
                    inherited += 1;
                    assert_eq!(keys(f), BTreeSet::from(["value", "source", "from"]));
                    let from: Vec<String> = serde_json::from_value(f["from"].clone()).unwrap();
                    assert!(seen_paths.contains(&from), "from names an ancestor: {from:?}");
                }
                "unknown" => {
                    unknown += 1;
                    assert!(f["value"].is_null());
                }
                _ => {
                    assert_eq!(keys(f), BTreeSet::from(["value", "source"]));
                    assert!(["direct", "indirect", "none"].contains(&f["value"].as_str().unwrap()));
                }
            }
        }
        for model in ["customer_model", "profit_model"] {
            assert_eq!(keys(&d[model]), BTreeSet::from(["verdict", "reason"]));
            assert!(["front", "back", "undetermined"].contains(&d[model]["verdict"].as_str().unwrap()));
            assert!(d[model]["reason"].as_str().unwrap().len() > 20);
        }
        let (c, p) = (&d["customer_model"]["verdict"], &d["profit_model"]["verdict"]);
        let grey = c != p && c != "undetermined" && p != "undetermined";
        assert_eq!(d["grey_area"], grey);
    }
    assert!(inherited > 0, "the sample has inherited facts");
    let _ = unknown;

    // The summary counts what the departments say.
    let s = &r["summary"];
    assert_eq!(keys(s), BTreeSet::from(["departments", "customer_model", "profit_model", "grey_areas"]));
    assert_eq!(s["departments"], departments.len());
    for model in ["customer_model", "profit_model"] {
        for verdict in ["front", "back", "undetermined"] {
            let count = departments.iter().filter(|d| d[model]["verdict"] == verdict).count();
            assert_eq!(s[model][verdict], count, "{model} {verdict}");
        }
    }
    assert_eq!(s["grey_areas"], departments.iter().filter(|d| d["grey_area"] == true).count());
}

#[test]
fn core_business_appears_when_set() {
    let r = report("sample-orgs/accounting-firm.toml");
    assert_eq!(r["company"]["core_business"], "accounting");
    assert!(r["departments"].as_array().unwrap().iter().any(|d| d["customers"]["source"] == "core-business"));
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
    let out = Command::cargo_bin("frontback")
        .unwrap()
        .args(["report", file.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
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
