//! Problems found in an org file, each tied to a place in the text, and their
//! rendering as `file:line:col` messages that show the offending line and suggest the
//! nearest valid word.

use std::ops::Range;

use rust_i18n::t;

use crate::text::{Lang, sanitize};

/// What is wrong, independent of where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The TOML parser rejected the text.
    Syntax { message: String },
    /// The bytes are not UTF-8.
    NotUtf8,
    /// The file is empty or holds only comments and blank lines.
    Empty,
    /// There is no `[company]` table.
    MissingCompany,
    /// `[company]` has no `name`.
    MissingCompanyName,
    /// A key that the format does not know, in the given table kind.
    UnknownField { field: String, place: Place, suggestion: Option<String> },
    /// A field whose value has the wrong TOML type.
    WrongType { field: String, expected: &'static str, found: &'static str },
    /// `customers` or `revenue` outside direct / indirect / none.
    BadLevel { field: String, value: String, suggestion: Option<String> },
    /// A function key that is neither built in nor declared in `[functions]`.
    UnknownFunction { key: String, suggestion: Option<String> },
    /// Departments nested deeper than the loader accepts.
    TooDeep { limit: usize },
}

/// The kind of table a field was found in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    TopLevel,
    Company,
    Function,
    Department,
}

impl Problem {
    /// The message in the given language.
    pub fn message(&self, lang: Lang) -> String {
        let l = lang.code();
        match self {
            Problem::Syntax { message } => t!("diag.syntax", locale = l, message = message).into(),
            Problem::NotUtf8 => t!("diag.not_utf8", locale = l).into(),
            Problem::Empty => t!("diag.empty", locale = l).into(),
            Problem::MissingCompany => t!("diag.missing_company", locale = l).into(),
            Problem::MissingCompanyName => t!("diag.missing_company_name", locale = l).into(),
            Problem::UnknownField { field, place, .. } => {
                let key = match place {
                    Place::TopLevel => "diag.unknown_table",
                    Place::Company => "diag.unknown_company_field",
                    Place::Function => "diag.unknown_function_field",
                    Place::Department => "diag.unknown_department_field",
                };
                t!(key, locale = l, field = field).into()
            }
            Problem::WrongType { field, expected, found } => {
                t!("diag.wrong_type", locale = l, field = field, expected = expected, found = found).into()
            }
            Problem::BadLevel { field, value, .. } => {
                t!("diag.bad_level", locale = l, field = field, value = value).into()
            }
            Problem::UnknownFunction { key, .. } => t!("diag.unknown_function", locale = l, key = key).into(),
            Problem::TooDeep { limit } => t!("diag.too_deep", locale = l, limit = limit).into(),
        }
    }

    /// The help line: the nearest valid word, or the allowed values.
    pub fn help(&self, lang: Lang) -> Option<String> {
        let l = lang.code();
        match self {
            Problem::UnknownField { suggestion: Some(s), .. }
            | Problem::UnknownFunction { suggestion: Some(s), .. } => {
                Some(t!("diag.did_you_mean", locale = l, word = s).into())
            }
            Problem::BadLevel { suggestion, .. } => {
                let allowed = t!("diag.allowed_levels", locale = l);
                Some(match suggestion {
                    Some(s) => format!("{} {allowed}", t!("diag.did_you_mean", locale = l, word = s)),
                    None => allowed.into(),
                })
            }
            Problem::MissingCompany | Problem::Empty => Some(t!("diag.company_example", locale = l).into()),
            Problem::MissingCompanyName => Some(t!("diag.company_name_example", locale = l).into()),
            _ => None,
        }
    }
}

/// A problem at a place in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub problem: Problem,
    /// Byte range in the text.
    pub span: Range<usize>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Diagnostic {
    /// A diagnostic at `span` of `text`, with line and column worked out.
    pub fn new(problem: Problem, span: Range<usize>, text: &str) -> Diagnostic {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let before = &text[..start];
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |p| p + 1);
        let column = text[line_start..start].chars().count() + 1;
        Diagnostic { problem, span: start..span.end.max(start), line, column }
    }

    /// The full message, compiler style:
    ///
    /// ```text
    /// error: unknown field `revenu` in a department
    ///   --> shop.toml:12:1
    ///    |
    /// 12 | revenu = "direct"
    ///    | ^^^^^^
    ///    = help: did you mean `revenue`?
    /// ```
    pub fn render(&self, file: &str, text: &str, lang: Lang) -> String {
        let l = lang.code();
        let mut out = format!("{}: {}\n", t!("diag.error", locale = l), self.problem.message(lang));
        let number = self.line.to_string();
        let pad = " ".repeat(number.len());
        out.push_str(&format!("{pad}--> {file}:{}:{}\n", self.line, self.column));
        if let Some(source_line) = text.lines().nth(self.line - 1) {
            // Long lines are shown as a window around the column.
            const WINDOW: usize = 100;
            let chars: Vec<char> = sanitize(source_line).chars().collect();
            let at = (self.column - 1).min(chars.len());
            let from = at.saturating_sub(WINDOW / 2);
            let to = (from + WINDOW).min(chars.len());
            let mut shown: String = chars[from..to].iter().collect();
            let mut marker_from = at - from;
            if from > 0 {
                shown.insert(0, '…');
                marker_from += 1;
            }
            if to < chars.len() {
                shown.push('…');
            }
            let span_chars =
                text.get(self.span.clone()).map_or(1, |s| s.lines().next().unwrap_or("").chars().count().max(1));
            let marker_len = span_chars.min(to.saturating_sub(at).max(1));
            out.push_str(&format!(
                "{pad} |\n{number} | {shown}\n{pad} | {}{}\n",
                " ".repeat(marker_from),
                "^".repeat(marker_len)
            ));
        }
        if let Some(help) = self.problem.help(lang) {
            out.push_str(&format!("{pad} = {}: {help}\n", t!("diag.help", locale = l)));
        }
        out
    }
}

/// The nearest of `candidates` to `word`, when it is near enough to be a likely typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&word_lower, &c.to_lowercase()), c))
        .filter(|&(distance, c)| c != word && distance <= (c.chars().count() / 3).max(1))
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, c)| c.to_string())
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_word_catches_typos_but_not_strangers() {
        assert_eq!(nearest("revenu", ["name", "revenue", "customers"]), Some("revenue".into()));
        assert_eq!(nearest("acounting", ["accounting", "it"]), Some("accounting".into()));
        assert_eq!(nearest("banana", ["name", "revenue"]), None);
    }

    #[test]
    fn line_and_column_count_characters() {
        let text = "a = 1\nñb = 2\n";
        let d = Diagnostic::new(Problem::Empty, 8..10, text);
        assert_eq!((d.line, d.column), (2, 2));
    }
}
