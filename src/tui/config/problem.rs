//! What can be wrong in a configuration file, said in the user's language with the
//! nearest valid word, and why a file is not in force: for `frontback config --check`
//! every problem, for the status bar one line.

use std::path::PathBuf;

use crate::text::t;

use crate::diagnostic::{Explain, ParserSaid, clip, kind_words, render_all};
use crate::text::Lang;
use crate::tui::action::Action;
use crate::tui::keymap::{Key, Mode};

/// What is wrong in a configuration file, independent of where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The TOML parser rejected the text.
    Syntax { said: ParserSaid },
    /// The bytes are not UTF-8.
    NotUtf8,
    /// Arrays and inline tables nested deeper than the file may have them.
    TooDeep { limit: usize },
    /// A top-level key the file may not have.
    UnknownSetting { key: String, suggestion: Option<String> },
    /// A key of `[theme]` that is no style.
    UnknownStyle { key: String, suggestion: Option<String> },
    /// A key of a style's table other than fg, bg and modifiers.
    UnknownStyleField { key: String, suggestion: Option<String> },
    /// A table of `[keys]` that names no mode.
    UnknownMode { mode: String, suggestion: Option<String> },
    /// An action name that the mode does not have.
    UnknownAction { mode: Mode, action: String, suggestion: Option<String> },
    /// A key's notation that names no key.
    BadKey { key: String, suggestion: Option<String> },
    /// A key bound to two actions in one mode; `other_line` is where the file gives
    /// the key to `other`, `None` when `other` has it by default.
    KeyTwice { mode: Mode, key: Key, action: Action, other: Action, other_line: Option<usize> },
    /// Keys that leave a mode with no way out (the app could then only be killed):
    /// none of `ways` has a key left.
    NoWayOut { mode: Mode, ways: Vec<Action> },
    /// A value of the wrong TOML type.
    WrongType { key: String, expected: Expected, found: &'static str },
    /// A value outside its allowed set.
    BadValue { key: String, value: String, allowed: Vec<&'static str>, suggestion: Option<String> },
    /// A colour that is no name, number or `#rrggbb`.
    BadColour { value: String, suggestion: Option<String> },
    /// A modifier that is not one of bold, dim, italic, underlined, reversed.
    BadModifier { value: String, suggestion: Option<String> },
}

/// The kind of value a setting takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    String,
    Keys,
    Table,
    Style,
    Modifiers,
    Size,
}

impl Expected {
    fn name(self) -> &'static str {
        match self {
            Expected::String => "string",
            Expected::Keys => "keys",
            Expected::Table => "table",
            Expected::Style => "style",
            Expected::Modifiers => "modifiers",
            Expected::Size => "size",
        }
    }

    /// What is expected, in words: a kind of TOML value as the org file's messages
    /// name it, or what this file's own settings take.
    fn words(self, lang: Lang) -> String {
        match self {
            Expected::String | Expected::Table => kind_words(self.name(), lang),
            _ => t!(format!("config.expected.{}", self.name()), locale = lang.code()).into_owned(),
        }
    }
}

impl Problem {
    /// The message in the given language.
    pub fn message(&self, lang: Lang) -> String {
        let l = lang.code();
        match self {
            Problem::Syntax { said } => t!("diag.syntax", locale = l, message = said.message(lang)).into(),
            Problem::NotUtf8 => t!("diag.not_utf8", locale = l).into(),
            Problem::TooDeep { limit } => t!("diag.value_too_deep", locale = l, limit = limit).into(),
            Problem::UnknownSetting { key, .. } => t!("config.unknown_setting", locale = l, key = clip(key)).into(),
            Problem::UnknownStyle { key, .. } => t!("config.unknown_style", locale = l, key = clip(key)).into(),
            Problem::UnknownStyleField { key, .. } => {
                t!("config.unknown_style_field", locale = l, key = clip(key)).into()
            }
            Problem::UnknownMode { mode, .. } => t!("config.unknown_mode", locale = l, mode = clip(mode)).into(),
            Problem::UnknownAction { mode, action, .. } => {
                t!("config.unknown_action", locale = l, action = clip(action), mode = mode.name()).into()
            }
            Problem::BadKey { key, .. } => t!("config.bad_key", locale = l, key = clip(key)).into(),
            Problem::KeyTwice { mode, key, action, other, .. } => t!(
                "config.key_twice",
                locale = l,
                key = clip(&key.to_string()),
                action = action.name(),
                other = other.name(),
                mode = mode.name()
            )
            .into(),
            Problem::NoWayOut { mode, .. } => t!("config.no_way_out", locale = l, mode = mode.name()).into(),
            Problem::WrongType { key, expected, found } => t!(
                "diag.wrong_type",
                locale = l,
                field = clip(key),
                expected = expected.words(lang),
                found = kind_words(found, lang)
            )
            .into(),
            Problem::BadValue { key, value, .. } => {
                t!("config.bad_value", locale = l, key = clip(key), value = clip(value)).into()
            }
            Problem::BadColour { value, .. } => t!("config.bad_colour", locale = l, value = clip(value)).into(),
            Problem::BadModifier { value, .. } => t!("config.bad_modifier", locale = l, value = clip(value)).into(),
        }
    }

