//! End-to-end tests of `krapte monitor` on the toy registry
//! (`tests/fixtures/monitor`): listing, status against a target, imports of
//! our CSV and of a CBS StatLine export (a revision becomes a new vintage),
//! refused imports that change nothing, an import killed mid-way, the
//! model gap recorded once per inputs, and the report with revisions,
//! regional tables and every series (HTML, xlsx, CSV, JSON).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use common::root;
use serde_json::Value;

fn registry() -> PathBuf {
    root().join("tests/fixtures/monitor")
}

fn monitor(store: &Path, args: &[&str]) -> Output {
    let reg = registry();
    let mut all = vec![
        "monitor",
        "--registry",
        reg.to_str().expect("utf-8"),
        "--store",
        store.to_str().expect("utf-8"),
    ];
    all.extend_from_slice(args);
    Command::new(env!("CARGO_BIN_EXE_krapte"))
        .args(&all)
        .current_dir(root())
        .output()
        .expect("the binary runs")
}

fn ok_json(o: &Output) -> Value {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("json")
}

fn rows(v: &Value) -> Vec<Value> {
    v["tables"][0]["rows"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn series(store: &Path, id: &str) -> Vec<Value> {
    rows(&ok_json(&monitor(store, &["show", id, "--format", "json"])))
}

#[test]
fn status_lists_every_indicator_with_its_verdict() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("m.sqlite");
    let v = ok_json(&monitor(&store, &["status", "--format", "json"]));
    let rs = rows(&v);
    assert_eq!(rs.len(), 5);
    let ict = rs.iter().find(|r| r["id"] == "ict_workers").expect("row");
    // 10% a year from 500,000 in 2020: 1,296,871 in 2030, on track for 1 million.
    assert_eq!(ict["verdict"], "on track");
    let proj = ict["projection_target_year"]["central"]
        .as_f64()
        .expect("n");
    assert!((proj - 500_000.0 * 1.1f64.powi(10)).abs() < 1.0, "{proj}");
    let pillars: Vec<&str> = rs.iter().filter_map(|r| r["pillar"].as_str()).collect();
    for p in ["onderwijs", "arbeidsmarkt", "innovatie"] {
        assert!(pillars.contains(&p), "{p}");
    }
}

#[test]
fn a_cbs_revision_becomes_a_new_vintage() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("m.sqlite");
    let cbs = dir.path().join("cbs.csv");
    std::fs::write(
        &cbs,
        "\u{feff}\"ID\";\"Perioden\";\"ICT (aantal)\"\n\"0\";\"2024JJ00\";\"740000\"\n\"1\";\"2025JJ00\";\"800000\"\n\"2\";\"2026JJ00\";\".\"\n",
    )
    .expect("write");
    let o = monitor(
        &store,
        &[
            "import",
            cbs.to_str().expect("utf-8"),
            "--cbs",
            "--indicator",
            "ict_workers",
            "--vintage",
            "2026-06-01",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("1 new, 1 revised"), "{out}");
    let s = series(&store, "ict_workers");
    let y2024 = s.iter().find(|r| r["period"] == "2024").expect("2024");
    assert_eq!(y2024["value"].as_f64(), Some(740_000.0));
    assert_eq!(y2024["vintage"], "2026-06-01");
    assert_eq!(y2024["earlier vintages"], "2025-06-01: 732,050");
    assert!(s.iter().any(|r| r["period"] == "2025"));
    assert!(!s.iter().any(|r| r["period"] == "2026"), "'.' is no value");
    // The same file again changes nothing.
    let o = monitor(
        &store,
        &[
            "import",
            cbs.to_str().expect("utf-8"),
            "--cbs",
            "--indicator",
            "ict_workers",
            "--vintage",
            "2026-06-01",
        ],
    );
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("0 new, 0 revised (new vintage), 2 unchanged")
    );
}

