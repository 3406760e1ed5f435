//! One row of an event file into an event: its fields read as bytes (only the used ones must
//! be UTF-8), dates, CAMEO codes, Goldstein scores, QuadClass and mentions checked with a
//! located [`Problem`] when wrong, and its two actors mapped through the dictionary (cached
//! per distinct code and country). A [`RowReader`] counts what one stream or one chunk read.

use super::ImportOptions;
use super::cameo;
use super::dictionary::Dictionary;
use super::layout::{ActorStyle, Layout};
use super::outcome::{Problem, Skipped};
use crate::analysis::events::{Aggregator, EventPoint};
use crate::model::{ActorId, FastMap};
use std::collections::BTreeMap;

pub(super) fn trim(b: &[u8]) -> &[u8] {
    b.trim_ascii()
}

pub(super) fn parse_u64(b: &[u8]) -> Option<u64> {
    if b.is_empty() || b.len() > 19 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')))
}

/// `YYYYMMDD` or `YYYY-MM-DD` (an ICEWS or plain date may carry a time after a space or T).
fn parse_day(s: &str) -> Option<(i32, u8, u8)> {
    let s = s.split([' ', 'T']).next().unwrap_or(s);
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(r)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let (y, m, d) = match b.len() {
        8 => (digits(0..4)?, digits(4..6)?, digits(6..8)?),
        10 if b[4] == b'-' && b[7] == b'-' => (digits(0..4)?, digits(5..7)?, digits(8..10)?),
        _ => return None,
    };
    let date = crate::model::Date::ymd(y as i32, m as u8, d as u8).ok()?;
    Some(date.first_day())
}

/// An actor field's fate, cached per distinct (code, country).
#[derive(Debug, Clone, Copy)]
enum Mapped {
    Missing,
    /// Index into the reader's unmapped codes.
    Unmapped(u32),
    Actor(u32),
}

/// The fields of one row, however it was split.
pub(super) trait Fields {
    fn len(&self) -> usize;
    fn get(&self, i: usize) -> Option<&[u8]>;
}

impl Fields for csv::ByteRecord {
    fn len(&self) -> usize {
        csv::ByteRecord::len(self)
    }
    fn get(&self, i: usize) -> Option<&[u8]> {
        csv::ByteRecord::get(self, i)
    }
}

/// A line of a raw export split on its delimiter. Raw GDELT files are never quoted, so
/// splitting with `memchr` gives what a CSV reader with quoting off gives, at a fraction of
/// its cost (the CSV state machine was a quarter of an import's time).
#[derive(Default)]
pub(super) struct SplitLine<'a> {
    line: &'a [u8],
    /// Where each field ends (exclusive); fields are separated by one delimiter byte.
    ends: Vec<usize>,
}

impl<'a> SplitLine<'a> {
    /// Splits `line` (without its line end) on `delimiter`.
    pub(super) fn split(&mut self, line: &'a [u8], delimiter: u8) {
        self.line = line;
        self.ends.clear();
        self.ends
            .extend(memchr::memchr_iter(delimiter, line).chain([line.len()]));
    }
}

impl Fields for SplitLine<'_> {
    fn len(&self) -> usize {
        self.ends.len()
    }
    fn get(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] + 1 };
        Some(&self.line[start..end])
    }
}

/// What one reader (a whole stream, or one chunk of a raw file) counted.
pub(super) struct RowReader<'a> {
    opts: &'a ImportOptions,
    layout: &'a Layout,
    file: &'a str,
    pub(super) agg: Aggregator,
    pub(super) names: Vec<ActorId>,
    index: FastMap<ActorId, u32>,
    cache: FastMap<Vec<u8>, Mapped>,
    key: Vec<u8>,
    pub(super) unmapped_codes: Vec<String>,
    pub(super) unmapped: Vec<u64>,
    pub(super) rows: u64,
    pub(super) events: u64,
    pub(super) skipped: Skipped,
    pub(super) problems: Vec<Problem>,
    pub(super) problem_counts: BTreeMap<(&'static str, Option<String>), u64>,
}

