//! The CSV import (`frontback import FILE.csv`): a spreadsheet or org-chart export read
//! back into an org file (SPEC §3), the reverse of the [`crate::report::csv`](mod@crate::report::csv) report.
//!
//! The file may be UTF-8 (with or without a byte order mark), UTF-16 with one, or
//! Windows-1252; its lines may end in `\r\n`; its delimiter may be `,`, `;` or a tab
//! (see [`source`]). Lines starting with `#` before the header are skipped, except the
//! report's preamble (`#,company.name,…`), which gives the company and the file's own
//! functions.
//!
//! Columns are found by header name, in any order, ignoring case, accents, spaces, `_`,
//! `-` and `.`, under the names people and tools give them, in English and Spanish (see
//! `columns::ALIASES`): `Parent ID`, `parentid`, `Reports To`, `Supervisor ID`,
//! `depende de` are all `parent_id`. The parent column is required, and the id column
//! unless there is a name column: then rows are tied by their parent's *name*, which
//! must be unique. `name`, `function`, `customers`, `revenue` and `notes` are read when
//! present, values in either language and any case (`Directo`, `Contabilidad`); any
//! other column — the derived `customer_model`, `profit_model` and `grey_area` among
//! them — is ignored.
//!
//! A `parent_id` cell is a path of ids (see [`crate::report::csv::encode_path`] for the
//! escaping of `/`), resolved from the top level down. So that org-chart tools that give
//! every row a unique id and refer to the parent by that id work too, a single id that
//! names no top-level row names the only row anywhere with that id; such references can
//! form cycles, which are reported. Rows may come in any order: children before their
//! parents is fine. Sibling order in the output is the order of the rows.
//!
//! A spreadsheet (`.xlsx`, `.ods`) is read with calamine (see `sheet.rs`): its first
//! sheet, or the one [`ImportOptions::sheet`] names, goes the same way as a CSV file's
//! rows, and its problems name the sheet and the cell (`sheet "Org", cell B7`).
//!
//! Every problem is collected (with its line and column) before giving up, so one run
//! reports them all; the org file is produced only when there are none. What the file
//! could not say (the company's name) and ids that look like numbers a spreadsheet
//! stripped of their leading zeros (`7` beside `012`) are [`Note`]s.

mod columns;
mod names;
mod preamble;
mod sheet;
pub mod source;
mod tree;
mod write;

use std::fmt::Write;
use std::path::Path;

use crate::text::t;

use crate::diagnostic::{clip, render_capped};
use crate::org::Org;
use crate::org::catalog::Catalog;
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
    /// The sheet of a spreadsheet to read (else its first); a CSV file has none.
    pub sheet: Option<&'a str>,
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
    /// A cell that is not UTF-8 text (no longer produced: every file is decoded).
    NotUtf8,
    /// The header lacks a required column (`id`, `parent_id`); `suggestion` is a
    /// header cell that looks like a misspelling of it.
    MissingColumn { column: &'static str, suggestion: Option<String> },
    /// Without an id column, a row with no name.
    EmptyName,
    /// Without an id column, a name that another row has too (on `first_line`).
    NameClash { name: String, first_line: u64 },
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
    /// `headcount` or `budget` that is not a whole number of 0 or more.
    BadNumber { field: &'static str, value: String },
    /// A function that is not in the catalogue; `base_helps` when no `--base` was
    /// given, which could define it.
    UnknownFunction { key: String, suggestion: Option<String>, base_helps: bool },
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
    /// Sorted by line, then column; for a spreadsheet, a line is the sheet's row.
    pub problems: Vec<Problem>,
    text: String,
    /// The sheet the text came from, if it is a spreadsheet's.
    sheet: Option<Box<sheet::Sheet>>,
}

/// Why a CSV file could not be imported, ready to print.
#[derive(Debug, thiserror::Error)]
pub enum ImportFileError {
    #[error("{rendered}")]
    Io { rendered: String, source: std::io::Error },
    #[error("{rendered}")]
    Invalid { rendered: String, error: ImportError },
    /// A spreadsheet that cannot be read, one without the sheet asked for, or a sheet
    /// asked of a CSV file.
    #[error("{rendered}")]
    Sheet { rendered: String },
}

/// Something the import did not refuse but the user should know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// The file does not name the company (no preamble, no `--company`, no `--base`):
    /// it got this name, and the file no description, core business or functions of
    /// its own.
    CompanyFromFileName { name: String },
    /// Ids made of digits, some with leading zeros and some shorter without: a
    /// spreadsheet may have turned `007` into `7`.
    LostZeros { ids: Vec<String>, padded: String },
}

