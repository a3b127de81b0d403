//! The JSON API (see `assets/openapi.json` and docs/WEB.md). Every handler
//! validates its input and answers errors as JSON with the field at fault;
//! model runs and store access go to the blocking pool.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use krapte_model::LeverFlow;
use krapte_monitor::{ImportFormat, MonitorError};
use serde::Serialize;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::explore::{
    self, Request, CAMPAIGN_BUDGET_RANGE, CAMPAIGN_LAST_START, CAMPAIGN_START_DEFAULT,
    CAMPAIGN_YEARS_RANGE, LEVER_RANGE, OVERRIDE_RANGE,
};
use crate::state::AppState;

pub type Shared = Arc<AppState>;

/// Runs `f` on the blocking pool (model runs, SQLite).
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::internal(format!("the computation failed: {e}")))?
}

/// Parses a JSON body: 400 for malformed JSON, with the position.
fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        let status = if e.is_data() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::BAD_REQUEST
        };
        let field = field_of(&e.to_string());
        ApiError {
            status,
            error: format!("invalid JSON body: {e}"),
            field,
        }
    })
}

/// The field serde names in a message (`unknown field `x``, `missing field `x``).
fn field_of(msg: &str) -> Option<String> {
    let start = msg.find('`')? + 1;
    let len = msg[start..].find('`')?;
    Some(msg[start..start + len].to_string())
}

