//! Writes an org file's tree as nested JSON on stdout, the same shape as the TOML
//! (company, then each department with its fields and its sub-departments by id), for
//! comparing with JSON viewers such as jless: `cargo run --release --example to_json
//! -- FILE > FILE.json`.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use frontback::org::{Children, Org};
use frontback::text::Lang;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1).map(std::path::PathBuf::from) else {
        eprintln!("usage: to_json FILE");
        return ExitCode::FAILURE;
    };
    let org = match frontback::org::load_file(&path, Lang::En) {
        Ok((org, _)) => org,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    match write_org(&org, &mut out).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn string(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, text).map_err(std::io::Error::other)
}

/// `"key": "value"` after a comma when `first` is false.
fn field(out: &mut impl Write, first: &mut bool, key: &str, value: Option<&str>) -> std::io::Result<()> {
    let Some(value) = value else { return Ok(()) };
    if !std::mem::take(first) {
        out.write_all(b",")?;
    }
    string(out, key)?;
    out.write_all(b":")?;
    string(out, value)
}

fn write_org(org: &Org, out: &mut impl Write) -> std::io::Result<()> {
    out.write_all(b"{\"company\":{")?;
    let mut first = true;
    field(out, &mut first, "name", Some(&org.company.name))?;
    field(out, &mut first, "core_business", org.company.core_business.as_deref())?;
    field(out, &mut first, "description", org.company.description.as_deref())?;
    out.write_all(b"},\"org\":{")?;
    write_children(org, out)?;
    out.write_all(b"}}\n")
}

/// The top-level departments, each as `"id": {fields, children}`, without recursion:
/// a stack of the sibling lists still being written, and whether one was written yet.
fn write_children(org: &Org, out: &mut impl Write) -> std::io::Result<()> {
    let mut stack: Vec<(Children, bool)> = vec![(org.children(None), false)];
    while let Some((siblings, started)) = stack.last_mut() {
        let Some(id) = siblings.next() else {
            stack.pop();
            if !stack.is_empty() {
                out.write_all(b"}")?;
            }
            continue;
        };
        if *started {
            out.write_all(b",")?;
        }
        *started = true;
        let dept = org.dept(id);
        string(out, &dept.id)?;
        out.write_all(b":{")?;
        let mut first = true;
        field(out, &mut first, "name", dept.name.as_deref())?;
        field(out, &mut first, "function", dept.function.as_deref())?;
        field(out, &mut first, "customers", dept.customers.map(|l| l.as_str()))?;
        field(out, &mut first, "revenue", dept.revenue.map(|l| l.as_str()))?;
        field(out, &mut first, "notes", dept.notes.as_deref())?;
        if !org.has_children(id) {
            out.write_all(b"}")?;
        } else {
            if !first {
                out.write_all(b",")?;
            }
            stack.push((org.children(Some(id)), false));
        }
    }
    Ok(())
}
