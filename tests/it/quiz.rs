//! The quiz that teaches: every kind of question, the explanation after an answer and
//! the score screen in both languages at 80×24 and 120×40; the question keeps its model
//! when the header's changes; a click on a choice answers it; results added to a CSV
//! file (`--results`), through the app and through the real binary. The rules of a
//! round over 1,000 seeds of every sample are library tests (`tui::state::quiz`).

use std::path::PathBuf;

use crate::support::temp_file;
use crate::support::tui::{app_in, screen};
use frontback::classify::Model;
use frontback::samples::default_sample;
use frontback::text::Lang;
use frontback::tui::state::quiz::{CONCEPT_QUESTIONS, Kind, MAX_QUESTIONS, Quiz};
use frontback::tui::{Action, App};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn shop(lang: Lang, width: u16, height: u16) -> App {
    let mut app = app_in(default_sample().text, lang, width, height);
    app.update(Action::ViewQuiz);
    app
}

/// The action that picks choice `index` of the current question.
fn pick(app: &App, index: usize) -> Action {
    let question = app.quiz.current().expect("a question");
    question.answer_action(index).expect("a choice")
}

/// Answers the current question right and moves on.
pub(crate) fn answer_right(app: &mut App) {
    let right = app.quiz.current().unwrap().right(&app.doc).unwrap();
    app.update(pick(app, right));
    app.update(Action::NextQuestion);
}

/// The shop's quiz brought to the first question of `kind`: the first seed whose round
/// has one, the questions before it answered right.
pub(crate) fn at_kind(lang: Lang, width: u16, height: u16, kind: Kind) -> App {
    let mut app = shop(lang, width, height);
    let seed = (0..100)
        .find(|&seed| Quiz::new(&app.doc, seed).questions().iter().any(|q| q.kind() == kind))
        .expect("the shop asks every kind");
    app.quiz = Quiz::new(&app.doc, seed);
    while app.quiz.current().unwrap().kind() != kind {
        answer_right(&mut app);
    }
    app
}

#[test]
fn every_kind_of_question_and_its_explanation_in_both_languages_and_sizes() {
    for kind in Kind::ALL {
        for lang in Lang::ALL {
            for (w, h) in SIZES {
                let mut app = at_kind(lang, w, h, kind);
                let name = format!("quiz_{}_{}_{w}x{h}", kind.as_str(), lang.code());
                let asked = screen(&app);
                insta::assert_snapshot!(name.clone(), asked);
                // A wrong answer: the explanation says what was right and why.
                let question = app.quiz.current().unwrap();
                let right = question.right(&app.doc).unwrap();
                app.update(pick(&app, (right + 1) % question.choices().len()));
                let explained = screen(&app);
                insta::assert_snapshot!(format!("{name}_explained"), explained);
                let concept = if lang == Lang::En { "The idea behind it:" } else { "La idea que muestra:" };
                if h == 40 {
                    assert!(explained.contains(concept), "{explained}");
                }
                assert!(
                    !explained.contains("(C") && !explained.contains(" = "),
                    "no codes, no file syntax:\n{explained}"
                );
            }
        }
    }
}

#[test]
fn the_explanation_says_where_a_fact_comes_from() {
    let mut app = shop(Lang::En, 120, 40);
    // Till 1 has no function of its own: its facts come from Sales floor.
    let till = (0..app.doc.org.len()).find(|&d| app.doc.org.dept(d).display_name() == "Till 1").unwrap();
    let seed = (0..1000)
        .find(|&s| Quiz::new(&app.doc, s).questions().iter().any(|q| q.dept() == Some(till) && q.kind() == Kind::Side))
        .expect("Till 1 is asked about");
    app.quiz = Quiz::new(&app.doc, seed);
    while app.quiz.current().unwrap().dept() != Some(till) {
        answer_right(&mut app);
    }
    app.update(Action::AnswerFront);
    let shown = screen(&app);
    assert!(shown.contains("it takes this from the unit it belongs to, Sales floor"), "{shown}");
}

