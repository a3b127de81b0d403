//! Region views (issue 22): a region set as a view of a dataset. The views'
//! regions add up to the national figures, the province view with the
//! dataset's placement reproduces the dataset's provinces, and a small case
//! on the toy dataset is worked by hand.

mod common;

use std::path::{Path, PathBuf};

use krapte_data::region_view::{self, Placing};
use krapte_data::{load_dataset, load_regions, load_scenario};
use krapte_model::reference::gap::{Dim, GapOptions, Quantity};
use krapte_model::{
    Crosswalk, Dataset, MeasureKey, Model, PlacementKey, Quality, Region, RegionData, RegionSet,
    RegionSetKind, RegionalEmployment, Scenario, SetEmployment,
};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

fn builtin() -> (Dataset, RegionData, Scenario) {
    let ds = load_dataset(&data_dir().join("default"))
        .expect("built-in dataset")
        .dataset;
    let rd = load_regions(&data_dir().join("regions"))
        .expect("built-in regions")
        .data;
    let sc = load_scenario(&data_dir().join("../scenarios/referentie-55.toml"), &ds)
        .expect("scenario")
        .scenario;
    (ds, rd, sc)
}

/// Per gap year and quantity, the technicians' figure summed over regions.
fn regional_sums(ds: &Dataset, sc: &Scenario) -> Vec<(u16, Quantity, f64)> {
    let model = Model::new(ds).expect("model");
    let r = model.gap(sc, GapOptions::default()).expect("gap");
    let tech = ds
        .occupation_set("technician")
        .expect("technicians")
        .members
        .clone();
    let mut out = Vec::new();
    for year in [2026, 2030] {
        for q in Quantity::ALL {
            let v = r
                .breakdown(year, q, Some(&tech), Dim::Region)
                .expect("breakdown");
            assert_eq!(v.len(), ds.n_regions());
            out.push((year, q, v.iter().map(|b| b.central).sum()));
        }
    }
    out
}

#[test]
fn every_view_sums_to_the_national_figures_and_provinces_reproduce_the_dataset() {
    let (ds, rd, sc) = builtin();
    let national = regional_sums(&ds, &sc);
    let model = Model::new(&ds).expect("model");
    let today = model.gap(&sc, GapOptions::default()).expect("gap");
    let tech = ds
        .occupation_set("technician")
        .expect("present")
        .members
        .clone();
    for (kind, placing) in [
        (RegionSetKind::Province, Placing::AsDataset),
        (RegionSetKind::Province, Placing::Keys),
        (RegionSetKind::Arbeidsmarktregio, Placing::Keys),
        (RegionSetKind::Res, Placing::Keys),
    ] {
        let v = region_view::view(&ds, &rd, kind, placing).expect("view");
        assert_eq!(
            v.dataset.n_regions(),
            rd.set(kind).expect("present").1.len()
        );
        let vsc = region_view::scenario(&v, &ds, &sc).expect("scenario");
        for ((y, q, a), (_, _, b)) in national.iter().zip(regional_sums(&v.dataset, &vsc)) {
            assert!(
                (a - b).abs() <= 1e-6 * a.abs().max(1.0),
                "{kind} {placing:?} {y} {q:?}: {b} vs national {a}"
            );
        }
        if placing == Placing::AsDataset {
            // Today's provinces: the same figures (the shares differ only
            // in their 9th decimal).
            let vm = Model::new(&v.dataset).expect("model");
            let vr = vm.gap(&vsc, GapOptions::default()).expect("gap");
            for q in [Quantity::Required, Quantity::Available, Quantity::Gap] {
                let a = today
                    .breakdown(2030, q, Some(&tech), Dim::Region)
                    .expect("present");
                let b = vr
                    .breakdown(2030, q, Some(&tech), Dim::Region)
                    .expect("present");
                for (r, (x, y)) in a.iter().zip(&b).enumerate() {
                    assert!(
                        (x.central - y.central).abs() <= 1e-5 * x.central.abs().max(1.0),
                        "{q:?} {}: {} vs {}",
                        ds.regions[r].code,
                        y.central,
                        x.central
                    );
                }
            }
        }
    }
}

