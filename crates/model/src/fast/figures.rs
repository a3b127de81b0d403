//! Equals [`crate::reference::gap::GapResult::cells`] summed by
//! [`crate::reference::gap::GapResult::aggregate`] over the technicians by
//! education level and by region, and the gap's parts
//! (`crate::reference::gap::Cell`) per level: the per-level, per-province
//! and per-year arithmetic that the Monte Carlo engine and the explorer
//! share. Checked by the path tester (`crates/model/tests/paths.rs`), figure by figure against the
//! reference result. Falls back to nothing: a caller without the fast inputs
//! sums a full [`crate::reference::gap::GapResult`] ([`PolicySums::of`]).
//!
//! - [`PolicySums`], [`LevelRegion`], [`combine`]: baseline demand, climate
//!   demand and supply of one policy per gap year × level × region;
//! - `TechnicianStocks`: the technicians' stocks summed once per stock year
//!   (per level, and per part of the split form).

use crate::fast::split::PARTS;
use crate::inputs::bracket::Variant;
use crate::inputs::codes::Education;
use crate::inputs::codes::Level;
use crate::inputs::units::Year;
use crate::reference::gap::{supply_variant_of, Adjustment, Dim, GapResult, Quantity};

const NE: usize = Education::COUNT;
const NL: usize = Level::ALL.len();

/// What a policy gives the explorer, independent of the climate factors:
/// per demand variant, baseline demand and available supply summed over an
/// occupation set into gap year x level x region, and the policy's factor
/// on required labour per gap year.
#[derive(Debug, Clone)]
pub struct PolicySums {
    pub years: Vec<Year>,
    pub n_regions: usize,
    pub(crate) baseline: [Vec<f64>; 3],
    pub(crate) available: [Vec<f64>; 3],
    pub(crate) required_factor: [Vec<f64>; 3],
}

/// Sums per-cell values (occupation x education x region) over `members`
/// into level x region, added to `out`.
pub(crate) fn add_cells(cells: &[f64], members: &[usize], nr: usize, out: &mut [f64]) {
    for &o in members {
        for e in 0..NE {
            let l = Education::from_index(e).level as usize;
            let start = (o * NE + e) * nr;
            let Some(row) = cells.get(start..start + nr) else {
                continue;
            };
            for (r, v) in row.iter().enumerate() {
                out[l * nr + r] += v;
            }
        }
    }
}

impl PolicySums {
    /// Sums a gap result run with `adjust` (climate demand in it is ignored).
    pub fn of(g: &GapResult, adjust: &dyn Adjustment, members: &[usize]) -> Option<PolicySums> {
        let nr = g.n_regions;
        let per = NL * nr;
        let mut baseline: [Vec<f64>; 3] = Default::default();
        let mut available: [Vec<f64>; 3] = Default::default();
        let mut required_factor: [Vec<f64>; 3] = Default::default();
        for v in Variant::ALL {
            let i = v as usize;
            baseline[i] = vec![0.0; g.years.len() * per];
            available[i] = vec![0.0; g.years.len() * per];
            for (y, &t) in g.years.iter().enumerate() {
                let b = g.cells(v, t, Quantity::RequiredBaseline)?;
                add_cells(&b, members, nr, &mut baseline[i][y * per..(y + 1) * per]);
                let a = g.cells(v, t, Quantity::Available)?;
                add_cells(&a, members, nr, &mut available[i][y * per..(y + 1) * per]);
            }
            let sv = supply_variant_of(v);
            required_factor[i] = g
                .years
                .iter()
                .map(|&t| adjust.required_factor(sv, t))
                .collect();
        }
        Some(PolicySums {
            years: g.years.clone(),
            n_regions: nr,
            baseline,
            available,
            required_factor,
        })
    }
}

