//! Reading a configuration file's text: each setting checked against what it may be,
//! every problem collected with its place, and the user's keys merged over the
//! default keymap.

use std::ops::Range;

use ratatui::style::{Color, Modifier, Style};
use toml::Spanned;
use toml::de::{DeTable, DeValue};
use toml_parser::lexer::TokenKind;

use super::problem::{Diagnostic, Expected, Problem};
use super::{COLOURS, Config, MODIFIERS, VIEWS, parse_colour};
use crate::classify::Model;
use crate::diagnostic::{ParserSaid, nearest, place};
use crate::text::Lang;
use crate::tui::action::Action;
use crate::tui::keymap::{Key, Keymap, Mode};
use crate::tui::theme::{StyleName, Theme};
use strum::VariantNames;

const TOP_LEVEL: [&str; 6] = ["model", "lang", "view", "theme", "keys", "editing"];
const EDITING: [&str; 1] = ["undo_limit"];
const STYLE_FIELDS: [&str; 3] = ["fg", "bg", "modifiers"];

/// Arrays and inline tables may nest this deep in a configuration file (the file needs
/// two levels): the `toml` crate's own bound, which keeps its recursive parser off the
/// bottom of the stack. [`parse`] checks it first, to say where in the user's words.
pub const MAX_NESTING: usize = 80;

/// Reads a configuration file's text: every problem in it, or what it puts in force.
pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
    if let Some(span) = too_deep(text) {
        return Err(vec![Diagnostic::new(Problem::TooDeep { limit: MAX_NESTING }, span, text)]);
    }
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(errors
            .iter()
            .map(|e| {
                let said = ParserSaid::from_message(e.message().trim());
                Diagnostic::new(Problem::Syntax { said }, e.span().unwrap_or(0..0), text)
            })
            .collect());
    }
    let mut reader = Reader { text, diagnostics: Vec::new(), config: Config::default() };
    reader.root(root.get_ref());
    let mut diagnostics = reader.diagnostics;
    if diagnostics.is_empty() {
        Ok(reader.config)
    } else {
        diagnostics.sort_by_key(|d| d.span.start);
        Err(diagnostics)
    }
}

/// Where a value first nests deeper than [`MAX_NESTING`]: the bracket that opens one
/// level too many. Counted on the lexer's tokens, so brackets in strings and comments
/// do not count (a table header's are closed before any value opens).
fn too_deep(text: &str) -> Option<Range<usize>> {
    let mut open: usize = 0;
    for token in toml_parser::Source::new(text).lex() {
        match token.kind() {
            TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => {
                open += 1;
                if open > MAX_NESTING {
                    return Some(token.span().start()..token.span().end());
                }
            }
            TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => open = open.saturating_sub(1),
            _ => {}
        }
    }
    None
}

type Entry<'a, 'i> = (&'a Spanned<std::borrow::Cow<'i, str>>, &'a Spanned<DeValue<'i>>);

/// Walks the parsed file, collecting problems and building the configuration.
struct Reader<'t> {
    text: &'t str,
    diagnostics: Vec<Diagnostic>,
    config: Config,
}

