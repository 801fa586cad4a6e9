//! The details of the teaching views: the quiz's hint bar shows the keys of the question
//! on screen; the quiz and the panel's "why?" link name the same idea for a
//! department; the floor plan keeps reveal mode (the departments not revealed yet wait
//! in the street), and the header claims reveal mode only where it hides something.

use crate::quiz::{answer_right, at_kind};
use crate::support::tui::{app_in, app_with_model, press, screen};
use frontback::classify::{Model, Verdict};
use frontback::concept::Fact;
use frontback::samples::{default_sample, samples_in};
use frontback::text::Lang;
use frontback::tui::layout;
use frontback::tui::state::quiz::{Kind, Question};
use frontback::tui::view::floor_plan::{self, Room};
use frontback::tui::{Action, App, ModelView, View};
use ratatui::crossterm::event::{Event, KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

// --- The quiz's hint bar ------------------------------------------------------------

/// The hint bar: the screen's last row.
fn hint_bar(app: &App) -> String {
    screen(app).lines().last().unwrap_or_default().to_string()
}

#[test]
fn the_quiz_hint_bar_shows_the_keys_of_the_question_on_screen() {
    let expected = [
        (Kind::Side, Lang::En, "f front  b back  m model  1 explorer  q quit"),
        (Kind::Side, Lang::Es, "f front  b back  m modelo  1 explorador  q salir"),
        (Kind::Grey, Lang::En, "a yes  b no  m model  1 explorer  q quit"),
        (Kind::Grey, Lang::Es, "a sí  b no  m modelo  1 explorador  q salir"),
        (Kind::Which, Lang::En, "a customer  b profit  c both  d neither  m model  1 explorer  q quit"),
        (Kind::Which, Lang::Es, "a cliente  b beneficio  c los dos  d ninguno  m modelo  1 explorador  q salir"),
        (Kind::Concept, Lang::En, "a b c d pick an answer  m model  1 explorer  q quit"),
        (Kind::Concept, Lang::Es, "a b c d elegir respuesta  m modelo  1 explorador  q salir"),
    ];
    for (kind, lang, bar) in expected {
        for (width, height) in SIZES {
            let mut app = at_kind(lang, width, height, kind);
            assert_eq!(hint_bar(&app), bar, "{kind:?} {lang:?} {width}x{height}");
            // Once answered: the key to go on.
            answer_right(&mut app);
            let question = app.quiz.current().unwrap();
            let right = question.right(&app.doc).unwrap();
            app.update(question.answer_action(right).unwrap());
            let next = match lang {
                Lang::En => "enter next question  m model  1 explorer  q quit",
                Lang::Es => "Intro siguiente pregunta  m modelo  1 explorador  q salir",
            };
            assert_eq!(hint_bar(&app), next, "{kind:?} {lang:?} {width}x{height}");
        }
    }
}

#[test]
fn every_answer_key_shows_on_a_narrow_terminal_its_label_giving_way() {
    let app = at_kind(Lang::En, 40, 12, Kind::Which);
    assert_eq!(hint_bar(&app), "a customer  b profit  c both  d  q quit");
}

#[test]
fn the_quiz_hint_bar_shows_the_last_answer_and_the_score_screen_keys() {
    for lang in Lang::ALL {
        let mut app = at_kind(lang, 80, 24, Kind::Side);
        while app.quiz.position() + 1 < app.quiz.len() {
            answer_right(&mut app);
        }
        let question = app.quiz.current().unwrap();
        app.update(question.answer_action(question.right(&app.doc).unwrap()).unwrap());
        let results = match lang {
            Lang::En => "enter see the results  m model  1 explorer  q quit",
            Lang::Es => "Intro ver el resultado  m modelo  1 explorador  q salir",
        };
        assert_eq!(hint_bar(&app), results);
        app.update(Action::NextQuestion);
        assert!(app.quiz.is_finished());
        let score = match lang {
            Lang::En => "r restart  1 explorer  q quit",
            Lang::Es => "r reiniciar  1 explorador  q salir",
        };
        assert_eq!(hint_bar(&app), score);
        app.results = Some("results.csv".into());
        let with_file = match lang {
            Lang::En => "r restart  s save result  1 explorer  q quit",
            Lang::Es => "r reiniciar  s guardar resultado  1 explorador  q salir",
        };
        assert_eq!(hint_bar(&app), with_file);
    }
}

// --- One idea per department ----------------------------------------------------------

#[test]
fn the_quiz_names_the_idea_the_panels_link_names_for_every_department() {
    for lang in Lang::ALL {
        for sample in samples_in(lang) {
            let mut app = app_in(sample.text, lang, 120, 40);
            for id in 0..app.doc.org.len() {
                app.explorer.outline.reveal(&app.doc, id);
                assert_eq!(app.explorer.outline.selected(), Some(id));
                let body = layout::layout(app.size, &app).body;
                let link = layout::concept_link(&app, body).map(|(_, fact)| fact);
                let facts = app.doc.classes.of(id);
                let name = app.doc.org.dept(id).display_name();
                for model in Model::ALL.into_iter().filter(|&m| facts.verdict(m) != Verdict::Undetermined) {
                    let side = Question::Side { dept: id, model }.concept(&app.doc);
                    assert_eq!(Some(side), link, "{} {name} under the {model:?} model", sample.name);
                }
                if Model::ALL.iter().all(|&m| facts.verdict(m) != Verdict::Undetermined) {
                    let which = Question::Which { dept: id }.concept(&app.doc);
                    assert_eq!(Some(which), link, "{} {name}: which model", sample.name);
                    // The one rule of its own: a grey-or-not question is about grey areas.
                    assert_eq!(Question::Grey { dept: id }.concept(&app.doc), Fact::Grey);
                }
            }
        }
    }
}

// --- The floor plan in reveal mode -----------------------------------------------------

/// The corner shop under the customer model, the repair desk selected, reveal mode
/// on, on the floor plan.
fn plan_in_reveal(lang: Lang, width: u16, height: u16) -> App {
    let mut app = app_with_model(samples_in(lang)[0].text, Model::Customer, lang, width, height);
    let desk = app.doc.org.find_path(&["repair-desk"]).expect("the shop has a repair desk");
    app.explorer.outline.reveal(&app.doc, desk);
    press(&mut app, KeyCode::Char('v'));
    press(&mut app, KeyCode::Char('2'));
    assert_eq!(app.view, View::FloorPlan);
    app
}

/// Reveals the selected department from the explorer and comes back to the plan.
fn reveal_selected(app: &mut App) {
    press(app, KeyCode::Char('1'));
    press(app, KeyCode::Enter);
    press(app, KeyCode::Char('2'));
}

/// What gives a verdict away on the plan: badges and the grey-area mark.
const VERDICT_MARKS: [&str; 4] = ["[F]", "[B]", "[?]", "≈"];

#[test]
fn the_floor_plan_in_reveal_mode_before_and_after_revealing_the_repair_desk() {
    for lang in Lang::ALL {
        let mark = if lang == Lang::En { "[REVEAL MODE]" } else { "[MODO REVELAR]" };
        for (width, height) in SIZES {
            let mut app = plan_in_reveal(lang, width, height);
            let before = screen(&app);
            assert!(before.lines().next().unwrap().contains(mark), "{before}");
            for verdict in VERDICT_MARKS {
                assert!(!before.contains(verdict), "{verdict} gives a verdict away:\n{before}");
            }
            insta::assert_snapshot!(format!("plan_reveal_before_{}_{width}x{height}", lang.code()), before);
            reveal_selected(&mut app);
            let after = screen(&app);
            assert!(after.lines().next().unwrap().contains(mark), "{after}");
            insta::assert_snapshot!(format!("plan_reveal_after_{}_{width}x{height}", lang.code()), after);
        }
    }
}

#[test]
fn unrevealed_departments_wait_in_the_street_and_rooms_count_the_revealed_so_far() {
    for lang in Lang::ALL {
        // Tall enough for the whole plan.
        let mut app = plan_in_reveal(lang, 120, 80);
        let total = app.doc.org.len();
        let desk = app.explorer.outline.selected().unwrap();
        let view = ModelView::One(Model::Customer);
        let counts = floor_plan::counts(&app, view);
        assert_eq!(counts.front + counts.back + counts.doorway + counts.outside, 0, "nobody in a room: {counts:?}");
        let (so_far, street) = match lang {
            Lang::En => ("so far", "In the street, not revealed yet (? = verdict hidden):"),
            Lang::Es => ("hasta ahora", "En la calle, sin revelar todavía (? = veredicto oculto):"),
        };
        let shown = screen(&app);
        let street_row = shown.lines().position(|l| l.contains(street)).unwrap_or_else(|| panic!("{shown}"));
        assert!(shown.lines().nth(street_row).unwrap().ends_with(&format!(": {total}")), "{shown}");
        // Every department waits below that line, marked `?`.
        for id in 0..total {
            let name = format!("? {}", app.doc.org.dept(id).display_name());
            let row = shown.lines().position(|l| l.contains(&name)).unwrap_or_else(|| panic!("{name}:\n{shown}"));
            assert!(row > street_row, "{name} stands in the shop before it is revealed:\n{shown}");
        }
        // Both rooms and the undetermined outside count nobody so far.
        let count = |text: &str| shown.lines().filter(|l| l.contains(text)).count();
        assert_eq!(count(&format!(" office: 0 {so_far}")), 2, "{shown}");
        assert_eq!(count(&format!("(?): 0 {so_far}")), 1, "{shown}");

        reveal_selected(&mut app);
        let verdict = app.doc.classes.of(desk).verdict(Model::Customer);
        let room = if verdict == Verdict::Front { Room::Front } else { Room::Back };
        assert_eq!(floor_plan::room_of(&app, desk, view), room);
        let counts = floor_plan::counts(&app, view);
        let expected = if room == Room::Front { [1, 0] } else { [0, 1] };
        assert_eq!([counts.front, counts.back, counts.doorway, counts.outside], [expected[0], expected[1], 0, 0]);
        let shown = screen(&app);
        let desk_name = format!("≈ {}", app.doc.org.dept(desk).display_name());
        let row = shown.lines().position(|l| l.contains(&desk_name)).unwrap_or_else(|| panic!("{shown}"));
        let street_row = shown.lines().position(|l| l.contains(street)).unwrap();
        assert!(row < street_row, "the revealed desk stands in its room:\n{shown}");
        assert!(shown.lines().nth(street_row).unwrap().ends_with(&format!(": {}", total - 1)), "{shown}");
        assert!(shown.contains(&format!("1 {so_far}")), "{shown}");

        // `v` again: everyone in their room, no street, no "so far".
        press(&mut app, KeyCode::Char('1'));
        press(&mut app, KeyCode::Char('v'));
        press(&mut app, KeyCode::Char('2'));
        let shown = screen(&app);
        assert!(!shown.contains(street) && !shown.contains(so_far), "{shown}");
        let counts = floor_plan::counts(&app, view);
        assert_eq!(counts.front + counts.back + counts.outside, total, "everyone in a room again");
    }
}

#[test]
fn on_the_floor_plan_a_click_and_enter_reveal_a_department_and_v_ends_reveal_mode() {
    let mut app = plan_in_reveal(Lang::En, 120, 60);
    let workshop = app.doc.org.find_path(&["workshop"]).expect("the shop has a workshop");
    let shown = screen(&app);
    let (row, line) = shown.lines().enumerate().find(|(_, l)| l.contains("? Workshop")).expect("waiting in the street");
    let column = line[..line.find("? Workshop").unwrap()].chars().count() as u16 + 3;
    app.handle_event(&Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row: row as u16,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(app.explorer.outline.selected(), Some(workshop));
    assert!(screen(&app).lines().last().unwrap().starts_with("enter reveal"), "{}", screen(&app));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.view, View::FloorPlan);
    assert_eq!(floor_plan::room_of(&app, workshop, ModelView::One(Model::Customer)), Room::Back);
    let shown = screen(&app);
    let street = shown.lines().position(|l| l.contains("In the street")).unwrap();
    let at = shown.lines().position(|l| l.contains("[B] Workshop")).unwrap_or_else(|| panic!("{shown}"));
    assert!(at < street, "{shown}");
    press(&mut app, KeyCode::Char('v'));
    assert!(app.explorer.reveal.is_none());
    assert!(!screen(&app).contains("In the street"));
}

#[test]
fn the_header_claims_reveal_mode_only_on_the_screens_it_hides_verdicts_on() {
    for lang in Lang::ALL {
        let mark = if lang == Lang::En { "REVEAL MODE" } else { "MODO REVELAR" };
        let mut app = app_in(default_sample().text, lang, 120, 40);
        app.update(Action::Reveal);
        for (action, view, hides) in [
            (Action::ViewExplorer, View::Explorer, true),
            (Action::ViewFloorPlan, View::FloorPlan, true),
            (Action::ViewQuiz, View::Quiz, false),
            (Action::ViewConcepts, View::Concepts, false),
            (Action::ViewLesson, View::Lesson, false),
        ] {
            app.update(action);
            assert_eq!(app.view, view);
            let shown = screen(&app);
            assert_eq!(shown.contains(mark), hides, "{view:?}:\n{shown}");
            if view != View::Lesson {
                // The tally shows where nothing is hidden.
                let tally = shown.lines().nth(1).unwrap();
                assert_eq!(tally.contains('█'), !hides, "{view:?}:\n{shown}");
            }
        }
        assert!(app.explorer.reveal.is_some(), "reveal mode stays on for the explorer");
    }
}
