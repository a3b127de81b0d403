//! Sorted horizontal bars: each item's value from zero, its range as a
//! whisker, its value written at the end, and a marker for its evidence
//! (filled: sourced; open: an assumption).

use super::axis::{nice_ticks, ValueFormat};
use super::line::min_max;
use super::svg::{Svg, Swatch};
use super::{colour, text_width, wrap, TEXT_PX};
use crate::num::Lang;

/// How well an item's effect is founded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// Rests on a source.
    Sourced,
    /// A labelled assumption.
    Assumption,
}

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// Low and high end.
    pub range: Option<(f64, f64)>,
    pub evidence: Evidence,
}

#[derive(Debug, Clone)]
pub struct BarChart {
    pub id: String,
    pub title: String,
    pub desc: String,
    /// The value axis's title with its unit.
    pub x_title: String,
    pub lang: Lang,
    pub format: ValueFormat,
    pub bars: Vec<Bar>,
    /// Legend words of the two markers and of the whisker.
    pub sourced_word: String,
    pub assumption_word: String,
    pub range_word: String,
    pub width: f64,
}

impl BarChart {
    pub fn new(id: &str, title: &str, lang: Lang) -> BarChart {
        BarChart {
            id: id.into(),
            title: title.into(),
            desc: String::new(),
            x_title: String::new(),
            lang,
            format: ValueFormat::Number,
            bars: Vec::new(),
            sourced_word: lang.t("effect met bron", "effect with a source").into(),
            assumption_word: lang
                .t("effect is een aanname", "effect is an assumption")
                .into(),
            range_word: lang.t("bandbreedte", "range").into(),
            width: 640.0,
        }
    }

    /// The bars, largest value first.
    pub fn sorted(&self) -> Vec<&Bar> {
        let mut b: Vec<&Bar> = self.bars.iter().collect();
        b.sort_by(|a, c| c.value.total_cmp(&a.value));
        b
    }

