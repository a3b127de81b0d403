//! The Monte Carlo engine: what every draw of one dataset, scenario and
//! policy shares, computed once, and a cheap evaluation per draw.
//!
//! A draw changes only numbers that have a range (see
//! [`crate::uncertainty::slots`]). Two facts make a draw cheap:
//!
//! - **Climate demand is linear** in each labour intensity, each cost per unit
//!   and each fossil loss, given the scalar parameters; and the scalar
//!   parameters (hours per fte, the IO currency, the price index,
//!   productivity growth) enter as factors per term and year. So demand is
//!   computed once per *term* with its coefficient at 1 ([`DemandBasis`]), and
//!   a draw's national climate demand per year and occupation is a weighted
//!   sum of those terms: a few thousand multiplications instead of a run of
//!   the input-output chain.
//! - **The supply model's parameter-free parts** (the education pipeline,
//!   the spread of school-leavers, the regional split) are the same for every
//!   draw ([`SupplyFrame`]).
//!
//! Per draw the slot values are written into a per-thread copy of the
//! dataset (no clone per draw) and supply, gap and policy run through the
//! same code as the deterministic run ([`GapPrep::single_from`],
//! [`crate::plan::outcome`]).
//!
//! Exactness: the basis is checked when it is built against full demand runs
//! at three points (all ranges at their central values, all at their low
//! ends, all at their high ends). A clamp in the chain that binds (a job loss
//! capped at a sector's jobs, negative indirect output) breaks linearity;
//! then the check fails and every draw runs the full demand chain instead,
//! slower but exact. Tests compare the two paths draw by draw.

use rayon::prelude::*;

use crate::codes::{Education, Level};
use crate::dataset::{Dataset, Path, Range3};
use crate::demand::{run as demand_run, Prepared};
use crate::gap::{
    anchored, baseline_growth, climate_by_year, digital_cells, gap_years, persons_in, Adjustment,
    Cell, GapError, GapOptions, NoAdjustment, SupplyFrame,
};
use crate::plan::{Applied, Item};
use crate::scenario::Scenario;
use crate::supply::{stocks_masked, SupplyInputs};
use crate::uncertainty::{set, slots, DrawOutcome, Slot};
use crate::units::Year;
use crate::Variant;

const NE: usize = Education::COUNT;

/// What a term's coefficient is, read from a draw's dataset.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Coef {
    /// Labour intensity of activity `a` of bottom-up measure `m`; per hour
    /// when the intensity is in hours (then divided by hours per fte).
    Intensity { m: usize, a: usize, per_hour: bool },
    /// Cost per unit of spending measure `m`.
    Cost { m: usize },
    /// The scenario's direct investments (euros, no range of their own).
    Investments,
    /// Fossil loss `i` in a sector with `sector_hours` hours worked, scaled
    /// by the scenario's `scale`; the basis was computed at 1 fte, which
    /// gave `unit_full` after the cap at the sector's jobs.
    Fossil {
        i: usize,
        sector_hours: f64,
        scale: f64,
        unit_full: f64,
    },
}

/// One linear term of climate demand.
#[derive(Debug, Clone)]
struct Term {
    coef: Coef,
    /// Reference year of the term's productivity (the activity's, or the IO
    /// year for spending); `None` when productivity does not apply.
    ref_year: Option<Year>,
    /// National climate demand per gap year x occupation at coefficient 1,
    /// reference scalars and zero productivity growth.
    values: Vec<f64>,
}

/// The scalar parameters the basis was computed at.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Refs {
    hours: f64,
    per_eur: f64,
    price: f64,
}

/// Climate demand as a weighted sum of per-term runs (see the module
/// documentation). National: the dataset must have one region.
#[derive(Debug, Clone)]
pub struct DemandBasis {
    years: Vec<Year>,
    n_occupations: usize,
    /// Climate demand counts its growth after the first gap year only.
    growth: bool,
    refs: Refs,
    terms: Vec<Term>,
}

