//! What the draws give: the figures of one draw ([`DrawFigures`],
//! [`DrawOutcome`]), all draws in order ([`McResult`]), their mean and
//! quantiles ([`summarize`]), the share meeting a goal ([`probability`]) and
//! how they were drawn ([`how_drawn`]).

use crate::inputs::uncertainty::Distribution;

use crate::inputs::slots::{Slot, SlotGroup};
use crate::inputs::units::Year;
use crate::reference::gap::Decomposition;

/// The figures of one run (without or with the policy) of one draw.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DrawFigures {
    /// Technician gap per gap year (fte, net).
    pub gap_by_year: Vec<f64>,
    /// Technician gap in the goal year per education level (fte, net;
    /// [`Level::ALL`](crate::inputs::codes::Level::ALL) order).
    pub gap_by_level: Vec<f64>,
    /// Technicians required in the goal year (baseline + net climate
    /// demand, fte; the gap is required - available).
    pub required: f64,
    /// Technicians available in the goal year (supply, fte).
    pub available: f64,
    /// The technicians' climate demand in the goal year, all of it (net
    /// or gross as the run's basis): what the climate targets need, beside
    /// the part the framing puts on top (the terms' `climate`).
    pub climate_need: f64,
    /// What the technician gap is made of in every gap year (the order of
    /// `gap_by_year`); with a policy, its supply change is split into that
    /// without it and the policy's extra supply ([`DrawOutcome::new`]).
    pub parts_by_year: Vec<Decomposition>,
    /// The same in the goal year per education level.
    pub parts_by_level: Vec<Decomposition>,
    /// The same per gap year x province, only when the engine keeps them
    /// ([`crate::mc::engine::Engine::keep_province_terms`]; the identity
    /// tests): empty otherwise.
    pub parts_by_province: Vec<Decomposition>,
    /// Digital-skills count per definition in the goal year (persons).
    pub digital: Vec<f64>,
    /// Technician gap per gap year x province (fte, net): one row of the
    /// dataset's regions per gap year, in the order of `gap_by_year`
    /// (empty when the engine has none).
    pub gap_by_province: Vec<f64>,
}

/// What one draw (or one deterministic run) gives.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawOutcome {
    /// Technician gap in the goal year without the policy (fte).
    pub gap_without: f64,
    /// With the policy (equal to `gap_without` without a policy).
    pub gap_with: f64,
    /// Digital-skills count per definition, without and with (persons).
    pub digital_without: Vec<f64>,
    pub digital_with: Vec<f64>,
    /// Every figure of the run without the policy: the technician gap per
    /// gap year and by level, the digital counts.
    pub without: DrawFigures,
    /// The same with the policy (equal to `without` without a policy).
    pub with: DrawFigures,
}

impl DrawOutcome {
    /// The outcome of the figures without and with the policy; `goal` is
    /// the goal year's index among the gap years.
    pub fn new(without: DrawFigures, mut with: DrawFigures, goal: usize) -> DrawOutcome {
        let at_goal = |f: &DrawFigures| f.gap_by_year.get(goal).copied().unwrap_or(f64::NAN);
        // The policy's extra supply, cell group by cell group: available with
        // the policy minus available without it.
        let split = |w: &mut Vec<Decomposition>, wo: &[Decomposition]| {
            if w.len() == wo.len() {
                for (a, b) in w.iter_mut().zip(wo) {
                    *a = a.with_policy(b);
                }
            }
        };
        split(&mut with.parts_by_year, &without.parts_by_year);
        split(&mut with.parts_by_level, &without.parts_by_level);
        split(&mut with.parts_by_province, &without.parts_by_province);
        DrawOutcome {
            gap_without: at_goal(&without),
            gap_with: at_goal(&with),
            digital_without: without.digital.clone(),
            digital_with: with.digital.clone(),
            without,
            with,
        }
    }
}

