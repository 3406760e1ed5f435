//! Layout of a diff (`entente diff`, `entente scenario diff`, the report's Scenario section):
//! written to be pasted into a briefing, most telling facts first.

use super::{Block, Document, Readers, Table, ToDocument, num, plural};
use crate::analysis::blocs::Breach;
use crate::model::ActorId;
use crate::scenario::diff::{BlocFate, BlocRow, Diff, PathSide, RelationRow};

fn ids(v: &[ActorId]) -> String {
    v.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", ")
}

/// `2 (RUS, IRN, ARM, …)`: a bloc by number and its first members.
fn bloc_label(blocs: &[BlocRow], id: Option<usize>) -> String {
    let Some(id) = id else {
        return "—".to_string();
    };
    match blocs.iter().find(|b| b.id == id) {
        Some(b) => {
            let shown: Vec<&str> = b.members.iter().take(4).map(|a| a.as_str()).collect();
            let more = if b.members.len() > 4 { ", …" } else { "" };
            format!("{id} ({}{more})", shown.join(", "))
        }
        None => id.to_string(),
    }
}

fn arrow(v: &[ActorId]) -> String {
    v.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(" → ")
}

fn path_cell(p: &PathSide) -> String {
    match (&p.strength, &p.none) {
        (Some(s), _) => format!("{} ({})", arrow(&p.actors), num(*s, 3)),
        (None, Some(why)) => format!("none: {why}"),
        (None, None) => "none".to_string(),
    }
}

fn opt_num(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "—".to_string(), |x| num(x, digits))
}

fn relation_table(name: &str, rows: &[RelationRow]) -> (String, Table) {
    let mut t = Table::new(["relation", "kind", "weight", "confidence", "note"]).right(&[2]);
    for r in rows {
        t.row([
            r.pair(),
            r.kind.ron_name().to_string(),
            num(r.weight, 3),
            r.confidence.clone(),
            r.note.clone().unwrap_or_default(),
        ]);
    }
    (name.to_string(), t)
}

