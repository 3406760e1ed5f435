//! What the explorer's time slider shows at each of its stops, computed here rather than in
//! the page, so that the page shows exactly what `--as-of` gives:
//!
//! - for a graph built from event data, each tallied dyad's weight at every stop, from
//!   [`crate::model::EventWeighting::relations_at`] — the decay and shrinkage rule `--as-of`
//!   applies (`docs/analysis/events.md`) — and the events it counts then;
//! - at each stop, the side panel's analyses of the relations `--as-of` reads then: blocs
//!   (as `entente blocs`), every centrality rank (as the report's centrality section) and
//!   Gould–Fernandez brokerage and bridges (as `entente brokers`). They are computed once per
//!   distinct set of relations in force, and for at most [`MAX_ANALYSES`] such sets and
//!   [`ANALYSIS_BUDGET`] actors + relations in all (a stop beyond the bound shows the
//!   analyses of the nearest date analysed, and the page says so).

use crate::analysis::blocs::{BlocOptions, BlocResult, detect_blocs_in};
use crate::analysis::brokers::{BrokerOptions, BrokerResult, brokers_with};
use crate::analysis::centrality::CentralityResult;
use crate::format::explorer::{Analysis, Bloc};
use crate::model::{
    ActorGraph, ActorId, Confidence, Date, Filter, Relation, RelationKind, Snapshot,
};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

/// At most this many sets of relations are analysed for the panel (one per distinct set of
/// relations in force at the stops, and one for every relation whatever its dates).
pub const MAX_ANALYSES: usize = 120;

/// Σ (actors + relations) over the sets analysed: a graph of 10 000 actors and 50 000
/// relations gets 10 analysed dates, the shipped graph one per date its relations change.
pub const ANALYSIS_BUDGET: usize = 600_000;

/// Colours of blocs 0, 1, ... (ColorBrewer Dark2 and Set1, distinct from the sign colours).
const BLOC_COLORS: [&str; 12] = [
    "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666",
    "#17becf", "#984ea3", "#ff7f00", "#4daf4a",
];

/// The analyses of one set of relations.
pub(super) struct Results {
    pub blocs: BlocResult,
    pub brokers: BrokerResult,
    pub centrality: CentralityResult,
}

/// Blocs, brokerage and every centrality measure of `g` (already filtered).
pub(super) fn analyse(g: &ActorGraph) -> Results {
    let s = Snapshot::new(g);
    let blocs = detect_blocs_in(g, &s, &BlocOptions::default());
    let brokers = brokers_with(&s, &blocs, &BrokerOptions::default());
    let centrality = crate::report::full::centrality_section(g, &s);
    Results {
        blocs,
        brokers,
        centrality,
    }
}

pub(super) fn bloc_specs(b: &BlocResult) -> Vec<Bloc> {
    b.blocs
        .iter()
        .map(|b| Bloc {
            label: format!("bloc {}", b.id),
            color: BLOC_COLORS[b.id % BLOC_COLORS.len()].to_string(),
            members: b.members.len(),
        })
        .collect()
}

/// The panel's view of `r`, the analyses of the relations read `as_of`; `index` numbers the
/// page's actors.
pub(super) fn analysis_spec(
    r: &Results,
    as_of: Option<Date>,
    index: &HashMap<String, usize>,
    actors: usize,
) -> Analysis {
    let c = &r.centrality;
    let mut bloc = vec![None; actors];
    for (id, &b) in &r.blocs.assignment {
        if let Some(&i) = index.get(id.as_str()) {
            bloc[i] = Some(b);
        }
    }
    let ranks = c
        .measures
        .iter()
        .map(|&m| {
            let mut v = vec![0; actors];
            for (k, a) in c.ranking(m).iter().enumerate() {
                if let Some(&i) = index.get(a.actor.as_str()) {
                    v[i] = k + 1;
                }
            }
            v
        })
        .collect();
    let mut brokerage: Vec<(usize, [u64; 5])> = r
        .brokers
        .roles
        .iter()
        .filter(|x| x.total > 0)
        .filter_map(|x| {
            let i = *index.get(x.actor.as_str())?;
            let counts = [
                x.coordinator,
                x.itinerant,
                x.representative,
                x.gatekeeper,
                x.liaison,
            ];
            Some((i, counts))
        })
        .collect();
    brokerage.sort_by_key(|x| x.0);
    let mut bridges: Vec<(usize, usize, f64)> = r
        .brokers
        .bridges
        .iter()
        .filter_map(|b| Some((*index.get(b.actor.as_str())?, b.hostile_pairs, b.strength)))
        .collect();
    bridges.sort_by_key(|x| x.0);
    Analysis {
        as_of: as_of.map(|d| d.to_string()),
        measures: c.measures.iter().map(|m| m.name().to_string()).collect(),
        blocs: bloc_specs(&r.blocs),
        bloc,
        ranks,
        brokerage,
        bridges,
        layout: None,
    }
}

