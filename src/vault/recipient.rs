//! Age X25519 recipients: the data key wrapped for each team member, besides the owner's
//! key-encryption key (key file or passphrase), so each member opens the vault with their own
//! age identity and nobody passes one key around.
//!
//! A v3 vault carries one `#hush:recipient NAME age1… <age file>` line per member (see
//! `format::recipient_line`); the age file is made by the `age` crate for that one public key
//! and its payload is the 32-byte data key. This room and `crypto.rs` are the only code that
//! touches a cipher: here the age crate does all of it (X25519, HKDF, ChaCha20-Poly1305, the
//! header MAC), hush only chooses the payload.
//!
//! What a member can check: the data key from their line opens every value and the whole-file
//! MAC, so any change to the file, recipient lines included, is caught — unless the whole file
//! was forged from scratch by someone who knows the member's public key (age encryption is
//! anonymous, not signed). The owner's wrapped key (line 4) has every recipient line in its
//! associated data, so the owner also catches that. SECURITY.md ("v3") has the details.
//!
//! - `identity`: reading an identity file (`HUSH_IDENTITY`, `--identity`, the default file).
//! - `roster`: [`crate::vault::Vault`]'s `add_recipient`, `remove_recipient` (re-keys),
//!   `recipients`.

use super::format::RecipientLine;
use super::secret::{KEY_LEN, SecretKey};
use super::{VaultError, format};
use std::io::{Read as _, Write as _};
use std::str::FromStr as _;
use zeroize::Zeroizing;

mod identity;
mod roster;

pub use identity::default_identity_path;
pub(crate) use identity::read_identity_file;
pub use roster::Recipient;

/// Checks that `arg` is an age X25519 public key (`age1…`, canonical lower case), with an
/// error that never repeats a pasted secret key.
pub fn check_public_key(arg: &str) -> Result<(), VaultError> {
    parse_public(arg).map(|_| ())
}

/// The canonical public key in `arg` (`age1…`, lower case), or an error that echoes `arg` only
/// when it has the shape of a public key (a pasted secret key is never repeated).
pub(crate) fn parse_public(arg: &str) -> Result<age::x25519::Recipient, VaultError> {
    let bad = || {
        let shown = if format::looks_public(arg) {
            arg.to_owned()
        } else if arg.to_ascii_uppercase().starts_with("AGE-SECRET-KEY-") {
            "(an age secret key: never share it; give its public key, age1…)".to_owned()
        } else {
            "(not of the form age1…, 62 characters)".to_owned()
        };
        VaultError::BadPublicKey(shown)
    };
    if !format::looks_public(arg) {
        return Err(bad());
    }
    let key = age::x25519::Recipient::from_str(arg).map_err(|_| bad())?;
    if key.to_string() != arg {
        return Err(bad());
    }
    Ok(key)
}

/// The data key as an age file for `public`.
pub(crate) fn wrap(dek: &SecretKey, public: &age::x25519::Recipient) -> Vec<u8> {
    let encryptor = age::Encryptor::with_recipients(std::iter::once(public as _))
        .expect("one X25519 recipient is always a valid recipient set");
    let mut out = Vec::with_capacity(256);
    let mut w = encryptor
        .wrap_output(&mut out)
        .expect("writing to a Vec cannot fail");
    w.write_all(dek.expose())
        .and_then(|()| w.finish().map(|_| ()))
        .expect("writing to a Vec cannot fail");
    out
}

/// The data key from the first recipient line one of `identities` opens. Lines whose public
/// key is not one of the identities' are skipped without any work.
pub(crate) fn unwrap(
    identities: &[age::x25519::Identity],
    recipients: &[RecipientLine],
) -> Option<SecretKey> {
    for id in identities {
        let public = id.to_public().to_string();
        for line in recipients.iter().filter(|r| r.public == public) {
            if let Some(dek) = open_line(id, &line.wrapped) {
                return Some(dek);
            }
        }
    }
    None
}

fn open_line(id: &age::x25519::Identity, wrapped: &[u8]) -> Option<SecretKey> {
    let decryptor = age::Decryptor::new(wrapped).ok()?;
    let mut reader = decryptor.decrypt(std::iter::once(id as _)).ok()?;
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    reader.read_exact(&mut key[..]).ok()?;
    // Exactly 32 bytes: anything after them is not a data key of ours.
    let mut more = [0u8; 1];
    matches!(reader.read(&mut more), Ok(0)).then(|| SecretKey::from_bytes(key))
}

/// A new recipient line for `name` holding `dek` for `public`.
pub(crate) fn line(name: &str, public: &age::x25519::Recipient, dek: &SecretKey) -> RecipientLine {
    RecipientLine {
        name: name.to_owned(),
        public: public.to_string(),
        wrapped: wrap(dek, public),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_unwrap_round_trip_only_for_the_right_identity() {
        let (alice, bob) = (
            age::x25519::Identity::generate(),
            age::x25519::Identity::generate(),
        );
        let dek = SecretKey::generate();
        let lines = [line("alice", &alice.to_public(), &dek)];
        let got = unwrap(std::slice::from_ref(&alice), &lines).expect("alice opens");
        assert_eq!(got.expose(), dek.expose());
        assert!(unwrap(std::slice::from_ref(&bob), &lines).is_none());
        // Bob's key written beside Alice's ciphertext does not help him.
        let forged = [RecipientLine {
            public: bob.to_public().to_string(),
            ..lines[0].clone()
        }];
        assert!(unwrap(&[bob], &forged).is_none());
        // Any flipped byte of the age file is refused.
        for i in 0..lines[0].wrapped.len() {
            let mut bad = lines[0].clone();
            bad.wrapped[i] ^= 0x01;
            assert!(
                unwrap(std::slice::from_ref(&alice), &[bad]).is_none(),
                "byte {i}"
            );
        }
    }

    #[test]
    fn public_keys_are_checked_and_secret_keys_never_echoed() {
        let id = age::x25519::Identity::generate();
        let public = id.to_public().to_string();
        assert_eq!(parse_public(&public).expect("valid").to_string(), public);
        let mut typo = public.clone();
        typo.replace_range(10..11, if &public[10..11] == "q" { "p" } else { "q" });
        let err = parse_public(&typo).expect_err("checksum").to_string();
        assert!(err.contains(&typo), "{err}");
        use secrecy::ExposeSecret as _;
        let secret = id.to_string();
        let err = parse_public(secret.expose_secret())
            .expect_err("secret")
            .to_string();
        assert!(!err.contains(&secret.expose_secret()[15..]), "{err}");
        assert!(err.contains("secret key"), "{err}");
        assert!(parse_public(&public.to_uppercase()).is_err());
    }
}
