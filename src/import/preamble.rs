//! The preamble the CSV report writes before its header (see
//! [`crate::report::csv`](mod@crate::report::csv)): the company's name, description and
//! core business, and the functions the org file defines, one `#,field,value` row each.

use crate::diagnostic::nearest;
use crate::org::{FunctionOverride, Level};

use super::source::Source;
use super::{CsvProblem, Problem};

/// What the preamble says.
#[derive(Default)]
pub(super) struct Preamble {
    pub(super) name: Option<String>,
    pub(super) description: Option<String>,
    pub(super) core_business: Option<String>,
    /// In the order of their first row.
    pub(super) functions: Vec<FunctionOverride>,
    /// The values read.
    pub(super) count: usize,
}

pub(super) fn read(source: &Source, problems: &mut Vec<Problem>) -> Preamble {
    let mut preamble = Preamble::default();
    for (line, byte, field, value) in &source.preamble {
        let set = |slot: &mut Option<String>| *slot = Some(value.clone());
        match field.as_str() {
            "company.name" => set(&mut preamble.name),
            "company.description" => set(&mut preamble.description),
            "company.core_business" => set(&mut preamble.core_business),
            other => {
                let Some((key, which)) = other.strip_prefix("functions.").and_then(|rest| rest.rsplit_once('.')) else {
                    continue;
                };
                if !matches!(which, "name" | "customers" | "revenue" | "note") || key.is_empty() {
                    continue;
                }
                let key = crate::report::csv::decode_cell(key).into_owned();
                let at = match preamble.functions.iter().position(|f| f.key == key) {
                    Some(at) => at,
                    None => {
                        preamble.functions.push(FunctionOverride { key, ..FunctionOverride::default() });
                        preamble.functions.len() - 1
                    }
                };
                let function = &mut preamble.functions[at];
                let mut level = |field: &'static str| {
                    let level = Level::understand(value);
                    if level.is_none() {
                        let suggestion = nearest(value, Level::ALL.map(Level::as_str));
                        let problem = CsvProblem::BadLevel { field, value: value.clone(), suggestion };
                        problems.push(Problem { problem, line: *line, column: None, byte: *byte });
                    }
                    level
                };
                match which {
                    "name" => function.name = Some(value.clone()),
                    "note" => function.note = Some(value.clone()),
                    "customers" => function.customers = level("customers"),
                    _ => function.revenue = level("revenue"),
                }
            }
        }
        preamble.count += 1;
    }
    preamble
}
