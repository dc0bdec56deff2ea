//! The config allowlist: path globs and fingerprints whose findings are not reported.
//!
//! Both come from the configuration file (`exclude`, `allow`). Globs match the finding's
//! display path (as printed, without a leading `./`); fingerprints are compared exactly.

use globset::GlobSet;
use std::collections::HashSet;

/// Why the allowlist accepts a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listed {
    /// Its path matches an `exclude` glob.
    Path,
    /// Its fingerprint is in `allow`.
    Fingerprint,
}

/// Path globs and fingerprints accepted as not secret.
#[derive(Debug, Clone, Default)]
pub struct Allowlist {
    paths: GlobSet,
    fingerprints: HashSet<String>,
}

impl Allowlist {
    /// An allowlist of `paths` (compiled globs) and `fingerprints`.
    pub fn new(paths: GlobSet, fingerprints: impl IntoIterator<Item = String>) -> Self {
        Self {
            paths,
            fingerprints: fingerprints.into_iter().collect(),
        }
    }

    /// Whether (and why) a finding at `path` with `fingerprint` is accepted.
    pub fn lists(&self, path: &str, fingerprint: &str) -> Option<Listed> {
        if self.fingerprints.contains(fingerprint) {
            Some(Listed::Fingerprint)
        } else if self.paths.is_match(path) {
            Some(Listed::Path)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Allowlist, Listed};
    use globset::{Glob, GlobSetBuilder};

    #[test]
    fn paths_and_fingerprints_are_listed() {
        let mut globs = GlobSetBuilder::new();
        globs.add(Glob::new("**/testdata/**").expect("glob"));
        let list = Allowlist::new(globs.build().expect("set"), ["ab12".to_owned()]);
        assert_eq!(list.lists("a/testdata/x", "ff"), Some(Listed::Path));
        assert_eq!(list.lists("src/x", "ab12"), Some(Listed::Fingerprint));
        assert_eq!(list.lists("src/x", "ff"), None);
        assert_eq!(Allowlist::default().lists("a/testdata/x", "ab12"), None);
    }
}
