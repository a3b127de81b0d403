//! `krapte plan`: do the plan's measures close the gap?

use krapte_model::reference::gap::Framing;

use crate::commands::draws::monte_carlo_tables;
use crate::reports;
use crate::session::{emit, load_policy, meta, model, scenario, Session};
use crate::table::Report;
use crate::{McArgs, OutputArgs};

pub(crate) fn run(
    s: &Session,
    policy_arg: Option<&str>,
    scenario_arg: Option<&str>,
    framing: Framing,
    regions: Option<krapte_model::RegionSetKind>,
    mc: &McArgs,
    output: &OutputArgs,
) -> Result<(), crate::error::Error> {
    use krapte_model::reference::gap::GapOptions;
    let ds = &s.loaded.dataset;
    let (sc, file) = scenario(s, scenario_arg)?;
    let (policy, policy_path) = load_policy(s, policy_arg)?;
    let model = model(s)?;
    let options = GapOptions {
        basis: krapte_model::Basis::Net,
        framing,
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
    let headline = crate::headline::headline(&model, &sc, Some(&policy), framing, mc, true)?;
    if let Some((_, run)) = &headline {
        tables.extend(monte_carlo_tables(ds, run, ev.year, mc, true));
    }
    tables.extend(crate::commands::regions::tables(
        s,
        regions,
        false,
        &sc,
        Some(&policy),
        options,
        ev.year,
        mc,
    )?);
    let mut m = meta(s, "plan", &sc, &file);
    m.lines[0] = format!(
        "krapte {} — do the measures close the gap? Policy: {} ({})",
        env!("CARGO_PKG_VERSION"),
        policy.name,
        policy_path.display()
    );
    m.lines[4] = format!(
        "Unit: fte working in the year (persons for the digital count). Gap = required (baseline{} + net climate demand{}) - available supply; a measure's contribution = the gap it closes. Framing '{}': {}; corresponds to {}.",
        if framing.shortage() { " incl. the base-year shortage" } else { "" },
        match framing.climate() {
            krapte_model::reference::gap::ClimatePart::AboveBaseYear => " above the base year's level",
            krapte_model::reference::gap::ClimatePart::All => ", all of it",
            krapte_model::reference::gap::ClimatePart::GrowthAfterFirstYear => ", its growth after the first year",
        },
        framing.code(),
        framing.label(),
        framing.study()
    );
    if headline.is_none() {
        m.lines.insert(
            0,
            "--draws 0: the central run only (every parameter at its central value) and its extreme corners; no probabilities and no headline, so no verdict.".into(),
        );
    }
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
    m.headline = headline.map(|(h, _)| h);
    m.short_tables = short.iter().map(|s| s.to_string()).collect();
    m.short_tables
        .extend(crate::commands::regions::short_ids(regions, false));
    emit(&Report::new(m, tables), output)
}
