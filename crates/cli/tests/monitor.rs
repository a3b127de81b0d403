//! End-to-end tests of `krapte monitor` on the toy registry
//! (`tests/fixtures/monitor`): listing, status against a target, imports of
//! our CSV and of a CBS StatLine export (a revision becomes a new vintage),
//! refused imports that change nothing, and an import killed mid-way.

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
    assert_eq!(rs.len(), 4);
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

#[test]
fn the_progress_report_is_one_self_contained_html_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("m.sqlite");
    let out = dir.path().join("report.html");
    let reg = registry();
    let data = root().join("tests/fixtures/toy");
    let sc_text = std::fs::read_to_string(data.join("scenario.toml")).expect("scenario");
    let sc = dir.path().join("toy2030.toml");
    std::fs::write(&sc, sc_text.replace("horizon = 2028", "horizon = 2030")).expect("write");
    let pol = data.join("policy.toml");
    let o = Command::new(env!("CARGO_BIN_EXE_krapte"))
        .args([
            "--data",
            data.to_str().expect("utf-8"),
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
        ])
        .current_dir(root())
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(&out).expect("written");
    assert!(html.starts_with("<!DOCTYPE html>"));
    for want in [
        "Pillar onderwijs",
        "Pillar arbeidsmarkt",
        "Pillar innovatie",
        "The plan&#39;s goals in 2030",
        "Series break 2021",
        "<svg",
        "@media print",
    ] {
        let want = want.replace("&#39;", "'");
        assert!(html.contains(&want), "missing {want}");
    }
    // Self-contained: nothing is fetched when the file is opened.
    for banned in ["<script", "src=\"http", "href=\"http", "<link"] {
        assert!(!html.contains(banned), "{banned}");
    }
    assert_eq!(html.matches("<svg").count(), 4, "one chart per indicator");
}
