//! The quiz view: the question (about a department of the org, or about the concept)
//! with its choices one to a line, each with its key (a click on one picks it); then
//! the reveal: right or wrong, the rule, the department's facts and where they come
//! from, and the concept the question shows; the score in the title; and at the end
//! of the round the score, the seed, and what was missed with its concept. Taller than
//! its area, the view scrolls, and its bottom border says there is more.

use crate::text::t;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph, Wrap};

use crate::classify::{Model, Source, Verdict};
use crate::concept::Fact;
use crate::org::DeptId;
use crate::text::wrap::{push_wrapped, shown_long, wrap};
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::state::App;
use crate::tui::state::quiz::{CONCEPT_ITEMS, Choice, Outcome, Question};

/// A line of the view, and the choice it shows, if any.
type Tagged = (Line<'static>, Option<usize>);

/// The block around the view: borders and padding shrink on small terminals, which
/// keep every row and column for the text.
fn block(app: &App, area: Rect) -> Block<'static> {
    let l = app.lang.code();
    let quiz = &app.quiz;
    let title = if quiz.is_empty() {
        t!("teach.quiz.title_empty", locale = l)
    } else if quiz.is_finished() {
        t!("teach.quiz.title_done", locale = l, score = quiz.score(), total = quiz.len())
    } else {
        t!(
            "teach.quiz.title",
            locale = l,
            number = quiz.position() + 1,
            total = quiz.len(),
            score = quiz.score(),
            answered = quiz.answered()
        )
    };
    let borders = if full_borders(area) { Borders::ALL } else { Borders::TOP };
    // With the top border alone, the title has the corners' columns too.
    let title_width = if borders == Borders::ALL { area.width } else { area.width.saturating_add(2) };
    let padding = if area.width >= 42 { Padding::horizontal(1) } else { Padding::ZERO };
    Block::default()
        .borders(borders)
        .padding(padding)
        .border_style(app.theme.border)
        .title(Span::styled(super::title(&title, title_width), app.theme.title))
}

/// Whether the view has room for borders all round, or only the top one.
fn full_borders(area: Rect) -> bool {
    area.height >= 12
}

/// The view laid out in `area`: its block, every line with the rows it takes, and
/// how far they scroll (the quiz's scroll, no further than the last line at the
/// bottom). Worked out once for a frame, and once for a click or a scroll key.
struct Laid {
    block: Block<'static>,
    inner: Rect,
    lines: Vec<Tagged>,
    heights: Vec<usize>,
    scroll: usize,
    last: usize,
}

fn laid(app: &App, area: Rect) -> Laid {
    let quiz = &app.quiz;
    let block = block(app, area);
    let inner = block.inner(area);
    let mut lines = if quiz.is_empty() {
        untagged(empty_lines(app))
    } else if quiz.is_finished() {
        untagged(summary_lines(app, inner.width.into()))
    } else {
        match quiz.current() {
            Some(question) => question_lines(app, question),
            None => Vec::new(),
        }
    };
    let mut heights: Vec<usize> = lines.iter().map(|(line, _)| line_height(line, inner.width)).collect();
    // Small terminals, or a long explanation, keep every row for text.
    if area.height < 16 || heights.iter().sum::<usize>() > inner.height as usize {
        (lines, heights) = lines.into_iter().zip(heights).filter(|((line, _), _)| line.width() > 0).unzip();
    }
    let last = crate::tui::layout::last_scroll(heights.iter().sum(), inner.height);
    Laid { block, inner, lines, heights, scroll: app.teaching.quiz_scroll.min(last), last }
}

/// The rows a line takes, wrapped to `width`.
fn line_height(line: &Line<'static>, width: u16) -> usize {
    Paragraph::new(line.clone()).wrap(Wrap { trim: false }).line_count(width)
}

fn untagged(lines: Vec<Line<'static>>) -> Vec<Tagged> {
    lines.into_iter().map(|line| (line, None)).collect()
}

/// How far the view scrolls in `area`.
pub fn max_scroll(app: &App, area: Rect) -> usize {
    laid(app, area).last
}

/// The rows a page scrolls by in `area`: those inside the frame, less one kept for
/// context, so that the last row of one page is the first of the next.
pub fn page(app: &App, area: Rect) -> usize {
    (block(app, area).inner(area).height as usize).saturating_sub(1).max(1)
}

