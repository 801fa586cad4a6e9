//! Reading an org file (SPEC §3) into an [`Org`], collecting every problem on the way.
//!
//! The text goes through `toml_parser`'s lexer and event parser straight into the
//! department arena: no intermediate TOML document is built, so a file of a million
//! departments costs little more than its own size. Tokens are parsed in batches that
//! end at a table header, so the token buffer stays small too. A large file is read
//! as two halves on two cores and the halves put together, falling back to reading it
//! front to back whenever that might give a different answer. The TOML rules that a
//! document builder would enforce (no key or table defined twice, no header for a table
//! made by dotted keys or an inline table) are enforced here, so that a file this
//! loader accepts is one `toml_edit` accepts for editing.
//!
//! Every problem becomes a [`Diagnostic`] with its place in the text; loading goes on
//! after a problem so that `check` can report all of them at once.
//!
//! This module holds the entry points and the loader's state; the work is split by
//! job: `tables` (TOML's rules on tables and what each table means for the org),
//! `fields` (decoding and checking the values of known fields), `events` (the
//! parser's events, turned into calls on the loader), `halves` (reading a large
//! file on two cores) and `finish` (the arena in pre-order, and the problems
//! placed by line and column).

mod events;
mod fields;
mod finish;
mod halves;
mod tables;

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use toml_parser::decoder::Encoding;
use toml_parser::lexer::{Token, TokenKind};
use toml_parser::parser::parse_document;
use toml_parser::{ParseError, Raw, Source, Span};

use self::finish::locate;
use self::halves::{load_in_halves, split_point};
use self::tables::{Made, Node, Role};
use compact_str::CompactString;

use super::{Company, FunctionOverride, Level, Org};
use crate::diagnostic::{Diagnostic, ParserSaid, Problem};
use crate::text::Lang;

/// Departments nested deeper than this are refused with a clear message (the top
/// level is the first level). The bound is what every edit can handle: edits go
/// through `toml_edit`, which refuses a key of more than 80 parts and a value nested
/// more than 80 deep. A department at the deepest level has a header of
/// `MAX_DEPTH + 1` parts (`[org.` and its path), so each layout stays well inside
/// that, and an edit that would nest a department deeper than this (adding a child,
/// indenting, pasting) is refused before it is made. No real company comes near.
pub const MAX_DEPTH: usize = 64;

/// Arrays and inline tables nested deeper than this are refused with a clear message.
/// Inline tables make departments, and the deepest department written as one inline
/// table from the top (`org = { a = { … } }`) is one level deeper than its own depth:
/// this bound lets every department that [`MAX_DEPTH`] allows be written that way,
/// and keeps the TOML parser, which recurses once per level, from going further.
pub const MAX_VALUE_DEPTH: usize = MAX_DEPTH + 1;

/// The fields a department table may set (anything else that is not a table is an
/// error).
pub const DEPARTMENT_FIELDS: [&str; 7] = ["name", "function", "customers", "revenue", "notes", "headcount", "budget"];
const COMPANY_FIELDS: [&str; 3] = ["name", "core_business", "description"];
const FUNCTION_FIELDS: [&str; 4] = ["name", "customers", "revenue", "note"];
const TOP_LEVEL: [&str; 3] = ["company", "functions", "org"];
/// Tokens parsed per batch (a batch always ends just before a table header).
const BATCH: usize = 1 << 16;
/// From this size on, the file is read as two halves on two cores (see
/// [`load_in_halves`]), and when it must be read front to back after all, lexing runs
/// on a thread of its own while parsing goes on. Below it (every real org) the text
/// is one or two batches and a thread would not pay.
const SPLIT_FROM: usize = 1 << 20;

/// Below how many bytes [`load`] reads a text on the calling thread, not on one of its
/// own with a roomy stack: however such a text nests, loading it needs far less stack
/// than any thread has (a test loads one nested at every byte it can spare on a
/// thread of 512 KiB).
const ON_THIS_THREAD_BELOW: usize = 1 << 16;

