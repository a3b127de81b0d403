//! The gap between the labour the economy requires and the labour supply
//! provides, per year x occupation x education cell x region, and the plan's
//! two goal verdicts for 2030.
//!
//! - **required** = base-year employment + base-year shortage + baseline
//!   growth + climate increment. Base-year employment is the base stock;
//!   the shortage is the base year's structural vacancies of an occupation
//!   set ([`shortage_rates`]); baseline growth is ROA's expansion demand;
//!   all three spread over education and region like the stock. The climate
//!   increment is the scenario's demand from [`crate::reference::demand`]
//!   (net by default) above the base year's level of climate work, spread
//!   over education by the occupation's education shares. Other framings
//!   ([`Framing`]) put all climate demand on top (PBL-ROA), or leave the
//!   shortage out.
//! - **available** = the supply model's stock, averaged over the year (the
//!   mean of 1 January of `t` and of `t + 1`), so it is comparable with
//!   demand, which is an average over the year.
//! - **gap** = required - available: positive is a shortage. Its terms
//!   ([`Decomposition`]) add up exactly in every cell.
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

/// Which part of the scenario's climate demand a framing puts on top of
/// the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClimatePart {
    /// Climate demand above the base year's level of climate work (the
    /// demand chain on each measure's base-year activity).
    AboveBaseYear,
    /// All of it: the scenario's jobs are additional to the baseline.
    All,
    /// Its growth after the scenario's first year.
    GrowthAfterFirstYear,
}

/// How the gap counts what the base year already has: which climate work
/// is new demand, and whether the base year's unfilled jobs count. One
/// framing is the default; every output that uses another names it and the
/// published study it corresponds to ([`Framing::study`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Framing {
    /// required = base-year employment + base-year shortage + baseline
    /// growth + climate demand above the base year's level of climate work.
    /// The base-year workforce already does the base year's climate work
    /// (installing heat pumps, building the grid at 2024's pace), and the
    /// base year's market was not in balance (open structural vacancies).
    #[default]
    BaseYear,
    /// As [`Framing::BaseYear`] without the base-year shortage: the base
    /// year's market taken as balanced.
    BaseYearNoShortage,
    /// All climate demand on top of the baseline, no base-year shortage.
    AllOnTop,
    /// Only the climate demand's growth after the scenario's first year, no
    /// base-year shortage (krapte's earlier `--climate growth`).
    GrowthAfterFirstYear,
}

impl Framing {
    pub const ALL: [Framing; 4] = [
        Framing::BaseYear,
        Framing::BaseYearNoShortage,
        Framing::AllOnTop,
        Framing::GrowthAfterFirstYear,
    ];