/// Climate demand per gap year x occupation from a full run of the chain.
fn full_climate(
    prepared: &Prepared<'_>,
    ds: &Dataset,
    scenario: &Scenario,
    options: GapOptions,
    years: &[Year],
) -> Result<Vec<f64>, GapError> {
    let prep = prepared
        .rebind(ds)
        .ok_or_else(|| GapError::Years("the draw changed the input-output table".into()))?;
    let demand = demand_run(&prep, scenario, Variant::Central);
    Ok(climate_by_year(&demand, years, options, ds.n_occupations()))
}

impl DemandBasis {
    /// Builds the basis and checks it against full runs; `None` when the
    /// check fails (the chain is not linear for this dataset and scenario)
    /// or the dataset has more than one region.
    pub fn new(
        prepared: &Prepared<'_>,
        ds: &Dataset,
        scenario: &Scenario,
        options: GapOptions,
    ) -> Option<DemandBasis> {
        if ds.n_regions() != 1 {
            return None;
        }
        let (years, _) = gap_years(ds, scenario).ok()?;
        let p = &ds.params;
        let refs = Refs {
            hours: p.fte_hours_per_year.central,
            per_eur: p.io_currency_per_eur.central,
            price: p.price_index_base_vs_io.central,
        };
        // Everything at zero, the scalars at their reference values.
        let mut zero = ds.clone();
        zero.params.fte_hours_per_year = Range3::point(refs.hours);
        zero.params.io_currency_per_eur = Range3::point(refs.per_eur);
        zero.params.price_index_base_vs_io = Range3::point(refs.price);
        zero.params.productivity_growth = Range3::point(0.0);
        for m in &mut zero.measures {
            match &mut m.path {
                Path::BottomUp { activities } => {
                    for a in activities {
                        a.intensity = Range3::point(0.0);
                    }
                }
                Path::Spending { cost_per_unit, .. } => *cost_per_unit = Range3::point(0.0),
            }
        }
        for f in &mut zero.fossil_losses {
            f.fte_lost = Range3::point(0.0);
        }
        let mut no_investments = scenario.clone();
        no_investments.investments.clear();
        // The terms, and the climate demand of each: `zero` with that term
        // switched on (the runs are independent: in parallel, kept in order).
        let mut jobs: Vec<(Coef, Option<Year>)> = Vec::new();
        for (m, measure) in ds.measures.iter().enumerate() {
            match &measure.path {
                Path::BottomUp { activities } => {
                    for (a, act) in activities.iter().enumerate() {
                        let per_hour = act.unit == crate::dataset::IntensityUnit::HoursPerUnit;
                        jobs.push((Coef::Intensity { m, a, per_hour }, Some(act.ref_year)));
                    }
                }
                Path::Spending { .. } => jobs.push((Coef::Cost { m }, Some(ds.io_year))),
            }
        }
        if !scenario.investments.is_empty() {
            jobs.push((Coef::Investments, Some(ds.io_year)));
        }
        let scale = scenario.options.fossil_loss_scale;
        for (i, f) in ds.fossil_losses.iter().enumerate() {
            let sector_hours = ds.sectors.get(f.sector)?.hours_worked;
            let unit_full = (scale).min(sector_hours / refs.hours.max(1.0));
            if unit_full > 0.0 {
                let coef = Coef::Fossil {
                    i,
                    sector_hours,
                    scale,
                    unit_full,
                };
                jobs.push((coef, None));
            }
        }
        let run_term = |coef: &Coef| -> Option<Vec<f64>> {
            let mut d = zero.clone();
            let mut sc = &no_investments;
            match *coef {
                Coef::Intensity { m, a, .. } => {
                    if let Path::BottomUp { activities } = &mut d.measures[m].path {
                        activities[a].intensity = Range3::point(1.0);
                    }
                }
                Coef::Cost { m } => {
                    if let Path::Spending { cost_per_unit, .. } = &mut d.measures[m].path {
                        *cost_per_unit = Range3::point(1.0);
                    }
                }
                Coef::Investments => sc = scenario,
                Coef::Fossil { i, .. } => d.fossil_losses[i].fte_lost = Range3::point(1.0),
            }
            let options = GapOptions {
                climate: crate::gap::ClimateOnTop::Full,
                ..options
            };
            full_climate(prepared, &d, sc, options, &years).ok()
        };
        let runs: Vec<Option<Vec<f64>>> = jobs.par_iter().map(|(coef, _)| run_term(coef)).collect();
        let mut terms = Vec::new();
        for ((coef, ref_year), values) in jobs.into_iter().zip(runs) {
            let values = values?;
            if values.iter().any(|v| *v != 0.0) {
                terms.push(Term {
                    coef,
                    ref_year,
                    values,
                });
            }
        }
        let basis = DemandBasis {
            n_occupations: ds.n_occupations(),
            growth: options.climate == crate::gap::ClimateOnTop::GrowthAfterStart,
            refs,
            terms,
            years,
        };
        basis
            .agrees(prepared, ds, scenario, options)
            .then_some(basis)
    }

