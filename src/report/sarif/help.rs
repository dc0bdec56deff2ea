//! A SARIF `reportingDescriptor` per rule: what GitHub code scanning shows beside an alert.
//!
//! Everything is derived from the rule's own fields (description, provider, kind,
//! confidence, validator) plus the provider's revocation help in
//! `patterns/help/providers.toml`, so 660 rules get help without 660 hand-written entries.
//! GitHub reads `shortDescription`, `fullDescription`, `help.text` / `help.markdown` (shown
//! when present), `helpUri`, `defaultConfiguration.level`, and in `properties` the `tags`,
//! `precision` and `security-severity` (a score from 0.0 to 10.0: 9.0 and above is shown as
//! critical, 7.0 high, 4.0 medium, below that low).

use crate::patterns::{Confidence, Kind, Rule};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;

const PROVIDERS: &str = include_str!("../../../patterns/help/providers.toml");

/// The revocation help file, parsed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct HelpData {
    default: Defaults,
    #[serde(default)]
    provider: HashMap<String, ProviderHelp>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Defaults {
    secret: String,
    generic: String,
    pii: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProviderHelp {
    rotate: Option<String>,
    url: Option<String>,
}

impl HelpData {
    /// The built-in help (a unit test parses it, so this cannot fail at run time).
    pub(super) fn builtin() -> Self {
        toml::from_str(PROVIDERS).expect("patterns/help/providers.toml parses (unit-tested)")
    }

    /// The SARIF descriptor of `rule`.
    pub(super) fn descriptor(&self, rule: &Rule) -> Value {
        let entry = rule.provider.as_deref().and_then(|p| self.provider.get(p));
        let first_step = match (
            rule.kind,
            &rule.provider,
            entry.and_then(|e| e.rotate.as_ref()),
        ) {
            (Kind::Pii, _, _) => self.default.pii.clone(),
            (Kind::Secret, _, Some(rotate)) => rotate.clone(),
            (Kind::Secret, Some(provider), None) => {
                self.default.secret.replace("{provider}", provider)
            }
            (Kind::Secret, None, None) => self.default.generic.clone(),
        };
        let url = entry.and_then(|e| e.url.as_deref());
        let mut descriptor = json!({
            "id": rule.id,
            "shortDescription": { "text": rule.description },
            "fullDescription": { "text": full_description(rule) },
            "defaultConfiguration": { "level": level(rule.confidence) },
            "help": {
                "text": help(rule, &first_step, url, false),
                "markdown": help(rule, &first_step, url, true),
            },
            "properties": {
                "kind": rule.kind.as_str(),
                "confidence": rule.confidence.as_str(),
                "precision": precision(rule),
                "security-severity": security_severity(rule.kind, rule.confidence),
                "tags": tags(rule),
            },
        });
        if let Some(provider) = &rule.provider {
            descriptor["properties"]["provider"] = json!(provider);
        }
        if let Some(url) = url {
            descriptor["helpUri"] = json!(url);
        }
        descriptor
    }
}

/// The SARIF level a finding of this confidence gets.
pub(super) fn level(confidence: Confidence) -> &'static str {
    match confidence {
        Confidence::High => "error",
        Confidence::Medium => "warning",
        Confidence::Low => "note",
    }
}

/// A leaked credential is the most direct path in; how sure the match is sets how far
/// below critical it is scored. Personal data exposes people, not systems: medium at most.
fn security_severity(kind: Kind, confidence: Confidence) -> &'static str {
    match (kind, confidence) {
        (Kind::Secret, Confidence::High) => "9.0",
        (Kind::Secret, Confidence::Medium) => "7.5",
        (Kind::Secret, Confidence::Low) => "5.0",
        (Kind::Pii, Confidence::High) => "6.0",
        (Kind::Pii, Confidence::Medium) => "5.0",
        (Kind::Pii, Confidence::Low) => "3.0",
    }
}

