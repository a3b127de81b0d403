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
//! **Levers and campaigns.** They are not linear in their scale or budget
//! (see the model module): a policy preset's own setting runs all the draws
//! (kept per scenario and policy). Any other lever or campaign setting is
//! the preset's draws (no preset: no policy) moved by the item bases of
//! the items it moves ([`krapte_model::mc::live::combine`]; one basis per
//! scenario preset and item, on a grid of values, built in a background
//! thread on first use): `coverage: "item_bases"`, first order, linear
//! between grid values, with each item's measured interpolation error
//! (`basis_error`). Checked: one item at a grid value equals a full Monte
//! Carlo (`live_odds_from_item_bases`); several levers at once against a
//! full Monte Carlo on the built-in data
//! (`several_levers_from_item_bases_against_a_full_monte_carlo`, builtin
//! tests). Until the bases a setting needs are built, it runs the first
//! [`LIVE_DRAWS`] draws of its own Monte Carlo (kept per exact setting) and
//! the answer says so (`coverage: "fewer_draws"`). When the demand chain is
//! not linear for the dataset there is no basis: `coverage:
//! "central_only"`, no probability.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use krapte_model::mc::live::{
    combine, draw_basis, policy_draws, Axis, DrawBasis, Move, OnGrid, PolicyDraws,
};
use krapte_model::mc::summary::{probability, summarize};
use krapte_model::mc::McSpec;
use krapte_model::reference::evaluation::{cost_per_fte, cost_to};
use krapte_model::reference::gap::{Framing, GapOptions};
use krapte_model::reference::policy::items_of;
use krapte_model::{Basis, Policy, Year};
use krapte_present::words;
use krapte_present::Lang;
use serde::Serialize;

use crate::bases::Job;
use crate::error::ApiError;
use crate::explore::{check, gap, policy_key, Checked, Explorer, Request};
use crate::probability::{DRAWS, SEED};

/// Draws for a lever or campaign setting that is not a policy preset's:
/// the first draws of the headline's Monte Carlo.
pub const LIVE_DRAWS: usize = 200;

/// The lever scales (times the lever's default intensity) at which an
/// item basis runs the lever alone; with 0 and every policy preset's
/// intensity of the lever, they cover the explorer's range 0..=3.
pub const LEVER_GRID: [f64; 6] = [0.5, 1.0, 1.5, 2.0, 2.5, 3.0];

/// The campaign budgets (MEUR a year) at which an item basis runs the
/// campaign alone (at the setting's duration and start); with 0, the
/// campaign's default budget and every policy preset's, they cover the
/// explorer's range 0..=50.
pub const BUDGET_GRID: [f64; 9] = [1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0];

/// The grid of an item: the fixed grid, the presets' values and the
/// catalogue default.
fn grid_of(ex: &Explorer, axis: Axis) -> Vec<f64> {
    let Some(pd) = &ex.dataset.policy else {
        return Vec::new();
    };
    let mut grid: Vec<f64> = Vec::new();
    match axis {
        Axis::Lever(k) => {
            let unit = pd.levers.get(k).map_or(0.0, |l| l.default_intensity);
            grid.extend(LEVER_GRID.iter().map(|s| s * unit));
            for p in &ex.policies {
                grid.extend(
                    p.value
                        .levers
                        .iter()
                        .filter(|(l, _)| *l == k)
                        .map(|(_, x)| *x),
                );
            }
        }
        Axis::Campaign {
            campaign,
            years,
            start_year,
        } => {
            grid.extend(BUDGET_GRID);
            if let Some(c) = pd.campaigns.get(campaign) {
                grid.push(c.default_budget_meur_per_year.central);
            }
            for p in &ex.policies {
                grid.extend(
                    p.value
                        .campaigns
                        .iter()
                        .filter(|c| {
                            c.campaign == campaign && c.years == years && c.start_year == start_year
                        })
                        .map(|c| c.budget_meur_per_year),
                );
            }
        }
    }
    grid
}

/// An item a setting moves: (item, anchor's value, setting's value).
type Moved = (Axis, f64, f64);