#[test]
fn a_bad_import_names_line_and_column_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("m.sqlite");
    let before = series(&store, "ict_workers");
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "indicator,region,period,value,source_id,vintage,note\n\
         ict_workers,NL,2025,810000,TOY,2026-06-01,fine\n\
         ict_wrokers,NL,2025,1,TOY,2026-06-01,\n\
         ict_workers,PV99,2025Q1,99999999,TOY,2026-13-01,\n\
         ict_workers,NL,2025,810000,TOY,2026-06-01,twice\n",
    )
    .expect("write");
    let o = monitor(&store, &["import", bad.to_str().expect("utf-8")]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    for want in [
        "bad.csv:3: field 'indicator': unknown indicator \"ict_wrokers\"",
        "bad.csv:4: field 'region'",
        "bad.csv:4: field 'period'",
        "bad.csv:4: field 'value'",
        "bad.csv:4: field 'vintage'",
        "bad.csv:5",
        "twice",
        "nothing imported",
    ] {
        assert!(err.contains(want), "missing {want:?} in\n{err}");
    }
    assert_eq!(series(&store, "ict_workers"), before);
}

/// Killing the process while the import's transaction is open leaves the
/// store as it was; a reader during the import sees the old state.
#[test]
fn an_import_killed_midway_leaves_the_store_as_before() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("m.sqlite");
    let before = series(&store, "ict_workers");
    let file = dir.path().join("new.csv");
    std::fs::write(
        &file,
        "indicator,region,period,value,source_id,vintage,note\nict_workers,NL,2025,810000,TOY,2026-06-01,\n",
    )
    .expect("write");
    let reg = registry();
    let mut child = Command::new(env!("CARGO_BIN_EXE_krapte"))
        .args([
            "monitor",
            "--registry",
            reg.to_str().expect("utf-8"),
            "--store",
            store.to_str().expect("utf-8"),
            "import",
            file.to_str().expect("utf-8"),
        ])
        .env("KRAPTE_TEST_IMPORT_PAUSE_MS", "5000")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawns");
    std::thread::sleep(Duration::from_millis(1500));
    // A reader while the import is open: the old state, without waiting.
    assert_eq!(series(&store, "ict_workers"), before);
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    assert_eq!(series(&store, "ict_workers"), before);
    // The same import, not killed, lands whole.
    let o = monitor(&store, &["import", file.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(series(&store, "ict_workers").len(), before.len() + 1);
}

/// The toy scenario with its horizon moved to 2030 (the goal year).
fn toy2030(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(toy().join("scenario.toml")).expect("scenario");
    let sc = dir.join("toy2030.toml");
    std::fs::write(&sc, text.replace("horizon = 2028", "horizon = 2030")).expect("write");
    sc
}

fn toy() -> PathBuf {
    root().join("tests/fixtures/toy")
}

/// Runs the binary on the toy dataset with `args`.
fn on_toy(args: &[&str]) -> Output {
    let data = toy();
    let mut all = vec!["--data", data.to_str().expect("utf-8")];
    all.extend_from_slice(args);
    Command::new(env!("CARGO_BIN_EXE_krapte"))
        .args(&all)
        .current_dir(root())
        .output()
        .expect("runs")
}

/// `krapte report --out OUT` on the toy dataset, its 2030 scenario and
/// policy, with the toy monitor registry and `store`.
fn report(dir: &Path, store: &Path, out: &Path) -> Output {
    let sc = toy2030(dir);
    let pol = toy().join("policy.toml");
    let reg = registry();
    on_toy(&[
        "report",
        "--out",
        out.to_str().expect("utf-8"),
        "--scenario",
        sc.to_str().expect("utf-8"),
        "--policy",
        pol.to_str().expect("utf-8"),
        "--store",
        store.to_str().expect("utf-8"),
        "--registry",
        reg.to_str().expect("utf-8"),
        "--draws",
        "300",
    ])
}

/// `krapte monitor record-model` on the toy dataset.
fn record_model(dir: &Path, store: &Path, policy: Option<&Path>) -> Output {
    let sc = toy2030(dir);
    let reg = registry();
    let mut args = vec![
        "monitor",
        "--registry",
        reg.to_str().expect("utf-8"),
        "--store",
        store.to_str().expect("utf-8"),
        "record-model",
        "--scenario",
        sc.to_str().expect("utf-8"),
    ];
    if let Some(p) = policy {
        args.extend(["--policy", p.to_str().expect("utf-8")]);
    }
    on_toy(&args)
}

/// `krapte monitor set-official` on the toy dataset for the run of
/// `scenario` (and `policy`).
fn set_official(store: &Path, scenario: &Path, policy: Option<&Path>) -> Output {
    let reg = registry();
    let mut args = vec![
        "monitor",
        "--registry",
        reg.to_str().expect("utf-8"),
        "--store",
        store.to_str().expect("utf-8"),
        "set-official",
        "--scenario",
        scenario.to_str().expect("utf-8"),
    ];
    if let Some(p) = policy {
        args.extend(["--policy", p.to_str().expect("utf-8")]);
    }
    on_toy(&args)
}

fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn table<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["tables"]
        .as_array()
        .and_then(|ts| ts.iter().find(|t| t["id"] == id))
        .unwrap_or_else(|| panic!("table {id} missing"))
}

