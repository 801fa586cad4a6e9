//! The styles of the interface in one place: the built-in themes (dark, light, high
//! contrast), each style by name for the configuration file. With `NO_COLOR` set the
//! theme has no colours at all, whatever the configuration says; badges, `≈` and
//! bold/reverse carry the meaning instead.

use ratatui::style::{Color, Modifier, Style};
use strum::{EnumIter, EnumString, IntoStaticStr, VariantNames};

use crate::classify::Verdict;

/// The styles a configuration file may set under `[theme]`, by the names of
/// [`Theme`]'s fields (`search_match`), in the order the default file lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumString, IntoStaticStr, VariantNames, EnumIter)]
#[strum(serialize_all = "snake_case")]
pub enum StyleName {
    Front,
    Back,
    Grey,
    Undetermined,
    Selection,
    SearchMatch,
    Title,
    Dim,
    Key,
    Border,
    ActiveBorder,
    Message,
    Error,
}

impl StyleName {
    /// The name in the configuration file and in the locale files (`config.style.<name>`).
    pub fn name(self) -> &'static str {
        self.into()
    }
}

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

    /// For light terminals: darker colours that read on a white background.
    pub fn light() -> Theme {
        let rgb = |hex: u32| Color::from_u32(hex);
        Theme {
            front: Style::new().fg(rgb(0x1a7f37)),
            back: Style::new().fg(rgb(0x0550ae)),
            undetermined: Style::new().fg(rgb(0x6e7781)),
            grey: Style::new().fg(rgb(0x9a6700)).add_modifier(Modifier::ITALIC),
            selection: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            search_match: Style::new().fg(rgb(0x8250df)).add_modifier(Modifier::UNDERLINED),
            title: Style::new().add_modifier(Modifier::BOLD),
            dim: Style::new().fg(rgb(0x6e7781)),
            key: Style::new().fg(rgb(0x0969da)).add_modifier(Modifier::BOLD),
            border: Style::new().fg(rgb(0x8c959f)),
            active_border: Style::new().fg(rgb(0x0969da)),
            message: Style::new().fg(rgb(0x1a7f37)),
            error: Style::new().fg(rgb(0xcf222e)).add_modifier(Modifier::BOLD),
        }
    }

    /// Bright colours, bold text and a solid selection, for low vision or a projector.
    pub fn high_contrast() -> Theme {
        let bold = Modifier::BOLD;
        Theme {
            front: Style::new().fg(Color::LightGreen).add_modifier(bold),
            back: Style::new().fg(Color::LightCyan).add_modifier(bold),
            undetermined: Style::new().fg(Color::White),
            grey: Style::new().fg(Color::LightYellow).add_modifier(bold | Modifier::ITALIC),
            selection: Style::new().fg(Color::Black).bg(Color::LightYellow).add_modifier(bold),
            search_match: Style::new().fg(Color::Black).bg(Color::LightMagenta),
            title: Style::new().fg(Color::White).add_modifier(bold | Modifier::UNDERLINED),
            dim: Style::new().fg(Color::Gray),
            key: Style::new().fg(Color::LightYellow).add_modifier(bold),
            border: Style::new().fg(Color::White),
            active_border: Style::new().fg(Color::LightYellow).add_modifier(bold),
            message: Style::new().fg(Color::LightGreen).add_modifier(bold),
            error: Style::new().fg(Color::White).bg(Color::Red).add_modifier(bold),
        }
    }

    /// The names of the built-in themes, as the configuration file writes them.
    pub const NAMES: [&'static str; 3] = ["dark", "light", "high-contrast"];

    /// A built-in theme by name.
    pub fn named(name: &str) -> Option<Theme> {
        match name {
            "dark" => Some(Theme::dark()),
            "light" => Some(Theme::light()),
            "high-contrast" => Some(Theme::high_contrast()),
            _ => None,
        }
    }

    /// A style by its name in the configuration file.
    pub fn style_mut(&mut self, name: StyleName) -> &mut Style {
        match name {
            StyleName::Front => &mut self.front,
            StyleName::Back => &mut self.back,
            StyleName::Grey => &mut self.grey,
            StyleName::Undetermined => &mut self.undetermined,
            StyleName::Selection => &mut self.selection,
            StyleName::SearchMatch => &mut self.search_match,
            StyleName::Title => &mut self.title,
            StyleName::Dim => &mut self.dim,
            StyleName::Key => &mut self.key,
            StyleName::Border => &mut self.border,
            StyleName::ActiveBorder => &mut self.active_border,
            StyleName::Message => &mut self.message,
            StyleName::Error => &mut self.error,
        }
    }

    /// A style by its name in the configuration file.
    pub fn style(&self, name: StyleName) -> Style {
        let mut theme = *self;
        *theme.style_mut(name)
    }

    /// Whether `NO_COLOR` is set and not empty (<https://no-color.org>).
    pub fn no_color_requested() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }

    /// This theme, or the monochrome one when colour is refused: `NO_COLOR` wins over
    /// any theme.
    pub fn unless_no_color(self, no_color: bool) -> Theme {
        if no_color { Theme::monochrome() } else { self }
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

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::*;

    /// The names are what configuration files say: renaming one breaks them.
    #[test]
    fn every_style_keeps_its_name_and_reads_back() {
        assert_eq!(
            StyleName::VARIANTS,
            [
                "front",
                "back",
                "grey",
                "undetermined",
                "selection",
                "search_match",
                "title",
                "dim",
                "key",
                "border",
                "active_border",
                "message",
                "error",
            ]
        );
        for name in StyleName::iter() {
            assert_eq!(name.name().parse::<StyleName>(), Ok(name));
        }
    }
}
