//! The teaching views: the floor plan under each model and the concepts screen, in
//! both languages (the quiz has its own module); every view at the smallest and a
//! large terminal size.

use crate::support::tui::{app_in, app_with_model, screen};
use frontback::classify::Model;
use frontback::samples::default_sample;
use frontback::text::Lang;
use frontback::tui::ModelView;
use frontback::tui::{Action, App};

fn shop(lang: Lang, width: u16, height: u16) -> App {
    app_in(default_sample().text, lang, width, height)
}

/// The row of the screen that contains `needle`.
fn row_of(screen: &str, needle: &str) -> usize {
    screen.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle} not on screen:\n{screen}"))
}

const GREY_AND_UNKNOWN: &str = "[company]\nname = \"Q\"\n[org.support]\nname = \"Support\"\nfunction = \"post-sales-support\"\n[org.sales]\nfunction = \"sales\"\n[org.mystery]\nname = \"Nobody knows\"\n[org.half]\nname = \"Half known\"\ncustomers = \"none\"\n";

// --- Floor plan -------------------------------------------------------------------

/// `m` on the floor plan, its walk through the doorway over.
fn next_model(app: &mut App) {
    app.update(Action::CycleModel);
    app.teaching.animation = None;
}

#[test]
fn the_floor_plan_under_each_model_in_both_languages() {
    for lang in Lang::ALL {
        let mut app = shop(lang, 100, 40);
        app.update(Action::ViewFloorPlan);
        let customer = screen(&app);
        insta::assert_snapshot!(format!("floor_plan_customer_{}", lang.code()), customer);
        next_model(&mut app);
        let profit = screen(&app);
        insta::assert_snapshot!(format!("floor_plan_profit_{}", lang.code()), profit);
        assert_ne!(customer, profit, "pressing m moves the grey area");
    }
}

#[test]
fn every_department_stands_in_the_room_of_its_verdict() {
    let mut app = shop(Lang::En, 100, 40);
    app.update(Action::ViewFloorPlan);
    for (model, repair_in_front) in [(Model::Customer, true), (Model::Profit, false)] {
        app.model_view = ModelView::One(model);
        let plan = screen(&app);
        let back = row_of(&plan, "BACK ROOMS");
        let door = row_of(&plan, "doorway");
        let front = row_of(&plan, "SHOP FRONT");
        let street = row_of(&plan, "street");
        assert!(back < door && door < front && front < street, "{plan}");
        for name in
            ["Bookkeeping", "Workshop", "Carpentry bench", "Varnishing room", "Administration", "Supplier orders"]
        {
            let row = row_of(&plan, name);
            assert!(back < row && row < door, "{name} is not in the back rooms:\n{plan}");
        }
        for name in ["Showroom", "Sales floor", "Till 1"] {
            let row = row_of(&plan, name);
            assert!(front < row && row < street, "{name} is not in the front room:\n{plan}");
        }
        // The grey area stands where the model puts it, as the header counts it.
        let repair = row_of(&plan, "≈ Repair desk");
        if repair_in_front {
            assert!(front < repair && repair < street, "{plan}");
        } else {
            assert!(back < repair && repair < door, "{plan}");
        }
    }
}

#[test]
fn the_grey_area_stands_in_the_doorway_under_both_models_with_where_each_sends_it() {
    let mut app = shop(Lang::En, 100, 40);
    app.update(Action::ViewFloorPlan);
    app.model_view = ModelView::Both;
    let plan = screen(&app);
    let repair = row_of(&plan, "≈ Repair desk customer ↓ profit ↑");
    assert!(row_of(&plan, "doorway") < repair && repair < row_of(&plan, "SHOP FRONT"), "{plan}");
}

#[test]
fn undetermined_departments_wait_outside() {
    let mut app = app_with_model(GREY_AND_UNKNOWN, Model::Profit, Lang::En, 80, 40);
    app.update(Action::ViewFloorPlan);
    let plan = screen(&app);
    let outside = row_of(&plan, "Outside, undetermined (?): 2");
    assert!(row_of(&plan, "[?] Nobody knows") > outside, "{plan}");
    assert!(row_of(&plan, "[?] Half known") > outside, "{plan}");
    // Under the customer model "Half known" is back office: it comes in.
    next_model(&mut app);
    next_model(&mut app);
    let plan = screen(&app);
    assert!(row_of(&plan, "[B] Half known") < row_of(&plan, "street"), "{plan}");
}

#[test]
fn both_models_draw_one_plan_with_each_models_counts() {
    let mut app = shop(Lang::En, 120, 40);
    app.update(Action::ViewFloorPlan);
    app.model_view = ModelView::Both;
    let plans = screen(&app);
    insta::assert_snapshot!("floor_plan_both_models", plans);
    assert!(plans.contains("by both models"), "{plans}");
    assert!(plans.contains("front office: customer 4 · profit 3"), "{plans}");
    assert!(plans.contains("back office: customer 6 · profit 7"), "{plans}");
    // Narrower, the same plan.
    app.resize(70, 40);
    let plan = screen(&app);
    assert!(plan.contains("≈ Repair desk customer ↓ profit ↑"), "{plan}");
}

