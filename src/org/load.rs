//! Reading an org file (SPEC §3) into an [`Org`], collecting every problem on the way.
//!
//! The text is parsed with `toml`'s span-keeping document parser, then walked without
//! recursion, so deeply nested files cost heap, not stack. Every problem becomes a
//! [`Diagnostic`] with its place in the text; loading goes on after a problem so that
//! `check` can report all of them at once.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::{Diagnostic, Place, Problem, nearest};
use super::{Company, Department, DeptId, FunctionOverride, Level, Org};
use crate::catalog::Catalog;
use crate::text::Lang;

/// Departments nested deeper than this are refused with a clear message.
pub const MAX_DEPTH: usize = 10_000;

/// The fields a department table may set (anything else that is not a table is an
/// error).
pub const DEPARTMENT_FIELDS: [&str; 5] = ["name", "function", "customers", "revenue", "notes"];
const COMPANY_FIELDS: [&str; 3] = ["name", "core_business", "description"];
const FUNCTION_FIELDS: [&str; 4] = ["name", "customers", "revenue", "note"];
const TOP_LEVEL: [&str; 3] = ["company", "functions", "org"];

/// An org file that could not be loaded: every problem found in it.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{} problem(s) in the org file", diagnostics.len())]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadError {
    /// All diagnostics, rendered one after the other.
    pub fn render(&self, file: &str, text: &str, lang: Lang) -> String {
        self.diagnostics.iter().map(|d| d.render(file, text, lang)).collect::<Vec<_>>().join("\n")
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
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let error = LoadError { diagnostics: vec![Diagnostic::new(Problem::NotUtf8, valid..valid + 1, &prefix)] };
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
    // The parser and the drop of its nested tables recurse once per level of nesting;
    // a roomy stack of its own keeps hostile files from overflowing ours.
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(1 << 30)
            .spawn_scoped(scope, || load_on_this_thread(text))
            .map(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .unwrap_or_else(|_| load_on_this_thread(text))
    })
}

fn load_on_this_thread(text: &str) -> Result<Org, LoadError> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let offset = text.len() - body.len();
    let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let mut loader = Loader { text, offset, line_starts, diagnostics: Vec::new() };
    let (table, errors) = DeTable::parse_recoverable(body);
    for error in errors {
        let span = error.span().unwrap_or(0..0);
        let message = error.message().trim().to_string();
        loader.problem(Problem::Syntax { message }, span);
    }
    if !loader.diagnostics.is_empty() {
        return Err(LoadError { diagnostics: loader.diagnostics });
    }
    let org = loader.org(table.get_ref(), body);
    if loader.diagnostics.is_empty() {
        Ok(org)
    } else {
        loader.diagnostics.sort_by_key(|d| d.span.start);
        Err(LoadError { diagnostics: loader.diagnostics })
    }
}

struct Loader<'t> {
    text: &'t str,
    /// Bytes of a BOM skipped before the parsed body.
    offset: usize,
    /// Byte offset of the start of every line of `text`, for cheap line numbers.
    line_starts: Vec<usize>,
    diagnostics: Vec<Diagnostic>,
}

type Entry<'a, 'i> = (&'a Spanned<std::borrow::Cow<'i, str>>, &'a Spanned<DeValue<'i>>);
/// A department table waiting to be walked: its entry, parent and depth.
type Pending<'a, 'i> = (Entry<'a, 'i>, Option<DeptId>, usize);

/// Pushes the sub-tables of `table` so that they pop in file order.
fn push_children<'a, 'i>(
    stack: &mut Vec<Pending<'a, 'i>>,
    table: &'a DeTable<'i>,
    parent: Option<DeptId>,
    depth: usize,
) {
    let before = stack.len();
    for (k, v) in table.iter() {
        if matches!(v.get_ref(), DeValue::Table(_)) {
            stack.push(((k, v), parent, depth));
        }
    }
    stack[before..].reverse();
}

