//! End-to-end tests of `krapte gap` on the toy dataset, whose supply side
//! (`tests/fixtures/toy/supply_*.csv`, `education_pipeline.csv`,
//! `enrolment.csv`) is worked out by hand in docs/MODEL.md:
//!
//! - migration and re-entry: 2% of the 1500 fte, spread by baseline job
//!   openings (0731: 10% x 1000 + 50 = 150; 0811: 4% x 500 + 10 = 30), so 25
//!   and 5 fte a year;
//! - technicians (0731): 1000 persons, 1 fte each; replacement 10%/yr and
//!   switch-out 5%/yr out; side-entry 50, migration 25 and 40 mbo3 school-
//!   leavers (100 enrolled, 20% dropout, half enter work) in per year, so
//!   stock(t+1) = 0.85 stock(t) + 115: 1000, 965, 935.25, ...;
//! - ICT (0811): 500 persons; 4% replacement out; 40 hbo-ict graduates and 5
//!   migrants in: 500, 525, 549, ...

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;

use serde_json::Value;

/// The toy scenario with its horizon moved to 2030, so the verdicts exist.
fn scenario_2030(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(toy().join("scenario.toml")).expect("toy scenario");
    let p = dir.join("toy2030.toml");
    std::fs::write(&p, text.replace("horizon = 2028", "horizon = 2030")).expect("write");
    p
}

/// Runs `gap` on a dataset folder with the 2030 toy scenario.
fn gap_on(data: &Path, extra: &[&str]) -> Output {
    let dir = tempfile::tempdir().expect("tempdir");
    let sc = scenario_2030(dir.path());
    let mut args = vec![
        "--data",
        data.to_str().expect("utf-8"),
        "gap",
        sc.to_str().expect("utf-8"),
    ];
    args.extend_from_slice(extra);
    krapte(&args)
}

fn gap_json(extra: &[&str]) -> Value {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let o = gap_on(&toy(), &args);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("valid json")
}

#[test]
fn technician_supply_matches_the_hand_calculation() {
    let v = gap_json(&[]);
    let t = table(&v, "technician_gap_years");
    assert_eq!(t["unit"], "fte");
    assert_eq!(t["basis"], "net");
    // Stocks on 1 January: 1000, 965, 935.25, 909.9625, ...
    let stock = |k: i32| {
        let mut s = 1000.0;
        for _ in 0..k {
            s = 0.85 * s + 115.0;
        }
        s
    };
    for (year, k) in [("2025", 1), ("2030", 6)] {
        let r = row(t, "year", year);
        let avail = 0.5 * (stock(k) + stock(k + 1));
        assert!(close(central(&r["available_fte"]), avail), "{year}: {r}");
        // Baseline: 1000 + the base-year shortage (100 open vacancies x 0.5
        // structural = 50) + 50 a year of expansion, to the middle of the year.
        let baseline = 1000.0 + 50.0 + 50.0 * (f64::from(k) + 0.5);
        assert!(close(central(&r["baseline_required_fte"]), baseline), "{r}");
        let (req, clim, gap) = (
            central(&r["required_fte"]),
            central(&r["climate_demand_fte"]),
            central(&r["gap_fte"]),
        );
        assert!(close(req, baseline + clim), "{r}");
        assert!(close(gap, req - avail), "{r}");
    }
    assert!(close(stock(2), 935.25) && close(stock(3), 909.9625));
    // Flows of 2024 in the flows table: 10% replacement split half/half, 5% switch-out.
    let f = row(table(&v, "technician_flows"), "year", "2024");
    for (col, want) in [
        ("stock_1jan_fte", 1000.0),
        ("graduates_fte", 40.0),
        ("side_entry_fte", 50.0),
        ("migration_fte", 25.0),
        ("retirement_fte", 50.0),
        ("switch_out_fte", 50.0),
        ("other_exit_fte", 50.0),
    ] {
        assert!(close(central(&f[col]), want), "{col}: {f}");
    }
}

