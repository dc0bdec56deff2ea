//! Parsing a vault file: bytes -> [`Parsed`], strictly, naming the first bad line. Never sees a
//! key; the syntax is specified in SECURITY.md ("File format") and sketched in [`super`].

use super::{
    HEADER_LINES, Header, ID_LEN, Kdf, Line, LineError, Parsed, SALT_LEN, V1, V2, V3, WRAPPED_LEN,
    recipient_line::parse_recipients, valid_comment, valid_name,
};
use crate::vault::crypto::{Argon2Params, MAC_LEN, NONCE_LEN, TAG_LEN};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use std::collections::HashMap;

/// Parses a whole vault file. Errors name the first bad line.
pub(crate) fn parse(text: &[u8]) -> Result<Parsed, LineError> {
    let Some(body) = text.strip_suffix(b"\n") else {
        let n = text.split(|&b| b == b'\n').count().max(1);
        return Err(LineError::new(n, "missing final newline (truncated file?)"));
    };
    let raw: Vec<&[u8]> = body.split(|&b| b == b'\n').collect();
    let mut lines = Vec::with_capacity(raw.len());
    for (i, l) in raw.iter().enumerate() {
        let l = std::str::from_utf8(l).map_err(|_| LineError::new(i + 1, "not valid UTF-8"))?;
        lines.push(l);
    }
    let version = lines[0]
        .strip_prefix("#hush:vault v")
        .ok_or_else(|| LineError::new(1, "not a hush vault (expected `#hush:vault v1`)"))?;
    let version = match dec(version) {
        Some(v @ (V1 | V2 | V3)) => v,
        Some(v) => {
            let what =
                format!("vault format v{v} is not supported by this hush (reads v1, v2, v3)");
            return Err(LineError::new(1, what));
        }
        None => {
            return Err(LineError::new(
                1,
                "bad format version (expected `#hush:vault v1`)",
            ));
        }
    };
    let n = lines.len();
    if n < HEADER_LINES + 1 {
        return Err(LineError::new(n, "header incomplete (truncated file?)"));
    }
    let mac_text = lines[n - 1]
        .strip_prefix("#hush:mac ")
        .ok_or_else(|| LineError::new(n, "expected the `#hush:mac` line last (truncated file?)"))?;
    let mac = decode_exact::<MAC_LEN>(mac_text).ok_or_else(|| LineError::new(n, "bad MAC"))?;
    let id = field(lines[1], "#hush:id ").and_then(decode_exact::<ID_LEN>);
    let id = id.ok_or_else(|| LineError::new(2, "expected `#hush:id <base64url>`"))?;
    let kdf = parse_kdf(lines[2]).ok_or_else(|| {
        LineError::new(
            3,
            "expected `#hush:kdf keyfile` or `#hush:kdf argon2id m= t= p= salt=`",
        )
    })?;
    if let Kdf::Argon2id { params, .. } = &kdf {
        params.check().map_err(|why| LineError::new(3, why))?;
    }
    let wrapped_key = field(lines[3], "#hush:key ")
        .and_then(decode_exact::<WRAPPED_LEN>)
        .ok_or_else(|| LineError::new(4, "expected `#hush:key <base64url>`"))?
        .to_vec();
    let recipients = parse_recipients(&lines[HEADER_LINES..n - 1], version)?;
    let first_body = HEADER_LINES + recipients.len();
    let body_lines = parse_body(&lines[first_body..n - 1], first_body, version)?;
    let header = Header {
        version,
        id,
        kdf,
        wrapped_key,
    };
    let covered = text.len() - lines[n - 1].len() - 1;
    Ok(Parsed {
        header,
        recipients,
        lines: body_lines,
        mac,
        covered,
    })
}