impl DrawOutcome {
    /// A draw whose regions are those of several region sets side by side
    /// (`sets`: the number of regions of each, in order;
    /// [`crate::mc::engine::Engine::region_sets`]) as one draw per set, each
    /// with its set's regions alone: the same figures otherwise. A draw
    /// without regions has none in any set.
    pub fn split_regions(mut self, sets: &[usize]) -> Vec<DrawOutcome> {
        let total: usize = sets.iter().sum();
        // Rows of `total` regions (one per gap year) -> the rows of the
        // set's regions, `from..from + n`.
        fn rows<T: Clone>(v: &[T], total: usize, from: usize, n: usize) -> Vec<T> {
            if total == 0 || !v.len().is_multiple_of(total) {
                return Vec::new();
            }
            v.chunks_exact(total)
                .flat_map(|row| row[from..from + n].iter().cloned())
                .collect()
        }
        let take = |f: &mut DrawFigures| {
            (
                std::mem::take(&mut f.gap_by_province),
                std::mem::take(&mut f.parts_by_province),
            )
        };
        let (gap_without, parts_without) = take(&mut self.without);
        let (gap_with, parts_with) = take(&mut self.with);
        let mut out = Vec::with_capacity(sets.len());
        let mut from = 0;
        for (k, &n) in sets.iter().enumerate() {
            let mut d = if k + 1 == sets.len() {
                std::mem::replace(
                    &mut self,
                    DrawOutcome::new(DrawFigures::default(), DrawFigures::default(), 0),
                )
            } else {
                self.clone()
            };
            d.without.gap_by_province = rows(&gap_without, total, from, n);
            d.without.parts_by_province = rows(&parts_without, total, from, n);
            d.with.gap_by_province = rows(&gap_with, total, from, n);
            d.with.parts_by_province = rows(&parts_with, total, from, n);
            out.push(d);
            from += n;
        }
        out
    }
}

/// Mean and quantiles of a sample.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub mean: f64,
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
}

/// Quantile `q` of `values`, linear between order statistics (the
/// quantile of the sorted values at rank `q x (n - 1)`). Finds the two
/// order statistics by selection, O(n), reordering `values`; NaN sorts
/// last ([`f64::total_cmp`]).
pub(crate) fn quantile(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let x = q * (values.len() - 1) as f64;
    let (i, f) = (x.floor() as usize, x - x.floor());
    let (_, at, above) = values.select_nth_unstable_by(i, f64::total_cmp);
    let at = *at;
    // The next order statistic is the least of those above rank i.
    let next = above.iter().copied().min_by(f64::total_cmp).unwrap_or(at);
    at + f * (next - at)
}

/// Mean, P5, P50 and P95 of a sample.
pub fn summarize(values: &[f64]) -> Summary {
    let mut v = values.to_vec();
    Summary {
        mean: values.iter().sum::<f64>() / values.len().max(1) as f64,
        p5: quantile(&mut v, 0.05),
        p50: quantile(&mut v, 0.5),
        p95: quantile(&mut v, 0.95),
    }
}

/// Share of values for which `met` holds.
pub fn probability(values: &[f64], met: impl Fn(f64) -> bool) -> f64 {
    values.iter().filter(|v| met(**v)).count() as f64 / values.len().max(1) as f64
}

/// The draws of one Monte Carlo run, in draw order.
#[derive(Debug, Clone)]
pub struct McResult {
    pub seed: u64,
    pub year: Year,
    /// The gap years, the order of [`DrawFigures::gap_by_year`].
    pub years: Vec<Year>,
    /// Supply cells times flow years one draw runs (both runs).
    pub cell_updates_per_draw: usize,
    pub slots: Vec<Slot>,
    pub draws: Vec<DrawOutcome>,
    /// Uniform numbers, draw x slot.
    pub uniforms: Vec<f64>,
}

impl McResult {
    /// The goal year's technician gap of every draw, without or `with` the
    /// policy (fte, in draw order).
    pub fn gaps(&self, with: bool) -> Vec<f64> {
        self.draws
            .iter()
            .map(|d| if with { d.gap_with } else { d.gap_without })
            .collect()
    }

    /// The mean over the draws of what the goal year's technician gap is
    /// made of, without or `with` the policy: means add up, so the terms
    /// sum to the mean gap (not to the median).
    pub fn mean_terms(&self, with: bool) -> Decomposition {
        let goal = self.years.iter().position(|t| *t == self.year);
        let mut sum = Decomposition::default();
        let mut n = 0usize;
        for d in &self.draws {
            let f = if with { &d.with } else { &d.without };
            if let Some(p) = goal.and_then(|g| f.parts_by_year.get(g)) {
                sum.add(p);
                n += 1;
            }
        }
        sum.scaled(1.0 / n.max(1) as f64)
    }

    /// The technicians' climate need in the goal year of every draw (fte,
    /// in draw order; the same without and with the policy).
    pub fn climate_need(&self) -> Vec<f64> {
        self.draws.iter().map(|d| d.without.climate_need).collect()
    }

