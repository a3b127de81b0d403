//! Live odds for the explorer: the technician gap's draws at any factors on
//! a scenario's climate measures, as a weighted sum over the draws.
//!
//! **What it equals.** [`DrawBasis::gaps`] gives, draw by draw, the goal
//! year's national technician gap (with the policy) of
//! [`crate::mc::monte_carlo`] on the scenario whose measure `k` has its
//! `scale` multiplied by `f[k]`, with the same draws and seed, to rounding
//! (checked to 1e-9 of the gap's size per draw in this module's tests and, on
//! the built-in data, in the web crate's explorer tests). At factors all 1 it
//! is that Monte Carlo's draws bit for bit (the sum is skipped).
//!
//! **Why it is exact.** Per draw the gap is
//! `factor × (baseline + shortage + climate) − available` ([`crate::reference::gap::Cell`]). Only climate
//! demand depends on a measure's scale, and linearly: the chain multiplies
//! a trajectory's additions by it and everything after is linear for a
//! non-negative scale (see [`crate::fast::climate_basis`]); the base year's
//! climate work, direct investments and fossil losses do not depend on it.
//! The linear demand basis ([`crate::fast::demand_basis`]) gives each
//! measure's part of the technicians' climate demand per draw
//! ([`DrawBasis`]: draws × measures). The policy's supply and its factor
//! on required labour (extra productivity) do not depend on climate
//! demand; they come from one Monte Carlo per policy setting
//! ([`policy_draws`]: the gap at the scenario's scales and the factor,
//! per draw). So
//! `gap(f) = gap(1) + factor × Σ_k (f_k − 1) × part_k`, a few
//! multiplications per draw.
//!
//! **What it does not cover.** Levers and campaigns are not linear in their
//! scale or budget (retention compounds over the years, extra productivity
//! is a power of the years, a campaign's funnel is capped by its target
//! group, shares are clamped): a policy setting's exact draws are its own
//! [`policy_draws`], a Monte Carlo of the whole chain. [`ItemBasis`] keeps,
//! per item (a lever, or a campaign at a duration and start), the draws'
//! difference from no policy at a grid of the item's values; [`combine`]
//! moves an anchor's draws (a policy that was run) by each moved item's
//! difference, linear between grid values. That is exact for one item at a
//! grid value from no policy (to rounding; this module's tests) and first
//! order otherwise: the moved items' interaction with each other is left
//! out, and between grid values the item's curve is taken as straight
//! (the web crate's tests measure both on the built-in data). When the demand
//! chain is not linear for a dataset (its basis failed its check),
//! [`draw_basis`] gives `None`.

use rayon::prelude::*;

use crate::error::GapError;
use crate::inputs::dataset::Dataset;
use crate::inputs::policy::{CampaignChoice, Policy};
use crate::inputs::scenario::Scenario;
use crate::inputs::slots::set;
use crate::inputs::units::Year;
use crate::mc::draws::{uniforms, values_of};
use crate::mc::engine::Engine;
use crate::mc::{monte_carlo_on, national_view, on_engine, McSpec};

/// Per draw, each scenario measure's part of the technicians' national
/// climate demand in the goal year (at the scenario's scale, weighted as
/// the gap counts it); see the module documentation.
#[derive(Debug, Clone)]
pub struct DrawBasis {
    pub seed: u64,
    pub year: Year,
    pub draws: usize,
    /// The scenario's measures (in the order of `Scenario::measures`).
    pub n_measures: usize,
    /// Draw x measure.
    parts: Vec<f64>,
}

/// One policy setting's draws: the goal year's national technician gap
/// (with the policy; without one, the gap) at the scenario's scales, and
/// the policy's factor on required labour, in draw order.
#[derive(Debug, Clone)]
pub struct PolicyDraws {
    pub seed: u64,
    pub year: Year,
    pub gap: Vec<f64>,
    pub factor: Vec<f64>,
}

