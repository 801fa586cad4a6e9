//! The rules of SPEC §4, pure: each department's two facts resolved with their source,
//! the verdict under each model, grey areas, and a reason sentence for every verdict.
//!
//! Resolution order of a fact: explicit → core business → function default →
//! inherited from the nearest ancestor → unknown. Departments are stored parents first,
//! so one pass over the arena resolves inheritance.

use crate::text::t;

use crate::org::catalog::Catalog;
use crate::org::{DeptId, FactKind, Figure, Level, Org};
use crate::text::{Lang, capitalize, sanitize};

/// Where a resolved fact came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Set in the department's own table.
    Explicit,
    /// Its function is the company's core business, so `direct` (C6).
    CoreBusiness,
    /// The default of its function in the catalogue.
    Function,
    /// Taken from the ancestor this many levels up (1: the parent), where the value
    /// was not itself inherited ([`Fact::inherited_from`] finds it). Counted up the
    /// tree rather than held as an id, so that departments put in or taken out
    /// elsewhere leave it as it is: an edit then has no facts to renumber after it,
    /// and a fact takes 6 bytes, not 24.
    Inherited { up: u16 },
    /// Nothing says.
    Unknown,
}

impl Source {
    /// The word used in reports (`explicit`, `core-business`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Explicit => "explicit",
            Source::CoreBusiness => "core-business",
            Source::Function => "function",
            Source::Inherited { .. } => "inherited",
            Source::Unknown => "unknown",
        }
    }
}

/// A resolved fact: its value (none when unknown) and where it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fact {
    pub value: Option<Level>,
    pub source: Source,
}

impl Fact {
    const UNKNOWN: Fact = Fact { value: None, source: Source::Unknown };

    /// The ancestor an inherited fact of department `id` is taken from.
    pub fn inherited_from(&self, org: &Org, id: DeptId) -> Option<DeptId> {
        let Source::Inherited { up } = self.source else { return None };
        org.ancestors_and_self(id).nth(usize::from(up))
    }
}

// Every level a file may nest fits in [`Source::Inherited`].
const _: () = assert!(crate::org::load::MAX_DEPTH < u16::MAX as usize);

/// One of the two definitions of front office (C4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Model {
    /// Front office deals directly with customers.
    Customer,
    /// Front office directly earns the money.
    Profit,
}

impl Model {
    pub const ALL: [Model; 2] = [Model::Customer, Model::Profit];

    /// The fact this model looks at.
    pub fn fact(self) -> FactKind {
        match self {
            Model::Customer => FactKind::Customers,
            Model::Profit => FactKind::Revenue,
        }
    }

    /// The word used on the command line (`customer`, `profit`).
    pub fn as_str(self) -> &'static str {
        match self {
            Model::Customer => "customer",
            Model::Profit => "profit",
        }
    }

    /// The other model.
    pub fn other(self) -> Model {
        match self {
            Model::Customer => Model::Profit,
            Model::Profit => Model::Customer,
        }
    }

    /// "customer model" / "modelo de cliente".
    pub fn label(self, lang: Lang) -> String {
        t!(format!("model.{}", self.as_str()), locale = lang.code()).into()
    }
}

/// Front office, back office, or not enough facts to say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verdict {
    Front,
    Back,
    Undetermined,
}

impl Verdict {
    /// The word used in reports (`front`, `back`, `undetermined`).
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Front => "front",
            Verdict::Back => "back",
            Verdict::Undetermined => "undetermined",
        }
    }

    /// The badge shown in the tree: `[F]`, `[B]`, `[?]`.
    pub fn badge(self) -> &'static str {
        match self {
            Verdict::Front => "[F]",
            Verdict::Back => "[B]",
            Verdict::Undetermined => "[?]",
        }
    }

    /// "front office" / "front office" in Spanish too, "back office"...
    pub fn label(self, lang: Lang) -> String {
        t!(format!("verdict.{}", self.as_str()), locale = lang.code()).into()
    }
}

/// The two resolved facts of a department.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Facts {
    pub customers: Fact,
    pub revenue: Fact,
}

impl Facts {
    /// One of the two facts.
    pub fn fact(&self, kind: FactKind) -> Fact {
        match kind {
            FactKind::Customers => self.customers,
            FactKind::Revenue => self.revenue,
        }
    }

