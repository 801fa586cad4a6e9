//! The command line's help in the user's language. clap's derive writes it in English
//! from the doc comments of `main.rs`; for Spanish, every about line and argument help
//! is replaced by its text from `assets/locales/cli.toml` (keyed `cli.SUBCOMMAND.ARG`,
//! `cli.app.ARG` for the app's own), and the headings clap writes itself (usage, commands, arguments, options, help and
//! version) by a template and flags of ours; the placeholders (`<FILE>`, `[OPTIONS]`)
//! come from `cli.value.*`, and [`error_text`] writes clap's messages for a mistake in
//! the arguments in Spanish. A test checks that every argument has a Spanish text and
//! that the English ones match the doc comments.

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
    let command = command.mut_subcommand("help", |help| {
        let help = help.about(about);
        localize_values(help, lang)
    });
    usage_in(command, lang)
}

/// clap writes `[OPTIONS]` in every usage line itself: each command's usage is written
/// once by clap, then given back to it with the words of `lang`.
fn usage_in(mut command: Command, lang: Lang) -> Command {
    let l = lang.code();
    let usage = command.render_usage().to_string();
    let usage = usage.split_once(": ").map_or(usage.as_str(), |(_, usage)| usage);
    let usage = usage.replace("[OPTIONS]", &format!("[{}]", translate(l, "cli.value.options")));
    command = command.override_usage(usage.trim_end().to_string());
    let names: Vec<String> = command.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        command = command.mut_subcommand(&name, |sub| usage_in(sub, lang));
    }
    command
}

/// The placeholders of a command's values (`<FILE>`) in `lang`, from `cli.value.NAME`.
fn localize_values(mut command: Command, lang: Lang) -> Command {
    let l = lang.code();
    let word = |name: &str| {
        let key = format!("cli.value.{}", name.to_lowercase());
        builtin().get(&key).is_some().then(|| translate(l, &key).into_owned())
    };
    if command.has_subcommands() {
        let name = command.get_subcommand_value_name().unwrap_or("COMMAND").to_string();
        if let Some(shown) = word(&name) {
            command = command.subcommand_value_name(shown);
        }
    }
    let ids: Vec<String> = command.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        command = command.mut_arg(&id, |arg| {
            let names: Vec<String> = match arg.get_value_names() {
                Some(names) => names.iter().map(ToString::to_string).collect(),
                None if arg.get_action().takes_values() => vec![id.to_uppercase()],
                None => return arg,
            };
            let shown: Vec<String> = names.iter().map(|name| word(name).unwrap_or_else(|| name.clone())).collect();
            if shown == names { arg } else { arg.value_names(shown) }
        });
    }
    command
}

/// clap's message for a mistake in the arguments, in `lang`: as clap writes it in
/// English; in Spanish written here from the error's kind and what it says about it
/// (the argument, the value, the possible values, a suggestion, the usage). A kind
/// this does not know gets a general sentence, never English.
pub fn error_text(error: &clap::Error, lang: Lang) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if lang == Lang::En {
        return error.render().to_string();
    }
    let l = lang.code();
    let one = |kind: ContextKind| match error.get(kind) {
        Some(ContextValue::String(text)) => Some(text.clone()),
        Some(ContextValue::Strings(texts)) => texts.first().cloned(),
        _ => None,
    };
    let many = |kind: ContextKind| match error.get(kind) {
        Some(ContextValue::Strings(texts)) => texts.clone(),
        Some(ContextValue::String(text)) => vec![text.clone()],
        _ => Vec::new(),
    };
    let text = |key: &str, values: &[(&str, &dyn std::fmt::Display)]| {
        crate::text::locale::translate_with(l, &format!("cli.error.{key}"), values).into_owned()
    };
    let arg = one(ContextKind::InvalidArg).unwrap_or_default();
    let value = one(ContextKind::InvalidValue).unwrap_or_default();
    let mut out = format!("{} ", text("prefix", &[]));
    out.push_str(&match error.kind() {
        ErrorKind::UnknownArgument => text("unknown_argument", &[("arg", &arg)]),
        ErrorKind::InvalidSubcommand => {
            text("unknown_command", &[("command", &one(ContextKind::InvalidSubcommand).unwrap_or_default())])
        }
        ErrorKind::InvalidValue if value.is_empty() => text("missing_value", &[("arg", &arg)]),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            text("invalid_value", &[("value", &value), ("arg", &arg)])
        }
        ErrorKind::TooManyValues => text("too_many_values", &[("value", &value), ("arg", &arg)]),
        ErrorKind::MissingRequiredArgument => {
            let missing: String = many(ContextKind::InvalidArg).iter().map(|a| format!("\n  {a}")).collect();
            format!("{}{missing}", text("missing_arguments", &[]))
        }
        ErrorKind::ArgumentConflict => {
            // A word taken for a subcommand after an option of the app alone names
            // the subcommand, and every option it cannot go with.
            let arg =
                if arg.is_empty() { one(ContextKind::InvalidSubcommand).unwrap_or_default() } else { arg.clone() };
            let prior = many(ContextKind::PriorArg).join("', '");
            if prior.is_empty() || prior == arg {
                text("twice", &[("arg", &arg)])
            } else {
                text("conflict", &[("arg", &arg), ("other", &prior)])
            }
        }
        ErrorKind::MissingSubcommand => text("missing_command", &[]),
        _ => text("other", &[]),
    });
    let possible = many(ContextKind::ValidValue);
    if !possible.is_empty() {
        out.push_str(&format!("\n  [{}: {}]", text("possible_values", &[]), possible.join(", ")));
    }
    let suggested = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand, ContextKind::SuggestedValue]
        .into_iter()
        .find_map(one);
    if let Some(suggested) = suggested {
        out.push_str(&format!("\n\n  {}", text("did_you_mean", &[("suggested", &suggested)])));
    } else if error.kind() == ErrorKind::UnknownArgument && arg.starts_with('-') {
        out.push_str(&format!("\n\n  {}", text("as_value", &[("arg", &arg)])));
    }
    if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.split_once(": ").map_or(usage.as_str(), |(_, usage)| usage);
        out.push_str(&format!("\n\n{} {}", translate(l, "cli.heading.usage"), usage.trim_end()));
    }
    out.push_str(&format!("\n\n{}\n", text("try_help", &[])));
    out
}

fn localize(mut command: Command, path: &str, lang: Lang) -> Command {
    command = localize_values(command, lang);
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
