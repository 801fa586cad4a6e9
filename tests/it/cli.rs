//! The real `frontback` binary on every kind of bad input and on the happy paths:
//! exit code 1, the exact `file:line:col`, the offending line with a marker under the
//! offending text, the suggestion, never a panic; `check` reporting every error; deep
//! nesting, CRLF, a BOM and tabs; the reports in both languages; `samples`, `--help`
//! and `--version`.

use std::path::{Path, PathBuf};

use frontback::org::load::MAX_DEPTH;
use predicates::prelude::*;
use unicode_width::UnicodeWidthStr;

use crate::support::cli::{frontback, sample_files};
use crate::support::temp_file;

/// The binary with an English environment, whatever the machine's locale.
const COMPANY: &str = "[company]\nname = \"X\"\n";

/// A file named `bad.toml` in a fresh directory.
fn file_with(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let (dir, path) = temp_file("bad.toml", bytes);
    (dir, path)
}

/// Runs `check` with `args` on a file of these bytes; asserts a clean failure and
/// returns stderr.
fn check_fails_with(bytes: &[u8], args: &[&str]) -> String {
    let (_dir, path) = file_with(bytes);
    let out = frontback().arg("check").args(args).arg(&path).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"), "{stderr}");
    stderr
}

fn check_fails(bytes: &[u8]) -> String {
    check_fails_with(bytes, &[])
}

/// The source line and the marker line of the first diagnostic at `place`
/// (`bad.toml:L:C`): the marker must start under column C.
fn assert_marked(stderr: &str, place: &str, marked: &str) {
    let lines: Vec<&str> = stderr.lines().collect();
    let at = lines.iter().position(|l| l.ends_with(place)).unwrap_or_else(|| panic!("no `{place}` in:\n{stderr}"));
    // `--> file:L:C`, then ` |`, then `L | source`, then `  | ^^^`.
    let source = lines[at + 2];
    let marker = lines[at + 3];
    let gutter = source.find(" | ").expect("a numbered source line") + 3;
    let caret = marker.find('^').expect("a marker line") - gutter;
    let carets = marker.matches('^').count();
    let shown: String = source[gutter..].chars().skip(caret).take(carets).collect();
    assert_eq!(shown, marked, "the marker sits under the offending text:\n{stderr}");
}

// --- Every kind of bad input ------------------------------------------------------

#[test]
fn an_unknown_field_names_its_place_and_suggests_the_field_meant() {
    let err = check_fails(format!("{COMPANY}[org.shop]\nname = \"Shop\"\nrevenu = \"direct\"\n").as_bytes());
    assert!(err.contains("bad.toml:5:1"), "{err}");
    assert!(err.contains("unknown field `revenu` in a department"), "{err}");
    assert!(err.contains("help: did you mean `revenue`?"), "{err}");
    assert!(err.contains("5 | revenu = \"direct\""), "shows the line: {err}");
    assert_marked(&err, "bad.toml:5:1", "revenu");
}

#[test]
fn an_unknown_function_suggests_the_nearest_key() {
    let err = check_fails(format!("{COMPANY}[org.books]\nfunction = \"acounting\"\n").as_bytes());
    assert!(err.contains("unknown function `acounting`") && err.contains("did you mean `accounting`?"), "{err}");
    assert_marked(&err, "bad.toml:4:12", "\"acounting\"");
}

#[test]
fn an_unknown_core_business_suggests_the_nearest_function() {
    let err = check_fails(b"[company]\nname = \"X\"\ncore_business = \"acounting\"\n");
    assert!(err.contains("did you mean `accounting`?"), "{err}");
    assert_marked(&err, "bad.toml:3:17", "\"acounting\"");
}

