//! The actor dictionary: which graph actor a CAMEO actor code (or an ICEWS name, or a plain
//! CSV's actor) stands for, by longest prefix: with `RUS → RUS` and `RUSMIL → RUS_MIL`,
//! `RUSMILGOV` is `RUS_MIL` and `RUSGOV` is `RUS`. Codes no entry covers fall back to the
//! row's 3-letter country code (unless `countries: false`), and are otherwise unmapped.
//!
//! Two file forms (documented in `docs/analysis/events.md`): a CSV with a header
//! `code,actor[,name][,kind]`, or RON:
//!
//! ```ron
//! ActorDictionary(
//!     codes: {"RUSMIL": "RUS_MIL", "IGOWSTNAT": "NATO"},
//!     actors: [Actor(id: "NATO", name: "NATO", kind: Organisation)],
//!     countries: true,
//! )
//! ```

use crate::diagnostic::{Diagnostic, Span};
use crate::format::ron::{decode::Reader, parse, read_actor};
use crate::model::{Actor, ActorId, ActorKind, AttrValue};
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct Dictionary {
    codes: HashMap<String, ActorId>,
    longest: usize,
    /// Names and kinds given for actor ids.
    pub actors: Vec<Actor>,
    /// Map a row's 3-letter country code to itself when no entry covers its actor code.
    pub countries: bool,
}

impl Default for Dictionary {
    fn default() -> Self {
        Dictionary {
            codes: HashMap::new(),
            longest: 0,
            actors: Vec::new(),
            countries: true,
        }
    }
}

impl Dictionary {
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Dictionary {
        let mut d = Dictionary::default();
        for (code, actor) in pairs {
            d.insert(code, ActorId::new(actor));
        }
        d
    }

