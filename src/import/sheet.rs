//! Spreadsheets (`.xlsx`, `.ods`, and the `.xls`/`.xlsb` calamine also reads): one sheet
//! — the first, or the one `--sheet` names — turned into the text a CSV export of it
//! would be, so that columns, the preamble, values and diagnostics work as for a CSV
//! file. Cells are written as a spreadsheet shows them: whole numbers without `.0`,
//! booleans `TRUE`/`FALSE`, dates in ISO 8601 (`2026-03-01`, `2026-03-01T09:30:00`),
//! empty cells empty; entirely empty rows are left out.
//!
//! The text's lines are not the sheet's rows (empty rows are dropped, a cell may hold
//! a line break, the sheet may start below row 1): [`Sheet`] keeps, for each line, its
//! row, so that problems name the sheet's cells (`sheet "Org", cell B7`).

use std::io::{Cursor, Read, Write};

use calamine::{Data, Ods, Reader, Sheets, open_workbook_auto_from_rs, open_workbook_from_rs};

use crate::org::read::Limit;

/// Where the text of a sheet came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Sheet {
    pub(super) name: String,
    /// For each line of the text (index: line − 1), the 1-based row of the sheet.
    rows: Vec<u64>,
    /// 0-based column of the sheet where the text's first column is.
    first_column: u32,
}

/// Why a spreadsheet gave no text.
#[derive(Debug)]
pub(super) enum SheetError {
    /// Not a workbook calamine can read, or a damaged one.
    Unreadable(String),
    /// No sheet of that name: the names it has.
    Unknown { wanted: String, names: Vec<String> },
}

/// Whether a file is a spreadsheet rather than a CSV: by its extension, or by its
/// first bytes (a ZIP archive — `.xlsx`, `.ods` — or an OLE file — `.xls`).
pub(super) fn is_spreadsheet(path: &std::path::Path, bytes: &[u8]) -> bool {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    matches!(extension.as_deref(), Some("xlsx" | "xlsm" | "xlsb" | "xls" | "ods"))
        || bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
}

/// The text of the sheet named `wanted` (else the first), delimited by `,` with `\n`
/// line ends, and where each of its lines is in the sheet.
pub(super) fn read(bytes: &[u8], wanted: Option<&str>) -> Result<(String, Sheet), SheetError> {
    let unreadable = |e: &dyn std::fmt::Display| SheetError::Unreadable(e.to_string());
    let ods = ods_without_indentation(bytes)?;
    let mut workbook = match &ods {
        Some(ods) => {
            Sheets::Ods(open_workbook_from_rs::<Ods<_>, _>(Cursor::new(&ods[..])).map_err(|e| unreadable(&e))?)
        }
        None => open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?,
    };
    let names = workbook.sheet_names();
    let name = match wanted {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .or_else(|| names.iter().find(|n| n.to_lowercase() == wanted.to_lowercase()))
            .cloned()
            .ok_or_else(|| SheetError::Unknown { wanted: wanted.to_string(), names: names.clone() })?,
        None => {
            names.first().cloned().ok_or_else(|| SheetError::Unknown { wanted: String::new(), names: Vec::new() })?
        }
    };
    let range = workbook.worksheet_range(&name).map_err(|e| SheetError::Unreadable(e.to_string()))?;
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let mut writer = ::csv::WriterBuilder::new().terminator(::csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    let mut rows = Vec::new();
    let mut written = 0;
    for (index, row) in range.rows().enumerate() {
        if row.iter().all(|cell| matches!(cell, Data::Empty)) {
            continue;
        }
        let record: Vec<String> = row.iter().map(cell_text).collect();
        let sheet_row = u64::from(first_row) + index as u64 + 1;
        writer.write_record(&record).map_err(|e| SheetError::Unreadable(e.to_string()))?;
        writer.flush().map_err(|e| SheetError::Unreadable(e.to_string()))?;
        let text = writer.get_ref();
        let lines = crate::text::newlines(&text[written..]);
        rows.extend(std::iter::repeat_n(sheet_row, lines));
        written = text.len();
    }
    let text = writer.into_inner().map_err(|e| SheetError::Unreadable(e.to_string()))?;
    let text = String::from_utf8(text).expect("the cells are text");
    Ok((text, Sheet { name, rows, first_column }))
}

/// An OpenDocument spreadsheet's archive with the line breaks and indentation between
/// the tags of its `content.xml` removed, None for any other file. calamine 0.38 reads
/// a row's cells only when nothing but tags is between them (as LibreOffice writes
/// them), and Gnumeric indents them. Every member is read through [`Limit::Csv`], so
/// that a small archive of a huge member is refused rather than unpacked.
fn ods_without_indentation(bytes: &[u8]) -> Result<Option<Vec<u8>>, SheetError> {
    const ODS: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(None) };
    let unreadable = |e: &dyn std::fmt::Display| SheetError::Unreadable(e.to_string());
    let limit = Limit::Csv.bytes();
    let read = |name: &str, archive: &mut zip::ZipArchive<Cursor<&[u8]>>| -> Result<Vec<u8>, SheetError> {
        let mut data = Vec::new();
        archive
            .by_name(name)
            .map_err(|e| unreadable(&e))?
            .take(limit + 1)
            .read_to_end(&mut data)
            .map_err(|e| unreadable(&e))?;
        if data.len() as u64 > limit {
            return Err(SheetError::Unreadable(format!("{name} unpacks to more than {}", Limit::Csv.shown())));
        }
        Ok(data)
    };
    if archive.index_for_name("mimetype").is_none() || !read("mimetype", &mut archive)?.starts_with(ODS) {
        return Ok(None);
    }
    let names = archive.file_names().map(|n| n.map(|n| n.into_owned())).collect::<Result<Vec<String>, _>>();
    let names = names.map_err(|e| unreadable(&e))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for name in names {
        let mut data = read(&name, &mut archive)?;
        if name == "content.xml" {
            data = without_indentation(&data);
        }
        out.start_file(name.as_str(), stored).map_err(|e| unreadable(&e))?;
        out.write_all(&data).map_err(|e| unreadable(&e))?;
    }
    Ok(Some(out.finish().map_err(|e| unreadable(&e))?.into_inner()))
}