    /// The number of provinces the draws carry (0 when they have none or
    /// do not all have a row of the same provinces for every gap year).
    pub fn n_provinces(&self) -> usize {
        let ny = self.years.len().max(1);
        let n = self
            .draws
            .first()
            .map_or(0, |d| d.without.gap_by_province.len());
        let same = |f: &DrawFigures| f.gap_by_province.len() == n;
        if n.is_multiple_of(ny) && self.draws.iter().all(|d| same(&d.without) && same(&d.with)) {
            n / ny
        } else {
            0
        }
    }

    /// The goal year's technician gap in province `r` of every draw,
    /// without or `with` the policy (fte, in draw order; NaN where a draw
    /// has no such province).
    pub fn province_gaps(&self, r: usize, with: bool) -> Vec<f64> {
        let goal = self.years.iter().position(|t| *t == self.year);
        self.province_gaps_in(goal.unwrap_or(usize::MAX), r, with)
    }

    /// As [`McResult::province_gaps`] in gap year `y` (an index into
    /// [`McResult::years`]).
    pub fn province_gaps_in(&self, y: usize, r: usize, with: bool) -> Vec<f64> {
        let np = self.n_provinces();
        let at = (r < np)
            .then(|| y.checked_mul(np)?.checked_add(r))
            .flatten();
        self.draws
            .iter()
            .map(|d| {
                let f = if with { &d.with } else { &d.without };
                at.and_then(|i| f.gap_by_province.get(i))
                    .copied()
                    .unwrap_or(f64::NAN)
            })
            .collect()
    }

    /// The goal year's count of digital definition `k` of every draw,
    /// without or `with` the policy (persons; NaN where there is none).
    pub fn digital(&self, k: usize, with: bool) -> Vec<f64> {
        self.draws
            .iter()
            .map(|d| {
                let v = if with {
                    &d.digital_with
                } else {
                    &d.digital_without
                };
                v.get(k).copied().unwrap_or(f64::NAN)
            })
            .collect()
    }
}

/// How the slots of a Monte Carlo run are drawn, counted: what the notes
/// of every output that shows draws must say (distributions, correlation).
#[derive(Debug, Clone, PartialEq)]
pub struct HowDrawn {
    /// Slots drawn.
    pub parameters: usize,
    /// The distributions used, in [`Distribution::ALL`] order, with their
    /// number of slots.
    pub distributions: Vec<(Distribution, usize)>,
    /// Correlation groups among the slots.
    pub groups: usize,
    /// Slots in a correlation group.
    pub grouped: usize,
    /// Groups joined by a Gaussian copula (correlation below 1); the
    /// others' members move together.
    pub copula_groups: usize,
}

/// In words: "distributions from low, central, high: 60 triangular, 9
/// pert; 17 of them in 4 correlation groups from uncertainty.csv (members
/// moving together), the others independent".
impl std::fmt::Display for HowDrawn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let dists: Vec<String> = self
            .distributions
            .iter()
            .map(|(d, n)| format!("{n} {}", d.code()))
            .collect();
        let dists = if dists.is_empty() {
            "none".to_string()
        } else {
            dists.join(", ")
        };
        write!(f, "distributions from low, central, high: {dists}; ")?;
        if self.groups == 0 {
            return write!(f, "all independent");
        }
        let how = if self.copula_groups == 0 {
            "members moving together".to_string()
        } else {
            format!(
                "{} of them joined by a Gaussian copula, in the others members moving together",
                self.copula_groups
            )
        };
        let plural = if self.groups == 1 { "" } else { "s" };
        write!(
            f,
            "{} of them in {} correlation group{plural} from uncertainty.csv ({how}), the others independent",
            self.grouped, self.groups
        )
    }
}

/// How `slots` are drawn.
pub fn how_drawn(slots: &[Slot]) -> HowDrawn {
    let distributions = Distribution::ALL
        .into_iter()
        .map(|d| (d, slots.iter().filter(|s| s.distribution == d).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    let mut groups: Vec<SlotGroup> = Vec::new();
    for g in slots.iter().filter_map(|s| s.group) {
        if !groups.iter().any(|x| x.index == g.index) {
            groups.push(g);
        }
    }
    HowDrawn {
        parameters: slots.len(),
        distributions,
        groups: groups.len(),
        grouped: groups.iter().map(|g| g.size).sum(),
        copula_groups: groups.iter().filter(|g| g.correlation < 1.0).count(),
    }
}
