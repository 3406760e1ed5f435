//! Actors, relations, events and their vocabularies.

use super::date::Date;
use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::fmt;
use triomphe::ThinArc;

/// An actor's identity: a short code chosen by the analyst (`"AZE"`, `"SOCAR"`).
///
/// Never derived from a graph index, which petgraph reuses after removals. Shared, not
/// copied: a clone is a reference count, so the ids of a graph's relations are the ids of
/// its actors ([`crate::ActorGraph`] stores them so) and a million relations hold no id
/// text of their own. One pointer wide (the text's length sits in its allocation, beside
/// the count): a relation holds two (issue 21).
#[derive(Clone)]
pub struct ActorId(ThinArc<(), u8>);

impl ActorId {
    pub fn new(s: impl AsRef<str>) -> ActorId {
        ActorId::from(s.as_ref())
    }

    pub fn as_str(&self) -> &str {
        // SAFETY: every ActorId is made from a `&str` (`From<&str>`, the only constructor),
        // so its bytes are UTF-8.
        unsafe { std::str::from_utf8_unchecked(&self.0.slice) }
    }

    /// True when `self` and `other` share one allocation (a clone of the other), not only
    /// the same text.
    pub fn is_shared_with(&self, other: &ActorId) -> bool {
        self.0.as_ptr() == other.0.as_ptr()
    }

    /// Why `s` cannot be an actor id, if it cannot. Ids appear in comma-separated CLI lists,
    /// so they hold no whitespace and no commas; they are matched and written into every
    /// export, so they hold no control or bidirectional formatting characters either
    /// ([`crate::text::is_hidden`]: XML cannot carry most of them, and a terminal obeys them).
    pub fn problem(s: &str) -> Option<&'static str> {
        if s.is_empty() {
            Some("an actor id cannot be empty")
        } else if s.chars().any(crate::text::is_hidden) {
            Some("an actor id cannot contain control characters")
        } else if s.chars().any(|c| c.is_whitespace() || c == ',') {
            Some("an actor id cannot contain whitespace or commas")
        } else {
            None
        }
    }
}

impl fmt::Display for ActorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for ActorId {
    fn from(s: &str) -> ActorId {
        ActorId(ThinArc::from_header_and_slice((), s.as_bytes()))
    }
}

impl From<String> for ActorId {
    fn from(s: String) -> ActorId {
        ActorId::from(s.as_str())
    }
}

// Equality, order and hash are the text's, as `Borrow<str>` requires.
impl PartialEq for ActorId {
    fn eq(&self, other: &ActorId) -> bool {
        self.is_shared_with(other) || self.as_str() == other.as_str()
    }
}

impl Eq for ActorId {}

impl PartialOrd for ActorId {
    fn partial_cmp(&self, other: &ActorId) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ActorId {
    fn cmp(&self, other: &ActorId) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for ActorId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl fmt::Debug for ActorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ActorId").field(&self.as_str()).finish()
    }
}

/// Looks an id up by its text in a map or set keyed by `ActorId` (the hash and order are
/// those of the text).
impl Borrow<str> for ActorId {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl Serialize for ActorId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ActorId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ActorId, D::Error> {
        String::deserialize(d).map(ActorId::from)
    }
}

/// Parts per unit of weight that sums of weights are exact to: nine decimals, the resolution
/// the exact bloc solver compares frustrations at.
pub const WEIGHT_UNITS: f64 = 1e9;

/// A sum of weights rounded to nine decimals, so that the floating-point residue of adding
/// decimal weights does not show in results (−0.3 + −0.3 is −0.6, not −0.6000000000000001).
/// Exact for weights of up to nine decimals, which is what a graph file holds in practice.
pub fn round_weight(x: f64) -> f64 {
    let scaled = x * WEIGHT_UNITS;
    if scaled.abs() < 9.0e15 {
        scaled.round() / WEIGHT_UNITS
    } else {
        x
    }
}

/// A sum of weights kept in integer units of 10⁻⁹: each term is rounded to nine decimals and
/// the sum is exact, so a million decimal weights add up to the decimal they should
/// (27475.45, not 27475.449999999 as a float sum rounded afterwards reads).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct WeightSum(i128);

impl WeightSum {
    pub fn value(self) -> f64 {
        self.0 as f64 / WEIGHT_UNITS
    }
}

impl std::ops::AddAssign<f64> for WeightSum {
    fn add_assign(&mut self, w: f64) {
        self.0 += (w * WEIGHT_UNITS).round() as i128;
    }
}

