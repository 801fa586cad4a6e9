//! Problems tied to a place in a file, and their rendering as `file:line:col` messages
//! that show the offending line and suggest the nearest valid word. [`Diagnostic`] is
//! generic over what went wrong ([`Explain`]): the org file's [`Problem`]s, defined
//! here, and the configuration file's own problems use the same rendering.

use std::ops::Range;

use crate::text::t;
use unicode_width::UnicodeWidthStr;

use crate::text::{Lang, sanitize};

/// What is wrong, independent of where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The TOML parser rejected the text.
    Syntax { said: ParserSaid },
    /// The text breaks one of TOML's rules on tables and keys (the parser leaves these
    /// to the loader).
    Toml { rule: TomlRule, key: String },
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
    /// `headcount` or `budget` below zero, or too large to count.
    BadNumber { field: String, value: String },
    /// A function key that is neither built in nor declared in `[functions]`.
    UnknownFunction { key: String, suggestion: Option<String> },
    /// Departments nested deeper than the loader accepts.
    TooDeep { limit: usize },
    /// Arrays and inline tables nested deeper than the loader accepts.
    ValueTooDeep { limit: usize },
    /// The text is longer than [`crate::org::MAX_TEXT`].
    TooLarge,
}

/// What the TOML parser said of a text it rejected, in its own words, so that it can
/// be told in the reader's language (`assets/locales/parser.toml`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParserSaid {
    /// What is wrong.
    pub description: String,
    /// What would have been right there, when the parser says (empty when it does
    /// not, or says "nothing"): each a literal in backticks (told as it is) or a kind
    /// of thing.
    pub expected: Vec<String>,
}

impl ParserSaid {
    /// What the parser said, read back from the message the `toml` crate writes for it
    /// (`what is wrong, expected this, that`): for the configuration file, which that
    /// crate reads.
    pub fn from_message(message: &str) -> ParserSaid {
        let Some((description, expected)) = message.split_once(", expected ") else {
            return ParserSaid { description: message.to_string(), expected: Vec::new() };
        };
        let expected = match expected {
            "nothing" => Vec::new(),
            // Two literals it writes as words: shown as the org file's messages show them.
            _ => expected
                .split(", ")
                .map(|e| match e {
                    "newline" => r"`\n`".to_string(),
                    "'`'" => "```".to_string(),
                    e => e.to_string(),
                })
                .collect(),
        };
        ParserSaid { description: description.to_string(), expected }
    }

    /// The parser's words in `lang`: those it is known to say are told in that
    /// language, anything else as it said it.
    pub fn message(&self, lang: Lang) -> String {
        let l = lang.code();
        let description = parser_words(&self.description, lang);
        // "Expected nothing" says no more than what is wrong.
        if self.expected.is_empty() {
            return description;
        }
        let expected = self.expected.iter().map(|e| parser_words(e, lang)).collect::<Vec<_>>().join(", ");
        t!("parser.expected", locale = l, message = description, expected = expected).into_owned()
    }
}

/// The text the parser's `words` are told with in `lang` (a literal in backticks, or
/// words not in [`PARSER_WORDS`], as they are).
fn parser_words(words: &str, lang: Lang) -> String {
    match PARSER_WORDS.iter().find(|(said, _)| *said == words) {
        Some((_, key)) => t!(*key, locale = lang.code()).into_owned(),
        None => words.to_string(),
    }
}

