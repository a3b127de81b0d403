//! Monte Carlo over every parameter with a range, and what matters most.
//!
//! Every `low`/`central`/`high` range of the dataset (scalar parameters,
//! labour intensities, costs per unit, fossil losses, supply parameters,
//! lever effects, campaign funnel stages) is a [`Slot`](crate::inputs::slots::Slot). A draw takes one
//! uniform number per slot from a ChaCha8 stream keyed by (seed, draw index),
//! joins the numbers of a correlation group ([`effective_uniforms`](crate::mc::draws::effective_uniforms)) and
//! turns each into a value with the inverse CDF of the slot's distribution
//! (triangular by default; see [`crate::mc::distribution`] and the dataset's
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

pub mod demand;
pub mod distribution;
pub mod draws;
pub mod engine;
pub mod live;
pub mod sensitivity;
pub mod skew;
pub mod summary;

use rayon::prelude::*;

use crate::inputs::dataset::Dataset;

use crate::error::GapError;
use crate::inputs::bracket::Variant;
use crate::inputs::policy::{Item, Policy};
use crate::inputs::scenario::Scenario;
use crate::inputs::units::Year;
use crate::mc::draws::{uniforms, values_of};
use crate::mc::engine::Engine;
use crate::mc::sensitivity::{group_sensitivity_on, sensitivity_on, Sensitivity};
use crate::mc::summary::{DrawFigures, DrawOutcome, McResult};
use crate::reference::demand::run as demand_run;
use crate::reference::demand::Prepared;
use crate::reference::gap::{Dim, GapOptions, GapPrep, Quantity};
use crate::reference::policy::{items_of, Applied};

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
        None => Prepared::new(ds).map_err(GapError::IoTable)?,
    };
    let demand = demand_run(&prep, scenario, crate::Variant::Central);
    let gp = GapPrep::single(ds, scenario, &demand, options)?;
    // What the climate targets need: the technicians' climate demand, all of it.
    let climate_need: f64 = ds.occupation_set("technician").map_or(0.0, |s| {
        demand
            .by_region(year, options.basis, Some(&s.members))
            .iter()
            .map(|f| f.value())
            .sum()
    });
    // The provinces run in full: the three runs are one (the ranges are points).
    let regional = if ds.n_regions() > 1 {
        let d = || demand.clone();
        Some(GapPrep::new(ds, scenario, &[d(), d(), d()], options)?)
    } else {
        None
    };
    let tech: Vec<usize> = ds
        .occupation_set("technician")
        .map(|s| s.members.clone())
        .unwrap_or_default();
    let figures = |items: Vec<Item>| -> Result<DrawFigures, GapError> {
        let (gap_by_province, parts_by_province) = match &regional {
            Some(rp) => {
                let g = rp.run(&Applied {
                    dataset: ds,
                    items: items.clone(),
                })?;
                let (mut rows, mut parts) = (Vec::new(), Vec::new());
                for &t in &g.years {
                    let cells = g
                        .cells(Variant::Central, t, Quantity::Gap)
                        .ok_or(GapError::NoYear(t))?;
                    rows.extend(g.aggregate(&cells, Some(&tech), Dim::Region));
                    parts.extend(
                        g.decomposition(Variant::Central, t, Some(&tech), Dim::Region)
                            .ok_or(GapError::NoYear(t))?,
                    );
                }
                (rows, parts)
            }
            None => (Vec::new(), Vec::new()),
        };
        let g = gp.run(&Applied { dataset: ds, items })?;
        let by_level = |t: Year| -> Result<Vec<f64>, GapError> {
            let cells = g
                .cells(Variant::Central, t, Quantity::Gap)
                .ok_or(GapError::NoYear(t))?;
            Ok(g.aggregate(&cells, Some(&tech), Dim::Level))
        };
        let gap_by_year = g
            .years
            .iter()
            .map(|&t| by_level(t).map(|b| b.iter().sum()))
            .collect::<Result<Vec<f64>, GapError>>()?;
        let parts_by_year = g
            .years
            .iter()
            .map(|&t| {
                g.decomposition_total(Variant::Central, t, Some(&tech))
                    .ok_or(GapError::NoYear(t))
            })
            .collect::<Result<Vec<_>, GapError>>()?;
        let parts_by_level = g
            .decomposition(Variant::Central, year, Some(&tech), Dim::Level)
            .ok_or(GapError::NoYear(year))?;
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
        let total = |q: Quantity| -> Result<f64, GapError> {
            g.total(year, q, Some(&tech))
                .map(|b| b.central)
                .ok_or(GapError::NoYear(year))
        };
        Ok(DrawFigures {
            gap_by_year,
            gap_by_level: by_level(year)?,
            required: total(Quantity::Required)?,
            available: total(Quantity::Available)?,
            climate_need,
            parts_by_year,
            parts_by_level,
            parts_by_province,
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
        .ok_or(GapError::NoYear(year))?;
    Ok(DrawOutcome::new(without, with, goal))
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

/// The Monte Carlo of several region sets of one dataset (each a regional
/// dataset and its scenario, as `krapte-data`'s region views make them:
/// the same dataset with other regions), with the same `policy` and `spec`;
/// one result per set, in order.
///
/// **What it equals.** For each set, [`monte_carlo`] on that set alone (the
/// reference): the same draws (seed, uniforms, slot values), national
/// figures equal to summation order and every region's figures too. The
/// national chain is drawn once, on the first set's national view, and one
/// supply run in split form per draw gives the regions of every set
/// ([`Engine::with_region_sets`]): each set's regional split of the same
/// national per-draw figures (its climate demand by its placement keys, its
/// supply by its region shares). Checked by `crates/data/tests/region_view.rs`
/// on the built-in data (every set's draws against the reference) and by
/// this module's tests on the toy.
///
/// **Falls back** to [`monte_carlo`] per set when the sets cannot share an
/// engine: one set or none, national views whose slots differ, or an engine
/// without regions (a lever aimed at one province, demand that is not
/// linear, a set whose climate demand by region fails the basis's check).
pub fn monte_carlo_sets(
    sets: &[(&Dataset, &Scenario)],
    policy: Option<&Policy>,
    spec: McSpec,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Vec<McResult>, GapError> {
    let per_set = || -> Result<Vec<McResult>, GapError> {
        sets.iter()
            .map(|&(ds, sc)| monte_carlo(ds, sc, policy, spec, progress))
            .collect()
    };
    let Some(&(first, first_sc)) = sets.first().filter(|_| sets.len() > 1) else {
        return per_set();
    };
    let regional = sets.iter().all(|(ds, _)| ds.n_regions() > 1);
    let (nd, nsc) = &national_view(first, first_sc);
    let slots = crate::inputs::slots::slots(nd);
    let same_slots = sets[1..]
        .iter()
        .all(|&(ds, sc)| crate::inputs::slots::slots(&national_view(ds, sc).0) == slots);
    if !(regional && same_slots) {
        return per_set();
    }
    let items = policy.map(items_of).unwrap_or_default();
    let engine = Engine::with_region_sets(nd, nsc, items, spec.options, spec.year, sets)?;
    if !engine.has_provinces() {
        return per_set();
    }
    let regions = engine.region_sets();
    // Each draw split into its sets as it is made: the draws of all
    // regions side by side are never kept together.
    let (by_draw, uniforms) = draws_on(&engine, spec.seed, spec.draws, progress, |d| {
        d.split_regions(regions)
    })?;
    let mut out: Vec<McResult> = regions
        .iter()
        .map(|_| McResult {
            seed: spec.seed,
            year: engine.year(),
            years: engine.years.clone(),
            cell_updates_per_draw: engine.cell_updates_per_draw(),
            slots: engine.slots.clone(),
            draws: Vec::with_capacity(spec.draws),
            uniforms: uniforms.clone(),
        })
        .collect();
    for draw in by_draw {
        for (mc, d) in out.iter_mut().zip(draw) {
            mc.draws.push(d);
        }
    }
    Ok(out)
}

/// Runs `f` on the engine of the national view of `ds` and `scenario`
/// with `policy`'s items.
pub(crate) fn on_engine<T>(
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

/// Everything one engine gives the headline and the tables under it: the
/// draws, the skew of the ranges (the central run and why the draws' mean
/// differs from it) and the tornado.
#[derive(Debug, Clone)]
pub struct FullRun {
    pub mc: McResult,
    pub skew: skew::Skew,
    /// The tornado (slots, then correlation groups), of the gap with the
    /// policy when `tornado_with_policy`, else without; sorted by swing.
    pub sensitivity: Vec<Sensitivity>,
}

/// The draws, the skew and the tornado on one engine; the slots' low and
/// high ends run once for both the skew and the tornado.
pub fn full_run(
    ds: &Dataset,
    scenario: &Scenario,
    policy: Option<&Policy>,
    spec: McSpec,
    tornado_with_policy: bool,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<FullRun, GapError> {
    on_engine(ds, scenario, policy, spec.options, spec.year, |engine| {
        let mc = monte_carlo_on(engine, spec.seed, spec.draws, progress)?;
        let ends = sensitivity::slot_ends(engine)?;
        let skew = skew::skew_of(engine, &ends)?;
        let with = tornado_with_policy && policy.is_some();
        let mut sens = sensitivity::sensitivity_of(engine, &ends, with, Some(&mc));
        sens.extend(group_sensitivity_on(engine, with, Some(&mc))?);
        sens.sort_by(|a, b| b.swing().total_cmp(&a.swing()));
        Ok(FullRun {
            mc,
            skew,
            sensitivity: sens,
        })
    })
}

pub(crate) fn monte_carlo_on(
    engine: &Engine<'_>,
    seed: u64,
    draws: usize,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<McResult, GapError> {
    let (out, us) = draws_on(engine, seed, draws, progress, |d| d)?;
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

/// The draws of `engine` in draw order, each passed through `each` as it
/// is made (on the thread that made it), and their uniform numbers (draw x
/// slot).
fn draws_on<T: Send>(
    engine: &Engine<'_>,
    seed: u64,
    draws: usize,
    progress: &(dyn Fn(usize) + Sync),
    each: impl Fn(DrawOutcome) -> T + Sync,
) -> Result<(Vec<T>, Vec<f64>), GapError> {
    let n = engine.slots.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<Result<(T, Vec<f64>), GapError>> = (0..draws as u64)
        .into_par_iter()
        .map_init(
            || engine.scratch(),
            |scratch, i| {
                let u = uniforms(seed, i, n);
                let out = engine.run(scratch, &values_of(&engine.slots, &u))?;
                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                progress(n);
                Ok((each(out), u))
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
    Ok((out, us))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::bracket::Range3;
    use crate::inputs::slots::{set, slots, Slot};
    use crate::inputs::uncertainty::Distribution;
    use crate::mc::distribution::{normal_quantile, triangular};
    use crate::mc::draws::{draw_dataset, draw_values, effective_uniform, effective_uniforms};
    use crate::mc::sensitivity::{group_sensitivity, sensitivity};
    use crate::mc::summary::{how_drawn, quantile, summarize};

    /// A Monte Carlo result with the given per-province gaps (without, with).
    fn with_provinces(draws: &[(Vec<f64>, Vec<f64>)]) -> McResult {
        let figures = |gap_by_province: &Vec<f64>| DrawFigures {
            gap_by_year: vec![gap_by_province.iter().sum()],
            gap_by_province: gap_by_province.clone(),
            required: f64::NAN,
            available: f64::NAN,
            climate_need: f64::NAN,
            ..DrawFigures::default()
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

    /// Two region sets of the toy (its two provinces, and three regions
    /// with other shares) on one engine, with a policy: each set's draws
    /// are those of its own Monte Carlo (the reference), the national
    /// figures and every region's gap equal to summation order.
    #[test]
    fn region_sets_on_one_engine_equal_their_own_monte_carlo() {
        use crate::inputs::codes::{Province, Region};
        use crate::inputs::policy::CampaignChoice;
        let ds = crate::toy::toy_with_policy();
        let mut three = ds.clone();
        three.regions.push(Region::of(Province::Utrecht));
        three.region_shares = vec![0.5, 0.3, 0.2, 0.1, 0.6, 0.3];
        let sc = toy_scenario(1.0);
        let policy = ds.policy.as_ref().map(|pd| Policy {
            name: "test".into(),
            levers: (0..pd.levers.len()).map(|k| (k, 2.0)).collect(),
            campaigns: vec![CampaignChoice {
                campaign: 0,
                budget_meur_per_year: 2.0,
                years: 3,
                start_year: 2025,
            }],
            ..Policy::default()
        });
        let spec = McSpec {
            options: GapOptions::default(),
            year: 2028,
            draws: 24,
            seed: 5,
        };
        let sets = [(&ds, &sc), (&three, &sc)];
        let items = policy.as_ref().map(items_of).unwrap_or_default();
        let (nd, nsc) = national_view(&ds, &sc);
        let engine =
            Engine::with_region_sets(&nd, &nsc, items, spec.options, 2028, &sets).expect("builds");
        assert_eq!(engine.region_sets(), [2, 3], "one engine for both sets");
        let joined = monte_carlo_sets(&sets, policy.as_ref(), spec, &|_| {}).expect("runs");
        assert_eq!(joined.len(), 2);
        let close = |a: f64, b: f64, scale: f64| (a - b).abs() <= 1e-9 * scale.max(1.0);
        for (mc, (d, s)) in joined.iter().zip(sets) {
            let reference = monte_carlo(d, s, policy.as_ref(), spec, &|_| {}).expect("runs");
            assert_eq!(mc.n_provinces(), d.n_regions());
            assert_eq!(mc.uniforms, reference.uniforms);
            assert_eq!(mc.slots, reference.slots);
            assert_eq!(mc.draws.len(), reference.draws.len());
            for (a, b) in mc.draws.iter().zip(&reference.draws) {
                let scale = b.without.available;
                assert!(close(a.gap_without, b.gap_without, scale));
                assert!(close(a.gap_with, b.gap_with, scale));
                for (f, g) in [(&a.without, &b.without), (&a.with, &b.with)] {
                    assert_eq!(f.gap_by_province.len(), g.gap_by_province.len());
                    for (x, y) in f.gap_by_province.iter().zip(&g.gap_by_province) {
                        assert!(close(*x, *y, scale), "{x} against {y}");
                    }
                }
            }
            // The policy moves the regions' gaps: the comparison is not empty.
            assert_ne!(mc.province_gaps(0, true), mc.province_gaps(0, false));
        }
        // The national draws are the same in both sets.
        assert_eq!(joined[0].gaps(true), joined[1].gaps(true));
    }

    /// Sets that cannot share an engine (a lever aimed at one province:
    /// no split form) run one Monte Carlo each, the reference itself.
    #[test]
    fn region_sets_that_cannot_share_an_engine_run_one_each() {
        use crate::inputs::codes::{Province, Region};
        let mut ds = crate::toy::toy_with_policy();
        if let Some(pd) = ds.policy.as_mut() {
            pd.levers[0].region = Some(1);
        }
        let mut three = ds.clone();
        three.regions.push(Region::of(Province::Utrecht));
        three.region_shares = vec![0.5, 0.3, 0.2, 0.1, 0.6, 0.3];
        let sc = toy_scenario(1.0);
        let policy = Policy {
            name: "aimed".into(),
            levers: vec![(0, 10.0)],
            ..Policy::default()
        };
        let spec = McSpec {
            options: GapOptions::default(),
            year: 2028,
            draws: 8,
            seed: 3,
        };
        let sets = [(&ds, &sc), (&three, &sc)];
        let joined = monte_carlo_sets(&sets, Some(&policy), spec, &|_| {}).expect("runs");
        for (mc, (d, s)) in joined.iter().zip(sets) {
            let reference = monte_carlo(d, s, Some(&policy), spec, &|_| {}).expect("runs");
            assert_eq!(mc.draws, reference.draws);
            assert_eq!(mc.n_provinces(), 0, "a lever aimed at one province");
        }
    }
    use crate::toy::toy_scenario;
    use crate::toy::toy_with_supply;

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
        let g = crate::reference::gap::run(&ds, &sc, &demand, GapOptions::default()).expect("gap");
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
        use crate::inputs::uncertainty::{CorrelationGroup, Declared, Uncertainty};
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
