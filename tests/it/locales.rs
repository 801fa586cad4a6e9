//! The texts of the program in both languages, as `frontback::text::locale` reads them
//! from `assets/locales/*.toml` (one table per key with `en` and `es`): every key has
//! both, non-empty, with the same `%{...}` placeholders; every file of the folder is
//! compiled in; every key the code asks for exists; and every function of
//! `assets/catalog.toml` has its name and note in both languages.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use frontback::classify::{Model, Verdict};
use frontback::text::Lang;
use frontback::text::locale::{self, Category};

/// A locale key with the file it comes from and its two texts.
struct Text {
    file: &'static str,
    en: locale::Text,
    es: locale::Text,
}

fn locale_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("assets/locales")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        // The glossary is not a locale: it is the list of terms, checked by `spanish`.
        .filter(|p| !p.ends_with("glossary.toml"))
        .collect();
    files.sort();
    assert!(files.iter().any(|f| f.ends_with("core.toml")), "{files:?}");
    files
}

/// Every key of the locale files with its texts. The loader refuses (and this panics
/// on) a file without `_version = 2`, a table that mixes languages and keys, a
/// malformed plural text, and a key defined in two files.
fn texts() -> BTreeMap<String, Text> {
    let on_disk: Vec<String> =
        locale_files().iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    let compiled_in: Vec<String> = locale::FILES.iter().map(|(name, _)| name.to_string()).collect();
    assert_eq!(on_disk, compiled_in, "every locale file is listed in `locale::FILES`");
    let mut all = BTreeMap::new();
    for (key, message) in locale::builtin().iter() {
        let text = |lang: Lang| {
            let text =
                message.get(lang).unwrap_or_else(|| panic!("{}: `{key}` has no {} text", message.file, lang.code()));
            text.clone()
        };
        all.insert(key.to_string(), Text { file: message.file, en: text(Lang::En), es: text(Lang::Es) });
    }
    all
}

fn placeholders(text: &str) -> BTreeSet<&str> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find("%{") {
        let end = rest[start..].find('}').unwrap_or_else(|| panic!("an unclosed placeholder in {text:?}"));
        found.insert(&rest[start + 2..start + end]);
        rest = &rest[start + end + 1..];
    }
    found
}

#[test]
fn every_text_has_english_and_spanish_with_the_same_placeholders() {
    let texts = texts();
    assert!(texts.len() > 100, "{} texts", texts.len());
    for (key, text) in &texts {
        for (lang, forms) in [("en", &text.en), ("es", &text.es)] {
            for form in forms.forms() {
                assert!(!form.trim().is_empty(), "{}: `{key}` has an empty {lang}", text.file);
            }
        }
        // The only text, or the `other` plural form, names every placeholder.
        let (en, es) = (placeholders(text.en.form(Category::Other)), placeholders(text.es.form(Category::Other)));
        assert_eq!(en, es, "{}: `{key}` has different placeholders", text.file);
        assert!(en.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')), "{key}");
        for form in text.en.forms().chain(text.es.forms()) {
            assert!(placeholders(form).is_subset(&en), "{}: `{key}`: {form:?} has a placeholder of its own", text.file);
        }
    }
}

/// String literals of the code shaped like a locale key (`diag.unknown_table`) whose
/// first part is a top-level table of the locale files.
fn keys_in_code(tops: &BTreeSet<String>) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut dirs = vec![PathBuf::from("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let code = std::fs::read_to_string(&path).unwrap();
            for literal in code.split('"').skip(1).step_by(2) {
                let shaped = literal.contains('.')
                    && literal.split('.').all(|part| {
                        !part.is_empty()
                            && part
                                .chars()
                                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
                    });
                let file_name = [".toml", ".rs", ".csv", ".json", ".md", ".dot"].iter().any(|x| literal.ends_with(x));
                let top = literal.split('.').next().unwrap_or_default();
                if shaped && !file_name && tops.contains(top) {
                    found.insert(literal.to_string(), path.display().to_string());
                }
            }
        }
    }
    found
}

