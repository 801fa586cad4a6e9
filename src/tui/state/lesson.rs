//! The lesson: a guided class of ten steps, one [`Idea`] of the concept each (the
//! facts C1–C8 of `concept/CONCEPT.md`), shown on the open org. A step is built from
//! the [`Document`] alone ([`step`]): the departments of this org that show its idea,
//! under the verdicts that make the point ([`Lens`]). When the org shows none, the
//! step names a bundled sample that does, found by classifying the samples.
//!
//! Pure: nothing here draws or reads the terminal; the view and the tests read it.

use std::sync::LazyLock;

use crate::classify::{Model, Verdict};
use crate::document::Document;
use crate::org::{DeptId, Level};
use crate::samples::SAMPLES;

/// One idea of the concept, the subject of one step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Idea {
    /// C2: the shop's front room and back rooms; the top-level departments.
    Origin,
    /// C1: the back office runs the business itself; back under both models.
    BackOffice,
    /// C3: the front office serves customers and earns; front under both models.
    FrontOffice,
    /// C4: the customer model; departments that deal with customers directly.
    CustomerModel,
    /// C4: the profit model; departments that earn the money directly.
    ProfitModel,
    /// C5: a grey area like post-sales support: front for customers, back for profit.
    GreyArea,
    /// C5, mirrored: earns directly without meeting customers.
    Mirror,
    /// C6: accounting, back office except where it is what the company sells.
    Accounting,
    /// C7: IT, almost always back office.
    It,
    /// C8: enabling is not earning; departments that help another earn.
    Enabling,
}

impl Idea {
    /// The steps of the lesson, in order.
    pub const ALL: [Idea; 10] = [
        Idea::Origin,
        Idea::BackOffice,
        Idea::FrontOffice,
        Idea::CustomerModel,
        Idea::ProfitModel,
        Idea::GreyArea,
        Idea::Mirror,
        Idea::Accounting,
        Idea::It,
        Idea::Enabling,
    ];

    /// The verdicts the step shows beside each department.
    pub fn lens(self) -> Lens {
        match self {
            Idea::Origin | Idea::CustomerModel => Lens::One(Model::Customer),
            Idea::ProfitModel | Idea::Enabling => Lens::One(Model::Profit),
            Idea::BackOffice | Idea::FrontOffice | Idea::GreyArea | Idea::Mirror | Idea::Accounting | Idea::It => {
                Lens::Both
            }
        }
    }

    /// Whether a department of the document shows the idea.
    pub fn shown_by(self, doc: &Document, id: DeptId) -> bool {
        let facts = doc.classes.of(id);
        let customer = facts.verdict(Model::Customer);
        let profit = facts.verdict(Model::Profit);
        let dept = doc.org.dept(id);
        match self {
            Idea::Origin => doc.org.parent(id).is_none(),
            Idea::BackOffice => customer == Verdict::Back && profit == Verdict::Back,
            Idea::FrontOffice => customer == Verdict::Front && profit == Verdict::Front,
            Idea::CustomerModel => customer == Verdict::Front,
            Idea::ProfitModel => profit == Verdict::Front,
            Idea::GreyArea => customer == Verdict::Front && profit == Verdict::Back,
            Idea::Mirror => customer == Verdict::Back && profit == Verdict::Front,
            Idea::Accounting => dept.function.as_deref() == Some("accounting"),
            Idea::It => dept.function.as_deref() == Some("it"),
            Idea::Enabling => facts.revenue.value == Some(Level::Indirect),
        }
    }
}

/// Which verdicts a step shows: under one model, or under both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lens {
    One(Model),
    Both,
}

/// A step of the lesson as the open org shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub idea: Idea,
    /// The first departments that show the idea, in the org's order, each with how
    /// many of its ancestors are listed too (its indentation in the list).
    pub shown: Vec<(DeptId, usize)>,
    /// How many departments show the idea in all.
    pub total: usize,
    /// When none does: the name of a bundled sample that shows it, if one does.
    pub elsewhere: Option<&'static str>,
}

/// The step `idea` on `doc`, listing at most `most` of its departments. One pass
/// over the org, so a large org costs a scan per drawn frame and nothing more.
pub fn step(doc: &Document, idea: Idea, most: usize) -> Step {
    let mut shown: Vec<(DeptId, usize)> = Vec::new();
    let mut total = 0;
    for id in 0..doc.org.len() {
        if !idea.shown_by(doc, id) {
            continue;
        }
        total += 1;
        if shown.len() < most {
            let listed = doc.org.ancestors_and_self(id).skip(1).filter(|a| shown.iter().any(|(s, _)| s == a)).count();
            // Departments come in pre-order only when ids are; keep the list readable
            // either way: an indented row right under its listed ancestor.
            let level = if doc.org.parent(id).is_some() { listed } else { 0 };
            shown.push((id, level));
        }
    }
    let elsewhere = if total == 0 { sample_showing(idea) } else { None };
    Step { idea, shown, total, elsewhere }
}

