//! Issue #14, repro 4: a department name (or notes) of many megabytes is cut for
//! display in every view, never laid out whole, and the prompts refuse to edit it
//! (pointing to the external editor) instead of becoming unusable. How fast a key is
//! with such a name is measured by `cargo bench --bench scale -- long_name`.

use frontback::text::Lang;
use frontback::tui::Action;
use ratatui::crossterm::event::KeyCode;

use crate::support::tui::{app_in, press, screen};

/// An org whose second department has a name of `len` bytes and notes of as many
/// lines as `note_lines`, each long too.
fn hostile_org(len: usize, note_lines: usize) -> String {
    let name = "N".repeat(len);
    let line = format!("{}\\n", "w".repeat(2_000));
    let notes = line.repeat(note_lines);
    format!(
        "[company]\nname = \"{name}\"\n\n[org.a]\nname = \"Shop floor\"\ncustomers = \"direct\"\n\n\
         [org.b]\nname = \"{name}\"\nnotes = \"{notes}\"\n\n[org.c]\nname = \"Back room\"\n"
    )
}

#[test]
fn a_huge_name_is_cut_with_an_ellipsis_in_every_view_and_every_size() {
    let text = hostile_org(5 << 20, 3_000);
    for lang in [Lang::En, Lang::Es] {
        for (width, height) in [(80, 24), (120, 40), (40, 12)] {
            let mut app = app_in(&text, lang, width, height);
            press(&mut app, KeyCode::Down);
            for view in [Action::ViewExplorer, Action::ViewFloorPlan, Action::ViewQuiz, Action::ViewExplorer] {
                app.update(view);
                let shown = screen(&app);
                assert!(shown.contains('…'), "{lang:?} {width}x{height} {view:?}: the name is cut\n{shown}");
                for row in shown.lines() {
                    assert!(row.chars().count() <= width as usize, "{view:?}: a row wider than the screen: {row}");
                }
            }
            // The other departments are still there and reachable.
            press(&mut app, KeyCode::Down);
            assert!(screen(&app).contains("Back room"), "{lang:?} {width}x{height}");
        }
    }
}

#[test]
fn the_prompts_refuse_a_huge_name_or_notes_and_point_to_the_editor() {
    let text = hostile_org(1 << 20, 600);
    for (lang, words) in [(Lang::En, "press E"), (Lang::Es, "pulse E")] {
        let mut app = app_in(&text, lang, 120, 40);
        press(&mut app, KeyCode::Down);
        for key in ['r', 'e'] {
            press(&mut app, KeyCode::Char(key));
            assert!(app.overlay.is_none(), "{lang:?} `{key}`: no prompt opens on a huge value");
            let status = app.status.as_ref().expect("a message says why");
            assert!(status.is_error && status.text.contains(words), "{lang:?} `{key}`: {}", status.text);
            if key == 'r' {
                let length = if lang == Lang::En { "1,048,576" } else { "1\u{a0}048\u{a0}576" };
                assert!(status.text.contains(length), "the name's length: {}", status.text);
            }
        }
        // A department with a short name is renamed as usual.
        press(&mut app, KeyCode::Up);
        press(&mut app, KeyCode::Char('r'));
        assert!(app.overlay.is_some(), "the rename prompt opens on a short name");
    }
}
