//! HTTP Basic / Docker `auth` credentials: base64 of `user:password` (RFC 7617).
//!
//! A base64 string in an `"auth"` field is a credential only when it decodes to printable
//! text with a user, a colon and a password; base64 of anything else (a hash, a sentence) is
//! dropped, so the rule can run without a name-based guess.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// Longest decoded credential looked at.
const MAX_DECODED: usize = 1024;

/// True when `secret` is standard base64 of `user:password`: both parts non-empty, no
/// control characters, valid UTF-8.
pub(super) fn is_valid(secret: &[u8]) -> bool {
    if secret.len() > MAX_DECODED * 4 / 3 + 4 {
        return false;
    }
    let Ok(decoded) = STANDARD.decode(secret) else {
        return false;
    };
    let Ok(text) = std::str::from_utf8(&decoded) else {
        return false;
    };
    if text.chars().any(char::is_control) {
        return false;
    }
    text.split_once(':')
        .is_some_and(|(user, password)| !user.is_empty() && !password.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &[u8]) -> String {
        STANDARD.encode(s)
    }

    #[test]
    fn user_colon_password_passes() {
        assert!(is_valid(b64(b"ci-bot:Tq8wKz3Nm6Vx").as_bytes()));
        assert!(is_valid(b64("jörg:pässwört".as_bytes()).as_bytes()));
        assert!(is_valid(b64(b"a:b").as_bytes()));
    }

    #[test]
    fn other_text_and_bad_base64_fail() {
        for bad in [
            b64(b"hello world how are you"),
            b64(b":password-without-user"),
            b64(b"user-without-password:"),
            b64(b"user:pass\nword"),
            b64(&[0xff, 0xfe, b':', b'x']),
            "not base64!".to_string(),
            "YWJj".repeat(400),
        ] {
            assert!(!is_valid(bad.as_bytes()), "{bad}");
        }
    }
}