/// An org file that could not be loaded: every problem found in it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{} problem(s) in the org file", diagnostics.len())]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadError {
    /// All diagnostics, rendered one after the other.
    pub fn render(&self, file: &str, text: &str, lang: Lang) -> String {
        crate::diagnostic::render_all(&self.diagnostics, file, text, lang)
    }
}

/// Why a file could not be opened as an org.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("error: {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{}", rendered)]
    Invalid { rendered: String, error: LoadError },
}

/// Reads and loads an org file; the error is ready to print, naming the file.
pub fn load_file(path: &Path, lang: Lang) -> Result<(Org, String), FileError> {
    load_file_counting(path, lang, &std::sync::atomic::AtomicU64::new(0))
}

/// [`load_file`], adding to `read` the bytes read as they come in (for a gauge).
pub fn load_file_counting(
    path: &Path,
    lang: Lang,
    read: &std::sync::atomic::AtomicU64,
) -> Result<(Org, String), FileError> {
    let shown = path.display().to_string();
    let bytes = super::read::read_file_counting(path, super::read::Limit::Org, lang, read)
        .map_err(|source| FileError::Io { path: shown.clone(), source })?;
    let text = match crate::diagnostic::utf8_text(bytes, Problem::NotUtf8) {
        Ok(text) => text,
        Err((lossy, diagnostic)) => {
            let error = LoadError { diagnostics: vec![diagnostic] };
            return Err(FileError::Invalid { rendered: error.render(&shown, &lossy, lang), error });
        }
    };
    match load(&text) {
        Ok(org) => Ok((org, text)),
        Err(error) => Err(FileError::Invalid { rendered: error.render(&shown, &text, lang), error }),
    }
}

/// Loads an org from TOML text.
pub fn load(text: &str) -> Result<Org, LoadError> {
    // Past it, a department's place could not point into the text (see `Place`).
    if text.len() > super::MAX_TEXT {
        return Err(LoadError { diagnostics: vec![Diagnostic::new(Problem::TooLarge, 0..0, text)] });
    }
    // A small text (the tables an edit puts in, say) is loaded on the calling thread.
    // A new thread takes its first allocation from one of the heap's arenas, which a
    // large load leaves strewn with freed blocks: sorting those took that allocation
    // about ten milliseconds, most of an edit at a million departments.
    if text.len() < ON_THIS_THREAD_BELOW {
        return load_on_this_thread(text);
    }
    // The TOML parser recurses once per level of nested inline tables and arrays; the
    // loader stops it at `MAX_VALUE_DEPTH` levels, and a roomy stack of its own leaves
    // room to spare whatever the thread that calls.
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(1 << 30)
            .spawn_scoped(scope, || load_on_this_thread(text))
            .map(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .unwrap_or_else(|_| load_on_this_thread(text))
    })
}

fn load_on_this_thread(text: &str) -> Result<Org, LoadError> {
    if text.len() >= SPLIT_FROM
        && let Some(at) = split_point(text)
        && let Some(loaded) = load_in_halves(text, at)
    {
        return loaded;
    }
    load_front_to_back(text)
}

/// A department's table loaded apart from its file, to patch the org after an edit
/// undone or redone: a function is known if the org declares it (`declared`), as it
/// would be in the whole file, as well as if the catalogue holds it.
pub(crate) fn load_table_of(text: &str, declared: &(dyn Fn(&str) -> bool + Sync)) -> Result<Org, LoadError> {
    let mut loader = Loader::new(text);
    loader.declared_elsewhere = Some(declared);
    load_with(loader)
}

/// Reads the text from its start to its end, finding every problem.
fn load_front_to_back(text: &str) -> Result<Org, LoadError> {
    load_with(Loader::new(text))
}

