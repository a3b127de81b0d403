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
use crate::dataset::DigitalDefinition;
use crate::dataset::{Dataset, Variant};
use crate::demand::{run as demand_run, Prepared};
use crate::gap::{
    anchored, baseline_growth, climate_by_year, digital_cells, gap_years, persons_in,
    supply_variant_of, Adjustment, DigitalVerdict, GapError, GapOptions, GapResult, Quantity,
    SupplyFrame,
};
use crate::scenario::Scenario;
use crate::split::{RegionSplit, PARTS};
use crate::supply::{stocks_masked, Run, RunPlan, SupplyError, SupplyInputs};
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

/// The explorer's supply side for one scenario, in split form
/// ([`crate::split`]): per demand variant the supply inputs with two parts
/// in place of the provinces, and what the answer reads of them (the cells
/// of the occupation set and of the digital-skills definitions). A policy
/// then costs three runs of those cells over two parts instead of three
/// full runs over every province: [`SplitSupply::run`].
#[derive(Debug, Clone)]
pub struct SplitSupply {
    /// Split inputs per demand variant (`Variant as usize`), supply at the
    /// opposite end.
    inputs: [SupplyInputs; 3],
    split: RegionSplit,
    members: Vec<usize>,
    /// How the answer reads the cells: the members' in every province, the
    /// digital counts' as totals.
    runs: RunPlan,
    years: Vec<Year>,
    base_year: Year,
    goal: Year,
    /// Per digital-skills definition: the (occupation, education) pairs it counts.
    digital: Vec<(DigitalDefinition, Vec<usize>)>,
}

/// The working buffers of [`SplitSupply::run_in`].
#[derive(Debug, Clone)]
pub struct SplitScratch {
    inputs: SupplyInputs,
    stock: Vec<f64>,
    graduates: Vec<f64>,
}

/// What [`SplitSupply::run`] gives for one policy.
#[derive(Debug, Clone)]
pub struct SplitAnswer {
    pub sums: PolicySums,
    /// The digital-skills verdicts in the goal year, one per definition.
    pub digital: Vec<DigitalVerdict>,
}

impl SplitSupply {
    /// The split inputs of `scenario`'s three runs; figures for the
    /// occupations in `members` and the digital verdicts in `goal`.
    pub fn new(
        ds: &Dataset,
        scenario: &Scenario,
        members: &[usize],
        goal: Year,
    ) -> Result<SplitSupply, GapError> {
        let sd = ds.supply.as_ref().ok_or(GapError::NoSupplyData)?;
        let (years, horizon) = gap_years(ds, scenario)?;
        let (frame, split) = SupplyFrame::new(ds, sd, horizon)?.split();
        let inputs = Variant::ALL.map(|v| frame.inputs(&sd.params, supply_variant_of(v)));
        // Every value is checked here, once; a policy's changes keep them
        // valid by construction (clamped shares, rates and flows), so a run
        // checks the shape only, and that its figures are numbers.
        for inp in &inputs {
            let errs = inp.check();
            if !errs.is_empty() {
                return Err(GapError::Supply(SupplyError::Invalid(errs)));
            }
        }
        let no = ds.n_occupations();
        let mut runs = vec![Run::Skip; no * NE];
        for &o in members.iter().filter(|&&o| o < no) {
            runs[o * NE..(o + 1) * NE].fill(Run::Regions);
        }
        let digital: Vec<(DigitalDefinition, Vec<usize>)> = sd
            .digital_definitions
            .iter()
            .map(|d| (d.clone(), digital_cells(ds, d, no)))
            .collect();
        for &oe in digital.iter().flat_map(|(_, pairs)| pairs) {
            if runs[oe] == Run::Skip {
                runs[oe] = Run::Total;
            }
        }
        Ok(SplitSupply {
            inputs,
            split,
            members: members.iter().copied().filter(|&o| o < no).collect(),
            runs: RunPlan::new(&runs),
            years,
            base_year: ds.base_year,
            goal,
            digital,
        })
    }

    /// Supply and baseline demand with `adjust`, summed as
    /// [`PolicySums::of`] sums a full gap run, and the digital verdicts as
    /// [`GapResult::digital_verdict`] gives them. `Ok(None)` when the
    /// adjustment does not keep the split form (a lever aimed at one
    /// province): then run the regions in full.
    pub fn run(&self, adjust: &dyn Adjustment) -> Result<Option<SplitAnswer>, GapError> {
        self.run_in(adjust, &mut self.scratch())
    }

    /// Working buffers for [`SplitSupply::run_in`], to keep and reuse.
    pub fn scratch(&self) -> SplitScratch {
        SplitScratch {
            inputs: self.inputs[0].clone(),
            stock: Vec::new(),
            graduates: Vec::new(),
        }
    }

