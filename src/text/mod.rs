//! Every user-facing text, in English and Spanish.
//!
//! The strings live in `assets/locales/*.toml` (one key, both languages side by side)
//! and are compiled in and read by [`locale`]; code asks for them with `t!(key, locale =
//! lang.code())`. This module holds the language type, its detection from the
//! environment, [`sanitize`], which keeps text from a file from driving the
//! terminal, and [`newlines`], which counts a text's lines.

pub mod fold;
pub mod locale;
pub mod wrap;

pub(crate) use locale::t;

use std::borrow::Cow;

/// How many line feeds `text` holds: the lines it ends. Counted sixteen or more bytes
/// at a time (`memchr`), as the edits of a huge file count the lines of what they move.
pub fn newlines(text: impl AsRef<[u8]>) -> usize {
    memchr::memchr_iter(b'\n', text.as_ref()).count()
}

/// A language of the user interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Es,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Es];

    /// A whole percentage as the language writes it: "62%" in English, "62 %" in
    /// Spanish.
    pub fn percent(self, value: u64) -> String {
        match self {
            Lang::En => format!("{value}%"),
            Lang::Es => format!("{value}\u{a0}%"),
        }
    }

    /// A count as the language writes it, its digits in groups of three: "1,234,567"
    /// in English; "1 234 567" in Spanish, with no-break spaces, and only from five
    /// digits ("4096"), as the RAE writes numbers.
    pub fn number(self, value: usize) -> String {
        let digits = value.to_string();
        let (separator, from) = match self {
            Lang::En => (',', 4),
            Lang::Es => ('\u{a0}', 5),
        };
        if digits.len() < from {
            return digits;
        }
        let mut out = String::with_capacity(digits.len() * 2);
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(separator);
            }
            out.push(digit);
        }
        out
    }

    /// The locale code (`en`, `es`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    /// Parses `en` or `es`.
    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The other language.
    pub fn toggle(self) -> Lang {
        match self {
            Lang::En => Lang::Es,
            Lang::Es => Lang::En,
        }
    }

    /// Spanish when `LC_ALL`, `LC_MESSAGES` or `LANG` (the first one set) starts with
    /// `es`, else English.
    pub fn from_env() -> Lang {
        Lang::from_vars(|name| std::env::var(name).ok())
    }

    /// [`Lang::from_env`] over any source of variables.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Lang {
        let value = ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(|name| var(name).filter(|v| !v.is_empty()));
        match value {
            Some(v) if v.starts_with("es") => Lang::Es,
            _ => Lang::En,
        }
    }
}

/// What the program was doing with a file when the system refused: a refused
/// permission is said for it (may not read it, write to it, run it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
    Run,
}

/// The reason of an error of the system in `lang`, for the kinds a user meets when
/// naming a file; `None` for the rest (their text stays the system's, in English) and
/// for the program's own errors, which are written in `lang` already.
pub fn system_reason(error: &std::io::Error, lang: Lang, access: Access) -> Option<String> {
    error.raw_os_error()?;
    let key = match (error.kind(), access) {
        (std::io::ErrorKind::NotFound, _) => "read.not_found",
        (std::io::ErrorKind::PermissionDenied, Access::Read) => "read.permission_denied",
        (std::io::ErrorKind::PermissionDenied, Access::Write) => "write.permission_denied",
        (std::io::ErrorKind::PermissionDenied, Access::Run) => "run.permission_denied",
        (std::io::ErrorKind::IsADirectory, _) => "read.is_a_directory",
        _ => return None,
    };
    Some(t!(key, locale = lang.code()).into_owned())
}

/// [`system_reason`], or else the system's own text of the error, in English.
pub fn system_reason_or_own(error: &std::io::Error, lang: Lang, access: Access) -> String {
    system_reason(error, lang, access).unwrap_or_else(|| error.to_string())
}

