//! Unsaved edits survive a termination signal. While the text differs from the file,
//! the app keeps a copy in a [`Recovery`]; on SIGTERM, SIGHUP, SIGINT or SIGQUIT a
//! watcher
//! thread writes it aside (never over the file itself), restores the terminal and
//! exits. The next start offers to restore it.
//!
//! Each running app writes its own recovery, `.NAME.<pid>-<random>.recovered` beside
//! the file, so that two apps editing one file never write over each other's edits.
//! It is written like a save: a new temporary file in the same folder, synced, then
//! renamed to that name, so that a failed write (a full disk) leaves nothing half
//! written, and a symlink planted at the name is replaced, never written through.
//! When the file's folder cannot be written, the recovery goes to the data folder
//! (`$XDG_DATA_HOME/frontback`) as `NAME.<path-hash>.<pid>-<random>.recovered`.
//! Edits of the built-in sample, which has no file, go to the data folder as
//! `corner-shop.<pid>-<random>.recovered.toml`.
//!
//! A recovery starts with two TOML comment lines, so that it still reads as the org
//! file it holds:
//!
//! ```text
//! # frontback recovery: base-sha256=<hex> base-len=<bytes> written=<unix seconds> pid=<pid>
//! # source: "<the org file's path>"
//! ```
//!
//! The base is the file as it was last read or saved by the app that wrote the
//! recovery: when the file on disk no longer matches it, restoring would undo the
//! changes made since, and the offer says so.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
use signal_hook::iterator::Signals;

use crate::document::{Document, SharedText};
use crate::org::Org;
use crate::org::read::{Limit, read_text};
use crate::org::save::DiskStamp;
use crate::paths;
use crate::text::shown_path as shown;
use crate::text::{Lang, t};

/// The first words of a recovery's header line.
const MAGIC: &str = "# frontback recovery:";
/// The name's end for a recovery of a file.
const SUFFIX: &str = ".recovered";
/// The built-in sample's recoveries: `corner-shop.<tag>.recovered.toml`.
const SAMPLE: &str = "corner-shop";
/// A file name is cut to this many bytes inside a recovery's name, so that the name
/// stays within the system's limit (255 bytes).
const NAME_BYTES: usize = 150;

/// This process's part of a recovery's name: `<pid>-<random>`.
fn instance_tag() -> &'static str {
    static TAG: OnceLock<String> = OnceLock::new();
    TAG.get_or_init(|| format!("{}-{:08x}", std::process::id(), random() as u32))
}

/// A random number from the system's randomness (std seeds each `RandomState` with it).
fn random() -> u64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
    hasher.finish()
}

/// True for a tag this module makes: digits, `-`, hex digits.
fn is_tag(tag: &str) -> bool {
    tag.split_once('-').is_some_and(|(pid, rand)| {
        !pid.is_empty()
            && pid.bytes().all(|b| b.is_ascii_digit())
            && !rand.is_empty()
            && rand.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// The file's name as recoveries carry it, cut to [`NAME_BYTES`] on a character
/// boundary.
fn short_name(path: &Path) -> String {
    let name = path.file_name().map_or_else(|| "org.toml".into(), |n| n.to_string_lossy().into_owned());
    let mut end = name.len().min(NAME_BYTES);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    name[..end].to_string()
}

/// Sixteen hex digits that tell files of the same name in different folders apart.
fn path_key(path: &Path) -> String {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let folder = fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    let full = folder.join(path.file_name().unwrap_or_default());
    let digest = Sha256::digest(full.as_os_str().as_encoded_bytes());
    hex(&digest[..8])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The file unsaved edits of `path` are written to by this process:
/// `.NAME.<pid>-<random>.recovered` in its folder.
pub fn recovery_path(path: &Path) -> PathBuf {
    path.with_file_name(format!(".{}.{}{SUFFIX}", short_name(path), instance_tag()))
}

/// Where this process writes unsaved edits of `path` when its folder cannot be
/// written: `NAME.<path-hash>.<pid>-<random>.recovered` in the data folder.
pub fn data_recovery_path(path: &Path, data_folder: &Path) -> PathBuf {
    data_folder.join(format!("{}.{}.{}{SUFFIX}", short_name(path), path_key(path), instance_tag()))
}

/// Where unsaved edits of the built-in sample are written:
/// `corner-shop.<pid>-<random>.recovered.toml` in the platform's data folder
/// (`$XDG_DATA_HOME/frontback` on Linux).
pub fn sample_recovery_path() -> Option<PathBuf> {
    paths::data_folder().map(|folder| folder.join(format!("{SAMPLE}.{}.recovered.toml", instance_tag())))
}

/// The text of a file as it was read or saved: its SHA-256 and length, which a
/// recovery's header records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Base {
    pub sha256: String,
    pub len: u64,
}

impl Base {
    pub fn of(text: &str) -> Base {
        Base { sha256: hex(&Sha256::digest(text.as_bytes())), len: text.len() as u64 }
    }

    /// The base of a file as the app read or saved it: its stamp holds the same hash.
    pub fn of_stamp(stamp: &DiskStamp) -> Base {
        Base { sha256: stamp.hash.hex(), len: stamp.len }
    }
}

/// What a recovery's header says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    /// The file the edits were made on.
    pub base: Option<Base>,
    /// The edited text that follows the header: a recovery cut short or altered is
    /// told from a sound one by it.
    pub text: Option<Base>,
    /// Seconds since 1970 when it was written.
    pub written: Option<u64>,
}

/// The header lines for a recovery of `text` for `source` (the sample's has none)
/// made on `base`.
pub fn header_text(text: &str, base: Option<&Base>, source: Option<&Path>, written: u64) -> String {
    let base =
        base.map_or_else(|| "base=unknown".to_string(), |b| format!("base-sha256={} base-len={}", b.sha256, b.len));
    let text = Base::of(text);
    let base = format!("{base} text-sha256={} text-len={}", text.sha256, text.len);
    let source = source.map_or_else(
        || "the built-in sample".to_string(),
        |s| format!("{:?}", fs::canonicalize(s).unwrap_or_else(|_| s.to_path_buf()).display().to_string()),
    );
    format!("{MAGIC} {base} written={written} pid={}\n# source: {source}\n", std::process::id())
}

/// Splits a recovery into its header and the org text; a recovery written before
/// there were headers is all org text.
pub fn split(contents: &str) -> (Option<Header>, &str) {
    let Some(first) = contents.strip_prefix(MAGIC) else { return (None, contents) };
    let Some((line, rest)) = first.split_once('\n') else { return (None, contents) };
    let Some((_source, body)) = rest.split_once('\n').filter(|(s, _)| s.starts_with("# source: ")) else {
        return (None, contents);
    };
    let fields: HashMap<&str, &str> = line.split_whitespace().filter_map(|w| w.split_once('=')).collect();
    let base = |sha, len| match (fields.get(sha), fields.get(len).and_then(|l| l.parse().ok())) {
        (Some(sha), Some(len)) => Some(Base { sha256: sha.to_string(), len }),
        _ => None,
    };
    let header = Header {
        base: base("base-sha256", "base-len"),
        text: base("text-sha256", "text-len"),
        written: fields.get("written").and_then(|w| w.parse().ok()),
    };
    (Some(header), body)
}

fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Writes `parts` to `target` atomically, through `step` for each part: a new
/// temporary file in the same folder (created with `mode`, never opening an existing
/// file), synced, then renamed to `target`. The rename replaces whatever name is at
/// `target` without following it; when that is anything but a plain file of this
/// process's (a symlink, a folder, a file with other links), a fresh name is used
/// instead. Returns the name written. On failure nothing is left behind.
pub fn write_atomic(
    target: &Path,
    parts: &[&[u8]],
    mode: u32,
    step: &mut dyn FnMut(&mut File, &[u8]) -> io::Result<()>,
) -> io::Result<PathBuf> {
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".frontback-recovery.").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut temp = builder.tempfile_in(&folder)?;
    for part in parts {
        step(temp.as_file_mut(), part)?;
    }
    temp.as_file_mut().flush()?;
    temp.as_file().sync_all()?;
    let written = match temp.persist_noclobber(target) {
        Ok(_) => target.to_path_buf(),
        Err(error) if error.error.kind() == io::ErrorKind::AlreadyExists => {
            if is_own_plain_file(target) {
                error.file.persist(target).map_err(|e| e.error)?;
                target.to_path_buf()
            } else {
                let fresh = fresh_name(target);
                error.file.persist_noclobber(&fresh).map_err(|e| e.error)?;
                fresh
            }
        }
        Err(error) => return Err(error.error),
    };
    if let Ok(dir) = File::open(&folder) {
        let _ = dir.sync_all();
    }
    Ok(written)
}

/// True when `path` is a plain file with no other name: what an earlier write of this
/// process left there (its name holds this process's random tag).
fn is_own_plain_file(path: &Path) -> bool {
    let Ok(meta) = fs::symlink_metadata(path) else { return false };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.file_type().is_file() && meta.nlink() == 1
    }
    #[cfg(not(unix))]
    meta.file_type().is_file()
}

