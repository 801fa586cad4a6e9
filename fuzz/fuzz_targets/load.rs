//! Arbitrary bytes as an org file: loading never panics; what loads can be reported
//! in every format and edited (toml_edit accepts the same text).

#![no_main]

use frontback::report::{Format, render};
use frontback::text::Lang;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match frontback::org::load(text) {
        Ok(org) => {
            for format in [Format::Table, Format::Json, Format::Markdown, Format::Csv, Format::Dot] {
                let _ = render(&org, format, Lang::En);
            }
            if let Err(error) = text.parse::<toml_edit::DocumentMut>() {
                panic!("the loader accepted a file toml_edit refuses: {error}");
            }
        }
        Err(error) => {
            assert!(!error.diagnostics.is_empty());
            let _ = error.render("fuzz.toml", text, Lang::Es);
        }
    }
});
