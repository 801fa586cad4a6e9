//! Two orgs side by side (`frontback compare A B`): their departments lined up by
//! function, and where the same function lands on a different side in each, with the
//! reasons — accounting behind the counter in a shop and in front in an accounting
//! firm (C6), IT behind in a bank and in front where software is what is sold.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::classify::{Model, Reasons, Verdict};
use crate::document::Document;
use crate::text::{Lang, sanitize, t};

use super::table::function_name;

/// What lines departments up: their function, or, for those without one, their name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Function(String),
    Name(String),
}

/// The departments of one org under one key, by id.
type Side = Vec<usize>;

/// The comparison as text for people.
pub fn compare(a: &Document, b: &Document, lang: Lang) -> String {
    let l = lang.code();
    let (names_a, names_b) = (sanitize(&a.org.company.name), sanitize(&b.org.company.name));
    let mut rows: BTreeMap<Key, (Side, Side)> = BTreeMap::new();
    for (doc, first) in [(a, true), (b, false)] {
        for (id, dept) in doc.org.departments.iter().enumerate() {
            let key = match &dept.function {
                Some(function) => Key::Function(function.clone()),
                None => Key::Name(dept.display_name().to_lowercase()),
            };
            let row = rows.entry(key).or_default();
            if first { row.0.push(id) } else { row.1.push(id) }
        }
    }
    let (reasons_a, reasons_b) = (Reasons::new(&a.org, &a.catalog, lang), Reasons::new(&b.org, &b.catalog, lang));
    let verdicts = |doc: &Document, side: &Side| -> Vec<(Verdict, Verdict)> {
        let mut v: Vec<_> = side
            .iter()
            .map(|&id| (doc.classes.of(id).verdict(Model::Customer), doc.classes.of(id).verdict(Model::Profit)))
            .collect();
        v.sort_by_key(|&(c, p)| (c.as_str(), p.as_str()));
        v.dedup();
        v
    };
    let both: Vec<_> = rows.iter().filter(|(_, (x, y))| !x.is_empty() && !y.is_empty()).collect();
    // Each shared row is weighed once: lands differently, or the same.
    let (differ, same): (Vec<_>, Vec<_>) = both.iter().partition(|(_, (x, y))| verdicts(a, x) != verdicts(b, y));
    let both = both.len();

    let mut out = String::new();
    let _ = writeln!(out, "{names_a}  ↔  {names_b}\n");
    let _ = writeln!(
        out,
        "{} {}\n",
        t!("compare.shared", locale = l, count = both),
        t!("compare.differ", locale = l, count = differ.len())
    );
    let label = |key: &Key| match key {
        Key::Function(f) => sanitize(&function_name(a, f, lang)).into_owned(),
        Key::Name(n) => format!("\"{}\"", sanitize(n)),
    };
    let line = |out: &mut String, doc: &Document, company: &str, id: usize| {
        let facts = doc.classes.of(id);
        let grey =
            if facts.is_grey_area() { format!("  ≈ {}", t!("report.grey_area", locale = l)) } else { String::new() };
        let _ = writeln!(
            out,
            "  {company}: {}  —  {}: {} · {}: {}{grey}",
            sanitize(doc.org.dept(id).display_name()),
            Model::Customer.label(lang),
            facts.verdict(Model::Customer).label(lang),
            Model::Profit.label(lang),
            facts.verdict(Model::Profit).label(lang),
        );
    };
    if !differ.is_empty() {
        let _ = writeln!(out, "{}\n", t!("compare.differ_title", locale = l));
        for (key, (side_a, side_b)) in &differ {
            let _ = writeln!(out, "{}", label(key));
            for (doc, company, side, reasons) in [(a, &names_a, side_a, &reasons_a), (b, &names_b, side_b, &reasons_b)]
            {
                for &id in side {
                    line(&mut out, doc, company, id);
                    for model in Model::ALL {
                        let _ = writeln!(out, "      {}", sanitize(&reasons.reason(id, doc.classes.of(id), model)));
                    }
                }
            }
            out.push('\n');
        }
    }
    if !same.is_empty() {
        let _ = writeln!(out, "{}\n", t!("compare.same_title", locale = l));
        for (key, (side_a, side_b)) in same {
            let _ = writeln!(out, "{}", label(key));
            for &id in side_a.iter() {
                line(&mut out, a, &names_a, id);
            }
            for &id in side_b.iter() {
                line(&mut out, b, &names_b, id);
            }
        }
        out.push('\n');
    }
    for (doc, company, first) in [(a, &names_a, true), (b, &names_b, false)] {
        let only: Vec<_> = rows.iter().filter(|(_, (x, y))| if first { y.is_empty() } else { x.is_empty() }).collect();
        if only.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{}\n", t!("compare.only_title", locale = l, company = company));
        for (key, (side_a, side_b)) in only {
            let _ = writeln!(out, "{}", label(key));
            for &id in if first { side_a } else { side_b } {
                line(&mut out, doc, company, id);
            }
        }
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}