fn bracket(v: &Value) -> [f64; 3] {
    ["low", "central", "high"].map(|k| v[k].as_f64().expect("number"))
}

#[test]
fn the_progress_report_is_one_self_contained_html_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("m.sqlite");
    let out = dir.path().join("report.html");
    let o = report(dir.path(), &store, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(&out).expect("written");
    assert!(html.starts_with("<!DOCTYPE html>"));
    for want in [
        "Samenvatting",
        "Pijler 1: onderwijs",
        "Pijler 2: arbeidsmarkt",
        "Pijler 3: innovatie",
        "Trendbreuk 2021",
        "<svg",
        "@media print",
    ] {
        assert!(html.contains(want), "missing {want}");
    }
    // Self-contained: nothing is fetched when the file is opened.
    for banned in ["<script", "src=\"http", "href=\"http", "<link"] {
        assert!(!html.contains(banned), "{banned}");
    }
    // The pillars at a glance, against the targets.
    assert!(
        html.contains(
            "<strong>Arbeidsmarkt: </strong>2 van 3 indicatoren hebben een doel: 1 op koers"
        ),
        "overview"
    );
    assert!(!html.contains("n.b. (n.b."));
    // No file names or command lines in a public report.
    for internal in [".csv", ".sqlite", "krapte monitor", "--store"] {
        assert!(!html.contains(internal), "{internal} in the report");
    }
    // A chart per indicator, the fan chart, the measures' bars and the map.
    assert!(
        html.matches("<svg").count() >= 8,
        "{}",
        html.matches("<svg").count()
    );
}

