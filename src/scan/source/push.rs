//! A push as a `pre-receive` hook sees it: which ref updates, which commits are new.
//!
//! git feeds the hook one `<old> <new> <ref>` line per updated ref on stdin, an all-zero sha
//! standing for "none" (an all-zero old sha creates the ref, an all-zero new sha deletes it).
//! The commits to scan are those reachable from a pushed sha and from no ref the server
//! already has: a new branch is scanned for what it adds, not for the history it shares with
//! the branches it grew from (whose secrets, if any, were there before this push), and a
//! commit pushed to several refs at once is scanned once. Deletions add nothing; a tag
//! pointing at a commit the server has adds nothing either.

use crate::scan::source::git::{GitError, err};
use git2::{Oid, Repository, Sort};

/// One line of `pre-receive` input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefUpdate {
    /// The ref's value before the push (`None`: the push creates it).
    pub old: Option<Oid>,
    /// The value after the push (`None`: the push deletes it).
    pub new: Option<Oid>,
    /// The full ref name (`refs/heads/main`).
    pub name: String,
}

/// Parses git's `pre-receive` input: one `<old> <new> <ref>` line per ref, blank lines ignored.
/// An error names the line number only (the input is git's, but nothing of it is quoted).
pub fn parse_updates(input: &[u8]) -> Result<Vec<RefUpdate>, GitError> {
    let mut updates = Vec::new();
    for (n, line) in input.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let bad = || {
            GitError::new(
                format!("pre-receive input line {}", n + 1),
                "expected `<old-sha> <new-sha> <ref>`, as git passes to a pre-receive hook",
            )
        };
        let text = std::str::from_utf8(line).map_err(|_| bad())?;
        let mut fields = text.splitn(3, ' ');
        let (Some(old), Some(new), Some(name)) = (fields.next(), fields.next(), fields.next())
        else {
            return Err(bad());
        };
        if name.is_empty() || !is_sha(old) || !is_sha(new) {
            return Err(bad());
        }
        updates.push(RefUpdate {
            old: sha(old).map_err(|()| bad())?,
            new: sha(new).map_err(|()| bad())?,
            name: name.to_owned(),
        });
    }
    Ok(updates)
}

fn is_sha(s: &str) -> bool {
    matches!(s.len(), 40 | 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `None` for the all-zero sha.
fn sha(s: &str) -> Result<Option<Oid>, ()> {
    if s.bytes().all(|b| b == b'0') {
        return Ok(None);
    }
    Oid::from_str(s).map(Some).map_err(|_| ())
}

/// The commits a push brings: reachable from a pushed value and from no existing ref (nor an
/// old value), oldest first. A pushed value that is not a commit (a tag of a tree or blob)
/// brings none.
pub fn pushed_commits(repo: &Repository, updates: &[RefUpdate]) -> Result<Vec<Oid>, GitError> {
    let walking = || err("listing the pushed commits");
    let mut walk = repo.revwalk().map_err(walking())?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)
        .map_err(walking())?;
    let mut pushed = false;
    for update in updates {
        let Some(new) = update.new else { continue };
        let object = repo
            .find_object(new, None)
            .map_err(err(format!("pushed {} {new}", update.name)))?;
        if let Ok(commit) = object.peel_to_commit() {
            walk.push(commit.id()).map_err(walking())?;
            pushed = true;
        }
    }
    if !pushed {
        return Ok(Vec::new());
    }
    let refs = repo
        .references()
        .map_err(err("listing the existing refs"))?;
    for reference in refs {
        let reference = reference.map_err(err("listing the existing refs"))?;
        if let Ok(commit) = reference.peel_to_commit() {
            walk.hide(commit.id()).map_err(walking())?;
        }
    }
    for old in updates.iter().filter_map(|u| u.old) {
        // An old value is a ref's value, so already hidden; unless a concurrent push moved
        // it, and then what it had was on the server too.
        if let Ok(commit) = repo.find_commit(old) {
            walk.hide(commit.id()).map_err(walking())?;
        }
    }
    walk.collect::<Result<Vec<_>, _>>().map_err(walking())
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "1111111111111111111111111111111111111111";
    const Z: &str = "0000000000000000000000000000000000000000";

    #[test]
    fn parses_creates_updates_and_deletes() {
        let input =
            format!("{Z} {A} refs/heads/new\n\n{A} {Z} refs/tags/v1\r\n{A} {A} refs/heads/x y\n");
        let updates = parse_updates(input.as_bytes()).expect("parses");
        let a = Oid::from_str(A).expect("oid");
        assert_eq!(
            updates,
            vec![
                RefUpdate {
                    old: None,
                    new: Some(a),
                    name: "refs/heads/new".into()
                },
                RefUpdate {
                    old: Some(a),
                    new: None,
                    name: "refs/tags/v1".into()
                },
                RefUpdate {
                    old: Some(a),
                    new: Some(a),
                    name: "refs/heads/x y".into()
                },
            ]
        );
        assert!(parse_updates(b"").expect("empty").is_empty());
    }

    #[test]
    fn malformed_lines_name_the_line_only() {
        for bad in [
            format!("{A} {A}"),
            format!("{A} {A} "),
            format!("{A} 12345 refs/heads/main"),
            format!("{A}x {A} refs/heads/main"),
            "ghp_notasha notasha refs/heads/main".to_owned(),
            "\u{ff}".to_owned(),
        ] {
            let input = format!("{Z} {A} refs/heads/ok\n{bad}\n");
            let e = parse_updates(input.as_bytes())
                .expect_err("rejected")
                .to_string();
            assert!(e.contains("line 2"), "{e}");
            assert!(!e.contains("ghp_"), "{e}");
        }
    }
}
