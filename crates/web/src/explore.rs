//! The scenario explorer's computation: a request (scenario, climate-measure
//! factors, lever scales, policy, province) is validated against the loaded
//! data, turned into an adjusted scenario and a list of plan items, and run
//! through the model; the answer is a DTO whose every figure carries its
//! unit, year, basis (net / supply) and low–central–high bracket.
//!
//! Override semantics (docs/WEB.md):
//! - `overrides.{measure}` = factor 0..=2 on the scenario's whole trajectory
//!   of that climate measure (multiplies its `scale`; 1 = as in the scenario);
//! - `levers.{lever}` = scale 0..=3 on the lever's catalogue default
//!   intensity (0 = off, 1 = as announced, 3 = three times); it replaces the
//!   policy's setting of that lever, other levers keep the policy's.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use krapte_model::fast::climate_basis::{full_climate, ClimateBasis};
use krapte_model::fast::figures::{combine, AreaSums, PolicySums};
use krapte_model::fast::split_supply::{SplitScratch, SplitSupply};
use krapte_model::inputs::bracket::Bracket;
use krapte_model::mc::live::{DrawBasis, PolicyDraws};
use krapte_model::reference::evaluation::goal_year;
use krapte_model::reference::gap::{Certainty, DigitalVerdict, GapOptions, GapPrep, GapResult};
use krapte_model::reference::policy::{items_of, Applied};
use krapte_model::{CampaignChoice, Item, Policy};
use krapte_model::{Dataset, Level, Model, Province, Scenario, Variant, Year};
use serde::{Deserialize, Serialize};

use crate::cache::{BoundedCache, Gate, ODDS_CACHE_SIZE, POLICY_CACHE_SIZE};
use crate::error::ApiError;

/// A named preset.
#[derive(Debug, Clone)]
pub struct Preset<T> {
    pub id: String,
    pub value: T,
    /// The file it was read from (TOML; empty when not kept): the
    /// explorer's export starts from it.
    pub source: String,
}

/// The scenario explorer: the model of the loaded dataset, the scenario and
/// policy presets, and the fast paths and caches that answer a request.
/// Built once at start-up and owned by [`crate::state::AppState`] (which
/// reads through to it); it knows nothing of the server around it.
pub struct Explorer {
    /// Lives as long as the process: leaked once at start-up so that the
    /// model can borrow it.
    pub dataset: &'static Dataset,
    /// The model of the dataset (its Leontief inverse prepared once).
    pub model: Model<'static>,
    pub scenarios: Vec<Preset<Scenario>>,
    pub policies: Vec<Preset<Policy>>,
    default_scenario: usize,
    pub default_policy: Option<String>,
    /// Per scenario preset (same order): the fast path, built on first use;
    /// `None` when it could not be built or disagreed with the full chain
    /// (then requests run the full chain).
    fast: Vec<OnceLock<Option<Fast>>>,
    /// The policy parts, per scenario and exact policy setting.
    pub policy_cache: BoundedCache<PolicyPart>,
    /// Supply runs of the explorer, a few at a time.
    pub supply_gate: Gate,
    /// Per scenario preset (same order): the per-draw basis of its climate
    /// measures for the live probability ([`crate::live`]), built on first
    /// use; `None` when the demand chain is not linear.
    live: Vec<OnceLock<Option<Arc<DrawBasis>>>>,
    /// The draws of each policy setting asked for ([`crate::live`]).
    pub odds_cache: BoundedCache<PolicyDraws>,
    /// The per-item bases of lever and campaign settings
    /// ([`crate::bases`]), built in the background on first use.
    pub item_bases: crate::bases::ItemBases,
}

impl Explorer {
    /// The explorer of `dataset` with its presets; `default_scenario` is an
    /// index into `scenarios` (there is at least one), `default_policy` an
    /// id of `policies`.
    pub fn new(
        dataset: &'static Dataset,
        model: Model<'static>,
        scenarios: Vec<Preset<Scenario>>,
        policies: Vec<Preset<Policy>>,
        default_scenario: usize,
        default_policy: Option<String>,
    ) -> Explorer {
        let fast = scenarios.iter().map(|_| OnceLock::new()).collect();
        let live = scenarios.iter().map(|_| OnceLock::new()).collect();
        Explorer {
            dataset,
            model,
            scenarios,
            policies,
            default_scenario,
            default_policy,
            fast,
            policy_cache: BoundedCache::new(POLICY_CACHE_SIZE),
            supply_gate: Gate::for_this_machine(),
            live,
            odds_cache: BoundedCache::new(ODDS_CACHE_SIZE),
            item_bases: Default::default(),
        }
    }

    /// The live basis of a scenario preset, built by `build` on first use.
    pub fn live_basis(
        &self,
        scenario_id: &str,
        build: impl FnOnce() -> Option<DrawBasis>,
    ) -> Option<Arc<DrawBasis>> {
        let k = self.scenarios.iter().position(|s| s.id == scenario_id)?;
        self.live
            .get(k)?
            .get_or_init(|| build().map(Arc::new))
            .clone()
    }

    /// The default scenario with the default policy, nationally.
    pub fn default_request(&self) -> Request {
        Request {
            scenario: Some(self.default_scenario().id.clone()),
            policy: self.default_policy.clone(),
            ..Request::default()
        }
    }

