//! Validation of `krapte gap` on the built-in dataset: the supply baseline
//! against ROA's published national totals, the shortage indicator against
//! ROA's ranking of future bottlenecks, and the shape of the 2030 verdicts.

mod common;

use std::process::Command;

use common::{root, table};

use serde_json::Value;

fn gap_json(args: &[&str]) -> Value {
    let mut all = vec!["gap", "--format", "json"];
    all.extend_from_slice(args);
    let o = Command::new(env!("CARGO_BIN_EXE_krapte"))
        .args(&all)
        .current_dir(root())
        .output()
        .expect("the binary runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("valid JSON")
}

fn rows(t: &Value) -> &Vec<Value> {
    t["rows"].as_array().expect("rows")
}

/// ROA: about 2.0 million job openings 2025-2030 of which 1.8 million
/// replacement, and about 1.6 million school-leavers 2021-2026 (per year /6).
#[test]
fn baseline_matches_roa_national_totals() {
    let v = gap_json(&[]);
    let t = table(&v, "roa_check");
    for (figure, tolerance) in [
        ("job openings", 0.05),
        ("replacement demand", 0.05),
        ("expansion demand", 0.001),
        ("school-leavers entering work", 0.10),
    ] {
        let r = rows(t)
            .iter()
            .find(|r| r["figure"] == figure)
            .unwrap_or_else(|| panic!("{figure} missing"));
        let (ours, roa) = (
            r["krapte"].as_f64().expect("number"),
            r["roa"].as_f64().expect("number"),
        );
        let miss = (ours - roa) / roa;
        assert!(
            miss.abs() <= tolerance,
            "{figure}: krapte {ours:.0} vs ROA {roa:.0} ({:+.1}%)",
            miss * 100.0
        );
    }
}

fn ranks(x: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    idx.sort_by(|a, b| x[*a].total_cmp(&x[*b]));
    let mut r = vec![0.0; x.len()];
    for (k, i) in idx.into_iter().enumerate() {
        r[i] = k as f64;
    }
    r
}

fn spearman(a: &[f64], b: &[f64]) -> f64 {
    let (ra, rb) = (ranks(a), ranks(b));
    let n = ra.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = ra.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = rb.iter().map(|y| (y - mb).powi(2)).sum();
    cov / (va * vb).sqrt()
}

/// Our shortage ratio ranks occupations like ROA's ITKB 2030 (both: lower =
/// more shortage). Measured 0.40 over 113 groups; this guards against a
/// change that loses that agreement.
#[test]
fn shortage_ratio_ranks_occupations_like_roa_itkb() {
    let v = gap_json(&["--by", "occupation"]);
    let t = table(&v, "gap_occupations");
    let mut ours = Vec::new();
    let mut roa = Vec::new();
    for r in rows(t) {
        let itkb = r["ROA ITKB 2030"]
            .as_str()
            .and_then(|s| s.split_once('('))
            .and_then(|(_, x)| x.trim_end_matches(')').parse::<f64>().ok());
        let ratio = r["shortage ratio"]
            .as_str()
            .and_then(|s| s.split_whitespace().next())
            .and_then(|x| x.parse::<f64>().ok());
        if let (Some(i), Some(q)) = (itkb, ratio) {
            ours.push(q);
            roa.push(i);
        }
    }
    assert!(
        ours.len() >= 100,
        "only {} occupations compared",
        ours.len()
    );
    let rho = spearman(&ours, &roa);
    assert!(rho >= 0.3, "Spearman {rho:.2} with ROA ITKB");
}

#[test]
fn verdicts_for_2030_name_their_definitions() {
    let v = gap_json(&[]);
    let t = table(&v, "verdicts");
    assert_eq!(t["year"], 2030);
    let digital: Vec<&Value> = rows(t)
        .iter()
        .filter(|r| r["goal"] == "1 million digitally skilled")
        .collect();
    assert!(digital.len() >= 2, "{t}");
    let mut labels: Vec<&str> = digital
        .iter()
        .map(|r| r["definition"].as_str().expect("text"))
        .collect();
    labels.sort();
    labels.dedup();
    assert_eq!(labels.len(), digital.len(), "a definition repeats");
    for r in &digital {
        let d = r["definition"].as_str().expect("text");
        assert!(d.contains('@'), "{d} has no version");
        let c = &r["value"];
        let (lo, mid, hi) = (
            c["low"].as_f64().expect("n"),
            c["central"].as_f64().expect("n"),
            c["high"].as_f64().expect("n"),
        );
        // Hundreds of thousands, not millions or thousands: a scale check.
        assert!(lo <= mid && mid <= hi && (3e5..2e6).contains(&mid), "{r}");
    }
    let tech = rows(t)
        .iter()
        .find(|r| r["goal"] == "technicians: gap")
        .expect("technician verdict");
    assert_eq!(tech["unit"], "fte gap");
    // Technician gap by level and by province for 2030 are in the default output.
    let levels = rows(table(&v, "technician_gap_level")).len();
    assert!(levels >= 5, "{levels} levels");
    assert_eq!(rows(table(&v, "gap_provinces")).len(), 12);
}

fn plan_json(args: &[&str]) -> Value {
    let mut all = vec!["plan", "--format", "json"];
    all.extend_from_slice(args);
    let o = Command::new(env!("CARGO_BIN_EXE_krapte"))
        .args(&all)
        .current_dir(root())
        .output()
        .expect("the binary runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("valid JSON")
}

/// Every measure of the action plan is evaluated: it has a row in the
/// contribution table (governance measures with "no direct quantified effect").
#[test]
fn actieplan_covers_every_measure_of_the_plan() {
    let v = plan_json(&[]);
    let t = table(&v, "plan_contributions");
    let measures: Vec<&str> = rows(t)
        .iter()
        .filter_map(|r| r["measure"].as_str())
        .collect();
    let plan = std::fs::read_to_string(root().join("data/raw/policy/action_plan_measures.csv"))
        .expect("the plan's measures");
    let mut n = 0;
    for line in plan.lines().skip(1) {
        let id = line.split(',').next().expect("id");
        assert!(measures.contains(&id), "measure {id} has no lever row");
        n += 1;
    }
    assert!(n >= 28, "{n} measures");
    // Together and the sum of one-at-a-time are reported with their difference.
    let get = |label: &str| {
        rows(t)
            .iter()
            .find(|r| r["lever"] == label)
            .and_then(|r| r["technician_gap_closed_fte"]["central"].as_f64())
            .unwrap_or_else(|| panic!("{label} missing"))
    };
    let (together, sum, inter) = (
        get("ALL TOGETHER"),
        get("sum of one at a time"),
        get("interaction (together - sum)"),
    );
    assert!((together - sum - inter).abs() < 1e-6 * (1.0 + together.abs()));
    assert!(together > 0.0);
}

#[test]
fn no_policy_preset_changes_nothing() {
    let v = plan_json(&["geen-beleid"]);
    let t = table(&v, "plan_verdicts");
    for r in rows(t) {
        assert_eq!(r["without_policy"], r["with_policy"], "{r}");
    }
    assert_eq!(rows(table(&v, "plan_campaigns")).len(), 3);
}

/// `gap --regions` (issue 22): every region of the set with demand, supply,
/// gap and the draws' probability; the regions add up to the national row,
/// the draws' national gap is the headline's; `--by res` puts each RES
/// region beside the arbeidsmarktregio's it overlaps, adding up as well.
#[test]
fn gap_per_region_set_sums_to_the_national_figures() {
    let v = gap_json(&[
        "--regions",
        "arbeidsmarktregio",
        "--by",
        "res",
        "--draws",
        "200",
    ]);
    let t = table(&v, "gap_regions_arbeidsmarktregio");
    let rs = rows(t);
    assert_eq!(rs.len(), 36, "35 regions and the national row");
    let national = &rs[35];
    assert_eq!(national["code"], "NL");
    let c = |r: &Value, k: &str| r[k]["central"].as_f64().expect(k);
    for k in [
        "climate_increment_fte",
        "required_fte",
        "available_fte",
        "gap_fte",
    ] {
        let sum: f64 = rs[..35].iter().map(|r| c(r, k)).sum();
        let nl = c(national, k);
        assert!((sum - nl).abs() < 1e-6 * nl.abs().max(1.0), "{k}");
    }
    // The draws: a probability per region, and the national median is
    // the headline's.
    for r in &rs[..35] {
        let p = r["draws_with_probability_closed"].as_f64().expect("p");
        assert!((0.0..=1.0).contains(&p), "{r}");
    }
    // (to summation order: the regional engine adds the same draws in
    // another order, 1e-15 relative; every printed figure is the same).
    let h = v["headline"]["gap_with"]["p50"].as_f64().expect("headline");
    let d = national["draws_with_p50"].as_f64().expect("national row");
    assert!(
        (h - d).abs() <= 1e-9 * h.abs().max(1.0),
        "the draws' national median {d} is not the headline's {h}"
    );
    // The regions' central run is the headline's central run with the plan.
    let h = v["headline"]["central"]["gap_with"]
        .as_f64()
        .expect("central");
    let g = c(national, "gap_fte");
    assert!(
        (h - g).abs() <= 1e-6 * h.abs().max(1.0),
        "the regions' central gap {g} is not the headline's central run with the plan {h}"
    );
    let placement = table(&v, "region_placement_arbeidsmarktregio");
    assert!(rows(placement).iter().any(|r| r["key"]
        .as_str()
        .is_some_and(|k| k.contains("housing stock"))));
    // RES x labour market: 30 RES regions; supply adds up to the national.
    let res = table(&v, "gap_res_labour_market");
    assert_eq!(rows(res).len(), 30);
    let sum: f64 = rows(res)
        .iter()
        .map(|r| r["available_fte"].as_f64().expect("available"))
        .sum();
    let nl = c(national, "available_fte");
    assert!((sum - nl).abs() < 1e-6 * nl, "{sum} vs {nl}");
    let text = serde_json::to_string(t).expect("table as JSON");
    assert!(text.contains("commuting between regions is not modelled"));
}
