//! Edits that touch one stretch of the text: the department's own table (fields), its
//! whole subtree (delete), or the point right after a subtree (add, paste). They apply when
//! the departments concerned are written as tables with their own headers, one after
//! the other, parents first — the common layout, and the one of huge generated files.

use std::ops::Range;

use toml_edit::{DocumentMut, Key, Value};

use super::endings::{keep_line_endings, line_ending};
use super::ids::{id_from_name, sibling_ids, unique_id};
use super::patch::Tables;
use super::tree::set_field;
use super::{Change, Clip, Edit, FactField, InPlace, Outcome, Path, child_path, non_empty};
use crate::org::{DeptId, Org};

pub(super) fn apply(text: &str, org: &Org, edit: &Edit) -> Option<Outcome> {
    match edit {
        Edit::Rename { path, name } => field(text, org, path, "name", Some(Value::from(non_empty(name).ok()?))),
        Edit::SetFact { path, field: f, value } => {
            let key = match f {
                FactField::Customers => "customers",
                FactField::Revenue => "revenue",
            };
            field(text, org, path, key, value.map(|v| Value::from(v.as_str())))
        }
        Edit::SetFunction { path, function } => {
            field(text, org, path, "function", function.as_deref().map(Value::from))
        }
        Edit::SetNotes { path, notes } => {
            let notes = notes.as_deref().filter(|n| !n.trim().is_empty());
            field(text, org, path, "notes", notes.map(Value::from))
        }
        Edit::Delete { path } => {
            let id = org.find_path(path)?;
            // A parent without a header of its own would vanish with its last child; one
            // the file names first in these tables (its first child's) would move to its
            // own header among its siblings.
            if org.parent(id).is_some_and(|p| org.block(p).is_none() || id == p + 1 && named_first_below(org, p)) {
                return None;
            }
            let range = subtree_range(org, text, id)?;
            let select = org.heir(id).map(|d| org.owned_path(d));
            let change =
                Change::Splice { start: range.start, removed: range.len(), inserted: String::new(), parsed: None };
            Some(Outcome { change, select, in_place: None })
        }
        Edit::AddChild { parent: Some(parent), name } => {
            let name = non_empty(name).ok()?;
            let parent_id = org.find_path(parent)?;
            let id = id_from_name(name, &sibling_ids(org, Some(parent_id)));
            insert_after(text, org, parent_id, &child_path(parent, &id), name)
        }
        Edit::AddSibling { sibling, name } => {
            let name = non_empty(name).ok()?;
            let sibling_id = org.find_path(sibling)?;
            let id = id_from_name(name, &sibling_ids(org, org.parent(sibling_id)));
            let path = child_path(&sibling[..sibling.len() - 1], &id);
            insert_after(text, org, sibling_id, &path, name)
        }
        Edit::Paste { clip, target: Some(target), as_child } => {
            let target_id = org.find_path(target)?;
            let (parent_path, parent_id) = if *as_child {
                (&target[..], Some(target_id))
            } else {
                (&target[..target.len() - 1], org.parent(target_id))
            };
            let new_id = unique_id(&clip.id, &sibling_ids(org, parent_id));
            let path = child_path(parent_path, &new_id);
            // Its last child or its next sibling: either way right after its subtree.
            let at = subtree_range(org, text, target_id)?.end;
            // Written once, after the line breaks that set it off (not moved for them).
            let breaks = lead(text, at);
            // The clip's departments go with it, as the text put in loads: copied out
            // of the org where the clip was copied from, while the text is written.
            let from = clip.still_at(text);
            let copy = || from.and_then(|(id, range)| Tables::copied(org, text, id, range).map(|t| t.pasted_from(id)));
            let (tables, pasted) =
                side_by_side(clip.count >= SIDE_BY_SIDE_FROM, copy, || clip.text_under(&path, &breaks));
            let (pasted, starts) = pasted?;
            let (change, lead) = finish_tables(text, at, pasted, breaks.len());
            let Change::Splice { inserted, .. } = &change else { return None };
            let tables = tables.and_then(|tables| clip.tables_under(tables, &path, (inserted, lead), &starts));
            Some(Outcome { change: change.holding(tables), select: Some(path), in_place: None })
        }
        Edit::Move { path, up } => {
            let id = org.find_path(path)?;
            let other = if *up { org.previous_sibling(id)? } else { org.next_sibling(id)? };
            let (first, second) = if *up { (other, id) } else { (id, other) };
            let (first, second) = (subtree_range(org, text, first)?, subtree_range(org, text, second)?);
            // Each stretch is whole lines, so that either may come first.
            if first.end != second.start
                || !text[first.clone()].ends_with('\n')
                || !text[second.clone()].ends_with('\n')
            {
                return None;
            }
            // The second stretch comes first after the move: it must end with a line of
            // keys, or loading gives its last lines to the header that follows it.
            if !ends_with_values(&text[second.clone()])? {
                return None;
            }
            let change = Change::Rotate { start: first.start, len: first.len() + second.len(), by: first.len() };
            Some(Outcome { change, select: Some(path.clone()), in_place: None })
        }
        Edit::Indent { path } => {
            // The last child of the sibling before it: where it is, when that
            // sibling's tables end where its own start.
            let id = org.find_path(path)?;
            let new_parent = org.previous_sibling(id)?;
            let start = subtree_range(org, text, id)?.start;
            if subtree_range(org, text, new_parent)?.end != start {
                return None;
            }
            let new_id = id_of_moved(org, id, Some(new_parent));
            rewritten_under(text, org, id, start, &child_path(&org.owned_path(new_parent), &new_id))
        }
        Edit::Outdent { path } => {
            // The sibling right after its parent: where it is, when it is the parent's
            // last child. Another child first moves past its later siblings, to be the
            // last, as a move does (its text turned around theirs).
            let id = org.find_path(path)?;
            let parent = org.parent(id)?;
            let new_id = id_of_moved(org, id, org.parent(parent));
            let path = child_path(&path[..path.len() - 2], &new_id);
            let (own, parents) = (subtree_range(org, text, id)?, subtree_range(org, text, parent)?);
            if own.end == parents.end {
                return rewritten_under(text, org, id, own.start, &path);
            }
            let later = own.end..parents.end;
            if !text[own.clone()].ends_with('\n') || !text[later.clone()].ends_with('\n') {
                return None;
            }
            // Their stretch comes first after the turn: see `Edit::Move`.
            if !ends_with_values(&text[later.clone()])? {
                return None;
            }
            let turn = Change::Rotate { start: own.start, len: own.len() + later.len(), by: own.len() };
            let rewritten = rewritten_under(text, org, id, parents.end - own.len(), &path)?;
            Some(Outcome { change: Change::Steps(vec![turn, rewritten.change]), ..rewritten })
        }
        _ => None,
    }
}

