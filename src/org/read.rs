//! Reading a file the user names — an org file, the configuration file, a CSV to
//! import — whatever it turns out to be. Only a regular file is read: a FIFO would
//! keep the app waiting for a writer, and a device such as `/dev/zero` never ends.
//! And never more than the cap for its kind (see [`Limit`]), read through
//! `take(cap + 1)`, so that no file — not even one that grows while it is read — can
//! make memory grow without bound.
//!
//! A refusal is an [`std::io::Error`] whose text says why in the user's language, so
//! that every caller's "cannot read FILE: …" message names the file as for any other
//! I/O error.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;

use crate::text::{Lang, t};

/// The most a file of each kind may hold (README, "Limits").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// 1 GiB: six times the generated org of a million departments (about 170 MB),
    /// room for long notes and comments, while the loader's memory (a little more
    /// than the file) stays within what a laptop has.
    Org,
    /// 1 MiB: a configuration that rebinds every key of every mode and sets every
    /// style is under 20 KB.
    Config,
    /// 256 MiB: a CSV of a million departments (path, name, function and both facts
    /// per row) is about 100 MB.
    Csv,
}

impl Limit {
    /// The cap, in bytes.
    pub fn bytes(self) -> u64 {
        match self {
            Limit::Org => 1 << 30,
            Limit::Config => 1 << 20,
            Limit::Csv => 256 << 20,
        }
    }

    /// The cap as people read it: `1 GiB`, `256 MiB`.
    pub fn shown(self) -> String {
        let bytes = self.bytes();
        match bytes {
            b if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
            b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
            b => format!("{b} bytes"),
        }
    }

    fn what(self) -> &'static str {
        match self {
            Limit::Org => "read.what.org",
            Limit::Config => "read.what.config",
            Limit::Csv => "read.what.csv",
        }
    }
}

/// The bytes of the regular file at `path`, at most `limit` of them; anything else is
/// an error that says why (in `lang`), for the caller to put after the file's name.
pub fn read_file(path: &Path, limit: Limit, lang: Lang) -> io::Result<Vec<u8>> {
    read_file_counting(path, limit, lang, &std::sync::atomic::AtomicU64::new(0))
}

/// [`read_file`], adding to `read` the bytes read as they come in (a megabyte at a
/// time), for a progress gauge on another thread.
pub fn read_file_counting(
    path: &Path,
    limit: Limit,
    lang: Lang,
    read: &std::sync::atomic::AtomicU64,
) -> io::Result<Vec<u8>> {
    read_bytes(path, limit, lang, read).map_err(|error| {
        match crate::text::system_reason(&error, lang, crate::text::Access::Read) {
            Some(reason) => io::Error::new(error.kind(), reason),
            None => error,
        }
    })
}

fn read_bytes(path: &Path, limit: Limit, lang: Lang, read: &std::sync::atomic::AtomicU64) -> io::Result<Vec<u8>> {
    // Looked at before opening: opening a FIFO waits for a writer, and opening a
    // device may do something.
    regular(&std::fs::metadata(path)?, lang)?;
    let file = open(path)?;
    // Looked at again: the path may have become something else in between.
    let metadata = file.metadata()?;
    regular(&metadata, lang)?;
    let too_large = || {
        let l = lang.code();
        let message = t!("read.too_large", locale = l, limit = limit.shown(), what = t!(limit.what(), locale = l));
        io::Error::new(io::ErrorKind::FileTooLarge, message.to_string())
    };
    if metadata.len() > limit.bytes() {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0).saturating_add(1));
    let mut file = file.take(limit.bytes() + 1);
    // A megabyte at a time, straight into `bytes`.
    loop {
        let n = (&mut file).take(1 << 20).read_to_end(&mut bytes)?;
        if n == 0 {
            break;
        }
        read.fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
    }
    if bytes.len() as u64 > limit.bytes() {
        return Err(too_large());
    }
    Ok(bytes)
}

/// The text of the regular file at `path`, at most `limit` bytes of UTF-8.
pub fn read_text(path: &Path, limit: Limit, lang: Lang) -> io::Result<String> {
    String::from_utf8(read_file(path, limit, lang)?).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

#[cfg(unix)]
fn open(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // Never waits, even if a FIFO was put in the file's place; reads of a regular
    // file are not affected.
    File::options().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY).open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// An error unless the metadata is a regular file's.
fn regular(metadata: &Metadata, lang: Lang) -> io::Result<()> {
    if metadata.is_file() {
        return Ok(());
    }
    let kind = kind_key(metadata);
    let l = lang.code();
    let message = t!("read.not_regular", locale = l, kind = t!(kind, locale = l));
    Err(io::Error::new(io::ErrorKind::InvalidInput, message.to_string()))
}

/// The locale key of what a path is when it is no regular file.
fn kind_key(metadata: &Metadata) -> &'static str {
    if metadata.is_dir() {
        return "read.kind.folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = metadata.file_type();
        if kind.is_fifo() {
            return "read.kind.fifo";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "read.kind.device";
        }
        if kind.is_socket() {
            return "read.kind.socket";
        }
    }
    "read.kind.other"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_are_shown_in_binary_units() {
        assert_eq!(Limit::Org.shown(), "1 GiB");
        assert_eq!(Limit::Config.shown(), "1 MiB");
        assert_eq!(Limit::Csv.shown(), "256 MiB");
    }

    #[test]
    fn a_file_of_exactly_the_cap_is_read_and_one_byte_more_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, vec![b'#'; 1 << 20]).unwrap();
        assert_eq!(read_file(&path, Limit::Config, Lang::En).unwrap().len(), 1 << 20);
        std::fs::write(&path, vec![b'#'; (1 << 20) + 1]).unwrap();
        let error = read_file(&path, Limit::Config, Lang::En).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::FileTooLarge);
        assert!(error.to_string().contains("1 MiB"), "{error}");
        let error = read_file(&path, Limit::Config, Lang::Es).unwrap_err();
        assert!(error.to_string().contains("1 MiB"), "{error}");
    }

    #[test]
    fn a_folder_is_refused_saying_what_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let error = read_file(dir.path(), Limit::Org, Lang::En).unwrap_err();
        assert!(error.to_string().contains("not a regular file") && error.to_string().contains("folder"), "{error}");
    }
}
