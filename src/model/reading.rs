//! How an analysis reads a graph beyond its dates and confidence ([`super::Filter`]): which
//! layers of relations it reads ([`super::layer`]), whether members are merged into their
//! parents ([`super::collapse`]), and the rule that combines parallel relations into one net
//! tie ([`super::combine`]).

use super::combine::Combine;
use super::graph::ActorGraph;
use super::types::RelationKind;
use std::fmt;

/// The reading choices every command shares (`--combine`, `--layer`, `--collapse`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reading {
    /// How parallel relations combine into one net tie.
    pub combine: Combine,
    /// Read only the relations of these layers; every layer when `None`.
    pub layers: Option<Vec<String>>,
    /// Merge every member (`part_of`) into its top parent.
    pub collapse: bool,
}

/// Why a graph cannot be read as asked.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadingError {
    /// A layer no relation kind of the graph belongs to.
    UnknownLayer { layer: String, known: Vec<String> },
}

impl fmt::Display for ReadingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadingError::UnknownLayer { layer, known } => {
                write!(f, "no layer `{layer}` in this graph")?;
                if let Some(s) = crate::diagnostic::suggest(layer, known.iter().map(String::as_str))
                {
                    write!(f, " (did you mean `{s}`?)")?;
                }
                write!(f, "; its layers: {}", known.join(", "))
            }
        }
    }
}

impl std::error::Error for ReadingError {}

impl Reading {
    /// Checks the choices against `g`: every layer named is one of its layers.
    pub fn check(&self, g: &ActorGraph) -> Result<(), ReadingError> {
        let known = g.layers.layers();
        for layer in self.layers.iter().flatten() {
            if !known.contains(&layer.as_str()) {
                return Err(ReadingError::UnknownLayer {
                    layer: layer.clone(),
                    known: known.iter().map(|s| s.to_string()).collect(),
                });
            }
        }
        Ok(())
    }

    /// Reads `g` this way, in place: only the relations of the chosen layers, members merged
    /// into their parents, parallel relations combined by the rule. A layer `g` does not have
    /// keeps nothing ([`Reading::check`] says so first).
    pub fn apply(&self, g: &mut ActorGraph) {
        g.combine = self.combine;
        if let Some(layers) = &self.layers {
            let keeps = |l: &str| layers.iter().any(|x| x == l);
            g.retain_relations(|map, r| keeps(map.layer_of(r.kind)));
            // Event tallies become `Interaction` relations at each date read: not in a layer
            // left out.
            if !keeps(g.layers.layer_of(RelationKind::Interaction)) {
                g.tallies_mut().clear();
            }
        }
        if self.collapse && g.has_members() {
            *g = g.collapsed();
        }
    }

    /// Whether this reading changes which relations and actors `g` has (not only how ties
    /// combine).
    pub fn reshapes(&self) -> bool {
        self.layers.is_some() || self.collapse
    }
}
