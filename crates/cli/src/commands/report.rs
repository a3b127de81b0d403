//! `krapte report`: the two-yearly progress report.

use std::path::Path;

use crate::session::{
    default_monitor_dir, emit, model, problems, resolve_policy, scenario, Session,
};
use crate::table::{self, Meta, Report};
use crate::{html_report, model_indicator, render, reports, OutputArgs};

/// The doorrekening's headline tables for the report: the 2030 verdicts of
/// the gap, and the goals without and with the policy per measure.
pub(crate) fn doorrekening_tables(
    s: &Session,
    scenario_arg: Option<&str>,
    policy_arg: Option<&str>,
) -> Result<(Vec<table::Table>, String, Option<krapte_present::Headline>), String> {
    use krapte_model::reference::gap::GapOptions;
    let ds = &s.loaded.dataset;
    let (sc, file) = scenario(s, scenario_arg)?;
    let model = model(s)?;
    let result = model
        .gap(&sc, GapOptions::default())
        .map_err(|e| e.to_string())?;
    let view = reports::gap::GapView {
        dataset: ds,
        result: &result,
        basis: "net",
    };
    let mut tables = vec![reports::gap::verdict_table(&view)];
    let mut label = format!("scenario {} ({})", sc.name, file.display());
    let mut policy = None;
    if ds.policy.is_some() {
        let path = resolve_policy(policy_arg)?;
        let p = krapte_data::load_policy(&path, ds)
            .map_err(|e| problems(&format!("the policy {}", path.display()), &e))?
            .policy;
        policy = Some((p, path));
    }
    // The headline first: the same function, defaults (draws, seed,
    // framing) as `krapte gap`, `krapte plan`, the site and the API.
    let spec = krapte_present::HeadlineSpec::new(&sc, policy.as_ref().map(|(p, _)| p));
    let headline = krapte_present::compute(&model, &spec, &|_| {}).map_err(|e| e.to_string())?;
    if let Some((policy, path)) = &policy {
        let gp = model
            .runs(&sc, GapOptions::default())
            .map_err(|e| e.to_string())?;
        let ev = model.evaluate(&gp, policy).map_err(|e| e.to_string())?;
        tables.push(reports::plan::verdicts(ds, &ev, policy));
        tables.push(reports::plan::by_measure(ds, &ev));
        label += &format!("; policy {} ({})", policy.name, path.display());
    }
    Ok((tables, label, Some(headline)))
}

pub(crate) fn run(
    s: &Session,
    out: &Path,
    scenario_arg: Option<&str>,
    policy_arg: Option<&str>,
    store: &Path,
    registry: Option<&Path>,
) -> Result<(), String> {
    let dir = registry.map_or_else(default_monitor_dir, Path::to_path_buf);
    let m = reports::monitor::open(&dir, store)?;
    let (mut tables, label, mut headline) = doorrekening_tables(s, scenario_arg, policy_arg)?;
    // The monitor's series of the same definition beside the model's
    // projection of the 1 million (no trend across a series break).
    if let Some(h) = headline.as_mut() {
        let year = h.year;
        for d in &mut h.digital {
            d.observed = krapte_monitor::digital::observed(&m.registry, &m.store, &d.id, year);
        }
    }
    let header = vec![
        format!("krapte {}; dataset edition {}; {label}", env!("CARGO_PKG_VERSION"), s.loaded.dataset.edition),
        format!("Monitor registry {}; store {}", dir.display(), store.display()),
        "Figures in fte are full-time equivalents working in the year. The headline is the Monte Carlo's (median, 90% interval, probability); the tables under it are the central run (every parameter at its central value) with its extreme corners (every parameter at its low or high end), not a range.".into(),
    ];
    let is_html = out
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    if let Some(msg) = model_indicator::not_recorded(&m)? {
        eprintln!("note: {msg}");
    }
    tables.push(model_indicator::table(&m)?);
    if is_html {
        let html = html_report::report(&m, headline.as_ref(), &tables, &header)?;
        render::write_atomic(out, html.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
        eprintln!("wrote {}", out.display());
        return Ok(());
    }
    tables.push(reports::monitor::status(&m)?);
    tables.push(reports::monitor::regional(&m)?);
    tables.extend(reports::monitor::series_tables(&m)?);
    let meta = Meta {
        command: "report".into(),
        dataset_edition: s.loaded.dataset.edition.clone(),
        dataset_dir: s.dir.display().to_string(),
        base_year: s.loaded.dataset.base_year,
        io_year: s.loaded.dataset.io_year,
        scenario: label,
        scenario_file: String::new(),
        lines: header,
    };
    let output = OutputArgs {
        format: None,
        out: Some(out.to_path_buf()),
    };
    let mut report = Report::new(meta, tables);
    report.headline = headline;
    emit(&report, &output)
}
