//! The quiz: questions about departments of the open org and about the concept, the
//! right answer revealed after each answer with its reason and the concept it shows,
//! a score, and what was missed listed at the end.
//!
//! Four kinds of question ([`Kind`]): front or back office under a named model; grey
//! area or not; which model puts the department in the front office (the customer
//! model, the profit model, both or neither); and multiple choice on the concept's
//! facts C1–C8 ([`CONCEPT_ITEMS`]). A question that is about a model names it and
//! keeps it: the header's model does not change what is asked.
//!
//! The rules of a round:
//! - at most [`MAX_QUESTIONS`] questions: up to [`MAX_QUESTIONS`] − [`CONCEPT_QUESTIONS`]
//!   about departments, and [`CONCEPT_QUESTIONS`] about the concept (none when the org
//!   has no department to ask about: the round is then empty);
//! - a department is asked about at most once, and only when a model determines it;
//! - questions about grey areas (C5) are at most [`grey_limit`] of the round — a third,
//!   rounded down, but at least one — and never two in a row;
//! - the kinds, the order and the order of the choices are fixed by the seed, so that
//!   another class replays the same round;
//! - an answer counts once: answering again while the reveal shows, or after the end,
//!   does nothing.

use std::collections::HashSet;

use crate::classify::{Model, Verdict};
use crate::concept::{Asked, Fact};
use crate::document::Document;
use crate::generate::SplitMix64;
use crate::org::DeptId;
use crate::tui::action::Action;

/// The most questions in one round.
pub const MAX_QUESTIONS: usize = 10;
/// The questions about the concept in a round that has any.
pub const CONCEPT_QUESTIONS: usize = 2;

/// The most questions about grey areas a round of `len` questions holds: a third,
/// rounded down, but at least one.
pub fn grey_limit(len: usize) -> usize {
    (len / 3).max(1)
}

/// A multiple-choice question on one fact of the concept. Its texts are
/// `teach.quiz.cq.<key>.question` and its choices `….a` (the right one), `….b`, `….c`,
/// `….d`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConceptItem {
    pub key: &'static str,
    /// The fact it is about.
    pub fact: Fact,
}

/// Every concept question, one or two for each fact.
pub const CONCEPT_ITEMS: [ConceptItem; 12] = [
    ConceptItem { key: "back_office", fact: Fact::Back },
    ConceptItem { key: "origin", fact: Fact::Origin },
    ConceptItem { key: "origin_today", fact: Fact::Origin },
    ConceptItem { key: "front_office", fact: Fact::Front },
    ConceptItem { key: "customer_model", fact: Fact::Models },
    ConceptItem { key: "profit_model", fact: Fact::Models },
    ConceptItem { key: "grey_support", fact: Fact::Grey },
    ConceptItem { key: "grey_sales", fact: Fact::Grey },
    ConceptItem { key: "accounting", fact: Fact::Accounting },
    ConceptItem { key: "accounting_firm", fact: Fact::Accounting },
    ConceptItem { key: "it", fact: Fact::It },
    ConceptItem { key: "enabling", fact: Fact::Enabling },
];

/// What a question asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Front or back office under a named model?
    Side,
    /// Is it a grey area?
    Grey,
    /// Which model puts it in the front office?
    Which,
    /// A fact of the concept.
    Concept,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Side, Kind::Grey, Kind::Which, Kind::Concept];

    /// The word used in result files and test names.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Side => "side",
            Kind::Grey => "grey",
            Kind::Which => "which",
            Kind::Concept => "concept",
        }
    }
}

/// One question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Question {
    /// Is this department front or back office under this model?
    Side { dept: DeptId, model: Model },
    /// Is this department a grey area?
    Grey { dept: DeptId },
    /// Which model puts this department in the front office?
    Which { dept: DeptId },
    /// A concept question ([`CONCEPT_ITEMS`]`[item]`), its choices shown in this order
    /// (0 is the right one).
    Concept { item: usize, order: [u8; 4] },
}

/// One of the answers a question offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    Front,
    Back,
    Yes,
    No,
    CustomerOnly,
    ProfitOnly,
    Both,
    Neither,
    /// A choice of a concept question: 0 is the right one.
    Concept {
        item: usize,
        option: u8,
    },
}

