//! Back-tests of the supply model against observed employment, and the
//! calibration of its unobserved flows (issue 21).
//!
//! - From the observed 2023 employment per BRC group (CBS, annual average)
//!   with the observed education pipeline, the stock-flow model runs forward;
//!   its stock is compared with CBS's 2024Q4 and 2025Q4 employment, per class
//!   (07 technical, 08 ICT) and in total.
//! - From the CBS count of ICT workers in 2015, with the graduates since, to
//!   the count of 2021.
//! - Where they miss: the flows nobody observes (migration and re-entry,
//!   side-entry into technical work, net side-entry into ICT work) fitted to
//!   the observed stock changes by least squares.
//!
//! Timing: an annual average stands for the middle of its year, a fourth
//! quarter for mid-November. The model's stock of 1 January of year `t` is
//! read as the 2023 average at `t = 2023`, so 2024Q4 lies 1.37 years and
//! 2025Q4 2.37 years after the start; the stock is interpolated linearly
//! between the 1 January stocks around those points.
//!
//! The observed files are `employment_brc.csv` and `ict_workers.csv` of
//! `data/validation/` (tools/build_validation.py).

use std::collections::HashMap;
use std::path::Path;

use krapte_model::reference::gap::Adjustment;
use krapte_model::reference::supply_inputs::SupplyFrame;
use krapte_model::{Dataset, Range3, SupplyData, SupplyInputs, Variant, Year};

/// Education cells per occupation in the supply layout.
const NE: usize = 18;

/// One BRC group's observed employment (persons).
#[derive(Debug, Clone)]
pub struct ObservedGroup {
    pub code: String,
    pub y2023: f64,
    pub q2024: f64,
    pub q2025: f64,
}

/// The observed series `krapte validate` checks the model against.
#[derive(Debug, Clone)]
pub struct Observed {
    pub groups: Vec<ObservedGroup>,
    /// (year, CBS ICT workers, all employed when known), persons.
    pub ict: Vec<(Year, f64, Option<f64>)>,
}

/// A CSV row with its line: field values by column name.
type Line = (u64, HashMap<String, String>);

fn read_rows(path: &Path) -> Result<Vec<Line>, String> {
    let mut r = csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let header: Vec<String> = r
        .headers()
        .map_err(|e| format!("{}: {e}", path.display()))?
        .iter()
        .map(str::to_owned)
        .collect();
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| format!("{}: {e}", path.display()))?;
        let line = rec.position().map_or(0, |p| p.line());
        out.push((
            line,
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_owned))
                .collect(),
        ));
    }
    Ok(out)
}

fn field(path: &Path, line: u64, row: &HashMap<String, String>, col: &str) -> Result<f64, String> {
    let raw = row
        .get(col)
        .ok_or_else(|| format!("{}: column {col} is missing", path.display()))?;
    raw.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
        .ok_or_else(|| {
            format!(
                "{}, line {line}, field {col}: expected a number of persons (0 or more), found \"{raw}\"",
                path.display()
            )
        })
}

impl Observed {
    /// Reads `employment_brc.csv` and `ict_workers.csv` from `dir`.
    pub fn load(dir: &Path) -> Result<Observed, String> {
        let path = dir.join("employment_brc.csv");
        let mut groups = Vec::new();
        for (line, row) in read_rows(&path)? {
            groups.push(ObservedGroup {
                code: row.get("brc_group").cloned().unwrap_or_default(),
                y2023: field(&path, line, &row, "employed_2023")?,
                q2024: field(&path, line, &row, "employed_2024q4")?,
                q2025: field(&path, line, &row, "employed_2025q4")?,
            });
        }
        let path = dir.join("ict_workers.csv");
        let mut ict = Vec::new();
        for (line, row) in read_rows(&path)? {
            let year = row
                .get("year")
                .and_then(|y| y.parse::<Year>().ok())
                .ok_or_else(|| {
                    format!(
                        "{}, line {line}, field year: expected a year",
                        path.display()
                    )
                })?;
            let all = match row.get("employed_all").map(String::as_str) {
                None | Some("") => None,
                Some(_) => Some(field(&path, line, &row, "employed_all")?),
            };
            ict.push((year, field(&path, line, &row, "ict_workers")?, all));
        }
        Ok(Observed { groups, ict })
    }

