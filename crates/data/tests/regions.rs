//! The region folder (data/regions): the built-in one loads with the sets,
//! crosswalks, employment and keys issue 22 asks for, agrees with the built-in
//! dataset, and every kind of bad input is reported with file, line and field.

use std::fs;
use std::path::{Path, PathBuf};

use krapte_data::{check_measure_keys, load_dataset, load_regions, Problem, RegionsLoaded};
use krapte_model::{Province, Quality, RegionData, RegionSetKind};

fn builtin_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/regions")
}

fn builtin() -> RegionsLoaded {
    match load_regions(&builtin_dir()) {
        Ok(l) => l,
        Err(e) => panic!("data/regions should load:\n{e}"),
    }
}

/// A copy of data/regions with `from` replaced by `to` in `file`.
fn with(file: &str, from: &str, to: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in fs::read_dir(builtin_dir()).expect("data/regions") {
        let path = entry.expect("entry").path();
        fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    let path = dir.path().join(file);
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{file} does not contain {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).expect("write");
    dir
}

fn problems(dir: &Path) -> Vec<Problem> {
    match load_regions(dir) {
        Ok(_) => panic!("{} should not load", dir.display()),
        Err(e) => e.0.into_listed(),
    }
}

/// The problem in `file` (at `line`, in `column`) whose message contains `needle`.
fn expect(ps: &[Problem], file: &str, line: Option<u64>, column: Option<&str>, needle: &str) {
    let found = ps.iter().any(|p| {
        p.file.file_name().is_some_and(|n| n == file)
            && (line.is_none() || p.line == line)
            && (column.is_none() || p.field.as_deref() == column)
            && p.message.contains(needle)
    });
    assert!(
        found,
        "no problem {file}:{line:?} {column:?} ~ {needle:?} in:\n{ps:#?}"
    );
}

fn set_len(d: &RegionData, kind: RegionSetKind) -> usize {
    d.set(kind).map_or(0, |s| s.1.len())
}

#[test]
fn builtin_sets_have_the_official_sizes_and_codes() {
    let l = builtin();
    let d = &l.data;
    assert_eq!(d.check_invariants(), Vec::<String>::new());
    assert_eq!(set_len(d, RegionSetKind::Corop), 40);
    assert_eq!(set_len(d, RegionSetKind::Province), 12);
    assert_eq!(set_len(d, RegionSetKind::Arbeidsmarktregio), 35);
    assert_eq!(set_len(d, RegionSetKind::Res), 30);
    let (_, prov) = d.set(RegionSetKind::Province).expect("provinces");
    let codes: Vec<&str> = prov.regions.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, Province::all_codes().collect::<Vec<_>>());
    let (_, amr) = d.set(RegionSetKind::Arbeidsmarktregio).expect("amr");
    assert_eq!(amr.version, "2026");
    let ams = amr.index_of("AM18").map(|i| amr.regions[i].name.as_str());
    assert_eq!(ams, Some("Groot Amsterdam"));
    // 19 COROP regions span several arbeidsmarktregio's, 9 several RES regions.
    let split = |k| {
        d.crosswalk(k)
            .map_or(0, |x| x.parts.iter().filter(|p| p.len() > 1).count())
    };
    assert_eq!(split(RegionSetKind::Arbeidsmarktregio), 19);
    assert_eq!(split(RegionSetKind::Res), 9);
    assert_eq!(split(RegionSetKind::Province), 0);
    // Split rows are assumptions (inhabitants stand in for jobs) and listed.
    let xw = d.crosswalk(RegionSetKind::Res).expect("res");
    assert!(xw
        .parts
        .iter()
        .zip(&xw.quality)
        .all(|(p, q)| (p.len() > 1) == (*q == Quality::Assumption)));
    assert!(l
        .assumptions
        .iter()
        .any(|a| a.key == "crosswalk.csv" && a.rows == 67 - 21 + 53 - 31));
    assert_eq!(d.res_targets.len(), 30);
    assert_eq!(
        d.res_targets
            .iter()
            .filter(|r| r.twh_2030.is_none())
            .count(),
        8
    );
}

