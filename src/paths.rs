//! The platform's folders for frontback, in one place: where the configuration file
//! lives and where data that belongs to no file (the built-in sample's unsaved edits)
//! is written. `$XDG_CONFIG_HOME/frontback` and `$XDG_DATA_HOME/frontback` on Linux,
//! the Application Support folder on macOS, `%APPDATA%` on Windows. Each is `None`
//! when the system has no home folder.

use std::path::PathBuf;

use directories::ProjectDirs;

fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "frontback")
}

/// The platform's configuration file: `$XDG_CONFIG_HOME/frontback/config.toml` (or
/// `~/.config/…`) on Linux.
pub fn config_file() -> Option<PathBuf> {
    project_dirs().map(|dirs| dirs.config_dir().join("config.toml"))
}

/// The platform's folder for frontback's own data: `$XDG_DATA_HOME/frontback` (or
/// `~/.local/share/…`) on Linux.
pub fn data_folder() -> Option<PathBuf> {
    project_dirs().map(|dirs| dirs.data_local_dir().to_path_buf())
}
