//! Non-interactive reports of a classified org: a table for people, JSON for scripts
//! (SPEC §5), a Markdown handout for a class, CSV for spreadsheets (which
//! [`crate::import`] reads back) and DOT for Graphviz.

pub mod csv;
mod dot;
mod json;
mod markdown;
mod table;

use crate::catalog::Catalog;
use crate::classify::{Classification, Model, classify};
use crate::org::Org;
use crate::text::Lang;

pub use self::csv::csv;
pub use dot::dot;
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

/// An org with everything a report needs.
pub struct Classified<'a> {
    pub org: &'a Org,
    pub catalog: Catalog,
    pub classes: Classification,
}

impl<'a> Classified<'a> {
    /// Builds the catalogue for the org and classifies it.
    pub fn new(org: &'a Org) -> Classified<'a> {
        let catalog = Catalog::for_org(org);
        let classes = classify(org, &catalog);
        Classified { org, catalog, classes }
    }
}

/// Renders a report in the given format and language (DOT clusters by the customer
/// model).
pub fn render(org: &Org, format: Format, lang: Lang) -> String {
    render_with(org, format, lang, Model::Customer)
}

/// Writes a report to `out`: JSON goes out department by department, the other
/// formats as one text.
pub fn write(org: &Org, format: Format, lang: Lang, model: Model, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    if format == Format::Json {
        return write_json(&Classified::new(org), lang, out);
    }
    out.write_all(render_with(org, format, lang, model).as_bytes())
}

/// Renders a report; `model` is the active model, which only the DOT picture uses to
/// choose each department's cluster (the other formats show both models).
pub fn render_with(org: &Org, format: Format, lang: Lang, model: Model) -> String {
    let classified = Classified::new(org);
    match format {
        Format::Table => table(&classified, lang),
        Format::Json => json(&classified, lang),
        Format::Markdown => markdown(&classified, lang),
        Format::Csv => csv(&classified),
        Format::Dot => dot(&classified, lang, model),
    }
}