#[test]
fn digital_count_per_definition_never_mixed() {
    let v = gap_json(&[]);
    let t = table(&v, "digital");
    assert_eq!(t["unit"], "persons");
    let get = |def: &str, year: &str| {
        t["rows"]
            .as_array()
            .and_then(|rs| {
                rs.iter()
                    .find(|r| r["definition"] == def && r["year"] == year)
            })
            .map(|r| central(&r["persons"]))
            .unwrap_or_else(|| panic!("{def} {year} missing"))
    };
    // ICT stock 500, 525, 549: the 2025 average is 537 persons.
    assert!(close(get("ict-occupations@v1", "2025"), 537.0));
    // Anchored: 600 in 2024 (model 512.5), then 600 x 537 / 512.5.
    assert!(close(get("ict-anchored@v1", "2024"), 600.0));
    assert!(close(get("ict-anchored@v1", "2025"), 600.0 * 537.0 / 512.5));
    // Every row names exactly one definition.
    for r in t["rows"].as_array().expect("rows") {
        let d = r["definition"].as_str().expect("definition");
        assert!(d.ends_with("@v1"), "{d}");
    }
    // Verdicts: one technician row and one row per definition, each labelled.
    let vt = table(&v, "verdicts");
    assert_eq!(vt["year"], 2030);
    let rows = vt["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 4, "{vt}");
    let digital: Vec<&Value> = rows
        .iter()
        .filter(|r| r["goal"] == "1 million digitally skilled")
        .collect();
    assert_eq!(digital.len(), 3);
    for r in digital {
        assert_eq!(r["central run"], "< 1 million in the central run");
        assert_eq!(r["unit"], "persons");
        assert!(close(central(&r["target"]), 1_000_000.0));
    }
    let tech = row(vt, "goal", "technicians: gap");
    assert_eq!(tech["central run"], "gap > 0 in the central run", "{tech}");
    assert_eq!(
        tech["extreme corners"],
        "off target at both extreme corners"
    );
}

#[test]
fn gap_by_education_and_province_sums_to_the_total() {
    let v = gap_json(&[
        "--by",
        "education",
        "--by",
        "province",
        "--by",
        "occupation",
    ]);
    let total = central(&row(table(&v, "technician_gap_years"), "year", "2030")["gap_fte"]);
    for (id, key) in [
        ("technician_gap_level", "level"),
        ("technician_gap_education", "level"),
    ] {
        let t = table(&v, id);
        assert_eq!(t["year"], 2030);
        let sum: f64 = t["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .map(|r| central(&r["gap_fte"]))
            .sum();
        assert!(close(sum, total), "{id} ({key}): {sum} vs {total}");
    }
    let p = table(&v, "gap_provinces");
    let sum: f64 = p["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| central(&r["technicians_gap_fte"]))
        .sum();
    assert!(close(sum, total), "{sum} vs {total}");
    // Occupations: both toy groups with their set, class and ROA comparison.
    let o = table(&v, "gap_occupations");
    let tech = row(o, "code", "0731");
    assert_eq!(tech["set"], "technician");
    assert_eq!(tech["ROA ITKB 2030"], "groot (0.800)");
    assert!(!tech["shortage class"].as_str().unwrap_or("").is_empty());
}

#[test]
fn shortage_class_follows_the_ratio() {
    let v = gap_json(&[]);
    let t = table(&v, "technician_gap_level");
    for r in t["rows"].as_array().expect("rows") {
        let ratio: f64 = r["shortage ratio"]
            .as_str()
            .and_then(|s| s.split_whitespace().next())
            .and_then(|s| s.parse().ok())
            .expect("ratio");
        let class = r["shortage class"].as_str().expect("class");
        let want = match ratio {
            x if x < 0.8 => "very large shortage",
            x if x < 0.9 => "large shortage",
            x if x < 0.97 => "some shortage",
            x if x < 1.05 => "no shortage to speak of",
            _ => "surplus",
        };
        assert_eq!(class, want, "{r}");
        // A positive gap goes with a ratio below one.
        if central(&r["gap_fte"]) > 1.0 {
            assert!(ratio < 1.0, "{r}");
        }
    }
}

#[test]
fn gap_xlsx_has_a_sheet_per_table() {
    use calamine::{open_workbook, Reader, Xlsx};
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("gap.xlsx");
    let o = gap_on(&toy(), &["--out", out.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let wb: Xlsx<_> = open_workbook(&out).expect("valid xlsx");
    let names = wb.sheet_names();
    for sheet in [
        "Lees mij",
        "Bronnen en aannames",
        "verdicts",
        "technician_gap_years",
        "technician_gap_level",
        "gap_provinces",
        "ict_gap_years",
        "digital",
        "technician_flows",
    ] {
        assert!(
            names.iter().any(|n| n == sheet),
            "{sheet} missing in {names:?}"
        );
    }
}

#[test]
fn growth_option_counts_less_climate_demand_than_full() {
    // `--climate full` is the old name of `--framing pbl-roa`.
    let full = gap_json(&["--basis", "gross", "--climate", "full"]);
    let growth = gap_json(&["--basis", "gross", "--climate", "growth"]);
    let clim = |v: &Value, year: &str| {
        central(&row(table(v, "technician_gap_years"), "year", year)["climate_demand_fte"])
    };
    // The toy scenario starts in 2024: growth counts nothing in its first year.
    assert!(close(clim(&growth, "2024"), 0.0));
    assert!(clim(&full, "2024") > 0.0);
    assert!(close(
        clim(&growth, "2026"),
        clim(&full, "2026") - clim(&full, "2024")
    ));
}

/// A copy of the toy dataset with `edit` applied to the named files.
fn toy_copy(edit: impl Fn(&str, String) -> Option<String>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir(toy()).expect("toy dir") {
        let p = entry.expect("entry").path();
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .expect("name")
            .to_string();
        let text = std::fs::read_to_string(&p).expect("read");
        if let Some(t) = edit(&name, text) {
            std::fs::write(dir.path().join(&name), t).expect("write");
        }
    }
    dir
}

const SUPPLY: [&str; 6] = [
    "supply_parameters.csv",
    "supply_occupations.csv",
    "education_pipeline.csv",
    "enrolment.csv",
    "digital_definitions.csv",
    "shortage_classes.csv",
];

/// The manifest without the [[file]] entries of `drop`.
fn manifest_without(text: &str, drop: &[&str]) -> String {
    text.split("\n[[file]]")
        .filter(|block| !drop.iter().any(|f| block.contains(&format!("\"{f}\""))))
        .collect::<Vec<_>>()
        .join("\n[[file]]")
}

#[test]
fn demand_only_dataset_runs_but_gap_says_what_is_missing() {
    // The policy files act on the supply side, so they go too.
    let gone: Vec<&str> = SUPPLY
        .iter()
        .copied()
        .chain(["levers.csv", "campaigns.csv"])
        .collect();
    let dir = toy_copy(|name, text| match name {
        n if gone.contains(&n) => None,
        "manifest.toml" => Some(manifest_without(&text, &gone)),
        _ => Some(text),
    });
    let o = gap_on(dir.path(), &[]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("no supply data") && err.contains("enrolment.csv"),
        "{err}"
    );
    let sc = toy().join("scenario.toml");
    let o = krapte(&[
        "--data",
        dir.path().to_str().expect("utf-8"),
        "run",
        sc.to_str().expect("utf-8"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn partial_supply_side_is_refused() {
    let dir = toy_copy(|name, text| match name {
        "enrolment.csv" => None,
        "manifest.toml" => Some(manifest_without(&text, &["enrolment.csv"])),
        _ => Some(text),
    });
    let o = gap_on(dir.path(), &[]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("missing enrolment.csv"), "{err}");
}

#[test]
fn bad_supply_values_name_file_line_and_field() {
    let dir = toy_copy(|name, text| {
        Some(match name {
            "supply_occupations.csv" => text.replace("0731,0.2,0.1,", "0731,0.2,1.5,"),
            "enrolment.csv" => text.replace("2022,mbo3,techniek,100,", "2022,mbo3,techniek,-5,"),
            "digital_definitions.csv" => {
                text.replace("occupation_set,ict,2024", "occupation_set,itc,2024")
            }
            "shortage_classes.csv" => {
                text.replace("some,some shortage,0.9", "some,some shortage,0.7")
            }
            _ => text,
        })
    });
    let o = gap_on(dir.path(), &[]);
    assert!(!o.status.success());
    let err = stderr(&o);
    for want in [
        "supply_occupations.csv:2: field 'replacement_rate'",
        "enrolment.csv:",
        "field 'first_year_students'",
        "digital_definitions.csv:3: field 'members'",
        "did you mean",
        "shortage_classes.csv:4: field 'min_ratio'",
    ] {
        assert!(err.contains(want), "missing {want:?} in:\n{err}");
    }
}

#[test]
fn enrolment_too_short_for_the_programmes_is_refused() {
    // hbo-ict takes 4 years: graduates in 2024 need first-year students from 2020.
    let dir = toy_copy(|name, text| {
        Some(match name {
            "enrolment.csv" => text
                .lines()
                .filter(|l| !l.starts_with("2020,"))
                .map(|l| format!("{l}\n"))
                .collect(),
            _ => text,
        })
    });
    let o = gap_on(dir.path(), &[]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("need first-year students from 2020"), "{err}");
}

#[test]
fn data_check_lists_supply_assumptions() {
    let o = krapte(&["data", "check", toy().to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    for want in [
        "supply_parameters.csv:2  fte_per_person_women",
        "migration_rate = 0.02 (0.01–0.03)",
        "education_pipeline.csv",
        "supply_occupations.csv",
        "shortage_classes.csv",
    ] {
        assert!(out.contains(want), "missing {want:?} in:\n{out}");
    }
}
