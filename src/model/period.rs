//! Calendar periods for event counts: a day, an ISO 8601 week, a month, a quarter or a year,
//! written `2012-08-01`, `2012-W31`, `2012-08`, `2012-Q3`, `2012`.
//!
//! Weeks are ISO 8601 weeks (Monday to Sunday, week 1 holds the year's first Thursday), so a
//! week's year can differ from its days' (29 December 2014 is in `2015-W01`): the same weeks
//! as DuckDB's `strftime('%G-W%V')`, pandas' `isocalendar()` and BigQuery's `ISOWEEK`.
//! Day numbers count from 1970-01-01 with the proleptic Gregorian calendar (H. Hinnant,
//! "chrono-compatible low-level date algorithms", `days_from_civil`).

use serde::{Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// How long a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl Granularity {
    pub const ALL: [Granularity; 5] = [
        Granularity::Day,
        Granularity::Week,
        Granularity::Month,
        Granularity::Quarter,
        Granularity::Year,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Granularity::Day => "day",
            Granularity::Week => "week",
            Granularity::Month => "month",
            Granularity::Quarter => "quarter",
            Granularity::Year => "year",
        }
    }

    /// True when every period of `self` lies inside one period of `coarser`, so counts by
    /// `self` can be summed into counts by `coarser` (a day into anything; a month into its
    /// quarter and year; a week only into itself, as weeks straddle months and years).
    pub fn nests_in(self, coarser: Granularity) -> bool {
        use Granularity::*;
        match (self, coarser) {
            (Day, _) => true,
            (Week, Week) => true,
            (Week, _) => false,
            (Month, Month | Quarter | Year) => true,
            (Quarter, Quarter | Year) => true,
            (Year, Year) => true,
            _ => false,
        }
    }
}

impl FromStr for Granularity {
    type Err = String;
    fn from_str(s: &str) -> Result<Granularity, String> {
        Granularity::ALL
            .into_iter()
            .find(|g| g.name() == s)
            .ok_or_else(|| {
                format!("unknown period `{s}` (expected day, week, month, quarter or year)")
            })
    }
}

