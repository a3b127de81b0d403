//! The path tester: every fast path of the model against the reference
//! chain ([`krapte_model::reference`]), draw by draw, on the toy
//! (`tests/fixtures/toy`) and on the built-in dataset (`data/default` with
//! `scenarios/referentie-55.toml`), for every lever flow (the whole of
//! `LeverFlow::ALL`: a new flow is tested without anyone remembering), every
//! campaign, a policy with everything at once and none, and every framing
//! of the gap (`Framing::ALL`), the gap's terms (its decomposition) with
//! it: each term of each draw per year, level and province against the
//! reference, and the terms adding up to the gap.
//!
//! | fast path | test |
//! |---|---|
//! | `fast::demand_basis` (the Monte Carlo's climate demand) | `demand_basis_equals_the_demand_chain_draw_by_draw` |
//! | `mc::demand` (`run --draws`) | `demand_monte_carlo_equals_the_demand_chain_draw_by_draw` |
//! | `fast::climate_basis`, `fast::split_supply`, `fast::figures` (the explorer) | `explorer_fast_path_equals_the_full_chain` |
//! | `mc::engine` with `fast::masked`, `fast::split`, `fast::figures`, and its buffer reuse | `engine_draws_equal_the_reference_chain_and_reuse_their_buffer` |
//! | `GapPrep::national` (the plan evaluation's runs) | `national_runs_equal_the_regional_runs` |
//!
//! A flow the dataset's catalogue lacks is borrowed from the toy's, which
//! must have one of every flow (`toy_has_a_lever_of_every_flow`).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use krapte_model::fast::climate_basis::ClimateBasis;
use krapte_model::fast::demand_basis::DemandBasis;
use krapte_model::fast::figures::{combine, AreaSums, PolicySums};
use krapte_model::fast::split_supply::SplitSupply;
use krapte_model::inputs::slots::{set, slots};
use krapte_model::mc::draws::{draw_dataset, draw_values};
use krapte_model::mc::engine::Engine;
use krapte_model::mc::summary::DrawFigures;
use krapte_model::mc::{national_view, run_point};
use krapte_model::reference::evaluation::goal_year;
use krapte_model::reference::gap::{
    climate_by_year, gap_years, Decomposition, Framing, GapOptions, GapResult, Quantity,
};
use krapte_model::reference::policy::Applied;
use krapte_model::{
    Basis, CampaignChoice, Dataset, Item, LeverFlow, LeverTarget, Model, Prepared, Scenario,
    Variant,
};

/// One dataset and scenario the paths are tested on.
struct Case {
    name: &'static str,
    /// The dataset, its lever catalogue holding a lever of every flow.
    dataset: Dataset,
    scenario: Scenario,
    /// Draws per engine and demand basis.
    draws: u64,
    /// Factor vectors of the explorer's climate sliders.
    factors: Vec<Vec<f64>>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn load(dir: &str, scenario: &str) -> (Dataset, Scenario) {
    let dir = root().join(dir);
    let ds = krapte_data::load_dataset(&dir)
        .unwrap_or_else(|e| panic!("{} loads: {e:?}", dir.display()))
        .dataset;
    let path = root().join(scenario);
    let sc = krapte_data::load_scenario(&path, &ds)
        .unwrap_or_else(|e| panic!("{} loads: {e:?}", path.display()))
        .scenario;
    (ds, sc)
}

fn toy() -> &'static (Dataset, Scenario) {
    static TOY: OnceLock<(Dataset, Scenario)> = OnceLock::new();
    TOY.get_or_init(|| load("tests/fixtures/toy", "tests/fixtures/toy/scenario.toml"))
}

