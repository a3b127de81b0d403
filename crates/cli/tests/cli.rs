//! End-to-end tests of the `krapte` binary on the toy dataset
//! (`tests/fixtures/toy`, worked out by hand in docs/MODEL.md) and on broken
//! copies of it. They run the real loader, model and renderers.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn toy() -> PathBuf {
    root().join("tests/fixtures/toy")
}

fn krapte(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_krapte"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn toy_run(extra: &[&str]) -> Output {
    let data = toy();
    let scen = toy().join("scenario.toml");
    let mut args = vec![
        "--data",
        data.to_str().expect("utf-8 path"),
        "run",
        scen.to_str().expect("utf-8 path"),
    ];
    args.extend_from_slice(extra);
    krapte(&args)
}

/// Writes `text` as a scenario file `name` and runs it on the toy dataset.
fn toy_scenario_run(name: &str, text: &str, extra: &[&str]) -> Output {
    let dir = tempfile::tempdir().expect("tempdir");
    let sc = dir.path().join(name);
    std::fs::write(&sc, text).expect("write scenario");
    let data = toy();
    let mut args = vec![
        "--data",
        data.to_str().expect("utf-8"),
        "run",
        sc.to_str().expect("utf-8"),
    ];
    args.extend_from_slice(extra);
    krapte(&args)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-4 * (1.0 + b.abs())
}

fn json_table<'a>(v: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    v["tables"]
        .as_array()
        .and_then(|ts| ts.iter().find(|t| t["id"] == id))
        .unwrap_or_else(|| panic!("table {id} missing"))
}