#[test]
fn the_header_model_does_not_change_the_question() {
    let mut app = at_kind(Lang::En, 120, 40, Kind::Side);
    let question = app.quiz.current().unwrap();
    let model = question.model().unwrap();
    let asked = format!("Under the {}", model.label(Lang::En));
    assert!(screen(&app).contains(&asked));
    app.update(Action::CycleModel);
    app.update(Action::CycleModel);
    assert_eq!(app.quiz.current(), Some(question));
    let shown = screen(&app);
    assert!(shown.contains(&asked), "{shown}");
    // And the answer is judged under the question's model.
    let right = question.right(&app.doc).unwrap();
    app.update(pick(&app, right));
    assert!(app.quiz.revealed().unwrap().is_right());
    let other = if model == Model::Customer { Model::Profit } else { Model::Customer };
    assert!(!screen(&app).contains(&format!("The {} puts", other.label(Lang::En))));
}

fn click(column: u16, row: u16) -> Event {
    Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

/// The row and column where `needle` is drawn.
fn find(screen: &str, needle: &str) -> (u16, u16) {
    for (row, line) in screen.lines().enumerate() {
        if let Some(byte) = line.find(needle) {
            return (line[..byte].chars().count() as u16, row as u16);
        }
    }
    panic!("{needle} not on screen:\n{screen}");
}

#[test]
fn a_click_on_a_choice_picks_it() {
    for (w, h) in [(80, 24), (120, 40), (40, 12)] {
        let mut app = at_kind(Lang::En, w, h, Kind::Which);
        let shown = screen(&app);
        // A click beside the choices answers nothing.
        let (_, question_row) = find(&shown, "Which model");
        app.handle_event(&click(10, question_row));
        assert!(app.quiz.revealed().is_none(), "{shown}");
        let answered = app.quiz.answered();
        let (column, row) = find(&shown, "[c] both models");
        app.handle_event(&click(column + 6, row));
        let outcome = *app.quiz.revealed().expect("the click answered");
        assert_eq!(outcome.given, 2, "{w}x{h}");
        // Once revealed, clicks answer nothing more.
        let (column, row) = find(&shown, "[d] neither model");
        app.handle_event(&click(column, row));
        assert_eq!(app.quiz.answered(), answered + 1, "{w}x{h}:\n{shown}\n{}", screen(&app));
    }
    // A front/back question too, in Spanish.
    let mut app = at_kind(Lang::Es, 80, 24, Kind::Side);
    let (column, row) = find(&screen(&app), "[b] back office");
    app.handle_event(&click(column, row));
    assert_eq!(app.quiz.revealed().unwrap().given, 1);
}

/// A round answered with the first choice each time, to its score screen.
fn finish_with_first_choices(app: &mut App) {
    while !app.quiz.is_finished() {
        app.update(pick(app, 0));
        app.update(Action::NextQuestion);
    }
}

#[test]
fn the_score_screen_shows_the_seed_and_what_was_missed_with_its_concept() {
    for lang in Lang::ALL {
        for (w, h) in SIZES {
            let mut app = shop(lang, w, h);
            app.results = Some(PathBuf::from("class-3b.csv"));
            finish_with_first_choices(&mut app);
            let shown = screen(&app);
            insta::assert_snapshot!(format!("quiz_score_{}_{w}x{h}", lang.code()), shown);
            let seed = if lang == Lang::En { "Seed 7: start with --seed 7" } else { "Semilla 7: empiece con --seed 7" };
            assert!(shown.contains(seed), "{shown}");
            let missed = app.quiz.missed().count();
            assert!(missed > 0);
            if h == 40 {
                assert_eq!(shown.matches("✗ ").count(), missed, "{shown}");
                let concept = if lang == Lang::En { "The idea behind it:" } else { "La idea que muestra:" };
                assert_eq!(shown.matches(concept).count(), missed, "{shown}");
                assert!(shown.contains("class-3b.csv"), "{shown}");
            }
        }
    }
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// The missed questions' lines on screen, by their path.
fn missed_lines(shown: &str) -> Vec<String> {
    shown
        .lines()
        .filter_map(|line| line.find("✗ ").map(|at| line[at..].trim_end_matches([' ', '│']).to_string()))
        .collect()
}

/// A missed question too long for its line goes on under its text, not under its
/// `✗`: below the list's heading, every row starts with a `✗` or is indented. In
/// both languages, at 80 columns and in a narrow terminal.
#[test]
fn a_missed_question_that_wraps_goes_on_under_its_text() {
    for lang in Lang::ALL {
        for (width, height) in [(80, 60), (50, 80)] {
            let mut app = shop(lang, width, height);
            finish_with_first_choices(&mut app);
            let shown = screen(&app);
            let heading = if lang == Lang::En { "Missed:" } else { "Fallos:" };
            let inside: Vec<&str> = shown
                .lines()
                .filter_map(|line| line.strip_prefix("│ "))
                .skip_while(|row| !row.starts_with(heading))
                .skip(1)
                .map(|row| row.trim_end_matches(['│', ' ']))
                .filter(|row| !row.is_empty())
                .collect();
            assert!(inside.len() > app.quiz.missed().count() * 2, "some wrap at {width}: {shown}");
            for row in inside {
                assert!(row.starts_with("✗ ") || row.starts_with("  "), "{lang:?} {width}: {row:?} in\n{shown}");
            }
        }
    }
}

/// A page down keeps the last row of one page on the next, in both languages and at
/// any size, so that the reader does not lose their place.
#[test]
fn a_page_of_the_score_screen_keeps_a_line_of_context() {
    // The rows inside the quiz's frame that hold text.
    let rows = |app: &App| -> Vec<String> {
        let text = screen(app);
        let inside = text.lines().filter(|l| l.starts_with('│')).map(|l| l.trim_matches(['│', ' ']).to_string());
        inside.filter(|row| !row.is_empty()).collect()
    };
    for (lang, (width, height)) in Lang::ALL.into_iter().flat_map(|l| [(80, 24), (80, 16), (120, 20)].map(|s| (l, s))) {
        let mut app = shop(lang, width, height);
        finish_with_first_choices(&mut app);
        let mut page = rows(&app);
        let mut pages = 0;
        loop {
            app.handle_event(&key(KeyCode::PageDown));
            let next = rows(&app);
            if next == page {
                break;
            }
            let last = page.last().expect("text on every page");
            assert!(next.contains(last), "{lang:?} {width}x{height}: {last:?} on the next page too: {next:#?}");
            page = next;
            pages += 1;
        }
        assert!(pages >= 1, "{lang:?}: the score screen pages at {width}x{height}");
    }
}

#[test]
fn a_score_screen_taller_than_the_terminal_scrolls_to_every_missed_question() {
    for lang in Lang::ALL {
        let (more_below, more_above) = match lang {
            Lang::En => ("↓ more below (pgdn)", "↑ more above"),
            Lang::Es => ("↓ hay más abajo (AvPág)", "↑ hay más arriba"),
        };
        let mut app = shop(lang, 80, 24);
        finish_with_first_choices(&mut app);
        let missed = app.quiz.missed().count();
        let first = screen(&app);
        assert!(missed_lines(&first).len() < missed, "all fit, nothing to scroll:\n{first}");
        assert!(first.contains(more_below) && !first.contains(more_above), "{first}");
        // `j` a line at a time, to the end: every missed question shows on the way.
        let mut seen = missed_lines(&first);
        let mut shown = first.clone();
        for _ in 0..100 {
            app.handle_event(&key(KeyCode::Char('j')));
            let next = screen(&app);
            if next == shown {
                break;
            }
            shown = next;
            seen.extend(missed_lines(&shown));
        }
        seen.dedup();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), missed, "{seen:#?}");
        assert!(shown.contains(more_above) && !shown.contains(more_below), "{shown}");
        insta::assert_snapshot!(format!("quiz_score_scrolled_to_the_end_{}_80x24", lang.code()), shown);
        // Home and End, the page keys and the wheel.
        app.handle_event(&key(KeyCode::Home));
        assert_eq!(screen(&app), first);
        app.handle_event(&key(KeyCode::End));
        assert_eq!(screen(&app), shown);
        // Saving a result (here refused: no results file), or a key that does nothing
        // on the score screen, leaves the screen where it is.
        app.handle_event(&key(KeyCode::Char('s')));
        assert!(screen(&app).contains(more_above), "{}", screen(&app));
        app.update(Action::NextQuestion);
        assert_eq!(screen(&app), shown, "nothing after the score");
        app.handle_event(&key(KeyCode::PageUp));
        app.handle_event(&key(KeyCode::Char('k')));
        assert_ne!(screen(&app), shown);
        app.handle_event(&key(KeyCode::Char('g')));
        let wheel = MouseEvent { kind: MouseEventKind::ScrollDown, column: 40, row: 10, modifiers: KeyModifiers::NONE };
        app.handle_event(&Event::Mouse(wheel));
        assert_ne!(screen(&app), first, "the wheel scrolls");
        // A new round starts at the top.
        app.handle_event(&key(KeyCode::Char('r')));
        assert_eq!(app.teaching.quiz_scroll, 0);
    }
    // Where everything fits, nothing scrolls and nothing says there is more.
    let mut app = shop(Lang::En, 120, 40);
    finish_with_first_choices(&mut app);
    let shown = screen(&app);
    app.handle_event(&key(KeyCode::Char('j')));
    assert_eq!(screen(&app), shown);
    assert!(!shown.contains("more below"), "{shown}");
}

