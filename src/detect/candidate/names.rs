//! Key names that hold no credential, for rules with `filter_names`.
//!
//! A generic `name = value` rule keys on words such as `token` and `apikey`, and API
//! examples are full of names that end in them without holding a credential: pagination
//! and idempotency tokens (`NextToken`, `ChangeToken`, `ClientToken`), CSRF tokens tied to a
//! session, and type names such as CloudFormation's `AWS::AppSync::ApiKey` used as map
//! keys. On 716 MB of installed Python packages these made about a third of the generic
//! assignment findings.

/// Longest key name looked at, in bytes.
const MAX_NAME: usize = 64;

/// What comes before a final `token` in names of tokens that are not credentials
/// (compared lowercase, without `_`, `-` and `.`).
const NOT_CREDENTIAL_TOKENS: &[&str] = &[
    "next",
    "nextpage",
    "page",
    "prevpage",
    "previouspage",
    "continuation",
    "change",
    "lock",
    "nextlock",
    "purchase",
    "client",
    "idempotency",
    "sequence",
    "nextsequence",
    "nextforward",
    "nextbackward",
    "forward",
    "backward",
    "policyupdate",
    "lifecycleaction",
    "cancel",
    "cancellation",
    "sync",
    "resume",
    "pagination",
    "csrf",
    "xsrf",
    "antiforgery",
];

fn ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

/// True when the match starting at `start` in `hay` lies in a key name that holds no
/// credential. The name is the identifier run around `start`, at most [`MAX_NAME`] bytes.
pub(super) fn not_a_credential(hay: &[u8], start: usize) -> bool {
    // A line-anchored rule starts before the name: skip indentation, `export ` and `- `.
    let skip_blanks = |mut at: usize| {
        while at < hay.len() && matches!(hay[at], b' ' | b'\t') {
            at += 1;
        }
        at
    };
    let mut start = skip_blanks(start);
    for lead in [&b"export "[..], b"- "] {
        if hay[start..].starts_with(lead) {
            start = skip_blanks(start + lead.len());
        }
    }
    let floor = start.saturating_sub(MAX_NAME);
    let mut from = start;
    while from > floor && ident_byte(hay[from - 1]) {
        from -= 1;
    }
    let mut to = start;
    while to < hay.len() && to - from < MAX_NAME && ident_byte(hay[to]) {
        to += 1;
    }
    // A type name used as a map key (`"AWS::AppSync::ApiKey": "…"`).
    if hay[..from].ends_with(b"::") {
        return true;
    }
    // Lowercase letters and digits only, on the stack: this runs for every candidate of a
    // `filter_names` rule.
    let mut name = [0u8; MAX_NAME];
    let mut len = 0;
    for &b in hay[from..to].iter().filter(|b| b.is_ascii_alphanumeric()) {
        name[len] = b.to_ascii_lowercase();
        len += 1;
    }
    name[..len]
        .strip_suffix(b"token")
        .is_some_and(|head| NOT_CREDENTIAL_TOKENS.iter().any(|t| t.as_bytes() == head))
}

#[cfg(test)]
mod tests;
