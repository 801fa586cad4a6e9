//! Every user intent as one [`Action`]. Keys map to actions in the keymap; `update`
//! carries them out; the help overlay describes them. Text typed into a prompt and
//! clicks are actions too, though no key binding names them.

use ratatui::crossterm::event::KeyEvent;

/// What the user asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
    ToggleGreyOnly,
    /// Switch to the explorer view.
    ViewExplorer,
    /// Switch to the floor-plan view.
    ViewFloorPlan,
    /// Switch to the quiz view.
    ViewQuiz,
    /// Switch to the concepts view.
    ViewConcepts,
    /// Switch the language (English ↔ Spanish).
    ToggleLang,
    /// Show or hide the help overlay.
    Help,
    /// Quit.
    Quit,
    /// Add a child to the selected department (prompts for the name).
    AddChild,
    /// Add a sibling below the selected department (prompts for the name).
    AddSibling,
    /// Rename the selected department (the id stays).
    Rename,
    /// Delete the selected department and its sub-departments, after confirmation.
    Delete,
    /// Cycle `customers`: direct → indirect → none → unset.
    CycleCustomers,
    /// Cycle `revenue`: direct → indirect → none → unset.
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
    /// Quiz: answer "back office".
    AnswerBack,
    /// Quiz: go on to the next question.
    NextQuestion,
    /// Quiz: start again with a new order.
    RestartQuiz,
    /// Accept the text being typed.
    Confirm,
    /// Cancel the text being typed, or close the overlay.
    Cancel,
    /// Edit the text being typed (a prompt, the picker's filter, a search) with a key
    /// no binding takes: a character, a deletion, a cursor move.
    Type(KeyEvent),
    /// A click of the left button at a position of the screen.
    Click { column: u16, row: u16 },
}

impl Action {
    /// The name used in the locale files (`action.<name>`) and in configuration.
    pub fn name(self) -> &'static str {
        match self {
            Action::Up => "up",
            Action::Down => "down",
            Action::Left => "left",
            Action::Right => "right",
            Action::ToggleFold => "toggle-fold",
            Action::First => "first",
            Action::Last => "last",
            Action::PageUp => "page-up",
            Action::PageDown => "page-down",
            Action::PanelDown => "panel-down",
            Action::PanelUp => "panel-up",
            Action::Search => "search",
            Action::SearchNext => "search-next",
            Action::SearchPrev => "search-prev",
            Action::CycleModel => "cycle-model",
            Action::FoldAll => "fold-all",
            Action::UnfoldAll => "unfold-all",
            Action::ToggleGreyOnly => "grey-only",
            Action::ViewExplorer => "view-explorer",
            Action::ViewFloorPlan => "view-floor-plan",
            Action::ViewQuiz => "view-quiz",
            Action::ViewConcepts => "view-concepts",
            Action::ToggleLang => "toggle-lang",
            Action::Help => "help",
            Action::Quit => "quit",
            Action::AddChild => "add-child",
            Action::AddSibling => "add-sibling",
            Action::Rename => "rename",
            Action::Delete => "delete",
            Action::CycleCustomers => "cycle-customers",
            Action::CycleRevenue => "cycle-revenue",
            Action::ChooseFunction => "choose-function",
            Action::EditNotes => "edit-notes",
            Action::MoveUp => "move-up",
            Action::MoveDown => "move-down",
            Action::Outdent => "outdent",
            Action::Indent => "indent",
            Action::Copy => "copy",
            Action::Cut => "cut",
            Action::PasteSibling => "paste-sibling",
            Action::PasteChild => "paste-child",
            Action::Undo => "undo",
            Action::Redo => "redo",
            Action::Save => "save",
            Action::ExternalEditor => "external-editor",
            Action::Yes => "yes",
            Action::No => "no",
            Action::Discard => "discard",
            Action::Reload => "reload",
            Action::AnswerFront => "answer-front",
            Action::AnswerBack => "answer-back",
            Action::NextQuestion => "next-question",
            Action::RestartQuiz => "restart-quiz",
            Action::Confirm => "confirm",
            Action::Cancel => "cancel",
            Action::Type(_) => "type",
            Action::Click { .. } => "click",
        }
    }
}
