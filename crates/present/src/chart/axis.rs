//! Axes at round numbers: ticks at 1, 2, 2,5 or 5 times a power of ten
//! ("nice numbers"), the range widened to whole ticks, and zero included
//! when a quantity starts at zero.

use crate::num::Lang;

/// The ticks of an axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticks {
    /// The axis runs from `lo` to `hi`, both ticks.
    pub lo: f64,
    pub hi: f64,
    pub step: f64,
    pub values: Vec<f64>,
}

/// The round step nearest to `raw` from above: 1, 2, 2,5 or 5 × 10^k.
pub fn nice_step(raw: f64) -> f64 {
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(raw.log10().floor());
    let f = raw / p;
    let m = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    m * p
}

/// Ticks for values from `min` to `max`: about `count` intervals at a
/// round step; `zero` widens the range to include 0.
pub fn nice_ticks(min: f64, max: f64, count: usize, zero: bool) -> Ticks {
    let (mut a, mut b) = if min.is_finite() && max.is_finite() {
        (min.min(max), min.max(max))
    } else {
        (0.0, 1.0)
    };
    if zero {
        a = a.min(0.0);
        b = b.max(0.0);
    }
    if (b - a).abs() < 1e-12 {
        // One value: a range around it.
        let d = if a == 0.0 { 1.0 } else { a.abs() * 0.1 };
        a -= d;
        b += d;
        if zero && min >= 0.0 {
            a = a.max(0.0);
        }
    }
    let step = nice_step((b - a) / count.max(1) as f64);
    let lo = (a / step + 1e-9).floor() * step;
    let hi = (b / step - 1e-9).ceil() * step;
    let n = ((hi - lo) / step).round() as usize;
    let values = (0..=n)
        .map(|k| {
            let v = lo + k as f64 * step;
            // Exact zero, not −0 or 1e-13.
            if v.abs() < step * 1e-9 {
                0.0
            } else {
                v
            }
        })
        .collect();
    Ticks {
        lo,
        hi,
        step,
        values,
    }
}

/// Year ticks: whole years at a step of 1, 2, 5 or 10 years, about
/// `count` of them, from the first year to the last.
pub fn year_ticks(first: f64, last: f64, count: usize) -> Vec<f64> {
    let (a, b) = (first.floor(), last.ceil().max(first.floor()));
    let span = (b - a).max(1.0);
    let step = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0]
        .into_iter()
        .find(|s| span / s <= count.max(1) as f64)
        .unwrap_or(100.0);
    let start = (a / step).ceil() * step;
    let mut v = Vec::new();
    let mut y = start;
    while y <= b + 1e-9 {
        v.push(y);
        y += step;
    }
    v
}

/// How an axis writes its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueFormat {
    /// A count or amount: `1.000.000`, decimals as the step needs.
    Number,
    /// Already in percent: `19,5%`.
    Percent,
    /// A share 0–1 shown as a percentage: `0.46` -> `46%`.
    Share,
}

impl ValueFormat {
    /// `v` as a tick label, with the decimals that `step` needs.
    pub fn tick(self, lang: Lang, v: f64, step: f64) -> String {
        let scaled_step = if self == ValueFormat::Share {
            step * 100.0
        } else {
            step
        };
        let decimals = decimals_for(scaled_step);
        match self {
            ValueFormat::Number => lang.fixed(v, decimals),
            ValueFormat::Percent => format!("{}%", lang.fixed(v, decimals)),
            ValueFormat::Share => format!("{}%", lang.fixed(v * 100.0, decimals)),
        }
    }

    /// `v` as a value label (no step: whole numbers above 100, else two
    /// significant decimals at most).
    pub fn value(self, lang: Lang, v: f64) -> String {
        match self {
            ValueFormat::Number => lang.num(v),
            // 19,4% stays 19,4% (a whole number would make 19,4 and 19,6
            // look like 19 and 20); below 10 as `num` (0,25%).
            ValueFormat::Percent
                if v.is_finite() && v.abs() >= 10.0 && (v - v.round()).abs() >= 0.05 =>
            {
                format!("{}%", lang.fixed(v, 1))
            }
            ValueFormat::Percent => format!("{}%", lang.num(v)),
            ValueFormat::Share => lang.pct(v),
        }
    }
}

/// Decimals a tick step needs: 0 for 1 and up, 1 for 0,5, 2 for 0,25.
fn decimals_for(step: f64) -> usize {
    if !step.is_finite() || step <= 0.0 {
        return 0;
    }
    (0..6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d);
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(6) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(0.13), 0.2);
        assert_eq!(nice_step(23.0), 25.0);
        assert_eq!(nice_step(30_000.0), 50_000.0);
        assert_eq!(nice_step(100.0), 100.0);
        assert_eq!(nice_step(-1.0), 1.0);
    }

    #[test]
    fn ticks_cover_the_range_at_round_numbers() {
        let t = nice_ticks(-173_774.0, 243_270.0, 5, false);
        assert_eq!(t.step, 100_000.0);
        assert_eq!(t.lo, -200_000.0);
        assert_eq!(t.hi, 300_000.0);
        assert_eq!(t.values.len(), 6);
        assert!(t.values.contains(&0.0));
        // A quantity that starts at zero: 19 -> 20% does not fill the chart.
        let t = nice_ticks(19.0, 20.3, 5, true);
        assert_eq!((t.lo, t.hi, t.step), (0.0, 25.0, 5.0));
        // Without zero the axis hugs the data at round numbers.
        let t = nice_ticks(19.0, 20.3, 5, false);
        assert_eq!((t.lo, t.hi, t.step), (19.0, 20.5, 0.5));
        // One value.
        let t = nice_ticks(5.0, 5.0, 4, true);
        assert!(t.lo <= 0.0 && t.hi >= 5.5);
        let t = nice_ticks(f64::NAN, 3.0, 4, false);
        assert_eq!((t.lo, t.hi), (0.0, 1.0));
    }

    #[test]
    fn year_ticks_are_whole_years() {
        assert_eq!(
            year_ticks(2015.0, 2030.0, 6),
            vec![2015.0, 2020.0, 2025.0, 2030.0]
        );
        assert_eq!(
            year_ticks(2024.0, 2030.0, 8),
            (2024..=2030).map(f64::from).collect::<Vec<_>>()
        );
        assert_eq!(
            year_ticks(2024.0, 2030.0, 4),
            vec![2024.0, 2026.0, 2028.0, 2030.0]
        );
    }

    #[test]
    fn tick_labels_carry_the_decimals_of_their_step() {
        let nl = Lang::Nl;
        assert_eq!(
            ValueFormat::Number.tick(nl, 1_000_000.0, 250_000.0),
            "1.000.000"
        );
        assert_eq!(
            ValueFormat::Number.tick(nl, -200_000.0, 100_000.0),
            "−200.000"
        );
        assert_eq!(ValueFormat::Percent.tick(nl, 19.4, 0.2), "19,4%");
        assert_eq!(ValueFormat::Share.tick(Lang::En, 0.25, 0.05), "25%");
        assert_eq!(ValueFormat::Number.tick(Lang::En, 2.5, 2.5), "2.5");
    }
}
