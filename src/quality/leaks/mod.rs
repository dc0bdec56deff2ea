//! The leak harness: does `hush redact` let anything through?
//!
//! A log is generated ([`logs`]) with values planted in every log shape: tokens made from
//! every rule's token formats, every rule's written examples (the secret part being what the
//! rule alone finds in them), and personal data of every [`pii`] family, between ordinary
//! lines full of identifiers (hashes, UUIDs, pod names, versions). The log goes through a
//! [`RedactFilter`] and each planted value is scored:
//!
//! - **leaked**: the whole value is still in its lines;
//! - **partly leaked**: a run of [`PARTIAL_RUN`] or more of its characters (holding a letter
//!   or digit, and not already in the surrounding text) is still there;
//! - **over-redaction**: whitespace-separated tokens of ordinary lines that did not survive.
//!
//! The output is also checked for what redaction promises: the same line count, JSON lines
//! still JSON, and the same bytes on one thread and two. `hush rules leaks` prints the report;
//! `scripts/leaks.sh` runs a big log; the test suite runs a small seed that must leak nothing.

pub mod logs;
pub mod pii;
mod score;

pub use score::{LabelScore, LeakReport};

use super::{generate, measured, names_provider, rule_seed, telling_names};
use crate::detect::Detector;
use crate::patterns::PatternSet;
use crate::redact::{RedactFilter, Redactor};
use logs::SHAPES;

/// Shortest run of a value's characters that counts as a partial leak.
pub const PARTIAL_RUN: usize = 4;

/// How big a log to make.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Seed of every generated value and line.
    pub seed: u64,
    /// Tokens per format of each rule with a token table.
    pub tokens_per_format: usize,
    /// Values per PII family.
    pub pii_per_family: usize,
    /// Ordinary lines written after each planted value.
    pub ordinary_per_plant: usize,
    /// Keep the redacted lines of each leak in the report ([`LeakReport::samples`]): the
    /// values are synthetic, made by the harness.
    pub show_values: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            seed: 1,
            tokens_per_format: 1,
            pii_per_family: 40,
            ordinary_per_plant: 4,
            show_values: false,
        }
    }
}

/// One planted value: lines `first..first + lines` of the log, `value` inside them.
#[derive(Debug)]
struct Plant {
    label: String,
    shape: &'static str,
    value: String,
    first: usize,
    lines: usize,
    /// The planted lines with the value taken out: runs found here are not leaks.
    around: String,
}

/// The generated log: its lines, and what is planted where.
struct Log {
    lines: Vec<String>,
    plants: Vec<Plant>,
    ordinary: Vec<usize>,
}

impl Log {
    fn plant(&mut self, label: &str, shape: &'static str, block: Vec<String>, value: &str) {
        let joined = block.join("\n");
        self.plants.push(Plant {
            label: label.to_owned(),
            shape,
            value: value.to_owned(),
            first: self.lines.len(),
            lines: block.len(),
            around: joined.replacen(value, "\u{1}", 1),
        });
        self.lines.extend(block);
    }
}

const NEUTRAL: &[&str] = &["value", "ref", "payload", "arg"];

/// Names a shapeless secret is logged under.
const SENSITIVE: &[&str] = &[
    "DB_PASSWORD",
    "AWS_SECRET_KEY",
    "client_secret",
    "api_token",
    "X-Api-Key",
    "passwd",
    "SMTP_PASS_WORD",
    "session.cookie",
    "refresh-token",
    "Authorization",
];

/// A password as people and generators make them: letters, digits and a few symbols, none
/// of them a delimiter of any log syntax (so its end is unambiguous in every shape).
fn password(rng: &mut fastrand::Rng) -> String {
    const CHARS: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#%*+-_.~";
    (0..rng.usize(10..=24))
        .map(|_| char::from(CHARS[rng.usize(..CHARS.len())]))
        .collect()
}

