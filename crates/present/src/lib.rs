//! # krapte-present
//!
//! How krapte shows a figure to a person, in one place for the terminal, the
//! progress report (HTML and PDF) and the website:
//!
//! - [`num`]: numbers and percentages in Dutch (`42.299`, `46%`, `−2.546`)
//!   and English (`42,299`);
//! - [`words`]: calibrated probability words (the IPCC scale) in both
//!   languages, and the rule that nothing is called closed or met below
//!   one half;
//! - [`headline`]: the five lines every surface opens with, and (feature
//!   `model`) [`compute`], the one function that computes them from the
//!   model for the CLI, the report, the site and the API;
//! - (feature `model`) [`regions`]: the figures per region of a region
//!   set, for `gap --regions`, the site's region pages and the API;
//! - [`labels`]: Dutch and English names of what the data names by id
//!   (`data/labels/labels.csv`, embedded);
//! - [`chart`]: the SVG charts (line chart with trend and target, fan chart
//!   with a P5–P95 band, sorted bar chart), self-contained so that a browser
//!   and the PDF typesetter draw them alike.
//!
//! Pure: no I/O, no globals (the label table is compiled in).

pub mod chart;
#[cfg(feature = "model")]
pub mod compute;
pub mod headline;
pub mod labels;
pub mod num;
#[cfg(feature = "model")]
pub mod regions;
pub mod words;

#[cfg(feature = "model")]
pub use compute::{compute, compute_with_run, HeadlineSpec};
pub use headline::{Central, DigitalLine, Framing, Headline, Interval, Observed, SkewLine, Terms};
pub use num::Lang;

/// Escapes text for XML/HTML element content and double-quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(super::esc("a<b & \"c\">"), "a&lt;b &amp; &quot;c&quot;&gt;");
    }
}
