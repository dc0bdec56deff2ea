//! Placeholder and stop-word rejection.
//!
//! Documentation, templates and tests are full of values shaped like secrets that are not
//! secrets: `your_api_key_here`, `${TOKEN}`, `<password>`, `xxxxxxxx`, `changeme`. A candidate
//! that looks like one of these is dropped whatever rule found it.

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
];

const STOP_PREFIXES: &[&[u8]] = &[b"your_", b"your-", b"my_", b"insert"];
const STOP_SUFFIXES: &[&[u8]] = &[b"_here", b"-here"];

/// A run of one repeated byte this long, making up at least half the value, marks filler
/// (`aaaaaaaa`, `sk_live_0000000000000000`). Real keys may hold such runs inside a long body
/// (every OpenSSH key starts with `AAAAAAAA`), so the run must dominate.
const MAX_REPEAT: usize = 8;
/// Stop words are checked only in values up to this long: a random key body of kilobytes
/// contains `xxxx` or `fake` by chance often enough to matter (about 0.3% of RSA keys).
const STOP_WORD_MAX_LEN: usize = 128;

/// True when `secret` looks like a placeholder rather than a real value.
pub fn is_placeholder(secret: &[u8]) -> bool {
    let lower = secret.to_ascii_lowercase();
    let lower = lower.as_slice();
    if STOP_VALUES.contains(&lower) {
        return true;
    }
    if STOP_PREFIXES.iter().any(|p| lower.starts_with(p))
        || STOP_SUFFIXES.iter().any(|s| lower.ends_with(s))
    {
        return true;
    }
    if lower.first() == Some(&b'<') && lower.last() == Some(&b'>') {
        return true;
    }
    if [b"${".as_slice(), b"{{"]
        .iter()
        .any(|w| memchr::memmem::find(lower, w).is_some())
    {
        return true;
    }
    if lower.len() <= STOP_WORD_MAX_LEN
        && STOP_WORDS
            .iter()
            .any(|w| memchr::memmem::find(lower, w).is_some())
    {
        return true;
    }
    let run = longest_run(lower);
    run >= MAX_REPEAT && run * 2 >= lower.len()
}

fn longest_run(bytes: &[u8]) -> usize {
    let mut best = 0;
    let mut run = 0;
    let mut prev = None;
    for &b in bytes {
        run = if prev == Some(b) { run + 1 } else { 1 };
        prev = Some(b);
        best = best.max(run);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::is_placeholder;

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
}