fn generate(set: &PatternSet, o: Options) -> Log {
    let mut rng = fastrand::Rng::with_seed(o.seed);
    let mut log = Log {
        lines: Vec::new(),
        plants: Vec::new(),
        ordinary: Vec::new(),
    };
    let pad = |log: &mut Log, rng: &mut fastrand::Rng| {
        for _ in 0..o.ordinary_per_plant {
            log.ordinary.push(log.lines.len());
            log.lines.push(logs::ordinary(rng));
        }
    };
    let mut turn = 0usize;
    for rule in set.rules() {
        let mut rule_rng = fastrand::Rng::with_seed(rule_seed(o.seed, &rule.id));
        let Ok(alone) = Detector::new(PatternSet::single(rule.clone())) else {
            continue;
        };
        if let (true, Some(token)) = (measured(rule), rule.token.as_ref()) {
            let names = telling_names(rule);
            for format in &token.formats {
                for _ in 0..o.tokens_per_format {
                    let value = generate::token(format, rule.validator, &mut rule_rng);
                    if value.contains(char::is_whitespace) {
                        continue; // multi-line and spaced tokens: covered by the examples
                    }
                    turn += 1;
                    let anywhere = names_provider(rule, &value);
                    let mut shape = &SHAPES[turn % SHAPES.len()];
                    if !anywhere && !shape.shows_name {
                        shape = &SHAPES[1 + turn % 6]; // a shape that shows the name
                    }
                    let name = if anywhere && turn.is_multiple_of(2) {
                        NEUTRAL[turn % NEUTRAL.len()]
                    } else {
                        &names[turn % names.len()]
                    };
                    let (block, _) = shape.write(name, &value, &mut rng);
                    let secret = secret_part(&alone, &value);
                    log.plant(&rule.id, shape.kind, block, secret);
                    pad(&mut log, &mut rng);
                }
            }
        }
        example_plants(rule, &alone, &mut log);
        pad(&mut log, &mut rng);
    }
    for i in 0..o.pii_per_family {
        // Passwords and keys with no shape of their own: only their name tells.
        let value = password(&mut rng);
        let shape = &SHAPES[i % SHAPES.len()];
        if shape.shows_name {
            let name = SENSITIVE[i % SENSITIVE.len()];
            let (block, _) = shape.write(name, &value, &mut rng);
            log.plant("sensitive-name", shape.kind, block, &value);
            pad(&mut log, &mut rng);
        }
    }
    for family in pii::FAMILIES {
        for i in 0..o.pii_per_family {
            let value = family.value(&mut rng);
            let shape = &SHAPES[(i * 5 + 1) % SHAPES.len()];
            if matches!(shape.kind, "apache-userinfo" | "http-bearer") {
                continue; // not where personal data is written
            }
            let (block, _) = shape.write(family.field(&mut rng), &value, &mut rng);
            log.plant(family.label(), shape.kind, block, &value);
            pad(&mut log, &mut rng);
        }
    }
    log
}

/// A rule's written examples as they are, and each one-line example inside a JSON message;
/// the value is what the rule alone finds (examples it does not find are `rules test`'s job).
fn example_plants(rule: &crate::patterns::Rule, alone: &Detector, log: &mut Log) {
    let mut scratch = alone.scratch();
    let mut found = Vec::new();
    for example in &rule.examples {
        found.clear();
        alone.detect(example.as_bytes(), &mut scratch, &mut found);
        let Some(m) = found.first() else { continue };
        let Some(value) = example.get(m.start..m.end) else {
            continue;
        };
        if value.trim().len() < PARTIAL_RUN {
            continue;
        }
        let block: Vec<String> = example.lines().map(str::to_owned).collect();
        log.plant(&rule.id, "example", block, value);
        if !example.contains('\n') {
            let msg = serde_json::to_string(example).unwrap_or_default();
            let line = format!("{{\"level\":\"warn\",\"msg\":{msg}}}");
            if let Ok(escaped) = serde_json::to_string(value) {
                let inner = &escaped[1..escaped.len() - 1];
                log.plant(&rule.id, "example-in-json", vec![line], inner);
            }
        }
    }
}

/// The part of a generated `token` its rule alone reports as the secret (a URL's password,
/// not its host), or all of it when the rule needs more context to report it.
fn secret_part<'t>(alone: &Detector, token: &'t str) -> &'t str {
    let mut found = Vec::new();
    alone.detect(token.as_bytes(), &mut alone.scratch(), &mut found);
    (found.first())
        .and_then(|m| token.get(m.start..m.end))
        .filter(|s| s.len() >= PARTIAL_RUN)
        .unwrap_or(token)
}

/// Generates the log for `set`, redacts it with `redactor` on one thread and on two, and
/// scores the result.
pub fn run(set: &PatternSet, redactor: &Redactor, options: Options) -> LeakReport {
    let log = generate(set, options);
    let mut input = log.lines.join("\n").into_bytes();
    input.push(b'\n');
    let redact = |threads: usize| {
        let mut out = Vec::with_capacity(input.len());
        let filter = RedactFilter::new(redactor, &input[..], &mut out)
            .buffered(true)
            .threads(threads);
        filter.run().map(|_| out)
    };
    let one = redact(1).unwrap_or_default();
    let two = redact(2).unwrap_or_default();
    let text = String::from_utf8_lossy(&one);
    let out: Vec<&str> = text.lines().collect();
    score::score(&log, &out, one == two, options.show_values)
}
