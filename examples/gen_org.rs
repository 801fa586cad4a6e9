//! Writes a generated org file to stdout:
//! `cargo run --release --example gen_org -- 100000 [seed] [--shape org|flat|deep|wide|notes|functions]`.
//! `org` (the default) is the realistic shape; `flat` is one department holding all
//! the others; `deep` a chain (the count is its depth, each level with one leaf);
//! `wide` a full tree with fan-out 100; `notes` a tree with fan-out 10 whose every
//! department has a 10 KB note; `functions` as many functions declared in the file
//! as departments, each department performing its own.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let shape = args.iter().position(|a| a == "--shape").and_then(|i| args.get(i + 1)).map_or("org", String::as_str);
    let mut numbers = args.iter().filter_map(|a| a.parse::<u64>().ok());
    let count = numbers.next().unwrap_or(1000) as usize;
    let seed = numbers.next().unwrap_or(1);
    let text = match shape {
        "flat" => frontback::generate::flat_org_text(count),
        "deep" => frontback::generate::deep_org_text(count),
        "wide" => frontback::generate::wide_org_text(count, 100),
        "notes" => frontback::generate::noted_org_text(count, 10_000),
        "functions" => frontback::generate::functions_org_text(count),
        "org" => frontback::generate::org_text(count, seed),
        other => {
            eprintln!("unknown shape {other:?}: org, flat, deep, wide, notes or functions");
            std::process::exit(2);
        }
    };
    print!("{text}");
}
