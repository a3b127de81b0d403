//! The explorer's live probability (`POST /api/odds`): for any setting, the
//! probability that the national technician gap in the goal year is closed
//! and its P5/P50/P95, from the headline's draws (`DRAWS`, `SEED`).
//!
//! **What it equals.** The draws of `krapte_model::mc::monte_carlo` on the
//! scenario preset with the climate-measure factors applied and the
//! setting's policy (the same engine, draws and seed as the headline), to
//! rounding: the per-draw linear basis of the measures
//! ([`krapte_model::mc::live`]) turns a policy setting's draws into those at
//! any factors. The default setting is the headline's figures exactly.
//! Checked by `live_odds_equal_a_full_monte_carlo` and
//! `default_setting_is_the_headline` (crates/web/tests/api.rs).
//!
//! **What it does not cover.** Levers and campaigns are not linear in their
//! scale or budget (see the model module): a policy preset's own setting
//! runs all the draws (kept per scenario and policy); any other lever or
//! campaign setting runs the first [`LIVE_DRAWS`] draws of the same Monte
//! Carlo (kept per exact setting) and the answer says so
//! (`coverage: "fewer_draws"`). When the demand chain is not linear for the
//! dataset there is no basis: `coverage: "central_only"`, no probability.

use std::sync::Arc;
use std::time::Instant;

use krapte_model::mc::live::{draw_basis, policy_draws, DrawBasis, PolicyDraws};
use krapte_model::mc::summary::{probability, summarize};
use krapte_model::mc::McSpec;
use krapte_model::reference::evaluation::{cost_per_fte, cost_to};
use krapte_model::reference::gap::{Framing, GapOptions};
use krapte_model::reference::policy::items_of;
use krapte_model::{Basis, Policy, Year};
use krapte_present::words;
use krapte_present::Lang;
use serde::Serialize;

use crate::error::ApiError;
use crate::explore::{check, gap, policy_key, Checked, Explorer, Request};
use crate::probability::{DRAWS, SEED};

/// Draws for a lever or campaign setting that is not a policy preset's:
/// the first draws of the headline's Monte Carlo.
pub const LIVE_DRAWS: usize = 200;

/// One setting's probability and quantiles of the technician gap.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GapOdds {
    /// Share of draws with the gap closed (<= 0), 0..=1.
    pub probability_closed: f64,
    /// The probability with its calibrated word (IPCC scale).
    pub words_nl: String,
    pub words_en: String,
    /// The calibrated word alone.
    pub likelihood_nl: &'static str,
    pub likelihood_en: &'static str,
    /// "gedicht"/"closed" only from one half on.
    pub verdict_nl: &'static str,
    pub verdict_en: &'static str,
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
    pub mean: f64,
    pub draws: usize,
    pub unit: &'static str,
    pub year: Year,
    pub basis: &'static str,
}

impl GapOdds {
    fn of(gaps: &[f64], year: Year) -> GapOdds {
        let p = probability(gaps, |g| g <= 0.0);
        let s = summarize(gaps);
        GapOdds {
            probability_closed: p,
            words_nl: words::probability(p, Lang::Nl),
            words_en: words::probability(p, Lang::En),
            likelihood_nl: words::likelihood(p, Lang::Nl),
            likelihood_en: words::likelihood(p, Lang::En),
            verdict_nl: words::gap_verdict(p, Lang::Nl),
            verdict_en: words::gap_verdict(p, Lang::En),
            p5: s.p5,
            p50: s.p50,
            p95: s.p95,
            mean: s.mean,
            draws: gaps.len(),
            unit: "fte",
            year,
            basis: "net",
        }
    }
}

/// The setting's public cost and what it buys.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CostOut {
    /// Public cost of the setting's levers and campaigns from their start
    /// to the goal year (EUR, as `/api/plan` counts it).
    pub eur_to_goal_year: f64,
    /// Technician gap closed by the setting's levers and campaigns in the
    /// goal year, central run (fte): gap without them minus with them.
    pub closed_fte_central: f64,
    /// EUR per fte closed (`/api/plan`'s definition); none when nothing is
    /// closed or nothing spent.
    pub eur_per_fte: Option<f64>,
}

