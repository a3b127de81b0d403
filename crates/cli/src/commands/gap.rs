//! `krapte gap`: demand, supply and gap, and the 2030 goals.

use krapte_model::Year;

use crate::commands::draws::monte_carlo_tables;
use crate::session::{emit, focus_year, meta, model, scenario, Session};
use crate::table::Report;
use crate::{headline, reports};
use crate::{BasisArg, By, ClimateArg, McArgs, OutputArgs};

pub(crate) struct GapArgs<'a> {
    pub(crate) mc: &'a McArgs,
    pub(crate) scenario: Option<&'a str>,
    pub(crate) year: Option<Year>,
    pub(crate) by: &'a [By],
    pub(crate) climate: ClimateArg,
    pub(crate) basis: BasisArg,
}

pub(crate) fn run(
    s: &Session,
    args: &GapArgs<'_>,
    output: &OutputArgs,
) -> Result<(), crate::error::Error> {
    use krapte_model::reference::gap::{ClimateOnTop, GapOptions, GOAL_YEAR};
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
        climate: match args.climate {
            ClimateArg::Full => ClimateOnTop::Full,
            ClimateArg::Growth => ClimateOnTop::GrowthAfterStart,
        },
    };
    let result = model.gap(&sc, options)?;
    let view = reports::gap::GapView {
        dataset: ds,
        result: &result,
        basis: basis_label,
    };
    let mut tables = vec![
        reports::gap::verdict_table(&view),
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
    let mut headline = None;
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
        }
    }
    if let Some(goal) = result
        .years
        .iter()
        .copied()
        .filter(|t| *t <= GOAL_YEAR)
        .max()
    {
        let central = headline::central_terms(ds, &result, goal).map(|c| (c, None));
        let (mc_tables, h) =
            monte_carlo_tables(&model, &sc, None, options, goal, args.mc, central)?;
        tables.extend(mc_tables);
        headline = h;
    }
    let mut m = meta(s, "gap", &sc, &file);
    m.lines[0] = format!(
        "krapte {} — demand, supply and gap of technicians and ICT professionals",
        env!("CARGO_PKG_VERSION")
    );
    m.lines[4] = format!(
        "Unit: fte working in the year (persons for the digital count). Required = baseline (base-year employment + ROA expansion demand) + the scenario's {basis_label} climate demand; available = supply stock-flow model; gap = required - available (positive = shortage)."
    );
    // With the headline, the central verdicts (which say met or not from the
    // central calculation alone) wait for --full.
    let short: &[&str] = if headline.is_some() {
        &[
            "technician_gap_years",
            "technician_gap_level",
            "mc_summary",
            "mc_gap_years",
        ]
    } else {
        &["verdicts", "technician_gap_years", "technician_gap_level"]
    };
    m.headline = headline;
    m.short_tables = short.iter().map(|s| s.to_string()).collect();
    emit(&Report { meta: m, tables }, output)
}
