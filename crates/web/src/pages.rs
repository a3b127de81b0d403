//! The pages, rendered on the server in Dutch (English with `?lang=en`,
//! see [`crate::i18n`]): the key indicators and the 2030
//! verdicts (`/`), the doorrekening (`/doorrekening`), the provinces
//! (`/regio`) and the scenario explorer (`/verkenner`, redrawn by
//! `assets/app.js` from `POST /api/gap`). No inline scripts or styles (the
//! content security policy forbids them); no external resources.

use std::fmt::Write as _;

use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use krapte_model::plan::LeverFlow;
use krapte_monitor::chart::{chart, current_year, esc};
use krapte_monitor::{assess, Pillar};

use crate::api::{blocking, policy_campaigns, policy_scales, query_pairs, verdict_code, Shared};
use crate::error::ApiError;
use crate::explore::{
    Figure, GapOut, PlanOut, Request, CAMPAIGN_BUDGET_RANGE, CAMPAIGN_START_DEFAULT,
    CAMPAIGN_YEARS_RANGE,
};
use crate::i18n::Lang;
use crate::map;
use crate::probability::{Odds, Probabilities, DRAWS, SEED};
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
    Lang::Nl.num(v)
}

fn unit_text(lang: Lang, u: &str) -> &str {
    match (lang, u) {
        (Lang::Nl, "persons") => "personen",
        (_, other) => other,
    }
}

fn basis_text(lang: Lang, b: &str) -> &'static str {
    match b {
        "net" => lang.t("netto", "net"),
        "gross" => lang.t("bruto", "gross"),
        "supply" => lang.t("aanbod", "supply"),
        _ => lang.t("kosten", "cost"),
    }
}

/// A figure with unit, year, basis and range.
pub fn fig(lang: Lang, f: &Figure) -> String {
    format!(
        "<span class=\"fig\">{} {}</span> <span class=\"range\">({} {} {} {}; {}; {})</span>",
        lang.num(f.central),
        esc(unit_text(lang, f.unit)),
        lang.t("bandbreedte", "range"),
        lang.num(f.low),
        lang.t("tot", "to"),
        lang.num(f.high),
        f.year,
        basis_text(lang, f.basis)
    )
}

/// A figure in a table cell (the table's caption names unit, year, basis).
fn cell(lang: Lang, f: &Figure) -> String {
    format!(
        "<td class=\"n\">{} <small>({}–{})</small></td>",
        lang.num(f.central),
        lang.num(f.low),
        lang.num(f.high)
    )
}

fn page(lang: Lang, title: &str, active: &str, body: &str) -> Html<String> {
    let mut nav = String::new();
    for (href, name) in [
        ("/", lang.t("Indicatoren", "Indicators")),
        ("/doorrekening", lang.t("Doorrekening", "Projection")),
        ("/regio", lang.t("Regio", "Regions")),
        ("/verkenner", lang.t("Verkenner", "Explorer")),
    ] {
        let class = if href == active {
            " class=\"active\""
        } else {
            ""
        };
        let _ = write!(
            nav,
            "<a href=\"{href}{}\"{class}>{name}</a>",
            lang.suffix(false)
        );
    }
    nav.push_str("<a href=\"/api/openapi.json\">API</a>");
    // The other language, on the same page.
    let other = match lang {
        Lang::Nl => format!("<a href=\"{active}?lang=en\" id=\"lang\" hreflang=\"en\">English</a>"),
        Lang::En => format!("<a href=\"{active}\" id=\"lang\" hreflang=\"nl\">Nederlands</a>"),
    };
    Html(format!(
        "<!DOCTYPE html><html lang=\"{code}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{t} — krapte</title><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/static/style.css\"><script src=\"/static/app.js\" defer></script></head><body><header><strong>krapte</strong> · {plan}<nav>{nav}{other}</nav></header><main><h1>{t}</h1>{body}</main><footer>krapte {v} · {foot} · <a href=\"/api/openapi.json\">API</a></footer></body></html>",
        code = lang.code(),
        t = esc(title),
        plan = lang.t("Actieplan Groene en Digitale Banen", "Action plan for green and digital jobs"),
        foot = lang.t(
            "cijfers met eenheid, jaar, netto/aanbod en bandbreedte (alle parameters laag of hoog; geen kansinterval)",
            "figures with unit, year, net/supply and range (every parameter low or high; not a probability interval)"
        ),
        v = env!("CARGO_PKG_VERSION"),
    ))
}

fn csv_link(lang: Lang, req: &Request, chart: &str) -> String {
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
        "<p class=\"csv\"><a href=\"/api/gap.csv?{}\" download>{}</a></p>",
        esc(&qs),
        lang.t(
            "Download de cijfers achter deze grafiek (CSV, onafgerond)",
            "Download the figures behind this chart (CSV, unrounded)"
        )
    )
}

/// A share as a percentage.
fn pct(lang: Lang, p: f64) -> String {
    format!("{}%", lang.num(p * 100.0))
}

