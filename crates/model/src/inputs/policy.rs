//! The plan's inputs: the lever catalogue and campaign options of a dataset
//! ([`PolicyData`]), a policy file's choices ([`Policy`]) and the items a
//! gap run can be given ([`Item`]). Types only; what they do is
//! [`crate::reference::policy`], how they are evaluated
//! [`crate::reference::evaluation`].

use crate::inputs::bracket::{Range3, Variant};
use crate::inputs::codes::Level;
use crate::inputs::evidence::{Backing, Evidence};
use crate::inputs::units::Year;

/// Which flow a lever moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeverFlow {
    /// First-year students of the target cells, relative (`share`).
    Enrolment,
    /// Dropout share of the target cells, in points (negative = less dropout).
    Dropout,
    /// Share of target-cell school-leavers moved into the technician (or, for
    /// ICT cells, the ICT) set, in points.
    Weglek,
    /// Extra side-entrants into a set, persons per year.
    SideEntry,
    /// Relative reduction of switching out of the technician set.
    Retention,
    /// Extra labour-productivity growth, points per year.
    Productivity,
    /// Extra labour migrants into a set, persons per year.
    Migration,
    /// Governance or enabling: no direct quantified effect. Stays the last
    /// variant (the check on [`LeverFlow::ALL`] relies on it).
    None,
}

// `ALL` holds every flow once, in declaration order: a new flow (declared
// before `None`) that is not in `ALL` fails here, at compile time.
const _: () = {
    let all = LeverFlow::ALL;
    assert!(all.len() == LeverFlow::None as usize + 1);
    let mut k = 0;
    while k < all.len() {
        assert!(all[k] as usize == k);
        k += 1;
    }
};

impl LeverFlow {
    /// Every flow, each once, in declaration order (checked when the crate
    /// compiles: a flow declared before `None` and missing here is an error).
    pub const ALL: [LeverFlow; 8] = [
        LeverFlow::Enrolment,
        LeverFlow::Dropout,
        LeverFlow::Weglek,
        LeverFlow::SideEntry,
        LeverFlow::Retention,
        LeverFlow::Productivity,
        LeverFlow::Migration,
        LeverFlow::None,
    ];

    /// The name in `levers.csv` and `campaigns.csv`.
    pub fn code(self) -> &'static str {
        match self {
            LeverFlow::Enrolment => "enrolment",
            LeverFlow::Dropout => "dropout",
            LeverFlow::Weglek => "weglek",
            LeverFlow::SideEntry => "side_entry",
            LeverFlow::Retention => "retention",
            LeverFlow::Productivity => "productivity",
            LeverFlow::Migration => "migration",
            LeverFlow::None => "none",
        }
    }

    pub fn from_code(s: &str) -> Option<LeverFlow> {
        LeverFlow::ALL.into_iter().find(|f| f.code() == s)
    }

    /// Whether a larger effect number means more supply (dropout: smaller).
    pub fn higher_is_better(self) -> bool {
        match self {
            LeverFlow::Dropout => false,
            LeverFlow::Enrolment
            | LeverFlow::Weglek
            | LeverFlow::SideEntry
            | LeverFlow::Retention
            | LeverFlow::Productivity
            | LeverFlow::Migration
            | LeverFlow::None => true,
        }
    }

    /// Whether a lever of this flow can change a figure (governance and
    /// enabling levers cannot).
    pub fn acts(self) -> bool {
        match self {
            LeverFlow::None => false,
            LeverFlow::Enrolment
            | LeverFlow::Dropout
            | LeverFlow::Weglek
            | LeverFlow::SideEntry
            | LeverFlow::Retention
            | LeverFlow::Productivity
            | LeverFlow::Migration => true,
        }
    }
}

/// Who a retention lever keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetentionGroup {
    Women,
    Men,
    All,
}

/// What a lever acts on.
#[derive(Debug, Clone, PartialEq)]
pub enum LeverTarget {
    /// Education cells ([`Education::index`](crate::inputs::codes::Education::index)).
    Cells(Vec<usize>),
    /// An occupation set (index into `Dataset::occupation_sets`) and the
    /// education level of the people entering it.
    SetLevel {
        set: usize,
        level: Level,
    },
    Retention(RetentionGroup),
    /// Everything (productivity).
    All,
    /// Nothing (governance).
    Nothing,
}

impl LeverTarget {
    /// The education cells of a [`LeverTarget::Cells`] target.
    pub fn cells(&self) -> Option<&[usize]> {
        match self {
            LeverTarget::Cells(cells) => Some(cells),
            LeverTarget::SetLevel { .. }
            | LeverTarget::Retention(_)
            | LeverTarget::All
            | LeverTarget::Nothing => None,
        }
    }

    /// The occupation set and level of a [`LeverTarget::SetLevel`] target.
    pub fn set_level(&self) -> Option<(usize, Level)> {
        match self {
            LeverTarget::SetLevel { set, level } => Some((*set, *level)),
            LeverTarget::Cells(_)
            | LeverTarget::Retention(_)
            | LeverTarget::All
            | LeverTarget::Nothing => None,
        }
    }

    /// The group a [`LeverTarget::Retention`] target keeps.
    pub fn retention(&self) -> Option<RetentionGroup> {
        match self {
            LeverTarget::Retention(group) => Some(*group),
            LeverTarget::Cells(_)
            | LeverTarget::SetLevel { .. }
            | LeverTarget::All
            | LeverTarget::Nothing => None,
        }
    }
}

