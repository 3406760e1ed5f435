//! The files of a generated graph: streamed as the graph is made ([`Drawn::write`]), or
//! written from a graph held in memory ([`Generated`]'s writers), byte for byte the same.

use super::{
    Drawn, EDGES_HEADER, Generated, Made, NODES_HEADER, actor_id, graph_description, graph_name,
};
use crate::format::{csv, ron};
use crate::model::ActorGraph;
use rayon::prelude::*;
use serde::Serialize;
use std::fmt::Write;

/// Where [`Drawn::write`] streams a generated graph: any of its files (the RON graph and the side
/// files of `entente generate --csv-dir`), each absent when `None`.
#[derive(Default)]
pub struct Outputs<'a> {
    /// The graph in RON, as [`ron::to_string`] writes it.
    pub ron: Option<&'a mut dyn std::io::Write>,
    /// As [`Generated::nodes_csv`].
    pub nodes_csv: Option<&'a mut dyn std::io::Write>,
    /// As [`Generated::edges_csv`].
    pub edges_csv: Option<&'a mut dyn std::io::Write>,
    /// As [`Generated::edge_list`].
    pub edge_list: Option<&'a mut dyn std::io::Write>,
    /// As [`Generated::partition_json`].
    pub partition: Option<&'a mut dyn std::io::Write>,
}

/// A CSV writer writing as [`csv::write_table`] does (`\n` line ends, rows of any length),
/// row by row.
fn table_writer<W: std::io::Write>(out: W) -> ::csv::Writer<W> {
    ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .flexible(true)
        .from_writer(out)
}

/// Things made between two writes of [`Drawn::write`], and in a slice of the text made on
/// one core.
const WRITE_BATCH: usize = 1 << 15;
const WRITE_SLICE: usize = 1 << 10;

/// Which of [`Outputs`] are written.
struct Wanted {
    ron: bool,
    nodes: bool,
    edges: bool,
    list: bool,
    partition: bool,
}

/// The text of some things made, for each output.
#[derive(Default)]
struct Texts {
    ron: String,
    nodes: Vec<u8>,
    edges: Vec<u8>,
    list: String,
    partition: String,
}

/// The tables' writers of a slice: one each, not one a row. Writing to memory cannot fail.
struct Tables {
    nodes: ::csv::Writer<Vec<u8>>,
    edges: ::csv::Writer<Vec<u8>>,
}

fn record(table: &mut ::csv::Writer<Vec<u8>>, fields: &[&str]) {
    table.write_record(fields).expect("writing to memory");
}

impl Texts {
    /// Makes the text of `slice` in place of what was there, in the same buffers.
    fn make(&mut self, slice: &[Made], wanted: &Wanted) {
        self.ron.clear();
        self.list.clear();
        self.partition.clear();
        let table = |mut bytes: Vec<u8>| {
            bytes.clear();
            table_writer(bytes)
        };
        let mut tables = Tables {
            nodes: table(std::mem::take(&mut self.nodes)),
            edges: table(std::mem::take(&mut self.edges)),
        };
        slice.iter().for_each(|m| self.add(m, wanted, &mut tables));
        self.nodes = tables.nodes.into_inner().expect("writing to memory");
        self.edges = tables.edges.into_inner().expect("writing to memory");
    }

    /// Adds `m`'s text to each output wanted.
    fn add(&mut self, m: &Made, wanted: &Wanted, tables: &mut Tables) {
        match m {
            Made::Actor { index, actor, bloc } => {
                if wanted.ron {
                    self.ron.push_str("        ");
                    self.ron.push_str(&ron::actor_to_string(actor));
                    self.ron.push_str(",\n");
                }
                if wanted.nodes {
                    let bloc = bloc.to_string();
                    let kind = actor.kind.kebab_name();
                    let fields = [actor.id.as_str(), actor.name.as_str(), kind, &bloc];
                    record(&mut tables.nodes, &fields);
                }
                if wanted.partition {
                    if *index > 0 {
                        self.partition.push(',');
                    }
                    let id = serde_json::to_string(actor.id.as_str()).expect("a string");
                    self.partition.push_str(&id);
                }
            }
            Made::Relation(made) => {
                let (index, u, v) = (&made.index, made.u, made.v);
                let r = &made.to_relation();
                let weight = ron::number(r.weight);
                if wanted.ron {
                    if *index == 0 {
                        self.ron.push_str("    ],\n    relations: [\n");
                    }
                    self.ron.push_str("        ");
                    ron::push_relation(&mut self.ron, r, "        ");
                    self.ron.push_str(",\n");
                }
                if wanted.edges {
                    let fields = [
                        r.from.as_str(),
                        r.to.as_str(),
                        r.kind.kebab_name(),
                        &weight,
                        if r.directed { "true" } else { "false" },
                        r.confidence.kebab_name(),
                    ];
                    record(&mut tables.edges, &fields);
                }
                if wanted.list {
                    let _ = writeln!(self.list, "{u} {v} {weight}");
                }
            }
        }
    }
}

