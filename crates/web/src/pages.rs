//! The Dutch pages, rendered on the server: the key indicators and the 2030
//! verdicts (`/`), the doorrekening (`/doorrekening`), the provinces
//! (`/regio`) and the scenario explorer (`/verkenner`, redrawn by
//! `assets/app.js` from `POST /api/gap`). No inline scripts or styles (the
//! content security policy forbids them); no external resources.

use std::fmt::Write as _;

use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use krapte_model::plan::LeverFlow;
use krapte_monitor::chart::{chart, esc, ChartText};
use krapte_monitor::{assess, Pillar};

use crate::api::{blocking, policy_campaigns, policy_scales, query_pairs, verdict_code, Shared};
use crate::error::ApiError;
use crate::explore::{
    Figure, GapOut, PlanOut, Request, CAMPAIGN_BUDGET_RANGE, CAMPAIGN_START_DEFAULT,
    CAMPAIGN_YEARS_RANGE,
};
use crate::map;
use crate::probability::{Odds, DRAWS, SEED};
use crate::state::AppState;

const APP_JS: &str = include_str!("../assets/app.js");
const STYLE_CSS: &str = include_str!("../assets/style.css");

pub async fn app_js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        APP_JS,
    )
        .into_response()
}

pub async fn style_css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        STYLE_CSS,
    )
        .into_response()
}

/// A number in Dutch notation: `42.299`, `-1.234`, `0,57`.
pub fn nl(v: f64) -> String {
    if !v.is_finite() {
        return "n.b.".into();
    }
    if v.abs() < 10.0 && (v - v.round()).abs() >= 0.005 {
        return format!("{v:.2}").replace('.', ",");
    }
    let digits = format!("{:.0}", v.abs().round());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    if v < 0.0 && v.round() != 0.0 {
        format!("−{out}")
    } else {
        out
    }
}

fn unit_nl(u: &str) -> &str {
    match u {
        "persons" => "personen",
        other => other,
    }
}

fn basis_nl(b: &str) -> &'static str {
    match b {
        "net" => "netto",
        "gross" => "bruto",
        "supply" => "aanbod",
        _ => "kosten",
    }
}

/// A figure with unit, year, basis and range.
pub fn fig(f: &Figure) -> String {
    format!(
        "<span class=\"fig\">{} {}</span> <span class=\"range\">(bandbreedte {} tot {}; {}; {})</span>",
        nl(f.central),
        esc(unit_nl(f.unit)),
        nl(f.low),
        nl(f.high),
        f.year,
        basis_nl(f.basis)
    )
}

/// A figure in a table cell (the table's caption names unit, year, basis).
fn cell(f: &Figure) -> String {
    format!(
        "<td class=\"n\">{} <small>({}–{})</small></td>",
        nl(f.central),
        nl(f.low),
        nl(f.high)
    )
}

fn page(title: &str, active: &str, body: &str) -> Html<String> {
    let mut nav = String::new();
    for (href, name) in [
        ("/", "Indicatoren"),
        ("/doorrekening", "Doorrekening"),
        ("/regio", "Regio"),
        ("/verkenner", "Verkenner"),
        ("/api/openapi.json", "API"),
    ] {
        let class = if href == active {
            " class=\"active\""
        } else {
            ""
        };
        let _ = write!(nav, "<a href=\"{href}\"{class}>{name}</a>");
    }
    Html(format!(
        "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{t} — krapte</title><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/static/style.css\"><script src=\"/static/app.js\" defer></script></head><body><header><strong>krapte</strong> · Actieplan Groene en Digitale Banen<nav>{nav}</nav></header><main><h1>{t}</h1>{body}</main><footer>krapte {v} · cijfers met eenheid, jaar, netto/aanbod en bandbreedte (alle parameters laag of hoog; geen kansinterval) · <a href=\"/api/openapi.json\">API</a></footer></body></html>",
        t = esc(title),
        v = env!("CARGO_PKG_VERSION"),
    ))
}

