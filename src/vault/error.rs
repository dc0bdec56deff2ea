//! [`VaultError`]: everything that can go wrong opening or writing a vault. No variant ever
//! carries a value, a key or a passphrase; names, paths and line numbers are not secret.

use super::format::LineError;
use std::path::PathBuf;

/// A vault operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VaultError {
    /// There is no vault file at this path.
    #[error("no vault at {0}; create one with `hush vault init`")]
    NotFound(PathBuf),
    /// `create` found a file already at this path.
    #[error("{0} already exists; refusing to overwrite it")]
    AlreadyExists(PathBuf),
    /// Reading or writing the vault or a key file failed.
    #[error("{what} {path}")]
    Io {
        /// What was being done, e.g. "writing vault".
        what: &'static str,
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a well-formed v1 vault (truncated, corrupt, unknown version, hostile
    /// Argon2id parameters). `source` names the line.
    #[error("{path} is not a valid vault")]
    Format {
        /// The vault file.
        path: PathBuf,
        /// The line and the problem.
        #[source]
        source: LineError,
    },
    /// The data key did not unwrap: the key or passphrase is wrong, or the header (lines 1-4) was
    /// modified. The two cannot be told apart without the right key, as in age.
    #[error("wrong key or passphrase (or the vault header, lines 1-4, was modified)")]
    WrongKey,
    /// The key is right but a line after the header was changed, removed, duplicated, reordered
    /// or restored from an older version, or a value was moved from another name or vault.
    #[error("{path} was modified outside hush")]
    Tampered {
        /// The vault file.
        path: PathBuf,
        /// The line: the value that does not open, or the MAC line when only the MAC fails.
        #[source]
        source: LineError,
    },
    /// None of the key sources applies.
    #[error(
        "no key for {path}: {}",
        if *passphrase {
            "set HUSH_PASSPHRASE or run in a terminal to be prompted"
        } else {
            "set HUSH_VAULT_KEY, pass --keyfile, or put the key file in the default location"
        }
    )]
    NoKey {
        /// The vault file.
        path: PathBuf,
        /// Whether the vault wants a passphrase (else a key).
        passphrase: bool,
    },
    /// A key file is accessible by group or others, so it is refused (as ssh refuses keys).
    #[error(
        "key file {path} is accessible by group or others (mode {mode:o}); run `chmod 600 {path}`"
    )]
    KeyFilePermissions {
        /// The key file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// A key file belongs to another user (not this one, not root), who could have replaced it.
    #[error("key file {path} belongs to user {owner}, not to you; refusing it")]
    KeyFileOwner {
        /// The key file.
        path: PathBuf,
        /// Its owner's uid.
        owner: u32,
    },
    /// A key file does not hold a base64 256-bit key.
    #[error("key file {0} does not hold a base64 256-bit key")]
    KeyFileInvalid(PathBuf),
    /// `HUSH_VAULT_KEY` is set but is not a base64 256-bit key.
    #[error("HUSH_VAULT_KEY is not a base64 256-bit key")]
    EnvKeyInvalid,
    /// The header asks for Argon2id work above what hush writes (m=65536 t=3 p=1), refused
    /// before deriving anything unless costly parameters were allowed.
    #[error(
        "{path} asks for Argon2id m={m_kib} t={t} p={p}, above what hush writes \
         (m=65536 t=3 p=1); refusing to derive (a hostile file could make this take minutes); \
         pass --allow-costly-kdf if you trust this file"
    )]
    CostlyKdf {
        /// The vault file.
        path: PathBuf,
        /// Memory asked for, in KiB.
        m_kib: u32,
        /// Passes asked for.
        t: u32,
        /// Lanes asked for.
        p: u32,
    },
    /// The key source is of the wrong kind for this vault (a key for a passphrase vault, or the
    /// reverse).
    #[error("{0}")]
    KeyMismatch(&'static str),
    /// A name outside `[A-Za-z_][A-Za-z0-9_]*` (at most 256 bytes); it holds the name masked
    /// ([`crate::message::masked_arg`]), since a value pasted as a name must not be echoed.
    #[error("invalid name {0}: use letters, digits and `_`, not starting with a digit")]
    InvalidName(String),
    /// A value longer than [`super::MAX_VALUE_LEN`].
    #[error("value of {name} is longer than {max} bytes")]
    ValueTooLarge {
        /// The entry name.
        name: String,
        /// The limit, in bytes.
        max: usize,
    },
    /// `rotate` or `rollback` of a name the vault does not hold.
    #[error("{0} is not in the vault; add it with `hush vault set {0}` first")]
    NoEntry(String),
    /// `rollback` of a name with no older version kept.
    #[error("{0} has no older version to roll back to")]
    NoHistory(String),
    /// `rotate` of a name whose version number reached its maximum (2^32 - 1).
    #[error("{0} has been rotated too often; `vault rm` it and `vault set` it again")]
    VersionsExhausted(String),
    /// A generated value's length outside the bounds.
    #[error("length {length} is out of bounds: use {min} to {max} characters")]
    BadLength {
        /// The length asked for.
        length: usize,
        /// The shortest allowed.
        min: usize,
        /// The longest allowed.
        max: usize,
    },
    /// `save` on a vault opened with [`super::Vault::open`] (read-only, unlocked).
    #[error("vault was opened read-only; use Vault::open_locked to change it")]
    ReadOnly,
    /// Not an age X25519 public key; holds the argument only when it has a public key's
    /// shape (a pasted secret key is never repeated).
    #[error(
        "not an age X25519 public key: {0}; expected age1… (62 characters), as `age-keygen -y` prints it"
    )]
    BadPublicKey(String),
    /// A recipient name outside `[A-Za-z0-9_.@-]`, 1 to 64 bytes (shown masked).
    #[error("invalid recipient name {0}: use 1 to 64 letters, digits and `_ . @ -`")]
    InvalidRecipientName(String),
    /// `recipients add` of a name or public key the vault already has.
    #[error("recipient {0} is already in the vault (same name or public key)")]
    RecipientExists(String),
    /// `recipients rm` of a name or key the vault does not have.
    #[error("no recipient {0} in the vault; see `hush vault recipients list`")]
    NoSuchRecipient(String),
    /// An age identity file that cannot be used (permissions, owner, syntax). Never quotes it.
    #[error("identity file {path} {what}")]
    IdentityFile {
        /// The identity file.
        path: PathBuf,
        /// What is wrong with it (a line number at most).
        what: String,
    },
    /// No identity in the file opens any recipient line: not a member, or the recipient lines
    /// were modified (which cannot be told apart, as with a wrong key).
    #[error(
        "wrong key or passphrase: no identity in {0} is a recipient of this vault \
         (or its recipient lines were modified)"
    )]
    NotRecipient(PathBuf),
    /// A change that re-wraps the data key (recipients, `rotate --key`, `passwd`, the format
    /// version) on a vault opened with an age identity, which cannot wrap for the owner.
    #[error(
        "this needs the vault's own key file or passphrase: opened with an age identity, a \
         member can read and change values, not keys or recipients"
    )]
    NeedsOwnerKey,
    /// A plaintext dotenv file given to `import` is malformed; `source` names the line.
    #[error("not a valid dotenv file")]
    Dotenv(#[source] LineError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_line_and_say_what_to_do() {
        let e = VaultError::Format {
            path: ".env.vault".into(),
            source: LineError::new(7, "bad thing"),
        };
        let chain = format!("{:#}", anyhow::Error::from(e));
        assert_eq!(chain, ".env.vault is not a valid vault: line 7: bad thing");
        assert!(
            VaultError::WrongKey
                .to_string()
                .contains("wrong key or passphrase")
        );
        let no = VaultError::NoKey {
            path: "v".into(),
            passphrase: false,
        };
        assert!(no.to_string().contains("--keyfile"));
    }
}
