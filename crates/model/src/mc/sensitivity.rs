//! What matters most: a one-at-a-time tornado (each slot, and each
//! correlation group as a whole, at its low and high end, the rest central)
//! and a first-order variance index estimated from the draws (the variance of
//! the mean outcome within bins of the slot's uniform number, over the total
//! variance).

use rayon::prelude::*;

use crate::inputs::dataset::Dataset;

use crate::error::GapError;
use crate::inputs::bracket::Range3;
use crate::inputs::policy::Policy;
use crate::inputs::scenario::Scenario;
use crate::inputs::slots::Slot;
use crate::inputs::units::Year;
use crate::mc::draws::effective_uniform;
use crate::mc::engine::Engine;
use crate::mc::on_engine;
use crate::mc::summary::{DrawOutcome, McResult};
use crate::reference::gap::GapOptions;

/// One slot's effect on the technician gap.
#[derive(Debug, Clone, PartialEq)]
pub struct Sensitivity {
    pub slot: Slot,
    /// Gap with the slot at its low and at its high end, the rest central.
    pub at_low: f64,
    pub at_high: f64,
    /// First-order variance index from the draws (share of the variance of
    /// the gap explained by this slot alone), when there are enough draws.
    pub first_order: Option<f64>,
}

impl Sensitivity {
    pub fn swing(&self) -> f64 {
        (self.at_high - self.at_low).abs()
    }
}

/// One-at-a-time tornado for the gap `with` (or without) the policy, plus
/// first-order indices from `mc` when given. Sorted by swing, largest first.
pub fn sensitivity(
    ds: &Dataset,
    scenario: &Scenario,
    policy: Option<&Policy>,
    options: GapOptions,
    year: Year,
    mc: Option<&McResult>,
) -> Result<Vec<Sensitivity>, GapError> {
    on_engine(ds, scenario, policy, options, year, |engine| {
        sensitivity_on(engine, policy.is_some(), mc)
    })
}

pub(crate) fn sensitivity_on(
    engine: &Engine<'_>,
    with_policy: bool,
    mc: Option<&McResult>,
) -> Result<Vec<Sensitivity>, GapError> {
    let pick = |o: &DrawOutcome| {
        if with_policy {
            o.gap_with
        } else {
            o.gap_without
        }
    };
    let ends: Vec<Result<(f64, f64), GapError>> = (0..engine.slots.len())
        .into_par_iter()
        .map_init(
            || engine.scratch(),
            |scratch, k| {
                let r = engine.slots[k].range;
                Ok((
                    pick(&engine.run_one(scratch, k, r.low)?),
                    pick(&engine.run_one(scratch, k, r.high)?),
                ))
            },
        )
        .collect();
    let mut out = Vec::with_capacity(engine.slots.len());
    for (k, (s, e)) in engine.slots.iter().cloned().zip(ends).enumerate() {
        let (at_low, at_high) = e?;
        let first_order = mc.and_then(|m| first_order_index(m, k, &pick));
        out.push(Sensitivity {
            slot: s,
            at_low,
            at_high,
            first_order,
        });
    }
    out.sort_by(|a, b| b.swing().total_cmp(&a.swing()));
    Ok(out)
}

/// The tornado of the correlation groups: for each group, the gap with all
/// its members at their low ends and at their high ends (the rest central),
/// as one [`Sensitivity`] whose slot is named `group <name> (<n> ranges)`
/// and otherwise is the group's first member; its first-order index is the
/// group's (the members share one uniform number when the correlation is
/// 1). Sorted by swing.
pub fn group_sensitivity(
    ds: &Dataset,
    scenario: &Scenario,
    policy: Option<&Policy>,
    options: GapOptions,
    year: Year,
    mc: Option<&McResult>,
) -> Result<Vec<Sensitivity>, GapError> {
    on_engine(ds, scenario, policy, options, year, |engine| {
        group_sensitivity_on(engine, policy.is_some(), mc)
    })
}

