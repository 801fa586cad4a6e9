//! Helpers shared by the integration tests: the real binary on the command line
//! ([`cli`]), the real binary in a pseudo-terminal ([`pty`]), and the app drawn on a
//! `TestBackend` ([`tui`]).

pub mod cli;
pub mod pty;
pub mod tui;

use std::path::PathBuf;

use tempfile::TempDir;

/// A new temporary folder holding one file `name` with `contents`: the folder (which
/// removes itself when dropped, so keep it alive) and the file's path.
pub fn temp_file(name: &str, contents: impl AsRef<[u8]>) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join(name);
    std::fs::write(&path, contents).expect("the file is written");
    (dir, path)
}
