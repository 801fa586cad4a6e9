//! Spanish content: every bundled sample has a Spanish twin with the same ids, facts,
//! functions and verdicts; with no file the sample opens in the UI language, and `L`
//! swaps an unedited sample for its twin; and one term per concept, as agreed in
//! `assets/locales/glossary.toml`, across every Spanish text.

use std::path::Path;

use frontback::document::Document;
use frontback::samples::{SAMPLES, SAMPLES_ES, find_in};
use frontback::text::Lang;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::Value;

use crate::support::pty::Session;
use crate::support::tui::{app_in, press, select, selected, type_text};

/// The JSON report of a sample, without what is written for a language: the names
/// of the company and the departments, and the reasons (which quote function names).
fn facts_of(text: &str) -> Value {
    let doc = Document::from_text(None, text.to_string()).expect("a bundled sample loads");
    let mut report: Value = serde_json::from_str(&frontback::report::json(&doc, Lang::En)).unwrap();
    report["company"].as_object_mut().unwrap().remove("name");
    for department in report["departments"].as_array_mut().unwrap() {
        let department = department.as_object_mut().unwrap();
        department.remove("name");
        for model in ["customer_model", "profit_model"] {
            department[model].as_object_mut().unwrap().remove("reason");
        }
    }
    report
}

#[test]
fn every_sample_has_a_spanish_twin_with_the_same_ids_facts_and_verdicts() {
    assert_eq!(SAMPLES.len(), SAMPLES_ES.len());
    for (en, es) in SAMPLES.iter().zip(&SAMPLES_ES) {
        assert_eq!(en.name, es.name, "the twins are in the same order");
        let on_disk = std::fs::read_to_string(Path::new("sample-orgs/es").join(format!("{}.toml", es.name))).unwrap();
        assert_eq!(on_disk, es.text, "{} is the file of sample-orgs/es", es.name);
        assert_ne!(en.text, es.text, "{} is written in Spanish", es.name);
        let (facts_en, facts_es) = (facts_of(en.text), facts_of(es.text));
        // Ids in the same order, functions, facts and their sources, verdicts, grey areas.
        assert_eq!(facts_en, facts_es, "{}: the twins differ in more than their words", en.name);
        assert!(facts_en["departments"].as_array().unwrap().len() >= 10, "{}", en.name);
        // Names differ: the Spanish twin is not the English file with other comments.
        let names = |text: &str| {
            let doc = Document::from_text(None, text.to_string()).unwrap();
            (0..doc.org.len()).map(|d| doc.org.dept(d).display_name().to_string()).collect::<Vec<_>>()
        };
        let (names_en, names_es) = (names(en.text), names(es.text));
        let translated = names_en.iter().zip(&names_es).filter(|(a, b)| a != b).count();
        assert!(translated * 2 > names_en.len(), "{}: most names are Spanish: {names_es:?}", en.name);
    }
}

/// The files under sample-orgs/ are what the program bundles, each twin beside its own.
#[test]
fn every_file_of_sample_orgs_is_bundled_in_both_languages() {
    for (folder, lang) in [("sample-orgs", Lang::En), ("sample-orgs/es", Lang::Es)] {
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let mut bundled: Vec<String> = SAMPLES.iter().map(|s| s.name.to_string()).collect();
        bundled.sort();
        assert_eq!(names, bundled, "{folder}");
        for name in &names {
            let text = std::fs::read_to_string(Path::new(folder).join(format!("{name}.toml"))).unwrap();
            assert_eq!(find_in(name, lang).unwrap().text, text, "{folder}/{name}");
        }
    }
}

fn key(app: &mut frontback::tui::App, code: KeyCode) {
    app.handle_key(&KeyEvent::new(code, KeyModifiers::NONE));
}

fn is_open(app: &frontback::tui::App, path: &[&str]) -> bool {
    app.explorer.outline.is_open(app.doc.org.find_path(path).unwrap())
}

