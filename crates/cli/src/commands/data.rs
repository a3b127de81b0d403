//! `krapte data check`: validate a dataset and list its assumptions;
//! `krapte data manifest`: record row counts and checksums after a hand edit.

use std::path::Path;

use crate::session::{load, write_stdout};

pub(crate) fn check(dir: &Path) -> Result<(), crate::error::Error> {
    let s = load(dir)?;
    let l = &s.loaded;
    let ds = &l.dataset;
    let mut out = String::new();
    out.push_str(&format!(
        "dataset {} (edition {}): OK\n  {} sectors, {} occupations, {} regions, {} measures, {} fossil-loss segments; base year {}, IO year {} ({})\n",
        dir.display(),
        ds.edition,
        ds.n_sectors(),
        ds.n_occupations(),
        ds.n_regions(),
        ds.measures.len(),
        ds.fossil_losses.len(),
        ds.base_year,
        ds.io_year,
        ds.io_currency
    ));
    out.push_str("\nRows by quality label (sourced / derived / estimate / assumption):\n");
    for (file, q, n) in &l.quality_summary {
        out.push_str(&format!("  {file:<26} {:<10} {n:>6} rows\n", q.label()));
    }
    out.push_str(&format!(
        "\nAssumptions ({}): values no source gives, with range and reason\n",
        l.assumptions.len()
    ));
    for a in &l.assumptions {
        let file = krapte_data_file_name(&a.file);
        let line = a.line.map(|l| format!(":{l}")).unwrap_or_default();
        // Keys are `file.csv:item`; a group of share rows is keyed by the file alone.
        let item = a.key.split_once(':').map_or("(rows)", |(_, item)| item);
        out.push_str(&format!(
            "  {file}{line}  {item} = {}\n      reason: {}\n",
            a.value, a.reason
        ));
    }
    out.push_str(&format!(
        "\nPlausibility bounds: {} (plausibility.csv), checked at load for the dataset, scenarios and policies\n",
        ds.plausibility.bounds.len()
    ));
    if l.unchecked_files.is_empty() {
        out.push_str(
            "Row counts and checksums: recorded in manifest.toml for every file and verified\n",
        );
    } else {
        out.push_str(&format!(
            "Row counts and checksums: missing in manifest.toml for {} file(s) ({}): a copy cut off at a line boundary cannot be told from the file; `krapte data manifest` records them\n",
            l.unchecked_files.len(),
            l.unchecked_files.join(", ")
        ));
    }
    out.push_str(&region_sets_summary(l.regions.as_ref()));
    write_stdout(&out)
}

/// `krapte data manifest [DIR]`: records each listed file's row count and
/// checksum in manifest.toml (after an edit by hand), then checks the folder.
pub(crate) fn manifest(dir: &Path) -> Result<(), crate::error::Error> {
    let text = krapte_data::record_manifest(dir)
        .map_err(|e| crate::session::problems("the manifest", &e))?;
    let path = dir.join("manifest.toml");
    crate::render::write_atomic(&path, text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!("recorded row counts and checksums in {}", path.display());
    check(dir)
}

pub(crate) fn krapte_data_file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// `data check`'s part on the region sets (issue 22): the region folder the
/// dataset's manifest names (`regions`), checked at load.
fn region_sets_summary(regions: Option<&krapte_data::AttachedRegions>) -> String {
    let Some(r) = regions else {
        return "\nRegion sets: none (the manifest names no region folder; provinces follow each sector's employment and measure_regions.csv)\n".into();
    };
    let (rdir, d) = (&r.dir, &r.loaded.data);
    let years = match (d.employment.years.first(), d.employment.years.last()) {
        (Some(a), Some(b)) => format!("{a}-{b}"),
        _ => "none".to_string(),
    };
    let mut out = format!(
        "\nRegion sets {} (edition {}, classification {}, employee jobs {years}): OK\n",
        rdir.display(),
        d.edition,
        d.classification_year
    );
    for set in &d.sets {
        let how = match d.crosswalk(set.kind) {
            None => "the building block".to_string(),
            Some(x) => match x.parts.iter().filter(|p| p.len() > 1).count() {
                0 => "COROP regions nest exactly".to_string(),
                n => format!("{n} COROP regions split by inhabitants"),
            },
        };
        out.push_str(&format!(
            "  {:<18} {:<5} {:>3} regions  {} ({how})\n",
            set.kind.id(),
            set.version,
            set.len(),
            set.name_nl
        ));
    }
    let known = d
        .res_targets
        .iter()
        .filter(|r| r.twh_2030.is_some())
        .count();
    if !d.res_targets.is_empty() {
        out.push_str(&format!(
            "  RES 2030 TWh published for {known} of {} regions (the others unknown, not estimated)\n",
            d.res_targets.len()
        ));
    }
    out.push_str(&format!(
        "  Placement keys ({}), placing {} of the dataset's {} measures:\n",
        d.keys.len(),
        d.measure_keys.len(),
        r.placements.len()
    ));
    for (i, k) in d.keys.iter().enumerate() {
        let measures: Vec<&str> = d
            .measure_keys
            .iter()
            .filter(|m| m.key == i)
            .map(|m| m.measure.as_str())
            .collect();
        let measures = if measures.is_empty() {
            "(reference)".to_string()
        } else {
            measures.join(", ")
        };
        out.push_str(&format!(
            "    {:<18} {:<10} {measures}\n",
            k.id,
            k.quality.label()
        ));
    }
    out.push_str(&format!(
        "  Assumptions in the region sets: {} (split crosswalk rows grouped; assumed keys and measure keys)\n",
        r.loaded.assumptions.len()
    ));
    out
}
