//! # krapte-model
//!
//! The pure core of krapte: from climate measures to labour demand in fte by
//! sector, occupation, education, province and year. It reads no files, prints
//! nothing, keeps no global state and is deterministic; loading lives in
//! `krapte-data`, presentation in the `krapte` binary.
//!
//! The chain (see `docs/MODEL.md`):
//! 1. bottom-up: units x labour intensity per activity, construction spread over
//!    its build time, operation and maintenance on the added stock;
//! 2. input-output: euros -> products -> Leontief inverse -> direct + indirect
//!    jobs, with import leakage;
//! 3. productivity trend; 4. gross -> net (fossil job losses, crowding-out);
//! 5. sector -> occupation -> education -> province.

pub mod codes;
pub mod dataset;
pub mod demand;
pub mod demand_mc;
pub mod distribution;
pub mod engine;
pub mod explore_basis;
pub mod gap;
pub mod io;
pub mod model;
pub mod plan;
pub mod regions;
pub mod scenario;
pub mod split;
pub mod supply;
pub mod uncertainty;
pub mod units;

pub use codes::{BrcCode, Direction, Education, Level, Province};
pub use dataset::{
    Activity, Backing, BaseYearShortage, Dataset, DigitalBasis, DigitalDefinition, Evidence,
    Finding, FossilLoss, IntensityUnit, Measure, Occupation, OccupationSet, Params, Path,
    PipelineCell, ProductShare, Quality, Range3, Sector, ShortageClass, SupplyData,
    SupplyOccupation, SupplyParams, Variant,
};
pub use demand::{run, DemandResult, PrepareError, Prepared};
pub use model::Model;
pub use regions::{
    Crosswalk, MeasureKey, PlacementKey, Region, RegionData, RegionSet, RegionSetKind,
    RegionalEmployment, ResTarget, SetEmployment,
};
pub use scenario::{AfterLast, Investment, Options, Scenario, ScenarioMeasure, Trajectory};
pub use supply::{SupplyError, SupplyInputs, SupplyResult};
pub use units::{Basis, EurMillion, Fte, Hours, JobYears, Persons, Year};