    /// Whether the basis reproduces full runs at the central values and with
    /// every range at its low and at its high end.
    fn agrees(
        &self,
        prepared: &Prepared<'_>,
        ds: &Dataset,
        scenario: &Scenario,
        options: GapOptions,
    ) -> bool {
        let all = slots(ds);
        let at = |end: fn(&Range3) -> f64| -> Dataset {
            let mut d = ds.clone();
            for s in &all {
                set(&mut d, s.at, end(&s.range));
            }
            d
        };
        let points = [at(|r| r.central), at(|r| r.low), at(|r| r.high)];
        points.par_iter().all(|d| {
            let Ok(full) = full_climate(prepared, d, scenario, options, &self.years) else {
                return false;
            };
            let mut out = Vec::new();
            self.climate(d, &mut out);
            let scale = full.iter().fold(1.0f64, |m, v| m.max(v.abs()));
            full.len() == out.len()
                && full
                    .iter()
                    .zip(&out)
                    .all(|(a, b)| (a - b).abs() <= 1e-9 * scale)
        })
    }

    /// The climate demand (gap year x occupation) of a dataset whose ranges
    /// are points (a draw), into `out`.
    pub fn climate(&self, ds: &Dataset, out: &mut Vec<f64>) {
        let no = self.n_occupations;
        out.clear();
        out.resize(self.years.len() * no, 0.0);
        let p = &ds.params;
        let hours = p.fte_hours_per_year.central;
        let growth = p.productivity_growth.central;
        let spending = (p.io_currency_per_eur.central / self.refs.per_eur)
            * (self.refs.hours / hours)
            * (self.refs.price / p.price_index_base_vs_io.central);
        for term in &self.terms {
            let base = match term.coef {
                Coef::Intensity { m, a, per_hour } => {
                    let v = match ds.measures.get(m).map(|m| &m.path) {
                        Some(Path::BottomUp { activities }) => {
                            activities.get(a).map_or(0.0, |a| a.intensity.central)
                        }
                        _ => 0.0,
                    };
                    if per_hour {
                        v * self.refs.hours / hours
                    } else {
                        v
                    }
                }
                Coef::Cost { m } => match ds.measures.get(m).map(|m| &m.path) {
                    Some(Path::Spending { cost_per_unit, .. }) => cost_per_unit.central * spending,
                    _ => 0.0,
                },
                Coef::Investments => spending,
                Coef::Fossil {
                    i,
                    sector_hours,
                    scale,
                    unit_full,
                } => {
                    let v = ds.fossil_losses.get(i).map_or(0.0, |f| f.fte_lost.central);
                    (v * scale).min(sector_hours / hours.max(1.0)) / unit_full
                }
            };
            for (y, &t) in self.years.iter().enumerate() {
                let factor = match term.ref_year {
                    Some(r) => base * (1.0 + growth).powf(-(f64::from(t) - f64::from(r))),
                    None => base,
                };
                let row = &mut out[y * no..(y + 1) * no];
                let values = &term.values[y * no..(y + 1) * no];
                for (o, v) in row.iter_mut().zip(values) {
                    *o += factor * v;
                }
            }
        }
        if self.growth && !self.years.is_empty() {
            let (first, rest) = out.split_at_mut(no);
            for row in rest.chunks_mut(no) {
                for (v, f) in row.iter_mut().zip(first.iter()) {
                    *v -= f;
                }
            }
            first.iter_mut().for_each(|v| *v = 0.0);
        }
    }

