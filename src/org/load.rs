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

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher};
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use toml_parser::decoder::Encoding;
use toml_parser::decoder::ScalarKind;
use toml_parser::lexer::{Token, TokenKind};
use toml_parser::parser::{EventReceiver, parse_document};
use toml_parser::{ErrorSink, ParseError, Raw, Source, Span};

use super::diagnostic::{Diagnostic, Place, Problem, TomlRule, nearest};
use super::{Company, Department, FunctionOverride, Level, Org};
use crate::catalog::Catalog;
use crate::text::Lang;

/// Departments nested deeper than this are refused with a clear message. Orgs of
/// 3,000 levels load; reports write each department's full path, so their size grows
/// with the square of the depth, which this bound keeps within reason.
pub const MAX_DEPTH: usize = 3_000;

/// The fields a department table may set (anything else that is not a table is an
/// error).
pub const DEPARTMENT_FIELDS: [&str; 5] = ["name", "function", "customers", "revenue", "notes"];
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

/// An org file that could not be loaded: every problem found in it.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{} problem(s) in the org file", diagnostics.len())]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadError {
    /// All diagnostics, rendered one after the other.
    pub fn render(&self, file: &str, text: &str, lang: Lang) -> String {
        super::diagnostic::render_all(&self.diagnostics, file, text, lang)
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
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| FileError::Io { path: shown.clone(), source })?;
    let text = match super::diagnostic::utf8_text(bytes, Problem::NotUtf8) {
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
    // The TOML parser recurses once per level of nested inline tables and arrays; a
    // roomy stack of its own keeps hostile files from overflowing ours.
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

/// Reads the text from its start to its end, finding every problem.
fn load_front_to_back(text: &str) -> Result<Org, LoadError> {
    let mut loader = Loader::new(text);
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
    for error in errors {
        let span = error.unexpected().or(error.context()).map_or(0..0, |s| s.start()..s.end());
        loader.problem(Problem::Syntax { message: parse_message(&error) }, span);
    }
    loader.finish()
}

/// Where a large file is cut in two for [`load_in_halves`]: the first line after its
/// middle that starts a table header.
fn split_point(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = text.len() / 2;
    while !text.is_char_boundary(from) {
        from += 1;
    }
    while let Some(newline) = text[from..].find('\n') {
        let at = from + newline + 1;
        if bytes.get(at) == Some(&b'[') && bytes.get(at + 1) != Some(&b'[') {
            return Some(at);
        }
        from = at;
    }
    None
}

/// Loads a large file as two halves, cut at the table header at `at`, each lexed and
/// parsed on a core of its own, then put together. A header names its table by its
/// whole path, so the second half can be read without the first; what it cannot know
/// (a table the first half defined too, say) is caught when the halves are put
/// together.
///
/// Gives `None` whenever the result might differ from reading the file front to back
/// (any problem in either half, a cut that is not where a header starts, tables the
/// halves both define): the caller then does just that, which also finds every
/// problem in file order.
fn load_in_halves(text: &str, at: usize) -> Option<Result<Org, LoadError>> {
    if at == 0 || !text.is_char_boundary(at) || !text[at..].starts_with('[') || text[at..].starts_with("[[") {
        return None;
    }
    // A problem in either half means reading front to back: both halves stop then.
    let give_up = AtomicBool::new(false);
    // The first half must end where a header may start; the second may end anywhere
    // (inside a bracket, the parser finds a problem).
    let read = |loader: &mut Loader, part: &str| {
        let mut errors: Vec<ParseError> = Vec::new();
        let whole = lex_in_batches(part, |batch| {
            parse_document(&batch, loader, &mut errors);
            if !errors.is_empty() || !loader.problems.is_empty() {
                give_up.store(true, Ordering::Relaxed);
            }
            (!give_up.load(Ordering::Relaxed)).then_some(batch)
        });
        whole && !give_up.load(Ordering::Relaxed)
    };
    let (mut first, second) = std::thread::scope(|scope| {
        let second = std::thread::Builder::new().stack_size(1 << 30).spawn_scoped(scope, || {
            let mut loader = Loader::new(text);
            loader.base = at;
            read(&mut loader, &text[at..]);
            (!give_up.load(Ordering::Relaxed)).then_some(loader)
        });
        let mut loader = Loader::new(text);
        let first = read(&mut loader, &text[..at]).then_some(loader);
        let second = second.ok()?.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        Some((first?, second?))
    })?;
    first.absorb(second).then(|| first.finish())
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

/// The parser's message, with what it expected.
fn parse_message(error: &ParseError) -> String {
    let mut message = error.description().to_string();
    if let Some(expected) = error.expected() {
        message.push_str(", expected ");
        if expected.is_empty() {
            message.push_str("nothing");
        }
        for (i, e) in expected.iter().enumerate() {
            if i > 0 {
                message.push_str(", ");
            }
            match e {
                // `\n` as two characters: a raw line break would split the message.
                toml_parser::Expected::Literal(l) => message.push_str(&format!("`{}`", l.escape_debug())),
                toml_parser::Expected::Description(d) => message.push_str(d),
                _ => message.push_str("something else"),
            }
        }
    }
    message
}

/// How a TOML table came to be: TOML forbids defining one twice or extending some kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Made {
    /// Only as a prefix of a header (`a` in `[a.b]`).
    Implicit,
    /// By its own header.
    Header,
    /// By dotted keys (`a.b = 1`).
    Dotted,
    /// As an inline table; closed for good.
    Inline,
    /// As an array of tables (only ever an error here).
    Array,
}

/// What a TOML table means for the org.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Root,
    Company,
    Functions,
    Function(usize),
    OrgRoot,
    Department(usize),
    /// Anything the format does not know: already reported, its contents ignored.
    Ignored,
}

/// A table of the document.
struct Node {
    made: Made,
    role: Role,
    /// Known fields set in this table, as values or (wrongly) as tables: a bit per
    /// field, to catch duplicates.
    fields: u8,
    /// The table this one is in (the root is its own parent).
    parent: u32,
}

