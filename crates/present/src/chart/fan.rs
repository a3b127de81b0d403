//! A figure per year as its median with the P5–P95 band, for one or two
//! cases (the technician gap without and with the plan), with the zero
//! line labelled ("geen tekort").

use super::axis::{nice_ticks, year_ticks, ValueFormat};
use super::line::min_max;
use super::svg::{Svg, Swatch, TimeAxes};
use super::{colour, text_width, TEXT_PX};
use crate::num::Lang;

/// One case: per year (x, P5, P50, P95).
#[derive(Debug, Clone, PartialEq)]
pub struct FanSeries {
    pub label: String,
    pub years: Vec<(f64, f64, f64, f64)>,
}

/// The chart; at most two series are told apart (blue, orange).
#[derive(Debug, Clone)]
pub struct FanChart {
    pub id: String,
    pub title: String,
    pub desc: String,
    pub y_title: String,
    pub x_title: String,
    pub lang: Lang,
    pub format: ValueFormat,
    pub series: Vec<FanSeries>,
    /// The label of the zero line (e.g. `0 = geen tekort`); `None`: no label.
    pub zero_label: Option<String>,
    pub zero_based: bool,
    /// Legend words: the band of a case (`90%-band`) and its median (`mediaan`).
    pub band_word: String,
    pub median_word: String,
    pub width: f64,
    pub height: f64,
}

impl FanChart {
    pub fn new(id: &str, title: &str, lang: Lang) -> FanChart {
        FanChart {
            id: id.into(),
            title: title.into(),
            desc: String::new(),
            y_title: String::new(),
            x_title: lang.t("jaar", "year").into(),
            lang,
            format: ValueFormat::Number,
            series: Vec::new(),
            zero_label: None,
            zero_based: true,
            band_word: lang.t("90%-band", "90% band").into(),
            median_word: lang.t("mediaan", "median").into(),
            width: 640.0,
            height: 320.0,
        }
    }

