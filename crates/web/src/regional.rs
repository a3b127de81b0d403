//! The region sets on the site (issue 22): a page per set
//! (`/regio/provincie`, `/regio/arbeidsmarktregio`, `/regio/res`) with its
//! map and table, a page per region (`/regio/<set>/<code>`) and the same
//! figures as JSON (`GET /api/regions/<set>`, `GET
//! /api/regions/<set>/<code>`).
//!
//! The figures are `krapte_present::regions` (as `krapte gap --regions`
//! and `--by res`) for the explorer's default scenario and policy with
//! the headline's draws and seed, computed once in the background after
//! the headline; until then the pages and the API say "being computed".

use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};

use axum::extract::{Path, RawQuery, State};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use krapte_model::reference::gap::GapOptions;
use krapte_model::{Bracket, RegionData, RegionSetKind};
use krapte_present::regions::{self as figures, Odds, Overlap, RegionFigures, SetFigures};
use krapte_present::words;
use serde_json::{json, Value};

use crate::api::Shared;
use crate::error::ApiError;
use crate::explore::Explorer;
use crate::i18n::Lang;
use crate::labels::{self, Kind};
use crate::map;
use crate::pages::{legend, not_found, page, policy_name, scenario_name, table};
use crate::probability::{DRAWS, SEED};

/// The sets the site shows, in the order of its navigation.
pub const SETS: [RegionSetKind; 3] = [
    RegionSetKind::Province,
    RegionSetKind::Arbeidsmarktregio,
    RegionSetKind::Res,
];

/// The computed figures of every set.
#[derive(Debug, Clone)]
pub struct RegionSets {
    pub sets: Vec<SetFigures>,
    /// Each RES region beside the arbeidsmarktregio's it overlaps.
    pub overlaps: Vec<Overlap>,
    pub scenario: String,
    pub policy: Option<String>,
}

impl RegionSets {
    fn set(&self, kind: RegionSetKind) -> Option<&SetFigures> {
        self.sets.iter().find(|f| f.kind() == kind)
    }
}

/// Set once by the background run; `None` while it runs.
pub type Slot = OnceLock<Result<Arc<RegionSets>, String>>;

/// The figures of every set for the explorer's default scenario and policy.
pub fn compute(e: &Explorer, rd: &RegionData) -> Result<RegionSets, String> {
    let req = e.default_request();
    let scenario = e
        .scenario(req.scenario.as_deref().unwrap_or_default())
        .ok_or("the default scenario is missing")?;
    let policy = req.policy.as_deref().and_then(|p| e.policy(p));
    let year = krapte_present::compute::goal_year(e.dataset, &scenario.value)
        .map_err(|e| e.to_string())?;
    let sets = figures::compute(
        e.dataset,
        rd,
        figures::RegionSpec {
            kinds: &SETS,
            scenario: &scenario.value,
            policy: policy.map(|p| &p.value),
            options: GapOptions::default(),
            year,
            draws: DRAWS,
            seed: SEED,
        },
    )?;
    let find = |k| sets.iter().find(|f: &&SetFigures| f.kind() == k);
    let overlaps = match (
        find(RegionSetKind::Res),
        find(RegionSetKind::Arbeidsmarktregio),
    ) {
        (Some(res), Some(am)) => figures::overlaps(res, am, rd).unwrap_or_default(),
        _ => Vec::new(),
    };
    Ok(RegionSets {
        sets,
        overlaps,
        scenario: scenario.id.clone(),
        policy: policy.map(|p| p.id.clone()),
    })
}

/// A link to a region's page, with its name.
fn link(lang: Lang, kind: RegionSetKind, code: &str, name: &str) -> String {
    format!(
        "<a href=\"/regio/{}/{}{}\">{}</a>",
        segment(kind),
        krapte_present::esc(code),
        lang.suffix(false),
        krapte_present::esc(name)
    )
}

/// The URL segment of a set.
pub fn segment(kind: RegionSetKind) -> &'static str {
    match kind {
        RegionSetKind::Province => "provincie",
        RegionSetKind::Arbeidsmarktregio => "arbeidsmarktregio",
        RegionSetKind::Res => "res",
        RegionSetKind::Corop => "corop",
    }
}

fn kind_of(segment: &str) -> Option<RegionSetKind> {
    SETS.into_iter().find(|k| self::segment(*k) == segment)
}

/// The set's name (plural) and one region's kind (singular).
fn names(lang: Lang, kind: RegionSetKind) -> (&'static str, &'static str) {
    match kind {
        RegionSetKind::Province => (
            lang.t("Provincies", "Provinces"),
            lang.t("provincie", "province"),
        ),
        RegionSetKind::Arbeidsmarktregio => (
            lang.t("Arbeidsmarktregio's", "Labour-market regions"),
            lang.t("arbeidsmarktregio", "labour-market region"),
        ),
        RegionSetKind::Res => (
            lang.t("RES-regio's", "RES regions"),
            lang.t("RES-regio", "RES region"),
        ),
        RegionSetKind::Corop => (
            lang.t("COROP-gebieden", "COROP regions"),
            lang.t("COROP-gebied", "COROP region"),
        ),
    }
}

