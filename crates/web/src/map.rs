//! The regional view: an SVG map of the 12 provinces coloured by a value
//! (the 2030 technician gap), from schematic hand-made outlines
//! (`assets/provinces.txt`; not official boundaries).

use std::fmt::Write as _;

use krapte_model::Province;
use krapte_monitor::chart::esc;

const OUTLINES: &str = include_str!("../assets/provinces.txt");

/// Width and height of the map's view box.
const W: f64 = 400.0;
const H: f64 = 470.0;

/// The outline of each province, lon/lat points.
pub fn outlines() -> Vec<(Province, Vec<(f64, f64)>)> {
    OUTLINES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let p = Province::from_code(parts.next()?)?;
            let pts = parts
                .filter_map(|xy| {
                    let (x, y) = xy.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect();
            Some((p, pts))
        })
        .collect()
}

/// Longitude/latitude to view-box coordinates (equirectangular, latitude
/// scaled by cos 52°).
fn project((lon, lat): (f64, f64)) -> (f64, f64) {
    let x = (lon - 3.3) / (7.3 - 3.3) * W;
    let y = (53.6 - lat) / (53.6 - 50.7) * H;
    (x, y)
}

/// A colour for a gap: blue for a surplus, red for a shortage, stronger
/// with the size relative to `scale`.
pub fn colour(v: f64, scale: f64) -> String {
    if !v.is_finite() || scale <= 0.0 {
        return "#dddddd".into();
    }
    let t = (v.abs() / scale).min(1.0);
    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    let (r, g, b) = if v >= 0.0 {
        (mix(253.0, 180.0), mix(236.0, 35.0), mix(230.0, 24.0))
    } else {
        (mix(230.0, 21.0), mix(240.0, 66.0), mix(250.0, 115.0))
    };
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The map: each province a polygon with its value as a title; provinces
/// without a value are grey. `link` gives a province's detail anchor.
pub fn svg(values: &[(Province, f64, String)], label: &str) -> String {
    let scale = values
        .iter()
        .map(|(_, v, _)| v.abs())
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let mut s = format!(
        "<svg class=\"map\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        esc(label)
    );
    for (p, pts) in outlines() {
        let found = values.iter().find(|(q, _, _)| *q == p);
        let (fill, title) = match found {
            Some((_, v, text)) => (colour(*v, scale), format!("{}: {text}", p.name())),
            None => ("#dddddd".into(), format!("{}: geen gegevens", p.name())),
        };
        let points: Vec<String> = pts
            .iter()
            .map(|&ll| {
                let (x, y) = project(ll);
                format!("{x:.1},{y:.1}")
            })
            .collect();
        let _ = write!(
            s,
            "<a href=\"#{code}\"><polygon points=\"{pts}\" fill=\"{fill}\" stroke=\"#333\" stroke-width=\"1\" data-code=\"{code}\"><title>{title}</title></polygon></a>",
            code = p.code(),
            pts = points.join(" "),
            title = esc(&title)
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_twelve_provinces_have_an_outline() {
        let o = outlines();
        assert_eq!(o.len(), 12);
        for p in Province::ALL {
            assert!(o.iter().any(|(q, pts)| *q == p && pts.len() >= 3), "{p}");
        }
    }

    #[test]
    fn colours_run_from_blue_to_red() {
        assert_eq!(colour(0.0, 1.0), "#fdece6");
        assert_eq!(colour(1.0, 1.0), "#b42318");
        assert_eq!(colour(-1.0, 1.0), "#154273");
        assert_eq!(colour(f64::NAN, 1.0), "#dddddd");
    }
}
