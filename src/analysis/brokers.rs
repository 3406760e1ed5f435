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
use crate::analysis::centrality::Adjacency;
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
    let bloc: Vec<usize> = blocs
        .blocs_by_index(s)
        .into_iter()
        .map(|b| b.unwrap_or(usize::MAX))
        .collect();
    // The bridges' walk is one thread's (its pairs are counted in walk order); the roles
    // take the other cores meanwhile.
    let (bridges, roles) = rayon::join(|| bridges(s, &bloc, opts.max_pairs), || roles(s, &bloc));
    BrokerResult {
        actors: n,
        blocs: blocs.blocs.len(),
        bridges,
        roles,
    }
}

/// Rank of each node's id in sorted order: comparing ranks compares ids without touching
/// the strings.
fn id_ranks(s: &Snapshot) -> Vec<u32> {
    let mut order: Vec<u32> = (0..s.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| s.ids[a as usize].cmp(&s.ids[b as usize]));
    let mut rank = vec![0u32; s.len()];
    for (r, &u) in order.iter().enumerate() {
        rank[u as usize] = r as u32;
    }
    rank
}

/// A bridged pair as found: the weaker allied tie, the hostility, the pair (nodes, and
/// their id ranks for the order). `Ord` puts the pair listed first smallest: strongest
/// first, then least hostile, then by the pair's ids.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Found {
    weaker: f64,
    hostility: f64,
    ranks: (u32, u32),
    pair: (u32, u32),
}

impl Eq for Found {}

impl Ord for Found {
    fn cmp(&self, q: &Self) -> std::cmp::Ordering {
        q.weaker
            .total_cmp(&self.weaker)
            .then(self.hostility.total_cmp(&q.hostility))
            .then(self.ranks.cmp(&q.ranks))
    }
}

impl PartialOrd for Found {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// One broker's bridged pairs, counted all and kept only as many as are listed (a max-heap
/// whose top is the first to drop): memory O(max_pairs) per broker however many pairs
/// there are (a complete signed graph of 2 000 actors has half a billion).
#[derive(Default)]
struct Kept {
    count: usize,
    strength: f64,
    best: std::collections::BinaryHeap<Found>,
}

impl Kept {
    fn add(&mut self, f: Found, max_pairs: usize) {
        self.count += 1;
        self.strength += f.weaker;
        if self.best.len() < max_pairs {
            self.best.push(f);
        } else if self.best.peek().is_some_and(|last| f < *last) {
            self.best.pop();
            self.best.push(f);
        }
    }
}

fn bridges(s: &Snapshot, bloc: &[usize], max_pairs: usize) -> Vec<Bridge> {
    let und = &s.undirected;
    // The allied ties only: the rows merged carry no hostile entries.
    let allied = Adjacency::from_csr(und, |w| w > 0.0);
    let n = s.len();
    let rank = id_ranks(s);
    let mut found: Vec<Kept> = (0..n).map(|_| Kept::default()).collect();
    for a in 0..n {
        for (b, w_ab) in und.neighbors(a) {
            if b <= a || w_ab >= 0.0 {
                continue;
            }
            // Common allied neighbours of a and b, in increasing order.
            let (ra, rb) = (allied.range(a), allied.range(b));
            let ranks = (rank[a], rank[b]);
            let pair = (a as u32, b as u32);
            let mut common = |x: u32, wa: f64, wb: f64| {
                let f = Found {
                    weaker: wa.min(wb),
                    hostility: w_ab,
                    ranks,
                    pair,
                };
                found[x as usize].add(f, max_pairs);
            };
            for_each_common(
                &allied.targets[ra.clone()],
                &allied.targets[rb.clone()],
                8,
                |i, j| {
                    let (i, j) = (ra.start + i, rb.start + j);
                    common(allied.targets[i], allied.weights[i], allied.weights[j]);
                },
            );
        }
    }
    let tie = |u: usize, v: usize| {
        let r = und.range(u);
        und.targets[r.clone()]
            .binary_search(&(v as u32))
            .map_or(0.0, |k| und.weights[r.start + k])
    };
    let mut out: Vec<Bridge> = found
        .into_par_iter()
        .enumerate()
        .filter(|(_, k)| k.count > 0)
        .map(|(x, k)| {
            let pairs = k
                .best
                .into_sorted_vec()
                .into_iter()
                .map(|f| {
                    let (a, b) = (f.pair.0 as usize, f.pair.1 as usize);
                    let (a, b) = if rank[a] <= rank[b] { (a, b) } else { (b, a) };
                    BridgedPair {
                        a: s.ids[a].clone(),
                        b: s.ids[b].clone(),
                        hostility: f.hostility,
                        tie_a: tie(x, a),
                        tie_b: tie(x, b),
                    }
                })
                .collect();
            Bridge {
                actor: s.ids[x].clone(),
                bloc: bloc[x],
                hostile_pairs: k.count,
                strength: k.strength,
                pairs,
            }
        })
        .collect();
    out.sort_by(|p, q| {
        q.hostile_pairs
            .cmp(&p.hostile_pairs)
            .then(q.strength.total_cmp(&p.strength))
            .then_with(|| p.actor.cmp(&q.actor))
    });
    out
}

/// Calls `f(i, j)` for each value in both sorted lists (`a[i] == b[j]`), in increasing
/// order: the lists merged, or, when one is over `ratio` times as long as the other, each
/// entry of the short one searched for in the long one.
fn for_each_common(a: &[u32], b: &[u32], ratio: usize, mut f: impl FnMut(usize, usize)) {
    if a.len() > ratio * b.len() {
        for (j, x) in b.iter().enumerate() {
            if let Ok(i) = a.binary_search(x) {
                f(i, j);
            }
        }
    } else if b.len() > ratio * a.len() {
        for (i, x) in a.iter().enumerate() {
            if let Ok(j) = b.binary_search(x) {
                f(i, j);
            }
        }
    } else {
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    f(i, j);
                    i += 1;
                    j += 1;
                }
            }
        }
    }
}

