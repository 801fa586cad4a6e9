//! Random valid orgs, written to TOML text here in every form a department can take —
//! a `[org."quoted"."path"]` header (or no header of its own at all, made by its
//! children's headers), dotted keys in the parent's table, an inline table — with ids
//! that need quoting, names and notes that need escaping, the file's own `[functions]`
//! and a core business. The loaded org must have the generated departments in
//! pre-order with their fields and lines, and its classification must agree with the
//! rules of SPEC §4 computed here, independently, on the generated tree.

use std::collections::HashMap;

use frontback::catalog::Catalog;
use frontback::classify::{Fact, Model, Verdict, classify};
use frontback::org::{DeptId, Level, Org, load};
use proptest::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// `[org.a.b]`, or no header at all when `omit_header` and only headed children.
    Header,
    /// `b.name = "..."` in the parent's table.
    Dotted,
    /// `b = { name = "..." }`.
    Inline,
}

#[derive(Clone, Debug)]
struct Dept {
    id: String,
    form: Form,
    omit_header: bool,
    name: Option<String>,
    function: Option<&'static str>,
    customers: Option<&'static str>,
    revenue: Option<&'static str>,
    notes: Option<(String, bool)>,
    children: Vec<Dept>,
}

impl Dept {
    fn has_fields(&self) -> bool {
        self.name.is_some()
            || self.function.is_some()
            || self.customers.is_some()
            || self.revenue.is_some()
            || self.notes.is_some()
    }
}

/// A function the file declares; `None` facts are left to the catalogue or to
/// inheritance.
#[derive(Clone, Debug)]
struct FileFunction {
    key: &'static str,
    customers: Option<&'static str>,
    revenue: Option<&'static str>,
}

#[derive(Clone, Debug)]
struct Generated {
    core_business: Option<&'static str>,
    functions: Vec<FileFunction>,
    functions_first: bool,
    roots: Vec<Dept>,
}

const IDS: &[&str] = &[
    "sales",
    "a b",
    "ñandú",
    "x.y",
    "it-desk",
    "say \"hi\"",
    "",
    "Z9",
    "7",
    "true",
    "tab\there",
    "back\\slash",
    "日本",
];
const FUNCTIONS: &[&str] = &[
    "sales",
    "accounting",
    "it",
    "post-sales-support",
    "trading",
    "manufacturing",
    "licensing",
    "consulting",
    "in-house",
];
const LEVELS: &[&str] = &["direct", "indirect", "none"];

fn level() -> impl Strategy<Value = Option<&'static str>> {
    prop::option::of(prop::sample::select(LEVELS))
}

fn text() -> impl Strategy<Value = String> {
    prop::string::string_regex("[a-zA-Zñé \"'\\\\#=\\[\\]{}.\t\u{7f}\u{1}%日]{0,12}").unwrap()
}

fn dept_fields() -> impl Strategy<Value = Dept> {
    (
        prop::sample::select(IDS),
        prop::sample::select(&[Form::Header, Form::Header, Form::Dotted, Form::Inline][..]),
        any::<bool>(),
        prop::option::of(text()),
        prop::option::of(prop::sample::select(FUNCTIONS)),
        level(),
        level(),
        prop::option::of((text(), any::<bool>())),
    )
        .prop_map(|(id, form, omit_header, name, function, customers, revenue, notes)| Dept {
            id: id.to_string(),
            form,
            omit_header,
            name,
            function,
            customers,
            revenue,
            notes,
            children: Vec::new(),
        })
}

fn tree() -> impl Strategy<Value = Vec<Dept>> {
    let leaf = dept_fields();
    let dept = leaf.prop_recursive(4, 40, 5, |inner| {
        (dept_fields(), prop::collection::vec(inner, 0..5)).prop_map(|(mut d, children)| {
            d.children = children;
            d
        })
    });
    prop::collection::vec(dept, 0..5)
}

fn generated() -> impl Strategy<Value = Generated> {
    (
        prop::option::of(prop::sample::select(FUNCTIONS)),
        (level(), level(), any::<bool>(), level(), level()),
        any::<bool>(),
        tree(),
    )
        .prop_map(|(core_business, (in_c, in_r, override_sales, sales_c, sales_r), functions_first, roots)| {
            let mut functions = vec![FileFunction { key: "in-house", customers: in_c, revenue: in_r }];
            if override_sales {
                functions.push(FileFunction { key: "sales", customers: sales_c, revenue: sales_r });
            }
            let mut g = Generated { core_business, functions, functions_first, roots };
            normalize(&mut g.roots, Form::Header);
            g
        })
}

