//! Fast paths: each computes what a function of [`crate::reference`]
//! computes, for the figures its caller reads, with less work. Each file
//! opens with the function it equals, the test that checks it and what
//! the caller falls back to when it cannot be used.

pub mod climate_basis;
pub mod demand_basis;
pub mod figures;
pub mod masked;
pub mod split;
pub mod split_supply;
