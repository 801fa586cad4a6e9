//! The one keymap: which key does which [`Action`] in which [`Mode`]. Key handling,
//! the hint bar and the help overlay all read it, so they never drift apart. The
//! default keys are data, `assets/default-keys.toml`, built into the program; the
//! configuration file's keys go over them.

use std::fmt;
use std::sync::LazyLock;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use strum::{EnumIter, EnumString, IntoStaticStr};

use super::action::Action;
use crate::text::Lang;

/// The modes that give keys different meanings, named in the locale files
/// (`mode.<name>`), in configuration (`[keys.<name>]`) and in the default keymap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumString, IntoStaticStr, EnumIter)]
#[strum(serialize_all = "kebab-case")]
pub enum Mode {
    /// Browsing the tree.
    Explorer,
    /// Typing a search.
    Search,
    /// The help overlay is open.
    Help,
    /// Typing a name, an id or a path.
    Prompt,
    /// Editing a department's notes, on several lines.
    Notes,
    /// Answering a question (delete? save before quitting?).
    Confirm,
    /// Choosing a function from the catalogue.
    Picker,
    /// The quiz view: answering questions.
    Quiz,
    /// The floor plan and concepts views: looking, not editing.
    Teaching,
    /// The lesson: stepping through a guided class.
    Lesson,
    /// The split view of two companies: choosing a row, reading its reasons.
    Compare,
}

impl Mode {
    /// Every mode, in the order the help overlay and the default file list them.
    pub const ALL: [Mode; 11] = [
        Mode::Explorer,
        Mode::Search,
        Mode::Prompt,
        Mode::Notes,
        Mode::Confirm,
        Mode::Picker,
        Mode::Quiz,
        Mode::Teaching,
        Mode::Lesson,
        Mode::Compare,
        Mode::Help,
    ];

