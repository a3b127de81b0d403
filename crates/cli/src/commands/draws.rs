//! The Monte Carlo tables of `gap --draws` and `plan --draws`.

use krapte_model::{Model, Scenario, Year};

use crate::reports;
use crate::table;
use crate::McArgs;

/// The Monte Carlo tables, when draws were asked for.
pub(crate) fn monte_carlo_tables(
    model: &Model<'_>,
    sc: &Scenario,
    policy: Option<&krapte_model::Policy>,
    options: krapte_model::reference::gap::GapOptions,
    year: Year,
    mc: &McArgs,
) -> Result<Vec<table::Table>, crate::error::Error> {
    if mc.draws == 0 {
        return Ok(Vec::new());
    }
    let ds = model.dataset();
    if mc.draws > 1_000_000 {
        return Err(format!("--draws {} is more than 1,000,000", mc.draws).into());
    }
    let progress = reports::monte_carlo::Progress::new(mc.draws);
    let spec = krapte_model::mc::McSpec {
        options,
        year,
        draws: mc.draws,
        seed: mc.seed,
    };
    let (result, sens) =
        model.monte_carlo_with_sensitivity(sc, policy, spec, &|n| progress.tick(n))?;
    progress.finish();
    let with_policy = policy.is_some();
    let mut tables = vec![
        reports::monte_carlo::summary(ds, &result, with_policy),
        reports::monte_carlo::gap_years_table(&result, with_policy),
        reports::monte_carlo::gap_levels_table(&result, with_policy),
    ];
    tables.extend(reports::monte_carlo::gap_provinces_table(
        ds,
        &result,
        with_policy,
    ));
    tables.extend(reports::monte_carlo::gap_provinces_years_table(
        ds,
        &result,
        with_policy,
    ));
    tables.push(reports::monte_carlo::sensitivity_table(
        &sens,
        year,
        mc.top_parameters,
        with_policy,
    ));
    Ok(tables)
}