    /// The name on the command line and in the JSON outputs.
    pub fn code(self) -> &'static str {
        match self {
            Framing::BaseYear => "base-year",
            Framing::BaseYearNoShortage => "no-shortage",
            Framing::AllOnTop => "pbl-roa",
            Framing::GrowthAfterFirstYear => "growth",
        }
    }

    /// The framing of a code ([`Framing::code`]); the codes of the earlier
    /// `--climate` option are accepted too (`full` = [`Framing::AllOnTop`]).
    pub fn parse(code: &str) -> Option<Framing> {
        match code {
            "full" => Some(Framing::AllOnTop),
            _ => Framing::ALL.into_iter().find(|f| f.code() == code),
        }
    }

    /// What the framing counts, in a few words (English).
    pub fn label(self) -> &'static str {
        match self {
            Framing::BaseYear => {
                "climate demand above the base year's level of climate work, plus the base-year shortage"
            }
            Framing::BaseYearNoShortage => {
                "climate demand above the base year's level of climate work, no base-year shortage"
            }
            Framing::AllOnTop => "all climate demand on top of the baseline, no base-year shortage",
            Framing::GrowthAfterFirstYear => {
                "only the climate demand's growth after the scenario's first year, no base-year shortage"
            }
        }
    }

    /// The same in Dutch.
    pub fn label_nl(self) -> &'static str {
        match self {
            Framing::BaseYear => {
                "klimaatvraag boven het niveau van het basisjaar, plus het tekort in het basisjaar"
            }
            Framing::BaseYearNoShortage => {
                "klimaatvraag boven het niveau van het basisjaar, zonder tekort in het basisjaar"
            }
            Framing::AllOnTop => {
                "alle klimaatvraag bovenop de basisvraag, zonder tekort in het basisjaar"
            }
            Framing::GrowthAfterFirstYear => {
                "alleen de groei van de klimaatvraag na het eerste scenariojaar, zonder tekort in het basisjaar"
            }
        }
    }

    /// The published study (or earlier practice) the framing corresponds to.
    pub fn study(self) -> &'static str {
        match self {
            Framing::BaseYear => {
                "jobs counted from a reference moment, as in TNO (2019) and Ecorys (2021), starting from the existing shortage of technicians (open vacancies, UWV), as ROA & SEO (2022) do"
            }
            Framing::BaseYearNoShortage => {
                "jobs counted from a reference moment, as TNO (2019) and Ecorys (2021), with the base-year market in balance as ROA's projections assume"
            }
            Framing::AllOnTop => {
                "PBL-ROA (Weterings et al. 2022): the climate investments' labour demand on top of ROA's baseline projection"
            }
            Framing::GrowthAfterFirstYear => {
                "no published study: an earlier reading of this model (growth after the first scenario year)"
            }
        }
    }

    /// The same in Dutch.
    pub fn study_nl(self) -> &'static str {
        match self {
            Framing::BaseYear => {
                "banen geteld vanaf een peilmoment, zoals TNO (2019) en Ecorys (2021), uitgaande van het bestaande tekort aan technici (openstaande vacatures, UWV), zoals ROA & SEO (2022)"
            }
            Framing::BaseYearNoShortage => {
                "banen geteld vanaf een peilmoment, zoals TNO (2019) en Ecorys (2021), met een arbeidsmarkt in evenwicht in het basisjaar, zoals de ROA-prognoses aannemen"
            }
            Framing::AllOnTop => {
                "PBL-ROA (Weterings e.a. 2022): de arbeidsvraag van de klimaatinvesteringen bovenop de basisprognose van ROA"
            }
            Framing::GrowthAfterFirstYear => {
                "geen gepubliceerde studie: een eerdere lezing van dit model (groei na het eerste scenariojaar)"
            }
        }
    }

    /// Which part of climate demand comes on top of the baseline.
    pub fn climate(self) -> ClimatePart {
        match self {
            Framing::BaseYear | Framing::BaseYearNoShortage => ClimatePart::AboveBaseYear,
            Framing::AllOnTop => ClimatePart::All,
            Framing::GrowthAfterFirstYear => ClimatePart::GrowthAfterFirstYear,
        }
    }

    /// Whether the base-year shortage counts in required labour.
    pub fn shortage(self) -> bool {
        match self {
            Framing::BaseYear => true,
            Framing::BaseYearNoShortage | Framing::AllOnTop | Framing::GrowthAfterFirstYear => {
                false
            }
        }
    }
}

/// Choices of a gap run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GapOptions {
    /// Climate demand gross or net (of fossil losses and crowding-out).
    pub basis: Basis,
    pub framing: Framing,
}

impl Default for GapOptions {
    fn default() -> Self {
        GapOptions {
            basis: Basis::Net,
            framing: Framing::BaseYear,
        }
    }
}

/// What a gap figure measures. The gap's terms add up exactly, in every
/// cell: `Gap = BaseYearShortage + BaselineGrowth + ClimateIncrement +
/// ProductivityEffect - SupplyChange` (see [`Decomposition`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// Employment in the base year (the base stock, fte).
    BaseEmployment,
    /// The base year's structural vacancies (fte), when the framing counts them.
    BaseYearShortage,
    /// Baseline (non-climate) expansion since the base year (ROA).
    BaselineGrowth,
    /// The climate demand the framing puts on top of the baseline, before a
    /// policy's factor on required labour.
    ClimateIncrement,
    /// A policy's change of required labour (productivity): (factor - 1) x
    /// (base employment + shortage + growth + climate increment).
    ProductivityEffect,
    /// Required labour without climate demand, with the policy's factor:
    /// base employment + shortage + growth.
    RequiredBaseline,
    /// The climate increment with the policy's factor on required labour.
    Climate,
    /// RequiredBaseline + Climate.
    Required,
    /// The supply stock, averaged over the year.
    Available,
    /// Available - base employment: inflow minus outflow since 1 January
    /// of the base year, to the middle of the year.
    SupplyChange,
    /// Required - Available (positive = shortage).
    Gap,
}

