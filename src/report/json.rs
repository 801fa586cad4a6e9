//! The JSON report, field for field as SPEC §5 gives it.

use serde::Serialize;

use crate::document::Document;
use std::io::{self, Write};

use crate::classify::{Fact, Model, ModelTally, Reasons, Share, Shares};
use crate::org::Figure;
use crate::text::Lang;

#[derive(Serialize)]
struct Company<'a> {
    name: &'a str,
    core_business: Option<&'a str>,
}

#[derive(Serialize)]
struct Summary {
    departments: usize,
    customer_model: TallyJson,
    profit_model: TallyJson,
    grey_areas: usize,
    /// Only when some department gives its headcount (or budget): orgs without them
    /// get the report they always had.
    #[serde(skip_serializing_if = "Option::is_none")]
    headcount: Option<SharesJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    budget: Option<SharesJson>,
}

/// A figure's split under both models.
#[derive(Serialize)]
struct SharesJson {
    customer_model: ShareJson,
    profit_model: ShareJson,
}

#[derive(Serialize)]
struct ShareJson {
    front: u64,
    back: u64,
    undetermined: u64,
}

impl From<Shares> for SharesJson {
    fn from(shares: Shares) -> Self {
        let model = |model| {
            let s: Share = shares.model(model);
            ShareJson { front: s.front, back: s.back, undetermined: s.undetermined }
        };
        SharesJson { customer_model: model(Model::Customer), profit_model: model(Model::Profit) }
    }
}

#[derive(Serialize)]
struct TallyJson {
    front: usize,
    back: usize,
    undetermined: usize,
}

impl From<ModelTally> for TallyJson {
    fn from(t: ModelTally) -> Self {
        TallyJson { front: t.front, back: t.back, undetermined: t.undetermined }
    }
}

/// Roughly how many path segments one piece of work holds when the report is written
/// in parallel: a few thousand departments of an ordinary org, fewer of a deep one, so
/// a piece stays small however long its paths are.
const PIECE: usize = 32 * 1024;

