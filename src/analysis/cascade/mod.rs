//! Escalation cascade: if one actor attacks another, who joins which side, round by round,
//! and why.
//!
//! A deterministic **linear-threshold** model (Granovetter, "Threshold models of collective
//! behavior", *Am. J. Sociol.* 83(6), 1978; Kempe, Kleinberg & Tardos, "Maximizing the spread
//! of influence through a social network", KDD 2003) adapted to a signed graph and two sides:
//!
//! 1. The attacker starts the attacker's side, the target the target's side; every other
//!    actor is uncommitted.
//! 2. An uncommitted actor `v` feels a **pull** towards each side: the sum over its relations
//!    with committed actors `u` of `κ(kind) · |w| · d`. An allied relation (w > 0) pulls `v`
//!    towards `u`'s side, a hostile one (w < 0) towards the side `u` is fighting. `κ` is the
//!    kind's commitment strength ([`commitment`]: a defence commitment or an alliance binds,
//!    trade barely does, mediation not at all); `d` is 1 for a mutual relation and for one
//!    `v` directs at `u` (its own commitment), [`CascadeOptions::incoming`] for one `u`
//!    directs at `v`.
//! 3. Rounds are synchronous: in round k every uncommitted actor whose stronger pull reaches
//!    the threshold θ and exceeds the other pull joins that side, all at once, on the
//!    commitments made by the end of round k − 1. Committed actors never switch.
//! 4. It stops when a round adds nobody, or after [`CascadeOptions::max_rounds`].
//!
//! By default each relation pulls on its own, as each tie adds its weight in the linear
//! threshold model, and θ is set on such sums. With [`CascadeOptions::combine`] (`--combine`)
//! the relations between the same two actors are first netted by that rule
//! ([`crate::model::combine`]): it combines their signed pulls `±κ·|w|·d` into one pull of
//! the pair, which goes to one side. The pair's relations of that sign stay its reasons, each
//! with its share of the net pull, so the form of involvement is still read from the kinds
//! ([`involvement`]); those of the other sign were netted away. A pair of one relation pulls
//! `κ·|w|·d` either way.
//!
//! Each join is explained by the relation that pulled hardest ("defence commitment to
//! Azerbaijan, weight 0.95"). Relations not in force on the cascade's date (an `until` in the
//! past) are ignored: by default that date is the latest the graph names.
//!
//! Unlike Kempe et al.'s model, thresholds are fixed and equal (no random draws), so the
//! result is deterministic, and pulls are absolute, not shares of an actor's ties: an actor
//! with many ties is not harder to move. The limits of reading war from a graph of relations
//! are stated in `docs/analysis/cascade.md`.

pub mod involvement;
mod net;
mod rows;
mod running;
pub mod sweep;

use crate::model::{ActorGraph, ActorId, AsOf, Combine, Date, RelationKind};
pub use involvement::Involvement;
use rayon::prelude::*;
use rows::Rows;
use running::{Decision, Running, Watch};
use serde::Serialize;
pub use sweep::{Fragile, Outcome, Sweep, SweepPoint};

/// How much a relation of a kind obliges an actor to take the other actor's side (allied
/// kinds) or the opposite side (hostile kinds), in [0, 1].
pub fn commitment(kind: RelationKind) -> f64 {
    use RelationKind::*;
    match kind {
        DefenceCommitment | ArmedConflict => 1.0,
        Alliance | Membership => 0.9,
        Hostility => 0.8,
        MilitaryCooperation => 0.7,
        ArmsSupply | Kinship => 0.6,
        Partnership | IntelligenceSharing | Dependence | CovertAction | TerritorialDispute => 0.5,
        DiplomaticSupport | Rivalry => 0.4,
        Energy | Sanctions | InformationWarfare => 0.3,
        Trade | Investment | DiplomaticProtest => 0.2,
        // Measured from news events: how much they bind is unknown, like an unnamed tie.
        Other | Interaction => 0.1,
        // A mediator's ties keep it between the sides.
        Mediation => 0.0,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CascadeOptions {
    /// θ: the pull an actor needs to join a side.
    pub threshold: f64,
    pub max_rounds: usize,
    /// The weight `d` of a relation directed *at* the actor (an arms supply it receives, a
    /// covert action against it), against 1 for its own commitments.
    pub incoming: f64,
    /// Which relations count by their dates (default: those in force on the latest date the
    /// graph names, as in every analysis).
    pub as_of: AsOf,
    /// An outcome is fragile when it changes with the threshold moved by at most this much
    /// (see [`sweep`]); 0: not checked.
    pub fragile_within: f64,
    /// Net each pair's relations by this rule before they pull (see the module's doc);
    /// `None`: each relation pulls on its own.
    pub combine: Option<Combine>,
}

impl Default for CascadeOptions {
    fn default() -> Self {
        CascadeOptions {
            threshold: 0.5,
            max_rounds: 10,
            incoming: 0.5,
            as_of: AsOf::Latest,
            fragile_within: 0.05,
            combine: None,
        }
    }
}

/// A side of the conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    Attacker,
    Target,
}

impl Side {
    pub fn other(self) -> Side {
        match self {
            Side::Attacker => Side::Target,
            Side::Target => Side::Attacker,
        }
    }

    fn index(self) -> usize {
        match self {
            Side::Attacker => 0,
            Side::Target => 1,
        }
    }

    /// The side a tie pulls its holder towards once the actor at its other end joined
    /// `joined`: that side for an ally, the other for an enemy.
    fn pulled_by(joined: Side, allied: bool) -> Side {
        if allied { joined } else { joined.other() }
    }
}

/// One relation's share of a pull. Serialized with its [`Reason::text`] as a last field,
/// `text`, written out when it is serialized rather than held: a large cascade's joins
/// hold hundreds of thousands of reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    /// The committed actor at the other end.
    pub with: ActorId,
    pub with_name: String,
    pub kind: RelationKind,
    pub weight: f64,
    /// `to` (the actor's own directed relation), `from` (directed at it) or `with` (mutual).
    pub direction: &'static str,
    /// κ · |w| · d.
    pub pull: f64,
}

