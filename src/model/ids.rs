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
    /// The ids, in list order (clones: 16 bytes each, side by side).
    ids: Vec<ActorId>,
}

impl IdIndex {
    /// The index of `ids`, in list order; an id given again keeps the first position.
    pub(crate) fn new<'a>(ids: impl ExactSizeIterator<Item = &'a ActorId>) -> IdIndex {
        let n = ids.len();
        assert!(n < u32::MAX as usize, "fewer than 2^32 actors");
        let mut index = IdIndex {
            slots: vec![0; (2 * n).next_power_of_two().max(16)],
            ids: Vec::with_capacity(n),
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
                if index.holds(slot, hash, id.as_str()).is_some() {
                    break; // given before: the first keeps it
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
        for missing in ["A4000", "A", "AZ", "AZEE", "B1"] {
            assert!(index.get(missing).is_none());
        }
        assert!(IdIndex::new([].iter()).get("A").is_none());
    }
}
