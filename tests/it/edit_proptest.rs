//! Random sequences of edits, undos and redos on the sample orgs: every state loads
//! (so saving it would pass `check`), and undoing everything gives back the original
//! text byte for byte.

use frontback::document::Document;
use frontback::org::edit::{Edit, FactField, copy};
use frontback::org::{Level, load, load_file};
use frontback::samples::SAMPLES;
use frontback::text::Lang;
use frontback::tui::state::explorer::search_org;
use frontback::tui::theme::Theme;
use frontback::tui::{App, Options};
use proptest::prelude::*;

fn app(text: &str) -> App {
    let doc = Document::from_text(None, text.to_string()).unwrap();
    App::new(doc, Options { theme: Theme::monochrome(), seed: 1, ..Options::default() })
}

/// One random step: an edit kind, a department (by index modulo the count), a name.
fn step(app: &mut App, kind: u8, pick: usize, flag: bool) {
    let org = &app.doc.org;
    if org.is_empty() {
        app.apply_edit(Edit::AddChild { parent: None, name: "Fresh start".into() });
        return;
    }
    let id = pick % org.len();
    let path = app.path_of(id);
    let name = if flag { "Équipe «nueva»" } else { "New team" }.to_string();
    let level = [Some(Level::Direct), Some(Level::Indirect), Some(Level::None), None][pick % 4];
    let edit = match kind % 14 {
        0 => Edit::AddChild { parent: Some(path), name },
        1 => Edit::AddSibling { sibling: path, name },
        2 => Edit::Rename { path, name },
        3 => Edit::SetFact { path, field: if flag { FactField::Customers } else { FactField::Revenue }, value: level },
        4 => Edit::SetFunction { path, function: flag.then(|| "it".to_string()) },
        5 => Edit::SetNotes { path, notes: Some(format!("note {pick}")) },
        6 => Edit::Delete { path },
        7 => Edit::Move { path, up: flag },
        8 => Edit::Indent { path },
        9 => Edit::Outdent { path },
        10 => {
            let clip = copy(&app.doc.text, &path).unwrap();
            let target = app.path_of((pick / 7) % org.len());
            Edit::Paste { clip: Box::new(clip), target: Some(target), as_child: flag }
        }
        11 | 12 => {
            app.undo(false);
            return;
        }
        _ => {
            app.undo(true);
            return;
        }
    };
    // Some edits are refused (no sibling to move past): that is fine, nothing changes.
    app.apply_edit(edit);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn undoing_every_edit_restores_the_file_byte_for_byte(
        sample in 0..SAMPLES.len(),
        steps in prop::collection::vec((any::<u8>(), any::<usize>(), any::<bool>()), 1..25),
    ) {
        let original = SAMPLES[sample].text;
        let mut app = app(original);
        for (kind, pick, flag) in steps {
            step(&mut app, kind, pick, flag);
            prop_assert!(load(&app.doc.text).is_ok(), "the edited text no longer loads:\n{}", app.doc.text);
            // Now and then a search folds the names, which the next edits (checked in
            // debug builds against the names folded anew) must then keep up to date.
            if pick % 3 == 0 {
                let query = ["a", "e", "Équipe", "new team", "1"][pick % 5];
                prop_assert_eq!(app.doc.search(query), search_org(&app.doc.org, query), "{}", query);
            }
        }
        // Saving the last state gives a file that passes check.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("org.toml");
        frontback::org::save::save_atomic(&file, &app.doc.text).unwrap();
        prop_assert!(load_file(&file, Lang::En).is_ok());
        while !app.session.history.undo.is_empty() {
            app.undo(false);
        }
        prop_assert_eq!(app.doc.text.as_str(), original);
        prop_assert!(!app.session.history.is_modified());
    }
}