/// The basis of `scenario`'s measures for the draws of `spec`; `None` when
/// the demand chain is not linear for the dataset (no linear basis).
pub fn draw_basis(
    ds: &Dataset,
    scenario: &Scenario,
    spec: McSpec,
) -> Result<Option<DrawBasis>, GapError> {
    let (nd, nsc) = national_view(ds, scenario);
    let engine = Engine::new(&nd, &nsc, Vec::new(), spec.options, spec.year, None)?;
    if !engine.linear_demand() {
        return Ok(None);
    }
    let n = engine.slots.len();
    let measures: Vec<usize> = nsc.measures.iter().map(|sm| sm.measure).collect();
    let rows: Vec<Option<Vec<f64>>> = (0..spec.draws as u64)
        .into_par_iter()
        .map_init(
            || engine.dataset.clone(),
            |d, i| {
                let values = values_of(&engine.slots, &uniforms(spec.seed, i, n));
                for (s, v) in engine.slots.iter().zip(&values) {
                    set(d, s.at, *v);
                }
                let by = engine.measure_parts(d)?;
                Some(
                    measures
                        .iter()
                        .map(|&m| by.get(m).copied().unwrap_or(0.0))
                        .collect(),
                )
            },
        )
        .collect();
    let mut parts = Vec::with_capacity(spec.draws * measures.len());
    for r in rows {
        match r {
            Some(r) => parts.extend(r),
            None => return Ok(None),
        }
    }
    Ok(Some(DrawBasis {
        seed: spec.seed,
        year: spec.year,
        draws: spec.draws,
        n_measures: measures.len(),
        parts,
    }))
}

/// The draws of one policy setting (none = no policy) on `scenario` at its
/// scales: the Monte Carlo of [`crate::mc::monte_carlo`] (the same engine,
/// draws and seed), with each draw's factor on required labour.
pub fn policy_draws(
    ds: &Dataset,
    scenario: &Scenario,
    policy: Option<&Policy>,
    spec: McSpec,
) -> Result<PolicyDraws, GapError> {
    on_engine(ds, scenario, policy, spec.options, spec.year, |engine| {
        let mc = monte_carlo_on(engine, spec.seed, spec.draws, &|_| {})?;
        let n = engine.slots.len();
        let factor: Vec<f64> = (0..mc.draws.len())
            .into_par_iter()
            .map_init(
                || engine.dataset.clone(),
                |d, i| {
                    let u = &mc.uniforms[i * n..(i + 1) * n];
                    for (s, v) in engine.slots.iter().zip(values_of(&engine.slots, u)) {
                        set(d, s.at, v);
                    }
                    engine.required_factor(d)
                },
            )
            .collect();
        Ok(PolicyDraws {
            seed: spec.seed,
            year: spec.year,
            gap: mc.gaps(engine.has_policy()),
            factor,
        })
    })
}

impl DrawBasis {
    /// The gap per draw at factors `f` on the scenario's measures (one per
    /// measure, in the scenario's order) with the policy of `p`, into
    /// `out`; `false` (and `out` left empty) when `p` has other draws or
    /// `f` another length.
    pub fn gaps(&self, p: &PolicyDraws, f: &[f64], out: &mut Vec<f64>) -> bool {
        out.clear();
        let n = self.n_measures;
        if f.len() != n
            || p.seed != self.seed
            || p.year != self.year
            || p.gap.len() > self.draws
            || p.factor.len() != p.gap.len()
        {
            return false;
        }
        // The first draws of a run are those of a shorter run.
        let moved: Vec<(usize, f64)> = f
            .iter()
            .enumerate()
            .filter(|(_, x)| **x != 1.0)
            .map(|(k, x)| (k, x - 1.0))
            .collect();
        out.extend(p.gap.iter().enumerate().map(|(d, g)| {
            if moved.is_empty() {
                return *g;
            }
            let row = &self.parts[d * n..(d + 1) * n];
            let extra: f64 = moved.iter().map(|(k, df)| df * row[*k]).sum();
            g + p.factor[d] * extra
        }));
        true
    }

    /// Each measure's part in draw `d` (in the scenario's order).
    pub fn parts(&self, d: usize) -> Option<&[f64]> {
        self.parts
            .get(d * self.n_measures..(d + 1) * self.n_measures)
    }
}