fn odds_text(lang: Lang, o: &Odds) -> String {
    format!(
        "<strong>{}</strong> <span class=\"range\">(P5 {} / P50 {} / P95 {} {}; {}; {})</span>",
        pct(lang, o.probability_met),
        lang.num(o.p5),
        lang.num(o.p50),
        lang.num(o.p95),
        unit_text(lang, o.unit),
        o.year,
        basis_text(lang, o.basis)
    )
}

/// A province's probability in a table cell: the share of draws in which
/// its gap is closed, with the gap's mean and P5/P50/P95 (the caption names
/// unit, year, basis).
fn odds_cell(lang: Lang, o: &Odds) -> String {
    format!(
        "<td class=\"n\"><strong>{}</strong> <small>({} {}; P5 {} / P50 {} / P95 {})</small></td>",
        pct(lang, o.probability_met),
        lang.t("gem.", "mean"),
        lang.num(o.mean),
        lang.num(o.p5),
        lang.num(o.p50),
        lang.num(o.p95)
    )
}

/// What `/regio` shows of the Monte Carlo per province.
enum RegionOdds<'a> {
    Computing,
    /// Failed, or the draws have no provinces: no columns, a note.
    Absent(String),
    Ready(&'a Probabilities),
}

fn region_odds(s: &AppState, lang: Lang) -> RegionOdds<'_> {
    match s.probabilities.get() {
        None => RegionOdds::Computing,
        Some(Err(e)) => RegionOdds::Absent(format!(
            "{}: {}",
            lang.t(
                "De kansberekening is mislukt",
                "The probability computation failed"
            ),
            esc(e)
        )),
        Some(Ok(p)) if p.technician_by_province.is_empty() => RegionOdds::Absent(
            lang.t(
                "De trekkingen van de Monte Carlo geven geen tekort per provincie (een landelijke dataset, een hefboom gericht op één provincie, klimaatvraag die niet lineair is, of getrokken effecten die de instroom van een opleiding leegmaken die een campagne daarna vult); er is geen kans per provincie.",
                "The Monte Carlo's draws give no gap by province (a national dataset, a lever aimed at one province, climate demand that is not linear, or drawn effects that empty an education's enrolment that a campaign then fills); there is no probability by province.",
            )
            .into(),
        ),
        Some(Ok(p)) => RegionOdds::Ready(p),
    }
}

/// The Monte Carlo probabilities, or that they are being computed.
fn probabilities(s: &AppState, lang: Lang) -> String {
    match s.probabilities.get() {
        None => format!(
            "<p class=\"note\" id=\"mc\" data-status=\"computing\">{}: <strong>{}</strong> (Monte Carlo, {} {}, seed {}); {}</p>",
            lang.t("Kans dat de doelen gehaald worden", "Probability of meeting the goals"),
            lang.t("wordt berekend", "being computed"),
            lang.num(DRAWS as f64),
            lang.t("trekkingen", "draws"),
            SEED,
            lang.t("ververs de pagina over enkele seconden.", "reload the page in a few seconds.")
        ),
        Some(Err(e)) => format!(
            "<p class=\"note\" id=\"mc\" data-status=\"failed\">{}: {}</p>",
            lang.t("De kansberekening is mislukt", "The probability computation failed"),
            esc(e)
        ),
        Some(Ok(p)) => {
            let mut b = format!(
                "<div id=\"mc\" data-status=\"ready\"><p>{} {y} {}: {} {without}",
                lang.t("Kans dat het technicustekort in", "Probability that the technician gap in"),
                lang.t("gedicht is (landelijk, tekort ≤ 0)", "is closed (national, gap ≤ 0)"),
                lang.t("zonder beleid", "without the policy"),
                y = p.year,
                without = odds_text(lang, &p.technician_without),
            );
            if let (Some(w), Some(id)) = (&p.technician_with, &p.policy) {
                let _ = write!(
                    b,
                    "; {} {} {}",
                    lang.t("met beleid", "with the policy"),
                    esc(id),
                    odds_text(lang, w)
                );
            }
            b.push_str(".</p><ul>");
            for d in &p.digital {
                let _ = write!(
                    b,
                    "<li>{} {} ({}): {} {}",
                    lang.t(
                        "Kans op 1 miljoen digitaal vaardigen in",
                        "Probability of 1 million digitally skilled in"
                    ),
                    p.year,
                    esc(&d.definition),
                    lang.t("zonder beleid", "without the policy"),
                    odds_text(lang, &d.without)
                );
                if let Some(w) = &d.with {
                    let _ = write!(
                        b,
                        "; {} {}",
                        lang.t("met beleid", "with the policy"),
                        odds_text(lang, w)
                    );
                }
                b.push_str("</li>");
            }
            let note = match lang {
                Lang::Nl => p.notes.join(" "),
                Lang::En => p.notes_en.join(" "),
            };
            let _ = write!(
                b,
                "</ul><p class=\"note\">{} {}, seed {}, {} {}; scenario {}. {}</p></div>",
                lang.num(p.draws as f64),
                lang.t("trekkingen", "draws"),
                p.seed,
                p.parameters,
                lang.t("onzekere parameters", "uncertain parameters"),
                esc(&p.scenario),
                esc(&note)
            );
            b
        }
    }
}

