//! `frontback handout` on the real binary: golden files of the corner shop's handout
//! in both languages and both formats, the answer key on a printed page of its own,
//! the worksheet chosen by the seed, and a file that does not load.

use crate::support::cli::frontback;
use crate::support::temp_file;

fn handout(args: &[&str]) -> String {
    let out = frontback().arg("handout").arg("sample-orgs/corner-shop.toml").args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_handout_in_both_languages_and_formats() {
    for lang in ["en", "es"] {
        for format in ["markdown", "html"] {
            insta::assert_snapshot!(
                format!("handout_corner_shop_{lang}_{format}"),
                handout(&["--lang", lang, "--format", format])
            );
        }
    }
}

#[test]
fn the_markdown_has_a_title_block_and_the_answer_key_a_page_of_its_own() {
    let md = handout(&["--lang", "en"]);
    assert!(
        md.starts_with("---\ntitle: \"Muebles y Ferretería El Roble: front office and back office\"\nlang: en\n---\n")
    );
    let key = md.find("## Answer key").expect("an answer key");
    assert!(md[..key].trim_end().ends_with("\\newpage"), "a page break right before the answer key");
    assert!(!md.contains("(C"), "no concept codes in the concept's text");
}

#[test]
fn in_html_the_answer_key_starts_a_new_printed_page() {
    let html = handout(&["--format", "html", "--lang", "es"]);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"es\">"));
    assert!(html.trim_end().ends_with("</html>"), "one standalone page");
    assert!(!html.contains("<link") && !html.contains("<script"), "nothing fetched");
    // The class that starts a printed page, and the answer key's heading carrying it.
    assert!(html.contains(".page { break-before: page; page-break-before: always; }"));
    assert!(html.contains("<h2 class=\"page\">Soluciones</h2>"), "{html}");
    assert!(html.contains("<h2 class=\"page\">Ejercicio</h2>"));
    // Readable column widths: the department's column is the widest.
    assert!(html.contains("<col style=\"width: 40%\">"));
}

#[test]
fn the_seed_picks_the_worksheet_and_the_same_seed_gives_the_same_sheet() {
    let sheet = |seed: &str| {
        let md = handout(&["--seed", seed]);
        let start = md.find("## Worksheet").unwrap();
        let end = md.find("## Answer key").unwrap();
        md[start..end].to_string()
    };
    assert_eq!(sheet("7"), sheet("7"));
    assert_ne!(sheet("7"), sheet("8"), "another seed, another order");
    let sheet = sheet("7");
    assert!(sheet.contains("(Sheet 7.)"));
    assert!(sheet.contains("| Repair desk |"), "the shop's one grey area is asked about");
}

#[test]
fn a_file_that_does_not_load_is_named_and_nothing_is_printed() {
    let (_dir, path) = temp_file("broken.toml", "[company]\nname = \"B\"\n[org.a]\nfuntion = \"sales\"\n");
    let out = frontback().arg("handout").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.toml:4:1"));
}