/// The TOML parser's words, each with the text that says it in the reader's language
/// (`assets/locales/parser.toml`).
const PARSER_WORDS: &[(&str, &str)] = &[
    ("`_` may only go between digits", "parser.underscore_between_digits"),
    ("basic string", "parser.basic_string"),
    ("cannot recurse further; max recursion depth met", "parser.too_deep"),
    ("carriage return must be followed by newline", "parser.carriage_return"),
    ("characters", "parser.characters"),
    ("digits", "parser.digits"),
    ("extra `=`", "parser.extra_equals"),
    ("extra assignment between key-value pairs", "parser.extra_assignment"),
    ("extra comma in array", "parser.extra_comma_array"),
    ("extra comma in inline table", "parser.extra_comma_inline_table"),
    ("integers with a radix cannot be signed", "parser.signed_radix"),
    ("invalid basic string", "parser.invalid_basic_string"),
    ("invalid binary number", "parser.invalid_binary"),
    ("invalid boolean", "parser.invalid_boolean"),
    ("invalid comment character", "parser.invalid_comment_character"),
    ("invalid date-time", "parser.invalid_date_time"),
    ("invalid exponent", "parser.invalid_exponent"),
    ("invalid float", "parser.invalid_float"),
    ("invalid fraction", "parser.invalid_fraction"),
    ("invalid hexadecimal number", "parser.invalid_hexadecimal"),
    ("invalid inline table element", "parser.invalid_inline_table_element"),
    ("invalid integer number", "parser.invalid_integer"),
    ("invalid key", "parser.invalid_key"),
    ("invalid key-value pair", "parser.invalid_key_value"),
    ("invalid literal string", "parser.invalid_literal_string"),
    ("invalid mantissa", "parser.invalid_mantissa"),
    ("invalid multi-line basic string", "parser.invalid_multi_line_basic_string"),
    ("invalid multi-line literal string", "parser.invalid_multi_line_literal_string"),
    ("invalid octal number", "parser.invalid_octal"),
    ("invalid string", "parser.invalid_string"),
    ("invalid table", "parser.invalid_table"),
    ("invalid unquoted key", "parser.invalid_unquoted_key"),
    ("invalid value", "parser.invalid_value"),
    ("key with no value", "parser.key_without_value"),
    ("key", "parser.key"),
    ("keys cannot be multi-line basic strings", "parser.key_multi_line_basic"),
    ("keys cannot be multi-line literal strings", "parser.key_multi_line_literal"),
    ("letters", "parser.letters"),
    ("literal string", "parser.literal_string"),
    ("missing array opening", "parser.missing_array_opening"),
    ("missing assignment between key-value pairs", "parser.missing_assignment"),
    ("missing comma between array elements", "parser.missing_comma_array"),
    ("missing comma between key-value pairs", "parser.missing_comma_key_value"),
    ("missing comment start", "parser.missing_comment_start"),
    ("missing escaped value", "parser.missing_escaped_value"),
    ("missing inline table opening", "parser.missing_inline_table_opening"),
    ("missing key for inline table element", "parser.missing_inline_key"),
    ("missing opening quote", "parser.missing_opening_quote"),
    ("missing table open", "parser.missing_table_open"),
    ("missing value for key", "parser.missing_value_for_key"),
    ("missing value", "parser.missing_value"),
    ("multi-line basic string", "parser.multi_line_basic_string"),
    ("non-double-quote visible characters", "parser.non_double_quote_characters"),
    ("non-single-quote characters", "parser.non_single_quote_characters"),
    ("non-single-quote visible characters", "parser.non_single_quote_visible_characters"),
    ("numbers", "parser.numbers"),
    ("printable characters", "parser.printable_characters"),
    ("radix must be lowercase", "parser.radix_lowercase"),
    ("redundant integer number prefix", "parser.redundant_prefix"),
    ("redundant numeric sign", "parser.redundant_sign"),
    ("string values must be quoted", "parser.unquoted_string"),
    ("too few unicode value digits", "parser.too_few_unicode_digits"),
    ("unclosed array table", "parser.unclosed_array_table"),
    ("unclosed array", "parser.unclosed_array"),
    ("unclosed inline table", "parser.unclosed_inline_table"),
    ("unclosed table", "parser.unclosed_table"),
    ("unexpected `=` in array", "parser.equals_in_array"),
    ("unexpected content between comment and newline", "parser.content_after_comment"),
    ("unexpected content", "parser.unexpected_content"),
    ("unexpected key or value", "parser.unexpected_key_or_value"),
    ("unexpected leading zero", "parser.leading_zero"),
    ("unexpected sign", "parser.unexpected_sign"),
    ("unicode hexadecimal value", "parser.unicode_hex_value"),
    ("unquoted keys cannot be empty", "parser.empty_unquoted_key"),
    ("value", "parser.value"),
    ("something else", "parser.something_else"),
    ("etc", "parser.something_else"),
    ("duplicate key", "parser.duplicate_key"),
    ("recursion limit", "parser.too_deep"),
    ("cannot extend value of type array with a dotted key", "parser.dotted_key_into_array"),
    ("cannot extend value of type inline table with a dotted key", "parser.dotted_key_into_inline_table"),
];

/// A kind of TOML value as the messages of the org file and the configuration file
/// name it in `lang` ("a string", "una lista"), from the name the loader or the
/// `toml` crate gives it; a name it does not know, as it is.
pub fn kind_words(name: &str, lang: Lang) -> String {
    const KINDS: [&str; 7] = ["string", "integer", "float", "boolean", "datetime", "array", "table"];
    // The loader has the parser's name for a date-time.
    let kind = if name == "date-time" { "datetime" } else { name };
    if !KINDS.contains(&kind) {
        return name.to_string();
    }
    t!(format!("kind.{kind}"), locale = lang.code()).into_owned()
}

