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

use crate::error::SupplyError;
use crate::inputs::codes::Education;
use crate::inputs::units::{Fte, Persons, Year};
use crate::kernel::stock_flow::{stock_flow, RunPlan};
use crate::kernel::supply_inputs::SupplyInputs;

const NE: usize = Education::COUNT;

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

pub(crate) fn compute(inputs: SupplyInputs) -> SupplyResult {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::codes::{Direction, Level};
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
