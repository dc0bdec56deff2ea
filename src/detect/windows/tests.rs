use crate::detect::Detector;
use crate::patterns::demo::{self, TOKEN};

/// (lo, hi, end, at) of each window.
fn windows(hay: &[u8]) -> Vec<(usize, usize, usize, usize)> {
    let d = Detector::new(demo::set()).expect("builds");
    let mut out = super::Windows::new(d.rules().len());
    d.collect_windows(hay, &mut d.scratch().digits, &mut out);
    out.iter().map(|w| (w.lo, w.hi, w.end, w.at)).collect()
}

/// A single-line rule's window stops at the hit's line end. The demo rule starts at its
/// keyword and is bounded, so each hit keeps a window of its own, starting at the hit.
#[test]
fn windows_stop_at_line_ends_and_keep_each_hit() {
    let hay = format!("first line\nx {TOKEN} {TOKEN}\nlast line\n");
    let line_start = hay.find('x').expect("planted");
    let line_end = line_start + hay[line_start..].find('\n').expect("newline");
    let (first, second) = (line_start + 2, line_start + 3 + TOKEN.len());
    let got = windows(hay.as_bytes());
    let hi = |at: usize| at + "dtok_".len();
    assert_eq!(
        got,
        vec![
            (first, hi(first), line_end, first),
            (second, hi(second), line_end, second)
        ]
    );
}

/// A rule searched in its windows gets them from the line start, merged.
#[test]
fn searched_windows_start_at_the_line_and_merge() {
    let set = demo::set_with_regex(r"\b ?(dtok_[A-Za-z0-9]{16})\b");
    let d = Detector::new(set).expect("builds");
    let hay = format!("x {TOKEN} {TOKEN}\n");
    let mut out = super::Windows::new(1);
    d.collect_windows(hay.as_bytes(), &mut d.scratch().digits, &mut out);
    let got: Vec<_> = out.iter().map(|w| (w.lo, w.hi, w.end)).collect();
    let last_hit_end = hay.rfind("dtok_").expect("planted") + "dtok_".len();
    assert_eq!(got, vec![(0, last_hit_end, hay.len() - 1)]);
}

/// A bounded rule that starts at its keyword and needs a gate byte loses the hits whose
/// window lacks it before any merging.
#[test]
fn a_hit_without_the_gate_byte_keeps_no_window() {
    let set = demo::set_with_regex(r"\b(dtok_[A-Za-z0-9]{16})@");
    let d = Detector::new(set).expect("builds");
    assert_eq!(d.plan(0).gate, Some(b'@'));
    let hay = format!("{TOKEN} x\n{TOKEN}@\n");
    let mut out = super::Windows::new(1);
    d.collect_windows(hay.as_bytes(), &mut d.scratch().digits, &mut out);
    let got: Vec<_> = out.iter().map(|w| w.at).collect();
    assert_eq!(got, vec![TOKEN.len() + 3]);
}

/// Windows of `rules` rules from (rule, lo, end, at), `hi` one past `at`.
fn pushed(rules: usize, list: &[(usize, usize, usize, usize)]) -> super::Windows {
    let mut w = super::Windows::new(rules);
    for &(rule, lo, end, at) in list {
        w.push(super::Window {
            rule,
            lo,
            hi: at + 1,
            end,
            at,
        });
    }
    w
}

/// Hits whose windows overlap take the end of the last; one past it keeps its own.
#[test]
fn per_hit_windows_share_the_merged_end() {
    let list = [
        (0, 20, 30, 22),
        (0, 0, 10, 2),
        (0, 5, 25, 7),
        (0, 40, 50, 42),
        (0, 5, 12, 7),
    ];
    let mut w = pushed(1, &list);
    w.merge(|_| true);
    let got: Vec<_> = w.iter().map(|w| (w.lo, w.end, w.at)).collect();
    assert_eq!(
        got,
        vec![(0, 30, 2), (5, 30, 7), (20, 30, 22), (40, 50, 42)]
    );
}

/// Windows of one rule merge whatever order their hits come in, and apart from other
/// rules' windows.
#[test]
fn each_rules_windows_merge_apart() {
    let list = [
        (1, 50, 60, 50),
        (0, 0, 10, 0),
        (1, 0, 20, 0),
        (1, 15, 30, 15),
        (0, 11, 12, 11),
        (2, 5, 6, 5),
    ];
    let mut w = pushed(3, &list);
    w.merge(|_| false);
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

#[test]
fn the_line_end_counts_only_after_the_byte() {
    let hay = b"key=abc\nx@y\n";
    assert_eq!(super::line_end_after(hay, 4, b'@'), None);
    assert_eq!(super::line_end_after(hay, 8, b'@'), Some(11));
    assert_eq!(super::line_end_after(&hay[..10], 8, b'@'), Some(10));
    assert_eq!(super::line_end_after(&hay[..7], 4, b'@'), None);
}
