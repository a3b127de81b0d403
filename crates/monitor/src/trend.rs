//! Progress to a target: the trend of the last [`TREND_POINTS`] periods,
//! log-linear for counts (persons, jobs, fte, vacancies, index) and linear for
//! rates (percent, share), extrapolated to the target year with a 90%
//! prediction band; the verdict compares the projection with the target.
//! A figure for the target year itself (the model's projected 2030 gap) is
//! its own projection, its low–high bracket the band.

use crate::registry::{Direction, Indicator};
use crate::store::Point;

/// Periods the trend is fitted on (the latest ones).
pub const TREND_POINTS: usize = 5;
/// Fewest periods for a trend.
pub const MIN_POINTS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The projection and the whole band reach the target.
    OnTrack,
    /// The projection reaches it, the band does not entirely.
    Uncertain,
    /// The projection misses it.
    OffTrack,
    /// The indicator has no target.
    NoTarget,
    /// Too few observations for a trend.
    TooFewData,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::OnTrack => "on track",
            Verdict::Uncertain => "on track, but the band includes missing the target",
            Verdict::OffTrack => "off track",
            Verdict::NoTarget => "no target",
            Verdict::TooFewData => "too few observations for a trend",
        }
    }
}

/// The fitted trend line: value = a + b x (log-linear: exp of it), fitted
/// on the periods from `from` on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    pub a: f64,
    pub b: f64,
    pub log_linear: bool,
    /// Position of the first period fitted.
    pub from: f64,
}

impl Fit {
    /// The trend's value at period position `x`.
    pub fn at(&self, x: f64) -> f64 {
        let v = self.a + self.b * x;
        if self.log_linear {
            v.exp()
        } else {
            v
        }
    }
}

/// The state of one indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub latest: Option<(String, f64)>,
    /// Change per year of the fitted trend: relative (log-linear) or absolute.
    pub slope_per_year: Option<f64>,
    pub log_linear: bool,
    pub points_used: usize,
    /// Projection in the target year: (low, central, high) of the 90% band.
    pub projection: Option<(f64, f64, f64)>,
    /// The trend line, when one was fitted (for charts).
    pub fit: Option<Fit>,
    pub verdict: Verdict,
    /// The flagged series break the trend starts after (its position),
    /// when the series has one: no trend is fitted across a break
    /// ([`assess_with_breaks`]).
    pub after_break: Option<f64>,
}

impl Assessment {
    /// How the trend treats a series break, in a sentence (`None` without
    /// a break): fitted on the observations from the break on, or not
    /// fitted for lack of them.
    pub fn break_note(&self, nl: bool) -> Option<String> {
        let at = self.after_break?;
        let year = at.floor();
        Some(match (self.fit.is_some(), nl) {
            (true, true) => format!(
                "trend alleen over de {} waarnemingen vanaf de breuk in de reeks in {year} (niet over de breuk heen)",
                self.points_used
            ),
            (true, false) => format!(
                "trend fitted only on the {} observations from the series break in {year} on (not across the break)",
                self.points_used
            ),
            (false, true) => format!(
                "te weinig waarnemingen sinds de breuk in de reeks in {year} voor een trend; er is geen trend over de breuk heen gelegd"
            ),
            (false, false) => format!(
                "too few observations since the series break in {year} for a trend; no trend is fitted across the break"
            ),
        })
    }
}

/// As [`assess`], for a series with flagged breaks (`breaks`: the break
/// periods' positions): the trend is fitted only on the observations from
/// the last break on (the break's period is the first of the new level),
/// never across a break; with fewer than [`MIN_POINTS`] of them there is no
/// trend and the verdict says too few observations. The assessment names
/// the break ([`Assessment::after_break`]).
pub fn assess_with_breaks(ind: &Indicator, series: &[Point], breaks: &[f64]) -> Assessment {
    let last = series.last().map(|p| p.period.position());
    let Some(at) = breaks
        .iter()
        .copied()
        .filter(|b| last.is_some_and(|l| *b <= l))
        .reduce(f64::max)
    else {
        return assess(ind, series);
    };
    let from = series
        .iter()
        .position(|p| p.period.position() >= at)
        .unwrap_or(series.len());
    let mut a = assess(ind, &series[from..]);
    // The latest observation is the series', whatever the fit.
    a.latest = series.last().map(|p| (p.period.to_string(), p.value));
    a.after_break = Some(at);
    a
}

