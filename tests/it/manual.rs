//! What a user and a packager get besides the program: the real binary's manual pages
//! (one per subcommand, each roff with EXIT STATUS, ENVIRONMENT and FILES, every page
//! it cites generated), the exit status those pages promise, and `--help` that never
//! points at a document users do not have.

use std::collections::BTreeSet;
use std::path::Path;

use crate::support::cli::frontback;

/// The subcommands `frontback --help` lists, `help` included.
fn subcommands() -> Vec<String> {
    let out = frontback().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8(out.stdout).unwrap();
    let listed: Vec<String> = help
        .lines()
        .skip_while(|line| !line.starts_with("Commands:"))
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        // A description that wraps goes on under itself, further in.
        .filter(|line| !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next().map(str::to_string))
        .collect();
    assert!(listed.len() >= 8 && listed.iter().any(|s| s == "check"), "{help}");
    listed
}

/// The pages a roff text cites: `frontback\-check(1)` is `frontback-check`.
fn cited(roff: &str) -> BTreeSet<String> {
    let mut pages = BTreeSet::new();
    for (at, _) in roff.match_indices("(1)") {
        let before = roff[..at].replace("\\-", "-");
        let name: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if !name.is_empty() {
            pages.insert(name);
        }
    }
    pages
}

/// The page files in a folder, by name without `.1`, with their text.
fn pages_in(dir: &Path) -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let stem = name.strip_suffix(".1").unwrap_or_else(|| panic!("a page in section 1: {name}")).to_string();
            (stem, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    pages.sort();
    pages
}

#[test]
fn man_dir_writes_one_page_per_subcommand_each_with_every_section() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("man/man1");
    frontback().args(["man", "--dir"]).arg(&target).assert().success().stdout("");
    let pages = pages_in(&target);
    let names: BTreeSet<String> = pages.iter().map(|(name, _)| name.clone()).collect();

    let mut expected: BTreeSet<String> =
        subcommands().into_iter().filter(|s| s != "help").map(|s| format!("frontback-{s}")).collect();
    expected.insert("frontback".to_string());
    assert_eq!(names, expected, "a page for frontback and each subcommand");

    for (name, roff) in &pages {
        let title = format!(".TH {name} 1 ");
        assert!(roff.starts_with(".ie") && roff.contains(&title), "{name}: roff with its title\n{roff}");
        for section in [".SH NAME\n", ".SH SYNOPSIS\n", ".SH OPTIONS\n", ".SH \"EXIT STATUS\"\n", ".SH ENVIRONMENT\n"]
            .into_iter()
            .chain([".SH FILES\n", ".SH \"SEE ALSO\"\n"])
        {
            assert_eq!(roff.matches(section).count(), 1, "{name}: {section:?} once\n{roff}");
        }
        let exit = roff.split(".SH \"EXIT STATUS\"\n").nth(1).unwrap().split("\n.SH ").next().unwrap();
        for status in ["\\fB0\\fR", "\\fB2\\fR"] {
            assert!(exit.contains(status), "{name}: exit status {status}\n{exit}");
        }
        assert!(!roff.contains("SPEC"), "{name}: cites the SPEC\n{roff}");
        for page in cited(roff) {
            assert!(names.contains(&page), "{name} cites {page}(1), which is not generated");
        }
    }

    let main = &pages.iter().find(|(name, _)| name == "frontback").unwrap().1;
    let see_also = cited(main);
    assert!(
        see_also.len() == names.len() - 1 && !see_also.contains("frontback"),
        "every subcommand's page: {see_also:?}"
    );
    let environment = main.split(".SH ENVIRONMENT\n").nth(1).unwrap().split("\n.SH ").next().unwrap();
    for variable in [
        "LANG",
        "LC_ALL",
        "LC_MESSAGES",
        "NO_COLOR",
        "VISUAL",
        "EDITOR",
        "FRONTBACK_CONFIG",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
    ] {
        assert!(environment.contains(variable), "{variable}\n{environment}");
    }
    let files = main.split(".SH FILES\n").nth(1).unwrap().split("\n.SH ").next().unwrap();
    for file in ["config.toml", ".NAME.PID-RANDOM.recovered", "$XDG_DATA_HOME/frontback"] {
        assert!(files.contains(&file.replace('-', "\\-")), "{file}\n{files}");
    }
}

#[test]
fn man_prints_each_page_alone_as_the_dir_has_it() {
    let dir = tempfile::tempdir().unwrap();
    frontback().args(["man", "--dir"]).arg(dir.path()).assert().success();
    let main = frontback().arg("man").output().unwrap();
    assert_eq!(main.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(main.stdout).unwrap(),
        std::fs::read_to_string(dir.path().join("frontback.1")).unwrap()
    );
    for sub in subcommands().into_iter().filter(|s| s != "help") {
        let out = frontback().args(["man", &sub]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{sub}");
        let file = dir.path().join(format!("frontback-{sub}.1"));
        assert_eq!(String::from_utf8(out.stdout).unwrap(), std::fs::read_to_string(file).unwrap(), "{sub}");
    }
    let unknown = frontback().args(["man", "chek"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(2), "an unknown page is a usage error");
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("check"), "the pages there are are listed");
    frontback().args(["man", "check", "--dir"]).arg(dir.path()).assert().code(2);
}

/// The exit status the pages promise: 0 success, 1 invalid input, 2 a wrong command
/// line (clap's own code, whatever the subcommand).
#[test]
fn the_exit_status_is_the_one_the_pages_give() {
    frontback().args(["check", "sample-orgs/corner-shop.toml"]).assert().code(0);
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[company]\n").unwrap();
    frontback().arg("check").arg(&bad).assert().code(1);
    frontback().arg("report").arg(&bad).assert().code(1);
    frontback().arg(&bad).assert().code(1);
    let csv = dir.path().join("bad.csv");
    std::fs::write(&csv, "id\nx\n").unwrap();
    frontback().arg("import").arg(&csv).assert().code(1);
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "modle = \"profit\"\n").unwrap();
    frontback().args(["config", "--check"]).arg(&config).assert().code(1);
    for args in [
        &["--bogus"][..],
        &["check"],
        &["report", "sample-orgs/corner-shop.toml", "--format", "pdf"],
        &["config"],
        &["completions", "tcsh"],
        &["samples", "extra"],
    ] {
        frontback().args(args).assert().code(2);
    }
}

#[test]
fn no_help_cites_the_spec() {
    let mut helps = vec![vec!["--help".to_string()], vec!["-h".to_string()]];
    for sub in subcommands() {
        // `help` takes subcommands, not options: `help help` is its help.
        if sub != "help" {
            helps.push(vec![sub.clone(), "--help".to_string()]);
            helps.push(vec![sub.clone(), "-h".to_string()]);
        }
        helps.push(vec!["help".to_string(), sub]);
    }
    for args in helps {
        let out = frontback().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(help.contains("Usage"), "{args:?}: {help}");
        assert!(!help.contains("SPEC"), "{args:?} cites the SPEC, which users do not have:\n{help}");
    }
}
