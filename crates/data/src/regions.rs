//! The region folder (`data/regions/`, docs/DATA.md "Region sets"): region
//! sets, the COROP crosswalk, employee jobs by region and the placement keys,
//! read into [`RegionData`]. Every problem is reported with file, line and
//! field, as for a dataset; nothing is half-loaded.
//!
//! The folder is separate from a dataset; [`check_measure_keys`] ties its
//! `measure_keys.csv` to a dataset's measures when both are loaded.

use std::collections::HashMap;
use std::path::Path;

use krapte_model::inputs::dataset::SHARE_TOLERANCE;
use krapte_model::{
    Crosswalk, Dataset, MeasureKey, PlacementKey, Quality, Region, RegionData, RegionSet,
    RegionSetKind, RegionalEmployment, ResTarget, SetEmployment,
};
use serde::Deserialize;
use toml::Spanned;

use crate::ctx::Ctx;
use crate::problem::{line_col, toml_problem, LoadErrors, Problem};
use crate::table::{self, Row};
use crate::{suggest, AssumptionEntry};

/// Files every region folder has.
pub const REGION_FILES: [&str; 9] = [
    "sources.csv",
    "region_sets.csv",
    "regions.csv",
    "crosswalk.csv",
    "employment.csv",
    "keys.csv",
    "key_shares.csv",
    "measure_keys.csv",
    "res_targets.csv",
];

const REGION_SETS: &[&str] = &[
    "set",
    "version",
    "name_nl",
    "name_en",
    "regions",
    "source_id",
    "description",
];
const REGIONS: &[&str] = &["set", "code", "name"];
const CROSSWALK: &[&str] = &[
    "set",
    "corop",
    "region",
    "share",
    "quality",
    "source_id",
    "reason",
];
const EMPLOYMENT: &[&str] = &[
    "set",
    "region",
    "sbi",
    "year",
    "jobs_thousands",
    "suppressed_cells",
];
const KEYS: &[&str] = &["key", "name", "quality", "source_id", "reason"];
const KEY_SHARES: &[&str] = &["key", "corop", "share"];
const MEASURE_KEYS: &[&str] = &["measure", "key", "quality", "source_id", "reason"];
const RES_TARGETS: &[&str] = &[
    "res",
    "twh_2030",
    "twh_low",
    "twh_high",
    "status",
    "stage",
    "definition",
    "source_id",
];

/// How far (thousand jobs) a set's total may lie from the COROP total, and a
/// region's jobs from its crosswalk sum: the files round to 4 decimals.
const JOBS_TOLERANCE: f64 = 0.01;