impl Reason {
    /// In words: "defence commitment to Azerbaijan, weight 0.95".
    pub fn text(&self) -> String {
        format!(
            "{} {} {}, weight {}",
            words(self.kind),
            preposition(self.direction, self.kind, self.weight),
            self.with_name,
            crate::numfmt::num(self.weight, 3)
        )
    }
}

impl Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut r = s.serialize_struct("Reason", 7)?;
        r.serialize_field("with", &self.with)?;
        r.serialize_field("with_name", &self.with_name)?;
        r.serialize_field("kind", self.kind.kebab_name())?;
        r.serialize_field("weight", &self.weight)?;
        r.serialize_field("direction", self.direction)?;
        r.serialize_field("pull", &self.pull)?;
        r.serialize_field("text", &self.text())?;
        r.end()
    }
}

/// An actor joining a side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Join {
    pub actor: ActorId,
    pub name: String,
    pub side: Side,
    /// How it takes part, from the kinds of the ties that pull it (see [`involvement`]).
    pub involvement: Involvement,
    /// Its pull towards the side it joins, and towards the other.
    pub pull: f64,
    pub against: f64,
    /// The relations behind the pull towards the side it joins, strongest first.
    pub reasons: Vec<Reason>,
    /// Set when the threshold moved by at most `fragile_within` changes the outcome.
    pub fragile: Option<Fragile>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Round {
    pub round: usize,
    pub joins: Vec<Join>,
}

/// An actor left uncommitted, with what pulls it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Uncommitted {
    pub actor: ActorId,
    pub name: String,
    pub pull_attacker: f64,
    pub pull_target: f64,
    /// Both pulls reach the threshold and are equal: it cannot choose.
    pub torn: bool,
    /// The strongest relation pulling it either way, if any.
    pub strongest: Option<Reason>,
    /// Set when the threshold moved by at most `fragile_within` makes it join.
    pub fragile: Option<Fragile>,
}

/// Why the cascade stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stop {
    /// A round added nobody.
    Settled,
    /// `max_rounds` rounds were run and the last still added actors.
    MaxRounds,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CascadeResult {
    pub attacker: ActorId,
    pub attacker_name: String,
    pub target: ActorId,
    pub target_name: String,
    pub threshold: f64,
    pub max_rounds: usize,
    pub incoming: f64,
    /// The rule that netted each pair's pulls; `null`: each relation pulled on its own.
    #[serde(serialize_with = "rule_name")]
    pub combine: Option<Combine>,
    /// The date relations were taken in force on.
    pub as_of: Option<Date>,
    pub rounds: Vec<Round>,
    /// Each side, the seed first, then in order of joining.
    pub attacker_side: Vec<ActorId>,
    pub target_side: Vec<ActorId>,
    /// The actors that joined neither side, most pulled first.
    pub uncommitted: Vec<Uncommitted>,
    pub stop: Stop,
    /// The sides over thresholds from 0.1 to 1.5, and how many outcomes are fragile.
    pub sweep: Sweep,
}

/// A rule by its command-line name (`noisy-or`), or `null`.
fn rule_name<S: serde::Serializer>(rule: &Option<Combine>, s: S) -> Result<S::Ok, S::Error> {
    match rule {
        Some(r) => s.serialize_str(r.kebab_name()),
        None => s.serialize_none(),
    }
}

/// Why a cascade cannot be run.
#[derive(Debug, Clone, PartialEq)]
pub enum CascadeError {
    UnknownActor(ActorId),
    SameActor(ActorId),
    BadThreshold(f64),
}

impl std::fmt::Display for CascadeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CascadeError::UnknownActor(a) => write!(f, "no actor `{a}` in the graph"),
            CascadeError::SameActor(a) => write!(f, "`{a}` cannot attack itself"),
            CascadeError::BadThreshold(t) => {
                write!(f, "the threshold must be a positive number, not {t}")
            }
        }
    }
}

impl std::error::Error for CascadeError {}

/// One directed view of a relation from an actor: who is at the other end and how much it
/// pulls, towards that actor's side (allied) or against it (hostile).
/// 24 bytes: two are held per relation.
#[derive(Debug, Clone)]
struct Tie {
    pull: f64,
    weight: f64,
    other: u32,
    kind: RelationKind,
    direction: Direction,
}

