//! Robustness: which findings survive what the analyst is unsure of.
//!
//! A Monte Carlo over the graph's uncertainty (`sample`): each sample keeps each relation
//! with the probability its confidence level is given and jitters the weights it keeps;
//! every analysis is re-run on it (`run`: blocs, centrality ranks, influence ranks). The
//! result gives, over the samples, the probability that each pair of actors shares a bloc
//! and the consensus partition (`consensus`), each actor's rank interval (5th to 95th
//! percentile) by each measure, the stability of each influence ranking, and the
//! distribution of the bloc frustration. Separately and without sampling (`holds`), the
//! findings of the graph itself are re-checked with every claim below each confidence level
//! dropped.
//!
//! This is the approach of Borgatti, Carley & Krackhardt (2006, "On the robustness of
//! centrality measures under conditions of imperfect data", *Social Networks* 28(2)):
//! perturb the ties as the data may be wrong, and measure how far the results move — here
//! with the perturbation each claim's own confidence calls for, on signed ties read as
//! Everett & Borgatti (2014) read them.
//!
//! Deterministic: sample i draws from a stream seeded by (seed, i) alone, the bloc search of
//! a sample runs to a node budget rather than a clock, and everything is aggregated by
//! counting (or, for the frustrations, sorted first), so the result does not depend on the
//! number of threads. See `docs/analysis/robustness.md`.

pub mod consensus;
pub mod holds;
pub mod run;
pub mod sample;
#[cfg(test)]
mod tests;

use crate::analysis::blocs::BlocOptions;
use crate::analysis::centrality::{CentralityOptions, Measure, centrality_in};
use crate::analysis::influence::InfluenceOptions;
use crate::model::{ActorGraph, ActorId, Confidence, Snapshot};
use consensus::CoMembership;
use rayon::prelude::*;
pub use run::{RunOutcome, RunSpec, competition_ranks};
pub use sample::{DEFAULT_JITTER, KeepTable, SampleModel, Sampler, sample_seed};
use serde::Serialize;
use std::collections::BTreeMap;

/// The measures followed by default: PageRank (standing among allies), betweenness
/// (brokerage), the signed strength, and Everett & Borgatti's PN (signs).
pub const DEFAULT_MEASURES: [Measure; 4] = [
    Measure::Pagerank,
    Measure::Betweenness,
    Measure::WeightedDegree,
    Measure::Pn,
];

/// Branch-and-bound nodes per sample's bloc search: a budget, not a clock, so a sample's
/// partition is the same on every machine. The shipped graph's samples are proved optimal
/// well within it; a sample that is not is counted ([`RobustnessResult::samples_not_optimal`]).
pub const SAMPLE_NODE_BUDGET: u64 = 200_000;

/// Ranks are followed for every actor up to this many actors; beyond, for the actors in the
/// top [`TRACK_TOP`] of a measure or an influence ranking on the graph itself.
pub const TRACK_ALL_UP_TO: usize = 1000;
pub const TRACK_TOP: usize = 200;

/// Samples processed between two progress reports.
const CHUNK: usize = 64;

#[derive(Debug, Clone)]
pub struct RobustnessOptions {
    pub samples: usize,
    pub seed: u64,
    pub model: SampleModel,
    /// The bloc search of every run (a sample's, a confidence level's, the graph's).
    pub blocs: BlocOptions,
    pub measures: Vec<Measure>,
    /// Influence targets; none: the actor with the highest PageRank on the graph itself.
    pub targets: Vec<ActorId>,
    pub influence: InfluenceOptions,
    /// N of the top-N findings: the top N of each measure and influence ranking.
    pub top: usize,
}

impl Default for RobustnessOptions {
    fn default() -> Self {
        RobustnessOptions {
            samples: 1000,
            seed: 1,
            model: SampleModel::default(),
            blocs: sample_bloc_options(),
            measures: DEFAULT_MEASURES.to_vec(),
            targets: Vec::new(),
            influence: InfluenceOptions::default(),
            top: 5,
        }
    }
}

