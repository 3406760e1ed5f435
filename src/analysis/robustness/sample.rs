//! The sampling model: which relations a sample keeps and how their weights move.
//!
//! Each relation is kept with the probability its confidence level is given
//! ([`KeepTable`]), independently of the others, and a kept relation's weight is multiplied
//! by `1 + u·j` for `u` uniform in [−1, 1] and the jitter `j` ([`SampleModel::jitter`]): a
//! relative error, so a weight never changes sign and a strong tie moves more than a weak
//! one, clamped to [−1, 1]. The default probabilities follow Sherman Kent's *Words of
//! Estimative Probability* (1964): "probable" ≈ 75 %, "chances about even" ≈ 50 %,
//! "probably not" ≈ 30 %, "almost certainly not" ≈ 7 %.
//!
//! Sample `i` of a run with seed `S` draws from its own stream, seeded from `(S, i)` alone
//! ([`sample_seed`]), so a sample is the same whichever thread draws it and however many
//! samples run beside it.

use crate::analysis::blocs::rng::Rng;
use crate::model::{ActorGraph, Confidence, round_weight};
use petgraph::stable_graph::EdgeIndex;
use serde::Serialize;

/// The probability that a relation of each confidence level holds, in the order of
/// [`Confidence::ALL`] (confirmed first).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct KeepTable(pub [f64; 6]);

impl Default for KeepTable {
    fn default() -> Self {
        // confirmed, probably-true, possibly-true, doubtful, improbable, cannot-be-judged
        KeepTable([1.0, 0.75, 0.5, 0.3, 0.07, 0.5])
    }
}

impl KeepTable {
    /// Every level certain: samples differ only by their jitter.
    pub const CERTAIN: KeepTable = KeepTable([1.0; 6]);

    pub fn get(&self, c: Confidence) -> f64 {
        self.0[c as usize]
    }

    pub fn set(&mut self, c: Confidence, p: f64) {
        self.0[c as usize] = p;
    }

    /// Reads `LEVEL=P[,LEVEL=P...]` over the default table (`doubtful=0.2,improbable=0`),
    /// each P in [0, 1].
    pub fn parse_overrides(s: &str) -> Result<KeepTable, String> {
        let mut t = KeepTable::default();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((level, p)) = part.split_once('=') else {
                return Err(format!(
                    "`{part}`: expected LEVEL=PROBABILITY, e.g. doubtful=0.2"
                ));
            };
            let level: Confidence = level.trim().parse()?;
            let p: f64 = p
                .trim()
                .parse()
                .map_err(|_| format!("`{}` is not a probability", p.trim()))?;
            if !(0.0..=1.0).contains(&p) {
                return Err(format!("`{part}`: a probability is from 0 to 1"));
            }
            t.set(level, p);
        }
        Ok(t)
    }
}

/// What a sample varies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SampleModel {
    /// The probability each confidence level's relations are kept.
    pub keep: KeepTable,
    /// Relative weight jitter j in [0, 1]: a kept weight w becomes w·(1 + u·j), u ~ U[−1, 1].
    pub jitter: f64,
}

impl Default for SampleModel {
    fn default() -> Self {
        SampleModel {
            keep: KeepTable::default(),
            jitter: DEFAULT_JITTER,
        }
    }
}

/// ±20 %: two analysts grading the same tie 0.5 and 0.6 differ by that much.
pub const DEFAULT_JITTER: f64 = 0.2;

/// The seed of sample `index` of a run seeded `seed`.
pub fn sample_seed(seed: u64, index: u64) -> u64 {
    let mut r = Rng::new(seed ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03));
    r.next_u64() ^ Rng::new(index).next_u64()
}

