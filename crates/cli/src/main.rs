//! `krapte`: how many technicians, with which education, does the Netherlands
//! need for its 2030 climate targets?
//!
//! This binary is the outer shell: it parses arguments, loads a dataset and a
//! scenario through `krapte-data`, runs the pure model of `krapte-model` and
//! renders labelled tables. See ARCHITECTURE.md for the layout.

//!
//! `commands/` holds one module per subcommand (its `run` is what `main`
//! calls), `reports/` the tables each command builds, `session.rs` what
//! every command shares (loading, presets, the report header, writing).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use krapte_model::Year;

mod commands;
mod compare_gap;
mod error;
mod finite;
mod headline;
mod listing;
mod model_indicator;
mod progress;
mod render;
mod reports;
mod session;
mod table;
mod validation;

use render::Format_;
use session::{
    default_data_dir, load, names_in, policies_dir, preset_names, scenarios_dir, write_stdout,
};

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
    /// Monte Carlo draws over every range of the dataset: the headline
    /// (median, 90% interval, probability of each goal), the draws' tables
    /// and the parameters that matter most. 0 = the deterministic central
    /// run only (no headline, no probabilities).
    #[arg(long, default_value_t = krapte_present::compute::DRAWS)]
    draws: usize,
    /// Seed of the draws; the same seed gives the same numbers (the
    /// default makes the headline reproducible).
    #[arg(long, default_value_t = krapte_present::compute::SEED)]
    seed: u64,
    /// Number of parameters listed in the sensitivity table.
    #[arg(long, default_value_t = 10)]
    top_parameters: usize,
    /// The monitor's SQLite store, read for the observed series beside the
    /// digital goal (the built-in series when the file does not exist;
    /// nothing is written).
    #[arg(long, value_name = "FILE", default_value = "krapte-monitor.sqlite")]
    store: PathBuf,
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
        /// How the gap counts what the base year has: `base-year` (default:
        /// climate demand above the base year's level of climate work, plus
        /// the base-year shortage), `no-shortage` (the same without the
        /// shortage), `pbl-roa` (all climate demand on top, as PBL-ROA 2022),
        /// `growth` (only its growth after the first year). `--climate
        /// full|growth` still works.
        #[arg(long, alias = "climate", value_enum, default_value_t = FramingArg::BaseYear)]
        framing: FramingArg,
        /// The plan the headline's "with the plan" lines use (default:
        /// actieplan; the tables below are without a policy).
        #[arg(long)]
        policy: Option<String>,
        /// Climate demand gross, or net of fossil losses and crowding-out.
        #[arg(long, value_enum, default_value_t = BasisArg::Net)]
        basis: BasisArg,
        /// The technician gap per region of a set (`province`,
        /// `arbeidsmarktregio`, `res`), with the draws per region; measures
        /// placed by their keys (data/regions).
        #[arg(long, value_enum)]
        regions: Option<RegionsArg>,
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
        /// How the gap counts what the base year has (as for `gap`).
        #[arg(long, alias = "climate", value_enum, default_value_t = FramingArg::BaseYear)]
        framing: FramingArg,
        /// The technician gap per region of a set, without and with the plan (as for `gap`).
        #[arg(long, value_enum)]
        regions: Option<RegionsArg>,
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
        /// Monte Carlo draws behind the headline and the bands (the default
        /// is the headline's everywhere, so the report says what `gap`,
        /// `plan` and the site say).
        #[arg(long, default_value_t = krapte_present::compute::DRAWS)]
        draws: usize,
        /// Seed of the draws.
        #[arg(long, default_value_t = krapte_present::compute::SEED)]
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
    /// Check the model and the dataset against observations and published
    /// figures: supply back-tests (2023 -> 2024Q4/2025Q4, ICT 2015 -> 2021)
    /// and the calibration of unobserved flows, ROA's openings and ITKB,
    /// PBL-ROA's findings, the study presets like for like, plausibility of
    /// the occupations, the weglek by sex, and the share of the variance
    /// from ranges without evidence (docs/VALIDATION.md). Exits non-zero when
    /// a check fails (with --known-failures: when the failing checks differ
    /// from the list).
    Validate {
        /// Folder of the observed references (default: data/validation).
        #[arg(long, value_name = "DIR")]
        observed: Option<PathBuf>,
        /// Monte Carlo draws for the variance share (two runs of this many).
        #[arg(long, default_value_t = 2000)]
        draws: usize,
        /// Seed of the draws.
        #[arg(long, default_value_t = 2030)]
        seed: u64,
        /// File of check ids that are known to fail (one per line, `#`
        /// comments): the exit code is 0 when exactly these fail.
        #[arg(long, value_name = "FILE")]
        known_failures: Option<PathBuf>,
        #[command(flatten)]
        output: OutputArgs,
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
    /// RES regions: each one's climate demand beside the supply and gap of
    /// the arbeidsmarktregio's it overlaps.
    Res,
}

/// The region sets of `--regions` (data/regions).
#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
enum RegionsArg {
    /// The 12 provinces.
    Province,
    /// The 35 arbeidsmarktregio's (UWV, regional mobility teams).
    Arbeidsmarktregio,
    /// The 30 Regional Energy Strategy regions.
    Res,
}

impl RegionsArg {
    fn kind(self) -> krapte_model::RegionSetKind {
        match self {
            RegionsArg::Province => krapte_model::RegionSetKind::Province,
            RegionsArg::Arbeidsmarktregio => krapte_model::RegionSetKind::Arbeidsmarktregio,
            RegionsArg::Res => krapte_model::RegionSetKind::Res,
        }
    }
}