/// Draws the view; when it does not fit, the bottom border says there is more and
/// where.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Laid { mut block, lines, scroll, last, .. } = laid(app, area);
    let lines: Vec<Line> = lines.into_iter().map(|(line, _)| line).collect();
    if full_borders(area) && last > 0 {
        block = block.title_bottom(more_line(app, scroll, last).right_aligned());
    }
    let scroll = scroll.min(u16::MAX as usize) as u16;
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block).scroll((scroll, 0)), area);
}

/// Where the view is scrolled ([`super::more_text`]), for its bottom border.
fn more_line(app: &App, scroll: usize, last: usize) -> Line<'static> {
    Line::from(Span::styled(format!(" {} ", super::more_text(app, Mode::Quiz, scroll, last, false)), app.theme.dim))
}

/// The choice drawn at `position` when the view fills `area`, if any.
pub fn choice_at(app: &App, area: Rect, position: Position) -> Option<usize> {
    let Laid { inner, lines, heights, scroll, .. } = laid(app, area);
    if !inner.contains(position) {
        return None;
    }
    // Rows counted from the first line, scrolled or not.
    let row = (position.y - inner.y) as usize + scroll;
    let mut y = 0;
    for ((_, tag), height) in lines.into_iter().zip(heights) {
        if (y..y + height).contains(&row) {
            return tag;
        }
        y += height;
    }
    None
}

/// The first key bound to an action in the quiz, as the help shows it.
fn key(app: &App, action: Action) -> String {
    app.keymap.first_shown(Mode::Quiz, action, app.lang)
}

/// `[key] text`, the key emphasised.
fn key_hint(app: &App, action: Action, text: String) -> Vec<Span<'static>> {
    vec![Span::styled(format!("[{}]", key(app, action)), app.theme.key), Span::raw(format!(" {text}"))]
}

fn empty_lines(app: &App) -> Vec<Line<'static>> {
    let text = t!("teach.quiz.empty", locale = app.lang.code(), key = key(app, Action::RestartQuiz));
    vec![Line::default(), Line::from(text.into_owned())]
}

/// What a choice says.
pub fn choice_label(app: &App, choice: Choice) -> String {
    let l = app.lang.code();
    match choice {
        Choice::Front => Verdict::Front.label(app.lang),
        Choice::Back => Verdict::Back.label(app.lang),
        Choice::Yes => t!("teach.quiz.choice.yes", locale = l).into_owned(),
        Choice::No => t!("teach.quiz.choice.no", locale = l).into_owned(),
        Choice::CustomerOnly => t!("teach.quiz.choice.customer_only", locale = l).into_owned(),
        Choice::ProfitOnly => t!("teach.quiz.choice.profit_only", locale = l).into_owned(),
        Choice::Both => t!("teach.quiz.choice.both", locale = l).into_owned(),
        Choice::Neither => t!("teach.quiz.choice.neither", locale = l).into_owned(),
        Choice::Concept { item, option } => {
            let letter = ["a", "b", "c", "d"][usize::from(option).min(3)];
            t!(format!("teach.quiz.cq.{}.{letter}", CONCEPT_ITEMS[item].key), locale = l).into_owned()
        }
    }
}

/// A choice in a word or two, for the hint bar; `None` for a concept question's
/// choices, which are whole sentences.
pub fn choice_short(app: &App, choice: Choice) -> Option<String> {
    let key = match choice {
        Choice::Front => "front",
        Choice::Back => "back",
        Choice::Yes => "yes",
        Choice::No => "no",
        Choice::CustomerOnly => "customer_only",
        Choice::ProfitOnly => "profit_only",
        Choice::Both => "both",
        Choice::Neither => "neither",
        Choice::Concept { .. } => return None,
    };
    Some(t!(format!("teach.quiz.short.{key}"), locale = app.lang.code()).into_owned())
}

