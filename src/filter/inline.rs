//! Inline allow markers: a comment on the line of a finding that says "not a secret".
//!
//! The marker is looked for in the text of the finding's first line as the scanner saw it;
//! a finding whose line carries one is never reported. This is the only filter that needs
//! the scanned text, so the scanner asks it while the line is still in its window; the
//! other filters work on finished findings (see [`FilterSink`](super::FilterSink)).

/// hush's own marker: `# hush:allow` on a line suppresses the findings on that line.
pub const HUSH_MARKER: &str = "hush:allow";

/// Which inline markers suppress findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineAllow {
    /// Markers that suppress findings on their own line.
    same_line: Vec<String>,
}

impl Default for InlineAllow {
    /// hush's own marker only.
    fn default() -> Self {
        Self {
            same_line: vec![HUSH_MARKER.to_owned()],
        }
    }
}

impl InlineAllow {
    /// No marker is honoured (every finding is reported).
    pub fn none() -> Self {
        Self {
            same_line: Vec::new(),
        }
    }

    /// True when `line` (the finding's line) carries a marker.
    pub fn allows(&self, line: &[u8]) -> bool {
        self.same_line
            .iter()
            .any(|m| memchr::memmem::find(line, m.as_bytes()).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::InlineAllow;

    #[test]
    fn hush_marker_on_the_line_allows() {
        let allow = InlineAllow::default();
        assert!(allow.allows(b"key = 'x' # hush:allow"));
        assert!(!allow.allows(b"key = 'x' # hush: allow"));
        assert!(!allow.allows(b""));
        assert!(!InlineAllow::none().allows(b"key = 'x' # hush:allow"));
    }
}
