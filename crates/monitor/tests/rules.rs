//! Issue 20: the monitor's import rules, each refused case named by line
//! and field, and the store's write rules (jumps, dry run, withdrawal,
//! concurrent imports, model indicators).

use std::path::Path;

use krapte_monitor::{
    load_registry, parse_import, Date, ImportFormat, ImportOptions, MonitorError, ParseOptions,
    Period, Registry, Store,
};

fn registry() -> Registry {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/monitor");
    load_registry(&dir).unwrap_or_else(|ps| panic!("{ps}"))
}

fn opts() -> ParseOptions {
    ParseOptions {
        scale: 1.0,
        today: Date::parse("2026-06-15").expect("date"),
    }
}

const HEAD: &str = "indicator,region,period,value,source_id,vintage,note\n";

fn refused(body: &str) -> String {
    let text = format!("{HEAD}{body}");
    match parse_import("f.csv", &text, &ImportFormat::Long, &registry(), &opts()) {
        Ok(p) => panic!("should be refused: {:?}", p.observations),
        Err(ps) => ps.to_string(),
    }
}

#[test]
fn long_format_numbers_dates_and_periods() {
    let e = refused("ict_workers,NL,2024,\"700,000\",TOY,2025-06-01,\n");
    assert!(
        e.contains("f.csv:2: field 'value': \"700,000\": the long format takes plain numbers"),
        "{e}"
    );
    let e = refused("ict_workers,NL,2024,700.000,TOY,2025-06-01,\n");
    assert!(e.contains("ambiguous for a count"), "{e}");
    let e = refused("ict_workers,NL,2024,,TOY,2025-06-01,\n");
    assert!(e.contains("field 'value': the value is empty"), "{e}");
    let e = refused("ict_workers,NL,2024,700000,TOY,2025-02-30,\n");
    assert!(
        e.contains("field 'vintage': expected a publication date YYYY-MM-DD that exists"),
        "{e}"
    );
    let e = refused("ict_workers,NL,2024,700000,TOY,2062-06-01,\n");
    assert!(
        e.contains("the vintage 2062-06-01 is more than 31 days after the import date"),
        "{e}"
    );
    let e = refused("ict_workers,NL,2027,700000,TOY,2026-06-01,\n");
    assert!(
        e.contains(
            "field 'period': the period 2027 starts on 2027-01-01 after the vintage 2026-06-01"
        ),
        "{e}"
    );
    let e = refused("model_technician_gap_2030,NL,2030,-5000,krapte,2026-06-01,\n");
    assert!(
        e.contains("is computed by krapte itself: it is written by `krapte monitor record-model`"),
        "{e}"
    );
    let e = refused(
        "ict_workers,NL,2024,700,TOY,2025-06-01,\nict_workers,NL,2025,\"7,5\",TOY,2025-06-01,\n",
    );
    assert!(e.contains("f.csv:3"), "{e}");
    // A file in thousands, scaled.
    let text = format!("{HEAD}ict_workers,NL,2024,700,TOY,2025-06-01,\n");
    let o = ParseOptions {
        scale: 1000.0,
        ..opts()
    };
    let p = parse_import("f.csv", &text, &ImportFormat::Long, &registry(), &o).expect("parses");
    assert_eq!(p.observations[0].value, 700_000.0);
}

#[test]
fn a_statline_download_is_read() {
    let text = "\"ICT'ers; kerncijfers\"\n\"Gedownload op: 1 juni 2026\"\n\"Regio's\";\"Perioden\";\"ICT'ers (x 1 000)\"\n\"Nederland\";\"2024\";\"705\"\n\"Noord-Holland (PV)\";\"2024\";\"1 362\"\n\"Zeeland (PV)\";\"2024\";\".\"\n\n\"Bron: CBS\"\n";
    let f = ImportFormat::Cbs {
        indicator: "ict_workers".into(),
        value_column: None,
        vintage: "2026-06-01".into(),
    };
    let o = ParseOptions {
        scale: 1000.0,
        ..opts()
    };
    let p = parse_import("s.csv", text, &f, &registry(), &o).unwrap_or_else(|ps| panic!("{ps}"));
    let got: Vec<(String, f64)> = p
        .observations
        .iter()
        .map(|o| (o.region.clone(), o.value))
        .collect();
    assert_eq!(
        got,
        vec![
            ("NL".to_string(), 705_000.0),
            ("PV27".to_string(), 1_362_000.0)
        ]
    );
    assert_eq!(p.missing, vec![(6, "Zeeland (PV) 2024".to_string())]);
}