const AM_TOPO: &str = include_str!("../../../data/geo/arbeidsmarktregio_2025.topojson");
const RES_TOPO: &str = include_str!("../../../data/geo/regionale_energiestrategie_2025.topojson");

/// The boundaries of a set (CBS Gebiedsindelingen 2025), decoded once.
fn areas(kind: RegionSetKind) -> &'static [map::Area] {
    static AM: OnceLock<Vec<map::Area>> = OnceLock::new();
    static RES: OnceLock<Vec<map::Area>> = OnceLock::new();
    match kind {
        RegionSetKind::Arbeidsmarktregio => {
            AM.get_or_init(|| map::decode(AM_TOPO, "arbeidsmarktregio_2025").unwrap_or_default())
        }
        RegionSetKind::Res => RES.get_or_init(|| {
            map::decode(RES_TOPO, "regionale_energiestrategie_2025").unwrap_or_default()
        }),
        _ => map::provinces(),
    }
}

fn plang(lang: Lang) -> krapte_present::Lang {
    match lang {
        Lang::Nl => krapte_present::Lang::Nl,
        Lang::En => krapte_present::Lang::En,
    }
}

/// `46% (ongeveer even waarschijnlijk als onwaarschijnlijk)`, for HTML
/// text (`&lt;1%`).
fn prob(lang: Lang, p: f64) -> String {
    krapte_present::esc(&words::probability(p, plang(lang)))
}

/// A key's or measure's name in the page's language: the data writes
/// `Woningvoorraad / housing stock`.
fn half(lang: Lang, both: &str) -> String {
    match (both.split_once(" / "), lang) {
        (Some((nl, _)), Lang::Nl) => nl.to_string(),
        (Some((_, en)), Lang::En) => en.to_string(),
        (None, _) => both.to_string(),
    }
}

/// The region data the server has (the dataset's manifest names it).
fn region_data(s: &crate::state::AppState) -> Option<&RegionData> {
    s.region_data.as_ref()
}

enum Status<'a> {
    Computing,
    Failed(String),
    Absent,
    Ready(&'a RegionSets),
}

fn ready(s: &crate::state::AppState) -> Status<'_> {
    if region_data(s).is_none() {
        return Status::Absent;
    }
    match s.regions.get() {
        None => Status::Computing,
        Some(Err(e)) => Status::Failed(e.clone()),
        Some(Ok(r)) => Status::Ready(r),
    }
}

/// A cell: central (low–high).
fn cell(lang: Lang, b: Bracket) -> String {
    format!(
        "<td class=\"n\">{} <small>({}–{})</small></td>",
        lang.num(b.central),
        lang.num(b.low),
        lang.num(b.high)
    )
}

/// A probability cell with the gap's P5/P50/P95.
fn odds_cell(lang: Lang, o: Option<Odds>) -> String {
    match o {
        Some(o) => format!(
            "<td class=\"n\"><strong>{}</strong> <small>(P5 {} / P50 {} / P95 {})</small></td>",
            pct_html(lang, o.probability_closed),
            lang.num(o.p5),
            lang.num(o.p50),
            lang.num(o.p95)
        ),
        None => format!("<td class=\"n\">{}</td>", lang.t("n.b.", "n/a")),
    }
}

fn lang_pct(lang: Lang, p: f64) -> String {
    plang(lang).pct(p)
}

/// A probability in HTML text (`&lt;1%`).
fn pct_html(lang: Lang, p: f64) -> String {
    krapte_present::esc(&lang_pct(lang, p))
}

/// A share (of jobs, of a measure's work), not a probability: whole
/// percent, `<1%` only for a share above zero that rounds to zero, in
/// HTML text.
fn share_html(lang: Lang, w: f64) -> String {
    let pct = (w * 100.0).round();
    if pct == 0.0 && w > 0.0 {
        "&lt;1%".to_string()
    } else {
        format!("{}%", lang.num(pct))
    }
}

/// The climate demand column: above the dataset's base year.
fn above(lang: Lang, f: &SetFigures) -> String {
    let y = f.view.dataset.base_year;
    match lang {
        Lang::Nl => format!("klimaatvraag boven {y}"),
        Lang::En => format!("climate demand above {y}"),
    }
}

/// Which run the central figures are: with the plan when there is one.
fn central_run(lang: Lang, f: &SetFigures) -> &'static str {
    if f.with_policy {
        lang.t("met het plan", "with the plan")
    } else {
        lang.t("zonder beleid", "without a policy")
    }
}

/// The links to the sets, the current one marked.
fn set_nav(lang: Lang, current: Option<RegionSetKind>) -> String {
    let mut s = format!(
        "<nav aria-label=\"{}\" class=\"set-nav\"><ul>",
        lang.t("Regio-indelingen", "Region sets")
    );
    for k in SETS {
        let (name, _) = names(lang, k);
        if Some(k) == current {
            let _ = write!(s, "<li><a href=\"/regio/{}{}\" aria-current=\"page\"><strong>{name}</strong></a></li>", segment(k), lang.suffix(false));
        } else {
            let _ = write!(
                s,
                "<li><a href=\"/regio/{}{}\">{name}</a></li>",
                segment(k),
                lang.suffix(false)
            );
        }
    }
    s.push_str("</ul></nav>");
    s
}

