//! The vault's cryptography, and the only module that imports a crypto crate.
//!
//! - [`argon2id`]: passphrase -> key-encryption key (KEK), with parameters capped before any work.
//! - [`seal`] / [`open`]: XChaCha20-Poly1305 under a fresh random 192-bit nonce; the output is
//!   `nonce (24) ‖ ciphertext ‖ tag (16)`. Used for values (key = data key) and for wrapping the
//!   data key (key = KEK).
//! - [`mac`] / [`verify_mac`]: keyed BLAKE3 under a subkey derived from the data key with
//!   `blake3::derive_key` and a context string used for nothing else.
//!
//! This module never parses; `format.rs` never sees a key (as in age: format.rs vs primitives.rs).

use super::secret::{KEY_LEN, SecretKey};
use chacha20poly1305::aead::{Aead, AeadInOut, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

/// Nonce length of XChaCha20-Poly1305, in bytes (192 bits).
pub(crate) const NONCE_LEN: usize = 24;
/// Poly1305 tag length, in bytes.
pub(crate) const TAG_LEN: usize = 16;
/// MAC length, in bytes.
pub(crate) const MAC_LEN: usize = 32;

/// Context for deriving the MAC key from the data key; never reused for anything else.
const MAC_CONTEXT: &str = "hush vault v1 2026-11-21 file MAC key";

/// Argon2id cost. `m_kib` is memory in KiB, `t` passes, `p` lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Argon2Params {
    pub(crate) m_kib: u32,
    pub(crate) t: u32,
    pub(crate) p: u32,
}

impl Argon2Params {
    /// What `vault init --passphrase` uses: 64 MiB, 3 passes, 1 lane.
    pub(crate) const DEFAULT: Self = Self {
        m_kib: 64 * 1024,
        t: 3,
        p: 1,
    };
    /// The weakest parameters a v1 vault may carry (the default).
    pub(crate) const MIN: Self = Self::DEFAULT;
    /// The strongest parameters a reader accepts, so a hostile file cannot make us allocate or
    /// compute without bound (as age caps scrypt's work factor): 4 GiB, 64 passes, 16 lanes.
    pub(crate) const MAX: Self = Self {
        m_kib: 4 * 1024 * 1024,
        t: 64,
        p: 16,
    };

    /// `Err` with a reason when outside `MIN..=MAX`.
    pub(crate) fn check(self) -> Result<(), &'static str> {
        let (lo, hi) = (Self::MIN, Self::MAX);
        if self.m_kib < lo.m_kib || self.t < lo.t || self.p < lo.p {
            Err("Argon2id parameters below the minimum (m=65536 t=3 p=1)")
        } else if self.m_kib > hi.m_kib || self.t > hi.t || self.p > hi.p {
            Err("Argon2id parameters above the maximum (m=4194304 t=64 p=16)")
        } else {
            Ok(())
        }
    }
}

/// Decryption or authentication failed. Carries nothing: the caller knows what it opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unauthentic;

/// Fills `N` bytes from the OS RNG.
pub(crate) fn random<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    getrandom::fill(&mut out).expect("the OS random number generator is available");
    out
}

/// Stretches `passphrase` into a KEK. Checks `params` against the caps first.
pub(crate) fn argon2id(
    passphrase: &[u8],
    salt: &[u8],
    params: Argon2Params,
) -> Result<SecretKey, &'static str> {
    params.check()?;
    let p = argon2::Params::new(params.m_kib, params.t, params.p, Some(KEY_LEN))
        .map_err(|_| "invalid Argon2id parameters")?;
    let a = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, p);
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    a.hash_password_into(passphrase, salt, &mut out[..])
        .map_err(|_| "Argon2id failed (out of memory, or a bad salt)")?;
    Ok(SecretKey::from_bytes(out))
}

fn cipher(key: &SecretKey) -> XChaCha20Poly1305 {
    XChaCha20Poly1305::new(key.expose().into())
}

