//! `hush vault merge BASE OURS THEIRS`: the git merge driver for vaults, and setting it up.
//!
//! git runs `hush vault merge %O %A %B` for files marked `merge=hush-vault` in
//! `.gitattributes`; the result must be left in `%A` (ours), exit 0 for a clean merge and
//! non-zero for a conflict. Each side is opened with the user's key (its MAC verified); a
//! derived passphrase key is kept in memory for the other two sides, which normally share it.
//! On a conflict the names (never values) are printed and `%A` is left a valid vault holding
//! ours for those names and every clean change applied, so `vault set NAME` then `git add`
//! resolves it.

use super::super::exit::ExitCode;
use super::{VaultArgs, open_at};
use anyhow::{Context, Result};
use hush::vault::SecretCache;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The driver's name in `.gitattributes` and git config.
const DRIVER: &str = "hush-vault";
/// The `.gitattributes` line that routes vault files to the driver.
const ATTRIBUTE: &str = "*.vault merge=hush-vault";

/// `vault merge` arguments, in git's order.
#[derive(Debug, clap::Args)]
pub(super) struct MergeArgs {
    /// The common ancestor (git's %O); an empty file when there is none.
    base: PathBuf,
    /// Our side (git's %A); the merge result is written here.
    ours: PathBuf,
    /// Their side (git's %B).
    theirs: PathBuf,
}

pub(super) fn merge(args: &VaultArgs, m: &MergeArgs) -> Result<ExitCode> {
    // A key derived for one side usually opens the other two: same vault, same header.
    let mut cache = SecretCache::new(Duration::from_secs(60));
    let mut open = |path: &Path, locked: bool| {
        open_at(args, path, locked, Some(&mut cache))
            .with_context(|| format!("opening {} for the merge", path.display()))
    };
    let mut ours = open(&m.ours, true)?;
    let theirs = open(&m.theirs, false)?;
    same_recipients(&ours, &theirs)?;
    let empty = std::fs::metadata(&m.base).map(|b| b.len() == 0);
    let base = match empty.with_context(|| format!("reading {}", m.base.display()))? {
        true => None,
        false => Some(open(&m.base, false)?),
    };
    let outcome = ours.merge_from(base.as_ref(), &theirs);
    ours.save()
        .with_context(|| format!("writing the merge to {}", m.ours.display()))?;
    if outcome.conflicts.is_empty() {
        eprintln!(
            "hush: merged vault: {} taken from theirs, {} removed",
            outcome.taken.len(),
            outcome.removed.len()
        );
        return Ok(ExitCode::Clean);
    }
    eprintln!(
        "hush: vault merge conflict: both sides changed {} differently; ours is kept for \
         each (the file is a valid vault); fix with `hush vault set NAME`, then `git add`",
        outcome.conflicts.join(", ")
    );
    Ok(ExitCode::Findings)
}

/// Refuses to merge sides whose age recipients differ: the recipient set decides who can read
/// the result, so it is the user's call (`vault recipients add|rm` on one branch), not the
/// driver's. Names both sets; ours is left as it was.
fn same_recipients(ours: &hush::vault::Vault, theirs: &hush::vault::Vault) -> Result<()> {
    let set = |v: &hush::vault::Vault| {
        let mut r: Vec<(String, String)> = (v.recipients().into_iter())
            .map(|r| (r.name, r.public_key))
            .collect();
        r.sort();
        r
    };
    let (o, t) = (set(ours), set(theirs));
    if o == t {
        return Ok(());
    }
    let names = |r: &[(String, String)]| match r.len() {
        0 => "none".to_owned(),
        _ => r
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    };
    anyhow::bail!(
        "the two sides have different vault recipients (ours: {}; theirs: {}); not merged, \
         ours is unchanged: make the recipients the same on both branches with \
         `hush vault recipients add|rm`, then merge again",
        names(&o),
        names(&t)
    )
}

/// Routes `*.vault` files of the repository holding `near` to the merge driver: the
/// `.gitattributes` line at the work tree root and the driver in the repository's own config.
/// Returns `false` when `near` is not inside a git work tree.
pub(in crate::cli) fn install_driver(near: &Path) -> Result<bool> {
    let dir = match near.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Ok(repo) = git2::Repository::discover(dir) else {
        return Ok(false);
    };
    let Some(work) = repo.workdir() else {
        return Ok(false);
    };
    let attributes = work.join(".gitattributes");
    let existing = match std::fs::read_to_string(&attributes) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("reading {}", attributes.display())),
    };
    if !existing.lines().any(|l| l.trim() == ATTRIBUTE) {
        let sep = if existing.is_empty() || existing.ends_with('\n') {
            ""
        } else {
            "\n"
        };
        std::fs::write(&attributes, format!("{existing}{sep}{ATTRIBUTE}\n"))
            .with_context(|| format!("writing {}", attributes.display()))?;
    }
    let exe = std::env::current_exe().context("locating the hush binary")?;
    let exe = format!("'{}'", exe.to_string_lossy().replace('\'', "'\\''"));
    let mut config = repo
        .config()
        .and_then(|c| c.open_level(git2::ConfigLevel::Local))
        .context("opening the repository's git config")?;
    let set = |config: &mut git2::Config, key: &str, value: &str| {
        config
            .set_str(&format!("merge.{DRIVER}.{key}"), value)
            .with_context(|| format!("setting merge.{DRIVER}.{key}"))
    };
    set(&mut config, "name", "hush vault: merge entry by entry")?;
    set(
        &mut config,
        "driver",
        &format!("{exe} vault merge %O %A %B"),
    )?;
    Ok(true)
}
