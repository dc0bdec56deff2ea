//! Placeholder and stop-word rejection.
//!
//! Documentation, templates and tests are full of values shaped like secrets that are not
//! secrets: `your_api_key_here`, `${TOKEN}`, `<password>`, `xxxxxxxx`, `changeme`. A candidate
//! that looks like one of these is dropped whatever rule found it.

use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

/// Substrings (ASCII case-insensitive) that mark a value as a placeholder.
const STOP_WORDS: &[&[u8]] = &[
    b"example",
    b"sample",
    b"placeholder",
    b"dummy",
    b"changeme",
    b"change_me",
    b"change-me",
    b"redacted",
    b"xxxx",
    b"****",
    b"fake",
    b"0123456789",
    b"abcdefgh",
    b"${",
    b"{{",
    b"%s",
];

/// Whole values (ASCII case-insensitive) that are never secrets.
const STOP_VALUES: &[&[u8]] = &[
    b"password",
    b"secret",
    b"token",
    b"null",
    b"none",
    b"true",
    b"false",
    b"undefined",
    b"pass",
    b"passwd",
    b"pwd",
    b"user",
    b"username",
];

const STOP_PREFIXES: &[&[u8]] = &[b"your_", b"your-", b"my_", b"insert"];
const STOP_SUFFIXES: &[&[u8]] = &[b"_here", b"-here", b" here"];

/// A run of one repeated byte this long, making up at least half the value, marks filler
/// (`aaaaaaaa`, `sk_live_0000000000000000`). Real keys may hold such runs inside a long body
/// (every OpenSSH key starts with `AAAAAAAA`), so the run must dominate.
const MAX_REPEAT: usize = 8;
/// Short stop words are checked only in values up to this long: a random key body of
/// kilobytes contains `xxxx` or `fake` by chance often enough to matter (about 0.3% of RSA
/// keys). Words of [`LONG_STOP_WORD`] bytes or more count at any length (`EXAMPLE` in a
/// 400-character sample session token): by chance, a 6-letter word turns up ASCII
/// case-insensitively in about 3 in a million 3 KB base64 bodies.
const STOP_WORD_MAX_LEN: usize = 128;
const LONG_STOP_WORD: usize = 6;
/// Bytes a masked value is made of (`***`, `xxx`, `...`), at least [`MIN_MASK`] of them (a
/// lone `*` is a wildcard, which the vault's checks report as such).
const MASK_BYTES: &[u8] = b"*xX.#";
const MIN_MASK: usize = 3;

/// The stop words, found ASCII case-insensitively in one pass (a search per word, each
/// building its searcher, cost about 2% of a `--pii` scan of the benchmark tree).
static STOP_WORD_SEARCH: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(STOP_WORDS)
        .expect("a few short words build")
});

/// True when `secret` looks like a placeholder rather than a real value.
pub fn is_placeholder(secret: &[u8]) -> bool {
    let starts = |p: &[u8]| {
        secret
            .get(..p.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(p))
    };
    let ends = |p: &[u8]| {
        (secret.len().checked_sub(p.len())).is_some_and(|i| secret[i..].eq_ignore_ascii_case(p))
    };
    if STOP_VALUES.iter().any(|v| secret.eq_ignore_ascii_case(v))
        || STOP_PREFIXES.iter().any(|p| starts(p))
        || STOP_SUFFIXES.iter().any(|s| ends(s))
    {
        return true;
    }
    if secret.first() == Some(&b'<') && secret.last() == Some(&b'>') {
        return true;
    }
    // Templates mark a placeholder at any length.
    if [b"${".as_slice(), b"{{"]
        .iter()
        .any(|w| memchr::memmem::find(secret, w).is_some())
    {
        return true;
    }
    if secret.len() >= MIN_MASK && secret.iter().all(|b| MASK_BYTES.contains(b)) {
        return true;
    }
    let short = secret.len() <= STOP_WORD_MAX_LEN;
    if (STOP_WORD_SEARCH.find_iter(secret)).any(|m| short || m.len() >= LONG_STOP_WORD) {
        return true;
    }
    let run = longest_run(secret);
    run >= MAX_REPEAT && run * 2 >= secret.len()
}

