//! Private-key blocks: from a `-----BEGIN … PRIVATE KEY-----` line to its `-----END` line,
//! every line is masked, even when the lines come one call at a time ([`PemState`] carries an
//! open block over). The block is masked under the private-key rule whose keyword the BEGIN
//! marker holds, so `--except private-key-rsa` leaves RSA blocks alone.

use super::{Edit, Redactor};

/// A private-key block longer than this many lines is not followed further (a lost END line
/// must not mask the rest of the log).
pub const MAX_PEM_LINES: usize = 256;

/// Whether a private-key block is open at the end of the lines seen so far.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct PemState {
    open: bool,
    lines: usize,
    /// The rule the open block is masked under.
    label: usize,
}

impl Redactor {
    /// The rule a BEGIN marker's block is masked under: the private-key rule whose keyword the
    /// marker holds, else one without keywords; `None` when such keys are not redacted.
    fn pem_label(&self, marker: &[u8]) -> Option<usize> {
        let marker = marker.to_ascii_lowercase();
        let holds = |kw: &String| memchr::memmem::find(&marker, kw.as_bytes()).is_some();
        (self.pem_rules.iter())
            .find(|(_, kws)| kws.iter().any(holds))
            .or_else(|| self.pem_rules.iter().find(|(_, kws)| kws.is_empty()))
            .map(|(i, _)| *i)
    }

    /// Masks private-key blocks, following one open at the end of the previous call.
    pub(super) fn pem_edits(&self, hay: &[u8], st: &mut PemState, edits: &mut Vec<Edit>) {
        let mut pos = 0;
        loop {
            if !st.open {
                let Some(b) = self.pem_begin.find_at(hay, pos) else {
                    return;
                };
                pos = b.end();
                let Some(label) = self.pem_label(b.as_bytes()) else {
                    continue;
                };
                let le = memchr::memchr(b'\n', &hay[pos..]).map_or(hay.len(), |p| pos + p);
                let rest = &hay[pos..le];
                if self.pem_end.find(rest).is_none() && !rest.trim_ascii().is_empty() {
                    // Text after the marker and no END on its line: not the start of a block
                    // (a message quoting the marker, or a truncated one-line key). Mask the
                    // marker and what follows it up to a quote or the end of the line.
                    let end = pos + memchr::memchr(b'"', rest).unwrap_or(rest.len());
                    edits.push(Edit {
                        start: b.start(),
                        end,
                        label,
                        quote: false,
                        count: true,
                    });
                    pos = end;
                    continue;
                }
                *st = PemState {
                    open: true,
                    lines: 0,
                    label,
                };
                pos = b.start();
            }
            let label = st.label;
            let start = pos;
            let count = st.lines == 0;
            let mut ls = pos;
            loop {
                if ls >= hay.len() {
                    if start < hay.len() {
                        edits.push(Edit {
                            start,
                            end: hay.len(),
                            label,
                            quote: false,
                            count,
                        });
                    }
                    return;
                }
                let le = memchr::memchr(b'\n', &hay[ls..]).map_or(hay.len(), |p| ls + p);
                if let Some(e) = self.pem_end.find(&hay[ls..le]) {
                    edits.push(Edit {
                        start,
                        end: ls + e.end(),
                        label,
                        quote: false,
                        count,
                    });
                    st.open = false;
                    pos = ls + e.end();
                    break;
                }
                st.lines += 1;
                if st.lines > MAX_PEM_LINES {
                    if ls > start {
                        edits.push(Edit {
                            start,
                            end: ls,
                            label,
                            quote: false,
                            count,
                        });
                    }
                    st.open = false;
                    pos = ls;
                    break;
                }
                ls = le + 1;
            }
        }
    }
}
