//! Weighted sampling of actors: the inverse of the cumulative weights, found by binary search,
//! with a guide table (C. Chen, K. Asau, "On generating random variates from an empirical
//! distribution", AIIE Transactions 6, 1974) that narrows the search to a few entries.
//!
//! The guide only shortens the search: an item is drawn exactly as a binary search over all
//! the cumulative weights draws it (`partition_point`), so graphs stay what they were. At a
//! million actors the whole search touched about twenty cache lines a draw, most of them
//! misses; now a draw reads two neighbouring guide slots and an entry or two, which carry the
//! item and its bloc.

use super::SplitMix64;
use crate::model::prefetch;

/// An item with its cumulative weight, and its bloc so that a draw needs no other lookup.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    cumulative: f64,
    pub(super) item: u32,
    pub(super) bloc: u32,
}

pub(super) struct Sampler {
    entries: Vec<Entry>,
    /// `guide[g]` is where the search for any `x` in the `g`th of `guide.len() - 1` equal
    /// slices of `[0, total)` starts; `guide[g + 1]` where it ends. Checked before use, so a
    /// slice's edge rounded the other way only costs a whole search.
    guide: Vec<u32>,
    /// Slices per unit of weight.
    scale: f64,
    total: f64,
}

impl Sampler {
    /// A sampler of `items` (non-empty) in proportion to `weights[item]`.
    pub(super) fn new(
        items: impl IntoIterator<Item = u32>,
        weights: &[f64],
        blocs: &[u32],
    ) -> Sampler {
        let mut acc = 0.0;
        let entries: Vec<Entry> = items
            .into_iter()
            .map(|i| {
                acc += weights[i as usize];
                Entry {
                    cumulative: acc,
                    item: i,
                    bloc: blocs[i as usize],
                }
            })
            .collect();
        let total = entries.last().expect("non-empty sampler").cumulative;
        let slices = entries.len();
        let scale = slices as f64 / total;
        let mut guide = Vec::with_capacity(slices + 1);
        let mut k = 0;
        for g in 0..slices {
            let edge = g as f64 / scale;
            while k < entries.len() && entries[k].cumulative <= edge {
                k += 1;
            }
            guide.push(k as u32);
        }
        guide.push(entries.len() as u32);
        Sampler {
            entries,
            guide,
            scale,
            total,
        }
    }

    pub(super) fn sample(&self, rng: &mut SplitMix64) -> Entry {
        let x = rng.next_f64() * self.total;
        let k = self.position(x);
        self.entries[k.min(self.entries.len() - 1)]
    }

    /// Brings into the cache the guide's slots a draw of the uniform `u` will read.
    pub(super) fn prefetch_guide(&self, u: f64) {
        prefetch(&self.guide[self.slot(u * self.total)]);
    }

    /// Brings into the cache the entry a draw of the uniform `u` most likely reads (reading
    /// the guide: call it after [`Self::prefetch_guide`] had time to fetch it).
    pub(super) fn prefetch_entry(&self, u: f64) {
        let lo = self.guide[self.slot(u * self.total)] as usize;
        prefetch(&self.entries[lo.min(self.entries.len() - 1)]);
    }

    /// The guide's slice of `x` in `[0, total]`.
    fn slot(&self, x: f64) -> usize {
        ((x * self.scale) as usize).min(self.guide.len() - 2)
    }

    /// The first `k` with `cumulative[k] > x`: `partition_point(|e| e.cumulative <= x)`.
    fn position(&self, x: f64) -> usize {
        let e = &self.entries;
        let g = self.slot(x);
        let (lo, hi) = (self.guide[g] as usize, self.guide[g + 1] as usize);
        // The answer lies in lo..=hi when nothing before lo exceeds x and hi's entry does.
        if (lo == 0 || e[lo - 1].cumulative <= x) && (hi == e.len() || e[hi].cumulative > x) {
            lo + e[lo..hi].partition_point(|v| v.cumulative <= x)
        } else {
            e.partition_point(|v| v.cumulative <= x)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guided_search_finds_what_a_whole_search_finds() {
        let mut rng = SplitMix64::new(3);
        for n in [1usize, 2, 3, 7, 100, 1000] {
            // Heavy tails, equal weights, zero weights and tiny ones side by side.
            let weights: Vec<f64> = (0..n)
                .map(|i| match i % 5 {
                    0 => ((i + 1) as f64).powf(-1.5),
                    1 => 1.0,
                    2 => 0.0,
                    3 => 1e-300,
                    _ => rng.next_f64() * 1e6,
                })
                .collect();
            if weights.iter().sum::<f64>() == 0.0 {
                continue;
            }
            let s = Sampler::new(0..n as u32, &weights, &vec![0; n]);
            let cumulative: Vec<f64> = s.entries.iter().map(|e| e.cumulative).collect();
            let mut xs: Vec<f64> = (0..20_000).map(|_| rng.next_f64() * s.total).collect();
            // Every cumulative weight itself, and its neighbours, are edges of the search.
            for &c in &cumulative {
                xs.extend(
                    [c, c.next_down(), c.next_up()]
                        .into_iter()
                        .filter(|&x| x <= s.total),
                );
            }
            for x in xs {
                assert_eq!(
                    s.position(x),
                    cumulative.partition_point(|&c| c <= x),
                    "n {n}, x {x}"
                );
            }
        }
    }
}
