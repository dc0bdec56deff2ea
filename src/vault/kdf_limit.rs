//! How much Argon2id work a vault header may ask for before hush refuses to derive.
//!
//! Vault files are attacker-controlled (a pull request can change one), and the parser accepts
//! parameters up to [`Argon2Params::MAX`] (4 GiB, 64 passes) so that a vault written by a
//! deliberate `--allow-costly-kdf` user stays readable. Deriving at those caps takes minutes and
//! gigabytes before "wrong key" can be said, so by default a reader accepts no more than what
//! hush itself writes ([`Argon2Params::DEFAULT`]); more needs an explicit opt-in for the process
//! ([`allow_costly_kdf`], the CLI's `--allow-costly-kdf`). The check runs before any key source
//! is asked (no prompt) and before any derivation, as age caps scrypt's work factor
//! (age/src/native/scrypt.rs `max_work_factor`).

use super::VaultError;
use super::crypto::Argon2Params;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// Process-wide, because the choice belongs to whoever runs the process (a flag given once),
/// not to each of the many places a vault is opened from.
static ALLOW_COSTLY: AtomicBool = AtomicBool::new(false);

/// Lets vault headers ask for Argon2id parameters above the defaults (up to 4 GiB, 64 passes,
/// 16 lanes) for the rest of this process. Only for vault files you trust.
pub fn allow_costly_kdf(allow: bool) {
    ALLOW_COSTLY.store(allow, Ordering::Relaxed);
}

/// `true` when `params` ask for more memory, passes or lanes than hush writes.
pub(crate) fn is_costly(params: Argon2Params) -> bool {
    let d = Argon2Params::DEFAULT;
    params.m_kib > d.m_kib || params.t > d.t || params.p > d.p
}

/// Refuses `params` above the defaults unless [`allow_costly_kdf`] was called.
pub(crate) fn check(path: &Path, params: Argon2Params) -> Result<(), VaultError> {
    if is_costly(params) && !ALLOW_COSTLY.load(Ordering::Relaxed) {
        let Argon2Params { m_kib, t, p } = params;
        return Err(VaultError::CostlyKdf {
            path: path.to_owned(),
            m_kib,
            t,
            p,
        });
    }
    Ok(())
}

impl super::Vault {
    /// The Argon2id parameters of this vault's header (`m=… t=… p=…`) when they are above what
    /// hush writes, for `vault check` to warn about; `None` for the defaults or a key file.
    pub fn costly_kdf(&self) -> Option<String> {
        match &self.header.kdf {
            super::format::Kdf::Argon2id { params, .. } if is_costly(*params) => {
                let Argon2Params { m_kib, t, p } = params;
                Some(format!("m={m_kib} t={t} p={p}"))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