/// The answer of `POST /api/odds`.
#[derive(Debug, Clone, Serialize)]
pub struct OddsOut {
    pub scenario: String,
    pub policy: Option<String>,
    pub year: Year,
    pub seed: u64,
    /// `all_draws` (the headline's draws), `fewer_draws` (a lever or
    /// campaign setting: the first [`LIVE_DRAWS`]) or `central_only` (no
    /// linear basis: no probability).
    pub coverage: &'static str,
    /// The chosen setting (national, whatever the province).
    pub setting: Option<GapOdds>,
    /// The same climate-measure factors without any lever or campaign.
    pub without_plan: Option<GapOdds>,
    /// The starting point: the default scenario and policy as published.
    pub start: Option<GapOdds>,
    pub cost: CostOut,
    /// One line for the page's live region.
    pub summary_nl: String,
    pub summary_en: String,
    pub notes_nl: Vec<String>,
    pub notes_en: Vec<String>,
    pub compute_ms: f64,
}

/// The draws' options: those of the headline.
fn options() -> GapOptions {
    GapOptions {
        basis: Basis::Net,
        framing: Framing::default(),
    }
}

/// Whether `policy` is a preset's setting (or no lever at all): then it
/// runs all the draws.
fn is_preset(ex: &Explorer, policy: &Policy) -> bool {
    let items = items_of(policy);
    items.is_empty() || ex.policies.iter().any(|p| items_of(&p.value) == items)
}

/// The draws of a scenario preset's policy setting, kept.
fn draws_of(
    ex: &Explorer,
    scenario_id: &str,
    policy: &Policy,
    spec: McSpec,
) -> Result<Arc<PolicyDraws>, ApiError> {
    let preset = ex
        .scenario(scenario_id)
        .ok_or_else(|| ApiError::internal("the scenario preset vanished"))?;
    let key = format!("{}|{}", policy_key(scenario_id, policy), spec.draws);
    ex.odds_cache.get_or_compute(key, || {
        policy_draws(ex.dataset, &preset.value, Some(policy), spec).map_err(model_error)
    })
}

fn model_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        format!("the model cannot run this request: {e}"),
    )
}

/// The spec of a scenario preset's draws (`None` without a goal year).
fn spec_of(ex: &Explorer, scenario_id: &str, draws: usize) -> Result<McSpec, ApiError> {
    let preset = ex
        .scenario(scenario_id)
        .ok_or_else(|| ApiError::internal("the scenario preset vanished"))?;
    let year =
        krapte_present::compute::goal_year(ex.dataset, &preset.value).map_err(model_error)?;
    Ok(McSpec {
        options: options(),
        year,
        draws,
        seed: SEED,
    })
}

/// The gap odds of a checked setting, with its draws' coverage.
fn odds_of(
    ex: &Explorer,
    basis: &DrawBasis,
    c: &Checked,
    policy: &Policy,
) -> Result<(GapOdds, bool), ApiError> {
    let all = is_preset(ex, policy);
    let spec = spec_of(ex, &c.scenario_id, if all { DRAWS } else { LIVE_DRAWS })?;
    let pd = draws_of(ex, &c.scenario_id, policy, spec)?;
    let mut gaps = Vec::with_capacity(pd.gap.len());
    if !basis.gaps(&pd, &c.factors, &mut gaps) {
        return Err(ApiError::internal(
            "the policy's draws do not fit the measures' basis",
        ));
    }
    Ok((GapOdds::of(&gaps, spec.year), all))
}