/// The longest run of one byte, ASCII case-insensitive.
fn longest_run(bytes: &[u8]) -> usize {
    let mut best = 0;
    let mut run = 0;
    let mut prev = None;
    for b in bytes.iter().map(u8::to_ascii_lowercase) {
        run = if prev == Some(b) { run + 1 } else { 1 };
        prev = Some(b);
        best = best.max(run);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The definition, one step at a time on a lowercased copy.
    fn reference(secret: &[u8]) -> bool {
        let lower = secret.to_ascii_lowercase();
        let lower = lower.as_slice();
        let has = |w: &[u8]| lower.windows(w.len()).any(|x| x == w);
        STOP_VALUES.contains(&lower)
            || STOP_PREFIXES.iter().any(|p| lower.starts_with(p))
            || STOP_SUFFIXES.iter().any(|s| lower.ends_with(s))
            || (lower.first() == Some(&b'<') && lower.last() == Some(&b'>'))
            || has(b"${")
            || has(b"{{")
            || (lower.len() >= MIN_MASK && lower.iter().all(|b| MASK_BYTES.contains(b)))
            || STOP_WORDS
                .iter()
                .any(|w| has(w) && (lower.len() <= STOP_WORD_MAX_LEN || w.len() >= LONG_STOP_WORD))
            || {
                let mut best = 0;
                for (i, &b) in lower.iter().enumerate() {
                    let run = lower[i..].iter().take_while(|&&c| c == b).count();
                    best = best.max(run);
                }
                best >= MAX_REPEAT && best * 2 >= lower.len()
            }
    }

    proptest! {
        #[test]
        fn agrees_with_the_definition(
            pieces in proptest::collection::vec(
                prop_oneof![
                    proptest::sample::select(
                        [STOP_WORDS, STOP_VALUES, STOP_PREFIXES, STOP_SUFFIXES].concat()
                    ).prop_map(|w| w.to_vec()),
                    proptest::sample::select(vec![&b"<"[..], b">", b"A", b"a", b"X", b"x", b"$", b"{"])
                        .prop_map(|w| w.to_vec()),
                    proptest::collection::vec(any::<u8>(), 1..6),
                    // Past the stop-word length limit.
                    proptest::collection::vec(any::<u8>(), 60..100),
                ],
                0..12,
            ),
            upper in any::<bool>(),
        ) {
            let mut secret = pieces.concat();
            if upper {
                secret.make_ascii_uppercase();
            }
            prop_assert_eq!(is_placeholder(&secret), reference(&secret), "{:?}", secret);
        }
    }

    macro_rules! t {
        ($name:ident, $input:expr, $want:expr) => {
            #[test]
            fn $name() {
                assert_eq!(is_placeholder($input), $want, "{:?}", $input);
            }
        };
    }

    t!(t01_stop_word, b"AKIAIOSFODNN7EXAMPLE", true);
    t!(t02_template, b"${API_TOKEN}", true);
    t!(t03_mustache, b"{{ token }}", true);
    t!(t04_angle, b"<your-token>", true);
    t!(t05_your_here, b"your_api_key_here", true);
    t!(t06_xs, b"ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", true);
    t!(t07_repeat, b"sk_live_aaaaaaaaaaaaaaaaaaaa", true);
    t!(t08_changeme, b"ChangeMe", true);
    t!(t09_stop_value, b"PASSWORD", true);
    t!(t10_sequence, b"tok_0123456789", true);
    t!(
        t20_random,
        b"ghp_Zk3vQ9pL0mX7aR2tY8wE5uI1oP4sD6fG1a2b",
        false
    );
    t!(t21_short_real, b"s3cr3t-Pa55w0rd!", false);
    t!(t22_seven_repeat, b"aaaaaaaXq9", false);
    t!(
        t23_run_inside_long_key,
        b"b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQ",
        false
    );
    t!(t24_long_filler, &[b'a'; 300][..], true);
    t!(t25_masked, b"***", true);
    t!(t26_doc_userinfo, b"pass", true);
    t!(t27_lone_wildcard_kept, b"*", false);
    t!(
        t30_long_example,
        format!("AQoEXAMPLE{}", "Hq7".repeat(60)).as_bytes(),
        true
    );
    t!(
        t31_long_fake_kept,
        format!("Q{}fake{}", "Hq7".repeat(50), "Zr".repeat(30)).as_bytes(),
        false
    );
}