impl Reader<'_> {
    fn problem(&mut self, problem: Problem, span: Range<usize>) {
        self.diagnostics.push(Diagnostic::new(problem, span, self.text));
    }

    fn wrong_type(&mut self, key: &str, expected: Expected, value: &Spanned<DeValue>) {
        let found = value.get_ref().type_str();
        self.problem(Problem::WrongType { key: key.to_string(), expected, found }, value.span());
    }

    /// A string value, or a problem.
    fn string<'v>(&mut self, key: &str, value: &'v Spanned<DeValue>) -> Option<&'v str> {
        match value.get_ref() {
            DeValue::String(s) => Some(s),
            _ => {
                self.wrong_type(key, Expected::String, value);
                None
            }
        }
    }

    /// A string value from a set of words, or a problem that suggests the nearest one.
    fn choice<T: Copy>(&mut self, key: &str, value: &Spanned<DeValue>, choices: &[(&'static str, T)]) -> Option<T> {
        let word = self.string(key, value)?;
        if let Some((_, chosen)) = choices.iter().find(|(name, _)| *name == word) {
            return Some(*chosen);
        }
        let allowed: Vec<&'static str> = choices.iter().map(|(name, _)| *name).collect();
        let suggestion = nearest(word, allowed.iter().copied());
        self.problem(
            Problem::BadValue { key: key.to_string(), value: word.to_string(), allowed, suggestion },
            value.span(),
        );
        None
    }

    fn root(&mut self, root: &DeTable) {
        for (key, value) in root {
            match key.get_ref().as_ref() {
                "model" => {
                    let models: Vec<(&str, Model)> = Model::ALL.iter().map(|&m| (m.as_str(), m)).collect();
                    self.config.model = self.choice("model", value, &models);
                }
                "lang" => {
                    let langs: Vec<(&str, Lang)> = Lang::ALL.iter().map(|&l| (l.code(), l)).collect();
                    self.config.lang = self.choice("lang", value, &langs);
                }
                "view" => self.config.view = self.choice("view", value, &VIEWS),
                "theme" => match value.get_ref() {
                    DeValue::Table(table) => self.theme(table),
                    _ => self.wrong_type("theme", Expected::Table, value),
                },
                "keys" => match value.get_ref() {
                    DeValue::Table(table) => self.keys(table),
                    _ => self.wrong_type("keys", Expected::Table, value),
                },
                "editing" => match value.get_ref() {
                    DeValue::Table(table) => self.editing(table),
                    _ => self.wrong_type("editing", Expected::Table, value),
                },
                other => {
                    let suggestion = nearest(other, TOP_LEVEL);
                    self.problem(Problem::UnknownSetting { key: other.to_string(), suggestion }, key.span());
                }
            }
        }
    }

    /// `[editing]`: the bound of the undo history.
    fn editing(&mut self, table: &DeTable) {
        for (key, value) in table {
            match key.get_ref().as_ref() {
                "undo_limit" => {
                    let bytes = match value.get_ref() {
                        DeValue::String(text) => super::parse_size(text),
                        DeValue::Integer(number) => usize::from_str_radix(number.as_str(), number.radix()).ok(),
                        _ => None,
                    };
                    match bytes {
                        Some(bytes) => self.config.undo_limit = Some(bytes),
                        None => self.wrong_type("undo_limit", Expected::Size, value),
                    }
                }
                other => {
                    let suggestion = nearest(other, EDITING);
                    self.problem(Problem::UnknownSetting { key: other.to_string(), suggestion }, key.span());
                }
            }
        }
    }

    fn theme(&mut self, table: &DeTable) {
        let names: Vec<(&str, &str)> = Theme::NAMES.iter().map(|&n| (n, n)).collect();
        let mut theme = Theme::dark();
        if let Some((_, value)) = table.iter().find(|(key, _)| key.get_ref() == "name")
            && let Some(name) = self.choice("name", value, &names)
        {
            theme = Theme::named(name).unwrap_or_else(Theme::dark);
        }
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            if name == "name" {
                continue;
            }
            let Ok(style) = name.parse::<StyleName>() else {
                let suggestion = nearest(name, StyleName::VARIANTS.iter().copied().chain(["name"]));
                self.problem(Problem::UnknownStyle { key: name.to_string(), suggestion }, key.span());
                continue;
            };
            self.style(name, value, theme.style_mut(style));
        }
        self.config.theme = theme;
    }

    /// A style override: a colour for the text, or a table of fg, bg and modifiers.
    /// What the file does not say stays as the theme has it.
    fn style(&mut self, name: &str, value: &Spanned<DeValue>, style: &mut Style) {
        match value.get_ref() {
            DeValue::String(_) => style.fg = self.colour(name, value).or(style.fg),
            DeValue::Table(table) => {
                for (key, value) in table {
                    match key.get_ref().as_ref() {
                        "fg" => style.fg = self.colour("fg", value).or(style.fg),
                        "bg" => style.bg = self.colour("bg", value).or(style.bg),
                        "modifiers" => {
                            if let Some(modifiers) = self.modifiers(value) {
                                style.add_modifier = modifiers;
                                style.sub_modifier = Modifier::empty();
                            }
                        }
                        other => {
                            let suggestion = nearest(other, STYLE_FIELDS);
                            let problem = Problem::UnknownStyleField { key: other.to_string(), suggestion };
                            self.problem(problem, key.span());
                        }
                    }
                }
            }
            _ => self.wrong_type(name, Expected::Style, value),
        }
    }

    /// The colour a string names; anything else is a problem, said at `value`.
    fn colour(&mut self, key: &str, value: &Spanned<DeValue>) -> Option<Color> {
        let text = self.string(key, value)?;
        match parse_colour(text) {
            Some(colour) => Some(colour),
            None => {
                let suggestion = nearest(text, COLOURS.iter().map(|(name, _)| *name));
                self.problem(Problem::BadColour { value: text.to_string(), suggestion }, value.span());
                None
            }
        }
    }

    /// A value that may be one string or a list of them, as a list; anything else is
    /// a problem.
    fn one_or_many<'v, 'i>(
        &mut self,
        key: &str,
        expected: Expected,
        value: &'v Spanned<DeValue<'i>>,
    ) -> Option<Vec<&'v Spanned<DeValue<'i>>>> {
        match value.get_ref() {
            DeValue::String(_) => Some(vec![value]),
            DeValue::Array(items) => Some(items.iter().collect()),
            _ => {
                self.wrong_type(key, expected, value);
                None
            }
        }
    }

    fn modifiers(&mut self, value: &Spanned<DeValue>) -> Option<Modifier> {
        let items = self.one_or_many("modifiers", Expected::Modifiers, value)?;
        let mut modifiers = Modifier::empty();
        let mut ok = true;
        for item in items {
            let Some(word) = self.string("modifiers", item) else {
                ok = false;
                continue;
            };
            match MODIFIERS.iter().find(|(name, _)| *name == word) {
                Some((_, modifier)) => modifiers |= *modifier,
                None => {
                    ok = false;
                    let suggestion = nearest(word, MODIFIERS.iter().map(|(name, _)| *name));
                    self.problem(Problem::BadModifier { value: word.to_string(), suggestion }, item.span());
                }
            }
        }
        ok.then_some(modifiers)
    }

    fn keys(&mut self, table: &DeTable) {
        let defaults = Keymap::default();
        let mut overrides: Vec<(Mode, Action, Vec<Key>)> = Vec::new();
        // Where the file binds each key: (mode, key, action, span of the key's string).
        let mut placed: Vec<(Mode, Key, Action, Range<usize>)> = Vec::new();
        // Where the file gives each action its keys: (mode, action, span of the name).
        let mut lines: Vec<(Mode, Action, Range<usize>)> = Vec::new();
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            let Ok(mode) = name.parse::<Mode>() else {
                let suggestion = nearest(name, Mode::ALL.iter().map(|m| m.name()));
                self.problem(Problem::UnknownMode { mode: name.to_string(), suggestion }, key.span());
                continue;
            };
            let DeValue::Table(actions) = value.get_ref() else {
                self.wrong_type(name, Expected::Table, value);
                continue;
            };
            let known: Vec<Action> = defaults.actions(mode).into_iter().map(|(a, _)| a).collect();
            for entry in actions {
                if let Ok(action) = entry.0.get_ref().parse::<Action>() {
                    lines.push((mode, action, entry.0.span()));
                }
                self.binding(mode, &known, entry, &mut overrides, &mut placed);
            }
        }
        let keymap = defaults.with_overrides(&overrides);
        for mode in Mode::ALL {
            let ways = mode.ways_out();
            if ways.iter().any(|&action| keymap.keys(mode, action).next().is_some()) {
                continue;
            }
            // Said where the file took the last of them away.
            let Some((_, _, span)) =
                lines.iter().filter(|(m, a, _)| *m == mode && ways.contains(a)).max_by_key(|(_, _, s)| s.start)
            else {
                continue;
            };
            self.problem(Problem::NoWayOut { mode, ways: ways.to_vec() }, span.clone());
        }
        for (mode, key, actions) in keymap.conflicts() {
            let mut spots: Vec<&(Mode, Key, Action, Range<usize>)> =
                placed.iter().filter(|(m, k, a, _)| *m == mode && *k == key && actions.contains(a)).collect();
            spots.sort_by_key(|(_, _, _, span)| span.start);
            let Some((_, _, action, span)) = spots.last().copied() else { continue };
            let action = *action;
            let (other, other_line) = match spots.first() {
                Some((_, _, first, first_span)) if spots.len() > 1 => {
                    (*first, Some(place(self.text, first_span.start).1))
                }
                _ => (actions.iter().copied().find(|a| *a != action).unwrap_or(action), None),
            };
            self.problem(Problem::KeyTwice { mode, key, action, other, other_line }, span.clone());
        }
        self.config.keymap = keymap;
    }

    /// One `action = [keys]` line of a mode.
    fn binding(
        &mut self,
        mode: Mode,
        known: &[Action],
        (key, value): Entry,
        overrides: &mut Vec<(Mode, Action, Vec<Key>)>,
        placed: &mut Vec<(Mode, Key, Action, Range<usize>)>,
    ) {
        let name = key.get_ref().as_ref();
        let Some(action) = name.parse::<Action>().ok().filter(|a| known.contains(a)) else {
            let suggestion = nearest(name, known.iter().map(|a| a.name()));
            self.problem(Problem::UnknownAction { mode, action: name.to_string(), suggestion }, key.span());
            return;
        };
        let Some(items) = self.one_or_many(name, Expected::Keys, value) else { return };
        let mut keys = Vec::new();
        for item in items {
            let DeValue::String(notation) = item.get_ref() else {
                self.wrong_type(name, Expected::Keys, item);
                continue;
            };
            match notation.parse::<Key>() {
                Ok(key) if keys.contains(&key) => {}
                Ok(key) => {
                    keys.push(key);
                    placed.push((mode, key, action, item.span()));
                }
                Err(error) => {
                    let problem = Problem::BadKey { key: notation.to_string(), suggestion: error.suggestion };
                    self.problem(problem, item.span());
                }
            }
        }
        overrides.push((mode, action, keys));
    }
}