#[test]
fn a_value_outside_the_allowed_set_lists_the_allowed_values() {
    let err = check_fails(format!("{COMPANY}[org.a]\ncustomers = \"directo\"\n").as_bytes());
    assert!(err.contains("`customers` cannot be \"directo\""), "{err}");
    assert!(err.contains("did you mean `direct`?"), "{err}");
    assert!(err.contains("allowed values: \"direct\", \"indirect\", \"none\""), "{err}");
    assert_marked(&err, "bad.toml:4:13", "\"directo\"");
    // Far from every allowed value: no guess, but the list.
    let err = check_fails(format!("{COMPANY}[functions.x]\nrevenue = \"lots\"\n").as_bytes());
    assert!(err.contains("bad.toml:4:11") && err.contains("allowed values") && !err.contains("did you mean"), "{err}");
}

#[test]
fn a_wrong_type_says_what_was_expected_and_what_was_found() {
    let err = check_fails(format!("{COMPANY}[org.a]\nname = 42\nrevenue = true\nnotes = [\"a\"]\n").as_bytes());
    assert!(err.contains("`name` must be a string, not an integer"), "{err}");
    assert!(err.contains("`revenue` must be a string, not a boolean"), "{err}");
    assert!(err.contains("`notes` must be a string, not a list"), "{err}");
    assert_marked(&err, "bad.toml:4:8", "42");
    assert_marked(&err, "bad.toml:5:11", "true");
}

#[test]
fn a_top_level_table_given_a_plain_value_is_a_wrong_type() {
    let err = check_fails(b"org = 1\n[company]\nname = \"X\"\n");
    assert!(err.contains("`org` must be a table, not an integer"), "{err}");
    assert!(!err.contains("unknown table"), "`org` is not unknown: {err}");
    assert_marked(&err, "bad.toml:1:7", "1");
}

#[test]
fn an_unknown_top_level_table_suggests_the_nearest() {
    let err = check_fails(format!("{COMPANY}[orgs.a]\nname = \"A\"\n").as_bytes());
    assert!(err.contains("unknown table `orgs`") && err.contains("did you mean `org`?"), "{err}");
    assert_marked(&err, "bad.toml:3:2", "orgs");
}

#[test]
fn a_file_without_company_says_how_to_start() {
    let err = check_fails(b"[org.a]\nname = \"A\"\n");
    assert!(err.contains("there is no [company] table") && err.contains("bad.toml:1:1"), "{err}");
    assert!(err.contains("help: start the file with:  [company]  name ="), "{err}");
}

#[test]
fn a_company_without_name_points_at_its_header() {
    let err = check_fails(b"# The shop\n[company]\ndescription = \"d\"\n");
    assert!(err.contains("[company] has no `name`") && err.contains("add a line such as"), "{err}");
    assert_marked(&err, "bad.toml:2:2", "company");
    let err = check_fails(b"[company]\ndescription = \"d\"\n");
    assert!(err.contains("bad.toml:1:2") && err.contains("[company] has no `name`"), "{err}");
}

#[test]
fn syntax_errors_point_at_the_spot_once() {
    let err = check_fails(format!("{COMPANY}[org.a\nname = \"A\"\n").as_bytes());
    assert!(err.contains("not valid TOML") && err.contains("bad.toml:3:7"), "{err}");
    assert_eq!(err.matches("error:").count(), 1, "one mistake, one message: {err}");
    let err = check_fails(format!("{COMPANY}[org.a]\nname = \"x\" \"y\"\n").as_bytes());
    assert!(err.contains("bad.toml:4:12"), "{err}");
    // What the parser expected is shown escaped: a line break would cut the message.
    assert!(err.contains("`\\n`"), "{err}");
    let err = check_fails(b"[company]\nname = \"unterminated\n");
    assert!(err.contains("bad.toml:2:21") && err.contains("not valid TOML"), "{err}");
}

