//! The CSV import (`frontback import FILE.csv`): a spreadsheet or org-chart export read
//! back into an org file (SPEC §3), the reverse of the [`super::csv`] report.
//!
//! Columns are found by header name, in any order, ignoring case, surrounding spaces,
//! and `-` or a space for `_` (`Parent ID` is `parent_id`). Only `id` and `parent_id`
//! are required; `name`, `function`, `customers`, `revenue` and `notes` are read when
//! present; any other column — the derived `customer_model`, `profit_model` and
//! `grey_area` among them — is ignored.
//!
//! A `parent_id` cell is a path of ids (see [`super::csv::encode_path`] for the
//! escaping of `/`), resolved from the top level down. So that org-chart tools that give
//! every row a unique id and refer to the parent by that id work too, a single id that
//! names no top-level row names the only row anywhere with that id; such references can
//! form cycles, which are reported. Rows may come in any order: children before their
//! parents is fine. Sibling order in the output is the order of the rows.
//!
//! Every problem is collected (with its line and column) before giving up, so one run
//! reports them all; the org file is produced only when there are none.

use std::collections::{HashMap, VecDeque};
use std::fmt::Write;
use std::path::Path;

use crate::text::t;

use super::csv::{decode_path, encode_path};
use crate::catalog::Catalog;
use crate::org::diagnostic::nearest;
use crate::org::load::{DEPARTMENT_FIELDS, MAX_DEPTH};
use crate::org::{Level, Org};
use crate::text::{Lang, sanitize};

/// The columns the import reads, in the order rows are written to the org file.
const COLUMNS: [&str; 7] = ["id", "parent_id", "name", "function", "customers", "revenue", "notes"];
const ID: usize = 0;
const PARENT: usize = 1;
const NAME: usize = 2;
const FUNCTION: usize = 3;
const CUSTOMERS: usize = 4;
const REVENUE: usize = 5;
const NOTES: usize = 6;

/// An org file whose `[company]` and `[functions]` the imported file keeps (its
/// departments are replaced by the CSV's); its functions are known to the import.
#[derive(Clone, Copy, Debug)]
pub struct Base<'a> {
    pub org: &'a Org,
    /// The file's text, copied without its `[org]` tables, comments included.
    pub text: &'a str,
}

/// What the import takes from outside the CSV.
#[derive(Clone, Copy, Debug, Default)]
pub struct ImportOptions<'a> {
    /// The company name; else the base file's; else the CSV file's stem.
    pub company: Option<&'a str>,
    pub base: Option<Base<'a>>,
}

/// A column of the CSV file, as the header names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// 1-based.
    pub number: usize,
    /// The header cell, or empty past the header's last column.
    pub name: String,
}

