//! Whole-token masks: a secret match that stops inside a credential token is widened to the
//! token's ends, so no half of it is left in the log.
//!
//! A rule's regex often matches a prefix of what the credential really is: a bearer regex
//! stops at the `:` of `843025879:AAZi…`, a key regex before a trailing `==`. After a secret
//! rule matches, the mask runs on to the right over token bytes (letters, digits and
//! `. _ ~ + / = : -`) and to the left over letters, digits, `_` and `+`, up to
//! [`MAX_WIDEN`] bytes each way. Quotes, whitespace, `@`, `&`, `;`, `,`, `\` and brackets end a
//! token, so a URL's host, the next query parameter and a JSON escape stay out. PII matches
//! are not widened (a phone number's extension is not a secret).

use crate::detect::Match;
use crate::patterns::{Kind, Rule};

/// Farthest a mask is widened past its match, each way (bytes).
pub const MAX_WIDEN: usize = 256;

fn right_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'~' | b'+' | b'/' | b'=' | b':' | b'-')
}

fn left_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+')
}

/// Widens every secret match in `matches` (found in `hay`) to its enclosing token.
pub(super) fn widen(hay: &[u8], rules: &[Rule], matches: &mut [Match]) {
    for m in matches {
        if rules.get(m.rule).is_none_or(|r| r.kind != Kind::Secret) || m.start >= m.end {
            continue;
        }
        let right = hay[m.end..]
            .iter()
            .take(MAX_WIDEN)
            .take_while(|&&b| right_byte(b))
            .count();
        // A token does not end in punctuation that is more likely the sentence's.
        let right = hay[m.end..m.end + right]
            .iter()
            .rposition(|&b| !matches!(b, b'.' | b':' | b'-'))
            .map_or(0, |i| i + 1);
        let left = hay[..m.start]
            .iter()
            .rev()
            .take(MAX_WIDEN)
            .take_while(|&&b| left_byte(b))
            .count();
        m.start -= left;
        m.end += right;
    }
}

#[cfg(test)]
mod tests;
