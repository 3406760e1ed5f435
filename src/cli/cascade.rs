//! `entente cascade [FILE] --attacker A --target B`.

use super::common::{CliError, CliResult, ColorChoice, FormatArg, GraphArgs, emit_rendered};
use clap::Args;
use entente::analysis::cascade::{CascadeError, CascadeOptions, cascade};
use entente::diagnostic::suggest;
use entente::model::ActorId;

#[derive(Debug, Args)]
#[command(after_help = "\
A linear-threshold model on the signed graph: round by round, an uncommitted actor joins the
side its commitments pull it to hardest, once that pull reaches the threshold. Allied ties pull
towards the other actor's side, hostile ones towards the side it is fighting; each kind of
relation weighs as much as it commits (defence commitment 1, alliance 0.9, trade 0.2,
mediation 0). Relations no longer in force are ignored. See docs/analysis/cascade.md, with the
model's limits.

Examples:
  entente cascade --attacker RUS --target AZE
  entente cascade graphs/scenarios/russian_escalation.ron --attacker RUS --target AZE --format md")]
pub struct CascadeArgs {
    #[command(flatten)]
    pub graph: GraphArgs,

    /// The actor that attacks.
    #[arg(long, value_name = "ACTOR")]
    pub attacker: String,

    /// The actor attacked.
    #[arg(long, value_name = "ACTOR")]
    pub target: String,

    /// The pull an actor needs to join a side (κ · |weight| summed over its ties to a side).
    #[arg(long, value_name = "T", default_value_t = 0.5)]
    pub threshold: f64,

    /// Stop after this many rounds.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub max_rounds: usize,

    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}

pub fn run(args: &CascadeArgs, color: ColorChoice) -> CliResult {
    let loaded = args.graph.load(color)?;
    let g = &loaded.graph;
    let opts = CascadeOptions {
        threshold: args.threshold,
        max_rounds: args.max_rounds,
        as_of: args.graph.as_of(),
        combine: args.graph.read.combine,
        ..CascadeOptions::default()
    };
    let (a, t) = (
        ActorId::new(args.attacker.trim()),
        ActorId::new(args.target.trim()),
    );
    match cascade(g, &a, &t, &opts) {
        Ok(r) => emit_rendered(&r, args.format.into()),
        Err(CascadeError::UnknownActor(id)) => {
            let hint = suggest(id.as_str(), g.actors().map(|x| x.id.as_str()))
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            Err(CliError::BadInput(format!(
                "no actor `{id}` in the graph{hint}"
            )))
        }
        Err(e) => Err(CliError::BadInput(e.to_string())),
    }
}