/// What the TOML parser says is told in the reader's language: in Spanish, no word
/// of the parser's English is left, and what it expected is listed in Spanish, a
/// literal kept as it is written. In English, the parser's words are told plainly.
#[test]
fn what_the_parser_says_is_told_in_either_language() {
    let broken: [&[u8]; 8] = [
        b"[company]\nname = \"unterminated\n",
        b"[company]\nname = \"X\"\n[org.a]\nname = \"x\" \"y\"\n",
        b"[company]\nname = \"X\"\n[org.a]\ncustomers = direct\n",
        b"[company]\nname = \"X\"\n[org.a]\nname = \n",
        b"[company]\nname = \"X\"\n[org.a]\nname = 'open\n",
        b"[company]\nname = \"X\"\n[[org.a]\n",
        b"[company]\nname = \"X\"\n[org.a]\nname = \"A\\q\"\n",
        b"[company]\nname = \"X\"\n[org.a]\nname = \"A\" = \"B\"\n",
    ];
    let english = ["expected", "invalid", "missing", "unclosed", "unexpected", "string", "must", "value", "key"];
    for bytes in broken {
        let es = check_fails_with(bytes, &["--lang", "es"]);
        let said = es.lines().find(|l| l.contains("no es TOML válido")).unwrap_or_else(|| panic!("{es}"));
        let words: Vec<&str> = said.split(|c: char| !c.is_alphanumeric()).collect();
        for word in english {
            assert!(!words.contains(&word), "`{word}` left in Spanish: {said}");
        }
        let en = check_fails_with(bytes, &["--lang", "en"]);
        let said_en = en.lines().find(|l| l.contains("not valid TOML")).unwrap_or_else(|| panic!("{en}"));
        assert_ne!(said_en.replace("this is not valid TOML", ""), said.replace("esto no es TOML válido", ""));
    }
    // What was expected: the kinds of thing in Spanish, a literal as it is.
    let es = check_fails_with(broken[1], &["--lang", "es"]);
    assert!(es.contains("se esperaba") && es.contains("`\\n`"), "{es}");
    let es = check_fails_with(broken[0], &["--lang", "es"]);
    assert!(es.contains("texto entre comillas dobles no está cerrado"), "{es}");
    let en = check_fails_with(broken[0], &["--lang", "en"]);
    assert!(en.contains("string in double quotes is not closed"), "{en}");
    // A value of the wrong kind names both kinds in the reader's language too.
    let wrong = b"[company]\nname = \"X\"\n[org.a]\nnotes = [1, 2]\n";
    let es = check_fails_with(wrong, &["--lang", "es"]);
    assert!(es.contains("`notes` debe ser un texto, no una lista"), "{es}");
    let en = check_fails_with(wrong, &["--lang", "en"]);
    assert!(en.contains("`notes` must be a string, not a list"), "{en}");
}

#[test]
fn a_key_defined_twice_is_an_error() {
    let err = check_fails(format!("{COMPANY}[org.a]\nname = \"A\"\nname = \"B\"\n").as_bytes());
    assert!(err.contains("bad.toml:5:1") && err.contains("`name`"), "{err}");
    let err = check_fails(format!("{COMPANY}[org.a]\n[org.a]\n").as_bytes());
    assert!(err.contains("bad.toml:4:6"), "{err}");
}

#[test]
fn non_utf8_bytes_are_placed_at_the_first_bad_byte() {
    let err = check_fails(b"[company]\nname = \"Caf\xe9\"\n");
    assert!(err.contains("the file is not UTF-8 text") && err.contains("bad.toml:2:12"), "{err}");
}

#[test]
fn an_empty_file_says_what_an_org_file_needs() {
    for bytes in [&b""[..], b"\n\n", b"# nothing but a comment\n", b"\xef\xbb\xbf"] {
        let err = check_fails(bytes);
        assert!(err.contains("the file is empty") && err.contains("bad.toml:1:1"), "{bytes:?}: {err}");
        assert!(err.contains("[company]"), "{err}");
    }
}

#[test]
fn a_missing_file_names_the_file_and_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nowhere.toml");
    frontback().arg("check").arg(&path).assert().code(1).stderr(
        predicate::str::contains("nowhere.toml")
            .and(predicate::str::contains("No such file"))
            .and(predicate::str::contains("panicked").not()),
    );
    frontback().args(["report"]).arg(&path).assert().code(1).stderr(predicate::str::contains("nowhere.toml"));
    // The system's reason in the user's language, without the system's error number.
    frontback().args(["check", "--lang", "es"]).arg(&path).assert().code(1).stderr(
        predicate::str::contains("nowhere.toml: No existe ese archivo o carpeta")
            .and(predicate::str::contains("os error").not()),
    );
}