#[test]
fn a_large_org_floor_plan_shows_counts_and_folds_its_branches() {
    let text = frontback::generate::org_text(300, 3);
    let mut app = app_with_model(&text, Model::Customer, Lang::En, 110, 60);
    app.update(Action::ViewFloorPlan);
    let plan = screen(&app);
    insta::assert_snapshot!("floor_plan_large", plan);
    assert!(plan.contains("300 departments: each room groups them"), "{plan}");
    let tally = app.doc.tally.model(Model::Customer);
    assert!(plan.contains(&format!("Outside, undetermined (?): {}", tally.undetermined)), "{plan}");
    assert!(plan.contains(&format!("BACK ROOMS · back office: {}", tally.back)), "{plan}");
    assert!(plan.contains("others"), "{plan}");
    // The selected department's subtree is listed under the plan.
    let first = app.doc.org.dept(0).display_name().to_string();
    assert!(plan.contains(&format!("Selected: {first}, with {} below it", app.doc.org.descendant_count(0))));
}

#[test]
fn the_floor_plan_scrolls_and_stops_at_its_end() {
    let text = frontback::generate::org_text(300, 3);
    let mut app = app_with_model(&text, Model::Customer, Lang::En, 80, 20);
    app.update(Action::ViewFloorPlan);
    let top = screen(&app);
    app.update(Action::Down);
    let scrolled = screen(&app);
    assert_ne!(top, scrolled);
    // Far past the end: the plan is a few hundred lines long at most.
    for _ in 0..1_000 {
        app.update(Action::Down);
    }
    let last = app.teaching.plan_scroll;
    app.update(Action::Down);
    assert_eq!(app.teaching.plan_scroll, last, "it stops at its end");
    let end = screen(&app);
    assert!(
        end.lines().any(|l| l.contains("… and") || l.trim_start().starts_with('[')),
        "the end shows content:\n{end}"
    );
    // The app does not stop counting at the end; the view stops drawing further.
    app.teaching.plan_scroll = 0;
    assert_eq!(screen(&app), top);
}

// --- Concepts ---------------------------------------------------------------------

#[test]
fn the_concepts_screen_in_both_languages() {
    for lang in Lang::ALL {
        let mut app = shop(lang, 100, 90);
        app.update(Action::ViewConcepts);
        let text = screen(&app);
        // The eight facts, numbered and named in words (never by their codes).
        for fact in frontback::concept::Fact::ALL {
            let heading = format!(" {}. {}", fact.number(), fact.title(lang));
            assert!(text.lines().any(|l| l == heading), "{heading} missing:\n{text}");
        }
        insta::assert_snapshot!(format!("concepts_{}", lang.code()), text);
    }
}

#[test]
fn the_concepts_screen_scrolls() {
    let mut app = shop(Lang::En, 60, 16);
    app.update(Action::ViewConcepts);
    let top = screen(&app);
    assert!(top.contains("BACK ROOMS"), "{top}");
    for _ in 0..500 {
        app.update(Action::Down);
    }
    let end = screen(&app);
    assert!(end.contains("switches the model"), "the last line shows at the end:\n{end}");
    assert!(!end.contains("BACK ROOMS"));
}

// --- Sizes ------------------------------------------------------------------------

#[test]
fn teaching_views_draw_at_any_size() {
    let large = frontback::generate::org_text(300, 3);
    let texts = [default_sample().text, GREY_AND_UNKNOWN, "[company]\nname = \"Empty\"\n", large.as_str()];
    for text in texts {
        for (w, h) in [(40, 12), (200, 60), (41, 13), (83, 20), (84, 20)] {
            for view in [Action::ViewFloorPlan, Action::ViewQuiz, Action::ViewConcepts] {
                for lang in Lang::ALL {
                    let mut app = app_with_model(text, Model::Customer, lang, w, h);
                    app.update(view);
                    for _ in 0..3 {
                        let _ = screen(&app);
                        app.update(Action::AnswerFront);
                        let _ = screen(&app);
                        app.update(Action::Down);
                        app.update(Action::CycleModel);
                        let _ = screen(&app);
                    }
                }
            }
        }
    }
}

#[test]
fn the_smallest_terminal_still_shows_the_essentials() {
    let mut app = shop(Lang::En, 40, 12);
    app.update(Action::ViewFloorPlan);
    let plan = screen(&app);
    assert!(plan.contains("by the customer model"), "{plan}");
    insta::assert_snapshot!("floor_plan_40x12", plan);
    app.update(Action::ViewQuiz);
    let quiz = screen(&app);
    assert!(quiz.contains("Quiz"), "{quiz}");
    insta::assert_snapshot!("quiz_40x12", quiz);
}