/// Encrypts `plaintext` under `key` with a fresh random nonce: `nonce ‖ ciphertext ‖ tag`.
pub(crate) fn seal(key: &SecretKey, plaintext: &[u8], aad: &[u8]) -> Vec<u8> {
    let nonce_bytes = random::<NONCE_LEN>();
    let nonce = XNonce::from(nonce_bytes);
    let sealed = cipher(key)
        .encrypt(
            &nonce,
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .expect("XChaCha20-Poly1305 accepts any message under 256 GiB");
    let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
    out.extend_from_slice(&nonce_bytes);
    out.extend_from_slice(&sealed);
    out
}

/// Decrypts what [`seal`] produced. The plaintext buffer zeroizes on drop and is allocated once
/// at its final size, so no unzeroized copy is left behind by a reallocation.
pub(crate) fn open(
    key: &SecretKey,
    sealed: &[u8],
    aad: &[u8],
) -> Result<Zeroizing<Vec<u8>>, Unauthentic> {
    if sealed.len() < NONCE_LEN + TAG_LEN {
        return Err(Unauthentic);
    }
    let (nonce, body) = sealed.split_at(NONCE_LEN);
    let nonce = XNonce::try_from(nonce).map_err(|_| Unauthentic)?;
    let mut buf = Zeroizing::new(Vec::with_capacity(body.len()));
    buf.extend_from_slice(body);
    cipher(key)
        .decrypt_in_place(&nonce, aad, &mut *buf)
        .map_err(|_| Unauthentic)?;
    Ok(buf)
}

/// Wraps the data key under the KEK.
pub(crate) fn wrap(kek: &SecretKey, dek: &SecretKey, aad: &[u8]) -> Vec<u8> {
    seal(kek, dek.expose(), aad)
}

/// Unwraps the data key; `Unauthentic` for a wrong KEK or a modified header.
pub(crate) fn unwrap(
    kek: &SecretKey,
    wrapped: &[u8],
    aad: &[u8],
) -> Result<SecretKey, Unauthentic> {
    let plain = open(kek, wrapped, aad)?;
    let bytes: [u8; KEY_LEN] = plain.as_slice().try_into().map_err(|_| Unauthentic)?;
    Ok(SecretKey::from_bytes(Zeroizing::new(bytes)))
}

fn mac_key(dek: &SecretKey) -> Zeroizing<[u8; KEY_LEN]> {
    Zeroizing::new(blake3::derive_key(MAC_CONTEXT, dek.expose()))
}

/// The MAC of `data` under the subkey derived from the data key.
pub(crate) fn mac(dek: &SecretKey, data: &[u8]) -> [u8; MAC_LEN] {
    *blake3::keyed_hash(&mac_key(dek), data).as_bytes()
}

/// Constant-time check of a MAC from [`mac`].
pub(crate) fn verify_mac(dek: &SecretKey, data: &[u8], tag: &[u8; MAC_LEN]) -> bool {
    // blake3::Hash's PartialEq is constant-time.
    blake3::keyed_hash(&mac_key(dek), data) == blake3::Hash::from_bytes(*tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_open_round_trip_and_aad_binding() {
        let key = SecretKey::generate();
        let sealed = seal(&key, b"hunter2", b"id|NAME");
        assert_eq!(sealed.len(), NONCE_LEN + 7 + TAG_LEN);
        assert_eq!(
            open(&key, &sealed, b"id|NAME").expect("opens").as_slice(),
            b"hunter2"
        );
        assert_eq!(open(&key, &sealed, b"id|OTHER"), Err(Unauthentic));
        assert_eq!(
            open(&SecretKey::generate(), &sealed, b"id|NAME"),
            Err(Unauthentic)
        );
        assert_eq!(open(&key, &sealed[..20], b"id|NAME"), Err(Unauthentic));
    }

    #[test]
    fn nonces_are_fresh() {
        let key = SecretKey::generate();
        assert_ne!(seal(&key, b"x", b""), seal(&key, b"x", b""));
    }

    #[test]
    fn every_bit_flip_is_unauthentic() {
        let key = SecretKey::generate();
        let sealed = seal(&key, b"value", b"aad");
        for i in 0..sealed.len() * 8 {
            let mut bad = sealed.clone();
            bad[i / 8] ^= 1 << (i % 8);
            assert_eq!(open(&key, &bad, b"aad"), Err(Unauthentic), "bit {i}");
        }
    }

    #[test]
    fn wrap_unwrap() {
        let (kek, dek) = (SecretKey::generate(), SecretKey::generate());
        let w = wrap(&kek, &dek, b"header");
        assert_eq!(
            unwrap(&kek, &w, b"header").expect("unwraps").expose(),
            dek.expose()
        );
        assert!(unwrap(&kek, &w, b"header2").is_err());
    }

    #[test]
    fn mac_is_keyed_and_checked() {
        let dek = SecretKey::generate();
        let tag = mac(&dek, b"file");
        assert!(verify_mac(&dek, b"file", &tag));
        assert!(!verify_mac(&dek, b"filE", &tag));
        assert!(!verify_mac(&SecretKey::generate(), b"file", &tag));
        // The MAC key is not the data key itself.
        assert_ne!(tag, *blake3::keyed_hash(dek.expose(), b"file").as_bytes());
    }

    #[test]
    fn argon2_parameters_are_capped_before_work() {
        let salt = [1u8; 16];
        let huge = Argon2Params {
            m_kib: u32::MAX,
            ..Argon2Params::DEFAULT
        };
        assert!(argon2id(b"pw", &salt, huge).is_err());
        let slow = Argon2Params {
            t: 1000,
            ..Argon2Params::DEFAULT
        };
        assert!(argon2id(b"pw", &salt, slow).is_err());
        let weak = Argon2Params {
            m_kib: 1024,
            ..Argon2Params::DEFAULT
        };
        assert!(argon2id(b"pw", &salt, weak).is_err());
    }

    #[test]
    fn argon2_default_is_deterministic_and_salted() {
        let a = argon2id(b"pw", &[1u8; 16], Argon2Params::DEFAULT).expect("derives");
        let b = argon2id(b"pw", &[1u8; 16], Argon2Params::DEFAULT).expect("derives");
        let c = argon2id(b"pw", &[2u8; 16], Argon2Params::DEFAULT).expect("derives");
        assert_eq!(a.expose(), b.expose());
        assert_ne!(a.expose(), c.expose());
    }
}