    /// Number of linear terms.
    pub fn n_terms(&self) -> usize {
        self.terms.len()
    }
}

/// What the draws' figures read of the supply model, fixed per dataset.
#[derive(Debug, Clone)]
struct Reads {
    /// Per occupation x education (`o * 18 + e`): whether the supply model
    /// runs the cell. Every cell of an occupation in an occupation set (the
    /// technician and ICT goals; a policy's side-entrants and migrants go
    /// only to such sets) and every cell a digital definition counts.
    mask: Vec<bool>,
    /// Per occupation: a technician.
    technician: Vec<bool>,
    /// Per digital definition: what it counts.
    digital: Vec<Counted>,
}

/// The (occupation, education) pairs a digital definition counts, and its
/// anchor (year, persons).
#[derive(Debug, Clone)]
struct Counted {
    pairs: Vec<usize>,
    anchor: Option<(Year, f64)>,
}

impl Reads {
    fn of(ds: &Dataset) -> Reads {
        let no = ds.n_occupations();
        let mut mask = vec![false; no * NE];
        let mut technician = vec![false; no];
        for set in &ds.occupation_sets {
            for &o in &set.members {
                if o < no {
                    mask[o * NE..(o + 1) * NE].fill(true);
                    technician[o] |= set.id == "technician";
                }
            }
        }
        let digital: Vec<Counted> = ds
            .supply
            .as_ref()
            .map(|sd| {
                sd.digital_definitions
                    .iter()
                    .map(|d| Counted {
                        pairs: digital_cells(ds, d, no),
                        anchor: d.anchor,
                    })
                    .collect()
            })
            .unwrap_or_default();
        for &oe in digital.iter().flat_map(|d| &d.pairs) {
            mask[oe] = true;
        }
        Reads {
            mask,
            technician,
            digital,
        }
    }
}

/// The figures of one run (without or with the policy) of one draw.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DrawFigures {
    /// Technician gap per gap year (fte, net).
    pub gap_by_year: Vec<f64>,
    /// Technician gap in the goal year per education level (fte, net;
    /// [`Level::ALL`] order).
    pub gap_by_level: Vec<f64>,
    /// Digital-skills count per definition in the goal year (persons).
    pub digital: Vec<f64>,
}

/// Everything the draws of one Monte Carlo run share.
pub struct Engine<'a> {
    /// The national view of the dataset, at its central values.
    pub dataset: &'a Dataset,
    scenario: &'a Scenario,
    pub slots: Vec<Slot>,
    items: Vec<Item>,
    options: GapOptions,
    year: Year,
    /// The gap years (the scenario's years from the base year on).
    pub years: Vec<Year>,
    prepared: Prepared<'a>,
    /// `None` when demand is not linear for this dataset: full runs then.
    basis: Option<DemandBasis>,
    frame: SupplyFrame,
    reads: Reads,
}

