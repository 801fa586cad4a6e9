//! The file as text, before any cell is read: its encoding found (UTF-8 with or without
//! a byte order mark, UTF-16 with one, else Windows-1252, which every byte sequence is),
//! its line ends made `\n` (so that every position counts lines the same way), the
//! lines before the header set aside (`#` lines: frontback's preamble, draw.io's
//! configuration; Excel's `sep=;`; blank lines), and the delimiter sniffed from the
//! header line: `,`, `;` or a tab, whichever it has most of outside quotes.

use crate::report::csv::{PREAMBLE_MARK, decode_cell};

/// The decoded text and where its table starts.
pub(super) struct Source {
    /// The whole file as text, line ends `\n`.
    pub(super) text: String,
    /// The encoding it was read in, as people name it.
    pub(super) encoding: &'static str,
    pub(super) delimiter: u8,
    /// Byte where the header line starts.
    pub(super) header_start: usize,
    /// Lines before the header (the header is on line `header_line + 1`).
    pub(super) header_line: u64,
    /// The preamble rows (`#`, field, value): 1-based line, byte of the line, field,
    /// value.
    pub(super) preamble: Vec<(u64, usize, String, String)>,
}

/// The text of the file's bytes and the name of their encoding.
pub(super) fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        return (String::from_utf8_lossy(rest).into_owned(), "UTF-8 (BOM)");
    }
    if bytes.starts_with(b"\xff\xfe") {
        let (text, _) = encoding_rs::UTF_16LE.decode_with_bom_removal(bytes);
        return (text.into_owned(), "UTF-16LE");
    }
    if bytes.starts_with(b"\xfe\xff") {
        let (text, _) = encoding_rs::UTF_16BE.decode_with_bom_removal(bytes);
        return (text.into_owned(), "UTF-16BE");
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), "UTF-8"),
        Err(_) => (encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(), "Windows-1252"),
    }
}

/// Reads the file's bytes up to its header.
pub(super) fn open(bytes: &[u8]) -> Source {
    let (text, encoding) = decode(bytes);
    open_text(text, encoding, None)
}

/// Reads a text up to its header; `delimiter` is the one it has, if known (a
/// spreadsheet's sheet written as CSV), else it is sniffed.
pub(super) fn open_text(text: String, encoding: &'static str, delimiter: Option<u8>) -> Source {
    let text = if text.contains('\r') { text.replace("\r\n", "\n") } else { text };
    let known = delimiter;
    let mut delimiter = None;
    let mut pre_lines = Vec::new();
    let (mut start, mut line) = (0usize, 0u64);
    while start < text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |n| start + n);
        let content = &text[start..end];
        let trimmed = content.trim_start();
        if trimmed.starts_with('#') {
            pre_lines.push((line + 1, start, content));
        } else if let Some(sep) = content.strip_prefix("sep=").filter(|s| s.chars().count() == 1) {
            delimiter = sep.bytes().next().filter(u8::is_ascii);
        } else if !content.trim().is_empty() {
            break;
        }
        line += 1;
        start = (end + 1).min(text.len());
        if end == text.len() {
            break;
        }
    }
    let header_end = text[start..].find('\n').map_or(text.len(), |n| start + n);
    let delimiter = known.or(delimiter).unwrap_or_else(|| sniff(&text[start..header_end]));
    let mut preamble = Vec::new();
    for (number, byte, content) in pre_lines {
        // The file's delimiter, or frontback's own `,` in a file a spreadsheet
        // re-saved with another one for the table only.
        for sep in [delimiter, b','] {
            let mut reader = ::csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(sep)
                .from_reader(content.as_bytes());
            let Some(Ok(record)) = reader.records().next() else { continue };
            let cells: Vec<&str> = record.iter().collect();
            if let [mark, field, value, rest @ ..] = cells.as_slice()
                && mark.trim() == PREAMBLE_MARK
                && rest.iter().all(|c| c.is_empty())
                && (field.starts_with("company.") || field.starts_with("functions."))
            {
                preamble.push((number, byte, field.trim().to_string(), decode_cell(value).into_owned()));
                break;
            }
        }
    }
    Source { text, encoding, delimiter, header_start: start, header_line: line, preamble }
}

/// The delimiter a header line uses: the most frequent of `,` `;` and tab outside
/// quotes; `,` when there is none or a tie.
fn sniff(header: &str) -> u8 {
    let (mut counts, mut quoted) = ([0usize; 3], false);
    for byte in header.bytes() {
        match byte {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], std::cmp::Reverse(i))).expect("three");
    if counts[best] == 0 { b',' } else { [b',', b';', b'\t'][best] }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_the_most_frequent_outside_quotes() {
        assert_eq!(sniff("id,parent_id,name"), b',');
        assert_eq!(sniff("id;parent_id;\"a,b,c\""), b';');
        assert_eq!(sniff("id\tparent\tname"), b'\t');
        assert_eq!(sniff("id"), b',');
    }

    #[test]
    fn encodings_are_told_apart() {
        assert_eq!(decode(b"\xef\xbb\xbfa\xc3\xb1").0, "añ");
        assert_eq!(decode(b"a\xf1"), ("añ".to_string(), "Windows-1252"));
        assert_eq!(decode(b"\xff\xfea\x00\xf1\x00").0, "añ");
        assert_eq!(decode(b"\xfe\xff\x00a\x00\xf1").0, "añ");
    }

    #[test]
    fn comment_lines_and_crlf_come_before_the_header() {
        let source = open(b"# label: %name%\r\n#,company.name,\"A, B\"\r\n\r\nid;parent\r\nx;\r\n");
        assert_eq!(source.delimiter, b';');
        assert_eq!(source.header_line, 3);
        assert_eq!(&source.text[source.header_start..], "id;parent\nx;\n");
        assert_eq!(source.preamble, vec![(2, 16, "company.name".to_string(), "A, B".to_string())]);
        let source = open(b"#,company.name,\"A, B\"\nid,parent\n");
        assert_eq!(source.preamble, vec![(1, 0, "company.name".to_string(), "A, B".to_string())]);
    }
}
