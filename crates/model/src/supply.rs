//! Labour supply (baseline): a stock-flow model of the fte available per
//! occupation group x education cell x region, year by year.
//!
//! From a base stock and yearly rates and flows ([`SupplyInputs`]) it computes
//! ([`run`] -> [`SupplyResult`]):
//!
//! - outflow: retirement, other exits and, in technical occupations only,
//!   switching out to another occupation at a rate mixed from women's and men's
//!   rates by the occupation's share of women;
//! - inflow: school-leavers from an education pipeline (enrolment lagged by the
//!   programme length, less dropout, times the share of graduates that enters
//!   each occupation; the rest is the "weglek"), side-entrants (zijinstroom) and
//!   labour migration;
//! - ROA-style identities per occupation: replacement demand = outflow, job
//!   openings = max(0, expansion demand) + replacement demand, expected inflow.
//!
//! Timing: `stock(t)` is the stock on 1 January of year `t`; the flows of year
//! `t` take it to `stock(t + 1)`. Flows run for every year `start_year..=horizon`,
//! so stocks exist for `start_year..=horizon + 1`. Graduates enter in the year
//! they graduate, in the region where they studied.
//!
//! Like the rest of the crate this is pure arithmetic: inputs are validated by
//! [`SupplyInputs::check`], and [`run`] refuses inputs that fail it.

use std::borrow::Cow;

use crate::codes::Education;
use crate::units::{Fte, Persons, Year};

/// Number of education cells (level x direction).
const NE: usize = Education::COUNT;
// `stock_flow` keeps the education cells of an occupation in a u32.
const _: () = assert!(NE <= 32);

/// Slack allowed when shares must sum to at most one: data files round, so an
/// exact sum is unreliable.
const SHARE_TOLERANCE: f64 = 1e-9;

/// Everything the supply model needs, validated by [`SupplyInputs::check`].
///
/// Layouts (all dense, row-major, quantities in fte, rates per year):
/// - a *cell* is `(o, e, r)` at index `(o * 18 + e) * R + r`, with `e` =
///   [`Education::index`];
/// - *year x occupation* arrays are indexed `y * O + o`, `y = t - start_year`
///   over the flow years `start_year..=horizon`;
/// - *year x cell* arrays are indexed `y * (O * 18 * R) + cell`;
/// - enrolment is indexed `(k * 18 + e) * R + r`, `k = t - enrolment_first_year`.
#[derive(Debug, Clone, PartialEq)]
pub struct SupplyInputs {
    /// Year of the base stock; the first year with flows.
    pub start_year: Year,
    /// Last year with flows; stocks are computed up to `horizon + 1`.
    pub horizon: Year,
    /// O, the number of occupation groups.
    pub n_occupations: usize,
    /// R, the number of regions.
    pub n_regions: usize,
    /// Fte per cell on 1 January of `start_year`.
    pub base_stock: Vec<f64>,
    /// Share of the stock retiring, year x occupation. Derived from the age
    /// structure, i.e. the retirement part of ROA's replacement demand.
    pub retirement_rate: Vec<f64>,
    /// Share leaving for other reasons (disability, leaving the labour force,
    /// death), year x occupation.
    pub other_exit_rate: Vec<f64>,
    /// Which occupations count as technical: only those lose workers to
    /// switching out (the seeds measure switching out of technical work).
    pub technical: Vec<bool>,
    /// Share of women in the occupation's stock, year x occupation.
    pub women_share: Vec<f64>,
    /// Share of women in a technical occupation who switch out, per flow year.
    pub switch_out_women: Vec<f64>,
    /// Share of men in a technical occupation who switch out, per flow year.
    pub switch_out_men: Vec<f64>,
    /// First year of `enrolment`. Graduates in year `t` enrolled in
    /// `t - programme_years[e]`, so this must be at most
    /// `start_year - max(programme_years)`.
    pub enrolment_first_year: Year,
    /// First-year students (fte-equivalent heads) per year x education x region,
    /// for every year `enrolment_first_year..=horizon`. Years after
    /// `horizon - programme_years[e]` are not used but keep the layout simple.
    pub enrolment: Vec<f64>,
    /// Nominal programme length per education cell, in years (at least 1).
    pub programme_years: [u16; NE],
    /// Share of an enrolment cohort that never graduates, per education cell.
    pub dropout: [f64; NE],
    /// Fte per person in each occupation (O): graduates are counted in persons
    /// and enter an occupation as `persons x fte_per_person` fte.
    pub fte_per_person: Vec<f64>,
    /// Share of graduates of education `e` that enters occupation `o` in a
    /// flow year, index `y * 18 * O + e * O + o` (policy can shift it over
    /// time). Each row sums to at most 1; the remainder does not enter an
    /// occupation of the model (continues studying, not working).
    pub entry_share: Vec<f64>,
    /// Side-entrants (zijinstroom), fte per year x cell.
    pub side_entry: Vec<f64>,
    /// Net labour migration into the cell, fte per year x cell (not negative:
    /// emigration belongs in `other_exit_rate`).
    pub migration: Vec<f64>,
    /// Baseline (non-climate) expansion demand, fte per year x occupation; may
    /// be negative. Used only for the job-openings identity.
    pub expansion_demand: Vec<f64>,
}

impl SupplyInputs {
    /// Inputs of the right shape with every quantity and rate zero, programme
    /// lengths of one year and enrolment starting a year before `start_year`.
    /// A starting point for loaders and tests; fill in what the data provides.
    pub fn zeros(start_year: Year, horizon: Year, n_occupations: usize, n_regions: usize) -> Self {
        let ny = usize::from(horizon.saturating_sub(start_year)) + 1;
        let cells = n_occupations * NE * n_regions;
        let first = start_year.saturating_sub(1);
        let n_enrol = usize::from(horizon.saturating_sub(first)) + 1;
        SupplyInputs {
            start_year,
            horizon,
            n_occupations,
            n_regions,
            base_stock: vec![0.0; cells],
            retirement_rate: vec![0.0; ny * n_occupations],
            other_exit_rate: vec![0.0; ny * n_occupations],
            technical: vec![false; n_occupations],
            women_share: vec![0.0; ny * n_occupations],
            switch_out_women: vec![0.0; ny],
            switch_out_men: vec![0.0; ny],
            enrolment_first_year: first,
            enrolment: vec![0.0; n_enrol * NE * n_regions],
            programme_years: [1; NE],
            dropout: [0.0; NE],
            fte_per_person: vec![1.0; n_occupations],
            entry_share: vec![0.0; ny * NE * n_occupations],
            side_entry: vec![0.0; ny * cells],
            migration: vec![0.0; ny * cells],
            expansion_demand: vec![0.0; ny * n_occupations],
        }
    }

