//! The text form of a path or glob split into raw segments (`a.b[0]."c.d"` → `a`, `b`, `[0]`,
//! `c.d`); [`super::KeyPath::parse`] and [`super::FieldGlob::new`] give them meaning.

pub(super) enum Raw {
    /// A key, and whether it was quoted (then it is literal).
    Key(String, bool),
    Index(String),
}

/// Splits `a.b[0]."c.d"` into segments; `None` when malformed (unbalanced quote or bracket,
/// empty segment).
pub(super) fn split(text: &str) -> Option<Vec<Raw>> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    let mut expect_key = true;
    while let Some(&c) = chars.peek() {
        match c {
            '[' => {
                chars.next();
                let mut inner = String::new();
                loop {
                    match chars.next()? {
                        ']' => break,
                        c => inner.push(c),
                    }
                }
                if inner.is_empty() {
                    return None;
                }
                out.push(Raw::Index(inner));
                expect_key = false;
            }
            '.' if !expect_key => {
                chars.next();
                expect_key = true;
            }
            '"' if expect_key => {
                chars.next();
                let mut key = String::new();
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => key.push(chars.next()?),
                        c => key.push(c),
                    }
                }
                out.push(Raw::Key(key, true));
                expect_key = false;
            }
            _ if expect_key => {
                let mut key = String::new();
                while let Some(&c) = chars.peek() {
                    if matches!(c, '.' | '[') {
                        break;
                    }
                    key.push(c);
                    chars.next();
                }
                if key.is_empty() {
                    return None;
                }
                out.push(Raw::Key(key, false));
                expect_key = false;
            }
            _ => return None,
        }
    }
    (!out.is_empty() && !expect_key).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(text: &str) -> Option<String> {
        let segs = split(text)?;
        Some(
            segs.iter()
                .map(|s| match s {
                    Raw::Key(k, q) => format!("k{}:{k}", if *q { "q" } else { "" }),
                    Raw::Index(i) => format!("i:{i}"),
                })
                .collect::<Vec<_>>()
                .join(" "),
        )
    }

    #[test]
    fn splits_keys_indices_and_quoted_keys() {
        assert_eq!(
            shape("a.b[0].\"c.d\"").as_deref(),
            Some("k:a k:b i:0 kq:c.d")
        );
        assert_eq!(shape("\"q\\\"\"").as_deref(), Some("kq:q\""));
    }

    #[test]
    fn refuses_malformed_text() {
        for bad in ["", "a.", ".a", "a..b", "a[", "a[]", "\"a", "a[b"] {
            assert!(shape(bad).is_none(), "{bad:?}");
        }
    }
}
