//! JSON-line support: where, in a line that is one JSON object, the strings, numbers and
//! sensitive values are.
//!
//! Redaction never re-serializes a JSON line: it splices masks into the original bytes, so
//! whitespace, escapes, number spelling, keys and key order all stay as they were, and a line
//! with nothing to mask is byte-identical. This module only *locates*: [`parse`] checks that a
//! line is a JSON object and returns the byte spans the redactor needs; invalid JSON (or a line
//! nested deeper than [`MAX_DEPTH`]) returns `None` and the line is redacted as text.
//!
//! A field is sensitive when its name, lowercased with `_`, `-`, `.` and spaces removed, ends in
//! one of the [`SensitiveNames`] (by default [`SENSITIVE_SUFFIXES`]) (`password`, `db_password`, `X-Api-Key`, `client_secret`,
//! `access_token`, `Set-Cookie`; not `prompt_tokens` or `token_type`). Its value is masked
//! whole whatever its type: a string keeps its quotes, and a number, boolean, object or array
//! becomes a masked *string* (the line stays valid JSON; the type changes). `null` is kept.

/// Deepest nesting handled; deeper lines are treated as text (bounds the recursion).
pub const MAX_DEPTH: usize = 64;

/// Field-name endings (normalized) whose values are masked whole by default.
pub use crate::patterns::sensitive::DEFAULT_SUFFIXES as SENSITIVE_SUFFIXES;
use crate::patterns::sensitive::SensitiveNames;

/// The default sensitive names, for the callers that take no list.
static DEFAULT_NAMES: std::sync::LazyLock<SensitiveNames> =
    std::sync::LazyLock::new(SensitiveNames::default);

/// Byte spans of one JSON object line.
#[derive(Debug, Default)]
pub struct Spans {
    /// Contents (between the quotes) of string values, in order. Keys are not included.
    pub strings: Vec<(usize, usize)>,
    /// Contents of keys, in order (a secret used as a key is masked there too).
    pub keys: Vec<(usize, usize)>,
    /// Number literals, in order.
    pub numbers: Vec<(usize, usize)>,
    /// Values of sensitive fields: `(start, end, is_string)`; a string's span is its contents.
    pub sensitive: Vec<(usize, usize, bool)>,
}

/// True when a field named `key` (raw JSON string contents) holds a secret, by the default
/// [`SensitiveNames`].
pub fn is_sensitive(key: &[u8]) -> bool {
    DEFAULT_NAMES.is_sensitive(key)
}

/// Cheap pre-check for [`parse_named`]: false when no `"name":` in `line` can be a sensitive
/// field name (true may be a false alarm, e.g. a `":` inside a string).
pub fn may_have_sensitive_key(line: &[u8], names: &SensitiveNames) -> bool {
    memchr::memchr_iter(b':', line).any(|colon| {
        let before = line[..colon].trim_ascii_end();
        before
            .strip_suffix(b"\"")
            .is_some_and(|k| names.is_sensitive(k))
    })
}

/// [`parse_named`] with the default sensitive names.
pub fn parse(line: &[u8], out: &mut Spans) -> Option<()> {
    parse_named(line, &DEFAULT_NAMES, out)
}

/// Locates strings, numbers and values under `names` in `line` if it is exactly one JSON
/// object (surrounding whitespace and a trailing `\r` allowed).
pub fn parse_named(line: &[u8], names: &SensitiveNames, out: &mut Spans) -> Option<()> {
    out.strings.clear();
    out.keys.clear();
    out.numbers.clear();
    out.sensitive.clear();
    std::str::from_utf8(line).ok()?;
    let mut p = Parser {
        s: line,
        i: 0,
        hidden: 0,
        names,
        out,
    };
    p.ws();
    if p.peek()? != b'{' {
        return None;
    }
    p.value(0, false)?;
    p.ws();
    (p.i == line.len()).then_some(())
}

struct Parser<'a, 'o> {
    s: &'a [u8],
    i: usize,
    /// Depth inside a sensitive value: nothing in there is recorded separately.
    hidden: usize,
    names: &'o SensitiveNames,
    out: &'o mut Spans,
}

