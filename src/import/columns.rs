//! Reading the CSV and mapping its columns: the header names the columns the import
//! reads (in any order, in any case), and each data row becomes a [`Row`] with the
//! cells checked one by one — levels, functions, UTF-8, the number of fields.

use crate::diagnostic::nearest;
use crate::org::Level;
use crate::org::catalog::Catalog;
use crate::report::csv::{decode_cell, decode_path};

use super::{Column, CsvProblem, ImportOptions, Problem};

/// The columns the import reads, in the order rows are written to the org file.
const COLUMNS: [&str; 7] = ["id", "parent_id", "name", "function", "customers", "revenue", "notes"];
pub(super) const ID: usize = 0;
pub(super) const PARENT: usize = 1;
const NAME: usize = 2;
const FUNCTION: usize = 3;
const CUSTOMERS: usize = 4;
const REVENUE: usize = 5;
const NOTES: usize = 6;

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
pub(super) fn unterminated_quote(body: &[u8]) -> Option<Unterminated> {
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
                b',' => cell_start = true,
                b'\n' | b'\r' => (cell_start, record_start) = (true, i + 1),
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

/// Lower case, trimmed, `-` and spaces as `_`.
fn normalize_header(cell: &str) -> String {
    cell.trim().to_lowercase().replace(['-', ' '], "_")
}

/// For each column the import reads, where the header has it.
pub(super) type Columns = [Option<Column>; 7];

pub(super) fn read_rows(body: &[u8], options: &ImportOptions<'_>, problems: &mut Vec<Problem>) -> (Vec<Row>, Columns) {
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
        // The cell's text is the one the CSV report encoded (see `decode_cell`).
        let mut cell = |which: usize| -> Option<String> {
            let index = at[which]?;
            let bytes = record.get(index)?;
            match std::str::from_utf8(bytes) {
                Ok(text) => Some(decode_cell(text).into_owned()),
                Err(_) => {
                    problems.push(problem(CsvProblem::NotUtf8, Some(column_at(&header, index))));
                    None
                }
            }
        };
        let id = cell(ID);
        let parent_cell = cell(PARENT);
        let optional = |text: Option<String>| text.filter(|t| !t.trim().is_empty());
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