/// For each idea, the first bundled sample that shows it.
static SAMPLE_FOR: LazyLock<Vec<(Idea, &'static str)>> = LazyLock::new(|| {
    let docs: Vec<(&'static str, Document)> = SAMPLES
        .iter()
        .filter_map(|sample| Some((sample.name, Document::from_text(None, sample.text.to_string()).ok()?)))
        .collect();
    Idea::ALL
        .iter()
        .filter_map(|&idea| {
            let (name, _) = docs.iter().find(|(_, doc)| (0..doc.org.len()).any(|id| idea.shown_by(doc, id)))?;
            Some((idea, *name))
        })
        .collect()
});

/// The first bundled sample (in the order `frontback samples` lists them) that shows
/// the idea, found by classifying the samples once.
pub fn sample_showing(idea: Idea) -> Option<&'static str> {
    SAMPLE_FOR.iter().find(|(i, _)| *i == idea).map(|(_, name)| *name)
}

/// Where the lesson stands: the step shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Lesson {
    /// The step shown, from 0.
    pub step: usize,
}

impl Lesson {
    /// How many steps the lesson has.
    pub const STEPS: usize = Idea::ALL.len();

    /// The idea of the step shown.
    pub fn idea(&self) -> Idea {
        Idea::ALL[self.step.min(Self::STEPS - 1)]
    }

    /// The next step; the last stays.
    pub fn next(&mut self) {
        self.step = (self.step + 1).min(Self::STEPS - 1);
    }

    /// The previous step; the first stays.
    pub fn previous(&mut self) {
        self.step = self.step.saturating_sub(1);
    }

    /// The first step.
    pub fn first(&mut self) {
        self.step = 0;
    }

    /// The last step.
    pub fn last(&mut self) {
        self.step = Self::STEPS - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples::find;

    fn sample(name: &str) -> Document {
        Document::from_text(None, find(name).expect("a bundled sample").text.to_string()).expect("it loads")
    }

    #[test]
    fn the_corner_shop_shows_its_repair_desk_as_the_grey_area() {
        let doc = sample("corner-shop");
        let grey = step(&doc, Idea::GreyArea, 10);
        let names: Vec<&str> = grey.shown.iter().map(|&(id, _)| doc.org.dept(id).display_name()).collect();
        assert_eq!(names, ["Repair desk"]);
        assert_eq!((grey.total, grey.elsewhere), (1, None));
    }

    #[test]
    fn a_step_the_org_cannot_show_names_a_sample_that_can() {
        let doc = sample("corner-shop");
        for idea in Idea::ALL {
            let shown = step(&doc, idea, 10);
            if shown.total > 0 {
                continue;
            }
            let name = shown.elsewhere.unwrap_or_else(|| panic!("no sample shows {idea:?}"));
            assert_ne!(name, "corner-shop");
            assert!(step(&sample(name), idea, 10).total > 0, "{name} shows {idea:?}");
        }
        // The corner shop has no IT and no department that earns without customers.
        assert!(step(&doc, Idea::It, 10).elsewhere.is_some());
        assert!(step(&doc, Idea::Mirror, 10).elsewhere.is_some());
    }

    #[test]
    fn every_idea_is_shown_by_some_bundled_sample() {
        for idea in Idea::ALL {
            assert!(sample_showing(idea).is_some(), "{idea:?}");
        }
    }

    #[test]
    fn a_listed_sub_department_is_indented_under_its_listed_parent() {
        let doc = sample("corner-shop");
        let back = step(&doc, Idea::Enabling, 10);
        let rows: Vec<(&str, usize)> =
            back.shown.iter().map(|&(id, level)| (doc.org.dept(id).display_name(), level)).collect();
        assert_eq!(
            rows,
            [("Workshop", 0), ("Carpentry bench", 1), ("Varnishing room", 1), ("Supplier orders", 0)],
            "{rows:?}"
        );
    }

    #[test]
    fn the_list_stops_at_most_but_counts_them_all() {
        let doc = sample("corner-shop");
        let back = step(&doc, Idea::BackOffice, 2);
        assert_eq!(back.shown.len(), 2);
        assert!(back.total > 2);
    }

    #[test]
    fn stepping_stops_at_both_ends() {
        let mut lesson = Lesson::default();
        lesson.previous();
        assert_eq!(lesson.step, 0);
        lesson.last();
        lesson.next();
        assert_eq!(lesson.step, Lesson::STEPS - 1);
        lesson.first();
        assert_eq!(lesson.idea(), Idea::Origin);
    }
}
