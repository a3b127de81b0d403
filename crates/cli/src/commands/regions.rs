//! `--regions province|arbeidsmarktregio|res` on `gap` and `plan` (issue
//! 22): the technician gap per region of one set, from a region view of the
//! dataset (`krapte_data::region_view`), with the Monte Carlo draws per
//! region; `--by res`: each RES region's climate demand beside the supply
//! and gap of the arbeidsmarktregio's it overlaps.

use std::path::PathBuf;

use krapte_data::region_view::{self, Placing, RegionView};
use krapte_model::mc::summary::McResult;
use krapte_model::mc::{monte_carlo, McSpec};
use krapte_model::reference::gap::{Dim, GapOptions, GapResult, Quantity};
use krapte_model::{Bracket, Model, Policy, RegionData, RegionSetKind, Scenario, Year};

use crate::reports::monte_carlo::{gap_columns, gap_row};
use crate::session::Session;
use crate::table::{Column, Table, R3};
use crate::McArgs;

/// The region folder beside the dataset folder (data/regions beside
/// data/default).
pub(crate) fn region_dir(s: &Session) -> Option<PathBuf> {
    s.dir
        .parent()
        .map(|p| p.join("regions"))
        .filter(|d| d.join("manifest.toml").is_file())
}

pub(crate) fn load_region_data(s: &Session) -> Result<RegionData, String> {
    let dir = region_dir(s).ok_or_else(|| {
        format!(
            "--regions needs the region folder beside the dataset ({}); it has none",
            s.dir.display()
        )
    })?;
    krapte_data::load_regions(&dir)
        .map(|l| l.data)
        .map_err(|e| format!("region sets {}: {e}", dir.display()))
}

/// One set's run: the view, its central run and its draws.
pub(crate) struct RegionRun {
    pub(crate) view: RegionView,
    pub(crate) central: GapResult,
    /// `None` with `--draws 0`.
    pub(crate) mc: Option<McResult>,
}

/// Runs the view of set `kind`: the central run and (unless `--draws 0`)
/// the draws with `policy`, the seed and draws of the headline.
#[allow(clippy::too_many_arguments)]
pub(crate) fn run(
    s: &Session,
    rd: &RegionData,
    kind: RegionSetKind,
    scenario: &Scenario,
    policy: Option<&Policy>,
    options: GapOptions,
    year: Year,
    mc: &McArgs,
) -> Result<RegionRun, String> {
    let ds = &s.loaded.dataset;
    let view = region_view::view(ds, rd, kind, Placing::Keys)?;
    let sc = region_view::scenario(&view, ds, scenario)?;
    let model = Model::new(&view.dataset).map_err(|e| e.to_string())?;
    let central = model.gap(&sc, options).map_err(|e| e.to_string())?;
    let mc = if mc.draws == 0 {
        None
    } else {
        let spec = McSpec {
            options,
            year,
            draws: mc.draws,
            seed: mc.seed,
        };
        Some(monte_carlo(&view.dataset, &sc, policy, spec, &|_| {}).map_err(|e| e.to_string())?)
    };
    Ok(RegionRun { view, central, mc })
}

fn tech(ds: &krapte_model::Dataset) -> Vec<usize> {
    ds.occupation_set("technician")
        .map(|s| s.members.clone())
        .unwrap_or_default()
}

fn r3(b: Bracket) -> R3 {
    R3::new(b.low, b.central, b.high)
}

/// The technicians' central figures per region of a run: (climate,
/// required, available, gap).
fn central_rows(run: &RegionRun, year: Year) -> Option<[Vec<Bracket>; 4]> {
    let t = tech(&run.view.dataset);
    let b = |q| run.central.breakdown(year, q, Some(&t), Dim::Region);
    Some([
        b(Quantity::Climate)?,
        b(Quantity::Required)?,
        b(Quantity::Available)?,
        b(Quantity::Gap)?,
    ])
}

