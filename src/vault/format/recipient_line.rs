//! v3 recipient lines: `#hush:recipient NAME AGE_PUBLIC_KEY b64(age file)`, text <-> struct.
//!
//! A recipient line is public text (a name, a public key, a ciphertext): this module checks its
//! shape only; what the ciphertext holds is `vault::recipient`'s business. The lines sit right
//! after line 4, each ending in `\n`, and are part of the owner's wrapped key's associated data
//! ([`key_aad`]) as well as of the MAC, so adding, removing, reordering or changing one by hand
//! is caught by the owner's key and by every member's MAC check. SECURITY.md ("v3") has the
//! byte-level rules.

use super::{HEADER_LINES, Header, LineError, V3, header_aad};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;

/// What a recipient line starts with.
pub(crate) const PREFIX: &str = "#hush:recipient ";
/// Longest recipient name, in bytes.
pub(crate) const MAX_RECIPIENT_NAME: usize = 64;
/// Bounds of the age file a line holds, in bytes: one X25519 stanza and a 32-byte payload is
/// about 230; the cap keeps a hostile file from making a reader decode or decrypt megabytes.
const MIN_WRAPPED: usize = 64;
const MAX_WRAPPED: usize = 1024;
/// Length of an age X25519 public key (`age1` + 58 bech32 characters).
pub(crate) const PUBLIC_KEY_LEN: usize = 62;

/// One recipient: who, their public key, and the data key age-encrypted to them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RecipientLine {
    /// `[A-Za-z0-9_.@-]`, 1 to 64 bytes; unique in a vault.
    pub(crate) name: String,
    /// The age X25519 public key, lower-case `age1…`, as written; unique in a vault.
    pub(crate) public: String,
    /// An age file (binary format, one X25519 stanza) whose payload is the data key.
    pub(crate) wrapped: Vec<u8>,
}

/// `true` for a recipient name hush accepts.
pub(crate) fn valid_recipient_name(name: &str) -> bool {
    (1..=MAX_RECIPIENT_NAME).contains(&name.len())
        && name
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'@' | b'-'))
}

/// `true` when `key` has the shape of a public key (`age1`, then bech32 lower-case letters and
/// digits): safe to echo in a message. Whether it decodes is checked by the age crate.
pub(crate) fn looks_public(key: &str) -> bool {
    const BECH32: &[u8] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    key.len() == PUBLIC_KEY_LEN
        && key.starts_with("age1")
        && key.bytes().skip(4).all(|c| BECH32.contains(&c))
}

/// Parses one line (without its `\n`); `Err` says what is wrong, never quoting the line.
pub(crate) fn parse_recipient_line(l: &str) -> Result<RecipientLine, &'static str> {
    let rest = l.strip_prefix(PREFIX).ok_or("expected `#hush:recipient`")?;
    let mut it = rest.split(' ');
    let (Some(name), Some(public), Some(wrapped), None) =
        (it.next(), it.next(), it.next(), it.next())
    else {
        return Err("expected `#hush:recipient NAME age1… <base64url>`");
    };
    if !valid_recipient_name(name) {
        return Err("bad recipient name (expected [A-Za-z0-9_.@-], at most 64 bytes)");
    }
    if !looks_public(public) {
        return Err("bad recipient public key (expected age1…)");
    }
    let wrapped = B64
        .decode(wrapped)
        .map_err(|_| "recipient key is not canonical base64url")?;
    if !(MIN_WRAPPED..=MAX_WRAPPED).contains(&wrapped.len()) {
        return Err("recipient key has an impossible length");
    }
    Ok(RecipientLine {
        name: name.to_owned(),
        public: public.to_owned(),
        wrapped,
    })
}

/// The recipient lines at the start of `lines` (line 5 on): at least one in v3, none before;
/// names and public keys unique.
pub(super) fn parse_recipients(
    lines: &[&str],
    version: u32,
) -> Result<Vec<RecipientLine>, LineError> {
    let mut out: Vec<RecipientLine> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if !l.starts_with(PREFIX) {
            break;
        }
        let no = HEADER_LINES + 1 + i;
        if version != V3 {
            let what = format!("a recipient line in a v{version} vault");
            return Err(LineError::new(no, what));
        }
        let r = parse_recipient_line(l).map_err(|w| LineError::new(no, w))?;
        if let Some(j) = out
            .iter()
            .position(|o| o.name == r.name || o.public == r.public)
        {
            let what = format!(
                "recipient {} again (first on line {})",
                r.name,
                HEADER_LINES + 1 + j
            );
            return Err(LineError::new(no, what));
        }
        out.push(r);
    }
    if version == V3 && out.is_empty() {
        let what = "a v3 vault without recipient lines after line 4 (expected v1 or v2)";
        return Err(LineError::new(1, what));
    }
    Ok(out)
}

/// Appends `r`'s line, with its `\n`.
pub(crate) fn write_recipient_line(s: &mut String, r: &RecipientLine) {
    s.push_str(PREFIX);
    s.push_str(&r.name);
    s.push(' ');
    s.push_str(&r.public);
    s.push(' ');
    B64.encode_string(&r.wrapped, s);
    s.push('\n');
}

/// The associated data wrapping the data key under the owner's KEK: lines 1-3, then every
/// recipient line (lines 5 …), exactly as written. With no recipients it is [`header_aad`], so
/// v1 and v2 files are unchanged.
pub(crate) fn key_aad(header: &Header, recipients: &[RecipientLine]) -> Vec<u8> {
    let mut aad = header_aad(header);
    let mut s = String::new();
    for r in recipients {
        write_recipient_line(&mut s, r);
    }
    aad.extend_from_slice(s.as_bytes());
    aad
}

#[cfg(test)]
mod tests {
    use super::*;

    const PK: &str = "age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq";

    fn line() -> RecipientLine {
        RecipientLine {
            name: "alice@example.org".to_owned(),
            public: PK.to_owned(),
            wrapped: vec![7; 200],
        }
    }

    #[test]
    fn round_trip_and_strictness() {
        let mut s = String::new();
        write_recipient_line(&mut s, &line());
        let text = s.strip_suffix('\n').expect("ends in LF");
        assert_eq!(parse_recipient_line(text), Ok(line()));
        for bad in [
            text.replacen("alice", "al ice", 1),
            text.replacen("age1", "age2", 1),
            format!("{text} "),
            format!("{text}="),
            text.replacen(PREFIX, "#hush:recipients ", 1),
            text.replacen("alice@example.org", "", 1),
            text.replacen("alice@example.org", &"a".repeat(65), 1),
        ] {
            assert!(parse_recipient_line(&bad).is_err(), "{bad}");
        }
        let short = RecipientLine {
            wrapped: vec![1; 10],
            ..line()
        };
        let mut s = String::new();
        write_recipient_line(&mut s, &short);
        assert!(parse_recipient_line(s.trim_end()).is_err());
    }

    #[test]
    fn names_and_public_key_shapes() {
        assert!(valid_recipient_name("bob"));
        assert!(valid_recipient_name("ci-runner_2.prod"));
        assert!(!valid_recipient_name(""));
        assert!(!valid_recipient_name("a b"));
        assert!(!valid_recipient_name("é"));
        assert!(looks_public(PK));
        assert!(!looks_public(&PK.to_uppercase()));
        assert!(!looks_public("AGE-SECRET-KEY-1QQQQ"));
        assert!(!looks_public(&PK[..61]));
    }
}
