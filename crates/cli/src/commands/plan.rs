//! `krapte plan`: do the plan's measures close the gap?

use crate::commands::draws::monte_carlo_tables;
use crate::session::{emit, meta, model, problems, resolve_policy, scenario, Session};
use crate::table::Report;
use crate::{headline, reports};
use crate::{ClimateArg, McArgs, OutputArgs};

pub(crate) fn run(
    s: &Session,
    policy_arg: Option<&str>,
    scenario_arg: Option<&str>,
    climate: ClimateArg,
    mc: &McArgs,
    output: &OutputArgs,
) -> Result<(), crate::error::Error> {
    use krapte_model::reference::gap::{ClimateOnTop, GapOptions};
    let ds = &s.loaded.dataset;
    let (sc, file) = scenario(s, scenario_arg)?;
    let policy_path = resolve_policy(policy_arg)?;
    let policy = match krapte_data::load_policy(&policy_path, ds) {
        Ok(p) => {
            for w in &p.warnings {
                eprintln!("warning: {w}");
            }
            p.policy
        }
        Err(errs) => {
            return Err(problems(&format!("the policy {}", policy_path.display()), &errs).into())
        }
    };
    let model = model(s)?;
    let options = GapOptions {
        basis: krapte_model::Basis::Net,
        climate: match climate {
            ClimateArg::Full => ClimateOnTop::Full,
            ClimateArg::Growth => ClimateOnTop::GrowthAfterStart,
        },
    };
    let gp = model.runs(&sc, options)?;
    let ev = model.evaluate(&gp, &policy)?;
    let mut tables = vec![
        reports::plan::verdicts(ds, &ev, &policy),
        reports::plan::by_measure(ds, &ev),
        reports::plan::contributions(ds, &ev),
        reports::plan::by_level(ds, &ev),
        reports::plan::what_it_takes(&ev),
    ];
    let start = gp.years.first().copied().unwrap_or(ev.year);
    let national = gp.national();
    tables.extend(reports::plan::campaigns(
        ds,
        &national,
        &ev.without,
        ev.year,
        start,
    )?);
    let central = model
        .gap(&sc, options)
        .ok()
        .and_then(|r| headline::central_terms(ds, &r, ev.year))
        .map(|c| (c, Some(ev.with.technician_gap[1])));
    let (mc_tables, headline) =
        monte_carlo_tables(&model, &sc, Some(&policy), options, ev.year, mc, central)?;
    tables.extend(mc_tables);
    let mut m = meta(s, "plan", &sc, &file);
    m.lines[0] = format!(
        "krapte {} — do the measures close the gap? Policy: {} ({})",
        env!("CARGO_PKG_VERSION"),
        policy.name,
        policy_path.display()
    );
    m.lines[4] = "Unit: fte working in the year (persons for the digital count). Gap = required (baseline + net climate demand) - available supply; a measure's contribution = the gap it closes.".into();
    m.lines.push(format!(
        "Policy: {} levers and {} campaigns switched on; levers not listed in the policy file are off.",
        policy.levers.len(),
        policy.campaigns.len()
    ));
    m.policy = policy.name.clone();
    let short: &[&str] = if headline.is_some() {
        &["plan_contributions", "mc_summary", "mc_gap_years"]
    } else {
        &["plan_verdicts", "plan_contributions", "plan_measures"]
    };
    m.headline = headline;
    m.short_tables = short.iter().map(|s| s.to_string()).collect();
    emit(&Report { meta: m, tables }, output)
}