/// The live odds of a request (see the module documentation).
pub fn odds(ex: &Explorer, req: &Request) -> Result<OddsOut, ApiError> {
    let t0 = Instant::now();
    let c = check(ex, req)?;
    let spec = spec_of(ex, &c.scenario_id, DRAWS)?;
    let year = spec.year;
    // Cost: `/api/plan`'s count of euros, per fte closed in the central run.
    let items = items_of(&c.policy);
    let eur: f64 = items.iter().map(|i| cost_to(ex.dataset, i, year)).sum();
    let central = gap(ex, req)?.technician_verdict.gap.central;
    let bare = Request {
        policy: None,
        levers: Default::default(),
        campaigns: Default::default(),
        ..req.clone()
    };
    let central_without = gap(ex, &bare)?.technician_verdict.gap.central;
    let closed = central_without - central;
    let cost = CostOut {
        eur_to_goal_year: eur,
        closed_fte_central: closed,
        eur_per_fte: cost_per_fte(eur, closed),
    };
    let basis = ex.live_basis(&c.scenario_id, || {
        draw_basis(ex.dataset, &ex.scenario(&c.scenario_id)?.value, spec)
            .ok()
            .flatten()
    });
    let mut notes_nl = vec![format!(
        "Kans dat er in {year} landelijk geen technicustekort is (tekort ≤ 0): het aandeel van de trekkingen van de Monte Carlo-doorrekening (seed {SEED}) waarin dat zo is; P5–P95 is het 90%-interval van het tekort. Landelijk, ook als een provincie gekozen is."
    )];
    let mut notes_en = vec![format!(
        "Probability of no national technician shortage in {year} (gap ≤ 0): the share of the Monte Carlo draws (seed {SEED}) in which it is; P5–P95 is the gap's 90% interval. National, also when a province is chosen."
    )];
    let Some(basis) = basis else {
        notes_nl.push("Voor deze gegevens is de klimaatvraag niet lineair in de schuiven: alleen de centrale doorrekening, geen kans.".into());
        notes_en.push("For this dataset climate demand is not linear in the sliders: the central run only, no probability.".into());
        return Ok(OddsOut {
            scenario: c.scenario_id.clone(),
            policy: c.policy_id.clone(),
            year,
            seed: SEED,
            coverage: "central_only",
            setting: None,
            without_plan: None,
            start: None,
            cost,
            summary_nl: "Geen kans voor deze instelling: alleen de centrale doorrekening.".into(),
            summary_en: "No probability for this setting: the central run only.".into(),
            notes_nl,
            notes_en,
            compute_ms: t0.elapsed().as_secs_f64() * 1e3,
        });
    };
    let (setting, all) = odds_of(ex, &basis, &c, &c.policy)?;
    let (without_plan, _) = odds_of(ex, &basis, &c, &Policy::default())?;
    let start = {
        let d = check(ex, &ex.default_request())?;
        match ex.live_basis(&d.scenario_id, || {
            draw_basis(
                ex.dataset,
                &ex.scenario(&d.scenario_id)?.value,
                spec_of(ex, &d.scenario_id, DRAWS).ok()?,
            )
            .ok()
            .flatten()
        }) {
            Some(b) => Some(odds_of(ex, &b, &d, &d.policy)?.0),
            None => None,
        }
    };
    if !all {
        notes_nl.push(format!(
            "Hefbomen en campagnes werken niet lineair (behoud stapelt zich op over de jaren, campagnes zijn begrensd door hun doelgroep): een andere instelling dan die van een beleidspakket is doorgerekend met de eerste {LIVE_DRAWS} van de {DRAWS} trekkingen, dus minder precies."
        ));
        notes_en.push(format!(
            "Levers and campaigns do not act linearly (retention compounds over the years, campaigns are capped by their target group): a setting other than a policy package's is computed with the first {LIVE_DRAWS} of the {DRAWS} draws, so less precisely."
        ));
    }
    let pct = |p: f64, lang: Lang| lang.pct(p);
    let summary_nl = format!(
        "Kans dat er geen technicustekort is in {year}: {} ({}); tekort mediaan {} fte.",
        pct(setting.probability_closed, Lang::Nl),
        words::likelihood(setting.probability_closed, Lang::Nl),
        Lang::Nl.int(setting.p50),
    );
    let summary_en = format!(
        "Probability of no technician shortage in {year}: {} ({}); median gap {} fte.",
        pct(setting.probability_closed, Lang::En),
        words::likelihood(setting.probability_closed, Lang::En),
        Lang::En.int(setting.p50),
    );
    Ok(OddsOut {
        scenario: c.scenario_id.clone(),
        policy: c.policy_id.clone(),
        year,
        seed: SEED,
        coverage: if all { "all_draws" } else { "fewer_draws" },
        setting: Some(setting),
        without_plan: Some(without_plan),
        start,
        cost,
        summary_nl,
        summary_en,
        notes_nl,
        notes_en,
        compute_ms: t0.elapsed().as_secs_f64() * 1e3,
    })
}

/// Computes and keeps what the default setting's live probability needs
/// (the default scenario's basis, the default policy's draws and those
/// without a policy); errors are kept for the request that asks.
pub fn warm(ex: &Explorer) {
    let _ = odds(ex, &ex.default_request());
}
