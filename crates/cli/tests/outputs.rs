//! End-to-end tests of issue 19 "Outputs people read" on the toy dataset:
//! the terminal's short view led by the headline and fitted to the width,
//! the analysts' files (xlsx with percentages, Dutch CSV), the progress
//! report (PDF, HTML, JSON saying the same), and the preset listings.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;
use krapte_present::{Headline, Lang};
use serde_json::Value;

/// The toy scenario to 2030 in `dir`.
fn toy2030(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(toy().join("scenario.toml")).expect("scenario");
    let sc = dir.join("toy2030.toml");
    std::fs::write(&sc, text.replace("horizon = 2028", "horizon = 2030")).expect("write");
    sc
}

/// Runs the binary on the toy dataset with `args`, `COLUMNS` set or not.
fn on_toy(args: &[&str], columns: Option<&str>) -> Output {
    let data = toy();
    let mut all = vec!["--data", data.to_str().expect("utf-8")];
    all.extend_from_slice(args);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_krapte"));
    cmd.args(&all).current_dir(root()).env_remove("COLUMNS");
    if let Some(c) = columns {
        cmd.env("COLUMNS", c);
    }
    cmd.output().expect("runs")
}

/// `plan` with the toy policy and scenario to 2030, and `extra`.
fn plan(dir: &Path, extra: &[&str], columns: Option<&str>) -> Output {
    let sc = toy2030(dir);
    let pol = toy().join("policy.toml");
    let mut args = vec![
        "plan",
        pol.to_str().expect("utf-8"),
        "--scenario",
        sc.to_str().expect("utf-8"),
    ];
    args.extend_from_slice(extra);
    on_toy(&args, columns)
}

/// `report --out OUT` on the toy dataset, scenario and policy, and the toy monitor.
fn report(dir: &Path, out: &Path, extra: &[&str]) -> Output {
    let sc = toy2030(dir);
    let pol = toy().join("policy.toml");
    let reg = root().join("tests/fixtures/monitor");
    let store = dir.join("m.sqlite");
    let mut args = vec![
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
        "--seed",
        "5",
    ];
    args.extend_from_slice(extra);
    on_toy(&args, None)
}

