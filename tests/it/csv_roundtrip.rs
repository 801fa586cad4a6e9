//! The CSV report and `frontback import`: every sample survives report csv → import →
//! report; awkward ids survive the quoting and the `/` escaping; spreadsheet and
//! org-chart exports (columns in any order, children first, parents by id) import; and
//! every kind of malformed CSV gets a line-numbered error, exit 1 and an empty stdout.

use std::path::{Path, PathBuf};

use frontback::import::{ImportOptions, import};
use frontback::report::csv::HEADER;
use serde_json::Value;

use crate::support::cli::{frontback, sample_files};
use crate::support::temp_file;

/// Runs the binary and returns its stdout, failing the test on a non-zero exit.
fn run(args: &[&str]) -> String {
    let output = frontback().args(args).output().expect("the binary runs");
    assert!(output.status.success(), "frontback {args:?} failed:\n{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

fn json(file: &Path) -> Value {
    serde_json::from_str(&run(&["report", path(file), "--format", "json", "--lang", "en"])).expect("valid JSON")
}

fn path(file: &Path) -> &str {
    file.to_str().expect("UTF-8 path")
}

/// What a round trip must keep of each department: where it is, what it is called,
/// its function and facts, and its verdicts.
fn essentials(report: &Value) -> Vec<Value> {
    report["departments"]
        .as_array()
        .expect("departments")
        .iter()
        .map(|d| {
            serde_json::json!({
                "path": d["path"],
                "name": d["name"],
                "function": d["function"],
                "customer_model": d["customer_model"]["verdict"],
                "profit_model": d["profit_model"]["verdict"],
                "grey_area": d["grey_area"],
            })
        })
        .collect()
}

/// report csv → import (with `extra` options) → org file in `dir`, checked.
fn round_trip(org: &Path, dir: &Path, extra: &[&str]) -> PathBuf {
    let stem = org.file_stem().unwrap().to_str().unwrap();
    let csv = dir.join(format!("{stem}.csv"));
    std::fs::write(&csv, run(&["report", path(org), "--format", "csv"])).unwrap();
    let mut args = vec!["import", path(&csv)];
    args.extend_from_slice(extra);
    let imported = dir.join(format!("{stem}.imported.toml"));
    std::fs::write(&imported, run(&args)).unwrap();
    run(&["check", path(&imported)]);
    imported
}

#[test]
fn every_sample_round_trips_through_csv_with_the_same_departments_and_verdicts() {
    let dir = tempfile::tempdir().unwrap();
    for sample in sample_files() {
        let imported = round_trip(&sample, dir.path(), &["--base", path(&sample)]);
        let (before, after) = (json(&sample), json(&imported));
        assert_eq!(essentials(&before), essentials(&after), "{}", sample.display());
        // With the base file's [company] and [functions], nothing at all changes: the
        // facts keep their sources and the reasons their words.
        assert_eq!(before, after, "{}", sample.display());
    }
}

#[test]
fn the_csv_of_an_imported_file_is_the_csv_it_came_from() {
    let dir = tempfile::tempdir().unwrap();
    for sample in sample_files() {
        let imported = round_trip(&sample, dir.path(), &["--base", path(&sample)]);
        let first = run(&["report", path(&sample), "--format", "csv"]);
        let second = run(&["report", path(&imported), "--format", "csv"]);
        assert_eq!(first, second, "{}", sample.display());
    }
}

#[test]
fn without_a_base_the_departments_names_and_functions_survive() {
    let dir = tempfile::tempdir().unwrap();
    for sample in sample_files() {
        let imported = round_trip(&sample, dir.path(), &[]);
        let strip = |report: &Value| -> Vec<Value> {
            essentials(report).into_iter().map(|d| serde_json::json!([d["path"], d["name"], d["function"]])).collect()
        };
        let after = json(&imported);
        assert_eq!(strip(&json(&sample)), strip(&after), "{}", sample.display());
        assert_eq!(after["company"], json(&sample)["company"], "the preamble names the company");
    }
}

#[test]
fn without_core_business_or_functions_the_verdicts_survive_too() {
    let dir = tempfile::tempdir().unwrap();
    let sample = sample_files().into_iter().find(|s| s.ends_with("manufacturer.toml")).unwrap();
    let imported = round_trip(&sample, dir.path(), &["--company", "Bicicletas Ñandú"]);
    let after = json(&imported);
    assert_eq!(essentials(&json(&sample)), essentials(&after));
    assert_eq!(after["company"]["name"], "Bicicletas Ñandú");
}

#[test]
fn the_header_has_the_columns_of_the_spec_then_notes_and_figures_after_the_preamble() {
    let sample = &sample_files()[0];
    let csv = run(&["report", path(sample), "--format", "csv"]);
    let header = csv.lines().find(|line| !line.starts_with('#'));
    assert_eq!(
        header,
        Some(
            "id,parent_id,name,function,customers,revenue,customer_model,profit_model,grey_area,notes,headcount,budget"
        )
    );
    assert_eq!(HEADER.join(","), header.unwrap());
    assert!(csv.starts_with("#,company.name,"), "{csv}");
}

const AWKWARD: &str = r#"[company]
name = "Awkward & Co"
core_business = "sales"

[org."sales/north"]
name = "Sales, \"North\""
function = "sales"

[org."sales/north"."back\\slash"]
customers = "none"
revenue = "indirect"

[org."sales/north"."back\\slash"."a/b\\/c"]
name = "Deep"

[org."comma, and \"quotes\""]
name = "Ñandú — café"
function = "accounting"

[org."comma, and \"quotes\""."año 2024"]
notes = "no name: the id is the name"

[org."comma, and \"quotes\"".'\']
name = "only a backslash"

[org."dot.ted"."x y"]
revenue = "direct"

[org."línea\nnueva"]
name = "two\nlines"
"#;

#[test]
fn ids_with_slashes_commas_quotes_and_accents_round_trip() {
    let (dir, org) = temp_file("awkward.toml", AWKWARD);
    run(&["check", path(&org)]);
    let csv = run(&["report", path(&org), "--format", "csv"]);
    assert!(csv.contains(r#""comma, and ""quotes""""#), "CSV quoting:\n{csv}");
    assert!(csv.contains(r"sales\/north/back\\slash"), "the parent path escapes / and \\:\n{csv}");

    let imported = round_trip(&org, dir.path(), &["--base", path(&org)]);
    let (before, after) = (json(&org), json(&imported));
    assert_eq!(before, after);
    let paths: Vec<&Value> = after["departments"].as_array().unwrap().iter().map(|d| &d["path"]).collect();
    assert!(paths.contains(&&serde_json::json!(["sales/north", "back\\slash", "a/b\\/c"])), "{paths:?}");
    assert!(paths.contains(&&serde_json::json!(["comma, and \"quotes\"", "\\"])), "{paths:?}");

    // And without the base file, through the library.
    let text = import(csv.as_bytes(), "awkward", &ImportOptions::default()).expect("imports");
    let reloaded = frontback::org::load(&text).expect("the imported file loads");
    let original = frontback::org::load(AWKWARD).unwrap();
    let ids = |org: &frontback::org::Org| -> Vec<Vec<String>> {
        (0..org.len()).map(|d| org.path(d).into_iter().map(String::from).collect()).collect()
    };
    assert_eq!(ids(&original), ids(&reloaded));
    for (a, b) in original.departments.iter().zip(&reloaded.departments) {
        assert_eq!(
            (a.display_name(), &a.function, a.customers, a.revenue),
            (b.display_name(), &b.function, b.customers, b.revenue)
        );
    }
}

#[test]
fn spreadsheet_exports_import_with_columns_in_any_order_and_children_first() {
    let csv = "Notes,Revenue,Parent ID,Extra,ID,Name\n\
               ,direct,shop,whatever,till,Till\n\
               Front room,,,x,shop,The shop\n\
               ,,shop,,back room,Back room\n\
               ,none,shop/back room,,books,Books\n";
    let text = import(csv.as_bytes(), "my-shop", &ImportOptions::default()).expect("imports");
    let org = frontback::org::load(&text).expect("loads");
    assert_eq!(org.company.name, "my-shop");
    let rows: Vec<(String, &str)> = (0..org.len()).map(|d| (org.path_string(d), org.dept(d).display_name())).collect();
    assert_eq!(
        rows,
        [
            ("shop".to_string(), "The shop"),
            ("shop/till".to_string(), "Till"),
            ("shop/back room".to_string(), "Back room"),
            ("shop/back room/books".to_string(), "Books"),
        ]
    );
    assert_eq!(org.dept(0).notes.as_deref(), Some("Front room"));
    assert!(text.contains("[org.shop.\"back room\".books]"), "quoted keys where needed:\n{text}");
}

#[test]
fn org_chart_exports_with_unique_ids_name_parents_by_id() {
    // An org-chart tool gives each row a unique id and names the parent by it.
    let csv = "id,parent_id,name\n42,7,Payroll\n7,1,Finance\n1,,Head office\n9,1,Sales\n";
    let text = import(csv.as_bytes(), "chart", &ImportOptions::default()).expect("imports");
    let org = frontback::org::load(&text).expect("loads");
    let paths: Vec<String> = (0..org.len()).map(|d| org.path_string(d)).collect();
    assert_eq!(paths, ["1", "1/7", "1/7/42", "1/9"]);
}

#[test]
fn a_header_only_csv_is_an_org_without_departments() {
    let text = import(b"id,parent_id\n", "empty", &ImportOptions::default()).expect("imports");
    let org = frontback::org::load(&text).expect("loads");
    assert!(org.is_empty());
    assert_eq!(org.company.name, "empty");
}

#[test]
fn a_byte_order_mark_from_a_spreadsheet_is_ignored() {
    let text = import(b"\xef\xbb\xbfid,parent_id\nx,\n", "bom", &ImportOptions::default()).expect("imports");
    assert!(text.contains("[org.x]"), "{text}");
}

/// Imports `csv` as `bad.csv` and returns stderr, asserting exit 1 and empty stdout.
fn import_fails(csv: &str, lang: &str) -> String {
    let (_dir, file) = temp_file("bad.csv", csv);
    let output = frontback().args(["import", path(&file), "--lang", lang]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "exit 1 for:\n{csv}");
    assert!(output.stdout.is_empty(), "nothing on stdout: {}", String::from_utf8_lossy(&output.stdout));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

fn assert_has(stderr: &str, parts: &[&str]) {
    for part in parts {
        assert!(stderr.contains(part), "`{part}` missing in:\n{stderr}");
    }
}

const HEAD: &str = "id,parent_id,name,function,customers,revenue\n";

#[test]
fn a_parent_that_names_no_row_is_an_error_at_its_line() {
    let stderr = import_fails(&format!("{HEAD}shop,,Shop,,,\ntill,shop,Till,,,\nbooks,shpo/back,Books,,,\n"), "en");
    assert_has(&stderr, &["the parent `shpo/back` names no row", "bad.csv:4, column 2 (parent_id)"]);
    let stderr = import_fails(&format!("{HEAD}shop,,Shop,,,\ntill,shop,Till,,,\nbooks,shop/tlil,Books,,,\n"), "en");
    assert_has(&stderr, &["bad.csv:4, column 2 (parent_id)", "did you mean `shop/till`?"]);
}

#[test]
fn a_duplicate_id_among_siblings_is_an_error_at_its_line() {
    let stderr = import_fails(
        &format!("{HEAD}shop,,Shop,,,\ntill,shop,Till,,,\ntill,shop,Till 2,,,\ntill,,Top till,,,\n"),
        "en",
    );
    assert_has(&stderr, &["the id `till` is already used by a sibling on line 3", "bad.csv:4, column 1 (id)"]);
    assert_eq!(stderr.matches("error:").count(), 1, "the same id under another parent is fine:\n{stderr}");
}

#[test]
fn a_bad_fact_value_is_an_error_that_suggests_the_nearest_word() {
    let stderr = import_fails(&format!("{HEAD}shop,,Shop,,direkt,\ntill,shop,Till,,,indirectly\n"), "en");
    assert_has(
        &stderr,
        &[
            "`customers` cannot be \"direkt\"",
            "bad.csv:2, column 5 (customers)",
            "did you mean `direct`?",
            "`revenue` cannot be \"indirectly\"",
            "bad.csv:3, column 6 (revenue)",
            "did you mean `indirect`?",
        ],
    );
}

#[test]
fn an_unknown_function_is_an_error_that_suggests_the_nearest_key() {
    let stderr = import_fails(&format!("{HEAD}shop,,Shop,acounting,,\n"), "en");
    assert_has(
        &stderr,
        &["unknown function `acounting`", "bad.csv:2, column 4 (function)", "did you mean `accounting`?"],
    );
    // The software company's own functions are unknown without the report's preamble
    // or its file as the base; the help says which flag brings them.
    let sample = sample_files().into_iter().find(|s| s.ends_with("software-company.toml")).unwrap();
    let csv = run(&["report", path(&sample), "--format", "csv"]);
    let table: String = csv.lines().filter(|l| !l.starts_with('#')).map(|l| format!("{l}\n")).collect();
    let stderr = import_fails(&table, "en");
    assert_has(&stderr, &["unknown function `documentation`", "--base ORG_FILE"]);
}

#[test]
fn a_cycle_of_parents_is_an_error_at_its_first_line() {
    let stderr = import_fails(&format!("{HEAD}shop,,Shop,,,\na,b,A,,,\nb,c,B,,,\nc,a,C,,,\nself,self,Self,,,\n"), "en");
    assert_has(
        &stderr,
        &[
            "`a` is its own ancestor: a → b → c → a",
            "bad.csv:3, column 2 (parent_id)",
            "`self` is its own ancestor: self → self",
            "bad.csv:6",
        ],
    );
    assert_eq!(stderr.matches("error:").count(), 2, "{stderr}");
}

#[test]
fn a_missing_required_column_is_an_error_on_the_header_line() {
    let stderr = import_fails("id,parnet,name\nshop,,Shop\n", "en");
    assert_has(&stderr, &["the header has no `parent_id` column", "bad.csv:1", "rename it `parent_id`"]);
    // With a name column, rows can be tied by names: only the parent is missing.
    let stderr = import_fails("name\nShop\n", "en");
    assert_has(&stderr, &["no `parent_id` column"]);
    let stderr = import_fails("title\nShop\n", "en");
    assert_has(&stderr, &["no `id` column", "no `parent_id` column"]);
    let stderr = import_fails("", "en");
    assert_has(&stderr, &["no `id` column", "bad.csv:1"]);
}

#[test]
fn a_row_with_the_wrong_number_of_fields_is_an_error_at_its_line() {
    let stderr = import_fails(&format!("{HEAD}shop,,Shop,,,\ntill,shop,Till\nbooks,shop,Books,,,,extra\n"), "en");
    assert_has(
        &stderr,
        &[
            "this row has 3 fields, but the header has 6",
            "bad.csv:3, column 4 (function)",
            "this row has 7 fields, but the header has 6",
            "bad.csv:4, column 7",
        ],
    );
}

#[test]
fn every_problem_is_reported_in_one_run_in_line_order() {
    let csv = format!(
        "{HEAD}shop,,Shop,salse,,\nshop,,Shop again,,,\norphan,nowhere,O,,,\ntill,shop,Till,,sometimes,\nx,y,X,,,\ny,x,Y,,,\n"
    );
    let stderr = import_fails(&csv, "en");
    let lines: Vec<&str> = stderr.lines().filter(|l| l.contains("--> ")).collect();
    assert_eq!(lines.len(), 5, "{stderr}");
    let numbers: Vec<u32> =
        lines.iter().map(|l| l.split("bad.csv:").nth(1).unwrap().split(',').next().unwrap().parse().unwrap()).collect();
    assert_eq!(numbers, [2, 3, 4, 5, 6]);
}

#[test]
fn a_line_break_inside_a_quoted_cell_does_not_shift_line_numbers() {
    let stderr = import_fails(&format!("{HEAD}shop,,\"Two\nlines\",,,\ntill,shpo,Till,,,\n"), "en");
    assert_has(&stderr, &["bad.csv:4, column 2 (parent_id)"]);
}

#[test]
fn import_errors_speak_spanish_too() {
    let stderr = import_fails(&format!("{HEAD}shop,,Shop,acounting,direkt,\nx,zz,X,,,\n"), "es");
    assert_has(
        &stderr,
        &[
            "función desconocida `acounting`",
            "bad.csv:2, columna 4 (function)",
            "¿quería decir `accounting`?",
            "el padre `zz` no corresponde a ninguna fila",
        ],
    );
}

#[test]
fn a_sub_department_cannot_be_called_like_a_field() {
    let stderr = import_fails(&format!("{HEAD}shop,,Shop,,,\nname,shop,Name,,,\n"), "en");
    assert_has(&stderr, &["`name` cannot be the id of a sub-department", "bad.csv:3, column 1 (id)"]);
    // At the top level it is fine.
    assert!(import(format!("{HEAD}name,,Name,,,\n").as_bytes(), "x", &ImportOptions::default()).is_ok());
}

#[test]
fn a_csv_file_that_cannot_be_read_is_an_error_naming_it() {
    let output = frontback().args(["import", "/nonexistent/org.csv"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("/nonexistent/org.csv"));
}
