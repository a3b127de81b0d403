//! Validation suite: every preset in scenarios/ loads and runs on the
//! built-in dataset, and the presets that mimic published studies land near
//! the published figures (their low–high bracket contains the published
//! value, and the central value is within a stated tolerance). The published
//! figures are from data/raw/scenarios/reference_estimates.csv and
//! docs/SCENARIOS.md records how far each preset lands from them.

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run_json(preset: &str) -> serde_json::Value {
    let o = Command::new(env!("CARGO_BIN_EXE_krapte"))
        .args(["run", preset, "--format", "json"])
        .current_dir(root())
        .output()
        .expect("the binary runs");
    assert!(
        o.status.success(),
        "{preset}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("valid JSON")
}

/// (low, central, high) of a column in the last year of the `years` table.
fn last_year(v: &serde_json::Value, column: &str) -> (f64, f64, f64) {
    let years = v["tables"]
        .as_array()
        .and_then(|t| t.iter().find(|t| t["id"] == "years"))
        .expect("years table");
    let row = years["rows"]
        .as_array()
        .and_then(|r| r.last())
        .expect("a row");
    let get = |k: &str| row[column][k].as_f64().expect("number");
    (get("low"), get("central"), get("high"))
}

fn check(preset: &str, column: &str, published: f64, tolerance: f64) {
    let v = run_json(preset);
    let (lo, mid, hi) = last_year(&v, column);
    assert!(
        lo <= published && published <= hi,
        "{preset}: {published} outside bracket {lo}..{hi}"
    );
    let miss = (mid - published) / published;
    assert!(
        miss.abs() <= tolerance,
        "{preset}: central {mid:.0} misses {published} by {:.0}%",
        miss * 100.0
    );
}

#[test]
fn every_preset_loads_and_runs() {
    let mut n = 0;
    for entry in std::fs::read_dir(root().join("scenarios")).expect("scenarios dir") {
        let p = entry.expect("entry").path();
        if p.extension().is_some_and(|e| e == "toml") {
            let v = run_json(p.to_str().expect("utf-8"));
            let (_, gross, _) = last_year(&v, "gross_fte");
            assert!(gross.is_finite() && gross > 0.0, "{}", p.display());
            n += 1;
        }
    }
    assert!(n >= 8, "expected at least 8 presets, found {n}");
}

#[test]
fn ecorys_presets_land_near_published_technician_counts() {
    // Ecorys 2021: 23k (49%), 28k (55%); Ecorys 2022: about 33k (60%); extra technicians.
    check("ecorys-49", "technicians_gross_fte", 23_000.0, 0.25);
    check("ecorys-55", "technicians_gross_fte", 28_000.0, 0.15);
    check("ecorys-60", "technicians_gross_fte", 33_000.0, 0.15);
}

#[test]
fn tno_preset_lands_in_the_published_range() {
    // TNO 2019: 42k-78k gross from investments (+3k-5.6k O&M); net 39k-72k in 2030.
    check("tno-2019", "gross_fte", 45_000.0, 0.10);
    check("tno-2019", "net_fte", 39_000.0, 0.15);
}

#[test]
fn pblroa_preset_lands_near_the_quoted_figure() {
    // "Bijna 74.000 fte" in 2026 (quoted in government letters; not verified in a stored source).
    // Edition 2026.12-1 counts the ReEDS job-years as 2,080 h (1.3 fte, was 1:1): 91,100 -> 98,900,
    // 34% above the quoted figure; `krapte validate` reports the comparison for information.
    check("pblroa-2026", "gross_fte", 74_000.0, 0.40);
}

#[test]
fn sixty_percent_needs_more_than_fifty_five() {
    let (_, a, _) = last_year(&run_json("referentie-55"), "technicians_gross_fte");
    let (_, b, _) = last_year(&run_json("referentie-60"), "technicians_gross_fte");
    assert!(
        b > a,
        "60% ({b}) should need more technicians than 55% ({a})"
    );
}
