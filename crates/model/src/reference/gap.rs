//! The gap between the labour the economy requires and the labour supply
//! provides, per year x occupation x education cell x region, and the plan's
//! two goal verdicts for 2030.
//!
//! - **required** = baseline + climate demand. The baseline is the base-year
//!   stock plus the sourced expansion demand (ROA), spread over education and
//!   region like the stock; the climate demand is the scenario's demand from
//!   [`crate::reference::demand`] (net by default), spread over education by the
//!   occupation's education shares. By default it comes fully on top of the
//!   baseline, as in the PBL-ROA model ([`ClimateOnTop`]).
//! - **available** = the supply model's stock, averaged over the year (the
//!   mean of 1 January of `t` and of `t + 1`), so it is comparable with
//!   demand, which is an average over the year.
//! - **gap** = required - available: positive is a shortage.
//!
//! Brackets: the *low* gap pairs low demand with high supply, the *high* gap
//! high demand with low supply, so the bracket spans the combined uncertainty.
//!
//! The supply inputs are built from the dataset by [`supply_inputs`]: rates
//! and flows as documented there and in `docs/MODEL.md`.

use std::sync::Arc;

use crate::error::GapError;
use crate::inputs::bracket::Bracket;
use crate::inputs::bracket::Variant;
use crate::inputs::codes::{Education, Level};
use crate::inputs::dataset::{Dataset, DigitalBasis, DigitalDefinition};
use crate::inputs::scenario::Scenario;
use crate::inputs::units::{Basis, Year};
use crate::kernel::supply_inputs::SupplyInputs;
use crate::reference::demand::DemandResult;
use crate::reference::supply;
use crate::reference::supply::{Flow, SupplyResult};
use crate::reference::supply_inputs::supply_inputs;

const NE: usize = Education::COUNT;

/// The year both goals of the Actieplan refer to.
pub const GOAL_YEAR: Year = 2030;

/// The digital-skills goal: people in 2030.
pub const DIGITAL_GOAL_PERSONS: f64 = 1_000_000.0;

/// How the scenario's climate demand is added to the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClimateOnTop {
    /// All of it: the scenario's jobs are additional to the baseline (PBL-ROA).
    #[default]
    Full,
    /// Only its growth after the scenario's first year: work already going on
    /// in that year is taken to be in the baseline stock.
    GrowthAfterStart,
}

impl ClimateOnTop {
    pub const ALL: [ClimateOnTop; 2] = [ClimateOnTop::Full, ClimateOnTop::GrowthAfterStart];

    pub fn label(self) -> &'static str {
        match self {
            ClimateOnTop::Full => "full",
            ClimateOnTop::GrowthAfterStart => "growth",
        }
    }
}

/// Choices of a gap run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GapOptions {
    /// Climate demand gross or net (of fossil losses and crowding-out).
    pub basis: Basis,
    pub climate: ClimateOnTop,
}

impl Default for GapOptions {
    fn default() -> Self {
        GapOptions {
            basis: Basis::Net,
            climate: ClimateOnTop::Full,
        }
    }
}

/// What a gap figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// Base-year stock plus baseline expansion demand.
    RequiredBaseline,
    /// The scenario's climate demand on top of the baseline.
    Climate,
    /// RequiredBaseline + Climate.
    Required,
    /// The supply stock, averaged over the year.
    Available,
    /// Required - Available (positive = shortage).
    Gap,
}

/// How to break a figure down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dim {
    Occupation,
    /// The 18 education cells (level x direction).
    Education,
    /// The 6 education levels.
    Level,
    Region,
}

impl Dim {
    fn size(self, no: usize, nr: usize) -> usize {
        match self {
            Dim::Occupation => no,
            Dim::Education => NE,
            Dim::Level => Level::ALL.len(),
            Dim::Region => nr,
        }
    }

    fn key(self, o: usize, e: usize, r: usize) -> usize {
        match self {
            Dim::Occupation => o,
            Dim::Education => e,
            Dim::Level => Education::from_index(e).level as usize,
            Dim::Region => r,
        }
    }
}

/// One of the three bracket runs: demand at one end paired with supply at
/// the other.
#[derive(Debug, Clone)]
pub struct GapRun {
    /// The demand variant; supply is at the opposite end.
    pub variant: Variant,
    /// Fte per cell in the base year.
    base_stock: Vec<f64>,
    /// Fte per occupation in the base year.
    occ_stock: Vec<f64>,
    /// Baseline expansion demand, fte per year per occupation.
    expansion: Vec<f64>,
    /// Climate demand on top of the baseline, gap year x region x occupation.
    climate_ro: Vec<f64>,
    /// Factor on required labour per gap year (policy: productivity).
    required_factor: Vec<f64>,
    pub supply: SupplyResult,
    /// Fte per person per occupation in this run.
    pub fte_per_person: Vec<f64>,
}

/// Demand, supply and gap of one scenario, in three bracket runs.
#[derive(Debug, Clone)]
pub struct GapResult {
    pub options: GapOptions,
    /// Years with a gap: the scenario's years from the base year on.
    pub years: Vec<Year>,
    pub base_year: Year,
    pub n_occupations: usize,
    pub n_regions: usize,
    /// Education shares per occupation (O x 18), copied from the dataset.
    education_shares: Vec<f64>,
    /// Indexed by `Variant as usize` of the demand side.
    /// Shared: a single-run result ([`GapPrep::single`]) holds one run three times.
    pub runs: [Arc<GapRun>; 3],
}

