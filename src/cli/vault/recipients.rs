//! `hush vault recipients add|rm|list`: who besides the owner can open the vault, each with
//! their own age identity.
//!
//! Public keys and names are not secret, so they are printed and named in errors; a secret
//! key pasted where a public key belongs is never echoed. `add` and `rm` need the owner's key
//! (key file or passphrase); `rm` re-keys the vault, so the member removed cannot read the
//! next version (older copies, in git history, still open for them).

use super::super::exit::ExitCode;
use super::{VaultArgs, open};
use anyhow::Result;
use clap::Subcommand;
use std::io::Write as _;

/// `vault recipients` verbs.
#[derive(Debug, Subcommand)]
pub(super) enum RecipientsVerb {
    /// Wrap the data key for an age X25519 public key (age1…), so its owner opens the vault
    /// with their identity file. Needs the vault's own key.
    Add {
        /// The member's public key, as `age-keygen -y` prints it (age1…, 62 characters).
        #[arg(value_name = "AGE_PUBLIC_KEY")]
        public_key: String,
        /// A name for the member (letters, digits, `_ . @ -`; at most 64).
        ///
        /// Default: the first 12 characters of the public key.
        #[arg(long)]
        name: Option<String>,
    },
    /// Remove a member by name or public key and re-key the vault (every value re-sealed
    /// under a new data key). Needs the vault's own key.
    Rm {
        /// The member's name or public key.
        #[arg(value_name = "NAME_OR_KEY")]
        who: String,
    },
    /// Print each member's name and public key, one per line (never a secret).
    List,
}

pub(super) fn recipients(args: &VaultArgs, verb: &RecipientsVerb) -> Result<ExitCode> {
    match verb {
        RecipientsVerb::Add { public_key, name } => {
            // Checked before any key is asked for, so a typo costs no prompt.
            hush::vault::check_public_key(public_key)?;
            let mut vault = open(args, true)?;
            let added = vault.add_recipient(public_key, name.as_deref())?;
            vault.save()?;
            eprintln!(
                "hush: {} can now open {} with their age identity ({})",
                added.name,
                args.file.display(),
                added.public_key
            );
        }
        RecipientsVerb::Rm { who } => {
            let mut vault = open(args, true)?;
            let removed = vault.remove_recipient(who)?;
            vault.save()?;
            eprintln!(
                "hush: removed {} and re-keyed {}: they cannot open this version, but older \
                 copies (git history) still open with their identity; rotate the values \
                 they saw",
                removed.name,
                args.file.display()
            );
        }
        RecipientsVerb::List => {
            let vault = open(args, false)?;
            let mut out = std::io::stdout().lock();
            for r in vault.recipients() {
                writeln!(out, "{}\t{}", r.name, r.public_key)?;
            }
            out.flush()?;
        }
    }
    Ok(ExitCode::Clean)
}
