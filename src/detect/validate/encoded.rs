//! Structure checks on encoded secrets: base64 of a fixed length, Bech32 checksums, PEM bodies that
//! must be DER (or an OpenSSH key), base64 JSON payloads.
//!
//! Each answers whether a candidate's bytes could be a real value of its format; a failure makes
//! the candidate a known fake (see `detect/validate/mod.rs`). Nothing here allocates more than the
//! candidate's decoded size.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE_NO_PAD};

/// The secret ends in base64 of exactly `len` bytes (padded or not; URL-safe when `url`).
pub(super) fn base64_tail(secret: &[u8], len: usize, url: bool) -> bool {
    let padded = 4 * len.div_ceil(3);
    let unpadded = (4 * len).div_ceil(3);
    let tail = |n: usize| secret.len().checked_sub(n).map(|start| &secret[start..]);
    let decodes = |text: &[u8], engine: &base64::engine::GeneralPurpose| {
        engine.decode(text).is_ok_and(|d| d.len() == len)
    };
    if url {
        return tail(unpadded).is_some_and(|t| decodes(t, &URL_SAFE_NO_PAD));
    }
    match secret.last() {
        Some(b'=') => tail(padded).is_some_and(|t| decodes(t, &STANDARD)),
        _ => tail(unpadded).is_some_and(|t| decodes(t, &STANDARD_NO_PAD)),
    }
}

const BECH32_CHARSET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/// BIP 173 checksum state over `values` (5-bit groups).
fn polymod(values: impl Iterator<Item = u8>) -> u32 {
    const GEN: [u32; 5] = [
        0x3b6a_57b2,
        0x2650_8e6d,
        0x1ea1_19fa,
        0x3d42_33dd,
        0x2a14_62b3,
    ];
    values.fold(1u32, |chk, v| {
        let top = chk >> 25;
        let chk = ((chk & 0x01ff_ffff) << 5) ^ u32::from(v);
        (0..5).fold(chk, |c, i| if (top >> i) & 1 == 1 { c ^ GEN[i] } else { c })
    })
}

fn hrp_expand(hrp: &[u8]) -> impl Iterator<Item = u8> + '_ {
    (hrp.iter().map(|b| b >> 5))
        .chain(std::iter::once(0))
        .chain(hrp.iter().map(|b| b & 31))
}

/// A Bech32 string (one case throughout) with a valid checksum. Hand-written: the `bech32`
/// crate caps strings at 1,023 characters, and age's post-quantum keys are longer.
pub(super) fn bech32(secret: &[u8]) -> bool {
    let lower = secret.to_ascii_lowercase();
    if lower != secret && secret.to_ascii_uppercase() != secret {
        return false;
    }
    let Some(sep) = memchr::memrchr(b'1', &lower) else {
        return false;
    };
    let (hrp, data) = (&lower[..sep], &lower[sep + 1..]);
    if hrp.is_empty() || data.len() < 6 {
        return false;
    }
    let mut values = Vec::with_capacity(data.len());
    for b in data {
        match BECH32_CHARSET.iter().position(|c| c == b) {
            Some(v) => values.push(v as u8),
            None => return false,
        }
    }
    polymod(hrp_expand(hrp).chain(values)) == 1
}

/// Encodes `payload` as Bech32 under `hrp` (in `hrp`'s case): the quality harness's tokens.
pub fn bech32_encode(hrp: &str, payload: &[u8]) -> String {
    let lower_hrp = hrp.to_ascii_lowercase();
    let mut values = Vec::with_capacity(payload.len() * 8 / 5 + 8);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in payload {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            values.push(((acc >> bits) & 31) as u8);
        }
    }
    if bits > 0 {
        values.push(((acc << (5 - bits)) & 31) as u8);
    }
    let check = polymod(
        hrp_expand(lower_hrp.as_bytes())
            .chain(values.iter().copied())
            .chain([0; 6]),
    ) ^ 1;
    values.extend((0..6).map(|i| ((check >> (5 * (5 - i))) & 31) as u8));
    let mut out = format!("{lower_hrp}1");
    out.extend(
        values
            .iter()
            .map(|&v| BECH32_CHARSET[usize::from(v)] as char),
    );
    if hrp.bytes().any(|b| b.is_ascii_uppercase()) {
        out.make_ascii_uppercase();
    }
    out
}