/// How much a relation pulls the actor holding it as `direction`: its commitment × |weight|,
/// times `incoming` for a directed relation the actor receives (`--incoming`).
fn pull(kind: RelationKind, weight: f64, direction: Direction, incoming: f64) -> f64 {
    let base = commitment(kind) * weight.abs();
    match direction {
        Direction::From => base * incoming,
        Direction::To | Direction::With => base,
    }
}

/// Which way a relation runs, seen from the actor holding the tie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// The actor's own directed relation.
    To,
    /// A directed relation at the actor.
    From,
    /// A mutual relation.
    With,
}

impl Direction {
    /// As [`Reason::direction`] writes it.
    fn word(self) -> &'static str {
        match self {
            Direction::To => "to",
            Direction::From => "from",
            Direction::With => "with",
        }
    }
}

/// "membership of Russia", "dependence on Russia", "covert action against Azerbaijan",
/// "arms supply from Israel", "alliance with Turkey".
/// `direction` as [`Reason::direction`] words it.
fn preposition(direction: &'static str, kind: RelationKind, weight: f64) -> &'static str {
    match (direction, kind) {
        ("to", RelationKind::Membership) => "of",
        ("to", RelationKind::Dependence) => "on",
        ("to", _) if weight < 0.0 => "against",
        (d, _) => d,
    }
}

fn words(kind: RelationKind) -> String {
    kind.kebab_name().replace('-', " ")
}

/// Whether `tie` binds the actor holding it to fight on `joined`'s side (see
/// [`involvement`]), the war being `attacker`'s on `target`.
fn covers(tie: &Tie, joined: Side, attacker: usize, target: usize) -> bool {
    match tie.kind {
        RelationKind::Alliance | RelationKind::DefenceCommitment => {
            joined == Side::Target && tie.other as usize == target
        }
        RelationKind::Membership => {
            let other = tie.other as usize;
            tie.direction != Direction::From && (other == target || other == attacker)
        }
        _ => false,
    }
}

/// The graph as the cascade reads it: actors by number, and each actor's ties.
struct Net<'g> {
    ids: Vec<&'g ActorId>,
    names: Vec<&'g str>,
    caps: Vec<Involvement>,
    /// Each actor's ties, in relation order.
    ties: Rows<Tie>,
    /// The ties to `u` (row `u`), by the actors holding them, whose pulls change when `u`
    /// commits. `None` without `--combine`: then each relation gives one tie to each of its
    /// ends, so the ties to `u` are the mirrors of `u`'s own ([`Net::mirror`]), and are
    /// read from its row.
    watchers: Option<Rows<Watch>>,
    /// [`CascadeOptions::incoming`], for the mirrors.
    incoming: f64,
    /// Whether every tie's pull can go into the running sums ([`running::fits`]).
    runs: bool,
    /// The running sums of finished runs, for the next ones (runs go side by side).
    spare: std::sync::Mutex<Vec<Running>>,
    attacker: usize,
    target: usize,
}

/// An actor joining in a run: who, which side, its form.
type Joined = (usize, Side, Involvement);

/// When and on which side each actor joined: `round << 1 | side` (the two seeds in round
/// 0), [`Joins::NOT`] for an actor that has not. One word per actor, so that summing an
/// actor's pulls reads one place per tie (the propagation's inner loop, run for every
/// candidate in every round at some 25 thresholds).
#[derive(Debug, Clone)]
struct Joins(Vec<u32>);

impl Joins {
    const NOT: u32 = u32::MAX;

    fn new(n: usize) -> Joins {
        Joins(vec![Joins::NOT; n])
    }

    fn join(&mut self, v: usize, side: Side, round: usize) {
        let round = u32::try_from(round).expect("fewer rounds than actors");
        self.0[v] = round << 1 | side.index() as u32;
    }

    fn side(&self, v: usize) -> Option<Side> {
        match self.0[v] {
            Joins::NOT => None,
            key if key & 1 == 0 => Some(Side::Attacker),
            _ => Some(Side::Target),
        }
    }

    /// Each actor's side, in actor order.
    fn sides(&self) -> impl Iterator<Item = Option<Side>> + '_ {
        (0..self.0.len()).map(|v| self.side(v))
    }

    /// The keys below this are the actors committed by the end of round `before` (every
    /// committed actor when `before` is `usize::MAX`).
    fn before(before: usize) -> u32 {
        u32::try_from(before)
            .ok()
            .and_then(|b| b.checked_mul(2))
            .unwrap_or(Joins::NOT)
    }
}

/// One run of the propagation at one threshold.
struct Run {
    /// The side of each actor and the round it joined in.
    joins: Joins,
    /// Per round, the actors that joined, with their form.
    rounds: Vec<Vec<Joined>>,
    stop: Stop,
    /// How many candidates were summed exactly (the tests check the running sums spare most).
    #[cfg(test)]
    summed: usize,
}