#[test]
fn an_array_of_tables_under_org_is_not_a_department() {
    let err = check_fails(format!("{COMPANY}[[org.a]]\nname = \"A\"\n[[org.a]]\nname = \"B\"\n").as_bytes());
    assert!(err.contains("`a` must be a table, not a list"), "{err}");
    assert_marked(&err, "bad.toml:3:7", "a");
}

#[test]
fn a_department_may_be_called_like_a_field_directly_under_org() {
    // Ids are any TOML key (SPEC §3); [org] has no fields to confuse them with.
    let (_dir, path) = file_with(format!("{COMPANY}[org.notes]\nname = \"Notes\"\n[org.name]\n").as_bytes());
    frontback().arg("check").arg(&path).assert().success().stdout(predicate::str::contains("2 departments"));
}

#[test]
fn spanish_diagnostics_with_lang_es() {
    let err = check_fails_with(format!("{COMPANY}[org.a]\nrevenu = \"direct\"\n").as_bytes(), &["--lang", "es"]);
    assert!(err.contains("campo desconocido `revenu` en un departamento"), "{err}");
    assert!(err.contains("= ayuda: ¿quería decir `revenue`?") && err.contains("bad.toml:4:1"), "{err}");
}

// --- Where the marker goes --------------------------------------------------------

#[test]
fn a_bom_is_not_a_column() {
    let err = check_fails(b"\xef\xbb\xbf[compny]\nname = \"X\"\n");
    assert!(err.contains("did you mean `company`?"), "{err}");
    assert_marked(&err, "bad.toml:1:2", "compny");
}

#[test]
fn crlf_files_are_placed_like_lf_files() {
    let err = check_fails(b"[company]\r\nname = \"X\"\r\n[org.a]\r\nname = \"A\"\r\nrevenu = \"direct\"\r\n");
    assert_marked(&err, "bad.toml:5:1", "revenu");
    assert!(!err.contains('\r'), "no carriage return reaches the terminal: {err:?}");
}

#[test]
fn the_marker_follows_tabs_and_wide_characters() {
    let err = check_fails(format!("{COMPANY}[org.a]\n\tcustomers = 5\n").as_bytes());
    assert_marked(&err, "bad.toml:4:14", "5");
    let err = check_fails(format!("{COMPANY}[org]\n\"日本\" = {{ revenu = \"direct\" }}\n").as_bytes());
    let lines: Vec<&str> = err.lines().collect();
    let at = lines.iter().position(|l| l.ends_with("bad.toml:4:10")).expect(&err);
    // Two wide characters take four columns of the terminal: the marker is two columns
    // further right than the character count says.
    let (source, marker) = (lines[at + 2], lines[at + 3]);
    let before_word = &source[..source.find("revenu").unwrap()];
    assert_eq!(marker[..marker.find('^').unwrap()].width(), before_word.width(), "{err}");
}

#[test]
fn a_long_line_is_shown_as_a_window_around_the_spot() {
    let padding = "x".repeat(400);
    let err = check_fails(format!("{COMPANY}[org.a]\nnotes = \"{padding}\"\nrevenu = 1 # {padding}\n").as_bytes());
    let shown = err.lines().find(|l| l.starts_with("5 | ")).expect(&err);
    assert!(shown.chars().count() < 120 && shown.ends_with('…'), "{shown}");
    assert_marked(&err, "bad.toml:5:1", "revenu");
}

// --- check --------------------------------------------------------------------------

#[test]
fn check_reports_every_error_of_a_file_in_file_order() {
    let err = check_fails(
        b"[company]\nname = \"X\"\ncore_busines = \"it\"\n[functions.x]\nrevenue = \"lots\"\n\
          [org.a]\nrevenu = \"direct\"\n",
    );
    assert_eq!(err.matches("error:").count(), 3, "{err}");
    let places: Vec<usize> =
        ["bad.toml:3:1", "bad.toml:5:11", "bad.toml:7:1"].iter().map(|p| err.find(p).expect(&err)).collect();
    assert!(places.windows(2).all(|w| w[0] < w[1]), "in file order: {err}");
}

