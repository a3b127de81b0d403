//! The progress report as one self-contained HTML file: the three pillars,
//! each indicator with an inline SVG chart (series breaks and target marked),
//! definition, source and vintage, the doorrekening summary, and the
//! methodology. No scripts, no external files: it opens offline and prints.

use std::fmt::Write as _;

use krapte_monitor::store::Point;
use krapte_monitor::{Indicator, Pillar};

use crate::reports::monitor::Monitor;
use crate::table::Table;

pub use krapte_monitor::chart::esc;

fn num(v: f64) -> String {
    if !v.is_finite() {
        return "n/a".into();
    }
    if v.abs() >= 1000.0 {
        crate::render::fmt_num(v)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A line chart of a series, labelled in English (shared with the website).
pub fn chart(ind: &Indicator, series: &[Point], breaks: &[f64]) -> String {
    krapte_monitor::chart::chart(
        ind,
        &ind.name_en,
        series,
        breaks,
        krapte_present::Lang::En,
        Some(krapte_monitor::chart::current_year()),
    )
}

/// The revised figures of a series: each period whose latest vintage
/// replaced an earlier one, with the earlier values.
fn revisions_html(series: &[Point], label: &str) -> String {
    let revised: Vec<String> = series
        .iter()
        .filter(|p| !p.earlier.is_empty())
        .map(|p| {
            let earlier: Vec<String> = p
                .earlier
                .iter()
                .map(|(v, x)| format!("{}: {}", v, num(*x)))
                .collect();
            format!(
                "{} {} (vintage {}; earlier {})",
                p.period,
                num(p.value),
                p.vintage,
                earlier.join(", ")
            )
        })
        .collect();
    if revised.is_empty() {
        return String::new();
    }
    format!("<p class=\"rev\">{label}: {}</p>", esc(&revised.join("; ")))
}

/// The state of the three pillars: per pillar how many indicators have a
/// target and how many of those are on track, then the status table.
fn overview_html(m: &Monitor) -> Result<String, String> {
    let mut s = String::from("<h2>The monitor at a glance</h2><ul>");
    for pillar in Pillar::ALL {
        let inds: Vec<&Indicator> = m
            .registry
            .indicators
            .iter()
            .filter(|i| i.pillar == pillar)
            .collect();
        let mut counts = [0usize; 4];
        for ind in &inds {
            if ind.target.is_none() {
                continue;
            }
            let series = m.store.series(&ind.id, "NL").map_err(|e| e.to_string())?;
            let k = match m.registry.assess(ind, &series).verdict {
                krapte_monitor::Verdict::OnTrack => 0,
                krapte_monitor::Verdict::Uncertain => 1,
                krapte_monitor::Verdict::OffTrack => 2,
                _ => 3,
            };
            counts[k] += 1;
        }
        let with_target: usize = counts.iter().sum();
        let _ = write!(
            s,
            "<li><strong>{}</strong> ({}): {} indicators, {with_target} with a 2030 target: <span class=\"on\">{} on track</span>, <span class=\"mid\">{} on track with a band that includes missing it</span>, <span class=\"off\">{} off track</span>, {} without enough data.</li>",
            esc(pillar.code()),
            esc(pillar.name_en()),
            inds.len(),
            counts[0],
            counts[1],
            counts[2],
            counts[3]
        );
    }
    s.push_str("</ul>");
    s.push_str(&table_html(&crate::reports::monitor::status(m)?));
    Ok(s)
}

/// The latest value per province, when the indicator has regional series.
fn regional_html(m: &Monitor, ind: &Indicator) -> Result<String, String> {
    let regions = crate::reports::monitor::regional_latest(m, &ind.id)?;
    if regions.is_empty() {
        return Ok(String::new());
    }
    let mut s = format!(
        "<table class=\"regions\"><caption>By province: latest value ({})</caption><thead><tr><th>region</th><th>province</th><th>period</th><th>value</th><th>vintage</th></tr></thead><tbody>",
        esc(&ind.unit)
    );
    let max = regions
        .iter()
        .map(|(_, p)| p.value.abs())
        .fold(0.0, f64::max);
    for (code, p) in &regions {
        // A bar in the value cell: the province's size at a glance.
        let width = if max > 0.0 {
            p.value.abs() / max * 100.0
        } else {
            0.0
        };
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\"><span class=\"bar\" style=\"width:{width:.0}px\"></span> {}</td><td>{}</td></tr>",
            esc(code),
            esc(&crate::reports::monitor::region_name(code)),
            p.period,
            num(p.value),
            esc(&p.vintage)
        );
    }
    s.push_str("</tbody></table>");
    Ok(s)
}

/// A table of the report as HTML.
pub fn table_html(t: &Table) -> String {
    let mut s = format!("<table><caption>{}</caption><thead><tr>", esc(&t.title));
    for k in &t.key_columns {
        let _ = write!(s, "<th>{}</th>", esc(k));
    }
    for c in &t.columns {
        let _ = write!(
            s,
            "<th>{}{}</th>",
            esc(&c.header),
            if c.ranged { " (low–high)" } else { "" }
        );
    }
    s.push_str("</tr></thead><tbody>");
    for r in &t.rows {
        s.push_str("<tr>");
        for k in &r.keys {
            let _ = write!(s, "<td>{}</td>", esc(k));
        }
        for (v, c) in r.values.iter().zip(&t.columns) {
            let cell =
                if c.ranged && v.central.is_finite() && (v.low != v.central || v.high != v.central)
                {
                    format!("{} ({}–{})", num(v.central), num(v.low), num(v.high))
                } else {
                    num(v.central)
                };
            let _ = write!(s, "<td class=\"n\">{}</td>", esc(&cell));
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>");
    let unit = if t.year.is_some() {
        format!(
            "unit: {}; year: {}; {}",
            t.unit,
            t.year.unwrap_or_default(),
            t.basis
        )
    } else {
        format!("unit: {}; {}", t.unit, t.basis)
    };
    let _ = write!(s, "<p class=\"note\">{}</p>", esc(&unit));
    for n in &t.notes {
        let _ = write!(s, "<p class=\"note\">{}</p>", esc(n));
    }
    s
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.6rem}h2{border-bottom:2px solid #154273;color:#154273;margin-top:2.5rem}
section.ind{border:1px solid #ddd;border-radius:6px;padding:.5rem 1rem;margin:1rem 0;break-inside:avoid}
.verdict{font-weight:600}.on{color:#1a7f37}.off{color:#b42318}.mid{color:#9a6700}
svg{width:100%;max-width:560px;height:auto}.axis{stroke:#888}.line{fill:none;stroke:#154273;stroke-width:2}
.pt{fill:#154273}.range{stroke:#154273;stroke-width:6;opacity:.3}.pt.revised{fill:#e17000}.target{fill:#1a7f37}.break{stroke:#b42318;stroke-dasharray:4 3}
.lab{font-size:11px;fill:#555}table{border-collapse:collapse;margin:1rem 0;font-size:.85rem}
td,th{border:1px solid #ccc;padding:.2rem .4rem}td.n{text-align:right}caption{text-align:left;font-weight:600}
.note{font-size:.8rem;color:#555;margin:.2rem 0}
.warn{border-left:4px solid #9a6700;background:#fff8e5;padding:.3rem .6rem}
.bar{display:inline-block;height:.6rem;background:#154273;opacity:.5}
.rev{font-size:.85rem;color:#e17000;margin:.2rem 0}
@media print{body{max-width:none;margin:0}h2{break-before:page}a{color:inherit}}";

/// The whole report.
/// The headline's five lines, Dutch then English (`krapte_present`'s
/// wording, the same as the site's and `krapte gap`'s).
fn headline_html(h: &krapte_present::Headline) -> String {
    let mut s = String::from("<section class=\"headline\" id=\"headline\">");
    for (lang, code) in [
        (krapte_present::Lang::Nl, "nl"),
        (krapte_present::Lang::En, "en"),
    ] {
        let _ = write!(s, "<dl lang=\"{code}\">");
        for l in h.lines(lang) {
            let _ = write!(s, "<dt>{}</dt><dd>{}</dd>", esc(&l.label), esc(&l.text));
        }
        let _ = write!(
            s,
            "</dl><p class=\"note\" lang=\"{code}\">{}. {}</p>",
            esc(&h.framing_text(lang)),
            esc(&h.central_note(lang))
        );
    }
    s.push_str("</section>");
    s
}

pub fn report(
    m: &Monitor,
    headline: Option<&krapte_present::Headline>,
    doorrekening: &[Table],
    header: &[String],
) -> Result<String, String> {
    let mut s = String::from("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>Voortgangsrapportage Actieplan Groene en Digitale Banen</title><style>");
    s.push_str(STYLE);
    s.push_str("</style></head><body><h1>Progress report: Actieplan Groene en Digitale Banen</h1>");
    for line in header {
        let _ = write!(s, "<p class=\"note\">{}</p>", esc(line));
    }
    s.push_str("<h2>Doorrekening: the two goals in 2030</h2>");
    if let Some(h) = headline {
        s.push_str(&headline_html(h));
    }
    if let Some(msg) = crate::model_indicator::not_recorded(m)? {
        let _ = write!(s, "<p class=\"warn\">Note: {}</p>", esc(&msg));
    }
    for t in doorrekening {
        s.push_str(&table_html(t));
    }
    s.push_str(&overview_html(m)?);
    for pillar in Pillar::ALL {
        let _ = write!(
            s,
            "<h2>Pillar {}: {}</h2>",
            esc(pillar.code()),
            esc(pillar.name_en())
        );
        for ind in m.registry.indicators.iter().filter(|i| i.pillar == pillar) {
            let series = m.store.series(&ind.id, "NL").map_err(|e| e.to_string())?;
            let a = m.registry.assess(ind, &series);
            let class = match a.verdict {
                krapte_monitor::Verdict::OnTrack => "on",
                krapte_monitor::Verdict::OffTrack => "off",
                krapte_monitor::Verdict::Uncertain => "mid",
                _ => "",
            };
            let breaks = m.registry.break_positions(&ind.id);
            let source = m.registry.sources.get(&ind.source_id);
            let latest = match (a.latest.as_ref(), series.last().and_then(|p| p.bracket)) {
                (None, _) => "no observations".to_string(),
                (Some((p, v)), None) => format!("{} {} ({p})", num(*v), ind.unit),
                (Some((p, v)), Some((lo, hi))) => format!(
                    "{} {} ({p}; range {} to {})",
                    num(*v),
                    ind.unit,
                    num(lo),
                    num(hi)
                ),
            };
            let vintage = series.last().map_or("-".to_string(), |p| p.vintage.clone());
            let _ = write!(
                s,
                "<section class=\"ind\" id=\"{id}\"><h3>{en} <small>({nl})</small></h3><p>Latest: <strong>{latest}</strong>; vintage {vintage}. Target: {target}. <span class=\"verdict {class}\">{verdict}</span>{brk}</p>{chart}<p class=\"note\">Definition ({id} {ver}): {def}</p><p class=\"note\">Source: {src}</p>",
                id = esc(&ind.id),
                en = esc(&ind.name_en),
                nl = esc(&ind.name_nl),
                latest = esc(&latest),
                vintage = esc(&vintage),
                target = ind.target.map_or("none".into(), |(v, y)| format!("{} in {y}", num(v))),
                verdict = esc(a.verdict.label()),
                brk = a
                    .break_note(false)
                    .map(|n| format!(" <span class=\"note\">{}.</span>", esc(&n)))
                    .unwrap_or_default(),
                chart = chart(ind, &series, &breaks),
                ver = esc(&ind.definition_version),
                def = esc(&ind.definition),
                src = source.map_or(esc(&ind.source_id), |x| format!("{} ({}) {}", esc(&x.title), esc(&x.publisher), esc(&x.url))),
            );
            for (i, p, d) in &m.registry.breaks {
                if *i == ind.id {
                    let _ = write!(s, "<p class=\"note\">Series break {p}: {}</p>", esc(d));
                }
            }
            // The model's vintages are runs (other inputs), not revisions.
            s.push_str(&revisions_html(
                &series,
                if ind.id == crate::model_indicator::ID {
                    "Earlier recorded runs"
                } else {
                    "Revised"
                },
            ));
            if ind.id == crate::model_indicator::ID {
                if let Some(msg) = crate::model_indicator::not_recorded(m)? {
                    let _ = write!(s, "<p class=\"warn\">{}</p>", esc(&msg));
                }
            }
            s.push_str(&regional_html(m, ind)?);
            s.push_str("</section>");
        }
    }
    let _ = write!(
        s,
        "<h2>Methodology</h2><p>Indicators come from the registry in <code>{}</code>; each value is the latest vintage of its period, earlier vintages are kept (orange points are revised figures). Trends are fitted on the last {} periods (log-linear for counts, linear for rates) and extrapolated to the target year with a 90% prediction band; an indicator is on track when the projection and the band reach its target. The model's projected technician gap in 2030 is written into the monitor by <code>krapte monitor record-model</code>: each run with other inputs (dataset edition, scenario, policy) is a vintage, and as a figure for the target year it is its own projection, its low–high bracket the band. Where an indicator has series for provinces, the latest value per province is listed under its chart; the xlsx, CSV and JSON versions of the report hold every indicator's full series (all regions, periods and vintages). The doorrekening (demand, supply, gap, the plan's measures) is described in docs/MODEL.md of krapte; every figure there is sourced or labelled an assumption.</p></body></html>",
        esc(&m.data_dir.display().to_string()),
        krapte_monitor::trend::TREND_POINTS
    );
    Ok(s)
}
