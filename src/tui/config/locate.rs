//! Where the configuration file is: `--config FILE`, else `$FRONTBACK_CONFIG`, else
//! the platform's configuration folder; and what `frontback config --path` says of it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::text::t;

use crate::paths;
use crate::text::Lang;

/// The variable that names the configuration file.
pub const ENV_VAR: &str = "FRONTBACK_CONFIG";

/// How the location of the file was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// `--config FILE`.
    Flag,
    /// `$FRONTBACK_CONFIG`.
    Env,
    /// The platform's configuration folder.
    Platform,
}

/// Where the configuration is read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub origin: Origin,
}

impl Location {
    /// `--config FILE`, else `$FRONTBACK_CONFIG`, else the platform's file; `None`
    /// when the system has no configuration folder (no home).
    pub fn find(flag: Option<&Path>) -> Option<Location> {
        Location::find_with(flag, std::env::var_os(ENV_VAR), paths::config_file())
    }

    /// [`Location::find`] with the variable and the platform's file given.
    pub fn find_with(flag: Option<&Path>, env: Option<OsString>, platform: Option<PathBuf>) -> Option<Location> {
        if let Some(path) = flag {
            return Some(Location { path: path.to_path_buf(), origin: Origin::Flag });
        }
        if let Some(path) = env.filter(|v| !v.is_empty()) {
            return Some(Location { path: PathBuf::from(path), origin: Origin::Env });
        }
        platform.map(|path| Location { path, origin: Origin::Platform })
    }
}

/// What `frontback config --path` says: the path, with a note when the file does not
/// exist yet; `Err` when the system has no configuration folder.
pub fn describe(location: Option<&Location>, lang: Lang) -> Result<(String, Option<String>), String> {
    let l = lang.code();
    let Some(location) = location else { return Err(t!("config.no_place", locale = l).into()) };
    let path = location.path.display().to_string();
    let note = (!location.path.exists()).then(|| t!("config.path_missing", locale = l, file = &path).into());
    Ok((path, note))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_wins_over_the_variable_over_the_platform() {
        let platform = Some(PathBuf::from("/home/u/.config/frontback/config.toml"));
        let env = Some(OsString::from("/tmp/env.toml"));
        let flag = Path::new("/tmp/flag.toml");
        let find = |flag, env: &Option<OsString>| Location::find_with(flag, env.clone(), platform.clone()).unwrap();
        assert_eq!(find(Some(flag), &env).origin, Origin::Flag);
        assert_eq!(find(None, &env), Location { path: "/tmp/env.toml".into(), origin: Origin::Env });
        assert_eq!(find(None, &Some(OsString::new())).origin, Origin::Platform);
        assert_eq!(find(None, &None).origin, Origin::Platform);
    }
}