/// The id a department moved under `parent` takes: its own, unless a child of
/// `parent` has it.
fn id_of_moved(org: &Org, id: DeptId, parent: Option<DeptId>) -> String {
    unique_id(&org.dept(id).id, &sibling_ids(org, parent))
}

/// The subtree of `id` written again with every header under `path` (an indent or an
/// outdent), in place of its tables once they start at `at` (where they are, or where
/// a change made before this one moved them): its departments go with the change, as
/// the text put in loads.
fn rewritten_under(text: &str, org: &Org, id: DeptId, at: usize, path: &Path) -> Option<Outcome> {
    let range = subtree_range(org, text, id)?;
    let stretch = &text[range.clone()];
    let blocks: Vec<usize> =
        (id..org.subtree_end(id)).map(|d| org.block(d).map(|(s, _)| s - range.start)).collect::<Option<_>>()?;
    // The blank and comment lines above its header stay as they are.
    let lead = &stretch[..header_line_start(stretch, 0)?];
    let (inserted, starts) = Clip::moved_under(stretch, (&org.owned_path(id), &blocks), path, lead)?;
    let starts: Vec<usize> = starts.iter().enumerate().map(|(i, &s)| if i == 0 { 0 } else { s + lead.len() }).collect();
    let tables = Tables::copied(org, text, id, range.clone())?.moved(path, &starts, inserted.len(), 0)?;
    let change = Change::Splice { start: at, removed: range.len(), inserted, parsed: Some(Box::new(tables)) };
    Some(Outcome { change, select: Some(path.clone()), in_place: None })
}

