//! The degree family, direction ignored: `degree` (ties), `positive_degree` and
//! `negative_degree` (ties of each sign), `net_degree` = positive − negative, and
//! `weighted_degree` = Σ w over the net ties (signed). Wasserman & Faust, *Social Network
//! Analysis* (1994) §5.2; the signed counts follow Everett & Borgatti (2014).

use super::Adjacency;
use crate::model::round_weight;

/// The degree family, direction ignored.
pub struct Degrees {
    pub degree: Vec<f64>,
    pub positive: Vec<f64>,
    pub negative: Vec<f64>,
    pub net: Vec<f64>,
    pub weighted: Vec<f64>,
}

pub fn degrees(und: &Adjacency) -> Degrees {
    let n = und.node_count();
    let mut d = Degrees {
        degree: vec![0.0; n],
        positive: vec![0.0; n],
        negative: vec![0.0; n],
        net: vec![0.0; n],
        weighted: vec![0.0; n],
    };
    for u in 0..n {
        for e in und.range(u) {
            let w = und.weights[e];
            d.degree[u] += 1.0;
            if w > 0.0 {
                d.positive[u] += 1.0;
            } else {
                d.negative[u] += 1.0;
            }
            d.weighted[u] += w;
        }
        d.net[u] = d.positive[u] - d.negative[u];
        d.weighted[u] = round_weight(d.weighted[u]);
    }
    d
}