pub async fn scenarios(State(s): State<Shared>) -> Json<Value> {
    let ds = s.dataset;
    let list: Vec<Value> = s
        .scenarios
        .iter()
        .map(|p| {
            let sc = &p.value;
            json!({
                "id": p.id,
                "name": sc.name,
                "description": sc.description,
                "start_year": sc.start_year,
                "horizon": sc.horizon,
                "default": p.id == s.default_scenario().id,
                "measures": sc.measures.iter().filter_map(|m| {
                    let d = ds.measures.get(m.measure)?;
                    Some(json!({"id": d.id, "name": d.name, "unit": d.unit, "scale": m.scale}))
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    Json(json!({ "dataset_edition": ds.edition, "scenarios": list }))
}

/// Scale of each lever a policy switches on (intensity / default intensity).
pub fn policy_scales(s: &AppState, p: &krapte_model::Policy) -> serde_json::Map<String, Value> {
    let mut out = serde_json::Map::new();
    if let Some(pd) = &s.dataset.policy {
        for &(k, intensity) in &p.levers {
            if let Some(l) = pd.levers.get(k) {
                let scale = if l.default_intensity > 0.0 {
                    intensity / l.default_intensity
                } else {
                    0.0
                };
                out.insert(l.id.clone(), json!(scale));
            }
        }
    }
    out
}

/// Each campaign a policy runs: budget (MEUR a year), years, first year.
pub fn policy_campaigns(s: &AppState, p: &krapte_model::Policy) -> serde_json::Map<String, Value> {
    let mut out = serde_json::Map::new();
    if let Some(pd) = &s.dataset.policy {
        for c in &p.campaigns {
            if let Some(camp) = pd.campaigns.get(c.campaign) {
                out.insert(
                    camp.id.clone(),
                    json!({"budget_meur_per_year": c.budget_meur_per_year, "years": c.years, "start_year": c.start_year}),
                );
            }
        }
    }
    out
}

pub async fn policies(State(s): State<Shared>) -> Json<Value> {
    let list: Vec<Value> = s
        .policies
        .iter()
        .map(|p| {
            json!({
                "id": p.id,
                "name": p.value.name,
                "description": p.value.description,
                "default": Some(&p.id) == s.default_policy.as_ref(),
                "levers": policy_scales(&s, &p.value),
                "campaigns": policy_campaigns(&s, &p.value),
            })
        })
        .collect();
    Json(json!({ "policies": list }))
}

pub async fn levers(State(s): State<Shared>) -> Json<Value> {
    let ds = s.dataset;
    let levers: Vec<Value> = ds
        .policy
        .iter()
        .flat_map(|pd| &pd.levers)
        .map(|l| {
            json!({
                "id": l.id,
                "name": l.name,
                "plan_measure": l.measure,
                "flow": l.flow.code(),
                "acts": l.flow != LeverFlow::None,
                "effect": {"low": l.effect.low, "central": l.effect.central, "high": l.effect.high, "unit": l.effect_unit},
                "intensity_unit": l.intensity_unit,
                "default_intensity": l.default_intensity,
                "cost_eur_per_year": l.cost_eur_per_year,
                "payer": l.payer,
                "start_year": l.start_year,
                "lag_years": l.lag_years,
            })
        })
        .collect();
    let campaigns: Vec<Value> = ds
        .policy
        .iter()
        .flat_map(|pd| &pd.campaigns)
        .map(|c| {
            let r = |x: &krapte_model::Range3| json!({"low": x.low, "central": x.central, "high": x.high});
            json!({
                "id": c.id,
                "target_group": c.target_group,
                "flow": c.flow.code(),
                "funnel": {
                    "reach_per_meur": r(&c.reach_per_meur),
                    "interest_share": r(&c.interest_share),
                    "application_share": r(&c.application_share),
                    "conversion_share": r(&c.conversion_share),
                },
                "persons_per_year_per_meur": {
                    "low": c.persons_per_year(1.0, krapte_model::Variant::Low),
                    "central": c.persons_per_year(1.0, krapte_model::Variant::Central),
                    "high": c.persons_per_year(1.0, krapte_model::Variant::High),
                    "unit": "persons/year per MEUR/year",
                },
                "lag_years": r(&c.lag_years),
                "default_budget_meur_per_year": r(&c.default_budget_meur_per_year),
                "default_years": r(&c.default_years),
            })
        })
        .collect();
    let sc = &s.default_scenario().value;
    let measures: Vec<Value> = ds
        .measures
        .iter()
        .map(|m| {
            let idx = ds.measure_index(&m.id);
            json!({
                "id": m.id,
                "name": m.name,
                "unit": m.unit,
                "in_default_scenario": sc.measures.iter().any(|x| Some(x.measure) == idx),
            })
        })
        .collect();
    Json(json!({
        "levers": levers,
        "campaigns": campaigns,
        "climate_measures": measures,
        "lever_scale_range": [LEVER_RANGE.0, LEVER_RANGE.1],
        "campaign_budget_meur_per_year_range": [CAMPAIGN_BUDGET_RANGE.0, CAMPAIGN_BUDGET_RANGE.1],
        "campaign_years_range": [CAMPAIGN_YEARS_RANGE.0, CAMPAIGN_YEARS_RANGE.1],
        "campaign_start_year_range": [s.dataset.base_year, CAMPAIGN_LAST_START],
        "campaign_start_year_default": CAMPAIGN_START_DEFAULT,
        "override_factor_range": [OVERRIDE_RANGE.0, OVERRIDE_RANGE.1],
        "semantics": "overrides.{measure}: factor on the scenario's trajectory of that climate measure (1 = as in the scenario); levers.{lever}: scale of the lever's default intensity (0 = off, 1 = as announced), replacing the policy's setting; campaigns.{campaign}: {budget_meur_per_year (0 = off), years, start_year}, replacing the policy's setting of that campaign (what is left out comes from the policy, else from campaigns.csv's central defaults and campaign_start_year_default)",
    }))
}

pub async fn gap(
    State(s): State<Shared>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let req: Request = parse_json(&body?)?;
    let out = blocking(move || explore::gap(&s, &req)).await?;
    finite_json(&out)
}

/// `POST /api/odds`: the live probability of the explorer's setting
/// (see [`crate::live`]).
pub async fn odds(
    State(s): State<Shared>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let req: Request = parse_json(&body?)?;
    let out = blocking(move || crate::live::odds(&s, &req)).await?;
    let v = serde_json::to_value(&out).map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(Json(v))
}

/// The answer as JSON, unless a figure in it is not a finite number (JSON
/// writes NaN and infinity as null): then an error naming the figure, never
/// a null where a number belongs.
fn finite_json<T: Serialize>(out: &T) -> Result<Json<Value>, ApiError> {
    let v = serde_json::to_value(out).map_err(|e| ApiError::internal(e.to_string()))?;
    match broken_figure(&v, "") {
        None => Ok(Json(v)),
        Some(path) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "the result {path} is not a finite number, so it is not shown: the request's settings lie outside what the model can compute (try values nearer the scenario's)"
            ),
        )),
    }
}

/// The path of the first figure (an object with `central` and `unit`)
/// whose low, central or high is null.
fn broken_figure(v: &Value, path: &str) -> Option<String> {
    match v {
        Value::Object(m) => {
            if m.contains_key("central") && m.contains_key("unit") {
                let bad = ["low", "central", "high"]
                    .iter()
                    .any(|k| m.get(*k).is_some_and(Value::is_null));
                if bad {
                    return Some(path.to_string());
                }
            }
            m.iter()
                .find_map(|(k, x)| broken_figure(x, &format!("{path}.{k}")))
        }
        Value::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, x)| broken_figure(x, &format!("{path}[{i}]"))),
        _ => None,
    }
}

pub async fn plan(
    State(s): State<Shared>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let req: Request = parse_json(&body?)?;
    if s.dataset.policy.is_none() {
        return Err(ApiError::field(
            "policy",
            "the dataset has no lever catalogue: plans cannot be evaluated",
        ));
    }
    let out = blocking(move || explore::plan(&s, &req)).await?;
    finite_json(&out)
}

/// `GET /api/headline`: the headline (default scenario, default policy):
/// the same document as the `headline` of `krapte gap --format json` and
/// `krapte plan --format json` and the five lines of the pages and the
/// report (`krapte_present::compute`), or `status: computing` while the
/// background run is going.
pub async fn headline(State(s): State<Shared>) -> Result<Json<Value>, ApiError> {
    use crate::probability::{DRAWS, SEED};
    match s.probabilities.get() {
        None => Ok(Json(
            json!({"status": "computing", "draws": DRAWS, "seed": SEED}),
        )),
        Some(Err(e)) => Err(ApiError::internal(format!(
            "the Monte Carlo run failed: {e}"
        ))),
        Some(Ok(p)) => {
            let mut v = serde_json::to_value(p.headline.document())
                .map_err(|e| ApiError::internal(e.to_string()))?;
            if let Value::Object(m) = &mut v {
                m.insert("status".into(), json!("ready"));
            }
            Ok(Json(v))
        }
    }
}

/// `GET /api/probabilities`: the Monte Carlo probabilities of meeting the
/// goals (default scenario, without and with the default policy; the
/// technician gap nationally and per province), or `status: computing`
/// while the background run is going.
pub async fn probabilities(State(s): State<Shared>) -> Result<Json<Value>, ApiError> {
    use crate::probability::{DRAWS, SEED};
    match s.probabilities.get() {
        None => Ok(Json(
            json!({"status": "computing", "draws": DRAWS, "seed": SEED}),
        )),
        Some(Err(e)) => Err(ApiError::internal(format!(
            "the Monte Carlo run failed: {e}"
        ))),
        Some(Ok(p)) => {
            let mut v =
                serde_json::to_value(p.as_ref()).map_err(|e| ApiError::internal(e.to_string()))?;
            if let Value::Object(m) = &mut v {
                m.insert("status".into(), json!("ready"));
            }
            Ok(Json(v))
        }
    }
}

/// Decoded `key=value` pairs of a query string.
pub fn query_pairs(raw: Option<&str>) -> Vec<(String, String)> {
    raw.map(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).unwrap_or_default())
        .unwrap_or_default()
}

