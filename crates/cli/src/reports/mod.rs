//! The tables each command builds (`table::Table`), from model results.

pub(crate) mod demand;
pub(crate) mod gap;
pub(crate) mod monitor;
pub(crate) mod monte_carlo;
pub(crate) mod plan;
