//! `entente explore [FILE] -o explorer.html`: one self-contained interactive page of the
//! graph (or of a scenario, before and after), built by `report::explore` and written by
//! `format::explorer`.

use super::common::{
    CliResult, ColorChoice, GraphArgs, OutputArgs, check_output, date_line, input_paths, note,
    read_reporting,
};
use clap::Args;
use entente::format::explorer::write_explorer;
use entente::input::Input;
use entente::model::ActorGraph;
use entente::report::explore::{ExploreInput, explorer};

#[derive(Debug, Args)]
pub struct ExploreArgs {
    #[command(flatten)]
    pub graph: GraphArgs,

    /// Title of the page (default: the graph's name).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// The graph (a scenario's result) and, for a scenario, its base, every relation kept, and
/// the files read.
pub fn load_both(
    graph: &GraphArgs,
    color: ColorChoice,
) -> Result<(ActorGraph, Option<ActorGraph>, Vec<std::path::PathBuf>), super::common::CliError> {
    let (mut g, mut base, files) = match &graph.file {
        None => {
            let l = entente::format::builtin();
            (l.graph, None, l.files)
        }
        Some(p) => match read_reporting(p, color)? {
            Input::Graph(l) => (l.graph, None, l.files),
            Input::Scenario(s) => {
                let files = s.chain.clone();
                let s = *s;
                (s.applied.graph, Some(s.base.graph), files)
            }
        },
    };
    graph.read.apply(&mut g)?;
    if let Some(b) = &mut base {
        graph.read.apply(b)?;
    }
    Ok((g, base, files))
}

/// The page's spec for the input of `graph` (shared with `report --format html`).
pub fn build(
    graph: &GraphArgs,
    g: &ActorGraph,
    base: Option<&ActorGraph>,
    title: Option<&str>,
) -> entente::format::explorer::Explorer {
    let mut graphs = vec![g];
    graphs.extend(base);
    explorer(&ExploreInput {
        graph: g,
        base,
        as_of: graph.as_of().date(&graphs),
        min_confidence: graph.min_confidence,
        title: title.map_or_else(|| g.name.clone(), str::to_string),
        source: graph.source_name(),
        as_of_line: date_line(graph.as_of(), &graphs),
    })
}

pub fn run(args: &ExploreArgs, color: ColorChoice) -> CliResult {
    if let Some(out) = &args.output.output {
        check_output(out, &input_paths(&args.graph.files()), args.output.force)?;
    }
    let (g, base, files) = load_both(&args.graph, color)?;
    let spec = build(&args.graph, &g, base.as_ref(), args.title.as_deref());
    let page = write_explorer(&spec);
    args.output.write(page.as_bytes(), &input_paths(&files))?;
    if let Some(out) = &args.output.output {
        note(&format!(
            "wrote {}: {} actors, {} relations, {} events",
            out.display(),
            spec.actors.len(),
            spec.relations.len(),
            spec.events.len(),
        ));
    }
    Ok(())
}
