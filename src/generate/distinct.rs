//! Which of the generator's candidate pairs are new: the first occurrence of each pair in the
//! stream of pairs it draws, up to the one that completes the graph, without holding every
//! pair in memory.
//!
//! The pairs are spilled to temporary files, split by a hash of the pair into buckets small
//! enough to check in memory: the partitioning of a Grace hash join (M. Kitsuregawa,
//! H. Tanaka, T. Moto-oka, "Application of hash to data base machine and its architecture",
//! New Generation Computing 1, 1983). Each pair is written with its place in the stream, and a
//! bucket is read back in stream order, so the first time a pair is seen in its bucket is its
//! first occurrence. What is held is a bit per candidate, one bucket's table and, every
//! [`CHECKPOINT`] candidates, a copy of the stream's state. The candidates are also written in
//! order to a file of their own, so that the relations are made without drawing again.
//!
//! How many candidates complete the graph is only known once they are checked, so the stream
//! is drawn in rounds: a little more than the pairs wanted, then, if duplicates left it short,
//! as many more as the rate of new pairs says, each round's check reading the buckets whole
//! and leaving in each only its first occurrences.

use super::mix64;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};

/// Pairs a bucket is sized to hold in the first round: its table is then 16 MiB at most
/// (twice that in a later round, which holds the first occurrences and as many again).
pub(super) const BUCKET_PAIRS: usize = 1 << 20;
/// At most this many buckets, each an open file: beyond `MAX_BUCKETS × BUCKET_PAIRS` pairs
/// (134 million) the buckets grow instead.
const MAX_BUCKETS: usize = 128;
/// Candidates between two copies of the stream's state.
const CHECKPOINT: usize = 1 << 16;
/// Bytes a spilled candidate takes: its pair and its place in the stream.
const ENTRY: usize = 16;

/// The candidates of a stream up to the one that completes the graph, and which of them are
/// first occurrences.
pub(super) struct FirstDraws<I> {
    bits: Vec<u64>,
    len: usize,
    /// The candidates in order, 8 bytes each, from the start.
    stream: File,
    /// The stream just after its last candidate.
    pub(super) after: I,
}

impl<I> FirstDraws<I> {
    /// How many candidates were drawn to complete the graph.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.len
    }

    /// The same without the stream's state.
    pub(super) fn forget_stream(self) -> FirstDraws<()> {
        FirstDraws {
            bits: self.bits,
            len: self.len,
            stream: self.stream,
            after: (),
        }
    }

    /// Whether candidate `i` is the first occurrence of its pair.
    #[cfg(test)]
    fn is_first(&self, i: usize) -> bool {
        self.bits[i / 64] >> (i % 64) & 1 == 1
    }

    /// The first occurrences, in the order drawn.
    pub(super) fn pairs(self) -> impl Iterator<Item = io::Result<(u32, u32)>> {
        let mut read = BufReader::with_capacity(1 << 16, self.stream);
        let bits = self.bits;
        (0..self.len)
            .map(move |i| {
                let mut pair = [0u8; 8];
                read.read_exact(&mut pair)?;
                let first = bits[i / 64] >> (i % 64) & 1 == 1;
                Ok(first.then(|| {
                    let [u, v] = [&pair[..4], &pair[4..]]
                        .map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")));
                    (u, v)
                }))
            })
            .filter_map(Result::transpose)
    }
}