impl<'a> Engine<'a> {
    /// `ds` and `scenario` must be national (one region; see
    /// [`crate::uncertainty::national_view`]).
    pub fn new(
        ds: &'a Dataset,
        scenario: &'a Scenario,
        items: Vec<Item>,
        options: GapOptions,
        year: Year,
    ) -> Result<Engine<'a>, GapError> {
        let sd = ds.supply.as_ref().ok_or(GapError::NoSupplyData)?;
        if ds.n_regions() != 1 {
            return Err(GapError::Years(
                "the Monte Carlo engine runs on the national view of the dataset".into(),
            ));
        }
        let prepared = Prepared::new(ds)
            .map_err(|e| GapError::Years(format!("the input-output table: {e}")))?;
        let (years, horizon) = gap_years(ds, scenario)?;
        if !years.contains(&year) {
            return Err(GapError::Years(format!(
                "{year} is not a year of the scenario's gap ({}..{horizon})",
                years[0]
            )));
        }
        let frame = SupplyFrame::new(ds, sd, horizon)?;
        let basis = DemandBasis::new(&prepared, ds, scenario, options);
        // Draws check only the shape of their supply inputs: check every
        // value once here, without and with the policy.
        let central = frame.inputs(&sd.params, Variant::Central);
        let mut with = central.clone();
        Applied {
            dataset: ds,
            items: items.clone(),
        }
        .supply(Variant::Central, &mut with);
        for inp in [central, with] {
            let mut errs = inp.check();
            if errs.is_empty() && inp.n_regions != 1 {
                errs.push("the supply inputs are not national".into());
            }
            if !errs.is_empty() {
                return Err(GapError::Supply(crate::supply::SupplyError::Invalid(errs)));
            }
        }
        Ok(Engine {
            dataset: ds,
            scenario,
            slots: slots(ds),
            items,
            options,
            year,
            years,
            prepared,
            basis,
            frame,
            reads: Reads::of(ds),
        })
    }

    /// Whether draws use the linear demand basis (else full demand runs).
    pub fn linear_demand(&self) -> bool {
        self.basis.is_some()
    }

    /// The goal year of the draws' figures.
    pub fn year(&self) -> Year {
        self.year
    }

    /// Supply cells times flow years one draw runs (the run without the
    /// policy and, with one, the run with it): the unit of the supply work.
    pub fn cell_updates_per_draw(&self) -> usize {
        let cells = self.reads.mask.iter().filter(|m| **m).count();
        let runs = if self.items.is_empty() { 1 } else { 2 };
        runs * cells * self.frame.template().n_years()
    }

    /// Whether the draws have a policy.
    pub fn has_policy(&self) -> bool {
        !self.items.is_empty()
    }

    /// Working copies of the dataset and the supply inputs for one
    /// thread's draws.
    pub fn scratch(&self) -> Scratch {
        Scratch {
            dataset: self.dataset.clone(),
            climate: Vec::new(),
            inputs: self.frame.template().clone(),
            stock: Vec::new(),
            graduates: Vec::new(),
        }
    }

    /// Runs the chain with the slots at `values` (one per slot, in the order
    /// of [`Engine::slots`]); every slot is set, so nothing of an earlier
    /// draw on the same scratch remains.
    pub fn run(&self, scratch: &mut Scratch, values: &[f64]) -> Result<DrawOutcome, GapError> {
        for (s, v) in self.slots.iter().zip(values) {
            set(&mut scratch.dataset, s.at, *v);
        }
        self.run_scratch(scratch)
    }

    /// As [`Engine::run`] with slot `k` at `value` and the rest central.
    pub fn run_one(
        &self,
        scratch: &mut Scratch,
        k: usize,
        value: f64,
    ) -> Result<DrawOutcome, GapError> {
        let Some(slot) = self.slots.get(k) else {
            return Err(GapError::Years(format!("no uncertain parameter {k}")));
        };
        set(&mut scratch.dataset, slot.at, value);
        let out = self.run_scratch(scratch);
        set(&mut scratch.dataset, slot.at, slot.range.central);
        out
    }

    fn run_scratch(&self, scratch: &mut Scratch) -> Result<DrawOutcome, GapError> {
        let ds = &scratch.dataset;
        let sd = ds.supply.as_ref().ok_or(GapError::NoSupplyData)?;
        match &self.basis {
            Some(b) => b.climate(ds, &mut scratch.climate),
            None => {
                scratch.climate =
                    full_climate(&self.prepared, ds, self.scenario, self.options, &self.years)?
            }
        }
        // One buffer for both runs: the parameters' values first, the policy
        // on top after the run without it. What the policy changes of the
        // parameter-free inputs goes back to the template first.
        let inp = &mut scratch.inputs;
        if !self.items.is_empty() {
            let template = self.frame.template();
            inp.enrolment.copy_from_slice(&template.enrolment);
            inp.entry_share.copy_from_slice(&template.entry_share);
            inp.dropout = template.dropout;
        }
        let mask = Some(&self.reads.mask[..]);
        self.frame.fill(&sd.params, Variant::Central, inp, mask);
        let (climate, stock, graduates) =
            (&scratch.climate, &mut scratch.stock, &mut scratch.graduates);
        let without = self.figures(ds, inp, &NoAdjustment, climate, stock, graduates)?;
        let with = if self.items.is_empty() {
            without.clone()
        } else {
            let applied = Applied {
                dataset: ds,
                items: self.items.clone(),
            };
            applied.supply(Variant::Central, inp);
            self.figures(ds, inp, &applied, climate, stock, graduates)?
        };
        let out = DrawOutcome::new(without, with, self.goal_index());
        if !(out.gap_without.is_finite() && out.gap_with.is_finite()) {
            return Err(GapError::Years(
                "a draw gave a technician gap that is not a number".into(),
            ));
        }
        Ok(out)
    }

    /// Index of the goal year among the gap years (checked in `new`).
    fn goal_index(&self) -> usize {
        self.years
            .iter()
            .position(|t| *t == self.year)
            .unwrap_or_default()
    }

    /// Supply for the masked cells of `inp`, and the figures of the draw:
    /// the same formulas as [`crate::gap::GapResult::cells`] and
    /// [`crate::gap::GapResult::digital_count`], on the cells they read.
    fn figures(
        &self,
        ds: &Dataset,
        inp: &SupplyInputs,
        adjust: &dyn Adjustment,
        climate: &[f64],
        stock: &mut Vec<f64>,
        graduates: &mut Vec<f64>,
    ) -> Result<DrawFigures, GapError> {
        let errs = inp.check_shape();
        if !errs.is_empty() {
            return Err(GapError::Supply(crate::supply::SupplyError::Invalid(errs)));
        }
        stocks_masked(inp, &self.reads.mask, stock, graduates);
        let no = inp.n_occupations;
        let cells = no * NE;
        let stock_at = |t: Year| -> Option<&[f64]> {
            let y = usize::from(t.checked_sub(inp.start_year)?);
            stock.get(y * cells..(y + 1) * cells)
        };
        let missing = |t: Year| GapError::Years(format!("no supply stock for {t}"));
        let mut occ_stock = vec![0.0; no];
        for (c, s) in inp.base_stock.iter().enumerate() {
            occ_stock[c / NE] += s;
        }
        let levels: [usize; NE] = std::array::from_fn(|e| Education::from_index(e).level as usize);
        let goal = self.goal_index();
        let mut gap_by_year = Vec::with_capacity(self.years.len());
        let mut gap_by_level = vec![0.0; Level::ALL.len()];
        for (y, &t) in self.years.iter().enumerate() {
            let (s0, s1) = (
                stock_at(t).ok_or_else(|| missing(t))?,
                stock_at(t + 1).ok_or_else(|| missing(t + 1))?,
            );
            let elapsed = f64::from(t - ds.base_year) + 0.5;
            let factor = adjust.required_factor(Variant::Central, t);
            let ro = &climate[y * no..(y + 1) * no];
            let mut by_level = [0.0; Level::ALL.len()];
            for o in (0..no).filter(|&o| self.reads.technician[o]) {
                let growth = baseline_growth(inp.expansion_demand[o], occ_stock[o], elapsed);
                for e in 0..NE {
                    let c = o * NE + e;
                    let cell = Cell {
                        baseline: factor * (inp.base_stock[c] * growth).max(0.0),
                        climate: factor * ro[o] * ds.education_shares[c],
                        available: 0.5 * (s0[c] + s1[c]),
                    };
                    by_level[levels[e]] += cell.get(crate::gap::Quantity::Gap);
                }
            }
            gap_by_year.push(by_level.iter().sum());
            if y == goal {
                gap_by_level.copy_from_slice(&by_level);
            }
        }
        let persons = |counted: &[usize], t: Year| -> Result<f64, GapError> {
            Ok(persons_in(
                stock_at(t).ok_or_else(|| missing(t))?,
                stock_at(t + 1).ok_or_else(|| missing(t + 1))?,
                counted,
                &inp.fte_per_person,
                1,
            ))
        };
        let mut digital = Vec::with_capacity(self.reads.digital.len());
        for Counted { pairs, anchor } in &self.reads.digital {
            let count = persons(pairs, self.year)?;
            digital.push(match *anchor {
                None => count,
                Some((t, level)) => anchored(count, persons(pairs, t)?, level).unwrap_or(f64::NAN),
            });
        }
        Ok(DrawFigures {
            gap_by_year,
            gap_by_level,
            digital,
        })
    }
}