/// From how many departments a paste writes its text on a second thread while this
/// one copies the clip's departments: both take about as long, tens of milliseconds
/// from a hundred thousand departments on. (The other way around, the departments'
/// hundreds of thousands of small blocks would come from a heap of the second
/// thread's own, fresh memory each time, and be handed back to it one by one.)
pub(super) const SIDE_BY_SIDE_FROM: usize = 10_000;

/// `first()` and `second()`, the second on a thread of its own when `apart` (or
/// here, should no thread start): for a paste of [`SIDE_BY_SIDE_FROM`] departments
/// or more, say. A panic in either goes on here.
pub(super) fn side_by_side<A, B: Send>(
    apart: bool,
    first: impl FnOnce() -> A,
    second: impl FnOnce() -> Option<B> + Send,
) -> (A, Option<B>) {
    if !apart {
        return (first(), second());
    }
    // Taken by whichever runs it: the thread, or this one should the thread not start.
    let second = std::sync::Mutex::new(Some(second));
    let run_second = || second.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take().and_then(|f| f());
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new().spawn_scoped(scope, run_second);
        let first = first();
        let second = match handle {
            Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => run_second(),
        };
        (first, second)
    })
}

/// The line of the header of `id`'s table. A department's line is where the file
/// first names it: its header's, unless the table of a sub-department comes first
/// (parents written after their children), when the header's line is counted.
pub(super) fn header_line(org: &Org, text: &str, id: DeptId) -> Option<usize> {
    let (start, _) = org.block(id)?;
    if !named_first_below(org, id) {
        return Some(org.line(id));
    }
    Some(crate::text::newlines(&text[..header_line_start(text, start)?]) + 1)
}

/// Whether the file names a department first in the header of a sub-department's
/// table, before its own: its first sub-department holds the one named first of all
/// those under it; named after the department's own header, that one is on a later
/// line, and named before it, both are on the line of that first name.
pub(super) fn named_first_below(org: &Org, id: DeptId) -> bool {
    id + 1 < org.subtree_end(id) && org.line(id + 1) == org.line(id)
}

/// Where the header line of the block starting at `start` starts: below the blank
/// and comment lines a block starts with.
pub(super) fn header_line_start(text: &str, start: usize) -> Option<usize> {
    // Byte by byte: a paste reads the header of each of its departments, hundreds of
    // thousands in a big subtree. In a text that loads, only blanks and tabs come
    // before a header or a comment on its line, and a blank line holds only those
    // (and the carriage return of a Windows line end).
    let bytes = text.as_bytes();
    let mut at = start;
    loop {
        let first = at + bytes.get(at..)?.iter().position(|b| !matches!(b, b' ' | b'\t' | b'\r'))?;
        match bytes[first] {
            b'[' => return Some(at),
            b'\n' => at = first + 1,
            b'#' => at = first + memchr::memchr(b'\n', &bytes[first..])? + 1,
            _ => return None,
        }
    }
}

/// The stretch of the first `count` keys of the header of the block starting at
/// `start` (`org.a.b` of `[org.a.b.c]`, for three), read as TOML writes keys: bare,
/// "basic" with escapes, or 'literal', joined by dots with optional blanks.
pub(super) fn header_keys(text: &str, start: usize, count: usize) -> Option<Range<usize>> {
    let open = header_line_start(text, start)?;
    let bytes = text.as_bytes();
    let mut at = open + text[open..].find('[')? + 1;
    let skip_blanks = |mut at: usize| {
        while matches!(bytes.get(at), Some(b' ' | b'\t')) {
            at += 1;
        }
        at
    };
    at = skip_blanks(at);
    let first = at;
    for n in 0..count {
        if n > 0 {
            at = skip_blanks(at);
            (bytes.get(at) == Some(&b'.')).then_some(())?;
            at = skip_blanks(at + 1);
        }
        at = match bytes.get(at)? {
            b'"' => {
                let mut i = at + 1;
                loop {
                    match bytes.get(i)? {
                        b'\\' => i += 2,
                        b'"' => break i + 1,
                        _ => i += 1,
                    }
                }
            }
            b'\'' => at + 1 + text[at + 1..].find('\'')? + 1,
            _ => {
                let len =
                    bytes[at..].iter().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_')).count();
                (len > 0).then_some(at + len)?
            }
        };
    }
    Some(first..at)
}