pub async fn gap_csv(State(s): State<Shared>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let pairs = query_pairs(q.as_deref());
    let req = Request::from_query(&pairs)?;
    let chart = pairs
        .iter()
        .find(|(k, _)| k == "chart")
        .map(|(_, v)| v.clone());
    if let Some(c) = &chart {
        if !["years", "levels", "provinces", "verdicts"].contains(&c.as_str()) {
            return Err(ApiError::field(
                "chart",
                format!("unknown chart '{c}'; one of years, levels, provinces, verdicts"),
            ));
        }
    }
    let out = blocking(move || explore::gap(&s, &req)).await?;
    let body = explore::gap_csv(&out, chart.as_deref());
    let name = format!(
        "krapte-{}-{}.csv",
        out.scenario,
        chart.as_deref().unwrap_or("gap")
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// `GET /api/export/scenario.toml` and `/api/export/policy.toml` with the
/// explorer's query string: the setting as files `krapte` runs
/// ([`crate::export`]); `/api/export/results.xlsx`: its results as a
/// spreadsheet.
pub async fn export_toml(
    State(s): State<Shared>,
    axum::extract::Path(file): axum::extract::Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let pairs = query_pairs(q.as_deref());
    let req = Request::from_query(&pairs)?;
    if file == "results.xlsx" {
        let body = blocking(move || crate::export::results_xlsx(&s, &req, q.as_deref())).await?;
        return Ok((
            [
                (
                    header::CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"krapte-verkenner-resultaten.xlsx\"".to_string(),
                ),
            ],
            body,
        )
            .into_response());
    }
    let body = match file.as_str() {
        "scenario.toml" => crate::export::scenario_toml(&s, &req)?,
        "policy.toml" => crate::export::policy_toml(&s, &req)?,
        _ => {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                format!("no export '{file}'; scenario.toml, policy.toml or results.xlsx"),
            ))
        }
    };
    let name = format!("krapte-verkenner-{file}");
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/toml; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response())
}

