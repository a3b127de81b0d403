//! `krapte run`: demand per year (gross and net) and the focus year's breakdowns.

use krapte_model::{Model, Scenario, Year};

use crate::reports::{self, demand::Runs};
use crate::session::{emit, focus_year, meta, model, scenario, Session};
use crate::table::{self, Report};
use crate::{OutputArgs, RunMcArgs};

pub(crate) fn run_all<'a>(model: &Model<'a>, sc: &'a Scenario) -> Runs<'a> {
    Runs {
        dataset: model.dataset(),
        scenario: sc,
        results: model.demand(sc),
    }
}

/// Whether an assumption key (`file.csv:measure/activity`) concerns a measure.
pub(crate) fn mentions_measure(key: &str, id: &str) -> bool {
    let rest = key.split_once(':').map_or("", |(_, r)| r);
    rest == id || rest.starts_with(&format!("{id}/"))
}

/// Measures whose labour rests on at least one assumption row.
pub(crate) fn assumption_measures(s: &Session) -> Vec<String> {
    let ds = &s.loaded.dataset;
    ds.measures
        .iter()
        .filter(|m| {
            s.loaded
                .assumptions
                .iter()
                .any(|a| mentions_measure(&a.key, &m.id))
        })
        .map(|m| m.id.clone())
        .collect()
}

pub(crate) fn run(
    s: &Session,
    arg: Option<&str>,
    year: Option<Year>,
    top: usize,
    mc: &RunMcArgs,
    output: &OutputArgs,
) -> Result<(), crate::error::Error> {
    let (sc, file) = scenario(s, arg)?;
    let year = focus_year(&sc, year)?;
    let model = model(s)?;
    let runs = run_all(&model, &sc);
    let mut tables = vec![reports::demand::years_table(&runs)];
    tables.extend(demand_monte_carlo_table(&model, &sc, mc)?);
    tables.extend(reports::demand::set_education_table(
        &runs,
        "technician",
        year,
    ));
    tables.push(reports::demand::province_table(&runs, year));
    tables.push(reports::demand::occupation_table(&runs, year, top));
    tables.push(reports::demand::measure_table(
        &runs,
        year,
        &assumption_measures(s),
    ));
    tables.extend(reports::demand::set_education_table(&runs, "ict", year));
    tables.push(reports::demand::sector_table(&runs, year));
    let report = Report::new(meta(s, "run", &sc, &file), tables);
    emit(&report, output)
}

/// The Monte Carlo table of `run --draws`: national demand per year, all
/// occupations and the technician set, gross and net.
pub(crate) fn demand_monte_carlo_table(
    model: &Model<'_>,
    sc: &Scenario,
    mc: &RunMcArgs,
) -> Result<Option<table::Table>, crate::error::Error> {
    let ds = model.dataset();
    if mc.draws == 0 {
        return Ok(None);
    }
    if mc.draws > 1_000_000 {
        return Err(format!("--draws {} is more than 1,000,000", mc.draws).into());
    }
    let mut figures = vec![("all occupations".to_string(), None)];
    if let Some(set) = ds.occupation_set("technician") {
        figures.push((
            format!("technicians ({} {})", set.id, set.version),
            Some(set.members.clone()),
        ));
    }
    let sets: Vec<Option<Vec<usize>>> = figures.iter().map(|(_, m)| m.clone()).collect();
    let result = model.demand_monte_carlo(sc, &sets, mc.draws, mc.seed)?;
    let labels: Vec<String> = figures.into_iter().map(|(l, _)| l).collect();
    Ok(Some(reports::monte_carlo::demand_table(&result, &labels)))
}
