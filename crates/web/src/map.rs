//! Choropleth maps from real boundaries: a small TopoJSON decoder
//! ([`decode`]: quantised, delta-encoded arcs; `Polygon` and
//! `MultiPolygon` geometries) and a pure drawing function ([`svg`]: no I/O,
//! so the PDF report can call it too) that projects the areas, colours
//! them by class, names them, and makes each a link with its details (for
//! click, tap and keyboard focus; `assets/app.js` shows them beside the
//! map, and without script the link leads to the area's table row).
//!
//! Provinces today (`data/geo/provincie_2025.topojson`, embedded:
//! [`provinces`]); arbeidsmarktregio's and RES regions are the same code
//! with another file and object name (`data/geo/README.md`).

use std::fmt::Write as _;

use krapte_monitor::chart::esc;
use serde::Deserialize;

/// The province boundaries (CBS Gebiedsindelingen 2025, generalised).
const PROVINCES: &str = include_str!("../../../data/geo/provincie_2025.topojson");

/// The attribution the boundaries' source asks for, under every map.
pub const ATTRIBUTION: &str =
    "Grenzen: CBS Gebiedsindelingen 2025 (PDOK), vereenvoudigd door cartomap/nl";
/// The same in English.
pub const ATTRIBUTION_EN: &str =
    "Boundaries: CBS Gebiedsindelingen 2025 (PDOK), simplified by cartomap/nl";

/// One area: its code (`PV27`, `AM12`, `ES03` ...), its name, and its
/// polygons in longitude/latitude, each a list of rings (the first the
/// outline, the others holes).
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    pub code: String,
    pub name: String,
    pub polygons: Vec<Vec<Vec<(f64, f64)>>>,
}

#[derive(Deserialize)]
struct Topology {
    arcs: Vec<Vec<Vec<f64>>>,
    transform: Option<Transform>,
    objects: std::collections::HashMap<String, Collection>,
}

#[derive(Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct Collection {
    geometries: Vec<Geometry>,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum Geometry {
    Polygon {
        arcs: Vec<Vec<i64>>,
        properties: Properties,
    },
    MultiPolygon {
        arcs: Vec<Vec<Vec<i64>>>,
        properties: Properties,
    },
}

#[derive(Deserialize)]
struct Properties {
    statcode: String,
    statnaam: String,
}

/// The areas of `object` in a TopoJSON text. An error names what is wrong
/// (not JSON, no such object, an arc index out of range, a geometry type
/// other than a polygon).
pub fn decode(text: &str, object: &str) -> Result<Vec<Area>, String> {
    let topo: Topology =
        serde_json::from_str(text).map_err(|e| format!("not a TopoJSON topology: {e}"))?;
    // Absolute coordinates of every arc (delta-decoded when quantised).
    let arcs: Vec<Vec<(f64, f64)>> = topo
        .arcs
        .iter()
        .map(|arc| {
            let (mut x, mut y) = (0.0, 0.0);
            arc.iter()
                .filter(|p| p.len() >= 2)
                .map(|p| match &topo.transform {
                    Some(t) => {
                        x += p[0];
                        y += p[1];
                        (
                            x * t.scale[0] + t.translate[0],
                            y * t.scale[1] + t.translate[1],
                        )
                    }
                    None => (p[0], p[1]),
                })
                .collect()
        })
        .collect();
    let ring = |indexes: &[i64]| -> Result<Vec<(f64, f64)>, String> {
        let mut out: Vec<(f64, f64)> = Vec::new();
        for &i in indexes {
            // A negative index ~i is arc i reversed.
            let (k, reversed) = if i < 0 { (!i, true) } else { (i, false) };
            let arc = usize::try_from(k)
                .ok()
                .and_then(|k| arcs.get(k))
                .ok_or_else(|| format!("arc {i} out of range ({} arcs)", arcs.len()))?;
            let mut pts = arc.clone();
            if reversed {
                pts.reverse();
            }
            // Consecutive arcs share their end and start point.
            let skip = usize::from(!out.is_empty());
            out.extend(pts.into_iter().skip(skip));
        }
        Ok(out)
    };
    let collection = topo
        .objects
        .get(object)
        .ok_or_else(|| format!("no object '{object}' in the topology"))?;
    collection
        .geometries
        .iter()
        .map(|g| {
            let (polys, props): (Vec<&Vec<Vec<i64>>>, &Properties) = match g {
                Geometry::Polygon { arcs, properties } => (vec![arcs], properties),
                Geometry::MultiPolygon { arcs, properties } => (arcs.iter().collect(), properties),
            };
            let polygons = polys
                .into_iter()
                .map(|rings| rings.iter().map(|r| ring(r)).collect())
                .collect::<Result<Vec<_>, String>>()?;
            Ok(Area {
                code: props.statcode.clone(),
                name: props.statnaam.clone(),
                polygons,
            })
        })
        .collect()
}

