//! Doorrekening step 2: do the plan's measures close the gap?
//!
//! A [`Lever`](crate::inputs::policy::Lever) (one row of `levers.csv`) moves one flow of the supply model,
//! or required labour, from `start_year + lag_years` for `duration_years`
//! years, with an effect that scales linearly with the policy's intensity. A
//! [`Campaign`] turns a budget into people through a funnel (reach ->
//! interest -> applications -> starts). A [`Policy`] switches levers and
//! campaigns on. [`evaluate`] runs the gap without the policy, with all of it,
//! and with each item alone, so that each item's contribution, the interaction
//! between items, the cost per fte and the goals are reported honestly, and
//! solves for what more would close the 2030 technician gap.

use crate::error::GapError;
use crate::inputs::bracket::Variant;
use crate::inputs::codes::Level;
use crate::inputs::dataset::Dataset;
use crate::inputs::evidence::Evidence;
use crate::inputs::policy::{Campaign, Extra, Item, Policy, PolicyData};
use crate::inputs::units::Year;
use crate::reference::gap::{Decomposition, Dim, GapPrep, GapResult, Quantity, GOAL_YEAR};
use crate::reference::policy::{active, items_of, Applied};

/// The figures of one gap run that the plan reports, per bracket run
/// (indexed by the demand variant).
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Technician gap in the goal year (fte).
    pub technician_gap: [f64; 3],
    /// Technician gap by education level in the goal year.
    pub gap_by_level: [Vec<f64>; 3],
    /// Digital-skills count per definition in the goal year (persons).
    pub digital: Vec<[f64; 3]>,
    /// What the technician gap is made of in the goal year, per run.
    pub terms: [Decomposition; 3],
}

/// Runs the gap with `items` and takes the figures the plan reports in `year`.
pub fn outcome(prep: &GapPrep<'_>, items: Vec<Item>, year: Year) -> Result<Outcome, GapError> {
    let ds = prep.dataset;
    let g = prep.run(&Applied { dataset: ds, items })?;
    Outcome::of(ds, &g, year).ok_or(GapError::NoYear(year))
}

/// As [`outcome`] for the last run of `prep`: its inputs are moved, not copied.
pub fn outcome_owned(prep: GapPrep<'_>, items: Vec<Item>, year: Year) -> Result<Outcome, GapError> {
    let ds = prep.dataset;
    let g = prep.into_run(&Applied { dataset: ds, items })?;
    Outcome::of(ds, &g, year).ok_or(GapError::NoYear(year))
}

impl Outcome {
    fn of(ds: &Dataset, g: &GapResult, year: Year) -> Option<Outcome> {
        let tech = ds
            .occupation_set("technician")
            .map(|s| s.members.clone())
            .unwrap_or_default();
        // A single-run result holds one run three times: compute it once.
        let single = std::sync::Arc::ptr_eq(&g.runs[0], &g.runs[1])
            && std::sync::Arc::ptr_eq(&g.runs[1], &g.runs[2]);
        let variants: &[Variant] = if single {
            &[Variant::Central]
        } else {
            &Variant::ALL
        };
        let mut technician_gap = [0.0; 3];
        let mut gap_by_level: [Vec<f64>; 3] = Default::default();
        let mut terms = [Decomposition::default(); 3];
        for &v in variants {
            terms[v as usize] = g.decomposition_total(v, year, Some(&tech))?;
            let cells = g.cells(v, year, Quantity::Gap)?;
            let by = g.aggregate(&cells, Some(&tech), Dim::Level);
            technician_gap[v as usize] = by.iter().sum();
            gap_by_level[v as usize] = by;
        }
        let mut digital: Vec<[f64; 3]> = ds
            .supply
            .as_ref()
            .map(|sd| {
                sd.digital_definitions
                    .iter()
                    .map(|d| {
                        let mut out = [f64::NAN; 3];
                        for &v in variants {
                            out[v as usize] = g.digital_count(ds, d, v, year).unwrap_or(f64::NAN);
                        }
                        out
                    })
                    .collect()
            })
            .unwrap_or_default();
        if single {
            technician_gap = [technician_gap[1]; 3];
            terms = [terms[1]; 3];
            gap_by_level = [
                gap_by_level[1].clone(),
                gap_by_level[1].clone(),
                gap_by_level[1].clone(),
            ];
            for d in &mut digital {
                *d = [d[1]; 3];
            }
        }
        Some(Outcome {
            technician_gap,
            gap_by_level,
            digital,
            terms,
        })
    }