#[test]
fn every_set_sums_to_the_national_jobs() {
    let d = builtin().data;
    let e = &d.employment;
    assert_eq!(e.years.first(), Some(&2010));
    assert_eq!(e.years.last(), Some(&2024));
    assert_eq!(e.sbi_groups.len(), 10);
    for g in 0..e.sbi_groups.len() {
        for &y in &e.years {
            let total = |si: usize| -> Option<f64> {
                (0..d.sets[si].len()).map(|r| e.get(si, r, g, y)).sum()
            };
            let Some(national) = total(0) else { continue };
            for si in 1..d.sets.len() {
                let t = total(si).expect("complete where COROP is complete");
                assert!(
                    (t - national).abs() < 0.01,
                    "{} {} {y}: {t} vs {national}",
                    d.sets[si].kind,
                    e.sbi_groups[g]
                );
            }
        }
    }
    // 2024 has no suppressed cell; 9.06 million jobs without CR99.
    let national_2024: f64 = (0..40)
        .flat_map(|c| (0..10).map(move |g| (c, g)))
        .filter_map(|(c, g)| e.get(0, c, g, 2024))
        .sum();
    assert!((national_2024 - 9060.0).abs() < 10.0, "{national_2024}");
}

#[test]
fn keys_sum_to_one_in_every_region_set() {
    let d = builtin().data;
    for key in &d.keys {
        let sum: f64 = key.shares.iter().sum();
        assert!((sum - 1.0).abs() < 1e-9, "{}: {sum}", key.id);
        for xw in &d.crosswalks {
            let mut by_region = vec![0.0; d.set(xw.kind).map_or(0, |s| s.1.len())];
            for (c, parts) in xw.parts.iter().enumerate() {
                for &(r, share) in parts {
                    by_region[r] += key.shares[c] * share;
                }
            }
            let sum: f64 = by_region.iter().sum();
            assert!((sum - 1.0).abs() < 1e-9, "{} in {}: {sum}", key.id, xw.kind);
        }
    }
    // Chemelot lies in Zuid-Limburg: the industry key gives Limburg more than
    // its share of all jobs; Zeeland gets several times its share.
    let ind = d.key("industry_clusters").expect("industry key");
    let corop = d.corop().expect("corop");
    let at = |code: &str| corop.index_of(code).map_or(0.0, |i| ind.shares[i]);
    assert!(at("CR39") > 0.059 && at("CR39") < 0.07, "{}", at("CR39"));
    assert!(at("CR31") + at("CR32") > 0.12);
}

#[test]
fn employment_agrees_with_the_builtin_dataset() {
    // data/default/region_shares.csv is each SBI group's province share of the
    // 2024 jobs: the province set here must give the same shares (one answer).
    let d = builtin().data;
    let ds = load_dataset(&builtin_dir().join("../default"))
        .expect("built-in dataset")
        .dataset;
    let (pi, prov) = d.set(RegionSetKind::Province).expect("provinces");
    for (g, name) in d.employment.sbi_groups.iter().enumerate() {
        let gi = ds
            .region_groups
            .iter()
            .position(|x| x == name)
            .expect("same SBI groups");
        let jobs: Vec<f64> = (0..prov.len())
            .map(|r| d.employment.get(pi, r, g, 2024).expect("2024 complete"))
            .collect();
        let total: f64 = jobs.iter().sum();
        for (r, region) in prov.regions.iter().enumerate() {
            let p = Province::from_code(&region.code).expect("province");
            let ri = ds
                .regions
                .iter()
                .position(|x| x.code() == p.code())
                .expect("region");
            let theirs = ds.region_shares[gi * ds.regions.len() + ri];
            assert!(
                (jobs[r] / total - theirs).abs() < 1e-6,
                "{name} {}: {} vs {theirs}",
                region.code,
                jobs[r] / total
            );
        }
    }
}

#[test]
fn measure_keys_name_measures_of_the_builtin_dataset() {
    let l = builtin();
    let ds = load_dataset(&builtin_dir().join("../default"))
        .expect("built-in dataset")
        .dataset;
    assert_eq!(check_measure_keys(&l.data, &ds, &builtin_dir()), vec![]);
    for m in &ds.measures {
        assert!(
            l.data.key_for_measure(&m.id).is_some(),
            "measure {} has no placement key",
            m.id
        );
    }
    let mut other = ds.clone();
    other.measures.retain(|m| m.id != "insulation");
    let ps = check_measure_keys(&l.data, &other, &builtin_dir());
    assert_eq!(ps.len(), 1, "{ps:?}");
    assert!(ps[0].message.contains("\"insulation\""));
}

