//! Confirming a window: the rule's regex over it, each secret group through the filters.

use super::windows::Window;
use super::{Detector, Match, filter};
use regex_automata::Input;
use regex_automata::meta::Cache;
use regex_automata::util::captures::Captures;

impl Detector {
    pub(super) fn confirm(
        &self,
        hay: &[u8],
        w: Window,
        caps: &mut Option<(Captures, Cache)>,
        found: &mut Vec<Match>,
    ) {
        let rule = &self.rules()[w.rule];
        // Matches lie inside the range searched, so one without the gate byte has none.
        if let Some(b) = rule.gate
            && memchr::memchr(b, &hay[w.lo..w.end]).is_none()
        {
            return;
        }
        // A cache of its own per thread: the regex's shared pool costs a lock off its
        // first thread.
        let (caps, cache) = caps
            .get_or_insert_with(|| (rule.regex().create_captures(), rule.regex().create_cache()));
        // The range limits the search; look-around (`\b`) still sees the bytes beyond it.
        let mut input = Input::new(hay).range(w.lo..w.end);
        while input.start() <= w.hi {
            rule.regex().search_captures_with(cache, &input, caps);
            let Some(m) = caps.get_match() else {
                break;
            };
            if m.start() > w.hi {
                break;
            }
            input.set_start(if m.end() > m.start() {
                m.end()
            } else {
                m.end() + 1
            });
            let Some(span) = caps.get_group(rule.secret_group) else {
                continue;
            };
            if let Some(confidence) = filter::accept(rule, &hay[span.range()]) {
                found.push(Match {
                    rule: w.rule,
                    start: span.start,
                    end: span.end,
                    confidence,
                });
            }
            if input.start() > w.end {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::Detector;
    use crate::detect::windows::Window;
    use crate::patterns::demo::{self, TOKEN};

    /// Every match in the window is confirmed, and one starting past `hi` is not.
    #[test]
    fn matches_start_no_later_than_hi() {
        let d = Detector::new(demo::set()).expect("builds");
        let hay = format!("{TOKEN} {TOKEN} {TOKEN}");
        let second = TOKEN.len() + 1;
        let run = |hi| {
            let (mut caps, mut found) = (None, Vec::new());
            let w = Window {
                rule: 0,
                lo: 0,
                hi,
                end: hay.len(),
            };
            d.confirm(hay.as_bytes(), w, &mut caps, &mut found);
            found.iter().map(|m| m.start).collect::<Vec<_>>()
        };
        assert_eq!(run(second), vec![0, second]);
        assert_eq!(run(hay.len()), vec![0, second, 2 * second]);
        assert_eq!(run(0), vec![0]);
    }
}