/// The gap's framings on the command line (`krapte_model::reference::gap::Framing`).
#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
enum FramingArg {
    /// Climate demand above the base year's level, plus the base-year shortage (default).
    BaseYear,
    /// Climate demand above the base year's level, no base-year shortage.
    NoShortage,
    /// All climate demand on top of the baseline, as PBL-ROA (2022).
    #[value(alias = "full")]
    PblRoa,
    /// Only the climate demand's growth after the scenario's first year.
    Growth,
}

impl FramingArg {
    fn framing(self) -> krapte_model::reference::gap::Framing {
        use krapte_model::reference::gap::Framing;
        match self {
            FramingArg::BaseYear => Framing::BaseYear,
            FramingArg::NoShortage => Framing::BaseYearNoShortage,
            FramingArg::PblRoa => Framing::AllOnTop,
            FramingArg::Growth => Framing::GrowthAfterFirstYear,
        }
    }
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
        /// Multiply every value (1000 for a file in thousands).
        #[arg(long, default_value_t = 1.0)]
        scale: f64,
        /// Store values that jump by a factor 10 or more against the
        /// previous one (refused otherwise: usually a unit slip).
        #[arg(long)]
        accept_jumps: bool,
        /// Check the file and show what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Withdraw a wrong figure: a new vintage that says so; nothing is deleted.
    Withdraw {
        /// Indicator id.
        indicator: String,
        /// Period of the figure (2023, 2023Q4, 2019/20).
        #[arg(long)]
        period: String,
        /// Region: NL or a province code.
        #[arg(long, default_value = "NL")]
        region: String,
        /// Date of the withdrawal (YYYY-MM-DD), after the figure's vintage.
        #[arg(long)]
        vintage: String,
        /// Why the figure is withdrawn.
        #[arg(long)]
        note: String,
    },
    /// Run the gap model (with --policy: the plan) and store its 2030
    /// technician gap (central, low, high) as a new vintage of
    /// model_technician_gap_2030; the same inputs and result again store nothing.
    RecordModel {
        /// Scenario file or preset name (default: referentie-55).
        #[arg(long)]
        scenario: Option<String>,
        /// Policy file or preset name; without it (or `none`) the gap without a policy.
        #[arg(long)]
        policy: Option<String>,
        /// How the gap counts what the base year has (as for `gap`); each
        /// framing is its own run.
        #[arg(long, value_enum, default_value_t = FramingArg::BaseYear)]
        framing: FramingArg,
    },
    /// Declare which recorded run of model_technician_gap_2030 is the
    /// official figure (status, report and site show it; other runs are
    /// listed as other runs). Refused for a run never recorded.
    SetOfficial {
        /// Scenario file or preset name (default: referentie-55).
        #[arg(long)]
        scenario: Option<String>,
        /// Policy file or preset name; without it (or `none`) the run
        /// without a policy.
        #[arg(long)]
        policy: Option<String>,
        /// Dataset edition of the run (default: the loaded dataset's).
        #[arg(long)]
        dataset_edition: Option<String>,
        /// The run's framing (as for `gap`).
        #[arg(long, value_enum, default_value_t = FramingArg::BaseYear)]
        framing: FramingArg,
    },
}

#[derive(Subcommand)]
enum DataCommand {
    /// Validate a dataset folder and list every parameter that is an assumption.
    Check {
        /// Dataset folder (default: --data or the built-in dataset).
        dir: Option<PathBuf>,
    },
    /// Record every listed file's row count and checksum in manifest.toml
    /// (after editing a file by hand), then check the folder.
    Manifest {
        /// Dataset folder (default: --data or the built-in dataset).
        dir: Option<PathBuf>,
    },
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
        } => load(&data_dir)
            .and_then(|s| commands::run::run(&s, scenario.as_deref(), *year, *top, mc, output)),
        Command::Compare {
            a,
            b,
            year,
            draws,
            seed,
            output,
        } => load(&data_dir)
            .and_then(|s| commands::compare::run(&s, a, b, *year, (*draws, *seed), output)),
        Command::Gap {
            scenario,
            year,
            by,
            framing,
            policy,
            basis,
            regions,
            mc,
            output,
        } => load(&data_dir).and_then(|s| {
            let args = commands::gap::GapArgs {
                mc,
                scenario: scenario.as_deref(),
                policy: policy.as_deref(),
                year: *year,
                by,
                framing: framing.framing(),
                basis: *basis,
                regions: regions.map(RegionsArg::kind),
            };
            commands::gap::run(&s, &args, output)
        }),
        Command::Plan {
            policy,
            scenario,
            framing,
            regions,
            mc,
            output,
        } => load(&data_dir).and_then(|s| {
            commands::plan::run(
                &s,
                policy.as_deref(),
                scenario.as_deref(),
                framing.framing(),
                regions.map(RegionsArg::kind),
                mc,
                output,
            )
        }),
        Command::Monitor {
            store,
            registry,
            command,
        } => commands::monitor::run(&data_dir, store, registry.as_deref(), command),
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
            commands::report::run(
                &s,
                &commands::report::ReportArgs {
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
        } => commands::data::check(dir.as_deref().unwrap_or(&data_dir)),
        Command::Data {
            command: DataCommand::Manifest { dir },
        } => commands::data::manifest(dir.as_deref().unwrap_or(&data_dir)),
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
        } => commands::serve::run(
            &data_dir,
            *addr,
            store,
            registry.as_deref(),
            token_file.as_deref(),
        ),
        Command::Bench {
            scenario,
            iterations,
        } => commands::bench::run(&data_dir, scenario.as_deref(), *iterations),
        Command::Validate {
            observed,
            draws,
            seed,
            known_failures,
            output,
        } => load(&data_dir).and_then(|s| {
            commands::validate::run(
                &s,
                observed.as_deref(),
                *draws,
                *seed,
                known_failures.as_deref(),
                output,
            )
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::FAILURE
        }
    }
}
