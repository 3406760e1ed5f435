//! `entente export` and `entente import`: GEXF, GraphML, node-link JSON and CSV.

use super::common::{
    CliError, CliResult, ColorChoice, GraphArgs, OutputArgs, ReadArgs, note, print_diagnostics,
    write_output,
};
use clap::{Args, ValueEnum};
use entente::format::csv::{self, CsvColumns, CsvFile, CsvInput};
use entente::format::interchange::{ImportError, Imported};
use entente::format::{gexf, graphml, json};
use entente::model::ActorGraph;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    /// GEXF 1.3 for Gephi (timeline from relation dates).
    Gexf,
    /// GraphML with typed keys (yEd, NetworkX, igraph, Cytoscape).
    Graphml,
    /// Node-link JSON (NetworkX node_link_data, d3).
    Json,
    /// nodes.csv and edges.csv (-o is a directory; without -o both tables on stdout).
    Csv,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub graph: GraphArgs,
    /// The format to write.
    #[arg(long = "to", value_enum, value_name = "FORMAT")]
    pub to: ExportFormat,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn export(args: &ExportArgs, color: ColorChoice) -> CliResult {
    let loaded = args.graph.load(color)?;
    let g = &loaded.graph;
    let inputs = super::common::input_paths(&loaded.files);
    let write: fn(&ActorGraph, &mut dyn Write) -> std::io::Result<()> = match args.to {
        ExportFormat::Gexf => gexf::write_to,
        ExportFormat::Graphml => graphml::write_to,
        ExportFormat::Json => json::write_to,
        ExportFormat::Csv => {
            let (nodes, edges) = (csv::nodes_to_string(g), csv::edges_to_string(g));
            return match &args.output.output {
                None => super::common::emit(&format!("# nodes\n{nodes}\n# edges\n{edges}")),
                Some(dir) => {
                    std::fs::create_dir_all(dir).map_err(|e| {
                        CliError::Failure(anyhow::anyhow!("cannot create {}: {e}", dir.display()))
                    })?;
                    let (np, ep) = (dir.join("nodes.csv"), dir.join("edges.csv"));
                    // Check both before writing either.
                    super::common::check_output(&np, &inputs, args.output.force)?;
                    super::common::check_output(&ep, &inputs, args.output.force)?;
                    write_output(&np, nodes.as_bytes(), &inputs, args.output.force)?;
                    write_output(&ep, edges.as_bytes(), &inputs, args.output.force)?;
                    note(&format!("wrote {} and {}", np.display(), ep.display()));
                    Ok(())
                }
            };
        }
    };
    args.output.write_with(&inputs, |w| write(g, w))
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ImportFormat {
    Csv,
    Graphml,
    Gexf,
    Json,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to read: an edges CSV, or a GraphML, GEXF or node-link JSON file.
    pub input: PathBuf,

    /// With a CSV: the actors table (`id`, optional `name,kind,region,tags`).
    #[arg(long, value_name = "NODES.csv")]
    pub nodes: Option<PathBuf>,

    /// The input's format (default: from its extension).
    #[arg(long = "from", value_enum, value_name = "FORMAT")]
    pub from: Option<ImportFormat>,

    /// The RON graph to write (stdout without it).
    #[command(flatten)]
    pub output: OutputArgs,

    /// The graph's name (CSV imports; default: the file's stem).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// With a CSV: the byte between fields, one character or `tab` [default: a tab for a
    /// .tsv or .tab file, else a comma].
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,

    #[command(flatten)]
    pub columns: ColumnArgs,

    /// Write the graph read this way: only the relations of --layer, members merged into
    /// their parents with --collapse (their parallel relations of one kind combined by
    /// --combine). Relations of different kinds stay apart, as in any graph file.
    #[command(flatten)]
    pub read: ReadArgs,
}

/// A CSV file split on `delimiter`, or as its name says.
fn csv_file<'a>(name: &'a str, text: &'a str, delimiter: Option<u8>) -> CsvFile<'a> {
    let mut f = CsvFile::new(name, text);
    if let Some(d) = delimiter {
        f.delimiter = d;
    }
    f
}

fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ if s.len() == 1 && s != "\"" && s != "\n" && s != "\r" => Ok(s.as_bytes()[0]),
        _ => Err(format!(
            "`{s}` is not a delimiter: give one ASCII character other than a quote or a line break, or `tab`"
        )),
    }
}

