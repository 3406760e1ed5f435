//! Actor ids to their positions in a list, for the millions of lookups a large file's
//! relations make while it loads (issue 21).
//!
//! A hash map keyed by the ids (`ActorId`, or `&str` into them) reads three places for each
//! lookup: its control bytes, its bucket and the id's own allocation, scattered over the
//! heap, to compare the text; at 100 000 actors each is a cache miss, and the lookups of
//! 2 000 000 relation ends were a fifth of the load's time. Here the table holds 8 bytes
//! a slot (part of the hash and a position) and the ids lie side by side: 3.6 MB for
//! 100 000 actors, mostly read from the cache; the one miss left is the id's own text,
//! whose reference count the clone that shares it writes next.

use super::types::ActorId;
use std::hash::BuildHasher;

/// The position in a list of actors of the first one with each id, and that actor's id.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdIndex {
    /// Open addressing with linear probing: 0 for an empty slot, else the top 32 bits of
    /// the id's hash over (position + 1).
    slots: Vec<u64>,
    /// The ids, in list order (clones: 8 bytes each, side by side).
    ids: Vec<ActorId>,
    /// The positions whose id was given before, each with the first's, in list order.
    repeats: Vec<(u32, u32)>,
}

impl IdIndex {
    /// The index of `ids`, in list order; an id given again keeps the first position.
    pub(crate) fn new<'a>(ids: impl ExactSizeIterator<Item = &'a ActorId>) -> IdIndex {
        let n = ids.len();
        assert!(n < u32::MAX as usize, "fewer than 2^32 actors");
        let mut index = IdIndex {
            slots: vec![0; (2 * n).next_power_of_two().max(16)],
            ids: Vec::with_capacity(n),
            repeats: Vec::new(),
        };
        let mask = index.slots.len() - 1;
        for id in ids {
            let pos = index.ids.len() as u64;
            index.ids.push(id.clone());
            let hash = hash(id.as_str());
            let mut at = hash as usize & mask;
            loop {
                let slot = index.slots[at];
                if slot == 0 {
                    index.slots[at] = (hash & !0xffff_ffff) | (pos + 1);
                    break;
                }
                if let Some((first, _)) = index.holds(slot, hash, id.as_str()) {
                    // Given before: the first keeps it.
                    index.repeats.push((pos as u32, first));
                    break;
                }
                at = (at + 1) & mask;
            }
        }
        index
    }

    /// How many ids were indexed (with those given twice).
    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }

    /// The position of the first id equal to `id`, and that id (share it: a clone).
    pub(crate) fn get(&self, id: &str) -> Option<(u32, &ActorId)> {
        if self.ids.is_empty() {
            return None;
        }
        let hash = hash(id);
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        loop {
            let slot = self.slots[at];
            if slot == 0 {
                return None;
            }
            if let Some(found) = self.holds(slot, hash, id) {
                return Some(found);
            }
            at = (at + 1) & mask;
        }
    }

    /// The positions whose id was given before, each with the first's, in list order.
    pub(crate) fn repeats(&self) -> &[(u32, u32)] {
        &self.repeats
    }

    /// Each id once (at its first position), in list order.
    pub(crate) fn firsts(&self) -> impl Iterator<Item = &str> {
        let mut repeats = self.repeats.iter().map(|&(at, _)| at as usize).peekable();
        self.ids
            .iter()
            .enumerate()
            .filter(move |&(i, _)| repeats.next_if_eq(&i).is_none())
            .map(|(_, id)| id.as_str())
    }

    /// The id at position `at` (as [`IdIndex::get`] gave it).
    pub(crate) fn id(&self, at: u32) -> &ActorId {
        &self.ids[at as usize]
    }

    /// The hash `id` is looked up by, for [`IdIndex::get_many`]; its slot is fetched into the
    /// cache meanwhile (a loader announces a relation's ids as it reads them, and looks
    /// them up a few dozen relations later).
    pub(crate) fn announce(&self, id: &str) -> u64 {
        let hash = hash(id);
        if !self.slots.is_empty() {
            super::prefetch(&self.slots[hash as usize & (self.slots.len() - 1)]);
        }
        hash
    }

    /// [`IdIndex::get`] for each of `ids` (whose hashes [`IdIndex::announce`] gave), into
    /// `found` (as long): the position of each, or `u32::MAX` for an id not indexed. The
    /// same answers, for a batch of ids looked up in stages: a lookup is three dependent
    /// cache misses (its slot, the candidate's id, that id's text), and each stage asks for
    /// the next one's memory of every id of the batch before any is read, so that those
    /// misses are in flight together where one lookup at a time waits for each in turn
    /// (issue 21: the lookups were a fifth of the load's CPU time at 1M relations).
    pub(crate) fn get_many(&self, ids: &[&str], hashes: &[u64], found: &mut [u32]) {
        assert!(ids.len() == found.len() && ids.len() == hashes.len());
        if self.ids.is_empty() {
            found.fill(u32::MAX);
            return;
        }
        let mask = self.slots.len() - 1;
        // The candidate of each: the first slot on from its own whose tag is the id's (the
        // slots after the first mostly share its cache line).
        for (&hash, found) in hashes.iter().zip(found.iter_mut()) {
            let mut at = hash as usize & mask;
            *found = u32::MAX;
            loop {
                let slot = self.slots[at];
                if slot == 0 {
                    break;
                }
                if (slot ^ hash) >> 32 == 0 {
                    *found = (slot & 0xffff_ffff) as u32 - 1;
                    super::prefetch(&self.ids[*found as usize]);
                    break;
                }
                at = (at + 1) & mask;
            }
        }
        for &at in found.iter() {
            if at != u32::MAX {
                super::prefetch(self.ids[at as usize].as_str().as_ptr());
            }
        }
        // The text compared; a tag shared by another id (one in billions) probes on.
        for (id, found) in ids.iter().zip(found.iter_mut()) {
            if *found != u32::MAX && self.ids[*found as usize].as_str() != *id {
                *found = self.get(id).map_or(u32::MAX, |(at, _)| at);
            }
        }
    }

    /// What `slot` holds if it is `id` (whose hash is `hash`).
    fn holds(&self, slot: u64, hash: u64, id: &str) -> Option<(u32, &ActorId)> {
        if (slot ^ hash) >> 32 != 0 {
            return None;
        }
        let pos = (slot & 0xffff_ffff) as u32 - 1;
        let found = &self.ids[pos as usize];
        (found.as_str() == id).then_some((pos, found))
    }
}

