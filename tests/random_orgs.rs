//! Random valid orgs written to TOML, loaded and reported: the department count, the
//! paths in pre-order and the verdicts agree with a direct computation of the rules.

use frontback::catalog::Catalog;
use frontback::classify::{Model, Verdict, classify};
use frontback::org::load;
use proptest::prelude::*;

/// A generated department: its id, function, explicit facts, children.
#[derive(Clone, Debug)]
struct Node {
    id: String,
    function: Option<&'static str>,
    customers: Option<&'static str>,
    revenue: Option<&'static str>,
    children: Vec<Node>,
}

const IDS: [&str; 8] = ["sales", "a b", "ñandú", "x.y", "it-desk", "\"quoted\"", "dos", "Z9"];
const FUNCTIONS: [&str; 6] = ["sales", "accounting", "it", "post-sales-support", "trading", "manufacturing"];
const LEVELS: [&str; 3] = ["direct", "indirect", "none"];

fn node(depth: u32) -> BoxedStrategy<Node> {
    let leaf = (
        0..IDS.len(),
        prop::option::of(prop::sample::select(&FUNCTIONS[..])),
        prop::option::of(prop::sample::select(&LEVELS[..])),
        prop::option::of(prop::sample::select(&LEVELS[..])),
    );
    let children =
        if depth == 0 { Just(Vec::new()).boxed() } else { prop::collection::vec(node(depth - 1), 0..4).boxed() };
    (leaf, children)
        .prop_map(|((id, function, customers, revenue), children)| {
            // Sibling ids must be unique: suffix duplicates.
            let mut seen = std::collections::HashSet::new();
            let children = children
                .into_iter()
                .enumerate()
                .map(|(i, mut c)| {
                    if !seen.insert(c.id.clone()) {
                        c.id = format!("{}-{i}", c.id);
                        seen.insert(c.id.clone());
                    }
                    c
                })
                .collect();
            Node { id: IDS[id].to_string(), function, customers, revenue, children }
        })
        .boxed()
}

fn quote(key: &str) -> String {
    toml_edit::Key::new(key).display_repr().into_owned()
}

/// Writes every department as a table with its full header, parents first.
fn write(nodes: &[Node], path: &mut Vec<String>, out: &mut String) {
    for n in nodes {
        path.push(quote(&n.id));
        out.push_str(&format!("\n[org.{}]\n", path.join(".")));
        for (key, value) in [("function", n.function), ("customers", n.customers), ("revenue", n.revenue)] {
            if let Some(v) = value {
                out.push_str(&format!("{key} = \"{v}\"\n"));
            }
        }
        write(&n.children, path, out);
        path.pop();
    }
}

/// The rules of SPEC §4, computed directly on the generated tree.
fn expected(
    nodes: &[Node],
    core: Option<&str>,
    path: &mut Vec<String>,
    inherited: [Option<&str>; 2],
    out: &mut Vec<(Vec<String>, Verdict, Verdict)>,
) {
    let catalog = Catalog::builtin();
    for n in nodes {
        path.push(n.id.clone());
        let default = |i: usize| {
            n.function
                .and_then(|f| catalog.get(f))
                .and_then(|f| if i == 0 { f.customers } else { f.revenue })
                .map(|l| l.as_str())
        };
        let resolve = |i: usize, explicit: Option<&'static str>| -> Option<&str> {
            explicit
                .or_else(|| (core.is_some() && n.function == core).then_some("direct"))
                .or_else(|| default(i))
                .or(inherited[i])
        };
        let facts = [resolve(0, n.customers), resolve(1, n.revenue)];
        let verdict = |v: Option<&str>| match v {
            Some("direct") => Verdict::Front,
            Some(_) => Verdict::Back,
            None => Verdict::Undetermined,
        };
        out.push((path.clone(), verdict(facts[0]), verdict(facts[1])));
        expected(&n.children, core, path, facts, out);
        path.pop();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn loading_and_classifying_agree_with_the_rules(
        roots in prop::collection::vec(node(3), 0..5),
        core in prop::option::of(prop::sample::select(&FUNCTIONS[..])),
    ) {
        // Unique root ids too.
        let mut roots = roots;
        for (i, r) in roots.iter_mut().enumerate() {
            r.id = format!("{}-{i}", r.id);
        }
        let mut text = String::from("[company]\nname = \"Random\"\n");
        if let Some(core) = core {
            text.push_str(&format!("core_business = \"{core}\"\n"));
        }
        write(&roots, &mut Vec::new(), &mut text);
        let org = load(&text).map_err(|e| TestCaseError::fail(format!("{text}\n{e:?}")))?;
        let classes = classify(&org, &Catalog::for_org(&org));
        let mut want = Vec::new();
        expected(&roots, core, &mut Vec::new(), [None, None], &mut want);
        prop_assert_eq!(org.len(), want.len());
        for (id, (path, customer, profit)) in want.iter().enumerate() {
            let got: Vec<String> = org.path(id).iter().map(|s| s.to_string()).collect();
            prop_assert_eq!(&got, path);
            prop_assert_eq!(classes.of(id).verdict(Model::Customer), *customer, "{:?}", path);
            prop_assert_eq!(classes.of(id).verdict(Model::Profit), *profit, "{:?}", path);
        }
        // And the report says the same.
        let json: serde_json::Value =
            serde_json::from_str(&frontback::report::render(&org, frontback::report::Format::Json, frontback::text::Lang::En)).unwrap();
        prop_assert_eq!(json["summary"]["departments"].as_u64().unwrap() as usize, want.len());
    }
}
