//! `hush git --pre-receive`: the server-side hook that rejects pushes adding secrets.
//!
//! git runs the hook in the repository with the push's `<old> <new> <ref>` lines on stdin
//! and shows everything it prints to the pusher (prefixed `remote:`); a non-zero exit
//! rejects the whole push. The report lists each finding masked (commit, path, line, rule);
//! the message after it says the push was blocked and how to proceed.

use anyhow::{Context, Result};
use hush::scan::Scanner;
use hush::scan::commits::scan_commits;
use hush::scan::source::push::{parse_updates, pushed_commits};
use hush::scan::unreadable::GitScan;
use std::io::Read;

/// More than any real push sends (one line per ref, ~100 bytes each); bounds memory when
/// stdin is something else.
const MAX_INPUT: u64 = 16 << 20; // 16 MiB

/// Reads git's ref list from stdin and scans the commits the push brings.
pub(super) fn scan(scanner: &Scanner, repo: &git2::Repository, threads: usize) -> Result<GitScan> {
    let mut input = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_INPUT + 1)
        .read_to_end(&mut input)
        .context("reading the pushed refs from stdin")?;
    if input.len() as u64 > MAX_INPUT {
        anyhow::bail!(
            "pre-receive input is over 16 MiB: not git's ref list (run as a pre-receive hook)"
        );
    }
    let updates = parse_updates(&input)?;
    let commits = pushed_commits(repo, &updates)?;
    Ok(scan_commits(scanner, repo.path(), &commits, threads)?)
}

/// What the pusher reads under the findings. Names no value: the report above is masked.
pub(super) fn blocked_message(reported: usize) -> String {
    let what = if reported == 1 {
        "1 finding".to_owned()
    } else {
        format!("{reported} findings")
    };
    format!(
        "hush: push rejected: {what} in the pushed commits (listed above as \
         commit:path:line:column: rule, values masked).\n\
         hush: nothing was changed on the server. To proceed, rewrite the commits that added them:\n\
         hush:   1. remove the secret (`git rebase -i`, or `git commit --amend` for the last \
         commit), read it from the environment or `hush vault` instead, and push again;\n\
         hush:      if it is a live credential, rotate it: it has left your machine;\n\
         hush:   2. a false positive: add `hush:allow` in a comment on that line, in the commit \
         that adds it;\n\
         hush:   3. or ask the repository's admins to allow its fingerprint (`allow` in the \
         server's hush.toml, or a baseline).\n"
    )
}

#[cfg(test)]
mod tests {
    use super::blocked_message;

    #[test]
    fn message_counts_and_offers_three_ways() {
        let one = blocked_message(1);
        assert!(one.contains("push rejected: 1 finding in"), "{one}");
        assert!(blocked_message(3).contains("3 findings"));
        for step in ["1. remove", "2. a false positive", "3. or ask"] {
            assert!(one.contains(step), "{step}");
        }
        assert!(one.lines().all(|l| l.starts_with("hush: ")));
    }
}