fn obs(period: u16, value: f64, vintage: &str) -> krapte_monitor::Observation {
    krapte_monitor::Observation {
        indicator: "ict_workers".into(),
        region: "NL".into(),
        period: Period::Year(period),
        value,
        source_id: "TOY".into(),
        vintage: vintage.into(),
        note: String::new(),
        bracket: None,
    }
}

#[test]
fn jumps_need_confirmation_and_dry_runs_write_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = Store::open(&dir.path().join("m.sqlite")).expect("opens");
    s.import("a.csv", &[obs(2023, 700_000.0, "2024-06-01")])
        .expect("imports");
    // 700 where 700,000 stood: refused, named, nothing written.
    let e = s
        .import("b.csv", &[obs(2024, 700.0, "2025-06-01")])
        .expect_err("a jump");
    let MonitorError::Input(ps) = e else {
        panic!("input error expected")
    };
    assert!(
        ps.to_string()
            .contains("700 is 1/1000 of the stored 700000 of 2023"),
        "{ps}"
    );
    assert_eq!(s.count().expect("count"), 1);
    // Confirmed, it is stored.
    let accept = ImportOptions {
        accept_jumps: true,
        dry_run: false,
    };
    // A dry run shows the change and writes nothing.
    let dry = s
        .import_with(
            "c.csv",
            &[obs(2024, 710_000.0, "2025-06-01")],
            ImportOptions {
                accept_jumps: false,
                dry_run: true,
            },
        )
        .expect("dry run");
    assert!(!dry.committed);
    assert_eq!(dry.changes.len(), 1);
    assert_eq!(s.count().expect("count"), 1);
    let r = s
        .import_with("d.csv", &[obs(2024, 7_000_000.0, "2025-06-01")], accept)
        .expect("accepted");
    assert!(r.committed);
    assert_eq!(s.count().expect("count"), 2);
    // Withdrawn as a new vintage: the series drops the period, the rows keep it.
    let was = s
        .withdraw(
            "ict_workers",
            "NL",
            Period::Year(2024),
            "2025-07-01",
            "unit slip",
        )
        .expect("withdrawn");
    assert_eq!(was, 7_000_000.0);
    let series = s.series("ict_workers", "NL").expect("series");
    assert_eq!(series.len(), 1);
    let rows = s.rows("ict_workers").expect("rows");
    assert_eq!(rows.len(), 3);
    assert!(rows[2].withdrawn && rows[2].latest);
    assert!(s
        .withdraw(
            "ict_workers",
            "NL",
            Period::Year(2024),
            "2025-08-01",
            "again"
        )
        .is_err());
}

#[test]
fn a_second_import_waits_for_the_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("m.sqlite");
    let _ = Store::open(&path).expect("opens");
    let a = std::thread::spawn({
        let path = path.clone();
        move || {
            let mut s = Store::open(&path).expect("opens");
            let many: Vec<_> = (1990..2024)
                .map(|y| obs(y, 500_000.0 + f64::from(y), "2024-06-01"))
                .collect();
            s.import("a.csv", &many).map(|r| r.new)
        }
    });
    let b = std::thread::spawn({
        let path = path.clone();
        move || {
            let mut s = Store::open(&path).expect("opens");
            s.import("b.csv", &[obs(2024, 530_000.0, "2025-06-01")])
                .map(|r| r.new)
        }
    });
    let (a, b) = (a.join().expect("thread"), b.join().expect("thread"));
    assert_eq!(a.expect("first import"), 34);
    assert_eq!(b.expect("second import waits, then lands"), 1);
}

#[test]
fn the_builtin_registry_is_checked_against_its_manifest() {
    let builtin = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/monitor");
    load_registry(&builtin).unwrap_or_else(|ps| panic!("{ps}"));
    let dir = tempfile::tempdir().expect("tempdir");
    for e in std::fs::read_dir(&builtin).expect("dir") {
        let p = e.expect("entry").path();
        std::fs::copy(&p, dir.path().join(p.file_name().expect("name"))).expect("copy");
    }
    let obs = dir.path().join("observations.csv");
    let text = std::fs::read_to_string(&obs).expect("read");
    let cut: String = text.lines().take(500).map(|l| format!("{l}\n")).collect();
    std::fs::write(&obs, cut).expect("write");
    let e = load_registry(dir.path()).expect_err("cut off").to_string();
    assert!(
        e.contains("has 499 data rows, manifest.toml records 834; fewer: the file looks cut off"),
        "{e}"
    );
    assert!(e.contains("checksum"), "{e}");
}
