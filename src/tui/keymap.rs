//! The one keymap: which key does which [`Action`] in which [`Mode`]. Key handling,
//! the hint bar and the help overlay all read it, so they never drift apart.

use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// The modes that give keys different meanings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Browsing the tree.
    Explorer,
    /// Typing a search.
    Search,
    /// The help overlay is open.
    Help,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Explorer, Mode::Search, Mode::Help];

    /// The name used in the locale files (`mode.<name>`).
    pub fn name(self) -> &'static str {
        match self {
            Mode::Explorer => "explorer",
            Mode::Search => "search",
            Mode::Help => "help",
        }
    }
}

/// A key with its modifiers, in the notation the help overlay shows (`ctrl-s`,
/// `shift-up`, `?`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    /// A key without modifiers.
    pub const fn plain(code: KeyCode) -> Key {
        Key { code, modifiers: KeyModifiers::NONE }
    }

    /// A character key (its case carries the shift).
    pub const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    /// A key with Ctrl held.
    pub const fn ctrl(c: char) -> Key {
        Key { code: KeyCode::Char(c), modifiers: KeyModifiers::CONTROL }
    }

    /// A key with Shift held (for keys that have no upper case).
    pub const fn shift(code: KeyCode) -> Key {
        Key { code, modifiers: KeyModifiers::SHIFT }
    }

    /// The key of a terminal event, normalised: the shift of a character is in its
    /// case, not in the modifiers.
    pub fn from_event(event: &KeyEvent) -> Key {
        let mut modifiers = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        if let KeyCode::Char(_) = event.code {
            modifiers.remove(KeyModifiers::SHIFT);
        }
        if event.code == KeyCode::BackTab {
            modifiers.remove(KeyModifiers::SHIFT);
        }
        Key { code: event.code, modifiers }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("alt-")?;
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Up => f.write_str("up"),
            KeyCode::Down => f.write_str("down"),
            KeyCode::Left => f.write_str("left"),
            KeyCode::Right => f.write_str("right"),
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Home => f.write_str("home"),
            KeyCode::End => f.write_str("end"),
            KeyCode::PageUp => f.write_str("pgup"),
            KeyCode::PageDown => f.write_str("pgdn"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::BackTab => f.write_str("backtab"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::Delete => f.write_str("delete"),
            KeyCode::F(n) => write!(f, "f{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// One binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Binding {
    pub mode: Mode,
    pub key: Key,
    pub action: Action,
}

/// All bindings, in the order the help overlay lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        use Action as A;
        use KeyCode as C;
        use Mode::*;
        let explorer = [
            (A::Up, vec![Key::plain(C::Up), Key::char('k')]),
            (A::Down, vec![Key::plain(C::Down), Key::char('j')]),
            (A::Left, vec![Key::plain(C::Left), Key::char('h')]),
            (A::Right, vec![Key::plain(C::Right), Key::char('l')]),
            (A::ToggleFold, vec![Key::plain(C::Enter), Key::char(' ')]),
            (A::First, vec![Key::char('g'), Key::plain(C::Home)]),
            (A::Last, vec![Key::char('G'), Key::plain(C::End)]),
            (A::PageUp, vec![Key::plain(C::PageUp)]),
            (A::PageDown, vec![Key::plain(C::PageDown)]),
            (A::Search, vec![Key::char('/')]),
            (A::SearchNext, vec![Key::char('n')]),
            (A::SearchPrev, vec![Key::char('N')]),
            (A::CycleModel, vec![Key::char('m')]),
            (A::FoldAll, vec![Key::char('-')]),
            (A::UnfoldAll, vec![Key::char('+')]),
            (A::ToggleGreyOnly, vec![Key::char('!')]),
            (A::ViewExplorer, vec![Key::char('1')]),
            (A::ViewFloorPlan, vec![Key::char('2')]),
            (A::ViewQuiz, vec![Key::char('3')]),
            (A::ViewConcepts, vec![Key::char('4')]),
            (A::ToggleLang, vec![Key::char('L')]),
            (A::Help, vec![Key::char('?')]),
            (A::Quit, vec![Key::char('q'), Key::ctrl('c')]),
        ];
        let search = [
            (A::Confirm, vec![Key::plain(C::Enter)]),
            (A::Cancel, vec![Key::plain(C::Esc)]),
            (A::Quit, vec![Key::ctrl('c')]),
        ];
        let help = [
            (A::Cancel, vec![Key::plain(C::Esc), Key::char('?'), Key::char('q')]),
            (A::Up, vec![Key::plain(C::Up), Key::char('k')]),
            (A::Down, vec![Key::plain(C::Down), Key::char('j')]),
            (A::Quit, vec![Key::ctrl('c')]),
        ];
        let mut bindings = Vec::new();
        for (mode, list) in [(Explorer, &explorer[..]), (Search, &search[..]), (Help, &help[..])] {
            for (action, keys) in list {
                bindings.extend(keys.iter().map(|&key| Binding { mode, key, action: *action }));
            }
        }
        Keymap { bindings }
    }
}

impl Keymap {
    /// The action of a key in a mode.
    pub fn action(&self, mode: Mode, key: Key) -> Option<Action> {
        self.bindings.iter().find(|b| b.mode == mode && b.key == key).map(|b| b.action)
    }

    /// The keys bound to an action in a mode, in order.
    pub fn keys(&self, mode: Mode, action: Action) -> impl Iterator<Item = Key> + '_ {
        self.bindings.iter().filter(move |b| b.mode == mode && b.action == action).map(|b| b.key)
    }

    /// The actions of a mode with their keys, in order, each action once.
    pub fn actions(&self, mode: Mode) -> Vec<(Action, Vec<Key>)> {
        let mut out: Vec<(Action, Vec<Key>)> = Vec::new();
        for b in self.bindings.iter().filter(|b| b.mode == mode) {
            match out.iter_mut().find(|(a, _)| *a == b.action) {
                Some((_, keys)) => keys.push(b.key),
                None => out.push((b.action, vec![b.key])),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_has_at_most_one_action_per_mode() {
        let keymap = Keymap::default();
        for (i, a) in keymap.bindings.iter().enumerate() {
            for b in &keymap.bindings[i + 1..] {
                assert!(!(a.mode == b.mode && a.key == b.key), "{} bound twice in {:?}", a.key, a.mode);
            }
        }
    }

    #[test]
    fn shifted_characters_match_their_binding() {
        let event = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Keymap::default().action(Mode::Explorer, Key::from_event(&event)), Some(Action::Last));
        assert_eq!(Key::shift(KeyCode::Up).to_string(), "shift-up");
        assert_eq!(Key::ctrl('s').to_string(), "ctrl-s");
    }
}