/// Whether every line of a text ends with `\r\n`.
fn all_crlf(text: &str) -> bool {
    text.match_indices('\n').all(|(i, _)| text[..i].ends_with('\r'))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// The same on the samples written with `\r\n`: every state keeps `\r\n` on every
    /// line, and undoing everything gives back the original bytes.
    #[test]
    fn edits_of_a_crlf_file_keep_crlf_everywhere(
        sample in 0..SAMPLES.len(),
        steps in prop::collection::vec((any::<u8>(), any::<usize>(), any::<bool>()), 1..16),
    ) {
        let original = SAMPLES[sample].text.replace('\n', "\r\n");
        let mut app = app(&original);
        for (kind, pick, flag) in steps {
            step(&mut app, kind, pick, flag);
            prop_assert!(load(&app.doc.text).is_ok(), "the edited text no longer loads:\n{}", app.doc.text);
            prop_assert!(all_crlf(&app.doc.text), "a line lost its \\r:\n{:?}", app.doc.text);
        }
        while !app.session.history.undo.is_empty() {
            app.undo(false);
        }
        prop_assert_eq!(app.doc.text.as_str(), original.as_str());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A copy made from the document lends its text instead of copying it. Whatever
    /// edits, undos and redos come between (some moving the copied text, some
    /// rewriting it, some deleting it), it pastes exactly what a copy of the text
    /// made at the same moment pastes, and is equal to it.
    #[test]
    fn a_lent_copy_pastes_what_a_copied_one_pastes_whatever_comes_between(
        sample in 0..SAMPLES.len(),
        pick in any::<usize>(),
        steps in prop::collection::vec((any::<u8>(), any::<usize>(), any::<bool>()), 0..16),
        target in any::<usize>(),
        as_child in any::<bool>(),
    ) {
        let mut app = app(SAMPLES[sample].text);
        let path = app.path_of(pick % app.doc.org.len());
        let lent = app.doc.copy(&path).unwrap();
        let copied = copy(&app.doc.text, &path).unwrap();
        for (kind, pick, flag) in steps {
            step(&mut app, kind, pick, flag);
        }
        prop_assert!(lent == copied);
        let target = (!app.doc.org.is_empty()).then(|| app.path_of(target % app.doc.org.len()));
        let paste = |app: &mut App, clip: &frontback::org::edit::Clip| {
            let pasted = app.apply_edit(Edit::Paste { clip: Box::new(clip.clone()), target: target.clone(), as_child });
            (pasted, app.doc.text.to_string())
        };
        let with_copied = paste(&mut app, &copied);
        if with_copied.0 {
            app.undo(false);
        }
        let with_lent = paste(&mut app, &lent);
        prop_assert_eq!(with_lent, with_copied);
    }
}

/// A copy lent by a document that then puts another text in its place, or goes
/// altogether, keeps its text: it pastes into another document as a copy would.
#[test]
fn a_lent_copy_outlives_its_document_and_a_reload() {
    let text = SAMPLES[0].text;
    let mut doc = Document::from_text(None, text.to_string()).unwrap();
    let path = doc.org.owned_path(1);
    let copied = copy(&doc.text, &path).unwrap();
    let lent = doc.copy(&path).unwrap();
    assert!(lent.own_bytes() < copied.own_bytes(), "lent, not copied");
    doc.replace_text(text.replace("[org.", "\n[org.")).unwrap();
    assert!(lent == copied);
    let reloaded_lent = doc.copy(&path).unwrap();
    let other = doc.text.to_string();
    drop(doc);
    assert!(lent == copied && reloaded_lent == copy(&other, &path).unwrap());
    let mut into = Document::from_text(None, text.to_string()).unwrap();
    let target = Some(into.org.owned_path(0));
    let mut pasted = |clip: &frontback::org::edit::Clip| {
        let edit = Edit::Paste { clip: Box::new(clip.clone()), target: target.clone(), as_child: false };
        let applied = into.apply(&edit).unwrap();
        let text = into.text.to_string();
        into.apply_change(&mut { applied.undo }).unwrap();
        text
    };
    assert_eq!(pasted(&lent), pasted(&copied));
}
