//! `krapte`: how many technicians, with which education, does the Netherlands
//! need for its 2030 climate targets?
//!
//! This binary is the outer shell: it parses arguments, loads a dataset and a
//! scenario through `krapte-data`, runs the pure model of `krapte-model` and
//! renders labelled tables. See ARCHITECTURE.md for the layout.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use krapte_data::{load_dataset, load_scenario, Loaded};
use krapte_model::{Prepared, Scenario, Variant, Year};

mod compare_gap;
mod gap_report;
mod headline;
mod listing;
mod mc_report;
mod model_indicator;
mod monitor_cmd;
mod plan_report;
mod progress;
mod render;
mod report;
mod table;

use render::Format_;
use report::Runs;
use table::{Meta, Report};

const LONG_ABOUT: &str = "\
krapte computes the labour the Dutch climate transition needs, in fte per year, \
by occupation (BRC 2014), education (level x direction), province and year.

The demand chain: climate measures in a scenario (heat pumps, MW of wind and \
solar, homes insulated, grid euros, ...) become work through labour \
intensities (bottom-up) or through the 2014 input-output table (spending, with \
direct and indirect jobs and import leakage); a productivity trend lowers \
labour per unit; fossil job losses and optional crowding-out turn gross into \
net; sector shares give occupations, occupation shares give education, \
regional shares give provinces.

