//! Building the tree of rows: each `parent_id` resolved to a placed row (a path from
//! the top level down, or a single id anywhere), rows placed breadth first from the
//! top level, and every row that finds no place explained — a missing or ambiguous
//! parent, a cycle, a duplicate id, nesting too deep, an id that is a field name.

use std::collections::{HashMap, VecDeque};

use crate::diagnostic::nearest;
use crate::org::load::{DEPARTMENT_FIELDS, MAX_DEPTH};
use crate::report::csv::encode_path;

use super::columns::{Columns, ID, PARENT, Row};
use super::{Column, CsvProblem, Problem};

/// Where each row went: its parent (`None` for the top level), or nowhere.
pub(super) struct Tree {
    pub(super) parent: Vec<Option<Option<usize>>>,
}

/// How a `parent_id` cell is resolved before any row is placed.
enum Link {
    /// Empty: a top-level department.
    Top,
    /// A single id: this row.
    Row(usize),
    /// A single id that names no row.
    Missing,
    /// A single id that no top-level row has and several rows have.
    Ambiguous,
    /// A path of two or more ids, resolved while placing rows.
    Path,
}

pub(super) fn build_tree(rows: &[Row], columns: &Columns, problems: &mut Vec<Problem>) -> Tree {
    let n = rows.len();
    let mut by_id: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut top: HashMap<&str, usize> = HashMap::new();
    for (r, row) in rows.iter().enumerate() {
        by_id.entry(&row.id).or_default().push(r);
        if row.parent.is_empty() {
            top.entry(&row.id).or_insert(r);
        }
    }
    let links: Vec<Link> = rows
        .iter()
        .map(|row| match row.parent.as_slice() {
            [] => Link::Top,
            [single] => match (top.get(single.as_str()), by_id.get(single.as_str()).map(Vec::as_slice)) {
                (Some(&t), _) => Link::Row(t),
                (None, Some(&[only])) => Link::Row(only),
                (None, Some(_)) => Link::Ambiguous,
                (None, None) => Link::Missing,
            },
            _ => Link::Path,
        })
        .collect();
    let mut placer = Placer {
        rows,
        id_column: columns[ID].clone(),
        parent: vec![None; n],
        siblings: HashMap::new(),
        waiting: HashMap::new(),
        queue: VecDeque::new(),
        problems,
    };
    let mut linked: HashMap<usize, Vec<usize>> = HashMap::new();
    for (r, link) in links.iter().enumerate() {
        match link {
            Link::Top => placer.place(r, None),
            Link::Row(t) => linked.entry(*t).or_default().push(r),
            _ => {}
        }
    }
    for (r, link) in links.iter().enumerate() {
        if let Link::Path = link
            && let Some(&t) = top.get(rows[r].parent[0].as_str())
        {
            placer.advance(r, 1, t);
        }
    }
    while let Some(x) = placer.queue.pop_front() {
        for r in linked.remove(&x).unwrap_or_default() {
            placer.place(r, Some(x));
        }
        if let Some(Some(p)) = placer.parent[x] {
            for (r, i) in placer.waiting.remove(&(p, rows[x].id.as_str())).unwrap_or_default() {
                placer.advance(r, i + 1, x);
            }
        }
    }
    let Placer { parent, problems, .. } = placer;
    report_unplaced(rows, &links, &parent, columns, &by_id, problems);
    check_placed(rows, &parent, columns, problems);
    Tree { parent }
}