/// One thread's working copies of the dataset and the supply inputs.
pub struct Scratch {
    dataset: Dataset,
    climate: Vec<f64>,
    /// The supply inputs of the run without the policy, then with it.
    inputs: SupplyInputs,
    stock: Vec<f64>,
    graduates: Vec<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demand::tests::toy_scenario;
    use crate::gap::tests::toy_with_supply;
    use crate::uncertainty::{draw_values, national_view, run_point};
    use crate::Range3;

    fn assert_close_all(fast: &[f64], full: &[f64], what: &str) {
        assert_eq!(fast.len(), full.len(), "{what}");
        for (a, b) in fast.iter().zip(full) {
            assert!(
                (a - b).abs() <= 1e-9 * (1.0 + b.abs()),
                "{what}: {fast:?} against {full:?}"
            );
        }
    }

    /// Every figure of the engine's draws equals that of `run_point` (the
    /// general chain: full supply runs, `GapResult::cells`, `digital_count`).
    fn assert_matches_full_with(
        engine: &Engine<'_>,
        nsc: &Scenario,
        items: &[Item],
        draws: std::ops::Range<u64>,
    ) {
        let mut scratch = engine.scratch();
        for i in draws {
            let values = draw_values(&engine.slots, 5, i);
            let fast = engine.run(&mut scratch, &values).expect("runs");
            let mut d = engine.dataset.clone();
            for (s, v) in engine.slots.iter().zip(&values) {
                set(&mut d, s.at, *v);
            }
            let full = run_point(&d, nsc, items, GapOptions::default(), 2028, None).expect("runs");
            assert_close_all(&[fast.gap_without], &[full.gap_without], "gap without");
            assert_close_all(&[fast.gap_with], &[full.gap_with], "gap with");
            for (f, g) in [(&fast.without, &full.without), (&fast.with, &full.with)] {
                assert_close_all(&f.gap_by_year, &g.gap_by_year, "gap by year");
                assert_close_all(&f.gap_by_level, &g.gap_by_level, "gap by level");
                assert_close_all(&f.digital, &g.digital, "digital");
            }
        }
    }

