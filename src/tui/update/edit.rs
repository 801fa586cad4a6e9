//! Edits of the org: every change goes through [`App::apply_edit`], which applies one
//! [`Edit`] to the document (text, tree and classification together) and keeps the
//! change that takes it back, so that what is on screen is always what would be saved. Undo and redo, the clipboard, and the edit
//! actions that start with a prompt, a confirmation or the picker.

use crate::text::t;
use tui_input::Input;

use super::Effect;
use crate::document::{Change, Renumbered};
use crate::org::edit::{Edit, EditError, FactField, IdProblem, Path};
use crate::org::{DeptId, LoadError};
use crate::text::sanitize;
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::state::history::{Folded, Snapshot};
use crate::tui::state::{App, Confirm, NotesEditor, Overlay, Picker, PromptKind};

/// The longest name or notes, in bytes, that the prompt or the notes editor edits: longer ones (a hostile
/// file's 50 MB name, say) would make every typed character slow, and are edited in
/// the external editor instead.
const PROMPT_LONGEST: usize = 10_000;

impl App {
    /// In read-only mode, says so and returns true: the edit does not happen.
    pub(super) fn refuse_if_read_only(&mut self) -> bool {
        if self.read_only {
            self.status_error(self.read_only_message());
        }
        self.read_only
    }

    /// Applies one edit to the document, puts what takes it back on the undo stack, and
    /// selects the edited department.
    pub fn apply_edit(&mut self, edit: Edit) -> bool {
        if self.refuse_if_read_only() {
            return false;
        }
        let select = self.selected_path();
        // The edit is most often about the selection: its lookups try it first.
        self.doc.org.set_hint(self.explorer.outline.selected());
        match self.session.recovery.editing(&mut self.doc, |doc| doc.apply(&edit)) {
            Ok(applied) => {
                let version = self.session.history.new_version();
                // A new id: folds kept under the old path go to the new one.
                let moved = match (&edit, &applied.select) {
                    (Edit::SetId { path, .. }, Some(new)) => Some((path.clone(), new.clone())),
                    _ => None,
                };
                let folds = self.show_renumbered(applied.renumbered, applied.select.as_ref(), moved, None);
                let after = self.selected_path();
                let snapshot =
                    Snapshot { change: applied.undo, select, after, version: self.session.history.version, folds };
                let dropped = self.session.history.push_edit(snapshot);
                self.session.history.version = version;
                self.sync_recovery();
                self.say_with_dropped(None, dropped);
                true
            }
            Err(EditError::DoesNotLoad(error)) => {
                self.show_load_error(&error);
                false
            }
            Err(error) => {
                let text = match (&error, &edit) {
                    (EditError::NoSibling, Edit::Indent { .. }) => self.tr("status.cannot_indent"),
                    (EditError::NoSibling, _) => self.tr("status.cannot_move"),
                    (EditError::AtTopLevel, _) => self.tr("status.cannot_outdent"),
                    // Refused from the prompt it was typed in, which stays open.
                    (EditError::EmptyName, _) => {
                        let key = self.keymap.first_shown(Mode::Prompt, Action::Cancel, self.lang);
                        t!("status.empty_name", locale = self.lang.code(), key = key).into_owned()
                    }
                    (EditError::BadId(problem), _) => self.id_problem(problem),
                    (EditError::UnknownFunction(key), _) => {
                        t!("status.unknown_function", locale = self.lang.code(), key = sanitize(key)).into_owned()
                    }
                    (EditError::TooLarge, _) => self.tr("status.too_large"),
                    (EditError::TooDeep { limit }, _) => {
                        t!("status.too_deep", locale = self.lang.code(), limit = limit).into_owned()
                    }
                    _ => t!("status.edit_failed", locale = self.lang.code(), error = error.to_string()).into_owned(),
                };
                self.status_error(text);
                false
            }
        }
    }

    /// Why an id was refused, and what an id may be.
    fn id_problem(&self, problem: &IdProblem) -> String {
        let l = self.lang.code();
        let why = match problem {
            IdProblem::Empty => t!("status.id_empty", locale = l),
            IdProblem::Control => t!("status.id_control", locale = l),
            IdProblem::FieldName(id) => t!("status.id_field", locale = l, id = sanitize(id)),
            IdProblem::Taken(id) => t!("status.id_taken", locale = l, id = sanitize(id)),
        };
        format!("{why} {}", t!("status.id_rules", locale = l))
    }

    /// Shows a new text: reloads the document, keeps folds by path, selects `select`.
    /// Gives back the folds of the departments that went, for the step that takes
    /// this back; or why the text does not load, with the text, when nothing changed.
    pub(super) fn replace_text(
        &mut self,
        text: String,
        select: Option<&Path>,
    ) -> Result<Option<Folded>, (LoadError, String)> {
        let previous = self.doc.replace_text(text)?;
        Ok(self.show_renumbered(Renumbered::Reloaded(previous), select, None, None))
    }