fn text(o: &Output) -> String {
    assert!(o.status.success(), "{}", stderr(o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn the_short_view_opens_with_the_headline_and_fits_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let short = text(&plan(dir.path(), &["--draws", "300"], Some("80")));
    assert!(
        short.starts_with("Headline (300 draws, seed 2030;"),
        "{short}"
    );
    for want in [
        "Needed for the climate targets: Technicians the climate targets need in 2030:",
        "Probability of no shortage: Probability of no shortage in 2030: without the plan",
        "central run (every parameter at its central value)",
        "more tables with --full",
    ] {
        // Lines are wrapped to the 80 columns: compare the words.
        let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words(&short).contains(want), "{want} missing:\n{short}");
    }
    for l in short.lines() {
        assert!(l.chars().count() <= 80, "{} chars: {l}", l.chars().count());
    }
    // --full: every table, as wide as they are.
    let full = text(&plan(
        dir.path(),
        &["--draws", "300", "--full", "--wide"],
        Some("80"),
    ));
    assert!(full.contains("technician gap by education level"));
    assert!(!full.contains("more tables with --full"));
    assert!(full.lines().any(|l| l.chars().count() > 80));
}

#[test]
fn the_workbook_has_percentages_numbers_and_a_read_me() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("plan.xlsx");
    let o = plan(
        dir.path(),
        &["--draws", "300", "--out", out.to_str().expect("utf-8")],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let mut wb: Xlsx<_> = open_workbook(&out).expect("valid xlsx");
    let names = wb.sheet_names();
    assert_eq!(names.first().map(String::as_str), Some("Lees mij"));
    assert!(
        names.iter().any(|n| n == "Bronnen en aannames"),
        "{names:?}"
    );
    let readme = wb.worksheet_range("Lees mij").expect("sheet");
    let cells: Vec<String> = readme.cells().map(|(_, _, c)| c.to_string()).collect();
    for want in [
        "vraag / question",
        "scenario",
        "beleid / policy",
        "gegevenseditie / dataset edition",
        "commando / command",
        "datum / date",
    ] {
        assert!(cells.iter().any(|c| c == want), "{want}");
    }
    // The probability that the goal is met: a number formatted as a percentage.
    let summary = wb.worksheet_range("mc_summary").expect("mc_summary");
    let header: Vec<String> = (0..summary.width() as u32)
        .map(|c| {
            summary
                .get_value((3, c))
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
        .collect();
    let col = header
        .iter()
        .position(|h| h == "probability of reaching the goal")
        .expect("probability column") as u32;
    let cell = summary.get_value((4, col)).expect("first row");
    let p = match cell {
        Data::Float(f) => *f,
        other => panic!("the probability is {other:?}, not a number"),
    };
    assert!((0.0..=1.0).contains(&p), "{p}");
    let styles = wb.worksheet_style("mc_summary").expect("styles");
    let format = styles
        .get((4, col))
        .and_then(|s| s.number_format.as_ref())
        .map(|f| f.format_code.clone())
        .unwrap_or_default();
    assert!(format.contains('%'), "format {format:?}");
    // Years are numbers; no cell holds the text NAN.
    let years = wb.worksheet_range("mc_gap_years").expect("mc_gap_years");
    assert!(
        matches!(years.get_value((4, 0)), Some(Data::Float(y)) if *y >= 2024.0),
        "{:?}",
        years.get_value((4, 0))
    );
    for name in wb.sheet_names() {
        let r = wb.worksheet_range(&name).expect("sheet");
        for (_, _, c) in r.cells() {
            let s = c.to_string();
            assert!(s != "NaN" && s != "NAN" && s != "n/a", "{name}: {s}");
        }
    }
}

#[test]
fn a_dutch_csv_opens_in_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = plan(dir.path(), &["--format", "csv", "--csv", "nl"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        o.stdout.starts_with("\u{FEFF}".as_bytes()),
        "byte-order mark"
    );
    let text = String::from_utf8(o.stdout[3..].to_vec()).expect("utf-8");
    let header = text.lines().next().expect("header");
    assert!(
        header.starts_with("table;unit;year;basis;dataset_edition;"),
        "{header}"
    );
    // Decimal commas, no decimal points in the numbers.
    let row = text
        .lines()
        .find(|l| l.starts_with("plan_verdicts;"))
        .expect("row");
    let last: Vec<&str> = row.rsplitn(4, ';').collect();
    for v in &last[..3] {
        assert!(!v.contains('.'), "{row}");
    }
}

#[test]
fn the_report_is_a_pdf_or_html_and_says_what_the_json_says() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = dir.path().join("rapport.pdf");
    let o = report(dir.path(), &pdf, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(&pdf).expect("written");
    assert!(bytes.starts_with(b"%PDF-"), "a PDF, not text");
    // Read back: every page A4 (595.28 x 841.89 pt), the document Dutch,
    // titled, and its outline holds the Dutch headings (typst writes the
    // page boxes, the language, the XMP title and the bookmarks as text).
    let raw = String::from_utf8_lossy(&bytes);
    let boxes: Vec<&str> = raw
        .match_indices("/MediaBox")
        .map(|(i, _)| &raw[i..raw[i..].find(']').map_or(raw.len(), |j| i + j)])
        .collect();
    assert!((4..=40).contains(&boxes.len()), "{} pages", boxes.len());
    for b in &boxes {
        let nums: Vec<f64> = b
            .trim_start_matches("/MediaBox")
            .trim_start_matches([' ', '['])
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect();
        assert!(
            nums.len() == 4 && (nums[2] - 595.28).abs() < 0.5 && (nums[3] - 841.89).abs() < 0.5,
            "not A4: {b}"
        );
    }
    assert!(raw.contains("/Lang(nl)"), "the document language is Dutch");
    assert!(raw.contains(
        "<rdf:li xml:lang=\"x-default\">Voortgangsrapportage Actieplan Groene en Digitale Banen</rdf:li>"
    ));
    for h in ["Samenvatting", "Doorrekening", "De drie pijlers"] {
        assert!(
            raw.contains(&format!("/Title({h})")),
            "heading {h} not in the outline"
        );
    }
    // The HTML (same blocks) and the JSON with the same draws.
    let html_out = dir.path().join("rapport.html");
    assert!(report(dir.path(), &html_out, &[]).status.success());
    let html = std::fs::read_to_string(&html_out).expect("html");
    let json_out = dir.path().join("report.json");
    assert!(report(dir.path(), &json_out, &[]).status.success());
    let v: Value = serde_json::from_slice(&std::fs::read(&json_out).expect("json")).expect("json");
    let h = &v["headline"];
    let num = |x: &Value| x.as_f64().expect("number");
    let mut figures = vec![
        Headline::fte(Lang::Nl, num(&h["climate_need"]["p50"])),
        Headline::fte(Lang::Nl, num(&h["gap_without"]["p50"])),
        Headline::fte(Lang::Nl, num(&h["gap_with"]["p50"])),
        Headline::fte(Lang::Nl, num(&h["gap_with"]["p95"])),
        Lang::Nl.pct(num(&h["no_gap_without"])),
        Lang::Nl.pct(num(&h["no_gap_with"])),
        Headline::fte(Lang::Nl, num(&h["central"]["gap_without"])),
    ];
    for d in h["digital"].as_array().expect("digital") {
        figures.push(Headline::persons(Lang::Nl, num(&d["persons"]["p50"])));
    }
    let summary = &html[..html.find("id=\"doorrekening\"").expect("doorrekening")];
    for f in figures {
        assert!(summary.contains(&f), "{f} not in the summary");
    }
    assert!(html.contains("<html lang=\"nl\">"));
    // English on request.
    let en = dir.path().join("report-en.html");
    assert!(report(dir.path(), &en, &["--lang", "en"]).status.success());
    let en = std::fs::read_to_string(&en).expect("html");
    assert!(
        en.contains("<html lang=\"en\">")
            && en.contains("Summary")
            && en.contains("The three pillars")
    );
}

#[test]
fn no_text_is_written_under_a_pdf_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("gap.pdf");
    let sc = toy2030(dir.path());
    let o = on_toy(
        &[
            "gap",
            sc.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
        ],
        None,
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("cannot tell the format"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
    let txt = dir.path().join("r.docx");
    let o = report(dir.path(), &txt, &[]);
    assert!(!o.status.success());
    assert!(!txt.exists());
}

#[test]
fn a_folder_gets_a_file_named_after_scenario_and_policy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = plan(
        dir.path(),
        &["--out", dir.path().to_str().expect("utf-8")],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".xlsx"))
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].starts_with("plan_toy2030_"), "{names:?}");
}

