//! The JSON report, field for field as SPEC §5 gives it.

use serde::Serialize;

use super::Classified;
use crate::classify::{Fact, Model, ModelTally, Source, reason};
use crate::text::Lang;

#[derive(Serialize)]
struct Report<'a> {
    schema: u32,
    company: Company<'a>,
    departments: Vec<Department<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Company<'a> {
    name: &'a str,
    core_business: Option<&'a str>,
}

#[derive(Serialize)]
struct Department<'a> {
    path: Vec<&'a str>,
    id: &'a str,
    name: &'a str,
    depth: usize,
    function: Option<&'a str>,
    customers: FactJson<'a>,
    revenue: FactJson<'a>,
    customer_model: VerdictJson,
    profit_model: VerdictJson,
    grey_area: bool,
}

#[derive(Serialize)]
struct FactJson<'a> {
    value: Option<&'static str>,
    source: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<Vec<&'a str>>,
}

#[derive(Serialize)]
struct VerdictJson {
    verdict: &'static str,
    reason: String,
}

#[derive(Serialize)]
struct Summary {
    departments: usize,
    customer_model: TallyJson,
    profit_model: TallyJson,
    grey_areas: usize,
}

#[derive(Serialize)]
struct TallyJson {
    front: usize,
    back: usize,
    undetermined: usize,
}

impl From<ModelTally> for TallyJson {
    fn from(t: ModelTally) -> Self {
        TallyJson { front: t.front, back: t.back, undetermined: t.undetermined }
    }
}

/// The report as pretty-printed JSON (ends with a newline).
pub fn json(c: &Classified<'_>, lang: Lang) -> String {
    let org = c.org;
    let fact = |f: Fact| FactJson {
        value: f.value.map(|v| v.as_str()),
        source: f.source.as_str(),
        from: match f.source {
            Source::Inherited { from } => Some(org.path(from)),
            _ => None,
        },
    };
    let departments = org
        .departments
        .iter()
        .enumerate()
        .map(|(id, d)| {
            let facts = c.classes.of(id);
            let verdict = |model: Model| VerdictJson {
                verdict: facts.verdict(model).as_str(),
                reason: reason(org, &c.catalog, id, facts, model, lang),
            };
            Department {
                path: org.path(id),
                id: &d.id,
                name: d.display_name(),
                depth: d.depth,
                function: d.function.as_deref(),
                customers: fact(facts.customers),
                revenue: fact(facts.revenue),
                customer_model: verdict(Model::Customer),
                profit_model: verdict(Model::Profit),
                grey_area: facts.is_grey_area(),
            }
        })
        .collect();
    let tally = c.classes.tally();
    let report = Report {
        schema: 1,
        company: Company { name: &org.company.name, core_business: org.company.core_business.as_deref() },
        departments,
        summary: Summary {
            departments: org.len(),
            customer_model: tally.model(Model::Customer).into(),
            profit_model: tally.model(Model::Profit).into(),
            grey_areas: tally.grey_areas,
        },
    };
    let mut out = serde_json::to_string_pretty(&report).expect("plain data serializes");
    out.push('\n');
    out
}
