//! Running sums that decide most of a propagation's candidates without reading their ties
//! again, and only those: every decision they make is the one the exact sums would make.
//!
//! The propagation ([`super::Net::propagate`]) decides a candidate on its two pulls, summed
//! in tie order over its ties to committed actors, and on the form its ties towards the side
//! it joins support ([`super::involvement::grade`]). Summing a candidate's ties again in
//! every round a neighbour commits reads every tie of the graph several times per run, at
//! some 25 thresholds. Instead, when an actor commits, each uncommitted actor tied to it
//! adds that tie's pull to a running sum by side and form (a [`Watch`] per tie, made from
//! the mirror of the committed actor's own tie, or listed under it with `--combine`). The
//! running sums hold the same terms as the exact ones in
//! another order (the order of commitment), each rounded to an `f32`, so they differ from
//! the exact sums by a bounded ratio ([`band`]); a comparison (with the threshold, between
//! the sides, between the forms) that holds beyond that ratio holds for the exact sums too.
//! A candidate whose every comparison is that clear is decided here ([`Running::decide`]);
//! any other is summed exactly, as before. The pulls a join prints are summed exactly
//! afterwards ([`super::Net::pulls`], in tie order as ever).
//!
//! **The bound.** Let `X` be the true sum of some of an actor's pulls (non-negative). A
//! floating-point sum in which each term goes through at most `h` additions is within
//! γₕ = h·u/(1 − h·u) of the sum of its terms' magnitudes, whatever the order and grouping
//! (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., 2002, §4.2; u is
//! 2⁻⁵³ for `f64`, 2⁻²⁴ for `f32`). The exact path adds at most `k` ties (the actor's tie
//! count) in `f64`, plus one addition (combat into arms and money): within γₖ₊₁(`f64`) of
//! `X`. The running sums round each pull to the nearest `f32` (at most 2⁻²⁴ of itself: pulls
//! are 0 or within [2⁻¹⁰⁰, 2⁶⁴], normal `f32`s, [`fits`]), add at most `k` of them in
//! `f32` (half the memory of `f64`, so more of the sums stay in cache), then at most four
//! in `f64` (the forms into a side, combat into arms and money): within
//! (1 ± 2⁻²⁴)(1 ± γₖ(`f32`))(1 ± γ₄(`f64`)) of `X`. With `h = k + 4` and h·2⁻²⁴ ≤ 0.01, a
//! running sum `x` and the exact one are within `x`·(1 ± β₀) of each other with
//! β₀ ≤ 1.1·(h + 2)·2⁻²⁴; [`band`] takes β = (h + 2)·2⁻²², over 3.6 β₀: the rest covers
//! the rounding of `x`·(1 ± β) itself.

use super::Side;
use super::involvement::Involvement;

/// A tie seen from the actor it points at (`u`): the actor holding it, whether it is
/// allied, the form it supports once `u` commits (fixed: only ties to the two seeds can
/// oblige combat, and a seed's side is known), and its pull rounded to the nearest `f32`.
/// 8 bytes, held per tie only where they are listed (with `--combine`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Watch {
    /// The holder's number << 3 | allied << 2 | the form's index.
    tag: u32,
    pull: f32,
}

impl Watch {
    pub(super) fn new(holder: usize, allied: bool, form: Involvement, pull: f64) -> Watch {
        let holder = u32::try_from(holder)
            .ok()
            .filter(|&h| h < 1 << 29)
            .expect("fewer than 2^29 actors");
        Watch {
            tag: holder << 3 | u32::from(allied) << 2 | form as u32,
            pull: pull as f32,
        }
    }

    /// The actor holding the tie.
    pub(super) fn holder(self) -> usize {
        (self.tag >> 3) as usize
    }

    /// The side the tie pulls its holder towards once the actor at the other end joined
    /// `joined` (as [`super::Net::counted`] decides it).
    fn towards(self, joined: Side) -> Side {
        Side::pulled_by(joined, self.tag >> 2 & 1 == 1)
    }

