//! Running a rule's regex anchored where its matches start (`detect/plan/match_start.rs`) finds
//! exactly what searching its windows finds.

use crate::detect::{Detector, Match};
use crate::patterns::PatternSet;
use proptest::prelude::*;
use std::sync::LazyLock;

/// The built-in rules, anchored where proven and searched everywhere.
static DETECTORS: LazyLock<(Detector, Detector)> = LazyLock::new(|| {
    let set = PatternSet::builtin().expect("built-in rules");
    let everywhere = Detector::new(set.clone()).expect("builds");
    (
        Detector::new(set).expect("builds"),
        everywhere.searched_everywhere(),
    )
});

fn found(d: &Detector, hay: &[u8]) -> Vec<Match> {
    let (mut scratch, mut out) = (d.scratch(), Vec::new());
    d.detect(hay, &mut scratch, &mut out);
    out
}

fn same(hay: &[u8]) -> Result<(), TestCaseError> {
    let (anchored, everywhere) = &*DETECTORS;
    prop_assert_eq!(found(anchored, hay), found(everywhere, hay));
    Ok(())
}

/// Pieces of assignments, headers, URLs and `.env` lines, so that random joins of them hit
/// the keyword and line-start rules often, with overlapping hits and several per line.
const PIECES: &[&str] = &[
    "token",
    "password",
    "api_key",
    "secret_key",
    "passwd",
    "Authorization",
    "bearer ",
    "basic ",
    "https://",
    "http://",
    "export ",
    "_auth",
    "_password",
    "=",
    ":",
    " ",
    "\"",
    "'",
    "]",
    "\n",
    "\t",
    "@",
    "user",
    "host.example.org",
    "s3cr3t#Pa55",
    "dGVzdDp0ZXN0cGFzcw==",
    "Zx9Qw8Er7Ty6Ui5Op4As3Df2",
    "ghp_",
    "AKIA",
    "xoxb-",
    "-",
    "/",
    ".",
    "#",
    "token=token=",
];

#[test]
fn planted_lines_agree() {
    let lines = [
        "password = \"s3cr3t#Pa55word\"\ntoken: 'Zx9Qw8Er7Ty6Ui5Op4As3Df2!'\n",
        "api_key=token=Zx9Qw8Er7Ty6Ui5Op4As3Df2#\nexport SECRET_KEY=Zx9Qw8Er7Ty6#\n",
        "Authorization: Basic dGVzdDp0ZXN0cGFzcw==\nauthorization=Bearer abcDEF123456ghiJKL\n",
        "https://user:s3cr3t#Pa55@host.example.org https://user:pw123456@db.example.org\n",
    ];
    for hay in lines {
        let (anchored, _) = &*DETECTORS;
        assert!(!found(anchored, hay.as_bytes()).is_empty(), "{hay}");
        same(hay.as_bytes()).expect("the same findings");
    }
}

/// A second hit inside the first match, with a match of its own after it: a search goes on
/// from the first match's end and never sees it, so the anchored runs must skip it too.
#[test]
fn a_hit_inside_a_match_is_skipped() {
    let hay = b"token=\"token=\"Zx9Qw8Er7Ty6Ui5!\"\n";
    same(hay).expect("the same findings");
    assert_eq!(found(&DETECTORS.1, hay), vec![]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn anchored_runs_find_what_searches_find(
        pieces in proptest::collection::vec(
            prop_oneof![
                4 => proptest::sample::select(PIECES).prop_map(|p| p.as_bytes().to_vec()),
                // No backslash: a token glued to an escape (`\nghp_…`) is found only by the
                // anchored runs, on purpose (`detect/confirm/mod.rs`).
                1 => proptest::collection::vec(any::<u8>(), 1..4)
                    .prop_map(|v| v.into_iter().map(|b| if b == b'\\' { b'/' } else { b }).collect()),
            ],
            0..60,
        ),
    ) {
        same(&pieces.concat())?;
    }
}
