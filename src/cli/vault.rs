//! `hush vault init|set|get|list|rm|import|export|run|check|…`: flags, prompts, and
//! stdout/stderr. `rotate|rollback|passwd` live in `vault/rotate.rs`, `agent|lock` in
//! `vault_agent.rs`.
//!
//! Values never come from argv (other users can read it): `set` reads stdin or prompts without
//! echo. Plaintext reaches stdout only from `get` and `export`, and a child's environment only
//! from `run`.

use super::exit::ExitCode;
use super::vault_agent;
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use hush::detect::Detector;
use hush::patterns::PatternSet;
use hush::vault::validator::{Checker, Schema};
use hush::vault::{
    ExposeSecret, KeySource, MAX_VALUE_LEN, SecretCache, SecretKey, SecretString, Vault, VaultError,
};
pub(super) use prompt::new_passphrase;
pub(super) use prompt::prompt_secret;
use std::ffi::OsString;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

mod edit;
mod import;
mod merge;
mod prompt;
mod recipients;
pub(super) use merge::install_driver;
mod rotate;
mod run;

/// `hush vault` flags shared by every verb.
#[derive(Debug, Args)]
pub(super) struct VaultArgs {
    /// The vault file.
    #[arg(long, global = true, value_name = "F", default_value = ".env.vault")]
    file: PathBuf,
    /// Key file to use (or, with `init`, to create with mode 0600).
    ///
    /// Default: `$XDG_CONFIG_HOME/hush/keys/<vault id>.key` (else `~/.config/...`). Keys are
    /// looked for in this order: HUSH_VAULT_KEY, this key file, then for a passphrase vault
    /// the agent (HUSH_AGENT_SOCK), HUSH_PASSPHRASE, a prompt.
    #[arg(long, global = true, value_name = "P")]
    keyfile: Option<PathBuf>,
    /// Accept a vault header asking for Argon2id work above what hush writes (m=65536 t=3 p=1).
    ///
    /// Default: refused before deriving anything, because a hostile vault file (from a pull
    /// request) could ask for up to 4 GiB and 64 passes. Give it only for files you trust.
    #[arg(long, global = true)]
    allow_costly_kdf: bool,
    /// Read the passphrase from the first line of this file (for scripts).
    ///
    /// Default: none. Asked after HUSH_PASSPHRASE and before the terminal prompt; with
    /// `init --passphrase`, it is the new vault's passphrase.
    #[arg(long, global = true, value_name = "F", env = "HUSH_PASSPHRASE_FILE")]
    passphrase_file: Option<PathBuf>,
    /// Open the vault with this age identity file (AGE-SECRET-KEY-1… lines), as a recipient.
    ///
    /// Default: HUSH_IDENTITY; else, when no key file or HUSH_VAULT_KEY opens the vault and it
    /// has recipients, `$XDG_CONFIG_HOME/hush/identity.txt` (else `~/.config/...`) before the
    /// passphrase prompt. A file group or others may read is refused.
    #[arg(long, global = true, value_name = "F", env = "HUSH_IDENTITY")]
    identity: Option<PathBuf>,
    #[command(subcommand)]
    verb: Verb,
}