impl WeightSum {
    /// The sum `n` times over, exactly.
    pub fn times(self, n: u64) -> WeightSum {
        WeightSum(self.0 * i128::from(n))
    }
}

impl std::ops::Sub for WeightSum {
    type Output = WeightSum;
    fn sub(self, other: WeightSum) -> WeightSum {
        WeightSum(self.0 - other.0)
    }
}

impl std::ops::AddAssign for WeightSum {
    fn add_assign(&mut self, other: WeightSum) {
        self.0 += other.0;
    }
}

/// A closed set of names: actor kinds, relation kinds, confidence levels.
pub trait Vocabulary: Copy + 'static {
    /// The type's name for messages ("actor kind").
    const WHAT: &'static str;
    fn all() -> &'static [Self];
    fn ron_name(self) -> &'static str;
    fn kebab_name(self) -> &'static str;
}

/// Vocabulary values in JSON are kebab case (`armed-group`, `probably-true`; docs/json.md):
/// `#[serde(serialize_with = "kebab")]`.
pub fn kebab<S: serde::Serializer, T: Vocabulary>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v.kebab_name())
}

/// A list of vocabulary values in kebab case.
pub fn kebab_list<S: serde::Serializer, T: Vocabulary>(vs: &[T], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(vs.iter().map(|v| v.kebab_name()))
}

/// Reads a vocabulary value in either spelling (`ProbablyTrue` or `probably-true`):
/// `#[serde(deserialize_with = "either_spelling")]`.
pub fn either_spelling<'de, D: serde::Deserializer<'de>, T: Vocabulary>(
    d: D,
) -> Result<T, D::Error> {
    let s = String::deserialize(d)?;
    T::all()
        .iter()
        .copied()
        .find(|v| v.ron_name() == s || v.kebab_name() == s)
        .ok_or_else(|| {
            let names: Vec<&str> = T::all().iter().map(|v| v.kebab_name()).collect();
            serde::de::Error::custom(format!(
                "unknown {}: `{s}` (expected one of: {})",
                T::WHAT,
                names.join(", ")
            ))
        })
}

/// Declares a unit enum spelled in CamelCase in RON and kebab-case on the command line.
macro_rules! vocabulary {
    ($(#[$m:meta])* $name:ident ($what:literal) { $($(#[$vm:meta])* $v:ident => $kebab:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($(#[$vm])* $v),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            /// The RON spelling (`ArmedGroup`).
            pub fn ron_name(self) -> &'static str {
                match self { $($name::$v => stringify!($v)),+ }
            }

            /// The command-line and JSON spelling (`armed-group`).
            pub fn kebab_name(self) -> &'static str {
                match self { $($name::$v => $kebab),+ }
            }

            /// Accepts either spelling.
            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.ron_name() == s || v.kebab_name() == s)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.kebab_name())
            }
        }

        impl Vocabulary for $name {
            const WHAT: &'static str = $what;
            fn all() -> &'static [Self] { $name::ALL }
            fn ron_name(self) -> &'static str { $name::ron_name(self) }
            fn kebab_name(self) -> &'static str { $name::kebab_name(self) }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                $name::parse(s).ok_or_else(|| format!(
                    "unknown {}: `{s}` (expected one of: {})",
                    $what,
                    $name::ALL.iter().map(|v| v.kebab_name()).collect::<Vec<_>>().join(", ")
                ))
            }
        }
    };
}

pub(crate) use vocabulary;

vocabulary! {
    /// What sort of actor a node is. People are not actors: what happens to them is an event.
    ActorKind ("actor kind") {
        State => "state",
        /// An alliance or international organisation (NATO, the EU, the CSTO).
        Organisation => "organisation",
        Company => "company",
        /// A government agency or service (an intelligence service, a ministry).
        Agency => "agency",
        ArmedGroup => "armed-group",
        Media => "media",
        Party => "party",
        Ngo => "ngo",
        Other => "other",
    }
}

