//! Which of the generator's candidate pairs are new: the first occurrence of each pair in the
//! stream of pairs it draws, up to the one that completes the graph, without holding the
//! pairs in memory.
//!
//! The pairs are spilled to temporary files, split by a hash of the pair into buckets small
//! enough to check in memory: the partitioning of a Grace hash join (M. Kitsuregawa,
//! H. Tanaka, T. Moto-oka, "Application of hash to data base machine and its architecture",
//! New Generation Computing 1, 1983). Each pair is written with its place in the stream, and a
//! bucket is read back in stream order, so the first time a pair is seen in its bucket is its
//! first occurrence; only those are kept. The relations are then the kept pairs of every
//! bucket merged by their place in the stream. What is held in memory is one bucket's table
//! and, every [`CHECKPOINT`] candidates, a copy of the stream's state; on disk, 16 bytes a
//! pair kept and a pair of the round being checked.
//!
//! How many candidates complete the graph is only known once they are checked, so the stream
//! is drawn in rounds: a little more than the pairs wanted, then, if repeats left it short,
//! as many more as the rate of new pairs says (at most the graph again), each round's check
//! reading the buckets whole and leaving in each only its first occurrences.

use super::mix64;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
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
/// Bytes a spilled candidate takes: its pair's key and its place in the stream.
const ENTRY: usize = 16;
/// The bit of a spilled key that says the pair was drawn with its higher end first (keys
/// are below 2^63: actors are numbered below 2^31).
const SWAPPED: u64 = 1 << 63;

/// The first occurrences that make the graph, spilled: each bucket's, in stream order.
pub(super) struct FirstDraws {
    buckets: Vec<(File, usize)>,
    wanted: usize,
}

impl FirstDraws {
    /// The relations' pairs, in the order drawn, each as drawn.
    pub(super) fn pairs(self) -> io::Result<impl Iterator<Item = io::Result<(u32, u32)>>> {
        let merged = Merged::new(self.buckets)?;
        Ok(merged
            .take(self.wanted)
            .map(|e| e.map(|(_, key)| pair_of(key))))
    }
}

/// Draws candidates from `stream` until `wanted` distinct pairs are seen, and gives them with
/// the stream just after the last; `Ok(Err(placed))` if the stream ends first, with the
/// number of distinct pairs it held. `bucket_pairs` sizes the buckets ([`BUCKET_PAIRS`]
/// outside tests).
pub(super) fn first_draws<I>(
    mut stream: I,
    wanted: usize,
    bucket_pairs: usize,
) -> io::Result<Result<(FirstDraws, I), usize>>
where
    I: Iterator<Item = (u32, u32)> + Clone,
{
    if wanted == 0 {
        let none = FirstDraws {
            buckets: Vec::new(),
            wanted,
        };
        return Ok(Ok((none, stream)));
    }
    let mut round = wanted.saturating_add(wanted / 8).saturating_add(1024);
    let mut spill = Spill::new(round.div_ceil(bucket_pairs).min(MAX_BUCKETS))?;
    let mut checkpoints = Vec::new();
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
        distinct = spill.keep_firsts()?;
        if distinct >= wanted || ended {
            break;
        }
        // Later rounds meet more pairs already seen: ask for a quarter more than the last
        // round's rate of new pairs says, and at most the graph again.
        let rate = (distinct - before.1) as f64 / (drawn - before.0).max(1) as f64;
        let need = (wanted - distinct) as f64 * 1.25 / rate.max(1.0 / 64.0);
        round = (need as usize).min(wanted).saturating_add(1024);
    }
    if distinct < wanted {
        return Ok(Err(distinct));
    }
    let buckets = spill.into_files()?;
    // The wanted-th first occurrence ends the graph; the stream resumes after it.
    let mut last = 0;
    for entry in Merged::new(buckets.iter().map(|(f, n)| (f, *n)).collect())?.take(wanted) {
        last = entry?.0 as usize;
    }
    let mut after = checkpoints.swap_remove(last / CHECKPOINT);
    drop(checkpoints);
    for _ in last / CHECKPOINT * CHECKPOINT..=last {
        after.next();
    }
    Ok(Ok((FirstDraws { buckets, wanted }, after)))
}

/// A pair's key, the same for both orders of its ends.
fn pair_key(u: u32, v: u32) -> u64 {
    (u.min(v) as u64) << 32 | u.max(v) as u64
}

/// A candidate's spilled key: its pair's key, with [`SWAPPED`] when drawn higher end first.
fn spilled_key(u: u32, v: u32) -> u64 {
    let key = pair_key(u, v);
    if u > v { key | SWAPPED } else { key }
}

/// The pair as drawn, from its spilled key.
fn pair_of(key: u64) -> (u32, u32) {
    let (low, high) = (((key & !SWAPPED) >> 32) as u32, key as u32);
    if key & SWAPPED != 0 {
        (high, low)
    } else {
        (low, high)
    }
}

/// Says what was being done when a temporary file failed.
fn reading(e: io::Error) -> io::Error {
    io::Error::new(
        e.kind(),
        format!("reading the drawn pairs back from a temporary file: {e}"),
    )
}

