//! The Monte Carlo tables of `gap --draws` and `plan --draws`.

use krapte_model::{Model, Scenario, Year};

use crate::table;
use crate::McArgs;
use crate::{headline, reports};

/// The central calculation's terms of the headline: without the policy,
/// and the gap with it.
pub(crate) type Central = (krapte_present::Decomposition, Option<f64>);

/// The Monte Carlo tables, when draws were asked for, and the headline
/// from the same draws.
pub(crate) fn monte_carlo_tables(
    model: &Model<'_>,
    sc: &Scenario,
    policy: Option<&krapte_model::Policy>,
    options: krapte_model::reference::gap::GapOptions,
    year: Year,
    mc: &McArgs,
    central: Option<Central>,
) -> Result<(Vec<table::Table>, Option<krapte_present::Headline>), crate::error::Error> {
    if mc.draws == 0 {
        return Ok((Vec::new(), None));
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
    // The headline: the same draws, and the climate demand drawn with the same seed.
    let headline = match (central, ds.occupation_set("technician")) {
        (Some((terms, with)), Some(set)) => {
            let demand = model
                .demand_monte_carlo(sc, &[Some(set.members.clone())], mc.draws, mc.seed)
                .map_err(|e| e.to_string())?;
            Some(headline::fill(&headline::Sources {
                dataset: ds,
                scenario: &sc.name,
                policy: policy.map(|p| p.name.as_str()),
                mc: &result,
                demand: &demand,
                central: terms,
                central_gap_with: with,
                lang: krapte_present::Lang::En,
            }))
        }
        _ => None,
    };
    Ok((tables, headline))
}
