//! An indicator's series as an inline SVG line chart: the latest vintage of
//! each period, revised periods marked, series breaks as dashed lines and the
//! target as a diamond. Shared by the progress report (`krapte report`) and
//! the website (`krapte serve`); the caller chooses the language and the
//! number format.

use std::fmt::Write as _;

use crate::registry::Indicator;
use crate::store::Point;

/// Escapes text for HTML element content and double-quoted attributes.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The words a chart shows, in one language.
#[derive(Debug, Clone, Copy)]
pub struct ChartText {
    pub no_data: &'static str,
    pub series_break: &'static str,
    pub vintage: &'static str,
    pub earlier: &'static str,
    pub target: &'static str,
    pub in_year: &'static str,
}

impl ChartText {
    pub const EN: ChartText = ChartText {
        no_data: "No observations yet.",
        series_break: "series break",
        vintage: "vintage",
        earlier: "earlier",
        target: "target",
        in_year: "in",
    };
    pub const NL: ChartText = ChartText {
        no_data: "Nog geen waarnemingen.",
        series_break: "trendbreuk",
        vintage: "publicatie",
        earlier: "eerder",
        target: "doel",
        in_year: "in",
    };
}

/// A line chart of a series (x = period position), with the target as a
/// point and series breaks (period positions) as dashed lines. `label` is
/// the chart's accessible name, `num` formats the axis and tooltip values.
pub fn chart(
    ind: &Indicator,
    label: &str,
    series: &[Point],
    breaks: &[f64],
    text: ChartText,
    num: &dyn Fn(f64) -> String,
) -> String {
    let (w, h, pad) = (560.0, 220.0, 48.0);
    if series.is_empty() {
        return format!("<p class=\"nodata\">{}</p>", esc(text.no_data));
    }
    let mut xs: Vec<f64> = series.iter().map(|p| p.period.position()).collect();
    let mut ys: Vec<f64> = series.iter().map(|p| p.value).collect();
    ys.extend(
        series
            .iter()
            .filter_map(|p| p.bracket)
            .flat_map(|(lo, hi)| [lo, hi]),
    );
    if let Some((v, y)) = ind.target {
        xs.push(f64::from(y) + 0.5);
        ys.push(v);
    }
    let (x0, x1) = (
        xs.iter().copied().fold(f64::MAX, f64::min),
        xs.iter().copied().fold(f64::MIN, f64::max),
    );
    let (mut y0, mut y1) = (
        ys.iter().copied().fold(f64::MAX, f64::min),
        ys.iter().copied().fold(f64::MIN, f64::max),
    );
    if y0 > 0.0 && y0 < 0.5 * y1 {
        y0 = 0.0;
    }
    if (y1 - y0).abs() < 1e-12 {
        y1 = y0 + 1.0;
    }
    let x1 = if (x1 - x0).abs() < 1e-12 {
        x0 + 1.0
    } else {
        x1
    };
    let sx = |x: f64| pad + (x - x0) / (x1 - x0) * (w - 2.0 * pad);
    let sy = |y: f64| h - pad + -(y - y0) / (y1 - y0) * (h - 2.0 * pad);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        esc(label)
    );
    let _ = write!(
        svg,
        "<line x1=\"{pad}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" class=\"axis\"/><line x1=\"{pad}\" y1=\"{pad}\" x2=\"{pad}\" y2=\"{b}\" class=\"axis\"/>",
        b = h - pad,
        r = w - pad
    );
    for (y, anchor) in [(y0, h - pad), (y1, pad)] {
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" class=\"lab\" text-anchor=\"end\">{}</text>",
            pad - 4.0,
            anchor + 4.0,
            esc(&num(y))
        );
    }
    for &bx in breaks {
        let x = sx(bx);
        let _ = write!(
            svg,
            "<line x1=\"{x:.1}\" y1=\"{pad}\" x2=\"{x:.1}\" y2=\"{}\" class=\"break\"><title>{}</title></line>",
            h - pad,
            esc(text.series_break)
        );
    }
    let pts: Vec<String> = series
        .iter()
        .map(|p| format!("{:.1},{:.1}", sx(p.period.position()), sy(p.value)))
        .collect();
    let _ = write!(
        svg,
        "<polyline points=\"{}\" class=\"line\"/>",
        pts.join(" ")
    );
    for p in series {
        if let Some((lo, hi)) = p.bracket {
            let x = sx(p.period.position());
            let _ = write!(
                svg,
                "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" class=\"range\"><title>{} – {}</title></line>",
                sy(lo),
                sy(hi),
                esc(&num(lo)),
                esc(&num(hi))
            );
        }
    }
    for p in series {
        let revised = if p.earlier.is_empty() { "" } else { " revised" };
        let earlier = if p.earlier.is_empty() {
            String::new()
        } else {
            let list: Vec<String> = p
                .earlier
                .iter()
                .map(|(v, x)| format!("{v}: {}", num(*x)))
                .collect();
            format!("; {} {}", text.earlier, list.join(", "))
        };
        let _ = write!(
            svg,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" class=\"pt{revised}\"><title>{}: {} ({} {}{})</title></circle>",
            sx(p.period.position()),
            sy(p.value),
            p.period,
            esc(&num(p.value)),
            esc(text.vintage),
            esc(&p.vintage),
            esc(&earlier)
        );
    }
    if let Some((v, y)) = ind.target {
        let (tx, ty) = (sx(f64::from(y) + 0.5), sy(v));
        let _ = write!(
            svg,
            "<path d=\"M{tx:.1},{:.1} l6,6 l-6,6 l-6,-6 z\" class=\"target\"><title>{} {} {} {y}</title></path>",
            ty - 6.0,
            esc(text.target),
            esc(&num(v)),
            esc(text.in_year)
        );
    }
    let first = series
        .first()
        .map(|p| p.period.to_string())
        .unwrap_or_default();
    let last = series
        .last()
        .map(|p| p.period.to_string())
        .unwrap_or_default();
    let _ = write!(
        svg,
        "<text x=\"{pad}\" y=\"{}\" class=\"lab\">{first}</text><text x=\"{}\" y=\"{}\" class=\"lab\" text-anchor=\"end\">{}</text></svg>",
        h - pad + 16.0,
        w - pad,
        h - pad + 16.0,
        ind.target.map_or(last, |(_, y)| y.to_string())
    );
    svg
}