/// One lever of the catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct Lever {
    pub id: String,
    /// The measure of the action plan (or attack plan) it belongs to.
    pub measure: String,
    pub name: String,
    pub flow: LeverFlow,
    pub target: LeverTarget,
    /// Effect at the default intensity, in `effect_unit`.
    pub effect: Range3,
    pub effect_unit: String,
    pub intensity_unit: String,
    pub default_intensity: f64,
    /// Cost per year at the default intensity (EUR).
    pub cost_eur_per_year: f64,
    pub payer: String,
    pub start_year: Year,
    pub lag_years: u16,
    /// Years the effect lasts; 0 = to the horizon.
    pub duration_years: u16,
    /// Region of the effect (index into `Dataset::regions`), if any.
    pub region: Option<usize>,
    /// The evidence behind the effect (`evidence`, `evidence_ids` of levers.csv).
    pub backing: Backing,
}

/// One recruitment-campaign option with its funnel.
#[derive(Debug, Clone, PartialEq)]
pub struct Campaign {
    pub id: String,
    pub target_group: String,
    /// `SideEntry` or `Enrolment`.
    pub flow: LeverFlow,
    pub target: LeverTarget,
    pub reach_per_meur: Range3,
    pub interest_share: Range3,
    pub application_share: Range3,
    pub conversion_share: Range3,
    pub lag_years: Range3,
    pub default_budget_meur_per_year: Range3,
    pub default_years: Range3,
    /// The evidence behind each funnel parameter, in the order of the fields
    /// above (reach, interest, application, conversion, lag, budget, years).
    pub backing: [Backing; 7],
    /// Persons in the target group: nobody is reached twice in a year, so
    /// the funnel's reach is capped here whatever the budget.
    pub target_group_persons: f64,
}

impl Campaign {
    /// The evidence of the campaign's effect: the weakest of its four funnel
    /// stages (reach, interest, application, conversion).
    pub fn effect_evidence(&self) -> Evidence {
        self.backing[..4]
            .iter()
            .map(|b| b.evidence)
            .min()
            .unwrap_or_default()
    }

    /// People a year the funnel yields for a budget, at one end of the ranges
    /// (`High` = every stage at its high end). The persons reached are at
    /// most the target group: beyond that budget buys nothing more.
    pub fn persons_per_year(&self, budget_meur_per_year: f64, v: Variant) -> f64 {
        (budget_meur_per_year * self.reach_per_meur.get(v)).min(self.target_group_persons)
            * self.interest_share.get(v)
            * self.application_share.get(v)
            * self.conversion_share.get(v)
    }
}

/// The lever catalogue and campaign options of a dataset.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PolicyData {
    pub levers: Vec<Lever>,
    pub campaigns: Vec<Campaign>,
}

/// A campaign the policy runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CampaignChoice {
    /// Index into `PolicyData::campaigns`.
    pub campaign: usize,
    pub budget_meur_per_year: f64,
    pub years: u16,
    pub start_year: Year,
}

/// A validated policy file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Policy {
    pub name: String,
    pub description: String,
    /// (index into `PolicyData::levers`, intensity).
    pub levers: Vec<(usize, f64)>,
    pub campaigns: Vec<CampaignChoice>,
}

/// Something that acts on a gap run: a lever at an intensity, a campaign, or
/// one of the solver's extra efforts.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Lever { lever: usize, intensity: f64 },
    Campaign(CampaignChoice),
    Extra(Extra),
}

/// An extra effort the solver sizes ("what it would take").
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Extra {
    /// Side-entrants a year into the technician set at mbo4 level.
    SideEntry { persons_per_year: f64, from: Year },
    /// Relative increase of first-year students in all techniek cells.
    TechniekEnrolment { share: f64, from: Year },
    /// Extra productivity growth a year.
    Productivity { points: f64, from: Year },
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each flow's code reads back as that flow: the codes are distinct.
    #[test]
    fn codes_are_distinct() {
        for f in LeverFlow::ALL {
            assert_eq!(LeverFlow::from_code(f.code()), Some(f), "{f:?}");
        }
        assert_eq!(LeverFlow::from_code("unknown"), None);
    }

    /// The funnel reaches at most the target group: a budget beyond
    /// target / reach-per-MEUR buys no one more.
    #[test]
    fn a_campaign_reaches_at_most_its_target_group() {
        let r = Range3::point;
        let mut c = Campaign {
            id: "zij".into(),
            target_group: "side-entrants".into(),
            flow: LeverFlow::SideEntry,
            target: LeverTarget::All,
            reach_per_meur: r(100_000.0),
            interest_share: r(0.1),
            application_share: r(0.1),
            conversion_share: r(0.1),
            lag_years: r(1.0),
            default_budget_meur_per_year: r(1.0),
            default_years: r(3.0),
            backing: Default::default(),
            target_group_persons: 1e12,
        };
        // 100,000 reached per MEUR x 0.1 x 0.1 x 0.1 = 100 persons per MEUR.
        assert!((c.persons_per_year(2.0, Variant::Central) - 200.0).abs() < 1e-9);
        c.target_group_persons = 150_000.0;
        assert!((c.persons_per_year(1.0, Variant::Central) - 100.0).abs() < 1e-9);
        assert!((c.persons_per_year(1000.0, Variant::Central) - 150.0).abs() < 1e-9);
    }
}
