//! Helpers shared by the TUI tests on a `TestBackend`: an app on a text, keys, the
//! selection by name, the drawn screen, and generated orgs (a wide one of any size, a
//! deep chain).

#![allow(dead_code)]

use frontback::classify::Model;
use frontback::document::Document;
use frontback::samples::default_sample;
use frontback::text::Lang;
use frontback::tui::theme::Theme;
use frontback::tui::{App, Options};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The app on an org text, in English, monochrome, sized `width` x `height`.
pub fn app_on(text: &str, width: u16, height: u16) -> App {
    app_in(text, Lang::En, width, height)
}

/// The app on an org text in a language.
pub fn app_in(text: &str, lang: Lang, width: u16, height: u16) -> App {
    app_with_model(text, Model::Customer, lang, width, height)
}

/// The app on an org text in a language, starting under a model.
pub fn app_with_model(text: &str, model: Model, lang: Lang, width: u16, height: u16) -> App {
    let doc = Document::from_text(None, text.to_string()).expect("a valid org");
    let mut app = App::new(doc, Options { model, lang, theme: Theme::monochrome(), seed: 7, ..Options::default() });
    app.resize(width, height);
    app
}

/// The app on the built-in sample, the corner shop.
pub fn shop(width: u16, height: u16) -> App {
    app_on(default_sample().text, width, height)
}

/// Presses one key without modifiers; returns whether the app took it.
pub fn press(app: &mut App, code: KeyCode) -> bool {
    app.handle_key(&KeyEvent::new(code, KeyModifiers::NONE)).redraw
}

/// Types each character as a key press.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Selects the department shown with this name, opening its ancestors.
pub fn select(app: &mut App, name: &str) {
    let id = id_named(app, name);
    app.explorer.outline.reveal(&app.doc, id);
}

/// The id of the department shown with this name.
pub fn id_named(app: &App, name: &str) -> usize {
    (0..app.doc.org.len())
        .find(|&d| app.doc.org.dept(d).display_name() == name)
        .unwrap_or_else(|| panic!("no department named {name}"))
}

/// The names on the tree's rows, top to bottom, whether drawn or not.
pub fn row_names(app: &App) -> Vec<String> {
    (0..app.explorer.outline.len())
        .map(|i| app.doc.org.dept(app.explorer.outline.row(i).unwrap()).display_name().to_string())
        .collect()
}

/// The name of the selected department.
pub fn selected(app: &App) -> String {
    app.doc.org.dept(app.explorer.outline.selected().unwrap()).display_name().to_string()
}

/// A test terminal with the app drawn on it, at the app's size (its `Display` is what
/// the backend snapshots show).
pub fn backend(app: &App) -> TestBackend {
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    terminal.draw(|f| frontback::tui::view::render(app, f)).unwrap();
    terminal.backend().clone()
}

/// The app drawn once, at its size.
pub fn draw(app: &App) -> Buffer {
    backend(app).buffer().clone()
}

/// One row of a drawn buffer, trailing spaces trimmed.
pub fn row(buffer: &Buffer, y: u16) -> String {
    (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect::<String>().trim_end().to_string()
}

/// The screen as text: one line per row, trailing spaces trimmed.
pub fn screen(app: &App) -> String {
    let buffer = draw(app);
    (0..buffer.area.height).map(|y| row(&buffer, y)).collect::<Vec<_>>().join("\n")
}

/// The app on a generated org of 20,000 departments with fan-out 8.
pub fn large(width: u16, height: u16) -> App {
    app_on(&frontback::generate::wide_org_text(20_000, 8), width, height)
}

/// The recovery question the app asks on start for a sound recovery at `file`, written
/// five minutes ago, one department renamed, made on the file as it is now: its text
/// from the app's own wording.
pub fn recovery_offer(file: &str, lang: Lang) -> Box<frontback::tui::state::RecoveryOffer> {
    use frontback::tui::recovery::{BaseCheck, Diff, Found, Sound, offer_text};
    let file = std::path::PathBuf::from(file);
    let sound = Sound { age: 300, diff: Diff { added: 0, removed: 0, renamed: 1 }, base: BaseCheck::Matches };
    let question = offer_text(&Found { file: file.clone(), state: Ok(sound) }, lang);
    Box::new(frontback::tui::state::RecoveryOffer { file, question, restorable: true, rest: Vec::new() })
}

/// Every question the app asks, each answer a variant shows, with a long path and
/// long diagnostics, named in `lang`'s words (so that a scan of a Spanish screen for
/// English finds only the app's own).
pub fn every_question(lang: Lang) -> Vec<frontback::tui::state::Confirm> {
    use frontback::tui::state::Confirm;
    let (department, path, recovered, diagnostics) = match lang {
        Lang::En => (
            "sales",
            "/tmp/a rather long folder name/and a file name.toml",
            "/home/someone/orgs/.shop.toml.1-2.recovered",
            "error: one\n --> shop.toml:1:1\n  = help: two\n",
        ),
        Lang::Es => (
            "ventas",
            "/tmp/una carpeta de nombre bastante largo/y un archivo.toml",
            "/home/alguien/orgs/.tienda.toml.1-2.recovered",
            "error: uno\n --> tienda.toml:1:1\n  = ayuda: dos\n",
        ),
    };
    vec![
        Confirm::Delete { path: vec![department.into()], count: 2 },
        Confirm::Quit { save_as: false },
        Confirm::Quit { save_as: true },
        Confirm::Overwrite { path: path.into(), quitting: false },
        Confirm::Overwrite { path: path.into(), quitting: true },
        Confirm::ChangedOnDisk { quitting: false },
        Confirm::ChangedOnDisk { quitting: true },
        Confirm::ReloadOffer,
        Confirm::Recover(recovery_offer(recovered, lang)),
        Confirm::EditorFailed { diagnostics: diagnostics.repeat(6) },
    ]
}
