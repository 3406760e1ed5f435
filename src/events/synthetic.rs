//! Synthetic event files in GDELT's raw daily-export layout (tab-separated, no header; 61
//! columns for GDELT 2.0, 58 for 1.0), for benchmarks and scale tests: `entente generate
//! --events N`.
//!
//! Rows look like real ones in shape and size (~400 bytes: names, geography, tone, date
//! added, a source URL). Countries are `actors` synthetic 3-letter codes whose activity
//! follows Zipf's law (a few countries in most events, as in GDELT); a fifth of the rows name
//! one actor only; event codes are drawn from the CAMEO table by QuadClass (60 % verbal
//! cooperation, 15 % material cooperation, 15 % verbal conflict, 10 % material conflict) with
//! the table's Goldstein score; dates run in order over `days` days; ids are consecutive.
//! One seeded SplitMix64 stream drives everything: same options, same bytes.

use super::cameo::{GoldsteinTable, quad_class};
use crate::generate::SplitMix64;
use crate::model::period::{civil_from_days, day_number};
use std::io::{self, Write};

/// What to write.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticEvents {
    pub events: u64,
    /// Countries (distinct 3-letter codes, at most 17 576).
    pub actors: usize,
    pub days: u32,
    /// First day.
    pub start: (i32, u8, u8),
    pub seed: u64,
    /// GDELT 2.0 (61 columns) or 1.0 (58).
    pub gdelt2: bool,
}

impl Default for SyntheticEvents {
    fn default() -> Self {
        SyntheticEvents {
            events: 1_000_000,
            actors: 200,
            days: 365,
            start: (2024, 1, 1),
            seed: 1,
            gdelt2: true,
        }
    }
}

impl SyntheticEvents {
    pub fn problem(&self) -> Option<String> {
        if !(2..=17_576).contains(&self.actors) {
            Some(format!(
                "--actors must be 2 to 17576 countries for events, not {}",
                self.actors
            ))
        } else if self.days == 0 {
            Some("--days must be at least 1".into())
        } else {
            None
        }
    }
}

/// The `i`th synthetic country code: distinct for `i < 26³`.
pub fn country_code(i: usize) -> String {
    let mut n = (i * 7919 + 17) % 17_576;
    let mut c = [b'A'; 3];
    for b in c.iter_mut().rev() {
        *b = b'A' + (n % 26) as u8;
        n /= 26;
    }
    String::from_utf8(c.to_vec()).expect("ASCII")
}

const ROLES: [&str; 6] = ["", "GOV", "MIL", "BUS", "CVL", "MED"];
const QUAD_SHARE: [f64; 4] = [0.60, 0.75, 0.90, 1.0];

