//! The "Key findings" that open `entente report`: one sentence per question a reader brings
//! to a graph, each with its numbers, read off the report's results (never written by hand):
//! the camps (the blocs of `analysis::blocs`) and who sits between them (the bridges of
//! `analysis::brokers`), the heaviest ties that break the camps (the frustrated ties), the
//! strongest influences on the focus actor (`analysis::influence`), who joins whom in a
//! cascade (`analysis::cascade`), and which of these rest on relations rated below
//! `probably-true` on the Admiralty scale.
//!
//! A finding *rests on* a relation when the finding would read differently without it: a
//! frustrated tie or an influence path it names whose representative relation (the
//! strongest of the pair, as [`Snapshot`] keeps it) is weak, a cascade join whose pull
//! would fall below the threshold, or to the other side's, without its weak relations, or
//! camps and bridges that change when the graph is read without them (`weak`).

mod weak;
pub use weak::WithoutWeak;

use crate::analysis::blocs::{BlocResult, Breach};
use crate::analysis::brokers::BrokerResult;
use crate::analysis::cascade::{CascadeResult, Join};
use crate::analysis::centrality::{CentralityResult, Measure};
use crate::analysis::influence::InfluenceResult;
use crate::model::{ActorGraph, ActorId, Confidence, Relation, RelationKind, Snapshot};
use crate::numfmt::num;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashSet;

/// One finding: a topic ("camps", "cascade", ...) and its sentence.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Finding {
    pub topic: String,
    pub text: String,
    /// The relations below `probably-true` the finding rests on.
    pub weak_ties: Vec<WeakTie>,
}

/// A relation rated below `probably-true`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WeakTie {
    pub from: ActorId,
    pub to: ActorId,
    #[serde(serialize_with = "crate::model::types::kebab")]
    pub kind: RelationKind,
    pub weight: f64,
    #[serde(serialize_with = "crate::model::types::kebab")]
    pub confidence: Confidence,
}

impl WeakTie {
    fn words(&self) -> String {
        format!(
            "{} – {} {} ({})",
            self.from,
            self.to,
            self.kind.kebab_name(),
            self.confidence.kebab_name()
        )
    }
}

/// The cascade a report runs, and why that pair.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReportCascade {
    /// `sharpest-hostility` (the default) or `requested` (`--attacker/--target`).
    pub chosen: String,
    /// The net tie between attacker and target (0 when they have none).
    pub tie: f64,
    #[serde(flatten)]
    pub result: CascadeResult,
}

/// What the findings are read from.
pub struct Inputs<'a> {
    pub graph: &'a ActorGraph,
    pub snapshot: &'a Snapshot,
    pub centrality: &'a CentralityResult,
    pub influence: Option<&'a InfluenceResult>,
    /// True when the influence target was asked for (`--focus`), not the most central actor.
    pub focused: bool,
    pub blocs: &'a BlocResult,
    pub brokers: &'a BrokerResult,
    /// The cascade's finding ([`cascade_finding`]), when the report ran a cascade.
    pub cascade: Option<&'a Finding>,
    /// The camps and bridges without the relations below `probably-true`; `None` when the
    /// graph has none, or is too large for the report to read it twice.
    pub without_weak: Option<&'a WithoutWeak>,
}

/// How many actors, ties or influences a sentence names before "and N more".
const NAMED: usize = 3;

/// How many frustrated ties the fault-lines finding names (each takes a third of a line).
const FAULT_LINES: usize = 2;

fn weak(c: Confidence) -> bool {
    !c.at_least(Confidence::ProbablyTrue)
}

