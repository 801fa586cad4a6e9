//! The teaching views: the floor plan under each model, the quiz's question, reveal
//! and summary, and the concepts screen, in both languages; the quiz's rules.

use frontback::classify::{Model, Verdict};
use frontback::samples::default_sample;
use frontback::text::Lang;
use frontback::tui::quiz::Quiz;
use frontback::tui::theme::Theme;
use frontback::tui::{Action, App, Document, Options};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn app_on(text: &str, lang: Lang, width: u16, height: u16) -> App {
    let doc = Document::from_text(None, text.to_string()).unwrap();
    let mut app =
        App::new(doc, Options { model: Model::Customer, lang, read_only: false, theme: Theme::monochrome(), seed: 7 });
    app.resize(width, height);
    app
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    terminal.draw(|f| frontback::tui::view::render(app, f)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect::<String>().trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

fn lang_name(lang: Lang) -> &'static str {
    lang.code()
}

#[test]
fn the_floor_plan_under_each_model_in_both_languages() {
    for lang in Lang::ALL {
        let mut app = app_on(default_sample().text, lang, 110, 32);
        app.update(Action::ViewFloorPlan);
        let customer = screen(&app);
        insta::assert_snapshot!(format!("floor_plan_customer_{}", lang_name(lang)), customer);
        app.update(Action::CycleModel);
        let profit = screen(&app);
        insta::assert_snapshot!(format!("floor_plan_profit_{}", lang_name(lang)), profit);
        assert_ne!(customer, profit, "pressing m moves the grey area");
    }
}

#[test]
fn the_grey_area_leans_to_the_room_of_the_active_model() {
    let mut app = app_on(default_sample().text, Lang::En, 110, 32);
    app.update(Action::ViewFloorPlan);
    assert!(screen(&app).contains("← ≈ Repair desk"));
    app.update(Action::CycleModel);
    assert!(screen(&app).contains("≈ Repair desk →"));
}

#[test]
fn a_large_org_floor_plan_shows_counts_and_the_top_level() {
    let text = frontback::generate::org_text(300, 3);
    let mut app = app_on(&text, Lang::En, 110, 32);
    app.update(Action::ViewFloorPlan);
    let plan = screen(&app);
    assert!(plan.contains("top-level departments"), "{plan}");
    let tally = app.doc.tally.model(Model::Customer);
    assert!(plan.contains(&format!("Outside, undetermined: {}", tally.undetermined)), "{plan}");
    insta::assert_snapshot!("floor_plan_large", plan);
}

#[test]
fn the_quiz_question_reveal_and_summary_in_both_languages() {
    for lang in Lang::ALL {
        let mut app = app_on(default_sample().text, lang, 100, 24);
        app.update(Action::ViewQuiz);
        insta::assert_snapshot!(format!("quiz_question_{}", lang_name(lang)), screen(&app));
        app.update(Action::AnswerFront);
        insta::assert_snapshot!(format!("quiz_reveal_{}", lang_name(lang)), screen(&app));
        while !app.quiz.is_finished() {
            app.update(Action::NextQuestion);
            app.update(Action::AnswerBack);
        }
        insta::assert_snapshot!(format!("quiz_summary_{}", lang_name(lang)), screen(&app));
    }
}

#[test]
fn the_concepts_screen_in_both_languages() {
    for lang in Lang::ALL {
        let mut app = app_on(default_sample().text, lang, 110, 50);
        app.update(Action::ViewConcepts);
        let text = screen(&app);
        for fact in ["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8"] {
            assert!(text.contains(fact), "{fact} missing:\n{text}");
        }
        insta::assert_snapshot!(format!("concepts_{}", lang_name(lang)), text);
    }
}

#[test]
fn the_same_seed_gives_the_same_round() {
    let doc = Document::from_text(None, default_sample().text.to_string()).unwrap();
    assert_eq!(Quiz::new(&doc, 42).questions(), Quiz::new(&doc, 42).questions());
    let first = Quiz::new(&doc, 0).questions().to_vec();
    assert!((1..8).any(|seed| Quiz::new(&doc, seed).questions() != first), "different seeds give different rounds");
}

#[test]
fn a_grey_area_is_asked_under_both_models_and_the_undetermined_never() {
    let text = "[company]\nname = \"Q\"\n[org.support]\nfunction = \"post-sales-support\"\n[org.sales]\nfunction = \"sales\"\n[org.mystery]\nname = \"Nobody knows\"\n";
    let doc = Document::from_text(None, text.to_string()).unwrap();
    for seed in 0..20 {
        let quiz = Quiz::new(&doc, seed);
        let support: Vec<Model> = quiz.questions().iter().filter(|q| q.dept == 0).map(|q| q.model).collect();
        assert_eq!(support.len(), 2, "seed {seed}");
        assert_ne!(support[0], support[1]);
        assert!(quiz.questions().iter().all(|q| q.dept != 2), "the undetermined department is never asked");
    }
}

#[test]
fn the_score_counts_right_answers_once() {
    let text = "[company]\nname = \"Q\"\n[org.sales]\nfunction = \"sales\"\n[org.it]\nfunction = \"it\"\n";
    let doc = Document::from_text(None, text.to_string()).unwrap();
    let mut quiz = Quiz::new(&doc, 3);
    let mut right = 0;
    while let Some(question) = quiz.current() {
        let answer = doc.classes.of(question.dept).verdict(question.model);
        let given = if quiz.answered() == 0 {
            if answer == Verdict::Front { Verdict::Back } else { Verdict::Front }
        } else {
            answer
        };
        quiz.answer(&doc, given);
        quiz.answer(&doc, answer);
        right += usize::from(given == answer);
        quiz.next(&doc);
    }
    assert!(quiz.is_finished());
    assert_eq!(quiz.score(), right, "answering twice did not count twice");
    assert_eq!(quiz.missed().count(), 1);
    quiz.answer(&doc, Verdict::Front);
    assert_eq!(quiz.answered(), 2, "no answers after the end");
}

#[test]
fn teaching_views_draw_at_any_size() {
    for (w, h) in [(40, 12), (200, 60), (41, 13)] {
        for action in [Action::ViewFloorPlan, Action::ViewQuiz, Action::ViewConcepts] {
            let mut app = app_on(default_sample().text, Lang::Es, w, h);
            app.update(action);
            let _ = screen(&app);
        }
    }
}