#[test]
fn keys_place_measures_and_offshore_matches_the_dataset_by_province() {
    let (ds, rd, _) = builtin();
    let v = region_view::view(&ds, &rd, RegionSetKind::Province, Placing::Keys).expect("view");
    let off = ds
        .measures
        .iter()
        .position(|m| m.id == "offshore_wind")
        .expect("present");
    let p = &v.placements[off];
    assert_eq!(
        p.key.as_ref().map(|k| k.id.as_str()),
        Some("offshore_ports")
    );
    for &(r, s) in &ds.measures[off].regions {
        let i = v
            .dataset
            .regions
            .iter()
            .position(|x| x.code == ds.regions[r].code)
            .expect("present");
        assert!((p.shares[i] - s).abs() < 1e-6, "{}", ds.regions[r].code);
    }
    // Insulation by housing stock: every province has some.
    let ins = ds
        .measures
        .iter()
        .position(|m| m.id == "insulation")
        .expect("present");
    assert!(v.placements[ins].shares.iter().all(|s| *s > 0.0));
    let sum: f64 = v.placements[ins].shares.iter().sum();
    assert!((sum - 1.0).abs() < 1e-9);
    // A measure without a key follows its sectors.
    for (m, pl) in v.placements.iter().enumerate() {
        if pl.key.is_none() {
            assert!(v.dataset.measures[m].regions.is_empty(), "{}", pl.measure);
        }
    }
}

fn set(kind: RegionSetKind, codes: &[&str]) -> RegionSet {
    RegionSet {
        kind,
        version: "2025".into(),
        name_nl: kind.id().into(),
        name_en: kind.id().into(),
        regions: codes
            .iter()
            .map(|c| Region {
                code: (*c).into(),
                name: format!("regio {c}"),
            })
            .collect(),
    }
}

/// Three COROP regions: CR01 in Noord-Holland, CR02 and CR03 in
/// Zuid-Holland; AM01 = CR01 + half of CR02, AM02 = the other half + CR03.
fn toy_regions() -> RegionData {
    let cells = |v: &[f64]| v.iter().map(|&x| Some(x)).collect::<Vec<_>>();
    // [region][group][year]; groups G1, G2; one year.
    let employment = RegionalEmployment {
        sbi_groups: vec!["G1".into(), "G2".into()],
        years: vec![2024],
        sets: vec![
            SetEmployment {
                kind: RegionSetKind::Corop,
                jobs_thousands: cells(&[6.0, 1.0, 2.0, 2.0, 2.0, 1.0]),
            },
            SetEmployment {
                kind: RegionSetKind::Province,
                jobs_thousands: cells(&[6.0, 1.0, 4.0, 3.0]),
            },
            SetEmployment {
                kind: RegionSetKind::Arbeidsmarktregio,
                jobs_thousands: cells(&[7.0, 2.0, 3.0, 2.0]),
            },
        ],
    };
    RegionData {
        edition: "toy".into(),
        classification_year: 2025,
        base_year: 2024,
        sets: vec![
            set(RegionSetKind::Corop, &["CR01", "CR02", "CR03"]),
            set(RegionSetKind::Province, &["PV27", "PV28"]),
            set(RegionSetKind::Arbeidsmarktregio, &["AM01", "AM02"]),
        ],
        crosswalks: vec![
            Crosswalk {
                kind: RegionSetKind::Province,
                parts: vec![vec![(0, 1.0)], vec![(1, 1.0)], vec![(1, 1.0)]],
                quality: vec![Quality::Derived; 3],
            },
            Crosswalk {
                kind: RegionSetKind::Arbeidsmarktregio,
                parts: vec![vec![(0, 1.0)], vec![(0, 0.5), (1, 0.5)], vec![(1, 1.0)]],
                quality: vec![Quality::Derived, Quality::Assumption, Quality::Derived],
            },
        ],
        employment,
        keys: vec![PlacementKey {
            id: "k".into(),
            name: "toy key".into(),
            quality: Quality::Assumption,
            reason: "toy".into(),
            shares: vec![0.2, 0.4, 0.4],
        }],
        measure_keys: vec![MeasureKey {
            measure: "plant".into(),
            key: 0,
            quality: Quality::Assumption,
            reason: "toy".into(),
        }],
        res_targets: Vec::new(),
    }
}

