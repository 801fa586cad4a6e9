//! The user's configuration file: where it is, what it may say, and what it puts in
//! force — keys rebound or unbound per mode, a theme with its styles, and the defaults
//! of `--model`, `--lang` and the starting view.
//!
//! ```toml
//! model = "profit"
//! view = "explorer"
//!
//! [theme]
//! name = "light"
//! grey = "#9a6700"
//!
//! [keys.explorer]
//! save = ["ctrl-s", "w"]
//! delete = []            # unbound
//! ```
//!
//! The file is read from `--config FILE`, else `$FRONTBACK_CONFIG`, else the platform's
//! configuration folder (`$XDG_CONFIG_HOME/frontback/config.toml` on Linux). Every
//! problem in it becomes a [`Diagnostic`] that names its line, like the org file's; a
//! file with problems never blocks the user: the defaults apply and the status bar
//! says why. The command line wins over the file, and `NO_COLOR` over any theme.
//! [`default_text`] writes the commented default file from the keymap and the theme
//! themselves, so it never drifts from them.

use std::ffi::OsString;
use std::ops::Range;
use std::path::{Path, PathBuf};

use ratatui::style::{Color, Modifier, Style};
use rust_i18n::t;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::classify::Model;
use crate::org::diagnostic::{Explain, clip, nearest, place, render_all, utf8_text};
use crate::text::Lang;
use crate::tui::action::Action;
use crate::tui::keymap::{Key, Keymap, Mode};
use crate::tui::state::{Options, Status, View};
use crate::tui::theme::Theme;

/// The variable that names the configuration file.
pub const ENV_VAR: &str = "FRONTBACK_CONFIG";

/// The views by the name the file gives them.
pub const VIEWS: [(&str, View); 4] =
    [("explorer", View::Explorer), ("floor-plan", View::FloorPlan), ("quiz", View::Quiz), ("concepts", View::Concepts)];

const TOP_LEVEL: [&str; 5] = ["model", "lang", "view", "theme", "keys"];
const STYLE_FIELDS: [&str; 3] = ["fg", "bg", "modifiers"];

/// The text modifiers a style may have, by name.
const MODIFIERS: [(&str, Modifier); 5] = [
    ("bold", Modifier::BOLD),
    ("dim", Modifier::DIM),
    ("italic", Modifier::ITALIC),
    ("underlined", Modifier::UNDERLINED),
    ("reversed", Modifier::REVERSED),
];

/// The named colours, as the file writes them (ratatui also reads other spellings).
const COLOURS: [(&str, Color); 17] = [
    ("reset", Color::Reset),
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("dark-gray", Color::DarkGray),
    ("light-red", Color::LightRed),
    ("light-green", Color::LightGreen),
    ("light-yellow", Color::LightYellow),
    ("light-blue", Color::LightBlue),
    ("light-magenta", Color::LightMagenta),
    ("light-cyan", Color::LightCyan),
    ("white", Color::White),
];

/// The name of a view in the file.
pub fn view_name(view: View) -> &'static str {
    VIEWS.iter().find(|(_, v)| *v == view).map_or("explorer", |(name, _)| name)
}

/// How the location of the file was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// `--config FILE`.
    Flag,
    /// `$FRONTBACK_CONFIG`.
    Env,
    /// The platform's configuration folder.
    Platform,
}

/// Where the configuration is read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub origin: Origin,
}

impl Location {
    /// `--config FILE`, else `$FRONTBACK_CONFIG`, else the platform's file; `None`
    /// when the system has no configuration folder (no home).
    pub fn find(flag: Option<&Path>) -> Option<Location> {
        Location::find_with(flag, std::env::var_os(ENV_VAR), platform_path())
    }

    /// [`Location::find`] with the variable and the platform's file given.
    pub fn find_with(flag: Option<&Path>, env: Option<OsString>, platform: Option<PathBuf>) -> Option<Location> {
        if let Some(path) = flag {
            return Some(Location { path: path.to_path_buf(), origin: Origin::Flag });
        }
        if let Some(path) = env.filter(|v| !v.is_empty()) {
            return Some(Location { path: PathBuf::from(path), origin: Origin::Env });
        }
        platform.map(|path| Location { path, origin: Origin::Platform })
    }
}

