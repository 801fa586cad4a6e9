//! The bottom line: the message of the last action, else key hints for the current
//! mode, generated from the keymap (for an open question, its answers; in the quiz,
//! first the keys of the question or screen shown). While searching, the search prompt.

use crate::text::t;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use tui_input::Input;
use unicode_width::UnicodeWidthStr;

use crate::text::sanitize;
use crate::text::wrap::shown;
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::state::{App, View};
use crate::tui::state::{Overlay, PromptKind};

/// The actions the hint bar offers in each mode, most useful first.
fn hinted(mode: Mode) -> &'static [Action] {
    match mode {
        Mode::Explorer => &[
            Action::Help,
            Action::ViewCompare,
            Action::CycleModel,
            Action::Search,
            Action::ToggleGreyOnly,
            Action::AddChild,
            Action::Rename,
            Action::Delete,
            Action::Undo,
            Action::Save,
            Action::ToggleLang,
            Action::Quit,
        ],
        Mode::Search => &[Action::Confirm, Action::Cancel],
        Mode::Help => &[Action::PageDown, Action::Search, Action::Cancel],
        Mode::Prompt | Mode::Picker => &[Action::Confirm, Action::Cancel],
        Mode::Notes => &[Action::Confirm, Action::Cancel, Action::ExternalEditor],
        Mode::Confirm => &[],
        // After the keys of the question or screen shown (`quiz::hints`).
        Mode::Quiz => &[Action::ViewCompare, Action::CycleModel, Action::ViewExplorer, Action::Quit],
        Mode::Lesson => {
            &[Action::NextStep, Action::PreviousStep, Action::ViewExplorer, Action::ToggleLang, Action::Quit]
        }
        Mode::Teaching => &[
            Action::CycleModel,
            Action::ViewCompare,
            Action::ViewExplorer,
            Action::ViewFloorPlan,
            Action::ViewQuiz,
            Action::ViewConcepts,
            Action::ToggleLang,
            Action::ViewLesson,
            Action::Quit,
        ],
        Mode::Compare => &[
            Action::CycleModel,
            Action::PanelDown,
            Action::ViewExplorer,
            Action::ToggleLang,
            Action::Help,
            Action::Quit,
        ],
    }
}

/// A prompt, the text being typed (scrolled to keep the cursor in view) and a note.
fn render_input(frame: &mut Frame, area: Rect, prompt: &str, input: &Input, note: String, app: &App) {
    let width = (area.width as usize).saturating_sub(prompt.chars().count() + 1);
    let scroll = input.visual_scroll(width);
    let value: String = input.value().chars().skip(scroll).collect();
    let line = Line::from(vec![
        Span::styled(prompt.to_string(), app.theme.key),
        Span::raw(sanitize(&value).into_owned()),
        Span::styled(note, app.theme.dim),
    ]);
    frame.render_widget(Paragraph::new(line), area);
    let x = area.x + (prompt.chars().count() + input.visual_cursor().saturating_sub(scroll)) as u16;
    frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
}

