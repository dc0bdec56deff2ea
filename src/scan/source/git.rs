//! Git sources: the lines each commit of a range added, and the staged changes.
//!
//! A commit is diffed against its first parent (a root commit against the empty tree). A
//! merge commit contributes only the lines that none of its parents had, which is what git's
//! combined diff shows: conflict resolutions and edits made in the merge itself, not the
//! merged branch's commits again. Binary files and submodules are skipped.

use crate::message::masked_arg;
use crate::scan::source::diff::DiffFile;
use git2::{Commit, Delta, Diff, DiffOptions, FileMode, Oid, Patch, Repository, Sort, Tree};
use std::collections::HashSet;
use std::path::Path;

/// What a finding from git says about its commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitMeta {
    /// Full sha.
    pub sha: String,
    /// `Name <email>`.
    pub author: String,
    /// Author date, RFC 3339 in UTC.
    pub date: String,
}

/// A git operation failed; messages carry no file content.
#[derive(Debug, thiserror::Error)]
#[error("{context}: {message}")]
pub struct GitError {
    context: String,
    message: String,
}

impl GitError {
    pub(crate) fn new(context: impl Into<String>, message: &str) -> Self {
        Self {
            context: context.into(),
            message: message.to_owned(),
        }
    }
}

pub(crate) fn err(context: impl Into<String>) -> impl FnOnce(git2::Error) -> GitError {
    let context = context.into();
    move |e| GitError {
        context,
        message: e.message().to_owned(),
    }
}

/// Opens the repository at `dir`, or the one found upward from the current directory, with
/// the object directories git's environment names (a push's quarantine, see
/// [`quarantine`](super::quarantine)).
pub fn open(dir: Option<&Path>) -> Result<Repository, GitError> {
    // Re-hashing every object read (SHA-1 with collision detection) cost ~10% of a history
    // scan; git itself does not verify on read either. A corrupt object can only change
    // what is scanned, not what hush writes.
    git2::opts::strict_hash_verification(false);
    let start = dir.unwrap_or_else(|| Path::new("."));
    let repo = Repository::discover(start).map_err(err(format!(
        "{} is not inside a git repository",
        start.display()
    )))?;
    super::quarantine::attach(&repo)?;
    Ok(repo)
}

/// Opens the repository whose git directory is `git_dir` (a worker's own handle), seeing
/// the same objects as [`open`] did.
pub fn reopen(git_dir: &Path) -> Result<Repository, GitError> {
    let repo = Repository::open(git_dir).map_err(err("opening the repository"))?;
    super::quarantine::attach(&repo)?;
    Ok(repo)
}

/// The commits of `range`: `A..B`, `A...B` (symmetric difference), or one rev (its whole
/// ancestry), oldest first. An empty side means `HEAD`.
pub fn range_commits(repo: &Repository, range: &str) -> Result<Vec<Oid>, GitError> {
    let rev = |spec: &str| -> Result<Oid, GitError> {
        let spec = if spec.is_empty() { "HEAD" } else { spec };
        // The revision is argv, shown masked, and libgit2's message (which quotes it) is
        // replaced by its class: a token pasted in the wrong place must not be echoed.
        repo.revparse_single(spec)
            .and_then(|o| o.peel_to_commit())
            .map(|c| c.id())
            .map_err(|e| GitError::new(format!("unknown revision {}", masked_arg(spec)), why(&e)))
    };
    let mut walk = repo.revwalk().map_err(err("walking history"))?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)
        .map_err(err("walking history"))?;
    if let Some((a, b)) = range.split_once("...") {
        let (a, b) = (rev(a)?, rev(b)?);
        walk.push(a)
            .and_then(|()| walk.push(b))
            .map_err(err("walking history"))?;
        if let Ok(base) = repo.merge_base(a, b) {
            walk.hide(base).map_err(err("walking history"))?;
        }
    } else if let Some((a, b)) = range.split_once("..") {
        walk.push(rev(b)?).map_err(err("walking history"))?;
        walk.hide(rev(a)?).map_err(err("walking history"))?;
    } else {
        walk.push(rev(range)?).map_err(err("walking history"))?;
    }
    walk.collect::<Result<Vec<_>, _>>()
        .map_err(|e| GitError::new(format!("walking {}", masked_arg(range)), why(&e)))
}

/// What kind of failure `e` is, without libgit2's message (which may quote the input).
fn why(e: &git2::Error) -> &'static str {
    match e.code() {
        git2::ErrorCode::NotFound => "not found",
        git2::ErrorCode::Ambiguous => "ambiguous",
        git2::ErrorCode::InvalidSpec => "not a valid revision",
        _ => "cannot be read",
    }
}

/// Author and date of `commit`.
pub fn meta(commit: &Commit<'_>) -> CommitMeta {
    let author = commit.author();
    let name = String::from_utf8_lossy(author.name_bytes());
    let email = String::from_utf8_lossy(author.email_bytes());
    CommitMeta {
        sha: commit.id().to_string(),
        author: format!("{name} <{email}>"),
        date: super::date::rfc3339(commit.time().seconds()),
    }
}

