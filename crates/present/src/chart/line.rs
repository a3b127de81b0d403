//! A series over time with its trend, a labelled target line, series
//! breaks, revised points, a 90% band where the figure has one, and a flag
//! when the series is stale.

use super::axis::{nice_ticks, year_ticks, ValueFormat};
use super::svg::{Svg, Swatch, TimeAxes};
use super::{colour, text_width, Words, TEXT_PX};
use crate::num::Lang;

/// One observation. `x` is in years (2020.0 = the figure of 2020; a
/// quarter or school year lies between).
#[derive(Debug, Clone, PartialEq)]
pub struct LinePoint {
    pub x: f64,
    pub value: f64,
    /// Low and high end, when the figure is a range.
    pub band: Option<(f64, f64)>,
    /// A later publication replaced an earlier figure.
    pub revised: bool,
    /// The tooltip (period, value, publication).
    pub tip: String,
}

/// The fitted trend: its line (x, value) and its 90% band at the end.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    pub points: Vec<(f64, f64)>,
    /// (low, high) at the last point of the trend.
    pub band_end: Option<(f64, f64)>,
}

/// The target: a value to reach in year `x`.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub x: f64,
    pub value: f64,
    /// E.g. `doel 2030: 1.000.000`.
    pub label: String,
}

/// A series break before `x`.
#[derive(Debug, Clone, PartialEq)]
pub struct Break {
    pub x: f64,
    pub label: String,
}

/// A line chart; [`LineChart::svg`] draws it.
#[derive(Debug, Clone)]
pub struct LineChart {
    /// Unique on the page (the ids of title and description derive from it).
    pub id: String,
    pub title: String,
    /// What the chart shows, in a sentence or two (read by screen readers).
    pub desc: String,
    /// The value axis's title with its unit, e.g. `personen`.
    pub y_title: String,
    pub x_title: String,
    pub lang: Lang,
    pub format: ValueFormat,
    pub points: Vec<LinePoint>,
    pub trend: Option<Trend>,
    pub target: Option<Target>,
    pub breaks: Vec<Break>,
    /// Set when the series is stale: the flag's text.
    pub stale: Option<String>,
    /// The quantity starts at zero (counts, shares): the axis includes 0.
    pub zero_based: bool,
    pub words: Words,
    /// Drawn size in px.
    pub width: f64,
    pub height: f64,
}

impl LineChart {
    pub fn new(id: &str, title: &str, lang: Lang) -> LineChart {
        LineChart {
            id: id.into(),
            title: title.into(),
            desc: String::new(),
            y_title: String::new(),
            x_title: lang.t("jaar", "year").into(),
            lang,
            format: ValueFormat::Number,
            points: Vec::new(),
            trend: None,
            target: None,
            breaks: Vec::new(),
            stale: None,
            zero_based: true,
            words: Words::new(lang),
            width: 640.0,
            height: 300.0,
        }
    }

