//! Load → save → load gives an identical graph, and saving is stable (property tests).

mod support;

use entente::format::{self, ron};
use entente::model::{ActorGraph, ActorId};
use proptest::prelude::*;

/// Quotes, backslashes, newlines, colons, angle brackets, non-ASCII and control chars.
const TEXT: &str = "[a-zA-Z0-9 \"\\\\\n\t:<>{}(),üşəğ\u{1}–]{0,12}";

fn graph() -> impl Strategy<Value = ActorGraph> {
    support::graphs::graph(TEXT, |i| ActorId::from(format!("A{i}")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn load_save_load_is_identity(g in graph()) {
        let text = ron::to_string(&g);
        let loaded = ron::from_str(&text).map_err(|d| TestCaseError::fail(format!("{d:?}\n{text}")))?;
        prop_assert_eq!(&loaded.graph, &g);
        // Saving again gives byte-identical text.
        prop_assert_eq!(ron::to_string(&loaded.graph), text);
    }
}

#[test]
fn shipped_graph_round_trips() {
    let g = format::builtin().graph;
    let text = ron::to_string(&g);
    let again = ron::from_str(&text).unwrap().graph;
    assert_eq!(again, g);
    assert!(g.actor_count() >= 25 && g.relation_count() >= 50);
}

#[test]
fn save_is_atomic_and_leaves_no_temp_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.ron");
    let g = format::builtin().graph;
    format::save_ron(&g, &path).unwrap();
    format::save_ron(&g, &path).unwrap();
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("g.ron")]);
    assert_eq!(format::load_file(&path).unwrap().graph, g);
}
