//! How several relations between the same two actors become one **net tie**: the rule every
//! analysis reads ties by ([`crate::model::Snapshot`]).
//!
//! A graph keeps each relation apart (an alliance, a trade tie and a rivalry between the same
//! pair are three relations), but the analyses of signed networks — structural balance
//! (Cartwright & Harary 1956), frustration and blocs (Doreian & Mrvar 1996), signed
//! centralities (Everett & Borgatti 2014) — read one signed value per pair. The rule is a
//! modelling choice with consequences: a clamped sum saturates at ±1, so that many strong ties
//! and a few look alike; the strongest tie ignores every other; the mean dilutes a strong tie
//! with weak ones. The noisy-or (Pearl 1988) treats each positive tie as an independent chance
//! of cooperation and each negative tie as one of conflict, `P = 1 − Π(1 − w)` over each sign,
//! and nets them: `P − N`, in [−1, 1] by construction, never saturating before every tie is
//! certain. docs/analysis/combine.md compares the rules on the shipped and generated graphs.
//!
//! Every rule gives a single relation's weight unchanged, is exact to nine decimals, and does
//! not depend on the order of the relations (the weights are combined in sorted order).

use super::types::{Vocabulary, WeightSum, round_weight, vocabulary};
use serde::{Deserialize, Serialize};
use std::fmt;

vocabulary! {
    /// How parallel relations between two actors combine into one net tie.
    Combine ("combination rule") {
        /// `1 − Π(1 − w)` over the positive weights minus the same over the negative ones.
        NoisyOr => "noisy-or",
        /// The sum, clamped to [−1, 1].
        Sum => "sum",
        /// The relation of largest |weight| (an allied and a hostile relation of equal
        /// strength cancel to 0).
        Strongest => "strongest",
        /// The mean weight.
        Mean => "mean",
    }
}

/// The default rule: the per-sign noisy-or. Adding an allied relation never weakens a pair,
/// the net tie stays below ±1 until one relation is certain, and the sign agrees with the sum
/// on the shipped graph (the comparison: docs/analysis/combine.md).
impl Default for Combine {
    fn default() -> Self {
        Combine::NoisyOr
    }
}

impl Combine {
    /// Parses a rule name; `max` is accepted for `strongest`.
    pub fn from_name(s: &str) -> Result<Combine, String> {
        if s == "max" {
            return Ok(Combine::Strongest);
        }
        s.parse()
    }

    /// The net weight of relations with these weights (each in [−1, 1]), in [−1, 1]. The
    /// slice is sorted in place so that the result does not depend on the relations' order.
    /// An empty slice is no tie: 0.
    pub fn combine(self, weights: &mut [f64]) -> f64 {
        match weights {
            [] => return 0.0,
            [w] => return w.clamp(-1.0, 1.0),
            _ => {}
        }
        weights.sort_by(f64::total_cmp);
        let w = match self {
            Combine::Sum => exact_sum(weights),
            Combine::Mean => round_weight(exact_sum(weights) / weights.len() as f64),
            Combine::Strongest => {
                // Sorted: the most hostile first, the most allied last.
                let (low, high) = (weights[0].min(0.0), weights[weights.len() - 1].max(0.0));
                if high > -low {
                    high
                } else if -low > high {
                    low
                } else {
                    0.0
                }
            }
            Combine::NoisyOr => {
                let (mut allied, mut hostile) = (1.0f64, 1.0f64);
                for &w in weights.iter() {
                    let w = w.clamp(-1.0, 1.0);
                    if w > 0.0 {
                        allied *= 1.0 - w;
                    } else if w < 0.0 {
                        hostile *= 1.0 + w;
                    }
                }
                round_weight((1.0 - allied) - (1.0 - hostile))
            }
        };
        // `+ 0.0` turns −0 into 0.
        w.clamp(-1.0, 1.0) + 0.0
    }
}

