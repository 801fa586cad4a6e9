//! No English word left in Spanish: every screen and overlay of the TUI in `es`, on
//! every Spanish sample at 80×24 and 120×40, and everything the command line writes
//! under `--lang es` or `LANG=es_ES.UTF-8` (every report format, `check`, `samples`,
//! `handout`, `compare`, `config --default`, the help of every command, clap's
//! mistakes), scanned for a short list of English words that must not appear.
//!
//! The screens are listed so that a new one is scanned without being named here:
//! every variant of `View` (through strum), every mode of the model, every question,
//! prompt and overlay the library can open. Add an overlay to [`overlays`], a command
//! to [`command_lines`].

use std::collections::BTreeSet;
use std::path::Path;

use frontback::classify::Model;
use frontback::document::Document;
use frontback::org::{FileError, load};
use frontback::samples::SAMPLES_ES;
use frontback::text::Lang;
use frontback::tui::diagnostics::{self, Diagnostics};
use frontback::tui::state::Overlay;
use frontback::tui::theme::Theme;
use frontback::tui::{Action, App, ModelView, Options, View};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use strum::IntoEnumIterator;

use crate::support::cli::frontback;
use crate::support::tui::screen;

/// English words that must not appear in a Spanish text (whole words, any case).
/// Not among them: "error", which Spanish writes the same; "front", "back" and
/// "office", which the glossary keeps in Spanish (`front office`, `back office`, and
/// `front`/`back` for short, as the article and the trade say them).
const ENGLISH: [&str; 25] = [
    "the",
    "and",
    "with",
    "press",
    "customer",
    "customers",
    "profit",
    "model",
    "department",
    "enter",
    "space",
    "none",
    "direct",
    "indirect",
    "sales",
    "file",
    "save",
    "quit",
    "undo",
    "help",
    "usage",
    "options",
    "found",
    "required",
    "unknown",
];

/// Phrases set aside before the scan, each for a reason. Nothing else is allowed but
/// the syntax [`set_aside`] removes.
const ALLOWED: [(&str, &str); 7] = [
    // What the command line takes, as its help names it: `--model customer|profit`.
    ("customer (de cliente)", "a value of --model"),
    ("profit (de beneficio)", "a value of --model"),
    ("customer o profit", "the values of --model"),
    ("customer, profit", "the possible values of --model"),
    ("[por omisión: customer]", "the default value of --model"),
    ("si no customer]", "the default value of --model"),
    // The name of clap's `help` command in the list of commands.
    ("  help  ", "a command's name"),
];

