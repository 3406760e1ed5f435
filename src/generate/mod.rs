//! Synthetic signed actor graphs with a known answer, for benchmarks and for scoring bloc
//! recovery.
//!
//! The model is a signed, planted-partition variant of the Chung–Lu random graph
//! (F. Chung, L. Lu, "Connected components in random graphs with given expected degree
//! sequences", Annals of Combinatorics 6, 2002):
//!
//! - every actor gets a weight `w_i ∝ (i + 1)^(-1/(γ-1))` (shuffled over the actors), so
//!   expected degrees follow a power law with exponent `γ` (default 2.5: a few hubs, many
//!   actors with a handful of ties, as in alliance and trade networks);
//! - every actor belongs to one of `K` planted blocs, drawn uniformly;
//! - a relation picks one end in proportion to weight, and the other end in proportion to
//!   weight either inside the same bloc (with probability `within`) or in another bloc;
//! - a relation inside a bloc is an alliance-like tie (+), one between blocs hostile (−);
//!   then each sign is flipped with probability `noise`. With `noise = 0` the planted
//!   partition is perfectly balanced (frustration 0) in the sense of Cartwright and Harary;
//! - magnitudes are uniform in [0.1, 1.0] with two decimals, kinds follow the sign
//!   ([`RelationKind::default_for_weight`]).
//!
//! So that few actors are isolated, each actor first draws one partner this way (in a
//! shuffled order), then the rest of the relations are drawn. Pairs are never repeated and
//! there are no self-relations; relations are mutual. Everything is driven by one seeded
//! SplitMix64 stream: the same options give the same graph on every platform.

use crate::model::{Actor, ActorGraph, ActorKind, Confidence, Relation, RelationKind};
use std::fmt;

mod distinct;
mod sampler;
mod write;

use distinct::{BUCKET_PAIRS, FirstDraws};
use sampler::Sampler;
pub use write::{Outputs, Partition, Written};

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct GenerateOptions {
    pub actors: usize,
    pub relations: usize,
    /// Number of planted blocs (at least 1).
    pub blocs: usize,
    /// Probability in [0, 1] of flipping a relation's sign away from the planted one.
    pub noise: f64,
    pub seed: u64,
    /// Power-law exponent of the expected degrees (> 2).
    pub gamma: f64,
    /// Probability in [0, 1] that a relation stays inside its first end's bloc.
    pub within: f64,
    /// At most this many relations per pair (1 to 4): each pair draws 1 to `multiplex`
    /// relations of distinct kinds, each with its own sign flip and magnitude, so that the
    /// rules combining parallel relations ([`crate::model::Combine`]) can be compared.
    pub multiplex: usize,
}

/// The header of the nodes table `generate --csv-dir` writes (streamed or from a graph).
const NODES_HEADER: [&str; 4] = ["id", "name", "kind", "bloc"];
/// The header of the edges table, the columns `entente import` reads by default.
const EDGES_HEADER: [&str; 6] = [
    "source",
    "target",
    "kind",
    "weight",
    "directed",
    "confidence",
];

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            actors: 1000,
            relations: 5000,
            blocs: 4,
            noise: 0.05,
            seed: 1,
            gamma: 2.5,
            within: 0.7,
            multiplex: 1,
        }
    }
}

/// Why a graph could not be generated.
#[derive(Debug, Clone, PartialEq)]
pub enum GenerateError {
    /// An option is out of range; the text says which and why.
    BadOption(String),
    /// The rejection sampler could not place enough distinct pairs.
    TooDense { placed: usize, wanted: usize },
    /// The temporary files that check the pairs for repeats could not be made or used.
    TempFile(String),
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateError::BadOption(s) => f.write_str(s),
            GenerateError::TooDense { placed, wanted } => write!(
                f,
                "could place only {placed} of {wanted} distinct relations: the graph is too \
                 dense for its degree distribution; ask for fewer relations or more actors"
            ),
            GenerateError::TempFile(e) => write!(
                f,
                "could not check the drawn pairs for repeats in temporary files ({e}); set \
                 TMPDIR to a directory with room (about 18 bytes a relation)"
            ),
        }
    }
}

impl std::error::Error for GenerateError {}