impl Net<'_> {
    /// The tie `m` of `u` seen from its other end (without `--combine`, where each relation
    /// gives one tie to each end): the same relation, its direction turned, its pull as
    /// the net's construction computes it for that end.
    fn mirror(&self, u: usize, m: &Tie) -> Tie {
        let direction = match m.direction {
            Direction::With => Direction::With,
            Direction::To => Direction::From,
            Direction::From => Direction::To,
        };
        Tie {
            pull: pull(m.kind, m.weight, direction, self.incoming),
            weight: m.weight,
            other: u as u32,
            kind: m.kind,
            direction,
        }
    }

    /// The tie of `v` to `tie.other` as the running sums read it when that actor commits:
    /// its form is fixed then, as that actor's side is known where it matters (only a tie
    /// to a seed can oblige combat).
    fn watch(&self, v: usize, tie: &Tie) -> Watch {
        let u = tie.other as usize;
        let joined = if u == self.target {
            Side::Target
        } else {
            Side::Attacker
        };
        let allied = tie.weight > 0.0;
        let towards = Side::pulled_by(joined, allied);
        let covered = covers(tie, towards, self.attacker, self.target);
        let form = involvement::tie_form(tie.kind, tie.weight, covered);
        Watch::new(v, allied, form, tie.pull)
    }

    /// Pulls of `v` towards each side from the actors committed by the end of round
    /// `before` (all committed actors when `usize::MAX`), with the ties behind them.
    fn pulls(&self, joins: &Joins, before: usize, v: usize) -> ([f64; 2], [Vec<&Tie>; 2]) {
        let why = [Side::Attacker, Side::Target].map(|side| {
            let mut why = Vec::new();
            self.why(joins, before, v, side, &mut why);
            why
        });
        (self.sums(joins, before, v), why)
    }

    /// The ties behind `v`'s pull towards `side` (of [`Net::pulls`]) into `why`, strongest
    /// first.
    fn why<'a>(
        &'a self,
        joins: &Joins,
        before: usize,
        v: usize,
        side: Side,
        why: &mut Vec<&'a Tie>,
    ) {
        why.clear();
        why.extend(
            self.counted(joins, before, v)
                .filter(|&(towards, _)| towards == side)
                .map(|(_, tie)| tie),
        );
        why.sort_by(|x, y| y.pull.total_cmp(&x.pull).then(x.other.cmp(&y.other)));
    }

    /// The pulls of [`Net::pulls`] alone, summed in tie order, without gathering the ties
    /// behind them.
    fn sums(&self, joins: &Joins, before: usize, v: usize) -> [f64; 2] {
        let mut p = [0.0f64; 2];
        for (towards, tie) in self.counted(joins, before, v) {
            p[towards.index()] += tie.pull;
        }
        p
    }

    /// The ties of `v` to actors committed by the end of round `before`, in tie order, each
    /// with the side it pulls `v` towards (an ally's, or against an enemy's).
    fn counted<'a, 'j>(
        &'a self,
        joins: &'j Joins,
        before: usize,
        v: usize,
    ) -> impl Iterator<Item = (Side, &'a Tie)> + use<'a, 'j> {
        let below = Joins::before(before);
        self.ties.row(v).iter().filter_map(move |tie| {
            let key = joins.0[tie.other as usize];
            if key >= below {
                return None;
            }
            let joined = if key & 1 == 0 {
                Side::Attacker
            } else {
                Side::Target
            };
            Some((Side::pulled_by(joined, tie.weight > 0.0), tie))
        })
    }

    /// The form in which `v` joins `joined`, pulled by `why`.
    fn form(&self, v: usize, joined: Side, why: &[&Tie], threshold: f64) -> Involvement {
        involvement::grade(
            why.iter().map(|t| {
                (
                    involvement::tie_form(
                        t.kind,
                        t.weight,
                        covers(t, joined, self.attacker, self.target),
                    ),
                    t.pull,
                )
            }),
            threshold,
            self.caps[v],
        )
    }

    /// Rounds are synchronous: each decides on the commitments made before it.
    fn propagate(&self, threshold: f64, max_rounds: usize) -> Run {
        self.propagate_with(threshold, max_rounds, true)
    }

    /// [`Net::propagate`], deciding the candidates its running sums can decide
    /// ([`running`]) when `run` (always, but in the tests that compare it with the exact
    /// sums alone).
    fn propagate_with(&self, threshold: f64, max_rounds: usize, run: bool) -> Run {
        let n = self.ids.len();
        let run = run && self.runs;
        let spare = || self.spare.lock().expect("no run panicked");
        let mut running = spare().pop().unwrap_or_else(|| Running::new(0));
        running.reset(if run { n } else { 0 });
        let mut state = Joins::new(n);
        state.join(self.attacker, Side::Attacker, 0);
        state.join(self.target, Side::Target, 0);
        let mut rounds = Vec::new();
        let mut stop = Stop::Settled;
        // Only an actor watching one that committed in the round before can feel new pulls:
        // every other uncommitted actor's pulls are those that did not move it then. The
        // candidates are taken in actor order, as a pass over every actor would take them.
        let mut candidates: Vec<u32> = Vec::new();
        let mut marked = vec![false; n];
        let mut committed = vec![self.attacker, self.target];
        let mut why = Vec::new();
        #[cfg(test)]
        let mut summed = 0;
        for r in 1..=max_rounds {
            candidates.clear();
            for &u in &committed {
                let joined = state.side(u).expect("a committed actor");
                let (ties, listed) = (self.ties.row(u), self.watchers.as_ref().map(|w| w.row(u)));
                for i in 0..listed.map_or(ties.len(), <[Watch]>::len) {
                    let v = match listed {
                        Some(listed) => listed[i].holder(),
                        None => ties[i].other as usize,
                    };
                    if state.0[v] != Joins::NOT {
                        continue;
                    }
                    if run {
                        let w = match listed {
                            Some(listed) => listed[i],
                            None => self.watch(v, &self.mirror(u, &ties[i])),
                        };
                        running.add(w, joined);
                    }
                    if !marked[v] {
                        marked[v] = true;
                        candidates.push(v as u32);
                    }
                }
            }
            candidates.sort_unstable();
            let mut joins = Vec::new();
            for &v in &candidates {
                let v = v as usize;
                marked[v] = false;
                if run {
                    match running.decide(v, self.ties.row(v).len(), threshold) {
                        Decision::Stays => continue,
                        Decision::Joins(side, form) => {
                            joins.push((v, side, form.max(self.caps[v])));
                            continue;
                        }
                        Decision::Unsure => {}
                    }
                }
                #[cfg(test)]
                {
                    summed += 1;
                }
                let p = self.sums(&state, r, v);
                let choice = if p[0] > p[1] {
                    Side::Attacker
                } else if p[1] > p[0] {
                    Side::Target
                } else {
                    continue;
                };
                if p[choice.index()] < threshold {
                    continue;
                }
                self.why(&state, r, v, choice, &mut why);
                let form = self.form(v, choice, &why, threshold);
                joins.push((v, choice, form));
            }
            if joins.is_empty() {
                break;
            }
            committed.clear();
            committed.extend(joins.iter().map(|j| j.0));
            for &(v, s, _) in &joins {
                state.join(v, s, r);
            }
            rounds.push(joins);
            if r == max_rounds {
                stop = Stop::MaxRounds;
            }
        }
        spare().push(running);
        Run {
            joins: state,
            rounds,
            stop,
            #[cfg(test)]
            summed,
        }
    }
}