/// `ds` with a lever of every flow: those its catalogue lacks borrowed from
/// the toy's, their targets translated (occupation sets by id).
fn with_every_flow(mut ds: Dataset) -> Dataset {
    let (toy, _) = toy();
    let borrowed = toy.policy.as_ref().expect("the toy has levers");
    let set_ids: Vec<String> = ds.occupation_sets.iter().map(|s| s.id.clone()).collect();
    let pd = ds.policy.get_or_insert_with(Default::default);
    for flow in LeverFlow::ALL {
        if pd.levers.iter().any(|l| l.flow == flow) {
            continue;
        }
        let mut lever = borrowed
            .levers
            .iter()
            .find(|l| l.flow == flow)
            .unwrap_or_else(|| panic!("the toy has no lever of flow {}", flow.code()))
            .clone();
        lever.target = match lever.target {
            LeverTarget::SetLevel { set, level } => {
                let id = &toy.occupation_sets[set].id;
                let set = set_ids
                    .iter()
                    .position(|s| s == id)
                    .unwrap_or_else(|| panic!("no occupation set {id}"));
                LeverTarget::SetLevel { set, level }
            }
            t @ (LeverTarget::Cells(_)
            | LeverTarget::Retention(_)
            | LeverTarget::All
            | LeverTarget::Nothing) => t,
        };
        lever.id = format!("borrowed_{}", lever.id);
        lever.region = None;
        pd.levers.push(lever);
    }
    ds
}

fn cases() -> &'static [Case] {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(|| {
        let (toy_ds, toy_sc) = toy().clone();
        let (ds, sc) = load("data/default", "scenarios/referentie-55.toml");
        let n = sc.measures.len();
        vec![
            Case {
                name: "toy",
                dataset: with_every_flow(toy_ds),
                factors: vec![vec![1.0; toy_sc.measures.len()], {
                    (0..toy_sc.measures.len())
                        .map(|k| [0.0, 1.7, 0.4][k % 3])
                        .collect()
                }],
                scenario: toy_sc,
                draws: 6,
            },
            Case {
                name: "data/default",
                dataset: with_every_flow(ds),
                factors: vec![(0..n).map(|k| [1.3, 0.0, 0.6, 2.0][k % 4]).collect()],
                scenario: sc,
                draws: 2,
            },
        ]
    })
}

/// The policies every path is tested with: none; one lever of each flow
/// (the first of that flow in the catalogue) at its default intensity; each
/// campaign at its default budget and duration; everything together.
fn policies(ds: &Dataset) -> Vec<(String, Vec<Item>)> {
    let pd = ds.policy.as_ref().expect("a lever catalogue");
    let lever = |k: usize| {
        let l = &pd.levers[k];
        Item::Lever {
            lever: k,
            intensity: if l.default_intensity > 0.0 {
                l.default_intensity
            } else {
                1.0
            },
        }
    };
    let campaign = |c: usize| {
        let camp = &pd.campaigns[c];
        Item::Campaign(CampaignChoice {
            campaign: c,
            budget_meur_per_year: camp.default_budget_meur_per_year.central,
            years: camp.default_years.central.round().max(1.0) as u16,
            start_year: ds.base_year + 1,
        })
    };
    let mut out = vec![("no policy".to_string(), Vec::new())];
    for flow in LeverFlow::ALL {
        let k = pd
            .levers
            .iter()
            .position(|l| l.flow == flow)
            .expect("a lever of every flow");
        out.push((
            format!("a {} lever ({})", flow.code(), pd.levers[k].id),
            vec![lever(k)],
        ));
    }
    for c in 0..pd.campaigns.len() {
        out.push((
            format!("campaign {}", pd.campaigns[c].id),
            vec![campaign(c)],
        ));
    }
    let everything = (0..pd.levers.len())
        .filter(|&k| pd.levers[k].region.is_none())
        .map(lever)
        .chain((0..pd.campaigns.len()).map(campaign))
        .collect();
    out.push(("every national lever and campaign".into(), everything));
    out
}

fn options(framing: Framing) -> GapOptions {
    GapOptions {
        framing,
        ..GapOptions::default()
    }
}

fn technicians(ds: &Dataset) -> Vec<usize> {
    ds.occupation_set("technician")
        .expect("a technician set")
        .members
        .clone()
}