#[test]
fn switching_the_language_of_the_built_in_sample_keeps_the_round_going() {
    let mut app = shop(Lang::En, 80, 24);
    answer_right(&mut app);
    answer_right(&mut app);
    let right = app.quiz.current().unwrap().right(&app.doc).unwrap();
    app.update(pick(&app, right));
    let (questions, answered, position) = (app.quiz.questions().to_vec(), app.quiz.answered(), app.quiz.position());
    // The sample's Spanish twin comes in: the same departments under Spanish names.
    app.update(Action::ToggleLang);
    assert_eq!(app.lang, Lang::Es);
    assert!(app.doc.org.company.name.contains("Ferretería"));
    assert_eq!(app.quiz.questions(), &questions[..]);
    assert_eq!((app.quiz.answered(), app.quiz.position()), (answered, position), "the round goes on");
    assert!(app.quiz.revealed().is_some(), "the answer stays revealed");
    let shown = screen(&app);
    assert!(shown.contains("aciertos 3/3"), "{shown}");
    // And back.
    app.update(Action::ToggleLang);
    assert_eq!((app.quiz.answered(), app.quiz.position()), (answered, position));
}

#[test]
fn a_round_is_ten_questions_with_two_on_the_concept() {
    let app = shop(Lang::En, 80, 24);
    assert_eq!(app.quiz.len(), MAX_QUESTIONS);
    let concepts = app.quiz.questions().iter().filter(|q| q.kind() == Kind::Concept).count();
    assert_eq!(concepts, CONCEPT_QUESTIONS);
}