fn certainty_text(lang: Lang, code: &str) -> &'static str {
    match code {
        "met_throughout" => lang.t(
            "gehaald over de hele bandbreedte",
            "met across the whole range",
        ),
        "missed_throughout" => lang.t(
            "gemist over de hele bandbreedte",
            "missed across the whole range",
        ),
        _ => lang.t(
            "hangt af van de aannames (bandbreedte loopt over nul)",
            "depends on the assumptions (the range crosses zero)",
        ),
    }
}

/// The 2030 verdicts of both goals, with the plan where there is one.
fn verdicts(st: &AppState, lang: Lang, g: &GapOut, p: Option<&PlanOut>) -> String {
    let v = &g.technician_verdict;
    let class = if v.met { "on" } else { "off" };
    let label = match lang {
        Lang::Nl => v.label_nl.clone(),
        Lang::En => format!(
            "Technician gap in {} {}: {}",
            v.year,
            if v.met {
                "closed (central)"
            } else {
                "not closed (central)"
            },
            certainty_text(lang, v.certainty)
        ),
    };
    let mut s = format!(
        "<section class=\"verdicts\"><h2>{} {y}</h2><p class=\"verdict {class}\">{label}</p><p>{} {y} ({}, scenario {sc}{pol}): {gap}</p>",
        lang.t("De twee doelen in", "The two goals in"),
        lang.t("Technicustekort", "Technician gap"),
        lang.t("landelijk", "national"),
        y = v.year,
        label = esc(&label),
        sc = esc(&g.scenario_name),
        pol = g.policy.as_ref().map_or(String::new(), |p| format!(
            ", {} {}",
            lang.t("beleid", "policy"),
            esc(p)
        )),
        gap = fig(lang, &v.gap),
    );
    if let Some(p) = p {
        let _ = write!(
            s,
            "<p>{}: {}; {}: {}.</p>",
            lang.t("Zonder beleid", "Without the policy"),
            fig(lang, &p.without),
            lang.t("met beleid", "with the policy"),
            fig(lang, &p.with)
        );
    }
    s.push_str("<ul>");
    for d in &g.digital_verdicts {
        let class = if d.met { "on" } else { "off" };
        let label = match lang {
            Lang::Nl => d.label_nl.clone(),
            Lang::En => format!(
                "1 million digitally skilled in {} ({}): {}; {}",
                d.count.year,
                d.definition,
                if d.met {
                    "met (central)"
                } else {
                    "not met (central)"
                },
                certainty_text(lang, d.certainty)
            ),
        };
        let _ = write!(
            s,
            "<li><span class=\"verdict {class}\">{}</span>: {}</li>",
            esc(&label),
            fig(lang, &d.count)
        );
    }
    s.push_str("</ul>");
    s.push_str(&probabilities(st, lang));
    s.push_str("</section>");
    s
}

/// Horizontal bars with a whisker for the range.
pub fn bars(lang: Lang, rows: &[(String, Figure)], label: &str) -> String {
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
            lang.num(f.central),
            esc(unit_text(lang, f.unit)),
            lang.num(f.low),
            lang.num(f.high),
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
        lang.num(lo),
        w - 20.0,
        h - 6.0,
        lang.num(hi)
    );
    s
}

fn years_table(lang: Lang, g: &GapOut) -> String {
    let area = g
        .province
        .as_ref()
        .map_or(lang.t("Nederland", "the Netherlands").into(), |p| {
            esc(p.name)
        });
    let mut s = match lang {
        Lang::Nl => format!("<table><caption>Technici per jaar ({area}): fte, centraal (laag–hoog); benodigd en tekort netto</caption><thead><tr><th>jaar</th><th>benodigd</th><th>waarvan klimaatvraag</th><th>beschikbaar (aanbod)</th><th>tekort</th></tr></thead><tbody>"),
        Lang::En => format!("<table><caption>Technicians per year ({area}): fte, central (low–high); required and gap net</caption><thead><tr><th>year</th><th>required</th><th>of which climate demand</th><th>available (supply)</th><th>gap</th></tr></thead><tbody>"),
    };
    for y in &g.years {
        let _ = write!(
            s,
            "<tr><td>{}</td>{}{}{}{}</tr>",
            y.year,
            cell(lang, &y.required),
            cell(lang, &y.climate),
            cell(lang, &y.available),
            cell(lang, &y.gap)
        );
    }
    s.push_str("</tbody></table>");
    s
}

