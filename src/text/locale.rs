//! The texts of `assets/locales/*.toml`, looked up by key and language with `t!`.
//!
//! The files are compiled in and parsed once, on the first lookup, into a map from key to
//! one text per language. A file starts with `_version = 2`; each key is a TOML table
//! path holding one text per language code, `[diag.syntax] en = "…" es = "…"`, so the
//! key is `diag.syntax`. `%{name}` in a text is replaced by the value the call passes as
//! `name` (`t!("diag.syntax", locale = code, message = error)`); a placeholder the call
//! does not name stays as written, and a text asked for without values is returned as
//! written. A text may instead be a table of plural forms, `en = { one = "1 department",
//! other = "%{count} departments" }`: the call passes `count`, and the language's rule
//! ([`plural_category`]) picks the form from the count as it is shown (English and
//! Spanish: `one` for exactly 1, `other` otherwise; `other` when no count is passed).
//! A key or language with no text shows the key itself, as `rust-i18n` (which this
//! replaces) did, and a locale such as `es-MX` falls back to `es`.
//!
//! A text without values is borrowed from the map, so the common lookup allocates
//! nothing.

use std::borrow::Cow;
use std::fmt::{Display, Write as _};
use std::sync::OnceLock;

use super::Lang;

/// The locale files, by name, as compiled into the program.
pub const FILES: [(&str, &str); 7] = [
    ("cli.toml", include_str!("../../assets/locales/cli.toml")),
    ("config.toml", include_str!("../../assets/locales/config.toml")),
    ("core.toml", include_str!("../../assets/locales/core.toml")),
    ("parser.toml", include_str!("../../assets/locales/parser.toml")),
    ("share.toml", include_str!("../../assets/locales/share.toml")),
    ("teach.toml", include_str!("../../assets/locales/teach.toml")),
    ("tui.toml", include_str!("../../assets/locales/tui.toml")),
];

/// The text of `key` in `locale`, with `%{name}` placeholders filled in:
/// `t!("diag.syntax", locale = lang.code(), message = error)`. Returns a
/// `Cow<'static, str>`, borrowed when no values are passed.
macro_rules! t {
    ($key:expr, locale = $locale:expr $(,)?) => {
        $crate::text::locale::translate($locale, ::core::convert::AsRef::<str>::as_ref(&$key))
    };
    ($key:expr, locale = $locale:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::text::locale::translate_with(
            $locale,
            ::core::convert::AsRef::<str>::as_ref(&$key),
            &[$((stringify!($name), &$value as &dyn ::core::fmt::Display)),+],
        )
    };
}
pub(crate) use t;

/// The text of `key` in `locale` as written (the `other` form of a plural text), or the
/// key itself when there is none. What `t!` without values calls.
pub fn translate(locale: &str, key: &str) -> Cow<'static, str> {
    builtin().translate(locale, key)
}

/// The text of `key` in `locale` with its placeholders filled in from `values`, the
/// plural form chosen by the value named `count`. What `t!` with values calls.
pub fn translate_with(locale: &str, key: &str, values: &[(&str, &dyn Display)]) -> Cow<'static, str> {
    builtin().translate_with(locale, key, values)
}

/// The texts of [`FILES`], parsed on first use.
pub fn builtin() -> &'static Catalog {
    static BUILTIN: OnceLock<Catalog> = OnceLock::new();
    BUILTIN.get_or_init(|| Catalog::parse(&FILES).unwrap_or_else(|error| panic!("assets/locales/{error}")))
}

/// A plural category (CLDR's names); each language's rule picks one for a count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    One,
    Other,
}

impl Category {
    /// The name of the category in a locale file.
    pub fn name(self) -> &'static str {
        match self {
            Category::One => "one",
            Category::Other => "other",
        }
    }
}

/// The categories a plural text of `lang` must give, in the order a file lists them.
pub fn plural_categories(lang: Lang) -> &'static [Category] {
    match lang {
        Lang::En | Lang::Es => &[Category::One, Category::Other],
    }
}

/// The plural category of `count`, as the user sees it written, in `lang`.
pub fn plural_category(lang: Lang, count: &str) -> Category {
    match lang {
        Lang::En | Lang::Es if count == "1" => Category::One,
        Lang::En | Lang::Es => Category::Other,
    }
}

/// One text of one language: a single string or one string per plural category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text {
    Plain(String),
    /// The forms in the order of [`plural_categories`].
    Plural(Vec<(Category, String)>),
}

