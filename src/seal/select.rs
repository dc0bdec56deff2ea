//! Which values get sealed: those under a sensitive name (the redactor's list,
//! [`crate::redact::json::is_sensitive`], applied to every key along the path), those the
//! detector flags as a secret, those a `--fields` glob names, and those already sealed before
//! (`seal edit`, `seal rotate`).

use super::format::Scalar;
use super::path::FieldGlob;
use crate::detect::{Detector, Scratch};
use crate::patterns::Kind as RuleKind;
use std::cell::RefCell;
use std::collections::HashSet;

/// Why a value is selected (what `seal --check` prints beside a path; never the value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// A key along the path is a sensitive name (`password`, `api_key`, `client_secret`, …).
    SensitiveName,
    /// The detector found a secret of this rule in the value.
    Detected(String),
    /// A `--fields` pattern matched the path.
    Field(String),
    /// It was sealed before.
    WasSealed,
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::SensitiveName => f.write_str("sensitive name"),
            Self::Detected(rule) => write!(f, "detected {rule}"),
            Self::Field(glob) => write!(f, "--fields {glob}"),
            Self::WasSealed => f.write_str("was sealed"),
        }
    }
}

/// Chooses the values to seal.
#[derive(Debug, Default)]
pub struct Selector {
    names: bool,
    detector: Option<Detector>,
    /// The detector's scratch space, made once and reused for every value.
    scratch: Option<RefCell<Scratch>>,
    globs: Vec<FieldGlob>,
}

impl Selector {
    /// Sensitive names on or off, an optional detector, and `--fields` globs.
    pub fn new(names: bool, detector: Option<Detector>, globs: Vec<FieldGlob>) -> Self {
        let scratch = detector.as_ref().map(|d| RefCell::new(d.scratch()));
        Self {
            names,
            detector,
            scratch,
            globs,
        }
    }

    /// Why `s` should be sealed, or `None`. Nulls and the `_hush` entry never are; a path in
    /// `was` (sealed before an edit) always is.
    pub(crate) fn reason(&self, s: &Scalar, was: &HashSet<String>) -> Option<Reason> {
        if s.kind.is_none() || s.path.is_metadata() {
            return None;
        }
        if let Some(g) = self.globs.iter().find(|g| g.matches(&s.path)) {
            return Some(Reason::Field(g.as_str().to_owned()));
        }
        if self.names
            && s.path
                .keys()
                .any(|k| crate::redact::json::is_sensitive(k.as_bytes()))
        {
            return Some(Reason::SensitiveName);
        }
        if !was.is_empty() && was.contains(&s.path.to_string()) {
            return Some(Reason::WasSealed);
        }
        let (detector, scratch) = (self.detector.as_ref()?, self.scratch.as_ref()?);
        let mut found = Vec::new();
        detector.detect(s.value.as_bytes(), &mut scratch.borrow_mut(), &mut found);
        let rules = detector.rules();
        found
            .iter()
            .map(|m| &rules[m.rule])
            .find(|r| r.kind == RuleKind::Secret)
            .map(|r| Reason::Detected(r.id.clone()))
    }
}
