//! Hostile text on its way out to a spreadsheet, a Markdown renderer or a terminal, and
//! hostile CSV on its way in (issue 14, repros 6–8): the CSV report neutralises
//! formulas and escapes control characters while `import` undoes both, so names
//! survive exactly; the Markdown handout lets no HTML or link through; the table
//! report shows bidi controls escaped; an unterminated quote is refused at its line;
//! and error lists stay short however many problems a file has.

use frontback::document::Document;
use frontback::import::{ImportOptions, import};
use frontback::org::{Org, load};
use frontback::text::Lang;
use proptest::prelude::*;

use crate::support::cli::frontback;
use crate::support::temp_file;

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An org file with one top-level department per (id, name) and, under the first, a
/// child `kid` (so that a hostile id is also a `parent_id`).
fn org_text(departments: &[(&str, &str)]) -> String {
    let mut text = String::from("[company]\nname = \"T\"\n");
    for (id, name) in departments {
        text.push_str(&format!("[org.{}]\nname = {}\n", toml_string(id), toml_string(name)));
    }
    if let Some((first, _)) = departments.first() {
        text.push_str(&format!("[org.{}.kid]\nname = \"=kid\"\n", toml_string(first)));
    }
    text
}

fn paths_and_names(org: &Org) -> Vec<(Vec<String>, String)> {
    (0..org.len())
        .map(|d| (org.path(d).into_iter().map(String::from).collect(), org.dept(d).display_name().to_string()))
        .collect()
}

/// report csv → import → load, through the library.
fn round_trip(text: &str) -> (Org, Org, String) {
    let org = load(text).expect("the org loads");
    let doc = Document::new(None, text.to_string(), org.clone());
    let csv = frontback::report::csv(&doc);
    let imported = import(csv.as_bytes(), "t", &ImportOptions::default())
        .unwrap_or_else(|e| panic!("the CSV imports:\n{}\n{csv}", e.render("t.csv", Lang::En)));
    (org, load(&imported).expect("the imported file loads"), csv)
}

/// Names a spreadsheet would run or a terminal would obey, and names that look like
/// what the neutralising and the escaping write.
const HOSTILE: [&str; 16] = [
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\tTabbed",
    "\rReturned",
    "'quoted",
    "''twice",
    "'=already",
    "title \u{1b}]0;PWNED\u{7} and clear \u{1b}[2J",
    "literally \\u{1b} and \\u{zz} and \\",
    "\\u{5c}",
    "comma, \"quotes\"\nand a line",
    "bidi \u{202e}txt.exe \u{2066}x\u{2069}",
    "nul \0 and del \u{7f} and csi \u{9b}",
    "plain ñ",
];

#[test]
fn formulas_and_control_characters_never_reach_a_spreadsheet_cell_raw() {
    let departments: Vec<(String, &str)> =
        HOSTILE.iter().enumerate().map(|(i, name)| (format!("{}{i}", &name[..1]), *name)).collect();
    let departments: Vec<(&str, &str)> = departments.iter().map(|(id, name)| (id.as_str(), *name)).collect();
    let (_dir, file) = temp_file("hostile.toml", org_text(&departments));
    let output = frontback().args(["report", file.to_str().unwrap(), "--format", "csv"]).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let raw = text.chars().find(|&c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}')
    });
    assert_eq!(raw, None, "a raw control character in the CSV report:\n{text}");
    // The preamble's rows (company, functions) have three cells, the table's ten:
    // every cell of both is checked.
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    for record in reader.records() {
        let record = record.unwrap();
        for cell in record.iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "a formula cell: {cell:?}\n{text}");
        }
    }
    assert!(text.contains("'=HYPERLINK("), "{text}");
    assert!(text.contains("'+cmd|"), "{text}");
    assert!(text.contains("title \\u{1b}]0;PWNED\\u{7}"), "{text}");
    assert!(text.contains(",''quoted,"), "a genuine leading quote is kept apart:\n{text}");

    // And the binary's import reads every name back exactly.
    let (dir, csv_file) = temp_file("hostile.csv", &text);
    let imported = frontback().args(["import", csv_file.to_str().unwrap()]).output().unwrap();
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    let imported_file = dir.path().join("imported.toml");
    std::fs::write(&imported_file, imported.stdout).unwrap();
    let before = load(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let after = load(&std::fs::read_to_string(&imported_file).unwrap()).unwrap();
    assert_eq!(paths_and_names(&before), paths_and_names(&after));
}