/// The org column names the sample as `frontback NAME` opens it, whatever the
/// language: a class's rows line up however each student ran the quiz.
#[test]
fn a_result_names_the_sample_the_same_way_in_either_language() {
    for lang in Lang::ALL {
        let (_dir, path) = temp_file("results.csv", "");
        let mut app = shop(lang, 100, 30);
        app.results = Some(path.clone());
        finish_with_first_choices(&mut app);
        app.update(Action::SaveResult);
        crate::support::tui::type_text(&mut app, "Ana");
        app.update(Action::Confirm);
        let text = std::fs::read_to_string(&path).unwrap();
        let row: Vec<&str> = text.lines().nth(1).expect("a row").split(',').collect();
        assert_eq!(row[1..3], ["Ana", "corner-shop"], "{lang:?}: {text}");
    }
}

#[test]
fn a_result_is_added_to_the_results_file_with_a_header_once() {
    let (dir, path) = temp_file("results.csv", "");
    let mut app = shop(Lang::En, 100, 30);
    app.results = Some(path.clone());
    app.update(Action::SaveResult);
    assert!(app.overlay.is_none(), "no result before the end of the round");
    finish_with_first_choices(&mut app);
    for name in ["Ana", "Luis, \"Lu\""] {
        app.update(Action::SaveResult);
        assert!(app.prompt().is_some());
        assert!(screen(&app).contains("Student's name:"));
        crate::support::tui::type_text(&mut app, name);
        app.update(Action::Confirm);
        let status = app.status.clone().expect("a message");
        assert!(!status.is_error && status.text.contains("results.csv"), "{status:?}");
    }
    let missed: Vec<String> = app.quiz.missed().map(|o| o.question.id(&app.doc)).collect();
    let tail = format!(",corner-shop,7,{},10,{}", app.quiz.score(), missed.join(" "));
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "date_time,name,org,seed,score,total,missed");
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[1].ends_with(&format!(",Ana{tail}")), "{text}");
    assert!(lines[2].ends_with(&format!(",\"Luis, \"\"Lu\"\"\"{tail}")), "{text}");
    assert_eq!(&lines[1][4..5], "-");
    assert_eq!(lines[1].find(','), Some(20), "a UTC date and time first: {text}");
    // A file that cannot be written: an error in the status bar, nothing else.
    app.results = Some(dir.path().join("no-such-folder").join("r.csv"));
    app.update(Action::SaveResult);
    crate::support::tui::type_text(&mut app, "Eva");
    app.update(Action::Confirm);
    let status = app.status.clone().unwrap();
    assert!(status.is_error && status.text.starts_with("Could not add the result to"), "{status:?}");
    // The system's reason in the app's language, without the system's error number.
    app.lang = Lang::Es;
    app.results = Some(dir.path().to_path_buf());
    app.update(Action::SaveResult);
    crate::support::tui::type_text(&mut app, "Eva");
    app.update(Action::Confirm);
    let status = app.status.clone().unwrap();
    assert!(
        status.is_error && status.text.contains("Es una carpeta") && !status.text.contains("os error"),
        "{status:?}"
    );
    app.lang = Lang::En;
    // Without --results the key says how to get one.
    app.results = None;
    app.update(Action::SaveResult);
    assert!(app.status.clone().unwrap().text.contains("--results"));
}

