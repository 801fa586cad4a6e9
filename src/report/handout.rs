//! The class handout (`frontback handout FILE`): a title, the concept in a few
//! paragraphs, the floor plan as text, the org's table with reasons, a worksheet with
//! blanks to fill in, and its answer key on a page of its own. Written once as blocks
//! and then as Markdown (with a title block for pandoc) or as one standalone HTML page
//! with print styles.

use std::fmt::Write;

use crate::classify::{Model, Reasons, Verdict};
use crate::document::Document;
use crate::generate::SplitMix64;
use crate::text::{Lang, capitalize, sanitize, t};

use super::markdown::cell;
use super::table::shares;

/// How many departments the worksheet asks about, at most.
const WORKSHEET: usize = 12;

/// The formats of a handout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum HandoutFormat {
    /// Markdown with a title block: renders well through pandoc.
    Markdown,
    /// One standalone HTML page with print styles.
    Html,
}

/// A piece of the handout. Texts are plain: each format escapes them its own way.
enum Block {
    Heading(String),
    Paragraph(String),
    Bullets(Vec<String>),
    /// A header row, rows, and each column's share of the width in percent.
    Table {
        head: Vec<String>,
        rows: Vec<Vec<String>>,
        widths: Vec<u8>,
    },
    /// Text kept as it is laid out (the floor plan).
    Preformatted(String),
    /// What follows starts a new printed page.
    PageBreak,
}

/// The handout of an org in a language and format; `seed` picks and orders the
/// worksheet's departments, so that another class can get the same sheet.
pub fn handout(doc: &Document, lang: Lang, format: HandoutFormat, seed: u64) -> String {
    let title = t!("handout.title", locale = lang.code(), company = sanitize(&doc.org.company.name)).into_owned();
    let blocks = blocks(doc, lang, seed);
    match format {
        HandoutFormat::Markdown => markdown(&title, lang, &blocks),
        HandoutFormat::Html => html(&title, lang, &blocks),
    }
}

/// A concept title without its code: "Grey areas (C5)" → "Grey areas".
fn without_code(title: &str) -> String {
    match title.rfind(" (C") {
        Some(at) if title.ends_with(')') => title[..at].to_string(),
        _ => title.to_string(),
    }
}

