//! Token formats: how a rule's tokens are made, as data (`[rule.token]` `format`).
//!
//! A format is a template: literal text, and parts in braces that stand for generated text.
//! Examples and quality-harness cases are generated from it (`crate::quality`), and a test
//! fails when a rule's regex disagrees with its own format. The syntax:
//!
//! | part | stands for |
//! |---|---|
//! | `{hex:32}`, `{alnum:20..40}` | that many characters (inclusive range) of a named alphabet |
//! | `{[a-z0-9_-]:16}` | that many characters of a set written like a regex class |
//! | `{b64:64}`, `{b64raw:32}`, `{b64url:32}` | N random bytes, base64 (padded, unpadded, URL-safe unpadded) |
//! | `{uuid}`, `{UUID}` | a random version-4 UUID, lower or upper case |
//! | `{check}` | the checksum the rule's validator verifies, computed over what precedes |
//! | `{jwt}` | a JSON Web Token with a JSON header that names `alg` |
//! | `{bech32:HRP:N}` | N random bytes in Bech32 with that human-readable part (upper case if HRP is) |
//! | `{pem:LABEL}` | a PEM block (`-----BEGIN LABEL-----`) whose body is a DER sequence |
//! | `{{`, `}}` | a literal brace |
//!
//! Named alphabets: `digit`, `hex`, `HEX`, `lower`, `upper`, `alpha`, `alnum` (base62),
//! `lower-alnum`, `upper-alnum`, `base64` (`A-Za-z0-9+/`), `base64url` (`A-Za-z0-9-_`),
//! `base32` (`A-Z2-7`).

/// The longest run one part may stand for; longer is surely a mistake in a rule file.
const MAX_RUN: usize = 4096;

/// One piece of a token template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Text copied as it is.
    Literal(String),
    /// `min..=max` characters drawn from `alphabet` (distinct ASCII bytes).
    Run {
        /// The characters to draw from.
        alphabet: Vec<u8>,
        /// Fewest characters.
        min: usize,
        /// Most characters.
        max: usize,
    },
    /// `len` random bytes in base64 (`pad`, `url` say which variant).
    Bytes {
        /// Number of random bytes before encoding.
        len: usize,
        /// Standard alphabet with `=` padding (else unpadded).
        pad: bool,
        /// URL-safe alphabet (`-_`), never padded.
        url: bool,
    },
    /// A version-4 UUID.
    Uuid {
        /// Upper-case hex digits.
        upper: bool,
    },
    /// The rule validator's checksum over the text before it.
    Check,
    /// A JSON Web Token.
    Jwt,
    /// `len` random bytes in Bech32 under `hrp`.
    Bech32 {
        /// Human-readable part (its case sets the output's case).
        hrp: String,
        /// Payload bytes.
        len: usize,
    },
    /// A PEM block with this label.
    Pem {
        /// The label between `BEGIN ` and the dashes.
        label: String,
    },
}

/// A rule's token description: its formats and the names it is known under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// One parsed format per shape the token takes.
    pub formats: Vec<TokenFormat>,
    /// Field and variable names the value is known under.
    pub names: Vec<String>,
    /// The carriers (file types) the token is planted in; empty means every one.
    pub carriers: Vec<String>,
}

impl Token {
    /// Parses a `[rule.token]` table.
    pub fn from_spec(spec: &super::spec::TokenSpec) -> Result<Self, String> {
        if spec.format.is_empty() {
            return Err("token table needs at least one format".into());
        }
        if let Some(bad) = spec.names.iter().find(|n| {
            n.is_empty()
                || !n
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b))
        }) {
            return Err(format!(
                "token name {bad:?} must be letters, digits, '_', '-' or '.'"
            ));
        }
        Ok(Self {
            formats: (spec.format.iter())
                .map(|f| TokenFormat::parse(f))
                .collect::<Result<_, _>>()?,
            names: spec.names.clone(),
            carriers: spec.carriers.clone(),
        })
    }
}

/// A parsed template: what one shape of a rule's tokens is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenFormat {
    /// The template as written.
    pub template: String,
    /// Its parts in order.
    pub parts: Vec<Part>,
}

