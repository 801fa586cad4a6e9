//! `frontback compare A B` on the real binary: the two pairs the concept is about —
//! accounting in the corner shop against the accounting firm (C6), IT in the bank
//! against the software company (C7: internal IT stays behind; sold as hosting, it is in front) —
//! in both languages, and a file that does not load.

use crate::support::cli::frontback;
use crate::support::temp_file;

fn compare(a: &str, b: &str, lang: &str) -> String {
    let out = frontback()
        .args(["compare", &format!("sample-orgs/{a}.toml"), &format!("sample-orgs/{b}.toml"), "--lang", lang])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn accounting_lands_in_front_only_where_it_is_what_the_company_sells() {
    let text = compare("corner-shop", "accounting-firm", "en");
    let differ = text.split("The same function, the same side:").next().unwrap();
    let accounting = differ.split("\nAccounting\n").nth(1).expect("accounting is among the differences");
    assert!(accounting.contains("Bookkeeping  —  customer model: back office · profit model: back office"));
    assert!(accounting.contains("Client accounting  —  customer model: front office · profit model: front office"));
    assert!(accounting.contains("is what the company sells"), "the reason names the core business");
    for lang in ["en", "es"] {
        insta::assert_snapshot!(format!("compare_shop_firm_{lang}"), compare("corner-shop", "accounting-firm", lang));
    }
}

#[test]
fn it_lands_in_front_only_where_it_is_sold() {
    let text = compare("bank", "software-company", "en");
    let differ = text.split("The same function, the same side:").next().unwrap();
    let it = differ.split("\nIT\n").nth(1).expect("IT is among the differences");
    assert!(it.starts_with("  Banco del Levante: IT  —  customer model: back office · profit model: back office\n"));
    assert!(it.contains("Nubaria Software: Internal IT  —  customer model: back office · profit model: back office"));
    assert!(
        it.contains("Nubaria Software: Managed hosting  —  customer model: front office · profit model: front office")
    );
    assert!(
        it.contains("it deals with customers directly (set on the department itself)"),
        "the reason says the hosting team's own facts go over the function's: {it}"
    );
    for lang in ["en", "es"] {
        insta::assert_snapshot!(format!("compare_bank_software_{lang}"), compare("bank", "software-company", lang));
    }
}

#[test]
fn a_file_that_does_not_load_is_named_and_nothing_is_printed() {
    let (_dir, path) = temp_file("broken.toml", "[company]\nname = \"B\"\n[org.a]\nfuntion = \"sales\"\n");
    let out = frontback().args(["compare", "sample-orgs/bank.toml"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken.toml:4:1"), "{stderr}");
}
