//! The quiz (placeholder: being written).

use super::document::Document;
use crate::classify::Verdict;

/// The state of the quiz.
#[derive(Clone, Debug, Default)]
pub struct Quiz {}

impl Quiz {
    /// A quiz over the departments of `doc`, in an order fixed by `seed`.
    pub fn new(_doc: &Document, _seed: u64) -> Quiz {
        Quiz {}
    }

    /// Answers the current question.
    pub fn answer(&mut self, _doc: &Document, _verdict: Verdict) {}

    /// Moves on to the next question after the reveal.
    pub fn next(&mut self, _doc: &Document) {}
}
