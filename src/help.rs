//! The command line's help in the user's language. clap's derive writes it in English
//! from the doc comments of `main.rs`; for Spanish, every about line and argument help
//! is replaced by its text from `assets/locales/cli.toml` (keyed `cli.SUBCOMMAND.ARG`,
//! `cli.app.ARG` for the app's own), and the headings clap writes itself (usage, commands, arguments, options, help and
//! version) by a template and flags of ours. A test checks that every argument has a
//! Spanish text and that the English ones match the doc comments.

use clap::{Arg, ArgAction, Command};

use crate::text::Lang;
use crate::text::locale::{builtin, translate};

/// The key of a command's about line (`path` is `cli.app` or `cli.SUBCOMMAND`), or of
/// one of its arguments.
pub fn key(path: &str, arg: Option<&str>) -> String {
    match arg {
        Some(arg) => format!("{path}.{}", arg.replace('-', "_")),
        None => format!("{path}.about"),
    }
}

/// The command line `command` as its help shows in `lang`: unchanged in English.
pub fn localized(command: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return command;
    }
    let mut command = localize(command, &format!("cli.{}", "app"), lang);
    // clap adds its `help` subcommand when the command is built: then it can be told.
    command.build();
    let about = translate(lang.code(), "cli.heading.help_command").into_owned();
    command.mut_subcommand("help", |help| help.about(about))
}

fn localize(mut command: Command, path: &str, lang: Lang) -> Command {
    let l = lang.code();
    let text = |key: &str| builtin().get(key).is_some().then(|| translate(l, key).into_owned());
    if let Some(about) = text(&key(path, None)) {
        command = command.about(about).long_about(None);
    }
    let ids: Vec<String> = command.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        if let Some(help) = text(&key(path, Some(&id))) {
            // The help says the possible values itself, in the language.
            command = command.mut_arg(&id, |arg| {
                let takes = arg.get_action().takes_values();
                let values = takes && !arg.get_possible_values().is_empty();
                arg.help(help).long_help(None).hide_possible_values(values).hide_default_value(takes)
            });
        }
    }
    let names: Vec<String> = command.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        let sub_path = format!("cli.{}", name.replace('-', "_"));
        command = command.mut_subcommand(&name, |sub| localize(sub, &sub_path, lang));
    }
    let heading = |key: &str| translate(l, &format!("cli.heading.{key}")).into_owned();
    let mut template = format!("{{about-with-newline}}\n{} {{usage}}\n", heading("usage"));
    if command.has_subcommands() {
        template.push_str(&format!("\n{}\n{{subcommands}}\n", heading("commands")));
    }
    if command.get_positionals().next().is_some() {
        template.push_str(&format!("\n{}\n{{positionals}}\n", heading("arguments")));
    }
    template.push_str(&format!("\n{}\n{{options}}\n", heading("options")));
    let version = command.get_version().is_some();
    command = command
        .help_template(template)
        .disable_help_flag(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help(heading("help_flag")));
    if version {
        command = command.disable_version_flag(true).arg(
            Arg::new("version").short('V').long("version").action(ArgAction::Version).help(heading("version_flag")),
        );
    }
    command
}