/// What is wrong with a CSV file, independent of where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CsvProblem {
    /// The CSV reader gave up.
    Syntax { message: String },
    /// A cell that is not UTF-8 text.
    NotUtf8,
    /// The header lacks a required column (`id`, `parent_id`).
    MissingColumn { column: &'static str, suggestion: Option<String> },
    /// The header names a column the import reads twice.
    DuplicateColumn { column: &'static str },
    /// A row with more or fewer fields than the header.
    FieldCount { found: usize, expected: usize },
    /// An empty `id` cell.
    EmptyId,
    /// A sub-department whose id is a field name of its parent's table.
    ReservedId { id: String },
    /// A `parent_id` that names no row.
    MissingParent { parent: String, suggestion: Option<String> },
    /// A single-id `parent_id` that no top-level row has and several rows have.
    AmbiguousParent { parent: String, lines: Vec<u64> },
    /// An id already used by a sibling (on `first_line`).
    DuplicateId { id: String, first_line: u64 },
    /// `customers` or `revenue` outside direct / indirect / none.
    BadLevel { field: &'static str, value: String, suggestion: Option<String> },
    /// A function that is not in the catalogue.
    UnknownFunction { key: String, suggestion: Option<String> },
    /// Rows whose parents lead back to themselves: the ids around the loop.
    Cycle { ids: Vec<String> },
    /// Departments nested deeper than org files allow.
    TooDeep { limit: usize },
}

/// A problem at a row (and column) of the CSV file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub problem: CsvProblem,
    /// 1-based line where the row starts.
    pub line: u64,
    pub column: Option<Column>,
    /// Byte offset of the row in the text, to show it.
    byte: usize,
}

/// A CSV file that could not be imported: every problem found in it.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{} problem(s) in the CSV file", problems.len())]
pub struct ImportError {
    /// Sorted by line, then column.
    pub problems: Vec<Problem>,
    text: String,
}

/// Why a CSV file could not be imported, ready to print.
#[derive(Debug, thiserror::Error)]
pub enum ImportFileError {
    #[error("{rendered}")]
    Io { rendered: String, source: std::io::Error },
    #[error("{rendered}")]
    Invalid { rendered: String, error: ImportError },
}

/// Reads a CSV file and returns the org file (TOML) it describes; the error names the
/// file and is ready to print.
pub fn import_file(path: &Path, options: &ImportOptions<'_>, lang: Lang) -> Result<String, ImportFileError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| ImportFileError::Io {
        rendered: format!(
            "{}: {}\n",
            t!("diag.error", locale = lang.code()),
            t!("import.cannot_read", locale = lang.code(), file = sanitize(&shown), error = source)
        ),
        source,
    })?;
    let stem = path.file_stem().map_or_else(|| shown.clone(), |s| s.to_string_lossy().into_owned());
    import(&bytes, &stem, options)
        .map_err(|error| ImportFileError::Invalid { rendered: error.render(&shown, lang), error })
}

/// The org file (TOML) that a CSV text describes. `default_company` names the company
/// when the options do not.
pub fn import(bytes: &[u8], default_company: &str, options: &ImportOptions<'_>) -> Result<String, ImportError> {
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut problems = Vec::new();
    let (rows, columns) = read_rows(body, options, &mut problems);
    let tree = build_tree(&rows, &columns, &mut problems);
    if problems.is_empty() {
        let company = options.company.or(options.base.map(|b| b.org.company.name.as_str())).unwrap_or(default_company);
        return Ok(write_org(&rows, &tree, company, options.base));
    }
    problems.sort_by(|a, b| {
        (a.line, a.column.as_ref().map(|c| c.number)).cmp(&(b.line, b.column.as_ref().map(|c| c.number)))
    });
    Err(ImportError { problems, text: String::from_utf8_lossy(body).into_owned() })
}

/// A data row with the cells the import reads.
struct Row {
    line: u64,
    byte: usize,
    id: String,
    parent: Vec<String>,
    parent_cell: String,
    name: Option<String>,
    function: Option<String>,
    customers: Option<Level>,
    revenue: Option<Level>,
    notes: Option<String>,
}

/// Lower case, trimmed, `-` and spaces as `_`.
fn normalize_header(cell: &str) -> String {
    cell.trim().to_lowercase().replace(['-', ' '], "_")
}

/// For each column the import reads, where the header has it.
type Columns = [Option<Column>; 7];