    /// Observed persons per dataset occupation for one column, `None` when a
    /// dataset group has no observation.
    fn per_occupation(&self, ds: &Dataset, pick: fn(&ObservedGroup) -> f64) -> Option<Vec<f64>> {
        ds.occupations
            .iter()
            .map(|o| {
                self.groups
                    .iter()
                    .find(|g| g.code == o.code.as_str())
                    .map(pick)
            })
            .collect()
    }
}

/// The flows nobody observes, as the back-test varies them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Flows {
    /// Migration and re-entry per year, share of the stock (the dataset's
    /// `migration_rate`).
    pub migration_rate: f64,
    /// Side-entrants into technician-set occupations per person switching
    /// out (the dataset's `side_entry_per_switch_out`).
    pub side_entry_per_switch_out: f64,
    /// Net side-entry into ICT occupations (set ict) per year, share of
    /// their stock. Not in the dataset: the supply model has no side-entry
    /// into ICT work.
    pub ict_side_entry_rate: f64,
}

impl Flows {
    /// The dataset's central values (no ICT side-entry).
    pub fn of(sd: &SupplyData) -> Flows {
        Flows {
            migration_rate: sd.params.migration_rate.central,
            side_entry_per_switch_out: sd.params.side_entry_per_switch_out.central,
            ict_side_entry_rate: 0.0,
        }
    }

    fn params(self, sd: &SupplyData) -> krapte_model::SupplyParams {
        let mut p = sd.params;
        p.migration_rate = Range3::point(self.migration_rate);
        p.side_entry_per_switch_out = Range3::point(self.side_entry_per_switch_out);
        p
    }
}

/// Adds net side-entry into ICT occupations to a supply run: rate x the
/// base stock of each ICT cell, every flow year (like the side-entry of
/// technical work, which is a share of the base stock too).
pub struct IctSideEntry {
    pub rate: f64,
    pub members: Vec<usize>,
}

impl IctSideEntry {
    fn apply(&self, inputs: &mut SupplyInputs) {
        if self.rate == 0.0 {
            return;
        }
        let nr = inputs.n_regions;
        let cells = inputs.n_occupations * NE * nr;
        let block = NE * nr;
        for y in 0..inputs.n_years() {
            for &o in &self.members {
                for c in o * block..(o + 1) * block {
                    let add = self.rate * inputs.base_stock[c];
                    inputs.side_entry[y * cells + c] += add.max(0.0);
                }
            }
        }
    }
}

impl Adjustment for IctSideEntry {
    fn supply(&self, _: Variant, inputs: &mut SupplyInputs) {
        self.apply(inputs);
    }
}

/// Persons per occupation in each 1 January stock year of a supply run
/// started in `start` from `persons`, with `flows`.
fn run_persons(
    ds: &Dataset,
    sd: &SupplyData,
    start: Year,
    persons: &[f64],
    horizon: Year,
    flows: Flows,
) -> Result<Vec<(Year, Vec<f64>)>, String> {
    let mut d = ds.clone();
    d.base_year = start;
    for (o, p) in d.occupations.iter_mut().zip(persons) {
        o.employed_persons = *p;
    }
    let mut sd = sd.clone();
    sd.params = flows.params(&sd);
    // Enrolment before the dataset's first year (needed by an early start):
    // held at the first year's figures (the builder's rule for years without
    // observations).
    let need = start.saturating_sub(
        sd.pipeline
            .iter()
            .map(|c| c.programme_years)
            .max()
            .unwrap_or(1),
    );
    if need < sd.enrolment_first_year {
        let first: Vec<f64> = sd.enrolment.iter().take(NE).copied().collect();
        let extra = usize::from(sd.enrolment_first_year - need);
        let mut e = first.repeat(extra);
        e.extend_from_slice(&sd.enrolment);
        sd.enrolment = e;
        sd.enrolment_first_year = need;
    }
    d.supply = Some(sd.clone());
    let frame = SupplyFrame::new(&d, &sd, horizon).map_err(|e| e.to_string())?;
    let mut inputs = frame.inputs(&sd.params, Variant::Central);
    let ict = d
        .occupation_set("ict")
        .map(|s| s.members.clone())
        .unwrap_or_default();
    IctSideEntry {
        rate: flows.ict_side_entry_rate,
        members: ict,
    }
    .apply(&mut inputs);
    let fte_pp = inputs.fte_per_person.clone();
    let res = krapte_model::reference::supply::run_owned(inputs).map_err(|e| e.to_string())?;
    let block = NE * d.n_regions();
    let mut out = Vec::new();
    for t in res.stock_years() {
        let cells = res.stock_cells(t).ok_or("no stock")?;
        let by_occ: Vec<f64> = cells
            .chunks(block)
            .zip(&fte_pp)
            .map(|(c, f)| c.iter().sum::<f64>() / f.max(1e-9))
            .collect();
        out.push((t, by_occ));
    }
    Ok(out)
}