#[test]
fn toy_json_matches_the_hand_calculation() {
    let o = toy_run(&["--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(v["dataset"]["edition"], "toy-1");
    let years = json_table(&v, "years");
    assert_eq!(years["unit"], "fte");
    let row2025 = years["rows"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["year"] == "2025"))
        .expect("2025 row");
    assert!(close(
        row2025["gross_fte"]["central"].as_f64().expect("number"),
        173.385828
    ));
    assert!(close(
        row2025["net_fte"]["central"].as_f64().expect("number"),
        170.885828
    ));
    assert!(close(
        row2025["fossil_losses_fte"]["central"]
            .as_f64()
            .expect("number"),
        2.5
    ));
    // Low variant: construction 1 job-year/MW instead of 2, losses at their high end (20 -> 5 in 2025).
    let low = row2025["gross_fte"]["low"].as_f64().expect("number");
    assert!(low < 173.385828);
    // Technicians (0731) in 2028: O&M 1 fte in S2 -> indirect (1.259843, 0.417323); 0731 shares 0.8 / 0.3.
    let edu = json_table(&v, "technician_education");
    assert_eq!(edu["year"], 2028);
    let total_mbo3: f64 = edu["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["level"] == "mbo3" && r["direction"] == "techniek")
        .map(|r| r["gross_fte"]["central"].as_f64().expect("number"))
        .sum();
    let tech_2028 = 0.8 * 1.259843 + 0.3 * 1.417323;
    assert!(close(total_mbo3, 0.5 * tech_2028), "{total_mbo3}");
}

#[test]
fn toy_table_states_units_years_and_basis() {
    let o = toy_run(&["--year", "2025"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(s.contains("Dataset: edition toy-1"), "{s}");
    assert!(s.contains("unit: fte; year: 2025; gross and net"), "{s}");
    assert!(s.contains("Technician demand by education"), "{s}");
    assert!(s.contains("Noord-Holland"), "{s}");
    assert!(s.contains("173"), "{s}");
}

#[test]
fn year_outside_scenario_is_refused() {
    let o = toy_run(&["--year", "2035"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("outside the scenario's years"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn csv_output_has_one_row_per_value_with_labels() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("toy.csv");
    let o = toy_run(&["--out", out.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).expect("csv written");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("table,unit,year,basis,dataset_edition,key1_name,key1,key2_name,key2,key3_name,key3,value,low,central,high")
    );
    assert!(text.lines().any(
        |l| l.starts_with("years,fte,,gross and net,toy-1,year,2025,") && l.contains(",gross_fte,")
    ));
}

#[test]
fn xlsx_output_reads_back() {
    use calamine::{open_workbook, Reader, Xlsx};
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("toy.xlsx");
    let o = toy_run(&["--out", out.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut wb: Xlsx<_> = open_workbook(&out).expect("valid xlsx");
    let names = wb.sheet_names();
    for sheet in [
        "Lees mij",
        "Bronnen en aannames",
        "years",
        "technician_education",
        "provinces",
        "occupations",
        "measures",
        "sectors",
    ] {
        assert!(
            names.iter().any(|n| n == sheet),
            "sheet {sheet} missing in {names:?}"
        );
    }
    let range = wb.worksheet_range("years").expect("years sheet");
    // Row 5 (index 4) is 2024; 2025 is the next row. Column 1 is gross central.
    let cell = range.get_value((5, 1)).expect("2025 gross");
    let v = match cell {
        calamine::Data::Float(f) => *f,
        other => panic!("expected a number, got {other:?}"),
    };
    assert!(close(v, 173.385828), "{v}");
    assert_eq!(
        range.get_value((5, 0)).map(|c| c.to_string()),
        Some("2025".into())
    );
}

#[test]
fn xlsx_to_stdout_is_refused() {
    let o = toy_run(&["--format", "xlsx"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--out"));
}

#[test]
fn compare_shows_differences() {
    let dir = tempfile::tempdir().expect("tempdir");
    let b = dir.path().join("double.toml");
    let text = std::fs::read_to_string(toy().join("scenario.toml")).expect("read toy scenario");
    let doubled = text.replace("additions = { 2025 = 100 }", "additions = { 2025 = 200 }");
    std::fs::write(&b, doubled).expect("write");
    let data = toy();
    let a = toy().join("scenario.toml");
    let o = krapte(&[
        "--data",
        data.to_str().expect("utf-8"),
        "compare",
        a.to_str().expect("utf-8"),
        b.to_str().expect("utf-8"),
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let rows = json_table(&v, "compare_years")["rows"]
        .as_array()
        .expect("rows")
        .clone();
    let r2025 = rows.iter().find(|r| r["year"] == "2025").expect("2025");
    // Doubling spend_x adds exactly its 159.448819 fte again.
    assert!(close(
        r2025["diff_gross_fte"]["central"].as_f64().expect("number"),
        159.448819
    ));
}

#[test]
fn data_check_passes_on_toy_and_lists_assumptions() {
    let o = krapte(&["data", "check", toy().to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(s.contains("OK"), "{s}");
    assert!(s.contains("Assumptions"), "{s}");
    assert!(s.contains("fte_hours_per_year"), "{s}");
}

#[test]
fn data_check_passes_on_builtin_dataset() {
    let o = krapte(&["data", "check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(s.contains("assumption"));
    // The region sets beside the built-in dataset (issue 22).
    for needle in [
        "corop              2025   40 regions",
        "province           2025   12 regions",
        "arbeidsmarktregio  2026   35 regions  Arbeidsmarktregio's (19 COROP regions split by inhabitants)",
        "res                2025   30 regions  RES-regio's (9 COROP regions split by inhabitants)",
        "RES 2030 TWh published for 22 of 30 regions",
        "placing 14 of the dataset's 14 measures",
    ] {
        assert!(s.contains(needle), "{needle:?} missing in:\n{s}");
    }
}

#[test]
fn builtin_default_run_prints_technicians_by_education_and_province() {
    let o = krapte(&["run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    for needle in [
        "Technician demand by education",
        "Demand by province",
        "Zeeland",
        "gross and net",
        "Dataset: edition",
    ] {
        assert!(s.contains(needle), "missing {needle}:\n{s}");
    }
}

/// Copies the toy dataset to a temporary folder and applies `edit` to one file.
fn broken_toy(file: &str, edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir(toy()).expect("toy dir") {
        let p = entry.expect("entry").path();
        let name = p.file_name().expect("name").to_owned();
        std::fs::copy(&p, dir.path().join(name)).expect("copy");
    }
    let target = dir.path().join(file);
    let text = std::fs::read_to_string(&target).expect("read");
    std::fs::write(&target, edit(&text)).expect("write");
    dir
}

fn run_on(dir: &Path, out: Option<&Path>) -> Output {
    let scen = toy().join("scenario.toml");
    let mut args = vec![
        "--data",
        dir.to_str().expect("utf-8"),
        "run",
        scen.to_str().expect("utf-8"),
    ];
    if let Some(o) = out {
        args.extend(["--out", o.to_str().expect("utf-8")]);
    }
    krapte(&args)
}

#[test]
fn misspelt_sector_code_names_file_line_field_and_suggests() {
    let dir = broken_toy("occupation_shares.csv", |t| t.replacen("S2,", "S3,", 1));
    let out = dir.path().join("result.json");
    let o = run_on(dir.path(), Some(&out));
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(e.contains("occupation_shares.csv:"), "{e}");
    assert!(e.contains("sector"), "{e}");
    assert!(e.contains("S3"), "{e}");
    assert!(!out.exists(), "no output file may be written on error");
}

#[test]
fn several_problems_are_reported_at_once() {
    let dir = broken_toy("sectors.csv", |t| {
        t.replace(",0.5,", ",1.5,").replace("200000", "lots")
    });
    let o = krapte(&["data", "check", dir.path().to_str().expect("utf-8")]);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(e.contains("import_share"), "{e}");
    assert!(e.contains("hours_worked"), "{e}");
    assert!(e.contains("sectors.csv:"), "{e}");
}

#[test]
fn shares_not_summing_to_one_are_reported() {
    let dir = broken_toy("region_shares.csv", |t| t.replacen("0.6", "0.7", 1));
    let o = krapte(&["data", "check", dir.path().to_str().expect("utf-8")]);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(e.contains("region_shares.csv"), "{e}");
    assert!(e.contains("sum"), "{e}");
}

#[test]
fn bad_scenario_names_line_and_suggests_measure() {
    let o = toy_scenario_run(
        "bad.toml",
        "name = \"bad\"\n\n[measures.plnt]\nstock = { 2026 = 10 }\n",
        &[],
    );
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(e.contains("bad.toml:3"), "{e}");
    assert!(e.contains("plant"), "{e}");
}

#[test]
fn unknown_preset_suggests_a_close_one() {
    let o = krapte(&["run", "referentie-56"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("did you mean"), "{}", stderr(&o));
}

#[test]
fn garbage_input_files_do_not_panic() {
    for file in [
        "sectors.csv",
        "io_domestic.csv",
        "manifest.toml",
        "parameters.csv",
        "measures.csv",
    ] {
        let dir = broken_toy(file, |_| {
            "\u{0}\u{1}garbage,\"unterminated\n;;;\n".to_string()
        });
        let o = krapte(&["data", "check", dir.path().to_str().expect("utf-8")]);
        assert!(!o.status.success());
        assert_eq!(o.status.code(), Some(1), "{file}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{file}: {}", stderr(&o));
    }
}

#[test]
fn direct_investment_per_product_group_runs_and_is_reported() {
    // 100 M EUR bought from S1 in 2025, no imports: m_1 x 100 = 251.9685 fte (docs/MODEL.md).
    let o = toy_scenario_run(
        "invest.toml",
        "name = \"invest\"\nhorizon = 2026\n\n[investments.S1]\nspend = { 2025 = 100 }\nimport_share = 0\nafter_last = \"stop\"\n",
        &["--year",
        "2025",
        "--format",
        "json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let m = json_table(&v, "measures");
    let row = m["rows"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["measure"] == "invest_S1"))
        .expect("invest_S1 row");
    assert!(close(
        row["gross_fte"]["central"].as_f64().expect("number"),
        251.968504
    ));
}

#[test]
fn unknown_investment_sector_suggests_a_close_code() {
    let o = toy_scenario_run(
        "invest.toml",
        "name = \"invest\"\n\n[investments.S9]\nspend = { 2025 = 100 }\n",
        &[],
    );
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(e.contains("invest.toml:3") && e.contains("S9"), "{e}");
}

#[test]
fn trajectories_per_province_put_the_work_there() {
    // 5 MW completed in Noord-Holland in 2025, 5 MW in Zuid-Holland in 2026, 2 job-years/MW over
    // two years: 2025 has 5 fte construction in each; O&M 0.1 fte/MW on the 5 MW in PV27.
    let o = toy_scenario_run(
        "prov.toml",
        "name = \"prov\"\nhorizon = 2026\n[options]\ninclude_indirect = false\n\n\
         [measures.plant.provinces.PV27]\nadditions = { 2025 = 5 }\nafter_last = \"stop\"\n\n\
         [measures.plant.provinces.PV28]\nadditions = { 2026 = 5 }\nafter_last = \"stop\"\n",
        &["--year", "2025", "--format", "json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let rows = json_table(&v, "provinces")["rows"]
        .as_array()
        .expect("rows")
        .clone();
    let gross = |code: &str| {
        rows.iter().find(|r| r["code"] == code).expect("province")["gross_fte"]["central"]
            .as_f64()
            .expect("number")
    };
    assert!(close(gross("PV27"), 5.5), "{}", gross("PV27"));
    assert!(close(gross("PV28"), 5.0), "{}", gross("PV28"));
}

#[test]
fn province_trajectories_refuse_stock_and_unknown_codes() {
    let o = toy_scenario_run(
        "prov.toml",
        "name = \"prov\"\n[measures.plant.provinces.PV27]\nstock = { 2030 = 5 }\n\n[measures.plant.provinces.PV99]\nadditions = { 2025 = 1 }\n",
        &[],
    );
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(e.contains("base-year stock per province"), "{e}");
    assert!(e.contains("PV99") && e.contains("not a province"), "{e}");
}

/// `run --draws`: quantiles of national demand per year, labelled with the
/// draws and the seed, the same for any thread count, inside the brackets
/// of the deterministic run (every draw lies between all-low and all-high
/// here: demand grows with each drawn range), in every output format.
#[test]
fn run_monte_carlo_is_reproducible_and_labelled() {
    let args = ["--draws", "300", "--seed", "7", "--format", "json"];
    let with_threads = |n: &str| {
        let data = toy();
        let scen = toy().join("scenario.toml");
        let mut a = vec![
            "--data",
            data.to_str().expect("utf-8"),
            "run",
            scen.to_str().expect("utf-8"),
        ];
        a.extend_from_slice(&args);
        Command::new(env!("CARGO_BIN_EXE_krapte"))
            .args(&a)
            .current_dir(root())
            .env("RAYON_NUM_THREADS", n)
            .output()
            .expect("the binary runs")
    };
    let (one, two) = (with_threads("1"), with_threads("2"));
    assert!(one.status.success(), "{}", stderr(&one));
    let v: serde_json::Value = serde_json::from_slice(&one.stdout).expect("json");
    let w: serde_json::Value = serde_json::from_slice(&two.stdout).expect("json");
    assert_eq!(
        v["tables"], w["tables"],
        "results depend on the thread count"
    );
    let t = json_table(&v, "mc_demand");
    assert_eq!(t["unit"], "fte");
    assert_eq!(t["basis"], "gross and net");
    let title = t["title"].as_str().expect("title");
    assert!(title.contains("Monte Carlo, 300 draws, seed 7"), "{title}");
    let years = json_table(&v, "years");
    let rows = t["rows"].as_array().expect("rows");
    // Every year of the scenario (2024..2028), two figures (all,
    // technicians), gross and net.
    let n_years = years["rows"].as_array().expect("rows").len();
    assert_eq!(n_years, 5);
    assert_eq!(rows.len(), n_years * 2 * 2, "{t}");
    let num = |x: &serde_json::Value| {
        x["central"]
            .as_f64()
            .or_else(|| x.as_f64())
            .expect("number")
    };
    for r in rows {
        let (p5, p50, p95, mean) = (
            num(&r["p5"]),
            num(&r["p50"]),
            num(&r["p95"]),
            num(&r["mean"]),
        );
        assert!(p5 <= p50 && p50 <= p95, "{r}");
        // The mean of equal numbers may differ from them in the last bit.
        let tol = 1e-9 * (1.0 + mean.abs());
        assert!(p5 - tol <= mean && mean <= p95 + tol, "{r}");
        if r["figure"] == "all occupations" && r["basis"] == "gross" {
            let y = years["rows"]
                .as_array()
                .and_then(|ys| ys.iter().find(|x| x["year"] == r["year"]))
                .expect("year row");
            let (lo, hi) = (
                y["gross_fte"]["low"].as_f64(),
                y["gross_fte"]["high"].as_f64(),
            );
            let (lo, hi) = (lo.expect("low"), hi.expect("high"));
            let tol = 1e-9 * (1.0 + hi.abs());
            assert!(lo - tol <= p5 && p95 <= hi + tol, "{r} vs {lo}..{hi}");
        }
    }
    // 2025 gross: the toy's plant construction (1-2-3 job-years/MW) is the
    // only drawn range of gross demand; the deterministic central is 173.39.
    let r = rows
        .iter()
        .find(|r| r["year"] == "2025" && r["figure"] == "all occupations" && r["basis"] == "gross")
        .expect("2025 row");
    assert!((num(&r["p50"]) - 173.385828).abs() < 5.0, "{r}");
    // Text states the Monte Carlo; CSV carries the table with its labels.
    let text = toy_run(&["--draws", "300", "--seed", "7"]);
    let s = stdout(&text);
    assert!(s.contains("Monte Carlo, 300 draws, seed 7: climate-transition labour demand per year (national) [unit: fte; gross and net]"), "{s}");
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("mc.csv");
    let o = toy_run(&["--draws", "50", "--out", out.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = std::fs::read_to_string(&out).expect("csv written");
    assert!(
        csv.lines().any(|l| l.starts_with(
            "mc_demand,fte,,gross and net,toy-1,year,2025,figure,all occupations,basis,gross,p50,"
        )),
        "{csv}"
    );
    // Without --draws there is no such table.
    let plain: serde_json::Value =
        serde_json::from_slice(&toy_run(&["--format", "json"]).stdout).expect("json");
    assert!(plain["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .all(|t| t["id"] != "mc_demand"));
}

/// A toy copy whose `uncertainty.csv` groups the supply parameters: `gap
/// --draws` says so, ranks the group in the tornado, and a misspelt slot
/// stops the load with file, line, field and the nearest names.
#[test]
fn correlation_groups_reach_the_monte_carlo_tables() {
    let with_file = |rows: &str| {
        let dir = broken_toy("manifest.toml", |t| {
            format!("{t}\n[[file]]\nname = \"uncertainty.csv\"\n")
        });
        let text = format!("slot,distribution,group,correlation,quality,source_id,reason\n{rows}");
        std::fs::write(dir.path().join("uncertainty.csv"), text).expect("write");
        dir
    };
    let dir = with_file("supply_parameters.csv:*,pert,supply,,assumption,TOY,one survey\n");
    let scen = toy().join("scenario.toml");
    let o = krapte(&[
        "--data",
        dir.path().to_str().expect("utf-8"),
        "gap",
        scen.to_str().expect("utf-8"),
        "--draws",
        "300",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let notes = json_table(&v, "mc_summary")["notes"].to_string();
    assert!(
        notes.contains(
            "6 of them in 1 correlation group from uncertainty.csv (members moving together)"
        ),
        "{notes}"
    );
    assert!(notes.contains("pert"), "{notes}");
    let sens = json_table(&v, "mc_sensitivity");
    let rows = sens["rows"].as_array().expect("rows");
    assert!(
        rows.iter().any(|r| r["parameter"]
            .as_str()
            .is_some_and(|p| p.starts_with("group supply ("))),
        "{sens}"
    );
    let bad = with_file("supply_parameters.csv:migraton_rate,,,,assumption,TOY,typo\n");
    let o = run_on(bad.path(), None);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("uncertainty.csv:2: field 'slot': unknown slot \"supply_parameters.csv:migraton_rate\"; nearest names: \"supply_parameters.csv:migration_rate\""),
        "{err}"
    );
}
