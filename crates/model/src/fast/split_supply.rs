//! Equals [`crate::reference::gap::GapPrep::run`] with a policy, summed by
//! [`crate::fast::figures::PolicySums::of`] (baseline demand and supply of
//! the technicians per gap year × level × region), and
//! [`crate::reference::gap::GapResult::digital_verdict`]: the explorer's
//! supply side. Checked by the path tester (`crates/model/tests/paths.rs`) for every lever flow and the
//! campaigns. Falls back to the full regional runs (`Ok(None)`) when a policy
//! does not keep the split form ([`crate::fast::split`]): a lever aimed at one
//! province.
//!
//! A policy costs three supply runs over two parts ([`crate::fast::split`])
//! of only the cells the answer reads (the technicians' per province, the
//! digital counts' as totals) instead of three full runs over every
//! province.

use crate::error::SupplyError;
use crate::error::{Figure, GapError};
use crate::fast::figures::PolicySums;
use crate::fast::split::{RegionSplit, PARTS};
use crate::inputs::bracket::Variant;
use crate::inputs::codes::{Education, Level};
use crate::inputs::dataset::{Dataset, DigitalDefinition};
use crate::inputs::scenario::Scenario;
use crate::inputs::units::Year;
use crate::kernel::stock_flow::{stocks_masked, Run, RunPlan};
use crate::kernel::supply_inputs::SupplyInputs;
use crate::reference::gap::{
    anchored, baseline_growth, digital_cells, gap_years, persons_in, shortage_rates,
    supply_variant_of, Adjustment, DigitalVerdict, Framing,
};
use crate::reference::supply_inputs::SupplyFrame;

const NE: usize = Education::COUNT;
const NL: usize = Level::ALL.len();

/// The explorer's supply side for one scenario, in split form
/// ([`crate::fast::split`]): per demand variant the supply inputs with two parts
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
    /// Per demand variant, the base-year shortage's share of each
    /// occupation's base stock ([`shortage_rates`]).
    shortage_rates: [Vec<f64>; 3],
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
    /// occupations in `members` and the digital verdicts in `goal`; the
    /// base-year shortage in the baseline when `framing` counts it.
    pub fn new(
        ds: &Dataset,
        scenario: &Scenario,
        members: &[usize],
        goal: Year,
        framing: Framing,
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
            shortage_rates: Variant::ALL.map(|v| shortage_rates(ds, framing, v)),
            digital,
        })
    }

    /// Supply and baseline demand with `adjust`, summed as
    /// [`PolicySums::of`] sums a full gap run, and the digital verdicts as
    /// [`GapResult::digital_verdict`](crate::reference::gap::GapResult::digital_verdict) gives them. `Ok(None)` when the
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
                    .ok_or(GapError::NoSupplyStock(t))
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
                    let rate = self.shortage_rates[i][o];
                    let block = o * NE * PARTS..(o + 1) * NE * PARTS;
                    for (x, b) in values[block.clone()].iter_mut().zip(&inp.base_stock[block]) {
                        // `gap::Cell`'s required baseline: growth and shortage.
                        *x = factor * ((b * growth).max(0.0) + b * rate);
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
            return Err(GapError::NotFinite(Figure::PolicyFigures));
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
    use crate::fast::climate_basis::ClimateBasis;
    use crate::fast::figures::combine;
    use crate::reference::demand::run as demand_run;
    use crate::reference::demand::Prepared;
    use crate::reference::gap::{Dim, GapPrep, NoAdjustment};
    use crate::reference::gap::{GapOptions, Quantity};
    use crate::toy::toy_scenario;
    use crate::toy::toy_with_supply;

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
            let g = crate::reference::gap::run(&ds, &scaled, &demand, options).expect("full");
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
        use crate::inputs::codes::{Direction, Level};
        use crate::inputs::policy::{CampaignChoice, Item, LeverFlow, LeverTarget};
        use crate::reference::policy::Applied;
        use crate::toy::{lever, toy_with_policy};
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
        let split = SplitSupply::new(&ds, &sc, &members, goal, Framing::default()).expect("split");
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