/// Equal to a billionth of the largest value compared (NaN equals NaN).
fn assert_close(what: &str, fast: &[f64], reference: &[f64]) {
    assert_eq!(fast.len(), reference.len(), "{what}: lengths differ");
    let scale = reference
        .iter()
        .filter(|x| x.is_finite())
        .fold(1.0f64, |m, x| m.max(x.abs()));
    for (i, (a, b)) in fast.iter().zip(reference).enumerate() {
        let same = (a.is_nan() && b.is_nan()) || (a - b).abs() <= 1e-9 * scale;
        assert!(same, "{what}[{i}]: fast path {a}, reference {b}");
    }
}

fn assert_figures(what: &str, fast: &DrawFigures, reference: &DrawFigures) {
    assert_close(
        &format!("{what}: gap by year"),
        &fast.gap_by_year,
        &reference.gap_by_year,
    );
    assert_close(
        &format!("{what}: gap by level"),
        &fast.gap_by_level,
        &reference.gap_by_level,
    );
    assert_close(
        &format!("{what}: required and available"),
        &[fast.required, fast.available],
        &[reference.required, reference.available],
    );
    assert_close(
        &format!("{what}: digital counts"),
        &fast.digital,
        &reference.digital,
    );
    assert_close(
        &format!("{what}: gap by province"),
        &fast.gap_by_province,
        &reference.gap_by_province,
    );
    assert_close(
        &format!("{what}: climate need"),
        &[fast.climate_need],
        &[reference.climate_need],
    );
    assert_terms(
        &format!("{what}: terms by year"),
        &fast.parts_by_year,
        &reference.parts_by_year,
    );
    assert_terms(
        &format!("{what}: terms by level"),
        &fast.parts_by_level,
        &reference.parts_by_level,
    );
    // The engine keeps the provinces' terms only when asked (it is here).
    if !fast.gap_by_province.is_empty() {
        assert_terms(
            &format!("{what}: terms by province"),
            &fast.parts_by_province,
            &reference.parts_by_province,
        );
    }
    // The terms add up to the gap: per year, per level, per province.
    let adds_up = |what: &str, terms: &[Decomposition], gaps: &[f64]| {
        assert_eq!(terms.len(), gaps.len(), "{what}: one set of terms per gap");
        for (i, (t, g)) in terms.iter().zip(gaps).enumerate() {
            let scale = 1.0 + t.base_employment.abs() + t.required().abs();
            assert!(
                (t.gap() - g).abs() <= 1e-9 * scale,
                "{what}[{i}]: the terms add up to {} against the gap {g}: {t:?}",
                t.gap()
            );
        }
    };
    adds_up(
        &format!("{what}: terms by year"),
        &fast.parts_by_year,
        &fast.gap_by_year,
    );
    adds_up(
        &format!("{what}: terms by level"),
        &fast.parts_by_level,
        &fast.gap_by_level,
    );
    if !fast.parts_by_province.is_empty() {
        adds_up(
            &format!("{what}: terms by province"),
            &fast.parts_by_province,
            &fast.gap_by_province,
        );
    }
}

/// Every term of every group equal (as [`assert_close`]).
fn assert_terms(what: &str, fast: &[Decomposition], reference: &[Decomposition]) {
    let flat = |d: &[Decomposition]| -> Vec<f64> {
        d.iter()
            .flat_map(|t| {
                [
                    t.base_employment,
                    t.shortage,
                    t.baseline_growth,
                    t.climate,
                    t.productivity,
                    t.supply_change,
                    t.policy_supply,
                ]
            })
            .collect()
    };
    assert_close(what, &flat(fast), &flat(reference));
}

fn assert_area(what: &str, fast: &AreaSums, reference: &AreaSums) {
    let flat = |a: &AreaSums| -> Vec<f64> {
        a.years
            .iter()
            .flatten()
            .chain(a.levels.iter().flatten())
            .chain(a.regions.iter().flatten())
            .chain(&a.national)
            .copied()
            .collect()
    };
    assert_eq!(fast.years.len(), reference.years.len(), "{what}: years");
    assert_close(what, &flat(fast), &flat(reference));
}

