//! Writing an org file safely (SPEC §7) and noticing that someone else changed it.
//!
//! A save normally writes the new text to a temporary file in the same folder, gives
//! it the original's permissions, owner, group and extended attributes, syncs it and
//! renames it over the original, so that a failed save leaves the original as it was.
//! When the new file could not be given the original's identity — the file has other
//! hard links, belongs to someone the process cannot give a file to, or has an
//! attribute that cannot be copied — or when the folder cannot hold a temporary file,
//! the file is written *in place* instead, as vim's `backupcopy=auto` does: a backup
//! copy is written first (in the same folder, else the data folder), the file is
//! overwritten, truncated and synced, and the backup removed; if that fails the
//! original bytes are put back and the error says so. A symlinked file is saved
//! through to its target. A file nobody may write (no write bit, or no permission for
//! this process) is refused, never replaced.
//!
//! [`DiskStamp`] records a file's modification time, length, identity (device, inode
//! and change time) and a SHA-256 of its bytes: the metadata is a cheap hint that the
//! file may have changed, the hash decides whether it did. A stamp is *settled* once a
//! later look, long enough after the file's last change, found the same metadata and
//! the same bytes ([`DiskStamp::settle`]): from then on any change to the file moves
//! its change time or its inode (the system sets the change time on every write,
//! `touch -r` and `cp -p` included, and nobody can set it back), so a settled stamp
//! whose metadata still matches vouches for the bytes without reading them. See
//! [`SETTLE_AFTER`] for why the wait.

use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};

use crate::text::{Lang, t};

/// The SHA-256 of a file's bytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContentHash(pub [u8; 32]);

impl ContentHash {
    /// The hash of some bytes.
    pub fn of(bytes: &[u8]) -> ContentHash {
        ContentHash(Sha256::digest(bytes).into())
    }

    /// The hash in lower-case hexadecimal.
    pub fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl std::fmt::Debug for ContentHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ContentHash({})", &self.hex()[..16])
    }
}

/// Which file a path names, and when that file last changed in any way: the device
/// and inode, and the change time (`ctime`) the system sets on every write, rename,
/// truncation or change of times, and that no program can set back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Identity {
    pub device: u64,
    pub inode: u64,
    pub changed: (i64, i64),
}

impl Identity {
    #[cfg(unix)]
    fn of(meta: &Metadata) -> Option<Identity> {
        use std::os::unix::fs::MetadataExt;
        Some(Identity { device: meta.dev(), inode: meta.ino(), changed: (meta.ctime(), meta.ctime_nsec()) })
    }

    #[cfg(not(unix))]
    fn of(_: &Metadata) -> Option<Identity> {
        None
    }
}

/// What a file looked like on disk when it was read or written: its bytes' hash and
/// length decide whether someone else changed it since; its modification time,
/// length and identity are looked at first, because they cost nothing.
#[derive(Clone, Copy, Debug)]
pub struct DiskStamp {
    pub modified: Option<SystemTime>,
    pub len: u64,
    pub hash: ContentHash,
    pub identity: Option<Identity>,
    /// Whether a look long enough after the file's last change found these bytes
    /// under this metadata (see [`DiskStamp::settle`]): only then does unchanged
    /// metadata vouch for unchanged bytes.
    pub settled: bool,
}

/// Two stamps are equal when they say the same about the file, settled or not.
impl PartialEq for DiskStamp {
    fn eq(&self, other: &DiskStamp) -> bool {
        self.metadata() == other.metadata() && self.hash == other.hash
    }
}

impl Eq for DiskStamp {}

/// How long after a file's last change its metadata is looked at again before a
/// stamp is settled. Two changes get the same change time only when they fall in the
/// same tick of the file system's clock: a tick of the kernel's coarse clock (at most
/// 10 ms on Linux) within the file system's own granularity (a nanosecond on ext4,
/// XFS, Btrfs and tmpfs; 10 ms on exFAT). A change time with no fraction of a second
/// may come from a file system that keeps whole seconds (or FAT's two): there the
/// wait is [`SETTLE_AFTER_COARSE`]. Only time elapsed on this machine is compared,
/// never this machine's clock with the file system's, so a network file system's
/// clock may be off by any amount.
pub const SETTLE_AFTER: Duration = Duration::from_millis(100);

/// [`SETTLE_AFTER`] for a file system that keeps whole seconds.
pub const SETTLE_AFTER_COARSE: Duration = Duration::from_millis(2500);

impl DiskStamp {
    /// The stamp of a file whose bytes are known (just read, or just written): its
    /// metadata now, and the hash of `bytes`. Not settled: the file may have changed
    /// between reading the bytes and looking at it.
    pub fn of_bytes(path: &Path, bytes: &[u8]) -> DiskStamp {
        let meta = fs::metadata(path).ok();
        DiskStamp::of_metadata(meta.as_ref(), bytes.len() as u64, ContentHash::of(bytes))
    }