impl From<std::io::Error> for GenerateError {
    fn from(e: std::io::Error) -> Self {
        GenerateError::TempFile(e.to_string())
    }
}

/// A generated graph and its planted partition.
#[derive(Debug, Clone)]
pub struct Generated {
    pub graph: ActorGraph,
    /// `blocs[i]` is the planted bloc of the `i`th actor (graph order).
    pub blocs: Vec<usize>,
    pub options: GenerateOptions,
}

/// SplitMix64's finaliser: each bit of the result depends on every bit of `z`. It also
/// spreads pair keys, whose bits are mostly zero, over hash tables ([`distinct`]).
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// SplitMix64's increment.
const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// A 64-bit value's top 53 bits as a uniform in [0, 1).
fn to_unit(z: u64) -> f64 {
    (z >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and good enough for sampling.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN_GAMMA);
        mix64(self.0)
    }

    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        to_unit(self.next_u64())
    }

    /// What the `ahead`th call of [`Self::next_f64`] from now will give (1 for the next),
    /// without moving: SplitMix64's state only counts, so any later value is known.
    fn peek_f64(&self, ahead: u64) -> f64 {
        to_unit(mix64(self.0.wrapping_add(GOLDEN_GAMMA.wrapping_mul(ahead))))
    }

    /// Uniform in `0..n` (`n > 0`), by Lemire's multiply-shift (bias below 2^-32 here).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }
}

fn check_options(o: &GenerateOptions) -> Result<(), GenerateError> {
    let bad = |s: String| Err(GenerateError::BadOption(s));
    if o.actors < 2 {
        return bad(format!(
            "--actors {} is too few: a relation needs two actors",
            o.actors
        ));
    }
    if o.actors > u32::MAX as usize / 2 {
        return bad(format!("--actors {} is too many", o.actors));
    }
    if o.blocs == 0 || o.blocs > o.actors {
        return bad(format!(
            "--blocs {} must be between 1 and the number of actors ({})",
            o.blocs, o.actors
        ));
    }
    for (name, v) in [("--noise", o.noise), ("--within", o.within)] {
        if !(0.0..=1.0).contains(&v) {
            return bad(format!("{name} {v} must be a probability in [0, 1]"));
        }
    }
    if !(1..=MULTIPLEX_KINDS.len()).contains(&o.multiplex) {
        return bad(format!(
            "--multiplex {} must be from 1 to {} (relations of distinct kinds per pair)",
            o.multiplex,
            MULTIPLEX_KINDS.len()
        ));
    }
    if !(o.gamma > 2.0 && o.gamma.is_finite()) {
        return bad(format!(
            "--gamma {} must be a finite exponent above 2",
            o.gamma
        ));
    }
    let pairs = o.actors as u128 * (o.actors as u128 - 1) / 2;
    if o.relations as u128 * 4 > pairs {
        return bad(format!(
            "--relations {} is more than a quarter of the {pairs} possible pairs of {} actors; \
             heavy-tailed sampling cannot fill that densely (use more actors)",
            o.relations, o.actors
        ));
    }
    Ok(())
}

const KINDS: &[(ActorKind, f64)] = &[
    (ActorKind::State, 0.25),
    (ActorKind::Organisation, 0.05),
    (ActorKind::Company, 0.25),
    (ActorKind::Agency, 0.1),
    (ActorKind::ArmedGroup, 0.1),
    (ActorKind::Media, 0.05),
    (ActorKind::Party, 0.1),
    (ActorKind::Ngo, 0.1),
];

/// The kinds of a multiplex pair's relations, allied and hostile, in the order they are used.
const MULTIPLEX_KINDS: &[(RelationKind, RelationKind)] = &[
    (RelationKind::Partnership, RelationKind::Hostility),
    (RelationKind::Trade, RelationKind::Rivalry),
    (RelationKind::DiplomaticSupport, RelationKind::Sanctions),
    (RelationKind::Alliance, RelationKind::DiplomaticProtest),
];

const CONFIDENCES: &[(Confidence, f64)] = &[
    (Confidence::Confirmed, 0.3),
    (Confidence::ProbablyTrue, 0.4),
    (Confidence::PossiblyTrue, 0.2),
    (Confidence::Doubtful, 0.1),
];