/// The bloc options of a run: the defaults of `entente blocs` with the time limit replaced
/// by [`SAMPLE_NODE_BUDGET`].
pub fn sample_bloc_options() -> BlocOptions {
    BlocOptions {
        node_budget: SAMPLE_NODE_BUDGET,
        time_limit: None,
        ..BlocOptions::default()
    }
}

/// Five numbers of a distribution: the mean, and the 0th, 5th, 50th, 95th and 100th
/// percentiles (nearest rank: the ⌈p·N⌉-th smallest value).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    pub mean: f64,
    pub min: f64,
    pub p5: f64,
    pub median: f64,
    pub p95: f64,
    pub max: f64,
}

impl Spread {
    /// Of values (sorted here, so their order does not matter).
    pub fn of(values: &[f64]) -> Spread {
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        let sum: f64 = v.iter().sum();
        let at = |p: f64| v[nearest_rank(p, v.len())];
        if v.is_empty() {
            return Spread {
                mean: 0.0,
                min: 0.0,
                p5: 0.0,
                median: 0.0,
                p95: 0.0,
                max: 0.0,
            };
        }
        Spread {
            mean: sum / v.len() as f64,
            min: v[0],
            p5: at(0.05),
            median: at(0.5),
            p95: at(0.95),
            max: v[v.len() - 1],
        }
    }
}

/// The index of the ⌈p·N⌉-th smallest of N values.
fn nearest_rank(p: f64, n: usize) -> usize {
    ((p * n as f64).ceil() as usize).clamp(1, n.max(1)) - 1
}

/// How many samples gave each value.
type Counts = BTreeMap<u32, u32>;

/// The ⌈p·N⌉-th smallest value counted.
fn count_quantile(c: &Counts, p: f64) -> u32 {
    let n: u32 = c.values().sum();
    let want = nearest_rank(p, n as usize) as u32 + 1;
    let mut seen = 0;
    for (&v, &k) in c {
        seen += k;
        if seen >= want {
            return v;
        }
    }
    0
}

/// The sampling model as run, with the relations of each level.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ModelSummary {
    pub levels: Vec<KeepLevel>,
    pub jitter: f64,
    /// Relations a sample keeps on average.
    pub expected_relations: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct KeepLevel {
    #[serde(serialize_with = "crate::model::types::kebab")]
    pub confidence: Confidence,
    pub keep: f64,
    pub relations: usize,
}

/// An actor's rank over the samples (competition ranks; in an influence ranking `null`
/// means no path into the target).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RankInterval {
    pub actor: ActorId,
    /// Its rank on the graph itself.
    pub plain: Option<u32>,
    pub p5: Option<u32>,
    pub median: Option<u32>,
    pub p95: Option<u32>,
    /// The share of samples that rank it in the top N.
    pub in_top: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MeasureRanks {
    pub measure: Measure,
    /// Followed actors, by rank on the graph itself (then id).
    pub actors: Vec<RankInterval>,
}