/// The quiz's own keys for the hint bar, as (key, what it does): the answers the
/// question on screen offers (a concept question's letters together); once answered,
/// the key to go on; on the score screen, or with nothing to ask, that screen's keys.
pub fn hints(app: &App) -> Vec<(String, String)> {
    let l = app.lang.code();
    let quiz = &app.quiz;
    let hint = |action: Action, text: String| Some((key(app, action), text)).filter(|(key, _)| !key.is_empty());
    let hint_of = |action: Action| hint(action, t!(format!("hint.{}", action.name()), locale = l).into_owned());
    let Some(question) = quiz.current() else {
        let save = app.results.as_ref().filter(|_| quiz.is_finished()).and_then(|_| hint_of(Action::SaveResult));
        return [hint_of(Action::RestartQuiz), save].into_iter().flatten().collect();
    };
    if quiz.revealed().is_some() || question.right(&app.doc).is_none() {
        let last = quiz.position() + 1 >= quiz.len();
        let next = if last { t!("teach.quiz.results", locale = l) } else { t!("teach.quiz.next", locale = l) };
        return hint(Action::NextQuestion, next.into_owned()).into_iter().collect();
    }
    let answers: Vec<(String, Option<String>)> = question
        .choices()
        .into_iter()
        .enumerate()
        .filter_map(|(index, choice)| Some((key(app, question.answer_action(index)?), choice_short(app, choice))))
        .filter(|(key, _)| !key.is_empty())
        .collect();
    if answers.iter().all(|(_, short)| short.is_some()) {
        return answers.into_iter().map(|(key, short)| (key, short.unwrap_or_default())).collect();
    }
    let keys: Vec<String> = answers.into_iter().map(|(key, _)| key).collect();
    vec![(keys.join(" "), t!("teach.quiz.short.pick", locale = l).into_owned())]
}

/// What the question asks, in one sentence.
fn asked(app: &App, question: &Question) -> String {
    let l = app.lang.code();
    match *question {
        Question::Side { model, .. } => t!("teach.quiz.question", locale = l, model = model.label(app.lang)),
        Question::Grey { .. } => t!("teach.quiz.question_grey", locale = l),
        Question::Which { .. } => t!("teach.quiz.question_which", locale = l),
        Question::Concept { item, .. } => {
            t!(format!("teach.quiz.cq.{}.question", CONCEPT_ITEMS[item].key), locale = l)
        }
    }
    .into_owned()
}

/// The short name of a fact of the concept, for "the concept it shows".
pub fn concept_name(app: &App, fact: Fact) -> String {
    t!(format!("teach.quiz.concept.{}", fact.key()), locale = app.lang.code()).into_owned()
}

/// The department (name, where, function, notes) or the concept heading, the question,
/// its choices, and then either a hint or the reveal.
fn question_lines(app: &App, question: Question) -> Vec<Tagged> {
    let l = app.lang.code();
    let theme = &app.theme;
    let org = &app.doc.org;
    let mut lines: Vec<Tagged> = Vec::new();
    let push = |lines: &mut Vec<Tagged>, line: Line<'static>| lines.push((line, None));
    match question.dept() {
        Some(dept) if dept >= org.len() => {
            let text = t!("teach.quiz.gone", locale = l, key = key(app, Action::NextQuestion));
            return untagged(vec![Line::default(), Line::from(text.into_owned())]);
        }
        Some(id) => {
            let dept = org.dept(id);
            push(&mut lines, Line::from(Span::styled(shown_long(dept.display_name()), theme.title)));
            if org.parent(id).is_some() {
                let path = t!("teach.quiz.path", locale = l, path = path_of(app, id));
                push(&mut lines, Line::from(Span::styled(path.into_owned(), theme.dim)));
            }
            let function = match dept.function.as_deref() {
                Some(key) => t!("teach.quiz.function", locale = l, function = function_name(app, key)),
                None => t!("teach.quiz.no_function", locale = l),
            };
            push(&mut lines, Line::from(Span::styled(function.into_owned(), theme.dim)));
            if let Some(notes) = dept.notes.as_deref().and_then(|n| n.lines().find(|line| !line.trim().is_empty())) {
                push(&mut lines, Line::from(Span::styled(format!("“{}”", shown_long(notes.trim())), theme.dim)));
            }
        }
        None => {
            let heading = t!("teach.quiz.about_concept", locale = l);
            push(&mut lines, Line::from(Span::styled(heading.into_owned(), theme.title)));
        }
    }
    push(&mut lines, Line::default());
    push(&mut lines, Line::from(Span::styled(asked(app, &question), Style::new().add_modifier(Modifier::BOLD))));
    push(&mut lines, Line::default());
    let revealed = app.quiz.revealed().copied();
    for (index, choice) in question.choices().into_iter().enumerate() {
        // Once answered, only the right choice and the one given stay.
        if revealed.is_some_and(|o| o.right != index && o.given != index) {
            continue;
        }
        let action = question.answer_action(index).unwrap_or(Action::AnswerA);
        let mark = match revealed {
            Some(o) if o.right == index => Span::styled("✓ ", theme.front),
            Some(o) if o.given == index => Span::styled("✗ ", theme.error),
            _ => Span::raw("  "),
        };
        let mut spans = vec![mark];
        spans.extend(key_hint(app, action, choice_label(app, choice)));
        lines.push((Line::from(spans), Some(index)));
    }
    match revealed {
        None => {
            if let Some(model) = question.model() {
                push(&mut lines, Line::default());
                let reminder = t!(format!("teach.quiz.reminder.{}", model.as_str()), locale = l);
                push(&mut lines, Line::from(Span::styled(reminder.into_owned(), theme.dim)));
            }
        }
        Some(outcome) => lines.extend(untagged(reveal_lines(app, &outcome))),
    }
    lines
}