/// An actor as a sentence names it: its name when short, else its id.
fn label(g: &ActorGraph, id: &ActorId) -> String {
    match g.actor(id) {
        Some(a) if !a.name.is_empty() && a.name.chars().count() <= 24 => a.name.clone(),
        _ => id.to_string(),
    }
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Signed weight as the tables print it, with a true minus sign.
fn signed(w: f64) -> String {
    num(w, 3).replace('-', "−")
}

/// The findings, in reading order.
pub fn findings(src: &Inputs) -> Vec<Finding> {
    let mut camps = camps(src);
    camps.weak_ties = weak::camps(src);
    let mut between = between(src.graph, src.brokers);
    between.weak_ties = weak::bridges(src);
    let mut out = vec![camps, between, fault_lines(src)];
    out.extend(influence(src));
    out.extend(src.cascade.cloned());
    out.push(weak_ties(src, &out));
    out
}

fn finding(topic: &str, text: String, weak_ties: Vec<WeakTie>) -> Finding {
    Finding {
        topic: topic.to_string(),
        text,
        weak_ties,
    }
}

/// PageRank of each actor of the snapshot, by node number (0 when it was not computed).
fn pagerank(s: &Snapshot, c: &CentralityResult) -> Vec<f64> {
    let mut pr = vec![0.0; s.len()];
    if let Some(values) = c.values(Measure::Pagerank) {
        for (i, (a, v)) in c.actors.iter().zip(values).enumerate() {
            // The result lists the snapshot's actors in its order; any other is looked up.
            let at = if s.ids.get(i) == Some(&a.actor) {
                Some(i)
            } else {
                s.index_of(&a.actor)
            };
            if let Some(u) = at {
                pr[u] = v;
            }
        }
    }
    pr
}

fn camps(src: &Inputs) -> Finding {
    let (g, b) = (src.graph, src.blocs);
    let pr = pagerank(src.snapshot, src.centrality);
    let mut camps: Vec<&crate::analysis::blocs::Bloc> =
        b.blocs.iter().filter(|x| x.members.len() > 1).collect();
    camps.sort_by(|x, y| y.members.len().cmp(&x.members.len()).then(x.id.cmp(&y.id)));
    let alone: Vec<&ActorId> = b
        .blocs
        .iter()
        .filter(|x| x.members.len() == 1)
        .map(|x| &x.members[0])
        .collect();
    let describe = |bloc: &crate::analysis::blocs::Bloc| {
        // The members named: the highest PageRank first, ties by id; only those are sorted.
        let mut m: Vec<(f64, &ActorId)> = bloc
            .members
            .iter()
            .map(|id| (src.snapshot.index_of(id).map_or(0.0, |u| pr[u]), id))
            .collect();
        let order = |x: &(f64, &ActorId), y: &(f64, &ActorId)| {
            y.0.total_cmp(&x.0).then_with(|| x.1.cmp(y.1))
        };
        if m.len() > NAMED {
            m.select_nth_unstable_by(NAMED, order);
            m.truncate(NAMED + 1);
        }
        m.sort_by(order);
        let named: Vec<String> = m.iter().take(NAMED).map(|x| label(g, x.1)).collect();
        let more = m.len() > named.len();
        let who = if more {
            format!("{} …", named.join(", "))
        } else {
            named.join(", ")
        };
        format!("bloc {} ({}: {who})", bloc.id, bloc.members.len())
    };
    let mut text = match camps.as_slice() {
        [] => "No camps: no two actors are better placed together than apart".to_string(),
        [one] => format!("One camp, {}", describe(one)),
        [a, c, rest @ ..] => {
            let link = b
                .links
                .iter()
                .find(|l| (l.a, l.b) == (a.id.min(c.id), a.id.max(c.id)));
            let between = match link {
                Some(l) if l.net < 0.0 => {
                    format!("net {} hostile over {} ties", signed(l.net), l.ties)
                }
                Some(l) => format!("net {} allied over {} ties", signed(l.net), l.ties),
                None => "no tie between them".to_string(),
            };
            let mut s = format!("{} against {}, {between}", describe(a), describe(c));
            if !rest.is_empty() {
                let n: usize = rest.iter().map(|x| x.members.len()).sum();
                s.push_str(&format!(
                    "; {} of {n} actors",
                    super::plural(rest.len(), "smaller camp", "smaller camps")
                ));
            }
            s
        }
    };
    match alone.len() {
        0 => {}
        1..=4 => {
            let names: Vec<String> = alone.iter().map(|id| id.to_string()).collect();
            let verb = if alone.len() == 1 { "stands" } else { "stand" };
            text.push_str(&format!("; {} {verb} alone", names.join(", ")));
        }
        n => text.push_str(&format!("; {n} actors stand alone")),
    }
    text.push('.');
    finding("camps", text, Vec::new())
}

fn between(g: &ActorGraph, brokers: &BrokerResult) -> Finding {
    let bridges = &brokers.bridges;
    if bridges.is_empty() {
        return finding(
            "between",
            "No actor is allied to both sides of a hostile tie.".to_string(),
            Vec::new(),
        );
    }
    let named: Vec<String> = bridges
        .iter()
        .take(NAMED)
        .enumerate()
        .map(|(i, x)| {
            let example = x
                .pairs
                .first()
                .map(|p| format!(", e.g. {}/{}", p.a, p.b))
                .unwrap_or_default();
            let pairs = if i == 0 {
                format!("{} hostile pairs", x.hostile_pairs)
            } else {
                x.hostile_pairs.to_string()
            };
            format!("{} ({pairs}{example})", label(g, &x.actor))
        })
        .collect();
    let more = bridges.len().saturating_sub(NAMED);
    let tail = if more > 0 {
        format!("; {more} more in Brokers")
    } else {
        String::new()
    };
    finding(
        "between",
        format!(
            "Allied to both sides of hostile pairs: {}{tail}.",
            and_list(&named)
        ),
        Vec::new(),
    )
}

fn fault_lines(src: &Inputs) -> Finding {
    let b = src.blocs;
    if b.frustrated.is_empty() {
        return finding(
            "fault lines",
            "No tie breaks the blocs: every allied tie is inside one, every hostile tie \
             between two (frustration 0)."
                .to_string(),
            Vec::new(),
        );
    }
    let mut weak_ties = Vec::new();
    let named: Vec<String> = b
        .frustrated
        .iter()
        .take(FAULT_LINES)
        .map(|f| {
            let where_ = match f.breach {
                Breach::HostileInside => format!(" in bloc {}", f.bloc_a),
                Breach::AlliedAcross => " across blocs".to_string(),
            };
            if weak(f.confidence) {
                weak_ties.push(WeakTie {
                    from: f.a.clone(),
                    to: f.b.clone(),
                    kind: f.kind,
                    weight: f.weight,
                    confidence: f.confidence,
                });
            }
            format!(
                "{} – {} {} {}{where_}",
                f.a,
                f.b,
                signed(f.weight),
                f.kind.kebab_name()
            )
        })
        .collect();
    finding(
        "fault lines",
        format!(
            "{} break the blocs (frustration {} of {}), heaviest {}.",
            super::plural(b.frustrated.len(), "tie", "ties"),
            num(b.frustration, 3),
            num(b.total_weight, 3),
            and_list(&named)
        ),
        weak_ties,
    )
}

/// The representative relation of the influence tie `from → to`, if weak.
fn weak_hop(src: &Inputs, from: &ActorId, to: &ActorId) -> Option<WeakTie> {
    let s = src.snapshot;
    let (u, v) = (s.index_of(from)?, s.index_of(to)?);
    let range = s.out.range(u);
    let at = s.out.targets[range.clone()]
        .binary_search(&(v as u32))
        .ok()?;
    let r = src.graph.relation(s.out.relations[range.start + at])?;
    weak(r.confidence).then(|| WeakTie {
        from: r.from.clone(),
        to: r.to.clone(),
        kind: r.kind,
        weight: r.weight,
        confidence: r.confidence,
    })
}

fn influence(src: &Inputs) -> Option<Finding> {
    let inf = src.influence?;
    let g = src.graph;
    let who = label(g, &inf.target);
    let lead = if src.focused {
        format!("On {who} (--focus)")
    } else {
        let s = src.snapshot;
        let pr = s
            .index_of(&inf.target)
            .map_or(0.0, |u| pagerank(s, src.centrality)[u]);
        format!("{who}, the most central (PageRank {})", num(pr, 3))
    };
    if inf.ranking.is_empty() {
        return Some(finding(
            "influence",
            format!("{lead}; nobody has an allied path into it."),
            Vec::new(),
        ));
    }
    let mut weak_ties = Vec::new();
    let named: Vec<String> = inf
        .ranking
        .iter()
        .take(NAMED)
        .map(|x| {
            for hop in x.path.windows(2) {
                if let Some(w) = weak_hop(src, &hop[0], &hop[1])
                    && !weak_ties.contains(&w)
                {
                    weak_ties.push(w);
                }
            }
            let via = if x.hops > 1 {
                format!(" via {}", label(g, &x.first_hop))
            } else {
                String::new()
            };
            format!("{} {}{via}", label(g, &x.actor), num(x.score, 3))
        })
        .collect();
    let own = match inf.excluded_own.len() {
        0 => String::new(),
        n => format!(" ({n} of its own members left out)"),
    };
    Some(finding(
        "influence",
        format!(
            "{lead}: its strongest influences (best allied path, 0–1) are {}{own}.",
            named.join(", ")
        ),
        weak_ties,
    ))
}

/// The relation each cascade reason stands for, when that relation is weak: a reason names
/// the committed actor at the other end, the kind and the weight, and stands for the first
/// relation (in edge order) between the two actors of that kind and weight.
///
/// Each reason is looked up in the snapshot's net tie of the pair (a binary search in the
/// joining actor's row, then the relations combined into the tie): no pass over every
/// relation and no table keyed by ids (at 10M relations such a table took 7 s and 440 MB).
struct WeakReasons<'g> {
    graph: &'g ActorGraph,
    snapshot: &'g Snapshot,
}

