//! The pages, rendered on the server in Dutch (English with `?lang=en`,
//! see [`crate::i18n`]; names from the data through [`crate::labels`]):
//! the state of things (`/`: the 2030 goals and a scorecard per pillar of
//! the monitor), the monitor's indicators (`/monitor`), the doorrekening
//! (`/doorrekening`), the provinces on a map (`/regio`), the scenario
//! explorer (`/verkenner`, redrawn by `assets/app.js` from `POST
//! /api/gap`), the glossary (`/begrippen`) and a 404 page.
//!
//! Layout and look follow the NL Design System (`assets/vendor/nlds`,
//! `assets/style.css`): a skip link, a navigation that collapses on a
//! phone, tables that scroll inside their own box, visible focus. No
//! inline scripts or styles (the content security policy forbids them);
//! no external resources. Ids, file names and command lines only inside
//! "Voor analisten" details.

use std::fmt::Write as _;

use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use krapte_model::LeverFlow;
use krapte_monitor::chart::{chart, esc};
use krapte_monitor::{Indicator, Period, Pillar, Verdict};

use crate::api::{blocking, policy_campaigns, policy_scales, query_pairs, verdict_code, Shared};
use crate::assets;
use crate::error::ApiError;
use crate::explore::{
    Figure, GapOut, PlanOut, Request, CAMPAIGN_START_DEFAULT, CAMPAIGN_YEARS_RANGE, LEVER_RANGE,
    OVERRIDE_RANGE,
};
use crate::i18n::Lang;
use crate::labels::{self, Kind};
use crate::map;
use crate::probability::{Odds, Probabilities, DRAWS};
use crate::state::AppState;

/// The campaign budget slider's top (the API accepts up to 50).
const CAMPAIGN_SLIDER_MAX: f64 = 20.0;

/// A number in Dutch notation: `42.299`, `-1.234`, `0,57`.
pub fn nl(v: f64) -> String {
    Lang::Nl.num(v)
}

fn basis_text(lang: Lang, b: &str) -> &'static str {
    match b {
        "net" => lang.t("netto", "net"),
        "gross" => lang.t("bruto", "gross"),
        "supply" => lang.t("aanbod", "supply"),
        _ => lang.t("kosten", "cost"),
    }
}

