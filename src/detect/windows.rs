//! Where each rule's regex runs: a window around every prefilter hit, merged per rule.

use super::{BACK, Detector, FORWARD};

/// A stretch of the buffer one rule's regex searches.
#[derive(Debug, Clone, Copy)]
pub(super) struct Window {
    pub(super) rule: usize,
    /// Matches may start in `lo..=hi`.
    pub(super) lo: usize,
    pub(super) hi: usize,
    /// The regex sees bytes up to here.
    pub(super) end: usize,
}

impl Detector {
    pub(super) fn collect_windows(
        &self,
        hay: &[u8],
        free: &mut Option<regex_automata::hybrid::dfa::Cache>,
        windows: &mut Vec<Window>,
    ) {
        let rules = self.rules();
        // A match holds its trigger, so it starts at most `max_len` before it and ends at
        // most `max_len` after it; unbounded rules get BACK / FORWARD.
        // A single-line rule's window also stops at the trigger's line ends.
        let window = |rule: usize, start: usize, end: usize| {
            let r = &rules[rule];
            let mut lo = start.saturating_sub(r.max_len.map_or(BACK, |m| m.min(BACK)));
            let mut stop = end
                .saturating_add(r.max_len.map_or(FORWARD, |m| m.min(FORWARD)))
                .min(hay.len());
            if !r.multiline {
                lo = memchr::memrchr(b'\n', &hay[lo..start]).map_or(lo, |i| lo + i + 1);
                stop = memchr::memchr(b'\n', &hay[end..stop]).map_or(stop, |i| end + i);
            }
            Window {
                rule,
                lo,
                hi: end,
                end: stop,
            }
        };
        if let Some(keywords) = &self.keywords {
            keywords.for_each(hay, |keyword, start, end| {
                for &rule in &self.keyword_rules[keyword] {
                    windows.push(window(rule, start, end));
                }
            });
        }
        if let Some(pre) = &self.free_prefilter {
            // The prefilter gives where a match ends; it starts at most `max_len` before.
            pre.for_each(hay, free, |pattern, end| {
                let rule = self.free_rules[pattern];
                let back = rules[rule].max_len.map_or(BACK, |m| m.min(BACK));
                windows.push(window(rule, end.saturating_sub(back), end));
            });
        }
        windows.sort_unstable_by_key(|w| (w.rule, w.lo));
        windows.dedup_by(|next, prev| {
            let merge = next.rule == prev.rule && next.lo <= prev.end;
            if merge {
                prev.hi = prev.hi.max(next.hi);
                prev.end = prev.end.max(next.end);
            }
            merge
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::Detector;
    use crate::patterns::demo::{self, TOKEN};

    fn windows(hay: &[u8]) -> Vec<(usize, usize, usize)> {
        let d = Detector::new(demo::set()).expect("builds");
        let mut out = Vec::new();
        d.collect_windows(hay, &mut d.scratch().free, &mut out);
        out.iter().map(|w| (w.lo, w.hi, w.end)).collect()
    }

    /// A single-line rule's window stops at the hit's line ends; close hits share a window.
    #[test]
    fn windows_stop_at_line_ends_and_merge() {
        let hay = format!("first line\nx {TOKEN} {TOKEN}\nlast line\n");
        let line_start = hay.find('x').expect("planted");
        let line_end = line_start + hay[line_start..].find('\n').expect("newline");
        let got = windows(hay.as_bytes());
        assert_eq!(got.len(), 1, "{got:?}");
        let (lo, hi, end) = got[0];
        assert_eq!((lo, end), (line_start, line_end));
        assert_eq!(hi, hay.rfind("dtok_").expect("planted") + "dtok_".len());
    }

    #[test]
    fn no_hit_no_window() {
        assert!(windows(b"nothing to see\n").is_empty());
    }
}