/// Writes each text to its output, in order.
fn write_texts(out: &mut Outputs, texts: &[Texts]) -> std::io::Result<()> {
    for t in texts {
        let streams: [(Option<&mut dyn std::io::Write>, &[u8]); 5] = [
            (out.ron.as_deref_mut(), t.ron.as_bytes()),
            (out.nodes_csv.as_deref_mut(), &t.nodes),
            (out.edges_csv.as_deref_mut(), &t.edges),
            (out.edge_list.as_deref_mut(), t.list.as_bytes()),
            (out.partition.as_deref_mut(), t.partition.as_bytes()),
        ];
        for (w, text) in streams {
            if let Some(w) = w {
                w.write_all(text)?;
            }
        }
    }
    Ok(())
}

/// What [`Drawn::write`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub actors: usize,
    pub relations: usize,
}

impl Drawn {
    /// Writes the drawn graph into `out`, byte for byte what [`generate`](super::generate)
    /// and the writers of its result give, without holding the graph: each actor and
    /// relation is written as it is made, so memory is the model ([`Drawn`]) and two batches'
    /// text, not the graph (hundreds of bytes a relation) and its text.
    pub fn write(self, mut out: Outputs) -> std::io::Result<Written> {
        use std::io::Write as _;
        let drawn = self;
        let opts = &drawn.model.opts.clone();
        // The RON around the actors and relations: the writer's own text for the graph without
        // them (a generated graph has no layers, events or tallies), cut where they go.
        let mut skeleton = ActorGraph::new(graph_name(opts));
        skeleton.description = graph_description(opts);
        let skeleton = ron::to_string(&skeleton);
        const EMPTY: &str = "    actors: [\n    ],\n    relations: [\n    ],\n";
        let at = skeleton
            .find(EMPTY)
            .expect("the RON writer lists actors, then relations");
        let (head, tail) = (&skeleton[..at], &skeleton[at + EMPTY.len()..]);
        let headers = [
            (out.nodes_csv.as_deref_mut(), &NODES_HEADER[..]),
            (out.edges_csv.as_deref_mut(), &EDGES_HEADER[..]),
        ];
        for (w, header) in headers {
            if let Some(w) = w {
                let mut table = table_writer(w);
                table.write_record(header)?;
                table.flush()?;
            }
        }
        if let Some(w) = out.ron.as_mut() {
            w.write_all(head.as_bytes())?;
            w.write_all(b"    actors: [\n")?;
        }
        if let Some(w) = out.partition.as_mut() {
            write!(
                w,
                "{{\"blocs\":{},\"seed\":{},\"noise\":{},\"actors\":[",
                opts.blocs,
                opts.seed,
                serde_json::to_string(&opts.noise).map_err(std::io::Error::from)?
            )?;
        }
        let blocs = drawn.model.blocs.clone();
        let wanted = Wanted {
            ron: out.ron.is_some(),
            nodes: out.nodes_csv.is_some(),
            edges: out.edges_csv.is_some(),
            list: out.edge_list.is_some(),
            partition: out.partition.is_some(),
        };
        let (mut actors, mut relations) = (0usize, 0usize);
        // Made one at a time, written a batch at a time: a batch's text is made on every
        // core, in slices, while the text of the batch before is written, in order.
        let mut batch: Vec<Made> = Vec::with_capacity(WRITE_BATCH);
        // Two sets of texts, kept from batch to batch: one made while the other is written.
        let mut made: Vec<Texts> = Vec::new();
        let mut spare: Vec<Texts> = Vec::new();
        let mut write_batch = |batch: &mut Vec<Made>, made: &mut Vec<Texts>| {
            let slices = batch.len().div_ceil(WRITE_SLICE);
            spare.resize_with(slices, Texts::default);
            spare.truncate(slices);
            let mut written = Ok(());
            rayon::in_place_scope(|scope| {
                scope.spawn(|_| {
                    batch
                        .par_chunks(WRITE_SLICE)
                        .zip(spare.par_iter_mut())
                        .for_each(|(slice, t)| t.make(slice, &wanted));
                });
                written = write_texts(&mut out, made);
            });
            for m in batch.drain(..) {
                match m {
                    Made::Actor { .. } => actors += 1,
                    Made::Relation(_) => relations += 1,
                }
            }
            std::mem::swap(made, &mut spare);
            written
        };
        drawn.emit(|m| -> std::io::Result<()> {
            batch.push(m);
            if batch.len() == WRITE_BATCH {
                write_batch(&mut batch, &mut made)?;
            }
            Ok(())
        })?;
        write_batch(&mut batch, &mut made)?;
        write_texts(&mut out, &made)?;
        if let Some(w) = out.ron.as_mut() {
            if relations == 0 {
                w.write_all(b"    ],\n    relations: [\n")?;
            }
            w.write_all(b"    ],\n")?;
            w.write_all(tail.as_bytes())?;
        }
        if let Some(w) = out.partition.as_mut() {
            w.write_all(b"],\"bloc\":[")?;
            for (i, b) in blocs.iter().enumerate() {
                if i > 0 {
                    w.write_all(b",")?;
                }
                write!(w, "{b}")?;
            }
            w.write_all(b"]}\n")?;
        }
        Ok(Written { actors, relations })
    }
}