    fn of_metadata(meta: Option<&Metadata>, len: u64, hash: ContentHash) -> DiskStamp {
        DiskStamp {
            modified: meta.and_then(|m| m.modified().ok()),
            len,
            hash,
            identity: meta.and_then(Identity::of),
            settled: false,
        }
    }

    /// The stamp of the file now, read and hashed; `None` when it cannot be read
    /// (gone, say, or not a regular file).
    pub fn of(path: &Path) -> Option<DiskStamp> {
        DiskStamp::read(path).ok()
    }

    /// [`DiskStamp::of`], with the reason when the file cannot be read. The stamp is
    /// of the bytes read only when the file's metadata was the same before and after
    /// reading them; otherwise its metadata is the later one, so that it differs from
    /// the file's own when the file was changed while being read.
    pub fn read(path: &Path) -> io::Result<DiskStamp> {
        let mut file = open_regular(path)?;
        let before = file.metadata()?;
        let mut hasher = Sha256::new();
        let mut buffer = vec![0; 1 << 16];
        let mut len = 0u64;
        loop {
            match file.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => {
                    hasher.update(&buffer[..n]);
                    len += n as u64;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        let hash = ContentHash(hasher.finalize().into());
        let after = file.metadata()?;
        let meta = if same_metadata(&before, &after) { before } else { after };
        Ok(DiskStamp::of_metadata(Some(&meta), len, hash))
    }

    /// Whether the file's metadata is still the stamp's (modification time, length
    /// and, where the system tells them, inode and change time): when it is not, the
    /// file may have changed and is worth hashing again.
    pub fn looks_unchanged(&self, path: &Path) -> bool {
        fs::metadata(path)
            .is_ok_and(|m| self.metadata() == DiskStamp::of_metadata(Some(&m), m.len(), self.hash).metadata())
    }

    /// Whether the file surely still holds the stamp's bytes without reading them: the
    /// stamp is settled and the file's metadata, looked at through a new handle (which
    /// makes a network file system ask its server), is still the stamp's. `false`
    /// means only that the bytes must be compared.
    pub fn vouches_for(&self, path: &Path) -> bool {
        self.settled
            && self.identity.is_some()
            && open_regular(path)
                .and_then(|f| f.metadata())
                .is_ok_and(|m| DiskStamp::of_metadata(Some(&m), m.len(), self.hash).metadata() == self.metadata())
    }

    /// Whether two stamps are of the same bytes, whatever their times.
    pub fn same_content(&self, other: &DiskStamp) -> bool {
        self.len == other.len && self.hash == other.hash
    }

    fn metadata(&self) -> (Option<SystemTime>, u64, Option<Identity>) {
        (self.modified, self.len, self.identity)
    }

    /// How long to wait after the file's last change before looking again.
    fn settle_after(&self) -> Duration {
        match self.identity {
            Some(Identity { changed: (_, 0), .. }) | None => SETTLE_AFTER_COARSE,
            Some(_) => SETTLE_AFTER,
        }
    }

    /// Settles the stamp on a thread of its own: waits [`SETTLE_AFTER`] from now, then
    /// reads and hashes the file again and checks that its metadata did not move
    /// meanwhile. The stamp comes back settled when the file still holds the same bytes
    /// under the same metadata; it comes back not at all when anything differs (the
    /// file changed: comparing bytes, as before, tells).
    ///
    /// Why that is enough: the file's metadata was the stamp's when it was taken (just
    /// before this call), and still is after the wait and the reading. Any change to the
    /// file sets its change time; a later change keeps the same change time only if it
    /// falls within the same tick of the file system's clock as the last change before
    /// the stamp. A change within that tick came before the reading, which starts one
    /// whole wait later, so the bytes read show it (or the metadata moved). A change
    /// after the reading is more than a tick later, so its change time differs.
    pub fn settle(self, path: &Path) -> Settling {
        let settling = Settling { stamp: self, result: Arc::new(OnceLock::new()) };
        if self.settled {
            let _ = settling.result.set(Some(self));
            return settling;
        }
        let result = Arc::clone(&settling.result);
        let path = path.to_path_buf();
        let spawned = std::thread::Builder::new().name("settle-stamp".into()).spawn(move || {
            let started = std::time::Instant::now();
            let unmoved = |stamp: &DiskStamp| {
                open_regular(&path)
                    .and_then(|f| f.metadata())
                    .is_ok_and(|m| DiskStamp::of_metadata(Some(&m), m.len(), stamp.hash).metadata() == stamp.metadata())
            };
            let mut settled = None;
            if self.identity.is_some() && unmoved(&self) {
                std::thread::sleep(self.settle_after().saturating_sub(started.elapsed()));
                if DiskStamp::read(&path).is_ok_and(|again| again == self) && unmoved(&self) {
                    settled = Some(DiskStamp { settled: true, ..self });
                }
            }
            let _ = result.set(settled);
        });
        if spawned.is_err() {
            let _ = settling.result.set(None);
        }
        settling
    }
}

/// A stamp being settled on a thread of its own ([`DiskStamp::settle`]).
#[derive(Clone, Debug)]
pub struct Settling {
    /// The stamp being settled.
    pub stamp: DiskStamp,
    result: Arc<OnceLock<Option<DiskStamp>>>,
}

impl Settling {
    /// The settled stamp, once the file was found unchanged; `None` while it is being
    /// looked at, or when it was not.
    pub fn settled(&self) -> Option<DiskStamp> {
        self.result.get().copied().flatten()
    }

    /// Whether the look is over, whatever it found.
    pub fn is_done(&self) -> bool {
        self.result.get().is_some()
    }
}

/// The name of the thread a [`Saving`] runs on.
pub const SAVE_THREAD: &str = "save";

/// Whether the calling thread is a [`Saving`]'s.
pub fn on_save_thread() -> bool {
    std::thread::current().name() == Some(SAVE_THREAD)
}

/// What a save whose thread panicked says went wrong.
const STOPPED: &str = "the saving thread stopped";

/// A save ([`save_atomic`]) running on a thread of its own, so that whoever started it
/// goes on while the disk writes and syncs the text. Dropping the last clone of it
/// waits for the save to end: a save once started is never cut off halfway.
#[derive(Clone, Debug)]
pub struct Saving {
    /// The file being written.
    pub path: PathBuf,
    thread: Arc<SaveThread>,
}

/// The thread of a [`Saving`], joined when it is let go.
#[derive(Debug)]
struct SaveThread(std::sync::Mutex<Option<std::thread::JoinHandle<Result<DiskStamp, SaveError>>>>);

impl Drop for SaveThread {
    fn drop(&mut self) {
        if let Some(thread) = self.0.get_mut().unwrap_or_else(std::sync::PoisonError::into_inner).take() {
            let _ = thread.join();
        }
    }
}

impl Saving {
    /// Starts saving `text` to `path` on a thread of its own, which then calls `after`
    /// with how it went; when no thread can be started, the save fails as having found
    /// no way to write (and `after` is not called).
    pub fn start<T, F>(path: &Path, text: T, after: F) -> Result<Saving, SaveError>
    where
        T: AsRef<str> + Send + 'static,
        F: FnOnce(&Result<DiskStamp, SaveError>) + Send + 'static,
    {
        let owned = path.to_path_buf();
        let thread = std::thread::Builder::new()
            .name(SAVE_THREAD.into())
            .spawn(move || {
                // `after` hears of a panic too, as a failed save that says what stopped it.
                let result =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| save_atomic(&owned, text.as_ref())))
                        .unwrap_or_else(|panic| {
                            let said = panic
                                .downcast_ref::<&str>()
                                .copied()
                                .or_else(|| panic.downcast_ref::<String>().map(String::as_str));
                            let why = said.map_or_else(|| STOPPED.to_string(), |said| format!("{STOPPED}: {said}"));
                            Err(SaveError::io(&owned, Step::Write, io::Error::other(why)))
                        });
                after(&result);
                result
            })
            .map_err(|error| SaveError::io(path, Step::Write, error))?;
        Ok(Saving { path: path.to_path_buf(), thread: Arc::new(SaveThread(std::sync::Mutex::new(Some(thread)))) })
    }

