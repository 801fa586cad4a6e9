//! Arbitrary bytes as an org file: loading never panics; a refusal has diagnostics
//! that render; what loads is classified and reported in every format, parses in
//! toml_edit too, and takes every kind of edit — each edit that succeeds gives a text
//! that loads again, with the number of departments changed as the edit says.

#![no_main]

use frontback::classify::Model;
use frontback::document::Document;
use frontback::org::edit::{Edit, FactField, apply_loaded, copy_loaded};
use frontback::org::{Level, Org, load};
use frontback::report::{Format, render_with};
use frontback::text::Lang;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match load(text) {
        Ok(org) => {
            let doc = Document::new(None, text.to_string(), org);
            for format in [Format::Table, Format::Json, Format::Markdown, Format::Csv, Format::Dot] {
                let _ = render_with(&doc, format, Lang::En, Model::Customer);
            }
            let _ = render_with(&doc, Format::Dot, Lang::Es, Model::Profit);
            if let Err(error) = text.parse::<toml_edit::DocumentMut>() {
                panic!("the loader accepted a file toml_edit refuses: {error}");
            }
            edit_everywhere(text, &doc.org, data.len());
        }
        Err(error) => {
            assert!(!error.diagnostics.is_empty());
            let _ = error.render("fuzz.toml", text, Lang::Es);
        }
    }
});

/// Every kind of edit on one department of a file of any layout (inline tables,
/// dotted keys, implicit parents, ...).
fn edit_everywhere(text: &str, org: &Org, seed: usize) {
    if org.is_empty() {
        check(text, org, &Edit::AddChild { parent: None, name: "First".into() }, 1);
        return;
    }
    let id = seed % org.len();
    let path: Vec<String> = org.path(id).iter().map(|s| s.to_string()).collect();
    let subtree = org.descendant_count(id) as isize + 1;
    let edits = [
        (Edit::AddChild { parent: Some(path.clone()), name: "New \u{1b}[2J".into() }, 1),
        (Edit::AddChild { parent: None, name: "a.b".into() }, 1),
        (Edit::AddSibling { sibling: path.clone(), name: "Sib \"q\"".into() }, 1),
        (Edit::Rename { path: path.clone(), name: "Renamed ñ".into() }, 0),
        (Edit::SetFact { path: path.clone(), field: FactField::Revenue, value: Some(Level::Indirect) }, 0),
        (Edit::SetFact { path: path.clone(), field: FactField::Customers, value: None }, 0),
        (Edit::SetFunction { path: path.clone(), function: Some("it".into()) }, 0),
        (Edit::SetNotes { path: path.clone(), notes: Some("line\nbreak".into()) }, 0),
        (Edit::Delete { path: path.clone() }, -subtree),
        (Edit::Move { path: path.clone(), up: true }, 0),
        (Edit::Move { path: path.clone(), up: false }, 0),
        (Edit::Indent { path: path.clone() }, 0),
        (Edit::Outdent { path: path.clone() }, 0),
    ];
    for (edit, change) in &edits {
        check(text, org, edit, *change);
    }
    if let Ok(clip) = copy_loaded(text, org, &path) {
        let count = clip.count as isize;
        assert_eq!(count, subtree, "a copy holds the whole subtree");
        for as_child in [false, true] {
            let paste = Edit::Paste { clip: Box::new(clip.clone()), target: Some(path.clone()), as_child };
            check(text, org, &paste, count);
        }
        check(text, org, &Edit::Paste { clip: Box::new(clip), target: None, as_child: false }, count);
    }
}

fn check(text: &str, org: &Org, edit: &Edit, change: isize) {
    let Ok(out) = apply_loaded(text, org, edit) else { return };
    let new_text = out.text(text);
    let new = load(&new_text).unwrap_or_else(|e| {
        panic!("{edit:?} broke the file: {:?}\n--- before\n{text}\n--- after\n{}", e.diagnostics, new_text)
    });
    assert_eq!(new.len() as isize, org.len() as isize + change, "{edit:?}\n{text}\n---\n{}", new_text);
    if let Some(select) = &out.select {
        assert!(new.find_path(select).is_some(), "{edit:?} selects {select:?}, which does not exist\n{}", new_text);
    }
}