/// TOML's rules on defining tables and keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TomlRule {
    /// A key set twice in one table.
    DuplicateKey,
    /// Dotted keys going through something already defined otherwise.
    NotDottable,
    /// A header extending an inline table.
    InlineExtended,
    /// A header for a table already made by dotted keys.
    DefinedByDottedKeys,
    /// Two headers for one table.
    DefinedTwice,
    /// `[` with no name, or never closed.
    HeaderWithoutName,
}

impl TomlRule {
    fn key(self) -> &'static str {
        match self {
            TomlRule::DuplicateKey => "diag.toml.duplicate_key",
            TomlRule::NotDottable => "diag.toml.not_dottable",
            TomlRule::InlineExtended => "diag.toml.inline_extended",
            TomlRule::DefinedByDottedKeys => "diag.toml.defined_by_dotted_keys",
            TomlRule::DefinedTwice => "diag.toml.defined_twice",
            TomlRule::HeaderWithoutName => "diag.toml.header_without_name",
        }
    }
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
            Problem::Syntax { said } => t!("diag.syntax", locale = l, message = said.message(lang)).into(),
            Problem::Toml { rule, key } => {
                let message = t!(rule.key(), locale = l, key = clip(key));
                t!("diag.syntax", locale = l, message = message).into()
            }
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
                t!(key, locale = l, field = clip(field)).into()
            }
            Problem::WrongType { field, expected, found } => {
                let (expected, found) = (kind_words(expected, lang), kind_words(found, lang));
                t!("diag.wrong_type", locale = l, field = clip(field), expected = expected, found = found).into()
            }
            Problem::BadLevel { field, value, .. } => {
                t!("diag.bad_level", locale = l, field = clip(field), value = clip(value)).into()
            }
            Problem::BadNumber { field, value } => {
                t!("diag.bad_number", locale = l, field = clip(field), value = clip(value)).into()
            }
            Problem::UnknownFunction { key, .. } => t!("diag.unknown_function", locale = l, key = clip(key)).into(),
            Problem::TooDeep { limit } => t!("diag.too_deep", locale = l, limit = limit).into(),
            Problem::ValueTooDeep { limit } => t!("diag.value_too_deep", locale = l, limit = limit).into(),
            Problem::TooLarge => t!("diag.too_large", locale = l).into(),
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

/// A word from the file as a message quotes it: whole when it is of a sensible
/// length, else its start and an ellipsis (a hostile key may be 100,000 characters).
pub(crate) fn clip(word: &str) -> std::borrow::Cow<'_, str> {
    const LONGEST: usize = 80;
    match word.char_indices().nth(LONGEST) {
        Some((end, _)) => format!("{}…", &word[..end]).into(),
        None => word.into(),
    }
}

/// Where byte `at` of `text` is: the character boundary at or before it, its 1-based
/// line, and its 1-based column in characters (a byte-order mark is no column).
pub(crate) fn place(text: &str, at: usize) -> (usize, usize, usize) {
    let start = floor_char_boundary(text, at.min(text.len()));
    let before = &text[..start];
    let line = crate::text::newlines(before) + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    let column = text[line_start..start].trim_start_matches('\u{feff}').chars().count() + 1;
    (start, line, column)
}

/// What a diagnostic says: the problems of org files and of the configuration file.
pub trait Explain {
    /// The message in the given language.
    fn message(&self, lang: Lang) -> String;
    /// The help line (the nearest valid word, what is allowed), if there is one.
    fn help(&self, lang: Lang) -> Option<String>;
}

impl Explain for Problem {
    fn message(&self, lang: Lang) -> String {
        Problem::message(self, lang)
    }
    fn help(&self, lang: Lang) -> Option<String> {
        Problem::help(self, lang)
    }
}

/// The text of a file's bytes; when they are not UTF-8, the text made readable
/// (invalid bytes replaced) and a diagnostic at the first invalid byte.
pub fn utf8_text<P: Explain>(bytes: Vec<u8>, not_utf8: P) -> Result<String, (String, Diagnostic<P>)> {
    String::from_utf8(bytes).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&error.as_bytes()[..valid]).into_owned();
        let diagnostic = Diagnostic::new(not_utf8, valid..valid + 1, &prefix);
        (String::from_utf8_lossy(error.as_bytes()).into_owned(), diagnostic)
    })
}

/// Diagnostics rendered one after the other, a blank line between them: the first
/// [`SHOWN`], then how many more there are.
pub fn render_all<P: Explain>(diagnostics: &[Diagnostic<P>], file: &str, text: &str, lang: Lang) -> String {
    render_capped(diagnostics, "\n", lang, |d| d.render(file, text, lang))
}