#[test]
fn l_on_the_unedited_sample_swaps_it_for_its_twin_and_keeps_selection_and_folds() {
    let en = find_in("corner-shop", Lang::En).unwrap();
    let es = find_in("corner-shop", Lang::Es).unwrap();
    let mut app = app_in(en.text, Lang::En, 100, 30);
    select(&mut app, "Supplier orders");
    let workshop = app.doc.org.find_path(&["workshop"]).unwrap();
    app.explorer.outline.set_open(&app.doc, workshop, false);
    assert!(!is_open(&app, &["workshop"]) && is_open(&app, &["administration"]));

    press(&mut app, KeyCode::Char('L'));
    assert_eq!(app.lang, Lang::Es);
    assert_eq!(app.doc.text.as_str(), es.text, "the Spanish twin is shown");
    assert_eq!(selected(&app), "Pedidos a proveedores", "the same department is selected");
    assert_eq!(app.selected_path().unwrap(), ["administration", "orders"]);
    assert!(!is_open(&app, &["workshop"]) && is_open(&app, &["administration"]), "the folds are kept");
    assert!(!app.session.history.is_modified(), "a swapped sample has no unsaved edits");
    assert!(app.session.history.undo.is_empty());

    press(&mut app, KeyCode::Char('L'));
    assert_eq!((app.lang, app.doc.text.as_str()), (Lang::En, en.text), "and back");
    assert_eq!(selected(&app), "Supplier orders");
    assert!(!is_open(&app, &["workshop"]));
}

#[test]
fn l_on_an_edited_sample_or_a_file_only_switches_the_language() {
    let en = find_in("bank", Lang::En).unwrap();
    let mut app = app_in(en.text, Lang::En, 100, 30);
    select(&mut app, "Settlement");
    press(&mut app, KeyCode::Char('r'));
    type_text(&mut app, " desk");
    key(&mut app, KeyCode::Enter);
    assert!(app.session.history.is_modified(), "the rename is an unsaved edit");
    let edited = app.doc.text.as_str().to_string();
    assert!(edited.contains("desk\""), "{edited}");
    press(&mut app, KeyCode::Char('L'));
    assert_eq!((app.lang, app.doc.text.as_str()), (Lang::Es, edited.as_str()), "the edits stay as they are");

    // The same text read from a file on disk is the user's file, not the sample.
    let (_dir, path) = crate::support::temp_file("bank.toml", en.text);
    let doc = Document::from_text(Some(path), en.text.to_string()).unwrap();
    let mut app = frontback::tui::App::new(doc, frontback::tui::Options::default());
    press(&mut app, KeyCode::Char('L'));
    assert_eq!(app.lang, Lang::Es);
    assert_eq!(app.doc.text.as_str(), en.text);
}

/// With no FILE and a Spanish UI the built-in sample opens in Spanish; `L` turns it
/// into the English one, in the real binary.
#[test]
fn without_a_file_the_sample_opens_in_the_language_of_the_ui() {
    let mut session = Session::start_with(&[], &[("LANG", "es_ES.UTF-8")]);
    session.wait_for("Exposición");
    session.wait_for("Mostrador");
    assert!(!session.text().contains("Sales floor"), "{}", session.text());
    session.keys("L");
    session.wait_for("Sales floor");
    session.keys("q");
    assert!(session.wait_exit().success());

    let mut session = Session::start_with(&[], &[]);
    session.wait_for("Sales floor");
    session.keys("q");
    assert!(session.wait_exit().success());
}

/// A glossary entry: the agreed terms and the Spanish words that must not be used.
struct Term {
    key: String,
    es: String,
    avoid: Vec<String>,
}

fn glossary() -> Vec<Term> {
    let text = std::fs::read_to_string("assets/locales/glossary.toml").unwrap();
    let table: toml::Table = text.parse().expect("the glossary is TOML");
    table
        .iter()
        .map(|(key, entry)| {
            let entry = entry.as_table().unwrap_or_else(|| panic!("`{key}` is a table"));
            let field = |name: &str| entry.get(name).and_then(|v| v.as_str()).map(str::to_string);
            assert!(field("en").is_some_and(|t| !t.is_empty()), "`{key}` has an English term");
            let avoid = entry.get("avoid").map_or_else(Vec::new, |list| {
                list.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
            });
            Term { key: key.clone(), es: field("es").unwrap_or_else(|| panic!("`{key}` has a Spanish term")), avoid }
        })
        .collect()
}