/// The Gould–Fernandez role of broker b for a pair (a, c), from their blocs.
fn role(ga: usize, gb: usize, gc: usize) -> usize {
    match (ga == gb, gb == gc, ga == gc) {
        (true, true, _) => 0,
        (false, false, true) => 1,
        (true, false, _) => 2,
        (false, true, _) => 3,
        (false, false, false) => 4,
    }
}

/// The allied rows [`roles`] scans next, fetched into the cache while it works on in-entry
/// `at` (hints): the offset of the row of the in-neighbour [`AHEAD`] × 2 entries on (in the
/// flat list: into the next brokers' rows), that row [`AHEAD`] on, and, for a broker whose
/// targets are stamped, the stamps of the first [`AHEAD_ROW`] targets of the row [`AHEAD`]
/// on.
#[inline]
fn prefetch_rows_ahead(allied: &Adjacency, sources: &[u32], at: usize, stamps: Option<&[u32]>) {
    use crate::model::prefetch;
    if let Some(&far) = sources.get(at + 2 * AHEAD) {
        prefetch(allied.offsets.as_ptr().wrapping_add(far as usize));
    }
    if let Some(&near) = sources.get(at + AHEAD) {
        let row = &allied.targets[allied.range(near as usize)];
        prefetch(row.as_ptr());
        if let Some(stamps) = stamps {
            for &x in row.iter().take(AHEAD_ROW) {
                prefetch(stamps.as_ptr().wrapping_add(x as usize));
            }
        }
    }
}

/// How many entries [`prefetch_rows_ahead`] looks ahead, per stage.
const AHEAD: usize = 4;
/// Targets of a row ahead whose stamps are fetched.
const AHEAD_ROW: usize = 32;
/// Allied targets of a broker above which they are stamped in an array over every actor,
/// rather than looked for in their sorted list (which stays in the nearest cache, where a
/// stamp is a miss on a million actors, and is read in step with each in-neighbour's row).
const STAMPED_TARGETS: usize = 1024;

/// Per-thread buffers of [`roles`].
struct RoleBuffers {
    /// Allied in-/out-neighbours of the current broker per bloc.
    count_in: Vec<u64>,
    count_out: Vec<u64>,
    blocs_seen: Vec<usize>,
    /// `out_stamp[c] == b + 1` when b → c is an allied tie, for brokers with more than
    /// [`STAMPED_TARGETS`] of them.
    out_stamp: Vec<u32>,
}

/// Role counts without enumerating every pair (a, c): all pairs are counted from the blocs'
/// shares of b's allied in- and out-neighbours, then the excluded pairs (a = c, or an
/// allied tie a → c closes the triad) are enumerated and taken off. Those are the allied
/// triangles through b, far fewer than the pairs on graphs with hubs.
fn roles(s: &Snapshot, bloc: &[usize]) -> Vec<BrokerageRoles> {
    roles_stamping(s, bloc, STAMPED_TARGETS)
}

