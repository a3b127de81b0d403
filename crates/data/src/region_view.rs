//! A region set as a view of a dataset (issue 22, docs/MODEL.md "Region
//! sets"): the same dataset with the regions of one set (provinces,
//! arbeidsmarktregio's or RES regions) in place of its provinces. The model
//! does not know which set it runs; everything national stays the same.
//!
//! - **Regions**: the set's regions, in the set's order.
//! - **Region shares**: employee jobs of the region data's base year per SBI
//!   group, from the COROP regions through the crosswalk
//!   (`jobs(r, g) = sum_c share(c, r) * jobs(c, g)`), divided by the national
//!   sum. The dataset's region groups *are* the SBI groups of
//!   `employment.csv` (`A`, `B-E`, `F`, `G-I`, `J`, `K`, `L`, `M-N`, `O-Q`,
//!   `R-U`), matched by name; a group the region data lacks is refused.
//! - **Placement**: a measure with a key in `measure_keys.csv` is placed by
//!   that key (a share per COROP region) through the crosswalk
//!   ([`Placing::Keys`]); a measure without one follows its sectors'
//!   employment as before. [`Placing::AsDataset`] keeps the dataset's own
//!   placement (provinces only): the province view then reproduces the
//!   dataset's regional figures.
//! - **Aimed at one province** (a lever's region, a scenario's regional
//!   split): mapped by code in the province view; refused with an error
//!   naming the lever or measure in any other set (a province is not a
//!   union of arbeidsmarktregio's or RES regions; nothing is dropped
//!   silently).
//!
//! Supply follows from the region shares in the model's split form: the
//! base stock by the region's share of jobs by sector and occupation, the
//! rates national. Commuting between regions is not modelled.

use krapte_model::{Dataset, Quality, Region, RegionData, RegionSetKind, Scenario};

/// How measures are placed in a view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placing {
    /// By the placement keys of `measure_keys.csv` (the default).
    Keys,
    /// As the dataset places them (only for the province view).
    AsDataset,
}

/// The key that places one measure in a view.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyUse {
    /// e.g. `housing_stock`.
    pub id: String,
    /// e.g. `Woningvoorraad / housing stock`.
    pub name: String,
    /// How the key itself is made (`keys.csv`).
    pub key_quality: Quality,
    pub key_reason: String,
    /// Whether the key fits the measure (`measure_keys.csv`).
    pub quality: Quality,
    pub reason: String,
}

/// Where one measure's direct work happens in a view.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    /// The measure's id in the dataset.
    pub measure: String,
    pub measure_name: String,
    /// `None`: the measure follows its sectors' employment by region.
    pub key: Option<KeyUse>,
    /// The share of the measure's direct work in each region of the view
    /// (empty when it follows its sectors).
    pub shares: Vec<f64>,
}

/// A dataset seen through one region set.
#[derive(Debug, Clone)]
pub struct RegionView {
    pub kind: RegionSetKind,
    /// e.g. `Arbeidsmarktregio's`.
    pub name_nl: String,
    pub name_en: String,
    /// The classification version of the set, e.g. `2026`.
    pub version: String,
    /// The region data's edition and the year of its employment.
    pub edition: String,
    pub base_year: u16,
    pub placing: Placing,
    /// The dataset with the set's regions.
    pub dataset: Dataset,
    /// One per measure of the dataset, in its order.
    pub placements: Vec<Placement>,
    /// Per region of the set: the share of each COROP region's jobs in the
    /// base year (all SBI groups) that lies in it, as (COROP index, jobs in
    /// thousands): for views that weigh one set against another.
    pub corop_jobs: Vec<Vec<(usize, f64)>>,
}

/// The parsing of a `--regions` value or a URL segment.
pub fn parse_kind(s: &str) -> Result<RegionSetKind, String> {
    match RegionSetKind::from_id(s) {
        Some(RegionSetKind::Corop) | None => Err(format!(
            "'{s}' is not a region set: expected province, arbeidsmarktregio or res"
        )),
        Some(k) => Ok(k),
    }
}

