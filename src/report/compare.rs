//! Two orgs side by side (`frontback compare A B`, and the TUI's split view): their
//! departments lined up by function, and where the same function lands on a different
//! side in each, with the reasons — accounting behind the counter in a shop and in
//! front in an accounting firm (C6), IT behind in a bank and in front where software is
//! what is sold. The lining-up is a [`Comparison`], computed once and read by both the
//! text here and the TUI.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::classify::{Model, Reasons, Verdict};
use crate::document::Document;
use crate::text::{Lang, sanitize, t};

use super::table::function_name;

/// What lines departments up: their function, or, for those without one, their name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    /// A function of the catalogue, by key.
    Function(String),
    /// A department without a function, by its name in lower case.
    Name(String),
}

/// How the two sides of a row compare. The order is the order rows are listed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// In both orgs, on a different side in each (under either model).
    Differ,
    /// In both orgs, on the same side under both models.
    Same,
    /// Only in the first org.
    OnlyA,
    /// Only in the second org.
    OnlyB,
}

/// One function (or name), with the departments of each org under it, by id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub key: Key,
    pub kind: Kind,
    pub a: Vec<usize>,
    pub b: Vec<usize>,
}

impl Row {
    /// The function's name in `lang` (from the first org's catalogue), or the name in
    /// quotes; escaped for the terminal.
    pub fn label(&self, a: &Document, lang: Lang) -> String {
        match &self.key {
            Key::Function(f) => sanitize(&function_name(a, f, lang)).into_owned(),
            Key::Name(n) => format!("\"{}\"", sanitize(n)),
        }
    }
}

/// Two orgs lined up: every row, those that differ first, then those that agree, then
/// those only in the first org, then those only in the second; by key within each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Comparison {
    pub rows: Vec<Row>,
}

impl Comparison {
    /// Lines up the departments of `a` and `b`.
    pub fn new(a: &Document, b: &Document) -> Comparison {
        let mut keyed: BTreeMap<Key, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
        for (doc, first) in [(a, true), (b, false)] {
            for (id, dept) in doc.org.departments.iter().enumerate() {
                let key = match &dept.function {
                    Some(function) => Key::Function(function.to_string()),
                    None => Key::Name(dept.display_name().to_lowercase()),
                };
                let row = keyed.entry(key).or_default();
                if first { row.0.push(id) } else { row.1.push(id) }
            }
        }
        let verdicts = |doc: &Document, side: &[usize]| -> Vec<(Verdict, Verdict)> {
            let mut v: Vec<_> = side
                .iter()
                .map(|&id| (doc.classes.of(id).verdict(Model::Customer), doc.classes.of(id).verdict(Model::Profit)))
                .collect();
            v.sort_by_key(|&(c, p)| (c.as_str(), p.as_str()));
            v.dedup();
            v
        };
        let mut rows: Vec<Row> = keyed
            .into_iter()
            .map(|(key, (side_a, side_b))| {
                // Each shared row is weighed once: lands differently, or the same.
                let kind = match (side_a.is_empty(), side_b.is_empty()) {
                    (false, true) => Kind::OnlyA,
                    (true, _) => Kind::OnlyB,
                    _ if verdicts(a, &side_a) != verdicts(b, &side_b) => Kind::Differ,
                    _ => Kind::Same,
                };
                Row { key, kind, a: side_a, b: side_b }
            })
            .collect();
        // Stable: within a kind the keys stay in order.
        rows.sort_by_key(|row| row.kind);
        Comparison { rows }
    }

    /// The rows of one kind.
    pub fn of(&self, kind: Kind) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(move |row| row.kind == kind)
    }

    /// How many rows are of one kind.
    pub fn count(&self, kind: Kind) -> usize {
        self.of(kind).count()
    }
}

/// The comparison as text for people.
pub fn compare(a: &Document, b: &Document, lang: Lang) -> String {
    let l = lang.code();
    let (names_a, names_b) = (sanitize(&a.org.company.name), sanitize(&b.org.company.name));
    let comparison = Comparison::new(a, b);
    let (reasons_a, reasons_b) = (Reasons::new(&a.org, &a.catalog, lang), Reasons::new(&b.org, &b.catalog, lang));
    let differ = comparison.count(Kind::Differ);
    let both = differ + comparison.count(Kind::Same);

    let mut out = String::new();
    let _ = writeln!(out, "{names_a}  ↔  {names_b}\n");
    let _ = writeln!(
        out,
        "{} {}\n",
        t!("compare.shared", locale = l, count = both),
        t!("compare.differ", locale = l, count = differ)
    );
    let label = |row: &Row| row.label(a, lang);
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
    if differ > 0 {
        let _ = writeln!(out, "{}\n", t!("compare.differ_title", locale = l));
        for row in comparison.of(Kind::Differ) {
            let _ = writeln!(out, "{}", label(row));
            for (doc, company, side, reasons) in [(a, &names_a, &row.a, &reasons_a), (b, &names_b, &row.b, &reasons_b)]
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
    if comparison.count(Kind::Same) > 0 {
        let _ = writeln!(out, "{}\n", t!("compare.same_title", locale = l));
        for row in comparison.of(Kind::Same) {
            let _ = writeln!(out, "{}", label(row));
            for &id in &row.a {
                line(&mut out, a, &names_a, id);
            }
            for &id in &row.b {
                line(&mut out, b, &names_b, id);
            }
        }
        out.push('\n');
    }
    for (doc, company, kind) in [(a, &names_a, Kind::OnlyA), (b, &names_b, Kind::OnlyB)] {
        if comparison.count(kind) == 0 {
            continue;
        }
        let _ = writeln!(out, "{}\n", t!("compare.only_title", locale = l, company = company));
        for row in comparison.of(kind) {
            let _ = writeln!(out, "{}", label(row));
            for &id in if kind == Kind::OnlyA { &row.a } else { &row.b } {
                line(&mut out, doc, company, id);
            }
        }
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}