/// A figure of the central run with unit, year, basis and its extreme
/// corners (every parameter low or high at once; not a probability
/// interval).
pub fn fig(lang: Lang, f: &Figure) -> String {
    format!(
        "<span class=\"fig\">{} {}</span> <span class=\"range\">({} {} {} {}; {}; {})</span>",
        lang.num(f.central),
        esc(labels::unit(lang, f.unit)),
        lang.t("uiterste hoeken", "extreme corners"),
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

/// A table in a box of its own that scrolls sideways on a narrow screen
/// (focusable and named by its caption, so a keyboard can scroll it). The
/// caption stands above the box, so it wraps to the screen's width.
pub(crate) fn table(id: &str, caption: &str, head: &[&str], rows: &str) -> String {
    let mut s = format!(
        "<p class=\"table-caption\" id=\"{id}-cap\">{caption}</p><div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"{id}-cap\"><table class=\"utrecht-table\" id=\"{id}\" aria-labelledby=\"{id}-cap\"><thead class=\"utrecht-table__header\"><tr>"
    );
    for h in head {
        let _ = write!(s, "<th scope=\"col\">{h}</th>");
    }
    let _ = write!(s, "</tr></thead><tbody>{rows}</tbody></table></div>");
    s
}

/// A message box (NL Design System alert): `info`, `warning` or `error`.
fn alert(kind: &str, html: &str) -> String {
    format!(
        "<div class=\"utrecht-alert utrecht-alert--{kind}\" role=\"{}\"><div class=\"utrecht-alert__content\"><div class=\"utrecht-alert__message\">{html}</div></div></div>",
        if kind == "error" { "alert" } else { "status" }
    )
}

/// What analysts need and the public does not: ids, files, seeds, the
/// command that reproduces a figure.
fn analysts(lang: Lang, items: &[String]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "<details class=\"analysts\"><summary>{}</summary><ul>",
        lang.t("Voor analisten", "For analysts")
    );
    for i in items {
        let _ = write!(s, "<li>{i}</li>");
    }
    s.push_str("</ul></details>");
    s
}

/// The pages of the navigation: path, Dutch and English name.
const NAV: [(&str, &str, &str); 6] = [
    ("/", "Stand van zaken", "Where things stand"),
    ("/doorrekening", "Doorrekening", "Projection"),
    ("/regio", "Regio's", "Regions"),
    ("/verkenner", "Verkenner", "Explorer"),
    ("/monitor", "Monitor", "Monitor"),
    ("/begrippen", "Begrippen", "Glossary"),
];

/// `query` without `lang`, for the link to the other language.
fn without_lang(query: Option<&str>) -> String {
    query
        .unwrap_or("")
        .split('&')
        .filter(|kv| !kv.is_empty() && !kv.starts_with("lang="))
        .collect::<Vec<_>>()
        .join("&")
}

/// The page around a body: head, skip link, header with the navigation
/// and the language link, main, footer.
fn layout(lang: Lang, path: &str, query: Option<&str>, title: &str, body: &str) -> String {
    let mut nav = String::new();
    for (href, nl_name, en_name) in NAV {
        let current = if href == path {
            " aria-current=\"page\""
        } else {
            ""
        };
        let _ = write!(
            nav,
            "<li><a class=\"nav-link\" href=\"{href}{}\"{current}>{}</a></li>",
            lang.suffix(false),
            lang.t(nl_name, en_name)
        );
    }
    let rest = without_lang(query);
    let other = match lang {
        Lang::Nl => format!(
            "<a href=\"{path}?{}lang=en\" id=\"lang\" lang=\"en\" hreflang=\"en\">English</a>",
            if rest.is_empty() {
                String::new()
            } else {
                format!("{}&amp;", esc(&rest))
            }
        ),
        Lang::En => format!(
            "<a href=\"{path}{}\" id=\"lang\" lang=\"nl\" hreflang=\"nl\">Nederlands</a>",
            if rest.is_empty() {
                String::new()
            } else {
                format!("?{}", esc(&rest))
            }
        ),
    };
    format!(
        "<!DOCTYPE html><html lang=\"{code}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{t} — krapte</title><link rel=\"icon\" href=\"{icon}\" type=\"image/svg+xml\"><link rel=\"stylesheet\" href=\"{tokens}\"><link rel=\"stylesheet\" href=\"{components}\"><link rel=\"stylesheet\" href=\"{style}\"><script src=\"{js}\" defer></script></head><body class=\"rhc-theme utrecht-document\"><a class=\"nl-skip-link nl-skip-link--visible-on-focus\" href=\"#inhoud\">{skip}</a><header class=\"site-header\"><div class=\"site-header__bar\"><a class=\"site-title\" href=\"/{home}\"><span class=\"site-title__name\">krapte</span> <span class=\"site-title__sub\">{plan}</span></a>{other}</div><nav class=\"site-nav\" aria-label=\"{menu_label}\"><button type=\"button\" class=\"menu-toggle utrecht-button utrecht-button--secondary-action\" aria-expanded=\"false\" aria-controls=\"menu\" hidden>{menu}</button><ul id=\"menu\" class=\"site-nav__list\">{nav}</ul></nav></header><main id=\"inhoud\" class=\"site-main\"><h1 class=\"nl-heading nl-heading--level-1\">{t}</h1>{body}</main><footer class=\"site-footer\"><p>{foot}</p><p><a href=\"/begrippen{suffix}\">{glossary}</a> · <a href=\"/api/openapi.json\">{api}</a> · krapte {v}</p></footer></body></html>",
        code = lang.code(),
        t = esc(title),
        icon = assets::url("/static/favicon.svg"),
        tokens = assets::url("/static/nlds-tokens.css"),
        components = assets::url("/static/nlds-components.css"),
        style = assets::url("/static/style.css"),
        js = assets::url("/static/app.js"),
        skip = lang.t("Naar de inhoud", "Skip to content"),
        home = lang.suffix(false),
        plan = lang.t(
            "Doorrekening en monitor van het Actieplan Groene en Digitale Banen",
            "Projection and monitor of the action plan for green and digital jobs"
        ),
        menu_label = lang.t("Hoofdmenu", "Main menu"),
        menu = lang.t("Menu", "Menu"),
        foot = lang.t(
            "Elk cijfer met eenheid, jaar en netto of aanbod. Kansen en P5/P50/P95 komen uit de Monte Carlo; de centrale doorrekening is één mogelijke uitkomst, geen oordeel.",
            "Every figure with unit, year and net or supply. Probabilities and P5/P50/P95 come from the Monte Carlo; the central run is one possible outcome, not a verdict."
        ),
        suffix = lang.suffix(false),
        glossary = lang.t("Begrippen", "Glossary"),
        api = lang.t("Open data (JSON-API)", "Open data (JSON API)"),
        v = env!("CARGO_PKG_VERSION"),
    )
}

pub(crate) fn page(
    lang: Lang,
    path: &str,
    query: Option<&str>,
    title: &str,
    body: &str,
) -> Html<String> {
    Html(layout(lang, path, query, title, body))
}

/// The query string of a request's explorer keys (also the CSV links').
fn request_query(req: &Request) -> Vec<(String, String)> {
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
    q
}

fn csv_href(req: &Request, chart: &str) -> String {
    let mut q = request_query(req);
    q.push(("chart".into(), chart.into()));
    format!(
        "/api/gap.csv?{}",
        esc(&serde_urlencoded::to_string(&q).unwrap_or_default())
    )
}

fn csv_link(lang: Lang, req: &Request, chart: &str) -> String {
    format!(
        "<p class=\"csv\"><a href=\"{}\" download>{}</a></p>",
        csv_href(req, chart),
        lang.t(
            "Download de cijfers achter deze grafiek (CSV, onafgerond)",
            "Download the figures behind this chart (CSV, unrounded)"
        )
    )
}

/// A probability as a percentage, as every surface writes it
/// (`krapte_present`'s: whole percent, `<1%` and `>99%` near the ends), so
/// that `/regio`, the region pages and the headline show one figure alike.
fn pct(lang: Lang, p: f64) -> String {
    match lang {
        Lang::Nl => krapte_present::Lang::Nl,
        Lang::En => krapte_present::Lang::En,
    }
    .pct(p)
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

/// The name of a scenario, policy or definition in the page's language.
pub(crate) fn scenario_name(lang: Lang, s: &AppState, id: &str) -> String {
    let data = s.scenario(id).map_or(id, |p| p.value.name.as_str());
    labels::name(lang, Kind::Scenario, id, data).to_string()
}

pub(crate) fn policy_name(lang: Lang, s: &AppState, id: &str) -> String {
    let data = s.policy(id).map_or(id, |p| p.value.name.as_str());
    labels::name(lang, Kind::Policy, id, data).to_string()
}

fn definition_name(lang: Lang, label: &str) -> String {
    labels::name(lang, Kind::Definition, label, label).to_string()
}

/// The headline, the same five lines as `krapte gap`, `krapte plan`, the
/// report and `GET /api/headline` (`krapte_present::compute`, run once in
/// the background): probability first, the central run labelled as such
/// with why it differs from the median, never "closed" below one half.
fn headline(s: &AppState, lang: Lang, g: &GapOut, _plan: Option<&PlanOut>) -> String {
    let mut b = format!(
        "<section class=\"headline\" aria-labelledby=\"goals\"><h2 class=\"nl-heading nl-heading--level-2\" id=\"goals\">{} {}</h2>",
        lang.t("De twee doelen in", "The two goals in"),
        g.technician_verdict.year
    );
    let mut analyst = vec![format!(
        "{} {}; {} <code>{}</code>{}",
        lang.t("Dataset-editie", "Dataset edition"),
        esc(&g.dataset_edition),
        lang.t("scenario", "scenario"),
        esc(&g.scenario),
        g.policy.as_ref().map_or(String::new(), |p| format!(
            ", {} <code>{}</code>",
            lang.t("beleid", "policy"),
            esc(p)
        ))
    )];
    let pl = match lang {
        Lang::Nl => krapte_present::Lang::Nl,
        Lang::En => krapte_present::Lang::En,
    };
    match s.probabilities.get() {
        None => {
            let _ = write!(
                b,
                "<p class=\"note\" id=\"mc\" data-status=\"computing\">{}: <strong>{}</strong> (Monte Carlo, {} {}); {}</p>",
                lang.t("De kopregels", "The headline"),
                lang.t("worden berekend", "being computed"),
                lang.num(DRAWS as f64),
                lang.t("trekkingen", "draws"),
                lang.t("ververs de pagina over enkele seconden.", "reload the page in a few seconds.")
            );
        }
        Some(Err(e)) => {
            let _ = write!(
                b,
                "<p class=\"note\" id=\"mc\" data-status=\"failed\">{}: {}</p>",
                lang.t(
                    "De kansberekening is mislukt",
                    "The probability computation failed"
                ),
                esc(e)
            );
        }
        Some(Ok(p)) => {
            let h = &p.headline;
            b.push_str("<div id=\"mc\" data-status=\"ready\"><dl class=\"headline-lines\">");
            // The digital goal's line as a short list, one definition a row.
            let items = h.digital_items(pl);
            let intro = h.digital_intro(pl);
            let digital_line = format!("{intro} {}.", items.join("; "));
            for l in h.lines(pl) {
                if !items.is_empty() && l.text == digital_line {
                    let list: String = items
                        .iter()
                        .map(|i| format!("<li>{}</li>", esc(i)))
                        .collect();
                    let _ = write!(
                        b,
                        "<dt>{}</dt><dd>{}<ul class=\"per-definition\">{list}</ul></dd>",
                        esc(&l.label),
                        esc(&intro)
                    );
                } else {
                    let _ = write!(b, "<dt>{}</dt><dd>{}</dd>", esc(&l.label), esc(&l.text));
                }
            }
            let _ = write!(
                b,
                "</dl><p class=\"note\">{}.</p><p class=\"central\">{}</p></div>",
                esc(&h.framing_text(pl)),
                esc(&h.central_note(pl))
            );
            let notes = match lang {
                Lang::Nl => p.notes.join(" "),
                Lang::En => p.notes_en.join(" "),
            };
            analyst.push(esc(&notes));
            for d in &h.digital {
                analyst.push(format!("{}: <code>{}</code>", esc(d.name(pl)), esc(&d.id)));
            }
        }
    }
    b.push_str(&analysts(lang, &analyst));
    b.push_str("</section>");
    b
}

/// The notes of an answer, in the page's language.
fn notes(lang: Lang, g: &GapOut) -> String {
    let nl = [
        "fte = voltijdbanen werkzaam in het jaar; personen voor de digitale telling.",
        "Benodigd = werkgelegenheid in het basisjaar + uitbreidingsvraag (ROA) + netto klimaatvraag van het scenario; beschikbaar = aanbod uit het voorraad-stroommodel; tekort = benodigd − beschikbaar (positief = tekort).",
        "Uiterste hoeken (laag–hoog): alle parameters tegelijk op hun lage of hoge waarde; geen kansinterval.",
    ];
    let en = [
        "fte = full-time equivalents employed in the year; persons for the digital count.",
        "Required = base-year employment + expansion demand (ROA) + the scenario's net climate demand; available = supply from the stock-flow model; gap = required − available (positive = shortage).",
        "Extreme corners (low–high): every parameter at its low or high end at once; not a probability interval.",
    ];
    let mut s = String::new();
    for n in match lang {
        Lang::Nl => nl,
        Lang::En => en,
    } {
        let _ = write!(s, "<p class=\"note\">{n}</p>");
    }
    s.push_str(&analysts(
        lang,
        &[format!(
            "{} {}; scenario <code>{}</code>",
            lang.t("Dataset-editie", "Dataset edition"),
            esc(&g.dataset_edition),
            esc(&g.scenario)
        )],
    ));
    s
}

/// Horizontal bars with a whisker for the extreme corners.
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
            esc(labels::unit(lang, f.unit)),
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
    let mut rows = String::new();
    for y in &g.years {
        let _ = write!(
            rows,
            "<tr><th scope=\"row\">{}</th>{}{}{}{}</tr>",
            y.year,
            cell(lang, &y.required),
            cell(lang, &y.climate),
            cell(lang, &y.available),
            cell(lang, &y.gap)
        );
    }
    table(
        "years",
        &format!(
            "{} ({area}): {}",
            lang.t("Technici per jaar", "Technicians per year"),
            lang.t(
                "fte, centraal (uiterste hoeken); benodigd en tekort netto",
                "fte, central (extreme corners); required and gap net"
            )
        ),
        &[
            lang.t("jaar", "year"),
            lang.t("benodigd", "required"),
            lang.t("waarvan klimaatvraag", "of which climate demand"),
            lang.t("beschikbaar (aanbod)", "available (supply)"),
            lang.t("tekort", "gap"),
        ],
        &rows,
    )
}

fn level_name(lang: Lang, level: &str) -> String {
    labels::name(lang, Kind::Level, level, level).to_string()
}

fn level_table(lang: Lang, g: &GapOut) -> String {
    let mut rows = String::new();
    for lv in &g.by_level {
        let _ = write!(
            rows,
            "<tr><th scope=\"row\">{}</th>{}{}{}</tr>",
            esc(&level_name(lang, lv.level)),
            cell(lang, &lv.required),
            cell(lang, &lv.available),
            cell(lang, &lv.gap)
        );
    }
    table(
        "levels",
        &format!(
            "{} {}: {}",
            lang.t(
                "Technici naar opleidingsniveau in",
                "Technicians by education level in"
            ),
            g.goal_year,
            lang.t(
                "fte, centraal (uiterste hoeken)",
                "fte, central (extreme corners)"
            )
        ),
        &[
            lang.t("niveau", "level"),
            lang.t("benodigd (netto)", "required (net)"),
            lang.t("beschikbaar (aanbod)", "available (supply)"),
            lang.t("tekort (netto)", "gap (net)"),
        ],
        &rows,
    )
}

/// This calendar year (UTC), from the system clock.
pub fn this_year() -> u16 {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    // Civil from days (Howard Hinnant's algorithm), the year only.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(month <= 2);
    u16::try_from(y).unwrap_or(2026)
}

/// The calendar year a period ends in.
fn end_year(p: Period) -> u16 {
    match p {
        Period::Year(y) | Period::Quarter(y, _) => y,
        Period::SchoolYear(y) => y + 1,
    }
}

/// How many years behind the present a series' latest observation may be
/// before it is flagged as stale: statistics of a year appear during the
/// next, so a series whose latest period ended more than two calendar
/// years ago (one for quarterly series) says little about now.
pub fn stale(periodicity: &str, latest: Period, this_year: u16) -> bool {
    let allowed = if periodicity == "quarter" { 1 } else { 2 };
    this_year.saturating_sub(end_year(latest)) > allowed
}

/// An indicator's place on the scorecard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    OnTrack,
    Uncertain,
    OffTrack,
    NoTarget,
    TooFewData,
    Stale,
    NoData,
}

