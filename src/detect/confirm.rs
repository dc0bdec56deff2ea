//! Confirming a window: the rule's regex over it, each secret group through the filters.

use super::windows::Window;
use super::{Detector, Match, MatchStart, filter};
use regex_automata::meta::Cache;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input};

impl Detector {
    /// Runs `w`'s rule over it. `resume`: where the rule's last match in this buffer ended,
    /// for a rule that starts at its keywords (its hits before that are inside the match).
    pub(super) fn confirm(
        &self,
        hay: &[u8],
        w: Window,
        caps: &mut Option<(Captures, Cache)>,
        found: &mut Vec<Match>,
        resume: &mut usize,
    ) {
        let rule = &self.rules()[w.rule];
        let keyword_start = rule.start == MatchStart::Keyword;
        if keyword_start && w.at < *resume {
            return;
        }
        // Matches lie inside the range searched, so one without the gate byte has none.
        let from = if keyword_start { w.at } else { w.lo };
        if let Some(b) = rule.gate
            && memchr::memchr(b, &hay[from..w.end]).is_none()
        {
            return;
        }
        // A cache of its own per thread: the regex's shared pool costs a lock off its
        // first thread.
        let (caps, cache) = caps
            .get_or_insert_with(|| (rule.regex().create_captures(), rule.regex().create_cache()));
        let mut run = |start: usize, anchored: bool| {
            // The range limits the search; look-around (`\b`) still sees the bytes beyond.
            let mut input = Input::new(hay).range(start..w.end);
            if anchored {
                input.set_anchored(Anchored::Yes);
            }
            rule.regex().search_captures_with(cache, &input, caps);
            let m = caps.get_match()?;
            if let Some(span) = caps.get_group(rule.secret_group)
                && m.start() <= w.hi
                && let Some(confidence) = filter::accept(rule, &hay[span.range()])
            {
                found.push(Match {
                    rule: w.rule,
                    start: span.start,
                    end: span.end,
                    confidence,
                });
            }
            // Where the next match may start.
            Some((m.start(), m.end().max(m.start() + 1)))
        };
        match rule.start {
            MatchStart::Keyword => {
                if let Some((_, next)) = run(w.at, true) {
                    *resume = next;
                }
            }
            MatchStart::LineStart => {
                // Only at line starts, which `(?m:^)` sees past the range's edge too.
                let line_at = |p: usize| {
                    if p == 0 || hay.get(p - 1) == Some(&b'\n') {
                        Some(p)
                    } else {
                        memchr::memchr(b'\n', hay.get(p..w.end)?).map(|i| p + i + 1)
                    }
                };
                let mut at = line_at(w.lo);
                while let Some(p) = at.filter(|&p| p <= w.hi && p <= w.end) {
                    at = match run(p, true) {
                        Some((_, next)) => line_at(next),
                        None => line_at(p + 1),
                    };
                }
            }
            MatchStart::Anywhere => {
                let mut start = w.lo;
                while start <= w.hi {
                    match run(start, false) {
                        Some((m_start, next)) if m_start <= w.hi && next <= w.end => start = next,
                        _ => break,
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::Detector;
    use crate::detect::windows::Window;
    use crate::patterns::demo::{self, TOKEN};

    /// The demo rule, with a start that is not its keyword, or at line starts.
    fn rule(regex: &str) -> Detector {
        Detector::new(demo::set_with_regex(regex)).expect("builds")
    }

    /// The secrets' starts found in a window of `hay` that ends at its end.
    fn run(d: &Detector, hay: &str, lo: usize, hi: usize, at: usize) -> Vec<usize> {
        let (mut caps, mut found) = (None, Vec::new());
        let w = Window {
            rule: 0,
            lo,
            hi,
            end: hay.len(),
            at,
        };
        d.confirm(hay.as_bytes(), w, &mut caps, &mut found, &mut 0);
        found.iter().map(|m| m.start).collect()
    }

    /// Every match in the window is confirmed, and one starting past `hi` is not.
    #[test]
    fn matches_start_no_later_than_hi() {
        let d = rule(r"\b ?(dtok_[A-Za-z0-9]{16})\b");
        let hay = format!("{TOKEN} {TOKEN} {TOKEN}");
        let second = TOKEN.len() + 1;
        assert_eq!(run(&d, &hay, 0, second, 0), vec![0, second]);
        assert_eq!(run(&d, &hay, 0, hay.len(), 0), vec![0, second, 2 * second]);
        assert_eq!(run(&d, &hay, 0, 0, 0), vec![0]);
    }

    /// A rule that starts at its keyword runs once, anchored at the hit.
    #[test]
    fn a_keyword_start_runs_at_the_hit_only() {
        let d = Detector::new(demo::set()).expect("builds");
        let hay = format!("{TOKEN} {TOKEN}");
        let second = TOKEN.len() + 1;
        assert_eq!(run(&d, &hay, 0, hay.len(), 0), vec![0]);
        assert_eq!(run(&d, &hay, 0, hay.len(), second), vec![second]);
        assert_eq!(run(&d, &hay, 0, hay.len(), 1), Vec::<usize>::new());
    }

    /// A rule that starts at line starts runs at each in the window, and only there.
    #[test]
    fn a_line_start_runs_at_each_line_start() {
        let d = rule(r"(?m)^[ \t]*(dtok_[A-Za-z0-9]{16})\b");
        let hay = format!("x {TOKEN}\n  {TOKEN}\n\n{TOKEN} {TOKEN}\n");
        let line2 = hay.find('\n').expect("line") + 1;
        let line4 = line2 + 2 + TOKEN.len() + 2;
        let want = vec![line2 + 2, line4];
        assert_eq!(run(&d, &hay, 0, hay.len(), 0), want);
        // From inside the first line: its start is not in the window.
        assert_eq!(run(&d, &hay, 1, hay.len(), 0), want);
        // A window starting at a line start, and one ending before the last line.
        assert_eq!(run(&d, &hay, line2, line2, 0), vec![line2 + 2]);
        assert_eq!(run(&d, &hay, 0, line4 - 1, 0), vec![line2 + 2]);
    }
}