/// Whether `--as-of` replaces `r` by its dyad's tallies (an `Interaction` relation of a
/// tallied dyad in a graph built from event data).
pub(super) fn replaced_by_tallies(g: &ActorGraph) -> impl Fn(&Relation) -> bool + '_ {
    let dyads: HashSet<(&ActorId, &ActorId)> = if g.weighting.is_some() {
        g.tallies().iter().map(|t| (&t.from, &t.to)).collect()
    } else {
        HashSet::new()
    };
    move |r: &Relation| r.kind == RelationKind::Interaction && dyads.contains(&(&r.from, &r.to))
}

type Day = (i32, u8, u8);

/// A tallied dyad's relation as `--as-of` makes it, with its weight at each stop (0: no
/// relation then) and the events it counts then.
pub(super) struct TalliedDyad {
    /// The relation at the first stop it has one (its weight and note are that stop's).
    pub relation: Relation,
    pub weights: Vec<f64>,
    pub events: Vec<u64>,
}

/// The relations `g`'s tallies give at each stop (`--as-of` it), on the rayon threads; none
/// for a graph not built from event data.
pub(super) fn tally_relations(g: &ActorGraph, stops: &[Date]) -> Vec<Vec<Relation>> {
    let Some(w) = g.weighting else {
        return vec![Vec::new(); stops.len()];
    };
    stops
        .par_iter()
        .map(|stop| w.relations_at(g.tallies(), stop.last_day()))
        .collect()
}

/// Every dyad of `g`'s tallies with a relation at some stop, in the order `--as-of` lists
/// them (of each dyad's first tally); `at`: [`tally_relations`] of the stops.
pub(super) fn tallied(g: &ActorGraph, stops: &[Date], at: &[Vec<Relation>]) -> Vec<TalliedDyad> {
    if g.weighting.is_none() {
        return Vec::new();
    }
    let mut order: HashMap<(&ActorId, &ActorId), usize> = HashMap::new();
    // Per dyad: the last day of each tally period, and its events.
    let mut ends: Vec<Vec<(Day, u64)>> = Vec::new();
    for t in g.tallies() {
        let k = *order.entry((&t.from, &t.to)).or_insert_with(|| {
            ends.push(Vec::new());
            ends.len() - 1
        });
        ends[k].push((t.period.last_day(), t.events));
    }
    let mut found: BTreeMap<usize, TalliedDyad> = BTreeMap::new();
    for (s, (stop, relations)) in stops.iter().zip(at).enumerate() {
        let day = stop.last_day();
        for r in relations {
            let k = order[&(&r.from, &r.to)];
            let d = found.entry(k).or_insert_with(|| TalliedDyad {
                relation: r.clone(),
                weights: vec![0.0; stops.len()],
                events: vec![0; stops.len()],
            });
            d.weights[s] = r.weight;
            d.events[s] = ends[k]
                .iter()
                .filter(|(end, _)| *end <= day)
                .map(|(_, n)| n)
                .sum();
        }
    }
    found.into_values().collect()
}

/// Which analyses the page carries: the dates they read (`None`: every relation), the one
/// each stop shows (and whether it is that stop's own or the nearest one analysed), the
/// one for every relation, and the one the page opens on.
pub(super) struct Plan {
    pub dates: Vec<Option<Date>>,
    pub of_stop: Vec<(usize, bool)>,
    pub all_dates: (usize, bool),
    pub opening: usize,
}

/// How many sets of relations of `g` the page carries analyses for.
pub(super) fn analyses_limit(g: &ActorGraph) -> usize {
    let size = g.actor_count() + g.relation_count();
    (ANALYSIS_BUDGET / size.max(1)).clamp(1, MAX_ANALYSES)
}