`krapte gap` sets this against labour supply: a stock-flow model per \
occupation, education and province (retirement and leavers from ROA's \
replacement demand, switching out of technical work by sex, school-leavers \
from an education pipeline, side-entrants, migration) and reports the gap = \
required (base-year employment + ROA expansion + climate demand) - available, \
a shortage indicator, and the 2030 verdicts: is the technician gap closed, \
and are there 1 million digitally skilled people under each named definition.

Every figure is in fte, states its year and whether it is gross or net, and \
carries a low–high bracket (all parameters at their low or high end). Inputs \
are plain text: a dataset folder (CSV, see docs/DATA.md) and scenario files \
(TOML, see docs/SCENARIOS.md). The model is described in docs/MODEL.md.";

#[derive(Parser)]
#[command(name = "krapte", version, about = "Technicians needed for the Dutch 2030 climate targets", long_about = LONG_ABOUT)]
struct Cli {
    /// Dataset folder (default: the built-in dataset, data/default).
    #[arg(long, global = true, value_name = "DIR")]
    data: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct McArgs {
    /// Monte Carlo draws over every range of the dataset (0 = none): adds
    /// P5/P50/P95, the probability of meeting each goal and the parameters
    /// that matter most.
    #[arg(long, default_value_t = 0)]
    draws: usize,
    /// Seed of the draws; the same seed gives the same numbers.
    #[arg(long, default_value_t = 2030)]
    seed: u64,
    /// Number of parameters listed in the sensitivity table.
    #[arg(long, default_value_t = 10)]
    top_parameters: usize,
}

#[derive(clap::Args, Clone)]
struct RunMcArgs {
    /// Monte Carlo draws over every range of the dataset (0 = none): adds
    /// mean, P5, P50 and P95 of the national demand per year, gross and net.
    #[arg(long, default_value_t = 0)]
    draws: usize,
    /// Seed of the draws; the same seed gives the same numbers.
    #[arg(long, default_value_t = 2030)]
    seed: u64,
}

#[derive(clap::Args, Clone)]
struct OutputArgs {
    /// Output format (default: table, or what the --out extension says).
    #[arg(long, value_enum)]
    format: Option<Format_>,
    /// Write to this file (.json, .csv, .xlsx or .txt) instead of the
    /// terminal; a folder gets a file named after the command, scenario
    /// and policy (xlsx unless --format says otherwise).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// CSV dialect: `en` (comma, decimal point) or `nl` (semicolon,
    /// decimal comma, UTF-8 byte-order mark, for Dutch Excel).
    #[arg(long, value_enum, default_value_t = render::CsvStyle::En, value_name = "STYLE")]
    csv: render::CsvStyle,
    /// Every column, however wide (default: tables fit the terminal).
    #[arg(long)]
    wide: bool,
    /// Every table (default for gap and plan: the headline and the main tables).
    #[arg(long)]
    full: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario: demand per year (gross and net) and, for the focus year,
    /// technicians by education and province, top occupations and measures.
    Run {
        /// Scenario file or preset name from scenarios/ (default: referentie-55).
        scenario: Option<String>,
        /// Year for the detailed breakdowns (default: the scenario horizon).
        #[arg(long)]
        year: Option<Year>,
        /// Number of occupations listed.
        #[arg(long, default_value_t = 15)]
        top: usize,
        #[command(flatten)]
        mc: RunMcArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Compare two scenarios: B minus A per year, per measure and by education.
    Compare {
        a: String,
        b: String,
        #[arg(long)]
        year: Option<Year>,
        /// Monte Carlo draws per scenario for the 2030 gap's probability (0 = none).
        #[arg(long, default_value_t = 1000)]
        draws: usize,
        /// Seed of the draws (the same for both scenarios).
        #[arg(long, default_value_t = 2030)]
        seed: u64,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Demand, supply and gap per year for technicians and ICT professionals,
    /// and the two goals for 2030: is the technician gap closed, and are there
    /// 1 million digitally skilled people (under each named definition)?
    Gap {
        /// Scenario file or preset name from scenarios/ (default: referentie-55).
        scenario: Option<String>,
        /// Year of the breakdowns (default: 2030 if the scenario reaches it, else its horizon).
        #[arg(long)]
        year: Option<Year>,
        /// Extra breakdowns of the gap (repeatable).
        #[arg(long, value_enum)]
        by: Vec<By>,
        /// How the climate demand adds to the baseline: all of it (as PBL-ROA),
        /// or only its growth after the scenario's first year.
        #[arg(long, value_enum, default_value_t = ClimateArg::Full)]
        climate: ClimateArg,
        /// Climate demand gross, or net of fossil losses and crowding-out.
        #[arg(long, value_enum, default_value_t = BasisArg::Net)]
        basis: BasisArg,
        #[command(flatten)]
        mc: McArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Do the plan's measures close the gap? The 2030 goals without and with a
    /// policy, each measure's contribution (alone, together, interaction) and
    /// cost per fte, what more would close the technician gap, and the
    /// recruitment-campaign options.
    Plan {
        /// Policy file or preset name from policies/ (default: actieplan).
        policy: Option<String>,
        /// Scenario file or preset name from scenarios/ (default: referentie-55).
        #[arg(long)]
        scenario: Option<String>,
        /// How the climate demand adds to the baseline (as for `gap`).
        #[arg(long, value_enum, default_value_t = ClimateArg::Full)]
        climate: ClimateArg,
        #[command(flatten)]
        mc: McArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// List the policy presets shipped in policies/.
    Policies,
    /// The two-yearly progress report (voortgangsrapportage), in Dutch by
    /// default: the headline and a one-page summary, the doorrekening, the
    /// three pillars with a chart per indicator, a regional map and an
    /// annex. `--out rapport.pdf` writes an A4 PDF, `.html` one
    /// self-contained HTML file; .xlsx/.json/.csv give the tables.
    Report {
        /// Output file (.pdf, .html, .xlsx, .json or .csv).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Language of the PDF and HTML report: nl (default) or en.
        #[arg(long, default_value = "nl", value_parser = ["nl", "en"])]
        lang: String,
        /// Monte Carlo draws behind the headline and the bands.
        #[arg(long, default_value_t = 4000)]
        draws: usize,
        /// Seed of the draws.
        #[arg(long, default_value_t = 2030)]
        seed: u64,
        /// Scenario of the doorrekening (default: referentie-55).
        #[arg(long)]
        scenario: Option<String>,
        /// Policy of the doorrekening (default: actieplan).
        #[arg(long)]
        policy: Option<String>,
        /// The monitor's SQLite store.
        #[arg(long, value_name = "FILE", default_value = "krapte-monitor.sqlite")]
        store: PathBuf,
        /// The monitor's registry folder (default: data/monitor).
        #[arg(long, value_name = "DIR")]
        registry: Option<PathBuf>,
    },
    /// The plan's monitor: indicators in three pillars, their series with
    /// vintages, imports, and progress to the 2030 targets.
    Monitor {
        /// The SQLite store (created with the built-in series on first use).
        #[arg(
            long,
            global = true,
            value_name = "FILE",
            default_value = "krapte-monitor.sqlite"
        )]
        store: PathBuf,
        /// The monitor's registry folder (default: the built-in data/monitor).
        #[arg(long, global = true, value_name = "DIR")]
        registry: Option<PathBuf>,
        #[command(subcommand)]
        command: MonitorCommand,
    },
    /// Dataset commands.
    Data {
        #[command(subcommand)]
        command: DataCommand,
    },
    /// List the scenario presets shipped in scenarios/.
    Scenarios,
    /// The website and live scenario explorer (JSON API at /api, see
    /// docs/WEB.md). Writes (monitor imports) need a token: --token-file
    /// or the environment variable KRAPTE_WRITE_TOKEN.
    Serve {
        /// Address to listen on (port 0 picks a free port).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// The monitor's SQLite store.
        #[arg(long, value_name = "FILE", default_value = "krapte-monitor.sqlite")]
        store: PathBuf,
        /// The monitor's registry folder (default: data/monitor).
        #[arg(long, value_name = "DIR")]
        registry: Option<PathBuf>,
        /// File holding the write token (first line).
        #[arg(long, value_name = "FILE")]
        token_file: Option<PathBuf>,
    },
    /// Time loading and running (median of repeated runs).
    Bench {
        scenario: Option<String>,
        #[arg(long, default_value_t = 200)]
        iterations: usize,
    },
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
enum By {
    /// Every occupation group with its shortage indicator and ROA's ITKB.
    Occupation,
    /// All 18 education cells (level x direction) of technicians and ICT professionals.
    Education,
    /// Provinces.
    Province,
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
enum ClimateArg {
    Full,
    Growth,
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
enum BasisArg {
    Net,
    Gross,
}

#[derive(Subcommand)]
enum MonitorCommand {
    /// Every indicator with its latest value.
    List {
        #[command(flatten)]
        output: OutputArgs,
    },
    /// One indicator: definition, source and its series with every vintage.
    Show {
        id: String,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Latest value, trend, target and whether each indicator is on track.
    Status {
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Import observations (all or nothing). Our CSV format by default; a CBS
    /// StatLine export with --cbs --indicator ID --vintage YYYY-MM-DD.
    Import {
        file: PathBuf,
        /// The file is a CBS StatLine CSV export of one indicator.
        #[arg(long)]
        cbs: bool,
        /// Indicator of a CBS export.
        #[arg(long)]
        indicator: Option<String>,
        /// Value column of a CBS export (when it has several).
        #[arg(long)]
        value_column: Option<String>,
        /// Publication date of a CBS export.
        #[arg(long)]
        vintage: Option<String>,
    },
    /// Run the gap model (with --policy: the plan) and store its 2030
    /// technician gap (central, low, high) as a new vintage of
    /// model_technician_gap_2030; the same inputs and result again store nothing.
    RecordModel {
        /// Scenario file or preset name (default: referentie-55).
        #[arg(long)]
        scenario: Option<String>,
        /// Policy file or preset name; without it the gap without a policy.
        #[arg(long)]
        policy: Option<String>,
    },
}

#[derive(Subcommand)]
enum DataCommand {
    /// Validate a dataset folder and list every parameter that is an assumption.
    Check {
        /// Dataset folder (default: --data or the built-in dataset).
        dir: Option<PathBuf>,
    },
}

fn project_dir() -> PathBuf {
    // The binary is built from the repository; its data and presets live there.
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn default_data_dir() -> PathBuf {
    let local = PathBuf::from("data/default");
    if local.join("manifest.toml").is_file() {
        local
    } else {
        project_dir().join("data/default")
    }
}

fn policies_dir() -> PathBuf {
    let local = PathBuf::from("policies");
    if local.is_dir() {
        local
    } else {
        project_dir().join("policies")
    }
}

/// A policy argument is a file path, or the name of a preset in policies/.
fn resolve_policy(arg: Option<&str>) -> Result<PathBuf, String> {
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

fn scenarios_dir() -> PathBuf {
    let local = PathBuf::from("scenarios");
    if local.is_dir() {
        local
    } else {
        project_dir().join("scenarios")
    }
}

/// A scenario argument is a file path, or the name of a preset in scenarios/.
fn resolve_scenario(arg: Option<&str>) -> Result<PathBuf, String> {
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

fn preset_names() -> Vec<String> {
    names_in(&scenarios_dir())
}

/// Stems of the .toml files in `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
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

struct Session {
    dir: PathBuf,
    loaded: Loaded,
}

fn load(dir: &Path) -> Result<Session, String> {
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
        Err(errs) => Err(problems(
            &format!("the dataset in {}", dir.display()),
            &errs,
        )),
    }
}

/// "the X has N problem(s):" and one indented line per problem.
fn problems(what: &str, errs: &krapte_data::LoadErrors) -> String {
    let lines: Vec<String> = errs.0.iter().map(|p| format!("  {p}")).collect();
    format!(
        "{what} has {} problem(s):\n{}",
        errs.0.len(),
        lines.join("\n")
    )
}

fn scenario(s: &Session, arg: Option<&str>) -> Result<(Scenario, PathBuf), String> {
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

fn run_all<'a>(prep: &Prepared<'a>, sc: &'a Scenario) -> Runs<'a> {
    Runs {
        dataset: prep.dataset,
        scenario: sc,
        results: Variant::ALL.map(|v| krapte_model::run(prep, sc, v)),
    }
}

/// Whether an assumption key (`file.csv:measure/activity`) concerns a measure.
fn mentions_measure(key: &str, id: &str) -> bool {
    let rest = key.split_once(':').map_or("", |(_, r)| r);
    rest == id || rest.starts_with(&format!("{id}/"))
}

/// Measures whose labour rests on at least one assumption row.
fn assumption_measures(s: &Session) -> Vec<String> {
    let ds = &s.loaded.dataset;
    ds.measures
        .iter()
        .filter(|m| {
            s.loaded
                .assumptions
                .iter()
                .any(|a| mentions_measure(&a.key, &m.id))
        })
        .map(|m| m.id.clone())
        .collect()
}

fn meta(s: &Session, command: &str, scenario: &Scenario, file: &Path) -> Meta {
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
fn meta_extra(s: &Session, m: &mut Meta) {
    m.question = match m.command.as_str() {
        "gap" => "How many technicians and ICT professionals are short, and are the 2030 goals reached?",
        "plan" => "Do the plan's measures close the technician gap in 2030, and what does each contribute?",
        "compare" => "How do two scenarios differ in labour demand and in the 2030 technician gap?",
        "report" => "Progress of the Actieplan Groene en Digitale Banen: the doorrekening and the monitor",
        _ => "How much labour does the climate transition need, by occupation, education and province?",
    }
    .into();
    m.date = model_indicator::now_utc().chars().take(10).collect();
    m.command_line = std::env::args().collect::<Vec<_>>().join(" ");
    m.assumptions = s
        .loaded
        .assumptions
        .iter()
        .map(|a| table::AssumptionRef {
            file: krapte_data_file_name(&a.file),
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

fn focus_year(sc: &Scenario, year: Option<Year>) -> Result<Year, String> {
    match year {
        None => Ok(sc.horizon),
        Some(y) if sc.years().any(|t| t == y) => Ok(y),
        Some(y) => Err(format!(
            "--year {y} is outside the scenario's years {}..{}",
            sc.start_year, sc.horizon
        )),
    }
}

fn emit(report: &Report, output: &OutputArgs) -> Result<(), String> {
    let out = output
        .out
        .as_deref()
        .map(|p| render::out_path(p, report, output.format));
    if let (Some(p), None) = (&out, output.format) {
        if render::format_for_path(p).is_none() {
            return Err(format!(
                "cannot tell the format of {} from its extension: use .json, .csv, .xlsx or .txt (or --format){}",
                p.display(),
                if report.meta.command == "report" { "; the report itself is .pdf or .html" } else { "" }
            ));
        }
    }
    let format = output
        .format
        .or_else(|| out.as_deref().and_then(render::format_for_path))
        .unwrap_or(Format_::Table);
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
            .map_err(|e| format!("cannot write to standard output: {e}")),
    }
}

fn cmd_run(
    s: &Session,
    arg: Option<&str>,
    year: Option<Year>,
    top: usize,
    mc: &RunMcArgs,
    output: &OutputArgs,
) -> Result<(), String> {
    let (sc, file) = scenario(s, arg)?;
    let year = focus_year(&sc, year)?;
    let prep = Prepared::new(&s.loaded.dataset).map_err(|e| e.to_string())?;
    let runs = run_all(&prep, &sc);
    let mut tables = vec![report::years_table(&runs)];
    tables.extend(demand_monte_carlo_table(&s.loaded.dataset, &sc, mc)?);
    tables.extend(report::set_education_table(&runs, "technician", year));
    tables.push(report::province_table(&runs, year));
    tables.push(report::occupation_table(&runs, year, top));
    tables.push(report::measure_table(&runs, year, &assumption_measures(s)));
    tables.extend(report::set_education_table(&runs, "ict", year));
    tables.push(report::sector_table(&runs, year));
    let report = Report {
        meta: meta(s, "run", &sc, &file),
        tables,
    };
    emit(&report, output)
}

struct GapArgs<'a> {
    mc: &'a McArgs,
    scenario: Option<&'a str>,
    year: Option<Year>,
    by: &'a [By],
    climate: ClimateArg,
    basis: BasisArg,
}

fn cmd_gap(s: &Session, args: &GapArgs<'_>, output: &OutputArgs) -> Result<(), String> {
    use krapte_model::gap::{self, ClimateOnTop, GapOptions, GOAL_YEAR};
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
        ));
    }
    let prep = Prepared::new(ds).map_err(|e| e.to_string())?;
    let demand = Variant::ALL.map(|v| krapte_model::run(&prep, &sc, v));
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
    let result = gap::run(ds, &sc, &demand, options).map_err(|e| e.to_string())?;
    let view = gap_report::GapView {
        dataset: ds,
        result: &result,
        basis: basis_label,
    };
    let mut tables = vec![
        gap_report::verdict_table(&view),
        gap_report::years_table(&view, "technician"),
    ];
    tables.extend(gap_report::education_table(
        &view,
        "technician",
        year,
        false,
    ));
    if !args.by.contains(&By::Province) {
        tables.extend(gap_report::province_table(&view, year));
    }
    tables.push(gap_report::years_table(&view, "ict"));
    tables.extend(gap_report::digital_table(&view));
    tables.push(gap_report::flows_table(&view, "technician"));
    tables.extend(gap_report::roa_check_table(&view));
    let mut headline = None;
    let mut seen = Vec::new();
    for by in args.by {
        // Each breakdown once, however often it is asked for.
        if seen.contains(by) {
            continue;
        }
        seen.push(*by);
        match by {
            By::Occupation => tables.extend(gap_report::occupation_table(&view, year)),
            By::Education => {
                tables.extend(gap_report::education_table(&view, "technician", year, true));
                tables.extend(gap_report::education_table(&view, "ict", year, true));
            }
            By::Province => tables.extend(gap_report::province_table(&view, year)),
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
        let (mc_tables, h) = monte_carlo_tables(ds, &sc, None, options, goal, args.mc, central)?;
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

fn cmd_plan(
    s: &Session,
    policy_arg: Option<&str>,
    scenario_arg: Option<&str>,
    climate: ClimateArg,
    mc: &McArgs,
    output: &OutputArgs,
) -> Result<(), String> {
    use krapte_model::gap::{ClimateOnTop, GapOptions, GapPrep};
    use krapte_model::plan;
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
            return Err(problems(
                &format!("the policy {}", policy_path.display()),
                &errs,
            ))
        }
    };
    let prep = Prepared::new(ds).map_err(|e| e.to_string())?;
    let demand = Variant::ALL.map(|v| krapte_model::run(&prep, &sc, v));
    let options = GapOptions {
        basis: krapte_model::Basis::Net,
        climate: match climate {
            ClimateArg::Full => ClimateOnTop::Full,
            ClimateArg::Growth => ClimateOnTop::GrowthAfterStart,
        },
    };
    let gp = GapPrep::new(ds, &sc, &demand, options).map_err(|e| e.to_string())?;
    let ev = plan::evaluate(&gp, &policy).map_err(|e| e.to_string())?;
    // Lever ids whose effect is a labelled assumption.
    let assumed: Vec<String> = s
        .loaded
        .assumptions
        .iter()
        .filter_map(|a| a.key.strip_prefix("levers.csv:").map(str::to_string))
        .collect();
    let mut tables = vec![
        plan_report::verdicts(ds, &ev, &policy),
        plan_report::by_measure(ds, &ev),
        plan_report::contributions(ds, &ev, &assumed),
        plan_report::by_level(ds, &ev),
        plan_report::what_it_takes(&ev),
    ];
    let start = gp.years.first().copied().unwrap_or(ev.year);
    let national = gp.national();
    tables.extend(plan_report::campaigns(
        ds,
        &national,
        &ev.without,
        ev.year,
        start,
    )?);
    let central = krapte_model::gap::run(ds, &sc, &demand, options)
        .ok()
        .and_then(|r| headline::central_terms(ds, &r, ev.year))
        .map(|c| (c, Some(ev.with.technician_gap[1])));
    let (mc_tables, headline) =
        monte_carlo_tables(ds, &sc, Some(&policy), options, ev.year, mc, central)?;
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

/// The Monte Carlo table of `run --draws`: national demand per year, all
/// occupations and the technician set, gross and net.
fn demand_monte_carlo_table(
    ds: &krapte_model::Dataset,
    sc: &Scenario,
    mc: &RunMcArgs,
) -> Result<Option<table::Table>, String> {
    if mc.draws == 0 {
        return Ok(None);
    }
    if mc.draws > 1_000_000 {
        return Err(format!("--draws {} is more than 1,000,000", mc.draws));
    }
    let mut figures = vec![("all occupations".to_string(), None)];
    if let Some(set) = ds.occupation_set("technician") {
        figures.push((
            format!("technicians ({} {})", set.id, set.version),
            Some(set.members.clone()),
        ));
    }
    let sets: Vec<Option<Vec<usize>>> = figures.iter().map(|(_, m)| m.clone()).collect();
    let result = krapte_model::demand_mc::demand_monte_carlo(ds, sc, &sets, mc.draws, mc.seed)
        .map_err(|e| e.to_string())?;
    let labels: Vec<String> = figures.into_iter().map(|(l, _)| l).collect();
    Ok(Some(mc_report::demand_table(&result, &labels)))
}

/// The Monte Carlo tables, when draws were asked for.
/// The central calculation's terms of the headline: without the policy,
/// and the gap with it.
type Central = (krapte_present::Decomposition, Option<f64>);

fn monte_carlo_tables(
    ds: &krapte_model::Dataset,
    sc: &Scenario,
    policy: Option<&krapte_model::plan::Policy>,
    options: krapte_model::gap::GapOptions,
    year: Year,
    mc: &McArgs,
    central: Option<Central>,
) -> Result<(Vec<table::Table>, Option<krapte_present::Headline>), String> {
    use krapte_model::uncertainty;
    if mc.draws == 0 {
        return Ok((Vec::new(), None));
    }
    if mc.draws > 1_000_000 {
        return Err(format!("--draws {} is more than 1,000,000", mc.draws));
    }
    let progress = mc_report::Progress::new(mc.draws);
    let spec = uncertainty::McSpec {
        options,
        year,
        draws: mc.draws,
        seed: mc.seed,
    };
    let (result, sens) =
        uncertainty::monte_carlo_with_sensitivity(ds, sc, policy, spec, &|n| progress.tick(n))
            .map_err(|e| e.to_string())?;
    progress.finish();
    let with_policy = policy.is_some();
    let mut tables = vec![
        mc_report::summary(ds, &result, with_policy),
        mc_report::gap_years_table(&result, with_policy),
        mc_report::gap_levels_table(&result, with_policy),
    ];
    tables.extend(mc_report::gap_provinces_table(ds, &result, with_policy));
    tables.extend(mc_report::gap_provinces_years_table(
        ds,
        &result,
        with_policy,
    ));
    tables.push(mc_report::sensitivity_table(
        &sens,
        year,
        mc.top_parameters,
        with_policy,
    ));
    // The headline: the same draws, and the climate demand drawn with the same seed.
    let headline = match (central, ds.occupation_set("technician")) {
        (Some((terms, with)), Some(set)) => {
            let demand = krapte_model::demand_mc::demand_monte_carlo(
                ds,
                sc,
                &[Some(set.members.clone())],
                mc.draws,
                mc.seed,
            )
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

/// The doorrekening's headline tables for the report: the 2030 verdicts of
/// the gap, and the goals without and with the policy per measure.
fn doorrekening_tables(
    s: &Session,
    scenario_arg: Option<&str>,
    policy_arg: Option<&str>,
) -> Result<(Vec<table::Table>, String), String> {
    use krapte_model::gap::{GapOptions, GapPrep};
    let ds = &s.loaded.dataset;
    let (sc, file) = scenario(s, scenario_arg)?;
    let prep = Prepared::new(ds).map_err(|e| e.to_string())?;
    let demand = Variant::ALL.map(|v| krapte_model::run(&prep, &sc, v));
    let result = krapte_model::gap::run(ds, &sc, &demand, GapOptions::default())
        .map_err(|e| e.to_string())?;
    let view = gap_report::GapView {
        dataset: ds,
        result: &result,
        basis: "net",
    };
    let mut tables = vec![gap_report::verdict_table(&view)];
    let mut label = format!("scenario {} ({})", sc.name, file.display());
    if ds.policy.is_some() {
        let path = resolve_policy(policy_arg)?;
        let policy = krapte_data::load_policy(&path, ds)
            .map_err(|e| problems(&format!("the policy {}", path.display()), &e))?
            .policy;
        let gp =
            GapPrep::new(ds, &sc, &demand, GapOptions::default()).map_err(|e| e.to_string())?;
        let ev = krapte_model::plan::evaluate(&gp, &policy).map_err(|e| e.to_string())?;
        tables.push(plan_report::verdicts(ds, &ev, &policy));
        tables.push(plan_report::by_measure(ds, &ev));
        label += &format!("; policy {} ({})", policy.name, path.display());
    }
    Ok((tables, label))
}

/// What `krapte report` was asked for.
struct ReportArgs<'a> {
    out: &'a Path,
    scenario: Option<&'a str>,
    policy: Option<&'a str>,
    store: &'a Path,
    registry: Option<&'a Path>,
    lang: krapte_present::Lang,
    draws: usize,
    seed: u64,
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

fn cmd_report(s: &Session, a: &ReportArgs<'_>) -> Result<(), String> {
    let dir = a
        .registry
        .map_or_else(default_monitor_dir, Path::to_path_buf);
    let m = monitor_cmd::open(&dir, a.store)?;
    if let Some(msg) = model_indicator::not_recorded(&m)? {
        eprintln!("note: {msg}");
    }
    let format = render::format_for_path(a.out);
    let kind = progress::Kind::of(a.out);
    if kind.is_none() && format.is_none() {
        return Err(format!(
            "cannot tell the format of {} from its extension: the report is .pdf or .html, its tables .xlsx, .json or .csv",
            a.out.display()
        ));
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
            progress::Kind::Pdf => progress::pdf(&doc, (day.0, day.1, day.2))?.pdf,
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
    tables.push(monitor_cmd::status(&m)?);
    tables.push(monitor_cmd::regional(&m)?);
    tables.extend(monitor_cmd::series_tables(&m)?);
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
    emit(&Report { meta, tables }, &output)
}

fn default_monitor_dir() -> PathBuf {
    let local = PathBuf::from("data/monitor");
    if local.join("indicators.csv").is_file() {
        local
    } else {
        project_dir().join("data/monitor")
    }
}

fn cmd_monitor(
    data_dir: &Path,
    store: &Path,
    registry: Option<&Path>,
    command: &MonitorCommand,
) -> Result<(), String> {
    let dir = registry.map_or_else(default_monitor_dir, Path::to_path_buf);
    let mut m = monitor_cmd::open(&dir, store)?;
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
            let t = monitor_cmd::list(&m)?;
            emit(
                &Report {
                    meta: meta("monitor list"),
                    tables: vec![t],
                },
                output,
            )
        }
        MonitorCommand::Show { id, output } => {
            let t = monitor_cmd::show(&m, id)?;
            emit(
                &Report {
                    meta: meta("monitor show"),
                    tables: vec![t],
                },
                output,
            )
        }
        MonitorCommand::Status { output } => {
            let t = monitor_cmd::status(&m)?;
            emit(
                &Report {
                    meta: meta("monitor status"),
                    tables: vec![t],
                },
                output,
            )
        }
        MonitorCommand::Import {
            file,
            cbs,
            indicator,
            value_column,
            vintage,
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
            let summary = monitor_cmd::import(&mut m, file, &format)?;
            write_stdout(&summary)
        }
        MonitorCommand::RecordModel { scenario, policy } => {
            let s = load(data_dir)?;
            let g = model_indicator::compute(&s, scenario.as_deref(), policy.as_deref())?;
            write_stdout(&model_indicator::record(
                &mut m,
                &g,
                &model_indicator::now_utc(),
            )?)
        }
    }
}

fn cmd_compare(
    s: &Session,
    a: &str,
    b: &str,
    year: Option<Year>,
    (draws, seed): (usize, u64),
    output: &OutputArgs,
) -> Result<(), String> {
    let (sa, fa) = scenario(s, Some(a))?;
    let (sb, fb) = scenario(s, Some(b))?;
    let year = focus_year(&sa, year)?;
    focus_year(&sb, Some(year))?;
    let prep = Prepared::new(&s.loaded.dataset).map_err(|e| e.to_string())?;
    let (ra, rb) = (run_all(&prep, &sa), run_all(&prep, &sb));
    let mut m = meta(s, "compare", &sa, &fa);
    m.scenario = format!("{} vs {}", sa.name, sb.name);
    m.scenario_file = format!("{} vs {}", fa.display(), fb.display());
    m.lines[1] = format!(
        "A: {} ({})\nB: {} ({})",
        sa.name,
        fa.display(),
        sb.name,
        fb.display()
    );
    // Each scenario's own options: they may differ.
    let options_b = meta(s, "compare", &sb, &fb).lines[3].clone();
    m.lines[3] = format!("A {}\nB {}", m.lines[3], options_b);
    let mut tables = Vec::new();
    tables.extend(compare_gap::table(
        &s.loaded.dataset,
        &sa,
        &sb,
        draws,
        seed,
    )?);
    tables.push(report::compare_years(&ra, &rb));
    tables.push(report::compare_measures(&ra, &rb, year));
    tables.extend(report::compare_education(&ra, &rb, year));
    emit(&Report { meta: m, tables }, output)
}

fn cmd_check(dir: &Path) -> Result<(), String> {
    let s = load(dir)?;
    let l = &s.loaded;
    let ds = &l.dataset;
    let mut out = String::new();
    out.push_str(&format!(
        "dataset {} (edition {}): OK\n  {} sectors, {} occupations, {} regions, {} measures, {} fossil-loss segments; base year {}, IO year {} ({})\n",
        dir.display(),
        ds.edition,
        ds.n_sectors(),
        ds.n_occupations(),
        ds.n_regions(),
        ds.measures.len(),
        ds.fossil_losses.len(),
        ds.base_year,
        ds.io_year,
        ds.io_currency
    ));
    out.push_str("\nRows by quality label (sourced / derived / estimate / assumption):\n");
    for (file, q, n) in &l.quality_summary {
        out.push_str(&format!("  {file:<26} {:<10} {n:>6} rows\n", q.label()));
    }
    out.push_str(&format!(
        "\nAssumptions ({}): values no source gives, with range and reason\n",
        l.assumptions.len()
    ));
    for a in &l.assumptions {
        let file = krapte_data_file_name(&a.file);
        let line = a.line.map(|l| format!(":{l}")).unwrap_or_default();
        // Keys are `file.csv:item`; a group of share rows is keyed by the file alone.
        let item = a.key.split_once(':').map_or("(rows)", |(_, item)| item);
        out.push_str(&format!(
            "  {file}{line}  {item} = {}\n      reason: {}\n",
            a.value, a.reason
        ));
    }
    write_stdout(&out)
}

fn krapte_data_file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

fn cmd_bench(dir: &Path, arg: Option<&str>, iterations: usize) -> Result<(), String> {
    let iterations = iterations.max(1);
    let mut load_times = Vec::new();
    let mut session = None;
    for _ in 0..iterations.min(20) {
        let t = Instant::now();
        session = Some(load(dir)?);
        load_times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let Some(s) = session else {
        return Err("no iteration ran".into());
    };
    let (sc, _) = scenario(&s, arg)?;
    let t = Instant::now();
    let prep = Prepared::new(&s.loaded.dataset).map_err(|e| e.to_string())?;
    let prep_ms = t.elapsed().as_secs_f64() * 1e3;
    let mut run_times = Vec::new();
    let mut sink = 0.0;
    for _ in 0..iterations {
        let t = Instant::now();
        let r = krapte_model::run(&prep, &sc, Variant::Central);
        // Include the breakdowns a user sees: occupations x education x province for every year.
        for y in sc.years() {
            sink += r
                .region_education(y, krapte_model::Basis::Net, None)
                .iter()
                .sum::<f64>();
        }
        run_times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let ds = &s.loaded.dataset;
    // Supply + gap for all years, national and provinces, three bracket runs,
    // after the demand runs they need (timed separately above).
    let mut gap_times = Vec::new();
    if ds.supply.is_some() {
        let demand = Variant::ALL.map(|v| krapte_model::run(&prep, &sc, v));
        let tech = ds
            .occupation_set("technician")
            .map(|s| s.members.clone())
            .unwrap_or_default();
        for _ in 0..iterations.min(50) {
            let t = Instant::now();
            let g = krapte_model::gap::run(ds, &sc, &demand, Default::default())
                .map_err(|e| e.to_string())?;
            for &y in &g.years {
                sink += g
                    .breakdown(
                        y,
                        krapte_model::gap::Quantity::Gap,
                        Some(&tech),
                        krapte_model::gap::Dim::Region,
                    )
                    .map_or(0.0, |v| v.iter().map(|b| b.central).sum());
            }
            gap_times.push(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    let mut text = String::new();
    text += &format!(
        "dataset {} ({} sectors, {} occupations, {} regions), scenario {} ({} measures, {} years)\n",
        dir.display(),
        ds.n_sectors(),
        ds.n_occupations(),
        ds.n_regions(),
        sc.name,
        sc.measures.len(),
        sc.n_years()
    );
    text += &format!(
        "load + validate dataset: median {:.1} ms over {} runs\n",
        median(&mut load_times),
        load_times.len()
    );
    text += &format!("prepare (Leontief inverse): {prep_ms:.2} ms\n");
    text += &format!(
        "run one scenario, all years, national + {} regions, with occupation x education breakdowns: median {:.3} ms over {} runs (checksum {:.0})\n",
        ds.n_regions(),
        median(&mut run_times),
        run_times.len(),
        sink / iterations as f64
    );
    // A full plan evaluation with the built-in policy preset: without, with,
    // every lever alone, and the solver.
    let mut plan_times = Vec::new();
    let mut plan_items = 0;
    let mut mc_line = String::new();
    let actieplan = policies_dir().join("actieplan.toml");
    if ds.policy.is_some() && actieplan.is_file() {
        let policy = krapte_data::load_policy(&actieplan, ds)
            .map_err(|e| problems("the policy preset actieplan", &e))?
            .policy;
        let demand = Variant::ALL.map(|v| krapte_model::run(&prep, &sc, v));
        let gp = krapte_model::gap::GapPrep::new(ds, &sc, &demand, Default::default())
            .map_err(|e| e.to_string())?;
        plan_items = policy.levers.len() + policy.campaigns.len();
        // Monte Carlo of the whole chain with the policy: draws per second
        // and supply cell-updates per second, at two numbers of draws.
        let year = krapte_model::plan::goal_year(&gp).map_err(|e| e.to_string())?;
        // With the provinces (as `plan --draws`), and on the national view
        // (one region: how much the provinces cost).
        let (nd, nsc) = krapte_model::uncertainty::national_view(ds, &sc);
        for (data, scenario, draws) in [(ds, &sc, 1_000), (ds, &sc, 10_000), (&nd, &nsc, 10_000)] {
            let t = Instant::now();
            let spec = krapte_model::uncertainty::McSpec {
                options: Default::default(),
                year,
                draws,
                seed: 1,
            };
            let mc = krapte_model::uncertainty::monte_carlo(
                data,
                scenario,
                Some(&policy),
                spec,
                &|_| {},
            )
            .map_err(|e| e.to_string())?;
            let secs = t.elapsed().as_secs_f64();
            let cells = mc.cell_updates_per_draw as f64 * draws as f64;
            let provinces = mc.n_provinces();
            mc_line += &format!(
                "Monte Carlo, whole chain with the policy ({} parameters drawn, national{}, {} threads): {draws} draws in {:.2} s = {:.0} draws/s, {:.0} million supply cell-updates/s ({} per draw)\n",
                mc.slots.len(),
                if provinces > 0 { format!(" + {provinces} provinces") } else { " only".into() },
                rayon_threads(),
                secs,
                draws as f64 / secs,
                cells / secs / 1e6,
                mc.cell_updates_per_draw
            );
        }
        // How the draws' time grows with the occupations: every occupation
        // split into k identical parts (same totals, k times the cells).
        let mut scaling = Vec::new();
        for k in [1, 2, 4] {
            let split = ds.with_occupations_split(k);
            let draws = 2_000;
            let spec = krapte_model::uncertainty::McSpec {
                options: Default::default(),
                year,
                draws,
                seed: 1,
            };
            let t = Instant::now();
            let mc =
                krapte_model::uncertainty::monte_carlo(&split, &sc, Some(&policy), spec, &|_| {})
                    .map_err(|e| e.to_string())?;
            let secs = t.elapsed().as_secs_f64();
            scaling.push(format!(
                "{} occupations {:.0} µs/draw ({} cell-updates/draw)",
                split.n_occupations(),
                secs / draws as f64 * 1e6,
                mc.cell_updates_per_draw
            ));
        }
        mc_line += &format!(
            "Monte Carlo scaling with occupations (each split into k identical parts; 2000 draws, national + provinces, {} threads): {}\n",
            rayon_threads(),
            scaling.join("; ")
        );
        for _ in 0..iterations.min(10) {
            let t = Instant::now();
            let ev = krapte_model::plan::evaluate(&gp, &policy).map_err(|e| e.to_string())?;
            sink += ev.together()[1];
            std::hint::black_box(sink);
            plan_times.push(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    if !gap_times.is_empty() {
        text += &format!(
            "supply + gap, all years, national + {} regions, low/central/high (3 supply runs), with the technician gap by province per year: median {:.2} ms over {} runs\n",
            ds.n_regions(),
            median(&mut gap_times),
            gap_times.len()
        );
    }
    if !plan_times.is_empty() {
        text += &format!(
            "plan evaluation (actieplan, {plan_items} items: without, with, each alone, what-it-takes solver): median {:.0} ms over {} runs\n",
            median(&mut plan_times),
            plan_times.len()
        );
    }
    text += &mc_line;
    text += &explorer_line(dir, iterations);
    write_stdout(&text)
}

/// The website's explorer recompute, in process (as `POST /api/gap` runs
/// it): a climate slider moved (fast path), a lever setting not seen
/// before (supply runs), and the full chain it replaces.
fn explorer_line(dir: &Path, iterations: usize) -> String {
    let store = std::env::temp_dir().join(format!("krapte-bench-{}.sqlite", std::process::id()));
    let cfg = krapte_web::Config {
        data_dir: dir.to_path_buf(),
        scenario_files: krapte_web::Config::toml_files(&scenarios_dir()),
        policy_files: krapte_web::Config::toml_files(&policies_dir()),
        registry_dir: default_monitor_dir(),
        store_path: store.clone(),
        write_token: None,
        default_scenario: "referentie-55".into(),
        default_policy: "actieplan".into(),
    };
    let state = krapte_web::AppState::load(&cfg);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", store.display()));
    }
    let state = match state {
        Ok(s) => s,
        Err(e) => {
            let first = e.lines().next().unwrap_or_default().to_string();
            return format!("explorer recompute: skipped ({first})\n");
        }
    };
    let mut req = state.default_request();
    let measure = state
        .default_scenario()
        .value
        .measures
        .first()
        .and_then(|m| state.dataset.measures.get(m.measure))
        .map(|m| m.id.clone());
    let lever = state
        .dataset
        .policy
        .as_ref()
        .and_then(|pd| {
            pd.levers
                .iter()
                .find(|l| l.flow != krapte_model::plan::LeverFlow::None)
        })
        .map(|l| l.id.clone());
    let n = iterations.clamp(1, 200);
    let mut time = |k: usize, lever_value: Option<f64>, full: bool| -> Option<f64> {
        if let Some(m) = &measure {
            req.overrides.insert(m.clone(), (k % 41) as f64 * 0.05);
        }
        if let (Some(l), Some(v)) = (&lever, lever_value) {
            req.levers.insert(l.clone(), v);
        }
        let t = Instant::now();
        let out = if full {
            krapte_web::explore::gap_full(&state, &req)
        } else {
            krapte_web::explore::gap(&state, &req)
        };
        out.ok().map(|_| t.elapsed().as_secs_f64() * 1e3)
    };
    let climate: Option<Vec<f64>> = (0..n).map(|k| time(k, None, false)).collect();
    let levers: Option<Vec<f64>> = (0..n.min(50))
        .map(|k| time(k, Some(1.0 + k as f64 * 1e-3), false))
        .collect();
    let full: Option<Vec<f64>> = (0..n.min(20)).map(|k| time(k, None, true)).collect();
    let median = |v: Option<Vec<f64>>| -> String {
        v.filter(|v| !v.is_empty())
            .map_or("failed".into(), |mut v| {
                v.sort_by(f64::total_cmp);
                format!("{:.2} ms", v[v.len() / 2])
            })
    };
    format!(
        "explorer recompute (POST /api/gap in process, default scenario and policy, national + {} provinces): climate slider moved median {}, new lever setting median {}, full chain median {}\n",
        state.dataset.n_regions(),
        median(climate),
        median(levers),
        median(full)
    )
}

/// Threads the Monte Carlo runs on (rayon's pool: RAYON_NUM_THREADS or the cores).
fn rayon_threads() -> usize {
    std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n: &usize| *n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn cmd_serve(
    data_dir: &Path,
    addr: std::net::SocketAddr,
    store: &Path,
    registry: Option<&Path>,
    token_file: Option<&Path>,
) -> Result<(), String> {
    let write_token = match token_file {
        Some(f) => Some(
            std::fs::read_to_string(f)
                .map_err(|e| format!("cannot read the token file {}: {e}", f.display()))?
                .lines()
                .next()
                .unwrap_or_default()
                .trim()
                .to_string(),
        ),
        None => std::env::var("KRAPTE_WRITE_TOKEN").ok(),
    };
    let cfg = krapte_web::Config {
        data_dir: data_dir.to_path_buf(),
        scenario_files: krapte_web::Config::toml_files(&scenarios_dir()),
        policy_files: krapte_web::Config::toml_files(&policies_dir()),
        registry_dir: registry.map_or_else(default_monitor_dir, Path::to_path_buf),
        store_path: store.to_path_buf(),
        write_token,
        default_scenario: "referentie-55".into(),
        default_policy: "actieplan".into(),
    };
    let writes = if cfg.write_token.as_deref().is_some_and(|t| !t.is_empty()) {
        "writes enabled with the token"
    } else {
        "read-only (no write token)"
    };
    krapte_web::run(&cfg, addr, |bound| {
        let _ = write_stdout(&format!(
            "krapte serve: http://{bound}/ ({writes}; Ctrl-C stops)\n"
        ));
    })
}

/// Writes to standard output; a closed pipe is an error, not a panic.
fn write_stdout(text: &str) -> Result<(), String> {
    use std::io::Write;
    std::io::stdout()
        .write_all(text.as_bytes())
        .map_err(|e| format!("cannot write to standard output: {e}"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let data_dir = cli.data.clone().unwrap_or_else(default_data_dir);
    let result = match &cli.command {
        Command::Run {
            scenario,
            year,
            top,
            mc,
            output,
        } => {
            load(&data_dir).and_then(|s| cmd_run(&s, scenario.as_deref(), *year, *top, mc, output))
        }
        Command::Compare {
            a,
            b,
            year,
            draws,
            seed,
            output,
        } => load(&data_dir).and_then(|s| cmd_compare(&s, a, b, *year, (*draws, *seed), output)),
        Command::Gap {
            scenario,
            year,
            by,
            climate,
            basis,
            mc,
            output,
        } => load(&data_dir).and_then(|s| {
            let args = GapArgs {
                mc,
                scenario: scenario.as_deref(),
                year: *year,
                by,
                climate: *climate,
                basis: *basis,
            };
            cmd_gap(&s, &args, output)
        }),
        Command::Plan {
            policy,
            scenario,
            climate,
            mc,
            output,
        } => load(&data_dir).and_then(|s| {
            cmd_plan(
                &s,
                policy.as_deref(),
                scenario.as_deref(),
                *climate,
                mc,
                output,
            )
        }),
        Command::Monitor {
            store,
            registry,
            command,
        } => cmd_monitor(&data_dir, store, registry.as_deref(), command),
        Command::Report {
            out,
            lang,
            draws,
            seed,
            scenario,
            policy,
            store,
            registry,
        } => load(&data_dir).and_then(|s| {
            cmd_report(
                &s,
                &ReportArgs {
                    out,
                    scenario: scenario.as_deref(),
                    policy: policy.as_deref(),
                    store,
                    registry: registry.as_deref(),
                    lang: krapte_present::Lang::parse(lang).unwrap_or_default(),
                    draws: *draws,
                    seed: *seed,
                },
            )
        }),
        Command::Policies => load(&data_dir).and_then(|s| {
            let names = names_in(&policies_dir());
            let entries = listing::policies(&s, &policies_dir(), &names);
            write_stdout(&listing::text(
                "policies",
                &entries,
                render::terminal_width(),
            ))
        }),
        Command::Data {
            command: DataCommand::Check { dir },
        } => cmd_check(dir.as_deref().unwrap_or(&data_dir)),
        Command::Scenarios => load(&data_dir).and_then(|s| {
            let entries = listing::scenarios(&s, &scenarios_dir(), &preset_names());
            write_stdout(&listing::text(
                "scenarios",
                &entries,
                render::terminal_width(),
            ))
        }),
        Command::Serve {
            addr,
            store,
            registry,
            token_file,
        } => cmd_serve(
            &data_dir,
            *addr,
            store,
            registry.as_deref(),
            token_file.as_deref(),
        ),
        Command::Bench {
            scenario,
            iterations,
        } => cmd_bench(&data_dir, scenario.as_deref(), *iterations),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::FAILURE
        }
    }
}
