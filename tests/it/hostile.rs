//! Hostile files (see tests/hostile/README.md): each one goes through the library's
//! loader and through the real binary — `check`, and `report` as a table, Markdown and
//! JSON — and must load, or be refused with a clear message that names the file, line
//! and column (exit 1). Never a panic, never a hang (every run has a deadline), never
//! memory out of proportion to the file, and never a raw control character on a
//! terminal: `table`, `markdown` and every error message show them escaped, while
//! `json` keeps them as data.
//!
//! The small files are committed under tests/hostile/; the large ones are generated
//! here into a temporary folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use frontback::org::load::MAX_DEPTH;
use frontback::org::{FileError, load, load_file};
use frontback::text::Lang;

/// What a hostile file must come to.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// It loads, with this many departments.
    Loads(usize),
    /// It is refused; the first problem is at `at` (`line:column`) and the messages
    /// say each of `says`.
    Refused { at: &'static str, says: &'static [&'static str] },
}

/// How a run of the binary ended.
struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
    /// The highest resident memory seen while it ran, in bytes (Linux only; sampled,
    /// so a lower bound of the true peak).
    peak_memory: Option<u64>,
}

/// Runs the binary with a deadline: a hang is a failure, not a stuck test.
fn run(args: &[&std::ffi::OsStr]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = (dir.path().join("out"), dir.path().join("err"));
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_frontback"))
        .args(args)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    let status_file = PathBuf::from(format!("/proc/{}/status", child.id()));
    let mut peak_memory = None;
    let status = loop {
        if let Some(kb) = high_water_mark(&status_file) {
            peak_memory = peak_memory.max(Some(kb * 1024));
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("frontback {args:?} hung: no exit after 60 s");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let run = Run {
        code: status.code(),
        stdout: std::fs::read(out).unwrap(),
        stderr: String::from_utf8_lossy(&std::fs::read(err).unwrap()).into_owned(),
        peak_memory,
    };
    assert!(!run.stderr.contains("panicked"), "frontback {args:?} panicked: {}", run.stderr);
    assert!(run.code.is_some(), "frontback {args:?} was killed by a signal: {status:?}\n{}", run.stderr);
    run
}

/// `VmHWM` of a running process, in kB.
fn high_water_mark(status_file: &Path) -> Option<u64> {
    let status = std::fs::read_to_string(status_file).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Text that reaches a terminal holds no raw control characters or bidi overrides.
fn assert_terminal_safe(text: &str, what: &str) {
    let bad = text.char_indices().find(|&(_, c)| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}')
    });
    if let Some((at, c)) = bad {
        let near = &text[boundary(text, at.saturating_sub(60))..boundary(text, at + 20)];
        panic!("{what} sends a raw {c:?} to the terminal, near: {near:?}");
    }
}

/// Runs one hostile file through the library and the binary and checks the outcome.
fn check_file(file: &Path, expect: Expect) {
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let size = std::fs::metadata(file).unwrap().len();

    // The library.
    match (load_file(file, Lang::En), expect) {
        (Ok((org, text)), Expect::Loads(count)) => {
            assert_eq!(org.len(), count, "{name}: departments");
            assert_eq!(load(&text).map(|o| o.len()).ok(), Some(count), "{name}: load and load_file agree");
        }
        (Err(FileError::Invalid { rendered, error }), Expect::Refused { says, .. }) => {
            assert!(!error.diagnostics.is_empty(), "{name}: a refusal says why");
            for said in says {
                assert!(rendered.contains(said), "{name}: the library's message lacks {said:?}:\n{rendered}");
            }
            assert_terminal_safe(&rendered, &format!("{name}: the library's message"));
        }
        (Ok(_), Expect::Refused { .. }) => panic!("{name} loads but must be refused"),
        (Err(error), _) => panic!("{name} must load: {error}"),
    }

    // The binary: `check`, then the three reports people and scripts read.
    let path = file.as_os_str();
    let check = run(&["check".as_ref(), path]);
    let reports: Vec<(&str, Run)> = ["table", "markdown", "json"]
        .into_iter()
        .map(|format| (format, run(&["report".as_ref(), path, "--format".as_ref(), format.as_ref()])))
        .collect();
    let limit = 64 * 1024 * 1024 + 100 * size;
    for (what, r) in std::iter::once(("check", &check)).chain(reports.iter().map(|(f, r)| (*f, r))) {
        if let Some(peak) = r.peak_memory {
            assert!(peak < limit, "{name} {what}: {} MB for a file of {} kB", peak >> 20, size >> 10);
        }
        assert_terminal_safe(&r.stderr, &format!("{name} {what}: stderr"));
    }
    match expect {
        Expect::Loads(count) => {
            assert_eq!(check.code, Some(0), "{name}: check fails:\n{}", check.stderr);
            let said = String::from_utf8(check.stdout).unwrap();
            let counted =
                if count == 1 { "ok (1 department)".to_string() } else { format!("ok ({count} departments)") };
            assert!(said.contains(&counted), "{name}: {said}");
            for (format, r) in &reports {
                assert_eq!(r.code, Some(0), "{name}: report {format} fails:\n{}", r.stderr);
            }
            for (format, r) in &reports[..2] {
                let text = std::str::from_utf8(&r.stdout).unwrap();
                assert_terminal_safe(text, &format!("{name}: report {format}"));
            }
            let json: serde_json::Value = serde_json::from_slice(&reports[2].1.stdout).unwrap();
            assert_eq!(json["summary"]["departments"], count, "{name}: the JSON report");
            assert_eq!(json["departments"].as_array().map(Vec::len), Some(count), "{name}: the JSON report");
        }
        Expect::Refused { at, says } => {
            for (what, r) in std::iter::once(("check", &check)).chain(reports.iter().map(|(f, r)| (*f, r))) {
                assert_eq!(r.code, Some(1), "{name} {what}: refused with exit 1");
                for said in says {
                    assert!(r.stderr.contains(said), "{name} {what}: lacks {said:?}:\n{}", clip(&r.stderr));
                }
                let place = format!("{name}:{at}");
                assert!(r.stderr.contains(&place), "{name} {what}: no {place:?} in:\n{}", clip(&r.stderr));
                assert!(names_a_place(&r.stderr, &name), "{name} {what}: no file:line:col in:\n{}", clip(&r.stderr));
                // Each problem is a few lines, however long the offending line is.
                let problems = r.stderr.matches("error:").count();
                assert!(r.stderr.len() <= problems * 1_000, "{name} {what}: {} bytes", r.stderr.len());
            }
            assert!(reports.iter().all(|(_, r)| r.stdout.is_empty()), "{name}: a refused file has no report");
        }
    }
}

fn clip(text: &str) -> &str {
    &text[..boundary(text, 3_000)]
}

/// The nearest character boundary at or before `at`.
fn boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Whether `stderr` names `file` with a line and a column: `file:12:3`.
fn names_a_place(stderr: &str, file: &str) -> bool {
    stderr.match_indices(&format!("{file}:")).any(|(i, m)| {
        let rest = &stderr[i + m.len()..];
        let mut parts = rest.splitn(3, |c: char| !c.is_ascii_digit());
        let (line, column) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        !line.is_empty() && !column.is_empty() && rest[line.len()..].starts_with(':')
    })
}

fn committed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile").join(name)
}

