//! Equals [`crate::reference::demand::run`] (central) followed by
//! `crate::reference::gap::climate_by_year` on a national dataset, at any
//! values a Monte Carlo draw gives its ranges. Checked by [`DemandBasis::new`]
//! against full runs with every range at its central value, at its low end
//! and at its high end, and draw by draw by the path tester (`crates/model/tests/paths.rs`). Falls back
//! to `full_climate`, a full run of the demand chain per draw, when that
//! check fails (the engine then has no basis).
//!
//! **Climate demand is linear** in each labour intensity, each cost per unit
//! and each fossil loss, given the scalar parameters; the base year's
//! climate work, which the default framing subtracts, is linear in each
//! product of an intensity (or cost) and the measure's base-year activity,
//! so it has a term per such pair; and the scalar
//! parameters (hours per fte, the IO currency, the price index, productivity
//! growth) enter as factors per term and year. So demand is computed once per
//! *term* with its coefficient at 1, and a draw's national climate demand per
//! gap year and occupation is a weighted sum of those terms: a few thousand
//! multiplications instead of a run of the input-output chain. A clamp that
//! binds (a job loss capped at its sector's jobs) is part of the term's
//! coefficient, so the sum stays exact.

use rayon::prelude::*;

use crate::error::GapError;
use crate::inputs::bracket::{Range3, Variant};
use crate::inputs::dataset::Dataset;
use crate::inputs::dataset::Path;
use crate::inputs::scenario::Scenario;
use crate::inputs::slots::{set, slots};
use crate::inputs::units::Year;
use crate::reference::demand::run as demand_run;
use crate::reference::demand::Prepared;
use crate::reference::gap::{
    base_work_by_year, climate_by_year, gap_years, ClimatePart, Framing, GapOptions,
};

/// What a term's coefficient is, read from a draw's dataset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Coef {
    /// Labour intensity of activity `a` of bottom-up measure `m`; per hour
    /// when the intensity is in hours (then divided by hours per fte).
    Intensity { m: usize, a: usize, per_hour: bool },
    /// Cost per unit of spending measure `m`.
    Cost { m: usize },
    /// The scenario's direct investments (euros, no range of their own).
    Investments,
    /// The base year's climate work of activity `a` of bottom-up measure
    /// `m`: its weight is the intensity times the measure's base-year
    /// activity.
    BaseIntensity { m: usize, a: usize, per_hour: bool },
    /// The base year's climate work of spending measure `m`: cost per unit
    /// times base-year activity.
    BaseCost { m: usize },
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
pub(crate) struct Term {
    coef: Coef,
    /// Reference year of the term's productivity (the activity's, or the IO
    /// year for spending); `None` when productivity does not apply.
    ref_year: Option<Year>,
    /// National climate demand per gap year x occupation at coefficient 1,
    /// reference scalars and zero productivity growth.
    values: Vec<f64>,
    /// The same per gap year x province, summed over the technician
    /// occupations (empty without provinces: [`DemandBasis::with_provinces`]).
    provinces: Vec<f64>,
}

/// The scalar parameters the basis was computed at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Refs {
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
    /// Provinces of [`Term::provinces`] (0 without).
    n_provinces: usize,
    /// Which part of climate demand the framing puts on top of the baseline.
    part: ClimatePart,
    refs: Refs,
    terms: Vec<Term>,
}

/// Climate demand per gap year x occupation from a full run of the chain.
pub(crate) fn full_climate(
    prepared: &Prepared<'_>,
    ds: &Dataset,
    scenario: &Scenario,
    options: GapOptions,
    years: &[Year],
) -> Result<Vec<f64>, GapError> {
    let prep = prepared.rebind(ds).ok_or(GapError::DrawChangedTable)?;
    let demand = demand_run(&prep, scenario, Variant::Central);
    let cells = ds.n_regions() * ds.n_occupations();
    Ok(climate_by_year(&demand, years, options, cells))
}

/// As [`full_climate`], and the climate demand in `year`, all of it,
/// summed over the occupations `members` (what the targets need: see
/// [`DemandBasis::need`]).
pub(crate) fn full_climate_and_need(
    prepared: &Prepared<'_>,
    ds: &Dataset,
    scenario: &Scenario,
    options: GapOptions,
    years: &[Year],
    (year, members): (Year, &[usize]),
) -> Result<(Vec<f64>, f64), GapError> {
    let prep = prepared.rebind(ds).ok_or(GapError::DrawChangedTable)?;
    let demand = demand_run(&prep, scenario, Variant::Central);
    let cells = ds.n_regions() * ds.n_occupations();
    let need = demand
        .by_region(year, options.basis, Some(members))
        .iter()
        .map(|f| f.value())
        .sum();
    Ok((climate_by_year(&demand, years, options, cells), need))
}