/// The most problems an error list prints; a file with thousands of bad lines would
/// otherwise print megabytes, and the first ones are what a person fixes first.
pub const SHOWN: usize = 50;

/// The first [`SHOWN`] of `problems`, each rendered by `render` and joined by
/// `separator`, then a line "… and 12 more problems" when there are more.
pub fn render_capped<T>(problems: &[T], separator: &str, lang: Lang, render: impl Fn(&T) -> String) -> String {
    let mut out = problems.iter().take(SHOWN).map(render).collect::<Vec<_>>().join(separator);
    if problems.len() > SHOWN {
        out.push_str(separator);
        out.push_str(&t!("diag.more", locale = lang.code(), count = problems.len() - SHOWN));
        out.push('\n');
    }
    out
}

/// A problem at a place in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic<P = Problem> {
    pub problem: P,
    /// Byte range in the text.
    pub span: Range<usize>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl<P: Explain> Diagnostic<P> {
    /// A diagnostic at `span` of `text`, with line and column worked out.
    pub fn new(problem: P, span: Range<usize>, text: &str) -> Diagnostic<P> {
        let (start, line, column) = place(text, span.start);
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
        // Keys, values and the file's name come from a stranger: shown, never sent raw.
        let mut out = format!("{}: {}\n", t!("diag.error", locale = l), sanitize(&self.problem.message(lang)));
        let number = self.line.to_string();
        let pad = " ".repeat(number.len());
        out.push_str(&format!("{pad}--> {}:{}:{}\n", sanitize(file), self.line, self.column));
        if let Some(window) = self.source_window(text) {
            // Long lines are shown as a window around the column.
            const WINDOW: usize = 100;
            // The line as shown: a tab as one space, other unsafe characters escaped, so
            // the marker must follow each character to where it is shown.
            let span_chars = text
                .get(self.span.clone())
                .map_or(1, |s| s.lines().next().unwrap_or("").chars().take(WINDOW + 1).count().max(1));
            let mut chars: Vec<char> = Vec::with_capacity(window.line.len());
            let (mut at, mut end) = (None, None);
            let mut after = None;
            for (i, c) in window.line.char_indices() {
                if i == window.at {
                    at = Some(chars.len());
                    after = Some(0);
                }
                if after == Some(span_chars) {
                    end = Some(chars.len());
                }
                after = after.map(|n| n + 1);
                match c {
                    '\t' => chars.push(' '),
                    c => chars.extend(sanitize(c.encode_utf8(&mut [0; 4])).chars()),
                }
            }
            let at = at.unwrap_or(chars.len());
            let end = end.unwrap_or(chars.len()).max(at + 1);
            let from = at.saturating_sub(WINDOW / 2);
            let to = (from + WINDOW).min(chars.len());
            let mut shown: String = chars[from..to].iter().collect();
            let mut marker_from = chars[from..at].iter().collect::<String>().width();
            if from > 0 || window.cut_before {
                shown.insert(0, '…');
                marker_from += 1;
            }
            if to < chars.len() || window.cut_after {
                shown.push('…');
            }
            let marker_len = chars[at.min(to)..end.min(to)].iter().collect::<String>().width().max(1);
            out.push_str(&format!(
                "{pad} |\n{number} | {shown}\n{pad} | {}{}\n",
                " ".repeat(marker_from),
                "^".repeat(marker_len)
            ));
        }
        if let Some(help) = self.problem.help(lang) {
            out.push_str(&format!("{pad} = {}: {}\n", t!("diag.help", locale = l), sanitize(&help)));
        }
        out
    }
}

/// The part of a source line a diagnostic shows.
struct Window<'t> {
    /// The line without its break (and without a BOM on the first line), cut to the
    /// characters that can be shown around the diagnostic.
    line: &'t str,
    /// Where the diagnostic starts in `line`, in bytes.
    at: usize,
    /// Whether the line goes on before or after `line`.
    cut_before: bool,
    cut_after: bool,
}