    /// Whether the save is over, whatever came of it (and so [`Saving::wait`] will
    /// not wait).
    pub fn is_done(&self) -> bool {
        self.handle().as_ref().is_none_or(std::thread::JoinHandle::is_finished)
    }

    /// Waits for the save to end and says how it went; `None` when a clone of it
    /// was waited for already.
    pub fn wait(&self) -> Option<Result<DiskStamp, SaveError>> {
        let thread = self.handle().take()?;
        Some(thread.join().unwrap_or_else(|_| Err(SaveError::io(&self.path, Step::Write, io::Error::other(STOPPED)))))
    }

    fn handle(&self) -> std::sync::MutexGuard<'_, Option<std::thread::JoinHandle<Result<DiskStamp, SaveError>>>> {
        self.thread.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Opens a regular file for reading; anything else (a FIFO, whose opening would wait
/// for a writer, a folder, a device) is refused before it is opened.
fn open_regular(path: &Path) -> io::Result<File> {
    if !fs::metadata(path)?.is_file() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"));
    }
    File::open(path)
}

fn same_metadata(a: &Metadata, b: &Metadata) -> bool {
    a.len() == b.len() && a.modified().ok() == b.modified().ok() && Identity::of(a) == Identity::of(b)
}

/// Why a save failed. The message names the user's file (never a temporary file
/// alone) and says in full what went wrong ([`SaveError::reason`], in either
/// language; in English as it displays); the file on disk is as it was.
#[derive(Debug, thiserror::Error)]
#[error("cannot save {}: {}", file.display(), why.said(Lang::En))]
pub struct SaveError {
    /// The file the user saves to.
    pub file: PathBuf,
    why: Why,
}

/// What went wrong in a save.
#[derive(Debug)]
enum Why {
    /// A step failed, for the system's reason.
    Step(Step, io::Error),
    Folder,
    NotRegular,
    ReadOnly,
    /// A new file, and its folder cannot hold a file.
    FolderNotWritable(PathBuf, io::Error),
    /// Written in place, the text could not be written; the original bytes went back.
    PutBack(io::Error),
    /// Nor could the original bytes go back; they are kept in a copy, if one was made.
    NotPutBack {
        error: io::Error,
        again: io::Error,
        copy: Option<PathBuf>,
    },
}

/// The steps of a save that may fail, each with its words in `locales/core.toml`.
#[derive(Clone, Copy, Debug)]
enum Step {
    FollowLink,
    LookAt,
    Write,
    SetPermissions,
    Sync,
    Rename,
    PutInPlace,
    ReadBefore,
    OpenForWriting,
}

impl Step {
    fn key(self) -> &'static str {
        match self {
            Step::FollowLink => "save.step.follow_link",
            Step::LookAt => "save.step.look_at",
            Step::Write => "save.step.write",
            Step::SetPermissions => "save.step.set_permissions",
            Step::Sync => "save.step.sync",
            Step::Rename => "save.step.rename",
            Step::PutInPlace => "save.step.put_in_place",
            Step::ReadBefore => "save.step.read_before",
            Step::OpenForWriting => "save.step.open_for_writing",
        }
    }
}