/// `text` without what is syntax rather than words: text in backticks (quoted file or
/// command syntax), one quoted word of a file ("enter", "ctrl-s", "customer"), the list
/// of fields a file may write after "se admiten:", a function's key or a department's
/// id where the panel and the picker show them (`(sales)`, `Id: sales`), a setting line
/// of a configuration file (`# save = ["s"]`, its comment kept), and flags (`--help`).
fn set_aside(text: &str) -> String {
    let keys: Vec<String> = frontback::org::catalog::Catalog::builtin().keys().map(|k| format!("({k})")).collect();
    let mut text = text.to_lowercase();
    for (phrase, _) in ALLOWED {
        text = without_phrase(&text, phrase);
    }
    for key in &keys {
        text = text.replace(key.as_str(), " ");
    }
    while let Some(start) = text.find("se admiten:") {
        let end = text[start..].find(')').map_or(text.len(), |end| start + end);
        text.replace_range(start..end, " ");
    }
    let mut kept = String::with_capacity(text.len());
    for line in text.lines() {
        // A setting of a configuration file: `# name = value  # what it does`.
        // A line of the file quoted by a message: ` 49 | funtion = "sales"`.
        let gutter =
            line.trim_start().split_once('|').is_some_and(|(n, _)| n.trim().chars().all(|c| c.is_ascii_digit()));
        // A table of a configuration file: `[keys.help]`.
        let table = line.starts_with('[') && line.ends_with(']') && !line.contains(' ');
        if gutter || table {
            kept.push('\n');
            continue;
        }
        let setting = line.trim_start_matches(['#', ' ']);
        let is_setting = setting.split_once(" = ").is_some_and(|(name, _)| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || "_-.".contains(c))
        });
        let line = if is_setting { setting.split_once("  # ").map_or("", |(_, comment)| comment) } else { line };
        // Backticks quote syntax, whatever is inside; double quotes one word of a file.
        let mut rest = line;
        while let Some(open) = rest.find(['`', '"']) {
            let mark = rest[open..].chars().next().unwrap_or('"');
            let Some(len) = rest[open + 1..].find(mark) else { break };
            let inner = &rest[open + 1..open + 1 + len];
            let word = !inner.is_empty() && inner.chars().all(|c| c.is_ascii_alphanumeric() || "-_?+".contains(c));
            kept.push_str(&rest[..open]);
            if !(mark == '`' || word) {
                kept.push_str(inner);
            }
            kept.push(' ');
            rest = &rest[open + 2 + len..];
        }
        kept.push_str(rest);
        kept.push('\n');
    }
    // A department's id after "Id:".
    let mut out = String::with_capacity(kept.len());
    let mut rest = kept.as_str();
    while let Some(at) = rest.find("id: ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 4..];
        let end = after.find(|c: char| c.is_whitespace()).unwrap_or(after.len());
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// `text` without `phrase`, also where a line wraps between its words (help texts
/// wrap at the terminal's width); the line breaks are kept, so that lines stay lines.
fn without_phrase(text: &str, phrase: &str) -> String {
    // A phrase with spaces around it (a command's name in a list) is matched as is.
    if phrase.trim() != phrase || !phrase.contains(' ') {
        return text.replace(phrase, " ");
    }
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'search: while let Some(at) = rest.find(words[0]) {
        let mut end = at + words[0].len();
        for word in &words[1..] {
            let gap = rest[end..].len() - rest[end..].trim_start().len();
            if gap == 0 || !rest[end + gap..].starts_with(word) {
                out.push_str(&rest[..at + words[0].len()]);
                rest = &rest[at + words[0].len()..];
                continue 'search;
            }
            end += gap + word.len();
        }
        out.push_str(&rest[..at]);
        out.push(' ');
        out.extend(rest[at..end].chars().filter(|&c| c == '\n'));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The English words of `text`, after the syntax is set aside.
fn english_in(text: &str) -> BTreeSet<String> {
    let kept = set_aside(text);
    let words = kept
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.starts_with('-'))
        .flat_map(|w| w.split('-'))
        .filter(|w| ENGLISH.contains(w));
    words.map(str::to_string).collect()
}

/// The findings of one text: where, which words, and the lines they are on.
fn scan(place: &str, text: &str, found: &mut Vec<String>) {
    let words = english_in(text);
    if words.is_empty() {
        return;
    }
    let lines: Vec<&str> = text.lines().filter(|line| !english_in(line).is_empty()).take(3).collect();
    found.push(format!("{place}: {words:?}\n    {}", lines.join("\n    ")));
}

fn report(found: &[String]) {
    assert!(found.is_empty(), "{} places with English words:\n{}", found.len(), found.join("\n"));
}

#[test]
fn the_scan_finds_english_words_and_lets_the_allowed_ones_pass() {
    assert_eq!(english_in("Pulse Enter para guardar"), BTreeSet::from(["enter".to_string()]));
    assert_eq!(english_in("Back office según el modelo de cliente"), BTreeSet::new());
    assert_eq!(english_in("# save = [\"s\", \"ctrl-s\"]  # guarda"), BTreeSet::new());
    assert_eq!(english_in("Pulse save para guardar"), BTreeSet::from(["save".to_string()]));
    assert_eq!(english_in("Función: Ventas (sales) · Id: sales"), BTreeSet::new());
    assert_eq!(english_in("Ventas (sales sales)"), BTreeSet::from(["sales".to_string()]));
    assert_eq!(english_in("Un \"none\" y `customers = none`"), BTreeSet::new());
    assert_eq!(english_in("\"the file\""), BTreeSet::from(["the".to_string(), "file".to_string()]));
    assert_eq!(english_in("escriba \"enter\" o \"space\""), BTreeSet::new());
    assert_eq!(english_in("frontback --help --read-only"), BTreeSet::new());
    assert_eq!(english_in("Clientes: none"), BTreeSet::from(["none".to_string()]));
    assert_eq!(english_in(" 49 | funtion = \"sales\"\n  = ayuda: sales"), BTreeSet::from(["sales".to_string()]));
    assert_eq!(english_in("Directo, sin ninguno"), BTreeSet::new(), "Spanish words are not English ones");
    // An allowed phrase wrapped by the help's width is still allowed; a lone word is not.
    assert_eq!(english_in("o profit (de\n          beneficio) [por omisión]"), BTreeSet::new());
    assert_eq!(english_in("o profit (de\n\n  ganancia)"), BTreeSet::from(["profit".to_string()]));
}

fn spanish_app(text: &str, width: u16, height: u16) -> App {
    let doc = Document::from_text(None, text.to_string()).expect("a Spanish sample loads");
    let options = Options { lang: Lang::Es, theme: Theme::monochrome(), seed: 7, ..Options::default() };
    let mut app = App::new(doc, options);
    app.resize(width, height);
    app
}

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// The screen, then the screens after pressing `action` until nothing changes (a
/// scrolled overlay's every page), at most `pages`.
fn pages(app: &mut App, action: Action, pages: usize) -> Vec<String> {
    let mut shown = vec![screen(app)];
    for _ in 0..pages {
        app.update(action);
        let next = screen(app);
        if shown.last() == Some(&next) {
            break;
        }
        shown.push(next);
    }
    shown
}

/// Every overlay the library opens from the explorer, each with its name and the
/// action that opens it, then the text it shows.
fn overlays(app: &mut App) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for action in [
        Action::Rename,
        Action::ChangeId,
        Action::AddChild,
        Action::AddSibling,
        Action::SaveAs,
        Action::ChooseFunction,
        Action::EditNotes,
        Action::Search,
        Action::Delete,
    ] {
        app.update(action);
        out.push((format!("{action:?}"), screen(app)));
        app.update(Action::Cancel);
        app.overlay = None;
    }
    for question in crate::support::tui::every_question(Lang::Es) {
        let name = format!("{question:?}").chars().take(20).collect::<String>();
        app.overlay = Some(Overlay::Confirm(question));
        out.push((name, screen(app)));
        app.overlay = None;
    }
    // Messages in the status bar: what is refused or done on a key.
    for action in [Action::Undo, Action::Redo, Action::Copy, Action::PasteChild, Action::SearchNext, Action::Save] {
        app.update(action);
        out.push((format!("status after {action:?}"), screen(app)));
        app.overlay = None;
    }
    out
}