#[test]
fn presets_are_listed_with_title_years_and_description() {
    let s = text(&krapte(&["scenarios"]));
    assert!(
        s.contains("referentie-55  Referentiepad 55% (2025–2030)"),
        "{s}"
    );
    assert!(s.contains("Physical 2030 targets"), "{s}");
    let p = text(&krapte(&["policies"]));
    assert!(
        p.contains("actieplan  Actieplan Groene en Digitale Banen"),
        "{p}"
    );
    assert!(p.contains("evaluated for 2030"), "{p}");
}

#[test]
fn compare_shows_the_gap_its_probability_and_verdicts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = toy2030(dir.path());
    let text_b = std::fs::read_to_string(&a).expect("a");
    let b = dir.path().join("b.toml");
    std::fs::write(&b, text_b.replacen("name = \"", "name = \"B ", 1)).expect("write");
    let v = json(&on_toy(
        &[
            "compare",
            a.to_str().expect("utf-8"),
            b.to_str().expect("utf-8"),
            "--draws",
            "100",
            "--format",
            "json",
        ],
        None,
    ));
    let t = table(&v, "compare_gap");
    let r = row(t, "figure", "probability of no shortage");
    let (pa, pb) = (central(&r["a"]), central(&r["b"]));
    assert!((0.0..=1.0).contains(&pa) && (0.0..=1.0).contains(&pb));
    assert!(close(central(&r["b_minus_a"]), pb - pa));
    let verdict = r["verdict A"].as_str().expect("verdict");
    assert!(verdict.contains('%'), "{verdict}");
    if pa < 0.5 {
        assert!(!verdict.contains("closed"), "{verdict}");
    }
}
