//! Three-way merge of vaults, entry by entry: what `hush vault merge %O %A %B` (a git merge
//! driver) does, so two branches that change different names merge without a conflict.
//!
//! A whole-file MAC makes every concurrent edit a textual conflict, so git's own merge cannot
//! work on a vault. [`Vault::merge_from`] compares *plaintext* values by name across the common
//! ancestor (base), ours and theirs — a value set again to the same text counts as unchanged,
//! although its sealed bytes differ — and decides per name, as git does per line:
//!
//! | base | ours | theirs | result |
//! |---|---|---|---|
//! | any | = theirs | = ours | ours |
//! | b | = b | t | theirs (changed, added or removed there) |
//! | b | o | = b | ours |
//! | b | o ≠ b | t ≠ b, t ≠ o | conflict: ours is kept, the name is reported |
//!
//! "Absent" is a value here, so an entry added on one side, removed on one side, or removed on
//! one and changed on the other follows the same table. The winner's older versions (history
//! lines) come with it. The result is ours' lines with theirs' changes applied: lines ours did
//! not change keep their bytes (a small diff), names from theirs are re-sealed under ours' data
//! key and id and appended in theirs' order; comments come from ours only. [`Vault::save`] then
//! writes it with a fresh MAC.

use super::format::{self, Line};
use super::{Vault, crypto};
use zeroize::Zeroizing;

/// What a merge did. Holds names only, never values.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MergeOutcome {
    /// Names taken from theirs (changed or added there).
    pub taken: Vec<String>,
    /// Names removed because theirs removed them.
    pub removed: Vec<String>,
    /// Names both sides changed differently; ours is kept for each.
    pub conflicts: Vec<String>,
}

enum Pick {
    Ours,
    Theirs,
    Conflict,
}

fn pick(base: Option<&str>, ours: Option<&str>, theirs: Option<&str>) -> Pick {
    if ours == theirs || base == theirs {
        Pick::Ours
    } else if base == ours {
        Pick::Theirs
    } else {
        Pick::Conflict
    }
}

fn text(value: &Option<Zeroizing<String>>) -> Option<&str> {
    value.as_ref().map(|v| v.as_str())
}

impl Vault {
    /// Merges into this vault (ours, opened locked) the changes `theirs` made since `base`
    /// (`None` when there is no common ancestor, as for a file added on both branches). Changes
    /// only memory; [`Vault::save`] writes the result.
    pub fn merge_from(&mut self, base: Option<&Self>, theirs: &Self) -> MergeOutcome {
        let mut outcome = MergeOutcome::default();
        let value = |v: Option<&Self>, name: &str| v.and_then(|v| v.plain(name));
        let ours_names: Vec<String> = self.names().map(str::to_owned).collect();
        for name in &ours_names {
            let (b, o, t) = (value(base, name), self.plain(name), theirs.plain(name));
            match pick(text(&b), text(&o), text(&t)) {
                Pick::Ours => {}
                Pick::Conflict => outcome.conflicts.push(name.clone()),
                Pick::Theirs if t.is_none() => {
                    self.remove(name);
                    outcome.removed.push(name.clone());
                }
                Pick::Theirs => {
                    let lines = self.resealed(theirs, name);
                    let i = self.entry_position(name).expect("listed by names()");
                    let end = i + 1 + self.history_len(i);
                    self.lines.splice(i..end, lines);
                    outcome.taken.push(name.clone());
                }
            }
        }
        for name in theirs.names() {
            if ours_names.iter().any(|n| n == name) {
                continue;
            }
            let (b, t) = (value(base, name), theirs.plain(name));
            match pick(text(&b), None, text(&t)) {
                Pick::Ours => {}
                Pick::Conflict => outcome.conflicts.push(name.to_owned()),
                Pick::Theirs => {
                    let lines = self.resealed(theirs, name);
                    self.lines.extend(lines);
                    outcome.taken.push(name.to_owned());
                }
            }
        }
        outcome
    }

    /// The plaintext of `name`'s live value, if present.
    fn plain(&self, name: &str) -> Option<Zeroizing<String>> {
        let sealed = self.sealed(name)?;
        Some(self.open_value(name, sealed).expect("checked by open"))
    }

    fn entry_position(&self, name: &str) -> Option<usize> {
        self.lines
            .iter()
            .position(|l| matches!(l, Line::Entry { name: n, .. } if n == name))
    }

    /// How many history lines follow the entry at index `i`.
    fn history_len(&self, i: usize) -> usize {
        self.lines[i + 1..]
            .iter()
            .take_while(|l| matches!(l, Line::History { .. }))
            .count()
    }

    /// `name`'s entry and history lines from `other`, re-sealed under this vault's data key and
    /// id (the two may differ: `rotate --key` or `passwd` on one branch).
    fn resealed(&self, other: &Self, name: &str) -> Vec<Line> {
        let Some(i) = other.entry_position(name) else {
            return Vec::new();
        };
        let id = &self.header.id;
        let mut out = Vec::with_capacity(1 + other.history_len(i));
        for line in &other.lines[i..=i + other.history_len(i)] {
            match line {
                Line::Entry { sealed, .. } => {
                    let plain = other.open_value(name, sealed).expect("checked by open");
                    let aad = format::entry_aad(id, name);
                    let sealed = crypto::seal(&self.dek, plain.as_bytes(), &aad);
                    out.push(Line::Entry {
                        name: name.to_owned(),
                        sealed,
                    });
                }
                Line::History {
                    version, sealed, ..
                } => {
                    let plain = other.open_history(name, *version, sealed);
                    let plain = plain.expect("checked by open");
                    let aad = format::history_aad(id, name, *version);
                    out.push(Line::History {
                        name: name.to_owned(),
                        version: *version,
                        sealed: crypto::seal(&self.dek, plain.as_bytes(), &aad),
                    });
                }
                Line::Blank | Line::Comment(_) => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