#[test]
fn no_english_word_on_any_spanish_screen() {
    let mut found = Vec::new();
    let mut screens = 0;
    for sample in SAMPLES_ES {
        for (width, height) in SIZES {
            let at = |what: &str| format!("{} {width}x{height} {what}", sample.name);
            // Every view, under each model, every department selected in the explorer.
            for view in View::iter() {
                for model_view in [ModelView::One(Model::Customer), ModelView::One(Model::Profit), ModelView::Both] {
                    let mut app = spanish_app(sample.text, width, height);
                    app.view = view;
                    app.model_view = model_view;
                    if view == View::Explorer {
                        for id in 0..app.doc.org.len() {
                            app.explorer.outline.reveal(&app.doc, id);
                            scan(&at(&format!("{view:?} {model_view:?} #{id}")), &screen(&app), &mut found);
                            screens += 1;
                        }
                    } else {
                        for (page, text) in pages(&mut app, Action::Down, 40).iter().enumerate() {
                            scan(&at(&format!("{view:?} {model_view:?} page {page}")), text, &mut found);
                            screens += 1;
                        }
                    }
                }
            }
            // The quiz answered, right or wrong, and the next question.
            let mut app = spanish_app(sample.text, width, height);
            app.view = View::Quiz;
            for action in [Action::AnswerFront, Action::NextQuestion, Action::AnswerBack, Action::NextQuestion] {
                app.update(action);
                scan(&at(&format!("quiz after {action:?}")), &screen(&app), &mut found);
                screens += 1;
            }
            // The help, every page, and filtered to nothing.
            let mut app = spanish_app(sample.text, width, height);
            app.update(Action::Help);
            for (page, text) in pages(&mut app, Action::PageDown, 40).iter().enumerate() {
                scan(&at(&format!("help page {page}")), text, &mut found);
                screens += 1;
            }
            let mut app = spanish_app(sample.text, width, height);
            for (name, text) in overlays(&mut app) {
                scan(&at(&name), &text, &mut found);
                screens += 1;
            }
            // The diagnostics screen of the sample with a mistake.
            let broken = sample.text.replacen("function = ", "funtion = ", 1);
            let error = load(&broken).unwrap_err();
            let error = FileError::Invalid { rendered: error.render("muestra.toml", &broken, Lang::Es), error };
            let diagnostics = Diagnostics::new(Path::new("muestra.toml"), &error);
            let options = Options { lang: Lang::Es, theme: Theme::monochrome(), ..Options::default() };
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            terminal.draw(|f| diagnostics::render(&diagnostics, &options, f)).unwrap();
            let buffer = terminal.backend().buffer().clone();
            let rows: Vec<String> = (0..height).map(|y| crate::support::tui::row(&buffer, y)).collect();
            scan(&at("diagnostics"), &rows.join("\n"), &mut found);
            screens += 1;
        }
    }
    assert!(screens > 500, "{screens} screens");
    report(&found);
}