#[test]
fn every_key_the_code_names_exists() {
    // A missing key shows as the key itself; this finds it before a user does.
    let texts = texts();
    let tops: BTreeSet<String> = texts.keys().map(|k| k.split('.').next().unwrap().to_string()).collect();
    let used = keys_in_code(&tops);
    assert!(used.len() > 50, "the scan finds the keys: {}", used.len());
    let missing: Vec<_> = used.iter().filter(|(key, _)| !texts.contains_key(*key)).collect();
    assert!(missing.is_empty(), "keys used in the code but in no locale file: {missing:?}");
}

#[test]
fn every_key_the_rules_build_from_parts_exists() {
    let texts = texts();
    let mut keys: Vec<String> = Vec::new();
    for model in ["customer", "profit"] {
        keys.push(format!("model.{model}"));
    }
    for verdict in ["front", "back", "undetermined"] {
        keys.push(format!("verdict.{verdict}"));
    }
    for fact in ["customers", "revenue"] {
        keys.push(format!("reason.undetermined.{fact}"));
        for level in ["direct", "indirect", "none"] {
            keys.push(format!("meaning.{fact}.{level}"));
        }
    }
    for key in keys {
        assert!(texts.contains_key(&key), "`{key}` is missing");
    }
    // And the library finds them in both languages.
    for lang in Lang::ALL {
        for model in Model::ALL {
            let label = model.label(lang);
            assert!(!label.contains("model."), "{label}");
        }
        for verdict in [Verdict::Front, Verdict::Back, Verdict::Undetermined] {
            assert!(!verdict.label(lang).contains("verdict."), "{}", verdict.label(lang));
        }
    }
    assert_eq!(Verdict::Undetermined.label(Lang::Es), "sin determinar");
    assert_eq!(Model::Profit.label(Lang::Es), "modelo de beneficio");
    assert_eq!(Model::Profit.label(Lang::En), "profit model");
    assert_eq!(Model::Customer.label(Lang::Es), "modelo de cliente");
}

#[test]
fn every_catalogue_function_is_described_in_both_languages() {
    let catalog: toml::Table = toml::from_str(include_str!("../../assets/catalog.toml")).unwrap();
    assert!(catalog.len() >= 20, "{} functions", catalog.len());
    let concepts: BTreeSet<String> = (1..=8).map(|n| format!("C{n}")).collect();
    for (key, entry) in &catalog {
        assert!(
            !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "`{key}` is a kebab-case key that needs no quoting"
        );
        let entry = entry.as_table().unwrap();
        let fields: BTreeSet<&str> = entry.keys().map(String::as_str).collect();
        assert_eq!(fields, BTreeSet::from(["concepts", "customers", "name", "note", "revenue"]), "{key}");
        for fact in ["customers", "revenue"] {
            assert!(["direct", "indirect", "none"].contains(&entry[fact].as_str().unwrap()), "{key}.{fact}");
        }
        let cited = entry["concepts"].as_array().unwrap();
        assert!(!cited.is_empty(), "{key} cites a concept fact");
        assert!(cited.iter().all(|c| concepts.contains(c.as_str().unwrap())), "{key}: {cited:?}");
        for field in ["name", "note"] {
            let text = entry[field].as_table().unwrap_or_else(|| panic!("{key}.{field} is {{ en, es }}"));
            let langs: BTreeSet<&str> = text.keys().map(String::as_str).collect();
            assert_eq!(langs, BTreeSet::from(["en", "es"]), "{key}.{field}");
            for lang in ["en", "es"] {
                assert!(!text[lang].as_str().unwrap().trim().is_empty(), "{key}.{field}.{lang} is empty");
            }
        }
        assert_ne!(entry["note"]["en"].as_str(), entry["note"]["es"].as_str(), "{key}: the note is translated");
    }
    // The library reads the same catalogue, in the same order.
    let builtin = frontback::catalog::Catalog::builtin();
    assert_eq!(builtin.keys().collect::<Vec<_>>(), catalog.keys().map(String::as_str).collect::<Vec<_>>());
    for f in builtin.functions() {
        assert!(f.customers.is_some() && f.revenue.is_some(), "{}", f.key);
        assert!(!f.concepts.is_empty(), "{} cites no concept fact", f.key);
        for lang in Lang::ALL {
            assert!(!f.name.get(lang).is_empty() && !f.note.get(lang).is_empty(), "{}", f.key);
        }
    }
}