fn level_table(lang: Lang, g: &GapOut) -> String {
    let mut s = match lang {
        Lang::Nl => format!("<table><caption>Technici naar opleidingsniveau in {}: fte, centraal (laag–hoog)</caption><thead><tr><th>niveau</th><th>benodigd (netto)</th><th>beschikbaar (aanbod)</th><th>tekort (netto)</th></tr></thead><tbody>", g.goal_year),
        Lang::En => format!("<table><caption>Technicians by education level in {}: fte, central (low–high)</caption><thead><tr><th>level</th><th>required (net)</th><th>available (supply)</th><th>gap (net)</th></tr></thead><tbody>", g.goal_year),
    };
    for lv in &g.by_level {
        let _ = write!(
            s,
            "<tr><td>{}</td>{}{}{}</tr>",
            lv.level,
            cell(lang, &lv.required),
            cell(lang, &lv.available),
            cell(lang, &lv.gap)
        );
    }
    s.push_str("</tbody></table>");
    s
}

/// The notes of an answer in English (the DTO's are Dutch).
const NOTES_EN: [&str; 3] = [
    "fte = full-time equivalents employed in the year; persons for the digital count.",
    "Required = baseline demand (base-year employment + ROA expansion demand) + the scenario's net climate demand; available = supply from the stock-flow model; gap = required - available (positive = shortage).",
    "Range (low–high): every parameter at its low or high end; not a probability interval.",
];

fn notes(lang: Lang, g: &GapOut) -> String {
    let mut s = String::new();
    match lang {
        Lang::Nl => {
            for n in &g.notes {
                let _ = write!(s, "<p class=\"note\">{}</p>", esc(n));
            }
        }
        Lang::En => {
            for n in NOTES_EN {
                let _ = write!(s, "<p class=\"note\">{}</p>", esc(n));
            }
        }
    }
    let _ = write!(
        s,
        "<p class=\"note\">{} {}; scenario {} ({}).</p>",
        lang.t("Dataset-editie", "Dataset edition"),
        esc(&g.dataset_edition),
        esc(&g.scenario_name),
        esc(&g.scenario)
    );
    s
}

/// `/`: the 2030 verdicts and the monitor's indicators per pillar.
/// Rendered again only when the store's observation count changed.
pub async fn home(
    State(s): State<Shared>,
    RawQuery(q): RawQuery,
) -> Result<Html<String>, ApiError> {
    let lang = Lang::from_query(q.as_deref());
    let slot = usize::from(lang == Lang::En);
    let body = blocking(move || {
        let store = s.store().map_err(ApiError::internal)?;
        let n = store
            .count()
            .map_err(|e| ApiError::internal(e.to_string()))?;
        let at_now = (n, s.probabilities.get().is_some());
        if let Ok(cache) = s.home_cache.lock() {
            if let Some((at, html)) = cache[slot].as_ref() {
                if *at == at_now {
                    return Ok(html.clone());
                }
            }
        }
        let html = std::sync::Arc::new(home_body(&s, lang, &store)?);
        if let Ok(mut cache) = s.home_cache.lock() {
            cache[slot] = Some((at_now, html.clone()));
        }
        Ok(html)
    })
    .await?;
    Ok(page(
        lang,
        lang.t(
            "Groene en digitale banen: de stand",
            "Green and digital jobs: where things stand",
        ),
        "/",
        &body,
    ))
}

/// A monitor verdict in words.
fn verdict_text(lang: Lang, v: krapte_monitor::Verdict) -> &'static str {
    use krapte_monitor::Verdict as V;
    match v {
        V::OnTrack => lang.t("op koers", "on track"),
        V::Uncertain => lang.t(
            "op koers, maar de bandbreedte omvat het missen van het doel",
            "on track, but the band includes missing the target",
        ),
        V::OffTrack => lang.t("niet op koers", "off track"),
        V::NoTarget => lang.t("geen doel", "no target"),
        V::TooFewData => lang.t(
            "te weinig waarnemingen voor een trend",
            "too few observations for a trend",
        ),
    }
}