/// How sure a verdict is across the bracket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Certainty {
    /// Met at both ends of the bracket.
    MetThroughout,
    /// Missed at both ends.
    MissedThroughout,
    /// Met at one end, missed at the other.
    DependsOnAssumptions,
}

impl Certainty {
    /// Met at both ends of the bracket, at neither, or at one.
    pub fn of(low_met: bool, high_met: bool) -> Certainty {
        match (low_met, high_met) {
            (true, true) => Certainty::MetThroughout,
            (false, false) => Certainty::MissedThroughout,
            _ => Certainty::DependsOnAssumptions,
        }
    }

    /// How sure it is that a gap is closed (at or below zero).
    pub fn of_gap(gap: Bracket) -> Certainty {
        Certainty::of(gap.low <= 0.0, gap.high <= 0.0)
    }

    pub fn label(self) -> &'static str {
        match self {
            Certainty::MetThroughout => "met across the whole range",
            Certainty::MissedThroughout => "missed across the whole range",
            Certainty::DependsOnAssumptions => {
                "depends on the assumptions (met in part of the range)"
            }
        }
    }
}

/// The technician goal in one year: the gap of an occupation set.
#[derive(Debug, Clone, PartialEq)]
pub struct TechnicianVerdict {
    pub year: Year,
    pub required: Bracket,
    pub climate: Bracket,
    pub available: Bracket,
    /// Gap (fte, positive = shortage).
    pub gap: Bracket,
    /// Gap without the climate demand.
    pub baseline_gap: Bracket,
    /// The goal is met when the central gap is at or below zero.
    pub met: bool,
    pub certainty: Certainty,
}

/// The digital-skills goal in one year under one definition.
#[derive(Debug, Clone, PartialEq)]
pub struct DigitalVerdict {
    pub year: Year,
    /// `id@version` of the definition.
    pub definition: String,
    /// Persons counted.
    pub count: Bracket,
    pub goal: f64,
    pub met: bool,
    pub certainty: Certainty,
}

impl DigitalVerdict {
    /// The verdict on the counts of the three runs (demand variant order:
    /// low, central, high).
    pub(crate) fn of(def: &DigitalDefinition, year: Year, counts: [f64; 3]) -> DigitalVerdict {
        // More supply means a higher count: the low gap run has the high supply.
        let count = Bracket::of([counts[2], counts[1], counts[0]]);
        DigitalVerdict {
            year,
            definition: def.label(),
            count,
            goal: DIGITAL_GOAL_PERSONS,
            met: count.central >= DIGITAL_GOAL_PERSONS,
            certainty: Certainty::of(
                count.low >= DIGITAL_GOAL_PERSONS,
                count.high >= DIGITAL_GOAL_PERSONS,
            ),
        }
    }
}

/// Shortage indicator of one group (occupation, education cell ...).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shortage {
    /// Expected inflow over the period (fte): graduates, side-entry, migration.
    pub inflow: f64,
    /// Replacement demand over the period (fte): everyone leaving.
    pub replacement: f64,
    /// Expansion over the period (fte): baseline expansion plus the climate
    /// demand in the last year; may be negative.
    pub expansion: f64,
    /// max(0, expansion) + replacement.
    pub openings: f64,
    /// inflow / openings; infinite when there are no openings.
    pub ratio: f64,
}

/// Changes a policy makes to a gap run. `supply_variant` is the end of the
/// supply bracket the run is at: `High` is the run with the most supply, where
/// a lever should act at its most favourable end.
pub trait Adjustment: Sync {
    /// Adjusts the supply model's inputs of one run.
    fn supply(&self, supply_variant: Variant, inputs: &mut SupplyInputs);
    /// Factor on required labour (baseline and climate) in `year`, e.g. from
    /// extra productivity growth; 1 when nothing changes.
    fn required_factor(&self, _supply_variant: Variant, _year: Year) -> f64 {
        1.0
    }
    /// Whether an effect aims at one region (then a run in split form,
    /// [`crate::fast::split`], cannot stand for the regions).
    fn regional(&self) -> bool {
        false
    }
}

/// No change: the baseline.
pub struct NoAdjustment;

impl Adjustment for NoAdjustment {
    fn supply(&self, _: Variant, _: &mut SupplyInputs) {}
}

/// The supply end paired with a demand end: low demand with high supply.
pub fn supply_variant_of(demand_variant: Variant) -> Variant {
    match demand_variant {
        Variant::Low => Variant::High,
        Variant::Central => Variant::Central,
        Variant::High => Variant::Low,
    }
}