/// The draws' gap per region (goal year), when the draws have regions.
fn drawn(run: &RegionRun, r: usize, with: bool) -> Option<Vec<f64>> {
    let mc = run.mc.as_ref()?;
    (mc.n_provinces() == run.view.dataset.n_regions()).then(|| mc.province_gaps(r, with))
}

/// Every region of the set with demand, supply and gap (central run) and
/// the draws' gap (mean, P5, P50, P95, probability of no gap), and the
/// national row they add up to.
pub(crate) fn table(run: &RegionRun, year: Year, with_policy: bool) -> Option<Table> {
    let v = &run.view;
    let [climate, req, avail, gap] = central_rows(run, year)?;
    let id = format!("gap_regions_{}", v.kind.id());
    let mut cols = vec![
        Column::ranged("climate_fte", "climate demand"),
        Column::ranged("required_fte", "technicians required"),
        Column::ranged("available_fte", "technicians available"),
        Column::ranged("gap_fte", "technician gap (central run)"),
    ];
    let mc_cols = gap_columns();
    let policies: &[(&str, bool)] = if with_policy {
        &[("without", false), ("with", true)]
    } else {
        &[("none", false)]
    };
    for (label, _) in policies {
        for c in &mc_cols {
            cols.push(Column::plain(
                &format!("draws_{label}_{}", c.name),
                &format!("draws {label} plan: {}", c.header),
            ));
        }
    }
    let title = format!(
        "Technician gap per region: {} ({} regions, classification {})",
        v.name_en,
        v.dataset.n_regions(),
        v.version
    );
    let mut t = Table::new(&id, title, "fte; probability 0-1", Some(year), "net")
        .keys(&["code", "region"])
        .columns(cols);
    let n_cols = 4 + policies.len() * mc_cols.len();
    let mut total = [0.0f64; 4];
    for (r, region) in v.dataset.regions.iter().enumerate() {
        let mut values = vec![r3(climate[r]), r3(req[r]), r3(avail[r]), r3(gap[r])];
        for (i, b) in [climate[r], req[r], avail[r], gap[r]].iter().enumerate() {
            total[i] += b.central;
        }
        for (_, with) in policies {
            match drawn(run, r, *with) {
                Some(g) => values.extend(gap_row(&g)),
                None => values.extend(std::iter::repeat_n(R3::point(f64::NAN), mc_cols.len())),
            }
        }
        debug_assert_eq!(values.len(), n_cols);
        t.push(vec![region.code.clone(), region.name.clone()], values);
    }
    // The national row: the regions' sum of the central run, and the
    // draws' national gap.
    let mut values: Vec<R3> = total.iter().map(|x| R3::point(*x)).collect();
    for (_, with) in policies {
        match &run.mc {
            Some(mc) => values.extend(gap_row(&mc.gaps(*with))),
            None => values.extend(std::iter::repeat_n(R3::point(f64::NAN), mc_cols.len())),
        }
    }
    t.push(
        vec!["NL".into(), "Nederland (sum of the regions)".into()],
        values,
    );
    t.notes.push(format!(
        "region set {} {} (region data edition {}): employee jobs {} by SBI group from the COROP regions through the crosswalk (COROP regions in several regions split by inhabitants); measures placed by their keys (table region_placement), the others follow their sectors' employment",
        v.name_en, v.version, v.edition, v.base_year
    ));
    t.notes.push("supply per region: the base stock by the region's share of jobs by sector and occupation, school-leavers where their education works, the rates national; commuting between regions is not modelled".into());
    t.notes.push("in every draw and year the regions add up to the national gap; the regions' quantiles do not add up to the national ones".into());
    if run.mc.is_some() && drawn(run, 0, false).is_none() {
        t.notes.push("no draws per region: the policy aims a lever at one region or climate demand is not linear for this dataset (central run only)".into());
    }
    Some(t)
}