impl TokenFormat {
    /// Parses a template; the error says what is wrong, in terms of the template.
    pub fn parse(template: &str) -> Result<Self, String> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = template;
        while let Some(c) = rest.chars().next() {
            if let Some(tail) = rest.strip_prefix("{{").or_else(|| rest.strip_prefix("}}")) {
                literal.push(c);
                rest = tail;
            } else if c == '{' {
                let close = rest
                    .find('}')
                    .ok_or_else(|| format!("unclosed '{{' in token format {template:?}"))?;
                if !literal.is_empty() {
                    parts.push(Part::Literal(std::mem::take(&mut literal)));
                }
                parts.push(parse_part(&rest[1..close]).map_err(|e| {
                    format!(
                        "token format {template:?}: part {{{}}}: {e}",
                        &rest[1..close]
                    )
                })?);
                rest = &rest[close + 1..];
            } else if c == '}' {
                return Err(format!(
                    "unmatched '}}' in token format {template:?} (write '}}}}')"
                ));
            } else {
                literal.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        if parts.iter().all(|p| matches!(p, Part::Literal(_))) {
            return Err(format!(
                "token format {template:?} has no generated part: it would make one fixed string"
            ));
        }
        Ok(Self {
            template: template.to_owned(),
            parts,
        })
    }

    /// The literal text the format starts with (empty when it starts with a generated part).
    pub fn prefix(&self) -> &str {
        match self.parts.first() {
            Some(Part::Literal(s)) => s,
            _ => "",
        }
    }

    /// Whether the format holds a `{check}` part.
    pub fn has_check(&self) -> bool {
        self.parts.contains(&Part::Check)
    }
}

fn parse_part(body: &str) -> Result<Part, String> {
    let (name, arg) = match body.strip_prefix('[') {
        Some(set) => {
            let end = set
                .find("]:")
                .ok_or("a character set needs ']:' and a length")?;
            let alphabet = parse_set(&set[..end])?;
            let (min, max) = parse_len(&set[end + 2..])?;
            return Ok(Part::Run { alphabet, min, max });
        }
        None => body.split_once(':').unwrap_or((body, "")),
    };
    let bytes = |pad, url| parse_count(arg).map(|len| Part::Bytes { len, pad, url });
    match name {
        "check" | "uuid" | "UUID" | "jwt" if !arg.is_empty() => Err("takes no argument".into()),
        "check" => Ok(Part::Check),
        "uuid" => Ok(Part::Uuid { upper: false }),
        "UUID" => Ok(Part::Uuid { upper: true }),
        "jwt" => Ok(Part::Jwt),
        "b64" => bytes(true, false),
        "b64raw" => bytes(false, false),
        "b64url" => bytes(false, true),
        "pem" if arg.is_empty() || !arg.bytes().all(|b| b.is_ascii_uppercase() || b == b' ') => {
            Err("needs a label of capitals and spaces: {pem:RSA PRIVATE KEY}".into())
        }
        "pem" => Ok(Part::Pem {
            label: arg.to_owned(),
        }),
        "bech32" => {
            let (hrp, len) = arg
                .rsplit_once(':')
                .ok_or("needs a human-readable part and a length: {bech32:age:32}")?;
            let valid = !hrp.is_empty() && hrp.bytes().all(|b| (33..=126).contains(&b));
            let one_case = hrp == hrp.to_ascii_lowercase() || hrp == hrp.to_ascii_uppercase();
            if !valid || !one_case {
                return Err("the human-readable part must be printable ASCII of one case".into());
            }
            Ok(Part::Bech32 {
                hrp: hrp.to_owned(),
                len: parse_count(len)?,
            })
        }
        _ => {
            let alphabet = named_alphabet(name).ok_or_else(|| {
                format!("unknown part {name:?}; known: alphabets {ALPHABETS}, [set], b64, b64raw, b64url, uuid, UUID, check, jwt, bech32, pem")
            })?;
            let (min, max) = parse_len(arg)?;
            Ok(Part::Run {
                alphabet: alphabet.to_vec(),
                min,
                max,
            })
        }
    }
}

const ALPHABETS: &str =
    "digit hex HEX lower upper alpha alnum lower-alnum upper-alnum base64 base64url base32";

const DIGIT: &[u8] = b"0123456789";
const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";

fn named_alphabet(name: &str) -> Option<Vec<u8>> {
    let cat = |parts: &[&[u8]]| parts.concat();
    Some(match name {
        "digit" => DIGIT.to_vec(),
        "hex" => b"0123456789abcdef".to_vec(),
        "HEX" => b"0123456789ABCDEF".to_vec(),
        "lower" => LOWER.to_vec(),
        "upper" => UPPER.to_vec(),
        "alpha" => cat(&[UPPER, LOWER]),
        "alnum" => cat(&[UPPER, LOWER, DIGIT]),
        "lower-alnum" => cat(&[LOWER, DIGIT]),
        "upper-alnum" => cat(&[UPPER, DIGIT]),
        "base64" => cat(&[UPPER, LOWER, DIGIT, b"+/"]),
        "base64url" => cat(&[UPPER, LOWER, DIGIT, b"-_"]),
        "base32" => cat(&[UPPER, b"234567"]),
        _ => return None,
    })
}

/// `a-z0-9_-` style set: ranges and single ASCII characters; a `-` first or last is literal.
fn parse_set(set: &str) -> Result<Vec<u8>, String> {
    let b = set.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let range = b.get(i + 1) == Some(&b'-') && i + 2 < b.len();
        let (lo, hi) = if range {
            (b[i], b[i + 2])
        } else {
            (b[i], b[i])
        };
        if lo > hi || !lo.is_ascii_graphic() || !hi.is_ascii_graphic() {
            return Err(format!("bad character set [{set}]"));
        }
        out.extend(lo..=hi);
        i += if range { 3 } else { 1 };
    }
    out.sort_unstable();
    out.dedup();
    if out.is_empty() {
        return Err("empty character set".into());
    }
    Ok(out)
}