impl Why {
    fn said(&self, lang: Lang) -> String {
        let l = lang.code();
        let cause = |error: &io::Error| system_cause(error, lang);
        match self {
            Why::Step(step, error) => format!("{}: {}", t!(step.key(), locale = l), cause(error)),
            Why::Folder => t!("save.folder", locale = l).into_owned(),
            Why::NotRegular => t!("save.not_regular", locale = l).into_owned(),
            Why::ReadOnly => t!("save.read_only", locale = l).into_owned(),
            Why::FolderNotWritable(folder, error) => {
                t!("save.folder_not_writable", locale = l, folder = folder.display(), error = cause(error)).into_owned()
            }
            Why::PutBack(error) => t!("save.put_back", locale = l, error = cause(error)).into_owned(),
            Why::NotPutBack { error, again, copy: Some(copy) } => t!(
                "save.not_put_back_copy",
                locale = l,
                error = cause(error),
                again = cause(again),
                copy = copy.display()
            )
            .into_owned(),
            Why::NotPutBack { error, again, copy: None } => {
                t!("save.not_put_back", locale = l, error = cause(error), again = cause(again)).into_owned()
            }
        }
    }
}

/// The system's reason for a failed step in `lang`: for the kinds only a write meets
/// and permission, the save's own words (short, to go inside its sentences); else as
/// [`crate::text::system_reason`] says it; else the system's own, in English.
fn system_cause(error: &io::Error, lang: Lang) -> String {
    let key = match error.kind() {
        io::ErrorKind::PermissionDenied => "save.cause.permission_denied",
        io::ErrorKind::StorageFull => "save.cause.storage_full",
        io::ErrorKind::ReadOnlyFilesystem => "save.cause.read_only_filesystem",
        io::ErrorKind::QuotaExceeded => "save.cause.quota_exceeded",
        // Said by kind alone: the error of a temporary file that could not be made
        // comes without the system's code (`tempfile` wraps it with the file's name).
        io::ErrorKind::NotFound => "read.not_found",
        _ => return crate::text::system_reason_or_own(error, lang, crate::text::Access::Write),
    };
    t!(key, locale = lang.code()).into_owned()
}

impl SaveError {
    fn new(file: &Path, why: Why) -> SaveError {
        SaveError { file: file.to_path_buf(), why }
    }

    fn io(file: &Path, step: Step, error: io::Error) -> SaveError {
        SaveError::new(file, Why::Step(step, error))
    }

    /// What a save of a new file says when someone made the file meanwhile, between
    /// the check and the write: for tests of what the app does then.
    #[cfg(test)]
    pub(crate) fn made_meanwhile(file: &Path) -> SaveError {
        SaveError::io(file, Step::PutInPlace, io::Error::from(io::ErrorKind::AlreadyExists))
    }

    /// Whether a file was made meanwhile where a new one was to go.
    pub fn already_exists(&self) -> bool {
        matches!(&self.why, Why::Step(_, error) | Why::PutBack(error) | Why::NotPutBack { error, .. }
            if error.kind() == io::ErrorKind::AlreadyExists)
    }

