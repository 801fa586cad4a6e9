//! Every kind of edit on every department of every sample org: the result loads, the
//! tree changed exactly as the edit says, and a line diff against the original touches
//! only the lines of the departments the edit is about.

use std::collections::BTreeSet;

use frontback::org::edit::{Edit, FactField, Path, apply, copy};
use frontback::org::{Level, Org, load};
use similar::{ChangeTag, TextDiff};

fn samples() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("sample-orgs").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            out.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
        }
    }
    out.sort();
    assert!(out.len() >= 5);
    out
}

fn path_of(org: &Org, id: usize) -> Path {
    org.path(id).iter().map(|s| s.to_string()).collect()
}

/// The departments as (path, name) in pre-order.
fn tree(org: &Org) -> Vec<(Path, String)> {
    (0..org.len()).map(|id| (path_of(org, id), org.dept(id).display_name().to_string())).collect()
}

/// 1-based lines of the original text that a department's subtree is written on:
/// from each of its headers (and the comments right above) to the next header, or
/// the line of an inline or dotted department.
fn subtree_lines(text: &str, org: &Org, id: usize) -> BTreeSet<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let header_lines: Vec<usize> =
        lines.iter().enumerate().filter(|(_, l)| l.trim_start().starts_with('[')).map(|(i, _)| i + 1).collect();
    let mut out = BTreeSet::new();
    let end = org.subtree_end(id);
    for d in id..end {
        let line = org.line(d);
        out.insert(line);
        if lines[line - 1].trim_start().starts_with('[') {
            let next = header_lines.iter().copied().find(|&h| h > line).unwrap_or(lines.len() + 1);
            out.extend(line..next);
            // Comments and blank lines right above the header belong to it.
            let mut above = line - 1;
            while above >= 1 && (lines[above - 1].trim().is_empty() || lines[above - 1].trim_start().starts_with('#')) {
                out.insert(above);
                above -= 1;
            }
        }
    }
    out
}

/// Original lines (1-based) that the edit removed or changed.
fn touched_lines(before: &str, after: &str) -> BTreeSet<usize> {
    let diff = TextDiff::from_lines(before, after);
    diff.iter_all_changes()
        .filter(|c| c.tag() == ChangeTag::Delete)
        .filter_map(|c| c.old_index())
        .map(|i| i + 1)
        .collect()
}

fn assert_only(before: &str, after: &str, allowed: &BTreeSet<usize>, what: &str) {
    let touched = touched_lines(before, after);
    let outside: Vec<_> = touched.difference(allowed).collect();
    assert!(outside.is_empty(), "{what}: lines {outside:?} changed outside the edited departments\n{after}");
}

#[test]
fn field_edits_touch_only_the_departments_own_lines() {
    for (file, text) in samples() {
        let org = load(&text).unwrap();
        for id in 0..org.len() {
            let path = path_of(&org, id);
            let own = subtree_lines(&text, &org, id);
            let edits = [
                Edit::Rename { path: path.clone(), name: "Renamed «x»".into() },
                Edit::SetFact { path: path.clone(), field: FactField::Customers, value: Some(Level::Indirect) },
                Edit::SetFact { path: path.clone(), field: FactField::Revenue, value: None },
                Edit::SetFunction { path: path.clone(), function: Some("legal".into()) },
                Edit::SetNotes { path: path.clone(), notes: Some("A note\nwith two lines".into()) },
            ];
            for edit in edits {
                let what = format!("{file} {edit:?}");
                let out = apply(&text, &edit).unwrap_or_else(|e| panic!("{what}: {e}"));
                let new = load(&out.text).unwrap_or_else(|e| panic!("{what}: does not load: {e:?}\n{}", out.text));
                assert_eq!(out.select.as_ref(), Some(&path), "{what}");
                let changed = new.find_path(&path).map(|d| new.dept(d).clone()).unwrap();
                match &edit {
                    Edit::Rename { name, .. } => assert_eq!(changed.name.as_deref(), Some(name.as_str()), "{what}"),
                    Edit::SetFact { field: FactField::Customers, value, .. } => assert_eq!(changed.customers, *value),
                    Edit::SetFact { field: FactField::Revenue, value, .. } => assert_eq!(changed.revenue, *value),
                    Edit::SetFunction { function, .. } => assert_eq!(changed.function.as_deref(), function.as_deref()),
                    Edit::SetNotes { notes, .. } => assert_eq!(changed.notes.as_deref(), notes.as_deref()),
                    _ => unreachable!(),
                }
                // Everything else about the tree is the same.
                let mut expected = tree(&org);
                if let Edit::Rename { name, .. } = &edit {
                    expected[id].1 = name.clone();
                }
                assert_eq!(tree(&new), expected, "{what}");
                assert_only(&text, &out.text, &own, &what);
            }
        }
    }
}