#[derive(Debug, Subcommand)]
enum Verb {
    /// Create a vault, keyed by a new key file (or --keyfile P, HUSH_VAULT_KEY, or --passphrase).
    ///
    /// Without --passphrase: --keyfile P uses the key in P, creating P (mode 0600) if absent;
    /// else HUSH_VAULT_KEY, if set, is used and no key file is written; else a new key file is
    /// written to the default location, named by the new vault's id.
    Init {
        /// Protect the vault with a passphrase (Argon2id, 64 MiB, t=3) instead of a key file.
        ///
        /// Read from HUSH_PASSPHRASE, else --passphrase-file, else prompted for twice without echo
        /// on the terminal (three attempts). A passphrase too easy to guess is refused.
        #[arg(long, conflicts_with = "keyfile")]
        passphrase: bool,
    },
    /// Seal a value for NAME, read from stdin or typed at a no-echo prompt.
    Set {
        /// The entry name: letters, digits and `_`, not starting with a digit.
        name: String,
        /// Refused: a value on the command line is visible to other users.
        #[arg(hide = true, num_args = 0.., allow_hyphen_values = true)]
        value: Vec<String>,
    },
    /// Print the value of NAME to stdout; exit 1 if there is no such entry.
    Get {
        /// The entry name.
        name: String,
    },
    /// Print the entry names, one per line (never values).
    List,
    /// Remove NAME; exit 1 if there is no such entry.
    Rm {
        /// The entry name.
        name: String,
    },
    /// Seal every entry of a plaintext .env file, keeping order and comments.
    Import {
        /// The plaintext dotenv file.
        #[arg(value_name = "FILE")]
        source: PathBuf,
        /// Delete FILE once the vault is safely written.
        #[arg(long)]
        remove_plaintext: bool,
        /// Replace values the vault already holds with different ones from FILE.
        ///
        /// Default: such names are listed (names only) and nothing is imported (exit 2).
        #[arg(long)]
        overwrite: bool,
        /// When there is no vault yet: create it protected by a passphrase, as `init
        /// --passphrase` does (default: as `init` does, a new key file).
        #[arg(long, conflicts_with = "keyfile")]
        passphrase: bool,
    },
    /// Write every entry to stdout as plaintext dotenv.
    Export,
    /// Run CMD with every entry (and --config values) in its environment; exit with its status.
    ///
    /// CMD is run directly (no shell), with stdin, stdout and stderr inherited; SIGINT and
    /// SIGTERM sent to hush are forwarded to it (Ctrl-C at a terminal reaches it directly). HUSH_VAULT_KEY and HUSH_PASSPHRASE are not
    /// passed on. hush exits with CMD's exit code, or 128+N if a
    /// signal N killed it (127: CMD not found, 126: not executable).
    Run {
        /// Replace variables already set in the environment (default: keep them).
        #[arg(long = "override")]
        replace: bool,
        /// The command and its arguments; put `--` before them.
        #[arg(
            value_name = "CMD",
            required = true,
            num_args = 1..,
            trailing_var_arg = true,
            allow_hyphen_values = true
        )]
        command: Vec<OsString>,
        #[command(flatten)]
        config: run::ConfigArgs,
    },
    /// Check every value against built-in rules and an optional schema; exit 1 on a violation.
    ///
    /// Prints one line per name: what the built-in rules say it is, then `ok` or the reasons
    /// it is refused. Values are never printed. Built-in rules refuse known defaults and
    /// placeholders; `--env production` adds the production rules (see the README).
    Check {
        /// TOML schema of per-name rules (default: built-in rules only).
        #[arg(long, value_name = "FILE")]
        schema: Option<PathBuf>,
        /// The environment being checked; `production` (or `prod`) adds the production rules.
        ///
        /// Default: none, so only schema entries without `environments` apply.
        #[arg(long, value_name = "NAME")]
        env: Option<String>,
    },
    /// Replace NAME's value with a fresh random one, keeping the old one sealed for `rollback`.
    ///
    /// The new value is never printed; read it with `vault get NAME`. With --key instead of
    /// NAME: make a new data key and re-seal every value under it.
    Rotate(rotate::RotateArgs),
    /// Make the newest older version of NAME live again (the current value is dropped).
    Rollback {
        /// The entry name.
        name: String,
    },
    /// Re-wrap the data key under a new passphrase, or a new key file; values stay as sealed.
    Passwd(rotate::PasswdArgs),
    /// Keep passphrase-derived keys in memory for a while, as ssh-agent does (foreground).
    ///
    /// Prints `HUSH_AGENT_SOCK=...; export HUSH_AGENT_SOCK;` for a shell to evaluate; commands
    /// run with HUSH_AGENT_SOCK set ask it before HUSH_PASSPHRASE or a prompt, and hand it the
    /// keys they derive. Serves only its own user. Stops on SIGTERM, SIGINT or SIGHUP.
    Agent(vault_agent::AgentArgs),
    /// Tell the agent at HUSH_AGENT_SOCK to forget every key now.
    Lock,
    /// Merge two vaults entry by entry against their ancestor (a git merge driver).
    ///
    /// Set up by `hush vault init` in a git repository, or `hush hook install --vault`:
    /// `.gitattributes` gets `*.vault merge=hush-vault`, the repository's config the driver
    /// `hush vault merge %O %A %B`. Writes the result to OURS; exit 1 on a conflict (both sides
    /// changed a name differently), naming the names; ours is kept for them.
    Merge(merge::MergeArgs),
    /// Add, remove or list the age recipients: members who open the vault with their own
    /// identity (removing one re-keys the vault).
    #[command(subcommand)]
    Recipients(recipients::RecipientsVerb),
    /// Edit the live entries as plaintext dotenv in $VISUAL or $EDITOR (default: vi).
    ///
    /// The vault stays locked meanwhile; the copy is a 0600 file in a private directory,
    /// removed when the edit ends. Only changed values are re-sealed. A failed or killed
    /// editor, an invalid edit or a signal leaves the vault unchanged.
    Edit,
}