/// The items a setting moves from its anchor: (item, anchor's value,
/// setting's value); a campaign whose duration or start changes is one
/// item off and another on.
fn moves_of(anchor: &Policy, setting: &Policy) -> Vec<Moved> {
    let mut out = Vec::new();
    let levers = |p: &Policy| -> BTreeMap<usize, f64> { p.levers.iter().copied().collect() };
    let (a, b) = (levers(anchor), levers(setting));
    for k in a
        .keys()
        .chain(b.keys())
        .copied()
        .collect::<std::collections::BTreeSet<_>>()
    {
        let (x, y) = (
            a.get(&k).copied().unwrap_or(0.0),
            b.get(&k).copied().unwrap_or(0.0),
        );
        if x != y {
            out.push((Axis::Lever(k), x, y));
        }
    }
    let axis = |c: &krapte_model::CampaignChoice| Axis::Campaign {
        campaign: c.campaign,
        years: c.years,
        start_year: c.start_year,
    };
    for ca in &anchor.campaigns {
        match setting.campaigns.iter().find(|c| c.campaign == ca.campaign) {
            Some(cb) if axis(cb) == axis(ca) => {
                if cb.budget_meur_per_year != ca.budget_meur_per_year {
                    out.push((axis(ca), ca.budget_meur_per_year, cb.budget_meur_per_year));
                }
            }
            Some(cb) => {
                out.push((axis(ca), ca.budget_meur_per_year, 0.0));
                out.push((axis(cb), 0.0, cb.budget_meur_per_year));
            }
            None => out.push((axis(ca), ca.budget_meur_per_year, 0.0)),
        }
    }
    for cb in &setting.campaigns {
        if !anchor.campaigns.iter().any(|c| c.campaign == cb.campaign) {
            out.push((axis(cb), 0.0, cb.budget_meur_per_year));
        }
    }
    out
}

/// The anchor of a setting: its policy preset as published (none: no
/// policy).
fn anchor_of(ex: &Explorer, c: &Checked) -> Policy {
    c.policy_id
        .as_deref()
        .and_then(|id| ex.policy(id))
        .map(|p| p.value.clone())
        .unwrap_or_default()
}

/// What a setting needs from the item bases: the scenario preset's index,
/// the anchor and the moved items.
fn needs(ex: &Explorer, c: &Checked) -> Result<(usize, Policy, Vec<Moved>), ApiError> {
    let k = ex
        .scenarios
        .iter()
        .position(|s| s.id == c.scenario_id)
        .ok_or_else(|| ApiError::internal("the scenario preset vanished"))?;
    let anchor = anchor_of(ex, c);
    let moves = moves_of(&anchor, &c.policy);
    Ok((k, anchor, moves))
}

fn job_of(ex: &Explorer, c: &Checked, axis: Axis, without: &Arc<PolicyDraws>, spec: McSpec) -> Job {
    let scenario = ex
        .scenario(&c.scenario_id)
        .map(|p| p.value.clone())
        .unwrap_or_else(|| c.scenario.clone());
    Job {
        dataset: ex.dataset,
        scenario,
        axis,
        grid: grid_of(ex, axis),
        without: Arc::clone(without),
        spec,
        gate: Arc::clone(&ex.item_bases.gate),
    }
}

/// Builds now, in this thread, the item bases a request's setting needs
/// (for a test, or to warm a server before a load test); waits for any
/// build of them under way.
pub fn prepare(ex: &Explorer, req: &Request) -> Result<(), ApiError> {
    let c = check(ex, req)?;
    let spec = spec_of(ex, &c.scenario_id, DRAWS)?;
    let (k, _, moves) = needs(ex, &c)?;
    let without = draws_of(ex, &c.scenario_id, &Policy::default(), spec)?;
    for (axis, _, _) in moves {
        if ex
            .item_bases
            .now((k, axis), || job_of(ex, &c, axis, &without, spec))
            .is_none()
        {
            return Err(ApiError::internal("an item basis could not be built"));
        }
    }
    Ok(())
}

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

/// The measured error of an `item_bases` answer: the interpolation's (for
/// each moved item, halfway across its grid's largest step, the
/// interpolated draws against a Monte Carlo of the item alone; the largest
/// over the moved items) and the first order's interaction's (measured once
/// after start-up on the default setting); each none until measured.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct BasisError {
    /// Probability that the gap is closed, in percentage points.
    pub interpolation_probability_points: Option<f64>,
    /// The gap's median (fte).
    pub interpolation_p50_fte: Option<f64>,
    /// The first order's interaction error, measured once after start-up
    /// on the default setting (two of its levers at twice their default
    /// intensity together, against a full Monte Carlo), in percentage
    /// points of the probability; none until measured.
    pub interaction_probability_points: Option<f64>,
    /// The same for the gap's median (fte).
    pub interaction_p50_fte: Option<f64>,
}