vocabulary! {
    /// The nature of a relation. Each kind has a default sign (see [`RelationKind::sign`]).
    RelationKind ("relation kind") {
        Alliance => "alliance",
        DefenceCommitment => "defence-commitment",
        Partnership => "partnership",
        MilitaryCooperation => "military-cooperation",
        IntelligenceSharing => "intelligence-sharing",
        ArmsSupply => "arms-supply",
        Trade => "trade",
        Energy => "energy",
        Investment => "investment",
        Membership => "membership",
        Mediation => "mediation",
        DiplomaticSupport => "diplomatic-support",
        Kinship => "kinship",
        Dependence => "dependence",
        Rivalry => "rivalry",
        Hostility => "hostility",
        Sanctions => "sanctions",
        DiplomaticProtest => "diplomatic-protest",
        CovertAction => "covert-action",
        InformationWarfare => "information-warfare",
        TerritorialDispute => "territorial-dispute",
        ArmedConflict => "armed-conflict",
        /// Measured from event data (GDELT, ICEWS...): the weight is the dyad's event tallies
        /// read at a date (`docs/analysis/events.md`), of either sign.
        Interaction => "interaction",
        Other => "other",
    }
}

/// The sign a relation kind implies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sign {
    /// Alliance-like: the weight must be positive.
    Positive,
    /// Hostility-like: the weight must be negative.
    Negative,
    /// Either sign is meaningful (dependence can be leverage or support).
    Either,
}

impl RelationKind {
    /// The sign this kind implies; a weight of the other sign is a validation error.
    pub fn sign(self) -> Sign {
        use RelationKind::*;
        match self {
            Alliance | DefenceCommitment | Partnership | MilitaryCooperation
            | IntelligenceSharing | ArmsSupply | Trade | Energy | Investment | Membership
            | Mediation | DiplomaticSupport | Kinship => Sign::Positive,
            Rivalry | Hostility | Sanctions | DiplomaticProtest | CovertAction
            | InformationWarfare | TerritorialDispute | ArmedConflict => Sign::Negative,
            Dependence | Interaction | Other => Sign::Either,
        }
    }

    /// The kind used when only a weight is known (CSV imports, generated graphs).
    pub fn default_for_weight(weight: f64) -> RelationKind {
        if weight < 0.0 {
            RelationKind::Hostility
        } else {
            RelationKind::Partnership
        }
    }
}

vocabulary! {
    /// Credibility of information, after the intelligence analysts' (Admiralty) scale:
    /// 1 confirmed … 5 improbable, 6 cannot be judged. Ordered from most to least credible.
    Confidence ("confidence level") {
        Confirmed => "confirmed",
        ProbablyTrue => "probably-true",
        PossiblyTrue => "possibly-true",
        Doubtful => "doubtful",
        Improbable => "improbable",
        CannotBeJudged => "cannot-be-judged",
    }
}

impl Confidence {
    /// The scale's number: 1 (confirmed) to 6 (cannot be judged).
    pub fn rank(self) -> u8 {
        self as u8 + 1
    }

    /// True when `self` is at least as credible as `min`.
    pub fn at_least(self, min: Confidence) -> bool {
        self.rank() <= min.rank()
    }
}

// Not derived: the vocabulary macro declares the enum for several types.
#[allow(clippy::derivable_impls)]
impl Default for Confidence {
    fn default() -> Self {
        Confidence::CannotBeJudged
    }
}

/// A free attribute value on an actor. Whole numbers written without a fraction (`1200`,
/// `-3`) are integers, kept exactly up to 64 bits (a population, an identifier beyond
/// 2^53); numbers with a fraction or an exponent (`3.0`, `1e6`) are floats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AttrValue {
    Bool(bool),
    Integer(i64),
    /// An integer above `i64::MAX`.
    Unsigned(u64),
    Number(f64),
    Text(String),
}

impl AttrValue {
    /// The integer `i` as an attribute, if it fits in 64 bits.
    pub fn integer(i: i128) -> Option<AttrValue> {
        if let Ok(v) = i64::try_from(i) {
            Some(AttrValue::Integer(v))
        } else {
            u64::try_from(i).ok().map(AttrValue::Unsigned)
        }
    }
}

impl fmt::Display for AttrValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AttrValue::Bool(b) => write!(f, "{b}"),
            AttrValue::Integer(i) => write!(f, "{i}"),
            AttrValue::Unsigned(u) => write!(f, "{u}"),
            AttrValue::Number(n) => write!(f, "{n}"),
            AttrValue::Text(s) => f.write_str(s),
        }
    }
}

/// A node: a state, organisation, company, agency, armed group, outlet...
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    pub id: ActorId,
    pub name: String,
    pub kind: ActorKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, AttrValue>,
    /// The actor this one belongs to: a ministry, agency, state company or armed force
    /// `part_of` its state, a base `part_of` its armed forces. `--collapse` merges members
    /// into their top parent ([`crate::model::collapse`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<ActorId>,
}

