//! How an actor takes part once it joins a side: in combat, with arms and money, with
//! sanctions, or with diplomatic support — graded from the kinds of the ties that pull it.
//!
//! Joining a side and fighting for it are different things. Alliance treaties oblige their
//! members to fight only for an ally under attack, and only within what the treaty covers
//! (the *casus foederis*: Leeds et al., "Alliance Treaty Obligations and Provisions, 1815–1944",
//! *International Interactions* 28(3), 2002, code most treaties as defensive); a partnership,
//! a common enemy or a shared market oblige no one to war. So each tie pulling an actor towards
//! the side it joins supports a form of involvement ([`tie_form`]):
//!
//! - **combat**: a defence commitment or an alliance with the actor attacked (the target), or
//!   membership of a belligerent (the armed forces of a state, a member of an organisation
//!   that is attacked or attacks);
//! - **arms and money**: arms supply, military cooperation, intelligence sharing, energy,
//!   trade, investment, dependence, and alliances, defence commitments and memberships that do
//!   not cover this war (an ally of an ally, the attacker's allies: treaties are defensive);
//! - **sanctions**: hostile ties (hostility, rivalry, sanctions, armed conflict...): measures
//!   against the enemy of a side, not a reason to fight for it;
//! - **diplomatic support**: partnership, diplomatic support, kinship, and other ties.
//!
//! An actor joins **in combat** when its covering treaties and memberships alone pull it at
//! least the threshold: an obligation, not a tally. Otherwise its form is the one whose ties
//! pull it hardest (ties to the more committing form), a covering treaty too weak to oblige
//! combat counting as arms and money. Actors that cannot fight are capped: companies, parties,
//! NGOs and other actors (a diaspora, a corridor) at arms and money; media and civilian
//! agencies (an agency without a `military`, `security` or `intelligence` tag: a ministry) at
//! diplomatic support.

use crate::model::{Actor, ActorKind, RelationKind};
use serde::Serialize;

/// How an actor takes part, most committing first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Involvement {
    Combat,
    ArmsAndMoney,
    Sanctions,
    DiplomaticSupport,
}

impl Involvement {
    pub const ALL: [Involvement; 4] = [
        Involvement::Combat,
        Involvement::ArmsAndMoney,
        Involvement::Sanctions,
        Involvement::DiplomaticSupport,
    ];

    /// In words: "arms and money".
    pub fn words(self) -> &'static str {
        match self {
            Involvement::Combat => "combat",
            Involvement::ArmsAndMoney => "arms and money",
            Involvement::Sanctions => "sanctions",
            Involvement::DiplomaticSupport => "diplomatic support",
        }
    }
}

/// The most committing form an actor can take.
pub fn cap(actor: &Actor) -> Involvement {
    match actor.kind {
        ActorKind::State | ActorKind::Organisation | ActorKind::ArmedGroup => Involvement::Combat,
        ActorKind::Agency => {
            let armed = actor
                .tags
                .iter()
                .any(|t| matches!(t.as_str(), "military" | "security" | "intelligence"));
            if armed {
                Involvement::Combat
            } else {
                Involvement::DiplomaticSupport
            }
        }
        ActorKind::Media => Involvement::DiplomaticSupport,
        ActorKind::Company | ActorKind::Party | ActorKind::Ngo | ActorKind::Other => {
            Involvement::ArmsAndMoney
        }
    }
}

/// The form a tie of `kind` and `weight` supports. `covers` says whether it binds the actor
/// to this war: with the target for an alliance or defence commitment, with a belligerent
/// for the actor's own membership.
pub fn tie_form(kind: RelationKind, weight: f64, covers: bool) -> Involvement {
    use RelationKind::*;
    if weight < 0.0 {
        return Involvement::Sanctions;
    }
    match kind {
        Alliance | DefenceCommitment | Membership if covers => Involvement::Combat,
        Alliance | DefenceCommitment | Membership | ArmsSupply | MilitaryCooperation
        | IntelligenceSharing | Energy | Trade | Investment | Dependence => {
            Involvement::ArmsAndMoney
        }
        Rivalry | Hostility | Sanctions | DiplomaticProtest | CovertAction | InformationWarfare
        | TerritorialDispute | ArmedConflict => Involvement::Sanctions,
        Partnership | Mediation | DiplomaticSupport | Kinship | Interaction | Other => {
            Involvement::DiplomaticSupport
        }
    }
}

