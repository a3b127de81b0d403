//! `krapte gap`: demand, supply and gap, and the 2030 goals.

use krapte_model::reference::gap::Framing;
use krapte_model::Year;

use crate::commands::draws::monte_carlo_tables;
use crate::reports;
use crate::session::{emit, focus_year, load_policy, meta, model, scenario, Session};
use crate::table::Report;
use crate::{BasisArg, By, McArgs, OutputArgs};

pub(crate) struct GapArgs<'a> {
    pub(crate) mc: &'a McArgs,
    pub(crate) scenario: Option<&'a str>,
    /// The plan of the headline's "with the plan" lines (default actieplan).
    pub(crate) policy: Option<&'a str>,
    pub(crate) year: Option<Year>,
    pub(crate) by: &'a [By],
    pub(crate) framing: Framing,
    pub(crate) basis: BasisArg,
    /// `--regions`: the gap per region of a set (issue 22).
    pub(crate) regions: Option<krapte_model::RegionSetKind>,
}

pub(crate) fn run(
    s: &Session,
    args: &GapArgs<'_>,
    output: &OutputArgs,
) -> Result<(), crate::error::Error> {
    use krapte_model::reference::gap::{GapOptions, GOAL_YEAR};
    let (sc, file) = scenario(s, args.scenario)?;
    let ds = &s.loaded.dataset;
    let year = match args.year {
        Some(_) => focus_year(&sc, args.year)?,
        None if sc.years().any(|t| t == GOAL_YEAR) => GOAL_YEAR,
        None => sc.horizon,
    };
    if year < ds.base_year {
        return Err(format!(
            "--year {year} is before the dataset's base year {}",
            ds.base_year
        )
        .into());
    }
    let model = model(s)?;
    let (basis, basis_label) = match args.basis {
        BasisArg::Net => (krapte_model::Basis::Net, "net"),
        BasisArg::Gross => (krapte_model::Basis::Gross, "gross"),
    };
    let options = GapOptions {
        basis,
        framing: args.framing,
    };
    let result = model.gap(&sc, options)?;
    // The headline (with the plan, when the dataset has levers) and the
    // draws under it: one run.
    // An explicit --policy must load; the default plan is left out (with a
    // warning) when it does not fit the dataset, e.g. a copy with other levers.
    let policy = match (&ds.policy, args.policy) {
        (None, _) => None,
        (Some(_), Some(p)) => Some(load_policy(s, Some(p))?.0),
        (Some(_), None) => match load_policy(s, None) {
            Ok((p, _)) => Some(p),
            Err(e) => {
                eprintln!(
                    "warning: the headline leaves the plan out: {}",
                    e.lines().next().unwrap_or("")
                );
                None
            }
        },
    };
    let headline =
        crate::headline::headline(&model, &sc, policy.as_ref(), args.framing, args.mc, false)?;
    let view = reports::gap::GapView {
        dataset: ds,
        result: &result,
        basis: basis_label,
    };
    let mut tables = vec![
        reports::gap::verdict_table(&view),
        reports::gap::terms_table(&view, "technician"),
        reports::gap::years_table(&view, "technician"),
    ];
    tables.extend(reports::gap::education_table(
        &view,
        "technician",
        year,
        false,
    ));
    if !args.by.contains(&By::Province) {
        tables.extend(reports::gap::province_table(&view, year));
    }
    tables.push(reports::gap::years_table(&view, "ict"));
    tables.extend(reports::gap::digital_table(&view));
    tables.push(reports::gap::flows_table(&view, "technician"));
    tables.extend(reports::gap::roa_check_table(&view));
    let mut seen = Vec::new();
    for by in args.by {
        // Each breakdown once, however often it is asked for.
        if seen.contains(by) {
            continue;
        }
        seen.push(*by);
        match by {
            By::Occupation => tables.extend(reports::gap::occupation_table(&view, year)),
            By::Education => {
                tables.extend(reports::gap::education_table(
                    &view,
                    "technician",
                    year,
                    true,
                ));
                tables.extend(reports::gap::education_table(&view, "ict", year, true));
            }
            By::Province => tables.extend(reports::gap::province_table(&view, year)),
            By::Res => {}
        }
    }
    tables.extend(crate::commands::regions::tables(
        s,
        args.regions,
        args.by.contains(&By::Res),
        &sc,
        policy.as_ref(),
        options,
        year,
        args.mc,
    )?);
    if let Some((_, run)) = &headline {
        tables.extend(monte_carlo_tables(ds, run, run.mc.year, args.mc, false));
    }
    let mut m = meta(s, "gap", &sc, &file);
    m.lines[0] = format!(
        "krapte {} — demand, supply and gap of technicians and ICT professionals",
        env!("CARGO_PKG_VERSION")
    );
    m.lines[4] = format!(
        "Unit: fte working in the year (persons for the digital count). Required = base-year employment{} + ROA expansion demand + the scenario's {basis_label} climate demand {}; available = supply stock-flow model; gap = required - available (positive = shortage). {}.",
        if args.framing.shortage() { " + base-year shortage" } else { "" },
        match args.framing.climate() {
            krapte_model::reference::gap::ClimatePart::AboveBaseYear => "above the base year's level of climate work",
            krapte_model::reference::gap::ClimatePart::All => "(all of it)",
            krapte_model::reference::gap::ClimatePart::GrowthAfterFirstYear => "(its growth after the first year)",
        },
        reports::gap::framing_note(&result)
    );
    if headline.is_none() {
        m.lines.insert(
            0,
            "--draws 0: the central run only (every parameter at its central value) and its extreme corners; no probabilities and no headline, so no verdict.".into(),
        );
    }
    // With the headline, the central run's tables (no verdict on their
    // own) wait for --full.
    let short: &[&str] = if headline.is_some() {
        &[
            "technician_gap_terms",
            "technician_gap_years",
            "technician_gap_level",
            "mc_summary",
            "mc_gap_years",
        ]
    } else {
        &[
            "verdicts",
            "technician_gap_terms",
            "technician_gap_years",
            "technician_gap_level",
        ]
    };
    m.headline = headline.map(|(h, _)| h);
    m.short_tables = short.iter().map(|s| s.to_string()).collect();
    // What --regions and --by res asked for is shown without --full.
    m.short_tables.extend(crate::commands::regions::short_ids(
        args.regions,
        args.by.contains(&By::Res),
    ));
    emit(&Report::new(m, tables), output)
}