impl Actor {
    pub fn new(id: impl Into<String>, name: impl Into<String>, kind: ActorKind) -> Actor {
        Actor {
            id: ActorId::from(id.into()),
            name: name.into(),
            kind,
            region: None,
            tags: Vec::new(),
            attributes: BTreeMap::new(),
            part_of: None,
        }
    }
}

/// A signed, weighted tie between two actors.
///
/// Its sources and note are read through [`Relation::sources`] and [`Relation::note`]: they
/// are held behind one pointer, absent from most relations of a large graph (a relation is
/// 56 bytes, issue 21), so they are set through [`Relation::set_sources`] and
/// [`Relation::set_note`].
#[derive(Clone, PartialEq, Deserialize)]
#[serde(from = "RelationFields<ActorId, Vec<String>, String>")]
pub struct Relation {
    pub from: ActorId,
    pub to: ActorId,
    pub kind: RelationKind,
    /// In [-1, 1]: the sign says alliance (+) or hostility (−), the magnitude how strong.
    pub weight: f64,
    /// A directed relation runs `from` → `to` only (arms supply, covert action);
    /// a mutual one (the default) runs both ways.
    pub directed: bool,
    pub since: Option<Date>,
    pub until: Option<Date>,
    pub confidence: Confidence,
    /// `None` when the relation has neither sources nor a note (so equal relations compare
    /// equal however they were made).
    text: Option<Box<RelationText>>,
}

// What a large graph holds per relation (issue 21): a change here shows in bench/RESULTS.md.
const _: () = assert!(std::mem::size_of::<ActorId>() == 8);
const _: () = assert!(std::mem::size_of::<Option<ActorId>>() == 8);
const _: () = assert!(std::mem::size_of::<Relation>() == 56);

/// A relation's sources and note, apart from its tie.
#[derive(Debug, Clone, PartialEq, Default)]
struct RelationText {
    sources: Vec<String>,
    note: Option<String>,
}

/// A relation field for field, as files and JSON write it (the derive's field order,
/// defaults and messages for unknown fields).
#[derive(Serialize, Deserialize)]
#[serde(rename = "Relation", deny_unknown_fields)]
#[serde(bound(serialize = "I: Serialize, S: Serialize + AsRef<[String]>, N: Serialize"))]
struct RelationFields<I, S, N> {
    from: I,
    to: I,
    kind: RelationKind,
    weight: f64,
    #[serde(default)]
    directed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    since: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    until: Option<Date>,
    #[serde(default)]
    confidence: Confidence,
    #[serde(default, skip_serializing_if = "is_empty_list")]
    sources: S,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<N>,
}

fn is_empty_list(list: &impl AsRef<[String]>) -> bool {
    list.as_ref().is_empty()
}

impl From<RelationFields<ActorId, Vec<String>, String>> for Relation {
    fn from(f: RelationFields<ActorId, Vec<String>, String>) -> Relation {
        let mut r = Relation {
            from: f.from,
            to: f.to,
            kind: f.kind,
            weight: f.weight,
            directed: f.directed,
            since: f.since,
            until: f.until,
            confidence: f.confidence,
            text: None,
        };
        r.set_sources(f.sources);
        r.set_note(f.note);
        r
    }
}

impl Serialize for Relation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        RelationFields {
            from: &self.from,
            to: &self.to,
            kind: self.kind,
            weight: self.weight,
            directed: self.directed,
            since: self.since,
            until: self.until,
            confidence: self.confidence,
            sources: self.sources(),
            note: self.note(),
        }
        .serialize(s)
    }
}

impl fmt::Debug for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Relation")
            .field("from", &self.from)
            .field("to", &self.to)
            .field("kind", &self.kind)
            .field("weight", &self.weight)
            .field("directed", &self.directed)
            .field("since", &self.since)
            .field("until", &self.until)
            .field("confidence", &self.confidence)
            .field("sources", &self.sources())
            .field("note", &self.note())
            .finish()
    }
}

impl Relation {
    /// A mutual relation with no dates, sources or note, of unknown confidence.
    pub fn new(
        from: impl Into<ActorId>,
        to: impl Into<ActorId>,
        kind: RelationKind,
        weight: f64,
    ) -> Relation {
        Relation {
            from: from.into(),
            to: to.into(),
            kind,
            weight,
            directed: false,
            since: None,
            until: None,
            confidence: Confidence::CannotBeJudged,
            text: None,
        }
    }

