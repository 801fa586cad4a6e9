//! The `frontback` command line: parses arguments with clap and dispatches to the
//! library. Nothing else lives here, but the manual pages ([`man`]), which are made
//! from this command line's definition, and how the commands write ([`output`]).

mod man;
mod output;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use frontback::classify::Model;
use frontback::document::Document;
use frontback::import::{Base, ImportOptions, import_file};
use frontback::org::{FileError, load, load_file};
use frontback::report::{self, Format};
use frontback::samples::{SAMPLES, default_sample};

/// Large blocks on huge pages ([`frontback::heap::Allocator`]).
#[global_allocator]
static ALLOCATOR: frontback::heap::Allocator = frontback::heap::Allocator;
use frontback::text::locale::{translate, translate_with};
use frontback::text::{Lang, sanitize, shown_path};
use frontback::tui::config::{self, Flags, Loaded, Location};
use frontback::tui::theme::Theme;
use frontback::tui::{App, View};

/// Explore how a company is built: which departments are front office and which back
/// office, under the customer model and the profit model, and where the two disagree.
#[derive(Parser)]
#[command(name = "frontback", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// The org file to open; without it the built-in sample (corner-shop) opens. A
    /// file that does not exist yet opens as an empty org that saving makes; a name
    /// that is no file but a bundled sample's (`frontback samples`) opens that sample.
    file: Option<PathBuf>,
    /// The active model at start [default: the configuration's, else customer].
    #[arg(long, value_enum)]
    model: Option<ModelArg>,
    /// The language of the interface [default: the configuration's, else Spanish when
    /// LANG starts with `es`].
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
    /// The view at start [default: the configuration's, else explorer].
    #[arg(long, value_enum)]
    view: Option<ViewArg>,
    /// The configuration file [default: $FRONTBACK_CONFIG, else
    /// $XDG_CONFIG_HOME/frontback/config.toml].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Browse only: refuse every edit.
    #[arg(long)]
    read_only: bool,
    /// The seed of the quiz's question order, to repeat it for a class.
    #[arg(long)]
    seed: Option<u64>,
    /// Another org file (or a bundled sample's name) to compare with: the app starts
    /// on the split view of the two companies, lined up by function (`6` returns to it).
    #[arg(long, value_name = "FILE")]
    compare: Option<PathBuf>,
    /// A CSV file the quiz adds each student's result to (made, with a header line,
    /// when absent).
    #[arg(long, value_name = "FILE")]
    results: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Validate org files; exit 0 when all are valid, 1 otherwise.
    Check {
        /// The org files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The language of the messages.
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Print a classification report of an org file.
    Report {
        /// The org file to classify.
        file: PathBuf,
        /// The report's format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// The language of the report.
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// The model whose verdicts place departments in the DOT picture's clusters.
        #[arg(long, value_enum, default_value_t = ModelArg::Customer)]
        model: ModelArg,
    },
    /// Print the org file (TOML) described by a CSV file, as `report --format csv`
    /// writes it or a spreadsheet exports it, or by a spreadsheet (.xlsx, .ods).
    Import {
        /// The CSV file or spreadsheet (.xlsx, .ods): a header row, then one row per
        /// department.
        file: PathBuf,
        /// The spreadsheet's sheet to read (default: the first).
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// The company's name (default: the base file's, else the CSV file's name).
        #[arg(long, value_name = "NAME")]
        company: Option<String>,
        /// An org file whose [company] and [functions] the new file keeps.
        #[arg(long, value_name = "ORG_FILE")]
        base: Option<PathBuf>,
        /// Print what was understood (encoding, columns, departments, verdicts that
        /// differ from --base) instead of the org file.
        #[arg(long)]
        dry_run: bool,
        /// The language of the messages.
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Print a class handout: the concept, who stands where, the org's table with
    /// reasons, a worksheet and its answer key on a page of its own.
    Handout {
        /// The org file.
        file: PathBuf,
        /// The handout's format.
        #[arg(long, value_enum, default_value_t = report::HandoutFormat::Markdown)]
        format: report::HandoutFormat,
        /// The language of the handout.
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// Picks the worksheet's departments and their order: the same number gives
        /// another class the same sheet.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Two orgs side by side: their departments lined up by function, and where the
    /// same function lands on a different side in each, with the reasons.
    Compare {
        /// The first org file.
        a: PathBuf,
        /// The second org file.
        b: PathBuf,
        /// The language of the comparison.
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// List the bundled sample orgs.
    Samples,
    /// The configuration file: print the default one, say where it is, or check it.
    #[command(group(clap::ArgGroup::new("what").required(true).args(["default", "path", "check"])))]
    Config {
        /// Print the default configuration, every setting commented out.
        #[arg(long)]
        default: bool,
        /// Print where the configuration is read from.
        #[arg(long)]
        path: bool,
        /// Check a configuration file (default: the one in force); exit 0 when it is
        /// valid, 1 otherwise.
        #[arg(long, value_name = "FILE", num_args = 0..=1)]
        check: Option<Option<PathBuf>>,
        /// The language of the comments and messages.
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Print a completion script for a shell.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff), e.g. `frontback man check | man -l -`.
    Man {
        /// The subcommand whose page to print [default: frontback's own page].
        #[arg(value_name = "SUBCOMMAND")]
        subcommand: Option<String>,
        /// Write every page into DIR instead: frontback.1 and one frontback-SUBCOMMAND.1
        /// per subcommand, as a package installs them (DIR is made if missing).
        #[arg(long, value_name = "DIR", conflicts_with = "subcommand")]
        dir: Option<PathBuf>,
    },
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

#[derive(Clone, Copy, clap::ValueEnum)]
enum ViewArg {
    Explorer,
    FloorPlan,
    Quiz,
    Concepts,
    Lesson,
}

fn view_of(arg: ViewArg) -> View {
    match arg {
        ViewArg::Explorer => View::Explorer,
        ViewArg::FloorPlan => View::FloorPlan,
        ViewArg::Quiz => View::Quiz,
        ViewArg::Concepts => View::Concepts,
        ViewArg::Lesson => View::Lesson,
    }
}

fn lang_flag(arg: Option<LangArg>) -> Option<Lang> {
    arg.map(|arg| match arg {
        LangArg::En => Lang::En,
        LangArg::Es => Lang::Es,
    })
}

fn model_of(arg: ModelArg) -> Model {
    match arg {
        ModelArg::Customer => Model::Customer,
        ModelArg::Profit => Model::Profit,
    }
}

/// The language of `--help` and of clap's messages: `--lang` where the arguments give
/// it, else the environment's.
fn help_lang(args: &[std::ffi::OsString]) -> Lang {
    let given = args.iter().enumerate().find_map(|(i, arg)| match arg.to_str()?.strip_prefix("--lang") {
        Some("") => args.get(i + 1).and_then(|a| a.to_str()),
        Some(rest) => rest.strip_prefix('='),
        None => None,
    });
    match given {
        Some("es") => Lang::Es,
        Some("en") => Lang::En,
        _ => Lang::from_env(),
    }
}

/// The arguments with a `--lang` given before a command moved after the command's
/// name: `frontback --lang es check FILE` reads as `frontback check --lang es FILE`,
/// as options before the command do in git-like tools. Only when nothing else comes
/// before the command: the app's own options still cannot go with one.
fn lang_after_command(mut args: Vec<std::ffi::OsString>, command: &clap::Command) -> Vec<std::ffi::OsString> {
    let mut at = 1;
    while let Some(arg) = args.get(at).and_then(|a| a.to_str()) {
        at += match arg {
            "--lang" => 2,
            _ if arg.starts_with("--lang=") => 1,
            _ if command.find_subcommand(arg).is_some() => {
                args[1..=at].rotate_right(1);
                return args;
            }
            _ => return args,
        };
    }
    args
}

fn lang_of(arg: Option<LangArg>) -> Lang {
    lang_flag(arg).unwrap_or_else(Lang::from_env)
}

fn main() -> ExitCode {
    output::die_on_broken_pipe();
    output::one_line_panics();
    // The help speaks the language asked for, before the arguments are parsed.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = help_lang(&args);
    let command = frontback::help::localized(Cli::command(), lang);
    let args = lang_after_command(args, &command);
    let cli = match command.try_get_matches_from(args).and_then(|matches| Cli::from_arg_matches(&matches)) {
        Ok(cli) => cli,
        // --help and --version: clap would ignore an error writing them, so they go
        // through the same checked output as everything else (plain, as clap itself
        // writes them when standard output is not a terminal).
        Err(shown) if !shown.use_stderr() && !std::io::stdout().is_terminal() => {
            return output::status(output::to_stdout(Lang::from_env(), |out| write!(out, "{}", shown.render())));
        }
        // A mistake in the arguments: clap's message, in Spanish written by us.
        Err(error) if error.use_stderr() && lang != Lang::En => {
            eprint!("{}", frontback::help::error_text(&error, lang));
            return ExitCode::from(2);
        }
        Err(error) => error.exit(),
    };
    match cli.command {
        Some(Command::Check { files, lang }) => check(&files, lang_of(lang)),
        Some(Command::Report { file, format, lang, model }) => {
            let lang = lang_of(lang);
            match load_file(&file, lang) {
                Ok((org, text)) => {
                    let doc = Document::new(Some(file), text, org);
                    let written =
                        output::to_stdout(lang, |out| report::write(&doc, format, lang, model_of(model), out));
                    // The process ends here: freeing a million departments one by one
                    // would only keep the caller waiting (about 0.1 s at that size).
                    std::mem::forget(doc);
                    output::status(written)
                }
                Err(error) => fail(&error),
            }
        }
        Some(Command::Import { file, sheet, company, base, dry_run, lang }) => {
            let options = ImportOptions { company: company.as_deref(), base: None, sheet: sheet.as_deref() };
            import(&file, options, base, dry_run, lang_of(lang))
        }
        Some(Command::Handout { file, format, lang, seed }) => {
            let lang = lang_of(lang);
            match load_file(&file, lang) {
                Ok((org, text)) => {
                    let doc = Document::new(Some(file), text, org);
                    output::status(output::to_stdout(lang, |out| {
                        out.write_all(report::handout(&doc, lang, format, seed).as_bytes())
                    }))
                }
                Err(error) => fail(&error),
            }
        }
        Some(Command::Compare { a, b, lang }) => {
            let lang = lang_of(lang);
            let open = |file: PathBuf| load_file(&file, lang).map(|(org, text)| Document::new(Some(file), text, org));
            match (open(a), open(b)) {
                (Ok(a), Ok(b)) => output::status(output::to_stdout(lang, |out| {
                    out.write_all(report::compare(&a, &b, lang).as_bytes())
                })),
                (Err(error), _) | (_, Err(error)) => fail(&error),
            }
        }
        Some(Command::Samples) => output::status(output::to_stdout(Lang::from_env(), |out| {
            for sample in SAMPLES {
                let company = load(sample.text).map(|org| (org.company.name.clone(), org.len()));
                match company {
                    Ok((name, count)) => writeln!(out, "{:<18} {name} ({count})", sample.name)?,
                    Err(_) => writeln!(out, "{}", sample.name)?,
                }
            }
            writeln!(out, "\n{}", translate(Lang::from_env().code(), "cli.samples_open"))
        })),
        Some(Command::Config { default, path, check, lang }) => {
            let lang = lang_of(lang);
            if default {
                output::status(output::to_stdout(lang, |out| out.write_all(config::default_text(lang).as_bytes())))
            } else if path {
                config_path(lang)
            } else {
                config_check(check.flatten(), lang)
            }
        }
        Some(Command::Completions { shell }) => {
            // clap_complete panics on a write error: the script is made in memory first.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "frontback", &mut script);
            output::status(output::to_stdout(Lang::from_env(), |out| out.write_all(&script)))
        }
        Some(Command::Man { subcommand, dir }) => man::run(Cli::command(), subcommand.as_deref(), dir.as_deref()),
        None => {
            let loaded = Loaded::read(Location::find(cli.config.as_deref()));
            let flags =
                Flags { model: cli.model.map(model_of), lang: lang_flag(cli.lang), view: cli.view.map(view_of) };
            let mut options =
                loaded.options(&flags, Theme::no_color_requested(), cli.read_only, cli.seed.unwrap_or_else(time_seed));
            if let Some(other) = cli.compare {
                // The org compared with must load before the app starts.
                match open_other(other, options.lang) {
                    Ok(doc) => options.compare = Some(doc),
                    Err(code) => return code,
                }
                if flags.view.is_none() {
                    options.view = View::Compare;
                }
            }
            options.results = cli.results;
            explore(cli.file, options)
        }
    }
}

/// `frontback config --path`: the file on stdout; on stderr, a note when it does not
/// exist yet.
fn config_path(lang: Lang) -> ExitCode {
    match config::describe(Location::find(None).as_ref(), lang) {
        Ok((path, note)) => {
            if let Err(code) = output::to_stdout(lang, |out| writeln!(out, "{}", sanitize(&path))) {
                return code;
            }
            if let Some(note) = note {
                output::error(&note);
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            output::error(&format!("error: {error}"));
            ExitCode::FAILURE
        }
    }
}

/// `frontback config --check [FILE]`: 0 when the file is valid (or there is none in
/// the platform's folder), 1 with every problem on stderr otherwise.
fn config_check(file: Option<PathBuf>, lang: Lang) -> ExitCode {
    match config::check(Location::find(file.as_deref()), lang) {
        Ok(text) => output::status(output::to_stdout(lang, |out| {
            text.lines().try_for_each(|line| writeln!(out, "{}", sanitize(line)))
        })),
        Err(text) => {
            output::error(&text);
            ExitCode::FAILURE
        }
    }
}

/// Opens the explorer on a file, or on the built-in sample, with the configuration in
/// force (or the defaults and a message when it has problems). A file that does not
/// load opens on the diagnostics screen (without a terminal it is reported like
/// `check` does); a file that does not exist opens as a new, empty org, unless its
/// name is a bundled sample's.
fn explore(file: Option<PathBuf>, options: frontback::tui::Options) -> ExitCode {
    let lang = options.lang;
    let exists = file.as_deref().is_some_and(|path| std::fs::symlink_metadata(path).is_ok());
    // Without a terminal there is no app to open: a file that does not load or does
    // not exist is reported as `check` reports it.
    let terminal = std::io::stdout().is_terminal() && std::io::stdin().is_terminal();
    let sample = match &file {
        None => Some(default_sample()),
        Some(path) if !exists => path.to_str().and_then(frontback::samples::find),
        Some(_) => None,
    };
    let doc = match file {
        Some(path) if sample.is_none() && !exists => {
            let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            if !folder.is_dir() {
                let (file, folder) = (shown_path(&path), shown_path(folder));
                output::error(&translate_with(lang.code(), "cli.no_folder", &[("file", &file), ("folder", &folder)]));
                return ExitCode::FAILURE;
            }
            if !terminal {
                return load_file(&path, lang).map_or_else(|error| fail(&error), |_| ExitCode::FAILURE);
            }
            let name = path.file_stem().map_or_else(|| "org".into(), |stem| stem.to_string_lossy());
            let text = format!("[company]\nname = {}\n", toml::Value::String(name.into_owned()));
            match Document::from_text(Some(path), text) {
                Ok(doc) => doc,
                Err(error) => {
                    output::error(&format!("error: {error}"));
                    return ExitCode::FAILURE;
                }
            }
        }
        // A large file shows its head while the whole file loads.
        Some(path)
            if sample.is_none()
                && terminal
                && std::fs::metadata(&path)
                    .is_ok_and(|m| m.is_file() && m.len() >= frontback::tui::loading::THRESHOLD) =>
        {
            return finish(frontback::tui::loading::run(&path, options));
        }
        Some(path) if sample.is_none() => match load_file(&path, lang) {
            Ok((org, text)) => Document::new(Some(path), text, org),
            Err(error) if terminal => {
                return finish(frontback::tui::run_broken(&path, &error, options));
            }
            Err(error) => return fail(&error),
        },
        _ => {
            let sample = sample.unwrap_or_else(default_sample);
            let sample = frontback::samples::find_in(sample.name, lang).unwrap_or(sample);
            match Document::from_text(None, sample.text.to_string()) {
                Ok(doc) => doc,
                Err(error) => {
                    output::error(&error.render(sample.name, sample.text, lang));
                    return ExitCode::FAILURE;
                }
            }
        }
    };
    let mut app = App::new(doc, options);
    app.session.sample = sample.map(|sample| sample.name).filter(|&name| name != default_sample().name);
    finish(frontback::tui::run_app(app))
}

/// The org given with `--compare`: a file, else a bundled sample by name (in the
/// interface's language); a file that does not load is reported, with where, as
/// `check` reports it.
fn open_other(path: PathBuf, lang: Lang) -> Result<Document, ExitCode> {
    let exists = std::fs::symlink_metadata(&path).is_ok();
    if let Some(sample) = path.to_str().filter(|_| !exists).and_then(|name| frontback::samples::find_in(name, lang)) {
        return Document::from_text(None, sample.text.to_string()).map_err(|error| {
            output::error(&error.render(sample.name, sample.text, lang));
            ExitCode::FAILURE
        });
    }
    match load_file(&path, lang) {
        Ok((org, text)) => Ok(Document::new(Some(path), text, org)),
        Err(error) => Err(fail(&error)),
    }
}

/// How the app ended, as the exit status: an error on stderr.
fn finish(result: std::io::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            output::error(&format!("error: {error}"));
            ExitCode::FAILURE
        }
    }
}

/// A seed that differs from run to run.
fn time_seed() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64)
}

/// `frontback check`: a line on stdout per valid file, every problem of the others on
/// stderr, in the order the files are given (stdout is written line by line).
fn check(files: &[PathBuf], lang: Lang) -> ExitCode {
    let mut ok = true;
    let mut out = std::io::stdout().lock();
    for (i, file) in files.iter().enumerate() {
        match load_file(file, lang) {
            Ok((org, _)) => {
                let file = sanitize(&file.display().to_string()).into_owned();
                let count = org.len();
                let line = translate_with(lang.code(), "check.ok", &[("file", &file), ("count", &count)]);
                if let Err(error) = writeln!(out, "{line}").and_then(|()| out.flush()) {
                    return output::failed(&error, lang);
                }
                // After the last file the process ends: freeing a million departments
                // one by one would only keep the caller waiting.
                if i + 1 == files.len() {
                    std::mem::forget(org);
                }
            }
            Err(error) => {
                ok = false;
                output::error(&error.to_string());
            }
        }
    }
    if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// `frontback import`: the org file on stdout, or every problem on stderr and nothing
/// on stdout.
fn import(file: &Path, options: ImportOptions<'_>, base: Option<PathBuf>, dry_run: bool, lang: Lang) -> ExitCode {
    let base = match base.map(|path| load_file(&path, lang)).transpose() {
        Ok(base) => base,
        Err(error) => return fail(&error),
    };
    let base = base.as_ref().map(|(org, text)| Base { org, text });
    match import_file(file, &ImportOptions { base, ..options }, lang) {
        Ok(imported) => {
            for note in &imported.notes {
                eprintln!("{}", note.render(lang));
            }
            let text = if dry_run { imported.dry_run(base.as_ref(), lang) } else { imported.toml };
            output::status(output::to_stdout(lang, |out| out.write_all(text.as_bytes())))
        }
        Err(error) => {
            output::error(&error.to_string());
            ExitCode::FAILURE
        }
    }
}

/// An org file that could not be read or loaded: every problem on stderr, the file's
/// name escaped.
fn fail(error: &FileError) -> ExitCode {
    output::error(&error.to_string());
    ExitCode::FAILURE
}
