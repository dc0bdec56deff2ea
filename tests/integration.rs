//! The one integration test binary: runs the real `hush` binary on real temp trees.

mod util;

mod cli_completions;
mod cli_config;
mod cli_filter;
mod cli_git;
mod cli_hook_run;
mod cli_pre_receive;
mod cli_rules;
mod cli_scan;
mod credfiles;
mod hardening;
mod leaks;
mod pii;
mod prefixless;
mod quality;
mod recipes;
mod redact;
mod rule_set;
mod seal;
mod seal_sqlite;
mod vault;
mod vault_agent;
mod vault_check;
mod vault_edit;
mod vault_import;
mod vault_merge;
mod vault_prompt;
mod vault_recipients;
mod vault_regression;
mod vault_rotate;
mod vault_run;
mod vault_run_config;