/// How stable the ranking of influences on one target is.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InfluenceStability {
    pub target: ActorId,
    /// The share of samples whose strongest influence is the graph's.
    pub same_first: f64,
    /// The mean share of the graph's top N that a sample's top N keeps.
    pub mean_overlap: f64,
    /// The share of samples with the graph's top N, in any order.
    pub same_top: f64,
    /// The graph's top N, then any actor in a sample's top N in at least 5 % of samples.
    pub actors: Vec<RankInterval>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PairProbability {
    pub a: ActorId,
    pub b: ActorId,
    /// The share of samples in which they share a bloc.
    pub probability: f64,
    /// Whether they share a bloc on the graph itself.
    pub plain: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ConsensusBloc {
    pub id: usize,
    pub members: Vec<ActorId>,
    /// Per member: the mean probability that it shares a bloc with each other member (for
    /// a bloc of one: that it stands alone); `null` when no pair of the bloc is followed.
    pub membership: Vec<Option<f64>>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BlocRobustness {
    /// Blocs on the graph itself.
    pub plain_blocs: usize,
    /// The number of blocs per sample.
    pub blocs_per_sample: Spread,
    /// The consensus partition, numbered as `entente blocs` numbers blocs.
    pub consensus: Vec<ConsensusBloc>,
    /// Its frustration against the co-membership probabilities (Σ |p − ½| over the pairs
    /// it contradicts): 0 when every sample agrees.
    pub consensus_frustration: f64,
    /// Whether every pair is followed (else only the pairs joined by a tie).
    pub all_pairs: bool,
    /// Followed pairs that share a bloc in some sample or on the graph itself, least
    /// certain first.
    pub pairs: Vec<PairProbability>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FrustrationSpread {
    /// On the graph itself.
    pub plain: f64,
    /// On the graph itself, as a share of Σ|w|.
    pub plain_share: f64,
    pub absolute: Spread,
    /// Frustration ÷ Σ|w| of each sample (samples lose weight as they drop relations).
    pub share: Spread,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RobustnessResult {
    pub graph: String,
    pub actors: usize,
    pub relations: usize,
    pub samples: usize,
    pub seed: u64,
    pub model: ModelSummary,
    pub top: usize,
    pub blocs: BlocRobustness,
    pub frustration: FrustrationSpread,
    pub centrality: Vec<MeasureRanks>,
    pub influence: Vec<InfluenceStability>,
    pub holds: holds::Holds,
    /// Samples whose bloc partition is not proved optimal: the best found by the heuristic
    /// (a component above the exact limit) or when the node budget ran out.
    pub samples_not_optimal: usize,
    pub notes: Vec<String>,
}

/// Why robustness could not run.
#[derive(Debug, Clone, PartialEq)]
pub enum RobustnessError {
    UnknownTarget(ActorId),
    NoActors,
}

impl std::fmt::Display for RobustnessError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RobustnessError::UnknownTarget(id) => write!(f, "no actor `{id}` in the graph"),
            RobustnessError::NoActors => f.write_str("the graph has no actors"),
        }
    }
}

impl std::error::Error for RobustnessError {}

/// A progress report: `(samples done, samples)`.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Runs the Monte Carlo and the confidence levels on `g`.
pub fn robustness(
    g: &ActorGraph,
    opts: &RobustnessOptions,
    progress: Option<Progress>,
) -> Result<RobustnessResult, RobustnessError> {
    if g.actor_count() == 0 {
        return Err(RobustnessError::NoActors);
    }
    // Samples clone the graph: without its events and tallies, which no analysis here reads.
    let mut base = g.clone();
    base.events_mut().clear();
    base.tallies_mut().clear();
    let s = Snapshot::new(&base);
    let mut spec = RunSpec {
        blocs: opts.blocs.clone(),
        measures: dedup(&opts.measures),
        targets: targets(&base, &s, &opts.targets)?,
        influence: InfluenceOptions {
            top: None,
            ..opts.influence.clone()
        },
        start: None,
    };
    let plain = run::run(&base, &spec);
    let holds = holds::holds(&base, &s, &spec, &plain, opts.top as u32);
    spec.start = Some(plain.labels.clone());
    let tracked = tracked_actors(&plain, s.len());
    let sampler = Sampler::new(&base, &opts.model);
    let mut acc = Accumulator::new(&s, &spec, tracked.len());
    let total = opts.samples;
    let mut done = 0;
    while done < total {
        let end = (done + CHUNK).min(total);
        let outcomes: Vec<RunOutcome> = (done..end)
            .into_par_iter()
            .map(|i| run::run(&sampler.draw(sample_seed(opts.seed, i as u64)), &spec))
            .collect();
        for o in &outcomes {
            acc.add(o, &plain, &tracked, opts.top as u32);
        }
        done = end;
        if let Some(p) = progress {
            p(done, total);
        }
    }
    let parts = Parts {
        g: &base,
        s: &s,
        opts,
        spec: &spec,
        plain: &plain,
        tracked: &tracked,
    };
    Ok(parts.assemble(acc, holds))
}

fn dedup(measures: &[Measure]) -> Vec<Measure> {
    let mut out: Vec<Measure> = Vec::new();
    for &m in measures {
        if !out.contains(&m) {
            out.push(m);
        }
    }
    out
}

/// The node numbers of the targets: those asked for, or the highest PageRank.
fn targets(g: &ActorGraph, s: &Snapshot, ids: &[ActorId]) -> Result<Vec<usize>, RobustnessError> {
    if ids.is_empty() {
        let opts = CentralityOptions {
            measures: vec![Measure::Pagerank],
            ..CentralityOptions::default()
        };
        let c = centrality_in(g, s, &opts, None);
        let first = c
            .ranking_top(Measure::Pagerank, 1)
            .first()
            .map(|a| a.actor.clone());
        return Ok(first.and_then(|id| s.index_of(&id)).into_iter().collect());
    }
    let mut out = Vec::new();
    for id in ids {
        let u = s
            .index_of(id)
            .ok_or_else(|| RobustnessError::UnknownTarget(id.clone()))?;
        if !out.contains(&u) {
            out.push(u);
        }
    }
    Ok(out)
}

/// The actors whose ranks are followed, by node number.
fn tracked_actors(plain: &RunOutcome, n: usize) -> Vec<usize> {
    if n <= TRACK_ALL_UP_TO {
        return (0..n).collect();
    }
    let mut keep = vec![false; n];
    for ranks in plain.ranks.iter().chain(&plain.influence) {
        for (u, &r) in ranks.iter().enumerate() {
            keep[u] |= (1..=TRACK_TOP as u32).contains(&r);
        }
    }
    (0..n).filter(|&u| keep[u]).collect()
}

/// What the samples add up to.
struct Accumulator {
    co: CoMembership,
    frustration: Vec<f64>,
    share: Vec<f64>,
    blocs: Vec<f64>,
    not_optimal: usize,
    /// `ranks[series][tracked actor]`: how many samples gave each rank; series are the
    /// measures, then the influence targets.
    ranks: Vec<Vec<Counts>>,
    /// `in_top[series][tracked actor]`: samples ranking it in the top N.
    in_top: Vec<Vec<u32>>,
    /// Per target: samples with the graph's strongest influence first, samples with its top
    /// N, and the summed overlap with its top N (in actors).
    first: Vec<u32>,
    same_top: Vec<u32>,
    overlap: Vec<u64>,
}

fn in_top(r: u32, top: u32) -> bool {
    (1..=top).contains(&r)
}

impl Accumulator {
    fn new(s: &Snapshot, spec: &RunSpec, tracked: usize) -> Accumulator {
        let series = spec.measures.len() + spec.targets.len();
        let t = spec.targets.len();
        Accumulator {
            co: CoMembership::new(s),
            frustration: Vec::new(),
            share: Vec::new(),
            blocs: Vec::new(),
            not_optimal: 0,
            ranks: vec![vec![Counts::new(); tracked]; series],
            in_top: vec![vec![0; tracked]; series],
            first: vec![0; t],
            same_top: vec![0; t],
            overlap: vec![0; t],
        }
    }

    fn add(&mut self, o: &RunOutcome, plain: &RunOutcome, tracked: &[usize], top: u32) {
        self.co.add(&o.labels);
        self.frustration.push(o.frustration);
        self.share.push(share(o.frustration, o.total_weight));
        let distinct: std::collections::BTreeSet<u32> = o.labels.iter().copied().collect();
        self.blocs.push(distinct.len() as f64);
        self.not_optimal += usize::from(!o.optimal);
        for (k, ranks) in o.ranks.iter().chain(&o.influence).enumerate() {
            for (i, &u) in tracked.iter().enumerate() {
                let r = ranks[u];
                *self.ranks[k][i].entry(r).or_insert(0) += 1;
                self.in_top[k][i] += u32::from(in_top(r, top));
            }
        }
        for (t, (ranks, base)) in o.influence.iter().zip(&plain.influence).enumerate() {
            let firsts = |rs: &[u32]| {
                rs.iter()
                    .enumerate()
                    .filter(|p| *p.1 == 1)
                    .map(|p| p.0)
                    .collect::<Vec<_>>()
            };
            self.first[t] += u32::from(firsts(ranks) == firsts(base));
            let (mut common, mut same) = (0u64, true);
            for (&r, &b) in ranks.iter().zip(base) {
                common += u64::from(in_top(b, top) && in_top(r, top));
                same &= in_top(b, top) == in_top(r, top);
            }
            self.overlap[t] += common;
            self.same_top[t] += u32::from(same);
        }
    }
}

fn share(f: f64, total: f64) -> f64 {
    if total > 0.0 { f / total } else { 0.0 }
}

/// An influence rank as reported: `None` for no path.
fn reported(r: u32) -> Option<u32> {
    (r != run::NO_PATH).then_some(r)
}

struct Parts<'a> {
    g: &'a ActorGraph,
    s: &'a Snapshot,
    opts: &'a RobustnessOptions,
    spec: &'a RunSpec,
    plain: &'a RunOutcome,
    tracked: &'a [usize],
}

