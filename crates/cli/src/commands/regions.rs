//! `--regions province|arbeidsmarktregio|res` on `gap` and `plan` (issue
//! 22): the technician gap per region of one set, with the Monte Carlo
//! draws per region; `--by res`: each RES region's climate demand beside
//! the supply and gap of the arbeidsmarktregio's it overlaps. The figures
//! come from `krapte_present::regions`, as on the site's region pages.

use krapte_model::reference::gap::GapOptions;
use krapte_model::{Bracket, Policy, RegionData, RegionSetKind, Scenario, Year};
use krapte_present::regions::{self as figures, Odds, RegionSpec, SetFigures};

use crate::reports::monte_carlo::gap_columns;
use crate::session::Session;
use crate::table::{Column, Table, R3};
use crate::McArgs;

/// The region data the dataset's manifest names (attached at load).
pub(crate) fn load_region_data(s: &Session) -> Result<RegionData, String> {
    s.loaded
        .regions
        .as_ref()
        .map(|r| r.loaded.data.clone())
        .ok_or_else(|| {
            format!(
                "--regions needs a region folder; the manifest of the dataset in {} names none (key `regions`, e.g. regions = \"../regions\")",
                s.dir.display()
            )
        })
}

fn r3(b: Bracket) -> R3 {
    R3::new(b.low, b.central, b.high)
}

/// mean, P5, P50, P95, probability (the columns of `gap_columns`); n/a
/// without draws.
fn odds_row(o: Option<Odds>) -> Vec<R3> {
    match o {
        Some(o) => [o.mean, o.p5, o.p50, o.p95, o.probability_closed]
            .into_iter()
            .map(R3::point)
            .collect(),
        None => vec![R3::point(f64::NAN); 5],
    }
}

/// Every region of the set with demand, supply and gap (central run) and
/// the draws' gap (mean, P5, P50, P95, probability of no gap), and the
/// national row they add up to.
pub(crate) fn table(f: &SetFigures) -> Table {
    let v = &f.view;
    let id = format!("gap_regions_{}", v.kind.id());
    let central = if f.with_policy {
        "central run with the plan"
    } else {
        "central run"
    };
    let mut cols = vec![
        Column::ranged(
            "climate_increment_fte",
            &format!("climate demand above {}", v.dataset.base_year),
        ),
        Column::ranged("required_fte", &format!("technicians required ({central})")),
        Column::ranged(
            "available_fte",
            &format!("technicians available ({central})"),
        ),
        Column::ranged("gap_fte", &format!("technician gap ({central})")),
    ];
    let mc_cols = gap_columns();
    let policies: &[(&str, bool)] = if f.with_policy {
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
        f.regions.len(),
        v.version
    );
    let mut t = Table::new(&id, title, "fte; probability 0-1", Some(f.year), "net")
        .keys(&["code", "region"])
        .columns(cols);
    let row = |r: &figures::RegionFigures, point: bool| {
        let b = |x: Bracket| if point { R3::point(x.central) } else { r3(x) };
        let mut values = vec![b(r.climate), b(r.required), b(r.available), b(r.gap)];
        for (_, with) in policies {
            values.extend(odds_row(if *with { r.with } else { r.without }));
        }
        values
    };
    for r in &f.regions {
        t.push(vec![r.code.clone(), r.name.clone()], row(r, false));
    }
    // The national row: the regions' sum of the central run, and the
    // draws' national gap.
    t.push(
        vec!["NL".into(), "Nederland (sum of the regions)".into()],
        row(&f.national, true),
    );
    t.notes.push(format!(
        "region set {} {} (region data edition {}): employee jobs {} by SBI group from the COROP regions through the crosswalk (COROP regions in several regions split by inhabitants); measures placed by their keys (table region_placement), the others follow their sectors' employment",
        v.name_en, v.version, v.edition, v.base_year
    ));
    t.notes.push("supply per region: the base stock by the region's share of jobs by sector and occupation, school-leavers where their education works, the rates national; commuting between regions is not modelled".into());
    t.notes.push(format!("climate demand above {0}: the technicians' climate demand of the measures placed in the region above the base year's ({0}) level of climate work (below zero where a measure's activity falls under that level); required, available and gap: the {central}, every parameter at its central value, not a verdict", v.dataset.base_year));
    t.notes.push("in every draw and year the regions add up to the national gap; the regions' means add up to the national mean, their quantiles and probabilities do not add up to the national ones".into());
    if f.draws > 0 && !f.has_draws() {
        t.notes.push("no draws per region: the policy aims a lever at one region or climate demand is not linear for this dataset (central run only)".into());
    }
    t
}

