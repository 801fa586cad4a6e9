//! Non-interactive reports of a classified org: a table for people, JSON for scripts
//! (SPEC §5), a Markdown handout for a class, CSV for spreadsheets and DOT for
//! Graphviz; and the CSV import that reads a spreadsheet export back.

mod json;
mod markdown;
mod table;

use crate::catalog::Catalog;
use crate::classify::{Classification, classify};
use crate::org::Org;
use crate::text::Lang;

pub use json::json;
pub use markdown::markdown;
pub use table::table;

/// The output formats of `frontback report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns, for people.
    Table,
    /// The schema of SPEC §5, for scripts.
    Json,
    /// A handout for a class.
    Markdown,
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

/// Renders a report in the given format and language.
pub fn render(org: &Org, format: Format, lang: Lang) -> String {
    let classified = Classified::new(org);
    match format {
        Format::Table => table(&classified, lang),
        Format::Json => json(&classified, lang),
        Format::Markdown => markdown(&classified, lang),
    }
}
