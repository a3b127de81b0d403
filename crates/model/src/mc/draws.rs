//! A draw's numbers: one uniform number per slot from a ChaCha8 stream keyed
//! by (seed, draw index) ([`uniforms`]), joined within correlation groups
//! ([`effective_uniforms`]) and turned into values by each slot's
//! distribution ([`draw_values`]).

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::inputs::dataset::Dataset;
use crate::inputs::slots::{set, Slot};
use crate::mc::distribution::{normal_cdf, normal_quantile};

/// The uniform numbers of draw `index`: one per slot, from the ChaCha8
/// stream `index` of `seed`.
pub fn uniforms(seed: u64, index: u64, n: usize) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index);
    (0..n)
        .map(|_| (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64))
        .collect()
}

/// The values of draw `index`: each slot's uniform number (joined with its
/// group's, see [`effective_uniforms`]) through the inverse of its
/// distribution.
pub fn draw_values(slots: &[Slot], seed: u64, index: u64) -> Vec<f64> {
    values_of(slots, &uniforms(seed, index, slots.len()))
}

pub(crate) fn values_of(slots: &[Slot], u: &[f64]) -> Vec<f64> {
    slots
        .iter()
        .zip(effective_uniforms(slots, u))
        .map(|(s, x)| s.distribution.quantile(s.range, x))
        .collect()
}

/// The uniform numbers the slots' distributions are taken at, from the
/// independent numbers `u` (one per slot): an ungrouped slot keeps its own;
/// the members of a group with correlation 1 all take the number of the
/// group's first member; those of a group with correlation ρ < 1 take
/// Φ(√(1 − ρ) z_k + c Σ z_j) with z = Φ⁻¹(u) over the members and
/// c = (√(1 − ρ + ρm) − √(1 − ρ)) / m, which gives every two of the m
/// members normal scores with correlation ρ (a Gaussian copula).
pub fn effective_uniforms(slots: &[Slot], u: &[f64]) -> Vec<f64> {
    let n = slots.len().min(u.len());
    // Σ z over the members of each copula group, once per group (keyed by
    // the group's first member), added in slot order as in
    // `effective_uniform`, so both give the same bits.
    let mut sums: Vec<(usize, f64)> = Vec::new();
    for (s, x) in slots.iter().zip(u) {
        if let Some(g) = s.group.filter(|g| g.correlation < 1.0) {
            match sums.iter_mut().find(|(l, _)| *l == g.leader) {
                Some((_, sum)) => *sum += normal_quantile(*x),
                None => sums.push((g.leader, normal_quantile(*x))),
            }
        }
    }
    (0..n)
        .map(|k| {
            let sum = slots[k]
                .group
                .and_then(|g| sums.iter().find(|(l, _)| *l == g.leader))
                .map(|(_, s)| *s);
            effective_uniform_with(slots, u, k, sum)
        })
        .collect()
}

/// [`effective_uniforms`] for slot `k` alone.
pub fn effective_uniform(slots: &[Slot], u: &[f64], k: usize) -> f64 {
    effective_uniform_with(slots, u, k, None)
}

/// [`effective_uniform`], with the group's Σ z when already known.
pub(crate) fn effective_uniform_with(slots: &[Slot], u: &[f64], k: usize, sum: Option<f64>) -> f64 {
    let own = u.get(k).copied().unwrap_or(0.5);
    let Some(g) = slots.get(k).and_then(|s| s.group) else {
        return own;
    };
    if g.correlation >= 1.0 {
        return u.get(g.leader).copied().unwrap_or(own);
    }
    let rho = g.correlation.max(0.0);
    let sum = sum.unwrap_or_else(|| {
        slots
            .iter()
            .zip(u)
            .filter(|(s, _)| s.group.is_some_and(|h| h.leader == g.leader))
            .fold(0.0, |acc, (_, x)| acc + normal_quantile(*x))
    });
    let m = g.size.max(1) as f64;
    let c = ((1.0 - rho + rho * m).sqrt() - (1.0 - rho).sqrt()) / m;
    normal_cdf((1.0 - rho).sqrt() * normal_quantile(own) + c * sum)
}

/// The dataset of draw `index`.
pub fn draw_dataset(ds: &Dataset, slots: &[Slot], seed: u64, index: u64) -> (Dataset, Vec<f64>) {
    let u = uniforms(seed, index, slots.len());
    let mut d = ds.clone();
    for (s, x) in slots.iter().zip(values_of(slots, &u)) {
        set(&mut d, s.at, x);
    }
    (d, u)
}
