//! Reading and changing the live entries of an open [`Vault`]: names, values, set, remove.
//! Changes stay in memory until [`Vault::save`].

use super::format::{self, Line};
use super::{ExposeSecret, MAX_VALUE_LEN, SecretString, Vault, VaultError, crypto};

impl Vault {
    /// Entry names, in file order. Never values.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.lines.iter().filter_map(|l| match l {
            Line::Entry { name, .. } => Some(name.as_str()),
            _ => None,
        })
    }

    /// The value of `name`, or `None` if there is no such entry.
    pub fn get(&self, name: &str) -> Option<SecretString> {
        let sealed = self.sealed(name)?;
        let mut value = self
            .open_value(name, sealed)
            .expect("every value was checked by open");
        // Moving the exactly-sized String out leaves no copy behind.
        Some(SecretString::from(std::mem::take(&mut *value)))
    }

    /// Sets `name` (in place if present, else appended). Written by [`Vault::save`].
    ///
    /// Replaces the live value only, as `.env` tools do: the replaced value is not kept, and
    /// older versions kept by [`Vault::rotate`] stay as they are, so a rollback after a `set`
    /// returns to the value the last rotation replaced.
    pub fn set(&mut self, name: &str, value: &SecretString) -> Result<(), VaultError> {
        self.set_str(name, value.expose_secret())
    }

    pub(super) fn set_str(&mut self, name: &str, value: &str) -> Result<(), VaultError> {
        if !format::valid_name(name) {
            return Err(VaultError::InvalidName(crate::message::masked_arg(name)));
        }
        if value.len() > MAX_VALUE_LEN {
            let (name, max) = (name.to_owned(), MAX_VALUE_LEN);
            return Err(VaultError::ValueTooLarge { name, max });
        }
        let sealed = crypto::seal(
            &self.dek,
            value.as_bytes(),
            &format::entry_aad(&self.header.id, name),
        );
        let entry = Line::Entry {
            name: name.to_owned(),
            sealed,
        };
        match self
            .lines
            .iter()
            .position(|l| matches!(l, Line::Entry { name: n, .. } if n == name))
        {
            Some(i) => self.lines[i] = entry,
            None => self.lines.push(entry),
        }
        Ok(())
    }

    /// Removes `name` and every older version of it; `false` if it was absent. Written by
    /// [`Vault::save`].
    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.lines.len();
        self.lines.retain(|l| match l {
            Line::Entry { name: n, .. } | Line::History { name: n, .. } => n != name,
            Line::Blank | Line::Comment(_) => true,
        });
        self.lines.len() != before
    }

    pub(super) fn sealed(&self, name: &str) -> Option<&[u8]> {
        self.lines.iter().find_map(|l| match l {
            Line::Entry { name: n, sealed } if n == name => Some(sealed.as_slice()),
            _ => None,
        })
    }
}