impl Diff {
    /// One sentence of counts: what changed.
    pub fn headline(&self) -> String {
        let c = &self.changes;
        let mut parts = Vec::new();
        if c.is_empty() {
            parts.push("no difference in actors, relations or events".to_string());
        }
        let rel = [
            (c.relations_changed.len(), "changed"),
            (c.relations_added.len(), "added"),
            (c.relations_removed.len(), "removed"),
        ];
        let rel: Vec<String> = rel
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, w)| format!("{n} {w}"))
            .collect();
        if !rel.is_empty() {
            parts.push(format!("relations: {}", rel.join(", ")));
        }
        let act = [
            (c.actors_added.len(), "added"),
            (c.actors_removed.len(), "removed"),
            (c.actors_changed.len(), "changed"),
        ];
        let act: Vec<String> = act
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, w)| format!("{n} {w}"))
            .collect();
        if !act.is_empty() {
            parts.push(format!("actors: {}", act.join(", ")));
        }
        if !c.events_added.is_empty() || !c.events_removed.is_empty() {
            parts.push(format!(
                "events: {} added, {} removed",
                c.events_added.len(),
                c.events_removed.len()
            ));
        }
        if let Some(b) = &self.blocs {
            let moved = b
                .moved
                .iter()
                .filter(|m| m.from.is_some() && m.to.is_some())
                .count();
            parts.push(format!(
                "blocs: {} → {}, {} moved, frustration {} → {}",
                b.before.len(),
                b.after.len(),
                plural(moved, "actor", "actors"),
                num(b.frustration_before, 3),
                num(b.frustration_after, 3)
            ));
        }
        if let Some(b) = &self.balance
            && (b.unbalanced_before != b.unbalanced_after
                || !b.new.is_empty()
                || !b.resolved.is_empty())
        {
            parts.push(format!(
                "unbalanced triads: {} → {} ({} new, {} resolved)",
                b.unbalanced_before,
                b.unbalanced_after,
                b.new.len(),
                b.resolved.len()
            ));
        }
        {
            let mut s = parts.join("; ");
            s.push('.');
            let mut chars = s.chars();
            match chars.next() {
                Some(f) => f.to_uppercase().collect::<String>() + chars.as_str(),
                None => s,
            }
        }
    }

    fn changes_document(&self, d: &mut Document) {
        let c = &self.changes;
        if c.is_empty() {
            d.paragraph("The two graphs hold the same actors, relations and events.");
            return;
        }
        if !c.relations_changed.is_empty() {
            d.heading(3, "Relations changed");
            let mut t = Table::new(["relation", "kind", "change", "note"]);
            for r in &c.relations_changed {
                let kind = if r.before.kind == r.after.kind {
                    r.after.kind.ron_name().to_string()
                } else {
                    format!("{} → {}", r.before.kind.ron_name(), r.after.kind.ron_name())
                };
                let change: Vec<&String> = r
                    .changes
                    .iter()
                    .filter(|x| !x.starts_with("kind "))
                    .collect();
                t.row([
                    r.after.pair(),
                    kind,
                    change
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join("; "),
                    r.after.note.clone().unwrap_or_default(),
                ]);
            }
            d.table("relations_changed", t);
        }
        for (title, name, rows) in [
            ("Relations added", "relations_added", &c.relations_added),
            (
                "Relations removed",
                "relations_removed",
                &c.relations_removed,
            ),
        ] {
            if !rows.is_empty() {
                d.heading(3, title);
                let (n, t) = relation_table(name, rows);
                d.table(n, t);
            }
        }
        if !c.actors_added.is_empty()
            || !c.actors_removed.is_empty()
            || !c.actors_changed.is_empty()
        {
            d.heading(3, "Actors");
            let mut t = Table::new(["actor", "name", "change"]);
            for a in &c.actors_added {
                t.row([
                    a.id.to_string(),
                    a.name.clone(),
                    format!("added ({})", a.kind),
                ]);
            }
            for a in &c.actors_removed {
                t.row([a.id.to_string(), a.name.clone(), "removed".to_string()]);
            }
            for a in &c.actors_changed {
                t.row([a.id.to_string(), String::new(), a.changes.join("; ")]);
            }
            d.table("actors", t);
        }
        if !c.events_added.is_empty() || !c.events_removed.is_empty() {
            d.heading(3, "Events");
            let mut t = Table::new(["", "date", "actors", "kind", "score", "summary"]).right(&[4]);
            for (mark, evs) in [("+", &c.events_added), ("−", &c.events_removed)] {
                for e in evs {
                    t.row([
                        mark.to_string(),
                        e.date.to_string(),
                        ids(&e.actors),
                        e.kind.clone(),
                        num(e.score, 1),
                        e.summary.clone(),
                    ]);
                }
            }
            d.table("events", t);
        }
    }

    fn analyses_document(&self, d: &mut Document) {
        if let Some(b) = &self.blocs {
            d.heading(2, "Blocs");
            let proof = |optimal: bool| if optimal { "optimal" } else { "best found" };
            d.fields([
                ("blocs", format!("{} → {}", b.before.len(), b.after.len())),
                (
                    "frustration",
                    format!(
                        "{} ({}) → {} ({})",
                        num(b.frustration_before, 3),
                        proof(b.optimal_before),
                        num(b.frustration_after, 3),
                        proof(b.optimal_after)
                    ),
                ),
            ]);
            let mut t = Table::new(["bloc", "members", "origin"]);
            for (row, o) in b.after.iter().zip(&b.origins) {
                let from: Vec<String> = o
                    .drawn_from
                    .iter()
                    .map(|(i, n)| format!("{n} from {i}"))
                    .collect();
                let mut origin = match o.fate {
                    BlocFate::Continues => format!("continues {}", o.continues[0]),
                    BlocFate::Merged => format!(
                        "merges {}",
                        o.continues
                            .iter()
                            .map(|i| i.to_string())
                            .collect::<Vec<_>>()
                            .join(" + ")
                    ),
                    BlocFate::New => "new".to_string(),
                };
                if !from.is_empty() {
                    origin.push_str(&format!(" ({})", from.join(", ")));
                }
                if !o.new_actors.is_empty() {
                    origin.push_str(&format!("; new actors {}", ids(&o.new_actors)));
                }
                t.row([row.id.to_string(), ids(&row.members), origin]);
            }
            t.list_for_people("members", ", ", "member", "members");
            d.heading(3, "Blocs after, and where their members were");
            d.table("blocs_after", t);
            d.heading(3, "Who moved");
            if b.moved.is_empty() {
                d.paragraph("No actor changed bloc.");
            } else {
                let mut t = Table::new(["actor", "name", "from bloc", "to bloc"]);
                for m in &b.moved {
                    t.row([
                        m.actor.to_string(),
                        m.name.clone(),
                        bloc_label(&b.before, m.from),
                        bloc_label(&b.after, m.to),
                    ]);
                }
                d.table("bloc_moves", t);
            }
            if !b.frustrated.is_empty() {
                d.heading(3, "Relations that break the blocs: what changed");
                let mut t = Table::new(["tie", "kind", "why", "net weight"]);
                for f in &b.frustrated {
                    t.row([
                        format!("{} – {}", f.a, f.b),
                        f.kind.ron_name().to_string(),
                        match f.breach {
                            Breach::HostileInside => "hostile inside a bloc",
                            Breach::AlliedAcross => "allied across blocs",
                        }
                        .to_string(),
                        match (f.before, f.after) {
                            (Some(x), Some(y)) => format!("{} → {}", num(x, 3), num(y, 3)),
                            (None, Some(y)) => format!("new: {}", num(y, 3)),
                            (Some(x), None) => format!("resolved (was {})", num(x, 3)),
                            (None, None) => String::new(),
                        },
                    ]);
                }
                d.table("frustrated", t);
            }
        }
        if let Some(b) = &self.balance {
            d.heading(2, "Unbalanced triads");
            d.fields([
                (
                    "unbalanced triads",
                    format!("{} → {}", b.unbalanced_before, b.unbalanced_after),
                ),
                (
                    "triangle index (strict)",
                    format!(
                        "{} → {}",
                        opt_num(b.triangle_index_before, 4),
                        opt_num(b.triangle_index_after, 4)
                    ),
                ),
            ]);
            if b.new.is_empty() && b.resolved.is_empty() {
                d.paragraph("No triad became unbalanced or was resolved.");
            }
            for (title, name, rows) in [
                ("New unbalanced triads", "triads_new", &b.new),
                ("Resolved triads", "triads_resolved", &b.resolved),
            ] {
                if rows.is_empty() {
                    continue;
                }
                d.heading(3, title);
                let mut t = Table::new(["triad", "signs", "ties"]);
                for r in rows {
                    let ties: Vec<String> = r
                        .ties
                        .iter()
                        .map(|x| {
                            format!(
                                "{}–{} {} {}",
                                x.a,
                                x.b,
                                x.kind.kebab_name(),
                                num(x.weight, 3)
                            )
                        })
                        .collect();
                    t.row([ids(&r.actors), r.signs.clone(), ties.join("; ")]);
                }
                d.table(name, t);
            }
            if b.truncated {
                d.paragraph(
                    "Only the weightiest unbalanced triads are compared; the lists may be incomplete.",
                );
            }
        }
        if let Some(c) = &self.centrality {
            d.heading(2, "Centrality rank movers");
            if c.movers.is_empty() {
                d.paragraph(format!(
                    "No actor changed rank on {}.",
                    c.measures.join(", ")
                ));
            } else {
                let mut t =
                    Table::new(["measure", "actor", "name", "rank", "change", "value"]).right(&[4]);
                for m in &c.movers {
                    let rank = |r: Option<usize>| r.map_or("—".to_string(), |r| r.to_string());
                    t.row([
                        m.measure.to_string(),
                        m.actor.to_string(),
                        m.name.clone(),
                        format!("{} → {}", rank(m.rank_before), rank(m.rank_after)),
                        m.gained().map_or(String::new(), |g| format!("{g:+}")),
                        format!(
                            "{} → {}",
                            opt_num(m.value_before, 4),
                            opt_num(m.value_after, 4)
                        ),
                    ]);
                }
                d.table("centrality_movers", t);
            }
        }
        for inf in &self.influence {
            d.heading(2, format!("Influence on {}", inf.target));
            if let Some(why) = &inf.missing {
                d.paragraph(format!("Not compared: {why}."));
                continue;
            }
            if !inf.top_after.is_empty() {
                let top: Vec<String> = inf
                    .top_after
                    .iter()
                    .map(|(a, s)| format!("{a} {}", num(*s, 3)))
                    .collect();
                d.paragraph(format!("Strongest influencers after: {}.", top.join(", ")));
            }
            if inf.changes.is_empty() {
                d.paragraph("No actor's influence changed.");
                continue;
            }
            let mut t = Table::new([
                "actor",
                "name",
                "before",
                "after",
                "change",
                "strongest path after",
            ])
            .right(&[2, 3, 4]);
            for ch in &inf.changes {
                let delta = ch.after.unwrap_or(0.0) - ch.before.unwrap_or(0.0);
                t.row([
                    ch.actor.to_string(),
                    ch.name.clone(),
                    opt_num(ch.before, 3),
                    opt_num(ch.after, 3),
                    format!("{}{}", if delta > 0.0 { "+" } else { "" }, num(delta, 3)),
                    if ch.path_after.is_empty() {
                        "no allied path".to_string()
                    } else {
                        arrow(&ch.path_after)
                    },
                ]);
            }
            d.table(format!("influence_{}", inf.target), t);
        }
        if !self.paths.is_empty() {
            d.heading(2, "Influence paths");
            let mut t = Table::new(["from", "to", "before", "after"]);
            for p in &self.paths {
                t.row([
                    p.from.to_string(),
                    p.to.to_string(),
                    path_cell(&p.before),
                    path_cell(&p.after),
                ]);
            }
            d.table("paths", t);
        }
    }
}

