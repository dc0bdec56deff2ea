//! Unit tests of `path`.

use super::*;

fn path(segs: &[Segment]) -> KeyPath {
    KeyPath(segs.to_vec())
}

fn k(s: &str) -> Segment {
    Segment::Key(s.into())
}

#[test]
fn display_is_dotted_and_quotes_what_would_be_ambiguous() {
    let p = path(&[k("a"), Segment::Index(2), k("b.c"), k("q\"\\"), k("")]);
    assert_eq!(p.to_string(), r#"a[2]."b.c"."q\"\\"."""#);
}

#[test]
fn display_is_injective_on_tricky_keys() {
    let a = path(&[k("a.b")]).to_string();
    let b = path(&[k("a"), k("b")]).to_string();
    let c = path(&[k("a[0]")]).to_string();
    let d = path(&[k("a"), Segment::Index(0)]).to_string();
    assert_ne!(a, b);
    assert_ne!(c, d);
}

#[test]
fn globs_match_segment_by_segment() {
    let g = FieldGlob::new("integrations.*.api_key").expect("parses");
    assert!(g.matches(&path(&[k("integrations"), k("stripe"), k("api_key")])));
    assert!(!g.matches(&path(&[k("integrations"), k("api_key")])));
    assert!(!g.matches(&path(&[k("integrations"), k("a"), k("b"), k("api_key")])));
    let g = FieldGlob::new("**.password").expect("parses");
    assert!(g.matches(&path(&[k("password")])));
    assert!(g.matches(&path(&[k("a"), Segment::Index(3), k("password")])));
    let g = FieldGlob::new("servers[*].*_key").expect("parses");
    assert!(g.matches(&path(&[k("servers"), Segment::Index(0), k("ssh_key")])));
    assert!(!g.matches(&path(&[k("servers"), k("x"), k("ssh_key")])));
    let g = FieldGlob::new("a.\"b.*\"").expect("parses");
    assert!(g.matches(&path(&[k("a"), k("b.*")])));
    assert!(!g.matches(&path(&[k("a"), k("b.c")])));
    let g = FieldGlob::new("list[1]").expect("parses");
    assert!(g.matches(&path(&[k("list"), Segment::Index(1)])));
    assert!(!g.matches(&path(&[k("list"), Segment::Index(0)])));
}

#[test]
fn bad_patterns_are_refused() {
    for bad in ["", "a.", ".a", "a..b", "a[", "a[]", "a[x]", "\"a", "a[b"] {
        assert!(FieldGlob::new(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn parse_reads_back_what_display_writes() {
    let p = path(&[
        k("a"),
        Segment::Index(2),
        k("b.c"),
        k("q\"\\"),
        k(""),
        k("x y"),
    ]);
    assert_eq!(KeyPath::parse(&p.to_string()), Some(p));
    let plain = path(&[k("db"), k("password")]);
    assert_eq!(KeyPath::parse("db.password"), Some(plain.clone()));
    assert_eq!(KeyPath::parse("db.\"password\""), Some(plain));
    for bad in ["", "a.", "a[x]", "a[", "\"a", "a[-1]"] {
        assert_eq!(KeyPath::parse(bad), None, "{bad:?}");
    }
}