    fn form(self) -> usize {
        (self.tag & 3) as usize
    }
}

/// Whether a pull can be a running sum's term: 0, or a normal `f32` far from its limits
/// (negative pulls, from a negative [`super::CascadeOptions::incoming`], and any other
/// value leave every candidate to the exact sums).
pub(super) fn fits(pull: f64) -> bool {
    pull == 0.0 || (pull >= 2f64.powi(-100) && pull <= 2f64.powi(64))
}

/// The ratio β within which a running sum `x` and the exact one are of each other (see the
/// module's doc), for an actor with `ties` ties; `None` when too many for the bound (over
/// 167 000).
pub(super) fn band(ties: usize) -> Option<f64> {
    let h = ties
        .checked_add(4)
        .filter(|&h| h as f64 * 2f64.powi(-24) <= 0.01)? as f64;
    Some((h + 2.0) * 2f64.powi(-22))
}

/// What the running sums say of a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Decision {
    /// It does not join (neither pull reaches the threshold beyond doubt, or they are
    /// certainly equal).
    Stays,
    /// It joins this side in this form (before the actor's cap, which the caller applies).
    Joins(Side, Involvement),
    /// Too close to call: sum its ties exactly.
    Unsure,
}

/// Each actor's running pulls, by side and form (in [`Involvement`] order), from the actors
/// committed so far. 32 bytes an actor.
pub(super) struct Running(Vec<[[f32; 4]; 2]>);

impl Running {
    pub(super) fn new(n: usize) -> Running {
        Running(vec![[[0.0; 4]; 2]; n])
    }

    /// Zero sums for `n` actors, in the memory of an earlier run where it has room (a run
    /// at 1M relations fills 3.2 MB: new pages each time cost more than writing zeros).
    pub(super) fn reset(&mut self, n: usize) {
        self.0.clear();
        self.0.resize(n, [[0.0; 4]; 2]);
    }

    /// Adds the tie `w` once the actor it points at joined `joined`.
    pub(super) fn add(&mut self, w: Watch, joined: Side) {
        let side = w.towards(joined).index();
        self.0[w.holder()][side][w.form()] += w.pull;
    }

