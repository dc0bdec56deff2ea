//! Importing a plaintext `.env` into a vault that already holds values, without silently
//! replacing a live one.
//!
//! `vault import .env` once replaced a live key with the `.env`'s test key without a word.
//! [`Vault::changed_by_dotenv`] lists the names whose value an import would change (names only),
//! so the caller can refuse unless told to overwrite; a name whose value is the same, or that
//! the vault does not hold, is not a change. The text is parsed exactly as
//! [`Vault::import_dotenv`] parses it (same loader, same expansion), the last of a repeated name
//! counting, as it does there.

use super::{Vault, VaultError, loader};
use std::collections::HashMap;
use zeroize::Zeroizing;

impl Vault {
    /// Checks that `text` is a dotenv file [`Vault::import_dotenv`] accepts, before a vault
    /// exists to import it into (so a bad file creates nothing).
    pub fn check_dotenv(text: &[u8]) -> Result<(), VaultError> {
        let env = |name: &str| std::env::var(name).ok().map(Zeroizing::new);
        loader::parse(text, &env)
            .map(drop)
            .map_err(VaultError::Dotenv)
    }

    /// The names, in file order, whose live value [`Vault::import_dotenv`] of `text` would
    /// replace with a different one. Changes nothing.
    pub fn changed_by_dotenv(&self, text: &[u8]) -> Result<Vec<String>, VaultError> {
        let env = |name: &str| std::env::var(name).ok().map(Zeroizing::new);
        let loaded = loader::parse(text, &env).map_err(VaultError::Dotenv)?;
        let mut last: HashMap<&str, &str> = HashMap::new();
        let mut order = Vec::new();
        for item in &loaded.items {
            if let loader::Item::Entry { name, value } = item
                && last.insert(name, value).is_none()
            {
                order.push(name.as_str());
            }
        }
        let changed = order.into_iter().filter(|name| {
            let current = self.sealed(name).map(|s| self.open_value(name, s));
            match current {
                Some(Ok(current)) => current.as_str() != last[name],
                _ => false,
            }
        });
        Ok(changed.map(str::to_owned).collect())
    }
}

#[cfg(test)]
mod tests {
    use crate::vault::{KeySource, SecretKey, SecretString, Vault};

    #[test]
    fn only_names_whose_value_differs_are_changes() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut v = Vault::create(
            &dir.path().join("v"),
            &KeySource::Key(SecretKey::generate()),
        )
        .expect("creates");
        v.set("LIVE", &SecretString::from("live-key"))
            .expect("sets");
        v.set("SAME", &SecretString::from("same")).expect("sets");
        let text = b"NEW=1\nSAME=same\nLIVE=test-key\nLIVE=other\n# c\n";
        assert_eq!(v.changed_by_dotenv(text).expect("parses"), ["LIVE"]);
        assert!(
            v.changed_by_dotenv(b"SAME=same\nLIVE=live-key\n")
                .expect("parses")
                .is_empty()
        );
        let broken = b"A=1\nB=\"unterminated\n";
        assert!(v.changed_by_dotenv(broken).is_err());
        assert!(Vault::check_dotenv(broken).is_err());
        assert!(Vault::check_dotenv(b"A=1\n").is_ok());
    }
}