/// A department as it is read, before the arena is put in pre-order.
#[derive(Default)]
struct Draft {
    id: String,
    name: Option<String>,
    function: Option<(String, usize)>,
    customers: Option<Level>,
    revenue: Option<Level>,
    notes: Option<String>,
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

    fn hash(&self, parent: u32, key: &str) -> u64 {
        let mut h = self.hasher.build_hasher();
        parent.hash(&mut h);
        key.hash(&mut h);
        h.finish()
    }

    fn key_of(&self, node: u32) -> &str {
        match self.nodes[node as usize].role {
            Role::Department(d) => &self.drafts[d].id,
            _ => &self.keys[node as usize],
        }
    }

    fn find(&self, parent: u32, key: &str) -> Option<u32> {
        let mut h = self.hash(parent, key);
        // Open addressing over the hash space: rare collisions probe the next value.
        loop {
            match self.children.get(&(parent, h)) {
                Some(&node) if self.key_of(node) == key => return Some(node),
                Some(_) => h = h.wrapping_add(1),
                None => return None,
            }
        }
    }

    /// Creates a child table; its role follows from the parent's role and the key.
    fn create(&mut self, parent: u32, key: &str, span: &Range<usize>, made: Made) -> u32 {
        let role = self.role_of_child(parent, key, span, made);
        let node = self.nodes.len() as u32;
        self.nodes.push(Node { made, role, fields: 0, parent });
        // A department's key is its id, kept in its draft; other tables keep theirs here.
        self.keys.push(if matches!(role, Role::Department(_)) { "".into() } else { key.into() });
        let mut h = self.hash(parent, key);
        while self.children.contains_key(&(parent, h)) {
            h = h.wrapping_add(1);
        }
        self.children.insert((parent, h), node);
        node
    }

    fn role_of_child(&mut self, parent: u32, key: &str, span: &Range<usize>, made: Made) -> Role {
        let table = |this: &mut Self, field: &str| {
            // A later value of the same name is then a duplicate (`set_value`).
            let parent = &mut this.nodes[parent as usize];
            parent.fields |= field_bit(parent.role, field).unwrap_or(0);
            this.problem(Problem::WrongType { field: field.into(), expected: "string", found: "table" }, span.clone());
            Role::Ignored
        };
        let role = self.nodes[parent as usize].role;
        match role {
            // Inside a department a field name is a field; directly under [org] there are
            // no fields, so any key is a department's id (SPEC §3).
            Role::Department(_) if DEPARTMENT_FIELDS.contains(&key) => table(self, key),
            // `[[company]]`, `[[functions.x]]`, `[[org.a]]`: the format has no arrays of
            // tables (an unknown top-level key is reported as unknown below).
            Role::Root | Role::Functions | Role::OrgRoot | Role::Department(_)
                if made == Made::Array && (role != Role::Root || TOP_LEVEL.contains(&key)) =>
            {
                self.problem(Problem::WrongType { field: key.into(), expected: "table", found: "array" }, span.clone());
                Role::Ignored
            }
            Role::Root => match key {
                "company" => {
                    self.company_span = Some(span.clone());
                    Role::Company
                }
                "functions" => Role::Functions,
                "org" => Role::OrgRoot,
                other => {
                    let suggestion = nearest(other, TOP_LEVEL);
                    self.problem(
                        Problem::UnknownField { field: other.into(), place: Place::TopLevel, suggestion },
                        span.clone(),
                    );
                    Role::Ignored
                }
            },
            Role::Functions => {
                self.functions.push(FunctionOverride { key: key.into(), ..FunctionOverride::default() });
                Role::Function(self.functions.len() - 1)
            }
            Role::OrgRoot => self.department(None, key, span),
            Role::Department(d) => self.department(Some(d), key, span),
            Role::Company if COMPANY_FIELDS.contains(&key) => table(self, key),
            Role::Function(_) if FUNCTION_FIELDS.contains(&key) => table(self, key),
            Role::Company => {
                self.unknown_field(key, Place::Company, &COMPANY_FIELDS, span.clone());
                Role::Ignored
            }
            Role::Function(_) => {
                self.unknown_field(key, Place::Function, &FUNCTION_FIELDS, span.clone());
                Role::Ignored
            }
            Role::Ignored => Role::Ignored,
        }
    }

    fn department(&mut self, parent: Option<usize>, key: &str, span: &Range<usize>) -> Role {
        let depth = parent.map_or(0, |p| self.drafts[p].depth + 1);
        if depth >= MAX_DEPTH {
            if !self.too_deep_reported {
                self.problem(Problem::TooDeep { limit: MAX_DEPTH }, span.clone());
                self.too_deep_reported = true;
            }
            return Role::Ignored;
        }
        let id = self.drafts.len();
        self.drafts.push(Draft {
            id: key.to_string(),
            name: None,
            function: None,
            customers: None,
            revenue: None,
            notes: None,
            parent,
            children: Vec::new(),
            depth,
            line: self.line,
            block: None,
        });
        match parent {
            Some(p) => self.drafts[p].children.push(id),
            None => self.roots.push(id),
        }
        Role::Department(id)
    }

    fn unknown_field(&mut self, field: &str, place: Place, candidates: &[&str], span: Range<usize>) {
        let suggestion = nearest(field, candidates.iter().copied());
        self.problem(Problem::UnknownField { field: field.into(), place, suggestion }, span);
    }

    fn duplicate(&mut self, key: &str, span: Range<usize>) {
        self.problem(Problem::Toml { rule: TomlRule::DuplicateKey, key: key.into() }, span);
    }