pub(super) fn run(args: &VaultArgs) -> Result<ExitCode> {
    let file = args.file.as_path();
    hush::vault::allow_costly_kdf(args.allow_costly_kdf);
    match &args.verb {
        Verb::Init { passphrase } => init(args, *passphrase),
        Verb::Set { name, value } => {
            if !value.is_empty() || name.contains('=') {
                bail!(
                    "refusing a value on the command line (other users can read it); \
                     pipe it on stdin or type it at the prompt: hush vault set NAME"
                );
            }
            // The key first, so a mistyped passphrase does not lose a typed value.
            let mut vault = open(args, true)?;
            let value = read_value(name)?;
            vault.set(name, &value)?;
            vault.save()?;
            Ok(ExitCode::Clean)
        }
        Verb::Get { name } => {
            let vault = open(args, false)?;
            let Some(value) = vault.get(name) else {
                return absent(name, file);
            };
            let mut out = std::io::stdout().lock();
            out.write_all(value.expose_secret().as_bytes())?;
            if out.is_terminal() {
                out.write_all(b"\n")?;
            }
            out.flush()?;
            Ok(ExitCode::Clean)
        }
        Verb::List => {
            let vault = open(args, false)?;
            let mut out = std::io::stdout().lock();
            for name in vault.names() {
                writeln!(out, "{name}")?;
            }
            Ok(ExitCode::Clean)
        }
        Verb::Rm { name } => {
            let mut vault = open(args, true)?;
            if !vault.remove(name) {
                return absent(name, file);
            }
            vault.save()?;
            Ok(ExitCode::Clean)
        }
        Verb::Import {
            source,
            remove_plaintext,
            overwrite,
            passphrase,
        } => import::import(args, source, *remove_plaintext, *overwrite, *passphrase),
        Verb::Run {
            replace,
            command,
            config,
        } => run::run_child(args, *replace, config, command),
        Verb::Check { schema, env } => check(args, schema.as_deref(), env.as_deref()),
        Verb::Rotate(r) => rotate::rotate(args, r),
        Verb::Rollback { name } => rotate::rollback(args, name),
        Verb::Passwd(p) => rotate::passwd(args, p),
        Verb::Agent(agent) => vault_agent::agent(agent),
        Verb::Lock => vault_agent::lock(),
        Verb::Merge(m) => merge::merge(args, m),
        Verb::Edit => edit::edit(args),
        Verb::Recipients(r) => recipients::recipients(args, r),
        Verb::Export => {
            let text = open(args, false)?.export_dotenv();
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
            Ok(ExitCode::Clean)
        }
    }
}

/// `vault check`: reads the schema before the vault, so a bad schema fails without a key.
fn check(args: &VaultArgs, schema: Option<&Path>, env: Option<&str>) -> Result<ExitCode> {
    let shown = schema.map_or_else(String::new, |p| p.display().to_string());
    let schema = match schema {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("reading schema {shown}"))?;
            Schema::from_toml(&text).with_context(|| format!("schema {shown}"))?
        }
        None => Schema::default(),
    };
    let detector = Detector::new(PatternSet::builtin().context("loading built-in rules")?)
        .context("building the detector")?;
    let checker = Checker::new(schema, env, detector).with_context(|| format!("schema {shown}"))?;
    let vault = open(args, false)?;
    if let Some(params) = vault.costly_kdf() {
        eprintln!(
            "hush: warning: {} asks for Argon2id {params}, above what hush writes \
             (m=65536 t=3 p=1): every open costs more than it should; \
             `hush vault passwd` re-wraps it with the defaults",
            args.file.display()
        );
    }
    let values: Vec<(&str, SecretString)> = vault
        .names()
        .map(|n| (n, vault.get(n).expect("names() lists entries that exist")))
        .collect();
    let outcomes = checker.check(values.iter().map(|(n, v)| (*n, v.expose_secret())));
    let mut out = std::io::stdout().lock();
    let mut violated = false;
    for o in &outcomes {
        violated |= !o.violations.is_empty();
        let what = o.detected.join(", ");
        let verdict = if o.violations.is_empty() {
            "ok".to_owned()
        } else {
            let reasons: Vec<&str> = o.violations.iter().map(|v| v.reason.as_str()).collect();
            reasons.join("; ")
        };
        let sep = if what.is_empty() { "" } else { " — " };
        writeln!(out, "{}: {what}{sep}{verdict}", o.name)?;
    }
    out.flush()?;
    Ok(ExitCode::from_found(violated))
}

fn absent(name: &str, file: &Path) -> Result<ExitCode> {
    let name = hush::message::shown_name(name);
    eprintln!("hush: {name} is not in {}", file.display());
    Ok(ExitCode::Findings)
}

fn init(args: &VaultArgs, passphrase: bool) -> Result<ExitCode> {
    create(args, passphrase)?;
    Ok(ExitCode::Clean)
}

