//! CAMEO event codes: the Goldstein score of each code and its QuadClass.
//!
//! Scores follow Goldstein (1992), "A Conflict-Cooperation Scale for WEIS Events Data",
//! *Journal of Conflict Resolution* 36(2), as mapped onto CAMEO by the KEDS project and
//! shipped by GDELT (`CAMEO.goldsteinscale.txt`, built in from `src/events/data/`). The
//! QuadClass of a code follows its two-digit root (Gerner et al., CAMEO codebook; GDELT
//! event codebook): 01–05 verbal cooperation, 06–08 material cooperation, 09–13 verbal
//! conflict, 14–20 material conflict.

use std::collections::HashMap;

const BUILTIN: &str = include_str!("data/CAMEO.goldsteinscale.txt");

/// CAMEO code → Goldstein score.
#[derive(Debug, Clone)]
pub struct GoldsteinTable {
    scores: HashMap<String, f64>,
}

impl Default for GoldsteinTable {
    fn default() -> Self {
        GoldsteinTable::parse(BUILTIN).expect("the built-in CAMEO table is valid")
    }
}

impl GoldsteinTable {
    /// Reads `code<TAB>score` lines (a header line whose score is not a number is skipped;
    /// commas work as separators too). Errors name the line.
    pub fn parse(text: &str) -> Result<GoldsteinTable, String> {
        let mut scores = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let mut parts = line.splitn(2, ['\t', ',']);
            let code = parts.next().unwrap_or("").trim().trim_matches('"');
            let score = parts.next().unwrap_or("").trim().trim_matches('"');
            match score.parse::<f64>() {
                Ok(s) if (-10.0..=10.0).contains(&s) && is_code(code) => {
                    scores.insert(code.to_string(), s);
                }
                Ok(_) if !is_code(code) => {
                    return Err(format!("line {}: `{code}` is not a CAMEO code", i + 1));
                }
                Ok(s) => {
                    return Err(format!("line {}: score {s} is outside [-10, 10]", i + 1));
                }
                Err(_) if i == 0 => {} // header
                Err(_) => {
                    return Err(format!("line {}: `{score}` is not a number", i + 1));
                }
            }
        }
        if scores.is_empty() {
            return Err("no `code<TAB>score` line".into());
        }
        Ok(GoldsteinTable { scores })
    }

    pub fn score(&self, code: &str) -> Option<f64> {
        self.scores.get(code).copied()
    }

    /// Every code and its score, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, f64)> {
        self.scores.iter().map(|(c, s)| (c.as_str(), *s))
    }

    pub fn len(&self) -> usize {
        self.scores.len()
    }

    pub fn is_empty(&self) -> bool {
        self.scores.is_empty()
    }
}

/// Two to four digits.
pub fn is_code(code: &str) -> bool {
    (2..=4).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit())
}

/// The QuadClass (1..=4) of a CAMEO code, from its root; `None` for a code whose root is
/// not 01–20.
pub fn quad_class(code: &str) -> Option<u8> {
    let b = code.as_bytes();
    if b.len() < 2 || !b[0].is_ascii_digit() || !b[1].is_ascii_digit() {
        return None;
    }
    match (b[0] - b'0') * 10 + (b[1] - b'0') {
        1..=5 => Some(1),
        6..=8 => Some(2),
        9..=13 => Some(3),
        14..=20 => Some(4),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table() {
        let t = GoldsteinTable::default();
        assert_eq!(t.len(), 311);
        assert_eq!(t.score("130"), Some(-4.4));
        assert_eq!(t.score("2042"), Some(-10.0));
        assert_eq!(t.score("999"), None);
    }

    #[test]
    fn quad_classes_follow_the_root() {
        assert_eq!(quad_class("040"), Some(1));
        assert_eq!(quad_class("0871"), Some(2));
        assert_eq!(quad_class("130"), Some(3));
        assert_eq!(quad_class("190"), Some(4));
        assert_eq!(quad_class("21"), None);
        assert_eq!(quad_class("x1"), None);
    }

    #[test]
    fn override_files_are_checked() {
        assert!(GoldsteinTable::parse("code,score\n010,1.5\n").is_ok());
        assert!(
            GoldsteinTable::parse("010\t11\n")
                .unwrap_err()
                .contains("outside")
        );
        assert!(
            GoldsteinTable::parse("h\th\n010\tx\n")
                .unwrap_err()
                .contains("line 2")
        );
    }
}