    /// The verdict under a model: `direct` is front, anything else back, unknown
    /// undetermined.
    pub fn verdict(&self, model: Model) -> Verdict {
        match self.fact(model.fact()).value {
            Some(Level::Direct) => Verdict::Front,
            Some(Level::Indirect | Level::None) => Verdict::Back,
            None => Verdict::Undetermined,
        }
    }

    /// Both models determined and in disagreement (C5).
    pub fn is_grey_area(&self) -> bool {
        let (c, p) = (self.verdict(Model::Customer), self.verdict(Model::Profit));
        c != Verdict::Undetermined && p != Verdict::Undetermined && c != p
    }
}

/// The resolved facts of every department of an org, by [`DeptId`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Classification {
    pub facts: Vec<Facts>,
}

impl Classification {
    /// The facts of one department.
    pub fn of(&self, id: DeptId) -> &Facts {
        &self.facts[id]
    }

    /// How much of a figure sits in front and back under each model, counting each
    /// department's own figure; `None` when no department gives it.
    pub fn shares(&self, org: &Org, figure: Figure) -> Option<Shares> {
        let mut shares = Shares::default();
        let mut given = false;
        for (id, dept) in org.departments.iter().enumerate() {
            let Some(amount) = dept.figure(figure) else { continue };
            given = true;
            shares.count(&self.facts[id], amount, true);
        }
        given.then_some(shares)
    }

    /// Resolves again the facts of the departments in `range`, a stretch of the arena
    /// whose parents are all before it or in it (a subtree, or new departments): the
    /// facts before it are taken as they are.
    pub fn resolve_range(&mut self, org: &Org, catalog: &Catalog, range: std::ops::Range<DeptId>) {
        for id in range {
            let facts = resolve(org, catalog, &self.facts, id);
            self.facts[id] = facts;
        }
    }

    /// Works out again the facts of `root`, whose own table changed, and of what
    /// inherits from it. A department whose facts come out as they were leaves its
    /// whole subtree as it was (nothing else in it changed, and what it passes on is
    /// the same), so only what changes is looked at: a fact that stops at the
    /// children's functions costs a few departments, not the whole subtree. Gives
    /// back the departments whose facts changed, each with its facts before.
    pub fn resolve_subtree(&mut self, org: &Org, catalog: &Catalog, root: DeptId) -> Vec<(DeptId, Facts)> {
        let (mut changed, end) = (Vec::new(), org.subtree_end(root));
        let mut id = root;
        while id < end {
            let facts = resolve(org, catalog, &self.facts, id);
            if facts == self.facts[id] {
                id = org.subtree_end(id);
                continue;
            }
            changed.push((id, std::mem::replace(&mut self.facts[id], facts)));
            id += 1;
        }
        changed
    }

    /// The counts of verdicts under a model, and of grey areas.
    pub fn tally(&self) -> Tally {
        let mut tally = Tally::default();
        for facts in &self.facts {
            tally.count(facts, true);
        }
        tally
    }
}

/// How much of a figure (people or money) sits in front, in back and undetermined
/// under each model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shares {
    models: [Share; 2],
}

impl Shares {
    /// The split under one model.
    pub fn model(&self, model: Model) -> Share {
        self.models[model as usize]
    }

    /// Counts one department's `amount` in (`add`) or out, where its facts put it.
    /// Counting in saturates at the largest amount; counting out is exact only while
    /// no total reached it ([`Shares::saturated`]).
    pub fn count(&mut self, facts: &Facts, amount: u64, add: bool) {
        for model in Model::ALL {
            let share = &mut self.models[model as usize];
            let slot = match facts.verdict(model) {
                Verdict::Front => &mut share.front,
                Verdict::Back => &mut share.back,
                Verdict::Undetermined => &mut share.undetermined,
            };
            *slot = if add { slot.saturating_add(amount) } else { slot.saturating_sub(amount) };
        }
    }

    /// Whether a total may have been cut at the largest amount.
    pub fn saturated(&self) -> bool {
        self.models.iter().any(|s| [s.front, s.back, s.undetermined].contains(&u64::MAX))
    }
}

/// One model's split of a figure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Share {
    pub front: u64,
    pub back: u64,
    pub undetermined: u64,
}

impl Share {
    pub fn total(&self) -> u64 {
        self.front.saturating_add(self.back).saturating_add(self.undetermined)
    }

    /// `part` as a whole percentage of the total, rounded (0 when the total is 0).
    pub fn percent(&self, part: u64) -> u64 {
        let total = self.total();
        if total == 0 { 0 } else { ((u128::from(part) * 100 + u128::from(total) / 2) / u128::from(total)) as u64 }
    }
}

