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
//!
//! - [`locate`] — where the file is: `--config`, `$FRONTBACK_CONFIG`, the platform's;
//! - [`read`] — the file's text to a [`Config`], or every problem in it;
//! - [`problem`] — what can be wrong, in words, and why a file is not in force;
//! - [`default_file`] — `frontback config --default`;
//! - this module — the words the file uses, and the options the app starts with.

pub mod default_file;
pub mod locate;
pub mod problem;
pub mod read;

use crate::text::t;
use ratatui::style::{Color, Modifier};

use crate::classify::Model;
use crate::diagnostic::utf8_text;
use crate::org::read::Limit;
use crate::text::Lang;
use crate::tui::keymap::Keymap;
use crate::tui::state::{Options, Status, View};
use crate::tui::theme::Theme;

pub use default_file::{default_text, style_text};
pub use locate::{ENV_VAR, Location, Origin, describe};
pub use problem::{Diagnostic, Expected, Failure, Problem};
pub use read::parse;

/// The views by the name the file gives them.
pub const VIEWS: [(&str, View); 5] = [
    ("explorer", View::Explorer),
    ("floor-plan", View::FloorPlan),
    ("quiz", View::Quiz),
    ("concepts", View::Concepts),
    ("lesson", View::Lesson),
];

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

/// What a configuration file puts in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub model: Option<Model>,
    pub lang: Option<Lang>,
    pub view: Option<View>,
    /// The theme with its overrides, before `NO_COLOR` has its say.
    pub theme: Theme,
    pub keymap: Keymap,
    /// `[editing] undo_limit`: the bound of the undo history, in bytes.
    pub undo_limit: Option<usize>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            model: None,
            lang: None,
            view: None,
            theme: Theme::dark(),
            keymap: Keymap::default(),
            undo_limit: None,
        }
    }
}

/// The units a size may end with, as the file writes them, and their bytes.
const SIZE_UNITS: [(&str, usize); 8] = [
    ("B", 1),
    ("KiB", 1 << 10),
    ("MiB", 1 << 20),
    ("GiB", 1 << 30),
    ("KB", 1_000),
    ("MB", 1_000_000),
    ("GB", 1_000_000_000),
    ("", 1),
];

/// A size as the file writes it (`"64 MiB"`, `"500 MB"`, `"1GiB"`, `"4096"`), in bytes.
pub fn parse_size(text: &str) -> Option<usize> {
    let text = text.trim();
    let digits = text.find(|c: char| !c.is_ascii_digit() && c != '_').unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let number: usize = number.replace('_', "").parse().ok()?;
    let unit = unit.trim();
    let (_, bytes) = SIZE_UNITS.iter().find(|(name, _)| name.eq_ignore_ascii_case(unit))?;
    number.checked_mul(*bytes)
}

/// A size in bytes as the file and the status bar write it: in the largest binary unit
/// that divides it (`"64 MiB"`), else in bytes.
pub fn size_text(bytes: usize) -> String {
    for (name, unit) in [("GiB", 1usize << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] {
        if bytes >= unit && bytes.is_multiple_of(unit) {
            return format!("{} {name}", bytes / unit);
        }
    }
    format!("{bytes} B")
}

/// What the command line chose; each wins over the file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    pub model: Option<Model>,
    pub lang: Option<Lang>,
    pub view: Option<View>,
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
        Loaded::read_in(location, Lang::from_env())
    }

    /// [`Loaded::read`], saying why a file cannot be read at all in `lang` (the file's
    /// own `lang` is not known before it is read).
    pub fn read_in(location: Option<Location>, lang: Lang) -> Loaded {
        let Some(location) = location else {
            return Loaded { location: None, config: Config::default(), failure: None };
        };
        match crate::org::read::read_file(&location.path, Limit::Config, lang) {
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
            undo_limit: self.config.undo_limit.unwrap_or(crate::tui::state::history::DEFAULT_UNDO_LIMIT),
            compare: None,
            results: None,
        }
    }
}

/// What `frontback config --check` says: `Ok` with a line for stdout when the file is
/// valid or absent from the platform's folder, `Err` with every problem otherwise.
pub fn check(location: Option<Location>, lang: Lang) -> Result<String, String> {
    let l = lang.code();
    let Some(location) = location else { return Err(t!("config.no_place", locale = l).into()) };
    let loaded = Loaded::read_in(Some(location.clone()), lang);
    match &loaded.failure {
        Some(failure) => Err(failure.render(lang)),
        None if !location.path.exists() => {
            Ok(t!("config.no_file", locale = l, file = crate::text::shown_path(&location.path)).into())
        }
        None => Ok(t!("config.valid", locale = l, file = crate::text::shown_path(&location.path)).into()),
    }
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
    fn a_file_name_with_escapes_is_shown_escaped_in_every_message() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x\u{1b}]0;TITLE\u{7}.toml");
        let location = Location { path: path.clone(), origin: Origin::Flag };
        let invalid = Loaded::from_text(location.clone(), "lang = 3\n".into());
        let missing = Loaded::read_in(Some(location.clone()), Lang::En);
        for lang in [Lang::En, Lang::Es] {
            for failure in [invalid.failure.as_ref().unwrap(), missing.failure.as_ref().unwrap()] {
                for text in [failure.summary(lang), failure.render(lang)] {
                    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "{text:?}");
                    assert!(text.contains("\\u{1b}"), "the escape is shown: {text:?}");
                }
            }
            std::fs::write(&path, "").unwrap();
            let ok = check(Some(location.clone()), lang).unwrap();
            assert!(!ok.contains('\u{1b}') && ok.contains("\\u{1b}"), "{ok:?}");
            std::fs::remove_file(&path).unwrap();
        }
    }
}
