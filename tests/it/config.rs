//! The configuration file: every kind of mistake named with its line by `frontback
//! config --check`, the app starting with the defaults when the file is bad, the
//! command line winning over the file, the default file loading cleanly, and the
//! completions and the manual page generated from the command line's definition.

use std::path::{Path, PathBuf};

use frontback::classify::Model;
use frontback::document::Document;
use frontback::samples::default_sample;
use frontback::text::Lang;
use frontback::tui::View;
use frontback::tui::config::{self, Config, Flags, Loaded, Location, Origin};
use frontback::tui::keymap::{Key, Keymap, Mode};
use frontback::tui::theme::{StyleName, Theme};
use frontback::tui::{Action, App};
use strum::VariantNames;

use crate::support::cli::frontback;
use crate::support::temp_file;

/// Runs `config --check` on a file with this text; returns stderr after asserting a
/// clean failure that names the file.
fn check_fails(text: &[u8]) -> String {
    let (_dir, file) = temp_file("config.toml", text);
    let out = frontback().args(["config", "--check"]).arg(&file).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("config.toml:"), "names the file: {stderr}");
    stderr
}

/// Asserts that `stderr` places an error at `place` (`line:col`), shows the line and
/// says each of `words`.
fn assert_error(stderr: &str, place: &str, line: &str, words: &[&str]) {
    assert!(stderr.contains(&format!("config.toml:{place}\n")), "at {place}: {stderr}");
    let number = place.split(':').next().unwrap();
    assert!(stderr.contains(&format!("{number} | {line}")), "shows `{line}`: {stderr}");
    for word in words {
        assert!(stderr.contains(word), "says `{word}`: {stderr}");
    }
}

#[test]
fn an_unknown_setting_is_placed_and_the_nearest_one_suggested() {
    let err = check_fails(b"# my settings\nmodle = \"profit\"\n");
    assert_error(&err, "2:1", "modle = \"profit\"", &["unknown setting `modle`", "did you mean `model`?"]);
}

#[test]
fn a_value_outside_its_set_lists_the_allowed_ones() {
    let err = check_fails(b"model = \"proft\"\nview = \"floorplan\"\nlang = \"fr\"\n[theme]\nname = \"ligth\"\n");
    assert_error(&err, "1:9", "model = \"proft\"", &["`model` cannot be \"proft\"", "did you mean `profit`?"]);
    assert_error(&err, "2:8", "view = \"floorplan\"", &["did you mean `floor-plan`?", "\"concepts\""]);
    assert_error(&err, "3:8", "lang = \"fr\"", &["allowed values: \"en\", \"es\""]);
    assert_error(&err, "5:8", "name = \"ligth\"", &["did you mean `light`?", "\"high-contrast\""]);
}

#[test]
fn a_bad_colour_a_bad_modifier_and_an_unknown_style_are_placed() {
    let err = check_fails(
        b"[theme]\nfront = \"gren\"\nback = { fg = \"#12345\" }\ngrey = { modifiers = [\"itlic\"] }\nselected = \"red\"\nkey = { colour = \"red\" }\n",
    );
    assert_error(&err, "2:9", "front = \"gren\"", &["\"gren\" is not a colour", "did you mean `green`?"]);
    assert_error(&err, "3:15", "back = { fg = \"#12345\" }", &["\"#12345\" is not a colour", "#rrggbb"]);
    assert_error(&err, "4:23", "grey = { modifiers = [\"itlic\"] }", &["not a text modifier", "`italic`"]);
    assert_error(&err, "5:1", "selected = \"red\"", &["unknown style `selected`", "did you mean `selection`?"]);
    assert_error(&err, "6:9", "key = { colour = \"red\" }", &["unknown field `colour` in a style"]);
}

#[test]
fn an_unknown_mode_suggests_the_nearest_one() {
    let err = check_fails(b"[keys.exploer]\nsave = [\"w\"]\n");
    assert_error(&err, "1:7", "[keys.exploer]", &["unknown mode `exploer`", "did you mean `explorer`?"]);
}

#[test]
fn an_unknown_action_suggests_the_nearest_one_of_its_mode() {
    let err = check_fails(b"[keys.explorer]\nsav = [\"w\"]\n\n[keys.quiz]\nadd-child = [\"a\"]\n");
    assert_error(&err, "2:1", "sav = [\"w\"]", &["`sav` is not an action of the `explorer` mode", "`save`"]);
    // An action of another mode is unknown here.
    assert_error(&err, "5:1", "add-child = [\"a\"]", &["`add-child` is not an action of the `quiz` mode"]);
}