impl Text {
    /// The string for `category` (a plain text has only one).
    pub fn form(&self, category: Category) -> &str {
        match self {
            Text::Plain(text) => text,
            Text::Plural(forms) => forms
                .iter()
                .find(|(c, _)| *c == category)
                .or_else(|| forms.iter().find(|(c, _)| *c == Category::Other))
                .map_or("", |(_, text)| text),
        }
    }

    /// Every string of the text: the plain one or each plural form.
    pub fn forms(&self) -> impl Iterator<Item = &str> {
        let (plain, plural) = match self {
            Text::Plain(text) => (Some(text.as_str()), &[][..]),
            Text::Plural(forms) => (None, &forms[..]),
        };
        plain.into_iter().chain(plural.iter().map(|(_, text)| text.as_str()))
    }
}

/// A key's texts, one per language, and the file that defines them.
#[derive(Clone, Debug)]
pub struct Message {
    pub file: &'static str,
    texts: [Option<Text>; Lang::ALL.len()],
}

impl Message {
    /// The text in `lang`, if the file gives one.
    pub fn get(&self, lang: Lang) -> Option<&Text> {
        self.texts[lang as usize].as_ref()
    }
}

/// Every text of a set of locale files, by key.
#[derive(Debug, Default)]
pub struct Catalog {
    messages: foldhash::HashMap<String, Message>,
}