/// What every gap run of one scenario shares: the years, the supply inputs
/// built from the data for each bracket end, and the climate demand. Build
/// it once and [`GapPrep::run`] it with different adjustments (policies).
pub struct GapPrep<'a> {
    pub dataset: &'a Dataset,
    pub options: GapOptions,
    pub years: Vec<Year>,
    /// Supply inputs per demand variant (`Variant as usize`), supply at the
    /// opposite end.
    pub inputs: [SupplyInputs; 3],
    /// Climate demand per demand variant, gap year x region x occupation.
    climate_ro: [Vec<f64>; 3],
    /// Regions of the runs: the dataset's, or 1 after [`GapPrep::national`].
    pub n_regions: usize,
    /// The three bracket runs are one run ([`GapPrep::single`]).
    single: bool,
    /// Check every value of the supply inputs before a run (else only their
    /// shape: see [`GapPrep::trusting_values`]).
    check_values: bool,
}

/// The gap years of a scenario (its years from the base year on) and the last.
pub fn gap_years(ds: &Dataset, scenario: &Scenario) -> Result<(Vec<Year>, Year), GapError> {
    let years: Vec<Year> = scenario.years().filter(|t| *t >= ds.base_year).collect();
    match years.last() {
        Some(&horizon) => Ok((years, horizon)),
        None => Err(GapError::BeforeBaseYear {
            first: scenario.start_year,
            last: scenario.horizon,
            base_year: ds.base_year,
        }),
    }
}

/// Climate demand on top of the baseline, gap year x region x occupation
/// (`cells` = regions x occupations): all of it, or its growth after the
/// first gap year. Small; cells follow from the education shares on request.
pub fn climate_by_year(
    demand: &DemandResult,
    years: &[Year],
    options: GapOptions,
    cells: usize,
) -> Vec<f64> {
    let first = match (options.climate, years.first()) {
        (ClimateOnTop::GrowthAfterStart, Some(&t0)) => demand.region_occupation(t0, options.basis),
        _ => vec![0.0; cells],
    };
    let mut out = Vec::with_capacity(years.len() * cells);
    for &t in years {
        let ro = demand.region_occupation(t, options.basis);
        out.extend(ro.iter().zip(&first).map(|(a, b)| a - b));
    }
    out
}

/// Supply inputs with the regions summed into one.
pub(crate) fn national_inputs(mut inp: SupplyInputs) -> SupplyInputs {
    let nr = inp.n_regions.max(1);
    let sum = |v: &[f64]| -> Vec<f64> { v.chunks(nr).map(|c| c.iter().sum()).collect() };
    inp.base_stock = sum(&inp.base_stock);
    inp.enrolment = sum(&inp.enrolment);
    inp.side_entry = sum(&inp.side_entry);
    inp.migration = sum(&inp.migration);
    inp.n_regions = 1;
    inp
}

/// Gap year x region x occupation -> gap year x occupation.
pub(crate) fn national_climate(ro: &[f64], nr: usize, no: usize) -> Vec<f64> {
    ro.chunks((nr * no).max(1))
        .flat_map(|year| (0..no).map(move |o| (0..nr).map(|r| year[r * no + o]).sum::<f64>()))
        .collect()
}

