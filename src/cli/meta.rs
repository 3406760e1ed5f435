//! `entente completions` and `entente man`.

use super::Cli;
use super::common::{CliResult, check_output, emit, write_output};
use clap::{Args, CommandFactory};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell.
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write entente.1 and one entente-COMMAND.1 per command here, instead of printing.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Overwrite pages that exist.
    #[arg(long)]
    pub force: bool,
}

/// The command as users see it: hidden subcommands (`bench-run`, for the benchmarks) left
/// out, so completions and man pages do not offer them. clap cannot remove a subcommand, so
/// the top level is rebuilt with the same arguments and the visible subcommands.
fn public_command() -> clap::Command {
    let cmd = Cli::command();
    let mut out = clap::Command::new(cmd.get_name().to_string())
        .bin_name("entente")
        .version(env!("CARGO_PKG_VERSION"))
        .about(cmd.get_about().cloned().unwrap_or_default())
        .after_help(cmd.get_after_help().cloned().unwrap_or_default())
        .subcommand_required(true)
        .propagate_version(true)
        .max_term_width(100);
    for a in cmd.get_arguments() {
        out = out.arg(a.clone());
    }
    out.subcommands(cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned())
}

pub fn completions(args: &CompletionsArgs) -> CliResult {
    let mut cmd = public_command();
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "entente", &mut buf);
    emit(&String::from_utf8_lossy(&buf))
}

fn render(cmd: clap::Command) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut buf)?;
    Ok(buf)
}

pub fn man(args: &ManArgs) -> CliResult {
    let cmd = public_command();
    match &args.out_dir {
        None => emit(&String::from_utf8_lossy(&render(cmd)?)),
        Some(dir) => {
            let mut pages = vec![(dir.join("entente.1"), render(cmd.clone())?)];
            for sub in cmd.get_subcommands() {
                let name = format!("entente-{}", sub.get_name());
                // Each page's footer names the version, as the top page's does.
                let page = render(
                    sub.clone()
                        .name(name.clone())
                        .version(env!("CARGO_PKG_VERSION")),
                )?;
                pages.push((dir.join(format!("{name}.1")), page));
            }
            // Refuse before writing any page.
            for (path, _) in &pages {
                check_output(path, &[], args.force)?;
            }
            std::fs::create_dir_all(dir)?;
            for (path, page) in &pages {
                write_output(path, page, &[], args.force)?;
            }
            Ok(())
        }
    }
}