fn blocks(doc: &Document, lang: Lang, seed: u64) -> Vec<Block> {
    let l = lang.code();
    let tr = |key: &str| t!(key, locale = l).into_owned();
    let org = &doc.org;
    let mut blocks = Vec::new();
    if let Some(description) = &org.company.description {
        blocks.push(Block::Paragraph(sanitize(description).into_owned()));
    }

    // The concept, in the words of the concepts screen.
    blocks.push(Block::Heading(tr("handout.concept_title")));
    blocks.push(Block::Paragraph(tr("teach.concepts.origin")));
    for key in ["back", "front"] {
        let title = without_code(&tr(&format!("teach.concepts.{key}_title")));
        blocks.push(Block::Paragraph(format!("{title} — {}", tr(&format!("teach.concepts.{key}")))));
    }
    blocks.push(Block::Bullets(vec![tr("teach.concepts.customer_model"), tr("teach.concepts.profit_model")]));
    for key in ["grey", "accounting", "it", "enabling"] {
        let title = without_code(&tr(&format!("teach.concepts.{key}_title")));
        blocks.push(Block::Paragraph(format!("{title}. {}", tr(&format!("teach.concepts.{key}")))));
    }

    // The floor plan: who stands in which room under each model.
    blocks.push(Block::Heading(tr("handout.plan_title")));
    let mut plan = String::new();
    let rooms = [
        (Verdict::Front, tr("handout.plan_front")),
        (Verdict::Back, tr("handout.plan_back")),
        (Verdict::Undetermined, tr("handout.plan_undetermined")),
    ];
    let label_width = rooms.iter().map(|(_, label)| label.chars().count()).max().unwrap_or(0);
    for model in Model::ALL {
        let _ = writeln!(plan, "{}", capitalize(&model.label(lang)).to_uppercase());
        for (verdict, label) in &rooms {
            let verdict = *verdict;
            let names: Vec<String> = (0..org.len())
                .filter(|&d| doc.classes.of(d).verdict(model) == verdict)
                .map(|d| {
                    let grey = if doc.classes.of(d).is_grey_area() { " ≈" } else { "" };
                    format!("{}{grey}", sanitize(org.dept(d).display_name()))
                })
                .collect();
            if verdict == Verdict::Undetermined && names.is_empty() {
                continue;
            }
            let names = if names.is_empty() { "—".to_string() } else { names.join(", ") };
            let _ = writeln!(plan, "  {label:<label_width$} {names}");
        }
        plan.push('\n');
    }
    let _ = write!(plan, "≈ {}", tr("handout.plan_grey_legend"));
    blocks.push(Block::Preformatted(plan));
    blocks.extend(shares(doc, lang).into_iter().map(Block::Paragraph));

    // The org's table, then each department's reasons.
    let reasons = Reasons::new(org, &doc.catalog, lang);
    let verdict_cell = |d: usize, model: Model| doc.classes.of(d).verdict(model).label(lang);
    let head = vec![
        tr("report.department"),
        capitalize(&Model::Customer.label(lang)),
        capitalize(&Model::Profit.label(lang)),
        tr("handout.grey_column"),
    ];
    let grey_cell = |d: usize| if doc.classes.of(d).is_grey_area() { tr("handout.yes") } else { String::new() };
    blocks.push(Block::Heading(tr("handout.table_title")));
    let rows = (0..org.len())
        .map(|d| {
            let name = format!("{}{}", "· ".repeat(org.dept(d).depth.min(6)), sanitize(org.dept(d).display_name()));
            vec![name, verdict_cell(d, Model::Customer), verdict_cell(d, Model::Profit), grey_cell(d)]
        })
        .collect();
    blocks.push(Block::Table { head: head.clone(), rows, widths: vec![40, 22, 22, 16] });
    blocks.push(Block::Heading(tr("handout.reasons_title")));
    blocks.push(Block::Bullets(
        (0..org.len())
            .map(|d| {
                let facts = doc.classes.of(d);
                let why: Vec<String> =
                    Model::ALL.iter().map(|&m| sanitize(&reasons.reason(d, facts, m)).into_owned()).collect();
                format!("{}: {}", sanitize(org.dept(d).display_name()), why.join(" "))
            })
            .collect(),
    ));

    // The worksheet and its answer key.
    let picked = worksheet(doc, seed);
    blocks.push(Block::PageBreak);
    blocks.push(Block::Heading(tr("handout.worksheet_title")));
    blocks.push(Block::Paragraph(t!("handout.worksheet_intro", locale = l, seed = seed).into_owned()));
    let blank = "________".to_string();
    let rows = picked
        .iter()
        .map(|&d| vec![sanitize(org.dept(d).display_name()).into_owned(), blank.clone(), blank.clone(), blank.clone()])
        .collect();
    blocks.push(Block::Table { head: head.clone(), rows, widths: vec![40, 22, 22, 16] });
    blocks.push(Block::PageBreak);
    blocks.push(Block::Heading(tr("handout.answers_title")));
    let rows = picked
        .iter()
        .map(|&d| {
            let name = sanitize(org.dept(d).display_name()).into_owned();
            let grey = if doc.classes.of(d).is_grey_area() { tr("handout.yes") } else { tr("handout.no") };
            vec![name, verdict_cell(d, Model::Customer), verdict_cell(d, Model::Profit), grey]
        })
        .collect();
    blocks.push(Block::Table { head, rows, widths: vec![40, 22, 22, 16] });
    blocks
}