/// Groups the stops (and every relation whatever its dates) by the relations they read, and
/// picks at most `limit` groups to analyse: the one the page opens on, and evenly spaced
/// ones from the first to the last.
pub(super) fn plan(
    g: &ActorGraph,
    stops: &[Date],
    tallied: &[TalliedDyad],
    opening: Option<Date>,
    min_confidence: Option<Confidence>,
    limit: usize,
) -> Plan {
    let replaced = replaced_by_tallies(g);
    let derived_ok = min_confidence.is_none_or(|c| Confidence::CannotBeJudged.at_least(c));
    let signature = |stop: Option<(usize, Date)>| -> u64 {
        let filter = Filter {
            as_of: stop.map(|s| s.1),
            min_confidence,
        };
        let mut h = DefaultHasher::new();
        for (j, r) in g.relations().enumerate() {
            if filter.keeps(r) && !(stop.is_some() && replaced(r)) {
                j.hash(&mut h);
            }
        }
        if let (Some((s, _)), true) = (stop, derived_ok) {
            u64::MAX.hash(&mut h);
            for (k, d) in tallied.iter().enumerate() {
                if d.weights[s] != 0.0 {
                    (k, d.weights[s].to_bits()).hash(&mut h);
                }
            }
        }
        h.finish()
    };
    // Position p < stops.len() is a stop, p = stops.len() every relation.
    let mut sigs: Vec<u64> = stops
        .iter()
        .enumerate()
        .map(|(s, &d)| signature(Some((s, d))))
        .collect();
    sigs.push(signature(None));
    let open_pos = opening
        .and_then(|d| stops.iter().position(|s| s.to_string() == d.to_string()))
        .unwrap_or(stops.len());
    // Distinct sets in order, each at its first position.
    let mut first_at: HashMap<u64, usize> = HashMap::new();
    let mut distinct: Vec<usize> = Vec::new();
    for (p, &sig) in sigs.iter().enumerate() {
        first_at.entry(sig).or_insert_with(|| {
            distinct.push(p);
            p
        });
    }
    let open_first = first_at[&sigs[open_pos]];
    let chosen: Vec<usize> = if distinct.len() <= limit {
        distinct
    } else {
        // Evenly spaced sets from the first to the last, the opening one in place of the
        // nearest of them (not of the first, when there are two or more).
        let last = distinct.len() - 1;
        let at = |i: usize| match limit {
            1 => 0,
            _ => (i * last + (limit - 1) / 2) / (limit - 1),
        };
        let mut chosen: Vec<usize> = (0..limit).map(|i| distinct[at(i)]).collect();
        if !chosen.contains(&open_first) {
            let skip = usize::from(limit > 1);
            let k = (skip..limit)
                .min_by_key(|&k| chosen[k].abs_diff(open_first))
                .unwrap_or(0);
            chosen[k] = open_first;
            chosen.sort_unstable();
        }
        chosen
    };
    // Analysis numbers in position order; each position shows its own set's analysis, or
    // the nearest analysed position before it (after it when none is before).
    let number: HashMap<u64, usize> = chosen
        .iter()
        .enumerate()
        .map(|(n, &p)| (sigs[p], n))
        .collect();
    let mut of_pos = Vec::with_capacity(sigs.len());
    let mut last_seen: Option<usize> = None;
    for &sig in &sigs {
        if let Some(&n) = number.get(&sig) {
            last_seen = Some(n);
        }
        let own = number.get(&sig).copied();
        of_pos.push((own.or(last_seen).unwrap_or(0), own.is_some()));
    }
    let all_dates = of_pos.pop().unwrap_or((0, false));
    Plan {
        dates: chosen.iter().map(|&p| stops.get(p).copied()).collect(),
        opening: number[&sigs[open_pos]],
        of_stop: of_pos,
        all_dates,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stops_of(g: &ActorGraph) -> Vec<Date> {
        let mut all: Vec<Date> = g
            .relations()
            .flat_map(|r| [r.since, r.until])
            .flatten()
            .collect();
        all.sort_by_key(|d| d.last_day());
        all.dedup_by_key(|d| d.last_day());
        all
    }

    fn relations_read(g: &ActorGraph, d: Option<Date>) -> Vec<Relation> {
        g.filtered(&Filter {
            as_of: d,
            min_confidence: None,
        })
        .relations()
        .cloned()
        .collect()
    }

    #[test]
    fn each_stop_shows_the_analysis_of_the_relations_it_reads() {
        let g = crate::format::builtin().graph;
        let stops = stops_of(&g);
        let last = *stops.last().unwrap();
        let p = plan(&g, &stops, &[], Some(last), None, MAX_ANALYSES);
        assert!(p.dates.len() > 5, "{}", p.dates.len());
        assert!(p.dates.contains(&None), "every relation whatever its dates");
        for (s, &(n, exact)) in stops.iter().zip(&p.of_stop) {
            assert!(exact);
            assert_eq!(relations_read(&g, Some(*s)), relations_read(&g, p.dates[n]));
        }
        assert_eq!(
            p.dates[p.opening].map(|d| relations_read(&g, Some(d))),
            Some(relations_read(&g, Some(last)))
        );
        // Analyses are distinct sets of relations.
        let sets: Vec<_> = p.dates.iter().map(|&d| relations_read(&g, d)).collect();
        for (i, a) in sets.iter().enumerate() {
            assert!(sets[..i].iter().all(|b| b != a));
        }
    }

    #[test]
    fn beyond_the_bound_a_stop_shows_the_nearest_analysis_before_it() {
        let g = crate::format::builtin().graph;
        let stops = stops_of(&g);
        let opening = stops[stops.len() / 2];
        let p = plan(&g, &stops, &[], Some(opening), None, 4);
        assert_eq!(p.dates.len(), 4);
        assert_eq!(
            relations_read(&g, p.dates[p.opening]),
            relations_read(&g, Some(opening))
        );
        // The first stop is analysed; each stop shows its own analysis or an earlier one.
        assert_eq!(p.of_stop[0], (0, true));
        for (s, &(n, exact)) in stops.iter().zip(&p.of_stop) {
            let d = p.dates[n].expect("a stop's analysis reads a date");
            if exact {
                assert_eq!(relations_read(&g, Some(*s)), relations_read(&g, Some(d)));
            } else {
                assert!(d.last_day() < s.last_day());
            }
        }
        assert!(p.of_stop.iter().any(|x| !x.1));
        // One analysis only: every stop shows the opening one.
        let p = plan(&g, &stops, &[], Some(opening), None, 1);
        assert_eq!(p.dates.len(), 1);
        assert!(p.of_stop.iter().all(|&(n, _)| n == 0));
        assert_eq!(p.all_dates, (0, false));
    }
}