impl Question {
    /// What it asks.
    pub fn kind(&self) -> Kind {
        match self {
            Question::Side { .. } => Kind::Side,
            Question::Grey { .. } => Kind::Grey,
            Question::Which { .. } => Kind::Which,
            Question::Concept { .. } => Kind::Concept,
        }
    }

    /// The department asked about, if any.
    pub fn dept(&self) -> Option<DeptId> {
        match *self {
            Question::Side { dept, .. } | Question::Grey { dept } | Question::Which { dept } => Some(dept),
            Question::Concept { .. } => None,
        }
    }

    /// The model named by the question, if any.
    pub fn model(&self) -> Option<Model> {
        match *self {
            Question::Side { model, .. } => Some(model),
            _ => None,
        }
    }

    /// The action that picks choice `index`: `f`/`b` for front and back, `a`–`d` for
    /// lettered choices (`b` is the second choice of every question).
    pub fn answer_action(&self, index: usize) -> Option<Action> {
        match (self.kind(), index) {
            (Kind::Side, 0) => Some(Action::AnswerFront),
            (_, 0) => Some(Action::AnswerA),
            (_, 1) => Some(Action::AnswerBack),
            (_, 2) => Some(Action::AnswerC),
            (_, 3) => Some(Action::AnswerD),
            _ => None,
        }
    }

    /// The answers offered, in the order shown.
    pub fn choices(&self) -> Vec<Choice> {
        match *self {
            Question::Side { .. } => vec![Choice::Front, Choice::Back],
            Question::Grey { .. } => vec![Choice::Yes, Choice::No],
            Question::Which { .. } => vec![Choice::CustomerOnly, Choice::ProfitOnly, Choice::Both, Choice::Neither],
            Question::Concept { item, order } => order.iter().map(|&option| Choice::Concept { item, option }).collect(),
        }
    }

    /// A short name of the question for a results file: its kind, its model and the
    /// department's path of ids, or the concept question's key.
    pub fn id(&self, doc: &Document) -> String {
        let dept = |id: DeptId| if id < doc.org.len() { doc.org.path(id).join(".") } else { "?".to_string() };
        match *self {
            Question::Side { dept: id, model } => format!("side-{}:{}", model.as_str(), dept(id)),
            Question::Grey { dept: id } => format!("grey:{}", dept(id)),
            Question::Which { dept: id } => format!("which:{}", dept(id)),
            Question::Concept { item, .. } => format!("concept:{}", CONCEPT_ITEMS[item].key),
        }
    }

    /// The index of the right choice in the document as it is now; `None` when the
    /// department is gone or no longer determined enough to answer.
    pub fn right(&self, doc: &Document) -> Option<usize> {
        if let Question::Concept { order, .. } = self {
            return order.iter().position(|&o| o == 0);
        }
        let dept = self.dept().filter(|&d| d < doc.org.len())?;
        let facts = doc.classes.of(dept);
        let front = |model: Model| match facts.verdict(model) {
            Verdict::Undetermined => None,
            verdict => Some(verdict == Verdict::Front),
        };
        match *self {
            Question::Side { model, .. } => front(model).map(|front| usize::from(!front)),
            Question::Grey { .. } => {
                let (customer, profit) = (front(Model::Customer)?, front(Model::Profit)?);
                Some(usize::from(customer == profit))
            }
            Question::Which { .. } => Some(match (front(Model::Customer)?, front(Model::Profit)?) {
                (true, false) => 0,
                (false, true) => 1,
                (true, true) => 2,
                (false, false) => 3,
            }),
            Question::Concept { .. } => None,
        }
    }

    /// The fact of the concept the question shows: a concept question's own; for a
    /// question about a department, the rule of [`crate::concept::fact_asked`].
    pub fn concept(&self, doc: &Document) -> Fact {
        let asked = match *self {
            Question::Concept { item, .. } => return CONCEPT_ITEMS[item].fact,
            Question::Side { .. } => Asked::Side,
            Question::Grey { .. } => Asked::GreyOrNot,
            Question::Which { .. } => Asked::WhichModel,
        };
        match self.dept().filter(|&d| d < doc.org.len()) {
            Some(dept) => crate::concept::fact_asked(doc, dept, asked),
            None => Fact::Models,
        }
    }
}