#[test]
fn a_toy_view_worked_by_hand() {
    let ds = common::toy().dataset;
    let rd = toy_regions();
    assert_eq!(rd.check_invariants(), Vec::<String>::new());
    // Provinces: G1 6 / (2 + 2) of 10 -> 0.6, 0.4; G2 1 / (2 + 1) of 4 ->
    // 0.25, 0.75: the toy dataset's own shares.
    let p =
        region_view::view(&ds, &rd, RegionSetKind::Province, Placing::AsDataset).expect("present");
    for (a, b) in p.dataset.region_shares.iter().zip(&ds.region_shares) {
        assert!((a - b).abs() < 1e-12);
    }
    // Arbeidsmarktregio's: G1 AM01 = 6 + 2/2 = 7 of 10, AM02 = 1 + 2 = 3;
    // G2 AM01 = 1 + 2/2 = 2 of 4, AM02 = 1 + 1 = 2.
    let v = region_view::view(&ds, &rd, RegionSetKind::Arbeidsmarktregio, Placing::Keys)
        .expect("present");
    let want = [0.7, 0.3, 0.5, 0.5];
    for (a, b) in v.dataset.region_shares.iter().zip(want) {
        assert!((a - b).abs() < 1e-12, "{:?}", v.dataset.region_shares);
    }
    // The plant by key k: AM01 = 0.2 + 0.4/2 = 0.4, AM02 = 0.4/2 + 0.4 = 0.6.
    let plant = ds
        .measures
        .iter()
        .position(|m| m.id == "plant")
        .expect("present");
    assert_eq!(v.placements[plant].shares.len(), 2);
    assert!((v.placements[plant].shares[0] - 0.4).abs() < 1e-12);
    assert!((v.placements[plant].shares[1] - 0.6).abs() < 1e-12);
    assert_eq!(v.dataset.measures[plant].regions.len(), 2);
    // Spending on X has no key: it follows its sectors.
    let spend = ds
        .measures
        .iter()
        .position(|m| m.id == "spend_x")
        .expect("present");
    assert!(v.placements[spend].key.is_none());
    assert!(v.dataset.measures[spend].regions.is_empty());
    // Jobs per region by COROP region: AM01 = CR01 7 + half of CR02's 4.
    let am01: f64 = v.corop_jobs[0].iter().map(|x| x.1).sum();
    assert!((am01 - 9.0).abs() < 1e-12);
}

#[test]
fn a_lever_or_split_aimed_at_one_province_is_refused_outside_the_province_view() {
    let mut ds = common::toy().dataset;
    let rd = toy_regions();
    if let Some(pd) = ds.policy.as_mut() {
        if let Some(l) = pd.levers.first_mut() {
            l.region = Some(1);
        }
    }
    if ds.policy.as_ref().is_some_and(|p| !p.levers.is_empty()) {
        let e = region_view::view(&ds, &rd, RegionSetKind::Arbeidsmarktregio, Placing::Keys)
            .expect_err("refused");
        assert!(e.contains("aimed at province PV28"), "{e}");
        let p =
            region_view::view(&ds, &rd, RegionSetKind::Province, Placing::Keys).expect("present");
        let l = &p.dataset.policy.as_ref().expect("present").levers[0];
        assert_eq!(l.region, Some(1));
        ds.policy.as_mut().expect("present").levers[0].region = None;
    }
    let v = region_view::view(&ds, &rd, RegionSetKind::Arbeidsmarktregio, Placing::Keys)
        .expect("present");
    let mut sc = load_scenario(&common::fixture("toy/scenario.toml"), &ds)
        .expect("present")
        .scenario;
    sc.measures[0].regions = Some(vec![(1, 1.0)]);
    let e = region_view::scenario(&v, &ds, &sc).expect_err("refused");
    assert!(e.contains("split by province"), "{e}");
    let p = region_view::view(&ds, &rd, RegionSetKind::Province, Placing::Keys).expect("present");
    let psc = region_view::scenario(&p, &ds, &sc).expect("present");
    assert_eq!(psc.measures[0].regions, Some(vec![(1, 1.0)]));
    assert!(region_view::parse_kind("corop").is_err());
    assert_eq!(region_view::parse_kind("res"), Ok(RegionSetKind::Res));
}

