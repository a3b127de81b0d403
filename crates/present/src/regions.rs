//! The figures per region of a region set (issue 22), in one place for
//! `krapte gap --regions` and `--by res`, the site's region pages and
//! `GET /api/regions`: per region the technicians' climate demand, the
//! technicians required and available and the gap (central run, with the
//! extreme corners), the draws' gap without and with the policy (mean,
//! P5, P50, P95, probability of no gap), and for each RES region the
//! labour market of the arbeidsmarktregio's it overlaps.
//!
//! Each set is a view of the dataset ([`krapte_data::region_view`]) with
//! every measure placed by its key; the draws are those of
//! [`krapte_data::region_view::monte_carlo_sets`] with the headline's
//! draws and seed by default, so the national row's draws are the
//! headline's.

use krapte_data::region_view::{self, Placement, RegionView};
use krapte_model::mc::summary::{probability, summarize, McResult};
use krapte_model::mc::McSpec;
use krapte_model::reference::gap::{Dim, GapOptions, GapResult, Quantity};
use krapte_model::reference::policy::{items_of, Applied};
use krapte_model::{Bracket, Dataset, Model, Policy, RegionData, RegionSetKind, Scenario, Year};

/// The draws' technician gap in one region: mean, P5, P50, P95 and the
/// share of draws with no gap (gap ≤ 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Odds {
    pub mean: f64,
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
    pub probability_closed: f64,
}

impl Odds {
    /// The odds of a sample of gaps; `None` when it is empty or has a
    /// value that is not finite (no figure is made of it).
    pub fn of(gaps: &[f64]) -> Option<Odds> {
        if gaps.is_empty() || gaps.iter().any(|g| !g.is_finite()) {
            return None;
        }
        let s = summarize(gaps);
        Some(Odds {
            mean: s.mean,
            p5: s.p5,
            p50: s.p50,
            p95: s.p95,
            probability_closed: probability(gaps, |g| g <= 0.0),
        })
    }
}

/// One region's figures in the goal year (fte, net).
#[derive(Debug, Clone, PartialEq)]
pub struct RegionFigures {
    pub code: String,
    pub name: String,
    /// The technicians' climate demand of the measures placed here above
    /// the base year's level of climate work (the climate increment; below
    /// zero where a measure's activity falls under its base-year level).
    pub climate: Bracket,
    pub required: Bracket,
    pub available: Bracket,
    /// The central run's gap (required − available), with the corners;
    /// these four with the policy when there is one
    /// ([`SetFigures::with_policy`]).
    pub gap: Bracket,
    /// The draws' gap without the policy; `None` without draws per region.
    pub without: Option<Odds>,
    /// With the policy; `None` without a policy or draws per region.
    pub with: Option<Odds>,
}

/// A RES region beside the arbeidsmarktregio's it overlaps.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlap {
    /// Index of the RES region in its set.
    pub res: usize,
    /// (index of the arbeidsmarktregio, share of its employee jobs that
    /// lies in the RES region), largest first, shares below 0.05% left out.
    pub parts: Vec<(usize, f64)>,
    /// The overlapping arbeidsmarktregio's technicians available and gap,
    /// each weighted by its share (central run, with the policy when there
    /// is one).
    pub available: f64,
    pub gap: f64,
    /// The weighted gap in each draw, without and with the policy.
    pub without: Option<Odds>,
    pub with: Option<Odds>,
}

/// One region set's figures.
#[derive(Debug, Clone)]
pub struct SetFigures {
    pub view: RegionView,
    pub year: Year,
    /// Draws and seed of the Monte Carlo (0 draws: central run only).
    pub draws: usize,
    pub seed: u64,
    pub with_policy: bool,
    pub regions: Vec<RegionFigures>,
    /// "NL": the central run's figures (and corners) summed over the
    /// regions, and the national draws.
    pub national: RegionFigures,
    /// The draws' gap per region and draw, without and with the policy
    /// (region-major), for views that weigh one set against another.
    draws_without: Vec<Vec<f64>>,
    draws_with: Vec<Vec<f64>>,
}

impl SetFigures {
    pub fn kind(&self) -> RegionSetKind {
        self.view.kind
    }