/// The map of a set, each region linking to its page; `current` marked.
fn set_map(lang: Lang, f: &SetFigures, current: Option<&str>) -> String {
    let kind = f.kind();
    let values: Vec<map::Value> = f
        .regions
        .iter()
        .map(|r| {
            let mut text = format!(
                "{} {} fte ({})",
                lang.t("tekort centraal", "gap central"),
                lang.num(r.gap.central),
                central_run(lang, f)
            );
            let odds = [
                (lang.t("met het plan", "with the plan"), r.with),
                (lang.t("zonder het plan", "without the plan"), r.without),
            ];
            for (i, (label, o)) in odds.into_iter().enumerate() {
                if let Some(o) = o {
                    let _ = write!(
                        text,
                        "{} {label} {}",
                        if i == 0 || r.with.is_none() {
                            format!(
                                "; {}",
                                lang.t("kans zonder tekort", "probability of no shortage")
                            )
                        } else {
                            ",".to_string()
                        },
                        lang_pct(lang, o.probability_closed)
                    );
                }
            }
            map::Value {
                code: r.code.clone(),
                value: r.gap.central,
                text,
            }
        })
        .collect();
    let classes = map::classes(&values.iter().map(|v| v.value).collect::<Vec<_>>());
    let (plural, _) = names(lang, kind);
    let label = format!(
        "{} {}; {}",
        lang.t("Kaart: technicustekort per", "Map: technician gap by"),
        plural.to_lowercase(),
        lang.t(
            "kies een regio voor haar cijfers",
            "choose a region for its figures"
        )
    );
    let prefix = format!("/regio/{}/", segment(kind));
    let svg = map::svg_linked(
        areas(kind),
        &values,
        &classes,
        &map::Text {
            label: &label,
            no_data: lang.t("geen gegevens", "no data"),
            names: kind == RegionSetKind::Province,
        },
        &prefix,
        lang.suffix(false),
        current,
    );
    format!(
        "<figure class=\"mapwrap\"><div class=\"map-box\">{svg}</div><div class=\"map-side\"><p id=\"map-detail\" class=\"map-detail\" aria-live=\"polite\">{}</p>{}</div></figure>",
        lang.t(
            "Kies een regio op de kaart (klik, tik of tab) voor haar cijfers.",
            "Choose a region on the map (click, tap or tab) for its figures."
        ),
        legend(lang, &classes)
    )
}

fn computing_page(
    lang: Lang,
    path: &str,
    q: Option<&str>,
    title: &str,
    r: Status<'_>,
) -> Html<String> {
    let msg = match r {
        Status::Computing => format!(
            "{} ({} {}). {}",
            lang.t(
                "De cijfers per regio worden berekend",
                "The figures by region are being computed"
            ),
            lang.num(DRAWS as f64),
            lang.t("trekkingen per regio-indeling", "draws per region set"),
            lang.t(
                "Ververs de pagina over enkele seconden.",
                "Reload the page in a few seconds."
            )
        ),
        Status::Failed(e) => format!(
            "{}</p><details class=\"analysts\"><summary>{}</summary><p>{}</p></details><p>",
            lang.t(
                "De berekening per regio is mislukt; de landelijke cijfers staan op de andere pagina's.",
                "The computation by region failed; the national figures are on the other pages."
            ),
            lang.t("Voor analisten", "For analysts"),
            krapte_present::esc(&e)
        ),
        _ => lang
            .t(
                "Deze dataset heeft geen regio-indelingen.",
                "This dataset has no region sets.",
            )
            .to_string(),
    };
    page(
        lang,
        path,
        q,
        title,
        &format!(
            "{}<p class=\"note\" data-status=\"computing\">{msg}</p>",
            set_nav(lang, None)
        ),
    )
}

fn intro(lang: Lang, s: &crate::state::AppState, r: &RegionSets, f: &SetFigures) -> String {
    let policy = r.policy.as_deref().map_or(String::new(), |p| {
        format!(
            "; {} {}",
            lang.t("met het plan", "with the plan"),
            krapte_present::esc(&policy_name(lang, s, p))
        )
    });
    format!(
        "<p>{} {}, {} {}{policy}. {} {} {}.</p>",
        lang.t("Technici in", "Technicians in"),
        f.year,
        lang.t("scenario", "scenario"),
        krapte_present::esc(&scenario_name(lang, s, &r.scenario)),
        lang.t(
            "Kansen uit de Monte Carlo met",
            "Probabilities from the Monte Carlo with"
        ),
        lang.num(f.draws as f64),
        lang.t(
            "trekkingen, dezelfde als die van de landelijke kop",
            "draws, the same as the national headline's"
        )
    )
}