/// Issue 7: the model's 2030 technician gap is an indicator the program
/// writes; recording it twice with the same inputs stores it once; the
/// report says when it is missing and shows it when it is there.
#[test]
fn the_model_gap_is_recorded_once_per_inputs_and_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("m.sqlite");
    let html_out = dir.path().join("report.html");
    // Not recorded yet: the report says so, on the terminal and in the file.
    let o = report(dir.path(), &store, &html_out);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("model_technician_gap_2030 has not been recorded yet"),
        "{err}"
    );
    let html = std::fs::read_to_string(&html_out).expect("written");
    assert!(html.contains("nog niet in de monitor vastgelegd"));
    assert!(html.contains("Dit is de eerste rapportage"));

    // The gap as `krapte gap` computes it.
    let sc = toy2030(dir.path());
    let gap = ok_json(&on_toy(&[
        "gap",
        sc.to_str().expect("utf-8"),
        "--format",
        "json",
    ]));
    let want = bracket(&table(&gap, "verdicts")["rows"][0]["value"]);
    let first = stdout(&record_model(dir.path(), &store, None));
    assert!(
        first.starts_with("recorded model_technician_gap_2030 ="),
        "{first}"
    );
    assert!(first.contains("policy none"), "{first}");
    assert!(first.contains("no run is declared official yet"), "{first}");
    // Recorded but not declared: no figure shown.
    assert!(series(&store, "model_technician_gap_2030").is_empty());
    let decl = stdout(&set_official(&store, &sc, None));
    assert!(
        decl.starts_with("official run of model_technician_gap_2030: scenario toy2030, policy none, dataset edition toy-1, framing base-year (declared "),
        "{decl}"
    );
    let s = series(&store, "model_technician_gap_2030");
    assert_eq!(s.len(), 1);
    assert_eq!(s[0]["period"], "2030");
    let got = bracket(&s[0]["value"]);
    for (g, w) in got.iter().zip(&want) {
        assert!(
            (g - w).abs() < 1e-6 * (1.0 + w.abs()),
            "{got:?} vs {want:?}"
        );
    }
    assert!(got[0] < got[1] && got[1] < got[2], "{got:?}");

    // Again with the same inputs: nothing new.
    let again = stdout(&record_model(dir.path(), &store, None));
    assert!(again.starts_with("unchanged:"), "{again}");
    assert_eq!(series(&store, "model_technician_gap_2030"), s);

    // With the policy: the gap `krapte plan` shows with it, another run
    // (not official: the figure shown stays the declared one).
    let pol = toy().join("policy.toml");
    let plan = ok_json(&on_toy(&[
        "plan",
        pol.to_str().expect("utf-8"),
        "--scenario",
        sc.to_str().expect("utf-8"),
        "--format",
        "json",
    ]));
    let with = bracket(&table(&plan, "plan_verdicts")["rows"][0]["with_policy"]);
    let rec = stdout(&record_model(dir.path(), &store, Some(&pol)));
    assert!(rec.starts_with("recorded"), "{rec}");
    assert!(
        rec.contains("the official run is still scenario toy2030, policy none"),
        "{rec}"
    );
    assert_eq!(series(&store, "model_technician_gap_2030"), s);
    let latest = got;

    // Status: a figure for 2030 is its own projection, judged against 0.
    let st = ok_json(&monitor(&store, &["status", "--format", "json"]));
    let r = rows(&st)
        .into_iter()
        .find(|r| r["id"] == "model_technician_gap_2030")
        .expect("row");
    assert_eq!(bracket(&r["projection_target_year"]), latest);
    let verdict = if latest[1] > 0.0 {
        "off track"
    } else if latest[2] <= 0.0 {
        "on track"
    } else {
        "on track, but the band includes missing the target"
    };
    assert_eq!(r["verdict"], verdict);

    // The report shows both runs; the JSON report has their values.
    let o = report(dir.path(), &store, &html_out);
    assert!(!String::from_utf8_lossy(&o.stderr).contains("not been recorded"));
    let html = std::fs::read_to_string(&html_out).expect("written");
    assert!(!html.contains("nog niet in de monitor vastgelegd"));
    assert!(html.contains("De officiële doorrekening in de monitor is van"));
    assert!(html.contains("Andere vastgelegde doorrekeningen (niet officieel)"));
    assert!(html.contains("90%-band"), "the bracket is drawn");
    let json_out = dir.path().join("report.json");
    let o = report(dir.path(), &store, &json_out);
    assert!(o.status.success());
    let v: Value = serde_json::from_slice(&std::fs::read(&json_out).expect("json")).expect("json");
    let runs = table(&v, "model_indicator")["rows"]
        .as_array()
        .cloned()
        .expect("rows");
    assert_eq!(runs.len(), 2);
    assert!(runs[0]["status"]
        .as_str()
        .expect("text")
        .starts_with("official (declared "));
    assert_eq!(runs[1]["status"], "other run");
    assert_eq!(bracket(&runs[0]["gap_fte"]), latest);
    assert!((bracket(&runs[1]["gap_fte"])[1] - with[1]).abs() < 1e-6 * (1.0 + with[1].abs()));
}

