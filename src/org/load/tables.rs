//! TOML's rules on tables, as the loader enforces them: how each table came to be
//! ([`Made`]), what it means for the org ([`Role`]), the lookup of a table by parent
//! and key, and the headers and dotted keys that open or create tables.

use compact_str::CompactString;
use std::hash::{BuildHasher, Hash, Hasher};
use std::ops::Range;

use toml_parser::decoder::Encoding;
use toml_parser::{ParseError, Raw, Span};

use super::fields::{field_bit, key_text};
use super::{
    COMPANY_FIELDS, DEPARTMENT_FIELDS, Draft, FUNCTION_FIELDS, KeyPart, Loader, MAX_DEPTH, TOP_LEVEL, parser_said,
};
use crate::diagnostic::{Place, Problem, TomlRule, nearest};
use crate::org::FunctionOverride;

/// How a TOML table came to be: TOML forbids defining one twice or extending some kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Made {
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
pub(super) enum Role {
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
pub(super) struct Node {
    pub(super) made: Made,
    pub(super) role: Role,
    /// Known fields set in this table, as values or (wrongly) as tables: a bit per
    /// field, to catch duplicates.
    pub(super) fields: u8,
    /// The table this one is in (the root is its own parent).
    pub(super) parent: u32,
}

impl<'t> Loader<'t> {
    pub(super) fn hash(&self, parent: u32, key: &str) -> u64 {
        let mut h = self.hasher.build_hasher();
        parent.hash(&mut h);
        key.hash(&mut h);
        h.finish()
    }

    pub(super) fn key_of(&self, node: u32) -> &str {
        match self.nodes[node as usize].role {
            Role::Department(d) => &self.drafts[d].id,
            _ => &self.keys[node as usize],
        }
    }

    pub(super) fn find(&self, parent: u32, key: &str) -> Option<u32> {
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
    pub(super) fn create(&mut self, parent: u32, key: &str, span: &Range<usize>, made: Made) -> u32 {
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

    pub(super) fn role_of_child(&mut self, parent: u32, key: &str, span: &Range<usize>, made: Made) -> Role {
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

    pub(super) fn department(&mut self, parent: Option<usize>, key: &str, span: &Range<usize>) -> Role {
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
            id: CompactString::new(key),
            name: None,
            function: None,
            customers: None,
            revenue: None,
            notes: None,
            figures: None,
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

    pub(super) fn unknown_field(&mut self, field: &str, place: Place, candidates: &[&str], span: Range<usize>) {
        let suggestion = nearest(field, candidates.iter().copied());
        self.problem(Problem::UnknownField { field: field.into(), place, suggestion }, span);
    }

    pub(super) fn duplicate(&mut self, key: &str, span: Range<usize>) {
        self.problem(Problem::Toml { rule: TomlRule::DuplicateKey, key: key.into() }, span);
    }

    /// The table a header names: every prefix may be new (then implicit) or any table
    /// but an inline one; the last must not have been defined already.
    pub(super) fn open_header(&mut self, keys: &[KeyPart<'t>], encodings: &[Option<Encoding>], array: bool) {
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
                self.problem(Problem::Syntax { said: parser_said(&error) }, at);
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
    pub(super) fn ignore_rest(&mut self) {
        let node = self.nodes.len() as u32;
        self.nodes.push(Node { made: Made::Header, role: Role::Ignored, fields: 0, parent: 0 });
        self.keys.push("".into());
        self.current = node;
    }

    /// The table key-values go into: the innermost open inline table, else the table of
    /// the last header.
    pub(super) fn target(&self) -> u32 {
        self.inline.last().copied().unwrap_or(self.current)
    }

    /// Walks the dotted prefix of a key-value's key, creating dotted tables; returns
    /// the table that gets the last key.
    pub(super) fn dotted_prefix(&mut self, keys: &[KeyPart<'t>]) -> Option<u32> {
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
}