/// `monte_carlo_sets` (issue 22 item 5: the sets share one engine) against
/// its reference, one `monte_carlo` per view, on the built-in data as the
/// CLI loads it, with the `actieplan` policy: the same draws (uniforms,
/// slots), the national figures equal to summation order and the same in
/// every set, every region's gap in every gap year, without and with the
/// policy, equal to summation order (1e-9 of the national technicians
/// available, the size of what is summed).
#[test]
fn the_sets_on_one_engine_equal_the_monte_carlo_of_each_view() {
    let (ds, rd, sc) = builtin();
    let policy = krapte_data::load_policy(&data_dir().join("../policies/actieplan.toml"), &ds)
        .expect("policy")
        .policy;
    let model = Model::new(&ds).expect("model");
    let gp = model.runs(&sc, GapOptions::default()).expect("runs");
    let spec = krapte_model::mc::McSpec {
        options: GapOptions::default(),
        year: krapte_model::reference::evaluation::goal_year(&gp).expect("goal year"),
        draws: 60,
        seed: 2030,
    };
    let kinds = [
        RegionSetKind::Province,
        RegionSetKind::Arbeidsmarktregio,
        RegionSetKind::Res,
    ];
    let runs =
        region_view::monte_carlo_sets(&ds, &rd, &kinds, &sc, Some(&policy), spec).expect("runs");
    assert_eq!(runs.len(), kinds.len());
    let mut regions = 0;
    for (run, kind) in runs.iter().zip(kinds) {
        assert_eq!(run.view.kind, kind);
        let view = region_view::view(&ds, &rd, kind, Placing::Keys).expect("view");
        let vsc = region_view::scenario(&view, &ds, &sc).expect("scenario");
        let reference =
            krapte_model::mc::monte_carlo(&view.dataset, &vsc, Some(&policy), spec, &|_| {})
                .expect("reference");
        let (mc, nr) = (&run.mc, view.dataset.n_regions());
        assert_eq!(
            reference.n_provinces(),
            nr,
            "{kind}: the reference has regions"
        );
        assert_eq!(mc.n_provinces(), nr, "{kind}");
        regions += nr;
        assert_eq!(
            (mc.seed, mc.year, &mc.years),
            (reference.seed, reference.year, &reference.years)
        );
        assert_eq!(
            mc.slots, reference.slots,
            "{kind}: the same parameters drawn"
        );
        assert_eq!(mc.uniforms, reference.uniforms, "{kind}: the same draws");
        assert_eq!(mc.draws.len(), reference.draws.len());
        for (i, (a, b)) in mc.draws.iter().zip(&reference.draws).enumerate() {
            let scale = b.without.available.abs().max(1.0);
            let close = |x: f64, y: f64| (x - y).abs() <= 1e-9 * scale;
            let what = format!("{kind} draw {i}");
            assert!(close(a.gap_without, b.gap_without), "{what}");
            assert!(close(a.gap_with, b.gap_with), "{what}");
            for (f, g) in [(&a.without, &b.without), (&a.with, &b.with)] {
                for (x, y) in f.gap_by_year.iter().zip(&g.gap_by_year) {
                    assert!(close(*x, *y), "{what}: gap by year {x} against {y}");
                }
                assert_eq!(f.gap_by_province.len(), g.gap_by_province.len(), "{what}");
                for (r, (x, y)) in f.gap_by_province.iter().zip(&g.gap_by_province).enumerate() {
                    let code = &view.dataset.regions[r % nr].code;
                    assert!(close(*x, *y), "{what} {code}: {x} against {y}");
                }
            }
        }
        // Every region's draws, as the tables read them.
        for r in 0..nr {
            for with in [false, true] {
                let (a, b) = (mc.province_gaps(r, with), reference.province_gaps(r, with));
                assert!(a.iter().all(|x| x.is_finite()), "{kind} region {r}");
                assert!(a
                    .iter()
                    .zip(&b)
                    .all(|(x, y)| (x - y).abs() <= 1e-9 * y.abs().max(1e3)));
            }
        }
    }
    assert_eq!(regions, 12 + 35 + 30);
    // The national draws are identical in every set.
    for run in &runs[1..] {
        assert_eq!(run.mc.gaps(false), runs[0].mc.gaps(false));
        assert_eq!(run.mc.gaps(true), runs[0].mc.gaps(true));
    }
    // The policy moves the regions' gaps: the comparison is not empty.
    assert_ne!(
        runs[1].mc.province_gaps(0, true),
        runs[1].mc.province_gaps(0, false)
    );
}