#[test]
fn toy_has_a_lever_of_every_flow() {
    let (toy, _) = toy();
    let levers = &toy.policy.as_ref().expect("levers").levers;
    for flow in LeverFlow::ALL {
        assert!(
            levers.iter().any(|l| l.flow == flow),
            "add a lever of flow {} to tests/fixtures/toy/levers.csv: the path tester borrows it for datasets that lack one",
            flow.code()
        );
    }
}

#[test]
fn demand_basis_equals_the_demand_chain_draw_by_draw() {
    for case in cases() {
        let (nd, nsc) = national_view(&case.dataset, &case.scenario);
        let prepared = Prepared::new(&nd).expect("prepares");
        let (years, _) = gap_years(&nd, &nsc).expect("gap years");
        let all = slots(&nd);
        for framing in Framing::ALL {
            let options = options(framing);
            let basis = DemandBasis::new(&prepared, &nd, &nsc, options)
                .unwrap_or_else(|| panic!("{}: the demand basis passes its check", case.name));
            let mut fast = Vec::new();
            for i in 0..case.draws {
                let (d, _) = draw_dataset(&nd, &all, 11, i);
                basis.climate(&d, &mut fast);
                let p = Prepared::new(&d).expect("prepares");
                let demand = krapte_model::run(&p, &nsc, Variant::Central);
                let reference = climate_by_year(
                    &demand,
                    &years,
                    options,
                    nd.n_regions() * nd.n_occupations(),
                );
                let what = format!("{} {} draw {i}: climate demand", case.name, framing.code());
                assert_close(&what, &fast, &reference);
            }
        }
    }
}

#[test]
fn demand_monte_carlo_equals_the_demand_chain_draw_by_draw() {
    for case in cases() {
        let ds = &case.dataset;
        let model = Model::new(ds).expect("prepares");
        let tech = technicians(ds);
        let figures = [None, Some(tech.clone())];
        let draws = case.draws as usize;
        let mc = model
            .demand_monte_carlo(&case.scenario, &figures, draws, 5)
            .expect("runs");
        assert!(
            mc.linear,
            "{}: the demand Monte Carlo uses its basis",
            case.name
        );
        let (years, _) = gap_years(ds, &case.scenario).expect("gap years");
        let all = slots(ds);
        for i in 0..draws {
            let (d, _) = draw_dataset(ds, &all, 5, i as u64);
            let p = Prepared::new(&d).expect("prepares");
            let demand = krapte_model::run(&p, &case.scenario, Variant::Central);
            for basis in [Basis::Gross, Basis::Net] {
                let o = GapOptions {
                    basis,
                    framing: Framing::AllOnTop,
                };
                let (nr, no) = (ds.n_regions(), ds.n_occupations());
                let ro = climate_by_year(&demand, &years, o, nr * no);
                for (y, year) in ro.chunks(nr * no).enumerate() {
                    let by_occupation: Vec<f64> = (0..no)
                        .map(|o| (0..nr).map(|r| year[r * no + o]).sum())
                        .collect();
                    let reference = [
                        by_occupation.iter().sum::<f64>(),
                        tech.iter().map(|&o| by_occupation[o]).sum(),
                    ];
                    let fast = [mc.sample(y, 0, basis)[i], mc.sample(y, 1, basis)[i]];
                    let what = format!("{} draw {i} year {} {basis:?}", case.name, years[y]);
                    assert_close(&what, &fast, &reference);
                }
            }
        }
    }
}

