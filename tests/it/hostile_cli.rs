//! The command line against a hostile environment: standard output that is full
//! (`/dev/full`) or a pipe whose reader has gone (`| head`), and file names that carry
//! terminal escape sequences.
//!
//! A full disk is one line on standard error naming what failed, exit 1; a closed pipe
//! ends the command quietly, killed by SIGPIPE as `cat` or `grep` are (a shell reports
//! 141). Never a panic, never a backtrace. A file name is shown escaped in every
//! message that names it.

#![cfg(unix)]

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

use crate::support::pty::Session;
use crate::support::temp_file;

/// A file name that sets the terminal's title and rings its bell when printed raw.
const HOSTILE_NAME: &str = "x\u{1b}]0;TITLE\u{7}.toml";

const SHOP: &str = "[company]\nname = \"Pipe Shop\"\n\n[org.sales]\nname = \"Sales\"\nfunction = \"sales\"\n\n[org.books]\nname = \"Books\"\nfunction = \"accounting\"\n";

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-orgs").join(name)
}

/// The binary in a known environment, with standard output `stdout`.
fn frontback(args: &[OsString], home: &Path, stdout: Stdio) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_frontback"));
    command
        .args(args)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("FRONTBACK_CONFIG")
        .env_remove("RUST_BACKTRACE")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped());
    command
}

/// Runs to the end; the exit status and standard error.
fn finish(mut command: Command) -> (ExitStatus, String) {
    let output = command.output().expect("the binary runs");
    (output.status, String::from_utf8_lossy(&output.stderr).into_owned())
}

/// Every command that writes to standard output, with its arguments; a big org and a
/// CSV of it are written into `dir` for the commands that read files.
fn every_writer(dir: &Path) -> Vec<Vec<OsString>> {
    let org = dir.join("big.toml");
    let mut text = String::from("[company]\nname = \"Big\"\n");
    for i in 0..3000 {
        text.push_str(&format!("\n[org.d{i}]\nname = \"Department {i}\"\nfunction = \"sales\"\n"));
    }
    std::fs::write(&org, text).unwrap();
    let csv = dir.join("big.csv");
    let made = Command::new(env!("CARGO_BIN_EXE_frontback"))
        .args(["report".as_ref(), org.as_os_str(), "--format".as_ref(), "csv".as_ref()])
        .output()
        .unwrap();
    assert!(made.status.success());
    std::fs::write(&csv, made.stdout).unwrap();
    let config = dir.join("config.toml");
    std::fs::write(&config, "").unwrap();

    let os = |args: &[&std::ffi::OsStr]| args.iter().map(|a| a.to_os_string()).collect::<Vec<_>>();
    let mut commands = vec![os(&["check".as_ref(), org.as_os_str(), sample("bank.toml").as_os_str()])];
    for format in ["table", "json", "markdown", "csv", "dot"] {
        commands.push(os(&["report".as_ref(), org.as_os_str(), "--format".as_ref(), format.as_ref()]));
    }
    commands.extend([
        os(&["import".as_ref(), csv.as_os_str()]),
        os(&["samples".as_ref()]),
        os(&["config".as_ref(), "--default".as_ref()]),
        os(&["config".as_ref(), "--path".as_ref()]),
        os(&["config".as_ref(), "--check".as_ref(), config.as_os_str()]),
        os(&["completions".as_ref(), "bash".as_ref()]),
        os(&["completions".as_ref(), "zsh".as_ref()]),
        os(&["man".as_ref()]),
        os(&["man".as_ref(), "report".as_ref()]),
        os(&["--help".as_ref()]),
    ]);
    commands
}

fn shown(args: &[OsString]) -> String {
    args.iter().map(|a| a.to_string_lossy()).collect::<Vec<_>>().join(" ")
}

fn assert_no_panic(stderr: &str, what: &str) {
    for said in ["panicked", "RUST_BACKTRACE", "stack backtrace"] {
        assert!(!stderr.contains(said), "{what}: {said:?} on stderr:\n{stderr}");
    }
}