impl<'g> WeakReasons<'g> {
    fn new(graph: &'g ActorGraph, snapshot: &'g Snapshot) -> WeakReasons<'g> {
        WeakReasons { graph, snapshot }
    }

    /// The first relation (edge order) between actors `u` and `with` of this kind and
    /// weight, the two zeros one weight (a relation's weight is never NaN).
    fn first(
        &self,
        u: usize,
        with: &ActorId,
        kind: RelationKind,
        weight: f64,
    ) -> Option<&'g Relation> {
        let s = self.snapshot;
        let v = s.index_of(with)?;
        let und = &s.undirected;
        let row = und.range(u);
        let entry = row.start + und.targets[row].binary_search(&(v as u32)).ok()?;
        let at = und.parallel.partition_point(|&(x, _)| (x as usize) < entry);
        let combined = und.parallel[at..]
            .iter()
            .take_while(|&&(x, _)| x as usize == entry)
            .map(|&(_, e)| e);
        std::iter::once(und.relations[entry])
            .chain(combined)
            .filter_map(|e| Some((e, self.graph.relation(e)?)))
            .filter(|(_, r)| r.kind == kind && r.weight == weight)
            .min_by_key(|&(e, _)| e)
            .map(|(_, r)| r)
    }

    /// The weak relations a join rests on: without them its pull would not reach the
    /// threshold or would not exceed the pull to the other side.
    fn of_join(&self, threshold: f64, j: &Join) -> Vec<&'g Relation> {
        let Some(u) = self.snapshot.index_of(&j.actor) else {
            return Vec::new();
        };
        let mut found = Vec::new();
        let mut lost = 0.0;
        for reason in &j.reasons {
            if let Some(r) = self.first(u, &reason.with, reason.kind, reason.weight)
                && weak(r.confidence)
            {
                lost += reason.pull;
                found.push(r);
            }
        }
        let rest = j.pull - lost;
        if found.is_empty() || (rest >= threshold && rest > j.against) {
            Vec::new()
        } else {
            found
        }
    }
}

