//! The real binary on the command line, in a known environment.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;

/// `frontback` in English, with no configuration or colour setting from the
/// environment the tests run in, and a deadline so that a hang fails instead of
/// stalling the suite.
pub fn frontback() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_frontback"));
    command
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("FRONTBACK_CONFIG")
        .env_remove("NO_COLOR")
        .timeout(Duration::from_secs(120));
    command
}

/// The bundled sample orgs, in name order.
pub fn sample_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-orgs"))
        .expect("sample-orgs exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "the samples are there: {files:?}");
    files
}
