//! The quiz: "front or back office under the X model?" about departments of the open
//! org, with the right answer and its reason revealed after each answer, a score, and
//! the missed questions listed at the end.
//!
//! The rules of a round:
//! - at most [`MAX_QUESTIONS`] questions, fewer when the org has fewer to ask;
//! - a grey area (C5) is asked under both models, the two questions one after the
//!   other, and grey areas are picked first (at most [`MAX_GREY_AREAS`] of them, more
//!   only when nothing else is left to ask), because they are the point of the lesson;
//! - any other department is asked under one model, picked by the seed among the
//!   models that determine it; a department no model determines is never asked;
//! - the order is fixed by the seed, so that a class can replay the same round;
//! - an answer counts once: answering again while the reveal shows, or after the end,
//!   does nothing.

use std::collections::HashSet;

use crate::classify::{Model, Verdict};
use crate::document::Document;
use crate::generate::SplitMix64;
use crate::org::DeptId;

/// The most questions in one round.
pub const MAX_QUESTIONS: usize = 10;
/// The most grey areas picked before the other departments (each is two questions).
pub const MAX_GREY_AREAS: usize = 3;

/// One question: is this department front or back office under this model?
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Question {
    pub dept: DeptId,
    pub model: Model,
}

/// An answered question: what was said and what was right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub question: Question,
    pub given: Verdict,
    pub right: Verdict,
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
    /// The seed the order was drawn with.
    seed: u64,
}

impl Quiz {
    /// A quiz over the departments of `doc`, in an order fixed by `seed`.
    pub fn new(doc: &Document, seed: u64) -> Quiz {
        let mut rng = SplitMix64(seed);
        let facts = |id: DeptId| doc.classes.of(id);
        let determined = |id: DeptId, model: Model| facts(id).verdict(model) != Verdict::Undetermined;

        // Grey areas first: the first few now, the rest only to fill an otherwise short round.
        let greys = sample(&mut rng, doc.grey_areas.len(), MAX_QUESTIONS / 2, |_| true);
        let greys: Vec<DeptId> = greys.into_iter().map(|i| doc.grey_areas[i]).collect();
        let first_greys = greys.len().min(MAX_GREY_AREAS);
        let room = MAX_QUESTIONS - 2 * first_greys;
        let others = sample(&mut rng, doc.org.len(), room, |id| {
            !facts(id).is_grey_area() && Model::ALL.into_iter().any(|m| determined(id, m))
        });

        let mut units: Vec<Vec<Question>> = Vec::new();
        for &dept in &greys[..first_greys] {
            units.push(grey_questions(dept, &mut rng));
        }
        for &dept in &others {
            let models: Vec<Model> = Model::ALL.into_iter().filter(|&m| determined(dept, m)).collect();
            let model = models[rng.below(models.len())];
            units.push(vec![Question { dept, model }]);
        }
        let mut count = 2 * first_greys + others.len();
        for &dept in &greys[first_greys..] {
            if count + 2 > MAX_QUESTIONS {
                break;
            }
            units.push(grey_questions(dept, &mut rng));
            count += 2;
        }
        rng.shuffle(&mut units);
        let questions = units.into_iter().flatten().collect();
        Quiz { questions, position: 0, revealed: None, outcomes: Vec::new(), seed }
    }

    /// The same round drawn again over a changed org (after an edit), from the start.
    pub fn redrawn(&self, doc: &Document) -> Quiz {
        Quiz::new(doc, self.seed)
    }

    /// A new round in a new order.
    pub fn restarted(&self, doc: &Document) -> Quiz {
        Quiz::new(doc, self.seed.wrapping_add(1))
    }

    /// Answers the current question. Ignored while the reveal shows, after the end, and
    /// for an answer that is neither front nor back.
    pub fn answer(&mut self, doc: &Document, verdict: Verdict) {
        if self.revealed.is_some() || verdict == Verdict::Undetermined {
            return;
        }
        let Some(question) = self.current() else { return };
        let Some(right) = right_answer(doc, question) else { return };
        let outcome = Outcome { question, given: verdict, right };
        self.outcomes.push(outcome);
        self.revealed = Some(outcome);
    }

    /// Moves on to the next question after the reveal. Before an answer it does nothing,
    /// unless the question can no longer be answered (the org changed under it).
    pub fn next(&mut self, doc: &Document) {
        let Some(question) = self.current() else { return };
        if self.revealed.take().is_some() || right_answer(doc, question).is_none() {
            self.position += 1;
        }
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

/// The right answer to a question in the document as it is now; `None` when the
/// department is gone or no longer determined under the model.
fn right_answer(doc: &Document, question: Question) -> Option<Verdict> {
    if question.dept >= doc.org.len() {
        return None;
    }
    Some(doc.classes.of(question.dept).verdict(question.model)).filter(|&v| v != Verdict::Undetermined)
}

/// A grey area's two questions, in an order picked by the seed.
fn grey_questions(dept: DeptId, rng: &mut SplitMix64) -> Vec<Question> {
    let first = Model::ALL[rng.below(2)];
    vec![Question { dept, model: first }, Question { dept, model: first.other() }]
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
}
