//! What the model computes on, as types: the validated dataset, a scenario,
//! the plan's levers and policies, the uncertainty declarations, codes and
//! units. Nothing here depends on an algorithm of the model.

pub mod bracket;
pub mod codes;
pub mod dataset;
pub mod evidence;
pub mod plausibility;
pub mod policy;
pub mod regions;
pub mod scenario;
pub mod slots;
pub mod uncertainty;
pub mod units;
