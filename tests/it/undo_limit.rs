//! The undo history's bound in bytes: `[editing] undo_limit` in the configuration, the
//! oldest steps dropped past it, and the status bar saying so once per drop.

use frontback::document::Document;
use frontback::org::edit::Edit;
use frontback::text::Lang;
use frontback::tui::config::{self, Expected, Problem, parse_size, size_text};
use frontback::tui::theme::Theme;
use frontback::tui::{Action, App, Options};

const SHOP: &str = "[company]\nname = \"Shop\"\n\n[org.sales]\nname = \"Sales\"\n\n[org.books]\nname = \"Books\"\n";

#[test]
fn the_limit_is_a_size_or_a_number_of_bytes() {
    let limit = |text: &str| config::parse(&format!("[editing]\nundo_limit = {text}\n")).map(|c| c.undo_limit);
    assert_eq!(limit("\"64 MiB\""), Ok(Some(64 << 20)));
    assert_eq!(limit("\"500 MB\""), Ok(Some(500_000_000)));
    assert_eq!(limit("\"1GiB\""), Ok(Some(1 << 30)));
    assert_eq!(limit("4096"), Ok(Some(4096)));
    assert_eq!(limit("0x1000"), Ok(Some(4096)));
    for bad in ["\"64 potatoes\"", "-1", "true", "\"\""] {
        let problems = limit(bad).expect_err(bad);
        assert!(
            matches!(&problems[0].problem, Problem::WrongType { key, expected: Expected::Size, .. } if key == "undo_limit"),
            "{bad}: {problems:?}"
        );
        assert_eq!(problems[0].line, 2, "{bad}");
    }
    let problems = config::parse("[editing]\nundo_limt = 1\n").unwrap_err();
    assert!(matches!(&problems[0].problem, Problem::UnknownSetting { suggestion: Some(s), .. } if s == "undo_limit"));
    assert_eq!(
        (parse_size("64 MiB"), size_text(64 << 20), size_text(1000)),
        (Some(64 << 20), "64 MiB".into(), "1000 B".into())
    );
}

fn app(lang: Lang, undo_limit: usize) -> App {
    let doc = Document::from_text(None, SHOP.to_string()).unwrap();
    App::new(doc, Options { lang, undo_limit, theme: Theme::monochrome(), ..Options::default() })
}

fn rename(app: &mut App, name: &str) {
    app.status = None;
    assert!(app.apply_edit(Edit::Rename { path: vec!["sales".into()], name: name.into() }));
}

#[test]
fn past_the_limit_the_oldest_steps_go_and_the_status_bar_says_so_once() {
    // Room for about three renames of this shop.
    let one_step = {
        let mut app = app(Lang::En, usize::MAX);
        rename(&mut app, "One");
        app.session.history.bytes()
    };
    let mut app = app(Lang::En, one_step * 3 + one_step / 2);
    for name in ["One", "Two", "Six"] {
        rename(&mut app, name);
        assert_eq!(app.status, None, "nothing dropped yet");
    }
    rename(&mut app, "Ten");
    let status = app.status.clone().expect("the drop is shown");
    assert!(!status.is_error);
    assert!(status.text.contains("oldest step was dropped"), "{}", status.text);
    assert_eq!(app.session.history.undo.len(), 3);
    assert!(app.session.history.bytes() <= app.session.history.limit);
    // The kept steps undo; the dropped one is gone.
    for _ in 0..3 {
        app.update(Action::Undo);
    }
    assert_eq!(app.doc.org.dept(0).name.as_deref(), Some("One"));
    app.update(Action::Undo);
    assert_eq!(app.doc.org.dept(0).name.as_deref(), Some("One"), "nothing more to undo");

    // In Spanish, and for a step that alone passes the limit: it stays, the others go.
    let mut app = self::app(Lang::Es, one_step * 3 + one_step / 2);
    // A step holds the text it puts back: renaming away from a long name is a big one.
    let long = "Muy largo ".repeat(200);
    for name in ["Uno", "Dos", &long] {
        rename(&mut app, name);
    }
    rename(&mut app, "Cuatro");
    let status = app.status.clone().expect("the drop is shown");
    assert!(status.text.contains("se descartaron sus 3 pasos más antiguos"), "{}", status.text);
    assert_eq!(app.session.history.undo.len(), 1);
    app.update(Action::Undo);
    assert_eq!(app.doc.org.dept(0).name.as_deref(), Some(long.trim()));
}

/// A reload is a step too: when it pushes the oldest steps out, the status says so
/// after saying the file was reloaded, in either language.
#[test]
fn a_reload_that_pushes_steps_out_says_so() {
    for (lang, reloaded, dropped) in [
        (Lang::En, "Reloaded the file from disk.", "its oldest step was dropped"),
        (Lang::Es, "Archivo recargado desde el disco.", "se descartó su paso más antiguo"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shop.toml");
        std::fs::write(&path, SHOP).unwrap();
        let one_step = {
            let mut app = app(Lang::En, usize::MAX);
            rename(&mut app, "One");
            app.session.history.bytes()
        };
        let doc = Document::from_text(Some(path.clone()), SHOP.to_string()).unwrap();
        let options =
            Options { lang, undo_limit: one_step * 2 + one_step / 2, theme: Theme::monochrome(), ..Options::default() };
        let mut app = App::new(doc, options);
        rename(&mut app, "One");
        rename(&mut app, "Two");
        assert_eq!(app.status, None, "{lang:?}: nothing dropped yet");
        std::fs::write(&path, SHOP.replace("Books", "Ledgers")).unwrap();
        app.reload();
        let status = app.status.clone().expect("a message");
        assert!(status.text.starts_with(reloaded) && status.text.contains(dropped), "{lang:?}: {}", status.text);
        assert_eq!(app.session.history.undo.len(), 2, "{lang:?}: the reload and the rename before it");
    }
}
