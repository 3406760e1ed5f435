//! What the explorer page shows (`entente explore`, the HTML report): the spec
//! [`crate::format::explorer::Explorer`] built from a graph (or a scenario's base and
//! result) and the analyses of each date the slider stops on — blocs (signed-graph partition,
//! as `entente blocs`), every centrality rank (as the report's centrality section), Gould–
//! Fernandez brokerage and bridges (as `entente brokers`) — and the drawing of each grouping
//! into blocs they find (`layouts`: the built-in drawing's stress majorization, as `entente
//! render --engine builtin`; a bloc-grouped sunflower above [`LAYOUT_LIMIT`] actors, where
//! the all-pairs layout would need n² memory).
//!
//! The page gets every relation whatever its dates, so that its time slider can show what
//! `--as-of` gives on any date; what changes with the date beyond the relations in force —
//! an event graph's weights and the panel's analyses — is computed per stop in `steps`. For a
//! scenario its base is analysed too, on the same dates: the "before" view's analyses.
//! Analyses and layouts run on the rayon threads, each on its own, gathered in order.

mod layouts;
mod steps;

pub use layouts::{LAYOUT_BUDGET, LAYOUT_LIMIT};
pub use steps::{ANALYSIS_BUDGET, MAX_ANALYSES};

use crate::format::dot::{ALLIED_COLOR, HIGHLIGHT_COLOR, HOSTILE_COLOR, NEUTRAL_COLOR, kind_style};
use crate::format::explorer::{
    Actor, Colors, DateStop, Event, Explorer, KindStyle, Relation, Scenario, Side,
};
use crate::model::{ActorGraph, ActorKind, Confidence, Date, Filter, RelationKind};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What the page is built from.
#[derive(Debug, Clone)]
pub struct ExploreInput<'g> {
    /// The graph with every relation (a scenario's result), not filtered by date.
    pub graph: &'g ActorGraph,
    /// For a scenario: its base, not filtered by date.
    pub base: Option<&'g ActorGraph>,
    /// The date the page opens on and the analyses read (`None`: every relation).
    pub as_of: Option<Date>,
    /// Relations below this confidence are left out of the analyses and the page's filter
    /// starts there.
    pub min_confidence: Option<Confidence>,
    pub title: String,
    pub source: String,
    /// Which relations the analyses read, in words (the CLI's date line).
    pub as_of_line: String,
}

