//! The Monte Carlo engine: what every draw of one dataset, scenario and
//! policy shares, computed once, and a cheap evaluation per draw.
//!
//! A draw changes only numbers that have a range (see
//! [`crate::inputs::slots`]). Per draw the engine
//!
//! 1. writes the slot values into a per-thread copy of the dataset (no clone
//!    per draw);
//! 2. takes climate demand from the linear basis
//!    ([`crate::fast::demand_basis`]) or, when the basis failed its check, a
//!    full run of the demand chain;
//! 3. fills the supply inputs in one reused buffer from the parameter-free
//!    frame ([`crate::reference::supply_inputs::SupplyFrame`]), restoring what
//!    the policy changed in the previous draw ([`crate::fast::masked`]);
//! 4. runs the supply model on the cells the figures read, nationally or in
//!    split form for the provinces ([`crate::fast::split`]), or for the
//!    regions of several region sets side by side
//!    ([`Engine::with_region_sets`]: one split run for them all);
//! 5. computes the figures per year, by level, per province and the digital
//!    counts ([`crate::fast::figures`]), without the policy and with it.
//!
//! The path tester (`crates/model/tests/paths.rs`) compares every figure of
//! a draw with the reference chain ([`crate::mc::run_point`]).

use crate::error::{Figure, GapError};
use crate::fast::demand_basis::full_climate_and_need;
use crate::fast::demand_basis::DemandBasis;
use crate::fast::figures::TechnicianStocks;
use crate::fast::masked::{first_of_group, restore, Counted, Reads};
use crate::fast::split::{RegionSplit, Spread, PARTS};
use crate::inputs::bracket::Variant;
use crate::inputs::codes::{Education, Level};
use crate::inputs::dataset::Dataset;
use crate::inputs::policy::Item;
use crate::inputs::scenario::Scenario;
use crate::inputs::slots::{set, slots, Slot};
use crate::inputs::units::Year;
use crate::kernel::stock_flow::{stocks_masked, Run};
use crate::kernel::supply_inputs::SupplyInputs;
use crate::mc::summary::{DrawFigures, DrawOutcome};
use crate::reference::demand::Prepared;
use crate::reference::gap::{
    anchored, baseline_growth, gap_years, shortage_rates, Adjustment, Cell, Decomposition,
    GapOptions, NoAdjustment, Quantity,
};
use crate::reference::policy::{Applied, Touched};
use crate::reference::supply_inputs::{FlowCells, SupplyFrame};

const NE: usize = Education::COUNT;
const NL: usize = Level::ALL.len();

/// The provinces of an engine: supply in split form ([`crate::fast::split`]) and
/// the technicians whose gap is split by province. With several region sets
/// their regions lie side by side ([`RegionSplit::join`]); `sets` holds the
/// number of regions of each, in order.
#[derive(Debug, Clone)]
pub(crate) struct Provinces {
    split: RegionSplit,
    /// The technicians' and the educations' shares as one matrix.
    spread: Spread,
    technicians: Vec<usize>,
    sets: Vec<usize>,
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
    /// The supply inputs' frame: national, or in split form with provinces.
    frame: SupplyFrame,
    /// The cells of the frame that draws fill: those the figures read.
    flow_cells: FlowCells,
    reads: Reads,
    provinces: Option<Provinces>,
    /// Keep the gap's terms per province in every draw
    /// ([`DrawFigures::parts_by_province`]).
    province_terms: bool,
}

