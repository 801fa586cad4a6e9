//! The screen `frontback FILE` opens on when FILE does not load: every problem as
//! `check` prints it (file:line:col, message, the line with a marker), the external
//! editor to fix them (`E`), and the tree as soon as the file loads (`q` leaves).
//! The keys are the explorer's, as the configuration binds them; the loop that shows
//! the screen and runs the editor is the event loop's neighbour in `tui`.

use std::path::{Path, PathBuf};

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::document::Document;
use crate::org::{FileError, load_file};
use crate::text::{sanitize, shown_path, t};
use crate::tui::action::Action;
use crate::tui::keymap::{Key, Mode};
use crate::tui::state::{Options, Status};

/// The problems of a file that does not load, and what the screen shows of them.
#[derive(Debug)]
pub struct Diagnostics {
    pub path: PathBuf,
    /// The problems as `check` prints them.
    pub text: String,
    /// How many problems (a file that cannot be read at all is one).
    pub count: usize,
    /// How far the list is scrolled, in lines.
    pub scroll: usize,
    /// A message for the bottom line: the editor failed, the file still does not load.
    pub status: Option<Status>,
}

/// What a key did on the screen.
#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    /// Nothing for the loop to do but draw again.
    Stay,
    /// Run the external editor on the file, then [`Diagnostics::reload`].
    Edit,
    /// Stop the process (Ctrl+Z).
    Suspend,
    /// Leave the app.
    Quit,
}

impl Diagnostics {
    /// The screen for a file and the error loading it gave.
    pub fn new(path: &Path, error: &FileError) -> Diagnostics {
        let (text, count) = match error {
            FileError::Invalid { rendered, error } => (rendered.clone(), error.diagnostics.len()),
            FileError::Io { .. } => (sanitize(&error.to_string()).into_owned(), 1),
        };
        Diagnostics { path: path.to_path_buf(), text, count, scroll: 0, status: None }
    }

    /// What a key means here, per the explorer's keys: the editor, quitting,
    /// scrolling; anything else is ignored.
    pub fn key(&mut self, key: Key, options: &Options) -> Step {
        let last = self.text.lines().count().saturating_sub(1);
        match options.keymap.action(Mode::Explorer, key) {
            Some(Action::ExternalEditor) => return Step::Edit,
            Some(Action::Quit) => return Step::Quit,
            Some(Action::Suspend) => return Step::Suspend,
            Some(Action::Up) => self.scroll = self.scroll.saturating_sub(1),
            Some(Action::Down) => self.scroll = (self.scroll + 1).min(last),
            Some(Action::PageUp) => self.scroll = self.scroll.saturating_sub(10),
            Some(Action::PageDown) => self.scroll = (self.scroll + 10).min(last),
            Some(Action::First) => self.scroll = 0,
            Some(Action::Last) => self.scroll = last,
            _ => {}
        }
        Step::Stay
    }

    /// After the editor: the file loaded, or this screen again with its problems now
    /// (and why the editor failed, if it did).
    pub fn reload(self, editor: Result<(), String>, options: &Options) -> Result<Document, Diagnostics> {
        match load_file(&self.path, options.lang) {
            Ok((org, text)) => Ok(Document::new(Some(self.path), text, org)),
            Err(error) => {
                let still = t!("diagnostics.still_broken", locale = options.lang.code()).into_owned();
                let text = match editor {
                    Ok(()) => still,
                    Err(failed) => format!("{failed}. {still}"),
                };
                let mut again = Diagnostics::new(&self.path, &error);
                again.status = Some(Status { text, is_error: true });
                Err(again)
            }
        }
    }
}

/// Draws the screen: what cannot be opened and why on top, the problems, and the keys
/// (or a message) on the bottom line.
pub fn render(diagnostics: &Diagnostics, options: &Options, frame: &mut Frame) {
    let l = options.lang.code();
    let theme = &options.theme;
    let [top, body, bottom] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(0), Constraint::Length(1)]).areas(frame.area());
    let title = t!("diagnostics.title", locale = l, file = shown_path(&diagnostics.path)).into_owned();
    let count = t!("diagnostics.count", locale = l, count = options.lang.number(diagnostics.count)).into_owned();
    let head = vec![Line::from(Span::styled(title, theme.title)), Line::from(Span::styled(count, theme.dim))];
    frame.render_widget(Paragraph::new(head), top);
    let body = body.inner(ratatui::layout::Margin::new(1, 0));
    // Messages wrap; the quoted lines and their markers stay as they are, cut at the
    // edge, so that the marker stays under what it marks.
    let lines: Vec<Line> = diagnostics
        .text
        .lines()
        .skip(diagnostics.scroll)
        .flat_map(|line| {
            let quoted = line.starts_with(char::is_whitespace) || line.contains(" | ");
            if quoted { vec![line.to_string()] } else { crate::text::wrap::wrap(line, body.width as usize) }
        })
        .map(Line::from)
        .collect();
    frame.render_widget(Paragraph::new(lines), body);
    render_bottom(diagnostics, options, frame, bottom);
}

fn render_bottom(diagnostics: &Diagnostics, options: &Options, frame: &mut Frame, area: Rect) {
    let l = options.lang.code();
    let theme = &options.theme;
    if let Some(status) = &diagnostics.status {
        let style = if status.is_error { theme.error } else { theme.message };
        let text = crate::text::wrap::shown(&status.text, area.width as usize);
        frame.render_widget(Paragraph::new(Span::styled(text, style)), area);
        return;
    }
    let key = |action| options.keymap.keys(Mode::Explorer, action).next().map(|key| key.shown(options.lang));
    let hints = [
        (key(Action::ExternalEditor), t!("diagnostics.edit", locale = l)),
        (key(Action::Down), t!("diagnostics.scroll", locale = l)),
        (key(Action::Quit), t!("hint.quit", locale = l)),
    ];
    let mut spans = Vec::new();
    for (key, hint) in hints.into_iter().filter_map(|(key, hint)| Some((key?, hint))) {
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(key, theme.key));
        spans.push(Span::raw(format!(" {hint}")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
