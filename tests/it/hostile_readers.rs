//! Hostile files as the readers meet them: values nested deep enough to overflow a
//! recursive parser, and things that are not regular files (a FIFO would hang the app,
//! `/dev/zero` never ends). The real binary must refuse each with exit 1 and a message
//! that names the file — never a stack overflow, a panic, a hang or memory without
//! bound. The deep files are generated here, not committed.

use std::path::Path;

use assert_cmd::assert::Assert;

use crate::support::cli::frontback;
use crate::support::temp_file;

const COMPANY: &str = "[company]\nname = \"Big\"\n";

/// Exit 1, the file named on stderr with each of `says`, nothing about a crash.
fn refused(assert: Assert, file: &str, says: &[&str]) -> String {
    let output = assert.get_output();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let shown: String = stderr.chars().take(2_000).collect();
    assert!(!stderr.contains("overflowed") && !stderr.contains("panicked"), "a crash:\n{shown}");
    assert_eq!(output.status.code(), Some(1), "exit 1:\n{shown}");
    assert!(stderr.contains(file), "names {file}:\n{shown}");
    for say in says {
        assert!(stderr.contains(say), "says {say:?}:\n{shown}");
    }
    stderr
}

fn deep_array(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

fn deep_inline(depth: usize) -> String {
    format!("{}1{}", "{ a = ".repeat(depth), " }".repeat(depth))
}

#[test]
fn a_configuration_nested_ten_thousand_deep_is_refused_with_its_place() {
    for (name, value) in [("arrays", deep_array(10_000)), ("inline", deep_inline(10_000))] {
        let (_dir, config) = temp_file("deep.toml", format!("# {name}\nx = {value}\n"));
        let check = frontback().args(["config", "--check"]).arg(&config).assert();
        let stderr = refused(check, "deep.toml:2:", &["nested more than"]);
        assert!(stderr.lines().count() < 20, "one short diagnostic:\n{stderr}");
    }
}

#[test]
fn an_org_value_nested_a_million_and_a_half_deep_is_refused_with_its_place() {
    let notes = format!("{COMPANY}[org.a]\nnotes = {}\n", deep_array(1_500_000));
    let (_dir, org) = temp_file("deep.toml", notes);
    refused(frontback().arg("check").arg(&org).assert(), "deep.toml:4:", &["nested more than 65 levels"]);
    // Never closed: the same, and no flood of messages.
    let unclosed = format!("{COMPANY}[org.a]\nnotes = {}\n", "[{ a = ".repeat(500_000));
    let (_dir, org) = temp_file("unclosed.toml", unclosed);
    refused(frontback().arg("check").arg(&org).assert(), "unclosed.toml:4:", &["nested more than 65 levels"]);
}

#[test]
fn an_org_value_nested_as_deep_as_the_limit_loads() {
    // 64 levels of inline tables, each a department: a, b, then 62 more.
    let text = format!("{COMPANY}[org]\na = {{ notes = \"x\", b = {} }}\n", deep_inline(62).replacen('1', "{}", 1));
    let (_dir, org) = temp_file("deepest.toml", text);
    let assert = frontback().arg("check").arg(&org).assert();
    let output = assert.get_output();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("64 departments"));
}

#[cfg(unix)]
mod not_regular {
    use super::*;

    fn fifo(dir: &Path) -> std::path::PathBuf {
        let path = dir.join("pipe.toml");
        let status = std::process::Command::new("mkfifo").arg(&path).status().expect("mkfifo runs");
        assert!(status.success());
        path
    }

    #[test]
    fn a_fifo_is_refused_as_an_org_a_configuration_and_a_csv_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let pipe = fifo(dir.path());
        let says = ["pipe.toml", "not a regular file"];
        refused(frontback().arg("check").arg(&pipe).assert(), "pipe.toml", &says);
        refused(frontback().arg("report").arg(&pipe).assert(), "pipe.toml", &says);
        refused(frontback().args(["config", "--check"]).arg(&pipe).assert(), "pipe.toml", &says);
        refused(frontback().arg("import").arg(&pipe).assert(), "pipe.toml", &says);
    }

    #[test]
    fn dev_zero_is_refused_as_an_org_a_configuration_and_a_csv() {
        let says = ["/dev/zero", "not a regular file"];
        refused(frontback().args(["check", "/dev/zero"]).assert(), "/dev/zero", &says);
        refused(frontback().args(["config", "--check", "/dev/zero"]).assert(), "/dev/zero", &says);
        refused(frontback().args(["import", "/dev/zero"]).assert(), "/dev/zero", &says);
    }

    #[test]
    fn a_folder_is_refused_as_an_org_a_configuration_and_a_csv() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("folder.toml");
        std::fs::create_dir(&folder).unwrap();
        let says = ["folder.toml", "not a regular file"];
        refused(frontback().arg("check").arg(&folder).assert(), "folder.toml", &says);
        refused(frontback().args(["config", "--check"]).arg(&folder).assert(), "folder.toml", &says);
        refused(frontback().arg("import").arg(&folder).assert(), "folder.toml", &says);
    }

    #[test]
    fn a_configuration_larger_than_its_cap_is_refused_naming_the_cap() {
        // A sparse file: large on paper, no room on disk.
        let (_dir, config) = temp_file("huge.toml", "");
        std::fs::File::options().write(true).open(&config).unwrap().set_len((1 << 20) + 1).unwrap();
        refused(frontback().args(["config", "--check"]).arg(&config).assert(), "huge.toml", &["1 MiB"]);
        let (_dir, csv) = temp_file("huge.csv", "");
        std::fs::File::options().write(true).open(&csv).unwrap().set_len((256 << 20) + 1).unwrap();
        refused(frontback().arg("import").arg(&csv).assert(), "huge.csv", &["256 MiB"]);
    }
}

/// At the start the app opens with the defaults, the status bar naming the place.
#[cfg(unix)]
#[test]
fn the_app_starts_with_a_configuration_nested_too_deep_and_says_where() {
    use crate::support::pty::{Launch, Session};
    let (_dir, config) = temp_file("deep.toml", format!("x = {}\n", deep_array(10_000)));
    let args = [std::ffi::OsStr::new("--config"), config.as_os_str()];
    let mut session = Session::launch(Launch { args: &args, cols: 120, rows: 40, ..Launch::default() });
    session.wait_for("deep.toml:1:");
    session.keys("q");
    assert!(session.wait_exit().success());
}

/// Reloading in the explorer goes through the same bounded reader: a file replaced by
/// a FIFO behind the app's back is refused with a message, never waited on.
#[cfg(unix)]
#[test]
fn reloading_a_file_replaced_by_a_fifo_is_refused_not_waited_on() {
    use frontback::document::Document;
    use frontback::tui::{App, Options};

    let (_dir, path) = temp_file("shop.toml", "[company]\nname = \"Shop\"\n[org.sales]\nfunction = \"sales\"\n");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut app = App::new(Document::from_text(Some(path.clone()), text.clone()).unwrap(), Options::default());
    std::fs::remove_file(&path).unwrap();
    let status = std::process::Command::new("mkfifo").arg(&path).status().expect("mkfifo runs");
    assert!(status.success());
    app.reload();
    let shown = app.status.clone().expect("a message");
    assert!(shown.is_error && shown.text.contains("not a regular file"), "{shown:?}");
    assert_eq!(app.doc.text, text, "the org on screen stays as it was");
}