/// [`load_front_to_back`] with `loader`.
fn load_with(mut loader: Loader<'_>) -> Result<Org, LoadError> {
    let text = loader.text;
    if text.trim_start_matches('\u{feff}').lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        loader.problem(Problem::Empty, 0..0);
        return Err(loader.into_error());
    }
    let mut errors: Vec<ParseError> = Vec::new();
    if text.len() < SPLIT_FROM {
        lex_in_batches(text, |batch| {
            parse_document(&batch, &mut loader, &mut errors);
            Some(batch)
        });
    } else {
        // Lexing and parsing overlap: one thread cuts the text into batches of tokens
        // while this one parses them into the org, sending spent batches back.
        std::thread::scope(|scope| {
            let (full, batches) = std::sync::mpsc::sync_channel::<Vec<Token>>(2);
            let (spent, empties) = std::sync::mpsc::channel::<Vec<Token>>();
            scope.spawn(move || {
                lex_in_batches(text, |batch| full.send(batch).ok().map(|()| empties.try_recv().unwrap_or_default()))
            });
            for batch in batches {
                parse_document(&batch, &mut loader, &mut errors);
                // The lexer may be done and gone: a spent batch is then simply dropped.
                let _ = spent.send(batch);
            }
        });
    }
    // A header still open when the text ends: a multi-line string that starts on its
    // line runs to the end of the file, so no line break ever closed it. It is shown
    // where it opens.
    loader.header_left_open(loader.pending.opened_at);
    for error in errors {
        let span = error.unexpected().or(error.context()).map_or(0..0, |s| s.start()..s.end());
        loader.problem(Problem::Syntax { said: parser_said(&error) }, span);
    }
    loader.finish()
}

/// Lexes `text` and hands its tokens to `parse` in batches that end just before a
/// table header (so that the parser never gets half a header). `parse` gives back a
/// spent batch to refill, or `None` to stop. True when the text ends outside any
/// bracket, at the start of a line: where a header may start.
fn lex_in_batches(text: &str, mut parse: impl FnMut(Vec<Token>) -> Option<Vec<Token>>) -> bool {
    let mut batch: Vec<Token> = Vec::with_capacity(BATCH + 64);
    // Brackets open around the current token: a `[` at depth 0 at the start of a line
    // opens a table header, which is where a batch may end.
    let mut depth: usize = 0;
    let mut line_start = true;
    for token in Source::new(text).lex() {
        let kind = token.kind();
        if kind == TokenKind::LeftSquareBracket && depth == 0 && line_start && batch.len() >= BATCH {
            let Some(mut spent) = parse(std::mem::take(&mut batch)) else { return false };
            spent.clear();
            batch = spent;
        }
        match kind {
            TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => depth += 1,
            TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => depth = depth.saturating_sub(1),
            _ => {}
        }
        match kind {
            TokenKind::Newline => line_start = depth == 0,
            TokenKind::Whitespace | TokenKind::Eof => {}
            _ => line_start = false,
        }
        batch.push(token);
    }
    parse(batch);
    depth == 0 && line_start
}

/// What the parser said, with what it expected.
fn parser_said(error: &ParseError) -> ParserSaid {
    let expected = error.expected().unwrap_or_default();
    let expected = expected
        .iter()
        .map(|e| match e {
            // `\n` as two characters: a raw line break would split the message.
            toml_parser::Expected::Literal(l) => format!("`{}`", l.escape_debug()),
            toml_parser::Expected::Description(d) => d.to_string(),
            _ => "something else".to_string(),
        })
        .collect();
    ParserSaid { description: error.description().to_string(), expected }
}

/// A department as it is read, before the arena is put in pre-order.
#[derive(Default)]
struct Draft {
    id: CompactString,
    name: Option<CompactString>,
    function: Option<(CompactString, usize)>,
    customers: Option<Level>,
    revenue: Option<Level>,
    notes: Option<CompactString>,
    figures: Option<Box<crate::org::Figures>>,
    parent: Option<usize>,
    children: Vec<usize>,
    depth: usize,
    line: usize,
    block: Option<(usize, usize)>,
}

/// A decoded key with its span; borrowed from the text unless it had escapes.
type KeyPart<'t> = (Cow<'t, str>, Range<usize>);