#[test]
fn check_goes_on_after_a_bad_file_and_fails_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.toml");
    let bad = dir.path().join("bad.toml");
    std::fs::write(&good, format!("{COMPANY}[org.a]\n")).unwrap();
    std::fs::write(&bad, format!("{COMPANY}[org.a]\nnme = \"A\"\n")).unwrap();
    frontback()
        .arg("check")
        .arg(&bad)
        .arg(&good)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("good.toml: ok (1 department)\n"))
        .stderr(predicate::str::contains("bad.toml:4:1"));
}

#[test]
fn check_accepts_every_sample_org() {
    let samples = sample_files();
    assert_eq!(samples.len(), 5, "{samples:?}");
    let out = frontback().arg("check").args(&samples).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    for sample in &samples {
        assert!(stdout.contains(&format!("{}: ok", sample.display())), "{stdout}");
    }
}

#[test]
fn thousands_of_errors_are_found_and_fifty_printed() {
    // Rendering once looked each line up from the top of the file: 30,000 errors took
    // minutes. All of them are found; the first fifty are printed, then their count.
    let n = 30_000;
    let mut text = String::from(COMPANY);
    for i in 0..n {
        text.push_str(&format!("[org.d{i}]\nrevenu = \"direct\"\n"));
    }
    let (_dir, path) = file_with(text.as_bytes());
    let out = frontback().arg("check").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("did you mean `revenue`?").count(), 50);
    assert!(stderr.contains(&format!("bad.toml:{}:1", 2 * 50 + 2)), "{stderr}");
    assert!(stderr.contains(&format!("… and {} more problems", n - 50)), "{stderr}");
}

// --- Nesting, line endings -----------------------------------------------------------