/// [`roles`], stamping the targets of brokers with more than `stamped_targets` (the tests
/// take both ways on one graph).
fn roles_stamping(s: &Snapshot, bloc: &[usize], stamped_targets: usize) -> Vec<BrokerageRoles> {
    let inc = &s.incoming;
    // The allied out-ties only (a third of the bytes of the whole rows: no hostile
    // entries, and the weights are not read).
    let allied = Adjacency::from_csr(&s.out, |w| w > 0.0);
    let allied_row = |u: usize| &allied.targets[allied.range(u)];
    let n = s.len();
    // Without directed relations, a's allied in-neighbours are its allied targets, and a
    // closed pair of b's is closed both ways.
    let mutual = !s.has_directed();
    // Dense bloc numbers, actors without a bloc in one more.
    let groups = bloc
        .iter()
        .filter(|&&g| g != usize::MAX)
        .max()
        .map_or(0, |&g| g + 1)
        + 1;
    // As `u32`: read at scattered places, half the bytes of `usize`.
    let group: Vec<u32> = bloc.iter().map(|&g| g.min(groups - 1) as u32).collect();
    let counts: Vec<[u64; 5]> = (0..n)
        .into_par_iter()
        .map_init(
            || RoleBuffers {
                count_in: vec![0; groups],
                count_out: vec![0; groups],
                blocs_seen: Vec::new(),
                out_stamp: Vec::new(),
            },
            |buf, b| {
                let mut c = [0u64; 5];
                let gb = group[b] as usize;
                let (mut n_in, mut n_out) = (0u64, 0u64);
                for (a, w) in inc.neighbors(b) {
                    if w > 0.0 {
                        let g = group[a] as usize;
                        if buf.count_in[g] == 0 && buf.count_out[g] == 0 {
                            buf.blocs_seen.push(g);
                        }
                        buf.count_in[g] += 1;
                        n_in += 1;
                    }
                }
                // b's allied targets, in increasing order.
                let targets = allied_row(b);
                for &x in targets {
                    let g = group[x as usize] as usize;
                    if buf.count_in[g] == 0 && buf.count_out[g] == 0 {
                        buf.blocs_seen.push(g);
                    }
                    buf.count_out[g] += 1;
                    n_out += 1;
                }
                if n_in > 0 && n_out > 0 {
                    let (in_b, out_b) = (buf.count_in[gb], buf.count_out[gb]);
                    c[0] = in_b * out_b;
                    c[2] = in_b * (n_out - out_b);
                    c[3] = (n_in - in_b) * out_b;
                    for &g in &buf.blocs_seen {
                        if g != gb {
                            let (i, o) = (buf.count_in[g], buf.count_out[g]);
                            c[1] += i * o;
                            c[4] += i * (n_out - out_b - o);
                        }
                    }
                    // Take off the pairs that are not brokered.
                    let stamped = targets.len() > stamped_targets;
                    if stamped {
                        if buf.out_stamp.is_empty() {
                            buf.out_stamp = vec![0; n];
                        }
                        for &x in targets {
                            buf.out_stamp[x as usize] = b as u32 + 1;
                        }
                    }
                    let stamps = stamped.then_some(buf.out_stamp.as_slice());
                    let is_target = |x: u32| match stamps {
                        Some(stamps) => stamps[x as usize] == b as u32 + 1,
                        None => targets.binary_search(&x).is_ok(),
                    };
                    for e in inc.range(b) {
                        prefetch_rows_ahead(&allied, &inc.targets, e, stamps);
                        let (a, w_ab) = (inc.targets[e] as usize, inc.weights[e]);
                        if w_ab <= 0.0 {
                            continue;
                        }
                        let ga = group[a] as usize;
                        if is_target(a as u32) {
                            c[role(ga, gb, ga)] -= 1;
                        }
                        // The allied ties a → x to b's targets x ≠ a: a's row scanned against
                        // the stamps of a hub broker's targets, else the two sorted lists
                        // intersected (the longer searched when it is a hub's, which keeps
                        // the work near the O(m^1.5) of triangle listing).
                        let (mut row, mut targets) = (allied_row(a), targets);
                        if mutual {
                            // Each closed pair (a, x) has its mirror (x, a): both are taken
                            // off from the smaller end, the lists' parts above it.
                            let above = |list: &[u32]| list.partition_point(|&x| x as usize <= a);
                            row = &row[above(row)..];
                            targets = &targets[above(targets)..];
                        }
                        let mut closes = |x: u32| {
                            if x as usize != a {
                                let gx = group[x as usize] as usize;
                                c[role(ga, gb, gx)] -= 1;
                                if mutual {
                                    c[role(gx, gb, ga)] -= 1;
                                }
                            }
                        };
                        if stamped && row.len() <= 4 * targets.len() {
                            for &x in row {
                                if is_target(x) {
                                    closes(x);
                                }
                            }
                        } else {
                            for_each_common(row, targets, 4, |i, _| closes(row[i]));
                        }
                    }
                }
                for &g in &buf.blocs_seen {
                    buf.count_in[g] = 0;
                    buf.count_out[g] = 0;
                }
                buf.blocs_seen.clear();
                c
            },
        )
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
    roles.sort_by(|p, q| q.total.cmp(&p.total).then_with(|| p.actor.cmp(&q.actor)));
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// The counting formula agrees with enumeration on random graphs with directed and
        /// mutual ties, and with mutual ties only, and arbitrary blocs (including actors
        /// outside every bloc).
        #[test]
        fn counted_roles_match_brute_force(
            ties in proptest::collection::vec((0usize..7, 0usize..7, -1.0f64..1.0, proptest::bool::ANY), 0..25),
            blocs in proptest::collection::vec(0usize..4, 7),
            mutual in proptest::bool::ANY,
        ) {
            let names = ["A", "B", "C", "D", "E", "F", "G"];
            let mut seen = std::collections::BTreeSet::new();
            let ties: Vec<(&str, &str, f64, bool)> = ties
                .into_iter()
                .filter(|t| t.0 != t.1 && seen.insert((t.0.min(t.1), t.0.max(t.1))))
                .map(|(a, b, w, d)| (names[a], names[b], (w * 10.0).round() / 10.0, d && !mutual))
                .collect();
            let g = graph(&ties);
            let s = Snapshot::new(&g);
            // Bloc 3 stands for "no bloc".
            let bloc: Vec<usize> = (0..s.len())
                .map(|u| {
                    let k = names.iter().position(|&x| x == s.ids[u].as_str()).unwrap();
                    if blocs[k] == 3 { usize::MAX } else { blocs[k] }
                })
                .collect();
            let want = brute_roles(&s, &bloc);
            // Every broker's targets stamped, and none.
            for stamped_targets in [0, usize::MAX] {
                let got: BTreeMap<usize, [u64; 5]> = roles_stamping(&s, &bloc, stamped_targets)
                    .into_iter()
                    .map(|r| {
                        let u = s.index_of(&r.actor).unwrap();
                        (u, [r.coordinator, r.itinerant, r.representative, r.gatekeeper, r.liaison])
                    })
                    .collect();
                proptest::prop_assert_eq!(&got, &want);
            }
        }

        /// Bridged pairs against enumeration of every (broker, hostile pair): all are
        /// counted and summed, and a short listing is the head of the full one, in order.
        #[test]
        fn bridges_match_enumeration_and_short_lists_are_heads(
            ties in proptest::collection::vec((0usize..8, 0usize..8, -1.0f64..1.0), 0..28),
            keep in 0usize..4,
        ) {
            let names = ["A", "B", "C", "D", "E", "F", "G", "H"];
            let mut seen = std::collections::BTreeSet::new();
            let ties: Vec<(&str, &str, f64, bool)> = ties
                .into_iter()
                .filter(|t| t.0 != t.1 && seen.insert((t.0.min(t.1), t.0.max(t.1))))
                .map(|(a, b, w)| (names[a], names[b], (w * 10.0).round() / 10.0, false))
                .collect();
            let g = graph(&ties);
            let s = Snapshot::new(&g);
            let bloc = vec![0; s.len()];
            let w = |u: usize, v: usize| s.undirected.neighbors(u).find(|x| x.0 == v).map(|x| x.1);
            let mut brute: BTreeMap<usize, (usize, f64)> = BTreeMap::new();
            for x in 0..s.len() {
                for a in 0..s.len() {
                    for b in a + 1..s.len() {
                        if let (Some(h), Some(wa), Some(wb)) = (w(a, b), w(x, a), w(x, b))
                            && h < 0.0 && wa > 0.0 && wb > 0.0
                        {
                            let e = brute.entry(x).or_default();
                            e.0 += 1;
                            e.1 += wa.min(wb);
                        }
                    }
                }
            }
            let all = bridges(&s, &bloc, usize::MAX);
            let got: BTreeMap<usize, (usize, f64)> = all
                .iter()
                .map(|b| (s.index_of(&b.actor).unwrap(), (b.hostile_pairs, b.strength)))
                .collect();
            proptest::prop_assert_eq!(got.len(), brute.len());
            for (x, (count, strength)) in &brute {
                proptest::prop_assert_eq!(got[x].0, *count);
                proptest::prop_assert!((got[x].1 - strength).abs() < 1e-9);
            }
            for b in &all {
                proptest::prop_assert_eq!(b.pairs.len(), b.hostile_pairs);
                // Strongest first.
                let strongest_first = b
                    .pairs
                    .windows(2)
                    .all(|p| p[0].tie_a.min(p[0].tie_b) >= p[1].tie_a.min(p[1].tie_b));
                proptest::prop_assert!(strongest_first);
            }
            let short = bridges(&s, &bloc, keep);
            proptest::prop_assert_eq!(short.len(), all.len());
            for (a, b) in short.iter().zip(&all) {
                proptest::prop_assert_eq!((&a.actor, a.hostile_pairs, a.strength), (&b.actor, b.hostile_pairs, b.strength));
                proptest::prop_assert_eq!(&a.pairs[..], &b.pairs[..keep.min(b.pairs.len())]);
            }
        }
    }
}
