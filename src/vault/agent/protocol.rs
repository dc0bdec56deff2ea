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
        Zeroizing::new(match self {
            Self::Get(s) => format!("GET {s}\n"),
            Self::Put(s, k) => format!("PUT {s} {}\n", k.to_base64().as_str()),
            Self::Lock => "LOCK\n".to_owned(),
        })
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
        Zeroizing::new(match self {
            Self::Ok => "OK\n".to_owned(),
            Self::Key(k) => format!("KEY {}\n", k.to_base64().as_str()),
            Self::Miss => "MISS\n".to_owned(),
            Self::Err(why) => format!("ERR {why}\n"),
        })
    }
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
mod tests {
    use super::*;

    fn k() -> SecretKey {
        SecretKey::from_base64(&"A".repeat(43)).expect("key")
    }

    #[test]
    fn requests_and_replies_round_trip() {
        for req in [
            Request::Get("id.1.2.3.s-_".into()),
            Request::Put("s".into(), k()),
            Request::Lock,
        ] {
            let line = req.encode();
            let back = Request::parse(line.trim_end().as_bytes()).expect("parses");
            assert_eq!(back.encode().as_str(), line.as_str());
        }
        for reply in [
            Reply::Ok,
            Reply::Key(k()),
            Reply::Miss,
            Reply::Err("no".into()),
        ] {
            let line = reply.encode();
            let back = Reply::parse(line.trim_end().as_bytes()).expect("parses");
            assert_eq!(back.encode().as_str(), line.as_str());
        }
    }

    #[test]
    fn malformed_requests_are_refused() {
        let long = format!("GET {}", "a".repeat(201));
        let bad: [&[u8]; 10] = [
            b"",
            b"GET",
            b"GET a b",
            b"get a",
            b"GET a/b",
            b"PUT a short",
            b"LOCK x",
            b"\xff",
            long.as_bytes(),
            b"PUT a AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        ];
        for line in bad {
            assert!(
                Request::parse(line).is_err(),
                "{:?}",
                String::from_utf8_lossy(line)
            );
        }
        assert!(Reply::parse(b"KEY short").is_err() && Reply::parse(b"WHAT").is_err());
        let Ok(Reply::Err(why)) = Reply::parse(b"ERR a\x1b[31mb") else {
            panic!("parses")
        };
        assert_eq!(why, "a[31mb");
    }

    #[test]
    fn lines_are_bounded() {
        let mut ok = &b"LOCK\nrest"[..];
        assert_eq!(&read_line(&mut ok).expect("reads")[..], b"LOCK");
        let mut long = vec![b'a'; MAX_LINE];
        long.push(b'\n');
        assert!(read_line(&mut &long[..]).is_err());
        assert!(read_line(&mut &b"GET a"[..]).is_err(), "no LF");
    }
}