/// `target` with its tag replaced by a new random one.
fn fresh_name(target: &Path) -> PathBuf {
    let name = target.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let tag = instance_tag();
    let fresh = format!("{tag}{:08x}", random() as u32);
    target.with_file_name(name.replacen(tag, &fresh, 1))
}

/// The permissions of a new recovery: 0600, narrowed to the org file's.
fn mode_for(source: Option<&Path>) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let file = source.and_then(|s| fs::metadata(s).ok()).map_or(0o600, |m| m.permissions().mode());
        (0o600 & file) | 0o400
    }
    #[cfg(not(unix))]
    {
        let _ = source;
        0o600
    }
}

/// Where a write of the unsaved edits went.
#[derive(Debug)]
pub struct Written {
    pub file: PathBuf,
    /// Why it is not beside the org file, when it went to the data folder instead.
    pub beside_failed: Option<io::Error>,
}

/// The org file the unsaved edits belong to and the text they were made on.
#[derive(Debug, Default)]
struct About {
    source: Option<PathBuf>,
    /// The saved version the base is for.
    version: Option<u64>,
    /// The base, when known.
    base: Option<Base>,
}

/// What to write if the app is killed: the recovery file and the unsaved text. The
/// text is the document's own [`SharedText`], shared rather than copied, so keeping
/// it costs no memory however large the file.
#[derive(Clone, Debug, Default)]
pub struct Recovery {
    pending: Arc<Mutex<Option<(PathBuf, SharedText)>>>,
    about: Arc<Mutex<About>>,
    /// Recoveries restored as unsaved edits: deleted once those are saved.
    restored: Arc<Mutex<Vec<PathBuf>>>,
    /// Whether a save is writing, and its end, which a recovery written meanwhile
    /// waits for ([`Recovery::save_started`]); and whether saves are closed, the app
    /// ending ([`Recovery::close_saves`]).
    saving: Arc<(Mutex<Saves>, Condvar)>,
    /// Set once the app's end has had its say ([`Recovery::settle`],
    /// [`Recovery::write_for_the_end`]): from then on a write returns at once, so that
    /// one asked for then (by a panic while the process ends) does not wait for ever
    /// on the unsaved text those hold.
    ended: Arc<std::sync::atomic::AtomicBool>,
    /// Whether an edit is being made ([`Recovery::editing`]), on whichever thread.
    edit_running: Arc<std::sync::atomic::AtomicBool>,
}

/// See [`Recovery::save_started`] and [`Recovery::close_saves`].
#[derive(Debug, Default)]
struct Saves {
    writing: bool,
    /// The thread that writes it, when it is the one that started it (a small file,
    /// saved on the interface's thread); `None` for a thread of its own (a panic there
    /// is a failed save, which writes nothing aside).
    here: Option<std::thread::ThreadId>,
    closed: bool,
}

