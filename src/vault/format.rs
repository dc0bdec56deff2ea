//! The vault file, v1, v2 and v3: text <-> [`Parsed`] and back. Never sees a key.
//!
//! ```text
//! #hush:vault v1                                          v2 while any history line is present
//! #hush:id <base64url, 16 bytes>
//! #hush:kdf keyfile | #hush:kdf argon2id m=<KiB> t=<passes> p=<lanes> salt=<base64url, 16 bytes>
//! #hush:key <base64url(nonce ‖ wrapped data key ‖ tag), 72 bytes>
//! #hush:recipient NAME age1… <base64url(age file)>    (v3) the data key for each member
//! NAME=hush:v1:<base64url(nonce ‖ ciphertext ‖ tag)>      one per entry, any number of
//! NAME~7=hush:v1:<base64url(...)>                         (v2) older values of NAME, newest
//! NAME~6=hush:v1:<base64url(...)>                         first, right after NAME's entry
//! # a comment                                            comments and empty lines between
//! #hush:mac <base64url, 32 bytes>                         last line, covers every byte above
//! ```
//! Every line ends in `\n`; base64url is unpadded with canonical trailing bits. The full byte-level
//! specification, and how later versions are read, is in SECURITY.md ("Vault").

use super::crypto::{Argon2Params, MAC_LEN, NONCE_LEN, TAG_LEN};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use std::fmt::Write as _;

/// Length of a vault id, in bytes.
pub(crate) const ID_LEN: usize = 16;
/// Length of an Argon2id salt, in bytes.
pub(crate) const SALT_LEN: usize = 16;
/// Longest accepted entry name, in bytes.
pub(crate) const MAX_NAME_LEN: usize = 256;
/// The format without history lines, which every hush reads.
pub(crate) const V1: u32 = 1;
/// The format with history lines (`NAME~N=`), written only while a vault holds history.
pub(crate) const V2: u32 = 2;
/// The format with age recipient lines after line 4, written only while a vault has recipients
/// (history lines may or may not be present).
pub(crate) const V3: u32 = 3;
/// Number of fixed header lines; recipient lines (v3) follow them, then the body.
pub(crate) const HEADER_LINES: usize = 4;
const WRAPPED_LEN: usize = NONCE_LEN + 32 + TAG_LEN;

/// A vault file or dotenv file problem at a 1-based line number. Never holds a value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {what}")]
pub struct LineError {
    line: usize,
    what: String,
}

impl LineError {
    pub(crate) fn new(line: usize, what: impl Into<String>) -> Self {
        Self {
            line,
            what: what.into(),
        }
    }

    /// The 1-based line number.
    pub fn line(&self) -> usize {
        self.line
    }
}

/// How the data key is wrapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kdf {
    /// The KEK is a random 256-bit key (key file or `HUSH_VAULT_KEY`).
    KeyFile,
    /// The KEK is Argon2id(passphrase, salt) with these parameters.
    Argon2id {
        params: Argon2Params,
        salt: [u8; SALT_LEN],
    },
}

/// Lines 1-4.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    /// [`V1`], [`V2`] or [`V3`], from line 1.
    pub(crate) version: u32,
    pub(crate) id: [u8; ID_LEN],
    pub(crate) kdf: Kdf,
    pub(crate) wrapped_key: Vec<u8>,
}

/// One body line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Line {
    Blank,
    /// The whole line, starting with `#`.
    Comment(String),
    Entry {
        name: String,
        sealed: Vec<u8>,
    },
    /// An older value of `name` (v2 only): follows `name`'s entry or a history line of `name`
    /// with a higher `version`.
    History {
        name: String,
        /// 1 for the first value `name` had, counting up; never 0.
        version: u32,
        sealed: Vec<u8>,
    },
}