/// The stretch of text holding a department and all its sub-departments, when they
/// are all tables with their own headers, one right after the other. When they come
/// last in the file, the blank and comment lines that close it are left out: loading
/// gives those to whichever block comes last, but they are the file's. A delete, copy
/// or move of the department leaves them where they are, and tables put after it go
/// before them.
pub(super) fn subtree_range(org: &Org, text: &str, id: DeptId) -> Option<Range<usize>> {
    let end = org.subtree_end(id);
    let (start, mut stop) = org.block(id)?;
    let mut last = start;
    for d in id + 1..end {
        let (next_start, next_stop) = org.block(d)?;
        if next_start != stop {
            return None;
        }
        (last, stop) = (next_start, next_stop);
    }
    if stop == text.len() {
        stop = closing_notes(text, last).unwrap_or(stop);
    }
    Some(start..stop)
}

/// Where the blank and comment lines that close `text` start (its length when there
/// are none), its last block starting at `last_block`: right after the last line
/// holding a key or a header, with or without a final line break. `None` when those
/// lines hold triple quotes: one may then be inside a multi-line string, which could
/// only close among them.
pub(super) fn closing_notes(text: &str, last_block: usize) -> Option<usize> {
    text.get(last_block..)?;
    let mut end = text.len();
    while end > last_block {
        // Bytes, not characters: without a final line break, the byte before the end
        // may be inside one.
        let line_start = memchr::memrchr(b'\n', &text.as_bytes()[..end - 1]).map_or(0, |p| p + 1);
        if is_value_line(&text[line_start..end]) {
            break;
        }
        end = line_start;
    }
    let closing = &text[end..];
    if closing.contains("\"\"\"") || closing.contains("'''") {
        return None;
    }
    Some(end)
}

/// Whether the last line of `text`, which ends with a line break (`None` otherwise),
/// holds a key or a header: then the lines after it are not its block's, and blank or
/// comment lines it ends with would be the block's below it.
pub(super) fn ends_with_values(text: &str) -> Option<bool> {
    let body = text.strip_suffix('\n')?;
    Some(is_value_line(&body[body.rfind('\n').map_or(0, |p| p + 1)..]))
}

/// Is this line a key and its value (or a header): neither blank nor a comment?
pub(super) fn is_value_line(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty() && !line.starts_with('#')
}

/// Sets or removes a field by rewriting the department's table alone.
fn field(text: &str, org: &Org, path: &Path, key: &str, value: Option<Value>) -> Option<Outcome> {
    let id = org.find_path(path)?;
    let (start, end) = org.block(id)?;
    // In a file with Windows line ends, a line break in a value is written as one and
    // loads as one: the department then takes its fields from its table read again.
    let loads_as_given =
        !text[start..end].contains('\r') || value.as_ref().and_then(Value::as_str).is_none_or(|v| !v.contains('\n'));
    let mut doc: DocumentMut = text[start..end].parse().ok()?;
    set_field(&mut doc, path, key, value);
    let block = keep_line_endings(&text[start..end], doc.to_string());
    let delta = block.len() as isize - (end - start) as isize;
    let lines = |t: &str| crate::text::newlines(t) as isize;
    let line_delta = lines(&block) - lines(&text[start..end]);
    // Sub-departments written inside the block would need their places worked out
    // again: then the org is loaded anew instead. (Either way, the change then goes
    // to the document's patches, which read the block again when they can.)
    let alone = loads_as_given && org.children(Some(id)).all(|c| org.block(c).is_some());
    Some(Outcome {
        change: Change::between_at(text, start..end, &block),
        select: Some(path.clone()),
        in_place: alone
            .then(|| Some(InPlace { dept: id, delta, line_delta, header_line: header_line(org, text, id)? }))
            .flatten(),
    })
}

