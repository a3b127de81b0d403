//! # krapte-data
//!
//! Turns the files of a dataset folder (CSV + `manifest.toml`, see
//! `docs/DATA.md`) and scenario files (TOML) into the validated types of
//! `krapte-model`. It is the only crate that reads inputs: the CLI and the web
//! server call [`load_dataset`] and [`load_scenario`] and hand the results to
//! the model.
//!
//! Loading reports **every** problem in one pass, each with file, line and
//! field ([`Problem`]), so that a data editor fixes a whole file at once. Rows
//! whose quality is `assumption` are listed ([`AssumptionEntry`]) for
//! `krapte data check`.

mod bounds;
mod ctx;
mod economy;
mod evidence;
mod index;
mod manifest;
mod measures;
mod policy;
mod problem;
pub mod region_view;
mod regions;
mod scenario;
mod suggest;
mod supply;
mod table;
mod uncertainty;

use std::path::{Path, PathBuf};

use krapte_model::{Dataset, Quality};

pub use manifest::{
    count_rows, record as record_manifest, sha256_hex, OPTIONAL_FILES, POLICY_FILES,
    REQUIRED_FILES, SUPPLY_FILES,
};
pub use policy::{load_policy, parse_policy, PolicyLoaded};
pub use problem::{LoadErrors, Problem, Problems};
pub use regions::{check_measure_keys, load_regions, RegionsLoaded, REGION_FILES};
pub use scenario::{load_scenario, parse_scenario, ScenarioLoaded};
pub use suggest::closest;

/// A dataset that passed every check, with what `data check` reports about it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub dataset: Dataset,
    /// Every assumption row (share tables grouped per file and reason).
    pub assumptions: Vec<AssumptionEntry>,
    /// Rows per (file name, quality label), in file order.
    pub quality_summary: Vec<(String, Quality, usize)>,
    /// Things worth knowing that do not stop the load.
    pub warnings: Vec<Problem>,
    /// Files the manifest lists without `rows` and `sha256`: a copy cut off
    /// at a line boundary cannot be told from the file (`krapte data
    /// manifest` records them).
    pub unchecked_files: Vec<String>,
    /// The region folder the manifest names (`regions = "../regions"`),
    /// attached at load: its placement keys place every measure and its
    /// jobs give the province shares, so that every province figure (the
    /// province tables, the report, the site's map and `--regions
    /// province`) comes from the same province view.
    pub regions: Option<AttachedRegions>,
}

/// The region folder of a dataset, as attached by [`load_dataset`].
#[derive(Debug, Clone)]
pub struct AttachedRegions {
    pub dir: PathBuf,
    pub loaded: RegionsLoaded,
    /// Where each measure of the dataset is placed among the provinces.
    pub placements: Vec<region_view::Placement>,
}

/// The province view of `dataset` through the region folder `entry` names:
/// the dataset with its measures placed by the folder's keys and its
/// province shares from the folder's jobs.
fn attach_regions(
    dir: &Path,
    dataset: &Dataset,
    entry: manifest::RegionsEntry,
) -> Result<(Dataset, AttachedRegions), LoadErrors> {
    if !entry.dir.is_dir() {
        return Err(LoadErrors::from(Problem::at(
            dir.join("manifest.toml"),
            entry.line,
            Some("regions"),
            format!(
                "the region folder {} does not exist: expected a folder made by tools/build_regions.py (data/regions), or remove the key",
                entry.dir.display()
            ),
        )));
    }
    let loaded = load_regions(&entry.dir)?;
    let keys = check_measure_keys(&loaded.data, dataset, &entry.dir);
    if !keys.is_empty() {
        return Err(LoadErrors(keys.into_iter().collect()));
    }
    let view = region_view::view(
        dataset,
        &loaded.data,
        krapte_model::RegionSetKind::Province,
        region_view::Placing::Keys,
    )
    .map_err(|why| {
        LoadErrors::from(Problem::at(
            dir.join("manifest.toml"),
            entry.line,
            Some("regions"),
            format!(
                "the provinces as placed by the region folder {}: {why}",
                entry.dir.display()
            ),
        ))
    })?;
    let attached = AttachedRegions {
        dir: entry.dir,
        loaded,
        placements: view.placements,
    };
    Ok((view.dataset, attached))
}

/// One assumption of the dataset: a value no source gives, with its reason.
#[derive(Debug, Clone, PartialEq)]
pub struct AssumptionEntry {
    pub file: PathBuf,
    /// Line of the row (for a group of share rows: the first row).
    pub line: Option<u64>,
    /// `parameters.csv:fte_hours_per_year`, `activities.csv:offshore_wind/construction`,
    /// or just the file name for a group of share rows.
    pub key: String,
    /// `central (low–high)` or a short description of the row's values;
    /// `N rows` for a group of share rows.
    pub value: String,
    pub reason: String,
    /// Rows this entry stands for (1 except for grouped share rows).
    pub rows: usize,
}

