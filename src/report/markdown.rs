//! The Markdown handout: a page a teacher can print — the company, the two models in a
//! sentence each, a table per model, and the grey areas with both reasons.

use std::fmt::Write;

use crate::text::t;

use super::table::{function_name, summary};
use crate::classify::{Model, Reasons, Verdict};
use crate::document::Document;
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

/// Text from the file as Markdown shows it, literally: no raw control characters
/// (shown escaped, `\u{1b}`, like the other reports), no HTML (`<`, `>` and `&` as
/// entities), and every character of Markdown's inline and table syntax backslash-
/// escaped, so that no link, image, emphasis, code span or extra table column can
/// come from a name. A first character that would start a heading, a list or a quote
/// block is escaped too.
pub(super) fn cell(text: &str) -> String {
    let text = sanitize(text);
    let mut out = String::with_capacity(text.len() + 8);
    // `1.` or `1)` at the start would open an ordered list.
    let list_number = text.find(|c: char| !c.is_ascii_digit()).filter(|&at| at > 0);
    for (i, c) in text.char_indices() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '|' | '[' | ']' | '`' | '*' | '_' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '-' | '+' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if Some(i) == list_number => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn html_links_and_table_syntax_are_shown_literally() {
        assert_eq!(cell("<b>&</b>"), "&lt;b&gt;&amp;&lt;/b&gt;");
        assert_eq!(cell("[x](javascript:y)"), "\\[x\\](javascript:y)");
        assert_eq!(cell("a\\|b"), "a\\\\\\|b");
        assert_eq!(cell("# - 1. x"), "\\# - 1. x");
        assert_eq!(cell("12. x"), "12\\. x");
        assert_eq!(cell("a\u{1b}b"), "a\\\\u{1b}b");
        assert_eq!(cell("Post-sales 2.0"), "Post-sales 2.0");
    }
}
