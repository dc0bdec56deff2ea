//! The config allowlist: path globs and fingerprints whose findings are not reported.
//!
//! Both come from the configuration file (`exclude`, `allow`). Globs match the finding's
//! display path (as printed, without a leading `./`) and, when the file's directory is known
//! ([`Allowlist::relative_to`]), the path relative to that directory too, so `tests/**` in a
//! repository's `hush.toml` holds whether the scan was given `.`, a subdirectory or an
//! absolute path. A fingerprint (which hashes the printed path) is accepted as printed or as
//! it would be for the path relative to that directory, for the same reason.

use crate::scan::Finding;
use crate::scan::finding::fingerprint;
use crate::scan::source::display_path;
use globset::GlobSet;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

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
    /// The config file's directory (absolute) and the working directory, when known.
    base: Option<(PathBuf, PathBuf)>,
}

impl Allowlist {
    /// An allowlist of `paths` (compiled globs) and `fingerprints`.
    pub fn new(paths: GlobSet, fingerprints: impl IntoIterator<Item = String>) -> Self {
        Self {
            paths,
            fingerprints: fingerprints.into_iter().collect(),
            base: None,
        }
    }

    /// Globs also match paths relative to `dir` (the config file's directory); relative
    /// display paths are taken as relative to the working directory.
    pub fn relative_to(mut self, dir: &Path) -> Self {
        let cwd = std::env::current_dir().unwrap_or_default();
        self.base = Some((cwd.join(dir), cwd));
        self
    }

    /// `path` relative to the config file's directory, when it lies inside it.
    fn relative(&self, path: &str) -> Option<String> {
        let (base, cwd) = self.base.as_ref()?;
        let full = cwd.join(path);
        let rel = full.strip_prefix(base).ok()?;
        Some(display_path(rel))
    }

    /// Whether (and why) the allowlist accepts `finding`.
    pub fn lists(&self, finding: &Finding) -> Option<Listed> {
        if self.fingerprint_listed(finding) {
            Some(Listed::Fingerprint)
        } else if self.path_listed(&finding.path) {
            Some(Listed::Path)
        } else {
            None
        }
    }

    fn fingerprint_listed(&self, f: &Finding) -> bool {
        if self.fingerprints.is_empty() {
            return false;
        }
        if self.fingerprints.contains(&f.fingerprint) {
            return true;
        }
        self.relative(&f.path)
            .filter(|rel| *rel != f.path)
            .is_some_and(|rel| {
                // The secret is only hashed, exactly as `Finding::new` does for the printed path.
                let fp = fingerprint(&f.rule, &rel, f.expose_secret());
                self.fingerprints.contains(&fp)
            })
    }

    fn path_listed(&self, path: &str) -> bool {
        if self.paths.is_empty() {
            return false;
        }
        self.paths.is_match(path)
            || self
                .relative(path)
                .is_some_and(|rel| self.paths.is_match(rel))
    }
}

#[cfg(test)]
mod tests {
    use super::{Allowlist, Finding, Listed};
    use crate::patterns::{Confidence, Kind};
    use crate::scan::Location;
    use globset::{Glob, GlobSetBuilder};

    fn at(path: &str) -> Finding {
        let loc = Location {
            line: 1,
            column: 1,
            end_column: 9,
        };
        Finding::new("r", Kind::Secret, Confidence::High, path, loc, b"s3cr3t-v")
    }

    #[test]
    fn paths_and_fingerprints_are_listed() {
        let mut globs = GlobSetBuilder::new();
        globs.add(Glob::new("**/testdata/**").expect("glob"));
        let listed = at("src/x").fingerprint;
        let list = Allowlist::new(globs.build().expect("set"), [listed]);
        assert_eq!(list.lists(&at("a/testdata/x")), Some(Listed::Path));
        assert_eq!(list.lists(&at("src/x")), Some(Listed::Fingerprint));
        assert_eq!(list.lists(&at("src/y")), None);
        assert_eq!(Allowlist::default().lists(&at("a/testdata/x")), None);
    }

    #[test]
    fn globs_also_match_relative_to_the_config_directory() {
        let mut globs = GlobSetBuilder::new();
        globs.add(Glob::new("tests/**").expect("glob"));
        let set = globs.build().expect("set");
        let plain = Allowlist::new(set.clone(), []);
        assert_eq!(plain.lists(&at("/repo/tests/x")), None);
        let rooted = Allowlist::new(set, []).relative_to(std::path::Path::new("/repo"));
        assert_eq!(rooted.lists(&at("/repo/tests/x")), Some(Listed::Path));
        assert_eq!(rooted.lists(&at("tests/x")), Some(Listed::Path));
        assert_eq!(rooted.lists(&at("/other/tests/x")), None);
        assert_eq!(rooted.lists(&at("/repo/src/x")), None);
    }

    #[test]
    fn fingerprints_also_match_for_the_path_relative_to_the_config_directory() {
        let relative = at("src/x").fingerprint;
        let plain = Allowlist::new(Default::default(), [relative]);
        assert_eq!(plain.lists(&at("/repo/src/x")), None);
        let rooted = plain.relative_to(std::path::Path::new("/repo"));
        assert_eq!(rooted.lists(&at("/repo/src/x")), Some(Listed::Fingerprint));
        assert_eq!(rooted.lists(&at("/other/src/x")), None);
    }
}