    /// The fast path for a scenario preset, built (and checked against the
    /// full chain at the preset with the default policy) on first use;
    /// `None` = use the full chain.
    pub fn fast(&self, scenario_id: &str) -> Option<&Fast> {
        let k = self.scenarios.iter().position(|s| s.id == scenario_id)?;
        self.fast
            .get(k)?
            .get_or_init(|| {
                let preset = &self.scenarios[k];
                let fast = Fast::build(self, &preset.value).ok()?;
                let req = Request {
                    scenario: Some(preset.id.clone()),
                    policy: self.default_policy.clone(),
                    ..Request::default()
                };
                let checked = check(self, &req).ok()?;
                let part = fast
                    .policy_part(self.dataset, &checked.policy, &self.supply_gate)
                    .ok()?;
                let quick = gap_fast(self, &fast, &part, &checked).ok()?;
                let full = gap_full(self, &req).ok()?;
                if !same_figures(&quick, &full, 1e-9) {
                    return None;
                }
                // The preset with its default policy is the most asked for.
                self.policy_cache
                    .insert(policy_key(&preset.id, &checked.policy), part);
                Some(fast)
            })
            .as_ref()
    }

    pub fn default_scenario(&self) -> &Preset<Scenario> {
        &self.scenarios[self.default_scenario]
    }

    pub fn scenario(&self, id: &str) -> Option<&Preset<Scenario>> {
        self.scenarios.iter().find(|s| s.id == id)
    }

    pub fn policy(&self, id: &str) -> Option<&Preset<Policy>> {
        self.policies.iter().find(|p| p.id == id)
    }

    pub fn scenario_ids(&self) -> Vec<&str> {
        self.scenarios.iter().map(|s| s.id.as_str()).collect()
    }

    pub fn policy_ids(&self) -> Vec<&str> {
        self.policies.iter().map(|p| p.id.as_str()).collect()
    }
}

/// Bounds of a climate-measure factor.
pub const OVERRIDE_RANGE: (f64, f64) = (0.0, 2.0);
/// Bounds of a lever scale.
pub const LEVER_RANGE: (f64, f64) = (0.0, 3.0);
/// Bounds of a campaign's budget, million euros a year (0 = off).
pub const CAMPAIGN_BUDGET_RANGE: (f64, f64) = (0.0, 50.0);
/// Bounds of a campaign's duration, whole years.
pub const CAMPAIGN_YEARS_RANGE: (f64, f64) = (1.0, 10.0);
/// Last first year of a campaign (the first is the dataset's base year).
pub const CAMPAIGN_LAST_START: Year = 2030;
/// First year of a campaign the explorer switches on when the request does
/// not say: none has been decided, and one decided now (late 2026) runs
/// from the next year.
pub const CAMPAIGN_START_DEFAULT: Year = 2027;

/// A campaign's setting in a request; what it leaves out comes from the
/// policy's setting of that campaign, else from the campaign's defaults in
/// `campaigns.csv` (central budget and duration) and
/// [`CAMPAIGN_START_DEFAULT`].
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct CampaignRequest {
    /// Million euros a year, 0..=50; 0 = the campaign is off.
    pub budget_meur_per_year: Option<f64>,
    /// Whole years, 1..=10.
    pub years: Option<f64>,
    /// First year, the dataset's base year..=2030.
    pub start_year: Option<f64>,
}

/// What a client asks for (JSON body of `POST /api/gap` and `/api/plan`, or
/// the query string of `GET /api/gap.csv`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Request {
    /// Scenario preset id (default: the server's default scenario).
    pub scenario: Option<String>,
    /// Climate measure id -> factor on its trajectory (0..=2).
    pub overrides: BTreeMap<String, f64>,
    /// Lever id -> scale of its default intensity (0..=3).
    pub levers: BTreeMap<String, f64>,
    /// Campaign id (a target group of `campaigns.csv`) -> its budget,
    /// duration and start; replaces the policy's setting of it.
    pub campaigns: BTreeMap<String, CampaignRequest>,
    /// Policy preset id; none = no lever switched on besides `levers`.
    pub policy: Option<String>,
    /// CBS province code (PV20..PV31) for the regional figures.
    pub province: Option<String>,
}

impl Request {
    /// Reads the explorer's query string: `scenario`, `policy`, `province`,
    /// `m.{measure}=factor`, `l.{lever}=scale`, `c.{campaign}=budget`,
    /// `c.{campaign}.years=n`, `c.{campaign}.start=year` (other keys, such as
    /// `chart`, are the caller's).
    pub fn from_query(pairs: &[(String, String)]) -> Result<Request, ApiError> {
        let mut r = Request::default();
        for (k, v) in pairs {
            let number = |field: String| -> Result<f64, ApiError> {
                v.trim()
                    .parse::<f64>()
                    .map_err(|_| ApiError::field(field, format!("'{v}' is not a number")))
            };
            let text = || (!v.is_empty()).then(|| v.clone());
            match k.as_str() {
                "scenario" => r.scenario = text(),
                "policy" => r.policy = text(),
                "province" => r.province = text(),
                _ => {
                    if let Some(id) = k.strip_prefix("m.") {
                        r.overrides
                            .insert(id.to_string(), number(format!("overrides.{id}"))?);
                    } else if let Some(id) = k.strip_prefix("l.") {
                        r.levers
                            .insert(id.to_string(), number(format!("levers.{id}"))?);
                    } else if let Some(rest) = k.strip_prefix("c.") {
                        let (id, part) = match rest.rsplit_once('.') {
                            Some((id, "years")) => (id, "years"),
                            Some((id, "start")) => (id, "start_year"),
                            _ => (rest, "budget_meur_per_year"),
                        };
                        let x = number(format!("campaigns.{id}.{part}"))?;
                        let c = r.campaigns.entry(id.to_string()).or_default();
                        match part {
                            "years" => c.years = Some(x),
                            "start_year" => c.start_year = Some(x),
                            _ => c.budget_meur_per_year = Some(x),
                        }
                    }
                }
            }
        }
        Ok(r)
    }
}

