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
//! [`DiskStamp`] records a file's modification time, length and a SHA-256 of its
//! bytes: the time and length are a cheap hint that the file may have changed, the
//! hash decides whether it did.

use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use sha2::{Digest, Sha256};

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

/// What a file looked like on disk when it was read or written: its bytes' hash and
/// length decide whether someone else changed it since; its modification time and
/// length are looked at first, because they cost nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DiskStamp {
    pub modified: Option<SystemTime>,
    pub len: u64,
    pub hash: ContentHash,
}

impl DiskStamp {
    /// The stamp of a file whose bytes are known (just read, or just written): its
    /// modification time now, and the hash of `bytes`.
    pub fn of_bytes(path: &Path, bytes: &[u8]) -> DiskStamp {
        let modified = fs::metadata(path).ok().and_then(|m| m.modified().ok());
        DiskStamp { modified, len: bytes.len() as u64, hash: ContentHash::of(bytes) }
    }

    /// The stamp of the file now, read and hashed; `None` when it cannot be read
    /// (gone, say, or not a regular file).
    pub fn of(path: &Path) -> Option<DiskStamp> {
        DiskStamp::read(path).ok()
    }

    /// [`DiskStamp::of`], with the reason when the file cannot be read.
    pub fn read(path: &Path) -> io::Result<DiskStamp> {
        // Looked at before opening: opening a FIFO would wait for a writer.
        if !fs::metadata(path)?.is_file() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"));
        }
        let mut file = File::open(path)?;
        let meta = file.metadata()?;
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
        Ok(DiskStamp { modified: meta.modified().ok(), len, hash: ContentHash(hasher.finalize().into()) })
    }

    /// Whether the file's modification time and length are still the stamp's: when
    /// they are not, the file may have changed and is worth hashing again.
    pub fn looks_unchanged(&self, path: &Path) -> bool {
        fs::metadata(path).is_ok_and(|m| m.len() == self.len && m.modified().ok() == self.modified)
    }

    /// Whether two stamps are of the same bytes, whatever their times.
    pub fn same_content(&self, other: &DiskStamp) -> bool {
        self.len == other.len && self.hash == other.hash
    }
}

/// Why a save failed. The message names the user's file (never a temporary file
/// alone) and says in full what went wrong; the file on disk is as it was.
#[derive(Debug, thiserror::Error)]
#[error("cannot save {}: {reason}", file.display())]
pub struct SaveError {
    /// The file the user saves to.
    pub file: PathBuf,
    /// What went wrong, without the file's name.
    pub reason: String,
    pub kind: io::ErrorKind,
}

impl SaveError {
    fn new(file: &Path, kind: io::ErrorKind, reason: impl Into<String>) -> SaveError {
        SaveError { file: file.to_path_buf(), reason: reason.into(), kind }
    }

    fn io(file: &Path, what: &str, error: &io::Error) -> SaveError {
        SaveError::new(file, error.kind(), format!("{what}: {error}"))
    }

    /// Whether the file was refused because nobody may write it.
    pub fn is_read_only(&self) -> bool {
        self.kind == io::ErrorKind::PermissionDenied && self.reason == READ_ONLY
    }
}

const READ_ONLY: &str = "the file is read-only";

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
    let target = resolve(path).map_err(|e| SaveError::io(path, "cannot follow the link", &e))?;
    let old = match fs::metadata(&target) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(SaveError::io(path, "cannot look at it", &e)),
    };
    if let Some(meta) = &old {
        if meta.is_dir() {
            return Err(SaveError::new(path, io::ErrorKind::IsADirectory, "it is a folder"));
        }
        if !meta.is_file() {
            return Err(SaveError::new(path, io::ErrorKind::InvalidInput, "it is not a regular file"));
        }
        if read_only(&target, meta) {
            return Err(SaveError::new(path, io::ErrorKind::PermissionDenied, READ_ONLY));
        }
    }
    let in_place = old.as_ref().is_some_and(must_write_in_place);
    if !in_place {
        match replace(path, &target, text, old.as_ref(), write, fault) {
            Ok(()) => return Ok(DiskStamp::of_bytes(&target, text.as_bytes())),
            Err(Replace::Failed(error)) => return Err(error),
            Err(Replace::InPlace(why)) if old.is_none() => {
                return Err(SaveError::new(path, io::ErrorKind::PermissionDenied, why));
            }
            Err(Replace::InPlace(_)) => {}
        }
    }
    write_in_place(path, &target, text, write, fault)?;
    Ok(DiskStamp::of_bytes(&target, text.as_bytes()))
}

