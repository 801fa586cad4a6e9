//! The README stays true: its layout of the code lists every file under `src/`, and
//! nothing that is not there.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, relative to the crate's root.
fn sources(root: &Path, dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.insert(path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
        }
    }
}

/// The files the README's layout block names: each indented line is a folder (ending
/// in `/`, with a description after it) or a list of files of the folder above.
fn listed(readme: &str) -> BTreeSet<String> {
    let section = readme.split("## Layout of the code").nth(1).expect("a layout section");
    let block = section.split("```").nth(1).expect("a code block in the layout section");
    let mut folders: Vec<(usize, String)> = Vec::new();
    let mut files = BTreeSet::new();
    for line in block.lines().filter(|l| !l.trim().is_empty()) {
        let indent = line.len() - line.trim_start().len();
        folders.retain(|(i, _)| *i < indent);
        let words: Vec<&str> = line.split_whitespace().collect();
        let prefix: String = folders.iter().map(|(_, f)| f.as_str()).collect();
        if let Some(folder) = words[0].strip_suffix('/') {
            folders.push((indent, format!("{folder}/")));
            continue;
        }
        // Names of files, up to the description (the first word that is not a file).
        for word in words.iter().take_while(|w| w.ends_with(".rs")) {
            files.insert(format!("{prefix}{word}"));
        }
    }
    files
}

#[test]
fn the_readme_layout_lists_every_source_file_and_no_other() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut actual = BTreeSet::new();
    sources(&root, &root.join("src"), &mut actual);
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let listed = listed(&readme);
    let missing: Vec<_> = actual.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&actual).collect();
    assert!(missing.is_empty() && stale.is_empty(), "not in the README: {missing:?}; not in src: {stale:?}");
}