    /// Makes `self` equal to `other`, reusing `self`'s allocations (a
    /// buffer reused run after run; `Clone::clone_from` as derived would
    /// allocate anew).
    pub fn copy_from(&mut self, other: &SupplyInputs) {
        // Every field named: a new field must be added here.
        let SupplyInputs {
            start_year,
            horizon,
            n_occupations,
            n_regions,
            base_stock,
            retirement_rate,
            other_exit_rate,
            technical,
            women_share,
            switch_out_women,
            switch_out_men,
            enrolment_first_year,
            enrolment,
            programme_years,
            dropout,
            fte_per_person,
            entry_share,
            side_entry,
            migration,
            expansion_demand,
        } = other;
        self.start_year = *start_year;
        self.horizon = *horizon;
        self.n_occupations = *n_occupations;
        self.n_regions = *n_regions;
        self.base_stock.clone_from(base_stock);
        self.retirement_rate.clone_from(retirement_rate);
        self.other_exit_rate.clone_from(other_exit_rate);
        self.technical.clone_from(technical);
        self.women_share.clone_from(women_share);
        self.switch_out_women.clone_from(switch_out_women);
        self.switch_out_men.clone_from(switch_out_men);
        self.enrolment_first_year = *enrolment_first_year;
        self.enrolment.clone_from(enrolment);
        self.programme_years = *programme_years;
        self.dropout = *dropout;
        self.fte_per_person.clone_from(fte_per_person);
        self.entry_share.clone_from(entry_share);
        self.side_entry.clone_from(side_entry);
        self.migration.clone_from(migration);
        self.expansion_demand.clone_from(expansion_demand);
    }

    /// Number of flow years, `start_year..=horizon` (0 if the horizon is before the start).
    pub fn n_years(&self) -> usize {
        if self.horizon < self.start_year {
            0
        } else {
            usize::from(self.horizon - self.start_year) + 1
        }
    }

    /// Number of enrolment years, `enrolment_first_year..=horizon`.
    pub fn n_enrolment_years(&self) -> usize {
        if self.horizon < self.enrolment_first_year {
            0
        } else {
            usize::from(self.horizon - self.enrolment_first_year) + 1
        }
    }

    /// Repeats one value per occupation over `n_years` years, giving a
    /// year x occupation array for rates that do not change over time.
    pub fn per_year(per_occupation: &[f64], n_years: usize) -> Vec<f64> {
        per_occupation.repeat(n_years)
    }

    /// Every violation of the documented constraints, empty when the inputs
    /// are fit for [`run`]. Dimensions are checked first; values only when
    /// the dimensions are right.
    pub fn check(&self) -> Vec<String> {
        let mut errs = self.check_shape();
        if errs.is_empty() {
            self.check_values_into(&mut errs);
        }
        errs
    }

    /// The dimension part of [`SupplyInputs::check`]: array lengths, years
    /// and programme lengths. Inputs that pass it cannot make [`run`] panic.
    pub fn check_shape(&self) -> Vec<String> {
        let mut errs = Vec::new();
        if self.horizon < self.start_year {
            errs.push(format!(
                "horizon {} is before start_year {}",
                self.horizon, self.start_year
            ));
            return errs;
        }
        if self.horizon == Year::MAX {
            // The stock after the last flow year must be a representable year.
            errs.push(format!("horizon {} is too late", self.horizon));
            return errs;
        }
        for (e, p) in self.programme_years.iter().enumerate() {
            if *p == 0 {
                errs.push(format!(
                    "programme_years[{e}] ({}) is 0; programmes last at least 1 year",
                    edu_label(e)
                ));
            }
        }
        let max_p = self.programme_years.iter().copied().max().unwrap_or(1);
        let needed = i64::from(self.start_year) - i64::from(max_p);
        if i64::from(self.enrolment_first_year) > needed {
            errs.push(format!(
                "enrolment starts in {} but graduates from {} onwards with programmes of up to {} years need enrolment from {}",
                self.enrolment_first_year, self.start_year, max_p, needed
            ));
        }
        let (ny, no, nr) = (self.n_years(), self.n_occupations, self.n_regions);
        let dims = (|| {
            let cells = no.checked_mul(NE)?.checked_mul(nr)?;
            Some((
                cells,
                ny.checked_mul(no)?,
                ny.checked_mul(cells)?,
                self.n_enrolment_years().checked_mul(NE)?.checked_mul(nr)?,
                ny.checked_mul(NE)?.checked_mul(no)?,
            ))
        })();
        let Some((cells, year_occ, year_cells, enrol, edu_occ)) = dims else {
            errs.push("the dimensions are too large".into());
            return errs;
        };
        let lengths: [(&str, usize, usize); 15] = [
            ("base_stock", self.base_stock.len(), cells),
            ("retirement_rate", self.retirement_rate.len(), year_occ),
            ("other_exit_rate", self.other_exit_rate.len(), year_occ),
            ("technical", self.technical.len(), no),
            ("women_share", self.women_share.len(), year_occ),
            ("switch_out_women", self.switch_out_women.len(), ny),
            ("switch_out_men", self.switch_out_men.len(), ny),
            ("enrolment", self.enrolment.len(), enrol),
            ("entry_share", self.entry_share.len(), edu_occ),
            ("fte_per_person", self.fte_per_person.len(), no),
            ("side_entry", self.side_entry.len(), year_cells),
            ("migration", self.migration.len(), year_cells),
            ("expansion_demand", self.expansion_demand.len(), year_occ),
            // Fixed-size arrays: listed so every field is accounted for.
            ("programme_years", self.programme_years.len(), NE),
            ("dropout", self.dropout.len(), NE),
        ];
        for (name, got, want) in lengths {
            if got != want {
                errs.push(format!("{name} has {got} values, expected {want}"));
            }
        }
        errs
    }

    /// The value part of [`SupplyInputs::check`], for inputs of the right shape.
    fn check_values_into(&self, errs: &mut Vec<String>) {
        let no = self.n_occupations;
        let quantities: [(&str, &[f64]); 4] = [
            ("base_stock", &self.base_stock),
            ("enrolment", &self.enrolment),
            ("side_entry", &self.side_entry),
            ("migration", &self.migration),
        ];
        for (name, v) in quantities {
            check_values(errs, name, v, "a finite number >= 0", |x| {
                x.is_finite() && x >= 0.0
            });
        }
        let rates: [(&str, &[f64]); 6] = [
            ("retirement_rate", &self.retirement_rate),
            ("other_exit_rate", &self.other_exit_rate),
            ("women_share", &self.women_share),
            ("switch_out_women", &self.switch_out_women),
            ("switch_out_men", &self.switch_out_men),
            ("dropout", &self.dropout),
        ];
        for (name, v) in rates {
            check_values(errs, name, v, "a share in [0, 1]", is_share);
        }
        check_values(
            errs,
            "entry_share",
            &self.entry_share,
            "a share in [0, 1]",
            is_share,
        );
        check_values(
            errs,
            "fte_per_person",
            &self.fte_per_person,
            "a number in (0, 1.5]",
            |x| x > 0.0 && x <= 1.5,
        );
        check_values(
            errs,
            "expansion_demand",
            &self.expansion_demand,
            "a finite number",
            f64::is_finite,
        );
        if no > 0 {
            for (k, row) in self.entry_share.chunks(no).enumerate() {
                let sum: f64 = row.iter().sum();
                if sum > 1.0 + SHARE_TOLERANCE {
                    let (y, e) = (k / NE, k % NE);
                    errs.push(format!(
                        "entry_share for education {e} ({}) in flow year {y} sums to {sum}, more than 1",
                        edu_label(e)
                    ));
                }
            }
        }
    }
}

fn is_share(x: f64) -> bool {
    (0.0..=1.0).contains(&x)
}

fn edu_label(e: usize) -> String {
    let ed = Education::from_index(e);
    format!("{}-{}", ed.level.code(), ed.direction.code())
}