/// The explorer's answer from its fast path (the climate basis at the
/// sliders' factors, the policy's supply in split form, combined and summed
/// by area) against the full chain (demand runs of the scaled scenario,
/// three supply runs over every province, the reference result summed by
/// area), for the nation and every province.
#[test]
fn explorer_fast_path_equals_the_full_chain() {
    for case in cases() {
        let ds = &case.dataset;
        let model = Model::new(ds).expect("prepares");
        let tech = technicians(ds);
        for framing in Framing::ALL {
            let options = options(framing);
            let gp = model.runs(&case.scenario, options).expect("runs");
            let goal = goal_year(&gp).expect("goal year");
            let basis = ClimateBasis::new(model.prepared(), &case.scenario, options, &tech)
                .unwrap_or_else(|| panic!("{}: the climate basis passes its check", case.name));
            let split =
                SplitSupply::new(ds, &case.scenario, &tech, goal, framing).expect("split form");
            // One scratch for every policy, in turn: nothing of one may
            // remain in the next.
            let mut scratch = split.scratch();
            for factors in &case.factors {
                let mut scaled = case.scenario.clone();
                for (sm, f) in scaled.measures.iter_mut().zip(factors) {
                    sm.scale *= f;
                }
                let gp_scaled = model.runs(&scaled, options).expect("runs");
                let fast_climate = basis.climate(factors).expect("one factor per measure");
                for (name, items) in policies(ds) {
                    let applied = Applied { dataset: ds, items };
                    let what = format!(
                        "{} {} {name} factors {factors:?}",
                        case.name,
                        framing.code()
                    );
                    let part = split
                        .run_in(&applied, &mut scratch)
                        .expect("runs")
                        .unwrap_or_else(|| {
                            panic!("{what}: a national policy keeps the split form")
                        });
                    let full = gp_scaled.run(&applied).expect("runs");
                    let lr = combine(&part.sums, &fast_climate).expect("the parts fit");
                    for v in Variant::ALL {
                        for area in std::iter::once(None).chain((0..ds.n_regions()).map(Some)) {
                            let fast = AreaSums::of_level_region(&lr[v as usize], goal, area)
                                .expect("goal year");
                            let reference = AreaSums::of_result(&full, v, goal, &tech, area)
                                .expect("goal year");
                            assert_area(&format!("{what} {v:?} area {area:?}"), &fast, &reference);
                        }
                    }
                    let defs = &ds.supply.as_ref().expect("supply").digital_definitions;
                    assert_eq!(part.digital.len(), defs.len(), "{what}: digital verdicts");
                    for (got, def) in part.digital.iter().zip(defs) {
                        let want = full.digital_verdict(ds, def, goal).expect("verdict");
                        assert_eq!(
                            (got.met, got.certainty),
                            (want.met, want.certainty),
                            "{what}"
                        );
                        assert_close(
                            &format!("{what}: {}", want.definition),
                            &[got.count.low, got.count.central, got.count.high],
                            &[want.count.low, want.count.central, want.count.high],
                        );
                    }
                    // The policy's part without the climate, as a full run sums it.
                    let sums = PolicySums::of(&gp.run(&applied).expect("runs"), &applied, &tech)
                        .expect("sums");
                    assert_eq!(sums.years, part.sums.years, "{what}: years");
                }
            }
        }
    }
}