impl Status {
    const ALL: [Status; 7] = [
        Status::OffTrack,
        Status::Uncertain,
        Status::OnTrack,
        Status::Stale,
        Status::TooFewData,
        Status::NoTarget,
        Status::NoData,
    ];

    pub fn of(ind: &Indicator, latest: Option<Period>, verdict: Verdict, this_year: u16) -> Status {
        let Some(latest) = latest else {
            return Status::NoData;
        };
        if stale(&ind.periodicity, latest, this_year) {
            return Status::Stale;
        }
        match verdict {
            Verdict::OnTrack => Status::OnTrack,
            Verdict::Uncertain => Status::Uncertain,
            Verdict::OffTrack => Status::OffTrack,
            Verdict::NoTarget => Status::NoTarget,
            Verdict::TooFewData => Status::TooFewData,
        }
    }

    fn code(self) -> &'static str {
        match self {
            Status::OnTrack => "on_track",
            Status::Uncertain => "uncertain",
            Status::OffTrack => "off_track",
            Status::NoTarget => "no_target",
            Status::TooFewData => "too_few",
            Status::Stale => "stale",
            Status::NoData => "no_data",
        }
    }

    fn text(self, lang: Lang) -> &'static str {
        match self {
            Status::OnTrack => lang.t("op koers", "on track"),
            Status::Uncertain => lang.t("op koers, maar onzeker", "on track, but uncertain"),
            Status::OffTrack => lang.t("niet op koers", "off track"),
            Status::NoTarget => lang.t("geen doel", "no target"),
            Status::TooFewData => lang.t("te weinig waarnemingen", "too few observations"),
            Status::Stale => lang.t("verouderd", "out of date"),
            Status::NoData => lang.t("nog geen waarnemingen", "no observations yet"),
        }
    }
}

/// One indicator as the monitor pages show it.
struct Row<'a> {
    ind: &'a Indicator,
    series: Vec<krapte_monitor::store::Point>,
    assessment: krapte_monitor::Assessment,
    status: Status,
}

fn monitor_rows<'a>(
    s: &'a AppState,
    store: &krapte_monitor::Store,
    pillar: Pillar,
    year: u16,
) -> Result<Vec<Row<'a>>, ApiError> {
    s.registry
        .indicators
        .iter()
        .filter(|i| i.pillar == pillar)
        .map(|ind| {
            let series = store
                .series_shown(ind, "NL")
                .map_err(|e| ApiError::internal(e.to_string()))?;
            let assessment = s.registry.assess(ind, &series);
            let status = Status::of(
                ind,
                series.last().map(|p| p.period),
                assessment.verdict,
                year,
            );
            Ok(Row {
                ind,
                series,
                assessment,
                status,
            })
        })
        .collect()
}

fn ind_name(lang: Lang, ind: &Indicator) -> &str {
    match lang {
        Lang::Nl => &ind.name_nl,
        Lang::En => &ind.name_en,
    }
}

/// The latest observation in words, with its period (no placeholder
/// publication dates: those are for analysts).
fn latest_text(lang: Lang, r: &Row) -> String {
    match r.series.last() {
        None => lang.t("geen", "none").to_string(),
        Some(p) => format!(
            "{} {} ({})",
            lang.num(p.value),
            esc(labels::unit(lang, &r.ind.unit)),
            p.period
        ),
    }
}

fn target_text(lang: Lang, ind: &Indicator) -> String {
    ind.target
        .map_or(lang.t("geen doel", "no target").into(), |(v, y)| {
            format!(
                "{} {} {} {y}",
                lang.num(v),
                esc(labels::unit(lang, &ind.unit)),
                lang.t("in", "in")
            )
        })
}

/// The scorecard of a pillar: how many indicators on track, off track,
/// without a target, out of date, and every indicator in a table.
fn scorecard(lang: Lang, pillar: Pillar, rows: &[Row], link_prefix: &str) -> String {
    let pname = labels::name(lang, Kind::Pillar, pillar.code(), pillar.code());
    // On the home page the pillar's name heads its scorecard; on /monitor
    // the pillar already has its own heading.
    let title = if link_prefix.is_empty() {
        format!("{} {}", lang.t("Scorekaart", "Scorecard"), esc(pname))
    } else {
        format!("{} {}", lang.t("Pijler", "Pillar"), esc(pname))
    };
    let mut b = format!(
        "<section class=\"scorecard\" aria-labelledby=\"sc-{code}\"><h3 class=\"nl-heading nl-heading--level-3\" id=\"sc-{code}\">{title}</h3><ul class=\"counts\">",
        code = pillar.code()
    );
    for st in Status::ALL {
        let n = rows.iter().filter(|r| r.status == st).count();
        if n > 0 {
            let _ = write!(
                b,
                "<li class=\"status {}\"><strong>{n}</strong> {}</li>",
                st.code(),
                st.text(lang)
            );
        }
    }
    b.push_str("</ul>");
    let mut body = String::new();
    for r in rows {
        let _ = write!(
            body,
            "<tr><th scope=\"row\"><a href=\"{link_prefix}#{id}\">{name}</a></th><td>{latest}</td><td>{target}</td><td><span class=\"status {code}\">{status}</span></td></tr>",
            id = esc(&r.ind.id),
            name = esc(ind_name(lang, r.ind)),
            latest = latest_text(lang, r),
            target = target_text(lang, r.ind),
            code = r.status.code(),
            status = r.status.text(lang)
        );
    }
    b.push_str(&table(
        &format!("score-{}", pillar.code()),
        &format!(
            "{} {}: {}",
            lang.t("Indicatoren van pijler", "Indicators of pillar"),
            esc(pname),
            lang.t(
                "laatste waarneming met periode, doel en stand",
                "latest observation with period, target and status"
            )
        ),
        &[
            lang.t("indicator", "indicator"),
            lang.t("laatste waarneming", "latest observation"),
            lang.t("doel", "target"),
            lang.t("stand", "status"),
        ],
        &body,
    ));
    b.push_str("</section>");
    b
}

/// `/`: the 2030 goals and the monitor's scorecard per pillar. Rendered
/// again only when the store's observation count changed.
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
        // A declaration of the official model run changes the page too.
        let official = store
            .official_stamp()
            .map_err(|e| ApiError::internal(e.to_string()))?;
        let at_now = (n, official, s.probabilities.get().is_some());
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
        "/",
        q.as_deref(),
        lang.t(
            "Groene en digitale banen: de stand",
            "Green and digital jobs: where things stand",
        ),
        &body,
    ))
}

fn home_body(s: &AppState, lang: Lang, store: &krapte_monitor::Store) -> Result<String, ApiError> {
    let mut b = headline(s, lang, &s.default_gap, s.default_plan.as_ref());
    let year = this_year();
    let _ = write!(
        b,
        "<h2 class=\"nl-heading nl-heading--level-2\">{}</h2><p>{}</p>",
        lang.t("De monitor per pijler", "The monitor by pillar"),
        lang.t(
            "Per indicator de laatste waarneming, het doel en de stand: op koers of niet (volgens de trend), geen doel, of verouderd (de laatste waarneming is te oud om iets over nu te zeggen). Grafieken, definities en bronnen staan op de pagina Monitor.",
            "Per indicator the latest observation, the target and the status: on track or not (by its trend), no target, or out of date (the latest observation is too old to say anything about now). Charts, definitions and sources are on the Monitor page."
        )
    );
    let link = format!("/monitor{}", lang.suffix(false));
    for pillar in Pillar::ALL {
        let rows = monitor_rows(s, store, pillar, year)?;
        b.push_str(&scorecard(lang, pillar, &rows, &link));
    }
    Ok(b)
}

