//! What every command shares: where the data and presets are, loading a
//! dataset, scenario and policy with their problems listed, the model, the
//! header of a report and writing it.

use std::path::{Path, PathBuf};

use krapte_data::{load_dataset, load_scenario, Loaded};
use krapte_model::{Model, Scenario, Year};

use crate::render::{self, Format_};
use crate::table::{Meta, Report};
use crate::OutputArgs;

pub(crate) fn project_dir() -> PathBuf {
    // The binary is built from the repository; its data and presets live there.
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub(crate) fn default_data_dir() -> PathBuf {
    let local = PathBuf::from("data/default");
    if local.join("manifest.toml").is_file() {
        local
    } else {
        project_dir().join("data/default")
    }
}

pub(crate) fn policies_dir() -> PathBuf {
    let local = PathBuf::from("policies");
    if local.is_dir() {
        local
    } else {
        project_dir().join("policies")
    }
}

/// A policy argument is a file path, or the name of a preset in policies/.
pub(crate) fn resolve_policy(arg: Option<&str>) -> Result<PathBuf, String> {
    let arg = arg.unwrap_or("actieplan");
    let p = PathBuf::from(arg);
    if p.is_file() {
        return Ok(p);
    }
    let preset = policies_dir().join(format!("{}.toml", arg.trim_end_matches(".toml")));
    if preset.is_file() {
        return Ok(preset);
    }
    let names = names_in(&policies_dir());
    let hint = krapte_data::closest(arg, names.iter().map(String::as_str))
        .map(|c| format!(" (did you mean '{c}'?)"))
        .unwrap_or_default();
    Err(format!(
        "policy '{arg}' is neither a file nor a preset in {}{hint}\n  presets: {}",
        policies_dir().display(),
        names.join(", ")
    ))
}

pub(crate) fn scenarios_dir() -> PathBuf {
    let local = PathBuf::from("scenarios");
    if local.is_dir() {
        local
    } else {
        project_dir().join("scenarios")
    }
}

/// A scenario argument is a file path, or the name of a preset in scenarios/.
pub(crate) fn resolve_scenario(arg: Option<&str>) -> Result<PathBuf, String> {
    let arg = arg.unwrap_or("referentie-55");
    let p = PathBuf::from(arg);
    if p.is_file() {
        return Ok(p);
    }
    let preset = scenarios_dir().join(format!("{}.toml", arg.trim_end_matches(".toml")));
    if preset.is_file() {
        return Ok(preset);
    }
    let names = preset_names();
    let hint = krapte_data::closest(arg, names.iter().map(String::as_str))
        .map(|c| format!(" (did you mean '{c}'?)"))
        .unwrap_or_default();
    Err(format!(
        "scenario '{arg}' is neither a file nor a preset in {}{hint}\n  presets: {}",
        scenarios_dir().display(),
        names.join(", ")
    ))
}

pub(crate) fn preset_names() -> Vec<String> {
    names_in(&scenarios_dir())
}

/// Stems of the .toml files in `dir`, sorted.
pub(crate) fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter_map(|e| {
                    let p = e.path();
                    if p.extension()? != "toml" {
                        return None;
                    }
                    Some(p.file_stem()?.to_string_lossy().to_string())
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

pub(crate) struct Session {
    pub(crate) dir: PathBuf,
    pub(crate) loaded: Loaded,
}

pub(crate) fn load(dir: &Path) -> Result<Session, crate::error::Error> {
    match load_dataset(dir) {
        Ok(loaded) => {
            for w in &loaded.warnings {
                eprintln!("warning: {w}");
            }
            Ok(Session {
                dir: dir.to_path_buf(),
                loaded,
            })
        }
        Err(errs) => Err(problems(&format!("the dataset in {}", dir.display()), &errs).into()),
    }
}

/// "the X has N problem(s):" and one indented line per problem.
pub(crate) fn problems(what: &str, errs: &krapte_data::LoadErrors) -> String {
    let lines: Vec<String> = errs.0.lines().iter().map(|l| format!("  {l}")).collect();
    format!(
        "{what} has {} problem(s):\n{}",
        errs.total(),
        lines.join("\n")
    )
}

pub(crate) fn scenario(s: &Session, arg: Option<&str>) -> Result<(Scenario, PathBuf), String> {
    let path = resolve_scenario(arg)?;
    match load_scenario(&path, &s.loaded.dataset) {
        Ok(sl) => {
            for w in &sl.warnings {
                eprintln!("warning: {w}");
            }
            Ok((sl.scenario, path))
        }
        Err(errs) => Err(problems(&format!("the scenario {}", path.display()), &errs)),
    }
}

/// The model of the session's dataset.
/// Loads a policy file or preset (default: actieplan), warnings to
/// standard error.
pub(crate) fn load_policy(
    s: &Session,
    arg: Option<&str>,
) -> Result<(krapte_model::Policy, PathBuf), String> {
    let path = resolve_policy(arg)?;
    match krapte_data::load_policy(&path, &s.loaded.dataset) {
        Ok(p) => {
            for w in &p.warnings {
                eprintln!("warning: {w}");
            }
            Ok((p.policy, path))
        }
        Err(errs) => Err(problems(&format!("the policy {}", path.display()), &errs)),
    }
}

pub(crate) fn model(s: &Session) -> Result<Model<'_>, crate::error::Error> {
    Ok(Model::new(&s.loaded.dataset)?)
}

pub(crate) fn meta(s: &Session, command: &str, scenario: &Scenario, file: &Path) -> Meta {
    let ds = &s.loaded.dataset;
    let o = &scenario.options;
    let lines = vec![
        format!("krapte {} — labour demand of the climate transition", env!("CARGO_PKG_VERSION")),
        format!("Scenario: {} ({})", scenario.name, file.display()),
        format!(
            "Dataset: edition {} ({}; base year {}, input-output table {})",
            ds.edition,
            s.dir.display(),
            ds.base_year,
            ds.io_year
        ),
        format!(
            "Options: supply-chain jobs for bottom-up measures {} (spending measures always include them), extra productivity growth {:.1}%/yr, crowding-out {:.0}%, fossil losses x{}, import shares x{}",
            if o.include_indirect { "on" } else { "off" },
            o.productivity_extra * 100.0,
            o.crowding_out * 100.0,
            o.fossil_loss_scale,
            o.import_share_scale
        ),
        "Unit: fte (full-time equivalents) working in the year. Gross = labour the measures need; net = gross - fossil job losses - crowding-out.".into(),
        "Brackets (low–high): every parameter at its low or high end; not a probability interval. Figures rest on sourced data and labelled assumptions: `krapte data check` lists them.".into(),
    ];
    let mut m = Meta {
        command: command.into(),
        dataset_edition: ds.edition.clone(),
        dataset_dir: s.dir.display().to_string(),
        base_year: ds.base_year,
        io_year: ds.io_year,
        scenario: scenario.name.clone(),
        scenario_file: file.display().to_string(),
        lines,
        ..Default::default()
    };
    meta_extra(s, &mut m);
    m
}

/// What every file output also says: the question, the date, the command
/// line, the dataset's assumptions and sources.
pub(crate) fn meta_extra(s: &Session, m: &mut Meta) {
    m.question = match m.command.as_str() {
        "gap" => "How many technicians and ICT professionals are short, and are the 2030 goals reached?",
        "plan" => "Do the plan's measures close the technician gap in 2030, and what does each contribute?",
        "compare" => "How do two scenarios differ in labour demand and in the 2030 technician gap?",
        "report" => "Progress of the Actieplan Groene en Digitale Banen: the doorrekening and the monitor",
        _ => "How much labour does the climate transition need, by occupation, education and province?",
    }
    .into();
    m.date = crate::model_indicator::now_utc().chars().take(10).collect();
    m.command_line = std::env::args().collect::<Vec<_>>().join(" ");
    m.assumptions = s
        .loaded
        .assumptions
        .iter()
        .map(|a| crate::table::AssumptionRef {
            file: crate::commands::data::krapte_data_file_name(&a.file),
            item: a
                .key
                .split_once(':')
                .map_or("(rows)", |(_, i)| i)
                .to_string(),
            value: a.value.to_string(),
            reason: a.reason.clone(),
        })
        .collect();
    m.sources = render::read_sources(&s.dir.join("sources.csv"));
}

pub(crate) fn focus_year(sc: &Scenario, year: Option<Year>) -> Result<Year, String> {
    match year {
        None => Ok(sc.horizon),
        Some(y) if sc.years().any(|t| t == y) => Ok(y),
        Some(y) => Err(format!(
            "--year {y} is outside the scenario's years {}..{}",
            sc.start_year, sc.horizon
        )),
    }
}

pub(crate) fn emit(report: &Report, output: &OutputArgs) -> Result<(), crate::error::Error> {
    let out = output
        .out
        .as_deref()
        .map(|p| render::out_path(p, report, output.format));
    if let (Some(p), None) = (&out, output.format) {
        if render::format_for_path(p).is_none() {
            return Err(crate::error::Error::Input(format!(
                "cannot tell the format of {} from its extension: use .json, .csv, .xlsx or .txt (or --format){}",
                p.display(),
                if report.meta.command == "report" { "; the report itself is .pdf or .html" } else { "" }
            )));
        }
    }
    let format = output
        .format
        .or_else(|| out.as_deref().and_then(render::format_for_path))
        .unwrap_or(Format_::Table);
    crate::finite::check(report)?;
    let text = render::TextOptions {
        width: if output.wide || out.is_some() {
            None
        } else {
            render::terminal_width()
        },
        full: output.full || out.is_some(),
    };
    let bytes = match format {
        Format_::Table => render::text_report_with(report, text).into_bytes(),
        Format_::Csv => render::csv_report_styled(report, output.csv)?,
        f => render::render(report, f)?,
    };
    match &out {
        Some(path) => {
            render::write_atomic(path, &bytes)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            eprintln!("wrote {}", path.display());
            Ok(())
        }
        None if format == Format_::Xlsx => Err("xlsx output needs --out FILE.xlsx".into()),
        None => std::io::Write::write_all(&mut std::io::stdout(), &bytes)
            .map_err(|e| format!("cannot write to standard output: {e}").into()),
    }
}

/// Writes to standard output; a closed pipe is an error, not a panic.
pub(crate) fn write_stdout(text: &str) -> Result<(), crate::error::Error> {
    use std::io::Write;
    std::io::stdout()
        .write_all(text.as_bytes())
        .map_err(|e| format!("cannot write to standard output: {e}").into())
}

pub(crate) fn default_monitor_dir() -> PathBuf {
    let local = PathBuf::from("data/monitor");
    if local.join("indicators.csv").is_file() {
        local
    } else {
        project_dir().join("data/monitor")
    }
}