/// A request checked against the data.
pub struct Checked {
    pub scenario_id: String,
    /// The preset with the factors applied.
    pub scenario: Scenario,
    /// The factor on each of the preset's measures (in the order of
    /// `Scenario::measures`; 1 where the request leaves it).
    pub factors: Vec<f64>,
    pub policy_id: Option<String>,
    /// The policy with the lever scales applied.
    pub policy: Policy,
    pub province: Option<(Province, usize)>,
}

fn in_range(field: String, v: f64, (lo, hi): (f64, f64)) -> Result<f64, ApiError> {
    if v.is_finite() && (lo..=hi).contains(&v) {
        Ok(v)
    } else {
        Err(ApiError::field(
            field,
            format!("{v} is outside {lo}..={hi}"),
        ))
    }
}

/// Validates a request and applies it to the scenario and policy presets.
pub fn check(ex: &Explorer, req: &Request) -> Result<Checked, ApiError> {
    let ds = ex.dataset;
    let scenario_id = req
        .scenario
        .clone()
        .unwrap_or_else(|| ex.default_scenario().id.clone());
    let preset = ex.scenario(&scenario_id).ok_or_else(|| {
        ApiError::field(
            "scenario",
            format!(
                "unknown scenario '{scenario_id}'; known: {}",
                ex.scenario_ids().join(", ")
            ),
        )
    })?;
    let mut scenario = preset.value.clone();
    let mut factors = vec![1.0; scenario.measures.len()];
    for (id, factor) in &req.overrides {
        let field = format!("overrides.{id}");
        let m = ds.measure_index(id).ok_or_else(|| {
            ApiError::field(field.clone(), format!("unknown climate measure '{id}'"))
        })?;
        let factor = in_range(field.clone(), *factor, OVERRIDE_RANGE)?;
        let k = scenario
            .measures
            .iter()
            .position(|sm| sm.measure == m)
            .ok_or_else(|| {
                ApiError::field(
                    field,
                    format!("the scenario '{scenario_id}' has no trajectory for '{id}'"),
                )
            })?;
        scenario.measures[k].scale *= factor;
        factors[k] *= factor;
    }
    let (policy_id, mut policy) = match &req.policy {
        None => (None, Policy::default()),
        Some(id) => {
            let p = ex.policy(id).ok_or_else(|| {
                ApiError::field(
                    "policy",
                    format!(
                        "unknown policy '{id}'; known: {}",
                        ex.policy_ids().join(", ")
                    ),
                )
            })?;
            (Some(id.clone()), p.value.clone())
        }
    };
    if !req.levers.is_empty() {
        let Some(pd) = &ds.policy else {
            return Err(ApiError::field(
                "levers",
                "the dataset has no lever catalogue (levers.csv)",
            ));
        };
        for (id, scale) in &req.levers {
            let field = format!("levers.{id}");
            let k =
                pd.levers.iter().position(|l| l.id == *id).ok_or_else(|| {
                    ApiError::field(field.clone(), format!("unknown lever '{id}'"))
                })?;
            let scale = in_range(field, *scale, LEVER_RANGE)?;
            let intensity = scale * pd.levers[k].default_intensity;
            policy.levers.retain(|(l, _)| *l != k);
            if scale > 0.0 {
                policy.levers.push((k, intensity));
            }
        }
        policy.levers.sort_by_key(|(l, _)| *l);
    }
    if !req.campaigns.is_empty() {
        let Some(pd) = &ds.policy else {
            return Err(ApiError::field(
                "campaigns",
                "the dataset has no campaign options (campaigns.csv)",
            ));
        };
        for (id, cr) in &req.campaigns {
            let field = format!("campaigns.{id}");
            let k = pd
                .campaigns
                .iter()
                .position(|c| c.id == *id)
                .ok_or_else(|| {
                    ApiError::field(
                        field.clone(),
                        format!(
                            "unknown campaign '{id}'; known: {}",
                            pd.campaigns
                                .iter()
                                .map(|c| c.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                })?;
            let camp = &pd.campaigns[k];
            let before = policy.campaigns.iter().find(|c| c.campaign == k).copied();
            let budget = in_range(
                format!("{field}.budget_meur_per_year"),
                cr.budget_meur_per_year
                    .or(before.map(|b| b.budget_meur_per_year))
                    .unwrap_or(camp.default_budget_meur_per_year.central),
                CAMPAIGN_BUDGET_RANGE,
            )?;
            let whole = |name: &str, v: f64, range: (f64, f64)| -> Result<u16, ApiError> {
                let v = in_range(format!("{field}.{name}"), v, range)?;
                if v.fract() == 0.0 {
                    Ok(v as u16)
                } else {
                    Err(ApiError::field(
                        format!("{field}.{name}"),
                        format!("{v} is not a whole number"),
                    ))
                }
            };
            let years = whole(
                "years",
                cr.years
                    .or(before.map(|b| f64::from(b.years)))
                    .unwrap_or(camp.default_years.central.round()),
                CAMPAIGN_YEARS_RANGE,
            )?;
            let start_year = whole(
                "start_year",
                cr.start_year
                    .or(before.map(|b| f64::from(b.start_year)))
                    .unwrap_or(f64::from(CAMPAIGN_START_DEFAULT)),
                (f64::from(ds.base_year), f64::from(CAMPAIGN_LAST_START)),
            )?;
            policy.campaigns.retain(|c| c.campaign != k);
            if budget > 0.0 {
                policy.campaigns.push(CampaignChoice {
                    campaign: k,
                    budget_meur_per_year: budget,
                    years,
                    start_year,
                });
            }
        }
        policy.campaigns.sort_by_key(|c| c.campaign);
    }
    let province = match &req.province {
        None => None,
        Some(code) => {
            let p = Province::from_code(code).ok_or_else(|| {
                ApiError::field(
                    "province",
                    format!("'{code}' is not a CBS province code (PV20..PV31)"),
                )
            })?;
            let r = ds
                .regions
                .iter()
                .position(|x| x.code() == p.code())
                .ok_or_else(|| {
                    ApiError::field("province", format!("the dataset has no data for {p}"))
                })?;
            Some((p, r))
        }
    };
    Ok(Checked {
        scenario_id,
        scenario,
        factors,
        policy_id,
        policy,
        province,
    })
}

/// A figure with everything needed to read it.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Figure {
    pub low: f64,
    pub central: f64,
    pub high: f64,
    pub unit: &'static str,
    pub year: Year,
    /// `net` (demand net of fossil losses and crowding-out), `supply` (the
    /// supply model's stock) or `cost`.
    pub basis: &'static str,
}

impl Figure {
    pub fn of(b: Bracket, unit: &'static str, year: Year, basis: &'static str) -> Figure {
        Figure {
            low: b.low,
            central: b.central,
            high: b.high,
            unit,
            year,
            basis,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct YearRow {
    pub year: Year,
    pub required: Figure,
    pub climate: Figure,
    pub available: Figure,
    pub gap: Figure,
}

#[derive(Debug, Clone, Serialize)]
pub struct LevelRow {
    pub level: &'static str,
    pub required: Figure,
    pub available: Figure,
    pub gap: Figure,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProvinceRow {
    pub code: &'static str,
    pub name: &'static str,
    pub required: Figure,
    pub available: Figure,
    pub gap: Figure,
}

#[derive(Debug, Clone, Serialize)]
pub struct TechnicianVerdictOut {
    pub year: Year,
    pub gap: Figure,
    pub required: Figure,
    pub climate: Figure,
    pub available: Figure,
    /// Closed in the central case (gap <= 0).
    pub met: bool,
    pub certainty: &'static str,
    pub label_nl: String,
}

impl TechnicianVerdictOut {
    /// An empty verdict (before anything is computed).
    pub fn empty() -> TechnicianVerdictOut {
        let f = Figure::of(
            Bracket {
                low: 0.0,
                central: 0.0,
                high: 0.0,
            },
            "fte",
            0,
            "net",
        );
        TechnicianVerdictOut {
            year: 0,
            gap: f,
            required: f,
            climate: f,
            available: f,
            met: false,
            certainty: "",
            label_nl: String::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DigitalVerdictOut {
    pub definition: String,
    pub count: Figure,
    pub goal_persons: f64,
    pub met: bool,
    pub certainty: &'static str,
    pub label_nl: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProvinceOut {
    pub code: &'static str,
    pub name: &'static str,
}

/// The answer of `POST /api/gap`.
#[derive(Debug, Clone, Serialize)]
pub struct GapOut {
    pub scenario: String,
    pub scenario_name: String,
    pub policy: Option<String>,
    pub levers_on: usize,
    /// Campaigns switched on (policy and request).
    pub campaigns_on: usize,
    /// The province the `years` and `by_level` rows are for; none = national.
    pub province: Option<ProvinceOut>,
    pub dataset_edition: String,
    pub goal_year: Year,
    pub occupation_set: String,
    pub notes: Vec<String>,
    /// Technicians per year (national, or the province's).
    pub years: Vec<YearRow>,
    /// Technicians by education level in the goal year (national or province).
    pub by_level: Vec<LevelRow>,
    /// Technicians by province in the goal year.
    pub by_province: Vec<ProvinceRow>,
    /// The national technician goal in the goal year.
    pub technician_verdict: TechnicianVerdictOut,
    /// One million digitally skilled persons, per definition.
    pub digital_verdicts: Vec<DigitalVerdictOut>,
    pub request: Request,
    /// Time the model took on the server (ms).
    pub compute_ms: f64,
}

fn certainty_code(c: Certainty) -> &'static str {
    match c {
        Certainty::MetThroughout => "met_throughout",
        Certainty::MissedThroughout => "missed_throughout",
        Certainty::DependsOnAssumptions => "depends_on_assumptions",
    }
}

fn certainty_nl(c: Certainty) -> &'static str {
    match c {
        Certainty::MetThroughout => "boven het doel in beide uiterste hoeken",
        Certainty::MissedThroughout => "onder het doel in beide uiterste hoeken",
        Certainty::DependsOnAssumptions => {
            "boven het doel in de ene uiterste hoek, eronder in de andere"
        }
    }
}

fn model_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        format!("the model cannot run this request: {e}"),
    )
}

/// The prepared gap runs of a checked request (demand for the adjusted
/// scenario, supply inputs).
fn prepare<'a>(ex: &'a Explorer, c: &Checked) -> Result<GapPrep<'a>, ApiError> {
    ex.model
        .runs(&c.scenario, GapOptions::default())
        .map_err(model_error)
}

/// The members of the occupation set `technician`.
pub fn technicians(ds: &Dataset) -> Result<Vec<usize>, ApiError> {
    ds.occupation_set("technician")
        .map(|s| s.members.clone())
        .ok_or_else(|| ApiError::internal("the dataset has no occupation set 'technician'"))
}

/// The digital verdicts of a gap result (they depend on supply only).
fn digital_out(ds: &Dataset, g: &GapResult, goal: Year) -> Vec<DigitalVerdictOut> {
    ds.supply
        .iter()
        .flat_map(|sd| &sd.digital_definitions)
        .filter_map(|d| g.digital_verdict(ds, d, goal))
        .map(digital_verdict_out)
        .collect()
}

/// One digital verdict as the API gives it.
fn digital_verdict_out(d: DigitalVerdict) -> DigitalVerdictOut {
    let goal = d.year;
    DigitalVerdictOut {
        label_nl: format!(
            "1 miljoen digitaal vaardigen in {goal} ({}): {}; {}",
            d.definition,
            if d.met {
                "1 miljoen of meer in de centrale berekening (geen oordeel: de kans is dat)"
            } else {
                "minder dan 1 miljoen in de centrale berekening"
            },
            certainty_nl(d.certainty)
        ),
        definition: d.definition,
        count: Figure::of(d.count, "persons", goal, "supply"),
        goal_persons: d.goal,
        met: d.met,
        certainty: certainty_code(d.certainty),
    }
}

/// What an answer takes from the policy alone, whatever the climate
/// factors: kept per policy in [`Explorer::policy_cache`] (a [`crate::cache::BoundedCache`]).
#[derive(Debug)]
pub struct PolicyPart {
    sums: PolicySums,
    digital: Vec<DigitalVerdictOut>,
}

/// How many split runs' buffers (about 1.3 MB each) a preset keeps.
const KEPT_SCRATCH: usize = 8;

/// What every request on one scenario preset shares, built on its first
/// use: the supply inputs of its three bracket runs, the linear climate
/// basis (none when it failed its check) and the goal year.
pub struct Fast {
    gp: GapPrep<'static>,
    /// The supply side in split form: a policy's supply at the cost of two
    /// provinces (none when it could not be built: full runs then).
    split: Option<SplitSupply>,
    /// Buffers of finished split runs, for the next ones.
    scratch: Mutex<Vec<SplitScratch>>,
    basis: Option<ClimateBasis>,
    goal: Year,
    tech: Vec<usize>,
}

impl Fast {
    /// Builds the shared parts of `scenario` (a preset, unscaled).
    pub fn build(ex: &Explorer, scenario: &Scenario) -> Result<Fast, ApiError> {
        let ds = ex.dataset;
        let tech = technicians(ds)?;
        let gp = ex
            .model
            .runs(scenario, GapOptions::default())
            .map_err(model_error)?;
        let goal = goal_year(&gp).map_err(model_error)?;
        let prepared = ex.model.prepared();
        let basis = ClimateBasis::new(prepared, scenario, GapOptions::default(), &tech);
        let split = SplitSupply::new(ds, scenario, &tech, goal, GapOptions::default().framing).ok();
        Ok(Fast {
            gp,
            split,
            scratch: Mutex::new(Vec::new()),
            basis,
            goal,
            tech,
        })
    }

    /// Whether climate demand comes from the linear basis (else full runs).
    pub fn linear(&self) -> bool {
        self.basis.is_some()
    }

    /// Whether a policy's supply runs in split form (else over every
    /// province in full).
    pub fn split(&self) -> bool {
        self.split.is_some()
    }

    /// Runs supply for a policy and keeps what the answer needs of it.
    pub fn policy_part(
        &self,
        ds: &'static Dataset,
        policy: &Policy,
        gate: &Gate,
    ) -> Result<PolicyPart, ApiError> {
        let applied = Applied {
            dataset: ds,
            items: items_of(policy),
        };
        if let Some(split) = &self.split {
            let lock = || self.scratch.lock().unwrap_or_else(|e| e.into_inner());
            let mut scratch = lock().pop().unwrap_or_else(|| split.scratch());
            let answer = split.run_in(&applied, &mut scratch);
            // Kept for a few runs at a time, not for every request in flight.
            let mut kept = lock();
            if kept.len() < KEPT_SCRATCH {
                kept.push(scratch);
            }
            drop(kept);
            if let Some(answer) = answer.map_err(model_error)? {
                return Ok(PolicyPart {
                    sums: answer.sums,
                    digital: answer
                        .digital
                        .into_iter()
                        .map(digital_verdict_out)
                        .collect(),
                });
            }
        }
        // A lever aimed at one province: every province runs in full, on
        // three threads, one such run per core at a time. (A split run is
        // short and single-threaded: it needs no gate.)
        let g = gate.run(|| self.gp.run(&applied)).map_err(model_error)?;
        let sums = PolicySums::of(&g, &applied, &self.tech)
            .ok_or_else(|| ApiError::internal("a gap year is missing from the result"))?;
        Ok(PolicyPart {
            sums,
            digital: digital_out(ds, &g, self.goal),
        })
    }
}

/// The key of a policy in the cache: the scenario and the exact items
/// (lever intensities and campaigns, printed to the last bit).
pub fn policy_key(scenario_id: &str, policy: &Policy) -> String {
    format!("{scenario_id}|{:?}", items_of(policy))
}

/// The explorer's gap: the fast path (cached policy part + linear climate
/// basis) when the scenario has one, else the full chain ([`gap_full`]).
pub fn gap(ex: &Explorer, req: &Request) -> Result<GapOut, ApiError> {
    let t0 = Instant::now();
    let c = check(ex, req)?;
    let mut out = match ex.fast(&c.scenario_id) {
        Some(fast) => {
            let key = policy_key(&c.scenario_id, &c.policy);
            let part = ex.policy_cache.get_or_compute(key, || {
                fast.policy_part(ex.dataset, &c.policy, &ex.supply_gate)
            })?;
            gap_fast(ex, fast, &part, &c)?
        }
        None => ex.supply_gate.run(|| gap_checked(ex, &c))?,
    };
    out.request = req.clone();
    out.compute_ms = t0.elapsed().as_secs_f64() * 1e3;
    Ok(out)
}

/// The fast path for a checked request with its policy part.
pub fn gap_fast(
    ex: &Explorer,
    fast: &Fast,
    part: &PolicyPart,
    c: &Checked,
) -> Result<GapOut, ApiError> {
    let climate = match &fast.basis {
        Some(b) => b.climate(&c.factors),
        None => None,
    };
    let climate = match climate {
        Some(x) => x,
        None => full_climate(
            ex.model.prepared(),
            &c.scenario,
            GapOptions::default(),
            &fast.tech,
        )
        .map_err(model_error)?,
    };
    let lr = combine(&part.sums, &climate)
        .ok_or_else(|| ApiError::internal("the climate and supply parts do not fit"))?;
    let region = c.province.map(|(_, r)| r);
    let runs = lr
        .iter()
        .map(|x| AreaSums::of_level_region(x, fast.goal, region))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| ApiError::internal("the goal year is missing from the result"))?;
    answer(
        ex,
        c,
        &part.sums.years,
        fast.goal,
        &runs,
        part.digital.clone(),
    )
}

/// The explorer's gap through the full chain (demand runs, supply inputs,
/// three supply runs): the reference the fast path is checked against.
pub fn gap_full(ex: &Explorer, req: &Request) -> Result<GapOut, ApiError> {
    let t0 = Instant::now();
    let c = check(ex, req)?;
    let mut out = gap_checked(ex, &c)?;
    out.request = req.clone();
    out.compute_ms = t0.elapsed().as_secs_f64() * 1e3;
    Ok(out)
}

fn gap_checked(ex: &Explorer, c: &Checked) -> Result<GapOut, ApiError> {
    let ds = ex.dataset;
    let gp = prepare(ex, c)?;
    let items = items_of(&c.policy);
    let g = gp
        .run(&Applied { dataset: ds, items })
        .map_err(model_error)?;
    let goal = goal_year(&gp).map_err(model_error)?;
    let tech = technicians(ds)?;
    let region = c.province.map(|(_, r)| r);
    let missing = || ApiError::internal("a gap year is missing from the result");
    // The three bracket runs on their own threads, each cell array computed once.
    let runs: Vec<Option<AreaSums>> = std::thread::scope(|scope| {
        let handles = Variant::ALL.map(|v| {
            let (g, tech) = (&g, &tech);
            scope.spawn(move || AreaSums::of_result(g, v, goal, tech, region))
        });
        handles
            .into_iter()
            .map(|h| h.join().ok().flatten())
            .collect()
    });
    let runs: Vec<AreaSums> = runs
        .into_iter()
        .collect::<Option<_>>()
        .ok_or_else(missing)?;
    answer(ex, c, &g.years, goal, &runs, digital_out(ds, &g, goal))
}

/// Whether two answers give the same figures, to `rel` of each figure's
/// size (at least 1 fte or person).
pub fn same_figures(a: &GapOut, b: &GapOut, rel: f64) -> bool {
    let f = |x: &Figure, y: &Figure| {
        let scale = x.central.abs().max(x.low.abs()).max(x.high.abs()).max(1.0);
        x.unit == y.unit
            && x.year == y.year
            && x.basis == y.basis
            && [(x.low, y.low), (x.central, y.central), (x.high, y.high)]
                .iter()
                .all(|(p, q)| (p - q).abs() <= rel * scale)
    };
    let rows = a.years.len() == b.years.len()
        && a.years.iter().zip(&b.years).all(|(x, y)| {
            x.year == y.year
                && f(&x.required, &y.required)
                && f(&x.climate, &y.climate)
                && f(&x.available, &y.available)
                && f(&x.gap, &y.gap)
        });
    let levels = a.by_level.len() == b.by_level.len()
        && a.by_level.iter().zip(&b.by_level).all(|(x, y)| {
            x.level == y.level
                && f(&x.required, &y.required)
                && f(&x.available, &y.available)
                && f(&x.gap, &y.gap)
        });
    let provinces = a.by_province.len() == b.by_province.len()
        && a.by_province.iter().zip(&b.by_province).all(|(x, y)| {
            x.code == y.code
                && f(&x.required, &y.required)
                && f(&x.available, &y.available)
                && f(&x.gap, &y.gap)
        });
    let (u, w) = (&a.technician_verdict, &b.technician_verdict);
    let verdict = u.year == w.year
        && f(&u.gap, &w.gap)
        && f(&u.required, &w.required)
        && f(&u.climate, &w.climate)
        && f(&u.available, &w.available)
        && u.met == w.met
        && u.certainty == w.certainty;
    let digital = a.digital_verdicts.len() == b.digital_verdicts.len()
        && a.digital_verdicts
            .iter()
            .zip(&b.digital_verdicts)
            .all(|(x, y)| x.definition == y.definition && f(&x.count, &y.count) && x.met == y.met);
    rows && levels && provinces && verdict && digital && a.goal_year == b.goal_year
}

/// The answer from the three runs' sums.
fn answer(
    ex: &Explorer,
    c: &Checked,
    years: &[Year],
    goal: Year,
    runs: &[AreaSums],
    digital_verdicts: Vec<DigitalVerdictOut>,
) -> Result<GapOut, ApiError> {
    let ds = ex.dataset;
    if runs.len() != 3 {
        return Err(ApiError::internal("three bracket runs expected"));
    }
    let br = |f: &dyn Fn(&AreaSums) -> f64| Bracket::of([f(&runs[0]), f(&runs[1]), f(&runs[2])]);
    let years = years
        .iter()
        .enumerate()
        .map(|(y, &t)| {
            let fig = |f: &dyn Fn(&[f64; 3]) -> f64, basis| {
                Figure::of(br(&|r: &AreaSums| f(&r.years[y])), "fte", t, basis)
            };
            YearRow {
                year: t,
                required: fig(&|x| x[0], "net"),
                climate: fig(&|x| x[1], "net"),
                available: fig(&|x| x[2], "supply"),
                gap: fig(&|x| x[0] - x[2], "net"),
            }
        })
        .collect();
    let by_level = Level::ALL
        .iter()
        .enumerate()
        .map(|(k, l)| LevelRow {
            level: l.code(),
            required: Figure::of(br(&|r| r.levels[0][k]), "fte", goal, "net"),
            available: Figure::of(br(&|r| r.levels[1][k]), "fte", goal, "supply"),
            gap: Figure::of(br(&|r| r.levels[0][k] - r.levels[1][k]), "fte", goal, "net"),
        })
        .collect();
    let by_province = ds
        .regions
        .iter()
        .enumerate()
        .map(|(k, p)| ProvinceRow {
            code: p.code(),
            name: p.name(),
            required: Figure::of(br(&|r| r.regions[0][k]), "fte", goal, "net"),
            available: Figure::of(br(&|r| r.regions[1][k]), "fte", goal, "supply"),
            gap: Figure::of(
                br(&|r| r.regions[0][k] - r.regions[1][k]),
                "fte",
                goal,
                "net",
            ),
        })
        .collect();
    let gap_nl = br(&|r| r.national[0] - r.national[2]);
    let met = gap_nl.central <= 0.0;
    let certainty = Certainty::of_gap(gap_nl);
    let technician_verdict = TechnicianVerdictOut {
        year: goal,
        gap: Figure::of(gap_nl, "fte", goal, "net"),
        required: Figure::of(br(&|r| r.national[0]), "fte", goal, "net"),
        climate: Figure::of(br(&|r| r.national[1]), "fte", goal, "net"),
        available: Figure::of(br(&|r| r.national[2]), "fte", goal, "supply"),
        met,
        certainty: certainty_code(certainty),
        label_nl: format!(
            "Technicustekort in {goal} {}: {}",
            if met {
                "tekort ≤ 0 in de centrale berekening (geen oordeel: de kans is dat)"
            } else {
                "tekort > 0 in de centrale berekening"
            },
            certainty_nl(certainty)
        ),
    };
    let preset = ex
        .scenario(&c.scenario_id)
        .ok_or_else(|| ApiError::internal("the scenario preset vanished"))?;
    Ok(GapOut {
        scenario: c.scenario_id.clone(),
        scenario_name: preset.value.name.clone(),
        policy: c.policy_id.clone(),
        levers_on: c.policy.levers.len(),
        campaigns_on: c.policy.campaigns.len(),
        province: c.province.map(|(p, _)| ProvinceOut {
            code: p.code(),
            name: p.name(),
        }),
        dataset_edition: ds.edition.clone(),
        goal_year: goal,
        occupation_set: "technician".into(),
        notes: vec![
            "fte = voltijdbanen (full-time equivalents) werkzaam in het jaar; personen voor de digitale telling.".into(),
            "Benodigd = basisvraag (werkgelegenheid basisjaar + uitbreidingsvraag ROA) + netto klimaatvraag van het scenario; beschikbaar = aanbod uit het voorraad-stroommodel; tekort = benodigd - beschikbaar (positief = tekort).".into(),
            "Bandbreedte (laag–hoog): alle parameters aan hun lage of hoge kant; geen kansinterval.".into(),
        ],
        years,
        by_level,
        by_province,
        technician_verdict,
        digital_verdicts,
        request: Request::default(),
        compute_ms: 0.0,
    })
}

/// One lever's (or campaign's) contribution in a plan evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct ContributionOut {
    pub id: String,
    pub name: String,
    /// The action-plan measure it belongs to.
    pub plan_measure: String,
    pub intensity: f64,
    /// Technician gap closed in the goal year when it acts alone.
    pub alone: Figure,
    pub cost_eur_to_goal_year: f64,
    pub eur_per_fte: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeasureOut {
    pub plan_measure: String,
    pub levers: Vec<String>,
    /// Sum of the levers' contributions counted alone.
    pub alone_sum: Figure,
    pub cost_eur_to_goal_year: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct DigitalPlanOut {
    pub definition: String,
    pub without: Figure,
    pub with: Figure,
}

/// The answer of `POST /api/plan`.
#[derive(Debug, Clone, Serialize)]
pub struct PlanOut {
    pub scenario: String,
    pub policy: Option<String>,
    pub dataset_edition: String,
    pub goal_year: Year,
    /// National technician gap in the goal year without and with the policy.
    pub without: Figure,
    pub with: Figure,
    /// Gap closed by all items together, and the interaction (together minus
    /// the sum of one-at-a-time).
    pub together: Figure,
    pub interaction: Figure,
    pub contributions: Vec<ContributionOut>,
    pub by_measure: Vec<MeasureOut>,
    pub digital: Vec<DigitalPlanOut>,
    pub notes: Vec<String>,
    pub request: Request,
    pub compute_ms: f64,
}

/// Evaluates the (adjusted) policy of a request.
pub fn plan(ex: &Explorer, req: &Request) -> Result<PlanOut, ApiError> {
    let t0 = Instant::now();
    let c = check(ex, req)?;
    let ds = ex.dataset;
    let gp = prepare(ex, &c)?;
    let ev = ex.model.evaluate(&gp, &c.policy).map_err(model_error)?;
    let year = ev.year;
    let fig = |v: [f64; 3]| Figure::of(Bracket::of(v), "fte", year, "net");
    let pd = ds.policy.as_ref();
    let contributions: Vec<ContributionOut> = ev
        .contributions
        .iter()
        .map(|k| {
            let (id, name, measure, intensity) = match &k.item {
                Item::Lever { lever, intensity } => {
                    pd.and_then(|pd| pd.levers.get(*lever)).map_or_else(
                        || {
                            (
                                format!("lever {lever}"),
                                String::new(),
                                String::new(),
                                *intensity,
                            )
                        },
                        |l| (l.id.clone(), l.name.clone(), l.measure.clone(), *intensity),
                    )
                }
                Item::Campaign(cc) => {
                    let id = pd
                        .and_then(|pd| pd.campaigns.get(cc.campaign))
                        .map_or_else(|| format!("campaign {}", cc.campaign), |x| x.id.clone());
                    (
                        id.clone(),
                        format!("campagne {id}"),
                        "campagne".into(),
                        cc.budget_meur_per_year,
                    )
                }
                Item::Extra(_) => ("extra".into(), String::new(), String::new(), 0.0),
            };
            ContributionOut {
                id,
                name,
                plan_measure: measure,
                intensity,
                alone: fig(k.alone),
                cost_eur_to_goal_year: k.cost_to_goal_year,
                eur_per_fte: k.cost_per_fte(),
            }
        })
        .collect();
    let mut by_measure: Vec<(String, Vec<String>, [f64; 3], f64)> = Vec::new();
    for (k, out) in ev.contributions.iter().zip(&contributions) {
        let pos = match by_measure.iter().position(|m| m.0 == out.plan_measure) {
            Some(p) => p,
            None => {
                by_measure.push((out.plan_measure.clone(), Vec::new(), [0.0; 3], 0.0));
                by_measure.len() - 1
            }
        };
        let m = &mut by_measure[pos];
        m.1.push(out.id.clone());
        for (s, a) in m.2.iter_mut().zip(k.alone) {
            *s += a;
        }
        m.3 += k.cost_to_goal_year;
    }
    by_measure.sort_by(|a, b| b.2[1].total_cmp(&a.2[1]));
    let digital = ds
        .supply
        .iter()
        .flat_map(|sd| &sd.digital_definitions)
        .zip(ev.without.digital.iter().zip(&ev.with.digital))
        .map(|(d, (a, b))| DigitalPlanOut {
            definition: d.label(),
            without: Figure::of(Bracket::of(*a), "persons", year, "supply"),
            with: Figure::of(Bracket::of(*b), "persons", year, "supply"),
        })
        .collect();
    Ok(PlanOut {
        scenario: c.scenario_id.clone(),
        policy: c.policy_id.clone(),
        dataset_edition: ds.edition.clone(),
        goal_year: year,
        without: fig(ev.without.technician_gap),
        with: fig(ev.with.technician_gap),
        together: fig(ev.together()),
        interaction: fig(ev.interaction()),
        contributions,
        by_measure: by_measure
            .into_iter()
            .map(|(m, levers, alone, cost)| MeasureOut {
                plan_measure: m,
                levers,
                alone_sum: fig(alone),
                cost_eur_to_goal_year: cost,
            })
            .collect(),
        digital,
        notes: vec![
            "Landelijke doorrekening (provincies opgeteld). Bijdrage = tekort dat een hefboom alleen dicht, in fte in het doeljaar; kosten in euro van de start tot het doeljaar.".into(),
            "Effecten van de meeste hefbomen zijn aannames (levers.csv).".into(),
        ],
        request: req.clone(),
        compute_ms: t0.elapsed().as_secs_f64() * 1e3,
    })
}

/// One row of the numbers behind the explorer's charts: chart, group
/// (area, area/level, province code, NL/definition), quantity and figure.
pub struct ChartRow<'a> {
    pub chart: &'static str,
    pub group: String,
    pub quantity: &'static str,
    pub figure: &'a Figure,
}

/// Every row behind the charts, in the CSV's order: the one list
/// `/api/gap.csv` and the xlsx export write.
pub fn chart_rows(out: &GapOut) -> Vec<ChartRow<'_>> {
    let mut rows = Vec::new();
    let mut row = |chart, group: String, quantity, figure| {
        rows.push(ChartRow {
            chart,
            group,
            quantity,
            figure,
        })
    };
    let area = out
        .province
        .as_ref()
        .map_or("NL".to_string(), |p| p.code.to_string());
    for y in &out.years {
        row("years", area.clone(), "required", &y.required);
        row("years", area.clone(), "climate", &y.climate);
        row("years", area.clone(), "available", &y.available);
        row("years", area.clone(), "gap", &y.gap);
    }
    for l in &out.by_level {
        let g = format!("{area}/{}", l.level);
        row("levels", g.clone(), "required", &l.required);
        row("levels", g.clone(), "available", &l.available);
        row("levels", g, "gap", &l.gap);
    }
    for p in &out.by_province {
        row("provinces", p.code.to_string(), "required", &p.required);
        row("provinces", p.code.to_string(), "available", &p.available);
        row("provinces", p.code.to_string(), "gap", &p.gap);
    }
    row(
        "verdicts",
        "NL/technician".to_string(),
        "gap",
        &out.technician_verdict.gap,
    );
    for d in &out.digital_verdicts {
        row(
            "verdicts",
            format!("NL/{}", d.definition),
            "digital_count",
            &d.count,
        );
    }
    rows
}

/// The unrounded numbers behind the explorer's charts as CSV rows:
/// chart, group, year, quantity, unit, basis, low, central, high.
pub fn gap_csv(out: &GapOut, chart: Option<&str>) -> String {
    let mut s = String::from("chart,group,year,quantity,unit,basis,low,central,high\n");
    for r in chart_rows(out) {
        if chart.is_none_or(|c| c == r.chart) {
            let f = r.figure;
            s.push_str(&format!(
                "{},{},{},{},{},{},{},{},{}\n",
                r.chart,
                csv_field(&r.group),
                f.year,
                r.quantity,
                f.unit,
                f.basis,
                f.low,
                f.central,
                f.high
            ));
        }
    }
    s
}

/// Quotes a CSV field when it needs it.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
