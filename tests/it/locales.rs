//! The texts of the program in both languages: every key of `assets/locales/*.toml`
//! (rust-i18n `_version = 2` files, one leaf table per key with `en` and `es`) has
//! both, non-empty, with the same `%{...}` placeholders; no key is defined twice
//! across files; every key the code asks for exists; and every function of
//! `assets/catalog.toml` has its name and note in both languages.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use frontback::classify::{Model, Verdict};
use frontback::text::Lang;

/// A locale key with the file it comes from and its two texts.
struct Text {
    file: String,
    en: String,
    es: String,
}

fn locale_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("assets/locales")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.iter().any(|f| f.ends_with("core.toml")), "{files:?}");
    files
}

/// Every leaf key of every locale file. Panics on a malformed leaf or a key defined in
/// two files (rust-i18n would silently keep one of them).
fn texts() -> BTreeMap<String, Text> {
    let mut all = BTreeMap::new();
    for path in locale_files() {
        let file = path.display().to_string();
        let table: toml::Table = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(table.get("_version").and_then(|v| v.as_integer()), Some(2), "{file}: `_version = 2`");
        let mut stack: Vec<(String, &toml::Table)> = vec![(String::new(), &table)];
        while let Some((prefix, table)) = stack.pop() {
            if table.contains_key("en") || table.contains_key("es") {
                let keys: BTreeSet<&str> = table.keys().map(String::as_str).collect();
                assert_eq!(keys, BTreeSet::from(["en", "es"]), "{file}: `{prefix}` has exactly en and es");
                let text = |lang: &str| {
                    table[lang].as_str().unwrap_or_else(|| panic!("{file}: `{prefix}.{lang}` is a string")).to_string()
                };
                let previous = all.insert(prefix.clone(), Text { file: file.clone(), en: text("en"), es: text("es") });
                if let Some(previous) = previous {
                    panic!("`{prefix}` is defined in {} and in {file}", previous.file);
                }
                continue;
            }
            for (key, value) in table {
                if prefix.is_empty() && key == "_version" {
                    continue;
                }
                let child = value.as_table().unwrap_or_else(|| panic!("{file}: `{prefix}.{key}` is not a table"));
                let name = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
                stack.push((name, child));
            }
        }
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
        assert!(!text.en.trim().is_empty(), "{}: `{key}` has an empty en", text.file);
        assert!(!text.es.trim().is_empty(), "{}: `{key}` has an empty es", text.file);
        let (en, es) = (placeholders(&text.en), placeholders(&text.es));
        assert_eq!(en, es, "{}: `{key}` has different placeholders", text.file);
        assert!(en.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')), "{key}");
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
    // rust-i18n shows a missing key as the key itself; this finds it before a user does.
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