impl Saves {
    /// Whether the calling thread writes the save: it never waits for itself (a panic
    /// there writes the recovery before the save could end).
    fn writing_here(&self) -> bool {
        self.here == Some(std::thread::current().id())
    }
}

/// How long a recovery written while a save writes waits for the save to end, and
/// the app's end for it before it closes saves: far longer than a save of the largest
/// file takes on a sound disk.
const SAVE_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

thread_local! {
    /// Whether this thread is making an edit ([`Recovery::editing`]): a recovery
    /// written from it then (by the panic hook) would wait for itself.
    static EDITING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl Recovery {
    /// Records the unsaved text and the recovery file it goes to, or that there is
    /// none (`None`). Given the document's [`SharedText`], it keeps a share of it.
    pub fn set<T: Into<SharedText>>(&self, unsaved: Option<(&Path, T)>) {
        let unsaved = unsaved.map(|(p, t)| (p.to_path_buf(), t.into()));
        if let Ok(mut pending) = self.pending.lock() {
            *pending = unsaved;
        }
    }

    /// Edits the document while no recovery can be written: the share of its text
    /// kept here is let go, so that the edit changes the text in place instead of
    /// copying it, and taken again, of the edited text, before a recovery may be
    /// written (a signal's or a hang-up's write waits for the edit to end). Should the
    /// edit panic, the document's text (as it was, or as edited: a change is made
    /// whole or not at all) is taken again all the same and written aside here, before
    /// the panic goes on (the panic hook, which runs first, on this very thread, could
    /// neither reach the text nor wait for the edit to end).
    pub fn editing<R>(&self, doc: &mut Document, edit: impl FnOnce(&mut Document) -> R) -> R {
        let Ok(mut pending) = self.pending.lock() else { return edit(doc) };
        let target = pending.take().map(|(target, _)| target);
        EDITING.set(true);
        self.edit_running.store(true, std::sync::atomic::Ordering::SeqCst);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| edit(doc)));
        self.edit_running.store(false, std::sync::atomic::Ordering::SeqCst);
        EDITING.set(false);
        *pending = target.map(|target| (target, doc.text.clone()));
        drop(pending);
        result.unwrap_or_else(|panic| {
            self.write_and_report("");
            std::panic::resume_unwind(panic)
        })
    }

    /// A save starts writing, on a thread of its own or (`here`) on the calling
    /// thread: a recovery written before it ends (on a signal, a hang-up, a panic
    /// elsewhere) waits for it, for up to 5 s, so that it is made on the file as the
    /// save leaves it, and the save is not cut off by the app's end halfway (a
    /// half-written temporary file left beside the file, or a file written in place
    /// left half new). `false`, and no save may start, once the app is ending
    /// ([`Recovery::close_saves`]).
    pub fn save_started(&self, here: bool) -> bool {
        let (saving, _) = &*self.saving;
        let mut saves = saving.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if saves.closed {
            return false;
        }
        saves.writing = true;
        saves.here = here.then(|| std::thread::current().id());
        true
    }

    /// The app is ending: waits for a save writing, as [`Recovery::wait_for_save`]
    /// does, and lets no other start. Without it, a save asked for just as a signal
    /// came would start after the wait, and the end would cut it off.
    /// Closed once, it does not wait again.
    pub fn close_saves(&self) {
        let (saving, _) = &*self.saving;
        let mut saves = saving.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if !saves.closed {
            saves = self.saved_by_now(saves);
        }
        saves.closed = true;
    }

    /// The save started with [`Recovery::save_started`] ended. When it wrote `text`,
    /// `version` of the edits, to `source`, whose base that makes `base`, a recovery is
    /// made on that file from now on, and there is none while the unsaved text is
    /// still the one saved.
    pub fn save_ended(&self, saved: Option<(&Path, u64, Base, &SharedText)>) {
        if let Some((source, version, base, text)) = saved
            && let Ok(mut pending) = self.pending.lock()
        {
            self.set_source(Some(source), Some((version, base)));
            if pending.as_ref().is_some_and(|(_, unsaved)| unsaved.same_text(text)) {
                *pending = None;
            }
        }
        let (saving, ended) = &*self.saving;
        let mut saves = saving.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        (saves.writing, saves.here) = (false, None);
        drop(saves);
        ended.notify_all();
    }

    /// Waits for a save writing to end, for up to `SAVE_WAIT`; not on the thread that
    /// writes it (a panic there writes the recovery first).
    pub fn wait_for_save(&self) {
        let (saving, _) = &*self.saving;
        drop(self.saved_by_now(saving.lock().unwrap_or_else(std::sync::PoisonError::into_inner)));
    }

    /// Given the saves locked, waits for a save writing to end, for up to
    /// `SAVE_WAIT`, unless this is the thread that writes it; gives the lock back.
    fn saved_by_now<'a>(&self, saves: std::sync::MutexGuard<'a, Saves>) -> std::sync::MutexGuard<'a, Saves> {
        if saves.writing_here() {
            return saves;
        }
        let (_, ended) = &*self.saving;
        ended
            .wait_timeout_while(saves, SAVE_WAIT, |saves| saves.writing)
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .0
    }

    /// Records the org file the edits belong to, and, when `saved` is a saved version
    /// not seen before, that the file is as that version has it: the base, worked out
    /// from the file's bytes on disk by a thread of its own (for the built-in sample,
    /// from `text`).
    pub fn set_source(&self, source: Option<&Path>, saved: Option<(u64, Base)>) {
        if let Ok(mut about) = self.about.lock() {
            if about.source.as_deref() != source {
                // Another file: what is known of the last one is not known of it.
                about.source = source.map(Path::to_path_buf);
                (about.version, about.base) = (None, None);
            }
            let Some((version, base)) = saved.filter(|(v, _)| about.version != Some(*v)) else { return };
            about.version = Some(version);
            about.base = Some(base);
        }
    }

    /// Whether the base of this saved version of this file is recorded already.
    pub fn has_base(&self, source: Option<&Path>, version: u64) -> bool {
        self.about.lock().is_ok_and(|about| about.source.as_deref() == source && about.version == Some(version))
    }

    /// The base recorded for the file: its bytes as last read or saved.
    pub fn base(&self) -> Option<Base> {
        self.about.lock().ok().and_then(|about| about.base.clone())
    }

    /// Remembers that a recovery was restored: it is deleted once the edits are saved.
    pub fn restored(&self, file: &Path) {
        if let Ok(mut restored) = self.restored.lock()
            && !restored.iter().any(|f| f == file)
        {
            restored.push(file.to_path_buf());
        }
    }

    /// After the edits were saved: deletes the recoveries they were restored from.
    pub fn forget_restored(&self) {
        if let Ok(mut restored) = self.restored.lock() {
            for file in restored.drain(..) {
                let _ = fs::remove_file(file);
            }
        }
    }

    /// Writes the unsaved text, if any, to its recovery file; returns where.
    pub fn write(&self) -> io::Result<Option<PathBuf>> {
        let data = paths::data_folder();
        Ok(self.write_with(data.as_deref(), &mut |file, bytes| file.write_all(bytes))?.map(|w| w.file))
    }

    /// [`Recovery::write`] with the data folder (where it goes when it cannot go
    /// beside the file) and the writing step given, so that tests can make it fail;
    /// says whether it went to the data folder instead, and why.
    pub fn write_with(
        &self,
        data_folder: Option<&Path>,
        step: &mut dyn FnMut(&mut File, &[u8]) -> io::Result<()>,
    ) -> io::Result<Option<Written>> {
        if EDITING.get() || self.has_ended() {
            // A panic in an edit: `editing` writes the recovery once it has the text.
            // Or the app's end already wrote what it had to.
            return Ok(None);
        }
        // An edit on another thread holds the text until it ends. A thread that
        // helps it (loading, a big paste's text) and panics has its panic go on in
        // the edit's thread, which writes the recovery then: waiting here for the
        // edit, which waits for this thread, would never end.
        if self.edit_running.load(std::sync::atomic::Ordering::SeqCst) {
            return Ok(None);
        }
        self.wait_for_save();
        let pending = self.pending.lock().map_err(|_| io::Error::other("recovery state poisoned"))?;
        self.write_pending(&pending, data_folder, step)
    }

    fn has_ended(&self) -> bool {
        self.ended.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// [`Recovery::write_with`] once the unsaved text is locked (given as `pending`).
    fn write_pending(
        &self,
        pending: &Option<(PathBuf, SharedText)>,
        data_folder: Option<&Path>,
        step: &mut dyn FnMut(&mut File, &[u8]) -> io::Result<()>,
    ) -> io::Result<Option<Written>> {
        let Some((target, text)) = pending.as_ref() else { return Ok(None) };
        let (source, base) = match self.about.lock() {
            Ok(about) => (about.source.clone(), about.base.clone()),
            Err(_) => (None, None),
        };
        let source = source.as_deref();
        let header = header_text(text, base.as_ref(), source, now_secs());
        let parts = [header.as_bytes(), text.as_bytes()];
        let mode = mode_for(source);
        let beside =
            target.parent().map_or(Ok(()), fs::create_dir_all).and_then(|()| write_atomic(target, &parts, mode, step));
        match beside {
            Ok(file) => Ok(Some(Written { file, beside_failed: None })),
            Err(error) => {
                let fallback = source.zip(data_folder).map(|(source, data)| data_recovery_path(source, data));
                let Some(fallback) = fallback.filter(|f| f != target) else { return Err(error) };
                let written = fallback
                    .parent()
                    .map_or(Ok(()), fs::create_dir_all)
                    .and_then(|()| write_atomic(&fallback, &parts, mode, step))
                    .map_err(|second| {
                        io::Error::new(
                            second.kind(),
                            format!("{error}; nor to {}: {second}", shown(fallback.parent().unwrap_or(&fallback))),
                        )
                    })?;
                Ok(Some(Written { file: written, beside_failed: Some(error) }))
            }
        }
    }

    /// The app ends without writing anything aside (it quit): waits until no thread
    /// is writing the unsaved text, and lets none start from then on. A signal or a
    /// hang-up may be having it written as the app ends, and ending the process in the
    /// middle of that write would leave a temporary file instead of the recovery.
    /// Nothing is written aside after this call: a write that was waiting for the
    /// text waits for the process to end, and one asked for later returns at once.
    pub fn settle(&self) {
        self.hold_to_the_end(self.pending.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
    }

    /// The app ends for want of a way on (a signal, its terminal gone or failing):
    /// writes the unsaved text aside and says where, as [`Recovery::write_and_report`]
    /// does, then lets no other write start, as [`Recovery::settle`] does. Two such
    /// ends can come at once (a terminal closed sends SIGHUP and hangs up); without
    /// this, the second would write again while the first ends the process, which
    /// cuts that write short and leaves its temporary file beside the user's file.
    pub fn write_for_the_end(&self, cause: &str) {
        if self.has_ended() {
            return;
        }
        self.close_saves();
        let pending = self.pending.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let data = paths::data_folder();
        let outcome = self.write_pending(&pending, data.as_deref(), &mut |file, bytes| file.write_all(bytes));
        say_where(cause, outcome);
        // Only once written: an end that came meanwhile waits on the lock rather than
        // ending the process in the middle of the write.
        self.hold_to_the_end(pending);
    }

    /// The app's end has had its say: later writes return at once, and the unsaved
    /// text, locked as `pending`, stays locked until the process ends.
    fn hold_to_the_end(&self, pending: std::sync::MutexGuard<'_, Option<(PathBuf, SharedText)>>) {
        self.ended.store(true, std::sync::atomic::Ordering::SeqCst);
        std::mem::forget(pending);
    }

    /// Writes the unsaved text, if any, and says on standard error where it went, or
    /// why it could not be written, after `cause` ("" or a few words ending in "; ").
    /// The file's name is shown escaped; a failure to report is ignored, as the app
    /// is ending either way. What every way of ending the app with edits does.
    pub fn write_and_report(&self, cause: &str) {
        let data = paths::data_folder();
        let outcome = self.write_with(data.as_deref(), &mut |file, bytes| file.write_all(bytes));
        say_where(cause, outcome);
    }

    /// Watches for SIGTERM, SIGHUP, SIGINT and SIGQUIT: writes the unsaved text,
    /// restores the terminal and exits with 128 + the signal's number. SIGTSTP hands
    /// the terminal back and stops until continued (see [`super::suspend`]).
    ///
    /// One watcher serves the whole process, from the moment the terminal is taken
    /// (while a large file loads, or a broken one is shown, with nothing unsaved):
    /// each call makes this recovery the one it writes.
    pub fn watch_signals(&self) -> io::Result<()> {
        *WATCHED.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(self.clone());
        let mut started = WATCHING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if *started {
            return Ok(());
        }
        let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP])?;
        std::thread::Builder::new().name("signals".into()).spawn(move || {
            for signal in signals.forever() {
                if signal == SIGTSTP {
                    super::suspend::stop_from_signal();
                    continue;
                }
                let recovery = WATCHED.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
                let recovery = recovery.unwrap_or_default();
                // The save still writing ends first, while the interface still holds
                // the terminal (it may draw "Saved"); none starts after.
                recovery.close_saves();
                // The terminal's lock, taken for good: a frame the interface was
                // drawing ends first, and none is drawn on the terminal handed back
                // (it would hide the cursor again).
                let held = super::suspend::lock();
                // Not while the external editor has it: the editor hands it back.
                if *held {
                    super::suspend::release();
                }
                recovery.write_for_the_end("");
                std::process::exit(128 + signal);
            }
        })?;
        *started = true;
        Ok(())
    }
}