/// The 12 provinces, decoded once.
pub fn provinces() -> &'static [Area] {
    static P: std::sync::OnceLock<Vec<Area>> = std::sync::OnceLock::new();
    P.get_or_init(|| decode(PROVINCES, "provincie_2025").unwrap_or_default())
}

/// Twice the signed area of a ring (shoelace).
fn area2(ring: &[(f64, f64)]) -> f64 {
    ring.iter()
        .zip(ring.iter().cycle().skip(1))
        .map(|(a, b)| a.0 * b.1 - b.0 * a.1)
        .sum()
}

/// Where an area's name goes: the centroid of its largest outline.
pub fn label_point(a: &Area) -> Option<(f64, f64)> {
    let outer = a
        .polygons
        .iter()
        .filter_map(|p| p.first())
        .max_by(|x, y| area2(x).abs().total_cmp(&area2(y).abs()))?;
    let a2 = area2(outer);
    if a2.abs() < 1e-12 {
        return outer.first().copied();
    }
    let (mut cx, mut cy) = (0.0, 0.0);
    for (p, q) in outer.iter().zip(outer.iter().cycle().skip(1)) {
        let c = p.0 * q.1 - q.0 * p.1;
        cx += (p.0 + q.0) * c;
        cy += (p.1 + q.1) * c;
    }
    Some((cx / (3.0 * a2), cy / (3.0 * a2)))
}

/// One area's value: the number that colours it and the words that describe
/// it (shown on focus, click and tap, and as its accessible name).
#[derive(Debug, Clone)]
pub struct Value {
    pub code: String,
    pub value: f64,
    pub text: String,
}

/// A class of the legend: values in `[from, to)` get `colour`.
#[derive(Debug, Clone, PartialEq)]
pub struct Class {
    pub from: f64,
    pub to: f64,
    pub colour: &'static str,
}

/// Diverging colours (ColorBrewer RdBu, 6 classes): blue for a surplus
/// (below zero), red for a shortage.
const BLUES: [&str; 3] = ["#2166ac", "#67a9cf", "#d1e5f0"];
const REDS: [&str; 3] = ["#fddbc7", "#ef8a62", "#b2182b"];
/// Areas without a value.
pub const NO_DATA: &str = "#d9d9d9";

/// A step of 1, 2 or 5 times a power of ten at or above `x`.
fn nice(x: f64) -> f64 {
    if !x.is_finite() || x <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|s| *s >= x)
        .unwrap_or(10.0 * p)
}

/// Six classes symmetric around zero, each a round step wide, covering
/// every finite value.
pub fn classes(values: &[f64]) -> Vec<Class> {
    let max = values
        .iter()
        .filter(|v| v.is_finite())
        .fold(0.0_f64, |m, v| m.max(v.abs()));
    let step = nice(max / 3.0);
    let mut out = Vec::with_capacity(6);
    for (k, colour) in BLUES.iter().enumerate() {
        out.push(Class {
            from: -step * (3 - k) as f64,
            to: -step * (2 - k) as f64,
            colour,
        });
    }
    for (k, colour) in REDS.iter().enumerate() {
        out.push(Class {
            from: step * k as f64,
            to: step * (k + 1) as f64,
            colour,
        });
    }
    // The outer classes are open, so nothing falls outside.
    if let Some(first) = out.first_mut() {
        first.from = f64::NEG_INFINITY;
    }
    if let Some(last) = out.last_mut() {
        last.to = f64::INFINITY;
    }
    out
}

/// The colour of a value.
pub fn colour(classes: &[Class], v: f64) -> &'static str {
    if !v.is_finite() {
        return NO_DATA;
    }
    classes
        .iter()
        .find(|c| v >= c.from && v < c.to)
        .map_or(NO_DATA, |c| c.colour)
}