fn pick<T: Copy>(table: &[(T, f64)], rng: &mut SplitMix64) -> T {
    let mut x = rng.next_f64();
    for &(t, p) in table {
        if x < p {
            return t;
        }
        x -= p;
    }
    table[table.len() - 1].0
}

/// The id of actor `i` among `n`: zero-padded so that ids sort in numeric order.
pub fn actor_id(i: usize, n: usize) -> String {
    let width = (n.max(2) - 1).to_string().len();
    format!("A{i:0width$}")
}

/// The planted model of a graph, made once from its options: each actor's bloc, the weighted
/// samplers of partners, and the order of the first pass. About 52 bytes an actor.
struct Model {
    opts: GenerateOptions,
    blocs: Vec<u32>,
    everyone: Sampler,
    per_bloc: Vec<Option<Sampler>>,
    order: Vec<u32>,
    /// Chung–Lu draws after the first pass before the graph is found too dense.
    max_attempts: usize,
    /// The stream's state once the model is made: where the pairs' draws start.
    start: SplitMix64,
}

impl Model {
    fn new(opts: &GenerateOptions) -> Model {
        let n = opts.actors;
        let mut rng = SplitMix64::new(opts.seed);
        // Power-law weights, shuffled over the actors, capped so that no expected degree
        // exceeds half the other actors.
        let alpha = 1.0 / (opts.gamma - 1.0);
        let mut weights: Vec<f64> = (0..n).map(|i| ((i + 1) as f64).powf(-alpha)).collect();
        for i in (1..n).rev() {
            weights.swap(i, rng.below(i + 1));
        }
        for _ in 0..4 {
            let total: f64 = weights.iter().sum();
            let cap = total * (n - 1) as f64 / (4.0 * opts.relations.max(1) as f64);
            weights.iter_mut().for_each(|w| *w = w.min(cap));
        }
        let blocs: Vec<u32> = (0..n).map(|_| rng.below(opts.blocs) as u32).collect();
        let mut members: Vec<Vec<u32>> = vec![Vec::new(); opts.blocs];
        for (i, &b) in blocs.iter().enumerate() {
            members[b as usize].push(i as u32);
        }
        let everyone = Sampler::new(0..n as u32, &weights, &blocs);
        let per_bloc = members
            .into_iter()
            .map(|m| (m.len() >= 2).then(|| Sampler::new(m, &weights, &blocs)))
            .collect();
        let mut order: Vec<u32> = (0..n as u32).collect();
        for i in (1..n).rev() {
            order.swap(i, rng.below(i + 1));
        }
        Model {
            opts: opts.clone(),
            blocs,
            everyone,
            per_bloc,
            order,
            max_attempts: opts.relations.saturating_mul(50).saturating_add(1000),
            start: rng,
        }
    }

    /// A partner for `u` of bloc `b` drawn by the planted model, or None if this draw is
    /// rejected.
    fn partner(&self, u: u32, b: u32, rng: &mut SplitMix64) -> Option<u32> {
        let inside = self.opts.blocs == 1 || rng.next_f64() < self.opts.within;
        let v = if inside {
            self.per_bloc[b as usize].as_ref()?.sample(rng)
        } else {
            // Rejection: a draw in the same bloc is retried a few times.
            (0..16)
                .map(|_| self.everyone.sample(rng))
                .find(|v| v.bloc != b)?
        };
        (v.item != u).then_some(v.item)
    }

    /// The candidate pairs, in the order drawn.
    fn candidates(&self) -> Candidates<'_> {
        Candidates {
            model: self,
            rng: self.start.clone(),
            next_actor: 0,
            attempts: 0,
        }
    }
}

/// The stream of candidate pairs: first one partner per actor, in a shuffled order (up to
/// eight tries each), then Chung–Lu draws, at most `50 × relations + 1000` of them. A pair may
/// come again; only its first occurrence is a relation, and the stream is read until the
/// graph's relations are all placed ([`distinct`]).
#[derive(Clone)]
struct Candidates<'a> {
    model: &'a Model,
    rng: SplitMix64,
    /// The first pass's place in `order`.
    next_actor: usize,
    /// Chung–Lu draws made so far.
    attempts: usize,
}