/// The technician figures of one run: gap year x level x region.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelRegion {
    pub years: Vec<Year>,
    pub n_regions: usize,
    /// Baseline + climate demand.
    pub required: Vec<f64>,
    /// Climate demand (with the policy's factor on required labour).
    pub climate: Vec<f64>,
    pub available: Vec<f64>,
}

impl LevelRegion {
    /// Index of (gap year `y`, level `l`, region `r`).
    pub fn at(&self, y: usize, l: usize, r: usize) -> usize {
        (y * NL + l) * self.n_regions + r
    }
}

/// Required, climate and available per demand variant from the two parts;
/// `None` when they are for different years or regions.
pub fn combine(policy: &PolicySums, climate: &[Vec<f64>; 3]) -> Option<[LevelRegion; 3]> {
    let per = NL * policy.n_regions;
    let n = policy.years.len() * per;
    if climate.iter().any(|c| c.len() != n) {
        return None;
    }
    let one = |v: usize| -> LevelRegion {
        let mut clim = climate[v].clone();
        for (y, chunk) in clim.chunks_mut(per).enumerate() {
            let f = policy.required_factor[v].get(y).copied().unwrap_or(1.0);
            chunk.iter_mut().for_each(|x| *x *= f);
        }
        let required = policy.baseline[v]
            .iter()
            .zip(&clim)
            .map(|(b, c)| b + c)
            .collect();
        LevelRegion {
            years: policy.years.clone(),
            n_regions: policy.n_regions,
            required,
            climate: clim,
            available: policy.available[v].clone(),
        }
    };
    Some([one(0), one(1), one(2)])
}

/// The technicians' stocks that [`Engine::figures`] reads, summed once per
/// stock year (year 0 is the base stock) rather than per gap year and
/// figure.
#[derive(Debug, Clone, Default)]
pub(crate) struct TechnicianStocks {
    /// The number of stock years.
    pub(crate) years: usize,
    /// Stock year x technician: the stock per level, its parts summed.
    pub(crate) levels: Vec<[f64; NL]>,
    /// Split form only: stock year x technician, part 0 over every education.
    pub(crate) part0: Vec<f64>,
    /// Split form only: per stock year, part 1 per education over the
    /// technicians.
    pub(crate) part1: Vec<[f64; NE]>,
}

impl TechnicianStocks {
    /// Sums `stock` (stock year x cell, `cells` per year, `parts` values per
    /// cell) for `technicians`; the part sums when `parts` is [`PARTS`].
    pub(crate) fn add_up(
        &mut self,
        stock: &[f64],
        cells: usize,
        technicians: &[usize],
        parts: usize,
    ) {
        let nt = technicians.len();
        let years = stock.len() / cells.max(1);
        let split = parts == PARTS;
        self.years = years;
        self.levels.clear();
        self.levels.resize(years * nt, [0.0; NL]);
        self.part0.clear();
        self.part1.clear();
        if split {
            self.part0.resize(years * nt, 0.0);
            self.part1.resize(years, [0.0; NE]);
        }
        // An occupation's block of values (education x part) holds the
        // levels one after the other (the education index is level-major),
        // `per_level` values each.
        let per_level = NE / NL * parts;
        for (k, year) in stock.chunks_exact(cells.max(1)).enumerate() {
            for (i, &o) in technicians.iter().enumerate() {
                let block = &year[o * NE * parts..(o + 1) * NE * parts];
                let levels = block.chunks_exact(per_level);
                for (x, level) in self.levels[k * nt + i].iter_mut().zip(levels) {
                    *x = level.iter().sum();
                }
                if split {
                    let mut part0 = 0.0;
                    for (x, pair) in self.part1[k].iter_mut().zip(block.chunks_exact(PARTS)) {
                        part0 += pair[0];
                        *x += pair[1];
                    }
                    self.part0[k * nt + i] = part0;
                }
            }
        }
    }
}

