//! Deterministic generators of large org files, for benchmarks and scale tests, in
//! three shapes: [`org_text`] (fan-out about 8, depth up to 7, realistic names, half
//! the departments with explicit facts), [`wide_org_text`] (a full tree of any fan-out,
//! functions in a fixed cycle), [`deep_org_text`] (a chain, one leaf per level) and
//! [`flat_org_text`] (one department holding all the others).

use std::fmt::Write;

const AREAS: [&str; 16] = [
    "Sales",
    "Support",
    "Finance",
    "Accounting",
    "Engineering",
    "Operations",
    "Marketing",
    "Legal",
    "Logistics",
    "Procurement",
    "Research",
    "Quality",
    "Facilities",
    "Security",
    "Human resources",
    "Customer service",
];
const PLACES: [&str; 12] =
    ["North", "South", "East", "West", "Central", "Madrid", "Lima", "Bogotá", "Austin", "Lyon", "Porto", "Osaka"];
const FUNCTIONS: [&str; 12] = [
    "sales",
    "post-sales-support",
    "accounting",
    "it",
    "manufacturing",
    "administration",
    "marketing",
    "legal",
    "logistics",
    "procurement",
    "customer-service",
    "trading",
];
const LEVELS: [&str; 3] = ["direct", "indirect", "none"];

/// A small, fast, deterministic pseudo-random sequence (SplitMix64): the same seed
/// gives the same sequence, for generated orgs and for the quiz's order.
#[derive(Clone, Debug)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    /// The next number of the sequence.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Puts `items` in a random order (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// The text of an org file with `departments` departments.
pub fn org_text(departments: usize, seed: u64) -> String {
    let mut rng = SplitMix64(seed);
    // Breadth-first shape: each department gets 4 to 12 children until the count is
    // reached, which keeps the depth near log8(n) and at most 7 below [org].
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(departments);
    let mut children: Vec<Vec<usize>> = Vec::with_capacity(departments);
    let mut depth: Vec<usize> = Vec::with_capacity(departments);
    let roots = departments.min(8);
    for _ in 0..roots {
        parent.push(None);
        children.push(Vec::new());
        depth.push(0);
    }
    let mut next_parent = 0;
    while parent.len() < departments && next_parent < parent.len() {
        if depth[next_parent] >= 6 {
            next_parent += 1;
            continue;
        }
        let count = 4 + rng.below(9);
        for _ in 0..count {
            if parent.len() == departments {
                break;
            }
            let id = parent.len();
            parent.push(Some(next_parent));
            children.push(Vec::new());
            depth.push(depth[next_parent] + 1);
            children[next_parent].push(id);
        }
        next_parent += 1;
    }
    let mut out = String::with_capacity(departments * 170);
    let _ = writeln!(
        out,
        "# Generated org: {departments} departments, seed {seed}.\n[company]\nname = \"Generated {departments}\"\ncore_business = \"sales\"\n"
    );
    let ids: Vec<String> =
        (0..parent.len()).map(|i| format!("{}-{i}", AREAS[i % AREAS.len()].to_lowercase().replace(' ', "-"))).collect();
    // Pre-order walk with an explicit stack.
    let mut stack: Vec<usize> = (0..roots).rev().collect();
    let mut path: Vec<usize> = Vec::new();
    while let Some(id) = stack.pop() {
        path.truncate(depth[id]);
        path.push(id);
        out.push_str("[org");
        for &p in &path {
            out.push('.');
            out.push_str(&ids[p]);
        }
        out.push_str("]\n");
        let _ = writeln!(out, "name = \"{} {}\"", AREAS[id % AREAS.len()], PLACES[rng.below(PLACES.len())]);
        if rng.below(3) > 0 {
            let _ = writeln!(out, "function = \"{}\"", FUNCTIONS[rng.below(FUNCTIONS.len())]);
        }
        if rng.below(2) == 0 {
            let _ = writeln!(out, "customers = \"{}\"", LEVELS[rng.below(3)]);
            let _ = writeln!(out, "revenue = \"{}\"", LEVELS[rng.below(3)]);
        }
        if rng.below(10) == 0 {
            out.push_str("notes = \"Generated for scale tests; the names are made up.\"\n");
        }
        out.push('\n');
        stack.extend(children[id].iter().rev());
    }
    out
}

