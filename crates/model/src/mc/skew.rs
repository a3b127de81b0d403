//! Why the central run differs from the draws: every range whose central
//! value is not its distribution's mean (a skewed range: the high end
//! further from central than the low end, or the reverse) moves the draws'
//! mean away from the central run.
//!
//! To first order (the tornado's linearisation: the gap's slope in each
//! parameter between its low and its high end, the rest central), the
//! draws' mean gap minus the central run's gap is the sum over the
//! parameters of slope x (the parameter's mean - its central value). Each
//! term says how much one skewed range moves the answer; their sum is set
//! beside the draws' mean minus the central run, and the difference is what
//! the linearisation leaves out (interactions, curvature).

use crate::error::GapError;
use crate::inputs::slots::Slot;
use crate::mc::engine::Engine;
use crate::mc::summary::DrawOutcome;

/// One range's share in the difference between the draws' mean and the
/// central run.
#[derive(Debug, Clone, PartialEq)]
pub struct SkewTerm {
    pub slot: Slot,
    /// The distribution's mean minus the central value (in the range's unit).
    pub shift: f64,
    /// Slope x shift: the first-order effect on the technician gap in the
    /// goal year without and with the policy (fte).
    pub without: f64,
    pub with: f64,
}

/// The central run and the skewed ranges' first-order effects.
#[derive(Debug, Clone, PartialEq)]
pub struct Skew {
    /// The engine's run with every range at its central value.
    pub central: DrawOutcome,
    /// Ranges with a non-zero effect, largest |effect with the policy|
    /// (without, when there is no policy) first.
    pub terms: Vec<SkewTerm>,
}

impl Skew {
    /// The sum of the first-order effects, without or `with` the policy.
    pub fn total(&self, with: bool) -> f64 {
        self.terms
            .iter()
            .map(|t| if with { t.with } else { t.without })
            .sum()
    }
}

/// The skew of every slot of `engine` from the slots' ends (each at its
/// low and at its high end, the rest central: [`crate::mc::sensitivity`]'s
/// runs, shared with the tornado).
pub(crate) fn skew_of(
    engine: &Engine<'_>,
    ends: &[(DrawOutcome, DrawOutcome)],
) -> Result<Skew, GapError> {
    let central_values: Vec<f64> = engine.slots.iter().map(|s| s.range.central).collect();
    let central = engine.run(&mut engine.scratch(), &central_values)?;
    let mut terms = Vec::new();
    for (slot, (lo, hi)) in engine.slots.iter().zip(ends) {
        let r = slot.range;
        let shift = slot.distribution.mean(r) - r.central;
        if shift == 0.0 || r.high <= r.low {
            continue;
        }
        let slope = |a: f64, b: f64| (b - a) / (r.high - r.low);
        let t = SkewTerm {
            slot: slot.clone(),
            shift,
            without: slope(lo.gap_without, hi.gap_without) * shift,
            with: slope(lo.gap_with, hi.gap_with) * shift,
        };
        if t.without != 0.0 || t.with != 0.0 {
            terms.push(t);
        }
    }
    let with_policy = engine.has_policy();
    let key = |t: &SkewTerm| if with_policy { t.with } else { t.without }.abs();
    terms.sort_by(|a, b| key(b).total_cmp(&key(a)));
    Ok(Skew { central, terms })
}