    /// What went wrong, without the file's name, in `lang`.
    pub fn reason(&self, lang: Lang) -> String {
        self.why.said(lang)
    }

    /// Whether the file was refused because nobody may write it.
    pub fn is_read_only(&self) -> bool {
        matches!(self.why, Why::ReadOnly)
    }
}

/// A step of a save made to fail, for tests of what a failed save leaves behind.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The folder cannot hold a temporary file (a read-only folder, for a process
    /// that may write the file itself).
    NoTempFile,
    /// Writing the text fails halfway.
    Write,
    /// Syncing the written file fails.
    Sync,
    /// Renaming the temporary file over the original fails.
    Rename,
}

/// Writes `text` to `path` safely and returns the new stamp.
pub fn save_atomic(path: &Path, text: &str) -> Result<DiskStamp, SaveError> {
    save_inner(path, text, &mut |file, text| file.write_all(text.as_bytes()), None)
}

/// [`save_atomic`] with the writing step given, so that tests can make it fail.
pub fn save_with(
    path: &Path,
    text: &str,
    mut write: impl FnMut(&mut File, &str) -> io::Result<()>,
) -> Result<DiskStamp, SaveError> {
    save_inner(path, text, &mut write, None)
}

/// [`save_atomic`] with one step made to fail.
#[doc(hidden)]
pub fn save_failing(path: &Path, text: &str, fault: Fault) -> Result<DiskStamp, SaveError> {
    save_inner(path, text, &mut |file, text| file.write_all(text.as_bytes()), Some(fault))
}

/// Whether nobody may write the file: it has no write bit at all, or this process
/// lacks the permission. Such a file is refused rather than replaced.
pub fn is_read_only(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|meta| meta.is_file() && read_only(path, &meta))
}

/// Whether two paths name one file: the same path, or, where both exist, one file
/// under another spelling (`./`, `..`), a symbolic link or a hard link.
///
/// A path to a file not made yet is the same as another when both name one place
/// in the same folder.
pub fn is_same_file(a: &Path, b: &Path) -> bool {
    if a == b {
        return true;
    }
    if let (Ok(a), Ok(b)) = (fs::metadata(a), fs::metadata(b))
        && let (Some(a), Some(b)) = (Identity::of(&a), Identity::of(&b))
    {
        return (a.device, a.inode) == (b.device, b.inode);
    }
    matches!((resolved(a), resolved(b)), (Some(a), Some(b)) if a == b)
}

/// The path's place with its folder's links and `..` resolved, whether or not the
/// file itself exists; `None` when its folder does not exist either.
fn resolved(path: &Path) -> Option<std::path::PathBuf> {
    fs::canonicalize(path).ok().or_else(|| {
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        Some(fs::canonicalize(folder).ok()?.join(path.file_name()?))
    })
}

/// Whether a new file may be made in `folder` (an empty path is the current folder):
/// saving a new file needs to write a temporary file there.
pub fn can_create_in(folder: &Path) -> bool {
    let folder = if folder.as_os_str().is_empty() { Path::new(".") } else { folder };
    if !folder.is_dir() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let Ok(name) = std::ffi::CString::new(folder.as_os_str().as_bytes()) else { return false };
        // SAFETY: `name` is a valid NUL-terminated string for the duration of the call.
        unsafe { libc::access(name.as_ptr(), libc::W_OK | libc::X_OK) == 0 }
    }
    #[cfg(not(unix))]
    {
        !fs::metadata(folder).is_ok_and(|meta| meta.permissions().readonly())
    }
}

type Writer<'a> = dyn FnMut(&mut File, &str) -> io::Result<()> + 'a;

fn save_inner(path: &Path, text: &str, write: &mut Writer<'_>, fault: Option<Fault>) -> Result<DiskStamp, SaveError> {
    let target = resolve(path).map_err(|e| SaveError::io(path, Step::FollowLink, e))?;
    let old = match fs::metadata(&target) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(SaveError::io(path, Step::LookAt, e)),
    };
    if let Some(meta) = &old {
        if meta.is_dir() {
            return Err(SaveError::new(path, Why::Folder));
        }
        if !meta.is_file() {
            return Err(SaveError::new(path, Why::NotRegular));
        }
        if read_only(&target, meta) {
            return Err(SaveError::new(path, Why::ReadOnly));
        }
    }
    let in_place = old.as_ref().is_some_and(must_write_in_place);
    // The text is hashed on a second thread while it is written and synced: the
    // stamp needs its hash, and the disk, not the processor, is what a save waits on.
    std::thread::scope(|scope| {
        let hashing = (text.len() >= PARALLEL_HASH_FROM)
            .then(|| std::thread::Builder::new().spawn_scoped(scope, || ContentHash::of(text.as_bytes())).ok())
            .flatten();
        let written = write_somehow(path, &target, text, old.as_ref(), in_place, write, fault)?;
        let hash = hashing.and_then(|h| h.join().ok()).unwrap_or_else(|| ContentHash::of(text.as_bytes()));
        // The stamp is of the file written, looked at through its own handle: should
        // someone replace it right after, the stamp is not theirs.
        let meta = written.metadata().or_else(|_| fs::metadata(&target)).ok();
        Ok(DiskStamp::of_metadata(meta.as_ref(), text.len() as u64, hash))
    })
}