/// The answer of `POST /api/odds`.
#[derive(Debug, Clone, Serialize)]
pub struct OddsOut {
    pub scenario: String,
    pub policy: Option<String>,
    pub year: Year,
    pub seed: u64,
    /// `all_draws` (the headline's draws), `item_bases` (a lever or
    /// campaign setting: the policy preset's draws moved by the per-draw
    /// bases of each moved item, first order), `fewer_draws` (a lever or
    /// campaign setting whose item bases are not built yet: the first
    /// [`LIVE_DRAWS`]) or `central_only` (no linear basis: no probability).
    pub coverage: &'static str,
    /// With `item_bases`: the errors measured for the moved items'
    /// interpolation and for the first order's interaction.
    pub basis_error: Option<BasisError>,
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

/// How a setting's draws were found.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Coverage {
    /// A preset's setting (or none): all the draws of its Monte Carlo.
    All,
    /// The anchor's draws moved by item bases: interpolated or not, and the
    /// largest interpolation error measured for the moved items
    /// (probability, P50 in fte).
    Items(OnGrid, Option<(f64, f64)>),
    /// The first [`LIVE_DRAWS`] draws of the setting's own Monte Carlo.
    Fewer,
}

/// The gap odds of a checked setting, with its draws' coverage.
fn odds_of(
    ex: &Explorer,
    basis: &DrawBasis,
    c: &Checked,
    policy: &Policy,
) -> Result<(GapOdds, Coverage), ApiError> {
    let spec = spec_of(ex, &c.scenario_id, DRAWS)?;
    let mut gaps = Vec::with_capacity(DRAWS);
    let fits = |pd: &PolicyDraws, gaps: &mut Vec<f64>| -> Result<(), ApiError> {
        if basis.gaps(pd, &c.factors, gaps) {
            Ok(())
        } else {
            Err(ApiError::internal(
                "the policy's draws do not fit the measures' basis",
            ))
        }
    };
    if is_preset(ex, policy) {
        let pd = draws_of(ex, &c.scenario_id, policy, spec)?;
        fits(&pd, &mut gaps)?;
        return Ok((GapOdds::of(&gaps, spec.year), Coverage::All));
    }
    if let Some((pd, on, err)) = from_items(ex, c, spec)? {
        fits(&pd, &mut gaps)?;
        return Ok((GapOdds::of(&gaps, spec.year), Coverage::Items(on, err)));
    }
    let spec = spec_of(ex, &c.scenario_id, LIVE_DRAWS)?;
    let pd = draws_of(ex, &c.scenario_id, policy, spec)?;
    fits(&pd, &mut gaps)?;
    Ok((GapOdds::of(&gaps, spec.year), Coverage::Fewer))
}

/// A setting's draws from item bases, how its values fell on the grids,
/// and the largest interpolation error measured for its items.
type ItemDraws = (PolicyDraws, OnGrid, Option<(f64, f64)>);

