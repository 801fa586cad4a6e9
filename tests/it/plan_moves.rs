//! The floor plan that moves: every department in the room its verdict under the
//! active model gives it, grey areas in the doorway under both models, rooms that count
//! what the header tallies on every sample, the walk through the doorway after `m`
//! drawn at any progress, the event loop back to blocking once it is over, large orgs
//! folded, and a click on a department's name selecting it.

use std::time::{Duration, Instant};

use crate::support::tui::{app_in, app_with_model, row, screen, selected};
use frontback::classify::Model;
use frontback::samples::{default_sample, samples_in};
use frontback::text::Lang;
use frontback::tui::state::{Animation, WALK, WALK_FRAME};
use frontback::tui::view::floor_plan::{self, Counts};
use frontback::tui::{Action, App, ModelView, View};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

/// The corner shop's floor plan.
fn plan(lang: Lang, width: u16, height: u16) -> App {
    let mut app = app_in(samples_in(lang)[0].text, lang, width, height);
    app.update(Action::ViewFloorPlan);
    app
}

/// The screen drawn as it is at `now`.
fn screen_at(app: &App, now: Instant) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    terminal.draw(|f| frontback::tui::view::render_at(app, f, now)).unwrap();
    let buffer = terminal.backend().buffer().clone();
    (0..buffer.area.height).map(|y| row(&buffer, y)).collect::<Vec<_>>().join("\n")
}

/// The row of the screen that contains `needle`.
fn row_of(screen: &str, needle: &str) -> usize {
    screen.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle} not on screen:\n{screen}"))
}

/// The rows of the back rooms, the doorway, the front room and the street.
fn rooms(screen: &str, lang: Lang) -> [usize; 4] {
    let (back, door, front, street) = match lang {
        Lang::En => ("BACK ROOMS", "doorway", "SHOP FRONT", "street"),
        Lang::Es => ("TRASTIENDA", "puerta", "TIENDA · front office", "calle"),
    };
    [row_of(screen, back), row_of(screen, door), row_of(screen, front), row_of(screen, street)]
}

/// Where the department named `name` stands on the screen.
fn room_on(screen: &str, lang: Lang, name: &str) -> &'static str {
    let [back, door, front, street] = rooms(screen, lang);
    let at = row_of(screen, name);
    match at {
        _ if back < at && at < door => "back",
        // The doorway's walls are the rows above and below its label.
        _ if door <= at && at < front - 1 => "doorway",
        _ if front < at && at < street => "front",
        _ => "outside",
    }
}

/// Every number on the line holding `needle`.
fn numbers_on(screen: &str, needle: &str) -> Vec<usize> {
    let line = screen.lines().find(|l| l.contains(needle)).unwrap_or_else(|| panic!("no {needle}:\n{screen}"));
    let after = &line[line.find(needle).unwrap()..];
    after.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).map(|s| s.parse().unwrap()).collect()
}

#[test]
fn the_grey_area_stands_in_the_room_of_the_active_model_and_in_the_doorway_under_both() {
    for lang in Lang::ALL {
        let mut app = plan(lang, 120, 40);
        let repair = match lang {
            Lang::En => "Repair desk",
            Lang::Es => "Reparaciones",
        };
        let customer = screen(&app);
        assert_eq!(room_on(&customer, lang, repair), "front", "{customer}");
        app.update(Action::CycleModel);
        let profit = screen_at(&app, Instant::now() + WALK);
        assert_eq!(room_on(&profit, lang, repair), "back", "{profit}");
        app.update(Action::CycleModel);
        let both = screen_at(&app, Instant::now() + WALK);
        assert_eq!(room_on(&both, lang, repair), "doorway", "{both}");
        // Those the models agree on stay where they were.
        let kept = match lang {
            Lang::En => ["Bookkeeping", "Showroom"],
            Lang::Es => ["Contabilidad", "Exposición"],
        };
        for name in kept {
            let rooms: Vec<_> = [&customer, &profit, &both].iter().map(|s| room_on(s, lang, name)).collect();
            assert!(rooms.windows(2).all(|w| w[0] == w[1]), "{name}: {rooms:?}");
        }
    }
}