fn notes(lang: Lang) -> String {
    format!(
        "<p class=\"note\">{}</p>",
        lang.t(
            "Het werk van elke klimaatmaatregel is over de regio's verdeeld met een sleutel: windparken op zee naar aanlandpunten en havens, wind en zon op land naar de RES-biedingen, industrie naar de vijf industrieclusters, warmtepompen, isolatie en warmtenetten naar de woningvoorraad, het regionale net naar de plannen van de netbeheerders. Het aanbod per regio volgt uit de banen per sector in de regio; de stroomgrootheden zijn landelijk. Pendel tussen regio's zit niet in het model: een overschot in de ene regio vult geen tekort in een andere. Hoeveel werknemers in hun eigen regio werken, staat niet in de gegevens van dit model (het CBS publiceert banen naar woon- en werkregio); per gemeente was het in 2015 38% van de banen van werknemers (CBS), per regio van een indeling meer, omdat een regio groter is. In elke trekking tellen de regio's op tot het landelijke tekort; hun kansen en P5/P95 tellen niet op tot de landelijke.",
            "Each climate measure's work is split over the regions by a key: offshore wind by landing points and ports, onshore wind and solar by the RES offers, industry by the five industrial clusters, heat pumps, insulation and heat networks by the housing stock, the regional grid by the grid operators' plans. Supply per region follows from the region's jobs by sector; the flow rates are national. Commuting between regions is not modelled: a surplus in one region fills no gap in another. How many employees work in their own region is not in this model's data (CBS publishes jobs by home and work region); by municipality it was 38% of employee jobs in 2015 (CBS), by region of a set more, since a region is larger. In every draw the regions add up to the national gap; their probabilities and P5/P95 do not add up to the national ones."
        )
    )
}

/// `/regio/<set>`: the set's map and table.
pub async fn set_page(
    State(s): State<Shared>,
    Path(set): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let lang = Lang::from_query(q.as_deref());
    let Some(kind) = kind_of(&set) else {
        return not_found_page(q).await;
    };
    let (plural, _) = names(lang, kind);
    let path = format!("/regio/{}", segment(kind));
    let title = format!(
        "{}: {}",
        lang.t("Technicustekort per regio", "Technician gap by region"),
        plural
    );
    let r = match ready(&s) {
        Status::Ready(r) => r,
        other => return computing_page(lang, &path, q.as_deref(), &title, other).into_response(),
    };
    let Some(f) = r.set(kind) else {
        return not_found_page(q).await;
    };
    let mut b = set_nav(lang, Some(kind));
    b.push_str(&intro(lang, &s, r, f));
    b.push_str(&set_map(lang, f, None));
    let mut rows = String::new();
    for reg in &f.regions {
        let _ = write!(
            rows,
            "<tr id=\"{}\"><th scope=\"row\">{}</th>{}{}{}{}{}{}</tr>",
            krapte_present::esc(&reg.code),
            link(lang, kind, &reg.code, &reg.name),
            if f.with_policy {
                odds_cell(lang, reg.with)
            } else {
                String::new()
            },
            odds_cell(lang, reg.without),
            cell(lang, reg.climate),
            cell(lang, reg.required),
            cell(lang, reg.available),
            cell(lang, reg.gap),
        );
    }
    let n = &f.national;
    let _ = write!(
        rows,
        "<tr><th scope=\"row\">{}</th>{}{}{}{}{}{}</tr>",
        lang.t(
            "Nederland (som van de regio's)",
            "Netherlands (sum of the regions)"
        ),
        if f.with_policy {
            odds_cell(lang, n.with)
        } else {
            String::new()
        },
        odds_cell(lang, n.without),
        cell(lang, n.climate),
        cell(lang, n.required),
        cell(lang, n.available),
        cell(lang, n.gap),
    );
    // The probability first (issue 23: probability before the central
    // run), also on a phone's first screen.
    let climate = above(lang, f);
    let mut head = vec![lang.t("regio", "region")];
    if f.with_policy {
        head.push(lang.t(
            "kans zonder tekort, met plan",
            "probability of no shortage, with the plan",
        ));
    }
    head.extend([
        lang.t(
            "kans zonder tekort, zonder plan",
            "probability of no shortage, without the plan",
        ),
        &climate,
        lang.t("benodigd", "required"),
        lang.t("beschikbaar", "available"),
        lang.t("tekort", "gap"),
    ]);
    b.push_str(&table(
        &format!("regions-{}", segment(kind)),
        &format!(
            "{} {} {}: {}",
            lang.t("Technici per", "Technicians by"),
            names(lang, kind).1,
            f.year,
            match lang {
                Lang::Nl => format!("kans dat er geen tekort is (tekort ≤ 0) met P5/P50/P95 van het tekort; klimaatvraag, benodigd, beschikbaar en tekort uit de centrale doorrekening {} (uiterste hoeken eronder; geen oordeel); fte, netto", central_run(lang, f)),
                Lang::En => format!("probability of no shortage (gap ≤ 0) with the gap's P5/P50/P95; climate demand, required, available and gap from the central run {} (extreme corners below; not a verdict); fte, net", central_run(lang, f)),
            }
        ),
        &head,
        &rows,
    ));
    if kind == RegionSetKind::Res {
        b.push_str(&res_table(lang, r, f));
    }
    b.push_str(&placement_table(lang, f, None));
    b.push_str(&notes(lang));
    let _ = write!(
        b,
        "<p class=\"csv\"><a href=\"/api/regions/{}\">{}</a></p>",
        segment(kind),
        lang.t(
            "Alle cijfers van deze indeling als open data (JSON)",
            "All figures of this set as open data (JSON)"
        )
    );
    page(lang, &path, q.as_deref(), &title, &b).into_response()
}

