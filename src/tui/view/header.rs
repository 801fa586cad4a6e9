//! The header: company, file with its unsaved marker, the active model, and the tally
//! under it as numbers and a small proportional bar; in reveal mode, on the screens
//! it hides verdicts on (the explorer and the floor plan), a marker and no tally.

use crate::text::t;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::classify::Model;
use crate::org::Figure;
use crate::text::capitalize;
use crate::text::wrap::fit;
use crate::text::wrap::shown_long;
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::state::{App, ModelView, View};

/// Whether the screen shown hides verdicts and tallies: reveal mode is on, and the
/// screen is one it applies to. The quiz, the concepts screen and the split view
/// hide nothing (the lesson draws no header).
fn hides_tallies(app: &App) -> bool {
    app.explorer.hides_tallies() && matches!(app.view, View::Explorer | View::FloorPlan)
}

/// Draws the header.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let l = app.lang.code();
    let theme = &app.theme;
    let model = match app.model_view {
        ModelView::One(m) => m.label(app.lang),
        ModelView::Both => t!("ui.both_models", locale = l).into_owned(),
    };
    // The company's and the file's names give way when the line is too narrow: the
    // unsaved-changes marker and the active model always show.
    let mut marks = Vec::new();
    if app.session.history.is_modified() {
        marks.push(Span::styled(format!(" [+] {}", t!("ui.modified", locale = l)), theme.error));
    }
    if app.session.new_file {
        marks.push(Span::styled(format!(" [{}]", t!("ui.new_file", locale = l)), theme.dim));
    }
    if app.loading.is_some() {
        marks.push(Span::styled(format!(" [{}]", t!("loading.mark", locale = l)), theme.dim));
    }
    if app.read_only {
        marks.push(Span::styled(format!(" [{}]", t!("ui.read_only", locale = l)), theme.dim));
    }
    if hides_tallies(app) {
        marks.push(Span::styled(format!(" [{}]", t!("ui.reveal_mark", locale = l)), theme.key));
    }
    marks.push(Span::raw("  ·  "));
    marks.push(Span::styled(model, theme.key));
    let width = area.width as usize;
    let fixed: usize = 5 + marks.iter().map(Span::width).sum::<usize>();
    let file = shown_long(&crate::tui::state::shown_file(app));
    let company = shown_long(&app.doc.org.company.name);
    // When both do not fit, each gets at least half of the room left.
    let room = width.saturating_sub(fixed);
    let company_room = company.width().min((room / 2).max(room.saturating_sub(file.width())));
    let file = fit(&file, room - company_room);
    let company = fit(&company, room - file.width());
    let mut title = vec![Span::styled(company, theme.title), Span::raw("  ·  "), Span::raw(file)];
    title.extend(marks);
    let mut lines = vec![Line::from(title)];
    for (i, m) in app.model_view.models().into_iter().enumerate() {
        lines.push(match hides_tallies(app) {
            false => tally_line(app, m, area.width),
            true if i == 0 => hidden_line(app, area.width),
            true => Line::default(),
        });
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// In reveal mode, in place of the tallies: they are hidden, and the keys that show
/// the verdicts. Plain text: no bar, no colour that could tell anything.
fn hidden_line(app: &App, width: u16) -> Line<'static> {
    let key = |action: Action| app.keymap.first_shown(Mode::Explorer, action, app.lang);
    let text =
        t!("ui.reveal_tally", locale = app.lang.code(), reveal = key(Action::RevealVerdict), all = key(Action::Reveal));
    Line::from(Span::raw(fit(&text, width as usize)))
}

/// "Customer model: front 4 · back 6 · undetermined 0 · ≈ 1  ████▒▒▒▒▒▒" (not `? 0`,
/// which reads like the help key)
fn tally_line(app: &App, model: Model, width: u16) -> Line<'static> {
    let l = app.lang.code();
    let theme = &app.theme;
    let tally = app.doc.tally.model(model);
    let mut label = capitalize(&model.label(app.lang));
    if app.loading.is_some() {
        label = format!("{label} ({})", t!("loading.so_far", locale = l));
    }
    let counts = format!(
        "{}: {} {} · {} {} · {} {} · ≈ {} ",
        label,
        t!("ui.front", locale = l),
        app.lang.number(tally.front),
        t!("ui.back", locale = l),
        app.lang.number(tally.back),
        crate::classify::Verdict::Undetermined.label(app.lang),
        app.lang.number(tally.undetermined),
        app.lang.number(app.doc.tally.grey_areas)
    );
    // Each share shows only where it fits whole, people first.
    let mut counts = counts;
    for share in shares(app, model) {
        if counts.width() + share.width() <= width as usize {
            counts.push_str(&share);
        } else {
            break;
        }
    }
    let bar_width = (width as usize).saturating_sub(counts.chars().count() + 2).min(30);
    let total = tally.front + tally.back + tally.undetermined;
    let mut spans = vec![Span::raw(counts)];
    if bar_width >= 5 && total > 0 {
        let front = (tally.front * bar_width + total / 2) / total;
        let back = ((tally.back * bar_width + total / 2) / total).min(bar_width - front);
        let rest = bar_width - front - back;
        spans.push(Span::styled("█".repeat(front), theme.front));
        spans.push(Span::styled("▒".repeat(back), theme.back));
        spans.push(Span::styled("░".repeat(rest), theme.undetermined));
    }
    Line::from(spans).style(Style::new())
}

/// "· people 62% front " for each figure some department gives, under `model`.
fn shares(app: &App, model: Model) -> Vec<String> {
    let l = app.lang.code();
    let mut out = Vec::new();
    for figure in Figure::ALL {
        let Some(shares) = app.doc.shares[figure as usize] else { continue };
        let share = shares.model(model);
        let key = match figure {
            Figure::Headcount => "ui.share.headcount",
            Figure::Budget => "ui.share.budget",
        };
        out.push(format!("· {} ", t!(key, locale = l, percent = app.lang.percent(share.percent(share.front)))));
    }
    out
}
