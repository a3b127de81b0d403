//! The demand chain: a scenario's measures become fte by year, measure,
//! province and sector (direct and indirect, gross), minus fossil job losses
//! and crowding-out for net, then occupation and education through the
//! dataset's shares.
//!
//! Everything here is arithmetic on a validated [`Dataset`] and [`Scenario`];
//! results are deterministic. A run uses one [`Variant`]: `Low` takes every
//! range at the end that gives less gross demand (and more job losses), `High`
//! the other end, so low..high brackets the central run. It is a bracket, not a
//! probability interval.

use crate::inputs::bracket::{Range3, Variant};
use crate::inputs::codes::Education;
use crate::inputs::dataset::{Dataset, IntensityUnit, Measure, Path, ProductShare};
use crate::inputs::scenario::{AfterLast, Scenario, ScenarioMeasure, Trajectory};
use crate::inputs::units::{Basis, Fte, Year};
use crate::reference::io;

/// Per-dataset work done once: the Leontief inverse and employment
/// coefficients. Reused for every scenario run on the dataset.
#[derive(Debug, Clone)]
pub struct Prepared<'d> {
    pub dataset: &'d Dataset,
    /// Leontief inverse, row-major n x n.
    pub leontief: Vec<f64>,
    /// Fte per million euros of output (IO-year prices, IO-year productivity),
    /// per variant (index = `Variant as usize`).
    emp_coef: [Vec<f64>; 3],
}

pub use crate::error::PrepareError;

/// The end of a range that gives more demand when the parameter is larger.
pub(crate) fn pick(r: &Range3, v: Variant) -> f64 {
    r.get(v)
}

/// The end of a range that gives *less* demand when the parameter is larger
/// (hours per fte, price index, job losses for the net figure).
pub(crate) fn pick_inverse(r: &Range3, v: Variant) -> f64 {
    match v {
        Variant::Low => r.high,
        Variant::Central => r.central,
        Variant::High => r.low,
    }
}

/// Fte per M EUR of output per sector: (hours / hours-per-fte) / (output in
/// the IO currency / currency-per-EUR), at one end of the parameter ranges.
fn employment_coefficients(dataset: &Dataset, v: Variant) -> Vec<f64> {
    let p = &dataset.params;
    let hours_per_fte = pick_inverse(&p.fte_hours_per_year, v);
    let per_eur = pick(&p.io_currency_per_eur, v);
    dataset
        .sectors
        .iter()
        .map(|s| {
            if s.gross_output > 0.0 && hours_per_fte > 0.0 {
                (s.hours_worked / hours_per_fte) / (s.gross_output / per_eur)
            } else {
                0.0
            }
        })
        .collect()
}

impl<'d> Prepared<'d> {
    pub fn new(dataset: &'d Dataset) -> Result<Self, PrepareError> {
        let n = dataset.n_sectors();
        let output: Vec<f64> = dataset.sectors.iter().map(|s| s.gross_output).collect();
        let a = io::technical_coefficients(&dataset.io_domestic, &output);
        let leontief = io::leontief_inverse(&a, n).ok_or(PrepareError::SingularLeontief)?;
        Ok(Prepared {
            dataset,
            leontief,
            emp_coef: Variant::ALL.map(|v| employment_coefficients(dataset, v)),
        })
    }

    /// The same preparation for another dataset with the same input-output
    /// table and sectors (a Monte Carlo draw changes parameters, never the
    /// table): the Leontief inverse is kept, the employment coefficients are
    /// recomputed from the other dataset's parameters. `None` when the
    /// tables differ.
    pub fn rebind<'e>(&self, dataset: &'e Dataset) -> Option<Prepared<'e>> {
        let same = dataset.io_domestic == self.dataset.io_domestic
            && dataset.sectors == self.dataset.sectors;
        if !same {
            return None;
        }
        Some(Prepared {
            dataset,
            leontief: self.leontief.clone(),
            emp_coef: Variant::ALL.map(|v| employment_coefficients(dataset, v)),
        })
    }

    /// Fte per million euros of output in the IO year, for a variant.
    pub fn employment_coefficients(&self, v: Variant) -> &[f64] {
        &self.emp_coef[v as usize]
    }
}

/// Units added per year and extra stock for one scenario measure.
struct Path1 {
    first: Year,
    /// additions[t - first]
    additions: Vec<f64>,
    /// extra stock since the base year, same indexing
    extra_stock: Vec<f64>,
}

impl Path1 {
    fn additions_at(&self, t: Year) -> f64 {
        t.checked_sub(self.first)
            .and_then(|i| self.additions.get(usize::from(i)))
            .copied()
            .unwrap_or(0.0)
    }
    fn extra_stock_at(&self, t: Year) -> f64 {
        t.checked_sub(self.first)
            .and_then(|i| self.extra_stock.get(usize::from(i)))
            .copied()
            .unwrap_or(0.0)
    }
}

