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

/// Each rule's windows, kept apart so that merging sorts short, mostly ordered lists (hits
/// come nearly in order) instead of one long list by rule and offset. Reused between buffers.
#[derive(Debug, Default)]
pub(super) struct Windows {
    by_rule: Vec<Vec<Window>>,
    /// The rules with windows, in order of their first.
    used: Vec<usize>,
}

impl Windows {
    pub(super) fn new(rules: usize) -> Self {
        Self {
            by_rule: vec![Vec::new(); rules],
            used: Vec::new(),
        }
    }

    fn clear(&mut self) {
        for &rule in &self.used {
            self.by_rule[rule].clear();
        }
        self.used.clear();
    }

    fn push(&mut self, w: Window) {
        let list = &mut self.by_rule[w.rule];
        if list.is_empty() {
            self.used.push(w.rule);
        }
        list.push(w);
    }

    /// Sorts each rule's windows and merges the overlapping ones.
    fn merge(&mut self) {
        for &rule in &self.used {
            let list = &mut self.by_rule[rule];
            // A stable sort: it finds the ordered runs.
            list.sort_by_key(|w| w.lo);
            list.dedup_by(|next, prev| {
                let merge = next.lo <= prev.end;
                if merge {
                    prev.hi = prev.hi.max(next.hi);
                    prev.end = prev.end.max(next.end);
                }
                merge
            });
        }
    }

    /// The merged windows, rule by rule.
    pub(super) fn iter(&self) -> impl Iterator<Item = Window> + '_ {
        self.used
            .iter()
            .flat_map(|&rule| self.by_rule[rule].iter().copied())
    }
}

impl Detector {
    pub(super) fn collect_windows(
        &self,
        hay: &[u8],
        free: &mut Option<regex_automata::hybrid::dfa::Cache>,
        windows: &mut Windows,
    ) {
        windows.clear();
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
        windows.merge();
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::Detector;
    use crate::patterns::demo::{self, TOKEN};

    fn windows(hay: &[u8]) -> Vec<(usize, usize, usize)> {
        let d = Detector::new(demo::set()).expect("builds");
        let mut out = super::Windows::new(d.rules().len());
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

    /// Windows of one rule merge whatever order their hits come in, and apart from other
    /// rules' windows.
    #[test]
    fn each_rules_windows_merge_apart() {
        let mut w = super::Windows::new(3);
        for (rule, lo, end) in [
            (1, 50, 60),
            (0, 0, 10),
            (1, 0, 20),
            (1, 15, 30),
            (0, 11, 12),
            (2, 5, 6),
        ] {
            w.push(super::Window {
                rule,
                lo,
                hi: lo + 1,
                end,
            });
        }
        w.merge();
        let mut got: Vec<_> = w.iter().map(|w| (w.rule, w.lo, w.hi, w.end)).collect();
        got.sort_unstable();
        assert_eq!(
            got,
            vec![
                (0, 0, 1, 10),
                (0, 11, 12, 12),
                (1, 0, 16, 30),
                (1, 50, 51, 60),
                (2, 5, 6, 6)
            ]
        );
        w.clear();
        assert_eq!(w.iter().count(), 0);
    }

    #[test]
    fn no_hit_no_window() {
        assert!(windows(b"nothing to see\n").is_empty());
    }
}
