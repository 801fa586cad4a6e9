//! The JSON report, field for field as SPEC §5 gives it.

use serde::Serialize;

use super::Classified;
use std::io::{self, Write};

use crate::classify::{Fact, Model, ModelTally, Reasons, Source};
use crate::text::Lang;

#[derive(Serialize)]
struct Company<'a> {
    name: &'a str,
    core_business: Option<&'a str>,
}

#[derive(Serialize)]
struct Department<'a> {
    path: Vec<&'a str>,
    id: &'a str,
    name: &'a str,
    depth: usize,
    function: Option<&'a str>,
    customers: FactJson<'a>,
    revenue: FactJson<'a>,
    customer_model: VerdictJson,
    profit_model: VerdictJson,
    grey_area: bool,
}

#[derive(Serialize)]
struct FactJson<'a> {
    value: Option<&'static str>,
    source: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<Vec<&'a str>>,
}

#[derive(Serialize)]
struct VerdictJson {
    verdict: &'static str,
    reason: String,
}

#[derive(Serialize)]
struct Summary {
    departments: usize,
    customer_model: TallyJson,
    profit_model: TallyJson,
    grey_areas: usize,
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
pub fn json(c: &Classified<'_>, lang: Lang) -> String {
    let mut out = Vec::new();
    write_json(c, lang, &mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// Writes the report as JSON laid out as SPEC §5 shows it: one line per field of a
/// department, short lists and objects on one line. The departments are serialized in
/// pieces on every core and written in order as they are done, so a million
/// departments neither wait on one core nor sit in memory all at once.
pub fn write_json(c: &Classified<'_>, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    let org = c.org;
    let tally = c.classes.tally();
    let company = Company { name: &org.company.name, core_business: org.company.core_business.as_deref() };
    let summary = Summary {
        departments: org.len(),
        customer_model: tally.model(Model::Customer).into(),
        profit_model: tally.model(Model::Profit).into(),
        grey_areas: tally.grey_areas,
    };
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    out.write_all(b"{\n  \"schema\": 1,\n  \"company\": ")?;
    layout(&company, Layout::inline(), &mut out)?;
    out.write_all(b",\n  \"departments\": ")?;
    if org.is_empty() {
        out.write_all(b"[]")?;
    } else {
        out.write_all(b"[\n")?;
        write_departments(c, lang, &mut out)?;
        out.write_all(b"\n  ]")?;
    }
    out.write_all(b",\n  \"summary\": ")?;
    layout(&summary, Layout::fields(1), &mut out)?;
    out.write_all(b"\n}\n")?;
    out.flush()
}

/// The departments, each an indented object, separated by commas.
fn write_departments(c: &Classified<'_>, lang: Lang, out: &mut impl Write) -> io::Result<()> {
    let reasons = Reasons::new(c.org, &c.catalog, lang);
    let pieces = pieces(c.org);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(pieces.len()).max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| -> io::Result<()> {
        let (done, results) = std::sync::mpsc::sync_channel::<(usize, io::Result<Vec<u8>>)>(workers * 2);
        for _ in 0..workers {
            let done = done.clone();
            let (next, reasons, pieces) = (&next, &reasons, &pieces);
            scope.spawn(move || {
                loop {
                    let piece = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(range) = pieces.get(piece) else { break };
                    if done.send((piece, piece_json(c, reasons, range.clone()))).is_err() {
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
            waiting.insert(piece, text?);
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

/// One piece of the departments list, indented for its place in the report.
fn piece_json(c: &Classified<'_>, reasons: &Reasons<'_>, range: std::ops::Range<usize>) -> io::Result<Vec<u8>> {
    let org = c.org;
    let fact = |f: Fact| FactJson {
        value: f.value.map(|v| v.as_str()),
        source: f.source.as_str(),
        from: match f.source {
            Source::Inherited { from } => Some(org.path(from)),
            _ => None,
        },
    };
    // About a kilobyte per department: two reasons and three paths.
    let mut piece = Vec::with_capacity(range.len() * 1100);
    for id in range {
        let d = org.dept(id);
        let facts = c.classes.of(id);
        let verdict = |model: Model| VerdictJson {
            verdict: facts.verdict(model).as_str(),
            reason: reasons.reason(id, facts, model),
        };
        let department = Department {
            path: org.path(id),
            id: &d.id,
            name: d.display_name(),
            depth: d.depth,
            function: d.function.as_deref(),
            customers: fact(facts.customers),
            revenue: fact(facts.revenue),
            customer_model: verdict(Model::Customer),
            profit_model: verdict(Model::Profit),
            grey_area: facts.is_grey_area(),
        };
        if !piece.is_empty() {
            piece.extend_from_slice(b",\n");
        }
        piece.extend_from_slice(b"    ");
        layout(&department, Layout::fields(2), &mut piece)?;
    }
    Ok(piece)
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