/// The report as JSON laid out as SPEC §5 shows it (ends with a newline).
pub fn json(doc: &Document, lang: Lang) -> String {
    let mut out = Vec::new();
    write_json(doc, lang, &mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// Writes the report as JSON laid out as SPEC §5 shows it: one line per field of a
/// department, short lists and objects on one line. The departments are serialized in
/// pieces on every core and written in order as they are done, so a million
/// departments neither wait on one core nor sit in memory all at once.
pub fn write_json(doc: &Document, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    let org = &doc.org;
    let tally = doc.tally;
    let company = Company { name: &org.company.name, core_business: org.company.core_business.as_deref() };
    let summary = Summary {
        departments: org.len(),
        customer_model: tally.model(Model::Customer).into(),
        profit_model: tally.model(Model::Profit).into(),
        grey_areas: tally.grey_areas,
        headcount: doc.shares[Figure::Headcount as usize].map(SharesJson::from),
        budget: doc.shares[Figure::Budget as usize].map(SharesJson::from),
    };
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    out.write_all(b"{\n  \"schema\": 1,\n  \"company\": ")?;
    layout(&company, Layout::inline(), &mut out)?;
    out.write_all(b",\n  \"departments\": ")?;
    if org.is_empty() {
        out.write_all(b"[]")?;
    } else {
        out.write_all(b"[\n")?;
        write_departments(doc, lang, &mut out)?;
        out.write_all(b"\n  ]")?;
    }
    out.write_all(b",\n  \"summary\": ")?;
    layout(&summary, Layout::fields(1), &mut out)?;
    out.write_all(b"\n}\n")?;
    out.flush()
}

/// The departments, each an indented object, separated by commas.
fn write_departments(doc: &Document, lang: Lang, out: &mut impl Write) -> io::Result<()> {
    let reasons = Reasons::new(&doc.org, &doc.catalog, lang);
    let pieces = pieces(&doc.org);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(pieces.len()).max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| -> io::Result<()> {
        let (done, results) = std::sync::mpsc::sync_channel::<(usize, Vec<u8>)>(workers * 2);
        for _ in 0..workers {
            let done = done.clone();
            let (next, reasons, pieces) = (&next, &reasons, &pieces);
            scope.spawn(move || {
                loop {
                    let piece = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(range) = pieces.get(piece) else { break };
                    if done.send((piece, piece_json(doc, reasons, range.clone()))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done);
        // Pieces arrive in any order; write them in order.
        let mut waiting = std::collections::BTreeMap::new();
        let mut written = 0;
        for (piece, text) in results {
            waiting.insert(piece, text);
            while let Some(text) = waiting.remove(&written) {
                if written > 0 {
                    out.write_all(b",\n")?;
                }
                out.write_all(&text)?;
                written += 1;
            }
        }
        Ok(())
    })
}

/// The departments cut into pieces of about [`PIECE`] path segments each. A
/// department's paths (its own and those it inherits from) grow with its depth.
fn pieces(org: &crate::org::Org) -> Vec<std::ops::Range<usize>> {
    let mut pieces = Vec::new();
    let (mut start, mut weight) = (0, 0);
    for id in 0..org.len() {
        weight += 8 + org.dept(id).depth;
        if weight >= PIECE {
            pieces.push(start..id + 1);
            (start, weight) = (id + 1, 0);
        }
    }
    if start < org.len() {
        pieces.push(start..org.len());
    }
    pieces
}

/// One piece of the departments list, indented for its place in the report. Each
/// department is written field by field in the layout [`Layout::fields`] gives the
/// other objects: a million of them are most of the report, and strings are most of
/// a department, so a string that needs no escaping is copied whole (see
/// [`string`]).
fn piece_json(doc: &Document, reasons: &Reasons<'_>, range: std::ops::Range<usize>) -> Vec<u8> {
    let org = &doc.org;
    // About a kilobyte per department: two reasons and three paths.
    let mut out = Vec::with_capacity(range.len() * 1100);
    let path = |out: &mut Vec<u8>, id: usize| {
        out.push(b'[');
        for (i, part) in org.path(id).into_iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(b", ");
            }
            string(out, part);
        }
        out.push(b']');
    };
    let fact = |out: &mut Vec<u8>, field: &str, f: Fact, id: crate::org::DeptId| {
        field_start(out, field);
        out.extend_from_slice(b"{\"value\": ");
        match f.value {
            Some(value) => string(out, value.as_str()),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b", \"source\": ");
        string(out, f.source.as_str());
        if let Some(from) = f.inherited_from(org, id) {
            out.extend_from_slice(b", \"from\": ");
            path(out, from);
        }
        out.push(b'}');
    };
    for id in range {
        let d = org.dept(id);
        let facts = doc.classes.of(id);
        out.extend_from_slice(if out.is_empty() { b"    {" } else { b",\n    {" });
        out.extend_from_slice(b"\n      \"path\": ");
        path(&mut out, id);
        field_start(&mut out, "id");
        string(&mut out, &d.id);
        field_start(&mut out, "name");
        string(&mut out, d.display_name());
        field_start(&mut out, "depth");
        write!(out, "{}", d.depth).expect("writing to memory does not fail");
        field_start(&mut out, "function");
        match &d.function {
            Some(function) => string(&mut out, function),
            None => out.extend_from_slice(b"null"),
        }
        for figure in Figure::ALL {
            if let Some(amount) = d.figure(figure) {
                field_start(&mut out, figure.key());
                write!(out, "{amount}").expect("writing to memory does not fail");
            }
        }
        fact(&mut out, "customers", facts.customers, id);
        fact(&mut out, "revenue", facts.revenue, id);
        for (field, model) in [("customer_model", Model::Customer), ("profit_model", Model::Profit)] {
            field_start(&mut out, field);
            out.extend_from_slice(b"{\"verdict\": ");
            string(&mut out, facts.verdict(model).as_str());
            out.extend_from_slice(b", \"reason\": ");
            string(&mut out, &reasons.reason(id, facts, model));
            out.push(b'}');
        }
        field_start(&mut out, "grey_area");
        out.extend_from_slice(if facts.is_grey_area() { b"true" } else { b"false" });
        out.extend_from_slice(b"\n    }");
    }
    out
}

/// The start of a department's field after its first: a comma, a new line, its
/// indentation and its name.
fn field_start(out: &mut Vec<u8>, name: &str) {
    out.extend_from_slice(b",\n      \"");
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\": ");
}

/// A JSON string. Nearly every string of a report needs no escaping, which a check the
/// compiler can vectorise finds out; the rest go through serde_json's escaping, so
/// both read the same as the rest of the report.
fn string(out: &mut Vec<u8>, text: &str) {
    let escape = text.bytes().fold(0u8, |escape, b| escape | u8::from(b < 0x20 || b == b'"' || b == b'\\'));
    if escape != 0 {
        serde_json::to_writer(&mut *out, text).expect("writing to memory does not fail");
    } else {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    }
}

fn layout<T: Serialize>(value: &T, layout: Layout, out: &mut impl Write) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(out, layout);
    value.serialize(&mut serializer).map_err(io::Error::other)
}

/// The layout of SPEC §5: the outermost object of a value gets a line per field,
/// indented two spaces a level from `base`; everything inside it stays on one line,
/// with a space after each `:` and `,`.
struct Layout {
    /// How many levels of nesting get a line per item (0 or 1).
    spread: usize,
    /// The indentation level of the value's first line.
    base: usize,
    /// The current level of nesting.
    depth: usize,
}

impl Layout {
    fn inline() -> Layout {
        Layout { spread: 0, base: 0, depth: 0 }
    }

    fn fields(base: usize) -> Layout {
        Layout { spread: 1, base, depth: 0 }
    }

    fn spread(&self) -> bool {
        self.depth <= self.spread
    }

    fn item<W: ?Sized + Write>(&self, w: &mut W, first: bool) -> io::Result<()> {
        if self.spread() {
            w.write_all(if first { b"\n" } else { b",\n" })?;
            indent(w, self.base + self.depth)
        } else if first {
            Ok(())
        } else {
            w.write_all(b", ")
        }
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        if self.spread() {
            w.write_all(b"\n")?;
            indent(w, self.base + self.depth - 1)?;
        }
        self.depth -= 1;
        w.write_all(bracket)
    }
}

/// Two spaces per level (the report never nests deeper than a few levels).
fn indent<W: ?Sized + Write>(w: &mut W, levels: usize) -> io::Result<()> {
    const SPACES: &[u8; 32] = b"                                ";
    w.write_all(&SPACES[..(2 * levels).min(SPACES.len())])
}

impl serde_json::ser::Formatter for Layout {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// Copied whole or escaped, a string reads as serde_json writes it.
        #[test]
        fn strings_are_written_as_serde_json_writes_them(text in "\\PC*|[\"\\\\\u{0}-\u{1f}\u{7f}aé€😀]{0,12}") {
            let mut out = Vec::new();
            super::string(&mut out, &text);
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&text).unwrap());
        }
    }
}
