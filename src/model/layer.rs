//! Layers of relations: which kind of tie a relation is — a security commitment, an economic
//! interest, a diplomatic stance, an information operation, a bond of kinship.
//!
//! Multiplex networks keep such layers apart because they behave differently: an alliance and
//! a trade tie do not bind in the same way, and adding them on one scale mixes alignment with
//! interdependence (Wasserman & Faust 1994, ch. 3.4 on multirelational networks; Kivelä et al.,
//! "Multilayer networks", *Journal of Complex Networks* 2, 2014). Every relation kind belongs to
//! one layer ([`RelationKind::default_layer`]); a graph file may move kinds to other layers, or
//! to layers of its own, with `layers: {"energy": "energy"}` ([`LayerMap`]). `--layer L[,L]`
//! reads only the relations of those layers (docs/analysis/layers.md).

use super::types::RelationKind;
use serde::Serialize;
use std::collections::BTreeMap;

/// The built-in layers, in the order they are listed.
pub const LAYERS: &[&str] = &[
    "security",
    "economic",
    "diplomatic",
    "information",
    "kinship",
    "other",
];

impl RelationKind {
    /// The built-in layer of this kind.
    pub fn default_layer(self) -> &'static str {
        use RelationKind::*;
        match self {
            Alliance | DefenceCommitment | MilitaryCooperation | IntelligenceSharing
            | ArmsSupply | Hostility | CovertAction | TerritorialDispute | ArmedConflict => {
                "security"
            }
            Trade | Energy | Investment | Dependence | Sanctions => "economic",
            Partnership | Membership | Mediation | DiplomaticSupport | Rivalry
            | DiplomaticProtest => "diplomatic",
            InformationWarfare => "information",
            Kinship => "kinship",
            Interaction | Other => "other",
        }
    }
}

/// Why a layer name cannot be one.
pub fn layer_name_problem(name: &str) -> Option<&'static str> {
    let mut chars = name.chars();
    match chars.next() {
        None => Some("a layer name cannot be empty"),
        Some(c) if !c.is_ascii_lowercase() => Some("a layer name starts with a lower-case letter"),
        _ if !chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') => {
            Some("a layer name holds only lower-case letters, digits and `-`")
        }
        _ => None,
    }
}

/// Which layer each relation kind belongs to in one graph: the built-in layers with the
/// graph's own choices over them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct LayerMap {
    /// Kinds the graph moves, and their layer; empty for the built-in mapping.
    overrides: BTreeMap<RelationKind, String>,
}

impl LayerMap {
    /// The built-in mapping with `overrides` over it (names checked by the caller:
    /// [`layer_name_problem`]). An override to a kind's own built-in layer is dropped.
    pub fn new(overrides: impl IntoIterator<Item = (RelationKind, String)>) -> LayerMap {
        LayerMap {
            overrides: overrides
                .into_iter()
                .filter(|(k, l)| k.default_layer() != l)
                .collect(),
        }
    }

    /// The graph's own choices, kind by kind.
    pub fn overrides(&self) -> &BTreeMap<RelationKind, String> {
        &self.overrides
    }

    pub fn is_default(&self) -> bool {
        self.overrides.is_empty()
    }

    /// The layer of relations of `kind`.
    pub fn layer_of(&self, kind: RelationKind) -> &str {
        self.overrides
            .get(&kind)
            .map_or(kind.default_layer(), String::as_str)
    }

    /// Every layer some kind belongs to: the built-in ones still used, in their order, then
    /// the graph's own, alphabetically.
    pub fn layers(&self) -> Vec<&str> {
        let used: std::collections::BTreeSet<&str> = RelationKind::ALL
            .iter()
            .map(|&k| self.layer_of(k))
            .collect();
        let mut out: Vec<&str> = LAYERS
            .iter()
            .copied()
            .filter(|l| used.contains(l))
            .collect();
        out.extend(used.iter().copied().filter(|l| !LAYERS.contains(l)));
        out
    }

    /// The kinds of one layer, in vocabulary order.
    pub fn kinds_of(&self, layer: &str) -> Vec<RelationKind> {
        RelationKind::ALL
            .iter()
            .copied()
            .filter(|&k| self.layer_of(k) == layer)
            .collect()
    }

    /// The kebab names of the overrides, for writers: `("energy", "energy")`.
    pub fn named_overrides(&self) -> impl Iterator<Item = (&'static str, &str)> + '_ {
        self.overrides
            .iter()
            .map(|(k, l)| (k.kebab_name(), l.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_built_in_layer_and_files_can_move_kinds() {
        for &k in RelationKind::ALL {
            assert!(LAYERS.contains(&k.default_layer()), "{k}");
        }
        let m = LayerMap::default();
        assert_eq!(m.layer_of(RelationKind::Alliance), "security");
        assert_eq!(m.layer_of(RelationKind::Energy), "economic");
        assert_eq!(m.layers(), LAYERS);
        let m = LayerMap::new([
            (RelationKind::Energy, "energy".to_string()),
            (RelationKind::Trade, "economic".to_string()),
        ]);
        assert_eq!(m.layer_of(RelationKind::Energy), "energy");
        // Moving a kind to its own layer changes nothing and is not kept.
        assert_eq!(m.overrides().len(), 1);
        assert_eq!(m.layers().last(), Some(&"energy"));
        assert_eq!(m.kinds_of("kinship"), [RelationKind::Kinship]);
    }

    #[test]
    fn layer_names_are_checked() {
        assert_eq!(layer_name_problem("energy"), None);
        assert_eq!(layer_name_problem("cyber-2"), None);
        assert!(layer_name_problem("").is_some());
        assert!(layer_name_problem("Energy").is_some());
        assert!(layer_name_problem("a b").is_some());
    }
}