/// Every figure of every draw of the Monte Carlo engine (climate demand
/// from the basis, supply of the cells the figures read in one reused
/// buffer, in split form for the provinces) against the reference chain
/// run at the draw's values (`run_point`: full demand, full supply runs over
/// every province, the reference result summed); and after every draw the
/// reused buffer against inputs built afresh (the buffer-reuse rule).
#[test]
fn engine_draws_equal_the_reference_chain_and_reuse_their_buffer() {
    for case in cases() {
        let ds = &case.dataset;
        let model = Model::new(ds).expect("prepares");
        let (nd, nsc) = national_view(ds, &case.scenario);
        for framing in Framing::ALL {
            let options = options(framing);
            let gp = model.runs(&case.scenario, options).expect("runs");
            let goal = goal_year(&gp).expect("goal year");
            let everything = policies(ds).pop().expect("policies");
            let mut runs: Vec<(String, Vec<Item>, bool)> = policies(ds)
                .into_iter()
                .map(|(name, items)| (name, items, true))
                .collect();
            // The national-only engine (no provinces) too.
            runs.push((format!("{} nationally", everything.0), everything.1, false));
            for (name, items, provinces) in runs {
                let regional = provinces.then_some((ds, &case.scenario));
                let engine = Engine::new(&nd, &nsc, items.clone(), options, goal, regional)
                    .expect("the engine builds")
                    .keep_province_terms();
                // Without the terms per province the draws' gap by province
                // takes a shorter way (`Provinces::gaps`): checked too.
                let plain = Engine::new(&nd, &nsc, items.clone(), options, goal, regional)
                    .expect("the engine builds");
                let mut plain_scratch = plain.scratch();
                let what = format!("{} {} {name}", case.name, framing.code());
                assert!(engine.linear_demand(), "{what}: the demand basis is used");
                assert_eq!(engine.has_provinces(), provinces, "{what}: provinces");
                let mut scratch = engine.scratch();
                for i in 0..case.draws {
                    let values = draw_values(&engine.slots, 7, i);
                    let fast = engine.run(&mut scratch, &values).expect("the draw runs");
                    let differ = engine.reused_inputs_differ(&scratch);
                    assert!(
                        differ.is_empty(),
                        "{what} draw {i}: the reused supply inputs differ from fresh ones in {differ:?}"
                    );
                    let mut d = if provinces { ds.clone() } else { nd.clone() };
                    let sc = if provinces { &case.scenario } else { &nsc };
                    for (s, v) in engine.slots.iter().zip(&values) {
                        set(&mut d, s.at, *v);
                    }
                    let reference = run_point(&d, sc, &items, options, goal, None).expect("runs");
                    let what = format!("{what} draw {i}");
                    assert_figures(
                        &format!("{what} without"),
                        &fast.without,
                        &reference.without,
                    );
                    assert_figures(&format!("{what} with"), &fast.with, &reference.with);
                    let plain = plain
                        .run(&mut plain_scratch, &values)
                        .expect("the draw runs");
                    for (got, want, run) in [
                        (&plain.without, &reference.without, "without"),
                        (&plain.with, &reference.with, "with"),
                    ] {
                        assert_close(
                            &format!("{what} {run}: gap by province, without the terms"),
                            &got.gap_by_province,
                            &want.gap_by_province,
                        );
                    }
                }
            }
        }
    }
}

/// The plan evaluation runs with the provinces summed into one region
/// (`GapPrep::national`): the technician gap by level and the digital
/// counts equal those of the runs over every province.
#[test]
fn national_runs_equal_the_regional_runs() {
    fn level_sums(g: &GapResult, v: Variant, year: krapte_model::Year, tech: &[usize]) -> Vec<f64> {
        let cells = g.cells(v, year, Quantity::Gap).expect("year");
        g.aggregate(&cells, Some(tech), krapte_model::reference::gap::Dim::Level)
    }
    for case in cases() {
        let ds = &case.dataset;
        let model = Model::new(ds).expect("prepares");
        let tech = technicians(ds);
        for framing in Framing::ALL {
            let gp = model.runs(&case.scenario, options(framing)).expect("runs");
            let national = gp.national();
            let goal = goal_year(&gp).expect("goal year");
            for (name, items) in policies(ds) {
                let applied = Applied { dataset: ds, items };
                let (full, fast) = (
                    gp.run(&applied).expect("runs"),
                    national.run(&applied).expect("runs"),
                );
                for v in Variant::ALL {
                    let what = format!("{} {} {name} {v:?}", case.name, framing.code());
                    assert_close(
                        &format!("{what}: gap by level"),
                        &level_sums(&fast, v, goal, &tech),
                        &level_sums(&full, v, goal, &tech),
                    );
                    for def in &ds.supply.as_ref().expect("supply").digital_definitions {
                        let count =
                            |g: &GapResult| g.digital_count(ds, def, v, goal).unwrap_or(f64::NAN);
                        assert_close(
                            &format!("{what}: {}", def.label()),
                            &[count(&fast)],
                            &[count(&full)],
                        );
                    }
                }
            }
        }
    }
}