/// A weak tie as [`WeakTie`]'s equality reads it: the weight by its bits, with the two
/// zeros one (a relation's weight is never NaN).
type TieKey<'g> = (&'g str, &'g str, RelationKind, u64, Confidence);

fn tie_key(r: &Relation) -> TieKey<'_> {
    let w = if r.weight == 0.0 { 0.0f64 } else { r.weight };
    (
        r.from.as_str(),
        r.to.as_str(),
        r.kind,
        w.to_bits(),
        r.confidence,
    )
}

/// The cascade's finding. [`Report::build`](super::full::Report::build) reads it as soon as the
/// cascade has run, beside the bloc search: at 10M relations the joins' reasons are millions
/// of lookups (3.5 s on one core when read after every section).
pub fn cascade_finding(g: &ActorGraph, snapshot: &Snapshot, c: &ReportCascade) -> Finding {
    let r = &c.result;
    let why = if c.chosen == "requested" {
        format!("net tie {}", signed(c.tie))
    } else {
        format!("sharpest hostility, {}", signed(c.tie))
    };
    let side = |members: &[ActorId], seed: &str| {
        let joined = &members[1.min(members.len())..];
        let named: Vec<String> = joined.iter().take(NAMED).map(|id| label(g, id)).collect();
        if named.is_empty() {
            format!("nobody joins {seed}")
        } else {
            format!("{} join {seed}, first {}", joined.len(), named.join(", "))
        }
    };
    // Each weak tie once, in the order the joins first name it (a set beside the list: the
    // list's `contains` made this quadratic, 60 000 ties at 1M relations).
    let mut weak_ties: Vec<WeakTie> = Vec::new();
    let mut seen: HashSet<TieKey> = HashSet::new();
    let weak_reasons = WeakReasons::new(g, snapshot);
    let joins: Vec<&Join> = r.rounds.iter().flat_map(|x| &x.joins).collect();
    let per_join: Vec<Vec<&Relation>> = joins
        .par_iter()
        .map(|j| weak_reasons.of_join(r.threshold, j))
        .collect();
    for found in per_join {
        for r in found {
            if seen.insert(tie_key(r)) {
                weak_ties.push(WeakTie {
                    from: r.from.clone(),
                    to: r.to.clone(),
                    kind: r.kind,
                    weight: r.weight,
                    confidence: r.confidence,
                });
            }
        }
    }
    finding(
        "cascade",
        format!(
            "If {} attacks {} ({why}): {}; {}; {} out.",
            r.attacker_name,
            r.target_name,
            side(&r.target_side, &r.target_name),
            side(&r.attacker_side, &r.attacker_name),
            r.uncommitted.len()
        ),
        weak_ties,
    )
}