fn hash(id: &str) -> u64 {
    foldhash::fast::FixedState::default().hash_one(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn finds_the_first_position_of_each_id_as_a_hash_map_does() {
        let ids: Vec<ActorId> = (0..5000)
            .map(|i| format!("A{}", (i * 7919) % 4000))
            .chain(["", "é", "AZE", "AZE"].map(String::from))
            .map(ActorId::from)
            .collect();
        let index = IdIndex::new(ids.iter());
        assert_eq!(index.len(), ids.len());
        let mut first = HashMap::new();
        for (i, id) in ids.iter().enumerate() {
            first.entry(id.as_str()).or_insert(i);
        }
        for id in &ids {
            let (at, shared) = index.get(id.as_str()).unwrap();
            assert_eq!(at as usize, first[id.as_str()], "{id}");
            assert!(shared.is_shared_with(&ids[at as usize]));
        }
        // Each position given an id met before, with the first's; each id once, in order.
        let repeats: Vec<(u32, u32)> = (0..ids.len())
            .filter(|&i| first[ids[i].as_str()] != i)
            .map(|i| (i as u32, first[ids[i].as_str()] as u32))
            .collect();
        assert_eq!(index.repeats(), repeats);
        let firsts: Vec<&str> = (0..ids.len())
            .filter(|&i| first[ids[i].as_str()] == i)
            .map(|i| ids[i].as_str())
            .collect();
        assert_eq!(index.firsts().collect::<Vec<_>>(), firsts);
        for missing in ["A4000", "A", "AZ", "AZEE", "B1"] {
            assert!(index.get(missing).is_none());
        }
        // In batches: the same answers, across the stages' boundaries and with ids missing.
        let asked: Vec<&str> = ids
            .iter()
            .map(|id| id.as_str())
            .chain(["A4000", "A", "AZEE"])
            .rev()
            .collect();
        let hashes: Vec<u64> = asked.iter().map(|id| index.announce(id)).collect();
        for n in [0, 1, 63, 64, 65, 200, asked.len()] {
            let mut found = vec![7; n];
            index.get_many(&asked[..n], &hashes[..n], &mut found);
            for (id, at) in asked[..n].iter().zip(&found) {
                let want = index.get(id).map_or(u32::MAX, |(at, _)| at);
                assert_eq!(*at, want, "{id}");
                if *at != u32::MAX {
                    assert_eq!(index.id(*at).as_str(), *id);
                }
            }
        }
        let (empty, mut none) = (IdIndex::new([].iter()), [0; 2]);
        let hashes = ["A", "B"].map(|id| empty.announce(id));
        empty.get_many(&["A", "B"], &hashes, &mut none);
        assert_eq!(none, [u32::MAX; 2]);
        assert!(IdIndex::new([].iter()).get("A").is_none());
    }
}
