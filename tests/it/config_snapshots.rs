//! What a configuration file changes on screen, on a `TestBackend`: rebound and unbound
//! keys in the hint bar and the help overlay (explorer and quiz), each built-in theme
//! with its colours, and `NO_COLOR` leaving no colour at all.

use std::path::Path;

use crate::support::tui::{draw, press, row, screen, select};
use frontback::document::Document;
use frontback::samples::default_sample;
use frontback::text::Lang;
use frontback::tui::View;
use frontback::tui::config::{Flags, Loaded, Location, Origin};
use frontback::tui::keymap::Mode;
use frontback::tui::theme::Theme;
use frontback::tui::{Action, App};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Color;

/// The explorer rebound: help on F1, save on ctrl-w and w, delete unbound, quit on Q.
const EXPLORER: &str = r#"
[keys.explorer]
help = ["f1"]
save = ["ctrl-w", "w"]
delete = []
quit = ["Q"]
"#;

/// The quiz rebound: answers on the arrows, the way back to the explorer unbound.
const QUIZ: &str = r#"
view = "quiz"

[keys.quiz]
answer-front = ["left"]
answer-back = ["right"]
view-explorer = []
"#;

fn loaded(text: &str) -> Loaded {
    let location = Location { path: Path::new("config.toml").to_path_buf(), origin: Origin::Flag };
    let loaded = Loaded::from_text(location, text.to_string());
    assert_eq!(loaded.failure, None);
    loaded
}

fn app_with(loaded: &Loaded, no_color: bool, width: u16, height: u16) -> App {
    let doc = Document::from_text(None, default_sample().text.to_string()).unwrap();
    let flags = Flags { lang: Some(Lang::En), ..Flags::default() };
    let mut app = App::new(doc, loaded.options(&flags, no_color, false, 7));
    app.resize(width, height);
    app
}

/// A plain app (monochrome, so that snapshots are about text) with this configuration.
fn app(text: &str, width: u16, height: u16) -> App {
    app_with(&loaded(text), true, width, height)
}

/// The hint bar: the bottom line.
fn hints(app: &App) -> String {
    let buffer = draw(app);
    row(&buffer, buffer.area.height - 1)
}

/// The rows of the help overlay under a mode's title, up to the next blank row.
fn help_section(app: &App, title: &str) -> String {
    let text = screen(app);
    let rows: Vec<&str> = text.lines().collect();
    // The overlay's left border is where its title is; only what is inside counts.
    let left = rows.iter().find_map(|r| r.find("┌ Help").map(|byte| r[..byte].chars().count())).unwrap();
    let width = (app.size.width - 4).min(90) as usize;
    let inner = |r: &&str| r.chars().skip(left + 1).take(width - 2).collect::<String>().trim().to_string();
    let start = rows.iter().position(|r| inner(r) == title).unwrap_or_else(|| panic!("no {title}:\n{text}"));
    rows[start..].iter().map(inner).take_while(|r| !r.is_empty()).collect::<Vec<_>>().join("\n")
}

#[test]
fn explorer_rebinding_shows_in_the_hint_bar_and_the_help_overlay() {
    let default = app("", 120, 30);
    let mut rebound = app(EXPLORER, 120, 30);
    let (before, after) = (hints(&default), hints(&rebound));
    assert!(before.contains("? help") && before.contains("d delete"), "{before}");
    assert!(after.contains("f1 help") && after.contains("ctrl-w save") && after.contains("Q quit"), "{after}");
    assert!(!after.contains("delete"), "an unbound action has no hint: {after}");
    insta::assert_snapshot!("explorer_hints_default", before);
    insta::assert_snapshot!("explorer_hints_rebound", after);

    press(&mut rebound, KeyCode::F(1));
    assert_eq!(rebound.mode(), Mode::Help);
    let mut tall = app(EXPLORER, 100, 130);
    tall.update(Action::Help);
    let explorer = help_section(&tall, "Explorer");
    assert!(explorer.contains("ctrl-w, w") && explorer.contains("f1") && !explorer.contains("delete"), "{explorer}");
    insta::assert_snapshot!("explorer_help_rebound", screen(&tall));
}

#[test]
fn explorer_rebinding_changes_what_keys_do() {
    let mut app = app(EXPLORER, 120, 30);
    press(&mut app, KeyCode::Char('?'));
    assert_eq!(app.mode(), Mode::Explorer, "? no longer opens the help");
    press(&mut app, KeyCode::Char('d'));
    assert!(app.confirm().is_none(), "d no longer deletes");
    press(&mut app, KeyCode::Char('s'));
    assert!(app.prompt().is_none(), "s no longer saves");
    press(&mut app, KeyCode::Char('q'));
    assert!(!app.should_quit && app.confirm().is_none(), "q no longer quits");
    press(&mut app, KeyCode::Char('w'));
    assert!(app.prompt().is_some(), "w saves: the sample asks for a path");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('Q'));
    assert!(app.should_quit, "Q quits");
}