    /// Where each measure's work happens in this set.
    pub fn placements(&self) -> &[Placement] {
        &self.view.placements
    }

    /// Whether the draws give the gap per region.
    pub fn has_draws(&self) -> bool {
        !self.draws_without.is_empty()
    }

    /// The region with `code`.
    pub fn region(&self, code: &str) -> Option<(usize, &RegionFigures)> {
        self.regions
            .iter()
            .enumerate()
            .find(|(_, r)| r.code == code)
    }
}

/// What [`compute`] computes.
#[derive(Debug, Clone, Copy)]
pub struct RegionSpec<'a> {
    pub kinds: &'a [RegionSetKind],
    pub scenario: &'a Scenario,
    pub policy: Option<&'a Policy>,
    pub options: GapOptions,
    pub year: Year,
    pub draws: usize,
    pub seed: u64,
}

/// The figures of each set of `spec.kinds`; the RES × labour-market view
/// with [`overlaps`].
pub fn compute(
    ds: &Dataset,
    rd: &RegionData,
    spec: RegionSpec<'_>,
) -> Result<Vec<SetFigures>, String> {
    let runs: Vec<(RegionView, Scenario, Option<McResult>)> = if spec.draws == 0 {
        spec.kinds
            .iter()
            .map(|&k| {
                let view = region_view::view(ds, rd, k, region_view::Placing::Keys)?;
                let sc = region_view::scenario(&view, ds, spec.scenario)?;
                Ok((view, sc, None))
            })
            .collect::<Result<_, String>>()?
    } else {
        let mc = McSpec {
            options: spec.options,
            year: spec.year,
            draws: spec.draws,
            seed: spec.seed,
        };
        region_view::monte_carlo_sets(ds, rd, spec.kinds, spec.scenario, spec.policy, mc)?
            .into_iter()
            .map(|r| (r.view, r.scenario, Some(r.mc)))
            .collect()
    };
    runs.into_iter()
        .map(|(view, sc, mc)| set_figures(view, &sc, mc, &spec))
        .collect()
}

fn set_figures(
    view: RegionView,
    sc: &Scenario,
    mc: Option<McResult>,
    spec: &RegionSpec<'_>,
) -> Result<SetFigures, String> {
    let vd = &view.dataset;
    let model = Model::new(vd).map_err(|e| e.to_string())?;
    // The central run with the policy when there is one, as the site's
    // province page and the headline's central run with the plan.
    let central = match spec.policy {
        Some(p) => model
            .runs(sc, spec.options)
            .and_then(|prep| {
                prep.into_run(&Applied {
                    dataset: vd,
                    items: items_of(p),
                })
            })
            .map_err(|e| e.to_string())?,
        None => model.gap(sc, spec.options).map_err(|e| e.to_string())?,
    };
    let [climate, required, available, gap] = central_rows(vd, &central, spec.year)
        .ok_or_else(|| format!("the {} view has no technician figures by region", view.kind))?;
    let nr = vd.n_regions();
    let per_region = |with: bool| -> Vec<Vec<f64>> {
        match &mc {
            Some(m) if m.n_provinces() == nr => (0..nr).map(|r| m.province_gaps(r, with)).collect(),
            _ => Vec::new(),
        }
    };
    let draws_without = per_region(false);
    let draws_with = if spec.policy.is_some() {
        per_region(true)
    } else {
        Vec::new()
    };
    let regions = vd
        .regions
        .iter()
        .enumerate()
        .map(|(r, region)| RegionFigures {
            code: region.code.clone(),
            name: region.name.clone(),
            climate: climate[r],
            required: required[r],
            available: available[r],
            gap: gap[r],
            without: draws_without.get(r).and_then(|g| Odds::of(g)),
            with: draws_with.get(r).and_then(|g| Odds::of(g)),
        })
        .collect();
    // The corners are runs of the whole country (every parameter at its
    // low or high end), so each end adds up over the regions.
    let sum = |b: &[Bracket]| -> Bracket {
        let end = |f: fn(&Bracket) -> f64| b.iter().map(f).sum();
        Bracket {
            low: end(|x| x.low),
            central: end(|x| x.central),
            high: end(|x| x.high),
        }
    };
    let national = RegionFigures {
        code: "NL".into(),
        name: "Nederland".into(),
        climate: sum(&climate),
        required: sum(&required),
        available: sum(&available),
        gap: sum(&gap),
        without: mc.as_ref().and_then(|m| Odds::of(&m.gaps(false))),
        with: mc
            .as_ref()
            .filter(|_| spec.policy.is_some())
            .and_then(|m| Odds::of(&m.gaps(true))),
    };
    Ok(SetFigures {
        view,
        year: spec.year,
        draws: mc.as_ref().map_or(0, |m| m.draws.len()),
        seed: spec.seed,
        with_policy: spec.policy.is_some(),
        regions,
        national,
        draws_without,
        draws_with,
    })
}

