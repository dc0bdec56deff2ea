//! The `hush` command line: raw flags and help text (clap), dispatch, exit codes.
//!
//! This is the only place that imports clap. Each subcommand has its own module with a `run`
//! function returning an [`ExitCode`]; `config.rs` turns raw flags into library configs.

mod completions;
mod config;
mod config_show;
mod exit;
mod git;
mod hook;
mod output;
mod redact;
mod rules;
mod scan;
mod seal;
mod summary;
mod vault;
mod vault_agent;

use clap::{Args, Parser, Subcommand, ValueEnum};
use exit::ExitCode;
use std::path::PathBuf;

/// hush: find secrets and personal data before they leak.
#[derive(Debug, Parser)]
#[command(name = "hush", version, about, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Scan files and directories (default: .) for secrets; `-` reads stdin.
    Scan(ScanArgs),
    /// Copy stdin (or FILE) to stdout with every finding masked, line by line.
    Redact(RedactArgs),
    /// Scan a unified diff (FILE, or stdin): only added lines, at new-file line numbers.
    Diff(DiffArgs),
    /// Scan what git commits added: a RANGE (default HEAD), the index (--staged) or all history (--all).
    Git(GitArgs),
    /// Manage the git pre-commit hook.
    #[command(subcommand)]
    Hook(HookCommand),
    /// List the rules or run their examples.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Show the resolved settings and where each came from.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Keep .env values encrypted at rest: init, set, get, list, rm, import, export, run, check,
    /// rotate, rollback, passwd, agent, lock.
    Vault(vault::VaultArgs),
    /// Print a shell completion script to stdout (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Print the man page (roff) to stdout: `hush man | man -l -`.
    Man(ManArgs),
    /// Encrypt the sensitive values of a JSON, TOML or YAML file where they stand, or of a
    /// SQLite column: seal FILE, seal --check, seal get|edit|rotate|sqlite.
    Seal(seal::SealArgs),
    /// Open a sealed file (plaintext to stdout, or --in-place) or SQLite column again.
    Unseal(seal::UnsealArgs),
}

/// `hush completions SHELL`.
#[derive(Debug, Args)]
struct CompletionsArgs {
    /// The shell to complete for.
    ///
    /// bash: `hush completions bash > ~/.local/share/bash-completion/completions/hush`;
    /// zsh: into a directory on `$fpath` as `_hush`; fish: `~/.config/fish/completions/hush.fish`.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// `hush man [COMMAND]`.
#[derive(Debug, Args)]
struct ManArgs {
    /// A subcommand's own page (`hush man scan` prints hush-scan(1)); default: hush(1).
    #[arg(value_name = "COMMAND")]
    command: Option<String>,
}

#[derive(Debug, Subcommand)]
enum ConfigCommand {
    /// Print every setting, its value and its origin (default, config file or flag).
    Show(ConfigShowArgs),
}

/// `config show`: the settings a scan of DIR would use.
#[derive(Debug, Args)]
struct ConfigShowArgs {
    /// The directory whose configuration to show (default: .).
    #[arg(value_name = "DIR", default_value = ".")]
    dir: PathBuf,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Debug, Subcommand)]
enum RulesCommand {
    /// Print every rule: id, kind, description.
    List(RuleArgs),
    /// Run every rule's examples and negative examples; exit 1 on any failure.
    Test(RuleArgs),
    /// Measure the rules: recall and precision on tokens generated from their formats.
    Quality(QualityArgs),
    /// Measure `hush redact`: plant generated secrets and PII in many log shapes, redact,
    /// and report what came out whole or in part; exit 1 on any leak.
    Leaks(LeaksArgs),
}