/// Verdict counts under one model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ModelTally {
    pub front: usize,
    pub back: usize,
    pub undetermined: usize,
}

/// Verdict counts under both models, and grey areas.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    models: [ModelTally; 2],
    pub grey_areas: usize,
}

impl Tally {
    /// The counts under one model.
    pub fn model(&self, model: Model) -> ModelTally {
        self.models[model as usize]
    }

    /// Counts one department's verdicts in (`add`) or out.
    pub fn count(&mut self, facts: &Facts, add: bool) {
        let step = |n: &mut usize| *n = if add { *n + 1 } else { *n - 1 };
        for (i, model) in Model::ALL.into_iter().enumerate() {
            match facts.verdict(model) {
                Verdict::Front => step(&mut self.models[i].front),
                Verdict::Back => step(&mut self.models[i].back),
                Verdict::Undetermined => step(&mut self.models[i].undetermined),
            }
        }
        if facts.is_grey_area() {
            step(&mut self.grey_areas);
        }
    }
}

/// Resolves both facts of every department.
pub fn classify(org: &Org, catalog: &Catalog) -> Classification {
    let mut facts: Vec<Facts> = Vec::with_capacity(org.len());
    for id in 0..org.len() {
        let resolved = resolve(org, catalog, &facts, id);
        facts.push(resolved);
    }
    Classification { facts }
}

/// Both facts of one department, given the facts of those before it (its parent's
/// among them).
fn resolve(org: &Org, catalog: &Catalog, facts: &[Facts], id: DeptId) -> Facts {
    let dept = org.dept(id);
    let resolve = |kind: FactKind| -> Fact {
        match dept.fact(kind) {
            Some(value) => Fact { value: Some(value), source: Source::Explicit },
            None => resolve_unset(org, catalog, facts, id, kind),
        }
    };
    Facts { customers: resolve(FactKind::Customers), revenue: resolve(FactKind::Revenue) }
}

/// What a department's fact would be if its own table did not set it: `direct` for
/// the core business, else its function's default, else its parent's value. The
/// editor starts the cycle of a fact after this value, so that the first press always
/// changes what shows.
pub fn unset_fact(org: &Org, catalog: &Catalog, classes: &Classification, id: DeptId, kind: FactKind) -> Fact {
    resolve_unset(org, catalog, &classes.facts, id, kind)
}

/// The value the editor sets next when a fact is cycled, each press changing what
/// shows: the levels in order (direct → indirect → none → direct), starting after the
/// value shown, and back to unset (`None`) where the next level would be the one unset
/// gives anyway. `set` is the department's own value, `unset` what it gets without one.
pub fn next_in_cycle(set: Option<Level>, unset: Option<Level>) -> Option<Level> {
    let after = |level: Level| Level::ALL[(Level::ALL.iter().position(|&l| l == level).unwrap_or(0) + 1) % 3];
    match (set, unset) {
        (None, Some(shown)) => Some(after(shown)),
        (None, None) => Some(Level::Direct),
        (Some(level), Some(given)) if after(level) == given => None,
        (Some(Level::None), None) => None,
        (Some(level), _) => Some(after(level)),
    }
}

/// [`unset_fact`] over the facts resolved so far (the parent's among them).
fn resolve_unset(org: &Org, catalog: &Catalog, facts: &[Facts], id: DeptId, kind: FactKind) -> Fact {
    let dept = org.dept(id);
    let core = org.company.core_business.as_deref();
    if core.is_some() && dept.function.as_deref() == core {
        return Fact { value: Some(Level::Direct), source: Source::CoreBusiness };
    }
    let function = dept.function.as_deref().and_then(|key| catalog.get(key));
    let default = function.and_then(|f| match kind {
        FactKind::Customers => f.customers,
        FactKind::Revenue => f.revenue,
    });
    if let Some(value) = default {
        return Fact { value: Some(value), source: Source::Function };
    }
    match org.parent(id) {
        Some(parent_id) => {
            let inherited = facts[parent_id].fact(kind);
            match inherited.source {
                Source::Unknown => Fact::UNKNOWN,
                Source::Inherited { up } => Fact { value: inherited.value, source: Source::Inherited { up: up + 1 } },
                _ => Fact { value: inherited.value, source: Source::Inherited { up: 1 } },
            }
        }
        None => Fact::UNKNOWN,
    }
}

