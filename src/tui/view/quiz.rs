//! The quiz: the question, the f/b prompt, the reveal with the reason, the score, and
//! at the end what was missed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use rust_i18n::t;

use crate::classify::{Verdict, reason};
use crate::text::sanitize;
use crate::tui::app::App;

/// Draws the quiz.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang.code();
    let quiz = &app.quiz;
    let title = t!("quiz.title", locale = l, score = quiz.score(), answered = quiz.answered(), total = quiz.len());
    let block = Block::default().borders(Borders::ALL).border_style(app.theme.border).title(format!(" {title} "));
    let mut lines: Vec<Line> = Vec::new();
    let name = |id| sanitize(app.doc.org.dept(id).display_name()).into_owned();
    if quiz.is_empty() {
        lines.push(Line::from(t!("quiz.nothing_to_ask", locale = l).into_owned()));
    } else if let Some(question) = quiz.current() {
        lines.push(Line::from(Span::styled(
            t!("quiz.progress", locale = l, number = quiz.position() + 1, total = quiz.len()).into_owned(),
            app.theme.dim,
        )));
        lines.push(Line::default());
        lines.push(Line::from(vec![
            Span::raw(t!("quiz.question_start", locale = l).into_owned()),
            Span::styled(name(question.dept), app.theme.title),
            Span::raw(t!("quiz.question_end", locale = l, model = question.model.label(app.lang)).into_owned()),
        ]));
        let dept = app.doc.org.dept(question.dept);
        if let Some(function) = dept.function.as_deref().and_then(|f| app.doc.catalog.get(f)) {
            lines.push(Line::from(Span::styled(
                t!("quiz.function_hint", locale = l, function = function.name.get(app.lang)).into_owned(),
                app.theme.dim,
            )));
        }
        lines.push(Line::default());
        match quiz.revealed() {
            None => lines.push(Line::from(Span::styled(t!("quiz.prompt", locale = l).into_owned(), app.theme.key))),
            Some(outcome) => {
                let (verdict_text, style) = if outcome.is_right() {
                    (t!("quiz.right", locale = l), app.theme.message.add_modifier(Modifier::BOLD))
                } else {
                    (t!("quiz.wrong", locale = l, answer = outcome.right.label(app.lang)), app.theme.error)
                };
                lines.push(Line::from(Span::styled(verdict_text.into_owned(), style)));
                let facts = app.doc.classes.of(question.dept);
                let why = reason(&app.doc.org, &app.doc.catalog, question.dept, facts, question.model, app.lang);
                lines.push(Line::from(why));
                if facts.is_grey_area() {
                    lines.push(Line::from(Span::styled(
                        format!("≈ {}", t!("quiz.grey_note", locale = l)),
                        app.theme.grey,
                    )));
                }
                lines.push(Line::default());
                lines.push(Line::from(Span::styled(t!("quiz.next", locale = l).into_owned(), app.theme.key)));
            }
        }
    } else {
        // The end of the round: the score and what was missed.
        lines.push(Line::from(Span::styled(
            t!("quiz.finished", locale = l, score = quiz.score(), total = quiz.answered()).into_owned(),
            app.theme.title,
        )));
        lines.push(Line::default());
        let missed: Vec<_> = quiz.missed().collect();
        if missed.is_empty() {
            lines.push(Line::from(t!("quiz.all_right", locale = l).into_owned()));
        } else {
            lines.push(Line::from(t!("quiz.missed", locale = l).into_owned()));
            for outcome in missed {
                lines.push(Line::from(format!(
                    "  • {} — {}: {}",
                    name(outcome.question.dept),
                    outcome.question.model.label(app.lang),
                    verdict_word(outcome.right, app)
                )));
            }
        }
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(t!("quiz.again", locale = l).into_owned(), app.theme.key)));
    }
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), area);
}

fn verdict_word(verdict: Verdict, app: &App) -> String {
    verdict.label(app.lang)
}