/// The platform's configuration file: `$XDG_CONFIG_HOME/frontback/config.toml` (or
/// `~/.config/…`) on Linux, the Application Support folder on macOS, `%APPDATA%` on
/// Windows.
pub fn platform_path() -> Option<PathBuf> {
    project_dirs().map(|dirs| dirs.config_dir().join("config.toml"))
}

/// The platform's folders for frontback (configuration, data).
pub fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "frontback")
}

/// What a configuration file puts in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub model: Option<Model>,
    pub lang: Option<Lang>,
    pub view: Option<View>,
    /// The theme with its overrides, before `NO_COLOR` has its say.
    pub theme: Theme,
    pub keymap: Keymap,
}

impl Default for Config {
    fn default() -> Config {
        Config { model: None, lang: None, view: None, theme: Theme::dark(), keymap: Keymap::default() }
    }
}

/// What is wrong in a configuration file, independent of where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The TOML parser rejected the text.
    Syntax { message: String },
    /// The bytes are not UTF-8.
    NotUtf8,
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
}

impl Expected {
    fn name(self) -> &'static str {
        match self {
            Expected::String => "string",
            Expected::Keys => "keys",
            Expected::Table => "table",
            Expected::Style => "style",
            Expected::Modifiers => "modifiers",
        }
    }
}

