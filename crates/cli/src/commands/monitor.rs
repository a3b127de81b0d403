//! `krapte monitor ...`: the plan's monitor.

use std::path::Path;

use crate::session::{default_monitor_dir, emit, load, write_stdout};
use crate::table::{Meta, Report};
use crate::{model_indicator, reports, MonitorCommand};

pub(crate) fn run(
    data_dir: &Path,
    store: &Path,
    registry: Option<&Path>,
    command: &MonitorCommand,
) -> Result<(), crate::error::Error> {
    let dir = registry.map_or_else(default_monitor_dir, Path::to_path_buf);
    let mut m = reports::monitor::open(&dir, store)?;
    let meta = |command: &str| {
        Meta {
        command: command.into(),
        dataset_edition: "monitor".into(),
        dataset_dir: dir.display().to_string(),
        base_year: 0,
        io_year: 0,
        scenario: String::new(),
        scenario_file: String::new(),
        lines: vec![
            format!(
                "krapte {} — monitor of the Actieplan Groene en Digitale Banen",
                env!("CARGO_PKG_VERSION")
            ),
            format!("Registry: {}; store: {}", dir.display(), store.display()),
            "Values are national (NL), the latest vintage of each period; units per indicator."
                .into(),
        ],
        question: "The monitor of the Actieplan Groene en Digitale Banen: indicators, series and progress to 2030".into(),
        date: model_indicator::now_utc().chars().take(10).collect(),
        command_line: std::env::args().collect::<Vec<_>>().join(" "),
        ..Default::default()
    }
    };
    match command {
        MonitorCommand::List { output } => {
            let t = reports::monitor::list(&m)?;
            emit(&Report::new(meta("monitor list"), vec![t]), output)
        }
        MonitorCommand::Show { id, output } => {
            let t = reports::monitor::show(&m, id)?;
            emit(&Report::new(meta("monitor show"), vec![t]), output)
        }
        MonitorCommand::Status { output } => {
            let t = reports::monitor::status(&m)?;
            emit(&Report::new(meta("monitor status"), vec![t]), output)
        }
        MonitorCommand::Import {
            file,
            cbs,
            indicator,
            value_column,
            vintage,
            scale,
            accept_jumps,
            dry_run,
        } => {
            let format = if *cbs {
                krapte_monitor::ImportFormat::Cbs {
                    indicator: indicator.clone().ok_or("--cbs needs --indicator ID")?,
                    value_column: value_column.clone(),
                    vintage: vintage.clone().ok_or("--cbs needs --vintage YYYY-MM-DD")?,
                }
            } else {
                krapte_monitor::ImportFormat::Long
            };
            let parse = krapte_monitor::ParseOptions {
                scale: *scale,
                ..Default::default()
            };
            let opts = krapte_monitor::ImportOptions {
                accept_jumps: *accept_jumps,
                dry_run: *dry_run,
            };
            let summary = reports::monitor::import(&mut m, file, &format, &parse, opts)?;
            write_stdout(&summary)
        }
        MonitorCommand::Withdraw {
            indicator,
            period,
            region,
            vintage,
            note,
        } => write_stdout(&reports::monitor::withdraw(
            &mut m, indicator, region, period, vintage, note,
        )?),
        MonitorCommand::RecordModel {
            scenario,
            policy,
            framing,
        } => {
            let s = load(data_dir)?;
            let g = model_indicator::compute(
                &s,
                scenario.as_deref(),
                policy.as_deref(),
                framing.framing(),
            )?;
            write_stdout(&model_indicator::record(
                &mut m,
                &g,
                &model_indicator::now_utc(),
            )?)
        }
        MonitorCommand::SetOfficial {
            scenario,
            policy,
            dataset_edition,
            framing,
        } => {
            let s = load(data_dir)?;
            let key = model_indicator::key(
                &s,
                scenario.as_deref(),
                policy.as_deref(),
                dataset_edition.as_deref(),
                framing.framing(),
            )?;
            write_stdout(&model_indicator::set_official(
                &mut m,
                &key,
                &model_indicator::now_utc(),
            )?)
        }
    }
}