    pub fn svg(&self) -> String {
        let (w, h) = (self.width, self.height);
        let desc = if self.desc.is_empty() {
            &self.title
        } else {
            &self.desc
        };
        let mut svg = Svg::new(&self.id, w, h, &self.title, desc);
        let ys: Vec<f64> = self
            .series
            .iter()
            .flat_map(|s| s.years.iter().flat_map(|&(_, a, b, c)| [a, b, c]))
            .filter(|v| v.is_finite())
            .collect();
        let xs: Vec<f64> = self
            .series
            .iter()
            .flat_map(|s| s.years.iter().map(|y| y.0))
            .collect();
        if ys.is_empty() {
            svg.text(
                w / 2.0,
                h / 2.0,
                "middle",
                TEXT_PX,
                colour::MUTED,
                false,
                lang_none(self.lang),
            );
            return svg.finish();
        }
        let (ymin, ymax) = min_max(&ys);
        let ticks = nice_ticks(ymin, ymax, 5, self.zero_based);
        let labels: Vec<String> = ticks
            .values
            .iter()
            .map(|v| self.format.tick(self.lang, *v, ticks.step))
            .collect();
        let label_w = labels
            .iter()
            .map(|l| text_width(l, TEXT_PX))
            .fold(0.0, f64::max);
        let (xmin, xmax) = min_max(&xs);
        let years = year_ticks(
            xmin.floor(),
            xmax.ceil().max(xmin.floor() + 1.0),
            ((w - 120.0) / 50.0).max(2.0) as usize,
        );
        let (x0, x1) = (
            xmin.min(years[0]) - 0.35,
            xmax.max(*years.last().unwrap_or(&xmax)) + 0.35,
        );
        let palette = [
            (colour::BLUE, colour::BAND),
            (colour::ORANGE, colour::ORANGE_BAND),
        ];
        let mut legend = Vec::new();
        for (k, s) in self.series.iter().enumerate() {
            let (line, band) = palette[k % 2];
            legend.push((
                Swatch::Line(line, false),
                format!("{} {}", self.median_word, s.label),
            ));
            legend.push((
                Swatch::Box(band, 0.6),
                format!("{} {}", self.band_word, s.label),
            ));
        }
        let line_h = TEXT_PX + 8.0;
        let last_year_w = years
            .last()
            .map_or(0.0, |y| text_width(&format!("{y}"), TEXT_PX));
        let left = (label_w + 12.0).max(40.0);
        let right = w - (last_year_w / 2.0 + 8.0).max(16.0);
        let legend_rows = Svg::legend_rows(&legend, 8.0, w - 8.0) as f64;
        let top = line_h + 8.0;
        let bottom = h - (line_h + 4.0) - line_h - legend_rows * line_h - 4.0;
        let sx = |x: f64| left + (x - x0) / (x1 - x0) * (right - left);
        let sy = |y: f64| bottom - (y - ticks.lo) / (ticks.hi - ticks.lo) * (bottom - top);
        svg.text(
            4.0,
            TEXT_PX + 2.0,
            "start",
            TEXT_PX,
            colour::INK,
            true,
            &self.y_title,
        );
        svg.time_axes(
            &TimeAxes {
                left,
                right,
                bottom,
                line_h,
                sy: &sy,
                sx: &sx,
                zero_line: false,
            },
            &ticks,
            &labels,
            &years,
            &self.x_title,
        );
        for (k, s) in self.series.iter().enumerate() {
            let (_, band) = palette[k % 2];
            let mut area: Vec<(f64, f64)> = s
                .years
                .iter()
                .map(|&(x, _, _, hi)| (sx(x), sy(hi)))
                .collect();
            area.extend(s.years.iter().rev().map(|&(x, lo, _, _)| (sx(x), sy(lo))));
            svg.polygon(&area, band, 0.5);
        }
        // The zero line over the bands, labelled.
        if ticks.lo < 0.0 || self.zero_label.is_some() {
            let y = sy(0.0);
            svg.line(left, y, right, y, colour::INK, 1.5, None);
        }
        for (k, s) in self.series.iter().enumerate() {
            let (line, _) = palette[k % 2];
            let pts: Vec<(f64, f64)> = s.years.iter().map(|&(x, _, m, _)| (sx(x), sy(m))).collect();
            svg.polyline(&pts, line, 2.5, None);
            for &(x, lo, m, hi) in &s.years {
                let tip = format!(
                    "{} {}: {} {} ({} {})",
                    s.label,
                    x,
                    self.median_word,
                    self.format.value(self.lang, m),
                    self.band_word,
                    self.lang.range(
                        &self.format.value(self.lang, lo),
                        &self.format.value(self.lang, hi)
                    )
                );
                svg.circle(sx(x), sy(m), 3.5, line, "#ffffff", Some(&tip));
            }
        }
        if let Some(l) = &self.zero_label {
            // Below the line when the bands lie mostly above it.
            let y = sy(0.0);
            let ly = if y + TEXT_PX + 6.0 <= bottom {
                y + TEXT_PX + 4.0
            } else {
                y - 6.0
            };
            svg.label(left + 8.0, ly, "start", TEXT_PX, colour::INK, true, l);
        }
        svg.legend(
            &legend,
            8.0,
            h - 6.0 - (legend_rows - 1.0) * line_h,
            w - 8.0,
        );
        svg.finish()
    }
}

fn lang_none(lang: Lang) -> &'static str {
    lang.t("Geen gegevens.", "No data.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::check::{assert_readable, texts};

    #[test]
    fn two_cases_with_bands_and_a_labelled_zero() {
        let mut c = FanChart::new("gap", "Tekort aan technici", Lang::Nl);
        c.y_title = "tekort (fte)".into();
        c.zero_label = Some("0 = geen tekort".into());
        c.series = vec![
            FanSeries {
                label: "zonder plan".into(),
                years: (2024..=2030)
                    .map(|y| {
                        let t = f64::from(y - 2024);
                        (
                            f64::from(y),
                            -5_000.0 + 3_000.0 * t,
                            10_000.0 * t,
                            20_000.0 * t + 5_000.0,
                        )
                    })
                    .collect(),
            },
            FanSeries {
                label: "met plan".into(),
                years: (2024..=2030)
                    .map(|y| {
                        let t = f64::from(y - 2024);
                        (f64::from(y), -40_000.0 * t / 6.0, 500.0 * t, 8_000.0 * t)
                    })
                    .collect(),
            },
        ];
        let svg = c.svg();
        assert_readable(&svg);
        let t: Vec<String> = texts(&svg).into_iter().map(|t| t.4).collect();
        assert!(t.contains(&"0 = geen tekort".to_string()));
        assert!(t.contains(&"mediaan zonder plan".to_string()), "{t:?}");
        assert!(t.contains(&"90%-band met plan".to_string()));
        assert!(
            t.iter().any(|x| x.starts_with('−')),
            "negative ticks: {t:?}"
        );
        assert_eq!(svg.matches("<polygon").count(), 2);
        let mut narrow = c.clone();
        narrow.width = 360.0;
        assert_readable(&narrow.svg());
    }
}
