//! The `_hush` metadata entry: one string value at the top of a sealed file.
//!
//! ```text
//! hush:seal:v1;id=<b64>;keyid=<b64>;kdf=keyfile;key=<b64>;mac=<b64>
//! hush:seal:v1;id=<b64>;keyid=<b64>;kdf=argon2id m=65536 t=3 p=1 salt=<b64>;key=<b64>;mac=<b64>
//! ```
//! (base64url, unpadded.) `id` is the file id (16 random bytes, bound into every value's
//! associated data); `keyid` names the key that wraps the data key, as a vault id does: the file
//! id for a file sealed with its own key, the vault's id with `--vault` (so the vault's key file
//! opens it); `kdf` is the vault's KDF line; `key` is the data key wrapped under the
//! key-encryption key with [`wrap_aad`]; `mac` is the keyed BLAKE3 MAC of [`mac_input`]. This
//! module never sees a key.

use crate::vault::crypto::{MAC_LEN, NONCE_LEN, TAG_LEN};
use crate::vault::format::{self, ID_LEN, Kdf};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use std::fmt::Write as _;

/// The key of the metadata entry at the top level of a sealed file.
pub const KEY: &str = "_hush";
const MAGIC: &str = "hush:seal:v1";
const WRAPPED_LEN: usize = NONCE_LEN + 32 + TAG_LEN;

/// The parsed `_hush` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Meta {
    pub(crate) id: [u8; ID_LEN],
    pub(crate) key_id: [u8; ID_LEN],
    pub(crate) kdf: Kdf,
    pub(crate) wrapped: Vec<u8>,
    pub(crate) mac: [u8; MAC_LEN],
}

fn kdf_text(kdf: &Kdf) -> String {
    match kdf {
        Kdf::KeyFile => "keyfile".to_owned(),
        Kdf::Argon2id { params, salt } => format!(
            "argon2id m={} t={} p={} salt={}",
            params.m_kib,
            params.t,
            params.p,
            B64.encode(salt)
        ),
    }
}

impl Meta {
    /// Everything but the MAC, as written: what the data key's wrapping authenticates.
    fn head(&self) -> String {
        let mut s = String::from(MAGIC);
        let _ = write!(
            s,
            ";id={};keyid={};kdf={}",
            B64.encode(self.id),
            B64.encode(self.key_id),
            kdf_text(&self.kdf)
        );
        s
    }

    /// The entry's string value.
    pub(crate) fn render(&self) -> String {
        let mut s = self.head();
        let _ = write!(
            s,
            ";key={};mac={}",
            B64.encode(&self.wrapped),
            B64.encode(self.mac)
        );
        s
    }

    /// Parses the entry's string value; `Err` says what is wrong.
    pub(crate) fn parse(text: &str) -> Result<Self, &'static str> {
        let mut it = text.split(';');
        if it.next() != Some(MAGIC) {
            return Err("expected `hush:seal:v1;…` (a newer hush, or not a hush entry)");
        }
        let mut field = |name: &str| it.next().and_then(|f| f.strip_prefix(name));
        let id = field("id=").and_then(exact::<ID_LEN>).ok_or("bad id")?;
        let key_id = field("keyid=")
            .and_then(exact::<ID_LEN>)
            .ok_or("bad keyid")?;
        let kdf = field("kdf=")
            .and_then(|k| format::parse_kdf(&format!("#hush:kdf {k}")))
            .ok_or("bad kdf")?;
        if let Kdf::Argon2id { params, .. } = &kdf {
            params.check()?;
        }
        let wrapped = field("key=")
            .and_then(exact::<WRAPPED_LEN>)
            .ok_or("bad key")?
            .to_vec();
        let mac = field("mac=").and_then(exact::<MAC_LEN>).ok_or("bad mac")?;
        if it.next().is_some() {
            return Err("unexpected fields after mac");
        }
        Ok(Self {
            id,
            key_id,
            kdf,
            wrapped,
            mac,
        })
    }

    /// Associated data wrapping the data key: a context string, then the entry up to `kdf`.
    pub(crate) fn wrap_aad(&self) -> Vec<u8> {
        format!("hush seal data key\0{}", self.head()).into_bytes()
    }

    /// The vault header the key sources understand (its id names the default key file).
    pub(crate) fn key_header(&self) -> format::Header {
        format::Header {
            version: format::V1,
            id: self.key_id,
            kdf: self.kdf.clone(),
            wrapped_key: self.wrapped.clone(),
        }
    }
}

/// What the MAC covers: a context string, the entry without the MAC, then each sealed value in
/// document order as `len(path) ‖ path ‖ len(sealed) ‖ sealed` (u32 big-endian lengths), so
/// removing, adding, duplicating, reordering or rolling back any sealed value changes it. The
/// context differs from anything a vault file MAC covers (which starts `#hush:vault`).
pub(crate) fn mac_input<'a>(
    meta: &Meta,
    sealed: impl Iterator<Item = (&'a str, &'a [u8])>,
) -> Vec<u8> {
    let mut out = format!("hush seal mac\0{}\0", meta.head()).into_bytes();
    for (path, bytes) in sealed {
        for part in [path.as_bytes(), bytes] {
            let n = u32::try_from(part.len()).unwrap_or(u32::MAX);
            out.extend_from_slice(&n.to_be_bytes());
            out.extend_from_slice(part);
        }
    }
    out
}

fn exact<const N: usize>(s: &str) -> Option<[u8; N]> {
    B64.decode(s).ok()?.try_into().ok()
}

#[cfg(test)]
mod tests;
