//! The Monte Carlo tables of `gap` and `plan`, from the run the headline
//! read (one engine, one set of draws).

use krapte_model::mc::FullRun;
use krapte_model::{Dataset, Year};

use crate::reports;
use crate::table;
use crate::McArgs;

/// The Monte Carlo tables of `run` (the draws, the tornado), of the gap
/// with the policy when `with_policy`, else without it.
pub(crate) fn monte_carlo_tables(
    ds: &Dataset,
    run: &FullRun,
    year: Year,
    mc: &McArgs,
    with_policy: bool,
) -> Vec<table::Table> {
    let result = &run.mc;
    let mut tables = vec![
        reports::monte_carlo::summary(ds, result, with_policy),
        reports::monte_carlo::gap_years_table(result, with_policy),
        reports::monte_carlo::gap_levels_table(result, with_policy),
    ];
    tables.extend(reports::monte_carlo::gap_provinces_table(
        ds,
        result,
        with_policy,
    ));
    tables.extend(reports::monte_carlo::gap_provinces_years_table(
        ds,
        result,
        with_policy,
    ));
    tables.push(reports::monte_carlo::sensitivity_table(
        &run.sensitivity,
        year,
        mc.top_parameters,
        with_policy,
    ));
    tables
}