fn csv_link(req: &Request, chart: &str) -> String {
    let mut q: Vec<(String, String)> = Vec::new();
    if let Some(s) = &req.scenario {
        q.push(("scenario".into(), s.clone()));
    }
    if let Some(p) = &req.policy {
        q.push(("policy".into(), p.clone()));
    }
    if let Some(p) = &req.province {
        q.push(("province".into(), p.clone()));
    }
    for (k, v) in &req.overrides {
        q.push((format!("m.{k}"), v.to_string()));
    }
    for (k, v) in &req.levers {
        q.push((format!("l.{k}"), v.to_string()));
    }
    for (k, c) in &req.campaigns {
        let parts = [
            ("", c.budget_meur_per_year),
            (".years", c.years),
            (".start", c.start_year),
        ];
        for (suffix, v) in parts {
            if let Some(v) = v {
                q.push((format!("c.{k}{suffix}"), v.to_string()));
            }
        }
    }
    q.push(("chart".into(), chart.into()));
    let qs = serde_urlencoded::to_string(&q).unwrap_or_default();
    format!(
        "<p class=\"csv\"><a href=\"/api/gap.csv?{}\" download>Download de cijfers achter deze grafiek (CSV, onafgerond)</a></p>",
        esc(&qs)
    )
}

/// A share as a Dutch percentage.
fn pct(p: f64) -> String {
    format!("{}%", nl(p * 100.0).replace('.', ""))
}

fn odds_text(o: &Odds) -> String {
    format!(
        "<strong>{}</strong> <span class=\"range\">(P5 {} / P50 {} / P95 {} {}; {}; {})</span>",
        pct(o.probability_met),
        nl(o.p5),
        nl(o.p50),
        nl(o.p95),
        if o.unit == "persons" {
            "personen"
        } else {
            o.unit
        },
        o.year,
        basis_nl(o.basis)
    )
}

/// The Monte Carlo probabilities, or that they are being computed.
fn probabilities(s: &AppState) -> String {
    match s.probabilities.get() {
        None => format!(
            "<p class=\"note\" id=\"mc\" data-status=\"computing\">Kans dat de doelen gehaald worden: <strong>wordt berekend</strong> (Monte Carlo, {} trekkingen, seed {}); ververs de pagina over enkele seconden.</p>",
            nl(DRAWS as f64),
            SEED
        ),
        Some(Err(e)) => format!(
            "<p class=\"note\" id=\"mc\" data-status=\"failed\">De kansberekening is mislukt: {}</p>",
            esc(e)
        ),
        Some(Ok(p)) => {
            let mut b = format!(
                "<div id=\"mc\" data-status=\"ready\"><p>Kans dat het technicustekort in {y} gedicht is (landelijk, tekort ≤ 0): zonder beleid {without}",
                y = p.year,
                without = odds_text(&p.technician_without),
            );
            if let (Some(w), Some(id)) = (&p.technician_with, &p.policy) {
                let _ = write!(b, "; met beleid {} {}", esc(id), odds_text(w));
            }
            b.push_str(".</p><ul>");
            for d in &p.digital {
                let _ = write!(
                    b,
                    "<li>Kans op 1 miljoen digitaal vaardigen in {} ({}): zonder beleid {}",
                    p.year,
                    esc(&d.definition),
                    odds_text(&d.without)
                );
                if let Some(w) = &d.with {
                    let _ = write!(b, "; met beleid {}", odds_text(w));
                }
                b.push_str("</li>");
            }
            let _ = write!(
                b,
                "</ul><p class=\"note\">{} trekkingen, seed {}, {} onzekere parameters; scenario {}. {}</p></div>",
                nl(p.draws as f64),
                p.seed,
                p.parameters,
                esc(&p.scenario),
                esc(&p.notes.join(" "))
            );
            b
        }
    }
}