/// How replacing the file through a temporary one ended, when it did not.
enum Replace {
    /// The new file could not be made to be the old one: write in place instead.
    InPlace(String),
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
) -> Result<(), Replace> {
    let folder = folder_of(target);
    let failed = |what: &str, e: &io::Error| Replace::Failed(SaveError::io(path, what, e));
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
            return Err(Replace::InPlace(format!(
                "cannot write in its folder {}: {}",
                folder.display(),
                io::Error::from(e.kind())
            )));
        }
    };
    write_text(temp.as_file_mut(), text, write, fault).map_err(|e| failed("cannot write it", &e))?;
    if let Some(meta) = old {
        temp.as_file().set_permissions(meta.permissions()).map_err(|e| failed("cannot set its permissions", &e))?;
        if let Err(why) = copy_identity(meta, target, temp.as_file()) {
            return Err(Replace::InPlace(why));
        }
    }
    sync(temp.as_file(), fault).map_err(|e| failed("cannot sync it to disk", &e))?;
    if fault == Some(Fault::Rename) {
        return Err(failed("cannot rename the new copy over it", &io::Error::other("injected rename failure")));
    }
    if old.is_some() {
        temp.persist(target).map_err(|e| failed("cannot rename the new copy over it", &e.error))?;
    } else {
        // A new file never replaces one made meanwhile by someone else: that one is
        // left alone and the save fails, saying the file exists now.
        temp.persist_noclobber(target).map_err(|e| failed("cannot put the new file in place", &e.error))?;
    }
    if let Ok(dir) = File::open(&folder) {
        let _ = dir.sync_all();
    }
    Ok(())
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
) -> Result<(), SaveError> {
    let original = fs::read(target).map_err(|e| SaveError::io(path, "cannot read it before writing it", &e))?;
    let mut file = OpenOptions::new()
        .write(true)
        .open(target)
        .map_err(|e| SaveError::io(path, "cannot open it for writing", &e))?;
    let backup = backup_copy(target, &original);
    let written = write_text(&mut file, text, write, fault)
        .and_then(|()| file.set_len(text.len() as u64))
        .and_then(|()| sync(&file, fault));
    let Err(error) = written else {
        return Ok(());
    };
    let restored = put_back(&mut file, &original);
    let reason = match (restored, backup) {
        (Ok(()), _) => format!("cannot write it: {error}; it was put back as it was"),
        (Err(again), Some(backup)) => match backup.keep() {
            Ok((_, kept)) => format!(
                "cannot write it: {error}; putting it back failed too ({again}): its previous text is in {}",
                kept.display()
            ),
            Err(_) => format!("cannot write it: {error}; putting it back failed too: {again}"),
        },
        (Err(again), None) => format!("cannot write it: {error}; putting it back failed too: {again}"),
    };
    Err(SaveError::new(path, error.kind(), reason))
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

/// Gives the new file the old one's owner, group and extended attributes; says why
/// not when it cannot (then the file is written in place).
#[cfg(unix)]
fn copy_identity(meta: &Metadata, target: &Path, new: &File) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    use xattr::FileExt;
    let now = new.metadata().map_err(|e| e.to_string())?;
    if (now.uid(), now.gid()) != (meta.uid(), meta.gid())
        && let Err(e) = std::os::unix::fs::fchown(new, Some(meta.uid()), Some(meta.gid()))
    {
        // The group cannot be given: the owner is ours already, so the file stays ours
        // in our group.
        let ours = now.uid() == meta.uid();
        if !(ours && e.kind() == io::ErrorKind::PermissionDenied) {
            return Err(format!("cannot give the new file its owner: {e}"));
        }
    }
    let Ok(old) = File::open(target) else { return Ok(()) };
    let names = match old.list_xattr() {
        Ok(names) => names,
        Err(e) if unsupported(&e) => return Ok(()),
        Err(e) => return Err(format!("cannot list its extended attributes: {e}")),
    };
    for name in names {
        let value = old.get_xattr(&name).map_err(|e| format!("cannot read an extended attribute: {e}"))?;
        match value.map(|value| new.set_xattr(&name, &value)) {
            None | Some(Ok(())) => {}
            Some(Err(e)) => return Err(format!("cannot copy an extended attribute: {e}")),
        }
    }
    Ok(())
}

#[cfg(unix)]
fn unsupported(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::Unsupported || error.raw_os_error() == Some(libc::ENOTSUP)
}

#[cfg(not(unix))]
fn copy_identity(_: &Metadata, _: &Path, _: &File) -> Result<(), String> {
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