/// Reports the first bad value of a field and how many more there are, so a
/// broken file gives one line per field rather than thousands.
fn check_values(
    errs: &mut Vec<String>,
    name: &str,
    values: &[f64],
    must_be: &str,
    ok: impl Fn(f64) -> bool,
) {
    // Fast path: inputs are large (cells x years) and almost always valid.
    if values.iter().all(|x| ok(*x)) {
        return;
    }
    let mut bad = values.iter().enumerate().filter(|(_, x)| !ok(**x));
    if let Some((i, x)) = bad.next() {
        let more = bad.count();
        let tail = if more > 0 {
            format!(" (and {more} more)")
        } else {
            String::new()
        };
        errs.push(format!("{name}[{i}] = {x}: must be {must_be}{tail}"));
    }
}

/// Why the supply model did not run.
#[derive(Debug, Clone, PartialEq)]
pub enum SupplyError {
    /// The inputs failed [`SupplyInputs::check`]; every violation is listed.
    Invalid(Vec<String>),
}

impl std::fmt::Display for SupplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SupplyError::Invalid(errs) => {
                write!(f, "invalid supply inputs: {}", errs.join("; "))
            }
        }
    }
}

impl std::error::Error for SupplyError {}

/// One flow of the stock-flow model, for [`SupplyResult::flow`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flow {
    /// Graduates entering the occupation (inflow).
    GraduateInflow,
    /// Side-entrants, zijinstroom (inflow).
    SideEntry,
    /// Labour migration (inflow).
    Migration,
    /// Retirement (outflow).
    Retirement,
    /// Switching out of a technical occupation (outflow).
    SwitchOut,
    /// Other exits (outflow).
    OtherExit,
}

impl Flow {
    pub const ALL: [Flow; 6] = [
        Flow::GraduateInflow,
        Flow::SideEntry,
        Flow::Migration,
        Flow::Retirement,
        Flow::SwitchOut,
        Flow::OtherExit,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Flow::GraduateInflow => "graduate inflow",
            Flow::SideEntry => "side entry",
            Flow::Migration => "migration",
            Flow::Retirement => "retirement",
            Flow::SwitchOut => "switch-out",
            Flow::OtherExit => "other exit",
        }
    }

    /// Whether the flow adds to the stock (as opposed to taking from it).
    pub fn is_inflow(self) -> bool {
        matches!(
            self,
            Flow::GraduateInflow | Flow::SideEntry | Flow::Migration
        )
    }
}

/// A quantity in one year summed by occupation, education and region.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    pub total: Fte,
    /// One entry per occupation (O).
    pub by_occupation: Vec<Fte>,
    /// One entry per education cell (18, [`Education::index`]).
    pub by_education: Vec<Fte>,
    /// One entry per region (R).
    pub by_region: Vec<Fte>,
}

/// National totals of each flow in one year.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Flows {
    pub graduate_inflow: Fte,
    pub side_entry: Fte,
    pub migration: Fte,
    pub retirement: Fte,
    pub switch_out: Fte,
    pub other_exit: Fte,
}

impl Flows {
    pub fn inflow(&self) -> Fte {
        self.graduate_inflow + self.side_entry + self.migration
    }
    pub fn outflow(&self) -> Fte {
        self.retirement + self.switch_out + self.other_exit
    }
}

/// The education pipeline in one year, per education cell (18, national),
/// in persons (heads; they become fte only when they enter an occupation).
#[derive(Debug, Clone, PartialEq)]
pub struct Pipeline {
    /// Graduates: enrolment `programme_years` earlier times (1 - dropout).
    pub graduates: Vec<Persons>,
    /// Graduates entering an occupation in the model.
    pub entering: Vec<Persons>,
    /// Graduates not entering an occupation of the model (continuing study,
    /// not working): the part of the entry shares that sums to less than one.
    pub leakage: Vec<Persons>,
}

/// ROA-style identities for one occupation in one year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JobOpenings {
    pub occupation: usize,
    /// Baseline expansion demand as given (may be negative).
    pub expansion_demand: Fte,
    /// Replacement demand: everyone who leaves the occupation (= outflow).
    pub replacement_demand: Fte,
    /// max(0, expansion demand) + replacement demand: shrinking employment
    /// does not cancel the need to replace leavers.
    pub job_openings: Fte,
    /// Expected inflow: graduates entering + side-entry + migration.
    pub expected_inflow: Fte,
}

/// Stocks and flows of one supply run. See the module docs for timing.
#[derive(Debug, Clone)]
pub struct SupplyResult {
    pub start_year: Year,
    pub horizon: Year,
    pub n_occupations: usize,
    pub n_regions: usize,
    /// Stock per (stock year) x cell, stock years `start_year..=horizon + 1`.
    stock: Vec<f64>,
    /// Graduates per flow year x education x region.
    graduates: Vec<f64>,
    /// Weglek per flow year x education x region.
    leakage: Vec<f64>,
    /// Outflow rates actually applied (retirement, switch-out, other exit,
    /// after capping their sum at one), flow year x occupation. With the
    /// stock and the inputs they give every flow again, so the flows need
    /// not be stored (they would be six times the stock's size).
    out_rates: Vec<[f64; 3]>,
    /// The inputs the result was computed from.
    inputs: SupplyInputs,
}

impl SupplyResult {
    fn n_cells(&self) -> usize {
        self.n_occupations * NE * self.n_regions
    }

    fn n_years(&self) -> usize {
        usize::from(self.horizon - self.start_year) + 1
    }

    /// Flow years, `start_year..=horizon`.
    pub fn years(&self) -> impl Iterator<Item = Year> + Clone {
        self.start_year..=self.horizon
    }

    /// Stock years, `start_year..=horizon + 1`.
    pub fn stock_years(&self) -> impl Iterator<Item = Year> + Clone {
        self.start_year..=self.horizon.saturating_add(1)
    }

    fn flow_index(&self, year: Year) -> Option<usize> {
        (year >= self.start_year && year <= self.horizon)
            .then(|| usize::from(year - self.start_year))
    }

    fn stock_index(&self, year: Year) -> Option<usize> {
        let y = usize::from(year.checked_sub(self.start_year)?);
        (y <= self.n_years()).then_some(y)
    }

    /// Stock per cell on 1 January of `year`, `None` outside the stock years.
    pub fn stock_cells(&self, year: Year) -> Option<&[f64]> {
        let n = self.n_cells();
        let y = self.stock_index(year)?;
        self.stock.get(y * n..(y + 1) * n)
    }

    /// The inputs of this run.
    pub fn inputs(&self) -> &SupplyInputs {
        &self.inputs
    }

