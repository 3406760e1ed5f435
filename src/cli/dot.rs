//! `entente dot [FILE] [-o out.dot]`: the graph as Graphviz DOT.

use super::common::{
    CliError, CliResult, ColorChoice, GraphArgs, OutputArgs, check_output, input_paths,
};
use clap::{Args, ValueEnum};
use entente::diagram::{self, ClusterBy, DotOptions, Focus, Layout};
use entente::format::dot;
use entente::model::{ActorId, ActorKind, RelationKind};
use std::path::Path;

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ClusterArg {
    /// No clusters.
    None,
    /// One cluster per actor kind.
    Kind,
    /// One cluster per actor region.
    Region,
    /// One cluster per bloc (see `entente blocs`).
    Bloc,
}

impl ClusterArg {
    fn to_option(self) -> Option<ClusterBy> {
        match self {
            ClusterArg::None => None,
            ClusterArg::Kind => Some(ClusterBy::Kind),
            ClusterArg::Region => Some(ClusterBy::Region),
            ClusterArg::Bloc => Some(ClusterBy::Bloc),
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub enum LayoutArg {
    /// entente's own layout (allies close, enemies apart), positions pinned for Graphviz:
    /// the same picture from either engine and on every run; draws clusters.
    #[default]
    Stress,
    /// Layered, left to right; draws clusters.
    Dot,
    /// Spring model; ignores clusters.
    Neato,
    /// Force-directed; draws clusters. Graphviz 2.43 places nodes differently on each run.
    Fdp,
    /// Multiscale force-directed for large graphs; ignores clusters.
    Sfdp,
}

impl From<LayoutArg> for Layout {
    fn from(l: LayoutArg) -> Layout {
        match l {
            LayoutArg::Stress => Layout::Stress,
            LayoutArg::Dot => Layout::Dot,
            LayoutArg::Neato => Layout::Neato,
            LayoutArg::Fdp => Layout::Fdp,
            LayoutArg::Sfdp => Layout::Sfdp,
        }
    }
}

fn parse_pair(s: &str) -> Result<(ActorId, ActorId), String> {
    match s.split_once(',') {
        Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() && !b.contains(',') => {
            Ok((ActorId::new(a.trim()), ActorId::new(b.trim())))
        }
        _ => Err(format!(
            "`{s}` is not two actor ids: write FROM,TO (e.g. RUS,AZE)"
        )),
    }
}

/// The diagram options shared by `dot`, `render` and `report --out-dir`.
#[derive(Debug, Clone, Args)]
pub struct DiagramArgs {
    /// Group actors into clusters (drawn by the dot and fdp layouts).
    #[arg(long, value_enum, value_name = "BY", default_value_t = ClusterArg::Bloc)]
    pub cluster_by: ClusterArg,

    /// Show only the ego network of this actor (see --depth).
    #[arg(long, value_name = "ACTOR")]
    pub focus: Option<String>,

    /// With --focus: how many ties away from the actor to go.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "focus")]
    pub depth: usize,

    /// Draw the strongest influence path from one actor to another in bold (allied ties).
    #[arg(long, value_name = "FROM,TO", value_parser = parse_pair)]
    pub highlight_path: Option<(ActorId, ActorId)>,

    /// Seed of bloc detection, with --cluster-by bloc.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub seed: u64,

    /// Leave out relations with |weight| below this.
    #[arg(long, value_name = "W", default_value_t = 0.0)]
    pub min_weight: f64,

    /// Keep only relations of these kinds (comma-separated, e.g. alliance,hostility).
    #[arg(long, value_name = "KIND,...", value_delimiter = ',')]
    pub kinds: Vec<RelationKind>,

    /// Keep only actors of these kinds (comma-separated, e.g. state,organisation).
    #[arg(long, value_name = "KIND,...", value_delimiter = ',')]
    pub actor_kinds: Vec<ActorKind>,

    /// How actors are placed: entente's own layout (pinned for Graphviz), or a Graphviz
    /// engine written as the graph's `layout` attribute.
    #[arg(long, value_enum, default_value_t = LayoutArg::Stress)]
    pub layout: LayoutArg,

    /// Label every edge with its relation kind (a merged edge: each relation and weight).
    #[arg(long)]
    pub edge_labels: bool,

    /// Draw one edge per relation instead of one per actor pair (coloured by the pair's net
    /// tie).
    #[arg(long)]
    pub each_relation: bool,

    /// Leave the legend out.
    #[arg(long)]
    pub no_legend: bool,

    /// Title drawn above the diagram (default: the graph's name; "" for none).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
}

impl DiagramArgs {
    pub fn options(&self) -> Result<DotOptions, CliError> {
        if !(self.min_weight.is_finite() && (0.0..=1.0).contains(&self.min_weight)) {
            return Err(CliError::BadInput(format!(
                "--min-weight {} is outside 0..=1 (it compares with |weight|)",
                self.min_weight
            )));
        }
        Ok(DotOptions {
            layout: self.layout.into(),
            cluster_by: self.cluster_by.to_option(),
            focus: self.focus.as_ref().map(|a| Focus {
                actor: ActorId::new(a.clone()),
                depth: self.depth,
            }),
            highlight_path: self.highlight_path.clone(),
            seed: self.seed,
            min_weight: self.min_weight,
            relation_kinds: (!self.kinds.is_empty()).then(|| self.kinds.iter().copied().collect()),
            actor_kinds: (!self.actor_kinds.is_empty())
                .then(|| self.actor_kinds.iter().copied().collect()),
            edge_labels: self.edge_labels,
            each_relation: self.each_relation,
            legend: !self.no_legend,
            title: self.title.clone(),
        })
    }
}

#[derive(Debug, Args)]
pub struct DotArgs {
    #[command(flatten)]
    pub graph: GraphArgs,
    #[command(flatten)]
    pub diagram: DiagramArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(args: &DotArgs, color: ColorChoice) -> CliResult {
    if let Some(out) = &args.output.output {
        check_output(out, &input_paths(&args.graph.files()), args.output.force)?;
    }
    let loaded = args.graph.load(color)?;
    let opts = args.diagram.options()?;
    let progress = super::progress::Progress::new("laying out");
    let prepared =
        diagram::prepare_with_progress(&loaded.graph, &opts, &mut |p| progress.layout(&p));
    progress.finish();
    let text = dot::write_dot(&prepared.map_err(|e| CliError::BadInput(e.to_string()))?);
    args.output
        .write(text.as_bytes(), &input_paths(&loaded.files))
}

/// The report as one HTML page: its sections, the diagram inline (the SVG `picture`, or one
/// drawn now), and the explorer of the same input with every relation for its slider.
pub fn report_html(
    report: &entente::report::full::Report,
    graph: &super::common::GraphArgs,
    analysed: &entente::model::ActorGraph,
    picture: Option<&[u8]>,
    color: super::common::ColorChoice,
) -> Result<String, CliError> {
    use entente::format::render::{ImageFormat, render};
    let drawn;
    let svg = match picture {
        Some(p) => p,
        None => {
            let diagram = diagram::prepare(analysed, &DotOptions::default())
                .map_err(|e| CliError::Failure(anyhow::anyhow!("{e}")))?;
            drawn = render(&diagram, ImageFormat::Svg, None)
                .map_err(|e| CliError::Failure(e.into()))?;
            &drawn.bytes
        }
    };
    let (g, base, _) = super::explore::load_both(graph, color)?;
    let spec = super::explore::build(graph, &g, base.as_ref(), None);
    Ok(entente::report::html::report_page(
        report,
        Some(&String::from_utf8_lossy(svg)),
        Some(&spec),
    ))
}

/// `report --out-dir DIR`: the report, and the default diagram as DOT and SVG beside it.
/// Each part that can be written is, even when another fails (the SVG of a diagram too
/// large to lay out, a file that cannot be written); then every failure is reported and the
/// command fails. The report names the diagram only when it was drawn.
#[allow(clippy::too_many_arguments)]
pub fn write_report_dir(
    report: entente::report::full::Report,
    graph: &super::common::GraphArgs,
    g: &entente::model::ActorGraph,
    files: &[std::path::PathBuf],
    format: super::ReportFormat,
    dir: &Path,
    force: bool,
    color: super::common::ColorChoice,
) -> CliResult {
    use super::ReportFormat;
    use super::common::{note, write_output};
    use super::progress::Progress;
    use entente::format::render::{ImageFormat, default_engine, render_with_progress};
    use entente::format::svg::MAX_ACTORS;
    use entente::report::ToDocument;
    let ext = match format {
        ReportFormat::Table => "txt",
        ReportFormat::Json => "json",
        ReportFormat::Md => "md",
        ReportFormat::Csv => "csv",
        ReportFormat::Html => "html",
    };
    let inputs = input_paths(files);
    // CSV: one table per file in report/, with index.csv naming them.
    let csv = format == ReportFormat::Csv;
    let (report_path, dot_path, svg_path) = (
        if csv {
            dir.join("report")
        } else {
            dir.join(format!("report.{ext}"))
        },
        dir.join("diagram.dot"),
        dir.join("diagram.svg"),
    );
    let with_files = |r: entente::report::full::Report, engine: &str| {
        r.with_diagram(entente::report::full::DiagramFiles {
            dot: "diagram.dot".into(),
            svg: "diagram.svg".into(),
            engine: engine.into(),
        })
    };
    // The files CSV will be written to (their names do not depend on the engine).
    let csv_paths: Vec<std::path::PathBuf> = if csv {
        with_files(report.clone(), "")
            .to_document()
            .to_csv_files()
            .into_iter()
            .map(|(name, _)| report_path.join(name))
            .collect()
    } else {
        Vec::new()
    };
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::Failure(anyhow::anyhow!("cannot create {}: {e}", dir.display())))?;
    let mut outputs = vec![&dot_path, &svg_path];
    if csv {
        outputs.extend(&csv_paths);
    } else {
        outputs.push(&report_path);
    }
    for p in outputs {
        check_output(p, &inputs, force)?;
    }
    let mut written: Vec<&Path> = Vec::new();
    let mut failed: Vec<(&Path, String)> = Vec::new();
    // The drawn SVG, for the HTML report to inline.
    let mut svg_bytes: Option<Vec<u8>> = None;
    let mut engine = None;
    let progress = Progress::new("drawing the diagram");
    let prepared =
        diagram::prepare_with_progress(g, &DotOptions::default(), &mut |p| progress.layout(&p));
    progress.finish();
    match prepared {
        Err(e) => {
            failed.push((&dot_path, e.to_string()));
            failed.push((&svg_path, e.to_string()));
        }
        Ok(diagram) => {
            match write_output(
                &dot_path,
                dot::write_dot(&diagram).as_bytes(),
                &inputs,
                force,
            ) {
                Ok(()) => written.push(&dot_path),
                Err(e) => failed.push((&dot_path, message(e))),
            }
            // The report picks its engine itself: the size bound holds for Graphviz too, whose
            // layouts of many thousands of actors run for hours.
            let picture = if diagram.actors.len() > MAX_ACTORS {
                Err(format!(
                    "the diagram has {} actors and a report draws at most {MAX_ACTORS} (a \
                     layout that large takes minutes to hours and cannot be read)\n  hint: \
                     `entente render` draws part of it (--focus ACTOR --depth N, \
                     --actor-kinds, --min-weight) or all of it with Graphviz (--engine \
                     system --layout sfdp)",
                    diagram.actors.len()
                ))
            } else {
                render_with_progress(
                    &diagram,
                    ImageFormat::Svg,
                    Some(default_engine()),
                    &mut |_| {},
                )
                .map_err(|e| e.to_string())
            };
            match picture {
                Err(e) => failed.push((&svg_path, e)),
                Ok(picture) => {
                    for w in &picture.warnings {
                        note(&format!("{}: {w}", picture.engine));
                    }
                    svg_bytes = Some(picture.bytes.clone());
                    match write_output(&svg_path, &picture.bytes, &inputs, force) {
                        Ok(()) => {
                            written.push(&svg_path);
                            engine = Some(picture.engine);
                        }
                        Err(e) => failed.push((&svg_path, message(e))),
                    }
                }
            }
        }
    }
    let report = match engine {
        Some(engine) if written.contains(&dot_path.as_path()) => with_files(report, engine),
        _ => report,
    };
    let mut report_failed = None;
    if csv {
        let made = std::fs::create_dir_all(&report_path).map_err(|e| {
            CliError::Failure(anyhow::anyhow!(
                "cannot create {}: {e}",
                report_path.display()
            ))
        });
        let files = report.to_document().to_csv_files();
        // Without the diagram the report has the same tables; write what it has.
        let result = made.and_then(|()| {
            files.iter().try_for_each(|(name, text)| {
                write_output(&report_path.join(name), text.as_bytes(), &inputs, force)
            })
        });
        if let Err(e) = result {
            report_failed = Some(message(e));
        }
    } else {
        let text = match format.data() {
            Some(f) => Ok(entente::report::render(&report, f.into())),
            None => report_html(&report, graph, g, svg_bytes.as_deref(), color),
        };
        if let Err(e) = text.and_then(|t| write_output(&report_path, t.as_bytes(), &inputs, force))
        {
            report_failed = Some(message(e));
        }
    }
    match report_failed {
        None => written.insert(0, &report_path),
        Some(e) => failed.insert(0, (&report_path, e)),
    }
    if !written.is_empty() {
        let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
        note(&format!("wrote {}", names.join(", ")));
    }
    if failed.is_empty() {
        return Ok(());
    }
    for (path, why) in &failed {
        note(&format!("error: {} not written: {why}", path.display()));
    }
    Err(CliError::Failure(anyhow::anyhow!(
        "{} of the report's 3 parts not written (see above)",
        failed.len()
    )))
}

/// A CLI error's text, for a list of failures.
fn message(e: CliError) -> String {
    match e {
        CliError::BadInput(m) => m,
        CliError::Failure(e) => format!("{e:#}"),
    }
}