/// An org of `count` departments with this fan-out, as TOML text: department `i` has
/// the departments `fan_out * (i + 1) ..` as children, so the tree is full and wide.
/// The functions cycle through post-sales support (a grey area), sales, accounting,
/// manufacturing and none; one with none inherits its parent's facts, so a grey area's
/// child can be a grey area too.
pub fn wide_org_text(count: usize, fan_out: usize) -> String {
    fn write(text: &mut String, path: &mut Vec<String>, id: usize, count: usize, fan_out: usize) {
        path.push(format!("u{id:05}"));
        text.push_str(&format!("[org.{}]\nname = \"Unit {id:05}\"\n", path.join(".")));
        match id % 5 {
            0 => text.push_str("function = \"post-sales-support\"\n"),
            1 => text.push_str("function = \"sales\"\n"),
            2 => text.push_str("function = \"accounting\"\n"),
            3 => text.push_str("function = \"manufacturing\"\n"),
            _ => {}
        }
        let first = fan_out * (id + 1);
        for child in first..(first + fan_out).min(count) {
            write(text, path, child, count, fan_out);
        }
        path.pop();
    }
    let mut text = String::from("[company]\nname = \"Generated Group\"\n");
    let mut path = Vec::new();
    for root in 0..fan_out.min(count) {
        write(&mut text, &mut path, root, count, fan_out);
    }
    text
}

/// A chain of `depth` departments, each with one leaf beside the next level.
pub fn deep_org_text(depth: usize) -> String {
    let mut text = String::from("[company]\nname = \"Deep\"\n");
    let mut path = String::from("org");
    for i in 0..depth {
        path.push_str(&format!(".d{i}"));
        text.push_str(&format!("[{path}]\nname = \"Level {i}\"\n[{path}.leaf]\nname = \"Leaf {i}\"\n"));
    }
    text
}

/// One department holding `count - 1` sub-departments side by side: the widest
/// sibling list an org can have.
pub fn flat_org_text(count: usize) -> String {
    let mut text = String::with_capacity(count * 64);
    text.push_str("[company]\nname = \"Flat\"\n\n[org.all]\nname = \"All\"\n");
    for i in 1..count {
        let _ = write!(text, "\n[org.all.u{i:07}]\nname = \"Unit {i}\"\n");
        if i % 4 == 0 {
            let _ = writeln!(text, "function = \"{}\"", FUNCTIONS[i % FUNCTIONS.len()]);
        }
    }
    text
}

/// A full tree of `count` departments with fan-out 10, each with a note of about
/// `note_bytes` bytes on lines of about 70 characters (a multi-line string): the
/// shape of an org whose departments carry long descriptions.
pub fn noted_org_text(count: usize, note_bytes: usize) -> String {
    const LINE: &str = "Handles the accounts of the region and answers to the board monthly.";
    let lines = note_bytes.div_ceil(LINE.len() + 1).max(1);
    let mut note = String::with_capacity(lines * (LINE.len() + 1));
    for _ in 0..lines {
        note.push_str(LINE);
        note.push('\n');
    }
    let mut text = String::with_capacity(count * (note.len() + 80));
    text.push_str("[company]\nname = \"Noted\"\n");
    push_full_tree(&mut text, count, "n", |text, id| {
        let function = FUNCTIONS[id % FUNCTIONS.len()];
        let _ = write!(text, "name = \"Noted {id}\"\nfunction = \"{function}\"\nnotes = \"\"\"\n{note}\"\"\"\n");
    });
    text
}

