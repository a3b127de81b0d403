//! Monte Carlo over every parameter with a range, and what matters most.
//!
//! Every `low`/`central`/`high` range of the dataset (scalar parameters,
//! labour intensities, costs per unit, fossil losses, supply parameters,
//! lever effects, campaign funnel stages) is a [`Slot`]. A draw takes one
//! uniform number per slot from a ChaCha8 stream keyed by (seed, draw index),
//! joins the numbers of a correlation group ([`effective_uniforms`]) and
//! turns each into a value with the inverse CDF of the slot's distribution
//! (triangular by default; see [`crate::distribution`] and the dataset's
//! `uncertainty.csv`); the draw's dataset has those values as points, and
//! the chain (demand, national supply, gap, policy) runs at them. Because
//! each draw's numbers depend only on the seed and its index, and results
//! are kept in draw order, the outcome is the same bit for bit whatever the
//! number of threads.
//!
//! Sensitivity: a one-at-a-time tornado (each slot at its low and high end,
//! the rest central) and a first-order variance index estimated from the
//! draws (the variance of the mean outcome within bins of the slot's
//! uniform number, over the total variance).

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::dataset::{Dataset, Path, Range3};
use crate::demand::{run as demand_run, Prepared};
pub use crate::distribution::triangular;
use crate::distribution::{normal_cdf, normal_quantile, Distribution};
use crate::engine::{DrawFigures, Engine};
use crate::gap::{Dim, GapError, GapOptions, GapPrep, Quantity};
use crate::plan::{items_of, Applied, Item, Policy};
use crate::scenario::Scenario;
use crate::units::Year;
use crate::Variant;

/// Where a range lives in the dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotRef {
    /// `Params` field: 0 fte hours, 1 currency, 2 price index, 3 productivity.
    Param(usize),
    /// Labour intensity of activity `a` of bottom-up measure `m`.
    Intensity(usize, usize),
    /// Cost per unit of spending measure `m`.
    Cost(usize),
    /// Fte lost in fossil segment `i`.
    Fossil(usize),
    /// Supply parameter (0..7 in `SupplyParams` order).
    Supply(usize),
    /// Effect of lever `i`.
    Lever(usize),
    /// Funnel stage `k` (0 reach, 1 interest, 2 application, 3 conversion)
    /// of campaign `i`.
    Campaign(usize, usize),
}

/// One uncertain number of the dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub name: String,
    pub range: Range3,
    pub at: SlotRef,
    /// How it is drawn (`uncertainty.csv`; triangular when not declared).
    pub distribution: Distribution,
    /// The correlation group it moves with, if any.
    pub group: Option<SlotGroup>,
}

/// A slot's link to its correlation group, among the slots of one list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlotGroup {
    /// Index into the dataset's `uncertainty.groups`.
    pub index: usize,
    /// Correlation between every two members (1 = one uniform number).
    pub correlation: f64,
    /// Position (in the slot list) of the group's first member, whose
    /// uniform number all members take when the correlation is 1.
    pub leader: usize,
    /// Members in the slot list.
    pub size: usize,
}

/// Every range of the dataset with a non-zero width, each with how it is
/// drawn. Group members are linked among the returned slots only; a group
/// left with one member of non-zero width is drawn independently.
pub fn slots(ds: &Dataset) -> Vec<Slot> {
    let mut out: Vec<Slot> = all_slots(ds)
        .into_iter()
        .filter(|s| s.range.low != s.range.high)
        .collect();
    link_groups(&mut out);
    out
}

/// Sets `leader` and `size` of every grouped slot; a group with one member
/// loses its link.
fn link_groups(slots: &mut [Slot]) {
    let groups: Vec<Option<usize>> = slots.iter().map(|s| s.group.map(|g| g.index)).collect();
    for (k, s) in slots.iter_mut().enumerate() {
        let Some(g) = s.group.as_mut() else { continue };
        let members = groups.iter().filter(|x| **x == Some(g.index));
        g.size = members.count();
        g.leader = groups.iter().position(|x| *x == Some(g.index)).unwrap_or(k);
        if g.size < 2 {
            s.group = None;
        }
    }
}

/// The names of every range of the dataset, zero width included, with the
/// range: what `uncertainty.csv` may name.
pub fn slot_names(ds: &Dataset) -> Vec<(String, Range3)> {
    all_slots(ds)
        .into_iter()
        .map(|s| (s.name, s.range))
        .collect()
}

/// Every range of the dataset, zero width included, groups not yet linked.
fn all_slots(ds: &Dataset) -> Vec<Slot> {
    let mut out = Vec::new();
    let decl = &ds.uncertainty;
    let mut push = |name: String, range: Range3, at: SlotRef| {
        let d = decl.of(&name);
        let group = d.and_then(|d| d.group).map(|index| SlotGroup {
            index,
            correlation: decl.groups.get(index).map_or(1.0, |g| g.correlation),
            leader: 0,
            size: 0,
        });
        out.push(Slot {
            distribution: d.map_or(Distribution::Triangular, |d| d.distribution),
            group,
            name,
            range,
            at,
        });
    };
    let p = &ds.params;
    for (k, (name, r)) in [
        ("fte_hours_per_year", p.fte_hours_per_year),
        ("io_currency_per_eur", p.io_currency_per_eur),
        ("price_index_base_vs_io", p.price_index_base_vs_io),
        ("productivity_growth", p.productivity_growth),
    ]
    .into_iter()
    .enumerate()
    {
        push(format!("parameters.csv:{name}"), r, SlotRef::Param(k));
    }
    for (m, measure) in ds.measures.iter().enumerate() {
        match &measure.path {
            Path::BottomUp { activities } => {
                for (a, act) in activities.iter().enumerate() {
                    push(
                        format!("activities.csv:{}/{}", measure.id, act.name),
                        act.intensity,
                        SlotRef::Intensity(m, a),
                    );
                }
            }
            Path::Spending { cost_per_unit, .. } => {
                push(
                    format!("measures.csv:{} cost", measure.id),
                    *cost_per_unit,
                    SlotRef::Cost(m),
                );
            }
        }
    }
    for (i, f) in ds.fossil_losses.iter().enumerate() {
        push(
            format!("fossil_losses.csv:{}", f.id),
            f.fte_lost,
            SlotRef::Fossil(i),
        );
    }
    if let Some(sd) = &ds.supply {
        for (k, (name, r)) in sd.params.named_ranges().into_iter().enumerate() {
            push(
                format!("supply_parameters.csv:{name}"),
                r,
                SlotRef::Supply(k),
            );
        }
    }
    if let Some(pd) = &ds.policy {
        for (i, l) in pd.levers.iter().enumerate() {
            push(format!("levers.csv:{}", l.id), l.effect, SlotRef::Lever(i));
        }
        for (i, c) in pd.campaigns.iter().enumerate() {
            for (k, (stage, r)) in [
                ("reach_per_meur", c.reach_per_meur),
                ("interest_share", c.interest_share),
                ("application_share", c.application_share),
                ("conversion_share", c.conversion_share),
            ]
            .into_iter()
            .enumerate()
            {
                push(
                    format!("campaigns.csv:{}/{stage}", c.id),
                    r,
                    SlotRef::Campaign(i, k),
                );
            }
        }
    }
    out
}

