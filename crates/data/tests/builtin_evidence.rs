//! The built-in dataset against the defects issue 21 found in it: bottom-up
//! figures counted in the wrong unit or with their supply chain counted
//! twice, and the education of the technician set. Each test would have
//! failed on dataset edition 2026.11-1.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use krapte_data::load_dataset;
use krapte_model::{Dataset, IntensityUnit, Path as MeasurePath, Prepared, Variant};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn builtin() -> Dataset {
    match load_dataset(&root().join("data/default")) {
        Ok(l) => l.dataset,
        Err(e) => panic!("the built-in dataset should load:\n{e}"),
    }
}

fn rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).expect("readable CSV");
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    r.records()
        .map(|rec| {
            let rec = rec.expect("record");
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

/// US job-year in hours (40 h x 52 weeks), as NREL's JEDI counts a job.
const US_JOB_YEAR_HOURS: f64 = 2080.0;

/// Every ReEDS factor (US job-years) is written in hours: the published
/// figure x 2,080 h, so that the model divides by its own fte hours. Taken
/// 1:1 as fte they were 23% too low against a 1,600-hour fte.
#[test]
fn us_job_years_are_converted_to_hours() {
    let raw = rows(&root().join("data/raw/scenarios/labour_intensity.csv"));
    let published = |measure: &str, activity: &str| -> f64 {
        raw.iter()
            .find(|r| r["measure"] == measure && r["activity"] == activity)
            .and_then(|r| r["value_central"].parse().ok())
            .unwrap_or_else(|| panic!("{measure}/{activity} in labour_intensity.csv"))
    };
    let acts = rows(&root().join("data/default/activities.csv"));
    let mut checked = 0;
    for a in &acts {
        if !a["source_id"].contains("REEDS_") {
            continue;
        }
        let measure = match a["measure"].as_str() {
            "solar_pv_rooftop" => "solar_pv_distributed",
            m => m,
        };
        let activity = if a["activity"] == "om" {
            "O&M"
        } else {
            a["activity"].as_str()
        };
        assert!(
            a["unit"].starts_with("hours_per_unit"),
            "{}/{}: a US job-year figure must be in hours, found {}",
            a["measure"],
            a["activity"],
            a["unit"]
        );
        let central: f64 = a["central"].parse().expect("number");
        let want = published(measure, activity) * US_JOB_YEAR_HOURS;
        assert!(
            (central - want).abs() <= 1e-6 * want,
            "{}/{}: {central} h, expected {want}",
            a["measure"],
            a["activity"]
        );
        checked += 1;
    }
    assert_eq!(
        checked, 8,
        "the eight ReEDS rows (four measures, two activities)"
    );
}

/// What a factor covers is stated per activity and agrees with where its
/// labour is placed: a figure of direct (project) labour puts no labour in a
/// manufacturing industry (that is its supply chain, which the input-output
/// path adds), and its reason says so.
#[test]
fn direct_figures_place_labour_on_site() {
    let ds = builtin();
    // Manufacturing industries other than installation of machinery (C33)
    // and the operators of electrolysers (C20, O&M only).
    let manufacturing = |code: &str| code.starts_with('C') && code != "C33" && code != "C20";
    for m in &ds.measures {
        let MeasurePath::BottomUp { activities } = &m.path else {
            continue;
        };
        for a in activities {
            if a.includes_supply_chain {
                continue;
            }
            for &(s, share) in &a.sectors {
                let code = &ds.sectors[s].code;
                assert!(
                    !manufacturing(code) || share == 0.0,
                    "{}/{}: direct labour placed in manufacturing sector {code}",
                    m.id,
                    a.name
                );
            }
        }
    }
    for a in rows(&root().join("data/default/activities.csv")) {
        let reason = &a["reason"];
        let stated = if a["includes_supply_chain"] == "yes" {
            "Coverage: direct_and_supply_chain"
        } else {
            "Coverage: direct"
        };
        assert!(
            reason.contains(stated),
            "{}/{}: reason must state its coverage ({stated})",
            a["measure"],
            a["activity"]
        );
        assert!(
            !reason.contains("incl. supply chain") || a["includes_supply_chain"] == "yes",
            "{}/{}: reason claims the supply chain is included but the flag says no",
            a["measure"],
            a["activity"]
        );
    }
}

/// An O&M job brings less than one supply-chain job: the chain the
/// input-output path adds to direct labour is that of what the activity
/// buys, not of the sector the staff work in (for energy companies: the
/// chain of power generation, 884 indirect jobs against 865 direct for solar
/// O&M in edition 2026.11-1).
#[test]
fn indirect_jobs_of_each_activity_stay_below_its_direct_jobs() {
    let ds = builtin();
    let scenario =
        match krapte_data::load_scenario(&root().join("scenarios/referentie-55.toml"), &ds) {
            Ok(s) => s.scenario,
            Err(e) => panic!("preset loads:\n{e}"),
        };
    for (m, measure) in ds.measures.iter().enumerate() {
        let MeasurePath::BottomUp { activities } = &measure.path else {
            continue;
        };
        for keep in 0..activities.len() {
            // Only this activity of this measure has labour.
            let mut one = ds.clone();
            if let MeasurePath::BottomUp { activities } = &mut one.measures[m].path {
                for (k, a) in activities.iter_mut().enumerate() {
                    if k != keep {
                        a.intensity = krapte_model::Range3::point(0.0);
                    }
                }
            }
            let prep = Prepared::new(&one).expect("invertible");
            let r = krapte_model::run(&prep, &scenario, Variant::Central);
            // Results are indexed by the dataset's measure.
            let (direct, indirect) = r.by_measure(2030)[m];
            if direct.value() > 0.0 {
                let ratio = indirect.value() / direct.value();
                assert!(
                    ratio < 1.0,
                    "{}/{}: {:.0} indirect against {:.0} direct fte in 2030",
                    measure.id,
                    activities[keep].name,
                    indirect.value(),
                    direct.value()
                );
            }
        }
    }
}

/// O&M figures are in hours of work per unit of stock and year, and name
/// the sector their supply chain is bought from.
#[test]
fn om_figures_name_their_supply_chain() {
    let ds = builtin();
    for m in &ds.measures {
        let MeasurePath::BottomUp { activities } = &m.path else {
            continue;
        };
        for a in activities {
            if a.unit == IntensityUnit::HoursPerUnitStock && !a.includes_supply_chain {
                let s = a
                    .supply_chain_sector
                    .unwrap_or_else(|| panic!("{}/{}: no supply-chain sector", m.id, a.name));
                assert_eq!(ds.sectors[s].code, "C33", "{}/{}", m.id, a.name);
            }
        }
    }
}

/// Share of technically educated (techniek or ICT direction) in the
/// technician set, weighted by employment: CBS counted 844,000 of the 1.42
/// million with known education in technical occupations in 2016 (57% of
/// all 1.49 million); edition 2026.11-1 assumed 87%.
#[test]
fn technician_set_education_follows_cbs() {
    let ds = builtin();
    let set = ds.occupation_set("technician").expect("technician set");
    let (mut tech, mut all) = (0.0, 0.0);
    for &o in &set.members {
        let persons = ds.occupations[o].employed_persons;
        let shares = &ds.education_shares[o * 18..(o + 1) * 18];
        // cells: level-major, direction techniek, ict, other
        let t: f64 = shares.chunks(3).map(|c| c[0] + c[1]).sum();
        tech += persons * t;
        all += persons;
    }
    let share = tech / all;
    let cbs = 844_000.0 / (844_000.0 + 575_000.0);
    assert!(
        (share - cbs).abs() < 0.01,
        "technician set {share:.3} technically educated, CBS 2016 {cbs:.3}"
    );
}
