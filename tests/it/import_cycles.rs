//! No import cycle between the crate's modules: every path into the crate (`use
//! crate::…`, `use super::…`, a parent's `use child::…`, and `crate::…` written inline)
//! is read from the sources under `src/`, each resolved to its module, and the graph
//! must have no cycle. The modules compared are the top-level ones (`org`, `classify`,
//! `report`, …) and, inside the interface, `tui` itself and each of its submodules
//! (`tui::state`, `tui::update`, `tui::view`, `tui::layout`, …), so that, say, update and
//! view never come to depend on each other.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file holds, as its path below `crate` (`["tui", "view", "tree"]`).
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The node of the graph a module belongs to: its top-level module, or inside `tui`,
/// `tui` or the submodule of `tui` it is in.
fn node_of(module: &[String]) -> Option<String> {
    match module {
        [] => None,
        [top, sub, ..] if top == "tui" => Some(format!("tui::{sub}")),
        [top, ..] => Some(top.clone()),
    }
}

/// The code of a file without comments and string literals, which may mention paths.
fn code_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut previous = ' ';
    while let Some(c) = chars.next() {
        let after_word = previous.is_alphanumeric() || previous == '_';
        previous = c;
        match c {
            // A raw string: `r"…"`, `r#"…"#`.
            'r' if !after_word && matches!(chars.peek(), Some('#' | '"')) => {
                let mut hashes = 0;
                while chars.peek() == Some(&'#') {
                    chars.next();
                    hashes += 1;
                }
                if chars.next() != Some('"') {
                    continue;
                }
                let closing: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
                let mut seen = String::new();
                for c in chars.by_ref() {
                    seen.push(c);
                    if seen.ends_with(&closing) {
                        break;
                    }
                }
                out.push_str("\"\"");
            }
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
                out.push_str("\"\"");
            }
            // A character literal, not a lifetime: `'x'` or `'\n'`.
            '\'' => {
                let rest: String = chars.clone().take(3).collect();
                if rest.starts_with('\\') || rest.chars().nth(1) == Some('\'') {
                    while let Some(c) = chars.next() {
                        if c == '\\' {
                            chars.next();
                        } else if c == '\'' {
                            break;
                        }
                    }
                } else {
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// The paths a `use` tree names, each as its segments: `a::{b, c::d}` → `a::b`, `a::c::d`.
fn expand(tree: &str) -> Vec<Vec<String>> {
    fn parse(tokens: &[String], i: &mut usize, prefix: &[String], out: &mut Vec<Vec<String>>) {
        let mut path = prefix.to_vec();
        while *i < tokens.len() {
            let token = tokens[*i].as_str();
            *i += 1;
            match token {
                "::" => {}
                "{" => loop {
                    parse(tokens, i, &path, out);
                    if *i >= tokens.len() {
                        return;
                    }
                    let next = tokens[*i].as_str();
                    *i += 1;
                    if next == "}" {
                        return;
                    }
                },
                "," | "}" => {
                    *i -= 1;
                    break;
                }
                "as" => {
                    *i += 1;
                }
                name => path.push(name.to_string()),
            }
        }
        out.push(path);
    }
    let mut tokens = Vec::new();
    let mut word = String::new();
    let mut chars = tree.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || c == '_' || c == '*' {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            tokens.push(std::mem::take(&mut word));
        }
        match c {
            ':' if chars.peek() == Some(&':') => {
                chars.next();
                tokens.push("::".into());
            }
            '{' | '}' | ',' => tokens.push(c.to_string()),
            _ => {}
        }
    }
    if !word.is_empty() {
        tokens.push(word);
    }
    let mut out = Vec::new();
    let mut i = 0;
    parse(&tokens, &mut i, &[], &mut out);
    out
}

/// A path written in `module` resolved to the module path it points into, when it
/// points into the crate: `crate::…`, `super::…`, `self::…`, or a child module's name.
fn resolve(module: &[String], path: &[String], children: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    let (mut base, rest) = match path.first()?.as_str() {
        "crate" => (Vec::new(), &path[1..]),
        "self" => (module.to_vec(), &path[1..]),
        "super" => {
            let mut base = module.to_vec();
            let mut rest = path;
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
            (base, rest)
        }
        first => {
            let mut child = module.to_vec();
            child.push(first.to_string());
            if !children.contains(&child) {
                return None;
            }
            (module.to_vec(), path)
        }
    };
    // Keep the segments that name modules; the rest are items.
    for segment in rest {
        let mut next = base.clone();
        next.push(segment.clone());
        if !children.contains(&next) {
            break;
        }
        base = next;
    }
    Some(base)
}

/// Every edge between nodes, with one place that makes it.
fn graph() -> BTreeMap<String, BTreeMap<String, String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.retain(|f| f.file_name().is_some_and(|n| n != "main.rs"));
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(&src, f)).collect();
    let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in &files {
        let module = module_of(&src, file);
        let Some(from) = node_of(&module) else { continue };
        let text = fs::read_to_string(file).unwrap();
        // Unit tests sit at the end of a file and may use whatever they test with.
        let code = code_of(text.split("#[cfg(test)]").next().unwrap_or_default());
        let mut paths = Vec::new();
        // `use` statements, braces and all.
        let mut rest = code.as_str();
        while let Some(at) = rest.find("use ") {
            let before = rest[..at].chars().last();
            let statement = &rest[at + 4..];
            rest = statement;
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let Some(end) = statement.find(';') else { break };
            paths.extend(expand(&statement[..end]));
        }
        // Paths written inline: `crate::org::save::DiskStamp::of(…)`, `super::x::y`, or
        // a child module's `view::render(…)`.
        let children = modules.iter().filter(|m| m.len() == module.len() + 1 && m.starts_with(&module));
        let starts: Vec<String> = ["crate", "super", "self"]
            .into_iter()
            .map(String::from)
            .chain(children.map(|m| m[module.len()].clone()))
            .map(|start| format!("{start}::"))
            .collect();
        for start in &starts {
            let mut rest = code.as_str();
            while let Some(at) = rest.find(start.as_str()) {
                let before = rest[..at].chars().last();
                let tail = &rest[at..];
                rest = &rest[at + start.len()..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                    continue;
                }
                let end = tail.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(tail.len());
                paths.push(tail[..end].split("::").filter(|s| !s.is_empty()).map(String::from).collect());
            }
        }
        for path in paths {
            let Some(target) = resolve(&module, &path, &modules) else { continue };
            let Some(to) = node_of(&target) else { continue };
            if to != from {
                let place = format!("{} ({})", file.strip_prefix(&src).unwrap().display(), path.join("::"));
                edges.entry(from.clone()).or_default().entry(to).or_insert(place);
            }
        }
    }
    edges
}