/// An answered question: the choice given and the right one, by index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub question: Question,
    pub given: usize,
    pub right: usize,
}

impl Outcome {
    /// Whether the answer was right.
    pub fn is_right(&self) -> bool {
        self.given == self.right
    }
}

/// The state of the quiz.
#[derive(Clone, Debug, Default)]
pub struct Quiz {
    questions: Vec<Question>,
    /// The question being asked or revealed; `questions.len()` once the round is over.
    position: usize,
    /// The outcome of the current question while its reveal shows.
    revealed: Option<Outcome>,
    /// Every answer given, in order.
    outcomes: Vec<Outcome>,
    /// The seed the round was drawn with.
    seed: u64,
}

impl Quiz {
    /// A round over `doc`, drawn with `seed`.
    pub fn new(doc: &Document, seed: u64) -> Quiz {
        let mut rng = SplitMix64(seed);
        let facts = |id: DeptId| doc.classes.of(id);
        let determined = |id: DeptId, model: Model| facts(id).verdict(model) != Verdict::Undetermined;
        let dept_room = MAX_QUESTIONS - CONCEPT_QUESTIONS;

        let greys = sample(&mut rng, doc.grey_areas.len(), dept_room, |_| true);
        let greys: Vec<DeptId> = greys.into_iter().map(|i| doc.grey_areas[i]).collect();
        let first_greys = greys.len().min(MAX_QUESTIONS / 3);
        let others = sample(&mut rng, doc.org.len(), dept_room - first_greys, |id| {
            !facts(id).is_grey_area() && Model::ALL.into_iter().any(|m| determined(id, m))
        });
        // More grey areas only to fill a round the others leave short, within the limit.
        let mut grey_count = first_greys;
        let concepts = |depts: usize| if depts > 0 { CONCEPT_QUESTIONS } else { 0 };
        while grey_count < greys.len()
            && grey_count + others.len() < dept_room
            && grey_count < grey_limit(grey_count + 1 + others.len() + concepts(grey_count + 1 + others.len()))
        {
            grey_count += 1;
        }
        while grey_count > 0 && grey_count > grey_limit(grey_count + others.len() + concepts(grey_count + others.len()))
        {
            grey_count -= 1;
        }

        let mut plain: Vec<Question> = others.iter().map(|&dept| dept_question(doc, dept, &mut rng)).collect();
        if !plain.is_empty() || grey_count > 0 {
            for item in sample(&mut rng, CONCEPT_ITEMS.len(), CONCEPT_QUESTIONS, |_| true) {
                let mut order = [0, 1, 2, 3];
                rng.shuffle(&mut order);
                plain.push(Question::Concept { item, order });
            }
        }
        let grey: Vec<Question> = greys[..grey_count].iter().map(|&dept| dept_question(doc, dept, &mut rng)).collect();
        rng.shuffle(&mut plain);
        // Grey areas go into distinct gaps between the others: never two in a row.
        let mut gaps = sample(&mut rng, plain.len() + 1, grey.len(), |_| true);
        gaps.sort_unstable();
        let mut questions = Vec::with_capacity(plain.len() + grey.len());
        let mut grey = grey.into_iter();
        let mut gaps = gaps.into_iter().peekable();
        for i in 0..=plain.len() {
            if gaps.next_if_eq(&i).is_some() {
                questions.extend(grey.next());
            }
            if let Some(&q) = plain.get(i) {
                questions.push(q);
            }
        }
        Quiz { questions, position: 0, revealed: None, outcomes: Vec::new(), seed }
    }

    /// The same round drawn again over a changed org (after an edit), from the start.
    pub fn redrawn(&self, doc: &Document) -> Quiz {
        Quiz::new(doc, self.seed)
    }

    /// A new round, drawn with the next seed.
    pub fn restarted(&self, doc: &Document) -> Quiz {
        Quiz::new(doc, self.seed.wrapping_add(1))
    }

