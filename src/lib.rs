//! `frontback`: explore how a company is built — which departments are front office
//! and which back office, under the customer model and the profit model, and where the
//! two disagree.
//!
//! - [`org`] — the domain: an organisation as a tree of departments; loading org files
//!   with precise diagnostics, format-preserving edits and atomic saves.
//! - [`catalog`] — the built-in function catalogue and the file's own `[functions]`
//!   (`org::catalog`: the loader checks function keys against it).
//! - [`concept`] — the eight facts of the concept: their order and numbers on the
//!   concepts screen, their titles, and the fact a department illustrates.
//! - [`diagnostic`] — problems tied to a place in a file (org or configuration),
//!   rendered as `file:line:col` messages with the line and a suggestion.
//! - [`classify`] — the rules: facts with their sources, verdicts, grey areas, reasons.
//! - [`document`] — an open org file: its text, the org and its classification, kept
//!   in step through edits; what the explorer shows and the reports read.
//! - [`generate`] — large generated orgs, in three shapes, for benchmarks and scale tests.
//! - [`import`] — the CSV import: a spreadsheet or org-chart export read back into an
//!   org file.
//! - [`paths`] — the platform's folders: the configuration file, frontback's own data.
//! - [`report`] — the non-interactive reports (table, JSON, Markdown, CSV, DOT).
//! - [`text`] — languages, every user-facing text (`t!`, read from `assets/locales`)
//!   and the safe display of text taken from files.
//! - [`tui`] — the terminal user interface.

pub mod classify;
pub mod concept;
pub mod diagnostic;
pub mod document;
pub mod generate;
pub mod heap;
pub mod help;
pub mod import;
pub mod org;
/// The function catalogue lives with the domain it describes; its old name stays.
pub use org::catalog;
pub mod paths;
pub mod report;
pub mod samples;
pub mod text;
pub mod tui;

/// The unit tests allocate as the program does ([`heap::Allocator`]).
#[cfg(test)]
#[global_allocator]
static ALLOCATOR: heap::Allocator = heap::Allocator;
