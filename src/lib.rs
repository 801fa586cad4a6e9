//! `frontback`: explore how a company is built — which departments are front office
//! and which back office, under the customer model and the profit model, and where the
//! two disagree.
//!
//! - [`org`] — the domain: an organisation as a tree of departments; loading org files
//!   with precise diagnostics, format-preserving edits and atomic saves.
//! - [`catalog`] — the built-in function catalogue and the file's own `[functions]`.
//! - [`diagnostic`] — problems tied to a place in a file (org or configuration),
//!   rendered as `file:line:col` messages with the line and a suggestion.
//! - [`config`] — the user's configuration file: keys, theme and start-up defaults.
//! - [`classify`] — the rules: facts with their sources, verdicts, grey areas, reasons.
//! - [`generate`] — large generated orgs for benchmarks and scale tests.
//! - [`report`] — the non-interactive reports (table, JSON, Markdown, CSV, DOT) and the
//!   CSV import.
//! - [`text`] — languages and the safe display of text taken from files.
//! - [`tui`] — the terminal user interface.

rust_i18n::i18n!("assets/locales");

pub mod catalog;
pub mod classify;
pub mod config;
pub mod diagnostic;
pub mod generate;
pub mod org;
pub mod report;
pub mod samples;
pub mod text;
pub mod tui;
