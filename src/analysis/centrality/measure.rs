//! The centrality measures by name, the options a request takes and the result it returns
//! (with its JSON shape: actors keyed by id, measures by name).

use super::betweenness::Parallelism;
use crate::model::ActorId;
use serde::Serialize;
use serde::ser::{SerializeMap, SerializeStruct, Serializer};

/// A centrality measure. Its name is its JSON key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Degree,
    PositiveDegree,
    NegativeDegree,
    NetDegree,
    WeightedDegree,
    Betweenness,
    WeightedBetweenness,
    Closeness,
    WeightedCloseness,
    Harmonic,
    WeightedHarmonic,
    Eigenvector,
    Pagerank,
    Katz,
    Pn,
}

impl Measure {
    /// Whether the measure searches shortest paths from every actor: O(n·m) (unweighted)
    /// or O(n·m·log n) (weighted), hours on graphs with millions of relations.
    pub fn searches_from_every_actor(self) -> bool {
        matches!(
            self,
            Measure::Betweenness
                | Measure::WeightedBetweenness
                | Measure::Closeness
                | Measure::WeightedCloseness
                | Measure::Harmonic
                | Measure::WeightedHarmonic
        )
    }

    pub const ALL: [Measure; 15] = [
        Measure::Degree,
        Measure::PositiveDegree,
        Measure::NegativeDegree,
        Measure::NetDegree,
        Measure::WeightedDegree,
        Measure::Betweenness,
        Measure::WeightedBetweenness,
        Measure::Closeness,
        Measure::WeightedCloseness,
        Measure::Harmonic,
        Measure::WeightedHarmonic,
        Measure::Eigenvector,
        Measure::Pagerank,
        Measure::Katz,
        Measure::Pn,
    ];

    /// The JSON key and command-line name (`weighted_betweenness`).
    pub fn name(self) -> &'static str {
        match self {
            Measure::Degree => "degree",
            Measure::PositiveDegree => "positive_degree",
            Measure::NegativeDegree => "negative_degree",
            Measure::NetDegree => "net_degree",
            Measure::WeightedDegree => "weighted_degree",
            Measure::Betweenness => "betweenness",
            Measure::WeightedBetweenness => "weighted_betweenness",
            Measure::Closeness => "closeness",
            Measure::WeightedCloseness => "weighted_closeness",
            Measure::Harmonic => "harmonic",
            Measure::WeightedHarmonic => "weighted_harmonic",
            Measure::Eigenvector => "eigenvector",
            Measure::Pagerank => "pagerank",
            Measure::Katz => "katz",
            Measure::Pn => "pn",
        }
    }

    /// A short column heading for tables.
    pub fn short(self) -> &'static str {
        match self {
            Measure::Degree => "deg",
            Measure::PositiveDegree => "+deg",
            Measure::NegativeDegree => "-deg",
            Measure::NetDegree => "net",
            Measure::WeightedDegree => "w.deg",
            Measure::Betweenness => "btw",
            Measure::WeightedBetweenness => "w.btw",
            Measure::Closeness => "clo",
            Measure::WeightedCloseness => "w.clo",
            Measure::Harmonic => "harm",
            Measure::WeightedHarmonic => "w.harm",
            Measure::Eigenvector => "eig",
            Measure::Pagerank => "pr",
            Measure::Katz => "katz",
            Measure::Pn => "pn",
        }
    }

    /// Measures that `--normalized` rescales (the others have a fixed scale).
    pub fn normalizable(self) -> bool {
        matches!(
            self,
            Measure::Degree
                | Measure::PositiveDegree
                | Measure::NegativeDegree
                | Measure::NetDegree
                | Measure::WeightedDegree
                | Measure::Betweenness
                | Measure::WeightedBetweenness
                | Measure::Harmonic
                | Measure::WeightedHarmonic
        )
    }
}