    /// The help line: the nearest valid word, and what is allowed.
    pub fn help(&self, lang: Lang) -> Option<String> {
        let l = lang.code();
        let did_you_mean = |s: &Option<String>| s.as_ref().map(|s| t!("diag.did_you_mean", locale = l, word = s));
        let with = |s: &Option<String>, rest: String| match did_you_mean(s) {
            Some(d) => format!("{d} {rest}"),
            None => rest,
        };
        match self {
            Problem::Syntax { .. } | Problem::NotUtf8 | Problem::TooDeep { .. } | Problem::WrongType { .. } => None,
            Problem::UnknownSetting { suggestion, .. }
            | Problem::UnknownStyle { suggestion, .. }
            | Problem::UnknownStyleField { suggestion, .. } => did_you_mean(suggestion).map(Into::into),
            Problem::UnknownMode { suggestion, .. } => {
                let modes: Vec<&str> = Mode::ALL.iter().map(|m| m.name()).collect();
                Some(with(suggestion, t!("config.modes", locale = l, modes = modes.join(", ")).into()))
            }
            Problem::UnknownAction { suggestion, .. } => {
                Some(with(suggestion, t!("config.actions_in_help", locale = l).into()))
            }
            Problem::BadKey { suggestion, .. } => Some(with(suggestion, t!("config.key_notation", locale = l).into())),
            Problem::KeyTwice { other, other_line: None, .. } => {
                Some(t!("config.key_twice_default", locale = l, other = other.name()).into())
            }
            Problem::KeyTwice { other, other_line: Some(line), .. } => {
                Some(t!("config.key_twice_line", locale = l, other = other.name(), line = line).into())
            }
            Problem::NoWayOut { ways, .. } => {
                let ways: Vec<String> = ways.iter().map(|a| format!("`{}`", a.name())).collect();
                Some(t!("config.way_out", locale = l, actions = ways.join(", ")).into())
            }
            Problem::BadValue { allowed, suggestion, .. } => {
                let values: Vec<String> = allowed.iter().map(|v| format!("\"{v}\"")).collect();
                Some(with(suggestion, t!("config.allowed", locale = l, values = values.join(", ")).into()))
            }
            Problem::BadColour { suggestion, .. } => Some(with(suggestion, t!("config.colours", locale = l).into())),
            Problem::BadModifier { suggestion, .. } => {
                Some(with(suggestion, t!("config.modifiers", locale = l).into()))
            }
        }
    }
}

/// A problem at a place in the configuration file, rendered as the org file's are.
pub type Diagnostic = crate::diagnostic::Diagnostic<Problem>;

impl Explain for Problem {
    fn message(&self, lang: Lang) -> String {
        Problem::message(self, lang)
    }
    fn help(&self, lang: Lang) -> Option<String> {
        Problem::help(self, lang)
    }
}

/// Why the configuration file is not in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The file named by `--config` or `$FRONTBACK_CONFIG` could not be read.
    Unreadable { path: PathBuf, error: String },
    /// The file has problems.
    Invalid { path: PathBuf, text: String, diagnostics: Vec<Diagnostic> },
}

impl Failure {
    /// Every problem, compiler style, for `frontback config --check`.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Failure::Unreadable { path, error } => {
                let l = lang.code();
                let message = t!(
                    "config.unreadable",
                    locale = l,
                    file = crate::text::shown_path(path),
                    error = crate::text::sanitize(error)
                );
                format!("{}: {message}\n", t!("diag.error", locale = l))
            }
            Failure::Invalid { path, text, diagnostics } => {
                let file = path.display().to_string();
                render_all(diagnostics, &file, text, lang)
            }
        }
    }

    /// One line for the status bar: the first problem, and how many more there are.
    pub fn summary(&self, lang: Lang) -> String {
        let l = lang.code();
        match self {
            Failure::Unreadable { path, error } => t!(
                "config.status_unreadable",
                locale = l,
                file = crate::text::shown_path(path),
                error = crate::text::sanitize(error)
            )
            .into(),
            Failure::Invalid { path, diagnostics, .. } => {
                let Some(first) = diagnostics.first() else { return String::new() };
                let place = format!("{}:{}:{}", crate::text::shown_path(path), first.line, first.column);
                let mut message = first.problem.message(lang);
                if diagnostics.len() > 1 {
                    message =
                        format!("{message} {}", t!("config.status_more", locale = l, count = diagnostics.len() - 1));
                }
                t!("config.status_invalid", locale = l, place = place, message = message).into()
            }
        }
    }
}