/// Header names of the CSV columns, when they are not the default ones.
#[derive(Debug, Args)]
pub struct ColumnArgs {
    #[arg(
        long,
        value_name = "COLUMN",
        default_value = "source",
        help_heading = "CSV columns"
    )]
    pub source_col: String,
    #[arg(
        long,
        value_name = "COLUMN",
        default_value = "target",
        help_heading = "CSV columns"
    )]
    pub target_col: String,
    #[arg(
        long,
        value_name = "COLUMN",
        default_value = "weight",
        help_heading = "CSV columns"
    )]
    pub weight_col: String,
    #[arg(
        long,
        value_name = "COLUMN",
        default_value = "kind",
        help_heading = "CSV columns"
    )]
    pub kind_col: String,
    #[arg(
        long,
        value_name = "COLUMN",
        default_value = "directed",
        help_heading = "CSV columns"
    )]
    pub directed_col: String,
    #[arg(
        long,
        value_name = "COLUMN",
        default_value = "since",
        help_heading = "CSV columns"
    )]
    pub since_col: String,
    #[arg(
        long,
        value_name = "COLUMN",
        default_value = "until",
        help_heading = "CSV columns"
    )]
    pub until_col: String,
    #[arg(
        long,
        value_name = "COLUMN",
        default_value = "confidence",
        help_heading = "CSV columns"
    )]
    pub confidence_col: String,
    #[arg(
        long,
        value_name = "COLUMN",
        default_value = "note",
        help_heading = "CSV columns"
    )]
    pub note_col: String,
    /// Actor id column of the nodes file.
    #[arg(
        long,
        value_name = "COLUMN",
        default_value = "id",
        help_heading = "CSV columns"
    )]
    pub id_col: String,
    /// Actor name column of the nodes file.
    #[arg(
        long,
        value_name = "COLUMN",
        default_value = "name",
        help_heading = "CSV columns"
    )]
    pub name_col: String,
    /// Actor kind column of the nodes file.
    #[arg(
        long,
        value_name = "COLUMN",
        default_value = "kind",
        help_heading = "CSV columns"
    )]
    pub actor_kind_col: String,
    #[arg(
        long,
        value_name = "COLUMN",
        default_value = "region",
        help_heading = "CSV columns"
    )]
    pub region_col: String,
    /// Tags column of the nodes file (items joined with `|`).
    #[arg(
        long,
        value_name = "COLUMN",
        default_value = "tags",
        help_heading = "CSV columns"
    )]
    pub tags_col: String,
    /// Free attributes column of the nodes file (a JSON object).
    #[arg(
        long,
        value_name = "COLUMN",
        default_value = "attributes",
        help_heading = "CSV columns"
    )]
    pub attributes_col: String,
    /// Column of the nodes file naming the actor each one is part of.
    #[arg(
        long,
        value_name = "COLUMN",
        default_value = "part_of",
        help_heading = "CSV columns"
    )]
    pub part_of_col: String,
    /// Sources column of the edges file (items joined with `|`).
    #[arg(
        long,
        value_name = "COLUMN",
        default_value = "sources",
        help_heading = "CSV columns"
    )]
    pub sources_col: String,
}