/// From how many bytes the text is hashed on a thread of its own while it is written.
const PARALLEL_HASH_FROM: usize = 1 << 20;

/// Replaces the file through a temporary one, else (when that cannot keep its
/// identity) writes it in place; returns the file written.
fn write_somehow(
    path: &Path,
    target: &Path,
    text: &str,
    old: Option<&Metadata>,
    in_place: bool,
    write: &mut Writer<'_>,
    fault: Option<Fault>,
) -> Result<File, SaveError> {
    if !in_place {
        match replace(path, target, text, old, write, fault) {
            Ok(file) => return Ok(file),
            Err(Replace::Failed(error)) => return Err(error),
            Err(Replace::NoTempFile(folder, error)) if old.is_none() => {
                return Err(SaveError::new(path, Why::FolderNotWritable(folder, error)));
            }
            Err(Replace::NoTempFile(..) | Replace::InPlace) => {}
        }
    }
    write_in_place(path, target, text, write, fault)
}

/// How replacing the file through a temporary one ended, when it did not.
enum Replace {
    /// The new file could not be made to be the old one: write in place instead.
    InPlace,
    /// The folder cannot hold a new file: write in place, if there is a file.
    NoTempFile(PathBuf, io::Error),
    /// The save failed; the original is untouched.
    Failed(SaveError),
}