/// GitHub's `precision` scale; a checksum or structure check on top of high confidence
/// makes false positives rare.
fn precision(rule: &Rule) -> &'static str {
    match (rule.confidence, rule.validator.is_some()) {
        (Confidence::High, true) => "very-high",
        (Confidence::High, false) => "high",
        (Confidence::Medium, _) => "medium",
        (Confidence::Low, _) => "low",
    }
}

/// `security` (what GitHub groups security alerts by), the kind, and the CWE GitHub links.
fn tags(rule: &Rule) -> Vec<&'static str> {
    match rule.kind {
        // CWE-798: use of hard-coded credentials.
        Kind::Secret => vec!["security", "secret", "external/cwe/cwe-798"],
        // CWE-359: exposure of private personal information.
        Kind::Pii => vec!["security", "pii", "privacy", "external/cwe/cwe-359"],
    }
}

fn what_it_is(rule: &Rule) -> String {
    match (rule.kind, &rule.provider) {
        (Kind::Secret, Some(p)) => {
            let vowel = p.starts_with(|c: char| "AEIOUaeiou".contains(c));
            format!("{} {p} credential", if vowel { "an" } else { "a" })
        }
        (Kind::Secret, None) => "a credential".to_owned(),
        (Kind::Pii, _) => "personal data".to_owned(),
    }
}

fn how_found(rule: &Rule) -> &'static str {
    match (rule.confidence, rule.validator.is_some()) {
        (Confidence::High, true) => "a distinctive format whose checksum or structure checks out",
        (Confidence::High, false) => "a distinctive prefix or an exact shape",
        (Confidence::Medium, true) => "its shape and an offline check of its structure",
        (Confidence::Medium, false) => "its shape next to a telling name or prefix",
        (Confidence::Low, _) => "context and randomness only, so check it by eye",
    }
}

fn full_description(rule: &Rule) -> String {
    format!(
        "{}: {} committed to the code. hush matched it with {} confidence, from {}.",
        rule.description,
        what_it_is(rule),
        rule.confidence.as_str(),
        how_found(rule)
    )
}

const EXPOSED: &str = "Anyone who can read the repository, a clone, a fork or a CI log can use it, \
    and deleting the line does not remove it from git history.";
const MOVE_OUT: &str = "Remove it from the code: read it at run time from the environment, a \
    secrets manager, or a `hush vault` file (`hush vault run -- CMD`).";
const FALSE_POSITIVE: &str = "Not a real secret (a test fixture, an example)? Add `hush:allow` in \
    a comment on the line, or list the finding's fingerprint under `allow` in `hush.toml`.";

/// The help as plain text (`markdown` false) or markdown: the same words, markup aside.
fn help(rule: &Rule, first_step: &str, url: Option<&str>, markdown: bool) -> String {
    let (bold, code) = if markdown { ("**", "`") } else { ("", "") };
    let description = if markdown {
        markdown_escape(&rule.description)
    } else {
        rule.description.clone()
    };
    let mut out = format!("{bold}{description}{bold}: {}.\n\n", what_it_is(rule));
    match rule.kind {
        Kind::Secret => {
            out.push_str(EXPOSED);
            out.push_str(&format!("\n\n{bold}To fix{bold}\n\n1. {first_step}"));
            match (url, markdown) {
                (Some(url), true) => {
                    out.push_str(&format!(" See [the provider's documentation]({url})."))
                }
                (Some(url), false) => out.push_str(&format!(" See {url}")),
                (None, _) => {}
            }
            out.push_str(&format!("\n2. {MOVE_OUT}\n\n"));
        }
        Kind::Pii => out.push_str(&format!("{bold}To fix:{bold} {first_step}\n\n")),
    }
    out.push_str(FALSE_POSITIVE);
    out.push_str(&format!(
        "\n\nRule {code}{}{code} ({} confidence; matched by {}).",
        rule.id,
        rule.confidence.as_str(),
        how_found(rule)
    ));
    out
}

/// Rule descriptions are data (user rule files too): keep them from turning into markup.
fn markdown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\`*_{}[]<>()#+!|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests;
