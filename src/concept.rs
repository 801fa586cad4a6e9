//! The eight facts of the concept (`concept/CONCEPT.md`), in the order the concepts
//! screen teaches them. Each has an internal code (`C1`–`C8`, what the catalogue's
//! `concepts` lists say), a number shown on the concepts screen (1–8, in its order)
//! and a title in words. Users never see the codes: the interface names a fact by its
//! title and links to it on the concepts screen.

use crate::classify::{Model, Verdict};
use crate::document::Document;
use crate::org::DeptId;
use crate::text::{Lang, t};

/// One fact of the concept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fact {
    /// Where the words come from: the old shop's front room and back rooms (C2).
    Origin,
    /// Back office: keeps the company itself going (C1).
    Back,
    /// Front office: faces the customers and makes the money (C3).
    Front,
    /// Two definitions, both in use: the customer model and the profit model (C4).
    Models,
    /// Grey areas: where the two models disagree (C5).
    Grey,
    /// Accounting: back office, except in an accounting firm (C6).
    Accounting,
    /// IT: back office, except where IT is what is sold (C7).
    It,
    /// Enabling is not earning (C8).
    Enabling,
}

impl Fact {
    /// Every fact, in the order of the concepts screen.
    pub const ALL: [Fact; 8] =
        [Fact::Origin, Fact::Back, Fact::Front, Fact::Models, Fact::Grey, Fact::Accounting, Fact::It, Fact::Enabling];

    /// Its number on the concepts screen, 1 to 8.
    pub fn number(self) -> usize {
        Fact::ALL.iter().position(|&f| f == self).map_or(0, |i| i + 1)
    }

    /// The internal code the catalogue uses, `C1` to `C8`.
    pub fn code(self) -> &'static str {
        match self {
            Fact::Back => "C1",
            Fact::Origin => "C2",
            Fact::Front => "C3",
            Fact::Models => "C4",
            Fact::Grey => "C5",
            Fact::Accounting => "C6",
            Fact::It => "C7",
            Fact::Enabling => "C8",
        }
    }

    /// The fact of an internal code (`C5`), if it is one.
    pub fn from_code(code: &str) -> Option<Fact> {
        Fact::ALL.into_iter().find(|f| f.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The part of its locale keys that names it: `teach.concepts.<key>_title`.
    pub fn key(self) -> &'static str {
        match self {
            Fact::Origin => "origin",
            Fact::Back => "back",
            Fact::Front => "front",
            Fact::Models => "models",
            Fact::Grey => "grey",
            Fact::Accounting => "accounting",
            Fact::It => "it",
            Fact::Enabling => "enabling",
        }
    }

    /// Its short title in words: "Grey areas".
    pub fn title(self, lang: Lang) -> String {
        t!(format!("teach.concepts.{}_title", self.key()), locale = lang.code()).into_owned()
    }
}

/// The fact a department illustrates best: a grey area shows the grey areas; else the
/// first fact its function's catalogue entry names, leaving out the grey areas and the
/// old shop (too general); else the side its verdicts agree on. `None` when nothing
/// is known of it.
pub fn fact_of(doc: &Document, id: DeptId) -> Option<Fact> {
    let facts = doc.classes.of(id);
    if facts.is_grey_area() {
        return Some(Fact::Grey);
    }
    let dept = doc.org.dept(id);
    let named = dept.function.as_deref().and_then(|key| doc.catalog.get(key)).and_then(|function| {
        function.concepts.iter().filter_map(|c| Fact::from_code(c)).find(|f| !matches!(f, Fact::Grey | Fact::Origin))
    });
    named.or(match Model::ALL.map(|m| facts.verdict(m)) {
        [Verdict::Front, Verdict::Front] => Some(Fact::Front),
        [Verdict::Back, Verdict::Back] => Some(Fact::Back),
        _ => None,
    })
}

/// What a quiz question about a department asks, for [`fact_asked`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asked {
    /// Front or back office under one model.
    Side,
    /// Whether it is a grey area.
    GreyOrNot,
    /// Which model puts it in the front office.
    WhichModel,
}

/// The fact a quiz question about a department illustrates, named after its answer.
/// It is the department's own fact, [`fact_of`] — what the panel's "why?" link names —
/// so that the quiz and the panel never name different ideas for one department. The
/// one exception, kept here and nowhere else: a question whether the department is a
/// grey area is about the grey areas, whatever the answer. When nothing is known of
/// the department (the quiz does not ask about it then), the two definitions.
pub fn fact_asked(doc: &Document, id: DeptId, asked: Asked) -> Fact {
    match asked {
        Asked::GreyOrNot => Fact::Grey,
        Asked::Side | Asked::WhichModel => fact_of(doc, id).unwrap_or(Fact::Models),
    }
}

#[cfg(test)]
mod tests {
    use super::Fact;

    #[test]
    fn every_code_reads_back_and_the_numbers_follow_the_screen() {
        for (i, fact) in Fact::ALL.into_iter().enumerate() {
            assert_eq!(Fact::from_code(fact.code()), Some(fact));
            assert_eq!(fact.number(), i + 1);
        }
        let mut codes: Vec<&str> = Fact::ALL.iter().map(|f| f.code()).collect();
        codes.sort_unstable();
        assert_eq!(codes, ["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8"]);
        assert_eq!(Fact::from_code("C9"), None);
    }
}
