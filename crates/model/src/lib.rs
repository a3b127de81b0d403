//! # krapte-model
//!
//! The pure core of krapte: from climate measures to the labour they need
//! (fte by sector, occupation, education, province and year), the labour
//! supply, the gap and the plan's goals, with brackets and Monte Carlo
//! draws. It reads no files, prints nothing, keeps no global state and is
//! deterministic; loading lives in `krapte-data`, presentation in the
//! `krapte` binary and `krapte-web`.
//!
//! [`Model`] is the API boundary: callers build one per dataset and ask it.
//! The folders follow the roles (`docs/MODEL.md` for the model itself):
//!
//! - [`inputs`]: types only (dataset, scenario, policy and levers,
//!   uncertainty declarations, codes, units);
//! - [`kernel`]: the one stock-flow loop of labour supply;
//! - [`reference`](mod@reference): the model as `docs/MODEL.md` states it, one file per
//!   section;
//! - [`fast`]: faster ways to the same figures, each checked against
//!   [`reference`](mod@reference);
//! - [`mc`]: the Monte Carlo (draws, distributions, engine, summaries,
//!   sensitivity).
//!
//! Dependencies run one way: inputs <- kernel <- reference <- fast <- mc <-
//! [`model`].

pub mod error;
pub mod fast;
pub mod inputs;
pub mod kernel;
pub mod mc;
pub mod model;
pub mod reference;
#[cfg(test)]
mod toy;

pub use error::{Figure, GapError, PrepareError, SupplyError};
pub use inputs::bracket::{Bracket, Range3, Variant};
pub use inputs::codes::{BrcCode, Direction, Education, Level, Province};
pub use inputs::dataset::{
    Activity, BaseYearShortage, Dataset, DigitalBasis, DigitalDefinition, FossilLoss,
    IntensityUnit, Measure, Occupation, OccupationSet, Params, Path, PipelineCell, ProductShare,
    Quality, Sector, ShortageClass, SupplyData, SupplyOccupation, SupplyParams,
};
pub use inputs::evidence::{Backing, Evidence, Finding};
pub use inputs::policy::{
    Campaign, CampaignChoice, Extra, Item, Lever, LeverFlow, LeverTarget, Policy, PolicyData,
    RetentionGroup,
};
pub use inputs::regions::{
    Crosswalk, MeasureKey, PlacementKey, Region, RegionData, RegionSet, RegionSetKind,
    RegionalEmployment, ResTarget, SetEmployment,
};
pub use inputs::scenario::{AfterLast, Investment, Options, Scenario, ScenarioMeasure, Trajectory};
pub use inputs::units::{Basis, EurMillion, Fte, Hours, JobYears, Persons, Year};
pub use kernel::SupplyInputs;
pub use model::Model;
pub use reference::demand::{run, DemandResult, Prepared};
pub use reference::supply::SupplyResult;
