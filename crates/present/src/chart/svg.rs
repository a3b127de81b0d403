//! A small SVG writer: the root with its accessible name, text, lines,
//! rectangles, paths and the legend, all with presentation attributes.

// Drawing calls take a position, a size and a few styles each: one flat
// argument list reads better here than a style struct per call.
#![allow(clippy::too_many_arguments)]

use std::fmt::Write as _;

use super::{colour, text_width, FONT, TEXT_PX};
use crate::esc;

pub struct Svg {
    pub out: String,
}

/// A legend entry's swatch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Swatch {
    /// A line in a colour, dashed or not.
    Line(&'static str, bool),
    /// A filled box.
    Box(&'static str, f64),
    /// A point.
    Dot(&'static str),
    /// A vertical dotted line (series break).
    Break,
    /// An open or filled marker (evidence).
    Marker(bool),
}

/// A time chart's plot area (px) and its scales, for [`Svg::time_axes`].
pub struct TimeAxes<'a> {
    pub left: f64,
    pub right: f64,
    pub bottom: f64,
    /// Height of a line of text plus its spacing.
    pub line_h: f64,
    /// Value -> y and year -> x.
    pub sy: &'a dyn Fn(f64) -> f64,
    pub sx: &'a dyn Fn(f64) -> f64,
    /// Draw the zero gridline as an axis when the values go below zero.
    pub zero_line: bool,
}

impl Svg {
    /// The root: view box `w` x `h`, drawn `w` px wide; `id` makes the
    /// title's and description's ids unique on a page.
    pub fn new(id: &str, w: f64, h: f64, title: &str, desc: &str) -> Svg {
        let id = esc(id);
        let mut out = String::new();
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" font-family=\"{FONT}\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
            esc(title),
            esc(desc)
        );
        Svg { out }
    }

    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }

    /// Text at (x, y) (baseline), anchored `start`, `middle` or `end`.
    pub fn text(
        &mut self,
        x: f64,
        y: f64,
        anchor: &str,
        size: f64,
        fill: &str,
        bold: bool,
        s: &str,
    ) {
        let weight = if bold { " font-weight=\"bold\"" } else { "" };
        let _ = write!(
            self.out,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\" font-size=\"{size}\" fill=\"{fill}\"{weight}>{}</text>",
            esc(s)
        );
    }

    /// Text over the plot: on a white box, so that lines and bands
    /// under it do not hide it.
    pub fn label(
        &mut self,
        x: f64,
        y: f64,
        anchor: &str,
        size: f64,
        fill: &str,
        bold: bool,
        s: &str,
    ) {
        let w = text_width(s, size) + 6.0;
        let left = match anchor {
            "end" => x - w + 3.0,
            "middle" => x - w / 2.0,
            _ => x - 3.0,
        };
        self.rect(left, y - size, w, size + 4.0, "#ffffff", 0.85, None);
        self.text(x, y, anchor, size, fill, bold, s);
    }

    pub fn line(
        &mut self,
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        stroke: &str,
        width: f64,
        dash: Option<&str>,
    ) {
        let dash = dash.map_or(String::new(), |d| format!(" stroke-dasharray=\"{d}\""));
        let _ = write!(
            self.out,
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"{stroke}\" stroke-width=\"{width}\"{dash}/>"
        );
    }

    pub fn rect(
        &mut self,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        fill: &str,
        opacity: f64,
        tip: Option<&str>,
    ) {
        let _ = write!(
            self.out,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fill}\" fill-opacity=\"{opacity}\"",
            w.max(0.0),
            h.max(0.0)
        );
        self.close(tip);
    }

    pub fn circle(
        &mut self,
        cx: f64,
        cy: f64,
        r: f64,
        fill: &str,
        stroke: &str,
        tip: Option<&str>,
    ) {
        let _ = write!(
            self.out,
            "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"{r}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\""
        );
        self.close(tip);
    }

    /// A polyline through `pts`.
    pub fn polyline(&mut self, pts: &[(f64, f64)], stroke: &str, width: f64, dash: Option<&str>) {
        if pts.len() < 2 {
            return;
        }
        let d: Vec<String> = pts.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        let dash = dash.map_or(String::new(), |d| format!(" stroke-dasharray=\"{d}\""));
        let _ = write!(
            self.out,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{width}\" stroke-linejoin=\"round\"{dash}/>",
            d.join(" ")
        );
    }

    /// A closed area through `pts`.
    pub fn polygon(&mut self, pts: &[(f64, f64)], fill: &str, opacity: f64) {
        if pts.len() < 3 {
            return;
        }
        let d: Vec<String> = pts.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        let _ = write!(
            self.out,
            "<polygon points=\"{}\" fill=\"{fill}\" fill-opacity=\"{opacity}\" stroke=\"none\"/>",
            d.join(" ")
        );
    }

    /// A tooltip for the element just opened, then its end.
    fn close(&mut self, tip: Option<&str>) {
        match tip {
            Some(t) => {
                let _ = write!(self.out, "><title>{}</title></{}>", esc(t), self.last_tag());
            }
            None => self.out.push_str("/>"),
        }
    }

    fn last_tag(&self) -> &'static str {
        let i = self.out.rfind('<').unwrap_or(0);
        let tag = &self.out[i + 1..];
        if tag.starts_with("rect") {
            "rect"
        } else if tag.starts_with("circle") {
            "circle"
        } else {
            "g"
        }
    }

    /// The legend from `x` on at baseline `y`, wrapping at `max_x`;
    /// returns the baseline of its last row.
    pub fn legend(&mut self, items: &[(Swatch, String)], x: f64, y: f64, max_x: f64) -> f64 {
        let size = TEXT_PX;
        let (mut cx, mut cy) = (x, y);
        for (swatch, label) in items {
            let w = 22.0 + text_width(label, size) + 16.0;
            if cx > x && cx + w > max_x {
                cx = x;
                cy += size + 8.0;
            }
            let mid = cy - size * 0.35;
            match *swatch {
                Swatch::Line(c, dashed) => {
                    self.line(cx, mid, cx + 16.0, mid, c, 2.5, dashed.then_some("5 3"))
                }
                Swatch::Box(c, o) => self.rect(cx, mid - 5.0, 16.0, 10.0, c, o, None),
                Swatch::Dot(c) => self.circle(cx + 8.0, mid, 4.0, c, "#ffffff", None),
                Swatch::Break => self.line(
                    cx + 8.0,
                    mid - 7.0,
                    cx + 8.0,
                    mid + 7.0,
                    colour::RED,
                    2.0,
                    Some("2 2"),
                ),
                Swatch::Marker(filled) => self.circle(
                    cx + 8.0,
                    mid,
                    4.5,
                    if filled { colour::INK } else { "#ffffff" },
                    colour::INK,
                    None,
                ),
            }
            self.text(cx + 22.0, cy, "start", size, colour::INK, false, label);
            cx += w;
        }
        cy
    }

    /// Rows the legend takes at this width (for the layout before drawing).
    pub fn legend_rows(items: &[(Swatch, String)], x: f64, max_x: f64) -> usize {
        let mut rows = usize::from(!items.is_empty());
        let mut cx = x;
        for (_, label) in items {
            let w = 22.0 + text_width(label, TEXT_PX) + 16.0;
            if cx > x && cx + w > max_x {
                cx = x;
                rows += 1;
            }
            cx += w;
        }
        rows
    }

    /// The value gridlines with their labels, the baseline, the year ticks
    /// and the x-axis title of a chart over years (line and fan charts).
    pub fn time_axes(
        &mut self,
        a: &TimeAxes<'_>,
        ticks: &super::Ticks,
        labels: &[String],
        years: &[f64],
        x_title: &str,
    ) {
        for (v, l) in ticks.values.iter().zip(labels) {
            let y = (a.sy)(*v);
            let (c, width) = if a.zero_line && *v == 0.0 && ticks.lo < 0.0 {
                (colour::AXIS, 1.2)
            } else {
                (colour::GRID, 1.0)
            };
            self.line(a.left, y, a.right, y, c, width, None);
            self.text(
                a.left - 6.0,
                y + TEXT_PX * 0.35,
                "end",
                TEXT_PX,
                colour::MUTED,
                false,
                l,
            );
        }
        self.line(a.left, a.bottom, a.right, a.bottom, colour::AXIS, 1.0, None);
        for y in years {
            let x = (a.sx)(*y);
            self.line(x, a.bottom, x, a.bottom + 4.0, colour::AXIS, 1.0, None);
            self.text(
                x,
                a.bottom + 4.0 + TEXT_PX,
                "middle",
                TEXT_PX,
                colour::MUTED,
                false,
                &format!("{y}"),
            );
        }
        self.text(
            (a.left + a.right) / 2.0,
            a.bottom + 4.0 + TEXT_PX + a.line_h,
            "middle",
            TEXT_PX,
            colour::INK,
            false,
            x_title,
        );
    }
}
