//! End-to-end tests of `krapte plan` on the toy dataset
//! (`tests/fixtures/toy/levers.csv`, `campaigns.csv`, `policy.toml`). The
//! toy technicians' stock follows stock(t+1) = 0.85 stock(t) + inflow (see
//! crates/cli/tests/gap.rs), so an extra inflow of x a year adds
//! d(t+1) = 0.85 d(t) + x to the stock.

mod common;

use std::process::{Command, Output};

use common::*;

/// Runs `plan` with a policy text on the toy data and the toy scenario to 2030.
fn plan_with(policy: &str, extra: &[&str]) -> Output {
    plan_with_env(policy, extra, None)
}

fn toy_policy() -> String {
    std::fs::read_to_string(toy().join("policy.toml")).expect("toy policy")
}

/// Extra stock on 1 January of `year` from `x` a year in the flow years `from..to`.
fn extra_stock(x: f64, from: u16, to: u16, year: u16) -> f64 {
    let mut d = 0.0;
    for t in 2024..year {
        d = 0.85 * d + if (from..to).contains(&t) { x } else { 0.0 };
    }
    d
}

#[test]
fn contributions_match_the_hand_calculation() {
    let v = json(&plan_with(&toy_policy(), &["--format", "json"]));
    let t = table(&v, "plan_contributions");
    assert_eq!(t["year"], 2030);
    // Retraining: 10 side-entrants a year from 2025 on.
    let side = 0.5 * (extra_stock(10.0, 2025, 2100, 2030) + extra_stock(10.0, 2025, 2100, 2031));
    let r = row(t, "lever", "side");
    assert!(close(central(&r["technician_gap_closed_fte"]), side), "{r}");
    assert!(close(central(&r["cost_to_goal_year_meur"]), 60.0), "{r}");
    assert!(close(central(&r["eur_per_fte"]), 60e6 / side), "{r}");
    // Campaign: 1 MEUR a year 2025-2027, lag 1: 100 a year in 2026-2028.
    let camp = 0.5 * (extra_stock(100.0, 2026, 2029, 2030) + extra_stock(100.0, 2026, 2029, 2031));
    let r = row(t, "lever", "campaign zij");
    assert!(close(central(&r["technician_gap_closed_fte"]), camp), "{r}");
    // Governance: listed, no effect.
    let r = row(t, "lever", "gov");
    assert_eq!(r["effect"], "no direct quantified effect");
    assert_eq!(central(&r["technician_gap_closed_fte"]), 0.0);
    // Together = sum here (no interaction between these items).
    let together = central(&row(t, "lever", "ALL TOGETHER")["technician_gap_closed_fte"]);
    assert!(close(together, side + camp), "{together}");
    let inter =
        central(&row(t, "lever", "interaction (together - sum)")["technician_gap_closed_fte"]);
    assert!(inter.abs() < 1e-6);
    // The verdict table shows the gap without and with the plan.
    let vt = table(&v, "plan_verdicts");
    let r = row(vt, "goal", "technicians: gap");
    let (without, with) = (central(&r["without_policy"]), central(&r["with_policy"]));
    assert!(close(without - with, together), "{r}");
}

#[test]
fn what_it_takes_is_solved_and_campaigns_compared() {
    let v = json(&plan_with(&toy_policy(), &["--format", "json"]));
    let t = table(&v, "plan_what_it_takes");
    let rows = t["rows"].as_array().expect("rows");
    // Three efforts, each for the central and the pessimistic run.
    assert_eq!(rows.len(), 6);
    for r in rows {
        if r["reachable"] == "yes" {
            assert!(central(&r["gap_after_fte"]).abs() < 0.1, "{r}");
            assert!(central(&r["size"]) > 0.0, "{r}");
        }
    }
    let c = table(&v, "plan_campaigns");
    let zij = row(c, "campaign", "zij");
    // 1 MEUR x 100,000 reached x 0.1 x 0.1 x 0.1 = 100 a year; 10,000 EUR each.
    assert!(close(central(&zij["persons_per_year"]), 100.0));
    assert!(close(central(&zij["eur_per_person"]), 10_000.0));
    assert_eq!(c["rows"].as_array().map(Vec::len), Some(2));
}