/// Issue 18 item 6: the official figure is the run declared official, not
/// the last one recorded. Recording referentie-60 after declaring
/// referentie-55 leaves the status's and the report's figure at
/// referentie-55's; a run never recorded cannot be declared; without a
/// declaration the report says so and lists the runs.
#[test]
fn recording_another_run_leaves_the_official_figure() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("m.sqlite");
    // Two scenarios named like the presets (so the report names them).
    let text = std::fs::read_to_string(toy2030(dir.path())).expect("scenario");
    let r55 = dir.path().join("referentie-55.toml");
    let r60 = dir.path().join("referentie-60.toml");
    std::fs::write(&r55, &text).expect("write");
    std::fs::write(
        &r60,
        text.replace(
            "stock = { 2024 = 0, 2026 = 10 }",
            "stock = { 2024 = 0, 2026 = 10, 2030 = 30 }",
        ),
    )
    .expect("write");
    let record = |sc: &Path| {
        let reg = registry();
        stdout(&on_toy(&[
            "monitor",
            "--registry",
            reg.to_str().expect("utf-8"),
            "--store",
            store.to_str().expect("utf-8"),
            "record-model",
            "--scenario",
            sc.to_str().expect("utf-8"),
        ]))
    };
    let official_gap = |store: &Path| -> Option<f64> {
        let st = ok_json(&monitor(store, &["status", "--format", "json"]));
        rows(&st)
            .into_iter()
            .find(|r| r["id"] == "model_technician_gap_2030")
            .and_then(|r| r["latest_value"].as_f64())
    };
    record(&r55);
    // referentie-60 is not recorded: declaring it is refused, nothing written.
    let o = set_official(&store, &r60, None);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(
        err.contains("no run with scenario referentie-60, policy none, dataset edition toy-1, framing base-year is recorded")
            && err.contains("Record it first")
            && err.contains("recorded runs: scenario referentie-55"),
        "{err}"
    );
    // Without a declaration the report names no figure and lists the run.
    let html_out = dir.path().join("report.html");
    let o = report(dir.path(), &store, &html_out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(&html_out).expect("written");
    assert!(html.contains("Er is geen officiële doorrekening aangewezen"));
    assert!(html.contains("Andere vastgelegde doorrekeningen (niet officieel)"));
    assert!(official_gap(&store).is_none());

    stdout(&set_official(&store, &r55, None));
    let before = official_gap(&store).expect("a figure");
    let rec = record(&r60);
    assert!(
        rec.contains("the official run is still scenario referentie-55"),
        "{rec}"
    );
    let json_out = dir.path().join("report.json");
    assert!(report(dir.path(), &store, &json_out).status.success());
    let v: Value = serde_json::from_slice(&std::fs::read(&json_out).expect("json")).expect("json");
    let runs = table(&v, "model_indicator")["rows"]
        .as_array()
        .cloned()
        .expect("rows");
    assert_eq!(runs.len(), 2);
    assert!(runs[0]["run"]
        .as_str()
        .expect("text")
        .starts_with("scenario referentie-55,"));
    assert!(runs[0]["status"]
        .as_str()
        .expect("text")
        .starts_with("official"));
    assert!(runs[1]["run"]
        .as_str()
        .expect("text")
        .starts_with("scenario referentie-60,"));
    assert_eq!(runs[1]["status"], "other run");
    let g55 = bracket(&runs[0]["gap_fte"])[1];
    let g60 = bracket(&runs[1]["gap_fte"])[1];
    assert!(g60 > g55, "more climate work, a larger gap: {g55} vs {g60}");
    assert_eq!(before, g55);
    assert_eq!(official_gap(&store), Some(g55), "the status's figure stays");
    let status = ok_json(&monitor(&store, &["status", "--format", "json"]));
    let notes = status["tables"][0]["notes"].to_string();
    assert!(
        notes.contains("the official run is scenario referentie-55"),
        "{notes}"
    );
    assert!(
        notes.contains("other runs (not official): scenario referentie-60"),
        "{notes}"
    );
    // The report's monitor card and the comparison use referentie-55's.
    let o = report(dir.path(), &store, &html_out);
    assert!(o.status.success());
    let html = std::fs::read_to_string(&html_out).expect("written");
    let at = html
        .find("Officiële doorrekening: ")
        .expect("the official run");
    let line = &html[at..at + html[at..].find("</").expect("closed")];
    assert!(line.contains("scenario Referentiepad 55%"), "{line}");
    assert!(!html.contains("Er is geen officiële doorrekening aangewezen"));
    assert!(html.contains("De officiële doorrekening in de monitor is van"));
    let others = html
        .find("Andere vastgelegde doorrekeningen (niet officieel): ")
        .expect("others");
    assert!(html[others..].contains("Referentiepad 60%"));
    // The official run's keys: declaring it again keeps it.
    stdout(&set_official(&store, &r55, None));
    assert_eq!(official_gap(&store), Some(g55));

    // Another framing is another run: recorded beside, declared by name.
    let reg = registry();
    let (reg, st, sc) = (
        reg.to_str().expect("utf-8"),
        store.to_str().expect("utf-8"),
        r55.to_str().expect("utf-8"),
    );
    let monitor_args = |cmd: &'static str| {
        vec![
            "monitor",
            "--registry",
            reg,
            "--store",
            st,
            cmd,
            "--scenario",
            sc,
            "--framing",
            "pbl-roa",
        ]
    };
    let rec = stdout(&on_toy(&monitor_args("record-model")));
    assert!(rec.contains("framing pbl-roa"), "{rec}");
    assert_eq!(
        official_gap(&store),
        Some(g55),
        "recording is no declaration"
    );
    let dec = stdout(&on_toy(&monitor_args("set-official")));
    assert!(dec.contains("framing pbl-roa"), "{dec}");
    let g_all = official_gap(&store).expect("the pbl-roa run's figure");
    assert_ne!(
        g_all, g55,
        "all climate demand on top counts more: {g_all} vs {g55}"
    );
}