fn ymd((y, m, d): (i32, u8, u8)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// Above this many months between its first and last dates, the slider stops on every
/// year rather than every month.
const MONTHLY_STOPS: i32 = 1200;

/// A graph built from event data stops on the last day of each tally period when it has at
/// most this many (about three months of daily tallies); beyond, on every month only.
const TALLY_DAY_STOPS: usize = 100;

/// The slider's stops: every date named by a relation or an event of `graphs`, and `extra`;
/// for a graph built from event data, the last days of its tally periods (see
/// [`TALLY_DAY_STOPS`]) rather than the dates of the relations the tallies replace.
fn date_stops(graphs: &[&ActorGraph], extra: Option<Date>) -> Vec<Date> {
    let mut all: BTreeSet<Date> = extra.into_iter().collect();
    // The first and last tally days bound the months without being stops themselves.
    let mut span: BTreeSet<Date> = BTreeSet::new();
    for g in graphs {
        let replaced = steps::replaced_by_tallies(g);
        for r in g.relations().filter(|r| !replaced(r)) {
            all.extend(r.since);
            all.extend(r.until);
        }
        all.extend(g.events().iter().map(|e| e.date));
        if g.weighting.is_some() {
            let ends: BTreeSet<Date> = g
                .tallies()
                .iter()
                .filter_map(|t| {
                    let (y, m, d) = t.period.last_day();
                    Date::ymd(y, m, d).ok()
                })
                .collect();
            span.extend(ends.first().copied());
            span.extend(ends.last().copied());
            if ends.len() <= TALLY_DAY_STOPS {
                all.extend(ends);
            }
        }
    }
    let first = all
        .first()
        .into_iter()
        .chain(span.first())
        .min_by_key(|d| d.first_day())
        .copied();
    let last = all
        .last()
        .into_iter()
        .chain(span.last())
        .max_by_key(|d| d.last_day())
        .copied();
    // Every month (every year over a century) between the first and last dates named, so
    // the slider also stops where nothing changed, and on any month one asks about.
    if let (Some(first), Some(last)) = (first, last) {
        let (y0, m0, _) = first.first_day();
        let (y1, m1, _) = last.last_day();
        let months = (y1 - y0) * 12 + i32::from(m1) - i32::from(m0);
        for k in 0..=months.max(0) {
            let (y, m) = (
                y0 + (i32::from(m0) - 1 + k) / 12,
                (i32::from(m0) - 1 + k) % 12 + 1,
            );
            let d = if months <= MONTHLY_STOPS {
                Date::ymd(y, m as u8, 1).map(|d| Date { day: None, ..d })
            } else if m == 1 {
                Date::ymd(y, 1, 1).map(|d| Date {
                    month: None,
                    day: None,
                    ..d
                })
            } else {
                continue;
            };
            all.extend(d.ok());
        }
    }
    // In the order of the day each reads (`--as-of 2024-06` reads June 30): a month after
    // its days, a year after its months.
    let mut seen = BTreeSet::new();
    let mut stops: Vec<Date> = all
        .into_iter()
        .filter(|d| seen.insert(d.to_string()))
        .collect();
    stops.sort_by_key(|d| (d.last_day(), std::cmp::Reverse(d.first_day())));
    stops
}

/// The Cytoscape.js shape nearest Graphviz's shape of each kind.
fn cytoscape_shape(graphviz: &str) -> &'static str {
    match graphviz {
        "box" => "round-rectangle",
        "hexagon" => "hexagon",
        "component" => "rectangle",
        "house" => "tag",
        "octagon" => "octagon",
        "parallelogram" => "rhomboid",
        "note" => "cut-rectangle",
        _ => "ellipse",
    }
}

fn relation_key(r: &crate::model::Relation) -> (String, String, RelationKind, bool) {
    let (a, b) = (r.from.to_string(), r.to.to_string());
    let (a, b) = if r.directed || a <= b { (a, b) } else { (b, a) };
    (a, b, r.kind, r.directed)
}