fn exact_sum(weights: &[f64]) -> f64 {
    let mut s = WeightSum::default();
    for &w in weights {
        s += w;
    }
    s.value()
}

#[cfg(test)]
mod tests {
    use super::Combine;

    fn net(rule: Combine, ws: &[f64]) -> f64 {
        rule.combine(&mut ws.to_vec())
    }

    #[test]
    fn each_rule_on_a_mixed_pair() {
        // Turkey–Azerbaijan-like: alliance 0.9, defence commitment 0.8, trade 0.5.
        let allied = [0.9, 0.8, 0.5];
        assert_eq!(net(Combine::Sum, &allied), 1.0);
        assert_eq!(net(Combine::NoisyOr, &allied), 0.99);
        assert_eq!(net(Combine::Strongest, &allied), 0.9);
        assert_eq!(net(Combine::Mean, &allied), 0.733333333);
        // Alliance 0.4, trade 0.3 against a crisis −0.6 and protests −0.3.
        let mixed = [0.4, 0.3, -0.6, -0.3];
        assert_eq!(net(Combine::Sum, &mixed), -0.2);
        // (1 − 0.6·0.7) − (1 − 0.4·0.7) = 0.58 − 0.72.
        assert_eq!(net(Combine::NoisyOr, &mixed), -0.14);
        assert_eq!(net(Combine::Strongest, &mixed), -0.6);
        assert_eq!(net(Combine::Mean, &mixed), -0.05);
    }

    #[test]
    fn one_relation_is_its_weight_and_ties_cancel() {
        for rule in Combine::ALL {
            assert_eq!(net(*rule, &[-0.35]), -0.35);
            assert_eq!(net(*rule, &[0.5, -0.5]), 0.0);
            assert_eq!(net(*rule, &[]), 0.0);
        }
        assert_eq!(net(Combine::NoisyOr, &[1.0, 0.2]), 1.0);
        assert_eq!(net(Combine::NoisyOr, &[-1.0, -1.0, 0.3]), -0.7);
    }

    #[test]
    fn names_parse() {
        assert_eq!(Combine::from_name("noisy-or"), Ok(Combine::NoisyOr));
        assert_eq!(Combine::from_name("NoisyOr"), Ok(Combine::NoisyOr));
        assert_eq!(Combine::from_name("max"), Ok(Combine::Strongest));
        assert!(
            Combine::from_name("product")
                .unwrap_err()
                .contains("noisy-or")
        );
        assert_eq!(Combine::default(), Combine::NoisyOr);
    }

    use proptest::prelude::*;

    fn weights() -> impl Strategy<Value = Vec<f64>> {
        // Graph weights: in [-1, 1], to two decimals as analysts write them.
        proptest::collection::vec((-100i32..=100).prop_map(|w| f64::from(w) / 100.0), 0..8)
    }

    proptest! {
        #[test]
        fn every_rule_stays_in_range_and_ignores_order(ws in weights(), rotate in 0usize..8) {
            for rule in Combine::ALL {
                let w = net(*rule, &ws);
                prop_assert!((-1.0..=1.0).contains(&w), "{rule}: {w}");
                let mut turned = ws.clone();
                let len = turned.len().max(1);
                turned.rotate_left(rotate % len);
                turned.reverse();
                prop_assert_eq!(w.to_bits(), net(*rule, &turned).to_bits(), "{}", rule);
            }
        }

        #[test]
        fn noisy_or_lies_between_the_strongest_and_the_sum(ws in weights()) {
            // Each sign's noisy-or is at least its strongest tie and at most its clamped sum.
            let allied: Vec<f64> = ws.iter().copied().filter(|&w| w > 0.0).collect();
            let p = net(Combine::NoisyOr, &allied);
            prop_assert!(net(Combine::Strongest, &allied) <= p + 1e-9);
            prop_assert!(p <= net(Combine::Sum, &allied) + 1e-9);
        }
    }
}
