//! Why a query found no path: relax it (everything, then the sign, then each constraint)
//! and report what made the difference.

use super::{Network, NoPath, PathOptions, Query};
use crate::model::{Flow, Snapshot};

/// Finds out why `query` found nothing by relaxing it: first everything, then the sign,
/// then each constraint.
pub(super) fn explain_no_path(s: &Snapshot, query: &Query, opts: &PathOptions) -> NoPath {
    let from = s.ids[query.source].clone();
    let to = s.ids[query.target].clone();
    let free = Query {
        k: 1,
        max_hops: None,
        avoid: Vec::new(),
        via: None,
        ..query.clone()
    };
    let any_sign = Network::new(s, Flow::Out, true);
    if free.run(&any_sign, None).is_empty() {
        let back = Query {
            source: query.target,
            target: query.source,
            ..free.clone()
        };
        return NoPath::Disconnected {
            from,
            to,
            reverse: !back.run(&any_sign, None).is_empty(),
        };
    }
    let same_sign = Network::new(s, Flow::Out, opts.allow_hostile);
    if free.run(&same_sign, None).is_empty() {
        return NoPath::OnlyHostile { from, to };
    }
    let mut reasons = Vec::new();
    if query.avoid.contains(&query.source) || query.avoid.contains(&query.target) {
        reasons.push("an actor to avoid is an end of the path".to_string());
    }
    if let Some(v) = query.via
        && query.avoid.contains(&v)
    {
        reasons.push(format!("`{}` is both required and avoided", s.ids[v]));
    }
    if reasons.is_empty() {
        let relaxations: [(String, Query); 3] = [
            (
                match query.max_hops {
                    Some(h) => format!("no path has at most {h} hop(s)"),
                    None => String::new(),
                },
                Query {
                    max_hops: None,
                    k: 1,
                    ..query.clone()
                },
            ),
            (
                if query.avoid.is_empty() {
                    String::new()
                } else {
                    let names: Vec<&str> = query.avoid.iter().map(|&a| s.ids[a].as_str()).collect();
                    format!("every path passes through {}", names.join(", "))
                },
                Query {
                    avoid: Vec::new(),
                    k: 1,
                    ..query.clone()
                },
            ),
            (
                match query.via {
                    Some(v) => format!("no path passes through `{}`", s.ids[v]),
                    None => String::new(),
                },
                Query {
                    via: None,
                    k: 1,
                    ..query.clone()
                },
            ),
        ];
        for (why, relaxed) in &relaxations {
            if !why.is_empty() && !relaxed.run(&same_sign, None).is_empty() {
                reasons.push(why.clone());
            }
        }
        if reasons.is_empty() {
            reasons.push("no path meets all of them at once".to_string());
        }
    }
    NoPath::ConstraintsTooTight { from, to, reasons }
}
