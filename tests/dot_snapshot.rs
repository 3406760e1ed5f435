//! Snapshot of the DOT of the shipped graph (default options, and clustered by kind).

// `dot::to_dot` names the call as the recorded snapshots do.
use entente::diagram::{self as dot, ClusterBy, DotOptions};

#[test]
fn shipped_graph_dot_default() {
    let g = entente::format::builtin().graph;
    insta::assert_snapshot!(dot::to_dot(&g, &DotOptions::default()).unwrap());
}

#[test]
fn shipped_graph_dot_clustered_by_kind_dot_layout() {
    let g = entente::format::builtin().graph;
    let opts = DotOptions {
        cluster_by: Some(ClusterBy::Kind),
        layout: dot::Layout::Dot,
        ..DotOptions::default()
    };
    insta::assert_snapshot!(dot::to_dot(&g, &opts).unwrap());
}