/// Every command line, as (name, arguments).
fn command_lines() -> Vec<(String, Vec<String>)> {
    let file = |name: &str| format!("sample-orgs/es/{name}.toml");
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    for sample in SAMPLES_ES {
        let path = file(sample.name);
        for format in ["table", "json", "markdown", "csv", "dot"] {
            out.push((format!("report {format} {}", sample.name), args(&["report", &path, "--format", format])));
        }
        for format in ["markdown", "html"] {
            out.push((format!("handout {format} {}", sample.name), args(&["handout", &path, "--format", format])));
        }
        out.push((format!("check {}", sample.name), args(&["check", &path])));
    }
    for (a, b) in [("corner-shop", "accounting-firm"), ("bank", "software-company")] {
        out.push((format!("compare {a} {b}"), args(&["compare", &file(a), &file(b)])));
    }
    out.push(("samples".into(), args(&["samples"])));
    out.push(("config --default".into(), args(&["config", "--default"])));
    for sub in ["", "check", "report", "import", "handout", "compare", "samples", "config", "completions", "man"] {
        let mut list: Vec<&str> = if sub.is_empty() { vec![] } else { vec![sub] };
        list.push("--help");
        out.push((format!("{sub} --help"), args(&list)));
    }
    // clap's mistakes: unknown argument, a typo of one, missing value, invalid value,
    // missing argument, unknown command.
    for list in [
        &["--bogus"][..],
        &["--modl", "x"],
        &["--model"],
        &["report", "x.toml", "--format", "zz"],
        &["report"],
        &["--seed", "abc"],
        &["config"],
        &["check", "--lang", "es", "--lang", "es", "x"],
    ] {
        out.push((format!("error {}", list.join(" ")), args(list)));
    }
    out
}

/// The output of a command, both streams, in Spanish by `LANG` alone (and by `--lang`
/// for the reports).
fn run(args: &[String], by_flag: bool) -> String {
    let mut command = frontback();
    command.args(args).env("LANG", if by_flag { "C" } else { "es_ES.UTF-8" });
    command.env_remove("LC_ALL").env_remove("LC_MESSAGES");
    let takes_lang = ["report", "handout", "compare", "check", "samples", "config"].contains(&args[0].as_str())
        && !args.iter().any(|a| a == "--help" || a == "--lang");
    if by_flag {
        if takes_lang {
            command.args(["--lang", "es"]);
        } else {
            command.env("LANG", "es_ES.UTF-8");
        }
    }
    let out = command.output().unwrap();
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// The parts of an output meant for people: a JSON report's names and reasons (its
/// fields and values are for programs, SPEC §5), a CSV's cells but its header (what
/// `import` reads), everything else whole.
fn for_people(name: &str, output: &str) -> String {
    if name.starts_with("report json") {
        let report: serde_json::Value = serde_json::from_str(output).expect("the JSON report parses");
        let mut texts = vec![report["company"]["name"].as_str().unwrap_or_default().to_string()];
        for department in report["departments"].as_array().unwrap() {
            texts.push(department["name"].as_str().unwrap_or_default().to_string());
            for model in ["customer_model", "profit_model"] {
                texts.push(department[model]["reason"].as_str().unwrap().to_string());
            }
        }
        return texts.join("\n");
    }
    if name.starts_with("report csv") {
        // The company's and the departments' names and notes; the rest is what
        // `import` reads (rows of `#` carry the company and the functions).
        let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(output.as_bytes());
        let mut texts: Option<[usize; 2]> = None;
        let mut out = Vec::new();
        for record in reader.records() {
            let record = record.unwrap();
            if record.get(0) == Some("#") {
                continue;
            }
            match texts {
                None => {
                    let column = |name: &str| record.iter().position(|h| h == name).unwrap();
                    texts = Some([column("name"), column("notes")]);
                }
                Some(texts) => out.extend(texts.iter().filter_map(|&i| record.get(i)).map(str::to_string)),
            }
        }
        assert!(out.len() > 10, "{name}: the names and notes are read");
        return out.join("\n");
    }
    if name.starts_with("report dot") {
        // Cluster names are identifiers; labels are scanned.
        return output.lines().filter(|l| !l.contains("subgraph")).collect::<Vec<_>>().join("\n");
    }
    if name.starts_with("handout html") {
        // The words, not the markup and the print styles.
        let body = output.split("</style>").last().unwrap_or(output);
        let mut words = String::new();
        let mut in_tag = false;
        for c in body.chars() {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    words.push(' ');
                }
                _ if !in_tag => words.push(c),
                _ => {}
            }
        }
        return words;
    }
    output.to_string()
}