impl<'a> Engine<'a> {
    /// `ds` and `scenario` must be national (one region; see
    /// [`crate::mc::national_view`]). With `regional`, the dataset
    /// and scenario they are the national view of, draws also give the
    /// technician gap per province; not when the policy aims a lever at one
    /// province or the climate demand is not linear (then the provinces
    /// are left out: [`Engine::has_provinces`]).
    pub fn new(
        ds: &'a Dataset,
        scenario: &'a Scenario,
        items: Vec<Item>,
        options: GapOptions,
        year: Year,
        regional: Option<(&Dataset, &Scenario)>,
    ) -> Result<Engine<'a>, GapError> {
        let sets: Vec<(&Dataset, &Scenario)> = regional.into_iter().collect();
        Engine::with_region_sets(ds, scenario, items, options, year, &sets)
    }

    /// As [`Engine::new`] with the regions of several region sets of one
    /// dataset (`sets`: each a regional dataset and scenario whose national
    /// view `ds` and `scenario` are): one split run gives every set's
    /// regions, side by side in [`DrawFigures::gap_by_province`] (the
    /// first set's regions, then the second's, ...; [`Engine::region_sets`]).
    /// The supply's split frame is the first set's. All sets or none: when
    /// one set's regions cannot be had (its climate demand by region fails
    /// the basis's check), the draws have no regions.
    pub fn with_region_sets(
        ds: &'a Dataset,
        scenario: &'a Scenario,
        items: Vec<Item>,
        options: GapOptions,
        year: Year,
        sets: &[(&Dataset, &Scenario)],
    ) -> Result<Engine<'a>, GapError> {
        let sd = ds.supply.as_ref().ok_or(GapError::NoSupplyData)?;
        if ds.n_regions() != 1 {
            return Err(GapError::NotNational {
                regions: ds.n_regions(),
            });
        }
        let prepared = Prepared::new(ds).map_err(GapError::IoTable)?;
        let (years, horizon) = gap_years(ds, scenario)?;
        if !years.contains(&year) {
            return Err(GapError::NotAGapYear {
                year,
                first: years[0],
                last: horizon,
            });
        }
        let mut frame = SupplyFrame::new(ds, sd, horizon)?;
        let mut basis = DemandBasis::new(&prepared, ds, scenario, options);
        let applied = Applied {
            dataset: ds,
            items: items.clone(),
        };
        let reads = Reads::of(ds);
        let mut provinces = None;
        if let (Some(&(first, _)), Some(b)) = (sets.first(), &basis) {
            let rsd = first.supply.as_ref().ok_or(GapError::NoSupplyData)?;
            let (split_frame, split) = SupplyFrame::new(first, rsd, horizon)?.split();
            let mut with = split_frame.inputs(&sd.params, Variant::Central);
            applied.supply(Variant::Central, &mut with);
            let technicians = reads.technicians.clone();
            let weights: Vec<f64> = (0..ds.n_occupations())
                .map(|o| {
                    let edu = &ds.education_shares[o * NE..(o + 1) * NE];
                    if reads.technician[o] {
                        edu.iter().sum()
                    } else {
                        0.0
                    }
                })
                .collect();
            let keeps_split = !applied.regional() && RegionSplit::holds(&with);
            let mut splits = vec![split];
            let mut bases = Vec::with_capacity(sets.len());
            for (k, &(rds, rsc)) in sets.iter().enumerate().filter(|_| keeps_split) {
                if k > 0 {
                    let rsd = rds.supply.as_ref().ok_or(GapError::NoSupplyData)?;
                    splits.push(SupplyFrame::new(rds, rsd, horizon)?.split().1);
                }
                // The same input-output table: its Leontief inverse is reused.
                let regional_prepared = match prepared.rebind(rds) {
                    Some(p) => p,
                    None => Prepared::new(rds).map_err(GapError::IoTable)?,
                };
                match b
                    .clone()
                    .with_provinces(&regional_prepared, rds, rsc, options, &weights)
                {
                    Some(b) => bases.push(b),
                    None => break,
                }
            }
            let with_provinces = (keeps_split && bases.len() == sets.len())
                .then(|| DemandBasis::join_provinces(bases))
                .flatten();
            if let Some(b) = with_provinces {
                basis = Some(b);
                frame = split_frame;
                let split = RegionSplit::join(&splits);
                provinces = Some(Provinces {
                    sets: splits.iter().map(RegionSplit::n_regions).collect(),
                    spread: split.spread(&technicians),
                    split,
                    technicians,
                });
            }
        }
        // Draws check only the shape of their supply inputs: check every
        // value once here, without and with the policy.
        let central = frame.inputs(&sd.params, Variant::Central);
        let mut with = central.clone();
        applied.supply(Variant::Central, &mut with);
        for inp in [central, with] {
            let mut errs = inp.check();
            let parts = if provinces.is_some() { PARTS } else { 1 };
            if errs.is_empty() && inp.n_regions != parts {
                errs.push("the supply inputs are not national".into());
            }
            if !errs.is_empty() {
                return Err(GapError::Supply(crate::error::SupplyError::Invalid(errs)));
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
            // Draws read the technicians' climate demand alone.
            basis: basis.map(|b| b.keep_occupations(&reads.technicians)),
            flow_cells: frame.flow_cells(Some(&reads.mask)),
            frame,
            reads,
            provinces,
            province_terms: false,
        })
    }

    /// The engine keeping the gap's terms per gap year and province in
    /// every draw (for the identity tests; the draws' memory grows by
    /// years x provinces x 7 numbers per run).
    pub fn keep_province_terms(mut self) -> Self {
        self.province_terms = true;
        self
    }

    /// Whether draws give the technician gap per province.
    pub fn has_provinces(&self) -> bool {
        self.provinces.is_some()
    }

    /// The number of provinces in [`DrawFigures::gap_by_province`] (0 without).
    pub fn provinces(&self) -> usize {
        self.provinces.as_ref().map_or(0, |p| p.split.n_regions())
    }

    /// The number of regions of each region set in
    /// [`DrawFigures::gap_by_province`], in order (empty without).
    pub fn region_sets(&self) -> &[usize] {
        self.provinces.as_ref().map_or(&[], |p| &p.sets)
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
        let parts = self.frame.template().n_regions;
        let cells: usize = self
            .reads
            .runs
            .iter()
            .enumerate()
            .map(|(oe, run)| match run {
                Run::Skip => 0,
                Run::Regions => parts,
                Run::Total => 1,
                // One update for the group, at its first pair.
                Run::Group => usize::from(first_of_group(&self.reads.runs, oe)),
            })
            .sum();
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
            climate_provinces: Vec::new(),
            rates: Vec::new(),
            inputs: self.frame.template().clone(),
            stock: Vec::new(),
            graduates: Vec::new(),
            sums: TechnicianStocks::default(),
            touched: Touched::default(),
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
            return Err(GapError::NoParameter {
                index: k,
                count: self.slots.len(),
            });
        };
        set(&mut scratch.dataset, slot.at, value);
        let out = self.run_scratch(scratch);
        set(&mut scratch.dataset, slot.at, slot.range.central);
        out
    }

    fn run_scratch(&self, scratch: &mut Scratch) -> Result<DrawOutcome, GapError> {
        let ds = &scratch.dataset;
        let sd = ds.supply.as_ref().ok_or(GapError::NoSupplyData)?;
        let need = match &self.basis {
            Some(b) => {
                let provinces = self
                    .provinces
                    .is_some()
                    .then_some(&mut scratch.climate_provinces);
                b.climate_into(ds, &mut scratch.climate, provinces);
                b.need(ds, self.goal_index())
            }
            None => {
                let technicians = &self.reads.technicians;
                let (all, need) = full_climate_and_need(
                    &self.prepared,
                    ds,
                    self.scenario,
                    self.options,
                    &self.years,
                    (self.year, technicians),
                )?;
                let no = ds.n_occupations().max(1);
                scratch.climate.clear();
                scratch.climate.extend(
                    all.chunks_exact(no)
                        .flat_map(|row| technicians.iter().map(|&o| row[o])),
                );
                need
            }
        };
        // The base-year shortage's share of each technician's base stock.
        let all_rates = shortage_rates(ds, self.options.framing, Variant::Central);
        scratch.rates.clear();
        scratch
            .rates
            .extend(self.reads.technicians.iter().map(|&o| all_rates[o]));
        // One buffer for both runs: the parameters' values first, the policy
        // on top after the run without it. What the policy changes of the
        // parameter-free inputs goes back to the template first.
        let inp = &mut scratch.inputs;
        if !self.items.is_empty() {
            let template = self.frame.template();
            restore(inp, template, scratch.touched);
            inp.dropout = template.dropout;
        }
        self.frame
            .fill(&sd.params, Variant::Central, inp, &self.flow_cells);
        let mut buffers = Buffers {
            climate: &scratch.climate,
            climate_provinces: &scratch.climate_provinces,
            rates: &scratch.rates,
            need,
            stock: &mut scratch.stock,
            graduates: &mut scratch.graduates,
            sums: &mut scratch.sums,
        };
        let without = self.figures(ds, inp, &NoAdjustment, &mut buffers)?;
        let with = if self.items.is_empty() {
            without.clone()
        } else {
            let applied = Applied {
                dataset: ds,
                items: self.items.clone(),
            };
            scratch.touched = applied.supply_touching(Variant::Central, inp);
            let mut with = self.figures(ds, inp, &applied, &mut buffers)?;
            // The policy was checked to keep the split form at its central
            // effects; a draw's effect sizes can still empty a cell that a
            // campaign then fills evenly. Such a draw has no provinces (and
            // with it the run: `McResult::n_provinces` is then 0).
            if self.provinces.is_some() && !RegionSplit::enrolment_holds(inp) {
                with.gap_by_province.clear();
                with.parts_by_province.clear();
            }
            with
        };
        let out = DrawOutcome::new(without, with, self.goal_index());
        if !(out.gap_without.is_finite() && out.gap_with.is_finite()) {
            return Err(GapError::NotFinite(Figure::DrawGap));
        }
        Ok(out)
    }

    /// The buffer-reuse rule, checked: the supply inputs a draw left in
    /// `scratch` (with the policy when there is one) are those built afresh
    /// for that draw from the frame's template. Every draw reuses one buffer
    /// ([`crate::fast::masked`]); anything an earlier draw left in it that
    /// `SupplyFrame::fill`
    /// does not rewrite and the policy's `Touched` rows do not restore shows
    /// up here. Returns the fields that differ (empty when the rule holds).
    pub fn reused_inputs_differ(&self, scratch: &Scratch) -> Vec<&'static str> {
        let ds = &scratch.dataset;
        let Some(sd) = ds.supply.as_ref() else {
            return vec!["dataset without supply"];
        };
        let mut fresh = self.frame.template().clone();
        self.frame
            .fill(&sd.params, Variant::Central, &mut fresh, &self.flow_cells);
        if !self.items.is_empty() {
            let applied = Applied {
                dataset: ds,
                items: self.items.clone(),
            };
            applied.supply_touching(Variant::Central, &mut fresh);
        }
        fresh.fields_differing(&scratch.inputs)
    }

    /// Per dataset measure: the technicians' national climate demand in the
    /// goal year that the measure's scenario scale multiplies, at a draw's
    /// values (`ds`, the engine's dataset with the slots set), each
    /// technician weighted as the gap counts it (its level shares summed);
    /// `None` without the linear basis. See [`crate::mc::live`].
    pub(crate) fn measure_parts(&self, ds: &Dataset) -> Option<Vec<f64>> {
        let basis = self.basis.as_ref()?;
        let weights: Vec<f64> = self
            .reads
            .level_shares
            .iter()
            .map(|l| l.iter().sum())
            .collect();
        Some(basis.by_measure(ds, self.goal_index(), &weights))
    }

    /// The policy's factor on required labour in the goal year at a draw's
    /// values (`ds`); 1 without a policy.
    pub(crate) fn required_factor(&self, ds: &Dataset) -> f64 {
        if self.items.is_empty() {
            return 1.0;
        }
        let applied = Applied {
            dataset: ds,
            items: self.items.clone(),
        };
        applied.required_factor(Variant::Central, self.year)
    }

    /// Index of the goal year among the gap years (checked in `new`).
    fn goal_index(&self) -> usize {
        self.years
            .iter()
            .position(|t| *t == self.year)
            .unwrap_or_default()
    }

    /// Supply for the masked cells of `inp`, and the figures of the draw:
    /// the same formulas as [`crate::reference::gap::GapResult::cells`] and
    /// [`crate::reference::gap::GapResult::digital_count`], on the cells they read.
    fn figures(
        &self,
        ds: &Dataset,
        inp: &SupplyInputs,
        adjust: &dyn Adjustment,
        buffers: &mut Buffers<'_>,
    ) -> Result<DrawFigures, GapError> {
        let errs = inp.check_shape();
        if !errs.is_empty() {
            return Err(GapError::Supply(crate::error::SupplyError::Invalid(errs)));
        }
        stocks_masked(inp, &self.reads.plan, buffers.stock, buffers.graduates);
        let stock = &*buffers.stock;
        let no = inp.n_occupations;
        // One value per cell nationally, or two parts per cell in split form.
        let parts = inp.n_regions;
        let cells = no * NE * parts;
        let stock_at = |t: Year| -> Option<&[f64]> {
            let y = usize::from(t.checked_sub(inp.start_year)?);
            stock.get(y * cells..(y + 1) * cells)
        };
        let missing = GapError::NoSupplyStock;
        // The technicians' stocks summed once per stock year; year 0 is the
        // base stock.
        let technicians = &self.reads.technicians;
        let nt = technicians.len();
        let sums = &mut *buffers.sums;
        sums.add_up(stock, cells, technicians, parts);
        let index = |t: Year| -> Result<usize, GapError> {
            t.checked_sub(inp.start_year)
                .map(usize::from)
                .filter(|&k| k < sums.years)
                .ok_or_else(|| missing(t))
        };
        let base = &sums.levels[..nt];
        let occ_stock: Vec<f64> = base.iter().map(|l| l.iter().sum()).collect();
        let goal = self.goal_index();
        let mut gap_by_year = Vec::with_capacity(self.years.len());
        let mut gap_by_level = vec![0.0; NL];
        let mut gap_by_province = Vec::new();
        let mut parts_by_year = Vec::with_capacity(self.years.len());
        let mut parts_by_level = vec![Decomposition::default(); NL];
        let mut parts_by_province = Vec::new();
        let (mut goal_required, mut goal_available) = (f64::NAN, f64::NAN);
        let rates = buffers.rates;
        // Per technician: its baseline growth in the year, at least 0.
        let mut grows = Vec::with_capacity(nt);
        // The gap by province: per gap year its parts (`Spread::rows`),
        // spread over the provinces at once after the years, and the
        // policy's factor on the provinces' climate demand.
        let mut province_parts = Vec::new();
        let mut factors = Vec::new();
        for (y, &t) in self.years.iter().enumerate() {
            let (k0, k1) = (index(t)?, index(t + 1)?);
            let elapsed = f64::from(t - ds.base_year) + 0.5;
            let factor = adjust.required_factor(Variant::Central, t);
            let ro = &buffers.climate[y * nt..(y + 1) * nt];
            let mut by_level = [0.0; NL];
            let mut terms_by_level = [Decomposition::default(); NL];
            let (mut required, mut available) = (0.0, 0.0);
            grows.clear();
            for (i, &o) in technicians.iter().enumerate() {
                let growth = baseline_growth(inp.expansion_demand[o], occ_stock[i], elapsed);
                grows.push(growth.max(0.0));
                let (s0, s1) = (&sums.levels[k0 * nt + i], &sums.levels[k1 * nt + i]);
                let shares = &self.reads.level_shares[i];
                for l in 0..NL {
                    // Per level the sums of `gap::Cell`'s parts: the base
                    // stock is never negative, so (base x growth).max(0)
                    // summed is base summed x growth.max(0).
                    let cell = Cell {
                        base: base[i][l],
                        baseline: base[i][l] * growth.max(0.0),
                        shortage: base[i][l] * rates[i],
                        climate: ro[i] * shares[l],
                        factor,
                        available: 0.5 * (s0[l] + s1[l]),
                    };
                    by_level[l] += cell.get(Quantity::Gap);
                    terms_by_level[l].add(&cell.decomposition());
                    required += cell.get(Quantity::Required);
                    available += cell.get(Quantity::Available);
                }
            }
            gap_by_year.push(by_level.iter().sum());
            let mut year_terms = Decomposition::default();
            terms_by_level.iter().for_each(|d| year_terms.add(d));
            parts_by_year.push(year_terms);
            if y == goal {
                gap_by_level.copy_from_slice(&by_level);
                parts_by_level.copy_from_slice(&terms_by_level);
                goal_required = required;
                goal_available = available;
            }
            if let Some(p) = &self.provinces {
                let climate = buffers.climate_provinces;
                let np = p.split.n_regions();
                let climate = climate.get(y * np..(y + 1) * np).unwrap_or(&[]);
                let stocks = (k0, k1);
                if self.province_terms {
                    let terms = p.terms(inp, sums, stocks, (&grows, rates), climate, factor);
                    gap_by_province.extend(terms.iter().map(|c| c.get(Quantity::Gap)));
                    parts_by_province.extend(terms.iter().map(|c| c.decomposition()));
                } else {
                    let from = province_parts.len();
                    province_parts.resize(from + p.spread.rows(), 0.0);
                    let out = &mut province_parts[from..];
                    p.gap_parts(inp, sums, stocks, (&grows, rates), factor, out);
                    factors.push(factor);
                }
            }
        }
        if let (Some(p), false) = (&self.provinces, self.province_terms) {
            // gap = factor x (baseline + shortage + climate) - available:
            // the parts without the climate spread, then the climate.
            let np = p.split.n_regions();
            gap_by_province.resize(factors.len() * np, 0.0);
            p.spread.add(&province_parts, &mut gap_by_province);
            let climate = buffers.climate_provinces.chunks_exact(np.max(1));
            for ((row, c), f) in gap_by_province
                .chunks_exact_mut(np)
                .zip(climate)
                .zip(&factors)
            {
                for (x, c) in row.iter_mut().zip(c) {
                    *x += f * c;
                }
            }
        }
        // Persons in the counted cells over a year: the average of the
        // stocks on 1 January of the year and of the next, turned into
        // persons with the occupation's fte per person.
        let persons = |counted: &[(usize, bool)], t: Year| -> Result<f64, GapError> {
            let s0 = stock_at(t).ok_or_else(|| missing(t))?;
            let s1 = stock_at(t + 1).ok_or_else(|| missing(t + 1))?;
            let mut sum = 0.0;
            for &(oe, every_part) in counted {
                let fte = inp.fte_per_person[oe / NE];
                let cells = oe * parts..oe * parts + if every_part { parts } else { 1 };
                for (a, b) in s0[cells.clone()].iter().zip(&s1[cells]) {
                    sum += 0.5 * (a + b) / fte;
                }
            }
            Ok(sum)
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
            required: goal_required,
            available: goal_available,
            climate_need: buffers.need,
            parts_by_year,
            parts_by_level,
            parts_by_province,
            digital,
            gap_by_province,
        })
    }
}