impl<'a> GapPrep<'a> {
    /// The same runs with all regions summed into one. Every rate of the
    /// supply model is national, so national totals are the same as the sum
    /// of the regional runs (to rounding), at a twelfth of the work: what
    /// [`crate::reference::evaluation::evaluate`] uses for its many runs.
    pub fn national(&self) -> GapPrep<'a> {
        let nr = self.n_regions;
        let no = self.dataset.n_occupations();
        GapPrep {
            dataset: self.dataset,
            options: self.options,
            years: self.years.clone(),
            inputs: self.inputs.clone().map(national_inputs),
            climate_ro: self
                .climate_ro
                .clone()
                .map(|ro| national_climate(&ro, nr, no)),
            n_regions: 1,
            single: self.single,
            check_values: self.check_values,
        }
    }

    /// One national run at the central values of `ds` (whose ranges a Monte
    /// Carlo draw has fixed): the three bracket runs are the same run, so it
    /// is computed once.
    pub fn single(
        ds: &'a Dataset,
        scenario: &Scenario,
        demand: &DemandResult,
        options: GapOptions,
    ) -> Result<GapPrep<'a>, GapError> {
        let sd = ds.supply.as_ref().ok_or(GapError::NoSupplyData)?;
        let (years, horizon) = gap_years(ds, scenario)?;
        let (no, nr) = (ds.n_occupations(), ds.n_regions());
        let inp = national_inputs(supply_inputs(ds, sd, horizon, Variant::Central)?);
        let climate = national_climate(&climate_by_year(demand, &years, options, nr * no), nr, no);
        Ok(GapPrep::single_from(ds, options, years, inp, climate))
    }

    /// As [`GapPrep::single`], from national supply inputs and climate
    /// demand (gap year x occupation) built elsewhere, e.g. by the Monte
    /// Carlo engine from its per-dataset parts.
    pub fn single_from(
        ds: &'a Dataset,
        options: GapOptions,
        years: Vec<Year>,
        inputs: SupplyInputs,
        climate: Vec<f64>,
    ) -> GapPrep<'a> {
        let empty = || SupplyInputs::zeros(0, 0, 0, 0);
        GapPrep {
            dataset: ds,
            options,
            years,
            inputs: [empty(), inputs, empty()],
            climate_ro: [Vec::new(), climate, Vec::new()],
            n_regions: 1,
            single: true,
            check_values: true,
        }
    }

    /// Builds the shared parts. `demand` holds the scenario's demand runs
    /// indexed by `Variant as usize` (as [`crate::reference::demand::run`] gives them).
    pub fn new(
        ds: &'a Dataset,
        scenario: &Scenario,
        demand: &[DemandResult; 3],
        options: GapOptions,
    ) -> Result<GapPrep<'a>, GapError> {
        let sd = ds.supply.as_ref().ok_or(GapError::NoSupplyData)?;
        let (years, horizon) = gap_years(ds, scenario)?;
        let (no, nr) = (ds.n_occupations(), ds.n_regions());
        // Built on three threads, like the runs (independent, joined in order).
        let [a, b, c] = std::thread::scope(|scope| {
            Variant::ALL
                .map(|v| scope.spawn(move || supply_inputs(ds, sd, horizon, supply_variant_of(v))))
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
        });
        let climate_ro =
            Variant::ALL.map(|v| climate_by_year(&demand[v as usize], &years, options, nr * no));
        Ok(GapPrep {
            dataset: ds,
            options,
            years,
            inputs: [a?, b?, c?],
            climate_ro,
            n_regions: nr,
            single: false,
            check_values: true,
        })
    }

    /// The same runs checking only the shape of the supply inputs, not every
    /// value ([`supply::run_shape_checked`]): for the Monte Carlo engine,
    /// which checks the values of its central inputs once.
    pub fn trusting_values(mut self) -> GapPrep<'a> {
        self.check_values = false;
        self
    }

    /// Runs supply and gap with an adjustment; the three bracket runs run on
    /// their own threads (deterministic: no shared state, joined in order).
    pub fn run(&self, adjust: &dyn Adjustment) -> Result<GapResult, GapError> {
        let inputs = if self.single {
            // Only the central inputs are used: copy nothing else.
            let empty = || SupplyInputs::zeros(0, 0, 0, 0);
            [empty(), self.inputs[1].clone(), empty()]
        } else {
            self.inputs.clone()
        };
        self.run_with(inputs, adjust)
    }

    /// As [`GapPrep::run`] for a single run: the inputs are moved, not copied.
    pub fn into_run(mut self, adjust: &dyn Adjustment) -> Result<GapResult, GapError> {
        let inputs = std::mem::replace(
            &mut self.inputs,
            std::array::from_fn(|_| SupplyInputs::zeros(0, 0, 0, 0)),
        );
        self.run_with(inputs, adjust)
    }

    fn run_with(
        &self,
        inputs: [SupplyInputs; 3],
        adjust: &dyn Adjustment,
    ) -> Result<GapResult, GapError> {
        let ds = self.dataset;
        let (no, nr) = (ds.n_occupations(), self.n_regions);
        let one_run = |v: Variant, mut inp: SupplyInputs| -> Result<GapRun, GapError> {
            let sv = supply_variant_of(v);
            adjust.supply(sv, &mut inp);
            let result = if self.check_values {
                supply::run_owned(inp)
            } else {
                supply::run_shape_checked(inp)
            }
            .map_err(GapError::Supply)?;
            let inp = result.inputs();
            // Baseline expansion is spread like the occupation's base stock.
            let mut occ_stock = vec![0.0; no];
            for (c, s) in inp.base_stock.iter().enumerate() {
                occ_stock[c / (NE * nr)] += s;
            }
            let required_factor = self
                .years
                .iter()
                .map(|&t| adjust.required_factor(sv, t))
                .collect();
            Ok(GapRun {
                variant: v,
                base_stock: inp.base_stock.clone(),
                occ_stock,
                expansion: inp.expansion_demand[..no].to_vec(),
                climate_ro: self.climate_ro[v as usize].clone(),
                required_factor,
                fte_per_person: inp.fte_per_person.clone(),
                supply: result,
            })
        };
        let one_run = &one_run;
        let [a, b, c] = inputs;
        if self.single {
            drop((a, c));
            // One run stands for all three (shared, not copied).
            let run = Arc::new(one_run(Variant::Central, b)?);
            let (lo, hi) = (Arc::clone(&run), Arc::clone(&run));
            return Ok(GapResult {
                options: self.options,
                years: self.years.clone(),
                base_year: ds.base_year,
                n_occupations: no,
                n_regions: nr,
                education_shares: ds.education_shares.clone(),
                runs: [lo, run, hi],
            });
        }
        let [lo, mid, hi] = std::thread::scope(|scope| {
            let handles = [(Variant::Low, a), (Variant::Central, b), (Variant::High, c)]
                .map(|(v, inp)| scope.spawn(move || one_run(v, inp)));
            handles.map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
        });
        Ok(GapResult {
            options: self.options,
            years: self.years.clone(),
            base_year: ds.base_year,
            n_occupations: no,
            n_regions: nr,
            education_shares: ds.education_shares.clone(),
            runs: [Arc::new(lo?), Arc::new(mid?), Arc::new(hi?)],
        })
    }
}

