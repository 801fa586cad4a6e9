//! The table report: one aligned row per department, indented by depth, for people.

use std::fmt::Write;

use crate::text::t;
use unicode_width::UnicodeWidthStr;

use crate::classify::Model;
use crate::document::Document;
use crate::org::Figure;
use crate::text::{Lang, sanitize};

/// Departments with their verdicts under both models, then a summary line.
pub fn table(doc: &Document, lang: Lang) -> String {
    let l = lang.code();
    let org = &doc.org;
    let mut out = String::new();
    let _ = writeln!(out, "{}", sanitize(&org.company.name));
    if let Some(core) = &org.company.core_business {
        let _ = writeln!(
            out,
            "{}",
            t!("report.core_business", locale = l, function = sanitize(&function_name(doc, core, lang)))
        );
    }
    out.push('\n');
    let names: Vec<String> =
        org.departments.iter().map(|d| format!("{}{}", "  ".repeat(d.depth), sanitize(d.display_name()))).collect();
    let header_dept = t!("report.department", locale = l);
    let width = names.iter().map(|n| n.width()).chain([header_dept.width()]).max().unwrap_or(0);
    let col = |model: Model| model.label(lang);
    let model_width = Model::ALL.map(|m| col(m).width().max(12));
    let pad = |text: &str, width: usize| format!("{text}{}", " ".repeat(width.saturating_sub(text.width())));
    let _ = writeln!(
        out,
        "{}  {}  {}  {}",
        pad(&header_dept, width),
        pad(&col(Model::Customer), model_width[0]),
        pad(&col(Model::Profit), model_width[1]),
        t!("report.function", locale = l)
    );
    for (id, name) in names.iter().enumerate() {
        let facts = doc.classes.of(id);
        let function = org
            .dept(id)
            .function
            .as_deref()
            .map(|f| sanitize(&function_name(doc, f, lang)).into_owned())
            .unwrap_or_default();
        let grey =
            if facts.is_grey_area() { format!("  ≈ {}", t!("report.grey_area", locale = l)) } else { String::new() };
        let line = format!(
            "{}  {}  {}  {function}{grey}",
            pad(name, width),
            pad(&facts.verdict(Model::Customer).label(lang), model_width[0]),
            pad(&facts.verdict(Model::Profit).label(lang), model_width[1]),
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out.push('\n');
    out.push_str(&summary(doc, lang));
    out.push('\n');
    out
}

/// "12 departments. Customer model: 5 front, 7 back, 0 undetermined. ..."
pub fn summary(doc: &Document, lang: Lang) -> String {
    let l = lang.code();
    let tally = doc.tally;
    let mut parts = vec![t!("report.departments", locale = l, count = doc.org.len()).into_owned()];
    for model in Model::ALL {
        let m = tally.model(model);
        parts.push(
            t!(
                "report.model_tally",
                locale = l,
                model = model.label(lang),
                front = m.front,
                back = m.back,
                undetermined = m.undetermined
            )
            .into_owned(),
        );
    }
    parts.push(t!("report.grey_areas", locale = l, count = tally.grey_areas).into_owned());
    parts.extend(shares(doc, lang));
    parts.join(" ")
}

/// "People in front office: 62% under the customer model, ..." for each figure some
/// department gives.
pub fn shares(doc: &Document, lang: Lang) -> Vec<String> {
    let l = lang.code();
    let key = |figure| match figure {
        Figure::Headcount => "report.share.headcount",
        Figure::Budget => "report.share.budget",
    };
    Figure::ALL
        .into_iter()
        .filter_map(|figure| {
            let shares = doc.shares[figure as usize]?;
            let (customer, profit) = (shares.model(Model::Customer), shares.model(Model::Profit));
            Some(
                t!(
                    key(figure),
                    locale = l,
                    customer = lang.percent(customer.percent(customer.front)),
                    profit = lang.percent(profit.percent(profit.front)),
                    total = customer.total()
                )
                .into_owned(),
            )
        })
        .collect()
}

/// The function's name in `lang`, or its key when the catalogue does not know it.
pub(crate) fn function_name(doc: &Document, key: &str, lang: Lang) -> String {
    doc.catalog.get(key).map_or_else(|| key.to_string(), |f| f.name.get(lang).to_string())
}
