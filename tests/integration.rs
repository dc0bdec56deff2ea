//! The one integration test binary: runs the real `hush` binary on real temp trees.

mod util;

mod cli_git;
mod cli_rules;
mod cli_scan;
mod hardening;
mod quality;
mod redact;
mod rule_set;
mod vault;
mod vault_agent;
mod vault_check;
mod vault_rotate;
mod vault_run;
