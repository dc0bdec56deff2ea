//! Finding the configuration file a command reads when `--config` is not given.
//!
//! A team keeps `hush.toml` (or `.hush.toml`) at the root of its repository, so every
//! command (the installed pre-commit hook too) reads the same settings. From the directory a
//! command works on, [`discover`] looks in each directory up to the repository root (the
//! first one holding `.git`) and takes the first file found; outside a repository it looks in
//! that directory only, so a scan of `/tmp/x` never picks up a stray `/tmp/hush.toml`.

use super::ConfigError;
use std::path::{Path, PathBuf};

/// The file names looked for, in each directory.
pub const NAMES: [&str; 2] = ["hush.toml", ".hush.toml"];

/// The configuration file for work in `start` (a directory, or a file whose directory is
/// used), or `None`. Two candidate files in one directory are an error: which one counts
/// would be a guess.
pub fn discover(start: &Path) -> Result<Option<PathBuf>, ConfigError> {
    let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    let first = if start.is_dir() {
        start.as_path()
    } else {
        start.parent().unwrap_or(&start)
    };
    let mut dirs = Vec::new();
    let mut in_repo = false;
    for dir in first.ancestors() {
        dirs.push(dir);
        if dir.join(".git").exists() {
            in_repo = true;
            break;
        }
    }
    if !in_repo {
        dirs.truncate(1);
    }
    for dir in dirs {
        let found: Vec<PathBuf> = NAMES
            .iter()
            .map(|name| dir.join(name))
            .filter(|p| p.is_file())
            .collect();
        match found.as_slice() {
            [] => {}
            [one] => return Ok(Some(one.clone())),
            _ => {
                return Err(ConfigError {
                    path: dir.display().to_string(),
                    message: "both hush.toml and .hush.toml exist; keep one".to_owned(),
                });
            }
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::discover;
    use std::fs;

    #[test]
    fn found_at_the_repository_root_from_a_subdirectory() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::create_dir_all(dir.path().join(".git")).expect("git");
        fs::create_dir_all(dir.path().join("a/b")).expect("mkdir");
        fs::write(dir.path().join(".hush.toml"), "").expect("write");
        let found = discover(&dir.path().join("a/b"))
            .expect("ok")
            .expect("found");
        assert_eq!(found, dir.path().join(".hush.toml"));
        // A file in a nearer directory wins.
        fs::write(dir.path().join("a/hush.toml"), "").expect("write");
        let found = discover(&dir.path().join("a/b"))
            .expect("ok")
            .expect("found");
        assert_eq!(found, dir.path().join("a/hush.toml"));
    }

    #[test]
    fn outside_a_repository_only_the_directory_itself_counts() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::create_dir_all(dir.path().join("sub")).expect("mkdir");
        fs::write(dir.path().join("hush.toml"), "").expect("write");
        assert_eq!(discover(&dir.path().join("sub")).expect("ok"), None);
        let here = discover(dir.path()).expect("ok").expect("found");
        assert_eq!(here, dir.path().join("hush.toml"));
        fs::write(dir.path().join("sub/f.txt"), "").expect("write");
        assert_eq!(discover(&dir.path().join("sub/f.txt")).expect("ok"), None);
    }

    #[test]
    fn two_files_in_one_directory_are_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(dir.path().join("hush.toml"), "").expect("write");
        fs::write(dir.path().join(".hush.toml"), "").expect("write");
        let e = discover(dir.path()).expect_err("ambiguous").to_string();
        assert!(e.contains("keep one"), "{e}");
    }
}
