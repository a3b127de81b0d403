//! The explorer on the built-in dataset: moving the heat-pump and
//! side-entrant sliders changes the technician gap of a province. The
//! `#[ignore]`d test times recomputes (run it in release, see
//! docs/PERFORMANCE.md).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use krapte_web::explore::{self, Request};
use krapte_web::{AppState, Config};

fn state(dir: &tempfile::TempDir) -> Arc<AppState> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let cfg = Config {
        data_dir: root.join("data/default"),
        scenario_files: Config::toml_files(&root.join("scenarios")),
        policy_files: Config::toml_files(&root.join("policies")),
        registry_dir: root.join("data/monitor"),
        store_path: dir.path().join("store.sqlite"),
        write_token: None,
        default_scenario: "referentie-55".into(),
        default_policy: "actieplan".into(),
    };
    Arc::new(AppState::load(&cfg).expect("the built-in state loads"))
}

fn request(heat_pumps: f64, side_entry: f64) -> Request {
    let mut r = Request {
        scenario: Some("referentie-55".into()),
        policy: Some("actieplan".into()),
        province: Some("PV27".into()),
        ..Request::default()
    };
    r.overrides
        .insert("heat_pump_all_electric".into(), heat_pumps);
    r.levers
        .insert("aanvalsplan_techniek_side_entry".into(), side_entry);
    r
}

fn gap_2030(out: &explore::GapOut) -> f64 {
    out.years
        .iter()
        .find(|y| y.year == 2030)
        .map(|y| y.gap.central)
        .expect("2030")
}

#[test]
fn heat_pump_and_side_entrant_sliders_move_the_provincial_gap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = state(&dir);
    // The default answer is the CLI's: the plan closes the central gap.
    assert_eq!(s.default_gap.goal_year, 2030);
    let plan = s.default_plan.as_ref().expect("actieplan");
    assert!(plan.with.central < plan.without.central);
    let base = explore::gap(&s, &request(1.0, 1.0)).expect("base");
    assert_eq!(base.province.as_ref().map(|p| p.code), Some("PV27"));
    let more_heat_pumps = explore::gap(&s, &request(2.0, 1.0)).expect("heat pumps");
    assert!(gap_2030(&more_heat_pumps) > gap_2030(&base));
    let more_side_entrants = explore::gap(&s, &request(1.0, 3.0)).expect("side entrants");
    assert!(gap_2030(&more_side_entrants) < gap_2030(&base));
    assert_eq!(base.by_province.len(), 12);
}

/// The fast path (linear climate basis + cached policy part) gives the
/// full chain's figures for several slider settings, scenarios and areas.
#[test]
fn fast_path_equals_the_full_chain() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = state(&dir);
    assert!(
        s.fast("referentie-55")
            .is_some_and(|f| f.linear() && f.split()),
        "the built-in default scenario has a linear basis and split supply"
    );
    let mut cases = vec![
        request(1.0, 1.0),
        request(0.0, 0.0),
        request(2.0, 3.0),
        request(0.37, 1.9),
    ];
    let mut other = request(1.4, 0.5);
    other.scenario = Some("tno-2019".into());
    other.overrides.clear();
    other.province = None;
    other.policy = None;
    cases.push(other);
    let mut many = request(0.8, 2.2);
    many.province = Some("PV20".into());
    many.overrides.insert("heat_pump_hybrid".into(), 1.7);
    many.levers.insert("rif_mbo".into(), 0.0);
    cases.push(many);
    for req in &cases {
        let fast = explore::gap(&s, req).expect("fast");
        let full = explore::gap_full(&s, req).expect("full");
        assert!(explore::same_figures(&fast, &full, 1e-9), "{req:?}");
        assert!(fast.years.iter().any(|y| y.gap.central != 0.0));
    }
    // Each distinct policy setting was computed once.
    let (hits, misses) = s.policy_cache.hits_misses();
    assert!(misses >= 1 && hits + misses >= cases.len() as u64);
}

/// Slider vectors that differ from request to request (a fixed pseudo-random
/// sequence): heat-pump factor in steps of 0.05, side-entrant scale in
/// steps of 0.1 (the explorer's slider steps).
fn varied(k: u64, levers_change: bool) -> Request {
    let x = k
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407)
        >> 33;
    let heat = (x % 41) as f64 * 0.05;
    let side = if levers_change {
        ((x / 41) % 31) as f64 * 0.1
    } else {
        1.0
    };
    request(heat, side)
}

#[test]
#[ignore = "timing: cargo test --release -p krapte-web --test builtin -- --ignored --nocapture"]
fn recompute_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = state(&dir);
    let time = |label: &str, f: &dyn Fn(u64) -> Result<explore::GapOut, krapte_web::ApiError>| {
        let mut ms = Vec::new();
        for k in 0..200 {
            let t = Instant::now();
            f(k).expect("gap");
            ms.push(t.elapsed().as_secs_f64() * 1e3);
        }
        ms.sort_by(f64::total_cmp);
        let pick = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
        eprintln!(
            "{label}: median {:.2} ms, p95 {:.2} ms, max {:.2} ms over {} runs",
            pick(0.5),
            pick(0.95),
            pick(1.0),
            ms.len()
        );
    };
    time("climate sliders only (fast path)", &|k| {
        explore::gap(&s, &varied(k, false))
    });
    // A new side-entrant value each time: the policy part is computed.
    time("a lever changes every time (fast path, new policy)", &|k| {
        let mut r = varied(k, false);
        r.levers.insert(
            "aanvalsplan_techniek_side_entry".into(),
            0.5 + k as f64 * 1e-4,
        );
        explore::gap(&s, &r)
    });
    time("full chain (before)", &|k| {
        explore::gap_full(&s, &varied(k, true))
    });
}

#[test]
#[ignore = "timing breakdown"]
fn recompute_breakdown() {
    use krapte_model::reference::gap::{GapOptions, GapPrep};
    use krapte_model::reference::policy::{items_of, Applied};
    let dir = tempfile::tempdir().expect("tempdir");
    let s = state(&dir);
    let sc = &s.default_scenario().value;
    let policy = &s.policy("actieplan").expect("p").value;
    for _ in 0..5 {
        let t = Instant::now();
        let demand = s.model.demand(sc);
        let t1 = t.elapsed();
        let gp = GapPrep::new(s.dataset, sc, &demand, GapOptions::default()).expect("prep");
        let t2 = t.elapsed();
        let g = gp
            .run(&Applied {
                dataset: s.dataset,
                items: items_of(policy),
            })
            .expect("run");
        let t3 = t.elapsed();
        let _ = explore::gap(&s, &request(1.0, 1.0));
        let t4 = t.elapsed();
        eprintln!(
            "demand {t1:?} prep {:?} run {:?} whole gap() {:?} years {}",
            t2 - t1,
            t3 - t2,
            t4 - t3,
            g.years.len()
        );
    }
}
