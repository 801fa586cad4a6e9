//! Spreadsheets in and out: the CSV report carries everything an org needs, so every
//! sample survives report csv → import → report json with no flags; exports written
//! the way Excel (Spanish and English), LibreOffice, Google Sheets, draw.io, Lucidchart
//! and OrgChart Now write them (tests/interop/, see its README) import to the org files
//! next to them; positions are right on CRLF files; Spanish and title-case values and
//! function names are understood by `import` and suggested by `check`; `.xlsx` and
//! `.ods` workbooks made by Gnumeric are read directly, any sheet, their problems
//! placed at the sheet's cells.

use std::path::{Path, PathBuf};

use frontback::import::{ImportOptions, Note, understand};

use crate::support::cli::{frontback, sample_files};
use crate::support::temp_file;

fn interop() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop")
}

/// Runs the binary: (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let output = frontback().args(args).output().expect("the binary runs");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8");
    (output.status.code().unwrap_or(-1), text(output.stdout), text(output.stderr))
}

fn ok(args: &[&str]) -> String {
    let (code, stdout, stderr) = run(args);
    assert_eq!(code, 0, "frontback {args:?}:\n{stderr}");
    stdout
}

fn s(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

#[test]
fn every_sample_survives_report_csv_then_import_with_no_flags() {
    let dir = tempfile::tempdir().unwrap();
    for sample in sample_files() {
        let csv = dir.path().join("exported.csv");
        std::fs::write(&csv, ok(&["report", s(&sample), "--format", "csv"])).unwrap();
        let (code, toml, stderr) = run(&["import", s(&csv)]);
        assert_eq!(code, 0, "{}:\n{stderr}", sample.display());
        assert_eq!(stderr, "", "nothing is missing, so nothing is said: {}", sample.display());
        let imported = dir.path().join("imported.toml");
        std::fs::write(&imported, toml).unwrap();
        let before = ok(&["report", s(&sample), "--format", "json"]);
        let after = ok(&["report", s(&imported), "--format", "json"]);
        assert_eq!(before, after, "{}", sample.display());
    }
}

/// What a spreadsheet program does to the report when it opens and saves it again:
/// Gnumeric pads every row to the widest (the preamble gets empty cells), writes
/// booleans as `TRUE`/`FALSE` and, in a Spanish Excel, `;` and CRLF.
fn as_a_spreadsheet_saves_it(csv: &str, delimiter: char, crlf: bool) -> String {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(csv.as_bytes());
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter as u8)
        .terminator(if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
        .from_writer(Vec::new());
    for record in reader.records() {
        let mut cells: Vec<String> = record.unwrap().iter().map(str::to_string).collect();
        cells.resize(cells.len().max(12), String::new());
        for cell in &mut cells {
            match cell.as_str() {
                "true" => *cell = if delimiter == ';' { "VERDADERO" } else { "TRUE" }.into(),
                "false" => *cell = if delimiter == ';' { "FALSO" } else { "FALSE" }.into(),
                _ => {}
            }
        }
        writer.write_record(&cells).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

#[test]
fn every_sample_survives_a_spreadsheet_that_pads_rows_and_changes_delimiters() {
    for sample in sample_files() {
        let csv = ok(&["report", s(&sample), "--format", "csv"]);
        let direct = understand(csv.as_bytes(), "x", &ImportOptions::default()).expect("imports").toml;
        for (delimiter, crlf, bom) in [(',', false, false), (';', true, true), ('\t', true, false)] {
            let saved = as_a_spreadsheet_saves_it(&csv, delimiter, crlf);
            let mut bytes = if bom { b"\xef\xbb\xbf".to_vec() } else { Vec::new() };
            bytes.extend_from_slice(saved.as_bytes());
            let imported = understand(&bytes, "x", &ImportOptions::default()).unwrap_or_else(|e| {
                panic!("{}: {}", sample.display(), e.render("saved.csv", frontback::text::Lang::En))
            });
            assert_eq!(imported.toml, direct, "{} through {delimiter:?}", sample.display());
            assert!(imported.notes.is_empty(), "{:?}", imported.notes);
        }
    }
}

/// Each fixture and the org file it must give, byte for byte.
#[test]
fn exports_of_spreadsheets_and_org_chart_tools_import_to_the_expected_org_files() {
    let fixtures = [
        "excel-es.csv",
        "excel-es-1252.csv",
        "excel-en.csv",
        "excel-unicode.txt",
        "libreoffice.csv",
        "google-sheets.csv",
        "drawio.csv",
        "lucidchart.csv",
        "orgchart-now.csv",
        "name-parent.csv",
    ];
    for name in fixtures {
        let file = interop().join(name);
        let stem = file.file_stem().unwrap().to_str().unwrap();
        let expected = std::fs::read_to_string(interop().join(format!("{stem}.toml"))).unwrap();
        let (code, stdout, stderr) = run(&["import", s(&file)]);
        assert_eq!(code, 0, "{name}:\n{stderr}");
        assert_eq!(stdout, expected, "{name}");
        // The company is named after the file, and the user is told how to do better.
        assert!(stderr.contains("--company NAME") && stderr.contains("--base ORG_FILE"), "{name}: {stderr}");
        ok(&["check", s(&temp_file("x.toml", &stdout).1)]);
    }
}

#[test]
fn positions_on_crlf_files_name_the_right_line_and_show_it() {
    let csv = "ID;Parent ID;Name;Customers\r\nshop;;Shop;\r\ntill;shop;Till;directly\r\nbooks;nowhere;Books;\r\n";
    let (_dir, file) = temp_file("bad.csv", csv);
    let (code, stdout, stderr) = run(&["import", s(&file), "--lang", "en"]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(stderr.contains("bad.csv:3, column 4 (Customers)\n  |\n3 | till;shop;Till;directly\n"), "{stderr}");
    assert!(stderr.contains("bad.csv:4, column 2 (Parent ID)\n  |\n4 | books;nowhere;Books;\n"), "{stderr}");
    // After a preamble of comment lines too.
    let csv = "# comment\r\n# another\r\nid,parent\r\nx,nowhere\r\n";
    let (_dir, file) = temp_file("bad.csv", csv);
    let (_, _, stderr) = run(&["import", s(&file), "--lang", "en"]);
    assert!(stderr.contains("bad.csv:4, column 2 (parent)\n  |\n4 | x,nowhere\n"), "{stderr}");
}

#[test]
fn names_clashing_without_an_id_column_are_refused_naming_them() {
    let (code, stdout, stderr) = run(&["import", s(&interop().join("name-parent-clash.csv")), "--lang", "en"]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(stderr.contains("the name `Shop` is also on line 2"), "{stderr}");
    assert!(stderr.contains("the name `Sales` is also on line 3"), "{stderr}");
    assert_eq!(stderr.matches("error:").count(), 2, "only the clashes: {stderr}");
}

#[test]
fn ids_that_lost_their_leading_zeros_are_noted() {
    let bytes = std::fs::read(interop().join("lost-zeros.csv")).unwrap();
    let imported = understand(&bytes, "lost-zeros", &ImportOptions::default()).unwrap();
    assert!(
        imported.notes.contains(&Note::LostZeros { ids: vec!["7".into()], padded: "002".into() }),
        "{:?}",
        imported.notes
    );
    let (_, _, stderr) = run(&["import", s(&interop().join("lost-zeros.csv")), "--lang", "es"]);
    assert!(stderr.contains("nota: los ids `7` parecen números"), "{stderr}");
    // A parent column the spreadsheet turned into numbers, the id column kept as text.
    let csv = "id,parent_id\n001,\n002,1\n";
    let (_dir, file) = temp_file("bad.csv", csv);
    let (code, _, stderr) = run(&["import", s(&file), "--lang", "en"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("the parent `1` names no row") && stderr.contains("did you mean `001`?"), "{stderr}");
}

#[test]
fn typed_values_and_function_names_are_understood_and_check_suggests_them() {
    let csv = "ID,ParentID,Name,Function,Customers,Revenue\ns,,Shop,Ventas,Directo,NINGUNO\na,,Books,CONTABILIDAD,,\nb,,Web,E-Commerce,,\n";
    let toml = understand(csv.as_bytes(), "t", &ImportOptions::default()).unwrap().toml;
    assert!(
        toml.contains("[org.s]\nname = \"Shop\"\nfunction = \"sales\"\ncustomers = \"direct\"\nrevenue = \"none\"\n"),
        "{toml}"
    );
    assert!(toml.contains("function = \"accounting\"") && toml.contains("function = \"e-commerce\""), "{toml}");
    let org = "[company]\nname = \"T\"\n[org.a]\nfunction = \"Contabilidad\"\ncustomers = \"Directo\"\n";
    let (_dir, file) = temp_file("org.toml", org);
    let (code, _, stderr) = run(&["check", s(&file), "--lang", "en"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("did you mean `accounting`?"), "{stderr}");
    assert!(stderr.contains("did you mean `direct`?"), "{stderr}");
}

#[test]
fn dry_run_says_what_was_understood_and_which_verdicts_change() {
    let file = interop().join("excel-es.csv");
    let stdout = ok(&["import", s(&file), "--dry-run", "--lang", "en"]);
    assert!(
        stdout.starts_with(
            "encoding UTF-8 (BOM), delimiter `;`; columns read:\n  Código → id\n  Depende de → parent_id\n"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("5 departments"), "{stdout}");
    assert!(!stdout.contains("[org"), "{stdout}");
    // Against a base that says the shop is back office: the verdicts that differ.
    let base = "[company]\nname = \"T\"\n[org.tienda]\nfunction = \"accounting\"\n[org.soporte]\nfunction = \"customer-service\"\n";
    let (_dir, base) = temp_file("base.toml", base);
    let stdout = ok(&["import", s(&file), "--dry-run", "--base", s(&base), "--lang", "en"]);
    assert!(stdout.contains("verdicts that differ from the base file:\n  tienda: customer_model back → front\n  tienda: profit_model back → front\n"), "{stdout}");
}

/// Whether Gnumeric's `ssconvert` can be run.
fn ssconvert_runs() -> bool {
    std::process::Command::new("ssconvert").arg("--version").output().is_ok_and(|o| o.status.success())
}

/// Whether a test that needs `ssconvert` can run; when it cannot, says what always
/// runs instead — and fails under CI, where .ci/run installs Gnumeric.
fn ssconvert_or_skip(instead: &str) -> bool {
    if ssconvert_runs() {
        return true;
    }
    assert!(std::env::var_os("CI").is_none_or(|v| v.is_empty()), "ssconvert (Gnumeric) is missing under CI");
    eprintln!("skipped: ssconvert (Gnumeric) is not installed; {instead} always runs");
    false
}

/// Runs `ssconvert ARGS…`, which must succeed.
fn ssconvert(args: &[&std::ffi::OsStr]) {
    let output = std::process::Command::new("ssconvert").args(args).output().unwrap();
    assert!(output.status.success(), "ssconvert {args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn every_sample_survives_a_real_spreadsheet_program_csv_to_xlsx_to_csv() {
    if !ssconvert_or_skip("the padded-rows test above") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for sample in sample_files() {
        let (csv, xlsx, back) = (dir.path().join("a.csv"), dir.path().join("a.xlsx"), dir.path().join("back.csv"));
        std::fs::write(&csv, ok(&["report", s(&sample), "--format", "csv"])).unwrap();
        for (from, to) in [(&csv, &xlsx), (&xlsx, &back)] {
            ssconvert(&[from.as_os_str(), to.as_os_str()]);
        }
        let (code, toml, stderr) = run(&["import", s(&back)]);
        assert_eq!(code, 0, "{}:\n{stderr}", sample.display());
        let imported = dir.path().join("imported.toml");
        std::fs::write(&imported, toml).unwrap();
        let before = ok(&["report", s(&sample), "--format", "json"]);
        let after = ok(&["report", s(&imported), "--format", "json"]);
        assert_eq!(before, after, "{} through xlsx", sample.display());
    }
}

#[test]
fn every_sample_survives_a_real_spreadsheet_program_as_xlsx_and_ods_read_directly() {
    if !ssconvert_or_skip("the import of the committed gnumeric.xlsx and gnumeric.ods") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for sample in sample_files() {
        let csv = dir.path().join("a.csv");
        std::fs::write(&csv, ok(&["report", s(&sample), "--format", "csv"])).unwrap();
        let before = ok(&["report", s(&sample), "--format", "json"]);
        for extension in ["xlsx", "ods"] {
            let book = dir.path().join(format!("a.{extension}"));
            ssconvert(&[csv.as_os_str(), book.as_os_str()]);
            let (code, toml, stderr) = run(&["import", s(&book)]);
            assert_eq!(code, 0, "{} as {extension}:\n{stderr}", sample.display());
            assert_eq!(stderr, "", "nothing is missing, so nothing is said: {} as {extension}", sample.display());
            let imported = dir.path().join("imported.toml");
            std::fs::write(&imported, toml).unwrap();
            let after = ok(&["report", s(&imported), "--format", "json"]);
            assert_eq!(before, after, "{} as {extension}", sample.display());
        }
    }
}

/// Runs the binary in tests/interop: (exit code, stdout, stderr).
fn run_in_interop(args: &[&str]) -> (i32, String, String) {
    let output = frontback().current_dir(interop()).args(args).output().expect("the binary runs");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8");
    (output.status.code().unwrap_or(-1), text(output.stdout), text(output.stderr))
}

/// gnumeric.xlsx and gnumeric.ods: the software company's report on a sheet `Org`,
/// the corner shop's on a sheet `Shop` (see tests/interop/README.md).
#[test]
fn committed_workbooks_import_any_sheet_to_the_expected_org_files() {
    let org = std::fs::read_to_string(interop().join("gnumeric.toml")).unwrap();
    let shop = std::fs::read_to_string(interop().join("gnumeric-shop.toml")).unwrap();
    for book in ["gnumeric.xlsx", "gnumeric.ods"] {
        for (args, expected) in [
            (&[][..], &org),
            (&["--sheet", "Shop"][..], &shop),
            (&["--sheet", "Org"][..], &org),
            (&["--sheet", "shop"][..], &shop),
        ] {
            let (code, stdout, stderr) = run_in_interop(&[&["import", book][..], args].concat());
            assert_eq!((code, stderr.as_str()), (0, ""), "{book} {args:?}");
            assert_eq!(&stdout, expected, "{book} {args:?}");
        }
        let stdout = ok(&["import", s(&interop().join(book)), "--sheet", "Shop", "--dry-run", "--lang", "es"]);
        assert!(stdout.starts_with("hoja \"Shop\"; columnas leídas:\n  id → id\n"), "{stdout}");
        assert!(stdout.contains("10 departamentos"), "{stdout}");
    }
}

#[test]
fn an_unknown_sheet_is_refused_listing_the_sheets() {
    for book in ["gnumeric.xlsx", "gnumeric.ods"] {
        let (code, stdout, stderr) = run_in_interop(&["import", book, "--sheet", "Staff", "--lang", "en"]);
        assert_eq!((code, stdout.as_str()), (1, ""));
        assert_eq!(stderr, format!("error: {book} has no sheet \"Staff\"; its sheets: \"Org\", \"Shop\"\n"));
        let (_, _, stderr) = run_in_interop(&["import", book, "--sheet", "Staff", "--lang", "es"]);
        assert_eq!(stderr, format!("error: {book} no tiene ninguna hoja \"Staff\"; sus hojas: \"Org\", \"Shop\"\n"));
    }
}

/// gnumeric-bad.xlsx: the corner shop with an empty row under the preamble (row 4, left
/// out), a parent misspelt on row 12 and a level on row 15.
#[test]
fn problems_in_a_workbook_name_the_sheet_and_the_cell() {
    let (code, stdout, stderr) = run_in_interop(&["import", "gnumeric-bad.xlsx", "--lang", "en"]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert_eq!(
        stderr,
        "error: the parent `workshp` names no row\n  \
         --> gnumeric-bad.xlsx: sheet \"Org\", cell B12 (parent_id)\n   |\n\
         12 | carpentry,workshp,Carpentry bench,,,,back,back,FALSE,\n   = help: did you mean `workshop`?\n\
         error: `customers` cannot be \"directly\"\n  \
         --> gnumeric-bad.xlsx: sheet \"Org\", cell E15 (customers)\n   |\n\
         15 | orders,administration,Supplier orders,procurement,directly,,back,back,FALSE,\n   \
         = help: did you mean `direct`? allowed values: \"direct\", \"indirect\", \"none\"\n"
    );
    let (_, _, stderr) = run_in_interop(&["import", "gnumeric-bad.xlsx", "--lang", "es"]);
    assert!(stderr.contains("--> gnumeric-bad.xlsx: hoja \"Org\", celda B12 (parent_id)\n"), "{stderr}");
}

#[test]
fn a_sheet_of_a_csv_file_a_broken_workbook_and_a_huge_one_are_refused() {
    let (code, _, stderr) = run_in_interop(&["import", "excel-en.csv", "--sheet", "Org", "--lang", "en"]);
    assert_eq!(code, 1);
    assert_eq!(stderr, "error: --sheet is for spreadsheets (.xlsx, .ods); excel-en.csv is read as CSV\n");
    // A CSV file named .xlsx is no workbook.
    let (_dir, fake) = temp_file("org.xlsx", "id,parent_id\nx,\n");
    let (code, stdout, stderr) = run(&["import", s(&fake), "--lang", "en"]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(stderr.starts_with(&format!("error: cannot read {}: ", fake.display())), "{stderr}");
    // The bounded reader's cap for CSV files holds for workbooks (a sparse file).
    let (_dir, huge) = temp_file("huge.ods", "");
    std::fs::File::options().write(true).open(&huge).unwrap().set_len((256 << 20) + 1).unwrap();
    let (code, _, stderr) = run(&["import", s(&huge), "--lang", "en"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("huge.ods") && stderr.contains("256 MiB"), "{stderr}");
}
