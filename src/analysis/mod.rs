//! Analyses: one module per pass, each a pure function from a graph (and options) to a
//! result struct that derives `Serialize`.

pub mod balance;
pub mod blocs;
pub mod brokers;
pub mod cascade;
pub mod centrality;
pub mod events;
pub mod influence;
pub mod info;
pub mod layers;
pub mod paths;
pub mod robustness;
pub mod timeline;