    /// The chart as a self-contained SVG element.
    pub fn svg(&self) -> String {
        let (w, h) = (self.width, self.height);
        let desc = if self.desc.is_empty() {
            self.title.clone()
        } else {
            self.desc.clone()
        };
        let mut svg = Svg::new(&self.id, w, h, &self.title, &desc);
        if self.points.is_empty() {
            svg.text(
                w / 2.0,
                h / 2.0,
                "middle",
                TEXT_PX,
                colour::MUTED,
                false,
                &self.words.no_data,
            );
            return svg.finish();
        }
        // The values the axis must hold.
        let mut ys: Vec<f64> = Vec::new();
        for p in &self.points {
            ys.push(p.value);
            if let Some((lo, hi)) = p.band {
                ys.extend([lo, hi]);
            }
        }
        let mut xs: Vec<f64> = self.points.iter().map(|p| p.x).collect();
        if let Some(t) = &self.trend {
            ys.extend(t.points.iter().map(|p| p.1));
            xs.extend(t.points.iter().map(|p| p.0));
            if let Some((lo, hi)) = t.band_end {
                ys.extend([lo, hi]);
            }
        }
        if let Some(t) = &self.target {
            ys.push(t.value);
            xs.push(t.x);
        }
        let ys: Vec<f64> = ys.into_iter().filter(|v| v.is_finite()).collect();
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
            ((w - 120.0) / 60.0).max(2.0) as usize,
        );
        // A margin of a third of a year, so that no point or year label sits on the edge.
        let (x0, x1) = (
            xmin.min(years[0]) - 0.35,
            xmax.max(*years.last().unwrap_or(&xmax)) + 0.35,
        );
        // Legend items, in the order drawn.
        let mut legend = vec![(
            Swatch::Line(colour::BLUE, false),
            self.words.observed.clone(),
        )];
        if self.points.iter().any(|p| p.band.is_some())
            || self.trend.as_ref().is_some_and(|t| t.band_end.is_some())
        {
            legend.push((Swatch::Box(colour::BAND, 0.5), self.words.band.clone()));
        }
        if self.trend.is_some() {
            legend.push((Swatch::Line(colour::BLUE, true), self.words.trend.clone()));
        }
        if self.target.is_some() {
            legend.push((Swatch::Line(colour::GREEN, true), self.words.target.clone()));
        }
        if !self.breaks.is_empty() {
            legend.push((Swatch::Break, self.words.series_break.clone()));
        }
        if self.points.iter().any(|p| p.revised) {
            legend.push((Swatch::Dot(colour::ORANGE), self.words.revised.clone()));
        }
        let last_year_w = years
            .last()
            .map_or(0.0, |y| text_width(&format!("{y}"), TEXT_PX));
        let left = (label_w + 12.0).max(40.0);
        let right = w - (last_year_w / 2.0 + 8.0).max(16.0);
        let line_h = TEXT_PX + 8.0;
        let legend_rows = Svg::legend_rows(&legend, 8.0, w - 8.0) as f64;
        let top = line_h
            + 8.0
            + if self.stale.is_some() {
                line_h + 4.0
            } else {
                0.0
            };
        let bottom = h - (line_h + 4.0) - line_h - legend_rows * line_h - 4.0;
        let sx = |x: f64| left + (x - x0) / (x1 - x0) * (right - left);
        let sy = |y: f64| bottom - (y - ticks.lo) / (ticks.hi - ticks.lo) * (bottom - top);
        // The stale flag and the value axis's title.
        let mut title_y = TEXT_PX + 2.0;
        if let Some(s) = &self.stale {
            let tw = text_width(s, TEXT_PX) + 12.0;
            svg.rect(
                4.0,
                2.0,
                tw.min(w - 8.0),
                TEXT_PX + 8.0,
                colour::STALE_BG,
                1.0,
                None,
            );
            svg.text(
                10.0,
                TEXT_PX + 3.0,
                "start",
                TEXT_PX,
                colour::ORANGE,
                true,
                s,
            );
            title_y += line_h + 4.0;
        }
        svg.text(
            4.0,
            title_y,
            "start",
            TEXT_PX,
            colour::INK,
            true,
            &self.y_title,
        );
        // Gridlines and value ticks, the baseline and the year ticks.
        svg.time_axes(
            &TimeAxes {
                left,
                right,
                bottom,
                line_h,
                sy: &sy,
                sx: &sx,
                zero_line: true,
            },
            &ticks,
            &labels,
            &years,
            &self.x_title,
        );
        // Series breaks: a dotted line, its word drawn last.
        let mut break_labels = Vec::new();
        for b in &self.breaks {
            let x = sx(b.x);
            svg.line(x, top, x, bottom, colour::RED, 1.5, Some("3 3"));
            let tw = text_width(&b.label, TEXT_PX);
            let (tx, anchor) = if x + 6.0 + tw <= right {
                (x + 6.0, "start")
            } else {
                (x - 6.0, "end")
            };
            // At the foot of the plot, clear of the target's label at the top.
            break_labels.push((tx, bottom - 6.0, anchor, b.label.clone()));
        }
        // The target: a dashed line across, labelled (last), and a mark at its year.
        let mut target_label = None;
        if let Some(t) = &self.target {
            let y = sy(t.value);
            svg.line(left, y, right, y, colour::GREEN, 1.5, Some("6 4"));
            let x = sx(t.x);
            svg.polygon(
                &[(x, y - 6.0), (x + 6.0, y), (x, y + 6.0), (x - 6.0, y)],
                colour::GREEN,
                1.0,
            );
            // Above the line, unless that leaves the plot.
            let ly = if y - 6.0 - TEXT_PX >= top {
                y - 6.0
            } else {
                y + TEXT_PX + 4.0
            };
            let lx = (x - 10.0)
                .min(right)
                .max(left + text_width(&t.label, TEXT_PX));
            target_label = Some((lx, ly, t.label.clone()));
        }
        // The trend and its band at the end.
        if let Some(t) = &self.trend {
            if let (Some(&(xe, _)), Some((lo, hi))) = (t.points.last(), t.band_end) {
                let start = t.points.iter().rev().nth(1).copied().unwrap_or(t.points[0]);
                svg.polygon(
                    &[
                        (sx(start.0), sy(start.1)),
                        (sx(xe), sy(hi)),
                        (sx(xe), sy(lo)),
                    ],
                    colour::BAND,
                    0.45,
                );
            }
            let pts: Vec<(f64, f64)> = t.points.iter().map(|(x, y)| (sx(*x), sy(*y))).collect();
            svg.polyline(&pts, colour::BLUE, 2.0, Some("6 4"));
        }
        // Ranges of the points, the line, the points.
        for p in &self.points {
            if let Some((lo, hi)) = p.band {
                let x = sx(p.x);
                svg.rect(
                    x - 4.0,
                    sy(hi),
                    8.0,
                    sy(lo) - sy(hi),
                    colour::BAND,
                    0.6,
                    Some(&p.tip),
                );
            }
        }
        // No line across a series break.
        let mut segment: Vec<(f64, f64)> = Vec::new();
        let mut prev_x = f64::NEG_INFINITY;
        for p in &self.points {
            if self.breaks.iter().any(|b| b.x > prev_x && b.x <= p.x) {
                svg.polyline(&segment, colour::BLUE, 2.5, None);
                segment.clear();
            }
            segment.push((sx(p.x), sy(p.value)));
            prev_x = p.x;
        }
        svg.polyline(&segment, colour::BLUE, 2.5, None);
        for p in &self.points {
            let fill = if p.revised {
                colour::ORANGE
            } else {
                colour::BLUE
            };
            svg.circle(sx(p.x), sy(p.value), 3.5, fill, "#ffffff", Some(&p.tip));
        }
        for (x, y, anchor, l) in break_labels {
            svg.label(x, y, anchor, TEXT_PX, colour::RED, false, &l);
        }
        if let Some((x, y, l)) = target_label {
            svg.label(x, y, "end", TEXT_PX, colour::GREEN, true, &l);
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

/// The smallest and largest of `v` (0 and 1 when empty).
pub(crate) fn min_max(v: &[f64]) -> (f64, f64) {
    if v.is_empty() {
        return (0.0, 1.0);
    }
    (
        v.iter().copied().fold(f64::INFINITY, f64::min),
        v.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::check::{assert_readable, texts};

    fn chart(values: &[(f64, f64)]) -> LineChart {
        let mut c = LineChart::new("c1", "Digitaal vaardigen", Lang::Nl);
        c.y_title = "personen".into();
        c.points = values
            .iter()
            .map(|&(x, value)| LinePoint {
                x,
                value,
                band: None,
                revised: false,
                tip: format!("{x}: {value}"),
            })
            .collect();
        c
    }

    #[test]
    fn large_and_negative_labels_fit() {
        let mut c = chart(&[
            (2019.0, 850_000.0),
            (2021.0, 920_000.0),
            (2023.0, 990_000.0),
        ]);
        c.target = Some(Target {
            x: 2030.0,
            value: 1_000_000.0,
            label: "doel 2030: 1.000.000".into(),
        });
        c.trend = Some(Trend {
            points: vec![(2019.0, 850_000.0), (2030.0, 1_200_000.0)],
            band_end: Some((1_050_000.0, 1_350_000.0)),
        });
        c.breaks = vec![Break {
            x: 2021.0,
            label: "trendbreuk".into(),
        }];
        c.stale = Some("verouderd: laatste waarneming 2023".into());
        let svg = c.svg();
        assert_readable(&svg);
        let t: Vec<String> = texts(&svg).into_iter().map(|t| t.4).collect();
        assert!(t.contains(&"1.000.000".to_string()), "{t:?}");
        assert!(t.contains(&"0".to_string()), "zero included: {t:?}");
        assert!(t.contains(&"doel 2030: 1.000.000".to_string()));
        for word in ["waarneming", "trend", "doel", "trendbreuk", "90%-band"] {
            assert!(t.iter().any(|x| x == word), "legend {word}: {t:?}");
        }
        let mut n = chart(&[(2024.0, -173_774.0), (2030.0, 243_270.0)]);
        n.zero_based = false;
        let svg = n.svg();
        assert_readable(&svg);
        let t: Vec<String> = texts(&svg).into_iter().map(|t| t.4).collect();
        assert!(t.contains(&"−200.000".to_string()), "{t:?}");
    }

    #[test]
    fn a_narrow_chart_and_an_empty_one_stay_readable() {
        let mut c = chart(&[(2015.0, 19.0), (2023.0, 20.3)]);
        c.format = ValueFormat::Percent;
        c.width = 340.0;
        assert_readable(&c.svg());
        let e = chart(&[]);
        let svg = e.svg();
        assert_readable(&svg);
        assert!(svg.contains("Nog geen waarnemingen."));
    }

    #[test]
    fn the_line_stops_at_a_series_break() {
        let mut c = chart(&[(2019.0, 1.0), (2020.0, 2.0), (2021.0, 5.0), (2022.0, 6.0)]);
        c.breaks = vec![Break {
            x: 2021.0,
            label: "trendbreuk".into(),
        }];
        let svg = c.svg();
        assert_eq!(svg.matches("<polyline").count(), 2);
    }
}
