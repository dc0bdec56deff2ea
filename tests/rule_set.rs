//! The built-in rule set as a whole: unique names, enough examples, known fakes never reported.

use hush::detect::Detector;
use hush::patterns::{Kind, PatternSet};
use hush::quality::{self, carriers::CARRIERS, generate};
use std::collections::{HashMap, HashSet};

fn builtin() -> PatternSet {
    PatternSet::builtin().expect("built-in rules load")
}

#[test]
fn ids_descriptions_and_provider_spellings_are_unique() {
    let set = builtin();
    let mut ids = HashSet::new();
    let mut descriptions = HashSet::new();
    let mut spellings: HashMap<String, String> = HashMap::new();
    for rule in set.rules() {
        assert!(ids.insert(&rule.id), "duplicate id {}", rule.id);
        assert!(
            descriptions.insert(rule.description.to_ascii_lowercase()),
            "duplicate description {:?} ({})",
            rule.description,
            rule.id
        );
        if let Some(p) = &rule.provider {
            let key: String = p.chars().filter(char::is_ascii_alphanumeric).collect();
            let first = spellings
                .entry(key.to_ascii_lowercase())
                .or_insert_with(|| p.clone());
            assert_eq!(first, p, "provider spelled two ways (rule {})", rule.id);
        }
    }
}

#[test]
fn every_rule_has_three_examples_and_three_negatives() {
    for rule in builtin().rules() {
        let generated = quality::generated_cases(rule);
        let examples = rule.examples.len() + generated.examples.len();
        let negatives = rule.negative_examples.len() + generated.negatives.len();
        assert!(
            examples >= 3 && negatives >= 3,
            "{}: {examples} examples, {negatives} negatives (written + generated)",
            rule.id
        );
    }
}

#[test]
fn provider_rules_say_how_their_tokens_are_made() {
    for rule in builtin().rules() {
        for kind in rule.token.iter().flat_map(|t| &t.carriers) {
            assert!(
                CARRIERS.iter().any(|c| c.kind == kind),
                "{}: unknown carrier {kind:?}",
                rule.id
            );
        }
        if rule.kind == Kind::Secret && rule.provider.is_some() {
            assert!(
                rule.token.is_some(),
                "{} has a provider but no [rule.token]",
                rule.id
            );
        }
    }
}

/// A token whose checksum fails is a known fake: no rule reports it, in any carrier, the
/// generic ones included.
#[test]
fn checksum_failing_tokens_produce_no_finding_at_all() {
    let detector = Detector::new(builtin()).expect("detector builds");
    let mut scratch = detector.scratch();
    let mut found = Vec::new();
    let mut checked = 0;
    for rule in detector.rules() {
        let Some(token) = &rule.token else { continue };
        let mut rng = fastrand::Rng::with_seed(11);
        for format in token.formats.iter().filter(|f| f.has_check()) {
            let names = quality::telling_names(rule);
            for _ in 0..5 {
                let fake = generate::flawed(
                    format,
                    rule.validator,
                    generate::Flaw::BadChecksum,
                    &mut rng,
                )
                .expect("a format with {check} can fail it");
                for (i, carrier) in CARRIERS.iter().enumerate() {
                    let (text, _) = carrier.plant(&names[i % names.len()], &fake);
                    found.clear();
                    detector.detect(text.as_bytes(), &mut scratch, &mut found);
                    let ids: Vec<&str> = found
                        .iter()
                        .map(|m| detector.rules()[m.rule].id.as_str())
                        .collect();
                    assert!(
                        ids.is_empty(),
                        "{}: fake {fake:?} in {} reported by {ids:?}",
                        rule.id,
                        carrier.kind
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 0, "some built-in format carries a checksum");
}

/// A keyword shorter than 4 bytes marks 256 grams of the keyword table (one per fourth
/// byte), and one rule with two of them cost a third of a scan: list the 4-byte variants the
/// regex allows instead. These few are older than the rule and documented here.
#[test]
fn keywords_are_four_bytes_or_listed_here() {
    const SHORT: &[(&str, &str)] = &[
        ("huggingface-access-token", "hf_"),
        ("jwt", "eyj"),
        ("url-userinfo-password", "@"),
        ("email-address", "@"),
        // Every compressed IPv6 address holds `::`; a keyword-less rule would cost the
        // anchored prefilter walk (detect/anchor_proof.rs) its proof.
        ("ip-address-v6", "::"),
    ];
    // A rule limited to paths has a keyword table of its own, searched only in its files.
    for rule in builtin().rules().iter().filter(|r| r.paths.is_empty()) {
        for k in rule.keywords.iter().filter(|k| k.len() < 4) {
            assert!(
                SHORT.contains(&(rule.id.as_str(), k.as_str())),
                "{}: keyword {k:?} is shorter than 4 bytes",
                rule.id
            );
        }
    }
}