/// Places rows under their parents, breadth first from the top level.
struct Placer<'r, 'p> {
    rows: &'r [Row],
    id_column: Option<Column>,
    /// `Some(None)`: top level; `Some(Some(p))`: under row `p`; `None`: not placed.
    parent: Vec<Option<Option<usize>>>,
    /// Placed rows by (parent, id).
    siblings: HashMap<(Option<usize>, &'r str), usize>,
    /// Rows with a path `parent_id`, waiting for a child of a placed row with the id
    /// of their path's next segment: (row, index of that segment).
    waiting: HashMap<(usize, &'r str), Vec<(usize, usize)>>,
    /// Placed rows whose children are still to place.
    queue: VecDeque<usize>,
    problems: &'p mut Vec<Problem>,
}

impl<'r> Placer<'r, '_> {
    fn place(&mut self, r: usize, parent: Option<usize>) {
        let row = &self.rows[r];
        if let Some(&first) = self.siblings.get(&(parent, row.id.as_str())) {
            let problem = CsvProblem::DuplicateId { id: row.id.clone(), first_line: self.rows[first].line };
            self.problems.push(Problem { problem, line: row.line, column: self.id_column.clone(), byte: row.byte });
            return;
        }
        self.siblings.insert((parent, row.id.as_str()), r);
        self.parent[r] = Some(parent);
        self.queue.push_back(r);
    }

    /// Row `r` has its path resolved up to segment `i - 1`, which is placed row `q`.
    fn advance(&mut self, r: usize, mut i: usize, mut q: usize) {
        let path = &self.rows[r].parent;
        while i < path.len() {
            match self.siblings.get(&(Some(q), path[i].as_str())) {
                Some(&x) => {
                    q = x;
                    i += 1;
                }
                None => {
                    self.waiting.entry((q, path[i].as_str())).or_default().push((r, i));
                    return;
                }
            }
        }
        self.place(r, Some(q));
    }
}

/// Reports placed rows nested deeper than org files allow (the first one), and
/// sub-departments whose id is a field name of their parent's table.
fn check_placed(rows: &[Row], parent: &[Option<Option<usize>>], columns: &Columns, problems: &mut Vec<Problem>) {
    let mut depth: Vec<Option<usize>> = vec![None; rows.len()];
    let mut too_deep = false;
    for r in 0..rows.len() {
        let Some(up) = parent[r] else { continue };
        let Some(up) = up else {
            depth[r] = Some(0);
            continue;
        };
        // Up to a row whose depth is known (or the top level), then down again.
        let mut chain = vec![r];
        let mut x = up;
        while depth[x].is_none() {
            match parent[x] {
                Some(Some(above)) => {
                    chain.push(x);
                    x = above;
                }
                _ => {
                    depth[x] = Some(0);
                }
            }
        }
        let mut d = depth[x].expect("found above");
        for &c in chain.iter().rev() {
            d += 1;
            depth[c] = Some(d);
        }
        let row = &rows[r];
        let at = |problem: CsvProblem, column: usize| Problem {
            problem,
            line: row.line,
            column: columns[column].clone(),
            byte: row.byte,
        };
        if !too_deep && d >= MAX_DEPTH {
            too_deep = true;
            problems.push(at(CsvProblem::TooDeep { limit: MAX_DEPTH }, PARENT));
        }
        if DEPARTMENT_FIELDS.contains(&row.id.as_str()) {
            problems.push(at(CsvProblem::ReservedId { id: row.id.clone() }, ID));
        }
    }
}

/// Explains the rows that found no place: a missing or ambiguous parent, or a cycle.
/// Rows below a row that is itself unplaced are not reported again.
fn report_unplaced(
    rows: &[Row],
    links: &[Link],
    parent: &[Option<Option<usize>>],
    columns: &Columns,
    by_id: &HashMap<&str, Vec<usize>>,
    problems: &mut Vec<Problem>,
) {
    let parent_column = || columns[PARENT].clone();
    let mut known_paths: Option<Vec<String>> = None;
    // For the cycle search: the walk that first visited each row (0: none yet).
    let mut visited = vec![0usize; rows.len()];
    let mut walk = 0;
    for (r, row) in rows.iter().enumerate() {
        if parent[r].is_some() {
            continue;
        }
        let at = |problem: CsvProblem| Problem { problem, line: row.line, column: parent_column(), byte: row.byte };
        match links[r] {
            Link::Top => {} // a duplicate top-level id, already reported
            Link::Missing | Link::Path => {
                let paths = known_paths.get_or_insert_with(|| placed_paths(rows, parent));
                // `7` for `007` (or the other way round): a spreadsheet took the ids
                // for numbers in one column and not in the other.
                let digits = |id: &str| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit());
                let number = digits(&row.parent_cell).then(|| row.parent_cell.trim_start_matches('0'));
                let same_number =
                    number.and_then(|n| paths.iter().find(|p| digits(p) && p.trim_start_matches('0') == n).cloned());
                let suggestion = same_number.or_else(|| nearest(&row.parent_cell, paths.iter().map(String::as_str)));
                problems.push(at(CsvProblem::MissingParent { parent: row.parent_cell.clone(), suggestion }));
            }
            Link::Ambiguous => {
                let lines = by_id[row.parent[0].as_str()].iter().map(|&o| rows[o].line).collect();
                problems.push(at(CsvProblem::AmbiguousParent { parent: row.parent_cell.clone(), lines }));
            }
            Link::Row(_) => {
                if visited[r] != 0 {
                    continue;
                }
                // Follow single-id links from unplaced row to unplaced row: either the
                // walk reaches a row reported on its own, or it comes back on itself.
                walk += 1;
                let mut x = r;
                loop {
                    if visited[x] == walk {
                        let mut cycle = vec![x];
                        let mut y = x;
                        while let Link::Row(next) = links[y] {
                            if next == x {
                                break;
                            }
                            cycle.push(next);
                            y = next;
                        }
                        let start = *cycle.iter().min_by_key(|&&c| rows[c].line).expect("a cycle has rows");
                        let turn = cycle.iter().position(|&c| c == start).expect("start is in the cycle");
                        cycle.rotate_left(turn);
                        // Each id followed by its parent's, back to the first.
                        let mut ids: Vec<String> = cycle.iter().map(|&c| rows[c].id.clone()).collect();
                        ids.push(ids[0].clone());
                        let first = &rows[start];
                        problems.push(Problem {
                            problem: CsvProblem::Cycle { ids },
                            line: first.line,
                            column: parent_column(),
                            byte: first.byte,
                        });
                        break;
                    }
                    if visited[x] != 0 || parent[x].is_some() {
                        break;
                    }
                    visited[x] = walk;
                    match links[x] {
                        Link::Row(next) => x = next,
                        _ => break,
                    }
                }
            }
        }
    }
}

/// The `parent_id` cells that would work: the encoded paths of all placed rows.
fn placed_paths(rows: &[Row], parent: &[Option<Option<usize>>]) -> Vec<String> {
    let mut paths: Vec<Option<String>> = vec![None; rows.len()];
    for r in 0..rows.len() {
        if parent[r].is_none() {
            continue;
        }
        // Up to a row whose path is known or the top level, then down again.
        let mut chain = Vec::new();
        let mut x = r;
        while paths[x].is_none() {
            chain.push(x);
            match parent[x] {
                Some(Some(up)) => x = up,
                _ => break,
            }
        }
        for &c in chain.iter().rev() {
            let own = encode_path(&[rows[c].id.as_str()]);
            paths[c] = Some(match parent[c] {
                Some(Some(p)) => format!("{}/{own}", paths[p].as_deref().expect("the parent's path comes first")),
                _ => own,
            });
        }
    }
    paths.into_iter().flatten().collect()
}