/// Linear interpolation in sorted points; `None` outside them.
fn interpolate(points: &[(Year, f64)], t: Year) -> Option<f64> {
    let (first, last) = (points.first()?, points.last()?);
    if t < first.0 || t > last.0 {
        return None;
    }
    for w in points.windows(2) {
        let ((t0, v0), (t1, v1)) = (w[0], w[1]);
        if t >= t0 && t <= t1 {
            if t1 == t0 {
                return Some(v1);
            }
            let x = f64::from(t - t0) / f64::from(t1 - t0);
            return Some(v0 + x * (v1 - v0));
        }
    }
    Some(last.1)
}

/// Expands a trajectory to additions and extra stock for years `first..=last`.
fn expand(
    sm: &ScenarioMeasure,
    base_stock: f64,
    base_year: Year,
    first: Year,
    last: Year,
) -> Path1 {
    let n = usize::from(last - first) + 1;
    let mut additions = vec![0.0; n];
    match &sm.trajectory {
        Trajectory::Stock(points) => {
            let mut pts = points.clone();
            if pts.first().is_some_and(|p| p.0 > base_year) {
                pts.insert(0, (base_year, base_stock));
            }
            let last_given = pts.last().map_or(base_year, |p| p.0);
            let stock = |t: Year| -> f64 {
                match interpolate(&pts, t) {
                    Some(v) => v,
                    None if pts.first().is_some_and(|p| t < p.0) => pts[0].1,
                    None => pts.last().map_or(0.0, |p| p.1),
                }
            };
            let last_rate = (stock(last_given) - stock(last_given.saturating_sub(1))).max(0.0);
            for (i, a) in additions.iter_mut().enumerate() {
                let t = first + i as Year;
                *a = if t <= last_given {
                    (stock(t) - stock(t - 1)).max(0.0)
                } else {
                    match sm.after_last {
                        AfterLast::Hold => last_rate,
                        AfterLast::Stop => 0.0,
                    }
                };
            }
        }
        Trajectory::Additions(points) => {
            let last_given = points.last().map_or(base_year, |p| p.0);
            let last_value = points.last().map_or(0.0, |p| p.1);
            for (i, a) in additions.iter_mut().enumerate() {
                let t = first + i as Year;
                *a = match interpolate(points, t) {
                    Some(v) => v,
                    None if t > last_given && sm.after_last == AfterLast::Hold => last_value,
                    None => 0.0,
                };
            }
        }
    }
    for a in &mut additions {
        *a *= sm.scale;
    }
    let mut extra_stock = vec![0.0; n];
    let mut cum = 0.0;
    for (i, a) in additions.iter().enumerate() {
        if first + i as Year > base_year {
            cum += a;
        }
        extra_stock[i] = cum;
    }
    Path1 {
        first,
        additions,
        extra_stock,
    }
}

/// Gross and net demand of one scenario run, by year x measure x region x sector.
#[derive(Debug, Clone)]
pub struct DemandResult {
    pub variant: Variant,
    pub years: Vec<Year>,
    pub n_measures: usize,
    pub n_regions: usize,
    pub n_sectors: usize,
    pub n_occupations: usize,
    /// Gross fte, index [((y * M + m) * R + r) * S + s] * 2 + k, k = 0 direct, 1 indirect.
    gross: Vec<f64>,
    /// Gross fte of the base year's climate work (each measure's
    /// base-year activity, `Measure::base_year_additions`, valued with the
    /// year's labour per unit; no O&M: that of the base-year stock is in
    /// base-year employment), direct and indirect summed,
    /// [((y * M + m) * R + r) * S + s]. Zero for a measure without a
    /// base-year activity and for the scenario's direct investments.
    base: Vec<f64>,
    /// Fossil job losses (fte, positive numbers), [(y * R + r) * S + s].
    losses: Vec<f64>,
    /// Crowding-out share applied to gross for net.
    crowding_out: f64,
    /// Occupation shares per sector (copied from the dataset), S x O.
    occupation_shares: Vec<f64>,
    /// Education shares per occupation, O x 18.
    education_shares: Vec<f64>,
}

impl DemandResult {
    fn year_index(&self, year: Year) -> Option<usize> {
        self.years.iter().position(|y| *y == year)
    }

    fn gross_cell(&self, y: usize, m: usize, r: usize, s: usize) -> (f64, f64) {
        let i = (((y * self.n_measures + m) * self.n_regions + r) * self.n_sectors + s) * 2;
        (self.gross[i], self.gross[i + 1])
    }

    /// Fte by region x sector in a year, for a basis. Net = gross x (1 - crowding-out) - losses.
    pub fn region_sector(&self, year: Year, basis: Basis) -> Vec<f64> {
        let (nr, ns) = (self.n_regions, self.n_sectors);
        let mut out = vec![0.0; nr * ns];
        let Some(y) = self.year_index(year) else {
            return out;
        };
        for m in 0..self.n_measures {
            for r in 0..nr {
                for s in 0..ns {
                    let (d, i) = self.gross_cell(y, m, r, s);
                    out[r * ns + s] += d + i;
                }
            }
        }
        if basis == Basis::Net {
            for (k, v) in out.iter_mut().enumerate() {
                *v = *v * (1.0 - self.crowding_out) - self.losses[y * nr * ns + k];
            }
        }
        out
    }