#[test]
fn policy_errors_name_line_and_suggest() {
    let bad = toy_policy()
        .replace("side = { on = true }", "sied = { on = true }")
        .replace("gov = { on = true }", "gov = { on = true, intensity = -1 }")
        .replace("start_year = 2025", "start_year = 2010");
    let o = plan_with(&bad, &[]);
    assert!(!o.status.success());
    let err = stderr(&o);
    for want in [
        "policy.toml:6: field 'sied': unknown lever \"sied\"",
        "did you mean \"side\"",
        "field 'intensity'",
        "field 'start_year'",
    ] {
        assert!(err.contains(want), "missing {want:?} in:\n{err}");
    }
}

#[test]
fn plan_xlsx_has_a_sheet_per_table() {
    use calamine::{open_workbook, Reader, Xlsx};
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("plan.xlsx");
    let o = plan_with(&toy_policy(), &["--out", out.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let wb: Xlsx<_> = open_workbook(&out).expect("valid xlsx");
    let names = wb.sheet_names();
    for sheet in [
        "plan_verdicts",
        "plan_contributions",
        "plan_by_level",
        "plan_what_it_takes",
        "plan_campaigns",
    ] {
        assert!(
            names.iter().any(|n| n == sheet),
            "{sheet} missing in {names:?}"
        );
    }
}

#[test]
fn no_policy_closes_nothing() {
    let v = json(&plan_with(
        "name = \"Geen beleid\"\n",
        &["--format", "json"],
    ));
    let r = row(table(&v, "plan_verdicts"), "goal", "technicians: gap");
    assert_eq!(central(&r["without_policy"]), central(&r["with_policy"]));
}

#[test]
fn levers_are_listed_by_data_check() {
    let o = krapte(&["data", "check", toy().to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("levers.csv:2  side = side_entry 10 (5–15) persons/year"),
        "{out}"
    );
    assert!(out.contains("campaigns.csv"), "{out}");
}

/// As `plan_with`, with RAYON_NUM_THREADS set when `threads` is given.
fn plan_with_env(policy: &str, extra: &[&str], threads: Option<&str>) -> Output {
    let dir = tempfile::tempdir().expect("tempdir");
    let sc_text = std::fs::read_to_string(toy().join("scenario.toml")).expect("scenario");
    let sc = dir.path().join("toy2030.toml");
    std::fs::write(&sc, sc_text.replace("horizon = 2028", "horizon = 2030")).expect("write");
    let pol = dir.path().join("policy.toml");
    std::fs::write(&pol, policy).expect("write");
    let data = toy();
    let mut args = vec![
        "--data",
        data.to_str().expect("utf-8"),
        "plan",
        pol.to_str().expect("utf-8"),
        "--scenario",
        sc.to_str().expect("utf-8"),
    ];
    args.extend_from_slice(extra);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_krapte"));
    cmd.args(&args).current_dir(root());
    if let Some(n) = threads {
        cmd.env("RAYON_NUM_THREADS", n);
    }
    cmd.output().expect("the binary runs")
}

#[test]
fn monte_carlo_is_reproducible_and_labelled() {
    let args = ["--draws", "250", "--seed", "7", "--format", "json"];
    let one = plan_with_env(&toy_policy(), &args, Some("1"));
    let two = plan_with_env(&toy_policy(), &args, Some("2"));
    assert!(one.status.success(), "{}", stderr(&one));
    // The tables (not the header, which names the temporary files) must match.
    let v = json(&one);
    assert_eq!(
        v["tables"],
        json(&two)["tables"],
        "results depend on the thread count"
    );
    let t = table(&v, "mc_summary");
    assert_eq!(t["year"], 2030);
    for r in t["rows"].as_array().expect("rows") {
        let figure = r["figure"].as_str().expect("figure");
        if figure.starts_with("technicians required") || figure.starts_with("technicians available")
        {
            // The gap's two sides have no goal of their own.
            assert!(r["probability_goal_met"]["central"].is_null(), "{r}");
        } else {
            let p = central(&r["probability_goal_met"]);
            assert!((0.0..=1.0).contains(&p), "{r}");
        }
        let (p5, p50, p95) = (central(&r["p5"]), central(&r["p50"]), central(&r["p95"]));
        assert!(p5 <= p50 && p50 <= p95, "{r}");
    }
    // Mean required - mean available = mean gap, without and with.
    let mean_of_figure = |policy: &str, prefix: &str| -> f64 {
        t["rows"]
            .as_array()
            .and_then(|rs| {
                rs.iter().find(|r| {
                    r["policy"] == policy
                        && r["figure"].as_str().is_some_and(|f| f.starts_with(prefix))
                })
            })
            .map(|r| central(&r["mean"]))
            .expect("a row")
    };
    for policy in ["without", "with"] {
        let required = mean_of_figure(policy, "technicians required");
        let available = mean_of_figure(policy, "technicians available");
        let gap = mean_of_figure(policy, "technician gap");
        assert!(
            (required - available - gap).abs() <= 1e-6 * (1.0 + required.abs()),
            "{policy}: {required} - {available} against {gap}"
        );
        assert!(required > 0.0 && available > 0.0);
    }
    // The policy lowers the gap in every quantile here (it only adds people).
    let gap = |policy: &str| {
        t["rows"]
            .as_array()
            .and_then(|rs| {
                rs.iter().find(|r| {
                    r["policy"] == policy && r["figure"] == "technician gap (no gap when <= 0)"
                })
            })
            .map(|r| central(&r["p50"]))
            .expect("gap row")
    };
    assert!(gap("with") < gap("without"));
    // The per-year table's goal year is the summary's gap, draw for draw.
    let years = table(&v, "mc_gap_years");
    let rows = years["rows"].as_array().expect("rows");
    for policy in ["without", "with"] {
        let goal_year = rows
            .iter()
            .find(|r| r["year"] == "2030" && r["policy"] == policy)
            .expect("a 2030 row");
        assert_eq!(central(&goal_year["p50"]), gap(policy), "{goal_year}");
    }
    assert!(rows.len() >= 4, "two years or more, without and with");
    // Levels: six per policy, and their means add up to the total's mean
    // (means are additive, quantiles are not).
    let levels = table(&v, "mc_gap_levels");
    let level_rows = levels["rows"].as_array().expect("rows");
    assert_eq!(level_rows.len(), 12);
    let mean_of = |rows: &[serde_json::Value], policy: &str| -> f64 {
        rows.iter()
            .filter(|r| r["policy"] == policy)
            .map(|r| central(&r["mean"]))
            .sum()
    };
    let total_mean = t["rows"]
        .as_array()
        .and_then(|rs| {
            rs.iter().find(|r| {
                r["policy"] == "with" && r["figure"] == "technician gap (no gap when <= 0)"
            })
        })
        .map(|r| central(&r["mean"]))
        .expect("gap row");
    let sum = mean_of(level_rows, "with");
    assert!(
        (sum - total_mean).abs() <= 1e-6 * (1.0 + total_mean.abs()),
        "{sum} vs {total_mean}"
    );
    // Provinces: two per policy in the toy, their means add up to the
    // total's mean as well, and each has a probability.
    let provinces = table(&v, "mc_gap_provinces");
    let province_rows = provinces["rows"].as_array().expect("rows");
    assert_eq!(province_rows.len(), 4, "two provinces, without and with");
    let sum = mean_of(province_rows, "with");
    assert!(
        (sum - total_mean).abs() <= 1e-6 * (1.0 + total_mean.abs()),
        "{sum} vs {total_mean}"
    );
    for r in province_rows {
        let p = central(&r["probability_closed"]);
        assert!((0.0..=1.0).contains(&p), "{r}");
        assert!(central(&r["p5"]) <= central(&r["p95"]), "{r}");
    }
    assert_ne!(
        province_rows[0]["mean"], province_rows[2]["mean"],
        "the provinces differ"
    );
    // Per province and gap year: in every year the provinces' means add
    // up to the national mean of mc_gap_years, and the goal year's rows are
    // mc_gap_provinces'.
    let by_year = table(&v, "mc_gap_provinces_years");
    let by_year_rows = by_year["rows"].as_array().expect("rows");
    let n_years = rows.len() / 2;
    assert_eq!(
        by_year_rows.len(),
        2 * n_years * 2,
        "provinces x years x policies"
    );
    for national in rows {
        let (year, policy) = (&national["year"], &national["policy"]);
        let sum: f64 = by_year_rows
            .iter()
            .filter(|r| &r["year"] == year && &r["policy"] == policy)
            .map(|r| central(&r["mean"]))
            .sum();
        let mean = central(&national["mean"]);
        assert!(
            (sum - mean).abs() <= 1e-6 * (1.0 + mean.abs()),
            "{year} {policy}: {sum} vs {mean}"
        );
    }
    for goal in province_rows {
        let same = by_year_rows.iter().find(|r| {
            r["year"] == "2030"
                && r["province"] == goal["province"]
                && r["policy"] == goal["policy"]
        });
        assert_eq!(same.map(|r| &r["p50"]), Some(&goal["p50"]), "{goal}");
    }
    let s = table(&v, "mc_sensitivity");
    assert!(!s["rows"].as_array().expect("rows").is_empty());
    // Another seed gives other draws.
    let other = plan_with_env(
        &toy_policy(),
        &["--draws", "250", "--seed", "8", "--format", "json"],
        Some("2"),
    );
    assert_ne!(json(&other)["tables"], v["tables"]);
    // The terminal names the long per-year table instead of printing it.
    let text = plan_with_env(&toy_policy(), &["--draws", "50", "--full"], Some("2"));
    let text = String::from_utf8_lossy(&text.stdout);
    let line = text
        .lines()
        .find(|l| l.contains("table mc_gap_provinces_years"))
        .expect("named");
    let rows = format!(
        "({} rows): in the csv, json and xlsx output",
        by_year_rows.len()
    );
    assert!(line.contains(&rows), "{line}");
    assert!(!text.contains("province  name  year"), "{text}");
}

#[test]
fn contributions_show_the_evidence_of_each_effect() {
    let v = json(&plan_with(&toy_policy(), &["--format", "json"]));
    let t = table(&v, "plan_contributions");
    // The toy's retraining lever is `indirect` in levers.csv, the campaign's
    // funnel stages are all `none`, the governance lever has no effect.
    assert_eq!(row(t, "lever", "side")["evidence"], "indirect evidence");
    assert_eq!(row(t, "lever", "campaign zij")["evidence"], "no evidence");
    assert_eq!(row(t, "lever", "gov")["evidence"], "-");
    // Share without evidence = the campaign's share of the one-at-a-time sum.
    let side = 0.5 * (extra_stock(10.0, 2025, 2100, 2030) + extra_stock(10.0, 2025, 2100, 2031));
    let camp = 0.5 * (extra_stock(100.0, 2026, 2029, 2030) + extra_stock(100.0, 2026, 2029, 2031));
    let want = format!(
        "{:.0}% rests on effects without evidence",
        100.0 * camp / (side + camp)
    );
    let notes = t["notes"].as_array().expect("notes");
    assert!(
        notes
            .iter()
            .any(|n| n.as_str().is_some_and(|s| s.contains(&want))),
        "{want} not in {notes:?}"
    );
}