impl Parser<'_, '_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        self.ws();
        (self.peek()? == b).then(|| self.i += 1)
    }

    /// Parses one value; `sensitive` says it sits under a sensitive key.
    fn value(&mut self, depth: usize, sensitive: bool) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.ws();
        let start = self.i;
        let string = self.peek()? == b'"';
        self.hidden += usize::from(sensitive);
        let record = self.hidden == 0;
        match self.peek()? {
            b'{' => self.object(depth)?,
            b'[' => self.array(depth)?,
            b'"' => {
                let (cs, ce) = self.string()?;
                if record {
                    self.out.strings.push((cs, ce));
                }
            }
            b't' => self.literal(b"true")?,
            b'f' => self.literal(b"false")?,
            b'n' => {
                self.literal(b"null")?;
                self.hidden -= usize::from(sensitive);
                return Some(());
            }
            _ => {
                self.number()?;
                if record {
                    self.out.numbers.push((start, self.i));
                }
            }
        }
        self.hidden -= usize::from(sensitive);
        if sensitive {
            let span = if string {
                (start + 1, self.i - 1)
            } else {
                (start, self.i)
            };
            self.out.sensitive.push((span.0, span.1, string));
        }
        Some(())
    }

    fn object(&mut self, depth: usize) -> Option<()> {
        self.i += 1;
        self.ws();
        if self.peek()? == b'}' {
            self.i += 1;
            return Some(());
        }
        loop {
            self.ws();
            if self.peek()? != b'"' {
                return None;
            }
            let (ks, ke) = self.string()?;
            if self.hidden == 0 {
                self.out.keys.push((ks, ke));
            }
            self.eat(b':')?;
            let sensitive = self.hidden == 0 && self.names.is_sensitive(&self.s[ks..ke]);
            self.value(depth + 1, sensitive)?;
            self.ws();
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn array(&mut self, depth: usize) -> Option<()> {
        self.i += 1;
        self.ws();
        if self.peek()? == b']' {
            self.i += 1;
            return Some(());
        }
        loop {
            self.value(depth + 1, false)?;
            self.ws();
            match self.peek()? {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Parses a string at `self.i` (a quote); returns the span of its contents.
    fn string(&mut self) -> Option<(usize, usize)> {
        let start = self.i + 1;
        let mut i = start;
        loop {
            i += memchr::memchr3(b'"', b'\\', b'\n', self.s.get(i..)?)?;
            match self.s[i] {
                b'"' => break,
                b'\\' => {
                    i += match self.s.get(i + 1)? {
                        b'u' => 6,
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => 2,
                        _ => return None,
                    }
                }
                _ => return None,
            }
        }
        if self.s[start..i].iter().any(|&b| b < 0x20) {
            return None;
        }
        self.i = i + 1;
        Some((start, i))
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        self.s[self.i..]
            .starts_with(word)
            .then(|| self.i += word.len())
    }

    fn number(&mut self) -> Option<()> {
        let start = self.i;
        while matches!(
            self.peek(),
            Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
        ) {
            self.i += 1;
        }
        let n = &self.s[start..self.i];
        let digits = n.strip_prefix(b"-").unwrap_or(n);
        (digits.first()?.is_ascii_digit()).then_some(())
    }
}

/// Widens `start..end`, inside the string contents `s`, so it does not cut an escape sequence.
/// Looks only a few bytes back (and at most [`MAX_BACKSLASH_RUN`] backslashes), so many matches
/// in one long string cost linear time.
pub fn snap_to_escapes(s: &[u8], start: usize, end: usize) -> (usize, usize) {
    let lo = escape_around(s, start).unwrap_or(start);
    let hi = escape_around(s, end).map_or(end, |e| {
        let len = if s.get(e + 1) == Some(&b'u') { 6 } else { 2 };
        (e + len).min(s.len())
    });
    (lo, hi)
}

/// Longest run of backslashes counted when deciding whether one escapes the next byte.
pub const MAX_BACKSLASH_RUN: usize = 4096;

/// The start of the escape sequence that `p` lies strictly inside, if any.
fn escape_around(s: &[u8], p: usize) -> Option<usize> {
    let escaping = |b: usize| {
        let run = s[..=b]
            .iter()
            .rev()
            .take(MAX_BACKSLASH_RUN)
            .take_while(|&&c| c == b'\\')
            .count();
        run % 2 == 1
    };
    if p == 0 || p > s.len() {
        return None;
    }
    if s[p - 1] == b'\\' && escaping(p - 1) {
        return Some(p - 1);
    }
    (2..=5.min(p))
        .map(|k| p - k)
        .find(|&b| s[b] == b'\\' && s.get(b + 1) == Some(&b'u') && escaping(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(line: &str) -> Option<Spans> {
        let mut s = Spans::default();
        parse(line.as_bytes(), &mut s).map(|()| s)
    }

    fn texts(line: &str, v: &[(usize, usize)]) -> Vec<String> {
        v.iter().map(|&(a, b)| line[a..b].to_owned()).collect()
    }

    macro_rules! valid {
        ($name:ident, $line:expr, strings = $strings:expr, sensitive = $sens:expr) => {
            #[test]
            fn $name() {
                let line = $line;
                let s = spans(line).expect("valid object");
                assert_eq!(texts(line, &s.strings), $strings as Vec<&str>);
                let sens: Vec<(usize, usize)> =
                    s.sensitive.iter().map(|&(a, b, _)| (a, b)).collect();
                assert_eq!(texts(line, &sens), $sens as Vec<&str>);
            }
        };
    }

    valid!(
        v10,
        r#"{"a":"x","n":1}"#,
        strings = vec!["x"],
        sensitive = vec![]
    );
    valid!(
        v11,
        r#" { "password" : "hunter2" , "b" : [ "c" , 2 ] } "#,
        strings = vec!["c"],
        sensitive = vec!["hunter2"]
    );
    valid!(
        v12,
        r#"{"Api-Key":123,"x":{"Token":[1,"a"]}}"#,
        strings = vec![],
        sensitive = vec!["123", r#"[1,"a"]"#]
    );
    valid!(
        v13,
        r#"{"prompt_tokens":5,"token_type":"bearer","pwd":null}"#,
        strings = vec!["bearer"],
        sensitive = vec![]
    );
    valid!(
        v14,
        r#"{"msg":"a \"quoted\" \u00e9 \\ path"}"#,
        strings = vec![r#"a \"quoted\" \u00e9 \\ path"#],
        sensitive = vec![]
    );
    valid!(v15, "{}\r", strings = vec![], sensitive = vec![]);

    macro_rules! invalid {
        ($name:ident, $line:expr) => {
            #[test]
            fn $name() {
                assert!(spans($line).is_none());
            }
        };
    }

    invalid!(i20, r#"["not", "an object"]"#);
    invalid!(i21, r#"{"a":1} trailing"#);
    invalid!(i22, r#"{"a":"unterminated}"#);
    invalid!(i23, "{\"a\":\"tab\tinside\"}");
    invalid!(i24, r#"{"a":tru}"#);
    invalid!(i25, "plain text line");
    invalid!(i26, r#"{"a":"bad escape \q"}"#);

    #[test]
    fn i27_too_deep_is_not_parsed() {
        let deep = format!(
            "{{\"a\":{}{}}}",
            "[".repeat(MAX_DEPTH + 2),
            "]".repeat(MAX_DEPTH + 2)
        );
        assert!(spans(&deep).is_none());
        assert!(spans(&format!("{{\"a\":{}{}}}", "[".repeat(10), "]".repeat(10))).is_some());
    }

    #[test]
    fn invalid_utf8_is_not_json() {
        let mut s = Spans::default();
        assert!(parse(b"{\"a\":\"\xff\"}", &mut s).is_none());
    }

    #[test]
    fn escapes_are_never_cut() {
        let s = br#"ab\u00e9cd\"ef"#;
        assert_eq!(snap_to_escapes(s, 3, 5), (2, 8));
        assert_eq!(snap_to_escapes(s, 0, 11), (0, 12));
        assert_eq!(snap_to_escapes(s, 8, 10), (8, 10));
        let s = br#"a\\u0041"#; // an escaped backslash, then a plain "u0041"
        assert_eq!(snap_to_escapes(s, 4, 5), (4, 5));
        assert_eq!(snap_to_escapes(s, 2, 3), (1, 3));
    }

    #[test]
    fn sensitive_key_precheck() {
        let names = SensitiveNames::default();
        assert!(may_have_sensitive_key(
            br#"{"a":1, "DB_Password" : "x"}"#,
            &names
        ));
        assert!(!may_have_sensitive_key(
            br#"{"ts":"12:30:00","prompt_tokens":3}"#,
            &names
        ));
    }

    #[test]
    fn is_sensitive_is_the_default_list() {
        // The table of names lives with the list (`patterns/sensitive.rs`); this checks the
        // JSON helper asks that list.
        let names = SensitiveNames::default();
        for k in [
            "password",
            "DB_PASSWORD",
            "X-Api-Key",
            "prompt_tokens",
            "user",
        ] {
            assert_eq!(
                is_sensitive(k.as_bytes()),
                names.is_sensitive(k.as_bytes()),
                "{k}"
            );
        }
    }
}
