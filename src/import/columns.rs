//! Reading the CSV and mapping its columns: the header names the columns the import
//! reads (in any order, in any case, in English or Spanish, under the names org-chart
//! tools give them), and each data row becomes a [`Row`] with the cells checked one by
//! one — levels, functions, the number of fields.

use crate::diagnostic::nearest;
use crate::org::Level;
use crate::org::catalog::Catalog;
use crate::report::csv::{decode_cell, decode_path};

use super::source::Source;
use super::{Column, CsvProblem, Problem};

/// The columns the import reads, in the order rows are written to the org file.
pub(super) const COLUMNS: [&str; 9] =
    ["id", "parent_id", "name", "function", "customers", "revenue", "notes", "headcount", "budget"];
pub(super) const ID: usize = 0;
pub(super) const PARENT: usize = 1;
pub(super) const NAME: usize = 2;
const FUNCTION: usize = 3;
const CUSTOMERS: usize = 4;
const REVENUE: usize = 5;
const NOTES: usize = 6;
const HEADCOUNT: usize = 7;
const BUDGET: usize = 8;

/// A data row with the cells the import reads.
pub(super) struct Row {
    pub(super) line: u64,
    pub(super) byte: usize,
    pub(super) id: String,
    pub(super) parent: Vec<String>,
    pub(super) parent_cell: String,
    pub(super) name: Option<String>,
    pub(super) function: Option<String>,
    pub(super) customers: Option<Level>,
    pub(super) revenue: Option<Level>,
    pub(super) notes: Option<String>,
    pub(super) headcount: Option<u64>,
    pub(super) budget: Option<u64>,
}

/// A quoted cell that is never closed, which the `csv` crate would silently read to
/// the end of the file.
pub(super) struct Unterminated {
    /// 1-based line of the opening quote.
    pub(super) line: u64,
    /// Byte where that line starts.
    pub(super) line_start: usize,
    /// Byte where the record holding the cell starts: everything before it is whole.
    pub(super) record_start: usize,
}

/// Finds a quoted cell that is never closed, following the `csv` crate's reading of
/// RFC 4180: a quote opens a quoted cell only at the start of a cell, `""` inside one
/// is a quote, and only the closing quote ends it.
pub(super) fn unterminated_quote(body: &[u8], delimiter: u8) -> Option<Unterminated> {
    let (mut line, mut line_start, mut record_start) = (1u64, 0usize, 0usize);
    let (mut cell_start, mut quoted) = (true, None);
    let mut i = 0;
    while i < body.len() {
        let byte = body[i];
        if quoted.is_some() {
            if byte == b'"' {
                if body.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    (quoted, cell_start) = (None, false);
                }
            }
        } else {
            match byte {
                b'"' if cell_start => quoted = Some(Unterminated { line, line_start, record_start }),
                b'\n' | b'\r' => (cell_start, record_start) = (true, i + 1),
                d if d == delimiter => cell_start = true,
                _ => cell_start = false,
            }
        }
        if byte == b'\n' {
            (line, line_start) = (line + 1, i + 1);
        }
        i += 1;
    }
    quoted
}

/// The names each column goes by, normalised (see [`normalize_header`]), the most
/// telling first: when a header has two of them (Lucidchart's `Name` and
/// `Department`), the first wins and the other is ignored.
pub(super) const ALIASES: [&[&str]; 9] = [
    &["id", "uniqueidentifier", "employeeid", "codigo", "identificador"],
    &[
        "parentid",
        "parent",
        "managerid",
        "manager",
        "reportsto",
        "supervisorid",
        "supervisor",
        "padre",
        "dependede",
        "idpadre",
    ],
    &["name", "nombre", "department", "departamento"],
    &["function", "funcion"],
    &["customers", "clientes"],
    &["revenue", "ingresos"],
    &["notes", "note", "notas", "nota"],
    &["headcount", "people", "staff", "employees", "plantilla", "personas", "empleados"],
    &["budget", "presupuesto"],
];

