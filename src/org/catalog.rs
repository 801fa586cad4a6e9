//! The function catalogue: what a department that performs a function usually does
//! with customers and money (SPEC §4), with a name and a teaching note in English and
//! Spanish. The built-in catalogue is embedded from `assets/catalog.toml`; an org
//! file's `[functions]` table extends or overrides it.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::{Level, Org};
use crate::text::Lang;

/// A text in both languages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Bilingual {
    pub en: String,
    pub es: String,
}

impl Bilingual {
    /// The same text in both languages (for the file's own single-language entries).
    pub fn same(text: &str) -> Bilingual {
        Bilingual { en: text.to_string(), es: text.to_string() }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Es => &self.es,
        }
    }
}

/// One function a department can perform.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Function {
    pub key: String,
    pub name: Bilingual,
    /// Default of the `customers` fact.
    pub customers: Option<Level>,
    /// Default of the `revenue` fact.
    pub revenue: Option<Level>,
    pub note: Bilingual,
    /// The concept facts (C1–C8) the function illustrates.
    pub concepts: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    customers: Level,
    revenue: Level,
    #[serde(default)]
    concepts: Vec<String>,
    name: Bilingual,
    note: Bilingual,
}

/// A set of functions, in display order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalog {
    functions: Vec<Function>,
    /// Where each key is in `functions`: a file may declare thousands of functions.
    /// Keys are short and looked up once per department: a fast hash pays.
    index: HashMap<String, usize, foldhash::fast::RandomState>,
}

impl Catalog {
    /// The built-in catalogue.
    pub fn builtin() -> &'static Catalog {
        static BUILTIN: OnceLock<Catalog> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let entries: toml::Table = toml::from_str(include_str!("../../assets/catalog.toml"))
                .expect("the built-in catalogue is valid TOML (checked by tests)");
            let functions: Vec<Function> = entries
                .into_iter()
                .map(|(key, value)| {
                    let entry: Entry =
                        value.try_into().expect("the built-in catalogue matches its schema (checked by tests)");
                    Function {
                        key,
                        name: entry.name,
                        customers: Some(entry.customers),
                        revenue: Some(entry.revenue),
                        note: entry.note,
                        concepts: entry.concepts,
                    }
                })
                .collect();
            let index = functions.iter().enumerate().map(|(i, f)| (f.key.clone(), i)).collect();
            Catalog { functions, index }
        })
    }

    /// The built-in catalogue with the org file's `[functions]` applied: a known key
    /// takes the fields the file sets, an unknown one is added.
    pub fn for_org(org: &Org) -> Catalog {
        let mut catalog = Catalog::builtin().clone();
        for over in &org.functions {
            let position = catalog.index.get(&over.key).copied();
            let function = match position {
                Some(i) => &mut catalog.functions[i],
                None => {
                    catalog.index.insert(over.key.clone(), catalog.functions.len());
                    catalog.functions.push(Function {
                        key: over.key.clone(),
                        name: Bilingual::same(&over.key),
                        customers: None,
                        revenue: None,
                        note: Bilingual::default(),
                        concepts: Vec::new(),
                    });
                    catalog.functions.last_mut().expect("just pushed")
                }
            };
            if let Some(name) = &over.name {
                function.name = Bilingual::same(name);
            }
            if let Some(note) = &over.note {
                function.note = Bilingual::same(note);
            }
            if over.customers.is_some() {
                function.customers = over.customers;
            }
            if over.revenue.is_some() {
                function.revenue = over.revenue;
            }
        }
        catalog
    }

    /// The function with this key.
    pub fn get(&self, key: &str) -> Option<&Function> {
        self.index.get(key).map(|&i| &self.functions[i])
    }

    /// The key of the function a person means by a word: its key or its display name
    /// in either language, in any case and with surrounding spaces (`Accounting`,
    /// `Contabilidad`, ` VENTAS `). A key wins over a name.
    pub fn understand(&self, word: &str) -> Option<&str> {
        if let Some(f) = self.get(word) {
            return Some(&f.key);
        }
        let word = word.trim().to_lowercase();
        if word.is_empty() {
            return None;
        }
        let by_key = self.functions.iter().find(|f| f.key.to_lowercase() == word);
        by_key
            .or_else(|| {
                self.functions.iter().find(|f| f.name.en.to_lowercase() == word || f.name.es.to_lowercase() == word)
            })
            .map(|f| f.key.as_str())
    }

    /// All functions, in display order.
    pub fn functions(&self) -> &[Function] {
        &self.functions
    }

    /// All keys, in display order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.functions.iter().map(|f| f.key.as_str())
    }
}