/// The stock at `start + offset` years, interpolated between 1 January stocks.
fn at_offset(stocks: &[(Year, Vec<f64>)], start: Year, offset: f64, members: &[usize]) -> f64 {
    let sum = |v: &Vec<f64>| members.iter().map(|&o| v[o]).sum::<f64>();
    let t0 = f64::from(start) + offset;
    let k = t0.floor();
    let frac = t0 - k;
    let get = |y: f64| {
        stocks
            .iter()
            .find(|(t, _)| f64::from(*t) == y)
            .map(|(_, v)| sum(v))
    };
    match (get(k), get(k + 1.0)) {
        (Some(a), Some(b)) => a + frac * (b - a),
        (Some(a), None) => a,
        _ => f64::NAN,
    }
}

/// 2023 (annual average) to 2024Q4 and to 2025Q4, in years.
pub const OFFSET_2024Q4: f64 = 1.375;
pub const OFFSET_2025Q4: f64 = 2.375;

/// One compared figure of the employment back-test.
#[derive(Debug, Clone)]
pub struct Compared {
    /// "total", "technical (class 07)" or "ICT (class 08)".
    pub what: &'static str,
    pub period: &'static str,
    pub model: f64,
    pub observed: f64,
    pub start: f64,
}

impl Compared {
    pub fn miss(&self) -> f64 {
        (self.model - self.observed) / self.observed
    }
}

