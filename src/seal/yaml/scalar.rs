//! Scalar-level YAML helpers: the exact byte span of a plain, quoted or block scalar (the
//! parser's spans may run on over trailing comments and the next line's indentation, and start
//! a block scalar at its content), the core-schema type of a plain scalar, and the conversion
//! of the parser's character positions to byte offsets.

use crate::seal::value::Kind;

/// The span of a block scalar from its `|` / `>` header to the line break ending its last
/// line (the parser's span starts at the content and runs to the next token, indentation
/// included).
pub(super) fn block_span(text: &str, content: usize, end: usize) -> (usize, usize) {
    let body = &text[content..end];
    let end = match body.rfind('\n') {
        Some(nl) if body[nl + 1..].trim_matches([' ', '\t']).is_empty() => content + nl + 1,
        _ => end,
    };
    (block_header(text, content), end)
}

/// The end of a plain scalar: the parser's span may run on over trailing spaces and a
/// comment, which a plain scalar can never contain (` #` starts a comment).
pub(super) fn plain_end(text: &str, start: usize, end: usize) -> usize {
    let s = &text[start..end];
    let s = s.find([' ', '\t']).map_or(s, |_| {
        let cut = s.find(" #").into_iter().chain(s.find("\t#")).min();
        cut.map_or(s, |i| &s[..i])
    });
    start + s.trim_end().len()
}

/// The end of a quoted scalar: just past its closing quote (the parser's span may run on over
/// a trailing comment). A properties prefix (`!!str`, `&a`) may come before the opening quote.
pub(super) fn quoted_end(text: &str, start: usize, end: usize) -> usize {
    let s = &text[start..end];
    let Some(open) = s.find(['"', '\'']) else {
        return end;
    };
    let q = s.as_bytes()[open];
    let b = s.as_bytes();
    let mut i = open + 1;
    while i < b.len() {
        match b[i] {
            b'\\' if q == b'"' => i += 2,
            b'\'' if q == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 2,
            c if c == q => return start + i + 1,
            _ => i += 1,
        }
    }
    end
}

/// The start of the `|` / `>` header of a block scalar whose content starts at `content`.
fn block_header(text: &str, content: usize) -> usize {
    let before = text[..content].trim_end_matches([' ', '\t', '\n', '\r']);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = &before[line_start..];
    // Cut a trailing comment (` #…`) off the header line, then find the indicator.
    let code = line.find(" #").map_or(line, |i| &line[..i]).trim_end();
    let indicator = code.rfind(['|', '>']).map_or(content, |i| line_start + i);
    indicator.min(content)
}

/// The YAML 1.2 core schema type of a plain scalar; `None` for null.
pub(super) fn plain_kind(s: &str) -> Option<Kind> {
    if matches!(s, "" | "~" | "null" | "Null" | "NULL") {
        return None;
    }
    if matches!(s, "true" | "True" | "TRUE" | "false" | "False" | "FALSE") {
        return Some(Kind::Bool);
    }
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    let int = (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        || s.strip_prefix("0x")
            .is_some_and(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()))
        || s.strip_prefix("0o")
            .is_some_and(|o| !o.is_empty() && o.bytes().all(|b| (b'0'..=b'7').contains(&b)));
    if int {
        return Some(Kind::Integer);
    }
    let special = matches!(digits, ".inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN");
    let numeric = digits.bytes().any(|b| b.is_ascii_digit())
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && digits.parse::<f64>().is_ok();
    Some(if special || numeric {
        Kind::Float
    } else {
        Kind::String
    })
}

/// Character index -> byte offset (the parser counts characters).
pub(super) struct CharOffsets(Option<Vec<usize>>);

impl CharOffsets {
    pub(super) fn new(text: &str) -> Self {
        if text.is_ascii() {
            return Self(None);
        }
        let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        v.push(text.len());
        Self(Some(v))
    }

    pub(super) fn byte(&self, char_index: usize) -> usize {
        match &self.0 {
            None => char_index,
            Some(v) => v
                .get(char_index)
                .copied()
                .unwrap_or_else(|| v.last().copied().unwrap_or(0)),
        }
    }
}