/// The 2030 verdicts of both goals, with the plan where there is one.
fn verdicts(st: &AppState, g: &GapOut, p: Option<&PlanOut>) -> String {
    let v = &g.technician_verdict;
    let class = if v.met { "on" } else { "off" };
    let mut s = format!(
        "<section class=\"verdicts\"><h2>De twee doelen in {y}</h2><p class=\"verdict {class}\">{label}</p><p>Technicustekort {y} (landelijk, scenario {sc}{pol}): {gap}</p>",
        y = v.year,
        label = esc(&v.label_nl),
        sc = esc(&g.scenario_name),
        pol = g
            .policy
            .as_ref()
            .map_or(String::new(), |p| format!(", beleid {}", esc(p))),
        gap = fig(&v.gap),
    );
    if let Some(p) = p {
        let _ = write!(
            s,
            "<p>Zonder beleid: {}; met beleid: {}.</p>",
            fig(&p.without),
            fig(&p.with)
        );
    }
    s.push_str("<ul>");
    for d in &g.digital_verdicts {
        let class = if d.met { "on" } else { "off" };
        let _ = write!(
            s,
            "<li><span class=\"verdict {class}\">{}</span>: {}</li>",
            esc(&d.label_nl),
            fig(&d.count)
        );
    }
    s.push_str("</ul>");
    s.push_str(&probabilities(st));
    s.push_str("</section>");
    s
}

/// Horizontal bars with a whisker for the range.
pub fn bars(rows: &[(String, Figure)], label: &str) -> String {
    let (w, row_h, left) = (560.0, 26.0, 150.0);
    let h = row_h * rows.len() as f64 + 30.0;
    let lo = rows
        .iter()
        .map(|(_, f)| f.low.min(f.central))
        .fold(0.0, f64::min);
    let hi = rows
        .iter()
        .map(|(_, f)| f.high.max(f.central))
        .fold(0.0, f64::max);
    let span = if hi - lo > 0.0 { hi - lo } else { 1.0 };
    let x = |v: f64| left + (v - lo) / span * (w - left - 20.0);
    let mut s = format!(
        "<svg class=\"bars\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        esc(label)
    );
    let zero = x(0.0);
    let _ = write!(
        s,
        "<line x1=\"{zero:.1}\" y1=\"0\" x2=\"{zero:.1}\" y2=\"{:.1}\" class=\"axis\"/>",
        h - 20.0
    );
    for (k, (name, f)) in rows.iter().enumerate() {
        let y = k as f64 * row_h + 4.0;
        let (a, b) = (x(0.0_f64.min(f.central)), x(0.0_f64.max(f.central)));
        let class = if f.central > 0.0 { "short" } else { "surplus" };
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"lab\" text-anchor=\"end\">{}</text><rect x=\"{a:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" class=\"{class}\"><title>{}: {} {} ({}–{})</title></rect><line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" class=\"whisker\"/>",
            left - 6.0,
            y + 14.0,
            esc(name),
            (b - a).max(0.5),
            row_h - 8.0,
            esc(name),
            nl(f.central),
            esc(unit_nl(f.unit)),
            nl(f.low),
            nl(f.high),
            x(f.low),
            y + (row_h - 8.0) / 2.0,
            x(f.high),
            y + (row_h - 8.0) / 2.0,
        );
    }
    let _ = write!(
        s,
        "<text x=\"{left}\" y=\"{:.1}\" class=\"lab\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" class=\"lab\" text-anchor=\"end\">{}</text></svg>",
        h - 6.0,
        nl(lo),
        w - 20.0,
        h - 6.0,
        nl(hi)
    );
    s
}

fn years_table(g: &GapOut) -> String {
    let mut s = format!(
        "<table><caption>Technici per jaar ({area}): fte, centraal (laag–hoog); benodigd en tekort netto</caption><thead><tr><th>jaar</th><th>benodigd</th><th>waarvan klimaatvraag</th><th>beschikbaar (aanbod)</th><th>tekort</th></tr></thead><tbody>",
        area = g.province.as_ref().map_or("Nederland".into(), |p| esc(p.name))
    );
    for y in &g.years {
        let _ = write!(
            s,
            "<tr><td>{}</td>{}{}{}{}</tr>",
            y.year,
            cell(&y.required),
            cell(&y.climate),
            cell(&y.available),
            cell(&y.gap)
        );
    }
    s.push_str("</tbody></table>");
    s
}