/// Makes the tree writable: unique sibling ids, forms a parent's form allows, and
/// siblings in the order they will appear in the file (those written in the parent's
/// own table before those with headers).
fn normalize(siblings: &mut [Dept], parent_form: Form) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for d in siblings.iter_mut() {
        let n = seen.entry(d.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            d.id = format!("{}~{n}", d.id);
        }
        d.form = match (parent_form, d.form) {
            (Form::Inline, _) => Form::Inline,
            (Form::Dotted, Form::Header) => Form::Dotted,
            (_, form) => form,
        };
        if d.form == Form::Inline {
            // Inline tables are one line: no multi-line notes.
            if let Some((_, multi_line)) = &mut d.notes {
                *multi_line = false;
            }
        }
        normalize(&mut d.children, d.form);
        let headed_children = !d.children.is_empty() && d.children.iter().all(|c| c.form == Form::Header);
        d.omit_header &= d.form == Form::Header && !d.has_fields() && headed_children;
    }
    siblings.sort_by_key(|d| d.form == Form::Header);
}

// --- Writing TOML ---------------------------------------------------------------------

fn key(id: &str) -> String {
    toml_edit::Key::new(id).display_repr().into_owned()
}

fn basic_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A string value: a literal string when it can be one and its length is even (so
/// that both kinds turn up), else a basic string.
fn string(s: &str) -> String {
    if !s.contains('\'') && !s.chars().any(|c| c.is_control() && c != '\t') && s.len().is_multiple_of(2) {
        format!("'{s}'")
    } else {
        basic_string(s)
    }
}

fn notes_value((notes, multi_line): &(String, bool)) -> String {
    if *multi_line {
        // A multi-line basic string: escapes still apply, and the line break after the
        // opening quotes is not part of the value.
        let escaped = basic_string(notes);
        format!("\"\"\"\nfirst line\n{}\"\"\"", &escaped[1..escaped.len() - 1])
    } else {
        basic_string(notes)
    }
}

fn notes_text((notes, multi_line): &(String, bool)) -> String {
    if *multi_line { format!("first line\n{notes}") } else { notes.clone() }
}

/// `(key, value)` lines of a department's own fields.
fn fields(d: &Dept) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(name) = &d.name {
        out.push(("name", string(name)));
    }
    if let Some(f) = d.function {
        out.push(("function", string(f)));
    }
    if let Some(c) = d.customers {
        out.push(("customers", basic_string(c)));
    }
    if let Some(r) = d.revenue {
        out.push(("revenue", basic_string(r)));
    }
    if let Some(n) = &d.notes {
        out.push(("notes", notes_value(n)));
    }
    out
}

fn inline(d: &Dept) -> String {
    let mut parts: Vec<String> = fields(d).into_iter().map(|(k, v)| format!("{k} = {v}")).collect();
    parts.extend(d.children.iter().map(|c| format!("{} = {}", key(&c.id), inline(c))));
    if parts.is_empty() { "{}".to_string() } else { format!("{{ {} }}", parts.join(", ")) }
}

struct Writer {
    out: String,
    line: usize,
    /// Expected (path, line) of every department, in the order they are written.
    lines: HashMap<Vec<String>, usize>,
    /// Departments whose line is that of the next header written (no header of
    /// their own).
    waiting_for_header: Vec<Vec<String>>,
}