impl Provinces {
    /// The technicians' gap terms per province in one year, from split
    /// inputs and the stock sums of the year's stock years `k0` and `k1`,
    /// with the technicians' baseline growth (at least 0) and shortage
    /// share of the base stock in `grows` and `rates`, the climate demand
    /// per province in `climate` and the policy's `factor`: one [`Cell`]
    /// per province, the sums of its cells' parts.
    fn terms(
        &self,
        inp: &SupplyInputs,
        sums: &TechnicianStocks,
        (k0, k1): (usize, usize),
        (grows, rates): (&[f64], &[f64]),
        climate: &[f64],
        factor: f64,
    ) -> Vec<Cell> {
        // Part 0 per technician, part 1 per education over the technicians:
        // each spreads over the provinces as one number. The base stock is
        // never negative, so (base x growth).max(0) is base x growth.max(0).
        let nt = self.technicians.len();
        let np = self.split.n_regions();
        // Split inputs have no base stock in part 1 (stock year 0 sums it):
        // the general sum only when there is some.
        let base1 = sums.part1[0].iter().any(|x| *x != 0.0);
        // A quantity of the base stock with weight w(i) per technician.
        let of_base = |w: &dyn Fn(usize) -> f64| -> Vec<f64> {
            let part0 = self
                .technicians
                .iter()
                .enumerate()
                .map(|(i, &o)| (o, sums.part0[i] * w(i)));
            let mut part1 = [0.0; NE];
            for (i, &o) in self.technicians.iter().enumerate().filter(|_| base1) {
                let block = &inp.base_stock[o * NE * PARTS..(o + 1) * NE * PARTS];
                for (x, pair) in part1.iter_mut().zip(block.chunks_exact(PARTS)) {
                    *x += pair[1] * w(i);
                }
            }
            let mut out = vec![0.0; np];
            self.split.add_by_region(part0, &part1, &mut out);
            out
        };
        let base = of_base(&|_| 1.0);
        let baseline = of_base(&|i| grows[i]);
        let shortage = of_base(&|i| rates[i]);
        let available = {
            let part0 = self
                .technicians
                .iter()
                .enumerate()
                .map(|(i, &o)| (o, 0.5 * (sums.part0[k0 * nt + i] + sums.part0[k1 * nt + i])));
            let (p0, p1) = (&sums.part1[k0], &sums.part1[k1]);
            let part1: [f64; NE] = std::array::from_fn(|e| 0.5 * (p0[e] + p1[e]));
            let mut out = vec![0.0; np];
            self.split.add_by_region(part0, &part1, &mut out);
            out
        };
        (0..np)
            .map(|r| Cell {
                base: base[r],
                baseline: baseline[r],
                shortage: shortage[r],
                climate: climate.get(r).copied().unwrap_or(0.0),
                factor,
                available: available[r],
            })
            .collect()
    }
}