/// Draws the status line.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang.code();
    let theme = &app.theme;
    // An error shows in full, on as many rows as it needs, above a prompt if one is
    // open (saving elsewhere after a refusal).
    let errors = crate::tui::layout::error_lines(app, area.width);
    let area = if errors.len() > 1 || (errors.len() == 1 && area.height > 1) {
        let rows = (errors.len() as u16).min(area.height);
        let lines: Vec<Line> = errors.into_iter().map(|e| Line::from(Span::styled(e, theme.error))).collect();
        frame.render_widget(Paragraph::new(lines), Rect { height: rows, ..area });
        if area.height <= rows {
            return;
        }
        Rect { y: area.y + rows, height: area.height - rows, ..area }
    } else {
        area
    };
    if let Some(Overlay::Prompt(prompt)) = &app.overlay {
        let label = match &prompt.kind {
            PromptKind::AddChild(_) => "prompt.add_child",
            PromptKind::AddSibling(_) => "prompt.add_sibling",
            PromptKind::Rename(_) => "prompt.rename",
            PromptKind::ChangeId(_) => "prompt.change_id",
            PromptKind::SaveAs => "prompt.save_as",
            PromptKind::StudentName => "teach.quiz.prompt_name",
        };
        let label = format!("{} ", t!(label, locale = l));
        render_input(frame, area, &label, &prompt.input, String::new(), app);
        return;
    }
    if let Some(help) = app.help().filter(|help| help.typing) {
        let prompt = format!("/{} ", t!("status.help_filter_prompt", locale = l));
        render_input(frame, area, &prompt, &help.filter, String::new(), app);
        return;
    }
    if let Some(Overlay::Search(typing)) = &app.overlay {
        let input = &typing.input;
        let prompt = format!("/{} ", t!("status.search_prompt", locale = l));
        let width = (area.width as usize).saturating_sub(prompt.chars().count() + 1);
        let scroll = input.visual_scroll(width);
        let value: String = input.value().chars().skip(scroll).collect();
        let count = match app.explorer.search.matches.len() {
            1 => t!("status.one_match", locale = l),
            n => t!("status.matches", locale = l, count = app.lang.number(n)),
        };
        let line = Line::from(vec![
            Span::styled(prompt.clone(), theme.key),
            Span::raw(value),
            Span::styled(format!("  {count}"), theme.dim),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        let x = area.x + (prompt.chars().count() + input.visual_cursor().saturating_sub(scroll)) as u16;
        frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
        return;
    }
    if let Some(status) = &app.status {
        let style = if status.is_error { theme.error } else { theme.message };
        // A message too long for the bar ends in `…` rather than mid-word unseen; what
        // it quotes from a file shows escaped, as `config --check` shows it.
        let text = shown(&status.text, area.width as usize);
        frame.render_widget(Paragraph::new(Span::styled(text, style)), area);
        return;
    }
    if let Some(gauge) = app.loading {
        let text = shown(&gauge.text(app.lang, app.doc.org.len()), area.width as usize);
        frame.render_widget(Paragraph::new(Span::styled(text, theme.message)), area);
        return;
    }
    if let Some(Overlay::Confirm(confirm)) = &app.overlay {
        return render_answers(app, frame, area, &super::dialog::confirm_answers(app, confirm));
    }
    let mode = app.mode();
    // Read-only: no edit keys, and saving a copy instead of saving.
    // Reveal mode and the concepts screen put their own keys first.
    let first: &[Action] = match (mode, app.view) {
        (Mode::Explorer, _) | (Mode::Teaching, View::FloorPlan) if app.explorer.reveal.is_some() => {
            &[Action::RevealVerdict, Action::Reveal]
        }
        (Mode::Teaching, View::Concepts) => &[Action::PageDown, Action::NextFact, Action::PrevFact],
        _ => &[],
    };
    // The quiz's own keys come first: those of the question or screen shown.
    let own = match (mode, app.view) {
        (Mode::Quiz, View::Quiz) => super::quiz::hints(app),
        _ => Vec::new(),
    };
    let on_question = app.quiz.current().is_some();
    let must = own.len();
    let own = own.into_iter().map(|(key, hint)| (key, format!(" {hint}")));
    let keymapped = first
        .iter()
        .chain(hinted(mode).iter().filter(|action| !first.contains(action)))
        .filter_map(|&action| match action {
            Action::Save if app.read_only => Some(Action::SaveAs),
            Action::AddChild | Action::Rename | Action::Delete | Action::Undo if app.read_only => None,
            // The split view is there only with a comparison.
            Action::ViewCompare if app.compare.is_none() => None,
            Action::ToggleGreyOnly if app.explorer.reveal.is_some() => None,
            // The score screen does not change with the model.
            Action::CycleModel if mode == Mode::Quiz && !on_question => None,
            action => Some(action),
        })
        .filter_map(|action| key_hint(app, mode, action).map(|(key, hint)| (key, format!(" {hint}"))));
    let mut hints: Vec<(String, String)> = own.chain(keymapped).collect();
    // Whole hints only, as many as fit; the last one (how to quit) always shows.
    let width = |(key, label): &(String, String)| key.width() + label.width();
    let last = hints.last().map_or(0, width);
    // The quiz's own keys always show: where they do not fit, their labels give way,
    // the last first.
    let own_width = |hints: &[(String, String)]| hints[..must].iter().map(|h| width(h) + 2).sum::<usize>() + last;
    let mut labelled = must.min(hints.len().saturating_sub(1));
    while labelled > 0 && own_width(&hints) > area.width as usize {
        labelled -= 1;
        hints[labelled].1.clear();
    }
    let (mut used, mut full) = (0, false);
    let mut spans = Vec::new();
    for (i, hint) in hints.iter().enumerate() {
        let gap = if spans.is_empty() { 0 } else { 2 };
        let is_last = i + 1 == hints.len();
        let room = if is_last { 0 } else { 2 + last };
        full = full || used + gap + width(hint) + room > area.width as usize;
        if full && !is_last {
            continue;
        }
        if gap > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(hint.0.clone(), theme.key));
        spans.push(Span::raw(hint.1.clone()));
        used += gap + width(hint);
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A question's answers in the hint bar: every key always, each with what it does
/// while the bar has room (first answers first).
fn render_answers(app: &App, frame: &mut Frame, area: Rect, answers: &[(String, String)]) {
    let keys: usize = answers.iter().map(|(key, _)| key.width()).sum::<usize>() + 2 * answers.len().saturating_sub(1);
    let mut room = (area.width as usize).saturating_sub(keys);
    let mut spans = Vec::new();
    for (i, (key, label)) in answers.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(key.clone(), app.theme.key));
        let label = format!(" {label}");
        if label.width() <= room {
            room -= label.width();
            spans.push(Span::raw(label));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The first key bound to `action` in `mode`, with the action's short hint, as the
/// hint bar and the panel's scroll marks show them.
pub(super) fn key_hint(app: &App, mode: Mode, action: Action) -> Option<(String, String)> {
    let key = app.keymap.keys(mode, action).next()?;
    let texts = super::help::texts_of(mode, action);
    Some((key.shown(app.lang), t!(format!("{texts}hint.{}", action.name()), locale = app.lang.code()).into_owned()))
}