/// The recovery the signal watcher writes ([`Recovery::watch_signals`]).
static WATCHED: Mutex<Option<Recovery>> = Mutex::new(None);

/// Whether the signal watcher runs.
static WATCHING: Mutex<bool> = Mutex::new(false);

/// Says on standard error where the unsaved text went, or why it could not be
/// written, when there was any (a failure to say it is ignored: the app is ending).
fn say_where(cause: &str, outcome: io::Result<Option<Written>>) {
    if let Ok(None) = outcome {
        return;
    }
    let _ = writeln!(io::stderr(), "{}", report(cause, outcome));
}

/// The line standard error gets about a write of the unsaved edits ("" for none).
pub fn report(cause: &str, outcome: io::Result<Option<Written>>) -> String {
    match outcome {
        Ok(Some(Written { file, beside_failed: None })) => {
            format!("frontback: {cause}unsaved edits written to {}", shown(&file))
        }
        Ok(Some(Written { file, beside_failed: Some(error) })) => format!(
            "frontback: {cause}could not write the unsaved edits beside the file ({error}); \
             they were written to {} instead",
            shown(&file)
        ),
        Ok(None) => String::new(),
        Err(error) => format!("frontback: {cause}could not write the unsaved edits: {error}"),
    }
}

/// Every recovery left for `source` (the built-in sample for `None`): beside it, and
/// in `data_folder`, in order of name.
pub fn find(source: Option<&Path>, data_folder: Option<&Path>) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut scan = |folder: &Path, matches: &dyn Fn(&str) -> bool| {
        let Ok(entries) = fs::read_dir(folder) else { return };
        for entry in entries.flatten() {
            if entry.file_name().to_str().is_some_and(matches) {
                found.push(entry.path());
            }
        }
    };
    match source {
        Some(path) => {
            let name = short_name(path);
            let folder = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            let old = format!(".{name}{SUFFIX}");
            let beside = format!(".{name}.");
            scan(folder, &|f| {
                f == old || f.strip_prefix(&beside).and_then(|r| r.strip_suffix(SUFFIX)).is_some_and(is_tag)
            });
            if let Some(data) = data_folder {
                let prefix = format!("{name}.{}.", path_key(path));
                scan(data, &|f| f.strip_prefix(&prefix).and_then(|r| r.strip_suffix(SUFFIX)).is_some_and(is_tag));
            }
        }
        None => {
            if let Some(data) = data_folder {
                let old = format!("{SAMPLE}.recovered.toml");
                let prefix = format!("{SAMPLE}.");
                scan(data, &|f| {
                    f == old
                        || f.strip_prefix(&prefix).and_then(|r| r.strip_suffix(".recovered.toml")).is_some_and(is_tag)
                });
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// Whether the file on disk is still what a recovery's edits were made on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BaseCheck {
    Matches,
    /// The file changed since: restoring would undo those changes.
    Changed,
    /// The recovery does not say (written before recoveries had a header).
    Unknown,
}

/// Departments a recovery has that the file has not, the file has that it has not,
/// and both have under different names (matched by path of ids).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Diff {
    pub added: usize,
    pub removed: usize,
    pub renamed: usize,
}

impl Diff {
    pub fn between(file: &Org, recovered: &Org) -> Diff {
        let names = |org: &Org| -> HashMap<String, String> {
            (0..org.len()).map(|id| (org.path_string(id), org.dept(id).display_name().to_string())).collect()
        };
        let (before, after) = (names(file), names(recovered));
        let before_keys: HashSet<&String> = before.keys().collect();
        Diff {
            added: after.keys().filter(|k| !before_keys.contains(k)).count(),
            removed: before.keys().filter(|k| !after.contains_key(*k)).count(),
            renamed: after.iter().filter(|(k, name)| before.get(*k).is_some_and(|n| n != *name)).count(),
        }
    }
}

/// A recovery found on start, looked at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub file: PathBuf,
    pub state: Result<Sound, String>,
}