#[derive(Serialize)]
struct IndicatorSummary {
    id: String,
    name_nl: String,
    name_en: String,
    pillar: &'static str,
    unit: String,
    periodicity: String,
    target: Option<Value>,
    latest: Option<Value>,
    verdict: &'static str,
    source_id: String,
}

pub async fn indicators(State(s): State<Shared>) -> Result<Json<Value>, ApiError> {
    let out = blocking(move || {
        let store = s.store().map_err(ApiError::internal)?;
        let mut list = Vec::new();
        for ind in &s.registry.indicators {
            let series = store
                .series_shown(ind, "NL")
                .map_err(|e| ApiError::internal(e.to_string()))?;
            let a = s.registry.assess(ind, &series);
            list.push(IndicatorSummary {
                id: ind.id.clone(),
                name_nl: ind.name_nl.clone(),
                name_en: ind.name_en.clone(),
                pillar: ind.pillar.code(),
                unit: ind.unit.clone(),
                periodicity: ind.periodicity.clone(),
                target: ind.target.map(|(v, y)| json!({"value": v, "year": y})),
                latest: series.last().map(|p| {
                    json!({"period": p.period.to_string(), "value": p.value, "vintage": p.vintage})
                }),
                verdict: verdict_code(a.verdict),
                source_id: ind.source_id.clone(),
            });
        }
        Ok(json!({ "region": "NL", "indicators": list }))
    })
    .await?;
    Ok(Json(out))
}

pub fn verdict_code(v: krapte_monitor::Verdict) -> &'static str {
    use krapte_monitor::Verdict as V;
    match v {
        V::OnTrack => "on_track",
        V::Uncertain => "uncertain",
        V::OffTrack => "off_track",
        V::NoTarget => "no_target",
        V::TooFewData => "too_few_data",
    }
}