fn weak_ties(src: &Inputs, found: &[Finding]) -> Finding {
    let g = src.graph;
    let total = g.relation_count();
    let n = g.relations().filter(|r| weak(r.confidence)).count();
    if total == 0 {
        return finding(
            "weak ties",
            "The graph has no relations to rate.".to_string(),
            Vec::new(),
        );
    }
    if n == 0 {
        return finding(
            "weak ties",
            format!(
                "{} rated probably-true or better.",
                if total == 1 {
                    "The one relation read is".to_string()
                } else {
                    format!("All {total} relations read are")
                }
            ),
            Vec::new(),
        );
    }
    let resting: Vec<String> = found
        .iter()
        .filter(|f| !f.weak_ties.is_empty())
        .map(|f| {
            let mut ties: Vec<String> =
                f.weak_ties.iter().take(NAMED).map(WeakTie::words).collect();
            if f.weak_ties.len() > NAMED {
                ties.push(format!("{} more", f.weak_ties.len() - NAMED));
            }
            format!("the {} finding rests on {}", f.topic, and_list(&ties))
        })
        .collect();
    let mut rest = if resting.is_empty() {
        format!(
            "no finding above rests on {}",
            if n == 1 { "it" } else { "them" }
        )
    } else {
        resting.join("; ")
    };
    if src.without_weak.is_none() {
        rest.push_str(
            " (camps and bridges not re-read without them: the graph is over the report's size \
             budget)",
        );
    }
    finding(
        "weak ties",
        format!(
            "{n} of {total} {} {} rated below probably-true (--min-confidence probably-true \
             drops {}); {rest}.",
            if total == 1 { "relation" } else { "relations" },
            if n == 1 { "is" } else { "are" },
            if n == 1 { "it" } else { "them" }
        ),
        Vec::new(),
    )
}