/// The words the drawing needs, in the page's language.
pub struct Text<'a> {
    /// The map's accessible name.
    pub label: &'a str,
    /// For an area without a value.
    pub no_data: &'a str,
    /// Whether to write the areas' names on the map (provinces yes; 35
    /// regions would crowd it).
    pub names: bool,
}

/// Width of the view box; the height follows the areas' shape.
const W: f64 = 400.0;
const MARGIN: f64 = 6.0;

/// The map as SVG: each area a path inside a link to `#CODE` with its
/// name and value text as accessible name, title and `data-` attributes.
pub fn svg(areas: &[Area], values: &[Value], classes: &[Class], text: &Text) -> String {
    svg_linked(areas, values, classes, text, "#", "", None)
}

/// As [`svg`], each area linking to `prefix` + its code + `suffix` (a page
/// per area), and the area `current` marked (`aria-current`).
pub fn svg_linked(
    areas: &[Area],
    values: &[Value],
    classes: &[Class],
    text: &Text,
    prefix: &str,
    suffix: &str,
    current: Option<&str>,
) -> String {
    let pts = || {
        areas
            .iter()
            .flat_map(|a| a.polygons.iter().flatten().flatten())
    };
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(lon, lat) in pts() {
        x0 = x0.min(lon);
        x1 = x1.max(lon);
        y0 = y0.min(lat);
        y1 = y1.max(lat);
    }
    if x0 >= x1 || y0 >= y1 {
        return String::new();
    }
    // Equirectangular, longitude shrunk by the cosine of the mid latitude.
    let k = ((y0 + y1) / 2.0).to_radians().cos();
    let scale = (W - 2.0 * MARGIN) / ((x1 - x0) * k);
    let h = (y1 - y0) * scale + 2.0 * MARGIN;
    let project =
        |(lon, lat): (f64, f64)| (MARGIN + (lon - x0) * k * scale, MARGIN + (y1 - lat) * scale);
    let mut s = format!(
        "<svg class=\"map\" viewBox=\"0 0 {W} {h:.0}\" role=\"group\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        esc(text.label)
    );
    let mut names = String::new();
    for a in areas {
        let found = values.iter().find(|v| v.code == a.code);
        let (fill, detail) = match found {
            Some(v) => (colour(classes, v.value), v.text.as_str()),
            None => (NO_DATA, text.no_data),
        };
        let mut d = String::new();
        for ring in a.polygons.iter().flatten() {
            for (i, &p) in ring.iter().enumerate() {
                let (x, y) = project(p);
                let _ = write!(d, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" });
            }
            d.push('Z');
        }
        let full = format!("{}: {detail}", a.name);
        let is_current = current == Some(a.code.as_str());
        let _ = write!(
            s,
            "<a href=\"{prefix}{code}{suffix}\" class=\"area{chosen}\"{aria}{page} data-code=\"{code}\" data-name=\"{name}\" data-detail=\"{detail}\" aria-label=\"{full}\"><path d=\"{d}\" fill=\"{fill}\" fill-rule=\"evenodd\"><title>{full}</title></path></a>",
            prefix = esc(prefix),
            suffix = esc(suffix),
            chosen = if is_current { " chosen" } else { "" },
            aria = if is_current { " aria-current=\"page\"" } else { "" },
            page = if prefix == "#" { String::new() } else { format!(" data-href=\"{}{}{}\"", esc(prefix), esc(&a.code), esc(suffix)) },
            code = esc(&a.code),
            name = esc(&a.name),
            detail = esc(detail),
            full = esc(&full),
        );
        if text.names {
            if let Some(p) = label_point(a) {
                let (x, y) = project(p);
                let _ = write!(
                    names,
                    "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"middle\">{}</text>",
                    esc(&a.name)
                );
            }
        }
    }
    if !names.is_empty() {
        let _ = write!(s, "<g class=\"names\" aria-hidden=\"true\">{names}</g>");
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A quantised topology by hand: two unit squares side by side sharing
    /// the edge x = 11 (arc 1), with transform scale 1, translate (10, 50).
    const TWO: &str = r#"{"type":"Topology",
      "transform":{"scale":[1,1],"translate":[10,50]},
      "arcs":[[[1,0],[-1,0],[0,1],[1,0]], [[1,1],[0,-1]], [[1,0],[1,0],[0,1],[-1,0]]],
      "objects":{"t":{"type":"GeometryCollection","geometries":[
        {"type":"Polygon","arcs":[[0,1]],"properties":{"statcode":"A","statnaam":"West"}},
        {"type":"MultiPolygon","arcs":[[[-2,-3]]],"properties":{"statcode":"B","statnaam":"Oost"}}]}}}"#;

    #[test]
    fn decodes_deltas_shared_and_reversed_arcs() {
        let a = decode(TWO, "t").expect("decodes");
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].code, "A");
        assert_eq!(a[0].name, "West");
        // Arc 0: (11,50) (10,50) (10,51) (11,51); arc 1: (11,51) (11,50).
        assert_eq!(
            a[0].polygons,
            vec![vec![vec![
                (11.0, 50.0),
                (10.0, 50.0),
                (10.0, 51.0),
                (11.0, 51.0),
                (11.0, 50.0)
            ]]]
        );
        // Arc 1 reversed, then arc 2 (11,50) (12,50) (12,51) (11,51)
        // reversed: the shared edge the other way round.
        assert_eq!(
            a[1].polygons[0][0],
            vec![
                (11.0, 50.0),
                (11.0, 51.0),
                (12.0, 51.0),
                (12.0, 50.0),
                (11.0, 50.0)
            ]
        );
        assert_eq!(label_point(&a[0]), Some((10.5, 50.5)));
        assert!(decode(TWO, "other").is_err());
        assert!(decode("{}", "t").is_err());
        let bad = TWO.replace("[[-2,-3]]", "[[7]]");
        assert!(decode(&bad, "t").is_err_and(|e| e.contains("out of range")));
    }

    #[test]
    fn the_provinces_are_all_there_and_closed() {
        let p = provinces();
        assert_eq!(p.len(), 12);
        for code in krapte_model::Province::ALL.map(|p| p.code()) {
            let a = p
                .iter()
                .find(|a| a.code == code)
                .unwrap_or_else(|| panic!("{code}"));
            for ring in a.polygons.iter().flatten() {
                assert!(ring.len() >= 4, "{code}");
                assert_eq!(ring.first(), ring.last(), "{code}: ring closes");
            }
            // The extent the source states: lon 3.358-7.218, lat 50.751-53.554.
            for &(lon, lat) in a.polygons.iter().flatten().flatten() {
                assert!((3.35..=7.23).contains(&lon) && (50.75..=53.56).contains(&lat));
            }
        }
        // Friesland has its Wadden islands: several polygons.
        let fr = p.iter().find(|a| a.code == "PV21").expect("Fryslân");
        assert!(fr.polygons.len() > 3, "{}", fr.polygons.len());
    }

    #[test]
    fn classes_cover_every_value_around_zero() {
        let c = classes(&[-2_500.0, 800.0, 12_000.0]);
        assert_eq!(c.len(), 6);
        // max 12,000 / 3 = 4,000 -> a step of 5,000.
        assert_eq!(c[3].from, 0.0);
        assert_eq!(c[3].to, 5_000.0);
        assert_eq!(c[2].from, -5_000.0);
        assert_eq!(colour(&c, 12_000.0), REDS[2]);
        assert_eq!(colour(&c, 1e9), REDS[2]);
        assert_eq!(colour(&c, -2_500.0), BLUES[2]);
        assert_eq!(colour(&c, -1e9), BLUES[0]);
        assert_eq!(colour(&c, f64::NAN), NO_DATA);
        assert_eq!(nice(0.0), 1.0);
        assert_eq!(nice(3.2), 5.0);
        assert_eq!(nice(1_100.0), 2_000.0);
    }

    #[test]
    fn the_drawing_names_links_and_colours_each_area() {
        let areas = decode(TWO, "t").expect("decodes");
        let values = [Value {
            code: "A".into(),
            value: 3.0,
            text: "tekort 3 fte".into(),
        }];
        let c = classes(&[3.0]);
        let s = svg(
            &areas,
            &values,
            &c,
            &Text {
                label: "Kaart",
                no_data: "geen gegevens",
                names: true,
            },
        );
        assert_eq!(s.matches("<a href=\"#").count(), 2);
        assert!(s.contains("aria-label=\"West: tekort 3 fte\""));
        assert!(s.contains("aria-label=\"Oost: geen gegevens\""));
        assert!(s.contains(&format!("fill=\"{}\"", colour(&c, 3.0))));
        assert!(s.contains(&format!("fill=\"{NO_DATA}\"")));
        assert!(s.contains(">West</text>") && s.contains(">Oost</text>"));
    }
}
