//! Layout of bloc detection: the verdict (optimal or best found with its bound), the blocs
//! with their members, the ties between blocs, and every frustrated relation with its note.

use super::table::MAX_ROWS;
use super::{Document, Readers, Table, ToDocument, num, plural};
use crate::analysis::blocs::{BlocResult, Breach, Method, TieSign};

/// The verdict on the partition's quality, in words.
pub fn verdict(r: &BlocResult) -> String {
    let timed = time_limit_reached(r.time_limited, r.time_limit);
    match (r.method, r.optimal) {
        (Method::Exact, true) => "optimal (proved by branch and bound)".into(),
        (Method::Heuristic, true) => "optimal (the heuristic met the lower bound)".into(),
        (Method::Exact, false) => format!(
            "best found, lower bound {} ({})",
            num(r.lower_bound, 4),
            timed.unwrap_or_else(|| "search budget exhausted".into())
        ),
        (Method::Heuristic, false) => format!(
            "best found, lower bound {} (heuristic: graph above the exact limit{})",
            num(r.lower_bound, 4),
            timed
                .map(|t| format!("; exact search: {t}"))
                .unwrap_or_default()
        ),
    }
}

/// "time limit of 5 s reached" when the time limit stopped a search.
pub fn time_limit_reached(limited: bool, limit: Option<f64>) -> Option<String> {
    let limit = limit.filter(|_| limited)?;
    Some(format!("time limit of {} s reached", num(limit, 3)))
}

fn sign_word(s: TieSign) -> &'static str {
    match s {
        TieSign::Allied => "allied",
        TieSign::Hostile => "hostile",
        TieSign::Neutral => "neutral",
    }
}

impl ToDocument for BlocResult {
    fn to_document_for(&self, readers: Readers) -> Document {
        let mut d = Document::new();
        d.heading(2, "Blocs");
        let count = match (self.k, self.k_at_most) {
            (None, _) => format!("{} (number free)", self.blocs.len()),
            (Some(k), false) => format!("{} (asked for exactly {k})", self.blocs.len()),
            (Some(k), true) => format!("{} (asked for at most {k})", self.blocs.len()),
        };
        let share = if self.total_weight > 0.0 {
            format!(
                " of {} total |weight| ({} %)",
                num(self.total_weight, 4),
                num(100.0 * self.frustration / self.total_weight, 1)
            )
        } else {
            String::new()
        };
        d.fields([
            ("blocs", count),
            (
                "frustration",
                format!("{}{share}", num(self.frustration, 4)),
            ),
            ("status", verdict(self)),
            (
                "ties",
                format!(
                    "{} among {}, {} frustrated",
                    plural(self.ties, "net tie", "net ties"),
                    plural(self.actors, "actor", "actors"),
                    self.frustrated.len()
                ),
            ),
        ]);
        d.paragraph(
            "Frustration = |weight| of hostile ties inside blocs + weight of allied ties \
             between blocs. Cohesion = (allied − hostile weight inside) / member pairs.",
        );

        d.heading(3, "Bloc summary");
        let mut t = Table::new([
            "bloc",
            "size",
            "cohesion",
            "ties",
            "hostile inside",
            "members",
        ])
        .right(&[0, 1, 2, 3, 4])
        .for_readers(readers, MAX_ROWS);
        for b in &self.blocs {
            t.row_with(|| {
                let members: Vec<&str> = b.members.iter().map(|m| m.as_str()).collect();
                [
                    b.id.to_string(),
                    b.members.len().to_string(),
                    b.cohesion.map(|c| num(c, 3)).unwrap_or_else(|| "–".into()),
                    b.internal_ties.to_string(),
                    num(b.hostile_weight, 3),
                    members.join(" "),
                ]
            });
        }
        t.cut_for_people("blocs");
        t.list_for_people("members", " ", "member", "members");
        d.table("blocs", t);

        if self.actors <= 200 {
            d.heading(3, "Members");
            let mut t = Table::new(["bloc", "actor", "name"]).right(&[0]);
            for b in &self.blocs {
                for (id, name) in b.members.iter().zip(&b.names) {
                    t.row([b.id.to_string(), id.to_string(), name.clone()]);
                }
            }
            d.table("members", t);
        }

        d.heading(3, "Between blocs");
        let mut t = Table::new(["blocs", "ties", "allied", "hostile", "net", "sign"])
            .right(&[1, 2, 3, 4])
            .for_readers(readers, MAX_ROWS);
        for l in &self.links {
            t.row_with(|| {
                [
                    format!("{}–{}", l.a, l.b),
                    l.ties.to_string(),
                    num(l.allied_weight, 3),
                    num(l.hostile_weight, 3),
                    num(l.net, 3),
                    sign_word(l.sign).to_string(),
                ]
            });
        }
        t.cut_for_people("bloc pairs");
        d.table("between_blocs", t);

        d.heading(3, "Frustrated relations");
        let mut t = Table::new(["actors", "weight", "breach", "kind", "confidence", "note"])
            .right(&[1])
            .for_readers(readers, MAX_ROWS);
        for f in &self.frustrated {
            t.row_with(|| {
                let breach = match f.breach {
                    Breach::HostileInside => format!("hostile inside bloc {}", f.bloc_a),
                    Breach::AlliedAcross => format!("allied across {}–{}", f.bloc_a, f.bloc_b),
                };
                [
                    format!("{} – {}", f.a, f.b),
                    num(f.weight, 3),
                    breach,
                    f.kind.to_string(),
                    f.confidence.to_string(),
                    f.note.clone().unwrap_or_default(),
                ]
            });
        }
        t.cut_for_people("frustrated relations");
        d.table("frustrated", t);
        d
    }
}