/// Writes a generated case into `dir` and checks it.
fn check_generated(dir: &Path, name: &str, bytes: &[u8], expect: Expect) {
    let file = dir.join(format!("{name}.toml"));
    std::fs::write(&file, bytes).unwrap();
    check_file(&file, expect);
}

const COMPANY: &str = "[company]\nname = \"Big\"\n";

// ---------------------------------------------------------------------------------
// The committed files.

#[test]
fn escape_sequences_load_and_show_escaped_in_text_reports_while_json_keeps_them() {
    let file = committed("escapes.toml");
    check_file(&file, Expect::Loads(2));
    let table = run(&["report".as_ref(), file.as_os_str()]);
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains("Evil \\u{1b}]2;PWNED\\u{7} Corp"), "{table}");
    assert!(table.contains("Reversed \\u{202e}txt.exe"), "{table}");
    let json = run(&["report".as_ref(), file.as_os_str(), "--format".as_ref(), "json".as_ref()]);
    let text = String::from_utf8(json.stdout).unwrap();
    assert!(text.contains(r#""Evil \u001b]2;PWNED\u0007 Corp""#), "JSON escapes control characters itself");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["company"]["name"], "Evil \u{1b}]2;PWNED\u{7} Corp", "JSON keeps them as data");
    assert_eq!(json["departments"][0]["id"], "\u{1b}[31mred");
    assert_eq!(json["departments"][1]["name"], "Reversed \u{202e}txt.exe");
}

#[test]
fn every_kind_of_control_character_loads_and_never_reaches_the_terminal() {
    let file = committed("control-characters.toml");
    check_file(&file, Expect::Loads(3));
    let org = load(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(org.dept(0).id, "\0", "the data keeps the real characters");
    assert_eq!(org.company.core_business.as_deref(), Some("\u{1b}[5mblink"));
    let markdown = run(&["report".as_ref(), file.as_os_str(), "--format".as_ref(), "markdown".as_ref()]);
    let markdown = String::from_utf8(markdown.stdout).unwrap();
    assert!(markdown.contains("\\u{9b}2J"), "a one-character CSI shows escaped:\n{markdown}");
    // Every department stays one row of each Markdown table.
    assert_eq!(markdown.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| Department")).count(), 6);
}

#[test]
fn escape_sequences_in_what_an_error_quotes_are_shown_escaped() {
    let file = committed("escapes-in-errors.toml");
    let says: &[&str] = &[
        "unknown field `\\u{1b}]2;PWNED\\u{7}` in [company]",
        "unknown table `\\u{1b}[2J`",
        "unknown field `\\u{202e}eton` in a function",
        "unknown field `\\u{1b}[31mred` in a department",
        "`customers` cannot be \"\\u{1b}]0;OWNED\\u{7}\"",
        "unknown function `\\u{7}\\u{1b}[?1049h`",
        "did you mean `\\u{1b}]2;x\\u{7}y`?",
    ];
    check_file(&file, Expect::Refused { at: "5:1", says });
}

#[test]
fn every_error_of_a_file_is_reported_with_its_place() {
    let file = committed("every-error.toml");
    let says: &[&str] = &["[company] has no `name`", "did you mean `sales`?", "key with no value"];
    check_file(&file, Expect::Refused { at: "2:2", says });
    let r = run(&["check".as_ref(), file.as_os_str()]);
    let places = [
        "2:2", "3:1", "4:17", "5:15", "7:2", "11:13", "12:1", "15:1", "16:12", "17:13", "18:8", "19:9", "20:1", "21:7",
        "24:8", "27:7", "31:6", "32:6",
    ];
    assert_eq!(r.stderr.matches("error:").count(), places.len(), "{}", r.stderr);
    for place in places {
        assert!(r.stderr.contains(&format!("every-error.toml:{place}\n")), "{place} missing:\n{}", r.stderr);
    }
}

#[test]
fn a_file_of_only_comments_is_refused_clearly() {
    check_file(&committed("comments-only.toml"), Expect::Refused { at: "1:1", says: &["the file is empty"] });
}

#[test]
fn a_header_a_multi_line_string_leaves_open_to_the_end_is_refused_where_it_opens() {
    check_file(
        &committed("regressions/header-open-at-the-end.toml"),
        Expect::Refused { at: "5:1", says: &["a table header needs a name"] },
    );
}

/// Inputs the fuzzers found (tests/hostile/regressions/): each is refused, or loads
/// exactly when toml_edit can parse it for editing.
#[test]
fn fuzzer_findings_stay_fixed() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(committed("regressions"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let Ok(text) = std::str::from_utf8(&bytes) else { continue };
        let loaded = load(text);
        let toml_edit_parses = text.parse::<toml_edit::DocumentMut>().is_ok();
        assert!(loaded.is_err() || toml_edit_parses, "{} loads but cannot be edited", path.display());
        let r = run(&["check".as_ref(), path.as_os_str()]);
        assert_eq!(r.code, Some(if loaded.is_ok() { 0 } else { 1 }), "{}", path.display());
        assert_terminal_safe(&r.stderr, &path.display().to_string());
    }
}

// ---------------------------------------------------------------------------------
// Generated files: the odd, the large and the deep.

#[test]
fn odd_encodings_and_layouts_load_or_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let body = format!("{COMPANY}[org.a]\nname = \"A\"\n[org.a.b]\nname = \"B\"\n");
    check_generated(dir.path(), "crlf", body.replace('\n', "\r\n").as_bytes(), Expect::Loads(2));
    check_generated(dir.path(), "bom", format!("\u{feff}{body}").as_bytes(), Expect::Loads(2));
    // A typo in a CRLF file with a BOM: the place is counted without the BOM, and the
    // line is shown without its carriage return.
    let typo = format!("\u{feff}{COMPANY}[org.a]\nnme = \"A\"\n").replace('\n', "\r\n");
    check_generated(dir.path(), "bom-crlf-typo", typo.as_bytes(), Expect::Refused { at: "4:1", says: &["`nme`"] });
    check_generated(dir.path(), "empty", b"", Expect::Refused { at: "1:1", says: &["the file is empty"] });
    check_generated(dir.path(), "nul-bytes", b"\0\0\0", Expect::Refused { at: "1:1", says: &["not valid TOML"] });
    let mut not_utf8 = format!("{COMPANY}[org.a]\nname = \"").into_bytes();
    not_utf8.extend_from_slice(b"\xff\xfe\"\n");
    check_generated(dir.path(), "not-utf8", &not_utf8, Expect::Refused { at: "4:9", says: &["not UTF-8"] });
    // Raw control bytes are not valid TOML; the line that shows them shows them escaped.
    let raw = format!("{COMPANY}[org.a]\nname = \"\u{1b}]2;PWNED\u{7}\u{1b}[2J\"\n");
    check_generated(dir.path(), "raw-escape-bytes", raw.as_bytes(), Expect::Refused { at: "4:", says: &["\\u{1b}"] });
    // An unterminated multi-line string at the top of a million lines.
    let unterminated = format!("{COMPANY}[org.a]\nnotes = \"\"\"{}", "x\n".repeat(1_000_000));
    check_generated(dir.path(), "unterminated", unterminated.as_bytes(), Expect::Refused { at: "", says: &[] });
}

#[test]
fn a_ten_megabyte_note_and_a_hundred_thousand_character_name_and_id_load() {
    let dir = tempfile::tempdir().unwrap();
    let note = format!("{COMPANY}[org.a]\nnotes = \"{}\"\n", "x".repeat(10 << 20));
    check_generated(dir.path(), "big-note", note.as_bytes(), Expect::Loads(1));
    let name = format!("{COMPANY}[org.a]\nname = \"{}\\u001b[2J\"\n", "n".repeat(100_000));
    check_generated(dir.path(), "long-name", name.as_bytes(), Expect::Loads(1));
    let table = run(&["report".as_ref(), dir.path().join("long-name.toml").as_os_str()]);
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains(&format!("{}\\u{{1b}}[2J", "n".repeat(100_000))), "the table shows the name whole");
    let id = format!("{COMPANY}[org.\"{}\"]\nfunction = \"sales\"\n", "i".repeat(100_000));
    check_generated(dir.path(), "long-id", id.as_bytes(), Expect::Loads(1));
}

#[test]
fn a_hundred_thousand_siblings_load() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(COMPANY);
    for i in 0..100_000 {
        text.push_str(&format!("[org.d{i}]\nfunction = \"sales\"\n"));
    }
    check_generated(dir.path(), "siblings", text.as_bytes(), Expect::Loads(100_000));
}

