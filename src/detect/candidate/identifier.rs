//! Values that are names, not secrets: `smb-file-server-password`, `ACCESS_TOKEN`.
//!
//! A generic rule (one without a provider) finds whatever sits after `--password` or
//! `<token>`, and documentation puts a name there as often as a value: a lowercase slug or an
//! upper-case constant. Neither shape is random, so neither is a secret; a provider's rule
//! is not asked, since its format decides.

/// True when `value` is a lowercase slug (`a-z` words joined by `-`, `_` or `.`) or an
/// upper-case constant with at least one `_` (`ACCESS_TOKEN`): no digit, no other symbol.
pub(super) fn is_identifier(value: &[u8]) -> bool {
    let words = |is_letter: fn(&u8) -> bool, joiners: &[u8]| {
        !value.is_empty()
            && value.iter().all(|b| is_letter(b) || joiners.contains(b))
            && value.split(|b| joiners.contains(b)).all(|w| !w.is_empty())
    };
    let slug = words(u8::is_ascii_lowercase, b"-_.");
    let constant = value.contains(&b'_') && words(u8::is_ascii_uppercase, b"_");
    slug || constant
}

#[cfg(test)]
mod tests {
    use super::is_identifier;

    #[test]
    fn slugs_and_constants_are_names() {
        for v in [
            "smb-file-server-password",
            "db.password",
            "ACCESS_TOKEN",
            "DEVICE_KEY",
            "hunter",
        ] {
            assert!(is_identifier(v.as_bytes()), "{v}");
        }
    }

    #[test]
    fn values_with_digits_symbols_or_mixed_case_are_not() {
        for v in [
            "Summer2024!",
            "hunter2",
            "Tq8wKz3Nm6Vx",
            "sNvjQDMReA1eEQPNAW8r37XsU2rDD7fc",
            "PASSWORD",
            "-leading",
            "trailing-",
            "double--dash",
            "",
            "MixedCase-slug",
        ] {
            assert!(!is_identifier(v.as_bytes()), "{v}");
        }
    }
}