fn read_rows(body: &[u8], options: &ImportOptions<'_>, problems: &mut Vec<Problem>) -> (Vec<Row>, Columns) {
    let mut reader = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(body);
    let mut record = ::csv::ByteRecord::new();
    let mut header: Vec<String> = Vec::new();
    // For each column the import reads, its index in the rows.
    let mut at: [Option<usize>; 7] = [None; 7];
    let mut rows = Vec::new();
    let catalog = match options.base {
        Some(base) => Catalog::for_org(base.org),
        None => Catalog::builtin().clone(),
    };
    let mut first = true;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => {
                let (line, byte) = error.position().map_or((1, 0), |p| (p.line(), p.byte() as usize));
                let message = error.to_string();
                problems.push(Problem { problem: CsvProblem::Syntax { message }, line, column: None, byte });
                break;
            }
        }
        let (line, byte) = record.position().map_or((1, 0), |p| (p.line(), p.byte() as usize));
        let problem = |problem: CsvProblem, column: Option<Column>| Problem { problem, line, column, byte };
        let column_at = |header: &[String], index: usize| Column {
            number: index + 1,
            name: header.get(index).cloned().unwrap_or_default(),
        };
        if first {
            first = false;
            header = record.iter().map(|cell| String::from_utf8_lossy(cell).into_owned()).collect();
            for (index, cell) in header.iter().enumerate() {
                let normalized = normalize_header(cell);
                if let Some(known) = COLUMNS.iter().position(|&c| c == normalized) {
                    if at[known].is_some() {
                        problems.push(problem(
                            CsvProblem::DuplicateColumn { column: COLUMNS[known] },
                            Some(column_at(&header, index)),
                        ));
                    } else {
                        at[known] = Some(index);
                    }
                }
            }
            for required in [ID, PARENT] {
                if at[required].is_none() {
                    let column = COLUMNS[required];
                    let suggestion = nearest(column, header.iter().map(String::as_str));
                    problems.push(problem(CsvProblem::MissingColumn { column, suggestion }, None));
                }
            }
            if at[ID].is_none() || at[PARENT].is_none() {
                return (rows, Columns::default());
            }
            continue;
        }
        if record.len() != header.len() {
            let number = record.len().min(header.len());
            problems.push(problem(
                CsvProblem::FieldCount { found: record.len(), expected: header.len() },
                Some(column_at(&header, number)),
            ));
        }
        // The text of a column the import reads: None when the column or the cell is
        // absent, or the cell is not UTF-8 (reported).
        let mut cell = |which: usize| -> Option<&str> {
            let index = at[which]?;
            let bytes = record.get(index)?;
            match std::str::from_utf8(bytes) {
                Ok(text) => Some(text),
                Err(_) => {
                    problems.push(problem(CsvProblem::NotUtf8, Some(column_at(&header, index))));
                    None
                }
            }
        };
        let id = cell(ID).map(str::to_string);
        let parent_cell = cell(PARENT).map(str::to_string);
        let optional = |text: Option<&str>| text.filter(|t| !t.trim().is_empty()).map(str::to_string);
        let name = optional(cell(NAME));
        let function = optional(cell(FUNCTION));
        let customers = optional(cell(CUSTOMERS));
        let revenue = optional(cell(REVENUE));
        let notes = optional(cell(NOTES));
        let column = |which: usize| at[which].map(|index| column_at(&header, index));
        let mut level = |which: usize, word: Option<String>| {
            let word = word?;
            let value = Level::parse(&word);
            if value.is_none() {
                let suggestion = nearest(&word, Level::ALL.map(Level::as_str));
                let field = COLUMNS[which];
                problems.push(problem(CsvProblem::BadLevel { field, value: word, suggestion }, column(which)));
            }
            value
        };
        let customers = level(CUSTOMERS, customers);
        let revenue = level(REVENUE, revenue);
        if let Some(key) = &function
            && catalog.get(key).is_none()
        {
            let suggestion = nearest(key, catalog.keys());
            problems.push(problem(CsvProblem::UnknownFunction { key: key.clone(), suggestion }, column(FUNCTION)));
        }
        let (Some(id), Some(parent_cell)) = (id, parent_cell) else { continue };
        if id.is_empty() {
            problems.push(problem(CsvProblem::EmptyId, column(ID)));
            continue;
        }
        let parent = decode_path(&parent_cell);
        rows.push(Row { line, byte, id, parent, parent_cell, name, function, customers, revenue, notes });
    }
    if first {
        // No header at all: an empty file.
        for required in [ID, PARENT] {
            let problem = CsvProblem::MissingColumn { column: COLUMNS[required], suggestion: None };
            problems.push(Problem { problem, line: 1, column: None, byte: 0 });
        }
    }
    let columns = at.map(|index| index.map(|index| Column { number: index + 1, name: header[index].clone() }));
    (rows, columns)
}

