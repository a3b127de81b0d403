//! Loading scenarios: the toy scenario resolves against the toy dataset, and
//! every scenario mistake is reported with its line and key path.

mod common;

use std::path::Path;

use common::{expect, fixture, list, toy};
use krapte_data::{parse_scenario, Problem};
use krapte_model::{AfterLast, Options, Trajectory};

fn errors(text: &str) -> Vec<Problem> {
    let ds = toy().dataset;
    match parse_scenario(text, Path::new("s.toml"), &ds) {
        Ok(s) => panic!("scenario should not load: {:?}", s.scenario),
        Err(e) => e.0.into_listed(),
    }
}

fn ok(text: &str) -> krapte_data::ScenarioLoaded {
    let ds = toy().dataset;
    parse_scenario(text, Path::new("s.toml"), &ds).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn toy_scenario_loads() {
    let ds = toy().dataset;
    let loaded = krapte_data::load_scenario(&fixture("toy/scenario.toml"), &ds)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(loaded.warnings.is_empty());
    let s = loaded.scenario;
    assert_eq!((s.start_year, s.horizon), (2024, 2028));
    assert_eq!(s.options, Options::default());
    // File order is kept: spend_x first, then plant.
    assert_eq!(s.measures.len(), 2);
    assert_eq!(s.measures[0].measure, 0);
    assert_eq!(
        s.measures[0].trajectory,
        Trajectory::Additions(vec![(2025, 100.0)])
    );
    assert_eq!(s.measures[1].measure, 1);
    assert_eq!(
        s.measures[1].trajectory,
        Trajectory::Stock(vec![(2024, 0.0), (2026, 10.0)])
    );
    assert!(s
        .measures
        .iter()
        .all(|m| m.after_last == AfterLast::Stop && m.scale == 1.0 && m.regions.is_none()));
}

#[test]
fn defaults_and_options() {
    let s = ok("name = \"x\"\n").scenario;
    assert_eq!((s.start_year, s.horizon, s.measures.len()), (2025, 2030, 0));
    let text = "name = \"x\"\n[options]\ninclude_indirect = false\nproductivity_extra = 0.01\ncrowding_out = 0.5\nfossil_loss_scale = 0\nimport_share_scale = 0.5\n\
                [measures.spend_x]\nspend = { 2030 = 5, 2025 = 1 }\nscale = 2\nregions = { PV27 = 0.5, PV28 = 0.5 }\n";
    let s = ok(text).scenario;
    assert_eq!(
        s.options,
        Options {
            include_indirect: false,
            productivity_extra: 0.01,
            crowding_out: 0.5,
            fossil_loss_scale: 0.0,
            import_share_scale: 0.5,
        }
    );
    let m = &s.measures[0];
    assert_eq!(
        m.trajectory,
        Trajectory::Additions(vec![(2025, 1.0), (2030, 5.0)])
    );
    assert_eq!(
        (m.after_last, m.scale, m.regions.clone()),
        (AfterLast::Hold, 2.0, Some(vec![(0, 0.5), (1, 0.5)]))
    );
}

#[test]
fn unknown_measure_suggests_a_close_one() {
    let ps = errors("name = \"x\"\n\n[measures.plnt]\nstock = { 2030 = 1 }\n");
    let p = expect(
        &ps,
        "s.toml",
        Some(3),
        Some("measures.plnt"),
        "unknown measure \"plnt\"",
    );
    assert!(p.message.ends_with("did you mean \"plant\"?"), "{p}");
}

#[test]
fn bad_year_keys_and_values() {
    let ps = errors("name = \"x\"\n[measures.plant]\nstock = { 20x6 = 10, 2099 = 1, 2030 = -1 }\n");
    expect(
        &ps,
        "s.toml",
        Some(3),
        Some("measures.plant.stock"),
        "expected a year from 2014 to 2050 as key, found \"20x6\"",
    );
    expect(
        &ps,
        "s.toml",
        Some(3),
        Some("measures.plant.stock"),
        "found \"2099\"",
    );
    expect(
        &ps,
        "s.toml",
        Some(3),
        Some("measures.plant.stock"),
        "expected a number >= 0, found -1",
    );
    assert_eq!(ps.len(), 3, "{}", list(&ps));
}

#[test]
fn exactly_one_trajectory() {
    let ps =
        errors("name = \"x\"\n[measures.plant]\nstock = { 2030 = 1 }\nadditions = { 2030 = 1 }\n");
    expect(
        &ps,
        "s.toml",
        Some(2),
        Some("measures.plant"),
        "give exactly one of stock, additions or spend, found stock and additions",
    );
    let ps = errors("name = \"x\"\n[measures.plant]\nscale = 2\n");
    expect(
        &ps,
        "s.toml",
        Some(2),
        Some("measures.plant"),
        "give a trajectory",
    );
    let ps = errors("name = \"x\"\n[measures.plant]\nspend = { 2030 = 1 }\n");
    expect(
        &ps,
        "s.toml",
        Some(3),
        Some("measures.plant.spend"),
        "spend is only for measures in MEUR",
    );
}

#[test]
fn syntax_error_has_its_line() {
    let ps = errors("name = \"x\"\nhorizon = \n");
    assert_eq!(ps.len(), 1);
    let p = &ps[0];
    assert_eq!((p.line, p.field.as_deref()), (Some(2), None), "{p}");
    assert!(
        p.message.contains("(column 11)") && !p.message.contains('\n'),
        "{p}"
    );
}

#[test]
fn unknown_key_is_an_error() {
    let ps = errors("name = \"x\"\nhorizn = 2030\n");
    expect(&ps, "s.toml", Some(2), None, "unknown field `horizn`");
    let ps = errors("name = \"x\"\n[measures.plant]\nstock = { 2030 = 1 }\nafter = \"stop\"\n");
    expect(&ps, "s.toml", Some(4), None, "unknown field `after`");
}

#[test]
fn years_and_options_are_bounded() {
    let ps = errors("name = \"x\"\nstart_year = 2020\nhorizon = 2045\n[options]\ncrowding_out = 1.5\nproductivity_extra = nan\n");
    expect(&ps, "s.toml", Some(2), Some("start_year"), "found 2020");
    expect(&ps, "s.toml", Some(3), Some("horizon"), "found 2045");
    expect(
        &ps,
        "s.toml",
        Some(5),
        Some("options.crowding_out"),
        "expected a number between 0 and 1, found 1.5",
    );
    expect(
        &ps,
        "s.toml",
        Some(6),
        Some("options.productivity_extra"),
        "found NaN",
    );
    let ps = errors("name = \"x\"\nstart_year = 2030\nhorizon = 2028\n");
    expect(
        &ps,
        "s.toml",
        Some(3),
        Some("horizon"),
        "expected a year from start_year 2030 to 2040, found 2028",
    );
}

#[test]
fn regions_and_after_last_are_checked() {
    let text = "name = \"x\"\n[measures.plant]\nstock = { 2030 = 1 }\nafter_last = \"stpo\"\nregions = { PV27 = 0.5, PV29 = 0.5 }\n";
    let ps = errors(text);
    expect(
        &ps,
        "s.toml",
        Some(4),
        Some("measures.plant.after_last"),
        "did you mean \"stop\"?",
    );
    expect(
        &ps,
        "s.toml",
        Some(5),
        Some("measures.plant.regions"),
        "unknown region \"PV29\"; the dataset covers PV27, PV28",
    );
    let ps = errors("name = \"x\"\n[measures.plant]\nstock = { 2030 = 1 }\nregions = { PV27 = 0.5, PV28 = 0.4 }\n");
    expect(
        &ps,
        "s.toml",
        Some(4),
        Some("measures.plant.regions"),
        "shares sum to 0.9",
    );
}

#[test]
fn several_problems_at_once() {
    let ps = errors("name = \"\"\n[measures.plnt]\nstock = { 2030 = 1 }\n[measures.plant]\nstock = { 1999 = 1 }\nscale = -1\n");
    assert_eq!(ps.len(), 4, "{}", list(&ps));
}

#[test]
fn other_edition_is_a_warning() {
    let loaded = ok("name = \"x\"\ndataset_edition = \"toy-0\"\n");
    let w = &loaded.warnings;
    expect(
        w,
        "s.toml",
        Some(2),
        Some("dataset_edition"),
        "written for dataset edition \"toy-0\", loaded edition is \"toy-1\"",
    );
}

#[test]
fn start_after_the_default_horizon_moves_the_horizon() {
    let s = ok("name = \"x\"\nstart_year = 2035\n").scenario;
    assert_eq!((s.start_year, s.horizon), (2035, 2035));
}