#[test]
fn a_full_disk_is_one_line_naming_standard_output_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    for args in every_writer(dir.path()) {
        let what = shown(&args);
        let full = std::fs::File::options().write(true).open("/dev/full").expect("/dev/full");
        let (status, stderr) = finish(frontback(&args, dir.path(), full.into()));
        assert_no_panic(&stderr, &what);
        assert_eq!(status.code(), Some(1), "{what}: {status:?}\n{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{what}: one line:\n{stderr}");
        assert!(stderr.contains("standard output"), "{what}: names what failed:\n{stderr}");
        assert!(stderr.contains("No space left on device"), "{what}: says why:\n{stderr}");
    }
}

/// Killed by SIGPIPE, as a shell's `$?` of 141 says, with nothing on stderr.
fn assert_ended_by_sigpipe(status: ExitStatus, stderr: &str, what: &str) {
    assert_no_panic(stderr, what);
    assert_eq!(status.signal(), Some(libc::SIGPIPE), "{what}: {status:?}\n{stderr}");
    assert_eq!(stderr, "", "{what}: quietly");
}

#[test]
fn a_pipe_closed_before_the_first_write_ends_every_command_quietly_by_sigpipe() {
    let dir = tempfile::tempdir().unwrap();
    for args in every_writer(dir.path()) {
        let what = shown(&args);
        let (reader, writer) = std::io::pipe().unwrap();
        // `| head -0`: the reader is gone before anything is written.
        drop(reader);
        let (status, stderr) = finish(frontback(&args, dir.path(), writer.into()));
        assert_ended_by_sigpipe(status, &stderr, &what);
    }
}

#[test]
fn a_reader_that_stops_after_one_line_ends_big_outputs_quietly_by_sigpipe() {
    let dir = tempfile::tempdir().unwrap();
    let writers = every_writer(dir.path());
    // The outputs far bigger than a pipe's buffer: the big org's reports and its import.
    for args in writers.iter().filter(|a| a[0] == "report" || a[0] == "import") {
        let what = shown(args);
        let mut child = frontback(args, dir.path(), Stdio::piped()).spawn().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        // `| head -1`.
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        assert!(!line.is_empty(), "{what}: the first line arrives");
        drop(stdout);
        let mut stderr = String::new();
        child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        let status = child.wait().unwrap();
        assert_ended_by_sigpipe(status, &stderr, &what);
    }
}

/// No raw ESC or BEL (or any other control character but the line break).
fn assert_escaped(text: &str, what: &str) {
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{what}: a raw control character:\n{text:?}");
}

#[test]
fn a_file_name_with_escape_sequences_is_shown_escaped_by_check_report_and_config() {
    let (dir, file) = temp_file(HOSTILE_NAME, SHOP);
    let missing = dir.path().join(format!("missing-{HOSTILE_NAME}"));
    let folder = dir.path().join(format!("folder-{HOSTILE_NAME}"));
    std::fs::create_dir(&folder).unwrap();
    let config = dir.path().join(format!("config-{HOSTILE_NAME}"));
    std::fs::write(&config, "").unwrap();
    let bad_config = dir.path().join(format!("bad-{HOSTILE_NAME}"));
    std::fs::write(&bad_config, "[theme]\nnope = 1\n").unwrap();

    let os = |args: &[&std::ffi::OsStr]| args.iter().map(|a| a.to_os_string()).collect::<Vec<OsString>>();
    let runs = [
        // The "ok" line.
        (os(&["check".as_ref(), file.as_os_str()]), true),
        // I/O errors: a missing file, a folder.
        (os(&["check".as_ref(), missing.as_os_str()]), false),
        (os(&["check".as_ref(), folder.as_os_str()]), false),
        (os(&["report".as_ref(), missing.as_os_str()]), false),
        (os(&["report".as_ref(), folder.as_os_str()]), false),
        (os(&["import".as_ref(), missing.as_os_str()]), false),
        // Opening in the explorer: refused before the terminal is touched.
        (os(&[missing.as_os_str()]), false),
        (os(&[folder.as_os_str()]), false),
        // The configuration: valid, missing, invalid.
        (os(&["config".as_ref(), "--check".as_ref(), config.as_os_str()]), true),
        (os(&["config".as_ref(), "--check".as_ref(), missing.as_os_str()]), false),
        (os(&["config".as_ref(), "--check".as_ref(), bad_config.as_os_str()]), false),
    ];
    for (args, succeeds) in runs {
        let what = shown(&args).escape_debug().to_string();
        let output = frontback(&args, dir.path(), Stdio::piped()).output().unwrap();
        let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        assert_eq!(output.status.success(), succeeds, "{what}: {:?}\n{stdout}{stderr}", output.status);
        assert_no_panic(&stderr, &what);
        assert_escaped(&stdout, &format!("{what}: stdout"));
        assert_escaped(&stderr, &format!("{what}: stderr"));
        let said = format!("{stdout}{stderr}");
        assert!(said.contains("x\\u{1b}]0;TITLE\\u{7}.toml"), "{what}: the name shows escaped:\n{said}");
    }
}