#[test]
fn an_unparseable_key_suggests_the_nearest_notation() {
    let err = check_fails(b"[keys.explorer]\nsave = [\"s\", \"ctrl-entr\"]\nhelp = [\"\"]\n");
    assert_error(&err, "2:14", "save = [\"s\", \"ctrl-entr\"]", &["`ctrl-entr` is not a key", "`ctrl-enter`"]);
    assert_error(&err, "3:9", "help = [\"\"]", &["`` is not a key", "\"shift-up\""]);
}

#[test]
fn a_key_taken_from_a_default_binding_names_the_action_that_has_it() {
    let err = check_fails(b"[keys.explorer]\nrename = [\"s\"]\n");
    assert_error(
        &err,
        "2:11",
        "rename = [\"s\"]",
        &["`s` is bound to both `rename` and `save` in the `explorer` mode", "`save = []`"],
    );
}

#[test]
fn a_key_given_twice_in_the_file_names_both_lines() {
    let err = check_fails(b"[keys.quiz]\nanswer-front = [\"left\"]\nanswer-back = [\"left\"]\n");
    assert_error(&err, "3:16", "answer-back = [\"left\"]", &["`left` is bound to both", "takes it on line 2"]);
}

#[test]
fn a_value_of_the_wrong_type_says_what_was_expected() {
    let err = check_fails(b"model = 2\n[keys.explorer]\nsave = 5\n");
    assert_error(&err, "1:9", "model = 2", &["`model` must be a string, not an integer"]);
    assert_error(&err, "3:8", "save = 5", &["`save` must be a key or a list of keys"]);
}

#[test]
fn a_toml_syntax_error_and_bytes_that_are_not_utf8_are_placed() {
    let err = check_fails(b"[theme]\nname = \"dark\n");
    assert!(err.contains("this is not valid TOML") && err.contains("config.toml:2:"), "{err}");
    let err = check_fails(b"model = \"customer\"\nview = \"\xff\"\n");
    assert!(err.contains("not UTF-8") && err.contains("config.toml:2:9"), "{err}");
}

#[test]
fn a_toml_syntax_error_is_told_in_spanish_too() {
    let told = |text: &[u8]| {
        let (_dir, file) = temp_file("config.toml", text);
        let out = frontback().args(["config", "--check"]).arg(&file).env("LANG", "es_ES.UTF-8").output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains("esto no es TOML válido") && err.contains("config.toml:"), "{err}");
        for word in ["expected", "invalid", "missing", "string", "newline", "unexpected"] {
            assert!(!err.contains(word), "`{word}` left in Spanish: {err}");
        }
        err
    };
    let err = told(b"[theme]\nname = \"dark\n");
    assert!(err.contains("texto entre comillas dobles no está cerrado"), "{err}");
    // What the parser expected, a line break written as a literal.
    let err = told(b"model = \"customer\" \"profit\"\n");
    assert!(err.contains("(se esperaba: `\\n`"), "{err}");
}

#[test]
fn every_problem_is_reported_not_only_the_first_and_in_spanish_too() {
    let (_dir, file) = temp_file("config.toml", "modle = 1\n[keys.explorer]\nsav = []\n[theme]\nfront = \"gren\"\n");
    let out = frontback().args(["config", "--lang", "es", "--check"]).arg(&file).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(err.matches("error:").count(), 3, "{err}");
    assert!(err.contains("ajuste desconocido `modle`") && err.contains("¿quería decir `save`?"), "{err}");
}

#[test]
fn a_valid_file_checks_ok() {
    let (_dir, file) =
        temp_file("config.toml", "view = \"quiz\"\n[theme]\nname = \"light\"\n[keys.explorer]\nsave = \"ctrl-w\"\n");
    let out = frontback().args(["config", "--check"]).arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().contains("config.toml: ok"));
}

