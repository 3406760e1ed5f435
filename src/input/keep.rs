//! The keep-probability table of `entente robustness --keep-file FILE`: the probability that
//! a relation of each confidence level holds ([`KeepTable`], docs/analysis/robustness.md),
//! read from a file an analyst keeps beside the graph, as RON or CSV. Levels the file leaves
//! out keep their default probabilities. Every problem is located, all at once.
//!
//! ```text
//! Keep(probably_true: 0.9, doubtful: 0.1)          # RON: a field per level (`_` for `-`)
//!
//! confidence,keep                                   # CSV: a header, then a row per level
//! probably-true,0.9
//! doubtful,0.1
//! ```

use crate::analysis::robustness::KeepTable;
use crate::diagnostic::{Diagnostic, Span, suggest};
use crate::format::ron::decode::{ItemSpans, Reader};
use crate::format::ron::parse;
use crate::model::Confidence;

/// The RON field of each level, in [`Confidence::ALL`]'s order.
const FIELDS: [&str; 6] = [
    "confirmed",
    "probably_true",
    "possibly_true",
    "doubtful",
    "improbable",
    "cannot_be_judged",
];

/// A probability outside [0, 1].
fn out_of_range(p: f64, span: Span) -> Diagnostic {
    Diagnostic::error("E110", format!("{p} is not a probability"))
        .at(Some(span), "outside [0, 1]")
        .hint("a level's relations are kept with a probability from 0 (never) to 1 (always)")
}

/// Reads a keep table: RON when the text starts with `Keep` or `(`, CSV otherwise.
pub fn parse_keep_table(text: &str) -> Result<KeepTable, Vec<Diagnostic>> {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with("Keep") || t.starts_with('(') {
        parse_ron(text)
    } else {
        parse_csv(text)
    }
}

fn parse_ron(text: &str) -> Result<KeepTable, Vec<Diagnostic>> {
    let root = parse::parse(text).map_err(|d| vec![*d])?;
    let mut rd = Reader::default();
    let Some(f) = rd.open(&root, "Keep", &FIELDS) else {
        return Err(rd.diagnostics);
    };
    let mut spans = ItemSpans::new(root.span);
    let mut table = KeepTable::default();
    for (&field, &level) in FIELDS.iter().zip(Confidence::ALL) {
        let Some(p) = rd.field(&f, field, &mut spans, |r, n| r.number(n)) else {
            continue;
        };
        if (0.0..=1.0).contains(&p) {
            table.set(level, p);
        } else {
            rd.error(out_of_range(p, spans.get(field)));
        }
    }
    if rd.diagnostics.is_empty() {
        Ok(table)
    } else {
        Err(rd.diagnostics)
    }
}

/// The fields of a CSV line, each with its span (no quoting: levels and numbers need none).
fn fields(line: &str, start: usize) -> Vec<(&str, Span)> {
    let mut out = Vec::new();
    let mut at = start;
    for raw in line.split(',') {
        let lead = raw.len() - raw.trim_start().len();
        let f = raw.trim();
        out.push((f, Span::new(at + lead, at + lead + f.len())));
        at += raw.len() + 1;
    }
    out
}

