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
) -> Result<(Vec<table::Table>, String), crate::error::Error> {
    use krapte_model::reference::gap::GapOptions;
    let ds = &s.loaded.dataset;
    let (sc, file) = scenario(s, scenario_arg)?;
    let model = model(s)?;
    let result = model.gap(&sc, GapOptions::default())?;
    let view = reports::gap::GapView {
        dataset: ds,
        result: &result,
        basis: "net",
    };
    let mut tables = vec![reports::gap::verdict_table(&view)];
    let mut label = format!("scenario {} ({})", sc.name, file.display());
    if ds.policy.is_some() {
        let path = resolve_policy(policy_arg)?;
        let policy = krapte_data::load_policy(&path, ds)
            .map_err(|e| problems(&format!("the policy {}", path.display()), &e))?
            .policy;
        let gp = model.runs(&sc, GapOptions::default())?;
        let ev = model.evaluate(&gp, &policy)?;
        tables.push(reports::plan::verdicts(ds, &ev, &policy));
        tables.push(reports::plan::by_measure(ds, &ev));
        label += &format!("; policy {} ({})", policy.name, path.display());
    }
    Ok((tables, label))
}

pub(crate) fn run(
    s: &Session,
    out: &Path,
    scenario_arg: Option<&str>,
    policy_arg: Option<&str>,
    store: &Path,
    registry: Option<&Path>,
) -> Result<(), crate::error::Error> {
    let dir = registry.map_or_else(default_monitor_dir, Path::to_path_buf);
    let m = reports::monitor::open(&dir, store)?;
    let (mut tables, label) = doorrekening_tables(s, scenario_arg, policy_arg)?;
    let header = vec![
        format!("krapte {}; dataset edition {}; {label}", env!("CARGO_PKG_VERSION"), s.loaded.dataset.edition),
        format!("Monitor registry {}; store {}", dir.display(), store.display()),
        "Figures in fte are full-time equivalents working in the year; brackets (low–high) put every parameter at its low or high end.".into(),
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
        let html = html_report::report(&m, &tables, &header)?;
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
    emit(&Report { meta, tables }, &output)
}