    /// Gap reduction relative to `base` (positive = the gap shrinks), per run.
    pub fn reduction(&self, base: &Outcome) -> [f64; 3] {
        std::array::from_fn(|k| base.technician_gap[k] - self.technician_gap[k])
    }
}

/// The contribution of one item.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    pub item: Item,
    /// Technician gap closed in the goal year when the item acts alone (fte;
    /// per demand variant).
    pub alone: [f64; 3],
    /// Technician gap closed per education level, central run.
    pub by_level: Vec<f64>,
    /// Extra digitally skilled people per definition (central run).
    pub digital: Vec<f64>,
    /// Public cost from the start to the goal year (EUR).
    pub cost_to_goal_year: f64,
}

impl Contribution {
    /// EUR per fte of technician gap closed in the goal year (central).
    pub fn cost_per_fte(&self) -> Option<f64> {
        cost_per_fte(self.cost_to_goal_year, self.alone[1])
    }
}

/// EUR per fte of technician gap closed: `cost` (EUR to the goal year) over
/// `closed` (fte in the goal year, central); none unless both are positive.
/// The one definition: a contribution's and the explorer's setting's.
pub fn cost_per_fte(cost: f64, closed: f64) -> Option<f64> {
    (closed > 0.0 && cost > 0.0).then(|| cost / closed)
}

/// What more would close the remaining technician gap.
#[derive(Debug, Clone, PartialEq)]
pub struct Solved {
    /// The bracket run solved for: `Central`, or `High` (high demand, low
    /// supply: what it takes in the pessimistic case).
    pub variant: Variant,
    /// The effort at its solved size (on top of the whole policy).
    pub extra: Extra,
    /// Whether the gap can be closed this way within the search range.
    pub reachable: bool,
    /// The technician gap of that run in the goal year with the effort
    /// (fte); zero to rounding when reachable.
    pub gap_after: f64,
}

/// The evaluation of one policy on one scenario.
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub year: Year,
    pub without: Outcome,
    pub with: Outcome,
    pub contributions: Vec<Contribution>,
    pub solved: Vec<Solved>,
}

impl Evaluation {
    /// What the technician gap with the policy is made of, per run: the
    /// supply change without the policy and the policy's extra supply apart.
    pub fn terms_with(&self) -> [Decomposition; 3] {
        std::array::from_fn(|k| self.with.terms[k].with_policy(&self.without.terms[k]))
    }

    /// Gap closed by the whole policy (per run).
    pub fn together(&self) -> [f64; 3] {
        self.with.reduction(&self.without)
    }

    /// All-together minus the sum of one-at-a-time (per run): negative when
    /// levers overlap (they draw on the same people), positive when they
    /// reinforce each other.
    pub fn interaction(&self) -> [f64; 3] {
        let together = self.together();
        std::array::from_fn(|k| {
            together[k] - self.contributions.iter().map(|c| c.alone[k]).sum::<f64>()
        })
    }

    /// The central one-at-a-time contributions (fte of technician gap closed
    /// in the goal year) added up per evidence status of the items' effects,
    /// in [`Evidence::ALL`] order (measured, indirect, none). Items without a
    /// quantified effect add nothing.
    pub fn by_evidence(&self, pd: &PolicyData) -> [f64; 3] {
        let mut out = [0.0; 3];
        for c in &self.contributions {
            if let Some(e) = item_evidence(pd, &c.item) {
                let k = Evidence::ALL.iter().position(|x| *x == e).unwrap_or(2);
                out[k] += c.alone[1];
            }
        }
        out
    }