    /// Answers the current question with its choice number `given`. Ignored while the
    /// reveal shows, after the end, and for a choice the question does not offer.
    pub fn answer(&mut self, doc: &Document, given: usize) {
        if self.revealed.is_some() {
            return;
        }
        let Some(question) = self.current() else { return };
        if given >= question.choices().len() {
            return;
        }
        let Some(right) = question.right(doc) else { return };
        let outcome = Outcome { question, given, right };
        self.outcomes.push(outcome);
        self.revealed = Some(outcome);
    }

    /// Moves on to the next question after the reveal. Before an answer it does nothing,
    /// unless the question can no longer be answered (the org changed under it).
    pub fn next(&mut self, doc: &Document) {
        let Some(question) = self.current() else { return };
        if self.revealed.take().is_some() || question.right(doc).is_none() {
            self.position += 1;
        }
    }

    /// The seed the round was drawn with: the same seed gives another class the same quiz.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Every question of the round, in order.
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// True when the org had nothing to ask.
    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }

    /// The number of questions in the round.
    pub fn len(&self) -> usize {
        self.questions.len()
    }

    /// The index of the current question (0-based); `len()` once the round is over.
    pub fn position(&self) -> usize {
        self.position
    }

    /// The question being asked or revealed; `None` once the round is over.
    pub fn current(&self) -> Option<Question> {
        self.questions.get(self.position).copied()
    }

    /// The outcome of the current question, while its reveal shows.
    pub fn revealed(&self) -> Option<&Outcome> {
        self.revealed.as_ref()
    }

    /// True once every question has been passed.
    pub fn is_finished(&self) -> bool {
        !self.questions.is_empty() && self.position >= self.questions.len()
    }

    /// Right answers so far.
    pub fn score(&self) -> usize {
        self.outcomes.iter().filter(|o| o.is_right()).count()
    }

    /// Answers given so far.
    pub fn answered(&self) -> usize {
        self.outcomes.len()
    }

    /// Every answer given, in order.
    pub fn outcomes(&self) -> &[Outcome] {
        &self.outcomes
    }

    /// The wrong answers, in order.
    pub fn missed(&self) -> impl Iterator<Item = &Outcome> {
        self.outcomes.iter().filter(|o| !o.is_right())
    }
}

/// A question about a department, its kind picked by the seed among those the
/// department can answer: all four when both models determine it, else front or back
/// under the model that does.
fn dept_question(doc: &Document, dept: DeptId, rng: &mut SplitMix64) -> Question {
    let facts = doc.classes.of(dept);
    let models: Vec<Model> = Model::ALL.into_iter().filter(|&m| facts.verdict(m) != Verdict::Undetermined).collect();
    if models.len() < 2 {
        return Question::Side { dept, model: models.first().copied().unwrap_or(Model::Customer) };
    }
    match rng.below(4) {
        0 => Question::Side { dept, model: Model::Customer },
        1 => Question::Side { dept, model: Model::Profit },
        2 => Question::Grey { dept },
        _ => Question::Which { dept },
    }
}

