//! The quiz's actions: answering by key or by a click on a choice, the next question, a
//! new round, and at the end of a round a student's result added to the results file
//! (`--results FILE`).
//!
//! The results file is CSV with a header line, made when absent: `date_time` (UTC,
//! `YYYY-MM-DDTHH:MM:SSZ`), `name`, `org` (the file's name or the sample's), `seed`,
//! `score`, `total`, `missed` (the ids of the missed questions, space-separated). A
//! result is one write to a file opened for appending, so results of several
//! terminals writing to the same file do not mix within a line. A failure is shown in
//! the status bar.

use std::io::Write;
use std::path::Path;

use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Position;

use crate::text::{sanitize, shown_path, t};
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::layout::{self, Measure};
use crate::tui::state::{App, PromptKind, View, file_label};

/// The actions the quiz view carries out itself.
pub fn handles(action: Action) -> bool {
    matches!(
        action,
        Action::AnswerFront
            | Action::AnswerBack
            | Action::AnswerA
            | Action::AnswerC
            | Action::AnswerD
            | Action::NextQuestion
            | Action::RestartQuiz
            | Action::SaveResult
    )
}

/// In the quiz view, a left click on a choice of the question being asked means that
/// answer (`measure` says which choice is drawn where).
pub fn action_for_click(app: &App, mouse: &MouseEvent, measure: &dyn Measure) -> Option<Action> {
    if app.mode() != Mode::Quiz
        || app.view != View::Quiz
        || mouse.kind != MouseEventKind::Down(MouseButton::Left)
        || app.quiz.revealed().is_some()
    {
        return None;
    }
    let question = app.quiz.current()?;
    let index = measure.quiz_choice(app, Position::new(mouse.column, mouse.row))?;
    question.answer_action(index)
}

impl App {
    /// Carries out a quiz action.
    pub(super) fn quiz_action(&mut self, action: Action) {
        let choice = match (action, self.quiz.current().map(|q| q.kind())) {
            (Action::AnswerFront, Some(crate::tui::state::quiz::Kind::Side)) => Some(0),
            (Action::AnswerA, _) => Some(0),
            (Action::AnswerBack, _) => Some(1),
            (Action::AnswerC, _) => Some(2),
            (Action::AnswerD, _) => Some(3),
            _ => None,
        };
        // Whatever comes next (an answer revealed, a question, the score, a new round)
        // starts at the top; a key that changes nothing (an answer to a question
        // answered already, saving a result) leaves the view where it is.
        let shown = |quiz: &crate::tui::state::quiz::Quiz| (quiz.position(), quiz.revealed().is_some(), quiz.seed());
        let before = shown(&self.quiz);
        match action {
            _ if choice.is_some() => self.quiz.answer(&self.doc, choice.unwrap_or_default()),
            Action::NextQuestion => self.quiz.next(&self.doc),
            Action::RestartQuiz => self.quiz = self.quiz.restarted(&self.doc),
            Action::SaveResult if self.quiz.is_finished() => match &self.results {
                Some(_) => self.open_prompt(PromptKind::StudentName, ""),
                None => self.status_error(t!("teach.quiz.no_results_file", locale = self.lang.code())),
            },
            _ => {}
        }
        if shown(&self.quiz) != before {
            self.teaching.quiz_scroll = 0;
        }
    }

    /// Scrolls the quiz view by a line, a page, or to an end.
    pub(super) fn scroll_quiz(&mut self, action: Action, measure: &dyn Measure) {
        let page = measure.quiz_page(self);
        self.teaching.quiz_scroll =
            layout::scrolled(action, self.teaching.quiz_scroll, page, measure.quiz_scroll(self));
    }