/// Each measure's key in the view: which key, how it is founded.
pub(crate) fn placement_table(f: &SetFigures) -> Table {
    let v = &f.view;
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
/// gap of the arbeidsmarktregio's it overlaps, weighted
/// (`krapte_present::regions::overlaps`): the columns add up to the
/// national figures.
pub(crate) fn res_by_labour_market(
    res: &SetFigures,
    am: &SetFigures,
    rd: &RegionData,
) -> Option<Table> {
    let overlaps = figures::overlaps(res, am, rd)?;
    let central = if am.with_policy {
        "central run with the plan"
    } else {
        "central run"
    };
    let mut cols = vec![
        Column::ranged(
            "climate_increment_fte",
            &format!(
                "climate demand above {} of the RES region's measures",
                res.view.dataset.base_year
            ),
        ),
        Column::plain(
            "available_fte",
            &format!("technicians available (overlapping AM, weighted; {central})"),
        ),
        Column::plain(
            "gap_fte",
            &format!("technician gap (overlapping AM, weighted; {central})"),
        ),
    ];
    let policies: &[(&str, bool)] = if am.with_policy {
        &[("without", false), ("with", true)]
    } else {
        &[("none", false)]
    };
    for (label, _) in policies {
        for (name, header) in [
            ("gap_p5", "weighted gap P5"),
            ("gap_p50", "weighted gap P50"),
            ("gap_p95", "weighted gap P95"),
            ("probability_closed", "probability of no gap (weighted)"),
        ] {
            cols.push(Column::plain(
                &format!("draws_{label}_{name}"),
                &format!("draws {label} plan: {header}"),
            ));
        }
    }
    let mut t = Table::new(
        "gap_res_labour_market",
        "RES regions: climate demand beside the labour market of the arbeidsmarktregio's they overlap",
        "fte; probability 0-1",
        Some(res.year),
        "net",
    )
    .keys(&["code", "RES region", "arbeidsmarktregio's (share of their jobs in the RES region)"])
    .columns(cols);
    for (o, region) in overlaps.iter().zip(&res.regions) {
        let names: Vec<String> = o
            .parts
            .iter()
            .map(|&(a, w)| format!("{} {:.0}%", am.regions[a].name, w * 100.0))
            .collect();
        let mut values = vec![r3(region.climate), R3::point(o.available), R3::point(o.gap)];
        for (_, with) in policies {
            // mean left out: P5, P50, P95, probability.
            values.extend(
                odds_row(if *with { o.with } else { o.without })
                    .into_iter()
                    .skip(1),
            );
        }
        t.push(
            vec![region.code.clone(), region.name.clone(), names.join("; ")],
            values,
        );
    }
    t.notes.push("climate demand above the base year: the technicians' climate demand of the measures placed in the RES region (RES view) above the base year's level of climate work; supply and gap: each overlapping arbeidsmarktregio's figures times the share of its employee jobs in the RES region (COROP crosswalk, split COROP regions by inhabitants), so the central columns add up to the national figures; the draws' weighted gap without and with the plan".into());
    t.notes.push("commuting between regions is not modelled: how many employees work in their own region is not in the data (CBS publishes jobs by home and work region); by municipality it was 38% of employee jobs in 2015 (CBS woon-werkafstanden), by region more".into());
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
    let mut kinds: Vec<RegionSetKind> = kind.into_iter().collect();
    if res_view {
        for k in [RegionSetKind::Res, RegionSetKind::Arbeidsmarktregio] {
            if !kinds.contains(&k) {
                kinds.push(k);
            }
        }
    }
    let sets = figures::compute(
        &s.loaded.dataset,
        &rd,
        RegionSpec {
            kinds: &kinds,
            scenario,
            policy,
            options,
            year,
            draws: mc.draws,
            seed: mc.seed,
        },
    )?;
    let mut out = Vec::new();
    if let Some(f) = kind.and_then(|k| sets.iter().find(|f| f.kind() == k)) {
        out.push(table(f));
        out.push(placement_table(f));
    }
    if res_view {
        let find = |k| sets.iter().find(|f| f.kind() == k);
        if let (Some(res), Some(am)) = (
            find(RegionSetKind::Res),
            find(RegionSetKind::Arbeidsmarktregio),
        ) {
            out.extend(res_by_labour_market(res, am, &rd));
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