    fn assert_matches_full(engine: &Engine<'_>, nsc: &Scenario, draws: std::ops::Range<u64>) {
        assert_matches_full_with(engine, nsc, &[], draws)
    }

    /// With a policy (side-entry and enrolment levers and a campaign, whose
    /// effects are drawn, retention and productivity), the draws' inputs are
    /// reset between draws on one scratch: each draw equals a fresh full run.
    #[test]
    fn engine_matches_the_full_chain_with_a_policy() {
        let mut ds = crate::plan::tests::toy_with_policy();
        if let Some(pd) = ds.policy.as_mut() {
            for l in &mut pd.levers {
                let c = l.effect.central;
                l.effect = Range3 {
                    low: 0.5 * c,
                    central: c,
                    high: 2.0 * c,
                };
            }
        }
        let sc = toy_scenario(1.0);
        let (nd, nsc) = national_view(&ds, &sc);
        let pd = nd.policy.as_ref().expect("the toy has levers");
        let items: Vec<Item> = (0..pd.levers.len())
            .map(|lever| Item::Lever {
                lever,
                intensity: pd.levers[lever].default_intensity.max(1.0),
            })
            .chain([Item::Campaign(crate::plan::CampaignChoice {
                campaign: 0,
                budget_meur_per_year: 1.0,
                start_year: 2025,
                years: 3,
            })])
            .collect();
        let engine =
            Engine::new(&nd, &nsc, items.clone(), GapOptions::default(), 2028).expect("builds");
        assert!(engine.has_policy());
        assert!(
            engine
                .slots
                .iter()
                .any(|s| matches!(s.at, crate::uncertainty::SlotRef::Lever(_))),
            "lever effects are drawn"
        );
        assert_matches_full_with(&engine, &nsc, &items, 0..12);
        // The policy moves the gap, so the comparison above is not empty.
        let mut scratch = engine.scratch();
        let out = engine
            .run(&mut scratch, &draw_values(&engine.slots, 5, 0))
            .expect("runs");
        assert!(out.gap_with < out.gap_without, "{out:?}");
    }

