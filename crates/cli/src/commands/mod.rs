//! One module per subcommand; each `run` is what `main` calls.

pub(crate) mod bench;
pub(crate) mod compare;
pub(crate) mod data;
pub(crate) mod draws;
pub(crate) mod gap;
pub(crate) mod monitor;
pub(crate) mod plan;
pub(crate) mod regions;
pub(crate) mod report;
pub(crate) mod run;
pub(crate) mod serve;
pub(crate) mod validate;
