//! The quality harness at a small fixed seed, with the issue's targets as thresholds.

use hush::detect::Detector;
use hush::patterns::PatternSet;
use hush::quality::{self, Options};

#[test]
fn harness_seed_meets_the_targets() {
    let detector = Detector::new(PatternSet::builtin().expect("loads")).expect("builds");
    let report = quality::run(
        &detector,
        Options {
            seed: 7,
            tokens_per_format: 1,
        },
    );
    let table = report.to_table(false);
    assert!(report.total.rules > 0, "{table}");
    assert!(report.recall() >= 0.98, "recall below 98%:\n{table}");
    assert!(report.precision() >= 0.98, "precision below 98%:\n{table}");
    assert!(
        report.hard_negative_rate() <= 0.05,
        "hard negatives above 5%:\n{table}"
    );
}

#[test]
fn a_rule_whose_regex_disagrees_with_its_format_is_measured_as_missing() {
    // The harness must be able to fail: a rule whose regex wants 32 characters while its
    // format makes 30 finds nothing it plants.
    let text = r#"
[[rule]]
id = "acme-token"
description = "ACME token"
provider = "ACME"
kind = "secret"
keywords = ["acme_"]
regex = '''\b(acme_[a-z0-9]{32})\b'''
examples = ["a", "b"]
negative_examples = ["c", "d"]

[rule.token]
format = ["acme_{lower-alnum:30}"]
"#;
    let set = PatternSet::from_texts([("t.toml".to_owned(), text.to_owned())]).expect("valid");
    let report = quality::run(&Detector::new(set).expect("builds"), Options::default());
    assert_eq!(report.total.rules, 1);
    assert_eq!(report.total.found, 0);
    assert!(report.total.expected > 20, "{}", report.to_table(true));
    assert!(report.recall() < 0.01);
}