/// Writes a temporary file beside the original, makes it the original's twin and
/// renames it over the original.
fn replace(
    path: &Path,
    target: &Path,
    text: &str,
    old: Option<&Metadata>,
    write: &mut Writer<'_>,
    fault: Option<Fault>,
) -> Result<File, Replace> {
    let folder = folder_of(target);
    let failed = |step: Step, e: io::Error| Replace::Failed(SaveError::io(path, step, e));
    let name = target.file_name().map_or("org".into(), |n| n.to_string_lossy());
    let made = if fault == Some(Fault::NoTempFile) {
        Err(io::Error::from(io::ErrorKind::PermissionDenied))
    } else {
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        // A new file gets the permissions any editor gives one: 0666 less the umask,
        // which the system applies as it creates the file. A file that is replaced
        // starts private and is given the original's permissions below.
        #[cfg(unix)]
        if old.is_none() {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        builder.tempfile_in(&folder)
    };
    let mut temp = match made {
        Ok(temp) => temp,
        Err(e) => {
            return Err(Replace::NoTempFile(folder, io::Error::from(e.kind())));
        }
    };
    write_text(temp.as_file_mut(), text, write, fault).map_err(|e| failed(Step::Write, e))?;
    if let Some(meta) = old {
        temp.as_file().set_permissions(meta.permissions()).map_err(|e| failed(Step::SetPermissions, e))?;
        if copy_identity(meta, target, temp.as_file()).is_err() {
            return Err(Replace::InPlace);
        }
    }
    sync(temp.as_file(), fault).map_err(|e| failed(Step::Sync, e))?;
    if fault == Some(Fault::Rename) {
        return Err(failed(Step::Rename, io::Error::other("injected rename failure")));
    }
    let written = if old.is_some() {
        // The replaced file is held open across the rename and let go on a thread of
        // its own: the system frees a large file's blocks when its last handle closes,
        // which takes as long as writing it, and nothing waits on that.
        let replaced = File::open(target).ok();
        let written = temp.persist(target).map_err(|e| failed(Step::Rename, e.error))?;
        if let Some(replaced) = replaced {
            let _ = std::thread::Builder::new().name("free-replaced".into()).spawn(move || drop(replaced));
        }
        written
    } else {
        // A new file never replaces one made meanwhile by someone else: that one is
        // left alone and the save fails, saying the file exists now.
        temp.persist_noclobber(target).map_err(|e| failed(Step::PutInPlace, e.error))?
    };
    if let Ok(dir) = File::open(&folder) {
        let _ = dir.sync_all();
    }
    Ok(written)
}

/// Writes the text with the given writer (which a fault makes stop halfway).
fn write_text(file: &mut File, text: &str, write: &mut Writer<'_>, fault: Option<Fault>) -> io::Result<()> {
    if fault == Some(Fault::Write) {
        let half = (0..=text.len() / 2).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        file.write_all(&text.as_bytes()[..half])?;
        return Err(io::Error::other("injected write failure"));
    }
    write(file, text)?;
    file.flush()
}

fn sync(file: &File, fault: Option<Fault>) -> io::Result<()> {
    if fault == Some(Fault::Sync) {
        return Err(io::Error::other("injected sync failure"));
    }
    file.sync_all()
}

/// Overwrites the file itself, after a backup copy; puts the original bytes back if
/// anything fails.
fn write_in_place(
    path: &Path,
    target: &Path,
    text: &str,
    write: &mut Writer<'_>,
    fault: Option<Fault>,
) -> Result<File, SaveError> {
    let original = fs::read(target).map_err(|e| SaveError::io(path, Step::ReadBefore, e))?;
    let mut file =
        OpenOptions::new().write(true).open(target).map_err(|e| SaveError::io(path, Step::OpenForWriting, e))?;
    let backup = backup_copy(target, &original);
    let written = write_text(&mut file, text, write, fault)
        .and_then(|()| file.set_len(text.len() as u64))
        .and_then(|()| sync(&file, fault));
    let Err(error) = written else {
        return Ok(file);
    };
    let restored = put_back(&mut file, &original);
    let why = match restored {
        Ok(()) => Why::PutBack(error),
        Err(again) => {
            let copy = backup.and_then(|backup| backup.keep().ok()).map(|(_, kept)| kept);
            Why::NotPutBack { error, again, copy }
        }
    };
    Err(SaveError::new(path, why))
}

fn put_back(file: &mut File, original: &[u8]) -> io::Result<()> {
    use std::io::{Seek, SeekFrom};
    file.seek(SeekFrom::Start(0))?;
    file.write_all(original)?;
    file.set_len(original.len() as u64)?;
    file.sync_all()
}

/// A synced copy of the original bytes, in the file's folder, else the data folder;
/// removed when dropped. `None` when neither can hold one: the bytes are still kept in
/// memory to put back.
fn backup_copy(target: &Path, original: &[u8]) -> Option<tempfile::NamedTempFile> {
    let name = target.file_name().map_or("org".into(), |n| n.to_string_lossy());
    let data = crate::paths::data_folder().filter(|d| fs::create_dir_all(d).is_ok());
    [Some(folder_of(target)), data].into_iter().flatten().find_map(|folder| {
        let mut backup =
            tempfile::Builder::new().prefix(&format!(".{name}.")).suffix(".backup").tempfile_in(folder).ok()?;
        backup.write_all(original).ok()?;
        backup.as_file().sync_all().ok()?;
        Some(backup)
    })
}

fn folder_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(unix)]
fn read_only(path: &Path, meta: &Metadata) -> bool {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::PermissionsExt;
    if meta.permissions().mode() & 0o222 == 0 {
        return true;
    }
    let Ok(name) = std::ffi::CString::new(path.as_os_str().as_bytes()) else { return false };
    // SAFETY: `name` is a valid NUL-terminated string for the duration of the call.
    unsafe { libc::access(name.as_ptr(), libc::W_OK) != 0 }
}

#[cfg(not(unix))]
fn read_only(_: &Path, meta: &Metadata) -> bool {
    meta.permissions().readonly()
}

/// Whether a new file could not stand in for this one: it has other names (hard
/// links), or belongs to another user and this process cannot give files away.
#[cfg(unix)]
fn must_write_in_place(meta: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    meta.nlink() > 1 || (meta.uid() != me && me != 0)
}

#[cfg(not(unix))]
fn must_write_in_place(_: &Metadata) -> bool {
    false
}