    /// The base year's climate work by region x sector in a year: the
    /// labour the measures' base-year activity takes at that year's labour
    /// per unit. Net = gross x (1 - crowding-out): no fossil losses, which
    /// count from the base year and belong to the scenario's side.
    pub fn base_region_sector(&self, year: Year, basis: Basis) -> Vec<f64> {
        let (nr, ns) = (self.n_regions, self.n_sectors);
        let mut out = vec![0.0; nr * ns];
        let Some(y) = self.year_index(year) else {
            return out;
        };
        let per = nr * ns;
        for m in 0..self.n_measures {
            let start = (y * self.n_measures + m) * per;
            for (o, v) in out.iter_mut().zip(&self.base[start..start + per]) {
                *o += v;
            }
        }
        if basis == Basis::Net {
            out.iter_mut().for_each(|v| *v *= 1.0 - self.crowding_out);
        }
        out
    }

    /// The base year's climate work in a year, total fte.
    pub fn base_total(&self, year: Year, basis: Basis) -> Fte {
        Fte(self.base_region_sector(year, basis).iter().sum())
    }

    /// The base year's climate work per measure in a year (gross fte,
    /// direct and indirect).
    pub fn base_by_measure(&self, year: Year) -> Vec<Fte> {
        let per = self.n_regions * self.n_sectors;
        (0..self.n_measures)
            .map(|m| {
                self.year_index(year).map_or(Fte::ZERO, |y| {
                    let start = (y * self.n_measures + m) * per;
                    Fte(self.base[start..start + per].iter().sum())
                })
            })
            .collect()
    }

    /// The base year's climate work by region x occupation, row-major R x O.
    pub fn base_region_occupation(&self, year: Year, basis: Basis) -> Vec<f64> {
        self.to_occupations(&self.base_region_sector(year, basis))
    }

    /// Total fte in a year.
    pub fn total(&self, year: Year, basis: Basis) -> Fte {
        Fte(self.region_sector(year, basis).iter().sum())
    }

    /// Fossil job losses in a year (fte, positive).
    pub fn losses_total(&self, year: Year) -> Fte {
        let per = self.n_regions * self.n_sectors;
        self.year_index(year).map_or(Fte::ZERO, |y| {
            Fte(self.losses[y * per..(y + 1) * per].iter().sum())
        })
    }

    /// Crowding-out in a year (fte displaced, positive).
    pub fn crowding_out_total(&self, year: Year) -> Fte {
        self.total(year, Basis::Gross) * self.crowding_out
    }

    /// Gross fte per measure in a year: (direct, indirect).
    pub fn by_measure(&self, year: Year) -> Vec<(Fte, Fte)> {
        let mut out = vec![(Fte::ZERO, Fte::ZERO); self.n_measures];
        let Some(y) = self.year_index(year) else {
            return out;
        };
        for (m, slot) in out.iter_mut().enumerate() {
            for r in 0..self.n_regions {
                for s in 0..self.n_sectors {
                    let (d, i) = self.gross_cell(y, m, r, s);
                    slot.0 += Fte(d);
                    slot.1 += Fte(i);
                }
            }
        }
        out
    }

    /// Fte by sector (summed over regions).
    pub fn by_sector(&self, year: Year, basis: Basis) -> Vec<Fte> {
        let rs = self.region_sector(year, basis);
        (0..self.n_sectors)
            .map(|s| {
                Fte((0..self.n_regions)
                    .map(|r| rs[r * self.n_sectors + s])
                    .sum())
            })
            .collect()
    }

    /// Fte by region x occupation, row-major R x O.
    pub fn region_occupation(&self, year: Year, basis: Basis) -> Vec<f64> {
        self.to_occupations(&self.region_sector(year, basis))
    }

    /// Region x sector -> region x occupation by the sectors' occupation shares.
    fn to_occupations(&self, rs: &[f64]) -> Vec<f64> {
        let (nr, ns, no) = (self.n_regions, self.n_sectors, self.n_occupations);
        let mut out = vec![0.0; nr * no];
        for r in 0..nr {
            for s in 0..ns {
                let d = rs[r * ns + s];
                if d == 0.0 {
                    continue;
                }
                let shares = &self.occupation_shares[s * no..(s + 1) * no];
                let row = &mut out[r * no..(r + 1) * no];
                for (o, sh) in shares.iter().enumerate() {
                    row[o] += d * sh;
                }
            }
        }
        out
    }

    /// Fte by occupation (national).
    pub fn by_occupation(&self, year: Year, basis: Basis) -> Vec<Fte> {
        let ro = self.region_occupation(year, basis);
        (0..self.n_occupations)
            .map(|o| {
                Fte((0..self.n_regions)
                    .map(|r| ro[r * self.n_occupations + o])
                    .sum())
            })
            .collect()
    }

