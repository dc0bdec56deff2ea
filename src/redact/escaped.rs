//! Secrets hidden by JSON escapes: `"trace\nghp_…"` (the `n` of `\n` glues onto the token, so
//! its word boundary is gone), `"https:\/\/user:pw@host"`, `"\u0067hp_…"`. A JSON string with a
//! backslash is decoded, the detector runs over the decoded text, and each finding is mapped
//! back to the raw bytes, widened to whole escape sequences.

use super::edit::Edit;
use super::{Redactor, json};
use crate::detect::{Match, Scratch};

/// Decoding buffers, reused between lines. The decoded text holds unredacted input, so
/// `Debug` shows sizes only.
#[derive(Default)]
pub(super) struct Decoded {
    text: Vec<u8>,
    /// Raw offset (in the string's contents) where each decoded byte's escape or byte starts.
    from: Vec<usize>,
    found: Vec<Match>,
}

impl std::fmt::Debug for Decoded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Decoded")
            .field("len", &self.text.len())
            .finish_non_exhaustive()
    }
}

/// Decodes JSON string contents `raw` (already checked by the parser) into `d`.
fn decode(raw: &[u8], d: &mut Decoded) {
    d.text.clear();
    d.from.clear();
    let mut i = 0;
    while i < raw.len() {
        let at = i;
        if raw[i] != b'\\' {
            d.text.push(raw[i]);
            d.from.push(at);
            i += 1;
            continue;
        }
        let (byte, len) = match raw.get(i + 1) {
            Some(b'n') => (b'\n', 2),
            Some(b't') => (b'\t', 2),
            Some(b'r') => (b'\r', 2),
            Some(b'b') => (0x08, 2),
            Some(b'f') => (0x0c, 2),
            Some(b'u') => {
                let hex = raw
                    .get(i + 2..i + 6)
                    .and_then(|h| std::str::from_utf8(h).ok());
                let code = hex.and_then(|h| u32::from_str_radix(h, 16).ok());
                // A lone surrogate half decodes to U+FFFD: it cannot hide a token anyway.
                let c = code.and_then(char::from_u32).unwrap_or('\u{fffd}');
                let mut utf8 = [0; 4];
                for &b in c.encode_utf8(&mut utf8).as_bytes() {
                    d.text.push(b);
                    d.from.push(at);
                }
                i += 6;
                continue;
            }
            Some(&other) => (other, 2), // `\"`, `\\`, `\/`
            None => (b'\\', 1),
        };
        d.text.push(byte);
        d.from.push(at);
        i += len;
    }
}

impl Redactor {
    /// Edits for findings inside the escaped strings `strings` (spans of `line`, which starts
    /// at `ls` in the buffer); findings the raw text shows are found again and merge later.
    pub(super) fn escaped_edits(
        &self,
        line: &[u8],
        ls: usize,
        strings: &[(usize, usize)],
        scratch: &mut Scratch,
        d: &mut Decoded,
        edits: &mut Vec<Edit>,
    ) {
        for &(cs, ce) in strings {
            let raw = &line[cs..ce];
            if memchr::memchr(b'\\', raw).is_none() {
                continue;
            }
            decode(raw, d);
            d.found.clear();
            self.detector.detect(&d.text, scratch, &mut d.found);
            for m in &d.found {
                let start = d.from.get(m.start).copied().unwrap_or(raw.len());
                let end = d.from.get(m.end).copied().unwrap_or(raw.len());
                let (a, b) = json::snap_to_escapes(raw, start, end);
                edits.push(Edit {
                    start: ls + cs + a,
                    end: ls + cs + b,
                    label: m.rule,
                    quote: false,
                    count: true,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(raw: &str) -> (String, Vec<usize>) {
        let mut d = Decoded::default();
        decode(raw.as_bytes(), &mut d);
        (
            String::from_utf8(d.text.clone()).expect("utf-8"),
            d.from.clone(),
        )
    }

    #[test]
    fn escapes_decode_and_map_back_to_their_start() {
        let (text, from) = decoded(r#"a\nb\/c\u0067\"\u00e9"#);
        assert_eq!(text, "a\nb/cg\"\u{e9}");
        assert_eq!(from, vec![0, 1, 3, 4, 6, 7, 13, 15, 15]);
        assert_eq!(decoded(r"\ud800x").0, "\u{fffd}x");
    }

    #[test]
    fn debug_shows_no_decoded_text() {
        let mut d = Decoded::default();
        decode(b"hunter2-secret", &mut d);
        assert!(!format!("{d:?}").contains("hunter2"));
    }
}