/// A cycle of the graph, if it has one, as the nodes around it with the place that
/// makes each step.
fn find_cycle(edges: &BTreeMap<String, BTreeMap<String, String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeMap<String, String>>,
        done: &mut BTreeSet<String>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = stack.iter().position(|n| n == node) {
            let mut cycle: Vec<String> = stack[start..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_string());
        for next in edges.get(node).into_iter().flat_map(|e| e.keys()) {
            if let Some(cycle) = visit(next, edges, done, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for node in edges.keys() {
        if let Some(cycle) = visit(node, edges, &mut done, &mut Vec::new()) {
            let steps = cycle.windows(2).map(|w| format!("{} → {}   by {}", w[0], w[1], edges[&w[0]][&w[1]]));
            return Some(steps.collect());
        }
    }
    None
}

/// Imports that close a cycle today and are on their way out: each must still exist
/// (remove it here once it is gone), and no other cycle may appear. None is left: the
/// `Document` that classifies an org moved out of `org` to `document`, above
/// `catalog` and `classify`, which need the domain's types from `org`.
const BEING_REMOVED: &[(&str, &str)] = &[];

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let mut edges = graph();
    for (from, to) in BEING_REMOVED {
        let removed = edges.get_mut(*from).and_then(|e| e.remove(*to));
        assert!(removed.is_some(), "{from} no longer imports {to}: take it off BEING_REMOVED");
    }
    if let Some(cycle) = find_cycle(&edges) {
        panic!("an import cycle:\n  {}", cycle.join("\n  "));
    }
}

#[test]
fn update_and_view_never_import_each_other() {
    let edges = graph();
    for (from, to) in [("tui::update", "tui::view"), ("tui::view", "tui::update")] {
        let place = edges.get(from).and_then(|e| e.get(to));
        assert!(place.is_none(), "{from} imports {to}: {}", place.unwrap());
    }
    // And both read the geometry from one place.
    assert!(edges["tui::update"].contains_key("tui::layout") && edges["tui::view"].contains_key("tui::layout"));
}

#[test]
fn a_use_tree_is_read_path_by_path() {
    let paths = expand("crate::tui::{layout::{self, Measure}, state::App as A}");
    let joined: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
    assert_eq!(joined, ["crate::tui::layout::self", "crate::tui::layout::Measure", "crate::tui::state::App"]);
    let children: BTreeSet<Vec<String>> =
        [vec!["tui".to_string()], vec!["tui".into(), "state".into()]].into_iter().collect();
    let module = vec!["tui".to_string(), "state".to_string()];
    let path: Vec<String> = ["super", "state", "App"].map(String::from).to_vec();
    assert_eq!(resolve(&module, &path, &children), Some(module.clone()));
}
