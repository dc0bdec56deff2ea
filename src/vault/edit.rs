//! Applying an edited plaintext copy of the vault (`hush vault edit`): the dotenv text becomes
//! the vault's live entries, re-sealing only values that changed.
//!
//! The edited text is parsed by the same [`loader`](super::loader) as `import`, without the
//! process environment (`${VAR}` sees earlier entries only, so nothing from hush's own
//! environment slips into the vault). It replaces the live entries and comments, in its order:
//! an entry whose value is unchanged keeps its sealed bytes (a small git diff), a changed or new
//! one is sealed afresh, a name that is gone is removed with its older versions; older versions
//! (history lines) of a kept name stay after it. A repeated name keeps its last value, as in
//! `import`. Nothing is written until [`Vault::save`].

use super::format::Line;
use super::{Vault, VaultError, loader};
use std::collections::HashMap;

/// What an edit changed. Names only, never values.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct EditOutcome {
    /// Names whose value changed.
    pub changed: Vec<String>,
    /// Names new in the edit.
    pub added: Vec<String>,
    /// Names the edit removed.
    pub removed: Vec<String>,
}

impl EditOutcome {
    /// `true` when no entry changed.
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.added.is_empty() && self.removed.is_empty()
    }
}

impl Vault {
    /// Makes the entries of the dotenv `text` the vault's live entries (see the module docs).
    /// On an error (bad dotenv, a `#hush:` comment, a bad name, a value too long) the vault is
    /// left as it was.
    pub fn apply_dotenv(&mut self, text: &[u8]) -> Result<EditOutcome, VaultError> {
        let loaded = loader::parse(text, &|_: &str| None).map_err(VaultError::Dotenv)?;
        let mut last = HashMap::new();
        for (i, item) in loaded.items.iter().enumerate() {
            if let loader::Item::Entry { name, .. } = item {
                last.insert(name.as_str(), i);
            }
        }
        let mut edited = self.clone_shell();
        let mut outcome = EditOutcome::default();
        for (i, item) in loaded.items.iter().enumerate() {
            match item {
                loader::Item::Blank => edited.lines.push(Line::Blank),
                // The loader refuses `#hush:` comments, naming the line.
                loader::Item::Comment(c) => edited.lines.push(Line::Comment(c.clone())),
                loader::Item::Entry { name, value } if last.get(name.as_str()) == Some(&i) => {
                    let current = self.sealed(name).map(|s| self.open_value(name, s));
                    match current {
                        Some(Ok(v)) if v.as_str() == value.as_str() => {
                            let sealed = self.sealed(name).expect("present").to_vec();
                            let name = name.clone();
                            edited.lines.push(Line::Entry { name, sealed });
                        }
                        Some(_) => {
                            edited.set_str(name, value)?;
                            outcome.changed.push(name.clone());
                        }
                        None => {
                            edited.set_str(name, value)?;
                            outcome.added.push(name.clone());
                        }
                    }
                    edited.lines.extend(self.history_of(name));
                }
                loader::Item::Entry { .. } => {} // a later line sets this name
            }
        }
        outcome.removed = (self.names())
            .filter(|n| !last.contains_key(n))
            .map(str::to_owned)
            .collect();
        self.lines = edited.lines;
        Ok(outcome)
    }

    /// A vault with this one's keys and header and no lines, to build new lines in.
    fn clone_shell(&self) -> Self {
        Self {
            path: self.path.clone(),
            header: self.header.clone(),
            recipients: self.recipients.clone(),
            lines: Vec::new(),
            dek: self.dek.clone(),
            kek: self.kek.clone(),
            lock: None,
        }
    }

    /// The history lines of `name`, newest first, as the file holds them.
    fn history_of(&self, name: &str) -> Vec<Line> {
        (self.lines.iter())
            .filter(|l| matches!(l, Line::History { name: n, .. } if n == name))
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests;
