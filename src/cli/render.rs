//! `entente render [FILE] -o out.svg|out.png [--engine system|embedded]`.

use super::common::{CliError, CliResult, ColorChoice, GraphArgs, input_paths, note, write_output};
use super::dot::DiagramArgs;
use super::progress::Progress;
use clap::{Args, ValueEnum};
use entente::diagram;
use entente::format::render::{self, Engine, ImageFormat};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum EngineArg {
    /// The Graphviz `dot` program on PATH.
    System,
    /// Built in: needs nothing installed; SVG only (see docs/diagrams.md).
    Embedded,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    #[command(flatten)]
    pub graph: GraphArgs,
    #[command(flatten)]
    pub diagram: DiagramArgs,

    /// The picture to write: .svg or .png (by extension).
    #[arg(short = 'o', long = "output", value_name = "PATH", required = true)]
    pub output: PathBuf,

    /// Overwrite PATH when it exists (an input file is never overwritten).
    #[arg(long)]
    pub force: bool,

    /// Who draws: default is the system `dot` when it is on PATH, else the embedded engine.
    #[arg(long, value_enum, value_name = "ENGINE")]
    pub engine: Option<EngineArg>,
}

pub fn run(args: &RenderArgs, color: ColorChoice) -> CliResult {
    let format = ImageFormat::from_path(&args.output).ok_or_else(|| {
        CliError::BadInput(format!(
            "{}: cannot tell the image format; name the file .svg or .png",
            args.output.display()
        ))
    })?;
    super::common::check_output(&args.output, &input_paths(&args.graph.files()), args.force)?;
    let loaded = args.graph.load(color)?;
    let inputs = input_paths(&loaded.files);
    let opts = args.diagram.options()?;
    let progress = Progress::new("rendering");
    let diagram =
        diagram::prepare_with_progress(&loaded.graph, &opts, &mut |p| progress.layout(&p));
    let engine = args.engine.map(|e| match e {
        EngineArg::System => Engine::System,
        EngineArg::Embedded => Engine::Embedded,
    });
    let picture = diagram.map_err(|e| CliError::BadInput(e.to_string()))?;
    let picture =
        render::render_with_progress(&picture, format, engine, &mut |p| progress.layout(&p));
    progress.finish();
    let picture = picture.map_err(|e| match e {
        render::RenderError::Failed(_) => CliError::Failure(e.into()),
        render::RenderError::TooLarge(_) => CliError::BadInput(format!(
            "{e}\n  hint: draw part of it (--focus ACTOR --depth N, --actor-kinds, --kinds, \
             --min-weight), or all of it with Graphviz (--engine system --layout sfdp), or \
             write the DOT (`entente dot`)"
        )),
        _ => CliError::BadInput(e.to_string()),
    })?;
    for w in &picture.warnings {
        note(&format!("{}: {w}", picture.engine));
    }
    write_output(&args.output, &picture.bytes, &inputs, args.force)?;
    note(&format!(
        "wrote {} ({}, {})",
        args.output.display(),
        format.name().to_uppercase(),
        picture.engine
    ));
    Ok(())
}