#[test]
fn the_floor_plan_under_each_model_and_mid_walk_in_both_languages_and_sizes() {
    for lang in Lang::ALL {
        for (width, height) in [(80, 24), (120, 40)] {
            let name = |what: &str| format!("plan_moves_{what}_{}_{width}x{height}", lang.code());
            let mut app = plan(lang, width, height);
            insta::assert_snapshot!(name("customer"), screen(&app));
            app.update(Action::CycleModel);
            let walk = app.teaching.animation.expect("m on the plan starts the walk");
            // Half way: the grey area in the doorway, its arrow pointing to the back rooms.
            let mid = screen_at(&app, walk.started + WALK / 2);
            insta::assert_snapshot!(name("mid_walk"), mid);
            let end = screen_at(&app, walk.started + WALK);
            insta::assert_snapshot!(name("profit"), end);
            assert_ne!(mid, end);
            app.tick(walk.started + WALK);
            app.update(Action::CycleModel);
            let both = app.teaching.animation.expect("into both models, the grey area walks to the doorway");
            insta::assert_snapshot!(name("both"), screen_at(&app, both.started + WALK));
        }
    }
}

#[test]
fn mid_walk_the_grey_area_passes_the_doorway_with_an_arrow() {
    let mut app = plan(Lang::En, 120, 40);
    app.update(Action::CycleModel);
    let walk = app.teaching.animation.unwrap();
    assert_eq!((walk.from, walk.to), (ModelView::One(Model::Customer), ModelView::One(Model::Profit)));
    let start = screen_at(&app, walk.started);
    assert_eq!(room_on(&start, Lang::En, "Repair desk ↑"), "front", "{start}");
    let mid = screen_at(&app, walk.started + WALK / 2);
    assert_eq!(room_on(&mid, Lang::En, "Repair desk ↑"), "doorway", "{mid}");
    let late = screen_at(&app, walk.started + WALK - Duration::from_millis(1));
    assert_eq!(room_on(&late, Lang::En, "Repair desk ↑"), "back", "{late}");
    // Over: no arrow, in the back rooms.
    let end = screen_at(&app, walk.started + WALK);
    assert!(!end.contains("Repair desk ↑"), "{end}");
    assert_eq!(room_on(&end, Lang::En, "Repair desk"), "back", "{end}");
    // The header says the new model from the first frame.
    assert!(start.contains("profit model"), "{start}");
}

#[test]
fn the_walk_is_a_few_frames_under_300_ms_then_the_loop_blocks_again() {
    let mut app = plan(Lang::En, 80, 24);
    assert_eq!(app.frame_timeout(Instant::now()), None, "idle: the loop blocks");
    app.update(Action::CycleModel);
    let walk: Animation = app.teaching.animation.unwrap();
    // Follow the loop: wait the timeout asked, tick, until no timeout is asked.
    let mut now = walk.started;
    let mut frames = 1;
    while let Some(timeout) = app.frame_timeout(now) {
        assert!(timeout <= WALK_FRAME, "{timeout:?}");
        now += timeout;
        assert!(app.tick(now), "each frame is drawn");
        frames += 1;
        assert!(frames < 10, "the walk ends");
    }
    assert!(now - walk.started <= WALK && WALK < Duration::from_millis(300));
    assert!((3..=5).contains(&frames), "a few frames: {frames}");
    assert_eq!(app.teaching.animation, None);
    assert_eq!(app.frame_timeout(now), None);
    assert_eq!(app.frame_timeout(now + Duration::from_secs(60)), None);
    assert!(!app.tick(now + Duration::from_secs(60)), "nothing more to draw");
}

