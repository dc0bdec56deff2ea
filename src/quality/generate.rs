//! Tokens made from a rule's [`TokenFormat`], and the look-alikes that must not be found.
//!
//! Generation is seeded ([`fastrand::Rng`]), so a rule's generated examples are the same on
//! every machine and run. The look-alikes are the ways a candidate is wrong in the wild: one
//! character short or long, a checksum that fails, a placeholder of the right shape.

use crate::detect::{Validator, bech32_encode, pem_armor};
use crate::patterns::token::{Part, TokenFormat};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE_NO_PAD};

/// How a generated look-alike differs from a real token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flaw {
    /// The longest generated run is one character short.
    Short,
    /// The last part, a run, is one character too long.
    Long,
    /// One character before `{check}` changed, so the checksum fails: a known fake.
    BadChecksum,
    /// Every generated run replaced by `x`s: a placeholder of the right shape.
    Placeholder,
}

impl Flaw {
    /// Short name for reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Short => "short",
            Self::Long => "long",
            Self::BadChecksum => "bad-checksum",
            Self::Placeholder => "placeholder",
        }
    }
}

/// One generated token, with where each run part landed (for look-alikes).
struct Built {
    text: String,
    /// `(start, end, part index)` of every run part in `text`.
    runs: Vec<(usize, usize, usize)>,
}

fn build(format: &TokenFormat, validator: Option<Validator>, rng: &mut fastrand::Rng) -> Built {
    let mut text = String::new();
    let mut runs = Vec::new();
    for (index, part) in format.parts.iter().enumerate() {
        let start = text.len();
        match part {
            Part::Literal(s) => text.push_str(s),
            Part::Run { alphabet, min, max } => {
                let len = rng.usize(*min..=*max);
                text.extend((0..len).map(|_| char::from(alphabet[rng.usize(..alphabet.len())])));
                runs.push((start, text.len(), index));
            }
            Part::Bytes { len, pad, url } => {
                let bytes = random_bytes(rng, *len);
                let engine = match (url, pad) {
                    (true, _) => &URL_SAFE_NO_PAD,
                    (false, true) => &STANDARD,
                    (false, false) => &STANDARD_NO_PAD,
                };
                text.push_str(&engine.encode(bytes));
            }
            Part::Uuid { upper } => {
                let mut b = random_bytes(rng, 16);
                b[6] = (b[6] & 0x0f) | 0x40;
                b[8] = (b[8] & 0x3f) | 0x80;
                let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
                let uuid = format!(
                    "{}-{}-{}-{}-{}",
                    &hex[..8],
                    &hex[8..12],
                    &hex[12..16],
                    &hex[16..20],
                    &hex[20..]
                );
                text.push_str(&if *upper {
                    uuid.to_ascii_uppercase()
                } else {
                    uuid
                });
            }
            Part::Check => {
                let check = validator
                    .and_then(|v| v.complete(&text))
                    .expect("rules with {check} have a generating validator (checked at load)");
                text.push_str(&check);
            }
            Part::Jwt => text.push_str(&jwt(rng)),
            Part::Bech32 { hrp, len } => {
                text.push_str(&bech32_encode(hrp, &random_bytes(rng, *len)))
            }
            Part::Pem { label } => text.push_str(&pem(rng, label)),
        }
    }
    Built { text, runs }
}

/// A token of `format`, valid for `validator`.
pub fn token(
    format: &TokenFormat,
    validator: Option<Validator>,
    rng: &mut fastrand::Rng,
) -> String {
    build(format, validator, rng).text
}

/// A look-alike of `format` with `flaw`, or `None` when the format cannot have that flaw
/// (no run to shorten, no checksum to break).
pub fn flawed(
    format: &TokenFormat,
    validator: Option<Validator>,
    flaw: Flaw,
    rng: &mut fastrand::Rng,
) -> Option<String> {
    let Built { mut text, runs } = build(format, validator, rng);
    let run_part = |index: usize| match &format.parts[index] {
        Part::Run { alphabet, min, max } => Some((alphabet, *min, *max)),
        _ => None,
    };
    match flaw {
        Flaw::Short => {
            let &(start, end, index) = runs.iter().max_by_key(|(s, e, _)| e - s)?;
            let (_, min, _) = run_part(index)?;
            // Cut to one less than the run's minimum, whatever length it was made at.
            if min < 2 {
                return None;
            }
            let cut = start + min - 1;
            text.replace_range(cut..end, "");
        }
        Flaw::Long => {
            let &(start, end, index) = runs.last()?;
            if index != format.parts.len() - 1 {
                return None;
            }
            let (alphabet, _, max) = run_part(index)?;
            let body: String = (0..=max)
                .map(|_| char::from(alphabet[rng.usize(..alphabet.len())]))
                .collect();
            text.replace_range(start..end, &body);
        }
        Flaw::BadChecksum => {
            let check = format.parts.iter().position(|p| *p == Part::Check)?;
            let &(start, end, index) = runs.iter().rfind(|(_, _, i)| *i < check)?;
            let (alphabet, _, _) = run_part(index)?;
            let at = rng.usize(start..end);
            let old = text.as_bytes()[at];
            let new = *alphabet.iter().find(|&&c| c != old)?;
            text.replace_range(at..=at, &char::from(new).to_string());
        }
        Flaw::Placeholder => {
            // Only a token that is mostly generated runs looks like a placeholder once they
            // are all `x`s; a token whose bulk is fixed text or encoded bytes does not.
            let generated: usize = runs.iter().map(|(s, e, _)| e - s).sum();
            if runs.is_empty() || 2 * generated < text.len() {
                return None;
            }
            for &(start, end, _) in runs.iter().rev() {
                text.replace_range(start..end, &"x".repeat(end - start));
            }
        }
    }
    Some(text)
}

