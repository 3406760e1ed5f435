//! Event ids already read, so an event met twice (overlapping exports, a file given twice) is
//! counted once. Numeric ids (GDELT's GlobalEventID, ICEWS's Event ID) are kept as runs of
//! consecutive ids: a GDELT daily file is one run, so the set stays small where ids are dense.
//! Sparse ids (a filtered extract) cost one run each, about 36 bytes per distinct id; text ids
//! are kept whole. This is the one part of an import that grows with the number of events
//! rather than with dyads × periods (docs/analysis/events.md, "Memory").

use super::row::{parse_u64, trim};
use std::collections::{BTreeMap, HashSet};

/// Run-length set of numeric event ids: one entry per run of consecutive ids (a whole GDELT
/// daily file is one run), so it stays small where ids are dense.
#[derive(Debug, Default, Clone)]
pub(super) struct IdSet {
    runs: BTreeMap<u64, u64>,
}

impl IdSet {
    /// Adds `id`; false when it was there.
    pub(super) fn insert(&mut self, id: u64) -> bool {
        // Ids in increasing order (a GDELT file): past every run, no search.
        if let Some(mut last) = self.runs.last_entry() {
            let end = *last.get();
            if id == end.wrapping_add(1) && id != 0 {
                *last.get_mut() = id;
                return true;
            }
            if id > end {
                self.runs.insert(id, id);
                return true;
            }
        }
        let before = self.runs.range(..=id).next_back().map(|(&s, &e)| (s, e));
        if let Some((_, e)) = before
            && e >= id
        {
            return false;
        }
        let after = id.checked_add(1).and_then(|n| self.runs.get(&n).copied());
        match (before, after) {
            (Some((s, e)), Some(e2)) if e + 1 == id => {
                self.runs.remove(&(id + 1));
                self.runs.insert(s, e2);
            }
            (Some((s, e)), _) if e + 1 == id => {
                self.runs.insert(s, id);
            }
            (_, Some(e2)) => {
                self.runs.remove(&(id + 1));
                self.runs.insert(id, e2);
            }
            _ => {
                self.runs.insert(id, id);
            }
        }
        true
    }
}

/// Event ids already read, per id space (GDELT, ICEWS, plain).
#[derive(Debug, Default)]
pub(super) struct Dedup {
    numbers: [IdSet; 3],
    text: HashSet<String>,
}

fn id_space(ns: &str) -> usize {
    match ns {
        "gdelt" => 0,
        "icews" => 1,
        _ => 2,
    }
}

impl Dedup {
    /// False when `id` was read before in `ns`.
    pub(super) fn first(&mut self, ns: &'static str, id: &[u8]) -> bool {
        let id = trim(id);
        if id.is_empty() {
            return true;
        }
        match parse_u64(id) {
            Some(n) => self.numbers[id_space(ns)].insert(n),
            None => self
                .text
                .insert(format!("{ns}:{}", String::from_utf8_lossy(id))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_runs() {
        let mut s = IdSet::default();
        for id in [5, 6, 7, 9, 8, 1] {
            assert!(s.insert(id), "{id}");
        }
        assert_eq!(s.runs.len(), 2, "{:?}", s.runs);
        for id in [5, 7, 8, 9, 1] {
            assert!(!s.insert(id));
        }
        assert!(s.insert(10) && s.insert(3) && s.insert(2) && s.insert(4));
        assert_eq!(s.runs.iter().collect::<Vec<_>>(), [(&1, &10)]);
        assert!(s.insert(u64::MAX) && !s.insert(u64::MAX));
    }
}