/// The lines `oid` added, per file, with its metadata.
pub fn commit_added(repo: &Repository, oid: Oid) -> Result<(CommitMeta, Vec<DiffFile>), GitError> {
    let context = format!("commit {oid}");
    let commit = repo.find_commit(oid).map_err(err(context.clone()))?;
    let tree = commit.tree().map_err(err(context.clone()))?;
    let meta = meta(&commit);
    let parents: Vec<Tree<'_>> = commit
        .parents()
        .map(|p| p.tree())
        .collect::<Result<_, _>>()
        .map_err(err(context.clone()))?;
    let first = parents.first();
    let diff = repo
        .diff_tree_to_tree(first, Some(&tree), Some(&mut options()))
        .map_err(err(context.clone()))?;
    let mut files = added_lines(repo, &diff, Some(&meta.sha)).map_err(err(context.clone()))?;
    for other in parents.iter().skip(1) {
        // Keep only lines this parent lacked too: what the merge itself introduced.
        let diff = repo
            .diff_tree_to_tree(Some(other), Some(&tree), Some(&mut options()))
            .map_err(err(context.clone()))?;
        let theirs: HashSet<(Vec<u8>, u64)> = added_lines(repo, &diff, None)
            .map_err(err(context.clone()))?
            .into_iter()
            .flat_map(|f| f.lines.into_iter().map(move |l| (f.path.clone(), l)))
            .collect();
        files = files
            .into_iter()
            .filter_map(|f| retain_lines(f, |p, l| theirs.contains(&(p.to_vec(), l))))
            .collect();
    }
    Ok((meta, files))
}

/// The index against `HEAD` (against nothing in a repository without commits).
pub fn staged_added(repo: &Repository) -> Result<Vec<DiffFile>, GitError> {
    let head = match repo.head() {
        Ok(head) => Some(head.peel_to_tree().map_err(err("reading HEAD"))?),
        Err(e)
            if e.code() == git2::ErrorCode::UnbornBranch
                || e.code() == git2::ErrorCode::NotFound =>
        {
            None
        }
        Err(e) => return Err(err("reading HEAD")(e)),
    };
    let index = repo.index().map_err(err("reading the index"))?;
    let diff = repo
        .diff_tree_to_index(head.as_ref(), Some(&index), Some(&mut options()))
        .map_err(err("diffing the index"))?;
    added_lines(repo, &diff, None).map_err(err("diffing the index"))
}

/// Paths (the new side, as bytes) whose staged content differs from HEAD: added, modified,
/// renamed, type-changed or deleted in the index. `hush hook run` uses it to tell a commit (the
/// named files are staged changes) from `pre-commit run --all-files` (they are not).
pub fn staged_paths(repo: &Repository) -> Result<Vec<Vec<u8>>, GitError> {
    let mut opts = git2::StatusOptions::new();
    opts.show(git2::StatusShow::Index)
        .include_untracked(false)
        .exclude_submodules(true)
        .renames_head_to_index(true);
    let statuses = repo
        .statuses(Some(&mut opts))
        .map_err(err("reading the index status"))?;
    Ok(statuses
        .iter()
        .filter_map(|s| {
            let delta = s.head_to_index()?;
            let file = if delta.status() == Delta::Deleted {
                delta.old_file()
            } else {
                delta.new_file()
            };
            file.path_bytes().map(<[u8]>::to_vec)
        })
        .collect())
}

fn options() -> DiffOptions {
    let mut o = DiffOptions::new();
    o.context_lines(0)
        .ignore_submodules(true)
        .skip_binary_check(false);
    o
}

/// Collects `+` lines per new path; binary files and submodules produce none. A file the
/// diff adds whole is read straight from its blob (no line diff to compute: the staged
/// change of a commit that adds many files is mostly that).
fn added_lines(
    repo: &Repository,
    diff: &Diff<'_>,
    commit: Option<&str>,
) -> Result<Vec<DiffFile>, git2::Error> {
    let mut files: Vec<DiffFile> = Vec::new();
    for (index, delta) in diff.deltas().enumerate() {
        let new = delta.new_file();
        if !matches!(new.mode(), FileMode::Blob | FileMode::BlobExecutable)
            || delta.status() == Delta::Deleted
        {
            continue;
        }
        let mut file = DiffFile {
            path: new.path_bytes().unwrap_or_default().to_vec(),
            commit: commit.map(str::to_owned),
            ..DiffFile::default()
        };
        if delta.status() == Delta::Added {
            let blob = repo.find_blob(new.id())?;
            let content = blob.content();
            if memchr::memchr(0, &content[..content.len().min(8 << 10)]).is_some() {
                continue;
            }
            for (n, line) in content.split_inclusive(|&b| b == b'\n').enumerate() {
                push_line(&mut file, line, n as u64 + 1);
            }
        } else if let Some(patch) = Patch::from_diff(diff, index)? {
            for hunk in 0..patch.num_hunks() {
                for l in 0..patch.num_lines_in_hunk(hunk)? {
                    let line = patch.line_in_hunk(hunk, l)?;
                    if let ('+', Some(n)) = (line.origin(), line.new_lineno()) {
                        push_line(&mut file, line.content(), u64::from(n));
                    }
                }
            }
        }
        if !file.lines.is_empty() {
            files.push(file);
        }
    }
    Ok(files)
}

fn push_line(file: &mut DiffFile, content: &[u8], lineno: u64) {
    file.added
        .extend_from_slice(content.strip_suffix(b"\n").unwrap_or(content));
    file.added.push(b'\n');
    file.lines.push(lineno);
}

/// Keeps the lines of `file` for which `keep(path, line)` holds; `None` when none remain.
fn retain_lines(file: DiffFile, keep: impl Fn(&[u8], u64) -> bool) -> Option<DiffFile> {
    let mut out = DiffFile {
        path: file.path.clone(),
        commit: file.commit.clone(),
        ..DiffFile::default()
    };
    for (text, &line) in file.added.split_inclusive(|&b| b == b'\n').zip(&file.lines) {
        if keep(&file.path, line) {
            out.added.extend_from_slice(text);
            out.lines.push(line);
        }
    }
    (!out.lines.is_empty()).then_some(out)
}