/// Computes demand, supply and gap without policy. `demand` holds the
/// scenario's demand runs indexed by `Variant as usize`.
pub fn run(
    ds: &Dataset,
    scenario: &Scenario,
    demand: &[DemandResult; 3],
    options: GapOptions,
) -> Result<GapResult, GapError> {
    GapPrep::new(ds, scenario, demand, options)?.into_run(&NoAdjustment)
}

/// Growth of an occupation's baseline requirement by `elapsed` years: base
/// x (1 + expansion x elapsed / the occupation's stock).
pub(crate) fn baseline_growth(expansion: f64, occ_stock: f64, elapsed: f64) -> f64 {
    if occ_stock > 0.0 {
        1.0 + expansion * elapsed / occ_stock
    } else {
        1.0
    }
}

/// The parts of one cell's gap in one year (fte).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cell {
    pub baseline: f64,
    pub climate: f64,
    pub available: f64,
}

impl Cell {
    pub fn get(self, q: Quantity) -> f64 {
        let Cell {
            baseline,
            climate,
            available,
        } = self;
        match q {
            Quantity::RequiredBaseline => baseline,
            Quantity::Climate => climate,
            Quantity::Available => available,
            Quantity::Required => baseline + climate,
            Quantity::Gap => baseline + climate - available,
        }
    }
}

/// Which (occupation, education) pairs (`o * 18 + e`, ascending) a
/// digital-skills definition counts.
pub(crate) fn digital_cells(ds: &Dataset, def: &DigitalDefinition, no: usize) -> Vec<usize> {
    match def.basis {
        DigitalBasis::OccupationSet(k) => {
            let mut members: Vec<usize> = ds
                .occupation_sets
                .get(k)
                .map_or(&[][..], |s| &s.members)
                .iter()
                .copied()
                .filter(|&o| o < no)
                .collect();
            members.sort_unstable();
            members.dedup();
            members
                .into_iter()
                .flat_map(|o| o * NE..(o + 1) * NE)
                .collect()
        }
        DigitalBasis::EducationDirection(d) => (0..no * NE)
            .filter(|i| Education::from_index(i % NE).direction == d)
            .collect(),
    }
}

/// Persons in the `counted` pairs over a year: the average of the stocks
/// `s0` and `s1` (1 January of the year and of the next; fte per cell,
/// `nr` regions) turned into persons with the occupation's fte per person.
pub(crate) fn persons_in(
    s0: &[f64],
    s1: &[f64],
    counted: &[usize],
    fte_per_person: &[f64],
    nr: usize,
) -> f64 {
    let mut sum = 0.0;
    for &oe in counted {
        let fte = fte_per_person[oe / NE];
        let cells = oe * nr..(oe + 1) * nr;
        for (a, b) in s0[cells.clone()].iter().zip(&s1[cells]) {
            sum += 0.5 * (a + b) / fte;
        }
    }
    sum
}

/// A count scaled to a definition's anchor: `level` persons where the model
/// counts `at_anchor`; `None` when the model counts nobody there.
pub(crate) fn anchored(count: f64, at_anchor: f64, level: f64) -> Option<f64> {
    (at_anchor > 0.0).then(|| level * count / at_anchor)
}

impl GapResult {
    fn n_cells(&self) -> usize {
        self.n_occupations * NE * self.n_regions
    }

    fn year_index(&self, year: Year) -> Option<usize> {
        self.years.iter().position(|t| *t == year)
    }

    /// A quantity per cell in `year` for one run; `None` outside the years.
    /// Computed on demand from the run's compact parts, so a gap run keeps
    /// no year x cell arrays besides the supply model's.
    pub fn cells(&self, v: Variant, year: Year, q: Quantity) -> Option<Vec<f64>> {
        let y = self.year_index(year)?;
        let (no, nr) = (self.n_occupations, self.n_regions);
        let run = &self.runs[v as usize];
        let elapsed = f64::from(year - self.base_year) + 0.5;
        let factor = run.required_factor[y];
        let ro = &run.climate_ro[y * nr * no..(y + 1) * nr * no];
        let (s0, s1) = (
            run.supply.stock_cells(year)?,
            run.supply.stock_cells(year + 1)?,
        );
        let mut out = Vec::with_capacity(self.n_cells());
        for o in 0..no {
            let growth = baseline_growth(run.expansion[o], run.occ_stock[o], elapsed);
            for e in 0..NE {
                let edu = self.education_shares[o * NE + e];
                for r in 0..nr {
                    let c = (o * NE + e) * nr + r;
                    let cell = Cell {
                        baseline: factor * (run.base_stock[c] * growth).max(0.0),
                        climate: factor * ro[r * no + o] * edu,
                        available: 0.5 * (s0[c] + s1[c]),
                    };
                    out.push(cell.get(q));
                }
            }
        }
        Some(out)
    }

    /// Whether occupation `o` is counted under `members` (all when `None`).
    fn includes(members: Option<&[usize]>, o: usize) -> bool {
        members.is_none_or(|m| m.contains(&o))
    }