    fn insert(&mut self, code: &str, actor: ActorId) {
        self.longest = self.longest.max(code.len());
        self.codes.insert(code.to_string(), actor);
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The actor of the longest entry that `code` starts with.
    pub fn lookup(&self, code: &str) -> Option<&ActorId> {
        if self.codes.is_empty() {
            return None;
        }
        let mut n = code.len().min(self.longest);
        while n > 0 {
            if code.is_char_boundary(n)
                && let Some(a) = self.codes.get(&code[..n])
            {
                return Some(a);
            }
            n -= 1;
        }
        None
    }

    /// Reads a dictionary file's text: RON when it starts with `ActorDictionary` (or `(`),
    /// CSV otherwise. Problems are located in `text`.
    pub fn parse(text: &str) -> Result<Dictionary, Vec<Diagnostic>> {
        let t = text.trim_start();
        if t.starts_with("ActorDictionary") || t.starts_with('(') {
            Dictionary::parse_ron(text)
        } else {
            Dictionary::parse_csv(text)
        }
    }

    fn parse_ron(text: &str) -> Result<Dictionary, Vec<Diagnostic>> {
        let root = parse::parse(text).map_err(|d| vec![*d])?;
        let mut rd = Reader::default();
        let Some(f) = rd.open(&root, "ActorDictionary", &["codes", "actors", "countries"]) else {
            return Err(rd.diagnostics);
        };
        let mut spans = crate::format::ron::decode::ItemSpans::new(root.span);
        let mut d = Dictionary::default();
        if let Some(codes) = rd.field(&f, "codes", &mut spans, |r, n| {
            Some((r.attributes(n)?, n.span))
        }) {
            let (codes, span) = codes;
            for (code, v) in codes {
                match v {
                    AttrValue::Text(id) if ActorId::problem(&id).is_none() => {
                        d.insert(&code, ActorId::from(id))
                    }
                    other => rd.error(
                        Diagnostic::error(
                            "E100",
                            format!("code `{code}` maps to `{other}`, not an actor id"),
                        )
                        .at(Some(span), "in this map")
                        .hint("map each code to an actor id string: {\"RUSMIL\": \"RUS_MIL\"}"),
                    ),
                }
            }
        }
        if let Some(list) = rd.optional(&f, "actors")
            && let Some(items) = rd.list(list, "actors")
        {
            let mut broken = Vec::new();
            for n in items {
                if let Some((a, _)) = read_actor(&mut rd, n, &mut broken) {
                    d.actors.push(a);
                }
            }
        }
        if let Some(c) = rd.field(&f, "countries", &mut spans, |r, n| r.boolean(n)) {
            d.countries = c;
        }
        if rd.diagnostics.is_empty() {
            Ok(d)
        } else {
            Err(rd.diagnostics)
        }
    }

    fn parse_csv(text: &str) -> Result<Dictionary, Vec<Diagnostic>> {
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let line_span = |pos: Option<&csv::Position>| {
            pos.map(|p| {
                let start = p.byte() as usize;
                let end = text[start.min(text.len())..]
                    .find('\n')
                    .map_or(text.len(), |e| start + e);
                Span::new(start, end)
            })
        };
        let headers = match rdr.headers() {
            Ok(h) => h.clone(),
            Err(e) => return Err(vec![Diagnostic::error("E100", format!("dictionary: {e}"))]),
        };
        let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
        let (Some(ci), Some(ai)) = (col("code"), col("actor")) else {
            return Err(vec![
                Diagnostic::error("E100", "the dictionary's header lacks `code` or `actor`")
                    .at(
                        Some(Span::new(0, text.find('\n').unwrap_or(text.len()))),
                        "header",
                    )
                    .hint("start the file with `code,actor` (and optionally `,name,kind`)"),
            ]);
        };
        let (ni, ki) = (col("name"), col("kind"));
        let mut d = Dictionary::default();
        let mut errors = Vec::new();
        let mut named: HashMap<String, usize> = HashMap::new();
        for rec in rdr.records() {
            let rec = match rec {
                Ok(r) => r,
                Err(e) => {
                    errors.push(
                        Diagnostic::error("E100", format!("dictionary: {e}"))
                            .at(line_span(e.position()), "here"),
                    );
                    continue;
                }
            };
            let span = line_span(rec.position());
            let code = rec.get(ci).unwrap_or("");
            let actor = rec.get(ai).unwrap_or("");
            if code.is_empty() {
                errors.push(
                    Diagnostic::error("E100", "dictionary row without a code").at(span, "no code"),
                );
                continue;
            }
            if let Some(why) = ActorId::problem(actor) {
                errors.push(
                    Diagnostic::error("E100", format!("code `{code}`: bad actor id `{actor}`"))
                        .at(span, why)
                        .hint("an actor id such as \"RUS_MIL\""),
                );
                continue;
            }
            d.insert(code, ActorId::new(actor));
            let name = ni.and_then(|i| rec.get(i)).filter(|s| !s.is_empty());
            let kind = match ki.and_then(|i| rec.get(i)).filter(|s| !s.is_empty()) {
                None => None,
                Some(k) => match ActorKind::parse(k) {
                    Some(k) => Some(k),
                    None => {
                        errors.push(
                            Diagnostic::error("E019", format!("unknown actor kind `{k}`"))
                                .at(span, "unknown actor kind")
                                .hint("state, organisation, company, agency, armed-group, media, party, ngo or other"),
                        );
                        continue;
                    }
                },
            };
            if (name.is_some() || kind.is_some()) && !named.contains_key(actor) {
                named.insert(actor.to_string(), d.actors.len());
                d.actors.push(Actor::new(
                    actor,
                    name.unwrap_or(actor),
                    kind.unwrap_or(ActorKind::Other),
                ));
            }
        }
        if errors.is_empty() {
            Ok(d)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_prefix_wins() {
        let d =
            Dictionary::from_pairs([("RUS", "RUS"), ("RUSMIL", "RUS_MIL"), ("IGOWSTNAT", "NATO")]);
        let get = |c| d.lookup(c).map(|a| a.as_str().to_string());
        assert_eq!(get("RUSMILGOV").as_deref(), Some("RUS_MIL"));
        assert_eq!(get("RUSGOV").as_deref(), Some("RUS"));
        assert_eq!(get("IGOWSTNAT").as_deref(), Some("NATO"));
        assert_eq!(get("IGOWST"), None);
        assert_eq!(get("GEO"), None);
    }

    #[test]
    fn csv_and_ron_forms() {
        let csv = "code,actor,name,kind\nRUSMIL,RUS_MIL,Russian military,agency\nIGOWSTNAT,NATO,NATO,organisation\n";
        let d = Dictionary::parse(csv).unwrap();
        assert_eq!(d.lookup("RUSMILSPY").unwrap().as_str(), "RUS_MIL");
        assert_eq!(d.actors[1].kind, ActorKind::Organisation);
        let ron = r#"ActorDictionary(codes: {"IGOWSTNAT": "NATO"}, actors: [Actor(id: "NATO", name: "NATO", kind: Organisation)], countries: false)"#;
        let d = Dictionary::parse(ron).unwrap();
        assert!(!d.countries);
        assert_eq!(d.lookup("IGOWSTNAT").unwrap().as_str(), "NATO");
        let bad = Dictionary::parse("code,actor\nRUSMIL,RUS MIL\n").unwrap_err();
        assert!(bad[0].message.contains("bad actor id"), "{bad:?}");
        assert!(Dictionary::parse("code,who\nA,B\n").is_err());
    }
}
