//! The agent's wire format: one request line and one reply line per connection.
//!
//! Lines are ASCII, end with LF, and are at most [`MAX_LINE`] bytes. A *slot* is 1 to 200
//! characters of `A-Z a-z 0-9 . _ -`; a *key* is 32 bytes as unpadded base64url (43 characters).
//!
//! | request | reply |
//! |---|---|
//! | `GET <slot>` | `KEY <key>` or `MISS` |
//! | `PUT <slot> <key>` | `OK` |
//! | `LOCK` (forget every key) | `OK` |
//! | anything else | `ERR <reason>` |
//!
//! Every buffer that may hold a key zeroizes on drop; an error never echoes the request.

use crate::vault::SecretKey;
use std::io::{self, Read};
use zeroize::Zeroizing;

/// Longest request or reply, LF included, in bytes.
pub(crate) const MAX_LINE: usize = 512;
const MAX_SLOT: usize = 200;

/// What a client asks.
pub(crate) enum Request {
    Get(String),
    Put(String, SecretKey),
    Lock,
}

/// What the agent answers.
pub(crate) enum Reply {
    Ok,
    Key(SecretKey),
    Miss,
    Err(String),
}

fn valid_slot(s: &str) -> bool {
    (1..=MAX_SLOT).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

fn slot(s: &str) -> Result<String, &'static str> {
    valid_slot(s).then(|| s.to_owned()).ok_or("bad slot")
}

fn key(s: &str) -> Result<SecretKey, &'static str> {
    match s.len() {
        43 => SecretKey::from_base64(s).ok_or("bad key"),
        _ => Err("bad key"),
    }
}

impl Request {
    /// Parses one line (without its LF).
    pub(crate) fn parse(line: &[u8]) -> Result<Self, &'static str> {
        let line = std::str::from_utf8(line).map_err(|_| "not ASCII")?;
        let words: Vec<&str> = line.split(' ').collect();
        match words[..] {
            ["GET", s] => Ok(Self::Get(slot(s)?)),
            ["PUT", s, k] => Ok(Self::Put(slot(s)?, key(k)?)),
            ["LOCK"] => Ok(Self::Lock),
            _ => Err("unknown request"),
        }
    }

    /// The line to send, LF included.
    pub(crate) fn encode(&self) -> Zeroizing<String> {
        match self {
            Self::Get(s) => line(&["GET ", s]),
            Self::Put(s, k) => line(&["PUT ", s, " ", &k.to_base64()]),
            Self::Lock => line(&["LOCK"]),
        }
    }
}

impl Reply {
    /// Parses one line (without its LF). An `ERR` reason keeps printable ASCII only.
    pub(crate) fn parse(line: &[u8]) -> Result<Self, &'static str> {
        let line = std::str::from_utf8(line).map_err(|_| "not ASCII")?;
        match line.split_once(' ') {
            None if line == "OK" => Ok(Self::Ok),
            None if line == "MISS" => Ok(Self::Miss),
            Some(("KEY", k)) => Ok(Self::Key(key(k)?)),
            Some(("ERR", why)) => Ok(Self::Err(
                why.chars()
                    .filter(|c| c.is_ascii_graphic() || *c == ' ')
                    .collect(),
            )),
            _ => Err("unknown reply"),
        }
    }

    /// The line to send, LF included.
    pub(crate) fn encode(&self) -> Zeroizing<String> {
        match self {
            Self::Ok => line(&["OK"]),
            Self::Key(k) => line(&["KEY ", &k.to_base64()]),
            Self::Miss => line(&["MISS"]),
            Self::Err(why) => line(&["ERR ", why]),
        }
    }
}

/// `parts` and an LF in a buffer allocated once at its final size, so no reallocation leaves a
/// copy of a key behind.
fn line(parts: &[&str]) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(
        parts.iter().map(|p| p.len()).sum::<usize>() + 1,
    ));
    parts.iter().for_each(|p| out.push_str(p));
    out.push('\n');
    out
}

/// Reads one line (returned without its LF) of at most [`MAX_LINE`] bytes into a zeroizing
/// buffer allocated once. `InvalidData` if it is longer or ends before its LF.
pub(crate) fn read_line(r: &mut impl Read) -> io::Result<Zeroizing<Vec<u8>>> {
    let mut buf = Zeroizing::new(vec![0u8; MAX_LINE]);
    let mut n = 0;
    loop {
        if let Some(end) = buf[..n].iter().position(|&b| b == b'\n') {
            buf.truncate(end);
            return Ok(buf);
        }
        if n == MAX_LINE {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "line too long"));
        }
        match r.read(&mut buf[n..]) {
            Ok(0) => return Err(io::Error::new(io::ErrorKind::InvalidData, "no LF")),
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests;