    /// One flow per cell in `year`, `None` outside the flow years. Inflows
    /// given as inputs are borrowed; the others are recomputed from the
    /// stock and the rates, exactly as [`run`] applied them.
    pub fn flow_cells(&self, year: Year, flow: Flow) -> Option<Cow<'_, [f64]>> {
        let n = self.n_cells();
        let y = self.flow_index(year)?;
        let (no, nr) = (self.n_occupations, self.n_regions);
        let inp = &self.inputs;
        let stock = self.stock.get(y * n..(y + 1) * n)?;
        let outflow = |k: usize| -> Cow<'_, [f64]> {
            let rates = &self.out_rates[y * no..(y + 1) * no];
            Cow::Owned(
                stock
                    .iter()
                    .enumerate()
                    .map(|(c, s)| s * rates[c / (NE * nr)][k])
                    .collect(),
            )
        };
        Some(match flow {
            Flow::SideEntry => Cow::Borrowed(inp.side_entry.get(y * n..(y + 1) * n)?),
            Flow::Migration => Cow::Borrowed(inp.migration.get(y * n..(y + 1) * n)?),
            Flow::Retirement => outflow(0),
            Flow::SwitchOut => outflow(1),
            Flow::OtherExit => outflow(2),
            Flow::GraduateInflow => {
                let er = NE * nr;
                let grads = self.graduates.get(y * er..(y + 1) * er)?;
                Cow::Owned(
                    (0..n)
                        .map(|c| {
                            let (o, e, r) = (c / er, (c / nr) % NE, c % nr);
                            grads[e * nr + r]
                                * inp.entry_share[(y * NE + e) * no + o]
                                * inp.fte_per_person[o]
                        })
                        .collect(),
                )
            }
        })
    }

    /// Sums cells by occupation, education and region, counting only the
    /// occupations in `members` (all when `None`; unknown indices are ignored).
    fn breakdown(&self, cells: &[f64], members: Option<&[usize]>) -> Breakdown {
        let (no, nr) = (self.n_occupations, self.n_regions);
        let mut by_o = vec![0.0; no];
        let mut by_e = vec![0.0; NE];
        let mut by_r = vec![0.0; nr];
        let mut include = vec![members.is_none(); no];
        for &o in members.unwrap_or(&[]) {
            if let Some(slot) = include.get_mut(o) {
                *slot = true;
            }
        }
        for (c, v) in cells.iter().enumerate() {
            let (o, e, r) = (c / (NE * nr), (c / nr) % NE, c % nr);
            if include[o] {
                by_o[o] += v;
                by_e[e] += v;
                by_r[r] += v;
            }
        }
        let fte = |v: Vec<f64>| v.into_iter().map(Fte).collect::<Vec<_>>();
        Breakdown {
            total: Fte(by_o.iter().sum()),
            by_occupation: fte(by_o),
            by_education: fte(by_e),
            by_region: fte(by_r),
        }
    }

    /// The stock on 1 January of `year` by occupation, education and region,
    /// for the occupations in `members` (all when `None`).
    pub fn stock(&self, year: Year, members: Option<&[usize]>) -> Option<Breakdown> {
        Some(self.breakdown(self.stock_cells(year)?, members))
    }

    /// One flow in `year` by occupation, education and region.
    pub fn flow(&self, year: Year, flow: Flow, members: Option<&[usize]>) -> Option<Breakdown> {
        Some(self.breakdown(&self.flow_cells(year, flow)?, members))
    }

    /// National totals of every flow in `year`.
    pub fn flows(&self, year: Year) -> Option<Flows> {
        let total = |f: Flow| self.flow_cells(year, f).map(|c| Fte(c.iter().sum()));
        Some(Flows {
            graduate_inflow: total(Flow::GraduateInflow)?,
            side_entry: total(Flow::SideEntry)?,
            migration: total(Flow::Migration)?,
            retirement: total(Flow::Retirement)?,
            switch_out: total(Flow::SwitchOut)?,
            other_exit: total(Flow::OtherExit)?,
        })
    }

    /// The education pipeline in `year`, per education cell.
    pub fn pipeline(&self, year: Year) -> Option<Pipeline> {
        let y = self.flow_index(year)?;
        let nr = self.n_regions;
        let per_edu = |data: &[f64]| -> Option<Vec<Persons>> {
            let block = data.get(y * NE * nr..(y + 1) * NE * nr)?;
            Some(if nr == 0 {
                vec![Persons::ZERO; NE]
            } else {
                block.chunks(nr).map(|c| Persons(c.iter().sum())).collect()
            })
        };
        let graduates = per_edu(&self.graduates)?;
        let leakage = per_edu(&self.leakage)?;
        let entering = graduates
            .iter()
            .zip(&leakage)
            .map(|(g, l)| Persons(g.value() - l.value()))
            .collect();
        Some(Pipeline {
            graduates,
            entering,
            leakage,
        })
    }

    /// ROA-style job openings and expected inflow per occupation in `year`.
    pub fn job_openings(&self, year: Year) -> Option<Vec<JobOpenings>> {
        let y = self.flow_index(year)?;
        let no = self.n_occupations;
        let sum_of = |flows: &[Flow]| -> Option<Vec<Fte>> {
            let mut out = vec![Fte::ZERO; no];
            for &f in flows {
                for (slot, v) in out.iter_mut().zip(self.flow(year, f, None)?.by_occupation) {
                    *slot += v;
                }
            }
            Some(out)
        };
        let outflow = sum_of(&[Flow::Retirement, Flow::SwitchOut, Flow::OtherExit])?;
        let inflow = sum_of(&[Flow::GraduateInflow, Flow::SideEntry, Flow::Migration])?;
        let expansion = self.inputs.expansion_demand.get(y * no..(y + 1) * no)?;
        Some(
            (0..no)
                .map(|o| JobOpenings {
                    occupation: o,
                    expansion_demand: Fte(expansion[o]),
                    replacement_demand: outflow[o],
                    job_openings: Fte(expansion[o].max(0.0)) + outflow[o],
                    expected_inflow: inflow[o],
                })
                .collect(),
        )
    }

    /// Residual of `stock(t+1) = stock(t) + inflow - outflow` in every cell
    /// and flow year, with the scale it should be judged against.
    fn residuals(&self) -> Vec<(f64, f64)> {
        let n = self.n_cells();
        let mut out = Vec::with_capacity(self.n_years() * n);
        for (y, t) in self.years().enumerate() {
            let flows: Vec<Cow<'_, [f64]>> = Flow::ALL
                .iter()
                .filter_map(|f| self.flow_cells(t, *f))
                .collect();
            for c in 0..n {
                let i = y * n + c;
                let (before, after) = (self.stock[i], self.stock[i + n]);
                let (mut inflow, mut outflow) = (0.0, 0.0);
                for (f, cells) in Flow::ALL.iter().zip(&flows) {
                    if f.is_inflow() {
                        inflow += cells[c];
                    } else {
                        outflow += cells[c];
                    }
                }
                let scale = before.abs().max(after.abs()).max(inflow).max(outflow);
                out.push(((after - (before + inflow - outflow)).abs(), scale));
            }
        }
        out
    }

    /// The largest absolute violation, in fte, of
    /// `stock(t+1) = stock(t) + inflow - outflow` over all cells and years.
    /// Only rounding should show here.
    pub fn check_balance(&self) -> f64 {
        self.residuals()
            .into_iter()
            .map(|(d, _)| d)
            .fold(0.0, f64::max)
    }

    /// As [`check_balance`](Self::check_balance), but each cell's violation
    /// relative to its largest stock or flow (at least 1 fte), so that large
    /// and small cells are judged alike.
    pub fn check_balance_relative(&self) -> f64 {
        self.residuals()
            .into_iter()
            .map(|(d, s)| d / s.max(1.0))
            .fold(0.0, f64::max)
    }
}

/// Runs the stock-flow model. Refuses inputs that fail [`SupplyInputs::check`].
pub fn run(inputs: &SupplyInputs) -> Result<SupplyResult, SupplyError> {
    run_owned(inputs.clone())
}

/// As [`run`], keeping the inputs in the result without copying them.
pub fn run_owned(inputs: SupplyInputs) -> Result<SupplyResult, SupplyError> {
    let errs = inputs.check();
    if !errs.is_empty() {
        return Err(SupplyError::Invalid(errs));
    }
    Ok(compute(inputs))
}

