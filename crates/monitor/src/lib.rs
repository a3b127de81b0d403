//! # krapte-monitor
//!
//! The plan's monitor: an indicator registry (plain-text CSV in
//! `data/monitor/`), an embedded SQLite store of observations with vintages
//! (a revised figure is a new vintage; old vintages stay queryable), imports
//! that are all-or-nothing, and the progress of each indicator towards its
//! 2030 target.
//!
//! - [`registry`]: indicators, their pillar, unit, definition, source and
//!   target, validated at load with file, line and field in every error;
//! - [`period`]: period codes (`2023`, `2023Q4`, `2019/20`, and CBS's
//!   `2023JJ00` / `2023KW04`) in one canonical, sortable form;
//! - [`import`]: observation files (our CSV, or a CBS StatLine export) read
//!   and checked against the registry;
//! - [`store`]: the SQLite store with schema migrations;
//! - [`trend`]: the documented trend and the on-track verdict.

pub mod chart;
pub mod digital;
pub mod import;
pub mod period;
pub mod registry;
pub mod store;
pub mod trend;

pub use import::{
    parse_import, parse_observations, read_import, read_observations, ImportFormat, Observation,
    ParseOptions, Parsed,
};
pub use period::{Date, Period};
pub use registry::{load_registry, Direction, Indicator, Pillar, Registry};
pub use store::{Change, ImportOptions, ImportReport, ImportSummary, Official, RunKey, Store};
pub use trend::{assess, assess_with_breaks, Assessment, Verdict};

/// A problem in an input file (file, line, field, message), and the list of
/// them capped per file: the same types as the dataset loader's.
pub use krapte_problem::{Problem, Problems};

/// Why a monitor command failed.
#[derive(Debug)]
pub enum MonitorError {
    /// Input problems, all of them (at most 100 of a file listed).
    Input(Problems),
    /// The store could not be read or written.
    Store(String),
}

impl std::fmt::Display for MonitorError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MonitorError::Input(ps) => {
                writeln!(f, "{} problem(s):", ps.total())?;
                for line in ps.lines() {
                    writeln!(f, "  {line}")?;
                }
                Ok(())
            }
            MonitorError::Store(m) => write!(f, "the monitor store: {m}"),
        }
    }
}

impl std::error::Error for MonitorError {}

impl From<rusqlite::Error> for MonitorError {
    fn from(e: rusqlite::Error) -> Self {
        MonitorError::Store(e.to_string())
    }
}
