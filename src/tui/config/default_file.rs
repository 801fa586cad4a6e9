//! The default configuration file (`frontback config --default`): every setting
//! commented out with its default value and explained in the user's language, written
//! from the keymap and the theme themselves so that it never drifts from them.

use crate::text::t;
use ratatui::style::Style;

use super::{MODIFIERS, colour_name, view_name};
use crate::classify::Model;
use crate::text::Lang;
use crate::tui::keymap::{Keymap, Mode};
use crate::tui::state::View;
use crate::tui::state::history::DEFAULT_UNDO_LIMIT;
use crate::tui::theme::{StyleName, Theme};
use strum::IntoEnumIterator;

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
    for style in StyleName::iter() {
        let name = style.name();
        let style = dark.style(style);
        setting(&mut out, &format!("{name} = {}", style_text(style)), &t!(format!("config.style.{name}"), locale = l));
    }
    out.push_str("\n[editing]\n");
    comment(&mut out, &t!("config.default.editing", locale = l));
    out.push_str(&format!("# undo_limit = {}\n", quoted(&super::size_text(DEFAULT_UNDO_LIMIT))));
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