    /// Decides `v` (with `ties` ties) at `threshold` where its running sums leave no doubt,
    /// as the propagation's exact path would: the side with the larger pull if that pull
    /// reaches the threshold, in the form [`super::involvement::grade`] gives.
    pub(super) fn decide(&self, v: usize, ties: usize, threshold: f64) -> Decision {
        let Some(beta) = band(ties) else {
            return Decision::Unsure;
        };
        let (lo, hi) = (|x: f64| x * (1.0 - beta), |x: f64| x * (1.0 + beta));
        // Whether the exact x > the exact y, when certain.
        let gt = |x: f64, y: f64| {
            if lo(x) > hi(y) {
                Some(true)
            } else if hi(x) <= lo(y) {
                Some(false)
            } else {
                None
            }
        };
        let sums = self.0[v].map(|side| side.map(f64::from));
        let total = |s: &[f64; 4]| s[0] + s[1] + s[2] + s[3];
        let (a, t) = (total(&sums[0]), total(&sums[1]));
        if hi(a) < threshold && hi(t) < threshold {
            return Decision::Stays;
        }
        let (side, pull) = match (gt(a, t), gt(t, a)) {
            (Some(true), _) => (Side::Attacker, a),
            (_, Some(true)) => (Side::Target, t),
            (Some(false), Some(false)) => return Decision::Stays,
            _ => return Decision::Unsure,
        };
        if hi(pull) < threshold {
            return Decision::Stays;
        }
        if lo(pull) < threshold {
            return Decision::Unsure;
        }
        let by_form = &sums[side.index()];
        let form = (|| {
            // As `grade`: combat when the combat ties alone reach the threshold, else the
            // first of arms and money (with combat), sanctions and diplomatic support with
            // the largest pull.
            let combat = by_form[Involvement::Combat as usize];
            if lo(combat) >= threshold {
                return Some(Involvement::Combat);
            }
            if hi(combat) >= threshold {
                return None;
            }
            let arms = by_form[Involvement::ArmsAndMoney as usize] + combat;
            let sanctions = by_form[Involvement::Sanctions as usize];
            let diplomatic = by_form[Involvement::DiplomaticSupport as usize];
            Some(if gt(sanctions, arms)? {
                if gt(diplomatic, sanctions)? {
                    Involvement::DiplomaticSupport
                } else {
                    Involvement::Sanctions
                }
            } else if gt(diplomatic, arms)? {
                Involvement::DiplomaticSupport
            } else {
                Involvement::ArmsAndMoney
            })
        })();
        match form {
            Some(form) => Decision::Joins(side, form),
            None => Decision::Unsure,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Involvement::*;

    fn running(ties: &[(Side, Involvement, f64)]) -> Running {
        let mut r = Running::new(1);
        for &(side, form, pull) in ties {
            // An allied tie to an actor of `side` pulls towards `side`.
            r.add(Watch::new(0, true, form, pull), side);
        }
        r
    }

    #[test]
    fn clear_cases_are_decided_and_close_ones_left_to_the_exact_sums() {
        use Side::*;
        let r = running(&[(Target, ArmsAndMoney, 0.3), (Target, Sanctions, 0.4)]);
        assert_eq!(r.decide(0, 2, 0.5), Decision::Joins(Target, Sanctions));
        assert_eq!(r.decide(0, 2, 0.8), Decision::Stays);
        // 0.3 + 0.4 is 0.7 in tie order or not: too close to call at 0.7.
        assert_eq!(r.decide(0, 2, 0.7), Decision::Unsure);
        // Two equal forms: `grade` takes the more committing one, the sums must say so.
        let r = running(&[(Attacker, ArmsAndMoney, 0.3), (Attacker, Sanctions, 0.3)]);
        assert_eq!(r.decide(0, 2, 0.5), Decision::Unsure);
        // Pulled both ways alike: nobody can tell which is larger.
        let r = running(&[(Attacker, Combat, 0.6), (Target, Combat, 0.6)]);
        assert_eq!(r.decide(0, 2, 0.5), Decision::Unsure);
        // Combat ties alone reaching the threshold oblige combat; just under it, not.
        let r = running(&[(Target, Combat, 0.9), (Attacker, Sanctions, 0.1)]);
        assert_eq!(r.decide(0, 2, 0.5), Decision::Joins(Target, Combat));
        let r = running(&[(Target, Combat, 0.4), (Target, DiplomaticSupport, 0.3)]);
        assert_eq!(r.decide(0, 2, 0.5), Decision::Joins(Target, ArmsAndMoney));
        // Nothing committed nearby: stays.
        assert_eq!(running(&[]).decide(0, 0, 0.5), Decision::Stays);
    }

    #[test]
    fn a_hostile_tie_pulls_towards_the_side_its_other_end_fights() {
        let hostile = Watch::new(7, false, Sanctions, 0.25);
        assert_eq!(hostile.holder(), 7);
        assert_eq!(hostile.towards(Side::Attacker), Side::Target);
        assert_eq!(hostile.towards(Side::Target), Side::Attacker);
        let allied = Watch::new(7, true, DiplomaticSupport, 0.25);
        assert_eq!(allied.towards(Side::Target), Side::Target);
        assert_eq!(allied.form(), DiplomaticSupport as usize);
    }

    #[test]
    fn the_band_covers_the_rounding_and_the_terms_that_cannot_be_bounded_are_refused() {
        assert!(band(0).unwrap() > 2f64.powi(-20));
        assert!(band(1000).unwrap() < 3e-4);
        assert_eq!(band(200_000), None);
        assert_eq!(band(usize::MAX), None);
        assert!(fits(0.0) && fits(0.45) && fits(1.5));
        assert!(!fits(-0.25) && !fits(f64::NAN) && !fits(f64::INFINITY) && !fits(1e-200));
    }
}