/// A recovery that loads: how old it is, what it changes, and whether it was made on
/// the file as it is now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sound {
    /// Seconds since it was written.
    pub age: u64,
    pub diff: Diff,
    pub base: BaseCheck,
}

/// Reads a recovery's org text: only a regular file (never through a symlink), its
/// header taken off.
pub fn read_recovery(file: &Path, lang: Lang) -> Result<(Option<Header>, String), String> {
    let meta = fs::symlink_metadata(file).map_err(|e| e.to_string())?;
    if !meta.file_type().is_file() {
        return Err(t!("recover.not_regular", locale = lang.code()).into_owned());
    }
    let contents = read_text(file, Limit::Org, lang).map_err(|e| e.to_string())?;
    let (header, body) = split(&contents);
    if let Some(expected) = header.as_ref().and_then(|h| h.text.as_ref())
        && Base::of(body) != *expected
    {
        let (got, want) = (body.len().to_string(), expected.len.to_string());
        return Err(t!("recover.cut_short", locale = lang.code(), got = got, want = want).into_owned());
    }
    let body = body.to_string();
    Ok((header, body))
}

/// Looks at a recovery against the file now (`disk`, its text's base and its org).
pub fn inspect(file: &Path, disk: Option<(&Base, &Org)>, lang: Lang) -> Found {
    let state = read_recovery(file, lang).and_then(|(header, body)| {
        let org = crate::org::load(&body).map_err(|error| {
            let first = error.diagnostics.first().map(|d| d.problem.message(lang)).unwrap_or_default();
            first.to_string()
        })?;
        let written = header.as_ref().and_then(|h| h.written).or_else(|| {
            let modified = fs::symlink_metadata(file).ok()?.modified().ok()?;
            Some(modified.duration_since(UNIX_EPOCH).ok()?.as_secs())
        });
        let base = match (header.and_then(|h| h.base), disk) {
            (Some(made_on), Some((now, _))) if made_on == *now => BaseCheck::Matches,
            (Some(_), _) => BaseCheck::Changed,
            (None, _) => BaseCheck::Unknown,
        };
        let diff = disk.map(|(_, on_disk)| Diff::between(on_disk, &org)).unwrap_or_default();
        Ok(Sound { age: now_secs().saturating_sub(written.unwrap_or(now_secs())), diff, base })
    });
    Found { file: file.to_path_buf(), state }
}