#[test]
fn two_hundred_thousand_levels_of_nesting_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let too_deep = Expect::Refused { at: "3:134", says: &["nested more than 64 levels"] };
    let header = format!("{COMPANY}[org.{}]\nname = \"deep\"\n", vec!["a"; 200_000].join("."));
    check_generated(dir.path(), "deep-header", header.as_bytes(), too_deep);
    let inline = format!("{COMPANY}[org]\na = {}{}\n", "{ b = ".repeat(200_000), "}".repeat(200_001));
    let too_deep = Expect::Refused { at: "4:385", says: &["nested more than 64 levels"] };
    check_generated(dir.path(), "deep-inline", inline.as_bytes(), too_deep);
    let dotted = format!("{COMPANY}[org]\n{}.name = \"x\"\n", vec!["a"; 200_000].join("."));
    let too_deep = Expect::Refused { at: "4:129", says: &["nested more than 64 levels"] };
    check_generated(dir.path(), "deep-dotted", dotted.as_bytes(), too_deep);
    let arrays = format!("{COMPANY}[org.a]\nnotes = {}{}\n", "[".repeat(200_000), "]".repeat(200_000));
    let not_a_string = Expect::Refused { at: "4:9", says: &["`notes` must be a string, not a list"] };
    check_generated(dir.path(), "deep-arrays", arrays.as_bytes(), not_a_string);
}

