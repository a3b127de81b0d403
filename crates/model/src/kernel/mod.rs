//! The one stock-flow loop of labour supply that the reference chain and
//! every fast path run: its inputs ([`SupplyInputs`]) and the loop
//! ([`stock_flow`]).

pub mod stock_flow;
pub mod supply_inputs;

pub use supply_inputs::SupplyInputs;