#[cfg(unix)]
#[test]
fn the_binary_adds_results_to_the_file_given_by_results() {
    use crate::support::pty::Session;
    use std::ffi::OsStr;
    const SHOP: &str = "[company]\nname = \"Signal Shop\"\n\n[org.sales]\nname = \"Sales\"\nfunction = \"sales\"\n\n[org.books]\nname = \"Books\"\nfunction = \"accounting\"\n";
    let (dir, file) = temp_file("shop.toml", SHOP);
    let results = dir.path().join("results.csv");
    let args = [
        file.as_os_str(),
        OsStr::new("--view"),
        OsStr::new("quiz"),
        OsStr::new("--seed"),
        OsStr::new("5"),
        OsStr::new("--lang"),
        OsStr::new("en"),
        OsStr::new("--results"),
        results.as_os_str(),
    ];
    let mut session = Session::start_with(&args, &[]);
    session.wait_for("question 1 of 4");
    for number in 2..=4 {
        session.keys("a");
        session.wait_for("The idea behind it");
        session.keys("\r");
        session.wait_for(&format!("question {number} of 4"));
    }
    session.keys("a");
    session.wait_for("The idea behind it");
    session.keys("\r");
    session.wait_for("Seed 5: start with --seed 5");
    session.keys("s");
    session.wait_for("Student's name:");
    session.keys("Ana Díaz\r");
    session.wait_for("Result of Ana Díaz added to");
    session.keys("q");
    assert!(session.wait_exit().success());

    let doc = frontback::document::Document::from_text(None, SHOP.to_string()).unwrap();
    let mut quiz = Quiz::new(&doc, 5);
    while quiz.current().is_some() {
        quiz.answer(&doc, 0);
        quiz.next(&doc);
    }
    let missed: Vec<String> = quiz.missed().map(|o| o.question.id(&doc)).collect();
    let text = std::fs::read_to_string(&results).unwrap();
    let (header, row) = text.split_once('\n').unwrap();
    assert_eq!(header, "date_time,name,org,seed,score,total,missed");
    let (date, rest) = row.split_once(',').unwrap();
    assert_eq!(rest, format!("Ana Díaz,shop.toml,5,{},4,{}\n", quiz.score(), missed.join(" ")));
    assert_eq!((date.len(), &date[10..11], &date[19..]), (20, "T", "Z"), "{text}");
}