impl Iterator for Candidates<'_> {
    type Item = (u32, u32);

    fn next(&mut self) -> Option<(u32, u32)> {
        let model = self.model;
        while let Some(&u) = model.order.get(self.next_actor) {
            self.next_actor += 1;
            let b = model.blocs[u as usize];
            for _ in 0..8 {
                if let Some(v) = model.partner(u, b, &mut self.rng) {
                    return Some((u, v));
                }
            }
        }
        // A draw most often takes its actor, the bloc coin (with several blocs) and its
        // partner: the next draws' actors come from the values that far on. Fetching what they
        // will read (the guide two draws ahead, then the entry it points to one draw ahead)
        // hides the cache misses of a million actors' tables; a wrong guess costs nothing
        // but the fetch, and what is drawn does not change.
        let step = if model.opts.blocs == 1 { 2 } else { 3 };
        while self.attempts < model.max_attempts {
            self.attempts += 1;
            model.everyone.prefetch_entry(self.rng.peek_f64(1 + step));
            model
                .everyone
                .prefetch_guide(self.rng.peek_f64(1 + 2 * step));
            let u = model.everyone.sample(&mut self.rng);
            if let Some(v) = model.partner(u.item, u.bloc, &mut self.rng) {
                return Some((u.item, v));
            }
        }
        None
    }
}

/// A graph's pairs drawn ([`draw`]), before any actor or relation is made. Its pairs are not
/// held: they are in temporary files (16 bytes each, deleted with it), read back to make the
/// relations ([`Drawn::write`] one at a time). Memory is the model (about 52 bytes an actor).
pub struct Drawn {
    model: Model,
    /// The relations' pairs.
    firsts: FirstDraws,
    /// The stream's state after the drawing, where the actors' and relations' draws start.
    rng: SplitMix64,
}

/// Draws the pairs of the graph of `opts`: the part of [`generate`] that can fail.
pub fn draw(opts: &GenerateOptions) -> Result<Drawn, GenerateError> {
    check_options(opts)?;
    let model = Model::new(opts);
    let (firsts, rng) =
        match distinct::first_draws(model.candidates(), opts.relations, BUCKET_PAIRS) {
            Err(e) => return Err(e.into()),
            Ok(Err(placed)) => {
                return Err(GenerateError::TooDense {
                    placed,
                    wanted: opts.relations,
                });
            }
            Ok(Ok((firsts, after))) => (firsts, after.rng),
        };
    Ok(Drawn { model, firsts, rng })
}

/// The generated graph's name.
fn graph_name(opts: &GenerateOptions) -> String {
    format!(
        "synthetic {} actors, {} relations, {} blocs, noise {}, seed {}",
        opts.actors, opts.relations, opts.blocs, opts.noise, opts.seed
    )
}

/// The generated graph's description.
fn graph_description(opts: &GenerateOptions) -> String {
    format!(
        "Generated by `entente generate`: signed planted-partition Chung–Lu graph \
         (gamma {}, within {}{}).",
        opts.gamma,
        opts.within,
        if opts.multiplex > 1 {
            format!(", up to {} relations per pair", opts.multiplex)
        } else {
            String::new()
        }
    )
}

/// One thing the generator made.
enum Made {
    /// The `index`th actor, with its planted bloc.
    Actor {
        index: usize,
        actor: Actor,
        bloc: usize,
    },
    Relation(MadeRelation),
}

/// The `index`th relation, between the `u`th and `v`th of `actors`: made into a
/// [`Relation`] by whoever takes it, on any core.
struct MadeRelation {
    index: usize,
    actors: usize,
    u: u32,
    v: u32,
    kind: RelationKind,
    weight: f64,
    confidence: Confidence,
}

impl MadeRelation {
    fn to_relation(&self) -> Relation {
        let mut r = Relation::new(
            actor_id(self.u as usize, self.actors),
            actor_id(self.v as usize, self.actors),
            self.kind,
            self.weight,
        );
        r.confidence = self.confidence;
        r
    }
}

