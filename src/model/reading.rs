//! How an analysis reads a graph beyond its dates and confidence ([`super::Filter`]): the rule
//! that combines parallel relations into one net tie ([`super::combine`]).

use super::combine::Combine;
use super::graph::ActorGraph;

/// The reading choices every command shares (`--combine`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reading {
    /// How parallel relations combine into one net tie.
    pub combine: Combine,
}

impl Reading {
    /// Sets `g` to be read this way.
    pub fn apply(&self, g: &mut ActorGraph) {
        g.combine = self.combine;
    }
}
