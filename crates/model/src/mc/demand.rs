//! Monte Carlo of the demand run alone (`krapte run --draws`): the
//! distribution of national climate-related labour demand per year, gross
//! and net, summed over chosen occupations (all, the technician set, ...).
//!
//! It draws the same slots from the same streams as the whole-chain Monte
//! Carlo ([`crate::mc::monte_carlo`]): draw *i* of a seed has the
//! same parameter values here and there, and ranges that do not enter demand
//! (supply rates, lever effects) are drawn but change nothing. Demand is
//! linear in its terms, so each draw is a weighted sum of per-term runs
//! ([`DemandBasis`]); when the basis does not reproduce the full chain, every
//! draw runs the full chain instead. Results are kept in draw order: the same
//! seed gives the same numbers bit for bit whatever the number of threads.

use rayon::prelude::*;

use crate::error::{Figure, GapError};
use crate::fast::demand_basis::DemandBasis;
use crate::inputs::bracket::Variant;
use crate::inputs::dataset::Dataset;
use crate::inputs::scenario::Scenario;
use crate::inputs::slots::{set, slots, Slot};
use crate::inputs::units::{Basis, Year};
use crate::mc::draws::draw_values;
use crate::mc::national_view;
use crate::reference::demand::run as demand_run;
use crate::reference::demand::Prepared;
use crate::reference::gap::{climate_by_year, gap_years, Framing, GapOptions};

/// The two bases, in the order of [`DemandMc::sample`]'s storage.
const BASES: [Basis; 2] = [Basis::Gross, Basis::Net];

/// The draws of a demand Monte Carlo, in draw order.
#[derive(Debug, Clone)]
pub struct DemandMc {
    pub seed: u64,
    pub draws: usize,
    /// The years covered: the scenario's years from the dataset's base year.
    pub years: Vec<Year>,
    /// The slots drawn (every range of the dataset with a width).
    pub slots: Vec<Slot>,
    /// Whether draws used the linear basis (else full runs of the chain).
    pub linear: bool,
    n_figures: usize,
    /// fte, draw x year x figure x basis (gross, net).
    values: Vec<f64>,
}

impl DemandMc {
    /// The draws of one figure in one year (index into `years`), in fte.
    pub fn sample(&self, year: usize, figure: usize, basis: Basis) -> Vec<f64> {
        let b = BASES.iter().position(|x| *x == basis).unwrap_or(0);
        let stride = self.years.len() * self.n_figures * 2;
        (0..self.draws)
            .filter_map(|d| {
                self.values
                    .get(d * stride + (year * self.n_figures + figure) * 2 + b)
                    .copied()
            })
            .collect()
    }
}

/// National climate demand per gap year x occupation of one basis.
enum Path<'a> {
    Linear([DemandBasis; 2]),
    Full(&'a Prepared<'a>),
}