impl Writer {
    fn push_line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
        self.line += text.matches('\n').count() + 1;
    }

    fn mention(&mut self, path: &[String]) {
        self.lines.entry(path.to_vec()).or_insert(self.line);
    }

    /// Writes a header after a blank line; returns the header's line.
    fn header(&mut self, keys: &[String]) -> usize {
        self.push_line("");
        let at = self.line;
        for path in std::mem::take(&mut self.waiting_for_header) {
            self.lines.entry(path).or_insert(at);
        }
        self.push_line(&format!("[{}]", keys.join(".")));
        at
    }

    /// A department and its subtree in the table of the last header, as dotted keys
    /// under `prefix` (keys relative to that table) or as an inline table.
    fn in_table(&mut self, d: &Dept, path: &mut Vec<String>, prefix: &mut Vec<String>) {
        path.push(d.id.clone());
        prefix.push(key(&d.id));
        let full = prefix.join(".");
        if d.form == Form::Inline || (!d.has_fields() && d.children.is_empty()) {
            self.mention(path);
            mention_subtree(self, d, path);
            self.push_line(&format!("{full} = {}", inline(d)));
        } else {
            for (k, v) in fields(d) {
                self.mention(path);
                self.push_line(&format!("{full}.{k} = {v}"));
            }
            for c in &d.children {
                if !d.has_fields() {
                    self.mention(path);
                }
                self.in_table(c, path, prefix);
            }
        }
        prefix.pop();
        path.pop();
    }

    /// A department with its own header (or none, then its children's headers make it).
    fn headed(&mut self, d: &Dept, path: &mut Vec<String>, keys: &mut Vec<String>) {
        path.push(d.id.clone());
        keys.push(key(&d.id));
        if d.omit_header {
            self.waiting_for_header.push(path.clone());
        } else {
            let at = self.header(keys);
            self.lines.entry(path.clone()).or_insert(at);
            for (k, v) in fields(d) {
                self.push_line(&format!("{k} = {v}"));
            }
        }
        self.children(&d.children, path, keys);
        keys.pop();
        path.pop();
    }

    /// Children: first those in the parent's table, then those with headers.
    fn children(&mut self, children: &[Dept], path: &mut Vec<String>, keys: &mut Vec<String>) {
        for c in children.iter().filter(|c| c.form != Form::Header) {
            self.in_table(c, path, &mut Vec::new());
        }
        for c in children.iter().filter(|c| c.form == Form::Header) {
            self.headed(c, path, keys);
        }
    }
}

/// Inline departments are all on the line of their outermost table.
fn mention_subtree(w: &mut Writer, d: &Dept, path: &mut Vec<String>) {
    for c in &d.children {
        path.push(c.id.clone());
        w.mention(path);
        mention_subtree(w, c, path);
        path.pop();
    }
}

fn write(g: &Generated) -> (String, HashMap<Vec<String>, usize>) {
    let mut w = Writer { out: String::new(), line: 1, lines: HashMap::new(), waiting_for_header: Vec::new() };
    w.push_line("# generated");
    w.push_line("[company]");
    w.push_line("name = \"Random\"");
    if let Some(core) = g.core_business {
        w.push_line(&format!("core_business = {}", basic_string(core)));
    }
    let functions = |w: &mut Writer| {
        for f in &g.functions {
            w.header(&["functions".to_string(), key(f.key)]);
            w.push_line("name = \"A function of the file\"");
            for (field, value) in [("customers", f.customers), ("revenue", f.revenue)] {
                if let Some(v) = value {
                    w.push_line(&format!("{field} = {}", basic_string(v)));
                }
            }
        }
    };
    if g.functions_first {
        functions(&mut w);
    }
    if g.roots.iter().any(|r| r.form != Form::Header) {
        w.header(&["org".to_string()]);
    }
    w.children(&g.roots, &mut Vec::new(), &mut vec!["org".to_string()]);
    if !g.functions_first {
        functions(&mut w);
    }
    (w.out, w.lines)
}

// --- The rules, computed on the generated tree ------------------------------------------

