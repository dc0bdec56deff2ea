//! `hush completions SHELL` and `hush man [COMMAND]`: generated from the clap definition, so
//! they cannot drift from the flags (clap_complete, clap_mangen).

use super::exit::ExitCode;
use super::{Cli, CompletionsArgs, ManArgs};
use anyhow::{Context, Result, bail};
use clap::CommandFactory;
use std::io::Write;

pub(super) fn completions(args: &CompletionsArgs) -> Result<ExitCode> {
    let mut cmd = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut cmd, "hush", &mut out);
    out.flush().context("writing the completion script")?;
    Ok(ExitCode::Clean)
}

pub(super) fn man(args: &ManArgs) -> Result<ExitCode> {
    let mut cmd = Cli::command();
    cmd.build();
    let page = match &args.command {
        None => clap_mangen::Man::new(cmd),
        Some(name) => {
            let Some(sub) = cmd.find_subcommand(name) else {
                let known: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).collect();
                bail!("no command {name:?}; one of: {}", known.join(", "));
            };
            // A page of its own is named as git's are: hush-scan(1).
            let title = format!("hush-{}", sub.get_name());
            clap_mangen::Man::new(sub.clone()).title(title)
        }
    };
    let mut out = std::io::stdout().lock();
    page.render(&mut out)
        .and_then(|()| out.flush())
        .context("writing the man page")?;
    Ok(ExitCode::Clean)
}
