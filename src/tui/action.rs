//! Every user intent as one [`Action`]. Keys map to actions in the keymap; `update`
//! carries them out; the help overlay describes them. Each action has a name in
//! kebab case (`toggle-fold`, `view-floor-plan`): configuration files, the locale
//! files (`action.<name>`, `hint.<name>`) and the default keymap use it. Text typed
//! into a prompt and clicks are actions too, though no key binding names them.

use ratatui::crossterm::event::KeyEvent;
use strum::{EnumIter, EnumString, IntoStaticStr};

/// What the user asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumString, IntoStaticStr, EnumIter)]
#[strum(serialize_all = "kebab-case")]
pub enum Action {
    /// Select the previous visible row.
    Up,
    /// Select the next visible row.
    Down,
    /// Fold the selected department, or go to its parent when already folded.
    Left,
    /// Unfold the selected department, or go to its first child when already unfolded.
    Right,
    /// Fold or unfold the selected department.
    ToggleFold,
    /// Select the first row.
    First,
    /// Select the last row.
    Last,
    /// Move the selection one page up.
    PageUp,
    /// Move the selection one page down.
    PageDown,
    /// Scroll the department's panel down a line.
    PanelDown,
    /// Scroll the department's panel up a line.
    PanelUp,
    /// Start typing a search by name or id.
    Search,
    /// Select the next search match.
    SearchNext,
    /// Select the previous search match.
    SearchPrev,
    /// Cycle the active model: customer → profit → both side by side.
    CycleModel,
    /// Fold every department.
    FoldAll,
    /// Unfold every department.
    UnfoldAll,
    /// Show only grey areas with their ancestors; again to show all.
    #[strum(serialize = "grey-only")]
    ToggleGreyOnly,
    /// Switch to the explorer view.
    ViewExplorer,
    /// Switch to the floor-plan view.
    ViewFloorPlan,
    /// Switch to the quiz view.
    ViewQuiz,
    /// Switch to the concepts view.
    ViewConcepts,
    /// Switch to the lesson: a guided class, one step at a time.
    ViewLesson,
    /// Switch to the split view of two companies (with `--compare`).
    ViewCompare,
    /// Switch the language (English ↔ Spanish).
    ToggleLang,
    /// Show or hide the help overlay.
    Help,
    /// Quit.
    Quit,
    /// Stop the app and give the terminal back to the shell until `fg`.
    Suspend,
    /// Add a child to the selected department (prompts for the name).
    AddChild,
    /// Add a sibling below the selected department (prompts for the name).
    AddSibling,
    /// Rename the selected department (the id stays).
    Rename,
    /// Change the selected department's id (prompts, prefilled with the current one).
    ChangeId,
    /// Delete the selected department and its sub-departments, after confirmation.
    Delete,
    /// Cycle `customers` through direct → indirect → none from the value shown, back to
    /// unset where that shows the next one (see [`crate::classify::next_in_cycle`]).
    CycleCustomers,
    /// Cycle `revenue` as [`Action::CycleCustomers`] cycles `customers`.
    CycleRevenue,
    /// Choose the function from the catalogue.
    ChooseFunction,
    /// Edit the department's notes.
    EditNotes,
    /// Move the department above its previous sibling.
    MoveUp,
    /// Move the department below its next sibling.
    MoveDown,
    /// Make the department the next sibling of its parent.
    Outdent,
    /// Make the department the last child of its previous sibling.
    Indent,
    /// Copy the department with its sub-departments.
    Copy,
    /// Cut the department with its sub-departments.
    Cut,
    /// Paste as the next sibling.
    PasteSibling,
    /// Paste as the last child.
    PasteChild,
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Save the file.
    Save,
    /// Save under another name (a copy of a read-only file, say), then go on there.
    SaveAs,
    /// Edit the file in $VISUAL / $EDITOR, then reload it.
    ExternalEditor,
    /// Answer yes.
    Yes,
    /// Answer no.
    No,
    /// Leave without saving.
    Discard,
    /// Load the file again from disk.
    Reload,
    /// Quiz: answer "front office".
    AnswerFront,
    /// Quiz: the first choice (a) of a question with lettered choices.
    AnswerA,
    /// Quiz: answer "back office"; in any other question, its second choice (b).
    AnswerBack,
    /// Quiz: the third choice (c).
    AnswerC,
    /// Quiz: the fourth choice (d).
    AnswerD,
    /// Quiz: go on to the next question.
    NextQuestion,
    /// Quiz: start again with a new order.
    RestartQuiz,
    /// Reveal mode: hide every verdict and tally, to ask the class first; again to
    /// show everything.
    Reveal,
    /// In reveal mode, show the selected department's verdicts and reasons; otherwise
    /// fold or unfold it, like [`Action::ToggleFold`].
    RevealVerdict,
    /// Open the concepts screen at the fact the selected department illustrates.
    FollowConcept,
    /// Concepts screen: scroll to the next fact.
    NextFact,
    /// Concepts screen: scroll back to the previous fact.
    PrevFact,
    /// Quiz, at the end of a round: add a student's result to the results file.
    SaveResult,
    /// Lesson: go on to the next step.
    NextStep,
    /// Lesson: go back to the previous step.
    PreviousStep,
    /// Lesson: go to the first step.
    FirstStep,
    /// Lesson: go to the last step.
    LastStep,
    /// Accept the text being typed.
    Confirm,
    /// Cancel the text being typed, or close the overlay.
    Cancel,
    /// Edit the text being typed (a prompt, the picker's filter, a search) with a key
    /// no binding takes: a character, a deletion, a cursor move.
    #[strum(disabled)]
    Type(KeyEvent),
    /// A click of the left button at a position of the screen.
    #[strum(disabled)]
    Click { column: u16, row: u16 },
}

impl Action {
    /// The name used in the locale files (`action.<name>`) and in configuration.
    pub fn name(self) -> &'static str {
        match self {
            // No binding names these, so strum leaves them out.
            Action::Type(_) => "type",
            Action::Click { .. } => "click",
            bindable => bindable.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::*;

    /// The names are what configuration files say: renaming one breaks them.
    #[test]
    fn every_action_keeps_its_name_and_reads_back() {
        let names: Vec<&str> = Action::iter().map(Action::name).collect();
        assert_eq!(
            names.join(" "),
            "up down left right toggle-fold first last page-up page-down panel-down panel-up search search-next \
             search-prev cycle-model fold-all unfold-all grey-only view-explorer view-floor-plan view-quiz \
             view-concepts view-lesson view-compare toggle-lang help quit suspend add-child add-sibling rename change-id delete cycle-customers cycle-revenue \
             choose-function edit-notes move-up move-down outdent indent copy cut paste-sibling paste-child undo \
             redo save save-as external-editor yes no discard reload answer-front answer-a answer-back answer-c answer-d \
             next-question restart-quiz reveal reveal-verdict follow-concept next-fact prev-fact save-result next-step previous-step first-step last-step confirm cancel"
        );
        for action in Action::iter() {
            assert_eq!(action.name().parse::<Action>(), Ok(action));
        }
        assert!("toggle-grey-only".parse::<Action>().is_err());
        // Typed text and clicks come from the terminal, never from a binding.
        assert!("type".parse::<Action>().is_err() && "click".parse::<Action>().is_err());
        assert_eq!(Action::Click { column: 0, row: 0 }.name(), "click");
        assert!("Up".parse::<Action>().is_err(), "names are case-sensitive");
    }
}