/// `/monitor`: every indicator per pillar with its chart, definition,
/// source and status; nothing folded away. Indicators without
/// observations are listed on the scorecard, without an empty card.
pub async fn monitor(
    State(s): State<Shared>,
    RawQuery(q): RawQuery,
) -> Result<Html<String>, ApiError> {
    let lang = Lang::from_query(q.as_deref());
    let body = blocking(move || {
        let store = s.store().map_err(ApiError::internal)?;
        let year = this_year();
        let mut b = String::new();
        let _ = write!(
            b,
            "<p>{}</p><nav aria-label=\"{}\"><ul class=\"pillars\">",
            lang.t(
                "De indicatoren die de voortgang van het actieplan volgen, in drie pijlers. Per indicator de reeks, het doel, de stand volgens de trend, de definitie en de bron.",
                "The indicators that follow the action plan's progress, in three pillars. Per indicator the series, the target, the status by its trend, the definition and the source."
            ),
            lang.t("Pijlers", "Pillars")
        );
        for pillar in Pillar::ALL {
            let _ = write!(
                b,
                "<li><a href=\"#{}\">{}</a></li>",
                pillar.code(),
                esc(labels::name(lang, Kind::Pillar, pillar.code(), pillar.code()))
            );
        }
        b.push_str("</ul></nav>");
        for pillar in Pillar::ALL {
            let rows = monitor_rows(&s, &store, pillar, year)?;
            let pname = labels::name(lang, Kind::Pillar, pillar.code(), pillar.code());
            let _ = write!(
                b,
                "<h2 class=\"nl-heading nl-heading--level-2\" id=\"{}\">{} {}</h2>",
                pillar.code(),
                lang.t("Pijler", "Pillar"),
                esc(pname)
            );
            b.push_str(&scorecard(lang, pillar, &rows, ""));
            for r in rows.iter().filter(|r| !r.series.is_empty()) {
                b.push_str(&indicator_card(&s, lang, r));
            }
            for r in rows.iter().filter(|r| r.ind.is_model()) {
                b.push_str(&model_runs_html(&s, lang, &store, r.ind)?);
            }
        }
        Ok(b)
    })
    .await?;
    Ok(page(
        lang,
        "/monitor",
        q.as_deref(),
        lang.t(
            "Monitor: de indicatoren per pijler",
            "Monitor: the indicators by pillar",
        ),
        &body,
    ))
}

/// The model's figure: the run declared official (scenario, policy,
/// dataset edition, framing, when declared), the other recorded runs
/// (never shown as the official figure), or that none is declared. Empty
/// when no run is recorded.
fn model_runs_html(
    s: &AppState,
    lang: Lang,
    store: &krapte_monitor::Store,
    ind: &Indicator,
) -> Result<String, ApiError> {
    let runs = store
        .runs_split(&ind.id, "NL")
        .map_err(|e| ApiError::internal(e.to_string()))?;
    if runs.official.is_none() && runs.others.is_empty() {
        return Ok(String::new());
    }
    let describe = |r: &krapte_monitor::store::Row| -> String {
        let value = format!(
            "{} {}",
            lang.num(r.value),
            esc(labels::unit(lang, &ind.unit))
        );
        match &r.run {
            Some(k) => {
                let framing = krapte_model::reference::gap::Framing::parse(&k.framing).map_or_else(
                    || k.framing.clone(),
                    |f| match lang {
                        Lang::Nl => f.label_nl().to_string(),
                        Lang::En => f.label().to_string(),
                    },
                );
                format!(
                    "<strong>{value}</strong> ({} {}; {} {}; {} {}; {} {}; {} {})",
                    lang.t("scenario", "scenario"),
                    esc(labels::name(lang, Kind::Scenario, &k.scenario, &k.scenario)),
                    lang.t("beleid", "policy"),
                    match &k.policy {
                        Some(p) => esc(labels::name(lang, Kind::Policy, p, p)),
                        None => lang.t("geen", "none").to_string(),
                    },
                    lang.t("editie van de gegevens", "dataset edition"),
                    esc(&k.edition),
                    lang.t("rekenwijze", "framing"),
                    esc(&framing),
                    lang.t("doorgerekend op", "calculated on"),
                    esc(&r.vintage.chars().take(10).collect::<String>())
                )
            }
            None => format!(
                "<strong>{value}</strong> ({})",
                lang.t(
                    "eerdere doorrekening zonder vastgelegde kenmerken",
                    "earlier calculation without recorded keys"
                )
            ),
        }
    };
    let mut b = format!(
        "<section class=\"ind rhc-card\" id=\"officiele-doorrekening\" aria-labelledby=\"officiele-doorrekening-h\"><h3 class=\"nl-heading nl-heading--level-3\" id=\"officiele-doorrekening-h\">{}</h3>",
        lang.t(
            "Officiële doorrekening van het technicustekort in 2030",
            "Official model calculation of the technician gap in 2030"
        )
    );
    match &runs.official {
        Some((o, r)) => {
            let _ = write!(
                b,
                "<p>{}: {}. {} {}.</p>",
                lang.t("Officiële doorrekening", "Official calculation"),
                describe(r),
                lang.t("Als officieel aangewezen op", "Declared official on"),
                esc(&o.declared_at.chars().take(10).collect::<String>())
            );
            if o.key.edition != s.default_gap.dataset_edition {
                let _ = write!(
                    b,
                    "<p class=\"note\"><strong>{}</strong> {} {}, {} {}.</p>",
                    lang.t("Let op:", "Note:"),
                    lang.t(
                        "de officiële doorrekening gebruikt editie",
                        "the official calculation uses dataset edition"
                    ),
                    esc(&o.key.edition),
                    lang.t(
                        "de rest van deze site rekent met editie",
                        "the rest of this site computes with edition"
                    ),
                    esc(&s.default_gap.dataset_edition)
                );
            }
        }
        None => {
            let _ = write!(
                b,
                "<p><strong>{}</strong></p>",
                lang.t(
                    "Er is nog geen officiële doorrekening aangewezen; daarom toont de monitor geen modelcijfer.",
                    "No official model calculation has been declared yet; the monitor therefore shows no model figure."
                )
            );
        }
    }
    if !runs.others.is_empty() {
        let _ = write!(
            b,
            "<p>{}:</p><ul class=\"other-runs\">",
            lang.t(
                "Andere vastgelegde doorrekeningen (niet officieel)",
                "Other recorded calculations (not official)"
            )
        );
        for r in &runs.others {
            let _ = write!(b, "<li>{}</li>", describe(r));
        }
        b.push_str("</ul>");
    }
    b.push_str("</section>");
    Ok(b)
}

fn indicator_card(s: &AppState, lang: Lang, r: &Row) -> String {
    let ind = r.ind;
    let name = ind_name(lang, ind);
    let breaks = s.registry.break_positions(&ind.id);
    let source = s.registry.sources.get(&ind.source_id).map_or_else(
        || lang.t("onbekend", "unknown").to_string(),
        |x| format!("{} ({})", esc(&x.title), esc(&x.publisher)),
    );
    let latest = r.series.last();
    let stale_note = if r.status == Status::Stale {
        format!(
            " <strong class=\"status stale\">{}</strong>",
            lang.t(
                "Verouderd: de laatste waarneming is te oud om iets over nu te zeggen.",
                "Out of date: the latest observation is too old to say anything about now."
            )
        )
    } else {
        String::new()
    };
    let mut analyst = vec![
        format!(
            "{}: <code>{}</code> ({} {})",
            lang.t("Indicator", "Indicator"),
            esc(&ind.id),
            lang.t("definitie", "definition"),
            esc(&ind.definition_version)
        ),
        format!(
            "<a href=\"/api/indicators/{}\">{}</a>",
            esc(&ind.id),
            lang.t(
                "Reeks met alle publicaties (JSON)",
                "Series with every vintage (JSON)"
            )
        ),
    ];
    if lang == Lang::Nl {
        analyst.push(format!(
            "Definitie zoals geregistreerd (Engels): {}",
            esc(&ind.definition)
        ));
    }
    if let Some(p) = latest {
        analyst.push(format!(
            "{}: {}",
            lang.t(
                "Publicatiedatum laatste waarneming",
                "Vintage of the latest observation"
            ),
            esc(&p.vintage)
        ));
    }
    format!(
        "<section class=\"ind rhc-card\" data-verdict=\"{verdict}\" id=\"{id}\" aria-labelledby=\"{id}-h\"><h3 class=\"nl-heading nl-heading--level-3\" id=\"{id}-h\">{name}</h3><p>{t_latest}: <strong>{latest}</strong>. {target_status}{stale_note}{break_note}</p>{chart}<p class=\"note\">{t_def}: {def}</p><p class=\"note\">{t_source}: {source}.</p>{analyst}</section>",
        id = esc(&ind.id),
        name = esc(name),
        t_latest = lang.t("Laatste waarneming", "Latest observation"),
        latest = latest_text(lang, r),
        // Without a target the status says so once ("Doel: geen. geen
        // doel" was twice).
        target_status = match (ind.target, r.status) {
            (None, Status::NoTarget) => format!(
                "<span class=\"status no_target\">{}</span>.",
                lang.t("Geen doel vastgesteld", "No target set")
            ),
            _ => format!(
                "{}: {}. {}: <span class=\"status {}\">{}</span>.",
                lang.t("Doel", "Target"),
                target_text(lang, ind),
                lang.t("Stand", "Status"),
                r.status.code(),
                r.status.text(lang)
            ),
        },
        chart = chart(
            ind,
            name,
            &r.series,
            &breaks,
            match lang {
                Lang::Nl => krapte_present::Lang::Nl,
                Lang::En => krapte_present::Lang::En,
            },
            // The card states staleness itself (by periodicity).
            None
        ),
        t_def = lang.t("Definitie", "Definition"),
        def = esc(labels::name(lang, Kind::IndicatorDefinition, &ind.id, &ind.definition)),
        t_source = lang.t("Bron", "Source"),
        analyst = analysts(lang, &analyst),
        verdict = verdict_code(r.assessment.verdict),
        break_note = r
            .assessment
            .break_note(lang == Lang::Nl)
            .map(|n| format!(" <span class=\"note\">{}.</span>", esc(&n)))
            .unwrap_or_default(),
    )
}