/// Each measure's key in the view: which key, how it is founded.
pub(crate) fn placement_table(run: &RegionRun) -> Table {
    let v = &run.view;
    let mut t = Table::new(
        &format!("region_placement_{}", v.kind.id()),
        format!("Where each measure's work happens: {}", v.name_en),
        "",
        None,
        "",
    )
    .keys(&[
        "measure",
        "key",
        "key quality",
        "fit quality",
        "reason",
        "largest region",
    ])
    .columns(vec![Column::plain(
        "largest_share",
        "largest region's share",
    )]);
    for p in &v.placements {
        let (largest, share) = p
            .shares
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(r, s)| (v.dataset.regions[r].name.clone(), *s))
            .unwrap_or_default();
        let (key, kq, q, reason) = match &p.key {
            Some(k) => (
                k.name.clone(),
                k.key_quality.label().to_string(),
                k.quality.label().to_string(),
                k.reason.clone(),
            ),
            None => (
                "follows its sectors' employment".into(),
                String::new(),
                String::new(),
                "no placement key: the sectors' employee jobs by region".into(),
            ),
        };
        t.push(
            vec![p.measure_name.clone(), key, kq, q, reason, largest],
            vec![R3::point(if p.shares.is_empty() {
                f64::NAN
            } else {
                share
            })],
        );
    }
    t.notes.push("quality: sourced or derived = from the sources in data/regions; assumption = a stated judgement".into());
    t
}