impl<P> Diagnostic<P> {
    /// The line of `text` the diagnostic points into, cut around the diagnostic: found
    /// from the span, not by counting lines, and never read whole, so that rendering
    /// many diagnostics of a big file — or of one huge line — stays linear.
    fn source_window<'t>(&self, text: &'t str) -> Option<Window<'t>> {
        // Characters taken on either side: as many as can be shown (see `render`).
        const BEFORE: usize = 50;
        const AFTER: usize = 101;
        let start = floor_char_boundary(text, self.span.start.min(text.len()));
        let (mut line_start, mut cut_before) = (start, false);
        for (n, (i, c)) in text[..start].char_indices().rev().enumerate() {
            if c == '\n' {
                break;
            }
            if n == BEFORE {
                cut_before = true;
                break;
            }
            line_start = i;
        }
        if line_start >= text.len() {
            return None;
        }
        let (mut line_end, mut cut_after) = (text.len(), false);
        for (n, (i, c)) in text[start..].char_indices().enumerate() {
            if c == '\n' || n == AFTER {
                (line_end, cut_after) = (start + i, c != '\n');
                break;
            }
        }
        let line = &text[line_start..line_end];
        let line = if cut_after { line } else { line.strip_suffix('\r').unwrap_or(line) };
        let bom = if line_start == 0 { line.len() - line.trim_start_matches('\u{feff}').len() } else { 0 };
        Some(Window { line: &line[bom..], at: (start - line_start).saturating_sub(bom), cut_before, cut_after })
    }
}

/// The nearest of `candidates` to `word`, when it is near enough to be a likely typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    // Comparing two words costs the product of their lengths: a hostile file's
    // 100,000-character key gets no suggestion (nobody mistypes a key that long).
    const LONGEST: usize = 64;
    let length = word.chars().count();
    if length > LONGEST {
        return None;
    }
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .filter_map(|c| {
            let (c_length, limit) = (c.chars().count(), (c.chars().count() / 3).max(1));
            // The distance is at least the difference in length.
            if c == word || c_length.abs_diff(length) > limit {
                return None;
            }
            let distance = strsim::damerau_levenshtein(&word_lower, &c.to_lowercase());
            (distance <= limit).then_some((distance, c))
        })
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

    /// Each of the parser's words has a text in both languages (a missing one would
    /// show its key), and the kinds of value too.
    #[test]
    fn the_parsers_words_and_the_kinds_of_value_are_told_in_both_languages() {
        for lang in Lang::ALL {
            for (said, key) in PARSER_WORDS {
                let text = parser_words(said, lang);
                assert!(!text.is_empty() && text != *key, "{key} in {lang:?}");
            }
            for kind in ["string", "integer", "float", "boolean", "date-time", "datetime", "array", "table"] {
                assert!(!kind_words(kind, lang).starts_with("kind."), "{kind} in {lang:?}");
            }
        }
        let said = ParserSaid::from_message("invalid basic string, expected `\"`, something else");
        assert_eq!(
            said.message(Lang::Es),
            "este texto entre comillas dobles no está cerrado o no es válido (se esperaba: `\"`, otra cosa)"
        );
        let said = ParserSaid::from_message("missing value, expected nothing");
        assert_eq!(said.message(Lang::En), "a value is missing");
        // The `toml` crate writes two literals as words; they are shown as literals.
        let said = ParserSaid::from_message("unexpected key or value, expected newline, `#`, '`'");
        let shown = r"una clave o un valor donde no puede ir ninguno (se esperaba: `\n`, `#`, ```)";
        assert_eq!(said.message(Lang::Es), shown);
        assert_eq!(ParserSaid::from_message("what no one knows").message(Lang::Es), "what no one knows");
    }

    #[test]
    fn nearest_word_catches_typos_but_not_strangers() {
        assert_eq!(nearest("revenu", ["name", "revenue", "customers"]), Some("revenue".into()));
        assert_eq!(nearest("acounting", ["accounting", "it"]), Some("accounting".into()));
        assert_eq!(nearest("banana", ["name", "revenue"]), None);
    }

    #[test]
    fn error_lists_show_fifty_problems_and_a_count() {
        let problems: Vec<usize> = (0..SHOWN + 3).collect();
        let shown = render_capped(&problems, "", Lang::En, |n| format!("problem {n}\n"));
        assert!(shown.contains("problem 49\n") && !shown.contains("problem 50"), "{shown}");
        assert!(shown.ends_with("… and 3 more problems\n"), "{shown}");
        let one = render_capped(&problems[..SHOWN + 1], "\n", Lang::Es, |n| format!("problema {n}\n"));
        assert!(one.ends_with("\n… y 1 problema más\n"), "{one}");
        assert_eq!(render_capped(&problems[..2], "\n", Lang::En, |n| format!("{n}\n")), "0\n\n1\n");
    }

    #[test]
    fn line_and_column_count_characters() {
        let text = "a = 1\nñb = 2\n";
        let d = Diagnostic::new(Problem::Empty, 8..10, text);
        assert_eq!((d.line, d.column), (2, 2));
    }
}