fn parse_count(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=MAX_RUN).contains(&n) => Ok(n),
        _ => Err(format!("length {s:?} must be a number from 1 to {MAX_RUN}")),
    }
}

fn parse_len(s: &str) -> Result<(usize, usize), String> {
    let (min, max) = match s.split_once("..") {
        Some((a, b)) => (parse_count(a)?, parse_count(b)?),
        None => (parse_count(s)?, parse_count(s)?),
    };
    if min > max {
        return Err(format!("length range {s:?} runs backwards"));
    }
    Ok((min, max))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(alphabet: &[u8], min: usize, max: usize) -> Part {
        Part::Run {
            alphabet: alphabet.to_vec(),
            min,
            max,
        }
    }

    #[test]
    fn parses_literals_runs_and_specials() {
        let f = TokenFormat::parse("ghp_{alnum:30}{check}").expect("valid");
        assert_eq!(f.prefix(), "ghp_");
        assert!(f.has_check());
        assert_eq!(
            f.parts[1],
            run(&named_alphabet("alnum").expect("known"), 30, 30)
        );
        let f = TokenFormat::parse("{hex:8..12}-{{x}}{[a-c_-]:4}").expect("valid");
        assert_eq!(f.prefix(), "");
        assert_eq!(f.parts[0], run(b"0123456789abcdef", 8, 12));
        assert_eq!(f.parts[1], Part::Literal("-{x}".into()));
        assert_eq!(f.parts[2], run(b"-_abc", 4, 4));
        let f = TokenFormat::parse("{bech32:AGE-SECRET-KEY-:32}{uuid}{b64:64}{pem:EC PRIVATE KEY}")
            .expect("valid");
        assert_eq!(
            f.parts,
            vec![
                Part::Bech32 {
                    hrp: "AGE-SECRET-KEY-".into(),
                    len: 32
                },
                Part::Uuid { upper: false },
                Part::Bytes {
                    len: 64,
                    pad: true,
                    url: false
                },
                Part::Pem {
                    label: "EC PRIVATE KEY".into()
                },
            ]
        );
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let err = |t: &str| TokenFormat::parse(t).expect_err(t);
        assert!(err("abc").contains("no generated part"));
        assert!(err("x{hex:32").contains("unclosed"));
        assert!(err("x}").contains("unmatched"));
        assert!(err("{hexx:3}").contains("unknown part"));
        assert!(err("{hex:0}").contains("from 1 to"));
        assert!(err("{hex:9..3}").contains("backwards"));
        assert!(err("{hex:5000}").contains("from 1 to"));
        assert!(err("{check:1}").contains("no argument"));
        assert!(err("{pem:rsa}").contains("label"));
        assert!(err("{bech32:Age:32}").contains("one case"));
        assert!(err("{[z-a]:3}").contains("bad character set"));
        assert!(err("{[a-z]3}").contains("']:'"));
    }
}