#[test]
fn sigterm_names_the_recovery_file_escaped_and_leaves_the_title_alone() {
    let (dir, file) = temp_file(HOSTILE_NAME, SHOP);
    let home = dir.path().to_str().unwrap();
    let mut session = Session::start_with(&[file.as_os_str()], &[("HOME", home), ("XDG_CONFIG_HOME", home)]);
    session.wait_for("[F] Sales");
    // Rename Sales: an unsaved edit.
    session.keys("r");
    session.wait_for("Name:");
    session.keys("\u{15}Counter\r");
    session.wait_for("[+]");
    let pid = session.child.process_id().expect("a process id") as i32;
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    assert!(!session.wait_exit().success());
    session.wait_for("unsaved edits written to");
    let found = frontback::tui::recovery::find(Some(&file), None);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(std::fs::read_to_string(&found[0]).unwrap().contains("Counter"));
    let transcript = session.transcript();
    let name = found[0].file_name().unwrap().to_str().unwrap();
    assert!(
        transcript.contains(&name.replace('\u{1b}', "\\u{1b}").replace('\u{7}', "\\u{7}")),
        "escaped:\n{transcript:?}"
    );
    assert!(!transcript.contains("\u{1b}]0;TITLE"), "the title sequence reached the terminal");
    let requests = session.requests();
    assert!(requests.titles.iter().all(|t| !t.contains("TITLE")), "the title changed: {:?}", requests.titles);
    assert_eq!(requests.bells, 0, "the bell rang");
}

#[test]
fn the_manual_pages_of_commands_that_print_document_141_and_the_full_disk() {
    for page in ["check", "report", "import", "samples", "config", "completions", "man"] {
        let output = Command::new(env!("CARGO_BIN_EXE_frontback")).args(["man", page]).output().unwrap();
        assert!(output.status.success(), "{page}");
        let roff = String::from_utf8(output.stdout).unwrap();
        let exit = roff.split(".SH \"EXIT STATUS\"\n").nth(1).unwrap().split("\n.SH ").next().unwrap();
        assert!(exit.contains("\\fB141\\fR") && exit.contains("SIGPIPE"), "{page}:\n{exit}");
        assert!(exit.contains("full disk"), "{page}:\n{exit}");
    }
}

/// A file name that is not UTF-8 (any byte string is a Unix file name) is an
/// argument like another: no panic, the file named, its bytes shown escaped.
#[test]
fn a_file_name_that_is_not_utf8_is_named_not_a_panic() {
    use std::os::unix::ffi::OsStringExt;
    let home = tempfile::tempdir().unwrap();
    let name = OsString::from_vec(b"/nowhere/org-\xff.toml".to_vec());
    for args in
        [vec![OsString::from("check"), name.clone()], vec![OsString::from("--lang"), "es".into(), "check".into(), name]]
    {
        let out = frontback(&args, home.path(), Stdio::piped()).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("/nowhere/org-") && !stderr.contains("panicked"), "{stderr}");
    }
}