/// Up to `k` distinct indices below `n` that `accept` keeps, in an order fixed by the
/// random source. Small ranges are shuffled whole; large ones are sampled, so that a
/// quiz over a million departments costs no more than one over a hundred.
fn sample(rng: &mut SplitMix64, n: usize, k: usize, accept: impl Fn(usize) -> bool) -> Vec<usize> {
    const SHUFFLE_LIMIT: usize = 4096;
    if n <= SHUFFLE_LIMIT {
        let mut all: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut all);
        return all.into_iter().filter(|&i| accept(i)).take(k).collect();
    }
    let mut picked = Vec::with_capacity(k);
    let mut seen = HashSet::new();
    for _ in 0..k * 64 {
        if picked.len() == k {
            return picked;
        }
        let i = rng.below(n);
        if seen.insert(i) && accept(i) {
            picked.push(i);
        }
    }
    // Few acceptable indices: walk the range from a random start.
    let start = rng.below(n);
    for i in (start..n).chain(0..start) {
        if picked.len() == k {
            break;
        }
        if !seen.contains(&i) && accept(i) {
            picked.push(i);
        }
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples::{SAMPLES, SAMPLES_ES};

    #[test]
    fn large_ranges_are_sampled_without_repeats() {
        let mut rng = SplitMix64(1);
        let picked = sample(&mut rng, 1_000_000, 10, |i| i % 2 == 0);
        assert_eq!(picked.len(), 10);
        assert_eq!(picked.iter().collect::<HashSet<_>>().len(), 10);
        assert!(picked.iter().all(|i| i % 2 == 0));
        let rare = sample(&mut rng, 100_000, 10, |i| i == 5 || i == 99_999);
        assert_eq!(rare.len(), 2);
    }

    /// Over 1,000 seeds on every sample, in both languages: no round asks about a
    /// department twice; questions about grey areas are at most `grey_limit(len)`
    /// (a third, rounded down, at least one) and never two in a row; every question
    /// can be answered; the same seed gives the same round; and every kind of
    /// question appears.
    #[test]
    fn rounds_never_repeat_a_department_and_keep_grey_areas_to_a_third() {
        for sample in SAMPLES.iter().chain(SAMPLES_ES.iter()) {
            let doc = Document::from_text(None, sample.text.to_string()).expect("a valid sample");
            let mut kinds = HashSet::new();
            for seed in 0..1000 {
                let quiz = Quiz::new(&doc, seed);
                let questions = quiz.questions();
                assert_eq!(questions.len(), MAX_QUESTIONS, "{} seed {seed}", sample.name);
                let depts: Vec<DeptId> = questions.iter().filter_map(Question::dept).collect();
                let distinct: HashSet<DeptId> = depts.iter().copied().collect();
                assert_eq!(distinct.len(), depts.len(), "{} seed {seed}: a department twice", sample.name);
                let grey = |q: &Question| q.dept().is_some_and(|d| doc.classes.of(d).is_grey_area());
                let greys = questions.iter().filter(|q| grey(q)).count();
                assert!(greys <= grey_limit(questions.len()), "{} seed {seed}: {greys} grey areas", sample.name);
                assert!(
                    questions.windows(2).all(|w| !(grey(&w[0]) && grey(&w[1]))),
                    "{} seed {seed}: grey areas in a row",
                    sample.name
                );
                assert_eq!(questions.iter().filter(|q| q.kind() == Kind::Concept).count(), CONCEPT_QUESTIONS);
                for q in questions {
                    let right = q.right(&doc).unwrap_or_else(|| panic!("{} seed {seed}: {q:?}", sample.name));
                    assert!(right < q.choices().len());
                    kinds.insert(q.kind());
                }
                assert_eq!(Quiz::new(&doc, seed).questions(), questions);
            }
            assert_eq!(kinds.len(), Kind::ALL.len(), "{}: kinds seen {kinds:?}", sample.name);
        }
    }

    #[test]
    fn the_bank_asks_about_grey_areas_a_third_of_the_time_at_most() {
        let bank = SAMPLES.iter().find(|s| s.name == "bank").unwrap();
        let doc = Document::from_text(None, bank.text.to_string()).unwrap();
        assert!(doc.grey_areas.len() > 4, "the bank has many grey areas");
        let greys = |seed| {
            let quiz = Quiz::new(&doc, seed);
            quiz.questions().iter().filter(|q| q.dept().is_some_and(|d| doc.classes.of(d).is_grey_area())).count()
        };
        assert!((0..1000).all(|seed| greys(seed) == 3), "exactly the limit when there are plenty");
    }

    #[test]
    fn a_small_org_still_gets_its_grey_area() {
        let text = "[company]\nname = \"Q\"\n[org.support]\nfunction = \"post-sales-support\"\n";
        let doc = Document::from_text(None, text.to_string()).unwrap();
        let quiz = Quiz::new(&doc, 3);
        assert_eq!(quiz.len(), 1 + CONCEPT_QUESTIONS);
        assert_eq!(quiz.questions().iter().filter(|q| q.dept() == Some(0)).count(), 1);
    }
}
