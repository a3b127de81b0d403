//! Live odds for the explorer: the technician gap's draws at any factors on
//! a scenario's climate measures, as a weighted sum over the draws.
//!
//! **What it equals.** [`DrawBasis::gaps`] gives, draw by draw, the goal
//! year's national technician gap (with the policy) of
//! [`crate::mc::monte_carlo`] on the scenario whose measure `k` has its
//! `scale` multiplied by `f[k]`, with the same draws and seed, to rounding
//! (checked to 1e-9 of the gap's size per draw in this module's tests and, on
//! the built-in data, in the web crate's explorer tests). At factors all 1 it
//! is that Monte Carlo's draws bit for bit (the sum is skipped).
//!
//! **Why it is exact.** Per draw the gap is
//! `factor × (baseline + shortage + climate) − available` ([`crate::reference::gap::Cell`]). Only climate
//! demand depends on a measure's scale, and linearly: the chain multiplies
//! a trajectory's additions by it and everything after is linear for a
//! non-negative scale (see [`crate::fast::climate_basis`]); the base year's
//! climate work, direct investments and fossil losses do not depend on it.
//! The linear demand basis ([`crate::fast::demand_basis`]) gives each
//! measure's part of the technicians' climate demand per draw
//! ([`DrawBasis`]: draws × measures). The policy's supply and its factor
//! on required labour (extra productivity) do not depend on climate
//! demand; they come from one Monte Carlo per policy setting
//! ([`policy_draws`]: the gap at the scenario's scales and the factor,
//! per draw). So
//! `gap(f) = gap(1) + factor × Σ_k (f_k − 1) × part_k`, a few
//! multiplications per draw.
//!
//! **What it does not cover.** Levers and campaigns are not linear in their
//! scale or budget (retention compounds over the years, extra productivity
//! is a power of the years, a campaign's funnel is capped by its target
//! group, shares are clamped): each policy setting needs its own
//! [`policy_draws`], a Monte Carlo of the whole chain. When the demand
//! chain is not linear for a dataset (its basis failed its check),
//! [`draw_basis`] gives `None`.

use rayon::prelude::*;

use crate::error::GapError;
use crate::inputs::dataset::Dataset;
use crate::inputs::policy::Policy;
use crate::inputs::scenario::Scenario;
use crate::inputs::slots::set;
use crate::inputs::units::Year;
use crate::mc::draws::{uniforms, values_of};
use crate::mc::engine::Engine;
use crate::mc::{monte_carlo_on, national_view, on_engine, McSpec};

/// Per draw, each scenario measure's part of the technicians' national
/// climate demand in the goal year (at the scenario's scale, weighted as
/// the gap counts it); see the module documentation.
#[derive(Debug, Clone)]
pub struct DrawBasis {
    pub seed: u64,
    pub year: Year,
    pub draws: usize,
    /// The scenario's measures (in the order of `Scenario::measures`).
    pub n_measures: usize,
    /// Draw x measure.
    parts: Vec<f64>,
}

/// One policy setting's draws: the goal year's national technician gap
/// (with the policy; without one, the gap) at the scenario's scales, and
/// the policy's factor on required labour, in draw order.
#[derive(Debug, Clone)]
pub struct PolicyDraws {
    pub seed: u64,
    pub year: Year,
    pub gap: Vec<f64>,
    pub factor: Vec<f64>,
}

/// The basis of `scenario`'s measures for the draws of `spec`; `None` when
/// the demand chain is not linear for the dataset (no linear basis).
pub fn draw_basis(
    ds: &Dataset,
    scenario: &Scenario,
    spec: McSpec,
) -> Result<Option<DrawBasis>, GapError> {
    let (nd, nsc) = national_view(ds, scenario);
    let engine = Engine::new(&nd, &nsc, Vec::new(), spec.options, spec.year, None)?;
    if !engine.linear_demand() {
        return Ok(None);
    }
    let n = engine.slots.len();
    let measures: Vec<usize> = nsc.measures.iter().map(|sm| sm.measure).collect();
    let rows: Vec<Option<Vec<f64>>> = (0..spec.draws as u64)
        .into_par_iter()
        .map_init(
            || engine.dataset.clone(),
            |d, i| {
                let values = values_of(&engine.slots, &uniforms(spec.seed, i, n));
                for (s, v) in engine.slots.iter().zip(&values) {
                    set(d, s.at, *v);
                }
                let by = engine.measure_parts(d)?;
                Some(
                    measures
                        .iter()
                        .map(|&m| by.get(m).copied().unwrap_or(0.0))
                        .collect(),
                )
            },
        )
        .collect();
    let mut parts = Vec::with_capacity(spec.draws * measures.len());
    for r in rows {
        match r {
            Some(r) => parts.extend(r),
            None => return Ok(None),
        }
    }
    Ok(Some(DrawBasis {
        seed: spec.seed,
        year: spec.year,
        draws: spec.draws,
        n_measures: measures.len(),
        parts,
    }))
}

/// The draws of one policy setting (none = no policy) on `scenario` at its
/// scales: the Monte Carlo of [`crate::mc::monte_carlo`] (the same engine,
/// draws and seed), with each draw's factor on required labour.
pub fn policy_draws(
    ds: &Dataset,
    scenario: &Scenario,
    policy: Option<&Policy>,
    spec: McSpec,
) -> Result<PolicyDraws, GapError> {
    on_engine(ds, scenario, policy, spec.options, spec.year, |engine| {
        let mc = monte_carlo_on(engine, spec.seed, spec.draws, &|_| {})?;
        let n = engine.slots.len();
        let factor: Vec<f64> = (0..mc.draws.len())
            .into_par_iter()
            .map_init(
                || engine.dataset.clone(),
                |d, i| {
                    let u = &mc.uniforms[i * n..(i + 1) * n];
                    for (s, v) in engine.slots.iter().zip(values_of(&engine.slots, u)) {
                        set(d, s.at, v);
                    }
                    engine.required_factor(d)
                },
            )
            .collect();
        Ok(PolicyDraws {
            seed: spec.seed,
            year: spec.year,
            gap: mc.gaps(engine.has_policy()),
            factor,
        })
    })
}