/// The setting's draws from its anchor (the policy preset as published)
/// and the item bases of what it moves, when they are all built; starts
/// the missing ones in the background.
fn from_items(ex: &Explorer, c: &Checked, spec: McSpec) -> Result<Option<ItemDraws>, ApiError> {
    let (k, anchor, moves) = needs(ex, c)?;
    let without = draws_of(ex, &c.scenario_id, &Policy::default(), spec)?;
    let mut built = Vec::with_capacity(moves.len());
    for (axis, _, _) in &moves {
        built.push(
            ex.item_bases
                .ready_or_start((k, *axis), || job_of(ex, c, *axis, &without, spec)),
        );
    }
    let Some(built) = built.into_iter().collect::<Option<Vec<_>>>() else {
        return Ok(None);
    };
    let anchor_draws = draws_of(ex, &c.scenario_id, &anchor, spec)?;
    let list: Vec<Move> = moves
        .iter()
        .zip(&built)
        .map(|((_, from, to), b)| Move {
            basis: &b.basis,
            from: *from,
            to: *to,
        })
        .collect();
    let Some((pd, on)) = combine(&anchor_draws, &list) else {
        return Ok(None);
    };
    let err = built
        .iter()
        .filter_map(|b| b.check)
        .reduce(|a, b| (a.0.max(b.0), a.1.max(b.1)));
    Ok(Some((pd, on, err)))
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
            basis_error: None,
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
    let (setting, coverage) = odds_of(ex, &basis, &c, &c.policy)?;
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
    let mut basis_error = None;
    match coverage {
        Coverage::All => {}
        Coverage::Items(on, err) => {
            notes_nl.push(format!(
                "Deze instelling van hefbomen en campagnes is niet die van een beleidspakket. Per trekking is het effect van elke verschoven hefboom of campagne (elk apart doorgerekend met alle {} trekkingen, op een rooster van waarden) opgeteld bij {}. Dat is een benadering: de wisselwerking tussen de verschoven onderdelen onderling ontbreekt{}.",
                Lang::Nl.int(DRAWS as f64),
                if c.policy_id.is_some() { "het beleidspakket" } else { "de situatie zonder beleid" },
                if on == OnGrid::Between { ", en tussen twee roosterwaarden is rechtlijnig geïnterpoleerd" } else { "" },
            ));
            notes_en.push(format!(
                "This lever and campaign setting is not a policy package's. Draw by draw, the effect of each moved lever or campaign (each computed on its own with all {} draws, on a grid of values) is added to {}. That is an approximation: the moved items' interaction with each other is left out{}.",
                Lang::En.int(DRAWS as f64),
                if c.policy_id.is_some() { "the policy package" } else { "no policy" },
                if on == OnGrid::Between { ", and between two grid values it is interpolated linearly" } else { "" },
            ));
            if let Some((dp, dp50)) = err {
                notes_nl.push(format!(
                    "Gemeten fout van de interpolatie, halverwege de grootste stap van het rooster, tegen een volledige Monte Carlo van het onderdeel alleen: hooguit {} procentpunt in de kans en {} fte in de mediaan.",
                    Lang::Nl.num(dp * 100.0),
                    Lang::Nl.int(dp50),
                ));
                notes_en.push(format!(
                    "Measured interpolation error, halfway across the grid's largest step, against a full Monte Carlo of the item alone: at most {} percentage points in the probability and {} fte in the median.",
                    Lang::En.num(dp * 100.0),
                    Lang::En.int(dp50),
                ));
                let e = basis_error.get_or_insert(BasisError::default());
                e.interpolation_probability_points = Some(dp * 100.0);
                e.interpolation_p50_fte = Some(dp50);
            }
            if let Some(&(dp, dp50)) = ex.item_bases.interaction.get() {
                notes_nl.push(format!(
                    "Gemeten fout van het weglaten van de wisselwerking, voor de twee hefbomen met het grootste effect in het standaardpakket samen op twee keer hun standaardinzet, tegen een volledige Monte Carlo: {} procentpunt in de kans en {} fte in de mediaan.",
                    Lang::Nl.num(dp * 100.0),
                    Lang::Nl.int(dp50),
                ));
                notes_en.push(format!(
                    "Measured error of leaving out the interaction, for the default package's two levers of the largest effect together at twice their default intensity, against a full Monte Carlo: {} percentage points in the probability and {} fte in the median.",
                    Lang::En.num(dp * 100.0),
                    Lang::En.int(dp50),
                ));
                let e = basis_error.get_or_insert(BasisError::default());
                e.interaction_probability_points = Some(dp * 100.0);
                e.interaction_p50_fte = Some(dp50);
            }
        }
        Coverage::Fewer => {
            notes_nl.push(format!(
                "Hefbomen en campagnes werken niet lineair (behoud stapelt zich op over de jaren, campagnes zijn begrensd door hun doelgroep): deze instelling is doorgerekend met de eerste {LIVE_DRAWS} van de {} trekkingen, dus minder precies. De doorrekening per hefboom en campagne met alle trekkingen loopt op de achtergrond (enkele seconden per onderdeel); daarna geeft een nieuwe vraag alle trekkingen, en deze pagina vraagt het vanzelf opnieuw.",
                Lang::Nl.int(DRAWS as f64),
            ));
            notes_en.push(format!(
                "Levers and campaigns do not act linearly (retention compounds over the years, campaigns are capped by their target group): this setting is computed with the first {LIVE_DRAWS} of the {} draws, so less precisely. The computation per lever and campaign with all draws runs in the background (a few seconds per item); a later request then gets all the draws, and this page asks again by itself.",
                Lang::En.int(DRAWS as f64),
            ));
        }
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
        coverage: match coverage {
            Coverage::All => "all_draws",
            Coverage::Items(..) => "item_bases",
            Coverage::Fewer => "fewer_draws",
        },
        basis_error,
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
/// without a policy; errors are kept for the request that asks).
/// Then the item bases of the default policy's levers and campaigns on the
/// default scenario, one after the other, so that moving one of its
/// sliders is answered from them at once.
pub fn warm(ex: &Explorer) {
    let _ = odds(ex, &ex.default_request());
    let Ok(c) = check(ex, &ex.default_request()) else {
        return;
    };
    let Ok(spec) = spec_of(ex, &c.scenario_id, DRAWS) else {
        return;
    };
    let Ok((k, _, _)) = needs(ex, &c) else {
        return;
    };
    let Ok(without) = draws_of(ex, &c.scenario_id, &Policy::default(), spec) else {
        return;
    };
    // Every item the default policy switches on, moved to nothing.
    for (axis, _, _) in moves_of(&c.policy, &Policy::default()) {
        let _ = ex
            .item_bases
            .now((k, axis), || job_of(ex, &c, axis, &without, spec));
    }
    if let Some(m) = measure_interaction(ex, spec) {
        let _ = ex.item_bases.interaction.set(m);
    }
}

/// The interaction the item bases leave out, measured on the default
/// setting: its two levers of the largest effect (mean over the draws, at
/// twice their catalogue intensity; when fewer than two of its levers act,
/// the catalogue's first others that do) at twice that intensity together,
/// from the item bases against a full Monte Carlo of that setting (the
/// same draws): the probability's difference and the median's; `None` when
/// the default policy has fewer than two levers with an effect.
fn measure_interaction(ex: &Explorer, spec: McSpec) -> Option<(f64, f64)> {
    let pd = ex.dataset.policy.as_ref()?;
    let mut req = ex.default_request();
    let c0 = check(ex, &req).ok()?;
    let (k, _, _) = needs(ex, &c0).ok()?;
    let without = draws_of(ex, &c0.scenario_id, &Policy::default(), spec).ok()?;
    let mean = |g: &[f64]| g.iter().sum::<f64>() / g.len().max(1) as f64;
    let mut effects: Vec<(f64, usize)> = Vec::new();
    // The policy's levers; when fewer than two of them act, the catalogue's
    // others too, in order, until two do.
    let candidates = c0
        .policy
        .levers
        .iter()
        .map(|(l, _)| *l)
        .chain((0..pd.levers.len()).filter(|l| !c0.policy.levers.iter().any(|(m, _)| m == l)))
        .collect::<Vec<_>>();
    for (n, l) in candidates.into_iter().enumerate() {
        if n >= c0.policy.levers.len() && effects.len() >= 2 {
            break;
        }
        let axis = Axis::Lever(l);
        let b = ex
            .item_bases
            .now((k, axis), || job_of(ex, &c0, axis, &without, spec))?;
        let to = 2.0 * pd.levers.get(l)?.default_intensity;
        let (moved, _) = combine(
            &without,
            &[Move {
                basis: &b.basis,
                from: 0.0,
                to,
            }],
        )?;
        let effect = (mean(&moved.gap) - mean(&without.gap)).abs();
        if effect > 0.0 {
            effects.push((effect, l));
        }
    }
    effects.sort_by(|a, b| b.0.total_cmp(&a.0));
    if effects.len() < 2 {
        return None;
    }
    for &(_, l) in effects.iter().take(2) {
        req.levers.insert(pd.levers.get(l)?.id.clone(), 2.0);
    }
    let c = check(ex, &req).ok()?;
    let (approx, _, _) = from_items(ex, &c, spec).ok()??;
    let preset = ex.scenario(&c.scenario_id)?;
    let full = policy_draws(ex.dataset, &preset.value, Some(&c.policy), spec).ok()?;
    let closed = |g: &[f64]| probability(g, |x| x <= 0.0);
    Some((
        (closed(&approx.gap) - closed(&full.gap)).abs(),
        (summarize(&approx.gap).p50 - summarize(&full.gap).p50).abs(),
    ))
}