impl Provinces {
    /// The parts of the technicians' gap per province in one year without
    /// the climate demand, into `out` ([`Spread::rows`] values: per
    /// technician its part 0, per education its part 1): with the climate
    /// spread on top, the same as [`Provinces::terms`] followed by
    /// [`Cell::get`] of the gap, `factor x (baseline + shortage + climate) -
    /// available`, each technician's and each education's parts combined
    /// before they are spread over the provinces (one spread in place of
    /// four; equal to summation order).
    fn gap_parts(
        &self,
        inp: &SupplyInputs,
        sums: &TechnicianStocks,
        (k0, k1): (usize, usize),
        (grows, rates): (&[f64], &[f64]),
        factor: f64,
        out: &mut [f64],
    ) {
        let nt = self.technicians.len();
        let (part0, part1) = out.split_at_mut(nt);
        for (i, x) in part0.iter_mut().enumerate() {
            let required = factor * sums.part0[i] * (grows[i] + rates[i]);
            let available = 0.5 * (sums.part0[k0 * nt + i] + sums.part0[k1 * nt + i]);
            *x = required - available;
        }
        let (p0, p1) = (&sums.part1[k0], &sums.part1[k1]);
        for (e, x) in part1.iter_mut().enumerate() {
            *x = -0.5 * (p0[e] + p1[e]);
        }
        // Split inputs have no base stock in part 1 (stock year 0 sums it):
        // its share of the requirement only when there is some.
        if sums.part1[0].iter().any(|x| *x != 0.0) {
            for (i, &o) in self.technicians.iter().enumerate() {
                let block = &inp.base_stock[o * NE * PARTS..(o + 1) * NE * PARTS];
                for (x, pair) in part1.iter_mut().zip(block.chunks_exact(PARTS)) {
                    *x += factor * pair[1] * (grows[i] + rates[i]);
                }
            }
        }
    }
}

