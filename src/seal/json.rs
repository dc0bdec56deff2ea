//! Locating the values of a JSON document, with their paths and byte spans.
//!
//! Hand-written because serde_json keeps no positions and the redactor's JSON locator
//! (`redact::json`) works one line at a time without paths. The text is first validated by
//! serde_json (strict RFC 8259, nesting capped), so this walker only has to find boundaries; it
//! refuses duplicate keys (a path must name one value).

use super::format::{Insert, Located, MetaEntry, Scalar};
use super::meta;
use super::path::KeyPath;
use super::value::Kind;
use std::borrow::Cow;
use zeroize::Zeroizing;

pub(crate) fn locate(text: &str) -> Result<Located, String> {
    serde_json::from_str::<serde::de::IgnoredAny>(text).map_err(|e| e.to_string())?;
    let mut w = Walker {
        s: text.as_bytes(),
        text,
        i: 0,
        path: KeyPath::default(),
        scalars: Vec::new(),
        meta: None,
        first_key: None,
    };
    w.ws();
    if w.peek() != b'{' {
        return Err("the top level is not an object".to_owned());
    }
    let open = w.i;
    w.value(0)?;
    let insert = match w.first_key {
        // `{ws"a"` -> `{ws"_hush": "…",ws"a"`: the new member copies the first one's indent.
        Some(first) => Insert {
            at: first,
            prefix: format!("\"{}\": ", meta::KEY),
            suffix: format!(",{}", &text[open + 1..first]),
        },
        None => Insert {
            at: open + 1,
            prefix: format!("\"{}\": ", meta::KEY),
            suffix: String::new(),
        },
    };
    Ok(Located {
        scalars: w.scalars,
        meta: w.meta,
        insert,
    })
}

struct Walker<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
    path: KeyPath,
    scalars: Vec<Scalar>,
    meta: Option<MetaEntry>,
    /// Start of the first key of the root object.
    first_key: Option<usize>,
}

impl<'a> Walker<'a> {
    /// The byte at the cursor; the text is valid JSON, so running off the end means a bug, and
    /// a NUL makes every caller stop cleanly.
    fn peek(&self) -> u8 {
        self.s.get(self.i).copied().unwrap_or(0)
    }

    fn ws(&mut self) {
        while matches!(self.peek(), b' ' | b'\t' | b'\r' | b'\n') {
            self.i += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<(), String> {
        self.ws();
        let start = self.i;
        let (kind, value) = match self.peek() {
            b'{' => return self.object(depth),
            b'[' => return self.array(depth),
            b'"' => {
                self.string();
                let decoded = self.decoded(start)?.into_owned();
                (Some(Kind::String), Zeroizing::new(decoded))
            }
            b't' | b'f' | b'n' => {
                while self.peek().is_ascii_alphabetic() {
                    self.i += 1;
                }
                let word = &self.text[start..self.i];
                let kind = (word != "null").then_some(Kind::Bool);
                (kind, Zeroizing::new(word.to_owned()))
            }
            _ => {
                while matches!(self.peek(), b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') {
                    self.i += 1;
                }
                let num = &self.text[start..self.i];
                let float = num.contains(['.', 'e', 'E']);
                let kind = if float { Kind::Float } else { Kind::Integer };
                (Some(kind), Zeroizing::new(num.to_owned()))
            }
        };
        self.scalars.push(Scalar {
            path: self.path.clone(),
            span: start..self.i,
            kind,
            value,
            shared: false,
        });
        Ok(())
    }

    /// Skips a string at the cursor (a quote).
    fn string(&mut self) {
        self.i += 1;
        loop {
            match self.peek() {
                b'"' => break,
                b'\\' => self.i += 2,
                0 => return,
                _ => self.i += 1,
            }
        }
        self.i += 1;
    }

    /// The contents of the string from `start` to the cursor. The text is valid JSON, so a
    /// string without a backslash is its own contents; only escapes need serde_json (most
    /// strings have none, and this runs for every key and string of the file).
    fn decoded(&self, start: usize) -> Result<Cow<'a, str>, String> {
        let text: &'a str = self.text;
        let inner = text.get(start + 1..self.i - 1).unwrap_or_default();
        if !inner.contains('\\') {
            return Ok(Cow::Borrowed(inner));
        }
        serde_json::from_str(&text[start..self.i]).map_err(|e| e.to_string())
    }

    fn array(&mut self, depth: usize) -> Result<(), String> {
        self.i += 1;
        let mut n = 0;
        loop {
            self.ws();
            match self.peek() {
                b']' => {
                    self.i += 1;
                    return Ok(());
                }
                b',' => self.i += 1,
                _ => {
                    self.path.push_index(n);
                    self.value(depth + 1)?;
                    self.path.pop();
                    n += 1;
                }
            }
        }
    }
}

mod object;
