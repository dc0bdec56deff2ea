use super::*;
use crate::vault::format::{self, Kdf};
use crate::vault::{KeySource, SecretString, Vault, crypto};

fn pass() -> KeySource {
    KeySource::Passphrase(SecretString::from("correct horse battery staple"))
}

#[test]
fn defaults_pass_and_anything_above_is_costly() {
    assert!(!is_costly(Argon2Params::DEFAULT));
    for params in [
        Argon2Params {
            m_kib: Argon2Params::DEFAULT.m_kib + 1,
            ..Argon2Params::DEFAULT
        },
        Argon2Params {
            t: 4,
            ..Argon2Params::DEFAULT
        },
        Argon2Params {
            p: 2,
            ..Argon2Params::DEFAULT
        },
        Argon2Params::MAX,
    ] {
        assert!(is_costly(params), "{params:?}");
    }
}

/// Issue 19.2. The one test that flips the process-wide switch: every other test opens vaults
/// with default parameters, which the switch never affects.
#[test]
fn costly_header_refused_before_deriving_unless_allowed() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("v");
    let mut vault = Vault::create(&path, &pass()).expect("creates");
    assert_eq!(vault.costly_kdf(), None);
    // Re-key it as a deliberate user of costlier parameters would have: t = 4.
    let params = Argon2Params {
        t: 4,
        ..Argon2Params::DEFAULT
    };
    let salt = crypto::random();
    vault.kek =
        Some(crypto::argon2id(b"correct horse battery staple", &salt, params).expect("derives"));
    vault.header.kdf = Kdf::Argon2id { params, salt };
    let aad = format::header_aad(&vault.header);
    vault.header.wrapped_key = crypto::wrap(vault.kek.as_ref().expect("owner"), &vault.dek, &aad);
    vault.save().expect("saves");
    drop(vault);

    // Refused with any source, before the source is consulted: an empty environment would
    // otherwise give NoKey (and the CLI would prompt).
    let err = Vault::open(&path, &pass()).map(|_| ());
    assert!(
        matches!(err, Err(VaultError::CostlyKdf { t: 4, .. })),
        "{err:?}"
    );
    let env = KeySource::Environment { keyfile: None };
    let err = Vault::open(&path, &env).map(|_| ());
    assert!(matches!(err, Err(VaultError::CostlyKdf { .. })), "{err:?}");

    allow_costly_kdf(true);
    let opened = Vault::open(&path, &pass());
    allow_costly_kdf(false);
    let opened = opened.expect("opens once allowed");
    assert_eq!(opened.costly_kdf().as_deref(), Some("m=65536 t=4 p=1"));
}
