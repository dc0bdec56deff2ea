//! Offline validators: checksums and structure checks that confirm or reject a candidate.
//!
//! A validator never contacts a provider. It answers one question about the secret's bytes:
//! does this carry the structure a real value must have (a CRC, a check digit, a valid
//! range)? A fail drops the candidate. A pass of a strong check (a checksum a random value
//! fails nearly always) raises the finding's confidence to high; a weak one (Luhn passes one
//! random number in ten, the SSN, phone and e-mail checks are range and policy checks) leaves
//! the rule's confidence as it is, so no card number or SSN is ever high on its own.

use base64::Engine as _;

mod basic_auth;
mod email;
pub(super) mod encoded;
mod iban;
mod phone;

/// An offline check named by a rule's `validator` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validator {
    /// Luhn check digit over 13–19 digits (card numbers); spaces and dashes ignored.
    Luhn,
    /// GitHub/npm style: 30 base62 chars then their CRC32 as 6 base62 chars.
    GithubChecksum,
    /// IBAN: known country, that country's length, mod-97 remainder 1.
    Iban,
    /// US SSN: area not 000/666/900-999, group not 00, serial not 0000.
    Ssn,
    /// JWT: three base64url segments, the header a JSON object with `alg`.
    Jwt,
    /// The secret ends in base64 (standard, or URL-safe when `url`) of exactly `len` bytes.
    Base64 {
        /// Decoded length in bytes.
        len: u16,
        /// URL-safe alphabet.
        url: bool,
    },
    /// Bech32 (BIP 173): human-readable part, `1`, data, and a valid 6-character checksum.
    Bech32,
    /// A PEM block whose base64 body decodes to one DER SEQUENCE of the right length.
    PemDer,
    /// From its first `eyJ` the secret is base64 of a JSON object (optionally `_`-suffixed).
    JsonBase64,
    /// Standard base64 of `user:password`, both parts non-empty (HTTP Basic, Docker `auth`).
    BasicAuth,
    /// A phone number its numbering plan allows (E.164 country code and length, NANP rules).
    Phone,
    /// An e-mail address outside the documentation domains and role senders (see `email.rs`).
    Email,
}

impl Validator {
    /// Every validator name a rule file may use.
    pub const NAMES: &'static [&'static str] = &[
        "luhn",
        "github-checksum",
        "iban",
        "ssn",
        "jwt",
        "base64:N",
        "base64url:N",
        "bech32",
        "pem-der",
        "json-base64",
        "basic-auth",
        "phone",
        "email",
    ];

    /// Looks a validator up by its rule-file name.
    pub fn from_name(name: &str) -> Option<Self> {
        if let Some((kind, len)) = name.split_once(':') {
            let len = len.parse().ok().filter(|&n| n > 0)?;
            return match kind {
                "base64" => Some(Self::Base64 { len, url: false }),
                "base64url" => Some(Self::Base64 { len, url: true }),
                _ => None,
            };
        }
        Some(match name {
            "bech32" => Self::Bech32,
            "pem-der" => Self::PemDer,
            "json-base64" => Self::JsonBase64,
            "basic-auth" => Self::BasicAuth,
            "phone" => Self::Phone,
            "email" => Self::Email,
            "luhn" => Self::Luhn,
            "github-checksum" => Self::GithubChecksum,
            "iban" => Self::Iban,
            "ssn" => Self::Ssn,
            "jwt" => Self::Jwt,
            _ => return None,
        })
    }

    /// True when `secret` passes this check.
    pub fn check(self, secret: &[u8]) -> bool {
        match self {
            Self::Luhn => luhn(secret),
            Self::GithubChecksum => github_checksum(secret),
            Self::Iban => iban::is_valid(secret),
            Self::Ssn => ssn(secret),
            Self::Jwt => jwt(secret),
            Self::Base64 { len, url } => encoded::base64_tail(secret, len.into(), url),
            Self::Bech32 => encoded::bech32(secret),
            Self::PemDer => encoded::pem_der(secret),
            Self::JsonBase64 => encoded::json_base64(secret),
            Self::BasicAuth => basic_auth::is_valid(secret),
            Self::Phone => phone::is_valid(secret),
            Self::Email => email::is_personal(secret),
        }
    }

    /// Whether `secret` (which passed [`Self::check`]) is a documentation value by its format:
    /// a fictional `555-01XX` phone number. Scans leave such values out; redaction masks them.
    pub fn is_documentation(self, secret: &[u8]) -> bool {
        match self {
            Self::Phone => phone::is_fictional(secret),
            _ => false,
        }
    }

    /// Whether a pass raises the finding to high confidence: only checks that a random value
    /// of the right shape nearly always fails. Luhn (one in ten passes), the SSN ranges, the
    /// phone plans and the e-mail policy reject, but pass far too much to vouch for a value.
    pub fn raises_confidence(self) -> bool {
        !matches!(self, Self::Luhn | Self::Ssn | Self::Phone | Self::Email)
    }

    /// Whether a token format may use `{check}` with this validator: it computes a checksum
    /// over the text before it ([`Self::complete`]).
    pub fn generates(self) -> bool {
        matches!(self, Self::GithubChecksum)
    }

    /// The checksum text that makes `before` (a token up to its `{check}` part) pass, for a
    /// validator that [`generates`](Self::generates).
    pub fn complete(self, before: &str) -> Option<String> {
        match self {
            Self::GithubChecksum => {
                let body = before.rsplit('_').next().unwrap_or(before);
                let mut v = crc32fast::hash(body.as_bytes());
                let mut out = [0u8; 6];
                for slot in out.iter_mut().rev() {
                    *slot = BASE62[(v % 62) as usize];
                    v /= 62;
                }
                Some(String::from_utf8_lossy(&out).into_owned())
            }
            _ => None,
        }
    }
}