/// What is being read: a table header's keys, or a key-value's key and value.
#[derive(Default)]
struct Pending<'t> {
    /// Decoded keys with their spans.
    keys: Vec<KeyPart<'t>>,
    /// In a header, keys are kept raw (as written) with their encoding and decoded
    /// only when they differ from the last header's.
    encodings: Vec<Option<Encoding>>,
    in_header: bool,
    /// Where the header being read opens, at its first `[`.
    opened_at: usize,
    array_header: bool,
}

struct Loader<'t> {
    text: &'t str,
    /// Where in `text` lexing started: token spans count from here.
    base: usize,
    /// Where the block of the first header read starts (see `header_start`).
    first_header_start: Option<usize>,
    /// Where the last value read ends: a header's block never starts above it.
    value_end: usize,
    /// Problems with their byte spans; lines and columns are worked out at the end.
    problems: Vec<(Problem, Range<usize>)>,
    nodes: Vec<Node>,
    /// (parent node, hash of key) → child node; the key is checked against `keys`.
    children: HashMap<(u32, u64), u32, foldhash::fast::RandomState>,
    keys: Vec<Box<str>>,
    hasher: foldhash::quality::RandomState,
    /// The table a header opened, and the inline tables open inside a value.
    current: u32,
    inline: Vec<u32>,
    pending: Pending<'t>,
    /// Keys of the key-value whose value comes next (`assigning` says whether one
    /// does); the buffer is reused from line to line.
    assign: Vec<KeyPart<'t>>,
    assigning: bool,
    /// The keys of the last header, as written, with the tables they resolved to: files
    /// are mostly written parents first, so the next header usually shares most.
    last_header: Vec<(Cow<'t, str>, u32)>,
    /// Depth of arrays (and anything inside them) being skipped.
    skipping: usize,
    /// Arrays and inline tables open around the current token; beyond [`MAX_VALUE_DEPTH`]
    /// the parser is told to skip the value instead of going deeper.
    values_open: usize,
    value_too_deep_reported: bool,
    company: Company,
    company_named: bool,
    company_span: Option<Range<usize>>,
    core_business_span: Option<Range<usize>>,
    functions: Vec<FunctionOverride>,
    drafts: Vec<Draft>,
    roots: Vec<usize>,
    /// 1-based line of the event being handled.
    line: usize,
    too_deep_reported: bool,
    /// Where the block of the header being read starts: its line, or the blank and
    /// comment lines right above it.
    header_start: usize,
    /// The department whose header was read last: its block ends where the next
    /// header starts.
    open_block: Option<usize>,
    /// For a table loaded apart from its file: the functions the file declares.
    declared_elsewhere: Option<&'t (dyn Fn(&str) -> bool + Sync)>,
}

impl<'t> Loader<'t> {
    fn new(text: &'t str) -> Loader<'t> {
        Loader {
            text,
            base: 0,
            first_header_start: None,
            value_end: 0,
            problems: Vec::new(),
            nodes: vec![Node { made: Made::Header, role: Role::Root, fields: 0, parent: 0 }],
            children: HashMap::default(),
            keys: vec!["".into()],
            hasher: foldhash::quality::RandomState::default(),
            last_header: Vec::new(),
            current: 0,
            inline: Vec::new(),
            pending: Pending::default(),
            assign: Vec::new(),
            assigning: false,
            skipping: 0,
            values_open: 0,
            value_too_deep_reported: false,
            company: Company::default(),
            company_named: false,
            company_span: None,
            core_business_span: None,
            functions: Vec::new(),
            drafts: Vec::new(),
            roots: Vec::new(),
            line: 1,
            too_deep_reported: false,
            header_start: 0,
            open_block: None,
            declared_elsewhere: None,
        }
    }

    /// The keys of the key-value whose value has come, if one is waiting.
    fn take_assign(&mut self) -> Option<Vec<KeyPart<'t>>> {
        if !self.assigning || self.assign.is_empty() {
            return None;
        }
        self.assigning = false;
        Some(std::mem::take(&mut self.assign))
    }