/// `/doorrekening`: demand, supply and gap to 2030, the goals and the
/// plan's measures.
pub async fn doorrekening(State(s): State<Shared>, RawQuery(q): RawQuery) -> Html<String> {
    let lang = Lang::from_query(q.as_deref());
    let g = &s.default_gap;
    let req = &g.request;
    let mut b = headline(&s, lang, g, s.default_plan.as_ref());
    let _ = write!(
        b,
        "<h2 class=\"nl-heading nl-heading--level-2\">{}</h2>",
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
            "Technicustekort per jaar in de centrale doorrekening, fte, netto",
            "Technician gap per year in the central run, fte, net",
        ),
    ));
    b.push_str(&years_table(lang, g));
    b.push_str(&csv_link(lang, req, "years"));
    let _ = write!(
        b,
        "<h2 class=\"nl-heading nl-heading--level-2\">{} {}</h2>",
        lang.t("Naar opleidingsniveau in", "By education level in"),
        g.goal_year
    );
    let rows: Vec<(String, Figure)> = g
        .by_level
        .iter()
        .map(|l| (level_name(lang, l.level), l.gap))
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
        let _ = write!(
            b,
            "<h2 class=\"nl-heading nl-heading--level-2\">{} ({})</h2><p>{} {}; {}: {}.</p>",
            lang.t(
                "Bijdrage van de maatregelen van het actieplan",
                "Contribution of the action plan's measures"
            ),
            p.goal_year,
            lang.t("Samen dichten de hefbomen", "Together the levers close"),
            fig(lang, &p.together),
            lang.t(
                "interactie (samen min de som van elk alleen)",
                "interaction (together minus the sum of each alone)"
            ),
            fig(lang, &p.interaction)
        );
        let mut rows = String::new();
        let mut ids = Vec::new();
        for m in &p.by_measure {
            let _ = write!(
                rows,
                "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td>{}<td class=\"n\">{}</td></tr>",
                esc(labels::name(lang, Kind::PlanMeasure, &m.plan_measure, &m.plan_measure)),
                m.levers.len(),
                cell(lang, &m.alone_sum),
                lang.num(m.cost_eur_to_goal_year / 1e6)
            );
            ids.push(format!(
                "{}: <code>{}</code>",
                esc(labels::name(
                    lang,
                    Kind::PlanMeasure,
                    &m.plan_measure,
                    &m.plan_measure
                )),
                esc(&m.plan_measure)
            ));
        }
        b.push_str(&table(
            "measures",
            &format!(
                "{} {}: {} {}",
                lang.t(
                    "Tekort dat elke maatregel alleen dicht in",
                    "Gap each measure closes alone in"
                ),
                p.goal_year,
                lang.t(
                    "fte, centraal (uiterste hoeken), netto; kosten in miljoen euro tot",
                    "fte, central (extreme corners), net; cost in million euros to"
                ),
                p.goal_year
            ),
            &[
                lang.t("maatregel", "measure"),
                lang.t("hefbomen", "levers"),
                lang.t("tekort kleiner (fte)", "gap reduced (fte)"),
                lang.t("kosten (mln euro)", "cost (million euros)"),
            ],
            &rows,
        ));
        let _ = write!(
            b,
            "<p class=\"note\">{}</p><p class=\"note\">{}</p>",
            lang.t(
                "Landelijke doorrekening (provincies opgeteld). Bijdrage = tekort dat een hefboom alleen dicht, in fte in het doeljaar; kosten in euro van de start tot het doeljaar.",
                "National projection (provinces summed). Contribution = gap a lever closes alone, in fte in the goal year; cost in euros from the start to the goal year."
            ),
            lang.t(
                "De effecten van de meeste hefbomen zijn aannames.",
                "The effects of most levers are assumptions."
            )
        );
        b.push_str(&analysts(lang, &ids));
    }
    b.push_str(&notes(lang, g));
    page(
        lang,
        "/doorrekening",
        q.as_deref(),
        lang.t(
            "Doorrekening: technici tot 2030",
            "Projection: technicians to 2030",
        ),
        &b,
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

/// The map's legend: a swatch and the range of each class.
pub(crate) fn legend(lang: Lang, classes: &[map::Class]) -> String {
    let mut s = format!(
        "<figcaption class=\"legend\"><p>{}</p><ul>",
        lang.t(
            "Tekort in fte (netto); blauw = overschot, rood = tekort",
            "Gap in fte (net); blue = surplus, red = shortage"
        )
    );
    for c in classes {
        let range = match (c.from.is_finite(), c.to.is_finite()) {
            (false, _) => format!("{} {}", lang.t("minder dan", "below"), lang.num(c.to)),
            (_, false) => format!("{} {}", lang.num(c.from), lang.t("of meer", "or more")),
            _ => format!(
                "{} {} {}",
                lang.num(c.from),
                lang.t("tot", "to"),
                lang.num(c.to)
            ),
        };
        let _ = write!(
            s,
            "<li><span class=\"swatch sw-{}\" aria-hidden=\"true\"></span>{range}</li>",
            c.colour.trim_start_matches('#')
        );
    }
    let _ = write!(
        s,
        "<li><span class=\"swatch sw-{}\" aria-hidden=\"true\"></span>{}</li></ul><p class=\"note\">{}</p></figcaption>",
        map::NO_DATA.trim_start_matches('#'),
        lang.t("geen gegevens", "no data"),
        lang.t(map::ATTRIBUTION, map::ATTRIBUTION_EN)
    );
    s
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
    let values: Vec<map::Value> = g
        .by_province
        .iter()
        .map(|p| {
            let mut text = format!(
                "{} {} fte ({} {}–{}), {}, {}",
                lang.t("tekort centraal", "gap central"),
                lang.num(p.gap.central),
                lang.t("uiterste hoeken", "extreme corners"),
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
                        "kans zonder tekort, zonder beleid",
                        "probability of no shortage without the policy"
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
            map::Value {
                code: p.code.to_string(),
                value: p.gap.central,
                text,
            }
        })
        .collect();
    let classes = map::classes(&values.iter().map(|v| v.value).collect::<Vec<_>>());
    let svg = map::svg(
        map::provinces(),
        &values,
        &classes,
        &map::Text {
            label: lang.t(
                "Kaart: technicustekort per provincie; kies een provincie voor de cijfers",
                "Map: technician gap by province; choose a province for its figures",
            ),
            no_data: lang.t("geen gegevens", "no data"),
            names: true,
        },
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
    let policy = g.policy.as_ref().map_or(String::new(), |p| {
        format!(
            ", {} {}",
            lang.t("beleid", "policy"),
            esc(&policy_name(lang, &s, p))
        )
    });
    let mut b = format!(
        "<p>{} {} ({}). {} {}{policy}.</p><figure class=\"mapwrap\"><div class=\"map-box\">{svg}</div><div class=\"map-side\"><p id=\"map-detail\" class=\"map-detail\" aria-live=\"polite\">{}</p>{}</div></figure>",
        lang.t("Technicustekort per provincie in", "Technician gap by province in"),
        g.goal_year,
        lang.t(
            "centrale doorrekening, fte, netto",
            "central run, fte, net"
        ),
        lang.t("Scenario", "Scenario"),
        esc(&scenario_name(lang, &s, &g.scenario)),
        lang.t(
            "Kies een provincie op de kaart (klik, tik of tab) voor haar cijfers.",
            "Choose a province on the map (click, tap or tab) for its figures."
        ),
        legend(lang, &classes),
    );
    let computing = format!(
        "<td class=\"n computing\">{}</td>",
        lang.t("wordt berekend", "being computed")
    );
    let missing = format!("<td class=\"n\">{}</td>", lang.t("n.b.", "n/a"));
    let mut rows = String::new();
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
            rows,
            "<tr id=\"{code}\"><th scope=\"row\"><a href=\"/regio/provincie/{code}{sfx0}\">{name}</a></th>{}{}{}{odds}<td><a href=\"/verkenner?province={code}{suffix}\">{explore}<span class=\"visually-hidden\"> {name}</span></a></td></tr>",
            cell(lang, &p.required),
            cell(lang, &p.available),
            cell(lang, &p.gap),
            code = p.code,
            name = esc(p.name),
            suffix = lang.suffix(true),
            sfx0 = lang.suffix(false),
            explore = lang.t("verken", "explore")
        );
    }
    let mut head = vec![
        lang.t("provincie", "province"),
        lang.t("benodigd (netto)", "required (net)"),
        lang.t("beschikbaar (aanbod)", "available (supply)"),
        lang.t("tekort (netto)", "gap (net)"),
    ];
    if odds_cols >= 1 {
        head.push(lang.t(
            "kans zonder tekort, zonder beleid",
            "probability of no shortage without the policy",
        ));
    }
    if odds_cols == 2 {
        head.push(lang.t(
            "kans zonder tekort, met beleid",
            "probability of no shortage with the policy",
        ));
    }
    head.push(lang.t("verkenner", "explorer"));
    b.push_str(&table(
        "provinces",
        &format!(
            "{} {}: {}",
            lang.t("Technici per provincie in", "Technicians by province in"),
            g.goal_year,
            lang.t(
                "fte, centraal (uiterste hoeken); kans dat er geen tekort is (tekort ≤ 0) met gemiddelde en P5/P50/P95 van het tekort (fte, netto)",
                "fte, central (extreme corners); probability of no shortage (gap ≤ 0) with the gap's mean and P5/P50/P95 (fte, net)"
            )
        ),
        &head,
        &rows,
    ));
    b.push_str(&csv_link(lang, &g.request, "provinces"));
    let _ = match &mc {
        RegionOdds::Computing => write!(
            b,
            "<p class=\"note\" id=\"mc-regio\" data-status=\"computing\">{}: <strong>{}</strong> (Monte Carlo, {} {}); {}</p>",
            lang.t("Kans per provincie dat er geen tekort is", "Probability by province of no shortage"),
            lang.t("wordt berekend", "being computed"),
            lang.num(DRAWS as f64),
            lang.t("trekkingen", "draws"),
            lang.t("ververs de pagina over enkele seconden.", "reload the page in a few seconds.")
        ),
        RegionOdds::Absent(why) => write!(
            b,
            "<p class=\"note\" id=\"mc-regio\" data-status=\"absent\">{why}</p>"
        ),
        RegionOdds::Ready(p) => match lang {
            Lang::Nl => write!(
                b,
                "<p class=\"note\" id=\"mc-regio\" data-status=\"ready\">Kans zonder tekort = aandeel van de {} trekkingen van de Monte Carlo ({} onzekere parameters) waarin het technicustekort van de provincie in {} ≤ 0 is, zonder en met beleid. In elke trekking tellen de provincies op tot het landelijke tekort, maar in het model kunnen provincies geen technici van elkaar lenen (geen pendel of verhuizing): een overschot in de ene provincie vult geen tekort in een andere. De kansen per provincie tellen daarom niet op tot de landelijke kans, en de P5/P95 niet tot de landelijke.</p>",
                lang.num(p.draws as f64),
                p.parameters,
                p.year
            ),
            Lang::En => write!(
                b,
                "<p class=\"note\" id=\"mc-regio\" data-status=\"ready\">Probability of no shortage = share of the {} draws of the Monte Carlo ({} uncertain parameters) in which the province's technician gap in {} is ≤ 0, without and with the policy. In every draw the provinces add up to the national gap, but in the model provinces cannot borrow technicians from each other (no commuting or moving): a surplus in one province fills no gap in another. So the provinces' probabilities do not add up to the national one, nor their P5/P95 to the national ones.</p>",
                lang.num(p.draws as f64),
                p.parameters,
                p.year
            ),
        },
    };
    b.push_str(&format!(
        "<p class=\"note\" id=\"regions-note\">{} <a href=\"/regio/arbeidsmarktregio{sfx}\">{}</a> {} <a href=\"/regio/res{sfx}\">{}</a>{}</p>",
        lang.t("Dezelfde cijfers per", "The same figures by"),
        lang.t("arbeidsmarktregio", "labour-market region"),
        lang.t("en per", "and by"),
        lang.t("RES-regio", "RES region"),
        lang.t(
            ", en een pagina per regio met haar kaart.",
            ", and a page per region with its map."
        ),
        sfx = lang.suffix(false)
    ));
    b.push_str(&notes(lang, g));
    page(
        lang,
        "/regio",
        q.as_deref(),
        lang.t(
            "Regio's: het tekort per provincie",
            "Regions: the gap by province",
        ),
        &b,
    )
}

/// One line under a lever's or campaign's slider: whether its effect has
/// evidence, the sources it rests on (publication titles) and when it
/// starts to act.
fn slider_help(
    lang: Lang,
    ds: &krapte_model::Dataset,
    backing: &krapte_model::Backing,
    acts: &str,
) -> String {
    let titles: Vec<&str> = backing
        .ids
        .iter()
        .filter_map(|id| {
            ds.supply
                .as_ref()?
                .evidence
                .iter()
                .find(|f| f.id == *id)
                .map(|f| f.source_title.as_str())
        })
        .filter(|t| !t.is_empty())
        .collect();
    let evidence = match lang {
        Lang::Nl => backing.evidence.shown_nl(),
        Lang::En => backing.evidence.shown_en(),
    };
    let source = if titles.is_empty() {
        lang.t("aanname van het model", "the model's assumption")
            .to_string()
    } else {
        titles.join("; ")
    };
    format!(
        "{}: {}; {}: {}. {}",
        lang.t("Effect", "Effect"),
        evidence,
        lang.t("bron", "source"),
        source,
        acts
    )
}

/// A slider's value from the query string, clamped to its range, with a
/// message when it was not a number or out of range.
fn slider_value(
    lang: Lang,
    pairs: &[(String, String)],
    key: &str,
    name: &str,
    range: (f64, f64),
    messages: &mut Vec<String>,
) {
    let Some((_, raw)) = pairs.iter().find(|(k, _)| k == key) else {
        return;
    };
    match raw.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && (range.0..=range.1).contains(&v) => {}
        Ok(v) if v.is_finite() => messages.push(format!(
            "{} ‘{}’ {} {}; {} {} {} {}. {} {}.",
            lang.t("De schuif", "The slider"),
            esc(name),
            lang.t("stond in de link op", "was set in the link to"),
            esc(raw),
            lang.t("hij loopt van", "it runs from"),
            lang.num(range.0),
            lang.t("tot", "to"),
            lang.num(range.1),
            lang.t("Hij staat nu op", "It is now at"),
            lang.num(v.clamp(range.0, range.1))
        )),
        _ => messages.push(format!(
            "{} ‘{}’ {} ‘{}’ {}.",
            lang.t("De schuif", "The slider"),
            esc(name),
            lang.t("kreeg in de link", "was given"),
            esc(raw),
            lang.t(
                "; dat is geen getal, dus hij staat op zijn standaardwaarde",
                "in the link; that is not a number, so it is at its default"
            )
        )),
    }
}

