use super::{Allowlist, Baseline, Filter, FilterSink, InlineAllow, Order};
use crate::patterns::{Confidence, Kind};
use crate::scan::{Finding, Location, Sink};
use globset::{Glob, GlobSetBuilder};

fn finding(path: &str, line: u64, secret: &[u8]) -> Finding {
    let at = Location {
        line,
        column: 1,
        end_column: 1 + secret.len() as u64,
    };
    Finding::new("r", Kind::Secret, Confidence::High, path, at, secret)
}

fn baseline_of(findings: &[&Finding]) -> Baseline {
    let text: String = findings
        .iter()
        .map(|f| format!("{{\"fingerprint\":\"{}\"}}\n", f.fingerprint))
        .collect();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("b.jsonl");
    std::fs::write(&path, text).expect("write");
    Baseline::load(&path).expect("baseline")
}

#[test]
fn each_filter_suppresses_and_counts() {
    let kept = finding("src/a", 3, b"keepme-000001");
    let by_path = finding("tests/data/x", 1, b"pathme-000002");
    let by_fp = finding("src/b", 1, b"allowme-00003");
    let by_base = finding("src/c", 1, b"baseme-000004");
    let mut globs = GlobSetBuilder::new();
    globs.add(Glob::new("tests/**").expect("glob"));
    let allow = Allowlist::new(globs.build().expect("set"), [by_fp.fingerprint.clone()]);
    let filter = Filter::new()
        .with_allowlist(allow)
        .with_baseline(baseline_of(&[&by_base]));
    let mut sink = FilterSink::new(&filter, Vec::new(), Order::AsFound);
    for f in [&kept, &by_path, &by_fp, &by_base] {
        sink.matched(f).expect("sink");
    }
    sink.finish().expect("finish");
    assert_eq!(sink.passed(), 1);
    let out = sink.into_inner();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].fingerprint, kept.fingerprint);
    let s = filter.suppressed();
    assert_eq!((s.inline, s.path, s.fingerprint, s.baseline), (0, 1, 1, 1));
}

#[test]
fn sorted_order_holds_findings_until_finish() {
    let filter = Filter::new();
    let mut sink = FilterSink::new(&filter, Vec::new(), Order::Sorted);
    sink.push(finding("b", 1, b"second-value-1")).expect("push");
    sink.matched(&finding("a", 9, b"first-value-22"))
        .expect("matched");
    sink.push(finding("a", 2, b"first-value-11")).expect("push");
    assert_eq!(sink.passed(), 3);
    let mut out = sink;
    out.finish().expect("finish");
    let order: Vec<(String, u64)> = out
        .into_inner()
        .iter()
        .map(|f| (f.path.clone(), f.line))
        .collect();
    let want = [("a", 2), ("a", 9), ("b", 1)].map(|(p, l)| (p.to_owned(), l));
    assert_eq!(order, want);
}

#[test]
fn inline_markers_are_counted_and_can_be_turned_off() {
    let filter = Filter::new();
    assert!(filter.inline_allows(b"x = 1 # hush:allow", b""));
    assert!(filter.inline_allows(b"x = 1", b"# pragma: allowlist nextline secret"));
    assert!(!filter.inline_allows(b"x = 1", b""));
    assert_eq!(filter.suppressed().inline, 2);
    let strict = Filter::new().with_inline(InlineAllow::none());
    assert!(!strict.inline_allows(b"x = 1 # hush:allow", b""));
    assert_eq!(strict.suppressed().total(), 0);
}