    /// Fte by region x education (R x 18) for the occupations in `members`
    /// (all occupations when `None`).
    pub fn region_education(
        &self,
        year: Year,
        basis: Basis,
        members: Option<&[usize]>,
    ) -> Vec<f64> {
        let ro = self.region_occupation(year, basis);
        let (nr, no, ne) = (self.n_regions, self.n_occupations, Education::COUNT);
        let all: Vec<usize> = (0..no).collect();
        let members = members.unwrap_or(&all);
        let mut out = vec![0.0; nr * ne];
        for r in 0..nr {
            for &o in members {
                let d = ro[r * no + o];
                let shares = &self.education_shares[o * ne..(o + 1) * ne];
                for (e, sh) in shares.iter().enumerate() {
                    out[r * ne + e] += d * sh;
                }
            }
        }
        out
    }

    /// Fte by region for the occupations in `members` (all when `None`).
    pub fn by_region(&self, year: Year, basis: Basis, members: Option<&[usize]>) -> Vec<Fte> {
        let ro = self.region_occupation(year, basis);
        let no = self.n_occupations;
        (0..self.n_regions)
            .map(|r| {
                let row = &ro[r * no..(r + 1) * no];
                Fte(match members {
                    Some(ms) => ms.iter().map(|&o| row[o]).sum(),
                    None => row.iter().sum(),
                })
            })
            .collect()
    }
}

/// Productivity factor for year `t`: labour per unit relative to `ref_year`,
/// with the scenario's extra growth from the year after the base year.
pub(crate) fn productivity(g: f64, ref_year: Year, extra: f64, base_year: Year, t: Year) -> f64 {
    let dt = f64::from(t) - f64::from(ref_year);
    let dx = f64::from(t.saturating_sub(base_year));
    (1.0 + g).powf(-dt) * (1.0 + extra).powf(-dx)
}

/// The productivity factor at the end of the growth range that gives less
/// (low variant) or more (high) labour. Which end that is depends on whether
/// `t` lies after or before `ref_year`, so both ends are computed.
fn productivity_bracket(
    g: &Range3,
    v: Variant,
    ref_year: Year,
    extra: f64,
    base_year: Year,
    t: Year,
) -> f64 {
    let f = |g: f64| productivity(g, ref_year, extra, base_year, t);
    match v {
        Variant::Low => f(g.low).min(f(g.high)),
        Variant::Central => f(g.central),
        Variant::High => f(g.low).max(f(g.high)),
    }
}