/// The spilled candidates, by bucket.
struct Spill {
    buckets: Vec<Bucket>,
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
        Ok(Spill { buckets })
    }

    fn push(&mut self, u: u32, v: u32, at: u64) -> io::Result<()> {
        let spilled = spilled_key(u, v);
        let n = self.buckets.len() as u64;
        let bucket = &mut self.buckets[(((mix64(spilled & !SWAPPED) >> 32) * n) >> 32) as usize];
        let mut entry = [0u8; ENTRY];
        entry[..8].copy_from_slice(&spilled.to_le_bytes());
        entry[8..].copy_from_slice(&at.to_le_bytes());
        bucket.file.write_all(&entry)?;
        bucket.entries += 1;
        Ok(())
    }

    /// Leaves only the first occurrences in the buckets, and counts them.
    fn keep_firsts(&mut self) -> io::Result<usize> {
        let mut table = Vec::new();
        let mut distinct = 0;
        for bucket in &mut self.buckets {
            distinct += bucket.keep_firsts(&mut table)?;
        }
        Ok(distinct)
    }

    /// The buckets' files, each read from its start, with their entries.
    fn into_files(self) -> io::Result<Vec<(File, usize)>> {
        self.buckets
            .into_iter()
            .map(|b| {
                let file = b
                    .file
                    .into_inner()
                    .map_err(io::IntoInnerError::into_error)?;
                Ok((file, b.entries))
            })
            .collect()
    }
}

impl Bucket {
    fn keep_firsts(&mut self, table: &mut Vec<u64>) -> io::Result<usize> {
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
            read.read_exact(&mut entry).map_err(reading)?;
            let key = u64::from_le_bytes(entry[..8].try_into().expect("8 bytes"));
            if insert(table, key & !SWAPPED) {
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

/// The entries of several buckets, each in stream order, merged by their place in the
/// stream: `(place, key)`.
struct Merged<R> {
    readers: Vec<(BufReader<R>, usize)>,
    /// The next entry of each bucket with entries left: `(place, key, bucket)`.
    heads: BinaryHeap<Reverse<(u64, u64, usize)>>,
}

impl<R: Read + Seek> Merged<R> {
    fn new(files: Vec<(R, usize)>) -> io::Result<Merged<R>> {
        let mut merged = Merged {
            readers: Vec::with_capacity(files.len()),
            heads: BinaryHeap::with_capacity(files.len()),
        };
        for (i, (mut file, entries)) in files.into_iter().enumerate() {
            file.seek(SeekFrom::Start(0)).map_err(reading)?;
            merged
                .readers
                .push((BufReader::with_capacity(1 << 14, file), entries));
            merged.advance(i)?;
        }
        Ok(merged)
    }

    /// Reads bucket `i`'s next entry into the heads, if it has one.
    fn advance(&mut self, i: usize) -> io::Result<()> {
        let (read, left) = &mut self.readers[i];
        if *left == 0 {
            return Ok(());
        }
        *left -= 1;
        let mut entry = [0u8; ENTRY];
        read.read_exact(&mut entry).map_err(reading)?;
        let key = u64::from_le_bytes(entry[..8].try_into().expect("8 bytes"));
        let at = u64::from_le_bytes(entry[8..].try_into().expect("8 bytes"));
        self.heads.push(Reverse((at, key, i)));
        Ok(())
    }
}

impl<R: Read + Seek> Iterator for Merged<R> {
    type Item = io::Result<(u64, u64)>;

    fn next(&mut self) -> Option<io::Result<(u64, u64)>> {
        let Reverse((at, key, i)) = self.heads.pop()?;
        Some(self.advance(i).map(|()| (at, key)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// The reference: a set of every pair seen, in memory. The relations, and how many
    /// candidates they took.
    fn in_memory(stream: &[(u32, u32)], wanted: usize) -> Result<(Vec<(u32, u32)>, usize), usize> {
        let mut seen = HashSet::new();
        let mut relations = Vec::new();
        let mut used = 0;
        for &(u, v) in stream {
            if seen.len() == wanted {
                break;
            }
            used += 1;
            if seen.insert(pair_key(u, v)) {
                relations.push((u, v));
            }
        }
        if seen.len() < wanted {
            return Err(seen.len());
        }
        Ok((relations, used))
    }

    fn check(stream: &[(u32, u32)], wanted: usize, bucket_pairs: usize) {
        let want = in_memory(stream, wanted);
        let got = first_draws(stream.iter().copied(), wanted, bucket_pairs).unwrap();
        match (want, got) {
            (Ok((relations, used)), Ok((firsts, after))) => {
                // The stream resumes just after the last relation's candidate.
                assert_eq!(after.collect::<Vec<_>>(), stream[used..]);
                let pairs: Vec<_> = firsts.pairs().unwrap().map(Result::unwrap).collect();
                assert_eq!(pairs, relations, "wanted {wanted}");
            }
            (Err(placed), Err(got)) => assert_eq!(got, placed),
            (want, got) => panic!(
                "wanted {wanted}: {:?} against {:?}",
                want.map(|w| w.1),
                got.map(|_| "found")
            ),
        }
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
                    check(&stream, wanted, bucket_pairs);
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
            check(&stream, wanted, 1 << 14);
        }
    }

    #[test]
    fn pairs_keep_the_order_they_were_drawn_in() {
        for (u, v) in [
            (0, 1),
            (1, 0),
            (7, 7),
            (u32::MAX >> 1, 3),
            (3, u32::MAX >> 1),
        ] {
            assert_eq!(pair_of(spilled_key(u, v)), (u, v));
        }
    }
}