impl DrawBasis {
    /// The gap per draw at factors `f` on the scenario's measures (one per
    /// measure, in the scenario's order) with the policy of `p`, into
    /// `out`; `false` (and `out` left empty) when `p` has other draws or
    /// `f` another length.
    pub fn gaps(&self, p: &PolicyDraws, f: &[f64], out: &mut Vec<f64>) -> bool {
        out.clear();
        let n = self.n_measures;
        if f.len() != n
            || p.seed != self.seed
            || p.year != self.year
            || p.gap.len() > self.draws
            || p.factor.len() != p.gap.len()
        {
            return false;
        }
        // The first draws of a run are those of a shorter run.
        let moved: Vec<(usize, f64)> = f
            .iter()
            .enumerate()
            .filter(|(_, x)| **x != 1.0)
            .map(|(k, x)| (k, x - 1.0))
            .collect();
        out.extend(p.gap.iter().enumerate().map(|(d, g)| {
            if moved.is_empty() {
                return *g;
            }
            let row = &self.parts[d * n..(d + 1) * n];
            let extra: f64 = moved.iter().map(|(k, df)| df * row[*k]).sum();
            g + p.factor[d] * extra
        }));
        true
    }

    /// Each measure's part in draw `d` (in the scenario's order).
    pub fn parts(&self, d: usize) -> Option<&[f64]> {
        self.parts
            .get(d * self.n_measures..(d + 1) * self.n_measures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::policy::CampaignChoice;
    use crate::mc::monte_carlo;
    use crate::reference::gap::GapOptions;
    use crate::toy::{toy_scenario, toy_with_policy};

    fn spec(draws: usize) -> McSpec {
        McSpec {
            options: GapOptions::default(),
            year: 2028,
            draws,
            seed: 11,
        }
    }

    /// The basis at several factor vectors equals a Monte Carlo of the
    /// scaled scenario, draw by draw, with and without a policy.
    #[test]
    fn equals_the_monte_carlo_of_the_scaled_scenario() {
        let ds = toy_with_policy();
        let sc = toy_scenario(1.0);
        let spec = spec(12);
        let basis = draw_basis(&ds, &sc, spec).expect("runs").expect("linear");
        assert_eq!(basis.n_measures, sc.measures.len());
        assert!(basis.n_measures >= 2, "the toy needs two measures");
        let lever_policy = ds.policy.as_ref().map(|pd| Policy {
            name: "test".into(),
            levers: pd
                .levers
                .iter()
                .enumerate()
                .map(|(k, l)| (k, 2.0 * l.default_intensity))
                .collect(),
            campaigns: vec![CampaignChoice {
                campaign: 0,
                budget_meur_per_year: 2.0,
                years: 3,
                start_year: 2025,
            }],
            ..Policy::default()
        });
        for policy in [None, lever_policy.as_ref()] {
            let p = policy_draws(&ds, &sc, policy, spec).expect("runs");
            let at_one = monte_carlo(&ds, &sc, policy, spec, &|_| {}).expect("runs");
            let with = policy.is_some();
            assert_eq!(
                p.gap,
                at_one.gaps(with),
                "factors 1: the Monte Carlo's draws"
            );
            let mut out = Vec::new();
            let n = basis.n_measures;
            for f in [
                vec![1.0; n],
                vec![0.0; n],
                vec![2.0; n],
                (0..n).map(|k| 0.3 + 0.7 * k as f64).collect(),
            ] {
                assert!(basis.gaps(&p, &f, &mut out));
                let mut scaled = sc.clone();
                for (sm, x) in scaled.measures.iter_mut().zip(&f) {
                    sm.scale *= x;
                }
                let full = monte_carlo(&ds, &scaled, policy, spec, &|_| {}).expect("runs");
                let full = full.gaps(with);
                assert_eq!(out.len(), full.len());
                for (a, b) in out.iter().zip(&full) {
                    assert!(
                        (a - b).abs() <= 1e-9 * (1.0 + b.abs()),
                        "factors {f:?}: {a} against {b}"
                    );
                }
            }
        }
    }

    /// A policy run of other draws, or factors of another length, give no
    /// answer.
    #[test]
    fn refuses_other_draws() {
        let ds = toy_with_policy();
        let sc = toy_scenario(1.0);
        let basis = draw_basis(&ds, &sc, spec(4))
            .expect("runs")
            .expect("linear");
        let p = policy_draws(
            &ds,
            &sc,
            None,
            McSpec {
                seed: 12,
                ..spec(4)
            },
        )
        .expect("runs");
        let mut out = vec![1.0];
        assert!(!basis.gaps(&p, &vec![1.0; basis.n_measures], &mut out));
        assert!(out.is_empty());
        let p = policy_draws(&ds, &sc, None, spec(4)).expect("runs");
        assert!(!basis.gaps(&p, &[1.0], &mut out) || basis.n_measures == 1);
        // Fewer draws: the first draws of the basis.
        let p2 = policy_draws(&ds, &sc, None, spec(2)).expect("runs");
        assert!(basis.gaps(&p2, &vec![1.0; basis.n_measures], &mut out));
        assert_eq!(out, p.gap[..2]);
    }
}