/// Where each row went: its parent (`None` for the top level), or nowhere.
struct Tree {
    parent: Vec<Option<Option<usize>>>,
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

fn build_tree(rows: &[Row], columns: &Columns, problems: &mut Vec<Problem>) -> Tree {
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
                let suggestion = nearest(&row.parent_cell, paths.iter().map(String::as_str));
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

/// The org file text of a tree without problems.
fn write_org(rows: &[Row], tree: &Tree, company: &str, base: Option<Base<'_>>) -> String {
    let mut roots = Vec::new();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); rows.len()];
    for (r, placed) in tree.parent.iter().enumerate() {
        match placed {
            Some(None) => roots.push(r),
            Some(Some(p)) => children[*p].push(r),
            None => {}
        }
    }
    let mut out = match base {
        Some(base) => base_tables(base.text, company),
        None => format!("[company]\nname = {}\n", string(company)),
    };
    let mut keys: Vec<String> = Vec::new();
    let mut stack: Vec<(usize, usize)> = roots.iter().rev().map(|&r| (r, 0)).collect();
    while let Some((r, depth)) = stack.pop() {
        let row = &rows[r];
        keys.truncate(depth);
        keys.push(toml_edit::Key::new(row.id.as_str()).display_repr().into_owned());
        let _ = writeln!(out, "\n[org.{}]", keys.join("."));
        let name = row.name.as_deref().filter(|&name| name != row.id);
        let customers = row.customers.map(Level::as_str);
        let revenue = row.revenue.map(Level::as_str);
        let fields = [name, row.function.as_deref(), customers, revenue, row.notes.as_deref()];
        for (field, value) in DEPARTMENT_FIELDS.iter().zip(fields) {
            if let Some(value) = value {
                let _ = writeln!(out, "{field} = {}", string(value));
            }
        }
        stack.extend(children[r].iter().rev().map(|&c| (c, depth + 1)));
    }
    out
}

