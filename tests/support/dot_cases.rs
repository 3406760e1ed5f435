//! Every DOT the tests produce: the shipped graph and a graph of awkward names under each
//! layout, clustering and filter. `tests/graphviz_real.rs` renders all of them with real
//! Graphviz; the snapshot test takes the default drawing of the shipped graph from here.

#![allow(dead_code)]

use entente::diagram::{self, ClusterBy, DotOptions, Focus, Layout};
use entente::model::{Actor, ActorGraph, ActorKind, Confidence, Relation, RelationKind};

/// Actor ids and names that break naive DOT writers. Ids cannot hold whitespace or commas.
pub const AWKWARD: &[(&str, &str, ActorKind)] = &[
    ("q\"uote", "The \"Quoted\" Front", ActorKind::ArmedGroup),
    ("back\\slash", "Back\\slash Holdings", ActorKind::Company),
    ("end\\", "Trailing backslash \\", ActorKind::Other),
    ("US:State", "US:State Dept", ActorKind::Agency),
    ("Hüseyin", "Hüseyin Öztürk Vakfı", ActorKind::Ngo),
    ("<tag>", "<b>not bold</b> & co", ActorKind::Media),
    ("two-lines", "First line\nsecond line", ActorKind::Party),
    (
        "escapes",
        "\\N \\G \\l \\n literal",
        ActorKind::Organisation,
    ),
    ("node", "node", ActorKind::State),
    ("subgraph", "edge; graph [x=1] {}", ActorKind::State),
    ("cluster_0", "cluster_0 (an actor)", ActorKind::State),
    ("a->b", "a -> b -- c", ActorKind::State),
    ("Ελλάδα", "Ελλάδα / 中国 / Россия", ActorKind::State),
    // Graphviz decodes entities in labels: this name must be drawn as written.
    ("R&D", "R&amp;D <unit> & co", ActorKind::Company),
    // An odd run of backslashes before a quote: no quoted DOT string holds it.
    (
        "odd\\\"q",
        "bell\u{7} esc\u{1b}[2J not\u{fffe}",
        ActorKind::Other,
    ),
];

pub fn awkward_graph() -> ActorGraph {
    let mut g = ActorGraph::new("awkward \"names\" \\ test\nsecond line");
    for (i, (id, name, kind)) in AWKWARD.iter().enumerate() {
        let mut a = Actor::new(*id, *name, *kind);
        a.region = Some(if i % 2 == 0 { "West \"A\"" } else { "East\\B" }.into());
        g.add_actor(a).unwrap();
    }
    let conf = [
        Confidence::Confirmed,
        Confidence::PossiblyTrue,
        Confidence::Doubtful,
    ];
    for i in 0..AWKWARD.len() {
        let j = (i + 1) % AWKWARD.len();
        let w = if i % 3 == 0 {
            -0.7
        } else {
            0.3 + 0.05 * i as f64
        };
        let kind = RelationKind::default_for_weight(w);
        let mut r = Relation::new(AWKWARD[i].0, AWKWARD[j].0, kind, w)
            .with_confidence(conf[i % 3])
            .with_note(format!("note with \"quotes\", \\ and\nnewline {i}"));
        if i % 4 == 0 {
            r = r.directed();
        }
        g.add_relation(r).unwrap();
    }
    g.add_relation(Relation::new("node", "subgraph", RelationKind::Other, 0.0))
        .unwrap();
    g
}

/// The options each graph is drawn with: every layout, every clustering, and the filters.
pub fn option_matrix() -> Vec<(String, DotOptions)> {
    let mut v = Vec::new();
    for layout in Layout::ALL {
        for (cname, cluster) in [
            ("none", None),
            ("kind", Some(ClusterBy::Kind)),
            ("region", Some(ClusterBy::Region)),
            ("bloc", Some(ClusterBy::Bloc)),
        ] {
            v.push((
                format!("{}-cluster-{cname}", layout.name()),
                DotOptions {
                    layout: *layout,
                    cluster_by: cluster,
                    ..DotOptions::default()
                },
            ));
        }
    }
    v.push((
        "edge-labels-no-legend".into(),
        DotOptions {
            edge_labels: true,
            legend: false,
            title: Some(String::new()),
            ..DotOptions::default()
        },
    ));
    v.push((
        "each-relation-edge-labels".into(),
        DotOptions {
            each_relation: true,
            edge_labels: true,
            ..DotOptions::default()
        },
    ));
    v.push((
        "min-weight-0.5".into(),
        DotOptions {
            min_weight: 0.5,
            ..DotOptions::default()
        },
    ));
    v.push((
        "hostility-only".into(),
        DotOptions {
            relation_kinds: Some([RelationKind::Hostility].into()),
            ..DotOptions::default()
        },
    ));
    v
}

/// Every (name, DOT) the tests render.
pub fn all_cases() -> Vec<(String, String)> {
    let shipped = entente::format::builtin().graph;
    let awkward = awkward_graph();
    let mut out = Vec::new();
    for (gname, g) in [("shipped", &shipped), ("awkward", &awkward)] {
        for (oname, opts) in option_matrix() {
            out.push((
                format!("{gname}/{oname}"),
                diagram::to_dot(g, &opts).expect("draws"),
            ));
        }
        // A path exists along any allied relation, in its direction.
        let allied = g.relations().find(|r| r.weight > 0.0).unwrap();
        for layout in Layout::ALL {
            let opts = DotOptions {
                layout: *layout,
                highlight_path: Some((allied.from.clone(), allied.to.clone())),
                cluster_by: Some(ClusterBy::Kind),
                edge_labels: true,
                ..DotOptions::default()
            };
            out.push((
                format!("{gname}/highlight-{}", layout.name()),
                diagram::to_dot(g, &opts).expect("draws"),
            ));
        }
        let first = g.actors().next().unwrap().id.clone();
        for depth in [0, 1, 2] {
            let opts = DotOptions {
                focus: Some(Focus {
                    actor: first.clone(),
                    depth,
                }),
                ..DotOptions::default()
            };
            out.push((
                format!("{gname}/focus-{depth}"),
                diagram::to_dot(g, &opts).expect("draws"),
            ));
        }
    }
    out
}