/// As [`run_owned`], checking only the shape ([`SupplyInputs::check_shape`]),
/// not every value: for the Monte Carlo, whose inputs per draw are built by
/// the same code from validated data and parameters within validated
/// ranges, and whose central inputs were checked in full. Values out of
/// range give meaningless numbers, never a panic.
pub fn run_shape_checked(inputs: SupplyInputs) -> Result<SupplyResult, SupplyError> {
    let errs = inputs.check_shape();
    if !errs.is_empty() {
        return Err(SupplyError::Invalid(errs));
    }
    Ok(compute(inputs))
}

fn compute(inputs: SupplyInputs) -> SupplyResult {
    let (ny, no, nr) = (inputs.n_years(), inputs.n_occupations, inputs.n_regions);
    let cells = no * NE * nr;
    let er = NE * nr;
    let mut stock = vec![0.0; (ny + 1) * cells];
    let mut out_rates = Vec::with_capacity(ny * no);
    let mut graduates = vec![0.0; ny * er];
    let mut leakage = vec![0.0; ny * er];
    stock_flow(
        &inputs,
        &RunPlan::every_cell(no),
        &mut stock,
        &mut graduates,
        Some(&mut leakage),
        |rates| out_rates.push(rates),
    );
    SupplyResult {
        start_year: inputs.start_year,
        horizon: inputs.horizon,
        n_occupations: no,
        n_regions: nr,
        stock,
        graduates,
        leakage,
        out_rates,
        inputs,
    }
}

/// How [`stocks_masked`] runs the cells of one (occupation, education) pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Run {
    /// Not at all: the cells keep what the stock buffer held.
    Skip,
    /// Every region.
    Regions,
    /// One value, the pair's total over the regions, in the first region
    /// (the others are left as they were). Exact when only the first region
    /// holds the pair's base stock, side-entrants and migrants: national
    /// inputs, or the split form of [`crate::split`] (the graduates of
    /// every part then enter the first).
    Total,
    /// Summed with the occupation's other `Group` pairs: one value, their
    /// total over the pairs and the regions, held in the first region of
    /// the occupation's first `Group` pair (its education index is the
    /// lowest); the others are left as they were. Exact under the
    /// conditions of `Total`: every cell of an occupation leaves at the
    /// same rates, so a sum of its cells runs like one cell. For figures
    /// that read only the sum.
    Group,
}

/// How [`stocks_masked`] runs each occupation's cells, as bit sets over
/// its education cells (bit e for cell e), made once per mask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RunPlan {
    /// Per occupation: the cells run in every region ([`Run::Regions`]).
    regions: Vec<u32>,
    /// Per occupation: the cells run as one total ([`Run::Total`]).
    totals: Vec<u32>,
    /// Per occupation: the cells run as one sum ([`Run::Group`]).
    groups: Vec<u32>,
}

impl RunPlan {
    /// The plan of `runs`, one per (occupation, education) pair (`o * 18 + e`).
    pub(crate) fn new(runs: &[Run]) -> RunPlan {
        let bits = |how: Run| -> Vec<u32> {
            runs.chunks_exact(NE)
                .map(|pairs| {
                    (0..NE)
                        .filter(|&e| pairs[e] == how)
                        .fold(0, |bits, e| bits | (1 << e))
                })
                .collect()
        };
        RunPlan {
            regions: bits(Run::Regions),
            totals: bits(Run::Total),
            groups: bits(Run::Group),
        }
    }

    /// Whether occupation `o` has cells to run.
    fn runs(&self, o: usize) -> bool {
        self.regions[o] | self.totals[o] | self.groups[o] != 0
    }

    /// Every cell of `no` occupations in every region: a full run.
    fn every_cell(no: usize) -> RunPlan {
        RunPlan::new(&vec![Run::Regions; no * NE])
    }
}

/// The stocks of [`run`] for the (occupation, education) pairs (`o * 18 +
/// e`) that `plan` says to run: per stock year x cell as
/// [`SupplyResult::stock_cells`], into `stock`, which is resized. Every
/// cell evolves on its own (the rates are per occupation, the inflows per
/// cell), so the cells run are exactly those of a full run. For the Monte
/// Carlo and the explorer, which read few cells; `inputs` must have passed
/// [`SupplyInputs::check_shape`].
pub(crate) fn stocks_masked(
    inputs: &SupplyInputs,
    plan: &RunPlan,
    stock: &mut Vec<f64>,
    graduates: &mut Vec<f64>,
) {
    let (ny, no, nr) = (inputs.n_years(), inputs.n_occupations, inputs.n_regions);
    let cells = no * NE * nr;
    stock.resize((ny + 1) * cells, 0.0);
    graduates.resize(ny * NE * nr, 0.0);
    stock_flow(inputs, plan, stock, graduates, None, |_| {});
}

/// The stock-flow recursion shared by [`compute`] and [`stocks_masked`]:
/// fills `stock` (stock year x cell; year 0 is the base stock) and
/// `graduates` (flow year x education x region), and `leakage` when given,
/// for the cells of `plan`; hands each (flow year, occupation run)'s
/// applied outflow rates to `rates`.
fn stock_flow(
    inputs: &SupplyInputs,
    plan: &RunPlan,
    stock: &mut [f64],
    graduates: &mut [f64],
    mut leakage: Option<&mut [f64]>,
    mut rates: impl FnMut([f64; 3]),
) {
    let (ny, no, nr) = (inputs.n_years(), inputs.n_occupations, inputs.n_regions);
    let cells = no * NE * nr;
    let er = NE * nr;
    let (runs, totals, groups) = (&plan.regions, &plan.totals, &plan.groups);
    // Year 0 is the base stock, of the occupations run (the others are
    // never read); a group's sum in its first cell.
    for o in (0..no).filter(|&o| plan.runs(o)) {
        let block = o * er..(o + 1) * er;
        stock[block.clone()].copy_from_slice(&inputs.base_stock[block.clone()]);
        if groups[o] != 0 {
            let base = &inputs.base_stock[block.clone()];
            let first = groups[o].trailing_zeros() as usize;
            stock[block.start + first * nr] = each_bit(groups[o]).map(|e| base[e * nr]).sum();
        }
    }
    // Per flow year: the graduates of each education over the regions.
    let mut graduates_total = [0.0; NE];

    for y in 0..ny {
        let t = i64::from(inputs.start_year) + y as i64;

        // Graduates of year t enrolled programme_years earlier; check()
        // guarantees that year is covered, the `get` only keeps this total.
        for e in 0..NE {
            let enrolled_in = t - i64::from(inputs.programme_years[e]);
            let k = usize::try_from(enrolled_in - i64::from(inputs.enrolment_first_year)).ok();
            let keep = 1.0 - inputs.dropout[e];
            for r in 0..nr {
                let enrolment = k
                    .and_then(|k| inputs.enrolment.get((k * NE + e) * nr + r))
                    .copied()
                    .unwrap_or(0.0);
                graduates[y * er + e * nr + r] = enrolment * keep;
            }
            if let Some(leakage) = leakage.as_deref_mut() {
                let shares = &inputs.entry_share[(y * NE + e) * no..(y * NE + e + 1) * no];
                let entering: f64 = shares.iter().sum();
                for r in 0..nr {
                    let g = graduates[y * er + e * nr + r];
                    // Shares may sum to 1 + tolerance; leakage is never negative.
                    leakage[y * er + e * nr + r] = (g * (1.0 - entering.min(1.0))).max(0.0);
                }
            }
        }

        for (e, total) in graduates_total.iter_mut().enumerate() {
            *total = graduates[y * er + e * nr..y * er + (e + 1) * nr]
                .iter()
                .sum();
        }
        let sw_w = inputs.switch_out_women[y];
        let sw_m = inputs.switch_out_men[y];
        let (done, next) = stock.split_at_mut((y + 1) * cells);
        let now = &done[y * cells..];
        let next = &mut next[..cells];
        let side = &inputs.side_entry[y * cells..(y + 1) * cells];
        let migration = &inputs.migration[y * cells..(y + 1) * cells];
        let grads = &graduates[y * er..(y + 1) * er];
        let entry = &inputs.entry_share[y * NE * no..(y + 1) * NE * no];
        for o in 0..no {
            if !plan.runs(o) {
                continue;
            }
            let yo = y * no + o;
            let switch = if inputs.technical[o] {
                let w = inputs.women_share[yo];
                w * sw_w + (1.0 - w) * sw_m
            } else {
                0.0
            };
            let (retire, other) = (inputs.retirement_rate[yo], inputs.other_exit_rate[yo]);
            // Rates that together exceed one would take more people than there
            // are: scale them down proportionally so the stock leaves at most once.
            let sum = retire + other + switch;
            let k = if sum > 1.0 { 1.0 / sum } else { 1.0 };
            let (retire, other, switch) = (retire * k, other * k, switch * k);
            rates([retire, switch, other]);
            let fte = inputs.fte_per_person[o];
            // The cells of occupation o: (e, r) at e * R + r, as in `grads`.
            let block = o * er..(o + 1) * er;
            let (now_o, next_o) = (&now[block.clone()], &mut next[block.clone()]);
            let (side_o, migration_o) = (&side[block.clone()], &migration[block]);
            let cells = OccupationYear {
                now: now_o,
                next: next_o,
                grads,
                graduates_total: &graduates_total,
                side: side_o,
                migration: migration_o,
                entry,
                o,
                no,
                stays: 1.0 - (retire + switch + other),
                fte,
            };
            // Two regions are the split form of the Monte Carlo and the
            // explorer, one the national view: fixed sizes let the compiler
            // drop the loops and bounds checks of the few values per cell.
            let bits = [runs[o], totals[o], groups[o]];
            match nr {
                1 => cells.step::<1>(bits),
                2 => cells.step::<2>(bits),
                _ => cells.step_any(bits, nr),
            }
        }
    }
}

