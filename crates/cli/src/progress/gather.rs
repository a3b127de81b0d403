//! The figures of the report: the doorrekening (central calculation,
//! plan evaluation and Monte Carlo) and the monitor's indicators.

use krapte_model::mc::summary::probability;
use krapte_model::reference::gap::{Dim, GapOptions, Quantity, GOAL_YEAR};
use krapte_model::Bracket;
use krapte_model::{Level, Province};
use krapte_monitor::registry::Source;
use krapte_monitor::store::Point;
use krapte_monitor::{Assessment, Indicator, Pillar};
use krapte_present::{compute_with_run, Headline, HeadlineSpec, Interval, Lang};

use krapte_web::labels::Kind;

use crate::reports::monitor::Monitor;
use crate::session::Session;

/// What the report is made from.
pub struct Inputs<'a> {
    pub session: &'a Session,
    pub scenario: Option<&'a str>,
    pub policy: Option<&'a str>,
    pub monitor: &'a Monitor,
    pub draws: usize,
    pub seed: u64,
    /// The report's date (year, month, day).
    pub today: (i32, u8, u8),
    /// The language of names filled in here (digital definitions).
    pub lang: Lang,
}

/// The gap in one year.
#[derive(Debug, Clone)]
pub struct YearGap {
    pub year: u16,
    pub without: Interval,
    pub with: Option<Interval>,
    pub no_gap_without: f64,
    pub no_gap_with: Option<f64>,
    pub central: CentralTerms,
}

/// The central run's terms of the technician gap in one year (fte), the
/// decomposition of docs/MODEL.md section 9: base-year shortage + baseline
/// growth + climate increment - supply change = gap.
#[derive(Debug, Clone, Copy)]
pub struct CentralTerms {
    pub shortage: f64,
    pub baseline_growth: f64,
    pub climate: f64,
    pub supply_change: f64,
    pub gap: f64,
}

fn central_terms(
    ds: &krapte_model::Dataset,
    result: &krapte_model::reference::gap::GapResult,
    year: u16,
) -> Option<CentralTerms> {
    let tech = ds.occupation_set("technician")?.members.clone();
    let q = |q: Quantity| result.total(year, q, Some(&tech)).map(|b| b.central);
    Some(CentralTerms {
        shortage: q(Quantity::BaseYearShortage)?,
        baseline_growth: q(Quantity::BaselineGrowth)?,
        climate: q(Quantity::ClimateIncrement)?,
        supply_change: q(Quantity::SupplyChange)?,
        gap: q(Quantity::Gap)?,
    })
}

/// P5, P50, P95 of a sample.
fn interval(values: &[f64]) -> Interval {
    let s = krapte_model::mc::summary::summarize(values);
    Interval {
        p5: s.p5,
        p50: s.p50,
        p95: s.p95,
    }
}

/// Technicians by education level in the goal year.
#[derive(Debug, Clone)]
pub struct LevelRow {
    pub level: Level,
    /// Climate demand (net fte), all parameters low / central / high.
    pub climate: Bracket,
    /// The gap over the draws (with the plan when there is one).
    pub gap: Interval,
}

/// Technicians per province in the goal year.
#[derive(Debug, Clone)]
pub struct ProvinceRow {
    pub province: Province,
    pub climate: Bracket,
    /// The gap over the draws, without and with the plan.
    pub without: Option<Interval>,
    pub with: Option<Interval>,
    pub no_gap_with: Option<f64>,
}

/// One lever or campaign of the plan.
#[derive(Debug, Clone)]
pub struct MeasureRow {
    pub name: String,
    /// Gap closed in the goal year alone, per run (low, central, high demand).
    pub closed: Bracket,
    /// How far the effect rests on published evidence (a campaign: its
    /// weakest funnel stage).
    pub evidence: krapte_model::Evidence,
    pub cost_meur: f64,
}

/// One parameter of the tornado.
#[derive(Debug, Clone)]
pub struct SensitivityRow {
    pub name: String,
    pub at_low: f64,
    pub at_high: f64,
    pub swing: f64,
    pub first_order: Option<f64>,
}

/// One indicator of the monitor.
#[derive(Debug, Clone)]
pub struct IndicatorFig {
    pub indicator: Indicator,
    pub series: Vec<Point>,
    pub assessment: Assessment,
    pub breaks: Vec<f64>,
    pub break_notes: Vec<(String, String)>,
    pub source: Option<Source>,
    /// The latest value per province, when the indicator has regional series.
    pub regions: Vec<(String, Point)>,
}

/// One recorded model run, described for readers.
#[derive(Debug, Clone)]
pub struct RunFig {
    /// The scenario's and policy's names (None: without a policy).
    pub scenario: String,
    pub policy: Option<String>,
    pub edition: String,
    /// The framing in words.
    pub framing: String,
    pub central: f64,
}

