//! The lesson (key 5, `--view lesson`): every step of the corner shop drawn on a
//! `TestBackend` in both languages at 80×24 and 120×40, stepping by keys, and a step
//! the org cannot show naming a bundled sample that can.

use crate::support::tui::{app_in, backend, press, screen};
use frontback::document::Document;
use frontback::samples::{SAMPLES, default_sample, find, samples_in};
use frontback::text::Lang;
use frontback::tui::state::lesson::{Idea, Lesson, sample_showing, step};
use ratatui::crossterm::event::KeyCode;

#[test]
fn lesson_steps_on_the_corner_shop() {
    for (lang, code) in [(Lang::En, "en"), (Lang::Es, "es")] {
        for (width, height) in [(80, 24), (120, 40)] {
            // The shop written in the language, as `frontback` opens it.
            let mut app = app_in(samples_in(lang)[0].text, lang, width, height);
            press(&mut app, KeyCode::Char('5'));
            for n in 1..=Lesson::STEPS {
                assert_eq!(app.lesson.step + 1, n);
                insta::assert_snapshot!(format!("lesson_step_{n:02}_{code}_{width}x{height}"), backend(&app));
                press(&mut app, KeyCode::Right);
            }
        }
    }
}

#[test]
fn lesson_keys_step_and_jump() {
    let mut app = app_in(default_sample().text, Lang::En, 80, 24);
    press(&mut app, KeyCode::Char('5'));
    assert!(screen(&app).contains("Step 1/10"), "{}", screen(&app));
    for (code, step) in [
        (KeyCode::Char(' '), 2),
        (KeyCode::Char('l'), 3),
        (KeyCode::Backspace, 2),
        (KeyCode::Char('h'), 1),
        (KeyCode::Left, 1),
        (KeyCode::End, 10),
        (KeyCode::Right, 10),
        (KeyCode::Home, 1),
    ] {
        press(&mut app, code);
        assert_eq!(app.lesson.step + 1, step, "after {code:?}");
        assert!(screen(&app).contains(&format!("Step {step}/10")), "{}", screen(&app));
    }
    press(&mut app, KeyCode::Char('1'));
    assert!(!screen(&app).contains("Step 1/10"));
}

/// Nothing but the lesson and the hint bar: no header with the tallies, no tree.
#[test]
fn lesson_screen_has_no_header_and_no_tree() {
    let mut app = app_in(default_sample().text, Lang::En, 120, 40);
    let explorer = screen(&app);
    press(&mut app, KeyCode::Char('5'));
    let lesson = screen(&app);
    let first = explorer.lines().next().unwrap_or_default().to_string();
    assert!(!first.is_empty() && !lesson.contains(&first), "the header stays:\n{lesson}");
    assert!(!lesson.contains('┌'), "a box is drawn:\n{lesson}");
}

/// The grey-area step on a sample without grey areas names a sample with one, found
/// by classifying the bundled samples, and says so on screen.
#[test]
fn lesson_grey_area_step_without_grey_areas_names_a_sample_with_one() {
    let without: Vec<&str> = SAMPLES
        .iter()
        .filter(|s| Document::from_text(None, s.text.to_string()).unwrap().grey_areas.is_empty())
        .map(|s| s.name)
        .collect();
    let with = sample_showing(Idea::GreyArea).expect("a sample with a grey area");
    let doc = Document::from_text(None, find(with).unwrap().text.to_string()).unwrap();
    assert!(!doc.grey_areas.is_empty(), "{with} has a grey area");
    // A sample without grey areas, or else the corner shop with its repair desk made
    // profitable: the lesson must work on any org.
    let text = match without.first() {
        Some(name) => find(name).unwrap().text.to_string(),
        None => default_sample().text.replace("function = \"post-sales-support\"", "function = \"sales\""),
    };
    let doc = Document::from_text(None, text.clone()).unwrap();
    assert!(doc.grey_areas.is_empty());
    let grey = step(&doc, Idea::GreyArea, 10);
    assert_eq!((grey.total, grey.elsewhere), (0, Some(with)));

    let mut app = app_in(&text, Lang::En, 120, 40);
    press(&mut app, KeyCode::Char('5'));
    let at = Idea::ALL.iter().position(|&i| i == Idea::GreyArea).unwrap();
    for _ in 0..at {
        press(&mut app, KeyCode::Right);
    }
    let shown = screen(&app);
    assert!(shown.contains("has no department that shows this idea"), "{shown}");
    assert!(shown.contains(&format!("frontback {with}")), "{shown}");
}