fn level_table(g: &GapOut) -> String {
    let mut s = format!(
        "<table><caption>Technici naar opleidingsniveau in {}: fte, centraal (laag–hoog)</caption><thead><tr><th>niveau</th><th>benodigd (netto)</th><th>beschikbaar (aanbod)</th><th>tekort (netto)</th></tr></thead><tbody>",
        g.goal_year
    );
    for l in &g.by_level {
        let _ = write!(
            s,
            "<tr><td>{}</td>{}{}{}</tr>",
            l.level,
            cell(&l.required),
            cell(&l.available),
            cell(&l.gap)
        );
    }
    s.push_str("</tbody></table>");
    s
}

fn notes(g: &GapOut) -> String {
    let mut s = String::new();
    for n in &g.notes {
        let _ = write!(s, "<p class=\"note\">{}</p>", esc(n));
    }
    let _ = write!(
        s,
        "<p class=\"note\">Dataset-editie {}; scenario {} ({}).</p>",
        esc(&g.dataset_edition),
        esc(&g.scenario_name),
        esc(&g.scenario)
    );
    s
}

/// `/`: the 2030 verdicts and the monitor's indicators per pillar.
/// Rendered again only when the store's observation count changed.
pub async fn home(State(s): State<Shared>) -> Result<Html<String>, ApiError> {
    let body = blocking(move || {
        let store = s.store().map_err(ApiError::internal)?;
        let n = store
            .count()
            .map_err(|e| ApiError::internal(e.to_string()))?;
        let at_now = (n, s.probabilities.get().is_some());
        if let Ok(cache) = s.home_cache.lock() {
            if let Some((at, html)) = cache.as_ref() {
                if *at == at_now {
                    return Ok(html.clone());
                }
            }
        }
        let html = std::sync::Arc::new(home_body(&s, &store)?);
        if let Ok(mut cache) = s.home_cache.lock() {
            *cache = Some((at_now, html.clone()));
        }
        Ok(html)
    })
    .await?;
    Ok(page("Groene en digitale banen: de stand", "/", &body))
}

fn home_body(s: &AppState, store: &krapte_monitor::Store) -> Result<String, ApiError> {
    let mut b = verdicts(s, &s.default_gap, s.default_plan.as_ref());
    let num = |v: f64| nl(v);
    for pillar in Pillar::ALL {
        let _ = write!(b, "<h2>Pijler {}</h2>", esc(pillar.code()));
        let mut rest = String::new();
        for ind in s.registry.indicators.iter().filter(|i| i.pillar == pillar) {
            let series = store
                .series(&ind.id, "NL")
                .map_err(|e| ApiError::internal(e.to_string()))?;
            let a = assess(ind, &series);
            let breaks = s.registry.break_positions(&ind.id);
            let latest = series.last().map_or("geen waarnemingen".to_string(), |p| {
                format!(
                    "{} {} ({}; publicatie {})",
                    nl(p.value),
                    ind.unit,
                    p.period,
                    p.vintage
                )
            });
            let source = s.registry.sources.get(&ind.source_id).map_or_else(
                || esc(&ind.source_id),
                |x| format!("{} ({})", esc(&x.title), esc(&x.publisher)),
            );
            let section = format!(
                "<section class=\"ind\" id=\"{id}\"><h3>{nlname}</h3><p>Laatste waarde: <strong>{latest}</strong>. Doel: {target}. <span class=\"verdict {v}\">{vl}</span></p>{chart}<p class=\"note\">Definitie ({id} {ver}): {def}</p><p class=\"note\">Bron: {source}. <a href=\"/api/indicators/{id}\">Reeks met alle publicaties (JSON)</a></p></section>",
                id = esc(&ind.id),
                nlname = esc(&ind.name_nl),
                latest = esc(&latest),
                target = ind
                    .target
                    .map_or("geen".into(), |(v, y)| format!("{} {} in {y}", nl(v), esc(&ind.unit))),
                v = verdict_code(a.verdict),
                vl = esc(a.verdict.label()),
                chart = chart(ind, &ind.name_nl, &series, &breaks, ChartText::NL, &num),
                ver = esc(&ind.definition_version),
                def = esc(&ind.definition),
            );
            if ind.target.is_some() {
                b.push_str(&section);
            } else {
                rest.push_str(&section);
            }
        }
        if !rest.is_empty() {
            let _ = write!(
                b,
                "<details><summary>Overige indicatoren van pijler {}</summary>{rest}</details>",
                esc(pillar.code())
            );
        }
    }
    Ok(b)
}