/// Gives the new file the old one's owner, group and extended attributes; an error
/// when it cannot (then the file is written in place).
#[cfg(unix)]
fn copy_identity(meta: &Metadata, target: &Path, new: &File) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    use xattr::FileExt;
    let now = new.metadata()?;
    if (now.uid(), now.gid()) != (meta.uid(), meta.gid())
        && let Err(e) = std::os::unix::fs::fchown(new, Some(meta.uid()), Some(meta.gid()))
    {
        // The group cannot be given: the owner is ours already, so the file stays ours
        // in our group.
        let ours = now.uid() == meta.uid();
        if !(ours && e.kind() == io::ErrorKind::PermissionDenied) {
            return Err(e);
        }
    }
    let Ok(old) = File::open(target) else { return Ok(()) };
    let names = match old.list_xattr() {
        Ok(names) => names,
        Err(e) if unsupported(&e) => return Ok(()),
        Err(e) => return Err(e),
    };
    for name in names {
        let value = old.get_xattr(&name)?;
        match value.map(|value| new.set_xattr(&name, &value)) {
            None | Some(Ok(())) => {}
            Some(Err(e)) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(unix)]
fn unsupported(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::Unsupported || error.raw_os_error() == Some(libc::ENOTSUP)
}

#[cfg(not(unix))]
fn copy_identity(_: &Metadata, _: &Path, _: &File) -> io::Result<()> {
    Ok(())
}

/// The file a path really names: a symlink is followed to its target, so that saving
/// updates the target instead of replacing the link.
/// A chain of links longer than the system's own limit (or a loop) is an error.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    const MAX_LINKS: usize = 40;
    let mut path = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&path)?;
                path = if link.is_absolute() { link } else { path.parent().unwrap_or(Path::new(".")).join(link) };
            }
            _ => return Ok(path),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A panic on a save's own thread is a failed save, which says what stopped it and
    /// leaves the file as it was; the thread's panic goes no further.
    #[test]
    fn a_panic_on_the_saving_thread_is_a_failed_save_that_says_why() {
        struct Vanishing;
        impl AsRef<str> for Vanishing {
            fn as_ref(&self) -> &str {
                assert!(on_save_thread(), "read on the save's thread");
                panic!("the text went missing")
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("org.toml");
        fs::write(&path, "[company]\nname = \"C\"\n").unwrap();
        let heard = Arc::new(std::sync::Mutex::new(None));
        let told = Arc::clone(&heard);
        let saving = Saving::start(&path, Vanishing, move |result| {
            *told.lock().unwrap() = Some(result.as_ref().map_err(ToString::to_string).err());
        })
        .unwrap();
        let error = saving.wait().unwrap().unwrap_err().to_string();
        assert!(error.contains("the saving thread stopped: the text went missing"), "{error}");
        assert!(error.contains("org.toml"), "it names the file: {error}");
        assert_eq!(heard.lock().unwrap().clone(), Some(Some(error)), "told to whoever waits for it");
        assert_eq!(fs::read_to_string(&path).unwrap(), "[company]\nname = \"C\"\n");
        assert!(!on_save_thread());
    }

    /// One file under other names: another spelling, a hard link, and for a file not
    /// made yet, a spelling through `..`; other files, or a folder that is not there,
    /// are not it.
    #[test]
    fn the_same_file_is_found_under_other_names() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().file_name().unwrap();
        let file = dir.path().join("shop.toml");
        fs::write(&file, "x").unwrap();
        let link = dir.path().join("link.toml");
        fs::hard_link(&file, &link).unwrap();
        let around = dir.path().join("..").join(folder);
        assert!(is_same_file(&file, &around.join("shop.toml")));
        assert!(is_same_file(&file, &link));
        assert!(!is_same_file(&file, &dir.path().join("other.toml")));
        let new = dir.path().join("new.toml");
        assert!(is_same_file(&new, &around.join("new.toml")));
        assert!(is_same_file(&new, &dir.path().join(".").join("new.toml")));
        assert!(!is_same_file(&new, &dir.path().join("newer.toml")));
        assert!(!is_same_file(&new, &dir.path().join("gone").join("..").join("new.toml")));
    }

    #[test]
    fn a_failed_write_leaves_the_original_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("org.toml");
        fs::write(&path, "original").unwrap();
        let err = save_with(&path, "new", |_, _| Err(io::Error::other("disk full"))).unwrap_err();
        assert_eq!(err.to_string(), format!("cannot save {}: cannot write it: disk full", path.display()));
        assert_eq!(fs::read_to_string(&path).unwrap(), "original");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn saving_keeps_permissions_and_follows_symlinks() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.toml");
        fs::write(&real, "old").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink("real.toml", &link).unwrap();
        save_atomic(&link, "new").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
        assert_eq!(fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn a_loop_of_symlinks_is_an_error_not_a_crash() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.toml"), dir.path().join("b.toml"));
        std::os::unix::fs::symlink("b.toml", &a).unwrap();
        std::os::unix::fs::symlink("a.toml", &b).unwrap();
        let err = save_atomic(&a, "x").unwrap_err();
        assert!(err.to_string().contains("too many levels of symbolic links"), "{err}");
        // A dangling link is saved through: its target is created.
        let dangling = dir.path().join("c.toml");
        std::os::unix::fs::symlink("new.toml", &dangling).unwrap();
        save_atomic(&dangling, "y").unwrap();
        assert_eq!(fs::read_to_string(dir.path().join("new.toml")).unwrap(), "y");
    }

    #[test]
    fn a_directory_in_the_way_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(save_atomic(dir.path(), "x").is_err());
    }

    #[test]
    fn the_stamp_hashes_the_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("org.toml");
        fs::write(&path, "abc").unwrap();
        let read = DiskStamp::read(&path).unwrap();
        assert!(read.same_content(&DiskStamp::of_bytes(&path, b"abc")));
        assert!(!read.same_content(&DiskStamp::of_bytes(&path, b"abd")));
        assert_eq!(read.hash.hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