impl<'a> RowReader<'a> {
    pub(super) fn new(opts: &'a ImportOptions, layout: &'a Layout, file: &'a str) -> RowReader<'a> {
        RowReader {
            opts,
            layout,
            file,
            agg: Aggregator::new(opts.granularity),
            names: Vec::new(),
            index: FastMap::default(),
            cache: FastMap::default(),
            key: Vec::new(),
            unmapped_codes: Vec::new(),
            unmapped: Vec::new(),
            rows: 0,
            events: 0,
            skipped: Skipped::default(),
            problems: Vec::new(),
            problem_counts: BTreeMap::new(),
        }
    }

    /// Counts a bad row; with `--strict`, hands it back to stop the import.
    pub(super) fn bad(&mut self, p: Problem) -> Result<(), Box<Problem>> {
        self.skipped.bad_rows += 1;
        if self.opts.strict {
            return Err(Box::new(p));
        }
        *self
            .problem_counts
            .entry((p.code, p.column.clone()))
            .or_default() += 1;
        if self.problems.len() < self.opts.keep_problems {
            self.problems.push(p);
        }
        Ok(())
    }

    /// Reads one row. `duplicate`: its event id was read before.
    pub(super) fn row(
        &mut self,
        rec: &impl Fields,
        line: u64,
        duplicate: bool,
    ) -> Result<(), Box<Problem>> {
        self.rows += 1;
        if duplicate {
            self.skipped.duplicates += 1;
            return Ok(());
        }
        match self.parse(rec, line) {
            Ok(Some(e)) => {
                self.events += 1;
                self.agg.add(&e);
                Ok(())
            }
            Ok(None) => Ok(()),
            Err(p) => self.bad(*p),
        }
    }

    /// A row's event, `None` when it is skipped (and counted), or its problem.
    fn parse(&mut self, rec: &impl Fields, line: u64) -> Result<Option<EventPoint>, Box<Problem>> {
        let l = self.layout;
        let problem = |col: Option<usize>, code: &'static str, message: String, hint: &str| {
            Box::new(Problem {
                file: self.file.to_string(),
                line,
                column: col.map(|c| l.column_name(c).to_string()),
                code,
                message,
                hint: hint.to_string(),
            })
        };
        if !l.widths.contains(&rec.len()) {
            let want: Vec<String> = l.widths.iter().map(usize::to_string).collect();
            return Err(problem(
                None,
                "E101",
                format!(
                    "row has {} columns, expected {}",
                    rec.len(),
                    want.join(" or ")
                ),
                "every row of a file has the same columns as its first line (a tab or delimiter inside a field splits it)",
            ));
        }
        // A field's text, `None` when missing.
        let get = |i: Option<usize>| -> Result<Option<&str>, Box<Problem>> {
            let Some(i) = i else { return Ok(None) };
            let raw = trim(rec.get(i).unwrap_or(b""));
            if raw.is_empty() || (l.na && raw == b"NA") {
                return Ok(None);
            }
            std::str::from_utf8(raw).map(Some).map_err(|_| {
                problem(
                    Some(i),
                    "E106",
                    "field is not valid UTF-8".into(),
                    "event files are UTF-8 text",
                )
            })
        };
        let Some(date_text) = get(Some(l.date))? else {
            return Err(problem(
                Some(l.date),
                "E105",
                "no date".into(),
                "every event needs its date",
            ));
        };
        let Some(day) = parse_day(date_text) else {
            return Err(problem(
                Some(l.date),
                "E102",
                format!("bad date `{date_text}`"),
                "dates are YYYYMMDD (GDELT) or YYYY-MM-DD, and must exist",
            ));
        };
        let code = get(l.code)?;
        if let Some(c) = code
            && !cameo::is_code(c)
        {
            return Err(problem(
                l.code,
                "E104",
                format!("`{c}` is not a CAMEO event code"),
                "CAMEO event codes are 2 to 4 digits, e.g. 042 or 1823",
            ));
        }
        let goldstein = match get(l.score)? {
            Some(s) => match s.parse::<f64>() {
                Ok(g) if (-10.0..=10.0).contains(&g) => g,
                Ok(g) => {
                    return Err(problem(
                        l.score,
                        "E103",
                        format!("score {g} is outside [-10, 10]"),
                        "scores are on the Goldstein scale, -10 to +10",
                    ));
                }
                Err(_) => {
                    return Err(problem(
                        l.score,
                        "E103",
                        format!("score `{s}` is not a number"),
                        "scores are numbers from -10 to +10, e.g. -4.4",
                    ));
                }
            },
            None => match code {
                Some(c) => match self.opts.goldstein.score(c) {
                    Some(g) => g,
                    None => {
                        return Err(problem(
                            l.code,
                            "E104",
                            format!("unknown CAMEO event code `{c}` and no score"),
                            "give the row a score, or the code a score in a --goldstein table",
                        ));
                    }
                },
                None => {
                    return Err(problem(
                        l.score.or(l.code),
                        "E105",
                        "no score and no event code".into(),
                        "every event needs a Goldstein score or a CAMEO code to look one up",
                    ));
                }
            },
        };
        let quad = match get(l.quad)? {
            Some(q) => match q.parse::<u8>() {
                Ok(q) if (1..=4).contains(&q) => Some(q),
                _ => {
                    return Err(problem(
                        l.quad,
                        "E103",
                        format!("QuadClass `{q}` is not 1, 2, 3 or 4"),
                        "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict",
                    ));
                }
            },
            None => code.and_then(cameo::quad_class),
        };
        let mentions = match get(l.mentions)? {
            Some(m) => match parse_u64(m.as_bytes()) {
                Some(m) if m >= 1 => m,
                _ => {
                    return Err(problem(
                        l.mentions,
                        "E103",
                        format!("mention count `{m}` is not a whole number ≥ 1"),
                        "mentions (or weight) count the reports of an event: 1, 2, 3...",
                    ));
                }
            },
            None => 1,
        };
        let a = self.actor(get(Some(l.source))?, get(l.source_country)?);
        let b = self.actor(get(Some(l.target))?, get(l.target_country)?);
        let (from, to) = match (a, b) {
            (Mapped::Missing, _) | (_, Mapped::Missing) => {
                self.skipped.one_actor += 1;
                return Ok(None);
            }
            (Mapped::Unmapped(c), _) | (_, Mapped::Unmapped(c)) => {
                self.skipped.unmapped += 1;
                self.unmapped[c as usize] += 1;
                return Ok(None);
            }
            (Mapped::Actor(a), Mapped::Actor(b)) => (a, b),
        };
        if from == to {
            self.skipped.same_actor += 1;
            return Ok(None);
        }
        Ok(Some(EventPoint {
            day,
            from,
            to,
            goldstein,
            mentions,
            quad,
        }))
    }