/// Builds the page's spec.
pub fn explorer(input: &ExploreInput) -> Explorer {
    let g = input.graph;
    let mut graphs = vec![g];
    graphs.extend(input.base);
    let stops = date_stops(&graphs, input.as_of);
    // The tallies' relations at each stop, computed once: the page's per-stop weights and each
    // stop's graph read them.
    let at = steps::tally_relations(g, &stops);
    let tallied = steps::tallied(g, &stops, &at);
    let limit = steps::analyses_limit(g);
    let plan = steps::plan(
        g,
        &stops,
        &tallied,
        input.as_of,
        input.min_confidence,
        limit,
    );
    // For a scenario, its base's analyses too: what the "before" view shows.
    let base_plan = input.base.map(|b| {
        let t = steps::tallied(b, &stops, &steps::tally_relations(b, &stops));
        let limit = steps::analyses_limit(b);
        steps::plan(b, &stops, &t, input.as_of, input.min_confidence, limit)
    });
    let filter_at = |as_of: Option<Date>| Filter {
        as_of,
        min_confidence: input.min_confidence,
    };
    // An event graph's relations as `--as-of` reads them at every stop (their net weights
    // change with the date), each made once, on the rayon threads; the analyses of a stop
    // read the same graph when no confidence filter sets them apart.
    let per_stop: Vec<ActorGraph> = if tallied.is_empty() {
        Vec::new()
    } else {
        stops
            .par_iter()
            .zip(at)
            .map(|(&d, derived)| {
                let filter = Filter {
                    as_of: Some(d),
                    min_confidence: None,
                };
                g.filtered_with(&filter, derived)
            })
            .collect()
    };
    let shared = |d: Option<Date>| {
        let p = stops.iter().position(|s| Some(*s) == d)?;
        per_stop.get(p).filter(|_| input.min_confidence.is_none())
    };
    // The analyses, each of a distinct set of relations (`steps::plan`), on the rayon
    // threads, in the plan's order: the result's, then a scenario's base's.
    let mut jobs: Vec<(&ActorGraph, Option<Date>)> = plan.dates.iter().map(|&d| (g, d)).collect();
    let after_count = jobs.len();
    if let (Some(b), Some(p)) = (input.base, &base_plan) {
        jobs.extend(p.dates.iter().map(|&d| (b, d)));
    }
    let results: Vec<steps::Results> = jobs
        .par_iter()
        .map(
            |&(graph, d)| match shared(d).filter(|_| std::ptr::eq(graph, g)) {
                Some(at) => steps::analyse(at),
                None => steps::analyse(&graph.filtered(&filter_at(d))),
            },
        )
        .collect();
    let opening = &results[plan.opening];
    // Laid out on every relation, whatever its dates, so that each actor sits by its
    // partners of any date the slider shows; grouped by the blocs of the date chosen.
    let positions = layouts::positions(g, &opening.blocs, &opening.centrality);

    // Actors: the result's, then those only the base has.
    let mut actors: Vec<Actor> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let base_ids: BTreeSet<&str> = input
        .base
        .map(|b| b.actors().map(|a| a.id.as_str()).collect())
        .unwrap_or_default();
    let after_ids: BTreeSet<&str> = g.actors().map(|a| a.id.as_str()).collect();
    let mut push_actor = |a: &crate::model::Actor, side: Side, pos: (f64, f64)| {
        index.insert(a.id.to_string(), actors.len());
        actors.push(Actor {
            id: a.id.to_string(),
            name: a.name.clone(),
            kind: a.kind.kebab_name().to_string(),
            region: a.region.clone(),
            x: layouts::round1(pos.0),
            y: layouts::round1(pos.1),
            bloc: opening.blocs.assignment.get(&a.id).copied(),
            side,
        });
    };
    for (i, a) in g.actors().enumerate() {
        let side = if input.base.is_some() && !base_ids.contains(a.id.as_str()) {
            Side::After
        } else {
            Side::Both
        };
        push_actor(a, side, positions[i]);
    }
    if let Some(base) = input.base {
        let mut extra = 0.0;
        for a in base.actors().filter(|a| !after_ids.contains(a.id.as_str())) {
            // Beside the first of its base neighbours that is drawn, or below the drawing.
            let near = base
                .relations_of(&a.id)
                .iter()
                .filter_map(|(_, r)| {
                    let other = if r.from == a.id { &r.to } else { &r.from };
                    g.actors().position(|x| x.id == *other)
                })
                .next();
            let pos = match near {
                Some(i) => (positions[i].0 + 90.0 + extra, positions[i].1 + 60.0),
                None => (
                    extra,
                    positions.iter().map(|p| p.1).fold(0.0, f64::max) + 120.0,
                ),
            };
            extra += 40.0;
            push_actor(a, Side::Before, pos);
        }
    }

    // Relations: the result's in order, a changed one's old form beside it, then those only
    // the base has.
    let mut relations = Vec::new();
    let mut counts = (0, 0, 0);
    let base_rel: HashMap<_, &crate::model::Relation> = input
        .base
        .map(|b| b.relations().map(|r| (relation_key(r), r)).collect())
        .unwrap_or_default();
    let mut matched = BTreeSet::new();
    for r in g.relations() {
        let key = relation_key(r);
        match (input.base, base_rel.get(&key)) {
            (None, _) => relations.push(relation(r, &index, Side::Both, None)),
            (Some(_), None) => {
                counts.0 += 1;
                relations.push(relation(r, &index, Side::After, Some("added")));
            }
            (Some(_), Some(old)) => {
                matched.insert(key);
                if *old == r {
                    relations.push(relation(r, &index, Side::Both, None));
                } else {
                    counts.2 += 1;
                    relations.push(relation(old, &index, Side::Before, Some("changed")));
                    relations.push(relation(r, &index, Side::After, Some("changed")));
                }
            }
        }
    }
    if let Some(base) = input.base {
        for r in base.relations() {
            if !matched.contains(&relation_key(r)) {
                counts.1 += 1;
                relations.push(relation(r, &index, Side::Before, Some("removed")));
            }
        }
    }
    // An event graph: the relations the tallies replace on every date are shown only for
    // every relation whatever its dates; the tallies' relations, with their weight at each
    // stop, come after every other (the order `--as-of` gives them in).
    let replaced = steps::replaced_by_tallies(g);
    for (spec, r) in relations.iter_mut().zip(g.relations()) {
        spec.undated_only = input.base.is_none() && replaced(r);
    }
    if input.base.is_none() {
        for d in &tallied {
            let mut spec = relation(&d.relation, &index, Side::Both, None);
            spec.note = None;
            spec.weights = Some(d.weights.clone());
            spec.events = Some(d.events.clone());
            relations.push(spec);
        }
    }

    let mut events: Vec<Event> = g
        .events()
        .iter()
        .map(|e| Event {
            date: e.date.to_string(),
            first: ymd(e.date.first_day()),
            last: ymd(e.date.last_day()),
            actors: e
                .actors
                .iter()
                .filter_map(|a| index.get(a.as_str()).copied())
                .collect(),
            kind: e.kind.clone(),
            score: e.score,
            summary: e.summary.clone(),
            sources: e.sources.clone(),
        })
        .collect();
    events.sort_by(|a, b| (&a.first, &a.last).cmp(&(&b.first, &b.last)));

    // The drawing of each analysis: its blocs as boxes, laid out once per grouping (the
    // opening one where the actors are).
    let opening_at: Vec<(f64, f64)> = actors.iter().map(|a| (a.x, a.y)).collect();
    let mut slot: HashMap<Vec<Vec<String>>, Option<usize>> = HashMap::new();
    slot.insert(layouts::grouping(&opening.blocs), None);
    let mut to_lay = Vec::new();
    let mut layout_of = Vec::with_capacity(results.len());
    for ((graph, _), r) in jobs.iter().zip(&results) {
        let s = *slot.entry(layouts::grouping(&r.blocs)).or_insert_with(|| {
            to_lay.push(layouts::Job {
                graph,
                blocs: &r.blocs,
                centrality: &r.centrality,
            });
            Some(to_lay.len() - 1)
        });
        layout_of.push(s);
    }
    let drawings = layouts::layouts(&to_lay, &opening_at, &index);
    let analyses = jobs
        .iter()
        .zip(&results)
        .zip(layout_of)
        .map(|((&(_, d), r), layout)| {
            let mut spec = steps::analysis_spec(r, d, &index, actors.len());
            spec.layout = layout;
            spec
        })
        .collect();
    let before = |of: (usize, bool)| (of.0 + after_count, of.1);
    // Net weights of every stop of an event graph, whose weights change with the date.
    let mut weighed = graphs.clone();
    weighed.extend(per_stop.iter());
    Explorer {
        title: input.title.clone(),
        source: input.source.clone(),
        as_of: input.as_of.map(|d| d.to_string()),
        as_of_line: input.as_of_line.clone(),
        dates: stops
            .iter()
            .zip(&plan.of_stop)
            .enumerate()
            .map(|(s, (d, &(analysis, exact)))| DateStop {
                label: d.to_string(),
                first: ymd(d.first_day()),
                last: ymd(d.last_day()),
                analysis,
                exact,
                before: base_plan.as_ref().map(|p| before(p.of_stop[s])),
            })
            .collect(),
        actor_kinds: ActorKind::ALL
            .iter()
            .map(|&k| {
                let (shape, _, fill) = kind_style(k);
                KindStyle {
                    kind: k.kebab_name().to_string(),
                    shape: cytoscape_shape(shape).to_string(),
                    fill: fill.to_string(),
                }
            })
            .collect(),
        relation_kinds: RelationKind::ALL
            .iter()
            .map(|k| k.kebab_name().to_string())
            .collect(),
        confidences: Confidence::ALL
            .iter()
            .map(|c| c.kebab_name().to_string())
            .collect(),
        combine: g.combine.kebab_name().to_string(),
        lengths: lengths(&weighed),
        min_confidence: input
            .min_confidence
            .map_or(Confidence::ALL.len() as u8, |c| c.rank()),
        colors: Colors {
            allied: ALLIED_COLOR.into(),
            hostile: HOSTILE_COLOR.into(),
            neutral: NEUTRAL_COLOR.into(),
            highlight: HIGHLIGHT_COLOR.into(),
        },
        actors,
        relations,
        events,
        blocs: steps::bloc_specs(&opening.blocs),
        analyses,
        all_dates_analysis: plan.all_dates.0,
        all_dates_exact: plan.all_dates.1,
        all_dates_before: base_plan.as_ref().map(|p| before(p.all_dates)),
        layouts: drawings,
        scenario: input.base.map(|b| Scenario {
            base: b.name.clone(),
            added: counts.0,
            removed: counts.1,
            changed: counts.2,
        }),
    }
}