#[test]
fn nothing_walks_when_nobody_moves_or_off_the_plan() {
    // The explorer: `m` changes the model, no animation.
    let mut app = app_in(default_sample().text, Lang::En, 80, 24);
    app.update(Action::CycleModel);
    assert_eq!(app.teaching.animation, None);
    assert_eq!(app.frame_timeout(Instant::now()), None);
    // An org where both models agree on everyone: no one walks.
    let text = "[company]\nname = \"Q\"\n[org.sales]\nfunction = \"sales\"\n[org.books]\nfunction = \"accounting\"\n";
    let mut app = app_with_model(text, Model::Customer, Lang::En, 80, 24);
    app.update(Action::ViewFloorPlan);
    app.update(Action::CycleModel);
    assert_eq!(app.model_view, ModelView::One(Model::Profit));
    assert_eq!(app.teaching.animation, None);
    // Leaving the plan mid-walk ends it at the next tick.
    let mut app = plan(Lang::En, 80, 24);
    app.update(Action::CycleModel);
    let walk = app.teaching.animation.unwrap();
    app.update(Action::ViewExplorer);
    app.tick(walk.started);
    assert_eq!(app.teaching.animation, None);
    assert_eq!(app.frame_timeout(walk.started), None);
}

#[test]
fn room_counts_equal_the_header_tallies_on_every_sample() {
    for lang in Lang::ALL {
        for sample in samples_in(lang) {
            let mut app = app_with_model(sample.text, Model::Customer, lang, 120, 400);
            app.update(Action::ViewFloorPlan);
            let greys = app.doc.tally.grey_areas;
            for model in [Model::Customer, Model::Profit] {
                let tally = app.doc.tally.model(model);
                let counts = floor_plan::counts(&app, ModelView::One(model));
                let expected =
                    Counts { front: tally.front, back: tally.back, doorway: 0, outside: tally.undetermined, street: 0 };
                assert_eq!(counts, expected, "{} {lang:?} {model:?}", sample.name);
                // As drawn: the header's tally line and the rooms' titles.
                app.model_view = ModelView::One(model);
                let shown = screen(&app);
                let header = shown.lines().nth(1).unwrap();
                let header_counts: Vec<usize> = header
                    .split(|c: char| !c.is_ascii_digit())
                    .filter(|s| !s.is_empty())
                    .take(3)
                    .map(|s| s.parse().unwrap())
                    .collect();
                assert_eq!(header_counts, [tally.front, tally.back, tally.undetermined], "{header}");
                assert_eq!(numbers_on(&shown, "front office:"), [tally.front], "{} {lang:?}\n{shown}", sample.name);
                assert_eq!(numbers_on(&shown, "back office:"), [tally.back], "{} {lang:?}\n{shown}", sample.name);
                assert_eq!(numbers_on(&shown, "(?):"), [tally.undetermined], "{} {lang:?}\n{shown}", sample.name);
            }
            // Both models: the grey areas in the doorway, each room counting by each model.
            let both = floor_plan::counts(&app, ModelView::Both);
            assert_eq!(both.doorway, greys, "{}", sample.name);
            app.model_view = ModelView::Both;
            let shown = screen(&app);
            let [c, p] = [Model::Customer, Model::Profit].map(|m| app.doc.tally.model(m));
            assert_eq!(numbers_on(&shown, "front office:"), [c.front, p.front], "{shown}");
            assert_eq!(numbers_on(&shown, "back office:"), [c.back, p.back], "{shown}");
            assert_eq!(numbers_on(&shown, "(?):"), [c.undetermined, p.undetermined], "{shown}");
        }
    }
}

#[test]
fn a_large_org_folds_branches_into_their_top_level_box() {
    let text = frontback::generate::org_text(300, 3);
    for lang in Lang::ALL {
        let mut app = app_with_model(&text, Model::Customer, lang, 110, 80);
        app.update(Action::ViewFloorPlan);
        let shown = screen(&app);
        let more = match lang {
            Lang::En => "others",
            Lang::Es => "otros",
        };
        assert!(shown.contains(more), "{shown}");
        insta::assert_snapshot!(format!("plan_moves_large_{}", lang.code()), shown);
        // Each room stays within its rows.
        let [back, door, front, _] = rooms(&shown, lang);
        assert!(door - back <= floor_plan::ROOM_ROWS + 2, "{shown}");
        let entrance = row_of(&shown, "╴");
        assert!(entrance - front <= floor_plan::ROOM_ROWS + 1, "{shown}");
        // The counts still equal the tally.
        let tally = app.doc.tally.model(Model::Customer);
        assert_eq!(numbers_on(&shown, "front office:"), [tally.front]);
        assert_eq!(numbers_on(&shown, "back office:"), [tally.back]);
    }
}

