use super::*;

fn files(input: &str) -> Vec<(String, Vec<u64>, String, Option<String>)> {
    let mut out = Vec::new();
    parse(input.as_bytes(), |f| {
        out.push((
            String::from_utf8_lossy(&f.path).into_owned(),
            f.lines,
            String::from_utf8_lossy(&f.added).into_owned(),
            f.commit,
        ))
    })
    .expect("parses");
    out
}

fn error_line(input: &str) -> u64 {
    match parse(input.as_bytes(), |_| {}) {
        Err(DiffError::Malformed { line, .. }) => line,
        other => panic!("expected a malformed error, got {other:?}"),
    }
}

const GIT_DIFF: &str = "\
diff --git a/src/a.py b/src/a.py
index 83db48f..bf269f4 100644
--- a/src/a.py
+++ b/src/a.py
@@ -1,3 +1,4 @@
 import os
-OLD = 1
+NEW = 2
+--- not a header
 x = 1
@@ -10 +11,2 @@ def f():
 ctx
+tail
";

#[test]
fn added_lines_with_new_numbers() {
    let got = files(GIT_DIFF);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "src/a.py");
    assert_eq!(got[0].1, vec![2, 3, 12]);
    assert_eq!(got[0].2, "NEW = 2\n--- not a header\ntail\n");
}

#[test]
fn removed_line_looking_like_header_is_content() {
    let input = "--- a/x\n+++ b/x\n@@ -1,1 +1,1 @@\n---- a/evil\n+++ b/evil\n";
    // "---- a/evil" is a removed line; "+++ b/evil" is an added line "++ b/evil".
    let got = files(input);
    assert_eq!(got[0].0, "x");
    assert_eq!(got[0].2, "++ b/evil\n");
}

#[test]
fn rename_new_file_deleted_binary_and_no_newline() {
    let input = "\
diff --git a/old.txt b/new.txt
similarity index 90%
rename from old.txt
rename to new.txt
--- a/old.txt
+++ b/new.txt
@@ -1 +1 @@
-a
+b
\\ No newline at end of file
diff --git a/gone.txt b/gone.txt
deleted file mode 100644
--- a/gone.txt
+++ /dev/null
@@ -1 +0,0 @@
-bye
diff --git a/img.png b/img.png
Binary files a/img.png and b/img.png differ
diff --git a/n.txt b/n.txt
new file mode 100644
--- /dev/null
+++ b/n.txt
@@ -0,0 +1,2 @@
+one\r
+two
";
    let got = files(input);
    let names: Vec<&str> = got.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(names, vec!["new.txt", "n.txt"]);
    assert_eq!(got[1].1, vec![1, 2]);
    assert_eq!(got[1].2, "one\r\ntwo\n");
}

#[test]
fn quoted_paths_are_unquoted() {
    let input = "diff --git \"a/caf\\303\\251 x\" \"b/caf\\303\\251 x\"\n--- \"a/caf\\303\\251 x\"\n+++ \"b/caf\\303\\251 x\"\n@@ -0,0 +1 @@\n+k\n";
    assert_eq!(files(input)[0].0, "café x");
}

#[test]
fn plain_diff_u_with_timestamps() {
    let input = "--- a.txt\t2024-01-01 10:00:00\n+++ b.txt\t2024-01-02 10:00:00\n@@ -1 +1 @@\n-x\n+y\n--- c.txt\n+++ c.txt\n@@ -1 +1,2 @@\n z\n+w\n";
    let got = files(input);
    assert_eq!(
        got.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
        vec!["b.txt", "c.txt"]
    );
    assert_eq!(got[1].1, vec![2]);
}

#[test]
fn commits_from_log_and_format_patch() {
    let sha = "0123456789abcdef0123456789abcdef01234567";
    let input = format!(
        "From {sha} Mon Sep 17 00:00:00 2001\nSubject: [PATCH] x\n---\n a | 1 +\n\ndiff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -0,0 +1 @@\n+k\n-- \n2.40.0\n"
    );
    assert_eq!(files(&input)[0].3.as_deref(), Some(sha));
    let log = format!(
        "commit {sha}\nAuthor: A <a@b>\n\n    msg\n\ndiff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -1,0 +2 @@\n+k\n"
    );
    assert_eq!(files(&log)[0].1, vec![2]);
}

#[test]
fn malformed_hunks_name_their_line() {
    assert_eq!(
        error_line("--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\nzzz\n"),
        5
    );
    assert_eq!(error_line("--- a/x\n+++ b/x\n@@ -x +1 @@\n"), 3);
    assert_eq!(error_line("@@ -1 +1 @@\n+a\n"), 1);
    assert_eq!(error_line("--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n"), 4);
}

#[test]
fn empty_and_prose_inputs_have_no_files() {
    assert!(files("").is_empty());
    assert!(files("just some text\nwith --- dashes\n").is_empty());
}

#[test]
fn invalid_utf8_content_and_paths_pass_and_debug_hides_content() {
    let mut input =
        b"--- a/x\n+++ b/caf\xe9.txt\n@@ -0,0 +1,2 @@\n+\xff\xfe secret-bytes\n+ok\n".to_vec();
    input.extend(b"\\ No newline at end of file\n");
    let mut got = Vec::new();
    parse(&input[..], |f| got.push(f)).expect("parses");
    assert_eq!(got[0].path, b"caf\xe9.txt");
    assert_eq!(got[0].added, b"\xff\xfe secret-bytes\nok\n");
    let debug = format!("{:?}", got[0]);
    assert!(!debug.contains("secret-bytes"), "{debug}");
}

#[test]
fn hunk_header_numbers_that_would_overflow_or_start_at_zero_are_errors() {
    let max = u64::MAX;
    assert_eq!(
        error_line(&format!("--- a/x\n+++ b/x\n@@ -1 +{max},2 @@\n+a\n+b\n")),
        3
    );
    assert_eq!(
        error_line("--- a/x\n+++ b/x\n@@ -1 +4294967296,1 @@\n+a\n"),
        3
    );
    assert_eq!(
        error_line("--- a/x\n+++ b/x\n@@ -1 +1,4294967296 @@\n+a\n"),
        3
    );
    assert_eq!(
        error_line("--- a/x\n+++ b/x\n@@ -1,4294967296 +1 @@\n+a\n"),
        3
    );
    assert_eq!(error_line("--- a/x\n+++ b/x\n@@ -1 +0,1 @@\n+a\n"), 3);
    // The largest allowed numbers still parse, and a new file's `-0,0` is fine.
    let at_max = files("--- a/x\n+++ b/x\n@@ -0,0 +4294967295,1 @@\n+a\n");
    assert_eq!(at_max[0].1, vec![MAX_HUNK_LINE]);
}