/// `/doorrekening`: demand, supply and gap to 2030, the verdicts and the
/// plan's measures.
pub async fn doorrekening(State(s): State<Shared>) -> Html<String> {
    let g = &s.default_gap;
    let req = &g.request;
    let mut b = verdicts(&s, g, s.default_plan.as_ref());
    b.push_str("<h2>Technici per jaar</h2>");
    let rows: Vec<(String, Figure)> = g
        .years
        .iter()
        .map(|y| (y.year.to_string(), y.gap))
        .collect();
    b.push_str(&bars(&rows, "Technicustekort per jaar, fte, netto"));
    b.push_str(&years_table(g));
    b.push_str(&csv_link(req, "years"));
    let _ = write!(b, "<h2>Naar opleidingsniveau in {}</h2>", g.goal_year);
    let rows: Vec<(String, Figure)> = g
        .by_level
        .iter()
        .map(|l| (l.level.to_string(), l.gap))
        .collect();
    b.push_str(&bars(
        &rows,
        "Technicustekort naar opleidingsniveau, fte, netto",
    ));
    b.push_str(&level_table(g));
    b.push_str(&csv_link(req, "levels"));
    if let Some(p) = &s.default_plan {
        let _ = write!(
            b,
            "<h2>Bijdrage van de maatregelen van het actieplan ({})</h2><p>Samen dichten de hefbomen {}; interactie (samen min de som van elk alleen): {}.</p>",
            p.goal_year,
            fig(&p.together),
            fig(&p.interaction)
        );
        let _ = write!(
            b,
            "<table><caption>Tekort dat elke maatregel alleen dicht in {}: fte, centraal (laag–hoog), netto; kosten in miljoen euro tot {}</caption><thead><tr><th>maatregel</th><th>hefbomen</th><th>gedicht tekort</th><th>kosten (mln euro)</th></tr></thead><tbody>",
            p.goal_year, p.goal_year
        );
        for m in &p.by_measure {
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td>{}<td class=\"n\">{}</td></tr>",
                esc(&m.plan_measure),
                m.levers.len(),
                cell(&m.alone_sum),
                nl(m.cost_eur_to_goal_year / 1e6)
            );
        }
        b.push_str("</tbody></table>");
        for n in &p.notes {
            let _ = write!(b, "<p class=\"note\">{}</p>", esc(n));
        }
    }
    b.push_str(&notes(g));
    page("Doorrekening: technici tot 2030", "/doorrekening", &b)
}

/// `/regio`: the provinces coloured by the 2030 gap.
pub async fn regio(State(s): State<Shared>) -> Html<String> {
    let g = &s.default_gap;
    let values: Vec<(krapte_model::Province, f64, String)> = g
        .by_province
        .iter()
        .filter_map(|p| {
            let prov = krapte_model::Province::from_code(p.code)?;
            Some((
                prov,
                p.gap.central,
                format!(
                    "tekort {} fte ({}–{}), {}, netto",
                    nl(p.gap.central),
                    nl(p.gap.low),
                    nl(p.gap.high),
                    p.gap.year
                ),
            ))
        })
        .collect();
    let mut b = format!(
        "<p>Technicustekort per provincie in {} (fte, netto; rood = tekort, blauw = overschot). Scenario {}{}. De provinciegrenzen zijn schematisch.</p><div class=\"mapwrap\">{}</div>",
        g.goal_year,
        esc(&g.scenario_name),
        g.policy.as_ref().map_or(String::new(), |p| format!(", beleid {}", esc(p))),
        map::svg(&values, "Kaart: technicustekort per provincie")
    );
    let _ = write!(
        b,
        "<table><caption>Technici per provincie in {}: fte, centraal (laag–hoog)</caption><thead><tr><th>provincie</th><th>benodigd (netto)</th><th>beschikbaar (aanbod)</th><th>tekort (netto)</th><th></th></tr></thead><tbody>",
        g.goal_year
    );
    for p in &g.by_province {
        let _ = write!(
            b,
            "<tr id=\"{code}\"><td>{name}</td>{}{}{}<td><a href=\"/verkenner?province={code}\">verken</a></td></tr>",
            cell(&p.required),
            cell(&p.available),
            cell(&p.gap),
            code = p.code,
            name = esc(p.name)
        );
    }
    b.push_str("</tbody></table>");
    b.push_str(&csv_link(&g.request, "provinces"));
    b.push_str("<p class=\"note\" id=\"regions-note\">Alleen provincies. RES-regio's en arbeidsmarktregio's worden niet getoond: er zijn wel tabellen van gemeenten naar RES-regio (onofficiële lijst) en naar arbeidsmarktregio, en banen per COROP-gebied, maar het model verdeelt vraag en aanbod per provincie, en deze regio's lopen over provinciegrenzen heen. Een eigen verdeling van vraag en aanbod over deze regio's is nog niet gemaakt; we schatten ze niet.</p>");
    b.push_str(&notes(g));
    page("Regio: het tekort per provincie", "/regio", &b)
}

