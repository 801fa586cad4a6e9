//! `--help` follows the language (issue: "`--help` is English only"): the real binary's
//! help of the app and of every subcommand, with `--lang es` and with `LANG=es_ES`,
//! has no sentence of the English help left, Spanish headings, and the English texts
//! of `assets/locales/cli.toml` are the ones clap shows in English (so the two never
//! drift apart).

use crate::support::cli::frontback;
use frontback::text::Lang;
use frontback::text::locale::{builtin, translate};

const SUBCOMMANDS: [&str; 9] =
    ["check", "report", "import", "handout", "compare", "samples", "config", "completions", "man"];

fn help(args: &[&str], env_lang: &str) -> String {
    let out = frontback()
        .args(args)
        .arg("--help")
        .env("LANG", env_lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The descriptions of a help text: what follows the name of each command or argument.
fn descriptions(help: &str) -> Vec<String> {
    help.lines()
        .filter(|line| line.starts_with("  "))
        .filter_map(|line| line.trim_start().split_once("  ").map(|(_, text)| text.trim().to_string()))
        .filter(|text| !text.is_empty())
        .collect()
}

#[test]
fn every_help_is_spanish_when_the_language_is() {
    for sub in std::iter::once(None).chain(SUBCOMMANDS.map(Some)) {
        let args: Vec<&str> = sub.into_iter().collect();
        let english = help(&args, "C");
        let mut spanish = vec![help(&args, "es_ES.UTF-8")];
        if english.contains("--lang") {
            let mut with_flag = args.clone();
            with_flag.extend(["--lang", "es"]);
            spanish.push(help(&with_flag, "C"));
        }
        for spanish in spanish {
            for line in descriptions(&english) {
                // Values and examples (`customer`, `frontback man check | man -l -`) may stay.
                let words = line.split_whitespace().filter(|w| w.chars().all(char::is_alphabetic)).count();
                if words >= 3 {
                    assert!(!spanish.contains(&line), "{sub:?}: English left: {line:?}\n{spanish}");
                }
            }
            assert!(spanish.contains("\nUso: frontback"), "{sub:?}: {spanish}");
            assert!(spanish.contains("\nOpciones:\n"), "{sub:?}");
            assert!(spanish.contains("Muestra la ayuda"), "{sub:?}");
            assert!(!spanish.contains("Print help") && !spanish.contains("[default:"), "{sub:?}: {spanish}");
        }
        assert!(english.contains("Print help") && english.contains("\nUsage: frontback"), "English stays English");
    }
}

#[test]
fn the_english_texts_of_the_help_file_are_what_clap_shows() {
    let mut checked = 0;
    let help_file = |key: &str| {
        let sub = key.split('.').nth(1).unwrap_or_default();
        key.starts_with("cli.") && (sub == "app" || SUBCOMMANDS.contains(&sub))
    };
    for (key, _) in builtin().iter().filter(|(key, _)| help_file(key)) {
        let sub = key.split('.').nth(1).unwrap();
        let args: Vec<&str> = if sub == "app" { vec![] } else { vec![sub] };
        let english = help(&args, "C").split_whitespace().collect::<Vec<_>>().join(" ");
        let text = translate(Lang::En.code(), key);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(english.contains(&text), "{key}: {text:?} is not in the English help:\n{english}");
        checked += 1;
    }
    assert!(checked > 40, "{checked}");
}
