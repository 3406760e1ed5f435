//! Brokers: actors between camps.
//!
//! - **Bridges**: an actor allied to two actors that are hostile to each other (the bridge
//!   state of the essay: allied to both sides of a hostility). Found per hostile tie a–b by
//!   merging the sorted allied neighbour lists of a and b, so O(Σ over hostile ties of
//!   deg a + deg b). A bridged pair's strength is the weaker of the broker's two allied ties.
//! - **Brokerage roles** of Gould & Fernandez (1989, "Structures of mediation: a formal
//!   approach to brokerage in transaction networks", Sociological Methodology 19: 89–126),
//!   counted against the detected blocs on the directed **allied influence ties** (the
//!   snapshot's `out` view with positive net weight: a directed relation one way, a mutual
//!   one both ways). Broker b mediates the ordered pair (a, c) when a → b → c, a ≠ c, and
//!   there is no allied tie a → c. With g(x) the bloc of x:
//!   - *coordinator*: g(a) = g(b) = g(c);
//!   - *itinerant* (consultant): g(a) = g(c) ≠ g(b);
//!   - *representative*: g(a) = g(b) ≠ g(c) — b speaks for its bloc to outsiders;
//!   - *gatekeeper*: g(b) = g(c) ≠ g(a) — b screens what enters its bloc;
//!   - *liaison*: all three differ.
//!
//!   Counts are raw (not normalised by expected values); a mutual tie counts in both
//!   directions, so a symmetric chain a – b – c is counted as (a, c) and (c, a).

use crate::analysis::blocs::{self, BlocOptions, BlocResult};
use crate::model::{ActorGraph, ActorId, Snapshot};
use rayon::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq)]
pub struct BrokerOptions {
    /// Bridged pairs listed per actor (all are counted).
    pub max_pairs: usize,
    /// How the blocs are found when not given.
    pub blocs: BlocOptions,
}

impl Default for BrokerOptions {
    fn default() -> Self {
        BrokerOptions {
            max_pairs: 20,
            blocs: BlocOptions::default(),
        }
    }
}

/// Two hostile actors that a broker is allied to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BridgedPair {
    pub a: ActorId,
    pub b: ActorId,
    /// Net weight of the hostile tie a–b (negative).
    pub hostility: f64,
    /// The broker's allied ties to a and to b.
    pub tie_a: f64,
    pub tie_b: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bridge {
    pub actor: ActorId,
    pub bloc: usize,
    /// Hostile pairs the actor is allied to both sides of.
    pub hostile_pairs: usize,
    /// Σ over those pairs of the weaker of the two allied ties.
    pub strength: f64,
    /// The strongest pairs, at most `max_pairs`.
    pub pairs: Vec<BridgedPair>,
}

/// Gould–Fernandez role counts of one actor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BrokerageRoles {
    pub actor: ActorId,
    pub bloc: usize,
    pub coordinator: u64,
    pub itinerant: u64,
    pub representative: u64,
    pub gatekeeper: u64,
    pub liaison: u64,
    pub total: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BrokerResult {
    pub actors: usize,
    /// Number of blocs the roles are counted against.
    pub blocs: usize,
    /// Actors bridging at least one hostile pair: most pairs first, then strength, then id.
    pub bridges: Vec<Bridge>,
    /// Actors with at least one brokerage role: highest total first, then id.
    pub roles: Vec<BrokerageRoles>,
}

/// Brokers of `g`; finds the blocs itself with `opts.blocs`.
pub fn brokers(g: &ActorGraph, opts: &BrokerOptions) -> BrokerResult {
    let s = Snapshot::new(g);
    let b = blocs::detect_blocs_in(g, &s, &opts.blocs);
    brokers_with(&s, &b, opts)
}

/// Brokers of a snapshot given its blocs (as found by [`blocs::detect_blocs_in`] on it).
pub fn brokers_with(s: &Snapshot, blocs: &BlocResult, opts: &BrokerOptions) -> BrokerResult {
    let n = s.len();
    let bloc: Vec<usize> = (0..n)
        .map(|u| blocs.bloc_of(&s.ids[u]).unwrap_or(usize::MAX))
        .collect();
    BrokerResult {
        actors: n,
        blocs: blocs.blocs.len(),
        bridges: bridges(s, &bloc, opts.max_pairs),
        roles: roles(s, &bloc),
    }
}

