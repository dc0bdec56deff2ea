//! E-mail addresses that are no one's personal data: documentation domains and role senders.
//!
//! The policy, as data (README "Personal data" says the same):
//! - reserved for documentation and testing by RFC 2606 and RFC 6761: the domains
//!   `example.com`, `example.net`, `example.org` and every name under the top-level domains
//!   `.example`, `.test`, `.invalid` and `.localhost` (and `localhost` itself);
//! - addresses that reach no person: the local parts in [`ROLE_SENDERS`], and any domain with a
//!   `noreply` / `no-reply` label (GitHub's and GitLab's privacy addresses,
//!   `…@users.noreply.github.com`).
//!
//! Everything else with an e-mail shape is reported, author lists included: a real address is
//! personal data wherever it is published.

/// Second-level domains reserved for examples (RFC 2606 section 3), with their subdomains.
const EXAMPLE_DOMAINS: &[&str] = &["example.com", "example.net", "example.org"];

/// Top-level names reserved for testing and documentation (RFC 2606 section 2, RFC 6761).
const RESERVED_TLDS: &[&str] = &["example", "test", "invalid", "localhost"];

/// Domain labels that mark a do-not-reply address.
const NO_REPLY_LABELS: &[&str] = &["noreply", "no-reply", "donotreply", "do-not-reply"];

/// Local parts of automated and role senders, which reach no person.
pub(super) const ROLE_SENDERS: &[&str] = &[
    "noreply",
    "no-reply",
    "no_reply",
    "donotreply",
    "do-not-reply",
    "mailer-daemon",
    "postmaster",
    "git",
];

/// True when `secret` (an address the e-mail rule matched) may be personal data.
pub(super) fn is_personal(secret: &[u8]) -> bool {
    let Some(at) = memchr::memrchr(b'@', secret) else {
        return false;
    };
    let (local, domain) = (&secret[..at], &secret[at + 1..]);
    let is = |a: &[u8], b: &str| a.eq_ignore_ascii_case(b.as_bytes());
    if ROLE_SENDERS.iter().any(|r| is(local, r)) {
        return false;
    }
    let mut labels = domain.rsplit(|&b| b == b'.');
    let tld = labels.next().unwrap_or_default();
    if is(domain, "localhost") || RESERVED_TLDS.iter().any(|t| is(tld, t)) {
        return false;
    }
    let under = |d: &str| {
        domain.len() >= d.len()
            && is(&domain[domain.len() - d.len()..], d)
            && (domain.len() == d.len() || domain[domain.len() - d.len() - 1] == b'.')
    };
    if EXAMPLE_DOMAINS.iter().any(|d| under(d)) {
        return false;
    }
    !domain
        .split(|&b| b == b'.')
        .any(|label| NO_REPLY_LABELS.iter().any(|n| is(label, n)))
}

#[cfg(test)]
mod tests {
    use super::is_personal;

    macro_rules! t {
        ($($name:ident: $input:expr => $want:expr,)*) => {
            $(#[test] fn $name() { assert_eq!(is_personal($input.as_bytes()), $want, "{}", $input); })*
        };
    }

    t! {
        t01_plain: "jane.doe@acme-corp.io" => true,
        t02_subdomain: "billing@mail.northwind.co.uk" => true,
        t03_example_lookalike: "ana@myexample.com" => true,
        t04_noreply_in_local_part_only_prefix: "noreplyalice@acme-corp.io" => true,
        t05_example_com: "user@example.com" => false,
        t06_example_org_upper: "Admin@EXAMPLE.ORG" => false,
        t07_under_example_net: "ops@mail.example.net" => false,
        t08_tld_example: "dev@acme.example" => false,
        t09_tld_test: "a@b.test" => false,
        t10_tld_invalid: "x@host.invalid" => false,
        t11_localhost: "root@localhost" => false,
        t12_tld_localhost: "app@dev.localhost" => false,
        t13_noreply_local: "noreply@acme-corp.io" => false,
        t14_no_reply_local: "No-Reply@acme-corp.io" => false,
        t15_github_privacy: "123456+octo@users.noreply.github.com" => false,
        t16_mailer_daemon: "MAILER-DAEMON@mx.acme-corp.io" => false,
        t17_git: "git@gitlab.acme-corp.io" => false,
        t18_no_at: "acme-corp.io" => false,
    }
}