impl ColumnArgs {
    fn columns(&self) -> CsvColumns {
        CsvColumns {
            source: self.source_col.clone(),
            target: self.target_col.clone(),
            weight: self.weight_col.clone(),
            kind: self.kind_col.clone(),
            directed: self.directed_col.clone(),
            since: self.since_col.clone(),
            until: self.until_col.clone(),
            confidence: self.confidence_col.clone(),
            note: self.note_col.clone(),
            id: self.id_col.clone(),
            name: self.name_col.clone(),
            actor_kind: self.actor_kind_col.clone(),
            region: self.region_col.clone(),
            tags: self.tags_col.clone(),
            attributes: self.attributes_col.clone(),
            part_of: self.part_of_col.clone(),
            sources: self.sources_col.clone(),
        }
    }
}

/// A file's text; one that is not UTF-8 is a located error.
fn read(path: &Path, color: ColorChoice) -> Result<String, CliError> {
    entente::format::read_source(path).map_err(|e| match e {
        entente::LoadError::Io { .. } => CliError::BadInput(e.to_string()),
        e => super::common::report_load_error(e, color),
    })
}

fn report(e: &ImportError, color: ColorChoice) -> CliError {
    for f in &e.files {
        print_diagnostics(&f.diagnostics, &f.file, &f.source, color);
    }
    CliError::BadInput(e.to_string())
}

pub fn import(args: &ImportArgs, color: ColorChoice) -> CliResult {
    let format = match args.from {
        Some(f) => f,
        None => match args
            .input
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") | Some("tsv") => ImportFormat::Csv,
            Some("graphml") | Some("xml") => ImportFormat::Graphml,
            Some("gexf") => ImportFormat::Gexf,
            Some("json") => ImportFormat::Json,
            _ => {
                return Err(CliError::BadInput(format!(
                    "{}: cannot tell the format from the extension; pass --from csv|graphml|gexf|json",
                    args.input.display()
                )));
            }
        },
    };
    if args.nodes.is_some() && format != ImportFormat::Csv {
        return Err(CliError::BadInput(
            "--nodes goes with a CSV edges file only".into(),
        ));
    }
    let mut inputs: Vec<&Path> = vec![args.input.as_path()];
    if let Some(n) = &args.nodes {
        inputs.push(n.as_path());
    }
    if let Some(out) = &args.output.output {
        super::common::check_output(out, &inputs, args.output.force)?;
    }
    let src = read(&args.input, color)?;
    let name = args.input.display().to_string();
    let imported: Imported = match format {
        ImportFormat::Csv => {
            let nodes_src = args.nodes.as_deref().map(|p| read(p, color)).transpose()?;
            let nodes_name = args.nodes.as_ref().map(|p| p.display().to_string());
            let columns = args.columns.columns();
            let graph_name = args.name.clone().unwrap_or_else(|| {
                args.input
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
            let file = |name, text| csv_file(name, text, args.delimiter);
            let input = CsvInput {
                edges: file(&name, &src),
                nodes: nodes_name
                    .as_deref()
                    .zip(nodes_src.as_deref())
                    .map(|(n, t)| file(n, t)),
                columns: &columns,
                graph_name: &graph_name,
            };
            csv::import(&input).map_err(|e| report(&e, color))?
        }
        other => {
            let result = match other {
                ImportFormat::Graphml => graphml::from_str(&src),
                ImportFormat::Gexf => gexf::from_str(&src),
                _ => json::from_str(&src),
            };
            let mut imported =
                result.map_err(|d| report(&ImportError::one(&name, &src, d), color))?;
            if let Some(n) = &args.name {
                imported.graph.name = n.clone();
            }
            imported
        }
    };
    print_diagnostics(&imported.warnings, &name, &src, color);
    // The graph holds its own texts: the file's goes before the RON is written.
    drop(src);
    let mut imported = imported;
    args.read.apply(&mut imported.graph)?;
    args.output.write_with(&inputs, |w| {
        entente::format::ron::write_to(&imported.graph, w)
    })?;
    if let Some(out) = &args.output.output {
        note(&format!(
            "wrote {}: {} actors, {} relations",
            out.display(),
            imported.graph.actor_count(),
            imported.graph.relation_count()
        ));
    }
    Ok(())
}