    /// Returns the key buffer for reuse.
    fn give_back(&mut self, mut keys: Vec<KeyPart<'t>>) {
        keys.clear();
        self.assign = keys;
    }

    /// Where a token is in the whole text (tokens count from where lexing started).
    fn range(&self, span: Span) -> Range<usize> {
        self.base + span.start()..self.base + span.end()
    }

    /// The raw text of a token, with its encoding.
    fn raw(&self, span: Span, encoding: Option<Encoding>) -> Option<Raw<'t>> {
        let range = self.range(span);
        let text: &'t str = self.text;
        text.get(range.clone()).map(|s| Raw::new_unchecked(s, encoding, Span::new_unchecked(range.start, range.end)))
    }

    fn problem(&mut self, problem: Problem, span: Range<usize>) {
        self.problems.push((problem, span));
    }

    fn into_error(self) -> LoadError {
        LoadError { diagnostics: locate(self.text, self.problems) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        load(text).unwrap_err().diagnostics.iter().map(|d| d.problem.message(Lang::En)).collect()
    }

    /// A text small enough to load on the calling thread, nested at every byte it can
    /// spare, loads on a thread with a small stack: its values are refused as too
    /// deep, and nothing overflows.
    #[test]
    fn a_small_text_nested_at_every_byte_loads_on_a_small_stack() {
        let head = "[company]\nname = \"A\"\n[org.a]\nnotes = ";
        for (open, close) in [("[", "]"), ("{a = ", "}")] {
            let levels = (ON_THIS_THREAD_BELOW - head.len() - 2) / (open.len() + close.len());
            let text = format!("{head}{}1{}\n", open.repeat(levels), close.repeat(levels));
            assert!(text.len() < ON_THIS_THREAD_BELOW);
            let problems = std::thread::Builder::new()
                .stack_size(512 << 10)
                .spawn(move || load(&text).map(|_| ()).map_err(|e| e.diagnostics))
                .unwrap()
                .join()
                .unwrap()
                .unwrap_err();
            let too_deep = Problem::ValueTooDeep { limit: MAX_VALUE_DEPTH };
            assert!(problems.iter().any(|d| d.problem == too_deep), "{open}: {problems:?}");
        }
    }

    /// A department's short strings (an id, a name, a function, notes of 24 bytes or
    /// fewer) are kept in its record, with no allocation of their own, whether read
    /// from the file as written or with escapes, on one thread or in halves; a long
    /// one is kept whole.
    #[test]
    fn short_strings_are_kept_in_the_record() {
        let long = "A name much longer than twenty-four bytes";
        let mut text = String::from("[company]\nname = \"A\"\n");
        for i in 0..(SPLIT_FROM / 60 + 10) {
            text.push_str(&format!(
                "[org.d{i}]\nname = \"Sales \\u00e9{i}\"\nfunction = \"sales\"\nnotes = \"short\"\n"
            ));
        }
        text.push_str(&format!("[org.last]\nname = \"{long}\"\n"));
        assert!(text.len() >= SPLIT_FROM && split_point(&text).is_some(), "loaded in halves");
        let org = load(&text).unwrap();
        let last = org.len() - 1;
        for d in 0..last {
            let dept = org.dept(d);
            let strings = [Some(&dept.id), dept.name.as_ref(), dept.function.as_ref(), dept.notes.as_ref()];
            assert!(strings.iter().flatten().all(|s| !s.is_heap_allocated()), "{d}: {dept:?}");
        }
        assert_eq!(org.dept(7).name.as_deref(), Some("Sales é7"));
        assert_eq!(org.dept(last).name.as_deref(), Some(long));
    }

    #[test]
    fn departments_come_in_preorder_with_file_order_siblings() {
        let org = load(
            "[company]\nname = \"A\"\n[org.b]\n[org.b.x]\n[org.a]\nname = \"Aa\"\n[org.b.w]\nc = { name = \"C\" }\n",
        )
        .unwrap();
        let ids: Vec<_> = org.departments.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["b", "x", "w", "c", "a"]);
        assert_eq!(org.children(None).collect::<Vec<_>>(), [0, 4]);
        assert_eq!(org.path_string(3), "b/w/c");
        assert_eq!(org.line(4), 5);
    }

    #[test]
    fn dotted_keys_and_quoted_keys_make_departments() {
        let org = load("[company]\nname = \"A\"\n[org]\n\"a b\".name = \"X\"\n'ñ'.c.function = \"it\"\n").unwrap();
        let paths: Vec<_> = (0..org.len()).map(|d| org.path_string(d)).collect();
        assert_eq!(paths, ["a b", "ñ", "ñ/c"]);
        assert_eq!(org.dept(0).name.as_deref(), Some("X"));
        assert_eq!(org.dept(2).function.as_deref(), Some("it"));
    }

    #[test]
    fn toml_redefinitions_are_refused_like_a_document_parser_would() {
        assert!(problems("[company]\nname = \"A\"\nname = \"B\"\n")[0].contains("duplicate key `name`"));
        assert!(problems("[company]\nname = \"A\"\n[org.a]\n[org.a]\n")[0].contains("defined twice"));
        assert!(problems("[company]\nname = \"A\"\n[org]\na = { name = \"A\" }\n[org.a.b]\n")[0].contains("inline"));
        assert!(problems("[company]\nname = \"A\"\n[org]\na.name = \"A\"\n[org.a]\n")[0].contains("dotted"));
        assert!(problems("[company]\nname = \"A\"\n[org.a.b]\n[org]\na.name = \"x\"\n")[0].contains("dotted keys"));
        // A field made a table, then set as a value (and the other way round through
        // dotted keys), is a duplicate too.
        let found = problems("[company]\nname = \"A\"\n[org.a.name]\n[org.a]\nname = \"x\"\n");
        assert!(found[1].contains("duplicate key `name`"), "{found:?}");
        let found = problems("[company]\nname = \"A\"\n[org.d]\ne.name.x = 1\ne.name = \"y\"\n");
        assert!(found[1].contains("duplicate key `name`"), "{found:?}");
        // An implicit table may get its own header once.
        assert!(load("[company]\nname = \"A\"\n[org.a.b]\n[org.a]\nname = \"A\"\n").is_ok());
    }

    #[test]
    fn control_characters_in_comments_are_refused_as_toml_edit_would() {
        let found = problems("[company]\nname = \"A\" # bad \u{7f} char\n");
        assert!(found[0].contains("not valid TOML"), "{found:?}");
    }

    #[test]
    fn values_of_the_wrong_kind_are_reported_with_their_type() {
        for header in ["[[company]]", "[[functions]]", "[[functions.k]]", "[[org]]"] {
            let company = if header == "[[company]]" { "" } else { "[company]\nname = \"A\"\n" };
            let found = problems(&format!("{company}{header}\n"));
            assert!(found.iter().any(|m| m.contains("must be a table, not a list")), "{header}: {found:?}");
        }
        let found = problems("[company]\nname = 5\n[org.a]\nnotes = [1, 2]\ncustomers = true\n");
        assert!(found.iter().any(|m| m.contains("`name` must be a string, not an integer")), "{found:?}");
        assert!(found.iter().any(|m| m.contains("`notes` must be a string, not a list")), "{found:?}");
        assert!(found.iter().any(|m| m.contains("`customers` must be a string, not a boolean")), "{found:?}");
    }

    #[test]
    fn batches_end_at_headers_so_large_files_load_whole() {
        let text = crate::generate::org_text(20_000, 3);
        let org = load(&text).unwrap();
        assert_eq!(org.len(), 20_000);
        let reference: toml::Table = toml::from_str(&text).unwrap();
        let count = |t: &toml::Table| {
            let mut n = 0;
            let mut stack: Vec<&toml::Table> = vec![t["org"].as_table().unwrap()];
            while let Some(t) = stack.pop() {
                for v in t.values() {
                    if let Some(child) = v.as_table() {
                        n += 1;
                        stack.push(child);
                    }
                }
            }
            n
        };
        assert_eq!(count(&reference), 20_000);
    }
}
