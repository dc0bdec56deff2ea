//! Baselines: accept the findings of an earlier report so only new ones fail a scan.
//!
//! A baseline is any report hush wrote with `--format json` (an array) or `--format jsonl`
//! (one object per line). Only the `fingerprint` fields are read, so a baseline file holds
//! no secret unless it was written with `--show-secrets`.

use std::collections::HashSet;
use std::path::Path;

/// Fingerprints to suppress.
#[derive(Debug, Default, Clone)]
pub struct Baseline {
    fingerprints: HashSet<String>,
}

/// A baseline file could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BaselineError {
    /// The file could not be read.
    // The cause is the error's source, so `{:#}` prints it once (not in this message too).
    #[error("reading baseline {path}")]
    Io {
        /// The baseline path.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a hush JSON or JSON Lines report.
    #[error("baseline {path}: line {line}: not a hush JSON report ({message})")]
    Format {
        /// The baseline path.
        path: String,
        /// 1-based line of the problem.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

impl Baseline {
    /// Reads the fingerprints of a JSON or JSON Lines report.
    pub fn load(path: &Path) -> Result<Self, BaselineError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Io {
            path: shown.clone(),
            source,
        })?;
        Self::parse(&text).map_err(|(line, message)| BaselineError::Format {
            path: shown,
            line,
            message,
        })
    }

    fn parse(text: &str) -> Result<Self, (usize, String)> {
        let mut fingerprints = HashSet::new();
        let mut take = |v: &serde_json::Value, line: usize| -> Result<(), (usize, String)> {
            let fp = v
                .get("fingerprint")
                .and_then(serde_json::Value::as_str)
                .ok_or_else(|| (line, "an entry has no \"fingerprint\" string".to_owned()))?;
            fingerprints.insert(fp.to_owned());
            Ok(())
        };
        if text.trim_start().starts_with('[') {
            let all: Vec<serde_json::Value> =
                serde_json::from_str(text).map_err(|e| (e.line(), e.to_string()))?;
            for v in &all {
                take(v, 1)?;
            }
        } else {
            for (i, line) in text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
            {
                let v: serde_json::Value =
                    serde_json::from_str(line).map_err(|e| (i + 1, e.to_string()))?;
                take(&v, i + 1)?;
            }
        }
        Ok(Self { fingerprints })
    }

    /// True when `fingerprint` was in the baseline.
    pub fn contains(&self, fingerprint: &str) -> bool {
        self.fingerprints.contains(fingerprint)
    }
}

#[cfg(test)]
mod tests {
    use super::Baseline;

    #[test]
    fn reads_json_and_jsonl() {
        let b = Baseline::parse(r#"[{"fingerprint":"aa"},{"fingerprint":"bb"}]"#).expect("json");
        assert!(b.contains("aa") && b.contains("bb") && !b.contains("cc"));
        let b = Baseline::parse("{\"fingerprint\":\"aa\"}\n\n{\"fingerprint\":\"cc\"}\n")
            .expect("jsonl");
        assert!(b.contains("cc"));
        assert!(
            Baseline::parse("[]")
                .expect("empty")
                .fingerprints
                .is_empty()
        );
    }

    #[test]
    fn rejects_other_files_with_a_line() {
        let (line, _) = Baseline::parse("{\"fingerprint\":\"aa\"}\nnot json\n").expect_err("bad");
        assert_eq!(line, 2);
        assert!(Baseline::parse(r#"[{"rule":"x"}]"#).is_err());
    }
}