impl fmt::Display for Granularity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One period. Ordered by granularity, then in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Day(i32, u8, u8),
    /// ISO week-numbering year and week (1..=53).
    Week(i32, u8),
    Month(i32, u8),
    Quarter(i32, u8),
    Year(i32),
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn day_number(y: i32, m: u8, d: u8) -> i64 {
    let (m, d) = (i64::from(m), i64::from(d));
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (the inverse of [`day_number`]).
pub fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

/// Monday = 0 ... Sunday = 6.
fn weekday(days: i64) -> i64 {
    (days + 3).rem_euclid(7)
}

/// The Monday that starts ISO week 1 of `year`.
fn iso_week_one(year: i32) -> i64 {
    let jan4 = day_number(year, 1, 4);
    jan4 - weekday(jan4)
}

impl Period {
    /// The period of `granularity` holding the day `(y, m, d)` (a valid date).
    pub fn of(granularity: Granularity, (y, m, d): (i32, u8, u8)) -> Period {
        match granularity {
            Granularity::Day => Period::Day(y, m, d),
            Granularity::Week => {
                let days = day_number(y, m, d);
                let thursday = days - weekday(days) + 3;
                let (iy, _, _) = civil_from_days(thursday);
                let w = (thursday - iso_week_one(iy)) / 7 + 1;
                Period::Week(iy, w as u8)
            }
            Granularity::Month => Period::Month(y, m),
            Granularity::Quarter => Period::Quarter(y, (m - 1) / 3 + 1),
            Granularity::Year => Period::Year(y),
        }
    }

    pub fn granularity(&self) -> Granularity {
        match self {
            Period::Day(..) => Granularity::Day,
            Period::Week(..) => Granularity::Week,
            Period::Month(..) => Granularity::Month,
            Period::Quarter(..) => Granularity::Quarter,
            Period::Year(..) => Granularity::Year,
        }
    }

    /// The period of `coarser` holding this one (see [`Granularity::nests_in`]); `None`
    /// when it does not nest.
    pub fn within(&self, coarser: Granularity) -> Option<Period> {
        self.granularity()
            .nests_in(coarser)
            .then(|| Period::of(coarser, self.first_day()))
    }

    pub fn first_day(&self) -> (i32, u8, u8) {
        match *self {
            Period::Day(y, m, d) => (y, m, d),
            Period::Week(y, w) => civil_from_days(iso_week_one(y) + 7 * (i64::from(w) - 1)),
            Period::Month(y, m) => (y, m, 1),
            Period::Quarter(y, q) => (y, 3 * q - 2, 1),
            Period::Year(y) => (y, 1, 1),
        }
    }

    pub fn last_day(&self) -> (i32, u8, u8) {
        match *self {
            Period::Day(y, m, d) => (y, m, d),
            Period::Week(y, w) => civil_from_days(iso_week_one(y) + 7 * i64::from(w) - 1),
            Period::Month(y, m) => (y, m, super::date::days_in_month(y, m)),
            Period::Quarter(y, q) => (y, 3 * q, super::date::days_in_month(y, 3 * q)),
            Period::Year(y) => (y, 12, 31),
        }
    }

    /// Parses `2012-08-01`, `2012-W31`, `2012-08`, `2012-Q3` or `2012`.
    pub fn parse(s: &str) -> Result<Period, String> {
        let bad = || {
            format!("bad period `{s}` (expected 2012-08-01, 2012-W31, 2012-08, 2012-Q3 or 2012)")
        };
        let num = |t: &str, len: usize| -> Result<u32, String> {
            if t.len() == len && t.bytes().all(|b| b.is_ascii_digit()) {
                t.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let mut parts = s.split('-');
        let y = num(parts.next().unwrap_or(""), 4)? as i32;
        if y == 0 {
            return Err(bad());
        }
        let p = match (parts.next(), parts.next(), parts.next()) {
            (None, _, _) => Period::Year(y),
            (Some(w), None, _) if w.starts_with('W') => {
                let w = num(&w[1..], 2)?;
                let weeks = Period::of(Granularity::Week, (y, 12, 28));
                if w == 0 || Period::Week(y, w as u8) > weeks {
                    return Err(format!("{y} has no ISO week {w}"));
                }
                Period::Week(y, w as u8)
            }
            (Some(q), None, _) if q.starts_with('Q') => {
                let q = num(&q[1..], 1)?;
                if !(1..=4).contains(&q) {
                    return Err(bad());
                }
                Period::Quarter(y, q as u8)
            }
            (Some(m), None, _) => {
                let m = num(m, 2)?;
                if !(1..=12).contains(&m) {
                    return Err(format!("month {m} is outside 1..=12"));
                }
                Period::Month(y, m as u8)
            }
            (Some(m), Some(d), None) => {
                let date = super::Date::ymd(y, num(m, 2)? as u8, num(d, 2)? as u8)
                    .map_err(|e| e.to_string())?;
                let (y, m, d) = date.first_day();
                Period::Day(y, m, d)
            }
            _ => return Err(bad()),
        };
        Ok(p)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::Day(y, m, d) => write!(f, "{y:04}-{m:02}-{d:02}"),
            Period::Week(y, w) => write!(f, "{y:04}-W{w:02}"),
            Period::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Period::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
            Period::Year(y) => write!(f, "{y:04}"),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Period, D::Error> {
        let s = String::deserialize(d)?;
        Period::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(day_number(1970, 1, 1), 0);
        assert_eq!(day_number(2012, 8, 1), 15_553);
        for z in [-800_000, -1, 0, 59, 60, 15_553, 2_932_896] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(day_number(y, m, d), z);
        }
    }

    #[test]
    fn periods_of_a_day() {
        let d = (2012, 8, 1);
        let p = |g| Period::of(g, d).to_string();
        assert_eq!(p(Granularity::Day), "2012-08-01");
        assert_eq!(p(Granularity::Week), "2012-W31");
        assert_eq!(p(Granularity::Month), "2012-08");
        assert_eq!(p(Granularity::Quarter), "2012-Q3");
        assert_eq!(p(Granularity::Year), "2012");
        // ISO weeks across year ends.
        assert_eq!(
            Period::of(Granularity::Week, (2014, 12, 29)).to_string(),
            "2015-W01"
        );
        assert_eq!(
            Period::of(Granularity::Week, (2016, 1, 3)).to_string(),
            "2015-W53"
        );
        assert_eq!(
            Period::of(Granularity::Week, (2012, 1, 1)).to_string(),
            "2011-W52"
        );
    }

    #[test]
    fn periods_parse_back_and_have_bounds() {
        for s in [
            "2012-08-01",
            "2012-W31",
            "2012-08",
            "2012-Q3",
            "2012",
            "2015-W53",
        ] {
            assert_eq!(Period::parse(s).unwrap().to_string(), s);
        }
        let w = Period::parse("2012-W31").unwrap();
        assert_eq!((w.first_day(), w.last_day()), ((2012, 7, 30), (2012, 8, 5)));
        let q = Period::parse("2012-Q1").unwrap();
        assert_eq!((q.first_day(), q.last_day()), ((2012, 1, 1), (2012, 3, 31)));
        for bad in [
            "2012-13",
            "2012-W54",
            "2014-W53",
            "2012-Q5",
            "12-08",
            "2012-02-30",
            "x",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn nesting() {
        let day = Period::Day(2012, 8, 1);
        assert_eq!(
            day.within(Granularity::Quarter),
            Some(Period::Quarter(2012, 3))
        );
        assert_eq!(Period::Month(2012, 8).within(Granularity::Week), None);
        assert_eq!(Period::Week(2012, 31).within(Granularity::Month), None);
    }
}
