//! Where a department's tables go among its siblings. Sibling order is file order:
//! sub-tables are ordered by the positions `toml_edit` keeps for their first headers,
//! and a department written in its parent's body (inline table or dotted keys) is read
//! where the parent's own header stands, before every sub-table sibling unless that
//! header comes late. Placing a department chooses body or sub-table and renumbers
//! header positions so that the file reads in the new order.

use toml_edit::{DocumentMut, InlineTable, Item, Key, Table, TableLike, Value};

use super::child_path;
use super::tree::item_at;

/// Is this department written inside its parent's body (inline table or dotted keys)
/// rather than as a sub-table with its own header?
pub(super) fn in_body(item: &Item) -> bool {
    match item {
        Item::Value(_) => true,
        Item::Table(t) => t.is_dotted(),
        _ => false,
    }
}

/// Does this department have sub-departments?
pub(super) fn has_sub_departments(item: &Item) -> bool {
    item.as_table_like().is_some_and(|t| t.iter().any(|(_, v)| is_department(v)))
}

/// Does this item stand for a department (a table of some form)?
pub(super) fn is_department(item: &Item) -> bool {
    matches!(item, Item::Table(_) | Item::Value(Value::InlineTable(_)))
}

/// Where [`place`] puts a department among its new siblings.
#[derive(Clone, Copy, Debug)]
pub(super) enum Placement<'a> {
    Before(&'a str),
    After(&'a str),
    Last,
}

/// Inserts a department under `parent_path` at `placement`, choosing positions for its
/// headers so that the file order is the sibling order, and leaving every other
/// header where it was.
pub(super) fn place(doc: &mut DocumentMut, parent_path: &[String], key: Key, item: Item, placement: Placement<'_>) {
    let Some(parent) = item_at(doc, parent_path) else { return };
    if let Item::Value(Value::InlineTable(table)) = parent {
        // Inside an inline table everything is inline, its keys in reading order.
        let mut item = item;
        if let Item::Table(t) = &mut item {
            in_reading_order(t);
        }
        let mut value = item.into_value().unwrap_or_else(|_| Value::InlineTable(InlineTable::new()));
        // Spaced as the table's own entries are, wherever it stood before.
        value.decor_mut().clear();
        let id = key.get().to_string();
        let mut order: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
        insert_in_order(&mut order, &id, placement);
        closing_space_kept(table, |table| {
            table.insert_formatted(&key, value);
            sort_inline_children(table, &order);
        });
        return;
    }
    let Item::Table(table) = parent else { return };
    // The logical order of the children once the new one is in.
    let mut order = logical_children(table);
    let id = key.get().to_string();
    insert_in_order(&mut order, &id, placement);
    let index = order.iter().position(|k| *k == id).unwrap_or(order.len());
    // The body is read at the parent's own header: after the sub-tables whose headers
    // come before it (early ones, when the parent's header comes late), before the
    // others. The new department may join the body only if everything before it is
    // read before the body or in it, and no early sub-table comes after it.
    let own = table.position();
    let early = |k: &String| {
        *k != id && table.get(k).is_some_and(|i| !in_body(i) && own.is_some_and(|own| first_position(i) < own))
    };
    let body_prefix = order.iter().take_while(|k| *k == &id || table.get(k).is_some_and(in_body) || early(k)).count();
    let early_follows = order[index + 1..].iter().any(early);
    let any_early = order.iter().any(early);
    let mut item = item;
    let body_follows = order[index + 1..].iter().any(|k| table.get(k).is_some_and(in_body));
    if index >= body_prefix || early_follows {
        item = into_sub_table(item);
    } else if !in_body(&item) && body_follows && !has_sub_departments(&item) {
        // A small department between body siblings joins them as an inline table
        // rather than pushing the ones after it out of the body.
        if let Item::Table(t) = item {
            item = Item::Value(Value::InlineTable(t.into_inline_table()));
        }
    }
    let stays_in_body = in_body(&item);
    let has_headers = !headers(&item).is_empty();
    let body_before = order[..index].iter().any(|k| table.get(k).is_some_and(in_body));
    // Body children after a sub-table read after the body must become sub-tables
    // themselves. The new one is read early only among early ones, before the body.
    let read_late = |k: &String, i: &Item| {
        if *k == id {
            !stays_in_body && (body_before || !any_early)
        } else {
            !in_body(i) && own.is_none_or(|own| first_position(i) > own)
        }
    };
    table.insert_formatted(&key, item);
    let first_read_late = order.iter().position(|k| table.get(k).is_some_and(|i| read_late(k, i)));
    let mut to_place: Vec<String> = Vec::new();
    // A department in the body may have sub-tables below it, wherever they were.
    if !stays_in_body || has_headers {
        to_place.push(id.clone());
    }
    if let Some(first) = first_read_late {
        for k in &order[first..] {
            if *k != id && table.get(k).is_some_and(in_body) {
                let converted = into_sub_table(table.remove(k).expect("present"));
                table.insert(k, converted);
                to_place.push(k.clone());
            }
        }
    }
    sort_children(table, &order);
    // Give each sub-table to place a position right after the sub-table sibling before
    // it (or before the one after it), in order.
    let to_place: Vec<String> = order.iter().filter(|k| to_place.contains(k)).cloned().collect();
    for (i, k) in to_place.iter().enumerate() {
        let anchor = anchor_position(doc, parent_path, &order, k, &to_place[i + 1..]);
        let Some(item) = item_at(doc, &child_path(parent_path, k)) else { continue };
        let count = headers(item).len() as isize;
        shift_positions(doc, anchor, count);
        if let Some(item) = item_at(doc, &child_path(parent_path, k)) {
            renumber(item, anchor + 1);
        }
    }
}

/// The position after which a sub-table child `key` of the table at `parent_path`
/// should start: after the subtree of the nearest sub-table sibling before it, else
/// before the nearest one after it, else after the parent's own header. Siblings
/// still `unplaced` are passed over: their headers are not where they will be.
pub(super) fn anchor_position(
    doc: &mut DocumentMut,
    parent_path: &[String],
    order: &[String],
    key: &str,
    unplaced: &[String],
) -> isize {
    let (_, last_overall) = positions_bounds(doc);
    let Some(parent) = item_at(doc, parent_path).and_then(|i| i.as_table()) else { return last_overall };
    let index = order.iter().position(|k| k == key).unwrap_or(0);
    let positions_of = |k: &String| {
        let placed = !unplaced.contains(k);
        parent.get(k).filter(|i| placed && !in_body(i)).map(subtree_positions).unwrap_or_default()
    };
    let before = order[..index].iter().rev().find_map(|k| positions_of(k).into_iter().max());
    let after = order[index + 1..].iter().find_map(|k| positions_of(k).into_iter().min());
    let anchor = match (before, after) {
        // Siblings are read in the order of their first headers: a sibling before
        // whose sub-tables lie past the next sibling's first header (its tables
        // apart) leaves the new one just before that header.
        (Some(max), Some(min)) => Some(max.min(min - 1)),
        (Some(max), None) => Some(max),
        (None, Some(min)) => Some(min - 1),
        (None, None) => None,
    };
    if let Some(own) = parent.position() {
        // Body siblings are read at the parent's own header; the sub-tables of a
        // department in the body must come after it.
        let in_body_among = |keys: &[String]| keys.iter().any(|k| parent.get(k).is_some_and(in_body));
        let anchor = anchor.unwrap_or(own);
        if parent.get(key).is_some_and(in_body) || in_body_among(&order[..index]) {
            return anchor.max(own);
        }
        if in_body_among(&order[index + 1..]) {
            return anchor.min(own - 1);
        }
        return anchor;
    }
    if let Some(anchor) = anchor {
        return anchor;
    }
    // A parent without a header of its own: after the nearest ancestor that has one,
    // or at the end of the file. The department's own headers are not where they will
    // be (a pasted one's are where it was copied).
    let placed = child_path(parent_path, key);
    let mut ancestor = parent_path.to_vec();
    while ancestor.pop().is_some() {
        let skip = &placed[ancestor.len()..];
        if let Some(max) = item_at(doc, &ancestor).and_then(|i| positions_but(i, skip).into_iter().max()) {
            return max;
        }
    }
    last_overall
}

/// Positions of every header in a subtree but those of the table at `skip`, a path
/// below it, and its own subtree.
fn positions_but(item: &Item, skip: &[String]) -> Vec<isize> {
    let (Item::Table(table), Some((first, rest))) = (item, skip.split_first()) else { return Vec::new() };
    let mut out: Vec<isize> = table.position().into_iter().collect();
    for (k, v) in table.iter() {
        out.extend(if k == first { positions_but(v, rest) } else { subtree_positions(v) });
    }
    out
}

/// The children of a table in the order a reader meets them: sub-tables by the
/// position of their first header, body children in key order where the table's own
/// header stands (before every sub-table when it has none).
pub(super) fn logical_children(table: &Table) -> Vec<String> {
    let own = table.position().unwrap_or(isize::MIN);
    let mut children: Vec<(isize, usize, String)> = Vec::new();
    for (i, (k, v)) in table.iter().enumerate() {
        if is_department(v) {
            let first = if in_body(v) { own } else { first_position(v) };
            children.push((first, i, k.to_string()));
        }
    }
    children.sort();
    children.into_iter().map(|(_, _, k)| k).collect()
}

/// Puts the keys of a table and of every table below it in the order a reader meets
/// the departments, which an inline table, with no headers to order them, must keep
/// by itself.
fn in_reading_order(table: &mut Table) {
    let order = logical_children(table);
    sort_children(table, &order);
    for (_, v) in table.iter_mut() {
        if let Item::Table(t) = v {
            in_reading_order(t);
        }
    }
}

/// The position of the first header in a subtree (past the end when it has none).
fn first_position(item: &Item) -> isize {
    first_header(item).unwrap_or(isize::MAX)
}

/// The position of the first header in a subtree, where the file first names it;
/// `None` when none of its headers is placed.
pub(super) fn first_header(item: &Item) -> Option<isize> {
    subtree_positions(item).into_iter().min()
}

/// Puts a table's keys in their ranks in `order`.
fn sort_children(table: &mut Table, order: &[String]) {
    keeping_dotted_apart(table, |table| {
        table.sort_values_by(|a, _, b, _| rank(order, a.get()).cmp(&rank(order, b.get())));
    });
}

/// Makes `change` to an inline table, keeping the space written before its closing
/// brace where it was: it is the last value's suffix, so it would otherwise stay with
/// a value that is no longer last (`{ a = 1 , b = 2 }`) or go with one taken out
/// (`{ a = 1}`). Only plain spaces move: what else a suffix holds stays with its value.
pub(super) fn closing_space_kept<R>(table: &mut InlineTable, change: impl FnOnce(&mut InlineTable) -> R) -> R {
    let last_key = |table: &InlineTable| table.iter().last().map(|(key, _)| key.to_string());
    let closing = table.iter().last().and_then(|(key, value)| {
        let suffix = value.decor().suffix()?.as_str()?.to_string();
        suffix.bytes().all(|b| b == b' ' || b == b'\t').then(|| (key.to_string(), suffix))
    });
    let changed = change(table);
    // A value put in without spacing of its own is written with a space after it:
    // before a comma, none.
    let last = last_key(table);
    for (key, value) in table.iter_mut() {
        if Some(key.get()) != last.as_deref() && value.decor().suffix().is_none() {
            value.decor_mut().set_suffix("");
        }
    }
    if let Some((was_last, suffix)) = closing
        && let Some(last) = last
        && last != was_last
    {
        if let Some(value) = table.get_mut(&was_last) {
            value.decor_mut().set_suffix("");
        }
        if let Some(value) = table.get_mut(&last) {
            value.decor_mut().set_suffix(suffix);
        }
    }
    changed
}

/// [`sort_children`] for an inline table.
fn sort_inline_children(table: &mut InlineTable, order: &[String]) {
    keeping_dotted_apart(table, |table| {
        table.sort_values_by(|a, _, b, _| rank(order, a.get()).cmp(&rank(order, b.get())));
    });
}

/// Runs `sort`, a table's `sort_values_by` (which a table and an inline table do not
/// share through a trait), with the dotted tables inside made plain tables
/// meanwhile: `sort_values_by` also sorts their keys, which would reorder a dotted
/// child's own children.
fn keeping_dotted_apart<T: TableLike>(table: &mut T, sort: impl FnOnce(&mut T)) {
    let mut dotted = Vec::new();
    for (k, v) in table.iter_mut() {
        if let Some(t) = v.as_table_like_mut()
            && t.is_dotted()
        {
            t.set_dotted(false);
            dotted.push(k.get().to_string());
        }
    }
    sort(table);
    for k in dotted {
        if let Some(t) = table.get_mut(&k).and_then(Item::as_table_like_mut) {
            t.set_dotted(true);
        }
    }
}

pub(super) fn insert_in_order(order: &mut Vec<String>, id: &str, placement: Placement<'_>) {
    order.retain(|k| k != id);
    let at = match placement {
        Placement::Before(s) => order.iter().position(|k| k == s).unwrap_or(0),
        Placement::After(s) => order.iter().position(|k| k == s).map_or(order.len(), |i| i + 1),
        Placement::Last => order.len(),
    };
    order.insert(at, id.to_string());
}

/// Where a key stands in `order`; keys that are not departments keep their place
/// before all departments.
pub(super) fn rank(order: &[String], key: &str) -> usize {
    order.iter().position(|k| k == key).map_or(0, |i| i + 1)
}

/// The department as a sub-table with its own header.
pub(super) fn into_sub_table(item: Item) -> Item {
    match item {
        Item::Value(Value::InlineTable(inline)) => Item::Table(inline.into_table()),
        Item::Table(mut table) => {
            table.set_dotted(false);
            table.set_implicit(false);
            Item::Table(table)
        }
        other => other,
    }
}

/// Positions of every header in a subtree.
pub(super) fn subtree_positions(item: &Item) -> Vec<isize> {
    let mut out = Vec::new();
    let mut stack = vec![item];
    while let Some(item) = stack.pop() {
        if let Item::Table(t) = item {
            out.extend(t.position());
            stack.extend(t.iter().map(|(_, v)| v));
        }
    }
    out
}

/// The positions of the headers of a subtree (tables that print a header), in
/// depth-first order; `None` for a header not placed yet.
pub(super) fn headers(item: &Item) -> Vec<Option<isize>> {
    let mut out = Vec::new();
    let mut stack = vec![item];
    while let Some(item) = stack.pop() {
        if let Item::Table(t) = item {
            if !t.is_dotted() && !t.is_implicit() {
                out.push(t.position());
            }
            // Reversed so that children pop in key order.
            stack.extend(t.iter().map(|(_, v)| v).collect::<Vec<_>>().into_iter().rev());
        }
    }
    out
}

/// Gives the headers of a subtree the positions `start`, `start + 1`, ... keeping
/// their order in the file. A header not placed yet goes right before the first one
/// below it (a department turned from dotted keys into a table is read before its
/// sub-tables), or last when none below it is placed either; parents first.
pub(super) fn renumber(item: &mut Item, start: isize) {
    let mut old = Vec::new();
    let mut stack = vec![&*item];
    while let Some(item) = stack.pop() {
        if let Item::Table(t) = item {
            if !t.is_dotted() && !t.is_implicit() {
                old.push(t.position().unwrap_or_else(|| first_position(item)));
            }
            stack.extend(t.iter().map(|(_, v)| v).collect::<Vec<_>>().into_iter().rev());
        }
    }
    let mut by_place: Vec<usize> = (0..old.len()).collect();
    by_place.sort_by_key(|&i| (old[i], i));
    let mut new = vec![0; old.len()];
    for (rank, &i) in by_place.iter().enumerate() {
        new[i] = start + rank as isize;
    }
    let mut index = 0;
    let mut stack = vec![item];
    while let Some(item) = stack.pop() {
        if let Item::Table(t) = item {
            if !t.is_dotted() && !t.is_implicit() {
                t.set_position(Some(new[index]));
                index += 1;
            }
            stack.extend(t.iter_mut().map(|(_, v)| v).collect::<Vec<_>>().into_iter().rev());
        }
    }
}

/// Moves every header after `after` down by `by`, to make room.
pub(super) fn shift_positions(doc: &mut DocumentMut, after: isize, by: isize) {
    pub(super) fn walk(table: &mut Table, after: isize, by: isize) {
        if let Some(p) = table.position()
            && p > after
        {
            table.set_position(Some(p + by));
        }
        for (_, v) in table.iter_mut() {
            match v {
                Item::Table(t) => walk(t, after, by),
                Item::ArrayOfTables(array) => {
                    for t in array.iter_mut() {
                        walk(t, after, by);
                    }
                }
                _ => {}
            }
        }
    }
    walk(doc.as_table_mut(), after, by);
}

/// The smallest and largest header positions in the document.
pub(super) fn positions_bounds(doc: &DocumentMut) -> (isize, isize) {
    let positions = subtree_positions(doc.as_item());
    (positions.iter().copied().min().unwrap_or(0), positions.iter().copied().max().unwrap_or(0))
}
