//! Reading a large file as two halves on two cores: where to cut it, reading each
//! half, and putting the second half's tables into the first's — or declining, so that
//! the file is read front to back, whenever the answer might differ.

use compact_str::CompactString;
use std::sync::atomic::{AtomicBool, Ordering};

use toml_parser::ParseError;
use toml_parser::parser::parse_document;

use super::tables::{Made, Node, Role};
use super::{LoadError, Loader, lex_in_batches};
use crate::org::Org;

/// Where a large file is cut in two for [`load_in_halves`]: the first line after its
/// middle that starts a table header.
pub(super) fn split_point(text: &str) -> Option<usize> {
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
pub(super) fn load_in_halves(text: &str, at: usize) -> Option<Result<Org, LoadError>> {
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

impl<'t> Loader<'t> {
    /// Takes in what `second` read of the text after this loader's (see
    /// [`load_in_halves`]): its tables in the order it made them, so departments,
    /// siblings and functions keep the order reading front to back gives. False when
    /// the two halves define the same table (or anything else reading front to back
    /// would refuse); this loader is then of no further use.
    ///
    /// Only tables the two halves share are looked up; a table new to this loader is
    /// not entered in its lookup map, since nothing is looked up after this but
    /// `finish`, which does not.
    pub(super) fn absorb(&mut self, mut second: Loader<'t>) -> bool {
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
        // Exactly the room the second half's departments and tables need: growing by
        // doubling would leave a third of a large org's drafts unused at the peak.
        self.drafts.reserve_exact(second.drafts.len());
        self.nodes.reserve_exact(second.nodes.len());
        self.keys.reserve_exact(second.nodes.len());
        // For each of the second half's tables: this loader's, and whether it is new.
        let mut here: Vec<(u32, bool)> = vec![(0, false); second.nodes.len()];
        for i in 1..second.nodes.len() {
            let Node { made, role, fields, parent } = second.nodes[i];
            let (parent, parent_is_new) = here[parent as usize];
            let mut key: CompactString = match role {
                Role::Department(d) => std::mem::take(&mut second.drafts[d].id),
                _ => CompactString::new(&second.keys[i]),
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
                self.keys.push(key.as_str().into());
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
                            draft.figures = theirs.figures;
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
    pub(super) fn take_company(&mut self, second: &mut Loader<'t>) {
        self.company = std::mem::take(&mut second.company);
        self.company_named = second.company_named;
        self.company_span = second.company_span.take();
        self.core_business_span = second.core_business_span.take();
    }
}

#[cfg(test)]
mod tests {
    use super::super::{load, load_front_to_back};
    use super::*;

    /// Where each line that starts with `[` begins: every place `load_in_halves` may be
    /// asked to cut.
    pub(super) fn header_lines(text: &str) -> Vec<usize> {
        text.match_indices("\n[").map(|(i, _)| i + 1).collect()
    }

    /// Reading in halves gives exactly what reading front to back gives, or declines.
    pub(super) fn halves_agree(text: &str, at: usize) -> bool {
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
    pub(super) fn a_generated_org_read_in_halves_is_the_org_read_front_to_back() {
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
    pub(super) fn tables_the_halves_share_are_joined_or_refused_as_reading_front_to_back_would() {
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
    pub(super) fn a_block_never_starts_inside_the_string_above_it() {
        let text = "[company]\nname = \"A\"\n[org.a]\nnotes = \"\"\"\n\n# x\"\"\"\n\n# about b\n[org.b]\n";
        let org = load_front_to_back(text).unwrap();
        let b = org.find_path(&["b"]).unwrap();
        let start = org.block(b).unwrap().0;
        assert_eq!(&text[start..], "\n# about b\n[org.b]\n");
        assert_eq!(org.block(b - 1).unwrap().1, start);
        let cut = *header_lines(text).last().unwrap();
        assert!(!halves_agree(text, cut), "the second half cannot see the string: it declines");
        // Deleting b leaves a's notes whole (it used to cut the string's last line).
        let delete = crate::org::edit::Edit::Delete { path: vec!["b".into()] };
        let deleted = crate::org::edit::apply_loaded(text, &org, &delete).unwrap();
        assert_eq!(deleted.text(text), "[company]\nname = \"A\"\n[org.a]\nnotes = \"\"\"\n\n# x\"\"\"\n");
    }

    #[test]
    pub(super) fn the_cut_is_found_whatever_characters_sit_at_the_middle() {
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
}