/// The base file without its `[org]` tables, with the company's name set.
fn base_tables(text: &str, company: &str) -> String {
    let Ok(mut doc) = text.parse::<toml_edit::DocumentMut>() else {
        return format!("[company]\nname = {}\n", string(company));
    };
    doc.remove("org");
    if doc["company"]["name"].as_str() != Some(company) {
        doc["company"]["name"] = toml_edit::value(company);
    }
    let mut out = doc.to_string();
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

/// A TOML string literal.
fn string(text: &str) -> String {
    toml_edit::Formatted::new(text.to_string()).display_repr().into_owned()
}

impl CsvProblem {
    /// The message in the given language.
    pub fn message(&self, lang: Lang) -> String {
        let l = lang.code();
        match self {
            CsvProblem::Syntax { message } => t!("import.syntax", locale = l, message = message).into(),
            CsvProblem::NotUtf8 => t!("import.not_utf8", locale = l).into(),
            CsvProblem::MissingColumn { column, .. } => t!("import.missing_column", locale = l, column = column).into(),
            CsvProblem::DuplicateColumn { column } => t!("import.duplicate_column", locale = l, column = column).into(),
            CsvProblem::FieldCount { found, expected } => {
                t!("import.field_count", locale = l, found = found, expected = expected).into()
            }
            CsvProblem::EmptyId => t!("import.empty_id", locale = l).into(),
            CsvProblem::ReservedId { id } => t!("import.reserved_id", locale = l, id = sanitize(id)).into(),
            CsvProblem::MissingParent { parent, .. } => {
                t!("import.missing_parent", locale = l, parent = sanitize(parent)).into()
            }
            CsvProblem::AmbiguousParent { parent, lines } => {
                let lines = lines.iter().map(u64::to_string).collect::<Vec<_>>().join(", ");
                t!("import.ambiguous_parent", locale = l, parent = sanitize(parent), lines = lines).into()
            }
            CsvProblem::DuplicateId { id, first_line } => {
                t!("import.duplicate_id", locale = l, id = sanitize(id), line = first_line).into()
            }
            CsvProblem::BadLevel { field, value, .. } => {
                t!("diag.bad_level", locale = l, field = field, value = sanitize(value)).into()
            }
            CsvProblem::UnknownFunction { key, .. } => {
                t!("import.unknown_function", locale = l, key = sanitize(key)).into()
            }
            CsvProblem::Cycle { ids } => {
                let cycle = ids.iter().map(|id| sanitize(id).into_owned()).collect::<Vec<_>>().join(" → ");
                t!("import.cycle", locale = l, id = sanitize(&ids[0]), cycle = cycle).into()
            }
            CsvProblem::TooDeep { limit } => t!("diag.too_deep", locale = l, limit = limit).into(),
        }
    }

    /// The help line: the nearest valid word, or what to do.
    pub fn help(&self, lang: Lang) -> Option<String> {
        let l = lang.code();
        let did_you_mean = |word: &str| t!("diag.did_you_mean", locale = l, word = sanitize(word)).into_owned();
        match self {
            CsvProblem::MissingColumn { suggestion, .. } => {
                let columns = t!("import.columns", locale = l).into_owned();
                Some(match suggestion {
                    Some(s) => format!("{} {columns}", did_you_mean(s)),
                    None => columns,
                })
            }
            CsvProblem::MissingParent { suggestion: Some(s), .. }
            | CsvProblem::UnknownFunction { suggestion: Some(s), .. } => Some(did_you_mean(s)),
            CsvProblem::MissingParent { suggestion: None, .. } | CsvProblem::AmbiguousParent { .. } => {
                Some(t!("import.path_help", locale = l).into())
            }
            CsvProblem::BadLevel { suggestion, .. } => {
                let allowed = t!("diag.allowed_levels", locale = l);
                Some(match suggestion {
                    Some(s) => format!("{} {allowed}", did_you_mean(s)),
                    None => allowed.into(),
                })
            }
            CsvProblem::Cycle { .. } => Some(t!("import.cycle_help", locale = l).into()),
            _ => None,
        }
    }
}

impl ImportError {
    /// Every problem, compiler style, one after the other:
    ///
    /// ```text
    /// error: unknown function `acounting`
    ///  --> staff.csv:4, column 4 (function)
    ///   |
    /// 4 | books,,Bookkeeping,acounting
    ///   = help: did you mean `accounting`?
    /// ```
    pub fn render(&self, file: &str, lang: Lang) -> String {
        let l = lang.code();
        let file = sanitize(file);
        let mut out = String::new();
        for problem in &self.problems {
            let _ = writeln!(out, "{}: {}", t!("diag.error", locale = l), problem.problem.message(lang));
            let number = problem.line.to_string();
            let pad = " ".repeat(number.len());
            let place = match &problem.column {
                Some(column) => t!(
                    "import.at_column",
                    locale = l,
                    file = file,
                    line = problem.line,
                    number = column.number,
                    name = sanitize(&column.name)
                )
                .into_owned(),
                None => format!("{file}:{}", problem.line),
            };
            let _ = writeln!(out, "{pad}--> {place}");
            if let Some(text) = self.text.get(problem.byte..).and_then(|rest| rest.lines().next()) {
                const WINDOW: usize = 100;
                let shown = sanitize(text);
                let mut shown: String = shown.chars().take(WINDOW).collect();
                if text.chars().count() > WINDOW {
                    shown.push('…');
                }
                let _ = writeln!(out, "{pad} |\n{number} | {shown}");
            }
            if let Some(help) = problem.problem.help(lang) {
                let _ = writeln!(out, "{pad} = {}: {help}", t!("diag.help", locale = l));
            }
        }
        out
    }
}