/// The width an offer's text is wrapped to: what a dialog holds on an 80-column
/// terminal.
const OFFER_COLUMNS: usize = 68;

/// How long ago, in words: "5 minutes ago".
pub fn age_text(seconds: u64, lang: Lang) -> String {
    let l = lang.code();
    let (key, count) = match seconds {
        0 => ("recover.age_now", 0),
        s if s < 60 => ("recover.age_seconds", s),
        s if s < 3600 => ("recover.age_minutes", s / 60),
        s if s < 86_400 => ("recover.age_hours", s / 3600),
        s => ("recover.age_days", s / 86_400),
    };
    t!(key, locale = l, count = count).into_owned()
}

/// What the offer of a recovery says: where it is, how old, what it changes, and a
/// warning when the file changed since it was made.
pub fn offer_text(found: &Found, lang: Lang) -> String {
    let l = lang.code();
    let file = shown(&found.file);
    match &found.state {
        Err(problem) => {
            t!("confirm.recover_damaged", locale = l, file = file, problem = crate::text::sanitize(problem))
                .into_owned()
        }
        Ok(sound) => {
            let mut text = t!("confirm.recover", locale = l, file = file, age = age_text(sound.age, lang)).into_owned();
            text.push('\n');
            let Diff { added, removed, renamed } = sound.diff;
            let parts: Vec<String> =
                [("recover.added", added), ("recover.removed", removed), ("recover.renamed", renamed)]
                    .into_iter()
                    .filter(|(_, n)| *n > 0)
                    .map(|(key, n)| t!(key, locale = l, count = lang.number(n)).into_owned())
                    .collect();
            if parts.is_empty() {
                text.push_str(&t!("recover.same_departments", locale = l));
            } else {
                text.push_str(&t!("recover.compared", locale = l, changes = parts.join(", ")));
            }
            match sound.base {
                BaseCheck::Matches => {}
                BaseCheck::Changed => {
                    text.push_str("\n\n");
                    text.push_str(&t!("recover.stale", locale = l));
                    if removed > 0 {
                        text.push(' ');
                        text.push_str(&t!("recover.stale_lost", locale = l, count = lang.number(removed)));
                    }
                }
                BaseCheck::Unknown => {
                    text.push_str("\n\n");
                    text.push_str(&t!("recover.unknown_base", locale = l));
                }
            }
            // Wrapped here, so that each line the dialog counts is a line it draws.
            let lines = text.lines().flat_map(|line| match line {
                "" => vec![String::new()],
                line => crate::text::wrap::wrap(line, OFFER_COLUMNS),
            });
            lines.collect::<Vec<_>>().join("\n")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Closing saves waits for the one writing, then lets none start.
    #[test]
    fn closing_saves_waits_for_the_one_writing_and_lets_none_start() {
        let recovery = Recovery::default();
        assert!(recovery.save_started(false));
        let written = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let save = {
            let (recovery, written) = (recovery.clone(), written.clone());
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(200));
                written.store(true, std::sync::atomic::Ordering::SeqCst);
                recovery.save_ended(None);
            })
        };
        let asked = std::time::Instant::now();
        recovery.close_saves();
        assert!(written.load(std::sync::atomic::Ordering::SeqCst), "waited for the save writing");
        assert!(asked.elapsed() < SAVE_WAIT, "its end, not the time limit, ended the wait");
        save.join().unwrap();
        assert!(!recovery.save_started(false), "no save starts once saves are closed");
        assert!(!recovery.save_started(true), "nor later, on any thread");
    }

    /// A small file is saved on the interface's thread: a recovery written from that
    /// thread meanwhile (by a panic in the save) does not wait the whole limit for
    /// itself, nor does closing saves; another thread still waits for that save.
    #[test]
    fn the_thread_that_saves_never_waits_for_its_own_save() {
        let (_dir, _file, recovery) = pending_edits();
        assert!(recovery.save_started(true));
        let asked = std::time::Instant::now();
        assert!(recovery.write().unwrap().is_some());
        recovery.close_saves();
        assert!(asked.elapsed() < SAVE_WAIT / 2, "it waited for itself: {:?}", asked.elapsed());
        assert!(!recovery.save_started(true), "closed all the same");
        let other = {
            let recovery = recovery.clone();
            std::thread::spawn(move || recovery.wait_for_save())
        };
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert!(!other.is_finished(), "another thread waits for the save");
        recovery.save_ended(None);
        other.join().unwrap();
    }

    /// Told of another file, the recovery keeps nothing of the last one's base: a
    /// recovery made then says its base is unknown, not another file's.
    #[test]
    fn another_source_forgets_the_last_ones_base() {
        let recovery = Recovery::default();
        recovery.set_source(Some(Path::new("/a/b.toml")), Some((1, Base::of("b"))));
        assert_eq!(recovery.base(), Some(Base::of("b")));
        recovery.set_source(Some(Path::new("/a/a.toml")), None);
        assert_eq!(recovery.base(), None);
        assert!(!recovery.has_base(Some(Path::new("/a/a.toml")), 1));
        recovery.set_source(Some(Path::new("/a/a.toml")), Some((2, Base::of("a"))));
        assert_eq!(recovery.base(), Some(Base::of("a")));
    }

    /// A recovery written this very second is "just now", not "0 seconds ago".
    #[test]
    fn a_recoverys_age_reads_as_people_say_it_in_both_languages() {
        let cases = [
            (0, Lang::En, "just now"),
            (0, Lang::Es, "hace un momento"),
            (1, Lang::En, "1 second ago"),
            (5, Lang::Es, "hace 5 segundos"),
            (60, Lang::En, "1 minute ago"),
            (7200, Lang::Es, "hace 2 horas"),
        ];
        for (seconds, lang, said) in cases {
            assert_eq!(age_text(seconds, lang), said, "{seconds} s, {lang:?}");
        }
    }

    /// A recovery for `shop.toml` in a new folder, the file holding `original` as its
    /// base, and the unsaved text `edited` pending beside it.
    fn pending_edits() -> (tempfile::TempDir, PathBuf, Recovery) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("shop.toml");
        fs::write(&file, "original").unwrap();
        let recovery = Recovery::default();
        recovery.set_source(Some(&file), Some((0, Base::of("original"))));
        recovery.set(Some((&recovery_path(&file), "edited")));
        (dir, file, recovery)
    }

    #[test]
    fn recovery_goes_beside_the_file_never_over_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("shop.toml");
        fs::write(&file, "original").unwrap();
        let recovery = Recovery::default();
        assert_eq!(recovery.write().unwrap(), None, "nothing unsaved, nothing written");
        recovery.set_source(Some(&file), Some((0, Base::of("original"))));
        recovery.set(Some((&recovery_path(&file), "edited")));
        let written = recovery.write().unwrap().unwrap();
        assert_eq!(written, dir.path().join(format!(".shop.toml.{}.recovered", instance_tag())));
        let contents = fs::read_to_string(&written).unwrap();
        let (header, body) = split(&contents);
        assert_eq!(body, "edited");
        assert_eq!(header.unwrap().base, Some(Base::of("original")));
        assert_eq!(fs::read_to_string(&file).unwrap(), "original");
        assert_eq!(find(Some(&file), None), vec![written]);
    }

    /// A recovery written while a save writes on its own thread (a signal came) waits
    /// for the save: when it wrote the unsaved text, there is nothing left to keep
    /// aside; when edits came after what it wrote, they are kept, made on the file as
    /// the save left it.
    #[test]
    fn a_recovery_waits_for_a_save_writing_and_is_made_on_what_it_wrote() {
        for edited_meanwhile in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("shop.toml");
            fs::write(&file, "original").unwrap();
            let recovery = Recovery::default();
            recovery.set_source(Some(&file), Some((0, Base::of("original"))));
            let saving = SharedText::from("saved");
            recovery.set(Some((&recovery_path(&file), saving.clone())));
            if edited_meanwhile {
                recovery.set(Some((&recovery_path(&file), SharedText::from("saved, then edited"))));
            }
            recovery.save_started(false);
            let save = {
                let (recovery, file, saving) = (recovery.clone(), file.clone(), saving.clone());
                std::thread::spawn(move || {
                    std::thread::sleep(std::time::Duration::from_millis(200));
                    fs::write(&file, "saved").unwrap();
                    recovery.save_ended(Some((&file, 1, Base::of("saved"), &saving)));
                })
            };
            let asked = std::time::Instant::now();
            let written = recovery.write().unwrap();
            assert!(asked.elapsed() < SAVE_WAIT, "the end of the save, not the time limit, ended the wait");
            assert_eq!(fs::read_to_string(&file).unwrap(), "saved", "the recovery waited for the save");
            save.join().unwrap();
            match written {
                None => assert!(!edited_meanwhile, "edits made during the save are kept aside"),
                Some(written) => {
                    assert!(edited_meanwhile, "nothing is unsaved once the save wrote the unsaved text");
                    let contents = fs::read_to_string(&written).unwrap();
                    let (header, body) = split(&contents);
                    assert_eq!(body, "saved, then edited");
                    assert_eq!(header.unwrap().base, Some(Base::of("saved")), "made on the file as saved");
                }
            }
        }
    }

    /// Once the app's end wrote the unsaved text aside (or it quit), no other write
    /// starts: a second way of ending at once, such as SIGHUP and the terminal's
    /// hang-up, would be cut short by the end of the process and leave its temporary
    /// file beside the user's file.
    #[test]
    fn after_the_end_no_other_write_of_the_recovery_starts() {
        for written_at_the_end in [true, false] {
            let (dir, file, recovery) = pending_edits();
            if written_at_the_end {
                recovery.write_for_the_end("");
            } else {
                recovery.settle();
            }
            let names = || {
                let mut names: Vec<String> =
                    fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
                names.sort();
                names
            };
            let at_the_end = names();
            let expected = if written_at_the_end {
                vec![format!(".shop.toml.{}.recovered", instance_tag()), "shop.toml".to_string()]
            } else {
                vec!["shop.toml".to_string()]
            };
            assert_eq!(at_the_end, expected);
            assert_eq!(fs::read_to_string(&file).unwrap(), "original");
            // A write that was waiting for the unsaved text never gets it...
            assert!(
                matches!(recovery.pending.try_lock(), Err(std::sync::TryLockError::WouldBlock)),
                "the unsaved text stays locked until the process ends"
            );
            // ...and one asked for from now on (a panic as the process ends) returns
            // at once, with nothing written.
            let other = recovery.clone();
            assert_eq!(std::thread::spawn(move || other.write()).join().unwrap().unwrap(), None);
            recovery.write_for_the_end("");
            assert_eq!(names(), at_the_end, "nothing more is written beside the file");
        }
    }

    /// A save that failed leaves the recovery as it was, and no longer holds it up.
    #[test]
    fn a_failed_save_leaves_the_recovery_as_it_was() {
        let (_dir, _file, recovery) = pending_edits();
        recovery.save_started(false);
        recovery.save_ended(None);
        let asked = std::time::Instant::now();
        let written = recovery.write().unwrap().unwrap();
        assert!(asked.elapsed() < SAVE_WAIT, "a save that ended holds nothing up");
        let contents = fs::read_to_string(&written).unwrap();
        assert_eq!(split(&contents).0.unwrap().base, Some(Base::of("original")));
    }

    /// An edit made while the recovery holds the unsaved text leaves it holding the
    /// edited text, and so does an edit that panics: a signal then still finds the
    /// unsaved edits to write.
    #[test]
    fn an_edit_leaves_the_recovery_holding_the_documents_text_even_when_it_panics() {
        use crate::org::edit::Edit;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("shop.toml");
        let text = "[company]\nname = \"Shop\"\n\n[org.a]\nname = \"A\"\n";
        fs::write(&file, text).unwrap();
        let mut doc = Document::from_text(Some(file.clone()), text.into()).unwrap();
        let recovery = Recovery::default();
        recovery.set_source(Some(&file), Some((0, Base::of(text))));
        recovery.set(Some((&recovery_path(&file), doc.text.clone())));
        let rename = |name: &str| Edit::Rename { path: vec!["a".into()], name: name.into() };
        recovery.editing(&mut doc, |doc| doc.apply(&rename("Renamed")).unwrap());
        let body = |written: PathBuf| split(&fs::read_to_string(written).unwrap()).1.to_string();
        assert_eq!(body(recovery.write().unwrap().unwrap()), doc.text.as_str());
        assert!(doc.text.contains("Renamed"));
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            recovery.editing(&mut doc, |doc| {
                doc.apply(&rename("Again")).unwrap();
                panic!("an edit that fails half-way");
            })
        }));
        assert!(panicked.is_err());
        assert!(doc.text.contains("Again"));
        // Written aside by the edit that panicked, with the text it left.
        assert_eq!(body(recovery_path(&file)), doc.text.as_str());
        assert_eq!(body(recovery.write().unwrap().unwrap()), doc.text.as_str(), "the lock is not poisoned either");
        // What the panic hook does on the editing thread: no wait for the edit itself.
        let from_the_edit = recovery.editing(&mut doc, |_| recovery.write().unwrap());
        assert_eq!(from_the_edit, None);
        // And on a thread that helps the edit, which the edit waits for: no wait
        // either. (Not a scoped thread: should it wait, the test fails instead of
        // waiting for ever.)
        let write_on = |thread: std::thread::Builder| {
            let (done, finished) = std::sync::mpsc::channel();
            let helper = recovery.clone();
            let _ = thread.spawn(move || {
                let written = helper.write_with(None, &mut |file, bytes| file.write_all(bytes));
                let _ = done.send(written.map(|w| w.map(|w| w.file)).map_err(|e| e.to_string()));
            });
            finished
        };
        let from_a_helper = recovery.editing(&mut doc, |_| {
            write_on(std::thread::Builder::new()).recv_timeout(std::time::Duration::from_secs(10))
        });
        assert_eq!(from_a_helper, Ok(Ok(None)), "the helper did not wait for the edit");
        // Once the edit is over, a write from any thread writes.
        let after = write_on(std::thread::Builder::new()).recv_timeout(std::time::Duration::from_secs(10));
        assert_eq!(after, Ok(Ok(Some(recovery_path(&file)))));
    }

    #[test]
    fn the_header_reads_back_and_a_file_without_one_is_all_text() {
        let header = header_text("[org.a]\n", Some(&Base::of("x")), Some(Path::new("/a\nb.toml")), 42);
        assert_eq!(header.lines().count(), 2, "a newline in the name stays escaped: {header}");
        let contents = format!("{header}[org.a]\n");
        let (parsed, body) = split(&contents);
        let text = Some(Base::of("[org.a]\n"));
        assert_eq!(parsed, Some(Header { base: Some(Base::of("x")), text, written: Some(42) }));
        assert_eq!(body, "[org.a]\n");
        assert_eq!(
            split("# frontback recovery: but no second line"),
            (None, "# frontback recovery: but no second line")
        );
        assert_eq!(split("[org.a]\n"), (None, "[org.a]\n"));
    }

    #[test]
    fn only_names_of_this_file_are_recognised() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.toml");
        for name in [
            ".a.toml.recovered",
            ".a.toml.12-ab.recovered",
            ".a.toml.x.12-ab.recovered",
            ".a.toml.12-ab.recovered.tmp",
            ".b.toml.12-ab.recovered",
        ] {
            fs::write(dir.path().join(name), "").unwrap();
        }
        let names: Vec<String> =
            find(Some(&file), None).iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(names, [".a.toml.12-ab.recovered", ".a.toml.recovered"]);
    }
}