impl Quantity {
    /// Every quantity, in declaration order.
    pub const ALL: [Quantity; 11] = [
        Quantity::BaseEmployment,
        Quantity::BaseYearShortage,
        Quantity::BaselineGrowth,
        Quantity::ClimateIncrement,
        Quantity::ProductivityEffect,
        Quantity::RequiredBaseline,
        Quantity::Climate,
        Quantity::Required,
        Quantity::Available,
        Quantity::SupplyChange,
        Quantity::Gap,
    ];
}

/// What a gap is made of (fte): base-year shortage + baseline growth +
/// climate increment + the policy's productivity effect - the supply's
/// change since the base year (- a policy's extra supply, when the supply
/// change is that without the policy) = gap.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Decomposition {
    /// Base-year employment: not a term, the level the terms start from.
    pub base_employment: f64,
    pub shortage: f64,
    pub baseline_growth: f64,
    pub climate: f64,
    pub productivity: f64,
    /// Available minus base-year employment (inflow minus outflow); without
    /// the policy's extra supply when `policy_supply` holds it.
    pub supply_change: f64,
    /// A policy's extra supply (levers and campaigns): available with the
    /// policy minus available without it; 0 for a single run.
    pub policy_supply: f64,
}

impl Decomposition {
    /// The sum of the terms: required minus available.
    pub fn gap(&self) -> f64 {
        self.shortage + self.baseline_growth + self.climate + self.productivity
            - self.supply_change
            - self.policy_supply
    }

    /// Required labour: base employment + shortage + growth + climate + productivity.
    pub fn required(&self) -> f64 {
        self.base_employment
            + self.shortage
            + self.baseline_growth
            + self.climate
            + self.productivity
    }

    /// Available labour: base employment + supply change + policy supply.
    pub fn available(&self) -> f64 {
        self.base_employment + self.supply_change + self.policy_supply
    }

    /// The terms of a run with a policy, its supply change split into that
    /// without the policy (`without`) and the policy's extra supply.
    pub fn with_policy(self, without: &Decomposition) -> Decomposition {
        let total = self.supply_change + self.policy_supply;
        Decomposition {
            supply_change: without.supply_change + without.policy_supply,
            policy_supply: total - without.supply_change - without.policy_supply,
            ..self
        }
    }

    /// Term-wise sum (for adding up cells, levels or draws).
    pub fn add(&mut self, o: &Decomposition) {
        self.base_employment += o.base_employment;
        self.shortage += o.shortage;
        self.baseline_growth += o.baseline_growth;
        self.climate += o.climate;
        self.productivity += o.productivity;
        self.supply_change += o.supply_change;
        self.policy_supply += o.policy_supply;
    }

    /// Term-wise product with `k` (for means).
    pub fn scaled(mut self, k: f64) -> Decomposition {
        for x in [
            &mut self.base_employment,
            &mut self.shortage,
            &mut self.baseline_growth,
            &mut self.climate,
            &mut self.productivity,
            &mut self.supply_change,
            &mut self.policy_supply,
        ] {
            *x *= k;
        }
        self
    }
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
    /// The base-year shortage as a share of the base stock, per occupation
    /// ([`shortage_rates`]).
    shortage_rate: Vec<f64>,
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