    /// [`Self::replace_text`], the selection kept, as an edit: a step that takes it
    /// back (with the folds of the departments that went) and a new version. Gives
    /// back how many of the oldest undo steps the new one pushed out (for
    /// [`Self::say_with_dropped`]), or why the text does not load, when nothing changed.
    pub(super) fn replace_text_undoably(&mut self, text: String) -> Result<usize, (LoadError, String)> {
        let change = Change::between(&text, &self.doc.text);
        let (select, version) = (self.selected_path(), self.session.history.version);
        let folds = self.replace_text(text, select.as_ref())?;
        let after = self.selected_path();
        let dropped = self.session.history.push_edit(Snapshot { change, select, after, version, folds });
        self.session.history.version = self.session.history.new_version();
        Ok(dropped)
    }

    /// Says `said` in the status, followed by a word on the oldest undo steps a new
    /// step pushed out of the full history, should it have pushed `dropped` of them.
    /// With nothing to say, the status stays as it was.
    pub(super) fn say_with_dropped(&mut self, said: Option<String>, dropped: usize) {
        let dropped = (dropped > 0).then(|| {
            let limit = crate::tui::config::size_text(self.session.history.limit);
            let count = self.lang.number(dropped);
            t!("status.undo_dropped", locale = self.lang.code(), count = count, limit = limit).into_owned()
        });
        match (said, dropped) {
            (Some(said), Some(dropped)) => self.status_ok(format!("{said} {dropped}")),
            (Some(said), None) | (None, Some(said)) => self.status_ok(said),
            (None, None) => {}
        }
    }

    /// Says why a new text could not be loaded: the file and the first problem.
    pub(super) fn show_load_error(&mut self, error: &LoadError) {
        let file = crate::tui::state::file_label(&self.doc, self.lang);
        let first = error.diagnostics.first().map(|d| d.problem.message(self.lang)).unwrap_or_default();
        self.status_error(format!("{file}: {first}"));
    }

