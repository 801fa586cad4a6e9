//! Arbitrary bytes as a configuration file: reading it never panics or aborts (deep
//! nesting included); what it says is in force or refused with diagnostics, and every
//! message about it (the `config --check` report and the status bar's line, in both
//! languages) is safe to print: no control character reaches the terminal.

#![no_main]

use frontback::text::Lang;
use frontback::tui::config::{Flags, Loaded, Location, Origin};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let location = Location { path: "fuzz\u{1b}]0;x\u{7}.toml".into(), origin: Origin::Flag };
    let loaded = Loaded::from_text(location, text.to_string());
    match &loaded.failure {
        Some(failure) => {
            for lang in [Lang::En, Lang::Es] {
                safe(&failure.render(lang), true);
                safe(&failure.summary(lang), false);
            }
        }
        None => {
            // What is in force can be used: the options and the keymap they hold.
            let options = loaded.options(&Flags::default(), false, false, 1);
            let _ = frontback::tui::App::new(
                frontback::document::Document::from_text(None, frontback::samples::default_sample().text.into())
                    .unwrap(),
                options,
            );
        }
    }
});

/// No control character but the line breaks of a multi-line report.
fn safe(text: &str, lines: bool) {
    for c in text.chars() {
        let allowed = lines && c == '\n';
        assert!(allowed || !c.is_control(), "a raw {c:?} in {text:?}");
    }
}