/// The view of `ds` through the region set `kind` of `rd`.
pub fn view(
    ds: &Dataset,
    rd: &RegionData,
    kind: RegionSetKind,
    placing: Placing,
) -> Result<RegionView, String> {
    let corop = rd
        .corop()
        .ok_or("the region data has no COROP set (the building block)")?;
    let (_, set) = rd
        .set(kind)
        .ok_or_else(|| format!("the region data has no set '{kind}'"))?;
    let xw = rd
        .crosswalk(kind)
        .ok_or_else(|| format!("the region data has no crosswalk to '{kind}'"))?;
    if placing == Placing::AsDataset && kind != RegionSetKind::Province {
        return Err(format!(
            "the dataset's own placement is by province; the {kind} view places measures by the keys"
        ));
    }
    let (nc, nr) = (corop.len(), set.len());
    let year = rd.base_year;
    // Jobs per COROP region and dataset region group.
    let emp = &rd.employment;
    let mut region_shares = vec![0.0; ds.region_groups.len() * nr];
    let mut all_jobs = vec![0.0; nc];
    for (g, name) in ds.region_groups.iter().enumerate() {
        let sg = emp
            .sbi_groups
            .iter()
            .position(|x| x == name)
            .ok_or_else(|| {
                format!(
                    "the dataset's region group '{name}' is not an SBI group of the region data ({})",
                    emp.sbi_groups.join(", ")
                )
            })?;
        let row = &mut region_shares[g * nr..(g + 1) * nr];
        for (c, parts) in xw.parts.iter().enumerate() {
            let jobs = emp.get(0, c, sg, year).ok_or_else(|| {
                format!(
                    "employee jobs of {} in SBI group {name}, {year} are suppressed or missing",
                    corop.regions[c].code
                )
            })?;
            all_jobs[c] += jobs;
            for &(r, share) in parts {
                row[r] += share * jobs;
            }
        }
        let total: f64 = row.iter().sum();
        if !(total > 0.0 && total.is_finite()) {
            return Err(format!("no employee jobs in SBI group {name}, {year}"));
        }
        row.iter_mut().for_each(|x| *x /= total);
    }
    let mut corop_jobs = vec![Vec::new(); nr];
    for (c, parts) in xw.parts.iter().enumerate() {
        for &(r, share) in parts {
            corop_jobs[r].push((c, share * all_jobs[c]));
        }
    }

    let province_index = |code: &str| set.index_of(code);
    let mut d = ds.clone();
    d.regions = set
        .regions
        .iter()
        .map(|r| Region {
            code: r.code.clone(),
            name: r.name.clone(),
        })
        .collect();
    d.region_shares = region_shares;
    let mut placements = Vec::with_capacity(ds.measures.len());
    for (m, measure) in ds.measures.iter().enumerate() {
        let key = rd
            .measure_keys
            .iter()
            .find(|k| k.measure == measure.id)
            .and_then(|mk| rd.keys.get(mk.key).map(|k| (mk, k)));
        let (regions, key_use) = match (placing, key) {
            (Placing::Keys, Some((mk, k))) => {
                let mut shares = vec![0.0; nr];
                for (c, parts) in xw.parts.iter().enumerate() {
                    for &(r, s) in parts {
                        shares[r] += k.shares.get(c).copied().unwrap_or(0.0) * s;
                    }
                }
                let regions: Vec<(usize, f64)> = shares
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| **s > 0.0)
                    .map(|(r, s)| (r, *s))
                    .collect();
                (
                    regions,
                    Some(KeyUse {
                        id: k.id.clone(),
                        name: k.name.clone(),
                        key_quality: k.quality,
                        key_reason: k.reason.clone(),
                        quality: mk.quality,
                        reason: mk.reason.clone(),
                    }),
                )
            }
            _ if measure.regions.is_empty() => (Vec::new(), None),
            _ if kind == RegionSetKind::Province => {
                let mapped = remap(&measure.regions, ds, province_index)
                    .map_err(|c| format!("measure {}: region {c} is not a province", measure.id))?;
                (mapped, None)
            }
            _ => {
                return Err(format!(
                    "measure {} is placed by province in the dataset and has no placement key for the {kind} view",
                    measure.id
                ))
            }
        };
        let mut shares = vec![0.0; if regions.is_empty() { 0 } else { nr }];
        for &(r, s) in &regions {
            shares[r] += s;
        }
        d.measures[m].regions = regions;
        placements.push(Placement {
            measure: measure.id.clone(),
            measure_name: measure.name.clone(),
            key: key_use.filter(|_| placing == Placing::Keys),
            shares,
        });
    }
    if let Some(pd) = d.policy.as_mut() {
        for lever in &mut pd.levers {
            let Some(r) = lever.region else { continue };
            let code = ds
                .regions
                .get(r)
                .map(|p| p.code.clone())
                .unwrap_or_default();
            lever.region = match (kind, province_index(&code)) {
                (RegionSetKind::Province, Some(i)) => Some(i),
                _ => {
                    return Err(format!(
                        "lever {} is aimed at province {code}; the {kind} view cannot place a lever aimed at one province (a province is not a union of {kind} regions): use --regions province",
                        lever.id
                    ))
                }
            };
        }
    }
    let errs = d.check_invariants();
    if !errs.is_empty() {
        return Err(format!(
            "the {kind} view breaks the dataset's invariants: {}",
            errs.into_iter().take(5).collect::<Vec<_>>().join("; ")
        ));
    }
    Ok(RegionView {
        kind,
        name_nl: set.name_nl.clone(),
        name_en: set.name_en.clone(),
        version: set.version.clone(),
        edition: rd.edition.clone(),
        base_year: year,
        placing,
        dataset: d,
        placements,
        corop_jobs,
    })
}