/// The technicians' central figures per region: climate demand, required,
/// available, gap.
fn central_rows(ds: &Dataset, r: &GapResult, year: Year) -> Option<[Vec<Bracket>; 4]> {
    let tech = ds.occupation_set("technician")?.members.clone();
    let b = |q| r.breakdown(year, q, Some(&tech), Dim::Region);
    Some([
        b(Quantity::Climate)?,
        b(Quantity::Required)?,
        b(Quantity::Available)?,
        b(Quantity::Gap)?,
    ])
}

/// For each RES region: the arbeidsmarktregio's it overlaps, each weighted
/// by the share of its employee jobs that lies in the RES region (through
/// the COROP crosswalk; within a split COROP region by inhabitants). The
/// weights of one arbeidsmarktregio sum to 1 over the RES regions, so the
/// weighted columns add up to the national figures.
pub fn overlaps(res: &SetFigures, am: &SetFigures, rd: &RegionData) -> Option<Vec<Overlap>> {
    let xw_res = rd.crosswalk(RegionSetKind::Res)?;
    let xw_am = rd.crosswalk(RegionSetKind::Arbeidsmarktregio)?;
    let na = am.regions.len();
    let ne = res.regions.len();
    let mut corop_jobs = vec![0.0; xw_am.parts.len()];
    for parts in &am.view.corop_jobs {
        for &(c, j) in parts {
            if let Some(x) = corop_jobs.get_mut(c) {
                *x += j;
            }
        }
    }
    let am_jobs: Vec<f64> = am
        .view
        .corop_jobs
        .iter()
        .map(|p| p.iter().map(|x| x.1).sum())
        .collect();
    // weight[e][a] = jobs in both / jobs of a.
    let mut weight = vec![vec![0.0; na]; ne];
    for ((jobs, res_parts), am_parts) in corop_jobs.iter().zip(&xw_res.parts).zip(&xw_am.parts) {
        for &(e, se) in res_parts {
            for &(a, sa) in am_parts {
                if am_jobs.get(a).is_some_and(|j| *j > 0.0) && e < ne {
                    weight[e][a] += se * sa * jobs / am_jobs[a];
                }
            }
        }
    }
    let weighted = |w: &[f64], draws: &[Vec<f64>]| -> Option<Odds> {
        if draws.len() != na {
            return None;
        }
        let n = draws.first().map_or(0, Vec::len);
        let per_draw: Vec<f64> = (0..n)
            .map(|i| w.iter().zip(draws).map(|(w, d)| w * d[i]).sum())
            .collect();
        Odds::of(&per_draw)
    };
    Some(
        weight
            .iter()
            .enumerate()
            .map(|(e, w)| {
                let mut parts: Vec<(usize, f64)> = w
                    .iter()
                    .enumerate()
                    .filter(|(_, w)| **w > 0.0005)
                    .map(|(a, w)| (a, *w))
                    .collect();
                parts.sort_by(|x, y| y.1.total_cmp(&x.1));
                Overlap {
                    res: e,
                    parts,
                    available: w
                        .iter()
                        .zip(&am.regions)
                        .map(|(w, r)| w * r.available.central)
                        .sum(),
                    gap: w
                        .iter()
                        .zip(&am.regions)
                        .map(|(w, r)| w * r.gap.central)
                        .sum(),
                    without: weighted(w, &am.draws_without),
                    with: weighted(w, &am.draws_with),
                }
            })
            .collect(),
    )
}