impl Diff {
    /// The diff as a section of a larger report: every heading one level down.
    pub fn section_document(&self) -> Document {
        let mut d = self.to_document();
        for b in &mut d.blocks {
            if let Block::Heading(level, _) = b {
                *level += 1;
            }
        }
        d
    }
}

impl ToDocument for Diff {
    fn to_document_for(&self, _readers: Readers) -> Document {
        let mut d = Document::new();
        match &self.scenario {
            Some(s) => {
                d.heading(1, format!("Scenario: {}", s.name));
                if !s.description.is_empty() {
                    d.paragraph(s.description.clone());
                }
                d.fields([
                    ("base", format!("{} ({})", self.before, self.before_source)),
                    ("scenario", self.after_source.clone()),
                ]);
            }
            None => {
                d.heading(1, format!("Diff: {} → {}", self.before, self.after));
                d.fields([
                    ("before", self.before_source.clone()),
                    ("after", self.after_source.clone()),
                ]);
            }
        }
        d.paragraph(self.headline());
        if let Some(s) = &self.scenario {
            d.heading(2, "Edits");
            let mut t = Table::new(["#", "edit"]).right(&[0]);
            for (i, e) in s.edits.iter().enumerate() {
                t.row([(i + 1).to_string(), e.clone()]);
            }
            d.table("edits", t);
        }
        d.heading(2, "What changed");
        self.changes_document(&mut d);
        self.analyses_document(&mut d);
        d
    }
}
