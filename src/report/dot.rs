//! The DOT report: a Graphviz picture of the org for slides. Departments are the
//! nodes, parent → child the edges, and the verdict under the active model puts each
//! department in a cluster — `cluster_front`, `cluster_back`, `cluster_grey` (grey
//! areas, whatever the model) and `cluster_undetermined` when there is any — each with
//! its own fill colour. The graph's label is the company, the model and a legend.
//!
//! Node labels are sanitized text from the file (see [`crate::text::sanitize`]) with
//! quotes and backslashes escaped; the label with the legend is an HTML-like label
//! with `&`, `<`, `>` and quotes escaped.

use std::fmt::Write;

use crate::text::t;

use crate::classify::{Model, Reasons, Verdict};
use crate::document::Document;
use crate::text::{Lang, sanitize};

/// A cluster of departments and its colours.
struct Cluster {
    /// The subgraph's name (Graphviz draws a subgraph as a box when it starts with
    /// `cluster`).
    name: &'static str,
    /// The key of its title in the locale files.
    title: &'static str,
    /// The box around the cluster.
    background: &'static str,
    /// Its departments, and its swatch in the legend.
    fill: &'static str,
}

const FRONT: Cluster = Cluster { name: "cluster_front", title: "dot.front", background: "#e8f1fb", fill: "#8fbce6" };
const BACK: Cluster = Cluster { name: "cluster_back", title: "dot.back", background: "#f0f0f0", fill: "#bdbdbd" };
const GREY: Cluster = Cluster { name: "cluster_grey", title: "dot.grey", background: "#fff4e0", fill: "#f5b94c" };
const UNDETERMINED: Cluster =
    Cluster { name: "cluster_undetermined", title: "dot.undetermined", background: "#ffffff", fill: "#ffffff" };

/// The org as a Graphviz digraph, with clusters by the verdict under `model`.
pub fn dot(doc: &Document, lang: Lang, model: Model) -> String {
    let l = lang.code();
    let org = &doc.org;
    let mut members: [Vec<usize>; 4] = Default::default();
    for id in 0..org.len() {
        let facts = doc.classes.of(id);
        let cluster = if facts.is_grey_area() {
            2
        } else {
            match facts.verdict(model) {
                Verdict::Front => 0,
                Verdict::Back => 1,
                Verdict::Undetermined => 3,
            }
        };
        members[cluster].push(id);
    }
    let clusters = [FRONT, BACK, GREY, UNDETERMINED];
    let shown = if members[3].is_empty() { 3 } else { 4 };

    let mut out = String::from("digraph frontback {\n");
    let _ = writeln!(out, "  graph [rankdir=LR, labelloc=t, fontname=\"Helvetica\", newrank=true];");
    let _ = writeln!(out, "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];");
    let _ = writeln!(out, "  edge [color=\"#555555\", arrowsize=0.7];");

    // The label: company, model, and one swatch per cluster.
    let mut label = String::from("<table border=\"0\" cellborder=\"1\" cellspacing=\"4\" cellpadding=\"4\">");
    let _ = write!(label, "<tr><td border=\"0\" colspan=\"{shown}\"><b>{}</b></td></tr>", html(&org.company.name));
    let model_line = t!("dot.model", locale = l, model = model.label(lang));
    let _ = write!(label, "<tr><td border=\"0\" colspan=\"{shown}\">{}</td></tr><tr>", html(&model_line));
    for cluster in &clusters[..shown] {
        let _ = write!(label, "<td bgcolor=\"{}\">{}</td>", cluster.fill, html(&t!(cluster.title, locale = l)));
    }
    label.push_str("</tr></table>");
    let _ = writeln!(out, "  label=<{label}>;");

    let reasons = Reasons::new(org, &doc.catalog, lang);
    for (cluster, ids) in clusters.iter().zip(&members).take(shown) {
        let _ = writeln!(out, "\n  subgraph {} {{", cluster.name);
        let title = format!("{} ({})", t!(cluster.title, locale = l), ids.len());
        let _ = writeln!(out, "    label=\"{}\";", quoted(&title));
        let _ = writeln!(out, "    style=\"rounded,filled\"; color=\"#999999\"; fillcolor=\"{}\";", cluster.background);
        let _ = writeln!(out, "    node [fillcolor=\"{}\"];", cluster.fill);
        for &id in ids {
            let dept = org.dept(id);
            let why = reasons.reason(id, doc.classes.of(id), model);
            let _ =
                writeln!(out, "    d{id} [label=\"{}\", tooltip=\"{}\"];", quoted(dept.display_name()), quoted(&why));
        }
        out.push_str("  }\n");
    }

    out.push('\n');
    for id in 0..org.len() {
        if let Some(parent) = org.parent(id) {
            let _ = writeln!(out, "  d{parent} -> d{id};");
        }
    }
    out.push_str("}\n");
    out
}

/// Text for a DOT quoted string: sanitized, with backslashes and quotes escaped.
fn quoted(text: &str) -> String {
    sanitize(text).replace('\\', "\\\\").replace('"', "\\\"")
}

/// Text for a DOT HTML-like label.
fn html(text: &str) -> String {
    sanitize(text).replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_backslashes_cannot_end_a_label() {
        assert_eq!(quoted(r#"a "b" \c"#), r#"a \"b\" \\c"#);
        assert_eq!(quoted("\u{1b}[2J"), "\\\\u{1b}[2J");
        assert_eq!(html("<b>&\"</b>"), "&lt;b&gt;&amp;&quot;&lt;/b&gt;");
    }
}
