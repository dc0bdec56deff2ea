//! Who the data key is wrapped for: listing, adding and removing age recipients of a
//! [`Vault`]. Only the owner (the vault's key file or passphrase) changes the set, because the
//! owner's wrapped key (line 4) authenticates every recipient line; removing one re-keys the
//! vault, so a member who left cannot read the next version.

use crate::message::masked_arg;
use crate::vault::format::{self, RecipientLine};
use crate::vault::{Vault, VaultError};

/// A member of a vault, as `hush vault recipients list` shows it. Public data only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    /// The name given at `add` (default: the start of the public key).
    pub name: String,
    /// The age X25519 public key, `age1…`.
    pub public_key: String,
}

impl From<&RecipientLine> for Recipient {
    fn from(r: &RecipientLine) -> Self {
        Self {
            name: r.name.clone(),
            public_key: r.public.clone(),
        }
    }
}

impl Vault {
    /// The recipients, in file order.
    pub fn recipients(&self) -> Vec<Recipient> {
        self.recipients.iter().map(Recipient::from).collect()
    }

    /// Wraps the data key for the age public key `public` (`age1…`) under `name` (default:
    /// the key's first 12 characters). The vault becomes v3. Needs the owner's key.
    pub fn add_recipient(
        &mut self,
        public: &str,
        name: Option<&str>,
    ) -> Result<Recipient, VaultError> {
        self.owner_only()?;
        let key = super::parse_public(public)?;
        let public = key.to_string();
        let name = name.unwrap_or(&public[..12]);
        if !format::valid_recipient_name(name) {
            return Err(VaultError::InvalidRecipientName(masked_arg(name)));
        }
        if let Some(r) = (self.recipients.iter()).find(|r| r.name == name || r.public == public) {
            return Err(VaultError::RecipientExists(r.name.clone()));
        }
        self.recipients.push(super::line(name, &key, &self.dek));
        self.header.version = format::V3;
        self.rewrap()?;
        Ok(Recipient {
            name: name.to_owned(),
            public_key: public,
        })
    }

    /// Removes the recipient named `name_or_key` (a name or a public key) and re-keys: a new
    /// data key, every value and older version re-sealed, the owner's key and every remaining
    /// recipient re-wrapped. Without recipients left the vault goes back to v1 or v2 on save.
    pub fn remove_recipient(&mut self, name_or_key: &str) -> Result<Recipient, VaultError> {
        self.owner_only()?;
        let Some(i) =
            (self.recipients.iter()).position(|r| r.name == name_or_key || r.public == name_or_key)
        else {
            // Names and public keys are not secret; anything else (a pasted token?) is masked.
            let shown =
                if format::looks_public(name_or_key) || format::valid_recipient_name(name_or_key) {
                    name_or_key.to_owned()
                } else {
                    masked_arg(name_or_key)
                };
            return Err(VaultError::NoSuchRecipient(shown));
        };
        let removed = Recipient::from(&self.recipients.remove(i));
        self.rotate_key()?;
        Ok(removed)
    }

    /// Re-wraps the data key for every recipient (after [`Vault::rotate_key`] drew a new one).
    pub(crate) fn rewrap_recipients(&mut self) -> Result<(), VaultError> {
        let mut lines = Vec::with_capacity(self.recipients.len());
        for r in &self.recipients {
            let key = super::parse_public(&r.public)?;
            lines.push(super::line(&r.name, &key, &self.dek));
        }
        self.recipients = lines;
        Ok(())
    }

    /// `Err` unless this vault was opened with the owner's key (not an age identity).
    pub(crate) fn owner_only(&self) -> Result<(), VaultError> {
        match self.kek {
            Some(_) => Ok(()),
            None => Err(VaultError::NeedsOwnerKey),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::vault::{KeySource, SecretKey, SecretString, Vault, VaultError};
    use secrecy::ExposeSecret as _;
    use std::os::unix::fs::PermissionsExt as _;

    fn identity_file(dir: &std::path::Path, name: &str) -> (std::path::PathBuf, String) {
        let id = age::x25519::Identity::generate();
        let path = dir.join(name);
        std::fs::write(&path, format!("{}\n", id.to_string().expose_secret())).expect("writes");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        (path, id.to_public().to_string())
    }

    #[test]
    fn add_open_as_member_remove_rekeys() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("v");
        let owner = KeySource::Key(SecretKey::generate());
        let (alice_file, alice) = identity_file(dir.path(), "a.txt");
        let mut v = Vault::create(&path, &owner).expect("creates");
        v.set("TOKEN", &SecretString::from("s3cr3t")).expect("sets");
        let r = v.add_recipient(&alice, Some("alice")).expect("adds");
        assert_eq!(
            (r.name.as_str(), r.public_key.as_str()),
            ("alice", alice.as_str())
        );
        assert!(matches!(
            v.add_recipient(&alice, Some("again")),
            Err(VaultError::RecipientExists(_))
        ));
        v.save().expect("saves");
        drop(v);
        let text = std::fs::read_to_string(&path).expect("reads");
        assert!(text.starts_with("#hush:vault v3\n"));
        let alice_src = KeySource::Identity(alice_file);
        let mut m = Vault::open_locked(&path, &alice_src).expect("alice opens");
        assert_eq!(m.get("TOKEN").expect("present").expose_secret(), "s3cr3t");
        assert!(matches!(
            m.remove_recipient("alice"),
            Err(VaultError::NeedsOwnerKey)
        ));
        m.set("OTHER", &SecretString::from("x"))
            .expect("a member may set values");
        m.save().expect("and save them");
        drop(m);
        let mut v = Vault::open_locked(&path, &owner).expect("owner opens the member's write");
        v.remove_recipient("alice").expect("removes");
        v.save().expect("saves");
        drop(v);
        assert!(
            std::fs::read_to_string(&path)
                .expect("reads")
                .starts_with("#hush:vault v1\n")
        );
        assert!(Vault::open(&path, &alice_src).is_err());
        assert!(Vault::open(&path, &owner).is_ok());
    }
}