#[test]
fn a_bad_region_code_is_named_with_file_line_and_field() {
    let dir = with("regions.csv", "corop,CR01,Oost", "corop,CR1,Oost");
    let ps = problems(dir.path());
    expect(
        &ps,
        "regions.csv",
        Some(2),
        Some("code"),
        "expected a corop code (CR",
    );
    // The code no longer exists, so the files that use it say so too.
    expect(
        &ps,
        "crosswalk.csv",
        Some(2),
        Some("corop"),
        "unknown corop region \"CR01\"",
    );
}

#[test]
fn a_misspelt_set_gets_a_suggestion() {
    let dir = with("regions.csv", "corop,CR02,", "corp,CR02,");
    let ps = problems(dir.path());
    expect(
        &ps,
        "regions.csv",
        Some(3),
        Some("set"),
        "did you mean \"corop\"",
    );
}

#[test]
fn a_split_that_does_not_add_up_is_refused() {
    let dir = with(
        "crosswalk.csv",
        "arbeidsmarktregio,CR13,AM06,0.4819465378",
        "arbeidsmarktregio,CR13,AM06,0.4",
    );
    let ps = problems(dir.path());
    expect(
        &ps,
        "crosswalk.csv",
        Some(57),
        Some("share"),
        "shares of COROP region CR13 in set arbeidsmarktregio sum to",
    );
    // The jobs written for AM06 no longer follow from the crosswalk.
    expect(
        &ps,
        "employment.csv",
        None,
        Some("jobs_thousands"),
        "arbeidsmarktregio AM06",
    );
}

#[test]
fn a_corop_region_missing_from_a_set_is_refused() {
    let dir = with(
        "crosswalk.csv",
        "arbeidsmarktregio,CR03,AM01,1,derived,CBS_GEBIEDEN_2025,all municipalities of the COROP region lie in this region\n",
        "",
    );
    let ps = problems(dir.path());
    expect(
        &ps,
        "crosswalk.csv",
        None,
        None,
        "COROP region CR03 has no row for set arbeidsmarktregio",
    );
}

#[test]
fn a_key_that_does_not_sum_to_one_is_refused() {
    let dir = with(
        "key_shares.csv",
        "housing_stock,CR01,0.0079608252",
        "housing_stock,CR01,0.5",
    );
    let ps = problems(dir.path());
    expect(
        &ps,
        "key_shares.csv",
        Some(2),
        Some("share"),
        "shares of key housing_stock sum to",
    );
}

#[test]
fn unknown_res_targets_stay_unknown() {
    let dir = with("res_targets.csv", "ES10,,,,unknown", "ES10,1.5,,,unknown");
    let ps = problems(dir.path());
    expect(
        &ps,
        "res_targets.csv",
        Some(11),
        Some("twh_2030"),
        "do not estimate",
    );
}

#[test]
fn employment_that_breaks_the_national_total_is_refused() {
    let dir = with(
        "employment.csv",
        "province,PV20,F,2024,10.7,0",
        "province,PV20,F,2024,12.7,0",
    );
    let ps = problems(dir.path());
    expect(
        &ps,
        "employment.csv",
        None,
        Some("jobs_thousands"),
        "province PV20 (SBI F, 2024) are 12.7",
    );
}

#[test]
fn an_unknown_measure_key_and_source_are_named() {
    let dir = with(
        "measure_keys.csv",
        "offshore_wind,offshore_ports,assumption,,",
        "offshore_wind,offshore_port,assumption,XX,",
    );
    let ps = problems(dir.path());
    expect(
        &ps,
        "measure_keys.csv",
        Some(2),
        Some("key"),
        "did you mean \"offshore_ports\"",
    );
    expect(
        &ps,
        "measure_keys.csv",
        Some(2),
        Some("source_id"),
        "unknown source \"XX\"",
    );
}

#[test]
fn the_manifest_must_list_every_file() {
    let dir = with("manifest.toml", "name = \"keys.csv\"", "name = \"key.csv\"");
    let ps = problems(dir.path());
    expect(
        &ps,
        "manifest.toml",
        None,
        None,
        "required file \"keys.csv\" is not listed",
    );
    expect(
        &ps,
        "manifest.toml",
        None,
        Some("name"),
        "listed file \"key.csv\" does not exist",
    );
}