/// Why a locale file cannot be read. The files are part of the program, so the tests
/// find these before a user could.
#[derive(Debug, thiserror::Error)]
pub enum LocaleError {
    #[error("{file}: {message}")]
    Syntax { file: &'static str, message: String },
    #[error("{file}: a locale file starts with `_version = 2`")]
    Version { file: &'static str },
    #[error("{file}: `{key}` is neither a table of keys nor a text in {langs}")]
    NotAText { file: &'static str, key: String, langs: String },
    #[error("{file}: `{key}` mixes texts and keys; a text's table holds only languages")]
    Mixed { file: &'static str, key: String },
    #[error("{file}: `{key}.{lang}` needs the plural forms {expected}, and each is a string")]
    Plural { file: &'static str, key: String, lang: &'static str, expected: String },
    #[error("`{key}` is defined in {first} and in {second}")]
    Duplicate { key: String, first: &'static str, second: &'static str },
}

impl Catalog {
    /// Reads locale files given as (name, contents).
    pub fn parse(files: &[(&'static str, &str)]) -> Result<Catalog, LocaleError> {
        let mut catalog = Catalog::default();
        for &(file, source) in files {
            let table: toml::Table =
                toml::from_str(source).map_err(|e| LocaleError::Syntax { file, message: e.to_string() })?;
            if table.get("_version").and_then(toml::Value::as_integer) != Some(2) {
                return Err(LocaleError::Version { file });
            }
            for (name, value) in table.iter().filter(|(name, _)| *name != "_version") {
                catalog.read(file, name.clone(), value)?;
            }
        }
        Ok(catalog)
    }

    /// Reads the value of `key`: a table of texts by language, or of further keys.
    fn read(&mut self, file: &'static str, key: String, value: &toml::Value) -> Result<(), LocaleError> {
        let langs = || Lang::ALL.map(Lang::code).join(" or ");
        let Some(table) = value.as_table() else {
            return Err(LocaleError::NotAText { file, key, langs: langs() });
        };
        let is_text = table.keys().any(|name| Lang::parse(name).is_some());
        if !is_text {
            for (name, value) in table {
                self.read(file, format!("{key}.{name}"), value)?;
            }
            return Ok(());
        }
        let mut texts: [Option<Text>; Lang::ALL.len()] = Default::default();
        for (name, value) in table {
            let Some(lang) = Lang::parse(name) else {
                return Err(LocaleError::Mixed { file, key });
            };
            let text = Text::read(lang, value).ok_or_else(|| LocaleError::Plural {
                file,
                key: key.clone(),
                lang: lang.code(),
                expected: forms(lang),
            })?;
            texts[lang as usize] = Some(text);
        }
        if let Some(first) = self.messages.get(&key) {
            return Err(LocaleError::Duplicate { key, first: first.file, second: file });
        }
        self.messages.insert(key, Message { file, texts });
        Ok(())
    }

    /// The texts of `key`.
    pub fn get(&self, key: &str) -> Option<&Message> {
        self.messages.get(key)
    }

    /// Every key with its texts, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Message)> {
        self.messages.iter().map(|(key, message)| (key.as_str(), message))
    }

    /// The text of `key` for `locale` and the language it is in: the locale's own, else
    /// that of the locale with its last `-part` cut (`es-MX` → `es`), and so on.
    pub fn find(&self, locale: &str, key: &str) -> Option<(Lang, &Text)> {
        let message = self.messages.get(key)?;
        let mut locale = locale;
        loop {
            if let Some(found) = Lang::parse(locale).and_then(|lang| Some((lang, message.get(lang)?))) {
                return Some(found);
            }
            locale = locale[..locale.rfind('-')?].trim_end_matches("-x");
        }
    }

    /// See [`translate`].
    pub fn translate<'a>(&'a self, locale: &str, key: &str) -> Cow<'a, str> {
        match self.find(locale, key) {
            Some((_, text)) => Cow::Borrowed(text.form(Category::Other)),
            None => Cow::Owned(key.to_owned()),
        }
    }

    /// See [`translate_with`].
    pub fn translate_with<'a>(&'a self, locale: &str, key: &str, values: &[(&str, &dyn Display)]) -> Cow<'a, str> {
        let text = match self.find(locale, key) {
            None => key,
            Some((_, text @ Text::Plain(_))) => text.form(Category::Other),
            Some((lang, text @ Text::Plural(_))) => {
                let count = values.iter().find(|(name, _)| *name == "count");
                text.form(count.map_or(Category::Other, |(_, count)| plural_category(lang, &count.to_string())))
            }
        };
        Cow::Owned(interpolate(text, values))
    }
}

impl Text {
    /// A string, or a table with exactly the plural forms of `lang`, each a string.
    fn read(lang: Lang, value: &toml::Value) -> Option<Text> {
        if let Some(text) = value.as_str() {
            return Some(Text::Plain(text.to_owned()));
        }
        let table = value.as_table()?;
        let categories = plural_categories(lang);
        if table.len() != categories.len() {
            return None;
        }
        let forms = categories.iter().map(|&c| Some((c, table.get(c.name())?.as_str()?.to_owned())));
        forms.collect::<Option<Vec<_>>>().map(Text::Plural)
    }
}

/// The plural forms `lang` needs, for a message: "`one` and `other`".
fn forms(lang: Lang) -> String {
    let names: Vec<String> = plural_categories(lang).iter().map(|c| format!("`{}`", c.name())).collect();
    names.join(" and ")
}

/// `text` with each `%{name}` that `values` names replaced by its value. A value is not
/// searched for placeholders again.
fn interpolate(text: &str, values: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(start) = rest.find("%{") {
        let Some(length) = rest[start + 2..].find('}') else {
            break;
        };
        let end = start + 2 + length;
        out.push_str(&rest[..start]);
        match values.iter().find(|(name, _)| *name == &rest[start + 2..end]) {
            Some((_, value)) => {
                let _ = write!(out, "{value}");
            }
            None => out.push_str(&rest[start..=end]),
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = r#"
_version = 2

[greeting]
en = "Hello, %{name}!"
es = "¡Hola, %{name}!"

[fleet.departments]
en = { one = "1 department", other = "%{count} departments" }
es = { one = "un departamento", other = "%{count} departamentos" }

[only.english]
en = "only English"
"#;

    fn fixture() -> Catalog {
        Catalog::parse(&[("fixture.toml", FIXTURE)]).unwrap()
    }

    #[test]
    fn a_text_without_values_is_borrowed_as_written() {
        let catalog = fixture();
        let text = catalog.translate("es", "greeting");
        assert!(matches!(text, Cow::Borrowed(_)));
        assert_eq!(text, "¡Hola, %{name}!");
        assert!(matches!(translate("en", "diag.error"), Cow::Borrowed("error")));
    }

    #[test]
    fn placeholders_are_filled_by_name_and_unknown_ones_kept() {
        let catalog = fixture();
        let name = String::from("Ana %{name}");
        assert_eq!(catalog.translate_with("en", "greeting", &[("name", &name)]), "Hello, Ana %{name}!");
        assert_eq!(catalog.translate_with("en", "greeting", &[("other", &1)]), "Hello, %{name}!");
        assert_eq!(interpolate("%{a}%{a} %{b} %{open", &[("a", &7), ("b", &'x')]), "77 x %{open");
    }

    #[test]
    fn a_missing_key_or_language_shows_the_key() {
        let catalog = fixture();
        assert_eq!(catalog.translate("en", "no.such.key"), "no.such.key");
        assert_eq!(catalog.translate_with("en", "no.such.key", &[("name", &1)]), "no.such.key");
        assert_eq!(catalog.translate("es", "only.english"), "only.english");
        assert_eq!(catalog.translate("fr", "greeting"), "greeting");
    }

    #[test]
    fn a_regional_locale_falls_back_to_its_language() {
        let catalog = fixture();
        assert_eq!(catalog.translate("es-MX", "greeting"), "¡Hola, %{name}!");
        assert_eq!(catalog.translate("en-x-private", "greeting"), "Hello, %{name}!");
    }

    #[test]
    fn the_count_picks_the_plural_form() {
        let catalog = fixture();
        let departments = |locale, count: &dyn Display| {
            catalog.translate_with(locale, "fleet.departments", &[("count", count)]).into_owned()
        };
        assert_eq!(departments("en", &1), "1 department");
        assert_eq!(departments("en", &0), "0 departments");
        assert_eq!(departments("en", &2_usize), "2 departments");
        assert_eq!(departments("en", &11), "11 departments");
        assert_eq!(departments("es", &1), "un departamento");
        assert_eq!(departments("es", &21), "21 departamentos");
        assert_eq!(departments("en", &1.5), "1.5 departments");
        // Without a count, the `other` form.
        assert_eq!(catalog.translate("en", "fleet.departments"), "%{count} departments");
        assert_eq!(catalog.translate_with("en", "fleet.departments", &[("x", &1)]), "%{count} departments");
    }

    #[test]
    fn the_macro_takes_any_key_and_any_displayable_value() {
        let l = Lang::Es.code();
        let key = String::from("diag.syntax");
        let plain: Cow<'static, str> = t!("diag.error", locale = l);
        let owned: String = t!(key, locale = l, message = "x").into();
        let by_format = t!(format!("diag.{}", "syntax"), locale = "en", message = 3,);
        assert_eq!(plain, "error");
        assert_eq!(owned, "esto no es TOML válido: x");
        assert_eq!(&*by_format, "this is not valid TOML: 3");
    }

    #[test]
    fn malformed_files_are_refused_with_the_file_and_key() {
        let error = |source: &str| Catalog::parse(&[("bad.toml", source)]).unwrap_err().to_string();
        assert_eq!(error("[a]\nen = \"x\""), "bad.toml: a locale file starts with `_version = 2`");
        assert_eq!(error("_version = 2\na = 1"), "bad.toml: `a` is neither a table of keys nor a text in en or es");
        assert_eq!(
            error("_version = 2\n[a]\nen = \"x\"\nfr = \"y\""),
            "bad.toml: `a` mixes texts and keys; a text's table holds only languages"
        );
        assert_eq!(
            error("_version = 2\n[a]\nen = { one = \"x\" }"),
            "bad.toml: `a.en` needs the plural forms `one` and `other`, and each is a string"
        );
        assert_eq!(
            error("_version = 2\n[a]\nen = { one = \"x\", other = \"y\", few = \"z\" }"),
            "bad.toml: `a.en` needs the plural forms `one` and `other`, and each is a string"
        );
        let twice = Catalog::parse(&[
            ("one.toml", "_version = 2\n[a]\nen = \"x\""),
            ("two.toml", "_version = 2\n[a]\nes = \"y\""),
        ]);
        assert_eq!(twice.unwrap_err().to_string(), "`a` is defined in one.toml and in two.toml");
    }

    /// Our interpolation equals rust-i18n's for texts whose every `%` opens a complete
    /// `%{name}`; rust-i18n mangled any other `%`. Keep the files so.
    #[test]
    fn every_percent_in_the_files_opens_a_placeholder() {
        for (key, message) in builtin().iter() {
            for text in Lang::ALL.iter().filter_map(|&lang| message.get(lang)).flat_map(Text::forms) {
                for (at, _) in text.match_indices('%') {
                    let name =
                        text[at..].strip_prefix("%{").and_then(|rest| rest.split_once('}')).map(|(name, _)| name);
                    assert!(
                        name.is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')),
                        "`{key}`: {text:?}"
                    );
                }
            }
        }
    }
}