/// A resolved fact: its value, its source and, when inherited, the ancestor's path.
type Resolved = (Option<String>, &'static str, Option<Vec<String>>);

/// What the test expects of one department.
#[derive(Debug, PartialEq)]
struct Expected {
    path: Vec<String>,
    depth: usize,
    name: Option<String>,
    function: Option<String>,
    notes: Option<String>,
    /// (value, source, from) of customers and of revenue.
    facts: [Resolved; 2],
    verdicts: [Verdict; 2],
}

/// The defaults of every function, read from the catalogue's file and the file's
/// `[functions]` (which win field by field).
fn defaults(g: &Generated) -> HashMap<String, [Option<String>; 2]> {
    let catalog: toml::Table = toml::from_str(include_str!("../../assets/catalog.toml")).unwrap();
    let mut out: HashMap<String, [Option<String>; 2]> = catalog
        .iter()
        .map(|(k, v)| {
            let fact = |f: &str| v.get(f).and_then(|x| x.as_str()).map(str::to_string);
            (k.clone(), [fact("customers"), fact("revenue")])
        })
        .collect();
    for f in &g.functions {
        let entry = out.entry(f.key.to_string()).or_default();
        for (i, value) in [f.customers, f.revenue].into_iter().enumerate() {
            if let Some(v) = value {
                entry[i] = Some(v.to_string());
            }
        }
    }
    out
}

fn expect(
    g: &Generated,
    defaults: &HashMap<String, [Option<String>; 2]>,
    siblings: &[Dept],
    path: &mut Vec<String>,
    parent: Option<&[Resolved; 2]>,
    out: &mut Vec<Expected>,
) {
    for d in siblings {
        path.push(d.id.clone());
        let explicit = [d.customers, d.revenue];
        let facts: [Resolved; 2] = std::array::from_fn(|i| {
            if let Some(v) = explicit[i] {
                (Some(v.to_string()), "explicit", None)
            } else if d.function.is_some() && d.function == g.core_business {
                (Some("direct".to_string()), "core-business", None)
            } else if let Some(v) = d.function.and_then(|f| defaults[f][i].clone()) {
                (Some(v), "function", None)
            } else {
                match parent.map(|p| &p[i]) {
                    None | Some((None, _, _)) => (None, "unknown", None),
                    Some((value, "inherited", from)) => (value.clone(), "inherited", from.clone()),
                    Some((value, _, _)) => (value.clone(), "inherited", Some(path[..path.len() - 1].to_vec())),
                }
            }
        });
        let verdict = |v: &Option<String>| match v.as_deref() {
            None => Verdict::Undetermined,
            Some("direct") => Verdict::Front,
            Some(_) => Verdict::Back,
        };
        out.push(Expected {
            path: path.clone(),
            depth: path.len() - 1,
            name: d.name.clone(),
            function: d.function.map(str::to_string),
            notes: d.notes.as_ref().map(notes_text),
            verdicts: [verdict(&facts[0].0), verdict(&facts[1].0)],
            facts: facts.clone(),
        });
        expect(g, defaults, &d.children, path, Some(&facts), out);
        path.pop();
    }
}

/// A loaded fact in the shape of [`Resolved`].
fn loaded(org: &Org, id: DeptId, fact: Fact) -> Resolved {
    let from = fact.inherited_from(org, id).map(|from| org.path(from).into_iter().map(str::to_string).collect());
    (fact.value.map(|v: Level| v.as_str().to_string()), fact.source.as_str(), from)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_random_org_loads_and_classifies_as_the_rules_say(g in generated()) {
        let (text, lines) = write(&g);
        // The writer itself must write TOML, as the reference parsers read it.
        prop_assert!(toml::from_str::<toml::Table>(&text).is_ok(), "not TOML:\n{}", text);
        prop_assert!(text.parse::<toml_edit::DocumentMut>().is_ok(), "not TOML for toml_edit:\n{}", text);

        let org = load(&text).map_err(|e| TestCaseError::fail(format!("{text}\n{e:?}")))?;
        let classes = classify(&org, &Catalog::for_org(&org));
        let mut want = Vec::new();
        expect(&g, &defaults(&g), &g.roots, &mut Vec::new(), None, &mut want);

        prop_assert_eq!(org.len(), want.len(), "{}", text);
        for (id, w) in want.iter().enumerate() {
            let d = org.dept(id);
            let path: Vec<String> = org.path(id).into_iter().map(str::to_string).collect();
            prop_assert_eq!(&path, &w.path, "department {} in pre-order\n{}", id, text);
            prop_assert_eq!(d.depth, w.depth);
            prop_assert_eq!(d.name.as_deref(), w.name.as_deref(), "{:?}", path);
            prop_assert_eq!(d.function.as_deref(), w.function.as_deref(), "{:?}", path);
            prop_assert_eq!(d.notes.as_deref(), w.notes.as_deref(), "{:?}", path);
            prop_assert_eq!(org.line(id), lines[&w.path], "line of {:?}\n{}", path, text);
            let facts = classes.of(id);
            prop_assert_eq!(&loaded(&org, id, facts.customers), &w.facts[0], "customers of {:?}\n{}", path, text);
            prop_assert_eq!(&loaded(&org, id, facts.revenue), &w.facts[1], "revenue of {:?}\n{}", path, text);
            prop_assert_eq!(facts.verdict(Model::Customer), w.verdicts[0]);
            prop_assert_eq!(facts.verdict(Model::Profit), w.verdicts[1]);
            let grey = !w.verdicts.contains(&Verdict::Undetermined) && w.verdicts[0] != w.verdicts[1];
            prop_assert_eq!(facts.is_grey_area(), grey);
        }
        // And the report counts the same departments.
        let json: serde_json::Value = serde_json::from_str(&frontback::report::render(
            &frontback::document::Document::from_text(None, text.clone()).unwrap(),
            frontback::report::Format::Json,
            frontback::text::Lang::En,
        ))
        .unwrap();
        prop_assert_eq!(json["summary"]["departments"].as_u64().unwrap() as usize, want.len());
        let tally = classes.tally();
        prop_assert_eq!(tally.grey_areas, want.iter().filter(|w| {
            !w.verdicts.contains(&Verdict::Undetermined) && w.verdicts[0] != w.verdicts[1]
        }).count());
    }
}
