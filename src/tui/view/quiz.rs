//! The quiz view: the question about one department, the f/b prompt, then the reveal
//! (right or wrong, and the reason), the score in the title, and at the end of the
//! round a summary of what was missed.

use crate::text::t;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph, Wrap};

use crate::classify::{Model, Verdict, reason};
use crate::org::DeptId;
use crate::text::wrap::shown_long;
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::state::App;
use crate::tui::state::quiz::{Outcome, Question};

/// Draws the view.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
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
    // Small terminals keep every row and column for the text.
    let borders = if area.height >= 12 { Borders::ALL } else { Borders::TOP };
    let padding = if area.width >= 42 { Padding::horizontal(1) } else { Padding::ZERO };
    let block = Block::default()
        .borders(borders)
        .padding(padding)
        .border_style(app.theme.border)
        .title(Span::styled(format!(" {title} "), app.theme.title));
    let mut lines = if quiz.is_empty() {
        empty_lines(app)
    } else if quiz.is_finished() {
        summary_lines(app)
    } else {
        match quiz.current() {
            Some(question) => question_lines(app, question),
            None => Vec::new(),
        }
    };
    if area.height < 16 {
        lines.retain(|line| line.width() > 0);
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), area);
}

/// The first key bound to an action in the quiz, as the help shows it.
fn key(app: &App, action: Action) -> String {
    app.keymap.keys(Mode::Quiz, action).next().map_or_else(String::new, |k| k.shown(app.lang))
}

/// `[key] text`, the key emphasised.
fn key_hint(app: &App, action: Action, text: String) -> Vec<Span<'static>> {
    vec![Span::styled(format!("[{}]", key(app, action)), app.theme.key), Span::raw(format!(" {text}"))]
}

fn empty_lines(app: &App) -> Vec<Line<'static>> {
    let text = t!("teach.quiz.empty", locale = app.lang.code(), key = key(app, Action::RestartQuiz));
    vec![Line::default(), Line::from(text.into_owned())]
}

/// The department's name with its path and function, the question, and then either
/// the prompt or the reveal.
fn question_lines(app: &App, question: Question) -> Vec<Line<'static>> {
    let l = app.lang.code();
    let theme = &app.theme;
    let org = &app.doc.org;
    if question.dept >= org.len() {
        let text = t!("teach.quiz.gone", locale = l, key = key(app, Action::NextQuestion));
        return vec![Line::default(), Line::from(text.into_owned())];
    }
    let dept = org.dept(question.dept);
    let mut lines = vec![Line::from(Span::styled(shown_long(dept.display_name()), theme.title))];
    if dept.parent.is_some() {
        let path = t!("teach.quiz.path", locale = l, path = path_of(app, question.dept));
        lines.push(Line::from(Span::styled(path.into_owned(), theme.dim)));
    }
    let function = match dept.function.as_deref() {
        Some(key) => {
            let name = app.doc.catalog.get(key).map_or_else(|| key.to_string(), |f| f.name.get(app.lang).to_string());
            t!("teach.quiz.function", locale = l, function = shown_long(&name))
        }
        None => t!("teach.quiz.no_function", locale = l),
    };
    lines.push(Line::from(Span::styled(function.into_owned(), theme.dim)));
    if let Some(notes) = dept.notes.as_deref().and_then(|n| n.lines().find(|line| !line.trim().is_empty())) {
        lines.push(Line::from(Span::styled(format!("“{}”", shown_long(notes.trim())), theme.dim)));
    }
    lines.push(Line::default());
    let asked = t!("teach.quiz.question", locale = l, model = question.model.label(app.lang));
    lines.push(Line::from(Span::styled(asked.into_owned(), Style::new().add_modifier(Modifier::BOLD))));
    match app.quiz.revealed() {
        None => {
            lines.push(Line::default());
            let mut prompt = key_hint(app, Action::AnswerFront, Verdict::Front.label(app.lang));
            prompt.push(Span::raw("    "));
            prompt.extend(key_hint(app, Action::AnswerBack, Verdict::Back.label(app.lang)));
            lines.push(Line::from(prompt));
            lines.push(Line::default());
            let reminder = t!(format!("teach.quiz.reminder.{}", question.model.as_str()), locale = l);
            lines.push(Line::from(Span::styled(reminder.into_owned(), theme.dim)));
        }
        Some(outcome) => lines.extend(reveal_lines(app, outcome)),
    }
    lines
}

