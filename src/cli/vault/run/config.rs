//! `vault run --config FILE [--field PATH[=NAME]]…`: values of a sealed config (`hush seal`)
//! for the child's environment. Without `--field`, every sealed value goes in, named by its
//! path: upper-cased, `.`, `-` and `[` turned into `_`, `]` dropped
//! (`integrations.stripe.api_key` → `INTEGRATIONS_STRIPE_API_KEY`, `servers[0].token` →
//! `SERVERS_0_TOKEN`). `--field` picks values (sealed or not) and may rename them. A name that
//! is not a valid environment variable name, or that two values (or a value and a vault
//! entry) would share, is refused naming the paths, never a value: guessing which one wins
//! would hand the child the wrong secret without a word.

use crate::cli::seal::open_for_run;
use anyhow::{Context, Result, bail};
use clap::Args;
use hush::seal::KeyPath;
use hush::vault::{SecretString, Vault};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// `vault run` flags for a sealed config.
#[derive(Debug, Args)]
pub(in crate::cli) struct ConfigArgs {
    /// Also inject the sealed values of this sealed JSON, TOML or YAML file (`hush seal`).
    ///
    /// Default: every sealed value, named by its path upper-cased with `.`, `-`, `[` turned
    /// into `_` and `]` dropped (`integrations.stripe.api_key` → INTEGRATIONS_STRIPE_API_KEY).
    /// Its key: the vault's own if the file was sealed with `--vault`, else as for `seal get`
    /// (--config-keyfile, HUSH_VAULT_KEY, the default key file, HUSH_PASSPHRASE, a prompt).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Inject only the value at PATH (sealed or not), as NAME (default: named from PATH);
    /// repeatable.
    #[arg(long = "field", value_name = "PATH[=NAME]", requires = "config")]
    fields: Vec<String>,
    /// Key file of the --config file. Default: as for `seal get`.
    #[arg(long, value_name = "P", requires = "config")]
    config_keyfile: Option<PathBuf>,
    /// Inject only the --config values, without opening the vault.
    #[arg(long, requires = "config")]
    no_vault: bool,
}

impl ConfigArgs {
    /// True when the vault's own entries are wanted too.
    pub(super) fn with_vault(&self) -> bool {
        !self.no_vault
    }

    /// The `(name, value)` pairs for the child; `vault`, if open, may hold the file's key, and
    /// its entry names must not be taken by a config value.
    pub(super) fn values(&self, vault: Option<&Vault>) -> Result<Vec<(String, SecretString)>> {
        let Some(file) = &self.config else {
            return Ok(Vec::new());
        };
        let sealed = open_for_run(file, self.config_keyfile.clone(), vault)?;
        let picks = if self.fields.is_empty() {
            let all: Vec<(KeyPath, Option<String>)> =
                sealed.sealed_paths().map(|p| (p.clone(), None)).collect();
            if all.is_empty() {
                eprintln!("hush: warning: {} holds no sealed values", file.display());
            }
            all
        } else {
            self.fields
                .iter()
                .map(|f| parse_field(f))
                .collect::<Result<_>>()?
        };
        let mut taken: HashMap<String, String> = HashMap::new();
        let mut out = Vec::with_capacity(picks.len());
        for (path, name) in picks {
            let shown = path.to_string();
            let name = match name {
                Some(n) => n,
                None => env_name(&shown).with_context(|| {
                    format!(
                        "{}: {shown} makes no valid environment variable name; \
                         name it with --field '{shown}=NAME'",
                        file.display()
                    )
                })?,
            };
            if let Some(other) = taken.insert(name.clone(), shown.clone()) {
                bail!(
                    "{}: {other} and {shown} would both be {name}; rename one with \
                     --field PATH=NAME",
                    file.display()
                );
            }
            if vault.is_some_and(|v| v.get(&name).is_some()) {
                bail!(
                    "{}: {shown} would be {name}, which the vault already sets; rename it \
                     with --field '{shown}=NAME' (or give --no-vault)",
                    file.display()
                );
            }
            let value = sealed
                .get_path(&path)
                .with_context(|| no_value(file, &shown))?;
            out.push((name, value));
        }
        Ok(out)
    }
}

fn no_value(file: &Path, path: &str) -> String {
    format!("--field {path}: {} has no value there", file.display())
}

/// `PATH` or `PATH=NAME` (NAME holds no `=`, so the last one splits).
fn parse_field(text: &str) -> Result<(KeyPath, Option<String>)> {
    let (path, name) = match text.rsplit_once('=') {
        Some((p, n)) => (p, Some(n)),
        None => (text, None),
    };
    let Some(key_path) = KeyPath::parse(path) else {
        bail!("--field {text}: `{path}` is not a key path (e.g. db.password, servers[0].token)");
    };
    if let Some(n) = name.filter(|n| !valid_env_name(n)) {
        bail!(
            "--field {text}: `{n}` is not a valid environment variable name \
             (letters, digits and _, not starting with a digit)"
        );
    }
    Ok((key_path, name.map(str::to_owned)))
}

/// The default name of the value at `path` (its text form), or `None` if that gives no
/// valid name (a quoted key, a character outside letters, digits, `_`, `-`).
fn env_name(path: &str) -> Option<String> {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '.' | '-' | '[' => out.push('_'),
            ']' => {}
            c if c.is_ascii_alphanumeric() || c == '_' => out.push(c.to_ascii_uppercase()),
            _ => return None,
        }
    }
    valid_env_name(&out).then_some(out)
}

/// Letters, digits and `_`, not empty, not starting with a digit (what every shell accepts).
fn valid_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names_follow_the_path() {
        let cases = [
            (
                "integrations.stripe.api_key",
                Some("INTEGRATIONS_STRIPE_API_KEY"),
            ),
            ("servers[0].token", Some("SERVERS_0_TOKEN")),
            ("my-app.db_pass", Some("MY_APP_DB_PASS")),
            ("\"a.b\".c", None),
            ("\"a b\"", None),
            ("[0]", Some("_0")),
            ("café", None),
        ];
        for (path, want) in cases {
            assert_eq!(env_name(path).as_deref(), want, "{path}");
        }
    }

    #[test]
    fn fields_split_at_the_last_equals_and_check_the_name() {
        let (p, n) = parse_field("db.password=DB_PASS").expect("parses");
        assert_eq!(
            (p.to_string(), n.as_deref()),
            ("db.password".into(), Some("DB_PASS"))
        );
        let (p, n) = parse_field("\"a=b\".c=X").expect("parses");
        assert_eq!((p.to_string(), n.as_deref()), ("a=b.c".into(), Some("X")));
        assert!(parse_field("db.password").expect("parses").1.is_none());
        for bad in [
            "db.password=1X",
            "db.password=A-B",
            "db.password=",
            "a..b=X",
        ] {
            assert!(parse_field(bad).is_err(), "{bad}");
        }
    }
}