/// The form of an actor pulled by `(form, pull)` ties towards the side it joins: combat when
/// the combat ties alone reach `threshold`, else the form with the largest pull (combat ties
/// counted as arms and money; the more committing form on equal pulls), within `cap`.
pub fn grade(
    ties: impl IntoIterator<Item = (Involvement, f64)>,
    threshold: f64,
    cap: Involvement,
) -> Involvement {
    let mut by_form = [0.0f64; 4];
    for (f, p) in ties {
        by_form[f as usize] += p;
    }
    if by_form[Involvement::Combat as usize] >= threshold {
        return Involvement::Combat.max(cap);
    }
    by_form[Involvement::ArmsAndMoney as usize] += by_form[Involvement::Combat as usize];
    let mut form = Involvement::DiplomaticSupport;
    let mut best = f64::NEG_INFINITY;
    for f in &Involvement::ALL[1..] {
        if by_form[*f as usize] > best {
            (form, best) = (*f, by_form[*f as usize]);
        }
    }
    form.max(cap)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Involvement::*;

    #[test]
    fn only_treaties_covering_the_war_oblige_combat() {
        assert_eq!(tie_form(RelationKind::Alliance, 0.9, true), Combat);
        assert_eq!(tie_form(RelationKind::Alliance, 0.9, false), ArmsAndMoney);
        assert_eq!(
            tie_form(RelationKind::Partnership, 0.9, true),
            DiplomaticSupport
        );
        assert_eq!(tie_form(RelationKind::Hostility, -0.9, false), Sanctions);
        assert_eq!(tie_form(RelationKind::Dependence, -0.4, false), Sanctions);
        assert_eq!(
            tie_form(RelationKind::Kinship, 0.6, false),
            DiplomaticSupport
        );
    }

    #[test]
    fn the_most_committing_form_that_reaches_the_threshold_within_the_cap() {
        // A defence commitment alone reaches 0.5: combat.
        assert_eq!(
            grade([(Combat, 0.8), (Sanctions, 0.3)], 0.5, Combat),
            Combat
        );
        // 0.3 of combat and 0.3 of arms: arms and money.
        assert_eq!(
            grade([(Combat, 0.3), (ArmsAndMoney, 0.3)], 0.5, Combat),
            ArmsAndMoney
        );
        // Hostility to the attacker and a partnership: sanctions.
        assert_eq!(
            grade([(Sanctions, 0.4), (DiplomaticSupport, 0.3)], 0.5, Combat),
            Sanctions
        );
        // A partnership and an arms supply of equal pull: the more committing.
        assert_eq!(
            grade(
                [
                    (DiplomaticSupport, 0.3),
                    (ArmsAndMoney, 0.3),
                    (Sanctions, 0.1)
                ],
                0.5,
                Combat
            ),
            ArmsAndMoney
        );
        // A diaspora pulled by kinship alone.
        assert_eq!(
            grade([(DiplomaticSupport, 0.6)], 0.5, ArmsAndMoney),
            DiplomaticSupport
        );
        // A company bound by membership does not fight.
        assert_eq!(grade([(Combat, 0.9)], 0.5, ArmsAndMoney), ArmsAndMoney);
        let mut mfa = Actor::new("MFA", "ministry", ActorKind::Agency);
        assert_eq!(cap(&mfa), DiplomaticSupport);
        mfa.tags.push("security".into());
        assert_eq!(cap(&mfa), Combat);
        assert_eq!(
            cap(&Actor::new("M", "m", ActorKind::Media)),
            DiplomaticSupport
        );
    }
}