/// For each RES region: its climate demand (RES view) beside the supply and
/// gap of the arbeidsmarktregio's it overlaps, each AM region's figures
/// weighted by the share of its employee jobs that lies in the RES region
/// (through the COROP crosswalk; within a split COROP region by
/// inhabitants). The weights of one AM region sum to 1 over the RES
/// regions, so the columns add up to the national figures.
pub(crate) fn res_by_labour_market(
    res: &RegionRun,
    am: &RegionRun,
    rd: &RegionData,
    year: Year,
) -> Option<Table> {
    let [climate, ..] = central_rows(res, year)?;
    let [_, _, avail, gap] = central_rows(am, year)?;
    let xw_res = rd.crosswalk(RegionSetKind::Res)?;
    let xw_am = rd.crosswalk(RegionSetKind::Arbeidsmarktregio)?;
    let na = am.view.dataset.n_regions();
    let ne = res.view.dataset.n_regions();
    // Jobs of each COROP region (all groups), and per AM region.
    let mut corop_jobs = vec![0.0; xw_am.parts.len()];
    for parts in &am.view.corop_jobs {
        for &(c, j) in parts {
            corop_jobs[c] += j;
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
                if am_jobs[a] > 0.0 {
                    weight[e][a] += se * sa * jobs / am_jobs[a];
                }
            }
        }
    }
    let draws_am: Vec<Option<Vec<f64>>> = (0..na).map(|a| drawn(am, a, false)).collect();
    let mut t = Table::new(
        "gap_res_labour_market",
        "RES regions: climate demand beside the labour market of the arbeidsmarktregio's they overlap",
        "fte; probability 0-1",
        Some(year),
        "net",
    )
    .keys(&["code", "RES region", "arbeidsmarktregio's (share of their jobs in the RES region)"])
    .columns(vec![
        Column::ranged("climate_fte", "climate demand of the RES region's measures"),
        Column::plain("available_fte", "technicians available (overlapping AM, weighted)"),
        Column::plain("gap_fte", "technician gap (overlapping AM, weighted)"),
        Column::plain("gap_p5", "weighted gap P5"),
        Column::plain("gap_p50", "weighted gap P50"),
        Column::plain("gap_p95", "weighted gap P95"),
        Column::plain("probability_closed", "probability of no gap (weighted)"),
    ]);
    for (e, region) in res.view.dataset.regions.iter().enumerate() {
        let mut parts: Vec<(usize, f64)> = weight[e]
            .iter()
            .enumerate()
            .filter(|(_, w)| **w > 0.0005)
            .map(|(a, w)| (a, *w))
            .collect();
        parts.sort_by(|x, y| y.1.total_cmp(&x.1));
        let names: Vec<String> = parts
            .iter()
            .map(|&(a, w)| format!("{} {:.0}%", am.view.dataset.regions[a].name, w * 100.0))
            .collect();
        let av: f64 = weight[e]
            .iter()
            .zip(&avail)
            .map(|(w, b)| w * b.central)
            .sum();
        let gp: f64 = weight[e].iter().zip(&gap).map(|(w, b)| w * b.central).sum();
        // The weighted gap in each draw.
        let all = draws_am.iter().all(Option::is_some);
        let per_draw: Vec<f64> = if all {
            let n = draws_am
                .first()
                .and_then(|d| d.as_ref())
                .map_or(0, Vec::len);
            (0..n)
                .map(|i| {
                    weight[e]
                        .iter()
                        .zip(&draws_am)
                        .map(|(w, d)| w * d.as_ref().map_or(0.0, |d| d[i]))
                        .sum()
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut values = vec![r3(climate[e]), R3::point(av), R3::point(gp)];
        if per_draw.is_empty() {
            values.extend(std::iter::repeat_n(R3::point(f64::NAN), 4));
        } else {
            let row = gap_row(&per_draw);
            // gap_row: mean, P5, P50, P95, probability.
            values.extend(row.into_iter().skip(1));
        }
        t.push(
            vec![region.code.clone(), region.name.clone(), names.join("; ")],
            values,
        );
    }
    t.notes.push("climate demand: the technicians' climate demand of the measures placed in the RES region (RES view); supply and gap: each overlapping arbeidsmarktregio's figures times the share of its employee jobs in the RES region (COROP crosswalk, split COROP regions by inhabitants), so every column adds up to the national figure".into());
    t.notes
        .push("commuting between regions is not modelled".into());
    Some(t)
}

/// The tables of `--regions kind` and of the RES x labour-market view
/// (`res_view`): each set run once.
#[allow(clippy::too_many_arguments)]
pub(crate) fn tables(
    s: &Session,
    kind: Option<RegionSetKind>,
    res_view: bool,
    scenario: &Scenario,
    policy: Option<&Policy>,
    options: GapOptions,
    year: Year,
    mc: &McArgs,
) -> Result<Vec<Table>, String> {
    if kind.is_none() && !res_view {
        return Ok(Vec::new());
    }
    let rd = load_region_data(s)?;
    let go = |k| run(s, &rd, k, scenario, policy, options, year, mc);
    let mut out = Vec::new();
    let mut runs: Vec<RegionRun> = Vec::new();
    if let Some(k) = kind {
        let r = go(k)?;
        out.extend(table(&r, year, policy.is_some()));
        out.push(placement_table(&r));
        runs.push(r);
    }
    if res_view {
        for k in [RegionSetKind::Res, RegionSetKind::Arbeidsmarktregio] {
            if !runs.iter().any(|r| r.view.kind == k) {
                runs.push(go(k)?);
            }
        }
        let find = |k| runs.iter().find(|r| r.view.kind == k);
        if let (Some(res), Some(am)) = (
            find(RegionSetKind::Res),
            find(RegionSetKind::Arbeidsmarktregio),
        ) {
            out.extend(res_by_labour_market(res, am, &rd, year));
        }
    }
    Ok(out)
}

/// The ids of the tables `--regions kind` and `--by res` add, for the
/// short terminal view.
pub(crate) fn short_ids(kind: Option<RegionSetKind>, res_view: bool) -> Vec<String> {
    let mut out: Vec<String> = kind
        .map(|k| vec![format!("gap_regions_{}", k.id())])
        .unwrap_or_default();
    if res_view {
        out.push("gap_res_labour_market".into());
    }
    out
}