fn is_count(unit: &str) -> bool {
    matches!(unit, "persons" | "jobs" | "fte" | "vacancies" | "index")
}

/// Assesses an indicator's series (points in time order).
pub fn assess(ind: &Indicator, series: &[Point]) -> Assessment {
    let latest = series.last().map(|p| (p.period.to_string(), p.value));
    let tail = &series[series.len().saturating_sub(TREND_POINTS)..];
    let log = is_count(&ind.unit) && tail.iter().all(|p| p.value > 0.0);
    let none = |verdict| Assessment {
        latest: latest.clone(),
        slope_per_year: None,
        log_linear: log,
        points_used: tail.len(),
        projection: None,
        fit: None,
        verdict,
        after_break: None,
    };
    let reaches = |v: f64, target: f64| match ind.direction {
        Direction::Down => v <= target,
        _ => v >= target,
    };
    let verdict_of = |(lo, mid, hi): (f64, f64, f64), target: f64| {
        if !reaches(mid, target) {
            Verdict::OffTrack
        } else if reaches(lo, target) && reaches(hi, target) {
            Verdict::OnTrack
        } else {
            Verdict::Uncertain
        }
    };
    // A figure for the target year itself (the model's projection of 2030):
    // no trend is needed; the figure, with its bracket, is the projection.
    if let (Some((target, year)), Some(last)) = (ind.target, series.last()) {
        if last.period.position() >= f64::from(year) {
            let (lo, hi) = last.bracket.unwrap_or((last.value, last.value));
            let projection = (lo, last.value, hi);
            return Assessment {
                projection: Some(projection),
                points_used: 0,
                ..none(verdict_of(projection, target))
            };
        }
    }
    if tail.len() < MIN_POINTS {
        return none(if ind.target.is_some() {
            Verdict::TooFewData
        } else {
            Verdict::NoTarget
        });
    }
    let xs: Vec<f64> = tail.iter().map(|p| p.period.position()).collect();
    let ys: Vec<f64> = tail
        .iter()
        .map(|p| if log { p.value.ln() } else { p.value })
        .collect();
    let n = xs.len() as f64;
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let sxx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    if sxx <= 0.0 {
        return none(Verdict::TooFewData);
    }
    let b = xs
        .iter()
        .zip(&ys)
        .map(|(x, y)| (x - mx) * (y - my))
        .sum::<f64>()
        / sxx;
    let a = my - b * mx;
    let resid: f64 = xs
        .iter()
        .zip(&ys)
        .map(|(x, y)| (y - a - b * x).powi(2))
        .sum();
    let s = (resid / (n - 2.0).max(1.0)).sqrt();
    let slope = if log { b.exp() - 1.0 } else { b };
    let line = Some(Fit {
        a,
        b,
        log_linear: log,
        from: xs[0],
    });
    let Some((target, year)) = ind.target else {
        return Assessment {
            slope_per_year: Some(slope),
            fit: line,
            ..none(Verdict::NoTarget)
        };
    };
    let x = f64::from(year) + 0.5;
    let fit = a + b * x;
    // 90% prediction band (t quantile ~ 1.645 for a rough band; with few
    // points it is narrow rather than wide, which the docs say).
    let half = 1.645 * s * (1.0 + 1.0 / n + (x - mx).powi(2) / sxx).sqrt();
    let back = |v: f64| if log { v.exp() } else { v };
    let (lo, mid, hi) = (back(fit - half), back(fit), back(fit + half));
    let verdict = verdict_of((lo, mid, hi), target);
    Assessment {
        latest,
        slope_per_year: Some(slope),
        log_linear: log,
        points_used: tail.len(),
        projection: Some((lo, mid, hi)),
        fit: line,
        verdict,
        after_break: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::Period;
    use crate::registry::Pillar;

    fn ind(target: Option<(f64, u16)>) -> Indicator {
        Indicator {
            id: "x".into(),
            name_nl: "x".into(),
            name_en: "x".into(),
            pillar: Pillar::Arbeidsmarkt,
            unit: "persons".into(),
            definition: "x".into(),
            source_id: "S".into(),
            definition_version: "v1".into(),
            periodicity: "year".into(),
            target,
            direction: Direction::Up,
            plausible: (0.0, 1e9),
        }
    }

    fn series(values: &[(u16, f64)]) -> Vec<Point> {
        values
            .iter()
            .map(|(y, v)| Point {
                period: Period::Year(*y),
                value: *v,
                vintage: "2025-01-01".into(),
                bracket: None,
                earlier: Vec::new(),
            })
            .collect()
    }

    /// A flagged break: the trend is fitted on the points from the break
    /// on only (a jump at the break does not become growth), and with too
    /// few of them there is no trend at all.
    #[test]
    fn no_trend_across_a_break() {
        let i = ind(Some((1000.0, 2030)));
        // Flat at 500, then a jump to 600 in 2021 and flat again.
        let s = series(&[
            (2017, 500.0),
            (2018, 500.0),
            (2019, 500.0),
            (2020, 500.0),
            (2021, 600.0),
            (2022, 600.0),
            (2023, 600.0),
        ]);
        let across = assess(&i, &s);
        assert!(
            across.slope_per_year.expect("slope") > 0.0,
            "the jump reads as growth"
        );
        let b = Period::Year(2021).position();
        let after = assess_with_breaks(&i, &s, &[b]);
        assert_eq!(after.points_used, 3);
        assert!(after.slope_per_year.expect("slope").abs() < 1e-12);
        assert_eq!(after.verdict, Verdict::OffTrack);
        assert_eq!(after.after_break, Some(b));
        assert_eq!(after.latest, Some(("2023".into(), 600.0)));
        assert!(after
            .break_note(false)
            .expect("note")
            .contains("not across the break"));
        // Two points after the break: no trend.
        let few = assess_with_breaks(&i, &s[..6], &[b]);
        assert_eq!(few.verdict, Verdict::TooFewData);
        assert!(few.fit.is_none());
        assert!(few
            .break_note(true)
            .expect("note")
            .contains("geen trend over de breuk"));
        // A break after the last observation changes nothing.
        assert_eq!(
            assess_with_breaks(&i, &s, &[Period::Year(2025).position()]),
            across
        );
    }

    /// Exact 10% growth a year from 500 in 2020: 2030 = 500 x 1.1^10 = 1296.9.
    #[test]
    fn log_linear_growth_is_extrapolated_exactly() {
        let s = series(&[
            (2020, 500.0),
            (2021, 550.0),
            (2022, 605.0),
            (2023, 665.5),
            (2024, 732.05),
        ]);
        let a = assess(&ind(Some((1000.0, 2030))), &s);
        let (lo, mid, hi) = a.projection.expect("projection");
        assert!((mid - 500.0 * 1.1f64.powi(10)).abs() < 1e-6, "{mid}");
        assert!((lo - mid).abs() < 1e-6 && (hi - mid).abs() < 1e-6);
        assert!((a.slope_per_year.expect("slope") - 0.1).abs() < 1e-12);
        let fit = a.fit.expect("fit");
        assert!((fit.at(2030.5) - mid).abs() < 1e-6 && (fit.at(2020.5) - 500.0).abs() < 1e-9);
        assert_eq!(a.verdict, Verdict::OnTrack);
        assert_eq!(
            assess(&ind(Some((2000.0, 2030))), &s).verdict,
            Verdict::OffTrack
        );
        assert_eq!(assess(&ind(None), &s).verdict, Verdict::NoTarget);
        assert_eq!(
            assess(&ind(Some((1.0, 2030))), &s[..2]).verdict,
            Verdict::TooFewData
        );
    }

    /// The model's 2030 gap: a figure for the target year is the projection.
    #[test]
    fn a_figure_for_the_target_year_is_its_own_projection() {
        let mut i = ind(Some((0.0, 2030)));
        i.direction = Direction::Down;
        let p = |value: f64, bracket: (f64, f64)| Point {
            period: Period::Year(2030),
            value,
            vintage: "2026-11-23T10:00:00Z run".into(),
            bracket: Some(bracket),
            earlier: Vec::new(),
        };
        let a = assess(&i, &[p(-2546.0, (-173_774.0, 243_270.0))]);
        assert_eq!(a.projection, Some((-173_774.0, -2546.0, 243_270.0)));
        assert_eq!(a.verdict, Verdict::Uncertain);
        assert_eq!(
            assess(&i, &[p(42_299.0, (-35_377.0, 246_982.0))]).verdict,
            Verdict::OffTrack
        );
        assert_eq!(
            assess(&i, &[p(-10.0, (-20.0, -5.0))]).verdict,
            Verdict::OnTrack
        );
    }
}