    /// As [`SplitSupply::run`], in buffers kept from earlier runs (whatever
    /// they hold is overwritten).
    pub fn run_in(
        &self,
        adjust: &dyn Adjustment,
        scratch: &mut SplitScratch,
    ) -> Result<Option<SplitAnswer>, GapError> {
        if adjust.regional() {
            return Ok(None);
        }
        let nr = self.split.n_regions();
        let per = NL * nr;
        let ny = self.years.len();
        let mut baseline: [Vec<f64>; 3] = Default::default();
        let mut available: [Vec<f64>; 3] = Default::default();
        let mut required_factor: [Vec<f64>; 3] = Default::default();
        let mut counts = vec![[0.0; 3]; self.digital.len()];
        let SplitScratch {
            inputs: inp,
            stock,
            graduates,
        } = scratch;
        for v in Variant::ALL {
            let i = v as usize;
            let sv = supply_variant_of(v);
            inp.copy_from(&self.inputs[i]);
            adjust.supply(sv, inp);
            if !RegionSplit::holds(inp) {
                return Ok(None);
            }
            let errs = inp.check_shape();
            if !errs.is_empty() {
                return Err(GapError::Supply(SupplyError::Invalid(errs)));
            }
            stocks_masked(inp, &self.runs, stock, graduates);
            let no = inp.n_occupations;
            let cells = no * NE * PARTS;
            let stock_at = |t: Year| -> Result<&[f64], GapError> {
                t.checked_sub(inp.start_year)
                    .and_then(|y| stock.get(usize::from(y) * cells..(usize::from(y) + 1) * cells))
                    .ok_or_else(|| GapError::Years(format!("no supply stock for {t}")))
            };
            let mut occ_stock = vec![0.0; no];
            for (c, s) in inp.base_stock.iter().enumerate() {
                occ_stock[c / (NE * PARTS)] += s;
            }
            baseline[i] = vec![0.0; ny * per];
            available[i] = vec![0.0; ny * per];
            required_factor[i] = self
                .years
                .iter()
                .map(|&t| adjust.required_factor(sv, t))
                .collect();
            let mut values = vec![0.0; cells];
            for (y, &t) in self.years.iter().enumerate() {
                let elapsed = f64::from(t - self.base_year) + 0.5;
                let factor = required_factor[i][y];
                for &o in &self.members {
                    let growth = baseline_growth(inp.expansion_demand[o], occ_stock[o], elapsed);
                    let block = o * NE * PARTS..(o + 1) * NE * PARTS;
                    for (x, b) in values[block.clone()].iter_mut().zip(&inp.base_stock[block]) {
                        *x = factor * (b * growth).max(0.0);
                    }
                }
                let out = &mut baseline[i][y * per..(y + 1) * per];
                self.split.add_by_level_region(&values, &self.members, out);
                let (s0, s1) = (stock_at(t)?, stock_at(t + 1)?);
                for &o in &self.members {
                    let block = o * NE * PARTS..(o + 1) * NE * PARTS;
                    let (a, b) = (&s0[block.clone()], &s1[block.clone()]);
                    for ((x, a), b) in values[block].iter_mut().zip(a).zip(b) {
                        *x = 0.5 * (a + b);
                    }
                }
                let out = &mut available[i][y * per..(y + 1) * per];
                self.split.add_by_level_region(&values, &self.members, out);
            }
            let persons = |pairs: &[usize], t: Year| -> Result<f64, GapError> {
                Ok(persons_in(
                    stock_at(t)?,
                    stock_at(t + 1)?,
                    pairs,
                    &inp.fte_per_person,
                    PARTS,
                ))
            };
            for ((def, pairs), count) in self.digital.iter().zip(&mut counts) {
                let n = persons(pairs, self.goal)?;
                count[i] = match def.anchor {
                    None => n,
                    Some((t, level)) => anchored(n, persons(pairs, t)?, level).unwrap_or(f64::NAN),
                };
            }
        }
        let numbers = |v: &[Vec<f64>; 3]| v.iter().flatten().all(|x| x.is_finite());
        if !(numbers(&baseline) && numbers(&available) && numbers(&required_factor)) {
            return Err(GapError::Years(
                "the policy gave supply or demand figures that are not numbers".into(),
            ));
        }
        let digital = self
            .digital
            .iter()
            .zip(counts)
            .filter(|(_, c)| c.iter().all(|x| x.is_finite()))
            .map(|((def, _), c)| DigitalVerdict::of(def, self.goal, c))
            .collect();
        Ok(Some(SplitAnswer {
            sums: PolicySums {
                years: self.years.clone(),
                n_regions: nr,
                baseline,
                available,
                required_factor,
            },
            digital,
        }))
    }
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

