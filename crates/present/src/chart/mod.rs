//! SVG charts for the report and the website, from one code path:
//!
//! - [`line::LineChart`]: a series with its trend, a labelled target line,
//!   series breaks and a stale flag (the monitor's indicators);
//! - [`fan::FanChart`]: a figure per year as a median with its P5–P95
//!   band, for one or two cases (the gap without and with the plan);
//! - [`bars::BarChart`]: sorted horizontal bars with a range and an
//!   evidence marker each (what each measure contributes).
//!
//! Every chart has ticks and gridlines at round numbers ([`axis`]), starts
//! at zero where its quantity does, titles its axes with their units, has a
//! legend, and reserves room for every label from its estimated width, so
//! that `−173.774` or `1.000.000` is never clipped. The SVG is
//! self-contained (presentation attributes, no stylesheet, no script): a
//! browser and the PDF typesetter draw it alike. It is accessible: `role="img"`,
//! a `<title>` and a `<desc>` that says in words what the chart shows, and
//! no text smaller than [`MIN_TEXT_PX`] at the width it is drawn for.

pub mod axis;
pub mod bars;
pub mod fan;
pub mod line;
mod svg;

pub use axis::{nice_ticks, Ticks, ValueFormat};

/// The font families a chart asks for: the report embeds the first.
pub const FONT: &str = "Lato, 'Open Sans', Arial, Helvetica, sans-serif";
/// Text size of labels, ticks and legends (px at the drawn width).
pub const TEXT_PX: f64 = 13.0;
/// The smallest text any chart draws (px at the drawn width).
pub const MIN_TEXT_PX: f64 = 11.0;

/// The colours (the Rijkshuisstijl's dark blue, and contrasting signals
/// that pass WCAG AA for text on white).
pub mod colour {
    pub const INK: &str = "#1b1b1b";
    pub const MUTED: &str = "#545454";
    pub const GRID: &str = "#e3e3e3";
    pub const AXIS: &str = "#767676";
    pub const BLUE: &str = "#154273";
    pub const BAND: &str = "#8fb8de";
    pub const ORANGE: &str = "#b35900";
    pub const ORANGE_BAND: &str = "#f3c48f";
    pub const RED: &str = "#b42318";
    pub const GREEN: &str = "#1a7f37";
    pub const STALE_BG: &str = "#fff4d6";
}

/// The estimated width of `s` drawn at `px` (a sans-serif's advance
/// widths, rounded up, so that room reserved from it is enough).
pub fn text_width(s: &str, px: f64) -> f64 {
    let em: f64 = s
        .chars()
        .map(|c| match c {
            ' ' | '.' | ',' | ':' | ';' | '\'' | '|' | 'i' | 'j' | 'l' | 'I' | '!' => 0.3,
            'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '/' | '-' => 0.4,
            '0'..='9' => 0.58,
            'm' | 'w' | 'M' | 'W' | '%' | '—' => 0.9,
            '–' | '−' | '+' | '=' | '<' | '>' | '≥' | '≤' => 0.6,
            c if c.is_uppercase() => 0.68,
            _ => 0.55,
        })
        .sum();
    em * px
}

/// Splits `s` into lines of at most `max_px` wide at `px` (at spaces; a
/// word longer than a line stays whole).
pub fn wrap(s: &str, px: f64, max_px: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in s.split_whitespace() {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if text_width(&candidate, px) <= max_px || cur.is_empty() {
            cur = candidate;
        } else {
            lines.push(std::mem::take(&mut cur));
            cur = word.to_string();
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// The words of a chart's legend and marks, in one language.
#[derive(Debug, Clone)]
pub struct Words {
    pub observed: String,
    pub trend: String,
    pub band: String,
    pub target: String,
    pub series_break: String,
    pub revised: String,
    pub median: String,
    pub no_data: String,
}

impl Words {
    pub fn new(lang: crate::Lang) -> Words {
        let t = |nl: &str, en: &str| lang.t(nl, en).to_string();
        Words {
            observed: t("waarneming", "observed"),
            trend: t("trend", "trend"),
            band: t("90%-band", "90% band"),
            target: t("doel", "target"),
            series_break: t("trendbreuk", "series break"),
            revised: t("herzien cijfer", "revised figure"),
            median: t("mediaan", "median"),
            no_data: t("Nog geen waarnemingen.", "No observations yet."),
        }
    }
}

#[cfg(test)]
pub(crate) mod check {
    //! What every chart must satisfy, read back from its SVG.

    /// Every `font-size` in the SVG (px).
    pub fn font_sizes(svg: &str) -> Vec<f64> {
        svg.match_indices("font-size=\"")
            .filter_map(|(i, m)| {
                let rest = &svg[i + m.len()..];
                rest[..rest.find('"')?].parse().ok()
            })
            .collect()
    }

    /// The view box's width and height.
    pub fn view_box(svg: &str) -> (f64, f64) {
        let i = svg.find("viewBox=\"").expect("viewBox") + 9;
        let rest = &svg[i..];
        let v: Vec<f64> = rest[..rest.find('"').expect("end")]
            .split(' ')
            .map(|x| x.parse().expect("number"))
            .collect();
        (v[2], v[3])
    }

    /// Each `<text>`: its x, y, anchor, size and content.
    pub fn texts(svg: &str) -> Vec<(f64, f64, String, f64, String)> {
        let attr = |tag: &str, name: &str| -> Option<String> {
            let key = format!(" {name}=\"");
            let i = tag.find(&key)? + key.len();
            Some(tag[i..i + tag[i..].find('"')?].to_string())
        };
        svg.match_indices("<text ")
            .filter_map(|(i, _)| {
                let rest = &svg[i..];
                let open_end = rest.find('>')?;
                let tag = &rest[..open_end];
                let close = rest.find("</text>")?;
                let content = rest[open_end + 1..close].to_string();
                Some((
                    attr(tag, "x")?.parse().ok()?,
                    attr(tag, "y")?.parse().ok()?,
                    attr(tag, "text-anchor").unwrap_or_else(|| "start".into()),
                    attr(tag, "font-size")?.parse().ok()?,
                    content,
                ))
            })
            .collect()
    }

    /// Asserts the rules every chart keeps: an accessible name and
    /// description, no text below the minimum size, and every text inside
    /// the view box by its estimated width.
    pub fn assert_readable(svg: &str) {
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=") && svg.contains("<desc id="));
        let (w, h) = view_box(svg);
        for s in font_sizes(svg) {
            assert!(s >= super::MIN_TEXT_PX, "font-size {s} in {svg}");
        }
        for (x, y, anchor, size, content) in texts(svg) {
            let content = content
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">");
            let width = super::text_width(&content, size);
            let (left, right) = match anchor.as_str() {
                "end" => (x - width, x),
                "middle" => (x - width / 2.0, x + width / 2.0),
                _ => (x, x + width),
            };
            assert!(
                left >= -0.5 && right <= w + 0.5,
                "text '{content}' at x {x} ({anchor}) spans {left:.1}..{right:.1}, view box width {w}"
            );
            assert!(
                y - size >= -0.5 && y <= h + 0.5,
                "text '{content}' at y {y} outside height {h}"
            );
        }
    }
}
