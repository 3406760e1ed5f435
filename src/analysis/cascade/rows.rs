//! [`Rows`]: lists by actor number laid end to end in one allocation, as the cascade's
//! propagation reads them (compressed sparse rows).

use crate::model::ScatteredWrites;

/// Lists by actor number laid end to end in one allocation (compressed rows): an actor's
/// ties are read in one stretch, and candidates taken in actor order walk forward through
/// them (the propagation reads every candidate's ties in every round, at some 25
/// thresholds: with a list per actor, each was a cache miss).
#[derive(Debug, Clone)]
pub(super) struct Rows<T> {
    starts: Vec<usize>,
    pub(super) items: Vec<T>,
}

impl<T: Clone> Rows<T> {
    /// `counts[r]` items in row `r`, taken from `items` (row, item) in row order within each
    /// row; `fill` holds the places until then.
    pub(super) fn build(
        counts: &[usize],
        fill: T,
        items: impl Iterator<Item = (usize, T)>,
    ) -> Rows<T> {
        let mut starts = Vec::with_capacity(counts.len() + 1);
        let mut total = 0;
        starts.push(0);
        for &c in counts {
            total += c;
            starts.push(total);
        }
        let mut next = starts[..counts.len()].to_vec();
        let mut all = vec![fill; total];
        let mut writes = ScatteredWrites::new(&mut all);
        for (row, item) in items {
            writes.write(next[row], item);
            next[row] += 1;
        }
        drop(writes);
        debug_assert!(next.iter().zip(&starts[1..]).all(|(n, s)| n == s));
        Rows { starts, items: all }
    }

    pub(super) fn row(&self, r: usize) -> &[T] {
        &self.items[self.starts[r]..self.starts[r + 1]]
    }

    /// Every row replaced by what `f` makes of it.
    pub(super) fn map_rows(&self, mut f: impl FnMut(&[T]) -> Vec<T>) -> Rows<T> {
        let mut starts = Vec::with_capacity(self.starts.len());
        let mut items = Vec::with_capacity(self.items.len());
        starts.push(0);
        for r in 0..self.starts.len() - 1 {
            items.extend(f(self.row(r)));
            starts.push(items.len());
        }
        Rows { starts, items }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_land_in_their_rows_in_the_order_given() {
        let items = [(2, 'a'), (0, 'b'), (2, 'c'), (0, 'd'), (3, 'e')];
        let rows = Rows::build(&[2, 0, 2, 1], ' ', items.into_iter());
        let row = |r: usize| rows.row(r).iter().collect::<String>();
        assert_eq!([row(0), row(1), row(2), row(3)], ["bd", "", "ac", "e"]);
        let kept = rows.map_rows(|r| r.iter().filter(|&&c| c != 'c').copied().collect());
        let row = |r: usize| kept.row(r).iter().collect::<String>();
        assert_eq!([row(0), row(1), row(2), row(3)], ["bd", "", "a", "e"]);
    }
}