pub(crate) fn group_sensitivity_on(
    engine: &Engine<'_>,
    with_policy: bool,
    mc: Option<&McResult>,
) -> Result<Vec<Sensitivity>, GapError> {
    let nd = engine.dataset;
    let pick = |o: &DrawOutcome| {
        if with_policy {
            o.gap_with
        } else {
            o.gap_without
        }
    };
    let mut leaders: Vec<usize> = engine
        .slots
        .iter()
        .filter_map(|s| s.group.map(|g| g.leader))
        .collect();
    leaders.sort_unstable();
    leaders.dedup();
    let central: Vec<f64> = engine.slots.iter().map(|s| s.range.central).collect();
    let at_end = |leader: usize, end: fn(&Range3) -> f64| -> Vec<f64> {
        engine
            .slots
            .iter()
            .zip(&central)
            .map(|(s, c)| match s.group {
                Some(g) if g.leader == leader => end(&s.range),
                _ => *c,
            })
            .collect()
    };
    let ends: Vec<Result<(f64, f64), GapError>> = leaders
        .par_iter()
        .map_init(
            || engine.scratch(),
            |scratch, &k| {
                Ok((
                    pick(&engine.run(scratch, &at_end(k, |r| r.low))?),
                    pick(&engine.run(scratch, &at_end(k, |r| r.high))?),
                ))
            },
        )
        .collect();
    let mut out = Vec::with_capacity(leaders.len());
    for (k, e) in leaders.into_iter().zip(ends) {
        let (at_low, at_high) = e?;
        let Some(first) = engine.slots.get(k) else {
            continue;
        };
        let Some(g) = first.group else { continue };
        let name = nd
            .uncertainty
            .groups
            .get(g.index)
            .map_or("?", |x| x.name.as_str());
        let mut slot = first.clone();
        slot.name = format!("group {name} ({} ranges)", g.size);
        // The index is estimated from the draws' slot order, which is the
        // engine's: slot k of the draws is the group's first member.
        let first_order = mc.and_then(|m| first_order_index(m, k, &pick));
        out.push(Sensitivity {
            slot,
            at_low,
            at_high,
            first_order,
        });
    }
    out.sort_by(|a, b| b.swing().total_cmp(&a.swing()));
    Ok(out)
}

/// Var(E[Y | slot]) / Var(Y), with the draws binned by the slot's uniform
/// number (20 bins of equal width) and the sampling noise of the bin means
/// subtracted; `None` below 200 draws or without variance.
pub(crate) fn first_order_index(
    mc: &McResult,
    k: usize,
    y: &dyn Fn(&DrawOutcome) -> f64,
) -> Option<f64> {
    let n = mc.draws.len();
    let ns = mc.slots.len();
    if n < 200 || ns == 0 {
        return None;
    }
    let ys: Vec<f64> = mc.draws.iter().map(y).collect();
    let mean = ys.iter().sum::<f64>() / n as f64;
    let var = ys.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n as f64;
    if var <= 0.0 {
        return None;
    }
    const BINS: usize = 20;
    let mut sum = [0.0; BINS];
    let mut count = [0usize; BINS];
    for (i, v) in ys.iter().enumerate() {
        // The number the slot's value was taken at (its group's).
        let u = effective_uniform(&mc.slots, &mc.uniforms[i * ns..(i + 1) * ns], k);
        let b = ((u * BINS as f64) as usize).min(BINS - 1);
        sum[b] += v;
        count[b] += 1;
    }
    let between: f64 = (0..BINS)
        .filter(|b| count[*b] > 0)
        .map(|b| count[b] as f64 * (sum[b] / count[b] as f64 - mean).powi(2))
        .sum::<f64>()
        / n as f64;
    // Even a slot without effect shows between-bin variance from sampling
    // noise, about var x (bins - 1) / n: subtract it (the usual bias
    // correction of this estimator).
    let noise = var * (BINS - 1) as f64 / n as f64;
    Some(((between - noise) / var).clamp(0.0, 1.0))
}