/// `der` as a PEM block under `label`: base64 in 64-character lines between the BEGIN and
/// END lines (what the `pem-der` validator reads back; the quality harness's private keys).
pub fn pem_armor(label: &str, der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let lines: Vec<&str> = (0..body.len())
        .step_by(64)
        .map(|i| &body[i..(i + 64).min(body.len())])
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----",
        lines.join("\n")
    )
}

/// The base64 body of a PEM block: lines between `-----BEGIN` and `-----END`, skipping
/// `Key: value` headers. `None` when the text is not a PEM block.
fn pem_body(secret: &[u8]) -> Option<(Vec<u8>, bool)> {
    let mut lines = secret.split(|&b| b == b'\n').map(|l| l.trim_ascii());
    if !lines.next()?.starts_with(b"-----BEGIN") {
        return None;
    }
    let (mut body, mut headers) = (Vec::with_capacity(secret.len()), false);
    for line in lines {
        if line.starts_with(b"-----END") {
            return Some((body, headers));
        }
        if line.contains(&b':') {
            headers = true;
        } else {
            body.extend(line.iter().filter(|b| !b.is_ascii_whitespace()));
        }
    }
    None
}

/// A PEM block whose body is one DER SEQUENCE filling it exactly, or an OpenSSH private key;
/// a block with headers (legacy encrypted PEM) passes on its base64 alone.
pub(super) fn pem_der(secret: &[u8]) -> bool {
    // A key inside a JSON or YAML string has `\n` escapes for its line ends.
    let unescaped;
    let secret = if !secret.contains(&b'\n') && memchr::memmem::find(secret, b"\\n").is_some() {
        let mut out = Vec::with_capacity(secret.len());
        let mut i = 0;
        while i < secret.len() {
            if secret[i] == b'\\' && secret.get(i + 1) == Some(&b'n') {
                out.push(b'\n');
                i += 2;
            } else {
                out.push(secret[i]);
                i += 1;
            }
        }
        unescaped = out;
        &unescaped[..]
    } else {
        secret
    };
    let Some((body, headers)) = pem_body(secret) else {
        return false;
    };
    let Ok(der) = STANDARD.decode(&body) else {
        return false;
    };
    headers || der.starts_with(b"openssh-key-v1\0") || der_sequence_len(&der) == Some(der.len())
}

/// Total length (header included) of the DER SEQUENCE `der` starts with.
fn der_sequence_len(der: &[u8]) -> Option<usize> {
    let (&tag, rest) = der.split_first()?;
    let (&first, rest) = rest.split_first()?;
    if tag != 0x30 {
        return None;
    }
    if first < 0x80 {
        return Some(2 + usize::from(first));
    }
    let n = usize::from(first & 0x7f);
    if n == 0 || n > 4 || rest.len() < n {
        return None;
    }
    let len = rest[..n]
        .iter()
        .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
    Some(2 + n + len)
}