impl Drawn {
    /// Makes the actors (graph order) and then the relations, handing each to `take` as it
    /// is made; the first error stops it.
    fn emit<E: From<std::io::Error>>(
        mut self,
        mut take: impl FnMut(Made) -> Result<(), E>,
    ) -> Result<(), E> {
        let model = &self.model;
        let opts = &model.opts;
        let n = opts.actors;
        let rng = &mut self.rng;
        for i in 0..n {
            let id = actor_id(i, n);
            let name = format!("Actor {i}");
            let kind = pick(KINDS, rng);
            take(Made::Actor {
                index: i,
                actor: Actor::new(id, name, kind),
                bloc: model.blocs[i] as usize,
            })?;
        }
        let mut index = 0;
        for pair in self.firsts.pairs()? {
            let (u, v) = pair?;
            let planted = if model.blocs[u as usize] == model.blocs[v as usize] {
                1.0
            } else {
                -1.0
            };
            // One relation per pair draws nothing more, so that graphs stay what they were.
            let count = if opts.multiplex > 1 {
                1 + rng.below(opts.multiplex)
            } else {
                1
            };
            let (mut allied, mut hostile) = (0, 0);
            for _ in 0..count {
                let sign = if rng.next_f64() < opts.noise {
                    -planted
                } else {
                    planted
                };
                let magnitude = (10 + rng.below(91)) as f64 / 100.0;
                let weight = sign * magnitude;
                let kind = if count == 1 {
                    RelationKind::default_for_weight(weight)
                } else if weight > 0.0 {
                    allied += 1;
                    MULTIPLEX_KINDS[allied - 1].0
                } else {
                    hostile += 1;
                    MULTIPLEX_KINDS[hostile - 1].1
                };
                take(Made::Relation(MadeRelation {
                    index,
                    actors: n,
                    u,
                    v,
                    kind,
                    weight,
                    confidence: pick(CONFIDENCES, rng),
                }))?;
                index += 1;
            }
        }
        Ok(())
    }
}

/// Generates a graph. Deterministic in `opts`.
pub fn generate(opts: &GenerateOptions) -> Result<Generated, GenerateError> {
    let drawn = draw(opts)?;
    let blocs = drawn.model.blocs.iter().map(|&b| b as usize).collect();
    let mut graph = ActorGraph::new(graph_name(opts));
    graph.description = graph_description(opts);
    graph.reserve(opts.actors, opts.relations);
    drawn.emit(|m| -> Result<(), GenerateError> {
        match m {
            Made::Actor { actor, .. } => {
                graph
                    .add_actor(actor)
                    .expect("generated ids are distinct and valid");
            }
            // Pairs are distinct, never self-pairs, and a pair's kinds distinct: the
            // duplicate scan is not needed.
            Made::Relation(m) => {
                graph
                    .push_relation_unchecked(m.to_relation())
                    .expect("generated relations join known actors");
            }
        }
        Ok(())
    })?;
    Ok(Generated {
        graph,
        blocs,
        options: opts.clone(),
    })
}