fn home_body(s: &AppState, lang: Lang, store: &krapte_monitor::Store) -> Result<String, ApiError> {
    let mut b = verdicts(s, lang, &s.default_gap, s.default_plan.as_ref());
    for pillar in Pillar::ALL {
        let _ = write!(
            b,
            "<h2>{} {}</h2>",
            lang.t("Pijler", "Pillar"),
            esc(pillar.code())
        );
        let mut rest = String::new();
        for ind in s.registry.indicators.iter().filter(|i| i.pillar == pillar) {
            let series = store
                .series(&ind.id, "NL")
                .map_err(|e| ApiError::internal(e.to_string()))?;
            let a = assess(ind, &series);
            let breaks = s.registry.break_positions(&ind.id);
            let latest = series.last().map_or(
                lang.t("geen waarnemingen", "no observations").to_string(),
                |p| {
                    format!(
                        "{} {} ({}; {} {})",
                        lang.num(p.value),
                        ind.unit,
                        p.period,
                        lang.t("publicatie", "published"),
                        p.vintage
                    )
                },
            );
            let name = match lang {
                Lang::Nl => &ind.name_nl,
                Lang::En => &ind.name_en,
            };
            let source = s.registry.sources.get(&ind.source_id).map_or_else(
                || esc(&ind.source_id),
                |x| format!("{} ({})", esc(&x.title), esc(&x.publisher)),
            );
            let section = format!(
                "<section class=\"ind\" id=\"{id}\"><h3>{name}</h3><p>{t_latest}: <strong>{latest}</strong>. {t_target}: {target}. <span class=\"verdict {v}\">{vl}</span></p>{chart}<p class=\"note\">{t_def} ({id} {ver}): {def}</p><p class=\"note\">{t_source}: {source}. <a href=\"/api/indicators/{id}\">{t_series}</a></p></section>",
                id = esc(&ind.id),
                name = esc(name),
                t_latest = lang.t("Laatste waarde", "Latest value"),
                t_target = lang.t("Doel", "Target"),
                t_def = lang.t("Definitie", "Definition"),
                t_source = lang.t("Bron", "Source"),
                t_series = lang.t("Reeks met alle publicaties (JSON)", "Series with every vintage (JSON)"),
                latest = esc(&latest),
                target = ind.target.map_or(lang.t("geen", "none").into(), |(v, y)| {
                    format!("{} {} in {y}", lang.num(v), esc(&ind.unit))
                }),
                v = verdict_code(a.verdict),
                vl = esc(verdict_text(lang, a.verdict)),
                chart = chart(
                    ind,
                    name,
                    &series,
                    &breaks,
                    match lang {
                        Lang::Nl => krapte_present::Lang::Nl,
                        Lang::En => krapte_present::Lang::En,
                    },
                    Some(current_year())
                ),
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
                "<details><summary>{} {}</summary>{rest}</details>",
                lang.t(
                    "Overige indicatoren van pijler",
                    "Other indicators of pillar"
                ),
                esc(pillar.code())
            );
        }
    }
    Ok(b)
}

/// `/doorrekening`: demand, supply and gap to 2030, the verdicts and the
/// plan's measures.
pub async fn doorrekening(State(s): State<Shared>, RawQuery(q): RawQuery) -> Html<String> {
    let lang = Lang::from_query(q.as_deref());
    let g = &s.default_gap;
    let req = &g.request;
    let mut b = verdicts(&s, lang, g, s.default_plan.as_ref());
    let _ = write!(
        b,
        "<h2>{}</h2>",
        lang.t("Technici per jaar", "Technicians per year")
    );
    let rows: Vec<(String, Figure)> = g
        .years
        .iter()
        .map(|y| (y.year.to_string(), y.gap))
        .collect();
    b.push_str(&bars(
        lang,
        &rows,
        lang.t(
            "Technicustekort per jaar, fte, netto",
            "Technician gap per year, fte, net",
        ),
    ));
    b.push_str(&years_table(lang, g));
    b.push_str(&csv_link(lang, req, "years"));
    let _ = write!(
        b,
        "<h2>{} {}</h2>",
        lang.t("Naar opleidingsniveau in", "By education level in"),
        g.goal_year
    );
    let rows: Vec<(String, Figure)> = g
        .by_level
        .iter()
        .map(|l| (l.level.to_string(), l.gap))
        .collect();
    b.push_str(&bars(
        lang,
        &rows,
        lang.t(
            "Technicustekort naar opleidingsniveau, fte, netto",
            "Technician gap by education level, fte, net",
        ),
    ));
    b.push_str(&level_table(lang, g));
    b.push_str(&csv_link(lang, req, "levels"));
    if let Some(p) = &s.default_plan {
        let (together, interaction) = (fig(lang, &p.together), fig(lang, &p.interaction));
        let _ = match lang {
            Lang::Nl => write!(
                b,
                "<h2>Bijdrage van de maatregelen van het actieplan ({})</h2><p>Samen dichten de hefbomen {together}; interactie (samen min de som van elk alleen): {interaction}.</p><table><caption>Tekort dat elke maatregel alleen dicht in {}: fte, centraal (laag–hoog), netto; kosten in miljoen euro tot {}</caption><thead><tr><th>maatregel</th><th>hefbomen</th><th>gedicht tekort</th><th>kosten (mln euro)</th></tr></thead><tbody>",
                p.goal_year, p.goal_year, p.goal_year
            ),
            Lang::En => write!(
                b,
                "<h2>Contribution of the action plan's measures ({})</h2><p>Together the levers close {together}; interaction (together minus the sum of each alone): {interaction}.</p><table><caption>Gap each measure closes alone in {}: fte, central (low–high), net; cost in million euros to {}</caption><thead><tr><th>measure</th><th>levers</th><th>gap closed</th><th>cost (million euros)</th></tr></thead><tbody>",
                p.goal_year, p.goal_year, p.goal_year
            ),
        };
        for m in &p.by_measure {
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td>{}<td class=\"n\">{}</td></tr>",
                esc(&m.plan_measure),
                m.levers.len(),
                cell(lang, &m.alone_sum),
                lang.num(m.cost_eur_to_goal_year / 1e6)
            );
        }
        b.push_str("</tbody></table>");
        let notes_en = [
            "National projection (provinces summed). Contribution = gap a lever closes alone, in fte in the goal year; cost in euros from the start to the goal year.",
            "The effects of most levers are assumptions (levers.csv).",
        ];
        match lang {
            Lang::Nl => {
                for n in &p.notes {
                    let _ = write!(b, "<p class=\"note\">{}</p>", esc(n));
                }
            }
            Lang::En => {
                for n in notes_en {
                    let _ = write!(b, "<p class=\"note\">{}</p>", esc(n));
                }
            }
        }
    }
    b.push_str(&notes(lang, g));
    page(
        lang,
        lang.t(
            "Doorrekening: technici tot 2030",
            "Projection: technicians to 2030",
        ),
        "/doorrekening",
        &b,
    )
}