    /// The table a header names: every prefix may be new (then implicit) or any table
    /// but an inline one; the last must not have been defined already.
    fn open_header(&mut self, keys: &[KeyPart<'t>], encodings: &[Option<Encoding>], array: bool) {
        let mut node = 0u32;
        let count = keys.len();
        // Prefixes shared with the last header resolve to the same tables (they were
        // all valid prefixes then, and tables never disappear).
        let shared = self.last_header.iter().zip(&keys[..count - 1]).take_while(|((a, _), (b, _))| a == b).count();
        if shared > 0 {
            node = self.last_header[shared - 1].1;
        }
        self.last_header.truncate(shared);
        let mut resolved = std::mem::take(&mut self.last_header);
        for (i, (raw_key, span)) in keys.iter().enumerate().skip(shared) {
            let (raw_key, span) = (raw_key.clone(), span.clone());
            let last = i + 1 == count;
            let encoding = encodings.get(i).copied().flatten();
            let mut errors: Vec<ParseError> = Vec::new();
            let raw = Raw::new_unchecked(&raw_key, encoding, Span::new_unchecked(span.start, span.end));
            let key = key_text(raw, encoding, &mut errors);
            for error in errors {
                let at = error.unexpected().map_or(span.clone(), |s| s.start()..s.end());
                self.problem(Problem::Syntax { message: parse_message(&error) }, at);
            }
            node = match self.find(node, &key) {
                None => self.create(
                    node,
                    &key,
                    &span,
                    if !last {
                        Made::Implicit
                    } else if array {
                        Made::Array
                    } else {
                        Made::Header
                    },
                ),
                Some(child) => {
                    let made = self.nodes[child as usize].made;
                    match (made, last) {
                        (Made::Inline, _) => {
                            self.problem(Problem::Toml { rule: TomlRule::InlineExtended, key: key.to_string() }, span);
                            self.last_header = resolved;
                            return self.ignore_rest();
                        }
                        (Made::Implicit, true) if !array => {
                            self.nodes[child as usize].made = Made::Header;
                            child
                        }
                        (Made::Array, _) => child,
                        (_, true) => {
                            let rule = if made == Made::Dotted {
                                TomlRule::DefinedByDottedKeys
                            } else {
                                TomlRule::DefinedTwice
                            };
                            self.problem(Problem::Toml { rule, key: key.to_string() }, span);
                            self.last_header = resolved;
                            return self.ignore_rest();
                        }
                        (_, false) => child,
                    }
                }
            };
            resolved.push((raw_key, node));
        }
        self.last_header = resolved;
        self.current = node;
        if let Role::Department(d) = self.nodes[node as usize].role
            && self.nodes[node as usize].made == Made::Header
            && !array
        {
            self.drafts[d].block = Some((self.header_start, self.text.len()));
            self.open_block = Some(d);
        }
    }

    /// After a bad header, the key-values below it go nowhere.
    fn ignore_rest(&mut self) {
        let node = self.nodes.len() as u32;
        self.nodes.push(Node { made: Made::Header, role: Role::Ignored, fields: 0, parent: 0 });
        self.keys.push("".into());
        self.current = node;
    }

    /// The table key-values go into: the innermost open inline table, else the table of
    /// the last header.
    fn target(&self) -> u32 {
        self.inline.last().copied().unwrap_or(self.current)
    }

    /// Walks the dotted prefix of a key-value's key, creating dotted tables; returns
    /// the table that gets the last key.
    fn dotted_prefix(&mut self, keys: &[KeyPart<'t>]) -> Option<u32> {
        let mut node = self.target();
        for (key, span) in &keys[..keys.len() - 1] {
            node = match self.find(node, key) {
                None => self.create(node, key, span, Made::Dotted),
                Some(child) if self.nodes[child as usize].made == Made::Dotted => child,
                Some(_) => {
                    self.problem(Problem::Toml { rule: TomlRule::NotDottable, key: key.to_string() }, span.clone());
                    return None;
                }
            };
        }
        Some(node)
    }

    /// A key-value whose value is not a table: a scalar (decoded) or an array.
    fn set_value(&mut self, keys: &[KeyPart<'t>], value: Value<'t>, value_span: Range<usize>) {
        let Some(node) = self.dotted_prefix(keys) else { return };
        let (key, key_span) = keys.last().expect("a key-value has a key");
        let (key, key_span): (&str, Range<usize>) = (key, key_span.clone());
        let role = self.nodes[node as usize].role;
        // A known field, set before as a value or made a table (see `role_of_child`),
        // has its bit set; any other key is looked up among the tables.
        match field_bit(role, key) {
            Some(mask) if self.nodes[node as usize].fields & mask != 0 => return self.duplicate(key, key_span),
            Some(mask) => self.nodes[node as usize].fields |= mask,
            None if self.find(node, key).is_some() => return self.duplicate(key, key_span),
            None => {}
        }
        match role {
            Role::Root if TOP_LEVEL.contains(&key) => {
                self.problem(
                    Problem::WrongType { field: key.into(), expected: "table", found: value.type_name() },
                    value_span,
                );
            }
            Role::Root => {
                let suggestion = nearest(key, TOP_LEVEL);
                self.problem(Problem::UnknownField { field: key.into(), place: Place::TopLevel, suggestion }, key_span);
            }
            Role::OrgRoot | Role::Functions => {
                self.problem(
                    Problem::WrongType { field: key.into(), expected: "table", found: value.type_name() },
                    value_span,
                );
            }
            Role::Company => match key {
                "name" => {
                    self.company_named = true;
                    self.company.name = self.string(key, value, value_span).unwrap_or_default();
                }
                "core_business" => {
                    self.core_business_span = Some(value_span.clone());
                    self.company.core_business = self.string(key, value, value_span);
                }
                "description" => self.company.description = self.string(key, value, value_span),
                _ => self.unknown_field(key, Place::Company, &COMPANY_FIELDS, key_span),
            },
            Role::Function(f) => match key {
                "name" => self.functions[f].name = self.string(key, value, value_span),
                "note" => self.functions[f].note = self.string(key, value, value_span),
                "customers" => self.functions[f].customers = self.level(key, value, value_span),
                "revenue" => self.functions[f].revenue = self.level(key, value, value_span),
                _ => self.unknown_field(key, Place::Function, &FUNCTION_FIELDS, key_span),
            },
            Role::Department(d) => match key {
                "name" => self.drafts[d].name = self.string(key, value, value_span),
                "notes" => self.drafts[d].notes = self.string(key, value, value_span),
                "function" => {
                    let start = value_span.start;
                    self.drafts[d].function = self.string(key, value, value_span).map(|f| (f, start));
                }
                "customers" => self.drafts[d].customers = self.level(key, value, value_span),
                "revenue" => self.drafts[d].revenue = self.level(key, value, value_span),
                _ => self.unknown_field(key, Place::Department, &DEPARTMENT_FIELDS, key_span),
            },
            Role::Ignored => {}
        }
    }

    fn string(&mut self, field: &str, value: Value<'t>, span: Range<usize>) -> Option<String> {
        self.text_of(field, value, span).map(Cow::into_owned)
    }

    /// A string value as decoded: borrowed from the file unless it had escapes.
    fn text_of(&mut self, field: &str, value: Value<'t>, span: Range<usize>) -> Option<Cow<'t, str>> {
        match value {
            Value::String(s) => Some(s),
            other => {
                self.problem(
                    Problem::WrongType { field: field.into(), expected: "string", found: other.type_name() },
                    span,
                );
                None
            }
        }
    }

    fn level(&mut self, field: &str, value: Value<'t>, span: Range<usize>) -> Option<Level> {
        let word = self.text_of(field, value, span.clone())?;
        let level = Level::parse(&word);
        if level.is_none() {
            let suggestion = nearest(&word, Level::ALL.map(Level::as_str));
            self.problem(Problem::BadLevel { field: field.into(), value: word.into_owned(), suggestion }, span);
        }
        level
    }

    /// Takes in what `second` read of the text after this loader's (see
    /// [`load_in_halves`]): its tables in the order it made them, so departments,
    /// siblings and functions keep the order reading front to back gives. False when
    /// the two halves define the same table (or anything else reading front to back
    /// would refuse); this loader is then of no further use.
    ///
    /// Only tables the two halves share are looked up; a table new to this loader is
    /// not entered in its lookup map, since nothing is looked up after this but
    /// `finish`, which does not.
    fn absorb(&mut self, mut second: Loader<'t>) -> bool {
        // The second half counts lines from 1 where it starts.
        let lines_before = self.line - 1;
        // The second half's first block may reach up into the first half, but not
        // above the first half's last value (which the second half could not see).
        if second.first_header_start.is_some_and(|start| start < self.value_end) {
            return false;
        }
        // The last block of the first half ends where the second half's first starts.
        if let (Some(d), Some(start)) = (self.open_block, second.first_header_start)
            && let Some(block) = &mut self.drafts[d].block
        {
            block.1 = start;
        }
        // For each of the second half's tables: this loader's, and whether it is new.
        let mut here: Vec<(u32, bool)> = vec![(0, false); second.nodes.len()];
        for i in 1..second.nodes.len() {
            let Node { made, role, fields, parent } = second.nodes[i];
            let (parent, parent_is_new) = here[parent as usize];
            let mut key: String = match role {
                Role::Department(d) => std::mem::take(&mut second.drafts[d].id),
                _ => std::mem::take(&mut second.keys[i]).into(),
            };
            let found = if parent_is_new { None } else { self.find(parent, &key) };
            let Some(node) = found else {
                let role = match role {
                    Role::Department(d) => {
                        let mut draft = std::mem::take(&mut second.drafts[d]);
                        draft.id = std::mem::take(&mut key);
                        draft.line += lines_before;
                        draft.children.clear();
                        let id = self.drafts.len();
                        match self.nodes[parent as usize].role {
                            Role::Department(p) => {
                                draft.parent = Some(p);
                                self.drafts[p].children.push(id);
                            }
                            Role::OrgRoot => {
                                draft.parent = None;
                                self.roots.push(id);
                            }
                            _ => return false,
                        }
                        self.drafts.push(draft);
                        Role::Department(id)
                    }
                    Role::Function(f) => {
                        self.functions.push(std::mem::take(&mut second.functions[f]));
                        Role::Function(self.functions.len() - 1)
                    }
                    Role::Company => {
                        self.take_company(&mut second);
                        Role::Company
                    }
                    Role::Root | Role::Functions | Role::OrgRoot => role,
                    Role::Ignored => return false,
                };
                here[i] = (self.nodes.len() as u32, true);
                self.nodes.push(Node { made, role, fields, parent });
                // A department's key is in its draft (taken above), as in `create`.
                self.keys.push(key.into());
                continue;
            };
            here[i] = (node, false);
            match (made, self.nodes[node as usize].made) {
                // A table both halves name in headers' paths, but at most one defines.
                (Made::Implicit, Made::Implicit | Made::Header | Made::Dotted) => {}
                // Defined by the second half's header: its fields come over.
                (Made::Header, Made::Implicit) => {
                    let mine = &mut self.nodes[node as usize];
                    mine.made = Made::Header;
                    mine.fields |= fields;
                    match (mine.role, role) {
                        (Role::Department(d), Role::Department(theirs)) => {
                            let theirs = std::mem::take(&mut second.drafts[theirs]);
                            let draft = &mut self.drafts[d];
                            draft.name = theirs.name;
                            draft.function = theirs.function;
                            draft.customers = theirs.customers;
                            draft.revenue = theirs.revenue;
                            draft.notes = theirs.notes;
                            draft.block = theirs.block;
                        }
                        (Role::Function(f), Role::Function(theirs)) => {
                            let key = std::mem::take(&mut self.functions[f].key);
                            self.functions[f] = std::mem::take(&mut second.functions[theirs]);
                            self.functions[f].key = key;
                        }
                        (Role::Company, Role::Company) => self.take_company(&mut second),
                        (Role::Root | Role::Functions | Role::OrgRoot, _) if role == mine.role => {}
                        _ => return false,
                    }
                }
                _ => return false,
            }
        }
        true
    }

    /// The company as the second half read it (see [`Loader::absorb`]).
    fn take_company(&mut self, second: &mut Loader<'t>) {
        self.company = std::mem::take(&mut second.company);
        self.company_named = second.company_named;
        self.company_span = second.company_span.take();
        self.core_business_span = second.core_business_span.take();
    }

    /// Puts the departments in pre-order and checks what needs the whole file.
    fn finish(mut self) -> Result<Org, LoadError> {
        if self.company_span.is_none() {
            self.problem(Problem::MissingCompany, 0..0);
        } else if !self.company_named {
            let span = self.company_span.clone().unwrap_or(0..0);
            self.problem(Problem::MissingCompanyName, span);
        }
        let mut org = Org {
            company: std::mem::take(&mut self.company),
            functions: std::mem::take(&mut self.functions),
            ..Org::default()
        };
        // Function keys are checked against the catalogue and the file's own functions,
        // which may come after the departments that use them.
        let catalog = Catalog::for_org(&org);
        if let Some(core) = &org.company.core_business
            && catalog.get(core).is_none()
        {
            let suggestion = nearest(core, catalog.keys());
            let span = self.core_business_span.clone().unwrap_or(0..0);
            self.problem(Problem::UnknownFunction { key: core.clone(), suggestion }, span);
        }
        // A suggestion costs a look through the whole catalogue, which a hostile file
        // can make huge: the first hundred unknown keys get one.
        let mut suggested = 0;
        for draft in &self.drafts {
            if let Some((key, start)) = &draft.function
                && catalog.get(key).is_none()
            {
                suggested += 1;
                let suggestion = if suggested <= 100 { nearest(key, catalog.keys()) } else { None };
                let span = *start..*start + key.len() + 2;
                self.problems.push((Problem::UnknownFunction { key: key.clone(), suggestion }, span));
            }
        }
        if !self.problems.is_empty() {
            return Err(self.into_error());
        }
        // Pre-order: a department's index comes right after its parent's subtree
        // before it.
        let mut drafts = self.drafts;
        let mut new_id = vec![0usize; drafts.len()];
        let mut order: Vec<usize> = Vec::with_capacity(drafts.len());
        let mut stack: Vec<usize> = self.roots.iter().rev().copied().collect();
        while let Some(d) = stack.pop() {
            new_id[d] = order.len();
            order.push(d);
            stack.extend(drafts[d].children.iter().rev());
        }
        org.departments.reserve_exact(order.len());
        for &d in &order {
            let mut draft = std::mem::take(&mut drafts[d]);
            for child in &mut draft.children {
                *child = new_id[*child];
            }
            org.departments.push(Department {
                id: draft.id,
                name: draft.name,
                function: draft.function.map(|(f, _)| f),
                customers: draft.customers,
                revenue: draft.revenue,
                notes: draft.notes,
                parent: draft.parent.map(|p| new_id[p]),
                children: draft.children,
                depth: draft.depth,
                line: draft.line,
                block: draft.block,
            });
        }
        org.roots = self.roots.iter().map(|&r| new_id[r]).collect();
        Ok(org)
    }
}

/// A value that is not a table.
enum Value<'t> {
    /// Borrowed from the text unless it had escapes.
    String(Cow<'t, str>),
    Other(&'static str),
}

impl Value<'_> {
    fn type_name(&self) -> &'static str {
        match self {
            Value::String(_) => "string",
            Value::Other(name) => name,
        }
    }
}

/// Works out lines and columns for all problems in one pass over the text.
fn locate(text: &str, mut problems: Vec<(Problem, Range<usize>)>) -> Vec<Diagnostic> {
    problems.sort_by_key(|(_, span)| span.start);
    let mut out = Vec::with_capacity(problems.len());
    let (mut line, mut line_start, mut scanned) = (1usize, 0usize, 0usize);
    // Characters counted so far on the current line, up to `counted_to`: many problems
    // on one long line cost one pass over it, not one each.
    let (mut counted, mut counted_to) = (0usize, None::<usize>);
    for (problem, span) in problems {
        // The parser and the loader may both refuse the same spot: say it once.
        let syntax = |p: &Problem| matches!(p, Problem::Syntax { .. } | Problem::Toml { .. });
        if syntax(&problem) && out.last().is_some_and(|d: &Diagnostic| syntax(&d.problem) && d.span.start == span.start)
        {
            continue;
        }
        let mut start = span.start.min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        for (i, b) in text.as_bytes()[scanned..start].iter().enumerate() {
            if *b == b'\n' {
                line += 1;
                line_start = scanned + i + 1;
            }
        }
        scanned = start.max(scanned);
        counted = match counted_to {
            Some(to) if to > line_start && to <= start => counted + text[to..start].chars().count(),
            // A BOM is no column.
            _ => text[line_start..start].trim_start_matches('\u{feff}').chars().count(),
        };
        counted_to = Some(start);
        let column = counted + 1;
        out.push(Diagnostic { problem, span: start..span.end.max(start), line, column });
    }
    out
}

/// The bit a known field of a company, function or department table has in
/// [`Node::fields`].
fn field_bit(role: Role, key: &str) -> Option<u8> {
    let fields: &[&str] = match role {
        Role::Company => &COMPANY_FIELDS,
        Role::Function(_) => &FUNCTION_FIELDS,
        Role::Department(_) => &DEPARTMENT_FIELDS,
        _ => &[],
    };
    fields.iter().position(|f| *f == key).map(|bit| 1 << bit)
}

/// A bare key of letters, digits, `-` and `_` (nearly every key): it is its own
/// decoded form, and this check costs far less than the general decoder.
fn plain_key(raw: &str, encoding: Option<Encoding>) -> Option<&str> {
    match encoding {
        None => {
            (!raw.is_empty() && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')).then_some(raw)
        }
        _ => plain_string(raw, encoding),
    }
}

/// A key's text: taken as it is when [`plain_key`] allows, decoded otherwise (with
/// any problem reported to `error`).
fn key_text<'k>(raw: Raw<'k>, encoding: Option<Encoding>, error: &mut dyn ErrorSink) -> Cow<'k, str> {
    match plain_key(raw.as_str(), encoding) {
        Some(key) => Cow::Borrowed(key),
        None => {
            let mut key = Cow::Borrowed("");
            raw.decode_key(&mut key, error);
            key
        }
    }
}

/// A basic string (`"..."`) without escapes or characters TOML forbids in one (nearly
/// every value): its text is what is between the quotes. Anything else goes to the
/// general decoder, which reports what is wrong.
fn plain_string(raw: &str, encoding: Option<Encoding>) -> Option<&str> {
    if encoding != Some(Encoding::BasicString) {
        return None;
    }
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    inner.bytes().all(|b| b == b'\t' || (b >= 0x20 && b != b'"' && b != b'\\' && b != 0x7f)).then_some(inner)
}

impl<'t> EventReceiver for Loader<'t> {
    fn std_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        // A header's block starts with the blank and comment lines right above it,
        // which belong to it (as they do for toml_edit).
        let mut start = self.text[..self.range(span).start].rfind('\n').map_or(0, |p| p + 1);
        while start > 0 {
            let above = self.text[..start - 1].rfind('\n').map_or(0, |p| p + 1);
            let line = self.text[above..start].trim();
            // A line where a value ends is no blank or comment line, even when it looks
            // like one: the last line of a multi-line string.
            if above >= self.value_end && (line.is_empty() || line.starts_with('#')) {
                start = above;
            } else {
                break;
            }
        }
        self.header_start = start;
        self.first_header_start.get_or_insert(start);
        if let Some(d) = self.open_block.take()
            && let Some(block) = &mut self.drafts[d].block
        {
            block.1 = self.header_start;
        }
        self.inline.clear();
        self.pending.keys.clear();
        self.pending.encodings.clear();
        self.pending.in_header = true;
        self.pending.array_header = false;
    }

    fn std_table_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        let keys = std::mem::take(&mut self.pending.keys);
        let encodings = std::mem::take(&mut self.pending.encodings);
        let array = self.pending.array_header;
        self.pending.in_header = false;
        if keys.is_empty() {
            // `[` alone on a line: a header without a name.
            let problem = Problem::Toml { rule: TomlRule::HeaderWithoutName, key: String::new() };
            self.problem(problem, self.range(span));
            self.ignore_rest();
        } else {
            self.open_header(&keys, &encodings, array);
        }
        // Hand the buffers back, emptied, for the next header.
        self.pending.keys = keys;
        self.pending.keys.clear();
        self.pending.encodings = encodings;
        self.pending.encodings.clear();
    }