/// A split over the dataset's regions mapped to the view's by code; the
/// code that has no counterpart on failure.
fn remap(
    split: &[(usize, f64)],
    ds: &Dataset,
    index: impl Fn(&str) -> Option<usize>,
) -> Result<Vec<(usize, f64)>, String> {
    split
        .iter()
        .map(|&(r, s)| {
            let code = ds.regions.get(r).map(|p| p.code.as_str()).unwrap_or("?");
            index(code).map(|i| (i, s)).ok_or_else(|| code.to_string())
        })
        .collect()
}

/// `scenario` (resolved against `ds`) for the view: a regional split of a
/// measure or an investment is mapped by code in the province view and
/// refused in any other set.
pub fn scenario(view: &RegionView, ds: &Dataset, scenario: &Scenario) -> Result<Scenario, String> {
    let mut sc = scenario.clone();
    let kind = view.kind;
    let index = |code: &str| view.dataset.regions.iter().position(|r| r.code == code);
    let names: Vec<String> = ds
        .measures
        .iter()
        .map(|m| m.id.clone())
        .chain(
            sc.investments
                .iter()
                .map(|i| format!("investment in {}", ds.sectors[i.sector].code)),
        )
        .collect();
    let all = sc
        .measures
        .iter_mut()
        .chain(sc.investments.iter_mut().map(|i| &mut i.spend));
    for sm in all {
        let Some(split) = &sm.regions else { continue };
        let name = names.get(sm.measure).cloned().unwrap_or_default();
        if kind != RegionSetKind::Province {
            return Err(format!(
                "scenario {}: {name} has a split by province; the {kind} view cannot map a province split onto {kind} regions: use --regions province, or remove the split to place it by its key",
                scenario.name
            ));
        }
        let mapped = remap(split, ds, index).map_err(|c| {
            format!(
                "scenario {}: {name}: region {c} is not a province",
                scenario.name
            )
        })?;
        sm.regions = Some(mapped);
    }
    Ok(sc)
}

/// One region set's Monte Carlo: its view, the scenario in it and the
/// draws (per region of the set: `McResult::province_gaps`).
#[derive(Debug, Clone)]
pub struct SetRun {
    pub view: RegionView,
    pub scenario: Scenario,
    pub mc: krapte_model::mc::summary::McResult,
}

/// The Monte Carlo of `scenario` with `policy` in each set of `kinds`
/// (measures placed by their keys), with the draws and seed of `spec`.
///
/// **What it equals.** For each set, [`krapte_model::mc::monte_carlo`] on
/// that set's [`view`] and [`scenario`] (the reference, one engine per
/// view): the same draws, the national figures equal to summation order
/// (and identical in every set) and each set's regions equal to summation
/// order, adding up to the national figures. The sets share one engine
/// ([`krapte_model::mc::monte_carlo_sets`]): the national chain is drawn
/// once and each draw's supply run in split form gives every set's
/// regions. Checked against the reference on the built-in data by
/// `crates/data/tests/region_view.rs`; falls back to the reference per set
/// when the sets cannot share an engine.
pub fn monte_carlo_sets(
    ds: &Dataset,
    rd: &RegionData,
    kinds: &[RegionSetKind],
    scenario: &Scenario,
    policy: Option<&krapte_model::Policy>,
    spec: krapte_model::mc::McSpec,
) -> Result<Vec<SetRun>, String> {
    let views = kinds
        .iter()
        .map(|&kind| {
            let view = view(ds, rd, kind, Placing::Keys)?;
            let sc = self::scenario(&view, ds, scenario)?;
            Ok((view, sc))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let sets: Vec<(&Dataset, &Scenario)> = views.iter().map(|(v, sc)| (&v.dataset, sc)).collect();
    let names: Vec<String> = kinds.iter().map(|k| k.to_string()).collect();
    let results = krapte_model::mc::monte_carlo_sets(&sets, policy, spec, &|_| {})
        .map_err(|e| format!("the {} view: {e}", names.join(", ")))?;
    Ok(views
        .into_iter()
        .zip(results)
        .map(|((view, scenario), mc)| SetRun { view, scenario, mc })
        .collect())
}
