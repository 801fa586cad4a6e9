//! Random edit sequences on the sample orgs, as the app makes them: every edit that
//! succeeds gives a text that loads again, with the number of departments changed as
//! the edit says and the field it set reading back as set; an org brought up to date
//! in place equals the org loaded again from the new text; and the final text survives
//! an atomic save and a reload byte for byte.

#![no_main]

use std::sync::OnceLock;

use frontback::org::edit::{Edit, FactField, apply_loaded, copy_loaded, update_in_place};
use frontback::org::save::save_atomic;
use frontback::org::{Level, load};
use frontback::samples::SAMPLES;
use libfuzzer_sys::fuzz_target;

/// Names a user might type, hostile ones included.
const NAMES: [&str; 12] = [
    "Nuevo «x»",
    "a.b",
    "with \"quotes\"",
    "  spaced  ",
    "ñ",
    "\u{1b}]2;PWNED\u{7}\u{1b}[2J",
    "line\nbreak\r\n",
    "'single' and \\back\\",
    "[org.fake]",
    "# not a comment",
    "\u{202e}evil\u{200f}",
    "\"\"\"",
];

fuzz_target!(|data: &[u8]| {
    let Some((&first, ops)) = data.split_first() else { return };
    let mut text = SAMPLES[first as usize % SAMPLES.len()].text.to_string();
    let mut org = load(&text).expect("the samples load");
    for op in ops.chunks(3).take(40) {
        let [kind, pick, flag] = [op[0], *op.get(1).unwrap_or(&0), *op.get(2).unwrap_or(&0)];
        if org.is_empty() {
            let out = apply_loaded(&text, &org, &Edit::AddChild { parent: None, name: "Fresh".into() }).unwrap();
            text = out.text(&text);
            org = load(&text).expect("a first department loads");
            continue;
        }
        let id = pick as usize % org.len();
        let path: Vec<String> = org.path(id).iter().map(|s| s.to_string()).collect();
        let subtree = org.descendant_count(id) + 1;
        let name = NAMES[flag as usize % NAMES.len()].to_string();
        let level = [Some(Level::Direct), Some(Level::Indirect), Some(Level::None), None][flag as usize % 4];
        let (edit, change): (Edit, isize) = match kind % 12 {
            0 => (Edit::AddChild { parent: Some(path), name }, 1),
            1 => (Edit::AddSibling { sibling: path, name }, 1),
            2 => (Edit::Rename { path, name }, 0),
            3 => {
                let field = if kind & 0x80 == 0 { FactField::Customers } else { FactField::Revenue };
                (Edit::SetFact { path, field, value: level }, 0)
            }
            4 => (Edit::SetFunction { path, function: (flag % 3 != 0).then(|| "it".to_string()) }, 0),
            5 => (Edit::SetNotes { path, notes: (flag % 7 != 0).then_some(name) }, 0),
            6 => (Edit::Delete { path }, -(subtree as isize)),
            7 => (Edit::Move { path, up: flag % 2 == 0 }, 0),
            8 => (Edit::Indent { path }, 0),
            9 => (Edit::Outdent { path }, 0),
            10 => (Edit::AddChild { parent: None, name }, 1),
            // Pasting a subtree into itself doubles it: forty pastes would make 2^40
            // departments, which is what the user asked for but not what a fuzzer can
            // hold, so pastes stop growing the org past a few thousand.
            _ if org.len() + subtree > 4_000 => continue,
            _ => {
                let clip = copy_loaded(&text, &org, &path).expect("a department can be copied");
                let target = org.path(flag as usize % org.len()).iter().map(|s| s.to_string()).collect();
                let target = (kind & 0x40 == 0).then_some(target);
                (Edit::Paste { clip: Box::new(clip), target, as_child: kind & 0x80 == 0 }, subtree as isize)
            }
        };
        let Ok(out) = apply_loaded(&text, &org, &edit) else { continue };
        let new_text = out.text(&text);
        let new = load(&new_text).unwrap_or_else(|e| {
            panic!("{edit:?} broke the file: {:?}\n--- before\n{text}\n--- after\n{}", e.diagnostics, new_text)
        });
        assert_eq!(new.len() as isize, org.len() as isize + change, "{edit:?}\n{}", new_text);
        if let Some(select) = &out.select {
            assert!(new.find_path(select).is_some(), "{edit:?} selects {select:?}, which does not exist");
        }
        field_reads_back(&new, &edit);
        if let Some(in_place) = out.in_place {
            let mut updated = org.clone();
            update_in_place(&mut updated, &edit, in_place);
            assert_eq!(updated, new, "{edit:?} in place differs from loading again\n{}", new_text);
        }
        text = new_text;
        org = new;
    }
    // Save and load again.
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let file = DIR.get_or_init(|| tempfile::tempdir().expect("a temporary folder")).path().join("org.toml");
    save_atomic(&file, &text).expect("the save succeeds");
    let saved = std::fs::read_to_string(&file).expect("the saved file reads back");
    assert_eq!(saved, text, "the save wrote exactly the text");
    assert_eq!(load(&saved).expect("the saved file loads"), org);
});

/// A field edit that succeeded reads back as set (names and notes trimmed as the
/// editor trims them).
fn field_reads_back(org: &frontback::org::Org, edit: &Edit) {
    let dept = |path: &Vec<String>| org.dept(org.find_path(path).expect("the edited department exists"));
    match edit {
        Edit::Rename { path, name } => assert_eq!(dept(path).name.as_deref(), Some(name.trim())),
        Edit::SetFact { path, field: FactField::Customers, value } => assert_eq!(dept(path).customers, *value),
        Edit::SetFact { path, field: FactField::Revenue, value } => assert_eq!(dept(path).revenue, *value),
        Edit::SetFunction { path, function } => assert_eq!(dept(path).function.as_deref(), function.as_deref()),
        Edit::SetNotes { path, notes } => {
            let expected = notes.as_deref().filter(|n| !n.trim().is_empty());
            assert_eq!(dept(path).notes.as_deref(), expected);
        }
        _ => {}
    }
}
