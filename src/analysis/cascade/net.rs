//! The net a cascade propagates on ([`Net`]): the graph's actors by number, each actor's
//! ties in force in relation order (netted by pair with `--combine`, and then the ties by
//! the actor they point at, for the running sums: [`super::running`]).

use super::involvement::{self, Involvement};
use super::rows::Rows;
use super::running::{self, Watch};
use super::{CascadeError, CascadeOptions, Direction, Net, Tie, commitment, pull};
use crate::model::{ActorGraph, ActorId, Combine, Date, RelationKind};

/// Nets an actor's ties with each other actor by `rule` (see the module's doc): the ties of
/// the net's sign are kept, their pulls scaled to shares of the net pull; the others go.
fn net_pairs(ties: &mut Vec<Tie>, rule: Combine) {
    ties.sort_by_key(|t| t.other);
    let mut kept = Vec::with_capacity(ties.len());
    for pair in ties.chunk_by(|a, b| a.other == b.other) {
        if let [one] = pair {
            kept.push(one.clone());
            continue;
        }
        let mut signed: Vec<f64> = pair.iter().map(|t| t.pull.copysign(t.weight)).collect();
        let net = rule.combine(&mut signed);
        let agrees = |t: &&Tie| net != 0.0 && (t.weight > 0.0) == (net > 0.0);
        let total: f64 = pair.iter().filter(agrees).map(|t| t.pull).sum();
        for t in pair.iter().filter(agrees) {
            kept.push(Tie {
                pull: t.pull * net.abs() / total,
                ..t.clone()
            });
        }
    }
    *ties = kept;
}

/// The net `cascade` propagates on: `g`'s actors and their ties on the options' date, with
/// the date.
pub(super) fn net<'g>(
    g: &'g ActorGraph,
    attacker: &ActorId,
    target: &ActorId,
    opts: &CascadeOptions,
) -> Result<(Net<'g>, Option<Date>), CascadeError> {
    let ids: Vec<&ActorId> = g.actors().map(|a| &a.id).collect();
    let names: Vec<&str> = g.actors().map(|a| a.name.as_str()).collect();
    let caps: Vec<Involvement> = g.actors().map(involvement::cap).collect();
    let index = |id: &ActorId| {
        ids.iter()
            .position(|x| *x == id)
            .ok_or_else(|| CascadeError::UnknownActor(id.clone()))
    };
    let (a, t) = (index(attacker)?, index(target)?);
    if a == t {
        return Err(CascadeError::SameActor(attacker.clone()));
    }
    let as_of = opts.as_of.date(&[g]);
    // Actors by number straight from the graph's node indices (the order of `ids`): no id
    // hashing per relation. Each actor's ties in relation order, its list sized exactly.
    let pg = g.graph();
    let mut dense = vec![u32::MAX; petgraph::visit::NodeIndexable::node_bound(pg)];
    for (i, node) in pg.node_indices().enumerate() {
        dense[node.index()] = i as u32;
    }
    let pulling = |r: &crate::model::Relation| {
        as_of.is_none_or(|d| r.in_force(&d)) && commitment(r.kind) != 0.0 && r.weight != 0.0
    };
    let ends = |e| {
        let (x, y) = pg.edge_endpoints(e).expect("edge of the graph");
        (dense[x.index()] as usize, dense[y.index()] as usize)
    };
    let mut degree = vec![0usize; ids.len()];
    for (e, r) in g.relation_entries() {
        if pulling(r) {
            let (f, to) = ends(e);
            degree[f] += 1;
            degree[to] += 1;
        }
    }
    let placeholder = Tie {
        pull: 0.0,
        weight: 0.0,
        other: 0,
        kind: RelationKind::Other,
        direction: Direction::With,
    };
    let each_tie = g
        .relation_entries()
        .filter(|(_, r)| pulling(r))
        .flat_map(|(e, r)| {
            let (f, to) = ends(e);
            let (dir_f, dir_t) = if r.directed {
                (Direction::To, Direction::From)
            } else {
                (Direction::With, Direction::With)
            };
            [(f, to, dir_f), (to, f, dir_t)].map(|(me, other, dir)| {
                let tie = Tie {
                    other: other as u32,
                    kind: r.kind,
                    weight: r.weight,
                    direction: dir,
                    pull: pull(r.kind, r.weight, dir, opts.incoming),
                };
                (me, tie)
            })
        });
    let mut ties = Rows::build(&degree, placeholder, each_tie);
    drop(degree);
    if let Some(rule) = opts.combine {
        ties = ties.map_rows(|row| {
            let mut row = row.to_vec();
            net_pairs(&mut row, rule);
            row
        });
    }
    let runs = ties.items.iter().all(|t| running::fits(t.pull));
    let mut net = Net {
        ids,
        names,
        caps,
        ties,
        watchers: None,
        incoming: opts.incoming,
        runs,
        spare: Default::default(),
        attacker: a,
        target: t,
    };
    if opts.combine.is_some() {
        // Netted by pair from each end, a relation's two ties may differ (in sign, or one
        // may be netted away): the ties to each actor are listed.
        let mut watching = vec![0usize; net.ids.len()];
        for tie in &net.ties.items {
            watching[tie.other as usize] += 1;
        }
        let watchers = Rows::build(
            &watching,
            Watch::new(0, false, Involvement::Combat, 0.0),
            (0..net.ids.len()).flat_map(|v| {
                let net = &net;
                net.ties
                    .row(v)
                    .iter()
                    .map(move |tie| (tie.other as usize, net.watch(v, tie)))
            }),
        );
        net.watchers = Some(watchers);
    }
    Ok((net, as_of))
}