    /// Sums per-cell values by a dimension, for the occupations in `members`.
    pub fn aggregate(&self, cells: &[f64], members: Option<&[usize]>, dim: Dim) -> Vec<f64> {
        let (no, nr) = (self.n_occupations, self.n_regions);
        let mut out = vec![0.0; dim.size(no, nr)];
        for (o, block) in cells.chunks(NE * nr).enumerate().take(no) {
            if !Self::includes(members, o) {
                continue;
            }
            for (e, row) in block.chunks(nr).enumerate() {
                for (r, v) in row.iter().enumerate() {
                    out[dim.key(o, e, r)] += v;
                }
            }
        }
        out
    }

    /// A quantity summed over the occupations in `members`, per run.
    pub fn total(&self, year: Year, q: Quantity, members: Option<&[usize]>) -> Option<Bracket> {
        let one = |v: Variant| -> Option<f64> {
            let cells = self.cells(v, year, q)?;
            Some(self.aggregate(&cells, members, Dim::Level).iter().sum())
        };
        Some(Bracket::of([
            one(Variant::Low)?,
            one(Variant::Central)?,
            one(Variant::High)?,
        ]))
    }

    /// A quantity by a dimension, each entry with its bracket.
    pub fn breakdown(
        &self,
        year: Year,
        q: Quantity,
        members: Option<&[usize]>,
        dim: Dim,
    ) -> Option<Vec<Bracket>> {
        let per = |v: Variant| -> Option<Vec<f64>> {
            Some(self.aggregate(&self.cells(v, year, q)?, members, dim))
        };
        let (a, b, c) = (
            per(Variant::Low)?,
            per(Variant::Central)?,
            per(Variant::High)?,
        );
        Some(
            a.iter()
                .zip(&b)
                .zip(&c)
                .map(|((a, b), c)| Bracket::of([*a, *b, *c]))
                .collect(),
        )
    }

    /// The technician goal (or any set's gap) in `year`.
    pub fn technician_verdict(&self, year: Year, members: &[usize]) -> Option<TechnicianVerdict> {
        let m = Some(members);
        let gap = self.total(year, Quantity::Gap, m)?;
        let climate = self.total(year, Quantity::Climate, m)?;
        let baseline_gap = {
            let one = |v: Variant| -> Option<f64> {
                let b = self.cells(v, year, Quantity::RequiredBaseline)?;
                let a = self.cells(v, year, Quantity::Available)?;
                let d: Vec<f64> = b.iter().zip(&a).map(|(b, a)| b - a).collect();
                Some(self.aggregate(&d, m, Dim::Level).iter().sum())
            };
            Bracket::of([
                one(Variant::Low)?,
                one(Variant::Central)?,
                one(Variant::High)?,
            ])
        };
        Some(TechnicianVerdict {
            year,
            required: self.total(year, Quantity::Required, m)?,
            climate,
            available: self.total(year, Quantity::Available, m)?,
            gap,
            baseline_gap,
            met: gap.central <= 0.0,
            certainty: Certainty::of_gap(gap),
        })
    }

    /// Persons counted by a digital-skills definition in `year` for one run:
    /// the year's average stock in fte turned back into persons, scaled to
    /// the definition's anchor when it has one.
    pub fn digital_count(
        &self,
        ds: &Dataset,
        def: &DigitalDefinition,
        v: Variant,
        year: Year,
    ) -> Option<f64> {
        let run = &self.runs[v as usize];
        let nr = self.n_regions;
        let counted = digital_cells(ds, def, self.n_occupations);
        let model = |t: Year| -> Option<f64> {
            Some(persons_in(
                run.supply.stock_cells(t)?,
                run.supply.stock_cells(t + 1)?,
                &counted,
                &run.fte_per_person,
                nr,
            ))
        };
        let count = model(year)?;
        match def.anchor {
            None => Some(count),
            Some((anchor_year, level)) => anchored(count, model(anchor_year)?, level),
        }
    }

    /// The digital-skills goal in `year` under one definition.
    pub fn digital_verdict(
        &self,
        ds: &Dataset,
        def: &DigitalDefinition,
        year: Year,
    ) -> Option<DigitalVerdict> {
        let count = |v: Variant| self.digital_count(ds, def, v, year);
        let counts = [
            count(Variant::Low)?,
            count(Variant::Central)?,
            count(Variant::High)?,
        ];
        Some(DigitalVerdict::of(def, year, counts))
    }

    /// The shortage indicator per group of `dim` over the years from the
    /// first gap year to `year`, for one run: inflow over the period against
    /// job openings (replacement + positive expansion, climate included).
    pub fn shortage(
        &self,
        v: Variant,
        year: Year,
        members: Option<&[usize]>,
        dim: Dim,
    ) -> Option<Vec<Shortage>> {
        let run = &self.runs[v as usize];
        let last = self.year_index(year)?;
        let size = dim.size(self.n_occupations, self.n_regions);
        let mut inflow = vec![0.0; size];
        let mut outflow = vec![0.0; size];
        for &t in &self.years[..=last] {
            for f in Flow::ALL {
                let cells = run.supply.flow_cells(t, f)?;
                let by = self.aggregate(&cells, members, dim);
                let target = if f.is_inflow() {
                    &mut inflow
                } else {
                    &mut outflow
                };
                target.iter_mut().zip(by).for_each(|(a, b)| *a += b);
            }
        }
        // Expansion: what is required in `year` (baseline and climate) minus
        // the stock on 1 January of the first gap year, so that a ratio below
        // one goes with a positive gap in `year`.
        let first = self.years[0];
        let required = self.aggregate(&self.cells(v, year, Quantity::Required)?, members, dim);
        let base = self.aggregate(run.supply.stock_cells(first)?, members, dim);
        Some(
            (0..size)
                .map(|k| {
                    let expansion = required[k] - base[k];
                    let openings = outflow[k] + expansion.max(0.0);
                    Shortage {
                        inflow: inflow[k],
                        replacement: outflow[k],
                        expansion,
                        openings,
                        ratio: if openings > 0.0 {
                            inflow[k] / openings
                        } else {
                            f64::INFINITY
                        },
                    }
                })
                .collect(),
        )
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::toy::{toy, toy_scenario, toy_supply, toy_with_supply};

    use crate::reference::demand::{run as demand_run, Prepared};

    use proptest::prelude::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9 * (1.0 + b.abs())
    }