/// One flow year of one occupation's cells in [`stock_flow`]: its blocks
/// (education x region) of the stock now and next year, of side-entrants
/// and migrants, the year's graduates (education x region) and entry
/// shares (education x occupation), and its outflow rates.
struct OccupationYear<'a> {
    now: &'a [f64],
    next: &'a mut [f64],
    grads: &'a [f64],
    /// The year's graduates per education over the regions.
    graduates_total: &'a [f64; NE],
    side: &'a [f64],
    migration: &'a [f64],
    entry: &'a [f64],
    o: usize,
    no: usize,
    /// The share of the stock that stays: one less the outflow rates
    /// (retirement, switching out, other exits), which sum to at most one.
    stays: f64,
    fte: f64,
}

impl OccupationYear<'_> {
    /// The cell's next stock: `s` less the outflows, plus the inflows.
    #[inline(always)]
    fn cell(&self, s: f64, graduates: f64, share: f64, side: f64, migration: f64) -> f64 {
        let school = graduates * share * self.fte;
        // The clamp only absorbs rounding when the rates sum to one.
        let remaining = (s * self.stays).max(0.0);
        remaining + (school + side + migration)
    }

    /// Runs education cell e (bit e of `runs`) in each of the `NR`
    /// regions, the pairs of `totals` as one value in the first region
    /// (the graduates of every region entering it) and those of `groups`
    /// as one sum ([`Run::Group`]).
    #[inline(always)]
    fn step<const NR: usize>(self, [runs, totals, groups]: [u32; 3]) {
        let at = |e: usize| e * NR..(e + 1) * NR;
        for e in each_bit(runs) {
            let share = self.entry[e * self.no + self.o];
            let (Ok(now), Ok(grads), Ok(side), Ok(migration)) = (
                <&[f64; NR]>::try_from(&self.now[at(e)]),
                <&[f64; NR]>::try_from(&self.grads[at(e)]),
                <&[f64; NR]>::try_from(&self.side[at(e)]),
                <&[f64; NR]>::try_from(&self.migration[at(e)]),
            ) else {
                continue;
            };
            let next: [f64; NR] =
                std::array::from_fn(|r| self.cell(now[r], grads[r], share, side[r], migration[r]));
            self.next[at(e)].copy_from_slice(&next);
        }
        self.totals(totals, groups, NR);
    }

    /// Runs the pairs of `totals` (bit e for education e) as one value in
    /// the first of `nr` regions, and those of `groups` as one sum.
    #[inline(always)]
    fn totals(self, totals: u32, groups: u32, nr: usize) {
        for e in each_bit(totals) {
            let share = self.entry[e * self.no + self.o];
            let i = e * nr;
            let (s, side, migration) = (self.now[i], self.side[i], self.migration[i]);
            let graduates = self.graduates_total[e];
            self.next[i] = self.cell(s, graduates, share, side, migration);
        }
        if groups != 0 {
            // The sum of the group's cells: their inflows summed, the stock
            // held in the first.
            let i = groups.trailing_zeros() as usize * nr;
            let (mut school, mut flows) = (0.0, 0.0);
            let mut bits = groups;
            while bits != 0 {
                let e = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                school += self.graduates_total[e] * self.entry[e * self.no + self.o];
                flows += self.side[e * nr] + self.migration[e * nr];
            }
            self.next[i] = self.cell(self.now[i], school, 1.0, flows, 0.0);
        }
    }

    /// As [`OccupationYear::step`] for any number of regions.
    fn step_any(self, [runs, totals, groups]: [u32; 3], nr: usize) {
        for e in each_bit(runs) {
            let share = self.entry[e * self.no + self.o];
            for i in e * nr..(e + 1) * nr {
                let (s, side, migration) = (self.now[i], self.side[i], self.migration[i]);
                self.next[i] = self.cell(s, self.grads[i], share, side, migration);
            }
        }
        self.totals(totals, groups, nr);
    }
}