/// The base year's climate work per gap year x occupation from a full run
/// of the chain (zero unless the framing subtracts it).
pub(crate) fn full_base(
    prepared: &Prepared<'_>,
    ds: &Dataset,
    scenario: &Scenario,
    options: GapOptions,
    years: &[Year],
) -> Result<Vec<f64>, GapError> {
    let prep = prepared.rebind(ds).ok_or(GapError::DrawChangedTable)?;
    let demand = demand_run(&prep, scenario, Variant::Central);
    let cells = ds.n_regions() * ds.n_occupations();
    Ok(base_work_by_year(&demand, years, options, cells))
}

/// The points a linear basis is checked at: `ds` with every range at its
/// central value, at its low end and at its high end.
pub(crate) fn check_points(ds: &Dataset) -> [Dataset; 3] {
    let all = slots(ds);
    let at = |end: fn(&Range3) -> f64| -> Dataset {
        let mut d = ds.clone();
        for s in &all {
            set(&mut d, s.at, end(&s.range));
        }
        d
    };
    [at(|r| r.central), at(|r| r.low), at(|r| r.high)]
}

/// Gap year x region x occupation -> gap year x region, each occupation
/// weighted by `weights` (zero for those not summed).
pub(crate) fn by_province(ro: &[f64], weights: &[f64]) -> Vec<f64> {
    ro.chunks_exact(weights.len().max(1))
        .map(|row| row.iter().zip(weights).map(|(v, w)| v * w).sum())
        .collect()
}

/// Rows of `width` values (gap years) as growth after the first row: the
/// first row subtracted from every row (the first becomes zero).
pub(crate) fn growth_after_first(v: &mut [f64], width: usize) {
    if v.len() < width || width == 0 {
        return;
    }
    let (first, rest) = v.split_at_mut(width);
    for row in rest.chunks_mut(width) {
        for (x, f) in row.iter_mut().zip(first.iter()) {
            *x -= f;
        }
    }
    first.iter_mut().for_each(|x| *x = 0.0);
}