    fn array_table_open(&mut self, span: Span, error: &mut dyn ErrorSink) {
        self.std_table_open(span, error);
        self.pending.array_header = true;
    }

    fn array_table_close(&mut self, span: Span, error: &mut dyn ErrorSink) {
        self.std_table_close(span, error);
    }

    fn inline_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) -> bool {
        if self.skipping > 0 {
            self.skipping += 1;
            return true;
        }
        let Some(keys) = self.take_assign() else {
            self.skipping += 1;
            return true;
        };
        let node = self.dotted_prefix(&keys);
        let (key, key_span) = keys.last().expect("a key-value has a key").clone();
        self.give_back(keys);
        let Some(node) = node else {
            self.skipping += 1;
            return true;
        };
        if self.find(node, &key).is_some() {
            self.duplicate(&key, key_span);
            self.skipping += 1;
            return true;
        }
        let _ = span;
        let child = self.create(node, &key, &key_span, Made::Inline);
        self.inline.push(child);
        true
    }

    fn inline_table_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        if self.skipping > 0 {
            self.skipping -= 1;
            return;
        }
        self.inline.pop();
    }

    fn array_open(&mut self, span: Span, _error: &mut dyn ErrorSink) -> bool {
        if self.skipping == 0
            && let Some(keys) = self.take_assign()
        {
            self.set_value(&keys, Value::Other("array"), self.range(span));
            self.give_back(keys);
        }
        self.skipping += 1;
        true
    }

    fn array_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.skipping = self.skipping.saturating_sub(1);
    }

    fn simple_key(&mut self, span: Span, kind: Option<Encoding>, error: &mut dyn ErrorSink) {
        if self.skipping > 0 {
            return;
        }
        let Some(raw) = self.raw(span, kind) else { return };
        if self.pending.in_header {
            self.pending.keys.push((Cow::Borrowed(raw.as_str()), self.range(span)));
            self.pending.encodings.push(kind);
            return;
        }
        let key = key_text(raw, kind, error);
        self.pending.keys.push((key, self.range(span)));
    }

    fn key_val_sep(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        if self.skipping > 0 {
            return;
        }
        std::mem::swap(&mut self.assign, &mut self.pending.keys);
        self.pending.keys.clear();
        self.assigning = true;
    }

    fn scalar(&mut self, span: Span, kind: Option<Encoding>, error: &mut dyn ErrorSink) {
        let Some(raw) = self.raw(span, kind) else { return };
        self.value_end = self.range(span).end;
        if self.skipping == 0
            && let Some(keys) = self.take_assign()
        {
            let value = match plain_string(raw.as_str(), kind) {
                Some(text) => Value::String(Cow::Borrowed(text)),
                None => {
                    let mut decoded = Cow::Borrowed("");
                    match raw.decode_scalar(&mut decoded, error) {
                        ScalarKind::String => Value::String(decoded),
                        other => Value::Other(other.description()),
                    }
                }
            };
            self.set_value(&keys, value, self.range(span));
            self.give_back(keys);
        }
        // Counted after the value is set: a department its key makes (`a.notes =
        // """...`) starts on the key's line, not on the line the string ends.
        if matches!(kind, Some(Encoding::MlBasicString | Encoding::MlLiteralString)) {
            self.line += raw.as_str().bytes().filter(|&b| b == b'\n').count();
        }
    }

    fn comment(&mut self, span: Span, error: &mut dyn ErrorSink) {
        // TOML forbids control characters in comments; toml_edit would refuse them.
        if let Some(raw) = self.raw(span, None) {
            raw.decode_comment(error);
        }
    }

    fn newline(&mut self, span: Span, error: &mut dyn ErrorSink) {
        if let Some(raw) = self.raw(span, None) {
            raw.decode_newline(error);
        }
        self.line += 1;
        if self.pending.in_header {
            // A header that never closed on its line (`[` alone, say).
            self.pending.in_header = false;
            self.pending.keys.clear();
            self.problem(
                Problem::Toml { rule: TomlRule::HeaderWithoutName, key: String::new() },
                self.range(span).start..self.range(span).start,
            );
            self.ignore_rest();
        }
        if self.skipping == 0 && !self.pending.in_header {
            // An expression never spans lines outside arrays and inline tables.
            self.pending.keys.clear();
            self.assigning = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        load(text).unwrap_err().diagnostics.iter().map(|d| d.problem.message(Lang::En)).collect()
    }

    #[test]
    fn departments_come_in_preorder_with_file_order_siblings() {
        let org = load(
            "[company]\nname = \"A\"\n[org.b]\n[org.b.x]\n[org.a]\nname = \"Aa\"\n[org.b.w]\nc = { name = \"C\" }\n",
        )
        .unwrap();
        let ids: Vec<_> = org.departments.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["b", "x", "w", "c", "a"]);
        assert_eq!(org.roots.len(), 2);
        assert_eq!(org.path_string(3), "b/w/c");
        assert_eq!(org.dept(4).line, 5);
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
            assert!(found.iter().any(|m| m.contains("must be a table (found: array)")), "{header}: {found:?}");
        }
        let found = problems("[company]\nname = 5\n[org.a]\nnotes = [1, 2]\ncustomers = true\n");
        assert!(found.iter().any(|m| m.contains("`name` must be a string (found: integer)")), "{found:?}");
        assert!(found.iter().any(|m| m.contains("`notes` must be a string (found: array)")), "{found:?}");
        assert!(found.iter().any(|m| m.contains("`customers` must be a string (found: boolean)")), "{found:?}");
    }

    proptest::proptest! {
        /// Whenever the fast path takes a key or a string, the general decoder reads
        /// the same text from it, without complaint.
        #[test]
        fn plain_keys_and_strings_decode_as_the_general_decoder_does(
            body in "[a-zA-Z0-9_\\-\"\\\\ \t\u{0}-\u{1f}\u{7f}ñ€😀.=#']{0,12}"
        ) {
            let general = |raw: &str, encoding: Option<Encoding>, key: bool| {
                let mut out = Cow::Borrowed("");
                let mut errors: Vec<ParseError> = Vec::new();
                let raw = Raw::new_unchecked(raw, encoding, Span::new_unchecked(0, raw.len()));
                if key {
                    raw.decode_key(&mut out, &mut errors);
                } else {
                    let _ = raw.decode_scalar(&mut out, &mut errors);
                }
                (out.into_owned(), errors.is_empty())
            };
            if let Some(key) = plain_key(&body, None) {
                proptest::prop_assert_eq!(general(&body, None, true), (key.to_string(), true));
            }
            let quoted = format!("\"{body}\"");
            let basic = Some(Encoding::BasicString);
            if let Some(text) = plain_string(&quoted, basic) {
                proptest::prop_assert_eq!(general(&quoted, basic, false), (text.to_string(), true));
                proptest::prop_assert_eq!(general(&quoted, basic, true), (text.to_string(), true));
            }
        }
    }

    #[test]
    fn the_fast_paths_leave_anything_unusual_to_the_general_decoder() {
        assert_eq!(plain_key("sales-0_x", None), Some("sales-0_x"));
        assert_eq!(plain_key("", None), None);
        assert_eq!(plain_key("ñ", None), None);
        assert_eq!(plain_string("\"Bogotá\ttab\"", Some(Encoding::BasicString)), Some("Bogotá\ttab"));
        for odd in ["\"a\\nb\"", "\"a\u{7f}\"", "\"a\u{1}\"", "\"", "\"a\"b\""] {
            assert_eq!(plain_string(odd, Some(Encoding::BasicString)), None, "{odd:?}");
        }
        assert_eq!(plain_string("'a'", Some(Encoding::LiteralString)), None);
    }

    /// Where each line that starts with `[` begins: every place `load_in_halves` may be
    /// asked to cut.
    fn header_lines(text: &str) -> Vec<usize> {
        text.match_indices("\n[").map(|(i, _)| i + 1).collect()
    }

    /// Reading in halves gives exactly what reading front to back gives, or declines.
    fn halves_agree(text: &str, at: usize) -> bool {
        match load_in_halves(text, at) {
            None => false,
            Some(halves) => {
                let whole = load_front_to_back(text);
                match (&halves, &whole) {
                    (Ok(a), Ok(b)) => assert_eq!(a, b, "cut at {at} of:\n{text}"),
                    (Err(a), Err(b)) => assert_eq!(a.diagnostics, b.diagnostics, "cut at {at} of:\n{text}"),
                    _ => panic!("cut at {at}: {:?} but front to back {:?}\n{text}", halves.is_ok(), whole.is_ok()),
                }
                true
            }
        }
    }

    #[test]
    fn a_generated_org_read_in_halves_is_the_org_read_front_to_back() {
        // Functions and notes in the mix, so that every kind of table crosses a cut.
        let text = format!(
            "{}\n[functions.kiosk]\nname = \"Kiosk\"\ncustomers = \"direct\"\nrevenue = \"direct\"\n",
            crate::generate::org_text(1_500, 7)
        );
        for at in header_lines(&text).into_iter().step_by(5) {
            assert!(halves_agree(&text, at), "a cut between headers of a clean file is taken (at {at})");
        }
        assert_eq!(split_point(&text).map(|at| &text[at..at + 5]), Some("[org."));
        // Windows line ends and a byte-order mark change nothing.
        let windows = format!("\u{feff}{}", text.replace('\n', "\r\n"));
        for at in header_lines(&windows).into_iter().step_by(50) {
            assert!(halves_agree(&windows, at), "CRLF, cut at {at}");
        }
    }

    #[test]
    fn tables_the_halves_share_are_joined_or_refused_as_reading_front_to_back_would() {
        let company = "[company]\nname = \"A\"\ncore_business = \"kiosk\"\n";
        let taken = [
            // The second half defines a table the first only named in a path.
            format!("{company}[org.a.b]\nname = \"B\"\n\n# a\n[org.a]\nname = \"A\"\n[org.a.c]\n"),
            // The second half adds children and functions to tables of the first.
            format!("{company}[org.a]\nx.name = \"X\"\n[org.a.x.y]\n[functions.p]\nname = \"P\"\n[org.z]\n[functions.kiosk]\n"),
            // The company and the functions table come after the departments.
            "[org.a]\nfunction = \"kiosk\"\n[org]\nb.name = \"B\"\n[company]\nname = \"A\"\n[functions]\nkiosk.name = \"K\"\n".into(),
        ];
        for text in &taken {
            for at in header_lines(text) {
                assert!(halves_agree(text, at), "taken at {at}:\n{text}");
            }
        }
        let company = "[company]\nname = \"A\"\n";
        let declined = [
            (format!("{company}[org.a]\n[org.a]\n"), "defined twice"),
            (format!("{company}[org]\na.name = \"x\"\n[org.a]\n"), "defined by dotted keys"),
            (format!("{company}[org]\na = {{ name = \"x\" }}\n[org.a.b]\n"), "inline table extended"),
            (format!("{company}[org.a.b.c]\n[org.a]\nb.name = \"x\"\n"), "dotted over a header's path"),
            (format!("{company}[org.a]\n[company]\nname = \"B\"\n"), "company twice"),
            (format!("[functions.kiosk]\n{company}[functions.kiosk]\n"), "function twice"),
            (format!("{company}[org.a]\nnotes = \"\"\"\n[org.b]\n\"\"\"\n"), "a cut inside a string"),
            (format!("{company}[org.a]\nnotes = [\n[org.b]\n]\n"), "a cut inside an array"),
            (format!("{company}[org.a]\nnme = \"x\"\n[org.b]\n"), "a problem before the cut"),
            (format!("{company}[org.a]\n[org.b]\nnme = \"x\"\n"), "a problem after the cut"),
        ];
        for (text, why) in &declined {
            let cut = *header_lines(text).last().unwrap();
            assert!(!halves_agree(text, cut), "{why}: the halves decline");
            // Reading front to back still gives the right answer.
            assert!(load(text).is_err() || why.contains("cut inside"), "{why}");
        }
        // The cut inside a string or an array is caught although the file is valid.
        assert!(load_front_to_back(&declined[6].0).is_ok());
        // A cut that is not where a header starts is declined.
        let text = "[org]\ncompany.name = \"A\"\n";
        for at in 0..text.len() {
            assert!(!halves_agree(text, at) || text[at..].starts_with('['), "cut at {at}");
        }
        // A file without a last line break is read in halves too.
        let text = format!("{company}[org.a]\n[org.b]\nname = \"B\"");
        assert!(halves_agree(&text, *header_lines(&text).last().unwrap()));
    }

    #[test]
    fn a_block_never_starts_inside_the_string_above_it() {
        let text = "[company]\nname = \"A\"\n[org.a]\nnotes = \"\"\"\n\n# x\"\"\"\n\n# about b\n[org.b]\n";
        let org = load_front_to_back(text).unwrap();
        let b = org.find_path(&["b"]).unwrap();
        let start = org.dept(b).block.unwrap().0;
        assert_eq!(&text[start..], "\n# about b\n[org.b]\n");
        assert_eq!(org.dept(b - 1).block.unwrap().1, start);
        let cut = *header_lines(text).last().unwrap();
        assert!(!halves_agree(text, cut), "the second half cannot see the string: it declines");
        // Deleting b leaves a's notes whole (it used to cut the string's last line).
        let delete = crate::org::edit::Edit::Delete { path: vec!["b".into()] };
        let deleted = crate::org::edit::apply_loaded(text, &org, &delete).unwrap();
        assert_eq!(deleted.text, "[company]\nname = \"A\"\n[org.a]\nnotes = \"\"\"\n\n# x\"\"\"\n");
    }

    #[test]
    fn the_cut_is_found_whatever_characters_sit_at_the_middle() {
        assert_eq!(split_point("é"), None);
        for pad in 0..4 {
            let text = format!("{}\n{}\n[org.b]\n", "é".repeat(10 + pad), "€".repeat(10));
            let at = split_point(&text).unwrap();
            assert!(text[at..].starts_with("[org.b]"));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(800))]
        /// Files made of a few tables, keys and values, in any order (each line once,
        /// so that many are valid): at every cut, reading in halves agrees with
        /// reading front to back, or declines.
        #[test]
        fn any_cut_of_any_small_file_agrees_or_declines(
            lines in proptest::collection::vec(0..LINES.len(), 1..16)
        ) {
            let mut seen = std::collections::HashSet::new();
            let mut text: String = lines.iter().filter(|&&i| seen.insert(i)).map(|&i| LINES[i]).collect();
            if !text.contains("[company]") {
                text.push_str(LINES[0]);
            }
            for at in header_lines(&text) {
                halves_agree(&text, at);
            }
        }
    }

    const LINES: [&str; 31] = [
        "[company]\nname = \"A\"\n",
        "[company]\nname = \"A\"\ncore_business = \"p\"\n",
        "[org.c]\n",
        "[org.b.d]\nname = \"D\"\n",
        "[org.a.b.e]\n",
        "[functions.r]\ncustomers = \"direct\"\n",
        "[org.c.a]\nrevenue = \"direct\"\n",
        "[org]\n",
        "[org.a]\n",
        "[org.a.b]\n",
        "[org.b]\n",
        "[org.a.b.c]\n",
        "[functions]\n",
        "[functions.p]\n",
        "[functions.q]\nname = \"Q\"\n",
        "name = \"N\"\n",
        "customers = \"direct\"\n",
        "revenue = \"none\"\n",
        "function = \"p\"\n",
        "b.name = \"Dotted\"\n",
        "a.b.notes = \"x\"\n",
        "c = { name = \"Inline\" }\n",
        "p = { name = \"P\", customers = \"none\" }\n",
        "\n# comment\n",
        "notes = \"\"\"\nmany\nlines\"\"\"\n",
        "[[org.list]]\n",
        "[[company]]\n",
        "[[functions.p]]\n",
        "company.name = \"Dotted\"\n",
        "org.r = { name = \"R\" }\n",
        "org.s.name = \"S\"\n",
    ];

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
