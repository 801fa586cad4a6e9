//! Reveal mode (`v`): every verdict and tally hidden, in text and in colour, until the
//! teacher reveals one department with Enter; the concept links of the panel (`i`, a
//! click) to the concepts screen; that screen's pages, "more" marks and steps fact by
//! fact; and no internal concept code (`C5`) on any screen or in any report.

use std::collections::HashSet;

use crate::support::tui::{app_with_model, draw, press, screen};
use frontback::classify::Model;
use frontback::concept::Fact;
use frontback::document::Document;
use frontback::report::{self, Format};
use frontback::samples::{SAMPLES, samples_in};
use frontback::text::Lang;
use frontback::tui::theme::Theme;
use frontback::tui::{Action, App, Options, View};
use ratatui::crossterm::event::{Event, KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

/// The corner shop in `lang` (the sample in that language), sized `width` x `height`.
fn shop(lang: Lang, width: u16, height: u16) -> App {
    app_with_model(samples_in(lang)[0].text, Model::Customer, lang, width, height)
}

/// Selects the department with this id at the top level.
fn select_id(app: &mut App, id: &str) {
    let dept = app.doc.org.find_path(&[id]).unwrap_or_else(|| panic!("no department {id}"));
    app.explorer.outline.reveal(&app.doc, dept);
}

/// What gives a verdict away in text: badges, the grey-area mark, verdict words, bars.
const VERDICT_MARKS: [&str; 9] = ["[F]", "[B]", "[F|", "|B]", "≈", "FRONT OFFICE", "BACK OFFICE", "█", "▒"];

fn assert_no_verdict(screen: &str) {
    for mark in VERDICT_MARKS {
        assert!(!screen.contains(mark), "{mark:?} gives a verdict away in reveal mode:\n{screen}");
    }
}

// --- Reveal mode ------------------------------------------------------------------

#[test]
fn reveal_mode_before_and_after_enter_in_both_languages_and_sizes() {
    for lang in Lang::ALL {
        for (width, height) in [(80, 24), (120, 40)] {
            let mut app = shop(lang, width, height);
            select_id(&mut app, "repair-desk");
            press(&mut app, KeyCode::Char('v'));
            let before = screen(&app);
            assert_no_verdict(&before);
            let mark = if lang == Lang::En { "[REVEAL MODE]" } else { "[MODO REVELAR]" };
            assert!(before.lines().next().unwrap().contains(mark), "{before}");
            insta::assert_snapshot!(format!("reveal_before_{}_{width}x{height}", lang.code()), before);

            press(&mut app, KeyCode::Enter);
            let after = screen(&app);
            // The grey area's verdict under both models, with its reasons.
            for shown in ["[F]", "FRONT OFFICE", "BACK OFFICE", "≈"] {
                assert!(after.contains(shown), "{shown} not revealed:\n{after}");
            }
            // The tallies stay hidden: the class goes on guessing the others.
            assert!(!after.contains('█') && !after.contains('▒'), "{after}");
            insta::assert_snapshot!(format!("reveal_after_{}_{width}x{height}", lang.code()), after);
        }
    }
}

#[test]
fn reveal_mode_hides_every_verdict_of_every_sample_under_every_model_view() {
    for lang in Lang::ALL {
        for sample in samples_in(lang) {
            for presses in 0..3 {
                let mut app = app_with_model(sample.text, Model::Customer, lang, 120, 40);
                for _ in 0..presses {
                    app.update(Action::CycleModel);
                }
                app.update(Action::UnfoldAll);
                app.update(Action::Reveal);
                for _ in 0..app.doc.org.len() {
                    assert_no_verdict(&screen(&app));
                    app.update(Action::Down);
                }
            }
        }
    }
}

/// In colour, every row of the tree looks the same in reveal mode but the selected
/// one: no colour tells front from back or grey. Without reveal mode they differ, so
/// the check can fail.
#[test]
fn reveal_mode_does_not_leak_the_verdict_through_colour() {
    for sample in SAMPLES {
        let doc = Document::from_text(None, sample.text.to_string()).unwrap();
        let mut app = App::new(doc, Options { theme: Theme::dark(), ..Options::default() });
        app.resize(120, 40);
        app.update(Action::UnfoldAll);
        let styles = |app: &App| {
            let buffer = draw(app);
            let tree = frontback::tui::layout::layout(app.size, app).tree.unwrap();
            let mut styles = HashSet::new();
            for y in tree.y + 1..tree.bottom() - 1 {
                let row: String = (tree.x + 1..tree.right() - 1).map(|x| buffer[(x, y)].symbol()).collect();
                // The selected row has its own highlight.
                if row.trim().is_empty() || row.contains('›') {
                    continue;
                }
                for x in tree.x + 1..tree.right() - 1 {
                    let cell = &buffer[(x, y)];
                    if cell.symbol() != " " {
                        styles.insert((cell.fg, cell.bg, cell.modifier));
                    }
                }
            }
            styles
        };
        assert!(styles(&app).len() > 1, "{}: the verdicts are coloured outside reveal mode", sample.name);
        app.update(Action::Reveal);
        assert_eq!(styles(&app).len(), 1, "{}: a colour gives a verdict away", sample.name);
        // The header's tallies and bar are gone too, in colour as in text.
        let buffer = draw(&app);
        let header: String = (0..120).map(|x| buffer[(x, 1)].symbol()).collect();
        assert!(!header.contains('█') && !header.contains('▒'), "{header}");
    }
}

#[test]
fn moving_on_keeps_what_was_revealed_until_v_shows_everything() {
    let mut app = shop(Lang::En, 120, 40);
    select_id(&mut app, "repair-desk");
    press(&mut app, KeyCode::Char('v'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('j'));
    let next = screen(&app);
    assert!(next.contains("› [ ] Bookkeeping") || next.contains("›   [ ] Bookkeeping"), "{next}");
    assert!(next.contains("[F] Repair desk ≈"), "the revealed one stays revealed:\n{next}");
    assert!(next.contains("Verdicts hidden"), "{next}");
    press(&mut app, KeyCode::Char('v'));
    let all = screen(&app);
    assert!(all.contains("[B] Bookkeeping") && all.contains("front 4"), "{all}");
    assert!(!all.contains("REVEAL MODE"), "{all}");
    // A new round starts with everything hidden again.
    press(&mut app, KeyCode::Char('v'));
    assert_no_verdict(&screen(&app));
}

#[test]
fn enter_reveals_in_reveal_mode_and_folds_otherwise_while_space_always_folds() {
    let mut app = shop(Lang::En, 120, 40);
    select_id(&mut app, "sales-floor");
    let id = app.explorer.outline.selected().unwrap();
    assert!(app.explorer.outline.is_open(id));
    press(&mut app, KeyCode::Enter);
    assert!(!app.explorer.outline.is_open(id), "Enter folds outside reveal mode");
    press(&mut app, KeyCode::Char('v'));
    press(&mut app, KeyCode::Enter);
    assert!(!app.explorer.outline.is_open(id), "Enter reveals, and does not fold, in reveal mode");
    assert!(!app.explorer.hides(id));
    press(&mut app, KeyCode::Char(' '));
    assert!(app.explorer.outline.is_open(id), "space still folds");
}

#[test]
fn the_grey_only_filter_is_refused_in_reveal_mode_and_goes_when_it_starts() {
    let mut app = shop(Lang::En, 120, 40);
    press(&mut app, KeyCode::Char('!'));
    assert!(app.explorer.grey_only());
    press(&mut app, KeyCode::Char('v'));
    assert!(!app.explorer.grey_only(), "the filter would tell which ones are grey");
    press(&mut app, KeyCode::Char('!'));
    assert!(!app.explorer.grey_only());
    let status = app.status.clone().unwrap();
    assert!(status.is_error && status.text.contains("reveal mode"), "{status:?}");
    let mut es = shop(Lang::Es, 120, 40);
    es.update(Action::Reveal);
    es.update(Action::ToggleGreyOnly);
    assert!(es.status.clone().unwrap().text.contains("modo revelar"));
}

// --- Concept links ----------------------------------------------------------------

#[test]
fn the_panel_names_the_concept_in_words_and_i_opens_the_concepts_screen_there() {
    for lang in Lang::ALL {
        for (width, height) in [(80, 24), (120, 40)] {
            let mut app = shop(lang, width, height);
            select_id(&mut app, "repair-desk");
            let panel = screen(&app);
            let link = if lang == Lang::En {
                "i → why? concept 5: Grey areas"
            } else {
                "i → ¿por qué? concepto 5: Zonas grises"
            };
            assert!(panel.contains(link), "{panel}");
            press(&mut app, KeyCode::Char('i'));
            assert_eq!(app.view, View::Concepts);
            assert_eq!(app.teaching.fact, Some(Fact::Grey));
            let concepts = screen(&app);
            let heading = if lang == Lang::En { "▶ 5. Grey areas" } else { "▶ 5. Zonas grises" };
            // At the top of the text, under the header's two rows, where the end of the
            // text lets it come so far; on screen in any case.
            if height == 24 {
                assert_eq!(concepts.lines().nth(2).map(str::trim), Some(heading), "{concepts}");
            }
            assert!(concepts.lines().any(|l| l.trim() == heading), "{concepts}");
            insta::assert_snapshot!(format!("concepts_link_grey_{}_{width}x{height}", lang.code()), concepts);
        }
    }
}

#[test]
fn a_click_on_the_panels_concept_link_follows_it() {
    let mut app = shop(Lang::En, 120, 40);
    select_id(&mut app, "bookkeeping");
    let body = frontback::tui::layout::layout(app.size, &app).body;
    let (link, fact) = frontback::tui::layout::concept_link(&app, body).unwrap();
    assert_eq!(fact, Fact::Accounting);
    assert!(screen(&app).lines().nth(link.y as usize).unwrap().contains("concept 6: Accounting"));
    let click = |column, row| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // A click just above the link does not follow it.
    app.handle_event(&click(link.x + 2, link.y - 1));
    assert_eq!(app.view, View::Explorer);
    app.handle_event(&click(link.x + 2, link.y));
    assert_eq!((app.view, app.teaching.fact), (View::Concepts, Some(Fact::Accounting)));
}

#[test]
fn a_hidden_verdict_has_no_link_and_i_says_to_reveal_it_first() {
    let mut app = shop(Lang::En, 120, 40);
    select_id(&mut app, "repair-desk");
    press(&mut app, KeyCode::Char('v'));
    assert!(!screen(&app).contains("why?"), "the link would say it is a grey area");
    press(&mut app, KeyCode::Char('i'));
    assert_eq!(app.view, View::Explorer);
    assert!(app.status.clone().unwrap().text.contains("Reveal the verdict first"));
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("why? concept 5: Grey areas"));
    press(&mut app, KeyCode::Char('i'));
    assert_eq!(app.view, View::Concepts);
}

// --- The concepts screen's pages --------------------------------------------------

#[test]
fn the_concepts_screen_pages_marks_more_and_steps_fact_by_fact() {
    for lang in Lang::ALL {
        for (width, height) in [(80, 24), (120, 40)] {
            let mut app = shop(lang, width, height);
            press(&mut app, KeyCode::Char('4'));
            let (below, above, end) = match lang {
                Lang::En => ("↓ more below (pgdn)", "↑ more above", "end"),
                Lang::Es => ("↓ hay más abajo (AvPág)", "↑ hay más arriba", "fin"),
            };
            let top = screen(&app);
            assert!(top.contains(below) && !top.contains(above), "{top}");
            press(&mut app, KeyCode::PageDown);
            let paged = screen(&app);
            let page = app.teaching.plan_scroll;
            assert!(page > 1 && paged.contains(above), "{paged}");
            insta::assert_snapshot!(format!("concepts_paged_{}_{width}x{height}", lang.code()), paged);
            press(&mut app, KeyCode::Char(' '));
            let at_end = screen(&app).lines().rev().nth(1).unwrap().ends_with(end);
            assert!(app.teaching.plan_scroll > page || at_end, "space pages on");
            let (after_space, rows) = (app.teaching.plan_scroll, frontback::tui::layout::teaching_page(&app));
            press(&mut app, KeyCode::PageUp);
            assert_eq!(app.teaching.plan_scroll, after_space.saturating_sub(rows));
            press(&mut app, KeyCode::Char('G'));
            let bottom = screen(&app);
            assert!(bottom.lines().rev().nth(1).unwrap().ends_with(end), "{bottom}");
            let last = app.teaching.plan_scroll;
            press(&mut app, KeyCode::Char('g'));
            assert_eq!(app.teaching.plan_scroll, 0);
            press(&mut app, KeyCode::End);
            assert_eq!(app.teaching.plan_scroll, last);
            press(&mut app, KeyCode::Home);
            assert_eq!(app.teaching.plan_scroll, 0);
        }
    }
}

#[test]
fn brackets_step_through_the_facts_in_order_and_back() {
    let mut app = shop(Lang::En, 80, 24);
    app.update(Action::ViewConcepts);
    let mut seen = Vec::new();
    for _ in 0..8 {
        press(&mut app, KeyCode::Char(']'));
        let fact = app.teaching.fact.unwrap();
        seen.push(fact);
        let number = format!("▶ {}. {}", fact.number(), fact.title(Lang::En));
        assert!(screen(&app).contains(&number), "{number} not marked:\n{}", screen(&app));
    }
    assert_eq!(seen, Fact::ALL);
    press(&mut app, KeyCode::Char(']'));
    assert_eq!(app.teaching.fact, Some(Fact::Enabling), "the last fact stays");
    for fact in Fact::ALL.iter().rev().skip(1) {
        press(&mut app, KeyCode::Char('['));
        assert_eq!(app.teaching.fact, Some(*fact));
    }
    press(&mut app, KeyCode::Char('['));
    assert_eq!((app.teaching.fact, app.teaching.plan_scroll), (None, 0), "back before the first: the top");
    // A fact at the top when it fits there: the second one.
    press(&mut app, KeyCode::Char(']'));
    press(&mut app, KeyCode::Char(']'));
    assert_eq!(screen(&app).lines().nth(2).map(str::trim), Some("▶ 2. Back office"));
}

#[test]
fn the_hint_bar_and_the_help_list_the_new_keys() {
    let mut app = shop(Lang::En, 120, 40);
    app.update(Action::ViewConcepts);
    let hints = screen(&app).lines().last().unwrap().to_string();
    for hint in ["pgdn page down", "] next idea", "[ previous idea"] {
        assert!(hints.contains(hint), "{hints}");
    }
    app.update(Action::ViewExplorer);
    app.update(Action::Reveal);
    app.status = None;
    let hints = screen(&app).lines().last().unwrap().to_string();
    assert!(hints.starts_with("enter reveal  v show all"), "{hints}");
    assert!(!hints.contains("grey areas"), "! is refused in reveal mode: {hints}");
    let help: String = frontback::tui::view::help::lines(&app).iter().map(|l| format!("{l}\n")).collect();
    for text in ["reveal mode: hide every verdict", "why? open the concepts screen", "concepts: go to the next idea"] {
        assert!(help.contains(text), "{text} not in the help:\n{help}");
    }
}

// --- No concept codes -------------------------------------------------------------

/// Where `text` holds an internal concept code: `C1`–`C8` standing alone ("(C5)",
/// "C1–C8", "of C7").
fn concept_code(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    for i in 0..chars.len().saturating_sub(1) {
        let before = if i == 0 { ' ' } else { chars[i - 1] };
        let after = chars.get(i + 2).copied().unwrap_or(' ');
        if chars[i] == 'C'
            && ('1'..='8').contains(&chars[i + 1])
            && !before.is_alphanumeric()
            && !after.is_alphanumeric()
        {
            let from = i.saturating_sub(30);
            return Some(chars[from..(i + 30).min(chars.len())].iter().collect());
        }
    }
    None
}

#[test]
fn the_code_pattern_is_found_where_it_is() {
    assert!(concept_code("Grey areas (C5)").is_some());
    assert!(concept_code("facts C1–C8").is_some());
    assert!(concept_code("the IT of C7, which").is_some());
    assert!(concept_code("5. Grey areas, ABC12, C10, C9").is_none());
}

#[test]
fn no_screen_and_no_report_shows_a_concept_code() {
    let check = |what: &str, text: &str| {
        if let Some(found) = concept_code(text) {
            panic!("{what} shows a concept code: …{found}…");
        }
    };
    for lang in Lang::ALL {
        for sample in samples_in(lang) {
            let doc = Document::from_text(None, sample.text.to_string()).unwrap();
            for format in [Format::Table, Format::Json, Format::Markdown, Format::Csv, Format::Dot] {
                check(&format!("{} {format:?} {}", sample.name, lang.code()), &report::render(&doc, format, lang));
            }
            for format in [report::HandoutFormat::Markdown, report::HandoutFormat::Html] {
                let handout = report::handout(&doc, lang, format, 7);
                check(&format!("{} handout {format:?} {}", sample.name, lang.code()), &handout);
            }
            for (width, height) in [(80, 24), (120, 40)] {
                let mut app = app_with_model(sample.text, Model::Customer, lang, width, height);
                app.update(Action::UnfoldAll);
                for _ in 0..app.doc.org.len() {
                    check(&format!("{} explorer {}", sample.name, lang.code()), &screen(&app));
                    app.update(Action::Down);
                }
                for view in [Action::ViewFloorPlan, Action::ViewQuiz, Action::ViewConcepts] {
                    app.update(view);
                    for _ in 0..30 {
                        check(&format!("{} {view:?} {}", sample.name, lang.code()), &screen(&app));
                        app.update(Action::PageDown);
                        app.update(Action::AnswerFront);
                    }
                }
                app.update(Action::ViewExplorer);
                app.update(Action::Help);
                check(&format!("{} help {}", sample.name, lang.code()), &screen(&app));
            }
        }
    }
}