/// A parsed file, and what its MAC covers.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub(crate) header: Header,
    /// Lines 5 … (v3 only; empty otherwise).
    pub(crate) recipients: Vec<RecipientLine>,
    pub(crate) lines: Vec<Line>,
    pub(crate) mac: [u8; MAC_LEN],
    /// Length of the prefix of the file the MAC covers: every byte before the MAC line.
    pub(crate) covered: usize,
}

/// `true` for `[A-Za-z_][A-Za-z0-9_]*` up to [`MAX_NAME_LEN`] bytes.
pub(crate) fn valid_name(name: &str) -> bool {
    let b = name.as_bytes();
    !b.is_empty()
        && b.len() <= MAX_NAME_LEN
        && !b[0].is_ascii_digit()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

/// A comment as the body may hold it: `#`, not `#hush:`, no line break.
pub(crate) fn valid_comment(text: &str) -> bool {
    text.starts_with('#') && !text.starts_with("#hush:") && !text.contains(['\n', '\r'])
}

/// The associated data sealing the value of `name`: vault id ‖ name.
pub(crate) fn entry_aad(id: &[u8; ID_LEN], name: &str) -> Vec<u8> {
    [&id[..], name.as_bytes()].concat()
}

/// The associated data sealing version `version` of `name` as history:
/// vault id ‖ name ‖ 0x00 ‖ `history` ‖ 0x00 ‖ version (u32 big-endian). A name never holds a
/// 0x00 byte, so this never equals the [`entry_aad`] of any name.
pub(crate) fn history_aad(id: &[u8; ID_LEN], name: &str, version: u32) -> Vec<u8> {
    [
        &id[..],
        name.as_bytes(),
        b"\0history\0",
        &version.to_be_bytes(),
    ]
    .concat()
}

/// The associated data wrapping the data key: lines 1-3 exactly as written.
pub(crate) fn header_aad(header: &Header) -> Vec<u8> {
    let mut s = String::new();
    write_id_kdf(&mut s, header);
    s.into_bytes()
}

fn write_id_kdf(s: &mut String, h: &Header) {
    let _ = write!(s, "#hush:vault v{}\n#hush:id ", h.version);
    B64.encode_string(h.id, s);
    match &h.kdf {
        Kdf::KeyFile => s.push_str("\n#hush:kdf keyfile\n"),
        Kdf::Argon2id { params, salt } => {
            let Argon2Params { m_kib, t, p } = params;
            let _ = write!(s, "\n#hush:kdf argon2id m={m_kib} t={t} p={p} salt=");
            B64.encode_string(salt, s);
            s.push('\n');
        }
    }
}

/// Everything the MAC covers: header, recipient lines and body, each line ending in `\n`.
pub(crate) fn render(header: &Header, recipients: &[RecipientLine], lines: &[Line]) -> String {
    let mut s = String::new();
    write_id_kdf(&mut s, header);
    s.push_str("#hush:key ");
    B64.encode_string(&header.wrapped_key, &mut s);
    s.push('\n');
    for r in recipients {
        write_recipient_line(&mut s, r);
    }
    for line in lines {
        match line {
            Line::Blank => {}
            Line::Comment(c) => s.push_str(c),
            Line::Entry { name, sealed } => {
                s.push_str(name);
                s.push_str("=hush:v1:");
                B64.encode_string(sealed, &mut s);
            }
            Line::History {
                name,
                version,
                sealed,
            } => {
                let _ = write!(s, "{name}~{version}=hush:v1:");
                B64.encode_string(sealed, &mut s);
            }
        }
        s.push('\n');
    }
    s
}

/// The last line, given the MAC of [`render`]'s output.
pub(crate) fn mac_line(mac: &[u8; MAC_LEN]) -> String {
    format!("#hush:mac {}\n", B64.encode(mac))
}

mod parse;
mod recipient_line;
pub(crate) use parse::{parse, parse_kdf};
pub(crate) use recipient_line::{
    RecipientLine, key_aad, looks_public, valid_recipient_name, write_recipient_line,
};

#[cfg(test)]
mod tests;