/// `rules leaks`: which rules, which seed, how big a log.
#[derive(Debug, Args)]
struct LeaksArgs {
    #[command(flatten)]
    rules: RuleArgs,
    /// Seed for the generated log; the same seed gives the same log.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Tokens generated per format of each rule.
    #[arg(long, default_value_t = 1)]
    tokens: usize,
    /// Values planted per PII family.
    #[arg(long, default_value_t = 40)]
    pii_values: usize,
    /// Ordinary lines after each planted value.
    #[arg(long, default_value_t = 4)]
    ordinary: usize,
    /// Print the redacted lines of each leak (the values are the harness's synthetic ones).
    #[arg(long)]
    show_values: bool,
    /// List every label, not only those that leaked.
    #[arg(long)]
    all: bool,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// `rules quality`: which rules, which seed, how much.
#[derive(Debug, Args)]
struct QualityArgs {
    #[command(flatten)]
    rules: RuleArgs,
    /// Seed for the generated tokens; the same seed gives the same cases.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Tokens generated per format of each rule.
    #[arg(long, default_value_t = 2)]
    tokens: usize,
    /// List only the rules of this rule file (`cloud.toml` or `cloud`); totals stay whole.
    #[arg(long, value_name = "FILE")]
    file: Option<String>,
    /// List every rule, not only those short of perfect.
    #[arg(long)]
    all: bool,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// Which rules to load and run.
#[derive(Debug, Args)]
struct RuleArgs {
    /// Read settings from a TOML file (rules, pii, only, except, max_file_size, exclude, allow).
    ///
    /// Flags add to the file's lists and override its other settings; see the README.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Read no configuration file (neither --config nor a discovered hush.toml/.hush.toml).
    ///
    /// Without --config, hush reads `hush.toml` or `.hush.toml` from the directory it works
    /// on or one above it, up to the repository root.
    #[arg(long, conflicts_with = "config")]
    no_config: bool,
    /// Load extra rule files (*.toml) from DIR; a rule with a built-in id replaces it.
    #[arg(long = "rules", value_name = "DIR")]
    rules: Vec<PathBuf>,
    /// Include PII rules (email, card, SSN, IBAN, phone).
    ///
    /// Off by default for scans: source trees are full of author emails. `rules list` and
    /// `rules test` always include them.
    #[arg(long)]
    pii: bool,
    /// Run only these rule ids (repeatable, or comma-separated).
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    only: Vec<String>,
    /// Skip these rule ids (repeatable, or comma-separated).
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    except: Vec<String>,
}

/// How findings are reported.
#[derive(Debug, Args)]
struct ReportArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// Write the report to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Print secrets in full. Without it, reports show a short prefix/suffix at most.
    #[arg(long)]
    show_secrets: bool,
    /// Suppress findings whose fingerprint is in FILE (a previous `--format json|jsonl` report).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// When to colour human output.
    ///
    /// `auto` colours only when stdout is a terminal that wants it: NO_COLOR, CLICOLOR=0,
    /// CLICOLOR_FORCE and TERM=dumb are honoured.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    /// Exit with N instead of 1 when findings are reported (0: findings never fail).
    ///
    /// Errors still exit 2. Default: 1.
    #[arg(long, value_name = "N")]
    exit_code: Option<u8>,
    /// Honour no inline marker (`hush:allow`, `gitleaks:allow`, `pragma: allowlist secret`, ...).
    ///
    /// For CI that forbids suppressing findings in the code itself; the config allowlist and
    /// the baseline still apply.
    #[arg(long)]
    no_inline_allow: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    Human,
    Json,
    Jsonl,
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
struct ScanArgs {
    /// Files or directories to scan; `-` reads stdin.
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    rules: RuleArgs,
    #[command(flatten)]
    report: ReportArgs,
    #[command(flatten)]
    work: WorkArgs,
    /// Do not honour .gitignore, .ignore or .hushignore files.
    #[arg(long)]
    no_ignore: bool,
    /// Follow symbolic links (loops are detected and skipped with a warning).
    #[arg(long, short = 'L')]
    follow: bool,
}

#[derive(Debug, Args)]
struct RedactArgs {
    /// File to redact (default: stdin).
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
    /// How a masked value is written.
    ///
    /// `full`: [REDACTED:<rule>] (default). `partial`: a short prefix, then the mask.
    /// `hash`: [REDACTED:<rule>:<8 hex>], an HMAC-SHA256 of the value keyed by HUSH_REDACT_KEY
    /// (random per run when unset), so one value correlates across lines.
    #[arg(long, value_enum, default_value_t = MaskArg::Full)]
    mask: MaskArg,
    /// Do not mask PII (email, card, SSN, IBAN, phone); masked by default here.
    #[arg(long)]
    no_pii: bool,
    /// Flush output only when its buffer fills, not after every chunk read.
    ///
    /// Default: output is flushed whenever the input has been drained, so `tail -f | hush
    /// redact` shows each line as it arrives while a file still goes through in big chunks.
    #[arg(long)]
    buffered: bool,
    /// Threads a fast input's big runs of lines are split over (default: one per core); the
    /// output is the same bytes in the same order whatever the number.
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    threads: usize,
    /// Print how many spans were masked per rule, on stderr, at the end.
    #[arg(long)]
    stats: bool,
    /// Read rule settings from a TOML file (rules, only, except; see `hush scan --config`).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Read no configuration file (see `hush scan --no-config`).
    #[arg(long, conflicts_with = "config")]
    no_config: bool,
    /// Load extra rule files (*.toml) from DIR; a rule with a built-in id replaces it.
    #[arg(long = "rules", value_name = "DIR")]
    rules: Vec<PathBuf>,
    /// Run only these rule ids (repeatable, or comma-separated).
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    only: Vec<String>,
    /// Skip these rule ids (repeatable, or comma-separated).
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    except: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MaskArg {
    Full,
    Partial,
    Hash,
}

#[derive(Debug, Args)]
struct GitArgs {
    /// `A..B` (commits in B not in A), `A...B` (in either, not both), or one revision (its whole
    /// ancestry). Each commit is scanned for the lines it added against its first parent; a
    /// merge commit for the lines none of its parents had.
    #[arg(value_name = "RANGE", conflicts_with_all = ["staged", "all"])]
    range: Option<String>,
    /// Scan the index against HEAD (what `git commit` would record); the pre-commit hook runs this.
    #[arg(long, conflicts_with = "all")]
    staged: bool,
    /// Scan the whole history of every ref, each distinct blob once.
    #[arg(long)]
    all: bool,
    /// Server side (a pre-receive hook): read git's `<old> <new> <ref>` lines on stdin and
    /// scan the commits the push adds; exit 1 rejects the push.
    ///
    /// Sees the push's quarantined objects; a new branch is scanned only for commits no
    /// existing ref reaches; deletions and tags of known commits add nothing to scan.
    #[arg(long, conflicts_with_all = ["range", "staged", "all"])]
    pre_receive: bool,
    /// The repository (default: found upward from the current directory).
    #[arg(long, value_name = "DIR")]
    repo: Option<PathBuf>,
    #[command(flatten)]
    rules: RuleArgs,
    #[command(flatten)]
    report: ReportArgs,
    #[command(flatten)]
    work: WorkArgs,
}

/// How much work to do at once, and on what.
#[derive(Debug, Args)]
struct WorkArgs {
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    threads: usize,
    /// Skip files (or git blobs) larger than SIZE: bytes, or e.g. 10M, 10MB, 10MiB (binary
    /// multiples); default 64M.
    #[arg(long, value_name = "SIZE", value_parser = config::parse_size)]
    max_file_size: Option<u64>,
}

impl WorkArgs {
    /// `--threads`, with 0 meaning one per core.
    fn threads(&self) -> usize {
        match self.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        }
    }
}

#[derive(Debug, Subcommand)]
enum HookCommand {
    /// Write .git/hooks/pre-commit running `hush git --staged` (or, with --pre-receive DIR, a
    /// server's hooks/pre-receive running `hush git --pre-receive`).
    Install(HookArgs),
    /// What the pre-commit framework runs: the staged changes of FILES, or FILES whole when
    /// some have no staged change (`pre-commit run --all-files` or `--files`).
    Run(HookRunArgs),
}

/// `hook run`: the file names pre-commit passes, and the usual scan settings.
#[derive(Debug, Args)]
struct HookRunArgs {
    /// Files, as the pre-commit framework passes them.
    ///
    /// When every FILE has a staged change (a commit), only the lines the index adds to them
    /// are scanned, as `hush git --staged` does; when some FILE has none (`pre-commit run
    /// --all-files`, `--files`), the FILEs are scanned whole, so a secret committed earlier is
    /// found. No FILE: all staged changes.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// The repository (default: found upward from the current directory).
    #[arg(long, value_name = "DIR")]
    repo: Option<PathBuf>,
    #[command(flatten)]
    rules: RuleArgs,
    #[command(flatten)]
    report: ReportArgs,
    #[command(flatten)]
    work: WorkArgs,
}

#[derive(Debug, Args)]
struct HookArgs {
    /// Replace an existing pre-commit hook that hush did not install.
    #[arg(long)]
    force: bool,
    /// The repository (default: found upward from the current directory).
    #[arg(long, value_name = "DIR")]
    repo: Option<PathBuf>,
    /// Install a server-side pre-receive hook in the (bare) repository DIR instead, running
    /// `hush git --pre-receive`: pushes that add secrets are rejected.
    #[arg(long, value_name = "DIR", conflicts_with = "repo")]
    pre_receive: Option<PathBuf>,
    /// Also route `*.vault` files to hush's merge driver (`.gitattributes` and git config),
    /// so vaults changed on two branches merge entry by entry.
    #[arg(long)]
    vault: bool,
}

#[derive(Debug, Args)]
struct DiffArgs {
    /// The diff to read (`git diff`, `git show`, `git log -p`, `git format-patch`, `diff -u`);
    /// stdin when absent or `-`.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
    #[command(flatten)]
    rules: RuleArgs,
    #[command(flatten)]
    report: ReportArgs,
}

/// Parses arguments, runs the command and maps the result to an exit code.
pub(crate) fn main() -> std::process::ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::Error.into()
            } else {
                ExitCode::Clean.into()
            };
        }
    };
    let result = match &cli.command {
        Command::Scan(args) => scan::run(args),
        Command::Redact(args) => redact::run(args),
        Command::Diff(args) => scan::run_diff(args),
        Command::Git(args) => git::run(args),
        Command::Hook(HookCommand::Install(args)) => hook::install(args),
        Command::Hook(HookCommand::Run(args)) => hook::run::run(args),
        Command::Rules(RulesCommand::List(args)) => rules::list(args),
        Command::Rules(RulesCommand::Test(args)) => rules::test(args),
        Command::Rules(RulesCommand::Quality(args)) => rules::quality(args),
        Command::Config(ConfigCommand::Show(args)) => config_show::run(args),
        Command::Rules(RulesCommand::Leaks(args)) => rules::leaks(args),
        Command::Vault(args) => vault::run(args),
        Command::Completions(args) => completions::completions(args),
        Command::Man(args) => completions::man(args),
        Command::Seal(args) => seal::run_seal(args),
        Command::Unseal(args) => seal::run_unseal(args),
    };
    match result {
        Ok(code) => code.into(),
        Err(err) if is_broken_pipe(&err) => ExitCode::Clean.into(),
        Err(err) => {
            eprintln!("hush: error: {err:#}");
            ExitCode::Error.into()
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