impl std::fmt::Display for Measure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Measure {
    type Err = String;
    /// Accepts `weighted_betweenness` and `weighted-betweenness`.
    fn from_str(s: &str) -> Result<Self, String> {
        let snake = s.replace('-', "_");
        Measure::ALL
            .into_iter()
            .find(|m| m.name() == snake)
            .ok_or_else(|| {
                format!(
                    "unknown measure `{s}` (expected one of: {})",
                    Measure::ALL.map(|m| m.name()).join(", ")
                )
            })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CentralityOptions {
    /// Measures to compute; empty means all.
    pub measures: Vec<Measure>,
    /// The measure tables for people are sorted by; `None` means the first of `measures`,
    /// or PageRank when all are computed.
    pub rank_by: Option<Measure>,
    /// Rescale the measures that have a natural maximum (see [`Measure::normalizable`]).
    pub normalized: bool,
    /// PageRank damping factor.
    pub damping: f64,
    /// Katz attenuation; `None` picks `min(0.1, 0.9 / λ)` for the largest eigenvalue λ of
    /// the allied ties, so that the series converges.
    pub katz_alpha: Option<f64>,
    pub katz_beta: f64,
    /// Iterations (power steps, sweeps) stop when one changes the vector by less than
    /// `n × tolerance` in L1.
    pub tolerance: f64,
    pub max_iterations: usize,
    pub parallelism: Parallelism,
    /// Estimate betweenness from this many source actors drawn at random (Brandes & Pich
    /// 2007) instead of all of them; for large graphs.
    pub betweenness_samples: Option<usize>,
    /// Seed of the draw of sources.
    pub seed: u64,
}

impl Default for CentralityOptions {
    fn default() -> Self {
        CentralityOptions {
            measures: Vec::new(),
            rank_by: None,
            normalized: false,
            damping: 0.85,
            katz_alpha: None,
            katz_beta: 1.0,
            tolerance: 1e-12,
            max_iterations: 100_000,
            parallelism: Parallelism::Auto,
            betweenness_samples: None,
            seed: 1,
        }
    }
}

/// The parameters the spectral measures ran with.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Parameters {
    /// Sources betweenness was estimated from (`null`: all, exact).
    pub betweenness_samples: Option<usize>,
    pub pagerank_damping: f64,
    pub katz_alpha: f64,
    pub katz_beta: f64,
    pub tolerance: f64,
}

/// One actor's values, in the order of [`CentralityResult::measures`].
#[derive(Debug, Clone, PartialEq)]
pub struct ActorCentrality {
    pub actor: ActorId,
    pub name: String,
    pub values: Vec<f64>,
}

/// Every requested measure for every actor. JSON: the fields below, with `actors` a map
/// from actor id (sorted) to `{measure name: value}` in the order of `measures`.
#[derive(Debug, Clone, PartialEq)]
pub struct CentralityResult {
    pub graph: String,
    /// Actors in the graph (`actors` holds fewer after [`CentralityResult::top`]).
    pub actor_count: usize,
    /// Whether any relation is directed (see the module documentation).
    pub directed: bool,
    pub normalized: bool,
    pub measures: Vec<Measure>,
    /// The measure tables for people are sorted by.
    pub ranked_by: Measure,
    pub parameters: Parameters,
    /// Problems met (a power iteration that did not converge).
    pub notes: Vec<String>,
    /// In graph order.
    pub actors: Vec<ActorCentrality>,
}

impl Serialize for CentralityResult {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Values<'a>(&'a [Measure], &'a [f64]);
        impl Serialize for Values<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.len()))?;
                for (measure, v) in self.0.iter().zip(self.1) {
                    m.serialize_entry(measure.name(), v)?;
                }
                m.end()
            }
        }
        struct Actors<'a>(&'a CentralityResult);
        impl Serialize for Actors<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut sorted: Vec<&ActorCentrality> = self.0.actors.iter().collect();
                sorted.sort_by(|a, b| a.actor.cmp(&b.actor));
                let mut m = s.serialize_map(Some(sorted.len()))?;
                for a in sorted {
                    m.serialize_entry(a.actor.as_str(), &Values(&self.0.measures, &a.values))?;
                }
                m.end()
            }
        }
        let mut st = s.serialize_struct("CentralityResult", 9)?;
        st.serialize_field("graph", &self.graph)?;
        st.serialize_field("actor_count", &self.actor_count)?;
        st.serialize_field("directed", &self.directed)?;
        st.serialize_field("normalized", &self.normalized)?;
        st.serialize_field("measures", &self.measures)?;
        st.serialize_field("ranked_by", &self.ranked_by)?;
        st.serialize_field("parameters", &self.parameters)?;
        st.serialize_field("notes", &self.notes)?;
        st.serialize_field("actors", &Actors(self))?;
        st.end()
    }
}

impl CentralityResult {
    /// The values of one measure, in actor order, if it was computed.
    pub fn values(&self, m: Measure) -> Option<Vec<f64>> {
        let i = self.measures.iter().position(|&x| x == m)?;
        Some(self.actors.iter().map(|a| a.values[i]).collect())
    }

    /// A copy with only the `n` actors ranked highest by [`CentralityResult::ranked_by`]
    /// (only those actors are copied).
    pub fn top(&self, n: usize) -> CentralityResult {
        let keep: std::collections::HashSet<&ActorId> = self
            .ranking_top(self.ranked_by, n)
            .into_iter()
            .map(|a| &a.actor)
            .collect();
        CentralityResult {
            graph: self.graph.clone(),
            actor_count: self.actor_count,
            directed: self.directed,
            normalized: self.normalized,
            measures: self.measures.clone(),
            ranked_by: self.ranked_by,
            parameters: self.parameters.clone(),
            notes: self.notes.clone(),
            actors: self
                .actors
                .iter()
                .filter(|a| keep.contains(&a.actor))
                .cloned()
                .collect(),
        }
    }

    /// Actors sorted by a measure, highest first (ties by id).
    pub fn ranking(&self, m: Measure) -> Vec<&ActorCentrality> {
        self.ranking_top(m, self.actors.len())
    }

    /// The first `n` of [`CentralityResult::ranking`], without sorting the rest: a report
    /// shows the top 20 of a million actors.
    pub fn ranking_top(&self, m: Measure, n: usize) -> Vec<&ActorCentrality> {
        let Some(i) = self.measures.iter().position(|&x| x == m) else {
            return Vec::new();
        };
        // A total order: equal values by id, and equal ids (none in a result) in the
        // actors' order, where a stable sort would leave them.
        let order = |a: &&ActorCentrality, b: &&ActorCentrality| {
            b.values[i]
                .total_cmp(&a.values[i])
                .then_with(|| a.actor.cmp(&b.actor))
                .then_with(|| std::ptr::from_ref(*a).cmp(&std::ptr::from_ref(*b)))
        };
        if n == 0 {
            return Vec::new();
        }
        let mut v: Vec<&ActorCentrality> = self.actors.iter().collect();
        if n < v.len() {
            v.select_nth_unstable_by(n - 1, order);
            v.truncate(n);
        }
        v.sort_unstable_by(order);
        v
    }
}
