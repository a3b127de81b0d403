//! Equals [`crate::reference::demand::run`] followed by
//! `crate::reference::gap::climate_by_year`, summed over an occupation set
//! into gap year × level × region, for a scenario whose climate measures are
//! scaled by factors (the explorer's sliders). Checked by [`ClimateBasis::new`]
//! against full runs at four factor vectors, and by the path tester
//! (`crates/model/tests/paths.rs`). Falls back to [`full_climate`] (three full demand runs) when
//! that check fails.
//!
//! **Climate demand is linear in each measure's `scale`**: the chain
//! multiplies a trajectory's additions by it, and everything after (the
//! input-output arithmetic, the indirect jobs clamped at zero per measure,
//! netting, the occupation and education shares) is linear for a
//! non-negative scale. Fossil losses and direct investments do not depend on
//! it. So [`ClimateBasis`] runs the chain once with every measure off (the
//! constant part) and once per measure (its part at the scenario's scale),
//! and a request's climate demand is `constant + Σ factor × part`, already
//! summed over the occupations of a set into gap year × level × region: a few
//! thousand multiplications instead of three demand runs.

use crate::error::GapError;
use crate::inputs::bracket::Variant;
use crate::inputs::codes::Education;
use crate::inputs::codes::Level;
use crate::inputs::dataset::Dataset;
use crate::inputs::scenario::Scenario;
use crate::inputs::units::Year;
use crate::reference::demand::run as demand_run;
use crate::reference::demand::Prepared;
use crate::reference::gap::{climate_by_year, gap_years, GapOptions};

const NE: usize = Education::COUNT;
const NL: usize = Level::ALL.len();

/// Per occupation the share of its education cells at each level, for the
/// members of an occupation set (zero rows for the others): O x level.
pub(crate) fn level_weights(ds: &Dataset, members: &[usize]) -> Vec<f64> {
    let no = ds.n_occupations();
    let mut w = vec![0.0; no * NL];
    for &o in members {
        if o >= no {
            continue;
        }
        for e in 0..NE {
            let l = Education::from_index(e).level as usize;
            w[o * NL + l] += ds.education_shares.get(o * NE + e).copied().unwrap_or(0.0);
        }
    }
    w
}

/// Climate demand (gap year x region x occupation, as [`climate_by_year`]
/// gives it) summed over the members into gap year x level x region.
pub(crate) fn reduce(
    ro: &[f64],
    weights: &[f64],
    members: &[usize],
    nr: usize,
    no: usize,
) -> Vec<f64> {
    let ny = ro.len() / (nr * no).max(1);
    let mut out = vec![0.0; ny * NL * nr];
    for y in 0..ny {
        for r in 0..nr {
            let row = &ro[(y * nr + r) * no..(y * nr + r + 1) * no];
            for &o in members {
                let Some(&d) = row.get(o) else { continue };
                if d == 0.0 {
                    continue;
                }
                for l in 0..NL {
                    out[(y * NL + l) * nr + r] += d * weights[o * NL + l];
                }
            }
        }
    }
    out
}

/// A scenario's climate demand per demand variant, summed over `members`
/// into gap year x level x region, from full runs of the demand chain.
pub fn full_climate(
    prepared: &Prepared<'_>,
    scenario: &Scenario,
    options: GapOptions,
    members: &[usize],
) -> Result<[Vec<f64>; 3], GapError> {
    let ds = prepared.dataset;
    let (years, _) = gap_years(ds, scenario)?;
    let (nr, no) = (ds.n_regions(), ds.n_occupations());
    let weights = level_weights(ds, members);
    Ok(Variant::ALL.map(|v| {
        let demand = demand_run(prepared, scenario, v);
        let ro = climate_by_year(&demand, &years, options, nr * no);
        reduce(&ro, &weights, members, nr, no)
    }))
}

/// Climate demand as `constant + Σ factor × part` (see the module
/// documentation), for one scenario and occupation set.
#[derive(Debug, Clone)]
pub struct ClimateBasis {
    pub years: Vec<Year>,
    pub n_regions: usize,
    /// Per demand variant: every measure off; gap year x level x region.
    constant: [Vec<f64>; 3],
    /// Per demand variant and scenario measure (in the order of
    /// `Scenario::measures`): that measure alone at the scenario's scale,
    /// minus the constant.
    parts: [Vec<Vec<f64>>; 3],
}

impl ClimateBasis {
    /// Builds the basis from `1 + measures` runs per variant and checks it
    /// against full runs at several factor vectors; `None` when it
    /// disagrees by more than 1e-9 of the largest value (the chain is not
    /// linear for this scenario) or the scenario has no gap years.
    pub fn new(
        prepared: &Prepared<'_>,
        scenario: &Scenario,
        options: GapOptions,
        members: &[usize],
    ) -> Option<ClimateBasis> {
        let ds = prepared.dataset;
        let (years, _) = gap_years(ds, scenario).ok()?;
        let nm = scenario.measures.len();
        let with_scales = |f: &dyn Fn(usize) -> f64| {
            let mut sc = scenario.clone();
            for (k, sm) in sc.measures.iter_mut().enumerate() {
                sm.scale *= f(k);
            }
            sc
        };
        let constant = full_climate(prepared, &with_scales(&|_| 0.0), options, members).ok()?;
        let mut parts: [Vec<Vec<f64>>; 3] = Default::default();
        for k in 0..nm {
            let alone = with_scales(&|j| if j == k { 1.0 } else { 0.0 });
            let full = full_climate(prepared, &alone, options, members).ok()?;
            for (v, values) in full.into_iter().enumerate() {
                let part = values
                    .iter()
                    .zip(&constant[v])
                    .map(|(a, c)| a - c)
                    .collect();
                parts[v].push(part);
            }
        }
        let basis = ClimateBasis {
            years,
            n_regions: ds.n_regions(),
            constant,
            parts,
        };
        // Check points: as in the scenario, all doubled, and two mixes.
        let checks: [&dyn Fn(usize) -> f64; 4] =
            [&|_| 1.0, &|_| 2.0, &|k| [0.0, 0.5, 1.3, 2.0][k % 4], &|k| {
                [1.7, 0.2, 0.9][k % 3]
            }];
        for f in checks {
            let factors: Vec<f64> = (0..nm).map(f).collect();
            let full = full_climate(prepared, &with_scales(f), options, members).ok()?;
            let fast = basis.climate(&factors)?;
            for (a, b) in full.iter().zip(&fast) {
                let scale = a.iter().fold(1.0f64, |m, x| m.max(x.abs()));
                if a.len() != b.len() || a.iter().zip(b).any(|(x, y)| (x - y).abs() > 1e-9 * scale)
                {
                    return None;
                }
            }
        }
        Some(basis)
    }

    /// Number of scenario measures the basis has a part for.
    pub fn n_measures(&self) -> usize {
        self.parts[0].len()
    }

    /// Climate demand per demand variant (gap year x level x region) with
    /// the scenario's measure `k` scaled by `factors[k]`; `None` when the
    /// number of factors is not the number of measures.
    pub fn climate(&self, factors: &[f64]) -> Option<[Vec<f64>; 3]> {
        if factors.len() != self.n_measures() {
            return None;
        }
        Some(std::array::from_fn(|v| {
            let mut out = self.constant[v].clone();
            for (part, &f) in self.parts[v].iter().zip(factors) {
                if f == 0.0 {
                    continue;
                }
                for (o, p) in out.iter_mut().zip(part) {
                    *o += f * p;
                }
            }
            out
        }))
    }
}