impl Loader<'_> {
    fn problem(&mut self, problem: Problem, span: Range<usize>) {
        let span = span.start + self.offset..span.end + self.offset;
        self.diagnostics.push(Diagnostic::new(problem, span, self.text));
    }

    fn org(&mut self, table: &DeTable<'_>, body: &str) -> Org {
        let mut org = Org::default();
        if body.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
            self.problem(Problem::Empty, 0..0);
            return org;
        }
        let mut company = None;
        let mut functions = None;
        let mut departments = None;
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "company" => company = Some((key, value)),
                "functions" => functions = Some(value),
                "org" => departments = Some(value),
                other => {
                    let suggestion = nearest(other, TOP_LEVEL);
                    self.problem(
                        Problem::UnknownField { field: other.into(), place: Place::TopLevel, suggestion },
                        key.span(),
                    );
                }
            }
        }
        match company {
            Some((key, value)) => org.company = self.company(key, value),
            None => self.problem(Problem::MissingCompany, 0..0),
        }
        if let Some(value) = functions
            && let Some(table) = self.table_of("functions", value)
        {
            org.functions = table.iter().filter_map(|(k, v)| self.function(k, v)).collect();
        }
        if let Some(value) = departments
            && let Some(table) = self.table_of("org", value)
        {
            self.departments(&mut org, table);
        }
        self.check_function_keys(&org, table);
        org
    }

    fn table_of<'a, 'i>(&mut self, field: &str, value: &'a Spanned<DeValue<'i>>) -> Option<&'a DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                self.wrong_type(field, "table", other, value.span());
                None
            }
        }
    }

    fn wrong_type(&mut self, field: &str, expected: &'static str, found: &DeValue<'_>, span: Range<usize>) {
        self.problem(Problem::WrongType { field: field.into(), expected, found: found.type_str() }, span);
    }

    fn string(&mut self, field: &str, value: &Spanned<DeValue<'_>>) -> Option<String> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            other => {
                self.wrong_type(field, "string", other, value.span());
                None
            }
        }
    }

    fn level(&mut self, field: &str, value: &Spanned<DeValue<'_>>) -> Option<Level> {
        let word = self.string(field, value)?;
        let level = Level::parse(&word);
        if level.is_none() {
            let suggestion = nearest(&word, Level::ALL.map(Level::as_str));
            self.problem(Problem::BadLevel { field: field.into(), value: word, suggestion }, value.span());
        }
        level
    }

    fn unknown_field(&mut self, field: &str, place: Place, candidates: &[&str], span: Range<usize>) {
        let suggestion = nearest(field, candidates.iter().copied());
        self.problem(Problem::UnknownField { field: field.into(), place, suggestion }, span);
    }

    fn company(&mut self, key: &Spanned<std::borrow::Cow<'_, str>>, value: &Spanned<DeValue<'_>>) -> Company {
        let mut company = Company::default();
        let Some(table) = self.table_of("company", value) else { return company };
        let mut has_name = false;
        for (k, v) in table.iter() {
            match k.get_ref().as_ref() {
                "name" => {
                    has_name = true;
                    company.name = self.string("name", v).unwrap_or_default();
                }
                "core_business" => company.core_business = self.string("core_business", v),
                "description" => company.description = self.string("description", v),
                other => self.unknown_field(other, Place::Company, &COMPANY_FIELDS, k.span()),
            }
        }
        if !has_name {
            self.problem(Problem::MissingCompanyName, key.span());
        }
        company
    }

    fn function(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        value: &Spanned<DeValue<'_>>,
    ) -> Option<FunctionOverride> {
        let table = self.table_of(key.get_ref(), value)?;
        let mut function = FunctionOverride { key: key.get_ref().to_string(), ..Default::default() };
        for (k, v) in table.iter() {
            match k.get_ref().as_ref() {
                "name" => function.name = self.string("name", v),
                "customers" => function.customers = self.level("customers", v),
                "revenue" => function.revenue = self.level("revenue", v),
                "note" => function.note = self.string("note", v),
                other => self.unknown_field(other, Place::Function, &FUNCTION_FIELDS, k.span()),
            }
        }
        Some(function)
    }

    /// Walks the `[org]` table in pre-order with an explicit stack.
    fn departments(&mut self, org: &mut Org, table: &DeTable<'_>) {
        // (key, table, parent, depth); pushed in reverse so they pop in file order.
        let mut stack: Vec<Pending<'_, '_>> = Vec::new();
        // Non-table values directly under [org] are errors: a department must be a table.
        for (k, v) in table.iter() {
            if !matches!(v.get_ref(), DeValue::Table(_)) {
                self.wrong_type(k.get_ref(), "table", v.get_ref(), v.span());
            }
        }
        push_children(&mut stack, table, None, 0);
        let mut too_deep_reported = false;
        while let Some(((key, value), parent, depth)) = stack.pop() {
            let DeValue::Table(table) = value.get_ref() else { continue };
            if depth >= MAX_DEPTH {
                if !too_deep_reported {
                    self.problem(Problem::TooDeep { limit: MAX_DEPTH }, key.span());
                    too_deep_reported = true;
                }
                continue;
            }
            let id = org.departments.len();
            // A binary search, not a count of newlines: that was quadratic in big files.
            let line = self.line_starts.partition_point(|&start| start <= key.span().start + self.offset);
            let mut dept = Department {
                id: key.get_ref().to_string(),
                name: None,
                function: None,
                customers: None,
                revenue: None,
                notes: None,
                parent,
                children: Vec::new(),
                depth,
                line,
            };
            for (k, v) in table.iter() {
                match k.get_ref().as_ref() {
                    "name" => dept.name = self.string("name", v),
                    "function" => dept.function = self.string("function", v),
                    "customers" => dept.customers = self.level("customers", v),
                    "revenue" => dept.revenue = self.level("revenue", v),
                    "notes" => dept.notes = self.string("notes", v),
                    other if !matches!(v.get_ref(), DeValue::Table(_)) => {
                        if let DeValue::Array(items) = v.get_ref()
                            && items.iter().any(|i| matches!(i.get_ref(), DeValue::Table(_)))
                        {
                            self.wrong_type(other, "table", v.get_ref(), k.span());
                            continue;
                        }
                        self.unknown_field(other, Place::Department, &DEPARTMENT_FIELDS, k.span())
                    }
                    _ => {}
                }
            }
            match parent {
                Some(p) => org.departments[p].children.push(id),
                None => org.roots.push(id),
            }
            org.departments.push(dept);
            push_children(&mut stack, table, Some(id), depth + 1);
        }
    }

    /// Every `function` and `core_business` must name a known function. Done after the
    /// walk, against the built-in catalogue and the file's own `[functions]`.
    fn check_function_keys(&mut self, org: &Org, table: &DeTable<'_>) {
        let catalog = Catalog::for_org(org);
        let known = |key: &str| catalog.get(key).is_some();
        let mut bad: Vec<(String, Range<usize>)> = Vec::new();
        if let Some(core) = &org.company.core_business
            && !known(core)
            && let Some(span) = table.get("company").and_then(|c| c.get_ref().get("core_business")).map(|v| v.span())
        {
            bad.push((core.clone(), span));
        }
        if org.departments.iter().any(|d| d.function.as_deref().is_some_and(|f| !known(f))) {
            // Find spans only when something is wrong: walk the tables again.
            if let Some(DeValue::Table(root)) = table.get("org").map(|v| v.get_ref()) {
                let mut stack = vec![root];
                while let Some(t) = stack.pop() {
                    for (k, v) in t.iter() {
                        match v.get_ref() {
                            DeValue::Table(child) => stack.push(child),
                            DeValue::String(s) if k.get_ref() == "function" && !known(s) => {
                                bad.push((s.to_string(), v.span()))
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
        for (key, span) in bad {
            let suggestion = nearest(&key, catalog.keys());
            self.problem(Problem::UnknownFunction { key, suggestion }, span);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departments_come_in_preorder_with_file_order_siblings() {
        let org = load(
            "[company]\nname = \"A\"\n[org.b]\n[org.b.x]\n[org.a]\nname = \"Aa\"\n[org.b.w]\nc = { name = \"C\" }\n",
        )
        .unwrap();
        let ids: Vec<_> = org.departments.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["b", "x", "w", "c", "a"]);
        assert_eq!(org.roots.len(), 2);
    }
}