/// Appends the tables of a full tree of `count` departments with fan-out 10, in
/// pre-order, department `i` keyed `{key}{i}`, its fields written by `body` after its
/// header. Department `i`'s parent is `(i - 10) / 10` from the eleventh on.
fn push_full_tree(text: &mut String, count: usize, key: &str, body: impl Fn(&mut String, usize)) {
    let children = |i: usize| 10 * (i + 1)..(10 * (i + 1) + 10).min(count);
    let mut stack: Vec<(usize, usize)> = (0..10.min(count)).rev().map(|i| (i, 0)).collect();
    let mut path: Vec<usize> = Vec::new();
    while let Some((id, depth)) = stack.pop() {
        path.truncate(depth);
        path.push(id);
        text.push_str("\n[org");
        for p in &path {
            let _ = write!(text, ".{key}{p}");
        }
        text.push_str("]\n");
        body(text, id);
        stack.extend(children(id).rev().map(|child| (child, depth + 1)));
    }
}

/// An org declaring `count` functions of its own under `[functions]`, and as many
/// departments (a full tree with fan-out 10), department `i` performing function
/// `i`: the shape of a file that extends the catalogue a great deal.
pub fn functions_org_text(count: usize) -> String {
    let mut text = String::with_capacity(count * 200);
    text.push_str("[company]\nname = \"Functions\"\n");
    for i in 0..count {
        let _ = write!(
            text,
            "\n[functions.f{i:05}]\nname = \"Function {i}\"\ncustomers = \"{}\"\nrevenue = \"{}\"\nnote = \"Declared by the file.\"\n",
            LEVELS[i % 3],
            LEVELS[(i / 3) % 3]
        );
    }
    push_full_tree(&mut text, count, "u", |text, id| {
        let _ = write!(text, "name = \"Unit {id}\"\nfunction = \"f{id:05}\"\n");
    });
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_org_has_the_requested_size_and_loads() {
        let text = org_text(1000, 7);
        assert_eq!(text, org_text(1000, 7), "deterministic");
        let org = crate::org::load(&text).unwrap();
        assert_eq!(org.len(), 1000);
        assert!(org.departments.iter().all(|d| d.depth <= 6));
    }

    #[test]
    fn the_flat_org_is_one_department_holding_all_the_others() {
        let org = crate::org::load(&flat_org_text(50)).unwrap();
        assert_eq!(org.len(), 50);
        assert_eq!(org.children(None).count(), 1);
        assert_eq!(org.children(Some(0)).count(), 49);
    }

    #[test]
    fn the_noted_org_has_long_notes_on_every_department() {
        let org = crate::org::load(&noted_org_text(120, 10_000)).unwrap();
        assert_eq!(org.len(), 120);
        assert!(org.departments.iter().all(|d| d.notes.as_ref().is_some_and(|n| n.len() >= 10_000)));
        let second = org.children(None).nth(1).unwrap();
        assert_eq!(org.children(Some(second)).count(), 10);
    }

    #[test]
    fn the_functions_org_declares_a_function_for_each_department() {
        let org = crate::org::load(&functions_org_text(300)).unwrap();
        assert_eq!((org.len(), org.functions.len()), (300, 300));
        let catalog = crate::catalog::Catalog::for_org(&org);
        assert!(org.departments.iter().all(|d| d.function.as_deref().is_some_and(|f| catalog.get(f).is_some())));
    }

    #[test]
    fn the_deepest_chain_a_file_may_hold_loads_and_one_more_level_does_not() {
        let deepest = crate::org::load::MAX_DEPTH - 1;
        let org = crate::org::load(&deep_org_text(deepest)).unwrap();
        assert_eq!(org.departments.iter().map(|d| d.depth + 1).max(), Some(crate::org::load::MAX_DEPTH));
        assert!(crate::org::load(&deep_org_text(deepest + 1)).is_err());
    }
}