/// The back-test from 2023 with `flows`: six figures (three groups x two
/// quarters).
pub fn employment_backtest(
    ds: &Dataset,
    sd: &SupplyData,
    obs: &Observed,
    flows: Flows,
) -> Result<Vec<Compared>, String> {
    let start = obs
        .per_occupation(ds, |g| g.y2023)
        .ok_or("employment_brc.csv lacks a group of the dataset")?;
    let q2024 = obs.per_occupation(ds, |g| g.q2024).ok_or("missing group")?;
    let q2025 = obs.per_occupation(ds, |g| g.q2025).ok_or("missing group")?;
    let stocks = run_persons(ds, sd, 2023, &start, 2026, flows)?;
    let class = |c: &str| -> Vec<usize> {
        ds.occupations
            .iter()
            .enumerate()
            .filter(|(_, o)| o.code.class() == c)
            .map(|(i, _)| i)
            .collect()
    };
    let all: Vec<usize> = (0..ds.n_occupations()).collect();
    let groups: [(&'static str, Vec<usize>); 3] = [
        ("total", all),
        ("technical (class 07)", class("07")),
        ("ICT (class 08)", class("08")),
    ];
    let mut out = Vec::new();
    for (what, members) in &groups {
        let sum = |v: &[f64]| members.iter().map(|&o| v[o]).sum::<f64>();
        for (period, offset, observed) in [
            ("2024Q4", OFFSET_2024Q4, sum(&q2024)),
            ("2025Q4", OFFSET_2025Q4, sum(&q2025)),
        ] {
            out.push(Compared {
                what,
                period,
                model: at_offset(&stocks, 2023, offset, members),
                observed,
                start: sum(&start),
            });
        }
    }
    Ok(out)
}

/// The ICT back-test: the CBS ICT workers of `from` (set ict plus ICT
/// managers, spread like their 2025Q4 employment; the other groups scaled
/// to all employed of that year) run forward to `to`.
#[derive(Debug, Clone)]
pub struct IctBacktest {
    pub from: Year,
    pub to: Year,
    pub start: f64,
    pub model: f64,
    pub observed: f64,
    /// The year before `to` (observed), when there is one: 2020 lies before
    /// the possible series break of 2021.
    pub before: Option<(Year, f64, f64)>,
}

/// Occupations CBS counts as ICT workers that the dataset can name: the ICT
/// set and the ICT managers (0533).
fn ict_like(ds: &Dataset) -> Vec<usize> {
    let mut m: Vec<usize> = ds
        .occupation_set("ict")
        .map(|s| s.members.clone())
        .unwrap_or_default();
    if let Some(o) = ds
        .occupations
        .iter()
        .position(|o| o.code.as_str() == "0533")
    {
        m.push(o);
    }
    m
}

pub fn ict_backtest(
    ds: &Dataset,
    sd: &SupplyData,
    obs: &Observed,
    flows: Flows,
    from: Year,
    to: Year,
) -> Result<IctBacktest, String> {
    let (_, ict0, all0) = obs
        .ict
        .iter()
        .find(|(y, _, _)| *y == from)
        .copied()
        .ok_or_else(|| format!("ict_workers.csv has no {from}"))?;
    let all0 = all0.ok_or_else(|| format!("ict_workers.csv has no employment for {from}"))?;
    let observed = obs
        .ict
        .iter()
        .find(|(y, _, _)| *y == to)
        .map(|r| r.1)
        .ok_or_else(|| format!("ict_workers.csv has no {to}"))?;
    let members = ict_like(ds);
    let now: Vec<f64> = ds.occupations.iter().map(|o| o.employed_persons).collect();
    let ict_now: f64 = members.iter().map(|&o| now[o]).sum();
    let rest_now: f64 = now.iter().sum::<f64>() - ict_now;
    let persons: Vec<f64> = (0..now.len())
        .map(|o| {
            if members.contains(&o) {
                now[o] * ict0 / ict_now
            } else {
                now[o] * (all0 - ict0) / rest_now
            }
        })
        .collect();
    let stocks = run_persons(ds, sd, from, &persons, to, flows)?;
    let offset = f64::from(to - from);
    let model = at_offset(&stocks, from, offset, &members);
    let before = obs
        .ict
        .iter()
        .find(|(y, _, _)| *y + 1 == to)
        .map(|(y, v, _)| (*y, at_offset(&stocks, from, offset - 1.0, &members), *v));
    Ok(IctBacktest {
        from,
        to,
        start: ict0,
        model,
        observed,
        before,
    })
}

/// The net side-entry into ICT work (share of the ICT stock per year) that
/// brings the ICT back-test from `from` to the observed count of `to`, with
/// the other flows as in `flows` (bisection on 0-20% a year; the stock grows
/// with the rate). `None` when even 20% does not reach it.
pub fn calibrate_ict_history(
    ds: &Dataset,
    sd: &SupplyData,
    obs: &Observed,
    flows: Flows,
    from: Year,
    to: Year,
) -> Result<Option<(f64, IctBacktest)>, String> {
    let at = |rate: f64| {
        ict_backtest(
            ds,
            sd,
            obs,
            Flows {
                ict_side_entry_rate: rate,
                ..flows
            },
            from,
            to,
        )
    };
    let (mut lo, mut hi) = (0.0, 0.2);
    if at(hi)?.model < at(hi)?.observed {
        return Ok(None);
    }
    if at(lo)?.model >= at(lo)?.observed {
        return Ok(Some((0.0, at(lo)?)));
    }
    for _ in 0..40 {
        let mid = (lo + hi) / 2.0;
        let r = at(mid)?;
        if r.model < r.observed {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let rate = (lo + hi) / 2.0;
    Ok(Some((rate, at(rate)?)))
}

/// The calibrated flows and how well they fit.
#[derive(Debug, Clone)]
pub struct Calibration {
    pub flows: Flows,
    /// Root mean square of the relative misses of the six figures, before
    /// and after.
    pub rms_before: f64,
    pub rms_after: f64,
    pub after: Vec<Compared>,
}

fn rms(c: &[Compared]) -> f64 {
    (c.iter().map(|x| x.miss().powi(2)).sum::<f64>() / c.len().max(1) as f64).sqrt()
}

/// Fits migration, technical side-entry and ICT side-entry to the six
/// observed figures (relative misses, least squares; Gauss-Newton with a
/// numerical Jacobian: the stocks are nearly linear in the three flows).
/// The flows stay in plausible bounds: migration 0-3% of the stock a year,
/// side-entry 0-3 per switch-out, ICT side-entry 0-10% a year.
pub fn calibrate(ds: &Dataset, sd: &SupplyData, obs: &Observed) -> Result<Calibration, String> {
    let start = Flows::of(sd);
    let before = employment_backtest(ds, sd, obs, start)?;
    let bounds = [(0.0, 0.03), (0.0, 3.0), (0.0, 0.10)];
    let to_vec = |f: Flows| {
        [
            f.migration_rate,
            f.side_entry_per_switch_out,
            f.ict_side_entry_rate,
        ]
    };
    let of_vec = |x: [f64; 3]| Flows {
        migration_rate: x[0],
        side_entry_per_switch_out: x[1],
        ict_side_entry_rate: x[2],
    };
    let residuals = |f: Flows| -> Result<Vec<f64>, String> {
        Ok(employment_backtest(ds, sd, obs, f)?
            .iter()
            .map(Compared::miss)
            .collect())
    };
    let mut x = to_vec(start);
    for _ in 0..4 {
        let r0 = residuals(of_vec(x))?;
        let steps = [1e-3, 0.05, 2e-3];
        let mut jac = vec![[0.0; 3]; r0.len()];
        for k in 0..3 {
            let mut xk = x;
            xk[k] += steps[k];
            let rk = residuals(of_vec(xk))?;
            for (i, row) in jac.iter_mut().enumerate() {
                row[k] = (rk[i] - r0[i]) / steps[k];
            }
        }
        // Normal equations (J'J) d = -J'r, 3x3, solved by Cramer's rule.
        let mut a = [[0.0; 3]; 3];
        let mut b = [0.0; 3];
        for (row, r) in jac.iter().zip(&r0) {
            for i in 0..3 {
                b[i] -= row[i] * r;
                for j in 0..3 {
                    a[i][j] += row[i] * row[j];
                }
            }
        }
        let d = solve3(a, b).ok_or("the calibration's equations are singular")?;
        for k in 0..3 {
            x[k] = (x[k] + d[k]).clamp(bounds[k].0, bounds[k].1);
        }
    }
    let flows = of_vec(x);
    let after = employment_backtest(ds, sd, obs, flows)?;
    Ok(Calibration {
        flows,
        rms_before: rms(&before),
        rms_after: rms(&after),
        after,
    })
}

fn det3(m: [[f64; 3]; 3]) -> f64 {
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
}

fn solve3(a: [[f64; 3]; 3], b: [f64; 3]) -> Option<[f64; 3]> {
    let d = det3(a);
    if d.abs() < 1e-300 || !d.is_finite() {
        return None;
    }
    let mut x = [0.0; 3];
    for (k, xk) in x.iter_mut().enumerate() {
        let mut m = a;
        for i in 0..3 {
            m[i][k] = b[i];
        }
        *xk = det3(m) / d;
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cramer_solves_a_small_system() {
        let a = [[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 4.0]];
        let x = [1.0, -2.0, 0.5];
        let b = [
            2.0 * x[0] + x[1],
            x[0] + 3.0 * x[1] + x[2],
            x[1] + 4.0 * x[2],
        ];
        let got = solve3(a, b).expect("regular");
        for k in 0..3 {
            assert!((got[k] - x[k]).abs() < 1e-12, "{got:?}");
        }
        assert!(solve3([[1.0; 3]; 3], b).is_none());
    }

    #[test]
    fn stocks_interpolate_between_new_years() {
        let stocks = vec![
            (2023, vec![100.0, 10.0]),
            (2024, vec![110.0, 10.0]),
            (2025, vec![130.0, 10.0]),
        ];
        assert!((at_offset(&stocks, 2023, 1.5, &[0]) - 120.0).abs() < 1e-12);
        assert!((at_offset(&stocks, 2023, 0.25, &[0, 1]) - 112.5).abs() < 1e-12);
    }
}
