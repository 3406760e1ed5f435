//! Calendar dates of varying precision: `"2025"`, `"2025-06"` or `"2025-06-27"`.
//!
//! Sources often say "late 2024" or "June 2025", so a date may name a year or a month.
//! A partial date stands for its whole period: a relation `since: "2025-06"` starts on its
//! first day, one `until: "2025-06"` ends on its last day.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// A year, a month of a year, or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// Why a date string was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DateError {}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` (1-12) of `year`.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        _ => 28,
    }
}

impl Date {
    pub fn ymd(year: i32, month: u8, day: u8) -> Result<Date, DateError> {
        Date::check(year, Some(month), Some(day))
    }

    fn check(year: i32, month: Option<u8>, day: Option<u8>) -> Result<Date, DateError> {
        if !(1..=9999).contains(&year) {
            return Err(DateError(format!("year {year} is outside 1..=9999")));
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(DateError(format!("month {m} is outside 1..=12")));
            }
            if let Some(d) = day {
                let last = days_in_month(year, m);
                if d == 0 || d > last {
                    return Err(DateError(format!(
                        "day {d} does not exist in {year}-{m:02} (it has {last} days)"
                    )));
                }
            }
        }
        Ok(Date { year, month, day })
    }

    /// The first day of the period this date names, as (year, month, day).
    pub fn first_day(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day of the period this date names, as (year, month, day).
    pub fn last_day(&self) -> (i32, u8, u8) {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        (self.year, month, day)
    }

    /// True when the period this date names ends before `other`'s begins.
    pub fn ends_before(&self, other: &Date) -> bool {
        self.last_day() < other.first_day()
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.first_day(), self.month.is_some(), self.day.is_some()).cmp(&(
            other.first_day(),
            other.month.is_some(),
            other.day.is_some(),
        ))
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Date, DateError> {
        let bad = || {
            DateError(format!(
                "`{s}` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"
            ))
        };
        let parts: Vec<&str> = s.split('-').collect();
        if parts.is_empty() || parts.len() > 3 {
            return Err(bad());
        }
        let widths = [4, 2, 2];
        let mut nums = [0u32; 3];
        for (i, p) in parts.iter().enumerate() {
            if p.len() != widths[i] || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            nums[i] = p.parse().map_err(|_| bad())?;
        }
        let month = (parts.len() > 1).then_some(nums[1] as u8);
        let day = (parts.len() > 2).then_some(nums[2] as u8);
        Date::check(nums[0] as i32, month, day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_all_precisions() {
        assert_eq!("2025".parse::<Date>().unwrap().to_string(), "2025");
        assert_eq!("2025-06".parse::<Date>().unwrap().to_string(), "2025-06");
        assert_eq!(
            "2025-08-06".parse::<Date>().unwrap().to_string(),
            "2025-08-06"
        );
    }

    #[test]
    fn rejects_impossible_dates() {
        for s in [
            "2025-02-29",
            "2025-13",
            "2025-00",
            "25-01-01",
            "2025/01/01",
            "",
            "2025-1-1",
            "2025-06-31",
            "0000",
        ] {
            assert!(s.parse::<Date>().is_err(), "{s} should fail");
        }
        assert!("2024-02-29".parse::<Date>().is_ok());
    }

    #[test]
    fn partial_dates_cover_their_period() {
        let june: Date = "2025-06".parse().unwrap();
        assert_eq!(june.first_day(), (2025, 6, 1));
        assert_eq!(june.last_day(), (2025, 6, 30));
        let y: Date = "2024".parse().unwrap();
        assert!(y.ends_before(&june));
        assert!(!june.ends_before(&"2025-06-15".parse().unwrap()));
    }
}