/// `/verkenner`: the controls; `app.js` reads and writes the query string,
/// calls `POST /api/gap` and draws the results. What the link asks for and
/// the page cannot do (an unknown scenario, policy or province, a slider
/// that does not exist, a value out of range) is said at the top.
pub async fn verkenner(State(s): State<Shared>, RawQuery(q): RawQuery) -> Html<String> {
    let pairs = query_pairs(q.as_deref());
    let lang = Lang::from_pairs(&pairs);
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let mut messages: Vec<String> = Vec::new();
    let ds = s.dataset;
    let goal = s.default_gap.goal_year;
    let scenario = match get("scenario") {
        Some(id) if !id.is_empty() => s.scenario(&id).unwrap_or_else(|| {
            messages.push(format!(
                "{} ‘{}’ {} ‘{}’.",
                lang.t("Het scenario", "The scenario"),
                esc(&id),
                lang.t(
                    "bestaat niet; de verkenner toont het standaardscenario",
                    "does not exist; the explorer shows the default scenario"
                ),
                esc(&scenario_name(lang, &s, &s.default_scenario().id))
            ));
            s.default_scenario()
        }),
        _ => s.default_scenario(),
    };
    let policy_id = match get("policy") {
        Some(p) if p.is_empty() => None,
        Some(p) => match s.policy(&p) {
            Some(x) => Some(x.id.clone()),
            None => {
                messages.push(format!(
                    "{} ‘{}’ {} {}.",
                    lang.t("Het beleid", "The policy"),
                    esc(&p),
                    lang.t(
                        "bestaat niet; de verkenner toont",
                        "does not exist; the explorer shows"
                    ),
                    s.default_policy.as_ref().map_or(
                        lang.t("geen beleid", "no policy").to_string(),
                        |d| format!("‘{}’", esc(&policy_name(lang, &s, d)))
                    )
                ));
                s.default_policy.clone()
            }
        },
        None => s.default_policy.clone(),
    };
    if let Some(p) = get("province").filter(|p| !p.is_empty()) {
        if !ds.regions.iter().any(|r| r.code() == p) {
            messages.push(format!(
                "{} ‘{}’ {}.",
                lang.t("De provincie", "The province"),
                esc(&p),
                lang.t(
                    "bestaat niet; de verkenner toont heel Nederland",
                    "does not exist; the explorer shows the whole country"
                )
            ));
        }
    }
    // Every slider key of the link must be a slider of this page.
    let measure_ids: Vec<&str> = scenario
        .value
        .measures
        .iter()
        .filter_map(|m| ds.measures.get(m.measure).map(|d| d.id.as_str()))
        .collect();
    let lever_ids: Vec<&str> = ds.policy.as_ref().map_or(Vec::new(), |pd| {
        pd.levers
            .iter()
            .filter(|l| l.flow != LeverFlow::None)
            .map(|l| l.id.as_str())
            .collect()
    });
    let campaign_ids: Vec<&str> = ds.policy.as_ref().map_or(Vec::new(), |pd| {
        pd.campaigns.iter().map(|c| c.id.as_str()).collect()
    });
    for (k, _) in &pairs {
        let known = if let Some(id) = k.strip_prefix("m.") {
            measure_ids.contains(&id)
        } else if let Some(id) = k.strip_prefix("l.") {
            lever_ids.contains(&id)
        } else if let Some(rest) = k.strip_prefix("c.") {
            let id = rest
                .strip_suffix(".years")
                .or_else(|| rest.strip_suffix(".start"))
                .unwrap_or(rest);
            campaign_ids.contains(&id)
        } else {
            true
        };
        if !known {
            messages.push(format!(
                "{} ‘{}’ {}.",
                lang.t("De link noemt een schuif", "The link names a slider"),
                esc(k),
                lang.t(
                    "die deze verkenner niet heeft (bij dit scenario); die is genegeerd",
                    "this explorer does not have (in this scenario); it was ignored"
                )
            ));
        }
    }

    let mut controls = String::from("<div class=\"controls\">");
    let _ = write!(
        controls,
        "<div class=\"utrecht-form-field\"><label class=\"utrecht-form-label\" for=\"scenario\">{}</label> <select class=\"utrecht-select utrecht-select--html-select\" name=\"scenario\" id=\"scenario\">",
        lang.t("Scenario", "Scenario")
    );
    for p in &s.scenarios {
        let sel = if p.id == scenario.id { " selected" } else { "" };
        let _ = write!(
            controls,
            "<option value=\"{id}\"{sel}>{name}</option>",
            id = esc(&p.id),
            name = esc(&scenario_name(lang, &s, &p.id))
        );
    }
    let desc = labels::name(
        lang,
        Kind::ScenarioDescription,
        &scenario.id,
        &scenario.value.description,
    );
    let _ = write!(
        controls,
        "</select><p class=\"utrecht-form-field-description\">{}</p></div><div class=\"utrecht-form-field\"><label class=\"utrecht-form-label\" for=\"policy\">{}</label> <select class=\"utrecht-select utrecht-select--html-select\" name=\"policy\" id=\"policy\"><option value=\"\">{}</option>",
        esc(desc),
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
            controls,
            "<option value=\"{id}\" data-levers=\"{sc}\" data-campaigns=\"{ca}\"{sel}>{name}</option>",
            id = esc(&p.id),
            sc = esc(&scales),
            ca = esc(&campaigns),
            name = esc(&policy_name(lang, &s, &p.id))
        );
    }
    let _ = write!(
        controls,
        "</select></div><div class=\"utrecht-form-field\"><label class=\"utrecht-form-label\" for=\"province\">{}</label> <select class=\"utrecht-select utrecht-select--html-select\" name=\"province\" id=\"province\"><option value=\"\">{}</option>",
        lang.t("Provincie", "Province"),
        lang.t("Nederland", "the Netherlands")
    );
    for r in &ds.regions {
        let sel = if get("province").as_deref() == Some(r.code()) {
            " selected"
        } else {
            ""
        };
        let _ = write!(
            controls,
            "<option value=\"{}\"{sel}>{}</option>",
            r.code(),
            esc(r.name())
        );
    }
    controls.push_str("</select></div>");
    let _ = write!(
        controls,
        "<fieldset><legend>{}</legend>",
        lang.t(
            "Klimaatmaatregelen: factor op het traject van het scenario (1 = zoals in het scenario, 0 = niets, 2 = dubbel)",
            "Climate measures: factor on the scenario's trajectory (1 = as in the scenario, 0 = none, 2 = double)"
        )
    );
    for m in &scenario.value.measures {
        let Some(d) = ds.measures.get(m.measure) else {
            continue;
        };
        let name = labels::name(lang, Kind::Measure, &d.id, &d.name);
        slider_value(
            lang,
            &pairs,
            &format!("m.{}", d.id),
            name,
            OVERRIDE_RANGE,
            &mut messages,
        );
        let _ = write!(
            controls,
            "<div class=\"slider\"><label for=\"m.{id}\">{name} <small>({unit})</small></label><input type=\"range\" id=\"m.{id}\" name=\"m.{id}\" min=\"{lo}\" max=\"{hi}\" step=\"0.05\" value=\"1\" data-default=\"1\"><output for=\"m.{id}\">1</output></div>",
            name = esc(name),
            unit = esc(labels::unit(lang, &d.unit)),
            id = esc(&d.id),
            lo = OVERRIDE_RANGE.0,
            hi = OVERRIDE_RANGE.1,
        );
    }
    controls.push_str("</fieldset>");
    let defaults = policy_id
        .as_ref()
        .and_then(|id| s.policy(id))
        .map(|p| p.value.levers.clone())
        .unwrap_or_default();
    if let Some(pd) = &ds.policy {
        let _ = write!(
            controls,
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
            let name = labels::name(lang, Kind::Lever, &l.id, &l.name);
            slider_value(
                lang,
                &pairs,
                &format!("l.{}", l.id),
                name,
                LEVER_RANGE,
                &mut messages,
            );
            let first = l.start_year.saturating_add(l.lag_years);
            let acts = format!(
                "{} {first}{}",
                lang.t("Werkt vanaf", "Acts from"),
                if first > goal {
                    lang.t(
                        ": na het doeljaar, dus geen effect op het tekort daarin",
                        ": after the goal year, so no effect on its gap",
                    )
                } else {
                    "."
                }
            );
            let help = slider_help(lang, ds, &l.backing, &acts);
            let _ = write!(
                controls,
                "<div class=\"slider\"><label for=\"l.{id}\">{name} <small>({flow}; {effect} {lo}–{hi} {unit})</small></label><input type=\"range\" id=\"l.{id}\" name=\"l.{id}\" min=\"{rlo}\" max=\"{rhi}\" step=\"0.1\" value=\"{scale}\" data-default=\"{scale}\" aria-describedby=\"help-l.{id}\"><output for=\"l.{id}\">{scale}</output><p class=\"slider-help\" id=\"help-l.{id}\">{help}</p></div>",
                help = esc(&help),
                name = esc(name),
                flow = esc(labels::name(lang, Kind::Flow, l.flow.code(), l.flow.code())),
                effect = lang.t("effect", "effect"),
                lo = lang.num(l.effect.low),
                hi = lang.num(l.effect.high),
                unit = esc(labels::unit(lang, &l.effect_unit)),
                id = esc(&l.id),
                rlo = LEVER_RANGE.0,
                rhi = LEVER_RANGE.1,
            );
        }
        controls.push_str("</fieldset>");
        let chosen = policy_id
            .as_ref()
            .and_then(|id| s.policy(id))
            .map(|p| p.value.campaigns.clone())
            .unwrap_or_default();
        if !pd.campaigns.is_empty() {
            let _ = write!(
                controls,
                "<fieldset><legend>{} {} {}</legend>",
                lang.t(
                    "Wervingscampagnes: budget per doelgroep in miljoen euro per jaar (0 = geen campagne) en looptijd in jaren, vanaf",
                    "Recruitment campaigns: budget per target group in million euros a year (0 = no campaign) and duration in years, from"
                ),
                CAMPAIGN_START_DEFAULT,
                lang.t(
                    "tenzij het beleid anders zegt; het effect volgt een trechter (bereik × interesse × aanmelding × overstap; aannames)",
                    "unless the policy says otherwise; the effect follows a funnel (reach × interest × application × conversion; assumptions)"
                )
            );
            for (k, c) in pd.campaigns.iter().enumerate() {
                let on = chosen.iter().find(|x| x.campaign == k);
                let budget = on.map_or(0.0, |x| x.budget_meur_per_year);
                let base_years = c.default_years.central.round();
                let years = on.map_or(base_years, |x| f64::from(x.years));
                let group = labels::name(lang, Kind::Campaign, &c.id, &c.target_group);
                slider_value(
                    lang,
                    &pairs,
                    &format!("c.{}", c.id),
                    group,
                    (0.0, CAMPAIGN_SLIDER_MAX),
                    &mut messages,
                );
                slider_value(
                    lang,
                    &pairs,
                    &format!("c.{}.years", c.id),
                    group,
                    CAMPAIGN_YEARS_RANGE,
                    &mut messages,
                );
                let lag = c.lag_years.central;
                let start = on.map_or(CAMPAIGN_START_DEFAULT, |x| x.start_year);
                let first = f64::from(start) + lag;
                let first = first.ceil() as i64;
                // Enrolment reaches the labour market only after the
                // programme: a first year of study just before the goal
                // year adds no technician in it.
                let schooling = c.flow == LeverFlow::Enrolment;
                let too_late =
                    first > i64::from(goal) || (schooling && first + 1 >= i64::from(goal));
                let acts = format!(
                    "{} {} {}: {} {start} {} {first}{}{}",
                    lang.t("Vertraging", "Lag"),
                    lang.num(lag),
                    lang.t("jaar", "years"),
                    lang.t("een campagne vanaf", "a campaign from"),
                    if schooling {
                        lang.t(
                            "brengt meer instroom in opleidingen vanaf",
                            "brings more first-year students from",
                        )
                    } else {
                        lang.t("werkt vanaf", "acts from")
                    },
                    if schooling {
                        lang.t(
                            ", die pas na hun opleiding op de arbeidsmarkt komen",
                            ", who reach the labour market only after their programme",
                        )
                    } else {
                        ""
                    },
                    if too_late {
                        lang.t(
                            ": het tekort in het doeljaar verandert dus niet, welk budget ook.",
                            ": the gap in the goal year does not change, whatever the budget.",
                        )
                    } else {
                        "."
                    }
                );
                // The funnel's effect: its weakest stage (reach, interest,
                // application, conversion) and every source it cites.
                let funnel = &c.backing[..4];
                let mut ids: Vec<String> = funnel.iter().flat_map(|b| b.ids.clone()).collect();
                ids.dedup();
                let backing = krapte_model::Backing {
                    evidence: funnel.iter().map(|b| b.evidence).min().unwrap_or_default(),
                    ids,
                };
                let help = slider_help(lang, ds, &backing, &acts);
                let _ = write!(
                    controls,
                    "<div class=\"slider\"><label for=\"c.{id}\">{group} <small>({flow}; {budget_word})</small></label><input type=\"range\" id=\"c.{id}\" name=\"c.{id}\" min=\"0\" max=\"{max}\" step=\"0.5\" value=\"{budget}\" data-default=\"{budget}\" data-base=\"0\" aria-describedby=\"help-c.{id}\"><output for=\"c.{id}\">{budget}</output><p class=\"slider-help\" id=\"help-c.{id}\">{help}</p></div><div class=\"slider\"><label for=\"c.{id}.years\">{group}: {duration} <small>({years_word})</small></label><input type=\"range\" id=\"c.{id}.years\" name=\"c.{id}.years\" min=\"{ylo}\" max=\"{yhi}\" step=\"1\" value=\"{years}\" data-default=\"{years}\" data-base=\"{base_years}\"><output for=\"c.{id}.years\">{years}</output></div>",
                    id = esc(&c.id),
                    help = esc(&help),
                    group = esc(group),
                    flow = esc(labels::name(lang, Kind::Flow, c.flow.code(), c.flow.code())),
                    budget_word = lang.t("budget in miljoen euro per jaar", "budget in million euros a year"),
                    max = CAMPAIGN_SLIDER_MAX,
                    duration = lang.t("looptijd", "duration"),
                    years_word = lang.t("jaren", "years"),
                    ylo = CAMPAIGN_YEARS_RANGE.0,
                    yhi = CAMPAIGN_YEARS_RANGE.1,
                );
            }
            controls.push_str("</fieldset>");
        }
    }
    let _ = write!(
        controls,
        "<p class=\"actions\"><button type=\"button\" class=\"utrecht-button utrecht-button--secondary-action\" id=\"reset\">{}</button> <a id=\"share\" href=\"\">{}</a> <a id=\"export-results\" href=\"/api/export/results.xlsx\" download>{}</a></p><details class=\"analysts\"><summary>{}</summary><p>{}</p><ul><li><a id=\"export-scenario\" href=\"/api/export/scenario.toml\" download>{}</a></li><li><a id=\"export-policy\" href=\"/api/export/policy.toml\" download>{}</a></li></ul></details></div>",
        lang.t("Terug naar het scenario", "Back to the scenario"),
        lang.t("Link naar deze instelling", "Link to this setting"),
        lang.t(
            "De resultaten als spreadsheet (xlsx)",
            "The results as a spreadsheet (xlsx)"
        ),
        lang.t("Voor analisten", "For analysts"),
        lang.t(
            "Deze instelling als bestanden voor het rekenprogramma krapte (krapte gap --scenario SCENARIO --policy BELEID):",
            "This setting as files for the krapte program (krapte gap --scenario SCENARIO --policy POLICY):"
        ),
        lang.t("Scenario (TOML)", "Scenario (TOML)"),
        lang.t("Beleid: hefbomen en campagnes (TOML)", "Policy: levers and campaigns (TOML)")
    );

    let mut b = String::new();
    let default_req = &s.default_gap.request;
    let _ = write!(
        b,
        "<noscript>{}</noscript>",
        alert(
            "warning",
            &format!(
                "<p>{}</p><ul><li><a href=\"/doorrekening{sfx}\">{}</a></li><li><a href=\"/regio{sfx}\">{}</a></li><li><a href=\"{}\">{}</a></li></ul>",
                lang.t(
                    "De verkenner rekent in uw browser met JavaScript, en dat staat uit. De cijfers van het standaardscenario staan zonder JavaScript op deze pagina's en in deze bestanden:",
                    "The explorer computes in your browser with JavaScript, which is off. The figures of the default scenario are on these pages and in these files without JavaScript:"
                ),
                lang.t("Doorrekening: technici per jaar en niveau", "Projection: technicians per year and level"),
                lang.t("Regio's: het tekort per provincie", "Regions: the gap by province"),
                csv_href(default_req, "years"),
                lang.t("De cijfers per jaar als CSV", "The figures per year as CSV"),
                sfx = lang.suffix(false),
            )
        )
    );
    if !messages.is_empty() {
        let items: String = messages.iter().map(|m| format!("<li>{m}</li>")).collect();
        b.push_str(&alert(
            "warning",
            &format!(
                "<p><strong>{}</strong></p><ul id=\"link-messages\">{items}</ul>",
                lang.t(
                    "De link vroeg om iets dat niet kan:",
                    "The link asked for something that cannot be done:"
                )
            ),
        ));
    }
    let _ = write!(
        b,
        "<form id=\"explorer\" class=\"explorer\" data-definitions=\"{defs}\"><section class=\"answer\" aria-labelledby=\"answer-h\"><h2 class=\"nl-heading nl-heading--level-2\" id=\"answer-h\">{}</h2><p id=\"summary\" class=\"summary-line\" aria-live=\"polite\"></p><div id=\"odds\" class=\"odds\"></div><div id=\"results\" class=\"results\"></div></section>{controls}</form>",
        lang.t("Uitkomst", "Result"),
        defs = esc(&serde_json::Value::Object(
            s.default_gap
                .digital_verdicts
                .iter()
                .map(|d| {
                    (
                        d.definition.clone(),
                        serde_json::Value::String(definition_name(lang, &d.definition)),
                    )
                })
                .collect()
        )
        .to_string()),
    );
    page(
        lang,
        "/verkenner",
        q.as_deref(),
        lang.t("Verkenner: wat als?", "Explorer: what if?"),
        &b,
    )
}