/// Runs `draws` draws with `seed`; `figures` are the occupation sets summed
/// (occupation indices; `None` = every occupation).
pub fn demand_monte_carlo(
    ds: &Dataset,
    scenario: &Scenario,
    figures: &[Option<Vec<usize>>],
    draws: usize,
    seed: u64,
) -> Result<DemandMc, GapError> {
    let (nd, nsc) = national_view(ds, scenario);
    let (years, _) = gap_years(&nd, &nsc)?;
    let prepared = Prepared::new(&nd)?;
    let options = |basis| GapOptions {
        basis,
        // All of it: what the measures need, not what a framing puts on top.
        framing: Framing::AllOnTop,
    };
    let path = match (
        DemandBasis::new(&prepared, &nd, &nsc, options(Basis::Gross)),
        DemandBasis::new(&prepared, &nd, &nsc, options(Basis::Net)),
    ) {
        (Some(g), Some(n)) => Path::Linear([g, n]),
        _ => Path::Full(&prepared),
    };
    let slots = slots(&nd);
    let no = nd.n_occupations();
    let ny = years.len();
    let nf = figures.len();
    let sum = |climate: &[f64], out: &mut Vec<f64>, y: usize, f: usize| {
        let row = climate.get(y * no..(y + 1) * no).unwrap_or(&[]);
        match figures.get(f).and_then(Option::as_ref) {
            None => out.push(row.iter().sum()),
            Some(members) => out.push(members.iter().filter_map(|o| row.get(*o)).sum()),
        }
    };
    let results: Vec<Result<Vec<f64>, GapError>> = (0..draws as u64)
        .into_par_iter()
        .map_init(
            || (nd.clone(), [Vec::new(), Vec::new()]),
            |(scratch, climate), i| {
                for (s, v) in slots.iter().zip(draw_values(&slots, seed, i)) {
                    set(scratch, s.at, v);
                }
                for (k, basis) in BASES.into_iter().enumerate() {
                    match &path {
                        Path::Linear(b) => b[k].climate(scratch, &mut climate[k]),
                        Path::Full(prep) => {
                            let p = prep.rebind(scratch).ok_or(GapError::DrawChangedTable)?;
                            let demand = demand_run(&p, &nsc, Variant::Central);
                            climate[k] = climate_by_year(&demand, &years, options(basis), no);
                        }
                    }
                }
                let mut out = Vec::with_capacity(ny * nf * 2);
                for y in 0..ny {
                    for f in 0..nf {
                        for c in climate.iter() {
                            sum(c, &mut out, y, f);
                        }
                    }
                }
                if out.iter().any(|v| !v.is_finite()) {
                    return Err(GapError::NotFinite(Figure::DrawDemand));
                }
                Ok(out)
            },
        )
        .collect();
    let mut values = Vec::with_capacity(draws * ny * nf * 2);
    for r in results {
        values.extend(r?);
    }
    Ok(DemandMc {
        seed,
        draws,
        years,
        linear: matches!(path, Path::Linear(_)),
        slots,
        n_figures: nf,
        values,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::toy::toy_scenario;
    use crate::toy::toy_with_supply;

    fn technicians(ds: &Dataset) -> Option<Vec<usize>> {
        ds.occupation_set("technician").map(|s| s.members.clone())
    }

    /// Each draw equals a full run of the chain at the draw's values, for
    /// the total and the technician set, gross and net.
    #[test]
    fn draws_match_full_runs() {
        let ds = toy_with_supply();
        let sc = toy_scenario(1.0);
        let figures = [None, technicians(&ds)];
        let mc = demand_monte_carlo(&ds, &sc, &figures, 8, 3).expect("runs");
        assert!(mc.linear);
        assert!(!mc.slots.is_empty());
        let prep = Prepared::new(&ds).expect("prepares");
        for i in 0..8u64 {
            let mut d = ds.clone();
            for (s, v) in mc.slots.iter().zip(draw_values(&mc.slots, 3, i)) {
                set(&mut d, s.at, v);
            }
            let p = prep.rebind(&d).expect("same table");
            let r = demand_run(&p, &sc, Variant::Central);
            for (y, &t) in mc.years.iter().enumerate() {
                for basis in BASES {
                    let total = r.total(t, basis).value();
                    let tech: f64 = r
                        .by_region(t, basis, figures[1].as_deref())
                        .iter()
                        .map(|x| x.value())
                        .sum();
                    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * (1.0 + a.abs());
                    let got = mc.sample(y, 0, basis)[i as usize];
                    assert!(close(total, got), "{t} {basis:?}: {total} vs {got}");
                    assert!(close(tech, mc.sample(y, 1, basis)[i as usize]));
                }
            }
        }
    }

    #[test]
    fn identical_for_any_number_of_threads() {
        let ds = toy_with_supply();
        let sc = toy_scenario(1.0);
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool");
            pool.install(|| demand_monte_carlo(&ds, &sc, &[None], 50, 7))
                .expect("runs")
        };
        let (a, b) = (run(1), run(3));
        assert_eq!(a.values, b.values);
        assert_eq!(a.values.len(), 50 * a.years.len() * 2);
    }

    /// With every range a point, every draw is the deterministic run.
    #[test]
    fn zero_width_ranges_give_the_deterministic_run() {
        let mut ds = toy_with_supply();
        for s in slots(&ds) {
            set(&mut ds, s.at, s.range.central);
        }
        let sc = toy_scenario(1.0);
        let mc = demand_monte_carlo(&ds, &sc, &[None], 4, 1).expect("runs");
        let prep = Prepared::new(&ds).expect("prepares");
        let r = demand_run(&prep, &sc, Variant::Central);
        for (y, &t) in mc.years.iter().enumerate() {
            for v in mc.sample(y, 0, Basis::Net) {
                let want = r.total(t, Basis::Net).value();
                assert!((v - want).abs() <= 1e-9 * (1.0 + want.abs()), "{v} {want}");
            }
        }
    }
}