/// A uniform number in [0, 1) from the top 53 bits.
fn unit(r: &mut Rng) -> f64 {
    (r.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Draws samples of one graph.
pub struct Sampler<'a> {
    base: &'a ActorGraph,
    /// Each relation with its keep probability and weight, in graph order.
    relations: Vec<(EdgeIndex, f64, f64)>,
    jitter: f64,
}

impl<'a> Sampler<'a> {
    /// `base` should carry no events or tallies: every sample clones it.
    pub fn new(base: &'a ActorGraph, model: &SampleModel) -> Sampler<'a> {
        let relations = base
            .relation_entries()
            .map(|(e, r)| (e, model.keep.get(r.confidence), r.weight))
            .collect();
        Sampler {
            base,
            relations,
            jitter: model.jitter.clamp(0.0, 1.0),
        }
    }

    /// The sample drawn from `seed`: the base without the relations dropped, the kept ones
    /// jittered. Two numbers are drawn per relation whatever happens to it, so changing one
    /// level's probability does not reshuffle the draws of the others.
    pub fn draw(&self, seed: u64) -> ActorGraph {
        let mut g = self.base.clone();
        let mut r = Rng::new(seed);
        for &(e, keep, w) in &self.relations {
            let (a, b) = (unit(&mut r), unit(&mut r));
            if a >= keep {
                g.remove_relation(e);
            } else if self.jitter > 0.0 {
                let factor = 1.0 + (2.0 * b - 1.0) * self.jitter;
                if let Some(rel) = g.relation_mut(e) {
                    rel.weight = round_weight((w * factor).clamp(-1.0, 1.0));
                }
            }
        }
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorKind, Relation, RelationKind};

    fn graph() -> ActorGraph {
        let mut g = ActorGraph::new("t");
        for id in ["A", "B", "C"] {
            g.add_actor(Actor::new(id, id, ActorKind::State)).unwrap();
        }
        let rel = |a: &str, b: &str, w: f64, c: Confidence| {
            Relation::new(a, b, RelationKind::default_for_weight(w), w).with_confidence(c)
        };
        g.add_relation(rel("A", "B", 0.5, Confidence::Confirmed))
            .unwrap();
        g.add_relation(rel("B", "C", -0.8, Confidence::Doubtful))
            .unwrap();
        g.add_relation(rel("A", "C", 1.0, Confidence::Improbable))
            .unwrap();
        g
    }

    #[test]
    fn keeps_by_confidence_and_jitters_within_the_range() {
        let g = graph();
        let model = SampleModel::default();
        let s = Sampler::new(&g, &model);
        let (mut kept_doubtful, mut kept_improbable) = (0, 0);
        for i in 0..4000 {
            let h = s.draw(sample_seed(7, i));
            let ab = h.relations().find(|r| r.to.as_str() == "B").unwrap();
            assert!((0.4..=0.6).contains(&ab.weight), "{}", ab.weight);
            for r in h.relations() {
                // The sign never changes and |w| stays within 1.
                assert!(r.weight.abs() <= 1.0);
                match r.confidence {
                    Confidence::Doubtful => {
                        assert!(r.weight < 0.0 && r.weight.abs() >= 0.64 - 1e-9);
                        kept_doubtful += 1;
                    }
                    Confidence::Improbable => kept_improbable += 1,
                    _ => {}
                }
            }
        }
        // 0.3 and 0.07 of 4000 draws, within four standard deviations.
        assert!((1080..=1320).contains(&kept_doubtful), "{kept_doubtful}");
        assert!((200..=360).contains(&kept_improbable), "{kept_improbable}");
    }

    #[test]
    fn the_same_seed_draws_the_same_sample() {
        let g = graph();
        let s = Sampler::new(&g, &SampleModel::default());
        let weights = |h: &ActorGraph| h.relations().map(|r| r.weight).collect::<Vec<_>>();
        assert_eq!(
            weights(&s.draw(sample_seed(3, 9))),
            weights(&s.draw(sample_seed(3, 9)))
        );
        assert_ne!(sample_seed(3, 9), sample_seed(3, 10));
        assert_ne!(sample_seed(3, 9), sample_seed(4, 9));
    }

    #[test]
    fn certain_relations_without_jitter_give_the_graph_back() {
        let g = graph();
        let model = SampleModel {
            keep: KeepTable::CERTAIN,
            jitter: 0.0,
        };
        let h = Sampler::new(&g, &model).draw(11);
        assert_eq!(
            h.relations().cloned().collect::<Vec<_>>(),
            g.relations().cloned().collect::<Vec<_>>()
        );
    }

    #[test]
    fn overrides_are_read_over_the_defaults() {
        let t = KeepTable::parse_overrides("doubtful=0.2, improbable=0").unwrap();
        assert_eq!(t.get(Confidence::Doubtful), 0.2);
        assert_eq!(t.get(Confidence::Improbable), 0.0);
        assert_eq!(t.get(Confidence::ProbablyTrue), 0.75);
        assert!(KeepTable::parse_overrides("doubtful").is_err());
        assert!(KeepTable::parse_overrides("doubtful=2").is_err());
        assert!(KeepTable::parse_overrides("dubious=0.5").is_err());
    }
}
