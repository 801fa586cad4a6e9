//! The styles of the interface in one place. With `NO_COLOR` set the theme has no
//! colours at all; badges, `≈` and bold/reverse carry the meaning instead.

use ratatui::style::{Color, Modifier, Style};

use crate::classify::Verdict;

/// Every style the views use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    pub front: Style,
    pub back: Style,
    pub undetermined: Style,
    /// A grey-area row or callout.
    pub grey: Style,
    pub selection: Style,
    pub search_match: Style,
    pub title: Style,
    pub dim: Style,
    pub key: Style,
    pub border: Style,
    pub active_border: Style,
    pub message: Style,
    pub error: Style,
}

impl Theme {
    /// The default theme for dark terminals.
    pub fn dark() -> Theme {
        Theme {
            front: Style::new().fg(Color::Green),
            back: Style::new().fg(Color::Blue),
            undetermined: Style::new().fg(Color::DarkGray),
            grey: Style::new().fg(Color::Yellow).add_modifier(Modifier::ITALIC),
            selection: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            search_match: Style::new().fg(Color::Magenta).add_modifier(Modifier::UNDERLINED),
            title: Style::new().add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::DarkGray),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::DarkGray),
            active_border: Style::new().fg(Color::Cyan),
            message: Style::new().fg(Color::Green),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        }
    }

    /// No colours: only bold, reverse, italic and underline.
    pub fn monochrome() -> Theme {
        let plain = Style::new();
        Theme {
            front: plain,
            back: plain,
            undetermined: plain,
            grey: Style::new().add_modifier(Modifier::ITALIC),
            selection: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            search_match: Style::new().add_modifier(Modifier::UNDERLINED),
            title: Style::new().add_modifier(Modifier::BOLD),
            dim: plain,
            key: Style::new().add_modifier(Modifier::BOLD),
            border: plain,
            active_border: Style::new().add_modifier(Modifier::BOLD),
            message: plain,
            error: Style::new().add_modifier(Modifier::BOLD),
        }
    }

    /// The theme for this environment: monochrome when `NO_COLOR` is set and not empty.
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::monochrome(),
            _ => Theme::dark(),
        }
    }

    /// The style of a verdict.
    pub fn verdict(&self, verdict: Verdict) -> Style {
        match verdict {
            Verdict::Front => self.front,
            Verdict::Back => self.back,
            Verdict::Undetermined => self.undetermined,
        }
    }
}