#[test]
fn quiz_rebinding_shows_in_the_hint_bar_and_the_help_overlay_and_changes_answers() {
    let default = app("view = \"quiz\"", 120, 30);
    let mut rebound = app(QUIZ, 120, 30);
    assert_eq!((rebound.view, rebound.mode()), (View::Quiz, Mode::Quiz));
    let (before, after) = (hints(&default), hints(&rebound));
    // The bar shows the answers of the question on screen: its second is `b`, rebound.
    assert!(before.contains("b ") && before.contains("1 "), "{before}");
    assert!(after.contains("right ") && !after.contains("b ") && !after.contains("1 "), "{after}");
    insta::assert_snapshot!("quiz_hints_default", before);
    insta::assert_snapshot!("quiz_hints_rebound", after);

    let mut tall = app(QUIZ, 100, 130);
    tall.update(Action::Help);
    let quiz = help_section(&tall, "Quiz");
    assert!(quiz.lines().any(|l| l.starts_with("left ")) && quiz.lines().any(|l| l.starts_with("right ")), "{quiz}");
    assert!(!quiz.lines().any(|l| l.starts_with("1 ") || l.starts_with("f ")), "{quiz}");
    insta::assert_snapshot!("quiz_help_rebound", quiz);
    // The explorer's own keys are untouched.
    assert!(help_section(&tall, "Explorer").lines().any(|l| l.starts_with("? ")));

    press(&mut rebound, KeyCode::Char('f'));
    assert!(rebound.quiz.revealed().is_none(), "f no longer answers");
    press(&mut rebound, KeyCode::Char('1'));
    assert_eq!(rebound.view, View::Quiz, "1 no longer leaves the quiz");
    // answer-back picks the second choice of any kind of question.
    press(&mut rebound, KeyCode::Right);
    assert!(rebound.quiz.revealed().is_some(), "right answers");
    // A front-or-back question shows both rebound keys.
    for _ in 0..rebound.quiz.len() {
        let asked = rebound.quiz.revealed().is_none();
        if asked && rebound.quiz.current().is_some_and(|q| q.model().is_some()) {
            break;
        }
        if asked {
            press(&mut rebound, KeyCode::Right);
        }
        press(&mut rebound, KeyCode::Enter);
    }
    let side = hints(&rebound);
    assert!(side.starts_with("left front  right back  "), "{side}");
}

/// The screen with its styles: each row as runs of one style, `fg/bg/modifiers "text"`.
fn styled(buffer: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut runs: Vec<(String, String)> = Vec::new();
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            let style = format!("{}/{}/{:?}", cell.fg, cell.bg, cell.modifier);
            match runs.last_mut() {
                Some((last, text)) if *last == style => text.push_str(cell.symbol()),
                _ => runs.push((style, cell.symbol().to_string())),
            }
        }
        out.push_str(&format!("{y:>2}:"));
        for (style, text) in runs {
            if text.trim().is_empty() && style == "Reset/Reset/NONE" {
                continue;
            }
            out.push_str(&format!(" [{style} {:?}]", text.trim_end()));
        }
        out.push('\n');
    }
    out
}

fn themed(name: &str) -> App {
    let mut app = app_with(&loaded(&format!("[theme]\nname = \"{name}\"\n")), false, 80, 24);
    select(&mut app, "Repair desk");
    app
}

#[test]
fn each_built_in_theme_colours_the_screen_its_way() {
    for (name, theme) in [("dark", Theme::dark()), ("light", Theme::light()), ("high-contrast", Theme::high_contrast())]
    {
        let app = themed(name);
        assert_eq!(app.theme, theme);
        insta::assert_snapshot!(format!("theme_{name}"), styled(&draw(&app)));
    }
    // The themes differ where it matters: the verdicts and the grey areas.
    let front: Vec<_> = ["dark", "light", "high-contrast"].map(|n| Theme::named(n).unwrap().front.fg).to_vec();
    assert!(front[0] != front[1] && front[1] != front[2] && front[0] != front[2]);
}

#[test]
fn a_style_override_changes_only_that_style() {
    let text = "[theme]\nname = \"light\"\ngrey = \"#ff00ff\"\nselection = { bg = \"blue\" }\n";
    let theme = loaded(text).config.theme;
    let light = Theme::light();
    assert_eq!(theme.grey.fg, Some(Color::Rgb(255, 0, 255)));
    assert_eq!(theme.grey.add_modifier, light.grey.add_modifier, "the italic stays");
    assert_eq!(theme.selection, light.selection.bg(Color::Blue));
    assert_eq!(Theme { grey: light.grey, selection: light.selection, ..theme }, light);
}

#[test]
fn no_color_over_any_theme_leaves_no_colour_on_screen() {
    for name in Theme::NAMES {
        let config = format!("[theme]\nname = \"{name}\"\nfront = \"#ff0000\"\nselection = {{ bg = \"blue\" }}\n");
        let mut app = app_with(&loaded(&config), true, 80, 24);
        assert_eq!(app.theme, Theme::monochrome());
        select(&mut app, "Repair desk");
        for screen in [draw(&app), {
            app.update(Action::Help);
            draw(&app)
        }] {
            for cell in screen.content() {
                assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{name}: {cell:?}");
            }
        }
    }
}
