//! Confirming a window: the rule's regex over it, each secret group through the filters.

use super::candidate::Verdict;
use super::windows::{Window, own_window};
use super::{Detector, Match, MatchStart, candidate};
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
        fakes: &mut Vec<Match>,
        resume: &mut usize,
    ) {
        let rule = &self.rules()[w.rule];
        let plan = self.plan(w.rule);
        let keyword_start = plan.start == MatchStart::Keyword;
        if keyword_start && w.at < *resume {
            return;
        }
        // Matches lie inside the range searched, so one without the gate byte has none. A
        // window of its own was looked at when made.
        let from = if keyword_start { w.at } else { w.lo };
        if let Some(b) = plan.gate
            && !own_window(plan)
            && memchr::memchr(b, &hay[from..w.end]).is_none()
        {
            return;
        }
        // A cache of its own per thread: the regex's shared pool costs a lock off its
        // first thread.
        let (caps, cache) = caps
            .get_or_insert_with(|| (rule.regex().create_captures(), rule.regex().create_cache()));
        // A run from `start` in `text`, which holds the bytes of `hay` from `base` on.
        let mut run = |text: &[u8], base: usize, start: usize, anchored: bool| {
            // The range limits the search; look-around (`\b`) still sees the bytes beyond.
            let mut input = Input::new(text).range(start - base..w.end - base);
            if anchored {
                input.set_anchored(Anchored::Yes);
            }
            rule.regex().search_captures_with(cache, &input, caps);
            let m = caps.get_match()?;
            if let Some(span) = caps.get_group(plan.secret_group)
                && base + m.start() <= w.hi
            {
                let verdict = if candidate::in_ignored_name(rule, text, m.start()) {
                    Verdict::Reject
                } else {
                    candidate::accept(rule, &text[span.range()])
                };
                let at = |confidence| Match {
                    rule: w.rule,
                    start: base + span.start,
                    end: base + span.end,
                    confidence,
                };
                match verdict {
                    Verdict::Accept(confidence) => found.push(at(confidence)),
                    Verdict::Fake => fakes.push(at(rule.confidence)),
                    Verdict::Reject => {}
                }
            }
            // Where the next match may start.
            Some((base + m.start(), base + m.end().max(m.start() + 1)))
        };
        match plan.start {
            MatchStart::Keyword => {
                let ran = if after_escape(hay, w.at) {
                    // The escape's letter would hide the word boundary most token rules
                    // begin with (`"…\nghp_…"`): the regex sees a space there instead. Only
                    // that byte differs, and it lies before any match from the hit.
                    let (from, to) = (w.at - 1, (w.end + 1).min(hay.len()));
                    let mut text = hay[from..to].to_vec();
                    text[0] = b' ';
                    run(&text, from, w.at, true)
                } else {
                    run(hay, 0, w.at, true)
                };
                if let Some((_, next)) = ran {
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
                    at = match run(hay, 0, p, true) {
                        Some((_, next)) => line_at(next),
                        None => line_at(p + 1),
                    };
                }
            }
            MatchStart::Anywhere => {
                let mut start = w.lo;
                while start <= w.hi {
                    match run(hay, 0, start, false) {
                        Some((m_start, next)) if m_start <= w.hi && next <= w.end => start = next,
                        _ => break,
                    }
                }
            }
        }
    }
}

/// Whether `at` follows a `\n`, `\r` or `\t` escape (an unescaped backslash and the letter).
fn after_escape(hay: &[u8], at: usize) -> bool {
    at >= 2
        && hay[at - 2] == b'\\'
        && matches!(hay[at - 1], b'n' | b'r' | b't')
        && (at < 3 || hay[at - 3] != b'\\')
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
        d.confirm(
            hay.as_bytes(),
            w,
            &mut caps,
            &mut found,
            &mut Vec::new(),
            &mut 0,
        );
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

    /// A token glued to a `\n`, `\r` or `\t` escape in source text is found; one after an
    /// escaped backslash and a letter, or after a plain letter, is not (no word boundary).
    #[test]
    fn a_token_after_an_escape_is_found() {
        let d = Detector::new(demo::set()).expect("builds");
        for (before, found) in [
            (r#""x\n"#, true),
            (r#""x\t"#, true),
            (r"\r", true),
            (r#""x\\n"#, false),
            (r#""xn"#, false),
            (r#""x\q"#, false),
        ] {
            let hay = format!("{before}{TOKEN}\\n\"");
            let at = before.len();
            let want = if found { vec![at] } else { vec![] };
            assert_eq!(run(&d, &hay, 0, hay.len(), at), want, "{hay}");
        }
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

#[cfg(test)]
mod start_tests;