/// At most this many relations between two actors have every subset's net weight listed
/// (2^10 sums); beyond, the page computes the rarer sums itself.
const SUBSET_LIMIT: usize = 10;

/// `(|w|, −ln |w|)` for every net weight a tie can take in the page: each subset of the
/// relations between two actors combined by the graph's rule, as
/// [`crate::model::Csr::from_entries`] does.
fn lengths(graphs: &[&ActorGraph]) -> Vec<(f64, f64)> {
    let mut values: BTreeSet<u64> = BTreeSet::new();
    for g in graphs {
        let mut pairs: BTreeMap<(&str, &str), Vec<f64>> = BTreeMap::new();
        for r in g.relations() {
            let (a, b) = (r.from.as_str(), r.to.as_str());
            pairs
                .entry((a.min(b), a.max(b)))
                .or_default()
                .push(r.weight);
        }
        let mut subset = Vec::new();
        for ws in pairs.values() {
            if ws.len() > SUBSET_LIMIT {
                values.extend(ws.iter().map(|w| w.abs().min(1.0).to_bits()));
                continue;
            }
            for mask in 1u32..(1 << ws.len()) {
                subset.clear();
                subset.extend(
                    (0..ws.len())
                        .filter(|i| mask & (1 << i) != 0)
                        .map(|i| ws[i]),
                );
                let w = g.combine.combine(&mut subset).abs();
                if w > 0.0 {
                    values.insert(w.to_bits());
                }
            }
        }
    }
    values
        .into_iter()
        .map(f64::from_bits)
        .map(|w| (w, -w.ln()))
        .collect()
}

fn relation(
    r: &crate::model::Relation,
    index: &HashMap<String, usize>,
    side: Side,
    change: Option<&str>,
) -> Relation {
    Relation {
        from: index[r.from.as_str()],
        to: index[r.to.as_str()],
        kind: r.kind.kebab_name().to_string(),
        weight: r.weight,
        directed: r.directed,
        since: r.since.map(|d| d.to_string()),
        until: r.until.map(|d| d.to_string()),
        start: r.since.map(|d| ymd(d.first_day())),
        end: r.until.map(|d| ymd(d.last_day())),
        confidence: r.confidence.rank(),
        sources: r.sources().to_vec(),
        note: r.note().map(str::to_string),
        side,
        change: change.map(str::to_string),
        undated_only: false,
        weights: None,
        events: None,
    }
}
