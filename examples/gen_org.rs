//! Writes a generated org file to stdout: `cargo run --release --example gen_org -- 100000 [seed]`.

fn main() {
    let mut args = std::env::args().skip(1);
    let count = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    print!("{}", frontback::generate::org_text(count, seed));
}
