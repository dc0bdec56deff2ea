//! Sensitive names: the field, variable, header and parameter names whose values are
//! secrets whatever they look like (`password`, `DB_PASSWORD`, `X-Api-Key`, `accessToken`).
//!
//! One list serves every place a value is known by its name: JSON fields and `key=value`,
//! `key: value` and header lines in `hush redact` (`crate::redact`), and whatever else asks
//! [`SensitiveNames::is_sensitive`]. A name is sensitive when, lowercased with `_`, `-`, `.`
//! and spaces removed, it ends in one of the suffixes: `db_password` and `client_secret` are,
//! `prompt_tokens`, `token_type` and `secret_name` are not. `hush.toml` adds and removes
//! suffixes (`[sensitive_names] add = […] remove = […]`).

/// The built-in suffixes (normalized: lowercase, no separators).
pub const DEFAULT_SUFFIXES: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "passphrase",
    "secret",
    "secretkey",
    "secretaccesskey",
    "token",
    "authorization",
    "apikey",
    "cookie",
    "privatekey",
    "credential",
    "credentials",
    "auth",
];

/// A set of sensitive-name suffixes; [`Default`] is [`DEFAULT_SUFFIXES`].
#[derive(Debug, Clone)]
pub struct SensitiveNames {
    suffixes: Vec<Vec<u8>>,
    /// Bit `prev * 256 + last` set: some suffix ends in the two bytes `prev last`
    /// (lowercase). Most names are rejected here: nearly every English word ends in one of a
    /// suffix's last letters (`e n t d y l h s`), few in one of their last pairs.
    pairs: Box<[u64; 1024]>,
    /// `short[b]`: the one-byte suffix `b` is in the list (`hush.toml` may add one).
    short: [bool; 256],
}

impl Default for SensitiveNames {
    fn default() -> Self {
        Self::from_suffixes(DEFAULT_SUFFIXES.iter().map(|s| s.as_bytes().to_vec()))
    }
}

fn is_sep(b: u8) -> bool {
    matches!(b, b'_' | b'-' | b'.' | b' ')
}

/// `name` lowercased without separators.
fn normalize(name: &str) -> Vec<u8> {
    (name.bytes())
        .filter(|&b| !is_sep(b))
        .map(|b| b.to_ascii_lowercase())
        .collect()
}

impl SensitiveNames {
    fn from_suffixes(suffixes: impl IntoIterator<Item = Vec<u8>>) -> Self {
        let mut out = Self {
            suffixes: Vec::new(),
            pairs: Box::new([0; 1024]),
            short: [false; 256],
        };
        for s in suffixes {
            match *s.as_slice() {
                [] => continue,
                [b] => out.short[usize::from(b)] = true,
                [.., p, b] => {
                    let bit = usize::from(p) * 256 + usize::from(b);
                    out.pairs[bit / 64] |= 1 << (bit % 64);
                }
            }
            out.suffixes.push(s);
        }
        out
    }

    /// The defaults with `add` added and `remove` taken out (each normalized first). A name
    /// with no letter or digit, or a removal of a suffix not in the list, is an error.
    pub fn new(add: &[String], remove: &[String]) -> Result<Self, String> {
        let mut list: Vec<Vec<u8>> = DEFAULT_SUFFIXES
            .iter()
            .map(|s| s.as_bytes().to_vec())
            .collect();
        for name in add {
            let n = normalize(name);
            if !n.iter().any(u8::is_ascii_alphanumeric) {
                return Err(format!("sensitive name {name:?} has no letter or digit"));
            }
            if !list.contains(&n) {
                list.push(n);
            }
        }
        for name in remove {
            let n = normalize(name);
            let before = list.len();
            list.retain(|s| *s != n);
            if list.len() == before {
                return Err(format!(
                    "sensitive name {name:?} is not in the list (built-in: {})",
                    DEFAULT_SUFFIXES.join(", ")
                ));
            }
        }
        Ok(Self::from_suffixes(list))
    }

    /// The suffixes, normalized.
    pub fn suffixes(&self) -> impl Iterator<Item = &str> {
        (self.suffixes.iter()).filter_map(|s| std::str::from_utf8(s).ok())
    }

    /// False when no name ending where `text` ends can be sensitive, judged by its last two
    /// bytes that are not separators (a byte before the name counts as one: the check is
    /// necessary, not sufficient). Looks at a few bytes only, so it can run before a name is
    /// delimited.
    pub fn may_end(&self, text: &[u8]) -> bool {
        let mut tail = text.iter().rev().filter(|&&b| !is_sep(b));
        let Some(last) = tail.next().map(u8::to_ascii_lowercase) else {
            return false;
        };
        if self.short[usize::from(last)] {
            return true;
        }
        tail.next().is_some_and(|&p| {
            let bit = usize::from(p.to_ascii_lowercase()) * 256 + usize::from(last);
            self.pairs[bit / 64] & (1 << (bit % 64)) != 0
        })
    }

    /// True when a value named `name` (raw bytes: a JSON key's contents, a variable) holds a
    /// secret.
    pub fn is_sensitive(&self, name: &[u8]) -> bool {
        self.may_end(name) && (self.suffixes.iter()).any(|s| ends_with_normalized(name, s))
    }
}

/// `name`, lowercased and without separators, ends with `suffix`; compared backwards,
/// without a copy.
fn ends_with_normalized(name: &[u8], suffix: &[u8]) -> bool {
    let mut k = name.len();
    for &want in suffix.iter().rev() {
        loop {
            let Some(next) = k.checked_sub(1) else {
                return false;
            };
            k = next;
            if !is_sep(name[k]) {
                break;
            }
        }
        if name[k].to_ascii_lowercase() != want {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_suffixes_not_prefixes() {
        let n = SensitiveNames::default();
        for k in [
            "password",
            "DB_PASSWORD",
            "X-Api-Key",
            "client_secret",
            "accessToken",
            "Set-Cookie",
            "private_key",
            "token ",
        ] {
            assert!(n.is_sensitive(k.as_bytes()), "{k}");
        }
        for k in [
            "prompt_tokens",
            "token_type",
            "user",
            "secret_name",
            "cookies_enabled",
            "",
            "__",
        ] {
            assert!(!n.is_sensitive(k.as_bytes()), "{k}");
        }
    }

    #[test]
    fn may_end_is_necessary_for_every_suffix() {
        let n = SensitiveNames::new(&["x".into()], &[]).expect("valid");
        for s in n.suffixes() {
            for name in [
                s.to_string(),
                format!("db_{s}"),
                format!("{}-", s.to_uppercase()),
            ] {
                assert!(n.may_end(name.as_bytes()), "{name}");
            }
        }
        for t in ["level", "message", "user_name", "ts", "", "__"] {
            assert!(!n.may_end(t.as_bytes()), "{t}");
        }
        assert!(n.may_end(b"x") && n.may_end(b" x") && n.may_end(b"pass_w_d"));
    }

    #[test]
    fn add_and_remove_normalize_and_check() {
        let n = SensitiveNames::new(&["PIN-Code".into(), "dsn".into()], &["Pwd".into()])
            .expect("valid");
        assert!(n.is_sensitive(b"user_pin_code") && n.is_sensitive(b"SENTRY_DSN"));
        assert!(!n.is_sensitive(b"pwd") && n.is_sensitive(b"password"));
        assert!(SensitiveNames::new(&["-_".into()], &[]).is_err());
        let e = SensitiveNames::new(&[], &["nosuch".into()]).expect_err("not listed");
        assert!(e.contains("nosuch") && e.contains("password"), "{e}");
    }
}