/// RES regions beside the labour market of the arbeidsmarktregio's they
/// overlap.
fn res_table(lang: Lang, r: &RegionSets, res: &SetFigures) -> String {
    let Some(am) = r.set(RegionSetKind::Arbeidsmarktregio) else {
        return String::new();
    };
    let mut rows = String::new();
    for (o, reg) in r.overlaps.iter().zip(&res.regions) {
        let parts: Vec<String> = o
            .parts
            .iter()
            .filter_map(|&(a, w)| {
                let a = am.regions.get(a)?;
                Some(format!(
                    "{} {}",
                    link(lang, RegionSetKind::Arbeidsmarktregio, &a.code, &a.name),
                    share_html(lang, w)
                ))
            })
            .collect();
        let _ = write!(
            rows,
            "<tr><th scope=\"row\">{}</th>{}<td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>{}{}</tr>",
            link(lang, RegionSetKind::Res, &reg.code, &reg.name),
            cell(lang, reg.climate),
            parts.join("; "),
            lang.num(o.available),
            lang.num(o.gap),
            odds_cell(lang, o.without),
            if res.with_policy {
                odds_cell(lang, o.with)
            } else {
                String::new()
            },
        );
    }
    let climate = format!(
        "{} ({})",
        above(lang, res),
        lang.t("van de RES-regio", "of the RES region")
    );
    let mut head = vec![
        lang.t("RES-regio", "RES region"),
        &climate,
        lang.t(
            "arbeidsmarktregio's (aandeel van hun banen)",
            "labour-market regions (share of their jobs)",
        ),
        lang.t("beschikbaar (gewogen)", "available (weighted)"),
        lang.t("tekort (gewogen)", "gap (weighted)"),
        lang.t(
            "kans zonder tekort (gewogen), zonder plan",
            "probability of no shortage (weighted), without the plan",
        ),
    ];
    if res.with_policy {
        head.push(lang.t(
            "kans zonder tekort (gewogen), met plan",
            "probability of no shortage (weighted), with the plan",
        ));
    }
    let caption = match lang {
        Lang::Nl => format!("RES-regio's naast de arbeidsmarkt van de arbeidsmarktregio's die ze overlappen: fte, netto; elke arbeidsmarktregio gewogen met het aandeel van haar banen dat in de RES-regio ligt (de centrale kolommen tellen op tot het landelijke cijfer); beschikbaar en tekort uit de centrale doorrekening {}", central_run(lang, res)),
        Lang::En => format!("RES regions beside the labour market of the labour-market regions they overlap: fte, net; each labour-market region weighted by the share of its jobs that lies in the RES region (the central columns add up to the national figure); available and gap from the central run {}", central_run(lang, res)),
    };
    table("res-labour-market", &caption, &head, &rows)
}

/// Where each measure's work happens: the key, and (for one region) the
/// share of the measure's work in it.
fn placement_table(lang: Lang, f: &SetFigures, region: Option<usize>) -> String {
    let mut rows: Vec<(f64, String)> = Vec::new();
    for p in f.placements() {
        let share = region.and_then(|r| p.shares.get(r).copied());
        if region.is_some() && share.is_none_or(|x| x <= 0.0) {
            continue;
        }
        let name = labels::name(lang, Kind::Measure, &p.measure, &p.measure_name);
        let (key, quality) = match &p.key {
            Some(k) => (half(lang, &k.name), quality_word(lang, k.quality)),
            None => (
                lang.t(
                    "volgt de banen van haar sectoren",
                    "follows its sectors' jobs",
                )
                .to_string(),
                String::new(),
            ),
        };
        let mut row = format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td>",
            krapte_present::esc(name),
            krapte_present::esc(&key),
            quality
        );
        if let Some(x) = share {
            let _ = write!(row, "<td class=\"n\">{}</td>", share_html(lang, x));
        }
        row.push_str("</tr>");
        rows.push((share.unwrap_or(0.0), row));
    }
    if rows.is_empty() {
        return String::new();
    }
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    let body: String = rows.into_iter().map(|(_, r)| r).collect();
    let mut head = vec![
        lang.t("maatregel", "measure"),
        lang.t("verdeelsleutel", "placement key"),
        lang.t("onderbouwing", "basis"),
    ];
    if region.is_some() {
        head.push(lang.t("aandeel van het werk hier", "share of the work here"));
    }
    table(
        &format!(
            "placement-{}{}",
            segment(f.kind()),
            region.map_or(String::new(), |r| format!("-{r}"))
        ),
        lang.t(
            "Waar het werk van elke klimaatmaatregel plaatsvindt",
            "Where each climate measure's work happens",
        ),
        &head,
        &body,
    )
}

fn quality_word(lang: Lang, q: krapte_model::Quality) -> String {
    match q.label() {
        "sourced" => lang.t("uit een bron", "sourced"),
        "derived" => lang.t("afgeleid uit bronnen", "derived from sources"),
        _ => lang.t("aanname", "assumption"),
    }
    .to_string()
}

async fn not_found_page(q: Option<String>) -> Response {
    let uri: axum::http::Uri = match q {
        Some(q) => format!("/regio/onbekend?{q}").parse().unwrap_or_default(),
        None => axum::http::Uri::from_static("/regio/onbekend"),
    };
    not_found(uri).await
}