/// The planted partition in JSON: actor ids and their blocs, in graph order.
#[derive(Debug, Clone, Serialize)]
pub struct Partition<'a> {
    pub blocs: usize,
    pub seed: u64,
    pub noise: f64,
    pub actors: Vec<&'a str>,
    pub bloc: &'a [usize],
}

impl Generated {
    pub fn partition(&self) -> Partition<'_> {
        Partition {
            blocs: self.options.blocs,
            seed: self.options.seed,
            noise: self.options.noise,
            actors: self.graph.actors().map(|a| a.id.as_str()).collect(),
            bloc: &self.blocs,
        }
    }

    /// The planted partition as JSON.
    pub fn partition_json(&self) -> String {
        serde_json::to_string(&self.partition()).expect("serializable") + "\n"
    }

    /// `id,name,kind,bloc`, one line per actor: the nodes table `entente import --nodes`
    /// reads as it is (`bloc` is the planted one, which import leaves aside).
    pub fn nodes_csv(&self) -> String {
        csv::write_table(
            &NODES_HEADER,
            self.graph.actors().zip(&self.blocs).map(|(a, b)| {
                [
                    a.id.to_string(),
                    a.name.clone(),
                    a.kind.kebab_name().to_string(),
                    b.to_string(),
                ]
            }),
        )
    }

    /// `source,target,kind,weight,directed,confidence`, one line per relation: the edges
    /// table `entente import` reads with its default columns.
    pub fn edges_csv(&self) -> String {
        csv::write_table(
            &EDGES_HEADER,
            self.graph.relations().map(|r| {
                [
                    r.from.to_string(),
                    r.to.to_string(),
                    r.kind.kebab_name().to_string(),
                    ron::number(r.weight),
                    r.directed.to_string(),
                    r.confidence.kebab_name().to_string(),
                ]
            }),
        )
    }

    /// `u v w` per relation with 0-based actor numbers (graph order): the plain weighted
    /// edge list that igraph, rustworkx and NetworkX read.
    pub fn edge_list(&self) -> String {
        let n = self.graph.actor_count();
        let index = |id: &str| id[1..].parse::<usize>().expect("generated id");
        debug_assert!(
            self.graph
                .actors()
                .enumerate()
                .all(|(i, a)| a.id.as_str() == actor_id(i, n))
        );
        let mut s = String::with_capacity(self.graph.relation_count() * 16);
        for r in self.graph.relations() {
            let _ = writeln!(
                s,
                "{} {} {}",
                index(r.from.as_str()),
                index(r.to.as_str()),
                ron::number(r.weight)
            );
        }
        s
    }
}