impl Parts<'_> {
    fn assemble(&self, acc: Accumulator, holds: holds::Holds) -> RobustnessResult {
        let (s, opts, plain) = (self.s, self.opts, self.plain);
        let samples = acc.co.samples;
        let per = |k: u32| f64::from(k) / f64::from(samples.max(1));
        let top = opts.top as u32;
        // Rank intervals of one series, in plain order.
        let intervals = |k: usize, base: &[u32], keep: &dyn Fn(usize) -> bool| {
            let mut rows: Vec<RankInterval> = self
                .tracked
                .iter()
                .enumerate()
                .filter(|&(i, &u)| {
                    keep(u)
                        && base[u] != 0
                        && (in_top(base[u], top)
                            || per(acc.in_top[k][i]) >= 0.05
                            || k < self.spec.measures.len())
                })
                .map(|(i, &u)| {
                    let c = &acc.ranks[k][i];
                    RankInterval {
                        actor: s.ids[u].clone(),
                        plain: reported(base[u]),
                        p5: reported(count_quantile(c, 0.05)),
                        median: reported(count_quantile(c, 0.5)),
                        p95: reported(count_quantile(c, 0.95)),
                        in_top: per(acc.in_top[k][i]),
                    }
                })
                .collect();
            rows.sort_by(|a, b| {
                a.plain
                    .unwrap_or(u32::MAX)
                    .cmp(&b.plain.unwrap_or(u32::MAX))
                    .then(a.actor.cmp(&b.actor))
            });
            rows
        };
        let centrality = self
            .spec
            .measures
            .iter()
            .enumerate()
            .map(|(k, &m)| MeasureRanks {
                measure: m,
                actors: intervals(k, &plain.ranks[k], &|_| true),
            })
            .collect();
        let influence = self
            .spec
            .targets
            .iter()
            .enumerate()
            .map(|(t, &target)| {
                let k = self.spec.measures.len() + t;
                let base = &plain.influence[t];
                let in_plain_top = base.iter().filter(|&&r| in_top(r, top)).count();
                InfluenceStability {
                    target: s.ids[target].clone(),
                    same_first: per(acc.first[t]),
                    mean_overlap: if in_plain_top == 0 {
                        1.0
                    } else {
                        acc.overlap[t] as f64 / (f64::from(samples.max(1)) * in_plain_top as f64)
                    },
                    same_top: per(acc.same_top[t]),
                    actors: intervals(k, base, &|u| u != target),
                }
            })
            .collect();
        RobustnessResult {
            graph: self.g.name.clone(),
            actors: s.len(),
            relations: self.g.relation_count(),
            samples: samples as usize,
            seed: opts.seed,
            model: self.model_summary(),
            top: opts.top,
            blocs: self.bloc_robustness(&acc),
            frustration: FrustrationSpread {
                plain: plain.frustration,
                plain_share: share(plain.frustration, plain.total_weight),
                absolute: Spread::of(&acc.frustration),
                share: Spread::of(&acc.share),
            },
            centrality,
            influence,
            holds,
            samples_not_optimal: acc.not_optimal,
            notes: self.notes(),
        }
    }

    fn model_summary(&self) -> ModelSummary {
        let model = &self.opts.model;
        let levels: Vec<KeepLevel> = Confidence::ALL
            .iter()
            .map(|&c| KeepLevel {
                confidence: c,
                keep: model.keep.get(c),
                relations: self.g.relations().filter(|r| r.confidence == c).count(),
            })
            .collect();
        let expected_relations = levels.iter().map(|l| l.keep * l.relations as f64).sum();
        ModelSummary {
            levels,
            jitter: model.jitter,
            expected_relations,
        }
    }

    fn bloc_robustness(&self, acc: &Accumulator) -> BlocRobustness {
        let (s, co) = (self.s, &acc.co);
        let (labels, consensus_frustration) =
            co.consensus(&self.plain.labels, self.opts.blocs.seed);
        let mut p_of: BTreeMap<(u32, u32), f64> = BTreeMap::new();
        let mut pairs = Vec::new();
        for (i, &(u, v)) in co.pairs.iter().enumerate() {
            let p = co.probability(i);
            let together = self.plain.labels[u as usize] == self.plain.labels[v as usize];
            p_of.insert((u, v), p);
            if p > 0.0 || together {
                let (a, b) = (s.ids[u as usize].clone(), s.ids[v as usize].clone());
                let (a, b) = if a <= b { (a, b) } else { (b, a) };
                pairs.push(PairProbability {
                    a,
                    b,
                    probability: p,
                    plain: together,
                });
            }
        }
        // Least certain first: nearest ½, then by ids.
        pairs.sort_by(|x, y| {
            (x.probability - 0.5)
                .abs()
                .total_cmp(&(y.probability - 0.5).abs())
                .then_with(|| x.a.cmp(&y.a))
                .then_with(|| x.b.cmp(&y.b))
        });
        let consensus = consensus::groups(&labels, &s.ids)
            .into_iter()
            .enumerate()
            .map(|(id, members)| {
                let membership = members
                    .iter()
                    .map(|&u| {
                        if members.len() == 1 {
                            return Some(f64::from(co.alone[u]) / f64::from(co.samples.max(1)));
                        }
                        let ps: Vec<f64> = members
                            .iter()
                            .filter(|&&v| v != u)
                            .filter_map(|&v| p_of.get(&(u.min(v) as u32, u.max(v) as u32)).copied())
                            .collect();
                        (!ps.is_empty()).then(|| ps.iter().sum::<f64>() / ps.len() as f64)
                    })
                    .collect();
                ConsensusBloc {
                    id,
                    members: members.iter().map(|&u| s.ids[u].clone()).collect(),
                    membership,
                }
            })
            .collect();
        BlocRobustness {
            plain_blocs: consensus::groups(&self.plain.labels, &s.ids).len(),
            blocs_per_sample: Spread::of(&acc.blocs),
            consensus,
            consensus_frustration,
            all_pairs: co.all_pairs,
            pairs,
        }
    }

    fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.tracked.len() < self.s.len() {
            notes.push(format!(
                "ranks are followed for the {} actors in the top {TRACK_TOP} of a measure or an \
                 influence ranking on the graph itself (of {} actors)",
                self.tracked.len(),
                self.s.len()
            ));
        }
        if self.s.len() > consensus::ALL_PAIRS_UP_TO {
            notes.push(format!(
                "bloc co-membership is counted for the pairs joined by a tie (over {} actors, \
                 every pair would not fit in memory)",
                consensus::ALL_PAIRS_UP_TO
            ));
        }
        notes
    }
}