    fn gap_of(ds: &Dataset, scenario: &Scenario, options: GapOptions) -> GapResult {
        let prep = Prepared::new(ds).expect("toy prepares");
        let demand = Variant::ALL.map(|v| demand_run(&prep, scenario, v));
        run(ds, scenario, &demand, options).expect("gap runs")
    }

    #[test]
    fn supply_inputs_follow_the_data() {
        let ds = toy_with_supply();
        let sd = toy_supply();
        let inp = supply_inputs(&ds, &sd, 2030, Variant::Central).expect("inputs");
        assert!(inp.check().is_empty(), "{:?}", inp.check());
        let total: f64 = inp.base_stock.iter().sum();
        assert!(close(total, 1500.0));
        // Entry shares of each education sum to its labour-market entry share.
        let no = ds.n_occupations();
        for (e, cell) in sd.pipeline.iter().enumerate() {
            let sum: f64 = inp.entry_share[e * no..(e + 1) * no].iter().sum();
            let has_stock = (0..no).any(|o| ds.education_shares[o * NE + e] > 0.0);
            let want = if has_stock {
                cell.labour_market_entry
            } else {
                0.0
            };
            assert!(close(sum, want), "education {e}: {sum} vs {want}");
        }
        // Low supply: more switching, fewer side-entrants and migrants; the
        // same base stock (fte per person stays central in the brackets).
        let low = supply_inputs(&ds, &sd, 2030, Variant::Low).expect("inputs");
        assert!(close(low.base_stock.iter().sum::<f64>(), total));
        assert!(low.switch_out_men[0] > inp.switch_out_men[0]);
        assert!(low.migration.iter().sum::<f64>() < inp.migration.iter().sum::<f64>());
    }

    #[test]
    fn horizon_beyond_enrolment_is_refused() {
        let ds = toy_with_supply();
        let Err(err) = supply_inputs(&ds, &toy_supply(), 2040, Variant::Central) else {
            panic!("a horizon past the enrolment data must be refused");
        };
        assert!(
            err.to_string().contains("enrolment.csv ends in 2030"),
            "{err}"
        );
        let mut demand_only = toy();
        demand_only.supply = None;
        let sc = toy_scenario(1.0);
        let prep = Prepared::new(&demand_only).expect("prepares");
        let demand = Variant::ALL.map(|v| demand_run(&prep, &sc, v));
        assert!(matches!(
            run(&demand_only, &sc, &demand, GapOptions::default()),
            Err(GapError::NoSupplyData)
        ));
    }

    /// Splitting every occupation into identical parts (the bench's
    /// measure of scaling with occupations) keeps every total: the
    /// technician gap and the digital counts of every year, and the gap of
    /// each province.
    #[test]
    fn occupations_split_into_parts_keep_the_totals() {
        let ds = toy_with_supply();
        let split = ds.with_occupations_split(3);
        assert_eq!(split.n_occupations(), 3 * ds.n_occupations());
        assert!(
            split.check_invariants().is_empty(),
            "{:?}",
            split.check_invariants()
        );
        let sc = toy_scenario(1.0);
        let gap_of = |d: &Dataset| {
            let prep = Prepared::new(d).expect("prepares");
            let demand = Variant::ALL.map(|v| demand_run(&prep, &sc, v));
            run(d, &sc, &demand, GapOptions::default()).expect("runs")
        };
        let (a, b) = (gap_of(&ds), gap_of(&split));
        let members = |d: &Dataset| d.occupation_set("technician").expect("set").members.clone();
        let (ma, mb) = (members(&ds), members(&split));
        assert_eq!(mb.len(), 3 * ma.len());
        for &t in &a.years {
            let (ga, gb) = (
                a.total(t, Quantity::Gap, Some(&ma)).expect("gap"),
                b.total(t, Quantity::Gap, Some(&mb)).expect("gap"),
            );
            assert!(close(ga.central, gb.central), "{t}: {ga:?} vs {gb:?}");
            let cells = |g: &GapResult| g.cells(Variant::Central, t, Quantity::Gap).expect("cells");
            let (ra, rb) = (
                a.aggregate(&cells(&a), Some(&ma), Dim::Region),
                b.aggregate(&cells(&b), Some(&mb), Dim::Region),
            );
            for (x, y) in ra.iter().zip(&rb) {
                assert!(close(*x, *y), "{t}: provinces {ra:?} vs {rb:?}");
            }
            let sd = ds.supply.as_ref().expect("supply");
            for d in &sd.digital_definitions {
                let (ca, cb) = (
                    a.digital_count(&ds, d, Variant::Central, t),
                    b.digital_count(&split, d, Variant::Central, t),
                );
                let (ca, cb) = (ca.expect("count"), cb.expect("count"));
                assert!(close(ca, cb), "{t} {}: {ca} vs {cb}", d.id);
            }
        }
    }

