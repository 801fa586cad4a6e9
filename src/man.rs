//! The manual pages of the `frontback` command (part of the binary, not the library):
//! `frontback(1)` and one `frontback-SUBCOMMAND(1)` per subcommand, rendered by
//! clap_mangen from the command line's definition, plus the sections clap cannot
//! know — EXIT STATUS, ENVIRONMENT, FILES and SEE ALSO — written here by hand.
//!
//! `frontback man` prints frontback(1), `frontback man check` prints
//! frontback-check(1), and `frontback man --dir DIR` writes every page into DIR
//! (`frontback.1`, `frontback-check.1`, …), which is what a package installs.

use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Command;
use frontback::text::Lang;

use crate::output;

/// `frontback man [SUBCOMMAND] [--dir DIR]`. An unknown subcommand is a usage error
/// (exit 2, like every other one clap reports).
pub fn run(mut cli: Command, subcommand: Option<&str>, dir: Option<&Path>) -> ExitCode {
    match (dir, subcommand) {
        (Some(dir), _) => match write_all(cli, dir) {
            Ok(_) => ExitCode::SUCCESS,
            Err(error) => {
                output::error(&format!("error: {error}"));
                ExitCode::FAILURE
            }
        },
        (None, name) => {
            let pages = pages(cli.clone());
            let Some(page) = pages.iter().find(|page| page.subcommand.as_deref() == name) else {
                let names: Vec<&str> = pages.iter().filter_map(|page| page.subcommand.as_deref()).collect();
                let message = format!(
                    "no manual page for `{}`; the pages are frontback's own and {}",
                    name.unwrap_or_default(),
                    names.join(", ")
                );
                cli.error(clap::error::ErrorKind::InvalidValue, message).exit()
            };
            output::status(output::to_stdout(Lang::from_env(), |out| out.write_all(&render(page)?)))
        }
    }
}

/// One manual page: the command it documents, built (so that a subcommand knows its
/// full name, `frontback-check`), and the subcommand's name (`None` for frontback's
/// own page).
pub struct Page {
    pub command: Command,
    pub subcommand: Option<String>,
}

impl Page {
    /// The page's file name: `frontback.1`, `frontback-check.1`, …
    pub fn file_name(&self) -> String {
        clap_mangen::Man::new(self.command.clone()).get_filename()
    }
}

/// Every page: frontback's own first, then one per subcommand in the order `--help`
/// lists them. The `help` subcommand clap adds is left out: it has no page of its own.
pub fn pages(cli: Command) -> Vec<Page> {
    let mut cli = cli.disable_help_subcommand(true);
    cli.build();
    let mut pages = vec![Page { command: cli.clone(), subcommand: None }];
    for sub in cli.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        pages.push(Page { command: sub.clone(), subcommand: Some(sub.get_name().to_string()) });
    }
    pages
}

/// Writes every page into `dir` (made if missing); returns the files written. An
/// error names the folder or file that could not be written.
pub fn write_all(cli: Command, dir: &Path) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|error| naming(dir, error))?;
    let mut written = Vec::new();
    for page in pages(cli) {
        let file = dir.join(page.file_name());
        std::fs::write(&file, render(&page)?).map_err(|error| naming(&file, error))?;
        written.push(file);
    }
    Ok(written)
}

/// An error that names the path it happened to.
fn naming(path: &Path, error: io::Error) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}

/// A page as roff: clap_mangen's sections, with EXIT STATUS, ENVIRONMENT, FILES and
/// SEE ALSO placed before its VERSION section (or at the end when there is none).
pub fn render(page: &Page) -> io::Result<Vec<u8>> {
    let mut clap_part = Vec::new();
    // Every page, a subcommand's too, names the program and its version in its footer.
    let source = format!("frontback {}", env!("CARGO_PKG_VERSION"));
    clap_mangen::Man::new(page.command.clone()).source(source).render(&mut clap_part)?;
    let clap_part = String::from_utf8(clap_part).map_err(io::Error::other)?;
    let ours = sections(page);
    let roff = match clap_part.find("\n.SH VERSION\n") {
        Some(at) => format!("{}\n{ours}{}", &clap_part[..at], &clap_part[at + 1..]),
        None => format!("{clap_part}{ours}"),
    };
    Ok(roff.into_bytes())
}

/// What a page says that clap cannot know.
struct Extra {
    /// Exit status and what it means.
    exit: &'static [(&'static str, &'static str)],
    /// The environment variables the command reads.
    environment: &'static [(&'static str, &'static str)],
    /// The files the command reads or writes, or one sentence when there are none.
    files: Files,
}