/// Sets the range at `at` to the single value `v`.
pub fn set(ds: &mut Dataset, at: SlotRef, v: f64) {
    let point = Range3::point(v);
    match at {
        SlotRef::Param(k) => {
            let p = &mut ds.params;
            match k {
                0 => p.fte_hours_per_year = point,
                1 => p.io_currency_per_eur = point,
                2 => p.price_index_base_vs_io = point,
                _ => p.productivity_growth = point,
            }
        }
        SlotRef::Intensity(m, a) => {
            if let Some(Path::BottomUp { activities }) = ds.measures.get_mut(m).map(|m| &mut m.path)
            {
                if let Some(act) = activities.get_mut(a) {
                    act.intensity = point;
                }
            }
        }
        SlotRef::Cost(m) => {
            if let Some(Path::Spending { cost_per_unit, .. }) =
                ds.measures.get_mut(m).map(|m| &mut m.path)
            {
                *cost_per_unit = point;
            }
        }
        SlotRef::Fossil(i) => {
            if let Some(f) = ds.fossil_losses.get_mut(i) {
                f.fte_lost = point;
            }
        }
        SlotRef::Supply(k) => {
            if let Some(sd) = ds.supply.as_mut() {
                let p = &mut sd.params;
                let field = match k {
                    0 => &mut p.fte_per_person_women,
                    1 => &mut p.fte_per_person_men,
                    2 => &mut p.switch_out_women,
                    3 => &mut p.switch_out_men,
                    4 => &mut p.retirement_share_of_replacement,
                    5 => &mut p.side_entry_per_switch_out,
                    _ => &mut p.migration_rate,
                };
                *field = point;
            }
        }
        SlotRef::Lever(i) => {
            if let Some(l) = ds.policy.as_mut().and_then(|pd| pd.levers.get_mut(i)) {
                l.effect = point;
            }
        }
        SlotRef::Campaign(i, k) => {
            if let Some(c) = ds.policy.as_mut().and_then(|pd| pd.campaigns.get_mut(i)) {
                let field = match k {
                    0 => &mut c.reach_per_meur,
                    1 => &mut c.interest_share,
                    2 => &mut c.application_share,
                    _ => &mut c.conversion_share,
                };
                *field = point;
            }
        }
    }
}

/// The uniform numbers of draw `index`: one per slot, from the ChaCha8
/// stream `index` of `seed`.
pub fn uniforms(seed: u64, index: u64, n: usize) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index);
    (0..n)
        .map(|_| (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64))
        .collect()
}

/// The values of draw `index`: each slot's uniform number (joined with its
/// group's, see [`effective_uniforms`]) through the inverse of its
/// distribution.
pub fn draw_values(slots: &[Slot], seed: u64, index: u64) -> Vec<f64> {
    values_of(slots, &uniforms(seed, index, slots.len()))
}

fn values_of(slots: &[Slot], u: &[f64]) -> Vec<f64> {
    slots
        .iter()
        .zip(effective_uniforms(slots, u))
        .map(|(s, x)| s.distribution.quantile(s.range, x))
        .collect()
}

/// The uniform numbers the slots' distributions are taken at, from the
/// independent numbers `u` (one per slot): an ungrouped slot keeps its own;
/// the members of a group with correlation 1 all take the number of the
/// group's first member; those of a group with correlation ρ < 1 take
/// Φ(√(1 − ρ) z_k + c Σ z_j) with z = Φ⁻¹(u) over the members and
/// c = (√(1 − ρ + ρm) − √(1 − ρ)) / m, which gives every two of the m
/// members normal scores with correlation ρ (a Gaussian copula).
pub fn effective_uniforms(slots: &[Slot], u: &[f64]) -> Vec<f64> {
    let n = slots.len().min(u.len());
    // Σ z over the members of each copula group, once per group (keyed by
    // the group's first member), added in slot order as in
    // `effective_uniform`, so both give the same bits.
    let mut sums: Vec<(usize, f64)> = Vec::new();
    for (s, x) in slots.iter().zip(u) {
        if let Some(g) = s.group.filter(|g| g.correlation < 1.0) {
            match sums.iter_mut().find(|(l, _)| *l == g.leader) {
                Some((_, sum)) => *sum += normal_quantile(*x),
                None => sums.push((g.leader, normal_quantile(*x))),
            }
        }
    }
    (0..n)
        .map(|k| {
            let sum = slots[k]
                .group
                .and_then(|g| sums.iter().find(|(l, _)| *l == g.leader))
                .map(|(_, s)| *s);
            effective_uniform_with(slots, u, k, sum)
        })
        .collect()
}

/// [`effective_uniforms`] for slot `k` alone.
pub fn effective_uniform(slots: &[Slot], u: &[f64], k: usize) -> f64 {
    effective_uniform_with(slots, u, k, None)
}

/// [`effective_uniform`], with the group's Σ z when already known.
fn effective_uniform_with(slots: &[Slot], u: &[f64], k: usize, sum: Option<f64>) -> f64 {
    let own = u.get(k).copied().unwrap_or(0.5);
    let Some(g) = slots.get(k).and_then(|s| s.group) else {
        return own;
    };
    if g.correlation >= 1.0 {
        return u.get(g.leader).copied().unwrap_or(own);
    }
    let rho = g.correlation.max(0.0);
    let sum = sum.unwrap_or_else(|| {
        slots
            .iter()
            .zip(u)
            .filter(|(s, _)| s.group.is_some_and(|h| h.leader == g.leader))
            .fold(0.0, |acc, (_, x)| acc + normal_quantile(*x))
    });
    let m = g.size.max(1) as f64;
    let c = ((1.0 - rho + rho * m).sqrt() - (1.0 - rho).sqrt()) / m;
    normal_cdf((1.0 - rho).sqrt() * normal_quantile(own) + c * sum)
}

/// What one draw (or one deterministic run) gives.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawOutcome {
    /// Technician gap in the goal year without the policy (fte).
    pub gap_without: f64,
    /// With the policy (equal to `gap_without` without a policy).
    pub gap_with: f64,
    /// Digital-skills count per definition, without and with (persons).
    pub digital_without: Vec<f64>,
    pub digital_with: Vec<f64>,
    /// Every figure of the run without the policy: the technician gap per
    /// gap year and by level, the digital counts.
    pub without: DrawFigures,
    /// The same with the policy (equal to `without` without a policy).
    pub with: DrawFigures,
}