    /// The split supply gives what a full gap run gives: the policy sums
    /// and the digital verdicts, with a policy touching every kind of input
    /// (side-entry, retention, productivity, enrolment, dropout, entry
    /// shares, migration, a campaign); a lever aimed at one province is
    /// refused (`None`), for the caller to run the provinces in full.
    #[test]
    fn split_supply_equals_the_full_gap_run_with_a_policy() {
        use crate::codes::{Direction, Level};
        use crate::plan::tests::{lever, toy_with_policy};
        use crate::plan::{Applied, CampaignChoice, Item, LeverFlow, LeverTarget};
        let mut ds = toy_with_policy();
        let cell = |level, direction| Education { level, direction }.index();
        let mbo4 = cell(Level::Mbo4, Direction::Techniek);
        let pd = ds.policy.as_mut().expect("levers");
        pd.levers.push(lever(
            "drop",
            LeverFlow::Dropout,
            LeverTarget::Cells(vec![mbo4]),
            -0.05,
        ));
        pd.levers.push(lever(
            "fit",
            LeverFlow::Weglek,
            LeverTarget::Cells(vec![mbo4]),
            0.05,
        ));
        pd.levers.push(lever(
            "mig",
            LeverFlow::Migration,
            LeverTarget::SetLevel {
                set: 0,
                level: Level::Hbo,
            },
            20.0,
        ));
        let n = pd.levers.len();
        let sc = toy_scenario(1.0);
        let prepared = Prepared::new(&ds).expect("prepares");
        let members = ds
            .occupation_set("technician")
            .expect("set")
            .members
            .clone();
        let demand = Variant::ALL.map(|v| demand_run(&prepared, &sc, v));
        let gp = GapPrep::new(&ds, &sc, &demand, GapOptions::default()).expect("prep");
        let goal = *gp.years.last().expect("years");
        let split = SplitSupply::new(&ds, &sc, &members, goal).expect("split");
        let items: Vec<Item> = (0..n)
            .map(|lever| Item::Lever {
                lever,
                intensity: 20.0,
            })
            .chain([Item::Campaign(CampaignChoice {
                campaign: 0,
                budget_meur_per_year: 2.0,
                start_year: 2025,
                years: 3,
            })])
            .collect();
        let mut available = Vec::new();
        // One scratch for both runs, the policy first: nothing of it may
        // remain in the run without.
        let mut scratch = split.scratch();
        for items in [items, Vec::new()] {
            let applied = Applied {
                dataset: &ds,
                items,
            };
            let full = gp.run(&applied).expect("full");
            let want = PolicySums::of(&full, &applied, &members).expect("sums");
            let got = split
                .run_in(&applied, &mut scratch)
                .expect("runs")
                .expect("national policy");
            assert_eq!(got.sums.years, want.years);
            available.push(got.sums.available.clone());
            for v in 0..3 {
                for (name, g, w) in [
                    ("baseline", &got.sums.baseline[v], &want.baseline[v]),
                    ("available", &got.sums.available[v], &want.available[v]),
                    (
                        "factor",
                        &got.sums.required_factor[v],
                        &want.required_factor[v],
                    ),
                ] {
                    assert_eq!(g.len(), w.len(), "{name}");
                    for (a, b) in g.iter().zip(w) {
                        assert!(close(*a, *b, b.abs()), "{name} v{v}: {a} {b}");
                    }
                }
            }
            let defs = &ds.supply.as_ref().expect("supply").digital_definitions;
            assert!(!defs.is_empty(), "the toy counts digital skills");
            assert_eq!(got.digital.len(), defs.len());
            for (g, d) in got.digital.iter().zip(defs) {
                let w = full.digital_verdict(&ds, d, goal).expect("verdict");
                assert_eq!((g.met, g.certainty), (w.met, w.certainty));
                for (a, b) in [
                    (g.count.low, w.count.low),
                    (g.count.central, w.count.central),
                    (g.count.high, w.count.high),
                ] {
                    assert!(close(a, b, b.abs()), "{}: {a} {b}", w.definition);
                }
            }
        }
        assert_ne!(available[0], available[1], "the policy moves supply");
        // The same side-entry lever aimed at one province.
        let mut regional = ds.clone();
        if let Some(pd) = regional.policy.as_mut() {
            pd.levers[0].region = Some(1);
        }
        let applied = Applied {
            dataset: &regional,
            items: vec![Item::Lever {
                lever: 0,
                intensity: 10.0,
            }],
        };
        assert!(split.run(&applied).expect("runs").is_none());
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