/// The sentence that explains a verdict, in plain words: what the fact's value means
/// ("it deals with no customers") and where it comes from (the department itself, the
/// function by its name, or the ancestor by its name), never the file's syntax.
pub fn reason(org: &Org, catalog: &Catalog, id: DeptId, facts: &Facts, model: Model, lang: Lang) -> String {
    Reasons::new(org, catalog, lang).reason(id, facts, model)
}

/// Writes reason sentences for many departments: the texts of the language are looked
/// up once, so a report of a million departments does not look them up two million
/// times.
pub struct Reasons<'a> {
    org: &'a Org,
    catalog: &'a Catalog,
    lang: Lang,
    determined: Template,
    undetermined: [Template; 2],
    models: [String; 2],
    /// Verdict labels, by `Verdict as usize`.
    verdicts: [String; 3],
    /// What each value of each fact means, by `[fact][level]`.
    meanings: [[String; 3]; 2],
    explicit: String,
    core_business: Template,
    function: Template,
    inherited: Template,
}

impl<'a> Reasons<'a> {
    /// Looks up the texts of `lang`.
    pub fn new(org: &'a Org, catalog: &'a Catalog, lang: Lang) -> Reasons<'a> {
        let l = lang.code();
        let text = |key: &str| t!(key, locale = l).into_owned();
        Reasons {
            org,
            catalog,
            lang,
            determined: Template::new(&text("reason.determined")),
            undetermined: ["reason.undetermined.customers", "reason.undetermined.revenue"]
                .map(|k| Template::new(&text(k))),
            models: Model::ALL.map(|m| m.label(lang)),
            verdicts: [Verdict::Front, Verdict::Back, Verdict::Undetermined].map(|v| v.label(lang)),
            meanings: [FactKind::Customers, FactKind::Revenue]
                .map(|k| Level::ALL.map(|v| text(&format!("meaning.{}.{}", k.field(), v.as_str())))),
            explicit: text("source.explicit"),
            core_business: Template::new(&text("source.core_business")),
            function: Template::new(&text("source.function")),
            inherited: Template::new(&text("source.inherited")),
        }
    }

    /// The reason of one department's verdict under one model.
    pub fn reason(&self, id: DeptId, facts: &Facts, model: Model) -> String {
        let kind = model.fact();
        let fact = facts.fact(kind);
        let dept = self.org.dept(id);
        let model_label = &self.models[model as usize];
        let function_name = || {
            let key = dept.function.as_deref().unwrap_or_default();
            let name = self.catalog.get(key).map_or(key, |f| f.name.get(self.lang));
            sanitize(name).into_owned()
        };
        let source = match fact.source {
            Source::Explicit => self.explicit.clone(),
            Source::CoreBusiness => self.core_business.fill(&[("function", &function_name())]),
            Source::Function => self.function.fill(&[("function", &function_name())]),
            // No ancestor that far up: facts given for another department.
            Source::Inherited { .. } => fact.inherited_from(self.org, id).map_or_else(String::new, |from| {
                self.inherited.fill(&[("ancestor", &sanitize(self.org.dept(from).display_name()))])
            }),
            Source::Unknown => String::new(),
        };
        match fact.value {
            Some(value) => {
                let meaning = &self.meanings[kind as usize][value as usize];
                let verdict = &self.verdicts[facts.verdict(model) as usize];
                let mut sentence = self.determined.fill(&[
                    ("verdict", verdict),
                    ("model", model_label),
                    ("meaning", meaning),
                    ("source", &source),
                ]);
                if sentence.is_char_boundary(1) {
                    sentence[..1].make_ascii_uppercase();
                    sentence
                } else {
                    capitalize(&sentence)
                }
            }
            None => self.undetermined[model as usize].fill(&[("model", model_label)]),
        }
    }
}

/// A text with `%{name}` places, split once so that filling it many times is only
/// copying.
struct Template {
    parts: Vec<Part>,
}

enum Part {
    Text(String),
    Place(String),
}

impl Template {
    fn new(text: &str) -> Template {
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find("%{") {
            let Some(end) = rest[start..].find('}') else { break };
            parts.push(Part::Text(rest[..start].to_string()));
            parts.push(Part::Place(rest[start + 2..start + end].to_string()));
            rest = &rest[start + end + 1..];
        }
        parts.push(Part::Text(rest.to_string()));
        Template { parts }
    }

