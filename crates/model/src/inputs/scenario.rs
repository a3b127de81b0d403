//! A validated scenario: which measures, along which trajectory, with which
//! options. Built by `krapte-data` from a TOML file (see `docs/SCENARIOS.md`),
//! with every code resolved against the dataset.

use crate::inputs::units::Year;

/// What happens to a trajectory after its last given year (construction work in
/// the last years before the horizon serves completions after it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterLast {
    /// Additions continue at the rate of the last given year.
    Hold,
    /// No additions after the last given year.
    Stop,
}

/// A trajectory of one measure, as the scenario gives it.
#[derive(Debug, Clone, PartialEq)]
pub enum Trajectory {
    /// Installed stock at given years, interpolated linearly; additions are the year-on-year differences.
    Stock(Vec<(Year, f64)>),
    /// Units added per year at given years, interpolated linearly; zero before the first point.
    Additions(Vec<(Year, f64)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioMeasure {
    /// Index into `Dataset::measures`.
    pub measure: usize,
    pub trajectory: Trajectory,
    pub after_last: AfterLast,
    /// Overrides the measure's regional split: (region index, share) summing to 1.
    pub regions: Option<Vec<(usize, f64)>>,
    /// Multiplies the whole trajectory (default 1).
    pub scale: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Add indirect (supply-chain) jobs to bottom-up measures via the Leontief inverse.
    pub include_indirect: bool,
    /// Extra labour-productivity growth per year on top of the dataset's trend,
    /// from the year after the base year (0.01 = the plan's +1 percentage point).
    pub productivity_extra: f64,
    /// Share of gross demand assumed displaced elsewhere in the economy (0..1).
    pub crowding_out: f64,
    /// Multiplies the dataset's fossil job losses (0 = ignore, 1 = as in the data).
    pub fossil_loss_scale: f64,
    /// Multiplies every import share of spending (capped at 1): 0 = all bought
    /// in the Netherlands, 1 = as in the data.
    pub import_share_scale: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            include_indirect: true,
            productivity_extra: 0.0,
            crowding_out: 0.0,
            fossil_loss_scale: 1.0,
            import_share_scale: 1.0,
        }
    }
}

/// Euros of investment spent directly on one product group (an IO sector),
/// outside the dataset's measures.
#[derive(Debug, Clone, PartialEq)]
pub struct Investment {
    /// Index into `Dataset::sectors`: the product bought.
    pub sector: usize,
    /// Import share of this spending; `None` = the sector's default.
    pub import_share: Option<f64>,
    /// Million euros per year (base-year prices) as `Trajectory::Additions`,
    /// with its `after_last`, `regions` and `scale`. Its `measure` field is
    /// `Dataset::measures.len() + position in Scenario::investments`.
    pub spend: ScenarioMeasure,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    /// First year reported (>= dataset base year).
    pub start_year: Year,
    /// Last year reported.
    pub horizon: Year,
    pub options: Options,
    pub measures: Vec<ScenarioMeasure>,
    /// Spending per product group, reported like measures after them.
    pub investments: Vec<Investment>,
}

impl Scenario {
    pub fn years(&self) -> impl Iterator<Item = Year> + Clone {
        self.start_year..=self.horizon
    }
    pub fn n_years(&self) -> usize {
        usize::from(self.horizon.saturating_sub(self.start_year)) + 1
    }
}