enum Files {
    List(&'static [(&'static str, &'static str)]),
    None(&'static str),
}

const USAGE: (&str, &str) =
    ("2", "The command line is wrong: an unknown subcommand or option, a missing or bad value.");

const BROKEN_PIPE: (&str, &str) = (
    "141",
    "Standard output was closed before all was written, by a reader that stops early as head does: SIGPIPE ended \
     the command quietly, as it ends cat or grep. 141 is what a shell reports, 128 + the signal's number; \
     where there is no SIGPIPE, 141 is the exit status itself.",
);

const LANGUAGE: (&str, &str) = (
    "LC_ALL, LC_MESSAGES, LANG",
    "The language when --lang does not give it: Spanish when the first of these that is set and not empty starts \
     with es, English otherwise.",
);

const CONFIG_FILE: (&str, &str) = (
    "$XDG_CONFIG_HOME/frontback/config.toml",
    "The configuration: keys, theme and start-up defaults (~/.config/frontback/config.toml when XDG_CONFIG_HOME is \
     not set; the Application Support folder on macOS, %APPDATA% on Windows). --config FILE or FRONTBACK_CONFIG \
     names another one. frontback config --default prints one to start from.",
);

const CONFIG_VARIABLES: [(&str, &str); 2] = [
    ("FRONTBACK_CONFIG", "The configuration file to read when --config does not name one."),
    (
        "XDG_CONFIG_HOME",
        "The folder the configuration file is looked for in (frontback/config.toml there), when neither --config nor \
         FRONTBACK_CONFIG names one; ~/.config when it is not set.",
    ),
];

const EXPLORER: Extra = Extra {
    exit: &[
        ("0", "The explorer was quit."),
        (
            "1",
            "The org file, or the one given with --compare, could not be read or is not a valid org file (every \
             problem is on standard error; with --compare, before the interface starts), or the terminal could not \
             be used.",
        ),
        USAGE,
        (
            "129, 130, 143",
            "SIGHUP, SIGINT or SIGTERM ended it (128 + the signal's number), after writing any unsaved edits to a \
             recovery file.",
        ),
    ],
    environment: &[
        (
            "LC_ALL, LC_MESSAGES, LANG",
            "The language of the interface when neither --lang nor the configuration gives it: Spanish when the first \
             of these that is set and not empty starts with es, English otherwise.",
        ),
        ("NO_COLOR", "When set and not empty, no colour is used, whatever the theme (https://no-color.org)."),
        ("VISUAL, EDITOR", "The editor the E key opens the file in: VISUAL, else EDITOR, else vi."),
        CONFIG_VARIABLES[0],
        CONFIG_VARIABLES[1],
        (
            "XDG_DATA_HOME",
            "The data folder is frontback there (~/.local/share/frontback when it is not set): see FILES.",
        ),
    ],
    files: Files::List(&[
        CONFIG_FILE,
        (
            ".NAME.PID-RANDOM.recovered",
            "Beside an org file NAME: the unsaved edits of one run of the app (its process id and a random part), \
             written atomically when a signal ends it. The next start offers every one it finds, saying how old it is, \
             what it changes and whether the file changed since; one is deleted once its restored edits are saved.",
        ),
        (
            "$XDG_DATA_HOME/frontback/",
            "The data folder (~/.local/share/frontback when XDG_DATA_HOME is not set; the Application Support folder \
             on macOS, %LOCALAPPDATA% on Windows): corner-shop.PID-RANDOM.recovered.toml there holds unsaved edits \
             of the built-in sample, which has no file of its own, and NAME.HASH.PID-RANDOM.recovered those of an org \
             file NAME whose folder could not be written.",
        ),
    ]),
};

fn extra(subcommand: Option<&str>) -> Option<Extra> {
    Some(match subcommand {
        None => EXPLORER,
        Some("check") => Extra {
            exit: &[
                ("0", "Every file is a valid org file."),
                (
                    "1",
                    "A file could not be read or is not valid (every problem of every file is on standard error), or \
                     standard output could not be written (a full disk; one line on standard error says so).",
                ),
                USAGE,
                BROKEN_PIPE,
            ],
            environment: &[LANGUAGE],
            files: Files::None("Only the org files named on the command line are read."),
        },
        Some("report") => Extra {
            exit: &[
                ("0", "The report was printed."),
                (
                    "1",
                    "The org file could not be read or is not valid (every problem is on standard error), or the \
                     report could not be written (a full disk; one line on standard error says so).",
                ),
                USAGE,
                BROKEN_PIPE,
            ],
            environment: &[LANGUAGE],
            files: Files::None("Only the org file named on the command line is read."),
        },
        Some("import") => Extra {
            exit: &[
                ("0", "The org file was printed."),
                (
                    "1",
                    "The CSV file or the --base file could not be read or has problems: every problem is on \
                     standard error, and nothing is printed on standard output. Or the org file could not be \
                     written (a full disk; one line on standard error says so).",
                ),
                USAGE,
                BROKEN_PIPE,
            ],
            environment: &[LANGUAGE],
            files: Files::None("Only the CSV file and the --base file named on the command line are read."),
        },
        Some("handout") => Extra {
            exit: &[
                ("0", "The handout was printed."),
                (
                    "1",
                    "The org file could not be read or is not valid (every problem is on standard error), or the \
                     handout could not be written (a full disk; one line on standard error says so).",
                ),
                USAGE,
                BROKEN_PIPE,
            ],
            environment: &[LANGUAGE],
            files: Files::None("Only the org file named on the command line is read."),
        },
        Some("compare") => Extra {
            exit: &[
                ("0", "The comparison was printed."),
                (
                    "1",
                    "An org file could not be read or is not valid (every problem is on standard error), or the \
                     comparison could not be written (a full disk; one line on standard error says so).",
                ),
                USAGE,
                BROKEN_PIPE,
            ],
            environment: &[LANGUAGE],
            files: Files::None("Only the two org files named on the command line are read."),
        },
        Some("samples") => Extra {
            exit: &[
                ("0", "The list was printed."),
                ("1", "The list could not be written (a full disk; one line on standard error says so)."),
                USAGE,
                BROKEN_PIPE,
            ],
            environment: &[],
            files: Files::None("None: the samples are built in."),
        },
        Some("config") => Extra {
            exit: &[
                ("0", "The default file or the path was printed, or the checked file is valid (or there is none)."),
                (
                    "1",
                    "The checked file could not be read or has problems (every one is on standard error), or there \
                     is no configuration folder on this system, or standard output could not be written (a full \
                     disk; one line on standard error says so).",
                ),
                USAGE,
                BROKEN_PIPE,
            ],
            environment: &[LANGUAGE, CONFIG_VARIABLES[0], CONFIG_VARIABLES[1]],
            files: Files::List(&[CONFIG_FILE]),
        },
        Some("completions") => Extra {
            exit: &[
                ("0", "The script was printed."),
                ("1", "The script could not be written (a full disk; one line on standard error says so)."),
                USAGE,
                BROKEN_PIPE,
            ],
            environment: &[],
            files: Files::None(
                "None: the script goes to standard output. Bash reads it from \
                 ~/.local/share/bash-completion/completions/frontback, zsh from a folder in $fpath as _frontback, \
                 fish from ~/.config/fish/completions/frontback.fish.",
            ),
        },
        Some("man") => Extra {
            exit: &[
                ("0", "The page was printed, or every page written."),
                (
                    "1",
                    "A page could not be written, to standard output or into DIR (a full disk; one line on standard \
                     error says which and why).",
                ),
                USAGE,
                BROKEN_PIPE,
            ],
            environment: &[],
            files: Files::List(&[(
                "DIR/frontback.1, DIR/frontback-SUBCOMMAND.1",
                "With --dir DIR: every page, one per subcommand, written over any page already there.",
            )]),
        },
        Some(_) => return None,
    })
}

/// The roff of EXIT STATUS, ENVIRONMENT, FILES and SEE ALSO for a page; nothing for a
/// subcommand this module does not know yet (the tests fail on such a page).
fn sections(page: &Page) -> String {
    let Some(extra) = extra(page.subcommand.as_deref()) else { return String::new() };
    let mut out = String::new();
    out.push_str(".SH \"EXIT STATUS\"\n");
    if page.subcommand.is_none() {
        out.push_str(&text("Each subcommand's page gives its own."));
    }
    list(&mut out, extra.exit);
    out.push_str(".SH ENVIRONMENT\n");
    if extra.environment.is_empty() {
        out.push_str(&text("None is read."));
    }
    list(&mut out, extra.environment);
    out.push_str(".SH FILES\n");
    match extra.files {
        Files::List(files) => list(&mut out, files),
        Files::None(sentence) => out.push_str(&text(sentence)),
    }
    out.push_str(".SH \"SEE ALSO\"\n");
    let see_also = match &page.subcommand {
        None => {
            let cli = page.command.get_name();
            let subs = page.command.get_subcommands().filter(|sub| !sub.is_hide_set());
            subs.map(|sub| format!("{cli}-{}(1)", sub.get_name())).collect::<Vec<_>>().join(", ")
        }
        Some(_) => "frontback(1)".to_string(),
    };
    out.push_str(&text(&see_also));
    out
}

/// A tagged paragraph per entry: the tag in bold, the text below it.
fn list(out: &mut String, entries: &[(&str, &str)]) {
    for (tag, body) in entries {
        out.push_str(".TP\n");
        out.push_str(&format!("\\fB{}\\fR\n", escape(tag)));
        out.push_str(&text(body));
    }
}

/// A line of running text.
fn text(line: &str) -> String {
    format!("{}\n", escape(line))
}

/// Text safe in roff: backslashes and hyphens escaped, and a leading `.` or `'` kept
/// from reading as a request.
fn escape(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) { format!("\\&{escaped}") } else { escaped }
}
