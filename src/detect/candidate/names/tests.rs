use super::*;

/// Whether the match at the first `^` in `text` (the marker removed) is dropped.
fn dropped(text: &str) -> bool {
    let at = text.find('^').expect("marker");
    let hay = text.replace('^', "");
    not_a_credential(hay.as_bytes(), at)
}

#[test]
fn pagination_idempotency_and_csrf_tokens_are_not_credentials() {
    for text in [
        r#""Next^Token": "eyJ2IjoxfQ==""#,
        r#""Change^Token": "12cs345-67cd""#,
        "next_page_^token = 'CAoQAA'",
        "CLIENT-^TOKEN: 7f36cb30",
        r#"csrf_^token = "Kq8wT3zN""#,
        r#""AWS::AppSync::^ApiKey": "3d104ea0be48564b""#,
        "^  export NEXT_TOKEN=abc",
        "^- lock_token: abc",
    ] {
        assert!(dropped(text), "{text}");
    }
}

#[test]
fn credential_names_are_kept() {
    for text in [
        r#""Session^Token": "FwoGZXIvYXdzE""#,
        "GITHUB_^TOKEN=ghx",
        "access_^token = 'x'",
        "^token: abc",
        r#""Api^Key": "3d104ea0""#,
        "refresh_^token=1",
    ] {
        assert!(!dropped(text), "{text}");
    }
}

#[test]
fn long_runs_and_edges_are_bounded() {
    let long = format!("{}^token=x", "a".repeat(500));
    assert!(!dropped(&long));
    assert!(!not_a_credential(b"", 0));
    assert!(!not_a_credential(b"token", 5));
}
