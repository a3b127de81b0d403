//! `krapte report`: the two-yearly progress report.

use std::path::Path;

use crate::session::{
    default_monitor_dir, emit, meta_extra, model, problems, resolve_policy, scenario, Session,
};
use crate::table::{self, Meta, Report};
use crate::{model_indicator, progress, render, reports, OutputArgs};

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

/// What `krapte report` was asked for.
pub(crate) struct ReportArgs<'a> {
    pub(crate) out: &'a Path,
    pub(crate) scenario: Option<&'a str>,
    pub(crate) policy: Option<&'a str>,
    pub(crate) store: &'a Path,
    pub(crate) registry: Option<&'a Path>,
    pub(crate) lang: krapte_present::Lang,
    pub(crate) draws: usize,
    pub(crate) seed: u64,
}

/// Today (UTC) as (year, month, day).
fn today() -> (i32, u8, u8) {
    let now = model_indicator::now_utc();
    let part = |a: usize, b: usize| now.get(a..b).and_then(|x| x.parse::<u16>().ok());
    (
        i32::from(part(0, 4).unwrap_or(1970)),
        part(5, 7).and_then(|m| u8::try_from(m).ok()).unwrap_or(1),
        part(8, 10).and_then(|d| u8::try_from(d).ok()).unwrap_or(1),
    )
}

pub(crate) fn run(s: &Session, a: &ReportArgs<'_>) -> Result<(), crate::error::Error> {
    let dir = a
        .registry
        .map_or_else(default_monitor_dir, Path::to_path_buf);
    let m = reports::monitor::open(&dir, a.store)?;
    if let Some(msg) = model_indicator::not_recorded(&m)? {
        eprintln!("note: {msg}");
    }
    if let Some(msg) = model_indicator::no_official(&m)? {
        eprintln!("note: {msg}");
    }
    let format = render::format_for_path(a.out);
    let kind = progress::Kind::of(a.out);
    if kind.is_none() && format.is_none() {
        return Err(format!(
            "cannot tell the format of {} from its extension: the report is .pdf or .html, its tables .xlsx, .json or .csv",
            a.out.display()
        )
        .into());
    }
    if kind == Some(progress::Kind::Pdf) && !progress::HAS_PDF {
        return Err(progress::NO_PDF.into());
    }
    let day = today();
    let figures = progress::gather(&progress::Inputs {
        session: s,
        scenario: a.scenario,
        policy: a.policy,
        monitor: &m,
        draws: a.draws,
        seed: a.seed,
        today: day,
        lang: a.lang,
    })?;
    if let Some(kind) = kind {
        let doc = progress::document(&figures, a.lang);
        let bytes = match kind {
            progress::Kind::Html => doc.html().into_bytes(),
            progress::Kind::Pdf => progress::pdf_bytes(&doc, (day.0, day.1, day.2))?,
        };
        render::write_atomic(a.out, &bytes)
            .map_err(|e| format!("cannot write {}: {e}", a.out.display()))?;
        eprintln!("wrote {}", a.out.display());
        return Ok(());
    }
    let (mut tables, label) = doorrekening_tables(s, a.scenario, a.policy)?;
    let header = vec![
        format!("krapte {}; dataset edition {}; {label}", env!("CARGO_PKG_VERSION"), s.loaded.dataset.edition),
        format!("Monitor registry {}; store {}", dir.display(), a.store.display()),
        "Figures in fte are full-time equivalents working in the year; brackets (low–high) put every parameter at its low or high end.".into(),
    ];
    tables.push(model_indicator::table(&m)?);
    tables.push(reports::monitor::status(&m)?);
    tables.push(reports::monitor::regional(&m)?);
    tables.extend(reports::monitor::series_tables(&m)?);
    let mut meta = Meta {
        command: "report".into(),
        dataset_edition: s.loaded.dataset.edition.clone(),
        dataset_dir: s.dir.display().to_string(),
        base_year: s.loaded.dataset.base_year,
        io_year: s.loaded.dataset.io_year,
        scenario: label,
        scenario_file: String::new(),
        lines: header,
        ..Default::default()
    };
    meta_extra(s, &mut meta);
    meta.policy = figures.policy.clone().unwrap_or_default();
    meta.headline = Some(figures.headline);
    let output = OutputArgs {
        format: None,
        out: Some(a.out.to_path_buf()),
        csv: render::CsvStyle::En,
        wide: true,
        full: true,
    };
    emit(&Report::new(meta, tables), &output)
}