/// Right or wrong, why in plain words, the concept it shows, and what comes next.
fn reveal_lines(app: &App, outcome: &Outcome) -> Vec<Line<'static>> {
    let l = app.lang.code();
    let theme = &app.theme;
    let question = outcome.question;
    let choices = question.choices();
    let mut lines = vec![Line::default()];
    let right_label = choices.get(outcome.right).map_or_else(String::new, |&c| choice_label(app, c));
    let verdict_line = if outcome.is_right() {
        Span::styled(
            t!("teach.quiz.right", locale = l, verdict = right_label).into_owned(),
            theme.front.add_modifier(Modifier::BOLD),
        )
    } else {
        Span::styled(t!("teach.quiz.wrong", locale = l, right = right_label).into_owned(), theme.error)
    };
    lines.push(Line::from(verdict_line));
    let concept = concept_name(app, question.concept(&app.doc));
    let concept = t!("teach.quiz.concept_line", locale = l, concept = concept).into_owned();
    lines.push(Line::from(Span::styled(concept, theme.grey)));
    for text in why(app, &question) {
        lines.push(Line::from(text));
    }
    lines.push(Line::default());
    let last = app.quiz.position() + 1 >= app.quiz.len();
    let next = if last { t!("teach.quiz.results", locale = l) } else { t!("teach.quiz.next", locale = l) };
    lines.push(Line::from(key_hint(app, Action::NextQuestion, next.into_owned())));
    lines
}

/// The reason in plain words: for a concept question its explanation; for a
/// department the rule of each model asked about, the fact that rule looks at with
/// where it comes from, and for a question on both models the two verdicts.
pub fn why(app: &App, question: &Question) -> Vec<String> {
    let l = app.lang.code();
    let dept = match *question {
        Question::Concept { item, .. } => {
            return vec![t!(format!("teach.quiz.cq.{}.why", CONCEPT_ITEMS[item].key), locale = l).into_owned()];
        }
        _ => match question.dept().filter(|&d| d < app.doc.org.len()) {
            Some(dept) => dept,
            None => return Vec::new(),
        },
    };
    let facts = app.doc.classes.of(dept);
    let models: Vec<Model> = question.model().map_or_else(|| Model::ALL.to_vec(), |m| vec![m]);
    let mut out = Vec::new();
    for &model in &models {
        out.push(t!(format!("teach.quiz.rule.{}", model.as_str()), locale = l).into_owned());
        let kind = model.fact();
        let fact = facts.fact(kind);
        let Some(value) = fact.value else { continue };
        let meaning = t!(format!("meaning.{}.{}", kind.field(), value.as_str()), locale = l);
        let source = source_words(app, dept, fact);
        out.push(
            t!(format!("teach.quiz.fact.{}", kind.field()), locale = l, meaning = meaning, source = source)
                .into_owned(),
        );
    }
    let (customer, profit) = (facts.verdict(Model::Customer), facts.verdict(Model::Profit));
    if models.len() == 2 {
        let text = if facts.is_grey_area() {
            t!("teach.quiz.so_grey", locale = l, customer = customer.label(app.lang), profit = profit.label(app.lang))
        } else {
            t!("teach.quiz.so_same", locale = l, verdict = customer.label(app.lang))
        };
        out.push(text.into_owned());
    } else if facts.is_grey_area()
        && let Some(model) = question.model()
    {
        let other = model.other();
        let text = t!(
            "teach.quiz.grey",
            locale = l,
            other = other.label(app.lang),
            verdict = facts.verdict(other).label(app.lang)
        );
        out.push(text.into_owned());
    }
    out
}