/// What [`Engine::figures`] reads and writes besides the inputs.
pub(crate) struct Buffers<'s> {
    /// Climate demand, gap year x technician.
    climate: &'s [f64],
    /// The technicians' climate demand, gap year x province.
    climate_provinces: &'s [f64],
    /// The base-year shortage's share of the base stock, per technician.
    rates: &'s [f64],
    /// The technicians' climate need in the goal year.
    need: f64,
    stock: &'s mut Vec<f64>,
    graduates: &'s mut Vec<f64>,
    sums: &'s mut TechnicianStocks,
}

/// One thread's working copies of the dataset and the supply inputs.
pub struct Scratch {
    dataset: Dataset,
    climate: Vec<f64>,
    climate_provinces: Vec<f64>,
    rates: Vec<f64>,
    /// The supply inputs of the run without the policy, then with it.
    inputs: SupplyInputs,
    stock: Vec<f64>,
    graduates: Vec<f64>,
    sums: TechnicianStocks,
    /// What the policy changed of `inputs`' parameter-free rows.
    touched: Touched,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fast::demand_basis::full_climate;
    use crate::mc::draws::draw_values;
    use crate::mc::{national_view, run_point};
    use crate::toy::toy_scenario;
    use crate::toy::toy_with_supply;
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
    /// general chain: full supply runs, `GapResult::cells`, `digital_count`),
    /// on the `regional` dataset and scenario when given (the provinces
    /// too), else on the engine's national view.
    fn assert_matches_full_with(
        engine: &Engine<'_>,
        regional: Option<(&Dataset, &Scenario)>,
        nsc: &Scenario,
        items: &[Item],
        draws: std::ops::Range<u64>,
    ) {
        let mut scratch = engine.scratch();
        for i in draws {
            let values = draw_values(&engine.slots, 5, i);
            let fast = engine.run(&mut scratch, &values).expect("runs");
            let (mut d, sc) = match regional {
                Some((ds, sc)) => (ds.clone(), sc),
                None => (engine.dataset.clone(), nsc),
            };
            for (s, v) in engine.slots.iter().zip(&values) {
                set(&mut d, s.at, *v);
            }
            let full = run_point(&d, sc, items, engine.options, 2028, None).expect("runs");
            assert_close_all(&[fast.gap_without], &[full.gap_without], "gap without");
            assert_close_all(&[fast.gap_with], &[full.gap_with], "gap with");
            for (f, g) in [(&fast.without, &full.without), (&fast.with, &full.with)] {
                assert_close_all(&f.gap_by_year, &g.gap_by_year, "gap by year");
                assert_close_all(&f.gap_by_level, &g.gap_by_level, "gap by level");
                assert_close_all(&f.digital, &g.digital, "digital");
                assert_close_all(
                    &[f.required, f.available],
                    &[g.required, g.available],
                    "required and available",
                );
                assert_close_all(
                    &[f.required - f.available],
                    &[f.gap_by_level.iter().sum()],
                    "gap = required - available",
                );
                assert_close_all(&f.gap_by_province, &g.gap_by_province, "gap by province");
                if !f.gap_by_province.is_empty() {
                    // Every gap year's provinces add up to its national gap.
                    let np = f.gap_by_province.len() / f.gap_by_year.len();
                    let rows = f.gap_by_province.chunks_exact(np);
                    assert_eq!(rows.len(), f.gap_by_year.len());
                    let provinces: Vec<f64> = rows.map(|row| row.iter().sum()).collect();
                    assert_close_all(&provinces, &f.gap_by_year, "provinces add up");
                }
            }
        }
    }