    /// Share of the goal year's central contribution (sum of one at a time)
    /// that rests on effects without evidence; `None` when the items together
    /// close no gap.
    pub fn share_without_evidence(&self, pd: &PolicyData) -> Option<f64> {
        let split = self.by_evidence(pd);
        let total: f64 = split.iter().sum();
        (total > 0.0).then(|| split[2] / total)
    }
}

/// The evidence of an item's effect: a lever's own, a campaign's weakest
/// funnel stage; `None` for an item the data does not have.
pub fn item_evidence(pd: &PolicyData, item: &Item) -> Option<Evidence> {
    match item {
        Item::Lever { lever, .. } => pd.levers.get(*lever).map(|l| l.backing.evidence),
        Item::Campaign(c) => pd.campaigns.get(c.campaign).map(Campaign::effect_evidence),
        Item::Extra(_) => None,
    }
}

/// Public cost of an item from its start (but not before the base year) to
/// `year` (EUR).
pub fn cost_to(ds: &Dataset, item: &Item, year: Year) -> f64 {
    let Some(pd) = &ds.policy else { return 0.0 };
    match item {
        Item::Lever { lever, intensity } => pd.levers.get(*lever).map_or(0.0, |l| {
            let scale = if l.default_intensity > 0.0 {
                intensity / l.default_intensity
            } else {
                0.0
            };
            // Paid from the start (not before the base year: sunk), for
            // the lever's duration, up to `year`.
            let years = (l.start_year.max(ds.base_year)..=year)
                .filter(|t| active(i64::from(*t), i64::from(l.start_year), l.duration_years))
                .count();
            l.cost_eur_per_year * scale * years as f64
        }),
        Item::Campaign(c) => {
            let years = (c.start_year.max(ds.base_year)..=year)
                .filter(|t| active(i64::from(*t), i64::from(c.start_year), c.years))
                .count();
            c.budget_meur_per_year * 1e6 * years as f64
        }
        Item::Extra(_) => 0.0,
    }
}

/// Whether an item can change anything (governance levers cannot).
pub(crate) fn acts(ds: &Dataset, item: &Item) -> bool {
    match item {
        Item::Lever { lever, intensity } => ds
            .policy
            .as_ref()
            .and_then(|pd| pd.levers.get(*lever))
            .is_some_and(|l| {
                l.flow.acts()
                    && *intensity != 0.0
                    && (l.effect.low != 0.0 || l.effect.central != 0.0 || l.effect.high != 0.0)
            }),
        _ => true,
    }
}

/// The year a plan is judged in: 2030, or the scenario's last year before it.
pub fn goal_year(prep: &GapPrep<'_>) -> Result<Year, GapError> {
    prep.years
        .iter()
        .copied()
        .filter(|t| *t <= GOAL_YEAR)
        .max()
        .ok_or(GapError::NoGoalYear { goal: GOAL_YEAR })
}

/// Evaluates `policy` on a prepared scenario: without it, with it, each item
/// alone, and what more would close the technician gap in the goal year
/// (2030, or the last gap year before it).
pub fn evaluate(prep: &GapPrep<'_>, policy: &Policy) -> Result<Evaluation, GapError> {
    let ds = prep.dataset;
    let year = goal_year(prep)?;
    // Every figure here is national: run with the regions summed.
    let national = prep.national();
    let prep = &national;
    let outcome = |items: Vec<Item>| outcome(prep, items, year);
    let without = outcome(Vec::new())?;
    let items = items_of(policy);
    let with = outcome(items.clone())?;
    let mut contributions = Vec::new();
    for item in &items {
        let (alone, by_level, digital) = if acts(ds, item) {
            let o = outcome(vec![item.clone()])?;
            let by_level = without.gap_by_level[1]
                .iter()
                .zip(&o.gap_by_level[1])
                .map(|(a, b)| a - b)
                .collect();
            let digital = o
                .digital
                .iter()
                .zip(&without.digital)
                .map(|(a, b)| a[1] - b[1])
                .collect();
            (o.reduction(&without), by_level, digital)
        } else {
            (
                [0.0; 3],
                vec![0.0; Level::ALL.len()],
                vec![0.0; without.digital.len()],
            )
        };
        contributions.push(Contribution {
            item: item.clone(),
            alone,
            by_level,
            digital,
            cost_to_goal_year: cost_to(ds, item, year),
        });
    }
    let from = prep.years.first().copied().unwrap_or(year);
    let solved = [
        Extra::SideEntry {
            persons_per_year: 0.0,
            from,
        },
        Extra::TechniekEnrolment { share: 0.0, from },
        Extra::Productivity { points: 0.0, from },
    ]
    .into_iter()
    .flat_map(|x| [(x, Variant::Central), (x, Variant::High)])
    .map(|(x, v)| solve(prep, &items, x, v, year, with.technician_gap[v as usize]))
    .collect::<Result<Vec<_>, _>>()?;
    Ok(Evaluation {
        year,
        without,
        with,
        contributions,
        solved,
    })
}