#[test]
fn every_hostile_name_and_id_survives_report_csv_then_import() {
    for name in HOSTILE {
        let (before, after, csv) = round_trip(&org_text(&[(name, name), ("x", name)]));
        assert_eq!(paths_and_names(&before), paths_and_names(&after), "through:\n{csv}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_name_survives_report_csv_then_import(
        id in "[=+@'\\-\t\r\\\\\"a-z,u{}\u{1b}\u{202e}/]{1,8}",
        name in "[=+@'\\-\t\r\n\\\\\"a-z ,|u{}0-9\u{0}\u{1b}\u{7f}\u{9b}\u{202e}\u{2067}ñ]{0,16}",
    ) {
        // A name of only blanks reads back as no name (an import rule of its own).
        prop_assume!(!name.trim().is_empty());
        prop_assume!(!["name", "function", "customers", "revenue", "notes", "kid"].contains(&id.as_str()));
        let (before, after, csv) = round_trip(&org_text(&[(&id, &name)]));
        prop_assert_eq!(paths_and_names(&before), paths_and_names(&after), "through:\n{}", csv);
    }
}

// ---------------------------------------------------------------------------------
// Markdown and the table report.

#[test]
fn the_markdown_handout_lets_no_html_or_link_through() {
    let departments = [
        ("img", "<img src=x onerror=alert(1)>"),
        ("link", "[click](javascript:alert(1))"),
        ("auto", "<javascript:alert(1)>"),
        ("pipe", "a\\|b"),
        ("marks", "**bold** _it_ `code` ~~gone~~ &amp;"),
        ("head", "# heading"),
    ];
    let (_dir, file) = temp_file("handout.toml", org_text(&departments));
    let output = frontback().args(["report", file.to_str().unwrap(), "--format", "markdown"]).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    for raw in ["<img", "<javascript", "[click]", "[click](javascript", "**bold**", "`code`", "&amp;amp"] {
        assert!(!text.replace("&amp;amp;", "").contains(raw), "{raw:?} gets through:\n{text}");
    }
    for escaped in [
        "&lt;img src=x onerror=alert(1)&gt;",
        "\\[click\\](javascript:alert(1))",
        "a\\\\\\|b",
        "\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~gone\\~\\~ &amp;amp;",
        "\\# heading",
    ] {
        assert!(text.contains(escaped), "no {escaped:?} in:\n{text}");
    }
    // Every department is still one row of each table.
    let rows = text.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| Department")).count();
    assert_eq!(rows, 2 * (departments.len() + 1), "{text}");
}

#[test]
fn the_table_report_shows_every_bidi_control_escaped() {
    let bidi = [
        '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
        '\u{200e}', '\u{200f}', '\u{061c}',
    ];
    let names: Vec<String> = bidi.iter().map(|c| format!("x{c}y")).collect();
    let ids: Vec<String> = (0..bidi.len()).map(|i| format!("d{i}")).collect();
    let departments: Vec<(&str, &str)> = ids.iter().map(String::as_str).zip(names.iter().map(String::as_str)).collect();
    let (_dir, file) = temp_file("bidi.toml", org_text(&departments));
    let output = frontback().args(["report", file.to_str().unwrap()]).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    for c in bidi {
        assert!(!text.contains(c), "a raw {c:?} in:\n{text}");
        assert!(text.contains(&format!("x{}y", c.escape_unicode())), "{c:?} not shown escaped:\n{text}");
    }
}

// ---------------------------------------------------------------------------------
// Import: quotes, long error lists, long cycles.

#[test]
fn an_unterminated_quote_is_refused_at_the_line_where_it_opened() {
    let csv = "id,parent_id,name\nshop,,Shop\na,,\"A\nb,,B\nc,,C\n";
    let error = import(csv.as_bytes(), "t", &ImportOptions::default()).expect_err("refused");
    let rendered = error.render("bad.csv", Lang::En);
    assert!(rendered.contains("quote"), "{rendered}");
    assert!(rendered.contains("bad.csv:3"), "{rendered}");
    let spanish = error.render("bad.csv", Lang::Es);
    assert!(spanish.contains("comilla"), "{spanish}");

    let (_dir, file) = temp_file("bad.csv", csv);
    let output = frontback().args(["import", file.to_str().unwrap()]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("bad.csv:3") && stderr.contains("quote"), "{stderr}");

    // A quote closed on a later line is a cell with a line break, as before.
    let fine = "id,parent_id,name\nshop,,\"Sh\nop\"\n";
    assert!(import(fine.as_bytes(), "t", &ImportOptions::default()).is_ok());
}

#[test]
fn a_hundred_thousand_bad_rows_print_fifty_errors_and_a_count() {
    let mut csv = String::from("id,parent_id,customers\n");
    for i in 0..100_000 {
        csv.push_str(&format!("d{i},,bogus\n"));
    }
    let error = import(csv.as_bytes(), "t", &ImportOptions::default()).expect_err("refused");
    assert_eq!(error.problems.len(), 100_000, "every problem is still found");
    let rendered = error.render("bad.csv", Lang::En);
    assert_eq!(rendered.matches("error:").count(), 50, "{rendered}");
    assert!(rendered.contains("and 99950 more problems"), "{}", &rendered[rendered.len() - 300..]);
    let spanish = error.render("bad.csv", Lang::Es);
    assert!(spanish.contains("y 99950 problemas más"), "{}", &spanish[spanish.len() - 300..]);

    let (_dir, file) = temp_file("bad.csv", &csv);
    let output = frontback().args(["import", file.to_str().unwrap()]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stderr.len() < 64 * 1024, "{} bytes of errors", output.stderr.len());
}

#[test]
fn a_hundred_thousand_row_cycle_is_reported_shortened() {
    let n = 100_000;
    let mut csv = String::from("id,parent_id\n");
    for i in 0..n {
        csv.push_str(&format!("c{i},c{}\n", (i + 1) % n));
    }
    let error = import(csv.as_bytes(), "t", &ImportOptions::default()).expect_err("refused");
    let rendered = error.render("bad.csv", Lang::En);
    let longest = rendered.lines().map(str::len).max().unwrap_or(0);
    assert!(longest < 500, "a line of {longest} bytes:\n{}", &rendered[..2000.min(rendered.len())]);
    assert!(rendered.contains("c0 → c1 → c2"), "{rendered}");
    assert!(rendered.contains("100000"), "the size of the circle is said:\n{rendered}");
}

#[test]
fn check_prints_fifty_errors_and_a_count() {
    let mut text = String::from("[company]\nname = \"T\"\n[org.a]\n");
    for i in 0..1_000 {
        text.push_str(&format!("x{i} = 1\n"));
    }
    let (_dir, file) = temp_file("many.toml", &text);
    for (lang, more) in [("en", "and 950 more problems"), ("es", "y 950 problemas más")] {
        let output = frontback().args(["check", file.to_str().unwrap(), "--lang", lang]).output().unwrap();
        assert_eq!(output.status.code(), Some(1));
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.matches("error:").count(), 50, "{stderr}");
        assert!(stderr.contains(more), "{stderr}");
    }
}