/// What the import understood of a file (`import --dry-run`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// The sheet read, for a spreadsheet (whose encoding and delimiter mean nothing).
    pub sheet: Option<String>,
    pub encoding: &'static str,
    pub delimiter: char,
    /// Each column read: (header cell, the field it gives).
    pub columns: Vec<(String, &'static str)>,
    /// Values from the preamble.
    pub preamble: usize,
    pub departments: usize,
    /// Rows tied by their parent's name (no id column).
    pub by_name: bool,
}

/// A file imported: the org file and what to say about it.
#[derive(Clone, Debug)]
pub struct Imported {
    pub toml: String,
    pub notes: Vec<Note>,
    pub summary: Summary,
}

/// Reads a CSV file and returns the org file (TOML) it describes; the error names the
/// file and is ready to print.
pub fn import_file(path: &Path, options: &ImportOptions<'_>, lang: Lang) -> Result<Imported, ImportFileError> {
    let shown = path.display().to_string();
    let cannot_read = |source: std::io::Error| ImportFileError::Io {
        rendered: format!(
            "{}: {}\n",
            t!("diag.error", locale = lang.code()),
            t!("import.cannot_read", locale = lang.code(), file = sanitize(&shown), error = source)
        ),
        source,
    };
    let bytes = crate::org::read::read_file(path, crate::org::read::Limit::Csv, lang).map_err(cannot_read)?;
    let stem = path.file_stem().map_or_else(|| shown.clone(), |s| s.to_string_lossy().into_owned());
    let l = lang.code();
    let refuse =
        |message: String| ImportFileError::Sheet { rendered: format!("{}: {message}\n", t!("diag.error", locale = l)) };
    let source = if sheet::is_spreadsheet(path, &bytes) {
        let (text, sheet) = sheet::read(&bytes, options.sheet).map_err(|error| match error {
            sheet::SheetError::Unreadable(error) => {
                refuse(t!("import.cannot_read", locale = l, file = sanitize(&shown), error = error).into())
            }
            sheet::SheetError::Unknown { names, .. } if names.is_empty() => {
                refuse(t!("import.no_sheet", locale = l, file = sanitize(&shown)).into())
            }
            sheet::SheetError::Unknown { wanted, names } => {
                let names = names.iter().map(|n| format!("\"{}\"", quoted(n))).collect::<Vec<_>>().join(", ");
                let (file, sheet) = (sanitize(&shown), quoted(&wanted));
                refuse(t!("import.unknown_sheet", locale = l, file = file, sheet = sheet, sheets = names).into())
            }
        })?;
        (source::open_text(text, "UTF-8", Some(b',')), Some(sheet))
    } else if options.sheet.is_some() {
        return Err(refuse(t!("import.sheet_of_csv", locale = l, file = sanitize(&shown)).into()));
    } else {
        (source::open(&bytes), None)
    };
    understand_source(source.0, source.1, &stem, options)
        .map_err(|error| ImportFileError::Invalid { rendered: error.render(&shown, lang), error })
}

/// The org file (TOML) that a CSV text describes. `default_company` names the company
/// when neither the options nor the file do.
pub fn import(bytes: &[u8], default_company: &str, options: &ImportOptions<'_>) -> Result<String, ImportError> {
    understand(bytes, default_company, options).map(|imported| imported.toml)
}

/// The org file that a CSV text describes, with the notes and the summary of what was
/// understood.
pub fn understand(bytes: &[u8], default_company: &str, options: &ImportOptions<'_>) -> Result<Imported, ImportError> {
    understand_source(source::open(bytes), None, default_company, options)
}