    /// Adds the finished round's result under `name` to the results file; says so, or
    /// why not, in the status bar.
    pub(super) fn save_result(&mut self, name: &str) {
        let l = self.lang.code();
        let name = name.trim();
        let Some(path) = self.results.clone() else { return };
        if name.is_empty() || !self.quiz.is_finished() {
            return;
        }
        let missed: Vec<String> = self.quiz.missed().map(|o| o.question.id(&self.doc)).collect();
        let row = [
            date_time(std::time::SystemTime::now()),
            sanitize(name).into_owned(),
            results_org(self),
            self.quiz.seed().to_string(),
            self.quiz.score().to_string(),
            self.quiz.len().to_string(),
            missed.join(" "),
        ];
        let file = sanitize(&shown_path(&path)).into_owned();
        match append_result(&path, &row) {
            Ok(()) => self.status_ok(t!("teach.quiz.saved", locale = l, name = row[1], file = file)),
            Err(error) => {
                let error = crate::text::system_reason_or_own(&error, self.lang, crate::text::Access::Write);
                self.status_error(t!("teach.quiz.save_failed", locale = l, file = file, error = error))
            }
        }
    }
}

/// The org a result is for: the file's name, or the sample's as `frontback NAME`
/// opens it. The same in either language, so that a class's rows line up whatever
/// language each student chose.
fn results_org(app: &App) -> String {
    match (&app.doc.path, app.session.sample) {
        (Some(_), _) => file_label(&app.doc, app.lang),
        (None, sample) => sample.unwrap_or(crate::samples::default_sample().name).to_string(),
    }
}

/// The columns of the results file.
pub const RESULT_COLUMNS: [&str; 7] = ["date_time", "name", "org", "seed", "score", "total", "missed"];

/// Appends one row to a results file, made with the header line when absent or empty.
/// A field a spreadsheet would take for a formula is kept as text (a leading `'`).
pub fn append_result(path: &Path, row: &[String; 7]) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
    let empty = file.metadata()?.len() == 0;
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    if empty {
        out.write_record(RESULT_COLUMNS).map_err(std::io::Error::other)?;
    }
    let safe: Vec<String> = row
        .iter()
        .map(|field| if field.starts_with(['=', '+', '-', '@']) { format!("'{field}") } else { field.clone() })
        .collect();
    out.write_record(&safe).map_err(std::io::Error::other)?;
    let bytes = out.into_inner().map_err(|e| std::io::Error::other(e.to_string()))?;
    file.write_all(&bytes)?;
    file.flush()
}

/// A moment as `YYYY-MM-DDTHH:MM:SSZ` (UTC).
pub fn date_time(time: std::time::SystemTime) -> String {
    let secs = time.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Days to a civil date (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rest / 3600, rest % 3600 / 60, rest % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn dates_are_written_in_utc() {
        assert_eq!(date_time(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        assert_eq!(date_time(UNIX_EPOCH + Duration::from_secs(951_782_400)), "2000-02-29T00:00:00Z");
        assert_eq!(date_time(UNIX_EPOCH + Duration::from_secs(1_795_893_753)), "2026-11-28T19:22:33Z");
    }

    #[test]
    fn results_get_a_header_once_and_quoted_fields() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("results.csv");
        let row = |name: &str| {
            [
                "2026-11-28T19:22:33Z".to_string(),
                name.to_string(),
                "shop.toml".to_string(),
                "7".to_string(),
                "8".to_string(),
                "10".to_string(),
                "grey:repair-desk concept:it".to_string(),
            ]
        };
        append_result(&path, &row("Ana")).unwrap();
        append_result(&path, &row("Díaz, \"Pepe\"")).unwrap();
        append_result(&path, &row("=cmd()")).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "date_time,name,org,seed,score,total,missed\n\
             2026-11-28T19:22:33Z,Ana,shop.toml,7,8,10,grey:repair-desk concept:it\n\
             2026-11-28T19:22:33Z,\"Díaz, \"\"Pepe\"\"\",shop.toml,7,8,10,grey:repair-desk concept:it\n\
             2026-11-28T19:22:33Z,'=cmd(),shop.toml,7,8,10,grey:repair-desk concept:it\n"
        );
        let folder = dir.path().join("missing").join("results.csv");
        assert!(append_result(&folder, &row("Ana")).is_err());
    }
}