    pub fn svg(&self) -> String {
        let w = self.width;
        let bars = self.sorted();
        let line_h = TEXT_PX + 4.0;
        // The label column: at most 40% of the width, long labels wrapped.
        let label_max = (w * 0.4).max(120.0);
        let wrapped: Vec<Vec<String>> = bars
            .iter()
            .map(|b| wrap(&b.label, TEXT_PX, label_max))
            .collect();
        let label_w = wrapped
            .iter()
            .flatten()
            .map(|l| text_width(l, TEXT_PX))
            .fold(0.0, f64::max)
            .min(label_max);
        let rows: Vec<f64> = wrapped
            .iter()
            .map(|l| (l.len().max(1) as f64 * line_h).max(24.0) + 8.0)
            .collect();
        let mut vals: Vec<f64> = vec![0.0];
        for b in &bars {
            vals.push(b.value);
            if let Some((lo, hi)) = b.range {
                vals.extend([lo, hi]);
            }
        }
        let vals: Vec<f64> = vals.into_iter().filter(|v| v.is_finite()).collect();
        let (vmin, vmax) = min_max(&vals);
        let ticks = nice_ticks(vmin, vmax, 4, true);
        let tick_labels: Vec<String> = ticks
            .values
            .iter()
            .map(|v| self.format.tick(self.lang, *v, ticks.step))
            .collect();
        let value_labels: Vec<String> = bars
            .iter()
            .map(|b| self.format.value(self.lang, b.value))
            .collect();
        let value_w = value_labels
            .iter()
            .map(|l| text_width(l, TEXT_PX))
            .fold(0.0, f64::max);
        let legend = vec![
            (Swatch::Marker(true), self.sourced_word.clone()),
            (Swatch::Marker(false), self.assumption_word.clone()),
            (Swatch::Line(colour::INK, false), self.range_word.clone()),
        ];
        let legend_rows = Svg::legend_rows(&legend, 8.0, w - 8.0) as f64;
        let first_tick_w = tick_labels.first().map_or(0.0, |l| text_width(l, TEXT_PX));
        let last_tick_w = tick_labels.last().map_or(0.0, |l| text_width(l, TEXT_PX));
        // Label, marker, then the plot; room on both sides for the value labels.
        let left = 8.0 + label_w + 8.0 + 14.0 + (value_w + 8.0).max(first_tick_w / 2.0);
        let right = w - (value_w + 12.0).max(last_tick_w / 2.0 + 4.0);
        let top = 8.0;
        let plot_h: f64 = rows.iter().sum();
        let bottom = top + plot_h;
        let h = bottom + 8.0 + TEXT_PX + 8.0 + line_h + 8.0 + legend_rows * (TEXT_PX + 8.0) + 4.0;
        let desc = if self.desc.is_empty() {
            &self.title
        } else {
            &self.desc
        };
        let mut svg = Svg::new(&self.id, w, h.ceil(), &self.title, desc);
        let sx = |v: f64| left + (v - ticks.lo) / (ticks.hi - ticks.lo) * (right - left);
        for (v, l) in ticks.values.iter().zip(&tick_labels) {
            let x = sx(*v);
            let c = if *v == 0.0 {
                colour::AXIS
            } else {
                colour::GRID
            };
            svg.line(x, top, x, bottom, c, 1.0, None);
            svg.text(
                x,
                bottom + 8.0 + TEXT_PX,
                "middle",
                TEXT_PX,
                colour::MUTED,
                false,
                l,
            );
        }
        svg.text(
            (left + right) / 2.0,
            bottom + 8.0 + TEXT_PX + line_h + 4.0,
            "middle",
            TEXT_PX,
            colour::INK,
            false,
            &self.x_title,
        );
        let mut y = top;
        for (((b, lines), row), vl) in bars.iter().zip(&wrapped).zip(&rows).zip(&value_labels) {
            let mid = y + row / 2.0;
            let first = mid - (lines.len() as f64 - 1.0) * line_h / 2.0 + TEXT_PX * 0.35;
            for (k, l) in lines.iter().enumerate() {
                svg.text(
                    8.0,
                    first + k as f64 * line_h,
                    "start",
                    TEXT_PX,
                    colour::INK,
                    false,
                    l,
                );
            }
            let filled = b.evidence == Evidence::Sourced;
            let word = if filled {
                &self.sourced_word
            } else {
                &self.assumption_word
            };
            svg.circle(
                8.0 + label_w + 8.0 + 5.0,
                mid,
                4.5,
                if filled { colour::INK } else { "#ffffff" },
                colour::INK,
                Some(word),
            );
            let (x0, x1) = (sx(0.0), sx(b.value));
            let tip = match b.range {
                Some((lo, hi)) => format!(
                    "{}: {} ({} {})",
                    b.label,
                    vl,
                    self.range_word,
                    self.lang.range(
                        &self.format.value(self.lang, lo),
                        &self.format.value(self.lang, hi)
                    )
                ),
                None => format!("{}: {vl}", b.label),
            };
            svg.rect(
                x0.min(x1),
                mid - 8.0,
                (x1 - x0).abs(),
                16.0,
                colour::BLUE,
                0.85,
                Some(&tip),
            );
            let mut end_pos = b.value.max(0.0);
            let mut end_neg = b.value.min(0.0);
            if let Some((lo, hi)) = b.range {
                svg.line(sx(lo), mid, sx(hi), mid, colour::INK, 1.5, None);
                svg.line(sx(lo), mid - 5.0, sx(lo), mid + 5.0, colour::INK, 1.5, None);
                svg.line(sx(hi), mid - 5.0, sx(hi), mid + 5.0, colour::INK, 1.5, None);
                end_pos = end_pos.max(hi);
                end_neg = end_neg.min(lo);
            }
            if b.value >= 0.0 {
                svg.text(
                    sx(end_pos) + 5.0,
                    mid + TEXT_PX * 0.35,
                    "start",
                    TEXT_PX,
                    colour::INK,
                    false,
                    vl,
                );
            } else {
                svg.text(
                    sx(end_neg) - 5.0,
                    mid + TEXT_PX * 0.35,
                    "end",
                    TEXT_PX,
                    colour::INK,
                    false,
                    vl,
                );
            }
            y += row;
        }
        svg.legend(
            &legend,
            8.0,
            h.ceil() - 6.0 - (legend_rows - 1.0) * (TEXT_PX + 8.0),
            w - 8.0,
        );
        svg.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::check::{assert_readable, texts};

    #[test]
    fn bars_are_sorted_ranged_and_marked() {
        let mut c = BarChart::new("m", "Bijdrage per maatregel", Lang::Nl);
        c.x_title = "tekort gedicht in 2030 (fte)".into();
        c.bars = vec![
            Bar {
                label: "Zij-instroom".into(),
                value: 12_000.0,
                range: Some((4_000.0, 20_000.0)),
                evidence: Evidence::Sourced,
            },
            Bar {
                label: "Een heel lange naam van een maatregel die over twee regels moet".into(),
                value: 31_500.0,
                range: Some((-2_000.0, 60_000.0)),
                evidence: Evidence::Assumption,
            },
            Bar {
                label: "Minder uitstroom".into(),
                value: -1_500.0,
                range: None,
                evidence: Evidence::Assumption,
            },
        ];
        let sorted: Vec<f64> = c.sorted().iter().map(|b| b.value).collect();
        assert_eq!(sorted, vec![31_500.0, 12_000.0, -1_500.0]);
        let svg = c.svg();
        assert_readable(&svg);
        let t: Vec<String> = texts(&svg).into_iter().map(|t| t.4).collect();
        assert!(
            t.contains(&"31.500".to_string()) && t.contains(&"−1.500".to_string()),
            "{t:?}"
        );
        assert!(t.contains(&"effect is een aanname".to_string()));
        // The long label is wrapped, not cut.
        assert!(
            t.iter()
                .filter(|x| x.contains("maatregel") || x.contains("regels"))
                .count()
                >= 2,
            "{t:?}"
        );
        let mut narrow = c.clone();
        narrow.width = 360.0;
        assert_readable(&narrow.svg());
    }
}