pub(crate) fn with_size(x: Extra, size: f64) -> Extra {
    match x {
        Extra::SideEntry { from, .. } => Extra::SideEntry {
            persons_per_year: size,
            from,
        },
        Extra::TechniekEnrolment { from, .. } => Extra::TechniekEnrolment { share: size, from },
        Extra::Productivity { from, .. } => Extra::Productivity { points: size, from },
    }
}

/// Search range of each effort: beyond it the answer is "not this way".
pub(crate) fn search_cap(x: Extra) -> f64 {
    match x {
        // The whole technician set is about 1.2 million fte.
        Extra::SideEntry { .. } => 1_000_000.0,
        // Ten times as many first-year technical students.
        Extra::TechniekEnrolment { .. } => 10.0,
        // 20 points of extra productivity growth a year.
        Extra::Productivity { .. } => 0.2,
    }
}

/// Finds the size of `extra` that brings the central technician gap in
/// `year` to zero on top of `items`: secant steps inside a bracket that
/// always contains the root (exact in one step where the gap is linear in
/// the effort, as for side-entry), bisection when a step leaves it.
pub fn solve(
    prep: &GapPrep<'_>,
    items: &[Item],
    extra: Extra,
    variant: Variant,
    year: Year,
    gap_with_policy: f64,
) -> Result<Solved, GapError> {
    let ds = prep.dataset;
    let tech = ds
        .occupation_set("technician")
        .map(|s| s.members.clone())
        .unwrap_or_default();
    let gap_at = |size: f64| -> Result<f64, GapError> {
        let mut all = items.to_vec();
        all.push(Item::Extra(with_size(extra, size)));
        let g = prep.run(&Applied {
            dataset: ds,
            items: all,
        })?;
        let cells = g
            .cells(variant, year, Quantity::Gap)
            .ok_or(GapError::NoYear(year))?;
        Ok(g.aggregate(&cells, Some(&tech), Dim::Level).iter().sum())
    };
    if gap_with_policy <= 0.0 {
        return Ok(Solved {
            variant,
            extra: with_size(extra, 0.0),
            reachable: true,
            gap_after: gap_with_policy,
        });
    }
    let cap = search_cap(extra);
    let (mut lo, mut f_lo) = (0.0, gap_with_policy);
    let (mut hi, mut f_hi) = (cap, gap_at(cap)?);
    if f_hi > 0.0 {
        return Ok(Solved {
            variant,
            extra: with_size(extra, cap),
            reachable: false,
            gap_after: f_hi,
        });
    }
    // Tolerance: a tenth of an fte.
    for _ in 0..60 {
        let secant = lo - f_lo * (hi - lo) / (f_hi - f_lo);
        let x = if secant > lo && secant < hi {
            secant
        } else {
            0.5 * (lo + hi)
        };
        let f = gap_at(x)?;
        if f.abs() < 0.1 {
            return Ok(Solved {
                variant,
                extra: with_size(extra, x),
                reachable: true,
                gap_after: f,
            });
        }
        if f > 0.0 {
            (lo, f_lo) = (x, f);
        } else {
            (hi, f_hi) = (x, f);
        }
        if hi - lo < 1e-12 * cap {
            break;
        }
    }
    Ok(Solved {
        variant,
        extra: with_size(extra, hi),
        reachable: true,
        gap_after: f_hi,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::inputs::bracket::Range3;
    use crate::inputs::evidence::Backing;
    use crate::inputs::policy::CampaignChoice;
    use crate::reference::demand::{run as demand_run, Prepared};
    use crate::toy::toy_scenario;
    use crate::toy::toy_with_policy;

    use crate::reference::gap::GapOptions;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6 * (1.0 + b.abs())
    }

    fn prep(ds: &Dataset) -> (crate::Scenario, [crate::DemandResult; 3]) {
        let sc = toy_scenario(1.0);
        let p = Prepared::new(ds).expect("toy prepares");
        let demand = Variant::ALL.map(|v| demand_run(&p, &sc, v));
        (sc, demand)
    }

    fn policy(levers: &[(usize, f64)]) -> Policy {
        Policy {
            name: "test".into(),
            levers: levers.to_vec(),
            ..Policy::default()
        }
    }

    /// 10 side-entrants a year from 2025 on a stock losing 15% a year: the
    /// extra stock is 0, 10, 18.5, 25.725 on 1 January 2025..2028 and 31.866
    /// on 1 January 2029, so 2028's average is 28.795 fte.
    #[test]
    fn side_entry_lever_by_hand() {
        let ds = toy_with_policy();
        let (sc, demand) = prep(&ds);
        let gp = GapPrep::new(&ds, &sc, &demand, GapOptions::default()).expect("prep");
        let ev = evaluate(&gp, &policy(&[(0, 10.0)])).expect("evaluates");
        assert_eq!(ev.year, 2028);
        let c = &ev.contributions[0];
        assert!(
            close(c.alone[1], 0.5 * (25.725 + 31.866_25)),
            "{:?}",
            c.alone
        );
        // The low-gap run (high supply) takes the lever's high end: 15 a year.
        assert!(close(c.alone[0], 1.5 * c.alone[1]), "{:?}", c.alone);
        assert!(close(ev.together()[1], c.alone[1]));
        assert!(close(ev.interaction()[1], 0.0));
        // Cost: 10 MEUR a year 2025..2028.
        assert!(close(c.cost_to_goal_year, 40e6));
        assert!(close(
            c.cost_per_fte().expect("positive"),
            40e6 / c.alone[1]
        ));
    }

    /// Summing the provinces first gives the same national figures.
    #[test]
    fn national_runs_equal_the_sum_of_the_regions() {
        let ds = toy_with_policy();
        let (sc, demand) = prep(&ds);
        let gp = GapPrep::new(&ds, &sc, &demand, GapOptions::default()).expect("prep");
        assert_eq!(gp.n_regions, 2);
        let nat = gp.national();
        let items = vec![
            Item::Lever {
                lever: 0,
                intensity: 10.0,
            },
            Item::Lever {
                lever: 2,
                intensity: 10.0,
            },
            Item::Lever {
                lever: 4,
                intensity: 10.0,
            },
        ];
        for year in gp.years.clone() {
            let a = outcome(&gp, items.clone(), year).expect("regional");
            let b = outcome(&nat, items.clone(), year).expect("national");
            for k in 0..3 {
                assert!(close(a.technician_gap[k], b.technician_gap[k]), "{year}");
                for (x, y) in a.digital.iter().zip(&b.digital) {
                    assert!(close(x[k], y[k]));
                }
            }
        }
    }

    /// The side-entry lever (indirect evidence) and the retention lever (no
    /// evidence) split the one-at-a-time sum by their evidence.
    #[test]
    fn contributions_split_by_evidence() {
        let mut ds = toy_with_policy();
        if let Some(pd) = &mut ds.policy {
            pd.levers[0].backing = Backing {
                evidence: Evidence::Indirect,
                ids: vec!["X".into()],
            };
        }
        let (sc, demand) = prep(&ds);
        let gp = GapPrep::new(&ds, &sc, &demand, GapOptions::default()).expect("prep");
        let ev = evaluate(&gp, &policy(&[(0, 10.0), (2, 10.0), (1, 1.0)])).expect("evaluates");
        let pd = ds.policy.as_ref().expect("policy");
        let (side, retain) = (ev.contributions[0].alone[1], ev.contributions[1].alone[1]);
        assert!(side > 0.0 && retain > 0.0, "{side} {retain}");
        let split = ev.by_evidence(pd);
        assert_eq!(split[0], 0.0);
        assert!(close(split[1], side));
        assert!(close(split[2], retain));
        let share = ev.share_without_evidence(pd).expect("a gap is closed");
        assert!(close(share, retain / (side + retain)));
        // Nothing closed: no share.
        let none = evaluate(&gp, &policy(&[(1, 1.0)])).expect("evaluates");
        assert_eq!(none.share_without_evidence(pd), None);
    }

    #[test]
    fn evidence_orders_from_the_weakest() {
        assert!(Evidence::None < Evidence::Indirect && Evidence::Indirect < Evidence::Measured);
        for e in Evidence::ALL {
            assert_eq!(Evidence::from_label(e.label()), Some(e));
        }
        assert_eq!(Evidence::None.shown_nl(), "geen onderbouwing");
        let mut c = toy_with_policy().policy.expect("policy").campaigns[0].clone();
        c.backing[0].evidence = Evidence::Measured;
        c.backing[1].evidence = Evidence::Indirect;
        c.backing[2].evidence = Evidence::Measured;
        c.backing[3].evidence = Evidence::Indirect;
        // Lag, budget and years do not count for the effect's evidence.
        assert_eq!(c.effect_evidence(), Evidence::Indirect);
    }

    #[test]
    fn a_lever_without_effect_changes_nothing() {
        let ds = toy_with_policy();
        let (sc, demand) = prep(&ds);
        let gp = GapPrep::new(&ds, &sc, &demand, GapOptions::default()).expect("prep");
        let ev = evaluate(&gp, &policy(&[(1, 10.0), (0, 0.0)])).expect("evaluates");
        assert_eq!(ev.with, ev.without);
        for c in &ev.contributions {
            assert_eq!(c.alone, [0.0; 3]);
        }
    }

    #[test]
    fn nothing_happens_before_start_plus_lag() {
        let mut ds = toy_with_policy();
        if let Some(pd) = ds.policy.as_mut() {
            for l in &mut pd.levers {
                l.start_year = 2026;
                l.lag_years = 1;
            }
        }
        let (sc, demand) = prep(&ds);
        let gp = GapPrep::new(&ds, &sc, &demand, GapOptions::default()).expect("prep");
        let base = gp.run(&crate::reference::gap::NoAdjustment).expect("runs");
        for lever in [0, 2, 3, 4] {
            let g = gp
                .run(&Applied {
                    dataset: &ds,
                    items: vec![Item::Lever {
                        lever,
                        intensity: 10.0,
                    }],
                })
                .expect("runs");
            for year in [2024u16, 2025, 2026] {
                for v in Variant::ALL {
                    assert_eq!(
                        g.cells(v, year, Quantity::Gap),
                        base.cells(v, year, Quantity::Gap),
                        "lever {lever} acts in {year}"
                    );
                }
            }
            // From 2027 (start 2026 + lag 1) it acts: in 2028 at the latest
            // (the enrolment lever's students graduate after two years).
            let changed = |y| {
                g.cells(Variant::Central, y, Quantity::Gap)
                    != base.cells(Variant::Central, y, Quantity::Gap)
            };
            assert!(changed(2028) || lever == 4, "lever {lever} never acts");
        }
    }

    #[test]
    fn doubling_a_linear_lever_doubles_its_contribution() {
        let ds = toy_with_policy();
        let (sc, demand) = prep(&ds);
        let gp = GapPrep::new(&ds, &sc, &demand, GapOptions::default()).expect("prep");
        let one = evaluate(&gp, &policy(&[(0, 10.0)])).expect("evaluates");
        let two = evaluate(&gp, &policy(&[(0, 20.0)])).expect("evaluates");
        for k in 0..3 {
            assert!(close(
                two.contributions[0].alone[k],
                2.0 * one.contributions[0].alone[k]
            ));
        }
        assert!(close(
            two.contributions[0].cost_to_goal_year,
            2.0 * one.contributions[0].cost_to_goal_year
        ));
    }

    #[test]
    fn campaign_funnel_and_lag() {
        let ds = toy_with_policy();
        let (sc, demand) = prep(&ds);
        let gp = GapPrep::new(&ds, &sc, &demand, GapOptions::default()).expect("prep");
        // 1 MEUR a year from 2025 for 3 years, lag 1: 100 side-entrants a
        // year in 2026, 2027 and 2028 (1e5 x 0.1 x 0.1 x 0.1).
        let p = Policy {
            campaigns: vec![CampaignChoice {
                campaign: 0,
                budget_meur_per_year: 1.0,
                years: 3,
                start_year: 2025,
            }],
            ..policy(&[])
        };
        let ev = evaluate(&gp, &p).expect("evaluates");
        // Extra stock 0 (2026), 100 (2027), 185 (2028), 257.25 (2029).
        assert!(close(ev.contributions[0].alone[1], 0.5 * (185.0 + 257.25)));
        assert!(close(ev.contributions[0].cost_to_goal_year, 4e6 * 0.75));
    }

    /// The lag of a campaign follows the bracket: the shortest lag in the
    /// high-supply run, so its effect there starts earlier and is larger.
    #[test]
    fn campaign_lag_range_is_bracketed() {
        let mut ds = toy_with_policy();
        if let Some(pd) = ds.policy.as_mut() {
            pd.campaigns[0].lag_years = Range3 {
                low: 0.0,
                central: 1.0,
                high: 2.0,
            };
        }
        let (sc, demand) = prep(&ds);
        let gp = GapPrep::new(&ds, &sc, &demand, GapOptions::default()).expect("prep");
        let p = Policy {
            campaigns: vec![CampaignChoice {
                campaign: 0,
                budget_meur_per_year: 1.0,
                years: 3,
                start_year: 2025,
            }],
            ..policy(&[])
        };
        let ev = evaluate(&gp, &p).expect("evaluates");
        let a = ev.contributions[0].alone;
        // Low-gap run (lag 0): 100 a year in 2025-2027; central (lag 1): 2026-2028.
        assert!(a[0] > a[1] && a[1] > a[2], "{a:?}");
        assert!(close(a[1], 0.5 * (185.0 + 257.25)));
    }

    #[test]
    fn solved_efforts_close_the_gap_when_fed_back() {
        let ds = toy_with_policy();
        let (sc, demand) = prep(&ds);
        let gp = GapPrep::new(&ds, &sc, &demand, GapOptions::default()).expect("prep");
        let p = policy(&[(0, 10.0), (2, 10.0)]);
        let ev = evaluate(&gp, &p).expect("evaluates");
        assert!(ev.with.technician_gap[1] > 0.0, "the toy gap stays open");
        let tech = [0usize];
        for s in &ev.solved {
            // Unreachable, or nothing to close in that run.
            if !s.reachable || ev.with.technician_gap[s.variant as usize] <= 0.0 {
                continue;
            }
            let mut items = items_of(&p);
            items.push(Item::Extra(s.extra));
            let g = gp
                .run(&Applied {
                    dataset: &ds,
                    items,
                })
                .expect("runs");
            let cells = g.cells(s.variant, ev.year, Quantity::Gap).expect("year");
            let gap: f64 = g.aggregate(&cells, Some(&tech), Dim::Level).iter().sum();
            assert!(gap.abs() < 0.5, "{:?} leaves {gap}", s.extra);
        }
        // Side-entry is linear: always reachable.
        assert!(ev.solved[0].reachable);
    }
}
