//! The Markdown handout: a page a teacher can print — the company, the two models in a
//! sentence each, a table per model, and the grey areas with both reasons.

use std::fmt::Write;

use crate::text::t;

use super::table::{function_name, summary};
use crate::classify::{Model, Reasons, Verdict};
use crate::org::Document;
use crate::text::{Lang, capitalize, sanitize};

/// The handout as Markdown text.
pub fn markdown(doc: &Document, lang: Lang) -> String {
    let l = lang.code();
    let org = &doc.org;
    // The texts of reasons are looked up once for all departments.
    let reasons = Reasons::new(org, &doc.catalog, lang);
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", cell(&org.company.name));
    if let Some(description) = &org.company.description {
        let _ = writeln!(out, "{}\n", cell(description));
    }
    if let Some(core) = &org.company.core_business {
        let _ = writeln!(
            out,
            "{}\n",
            t!("report.core_business", locale = l, function = cell(&function_name(doc, core, lang)))
        );
    }
    let _ = writeln!(out, "{}\n", t!("handout.intro", locale = l));
    let _ = writeln!(out, "- **{}**: {}", t!("model.customer", locale = l), t!("handout.customer_model", locale = l));
    let _ = writeln!(out, "- **{}**: {}\n", t!("model.profit", locale = l), t!("handout.profit_model", locale = l));
    for model in Model::ALL {
        let title = model.label(lang);
        let _ = writeln!(out, "## {}\n", capitalize(&title));
        let _ = writeln!(
            out,
            "| {} | {} | {} |\n|---|---|---|",
            t!("report.department", locale = l),
            t!("report.verdict", locale = l),
            t!("report.reason", locale = l)
        );
        for (id, dept) in org.departments.iter().enumerate() {
            let facts = doc.classes.of(id);
            let verdict = facts.verdict(model);
            let mark = match verdict {
                Verdict::Front => "**",
                _ => "",
            };
            let _ = writeln!(
                out,
                "| {}{} | {mark}{}{mark} | {} |",
                indent(dept.depth),
                cell(dept.display_name()),
                verdict.label(lang),
                cell(&reasons.reason(id, facts, model))
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## {}\n", t!("handout.grey_title", locale = l));
    let greys = &doc.grey_areas;
    if greys.is_empty() {
        let _ = writeln!(out, "{}\n", t!("handout.no_grey", locale = l));
    } else {
        let _ = writeln!(out, "{}\n", t!("handout.grey_intro", locale = l));
        for &id in greys {
            let facts = doc.classes.of(id);
            let _ = writeln!(out, "### {}\n", cell(org.dept(id).display_name()));
            for model in Model::ALL {
                let _ = writeln!(out, "- {}", cell(&reasons.reason(id, facts, model)));
            }
            out.push('\n');
        }
    }
    let _ = writeln!(out, "---\n\n{}", summary(doc, lang));
    out
}

/// The indentation that shows a department's depth in a table. Past a dozen levels a
/// printed page has no room for more, and the indentation of a very deep org would
/// outweigh its text (it grows with the square of the depth): deeper rows show `…`.
fn indent(depth: usize) -> String {
    const MAX_INDENT: usize = 12;
    let mut text = "&nbsp;&nbsp;".repeat(depth.min(MAX_INDENT));
    if depth > MAX_INDENT {
        text.push_str("… ");
    }
    text
}

/// Text safe inside a Markdown table cell: no raw control characters, no pipes or
/// line breaks that would break the row.
fn cell(text: &str) -> String {
    sanitize(text).replace('|', "\\|").replace(['\n', '\r'], " ")
}