/// `text` with its first letter in upper case ("customer model" → "Customer model").
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// Text from a file made safe for a terminal: control characters, escape sequences and
/// bidirectional overrides are shown escaped (`\u{1b}`) instead of being sent raw.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A path as a message shows it: through [`sanitize`], so that a file name holding
/// escape sequences cannot reach the terminal raw.
pub fn shown_path(path: &std::path::Path) -> String {
    sanitize(&path.display().to_string()).into_owned()
}

/// Whether a character must not reach a terminal raw: a control character or a
/// bidirectional control (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C).
pub(crate) fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Line feeds are counted wherever they fall, in texts shorter and longer than the
    /// blocks counted at a time, and a carriage return alone ends no line.
    #[test]
    fn newlines_counts_every_line_feed() {
        assert_eq!(newlines(""), 0);
        assert_eq!(newlines("one line"), 0);
        assert_eq!(newlines("a\nb\r\nc\rd\n"), 3);
        let long: String = (0..1000).map(|i| if i % 7 == 0 { '\n' } else { 'x' }).collect();
        assert_eq!(newlines(&long), long.chars().filter(|&c| c == '\n').count());
        assert_eq!(newlines(&long[1..999]), long[1..999].chars().filter(|&c| c == '\n').count());
    }

    /// A refused permission says what was refused: reading, writing or running the
    /// file; the program's own errors keep their words.
    #[test]
    fn a_refused_permission_says_what_was_refused_in_either_language() {
        let refused = std::io::Error::from_raw_os_error(13);
        assert_eq!(refused.kind(), std::io::ErrorKind::PermissionDenied);
        let said = |lang, access| system_reason(&refused, lang, access);
        assert_eq!(said(Lang::En, Access::Read).as_deref(), Some("Permission denied: this user may not read it"));
        assert_eq!(said(Lang::En, Access::Write).as_deref(), Some("Permission denied: this user may not write to it"));
        assert_eq!(said(Lang::En, Access::Run).as_deref(), Some("Permission denied: this user may not run it"));
        assert_eq!(
            said(Lang::Es, Access::Write).as_deref(),
            Some("Permiso denegado: este usuario no puede escribir en él")
        );
        assert_eq!(said(Lang::Es, Access::Run).as_deref(), Some("Permiso denegado: este usuario no puede ejecutarlo"));
        let own = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "the program's own words");
        assert_eq!(system_reason_or_own(&own, Lang::Es, Access::Write), "the program's own words");
    }

    #[test]
    fn counts_are_grouped_as_each_language_writes_them() {
        let en: Vec<String> = [0, 7, 999, 1000, 4096, 83_645, 1_000_000].map(|n| Lang::En.number(n)).into();
        assert_eq!(en, ["0", "7", "999", "1,000", "4,096", "83,645", "1,000,000"]);
        let es: Vec<String> = [0, 999, 4096, 10_000, 83_645, 316_001, 1_000_000].map(|n| Lang::Es.number(n)).into();
        assert_eq!(es, ["0", "999", "4096", "10\u{a0}000", "83\u{a0}645", "316\u{a0}001", "1\u{a0}000\u{a0}000"]);
        assert_eq!(Lang::En.number(u64::MAX as usize), "18,446,744,073,709,551,615");
    }

    #[test]
    fn spanish_locale_variables_select_spanish() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())
        };
        assert_eq!(Lang::from_vars(vars(&[("LANG", "es_ES.UTF-8")])), Lang::Es);
        assert_eq!(Lang::from_vars(vars(&[("LANG", "es_ES.UTF-8"), ("LC_ALL", "en_US")])), Lang::En);
        assert_eq!(Lang::from_vars(vars(&[("LC_MESSAGES", "es_MX")])), Lang::Es);
        assert_eq!(Lang::from_vars(vars(&[])), Lang::En);
    }

    #[test]
    fn escape_sequences_are_shown_not_sent() {
        assert_eq!(sanitize("plain ñ"), "plain ñ");
        let shown = sanitize("a\u{1b}]2;pwned\u{7}b\u{202e}");
        assert!(!shown.chars().any(is_unsafe), "{shown}");
        assert!(shown.contains("\\u{1b}"));
    }
}