impl Problem {
    /// The message in the given language.
    pub fn message(&self, lang: Lang) -> String {
        let l = lang.code();
        match self {
            Problem::Syntax { message } => t!("diag.syntax", locale = l, message = message).into(),
            Problem::NotUtf8 => t!("diag.not_utf8", locale = l).into(),
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
            Problem::WrongType { key, expected, found } => t!(
                "config.wrong_type",
                locale = l,
                key = clip(key),
                expected = t!(format!("config.expected.{}", expected.name()), locale = l),
                found = t!(format!("config.found.{found}"), locale = l)
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
            Problem::Syntax { .. } | Problem::NotUtf8 | Problem::WrongType { .. } => None,
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
pub type Diagnostic = crate::org::diagnostic::Diagnostic<Problem>;

impl Explain for Problem {
    fn message(&self, lang: Lang) -> String {
        Problem::message(self, lang)
    }
    fn help(&self, lang: Lang) -> Option<String> {
        Problem::help(self, lang)
    }
}

/// Reads a configuration file's text: every problem in it, or what it puts in force.
pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(errors
            .iter()
            .map(|e| {
                let message = e.message().trim().to_string();
                Diagnostic::new(Problem::Syntax { message }, e.span().unwrap_or(0..0), text)
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
                other => {
                    let suggestion = nearest(other, TOP_LEVEL);
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
            let Some(style) = theme.style_mut(name) else {
                let suggestion = nearest(name, Theme::STYLE_NAMES.iter().copied().chain(["name"]));
                self.problem(Problem::UnknownStyle { key: name.to_string(), suggestion }, key.span());
                continue;
            };
            self.style(name, value, style);
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
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            let Some(mode) = Mode::ALL.into_iter().find(|m| m.name() == name) else {
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
                self.binding(mode, &known, entry, &mut overrides, &mut placed);
            }
        }
        let keymap = defaults.with_overrides(&overrides);
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
        let Some(action) = known.iter().copied().find(|a| a.name() == name) else {
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

/// A colour by name (`green`, `light-blue`, `dark-gray`, and ratatui's spellings), by
/// number (0–255) or as `#rrggbb`.
pub fn parse_colour(text: &str) -> Option<Color> {
    COLOURS.iter().find(|(name, _)| *name == text).map(|(_, colour)| *colour).or_else(|| text.parse().ok())
}

/// A colour as the file writes it.
pub fn colour_name(colour: Color) -> String {
    match colour {
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(n) => n.to_string(),
        named => COLOURS.iter().find(|(_, c)| *c == named).map_or_else(|| "reset".to_string(), |(n, _)| n.to_string()),
    }
}

/// A style as the file writes it: `{ fg = "green", modifiers = ["bold"] }`.
pub fn style_text(style: Style) -> String {
    let mut fields = Vec::new();
    if let Some(fg) = style.fg {
        fields.push(format!("fg = \"{}\"", colour_name(fg)));
    }
    if let Some(bg) = style.bg {
        fields.push(format!("bg = \"{}\"", colour_name(bg)));
    }
    let modifiers: Vec<String> = MODIFIERS
        .iter()
        .filter(|(_, m)| style.add_modifier.contains(*m))
        .map(|(name, _)| format!("\"{name}\""))
        .collect();
    if !modifiers.is_empty() {
        fields.push(format!("modifiers = [{}]", modifiers.join(", ")));
    }
    if fields.is_empty() { "{}".to_string() } else { format!("{{ {} }}", fields.join(", ")) }
}

/// A TOML string, quoted and escaped.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// Comment lines (`# …`) for a text of one or more lines.
fn comment(out: &mut String, text: &str) {
    for line in text.lines() {
        if line.is_empty() {
            out.push_str("#\n");
        } else {
            out.push_str(&format!("# {line}\n"));
        }
    }
}

/// A commented-out setting with its explanation at the end of the line.
fn setting(out: &mut String, assignment: &str, note: &str) {
    let line = format!("# {assignment}");
    out.push_str(&format!("{line:<40} # {}\n", note.replace('\n', " ")));
}

/// The default configuration file, every setting commented out with its default value
/// and explained in `lang`; written from the keymap and the theme themselves.
pub fn default_text(lang: Lang) -> String {
    let l = lang.code();
    let mut out = String::new();
    comment(&mut out, &t!("config.default.header", locale = l));
    out.push('\n');
    comment(&mut out, &t!("config.default.model", locale = l));
    out.push_str(&format!("# model = {}\n", quoted(Model::Customer.as_str())));
    comment(&mut out, &t!("config.default.lang", locale = l));
    out.push_str(&format!("# lang = {}\n", quoted(Lang::En.code())));
    comment(&mut out, &t!("config.default.view", locale = l));
    out.push_str(&format!("# view = {}\n", quoted(view_name(View::Explorer))));
    out.push_str("\n[theme]\n");
    comment(&mut out, &t!("config.default.theme", locale = l));
    out.push_str(&format!("# name = {}\n", quoted(Theme::NAMES[0])));
    comment(&mut out, &t!("config.default.styles", locale = l));
    let dark = Theme::dark();
    for name in Theme::STYLE_NAMES {
        let style = dark.style(name).unwrap_or_default();
        setting(&mut out, &format!("{name} = {}", style_text(style)), &t!(format!("config.style.{name}"), locale = l));
    }
    out.push('\n');
    comment(&mut out, &t!("config.default.keys", locale = l));
    let keymap = Keymap::default();
    for mode in Mode::ALL {
        out.push_str(&format!("\n[keys.{}]\n", mode.name()));
        comment(&mut out, &t!(format!("mode.{}", mode.name()), locale = l));
        for (action, keys) in keymap.actions(mode) {
            let keys: Vec<String> = keys.iter().map(|k| quoted(&k.to_string())).collect();
            let description = t!(format!("action.{}", action.name()), locale = l);
            setting(&mut out, &format!("{} = [{}]", action.name(), keys.join(", ")), &description);
        }
    }
    out
}

/// What the command line chose; each wins over the file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    pub model: Option<Model>,
    pub lang: Option<Lang>,
    pub view: Option<View>,
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
                let message = t!("config.unreadable", locale = l, file = path.display(), error = error);
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
            Failure::Unreadable { path, error } => {
                t!("config.status_unreadable", locale = l, file = path.display(), error = error).into()
            }
            Failure::Invalid { path, diagnostics, .. } => {
                let Some(first) = diagnostics.first() else { return String::new() };
                let place = format!("{}:{}:{}", path.display(), first.line, first.column);
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

/// The configuration in force, with where it came from and why it is the default one
/// when the file could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loaded {
    pub location: Option<Location>,
    pub config: Config,
    pub failure: Option<Failure>,
}

impl Loaded {
    /// Reads the file at `location`. A missing file in the platform's folder is no
    /// problem (the defaults apply); a missing file that was named explicitly is.
    pub fn read(location: Option<Location>) -> Loaded {
        let Some(location) = location else {
            return Loaded { location: None, config: Config::default(), failure: None };
        };
        match std::fs::read(&location.path) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound && location.origin == Origin::Platform => {
                Loaded { location: Some(location), config: Config::default(), failure: None }
            }
            Err(error) => {
                let failure = Failure::Unreadable { path: location.path.clone(), error: error.to_string() };
                Loaded { location: Some(location), config: Config::default(), failure: Some(failure) }
            }
            Ok(bytes) => match utf8_text(bytes, Problem::NotUtf8) {
                Ok(text) => Loaded::from_text(location, text),
                Err((text, diagnostic)) => {
                    let failure = Failure::Invalid { path: location.path.clone(), text, diagnostics: vec![diagnostic] };
                    Loaded { location: Some(location), config: Config::default(), failure: Some(failure) }
                }
            },
        }
    }

    /// The configuration of a file's text.
    pub fn from_text(location: Location, text: String) -> Loaded {
        match parse(&text) {
            Ok(config) => Loaded { location: Some(location), config, failure: None },
            Err(diagnostics) => {
                let failure = Failure::Invalid { path: location.path.clone(), text, diagnostics };
                Loaded { location: Some(location), config: Config::default(), failure: Some(failure) }
            }
        }
    }

    /// The language: the command line's, else the file's, else the environment's.
    pub fn lang(&self, flags: &Flags) -> Lang {
        flags.lang.or(self.config.lang).unwrap_or_else(Lang::from_env)
    }

    /// The app's options: the command line wins over the file, the file over the
    /// built-in defaults, and `no_color` (`NO_COLOR`) over any theme; with the reason
    /// the file is not in force, if any, for the status bar.
    pub fn options(&self, flags: &Flags, no_color: bool, read_only: bool, seed: u64) -> Options {
        let lang = self.lang(flags);
        Options {
            model: flags.model.or(self.config.model).unwrap_or(Model::Customer),
            lang,
            read_only,
            theme: self.config.theme.unless_no_color(no_color),
            seed,
            keymap: self.config.keymap.clone(),
            view: flags.view.or(self.config.view).unwrap_or(View::Explorer),
            status: self.failure.as_ref().map(|failure| Status { text: failure.summary(lang), is_error: true }),
        }
    }
}

/// What `frontback config --check` says: `Ok` with a line for stdout when the file is
/// valid or absent from the platform's folder, `Err` with every problem otherwise.
pub fn check(location: Option<Location>, lang: Lang) -> Result<String, String> {
    let l = lang.code();
    let Some(location) = location else { return Err(t!("config.no_place", locale = l).into()) };
    let loaded = Loaded::read(Some(location.clone()));
    match &loaded.failure {
        Some(failure) => Err(failure.render(lang)),
        None if !location.path.exists() => Ok(t!("config.no_file", locale = l, file = location.path.display()).into()),
        None => Ok(t!("config.valid", locale = l, file = location.path.display()).into()),
    }
}

/// What `frontback config --path` says: the path, with a note when the file does not
/// exist yet; `Err` when the system has no configuration folder.
pub fn describe(location: Option<&Location>, lang: Lang) -> Result<(String, Option<String>), String> {
    let l = lang.code();
    let Some(location) = location else { return Err(t!("config.no_place", locale = l).into()) };
    let path = location.path.display().to_string();
    let note = (!location.path.exists()).then(|| t!("config.path_missing", locale = l, file = &path).into());
    Ok((path, note))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_colour_reads_back() {
        for (name, colour) in COLOURS {
            assert_eq!(parse_colour(name), Some(colour));
            assert_eq!(colour_name(colour), name);
        }
        assert_eq!(parse_colour("#1a7f37"), Some(Color::Rgb(0x1a, 0x7f, 0x37)));
        assert_eq!(colour_name(Color::Rgb(0x1a, 0x7f, 0x37)), "#1a7f37");
        assert_eq!(parse_colour("208"), Some(Color::Indexed(208)));
        assert_eq!(parse_colour("Light Blue"), Some(Color::LightBlue));
        assert_eq!(parse_colour("gren"), None);
    }

    #[test]
    fn the_command_line_wins_over_the_variable_over_the_platform() {
        let platform = Some(PathBuf::from("/home/u/.config/frontback/config.toml"));
        let env = Some(OsString::from("/tmp/env.toml"));
        let flag = Path::new("/tmp/flag.toml");
        let find = |flag, env: &Option<OsString>| Location::find_with(flag, env.clone(), platform.clone()).unwrap();
        assert_eq!(find(Some(flag), &env).origin, Origin::Flag);
        assert_eq!(find(None, &env), Location { path: "/tmp/env.toml".into(), origin: Origin::Env });
        assert_eq!(find(None, &Some(OsString::new())).origin, Origin::Platform);
        assert_eq!(find(None, &None).origin, Origin::Platform);
    }
}