fn deepest(path: &Path) -> serde_json::Value {
    let out = frontback().args(["report", "--format", "json"]).arg(path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    report["departments"].as_array().unwrap().last().unwrap().clone()
}

#[test]
fn the_deepest_inline_tables_allowed_load() {
    let n = MAX_DEPTH;
    let text =
        format!("{COMPANY}[org]\nd = {}{{ revenue = \"direct\" }}{}\n", "{ d = ".repeat(n - 1), " }".repeat(n - 1));
    let (_dir, path) = file_with(text.as_bytes());
    frontback().arg("check").arg(&path).assert().success().stdout(predicate::str::contains(format!("{n} departments")));
    let last = deepest(&path);
    assert_eq!(last["depth"], n - 1);
    assert_eq!(last["profit_model"]["verdict"], "front");
}

#[test]
fn the_deepest_dotted_keys_allowed_load() {
    let path: Vec<String> = (0..MAX_DEPTH).map(|i| format!("d{i}")).collect();
    let (_dir, file) = file_with(format!("{COMPANY}[org]\n{}.name = \"Deepest\"\n", path.join(".")).as_bytes());
    let count = format!("{MAX_DEPTH} departments");
    frontback().arg("check").arg(&file).assert().success().stdout(predicate::str::contains(count));
    assert_eq!(deepest(&file)["name"], "Deepest");
}

#[test]
fn the_deepest_headers_allowed_load() {
    // The natural form, `[org.d.d.d...]` per level: a file quadratic in the depth.
    let n = MAX_DEPTH;
    let mut text = String::from(COMPANY);
    let mut header = String::from("org");
    for _ in 0..n {
        header.push_str(".d");
        text.push_str(&format!("[{header}]\n"));
    }
    text.push_str("function = \"sales\"\n");
    let (_dir, path) = file_with(text.as_bytes());
    let last = deepest(&path);
    assert_eq!(last["depth"], n - 1);
    assert_eq!(last["customer_model"]["verdict"], "front");
}

#[test]
fn two_hundred_thousand_levels_are_refused_clearly() {
    let n = 200_000;
    let dotted = format!("{COMPANY}[org]\n{}.name = \"Deepest\"\n", vec!["d"; n].join("."));
    let inline = format!("{COMPANY}[org]\nd = {}{{}}{}\n", "{ d = ".repeat(n - 1), " }".repeat(n - 1));
    for text in [dotted, inline] {
        let err = check_fails(text.as_bytes());
        let limit = format!("departments are nested more than {MAX_DEPTH} levels deep");
        assert!(err.contains(&limit), "{}", &err[..err.len().min(500)]);
        assert!(err.contains("bad.toml:4:"), "{}", &err[..err.len().min(500)]);
        assert_eq!(err.matches("error:").count(), 1, "said once");
    }
}

#[test]
fn crlf_line_endings_and_a_bom_load_like_any_file() {
    let (_dir, path) = file_with(
        b"\xef\xbb\xbf# Written on Windows\r\n[company]\r\nname = \"Shop\"\r\n\r\n[org.floor]\r\nname = \"Floor\"\r\n\
          function = \"sales\"\r\n[org.floor.till]\r\nnotes = \"\"\"\r\nTwo\r\nlines\r\n\"\"\"\r\n",
    );
    frontback().arg("check").arg(&path).assert().success().stdout(predicate::str::contains("ok (2 departments)"));
    let out = frontback().args(["report", "--format", "json"]).arg(&path).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["company"]["name"], "Shop", "no BOM or carriage return in values");
    assert_eq!(report["departments"][0]["name"], "Floor");
    assert_eq!(report["departments"][1]["path"], serde_json::json!(["floor", "till"]));
    assert_eq!(report["departments"][1]["customers"]["source"], "inherited");
    frontback()
        .args(["report", "--format", "table"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("front office"));
}

// --- Reports --------------------------------------------------------------------------

fn report(format: &str, lang: Option<&str>) -> String {
    let mut command = frontback();
    command.args(["report", "sample-orgs/software-company.toml", "--format", format]);
    if let Some(lang) = lang {
        command.args(["--lang", lang]);
    }
    let out = command.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("reports are UTF-8")
}

#[test]
fn the_table_report_lists_every_department_with_both_verdicts() {
    let table = report("table", None);
    assert!(table.starts_with("Nubaria Software\n"), "{table}");
    assert!(table.contains("Department") && table.contains("customer model") && table.contains("profit model"));
    assert!(table.contains("≈ grey area"), "{table}");
    let spanish = report("table", Some("es"));
    assert!(spanish.contains("Departamento") && spanish.contains("modelo de cliente"), "{spanish}");
    assert!(spanish.contains("zona gris") && spanish.contains("Zonas grises:"), "{spanish}");
}

#[test]
fn the_json_report_is_json_in_either_language() {
    let en: serde_json::Value = serde_json::from_str(&report("json", None)).unwrap();
    let es: serde_json::Value = serde_json::from_str(&report("json", Some("es"))).unwrap();
    assert_eq!(en["summary"], es["summary"], "the language changes words, not counts");
    let reason_en = en["departments"][0]["customer_model"]["reason"].as_str().unwrap();
    let reason_es = es["departments"][0]["customer_model"]["reason"].as_str().unwrap();
    assert!(reason_en.contains("under the customer model"), "{reason_en}");
    assert!(reason_es.contains("según el modelo de cliente"), "{reason_es}");
}

#[test]
fn the_markdown_handout_has_a_title_both_models_and_the_grey_areas() {
    let md = report("markdown", None);
    assert!(md.starts_with("# Nubaria Software\n"), "{md}");
    assert!(md.contains("## Customer model") && md.contains("## Profit model") && md.contains("## Grey areas"));
    let es = report("markdown", Some("es"));
    assert!(es.contains("## Modelo de cliente") && es.contains("## Zonas grises"), "{es}");
    assert!(es.contains("modelo de cliente"), "{es}");
}

#[test]
fn every_format_is_reported_and_the_environment_sets_the_language() {
    for format in ["table", "json", "markdown", "csv", "dot"] {
        frontback().args(["report", "sample-orgs/corner-shop.toml", "--format", format]).assert().success();
    }
    // Without --lang, the language comes from the environment.
    frontback()
        .args(["report", "sample-orgs/corner-shop.toml"])
        .env("LANG", "es_ES.UTF-8")
        .assert()
        .success()
        .stdout(predicate::str::contains("Departamento"));
}

#[test]
fn a_bad_option_is_refused_without_a_panic() {
    frontback()
        .args(["report", "sample-orgs/corner-shop.toml", "--format", "pdf"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("pdf").and(predicate::str::contains("panicked").not()));
}

// --- samples, --help, --version ------------------------------------------------------

#[test]
fn samples_lists_the_five_bundled_orgs() {
    let out = frontback().arg("samples").output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    // The list, then a blank line and how to open one.
    let names: Vec<&str> =
        stdout.lines().take_while(|l| !l.is_empty()).filter_map(|l| l.split_whitespace().next()).collect();
    assert_eq!(names, ["corner-shop", "accounting-firm", "software-company", "manufacturer", "bank"], "{stdout}");
    assert!(stdout.contains("Nubaria Software"), "each with its company: {stdout}");
}

#[test]
fn help_and_version_exit_zero() {
    for args in [&["--help"][..], &["check", "--help"], &["report", "--help"], &["samples", "--help"]] {
        frontback().args(args).assert().success().stdout(predicate::str::contains("Usage"));
    }
    frontback().arg("--help").assert().success().stdout(predicate::str::contains("check"));
    frontback().args(["report", "--help"]).assert().success().stdout(predicate::str::contains("--format"));
    frontback().arg("--version").assert().success().stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
}

/// TOML's own rules on tables and keys are explained in the user's language too.
#[test]
fn toml_rule_errors_speak_both_languages() {
    let (_dir, file) =
        temp_file("dup.toml", "[company]\nname = \"X\"\n[org.a]\nname = \"a\"\nname = \"b\"\n[org.a]\n[\n");
    let en = frontback().arg("check").arg(&file).output().unwrap();
    let en = String::from_utf8(en.stderr).unwrap();
    assert!(en.contains("duplicate key `name`") && en.contains("the table `a` is defined twice"), "{en}");
    assert!(en.contains("dup.toml:5:1") && en.contains("dup.toml:6:6"), "{en}");
    let es = frontback().args(["check", "--lang", "es"]).arg(&file).output().unwrap();
    let es = String::from_utf8(es.stderr).unwrap();
    assert!(es.contains("la clave `name` está repetida"), "{es}");
    assert!(es.contains("la tabla `a` está definida dos veces"), "{es}");
    assert!(es.contains("una cabecera de tabla necesita un nombre"), "{es}");
    assert!(!es.contains("defined twice") && !es.contains("duplicate key"), "{es}");
}

/// `--lang` before the command works as after it, as with git's options: the same
/// output either way, and the TUI's own options still refused with a command.
#[test]
fn lang_before_the_command_works_as_after_it() {
    let (_dir, path) = temp_file("shop.toml", format!("{COMPANY}[org.a]\nname = \"A\"\n").as_bytes());
    for (before, after) in [
        (vec!["--lang", "es", "check"], vec!["check", "--lang", "es"]),
        (vec!["--lang=en", "report"], vec!["report", "--lang=en"]),
        (vec!["--lang", "es", "report"], vec!["report", "--lang", "es"]),
    ] {
        let first = frontback().args(&before).arg(&path).output().unwrap();
        let second = frontback().args(&after).arg(&path).output().unwrap();
        assert!(first.status.success(), "{before:?}: {}", String::from_utf8_lossy(&first.stderr));
        assert_eq!(first.stdout, second.stdout, "{before:?}");
        assert_eq!(first.stderr, second.stderr, "{before:?}");
    }
    let spanish = frontback().args(["--lang", "es", "check"]).arg(&path).output().unwrap();
    assert!(String::from_utf8_lossy(&spanish.stdout).contains("correcto"));
    frontback().args(["--model", "profit", "check"]).arg(&path).assert().code(2);
}