/// Where a fact comes from, for people: set on the department, its function, or the
/// unit it inherits from.
fn source_words(app: &App, dept: DeptId, fact: crate::classify::Fact) -> String {
    let l = app.lang.code();
    let org = &app.doc.org;
    let function = || function_name(app, org.dept(dept).function.as_deref().unwrap_or_default());
    match fact.source {
        Source::Explicit => t!("teach.quiz.source.explicit", locale = l),
        Source::CoreBusiness => t!("teach.quiz.source.core_business", locale = l, function = function()),
        Source::Function => t!("teach.quiz.source.function", locale = l, function = function()),
        Source::Inherited { .. } => {
            // No ancestor that far up: facts given for another department.
            let Some(from) = fact.inherited_from(org, dept) else {
                return t!("teach.quiz.source.unknown", locale = l).into_owned();
            };
            let ancestor = shown_long(org.dept(from).display_name());
            let from_function = org.dept(from).function.as_deref().map(|key| function_name(app, key));
            let key =
                if org.parent(dept) == Some(from) { "teach.quiz.source.parent" } else { "teach.quiz.source.ancestor" };
            let base = t!(key, locale = l, ancestor = ancestor);
            match from_function {
                Some(function) => {
                    t!("teach.quiz.source.via_function", locale = l, inherited = base, function = function)
                }
                None => base,
            }
        }
        Source::Unknown => t!("teach.quiz.source.unknown", locale = l),
    }
    .into_owned()
}

/// A function's name in the interface's language.
fn function_name(app: &App, key: &str) -> String {
    let name = app.doc.catalog.get(key).map_or_else(|| key.to_string(), |f| f.name.get(app.lang).to_string());
    shown_long(&name)
}

/// The score, the seed, what can be done next, and every missed question with its
/// right answer and its concept, for `width` columns: a missed question that wraps
/// goes on under its text, not under its `✗`, like the concept's line below it.
fn summary_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let l = app.lang.code();
    let theme = &app.theme;
    let quiz = &app.quiz;
    let done = t!("teach.quiz.done", locale = l, score = quiz.score(), total = quiz.len());
    let mut lines = vec![Line::from(Span::styled(done.into_owned(), theme.title))];
    lines.push(Line::from(Span::styled(t!("teach.quiz.seed", locale = l, seed = quiz.seed()).into_owned(), theme.dim)));
    // What can be done next comes before the list, which may not fit.
    if let Some(path) = &app.results {
        let file = path.file_name().map_or_else(
            || crate::text::shown_path(path),
            |n| crate::text::sanitize(&n.to_string_lossy()).into_owned(),
        );
        let text = t!("teach.quiz.save_hint", locale = l, file = file).into_owned();
        lines.push(Line::from(key_hint(app, Action::SaveResult, text)));
    }
    lines.push(Line::from(key_hint(app, Action::RestartQuiz, t!("teach.quiz.restart", locale = l).into_owned())));
    lines.push(Line::default());
    let mut missed = quiz.missed().peekable();
    if missed.peek().is_none() {
        lines.push(Line::from(t!("teach.quiz.none_missed", locale = l).into_owned()));
    } else {
        lines.push(Line::from(Span::styled(t!("teach.quiz.missed", locale = l).into_owned(), theme.title)));
        for outcome in missed {
            let question = outcome.question;
            let right = question.choices().get(outcome.right).map_or_else(String::new, |&c| choice_label(app, c));
            let item = match question.dept() {
                Some(dept) => {
                    let name = if dept < app.doc.org.len() { path_of(app, dept) } else { "?".to_string() };
                    let asked = match question.model() {
                        Some(model) => model.label(app.lang),
                        None => t!(format!("teach.quiz.missed_{}", question.kind().as_str()), locale = l).into_owned(),
                    };
                    t!("teach.quiz.missed_item", locale = l, name = name, model = asked, right = right)
                }
                None => t!("teach.quiz.missed_concept", locale = l, question = asked(app, &question), right = right),
            };
            for (i, row) in wrap(&format!("  {item}"), width).into_iter().enumerate() {
                let mark = if i == 0 { Span::styled("✗ ", theme.error) } else { Span::raw("  ") };
                // The mark, or its width in spaces, in place of the indent.
                let text = row.strip_prefix("  ").unwrap_or(row.trim_start());
                lines.push(Line::from(vec![mark, Span::raw(text.to_string())]));
            }
            let concept = concept_name(app, question.concept(&app.doc));
            let line = format!("  {}", t!("teach.quiz.concept_line", locale = l, concept = concept));
            push_wrapped(&mut lines, &line, width, theme.grey);
        }
    }
    lines
}

/// The names from the top level down to a department, joined by `›`.
fn path_of(app: &App, id: DeptId) -> String {
    let org = &app.doc.org;
    let mut names: Vec<String> = org.ancestors_and_self(id).map(|d| shown_long(org.dept(d).display_name())).collect();
    names.reverse();
    names.join(" › ")
}
