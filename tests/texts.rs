//! Every text exists in English and Spanish, with the same placeholders.

use std::collections::BTreeSet;

fn placeholders(text: &str) -> BTreeSet<String> {
    text.match_indices("%{").map(|(i, _)| text[i..].split('}').next().unwrap().to_string()).collect()
}

/// Walks a rust-i18n `_version = 2` file: every leaf table holds `en` and `es`.
fn check_table(file: &str, prefix: &str, table: &toml::Table, count: &mut usize) {
    if table.contains_key("en") || table.contains_key("es") {
        *count += 1;
        let en = table.get("en").and_then(|v| v.as_str()).unwrap_or_else(|| panic!("{file}: {prefix} has no en"));
        let es = table.get("es").and_then(|v| v.as_str()).unwrap_or_else(|| panic!("{file}: {prefix} has no es"));
        assert!(!en.trim().is_empty() && !es.trim().is_empty(), "{file}: {prefix} is empty");
        assert_eq!(placeholders(en), placeholders(es), "{file}: {prefix} placeholders differ");
        return;
    }
    for (key, value) in table {
        if key == "_version" {
            continue;
        }
        let table = value.as_table().unwrap_or_else(|| panic!("{file}: {prefix}.{key} is not a table"));
        check_table(file, &format!("{prefix}.{key}"), table, count);
    }
}

#[test]
fn every_ui_text_has_both_languages_with_the_same_placeholders() {
    let mut count = 0;
    for entry in std::fs::read_dir("assets/locales").unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let table: toml::Table = toml::from_str(&text).unwrap();
        check_table(&path.display().to_string(), "", &table, &mut count);
    }
    assert!(count > 100, "{count} texts");
}

#[test]
fn every_catalogue_function_has_a_name_and_a_note_in_both_languages() {
    let catalog = frontback::catalog::Catalog::builtin();
    assert!(catalog.functions().len() >= 17);
    for f in catalog.functions() {
        for text in [&f.name.en, &f.name.es, &f.note.en, &f.note.es] {
            assert!(!text.trim().is_empty(), "{}", f.key);
        }
        assert!(f.customers.is_some() && f.revenue.is_some(), "{}", f.key);
        assert!(!f.concepts.is_empty(), "{} cites no concept fact", f.key);
    }
    for key in ["sales", "showroom", "post-sales-support", "accounting", "it", "manufacturing", "administration"] {
        assert!(catalog.get(key).is_some(), "{key}");
    }
}

#[test]
fn model_and_verdict_names_come_out_in_each_language() {
    use frontback::classify::{Model, Verdict};
    use frontback::text::Lang;
    assert_eq!(Model::Customer.label(Lang::Es), "modelo de cliente");
    assert_eq!(Model::Profit.label(Lang::En), "profit model");
    assert_eq!(Verdict::Undetermined.label(Lang::Es), "sin determinar");
}
