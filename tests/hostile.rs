//! Hostile files (see tests/hostile/README.md): each loads or is refused with a clear
//! message, through the library and through the real binary, with no panic, no hang
//! and no raw control character reaching the terminal.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use frontback::org::load;

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs the binary with a deadline: a hang is a failure, not a stuck test.
fn run(args: &[&std::ffi::OsStr]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = (dir.path().join("out"), dir.path().join("err"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_frontback"))
        .args(args)
        .env("LANG", "C")
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("frontback {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let run = Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&std::fs::read(out).unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&std::fs::read(err).unwrap()).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "{args:?} panicked: {}", run.stderr);
    run
}

fn corpus(name: &str) -> PathBuf {
    Path::new("tests/hostile").join(name)
}

fn no_raw_controls(text: &str, what: &str) {
    for bad in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(!text.contains(bad), "{what} contains a raw {bad:?}");
    }
}

#[test]
fn escape_sequences_are_shown_escaped_in_text_reports_and_kept_in_json() {
    let file = corpus("escapes.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let org = load(&text).unwrap();
    assert!(org.company.name.contains('\u{1b}'), "the data keeps the real characters");
    for format in ["table", "markdown", "dot"] {
        let r = run(&["report".as_ref(), file.as_os_str(), "--format".as_ref(), format.as_ref()]);
        assert_eq!(r.code, Some(0));
        no_raw_controls(&r.stdout, format);
        assert!(r.stdout.contains("\\u{1b}"), "{format} shows the escape: {}", r.stdout);
    }
    let r = run(&["report".as_ref(), file.as_os_str(), "--format".as_ref(), "json".as_ref()]);
    // JSON escapes control characters itself; other characters stay as data.
    assert!(!r.stdout.contains('\u{1b}') && !r.stdout.contains('\u{7}'));
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["company"]["name"], "Evil \u{1b}]2;PWNED\u{7} Corp", "JSON keeps them as data");
}

#[test]
fn every_error_of_a_hostile_file_is_reported() {
    let file = corpus("every-error.toml");
    let r = run(&["check".as_ref(), file.as_os_str()]);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.matches("error:").count() >= 8, "{}", r.stderr);
    for line in [":3:1", ":5:2", ":9:1", ":10:12", ":11:13", ":12:8", ":13:9", ":15:"] {
        assert!(r.stderr.contains(line), "{line} missing:\n{}", r.stderr);
    }
}

#[test]
fn a_file_of_only_comments_is_refused_clearly() {
    let file = corpus("comments-only.toml");
    let r = run(&["check".as_ref(), file.as_os_str()]);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("the file is empty"), "{}", r.stderr);
}

/// Generated cases: (name, bytes, loads?, what stderr must say when refused).
fn generated() -> Vec<(&'static str, Vec<u8>, bool, &'static str)> {
    let company = "[company]\nname = \"Big\"\n";
    let mut siblings = String::from(company);
    for i in 0..100_000 {
        siblings.push_str(&format!("[org.d{i}]\nfunction = \"sales\"\n"));
    }
    let deep_header = format!("{company}[org.{}]\nname = \"deep\"\n", vec!["a"; 200_000].join("."));
    let deep_inline = format!("{company}[org]\na = {}{}\n", "{ b = ".repeat(200_000), "}".repeat(200_001));
    vec![
        ("crlf", format!("{company}[org.a]\nname = \"A\"\n").replace('\n', "\r\n").into_bytes(), true, ""),
        ("bom", format!("\u{feff}{company}[org.a]\nname = \"A\"\n").into_bytes(), true, ""),
        ("big-note", format!("{company}[org.a]\nnotes = \"{}\"\n", "x".repeat(10 << 20)).into_bytes(), true, ""),
        ("long-name", format!("{company}[org.a]\nname = \"{}\"\n", "n".repeat(100_000)).into_bytes(), true, ""),
        ("siblings", siblings.into_bytes(), true, ""),
        ("deep-header", deep_header.into_bytes(), false, "nested more than 10000 levels"),
        ("deep-inline", deep_inline.into_bytes(), false, "nested more than 10000 levels"),
        (
            "not-utf8",
            format!("{company}[org.a]\nname = \"\u{0}\"\n")
                .replace('\u{0}', "\u{1}")
                .into_bytes()
                .into_iter()
                .map(|b| if b == 1 { 0xff } else { b })
                .collect(),
            false,
            "not UTF-8",
        ),
    ]
}

#[test]
fn large_and_odd_files_load_or_are_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes, loads, message) in generated() {
        let file = dir.path().join(format!("{name}.toml"));
        std::fs::write(&file, &bytes).unwrap();
        if let Ok(text) = std::str::from_utf8(&bytes) {
            assert_eq!(load(text).is_ok(), loads, "{name} through the library");
        }
        let r = run(&["check".as_ref(), file.as_os_str()]);
        if loads {
            assert_eq!(r.code, Some(0), "{name}: {}", r.stderr);
        } else {
            assert_eq!(r.code, Some(1), "{name}");
            assert!(r.stderr.contains(message), "{name}: {}", r.stderr);
            assert!(r.stderr.contains(&format!("{name}.toml:")), "{name} names the file: {}", r.stderr);
            // A refusal quotes at most a window of a huge line, not all of it.
            assert!(r.stderr.len() < 4_000, "{name}: {} bytes of message", r.stderr.len());
        }
    }
}

#[test]
fn a_hundred_thousand_character_name_is_reported_whole_and_safely() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long.toml");
    std::fs::write(&file, format!("[company]\nname = \"L\"\n[org.a]\nname = \"{}\\u001b\"\n", "n".repeat(100_000)))
        .unwrap();
    let r = run(&["report".as_ref(), file.as_os_str()]);
    assert_eq!(r.code, Some(0));
    assert!(r.stdout.contains(&"n".repeat(100_000)));
    no_raw_controls(&r.stdout, "table");
}

/// Inputs the fuzzers found; each must be refused or loaded exactly as toml_edit
/// would parse it.
#[test]
fn fuzzer_findings_stay_fixed() {
    for entry in std::fs::read_dir("tests/hostile/regressions").unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let Ok(text) = std::str::from_utf8(&bytes) else { continue };
        let loads = load(text).is_ok();
        let toml_edit_parses = text.parse::<toml_edit::DocumentMut>().is_ok();
        assert!(!loads || toml_edit_parses, "{} loads but cannot be edited", path.display());
        let r = run(&["check".as_ref(), path.as_os_str()]);
        assert_eq!(r.code, Some(if loads { 0 } else { 1 }), "{}", path.display());
    }
}