/// Adds a department with its own header right after the subtree of `after`.
fn insert_after(text: &str, org: &Org, after: DeptId, path: &Path, name: &str) -> Option<Outcome> {
    let at = subtree_range(org, text, after)?.end;
    let header: Vec<String> = std::iter::once("org".to_string())
        .chain(path.iter().map(|p| Key::new(p.as_str()).display_repr().into_owned()))
        .collect();
    let nl = line_ending(text);
    let table = format!("[{}]{nl}name = {}{nl}", header.join("."), Value::from(name).to_string().trim());
    let change = insert_tables(text, at, &table);
    Some(Outcome { change, select: Some(path.clone()), in_place: None })
}

/// Puts `tables` (a few whole tables with their headers, ending with a line break) in
/// the text at `at`, set off from what comes before and after by a blank line. (A
/// paste, which may put in millions of bytes, writes its [`lead`] first instead.)
fn insert_tables(text: &str, at: usize, tables: &str) -> Change {
    let lead = lead(text, at);
    finish_tables(text, at, format!("{lead}{tables}"), lead.len()).0
}

/// The line breaks that set tables put in the text at `at` off from what comes before.
fn lead(text: &str, at: usize) -> String {
    let nl = line_ending(text);
    let before = &text[..at];
    let lines = if before.ends_with(&format!("{nl}{nl}")) || before.is_empty() {
        0
    } else if before.ends_with('\n') {
        1
    } else {
        2
    };
    nl.repeat(lines)
}

/// [`insert_tables`] for `tables` that start with their [`lead`], `lead` bytes long:
/// ends them with the line breaks that set them off from what follows.
fn finish_tables(text: &str, at: usize, mut tables: String, lead: usize) -> (Change, usize) {
    let nl = line_ending(text);
    tables.truncate(lead + tables[lead..].trim_end_matches(['\r', '\n']).len());
    // A blank line after the tables, unless one comes before them and none after.
    let trail = if lead == 0 { 2 } else { 1 };
    tables.push_str(&nl.repeat(trail));
    (Change::Splice { start: at, removed: 0, inserted: tables, parsed: None }, lead)
}

#[cfg(test)]
mod tests {
    use super::{closing_notes, header_line_start};

    /// The lines that close a text start after its last key or header line, whatever
    /// their line ends, with or without a final line break; when they hold triple
    /// quotes (a multi-line string may close among them), there are none to tell.
    #[test]
    fn the_closing_lines_start_after_the_last_value() {
        let cases = [
            ("[org.a]\nx = 1\n", Some(14)),
            ("[org.a]\nx = 1\n\n", Some(14)),
            ("[org.a]\nx = 1\n# the end\n\n", Some(14)),
            ("[org.a]\r\nx = 1\r\n  # the end\r\n\r\n", Some(16)),
            ("[org.a]\n", Some(8)),
            ("[org.a]\nx = 1", Some(13)),
            ("[org.a]\nx = 1\n# the end", Some(14)),
            ("[org.a]\nx = 1\n# café", Some(14)),
            ("[org.a]\nx = \"é\"", Some(16)),
            ("[org.a]\nx = \"\"\"\n# in the string\n\"\"\"\n\n", Some(36)),
            ("[org.a]\nx = \"\"\"\na\n# in the string\"\"\"\n\n", None),
            ("[org.a]\nx = '''\n'''\n", Some(20)),
        ];
        for (text, start) in cases {
            assert_eq!(closing_notes(text, 0), start, "{text:?}");
        }
    }

    /// The header line is found below blank and comment lines, whatever their line
    /// ends and indentation; a key line, or the end of the text, comes before any.
    #[test]
    fn the_header_line_is_found_below_blanks_and_comments() {
        let cases = [
            ("[org.a]\n", 0, Some(0)),
            ("x\n\n# note\n  [org.a]\n", 2, Some(10)),
            ("x\r\n\r\n\t# note\r\n[org.a]\r\n", 3, Some(14)),
            ("x\n \t\n[org.a]", 2, Some(5)),
            ("x\nname = \"A\"\n[org.a]\n", 2, None),
            ("x\n\n# only a comment", 2, None),
            ("x\n\n  \n", 2, None),
            ("x", 1, None),
        ];
        for (text, start, found) in cases {
            assert_eq!(header_line_start(text, start), found, "{text:?} from {start}");
        }
    }
}