    /// What the extreme corners (every range at its low end, every range
    /// at its high end) say. Not a probability: the Monte Carlo gives that.
    pub fn label(self) -> &'static str {
        match self {
            Certainty::MetThroughout => "on target at both extreme corners",
            Certainty::MissedThroughout => "off target at both extreme corners",
            Certainty::DependsOnAssumptions => {
                "on target at one extreme corner, off target at the other"
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
    /// Gap without the climate demand (the base-year shortage included
    /// when the framing counts it).
    pub baseline_gap: Bracket,
    /// What the gap is made of, per bracket run (demand variant order).
    pub terms: [Decomposition; 3],
    /// The central run's gap is at or below zero. Not a verdict on its
    /// own: the Monte Carlo's probability is (the headline).
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
/// (`cells` = regions x occupations), as the framing counts it: above the
/// base year's level of climate work, all of it, or its growth after the
/// first gap year. Small; cells follow from the education shares on request.
pub fn climate_by_year(
    demand: &DemandResult,
    years: &[Year],
    options: GapOptions,
    cells: usize,
) -> Vec<f64> {
    let part = options.framing.climate();
    let first = match (part, years.first()) {
        (ClimatePart::GrowthAfterFirstYear, Some(&t0)) => {
            demand.region_occupation(t0, options.basis)
        }
        (ClimatePart::GrowthAfterFirstYear | ClimatePart::All | ClimatePart::AboveBaseYear, _) => {
            vec![0.0; cells]
        }
    };
    let mut out = Vec::with_capacity(years.len() * cells);
    for &t in years {
        let ro = demand.region_occupation(t, options.basis);
        match part {
            ClimatePart::AboveBaseYear => {
                let base = demand.base_region_occupation(t, options.basis);
                out.extend(ro.iter().zip(&base).map(|(a, b)| a - b));
            }
            ClimatePart::All | ClimatePart::GrowthAfterFirstYear => {
                out.extend(ro.iter().zip(&first).map(|(a, b)| a - b));
            }
        }
    }
    out
}

/// The base year's climate work, gap year x region x occupation, as
/// [`climate_by_year`] subtracts it under [`ClimatePart::AboveBaseYear`]
/// (zero for the other parts).
pub(crate) fn base_work_by_year(
    demand: &DemandResult,
    years: &[Year],
    options: GapOptions,
    cells: usize,
) -> Vec<f64> {
    match options.framing.climate() {
        ClimatePart::AboveBaseYear => years
            .iter()
            .flat_map(|&t| demand.base_region_occupation(t, options.basis))
            .collect(),
        ClimatePart::All | ClimatePart::GrowthAfterFirstYear => vec![0.0; years.len() * cells],
    }
}

/// Per occupation, the base year's structural vacancies as a share of its
/// employed persons (`base_year_shortage.csv`, the whole set's row; the
/// structural share at the end of the demand variant `v`), so that a cell's
/// shortage is that share of its base stock: the vacancies spread over the
/// set's occupations, education cells and provinces like its employment.
/// Zero where the framing does not count the shortage or the data have
/// none.
pub fn shortage_rates(ds: &Dataset, framing: Framing, v: Variant) -> Vec<f64> {
    let no = ds.n_occupations();
    let mut rates = vec![0.0; no];
    if !framing.shortage() {
        return rates;
    }
    let Some(sd) = ds.supply.as_ref() else {
        return rates;
    };
    for b in sd
        .base_year_shortage
        .iter()
        .filter(|b| b.skill_level.is_none())
    {
        let Some(set) = ds.occupation_sets.get(b.set) else {
            continue;
        };
        let mut members: Vec<usize> = set.members.iter().copied().filter(|&o| o < no).collect();
        members.sort_unstable();
        members.dedup();
        let persons: f64 = members
            .iter()
            .map(|&o| ds.occupations[o].employed_persons)
            .sum();
        if persons <= 0.0 {
            continue;
        }
        let rate = b.structural_persons().get(v) / persons;
        for o in members {
            rates[o] += rate;
        }
    }
    rates
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
                shortage_rate: shortage_rates(ds, self.options.framing, v),
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

/// The parts of one cell's gap in one year (fte): every [`Quantity`] is
/// computed from them here, by the reference chain and the fast paths alike.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cell {
    /// Base-year employment (the base stock).
    pub base: f64,
    /// Base employment grown by the baseline expansion (never below 0).
    pub baseline: f64,
    /// The base-year shortage.
    pub shortage: f64,
    /// The climate demand on top of the baseline.
    pub climate: f64,
    /// The policy's factor on required labour (1 without).
    pub factor: f64,
    /// The supply stock, averaged over the year.
    pub available: f64,
}

impl Cell {
    pub fn get(self, q: Quantity) -> f64 {
        let Cell {
            base,
            baseline,
            shortage,
            climate,
            factor,
            available,
        } = self;
        let required = factor * (baseline + shortage + climate);
        match q {
            Quantity::BaseEmployment => base,
            Quantity::BaseYearShortage => shortage,
            Quantity::BaselineGrowth => baseline - base,
            Quantity::ClimateIncrement => climate,
            Quantity::ProductivityEffect => (factor - 1.0) * (baseline + shortage + climate),
            Quantity::RequiredBaseline => factor * (baseline + shortage),
            Quantity::Climate => factor * climate,
            Quantity::Required => required,
            Quantity::Available => available,
            Quantity::SupplyChange => available - base,
            Quantity::Gap => required - available,
        }
    }

    /// The cell's terms ([`Decomposition`]; no policy supply).
    pub fn decomposition(self) -> Decomposition {
        Decomposition {
            base_employment: self.get(Quantity::BaseEmployment),
            shortage: self.get(Quantity::BaseYearShortage),
            baseline_growth: self.get(Quantity::BaselineGrowth),
            climate: self.get(Quantity::ClimateIncrement),
            productivity: self.get(Quantity::ProductivityEffect),
            supply_change: self.get(Quantity::SupplyChange),
            policy_supply: 0.0,
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
            let rate = run.shortage_rate[o];
            for e in 0..NE {
                let edu = self.education_shares[o * NE + e];
                for r in 0..nr {
                    let c = (o * NE + e) * nr + r;
                    let base = run.base_stock[c];
                    let cell = Cell {
                        base,
                        baseline: (base * growth).max(0.0),
                        shortage: base * rate,
                        climate: ro[r * no + o] * edu,
                        factor,
                        available: 0.5 * (s0[c] + s1[c]),
                    };
                    out.push(cell.get(q));
                }
            }
        }
        Some(out)
    }

    /// The gap's terms ([`Decomposition`]) per group of `dim` in `year`
    /// for one run, over the occupations in `members`: each term's cells
    /// summed like [`GapResult::aggregate`] sums them.
    pub fn decomposition(
        &self,
        v: Variant,
        year: Year,
        members: Option<&[usize]>,
        dim: Dim,
    ) -> Option<Vec<Decomposition>> {
        let term = |q: Quantity| -> Option<Vec<f64>> {
            Some(self.aggregate(&self.cells(v, year, q)?, members, dim))
        };
        let (b, s, g, c, p, a) = (
            term(Quantity::BaseEmployment)?,
            term(Quantity::BaseYearShortage)?,
            term(Quantity::BaselineGrowth)?,
            term(Quantity::ClimateIncrement)?,
            term(Quantity::ProductivityEffect)?,
            term(Quantity::SupplyChange)?,
        );
        Some(
            (0..b.len())
                .map(|k| Decomposition {
                    base_employment: b[k],
                    shortage: s[k],
                    baseline_growth: g[k],
                    climate: c[k],
                    productivity: p[k],
                    supply_change: a[k],
                    policy_supply: 0.0,
                })
                .collect(),
        )
    }

    /// The gap's terms summed over `members` in `year` for one run.
    pub fn decomposition_total(
        &self,
        v: Variant,
        year: Year,
        members: Option<&[usize]>,
    ) -> Option<Decomposition> {
        let mut total = Decomposition::default();
        for d in self.decomposition(v, year, members, Dim::Level)? {
            total.add(&d);
        }
        Some(total)
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
        let terms = |v: Variant| self.decomposition_total(v, year, m);
        Some(TechnicianVerdict {
            year,
            required: self.total(year, Quantity::Required, m)?,
            climate,
            available: self.total(year, Quantity::Available, m)?,
            gap,
            baseline_gap,
            terms: [
                terms(Variant::Low)?,
                terms(Variant::Central)?,
                terms(Variant::High)?,
            ],
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

    /// A scenario whose additions and spending stay exactly at the base
    /// year's activity (every year, every measure): its climate increment
    /// is the O&M of the stock added since the base year (new work; the
    /// O&M of the base-year stock is in base-year employment), cell by
    /// cell and year by year in every variant, and zero where there is no
    /// O&M. Gross and net alike (the fossil losses switched off: they are
    /// the scenario's, not the base year's).
    #[test]
    fn at_the_base_years_activity_the_increment_is_the_om_of_added_stock() {
        use crate::inputs::dataset::{IntensityUnit, Path as MeasurePath};
        use crate::inputs::scenario::{AfterLast, ScenarioMeasure, Trajectory};
        use crate::Range3;
        let mut ds = toy();
        // Point values: every variant holds the same base-year activity.
        let base = [10.0, 1.0];
        for (m, b) in ds.measures.iter_mut().zip(base) {
            m.base_year_additions = Some(Range3::point(b));
        }
        let mut sc = toy_scenario(1.0);
        sc.options.fossil_loss_scale = 0.0;
        sc.measures = (0..2)
            .map(|m| ScenarioMeasure {
                measure: m,
                trajectory: Trajectory::Additions(vec![(ds.base_year, base[m])]),
                after_last: AfterLast::Hold,
                regions: None,
                scale: 1.0,
            })
            .collect();
        // The O&M alone: no construction, no spending, all of it on top.
        let mut om_only = ds.clone();
        om_only.measures[0].base_year_additions = None;
        om_only.measures[1].base_year_additions = None;
        if let MeasurePath::BottomUp { activities } = &mut om_only.measures[1].path {
            for a in activities.iter_mut() {
                if a.unit != IntensityUnit::FtePerUnitStock {
                    a.intensity = Range3::point(0.0);
                }
            }
        }
        let mut om_sc = sc.clone();
        om_sc.measures[0].scale = 0.0;
        // No O&M at all.
        let mut no_om = ds.clone();
        if let MeasurePath::BottomUp { activities } = &mut no_om.measures[1].path {
            for a in activities.iter_mut() {
                if a.unit == IntensityUnit::FtePerUnitStock {
                    a.intensity = Range3::point(0.0);
                }
            }
        }
        let (years, _) = gap_years(&ds, &sc).expect("years");
        assert!(years.len() >= 3, "{years:?}");
        let cells = ds.n_regions() * ds.n_occupations();
        let climate = |d: &Dataset, s: &Scenario, v: Variant, o: GapOptions| {
            let prep = Prepared::new(d).expect("prepares");
            climate_by_year(&demand_run(&prep, s, v), &years, o, cells)
        };
        for basis in [Basis::Gross, Basis::Net] {
            let base_year = GapOptions {
                basis,
                framing: Framing::BaseYear,
            };
            let on_top = GapOptions {
                basis,
                framing: Framing::AllOnTop,
            };
            for v in Variant::ALL {
                let inc = climate(&ds, &sc, v, base_year);
                let om = climate(&om_only, &om_sc, v, on_top);
                assert_eq!(inc.len(), om.len());
                for (k, (a, b)) in inc.iter().zip(&om).enumerate() {
                    assert!(
                        close(*a, *b),
                        "{basis:?} {v:?} cell {k}: increment {a}, O&M {b}"
                    );
                }
                // The O&M grows with the stock added since the base year:
                // zero in the base year, positive after it.
                let year_total = |i: usize| -> f64 { inc[i * cells..(i + 1) * cells].iter().sum() };
                for (i, &t) in years.iter().enumerate() {
                    if t <= ds.base_year {
                        assert!(year_total(i).abs() < 1e-9, "{t}: {}", year_total(i));
                    } else {
                        assert!(year_total(i) > 0.0, "{t}: {}", year_total(i));
                    }
                }
                // Without O&M the increment is zero in every cell and year.
                for (k, a) in climate(&no_om, &sc, v, base_year).iter().enumerate() {
                    assert!(a.abs() < 1e-9, "{basis:?} {v:?} cell {k}: {a} without O&M");
                }
            }
        }
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
                framing: Framing::AllOnTop,
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
            framing in 0usize..4,
        ) {
            let mut ds = toy_with_supply();
            if let Some(sd) = ds.supply.as_mut() {
                sd.occupations[0].replacement_rate = replacement;
                sd.occupations[1].expansion_persons_per_year = expansion;
            }
            let framing = Framing::ALL[framing];
            let g = gap_of(&ds, &toy_scenario(scale), GapOptions { basis: Basis::Net, framing });
            for &t in &g.years {
                for q in Quantity::ALL {
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
