//! Gate bytes: a byte every match of a rule must contain, so a window without it is skipped
//! with one `memchr` instead of a regex search. `generic-url-credentials` needs an `@`, which
//! most `https://` hits lack.
//!
//! The byte comes from the regex's syntax tree (bytes every match consumes), minus any byte
//! every keyword holds (the window holds a keyword, so those never reject), and is the rarest
//! of what is left by a rough rank of how common bytes are in text. Rules get it as they
//! compile (`Rule::gate`), from the tree they parse anyway.

use regex_syntax::hir::{Class, Hir, HirKind};

/// A set of bytes.
type Bytes = [bool; 256];

/// The gate byte of a rule with this regex (parsed) and these (lowercased) keywords, if any.
pub(crate) fn gate_byte(hir: &Hir, keywords: &[String]) -> Option<u8> {
    let mut need = required(hir);
    // Drop the bytes every keyword holds, in either case.
    if let Some((first, rest)) = keywords.split_first() {
        let mut common = case_folded(first);
        for k in rest {
            let held = case_folded(k);
            (0..256).for_each(|i| common[i] &= held[i]);
        }
        (0..256).for_each(|i| need[i] &= !common[i]);
    }
    (0..=u8::MAX)
        .filter(|&b| need[usize::from(b)])
        .min_by_key(|&b| commonness(b))
}

/// The bytes of `word`, in both cases.
fn case_folded(word: &str) -> Bytes {
    let mut set = [false; 256];
    for b in word.bytes() {
        set[usize::from(b.to_ascii_lowercase())] = true;
        set[usize::from(b.to_ascii_uppercase())] = true;
    }
    set
}

/// Bytes every match of `hir` consumes.
fn required(hir: &Hir) -> Bytes {
    let mut set = [false; 256];
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(lit) => lit.0.iter().for_each(|&b| set[usize::from(b)] = true),
        HirKind::Class(Class::Bytes(c)) => {
            if let [r] = c.ranges()
                && r.start() == r.end()
            {
                set[usize::from(r.start())] = true;
            }
        }
        HirKind::Class(Class::Unicode(c)) => {
            if let [r] = c.ranges()
                && r.start() == r.end()
                && r.start().is_ascii()
            {
                // A wider character is several bytes in the input, none of them this value.
                let b = r.start() as u8;
                set[usize::from(b)] = true;
            }
        }
        HirKind::Repetition(r) if r.min >= 1 => set = required(&r.sub),
        HirKind::Repetition(_) => {}
        HirKind::Capture(c) => set = required(&c.sub),
        HirKind::Concat(subs) => {
            for sub in subs {
                let s = required(sub);
                (0..256).for_each(|i| set[i] |= s[i]);
            }
        }
        HirKind::Alternation(subs) => {
            set = [true; 256];
            for sub in subs {
                let s = required(sub);
                (0..256).for_each(|i| set[i] &= s[i]);
            }
        }
    }
    set
}

/// A rough rank of how often a byte shows up in source text and logs: lower is rarer.
fn commonness(b: u8) -> u8 {
    match b {
        b'@' | b'&' | b'|' | b'~' | b'^' | b'`' | b'$' | b'!' | b'%' | b'*' | b'#' | b'?' => 0,
        b';' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'\\' => 0,
        0x80.. => 0,
        b'A'..=b'Z' | b'0'..=b'9' => 2,
        b'a'..=b'z' => 3,
        b' ' | b'\t' | b'\n' | b'\r' => 4,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    fn gate_byte(pattern: &str, keywords: &[String]) -> Option<u8> {
        super::gate_byte(&crate::patterns::syntax_tree(pattern).ok()?, keywords)
    }

    fn kw(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn picks_the_rarest_byte_every_match_needs() {
        let url = r"\bhttps?://[^\s:@]{1,64}:(?P<secret>[^\s@]{3,127})@[a-z.]{1,253}";
        assert_eq!(gate_byte(url, &kw(&["http://", "https://"])), Some(b'@'));
        assert_eq!(gate_byte(r"pw=(\w+)&u=", &kw(&["pw="])), Some(b'&'));
        // Both branches need `=`; only one needs `:`.
        assert_eq!(gate_byte(r"(?:a=b|c=d:)", &[]), Some(b'='));
    }

    #[test]
    fn no_gate_when_nothing_is_required_beyond_the_keywords() {
        assert_eq!(gate_byte(r"ghp_([A-Za-z0-9]{36})", &kw(&["ghp_"])), None);
        assert_eq!(gate_byte(r"(?i)token=(\w+)", &kw(&["token="])), None);
        assert_eq!(gate_byte(r"(?:x@y)?(\d+)", &[]), None);
        assert_eq!(gate_byte(r"(\d+)|(@)", &[]), None);
        assert_eq!(gate_byte(r"(unclosed", &[]), None);
        // A non-ASCII character is its UTF-8 bytes, never its code point as one byte.
        for p in [r"(?u:[é])(\d+)", r"(?u:é)(\d+)"] {
            assert!(matches!(gate_byte(p, &[]), Some(0xC3 | 0xA9)), "{p}");
        }
    }
}