    /// Where the claim comes from (URLs or citations), in the file's order.
    pub fn sources(&self) -> &[String] {
        self.text.as_ref().map_or(&[], |t| &t.sources)
    }

    /// The analyst's note, if any.
    pub fn note(&self) -> Option<&str> {
        self.text.as_ref().and_then(|t| t.note.as_deref())
    }

    pub fn set_sources(&mut self, sources: Vec<String>) {
        self.edit_text(|t| t.sources = sources);
    }

    pub fn set_note(&mut self, note: Option<String>) {
        self.edit_text(|t| t.note = note);
    }

    /// Edits the sources and note in their box (made if absent, dropped if left empty).
    fn edit_text(&mut self, edit: impl FnOnce(&mut RelationText)) {
        let mut text = self.text.take().unwrap_or_default();
        edit(&mut text);
        self.text = (!text.sources.is_empty() || text.note.is_some()).then_some(text);
    }

    pub fn with_sources(mut self, sources: Vec<String>) -> Relation {
        self.set_sources(sources);
        self
    }

    pub fn directed(mut self) -> Relation {
        self.directed = true;
        self
    }

    /// In force from `since` to `until` (either open when `None`).
    pub fn with_dates(mut self, since: Option<Date>, until: Option<Date>) -> Relation {
        self.since = since;
        self.until = until;
        self
    }

    pub fn with_confidence(mut self, c: Confidence) -> Relation {
        self.confidence = c;
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Relation {
        self.set_note(Some(note.into()));
        self
    }

    /// True when the relation is in force on `day` (a date of any precision, taken as its
    /// last day: "as of June 2025" means at the end of June).
    pub fn in_force(&self, day: &Date) -> bool {
        let d = day.last_day();
        self.since.is_none_or(|s| s.first_day() <= d)
            && self.until.is_none_or(|u| d <= u.last_day())
    }

    /// True when this relation and `other` join the same actors the same way with the same
    /// kind: a second such relation is a duplicate.
    pub fn same_tie(&self, other: &Relation) -> bool {
        if self.kind != other.kind || self.directed != other.directed {
            return false;
        }
        let same = self.from == other.from && self.to == other.to;
        let swapped = self.from == other.to && self.to == other.from;
        same || (!self.directed && swapped)
    }
}

/// A dated happening: a raid, a crash, a summit, a killing. Scored on a Goldstein-style
/// scale from −10 (most conflictual) to +10 (most cooperative).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub date: Date,
    pub actors: Vec<ActorId>,
    /// The initiator, when the event has a direction (`from` does something to `to`, as
    /// CAMEO's Actor1 → Actor2). Given together with `to`; both are among `actors`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<ActorId>,
    /// The target, when the event has a direction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<ActorId>,
    /// Free text, lower snake case by convention (`raid`, `assassination`, `agreement`).
    pub kind: String,
    pub score: f64,
    #[serde(
        default,
        serialize_with = "kebab",
        deserialize_with = "either_spelling"
    )]
    pub confidence: Confidence,
    pub summary: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

impl Event {
    /// The initiator → target pair, when the event has both.
    pub fn direction(&self) -> Option<(&ActorId, &ActorId)> {
        self.from.as_ref().zip(self.to.as_ref())
    }

