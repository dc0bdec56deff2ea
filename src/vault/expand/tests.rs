use super::*;

fn run(raw: &str, escapes: bool) -> Result<String, LineError> {
    let lookup = |name: &str| (name == "HOST").then(|| Found::Env(copy("db.internal")));
    expand(raw, escapes, 7, &mut MAX_EXPANDED.clone(), lookup).map(|v| v.as_str().to_owned())
}

#[test]
fn variables_defaults_and_escapes() {
    assert_eq!(
        run("pg://${HOST}:5432", false).unwrap(),
        "pg://db.internal:5432"
    );
    assert_eq!(run("${MISSING:-fallback}/x", false).unwrap(), "fallback/x");
    assert_eq!(run("${HOST:-fallback}", false).unwrap(), "db.internal");
    assert_eq!(run("${MISSING}", false).unwrap(), "");
    assert_eq!(run("$HOST and $", false).unwrap(), "$HOST and $");
    assert_eq!(run(r#"a\nb\t\"\\\$\q"#, true).unwrap(), "a\nb\t\"\\$\\q");
    assert_eq!(run(r"a\nb", false).unwrap(), r"a\nb");
}

#[test]
fn errors_name_the_line_not_the_value() {
    let e = run("s3cr3t-${HOST", false).unwrap_err();
    assert_eq!(e.line(), 7);
    assert!(!e.to_string().contains("s3cr3t"), "{e}");
    let e = run("s3cr3t-${1BAD}", false).unwrap_err();
    assert!(!e.to_string().contains("s3cr3t"), "{e}");
}

#[test]
fn growing_keeps_the_value() {
    let mut v = copy("ab");
    grow_push(&mut v, "cdef", 10);
    assert_eq!(v.as_str(), "abcdef");
    assert!(v.capacity() >= 16);
}

#[test]
fn growing_at_least_doubles_so_many_appends_stay_linear() {
    let mut v = copy("");
    let mut reallocations = 0;
    for _ in 0..1000 {
        let before = v.capacity();
        grow_push(&mut v, &"x".repeat(1000), 0);
        reallocations += usize::from(v.capacity() != before);
    }
    assert_eq!(v.len(), 1_000_000);
    // Doubling from 1,000 bytes reaches 1 MB in 10 steps; exact-fit growth would take 1,000.
    assert!(reallocations <= 12, "{reallocations} reallocations");
}

#[test]
fn expansion_past_the_value_limit_fails_before_copying() {
    let big = "v".repeat(1000);
    let raw = "${BIG}".repeat(4000);
    let mut budget = MAX_EXPANDED;
    let lookup = |name: &str| (name == "BIG").then_some(Found::Entry(&big));
    let e = expand(&raw, false, 3, &mut budget, lookup).unwrap_err();
    assert_eq!(e.line(), 3);
    assert!(e.to_string().contains("1 MiB"), "{e}");
    // Just under the limit expands in full.
    let raw = "${BIG}".repeat(1048);
    let v = expand(&raw, false, 3, &mut budget, lookup).unwrap();
    assert_eq!(v.len(), 1_048_000);
}

#[test]
fn expansions_over_the_file_budget_fail() {
    let big = "v".repeat(1000);
    let lookup = |name: &str| (name == "BIG").then_some(Found::Entry(&big));
    let mut budget = 2500;
    expand("${BIG}${BIG}", false, 1, &mut budget, lookup).unwrap();
    assert_eq!(budget, 500);
    let e = expand("${BIG}", false, 2, &mut budget, lookup).unwrap_err();
    assert_eq!(e.line(), 2);
    assert!(e.to_string().contains("16 MiB"), "{e}");
}
