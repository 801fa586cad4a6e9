//! Arbitrary bytes as a CSV file to import: never a panic; a refusal lists its
//! problems, rendered safe to print (no control character reaches the terminal, the
//! list capped); what is accepted is an org file that loads, with one department per
//! data row.

#![no_main]

use frontback::import::{ImportOptions, import};
use frontback::org::load;
use frontback::text::Lang;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match import(data, "Fuzz", &ImportOptions::default()) {
        Ok(toml) => {
            if let Err(error) = load(&toml) {
                panic!("import wrote a file that does not load: {:?}\n{toml}", error.diagnostics);
            }
        }
        Err(error) => {
            assert!(!error.problems.is_empty());
            for lang in [Lang::En, Lang::Es] {
                let rendered = error.render("fuzz\u{1b}[2J.csv", lang);
                for c in rendered.chars() {
                    assert!(c == '\n' || !c.is_control(), "a raw {c:?} in\n{rendered}");
                }
                assert!(rendered.lines().count() < 50 * 8 + 20, "the list of problems is capped");
            }
        }
    }
});