/// The body lines (the first is line `offset + 1`), checking that names are unique, that
/// history lines appear only from v2 on and each right after its entry, newest first, and that
/// a v2 file holds at least one.
fn parse_body(lines: &[&str], offset: usize, version: u32) -> Result<Vec<Line>, LineError> {
    let mut seen = HashMap::new();
    let mut body: Vec<Line> = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        let no = offset + 1 + i;
        let err = |what: String| LineError::new(no, what);
        let line = parse_body_line(l).map_err(err)?;
        match &line {
            Line::Entry { name, .. } => {
                if let Some(first) = seen.insert(name.clone(), no) {
                    return Err(err(format!("{name} again (first on line {first})")));
                }
            }
            Line::History {
                name, version: v, ..
            } => {
                if version == V1 {
                    return Err(err(format!("history of {name} in a v1 vault")));
                }
                let follows = match body.last() {
                    Some(Line::Entry { name: n, .. }) => n == name,
                    Some(Line::History {
                        name: n,
                        version: prev,
                        ..
                    }) => n == name && prev > v,
                    _ => false,
                };
                if !follows {
                    let what = "must follow its entry or a newer version (reordered?)";
                    return Err(err(format!("history of {name}, version {v}, {what}")));
                }
            }
            Line::Blank | Line::Comment(_) => {}
        }
        body.push(line);
    }
    if version == V2 && !body.iter().any(|l| matches!(l, Line::History { .. })) {
        return Err(LineError::new(
            1,
            "a v2 vault without history lines (expected v1)",
        ));
    }
    Ok(body)
}

fn parse_body_line(l: &str) -> Result<Line, String> {
    if l.is_empty() {
        return Ok(Line::Blank);
    }
    if l.starts_with('#') {
        return if valid_comment(l) {
            Ok(Line::Comment(l.to_owned()))
        } else {
            Err("`#hush:` lines belong in the header or last".to_owned())
        };
    }
    let (name, value) = l
        .split_once('=')
        .ok_or("expected NAME=hush:v1:<base64url>, a comment or an empty line")?;
    let (name, history) = match name.split_once('~') {
        Some((name, v)) => match dec(v).filter(|&v| v > 0 && v < u32::MAX) {
            Some(v) => (name, Some(v)),
            None => return Err("bad history version (expected NAME~N, N ≥ 1)".to_owned()),
        },
        None => (name, None),
    };
    if !valid_name(name) {
        return Err("bad entry name (expected [A-Za-z_][A-Za-z0-9_]*)".to_owned());
    }
    let Some(sealed) = value.strip_prefix("hush:v1:") else {
        return Err(match value.strip_prefix("hush:v") {
            Some(_) => format!("value of {name} is sealed by a newer format than v1"),
            None => format!("value of {name} is not sealed (`hush:v1:` missing)"),
        });
    };
    let sealed = B64
        .decode(sealed)
        .map_err(|_| format!("value of {name} is not canonical base64url"))?;
    if sealed.len() < NONCE_LEN + TAG_LEN {
        return Err(format!("value of {name} is too short to be sealed"));
    }
    let name = name.to_owned();
    Ok(match history {
        Some(version) => Line::History {
            name,
            version,
            sealed,
        },
        None => Line::Entry { name, sealed },
    })
}

/// A `#hush:kdf …` line (also used by `hush seal` for its metadata entry).
pub(crate) fn parse_kdf(l: &str) -> Option<Kdf> {
    let rest = l.strip_prefix("#hush:kdf ")?;
    if rest == "keyfile" {
        return Some(Kdf::KeyFile);
    }
    let mut it = rest.strip_prefix("argon2id ")?.split(' ');
    let mut next = |key: &str| it.next().and_then(|kv| kv.strip_prefix(key));
    let m_kib = dec(next("m=")?)?;
    let t = dec(next("t=")?)?;
    let p = dec(next("p=")?)?;
    let salt = decode_exact::<SALT_LEN>(next("salt=")?)?;
    it.next().is_none().then_some(Kdf::Argon2id {
        params: Argon2Params { m_kib, t, p },
        salt,
    })
}

fn field<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    line.strip_prefix(prefix)
}

/// Canonical decimal: digits only, no leading zero.
fn dec(s: &str) -> Option<u32> {
    let canonical = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (canonical && (s == "0" || !s.starts_with('0')))
        .then(|| s.parse().ok())
        .flatten()
}

fn decode_exact<const N: usize>(s: &str) -> Option<[u8; N]> {
    B64.decode(s).ok()?.try_into().ok()
}