/// `/regio`: the provinces coloured by the 2030 gap, and per province the
/// Monte Carlo probability that its gap is closed (or that it is being
/// computed).
pub async fn regio(State(s): State<Shared>, RawQuery(q): RawQuery) -> Html<String> {
    let lang = Lang::from_query(q.as_deref());
    let g = &s.default_gap;
    let mc = region_odds(&s, lang);
    let mc_of = |code: &str| match &mc {
        RegionOdds::Ready(p) => p.technician_by_province.iter().find(|o| o.code == code),
        _ => None,
    };
    let values: Vec<(krapte_model::Province, f64, String)> = g
        .by_province
        .iter()
        .filter_map(|p| {
            let prov = krapte_model::Province::from_code(p.code)?;
            let mut text = format!(
                "{} {} fte ({}–{}), {}, {}",
                lang.t("tekort", "gap"),
                lang.num(p.gap.central),
                lang.num(p.gap.low),
                lang.num(p.gap.high),
                p.gap.year,
                basis_text(lang, "net")
            );
            if let Some(o) = mc_of(p.code) {
                let _ = write!(
                    text,
                    "; {} {}",
                    lang.t(
                        "kans gedicht zonder beleid",
                        "probability closed without the policy"
                    ),
                    pct(lang, o.without.probability_met)
                );
                if let Some(w) = &o.with {
                    let _ = write!(
                        text,
                        ", {} {}",
                        lang.t("met beleid", "with the policy"),
                        pct(lang, w.probability_met)
                    );
                }
            }
            Some((prov, p.gap.central, text))
        })
        .collect();
    let policy = g.policy.as_ref().map_or(String::new(), |p| {
        format!(", {} {}", lang.t("beleid", "policy"), esc(p))
    });
    let map = map::svg(
        &values,
        lang.t(
            "Kaart: technicustekort per provincie",
            "Map: technician gap by province",
        ),
    );
    // The probability columns: while computing and once there are
    // provinces; with the policy's column when there is a policy.
    let with_policy = match &mc {
        RegionOdds::Ready(p) => p.technician_with.is_some(),
        _ => g.policy.is_some(),
    };
    let odds_cols = match (&mc, with_policy) {
        (RegionOdds::Absent(_), _) => 0,
        (_, true) => 2,
        (_, false) => 1,
    };
    let odds_head = match odds_cols {
        0 => String::new(),
        1 => format!(
            "<th>{}</th>",
            lang.t(
                "kans gedicht zonder beleid",
                "probability closed without the policy"
            )
        ),
        _ => format!(
            "<th>{}</th><th>{}</th>",
            lang.t(
                "kans gedicht zonder beleid",
                "probability closed without the policy"
            ),
            lang.t(
                "kans gedicht met beleid",
                "probability closed with the policy"
            )
        ),
    };
    let mut b = match lang {
        Lang::Nl => format!(
            "<p>Technicustekort per provincie in {} (fte, netto; rood = tekort, blauw = overschot). Scenario {}{policy}. De provinciegrenzen zijn schematisch.</p><div class=\"mapwrap\">{map}</div><table id=\"provinces\"><caption>Technici per provincie in {}: fte, centraal (laag–hoog); kans dat het tekort gedicht is (tekort ≤ 0) met gemiddelde en P5/P50/P95 van het tekort (fte, netto)</caption><thead><tr><th>provincie</th><th>benodigd (netto)</th><th>beschikbaar (aanbod)</th><th>tekort (netto)</th>{odds_head}<th></th></tr></thead><tbody>",
            g.goal_year,
            esc(&g.scenario_name),
            g.goal_year
        ),
        Lang::En => format!(
            "<p>Technician gap by province in {} (fte, net; red = shortage, blue = surplus). Scenario {}{policy}. The province outlines are schematic.</p><div class=\"mapwrap\">{map}</div><table id=\"provinces\"><caption>Technicians by province in {}: fte, central (low–high); probability that the gap is closed (gap ≤ 0) with the gap's mean and P5/P50/P95 (fte, net)</caption><thead><tr><th>province</th><th>required (net)</th><th>available (supply)</th><th>gap (net)</th>{odds_head}<th></th></tr></thead><tbody>",
            g.goal_year,
            esc(&g.scenario_name),
            g.goal_year
        ),
    };
    let computing = format!(
        "<td class=\"n computing\">{}</td>",
        lang.t("wordt berekend", "being computed")
    );
    let missing = format!("<td class=\"n\">{}</td>", lang.t("n.b.", "n/a"));
    for p in &g.by_province {
        let odds = match (&mc, mc_of(p.code)) {
            (RegionOdds::Absent(_), _) => String::new(),
            (RegionOdds::Computing, _) => computing.repeat(odds_cols),
            (RegionOdds::Ready(_), None) => missing.repeat(odds_cols),
            (RegionOdds::Ready(_), Some(o)) => {
                let mut c = odds_cell(lang, &o.without);
                if let Some(w) = &o.with {
                    c.push_str(&odds_cell(lang, w));
                }
                c
            }
        };
        let _ = write!(
            b,
            "<tr id=\"{code}\"><td>{name}</td>{}{}{}{odds}<td><a href=\"/verkenner?province={code}{suffix}\">{explore}</a></td></tr>",
            cell(lang, &p.required),
            cell(lang, &p.available),
            cell(lang, &p.gap),
            code = p.code,
            name = esc(p.name),
            suffix = lang.suffix(true),
            explore = lang.t("verken", "explore")
        );
    }
    b.push_str("</tbody></table>");
    b.push_str(&csv_link(lang, &g.request, "provinces"));
    let _ = match &mc {
        RegionOdds::Computing => write!(
            b,
            "<p class=\"note\" id=\"mc-regio\" data-status=\"computing\">{}: <strong>{}</strong> (Monte Carlo, {} {}, seed {}); {}</p>",
            lang.t("Kans per provincie dat het tekort gedicht is", "Probability by province that the gap is closed"),
            lang.t("wordt berekend", "being computed"),
            lang.num(DRAWS as f64),
            lang.t("trekkingen", "draws"),
            SEED,
            lang.t("ververs de pagina over enkele seconden.", "reload the page in a few seconds.")
        ),
        RegionOdds::Absent(why) => write!(
            b,
            "<p class=\"note\" id=\"mc-regio\" data-status=\"absent\">{why}</p>"
        ),
        RegionOdds::Ready(p) => match lang {
            Lang::Nl => write!(
                b,
                "<p class=\"note\" id=\"mc-regio\" data-status=\"ready\">Kans gedicht = aandeel van de {} trekkingen van de Monte Carlo (seed {}, {} onzekere parameters; scenario {}{}) waarin het technicustekort van de provincie in {} ≤ 0 is, zonder en met beleid. In elke trekking tellen de provincies op tot het landelijke tekort, maar in het model kunnen provincies geen technici van elkaar lenen (geen pendel of verhuizing): een overschot in de ene provincie dicht geen tekort in een andere. De kansen per provincie tellen daarom niet op tot de landelijke kans, en de P5/P95 niet tot de landelijke.</p>",
                lang.num(p.draws as f64),
                p.seed,
                p.parameters,
                esc(&p.scenario),
                p.policy.as_ref().map_or(String::new(), |id| format!(", beleid {}", esc(id))),
                p.year
            ),
            Lang::En => write!(
                b,
                "<p class=\"note\" id=\"mc-regio\" data-status=\"ready\">Probability closed = share of the {} draws of the Monte Carlo (seed {}, {} uncertain parameters; scenario {}{}) in which the province's technician gap in {} is ≤ 0, without and with the policy. In every draw the provinces add up to the national gap, but in the model provinces cannot borrow technicians from each other (no commuting or moving): a surplus in one province closes no gap in another. So the provinces' probabilities do not add up to the national one, nor their P5/P95 to the national ones.</p>",
                lang.num(p.draws as f64),
                p.seed,
                p.parameters,
                esc(&p.scenario),
                p.policy.as_ref().map_or(String::new(), |id| format!(", policy {}", esc(id))),
                p.year
            ),
        },
    };
    b.push_str(lang.t("<p class=\"note\" id=\"regions-note\">Alleen provincies. RES-regio's en arbeidsmarktregio's worden niet getoond: er zijn wel tabellen van gemeenten naar RES-regio (onofficiële lijst) en naar arbeidsmarktregio, en banen per COROP-gebied, maar het model verdeelt vraag en aanbod per provincie, en deze regio's lopen over provinciegrenzen heen. Een eigen verdeling van vraag en aanbod over deze regio's is nog niet gemaakt; we schatten ze niet.</p>", "<p class=\"note\" id=\"regions-note\">Provinces only. RES regions and labour-market regions (arbeidsmarktregio's) are not shown: there are tables from municipalities to RES regions (an unofficial list) and to labour-market regions, and jobs by COROP area, but the model splits demand and supply by province, and these regions cross province borders. A split of demand and supply over these regions of their own has not been made yet; we do not estimate them.</p>"));
    b.push_str(&notes(lang, g));
    page(
        lang,
        lang.t(
            "Regio: het tekort per provincie",
            "Regions: the gap by province",
        ),
        "/regio",
        &b,
    )
}

