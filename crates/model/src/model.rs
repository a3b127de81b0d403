//! The model's API boundary: [`Model`], one per dataset, is what the CLI,
//! the monitor's model indicator and the website call. It owns the work
//! done once per dataset (the Leontief inverse and the employment
//! coefficients) and answers every question of the project with one call:
//!
//! - [`Model::demand`]: the demand chain's three bracket runs of a scenario;
//! - [`Model::gap`]: demand, supply and gap without a policy;
//! - [`Model::runs`]: what every gap run of one scenario shares, to run with
//!   several policies ([`GapPrep::run`]) or to evaluate one
//!   ([`Model::evaluate`]);
//! - [`Model::monte_carlo`] (and [`Model::monte_carlo_with_sensitivity`],
//!   [`Model::demand_monte_carlo`]): the draws.
//!
//! Callers never copy the preamble (prepare, three demand runs, the gap's
//! shared parts): a figure is defined once, here and in the modules the
//! calls lead to.

use crate::inputs::dataset::Dataset;

use crate::error::GapError;
use crate::inputs::bracket::Variant;
use crate::inputs::policy::Policy;
use crate::inputs::scenario::Scenario;
use crate::mc::demand::{demand_monte_carlo, DemandMc};
use crate::mc::sensitivity::Sensitivity;
use crate::mc::summary::McResult;
use crate::mc::{monte_carlo, monte_carlo_with_sensitivity, McSpec};
use crate::reference::demand::{run as demand_run, DemandResult, PrepareError, Prepared};
use crate::reference::evaluation::{evaluate, Evaluation};
use crate::reference::gap::{GapOptions, GapPrep, GapResult};

/// The model of one dataset: the entry point of every computation.
#[derive(Debug, Clone)]
pub struct Model<'d> {
    prepared: Prepared<'d>,
}

impl<'d> Model<'d> {
    /// Prepares the dataset (the Leontief inverse of its input-output table).
    pub fn new(dataset: &'d Dataset) -> Result<Model<'d>, PrepareError> {
        Ok(Model {
            prepared: Prepared::new(dataset)?,
        })
    }

    /// The dataset the model computes on.
    pub fn dataset(&self) -> &'d Dataset {
        self.prepared.dataset
    }

    /// The per-dataset work (Leontief inverse, employment coefficients).
    pub fn prepared(&self) -> &Prepared<'d> {
        &self.prepared
    }

    /// The demand chain for `scenario` at one end of every range.
    pub fn demand_variant(&self, scenario: &Scenario, variant: Variant) -> DemandResult {
        demand_run(&self.prepared, scenario, variant)
    }

    /// The demand chain's three bracket runs, indexed by `Variant as usize`
    /// (low, central, high).
    pub fn demand(&self, scenario: &Scenario) -> [DemandResult; 3] {
        Variant::ALL.map(|v| self.demand_variant(scenario, v))
    }

    /// What every gap run of `scenario` shares (years, supply inputs per
    /// bracket end, climate demand): run it with a policy
    /// ([`GapPrep::run`]) or evaluate one ([`Model::evaluate`]).
    pub fn runs(&self, scenario: &Scenario, options: GapOptions) -> Result<GapPrep<'d>, GapError> {
        GapPrep::new(self.dataset(), scenario, &self.demand(scenario), options)
    }

    /// Demand, supply and gap of `scenario` without a policy.
    pub fn gap(&self, scenario: &Scenario, options: GapOptions) -> Result<GapResult, GapError> {
        crate::reference::gap::run(self.dataset(), scenario, &self.demand(scenario), options)
    }

    /// The plan's evaluation of `policy` on prepared runs: without it, with
    /// it, each item alone, and what more would close the technician gap.
    pub fn evaluate(&self, runs: &GapPrep<'_>, policy: &Policy) -> Result<Evaluation, GapError> {
        evaluate(runs, policy)
    }

    /// The Monte Carlo draws of the whole chain (`policy` on top when
    /// given); `progress` is called with the number of draws done.
    pub fn monte_carlo(
        &self,
        scenario: &Scenario,
        policy: Option<&Policy>,
        spec: McSpec,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<McResult, GapError> {
        monte_carlo(self.dataset(), scenario, policy, spec, progress)
    }

    /// The draws and the sensitivity ranking of the technician gap, on one
    /// engine.
    pub fn monte_carlo_with_sensitivity(
        &self,
        scenario: &Scenario,
        policy: Option<&Policy>,
        spec: McSpec,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<(McResult, Vec<Sensitivity>), GapError> {
        monte_carlo_with_sensitivity(self.dataset(), scenario, policy, spec, progress)
    }

    /// The Monte Carlo of demand alone: national demand per year, gross and
    /// net, summed over each of `figures` (occupation indices; `None` =
    /// every occupation).
    pub fn demand_monte_carlo(
        &self,
        scenario: &Scenario,
        figures: &[Option<Vec<usize>>],
        draws: usize,
        seed: u64,
    ) -> Result<DemandMc, GapError> {
        demand_monte_carlo(self.dataset(), scenario, figures, draws, seed)
    }
}