    /// Replaces actor `old` by `new` (or removes it when `new` is `None`) in the actors and
    /// the direction, dropping a repeat. A direction that loses an end, or whose ends become
    /// the same actor, is dropped: the event stays, undirected.
    pub fn retarget(&mut self, old: &ActorId, new: Option<&ActorId>) {
        let mut actors: Vec<ActorId> = Vec::with_capacity(self.actors.len());
        for a in &self.actors {
            let a = if a == old {
                match new {
                    Some(n) => n.clone(),
                    None => continue,
                }
            } else {
                a.clone()
            };
            if !actors.contains(&a) {
                actors.push(a);
            }
        }
        self.actors = actors;
        for end in [&mut self.from, &mut self.to] {
            if end.as_ref() == Some(old) {
                *end = new.cloned();
            }
        }
        if self.from.is_none() || self.to.is_none() || self.from == self.to {
            self.from = None;
            self.to = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{
        ActorId, Confidence, Date, Event, Relation, RelationKind, WeightSum, round_weight,
    };

    #[test]
    fn a_relation_without_sources_or_note_is_one_however_made() {
        let plain = Relation::new("A", "B", RelationKind::Trade, 0.3);
        let mut emptied = plain.clone().with_note("n").with_sources(vec!["s".into()]);
        assert_ne!(emptied, plain);
        emptied.set_note(None);
        assert_eq!(emptied.note(), None);
        assert_eq!(emptied.sources(), ["s"]);
        emptied.set_sources(Vec::new());
        assert_eq!(emptied, plain);
        assert!(emptied.text.is_none());
    }

    #[test]
    fn a_relation_serializes_its_fields_in_order_and_reads_them_back() {
        let r = Relation::new("A", "B", RelationKind::Alliance, 0.5)
            .with_dates(Some(Date::ymd(2020, 1, 2).unwrap()), None)
            .with_sources(vec!["https://example.org".into()])
            .with_note("a note");
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(
            json,
            r#"{"from":"A","to":"B","kind":"Alliance","weight":0.5,"directed":false,"since":"2020-01-02","confidence":"CannotBeJudged","sources":["https://example.org"],"note":"a note"}"#
        );
        assert_eq!(serde_json::from_str::<Relation>(&json).unwrap(), r);
        let plain = Relation::new("A", "B", RelationKind::Alliance, 0.5);
        let json = serde_json::to_string(&plain).unwrap();
        assert!(
            !json.contains("sources") && !json.contains("note"),
            "{json}"
        );
        let typo = json.replace("\"weight\"", "\"wieght\"");
        let e = serde_json::from_str::<Relation>(&typo)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("unknown field `wieght`, expected one of `from`, `to`"),
            "{e}"
        );
    }

    fn directed_event() -> Event {
        Event {
            date: Date::ymd(2025, 6, 27).unwrap(),
            actors: vec![
                ActorId::from("RUS"),
                ActorId::from("AZE"),
                ActorId::from("TUR"),
            ],
            from: Some(ActorId::from("RUS")),
            to: Some(ActorId::from("AZE")),
            kind: "raid".into(),
            score: -7.0,
            confidence: Confidence::Confirmed,
            summary: "raid".into(),
            sources: Vec::new(),
        }
    }

    #[test]
    fn retargeting_keeps_or_drops_the_direction() {
        let id = |s: &str| ActorId::from(s);
        let mut renamed = directed_event();
        renamed.retarget(&id("RUS"), Some(&id("FSB")));
        assert_eq!(renamed.actors, [id("FSB"), id("AZE"), id("TUR")]);
        assert_eq!(renamed.direction(), Some((&id("FSB"), &id("AZE"))));
        // Merging the target into the initiator: one actor is left, no direction.
        let mut merged = directed_event();
        merged.retarget(&id("AZE"), Some(&id("RUS")));
        assert_eq!(merged.actors, [id("RUS"), id("TUR")]);
        assert_eq!(merged.direction(), None);
        let mut removed = directed_event();
        removed.retarget(&id("RUS"), None);
        assert_eq!(removed.actors, [id("AZE"), id("TUR")]);
        assert_eq!((removed.from, removed.to), (None, None));
        // A bystander's removal leaves the direction alone.
        let mut bystander = directed_event();
        bystander.retarget(&id("TUR"), None);
        assert_eq!(bystander.direction(), Some((&id("RUS"), &id("AZE"))));
    }

    #[test]
    fn long_weight_sums_stay_exact() {
        // A million ties of 0.27475450: a float sum drifts by ~1e-7, past nine decimals.
        let mut float = 0.0f64;
        let mut exact = WeightSum::default();
        for _ in 0..1_000_000 {
            float += 0.2747545;
            exact += 0.2747545;
        }
        assert_ne!(round_weight(float), 274754.5);
        assert_eq!(exact.value(), 274754.5);
        let mut hostile = WeightSum::default();
        hostile += 0.3;
        hostile += 0.3;
        assert_eq!((exact - hostile).value(), 274753.9);
    }

    #[test]
    fn weight_sums_read_as_decimals() {
        assert_eq!(round_weight(-0.3 + -0.3), -0.6);
        assert_eq!(round_weight(0.1 + 0.2), 0.3);
        assert_eq!(round_weight(24.89999999999999), 24.9);
        // Nine decimals are kept; beyond them, rounded.
        assert_eq!(round_weight(0.123456789), 0.123456789);
        assert_eq!(round_weight(1.0 / 3.0), 0.333333333);
        // Too large to scale: unchanged.
        assert_eq!(round_weight(1e12 + 0.1), 1e12 + 0.1);
        assert!(round_weight(f64::NAN).is_nan());
        assert_eq!(round_weight(f64::INFINITY), f64::INFINITY);
    }
}