    /// The text with its places filled; a place without a value stays as written.
    fn fill(&self, values: &[(&str, &str)]) -> String {
        let mut out = String::with_capacity(160);
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Place(name) => match values.iter().find(|(n, _)| n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push_str("%{");
                        out.push_str(name);
                        out.push('}');
                    }
                },
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The facts of every department are held in one array, moved by every edit that
    /// puts departments in or takes them out: they stay small.
    #[test]
    fn a_departments_facts_take_a_few_bytes() {
        assert_eq!(std::mem::size_of::<Facts>(), 12);
    }

    fn classify_text(text: &str) -> (Org, Classification) {
        let org = crate::org::load(text).expect("valid org");
        let classes = classify(&org, &Catalog::for_org(&org));
        (org, classes)
    }

    /// A fact changed at the top of a subtree reaches what inherits it and stops at
    /// what does not: the departments whose facts come out as they were are where the
    /// walk turns back, and the facts are those of a fresh classification.
    #[test]
    fn a_subtree_is_classified_again_only_as_far_as_its_facts_change() {
        let text = "[company]\nname = \"X\"\n\
                    [org.a]\nname = \"A\"\ncustomers = \"direct\"\n\
                    [org.a.heirs]\nname = \"Heirs\"\n[org.a.heirs.deeper]\nname = \"Deeper\"\n\
                    [org.a.sellers]\nname = \"Sellers\"\nfunction = \"sales\"\n\
                    [org.a.sellers.under]\nname = \"Under\"\n[org.a.sellers.under.more]\nname = \"More\"\n\
                    [org.a.own]\nname = \"Own\"\ncustomers = \"none\"\n[org.a.own.kid]\nname = \"Kid\"\n\
                    [org.b]\nname = \"B\"\n";
        let (_, mut classes) = classify_text(text);
        let edited = text.replace("customers = \"direct\"", "customers = \"indirect\"");
        let (org, fresh) = classify_text(&edited);
        let changed = classes.resolve_subtree(&org, &Catalog::for_org(&org), 0);
        let names: Vec<&str> = changed.iter().map(|&(d, _)| org.dept(d).display_name()).collect();
        assert_eq!(names, ["A", "Heirs", "Deeper"], "what sets or gets its own customers is left as it was");
        assert_eq!(classes, fresh);
        // Nothing changes: the walk stops at the top.
        assert_eq!(classes.resolve_subtree(&org, &Catalog::for_org(&org), 0), []);
    }

    /// Cycling a fact from any start changes what shows on every press, and comes
    /// back to where it began (unset) in at most four presses.
    #[test]
    fn every_press_of_a_fact_cycle_changes_what_shows() {
        let levels = [None, Some(Level::Direct), Some(Level::Indirect), Some(Level::None)];
        for unset in levels {
            for start in levels {
                let shown = |set: Option<Level>| set.or(unset);
                let mut set = start;
                let mut back_to_unset = false;
                for _ in 0..4 {
                    let next = next_in_cycle(set, unset);
                    assert_ne!(shown(next), shown(set), "from {set:?} with {unset:?} unset");
                    back_to_unset |= next.is_none();
                    set = next;
                }
                assert!(back_to_unset, "from {start:?} with {unset:?} unset");
            }
        }
        assert_eq!(next_in_cycle(None, Some(Level::Direct)), Some(Level::Indirect));
        assert_eq!(next_in_cycle(Some(Level::None), Some(Level::Direct)), None);
    }

    #[test]
    fn inherited_fact_names_the_origin_not_the_intermediate() {
        let (org, c) =
            classify_text("[company]\nname = \"X\"\n[org.a]\ncustomers = \"direct\"\n[org.a.b]\n[org.a.b.c]\n");
        let c_id = org.find_path(&["a", "b", "c"]).unwrap();
        assert_eq!(c.of(c_id).customers, Fact { value: Some(Level::Direct), source: Source::Inherited { up: 2 } });
        assert_eq!(c.of(c_id).customers.inherited_from(&org, c_id), org.find_path(&["a"]));
        // Given to a department with no ancestor that far up, the facts are explained
        // without one, not with a panic.
        let a_id = org.find_path(&["a"]).unwrap();
        let catalog = crate::org::catalog::Catalog::for_org(&org);
        let said = reason(&org, &catalog, a_id, c.of(c_id), Model::Customer, Lang::En);
        assert!(said.starts_with("Front office under the customer model"), "{said}");
        assert_eq!(c.of(c_id).revenue, Fact::UNKNOWN);
        assert_eq!(c.of(c_id).verdict(Model::Profit), Verdict::Undetermined);
    }
}