/// Lower case, trimmed, without accents, spaces, `_`, `-` or `.`: `Parent ID`,
/// `parent_id` and `parentid` are one name, `Código` is `codigo`.
pub(super) fn normalize_header(cell: &str) -> String {
    crate::text::fold::fold(cell.trim()).chars().filter(|c| !matches!(c, ' ' | '_' | '-' | '.')).collect()
}

/// For each column the import reads, where the header has it.
pub(super) type Columns = [Option<Column>; 9];

/// The rows of the table, and where its columns are. `catalog` knows the functions the
/// rows may name; `base_given` says whether `--base` could still bring more.
pub(super) fn read_rows(
    source: &Source,
    end: usize,
    catalog: &Catalog,
    base_given: bool,
    problems: &mut Vec<Problem>,
) -> (Vec<Row>, Columns) {
    let body = &source.text.as_bytes()[source.header_start..end];
    let mut reader =
        ::csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(source.delimiter).from_reader(body);
    let mut record = ::csv::ByteRecord::new();
    let mut header: Vec<String> = Vec::new();
    // For each column the import reads, its index in the rows.
    let mut at: [Option<usize>; 9] = [None; 9];
    let mut rows = Vec::new();
    let place = |p: &::csv::Position| (p.line() + source.header_line, p.byte() as usize + source.header_start);
    let mut first = true;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => {
                let (line, byte) = error.position().map_or((source.header_line + 1, source.header_start), place);
                let message = error.to_string();
                problems.push(Problem { problem: CsvProblem::Syntax { message }, line, column: None, byte });
                break;
            }
        }
        let (line, byte) = record.position().map_or((source.header_line + 1, source.header_start), place);
        let problem = |problem: CsvProblem, column: Option<Column>| Problem { problem, line, column, byte };
        let column_at = |header: &[String], index: usize| Column {
            number: index + 1,
            name: header.get(index).cloned().unwrap_or_default(),
        };
        if first {
            first = false;
            header = record.iter().map(|cell| String::from_utf8_lossy(cell).into_owned()).collect();
            let normalized: Vec<String> = header.iter().map(|cell| normalize_header(cell)).collect();
            for (field, aliases) in ALIASES.iter().enumerate() {
                let Some(alias) = aliases.iter().find(|a| normalized.iter().any(|n| n == *a)) else { continue };
                let mut found = normalized.iter().enumerate().filter(|(_, n)| n == alias).map(|(i, _)| i);
                at[field] = found.next();
                if let Some(again) = found.next() {
                    let column = COLUMNS[field];
                    problems.push(problem(CsvProblem::DuplicateColumn { column }, Some(column_at(&header, again))));
                }
            }
            // Rows are tied by names when there is no id column.
            let required: &[usize] = if at[ID].is_none() && at[NAME].is_some() { &[PARENT] } else { &[ID, PARENT] };
            for &required in required {
                if at[required].is_none() {
                    let column = COLUMNS[required];
                    let unused = header
                        .iter()
                        .zip(&normalized)
                        .filter(|(_, n)| !ALIASES.iter().flat_map(|a| a.iter()).any(|a| a == n));
                    let suggestion = unused
                        .filter(|(_, n)| ALIASES[required].iter().any(|a| nearest(n, [*a]).is_some()))
                        .map(|(cell, _)| cell.clone())
                        .next();
                    problems.push(problem(CsvProblem::MissingColumn { column, suggestion }, None));
                }
            }
            if at[PARENT].is_none() || (at[ID].is_none() && at[NAME].is_none()) {
                return (rows, Columns::default());
            }
            continue;
        }
        if record.len() != header.len() && !spreadsheet_padding(&record, header.len()) {
            let number = record.len().min(header.len());
            problems.push(problem(
                CsvProblem::FieldCount { found: record.len(), expected: header.len() },
                Some(column_at(&header, number)),
            ));
        }
        // The text of a column the import reads: None when the column or the cell is
        // absent. The cell's text is the one the CSV report encoded (see `decode_cell`).
        let cell = |which: usize| -> Option<String> {
            let bytes = record.get(at[which]?)?;
            Some(decode_cell(&String::from_utf8_lossy(bytes)).into_owned())
        };
        let id = match at[ID] {
            Some(_) => cell(ID),
            None => Some(String::new()),
        };
        let parent_cell = cell(PARENT);
        let optional = |text: Option<String>| text.filter(|t| !t.trim().is_empty());
        let name = optional(cell(NAME));
        let function = optional(cell(FUNCTION));
        let customers = optional(cell(CUSTOMERS));
        let revenue = optional(cell(REVENUE));
        let notes = optional(cell(NOTES));
        let column = |which: usize| at[which].map(|index| column_at(&header, index));
        let mut count = |which: usize| {
            let word = optional(cell(which))?;
            // A spreadsheet may group thousands: `1,200`, `1.200`, `1 200`.
            let digits: String =
                word.trim().chars().filter(|c| !matches!(c, ',' | '.' | ' ' | '\u{a0}' | '_')).collect();
            let number = digits.parse::<u64>().ok().filter(|_| !digits.is_empty());
            if number.is_none() {
                problems.push(problem(CsvProblem::BadNumber { field: COLUMNS[which], value: word }, column(which)));
            }
            number
        };
        let headcount = count(HEADCOUNT);
        let budget = count(BUDGET);
        let mut level = |which: usize, word: Option<String>| {
            let word = word?;
            let value = Level::understand(&word);
            if value.is_none() {
                let suggestion = nearest(&word, Level::ALL.map(Level::as_str));
                let field = COLUMNS[which];
                problems.push(problem(CsvProblem::BadLevel { field, value: word, suggestion }, column(which)));
            }
            value
        };
        let customers = level(CUSTOMERS, customers);
        let revenue = level(REVENUE, revenue);
        let function = match function {
            Some(word) => match catalog.understand(&word) {
                Some(key) => Some(key.to_string()),
                None => {
                    let suggestion = nearest(&word, catalog.keys());
                    let problem_ =
                        CsvProblem::UnknownFunction { key: word.clone(), suggestion, base_helps: !base_given };
                    problems.push(problem(problem_, column(FUNCTION)));
                    Some(word)
                }
            },
            None => None,
        };
        let (Some(id), Some(parent_cell)) = (id, parent_cell) else { continue };
        if at[ID].is_some() && id.is_empty() {
            problems.push(problem(CsvProblem::EmptyId, column(ID)));
            continue;
        }
        if at[ID].is_none() && name.is_none() {
            problems.push(problem(CsvProblem::EmptyName, column(NAME)));
            continue;
        }
        let parent = if at[ID].is_some() {
            decode_path(&parent_cell)
        } else {
            // A name, tied to its row later.
            Some(parent_cell.trim().to_string()).into_iter().filter(|p| !p.is_empty()).collect()
        };
        rows.push(Row {
            line,
            byte,
            id,
            parent,
            parent_cell,
            name,
            function,
            customers,
            revenue,
            notes,
            headcount,
            budget,
        });
    }
    if first {
        // No header at all: an empty file.
        for required in [ID, PARENT] {
            let problem = CsvProblem::MissingColumn { column: COLUMNS[required], suggestion: None };
            problems.push(Problem { problem, line: source.header_line + 1, column: None, byte: source.header_start });
        }
    }
    let columns = at.map(|index| index.map(|index| Column { number: index + 1, name: header[index].clone() }));
    (rows, columns)
}

/// A row that a spreadsheet padded with empty cells to the width of the widest row
/// (Gnumeric does, for the preamble's sake): only empty cells are extra.
fn spreadsheet_padding(record: &::csv::ByteRecord, width: usize) -> bool {
    record.len() > width && record.iter().skip(width).all(<[u8]>::is_empty)
}