/// Runs the cascade of `attacker` attacking `target` on `g`.
pub fn cascade(
    g: &ActorGraph,
    attacker: &ActorId,
    target: &ActorId,
    opts: &CascadeOptions,
) -> Result<CascadeResult, CascadeError> {
    if !(opts.threshold.is_finite() && opts.threshold > 0.0) {
        return Err(CascadeError::BadThreshold(opts.threshold));
    }
    let (net, as_of) = net::net(g, attacker, target, opts)?;
    let (a, t) = (net.attacker, net.target);
    let (ids, names) = (&net.ids, &net.names);
    let reason = |tie: &Tie| {
        let other = tie.other as usize;
        Reason {
            with: ids[other].clone(),
            with_name: names[other].to_string(),
            kind: tie.kind,
            weight: tie.weight,
            direction: tie.direction.word(),
            pull: tie.pull,
        }
    };

    let run = net.propagate(opts.threshold, opts.max_rounds);
    let sweep = sweep::sweep(&net, &run, opts);
    // The runs are made: their sums' memory goes before the result is built.
    net.spare.lock().expect("no run panicked").clear();
    let mut members = [vec![attacker.clone()], vec![target.clone()]];
    for &(v, side, _) in run.rounds.iter().flatten() {
        members[side.index()].push(ids[v].clone());
    }
    // Each join written out on its own (its reasons read the net): side by side, in order.
    let rounds: Vec<Round> = run
        .rounds
        .iter()
        .enumerate()
        .map(|(i, joins)| Round {
            round: i + 1,
            joins: joins
                .par_iter()
                .map(|&(v, side, form)| {
                    // The pulls of the round it joined in, summed in tie order as the
                    // propagation sums them.
                    let (p, why) = net.pulls(&run.joins, i + 1, v);
                    Join {
                        actor: ids[v].clone(),
                        name: names[v].to_string(),
                        side,
                        involvement: form,
                        pull: p[side.index()],
                        against: p[side.other().index()],
                        reasons: why[side.index()].iter().map(|x| reason(x)).collect(),
                        fragile: sweep.fragile_at(v),
                    }
                })
                .collect(),
        })
        .collect();

    let mut uncommitted: Vec<Uncommitted> = (0..ids.len())
        .filter(|&v| run.joins.side(v).is_none())
        .map(|v| {
            let (p, why) = net.pulls(&run.joins, usize::MAX, v);
            let strongest = why
                .iter()
                .flatten()
                .max_by(|x, y| x.pull.total_cmp(&y.pull).then(y.other.cmp(&x.other)))
                .map(|x| reason(x));
            Uncommitted {
                actor: ids[v].clone(),
                name: names[v].to_string(),
                pull_attacker: p[0],
                pull_target: p[1],
                torn: p[0] == p[1] && p[0] >= opts.threshold,
                strongest,
                fragile: sweep.fragile_at(v),
            }
        })
        .collect();
    uncommitted.sort_by(|x, y| {
        let m = |u: &Uncommitted| u.pull_attacker.max(u.pull_target);
        m(y).total_cmp(&m(x)).then_with(|| x.actor.cmp(&y.actor))
    });
    let [attacker_side, target_side] = members;
    Ok(CascadeResult {
        attacker: attacker.clone(),
        attacker_name: names[a].to_string(),
        target: target.clone(),
        target_name: names[t].to_string(),
        threshold: opts.threshold,
        max_rounds: opts.max_rounds,
        incoming: opts.incoming,
        combine: opts.combine,
        as_of,
        rounds,
        attacker_side,
        target_side,
        uncommitted,
        stop: run.stop,
        sweep: sweep.result,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorKind, Relation};

    fn graph(rels: &[(&str, &str, RelationKind, f64, bool)]) -> ActorGraph {
        let mut g = ActorGraph::new("t");
        for (a, b, ..) in rels {
            for id in [a, b] {
                if !g.contains(&ActorId::new(*id)) {
                    g.add_actor(Actor::new(*id, format!("{id} name"), ActorKind::State))
                        .unwrap();
                }
            }
        }
        for &(a, b, k, w, directed) in rels {
            let mut r = Relation::new(a, b, k, w);
            r.directed = directed;
            g.add_relation(r).unwrap();
        }
        g
    }

    #[test]
    fn allies_join_their_ally_and_enemies_of_the_attacker_join_the_target() {
        use RelationKind::*;
        let g = graph(&[
            ("R", "A", Hostility, -0.7, false),
            ("T", "A", DefenceCommitment, 0.9, true),
            ("N", "T", Alliance, 0.8, false),
            ("N", "R", Hostility, -0.4, false),
            ("I", "R", Partnership, 0.6, false),
            ("C", "I", Trade, 0.5, false),
            ("M", "A", Mediation, 0.9, false),
        ]);
        let r = cascade(&g, &"R".into(), &"A".into(), &CascadeOptions::default()).unwrap();
        let round = |k: usize| -> Vec<(&str, Side)> {
            r.rounds[k]
                .joins
                .iter()
                .map(|j| (j.actor.as_str(), j.side))
                .collect()
        };
        // T: defence commitment 1.0 × 0.9; N: hostility to R, 0.8 × 0.4 = 0.32 < 0.5 alone;
        // I: partnership 0.5 × 0.6 = 0.3 < 0.5.
        assert_eq!(round(0), [("T", Side::Target)]);
        // Then N: alliance with T (0.9 × 0.8) + 0.32.
        assert_eq!(round(1), [("N", Side::Target)]);
        assert_eq!(r.rounds.len(), 2);
        assert_eq!(r.stop, Stop::Settled);
        let t = &r.rounds[0].joins[0];
        assert_eq!(
            t.reasons[0].text(),
            "defence commitment to A name, weight 0.9"
        );
        assert!((t.pull - 0.9).abs() < 1e-12);
        let n = &r.rounds[1].joins[0];
        assert!((n.pull - (0.72 + 0.32)).abs() < 1e-12);
        // The mediator and the trade partner stay out; I is pulled to the attacker (0.3).
        let unc: Vec<&str> = r.uncommitted.iter().map(|u| u.actor.as_str()).collect();
        assert_eq!(unc, ["I", "C", "M"]);
        assert!((r.uncommitted[0].pull_attacker - 0.3).abs() < 1e-12);
        assert_eq!(r.target_side, [ActorId::new("A"), "T".into(), "N".into()]);
    }

    #[test]
    fn a_lower_threshold_spreads_further_and_rounds_are_synchronous() {
        use RelationKind::*;
        let g = graph(&[
            ("R", "A", Hostility, -0.7, false),
            ("I", "R", Partnership, 0.6, false),
            ("C", "I", Partnership, 0.6, false),
            ("C", "A", Partnership, 0.6, false),
        ]);
        let opts = CascadeOptions {
            threshold: 0.3,
            ..CascadeOptions::default()
        };
        let r = cascade(&g, &"R".into(), &"A".into(), &opts).unwrap();
        // Round 1: I (0.3 to R) and C (0.3 to A) both join, decided on the seeds only.
        let first: Vec<(&str, Side)> = r.rounds[0]
            .joins
            .iter()
            .map(|j| (j.actor.as_str(), j.side))
            .collect();
        assert_eq!(first, [("I", Side::Attacker), ("C", Side::Target)]);
    }

    #[test]
    fn incoming_ties_count_less_ended_ties_not_at_all_and_ties_tear() {
        use RelationKind::*;
        let mut g = graph(&[
            ("R", "A", Hostility, -0.7, false),
            ("S", "A", ArmsSupply, 0.9, true),
            ("A", "B", ArmsSupply, 0.9, true),
            ("X", "A", Alliance, 0.6, false),
            ("X", "R", Alliance, 0.6, false),
            ("O", "A", ArmedConflict, -0.9, false),
        ]);
        let e = g
            .relation_entries()
            .find(|(_, r)| r.kind == ArmedConflict)
            .unwrap()
            .0;
        g.relation_mut(e).unwrap().until = Some("2020".parse().unwrap());
        g.add_event(crate::model::Event {
            date: "2025-06".parse().unwrap(),
            actors: vec!["R".into()],
            from: None,
            to: None,
            kind: "k".into(),
            score: -1.0,
            confidence: Default::default(),
            summary: "s".into(),
            sources: Vec::new(),
        });
        let r = cascade(&g, &"R".into(), &"A".into(), &CascadeOptions::default()).unwrap();
        let joined: Vec<&str> = r.rounds[0].joins.iter().map(|j| j.actor.as_str()).collect();
        // S supplies A (its own commitment: 0.6 × 0.9 = 0.54); B only receives from A
        // (0.54 × 0.5 = 0.27); O's war with A ended in 2020.
        assert_eq!(joined, ["S"]);
        assert_eq!(r.as_of, Some("2025-06".parse().unwrap()));
        let x = r
            .uncommitted
            .iter()
            .find(|u| u.actor.as_str() == "X")
            .unwrap();
        assert!(x.torn);
        assert!(
            r.uncommitted
                .iter()
                .any(|u| u.actor.as_str() == "O" && u.strongest.is_none())
        );
        assert_eq!(
            r.rounds[0].joins[0].reasons[0].text(),
            "arms supply to A name, weight 0.9"
        );
    }

    #[test]
    fn each_pairs_pulls_are_netted_by_the_rule_asked_for() {
        use RelationKind::*;
        // S is tied to the target A by an alliance (0.9 × 0.8 = 0.72), trade (0.2 × 0.5 =
        // 0.1) and a rivalry (0.4 × −0.25 = −0.1).
        let g = graph(&[
            ("R", "A", Hostility, -0.7, false),
            ("S", "A", Alliance, 0.8, false),
            ("S", "A", Trade, 0.5, false),
            ("S", "A", Rivalry, -0.25, false),
        ]);
        let run = |rule: Option<Combine>| {
            let opts = CascadeOptions {
                combine: rule,
                ..CascadeOptions::default()
            };
            cascade(&g, &"R".into(), &"A".into(), &opts).unwrap()
        };
        let pull = |rule: Option<Combine>| {
            let r = run(rule);
            let j = r.rounds[0].joins[0].clone();
            assert_eq!((j.actor.as_str(), j.side), ("S", Side::Target));
            assert_eq!(r.combine, rule);
            j
        };
        // Each relation on its own (the default): 0.72 + 0.1 to A's side, 0.1 against.
        let j = pull(None);
        assert!((j.pull - 0.82).abs() < 1e-9 && (j.against - 0.1).abs() < 1e-9);
        assert_eq!(j.reasons.len(), 2);
        // Noisy-or: 1 − 0.28 · 0.9 − 0.1 = 0.648, shared by the two allied relations in
        // proportion to their pulls; the rivalry is netted away.
        let j = pull(Some(Combine::NoisyOr));
        assert!((j.pull - 0.648).abs() < 1e-9, "{}", j.pull);
        assert_eq!(j.against, 0.0);
        let kinds: Vec<RelationKind> = j.reasons.iter().map(|r| r.kind).collect();
        assert_eq!(kinds, [Alliance, Trade]);
        let shares: f64 = j.reasons.iter().map(|r| r.pull).sum();
        assert!((shares - j.pull).abs() < 1e-12);
        assert!((j.reasons[0].pull / j.reasons[1].pull - 7.2).abs() < 1e-9);
        // The form is still read from the kinds: an alliance with the target obliges combat.
        assert_eq!(j.involvement, Involvement::Combat);
        for (rule, want) in [(Combine::Sum, 0.72), (Combine::Strongest, 0.72)] {
            let j = pull(Some(rule));
            assert!((j.pull - want).abs() < 1e-9, "{rule}: {}", j.pull);
        }
        // The mean, 0.24, is below the threshold: S stays out.
        let r = run(Some(Combine::Mean));
        assert!(r.rounds.is_empty());
        assert!((r.uncommitted[0].pull_target - 0.24).abs() < 1e-9);
    }

    /// A graph of `n` actors of mixed kinds (so of mixed caps) and `rels` relations
    /// `(from, to, kind, weight, directed)`, duplicates and self-ties skipped.
    fn mixed(n: usize, rels: &[(usize, usize, RelationKind, f64, bool)]) -> ActorGraph {
        let mut g = ActorGraph::new("t");
        let kinds = [
            ActorKind::State,
            ActorKind::Company,
            ActorKind::Media,
            ActorKind::Organisation,
        ];
        for i in 0..n {
            let id = format!("A{i}");
            g.add_actor(Actor::new(id.as_str(), id.as_str(), kinds[i % 4]))
                .unwrap();
        }
        for &(a, b, kind, w, directed) in rels {
            let mut r = Relation::new(format!("A{a}").as_str(), format!("A{b}").as_str(), kind, w);
            r.directed = directed;
            let _ = g.add_relation(r);
        }
        g
    }

    /// Runs with and without the running sums are the same run: every join, round, side and
    /// form, and the stop. Returns how many candidates each summed exactly.
    fn same_runs(g: &ActorGraph, opts: &CascadeOptions) -> Result<(usize, usize), String> {
        let (net, _) = net::net(g, &"A0".into(), &"A1".into(), opts).map_err(|e| e.to_string())?;
        if !net.runs && opts.incoming >= 0.0 && opts.combine.is_none() {
            return Err("the running sums were not used".into());
        }
        let exact = net.propagate_with(opts.threshold, opts.max_rounds, false);
        let running = net.propagate_with(opts.threshold, opts.max_rounds, true);
        if exact.joins.0 != running.joins.0
            || exact.rounds != running.rounds
            || exact.stop != running.stop
        {
            let round = (exact.rounds.iter().zip(&running.rounds))
                .position(|(e, r)| e != r)
                .unwrap_or(exact.rounds.len().min(running.rounds.len()));
            return Err(format!(
                "at {}, round {}: exact {:?} ({:?}), running {:?} ({:?})",
                opts.threshold,
                round + 1,
                exact.rounds.get(round),
                exact.stop,
                running.rounds.get(round),
                running.stop
            ));
        }
        Ok((exact.summed, running.summed))
    }

    const KINDS: [RelationKind; 11] = [
        RelationKind::DefenceCommitment,
        RelationKind::Alliance,
        RelationKind::Membership,
        RelationKind::Hostility,
        RelationKind::Trade,
        RelationKind::Other,
        RelationKind::Interaction,
        RelationKind::Partnership,
        RelationKind::Sanctions,
        RelationKind::ArmedConflict,
        RelationKind::Mediation,
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        /// Small graphs, where pulls often sum exactly to the threshold (two ties of 0.25
        /// at 0.5, three of 0.1 at 0.3) or tie between the sides or the forms: the running
        /// sums must leave those to the exact sums.
        #[test]
        fn the_running_sums_decide_as_the_exact_sums(
            n in 2usize..9,
            rels in proptest::collection::vec(
                (
                    0usize..9,
                    0usize..9,
                    0usize..KINDS.len(),
                    proptest::prop_oneof![
                        proptest::sample::select(vec![
                            0.1, 0.25, 0.5, 1.0, -0.1, -0.25, -0.5, -1.0,
                        ]),
                        -1.0f64..1.0,
                    ],
                    proptest::bool::ANY,
                ),
                0..30,
            ),
            threshold in proptest::prop_oneof![
                proptest::sample::select(vec![0.1, 0.2, 0.25, 0.3, 0.5, 0.75, 1.0, 1.5]),
                0.05f64..2.0,
            ],
            incoming in proptest::sample::select(vec![0.5, 1.0, 0.0, -0.5]),
            combine in proptest::sample::select(vec![
                None,
                Some(Combine::NoisyOr),
                Some(Combine::Sum),
                Some(Combine::Strongest),
                Some(Combine::Mean),
            ]),
            max_rounds in 1usize..6,
        ) {
            let rels: Vec<_> = rels
                .into_iter()
                .map(|(a, b, k, w, d)| (a % n, b % n, KINDS[k], w, d))
                .filter(|&(a, b, ..)| a != b)
                .collect();
            let g = mixed(n, &rels);
            let opts = CascadeOptions {
                threshold,
                max_rounds,
                incoming,
                combine,
                ..CascadeOptions::default()
            };
            let summed = same_runs(&g, &opts);
            proptest::prop_assert!(summed.is_ok(), "{:?}", summed);
        }
    }

    #[test]
    fn the_running_sums_decide_as_the_exact_sums_on_a_larger_graph() {
        // 600 actors, 6 000 relations drawn by a fixed generator (SplitMix64), with
        // weights on a grid of tenths and quarters half of the time, at every threshold of
        // the sweep and in between.
        let mut rng = crate::generate::SplitMix64::new(0x9E37_79B9_7F4A_7C15);
        let mut next = move || rng.next_u64();
        let n = 600;
        let rels: Vec<_> = (0..6000)
            .map(|_| {
                let (a, b) = ((next() % n) as usize, (next() % n) as usize);
                let kind = KINDS[(next() % KINDS.len() as u64) as usize];
                let grid = [0.1, 0.25, 0.5, 0.75, 1.0][(next() % 5) as usize];
                let w = if next() % 2 == 0 {
                    grid
                } else {
                    (next() % 1000) as f64 / 1000.0 + 0.001
                };
                let w = if kind.sign() == crate::model::Sign::Negative {
                    -w
                } else {
                    w
                };
                (a, b, kind, w, next() % 3 == 0)
            })
            .filter(|&(a, b, ..)| a != b)
            .collect();
        let g = mixed(n as usize, &rels);
        let (mut exact, mut running) = (0, 0);
        for k in 1..=30 {
            for combine in [None, Some(Combine::NoisyOr)] {
                let opts = CascadeOptions {
                    threshold: k as f64 / 20.0,
                    combine,
                    ..CascadeOptions::default()
                };
                let (e, r) = same_runs(&g, &opts).unwrap();
                (exact, running) = (exact + e, running + r);
            }
        }
        // The running sums decide most candidates: the point of them.
        assert!(running * 10 < exact, "{running} of {exact} summed");
    }

    #[test]
    fn bad_requests_are_errors() {
        let g = graph(&[("R", "A", RelationKind::Hostility, -0.7, false)]);
        let o = CascadeOptions::default();
        assert_eq!(
            cascade(&g, &"R".into(), &"R".into(), &o).unwrap_err(),
            CascadeError::SameActor("R".into())
        );
        assert!(matches!(
            cascade(&g, &"Q".into(), &"A".into(), &o),
            Err(CascadeError::UnknownActor(_))
        ));
        let bad = CascadeOptions {
            threshold: 0.0,
            ..o
        };
        assert!(matches!(
            cascade(&g, &"R".into(), &"A".into(), &bad),
            Err(CascadeError::BadThreshold(_))
        ));
    }
}