/// The deepest org accepted: its reports grow with the square of the depth (every
/// department lists its path), which the depth limit keeps small.
#[test]
fn the_deepest_org_accepted_has_reports_of_a_sensible_size() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(MAX_DEPTH, 64, "the places below are for 64 levels");
    let deepest = format!("{COMPANY}[org]\n{}.name = \"x\"\n", vec!["a"; MAX_DEPTH].join("."));
    check_generated(dir.path(), "deepest", deepest.as_bytes(), Expect::Loads(MAX_DEPTH));
    let one_more = format!("{COMPANY}[org]\n{}.name = \"x\"\n", vec!["a"; MAX_DEPTH + 1].join("."));
    let too_deep = Expect::Refused { at: "4:129", says: &["nested more than 64 levels"] };
    check_generated(dir.path(), "one-too-deep", one_more.as_bytes(), too_deep);
    for format in ["table", "markdown", "json"] {
        let r = run(&[
            "report".as_ref(),
            dir.path().join("deepest.toml").as_os_str(),
            "--format".as_ref(),
            format.as_ref(),
        ]);
        assert!(r.stdout.len() < 128 << 20, "{format}: {} MB from a small file", r.stdout.len() >> 20);
    }
}

/// Many problems cost each a few lines and a bounded amount of work: on one huge
/// line, against a huge catalogue, between two huge keys; the first fifty are shown,
/// then how many more there are.
#[test]
fn many_errors_are_each_reported_in_bounded_time_and_space() {
    let dir = tempfile::tempdir().unwrap();
    let fields: Vec<String> = (0..10_000).map(|i| format!("x{i} = 1")).collect();
    let one_line = format!("{COMPANY}[org]\na = {{ {} }}\n", fields.join(", "));
    let unknown =
        Expect::Refused { at: "4:7", says: &["unknown field `x49` in a department", "… and 9950 more problems"] };
    check_generated(dir.path(), "one-line-errors", one_line.as_bytes(), unknown);

    let twice = format!("{COMPANY}{}", "[org.a]\n".repeat(10_000));
    check_generated(dir.path(), "defined-twice", twice.as_bytes(), Expect::Refused { at: "4:6", says: &["twice"] });

    let mut catalogue = String::from(COMPANY);
    for i in 0..10_000 {
        catalogue.push_str(&format!("[functions.f{i:06}]\nname = \"F\"\n"));
    }
    for i in 0..10_000 {
        catalogue.push_str(&format!("[org.d{i}]\nfunction = \"g{i:06}\"\n"));
    }
    let unknown =
        Expect::Refused { at: "20004:12", says: &["unknown function `g000049`", "… and 9950 more problems"] };
    check_generated(dir.path(), "unknown-functions", catalogue.as_bytes(), unknown);

    let long_keys = format!(
        "{COMPANY}[functions.\"{}\"]\nname = \"F\"\n[org.a]\nfunction = \"{}\"\n",
        "a".repeat(100_000),
        "b".repeat(100_000)
    );
    let unknown = Expect::Refused { at: "6:12", says: &["unknown function `bbbb"] };
    check_generated(dir.path(), "long-function-keys", long_keys.as_bytes(), unknown);
}
