//! Issue #13, repro 10: what loads can be edited to the same depth. Departments nest
//! at most `MAX_DEPTH` levels in every layout (headers, dotted keys, inline tables);
//! the deepest org allowed takes every kind of edit, an edit that would go deeper is
//! refused before it is made, and one level more is refused at load with its place.

use frontback::org::edit::{Edit, EditError, FactField, apply_loaded, copy_loaded};
use frontback::org::load::{MAX_DEPTH, MAX_VALUE_DEPTH};
use frontback::org::{Level, Org, load};
use frontback::text::Lang;

const COMPANY: &str = "[company]\nname = \"Deep\"\n";

/// An org of `levels` levels in each layout: a chain `d0`, `d1`, … whose last
/// department holds `a` and `b` on the deepest level; with the byte offset of the
/// deepest `a` key.
fn layouts(levels: usize) -> Vec<(&'static str, String, usize)> {
    let chain: Vec<String> = (0..levels - 1).map(|i| format!("d{i}")).collect();
    let mut headers = String::from(COMPANY);
    for i in 0..chain.len() {
        headers.push_str(&format!("[org.{}]\nname = \"Level {i}\"\n", chain[..=i].join(".")));
    }
    let at_headers = headers.len() + format!("[org.{}.", chain.join(".")).len();
    headers.push_str(&format!("[org.{0}.a]\nname = \"A\"\n[org.{0}.b]\nname = \"B\"\n", chain.join(".")));

    let mut dotted = format!("{COMPANY}[org]\n");
    for i in 0..chain.len() {
        dotted.push_str(&format!("{}.name = \"Level {i}\"\n", chain[..=i].join(".")));
    }
    let at_dotted = dotted.len() + chain.join(".").len() + 1;
    dotted.push_str(&format!("{0}.a.name = \"A\"\n{0}.b.name = \"B\"\n", chain.join(".")));

    let opening: String = chain.iter().map(|id| format!("{id} = {{ name = \"{id}\", ")).collect();
    let closing = " }".repeat(chain.len());
    let inline_body = format!("{opening}a = {{ name = \"A\" }}, b = {{ name = \"B\" }}{closing}");
    let inline = format!("{COMPANY}[org]\n{inline_body}\n");
    let at_inline = format!("{COMPANY}[org]\n{opening}").len();
    // Written from the top, `org = { … }`: values nest one level deeper than departments.
    let from_top = format!("org = {{ {inline_body} }}\n{COMPANY}");
    let at_from_top = format!("org = {{ {opening}").len();
    vec![
        ("headers", headers, at_headers),
        ("dotted keys", dotted, at_dotted),
        ("inline tables", inline, at_inline),
        ("one inline table from the top", from_top, at_from_top),
    ]
}

fn path(org: &Org, id: usize) -> Vec<String> {
    org.path(id).iter().map(|s| s.to_string()).collect()
}

/// Applies `edit`; it must work and give a text that loads with `change` more
/// departments, which `toml_edit` parses too.
fn works(text: &str, org: &Org, edit: &Edit, change: isize) -> String {
    let out = apply_loaded(text, org, edit).unwrap_or_else(|e| panic!("{edit:?}: {e}"));
    let out = out.text(text);
    let new = load(&out).unwrap_or_else(|e| panic!("{edit:?} broke the file: {:?}", e.diagnostics));
    assert_eq!(new.len() as isize, org.len() as isize + change, "{edit:?}");
    assert!(out.parse::<toml_edit::DocumentMut>().is_ok(), "{edit:?}");
    out
}

fn too_deep(text: &str, org: &Org, edit: &Edit) {
    assert_eq!(apply_loaded(text, org, edit), Err(EditError::TooDeep { limit: MAX_DEPTH }), "{edit:?}");
}

#[test]
fn the_deepest_org_allowed_takes_every_kind_of_edit_in_every_layout() {
    for (layout, text, _) in layouts(MAX_DEPTH) {
        let org = load(&text).unwrap_or_else(|e| panic!("{layout}: {:?}", e.diagnostics));
        assert_eq!(org.len(), MAX_DEPTH + 1, "{layout}");
        assert!(text.parse::<toml_edit::DocumentMut>().is_ok(), "{layout}: toml_edit parses it");
        let b = org.len() - 1;
        assert_eq!(org.dept(b).depth, MAX_DEPTH - 1, "{layout}");
        let b_path = path(&org, b);
        let name = |n: &str| n.to_string();
        for (edit, change) in [
            (Edit::AddSibling { sibling: b_path.clone(), name: name("C") }, 1),
            (Edit::Rename { path: b_path.clone(), name: name("Renamed") }, 0),
            (Edit::SetFact { path: b_path.clone(), field: FactField::Revenue, value: Some(Level::Direct) }, 0),
            (Edit::SetFact { path: b_path.clone(), field: FactField::Customers, value: Some(Level::None) }, 0),
            (Edit::SetFunction { path: b_path.clone(), function: Some(name("sales")) }, 0),
            (Edit::SetNotes { path: b_path.clone(), notes: Some(name("two\nlines")) }, 0),
            (Edit::Delete { path: b_path.clone() }, -1),
            (Edit::Move { path: b_path.clone(), up: true }, 0),
            (Edit::Outdent { path: b_path.clone() }, 0),
        ] {
            works(&text, &org, &edit, change);
        }
        let clip = copy_loaded(&text, &org, &b_path).unwrap();
        let paste =
            |target: Option<Vec<String>>, as_child| Edit::Paste { clip: Box::new(clip.clone()), target, as_child };
        works(&text, &org, &paste(Some(b_path.clone()), false), 1);
        works(&text, &org, &paste(None, false), 1);
        // Deeper than the limit: refused before anything is written.
        too_deep(&text, &org, &Edit::AddChild { parent: Some(b_path.clone()), name: name("Deeper") });
        too_deep(&text, &org, &Edit::Indent { path: b_path.clone() });
        too_deep(&text, &org, &paste(Some(b_path.clone()), true));
        // The whole chain, pasted under its own top: one level too many; beside it, fine.
        let top = vec![name("d0")];
        let chain = copy_loaded(&text, &org, &top).unwrap();
        assert_eq!(chain.levels, MAX_DEPTH);
        let whole = |as_child| Edit::Paste { clip: Box::new(chain.clone()), target: Some(top.clone()), as_child };
        too_deep(&text, &org, &whole(true));
        works(&text, &org, &whole(false), org.len() as isize);
        // A level up, adding and indenting work, and reach the limit exactly.
        let parent = path(&org, b - 2);
        let added = works(&text, &org, &Edit::AddChild { parent: Some(parent.clone()), name: name("New") }, 1);
        assert!(load(&added).is_ok());
    }
}