/// The recorded model runs: the one declared official (with the date of
/// the declaration) and the others.
#[derive(Debug, Clone, Default)]
pub struct ModelRuns {
    pub official: Option<(RunFig, String)>,
    /// The official run's dataset edition, when it differs from the loaded one.
    pub edition_differs: Option<String>,
    pub others: Vec<RunFig>,
    /// Runs recorded before runs had keys (not described).
    pub old_runs: usize,
}

/// The official model run recorded in the monitor.
#[derive(Debug, Clone)]
pub struct Previous {
    pub date: String,
    pub central: f64,
    pub with_policy: bool,
}

/// A source of the dataset or the monitor.
#[derive(Debug, Clone)]
pub struct SourceRow {
    pub title: String,
    pub publisher: String,
    pub year: String,
    pub url: String,
}

/// Everything the report shows.
#[derive(Debug, Clone)]
pub struct Figures {
    pub today: (i32, u8, u8),
    pub edition: String,
    pub base_year: u16,
    pub scenario: String,
    pub policy: Option<String>,
    pub year: u16,
    pub headline: Headline,
    pub gap_years: Vec<YearGap>,
    pub levels: Vec<LevelRow>,
    pub provinces: Vec<ProvinceRow>,
    pub measures: Vec<MeasureRow>,
    /// Gap closed by the whole plan, and the interaction (together − sum).
    pub together: Option<Bracket>,
    pub interaction: Option<Bracket>,
    pub sensitivity: Vec<SensitivityRow>,
    pub parameters_drawn: usize,
    pub pillars: Vec<(Pillar, Vec<IndicatorFig>)>,
    pub previous: Option<Previous>,
    /// The official model run and the other recorded runs.
    pub model_runs: ModelRuns,
    /// Whether the monitor holds a recorded model run at all.
    pub model_recorded: bool,
    pub sources: Vec<SourceRow>,
}

fn bracket(v: [f64; 3]) -> Bracket {
    Bracket {
        low: v[0].min(v[1]).min(v[2]),
        central: v[1],
        high: v[0].max(v[1]).max(v[2]),
    }
}