#[test]
fn adding_departments_inserts_lines_without_touching_any() {
    for (file, text) in samples() {
        let org = load(&text).unwrap();
        for id in 0..org.len() {
            let path = path_of(&org, id);
            for edit in [
                Edit::AddChild { parent: Some(path.clone()), name: "New team".into() },
                Edit::AddSibling { sibling: path.clone(), name: "New team".into() },
            ] {
                let what = format!("{file} {edit:?}");
                let out = apply(&text, &edit).unwrap_or_else(|e| panic!("{what}: {e}"));
                let new = load(&out.text).unwrap_or_else(|e| panic!("{what}: {e:?}\n{}", out.text));
                let added = new.find_path(out.select.as_ref().unwrap()).expect("the new department is selected");
                assert_eq!(new.dept(added).display_name(), "New team");
                // The old tree, with the new department at its place in pre-order.
                let mut expected = tree(&org);
                let at = match &edit {
                    Edit::AddChild { .. } => org.subtree_end(id),
                    _ => org.subtree_end(id),
                };
                expected.insert(at, (path_of(&new, added), "New team".into()));
                assert_eq!(tree(&new), expected, "{what}\n{}", out.text);
                // Inline parents gain a key inside their line; otherwise nothing changes.
                let allowed = subtree_lines(&text, &org, id);
                assert_only(&text, &out.text, &allowed, &what);
            }
        }
    }
}

#[test]
fn structural_edits_touch_only_the_moved_departments() {
    for (file, text) in samples() {
        let org = load(&text).unwrap();
        for id in 0..org.len() {
            let path = path_of(&org, id);
            let siblings: Vec<_> = org.children(org.parent(id)).collect();
            let index = siblings.iter().position(|&s| s == id).unwrap();
            let mut neighbours: BTreeSet<usize> = subtree_lines(&text, &org, id);
            if let Some(parent) = org.parent(id) {
                // Re-homing may give a parent without a header of its own one.
                neighbours.extend(subtree_lines(&text, &org, parent));
            }
            for &s in &siblings {
                neighbours.extend(subtree_lines(&text, &org, s));
            }
            let mut edits = vec![Edit::Delete { path: path.clone() }];
            if index > 0 {
                edits.push(Edit::Move { path: path.clone(), up: true });
                edits.push(Edit::Indent { path: path.clone() });
            }
            if index + 1 < siblings.len() {
                edits.push(Edit::Move { path: path.clone(), up: false });
            }
            if org.parent(id).is_some() {
                edits.push(Edit::Outdent { path: path.clone() });
            }
            let clip = copy(&text, &path).unwrap();
            edits.push(Edit::Paste { clip: Box::new(clip.clone()), target: Some(path.clone()), as_child: false });
            edits.push(Edit::Paste { clip: Box::new(clip), target: Some(path.clone()), as_child: true });
            for edit in edits {
                let what = format!("{file} {edit:?}");
                let out = apply(&text, &edit).unwrap_or_else(|e| panic!("{what}: {e}"));
                let new = load(&out.text).unwrap_or_else(|e| panic!("{what}: {e:?}\n{}", out.text));
                let moved = org.descendant_count(id) + 1;
                let expected_len = match &edit {
                    Edit::Delete { .. } => org.len() - moved,
                    Edit::Paste { .. } => org.len() + moved,
                    _ => org.len(),
                };
                assert_eq!(new.len(), expected_len, "{what}\n{}", out.text);
                // Names of the subtree survive the move, in order.
                if !matches!(edit, Edit::Delete { .. }) {
                    let selected = new.find_path(out.select.as_ref().unwrap()).expect("selection exists");
                    let names = |o: &Org, d: usize| -> Vec<String> {
                        (d..o.subtree_end(d)).map(|x| o.dept(x).display_name().to_string()).collect()
                    };
                    assert_eq!(names(&new, selected), names(&org, id), "{what}\n{}", out.text);
                }
                // Sibling ids stay unique (the loader would refuse duplicates anyway).
                for d in 0..new.len() {
                    let ids: Vec<_> = new.children(Some(d)).map(|c| &new.dept(c).id).collect();
                    let unique: BTreeSet<_> = ids.iter().collect();
                    assert_eq!(ids.len(), unique.len(), "{what}");
                }
                assert_only(&text, &out.text, &neighbours, &what);
            }
        }
    }
}