fn digits(bytes: &[u8], allowed_separators: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    for &b in bytes {
        if b.is_ascii_digit() {
            out.push(b - b'0');
        } else if !allowed_separators.contains(&b) {
            return None;
        }
    }
    Some(out)
}

fn luhn(secret: &[u8]) -> bool {
    let Some(ds) = digits(secret, b" -") else {
        return false;
    };
    if !(13..=19).contains(&ds.len()) {
        return false;
    }
    let sum: u32 = ds
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

fn base62_value(b: u8) -> Option<u64> {
    BASE62.iter().position(|&c| c == b).map(|p| p as u64)
}

fn github_checksum(secret: &[u8]) -> bool {
    let body = match memchr::memrchr(b'_', secret) {
        Some(i) => &secret[i + 1..],
        None => secret,
    };
    if body.len() != 36 {
        return false;
    }
    let (random, check) = body.split_at(30);
    let mut value: u64 = 0;
    for &b in check {
        let Some(v) = base62_value(b) else {
            return false;
        };
        value = value * 62 + v;
    }
    random.iter().all(|&b| base62_value(b).is_some()) && value == u64::from(crc32fast::hash(random))
}

fn ssn(secret: &[u8]) -> bool {
    let Some(ds) = digits(secret, b"- ") else {
        return false;
    };
    if ds.len() != 9 {
        return false;
    }
    let num = |r: &[u8]| r.iter().fold(0u32, |acc, &d| acc * 10 + u32::from(d));
    let (area, group, serial) = (num(&ds[..3]), num(&ds[3..5]), num(&ds[5..]));
    area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
}

fn jwt(secret: &[u8]) -> bool {
    let mut parts = secret.split(|&b| b == b'.');
    let (Some(header), Some(payload), Some(_sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let trim = |s: &[u8]| -> Vec<u8> { s.iter().copied().filter(|&b| b != b'=').collect() };
    let (Ok(header), Ok(_)) = (engine.decode(trim(header)), engine.decode(trim(payload))) else {
        return false;
    };
    matches!(
        serde_json::from_slice::<serde_json::Value>(&header),
        Ok(serde_json::Value::Object(map)) if map.contains_key("alg")
    )
}

#[cfg(test)]
mod tests {
    use super::Validator::{self, *};

    fn base62_crc(random: &str) -> String {
        GithubChecksum.complete(random).expect("generates")
    }

    #[test]
    fn names_round_trip() {
        for name in Validator::NAMES {
            let name = name.replace(":N", ":32");
            assert!(Validator::from_name(&name).is_some(), "{name}");
        }
        assert!(Validator::from_name("nope").is_none());
        assert!(Validator::from_name("base64:0").is_none());
        assert!(Validator::from_name("base64:x").is_none());
        assert!(Validator::from_name("hex:3").is_none());
        assert_eq!(
            Validator::from_name("base64url:32"),
            Some(Base64 { len: 32, url: true })
        );
    }

    #[test]
    fn luhn_cases() {
        assert!(Luhn.check(b"4111 1111 1111 1111"));
        assert!(Luhn.check(b"5500-0000-0000-0004"));
        assert!(!Luhn.check(b"4111 1111 1111 1112"));
        assert!(!Luhn.check(b"4111"));
        assert!(!Luhn.check(b"4111a1111111111111"));
    }

    #[test]
    fn weak_checks_do_not_raise_confidence() {
        for v in [Luhn, Ssn, Phone, Email] {
            assert!(!v.raises_confidence(), "{v:?}");
        }
        for v in [Iban, GithubChecksum, Jwt, Bech32] {
            assert!(v.raises_confidence(), "{v:?}");
        }
    }

    #[test]
    fn github_checksum_cases() {
        let random = "Qm7Zt2Lr9Xv4Bp6Nc1Hs8Jd3Kf5Gw0";
        let token = format!("ghp_{random}{}", base62_crc(random));
        assert!(GithubChecksum.check(token.as_bytes()));
        let mut bad = token.into_bytes();
        bad[10] = if bad[10] == b'a' { b'b' } else { b'a' };
        assert!(!GithubChecksum.check(&bad));
        assert!(!GithubChecksum.check(b"ghp_short"));
        assert!(!GithubChecksum.check(b"ghp_!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!000000"));
    }

    #[test]
    fn ssn_cases() {
        assert!(Ssn.check(b"123-45-6789"));
        assert!(!Ssn.check(b"000-45-6789"));
        assert!(!Ssn.check(b"666-45-6789"));
        assert!(!Ssn.check(b"912-45-6789"));
        assert!(!Ssn.check(b"123-00-6789"));
        assert!(!Ssn.check(b"123-45-0000"));
    }

    #[test]
    fn jwt_cases() {
        // {"alg":"HS256","typ":"JWT"} . {"sub":"42"} . signature
        let good = b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJlLWJ5dGVz";
        assert!(Jwt.check(good));
        // header {"typ":"JWT"} has no alg
        assert!(!Jwt.check(b"eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiI0MiJ9.c2ln"));
        assert!(!Jwt.check(b"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9"));
        assert!(!Jwt.check(b"eyJ!!!.eyJzdWIiOiI0MiJ9.c2ln"));
    }
}