/// The set bits of `bits`, lowest first.
#[inline(always)]
fn each_bit(mut bits: u32) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (bits != 0).then(|| {
            let e = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            e
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::{Direction, Level};
    use proptest::prelude::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9 * (1.0 + b.abs())
    }

    fn cell(inp: &SupplyInputs, o: usize, e: usize, r: usize) -> usize {
        (o * NE + e) * inp.n_regions + r
    }

    fn mbo4_techniek() -> usize {
        Education {
            level: Level::Mbo4,
            direction: Direction::Techniek,
        }
        .index()
    }

    #[test]
    fn copy_from_makes_an_equal_copy() {
        let mut a = SupplyInputs::zeros(2024, 2030, 3, 2);
        a.side_entry[5] = 2.0;
        a.dropout[1] = 0.1;
        a.technical[2] = true;
        let mut b = SupplyInputs::zeros(2020, 2021, 1, 1);
        b.copy_from(&a);
        assert_eq!(a, b);
    }

    /// 1000 fte retiring at 10% a year with nothing coming in: 1000, 900, 810, 729.
    #[test]
    fn cohort_that_only_retires() {
        let mut inp = SupplyInputs::zeros(2024, 2026, 1, 1);
        inp.base_stock[0] = 1000.0;
        inp.retirement_rate = vec![0.1; 3];
        let res = run(&inp).expect("valid");
        let totals: Vec<f64> = res
            .stock_years()
            .map(|t| res.stock(t, None).expect("stock year").total.value())
            .collect();
        assert_eq!(totals.len(), 4);
        for (got, want) in totals.iter().zip([1000.0, 900.0, 810.0, 729.0]) {
            assert!(close(*got, want), "{got} vs {want}");
        }
        let f = res.flows(2025).expect("flow year");
        assert!(close(f.retirement.value(), 90.0));
        assert!(close(f.inflow().value(), 0.0));
        assert!(res.flows(2027).is_none(), "2027 is a stock year only");
        assert!(res.check_balance() < 1e-9);
    }

    /// 100 enrolled a year from 2024 in a 3-year programme with 20% dropout:
    /// 80 graduates from 2027, half of them (40 fte) enter occupation 0, the
    /// other 40 leak away. Nothing arrives before 2027.
    #[test]
    fn pipeline_lag_and_dropout() {
        let mut inp = SupplyInputs::zeros(2024, 2030, 1, 1);
        let e = mbo4_techniek();
        inp.programme_years[e] = 3;
        inp.dropout[e] = 0.2;
        inp.enrolment_first_year = 2021;
        let n_enrol = inp.n_enrolment_years();
        inp.enrolment = vec![0.0; n_enrol * NE];
        for t in 2024..=2030u16 {
            inp.enrolment[usize::from(t - 2021) * NE + e] = 100.0;
        }
        for y in 0..inp.n_years() {
            inp.entry_share[y * NE + e] = 0.5;
        }
        let res = run(&inp).expect("valid");
        for t in 2024..=2026 {
            let f = res.flows(t).expect("flow year");
            assert_eq!(f.graduate_inflow.value(), 0.0, "{t}");
        }
        for t in 2027..=2030 {
            let f = res.flows(t).expect("flow year");
            assert!(close(f.graduate_inflow.value(), 40.0), "{t}");
            let p = res.pipeline(t).expect("flow year");
            assert!(close(p.graduates[e].value(), 80.0));
            assert!(close(p.entering[e].value(), 40.0));
            assert!(close(p.leakage[e].value(), 40.0));
        }
        let stocks: Vec<f64> = (2024..=2031)
            .map(|t| res.stock(t, None).expect("stock year").total.value())
            .collect();
        let want = [0.0, 0.0, 0.0, 0.0, 40.0, 80.0, 120.0, 160.0];
        for (got, want) in stocks.iter().zip(want) {
            assert!(close(*got, want), "{stocks:?}");
        }
        // They land in the cell of their education.
        let s = res.stock(2031, None).expect("stock year");
        assert!(close(s.by_education[e].value(), 160.0));
    }

    /// Graduates are persons; they enter as fte at the occupation's fte per
    /// person: 40 persons at 0.8 fte are 32 fte, and the pipeline still counts 40.
    #[test]
    fn graduates_enter_as_fte_per_person() {
        let mut inp = SupplyInputs::zeros(2024, 2024, 1, 1);
        let e = mbo4_techniek();
        inp.enrolment = vec![0.0; inp.n_enrolment_years() * NE];
        inp.enrolment[e] = 80.0; // enrolled 2023, graduating 2024
        inp.entry_share[e] = 0.5;
        inp.fte_per_person = vec![0.8];
        let res = run(&inp).expect("valid");
        assert!(close(
            res.flows(2024).expect("year").graduate_inflow.value(),
            32.0
        ));
        let p = res.pipeline(2024).expect("year");
        assert!(close(p.entering[e].value(), 40.0));
        assert!(close(p.leakage[e].value(), 40.0));
        inp.fte_per_person = vec![0.0];
        assert!(inp.check().iter().any(|m| m.contains("fte_per_person")));
    }

    /// Enrolment that does not reach back far enough for the first graduates
    /// is refused, not read as zero.
    #[test]
    fn pipeline_needs_enrolment_before_start() {
        let mut inp = SupplyInputs::zeros(2024, 2030, 1, 1);
        inp.programme_years[mbo4_techniek()] = 3; // needs enrolment from 2021
        let errs = inp.check();
        assert!(
            errs.iter().any(|e| e.contains("enrolment starts")),
            "{errs:?}"
        );
        assert!(matches!(run(&inp), Err(SupplyError::Invalid(_))));
    }

    /// Half women, 5.6% and 2.9% switching out: 4.25% a year leave the
    /// technical occupation; the non-technical one loses nobody that way.
    #[test]
    fn switch_out_by_gender_only_in_technical_occupations() {
        let mut inp = SupplyInputs::zeros(2024, 2025, 2, 1);
        inp.technical = vec![true, false];
        inp.women_share = vec![0.5; 4];
        inp.switch_out_women = vec![0.056; 2];
        inp.switch_out_men = vec![0.029; 2];
        let e = mbo4_techniek();
        let (c0, c1) = (cell(&inp, 0, e, 0), cell(&inp, 1, e, 0));
        inp.base_stock[c0] = 1000.0;
        inp.base_stock[c1] = 1000.0;
        let res = run(&inp).expect("valid");
        let sw = res
            .flow(2024, Flow::SwitchOut, None)
            .expect("flow year")
            .by_occupation;
        assert!(close(sw[0].value(), 42.5), "{sw:?}");
        assert_eq!(sw[1].value(), 0.0);
        let s = res.stock(2025, None).expect("stock year").by_occupation;
        assert!(close(s[0].value(), 957.5));
        assert!(close(s[1].value(), 1000.0));
        // Year two applies the rate to the smaller stock.
        let s = res.stock(2026, None).expect("stock year").by_occupation;
        assert!(close(s[0].value(), 957.5 * (1.0 - 0.0425)));
        // Counting only the technical occupation.
        let tech = res.stock(2025, Some(&[0])).expect("stock year");
        assert!(close(tech.total.value(), 957.5));
    }

    /// Rates summing past one take the whole stock once, never more; openings
    /// ignore negative expansion but still count replacement.
    #[test]
    fn outflow_capped_and_job_openings_identity() {
        let mut inp = SupplyInputs::zeros(2024, 2024, 2, 1);
        inp.retirement_rate = vec![0.7, 0.1];
        inp.other_exit_rate = vec![0.6, 0.0];
        inp.expansion_demand = vec![-50.0, 30.0];
        let e = mbo4_techniek();
        let (c0, c1) = (cell(&inp, 0, e, 0), cell(&inp, 1, e, 0));
        inp.base_stock[c0] = 100.0;
        inp.base_stock[c1] = 200.0;
        inp.side_entry[c1] = 5.0;
        let res = run(&inp).expect("valid");
        let s = res.stock(2025, None).expect("stock year").by_occupation;
        assert_eq!(s[0].value(), 0.0);
        assert!(close(s[1].value(), 185.0));
        let f = res.flows(2024).expect("flow year");
        assert!(close(f.outflow().value(), 100.0 + 20.0));
        assert!(close(f.retirement.value(), 100.0 * 0.7 / 1.3 + 20.0));
        let jo = res.job_openings(2024).expect("flow year");
        assert!(close(jo[0].replacement_demand.value(), 100.0));
        assert!(close(jo[0].job_openings.value(), 100.0));
        assert!(close(jo[1].job_openings.value(), 30.0 + 20.0));
        assert!(close(jo[1].expected_inflow.value(), 5.0));
        assert!(res.check_balance() < 1e-9);
    }

    #[test]
    fn check_lists_every_violation() {
        let mut inp = SupplyInputs::zeros(2024, 2025, 2, 1);
        inp.retirement_rate[1] = 1.5;
        inp.other_exit_rate[0] = f64::NAN;
        inp.base_stock[3] = -1.0;
        inp.entry_share[0] = 0.7;
        inp.entry_share[1] = 0.5;
        let errs = inp.check();
        assert_eq!(errs.len(), 4, "{errs:?}");
        assert!(matches!(run(&inp), Err(SupplyError::Invalid(v)) if v.len() == 4));

        let mut inp = SupplyInputs::zeros(2024, 2025, 2, 1);
        inp.side_entry.pop();
        inp.technical.push(true);
        assert_eq!(inp.check().len(), 2, "{:?}", inp.check());

        let inp = SupplyInputs::zeros(2024, 2023, 1, 1);
        assert!(!inp.check().is_empty());
        assert!(run(&inp).is_err());
    }

    #[test]
    fn years_outside_the_run_give_none() {
        let res = run(&SupplyInputs::zeros(2024, 2025, 1, 2)).expect("valid");
        assert!(res.stock(2023, None).is_none());
        assert!(res.stock(2026, None).is_some());
        assert!(res.stock(2027, None).is_none());
        assert!(res.flows(2026).is_none());
        assert!(res.pipeline(2023).is_none());
        assert!(res.job_openings(2026).is_none());
    }

    /// Random but valid inputs: up to 3 occupations, 2 regions, 5 years.
    fn inputs() -> impl Strategy<Value = SupplyInputs> {
        (1usize..4, 1usize..3, 2024u16..2029, 1u16..4).prop_flat_map(|(no, nr, horizon, max_p)| {
            let ny = usize::from(horizon - 2024) + 1;
            let cells = no * NE * nr;
            let n_enrol = usize::from(horizon - (2024 - max_p)) + 1;
            (
                prop::collection::vec(0.0f64..1e5, cells),
                prop::collection::vec(0.0f64..=1.0, ny * no * 3),
                prop::collection::vec(any::<bool>(), no),
                prop::collection::vec(0.0f64..=1.0, ny * 2),
                prop::collection::vec(0.0f64..1e3, n_enrol * NE * nr),
                prop::collection::vec((1u16..=max_p, 0.0f64..=1.0), NE),
                prop::collection::vec(0.0f64..=1.0, ny * NE * no),
                prop::collection::vec(0.0f64..50.0, ny * cells * 2),
                prop::collection::vec(-1e3f64..1e3, ny * no),
            )
                .prop_map(
                    move |(stock, rates, technical, sw, enrol, prog, share, side, exp)| {
                        let mut inp = SupplyInputs::zeros(2024, horizon, no, nr);
                        let yo = ny * no;
                        inp.base_stock = stock;
                        inp.retirement_rate = rates[..yo].to_vec();
                        inp.other_exit_rate = rates[yo..2 * yo].to_vec();
                        inp.women_share = rates[2 * yo..].to_vec();
                        inp.technical = technical;
                        inp.switch_out_women = sw[..ny].to_vec();
                        inp.switch_out_men = sw[ny..].to_vec();
                        inp.enrolment_first_year = 2024 - max_p;
                        inp.enrolment = enrol;
                        for (e, (p, d)) in prog.into_iter().enumerate() {
                            inp.programme_years[e] = p;
                            inp.dropout[e] = d;
                        }
                        // Scale each education's shares to sum to at most one.
                        inp.entry_share = share;
                        for row in inp.entry_share.chunks_mut(no) {
                            let sum: f64 = row.iter().sum();
                            if sum > 1.0 {
                                row.iter_mut().for_each(|x| *x /= sum);
                            }
                        }
                        inp.side_entry = side[..ny * cells].to_vec();
                        inp.migration = side[ny * cells..].to_vec();
                        inp.expansion_demand = exp;
                        inp
                    },
                )
        })
    }

    proptest! {
        #[test]
        fn stocks_nonnegative_and_balanced(inp in inputs()) {
            prop_assert!(inp.check().is_empty(), "{:?}", inp.check());
            let res = run(&inp).expect("valid");
            for t in res.stock_years() {
                let cells = res.stock_cells(t).expect("stock year");
                prop_assert!(cells.iter().all(|x| x.is_finite() && *x >= 0.0));
            }
            prop_assert!(res.check_balance_relative() < 1e-9);
            for t in res.years() {
                let f = res.flows(t).expect("flow year");
                let (before, after) = (
                    res.stock(t, None).expect("stock").total.value(),
                    res.stock(t + 1, None).expect("stock").total.value(),
                );
                prop_assert!(f.outflow().value() <= before * (1.0 + 1e-12));
                let net = before + f.inflow().value() - f.outflow().value();
                prop_assert!((after - net).abs() < 1e-9 * (1.0 + after));
                for jo in res.job_openings(t).expect("flow year") {
                    prop_assert!(jo.job_openings.value() >= jo.replacement_demand.value());
                    prop_assert!(jo.job_openings.value() >= jo.expansion_demand.value() - 1e-9);
                }
                let p = res.pipeline(t).expect("flow year");
                for e in 0..NE {
                    let (g, en, lk) = (p.graduates[e].value(), p.entering[e].value(), p.leakage[e].value());
                    prop_assert!((g - en - lk).abs() < 1e-9 * (1.0 + g));
                }
            }
        }

        #[test]
        fn breakdowns_sum_to_totals(inp in inputs(), members in prop::collection::vec(0usize..4, 0..3)) {
            let res = run(&inp).expect("valid");
            let agree = |b: &Breakdown| {
                let tot = b.total.value();
                [&b.by_occupation, &b.by_education, &b.by_region].iter().all(|v| {
                    let s: f64 = v.iter().map(|x| x.value()).sum();
                    (s - tot).abs() < 1e-9 * (1.0 + tot)
                })
            };
            for t in res.years() {
                let b = res.stock(t, None).expect("stock year");
                prop_assert!(agree(&b));
                let cells: f64 = res.stock_cells(t).expect("stock year").iter().sum();
                prop_assert!((cells - b.total.value()).abs() < 1e-9 * (1.0 + cells));
                prop_assert!(agree(&res.stock(t, Some(&members)).expect("stock year")));
                let f = res.flows(t).expect("flow year");
                let from_flows: f64 = Flow::ALL
                    .iter()
                    .map(|k| {
                        let b = res.flow(t, *k, None).expect("flow year");
                        prop_assert!(agree(&b));
                        Ok(b.total.value())
                    })
                    .sum::<Result<f64, TestCaseError>>()?;
                let direct = f.inflow().value() + f.outflow().value();
                prop_assert!((from_flows - direct).abs() < 1e-9 * (1.0 + direct));
            }
        }

        #[test]
        fn no_flows_leave_the_stock_unchanged(
            stock in prop::collection::vec(0.0f64..1e6, 2 * NE * 3),
            horizon in 2024u16..2035,
        ) {
            let mut inp = SupplyInputs::zeros(2024, horizon, 2, 3);
            inp.base_stock = stock.clone();
            // Switch rates without technical occupations, and entry shares
            // without graduates, must change nothing either.
            inp.switch_out_women.iter_mut().for_each(|x| *x = 0.056);
            inp.switch_out_men.iter_mut().for_each(|x| *x = 0.029);
            inp.entry_share.iter_mut().for_each(|x| *x = 0.5);
            let res = run(&inp).expect("valid");
            for t in res.stock_years() {
                prop_assert_eq!(res.stock_cells(t).expect("stock year"), stock.as_slice());
            }
        }
    }
}