/// `/verkenner`: the controls; `app.js` reads and writes the query string,
/// calls `POST /api/gap` and draws the results.
pub async fn verkenner(State(s): State<Shared>, RawQuery(q): RawQuery) -> Html<String> {
    let pairs = query_pairs(q.as_deref());
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let ds = s.dataset;
    let scenario = get("scenario")
        .and_then(|id| s.scenario(&id))
        .unwrap_or_else(|| s.default_scenario());
    let policy_id = match get("policy") {
        Some(p) if p.is_empty() => None,
        Some(p) => s.policy(&p).map(|x| x.id.clone()),
        None => s.default_policy.clone(),
    };
    let mut b = String::from("<form id=\"explorer\" class=\"explorer\"><div class=\"controls\">");
    let _ = write!(
        b,
        "<label>Scenario <select name=\"scenario\" id=\"scenario\">"
    );
    for p in &s.scenarios {
        let sel = if p.id == scenario.id { " selected" } else { "" };
        let _ = write!(
            b,
            "<option value=\"{id}\"{sel}>{name}</option>",
            id = esc(&p.id),
            name = esc(&p.value.name)
        );
    }
    b.push_str("</select></label><label>Beleid <select name=\"policy\" id=\"policy\"><option value=\"\">geen beleid</option>");
    for p in &s.policies {
        let sel = if Some(&p.id) == policy_id.as_ref() {
            " selected"
        } else {
            ""
        };
        let scales = serde_json::Value::Object(policy_scales(&s, &p.value)).to_string();
        let campaigns = serde_json::Value::Object(policy_campaigns(&s, &p.value)).to_string();
        let _ = write!(
            b,
            "<option value=\"{id}\" data-levers=\"{sc}\" data-campaigns=\"{ca}\"{sel}>{name}</option>",
            id = esc(&p.id),
            sc = esc(&scales),
            ca = esc(&campaigns),
            name = esc(&p.value.name)
        );
    }
    b.push_str("</select></label><label>Provincie <select name=\"province\" id=\"province\"><option value=\"\">Nederland</option>");
    for r in &ds.regions {
        let _ = write!(
            b,
            "<option value=\"{}\">{}</option>",
            r.code(),
            esc(r.name())
        );
    }
    b.push_str("</select></label>");
    b.push_str("<fieldset><legend>Klimaatmaatregelen: factor op het traject van het scenario (1 = zoals in het scenario)</legend>");
    for m in &scenario.value.measures {
        let Some(d) = ds.measures.get(m.measure) else {
            continue;
        };
        let _ = write!(
            b,
            "<label class=\"slider\"><span>{name} <small>({unit})</small></span><input type=\"range\" name=\"m.{id}\" min=\"0\" max=\"2\" step=\"0.05\" value=\"1\" data-default=\"1\"><output>1</output></label>",
            name = esc(&d.name),
            unit = esc(&d.unit),
            id = esc(&d.id)
        );
    }
    b.push_str("</fieldset>");
    let defaults = policy_id
        .as_ref()
        .and_then(|id| s.policy(id))
        .map(|p| p.value.levers.clone())
        .unwrap_or_default();
    if let Some(pd) = &ds.policy {
        b.push_str("<fieldset><legend>Hefbomen van het actieplan: schaal van de aangekondigde inzet (0 = uit, 1 = zoals aangekondigd, 3 = driemaal)</legend>");
        for (k, l) in pd.levers.iter().enumerate() {
            if l.flow == LeverFlow::None {
                continue;
            }
            let scale = defaults
                .iter()
                .find(|(i, _)| *i == k)
                .map_or(0.0, |(_, x)| {
                    if l.default_intensity > 0.0 {
                        x / l.default_intensity
                    } else {
                        0.0
                    }
                });
            let _ = write!(
                b,
                "<label class=\"slider\"><span>{name} <small>({flow}; effect {lo}–{hi} {unit})</small></span><input type=\"range\" name=\"l.{id}\" min=\"0\" max=\"3\" step=\"0.1\" value=\"{scale}\" data-default=\"{scale}\"><output>{scale}</output></label>",
                name = esc(&l.name),
                flow = esc(l.flow.code()),
                lo = nl(l.effect.low),
                hi = nl(l.effect.high),
                unit = esc(&l.effect_unit),
                id = esc(&l.id),
            );
        }
        b.push_str("</fieldset>");
        let chosen = policy_id
            .as_ref()
            .and_then(|id| s.policy(id))
            .map(|p| p.value.campaigns.clone())
            .unwrap_or_default();
        if !pd.campaigns.is_empty() {
            let _ = write!(
                b,
                "<fieldset><legend>Wervingscampagnes: budget per doelgroep in miljoen euro per jaar (0 = geen campagne) en looptijd in jaren, vanaf {start} tenzij het beleid anders zegt; het effect volgt de trechter van campaigns.csv (bereik × interesse × aanmelding × overstap; aannames)</legend>",
                start = CAMPAIGN_START_DEFAULT
            );
            for (k, c) in pd.campaigns.iter().enumerate() {
                let on = chosen.iter().find(|x| x.campaign == k);
                let budget = on.map_or(0.0, |x| x.budget_meur_per_year);
                let base_years = c.default_years.central.round();
                let years = on.map_or(base_years, |x| f64::from(x.years));
                let _ = write!(
                    b,
                    "<label class=\"slider\"><span>{id}: {group} <small>({flow}; budget in MEUR/jaar)</small></span><input type=\"range\" name=\"c.{id}\" min=\"{lo}\" max=\"20\" step=\"0.5\" value=\"{budget}\" data-default=\"{budget}\" data-base=\"0\"><output>{budget}</output></label><label class=\"slider\"><span>{id}: looptijd <small>(jaren)</small></span><input type=\"range\" name=\"c.{id}.years\" min=\"{ylo}\" max=\"{yhi}\" step=\"1\" value=\"{years}\" data-default=\"{years}\" data-base=\"{base_years}\"><output>{years}</output></label>",
                    id = esc(&c.id),
                    group = esc(&c.target_group),
                    flow = esc(c.flow.code()),
                    lo = CAMPAIGN_BUDGET_RANGE.0,
                    ylo = CAMPAIGN_YEARS_RANGE.0,
                    yhi = CAMPAIGN_YEARS_RANGE.1,
                );
            }
            b.push_str("</fieldset>");
        }
    }
    b.push_str("<p><button type=\"button\" id=\"reset\">Terug naar het scenario</button> <a id=\"share\" href=\"\">Deel-link van deze instelling</a></p></div>");
    b.push_str("<div id=\"results\" class=\"results\" aria-live=\"polite\"><p>Bezig met rekenen…</p></div></form>");
    b.push_str("<noscript><p>De verkenner heeft JavaScript nodig; de <a href=\"/doorrekening\">doorrekening</a> werkt zonder.</p></noscript>");
    page("Verkenner: wat als?", "/verkenner", &b)
}

#[cfg(test)]
mod tests {
    use super::nl;

    #[test]
    fn dutch_numbers() {
        assert_eq!(nl(42_299.4), "42.299");
        assert_eq!(nl(-35_377.0), "−35.377");
        assert_eq!(nl(0.57), "0,57");
        assert_eq!(nl(5.0), "5");
        assert_eq!(nl(f64::NAN), "n.b.");
    }
}
