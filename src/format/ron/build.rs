//! The graph made from a file's actors and relations once they are read and validated.
//!
//! At ten million relations among a million actors this is the load's longest stretch on
//! one thread (issue 21): each relation is linked into its two actors' lists of petgraph's
//! graph, a cache miss per end, which prefetching a few relations ahead hides only in part.
//! The actors' index by id, which that linking does not read, is made beside it on another
//! thread ([`ActorGraph::add_actors_then`]), after the memory freed by validation is handed
//! back to the system there.

use crate::format::mapped;
use crate::model::graph::prefetch_node;
use crate::model::{Actor, ActorGraph, Relation};
use petgraph::stable_graph::NodeIndex;

/// Adds `actors` and then `relations` (in the parts they were read in, each handed back to
/// the system once moved into the graph: the relations read and the graph do not add up)
/// to `graph`, which has neither yet. `ends` holds each relation's two actors' positions in
/// `actors`; with `shared`, its ids are already clones of theirs (the loader shared them
/// while reading) and are not compared again.
pub(super) fn relations_into(
    graph: &mut ActorGraph,
    actors: Vec<Actor>,
    relations: Vec<Vec<Relation>>,
    ends: &[[u32; 2]],
    shared: bool,
) {
    graph.reserve(actors.len(), ends.len());
    let n = actors.len();
    // What validation freed was carved from the heap (small blocks, one per part): handed
    // back once, beside the build (a walk over every free block: 0.07 s at 10M relations).
    graph.add_actors_then(actors, mapped::release_freed_memory, |graph| {
        // Where each actor's node lies. Actor `i` is node `i`, and the nodes lie side by
        // side, one `step` apart: a relation's nodes' places are then computed rather than
        // read from a list (one more cache miss per relation end at a million actors;
        // bench/RESULTS.md, "Load, seventh step"), which is then not made.
        let home_of = |i: usize| graph.node_home(NodeIndex::new(i));
        let base = if n > 0 { home_of(0) } else { 0 };
        let step = if n > 1 {
            home_of(1).wrapping_sub(base)
        } else {
            0
        };
        let evenly = (0..n).all(|i| home_of(i) == base.wrapping_add(i.wrapping_mul(step)));
        let homes: Vec<usize> = if evenly {
            Vec::new()
        } else {
            (0..n).map(home_of).collect()
        };
        let home = |a: u32| match evenly {
            true => base.wrapping_add((a as usize).wrapping_mul(step)),
            false => homes[a as usize],
        };
        // The nodes of the relation [`AHEAD`] places on are fetched while this one is added.
        const AHEAD: usize = 16;
        let mut i = 0;
        for mut part in relations {
            for r in part.drain(..) {
                if let Some(&[a, b]) = ends.get(i + AHEAD) {
                    prefetch_node(home(a));
                    prefetch_node(home(b));
                }
                let [a, b] = ends[i].map(|a| NodeIndex::new(a as usize));
                i += 1;
                if shared {
                    graph.push_relation_sharing(a, b, r);
                } else {
                    graph.push_relation_between(a, b, r);
                }
            }
            mapped::free_emptied(part);
        }
    });
}