    /// The actor of a (code, country) pair, looked up once per distinct pair.
    fn actor(&mut self, code: Option<&str>, country: Option<&str>) -> Mapped {
        self.key.clear();
        self.key.extend_from_slice(code.unwrap_or("").as_bytes());
        self.key.push(0);
        self.key.extend_from_slice(country.unwrap_or("").as_bytes());
        if let Some(&m) = self.cache.get(&self.key) {
            return m;
        }
        let m = match map_actor(&self.opts.dictionary, code, country, self.layout.actors) {
            None => Mapped::Missing,
            Some(Err(unmapped)) => {
                self.unmapped_codes.push(unmapped);
                self.unmapped.push(0);
                Mapped::Unmapped((self.unmapped.len() - 1) as u32)
            }
            Some(Ok(id)) => Mapped::Actor(match self.index.get(&id) {
                Some(&n) => n,
                None => {
                    self.names.push(id.clone());
                    self.index.insert(id, (self.names.len() - 1) as u32);
                    (self.names.len() - 1) as u32
                }
            }),
        };
        self.cache.insert(self.key.clone(), m);
        m
    }
}

/// The actor id of a (code, country) pair: `None` when both are missing, `Err(code)` when
/// unmapped.
fn map_actor(
    dict: &Dictionary,
    code: Option<&str>,
    country: Option<&str>,
    style: ActorStyle,
) -> Option<Result<ActorId, String>> {
    let code = code.or(country)?;
    if let Some(a) = dict.lookup(code) {
        return Some(Ok(a.clone()));
    }
    Some(match style {
        ActorStyle::Cameo => match country {
            Some(c)
                if dict.countries && c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) =>
            {
                Ok(dict.lookup(c).cloned().unwrap_or_else(|| ActorId::new(c)))
            }
            _ => Err(code.to_string()),
        },
        ActorStyle::Names => match country {
            Some(c) if dict.countries => Ok(dict
                .lookup(c)
                .cloned()
                .unwrap_or_else(|| ActorId::new(c.replace([' ', ','], "_")))),
            _ => Err(code.to_string()),
        },
        ActorStyle::Ids => {
            if ActorId::problem(code).is_none() {
                Ok(ActorId::new(code))
            } else {
                Err(code.to_string())
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A raw line splits as the CSV reader with quoting off splits it.
    #[test]
    fn split_lines_as_the_csv_reader_does() {
        for line in [
            "a\tb\tc",
            "a\t\tc",
            "\t",
            "\t\t",
            "x",
            "a\tb\t",
            "\"q\tr\"\tz",
            "é\t\u{0}\t",
        ] {
            let mut rdr = csv::ReaderBuilder::new()
                .delimiter(b'\t')
                .has_headers(false)
                .flexible(true)
                .quoting(false)
                .from_reader(line.as_bytes());
            let mut rec = csv::ByteRecord::new();
            assert!(rdr.read_byte_record(&mut rec).unwrap(), "{line:?}");
            let mut split = SplitLine::default();
            split.split(line.as_bytes(), b'\t');
            assert_eq!(Fields::len(&split), rec.len(), "{line:?}");
            for i in 0..=rec.len() {
                assert_eq!(Fields::get(&split, i), rec.get(i), "{line:?} field {i}");
            }
        }
    }

    #[test]
    fn days() {
        assert_eq!(parse_day("20120801"), Some((2012, 8, 1)));
        assert_eq!(parse_day("2012-08-01"), Some((2012, 8, 1)));
        assert_eq!(parse_day("2012-08-01 12:00:00"), Some((2012, 8, 1)));
        assert_eq!(parse_day("20120832"), None);
        assert_eq!(parse_day("2012801"), None);
    }
}