/// The quick edits that rewrite one stretch of a large file give the same org as the
/// same edits through the whole document.
#[test]
fn stretch_edits_agree_with_whole_document_edits() {
    use frontback::org::edit::{apply_loaded, apply_whole};
    let mut texts = samples();
    texts.push(("generated".into(), frontback::generate::org_text(120, 5)));
    for (file, text) in texts {
        let org = load(&text).unwrap();
        for id in 0..org.len() {
            let path = path_of(&org, id);
            for edit in [
                Edit::Rename { path: path.clone(), name: "Renamed".into() },
                Edit::SetFact { path: path.clone(), field: FactField::Revenue, value: Some(Level::Direct) },
                Edit::SetNotes { path: path.clone(), notes: None },
                Edit::AddChild { parent: Some(path.clone()), name: "Kid".into() },
                Edit::AddSibling { sibling: path.clone(), name: "Twin".into() },
                Edit::Delete { path: path.clone() },
            ] {
                let what = format!("{file} {edit:?}");
                let quick = apply_loaded(&text, &org, &edit).unwrap();
                let whole = apply_whole(&text, &org, &edit).unwrap();
                assert_eq!(quick.select, whole.select, "{what}");
                let (quick_text, whole_text) = (quick.text(&text), whole.text(&text));
                let (a, b) = (load(&quick_text).unwrap(), load(&whole_text).unwrap());
                let facts = |o: &Org| -> Vec<_> {
                    (0..o.len())
                        .map(|d| {
                            let x = o.dept(d);
                            (path_of(o, d), x.name.clone(), x.function.clone(), x.customers, x.revenue, x.notes.clone())
                        })
                        .collect()
                };
                assert_eq!(facts(&a), facts(&b), "{what}\n--- quick\n{quick_text}\n--- whole\n{whole_text}");
            }
        }
    }
}

/// A field edit updates the loaded org in place: the result is the org that loading
/// the new text gives, offsets and line numbers included.
#[test]
fn field_edits_in_place_equal_a_fresh_load() {
    use frontback::org::edit::{apply_loaded, update_in_place};
    let mut texts = samples();
    texts.push(("generated".into(), frontback::generate::org_text(150, 8)));
    let mut in_place_seen = 0;
    for (file, text) in texts {
        let org = load(&text).unwrap();
        for id in 0..org.len() {
            let path = path_of(&org, id);
            for edit in [
                Edit::Rename { path: path.clone(), name: " Renamed with a longer name ".into() },
                Edit::SetFact { path: path.clone(), field: FactField::Customers, value: None },
                Edit::SetFact { path: path.clone(), field: FactField::Revenue, value: Some(Level::Indirect) },
                Edit::SetFunction { path: path.clone(), function: Some("it".into()) },
                Edit::SetNotes { path: path.clone(), notes: Some("Line one\nline two".into()) },
            ] {
                let outcome = apply_loaded(&text, &org, &edit).unwrap();
                let Some(in_place) = outcome.in_place else { continue };
                in_place_seen += 1;
                let mut updated = org.clone();
                update_in_place(&mut updated, &edit, in_place);
                let fresh = load(&outcome.text(&text)).unwrap();
                assert_eq!(updated, fresh, "{file} {edit:?}");
            }
        }
    }
    assert!(in_place_seen > 100, "the in-place path was taken {in_place_seen} times");
}