#[test]
fn the_fold_note_has_a_singular_and_a_plural_in_both_languages() {
    // Grey areas crowd the doorway under both models: six stand there, a note counts the rest.
    let greys = |n: usize| {
        let mut text = String::from("[company]\nname = \"Q\"\n");
        for i in 0..n {
            text.push_str(&format!("[org.s{i}]\nname = \"Support {i}\"\nfunction = \"post-sales-support\"\n"));
        }
        text
    };
    for (n, lang, note) in
        [(7, Lang::En, "+ 1 other"), (8, Lang::En, "+ 2 others"), (7, Lang::Es, "+ 1 otro"), (8, Lang::Es, "+ 2 otros")]
    {
        let mut app = app_with_model(&greys(n), Model::Customer, lang, 80, 40);
        app.update(Action::ViewFloorPlan);
        app.model_view = ModelView::Both;
        let shown = screen(&app);
        assert_eq!(room_on(&shown, lang, note), "doorway", "{shown}");
        assert!(!shown.contains(&format!("Support {}", n - 1)), "{shown}");
        assert!(!shown.contains(&format!("{note}s")), "{shown}");
    }
}

/// A left click at a column and row of the screen.
fn click(app: &mut App, column: u16, row: u16) {
    let mouse =
        MouseEvent { kind: MouseEventKind::Down(MouseButton::Left), column, row, modifiers: KeyModifiers::NONE };
    app.handle_event(&Event::Mouse(mouse));
}

/// The column and row of `needle` on the screen (every character one column wide).
fn position_of(screen: &str, needle: &str) -> (u16, u16) {
    let y = row_of(screen, needle);
    let line = screen.lines().nth(y).unwrap();
    let x = line[..line.find(needle).unwrap()].chars().count();
    (x as u16, y as u16)
}

#[test]
fn a_click_on_a_department_in_the_floor_plan_selects_it() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut app = plan(Lang::En, width, height);
        for name in ["Repair desk", "Varnishing room", "Till 1", "Bookkeeping"] {
            let shown = screen(&app);
            let (x, y) = position_of(&shown, name);
            click(&mut app, x + 2, y);
            assert_eq!(selected(&app), name, "{width}x{height}");
            assert_eq!(app.view, View::FloorPlan);
            // The plan marks the selection (reversed, so it shows without colour too).
        }
        // A click on a wall or the street selects nothing new.
        let before = selected(&app);
        let shown = screen(&app);
        let (x, y) = position_of(&shown, "═");
        click(&mut app, x, y);
        assert_eq!(selected(&app), before);
    }
    // Under both models, on the grey area in the doorway; and in Spanish.
    let mut app = plan(Lang::Es, 120, 40);
    app.model_view = ModelView::Both;
    let name = "Reparaciones";
    let (x, y) = position_of(&screen(&app), name);
    click(&mut app, x, y);
    assert_eq!(selected(&app), name);
}

#[test]
fn a_click_on_a_scrolled_plan_hits_the_line_drawn_there() {
    let text = frontback::generate::org_text(300, 3);
    let mut app = app_with_model(&text, Model::Customer, Lang::En, 80, 24);
    app.update(Action::ViewFloorPlan);
    for _ in 0..6 {
        app.update(Action::Down);
    }
    let shown = screen(&app);
    // The first department name in the body of the scrolled plan.
    let (y, line) = shown
        .lines()
        .enumerate()
        .skip(2)
        .find(|(_, l)| l.contains("[B] ") || l.contains("[F] "))
        .unwrap_or_else(|| panic!("{shown}"));
    let start = line.find("[B] ").or_else(|| line.find("[F] ")).unwrap();
    let x = line[..start].chars().count() + 4;
    let name: String = line[start + 4..].split("  ").next().unwrap().split(" │").next().unwrap().trim().to_string();
    click(&mut app, x as u16, y as u16);
    assert_eq!(selected(&app), name, "{shown}");
}
