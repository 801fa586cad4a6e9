//! The `frontback` command line: parses arguments with clap and dispatches to the
//! library. Nothing else lives here.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use frontback::classify::Model;
use frontback::org::{FileError, load, load_file};
use frontback::report::{self, Format};
use frontback::samples::{SAMPLES, default_sample};
use frontback::text::Lang;
use frontback::tui::theme::Theme;
use frontback::tui::{Document, Options};

/// Explore how a company is built: which departments are front office and which back
/// office, under the customer model and the profit model, and where the two disagree.
#[derive(Parser)]
#[command(name = "frontback", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// The org file to open; without it the built-in sample (corner-shop) opens.
    file: Option<PathBuf>,
    /// The active model at start.
    #[arg(long, value_enum, default_value_t = ModelArg::Customer)]
    model: ModelArg,
    /// The language of the interface (default: Spanish when LANG starts with `es`).
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
    /// Browse only: refuse every edit.
    #[arg(long)]
    read_only: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Validate org files; exit 0 when all are valid, 1 otherwise.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The language of the messages.
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Print a classification report of an org file.
    Report {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// The language of the report.
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// List the bundled sample orgs.
    Samples,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ModelArg {
    Customer,
    Profit,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LangArg {
    En,
    Es,
}

fn lang_of(arg: Option<LangArg>) -> Lang {
    match arg {
        Some(LangArg::En) => Lang::En,
        Some(LangArg::Es) => Lang::Es,
        None => Lang::from_env(),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check { files, lang }) => check(&files, lang_of(lang)),
        Some(Command::Report { file, format, lang }) => {
            let lang = lang_of(lang);
            match load_file(&file, lang) {
                Ok((org, _)) => {
                    print!("{}", report::render(&org, format, lang));
                    ExitCode::SUCCESS
                }
                Err(error) => fail(&error),
            }
        }
        Some(Command::Samples) => {
            for sample in SAMPLES {
                let company = load(sample.text).map(|org| (org.company.name.clone(), org.len()));
                match company {
                    Ok((name, count)) => println!("{:<18} {name} ({count})", sample.name),
                    Err(_) => println!("{}", sample.name),
                }
            }
            ExitCode::SUCCESS
        }
        None => {
            let model = match cli.model {
                ModelArg::Customer => Model::Customer,
                ModelArg::Profit => Model::Profit,
            };
            explore(cli.file, model, lang_of(cli.lang), cli.read_only)
        }
    }
}

/// Opens the explorer on a file, or on the built-in sample. A bad file is reported
/// like `check` does, before the terminal is touched.
fn explore(file: Option<PathBuf>, model: Model, lang: Lang, read_only: bool) -> ExitCode {
    let doc = match file {
        Some(path) => match load_file(&path, lang) {
            Ok((org, text)) => Document::new(Some(path), text, org),
            Err(error) => return fail(&error),
        },
        None => {
            let sample = default_sample();
            match Document::from_text(None, sample.text.to_string()) {
                Ok(doc) => doc,
                Err(error) => {
                    eprint!("{}", error.render(sample.name, sample.text, lang));
                    return ExitCode::FAILURE;
                }
            }
        }
    };
    let options = Options { model, lang, read_only, theme: Theme::from_env() };
    match frontback::tui::run(doc, options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn check(files: &[PathBuf], lang: Lang) -> ExitCode {
    let mut ok = true;
    for file in files {
        match load_file(file, lang) {
            Ok((org, _)) => println!("{}: ok ({} departments)", file.display(), org.len()),
            Err(error) => {
                ok = false;
                eprint!("{}", with_newline(&error.to_string()));
            }
        }
    }
    if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

fn fail(error: &FileError) -> ExitCode {
    eprint!("{}", with_newline(&error.to_string()));
    ExitCode::FAILURE
}

fn with_newline(text: &str) -> String {
    if text.ends_with('\n') { text.to_string() } else { format!("{text}\n") }
}