/// Runs the doorrekening and reads the monitor.
pub fn gather(i: &Inputs<'_>) -> Result<Figures, String> {
    let s = i.session;
    let ds = &s.loaded.dataset;
    if ds.supply.is_none() {
        return Err(format!(
            "the dataset {} has no supply files: the report needs the gap",
            s.dir.display()
        ));
    }
    if i.draws < 100 || i.draws > 1_000_000 {
        return Err(format!(
            "--draws {}: the report needs between 100 and 1,000,000 draws",
            i.draws
        ));
    }
    let (sc, sc_path) = crate::session::scenario(s, i.scenario)?;
    if !sc.years().any(|t| t == GOAL_YEAR) {
        return Err(format!(
            "the scenario {} runs {}..{} and does not reach {GOAL_YEAR}",
            sc.name, sc.start_year, sc.horizon
        ));
    }
    let tech = ds
        .occupation_set("technician")
        .map(|s| s.members.clone())
        .ok_or("the dataset has no occupation set 'technician'")?;
    let model = crate::session::model(s).map_err(|e| e.to_string())?;
    let options = GapOptions::default();
    let result = model.gap(&sc, options).map_err(|e| e.to_string())?;
    let policy_path = match ds.policy {
        None => None,
        Some(_) => Some(crate::session::resolve_policy(i.policy)?),
    };
    let policy = match &policy_path {
        None => None,
        Some(path) => Some(
            krapte_data::load_policy(path, ds)
                .map_err(|e| {
                    crate::session::problems(&format!("the policy {}", path.display()), &e)
                })?
                .policy,
        ),
    };
    let ev = match &policy {
        Some(p) => {
            let gp = model.runs(&sc, options).map_err(|e| e.to_string())?;
            Some(model.evaluate(&gp, p).map_err(|e| e.to_string())?)
        }
        None => None,
    };
    // The headline and the draws under it: the one function `gap`, `plan`,
    // the site and the API call (krapte_present::compute), with the
    // report's draws and seed.
    let progress = crate::reports::monte_carlo::Progress::new(i.draws);
    let spec = HeadlineSpec {
        draws: i.draws,
        seed: i.seed,
        ..HeadlineSpec::new(&sc, policy.as_ref())
    };
    let (mut headline, run) =
        compute_with_run(&model, &spec, policy.is_some(), &|n| progress.tick(n))
            .map_err(|e| e.to_string())?;
    progress.finish();
    // The monitor's series of the same definition beside the model's
    // projection of the 1 million (no trend across a series break).
    krapte_monitor::digital::fill(&mut headline, &i.monitor.registry, &i.monitor.store);
    let mc = run.mc;
    let sens = run.sensitivity;
    let with_policy = policy.is_some();
    let per_year = |y: usize, with: bool| -> Vec<f64> {
        mc.draws
            .iter()
            .map(|d| if with { &d.with } else { &d.without })
            .map(|f| f.gap_by_year.get(y).copied().unwrap_or(f64::NAN))
            .collect()
    };
    let gap_years = mc
        .years
        .iter()
        .enumerate()
        .filter_map(|(k, &year)| {
            let without = per_year(k, false);
            let with = with_policy.then(|| per_year(k, true));
            Some(YearGap {
                year,
                without: interval(&without),
                with: with.as_deref().map(interval),
                no_gap_without: probability(&without, |g| g <= 0.0),
                no_gap_with: with.as_deref().map(|g| probability(g, |g| g <= 0.0)),
                central: central_terms(ds, &result, year)?,
            })
        })
        .collect();
    let climate_level = result
        .breakdown(GOAL_YEAR, Quantity::Climate, Some(&tech), Dim::Level)
        .unwrap_or_default();
    let levels = Level::ALL
        .iter()
        .enumerate()
        .map(|(k, &level)| {
            let gaps: Vec<f64> = mc
                .draws
                .iter()
                .map(|d| if with_policy { &d.with } else { &d.without })
                .map(|f| f.gap_by_level.get(k).copied().unwrap_or(f64::NAN))
                .collect();
            LevelRow {
                level,
                climate: climate_level.get(k).copied().unwrap_or(Bracket {
                    low: f64::NAN,
                    central: f64::NAN,
                    high: f64::NAN,
                }),
                gap: interval(&gaps),
            }
        })
        .collect();
    let climate_region = result
        .breakdown(GOAL_YEAR, Quantity::Climate, Some(&tech), Dim::Region)
        .unwrap_or_default();
    let has_provinces = mc.n_provinces() == ds.regions.len() && mc.n_provinces() > 0;
    let provinces = ds
        .regions
        .iter()
        .enumerate()
        // A loaded dataset's regions are provinces.
        .filter_map(|(r, region)| Some((r, region.province()?)))
        .map(|(r, province)| {
            let mcs = |with: bool| has_provinces.then(|| mc.province_gaps(r, with));
            let with = if with_policy { mcs(true) } else { None };
            ProvinceRow {
                province,
                climate: climate_region.get(r).copied().unwrap_or(Bracket {
                    low: f64::NAN,
                    central: f64::NAN,
                    high: f64::NAN,
                }),
                without: mcs(false).as_deref().map(interval),
                with: with.as_deref().map(interval),
                no_gap_with: with.as_deref().map(|g| probability(g, |g| g <= 0.0)),
            }
        })
        .collect();
    let measures = match (&ev, &ds.policy) {
        (Some(ev), Some(pd)) => ev
            .contributions
            .iter()
            .map(|c| {
                let none = krapte_model::Evidence::None;
                let (name, evidence) = match &c.item {
                    krapte_model::Item::Lever { lever, .. } => {
                        pd.levers.get(*lever).map_or((String::new(), none), |l| {
                            (
                                label(i.lang, Kind::Lever, &l.id, &l.name),
                                l.backing.evidence,
                            )
                        })
                    }
                    krapte_model::Item::Campaign(cc) => {
                        pd.campaigns
                            .get(cc.campaign)
                            .map_or((String::new(), none), |c| {
                                (
                                    campaign_name(&c.id, &c.target_group, i.lang),
                                    c.effect_evidence(),
                                )
                            })
                    }
                    krapte_model::Item::Extra(_) => (String::new(), none),
                };
                MeasureRow {
                    name,
                    closed: bracket(c.alone),
                    evidence,
                    cost_meur: c.cost_to_goal_year / 1e6,
                }
            })
            .collect(),
        _ => Vec::new(),
    };
    let sensitivity = sens
        .iter()
        .take(15)
        .map(|x| SensitivityRow {
            name: x.slot.name.clone(),
            at_low: x.at_low,
            at_high: x.at_high,
            swing: x.swing(),
            first_order: x.first_order,
        })
        .collect();
    let m = i.monitor;
    let mut pillars = Vec::new();
    for pillar in Pillar::ALL {
        let mut inds = Vec::new();
        for ind in m.registry.indicators.iter().filter(|x| x.pillar == pillar) {
            let series = m.store.series_shown(ind, "NL").map_err(|e| e.to_string())?;
            inds.push(IndicatorFig {
                assessment: m.registry.assess(ind, &series),
                breaks: m.registry.break_positions(&ind.id),
                break_notes: m
                    .registry
                    .breaks
                    .iter()
                    .filter(|(x, _, _)| *x == ind.id)
                    .map(|(_, p, d)| (p.to_string(), d.clone()))
                    .collect(),
                source: m.registry.sources.get(&ind.source_id).cloned(),
                regions: crate::reports::monitor::regional_latest(m, &ind.id)?,
                indicator: ind.clone(),
                series,
            });
        }
        pillars.push((pillar, inds));
    }
    let runs = crate::model_indicator::runs(m)?;
    let previous = runs.official.as_ref().map(|(_, r)| Previous {
        date: r.vintage.chars().take(10).collect(),
        with_policy: r.run.as_ref().is_some_and(|k| k.policy.is_some()),
        central: r.value,
    });
    let describe = |r: &krapte_monitor::store::Row| {
        r.run.as_ref().map(|k| RunFig {
            scenario: label(i.lang, Kind::Scenario, &k.scenario, &k.scenario),
            policy: k.policy.as_ref().map(|p| label(i.lang, Kind::Policy, p, p)),
            edition: k.edition.clone(),
            framing: krapte_model::reference::gap::Framing::parse(&k.framing).map_or_else(
                || k.framing.clone(),
                |f| match i.lang {
                    Lang::Nl => f.label_nl().to_string(),
                    Lang::En => f.label().to_string(),
                },
            ),
            central: r.value,
        })
    };
    let model_runs = ModelRuns {
        official: runs
            .official
            .as_ref()
            .and_then(|(o, r)| describe(r).map(|f| (f, o.declared_at.chars().take(10).collect()))),
        edition_differs: runs
            .official
            .as_ref()
            .filter(|(o, _)| o.key.edition != ds.edition)
            .map(|(o, _)| o.key.edition.clone()),
        others: runs.others.iter().filter_map(describe).collect(),
        old_runs: runs.others.iter().filter(|r| r.run.is_none()).count(),
    };
    Ok(Figures {
        today: i.today,
        edition: ds.edition.clone(),
        base_year: ds.base_year,
        scenario: label(i.lang, Kind::Scenario, &stem(&sc_path), &sc.name),
        policy: policy
            .as_ref()
            .zip(policy_path.as_deref())
            .map(|(p, path)| label(i.lang, Kind::Policy, &stem(path), &p.name)),
        year: GOAL_YEAR,
        headline,
        gap_years,
        levels,
        provinces,
        measures,
        together: ev.as_ref().map(|e| bracket(e.together())),
        interaction: ev.as_ref().map(|e| bracket(e.interaction())),
        sensitivity,
        parameters_drawn: mc.slots.len(),
        pillars,
        model_recorded: crate::model_indicator::not_recorded(m)?.is_none(),
        previous,
        model_runs,
        sources: sources(s, m),
    })
}

