//! `krapte validate` on the built-in data: one table of checks, every check
//! with figure, reference, tolerance and result; the exit code follows the
//! failing checks and the documented known failures.

mod common;

use common::{krapte, root, stderr, table};
use serde_json::Value;

const IDS: [&str; 25] = [
    "backtest_2024q4_total",
    "backtest_2025q4_total",
    "backtest_2024q4_technical",
    "backtest_2025q4_technical",
    "backtest_2024q4_ict",
    "backtest_2025q4_ict",
    "backtest_ict_2015_2021",
    "calibration_fit",
    "roa_job_openings",
    "roa_replacement_demand",
    "itkb_all_groups",
    "itkb_technician_set",
    "pblroa_education_order",
    "pblroa_regions",
    "pblroa_regions_by_sector",
    "study_ecorys_49",
    "study_ecorys_55",
    "study_ecorys_60",
    "study_tno_investment",
    "study_tno_net",
    "study_pblroa_extra",
    "top15_occupations",
    "weglek_men",
    "weglek_women",
    "variance_without_evidence",
];

fn known() -> String {
    root()
        .join("data/validation/known_failures.txt")
        .display()
        .to_string()
}

fn run_with_known() -> (std::process::Output, Value) {
    let k = known();
    let o = krapte(&[
        "validate",
        "--draws",
        "400",
        "--known-failures",
        &k,
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("validate prints JSON ({e}); stderr: {}", stderr(&o)));
    (o, v)
}

fn result_of<'a>(v: &'a Value, id: &str) -> &'a str {
    table(v, "validation")["rows"]
        .as_array()
        .and_then(|rs| rs.iter().find(|r| r["id"] == id))
        .and_then(|r| r["result"].as_str())
        .unwrap_or_else(|| panic!("check {id} missing"))
}

/// Every check is there with its four parts; with the documented known
/// failures the command succeeds, and exactly those are marked known.
#[test]
fn validate_reports_every_check_and_accepts_the_known_failures() {
    let (o, v) = run_with_known();
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = table(&v, "validation")["rows"].as_array().expect("rows");
    for id in IDS {
        assert!(rows.iter().any(|r| r["id"] == id), "check {id} missing");
    }
    for r in rows {
        for part in ["check", "figure", "reference", "tolerance", "result"] {
            let s = r[part].as_str().unwrap_or("");
            assert!(!s.is_empty(), "{} has no {part}", r["id"]);
            let bad = s
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == "NaN" || w == "inf");
            assert!(!bad, "{}: {s}", r["id"]);
        }
    }
    let listed = std::fs::read_to_string(known()).expect("known failures");
    for r in rows {
        let id = r["id"].as_str().expect("id");
        let res = r["result"].as_str().expect("result");
        let is_listed = listed
            .lines()
            .any(|l| l.split('#').next().unwrap_or("").trim() == id);
        assert_eq!(
            res == "FAIL (known)",
            is_listed,
            "{id}: result {res}, listed {is_listed}"
        );
        assert_ne!(res, "FAIL", "{id} fails and is not a known failure");
    }
    table(&v, "calibration");
}

/// The data defects issue 21 fixed stay fixed: the occupations of climate
/// demand are plausible, the ROA baseline holds.
#[test]
fn data_defect_checks_pass() {
    let (_, v) = run_with_known();
    for id in [
        "top15_occupations",
        "roa_job_openings",
        "roa_replacement_demand",
        "itkb_all_groups",
        "weglek_men",
        "weglek_women",
    ] {
        assert_eq!(result_of(&v, id), "pass", "{id}");
    }
}

/// Without the list, any failure makes the exit code non-zero and says which.
#[test]
fn failures_without_the_list_fail_the_command() {
    let o = krapte(&["validate", "--draws", "200", "--format", "json"]);
    let v: Value =
        serde_json::from_slice(&o.stdout).expect("the table is printed even when checks fail");
    let failing: Vec<String> = table(&v, "validation")["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["result"] == "FAIL")
        .map(|r| r["id"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(o.status.success(), failing.is_empty());
    for id in &failing {
        assert!(
            stderr(&o).contains(id.as_str()),
            "{id} not named: {}",
            stderr(&o)
        );
    }
}

/// A list that names a passing check is out of date: the command fails.
#[test]
fn a_stale_known_failure_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let f = dir.path().join("known.txt");
    let mut text = std::fs::read_to_string(known()).expect("known failures");
    text.push_str("roa_job_openings # passes: listing it is stale\n");
    std::fs::write(&f, text).expect("write");
    let o = krapte(&[
        "validate",
        "--draws",
        "200",
        "--known-failures",
        f.to_str().expect("utf-8 path"),
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("listed but passing: [roa_job_openings]"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn bad_arguments_are_refused() {
    let o = krapte(&["validate", "--draws", "10"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--draws 10"), "{}", stderr(&o));
    let o = krapte(&["validate", "--observed", "/nonexistent/dir"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("employment_brc.csv"), "{}", stderr(&o));
}

/// The CSV output holds every check too (one line per check with its number).
#[test]
fn csv_holds_every_check() {
    let k = known();
    let o = krapte(&[
        "validate",
        "--draws",
        "200",
        "--known-failures",
        &k,
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    for id in IDS {
        assert!(
            text.lines()
                .any(|l| l.starts_with("validation,") && l.contains(&format!(",id,{id},"))),
            "{id} missing from the CSV"
        );
    }
}