fn parse_csv(text: &str) -> Result<KeepTable, Vec<Diagnostic>> {
    let mut table = KeepTable::default();
    let mut diags = Vec::new();
    let mut seen: [Option<Span>; 6] = [None; 6];
    let mut header = true;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let body = if start == 0 {
            body.trim_start_matches('\u{feff}')
        } else {
            body
        };
        let start = start + (line.len() - line.trim_start_matches('\u{feff}').len());
        if body.trim().is_empty() || body.trim_start().starts_with('#') {
            continue;
        }
        let row = fields(body, start);
        if std::mem::take(&mut header) {
            let names: Vec<&str> = row.iter().map(|(f, _)| *f).collect();
            if names == ["confidence", "keep"] {
                continue;
            }
            diags.push(
                Diagnostic::error("E081", "the first row is not the header `confidence,keep`")
                    .at(
                        Some(Span::new(start, start + body.len())),
                        "expected the header",
                    )
                    .hint("start the file with the line `confidence,keep`"),
            );
            continue;
        }
        let [(level, ls), (p, ps)] = row[..] else {
            let code = if row.len() < 2 { "E081" } else { "E087" };
            diags.push(
                Diagnostic::error(code, format!("{} fields, expected 2", row.len()))
                    .at(Some(Span::new(start, start + body.len())), "this row")
                    .hint("write each row as LEVEL,PROBABILITY, e.g. doubtful,0.2"),
            );
            continue;
        };
        let Some(level) = Confidence::ALL
            .iter()
            .copied()
            .find(|c| c.kebab_name() == level || c.ron_name() == level)
        else {
            let names = Confidence::ALL.iter().map(|c| c.kebab_name());
            diags.push(
                Diagnostic::error("E086", format!("unknown confidence level `{level}`"))
                    .at(Some(ls), "unknown confidence level")
                    .hint(match suggest(level, names) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "the levels: confirmed, probably-true, possibly-true, doubtful, \
                                 improbable, cannot-be-judged"
                            .to_string(),
                    }),
            );
            continue;
        };
        if let Some(first) = seen[level as usize] {
            diags.push(
                Diagnostic::error("E003", format!("`{level}` is given twice"))
                    .at(Some(ls), "given again here")
                    .also(Some(first), "first given here")
                    .hint("remove one of them"),
            );
            continue;
        }
        seen[level as usize] = Some(ls);
        match p.parse::<f64>() {
            Ok(v) if (0.0..=1.0).contains(&v) => table.set(level, v),
            Ok(v) => diags.push(out_of_range(v, ps)),
            Err(_) => diags.push(
                Diagnostic::error("E082", format!("`{p}` is not a number"))
                    .at(Some(ps), "expected a probability")
                    .hint("write a number from 0 to 1, e.g. 0.2"),
            ),
        }
    }
    if diags.is_empty() {
        Ok(table)
    } else {
        Err(diags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(r: Result<KeepTable, Vec<Diagnostic>>) -> Vec<&'static str> {
        r.unwrap_err().iter().map(|d| d.code).collect()
    }

    #[test]
    fn ron_and_csv_override_the_levels_they_name() {
        let mut want = KeepTable::default();
        want.set(Confidence::ProbablyTrue, 0.9);
        want.set(Confidence::Doubtful, 0.0);
        let ron = "Keep(probably_true: 0.9, doubtful: 0)";
        assert_eq!(parse_keep_table(ron).unwrap(), want);
        let csv =
            "\u{feff}# analyst's table\nconfidence,keep\nprobably-true, 0.9\r\n\nDoubtful,0\n";
        assert_eq!(parse_keep_table(csv).unwrap(), want);
        assert_eq!(
            parse_keep_table("Keep(confirmed: 1)").unwrap(),
            KeepTable::default()
        );
    }

    #[test]
    fn every_problem_is_located_at_once() {
        let csv =
            "confidence,keep\ndoubtfull,0.2\nimprobable,1.5\nconfirmed,x\nimprobable,0\na,b,c\n";
        assert_eq!(
            codes(parse_keep_table(csv)),
            ["E086", "E110", "E082", "E003", "E087"]
        );
        let d = &parse_keep_table(csv).unwrap_err()[0];
        assert_eq!(&csv[d.span.unwrap().range()], "doubtfull");
        assert_eq!(d.hint.as_deref(), Some("did you mean `doubtful`?"));
        assert_eq!(codes(parse_keep_table("doubtful,0.2\n")), ["E081"]);
        let ron = "Keep(doubtfull: 0.2, improbable: 2, confirmed: \"1\")";
        assert_eq!(codes(parse_keep_table(ron)), ["E003", "E002", "E110"]);
        assert_eq!(codes(parse_keep_table("Keep(doubtful: 0.2")), ["E001"]);
    }
}