/// `/begrippen`: the glossary of the terms readers meet.
pub async fn begrippen(RawQuery(q): RawQuery) -> Html<String> {
    let lang = Lang::from_query(q.as_deref());
    let mut b = format!(
        "<p>{}</p><dl class=\"glossary\">",
        lang.t(
            "De woorden die u op deze site tegenkomt, kort uitgelegd.",
            "The words you meet on this site, briefly explained."
        )
    );
    for t in labels::glossary() {
        let _ = write!(
            b,
            "<dt id=\"{}\">{}</dt><dd>{}</dd>",
            esc(&t.id),
            esc(t.term(lang)),
            esc(t.text(lang))
        );
    }
    b.push_str("</dl>");
    page(
        lang,
        "/begrippen",
        q.as_deref(),
        lang.t("Begrippen", "Glossary"),
        &b,
    )
}

/// Any unknown path: JSON under `/api/`, else a Dutch (or English) HTML
/// page with the navigation, status 404.
pub async fn not_found(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        return crate::api::not_found().await.into_response();
    }
    let lang = Lang::from_query(uri.query());
    let body = format!(
        "<p>{}</p><ul><li><a href=\"/{sfx}\">{}</a></li><li><a href=\"/doorrekening{sfx}\">{}</a></li><li><a href=\"/verkenner{sfx}\">{}</a></li></ul>",
        lang.t(
            "Deze pagina bestaat niet (meer). Misschien is de link oud of zit er een typefout in. Hier vindt u verder:",
            "This page does not exist (any more). The link may be old or contain a typo. Where to go from here:"
        ),
        lang.t("Stand van zaken", "Where things stand"),
        lang.t("Doorrekening", "Projection"),
        lang.t("Verkenner", "Explorer"),
        sfx = lang.suffix(false),
    );
    (
        StatusCode::NOT_FOUND,
        Html(layout(
            lang,
            "",
            uri.query(),
            lang.t("Pagina niet gevonden", "Page not found"),
            &body,
        )),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_numbers() {
        assert_eq!(nl(42_299.4), "42.299");
        assert_eq!(nl(-35_377.0), "−35.377");
        assert_eq!(nl(0.57), "0,57");
        assert_eq!(nl(5.0), "5");
        assert_eq!(nl(f64::NAN), "n.b.");
    }

    #[test]
    fn stale_series_by_periodicity() {
        // In 2026: a 2024 value is current, 2023 is stale; school year
        // 2023/24 ends in 2024; quarterly series may be a year behind.
        assert!(!stale("year", Period::Year(2024), 2026));
        assert!(stale("year", Period::Year(2023), 2026));
        assert!(!stale("school_year", Period::SchoolYear(2023), 2026));
        assert!(stale("school_year", Period::SchoolYear(2019), 2026));
        assert!(!stale("quarter", Period::Quarter(2025, 1), 2026));
        assert!(stale("quarter", Period::Quarter(2015, 3), 2026));
        assert!(this_year() >= 2025);
    }

    #[test]
    fn the_language_link_keeps_the_query() {
        assert_eq!(without_lang(Some("a=1&lang=en&b=2")), "a=1&b=2");
        assert_eq!(without_lang(None), "");
        let html = layout(Lang::Nl, "/verkenner", Some("province=PV28"), "T", "");
        assert!(html.contains("href=\"/verkenner?province=PV28&amp;lang=en\""));
        let html = layout(
            Lang::En,
            "/verkenner",
            Some("province=PV28&lang=en"),
            "T",
            "",
        );
        assert!(html.contains("href=\"/verkenner?province=PV28\" id=\"lang\""));
        assert!(html.contains("aria-current=\"page\">Explorer"));
    }
}
