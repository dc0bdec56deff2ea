//! Serde mirror of the rule file schema (`patterns/*.toml`).
//!
//! These structs are exactly what a rule file may say; unknown fields are rejected so a typo
//! (`keyword =` for `keywords =`) fails loudly instead of silently disabling a rule.
//! The `compile` module turns them into runnable [`Rule`](super::Rule)s.

use serde::Deserialize;

/// What a finding is: a credential, or personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A credential: key, token, password, private key.
    Secret,
    /// Personal data: email, card number, SSN, IBAN, phone number.
    Pii,
}

impl Kind {
    /// The contract name (`secret` or `pii`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Secret => "secret",
            Self::Pii => "pii",
        }
    }
}

/// How sure a rule is that a match is real, before and after validation.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Weak shape: generic assignments, loose formats.
    Low,
    /// A recognisable shape without a checksum.
    #[default]
    Medium,
    /// A distinctive prefix or a passed offline validator.
    High,
}

impl Confidence {
    /// The contract name (`high`, `medium`, `low`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }
}

/// One `[[rule]]` table as written in a rule file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Stable kebab-case identifier, unique in its rule set.
    pub id: String,
    /// One-line human description.
    pub description: String,
    /// The provider whose credential this is (`GitHub`), one spelling across the rule set;
    /// none for generic shapes and PII.
    pub provider: Option<String>,
    /// `secret` or `pii`.
    pub kind: Kind,
    /// Literals for the keyword prefilter (ASCII case-insensitive).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The pattern; group 1 or the named group `secret` is the secret.
    pub regex: String,
    /// For a rule without keywords: a simpler regex (no look-around) that every match of
    /// `regex` contains; hush searches for it to find where `regex` may match.
    pub prefilter: Option<String>,
    /// Minimum Shannon entropy (bits per byte) of the secret.
    pub entropy: Option<f64>,
    /// Name of an offline validator.
    pub validator: Option<String>,
    /// Drop a match whose key name (the identifier the match starts in, e.g. `NextToken`)
    /// is one that holds no credential: pagination, idempotency and CSRF tokens, or a type
    /// name such as `AWS::AppSync::ApiKey`. For generic `name = value` rules.
    #[serde(default)]
    pub filter_names: bool,
    /// In a source-code file (by extension), a match is reported only when one of these
    /// words is a part of an identifier or word on its line or the line before (`card` in
    /// `card_number`); empty: no such requirement. Redaction ignores it.
    #[serde(default)]
    pub code_labels: Vec<String>,
    /// Values published as documentation or test values (an issuer's test card number);
    /// compared without spaces, dashes and dots. Scans do not report them; redaction still
    /// masks them.
    #[serde(default)]
    pub documentation_values: Vec<String>,
    /// Confidence before validation.
    #[serde(default)]
    pub confidence: Confidence,
    /// Inputs that must produce a finding of this rule.
    #[serde(default)]
    pub examples: Vec<String>,
    /// Inputs that must not produce a finding of this rule.
    #[serde(default)]
    pub negative_examples: Vec<String>,
    /// How the rule's tokens are made, from which examples and harness cases are generated.
    pub token: Option<TokenSpec>,
    /// Globs on the scanned path (`**/.pgpass`, case-insensitive): the rule runs only on files
    /// whose path matches one, so a shape too loose for arbitrary text is exact in its file.
    /// Empty means every input; a path rule never runs where no path is known (stdin, redact).
    #[serde(default)]
    pub paths: Vec<String>,
    /// The other half of a two-part credential (an AWS secret key's access key id): when a
    /// finding of that rule is near, the two are reported as one finding of this rule.
    pub pair: Option<PairSpec>,
}

/// A `[rule.pair]` table: which rule finds the credential's other half, and how near.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PairSpec {
    /// The id of the rule that finds the other half.
    pub rule: String,
    /// How many lines apart the halves may be (0: the same line); at most 20.
    #[serde(default = "PairSpec::default_lines")]
    pub lines: u64,
}

impl PairSpec {
    fn default_lines() -> u64 {
        3
    }
}

/// A `[rule.token]` table: the token's documented format as data.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenSpec {
    /// One template per shape the token takes (see [`super::token`] for the syntax).
    pub format: Vec<String>,
    /// Field and variable names the value is known under (`DATABRICKS_TOKEN`); a token that
    /// does not name its provider is expected to be found only next to one of them.
    #[serde(default)]
    pub names: Vec<String>,
    /// The file types (quality-harness carriers, such as `raw` or `ini`) the token is written
    /// in, for a format tied to one file's syntax (`.npmrc`'s `_auth=`); empty means all.
    #[serde(default)]
    pub carriers: Vec<String>,
}

/// A whole rule file: `[[rule]]` tables and nothing else.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleFile {
    #[serde(default)]
    pub(crate) rule: Vec<toml::Value>,
}