/// Up to [`WORKSHEET`] departments picked by `seed`, grey areas about a third of them
/// where the org has that many, in a shuffled order.
fn worksheet(doc: &Document, seed: u64) -> Vec<usize> {
    let mut rng = SplitMix64(seed);
    let mut shuffled = |mut items: Vec<usize>| {
        rng.shuffle(&mut items);
        items
    };
    let (grey, other): (Vec<usize>, Vec<usize>) = (0..doc.org.len()).partition(|&d| doc.classes.of(d).is_grey_area());
    let greys = grey.len().min(WORKSHEET / 3).max(usize::from(!grey.is_empty()));
    let mut picked: Vec<usize> = shuffled(grey).into_iter().take(greys).collect();
    let room = WORKSHEET - picked.len();
    picked.extend(shuffled(other).into_iter().take(room));
    shuffled(picked)
}

fn markdown(title: &str, lang: Lang, blocks: &[Block]) -> String {
    let mut out = String::new();
    // A title block for pandoc; YAML strings in double quotes need `\` and `"` escaped.
    let yaml = title.replace('\\', "\\\\").replace('"', "\\\"");
    let _ = writeln!(out, "---\ntitle: \"{yaml}\"\nlang: {}\n---\n", lang.code());
    for block in blocks {
        match block {
            Block::Heading(text) => {
                let _ = writeln!(out, "## {}\n", cell(text));
            }
            Block::Paragraph(text) => {
                let _ = writeln!(out, "{}\n", cell(text));
            }
            Block::Bullets(items) => {
                for item in items {
                    let _ = writeln!(out, "- {}", cell(item));
                }
                out.push('\n');
            }
            Block::Table { head, rows, widths } => {
                // Dashes in proportion to the widths: pandoc sizes the columns by them.
                let line =
                    |cells: &[String]| format!("| {} |", cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | "));
                let _ = writeln!(out, "{}", line(head));
                let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(usize::from(w / 2).max(3))).collect();
                let _ = writeln!(out, "|{}|", rule.join("|"));
                for row in rows {
                    let _ = writeln!(out, "{}", line(row));
                }
                out.push('\n');
            }
            Block::Preformatted(text) => {
                let _ = writeln!(out, "```\n{text}\n```\n");
            }
            // A page break for pandoc's PDF output; other outputs drop it.
            Block::PageBreak => out.push_str("\\newpage\n\n"),
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// Text as HTML shows it, literally.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "\
body { font-family: Georgia, 'Times New Roman', serif; max-width: 46em; margin: 2em auto; padding: 0 1em; line-height: 1.45; color: #111; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0.8em 0; }
th, td { border: 1px solid #777; padding: 0.3em 0.5em; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eee; }
pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; white-space: pre-wrap; }
.page { break-before: page; page-break-before: always; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; } h2 { break-after: avoid; } tr { break-inside: avoid; } }";

fn html(title: &str, lang: Lang, blocks: &[Block]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n<h1>{}</h1>",
        lang.code(),
        escape(title),
        escape(title)
    );
    let mut new_page = false;
    for block in blocks {
        // The block after a page break starts the new page.
        let class = if std::mem::take(&mut new_page) { " class=\"page\"" } else { "" };
        match block {
            Block::Heading(text) => {
                let _ = writeln!(out, "<h2{class}>{}</h2>", escape(text));
            }
            Block::Paragraph(text) => {
                let _ = writeln!(out, "<p{class}>{}</p>", escape(text));
            }
            Block::Bullets(items) => {
                let _ = writeln!(out, "<ul{class}>");
                for item in items {
                    let _ = writeln!(out, "<li>{}</li>", escape(item));
                }
                out.push_str("</ul>\n");
            }
            Block::Table { head, rows, widths } => {
                let _ = writeln!(out, "<table{class}>\n<colgroup>");
                for width in widths {
                    let _ = writeln!(out, "<col style=\"width: {width}%\">");
                }
                out.push_str("</colgroup>\n<thead><tr>");
                for h in head {
                    let _ = write!(out, "<th>{}</th>", escape(h));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for c in row {
                        let _ = write!(out, "<td>{}</td>", escape(c));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
            Block::Preformatted(text) => {
                let _ = writeln!(out, "<pre{class}>{}</pre>", escape(text));
            }
            Block::PageBreak => new_page = true,
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}
