//! Random edit sequences on the sample orgs: every edit that succeeds gives a text
//! that loads again, with the number of departments changed as the edit says.

#![no_main]

use frontback::org::edit::{Edit, FactField, apply_loaded, copy_loaded};
use frontback::org::{Level, load};
use frontback::samples::SAMPLES;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, ops)) = data.split_first() else { return };
    let mut text = SAMPLES[first as usize % SAMPLES.len()].text.to_string();
    for op in ops.chunks(3).take(40) {
        let org = load(&text).expect("every state loads");
        let [kind, pick, flag] = [op[0], *op.get(1).unwrap_or(&0), *op.get(2).unwrap_or(&0)];
        if org.is_empty() {
            let out = apply_loaded(&text, &org, &Edit::AddChild { parent: None, name: "Fresh".into() }).unwrap();
            text = out.text;
            continue;
        }
        let id = pick as usize % org.len();
        let path: Vec<String> = org.path(id).iter().map(|s| s.to_string()).collect();
        let subtree = org.descendant_count(id) + 1;
        let name = ["Nuevo «x»", "a.b", "with \"quotes\"", "  spaced  ", "ñ"][flag as usize % 5].to_string();
        let level = [Some(Level::Direct), Some(Level::Indirect), Some(Level::None), None][flag as usize % 4];
        let (edit, change): (Edit, isize) = match kind % 12 {
            0 => (Edit::AddChild { parent: Some(path), name }, 1),
            1 => (Edit::AddSibling { sibling: path, name }, 1),
            2 => (Edit::Rename { path, name }, 0),
            3 => (Edit::SetFact { path, field: if flag % 2 == 0 { FactField::Customers } else { FactField::Revenue }, value: level }, 0),
            4 => (Edit::SetFunction { path, function: (flag % 3 != 0).then(|| "it".to_string()) }, 0),
            5 => (Edit::SetNotes { path, notes: Some(name) }, 0),
            6 => (Edit::Delete { path }, -(subtree as isize)),
            7 => (Edit::Move { path, up: flag % 2 == 0 }, 0),
            8 => (Edit::Indent { path }, 0),
            9 => (Edit::Outdent { path }, 0),
            _ => {
                let clip = copy_loaded(&text, &org, &path).expect("a department can be copied");
                let target: Vec<String> = org.path(flag as usize % org.len()).iter().map(|s| s.to_string()).collect();
                (Edit::Paste { clip: Box::new(clip), target: Some(target), as_child: kind % 2 == 0 }, subtree as isize)
            }
        };
        match apply_loaded(&text, &org, &edit) {
            Ok(out) => {
                let new = load(&out.text).unwrap_or_else(|e| panic!("{edit:?} broke the file: {e:?}\n{}", out.text));
                assert_eq!(new.len() as isize, org.len() as isize + change, "{edit:?}");
                if let Some(select) = &out.select {
                    assert!(new.find_path(select).is_some(), "{edit:?} selects a department that exists");
                }
                text = out.text;
            }
            Err(_) => {}
        }
    }
});