/// `/verkenner`: the controls; `app.js` reads and writes the query string,
/// calls `POST /api/gap` and draws the results.
pub async fn verkenner(State(s): State<Shared>, RawQuery(q): RawQuery) -> Html<String> {
    let pairs = query_pairs(q.as_deref());
    let lang = Lang::from_pairs(&pairs);
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
    let _ = write!(
        b,
        "</select></label><label>{} <select name=\"policy\" id=\"policy\"><option value=\"\">{}</option>",
        lang.t("Beleid", "Policy"),
        lang.t("geen beleid", "no policy")
    );
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
    let _ = write!(
        b,
        "</select></label><label>{} <select name=\"province\" id=\"province\"><option value=\"\">{}</option>",
        lang.t("Provincie", "Province"),
        lang.t("Nederland", "the Netherlands")
    );
    for r in &ds.regions {
        let _ = write!(
            b,
            "<option value=\"{}\">{}</option>",
            r.code(),
            esc(r.name())
        );
    }
    b.push_str("</select></label>");
    let _ = write!(
        b,
        "<fieldset><legend>{}</legend>",
        lang.t(
            "Klimaatmaatregelen: factor op het traject van het scenario (1 = zoals in het scenario)",
            "Climate measures: factor on the scenario's trajectory (1 = as in the scenario)"
        )
    );
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
        let _ = write!(
            b,
            "<fieldset><legend>{}</legend>",
            lang.t(
                "Hefbomen van het actieplan: schaal van de aangekondigde inzet (0 = uit, 1 = zoals aangekondigd, 3 = driemaal)",
                "Levers of the action plan: scale of the announced effort (0 = off, 1 = as announced, 3 = three times)"
            )
        );
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
                lo = lang.num(l.effect.low),
                hi = lang.num(l.effect.high),
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
            let _ = match lang {
                Lang::Nl => write!(
                    b,
                    "<fieldset><legend>Wervingscampagnes: budget per doelgroep in miljoen euro per jaar (0 = geen campagne) en looptijd in jaren, vanaf {start} tenzij het beleid anders zegt; het effect volgt de trechter van campaigns.csv (bereik × interesse × aanmelding × overstap; aannames)</legend>",
                    start = CAMPAIGN_START_DEFAULT
                ),
                Lang::En => write!(
                    b,
                    "<fieldset><legend>Recruitment campaigns: budget per target group in million euros a year (0 = no campaign) and duration in years, from {start} unless the policy says otherwise; the effect follows the funnel of campaigns.csv (reach × interest × application × conversion; assumptions)</legend>",
                    start = CAMPAIGN_START_DEFAULT
                ),
            };
            for (k, c) in pd.campaigns.iter().enumerate() {
                let on = chosen.iter().find(|x| x.campaign == k);
                let budget = on.map_or(0.0, |x| x.budget_meur_per_year);
                let base_years = c.default_years.central.round();
                let years = on.map_or(base_years, |x| f64::from(x.years));
                let _ = write!(
                    b,
                    "<label class=\"slider\"><span>{id}: {group} <small>({flow}; budget in {per_year})</small></span><input type=\"range\" name=\"c.{id}\" min=\"{lo}\" max=\"20\" step=\"0.5\" value=\"{budget}\" data-default=\"{budget}\" data-base=\"0\"><output>{budget}</output></label><label class=\"slider\"><span>{id}: {duration} <small>({years_word})</small></span><input type=\"range\" name=\"c.{id}.years\" min=\"{ylo}\" max=\"{yhi}\" step=\"1\" value=\"{years}\" data-default=\"{years}\" data-base=\"{base_years}\"><output>{years}</output></label>",
                    id = esc(&c.id),
                    group = esc(&c.target_group),
                    flow = esc(c.flow.code()),
                    lo = CAMPAIGN_BUDGET_RANGE.0,
                    per_year = lang.t("MEUR/jaar", "MEUR/year"),
                    duration = lang.t("looptijd", "duration"),
                    years_word = lang.t("jaren", "years"),
                    ylo = CAMPAIGN_YEARS_RANGE.0,
                    yhi = CAMPAIGN_YEARS_RANGE.1,
                );
            }
            b.push_str("</fieldset>");
        }
    }
    let _ = write!(
        b,
        "<p><button type=\"button\" id=\"reset\">{}</button> <a id=\"share\" href=\"\">{}</a></p></div><div id=\"results\" class=\"results\" aria-live=\"polite\"><p>{}</p></div></form>",
        lang.t("Terug naar het scenario", "Back to the scenario"),
        lang.t("Deel-link van deze instelling", "Link to share this setting"),
        lang.t("Bezig met rekenen…", "Computing…")
    );
    let _ = write!(
        b,
        "<noscript><p>{}</p></noscript>",
        lang.t(
            "De verkenner heeft JavaScript nodig; de <a href=\"/doorrekening\">doorrekening</a> werkt zonder.",
            "The explorer needs JavaScript; the <a href=\"/doorrekening?lang=en\">projection</a> works without."
        )
    );
    page(
        lang,
        lang.t("Verkenner: wat als?", "Explorer: what if?"),
        "/verkenner",
        &b,
    )
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