    /// The basis gives the same climate demand as the full chain, draw by
    /// draw, and the engine the same outcome as `run_point`.
    #[test]
    fn engine_matches_the_full_chain() {
        let ds = toy_with_supply();
        let sc = toy_scenario(1.0);
        let (nd, nsc) = national_view(&ds, &sc);
        let engine =
            Engine::new(&nd, &nsc, Vec::new(), GapOptions::default(), 2028).expect("builds");
        assert!(engine.linear_demand(), "the toy chain is linear");
        assert_matches_full(&engine, &nsc, 0..20);
    }

    #[test]
    fn growth_after_start_is_linear_too() {
        let ds = toy_with_supply();
        let sc = toy_scenario(1.0);
        let (nd, nsc) = national_view(&ds, &sc);
        let options = GapOptions {
            climate: crate::gap::ClimateOnTop::GrowthAfterStart,
            ..GapOptions::default()
        };
        let prepared = Prepared::new(&nd).expect("prepares");
        let basis = DemandBasis::new(&prepared, &nd, &nsc, options).expect("linear");
        let mut out = Vec::new();
        basis.climate(&nd, &mut out);
        let (years, _) = gap_years(&nd, &nsc).expect("years");
        let full = full_climate(&prepared, &nd, &nsc, options, &years).expect("runs");
        for (a, b) in full.iter().zip(&out) {
            assert!((a - b).abs() < 1e-9 * (1.0 + a.abs()));
        }
    }

    /// A fossil loss capped at its sector's jobs: the cap is part of the
    /// term's coefficient, so the basis stays exact when it binds.
    #[test]
    fn a_binding_cap_stays_exact() {
        let mut ds = toy_with_supply();
        let sc = toy_scenario(1.0);
        assert!(!ds.fossil_losses.is_empty(), "the toy has a fossil loss");
        let s = ds.fossil_losses[0].sector;
        let jobs = ds.sectors[s].hours_worked / ds.params.fte_hours_per_year.central;
        // A range straddling the sector's jobs: the cap binds at the high end.
        ds.fossil_losses[0].fte_lost = Range3 {
            low: jobs * 0.2,
            central: jobs * 0.5,
            high: jobs * 2.0,
        };
        let (nd, nsc) = national_view(&ds, &sc);
        let engine =
            Engine::new(&nd, &nsc, Vec::new(), GapOptions::default(), 2028).expect("builds");
        assert!(engine.linear_demand());
        assert_matches_full(&engine, &nsc, 0..20);
    }

    /// Without the basis (a chain that is not linear) every draw runs the
    /// full demand chain: the same outcomes.
    #[test]
    fn the_fallback_gives_the_same_draws() {
        let ds = toy_with_supply();
        let sc = toy_scenario(1.0);
        let (nd, nsc) = national_view(&ds, &sc);
        let mut engine =
            Engine::new(&nd, &nsc, Vec::new(), GapOptions::default(), 2028).expect("builds");
        engine.basis = None;
        assert_matches_full(&engine, &nsc, 0..5);
    }
}