/// Every `es` text of a TOML value: the values of keys named `es`, anywhere below.
fn spanish_texts(value: &toml::Value, under_es: bool, out: &mut Vec<String>) {
    match value {
        toml::Value::String(s) if under_es => out.push(s.clone()),
        toml::Value::Table(table) => {
            for (k, v) in table {
                spanish_texts(v, under_es || k == "es", out);
            }
        }
        toml::Value::Array(items) => items.iter().for_each(|v| spanish_texts(v, under_es, out)),
        _ => {}
    }
}

/// Whether `word` occurs in `text` as whole words (case-insensitive).
fn contains_words(text: &str, word: &str) -> bool {
    let (text, word) = (text.to_lowercase(), word.to_lowercase());
    text.match_indices(&word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[test]
fn the_spanish_texts_use_the_terms_of_the_glossary_and_none_it_avoids() {
    let terms = glossary();
    assert!(terms.len() >= 15, "{} terms", terms.len());
    // Every Spanish text: the locales, the catalogue, and the Spanish samples whole.
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir("assets/locales").unwrap().map(|e| e.unwrap().path()).collect();
    files.push("assets/catalog.toml".into());
    for file in files.iter().filter(|f| !f.ends_with("glossary.toml")) {
        let table: toml::Table = std::fs::read_to_string(file).unwrap().parse().unwrap();
        let value = toml::Value::Table(table);
        let mut found = Vec::new();
        spanish_texts(&value, false, &mut found);
        texts.extend(found.into_iter().map(|t| (file.display().to_string(), t)));
    }
    for sample in SAMPLES_ES {
        texts.push((format!("sample-orgs/es/{}.toml", sample.name), sample.text.to_string()));
    }
    assert!(texts.len() > 500, "{} texts", texts.len());
    let mut wrong = Vec::new();
    for term in &terms {
        assert!(!term.avoid.iter().any(|a| contains_words(&term.es, a)), "`{}` avoids its own term", term.key);
        for (file, text) in &texts {
            for avoid in term.avoid.iter().filter(|a| contains_words(text, a)) {
                wrong.push(format!("{file}: «{avoid}» where the glossary says «{}»: {text:?}", term.es));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The scan is not vacuous: each forbidden variant is found where it is planted.
    assert!(contains_words("El Soporte posventa.", "soporte posventa"));
    assert!(!contains_words("soportes", "soporte"));
    // The agreed terms are the ones the program shows.
    let shown =
        |key: &str| frontback::text::locale::builtin().find("es", key).unwrap().1.forms().next().unwrap().to_string();
    assert_eq!(shown("model.customer"), terms.iter().find(|t| t.key == "customer-model").unwrap().es);
    assert_eq!(shown("model.profit"), terms.iter().find(|t| t.key == "profit-model").unwrap().es);
}

/// Large counts are grouped as each language writes them: "20,000" in English, "20 000"
/// in Spanish (a no-break space, and none in a four-digit count), in the tree's title,
/// the tallies and the count of a search's matches.
#[test]
fn large_counts_are_grouped_as_each_language_writes_them() {
    let text = frontback::generate::wide_org_text(20_000, 8);
    for (lang, departments, matches) in [
        (Lang::En, "Departments (20,000)", "1,000 matches"),
        (Lang::Es, "Departamentos (20\u{a0}000)", "1000 coincidencias"),
    ] {
        let mut app = app_in(&text, lang, 120, 40);
        let screen = crate::support::tui::screen(&app);
        assert!(screen.contains(departments), "{lang:?}:\n{screen}");
        let tally = app.doc.tally.model(frontback::classify::Model::Customer);
        let back = lang.number(tally.back);
        assert!(tally.back >= 10_000 && screen.contains(&format!(" {back} ")), "{lang:?}: {back}\n{screen}");
        press(&mut app, KeyCode::Char('/'));
        type_text(&mut app, "Unit 01");
        let screen = crate::support::tui::screen(&app);
        assert!(screen.contains(matches), "{lang:?}:\n{screen}");
    }
}
