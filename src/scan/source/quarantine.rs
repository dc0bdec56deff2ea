//! Object directories git names in the environment, added to a repository's object database.
//!
//! During a push, `git receive-pack` writes the pushed objects into a quarantine directory
//! and runs the `pre-receive` hook with `GIT_OBJECT_DIRECTORY` (and `GIT_QUARANTINE_PATH`)
//! pointing at it and the repository's own `objects/` in `GIT_ALTERNATE_OBJECT_DIRECTORIES`.
//! Git's own commands read those variables; libgit2 opening a repository by path does not,
//! so without this the new commits of a push would be missing and every push would fail.
//! Each directory named is added as an alternate, which is a superset of git's meaning
//! (objects in the repository's own directory stay visible too): hush only reads.

use crate::scan::source::git::{GitError, err};
use git2::Repository;
use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::PathBuf;

/// Adds every object directory the environment names to `repo`'s object database.
pub fn attach(repo: &Repository) -> Result<(), GitError> {
    let dirs = env_dirs(|name| std::env::var_os(name));
    if dirs.is_empty() {
        return Ok(());
    }
    let own = repo.path().join("objects").canonicalize().ok();
    let odb = repo.odb().map_err(err("opening the object database"))?;
    for dir in dirs {
        // A variable naming a directory that is not there (a stale environment) would make
        // every lookup fail in git too; skipping it leaves the repository as it is on disk.
        let Ok(canonical) = dir.canonicalize() else {
            continue;
        };
        if Some(&canonical) == own.as_ref() {
            continue;
        }
        let path = canonical.to_str().ok_or_else(|| {
            GitError::new(
                "adding quarantined objects",
                "the object directory's path is not UTF-8",
            )
        })?;
        odb.add_disk_alternate(path)
            .map_err(err(format!("adding object directory {path}")))?;
    }
    Ok(())
}

/// The directories named by `GIT_QUARANTINE_PATH`, `GIT_OBJECT_DIRECTORY` and
/// `GIT_ALTERNATE_OBJECT_DIRECTORIES` (read through `var`), in that order, without repeats.
fn env_dirs(var: impl Fn(&str) -> Option<OsString>) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut push = |p: PathBuf| {
        if !p.as_os_str().is_empty() && !dirs.contains(&p) {
            dirs.push(p);
        }
    };
    for name in ["GIT_QUARANTINE_PATH", "GIT_OBJECT_DIRECTORY"] {
        if let Some(v) = var(name) {
            push(PathBuf::from(v));
        }
    }
    if let Some(list) = var("GIT_ALTERNATE_OBJECT_DIRECTORIES") {
        for entry in alternates(list.as_encoded_bytes()) {
            push(entry);
        }
    }
    dirs
}

/// Splits git's alternates list: entries separated by `:`, an entry starting with `"` is
/// C-quoted (so it may hold a `:`), as git's `parse_alt_odb_entry` reads it. Hand-written:
/// no crate parses this one variable's syntax.
fn alternates(list: &[u8]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut rest = list;
    while !rest.is_empty() {
        let (entry, tail) = match rest.strip_prefix(b"\"") {
            Some(quoted) => unquote(quoted),
            None => match memchr::memchr(b':', rest) {
                Some(at) => (rest[..at].to_vec(), &rest[at..]),
                None => (rest.to_vec(), &b""[..]),
            },
        };
        if !entry.is_empty() {
            out.push(PathBuf::from(OsString::from_vec(entry)));
        }
        rest = tail.strip_prefix(b":").unwrap_or(tail);
    }
    out
}

/// Reads a C-quoted string after its opening `"`: returns the bytes and what follows the
/// closing quote. An unterminated quote takes the rest of the list.
fn unquote(s: &[u8]) -> (Vec<u8>, &[u8]) {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        i += 1;
        match c {
            b'"' => return (out, &s[i..]),
            b'\\' => {
                let Some(&e) = s.get(i) else { break };
                i += 1;
                match e {
                    b'n' => out.push(b'\n'),
                    b't' => out.push(b'\t'),
                    b'0'..=b'7' => {
                        // Up to three octal digits: one byte (git quotes non-ASCII bytes so).
                        let mut byte = u32::from(e - b'0');
                        for _ in 0..2 {
                            match s.get(i) {
                                Some(&d @ b'0'..=b'7') => {
                                    byte = byte * 8 + u32::from(d - b'0');
                                    i += 1;
                                }
                                _ => break,
                            }
                        }
                        out.push(u8::try_from(byte).unwrap_or(b'?'));
                    }
                    other => out.push(other),
                }
            }
            c => out.push(c),
        }
    }
    (out, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternates_split_on_colons_and_read_quotes() {
        assert_eq!(
            alternates(b"/a/objects:/b/objects"),
            vec![PathBuf::from("/a/objects"), PathBuf::from("/b/objects")]
        );
        assert_eq!(
            alternates(b"\"/with:colon\\\"q\\\\\":/plain::"),
            vec![PathBuf::from("/with:colon\"q\\"), PathBuf::from("/plain")]
        );
        assert_eq!(
            alternates(b"\"/tab\\there\\101\\303\\274\""),
            vec![PathBuf::from("/tab\thereA\u{fc}")]
        );
        assert_eq!(alternates(b"\"/open"), vec![PathBuf::from("/open")]);
        assert!(alternates(b"").is_empty());
    }

    #[test]
    fn env_dirs_in_order_without_repeats() {
        let env = |name: &str| -> Option<OsString> {
            match name {
                "GIT_QUARANTINE_PATH" => Some("/r/objects/incoming-1".into()),
                "GIT_OBJECT_DIRECTORY" => Some("/r/objects/incoming-1".into()),
                "GIT_ALTERNATE_OBJECT_DIRECTORIES" => Some("/r/objects:/shared".into()),
                _ => None,
            }
        };
        assert_eq!(
            env_dirs(env),
            vec![
                PathBuf::from("/r/objects/incoming-1"),
                PathBuf::from("/r/objects"),
                PathBuf::from("/shared")
            ]
        );
        assert!(env_dirs(|_| None).is_empty());
    }
}