/// A campaign's readable name.
fn campaign_name(id: &str, group: &str, lang: Lang) -> String {
    format!(
        "{}: {}",
        lang.t("wervingscampagne", "recruitment campaign"),
        label(lang, Kind::Campaign, id, group)
    )
}

/// The name of `id` in `lang` from the labels the website uses
/// (`data/labels/labels.csv`); `fallback` (the data's own name) without one.
fn label(lang: Lang, kind: Kind, id: &str, fallback: &str) -> String {
    let l = match lang {
        Lang::Nl => krapte_web::i18n::Lang::Nl,
        Lang::En => krapte_web::i18n::Lang::En,
    };
    krapte_web::labels::name(l, kind, id, fallback).to_string()
}

/// A preset's id: the file name without `.toml`.
fn stem(path: &std::path::Path) -> String {
    path.file_stem()
        .map_or(String::new(), |s| s.to_string_lossy().into_owned())
}

/// The sources of the dataset (`sources.csv`) and of the monitor.
fn sources(s: &Session, m: &Monitor) -> Vec<SourceRow> {
    let mut out = Vec::new();
    if let Ok(mut r) = csv::Reader::from_path(s.dir.join("sources.csv")) {
        let headers = r.headers().cloned().unwrap_or_default();
        let col = |name: &str| headers.iter().position(|h| h == name);
        let (t, p, y, u) = (col("title"), col("publisher"), col("year"), col("url"));
        for rec in r.records().flatten() {
            let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).unwrap_or_default().to_string();
            out.push(SourceRow {
                title: get(t),
                publisher: get(p),
                year: get(y),
                url: get(u),
            });
        }
    }
    for src in m.registry.sources.values() {
        if out.iter().any(|o| o.title == src.title) {
            continue;
        }
        out.push(SourceRow {
            title: src.title.clone(),
            publisher: src.publisher.clone(),
            year: String::new(),
            url: src.url.clone(),
        });
    }
    out.sort_by_key(|a| a.publisher.to_lowercase());
    out
}
