//! `krapte data check`: validate a dataset and list its assumptions.

use std::path::Path;

use crate::session::{load, write_stdout};

pub(crate) fn check(dir: &Path) -> Result<(), String> {
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
    write_stdout(&out)
}

pub(crate) fn krapte_data_file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}