/// Right or wrong, the reason, the other model for a grey area, and what comes next.
fn reveal_lines(app: &App, outcome: &Outcome) -> Vec<Line<'static>> {
    let l = app.lang.code();
    let theme = &app.theme;
    let question = outcome.question;
    let mut lines = vec![Line::default()];
    let verdict_line = if outcome.is_right() {
        Span::styled(
            t!("teach.quiz.right", locale = l, verdict = outcome.right.label(app.lang)).into_owned(),
            theme.verdict(outcome.right).add_modifier(Modifier::BOLD),
        )
    } else {
        Span::styled(
            t!(
                "teach.quiz.wrong",
                locale = l,
                right = outcome.right.label(app.lang),
                given = outcome.given.label(app.lang)
            )
            .into_owned(),
            theme.error,
        )
    };
    lines.push(Line::from(verdict_line));
    let facts = app.doc.classes.of(question.dept);
    let why = reason(&app.doc.org, &app.doc.catalog, question.dept, facts, question.model, app.lang);
    lines.push(Line::from(why));
    if facts.is_grey_area() {
        let other: Model = question.model.other();
        let text = t!(
            "teach.quiz.grey",
            locale = l,
            other = other.label(app.lang),
            verdict = facts.verdict(other).label(app.lang)
        );
        lines.push(Line::from(Span::styled(text.into_owned(), theme.grey)));
    }
    lines.push(Line::default());
    let last = app.quiz.position() + 1 >= app.quiz.len();
    let next = if last { t!("teach.quiz.results", locale = l) } else { t!("teach.quiz.next", locale = l) };
    lines.push(Line::from(key_hint(app, Action::NextQuestion, next.into_owned())));
    lines
}

/// The score and every missed question with its right answer.
fn summary_lines(app: &App) -> Vec<Line<'static>> {
    let l = app.lang.code();
    let theme = &app.theme;
    let quiz = &app.quiz;
    let done = t!("teach.quiz.done", locale = l, score = quiz.score(), total = quiz.len());
    let mut lines = vec![Line::from(Span::styled(done.into_owned(), theme.title)), Line::default()];
    let mut missed = quiz.missed().peekable();
    if missed.peek().is_none() {
        lines.push(Line::from(t!("teach.quiz.none_missed", locale = l).into_owned()));
    } else {
        lines.push(Line::from(Span::styled(t!("teach.quiz.missed", locale = l).into_owned(), theme.title)));
        for outcome in missed {
            let question = outcome.question;
            let name = if question.dept < app.doc.org.len() { path_of(app, question.dept) } else { "?".to_string() };
            let item = t!(
                "teach.quiz.missed_item",
                locale = l,
                name = name,
                model = question.model.label(app.lang),
                right = outcome.right.label(app.lang)
            );
            lines.push(Line::from(vec![Span::styled("  ✗ ", theme.error), Span::raw(item.into_owned())]));
        }
    }
    lines.push(Line::default());
    lines.push(Line::from(key_hint(app, Action::RestartQuiz, t!("teach.quiz.restart", locale = l).into_owned())));
    lines
}

/// The names from the top level down to a department, joined by `›`.
fn path_of(app: &App, id: DeptId) -> String {
    let org = &app.doc.org;
    let mut names: Vec<String> = org.ancestors_and_self(id).map(|d| shown_long(org.dept(d).display_name())).collect();
    names.reverse();
    names.join(" › ")
}