/// Every linear term of climate demand for `ds` and `scenario` (see the
/// module documentation) with its climate demand (gap year x region x
/// occupation) at coefficient 1, the scalars at `refs` and no productivity
/// growth; the runs are independent: in parallel, kept in order. `None`
/// when a run fails.
pub(crate) fn term_runs(
    prepared: &Prepared<'_>,
    ds: &Dataset,
    scenario: &Scenario,
    options: GapOptions,
    years: &[Year],
    refs: Refs,
) -> Option<Vec<Term>> {
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
    for m in &mut zero.measures {
        if m.base_year_additions.is_some() {
            m.base_year_additions = Some(Range3::point(0.0));
        }
    }
    for f in &mut zero.fossil_losses {
        f.fte_lost = Range3::point(0.0);
    }
    let base_terms = options.framing.climate() == ClimatePart::AboveBaseYear;
    let mut no_investments = scenario.clone();
    no_investments.investments.clear();
    let mut jobs: Vec<(Coef, Option<Year>)> = Vec::new();
    for (m, measure) in ds.measures.iter().enumerate() {
        let has_base = base_terms && measure.base_year_additions.is_some();
        match &measure.path {
            Path::BottomUp { activities } => {
                for (a, act) in activities.iter().enumerate() {
                    let per_hour = act.unit.is_hours();
                    jobs.push((Coef::Intensity { m, a, per_hour }, Some(act.ref_year)));
                    if has_base {
                        let coef = Coef::BaseIntensity { m, a, per_hour };
                        jobs.push((coef, Some(act.ref_year)));
                    }
                }
            }
            Path::Spending { .. } => {
                jobs.push((Coef::Cost { m }, Some(ds.io_year)));
                if has_base {
                    jobs.push((Coef::BaseCost { m }, Some(ds.io_year)));
                }
            }
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
    // A term's run needs only the scenario's entry its coefficient scales:
    // every other measure (and the investments, and the fossil losses) is
    // at zero and adds nothing, so leaving it out gives the same values and
    // spares the demand chain the measures' loop.
    let only = |m: Option<usize>, investments: bool| -> Scenario {
        let mut sc = if investments {
            scenario.clone()
        } else {
            no_investments.clone()
        };
        sc.measures.retain(|sm| Some(sm.measure) == m);
        sc
    };
    let run_term = |coef: &Coef| -> Option<Vec<f64>> {
        let mut d = zero.clone();
        let sc = &match *coef {
            Coef::Intensity { m, .. }
            | Coef::BaseIntensity { m, .. }
            | Coef::Cost { m }
            | Coef::BaseCost { m } => only(Some(m), false),
            Coef::Investments => only(None, true),
            Coef::Fossil { .. } => only(None, false),
        };
        let mut base = false;
        match *coef {
            Coef::Intensity { m, a, .. } | Coef::BaseIntensity { m, a, .. } => {
                if let Path::BottomUp { activities } = &mut d.measures[m].path {
                    activities[a].intensity = Range3::point(1.0);
                }
            }
            Coef::Cost { m } | Coef::BaseCost { m } => {
                if let Path::Spending { cost_per_unit, .. } = &mut d.measures[m].path {
                    *cost_per_unit = Range3::point(1.0);
                }
            }
            Coef::Investments => {}
            Coef::Fossil { i, .. } => d.fossil_losses[i].fte_lost = Range3::point(1.0),
        }
        if let Coef::BaseIntensity { m, .. } | Coef::BaseCost { m } = *coef {
            d.measures[m].base_year_additions = Some(Range3::point(1.0));
            base = true;
        }
        if base {
            // The base year's work alone (positive; subtracted in `climate_into`).
            full_base(prepared, &d, sc, options, years).ok()
        } else {
            let options = GapOptions {
                framing: Framing::AllOnTop,
                ..options
            };
            full_climate(prepared, &d, sc, options, years).ok()
        }
    };
    let runs: Vec<Option<Vec<f64>>> = jobs.par_iter().map(|(coef, _)| run_term(coef)).collect();
    jobs.into_iter()
        .zip(runs)
        .map(|((coef, ref_year), values)| {
            Some(Term {
                coef,
                ref_year,
                values: values?,
                provinces: Vec::new(),
            })
        })
        .collect()
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
        let terms = term_runs(prepared, ds, scenario, options, &years, refs)?
            .into_iter()
            .filter(|term| term.values.iter().any(|v| *v != 0.0))
            .collect();
        let basis = DemandBasis {
            n_occupations: ds.n_occupations(),
            n_provinces: 0,
            part: options.framing.climate(),
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
        let points = check_points(ds);
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
        self.climate_into(ds, out, None);
    }

    /// As [`DemandBasis::climate`], and the technicians' climate demand per
    /// gap year x province into `provinces` when given (left empty when the
    /// basis has no provinces).
    pub(crate) fn climate_into(
        &self,
        ds: &Dataset,
        out: &mut Vec<f64>,
        provinces: Option<&mut Vec<f64>>,
    ) {
        let no = self.n_occupations;
        let np = self.n_provinces;
        out.clear();
        out.resize(self.years.len() * no, 0.0);
        let mut provinces = provinces;
        if let Some(p) = provinces.as_deref_mut() {
            p.clear();
            p.resize(self.years.len() * np, 0.0);
        }
        let p = &ds.params;
        let hours = p.fte_hours_per_year.central;
        let growth = p.productivity_growth.central;
        let spending = (p.io_currency_per_eur.central / self.refs.per_eur)
            * (self.refs.hours / hours)
            * (self.refs.price / p.price_index_base_vs_io.central);
        // Productivity's factor per reference year and gap year, computed
        // once for the terms that share a reference year (the same `powf`).
        let mut decay: Vec<(Year, Vec<f64>)> = Vec::new();
        for r in self.terms.iter().filter_map(|t| t.ref_year) {
            if !decay.iter().any(|(year, _)| *year == r) {
                let per_year = self
                    .years
                    .iter()
                    .map(|&t| (1.0 + growth).powf(-(f64::from(t) - f64::from(r))))
                    .collect();
                decay.push((r, per_year));
            }
        }
        for term in &self.terms {
            let decay = term
                .ref_year
                .and_then(|r| decay.iter().find(|(year, _)| *year == r))
                .map(|(_, per_year)| &per_year[..]);
            let base = self.weight(term, ds, hours, spending);
            for y in 0..self.years.len() {
                let factor = match decay {
                    Some(per_year) => base * per_year[y],
                    None => base,
                };
                let row = &mut out[y * no..(y + 1) * no];
                let values = &term.values[y * no..(y + 1) * no];
                for (o, v) in row.iter_mut().zip(values) {
                    *o += factor * v;
                }
                if let Some(p) = provinces.as_deref_mut() {
                    let values = term.provinces.get(y * np..(y + 1) * np).unwrap_or(&[]);
                    for (x, v) in p[y * np..(y + 1) * np].iter_mut().zip(values) {
                        *x += factor * v;
                    }
                }
            }
        }
        match self.part {
            ClimatePart::GrowthAfterFirstYear => {
                growth_after_first(out, no);
                if let Some(p) = provinces {
                    growth_after_first(p, np);
                }
            }
            ClimatePart::All | ClimatePart::AboveBaseYear => {}
        }
    }

    /// A term's weight in a draw (`ds`), before productivity: its
    /// coefficient with the scalar parameters' factors. The base year's
    /// work enters with a minus sign.
    fn weight(&self, term: &Term, ds: &Dataset, hours: f64, spending: f64) -> f64 {
        let intensity = |m: usize, a: usize, per_hour: bool| -> f64 {
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
        };
        let cost = |m: usize| -> f64 {
            match ds.measures.get(m).map(|m| &m.path) {
                Some(Path::Spending { cost_per_unit, .. }) => cost_per_unit.central * spending,
                _ => 0.0,
            }
        };
        let base_units = |m: usize| -> f64 {
            ds.measures
                .get(m)
                .and_then(|m| m.base_year_additions)
                .map_or(0.0, |r| r.central)
        };
        match term.coef {
            Coef::Intensity { m, a, per_hour } => intensity(m, a, per_hour),
            Coef::Cost { m } => cost(m),
            Coef::BaseIntensity { m, a, per_hour } => -intensity(m, a, per_hour) * base_units(m),
            Coef::BaseCost { m } => -cost(m) * base_units(m),
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
        }
    }

    /// The climate demand in gap year `y` of a draw (`ds`) summed over the
    /// basis's occupations, all of it: the work the scenario's measures
    /// need (net of losses on a net basis), without subtracting the base
    /// year's work or a first year. What the targets need, beside what the
    /// framing puts on top.
    pub(crate) fn need(&self, ds: &Dataset, y: usize) -> f64 {
        let no = self.n_occupations;
        let p = &ds.params;
        let hours = p.fte_hours_per_year.central;
        let growth = p.productivity_growth.central;
        let spending = (p.io_currency_per_eur.central / self.refs.per_eur)
            * (self.refs.hours / hours)
            * (self.refs.price / p.price_index_base_vs_io.central);
        let Some(&t) = self.years.get(y) else {
            return f64::NAN;
        };
        let mut sum = 0.0;
        for term in &self.terms {
            if let Coef::BaseIntensity { .. } | Coef::BaseCost { .. } = term.coef {
                continue;
            }
            let decay = term
                .ref_year
                .map_or(1.0, |r| (1.0 + growth).powf(-(f64::from(t) - f64::from(r))));
            let w = self.weight(term, ds, hours, spending) * decay;
            sum += w * term.values[y * no..(y + 1) * no].iter().sum::<f64>();
        }
        sum
    }

    /// Per dataset measure: the part of climate demand in gap year `y` of a
    /// draw (`ds`) that the measure's scenario `scale` multiplies (the terms
    /// of its labour intensities or its cost per unit), each basis
    /// occupation weighted by `weights`; with the framing that counts growth
    /// after the first gap year, minus the same in the first. What is left
    /// (the base year's work, direct investments, fossil losses) does not
    /// depend on any measure's scale, so climate demand at factors `f` on
    /// the scales is that at the scenario's scales plus
    /// `Σ (f_m − 1) × by_measure[m]` (see [`crate::mc::live`]).
    pub(crate) fn by_measure(&self, ds: &Dataset, y: usize, weights: &[f64]) -> Vec<f64> {
        let no = self.n_occupations;
        let p = &ds.params;
        let hours = p.fte_hours_per_year.central;
        let growth = p.productivity_growth.central;
        let spending = (p.io_currency_per_eur.central / self.refs.per_eur)
            * (self.refs.hours / hours)
            * (self.refs.price / p.price_index_base_vs_io.central);
        let mut out = vec![0.0; ds.measures.len()];
        let mut at = |y: usize, sign: f64| {
            let Some(&t) = self.years.get(y) else {
                return;
            };
            for term in &self.terms {
                let m = match term.coef {
                    Coef::Intensity { m, .. } | Coef::Cost { m } => m,
                    _ => continue,
                };
                let decay = term
                    .ref_year
                    .map_or(1.0, |r| (1.0 + growth).powf(-(f64::from(t) - f64::from(r))));
                let w = self.weight(term, ds, hours, spending) * decay;
                let sum: f64 = term.values[y * no..(y + 1) * no]
                    .iter()
                    .zip(weights)
                    .map(|(v, k)| v * k)
                    .sum();
                if let Some(x) = out.get_mut(m) {
                    *x += sign * w * sum;
                }
            }
        };
        at(y, 1.0);
        if self.part == ClimatePart::GrowthAfterFirstYear && y > 0 {
            at(0, -1.0);
        }
        out
    }

    /// The basis with the technicians' climate demand per province, from
    /// the terms run on the regional dataset `ds` (whose national view the
    /// basis was built on) and checked against full regional runs at the
    /// three points of [`DemandBasis::new`]; `weights` gives each
    /// occupation's weight (1 for a technician, 0 for the others). `None`
    /// when a run fails or the check does.
    pub(crate) fn with_provinces(
        mut self,
        prepared: &Prepared<'_>,
        ds: &Dataset,
        scenario: &Scenario,
        options: GapOptions,
        weights: &[f64],
    ) -> Option<DemandBasis> {
        let runs = term_runs(prepared, ds, scenario, options, &self.years, self.refs)?;
        for term in &mut self.terms {
            let run = runs.iter().find(|run| run.coef == term.coef)?;
            term.provinces = by_province(&run.values, weights);
        }
        self.n_provinces = ds.n_regions();
        let points = check_points(ds);
        let agrees = points.par_iter().all(|d| {
            let Ok(full) = full_climate(prepared, d, scenario, options, &self.years) else {
                return false;
            };
            let full = by_province(&full, weights);
            let (mut national, mut provinces) = (Vec::new(), Vec::new());
            self.climate_into(d, &mut national, Some(&mut provinces));
            let scale = full.iter().fold(1.0f64, |m, v| m.max(v.abs()));
            full.len() == provinces.len()
                && full
                    .iter()
                    .zip(&provinces)
                    .all(|(a, b)| (a - b).abs() <= 1e-9 * scale)
        });
        agrees.then_some(self)
    }

    /// The provinces of several bases with provinces, made from one basis
    /// (the same terms) by [`DemandBasis::with_provinces`] on different
    /// regional datasets, side by side in the order given: per gap year the
    /// first basis's provinces, then the second's, and so on. `None` when
    /// `parts` is empty or the terms differ.
    pub(crate) fn join_provinces(parts: Vec<DemandBasis>) -> Option<DemandBasis> {
        let mut parts = parts.into_iter();
        let mut joined = parts.next()?;
        let ny = joined.years.len();
        for part in parts {
            let same = part.years == joined.years
                && part.terms.len() == joined.terms.len()
                && part.terms.iter().zip(&joined.terms).all(|(a, b)| {
                    a.coef == b.coef && a.ref_year == b.ref_year && a.values == b.values
                });
            if !same {
                return None;
            }
            let (n0, n1) = (joined.n_provinces, part.n_provinces);
            for (term, other) in joined.terms.iter_mut().zip(&part.terms) {
                let rows = term.provinces.chunks_exact(n0.max(1));
                let more = other.provinces.chunks_exact(n1.max(1));
                term.provinces = (0..ny)
                    .zip(rows.zip(more))
                    .flat_map(|(_, (a, b))| a.iter().chain(b).copied())
                    .collect();
            }
            joined.n_provinces = n0 + n1;
        }
        Some(joined)
    }

    /// The basis for the occupations `kept` alone (indices into the
    /// dataset's occupations, in the order given): [`DemandBasis::climate`]
    /// then gives gap year x kept occupation. For draws that read a few
    /// occupations' climate demand; the provinces stay as they were.
    pub(crate) fn keep_occupations(mut self, kept: &[usize]) -> DemandBasis {
        let no = self.n_occupations;
        for term in &mut self.terms {
            term.values = term
                .values
                .chunks_exact(no.max(1))
                .flat_map(|row| kept.iter().map(|&o| row.get(o).copied().unwrap_or(0.0)))
                .collect();
        }
        self.n_occupations = kept.len();
        self
    }

    /// Number of linear terms.
    pub fn n_terms(&self) -> usize {
        self.terms.len()
    }
}