/// A generated graph of `actors` and `relations` with the default blocs, noise and seed: the
/// large graph of a unit test.
#[cfg(test)]
pub(crate) fn sample(actors: usize, relations: usize) -> ActorGraph {
    let opts = GenerateOptions {
        actors,
        relations,
        ..GenerateOptions::default()
    };
    generate(&opts).expect("valid sizes").graph
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{csv, ron};
    use crate::model::Snapshot;
    use std::collections::HashSet;

    fn opts(actors: usize, relations: usize) -> GenerateOptions {
        GenerateOptions {
            actors,
            relations,
            ..GenerateOptions::default()
        }
    }

    #[test]
    fn same_seed_same_graph_other_seed_other_graph() {
        let a = generate(&opts(300, 1200)).unwrap();
        let b = generate(&opts(300, 1200)).unwrap();
        assert_eq!(a.graph, b.graph);
        assert_eq!(a.blocs, b.blocs);
        let c = generate(&GenerateOptions {
            seed: 2,
            ..opts(300, 1200)
        })
        .unwrap();
        assert_ne!(a.graph, c.graph);
    }

    #[test]
    fn relations_are_valid_distinct_and_counted() {
        let g = generate(&opts(500, 2500)).unwrap();
        assert_eq!(g.graph.actor_count(), 500);
        assert_eq!(g.graph.relation_count(), 2500);
        let errors: Vec<_> = g
            .graph
            .validate()
            .into_iter()
            .filter(|d| d.is_error())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        let mut pairs = HashSet::new();
        for r in g.graph.relations() {
            assert_ne!(r.from, r.to);
            let key = if r.from < r.to {
                (r.from.clone(), r.to.clone())
            } else {
                (r.to.clone(), r.from.clone())
            };
            assert!(pairs.insert(key), "pair repeated");
            assert_eq!(r.kind, RelationKind::default_for_weight(r.weight));
            assert!((0.1..=1.0).contains(&r.weight.abs()));
        }
    }

    #[test]
    fn without_noise_the_planted_partition_is_balanced() {
        let g = generate(&GenerateOptions {
            noise: 0.0,
            ..opts(400, 2000)
        })
        .unwrap();
        let s = Snapshot::new(&g.graph);
        for (u, v, w) in s.ties() {
            assert_eq!(g.blocs[u] == g.blocs[v], w > 0.0, "{u}-{v} {w}");
        }
    }

    #[test]
    fn noise_flips_about_its_share_and_most_ties_stay_inside() {
        let g = generate(&GenerateOptions {
            noise: 0.2,
            ..opts(2000, 10000)
        })
        .unwrap();
        let s = Snapshot::new(&g.graph);
        let (mut flipped, mut inside) = (0usize, 0usize);
        for (u, v, w) in s.ties() {
            let same = g.blocs[u] == g.blocs[v];
            inside += same as usize;
            flipped += (same != (w > 0.0)) as usize;
        }
        let share = flipped as f64 / 10000.0;
        assert!((0.18..0.22).contains(&share), "flipped {share}");
        // `within` = 0.7 plus the chance share of the first-pass partners.
        assert!(inside > 6000, "inside {inside}");
    }

    #[test]
    fn degrees_are_heavy_tailed_and_few_actors_isolated() {
        let g = generate(&opts(5000, 25000)).unwrap();
        let s = Snapshot::new(&g.graph);
        let mut deg: Vec<usize> = (0..s.len()).map(|u| s.undirected.degree(u)).collect();
        deg.sort_unstable();
        let mean = 2.0 * 25000.0 / 5000.0;
        // A power law with exponent 2.5: the largest hub has far more than the mean, the
        // median actor fewer.
        assert!(
            *deg.last().unwrap() as f64 > 10.0 * mean,
            "max {:?}",
            deg.last()
        );
        assert!((deg[deg.len() / 2] as f64) < mean);
        let isolated = deg.iter().filter(|&&d| d == 0).count();
        assert!(isolated < 50, "{isolated} isolated");
    }

    #[test]
    fn multiplex_pairs_hold_several_relations_of_distinct_kinds() {
        let o = GenerateOptions {
            multiplex: 4,
            noise: 0.2,
            ..opts(200, 600)
        };
        let g = generate(&o).unwrap().graph;
        assert!(g.validate().iter().all(|d| !d.is_error()));
        let s = Snapshot::new(&g);
        // 600 pairs, each with 1 to 4 relations (2.5 on average).
        assert_eq!(s.tie_count(), 600);
        assert!(
            (1300..1700).contains(&g.relation_count()),
            "{}",
            g.relation_count()
        );
        let one = generate(&opts(200, 600)).unwrap().graph;
        assert_eq!(one.relation_count(), 600);
    }

    #[test]
    fn bad_options_are_refused_with_reasons() {
        for o in [
            opts(1, 0),
            GenerateOptions {
                blocs: 0,
                ..opts(10, 5)
            },
            GenerateOptions {
                noise: 1.5,
                ..opts(10, 5)
            },
            GenerateOptions {
                multiplex: 5,
                ..opts(10, 5)
            },
            opts(10, 40),
        ] {
            assert!(
                matches!(generate(&o), Err(GenerateError::BadOption(_))),
                "{o:?}"
            );
        }
    }

    #[test]
    fn streamed_files_are_the_graph_and_its_writers_byte_for_byte() {
        for o in [
            opts(50, 120),
            GenerateOptions {
                multiplex: 3,
                noise: 0.3,
                seed: 7,
                ..opts(300, 900)
            },
            GenerateOptions {
                blocs: 1,
                ..opts(2, 0)
            },
            // More than a batch of the writer's, with actors and relations in one batch.
            opts(20_000, 50_000),
        ] {
            let g = generate(&o).unwrap();
            let mut files: [Vec<u8>; 5] = Default::default();
            let [ron_text, nodes, edges, list, blocs] = &mut files;
            let written = draw(&o)
                .unwrap()
                .write(Outputs {
                    ron: Some(ron_text),
                    nodes_csv: Some(nodes),
                    edges_csv: Some(edges),
                    edge_list: Some(list),
                    partition: Some(blocs),
                })
                .unwrap();
            assert_eq!(
                written,
                Written {
                    actors: g.graph.actor_count(),
                    relations: g.graph.relation_count()
                }
            );
            let expected = [
                ron::to_string(&g.graph),
                g.nodes_csv(),
                g.edges_csv(),
                g.edge_list(),
                g.partition_json(),
            ];
            for (got, want) in files.iter().zip(&expected) {
                assert_eq!(std::str::from_utf8(got).unwrap(), want, "{o:?}");
            }
            // Any file may be left out.
            let mut only = Vec::new();
            draw(&o)
                .unwrap()
                .write(Outputs {
                    edge_list: Some(&mut only),
                    ..Outputs::default()
                })
                .unwrap();
            assert_eq!(std::str::from_utf8(&only).unwrap(), expected[3]);
        }
    }

    #[test]
    fn a_value_peeked_ahead_is_the_one_drawn_there() {
        let mut rng = SplitMix64::new(42);
        for _ in 0..100 {
            let ahead: Vec<f64> = (1..=7).map(|k| rng.peek_f64(k)).collect();
            let drawn: Vec<f64> = (0..7).map(|_| rng.next_f64()).collect();
            assert_eq!(ahead, drawn);
        }
    }

    #[test]
    fn a_graph_too_dense_for_its_model_is_refused_with_what_was_placed() {
        // 50 blocs of two actors and every tie inside a bloc: about 50 pairs exist. 89 is
        // what the generator placed before its pairs were spilled to files (it held them in
        // a set), from the same stream.
        let o = GenerateOptions {
            blocs: 50,
            within: 1.0,
            ..opts(100, 1200)
        };
        let e = generate(&o).unwrap_err();
        assert_eq!(
            e,
            GenerateError::TooDense {
                placed: 89,
                wanted: 1200
            }
        );
        assert!(draw(&o).is_err());
    }

    #[test]
    fn side_outputs_agree_with_the_graph() {
        let g = generate(&opts(50, 120)).unwrap();
        let list = g.edge_list();
        assert_eq!(list.lines().count(), 120);
        let first = g.graph.relations().next().unwrap();
        let mut parts = list.lines().next().unwrap().split(' ');
        let u: usize = parts.next().unwrap().parse().unwrap();
        assert_eq!(actor_id(u, 50), first.from.as_str());
        assert_eq!(g.nodes_csv().lines().count(), 51);
        assert_eq!(g.edges_csv().lines().count(), 121);
        // The tables import with the default columns to the same graph.
        let (nodes, edges) = (g.nodes_csv(), g.edges_csv());
        let back = csv::import(&csv::CsvInput {
            edges: csv::CsvFile::new("edges.csv", &edges),
            nodes: Some(csv::CsvFile::new("nodes.csv", &nodes)),
            columns: &csv::CsvColumns::default(),
            graph_name: &g.graph.name,
        })
        .unwrap();
        let mut expected = g.graph.clone();
        expected.description.clear();
        assert_eq!(back.graph, expected);
        let p: serde_json::Value = serde_json::from_str(&g.partition_json()).unwrap();
        assert_eq!(p["bloc"].as_array().unwrap().len(), 50);
        assert_eq!(p["actors"][3], "A03");
        // The RON round-trips through the loader.
        let text = ron::to_string(&g.graph);
        let back = ron::from_str(&text).unwrap();
        assert_eq!(back.graph, g.graph);
    }
}