    #[test]
    fn without_measures_the_gap_is_the_baseline_gap() {
        let ds = toy_with_supply();
        let sc = toy_scenario(0.0);
        let g = gap_of(
            &ds,
            &sc,
            GapOptions {
                basis: Basis::Gross,
                climate: ClimateOnTop::Full,
            },
        );
        for &t in &g.years {
            let c = g.total(t, Quantity::Climate, None).expect("year");
            assert_eq!(c.high, 0.0);
            let v = g.technician_verdict(t, &[0]).expect("year");
            assert!(close(v.gap.central, v.baseline_gap.central));
        }
    }

    #[test]
    fn anchored_definition_equals_its_anchor_in_the_anchor_year() {
        let ds = toy_with_supply();
        let g = gap_of(&ds, &toy_scenario(1.0), GapOptions::default());
        let sd = ds.supply.as_ref().expect("supply");
        let anchored = &sd.digital_definitions[1];
        for v in Variant::ALL {
            let n = g.digital_count(&ds, anchored, v, 2025).expect("year");
            assert!(close(n, 700.0), "{v:?}: {n}");
        }
        let plain = g.digital_count(&ds, &sd.digital_definitions[0], Variant::Central, 2025);
        assert!(close(plain.expect("year"), 537.0));
        let verdict = g
            .digital_verdict(&ds, &sd.digital_definitions[0], 2026)
            .expect("year");
        assert!(!verdict.met);
        assert!(
            verdict.count.low <= verdict.count.central
                && verdict.count.central <= verdict.count.high
        );
    }

    #[test]
    fn shortage_class_boundary_belongs_to_the_upper_class() {
        let sd = toy_supply();
        assert_eq!(
            sd.shortage_class(0.999).map(|c| c.id.as_str()),
            Some("short")
        );
        assert_eq!(sd.shortage_class(1.0).map(|c| c.id.as_str()), Some("ok"));
        assert_eq!(
            sd.shortage_class(f64::INFINITY).map(|c| c.id.as_str()),
            Some("ok")
        );
    }

    proptest! {
        #[test]
        fn breakdowns_sum_and_supply_brackets_are_ordered(
            scale in 0.0f64..5.0,
            replacement in 0.0f64..0.3,
            expansion in -100.0f64..100.0,
            growth in any::<bool>(),
        ) {
            let mut ds = toy_with_supply();
            if let Some(sd) = ds.supply.as_mut() {
                sd.occupations[0].replacement_rate = replacement;
                sd.occupations[1].expansion_persons_per_year = expansion;
            }
            let climate = if growth { ClimateOnTop::GrowthAfterStart } else { ClimateOnTop::Full };
            let g = gap_of(&ds, &toy_scenario(scale), GapOptions { basis: Basis::Net, climate });
            for &t in &g.years {
                for q in [Quantity::RequiredBaseline, Quantity::Climate, Quantity::Required, Quantity::Available, Quantity::Gap] {
                    let total = g.total(t, q, None).expect("year");
                    for dim in [Dim::Occupation, Dim::Education, Dim::Level, Dim::Region] {
                        let parts = g.breakdown(t, q, None, dim).expect("year");
                        let sum: f64 = parts.iter().map(|b| b.central).sum();
                        prop_assert!((sum - total.central).abs() < 1e-7 * (1.0 + total.central.abs()));
                    }
                }
                // Stocks are never negative and high supply is at least low supply.
                let hi = g.cells(Variant::Low, t, Quantity::Available).expect("year");
                let lo = g.cells(Variant::High, t, Quantity::Available).expect("year");
                prop_assert!(lo.iter().all(|x| *x >= 0.0));
                prop_assert!(hi.iter().sum::<f64>() >= lo.iter().sum::<f64>() - 1e-9);
                // Gap = required - available in every cell.
                let (r, a, gp) = (
                    g.cells(Variant::Central, t, Quantity::Required).expect("year"),
                    g.cells(Variant::Central, t, Quantity::Available).expect("year"),
                    g.cells(Variant::Central, t, Quantity::Gap).expect("year"),
                );
                for i in 0..r.len() {
                    prop_assert!((gp[i] - (r[i] - a[i])).abs() < 1e-9 * (1.0 + r[i].abs()));
                }
                // Shortage ratios are finite or infinite, never NaN or negative.
                for s in g.shortage(Variant::Central, t, None, Dim::Occupation).expect("year") {
                    prop_assert!(s.ratio >= 0.0 && !s.ratio.is_nan());
                    prop_assert!(s.openings >= s.replacement);
                }
            }
        }
    }
}