/// A region folder that passed every check.
#[derive(Debug, Clone)]
pub struct RegionsLoaded {
    pub data: RegionData,
    /// Assumption rows (the split crosswalk rows, grouped; assumed keys).
    pub assumptions: Vec<AssumptionEntry>,
    pub quality_summary: Vec<(String, Quality, usize)>,
    pub warnings: Vec<Problem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    edition: Spanned<String>,
    #[serde(default)]
    #[allow(dead_code)] // an allowed key, for readers of the folder
    title: String,
    classification_year: Spanned<i64>,
    base_year: Spanned<i64>,
    #[serde(default, rename = "file")]
    files: Vec<Spanned<FileEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileEntry {
    name: Spanned<String>,
    #[serde(default)]
    #[allow(dead_code)] // documentation for readers of the folder
    description: String,
}

/// Loads and validates the region folder `dir`.
pub fn load_regions(dir: &Path) -> Result<RegionsLoaded, LoadErrors> {
    if !dir.is_dir() {
        return Err(LoadErrors::from(Problem::in_file(
            dir,
            "region folder does not exist",
        )));
    }
    let mut cx = Ctx::new(dir);
    let data = read_all(&mut cx);
    let data = match data {
        Some(d) if cx.errors.is_empty() => d,
        _ => {
            if cx.errors.is_empty() {
                cx.error(Problem::in_file(dir, "region data could not be built"));
            }
            return Err(LoadErrors(cx.errors));
        }
    };
    let leftovers: crate::Problems = data
        .check_invariants()
        .into_iter()
        .map(|m| Problem::in_file(dir, format!("region data invariant violated: {m}")))
        .collect();
    if !leftovers.is_empty() {
        return Err(LoadErrors(leftovers));
    }
    Ok(RegionsLoaded {
        data,
        assumptions: cx.assumptions,
        quality_summary: cx.quality,
        warnings: cx.warnings.into_listed(),
    })
}

/// Every measure named in `measure_keys.csv` must be a measure of `dataset`.
/// Returns the problems (empty when all resolve); `dir` is the region folder.
pub fn check_measure_keys(regions: &RegionData, dataset: &Dataset, dir: &Path) -> Vec<Problem> {
    let file = dir.join("measure_keys.csv");
    let ids: Vec<&str> = dataset.measures.iter().map(|m| m.id.as_str()).collect();
    regions
        .measure_keys
        .iter()
        .filter(|m| !ids.contains(&m.measure.as_str()))
        .map(|m| {
            let hint = suggest::hint(&m.measure, ids.iter().copied());
            Problem::at(
                &file,
                None,
                Some("measure"),
                format!(
                    "measure \"{}\" is not a measure of dataset {}{hint}",
                    m.measure, dataset.edition
                ),
            )
        })
        .collect()
}

struct Manifest {
    edition: String,
    classification_year: u16,
    base_year: u16,
}

fn read_all(cx: &mut Ctx) -> Option<RegionData> {
    let manifest = manifest(cx);
    crate::economy::sources(cx);
    let sets = region_sets(cx);
    let corop = sets.first().filter(|s| s.kind == RegionSetKind::Corop);
    if corop.is_none() && !sets.is_empty() {
        cx.error(Problem::in_file(
            cx.dir.join("region_sets.csv"),
            "the set \"corop\" (the building block) is missing",
        ));
    }
    let crosswalks = crosswalks(cx, &sets);
    let employment = employment(cx, &sets, &crosswalks);
    let keys = keys(cx, &sets);
    let measure_keys = measure_keys(cx, &keys);
    let res_targets = res_targets(cx, &sets);
    let manifest = manifest?;
    corop?;
    Some(RegionData {
        edition: manifest.edition,
        classification_year: manifest.classification_year,
        base_year: manifest.base_year,
        sets,
        crosswalks: crosswalks?,
        employment: employment?,
        keys: keys?,
        measure_keys: measure_keys?,
        res_targets: res_targets?,
    })
}

fn manifest(cx: &mut Ctx) -> Option<Manifest> {
    let path = cx.dir.join("manifest.toml");
    let text = match krapte_problem::read::read_text(
        &path,
        krapte_problem::read::MAX_TOML_BYTES,
        Some(&cx.dir),
    ) {
        Ok(t) => t,
        Err(ps) => {
            cx.errors.append(ps);
            return None;
        }
    };
    let file: ManifestFile = match toml::from_str(&text) {
        Ok(f) => f,
        Err(e) => {
            cx.error(toml_problem(&path, &text, &e));
            return None;
        }
    };
    let at = |s: std::ops::Range<usize>| Some(line_col(&text, s.start).0);
    let mut listed = Vec::new();
    for f in &file.files {
        let name = f.get_ref().name.get_ref().as_str();
        let line = at(f.get_ref().name.span());
        if listed.contains(&name) {
            cx.error(Problem::at(
                &path,
                line,
                Some("name"),
                format!("\"{name}\" is listed twice"),
            ));
        } else if !cx.dir.join(name).is_file() {
            let msg = format!("listed file \"{name}\" does not exist");
            cx.error(Problem::at(&path, line, Some("name"), msg));
        } else if !REGION_FILES.contains(&name) {
            let msg = format!(
                "\"{name}\" is not a file of the region folder (docs/DATA.md){}",
                suggest::hint(name, REGION_FILES)
            );
            cx.error(Problem::at(&path, line, Some("name"), msg));
        }
        listed.push(name);
    }
    for name in REGION_FILES {
        if !listed.contains(&name) {
            let msg = format!("required file \"{name}\" is not listed in [[file]]");
            cx.error(Problem::in_file(&path, msg));
        }
    }
    let year = |cx: &mut Ctx, v: &Spanned<i64>, key: &str| match u16::try_from(*v.get_ref()) {
        Ok(y) if (1990..=2040).contains(&y) => Some(y),
        _ => {
            let msg = format!(
                "expected a year between 1990 and 2040, found {}",
                v.get_ref()
            );
            cx.error(Problem::at(&path, at(v.span()), Some(key), msg));
            None
        }
    };
    let classification_year = year(cx, &file.classification_year, "classification_year");
    let base_year = year(cx, &file.base_year, "base_year");
    if file.edition.get_ref().trim().is_empty() {
        let line = at(file.edition.span());
        cx.error(Problem::at(
            &path,
            line,
            Some("edition"),
            "must not be empty",
        ));
    }
    Some(Manifest {
        edition: file.edition.into_inner(),
        classification_year: classification_year?,
        base_year: base_year?,
    })
}

/// Every id in the row's `source_id` (`;`-separated) must be in sources.csv.
fn check_source_ids(row: &Row, cx: &mut Ctx) {
    let raw = row.raw("source_id");
    if raw.is_empty() {
        return;
    }
    let Some(known) = &cx.sources else { return };
    let mut problems = Vec::new();
    for id in raw.split(';').map(str::trim) {
        if !known.contains(id) {
            let hint = suggest::hint(id, known.iter().map(String::as_str));
            let msg = format!("unknown source \"{id}\" (not in sources.csv){hint}");
            problems.push(row.problem("source_id", msg));
        }
    }
    cx.errors.extend(problems);
}

/// The set named in field `col`, checked against the known kinds.
fn set_kind(row: &Row, col: &str, cx: &mut Ctx) -> Option<RegionSetKind> {
    let raw = row.raw(col);
    let kind = RegionSetKind::from_id(raw);
    if kind.is_none() {
        let hint = suggest::hint(raw, RegionSetKind::ALL.iter().map(|k| k.id()));
        let msg = format!(
            "expected one of corop, province, arbeidsmarktregio, res, found \"{raw}\"{hint}"
        );
        cx.error(row.problem(col, msg));
    }
    kind
}

/// `region_sets.csv` then `regions.csv`: the sets with their code lists, COROP first.
fn region_sets(cx: &mut Ctx) -> Vec<RegionSet> {
    let t = table::read(cx, "region_sets.csv", REGION_SETS, false);
    let mut sets: Vec<(RegionSet, usize, u64)> = Vec::new();
    for row in &t.rows {
        let Some(kind) = set_kind(row, "set", cx) else {
            continue;
        };
        if let Some(first) = sets.iter().find(|s| s.0.kind == kind) {
            let msg = format!("duplicate set \"{kind}\" (first on line {})", first.2);
            cx.error(row.problem("set", msg));
            continue;
        }
        let count = row.int("regions", 1, 1000, "a number of regions (1..1000)", cx);
        let [version, name_nl, name_en] =
            ["version", "name_nl", "name_en"].map(|c| row.text(c, cx).unwrap_or_default());
        check_source_ids(row, cx);
        sets.push((
            RegionSet {
                kind,
                version,
                name_nl,
                name_en,
                regions: Vec::new(),
            },
            usize::from(count.unwrap_or(0)),
            row.line,
        ));
    }
    // COROP first, the others in the order of RegionSetKind.
    sets.sort_by_key(|s| s.0.kind);
    let t = table::read(cx, "regions.csv", REGIONS, false);
    let mut seen: HashMap<(RegionSetKind, String), u64> = HashMap::new();
    for row in &t.rows {
        let Some(kind) = set_kind(row, "set", cx) else {
            continue;
        };
        let Some(set) = sets.iter_mut().find(|s| s.0.kind == kind) else {
            let msg = format!("set \"{kind}\" is not in region_sets.csv");
            cx.error(row.problem("set", msg));
            continue;
        };
        let code = row.raw("code").to_string();
        if !kind.is_code(&code) {
            let msg = format!(
                "expected a {kind} code ({}, two digits{}), found \"{code}\"",
                kind.prefix(),
                if kind == RegionSetKind::Province {
                    ", PV20..PV31"
                } else {
                    ""
                }
            );
            cx.error(row.problem("code", msg));
            continue;
        }
        if let Some(first) = seen.insert((kind, code.clone()), row.line) {
            let msg = format!("duplicate region \"{code}\" in set {kind} (first on line {first})");
            cx.error(row.problem("code", msg));
            continue;
        }
        let Some(name) = row.text("name", cx) else {
            continue;
        };
        set.0.regions.push(Region { code, name });
    }
    if t.usable {
        let file = t.file.clone();
        for (set, want, line) in &sets {
            if set.regions.len() != *want {
                let msg = format!(
                    "set {} declares {want} regions but regions.csv has {}",
                    set.kind,
                    set.regions.len()
                );
                cx.error(Problem::at(&file, Some(*line), Some("regions"), msg));
            }
        }
    }
    sets.into_iter().map(|s| s.0).collect()
}

/// A COROP code in field `col`, as an index into the COROP set.
fn corop_index(row: &Row, col: &str, corop: &RegionSet, cx: &mut Ctx) -> Option<usize> {
    region_index(row, col, corop, cx)
}

/// A region of `set` named in field `col`.
fn region_index(row: &Row, col: &str, set: &RegionSet, cx: &mut Ctx) -> Option<usize> {
    let code = row.raw(col);
    let found = set.index_of(code);
    if found.is_none() {
        let hint = suggest::hint(code, set.regions.iter().map(|r| r.code.as_str()));
        let msg = format!(
            "unknown {} region \"{code}\" (not in regions.csv){hint}",
            set.kind
        );
        cx.error(row.problem(col, msg));
    }
    found
}

/// `crosswalk.csv`: every COROP region exactly once per set after COROP, shares
/// summing to 1, every region of the set reached.
fn crosswalks(cx: &mut Ctx, sets: &[RegionSet]) -> Option<Vec<Crosswalk>> {
    let t = table::read(cx, "crosswalk.csv", CROSSWALK, false);
    let corop = sets.first().filter(|s| s.kind == RegionSetKind::Corop)?;
    let n = corop.len();
    let others = &sets[1..];
    let mut parts: Vec<Vec<Vec<(usize, f64)>>> = vec![vec![Vec::new(); n]; others.len()];
    let mut quality: Vec<Vec<Quality>> = vec![vec![Quality::Derived; n]; others.len()];
    let mut first_line: Vec<Vec<Option<u64>>> = vec![vec![None; n]; others.len()];
    let mut seen: HashMap<(usize, usize, usize), u64> = HashMap::new();
    for row in &t.rows {
        let meta = cx.meta(row);
        let Some(kind) = set_kind(row, "set", cx) else {
            continue;
        };
        if kind == RegionSetKind::Corop {
            cx.error(row.problem("set", "COROP regions need no crosswalk to themselves"));
            continue;
        }
        let Some(si) = others.iter().position(|s| s.kind == kind) else {
            cx.error(row.problem("set", format!("set \"{kind}\" is not in region_sets.csv")));
            continue;
        };
        let c = corop_index(row, "corop", corop, cx);
        let r = region_index(row, "region", &others[si], cx);
        let share = row.bounded("share", 0.0, 1.0, "a share in (0, 1]", cx);
        let (Some(c), Some(r), Some(share)) = (c, r, share) else {
            continue;
        };
        if share <= 0.0 {
            cx.error(row.problem(
                "share",
                "expected a share in (0, 1], found 0 (leave the row out)",
            ));
            continue;
        }
        if let Some(first) = seen.insert((si, c, r), row.line) {
            let msg = format!(
                "duplicate row for {kind} {} / {} (first on line {first})",
                corop.regions[c].code, others[si].regions[r].code
            );
            cx.error(row.row_problem(msg));
            continue;
        }
        parts[si][c].push((r, share));
        first_line[si][c].get_or_insert(row.line);
        if let Some(meta) = meta {
            if meta.quality == Quality::Assumption {
                quality[si][c] = Quality::Assumption;
            }
            cx.assume_grouped(row, &meta);
        }
    }
    if !t.usable {
        return None;
    }
    let mut out = Vec::new();
    for (si, set) in others.iter().enumerate() {
        let mut reached = vec![false; set.len()];
        for c in 0..n {
            let p = &parts[si][c];
            let sum: f64 = p.iter().map(|x| x.1).sum();
            let line = first_line[si][c];
            if p.is_empty() {
                let msg = format!(
                    "COROP region {} has no row for set {}; every COROP region must be in every set",
                    corop.regions[c].code, set.kind
                );
                cx.error(Problem::in_file(&t.file, msg));
            } else if (sum - 1.0).abs() > SHARE_TOLERANCE {
                let msg = format!(
                    "shares of COROP region {} in set {} sum to {sum}, expected 1",
                    corop.regions[c].code, set.kind
                );
                cx.error(Problem::at(&t.file, line, Some("share"), msg));
            }
            for &(r, _) in p {
                reached[r] = true;
            }
        }
        for (r, ok) in reached.iter().enumerate() {
            if !ok {
                let msg = format!(
                    "region {} ({}) of set {} receives no COROP region",
                    set.regions[r].code, set.regions[r].name, set.kind
                );
                cx.error(Problem::in_file(&t.file, msg));
            }
        }
        out.push(Crosswalk {
            kind: set.kind,
            parts: std::mem::take(&mut parts[si]),
            quality: std::mem::take(&mut quality[si]),
        });
    }
    Some(out)
}

/// (set index, region index, SBI group index, year) of an employment row.
type CellKey = (usize, usize, usize, u16);

/// `employment.csv`: one row per set x region x SBI group x year (the groups and
/// years are those of the COROP rows); every set sums to the COROP total, and
/// every region to its crosswalk share of the COROP regions.
fn employment(
    cx: &mut Ctx,
    sets: &[RegionSet],
    crosswalks: &Option<Vec<Crosswalk>>,
) -> Option<RegionalEmployment> {
    let t = table::read(cx, "employment.csv", EMPLOYMENT, false);
    let mut groups: Vec<String> = Vec::new();
    let mut years: Vec<u16> = Vec::new();
    let mut cells: HashMap<CellKey, (Option<f64>, u64)> = HashMap::new();
    for row in &t.rows {
        let Some(kind) = set_kind(row, "set", cx) else {
            continue;
        };
        let Some(si) = sets.iter().position(|s| s.kind == kind) else {
            cx.error(row.problem("set", format!("set \"{kind}\" is not in region_sets.csv")));
            continue;
        };
        let region = region_index(row, "region", &sets[si], cx);
        let sbi = row.text("sbi", cx);
        let year = row.year("year", cx);
        let suppressed = row.int("suppressed_cells", 0, 1000, "a count (0..1000)", cx);
        let jobs = if row.raw("jobs_thousands").is_empty() {
            if suppressed == Some(0) {
                let msg = "empty, but suppressed_cells is 0: give the jobs or the count of suppressed cells";
                cx.error(row.problem("jobs_thousands", msg));
                continue;
            }
            Some(None)
        } else {
            row.bounded(
                "jobs_thousands",
                0.0,
                1.0e5,
                "thousand jobs (0..100000)",
                cx,
            )
            .map(Some)
        };
        let (Some(region), Some(sbi), Some(year), Some(jobs)) = (region, sbi, year, jobs) else {
            continue;
        };
        let g = match groups.iter().position(|x| *x == sbi) {
            Some(g) => g,
            None if kind == RegionSetKind::Corop => {
                groups.push(sbi);
                groups.len() - 1
            }
            None => {
                let msg = format!("SBI group \"{sbi}\" has no COROP rows");
                cx.error(row.problem("sbi", msg));
                continue;
            }
        };
        if !years.contains(&year) {
            if kind == RegionSetKind::Corop {
                years.push(year);
            } else {
                cx.error(row.problem("year", format!("year {year} has no COROP rows")));
                continue;
            }
        }
        if let Some((_, first)) = cells.insert((si, region, g, year), (jobs, row.line)) {
            let msg = format!("duplicate row (first on line {first})");
            cx.error(row.row_problem(msg));
        }
    }
    if !t.usable {
        return None;
    }
    years.sort_unstable();
    if let (Some(&lo), Some(&hi)) = (years.first(), years.last()) {
        if usize::from(hi - lo) + 1 != years.len() {
            let msg =
                format!("the COROP rows' years {lo}..{hi} have gaps; expected consecutive years");
            cx.error(Problem::in_file(&t.file, msg));
        }
    }
    let (ng, ny) = (groups.len(), years.len());
    let mut out_sets = Vec::new();
    let mut missing = 0usize;
    for (si, set) in sets.iter().enumerate() {
        let mut jobs = vec![None; set.len() * ng * ny];
        for r in 0..set.len() {
            for g in 0..ng {
                for (yi, &y) in years.iter().enumerate() {
                    match cells.get(&(si, r, g, y)) {
                        Some((v, _)) => jobs[(r * ng + g) * ny + yi] = *v,
                        None => {
                            missing += 1;
                            if missing <= 5 {
                                let msg = format!(
                                    "no row for set {}, region {}, SBI {}, year {y}",
                                    set.kind, set.regions[r].code, groups[g]
                                );
                                cx.error(Problem::in_file(&t.file, msg));
                            }
                        }
                    }
                }
            }
        }
        out_sets.push(SetEmployment {
            kind: set.kind,
            jobs_thousands: jobs,
        });
    }
    if missing > 5 {
        let msg = format!("{} more missing rows", missing - 5);
        cx.error(Problem::in_file(&t.file, msg));
    }
    let emp = RegionalEmployment {
        sbi_groups: groups,
        years,
        sets: out_sets,
    };
    if missing == 0 {
        if let Some(xws) = crosswalks {
            check_employment_sums(cx, &t.file, sets, xws, &emp);
        }
    }
    Some(emp)
}

/// Each region's jobs = the crosswalk shares of the COROP jobs, so every set sums
/// to the national (COROP) total; checked where no contributing cell is suppressed.
fn check_employment_sums(
    cx: &mut Ctx,
    file: &Path,
    sets: &[RegionSet],
    xws: &[Crosswalk],
    emp: &RegionalEmployment,
) {
    let mut reported = 0usize;
    for (si, (set, xw)) in sets.iter().skip(1).zip(xws).enumerate() {
        let si = si + 1;
        for g in 0..emp.sbi_groups.len() {
            for &y in &emp.years {
                let mut expect = vec![Some(0.0); set.len()];
                for (c, parts) in xw.parts.iter().enumerate() {
                    let v = emp.get(0, c, g, y);
                    for &(r, share) in parts {
                        expect[r] = match (expect[r], v) {
                            (Some(a), Some(v)) => Some(a + v * share),
                            _ => None,
                        };
                    }
                }
                for (r, want) in expect.iter().enumerate() {
                    let (Some(want), Some(got)) = (want, emp.get(si, r, g, y)) else {
                        continue;
                    };
                    if (want - got).abs() > JOBS_TOLERANCE {
                        reported += 1;
                        if reported <= 5 {
                            let msg = format!(
                                "jobs of {} {} (SBI {}, {y}) are {got} but the crosswalk gives {want:.4}",
                                set.kind, set.regions[r].code, emp.sbi_groups[g]
                            );
                            cx.error(Problem::at(file, None, Some("jobs_thousands"), msg));
                        }
                    }
                }
            }
        }
    }
    if reported > 5 {
        let msg = format!(
            "{} more regions whose jobs disagree with the crosswalk",
            reported - 5
        );
        cx.error(Problem::in_file(file, msg));
    }
}

/// `keys.csv` and `key_shares.csv`: every key has one share per COROP region,
/// summing to 1.
fn keys(cx: &mut Ctx, sets: &[RegionSet]) -> Option<Vec<PlacementKey>> {
    let t = table::read(cx, "keys.csv", KEYS, false);
    let mut keys: Vec<(PlacementKey, u64)> = Vec::new();
    for row in &t.rows {
        let meta = cx.meta(row);
        let Some(id) = row.text("key", cx) else {
            continue;
        };
        if let Some(first) = keys.iter().find(|k| k.0.id == id) {
            cx.error(row.problem(
                "key",
                format!("duplicate key \"{id}\" (first on line {})", first.1),
            ));
            continue;
        }
        let name = row.text("name", cx).unwrap_or_default();
        let Some(meta) = meta else { continue };
        cx.assume(row, &meta, &id, "key".to_string());
        keys.push((
            PlacementKey {
                id,
                name,
                quality: meta.quality,
                reason: meta.reason,
                shares: Vec::new(),
            },
            row.line,
        ));
    }
    let corop = sets.first().filter(|s| s.kind == RegionSetKind::Corop);
    let n = corop.map_or(0, RegionSet::len);
    let s = table::read(cx, "key_shares.csv", KEY_SHARES, false);
    let mut shares: Vec<Vec<Option<f64>>> = vec![vec![None; n]; keys.len()];
    let mut first_line: Vec<Option<u64>> = vec![None; keys.len()];
    for row in &s.rows {
        let id = row.raw("key");
        let Some(k) = keys.iter().position(|k| k.0.id == id) else {
            let hint = suggest::hint(id, keys.iter().map(|k| k.0.id.as_str()));
            cx.error(row.problem(
                "key",
                format!("unknown key \"{id}\" (not in keys.csv){hint}"),
            ));
            continue;
        };
        let c = corop.and_then(|corop| corop_index(row, "corop", corop, cx));
        let share = row.share("share", cx);
        let (Some(c), Some(share)) = (c, share) else {
            continue;
        };
        if shares[k][c].replace(share).is_some() {
            let msg = format!("duplicate row for key {id} / {}", row.raw("corop"));
            cx.error(row.row_problem(msg));
        }
        first_line[k].get_or_insert(row.line);
    }
    if !t.usable || !s.usable {
        return None;
    }
    let mut out = Vec::new();
    for (k, (mut key, _)) in keys.into_iter().enumerate() {
        let missing: Vec<&str> = shares[k]
            .iter()
            .enumerate()
            .filter(|(_, v)| v.is_none())
            .filter_map(|(c, _)| corop.map(|s| s.regions[c].code.as_str()))
            .collect();
        if !missing.is_empty() {
            let msg = format!(
                "key {} has no share for COROP region(s) {}; give 0 where none",
                key.id,
                missing.join(", ")
            );
            cx.error(Problem::in_file(&s.file, msg));
            continue;
        }
        key.shares = shares[k].iter().map(|v| v.unwrap_or(0.0)).collect();
        let sum: f64 = key.shares.iter().sum();
        if (sum - 1.0).abs() > SHARE_TOLERANCE {
            let msg = format!("shares of key {} sum to {sum}, expected 1", key.id);
            cx.error(Problem::at(&s.file, first_line[k], Some("share"), msg));
        }
        out.push(key);
    }
    Some(out)
}

/// `measure_keys.csv`: which key places which measure (each measure once).
fn measure_keys(cx: &mut Ctx, keys: &Option<Vec<PlacementKey>>) -> Option<Vec<MeasureKey>> {
    let t = table::read(cx, "measure_keys.csv", MEASURE_KEYS, false);
    let mut out: Vec<(MeasureKey, u64)> = Vec::new();
    for row in &t.rows {
        let meta = cx.meta(row);
        let Some(measure) = row.text("measure", cx) else {
            continue;
        };
        let key_id = row.raw("key");
        let key = keys.as_ref().and_then(|ks| {
            let k = ks.iter().position(|k| k.id == key_id);
            if k.is_none() {
                let hint = suggest::hint(key_id, ks.iter().map(|k| k.id.as_str()));
                cx.error(row.problem(
                    "key",
                    format!("unknown key \"{key_id}\" (not in keys.csv){hint}"),
                ));
            }
            k
        });
        if let Some(first) = out.iter().find(|m| m.0.measure == measure) {
            let msg = format!("measure \"{measure}\" has a key already (line {})", first.1);
            cx.error(row.problem("measure", msg));
            continue;
        }
        let (Some(key), Some(meta)) = (key, meta) else {
            continue;
        };
        cx.assume(row, &meta, &measure, format!("key {key_id}"));
        out.push((
            MeasureKey {
                measure,
                key,
                quality: meta.quality,
                reason: meta.reason,
            },
            row.line,
        ));
    }
    t.usable.then(|| out.into_iter().map(|m| m.0).collect())
}

/// `res_targets.csv`: one row per RES region; `known` rows give the TWh, `unknown`
/// rows leave it empty (never estimated).
fn res_targets(cx: &mut Ctx, sets: &[RegionSet]) -> Option<Vec<ResTarget>> {
    let t = table::read(cx, "res_targets.csv", RES_TARGETS, false);
    let res = sets.iter().find(|s| s.kind == RegionSetKind::Res);
    let mut out: Vec<(ResTarget, u64)> = Vec::new();
    for row in &t.rows {
        let Some(res) = res else {
            cx.error(row.problem("res", "the data has no RES set (region_sets.csv)"));
            break;
        };
        let Some(region) = region_index(row, "res", res, cx) else {
            continue;
        };
        let opt = |col: &str, cx: &mut Ctx| -> Option<Option<f64>> {
            if row.raw(col).is_empty() {
                Some(None)
            } else {
                row.bounded(col, 0.0, 100.0, "TWh (0..100)", cx).map(Some)
            }
        };
        let (Some(twh), Some(low), Some(high)) =
            (opt("twh_2030", cx), opt("twh_low", cx), opt("twh_high", cx))
        else {
            continue;
        };
        match (row.raw("status"), twh) {
            ("known", Some(_)) | ("unknown", None) => {}
            ("known", None) => {
                cx.error(row.problem("twh_2030", "status is known: give the published TWh"));
                continue;
            }
            ("unknown", Some(_)) => {
                cx.error(row.problem(
                    "twh_2030",
                    "status is unknown: leave the TWh empty (do not estimate)",
                ));
                continue;
            }
            (s, _) => {
                cx.error(row.problem(
                    "status",
                    format!("expected known or unknown, found \"{s}\""),
                ));
                continue;
            }
        }
        let twh_range = match (low, high) {
            (Some(l), Some(h)) if l <= twh.unwrap_or(l) && twh.unwrap_or(h) <= h => Some((l, h)),
            (None, None) => None,
            _ => {
                cx.error(row.problem(
                    "twh_low",
                    "give both twh_low and twh_high, with low <= twh_2030 <= high",
                ));
                continue;
            }
        };
        if twh.is_some() {
            if row.raw("source_id").is_empty() {
                cx.error(row.problem("source_id", "a known TWh needs a source_id"));
            }
            check_source_ids(row, cx);
        }
        if let Some(first) = out.iter().find(|o| o.0.region == region) {
            let msg = format!(
                "duplicate RES region \"{}\" (first on line {})",
                row.raw("res"),
                first.1
            );
            cx.error(row.problem("res", msg));
            continue;
        }
        out.push((
            ResTarget {
                region,
                twh_2030: twh,
                twh_range,
                stage: row.raw("stage").to_string(),
                definition: row.raw("definition").to_string(),
            },
            row.line,
        ));
    }
    if let Some(res) = res {
        if t.usable {
            for (i, r) in res.regions.iter().enumerate() {
                if !out.iter().any(|o| o.0.region == i) {
                    let msg = format!(
                        "RES region {} ({}) has no row; mark it unknown if no TWh is published",
                        r.code, r.name
                    );
                    cx.error(Problem::in_file(&t.file, msg));
                }
            }
        }
    }
    t.usable.then(|| {
        let mut v: Vec<ResTarget> = out.into_iter().map(|o| o.0).collect();
        v.sort_by_key(|r| r.region);
        v
    })
}