    /// The engine of the national view `nd`, `nsc` with the provinces of
    /// `regional` and the policy `items`, default options, goal year 2028.
    fn regional_engine<'a>(
        nd: &'a Dataset,
        nsc: &'a Scenario,
        regional: Option<(&Dataset, &Scenario)>,
        items: &[Item],
    ) -> Engine<'a> {
        Engine::new(
            nd,
            nsc,
            items.to_vec(),
            GapOptions::default(),
            2028,
            regional,
        )
        .expect("builds")
    }

    /// Every lever of `pd` at its default intensity (at least 1) and its
    /// first campaign for three years from 2025.
    fn every_lever_and_the_campaign(pd: &crate::inputs::policy::PolicyData) -> Vec<Item> {
        (0..pd.levers.len())
            .map(|lever| Item::Lever {
                lever,
                intensity: pd.levers[lever].default_intensity.max(1.0),
            })
            .chain([Item::Campaign(crate::inputs::policy::CampaignChoice {
                campaign: 0,
                budget_meur_per_year: 1.0,
                start_year: 2025,
                years: 3,
            })])
            .collect()
    }

    fn assert_matches_full(engine: &Engine<'_>, nsc: &Scenario, draws: std::ops::Range<u64>) {
        assert_matches_full_with(engine, None, nsc, &[], draws)
    }

    /// With a policy (side-entry and enrolment levers and a campaign, whose
    /// effects are drawn, retention and productivity), the draws' inputs are
    /// reset between draws on one scratch: each draw equals a fresh full run.
    #[test]
    fn engine_matches_the_full_chain_with_a_policy() {
        let mut ds = crate::toy::toy_with_policy();
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
        let items = every_lever_and_the_campaign(pd);
        let regional = Some((&ds, &sc));
        let engine = regional_engine(&nd, &nsc, regional, &items);
        assert!(engine.has_policy());
        assert!(
            engine.has_provinces(),
            "a national policy keeps the provinces"
        );
        assert!(
            engine.reads.runs.contains(&Run::Total) && engine.reads.runs.contains(&Run::Regions),
            "the digital counts' cells run as totals, the technicians' per province"
        );
        assert!(
            engine
                .slots
                .iter()
                .any(|s| matches!(s.at, crate::inputs::slots::SlotRef::Lever(_))),
            "lever effects are drawn"
        );
        assert_matches_full_with(&engine, regional, &nsc, &items, 0..12);
        // The policy moves the gap, so the comparison above is not empty.
        let mut scratch = engine.scratch();
        let out = engine
            .run(&mut scratch, &draw_values(&engine.slots, 5, 0))
            .expect("runs");
        assert!(out.gap_with < out.gap_without, "{out:?}");
    }

    /// Every lever and campaign that changes the entry shares or the
    /// enrolment says which rows: restoring those rows alone gives back the
    /// template, so a draw starts from it without copying it whole.
    #[test]
    fn a_policy_tells_the_rows_it_changed() {
        use crate::inputs::codes::Direction;
        use crate::inputs::policy::{LeverFlow, LeverTarget};
        use crate::toy::lever;
        let cell = |level, direction| Education { level, direction }.index();
        let (mbo3, mbo4, hbo) = (
            cell(Level::Mbo3, Direction::Techniek),
            cell(Level::Mbo4, Direction::Techniek),
            cell(Level::Hbo, Direction::Ict),
        );
        let mut ds = crate::toy::toy_with_policy();
        if let Some(pd) = ds.policy.as_mut() {
            pd.levers.extend([
                lever(
                    "weglek",
                    LeverFlow::Weglek,
                    LeverTarget::Cells(vec![mbo4]),
                    0.05,
                ),
                lever(
                    "dropout",
                    LeverFlow::Dropout,
                    LeverTarget::Cells(vec![hbo]),
                    -0.1,
                ),
            ]);
        }
        let (nd, _) = national_view(&ds, &toy_scenario(1.0));
        let pd = nd.policy.as_ref().expect("levers");
        let items = every_lever_and_the_campaign(pd);
        let sd = nd.supply.as_ref().expect("supply");
        let frame = SupplyFrame::new(&nd, sd, 2030).expect("frame");
        let mut template = frame.inputs(&sd.params, Variant::Central);
        // Mbo4 school-leavers enter a technician occupation and another
        // one, so that the weglek lever has something to move.
        let no = nd.n_occupations();
        let technician = nd.occupation_set("technician").expect("set").members[0];
        let other = (0..no)
            .find(|o| {
                !nd.occupation_set("technician")
                    .expect("set")
                    .members
                    .contains(o)
            })
            .expect("an occupation outside the set");
        for y in 0..template.n_years() {
            let row = (y * NE + mbo4) * no;
            template.entry_share[row + technician] = 0.3;
            template.entry_share[row + other] = 0.3;
        }
        let mut inp = template.clone();
        let applied = Applied {
            dataset: &nd,
            items,
        };
        let touched = applied.supply_touching(Variant::Central, &mut inp);
        let bit = |e: usize| 1u32 << e;
        assert_eq!(touched.entry_share, bit(mbo4), "the weglek lever's cell");
        assert_eq!(
            touched.enrolment,
            bit(mbo3) | bit(hbo),
            "enrolment and dropout"
        );
        assert_ne!(inp.entry_share, template.entry_share);
        assert_ne!(inp.enrolment, template.enrolment);
        restore(&mut inp, &template, touched);
        assert_eq!(inp.entry_share, template.entry_share);
        assert_eq!(inp.enrolment, template.enrolment);
    }

    /// The basis gives the same climate demand as the full chain, draw by
    /// draw, and the engine the same outcome as `run_point`.
    #[test]
    fn engine_matches_the_full_chain() {
        let ds = toy_with_supply();
        let sc = toy_scenario(1.0);
        let (nd, nsc) = national_view(&ds, &sc);
        let engine =
            Engine::new(&nd, &nsc, Vec::new(), GapOptions::default(), 2028, None).expect("builds");
        assert!(engine.linear_demand(), "the toy chain is linear");
        assert!(!engine.has_provinces());
        assert_matches_full(&engine, &nsc, 0..20);
        // With the provinces, under every framing.
        for framing in crate::reference::gap::Framing::ALL {
            let options = GapOptions {
                framing,
                ..GapOptions::default()
            };
            let regional = Some((&ds, &sc));
            let engine =
                Engine::new(&nd, &nsc, Vec::new(), options, 2028, regional).expect("builds");
            assert!(engine.has_provinces());
            assert_eq!(engine.provinces(), ds.n_regions());
            assert_matches_full_with(&engine, regional, &nsc, &[], 0..8);
        }
    }

    /// An occupation outside every set that the digital counts read alike
    /// (here: by its ICT-educated workers alone) runs as one sum of its
    /// cells ([`Run::Group`]); the counts stay those of the full chain,
    /// with a policy that shifts entry shares and enrolment too.
    #[test]
    fn cells_read_only_as_a_sum_run_as_one() {
        let mut ds = crate::toy::toy_with_policy();
        // Occupation 1 leaves the ICT set (the set keeps occupation 0).
        let ict = ds
            .occupation_sets
            .iter()
            .position(|s| s.id == "ict")
            .expect("set");
        ds.occupation_sets[ict].members = vec![0];
        let sc = toy_scenario(1.0);
        let (nd, nsc) = national_view(&ds, &sc);
        let pd = nd.policy.as_ref().expect("levers");
        let items = every_lever_and_the_campaign(pd);
        for regional in [None, Some((&ds, &sc))] {
            let engine = regional_engine(&nd, &nsc, regional, &items);
            let grouped: Vec<usize> = (0..engine.reads.runs.len())
                .filter(|&oe| engine.reads.runs[oe] == Run::Group)
                .collect();
            let ict_cells = Education::all()
                .filter(|e| e.direction == crate::inputs::codes::Direction::Ict)
                .count();
            assert_eq!(
                grouped.len(),
                ict_cells,
                "occupation 1's ICT cells: {grouped:?}"
            );
            assert!(grouped.iter().all(|oe| oe / NE == 1));
            let counted = &engine.reads.digital[2].pairs;
            assert_eq!(
                counted.iter().filter(|(oe, _)| oe / NE == 1).count(),
                1,
                "the group is read once"
            );
            assert_matches_full_with(&engine, regional, &nsc, &items, 0..6);
            let mut scratch = engine.scratch();
            let out = engine
                .run(&mut scratch, &draw_values(&engine.slots, 5, 0))
                .expect("runs");
            assert!(out.digital_without[2] > 0.0, "{out:?}");
        }
    }

    /// A draw whose lever empties the enrolment of a cell that a campaign
    /// then fills evenly leaves the split form: that draw has no provinces
    /// (the others keep them and stay exact).
    #[test]
    fn a_draw_that_leaves_the_split_form_has_no_provinces() {
        let mut ds = crate::toy::toy_with_policy();
        let mbo3 = Education {
            level: Level::Mbo3,
            direction: crate::inputs::codes::Direction::Techniek,
        }
        .index();
        let pd = ds.policy.as_mut().expect("levers");
        let enrol = pd
            .levers
            .iter()
            .position(|l| l.id == "enrol")
            .expect("enrol");
        // Down to -100% and beyond at the low end: no first-years left.
        pd.levers[enrol].effect = Range3 {
            low: -3.0,
            central: 0.1,
            high: 0.2,
        };
        let mut campaign = pd.campaigns[0].clone();
        campaign.id = "scholieren".into();
        campaign.flow = crate::inputs::policy::LeverFlow::Enrolment;
        campaign.target = crate::inputs::policy::LeverTarget::Cells(vec![mbo3]);
        pd.campaigns.push(campaign);
        let items = vec![
            Item::Lever {
                lever: enrol,
                intensity: 10.0,
            },
            Item::Campaign(crate::inputs::policy::CampaignChoice {
                campaign: 1,
                budget_meur_per_year: 1.0,
                start_year: 2025,
                years: 3,
            }),
        ];
        let sc = toy_scenario(1.0);
        let (nd, nsc) = national_view(&ds, &sc);
        let regional = Some((&ds, &sc));
        let engine = regional_engine(&nd, &nsc, regional, &items);
        assert!(engine.has_provinces(), "the central effects keep the split");
        let mut scratch = engine.scratch();
        let (mut kept, mut left) = (0, 0);
        for i in 0..40 {
            let out = engine
                .run(&mut scratch, &draw_values(&engine.slots, 5, i))
                .expect("runs");
            assert_eq!(
                out.without.gap_by_province.len(),
                ds.n_regions() * engine.years.len()
            );
            if out.with.gap_by_province.is_empty() {
                left += 1;
            } else {
                kept += 1;
            }
        }
        assert!(left > 0 && kept > 0, "kept {kept}, left {left}");
    }

    /// A lever aimed at one province cannot be split: the draws then have
    /// national figures only.
    #[test]
    fn a_regional_lever_leaves_the_provinces_out() {
        let mut ds = crate::toy::toy_with_policy();
        if let Some(pd) = ds.policy.as_mut() {
            pd.levers[0].region = Some(1);
        }
        let sc = toy_scenario(1.0);
        let (nd, nsc) = national_view(&ds, &sc);
        let items = vec![Item::Lever {
            lever: 0,
            intensity: 10.0,
        }];
        let engine = Engine::new(
            &nd,
            &nsc,
            items,
            GapOptions::default(),
            2028,
            Some((&ds, &sc)),
        )
        .expect("builds");
        assert!(!engine.has_provinces());
        let mut scratch = engine.scratch();
        let out = engine
            .run(&mut scratch, &draw_values(&engine.slots, 5, 0))
            .expect("runs");
        assert!(out.with.gap_by_province.is_empty());
    }

    #[test]
    fn growth_after_start_is_linear_too() {
        let ds = toy_with_supply();
        let sc = toy_scenario(1.0);
        let (nd, nsc) = national_view(&ds, &sc);
        let options = GapOptions {
            framing: crate::reference::gap::Framing::GrowthAfterFirstYear,
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
            Engine::new(&nd, &nsc, Vec::new(), GapOptions::default(), 2028, None).expect("builds");
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
            Engine::new(&nd, &nsc, Vec::new(), GapOptions::default(), 2028, None).expect("builds");
        engine.basis = None;
        assert_matches_full(&engine, &nsc, 0..5);
    }
}