/// Issue 7's "done when": a CBS-style CSV with a revised figure adds a
/// vintage and the report shows the revision; the xlsx has the overview,
/// the regional table and every indicator's full series on its own sheet.
#[test]
fn the_report_shows_revisions_regions_and_every_series() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("m.sqlite");
    let cbs = dir.path().join("cbs.csv");
    std::fs::write(
        &cbs,
        "\"ID\";\"Perioden\";\"ICT (aantal)\"\n\"0\";\"2024JJ00\";\"740000\"\n",
    )
    .expect("write");
    let o = monitor(
        &store,
        &[
            "import",
            cbs.to_str().expect("utf-8"),
            "--cbs",
            "--indicator",
            "ict_workers",
            "--vintage",
            "2026-06-01",
        ],
    );
    assert!(stdout(&o).contains("0 new, 1 revised"));

    let html_out = dir.path().join("report.html");
    assert!(report(dir.path(), &store, &html_out).status.success());
    let html = std::fs::read_to_string(&html_out).expect("written");
    assert!(
        html.contains("Herzien: 2024 740.000 personen (publicatie 2026-06-01; eerder 2025-06-01: 732.050 personen)"),
        "the revision is written out"
    );
    assert!(html.contains("herzien cijfer"), "and marked in the chart");
    // Regional series: the latest value per province.
    assert!(html.contains("laatste waarde per provincie"));
    assert!(html.contains("<td>Noord-Holland</td><td>2024</td>"));

    let xlsx = dir.path().join("report.xlsx");
    assert!(report(dir.path(), &store, &xlsx).status.success());
    let mut wb: Xlsx<_> = open_workbook(&xlsx).expect("valid xlsx");
    let names = wb.sheet_names();
    for sheet in [
        "Lees mij",
        "verdicts",
        "model_indicator",
        "monitor_status",
        "monitor_regions",
        "01_ict_workers",
        "02_tech_inflow_mbo",
        "05_model_technician_gap_2030",
    ] {
        assert!(
            names.iter().any(|n| n == sheet),
            "{sheet} missing in {names:?}"
        );
    }
    assert!(names.iter().all(|n| n.chars().count() <= 31));
    let cells = |range: &calamine::Range<Data>| -> Vec<Vec<String>> {
        range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    };
    let series = cells(&wb.worksheet_range("01_ict_workers").expect("sheet"));
    let find = |rows: &[Vec<String>], keys: &[&str]| -> Vec<String> {
        rows.iter()
            .find(|r| {
                keys.iter()
                    .enumerate()
                    .all(|(i, k)| r.get(i).map(String::as_str) == Some(*k))
            })
            .cloned()
            .unwrap_or_else(|| panic!("no row {keys:?}"))
    };
    // region, period, vintage, latest vintage, source, series break, note, value
    let old = find(&series, &["NL", "2024", "2025-06-01"]);
    assert_eq!(old[3], "no (revised)");
    assert_eq!(old[7], "732050");
    let new = find(&series, &["NL", "2024", "2026-06-01"]);
    assert_eq!(new[3], "yes");
    assert_eq!(new[7], "740000");
    assert_eq!(find(&series, &["NL", "2021"])[5], "break: toy series break");
    assert_eq!(find(&series, &["PV20", "2023"])[7], "20000");
    let regions = cells(&wb.worksheet_range("monitor_regions").expect("sheet"));
    // pillar, id, unit, region, province, latest period, vintage, source, latest, previous
    let pv20 = find(
        &regions,
        &["arbeidsmarkt", "ict_workers", "persons", "PV20"],
    );
    assert_eq!(pv20[4], "Groningen");
    assert_eq!(pv20[5], "2024");
    assert_eq!(pv20[6], "2025-06-01");
    assert_eq!(pv20[7], "TOY");
    assert_eq!(pv20[8], "21000");
    assert_eq!(pv20[9], "20000");
    // The overview names each latest figure's vintage and source.
    let status = cells(&wb.worksheet_range("monitor_status").expect("sheet"));
    let ict = find(&status, &["arbeidsmarkt", "ict_workers"]);
    assert_eq!(&ict[2..6], ["persons", "2024", "2026-06-01", "TOY"]);

    // The same tables in CSV.
    let csv_out = dir.path().join("report.csv");
    assert!(report(dir.path(), &store, &csv_out).status.success());
    let csv = std::fs::read_to_string(&csv_out).expect("csv");
    assert!(csv
        .lines()
        .any(|l| l.starts_with("series_ict_workers,persons,")
            && l.contains(",2026-06-01,")
            && l.ends_with(",740000,740000,740000")));
    assert!(csv.lines().any(|l| l.starts_with("monitor_regions,")
        && l.contains(",PV27,")
        && l.contains("latest_value,150000,")));
}

/// A run that cannot give the 2030 gap is refused with the reason, and
/// nothing is stored.
#[test]
fn record_model_refuses_a_scenario_that_stops_before_2030() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("m.sqlite");
    let reg = registry();
    let sc = toy().join("scenario.toml");
    let o = on_toy(&[
        "monitor",
        "--registry",
        reg.to_str().expect("utf-8"),
        "--store",
        store.to_str().expect("utf-8"),
        "record-model",
        "--scenario",
        sc.to_str().expect("utf-8"),
    ]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("does not reach 2030: no gap to record"),
        "{err}"
    );
    assert!(series(&store, "model_technician_gap_2030").is_empty());
}
