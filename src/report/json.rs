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

/// Departments per piece of work when the report is written in parallel.
const CHUNK: usize = 4096;

/// The report as pretty-printed JSON (ends with a newline).
pub fn json(c: &Classified<'_>, lang: Lang) -> String {
    let mut out = Vec::new();
    write_json(c, lang, &mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// Writes the report as pretty-printed JSON. The departments are serialized in
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
    out.write_all(&indented(&pretty(&company)?, 2))?;
    out.write_all(b",\n  \"departments\": ")?;
    if org.is_empty() {
        out.write_all(b"[]")?;
    } else {
        out.write_all(b"[\n")?;
        write_departments(c, lang, &mut out)?;
        out.write_all(b"\n  ]")?;
    }
    out.write_all(b",\n  \"summary\": ")?;
    out.write_all(&indented(&pretty(&summary)?, 2))?;
    out.write_all(b"\n}\n")?;
    out.flush()
}

/// The departments, each an indented object, separated by commas.
fn write_departments(c: &Classified<'_>, lang: Lang, out: &mut impl Write) -> io::Result<()> {
    let reasons = Reasons::new(c.org, &c.catalog, lang);
    let chunks = c.org.len().div_ceil(CHUNK);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(chunks).max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| -> io::Result<()> {
        let (done, results) = std::sync::mpsc::sync_channel::<(usize, io::Result<Vec<u8>>)>(workers * 2);
        for _ in 0..workers {
            let done = done.clone();
            let (next, reasons) = (&next, &reasons);
            scope.spawn(move || {
                loop {
                    let chunk = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if chunk >= chunks {
                        break;
                    }
                    let range = chunk * CHUNK..((chunk + 1) * CHUNK).min(c.org.len());
                    if done.send((chunk, chunk_json(c, reasons, range))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done);
        // Pieces arrive in any order; write them in order.
        let mut waiting = std::collections::BTreeMap::new();
        let mut written = 0;
        for (chunk, piece) in results {
            waiting.insert(chunk, piece?);
            while let Some(piece) = waiting.remove(&written) {
                if written > 0 {
                    out.write_all(b",\n")?;
                }
                out.write_all(&piece)?;
                written += 1;
            }
        }
        Ok(())
    })
}

/// One piece of the departments list, indented for its place in the report.
fn chunk_json(c: &Classified<'_>, reasons: &Reasons<'_>, range: std::ops::Range<usize>) -> io::Result<Vec<u8>> {
    let org = c.org;
    let fact = |f: Fact| FactJson {
        value: f.value.map(|v| v.as_str()),
        source: f.source.as_str(),
        from: match f.source {
            Source::Inherited { from } => Some(org.path(from)),
            _ => None,
        },
    };
    let departments: Vec<Department<'_>> = range
        .map(|id| {
            let d = org.dept(id);
            let facts = c.classes.of(id);
            let verdict = |model: Model| VerdictJson {
                verdict: facts.verdict(model).as_str(),
                reason: reasons.reason(id, facts, model),
            };
            Department {
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
            }
        })
        .collect();
    // "[\n  {...},\n  {...}\n]": keep what is between the brackets, two levels in.
    let list = pretty(&departments)?;
    let inner = &list[2..list.len() - 2];
    let mut piece = b"  ".to_vec();
    piece.extend_from_slice(&indented(inner, 2));
    Ok(piece)
}

fn pretty<T: Serialize>(value: &T) -> io::Result<Vec<u8>> {
    serde_json::to_vec_pretty(value).map_err(io::Error::other)
}

/// JSON text with every line after the first moved `by` spaces right. (Strings in
/// JSON never hold a raw line break, so every `\n` is a line break of the layout.)
fn indented(json: &[u8], by: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len() + json.len() / 16);
    for &b in json {
        out.push(b);
        if b == b'\n' {
            out.extend(std::iter::repeat_n(b' ', by));
        }
    }
    out
}
