//! Writing an org file safely (SPEC §7): the new text goes to a temporary file in the
//! same folder, is flushed and synced, then renamed over the original, so a failed
//! save leaves the original as it was. A symlinked file is saved through to its
//! target, and the original's permissions are kept.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// What a file looked like on disk when it was read or written: enough to notice that
/// someone else changed it since.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DiskStamp {
    pub modified: Option<SystemTime>,
    pub len: u64,
}

impl DiskStamp {
    /// The stamp of a file now; `None` when it cannot be read (gone, say).
    pub fn of(path: &Path) -> Option<DiskStamp> {
        let meta = fs::metadata(path).ok()?;
        Some(DiskStamp { modified: meta.modified().ok(), len: meta.len() })
    }
}

/// Writes `text` to `path` atomically and returns the new stamp.
pub fn save_atomic(path: &Path, text: &str) -> io::Result<DiskStamp> {
    save_with(path, text, |file, text| file.write_all(text.as_bytes()))
}

/// [`save_atomic`] with the writing step given, so that tests can make it fail.
pub fn save_with(
    path: &Path,
    text: &str,
    write: impl FnOnce(&mut fs::File, &str) -> io::Result<()>,
) -> io::Result<DiskStamp> {
    let target = resolve(path)?;
    if target.is_dir() {
        return Err(io::Error::new(io::ErrorKind::IsADirectory, format!("{} is a directory", target.display())));
    }
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{}.", target.file_name().map_or("org".into(), |n| n.to_string_lossy())))
        .suffix(".tmp")
        .tempfile_in(&folder)?;
    write(temp.as_file_mut(), text)?;
    temp.as_file_mut().flush()?;
    if let Ok(meta) = fs::metadata(&target) {
        temp.as_file().set_permissions(meta.permissions())?;
    }
    temp.as_file().sync_all()?;
    temp.persist(&target).map_err(|e| e.error)?;
    if let Ok(dir) = fs::File::open(&folder) {
        let _ = dir.sync_all();
    }
    DiskStamp::of(&target).ok_or_else(|| io::Error::other("the saved file cannot be read back"))
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
    Err(io::Error::other(format!("{}: too many levels of symbolic links", path.display())))
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
        assert_eq!(err.to_string(), "disk full");
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
}