/// Runs the demand chain for one scenario and variant.
pub fn run(prep: &Prepared<'_>, scenario: &Scenario, variant: Variant) -> DemandResult {
    let ds = prep.dataset;
    let (nm, nr, ns, no) = (
        ds.measures.len(),
        ds.n_regions(),
        ds.n_sectors(),
        ds.n_occupations(),
    );
    let years: Vec<Year> = scenario.years().collect();
    let ny = years.len();
    let opts = &scenario.options;
    let g = &ds.params.productivity_growth;
    let hours_per_fte = pick_inverse(&ds.params.fte_hours_per_year, variant);
    let price_index = pick_inverse(&ds.params.price_index_base_vs_io, variant);
    let e0 = prep.employment_coefficients(variant);
    let max_build = ds
        .measures
        .iter()
        .flat_map(|m| match &m.path {
            Path::BottomUp { activities } => activities.iter().map(|a| a.build_years).collect(),
            Path::Spending { .. } => vec![1],
        })
        .max()
        .unwrap_or(1)
        .max(1);
    let last_year = scenario.horizon + Year::from(max_build);

    let sector_regions = |s: usize| -> &[f64] {
        let gidx = ds.sectors[s].region_group;
        &ds.region_shares[gidx * nr..(gidx + 1) * nr]
    };

    // Direct investments per product group become spending measures after the dataset's.
    let invest_measures: Vec<Measure> = scenario
        .investments
        .iter()
        .map(|inv| Measure {
            id: format!("invest_{}", ds.sectors[inv.sector].code),
            name: format!("Investment in {}", ds.sectors[inv.sector].name),
            unit: "MEUR".into(),
            base_stock: 0.0,
            path: Path::Spending {
                cost_per_unit: Range3::point(1.0),
                products: vec![ProductShare {
                    sector: inv.sector,
                    share: 1.0,
                    import_share: inv
                        .import_share
                        .unwrap_or(ds.sectors[inv.sector].import_share),
                }],
            },
            regions: Vec::new(),
            base_year_additions: None,
        })
        .collect();
    let all: Vec<(usize, &ScenarioMeasure, &Measure)> = scenario
        .measures
        .iter()
        .map(|sm| (sm.measure, sm, &ds.measures[sm.measure]))
        .chain(
            scenario
                .investments
                .iter()
                .zip(&invest_measures)
                .enumerate()
                .map(|(k, (inv, m))| (ds.measures.len() + k, &inv.spend, m)),
        )
        .collect();
    let nm = nm + scenario.investments.len();
    let mut gross = vec![0.0; ny * nm * nr * ns * 2];
    let mut base = vec![0.0; ny * nm * nr * ns];

    for (m, sm, measure) in all {
        let first = scenario.start_year.min(ds.base_year);
        let path = expand(sm, measure.base_stock, ds.base_year, first, last_year);
        // The base year's activity, held at its level: whose work the
        // base-year workforce already does (the low-demand run takes the
        // high end: less on top).
        let base_units = measure
            .base_year_additions
            .as_ref()
            .map(|r| pick_inverse(r, variant));
        let regions: Option<&[(usize, f64)]> = sm
            .regions
            .as_deref()
            .or((!measure.regions.is_empty()).then_some(measure.regions.as_slice()));

        for (y, &t) in years.iter().enumerate() {
            let io_prod = productivity_bracket(
                g,
                variant,
                ds.io_year,
                opts.productivity_extra,
                ds.base_year,
                t,
            );
            let e_t: Vec<f64> = e0.iter().map(|e| e * io_prod).collect();
            // Direct fte per sector and, for spending, final demand per
            // product, of the scenario's activity (`units(k)`: the units
            // completed k years after `t`; `stock`: the stock added since the
            // base year, for O&M).
            let work = |units: &dyn Fn(Year) -> f64, stock: f64| -> (Vec<f64>, Vec<f64>) {
                let mut direct = vec![0.0; ns];
                let mut final_demand = vec![0.0; ns];
                match &measure.path {
                    Path::BottomUp { activities } => {
                        for a in activities {
                            let prod = productivity_bracket(
                                g,
                                variant,
                                a.ref_year,
                                opts.productivity_extra,
                                ds.base_year,
                                t,
                            );
                            let intensity = pick(&a.intensity, variant);
                            let fte = match a.unit {
                                IntensityUnit::JobYearsPerUnit | IntensityUnit::HoursPerUnit => {
                                    let per_unit = if a.unit == IntensityUnit::HoursPerUnit {
                                        intensity / hours_per_fte
                                    } else {
                                        intensity
                                    };
                                    let b = a.build_years.max(1);
                                    let n: f64 = (0..b).map(|k| units(Year::from(k))).sum();
                                    n * per_unit / f64::from(b)
                                }
                                IntensityUnit::FtePerUnitStock => stock * intensity,
                                IntensityUnit::HoursPerUnitStock => {
                                    stock * intensity / hours_per_fte
                                }
                            } * prod;
                            for &(s, sh) in &a.sectors {
                                direct[s] += fte * sh;
                                // Output implied by the direct jobs, whose supply chain the
                                // Leontief inverse adds, unless the figure counts it already;
                                // bought from the activity's supply-chain sector when it names one.
                                let via = a.supply_chain_sector.unwrap_or(s);
                                if opts.include_indirect
                                    && !a.includes_supply_chain
                                    && e_t[via] > 0.0
                                {
                                    final_demand[via] += fte * sh / e_t[via];
                                }
                            }
                        }
                    }
                    Path::Spending {
                        cost_per_unit,
                        products,
                    } => {
                        let spend = units(0) * pick(cost_per_unit, variant) / price_index;
                        for p in products {
                            let import = (p.import_share * opts.import_share_scale).min(1.0);
                            final_demand[p.sector] += spend * p.share * (1.0 - import);
                        }
                        for s in 0..ns {
                            direct[s] = final_demand[s] * e_t[s];
                        }
                    }
                }
                (direct, final_demand)
            };
            // Direct and indirect fte per sector from direct fte and final demand.
            let jobs = |(direct, final_demand): (Vec<f64>, Vec<f64>)| -> Vec<(f64, f64)> {
                let total_output = io::mat_vec(&prep.leontief, &final_demand);
                (0..ns)
                    .map(|s| {
                        // Jobs beyond the first round of the output that went through the IO table.
                        let indirect = (e_t[s] * (total_output[s] - final_demand[s])).max(0.0);
                        (direct[s], indirect)
                    })
                    .collect()
            };
            // Direct work follows the measure's regions, indirect work the sector's.
            let spread =
                |s: usize, (direct, indirect): (f64, f64), out: &mut dyn FnMut(usize, f64, f64)| {
                    match regions {
                        Some(rs) => {
                            for &(r, sh) in rs {
                                out(r, direct * sh, 0.0);
                            }
                        }
                        None => {
                            for (r, sh) in sector_regions(s).iter().enumerate() {
                                out(r, direct * sh, 0.0);
                            }
                        }
                    }
                    for (r, sh) in sector_regions(s).iter().enumerate() {
                        out(r, 0.0, indirect * sh);
                    }
                };
            let scenario_jobs = jobs(work(&|k| path.additions_at(t + k), path.extra_stock_at(t)));
            for (s, dj) in scenario_jobs.into_iter().enumerate() {
                spread(s, dj, &mut |r, d, i| {
                    let at = (((y * nm + m) * nr + r) * ns + s) * 2;
                    gross[at] += d;
                    gross[at + 1] += i;
                });
            }
            if let Some(units) = base_units {
                // Constant completions at the base-year level and no O&M.
                let base_jobs = jobs(work(&|_| units, 0.0));
                for (s, dj) in base_jobs.into_iter().enumerate() {
                    spread(s, dj, &mut |r, d, i| {
                        base[((y * nm + m) * nr + r) * ns + s] += d + i;
                    });
                }
            }
        }
    }

    // Fossil job losses: the low-demand variant takes the high losses.
    let mut losses = vec![0.0; ny * nr * ns];
    // Losses count from the base year, like the demand they are netted
    // against: jobs lost before it are already out of base-year employment.
    // A scaled loss never exceeds the jobs its sector has.
    for fl in &ds.fossil_losses {
        let s = fl.sector;
        let jobs = ds.sectors[s].hours_worked / hours_per_fte.max(1.0);
        let full = (pick_inverse(&fl.fte_lost, variant) * opts.fossil_loss_scale).min(jobs);
        let span = f64::from(fl.full_year.saturating_sub(fl.start_year)).max(1.0);
        let phase = |t: Year| ((f64::from(t) - f64::from(fl.start_year)) / span).clamp(0.0, 1.0);
        for (y, &t) in years.iter().enumerate() {
            let x = (phase(t) - phase(ds.base_year)).max(0.0);
            for (r, sh) in sector_regions(fl.sector).iter().enumerate() {
                losses[(y * nr + r) * ns + fl.sector] += full * x * sh;
            }
        }
    }

    DemandResult {
        variant,
        years,
        n_measures: nm,
        n_regions: nr,
        n_sectors: ns,
        n_occupations: no,
        gross,
        base,
        losses,
        crowding_out: opts.crowding_out,
        occupation_shares: ds.occupation_shares.clone(),
        education_shares: ds.education_shares.clone(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::toy::{toy, toy_scenario};

    use crate::inputs::dataset::*;
    use crate::inputs::scenario::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6 * (1.0 + b.abs())
    }

    /// Worked out on paper (see docs/MODEL.md, "The toy dataset by hand"):
    /// spend_x in 2025: f = (50, 25), direct = (100, 12.5), total = m . f = 159.448819;
    /// plant construction 10 fte in S1 (+1.811024 + 0.787402 indirect);
    /// O&M on 5 MW: 0.5 fte in S2 (+0.838583 indirect); oil losses 2.5 fte.
    #[test]
    fn toy_by_hand_2025() {
        let ds = toy();
        assert!(
            ds.check_invariants().is_empty(),
            "{:?}",
            ds.check_invariants()
        );
        let prep = Prepared::new(&ds).expect("invertible");
        let r = run(&prep, &toy_scenario(1.0), Variant::Central);
        let by_m = r.by_measure(2025);
        assert!(close(by_m[0].0.value(), 112.5));
        assert!(close(by_m[0].0.value() + by_m[0].1.value(), 159.448819));
        assert!(close(by_m[1].0.value(), 10.5));
        assert!(close(by_m[1].1.value(), 1.811024 + 0.787402 + 0.838583));
        let gross = r.total(2025, Basis::Gross).value();
        assert!(close(gross, 173.385828), "{gross}");
        assert!(close(r.total(2025, Basis::Net).value(), 173.385828 - 2.5));
        // Construction is spread over two build years: 5 fte in 2024, 5 in 2026, none in 2027.
        assert!(close(r.by_measure(2024)[1].0.value(), 5.0));
        assert!(close(r.by_measure(2026)[1].0.value(), 5.0 + 1.0));
        assert!(close(r.by_measure(2027)[1].0.value(), 1.0));
        assert!(close(r.losses_total(2028).value(), 10.0));
    }

    #[test]
    fn toy_occupation_education_region_by_hand() {
        let ds = toy();
        let prep = Prepared::new(&ds).expect("invertible");
        let r = run(&prep, &toy_scenario(1.0), Variant::Central);
        // 2027: only O&M on 10 MW: 1 fte direct in S2, indirect (1.259843, 0.417323).
        let s = r.by_sector(2027, Basis::Gross);
        assert!(close(s[0].value(), 1.259843));
        assert!(close(s[1].value(), 1.417323));
        let occ = r.by_occupation(2027, Basis::Gross);
        assert!(close(occ[0].value(), 0.8 * 1.259843 + 0.3 * 1.417323));
        let edu = r.region_education(2027, Basis::Gross, Some(&[0]));
        let mbo3: f64 = (0..2)
            .map(|reg| {
                edu[reg * 18
                    + Education {
                        level: crate::inputs::codes::Level::Mbo3,
                        direction: crate::inputs::codes::Direction::Techniek,
                    }
                    .index()]
            })
            .sum();
        assert!(close(mbo3, 0.5 * occ[0].value()));
        let reg = r.by_region(2027, Basis::Gross, None);
        assert!(close(reg[0].value(), 0.6 * 1.259843 + 0.25 * 1.417323));
    }

    #[test]
    fn variants_bracket_central() {
        let ds = toy();
        let prep = Prepared::new(&ds).expect("invertible");
        let sc = toy_scenario(1.0);
        let [lo, mid, hi] = Variant::ALL.map(|v| run(&prep, &sc, v));
        for t in 2024..=2028 {
            for b in [Basis::Gross, Basis::Net] {
                assert!(lo.total(t, b).value() <= mid.total(t, b).value() + 1e-9);
                assert!(mid.total(t, b).value() <= hi.total(t, b).value() + 1e-9);
            }
        }
    }

    #[test]
    fn hold_continues_last_rate_after_trajectory() {
        let ds = toy();
        let prep = Prepared::new(&ds).expect("invertible");
        let mut sc = toy_scenario(1.0);
        sc.measures[1].after_last = AfterLast::Hold;
        let r = run(&prep, &sc, Variant::Central);
        // additions continue at 5 MW/yr: construction 10 fte every year from 2025.
        assert!(close(r.by_measure(2027)[1].0.value(), 10.0 + 0.1 * 15.0));
    }

    /// 100 M EUR bought directly from S1 with no imports: total = m_1 x 100 = 251.9685 fte.
    #[test]
    fn direct_investment_in_a_product_group() {
        let ds = toy();
        let prep = Prepared::new(&ds).expect("invertible");
        let mut sc = toy_scenario(0.0);
        sc.investments.push(Investment {
            sector: 0,
            import_share: Some(0.0),
            spend: ScenarioMeasure {
                measure: 2,
                trajectory: Trajectory::Additions(vec![(2025, 100.0)]),
                after_last: AfterLast::Stop,
                regions: None,
                scale: 1.0,
            },
        });
        let r = run(&prep, &sc, Variant::Central);
        assert_eq!(r.n_measures, 3);
        let (d, i) = r.by_measure(2025)[2];
        assert!(close(d.value(), 200.0));
        assert!(close(
            d.value() + i.value(),
            2.0 * 0.75 / 0.635 * 100.0 + 0.5 * 0.2 / 0.635 * 100.0
        ));
        assert!(close(r.total(2025, Basis::Gross).value(), 251.968504));
    }

    /// With imports off, spend_x buys f = (50, 50): total = 2.519685 x 50 + 1.338583 x 50.
    #[test]
    fn import_share_scale_zero_keeps_all_spending_at_home() {
        let ds = toy();
        let prep = Prepared::new(&ds).expect("invertible");
        let mut sc = toy_scenario(1.0);
        sc.options.import_share_scale = 0.0;
        let r = run(&prep, &sc, Variant::Central);
        let (d, i) = r.by_measure(2025)[0];
        assert!(close(d.value() + i.value(), (2.519685 + 1.338583) * 50.0));
    }

    /// Losses that began before the base year count only from it; a scaled
    /// loss is capped at the sector's jobs (S2 has 100 fte).
    #[test]
    fn fossil_losses_count_from_base_year_and_never_exceed_jobs() {
        let mut ds = toy();
        ds.fossil_losses[0].start_year = 2020; // 10 fte by 2028: 1.25 fte a year
        let prep = Prepared::new(&ds).expect("invertible");
        let mut sc = toy_scenario(0.0);
        let r = run(&prep, &sc, Variant::Central);
        assert!(close(r.losses_total(2024).value(), 0.0));
        assert!(close(r.losses_total(2026).value(), 2.5));
        sc.options.fossil_loss_scale = 50.0;
        let ds2 = toy();
        let prep2 = Prepared::new(&ds2).expect("invertible");
        let r = run(&prep2, &sc, Variant::High);
        assert!(r.losses_total(2028).value() <= 100.0 + 1e-9);
    }

    /// A labour figure that refers to a year after the reported one must
    /// still bracket correctly: low <= central <= high.
    #[test]
    fn productivity_bracket_is_ordered_before_the_reference_year() {
        let mut ds = toy();
        ds.params.productivity_growth = Range3 {
            low: 0.0,
            central: 0.01,
            high: 0.03,
        };
        if let Path::BottomUp { activities } = &mut ds.measures[1].path {
            activities[0].ref_year = 2030;
        }
        let prep = Prepared::new(&ds).expect("invertible");
        let sc = toy_scenario(1.0);
        let [lo, mid, hi] = Variant::ALL.map(|v| run(&prep, &sc, v));
        for t in 2024..=2028 {
            let (l, m, h) = (
                lo.by_measure(t)[1].0.value(),
                mid.by_measure(t)[1].0.value(),
                hi.by_measure(t)[1].0.value(),
            );
            assert!(l <= m + 1e-9 && m <= h + 1e-9, "{t}: {l} {m} {h}");
        }
    }

    /// An activity whose figure counts its supply chain gets no indirect jobs.
    #[test]
    fn supply_chain_figures_get_no_indirect_jobs() {
        let mut ds = toy();
        if let Path::BottomUp { activities } = &mut ds.measures[1].path {
            activities[0].includes_supply_chain = true;
        }
        let prep = Prepared::new(&ds).expect("invertible");
        let r = run(&prep, &toy_scenario(1.0), Variant::Central);
        // 2024: only construction (5 fte direct), no O&M yet.
        assert!(close(r.by_measure(2024)[1].1.value(), 0.0));
        assert!(close(r.by_measure(2024)[1].0.value(), 5.0));
    }

    /// Direct labour whose supply chain is bought from another sector: the
    /// O&M fte stay where they work (S2) and the indirect jobs are S1's
    /// chain per fte (from toy_by_hand_2025: 10 fte of S1 output bring
    /// 1.811024 + 0.787402 indirect).
    #[test]
    fn supply_chain_through_another_sector() {
        let mut ds = toy();
        if let Path::BottomUp { activities } = &mut ds.measures[1].path {
            activities[1].supply_chain_sector = Some(0);
        }
        let prep = Prepared::new(&ds).expect("invertible");
        let r = run(&prep, &toy_scenario(1.0), Variant::Central);
        // 2027: only O&M on 10 MW, 1 fte direct in S2.
        assert!(close(r.by_measure(2027)[1].0.value(), 1.0));
        assert!(close(
            r.by_measure(2027)[1].1.value(),
            0.1811024 + 0.0787402
        ));
        let s = r.by_sector(2027, Basis::Gross);
        assert!(close(s[0].value(), 0.1811024));
        assert!(close(s[1].value(), 1.0 + 0.0787402));
    }

    /// O&M in hours per unit of stock is the same as fte per unit of stock
    /// times the fte hours, and follows the fte hours when they change.
    #[test]
    fn hours_per_unit_stock_convert_with_fte_hours() {
        let base = toy();
        let hours = base.params.fte_hours_per_year.central;
        let mut ds = toy();
        if let Path::BottomUp { activities } = &mut ds.measures[1].path {
            activities[1].unit = IntensityUnit::HoursPerUnitStock;
            activities[1].intensity = Range3::point(0.1 * hours);
        }
        let (p0, p1) = (
            Prepared::new(&base).expect("ok"),
            Prepared::new(&ds).expect("ok"),
        );
        let (a, b) = (
            run(&p0, &toy_scenario(1.0), Variant::Central),
            run(&p1, &toy_scenario(1.0), Variant::Central),
        );
        for t in 2024..=2028 {
            assert!(close(
                a.by_measure(t)[1].0.value(),
                b.by_measure(t)[1].0.value()
            ));
        }
        ds.params.fte_hours_per_year = Range3::point(2.0 * hours);
        let p2 = Prepared::new(&ds).expect("ok");
        let c = run(&p2, &toy_scenario(1.0), Variant::Central);
        assert!(close(c.by_measure(2027)[1].0.value(), 0.5));
    }

    proptest! {
        #[test]
        fn scaling_measures_scales_gross(k in 0.0f64..20.0) {
            let ds = toy();
            let prep = Prepared::new(&ds).expect("invertible");
            let base = run(&prep, &toy_scenario(1.0), Variant::Central);
            let scaled = run(&prep, &toy_scenario(k), Variant::Central);
            for t in 2024..=2028 {
                let (a, b) = (base.total(t, Basis::Gross).value(), scaled.total(t, Basis::Gross).value());
                prop_assert!((b - k * a).abs() < 1e-9 * (1.0 + k * a));
            }
        }

        #[test]
        fn breakdowns_sum_to_total_and_net_below_gross(
            k in 0.0f64..50.0, crowd in 0.0f64..1.0, loss in 0.0f64..3.0, v in 0usize..3,
        ) {
            let ds = toy();
            let prep = Prepared::new(&ds).expect("invertible");
            let mut sc = toy_scenario(k);
            sc.options.crowding_out = crowd;
            sc.options.fossil_loss_scale = loss;
            let r = run(&prep, &sc, Variant::ALL[v]);
            for t in 2024..=2028 {
                let g = r.total(t, Basis::Gross).value();
                prop_assert!(g.is_finite() && g >= 0.0);
                prop_assert!(r.total(t, Basis::Net).value() <= g + 1e-9);
                for b in [Basis::Gross, Basis::Net] {
                    let tot = r.total(t, b).value();
                    let sums = [
                        r.by_sector(t, b).iter().map(|x| x.value()).sum::<f64>(),
                        r.by_occupation(t, b).iter().map(|x| x.value()).sum::<f64>(),
                        r.by_region(t, b, None).iter().map(|x| x.value()).sum::<f64>(),
                        r.region_education(t, b, None).iter().sum::<f64>(),
                    ];
                    for s in sums {
                        prop_assert!((s - tot).abs() < 1e-9 * (1.0 + tot.abs()));
                    }
                }
                let m: f64 = r.by_measure(t).iter().map(|(d, i)| d.value() + i.value()).sum();
                prop_assert!((m - g).abs() < 1e-9 * (1.0 + g));
                prop_assert!(r.by_sector(t, Basis::Gross).iter().all(|x| x.value() >= 0.0));
            }
        }
    }
}