/// From its first `eyJ` (the base64 of `{"`), the secret is base64 of a JSON object; a
/// trailing `_suffix` (a secret appended to the payload) is cut when the whole does not decode.
pub(super) fn json_base64(secret: &[u8]) -> bool {
    let Some(start) = memchr::memmem::find(secret, b"eyJ") else {
        return false;
    };
    let payload = &secret[start..];
    let object = |text: &[u8]| {
        let text: Vec<u8> = text.iter().copied().filter(|&b| b != b'=').collect();
        let decoded = STANDARD_NO_PAD
            .decode(&text)
            .or_else(|_| URL_SAFE_NO_PAD.decode(&text));
        decoded
            .is_ok_and(|d| matches!(serde_json::from_slice(&d), Ok(serde_json::Value::Object(_))))
    };
    object(payload) || memchr::memrchr(b'_', payload).is_some_and(|cut| object(&payload[..cut]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_tail_checks_length_and_alphabet() {
        let key = STANDARD.encode([7u8; 64]);
        assert!(base64_tail(key.as_bytes(), 64, false));
        assert!(base64_tail(
            format!("AccountKey={key}").as_bytes(),
            64,
            false
        ));
        assert!(!base64_tail(key.as_bytes(), 32, false));
        assert!(!base64_tail(&key.as_bytes()[1..], 64, false));
        let url = URL_SAFE_NO_PAD.encode([0xfbu8; 32]);
        assert!(base64_tail(url.as_bytes(), 32, true));
        assert!(
            !base64_tail(url.as_bytes(), 32, false),
            "- and _ are not standard"
        );
        assert!(!base64_tail(b"short", 64, false));
    }

    #[test]
    fn bech32_round_trips_and_rejects_a_flipped_character() {
        let key = bech32_encode("AGE-SECRET-KEY-", &[42u8; 32]);
        assert!(
            key.starts_with("AGE-SECRET-KEY-1") && key.len() == 74,
            "{key}"
        );
        assert!(bech32(key.as_bytes()));
        assert!(bech32(key.to_ascii_lowercase().as_bytes()));
        let mut bad = key.clone().into_bytes();
        bad[30] = if bad[30] == b'Q' { b'P' } else { b'Q' };
        assert!(!bech32(&bad));
        let mut mixed = key.into_bytes();
        let letter = (16..mixed.len())
            .find(|&i| mixed[i].is_ascii_uppercase())
            .expect("a letter in the data part");
        mixed[letter] = mixed[letter].to_ascii_lowercase();
        assert!(!bech32(&mixed), "mixed case is invalid");
        // BIP 173's own valid test vector.
        assert!(bech32(b"a12uel5l"));
        assert!(!bech32(b"a12uel5m"));
        let long = bech32_encode("age1pq", &[9u8; 1200]);
        assert!(long.len() > 1023 && bech32(long.as_bytes()));
    }

    fn pem(label: &str, der: &[u8]) -> String {
        pem_armor(label, der)
    }

    #[test]
    fn pem_bodies_must_be_der() {
        let mut der = vec![0x30, 0x82, 0x01, 0x00];
        der.extend([5u8; 256]);
        assert!(pem_der(pem("RSA PRIVATE KEY", &der).as_bytes()));
        assert!(pem_der(
            pem("EC PRIVATE KEY", &[0x30, 3, 1, 2, 3]).as_bytes()
        ));
        assert!(
            !pem_der(pem("RSA PRIVATE KEY", &der[..200]).as_bytes()),
            "truncated"
        );
        assert!(!pem_der(
            pem("RSA PRIVATE KEY", b"not a key at all").as_bytes()
        ));
        assert!(pem_der(
            pem("OPENSSH PRIVATE KEY", b"openssh-key-v1\0rest").as_bytes()
        ));
        let enc = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----";
        assert!(pem_der(enc.as_bytes()));
        assert!(
            !pem_der(b"-----BEGIN RSA PRIVATE KEY-----\nMIIE"),
            "no end line"
        );
        assert!(!pem_der(b"MIIEvQ"));
        let escaped = pem("EC PRIVATE KEY", &[0x30, 3, 1, 2, 3]).replace('\n', "\\n");
        assert!(pem_der(escaped.as_bytes()), "{escaped}");
    }

    #[test]
    fn json_base64_payloads() {
        let payload = STANDARD_NO_PAD.encode(br#"{"iat":1,"url":"x"}"#);
        assert!(json_base64(format!("sntrys_{payload}").as_bytes()));
        assert!(json_base64(format!("sntrys_{payload}_Zm9vYmFy").as_bytes()));
        let list = STANDARD_NO_PAD.encode(b"[1,2]");
        assert!(!json_base64(format!("ops_{list}").as_bytes()));
        assert!(!json_base64(b"ops_eyJub3QganNvbg"));
        assert!(!json_base64(b"no payload"));
    }
}
