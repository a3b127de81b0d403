//! The scenario explorer's fast path: the technician figures of a scenario
//! whose climate measures are scaled by factors, split into a part that
//! depends only on the factors (climate demand) and a part that depends only
//! on the policy (baseline demand and supply).
//!
//! - **Climate demand is linear in each measure's `scale`**: the chain
//!   multiplies a trajectory's additions by it, and everything after (the
//!   input-output arithmetic, the indirect jobs clamped at zero per measure,
//!   netting, the occupation and education shares) is linear for a
//!   non-negative scale. Fossil losses and direct investments do not depend
//!   on it. So [`ClimateBasis`] runs the chain once with every measure off
//!   (the constant part) and once per measure (its part at the scenario's
//!   scale), and a request's climate demand is `constant + Σ factor × part`,
//!   already summed over the occupations of a set into gap year × level ×
//!   region: a few thousand multiplications instead of three demand runs.
//!   The basis is checked against full runs at several factor vectors when
//!   it is built; [`ClimateBasis::new`] gives `None` when it disagrees, and
//!   the caller runs the full chain instead ([`full_climate`]).
//! - **Baseline demand and supply do not depend on the factors**:
//!   [`PolicySums`] holds them, summed the same way, for one policy (one
//!   [`Adjustment`]); a caller can keep them per policy.
//!
//! [`combine`] puts both together into required, climate and available per
//! run; the sums equal those of a full [`GapResult`] to rounding (tests).

use crate::codes::{Education, Level};
use crate::dataset::{Dataset, Variant};
use crate::demand::{run as demand_run, Prepared};
use crate::gap::{
    climate_by_year, gap_years, supply_variant_of, Adjustment, GapError, GapOptions, GapResult,
    Quantity,
};
use crate::scenario::Scenario;
use crate::units::Year;

const NE: usize = Education::COUNT;
const NL: usize = Level::ALL.len();