/// One policy item whose size a [`ItemBasis`] varies: a lever (its
/// intensity) or a campaign at a given duration and start (its budget).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Axis {
    /// Index into `PolicyData::levers`; the value is the intensity.
    Lever(usize),
    /// Index into `PolicyData::campaigns`, with the campaign's duration
    /// and start; the value is the budget (MEUR a year).
    Campaign {
        campaign: usize,
        years: u16,
        start_year: Year,
    },
}

impl Axis {
    /// The policy with this item alone, at `value`.
    pub fn policy(&self, value: f64) -> Policy {
        let mut p = Policy {
            name: "item".into(),
            ..Policy::default()
        };
        match *self {
            Axis::Lever(lever) => p.levers.push((lever, value)),
            Axis::Campaign {
                campaign,
                years,
                start_year,
            } => p.campaigns.push(CampaignChoice {
                campaign,
                budget_meur_per_year: value,
                years,
                start_year,
            }),
        }
        p
    }
}

/// Per draw, one policy item's effect on the goal year's gap at a grid of
/// its values, against the same draws without any policy: the gap's
/// difference and the factor on required labour. A setting of several
/// items is then, to first order, the sum of their differences
/// ([`combine`]); one item at a grid value is its own Monte Carlo to
/// rounding (the differences are taken from it).
#[derive(Debug, Clone)]
pub struct ItemBasis {
    pub seed: u64,
    pub year: Year,
    pub draws: usize,
    pub axis: Axis,
    /// The item's values, ascending, the first 0 (the item off).
    pub grid: Vec<f64>,
    /// Grid value x draw: gap with the item alone minus gap without policy.
    delta: Vec<f64>,
    /// Grid value x draw: the item's factor on required labour.
    factor: Vec<f64>,
}

/// Where a value falls on an [`ItemBasis`]'s grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OnGrid {
    /// A grid value: the item's own draws.
    Exact,
    /// Between two grid values: linear between their draws.
    Between,
}

/// The basis of one item on `scenario` at `grid` (0 is added; values are
/// sorted and made unique) for the draws of `spec`: one Monte Carlo per
/// grid value (the same engine, draws and seed as [`policy_draws`]), less
/// `without` (the draws without a policy, of the same spec).
pub fn item_basis(
    ds: &Dataset,
    scenario: &Scenario,
    axis: Axis,
    grid: &[f64],
    without: &PolicyDraws,
    spec: McSpec,
) -> Result<ItemBasis, GapError> {
    let mut grid: Vec<f64> = grid.iter().copied().filter(|v| v.is_finite()).collect();
    grid.push(0.0);
    grid.sort_by(f64::total_cmp);
    grid.dedup();
    let mut delta = Vec::with_capacity(grid.len() * spec.draws);
    let mut factor = Vec::with_capacity(grid.len() * spec.draws);
    for &v in &grid {
        if v == 0.0 {
            delta.extend(std::iter::repeat_n(0.0, without.gap.len()));
            factor.extend(std::iter::repeat_n(1.0, without.gap.len()));
            continue;
        }
        let p = policy_draws(ds, scenario, Some(&axis.policy(v)), spec)?;
        delta.extend(p.gap.iter().zip(&without.gap).map(|(g, g0)| g - g0));
        factor.extend(p.factor);
    }
    Ok(ItemBasis {
        seed: spec.seed,
        year: spec.year,
        draws: without.gap.len(),
        axis,
        grid,
        delta,
        factor,
    })
}

impl ItemBasis {
    /// The grid's interval holding `v`: (lower index, weight of the upper),
    /// or `None` outside the grid.
    fn locate(&self, v: f64) -> Option<(usize, f64, OnGrid)> {
        if let Some(j) = self.grid.iter().position(|g| *g == v) {
            return Some((j, 0.0, OnGrid::Exact));
        }
        let j = self.grid.windows(2).position(|w| w[0] < v && v < w[1])?;
        let w = (v - self.grid[j]) / (self.grid[j + 1] - self.grid[j]);
        Some((j, w, OnGrid::Between))
    }