pub async fn indicator(
    State(s): State<Shared>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let out = blocking(move || {
        let ind = s
            .registry
            .get(&id)
            .ok_or_else(|| ApiError::not_found(format!("unknown indicator '{id}'")))?
            .clone();
        let store = s.store().map_err(ApiError::internal)?;
        let series = store
            .series_shown(&ind, "NL")
            .map_err(|e| ApiError::internal(e.to_string()))?;
        let a = s.registry.assess(&ind, &series);
        let source = s.registry.sources.get(&ind.source_id).map(|x| {
            json!({"title": x.title, "publisher": x.publisher, "url": x.url, "license": x.license})
        });
        let breaks: Vec<Value> = s
            .registry
            .breaks
            .iter()
            .filter(|(i, _, _)| *i == ind.id)
            .map(|(_, p, d)| json!({"period": p.to_string(), "description": d}))
            .collect();
        Ok(json!({
            "id": ind.id,
            "name_nl": ind.name_nl,
            "name_en": ind.name_en,
            "pillar": ind.pillar.code(),
            "unit": ind.unit,
            "definition": ind.definition,
            "definition_version": ind.definition_version,
            "periodicity": ind.periodicity,
            "target": ind.target.map(|(v, y)| json!({"value": v, "year": y})),
            "source": source,
            "region": "NL",
            "series": series.iter().map(|p| json!({
                "period": p.period.to_string(),
                "value": p.value,
                "vintage": p.vintage,
                "earlier_vintages": p.earlier.iter().map(|(v, x)| json!({"vintage": v, "value": x})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "breaks": breaks,
            "trend": {
                "break_note_nl": a.break_note(true),
                "break_note_en": a.break_note(false),
                "slope_per_year": a.slope_per_year,
                "log_linear": a.log_linear,
                "points_used": a.points_used,
                "projection_target_year": a.projection.map(|(lo, mid, hi)| json!({"low": lo, "central": mid, "high": hi, "unit": ind.unit})),
            },
            "verdict": verdict_code(a.verdict),
            "verdict_label": a.verdict.label(),
        }))
    })
    .await?;
    Ok(Json(out))
}

/// `POST /api/monitor/import`: a CSV body, all or nothing; needs the token.
pub async fn import(
    State(s): State<Shared>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match (s.token_matches(given.unwrap_or("")), given) {
        (None, _) => {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "writes are disabled: the server was started without a write token",
            ))
        }
        (Some(_), None) => {
            return Err(ApiError {
                status: StatusCode::UNAUTHORIZED,
                error: "an import needs 'Authorization: Bearer <token>'".into(),
                field: Some("Authorization".into()),
            })
        }
        (Some(false), Some(_)) => {
            return Err(ApiError {
                status: StatusCode::FORBIDDEN,
                error: "wrong token".into(),
                field: Some("Authorization".into()),
            })
        }
        (Some(true), Some(_)) => {}
    }
    let pairs = query_pairs(q.as_deref());
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let format = match get("format").as_deref() {
        None | Some("long") => ImportFormat::Long,
        Some("cbs") => ImportFormat::Cbs {
            indicator: get("indicator")
                .ok_or_else(|| ApiError::field("indicator", "a CBS export needs ?indicator=ID"))?,
            value_column: get("value_column"),
            vintage: get("vintage").ok_or_else(|| {
                ApiError::field("vintage", "a CBS export needs ?vintage=YYYY-MM-DD")
            })?,
        },
        Some(other) => {
            return Err(ApiError::field(
                "format",
                format!("unknown format '{other}'; long or cbs"),
            ))
        }
    };
    let flag = |k: &str| -> Result<bool, ApiError> {
        match get(k).as_deref() {
            None | Some("false") | Some("0") => Ok(false),
            Some("true") | Some("1") | Some("") => Ok(true),
            Some(other) => Err(ApiError::field(
                k,
                format!(
                    "expected true or false, found {}",
                    krapte_problem::echo(other)
                ),
            )),
        }
    };
    let opts = krapte_monitor::ImportOptions {
        accept_jumps: flag("accept_jumps")?,
        dry_run: flag("dry_run")?,
    };
    let scale = match get("scale") {
        None => 1.0,
        Some(v) => v
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite() && *x > 0.0 && *x <= 1e9)
            .ok_or_else(|| {
                ApiError::field(
                    "scale",
                    format!(
                        "expected a number above 0 (1000 for a file in thousands), found {}",
                        krapte_problem::echo(&v)
                    ),
                )
            })?,
    };
    let body = body?;
    let text = String::from_utf8(body.to_vec()).map_err(|e| {
        let (line, byte) = krapte_problem::read::line_and_byte(&body, e.utf8_error().valid_up_to());
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("the body is not UTF-8 text: line {line}, byte {byte} of the line"),
        )
    })?;
    // Runs to its end, commit or rollback, whatever happens to the
    // connection: the import route has no response timeout, so it never
    // answers 408 for an import that then commits.
    let out = blocking(move || {
        let name = "upload.csv";
        let parse = krapte_monitor::ParseOptions {
            scale,
            ..Default::default()
        };
        let parsed = krapte_monitor::parse_import(name, &text, &format, &s.registry, &parse)
            .map_err(problems_error)?;
        let _guard = s
            .import_lock
            .lock()
            .map_err(|_| ApiError::internal("an earlier import failed badly"))?;
        let mut store = s.store().map_err(ApiError::internal)?;
        let r = store
            .import_with(name, &parsed.observations, opts)
            .map_err(|e| match e {
                MonitorError::Input(ps) => problems_error(ps),
                other => ApiError::internal(other.to_string()),
            })?;
        let changes: Vec<Value> = r
            .changes
            .iter()
            .take(1000)
            .map(|c| {
                json!({"indicator": c.indicator, "region": c.region, "period": c.period.to_string(),
                       "vintage": c.vintage, "before": c.before, "after": c.after})
            })
            .collect();
        Ok(json!({
            "committed": r.committed,
            "dry_run": opts.dry_run,
            "rows": parsed.observations.len(),
            "new": r.summary.new,
            "revised": r.summary.revised,
            "unchanged": r.summary.unchanged,
            "missing": parsed.missing.iter().map(|(l, w)| json!({"line": l, "row": w})).collect::<Vec<_>>(),
            "changes": changes,
        }))
    })
    .await?;
    Ok(Json(out))
}

/// 422 with the problems of an import: at most 100 listed per file (each
/// with line, field and message), and how many there were in all.
fn problems_error(ps: krapte_monitor::Problems) -> ApiError {
    let first = ps.listed().first().and_then(|p| p.field.clone());
    let list: Vec<Value> = ps
        .listed()
        .iter()
        .map(|p| json!({"line": p.line, "field": p.field, "message": p.message}))
        .collect();
    let shown = list.len();
    ApiError {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        error: format!(
            "nothing imported; {} problem(s){}: {}",
            ps.total(),
            if (shown as u64) < ps.total() {
                format!(" (the first {shown} listed)")
            } else {
                String::new()
            },
            serde_json::to_string(&list).unwrap_or_default()
        ),
        field: first,
    }
}

pub const OPENAPI: &str = include_str!("../assets/openapi.json");

pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

pub async fn not_found() -> ApiError {
    ApiError::not_found("no such page or endpoint")
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method not allowed on this endpoint (see /api/openapi.json)",
    )
}