fn bridges(s: &Snapshot, bloc: &[usize], max_pairs: usize) -> Vec<Bridge> {
    let und = &s.undirected;
    let n = s.len();
    // (weaker allied tie, hostility, a, b) per broker.
    let mut found: Vec<Vec<(f64, f64, u32, u32)>> = vec![Vec::new(); n];
    for a in 0..n {
        for (b, w_ab) in und.neighbors(a) {
            if b <= a || w_ab >= 0.0 {
                continue;
            }
            // Merge the sorted rows of a and b, keeping common allied neighbours.
            let (ra, rb) = (und.range(a), und.range(b));
            let (mut i, mut j) = (ra.start, rb.start);
            while i < ra.end && j < rb.end {
                let (x, y) = (und.targets[i], und.targets[j]);
                if x < y {
                    i += 1;
                } else if y < x {
                    j += 1;
                } else {
                    let (wa, wb) = (und.weights[i], und.weights[j]);
                    if wa > 0.0 && wb > 0.0 {
                        found[x as usize].push((wa.min(wb), w_ab, a as u32, b as u32));
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
    }
    let tie = |u: usize, v: usize| {
        und.neighbors(u)
            .find(|&(x, _)| x == v)
            .map(|(_, w)| w)
            .unwrap_or(0.0)
    };
    let mut out: Vec<Bridge> = found
        .into_iter()
        .enumerate()
        .filter(|(_, f)| !f.is_empty())
        .map(|(x, mut f)| {
            let strength: f64 = f.iter().map(|p| p.0).sum();
            let count = f.len();
            f.sort_by(|p, q| {
                q.0.total_cmp(&p.0).then(p.1.total_cmp(&q.1)).then(
                    (&s.ids[p.2 as usize], &s.ids[p.3 as usize])
                        .cmp(&(&s.ids[q.2 as usize], &s.ids[q.3 as usize])),
                )
            });
            f.truncate(max_pairs);
            let pairs = f
                .into_iter()
                .map(|(_, h, a, b)| {
                    let (a, b) = (a as usize, b as usize);
                    let (a, b) = if s.ids[a] <= s.ids[b] { (a, b) } else { (b, a) };
                    BridgedPair {
                        a: s.ids[a].clone(),
                        b: s.ids[b].clone(),
                        hostility: h,
                        tie_a: tie(x, a),
                        tie_b: tie(x, b),
                    }
                })
                .collect();
            Bridge {
                actor: s.ids[x].clone(),
                bloc: bloc[x],
                hostile_pairs: count,
                strength,
                pairs,
            }
        })
        .collect();
    out.sort_by(|p, q| {
        q.hostile_pairs
            .cmp(&p.hostile_pairs)
            .then(q.strength.total_cmp(&p.strength))
            .then(p.actor.cmp(&q.actor))
    });
    out
}

fn roles(s: &Snapshot, bloc: &[usize]) -> Vec<BrokerageRoles> {
    let (out, inc) = (&s.out, &s.incoming);
    let allied_out = |a: usize, c: usize| {
        let r = out.range(a);
        out.targets[r.clone()]
            .binary_search(&(c as u32))
            .is_ok_and(|k| out.weights[r.start + k] > 0.0)
    };
    let counts: Vec<[u64; 5]> = (0..s.len())
        .into_par_iter()
        .map(|b| {
            let mut c = [0u64; 5];
            for (a, w_ab) in inc.neighbors(b) {
                if w_ab <= 0.0 {
                    continue;
                }
                for (cc, w_bc) in out.neighbors(b) {
                    if w_bc <= 0.0 || cc == a || allied_out(a, cc) {
                        continue;
                    }
                    let (ga, gb, gc) = (bloc[a], bloc[b], bloc[cc]);
                    let role = match (ga == gb, gb == gc, ga == gc) {
                        (true, true, _) => 0,
                        (false, false, true) => 1,
                        (true, false, _) => 2,
                        (false, true, _) => 3,
                        (false, false, false) => 4,
                    };
                    c[role] += 1;
                }
            }
            c
        })
        .collect();
    let mut roles: Vec<BrokerageRoles> = counts
        .into_iter()
        .enumerate()
        .filter(|(_, c)| c.iter().any(|&x| x > 0))
        .map(|(u, c)| BrokerageRoles {
            actor: s.ids[u].clone(),
            bloc: bloc[u],
            coordinator: c[0],
            itinerant: c[1],
            representative: c[2],
            gatekeeper: c[3],
            liaison: c[4],
            total: c.iter().sum(),
        })
        .collect();
    roles.sort_by(|p, q| q.total.cmp(&p.total).then(p.actor.cmp(&q.actor)));
    roles
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorKind, Relation, RelationKind};
    use std::collections::BTreeMap;

    fn graph(ties: &[(&str, &str, f64, bool)]) -> ActorGraph {
        let mut g = ActorGraph::new("t");
        let mut ids: Vec<&str> = ties.iter().flat_map(|t| [t.0, t.1]).collect();
        ids.sort();
        ids.dedup();
        for id in ids {
            g.add_actor(Actor::new(id, id, ActorKind::State)).unwrap();
        }
        for &(a, b, w, directed) in ties {
            let mut r = Relation::new(a, b, RelationKind::default_for_weight(w), w);
            r.directed = directed;
            g.add_relation(r).unwrap();
        }
        g
    }

    #[test]
    fn a_bridge_between_two_enemies() {
        let g = graph(&[
            ("AZE", "RUS", -1.0, false),
            ("TUR", "AZE", 0.9, false),
            ("TUR", "RUS", 0.4, false),
            ("IRN", "RUS", 0.5, false),
        ]);
        let r = brokers(&g, &BrokerOptions::default());
        assert_eq!(r.bridges.len(), 1);
        let b = &r.bridges[0];
        assert_eq!(b.actor, ActorId::from("TUR"));
        assert_eq!(b.hostile_pairs, 1);
        assert_eq!(b.strength, 0.4);
        assert_eq!(b.pairs[0].a, ActorId::from("AZE"));
        assert_eq!((b.pairs[0].tie_a, b.pairs[0].tie_b), (0.9, 0.4));
        assert_eq!(b.pairs[0].hostility, -1.0);
    }

    /// Roles by brute force over ordered triples, as Gould & Fernandez define them.
    fn brute_roles(s: &Snapshot, bloc: &[usize]) -> BTreeMap<usize, [u64; 5]> {
        let n = s.len();
        let allied = |a: usize, c: usize| s.out.neighbors(a).any(|(x, w)| x == c && w > 0.0);
        let mut m = BTreeMap::new();
        for a in 0..n {
            for b in 0..n {
                for c in 0..n {
                    if a == b || b == c || a == c {
                        continue;
                    }
                    if !(allied(a, b) && allied(b, c)) || allied(a, c) {
                        continue;
                    }
                    let (ga, gb, gc) = (bloc[a], bloc[b], bloc[c]);
                    let role = if ga == gb && gb == gc {
                        0
                    } else if ga == gc {
                        1
                    } else if ga == gb {
                        2
                    } else if gb == gc {
                        3
                    } else {
                        4
                    };
                    m.entry(b).or_insert([0u64; 5])[role] += 1;
                }
            }
        }
        m
    }

    #[test]
    fn roles_match_the_definition() {
        // Two camps {A, B, C} and {D, E}, a lone F; directed and mutual allied ties.
        let g = graph(&[
            ("A", "B", 0.8, false),
            ("B", "C", 0.7, false),
            ("A", "D", -0.9, false),
            ("C", "E", -0.8, false),
            ("D", "E", 0.9, false),
            ("B", "D", 0.3, true),
            ("E", "F", 0.4, true),
            ("F", "A", 0.2, true),
            ("C", "D", -0.2, false),
        ]);
        let s = Snapshot::new(&g);
        let b = blocs::detect_blocs_in(&g, &s, &BlocOptions::default());
        let r = brokers_with(&s, &b, &BrokerOptions::default());
        let bloc: Vec<usize> = (0..s.len())
            .map(|u| b.bloc_of(&s.ids[u]).unwrap())
            .collect();
        let expect = brute_roles(&s, &bloc);
        assert!(!expect.is_empty());
        assert_eq!(r.roles.len(), expect.len());
        for role in &r.roles {
            let u = s.index_of(&role.actor).unwrap();
            let e = expect[&u];
            assert_eq!(
                [
                    role.coordinator,
                    role.itinerant,
                    role.representative,
                    role.gatekeeper,
                    role.liaison
                ],
                e,
                "{}",
                role.actor
            );
            assert_eq!(role.total, e.iter().sum::<u64>());
        }
        // B passes A's word to D (another bloc): a representative.
        let rb = r.roles.iter().find(|x| x.actor.as_str() == "B").unwrap();
        assert!(rb.representative >= 1);
    }
}