#[test]
fn no_english_word_in_anything_the_command_line_writes_in_spanish() {
    let mut found = Vec::new();
    for (name, args) in command_lines() {
        for by_flag in [false, true] {
            let output = run(&args, by_flag);
            assert!(!output.trim().is_empty(), "{name}: nothing written");
            scan(
                &format!("{name} (by {})", if by_flag { "--lang" } else { "LANG" }),
                &for_people(&name, &output),
                &mut found,
            );
        }
    }
    report(&found);
}

/// What is scanned in English has the words: the scan would catch a text left
/// untranslated.
#[test]
fn the_same_screens_in_english_have_the_words_the_scan_looks_for() {
    let en = frontback::samples::find_in("corner-shop", Lang::En).unwrap();
    let doc = Document::from_text(None, en.text.to_string()).unwrap();
    let mut app = App::new(doc, Options { lang: Lang::En, theme: Theme::monochrome(), ..Options::default() });
    app.resize(120, 40);
    let words = english_in(&screen(&app));
    assert!(words.contains("customer") && words.contains("quit"), "{words:?}");
    let help = run(&["report".to_string(), "--help".to_string()], false);
    assert!(!help.is_empty());
    let english = frontback().args(["report", "--help"]).env("LANG", "C").output().unwrap();
    let words = english_in(&String::from_utf8_lossy(&english.stdout));
    assert!(words.contains("usage") && words.contains("options") && words.contains("file"), "{words:?}");
}

/// clap's mistakes: in Spanish under Spanish, with the usage in Spanish and the same
/// exit status as clap's; English keeps clap's own words.
#[test]
fn a_mistake_in_the_arguments_is_told_in_the_language_and_exits_2() {
    let out = frontback().args(["--modl", "x"]).env("LANG", "es_ES.UTF-8").env_remove("LC_ALL").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(text.starts_with("error: argumento inesperado: '--modl'"), "{text}");
    assert!(text.contains("consejo: hay uno parecido: '--model'"), "{text}");
    assert!(text.contains("\nUso: frontback [OPCIONES] [ARCHIVO]\n"), "{text}");
    let out =
        frontback().args(["report", "x.toml", "--format", "zz", "--lang", "es"]).env("LANG", "C").output().unwrap();
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(text.contains("valor no válido para '--format <FORMATO>': 'zz'"), "{text}");
    assert!(text.contains("[valores posibles: table, json, markdown, csv, dot]"), "{text}");
    let out = frontback().args(["--modl", "x"]).env("LANG", "C").env_remove("LC_ALL").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(text.starts_with("error: unexpected argument '--modl' found"), "{text}");
    assert!(text.contains("\nUsage: frontback ") && text.contains("tip: a similar argument exists"), "{text}");
    // An option of the app before a subcommand (`--lang` alone may come there): the
    // conflict names both sides.
    let out = frontback().args(["--lang", "es", "--model", "profit", "report", "x.toml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(
        text.starts_with(
            "error: el argumento 'x.toml' no se puede usar junto con '--lang <IDIOMA>', '--model <MODELO>'"
        ),
        "{text}"
    );
}