/// Creates the vault as `init` does (key options, messages, merge driver); locked.
fn create(args: &VaultArgs, passphrase: bool) -> Result<Vault> {
    let file = args.file.as_path();
    let env_key = std::env::var("HUSH_VAULT_KEY")
        .ok()
        .filter(|k| !k.is_empty());
    // An explicit --keyfile wins here: the user asked for a key file.
    let source = if passphrase {
        KeySource::Passphrase(new_passphrase(
            "HUSH_PASSPHRASE",
            args.passphrase_file.as_deref(),
        )?)
    } else if let Some(p) = &args.keyfile {
        KeySource::KeyFile(p.clone())
    } else if let Some(text) = env_key.map(Zeroizing::new) {
        KeySource::Key(SecretKey::from_base64(&text).ok_or(VaultError::EnvKeyInvalid)?)
    } else {
        KeySource::Environment { keyfile: None }
    };
    let vault = Vault::create(file, &source)?;
    let how = match &source {
        KeySource::Passphrase(_) => "protected by your passphrase".to_owned(),
        KeySource::Key(_) => "key from HUSH_VAULT_KEY".to_owned(),
        _ => {
            let key = args.keyfile.clone().or_else(|| vault.default_key_path());
            let key = key.map_or_else(String::new, |p| p.display().to_string());
            format!("key file {key} (keep it secret and backed up; never commit it)")
        }
    };
    eprintln!("hush: created {}, {how}", file.display());
    if install_driver(file)? {
        eprintln!("hush: vault files in this repository now merge entry by entry (.gitattributes)");
    }
    Ok(vault)
}

/// Opens the vault with the documented key order (the agent first for a passphrase vault),
/// prompting for a passphrase on a terminal.
fn open(args: &VaultArgs, locked: bool) -> Result<Vault> {
    open_at(args, &args.file, locked, None)
}

/// [`open`] of the vault at `file`; without an agent, derived keys go to `cache` if given.
fn open_at(
    args: &VaultArgs,
    file: &Path,
    locked: bool,
    mut cache: Option<&mut SecretCache>,
) -> Result<Vault> {
    let mut agent = vault_agent::client();
    let mut open = |source: &KeySource| -> Result<Result<Vault, VaultError>> {
        let opened = match (agent.as_mut(), cache.as_deref_mut()) {
            (None, Some(c)) if locked => Vault::open_locked_with_cache(file, source, c),
            (None, Some(c)) => Vault::open_with_cache(file, source, c),
            (a, _) => vault_agent::open(file, source, locked, a),
        };
        vault_agent::check(agent.as_mut())?;
        Ok(opened)
    };
    if let Some(identity) = &args.identity {
        // Asked for explicitly (--identity, HUSH_IDENTITY): it alone is the answer for a vault
        // with recipients; any other vault goes on to the usual sources.
        match open(&KeySource::Identity(identity.clone()))? {
            Err(VaultError::KeyMismatch(_)) => {}
            result => return Ok(result?),
        }
    }
    let source = KeySource::Environment {
        keyfile: args.keyfile.clone(),
    };
    let mut first = open(&source)?;
    if let Err(VaultError::NoKey { .. }) = &first
        && let Some(default) = hush::vault::default_identity_path().filter(|p| p.exists())
    {
        // No key file or key: a member's default identity comes before the prompt.
        match open(&KeySource::Identity(default))? {
            Ok(vault) => return Ok(vault),
            Err(VaultError::KeyMismatch(_)) => {} // no recipients: keep the first answer
            Err(e)
                if !matches!(
                    first,
                    Err(VaultError::NoKey {
                        passphrase: true,
                        ..
                    })
                ) =>
            {
                first = Err(e);
            }
            Err(_) => {}
        }
    }
    match first {
        Err(VaultError::NoKey {
            passphrase: true, ..
        }) if args.passphrase_file.is_some() || prompt::terminal() => {
            let passphrase = match &args.passphrase_file {
                Some(path) => prompt::read_file(path)?,
                None => prompt_secret(&format!("passphrase for {}: ", file.display()))?,
            };
            Ok(open(&KeySource::Passphrase(passphrase))??)
        }
        result => Ok(result?),
    }
}

/// The value for `set`: a no-echo prompt on a terminal, else all of stdin, byte for byte.
fn read_value(name: &str) -> Result<SecretString> {
    if std::io::stdin().is_terminal() {
        return prompt_secret(&format!("value for {name}: "));
    }
    // Allocated once at full size so reading never reallocates and leaves a copy behind.
    let mut buf = Zeroizing::new(Vec::with_capacity(MAX_VALUE_LEN + 1));
    std::io::stdin()
        .lock()
        .take(MAX_VALUE_LEN as u64 + 1)
        .read_to_end(&mut buf)
        .context("reading the value from stdin")?;
    if buf.len() > MAX_VALUE_LEN {
        bail!("the value on stdin is longer than {MAX_VALUE_LEN} bytes");
    }
    let text = std::str::from_utf8(&buf).map_err(|_| anyhow::anyhow!("the value is not UTF-8"))?;
    let mut exact = String::with_capacity(text.len());
    exact.push_str(text);
    Ok(SecretString::from(exact))
}