/// Draws candidates from `stream` until `wanted` distinct pairs are seen; `Ok(Err(placed))` if
/// the stream ends first, with the number of distinct pairs it held. `bucket_pairs` sizes
/// the buckets ([`BUCKET_PAIRS`] outside tests).
pub(super) fn first_draws<I>(
    mut stream: I,
    wanted: usize,
    bucket_pairs: usize,
) -> io::Result<Result<FirstDraws<I>, usize>>
where
    I: Iterator<Item = (u32, u32)> + Clone,
{
    let mut round = wanted + wanted / 8 + 1024;
    let mut spill = Spill::new(round.div_ceil(bucket_pairs).min(MAX_BUCKETS))?;
    if wanted == 0 {
        return Ok(Ok(FirstDraws {
            bits: Vec::new(),
            len: 0,
            stream: spill.stream()?,
            after: stream,
        }));
    }
    let mut checkpoints = Vec::new();
    let mut bits: Vec<u64> = Vec::new();
    let (mut drawn, mut distinct) = (0usize, 0usize);
    loop {
        let before = (drawn, distinct);
        let mut ended = false;
        for _ in 0..round {
            if drawn.is_multiple_of(CHECKPOINT) {
                checkpoints.push(stream.clone());
            }
            let Some((u, v)) = stream.next() else {
                ended = true;
                break;
            };
            spill.push(u, v, drawn as u64)?;
            drawn += 1;
        }
        bits.resize(drawn.div_ceil(64), 0);
        distinct = spill.mark_firsts(&mut bits)?;
        if distinct >= wanted || ended {
            break;
        }
        // Later rounds meet more pairs already seen: ask for a quarter more than the last
        // round's rate of new pairs says, and at most the graph again.
        let rate = (distinct - before.1) as f64 / (drawn - before.0).max(1) as f64;
        let need = (wanted - distinct) as f64 * 1.25 / rate.max(1.0 / 64.0);
        round = (need as usize).min(wanted) + 1024;
    }
    if distinct < wanted {
        return Ok(Err(distinct));
    }
    let last = nth_set_bit(&bits, wanted - 1);
    let len = last + 1;
    bits.truncate(len.div_ceil(64));
    if !len.is_multiple_of(64) {
        *bits.last_mut().expect("a candidate was drawn") &= (1u64 << (len % 64)) - 1;
    }
    let mut after = checkpoints.swap_remove(last / CHECKPOINT);
    drop(checkpoints);
    for _ in last / CHECKPOINT * CHECKPOINT..len {
        after.next();
    }
    Ok(Ok(FirstDraws {
        bits,
        len,
        stream: spill.stream()?,
        after,
    }))
}

/// A pair's key, the same for both orders of its ends.
fn pair_key(u: u32, v: u32) -> u64 {
    (u.min(v) as u64) << 32 | u.max(v) as u64
}

/// The place of the `n`th (from 0) set bit; there is one.
fn nth_set_bit(bits: &[u64], mut n: usize) -> usize {
    for (w, &word) in bits.iter().enumerate() {
        let ones = word.count_ones() as usize;
        if n < ones {
            let mut word = word;
            for _ in 0..n {
                word &= word - 1;
            }
            return w * 64 + word.trailing_zeros() as usize;
        }
        n -= ones;
    }
    unreachable!("fewer set bits than asked for")
}

/// The spilled candidates, by bucket, and all of them in order.
struct Spill {
    buckets: Vec<Bucket>,
    stream: BufWriter<File>,
}

struct Bucket {
    file: BufWriter<File>,
    entries: usize,
}

impl Spill {
    fn new(buckets: usize) -> io::Result<Spill> {
        let buckets = (0..buckets.max(1))
            .map(|_| {
                Ok(Bucket {
                    file: BufWriter::new(tempfile::tempfile()?),
                    entries: 0,
                })
            })
            .collect::<io::Result<_>>()?;
        Ok(Spill {
            buckets,
            stream: BufWriter::new(tempfile::tempfile()?),
        })
    }

    /// The candidates in order, read from the start; the buckets are deleted.
    fn stream(self) -> io::Result<File> {
        let mut file = self
            .stream
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        file.seek(SeekFrom::Start(0))?;
        Ok(file)
    }

    fn push(&mut self, u: u32, v: u32, at: u64) -> io::Result<()> {
        let mut pair = [0u8; 8];
        pair[..4].copy_from_slice(&u.to_le_bytes());
        pair[4..].copy_from_slice(&v.to_le_bytes());
        self.stream.write_all(&pair)?;
        let key = pair_key(u, v);
        let n = self.buckets.len() as u64;
        let bucket = &mut self.buckets[(((mix64(key) >> 32) * n) >> 32) as usize];
        let mut entry = [0u8; ENTRY];
        entry[..8].copy_from_slice(&key.to_le_bytes());
        entry[8..].copy_from_slice(&at.to_le_bytes());
        bucket.file.write_all(&entry)?;
        bucket.entries += 1;
        Ok(())
    }

    /// Sets the bit of every first occurrence, leaves only those in the buckets, and counts
    /// them.
    fn mark_firsts(&mut self, bits: &mut [u64]) -> io::Result<usize> {
        let mut table = Vec::new();
        let mut distinct = 0;
        for bucket in &mut self.buckets {
            distinct += bucket.keep_firsts(&mut table, bits)?;
        }
        Ok(distinct)
    }
}

impl Bucket {
    fn keep_firsts(&mut self, table: &mut Vec<u64>, bits: &mut [u64]) -> io::Result<usize> {
        let slots = (self.entries + self.entries / 2)
            .next_power_of_two()
            .max(16);
        table.clear();
        table.resize(slots, 0);
        let kept = BufWriter::new(tempfile::tempfile()?);
        let mut read = std::mem::replace(&mut self.file, kept)
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        read.seek(SeekFrom::Start(0))?;
        let mut read = BufReader::with_capacity(1 << 16, read);
        let mut kept = 0;
        let mut entry = [0u8; ENTRY];
        for _ in 0..self.entries {
            read.read_exact(&mut entry)?;
            let key = u64::from_le_bytes(entry[..8].try_into().expect("8 bytes"));
            if insert(table, key) {
                let at = u64::from_le_bytes(entry[8..].try_into().expect("8 bytes")) as usize;
                bits[at / 64] |= 1 << (at % 64);
                self.file.write_all(&entry)?;
                kept += 1;
            }
        }
        self.entries = kept;
        Ok(kept)
    }
}

