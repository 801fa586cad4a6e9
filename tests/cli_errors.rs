//! The real binary on bad input: exit code 1, `file:line:col`, the offending line and
//! a suggestion on stderr, never a panic. And the happy paths of every command.

use predicates::prelude::*;

mod support;
use support::cli::frontback;

/// Runs `check` on a file with these bytes; returns stderr after asserting the
/// failure is clean.
fn check_fails(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, bytes).unwrap();
    let out = frontback().arg("check").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("bad.toml:"), "names the file: {stderr}");
    stderr
}

const COMPANY: &str = "[company]\nname = \"X\"\n";

#[test]
fn an_unknown_field_is_placed_and_the_nearest_word_suggested() {
    let err = check_fails(format!("{COMPANY}[org.shop]\nrevenu = \"direct\"\n").as_bytes());
    assert!(err.contains("bad.toml:4:1"), "{err}");
    assert!(err.contains("unknown field `revenu`") && err.contains("did you mean `revenue`?"), "{err}");
    assert!(err.contains("4 | revenu = \"direct\""), "shows the line: {err}");
}

#[test]
fn an_unknown_function_suggests_the_nearest_key() {
    let err = check_fails(format!("{COMPANY}[org.books]\nfunction = \"acounting\"\n").as_bytes());
    assert!(err.contains("bad.toml:4:12") && err.contains("did you mean `accounting`?"), "{err}");
}

#[test]
fn a_value_outside_the_allowed_set_lists_the_allowed_values() {
    let err = check_fails(format!("{COMPANY}[org.a]\ncustomers = \"directo\"\n").as_bytes());
    assert!(err.contains("bad.toml:4:13") && err.contains("\"direct\", \"indirect\", \"none\""), "{err}");
}

#[test]
fn a_wrong_type_says_what_was_expected() {
    let err = check_fails(format!("{COMPANY}[org.a]\nname = 42\n").as_bytes());
    assert!(err.contains("bad.toml:4:8") && err.contains("`name` must be a string (found: integer)"), "{err}");
}

#[test]
fn an_unknown_top_level_table_suggests_the_nearest() {
    let err = check_fails(format!("{COMPANY}[orgs.a]\nname = \"A\"\n").as_bytes());
    assert!(err.contains("bad.toml:3:2") && err.contains("did you mean `org`?"), "{err}");
}

#[test]
fn missing_company_and_missing_name_are_explained() {
    let err = check_fails(b"[org.a]\nname = \"A\"\n");
    assert!(err.contains("there is no [company] table"), "{err}");
    let err = check_fails(b"[company]\ndescription = \"d\"\n");
    assert!(err.contains("bad.toml:1:2") && err.contains("[company] has no `name`"), "{err}");
}

#[test]
fn syntax_errors_point_at_the_spot() {
    let err = check_fails(format!("{COMPANY}[org.a\nname = \"A\"\n").as_bytes());
    assert!(err.contains("bad.toml:3:") && err.contains("not valid TOML"), "{err}");
}

#[test]
fn non_utf8_and_empty_files_are_refused_clearly() {
    let err = check_fails(b"[company]\nname = \"\xff\xfe\"\n");
    assert!(err.contains("not UTF-8") && err.contains("bad.toml:2:"), "{err}");
    let err = check_fails(b"");
    assert!(err.contains("the file is empty"), "{err}");
    let err = check_fails(b"# only a comment\n\n");
    assert!(err.contains("the file is empty"), "{err}");
}

#[test]
fn a_missing_file_is_an_error_not_a_panic() {
    frontback()
        .args(["check", "/no/such/org.toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("/no/such/org.toml").and(predicate::str::contains("panicked").not()));
}

#[test]
fn an_array_of_tables_is_not_a_department() {
    let err = check_fails(format!("{COMPANY}[[org.a]]\nname = \"A\"\n").as_bytes());
    assert!(err.contains("`a` must be a table (found: array)"), "{err}");
}

#[test]
fn check_reports_every_error_of_a_file() {
    let err = check_fails(
        format!(
            "{COMPANY}[org.a]\nrevenu = \"direct\"\n[org.b]\nfunction = \"acounting\"\n[org.c]\ncustomers = \"maybe\"\n"
        )
        .as_bytes(),
    );
    assert_eq!(err.matches("error:").count(), 3, "{err}");
    assert!(err.contains(":4:1") && err.contains(":6:12") && err.contains(":8:13"), "{err}");
}

#[test]
fn deep_nesting_loads_or_is_refused_without_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    // 3,000 levels, written as dotted keys in one table.
    let path: Vec<String> = (0..3000).map(|i| format!("d{i}")).collect();
    let file = dir.path().join("deep.toml");
    std::fs::write(&file, format!("{COMPANY}[org]\n{}.name = \"Deepest\"\n", path.join("."))).unwrap();
    frontback().arg("check").arg(&file).assert().success().stdout(predicate::str::contains("3000 departments"));
    // 200,000 levels of inline tables: a clear refusal.
    let file = dir.path().join("deeper.toml");
    let n = 200_000;
    std::fs::write(&file, format!("{COMPANY}[org]\na = {}{}\n", "{ b = ".repeat(n), "}".repeat(n) + "}")).unwrap();
    frontback()
        .arg("check")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nested more than").and(predicate::str::contains("panicked").not()));
}

#[test]
fn crlf_line_endings_and_a_bom_load() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("windows.toml");
    std::fs::write(&file, "\u{feff}[company]\r\nname = \"X\"\r\n[org.a]\r\nfunction = \"sales\"\r\n").unwrap();
    frontback().arg("check").arg(&file).assert().success();
    frontback()
        .args(["report", "--format", "table"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("front office"));
}

#[test]
fn every_sample_passes_check() {
    let samples: Vec<_> = std::fs::read_dir("sample-orgs").unwrap().map(|e| e.unwrap().path()).collect();
    assert!(samples.len() >= 5);
    frontback().arg("check").args(&samples).assert().success();
}

#[test]
fn reports_come_in_every_format_and_both_languages() {
    for format in ["table", "json", "markdown", "csv", "dot"] {
        frontback().args(["report", "sample-orgs/corner-shop.toml", "--format", format]).assert().success();
    }
    frontback()
        .args(["report", "sample-orgs/corner-shop.toml", "--format", "markdown", "--lang", "es"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Zonas grises").and(predicate::str::contains("modelo de cliente")));
    // Without --lang, the language comes from the environment.
    frontback()
        .args(["report", "sample-orgs/corner-shop.toml"])
        .env("LANG", "es_ES.UTF-8")
        .assert()
        .success()
        .stdout(predicate::str::contains("Departamento"));
}

#[test]
fn samples_help_and_version() {
    frontback().arg("samples").assert().success().stdout(
        predicate::str::contains("corner-shop")
            .and(predicate::str::contains("accounting-firm"))
            .and(predicate::str::contains("software-company"))
            .and(predicate::str::contains("manufacturer"))
            .and(predicate::str::contains("bank")),
    );
    frontback().arg("--help").assert().success().stdout(predicate::str::contains("check"));
    frontback().args(["report", "--help"]).assert().success().stdout(predicate::str::contains("--format"));
    frontback().arg("--version").assert().success().stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn a_bad_file_never_opens_the_explorer() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, "[company]\nnme = \"X\"\n").unwrap();
    let out = frontback().arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `name`?"));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("\u{1b}[?1049h"), "the alternate screen was not entered");
}