impl DrawOutcome {
    /// The outcome of the figures without and with the policy; `goal` is
    /// the goal year's index among the gap years.
    pub fn new(without: DrawFigures, with: DrawFigures, goal: usize) -> DrawOutcome {
        let at_goal = |f: &DrawFigures| f.gap_by_year.get(goal).copied().unwrap_or(f64::NAN);
        DrawOutcome {
            gap_without: at_goal(&without),
            gap_with: at_goal(&with),
            digital_without: without.digital.clone(),
            digital_with: with.digital.clone(),
            without,
            with,
        }
    }
}

/// The dataset and scenario with all provinces merged into one region. All
/// national totals stay the same (every regional split is a share); a draw
/// on this view costs a twelfth of one on the provinces.
pub fn national_view(ds: &Dataset, scenario: &Scenario) -> (Dataset, Scenario) {
    let mut d = ds.clone();
    d.regions.truncate(1);
    d.region_shares = vec![1.0; d.region_groups.len()];
    for m in &mut d.measures {
        if !m.regions.is_empty() {
            m.regions = vec![(0, 1.0)];
        }
    }
    let mut sc = scenario.clone();
    let one = |r: &mut Option<Vec<(usize, f64)>>| {
        if r.is_some() {
            *r = Some(vec![(0, 1.0)]);
        }
    };
    for sm in &mut sc.measures {
        one(&mut sm.regions);
    }
    for inv in &mut sc.investments {
        one(&mut inv.spend.regions);
    }
    (d, sc)
}