/// `/regio/<set>/<code>`: one region's figures, probability first.
pub async fn region_page(
    State(s): State<Shared>,
    Path((set, code)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Response {
    let lang = Lang::from_query(q.as_deref());
    let Some(kind) = kind_of(&set) else {
        return not_found_page(q).await;
    };
    // The region's name from the code list, also while computing.
    let Some(name) = region_data(&s)
        .and_then(|rd| rd.set(kind))
        .and_then(|(_, set)| set.regions.iter().find(|r| r.code == code))
        .map(|r| r.name.clone())
    else {
        return not_found_page(q).await;
    };
    let (_, singular) = names(lang, kind);
    let path = format!("/regio/{}/{}", segment(kind), code);
    let title = format!("{} ({singular})", name);
    let r = match ready(&s) {
        Status::Ready(r) => r,
        other => return computing_page(lang, &path, q.as_deref(), &title, other).into_response(),
    };
    let Some((k, reg)) = r.set(kind).and_then(|f| f.region(&code)) else {
        return not_found_page(q).await;
    };
    let Some(f) = r.set(kind) else {
        return not_found_page(q).await;
    };
    let mut b = format!(
        "<nav aria-label=\"{}\" class=\"crumbs\"><a href=\"/regio{sfx}\">{}</a> › <a href=\"/regio/{seg}{sfx}\">{}</a> › <span aria-current=\"page\">{}</span></nav>",
        lang.t("Kruimelpad", "Breadcrumb"),
        lang.t("Regio's", "Regions"),
        names(lang, kind).0,
        krapte_present::esc(&name),
        sfx = lang.suffix(false),
        seg = segment(kind),
    );
    b.push_str(&lead(lang, &s, r, f, reg));
    b.push_str(&set_map(lang, f, Some(&code)));
    match kind {
        RegionSetKind::Res => b.push_str(&res_region(lang, r, k)),
        RegionSetKind::Arbeidsmarktregio => b.push_str(&am_region(lang, r, k)),
        RegionSetKind::Province => {
            let _ = write!(
                b,
                "<p><a href=\"/verkenner?province={}{}\">{}</a></p>",
                krapte_present::esc(&code),
                lang.suffix(true),
                lang.t(
                    "Verken maatregelen en hefbomen voor deze provincie",
                    "Explore measures and levers for this province"
                )
            );
        }
        RegionSetKind::Corop => {}
    }
    b.push_str(&placement_table(lang, f, Some(k)));
    b.push_str(&notes(lang));
    let _ = write!(
        b,
        "<p class=\"csv\"><a href=\"/api/regions/{}/{}\">{}</a></p>",
        segment(kind),
        krapte_present::esc(&code),
        lang.t(
            "De cijfers van deze regio als open data (JSON)",
            "This region's figures as open data (JSON)"
        )
    );
    page(lang, &path, q.as_deref(), &title, &b).into_response()
}

/// The region's answer: the probability first (with the plan when there
/// is one), then the central run, labelled as such.
fn lead(
    lang: Lang,
    s: &crate::state::AppState,
    r: &RegionSets,
    f: &SetFigures,
    reg: &RegionFigures,
) -> String {
    let mut out = intro(lang, s, r, f);
    let line = |label: &str, o: Option<Odds>| -> String {
        match o {
            Some(o) => format!(
                "<li>{label}: {} {}. {} {} fte ({} {} {} {}){}.</li>",
                lang.t("kans dat er in", "probability that in"),
                match lang {
                    Lang::Nl => format!(
                        "{} geen tekort is: <strong>{}</strong>",
                        f.year,
                        prob(lang, o.probability_closed)
                    ),
                    Lang::En => format!(
                        "{} there is no shortage: <strong>{}</strong>",
                        f.year,
                        prob(lang, o.probability_closed)
                    ),
                },
                lang.t("Mediaan van het tekort", "Median gap"),
                lang.num(o.p50),
                lang.t("90%-interval", "90% interval"),
                lang.num(o.p5),
                lang.t("tot", "to"),
                lang.num(o.p95),
                if o.p50 < 0.0 {
                    lang.t(
                        "; een negatief tekort is een overschot",
                        "; a negative gap is a surplus",
                    )
                } else {
                    ""
                }
            ),
            None => format!(
                "<li>{label}: {}</li>",
                lang.t(
                    "geen kans per regio (de trekkingen geven geen tekort per regio)",
                    "no probability by region (the draws give no gap by region)"
                )
            ),
        }
    };
    out.push_str("<ul class=\"lead\">");
    if f.with_policy {
        out.push_str(&line(lang.t("Met het plan", "With the plan"), reg.with));
    }
    out.push_str(&line(
        lang.t("Zonder het plan", "Without the plan"),
        reg.without,
    ));
    out.push_str("</ul>");
    let _ = write!(
        out,
        "<p>{} {}: {} {} fte, {} {} fte, {} <strong>{} fte</strong> ({} {} {} {}). {} {} fte.</p>",
        lang.t(
            "Centrale doorrekening (elke parameter op zijn centrale waarde; geen oordeel),",
            "Central run (every parameter at its central value; not a verdict),"
        ),
        central_run(lang, f),
        lang.t("benodigd", "required"),
        lang.num(reg.required.central),
        lang.t("beschikbaar", "available"),
        lang.num(reg.available.central),
        lang.t("tekort", "gap"),
        lang.num(reg.gap.central),
        lang.t("uiterste hoeken", "extreme corners"),
        lang.num(reg.gap.low),
        lang.t("tot", "to"),
        lang.num(reg.gap.high),
        match lang {
            Lang::Nl => format!("Daarin zit de klimaatvraag van de maatregelen die hier plaatsvinden, boven het niveau van klimaatwerk in {}:", f.view.dataset.base_year),
            Lang::En => format!("It includes the climate demand of the measures placed here, above the level of climate work in {}:", f.view.dataset.base_year),
        },
        lang.num(reg.climate.central)
    );
    out
}

/// A RES region: its published 2030 TWh, and the labour market of the
/// arbeidsmarktregio's it overlaps.
fn res_region(lang: Lang, r: &RegionSets, e: usize) -> String {
    let mut out = String::new();
    let Some(am) = r.set(RegionSetKind::Arbeidsmarktregio) else {
        return out;
    };
    if let Some(o) = r.overlaps.get(e) {
        let mut items = String::new();
        for &(a, w) in &o.parts {
            if let Some(x) = am.regions.get(a) {
                let _ = write!(
                    items,
                    "<li>{}: {} {}</li>",
                    link(lang, RegionSetKind::Arbeidsmarktregio, &x.code, &x.name),
                    share_html(lang, w),
                    lang.t(
                        "van haar banen ligt in deze RES-regio",
                        "of its jobs lie in this RES region"
                    )
                );
            }
        }
        let _ = write!(
            out,
            "<h2>{}</h2><ul>{items}</ul><p>{} ({} {}): {} {} fte, {} {} fte; {}.</p>",
            lang.t(
                "De arbeidsmarkt van deze RES-regio",
                "This RES region's labour market"
            ),
            lang.t("Gewogen met die aandelen", "Weighted by those shares"),
            lang.t("centrale doorrekening", "central run"),
            central_run(lang, r.set(RegionSetKind::Res).unwrap_or(am)),
            lang.t("beschikbaar", "available"),
            lang.num(o.available),
            lang.t("tekort", "gap"),
            lang.num(o.gap),
            {
                let odds: Vec<String> = [
                    (lang.t("met het plan", "with the plan"), o.with),
                    (lang.t("zonder het plan", "without the plan"), o.without),
                ]
                .into_iter()
                .filter_map(|(label, x)| {
                    x.map(|x| format!("{label} {}", prob(lang, x.probability_closed)))
                })
                .collect();
                if odds.is_empty() {
                    lang.t("geen kans", "no probability").to_string()
                } else {
                    format!(
                        "{} {}",
                        lang.t("kans zonder tekort", "probability of no shortage"),
                        odds.join(", ")
                    )
                }
            }
        );
    }
    out
}

/// An arbeidsmarktregio: the RES regions its jobs lie in.
fn am_region(lang: Lang, r: &RegionSets, a: usize) -> String {
    let Some(res) = r.set(RegionSetKind::Res) else {
        return String::new();
    };
    let mut parts: Vec<(usize, f64)> = r
        .overlaps
        .iter()
        .filter_map(|o| {
            o.parts
                .iter()
                .find(|(x, _)| *x == a)
                .map(|(_, w)| (o.res, *w))
        })
        .collect();
    parts.sort_by(|x, y| y.1.total_cmp(&x.1));
    let items: String = parts
        .iter()
        .filter_map(|&(e, w)| {
            let x = res.regions.get(e)?;
            Some(format!(
                "<li>{}: {}</li>",
                link(lang, RegionSetKind::Res, &x.code, &x.name),
                share_html(lang, w)
            ))
        })
        .collect();
    if items.is_empty() {
        return String::new();
    }
    format!(
        "<h2>{}</h2><p>{}</p><ul>{items}</ul>",
        lang.t("RES-regio's", "RES regions"),
        lang.t(
            "De banen van deze arbeidsmarktregio liggen in deze RES-regio's (aandeel):",
            "This labour-market region's jobs lie in these RES regions (share):"
        )
    )
}

fn bracket_json(b: Bracket) -> Value {
    json!({"low": b.low, "central": b.central, "high": b.high})
}

fn odds_json(o: Option<Odds>) -> Value {
    match o {
        None => Value::Null,
        Some(o) => json!({
            "probability_closed": o.probability_closed,
            "likelihood_nl": words::likelihood(o.probability_closed, krapte_present::Lang::Nl),
            "likelihood_en": words::likelihood(o.probability_closed, krapte_present::Lang::En),
            "mean": o.mean, "p5": o.p5, "p50": o.p50, "p95": o.p95,
        }),
    }
}

fn region_json(r: &RegionFigures) -> Value {
    json!({
        "code": r.code,
        "name": r.name,
        "climate_increment_fte": bracket_json(r.climate),
        "required_fte": bracket_json(r.required),
        "available_fte": bracket_json(r.available),
        "gap_fte_central_run": bracket_json(r.gap),
        "gap_without_plan": odds_json(r.without),
        "gap_with_plan": odds_json(r.with),
    })
}

fn set_json(r: &RegionSets, f: &SetFigures) -> Value {
    let v = &f.view;
    json!({
        "status": "ready",
        "set": segment(f.kind()),
        "name_nl": v.name_nl,
        "name_en": v.name_en,
        "classification": v.version,
        "region_data_edition": v.edition,
        "jobs_year": v.base_year,
        "dataset_edition": v.dataset.edition,
        "scenario": r.scenario,
        "policy": r.policy,
        "year": f.year,
        "draws": f.draws,
        "seed": f.seed,
        "unit": "fte",
        "basis": "net",
        "central_run_with_plan": f.with_policy,
        "climate_increment": "climate demand of the measures placed in the region above the base year's level of climate work (below zero where a measure's activity falls under it)",
        "commuting_modelled": false,
        "regions": f.regions.iter().map(region_json).collect::<Vec<_>>(),
        "national": region_json(&f.national),
        "placements": f.placements().iter().map(|p| json!({
            "measure": p.measure,
            "key": p.key.as_ref().map(|k| &k.id),
            "key_quality": p.key.as_ref().map(|k| k.key_quality.label()),
            "fit_quality": p.key.as_ref().map(|k| k.quality.label()),
            "reason": p.key.as_ref().map(|k| &k.reason),
            "shares": p.shares,
        })).collect::<Vec<_>>(),
    })
}

fn api_ready(s: &crate::state::AppState) -> Result<Option<&RegionSets>, ApiError> {
    match ready(s) {
        Status::Absent => Err(ApiError::not_found(
            "this dataset has no region sets (its manifest names no region folder)",
        )),
        Status::Failed(e) => Err(ApiError::internal(format!(
            "the computation by region failed: {e}"
        ))),
        Status::Computing => Ok(None),
        Status::Ready(r) => Ok(Some(r)),
    }
}

fn unknown_set(set: &str) -> ApiError {
    ApiError::not_found(format!(
        "unknown region set '{set}': expected provincie, arbeidsmarktregio or res"
    ))
}

/// `GET /api/regions/<set>`.
pub async fn api_set(
    State(s): State<Shared>,
    Path(set): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let kind = kind_of(&set).ok_or_else(|| unknown_set(&set))?;
    let Some(r) = api_ready(&s)? else {
        return Ok(Json(
            json!({"status": "computing", "draws": DRAWS, "seed": SEED}),
        ));
    };
    let f = r.set(kind).ok_or_else(|| unknown_set(&set))?;
    let mut v = set_json(r, f);
    if kind == RegionSetKind::Res {
        v["res_labour_market"] = json!(r.overlaps.iter().map(overlap_json(r)).collect::<Vec<_>>());
    }
    Ok(Json(v))
}

fn overlap_json(r: &RegionSets) -> impl Fn(&Overlap) -> Value + '_ {
    move |o| {
        let am = r.set(RegionSetKind::Arbeidsmarktregio);
        let res = r.set(RegionSetKind::Res);
        json!({
            "res": res.and_then(|f| f.regions.get(o.res)).map(|x| &x.code),
            "arbeidsmarktregios": o.parts.iter().map(|&(a, w)| json!({
                "code": am.and_then(|f| f.regions.get(a)).map(|x| &x.code),
                "share_of_its_jobs": w,
            })).collect::<Vec<_>>(),
            "available_fte_weighted": o.available,
            "gap_fte_central_weighted": o.gap,
            "gap_without_plan": odds_json(o.without),
            "gap_with_plan": odds_json(o.with),
        })
    }
}

/// `GET /api/regions/<set>/<code>`.
pub async fn api_region(
    State(s): State<Shared>,
    Path((set, code)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let kind = kind_of(&set).ok_or_else(|| unknown_set(&set))?;
    // The code against the set's code list, also while computing.
    let codes: Vec<&str> = region_data(&s)
        .and_then(|rd| rd.set(kind))
        .map(|(_, set)| set.regions.iter().map(|r| r.code.as_str()).collect())
        .unwrap_or_default();
    if !codes.is_empty() && !codes.contains(&code.as_str()) {
        return Err(ApiError::not_found(format!(
            "unknown region '{code}' in set {set}: expected one of {}, ...",
            codes[..codes.len().min(5)].join(", ")
        )));
    }
    let Some(r) = api_ready(&s)? else {
        return Ok(Json(
            json!({"status": "computing", "draws": DRAWS, "seed": SEED}),
        ));
    };
    let f = r.set(kind).ok_or_else(|| unknown_set(&set))?;
    let (k, reg) = f
        .region(&code)
        .ok_or_else(|| ApiError::not_found(format!("unknown region '{code}' in set {set}")))?;
    let mut v = region_json(reg);
    v["status"] = json!("ready");
    v["set"] = json!(segment(kind));
    v["central_run_with_plan"] = json!(f.with_policy);
    v["year"] = json!(f.year);
    v["draws"] = json!(f.draws);
    v["seed"] = json!(f.seed);
    v["scenario"] = json!(r.scenario);
    v["policy"] = json!(r.policy);
    v["placements"] = json!(f
        .placements()
        .iter()
        .filter_map(|p| {
            let share = *p.shares.get(k)?;
            (share > 0.0).then(|| json!({"measure": p.measure, "share_of_its_work": share}))
        })
        .collect::<Vec<_>>());
    if kind == RegionSetKind::Res {
        v["labour_market"] = r.overlaps.get(k).map_or(Value::Null, overlap_json(r));
    }
    Ok(Json(v))
}
