//! Inline allow markers: a comment on a finding's line that says "not a secret".
//!
//! By default hush honours its own marker and those of the scanners teams move from, so
//! their existing comments keep working:
//!
//! | marker | applies to |
//! |---|---|
//! | `hush:allow` | its own line |
//! | `gitleaks:allow` | its own line |
//! | `pragma: allowlist secret` | its own line |
//! | `pragma: allowlist nextline secret` | the next line |
//! | `trufflehog:ignore` | its own line |
//! | `kingfisher:ignore` | its own line |
//! | `nosec` naming a bandit secret check (`# nosec B105`, `# nosec: B106,B107`) | its own line |
//!
//! A bare `nosec` is not honoured: it silences every bandit check on the line, and says
//! nothing about secrets; only one that names a hardcoded-password check (B105, B106, B107)
//! does.
//!
//! Markers are looked for in the text of the finding's first line (and the line before it)
//! as the scanner saw it. This is the only filter that needs the scanned text, so the scanner
//! asks it while the line is in its window; the other filters work on finished findings (see
//! [`FilterSink`](super::FilterSink)). [`InlineAllow::none`] (`--no-inline-allow`) honours
//! none, for CI that forbids them.

/// hush's own marker: `# hush:allow` on a line suppresses the findings on that line.
pub const HUSH_MARKER: &str = "hush:allow";

/// Markers that suppress the findings on their own line.
pub const SAME_LINE_MARKERS: [&str; 5] = [
    HUSH_MARKER,
    "gitleaks:allow",
    "pragma: allowlist secret",
    "trufflehog:ignore",
    "kingfisher:ignore",
];

/// Bandit's hardcoded-password checks, honoured when a `nosec` comment names one.
const BANDIT_SECRET_CHECKS: [&str; 3] = ["B105", "B106", "B107"];

/// Markers that suppress the findings on the line after theirs.
pub const NEXT_LINE_MARKERS: [&str; 1] = ["pragma: allowlist nextline secret"];

/// Which inline markers suppress findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InlineAllow {
    enabled: bool,
}

impl Default for InlineAllow {
    /// Every marker of [`SAME_LINE_MARKERS`] and [`NEXT_LINE_MARKERS`].
    fn default() -> Self {
        Self { enabled: true }
    }
}

impl InlineAllow {
    /// No marker is honoured (every finding is reported).
    pub fn none() -> Self {
        Self { enabled: false }
    }

    /// True when markers are honoured.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// True when `line` (the finding's line) or `previous` (the line before it, empty on
    /// the first line) carries a marker that applies to `line`.
    pub fn allows(&self, line: &[u8], previous: &[u8]) -> bool {
        self.enabled
            && (contains_any(line, &SAME_LINE_MARKERS)
                || contains_any(previous, &NEXT_LINE_MARKERS)
                || names_bandit_secret_check(line))
    }
}

/// `nosec` followed, later on the line, by one of bandit's secret checks.
fn names_bandit_secret_check(line: &[u8]) -> bool {
    memchr::memmem::find(line, b"nosec")
        .is_some_and(|at| contains_any(&line[at + 5..], &BANDIT_SECRET_CHECKS))
}

fn contains_any(text: &[u8], markers: &[&str]) -> bool {
    // Nearly every line has no marker: one cheap test for the byte they share a prefix with
    // would not hold for all of them, so test each (they are few and short).
    markers
        .iter()
        .any(|m| memchr::memmem::find(text, m.as_bytes()).is_some())
}

#[cfg(test)]
mod tests {
    use super::InlineAllow;

    macro_rules! t {
        ($name:ident, $line:expr, $previous:expr, $allowed:expr) => {
            #[test]
            fn $name() {
                let allow = InlineAllow::default();
                assert_eq!(allow.allows($line, $previous), $allowed);
                assert!(!InlineAllow::none().allows($line, $previous));
            }
        };
    }

    t!(m010_hush, b"key = 'x' # hush:allow", b"", true);
    t!(m020_gitleaks, b"key = 'x' // gitleaks:allow", b"", true);
    t!(
        m030_pragma,
        b"key = 'x'  # pragma: allowlist secret",
        b"",
        true
    );
    t!(m040_trufflehog, b"key = 'x' # trufflehog:ignore", b"", true);
    t!(m050_kingfisher, b"key = 'x' # kingfisher:ignore", b"", true);
    t!(m051_nosec_b105, b"key = 'x'  # nosec B105", b"", true);
    t!(
        m052_nosec_list,
        b"key = 'x'  # nosec: B101, B106",
        b"",
        true
    );
    t!(m053_bare_nosec, b"key = 'x'  # nosec", b"", false);
    t!(m054_other_nosec, b"key = 'x'  # nosec B602", b"", false);
    t!(m055_code_before_nosec, b"B105 = 'x'  # nosec", b"", false);
    t!(
        m060_nextline,
        b"key = 'x'",
        b"# pragma: allowlist nextline secret",
        true
    );
    t!(
        m070_no_marker,
        b"key = 'x'",
        b"# an ordinary comment",
        false
    );
    t!(
        m080_spaced_is_not_a_marker,
        b"key = 'x' # hush: allow",
        b"",
        false
    );
    t!(
        m090_same_line_marker_on_previous_line,
        b"key = 'x'",
        b"# hush:allow",
        false
    );
    t!(
        m100_nextline_marker_on_own_line,
        b"key = 'x' # pragma: allowlist nextline secret",
        b"",
        false
    );
}