/// Loads and validates the dataset in `dir`.
pub fn load_dataset(dir: &Path) -> Result<Loaded, LoadErrors> {
    if !dir.is_dir() {
        return Err(LoadErrors::from(Problem::in_file(
            dir,
            "dataset folder does not exist",
        )));
    }
    let mut cx = ctx::Ctx::new(dir);
    let dataset = read_all(&mut cx);
    let dataset = match dataset {
        Some(ds) if cx.errors.is_empty() => ds,
        _ => {
            if cx.errors.is_empty() {
                // Defensive: every `None` above comes with a problem already.
                cx.error(Problem::in_file(dir, "dataset could not be built"));
            }
            return Err(LoadErrors(cx.errors));
        }
    };
    // The loader's checks should cover the model's invariants; a leftover is
    // a loader bug, but still the user's data problem to see.
    let leftovers: Problems = dataset
        .check_invariants()
        .into_iter()
        .map(|m| Problem::in_file(dir, format!("dataset invariant violated: {m}")))
        .collect();
    if !leftovers.is_empty() {
        return Err(LoadErrors(leftovers));
    }
    let (dataset, regions) = match cx.regions.take() {
        None => (dataset, None),
        Some(entry) => {
            let (ds, attached) = attach_regions(dir, &dataset, entry)?;
            (ds, Some(attached))
        }
    };
    let mut warnings = cx.warnings.into_listed();
    if let Some(r) = &regions {
        warnings.extend(r.loaded.warnings.iter().cloned());
    }
    Ok(Loaded {
        dataset,
        assumptions: cx.assumptions,
        quality_summary: cx.quality,
        warnings,
        unchecked_files: cx.unchecked,
        regions,
    })
}

/// Reads every file in dependency order (codes are defined before they are
/// referenced); `None` when a part is missing.
fn read_all(cx: &mut ctx::Ctx) -> Option<Dataset> {
    let manifest = manifest::read(cx);
    economy::sources(cx);
    // Before every file it bounds.
    let plausibility = bounds::read(cx);
    cx.bounds = Some(bounds::Bounds {
        plausibility: plausibility.clone(),
    });
    let params = economy::params(cx);
    let (regions, region_codes) = economy::regions(cx);
    let (groups, region_shares) = economy::region_shares(cx, &region_codes);
    let (sectors, sector_codes) = economy::sectors(cx, &groups);
    let io_domestic = economy::io_domestic(cx, &sectors, &sector_codes);
    let (occupations, occupation_codes) = economy::occupations(cx);
    let occupation_shares = economy::occupation_shares(cx, &sector_codes, &occupation_codes);
    let education_shares = economy::education_shares(cx, &occupation_codes);
    let occupation_sets = economy::occupation_sets(cx, &occupation_codes);
    let measures = measures::measures(cx, &sector_codes, &region_codes);
    let fte_hours = params.as_ref().map(|p| p.fte_hours_per_year.central);
    let fossil_losses = economy::fossil_losses(cx, &sectors, &sector_codes, fte_hours);
    let supply = match &manifest {
        Some(m) if m.has_supply => {
            let s = supply::supply(cx, &occupation_codes, &occupation_sets, Some(m.base_year));
            // A listed supply side that fails to load fails the dataset.
            Some(s?)
        }
        _ => None,
    };
    let policy = match &manifest {
        Some(m) if m.has_policy => {
            if !m.has_supply {
                cx.error(Problem::in_file(
                    cx.dir.join("manifest.toml"),
                    "levers.csv and campaigns.csv act on the supply side, which this dataset lacks",
                ));
            }
            Some(policy::policy_data(cx, &occupation_sets, &region_codes)?)
        }
        _ => None,
    };
    let dataset = match (manifest, params) {
        (Some(manifest), Some(params)) => Some(Dataset {
            edition: manifest.edition,
            base_year: manifest.base_year,
            io_year: manifest.io_year,
            io_currency: manifest.io_currency,
            params,
            sectors,
            io_domestic,
            region_groups: groups.names,
            regions,
            region_shares,
            occupations,
            occupation_shares,
            education_shares,
            occupation_sets,
            measures,
            fossil_losses,
            supply,
            policy,
            uncertainty: Default::default(),
            plausibility,
        }),
        _ => None,
    };
    // Read after the rest: its rows name the ranges of the whole dataset.
    let uncertainty = uncertainty::uncertainty(cx, dataset.as_ref());
    let mut dataset = dataset?;
    dataset.uncertainty = uncertainty?;
    Some(dataset)
}