/// The actor pair of the graph's sharpest hostility: the most negative net tie (ties broken
/// by the pair's summed PageRank, then ids), the attacker being the one whose own directed
/// ties to the other are the more hostile, else the one with the higher PageRank. `None`
/// when no net tie is hostile.
pub fn sharpest_hostility(s: &Snapshot, c: &CentralityResult) -> Option<(ActorId, ActorId, f64)> {
    let pr = pagerank(s, c);
    let rank = |u: usize| pr[u];
    let (u, v, w) = s.ties().filter(|t| t.2 < 0.0).min_by(|x, y| {
        x.2.total_cmp(&y.2)
            .then_with(|| (rank(y.0) + rank(y.1)).total_cmp(&(rank(x.0) + rank(x.1))))
            .then_with(|| (x.0, x.1).cmp(&(y.0, y.1)))
    })?;
    let out = |a: usize, b: usize| {
        let range = s.out.range(a);
        s.out.targets[range.clone()]
            .binary_search(&(b as u32))
            .map_or(0.0, |i| s.out.weights[range.start + i])
    };
    let u_first = out(u, v)
        .total_cmp(&out(v, u))
        .then(rank(v).total_cmp(&rank(u)))
        .then_with(|| s.ids[u].cmp(&s.ids[v]))
        .is_le();
    let (a, t) = if u_first { (u, v) } else { (v, u) };
    Some((s.ids[a].clone(), s.ids[t].clone(), w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::cascade::{Reason, Side};
    use crate::model::{Actor, ActorKind, Relation};

    /// Actors A..F: A, B, C allied; D, E allied; C–D and A–E hostile, A → E the harsher
    /// direction; F alone.
    fn graph() -> ActorGraph {
        let mut g = ActorGraph::new("t");
        for id in ["A", "B", "C", "D", "E", "F"] {
            g.add_actor(Actor::new(id, format!("Actor {id}"), ActorKind::State))
                .unwrap();
        }
        let rel = |a: &str, b: &str, k, w, c| {
            let mut r = Relation::new(a, b, k, w);
            r.confidence = c;
            r
        };
        use Confidence::*;
        use RelationKind::*;
        for r in [
            rel("A", "B", Alliance, 0.9, Confirmed),
            rel("B", "C", Partnership, 0.6, Confirmed),
            rel("A", "C", Partnership, 0.5, PossiblyTrue),
            rel("D", "E", Alliance, 0.8, Confirmed),
            rel("C", "D", Rivalry, -0.4, Confirmed),
            rel("A", "E", Hostility, -0.7, Confirmed),
        ] {
            g.add_relation(r).unwrap();
        }
        let mut r = rel("A", "E", CovertAction, -0.3, ProbablyTrue);
        r.directed = true;
        g.add_relation(r).unwrap();
        g
    }

    fn centrality(g: &ActorGraph) -> CentralityResult {
        crate::analysis::centrality::centrality(g, &Default::default(), None)
    }

    #[test]
    fn the_sharpest_hostility_is_the_most_negative_net_tie_its_harsher_side_attacking() {
        let g = graph();
        let s = Snapshot::new(&g);
        // A–E nets −0.79 (−0.7 and −0.3 by the noisy-or: −(1 − 0.3 · 0.7)): sharper than
        // C–D; A directs the covert action.
        let (a, t, w) = sharpest_hostility(&s, &centrality(&g)).unwrap();
        assert_eq!((a.as_str(), t.as_str(), w), ("A", "E", -0.79));
        let mut calm = ActorGraph::new("calm");
        for id in ["X", "Y"] {
            calm.add_actor(Actor::new(id, id, ActorKind::State))
                .unwrap();
        }
        calm.add_relation(Relation::new("X", "Y", RelationKind::Trade, 0.5))
            .unwrap();
        let s = Snapshot::new(&calm);
        assert!(sharpest_hostility(&s, &centrality(&calm)).is_none());
    }

    fn join(
        actor: &str,
        pull: f64,
        against: f64,
        reasons: &[(&str, RelationKind, f64, f64)],
    ) -> Join {
        Join {
            actor: ActorId::new(actor),
            name: actor.to_string(),
            side: Side::Target,
            involvement: crate::analysis::cascade::Involvement::DiplomaticSupport,
            pull,
            against,
            reasons: reasons
                .iter()
                .map(|&(with, kind, weight, pull)| Reason {
                    with: ActorId::new(with),
                    with_name: with.to_string(),
                    kind,
                    weight,
                    direction: "with",
                    pull,
                })
                .collect(),
            fragile: None,
        }
    }

    #[test]
    fn a_join_rests_on_a_weak_tie_only_when_it_would_fail_without_it() {
        let g = graph();
        use RelationKind::*;
        // C joins A's side on B (0.3) and the possibly-true A–C partnership (0.25): without
        // the weak one its pull 0.3 is below the threshold 0.5.
        let j = join(
            "C",
            0.55,
            0.0,
            &[("B", Partnership, 0.6, 0.3), ("A", Partnership, 0.5, 0.25)],
        );
        let s = Snapshot::new(&g);
        let weak_reasons = WeakReasons::new(&g, &s);
        let w = weak_reasons.of_join(0.5, &j);
        assert_eq!(w.len(), 1);
        assert_eq!((w[0].from.as_str(), w[0].to.as_str()), ("A", "C"));
        assert_eq!(w[0].confidence, Confidence::PossiblyTrue);
        // With a lower threshold it joins without it: the finding does not rest on it.
        assert!(weak_reasons.of_join(0.2, &j).is_empty());
        // A reason stands for the first relation (edge order) of its pair, kind and weight:
        // the possibly-true A–C partnership ahead of a confirmed C → A one keeps it weak ...
        let mut g = graph();
        let mut r = Relation::new("C", "A", RelationKind::Partnership, 0.5);
        r.confidence = Confidence::Confirmed;
        r.directed = true;
        g.add_relation(r).unwrap();
        let j = join(
            "C",
            0.55,
            0.0,
            &[("B", Partnership, 0.6, 0.3), ("A", Partnership, 0.5, 0.25)],
        );
        let s = Snapshot::new(&g);
        assert_eq!(WeakReasons::new(&g, &s).of_join(0.5, &j).len(), 1);
        // ... and a confirmed C → A one ahead of the possibly-true A–C one makes it strong.
        let mut g = ActorGraph::new("t");
        for id in ["A", "B", "C"] {
            g.add_actor(Actor::new(id, id, ActorKind::State)).unwrap();
        }
        for (a, b, c) in [
            ("C", "A", Confidence::Confirmed),
            ("A", "C", Confidence::PossiblyTrue),
        ] {
            let mut r = Relation::new(a, b, RelationKind::Partnership, 0.5);
            r.confidence = c;
            r.directed = a == "C";
            g.add_relation(r).unwrap();
        }
        let s = Snapshot::new(&g);
        assert!(WeakReasons::new(&g, &s).of_join(0.5, &j).is_empty());
    }

    #[test]
    fn findings_state_the_numbers_of_the_results() {
        let g = graph();
        let s = Snapshot::new(&g);
        let c = centrality(&g);
        let blocs = crate::analysis::blocs::detect_blocs_in(&g, &s, &Default::default());
        let brokers = crate::analysis::brokers::brokers_with(&s, &blocs, &Default::default());
        let f = findings(&Inputs {
            graph: &g,
            snapshot: &s,
            centrality: &c,
            influence: None,
            focused: false,
            blocs: &blocs,
            brokers: &brokers,
            cascade: None,
            without_weak: WithoutWeak::build(&g, &Default::default(), &Default::default()).as_ref(),
        });
        let topics: Vec<&str> = f.iter().map(|x| x.topic.as_str()).collect();
        assert_eq!(topics, ["camps", "between", "fault lines", "weak ties"]);
        // {A, B, C} against {D, E}, F alone; C–D is hostile across, so nothing is frustrated.
        assert!(f[0].text.starts_with("bloc "), "{}", f[0].text);
        assert!(
            f[0].text.contains("(3: ") && f[0].text.contains("(2: "),
            "{}",
            f[0].text
        );
        assert!(
            f[0].text.contains("net −1.19 hostile over 2 ties"),
            "{}",
            f[0].text
        );
        assert!(f[0].text.ends_with("; F stands alone."), "{}", f[0].text);
        assert_eq!(blocs.frustrated.len(), 0);
        assert!(f[2].text.starts_with("No tie breaks the blocs"));
        assert_eq!(
            f[3].text,
            "1 of 7 relations is rated below probably-true (--min-confidence probably-true \
             drops it); no finding above rests on it."
        );
    }

    #[test]
    fn camps_and_bridges_rest_on_weak_ties_when_they_change_without_them() {
        // B bridges the hostile A–C only through its possibly-true tie to C (which, across the
        // blocs, is also a fault line); E is in A's camp only through its possibly-true
        // alliance with A.
        let mut g = ActorGraph::new("t");
        for id in ["A", "B", "C", "E"] {
            g.add_actor(Actor::new(id, id, ActorKind::State)).unwrap();
        }
        use Confidence::*;
        use RelationKind::*;
        for (a, b, k, w, c) in [
            ("A", "B", Alliance, 0.9, Confirmed),
            ("A", "C", Hostility, -0.8, Confirmed),
            ("B", "C", Partnership, 0.4, PossiblyTrue),
            ("A", "E", Alliance, 0.5, PossiblyTrue),
        ] {
            let mut r = Relation::new(a, b, k, w);
            r.confidence = c;
            g.add_relation(r).unwrap();
        }
        let s = Snapshot::new(&g);
        let c = centrality(&g);
        let blocs = crate::analysis::blocs::detect_blocs_in(&g, &s, &Default::default());
        let brokers = crate::analysis::brokers::brokers_with(&s, &blocs, &Default::default());
        let without = WithoutWeak::build(&g, &Default::default(), &Default::default());
        let inputs = Inputs {
            graph: &g,
            snapshot: &s,
            centrality: &c,
            influence: None,
            focused: false,
            blocs: &blocs,
            brokers: &brokers,
            cascade: None,
            without_weak: without.as_ref(),
        };
        let f = findings(&inputs);
        let ends = |f: &Finding| {
            f.weak_ties
                .iter()
                .map(|t| format!("{}-{}", t.from, t.to))
                .collect::<Vec<_>>()
        };
        assert_eq!(f[0].topic, "camps");
        assert_eq!(ends(&f[0]), ["A-E"], "{}", f[0].text);
        assert_eq!(f[1].topic, "between");
        assert!(
            f[1].text.contains("B (1 hostile pairs, e.g. A/C)"),
            "{}",
            f[1].text
        );
        assert_eq!(ends(&f[1]), ["B-C"]);
        assert_eq!(
            f.last().unwrap().text,
            "2 of 4 relations are rated below probably-true (--min-confidence probably-true \
             drops them); the camps finding rests on A – E alliance (possibly-true); the \
             between finding rests on B – C partnership (possibly-true); the fault lines finding \
             rests on B – C partnership (possibly-true)."
        );
        // Without the second reading (a graph over the budget) the sentence says so.
        let f = findings(&Inputs {
            without_weak: None,
            ..inputs
        });
        assert!(f[0].weak_ties.is_empty() && f[1].weak_ties.is_empty());
        assert!(
            f.last().unwrap().text.ends_with(
                "not re-read without them: the graph is over the report's size budget)."
            ),
            "{}",
            f.last().unwrap().text
        );
    }
}