fn random_bytes(rng: &mut fastrand::Rng, len: usize) -> Vec<u8> {
    (0..len).map(|_| rng.u8(..)).collect()
}

fn jwt(rng: &mut fastrand::Rng) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = format!(
        r#"{{"sub":"{}","iat":{},"scope":"api"}}"#,
        rng.u64(1_000_000..u64::from(u32::MAX)),
        rng.u32(1_600_000_000..1_900_000_000)
    );
    let payload = URL_SAFE_NO_PAD.encode(payload);
    let signature = URL_SAFE_NO_PAD.encode(random_bytes(rng, 32));
    format!("{header}.{payload}.{signature}")
}

/// A PEM block: a DER SEQUENCE of random content (an OpenSSH key's magic for that label),
/// base64 in 64-character lines.
fn pem(rng: &mut fastrand::Rng, label: &str) -> String {
    let len = rng.usize(300..600);
    let content = random_bytes(rng, len);
    let der = if label == "OPENSSH PRIVATE KEY" {
        [b"openssh-key-v1\0".as_slice(), &content].concat()
    } else {
        let len = u16::try_from(content.len()).expect("under 600 bytes");
        [&[0x30, 0x82][..], &len.to_be_bytes(), &content].concat()
    };
    pem_armor(label, &der)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(t: &str) -> TokenFormat {
        TokenFormat::parse(t).expect("valid")
    }

    #[test]
    fn tokens_follow_their_format() {
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..50 {
            let t = token(&fmt("dapi{hex:32}"), None, &mut rng);
            assert!(t.len() == 36 && t.starts_with("dapi"), "{t}");
            assert!(
                t[4..]
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            );
            let t = token(&fmt("x{alnum:3..5}"), None, &mut rng);
            assert!((4..=6).contains(&t.len()), "{t}");
            let t = token(&fmt("{uuid}"), None, &mut rng);
            assert_eq!((t.len(), &t[14..15]), (36, "4"));
            let t = token(&fmt("{b64:64}"), None, &mut rng);
            assert!(
                Validator::Base64 {
                    len: 64,
                    url: false
                }
                .check(t.as_bytes())
            );
            let t = token(&fmt("{jwt}"), None, &mut rng);
            assert!(Validator::Jwt.check(t.as_bytes()), "{t}");
            let t = token(&fmt("{bech32:AGE-SECRET-KEY-:32}"), None, &mut rng);
            assert!(Validator::Bech32.check(t.as_bytes()), "{t}");
            let t = token(&fmt("{pem:RSA PRIVATE KEY}"), None, &mut rng);
            assert!(Validator::PemDer.check(t.as_bytes()), "{t}");
        }
    }

    #[test]
    fn checksums_pass_and_flaws_break_them() {
        let f = fmt("ghp_{alnum:30}{check}");
        let v = Some(Validator::GithubChecksum);
        let mut rng = fastrand::Rng::with_seed(1);
        for _ in 0..50 {
            let t = token(&f, v, &mut rng);
            assert!(Validator::GithubChecksum.check(t.as_bytes()), "{t}");
            let bad = flawed(&f, v, Flaw::BadChecksum, &mut rng).expect("has a check");
            assert_eq!(bad.len(), 40);
            assert!(!Validator::GithubChecksum.check(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn flaws_change_the_shape() {
        let mut rng = fastrand::Rng::with_seed(3);
        let f = fmt("tok_{alnum:20..24}");
        let short = flawed(&f, None, Flaw::Short, &mut rng).expect("a run");
        assert_eq!(short.len(), 4 + 19, "{short}");
        let long = flawed(&f, None, Flaw::Long, &mut rng).expect("ends in a run");
        assert_eq!(long.len(), 4 + 25, "{long}");
        let ph = flawed(&f, None, Flaw::Placeholder, &mut rng).expect("a run");
        assert!(ph.starts_with("tok_xxxx"), "{ph}");
        assert!(flawed(&fmt("{hex:8}.end"), None, Flaw::Long, &mut rng).is_none());
        assert!(flawed(&f, None, Flaw::BadChecksum, &mut rng).is_none());
        assert!(flawed(&fmt("{uuid}"), None, Flaw::Short, &mut rng).is_none());
    }
}