/// Writes the rows to `out`.
pub fn write_gdelt(opts: &SyntheticEvents, out: &mut impl Write) -> io::Result<()> {
    let table = GoldsteinTable::default();
    let mut by_quad: [Vec<(String, f64)>; 4] = Default::default();
    let mut codes: Vec<(String, f64)> = table.iter().map(|(c, s)| (c.to_string(), s)).collect();
    codes.sort_by(|a, b| a.0.cmp(&b.0));
    for (c, s) in codes {
        if let Some(q) = quad_class(&c) {
            by_quad[usize::from(q - 1)].push((c, s));
        }
    }
    let countries: Vec<String> = (0..opts.actors).map(country_code).collect();
    // Zipf weights 1/(k+1), as a cumulative table.
    let mut cumulative = Vec::with_capacity(opts.actors);
    let mut total = 0.0;
    for k in 0..opts.actors {
        total += 1.0 / (k + 1) as f64;
        cumulative.push(total);
    }
    let mut rng = SplitMix64::new(opts.seed);
    let pick_country = |rng: &mut SplitMix64| {
        let x = rng.next_f64() * total;
        cumulative.partition_point(|&c| c < x).min(opts.actors - 1)
    };
    let start = day_number(opts.start.0, opts.start.1, opts.start.2);
    let mut line = String::with_capacity(512);
    for i in 0..opts.events {
        line.clear();
        let day =
            start + (i as u128 * u128::from(opts.days) / u128::from(opts.events.max(1))) as i64;
        let (y, m, d) = civil_from_days(day);
        let doy = day - day_number(y, 1, 1);
        let a = pick_country(&mut rng);
        let one_actor = rng.next_f64() < 0.2;
        let b = pick_country(&mut rng);
        let x = rng.next_f64();
        let q = QUAD_SHARE.iter().position(|&s| x < s).unwrap_or(3);
        let (code, score) = &by_quad[q][rng.below(by_quad[q].len())];
        let mentions = 1 + (rng.next_f64().powi(3) * 40.0) as u64;
        let sources = 1 + rng.below(mentions as usize) as u64;
        let tone = (rng.next_f64() - 0.6) * 20.0;
        let role_a = ROLES[rng.below(ROLES.len())];
        let role_b = ROLES[rng.below(ROLES.len())];
        let story = rng.next_u64() % 10_000_000;
        let mut f: Vec<String> = Vec::with_capacity(61);
        f.push((1_000_000_000 + i).to_string());
        f.push(format!("{y:04}{m:02}{d:02}"));
        f.push(format!("{y:04}{m:02}"));
        f.push(y.to_string());
        f.push(format!("{:.4}", f64::from(y) + doy as f64 / 365.0));
        let actor = |f: &mut Vec<String>, c: &str, role: &str, present: bool| {
            if present {
                f.push(format!("{c}{role}"));
                f.push(format!(
                    "ACTOR {c}{}{role}",
                    if role.is_empty() { "" } else { " " }
                ));
                f.push(c.to_string());
                f.extend(std::iter::repeat_n(String::new(), 4));
                f.push(role.to_string());
                f.extend(std::iter::repeat_n(String::new(), 2));
            } else {
                f.extend(std::iter::repeat_n(String::new(), 10));
            }
        };
        actor(&mut f, &countries[a], role_a, true);
        actor(&mut f, &countries[b], role_b, !one_actor);
        f.push(u8::from(rng.next_f64() < 0.5).to_string());
        f.push(code.clone());
        f.push(code[..3.min(code.len())].to_string());
        f.push(code[..2].to_string());
        f.push((q + 1).to_string());
        f.push(format!("{score:?}"));
        f.push(mentions.to_string());
        f.push(sources.to_string());
        f.push(mentions.to_string());
        f.push(format!("{tone:.14}"));
        for (k, c) in [(0, a), (1, b), (2, a)] {
            if k == 1 && one_actor {
                f.extend(std::iter::repeat_n(
                    String::new(),
                    if opts.gdelt2 { 8 } else { 7 },
                ));
                continue;
            }
            let fips = &countries[c][..2];
            f.push("4".into());
            f.push(format!(
                "City {}, Province {}, Country {}",
                c % 97,
                c % 13,
                countries[c]
            ));
            f.push(fips.to_string());
            f.push(format!("{fips}0{}", c % 10));
            if opts.gdelt2 {
                f.push(format!("{}", 10_000 + c));
            }
            f.push(format!("{:.4}", (c as f64 * 1.37) % 180.0 - 90.0));
            f.push(format!("{:.4}", (c as f64 * 2.11) % 360.0 - 180.0));
            f.push(format!("-{}", 2_000_000 + c * 31));
        }
        f.push(format!("{y:04}{m:02}{d:02}{:06}", story % 240_000));
        f.push(format!(
            "https://news.example.org/{y:04}/{m:02}/{d:02}/story-{story}.html"
        ));
        for (k, v) in f.iter().enumerate() {
            if k > 0 {
                line.push('\t');
            }
            line.push_str(v);
        }
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct() {
        let codes: std::collections::HashSet<String> = (0..17_576).map(country_code).collect();
        assert_eq!(codes.len(), 17_576);
    }

    #[test]
    fn rows_have_the_layout_and_repeat_with_the_seed() {
        for gdelt2 in [true, false] {
            let opts = SyntheticEvents {
                events: 500,
                actors: 20,
                gdelt2,
                ..SyntheticEvents::default()
            };
            let mut a = Vec::new();
            write_gdelt(&opts, &mut a).unwrap();
            let mut b = Vec::new();
            write_gdelt(&opts, &mut b).unwrap();
            assert_eq!(a, b);
            let text = String::from_utf8(a).unwrap();
            let width = if gdelt2 { 61 } else { 58 };
            assert!(text.lines().all(|l| l.split('\t').count() == width));
            assert_eq!(text.lines().count(), 500);
            // It reads back: every row is an event or counted as skipped, none is bad.
            let mut imp = super::super::Importer::new(super::super::ImportOptions::default());
            imp.read_stream("synthetic", text.as_bytes()).unwrap();
            let r = imp.finish().report;
            assert_eq!(r.rows, 500);
            assert_eq!(r.skipped.bad_rows, 0, "{:?}", r.problems);
            assert!(r.events > 300, "{}", r.events);
        }
    }
}