/// Per occupation the share of its education cells at each level, for the
/// members of an occupation set (zero rows for the others): O x level.
fn level_weights(ds: &Dataset, members: &[usize]) -> Vec<f64> {
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
fn reduce(ro: &[f64], weights: &[f64], members: &[usize], nr: usize, no: usize) -> Vec<f64> {
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

/// What a policy gives the explorer, independent of the climate factors:
/// per demand variant, baseline demand and available supply summed over an
/// occupation set into gap year x level x region, and the policy's factor
/// on required labour per gap year.
#[derive(Debug, Clone)]
pub struct PolicySums {
    pub years: Vec<Year>,
    pub n_regions: usize,
    baseline: [Vec<f64>; 3],
    available: [Vec<f64>; 3],
    required_factor: [Vec<f64>; 3],
}

/// Sums per-cell values (occupation x education x region) over `members`
/// into level x region, added to `out`.
fn add_cells(cells: &[f64], members: &[usize], nr: usize, out: &mut [f64]) {
    for &o in members {
        for e in 0..NE {
            let l = Education::from_index(e).level as usize;
            let start = (o * NE + e) * nr;
            let Some(row) = cells.get(start..start + nr) else {
                continue;
            };
            for (r, v) in row.iter().enumerate() {
                out[l * nr + r] += v;
            }
        }
    }
}

impl PolicySums {
    /// Sums a gap result run with `adjust` (climate demand in it is ignored).
    pub fn of(g: &GapResult, adjust: &dyn Adjustment, members: &[usize]) -> Option<PolicySums> {
        let nr = g.n_regions;
        let per = NL * nr;
        let mut baseline: [Vec<f64>; 3] = Default::default();
        let mut available: [Vec<f64>; 3] = Default::default();
        let mut required_factor: [Vec<f64>; 3] = Default::default();
        for v in Variant::ALL {
            let i = v as usize;
            baseline[i] = vec![0.0; g.years.len() * per];
            available[i] = vec![0.0; g.years.len() * per];
            for (y, &t) in g.years.iter().enumerate() {
                let b = g.cells(v, t, Quantity::RequiredBaseline)?;
                add_cells(&b, members, nr, &mut baseline[i][y * per..(y + 1) * per]);
                let a = g.cells(v, t, Quantity::Available)?;
                add_cells(&a, members, nr, &mut available[i][y * per..(y + 1) * per]);
            }
            let sv = supply_variant_of(v);
            required_factor[i] = g
                .years
                .iter()
                .map(|&t| adjust.required_factor(sv, t))
                .collect();
        }
        Some(PolicySums {
            years: g.years.clone(),
            n_regions: nr,
            baseline,
            available,
            required_factor,
        })
    }
}

/// The technician figures of one run: gap year x level x region.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelRegion {
    pub years: Vec<Year>,
    pub n_regions: usize,
    /// Baseline + climate demand.
    pub required: Vec<f64>,
    /// Climate demand (with the policy's factor on required labour).
    pub climate: Vec<f64>,
    pub available: Vec<f64>,
}

impl LevelRegion {
    /// Index of (gap year `y`, level `l`, region `r`).
    pub fn at(&self, y: usize, l: usize, r: usize) -> usize {
        (y * NL + l) * self.n_regions + r
    }
}

/// Required, climate and available per demand variant from the two parts;
/// `None` when they are for different years or regions.
pub fn combine(policy: &PolicySums, climate: &[Vec<f64>; 3]) -> Option<[LevelRegion; 3]> {
    let per = NL * policy.n_regions;
    let n = policy.years.len() * per;
    if climate.iter().any(|c| c.len() != n) {
        return None;
    }
    let one = |v: usize| -> LevelRegion {
        let mut clim = climate[v].clone();
        for (y, chunk) in clim.chunks_mut(per).enumerate() {
            let f = policy.required_factor[v].get(y).copied().unwrap_or(1.0);
            chunk.iter_mut().for_each(|x| *x *= f);
        }
        let required = policy.baseline[v]
            .iter()
            .zip(&clim)
            .map(|(b, c)| b + c)
            .collect();
        LevelRegion {
            years: policy.years.clone(),
            n_regions: policy.n_regions,
            required,
            climate: clim,
            available: policy.available[v].clone(),
        }
    };
    Some([one(0), one(1), one(2)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demand::tests::toy_scenario;
    use crate::gap::tests::toy_with_supply;
    use crate::gap::{Dim, GapPrep, NoAdjustment};

    fn close(a: f64, b: f64, scale: f64) -> bool {
        (a - b).abs() <= 1e-9 * scale.max(1.0)
    }

    /// The basis and the policy sums give what a full gap run gives, for
    /// several factor vectors.
    #[test]
    fn fast_path_equals_the_full_gap_run() {
        let ds = toy_with_supply();
        let sc = toy_scenario(1.0);
        let prepared = Prepared::new(&ds).expect("prepares");
        let members: Vec<usize> = (0..ds.n_occupations()).collect();
        let options = GapOptions::default();
        let basis = ClimateBasis::new(&prepared, &sc, options, &members).expect("linear");
        assert_eq!(basis.n_measures(), sc.measures.len());
        let demand0 = Variant::ALL.map(|v| demand_run(&prepared, &sc, v));
        let gp = GapPrep::new(&ds, &sc, &demand0, options).expect("prep");
        let g0 = gp.run(&NoAdjustment).expect("runs");
        let policy = PolicySums::of(&g0, &NoAdjustment, &members).expect("sums");
        for factors in [
            vec![1.0; 8],
            vec![0.0; 8],
            vec![2.0, 0.3, 1.1, 0.0, 1.9, 0.7, 0.1, 1.5],
        ] {
            let factors = &factors[..sc.measures.len().min(factors.len())];
            assert_eq!(factors.len(), sc.measures.len(), "enough factors");
            let mut scaled = sc.clone();
            for (sm, f) in scaled.measures.iter_mut().zip(factors) {
                sm.scale *= f;
            }
            let demand = Variant::ALL.map(|v| demand_run(&prepared, &scaled, v));
            let g = crate::gap::run(&ds, &scaled, &demand, options).expect("full");
            let fast = combine(&policy, &basis.climate(factors).expect("factors")).expect("fits");
            for v in Variant::ALL {
                let lr = &fast[v as usize];
                for (y, &t) in g.years.iter().enumerate() {
                    for (q, got) in [
                        (Quantity::Required, &lr.required),
                        (Quantity::Climate, &lr.climate),
                        (Quantity::Available, &lr.available),
                    ] {
                        let cells = g.cells(v, t, q).expect("year");
                        let want = g.aggregate(&cells, Some(&members), Dim::Region);
                        for (r, w) in want.iter().enumerate() {
                            let have: f64 = (0..NL).map(|l| got[lr.at(y, l, r)]).sum();
                            assert!(close(have, *w, w.abs()), "{q:?} {t} r{r}: {have} {w}");
                        }
                        let want = g.aggregate(&cells, Some(&members), Dim::Level);
                        for (l, w) in want.iter().enumerate() {
                            let have: f64 = (0..lr.n_regions).map(|r| got[lr.at(y, l, r)]).sum();
                            assert!(close(have, *w, w.abs()), "{q:?} {t} l{l}: {have} {w}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn wrong_number_of_factors_is_refused() {
        let ds = toy_with_supply();
        let sc = toy_scenario(1.0);
        let prepared = Prepared::new(&ds).expect("prepares");
        let basis = ClimateBasis::new(&prepared, &sc, GapOptions::default(), &[0]).expect("linear");
        assert!(basis.climate(&[]).is_none() || sc.measures.is_empty());
        assert!(basis.climate(&vec![1.0; sc.measures.len() + 1]).is_none());
    }
}