    /// The name used in the locale files (`mode.<name>`) and in configuration.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// The actions that leave the mode: a keymap must keep a key on at least one of
    /// them, or the user is locked in. The explorer, the quiz and the teaching views
    /// are left by quitting; an overlay by going back (a search and the picker also by
    /// confirming; ctrl-c quits from a search and from the help).
    pub fn ways_out(self) -> &'static [Action] {
        match self {
            Mode::Explorer | Mode::Quiz | Mode::Teaching | Mode::Lesson | Mode::Compare => &[Action::Quit],
            Mode::Search => &[Action::Cancel, Action::Confirm, Action::Quit],
            Mode::Picker | Mode::Notes => &[Action::Cancel, Action::Confirm],
            Mode::Prompt | Mode::Confirm => &[Action::Cancel],
            Mode::Help => &[Action::Cancel, Action::Quit],
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

impl Key {
    /// The key as the interface shows it in `lang`. English shows the notation of
    /// configuration files ([`Display`](fmt::Display)); Spanish shows the names that
    /// Spanish keyboards print (`Ctrl+s`, `Intro`, `Espacio`, `RePág`, arrows as `↑`),
    /// as agreed in `assets/locales/glossary.toml`. Files are always written in the
    /// notation, whatever the language.
    pub fn shown(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        let mut out = String::new();
        for (modifier, name) in
            [(KeyModifiers::CONTROL, "Ctrl+"), (KeyModifiers::ALT, "Alt+"), (KeyModifiers::SHIFT, "Mayús+")]
        {
            if self.modifiers.contains(modifier) {
                out.push_str(name);
            }
        }
        let name = match self.code {
            KeyCode::Char(' ') => "Espacio",
            KeyCode::Char(c) => {
                out.push(c);
                return out;
            }
            KeyCode::Up => "↑",
            KeyCode::Down => "↓",
            KeyCode::Left => "←",
            KeyCode::Right => "→",
            KeyCode::Enter => "Intro",
            KeyCode::Esc => "Esc",
            KeyCode::Home => "Inicio",
            KeyCode::End => "Fin",
            KeyCode::PageUp => "RePág",
            KeyCode::PageDown => "AvPág",
            KeyCode::Tab => "Tab",
            KeyCode::BackTab => "Mayús+Tab",
            KeyCode::Backspace => "Retroceso",
            KeyCode::Delete => "Supr",
            KeyCode::Insert => "Insert",
            KeyCode::F(n) => {
                out.push_str(&format!("F{n}"));
                return out;
            }
            _ => return self.to_string(),
        };
        out.push_str(name);
        out
    }
}

/// The names of the keys that are not a single character, as [`Key`]'s notation
/// writes them (`f1` … `f24` too).
pub const KEY_NAMES: [&str; 16] = [
    "space",
    "enter",
    "esc",
    "tab",
    "backtab",
    "backspace",
    "delete",
    "insert",
    "up",
    "down",
    "left",
    "right",
    "home",
    "end",
    "pgup",
    "pgdn",
];

/// A key's notation that names no key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a key")]
pub struct ParseKeyError {
    /// What was read.
    pub text: String,
    /// The nearest notation, when the text looks like a typo of one.
    pub suggestion: Option<String>,
}

/// Reads the notation that `Display` writes, so that what the help overlay shows can be
/// written in a configuration file: modifiers (`ctrl-`, `alt-`, `shift-`, in any
/// order and case), then one character or a key name (`enter`, `pgdn`, `f5`, …). A
/// character's shift is its case (`shift-g` is `G`), as in [`Key::from_event`];
/// `shift-tab` is `backtab`.
impl std::str::FromStr for Key {
    type Err = ParseKeyError;

    fn from_str(text: &str) -> Result<Key, ParseKeyError> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        // A prefix is a modifier only when a key follows it: `-` and `ctrl--` hold the
        // minus key.
        while let Some((head, tail)) = rest.split_once('-') {
            let modifier = match head.to_ascii_lowercase().as_str() {
                "ctrl" | "control" => KeyModifiers::CONTROL,
                "alt" => KeyModifiers::ALT,
                "shift" => KeyModifiers::SHIFT,
                _ => break,
            };
            if tail.is_empty() {
                break;
            }
            modifiers |= modifier;
            rest = tail;
        }
        let mut chars = rest.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            let c = if modifiers.contains(KeyModifiers::SHIFT) && c.is_lowercase() {
                c.to_uppercase().next().unwrap_or(c)
            } else {
                c
            };
            modifiers.remove(KeyModifiers::SHIFT);
            return Ok(Key { code: KeyCode::Char(c), modifiers });
        }
        let name = rest.to_ascii_lowercase();
        let code = match name.as_str() {
            "space" => KeyCode::Char(' '),
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" if modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "insert" => KeyCode::Insert,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            _ => match name.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                Some(n) if (1..=24).contains(&n) => KeyCode::F(n),
                _ => {
                    let prefix = &text[..text.len() - rest.len()];
                    let suggestion = crate::diagnostic::nearest(&name, KEY_NAMES)
                        .map(|name| format!("{}{name}", prefix.to_ascii_lowercase()));
                    return Err(ParseKeyError { text: text.to_string(), suggestion });
                }
            },
        };
        if matches!(code, KeyCode::Char(_) | KeyCode::BackTab) {
            modifiers.remove(KeyModifiers::SHIFT);
        }
        Ok(Key { code, modifiers })
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

/// The default keymap's text: `[mode]` tables of `action = [keys]`, built into the
/// program.
pub const DEFAULT_KEYS: &str = include_str!("../../assets/default-keys.toml");

/// The default keymap, read once from [`DEFAULT_KEYS`].
static DEFAULT: LazyLock<Keymap> = LazyLock::new(|| match Keymap::from_toml(DEFAULT_KEYS) {
    Ok(keymap) => keymap,
    Err(error) => panic!("assets/default-keys.toml: {error}"),
});

impl Default for Keymap {
    /// The keys of `assets/default-keys.toml`; a configuration file's `[keys]` go
    /// over them with [`Keymap::with_overrides`].
    fn default() -> Keymap {
        DEFAULT.clone()
    }
}

/// What is wrong in a keymap's text, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{place}: {what}")]
pub struct KeymapError {
    /// `[mode] action`, `[mode]` or nothing (the whole text).
    pub place: String,
    pub what: String,
}

impl Keymap {
    /// A keymap from `[mode]` tables of `action = [keys]`, in the order the text gives
    /// them. Only the built-in [`DEFAULT_KEYS`] is read this way: a user's file goes
    /// through the configuration's reader, which says where each problem is.
    pub fn from_toml(text: &str) -> Result<Keymap, KeymapError> {
        let error = |place: String, what: &str| KeymapError { place, what: what.to_string() };
        let modes: toml::Table = toml::from_str(text).map_err(|e| error(String::new(), e.message()))?;
        let mut bindings = Vec::new();
        for (mode_name, actions) in &modes {
            let place = format!("[{mode_name}]");
            let mode: Mode = mode_name.parse().map_err(|_| error(place.clone(), "not a mode"))?;
            let actions = actions.as_table().ok_or_else(|| error(place.clone(), "not a table"))?;
            for (action_name, keys) in actions {
                let place = format!("[{mode_name}] {action_name}");
                let action: Action = action_name.parse().map_err(|_| error(place.clone(), "not an action"))?;
                let keys = keys.as_array().ok_or_else(|| error(place.clone(), "not a list of keys"))?;
                for key in keys {
                    let notation = key.as_str().ok_or_else(|| error(place.clone(), "not a list of keys"))?;
                    let key: Key = notation.parse().map_err(|e: ParseKeyError| error(place.clone(), &e.to_string()))?;
                    bindings.push(Binding { mode, key, action });
                }
            }
        }
        Ok(Keymap { bindings })
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

    /// The first key bound to an action in a mode, as the UI shows it in `lang`
    /// (empty when none is bound): what a message or a hint names.
    pub fn first_shown(&self, mode: Mode, action: Action, lang: Lang) -> String {
        self.keys(mode, action).next().map_or_else(String::new, |key| key.shown(lang))
    }

    /// The key a question shows for an answer: the first plain character bound to it
    /// (`c` rather than `esc`), else its first key.
    pub fn answer_key(&self, mode: Mode, action: Action) -> Option<Key> {
        let plain = |key: &Key| matches!(key.code, KeyCode::Char(c) if c != ' ') && key.modifiers.is_empty();
        self.keys(mode, action).find(plain).or_else(|| self.keys(mode, action).next())
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

impl Keymap {
    /// This keymap with some actions' keys replaced: for each `(mode, action, keys)`,
    /// the action's keys in that mode become exactly `keys` (none: unbound). Every other
    /// binding stays; an action keeps its place in the help overlay's order, and an
    /// action the mode did not have comes last. Two actions may end up on one key:
    /// [`Keymap::conflicts`] finds them.
    pub fn with_overrides(&self, overrides: &[(Mode, Action, Vec<Key>)]) -> Keymap {
        let replaced = |mode: Mode, action: Action| {
            overrides.iter().rev().find(|(m, a, _)| *m == mode && *a == action).map(|(_, _, keys)| keys)
        };
        let mut bindings: Vec<Binding> = Vec::with_capacity(self.bindings.len());
        let mut placed: Vec<(Mode, Action)> = Vec::new();
        for b in &self.bindings {
            match replaced(b.mode, b.action) {
                None => bindings.push(*b),
                Some(keys) => {
                    if !placed.contains(&(b.mode, b.action)) {
                        placed.push((b.mode, b.action));
                        bindings.extend(keys.iter().map(|&key| Binding { key, ..*b }));
                    }
                }
            }
        }
        for (mode, action, _) in overrides {
            if !placed.contains(&(*mode, *action))
                && let Some(keys) = replaced(*mode, *action)
            {
                placed.push((*mode, *action));
                bindings.extend(keys.iter().map(|&key| Binding { mode: *mode, key, action: *action }));
            }
        }
        Keymap { bindings }
    }

    /// Keys that do more than one thing in a mode: each with the actions it is bound
    /// to, in order.
    pub fn conflicts(&self) -> Vec<(Mode, Key, Vec<Action>)> {
        let mut out: Vec<(Mode, Key, Vec<Action>)> = Vec::new();
        for (i, a) in self.bindings.iter().enumerate() {
            if out.iter().any(|(mode, key, _)| *mode == a.mode && *key == a.key) {
                continue;
            }
            let mut actions = vec![a.action];
            for b in &self.bindings[i + 1..] {
                if b.mode == a.mode && b.key == a.key && !actions.contains(&b.action) {
                    actions.push(b.action);
                }
            }
            if actions.len() > 1 {
                out.push((a.mode, a.key, actions));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::*;

    /// The asset reads whole, and every mode keeps the actions it always had, in the
    /// order the help overlay and the default file list them.
    #[test]
    fn the_default_keys_asset_binds_every_action_of_every_mode() {
        let keymap = Keymap::from_toml(DEFAULT_KEYS).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(keymap, Keymap::default());
        let explorer = "up down left right toggle-fold first last page-up page-down panel-down panel-up search \
            search-next search-prev cycle-model fold-all unfold-all grey-only add-child add-sibling rename change-id delete \
            cycle-customers cycle-revenue choose-function edit-notes move-up move-down outdent indent copy cut \
            paste-sibling paste-child undo redo save save-as external-editor view-explorer view-floor-plan view-quiz \
            view-concepts view-lesson view-compare toggle-lang help cancel quit suspend reveal reveal-verdict follow-concept";
        let views = "view-explorer view-floor-plan view-quiz view-concepts view-lesson view-compare cycle-model toggle-lang help quit suspend";
        let lesson = "next-step previous-step first-step last-step view-explorer view-floor-plan view-quiz view-concepts \
            view-lesson view-compare toggle-lang help quit suspend";
        let expected = [
            (Mode::Explorer, explorer.to_string()),
            (Mode::Search, "confirm cancel quit suspend".to_string()),
            (Mode::Prompt, "confirm cancel suspend".to_string()),
            (Mode::Notes, "confirm cancel external-editor suspend".to_string()),
            (Mode::Confirm, "yes no save discard reload external-editor cancel suspend".to_string()),
            (Mode::Picker, "up down confirm cancel suspend".to_string()),
            (
                Mode::Quiz,
                format!(
                    "answer-front answer-a answer-back answer-c answer-d next-question restart-quiz save-result up down page-up page-down first last {views}"
                ),
            ),
            (
                Mode::Teaching,
                format!("up down {views} page-up page-down first last next-fact prev-fact reveal reveal-verdict"),
            ),
            (Mode::Compare, format!("up down page-up page-down first last panel-down panel-up {views}")),
            (Mode::Lesson, lesson.to_string()),
            (Mode::Help, "cancel help up down page-up page-down first last search quit suspend".to_string()),
        ];
        for (mode, actions) in expected {
            let bound: Vec<&str> = keymap.actions(mode).into_iter().map(|(action, _)| action.name()).collect();
            assert_eq!(bound.join(" "), actions, "[{}]", mode.name());
        }
        assert!(Mode::iter().all(|mode| Mode::ALL.contains(&mode)), "every mode is listed");
    }

    #[test]
    fn the_default_keys_leave_every_mode() {
        let keymap = Keymap::default();
        for mode in Mode::ALL {
            assert!(mode.ways_out().iter().any(|&a| keymap.keys(mode, a).next().is_some()), "{mode:?}");
        }
    }

    #[test]
    fn a_keymap_text_with_a_mistake_says_where() {
        let error = |text: &str| Keymap::from_toml(text).unwrap_err().to_string();
        assert_eq!(error("[explorr]\nup = [\"k\"]"), "[explorr]: not a mode");
        assert_eq!(error("[explorer]\nupp = [\"k\"]"), "[explorer] upp: not an action");
        assert_eq!(error("[explorer]\nup = \"k\""), "[explorer] up: not a list of keys");
        assert_eq!(error("[explorer]\nup = [\"ctrl-entr\"]"), "[explorer] up: `ctrl-entr` is not a key");
    }

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

    #[test]
    fn every_key_the_help_shows_reads_back_as_itself() {
        let mut keys: Vec<Key> = Keymap::default().bindings.iter().map(|b| b.key).collect();
        keys.extend([
            Key::plain(KeyCode::F(5)),
            Key::plain(KeyCode::Tab),
            Key::plain(KeyCode::BackTab),
            Key::plain(KeyCode::Backspace),
            Key::plain(KeyCode::Delete),
            Key::plain(KeyCode::Insert),
            Key::char('-'),
            Key::ctrl('-'),
            Key::char('ñ'),
            Key { code: KeyCode::Char('x'), modifiers: KeyModifiers::CONTROL | KeyModifiers::ALT },
            Key { code: KeyCode::Up, modifiers: KeyModifiers::CONTROL | KeyModifiers::SHIFT },
        ]);
        for key in keys {
            assert_eq!(key.to_string().parse::<Key>(), Ok(key), "{key}");
        }
    }

    /// Spanish shows the names Spanish keyboards print; English the file notation.
    #[test]
    fn keys_show_in_the_language_of_the_interface() {
        let shown = |key: Key| (key.shown(Lang::En), key.shown(Lang::Es));
        assert_eq!(shown(Key::plain(KeyCode::Enter)), ("enter".into(), "Intro".into()));
        assert_eq!(shown(Key::char(' ')), ("space".into(), "Espacio".into()));
        assert_eq!(shown(Key::plain(KeyCode::PageUp)), ("pgup".into(), "RePág".into()));
        assert_eq!(shown(Key::plain(KeyCode::PageDown)).1, "AvPág");
        assert_eq!(shown(Key::ctrl('s')), ("ctrl-s".into(), "Ctrl+s".into()));
        assert_eq!(shown(Key::shift(KeyCode::Up)), ("shift-up".into(), "Mayús+↑".into()));
        assert_eq!(shown(Key::plain(KeyCode::BackTab)).1, "Mayús+Tab");
        assert_eq!(shown(Key::char('?')).1, "?");
        assert_eq!(shown(Key::plain(KeyCode::F(5))).1, "F5");
        // What Spanish shows is for people: the notation of files stays English.
        assert!(Key::plain(KeyCode::Enter).shown(Lang::Es).parse::<Key>().is_err());
    }

    #[test]
    fn key_notation_accepts_aliases_and_normalises_shift() {
        let parse = |s: &str| s.parse::<Key>().unwrap();
        assert_eq!(parse("shift-g"), Key::char('G'));
        assert_eq!(parse("Ctrl-S"), Key::ctrl('S'));
        assert_eq!(parse("PageDown"), Key::plain(KeyCode::PageDown));
        assert_eq!(parse("shift-tab"), Key::plain(KeyCode::BackTab));
        assert_eq!(parse("space"), Key::char(' '));
        assert_eq!(parse("-"), Key::char('-'));
        assert_eq!(parse("f"), Key::char('f'));
    }

    #[test]
    fn a_bad_key_notation_suggests_the_nearest_name() {
        let error = "ctrl-entr".parse::<Key>().unwrap_err();
        assert_eq!(error.suggestion.as_deref(), Some("ctrl-enter"));
        assert!("".parse::<Key>().is_err());
        assert!("shift-".parse::<Key>().is_err());
        assert!("f99".parse::<Key>().is_err());
        assert_eq!("banana".parse::<Key>().unwrap_err().suggestion, None);
    }

    #[test]
    fn overrides_replace_an_actions_keys_in_place_and_unbind() {
        let keymap = Keymap::default().with_overrides(&[
            (Mode::Explorer, Action::Save, vec![Key::ctrl('w')]),
            (Mode::Explorer, Action::Delete, vec![]),
        ]);
        assert_eq!(keymap.action(Mode::Explorer, Key::ctrl('w')), Some(Action::Save));
        assert_eq!(keymap.action(Mode::Explorer, Key::char('s')), None);
        assert_eq!(keymap.action(Mode::Explorer, Key::char('d')), None);
        assert_eq!(keymap.action(Mode::Confirm, Key::char('s')), Some(Action::Save));
        let order = |k: &Keymap| k.actions(Mode::Explorer).into_iter().map(|(a, _)| a).collect::<Vec<_>>();
        let mut expected = order(&Keymap::default());
        expected.retain(|&a| a != Action::Delete);
        assert_eq!(order(&keymap), expected);
        assert!(keymap.conflicts().is_empty());
        let clash = Keymap::default().with_overrides(&[(Mode::Quiz, Action::AnswerFront, vec![Key::char('b')])]);
        assert_eq!(
            clash.conflicts(),
            vec![(Mode::Quiz, Key::char('b'), vec![Action::AnswerFront, Action::AnswerBack])]
        );
    }
}
