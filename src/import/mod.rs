//! The CSV import (`frontback import FILE.csv`): a spreadsheet or org-chart export read
//! back into an org file (SPEC §3), the reverse of the [`crate::report::csv`](mod@crate::report::csv) report.
//!
//! Columns are found by header name, in any order, ignoring case, surrounding spaces,
//! and `-` or a space for `_` (`Parent ID` is `parent_id`). Only `id` and `parent_id`
//! are required; `name`, `function`, `customers`, `revenue` and `notes` are read when
//! present; any other column — the derived `customer_model`, `profit_model` and
//! `grey_area` among them — is ignored.
//!
//! A `parent_id` cell is a path of ids (see [`crate::report::csv::encode_path`] for the
//! escaping of `/`), resolved from the top level down. So that org-chart tools that give
//! every row a unique id and refer to the parent by that id work too, a single id that
//! names no top-level row names the only row anywhere with that id; such references can
//! form cycles, which are reported. Rows may come in any order: children before their
//! parents is fine. Sibling order in the output is the order of the rows.
//!
//! Every problem is collected (with its line and column) before giving up, so one run
//! reports them all; the org file is produced only when there are none.

mod columns;
mod tree;
mod write;

use std::fmt::Write;
use std::path::Path;

use crate::text::t;

use crate::diagnostic::{clip, render_capped};
use crate::org::Org;
use crate::text::{Lang, sanitize};

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
    /// A quoted cell that is never closed (at the line of its opening quote).
    UnterminatedQuote,
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
    let bytes = crate::org::read::read_file(path, crate::org::read::Limit::Csv, lang).map_err(|source| {
        ImportFileError::Io {
            rendered: format!(
                "{}: {}\n",
                t!("diag.error", locale = lang.code()),
                t!("import.cannot_read", locale = lang.code(), file = sanitize(&shown), error = source)
            ),
            source,
        }
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
    match columns::unterminated_quote(body) {
        None => {
            let (rows, columns) = columns::read_rows(body, options, &mut problems);
            let tree = tree::build_tree(&rows, &columns, &mut problems);
            if problems.is_empty() {
                let company =
                    options.company.or(options.base.map(|b| b.org.company.name.as_str())).unwrap_or(default_company);
                return Ok(write::write_org(&rows, &tree, company, options.base));
            }
        }
        Some(quote) => {
            // The rows before the one with the quote are whole and checked; the tree is
            // not, since the rest of the file is unknown.
            if quote.record_start > 0 {
                columns::read_rows(&body[..quote.record_start], options, &mut problems);
            }
            let problem = CsvProblem::UnterminatedQuote;
            problems.push(Problem { problem, line: quote.line, column: None, byte: quote.line_start });
        }
    }
    problems.sort_by(|a, b| {
        (a.line, a.column.as_ref().map(|c| c.number)).cmp(&(b.line, b.column.as_ref().map(|c| c.number)))
    });
    Err(ImportError { problems, text: String::from_utf8_lossy(body).into_owned() })
}

/// A word from the file as a message quotes it: cut when very long, escaped.
fn quoted(word: &str) -> String {
    sanitize(&clip(word)).into_owned()
}

impl CsvProblem {
    /// The message in the given language.
    pub fn message(&self, lang: Lang) -> String {
        let l = lang.code();
        match self {
            CsvProblem::Syntax { message } => t!("import.syntax", locale = l, message = message).into(),
            CsvProblem::UnterminatedQuote => t!("import.unterminated_quote", locale = l).into(),
            CsvProblem::NotUtf8 => t!("import.not_utf8", locale = l).into(),
            CsvProblem::MissingColumn { column, .. } => t!("import.missing_column", locale = l, column = column).into(),
            CsvProblem::DuplicateColumn { column } => t!("import.duplicate_column", locale = l, column = column).into(),
            CsvProblem::FieldCount { found, expected } => {
                t!("import.field_count", locale = l, found = found, expected = expected).into()
            }
            CsvProblem::EmptyId => t!("import.empty_id", locale = l).into(),
            CsvProblem::ReservedId { id } => t!("import.reserved_id", locale = l, id = quoted(id)).into(),
            CsvProblem::MissingParent { parent, .. } => {
                t!("import.missing_parent", locale = l, parent = quoted(parent)).into()
            }
            CsvProblem::AmbiguousParent { parent, lines } => {
                const LINES: usize = 10;
                let mut shown = lines.iter().take(LINES).map(u64::to_string).collect::<Vec<_>>();
                if lines.len() > LINES {
                    shown.push("…".into());
                }
                let lines = shown.join(", ");
                t!("import.ambiguous_parent", locale = l, parent = quoted(parent), lines = lines).into()
            }
            CsvProblem::DuplicateId { id, first_line } => {
                t!("import.duplicate_id", locale = l, id = quoted(id), line = first_line).into()
            }
            CsvProblem::BadLevel { field, value, .. } => {
                t!("diag.bad_level", locale = l, field = field, value = quoted(value)).into()
            }
            CsvProblem::UnknownFunction { key, .. } => {
                t!("import.unknown_function", locale = l, key = quoted(key)).into()
            }
            CsvProblem::Cycle { ids } => {
                // A circle of a hundred thousand rows is said in a line: its first rows
                // and its size.
                const IDS: usize = 5;
                let rows = ids.len() - 1;
                let shown = if rows > 2 * IDS { &ids[..IDS] } else { &ids[..] };
                let cycle = shown.iter().map(|id| quoted(id)).collect::<Vec<_>>().join(" → ");
                let id = quoted(&ids[0]);
                if shown.len() < ids.len() {
                    t!("import.cycle_long", locale = l, id = id, count = rows, cycle = cycle).into()
                } else {
                    t!("import.cycle", locale = l, id = id, cycle = cycle).into()
                }
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
            CsvProblem::UnterminatedQuote => Some(t!("import.unterminated_quote_help", locale = l).into()),
            _ => None,
        }
    }
}

impl ImportError {
    /// The problems, compiler style, one after the other (the first
    /// [`crate::diagnostic::SHOWN`], then how many more there are):
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
        render_capped(&self.problems, "", lang, |problem| {
            let mut out = String::new();
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
            out
        })
    }
}
