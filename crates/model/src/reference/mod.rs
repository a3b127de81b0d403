//! The model as `docs/MODEL.md` states it, one file per section: read them
//! side by side.
//!
//! | `docs/MODEL.md` | here |
//! |---|---|
//! | 1–7 demand: scenario → units and euros, bottom-up, input-output, productivity, gross → net, sector → occupation → education → province, brackets | [`demand`] (with [`io`] for the input-output arithmetic) |
//! | 8 supply: the stock-flow model | [`supply`] (flows, identities; the loop is [`crate::kernel::stock_flow`]) and [`supply_inputs`] (rates and flows from the dataset) |
//! | 9 the gap and the two goals | [`gap`] |
//! | 10 policy: levers, campaigns and the evaluation | [`policy`] (what an item changes) and [`evaluation`] (without, with, alone, solver) |
//!
//! Section 11 (Monte Carlo) is [`crate::mc`]; the fast paths that equal
//! this chain are in [`crate::fast`].

pub mod demand;
pub mod evaluation;
pub mod gap;
pub mod io;
pub mod policy;
pub mod supply;
pub mod supply_inputs;