/// Runs the chain once on `ds` taken at its central values; `prepared`,
/// when given, is a preparation of a dataset with the same input-output
/// table whose Leontief inverse is reused.
pub fn run_point(
    ds: &Dataset,
    scenario: &Scenario,
    items: &[Item],
    options: GapOptions,
    year: Year,
    prepared: Option<&Prepared<'_>>,
) -> Result<DrawOutcome, GapError> {
    let prep = match prepared.and_then(|p| p.rebind(ds)) {
        Some(p) => p,
        None => Prepared::new(ds)
            .map_err(|e| GapError::Years(format!("the input-output table: {e}")))?,
    };
    let demand = demand_run(&prep, scenario, crate::Variant::Central);
    let gp = GapPrep::single(ds, scenario, &demand, options)?;
    // The provinces run in full: the three runs are one (the ranges are points).
    let regional = if ds.n_regions() > 1 {
        let d = || demand.clone();
        Some(GapPrep::new(ds, scenario, &[d(), d(), d()], options)?)
    } else {
        None
    };
    let figures = |items: Vec<Item>| -> Result<DrawFigures, GapError> {
        let gap_by_province = match &regional {
            Some(rp) => {
                let g = rp.run(&Applied {
                    dataset: ds,
                    items: items.clone(),
                })?;
                let tech = ds.occupation_set("technician").map(|s| &s.members[..]);
                let mut rows = Vec::new();
                for &t in &g.years {
                    let cells = g
                        .cells(Variant::Central, t, Quantity::Gap)
                        .ok_or_else(|| GapError::Years(format!("no gap for {t}")))?;
                    rows.extend(g.aggregate(&cells, Some(tech.unwrap_or(&[])), Dim::Region));
                }
                rows
            }
            None => Vec::new(),
        };
        let g = gp.run(&Applied { dataset: ds, items })?;
        let tech = ds
            .occupation_set("technician")
            .map(|s| s.members.clone())
            .unwrap_or_default();
        let by_level = |t: Year| -> Result<Vec<f64>, GapError> {
            let cells = g
                .cells(Variant::Central, t, Quantity::Gap)
                .ok_or_else(|| GapError::Years(format!("no gap for {t}")))?;
            Ok(g.aggregate(&cells, Some(&tech), Dim::Level))
        };
        let gap_by_year = g
            .years
            .iter()
            .map(|&t| by_level(t).map(|b| b.iter().sum()))
            .collect::<Result<Vec<f64>, GapError>>()?;
        let digital = ds
            .supply
            .as_ref()
            .map(|sd| {
                sd.digital_definitions
                    .iter()
                    .map(|d| {
                        g.digital_count(ds, d, Variant::Central, year)
                            .unwrap_or(f64::NAN)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let tech = ds.occupation_set("technician").map(|s| &s.members[..]);
        let total = |q: Quantity| -> Result<f64, GapError> {
            g.total(year, q, Some(tech.unwrap_or(&[])))
                .map(|b| b.central)
                .ok_or_else(|| GapError::Years(format!("no gap for {year}")))
        };
        Ok(DrawFigures {
            gap_by_year,
            gap_by_level: by_level(year)?,
            required: total(Quantity::Required)?,
            available: total(Quantity::Available)?,
            digital,
            gap_by_province,
        })
    };
    let without = figures(Vec::new())?;
    let with = if items.is_empty() {
        without.clone()
    } else {
        figures(items.to_vec())?
    };
    let goal = gp
        .years
        .iter()
        .position(|t| *t == year)
        .ok_or_else(|| GapError::Years(format!("no gap for {year}")))?;
    Ok(DrawOutcome::new(without, with, goal))
}

/// Mean and quantiles of a sample.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub mean: f64,
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
}

/// Quantile `q` of `values`, linear between order statistics (the
/// quantile of the sorted values at rank `q x (n - 1)`). Finds the two
/// order statistics by selection, O(n), reordering `values`; NaN sorts
/// last ([`f64::total_cmp`]).
fn quantile(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let x = q * (values.len() - 1) as f64;
    let (i, f) = (x.floor() as usize, x - x.floor());
    let (_, at, above) = values.select_nth_unstable_by(i, f64::total_cmp);
    let at = *at;
    // The next order statistic is the least of those above rank i.
    let next = above.iter().copied().min_by(f64::total_cmp).unwrap_or(at);
    at + f * (next - at)
}

/// Mean, P5, P50 and P95 of a sample.
pub fn summarize(values: &[f64]) -> Summary {
    let mut v = values.to_vec();
    Summary {
        mean: values.iter().sum::<f64>() / values.len().max(1) as f64,
        p5: quantile(&mut v, 0.05),
        p50: quantile(&mut v, 0.5),
        p95: quantile(&mut v, 0.95),
    }
}

/// Share of values for which `met` holds.
pub fn probability(values: &[f64], met: impl Fn(f64) -> bool) -> f64 {
    values.iter().filter(|v| met(**v)).count() as f64 / values.len().max(1) as f64
}

/// The draws of one Monte Carlo run, in draw order.
#[derive(Debug, Clone)]
pub struct McResult {
    pub seed: u64,
    pub year: Year,
    /// The gap years, the order of [`DrawFigures::gap_by_year`].
    pub years: Vec<Year>,
    /// Supply cells times flow years one draw runs (both runs).
    pub cell_updates_per_draw: usize,
    pub slots: Vec<Slot>,
    pub draws: Vec<DrawOutcome>,
    /// Uniform numbers, draw x slot.
    pub uniforms: Vec<f64>,
}

impl McResult {
    /// The goal year's technician gap of every draw, without or `with` the
    /// policy (fte, in draw order).
    pub fn gaps(&self, with: bool) -> Vec<f64> {
        self.draws
            .iter()
            .map(|d| if with { d.gap_with } else { d.gap_without })
            .collect()
    }

    /// The number of provinces the draws carry (0 when they have none or
    /// do not all have a row of the same provinces for every gap year).
    pub fn n_provinces(&self) -> usize {
        let ny = self.years.len().max(1);
        let n = self
            .draws
            .first()
            .map_or(0, |d| d.without.gap_by_province.len());
        let same = |f: &DrawFigures| f.gap_by_province.len() == n;
        if n.is_multiple_of(ny) && self.draws.iter().all(|d| same(&d.without) && same(&d.with)) {
            n / ny
        } else {
            0
        }
    }

    /// The goal year's technician gap in province `r` of every draw,
    /// without or `with` the policy (fte, in draw order; NaN where a draw
    /// has no such province).
    pub fn province_gaps(&self, r: usize, with: bool) -> Vec<f64> {
        let goal = self.years.iter().position(|t| *t == self.year);
        self.province_gaps_in(goal.unwrap_or(usize::MAX), r, with)
    }

    /// As [`McResult::province_gaps`] in gap year `y` (an index into
    /// [`McResult::years`]).
    pub fn province_gaps_in(&self, y: usize, r: usize, with: bool) -> Vec<f64> {
        let np = self.n_provinces();
        let at = (r < np)
            .then(|| y.checked_mul(np)?.checked_add(r))
            .flatten();
        self.draws
            .iter()
            .map(|d| {
                let f = if with { &d.with } else { &d.without };
                at.and_then(|i| f.gap_by_province.get(i))
                    .copied()
                    .unwrap_or(f64::NAN)
            })
            .collect()
    }

    /// The goal year's count of digital definition `k` of every draw,
    /// without or `with` the policy (persons; NaN where there is none).
    pub fn digital(&self, k: usize, with: bool) -> Vec<f64> {
        self.draws
            .iter()
            .map(|d| {
                let v = if with {
                    &d.digital_with
                } else {
                    &d.digital_without
                };
                v.get(k).copied().unwrap_or(f64::NAN)
            })
            .collect()
    }
}

/// The dataset of draw `index`.
pub fn draw_dataset(ds: &Dataset, slots: &[Slot], seed: u64, index: u64) -> (Dataset, Vec<f64>) {
    let u = uniforms(seed, index, slots.len());
    let mut d = ds.clone();
    for (s, x) in slots.iter().zip(values_of(slots, &u)) {
        set(&mut d, s.at, x);
    }
    (d, u)
}

/// How the slots of a Monte Carlo run are drawn, counted: what the notes
/// of every output that shows draws must say (distributions, correlation).
#[derive(Debug, Clone, PartialEq)]
pub struct HowDrawn {
    /// Slots drawn.
    pub parameters: usize,
    /// The distributions used, in [`Distribution::ALL`] order, with their
    /// number of slots.
    pub distributions: Vec<(Distribution, usize)>,
    /// Correlation groups among the slots.
    pub groups: usize,
    /// Slots in a correlation group.
    pub grouped: usize,
    /// Groups joined by a Gaussian copula (correlation below 1); the
    /// others' members move together.
    pub copula_groups: usize,
}

/// In words: "distributions from low, central, high: 60 triangular, 9
/// pert; 17 of them in 4 correlation groups from uncertainty.csv (members
/// moving together), the others independent".
impl std::fmt::Display for HowDrawn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let dists: Vec<String> = self
            .distributions
            .iter()
            .map(|(d, n)| format!("{n} {}", d.code()))
            .collect();
        let dists = if dists.is_empty() {
            "none".to_string()
        } else {
            dists.join(", ")
        };
        write!(f, "distributions from low, central, high: {dists}; ")?;
        if self.groups == 0 {
            return write!(f, "all independent");
        }
        let how = if self.copula_groups == 0 {
            "members moving together".to_string()
        } else {
            format!(
                "{} of them joined by a Gaussian copula, in the others members moving together",
                self.copula_groups
            )
        };
        let plural = if self.groups == 1 { "" } else { "s" };
        write!(
            f,
            "{} of them in {} correlation group{plural} from uncertainty.csv ({how}), the others independent",
            self.grouped, self.groups
        )
    }
}

/// How `slots` are drawn.
pub fn how_drawn(slots: &[Slot]) -> HowDrawn {
    let distributions = Distribution::ALL
        .into_iter()
        .map(|d| (d, slots.iter().filter(|s| s.distribution == d).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    let mut groups: Vec<SlotGroup> = Vec::new();
    for g in slots.iter().filter_map(|s| s.group) {
        if !groups.iter().any(|x| x.index == g.index) {
            groups.push(g);
        }
    }
    HowDrawn {
        parameters: slots.len(),
        distributions,
        groups: groups.len(),
        grouped: groups.iter().map(|g| g.size).sum(),
        copula_groups: groups.iter().filter(|g| g.correlation < 1.0).count(),
    }
}

/// What a Monte Carlo run computes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct McSpec {
    pub options: GapOptions,
    /// The year of the figures (the goal year).
    pub year: Year,
    pub draws: usize,
    pub seed: u64,
}

/// Runs the draws (in parallel; identical results for any thread count).
/// `progress` is called with the number of draws done so far.
pub fn monte_carlo(
    ds: &Dataset,
    scenario: &Scenario,
    policy: Option<&Policy>,
    spec: McSpec,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<McResult, GapError> {
    let McSpec {
        options,
        year,
        draws,
        seed,
    } = spec;
    on_engine(ds, scenario, policy, options, year, |engine| {
        monte_carlo_on(engine, seed, draws, progress)
    })
}

/// Runs `f` on the engine of the national view of `ds` and `scenario`
/// with `policy`'s items.
fn on_engine<T>(
    ds: &Dataset,
    scenario: &Scenario,
    policy: Option<&Policy>,
    options: GapOptions,
    year: Year,
    f: impl FnOnce(&Engine<'_>) -> Result<T, GapError>,
) -> Result<T, GapError> {
    let items = policy.map(items_of).unwrap_or_default();
    let regional = (ds.n_regions() > 1).then_some((ds, scenario));
    let (nd, nsc) = &national_view(ds, scenario);
    f(&Engine::new(nd, nsc, items, options, year, regional)?)
}

/// The draws and the sensitivity ranking of the technician gap (with the
/// policy when there is one): every slot and every correlation group, on
/// one engine, built once.
pub fn monte_carlo_with_sensitivity(
    ds: &Dataset,
    scenario: &Scenario,
    policy: Option<&Policy>,
    spec: McSpec,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<(McResult, Vec<Sensitivity>), GapError> {
    on_engine(ds, scenario, policy, spec.options, spec.year, |engine| {
        let mc = monte_carlo_on(engine, spec.seed, spec.draws, progress)?;
        let with_policy = policy.is_some();
        let mut sens = sensitivity_on(engine, with_policy, Some(&mc))?;
        // Correlation groups rank among the parameters, each moved as a whole.
        sens.extend(group_sensitivity_on(engine, with_policy, Some(&mc))?);
        sens.sort_by(|a, b| b.swing().total_cmp(&a.swing()));
        Ok((mc, sens))
    })
}

fn monte_carlo_on(
    engine: &Engine<'_>,
    seed: u64,
    draws: usize,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<McResult, GapError> {
    let n = engine.slots.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<Result<(DrawOutcome, Vec<f64>), GapError>> = (0..draws as u64)
        .into_par_iter()
        .map_init(
            || engine.scratch(),
            |scratch, i| {
                let u = uniforms(seed, i, n);
                let out = engine.run(scratch, &values_of(&engine.slots, &u))?;
                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                progress(n);
                Ok((out, u))
            },
        )
        .collect();
    let mut out = Vec::with_capacity(draws);
    let mut us = Vec::with_capacity(draws * n);
    for r in results {
        let (o, u) = r?;
        out.push(o);
        us.extend(u);
    }
    Ok(McResult {
        seed,
        year: engine.year(),
        years: engine.years.clone(),
        cell_updates_per_draw: engine.cell_updates_per_draw(),
        slots: engine.slots.clone(),
        draws: out,
        uniforms: us,
    })
}

/// One slot's effect on the technician gap.
#[derive(Debug, Clone, PartialEq)]
pub struct Sensitivity {
    pub slot: Slot,
    /// Gap with the slot at its low and at its high end, the rest central.
    pub at_low: f64,
    pub at_high: f64,
    /// First-order variance index from the draws (share of the variance of
    /// the gap explained by this slot alone), when there are enough draws.
    pub first_order: Option<f64>,
}

impl Sensitivity {
    pub fn swing(&self) -> f64 {
        (self.at_high - self.at_low).abs()
    }
}

/// One-at-a-time tornado for the gap `with` (or without) the policy, plus
/// first-order indices from `mc` when given. Sorted by swing, largest first.
pub fn sensitivity(
    ds: &Dataset,
    scenario: &Scenario,
    policy: Option<&Policy>,
    options: GapOptions,
    year: Year,
    mc: Option<&McResult>,
) -> Result<Vec<Sensitivity>, GapError> {
    on_engine(ds, scenario, policy, options, year, |engine| {
        sensitivity_on(engine, policy.is_some(), mc)
    })
}

fn sensitivity_on(
    engine: &Engine<'_>,
    with_policy: bool,
    mc: Option<&McResult>,
) -> Result<Vec<Sensitivity>, GapError> {
    let pick = |o: &DrawOutcome| {
        if with_policy {
            o.gap_with
        } else {
            o.gap_without
        }
    };
    let ends: Vec<Result<(f64, f64), GapError>> = (0..engine.slots.len())
        .into_par_iter()
        .map_init(
            || engine.scratch(),
            |scratch, k| {
                let r = engine.slots[k].range;
                Ok((
                    pick(&engine.run_one(scratch, k, r.low)?),
                    pick(&engine.run_one(scratch, k, r.high)?),
                ))
            },
        )
        .collect();
    let mut out = Vec::with_capacity(engine.slots.len());
    for (k, (s, e)) in engine.slots.iter().cloned().zip(ends).enumerate() {
        let (at_low, at_high) = e?;
        let first_order = mc.and_then(|m| first_order_index(m, k, &pick));
        out.push(Sensitivity {
            slot: s,
            at_low,
            at_high,
            first_order,
        });
    }
    out.sort_by(|a, b| b.swing().total_cmp(&a.swing()));
    Ok(out)
}

/// The tornado of the correlation groups: for each group, the gap with all
/// its members at their low ends and at their high ends (the rest central),
/// as one [`Sensitivity`] whose slot is named `group <name> (<n> ranges)`
/// and otherwise is the group's first member; its first-order index is the
/// group's (the members share one uniform number when the correlation is
/// 1). Sorted by swing.
pub fn group_sensitivity(
    ds: &Dataset,
    scenario: &Scenario,
    policy: Option<&Policy>,
    options: GapOptions,
    year: Year,
    mc: Option<&McResult>,
) -> Result<Vec<Sensitivity>, GapError> {
    on_engine(ds, scenario, policy, options, year, |engine| {
        group_sensitivity_on(engine, policy.is_some(), mc)
    })
}

fn group_sensitivity_on(
    engine: &Engine<'_>,
    with_policy: bool,
    mc: Option<&McResult>,
) -> Result<Vec<Sensitivity>, GapError> {
    let nd = engine.dataset;
    let pick = |o: &DrawOutcome| {
        if with_policy {
            o.gap_with
        } else {
            o.gap_without
        }
    };
    let mut leaders: Vec<usize> = engine
        .slots
        .iter()
        .filter_map(|s| s.group.map(|g| g.leader))
        .collect();
    leaders.sort_unstable();
    leaders.dedup();
    let central: Vec<f64> = engine.slots.iter().map(|s| s.range.central).collect();
    let at_end = |leader: usize, end: fn(&Range3) -> f64| -> Vec<f64> {
        engine
            .slots
            .iter()
            .zip(&central)
            .map(|(s, c)| match s.group {
                Some(g) if g.leader == leader => end(&s.range),
                _ => *c,
            })
            .collect()
    };
    let ends: Vec<Result<(f64, f64), GapError>> = leaders
        .par_iter()
        .map_init(
            || engine.scratch(),
            |scratch, &k| {
                Ok((
                    pick(&engine.run(scratch, &at_end(k, |r| r.low))?),
                    pick(&engine.run(scratch, &at_end(k, |r| r.high))?),
                ))
            },
        )
        .collect();
    let mut out = Vec::with_capacity(leaders.len());
    for (k, e) in leaders.into_iter().zip(ends) {
        let (at_low, at_high) = e?;
        let Some(first) = engine.slots.get(k) else {
            continue;
        };
        let Some(g) = first.group else { continue };
        let name = nd
            .uncertainty
            .groups
            .get(g.index)
            .map_or("?", |x| x.name.as_str());
        let mut slot = first.clone();
        slot.name = format!("group {name} ({} ranges)", g.size);
        // The index is estimated from the draws' slot order, which is the
        // engine's: slot k of the draws is the group's first member.
        let first_order = mc.and_then(|m| first_order_index(m, k, &pick));
        out.push(Sensitivity {
            slot,
            at_low,
            at_high,
            first_order,
        });
    }
    out.sort_by(|a, b| b.swing().total_cmp(&a.swing()));
    Ok(out)
}

/// Var(E[Y | slot]) / Var(Y), with the draws binned by the slot's uniform
/// number (20 bins of equal width) and the sampling noise of the bin means
/// subtracted; `None` below 200 draws or without variance.
fn first_order_index(mc: &McResult, k: usize, y: &dyn Fn(&DrawOutcome) -> f64) -> Option<f64> {
    let n = mc.draws.len();
    let ns = mc.slots.len();
    if n < 200 || ns == 0 {
        return None;
    }
    let ys: Vec<f64> = mc.draws.iter().map(y).collect();
    let mean = ys.iter().sum::<f64>() / n as f64;
    let var = ys.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n as f64;
    if var <= 0.0 {
        return None;
    }
    const BINS: usize = 20;
    let mut sum = [0.0; BINS];
    let mut count = [0usize; BINS];
    for (i, v) in ys.iter().enumerate() {
        // The number the slot's value was taken at (its group's).
        let u = effective_uniform(&mc.slots, &mc.uniforms[i * ns..(i + 1) * ns], k);
        let b = ((u * BINS as f64) as usize).min(BINS - 1);
        sum[b] += v;
        count[b] += 1;
    }
    let between: f64 = (0..BINS)
        .filter(|b| count[*b] > 0)
        .map(|b| count[b] as f64 * (sum[b] / count[b] as f64 - mean).powi(2))
        .sum::<f64>()
        / n as f64;
    // Even a slot without effect shows between-bin variance from sampling
    // noise, about var x (bins - 1) / n: subtract it (the usual bias
    // correction of this estimator).
    let noise = var * (BINS - 1) as f64 / n as f64;
    Some(((between - noise) / var).clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Monte Carlo result with the given per-province gaps (without, with).
    fn with_provinces(draws: &[(Vec<f64>, Vec<f64>)]) -> McResult {
        let figures = |gap_by_province: &Vec<f64>| DrawFigures {
            gap_by_year: vec![gap_by_province.iter().sum()],
            gap_by_level: Vec::new(),
            required: f64::NAN,
            available: f64::NAN,
            digital: Vec::new(),
            gap_by_province: gap_by_province.clone(),
        };
        McResult {
            seed: 1,
            year: 2030,
            years: vec![2030],
            cell_updates_per_draw: 0,
            slots: Vec::new(),
            draws: draws
                .iter()
                .map(|(a, b)| DrawOutcome::new(figures(a), figures(b), 0))
                .collect(),
            uniforms: Vec::new(),
        }
    }

    #[test]
    fn province_gaps_per_province_in_draw_order() {
        let mc = with_provinces(&[
            (vec![1.0, 2.0], vec![-1.0, 0.5]),
            (vec![3.0, 4.0], vec![0.0, -2.0]),
        ]);
        assert_eq!(mc.n_provinces(), 2);
        assert_eq!(mc.province_gaps(0, false), [1.0, 3.0]);
        assert_eq!(mc.province_gaps(1, false), [2.0, 4.0]);
        assert_eq!(mc.province_gaps(0, true), [-1.0, 0.0]);
        assert_eq!(mc.province_gaps(1, true), [0.5, -2.0]);
        // No provinces, or draws that disagree: none.
        assert_eq!(with_provinces(&[(vec![], vec![])]).n_provinces(), 0);
        assert_eq!(with_provinces(&[]).n_provinces(), 0);
        let uneven = with_provinces(&[(vec![1.0, 2.0], vec![1.0, 2.0]), (vec![1.0], vec![1.0])]);
        assert_eq!(uneven.n_provinces(), 0);
    }

    #[test]
    fn province_gaps_per_gap_year() {
        // Two gap years (2029, 2030) of two provinces: rows per year.
        let mut mc = with_provinces(&[(vec![1.0, 2.0, 3.0, 4.0], vec![0.0, 0.5, -1.0, 2.0])]);
        mc.years = vec![2029, 2030];
        assert_eq!(mc.n_provinces(), 2);
        assert_eq!(mc.province_gaps_in(0, 1, false), [2.0]);
        assert_eq!(mc.province_gaps_in(1, 0, true), [-1.0]);
        // The goal year (2030) is the second row.
        assert_eq!(mc.province_gaps(0, false), [3.0]);
        assert_eq!(mc.province_gaps(1, true), [2.0]);
        // Out of range: not a number, no panic.
        assert!(mc.province_gaps_in(2, 0, false)[0].is_nan());
        assert!(mc.province_gaps_in(0, 2, false)[0].is_nan());
        // Rows that do not fill the years: no provinces.
        mc.years = vec![2028, 2029, 2030];
        assert_eq!(mc.n_provinces(), 0);
    }
    use crate::demand::tests::toy_scenario;
    use crate::gap::tests::toy_with_supply;

    #[test]
    fn triangular_quantiles_are_those_of_the_distribution() {
        let r = Range3 {
            low: 0.0,
            central: 1.0,
            high: 4.0,
        };
        // CDF at the mode = (c - a) / (b - a) = 0.25.
        assert!((triangular(r, 0.25) - 1.0).abs() < 1e-12);
        assert_eq!(triangular(r, 0.0), 0.0);
        assert!((triangular(r, 1.0) - 4.0).abs() < 1e-12);
        // Median of triangle(0, 1, 4): 4 - sqrt(0.5 * 4 * 3).
        assert!((triangular(r, 0.5) - (4.0 - 6f64.sqrt())).abs() < 1e-12);
        assert_eq!(triangular(Range3::point(3.0), 0.7), 3.0);
    }

    /// 20,000 uniforms through the inverse: the sample mean lands within
    /// sampling error of the distribution's mean (a + c + b) / 3.
    #[test]
    fn sampled_mean_matches_theory() {
        let r = Range3 {
            low: 2.0,
            central: 3.0,
            high: 7.0,
        };
        let u = uniforms(42, 0, 20_000);
        let xs: Vec<f64> = u.iter().map(|x| triangular(r, *x)).collect();
        let s = summarize(&xs);
        // sd = sqrt((a²+b²+c²-ab-ac-bc)/18) ≈ 1.08; standard error ≈ 0.008.
        assert!((s.mean - 4.0).abs() < 0.03, "{}", s.mean);
        assert!(
            (s.p50 - (7.0 - (0.5f64 * 5.0 * 4.0).sqrt())).abs() < 0.05,
            "{}",
            s.p50
        );
    }

    /// Selection gives the quantiles of the sorted sample, ties, NaN and
    /// tiny samples included.
    #[test]
    fn quantiles_by_selection_equal_the_sorted_ones() {
        fn sorted_quantile(values: &[f64], q: f64) -> f64 {
            let mut v = values.to_vec();
            v.sort_by(f64::total_cmp);
            let x = q * (v.len() - 1) as f64;
            let (i, f) = (x.floor() as usize, x - x.floor());
            let next = v.get(i + 1).copied().unwrap_or(v[i]);
            v[i] + f * (next - v[i])
        }
        let u = uniforms(5, 0, 1_001);
        let samples: Vec<Vec<f64>> = vec![
            u.clone(),
            u[..20].iter().map(|x| (x * 4.0).floor()).collect(),
            vec![3.0],
            vec![2.0, -1.0],
            vec![1.0, f64::NAN, 0.5, 2.0],
        ];
        for xs in &samples {
            for q in [0.0, 0.05, 0.5, 0.95, 1.0] {
                let (a, b) = (quantile(&mut xs.clone(), q), sorted_quantile(xs, q));
                assert!(
                    a == b || (a.is_nan() && b.is_nan()),
                    "q {q} of {xs:?}: {a} vs {b}"
                );
            }
        }
        assert!(quantile(&mut [], 0.5).is_nan());
        let s = summarize(&[4.0, 1.0, 3.0, 2.0]);
        assert_eq!((s.mean, s.p50), (2.5, 2.5));
        assert!((s.p5 - 1.15).abs() < 1e-12 && (s.p95 - 3.85).abs() < 1e-12);
    }

    /// The counts of how slots are drawn: distributions in their fixed
    /// order, each group once.
    #[test]
    fn how_drawn_counts_distributions_and_groups() {
        let s = slots(&toy_grouped(1.0));
        let h = how_drawn(&s);
        assert_eq!(h.parameters, s.len());
        assert_eq!(h.distributions.iter().map(|d| d.1).sum::<usize>(), s.len());
        let order: Vec<usize> = h
            .distributions
            .iter()
            .map(|(d, _)| {
                Distribution::ALL
                    .iter()
                    .position(|x| x == d)
                    .expect("known")
            })
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
        assert_eq!(h.groups, 1);
        assert_eq!(h.grouped, s.iter().filter(|x| x.group.is_some()).count());
        assert_eq!(h.copula_groups, 0, "correlation 1: members move together");
        assert_eq!(how_drawn(&slots(&toy_grouped(0.5))).copula_groups, 1);
        assert_eq!(how_drawn(&[]).distributions, Vec::new());
        let text = h.to_string();
        assert!(
            text.contains("1 correlation group from uncertainty.csv (members moving together)"),
            "{text}"
        );
        assert_eq!(
            how_drawn(&[]).to_string(),
            "distributions from low, central, high: none; all independent"
        );
    }

    #[test]
    fn streams_are_independent_of_order() {
        assert_eq!(uniforms(7, 3, 5), uniforms(7, 3, 5));
        assert_ne!(uniforms(7, 3, 5), uniforms(7, 4, 5));
        assert_ne!(uniforms(7, 3, 5), uniforms(8, 3, 5));
    }

    fn toy_mc(threads: usize, draws: usize) -> McResult {
        let ds = toy_with_supply();
        let sc = toy_scenario(1.0);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        let spec = McSpec {
            options: GapOptions::default(),
            year: 2028,
            draws,
            seed: 11,
        };
        pool.install(|| monte_carlo(&ds, &sc, None, spec, &|_| {}))
            .expect("runs")
    }

    #[test]
    fn identical_for_any_number_of_threads() {
        let a = toy_mc(1, 64);
        let b = toy_mc(3, 64);
        assert_eq!(a.draws, b.draws);
        assert_eq!(a.uniforms, b.uniforms);
    }

    /// A draw on the national view equals the same draw on the provinces.
    #[test]
    fn national_view_gives_the_same_draws() {
        let ds = toy_with_supply();
        let sc = toy_scenario(1.0);
        let (nd, nsc) = national_view(&ds, &sc);
        assert_eq!(nd.n_regions(), 1);
        let s = slots(&ds);
        for i in 0..4 {
            let (a, _) = draw_dataset(&ds, &s, 3, i);
            let (b, _) = draw_dataset(&nd, &s, 3, i);
            let x = run_point(&a, &sc, &[], GapOptions::default(), 2028, None).expect("runs");
            let y = run_point(&b, &nsc, &[], GapOptions::default(), 2028, None).expect("runs");
            assert!((x.gap_without - y.gap_without).abs() < 1e-9 * (1.0 + x.gap_without.abs()));
            for (p, q) in x.digital_without.iter().zip(&y.digital_without) {
                assert!((p - q).abs() < 1e-9 * (1.0 + p.abs()));
            }
        }
    }

    #[test]
    fn zero_width_ranges_reproduce_the_deterministic_run() {
        let mut ds = toy_with_supply();
        // Make every range a point at its central value.
        for s in slots(&ds) {
            set(&mut ds, s.at, s.range.central);
        }
        assert!(slots(&ds).is_empty());
        let sc = toy_scenario(1.0);
        let spec = McSpec {
            options: GapOptions::default(),
            year: 2028,
            draws: 5,
            seed: 1,
        };
        let mc = monte_carlo(&ds, &sc, None, spec, &|_| {}).expect("runs");
        let prep = Prepared::new(&ds).expect("prepares");
        let demand = crate::Variant::ALL.map(|v| demand_run(&prep, &sc, v));
        let g = crate::gap::run(&ds, &sc, &demand, GapOptions::default()).expect("gap");
        let v = g.technician_verdict(2028, &[0]).expect("year");
        for d in &mc.draws {
            assert!((d.gap_without - v.gap.central).abs() < 1e-9 * (1.0 + v.gap.central.abs()));
        }
    }

    #[test]
    fn sensitivity_ranks_the_slots_and_explains_variance() {
        let ds = toy_with_supply();
        let sc = toy_scenario(1.0);
        let mc = toy_mc(2, 400);
        let sens =
            sensitivity(&ds, &sc, None, GapOptions::default(), 2028, Some(&mc)).expect("runs");
        assert_eq!(sens.len(), slots(&ds).len());
        assert!(sens.windows(2).all(|w| w[0].swing() >= w[1].swing()));
        let total: f64 = sens.iter().filter_map(|s| s.first_order).sum();
        // First-order indices of independent inputs add up to at most about
        // one (plus estimation noise).
        assert!(total > 0.3 && total < 1.3, "{total}");
    }

    /// The toy with every slot declared: the first half in one group of
    /// correlation `rho`, the rest PERT or uniform, independent.
    fn toy_grouped(rho: f64) -> Dataset {
        use crate::distribution::{CorrelationGroup, Declared, Uncertainty};
        let mut ds = toy_with_supply();
        let names: Vec<String> = slots(&ds).into_iter().map(|s| s.name).collect();
        assert!(names.len() >= 4, "{names:?}");
        let half = names.len() / 2;
        let mut declared: Vec<Declared> = names
            .iter()
            .enumerate()
            .map(|(k, n)| Declared {
                slot: n.clone(),
                distribution: if k % 2 == 0 {
                    Distribution::Pert
                } else {
                    Distribution::Uniform
                },
                group: (k < half).then_some(0),
            })
            .collect();
        declared.sort_by(|a, b| a.slot.cmp(&b.slot));
        ds.uncertainty = Uncertainty {
            declared,
            groups: vec![CorrelationGroup {
                name: "one_source".into(),
                correlation: rho,
            }],
        };
        assert!(ds.check_invariants().is_empty());
        ds
    }

    /// Ranks of `xs` (0 = smallest).
    fn ranks(xs: &[f64]) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..xs.len()).collect();
        idx.sort_by(|a, b| xs[*a].total_cmp(&xs[*b]));
        let mut r = vec![0; xs.len()];
        for (rank, i) in idx.into_iter().enumerate() {
            r[i] = rank;
        }
        r
    }

    #[test]
    fn group_members_are_perfectly_rank_correlated() {
        let ds = toy_grouped(1.0);
        let s = slots(&ds);
        let members: Vec<usize> = (0..s.len()).filter(|k| s[*k].group.is_some()).collect();
        assert!(members.len() >= 2);
        for k in &members {
            assert_eq!(
                s[*k].distribution,
                ds.uncertainty
                    .declared
                    .iter()
                    .find(|d| d.slot == s[*k].name)
                    .map(|d| d.distribution)
                    .unwrap_or_default()
            );
        }
        let draws: Vec<Vec<f64>> = (0..300).map(|i| draw_values(&s, 9, i)).collect();
        let column = |k: usize| -> Vec<f64> { draws.iter().map(|d| d[k]).collect() };
        let first = ranks(&column(members[0]));
        for k in &members[1..] {
            assert_eq!(ranks(&column(*k)), first, "member {}", s[*k].name);
        }
        // Every member sits at the same quantile: the same uniform number.
        let u = uniforms(9, 0, s.len());
        let e = effective_uniforms(&s, &u);
        for k in &members {
            assert_eq!(e[*k], u[members[0]]);
        }
        // Ungrouped slots keep their own numbers.
        for k in (0..s.len()).filter(|k| s[*k].group.is_none()) {
            assert_eq!(e[k], u[k]);
        }
    }

    /// A group of correlation 0.6: the members' normal scores correlate at
    /// about 0.6; the marginals stay uniform.
    #[test]
    fn gaussian_copula_gives_the_declared_correlation() {
        let ds = toy_grouped(0.6);
        let s = slots(&ds);
        let members: Vec<usize> = (0..s.len()).filter(|k| s[*k].group.is_some()).collect();
        let n = 20_000;
        let (a, b) = (members[0], members[1]);
        let (mut za, mut zb) = (Vec::new(), Vec::new());
        for i in 0..n {
            let e = effective_uniforms(&s, &uniforms(4, i, s.len()));
            za.push(normal_quantile(e[a]));
            zb.push(normal_quantile(e[b]));
        }
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        let (ma, mb) = (mean(&za), mean(&zb));
        let cov = za
            .iter()
            .zip(&zb)
            .map(|(x, y)| (x - ma) * (y - mb))
            .sum::<f64>()
            / n as f64;
        let var = |v: &[f64], m: f64| v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n as f64;
        let corr = cov / (var(&za, ma) * var(&zb, mb)).sqrt();
        // Standard error of a correlation near 0.6 with 20,000 pairs: ~0.005.
        assert!((corr - 0.6).abs() < 0.02, "{corr}");
        assert!(ma.abs() < 0.03 && (var(&za, ma) - 1.0).abs() < 0.03);
    }

    #[test]
    fn identical_for_any_number_of_threads_with_groups() {
        let ds = toy_grouped(1.0);
        let sc = toy_scenario(1.0);
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool");
            let spec = McSpec {
                options: GapOptions::default(),
                year: 2028,
                draws: 64,
                seed: 11,
            };
            pool.install(|| monte_carlo(&ds, &sc, None, spec, &|_| {}))
                .expect("runs")
        };
        let (a, b) = (run(1), run(3));
        assert_eq!(a.draws, b.draws);
        assert_eq!(a.uniforms, b.uniforms);
        // The groups change the draws.
        let plain = toy_mc(1, 64);
        assert_ne!(plain.draws, a.draws);
    }

    /// Declarations on ranges of width zero change nothing: the draws
    /// reproduce the deterministic run.
    #[test]
    fn zero_width_ranges_with_groups_reproduce_the_deterministic_run() {
        let mut ds = toy_grouped(1.0);
        for s in slots(&ds) {
            set(&mut ds, s.at, s.range.central);
        }
        assert!(slots(&ds).is_empty());
        let sc = toy_scenario(1.0);
        let spec = McSpec {
            options: GapOptions::default(),
            year: 2028,
            draws: 3,
            seed: 1,
        };
        let mc = monte_carlo(&ds, &sc, None, spec, &|_| {}).expect("runs");
        let point = run_point(&ds, &sc, &[], GapOptions::default(), 2028, None).expect("runs");
        for d in &mc.draws {
            assert!(
                (d.gap_without - point.gap_without).abs() < 1e-9 * (1.0 + point.gap_without.abs())
            );
        }
    }

    /// A group left with one member of non-zero width draws it on its own.
    #[test]
    fn a_group_of_one_is_independent() {
        let mut ds = toy_grouped(1.0);
        let grouped: Vec<Slot> = slots(&ds)
            .into_iter()
            .filter(|s| s.group.is_some())
            .collect();
        for s in &grouped[1..] {
            set(&mut ds, s.at, s.range.central);
        }
        assert!(slots(&ds).iter().all(|s| s.group.is_none()));
    }

    /// A group's tornado row moves all its members: with two members at
    /// correlation 1, the gap at the group's high end is the gap of a run
    /// with both at their high ends.
    #[test]
    fn group_tornado_moves_every_member() {
        let ds = toy_grouped(1.0);
        let sc = toy_scenario(1.0);
        let rows =
            group_sensitivity(&ds, &sc, None, GapOptions::default(), 2028, None).expect("runs");
        assert_eq!(rows.len(), 1);
        let g = &rows[0];
        assert!(
            g.slot.name.starts_with("group one_source ("),
            "{}",
            g.slot.name
        );
        let mut high = ds.clone();
        for s in slots(&ds).iter().filter(|s| s.group.is_some()) {
            set(&mut high, s.at, s.range.high);
        }
        let full = run_point(&high, &sc, &[], GapOptions::default(), 2028, None).expect("runs");
        assert!((g.at_high - full.gap_without).abs() < 1e-9 * (1.0 + full.gap_without.abs()));
    }

    /// The per-draw path (sums once per group) and the per-slot path give
    /// the same numbers, bit for bit.
    #[test]
    fn effective_uniforms_agree_with_the_single_slot_path() {
        let ds = toy_grouped(0.4);
        let s = slots(&ds);
        for i in 0..20 {
            let u = uniforms(2, i, s.len());
            let all = effective_uniforms(&s, &u);
            for (k, v) in all.iter().enumerate() {
                assert_eq!(v.to_bits(), effective_uniform(&s, &u, k).to_bits());
            }
        }
    }
}
