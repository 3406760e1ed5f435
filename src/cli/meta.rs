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

pub fn completions(args: &CompletionsArgs) -> CliResult {
    let mut cmd = Cli::command();
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
    let cmd = Cli::command();
    match &args.out_dir {
        None => emit(&String::from_utf8_lossy(&render(cmd)?)),
        Some(dir) => {
            let mut pages = vec![(dir.join("entente.1"), render(cmd.clone())?)];
            for sub in cmd.get_subcommands() {
                let name = format!("entente-{}", sub.get_name());
                let page = render(sub.clone().name(name.clone()))?;
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