/// Adds `key` to an open-addressing table (a power of two of slots, 0 for empty, more slots
/// than keys); whether it was new.
fn insert(table: &mut [u64], key: u64) -> bool {
    let mask = table.len() - 1;
    let stored = key + 1;
    let mut i = mix64(key) as usize & mask;
    loop {
        match table[i] {
            0 => {
                table[i] = stored;
                return true;
            }
            t if t == stored => return false,
            _ => i = (i + 1) & mask,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// The reference: a set of every pair seen, in memory.
    fn in_memory(stream: &[(u32, u32)], wanted: usize) -> Result<Vec<bool>, usize> {
        let mut seen = HashSet::new();
        let mut firsts = Vec::new();
        for &(u, v) in stream {
            if seen.len() == wanted {
                break;
            }
            firsts.push(seen.insert(pair_key(u, v)));
        }
        if seen.len() < wanted {
            return Err(seen.len());
        }
        Ok(firsts)
    }

    #[test]
    fn first_occurrences_match_a_set_in_memory_over_buckets_and_rounds() {
        let mut rng = super::super::SplitMix64::new(9);
        for (actors, len) in [
            (2usize, 10usize),
            (5, 40),
            (30, 300),
            (200, 5000),
            (2000, 9000),
        ] {
            let stream: Vec<(u32, u32)> = (0..len)
                .map(|_| (rng.below(actors) as u32, rng.below(actors) as u32))
                .collect();
            for wanted in [0, 1, 3, 10, 150, 1000, 4000, 20_000] {
                // Tiny buckets spread a stream over many; a short first round forces more.
                for bucket_pairs in [1, 7, 64, BUCKET_PAIRS] {
                    let want = in_memory(&stream, wanted);
                    let got = first_draws(stream.iter().copied(), wanted, bucket_pairs).unwrap();
                    match (want, got) {
                        (Ok(firsts), Ok(got)) => {
                            assert_eq!(got.len(), firsts.len());
                            let flags: Vec<bool> =
                                (0..got.len()).map(|i| got.is_first(i)).collect();
                            assert_eq!(flags, firsts);
                            // The stream resumes just after the last candidate.
                            let rest: Vec<_> = got.after.clone().collect();
                            assert_eq!(rest, stream[firsts.len()..]);
                            let pairs: Vec<_> = got.pairs().map(Result::unwrap).collect();
                            let want: Vec<_> = stream
                                .iter()
                                .zip(&firsts)
                                .filter(|p| *p.1)
                                .map(|p| *p.0)
                                .collect();
                            assert_eq!(pairs, want);
                        }
                        (Err(placed), Err(got)) => assert_eq!(got, placed),
                        (want, got) => panic!(
                            "actors {actors}, wanted {wanted}: {want:?} against {:?}",
                            got.map(|g| g.len())
                        ),
                    }
                }
            }
        }
    }

    #[test]
    fn the_stream_resumes_from_its_state_copied_before_the_last_candidate() {
        // Long enough for several copies of the stream's state.
        let mut rng = super::super::SplitMix64::new(4);
        let stream: Vec<(u32, u32)> = (0..3 * CHECKPOINT + 100)
            .map(|_| (rng.below(2000) as u32, rng.below(2000) as u32))
            .collect();
        for wanted in [CHECKPOINT, 2 * CHECKPOINT + 17] {
            let firsts = in_memory(&stream, wanted).unwrap();
            let got = first_draws(stream.iter().copied(), wanted, 1 << 14)
                .unwrap()
                .unwrap();
            assert_eq!(got.len(), firsts.len());
            assert!((0..got.len()).all(|i| got.is_first(i) == firsts[i]));
            assert_eq!(got.after.collect::<Vec<_>>(), stream[firsts.len()..]);
        }
    }

    #[test]
    fn nth_set_bit_counts_across_words() {
        let bits = [0b1010u64, 0, u64::MAX, 1 << 63];
        let places: Vec<usize> = (0..67).map(|n| nth_set_bit(&bits, n)).collect();
        assert_eq!(places[..3], [1, 3, 128]);
        assert_eq!(places[65], 191);
        assert_eq!(places[66], 255);
    }
}