/// The technician figures of one bracket run in an area (the nation, or
/// one province): what the explorer's answer reads.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaSums {
    /// Per gap year: required, climate, available (in the area).
    pub years: Vec<[f64; 3]>,
    /// Goal year by level (in the area): required, available.
    pub levels: [Vec<f64>; 2],
    /// Goal year by region (national): required, available.
    pub regions: [Vec<f64>; 2],
    /// Goal year national: required, climate, available.
    pub national: [f64; 3],
}

impl AreaSums {
    /// One run's sums for the technician set from a full gap result; `region`
    /// limits the area.
    pub fn of_result(
        g: &GapResult,
        v: Variant,
        goal: Year,
        tech: &[usize],
        region: Option<usize>,
    ) -> Option<AreaSums> {
        let nr = g.n_regions.max(1);
        let mask = |cells: &mut Vec<f64>| {
            if let Some(r) = region {
                // Cells run occupation x education x region, region innermost.
                for (c, x) in cells.iter_mut().enumerate() {
                    if c % nr != r {
                        *x = 0.0;
                    }
                }
            }
        };
        let mut out = AreaSums {
            years: Vec::with_capacity(g.years.len()),
            levels: [Vec::new(), Vec::new()],
            regions: [Vec::new(), Vec::new()],
            national: [0.0; 3],
        };
        for &t in &g.years {
            let q = [Quantity::Required, Quantity::Climate, Quantity::Available];
            let mut all = Vec::with_capacity(3);
            for q in q {
                all.push(g.cells(v, t, q)?);
            }
            if t == goal {
                let by_region: Vec<Vec<f64>> = all
                    .iter()
                    .map(|c| g.aggregate(c, Some(tech), Dim::Region))
                    .collect();
                for (total, r) in out.national.iter_mut().zip(&by_region) {
                    *total = r.iter().sum();
                }
                out.regions = [by_region[0].clone(), by_region[2].clone()];
            }
            let mut row = [0.0; 3];
            let mut by_level = Vec::with_capacity(3);
            for (k, mut cells) in all.into_iter().enumerate() {
                mask(&mut cells);
                let lv = g.aggregate(&cells, Some(tech), Dim::Level);
                row[k] = lv.iter().sum();
                by_level.push(lv);
            }
            if t == goal {
                out.levels = [by_level[0].clone(), by_level[2].clone()];
            }
            out.years.push(row);
        }
        Some(out)
    }

    /// One run's sums from the fast path's gap year x level x region figures.
    pub fn of_level_region(
        lr: &LevelRegion,
        goal: Year,
        region: Option<usize>,
    ) -> Option<AreaSums> {
        let nr = lr.n_regions;
        let nl = Level::ALL.len();
        let in_area = |r: usize| region.is_none_or(|a| a == r);
        let sum = |v: &[f64], y: usize, l: Option<usize>, r: Option<usize>| -> f64 {
            let mut s = 0.0;
            for ll in 0..nl {
                if l.is_some_and(|l| l != ll) {
                    continue;
                }
                for rr in 0..nr {
                    let keep = match r {
                        Some(r) => r == rr,
                        None => in_area(rr),
                    };
                    if keep {
                        s += v[lr.at(y, ll, rr)];
                    }
                }
            }
            s
        };
        let qs = [&lr.required, &lr.climate, &lr.available];
        let g = lr.years.iter().position(|t| *t == goal)?;
        let all_regions = |v: &[f64]| -> f64 { (0..nr).map(|r| sum(v, g, None, Some(r))).sum() };
        Some(AreaSums {
            years: (0..lr.years.len())
                .map(|y| qs.map(|v| sum(v, y, None, None)))
                .collect(),
            levels: [&lr.required, &lr.available]
                .map(|v| (0..nl).map(|l| sum(v, g, Some(l), None)).collect()),
            regions: [&lr.required, &lr.available]
                .map(|v| (0..nr).map(|r| sum(v, g, None, Some(r))).collect()),
            national: qs.map(|v| all_regions(v)),
        })
    }
}