#[test]
fn the_file_is_found_through_the_variable_and_the_xdg_folder() {
    let dir = tempfile::tempdir().unwrap();
    let xdg = dir.path().join("xdg");
    let out = frontback().env("XDG_CONFIG_HOME", &xdg).args(["config", "--path"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let expected = xdg.join("frontback").join("config.toml");
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), expected.display().to_string());
    assert!(String::from_utf8(out.stderr).unwrap().contains("does not exist yet"));
    // No file in the platform's folder: nothing to check, the defaults apply.
    let out = frontback().env("XDG_CONFIG_HOME", &xdg).args(["config", "--check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().contains("there is no configuration file"));
    // The variable wins over the folder; a file it names must exist.
    let named = dir.path().join("mine.toml");
    let out = frontback()
        .env("XDG_CONFIG_HOME", &xdg)
        .env("FRONTBACK_CONFIG", &named)
        .args(["config", "--path"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), named.display().to_string());
    let out = frontback().env("FRONTBACK_CONFIG", &named).args(["config", "--check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains("cannot read the configuration file"));
    std::fs::write(&named, "[keys.explorer]\nsav = []\n").unwrap();
    let out = frontback().env("FRONTBACK_CONFIG", &named).args(["config", "--check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains("mine.toml:2:1"));
}

/// The default file with every commented-out setting put back in force.
fn uncommented(text: &str) -> String {
    text.lines()
        .map(|line| match line.strip_prefix("# ") {
            Some(rest) if rest.split_once(" = ").is_some_and(|(key, _)| !key.contains(' ')) => rest,
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_default_file_loads_cleanly_and_says_exactly_the_defaults() {
    for lang in ["en", "es"] {
        let out = frontback().args(["config", "--default", "--lang", lang]).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(config::parse(&text), Ok(Config::default()), "{lang}");
        let all = uncommented(&text);
        assert!(all.lines().filter(|l| l.starts_with("save = ")).count() == 2, "{all}");
        let config = config::parse(&all).unwrap_or_else(|d| panic!("{d:?}\n{all}"));
        assert_eq!(config.keymap, Keymap::default());
        assert_eq!(config.theme, Theme::dark());
        assert_eq!(
            (config.model, config.lang, config.view),
            (Some(Model::Customer), Some(Lang::En), Some(View::Explorer))
        );
        assert_eq!(config.undo_limit, Some(64 << 20), "[editing] undo_limit = \"64 MiB\"");
        // And the binary agrees.
        let (_dir, file) = temp_file("config.toml", &all);
        frontback().args(["config", "--check"]).arg(&file).assert().success();
    }
    // Every action of every mode is in it, so that nothing is left to guess.
    let text = config::default_text(Lang::En);
    for mode in Mode::ALL {
        assert!(text.contains(&format!("[keys.{}]", mode.name())));
        for (action, _) in Keymap::default().actions(mode) {
            assert!(text.contains(&format!("# {} = [", action.name())), "{}", action.name());
        }
    }
    for style in StyleName::VARIANTS {
        assert!(text.contains(&format!("# {style} = {{")), "{style}");
    }
}

fn location(path: &Path) -> Location {
    Location { path: path.to_path_buf(), origin: Origin::Flag }
}

fn sample_app(loaded: &Loaded, flags: &Flags, no_color: bool) -> App {
    let doc = Document::from_text(None, default_sample().text.to_string()).unwrap();
    App::new(doc, loaded.options(flags, no_color, false, 7))
}

#[test]
fn a_bad_file_still_starts_the_app_with_the_defaults_and_says_why() {
    let text = "view = \"quiz\"\n[keys.explorer]\nsav = [\"w\"]\nquit = [\"Q\"]\n[theme]\nname = \"light\"\n";
    let loaded = Loaded::from_text(location(Path::new("/home/u/config.toml")), text.to_string());
    let app = sample_app(&loaded, &Flags { lang: Some(Lang::En), ..Flags::default() }, false);
    assert_eq!(app.keymap, Keymap::default());
    assert_eq!(app.view, View::Explorer, "nothing of a bad file is in force");
    assert_eq!(app.theme, Theme::dark());
    let status = app.status.as_ref().expect("a message in the status bar");
    assert!(status.is_error);
    assert!(status.text.contains("/home/u/config.toml:3:1"), "{}", status.text);
    assert!(status.text.contains("`sav`") && status.text.contains("defaults"), "{}", status.text);

    // A file that cannot be read, named by the user, is reported the same way.
    let missing = Loaded::read(Some(location(Path::new("/nonexistent/frontback.toml"))));
    let app = sample_app(&missing, &Flags::default(), false);
    assert_eq!(app.keymap, Keymap::default());
    assert!(app.status.as_ref().is_some_and(|s| s.is_error && s.text.contains("/nonexistent/frontback.toml")));

    // A missing file in the platform's folder is no problem at all.
    let quiet = Loaded::read(Some(Location { path: PathBuf::from("/nonexistent/x.toml"), origin: Origin::Platform }));
    assert_eq!(quiet.failure, None);
    assert_eq!(sample_app(&quiet, &Flags::default(), false).status, None);
}

#[test]
fn the_command_line_wins_over_the_file_and_the_file_over_the_defaults() {
    let text = "model = \"profit\"\nlang = \"es\"\nview = \"concepts\"\n";
    let loaded = Loaded::from_text(location(Path::new("c.toml")), text.to_string());
    let app = sample_app(&loaded, &Flags::default(), false);
    assert_eq!(app.model_view, frontback::tui::ModelView::One(Model::Profit));
    assert_eq!((app.lang, app.view), (Lang::Es, View::Concepts));
    let flags = Flags { model: Some(Model::Customer), lang: Some(Lang::En), view: Some(View::Quiz) };
    let app = sample_app(&loaded, &flags, false);
    assert_eq!(app.model_view, frontback::tui::ModelView::One(Model::Customer));
    assert_eq!((app.lang, app.view), (Lang::En, View::Quiz));
    assert_eq!(app.mode(), Mode::Quiz);
}

#[test]
fn rebinding_and_unbinding_change_what_keys_do() {
    let text = "[keys.explorer]\nsave = [\"ctrl-w\"]\ndelete = []\nhelp = [\"f1\"]\n";
    let loaded = Loaded::from_text(location(Path::new("c.toml")), text.to_string());
    assert_eq!(loaded.failure, None);
    let keymap = &loaded.config.keymap;
    assert_eq!(keymap.action(Mode::Explorer, Key::ctrl('w')), Some(Action::Save));
    assert_eq!(keymap.action(Mode::Explorer, Key::char('s')), None);
    assert_eq!(keymap.action(Mode::Explorer, Key::ctrl('s')), None);
    assert_eq!(keymap.action(Mode::Explorer, Key::char('d')), None);
    assert_eq!(keymap.action(Mode::Explorer, Key::char('?')), None);
    // Other modes keep their own keys.
    assert_eq!(keymap.action(Mode::Confirm, Key::char('s')), Some(Action::Save));
    assert_eq!(keymap.action(Mode::Teaching, Key::char('?')), Some(Action::Help));
}

#[test]
fn no_color_wins_over_any_theme_and_its_overrides() {
    let text = "[theme]\nname = \"high-contrast\"\nfront = \"#ff0000\"\n";
    let loaded = Loaded::from_text(location(Path::new("c.toml")), text.to_string());
    assert_eq!(loaded.config.theme.front.fg, Some(ratatui::style::Color::Rgb(255, 0, 0)));
    assert_eq!(loaded.options(&Flags::default(), true, false, 1).theme, Theme::monochrome());
    assert_eq!(loaded.options(&Flags::default(), false, false, 1).theme, loaded.config.theme);
    assert_eq!(Theme::high_contrast().unless_no_color(true), Theme::monochrome());
}

#[test]
fn completions_are_printed_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = frontback().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.len() > 500 && script.contains("frontback"), "{shell}: {script}");
        assert!(script.contains("completions") && script.contains("config"), "{shell}");
    }
    frontback().args(["completions", "tcsh"]).assert().failure();
}

#[test]
fn the_manual_page_lists_every_subcommand_and_option() {
    let out = frontback().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let roff = String::from_utf8(out.stdout).unwrap();
    assert!(roff.starts_with(".ie") || roff.contains(".TH frontback"), "{roff}");
    for sub in ["check", "report", "import", "samples", "config", "completions", "man"] {
        assert!(roff.contains(&format!("frontback\\-{sub}(1)")), "{sub}: {roff}");
    }
    for option in ["\\-\\-config", "\\-\\-view", "\\-\\-model", "\\-\\-lang", "\\-\\-read\\-only"] {
        assert!(roff.contains(option), "{option}");
    }
}

/// The configuration's errors are rendered as the org file's are: a stranger's escape
/// sequences show escaped, a long line shows as a window around the problem, and the
/// marker stands under the problem however wide the characters before it.
#[test]
fn a_hostile_or_long_line_in_the_configuration_is_shown_safely() {
    let err = check_fails("\"\u{1b}]2;PWNED\u{7}\" = 1\n".as_bytes());
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "raw control characters: {err:?}");
    assert!(err.contains("\\u{1b}]2;PWNED\\u{7}"), "{err}");

    let key = "s".repeat(5_000);
    let err = check_fails(format!("[keys.explorer]\n{key} = [\"w\"]\n# {}\n", "x".repeat(10_000)).as_bytes());
    assert!(err.lines().all(|l| l.chars().count() < 200), "every line stays short: {err}");

    let err = check_fails("# 日本語\n[theme]\nname = \"日本\"\n".as_bytes());
    let shown = err.lines().find(|l| l.starts_with("3 | ")).expect(&err);
    let marker = err.lines().skip_while(|l| !l.starts_with("3 | ")).nth(1).expect(&err);
    // `name = "日本"`: the marker starts under the opening quote.
    assert_eq!(marker.find('^'), shown.find('"'), "{err}");
}

/// A keymap that leaves a mode with no key out of it would lock the user in: the
/// explorer, the quiz and the teaching views need `quit`, every overlay its way back.
#[test]
fn a_keymap_that_leaves_a_mode_without_a_way_out_is_refused() {
    let text = b"[keys.explorer]\nquit = []\n[keys.help]\ncancel = []\nquit = []\n[keys.prompt]\ncancel = \"f9\"\n";
    let err = check_fails(text);
    assert_error(&err, "2:1", "quit = []", &["leaves the `explorer` mode with no way out", "`quit`"]);
    assert_error(&err, "5:1", "quit = []", &["leaves the `help` mode with no way out", "`cancel`"]);
    assert_eq!(err.matches("error:").count(), 2, "a key moved elsewhere is still a way out: {err}");

    for mode in ["quiz", "teaching"] {
        let err = check_fails(format!("[keys.{mode}]\nquit = []\n").as_bytes());
        assert_error(&err, "2:1", "quit = []", &[&format!("`{mode}` mode with no way out")]);
    }
    for mode in ["prompt", "confirm"] {
        let err = check_fails(format!("[keys.{mode}]\ncancel = []\n").as_bytes());
        assert_error(&err, "2:1", "cancel = []", &[&format!("`{mode}` mode with no way out")]);
    }
    let err = check_fails(b"[keys.picker]\nconfirm = []\ncancel = []\n");
    assert_error(&err, "3:1", "cancel = []", &["`picker` mode with no way out"]);
    let err = check_fails(b"[keys.search]\ncancel = []\nconfirm = []\nquit = []\n");
    assert_error(&err, "4:1", "quit = []", &["`search` mode with no way out"]);

    // One way out is enough.
    for text in ["[keys.search]\ncancel = []\n", "[keys.picker]\ncancel = []\n", "[keys.explorer]\nquit = [\"Q\"]\n"] {
        let loaded = Loaded::from_text(location(Path::new("c.toml")), text.to_string());
        assert_eq!(loaded.failure, None, "{text}");
    }

    let (_dir, file) = temp_file("config.toml", "[keys.quiz]\nquit = []\n");
    let out = frontback().args(["config", "--lang", "es", "--check"]).arg(&file).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("config.toml:2:1") && err.contains("deja el modo `quiz` sin salida"), "{err}");
}

/// The app starts anyway, with the default keys, and says why.
#[test]
fn a_locked_in_keymap_starts_the_app_with_the_default_keys_and_says_why() {
    let loaded = Loaded::from_text(location(Path::new("/home/u/config.toml")), "[keys.quiz]\nquit = []\n".into());
    let app = sample_app(&loaded, &Flags { lang: Some(Lang::En), ..Flags::default() }, false);
    assert_eq!(app.keymap, Keymap::default());
    assert_eq!(app.keymap.action(Mode::Quiz, Key::char('q')), Some(Action::Quit));
    let status = app.status.as_ref().expect("a message in the status bar");
    assert!(status.is_error && status.text.contains("/home/u/config.toml:2:1"), "{}", status.text);
    assert!(status.text.contains("no way out") && status.text.contains("defaults"), "{}", status.text);
}

/// The status bar shows a bad file's escape sequences as `config --check` does:
/// escaped, not stripped (and never sent).
#[test]
fn the_status_bar_shows_a_bad_files_escapes_escaped() {
    let text = "\"\\u001b]2;PWNED\\u0007\" = 1\n";
    let loaded = Loaded::from_text(location(Path::new("c\u{1b}[2J.toml")), text.to_string());
    let mut app = sample_app(&loaded, &Flags { lang: Some(Lang::En), ..Flags::default() }, false);
    app.resize(200, 30);
    let screen = crate::support::tui::backend(&app).to_string();
    assert!(screen.contains("`\\u{1b}]2;PWNED\\u{7}`"), "{screen}");
    assert!(screen.contains("c\\u{1b}[2J.toml:1:1"), "{screen}");
}