/// The org file that a text describes; `sheet` says which spreadsheet's sheet it is
/// the text of, if any (its problems are then placed in the sheet).
fn understand_source(
    source: source::Source,
    sheet: Option<sheet::Sheet>,
    default_company: &str,
    options: &ImportOptions<'_>,
) -> Result<Imported, ImportError> {
    let mut problems = Vec::new();
    let preamble = preamble::read(&source, &mut problems);
    let catalog = match options.base {
        Some(base) => Catalog::for_org(base.org),
        None => {
            let mut org = Org::default();
            org.functions = preamble.functions.clone();
            Catalog::for_org(&org)
        }
    };
    let body = &source.text.as_bytes()[source.header_start..];
    let base_given = options.base.is_some();
    match columns::unterminated_quote(body, source.delimiter) {
        None => {
            let end = source.text.len();
            let (mut rows, columns) = columns::read_rows(&source, end, &catalog, base_given, &mut problems);
            let by_name = columns[columns::ID].is_none() && columns[columns::NAME].is_some();
            let tied = !by_name || names::tie_by_names(&mut rows, &columns, &mut problems);
            let tree = if tied { Some(tree::build_tree(&rows, &columns, &mut problems)) } else { None };
            if let Some(tree) = tree
                && problems.is_empty()
            {
                let mut notes = Vec::new();
                let company = match (options.company, options.base, &preamble.name) {
                    (Some(name), _, _) => name,
                    (None, Some(base), _) => base.org.company.name.as_str(),
                    (None, None, Some(name)) => name.as_str(),
                    (None, None, None) => {
                        notes.push(Note::CompanyFromFileName { name: default_company.to_string() });
                        default_company
                    }
                };
                if !by_name && let Some(note) = names::lost_zeros(&rows) {
                    notes.push(note);
                }
                let summary = Summary {
                    sheet: sheet.map(|sheet| sheet.name),
                    encoding: source.encoding,
                    delimiter: char::from(source.delimiter),
                    columns: columns
                        .iter()
                        .zip(columns::COLUMNS)
                        .filter_map(|(c, field)| c.as_ref().map(|c| (c.name.clone(), field)))
                        .collect(),
                    preamble: preamble.count,
                    departments: rows.len(),
                    by_name,
                };
                let toml = write::write_org(&rows, &tree, company, options.base, &preamble);
                return Ok(Imported { toml, notes, summary });
            }
        }
        Some(quote) => {
            // The rows before the one with the quote are whole and checked; the tree is
            // not, since the rest of the file is unknown.
            let (line, line_start, record_start) = (
                quote.line + source.header_line,
                quote.line_start + source.header_start,
                quote.record_start + source.header_start,
            );
            if quote.record_start > 0 {
                columns::read_rows(&source, record_start, &catalog, base_given, &mut problems);
            }
            let problem = CsvProblem::UnterminatedQuote;
            problems.push(Problem { problem, line, column: None, byte: line_start });
        }
    }
    problems.sort_by(|a, b| {
        (a.line, a.column.as_ref().map(|c| c.number)).cmp(&(b.line, b.column.as_ref().map(|c| c.number)))
    });
    if let Some(sheet) = &sheet {
        // Lines become the sheet's rows, which go the same way.
        for problem in &mut problems {
            problem.line = sheet.row(problem.line);
            match &mut problem.problem {
                CsvProblem::NameClash { first_line, .. } | CsvProblem::DuplicateId { first_line, .. } => {
                    *first_line = sheet.row(*first_line);
                }
                CsvProblem::AmbiguousParent { lines, .. } => lines.iter_mut().for_each(|l| *l = sheet.row(*l)),
                _ => {}
            }
        }
    }
    Err(ImportError { problems, text: source.text, sheet: sheet.map(Box::new) })
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
            CsvProblem::EmptyName => t!("import.empty_name", locale = l).into(),
            CsvProblem::NameClash { name, first_line } => {
                t!("import.name_clash", locale = l, name = quoted(name), line = first_line).into()
            }
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
            CsvProblem::BadNumber { field, value } => {
                t!("diag.bad_number", locale = l, field = field, value = quoted(value)).into()
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
            CsvProblem::MissingColumn { column, suggestion } => {
                let columns = t!("import.columns", locale = l).into_owned();
                Some(match suggestion {
                    Some(s) => {
                        let rename = t!("import.rename_column", locale = l, found = quoted(s), column = column);
                        format!("{rename}; {columns}")
                    }
                    None => columns,
                })
            }
            CsvProblem::UnknownFunction { suggestion, base_helps, .. } => {
                let base = base_helps.then(|| t!("import.function_base", locale = l).into_owned());
                match (suggestion.as_deref().map(did_you_mean), base) {
                    (Some(s), Some(b)) => Some(format!("{s} {b}")),
                    (s, b) => s.or(b),
                }
            }
            CsvProblem::NameClash { .. } => Some(t!("import.name_clash_help", locale = l).into()),
            CsvProblem::MissingParent { suggestion: Some(s), .. } => Some(did_you_mean(s)),
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

impl Note {
    /// The note as printed on stderr: `note: …`.
    pub fn render(&self, lang: Lang) -> String {
        format!("{}: {}", t!("import.note", locale = lang.code()), self.message(lang))
    }

    /// The note in the given language.
    pub fn message(&self, lang: Lang) -> String {
        let l = lang.code();
        match self {
            Note::CompanyFromFileName { name } => t!("import.note_company", locale = l, name = quoted(name)).into(),
            Note::LostZeros { ids, padded } => {
                const IDS: usize = 5;
                let mut shown: Vec<String> = ids.iter().take(IDS).map(|id| format!("`{}`", quoted(id))).collect();
                if ids.len() > IDS {
                    shown.push("…".into());
                }
                let ids = shown.join(", ");
                t!("import.note_zeros", locale = l, ids = ids, padded = quoted(padded)).into()
            }
        }
    }
}

impl Imported {
    /// What `import --dry-run` prints: the [`Summary`], then the verdicts that differ
    /// from the base file's when there is one.
    pub fn dry_run(&self, base: Option<&Base<'_>>, lang: Lang) -> String {
        let l = lang.code();
        let mut text = self.summary.render(lang);
        if let Some(base) = base {
            let changes = verdict_changes(&self.toml, base);
            if changes.is_empty() {
                let _ = writeln!(text, "{}", t!("import.dry_same", locale = l));
            } else {
                let _ = writeln!(text, "{}", t!("import.dry_verdicts", locale = l));
                for change in changes {
                    let _ = writeln!(text, "  {change}");
                }
            }
        }
        text
    }
}

impl Summary {
    /// What `import --dry-run` prints, in the given language.
    pub fn render(&self, lang: Lang) -> String {
        let l = lang.code();
        let delimiter = match self.delimiter {
            '\t' => "TAB".to_string(),
            c => format!("`{c}`"),
        };
        let mut out = String::new();
        let _ = match &self.sheet {
            Some(sheet) => writeln!(out, "{}", t!("import.dry_sheet", locale = l, sheet = sanitize(sheet))),
            None => {
                writeln!(
                    out,
                    "{}",
                    t!("import.dry_encoding", locale = l, encoding = self.encoding, delimiter = delimiter)
                )
            }
        };
        for (cell, field) in &self.columns {
            let _ = writeln!(out, "  {} → {field}", sanitize(cell));
        }
        if self.by_name {
            let _ = writeln!(out, "{}", t!("import.dry_by_name", locale = l));
        }
        if self.preamble > 0 {
            let _ = writeln!(out, "{}", t!("import.dry_preamble", locale = l, count = self.preamble));
        }
        let _ = writeln!(out, "{}", t!("import.dry_departments", locale = l, count = self.departments));
        out
    }
}

/// The departments of an imported org file whose verdicts differ from the base file's
/// (by path), one line each: `path: customer model back → front`; a department the
/// base does not have is not compared.
pub fn verdict_changes(toml: &str, base: &Base<'_>) -> Vec<String> {
    use crate::classify::Model;
    use crate::document::Document;
    let Ok(org) = crate::org::load(toml) else { return Vec::new() };
    let after = Document::new(None, toml.to_string(), org);
    let before = Document::new(None, base.text.to_string(), base.org.clone());
    let by_path: std::collections::HashMap<String, usize> =
        (0..before.org.departments.len()).map(|id| (before.org.path_string(id), id)).collect();
    let mut lines = Vec::new();
    for id in 0..after.org.departments.len() {
        let path = after.org.path_string(id);
        let Some(&old) = by_path.get(&path) else { continue };
        for (model, name) in [(Model::Customer, "customer_model"), (Model::Profit, "profit_model")] {
            let (was, is) = (before.classes.of(old).verdict(model), after.classes.of(id).verdict(model));
            if was != is {
                lines.push(format!("{}: {name} {} → {}", sanitize(&path), was.as_str(), is.as_str()));
            }
        }
    }
    lines
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
            let place = match (&self.sheet, &problem.column) {
                (Some(sheet), Some(column)) => t!(
                    "import.at_cell",
                    locale = l,
                    file = file,
                    sheet = sanitize(&sheet.name),
                    cell = format!("{}{}", sheet.column(column.number), problem.line),
                    name = sanitize(&column.name)
                )
                .into_owned(),
                (Some(sheet), None) => {
                    t!("import.at_row", locale = l, file = file, sheet = sanitize(&sheet.name), row = problem.line)
                        .into_owned()
                }
                (None, Some(column)) => t!(
                    "import.at_column",
                    locale = l,
                    file = file,
                    line = problem.line,
                    number = column.number,
                    name = sanitize(&column.name)
                )
                .into_owned(),
                (None, None) => format!("{file}:{}", problem.line),
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