/// XML without the white space that holds a line break between a `>` and a `<`.
fn without_indentation(xml: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(xml.len());
    let mut i = 0;
    while i < xml.len() {
        out.push(xml[i]);
        if xml[i] == b'>' {
            let space = xml[i + 1..].iter().take_while(|b| b.is_ascii_whitespace()).count();
            let gap = &xml[i + 1..i + 1 + space];
            if xml.get(i + 1 + space) == Some(&b'<') && gap.contains(&b'\n') {
                i += space;
            }
        }
        i += 1;
    }
    out
}

/// A cell as text, as a spreadsheet shows it.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(x) => number(*x),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(date) if date.is_datetime() => {
            let (y, mo, d, h, mi, s, ms) = date.to_ymd_hms_milli();
            match (h, mi, s, ms) {
                (0, 0, 0, 0) => format!("{y:04}-{mo:02}-{d:02}"),
                (_, _, _, 0) => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}"),
                _ => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}"),
            }
        }
        Data::DateTime(duration) => number(duration.as_f64()),
        Data::Error(error) => error.to_string(),
    }
}

/// A number without a trailing `.0` when it is whole.
fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 { format!("{}", x as i64) } else { x.to_string() }
}

impl Sheet {
    /// The sheet's row of a line of the text.
    pub(super) fn row(&self, line: u64) -> u64 {
        let index = usize::try_from(line.saturating_sub(1)).unwrap_or(usize::MAX);
        self.rows.get(index).or(self.rows.last()).copied().unwrap_or(line)
    }

    /// The sheet's name of the text's 1-based column: `A`, `B`, …, `Z`, `AA`.
    pub(super) fn column(&self, number: usize) -> String {
        let mut n = self.first_column as usize + number;
        let mut letters = Vec::new();
        while n > 0 {
            let digit = (n - 1) % 26;
            letters.push(char::from(b'A' + digit as u8));
            n = (n - 1) / 26;
        }
        letters.iter().rev().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_a_spreadsheet_shows_them() {
        assert_eq!(cell_text(&Data::Float(7.0)), "7");
        assert_eq!(cell_text(&Data::Float(-0.0)), "0");
        assert_eq!(cell_text(&Data::Float(2.5)), "2.5");
        assert_eq!(cell_text(&Data::Int(12)), "12");
        assert_eq!(cell_text(&Data::Bool(true)), "TRUE");
        assert_eq!(cell_text(&Data::Bool(false)), "FALSE");
        assert_eq!(cell_text(&Data::Empty), "");
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let date = |x| Data::DateTime(ExcelDateTime::new(x, ExcelDateTimeType::DateTime, false));
        assert_eq!(cell_text(&date(45943.0)), "2025-10-13");
        assert_eq!(cell_text(&date(45943.5)), "2025-10-13T12:00:00");
    }

    #[test]
    fn only_indentation_between_tags_is_removed() {
        let xml = b"<r>\n  <c><p>a  b</p></c>\n  <c> <p> </p></c>\n</r>";
        assert_eq!(without_indentation(xml), b"<r><c><p>a  b</p></c><c> <p> </p></c></r>");
    }

    #[test]
    fn columns_are_named_by_letters_from_where_the_sheet_starts() {
        let sheet = |first_column| Sheet { name: "S".into(), rows: vec![3, 5, 5], first_column };
        assert_eq!(sheet(0).column(1), "A");
        assert_eq!(sheet(0).column(26), "Z");
        assert_eq!(sheet(0).column(27), "AA");
        assert_eq!(sheet(2).column(1), "C");
        assert_eq!(sheet(0).column(703), "AAA");
        assert_eq!((sheet(0).row(1), sheet(0).row(2), sheet(0).row(3)), (3, 5, 5));
    }
}