    /// Shows the document after an edit renumbered its departments: folds, the
    /// departments revealed and the selection follow them, by the patch's map or,
    /// after a whole reload, by path (`moved`: a department's path changed from
    /// `moved.0` to `moved.1`, a new id, and its folds and those below it follow);
    /// `select` is selected. Departments put back get `folds` (as [`Snapshot::folds`]
    /// kept them); the folds of those taken out are given back.
    fn show_renumbered(
        &mut self,
        renumbered: Renumbered,
        select: Option<&Path>,
        moved: Option<(Path, Path)>,
        folds: Option<&Folded>,
    ) -> Option<Folded> {
        use crate::tui::state::outline::Outline;
        let grey_only = self.explorer.outline.filter().is_some();
        self.quiz = self.quiz.redrawn(&self.doc);
        // The departments put in (or rewritten) are those a kept search looks at again.
        let changed = match &renumbered {
            Renumbered::Same(dept) => *dept..dept + 1,
            Renumbered::Moved { rewritten, .. } => rewritten.clone(),
            Renumbered::Reloaded(_) => 0..0,
        };
        let map: Box<dyn Fn(DeptId) -> Option<DeptId> + '_> = match &renumbered {
            Renumbered::Same(dept) => {
                // The ids stayed: the department to select is most often the one edited.
                let selected = self.explorer.outline.selected();
                self.select_after_edit(select, selected, Some(*dept), |app, select| {
                    app.refresh_after_patch(None, changed, grey_only, select);
                });
                return None;
            }
            Renumbered::Moved { map, .. } => Box::new(|id| map.map(id)),
            // Ids change when departments come and go: carried over by path.
            Renumbered::Reloaded(previous) => {
                let org = &self.doc.org;
                Box::new(move |id| {
                    let mut path: Path = previous.owned_path(id);
                    if let Some((from, to)) = moved.as_ref().filter(|(from, _)| path.starts_with(from)) {
                        path.splice(..from.len(), to.iter().cloned());
                    }
                    org.find_path(&path)
                })
            }
        };
        let carry = |ids: &std::collections::HashSet<DeptId>| ids.iter().filter_map(|&id| map(id)).collect();
        // Reveal mode keeps what was revealed.
        let shown = self.explorer.reveal.as_ref().map(|reveal| carry(&reveal.shown));
        let selected = self.explorer.outline.selected().and_then(&map);
        let taken = match &renumbered {
            Renumbered::Moved { map: patch, rewritten } => {
                let put_back = match folds {
                    Some(Folded::InOrder(folds)) => Some(folds.as_slice()),
                    _ => None,
                };
                self.explorer.outline.follow(&self.doc, *patch, rewritten.clone(), put_back).map(Folded::InOrder)
            }
            // (Returned above: the ids stayed, and so did the rows.)
            Renumbered::Same(_) => None,
            Renumbered::Reloaded(previous) => {
                let (mut kept, gone) = self.explorer.outline.folds().remap_keeping_gone(&map);
                let gone: Vec<(Path, bool)> =
                    gone.into_iter().map(|(id, open)| (previous.owned_path(id), open)).collect();
                if let Some(Folded::ByPath(paths)) = folds {
                    for (path, open) in paths {
                        if let Some(id) = self.doc.org.find_path(path) {
                            kept.put_back(id, &[*open]);
                        }
                    }
                }
                self.explorer.outline = Outline::with_folds(&self.doc, kept);
                (!gone.is_empty()).then_some(Folded::ByPath(gone))
            }
        };
        drop(map);
        if let (Some(reveal), Some(shown)) = (&mut self.explorer.reveal, shown) {
            reveal.shown = shown;
        }
        // The department to select is most often the one selected before or the one
        // just put in: those are tried before a search among all its siblings.
        let put_in = (!changed.is_empty()).then_some(changed.start);
        let reloaded = matches!(renumbered, Renumbered::Reloaded(_));
        self.select_after_edit(select, selected, put_in, |app, select| match renumbered {
            // The rows followed with the filter made again (`Outline::follow`).
            Renumbered::Moved { map, .. } => app.refresh_after_patch(Some(map), changed, false, select),
            // The tree before goes now that it has served.
            other => {
                drop(other);
                app.refresh_after_edit(grey_only, select);
            }
        });
        if reloaded {
            release_freed_memory(self.doc.text.len());
        }
        taken
    }

    /// Selects the department an edit is about: the one at `path`, or `selected`
    /// without one. It is looked for first at `selected` and `likely`, which costs a
    /// look at their ancestors, then from the top (a scan of every sibling on the
    /// way, a million of them in a flat org). `refresh` works the search and the grey-only
    /// filter out again first, keeping that department showing.
    fn select_after_edit(
        &mut self,
        path: Option<&Path>,
        selected: Option<DeptId>,
        likely: Option<DeptId>,
        refresh: impl FnOnce(&mut App, Option<DeptId>),
    ) {
        let org = &self.doc.org;
        let select = path
            .and_then(|path| {
                [likely, selected].into_iter().flatten().find(|&id| org.is_at(id, path)).or_else(|| org.find_path(path))
            })
            .or(selected);
        refresh(self, select);
        if let Some(id) = select {
            self.explorer.outline.reveal(&self.doc, id);
        }
    }

    /// Undoes or redoes the last edit: an undo selects what was selected just before
    /// the edit, a redo what the edit left selected, so that what changes shows.
    pub fn undo(&mut self, redo: bool) {
        let Some(mut snapshot) = self.session.history.stacks(redo).0.pop() else {
            let key = if redo { "status.nothing_to_redo" } else { "status.nothing_to_undo" };
            self.status_error(self.tr(key));
            return;
        };
        match self.session.recovery.editing(&mut self.doc, |doc| doc.apply_change(&mut snapshot.change)) {
            Ok((renumbered, inverse)) => {
                let version = self.session.history.version;
                self.session.history.version = snapshot.version;
                let folds = self.show_renumbered(renumbered, snapshot.select.as_ref(), None, snapshot.folds.as_ref());
                // Taken back in turn, this step goes to what the step it took back
                // left selected, and leaves selected what it selected.
                let step =
                    Snapshot { change: inverse, select: snapshot.after, after: self.selected_path(), version, folds };
                self.session.history.stacks(redo).1.push(step);
                self.sync_recovery();
                self.status_ok(self.tr(if redo { "status.redone" } else { "status.undone" }));
            }
            Err(error) => {
                // Nothing changed: the step stays where it was.
                self.session.history.stacks(redo).0.push(snapshot);
                self.show_load_error(&error);
            }
        }
    }

    /// Starts an edit action: a prompt, a confirmation, the picker, or the edit itself;
    /// or the external editor, which the event loop runs.
    pub fn edit_action(&mut self, action: Action) -> Option<Effect> {
        use Action as A;
        if matches!(action, A::Undo | A::Redo) {
            if !self.refuse_if_read_only() {
                self.undo(action == A::Redo);
            }
            return None;
        }
        if action == A::Save {
            self.save(false);
            return None;
        }
        if action == A::ExternalEditor {
            return self.start_editor();
        }
        if action == A::Copy {
            self.copy(false);
            return None;
        }
        if self.refuse_if_read_only() {
            return None;
        }
        let selected = self.selected_path();
        let Some(path) = selected.clone() else {
            // An empty org: the only edits are adding and pasting at the top level.
            match action {
                A::AddChild | A::AddSibling => self.open_prompt(PromptKind::AddChild(None), ""),
                A::PasteSibling | A::PasteChild => self.paste(None, false),
                _ => self.status_error(self.tr("status.nothing_selected")),
            }
            return None;
        };
        let id = self.explorer.outline.selected().expect("a selected path has an id");
        let dept = self.doc.org.dept(id);
        let (customers, revenue) = (dept.customers, dept.revenue);
        match action {
            A::AddChild => self.open_prompt(PromptKind::AddChild(Some(path)), ""),
            A::AddSibling => self.open_prompt(PromptKind::AddSibling(path), ""),
            A::Rename | A::EditNotes => {
                let value = if action == A::Rename { dept.display_name() } else { dept.notes.as_deref().unwrap_or("") };
                if value.len() > PROMPT_LONGEST {
                    let count = value.chars().count();
                    self.status_error(t!(
                        "status.too_long_to_edit",
                        locale = self.lang.code(),
                        count = self.lang.number(count)
                    ));
                } else if action == A::Rename {
                    let value = value.to_string();
                    self.open_prompt(PromptKind::Rename(path), &value);
                } else {
                    let editor = NotesEditor::new(path, dept.display_name(), value);
                    self.overlay = Some(Overlay::Notes(Box::new(editor)));
                }
            }
            A::ChangeId => {
                let current = dept.id.clone();
                self.open_prompt(PromptKind::ChangeId(path), &current);
            }
            A::Delete => {
                let count = self.doc.org.descendant_count(id);
                self.overlay = Some(Overlay::Confirm(Confirm::Delete { path, count }));
            }
            A::CycleCustomers | A::CycleRevenue => {
                let (field, current) = if action == A::CycleCustomers {
                    (FactField::Customers, customers)
                } else {
                    (FactField::Revenue, revenue)
                };
                let kind = if action == A::CycleCustomers {
                    crate::org::FactKind::Customers
                } else {
                    crate::org::FactKind::Revenue
                };
                let doc = &self.doc;
                let unset = crate::classify::unset_fact(&doc.org, &doc.catalog, &doc.classes, id, kind).value;
                let value = crate::classify::next_in_cycle(current, unset);
                self.apply_edit(Edit::SetFact { path, field, value });
            }
            A::ChooseFunction => {
                let mut picker = Picker { path, input: Input::default(), cursor: 0 };
                if let Some(f) = dept.function.as_deref() {
                    let entries = picker.entries(&self.doc, self.lang);
                    picker.cursor = entries.iter().position(|e| e.is_some_and(|e| e.key == f)).unwrap_or(0);
                }
                self.overlay = Some(Overlay::Picker(picker));
            }
            A::MoveUp | A::MoveDown => {
                self.apply_edit(Edit::Move { path, up: action == A::MoveUp });
            }
            A::Indent => {
                self.apply_edit(Edit::Indent { path });
            }
            A::Outdent => {
                self.apply_edit(Edit::Outdent { path });
            }
            A::Cut => self.copy(true),
            A::PasteSibling => self.paste(Some(path), false),
            A::PasteChild => self.paste(Some(path), true),
            _ => {}
        }
        None
    }

    fn copy(&mut self, cut: bool) {
        let Some(path) = self.selected_path() else {
            self.status_error(self.tr("status.nothing_selected"));
            return;
        };
        self.doc.org.set_hint(self.explorer.outline.selected());
        match self.doc.copy(&path) {
            Ok(clip) => {
                let (count, name) = (self.lang.number(clip.count), clip.name.clone());
                self.session.keep_clip(clip);
                if cut {
                    if self.apply_edit(Edit::Delete { path }) {
                        self.status_ok(t!("status.cut", locale = self.lang.code(), name = name, count = count));
                    }
                } else {
                    self.status_ok(t!("status.copied", locale = self.lang.code(), name = name, count = count));
                }
            }
            Err(error) => self.status_error(error.to_string()),
        }
    }

    fn paste(&mut self, target: Option<Path>, as_child: bool) {
        // A clip shares its text: this clone costs a few small strings.
        let Some(clip) = self.session.clipboard.clone() else {
            self.status_error(self.tr("status.clipboard_empty"));
            return;
        };
        self.apply_edit(Edit::Paste { clip: Box::new(clip), target, as_child });
    }
}

/// Texts from this size up are big enough for what an edit of them frees to matter.
const BIG_TEXT: usize = 8 << 20;

/// After an edit, undo or reload of a big text that loaded the tree anew, once the
/// tree before is dropped, hands the memory it freed back to the system: the old
/// tree's millions of small blocks, which glibc's allocator otherwise keeps, so that
/// the app would stay at its peak size long after.
/// Not after a patch, which frees little: trimming walks the whole heap, and at a
/// million departments it took longer than the patch itself.
fn release_freed_memory(text_len: usize) {
    if text_len >= BIG_TEXT {
        crate::heap::trim();
    }
}
