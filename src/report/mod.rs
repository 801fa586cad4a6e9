//! Non-interactive reports of a classified org: a table for people, JSON for scripts
//! (SPEC §5), a Markdown handout for a class, CSV for spreadsheets (which
//! [`crate::import`] reads back) and DOT for Graphviz; a class handout; and two orgs compared.

pub mod compare;
pub mod csv;
mod dot;
mod handout;
mod json;
mod markdown;
mod table;

use crate::classify::Model;
use crate::document::Document;
use crate::text::Lang;

pub use self::csv::csv;
pub use compare::compare;
pub use dot::dot;
pub use handout::{HandoutFormat, handout};
pub use json::{json, write_json};
pub use markdown::markdown;
pub use table::table;

/// The output formats of `frontback report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns, for people.
    Table,
    /// The company, the totals and every department with both verdicts and their
    /// reasons, as JSON for scripts.
    Json,
    /// A handout for a class.
    Markdown,
    /// One row per department, for spreadsheets; what `import` reads back.
    Csv,
    /// A Graphviz picture with front, back and grey clusters, for slides.
    Dot,
}

/// Renders a report in the given format and language (DOT clusters by the customer
/// model).
pub fn render(doc: &Document, format: Format, lang: Lang) -> String {
    render_with(doc, format, lang, Model::Customer)
}

/// Writes a report to `out`: JSON goes out department by department, the other
/// formats as one text.
pub fn write(
    doc: &Document,
    format: Format,
    lang: Lang,
    model: Model,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    if format == Format::Json {
        return write_json(doc, lang, out);
    }
    out.write_all(render_with(doc, format, lang, model).as_bytes())
}

/// Renders a report; `model` is the active model, which only the DOT picture uses to
/// choose each department's cluster (the other formats show both models).
pub fn render_with(doc: &Document, format: Format, lang: Lang, model: Model) -> String {
    match format {
        Format::Table => table(doc, lang),
        Format::Json => json(doc, lang),
        Format::Markdown => markdown(doc, lang),
        Format::Csv => csv(doc),
        Format::Dot => dot(doc, lang, model),
    }
}