    /// Whether `v` lies within the grid.
    pub fn covers(&self, v: f64) -> Option<OnGrid> {
        self.locate(v).map(|(_, _, on)| on)
    }

    fn at(&self, rows: &[f64], j: usize, w: f64, d: usize) -> f64 {
        let n = self.draws;
        let lo = rows[j * n + d];
        if w == 0.0 {
            lo
        } else {
            lo + w * (rows[(j + 1) * n + d] - lo)
        }
    }
}

/// One item's move in a setting: from the anchor's value to the setting's.
#[derive(Debug, Clone, Copy)]
pub struct Move<'a> {
    pub basis: &'a ItemBasis,
    pub from: f64,
    pub to: f64,
}

/// A setting's draws from an anchor's (a policy whose draws were run, or
/// none) and the items it moves: per draw, the anchor's gap plus each
/// item's difference at its new value less that at its old one (linear
/// between grid values), and the anchor's factor on required labour times
/// each item's ratio (exact: the factors multiply). First order: exact when
/// one item moves from nothing at a grid value (to rounding); with several
/// items their interaction beyond the anchor's is left out. `None` when a
/// basis has other draws or a value is outside its grid; else how the
/// values fell (`Between` if any was interpolated).
pub fn combine(anchor: &PolicyDraws, moves: &[Move]) -> Option<(PolicyDraws, OnGrid)> {
    let n = anchor.gap.len();
    let mut gap = anchor.gap.clone();
    let mut factor = anchor.factor.clone();
    let mut on = OnGrid::Exact;
    for m in moves {
        let b = m.basis;
        if b.seed != anchor.seed || b.year != anchor.year || b.draws < n {
            return None;
        }
        let (jf, wf, of) = b.locate(m.from)?;
        let (jt, wt, ot) = b.locate(m.to)?;
        if of == OnGrid::Between || ot == OnGrid::Between {
            on = OnGrid::Between;
        }
        for d in 0..n {
            gap[d] += b.at(&b.delta, jt, wt, d) - b.at(&b.delta, jf, wf, d);
            factor[d] *= b.at(&b.factor, jt, wt, d) / b.at(&b.factor, jf, wf, d);
        }
    }
    Some((
        PolicyDraws {
            seed: anchor.seed,
            year: anchor.year,
            gap,
            factor,
        },
        on,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mc::monte_carlo;
    use crate::reference::gap::GapOptions;
    use crate::toy::{toy_scenario, toy_with_policy};

    fn spec(draws: usize) -> McSpec {
        McSpec {
            options: GapOptions::default(),
            year: 2028,
            draws,
            seed: 11,
        }
    }

    /// The basis at several factor vectors equals a Monte Carlo of the
    /// scaled scenario, draw by draw, with and without a policy.
    #[test]
    fn equals_the_monte_carlo_of_the_scaled_scenario() {
        let ds = toy_with_policy();
        let sc = toy_scenario(1.0);
        let spec = spec(12);
        let basis = draw_basis(&ds, &sc, spec).expect("runs").expect("linear");
        assert_eq!(basis.n_measures, sc.measures.len());
        assert!(basis.n_measures >= 2, "the toy needs two measures");
        let lever_policy = ds.policy.as_ref().map(|pd| Policy {
            name: "test".into(),
            levers: pd
                .levers
                .iter()
                .enumerate()
                .map(|(k, l)| (k, 2.0 * l.default_intensity))
                .collect(),
            campaigns: vec![CampaignChoice {
                campaign: 0,
                budget_meur_per_year: 2.0,
                years: 3,
                start_year: 2025,
            }],
            ..Policy::default()
        });
        for policy in [None, lever_policy.as_ref()] {
            let p = policy_draws(&ds, &sc, policy, spec).expect("runs");
            let at_one = monte_carlo(&ds, &sc, policy, spec, &|_| {}).expect("runs");
            let with = policy.is_some();
            assert_eq!(
                p.gap,
                at_one.gaps(with),
                "factors 1: the Monte Carlo's draws"
            );
            let mut out = Vec::new();
            let n = basis.n_measures;
            for f in [
                vec![1.0; n],
                vec![0.0; n],
                vec![2.0; n],
                (0..n).map(|k| 0.3 + 0.7 * k as f64).collect(),
            ] {
                assert!(basis.gaps(&p, &f, &mut out));
                let mut scaled = sc.clone();
                for (sm, x) in scaled.measures.iter_mut().zip(&f) {
                    sm.scale *= x;
                }
                let full = monte_carlo(&ds, &scaled, policy, spec, &|_| {}).expect("runs");
                let full = full.gaps(with);
                assert_eq!(out.len(), full.len());
                for (a, b) in out.iter().zip(&full) {
                    assert!(
                        (a - b).abs() <= 1e-9 * (1.0 + b.abs()),
                        "factors {f:?}: {a} against {b}"
                    );
                }
            }
        }
    }

    /// A policy run of other draws, or factors of another length, give no
    /// answer.
    #[test]
    fn refuses_other_draws() {
        let ds = toy_with_policy();
        let sc = toy_scenario(1.0);
        let basis = draw_basis(&ds, &sc, spec(4))
            .expect("runs")
            .expect("linear");
        let p = policy_draws(
            &ds,
            &sc,
            None,
            McSpec {
                seed: 12,
                ..spec(4)
            },
        )
        .expect("runs");
        let mut out = vec![1.0];
        assert!(!basis.gaps(&p, &vec![1.0; basis.n_measures], &mut out));
        assert!(out.is_empty());
        let p = policy_draws(&ds, &sc, None, spec(4)).expect("runs");
        assert!(!basis.gaps(&p, &[1.0], &mut out) || basis.n_measures == 1);
        // Fewer draws: the first draws of the basis.
        let p2 = policy_draws(&ds, &sc, None, spec(2)).expect("runs");
        assert!(basis.gaps(&p2, &vec![1.0; basis.n_measures], &mut out));
        assert_eq!(out, p.gap[..2]);
    }

    fn close(a: &[f64], b: &[f64], tol: f64) -> f64 {
        assert_eq!(a.len(), b.len());
        let mut worst = 0.0f64;
        for (x, y) in a.iter().zip(b) {
            worst = worst.max((x - y).abs() / (1.0 + y.abs()));
        }
        assert!(worst <= tol, "worst relative difference {worst}");
        worst
    }

    /// One item at a grid value, from no policy: its own Monte Carlo, draw
    /// by draw (gap and factor), for a lever of each kind and a campaign.
    #[test]
    fn one_item_at_a_grid_value_is_its_monte_carlo() {
        let ds = toy_with_policy();
        let sc = toy_scenario(1.0);
        let spec = spec(12);
        let without = policy_draws(&ds, &sc, None, spec).expect("runs");
        let pd = ds.policy.as_ref().expect("levers");
        let mut axes: Vec<(Axis, f64)> = pd
            .levers
            .iter()
            .enumerate()
            .map(|(k, l)| (Axis::Lever(k), l.default_intensity.max(0.5)))
            .collect();
        axes.push((
            Axis::Campaign {
                campaign: 0,
                years: 3,
                start_year: 2025,
            },
            2.0,
        ));
        for (axis, unit) in axes {
            let grid = [unit, 2.0 * unit];
            let b = item_basis(&ds, &sc, axis, &grid, &without, spec).expect("runs");
            assert_eq!(b.grid, vec![0.0, unit, 2.0 * unit]);
            for v in grid {
                let (got, on) = combine(
                    &without,
                    &[Move {
                        basis: &b,
                        from: 0.0,
                        to: v,
                    }],
                )
                .expect("on the grid");
                assert_eq!(on, OnGrid::Exact);
                let full = policy_draws(&ds, &sc, Some(&axis.policy(v)), spec).expect("runs");
                close(&got.gap, &full.gap, 1e-9);
                close(&got.factor, &full.factor, 1e-12);
            }
            // Back to nothing: the draws without a policy.
            let (back, _) = combine(
                &without,
                &[Move {
                    basis: &b,
                    from: 0.0,
                    to: 0.0,
                }],
            )
            .expect("on the grid");
            assert_eq!(back.gap, without.gap);
        }
    }

    /// Between grid values the draws are linear between theirs (and say
    /// so); outside the grid, or on other draws, there is no answer.
    #[test]
    fn between_grid_values_is_linear_and_outside_is_refused() {
        let ds = toy_with_policy();
        let sc = toy_scenario(1.0);
        let spec = spec(8);
        let without = policy_draws(&ds, &sc, None, spec).expect("runs");
        let b = item_basis(&ds, &sc, Axis::Lever(2), &[1.0, 2.0], &without, spec).expect("runs");
        let at = |v: f64| {
            combine(
                &without,
                &[Move {
                    basis: &b,
                    from: 0.0,
                    to: v,
                }],
            )
        };
        let (lo, _) = at(1.0).expect("grid");
        let (hi, _) = at(2.0).expect("grid");
        let (mid, on) = at(1.25).expect("between");
        assert_eq!(on, OnGrid::Between);
        assert_eq!(b.covers(1.25), Some(OnGrid::Between));
        for d in 0..mid.gap.len() {
            let want = lo.gap[d] + 0.25 * (hi.gap[d] - lo.gap[d]);
            assert!((mid.gap[d] - want).abs() <= 1e-9 * (1.0 + want.abs()));
        }
        assert!(at(2.5).is_none(), "beyond the grid");
        assert!(at(-0.5).is_none(), "below the grid");
        let other = policy_draws(&ds, &sc, None, McSpec { seed: 12, ..spec }).expect("runs");
        assert!(combine(
            &other,
            &[Move {
                basis: &b,
                from: 0.0,
                to: 1.0
            }]
        )
        .is_none());
    }

    /// Several items moved from a policy's setting: the first-order sum
    /// against the Monte Carlo of the moved policy. On the toy the items
    /// act on different flows; the difference is their interaction, small
    /// next to the items' own effect.
    #[test]
    fn several_items_from_an_anchor_are_first_order() {
        let ds = toy_with_policy();
        let sc = toy_scenario(1.0);
        let spec = spec(12);
        let without = policy_draws(&ds, &sc, None, spec).expect("runs");
        let pd = ds.policy.as_ref().expect("levers");
        let (side, retain) = (0, 2);
        let unit = |k: usize| pd.levers[k].default_intensity;
        let grid = |k: usize| [unit(k), 2.0 * unit(k), 3.0 * unit(k)];
        let bs =
            item_basis(&ds, &sc, Axis::Lever(side), &grid(side), &without, spec).expect("runs");
        let br =
            item_basis(&ds, &sc, Axis::Lever(retain), &grid(retain), &without, spec).expect("runs");
        let anchor_policy = Policy {
            name: "anchor".into(),
            levers: vec![(side, unit(side)), (retain, unit(retain))],
            ..Policy::default()
        };
        let anchor = policy_draws(&ds, &sc, Some(&anchor_policy), spec).expect("runs");
        let moved_policy = Policy {
            levers: vec![(side, 3.0 * unit(side)), (retain, 2.0 * unit(retain))],
            ..anchor_policy.clone()
        };
        let (got, on) = combine(
            &anchor,
            &[
                Move {
                    basis: &bs,
                    from: unit(side),
                    to: 3.0 * unit(side),
                },
                Move {
                    basis: &br,
                    from: unit(retain),
                    to: 2.0 * unit(retain),
                },
            ],
        )
        .expect("on the grids");
        assert_eq!(on, OnGrid::Exact);
        let full = policy_draws(&ds, &sc, Some(&moved_policy), spec).expect("runs");
        for d in 0..full.gap.len() {
            let effect = (full.gap[d] - anchor.gap[d]).abs();
            let err = (got.gap[d] - full.gap[d]).abs();
            assert!(
                err <= 0.05 * effect + 1e-9 * (1.0 + full.gap[d].abs()),
                "draw {d}: {} against {} (effect {effect})",
                got.gap[d],
                full.gap[d]
            );
        }
    }
}