/// The `load` fuzz target's invariant (fuzz/fuzz_targets/load.rs) on the deepest org
/// allowed: every kind of edit on every department either is refused or gives a text
/// that loads again, with the departments the edit says.
#[test]
fn every_edit_on_every_department_of_the_deepest_org_gives_a_text_that_loads() {
    for (layout, text, _) in layouts(MAX_DEPTH) {
        let org = load(&text).unwrap();
        for id in 0..org.len() {
            let p = path(&org, id);
            let subtree = org.descendant_count(id) as isize + 1;
            let mut edits = vec![
                (Edit::AddChild { parent: Some(p.clone()), name: "New".into() }, 1),
                (Edit::AddChild { parent: None, name: "a.b".into() }, 1),
                (Edit::AddSibling { sibling: p.clone(), name: "Sib".into() }, 1),
                (Edit::Rename { path: p.clone(), name: "Renamed ñ".into() }, 0),
                (Edit::SetFact { path: p.clone(), field: FactField::Revenue, value: Some(Level::Indirect) }, 0),
                (Edit::SetFunction { path: p.clone(), function: Some("it".into()) }, 0),
                (Edit::SetNotes { path: p.clone(), notes: Some("line\nbreak".into()) }, 0),
                (Edit::Delete { path: p.clone() }, -subtree),
                (Edit::Move { path: p.clone(), up: true }, 0),
                (Edit::Move { path: p.clone(), up: false }, 0),
                (Edit::Indent { path: p.clone() }, 0),
                (Edit::Outdent { path: p.clone() }, 0),
            ];
            let clip = copy_loaded(&text, &org, &p).unwrap();
            for (target, as_child) in [(Some(p.clone()), false), (Some(p.clone()), true), (None, false)] {
                edits.push((Edit::Paste { clip: Box::new(clip.clone()), target, as_child }, subtree));
            }
            for (edit, change) in edits {
                let Ok(out) = apply_loaded(&text, &org, &edit) else { continue };
                let new = load(&out.text(&text))
                    .unwrap_or_else(|e| panic!("{layout}: {edit:?} broke the file: {:?}", e.diagnostics));
                assert_eq!(new.len() as isize, org.len() as isize + change, "{layout}: {edit:?}");
            }
        }
    }
}

/// "line:column" of a byte offset (the texts here are ASCII).
fn place(text: &str, at: usize) -> String {
    let line = text[..at].matches('\n').count() + 1;
    let column = at - text[..at].rfind('\n').map_or(0, |n| n + 1) + 1;
    format!("{line}:{column}")
}

#[test]
fn one_level_more_is_refused_at_load_with_its_place() {
    for (layout, text, at) in layouts(MAX_DEPTH + 1) {
        assert_eq!(&text[at..at + 1], "a", "{layout}: the deepest key");
        let error = load(&text).expect_err(layout);
        for (lang, says) in [
            (Lang::En, format!("departments are nested more than {MAX_DEPTH} levels deep")),
            (Lang::Es, format!("los departamentos están anidados a más de {MAX_DEPTH} niveles")),
        ] {
            let shown = error.render("deep.toml", &text, lang);
            assert!(shown.contains(&says), "{layout}: {shown}");
            let place = format!("deep.toml:{}", place(&text, at));
            assert!(shown.contains(&place), "{layout}: no {place} in {shown}");
            assert_eq!(shown.matches("error").count(), 1, "{layout}: said once: {shown}");
        }
    }
}

#[test]
fn values_nest_one_level_more_than_departments_and_no_further() {
    // An array in notes as deep as values may go is the wrong type, said as such; one
    // level more is too deep, said at the bracket that goes past.
    let notes = |n: usize| format!("{COMPANY}[org.a]\nnotes = {}{}\n", "[".repeat(n), "]".repeat(n));
    let shown = load(&notes(MAX_VALUE_DEPTH)).unwrap_err().render("deep.toml", &notes(MAX_VALUE_DEPTH), Lang::En);
    assert!(shown.contains("`notes` must be a string, not a list"), "{shown}");
    let text = notes(MAX_VALUE_DEPTH + 1);
    let shown = load(&text).unwrap_err().render("deep.toml", &text, Lang::En);
    let says = format!("arrays and inline tables are nested more than {MAX_VALUE_DEPTH} levels deep");
    assert!(shown.contains(&says), "{shown}");
    assert!(shown.contains(&format!("deep.toml:4:{}", 9 + MAX_VALUE_DEPTH)), "{shown}");
}
