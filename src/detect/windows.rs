//! Where each rule's regex runs: a window around every prefilter hit, merged per rule.
//!
//! A rule whose matches start at its keywords (`detect/plan/match_start.rs`) keeps a window per
//! hit, so that its regex runs anchored at each; the windows that the merge would have joined share
//! the merged window's end, so the regex sees the same bytes either way.

use super::plan::Plan;
use super::{BACK, Detector, FORWARD, MatchStart};

/// A stretch of the buffer one rule's regex searches.
#[derive(Debug, Clone, Copy)]
pub(super) struct Window {
    pub(super) rule: usize,
    /// Matches may start in `lo..=hi`.
    pub(super) lo: usize,
    pub(super) hi: usize,
    /// The regex sees bytes up to here.
    pub(super) end: usize,
    /// Where the hit starts: the one place a match starts for a rule that starts at its
    /// keywords.
    pub(super) at: usize,
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

    /// Sorts each rule's windows and merges the overlapping ones; a rule that starts at its
    /// keywords keeps one window per hit, each ending where the merged one would.
    fn merge(&mut self, per_hit: impl Fn(usize) -> bool) {
        for &rule in &self.used {
            let list = &mut self.by_rule[rule];
            // A stable sort: it finds the ordered runs. `lo` grows with `at`.
            list.sort_by_key(|w| (w.lo, w.at));
            if per_hit(rule) {
                list.dedup_by(|next, prev| {
                    let same = next.at == prev.at;
                    if same {
                        prev.end = prev.end.max(next.end);
                    }
                    same
                });
                share_merged_ends(list);
                continue;
            }
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

/// Whether every match from a hit of `rule` lies in the hit's own window: it starts at its
/// keywords and is no longer than FORWARD. Such a window starts at the hit, and one without
/// the gate byte is dropped when made (so confirming needs no second look for it).
pub(super) fn own_window(plan: &Plan) -> bool {
    plan.start == MatchStart::Keyword && plan.max_len.is_some_and(|m| m <= FORWARD)
}

/// The end of the line from `end` in `hay` (or `hay`'s end), if `byte` comes before it: one
/// pass for both when, as for most `https://` hits, the line has no `@`.
fn line_end_after(hay: &[u8], end: usize, byte: u8) -> Option<usize> {
    let i = end + memchr::memchr2(byte, b'\n', &hay[end..])?;
    if hay[i] == b'\n' {
        return None;
    }
    Some(memchr::memchr(b'\n', &hay[i..]).map_or(hay.len(), |j| i + j))
}

/// Gives each run of windows that overlap (sorted by `lo`) the end of the run's last byte.
fn share_merged_ends(list: &mut [Window]) {
    let mut first = 0;
    while first < list.len() {
        let (mut next, mut end) = (first + 1, list[first].end);
        while next < list.len() && list[next].lo <= end {
            end = end.max(list[next].end);
            next += 1;
        }
        list[first..next].iter_mut().for_each(|w| w.end = end);
        first = next;
    }
}

impl Detector {
    pub(super) fn collect_windows(
        &self,
        hay: &[u8],
        digits: &mut Option<regex_automata::hybrid::dfa::Cache>,
        windows: &mut Windows,
    ) {
        windows.clear();
        // A match holds its trigger, so it starts at most `max_len` before it and ends at
        // most `max_len` after it; unbounded rules get BACK / FORWARD.
        // A single-line rule's window also stops at the trigger's line ends.
        // A window of its own (`own_window`) starts at the hit; without the gate byte it
        // has no match and is dropped here.
        let window = |rule: usize, start: usize, end: usize| {
            let r = self.plan(rule);
            let own = own_window(r);
            let mut lo = match own {
                true => start,
                false => start.saturating_sub(r.max_len.map_or(BACK, |m| m.min(BACK))),
            };
            let mut stop = end
                .saturating_add(r.max_len.map_or(FORWARD, |m| m.min(FORWARD)))
                .min(hay.len());
            // The gate byte, when this window is dropped without it and the hit lacks it.
            let gate = r.gate.filter(|&b| own && !hay[start..end].contains(&b));
            if !r.multiline {
                if !own {
                    lo = memchr::memrchr(b'\n', &hay[lo..start]).map_or(lo, |i| lo + i + 1);
                }
                stop = match gate {
                    Some(b) => line_end_after(&hay[..stop], end, b)?,
                    None => memchr::memchr(b'\n', &hay[end..stop]).map_or(stop, |i| end + i),
                };
            } else if let Some(b) = gate
                && memchr::memchr(b, &hay[end..stop]).is_none()
            {
                return None;
            }
            Some(Window {
                rule,
                lo,
                hi: end,
                end: stop,
                at: start,
            })
        };
        if let Some(keywords) = &self.keywords {
            keywords.for_each(hay, |keyword, start, end| {
                for &rule in &self.keyword_rules[keyword] {
                    if let Some(w) = window(rule, start, end) {
                        windows.push(w);
                    }
                }
            });
        }
        if let Some(pre) = &self.digit_prefilter {
            // The prefilter gives where a match ends; it starts at most `max_len` before.
            pre.for_each(hay, digits, |pattern, end| {
                let rule = self.digit_rules[pattern];
                let back = self.plan(rule).max_len.map_or(BACK, |m| m.min(BACK));
                if let Some(w) = window(rule, end.saturating_sub(back), end) {
                    windows.push(w);
                }
            });
        }
        windows.merge(|rule| self.plan(rule).start == MatchStart::Keyword);
    }
}

#[cfg(test)]
mod tests;
