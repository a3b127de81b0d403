//! API tests on the toy dataset (tests/fixtures/toy) through the router,
//! without a socket: every endpoint, malformed and out-of-range input, the
//! write token, body limits, headers, and the OpenAPI description.

use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use krapte_model::mc::summary::{probability, summarize};
use krapte_web::i18n::Lang;
use krapte_web::{router, AppState, Config};
use serde_json::{json, Value};
use tower::ServiceExt;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The toy state with a fresh store in `dir`.
fn toy(dir: &tempfile::TempDir, token: Option<&str>) -> Arc<AppState> {
    let fx = root().join("tests/fixtures");
    let cfg = Config {
        data_dir: fx.join("toy"),
        scenario_files: vec![fx.join("toy/scenario.toml")],
        policy_files: vec![fx.join("toy/policy.toml")],
        registry_dir: fx.join("monitor"),
        store_path: dir.path().join("store.sqlite"),
        write_token: token.map(str::to_string),
        default_scenario: "scenario".into(),
        default_policy: "policy".into(),
    };
    Arc::new(AppState::load(&cfg).expect("the toy state loads"))
}

/// The built-in state (data/default, the presets of scenarios/ and
/// policies/) with a fresh store in `dir`.
fn builtin(dir: &tempfile::TempDir) -> Arc<AppState> {
    let cfg = Config {
        data_dir: root().join("data/default"),
        scenario_files: Config::toml_files(&root().join("scenarios")),
        policy_files: Config::toml_files(&root().join("policies")),
        registry_dir: root().join("data/monitor"),
        store_path: dir.path().join("store.sqlite"),
        write_token: None,
        default_scenario: "referentie-55".into(),
        default_policy: "actieplan".into(),
    };
    Arc::new(AppState::load(&cfg).expect("the built-in state loads"))
}

/// Starts the background Monte Carlo run and waits for it.
async fn compute_probabilities(s: &Arc<AppState>) {
    s.start_probabilities();
    let t0 = std::time::Instant::now();
    while s.probabilities.get().is_none() {
        assert!(
            t0.elapsed().as_secs() < 600,
            "the Monte Carlo run does not end"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// The odds of `POST /api/odds` (`o`) against a full Monte Carlo's gaps:
/// P5/P50/P95/mean to 1e-9 of the largest gap, the probability to one draw.
fn same_odds(o: &Value, gaps: &[f64], draws: usize, body: &str) {
    let sum = summarize(gaps);
    let size = gaps.iter().fold(1.0f64, |m, g| m.max(g.abs()));
    for (key, want) in [
        ("p5", sum.p5),
        ("p50", sum.p50),
        ("p95", sum.p95),
        ("mean", sum.mean),
    ] {
        let got = o[key].as_f64().expect("number");
        assert!(
            (got - want).abs() <= 1e-9 * size,
            "{body}: {key} {got} against {want}"
        );
    }
    let pr = probability(gaps, |g| g <= 0.0);
    assert!(
        (o["probability_closed"].as_f64().expect("p") - pr).abs() <= 1.0 / draws as f64,
        "{body}"
    );
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

async fn send(state: &Arc<AppState>, req: Request<Body>) -> Answer {
    let res = router(state.clone())
        .oneshot(req)
        .await
        .expect("infallible");
    let status = res.status();
    let headers = res.headers().clone();
    let body = res
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

async fn get(state: &Arc<AppState>, uri: &str) -> Answer {
    send(
        state,
        Request::get(uri).body(Body::empty()).expect("request"),
    )
    .await
}

async fn post(state: &Arc<AppState>, uri: &str, body: impl Into<Body>) -> Answer {
    let req = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .expect("request");
    send(state, req).await
}

async fn post_json(state: &Arc<AppState>, uri: &str, v: Value) -> Answer {
    post(state, uri, v.to_string()).await
}

/// Asserts a JSON error with a status and the field at fault.
fn error(a: &Answer, status: StatusCode, field: Option<&str>) {
    assert_eq!(a.status, status, "{}", a.text());
    let v = a.json();
    assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()), "{v}");
    assert_eq!(v["field"].as_str(), field, "{v}");
}

fn gap_2028(v: &Value) -> f64 {
    v["years"]
        .as_array()
        .and_then(|ys| ys.iter().find(|y| y["year"] == 2028))
        .and_then(|y| y["gap"]["central"].as_f64())
        .expect("a 2028 gap")
}

#[tokio::test]
async fn catalogue_endpoints() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = toy(&dir, None);
    let a = get(&s, "/api/scenarios").await;
    assert_eq!(a.status, StatusCode::OK);
    let v = a.json();
    assert_eq!(v["scenarios"][0]["id"], "scenario");
    let ids: Vec<&str> = v["scenarios"][0]["measures"]
        .as_array()
        .expect("measures")
        .iter()
        .filter_map(|m| m["id"].as_str())
        .collect();
    assert_eq!(ids, ["spend_x", "plant"]);
    let v = get(&s, "/api/policies").await.json();
    assert_eq!(v["policies"][0]["id"], "policy");
    assert_eq!(v["policies"][0]["levers"]["side"], 1.0);
    let v = get(&s, "/api/levers").await.json();
    let side = &v["levers"][0];
    assert_eq!(side["id"], "side");
    assert_eq!(side["flow"], "side_entry");
    assert_eq!(side["effect"]["low"], 5.0);
    assert_eq!(side["effect"]["unit"], "persons/year");
    assert_eq!(v["lever_scale_range"], json!([0.0, 3.0]));
    assert_eq!(v["climate_measures"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn gap_figures_carry_unit_year_basis_and_range() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = toy(&dir, None);
    let a = post_json(&s, "/api/gap", json!({})).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    let v = a.json();
    assert_eq!(v["goal_year"], 2028);
    assert_eq!(v["policy"], Value::Null);
    let years = v["years"].as_array().expect("years");
    assert_eq!(years.len(), 5);
    for y in years {
        for q in ["required", "climate", "available", "gap"] {
            let f = &y[q];
            assert_eq!(f["unit"], "fte");
            assert_eq!(f["year"], y["year"]);
            assert!(["net", "supply"].contains(&f["basis"].as_str().unwrap_or("")));
            let (lo, c, hi) = (
                f["low"].as_f64().expect("low"),
                f["central"].as_f64().expect("central"),
                f["high"].as_f64().expect("high"),
            );
            assert!(lo <= c && c <= hi, "{f}");
        }
    }
    assert_eq!(v["by_level"].as_array().map(Vec::len), Some(6));
    assert_eq!(v["by_province"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["technician_verdict"]["year"], 2028);
    assert!(v["technician_verdict"]["label_nl"].as_str().is_some());
    assert!(v["digital_verdicts"].as_array().is_some());
    // Provinces add up to the nation in the central run.
    let sum: f64 = v["by_province"]
        .as_array()
        .expect("provinces")
        .iter()
        .filter_map(|p| p["gap"]["central"].as_f64())
        .sum();
    assert!((sum - gap_2028(&v)).abs() < 1e-6 * (1.0 + sum.abs()));
}

#[tokio::test]
async fn sliders_move_the_gap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = toy(&dir, None);
    let base = post_json(&s, "/api/gap", json!({})).await.json();
    let more = post_json(&s, "/api/gap", json!({"overrides": {"plant": 2.0}}))
        .await
        .json();
    let climate = |v: &Value| {
        v["years"][2]["climate"]["central"]
            .as_f64()
            .expect("climate")
    };
    assert!(
        climate(&more) > climate(&base),
        "doubling the plant adds climate demand"
    );
    let none = post_json(
        &s,
        "/api/gap",
        json!({"overrides": {"plant": 0.0, "spend_x": 0.0}}),
    )
    .await
    .json();
    // What is left is the fossil job losses (net basis).
    assert!(climate(&none) < climate(&base));
    let levers = post_json(&s, "/api/gap", json!({"levers": {"side": 3.0}}))
        .await
        .json();
    assert!(
        gap_2028(&levers) < gap_2028(&base),
        "side-entrants close some gap"
    );
    assert_eq!(levers["levers_on"], 1);
    // The policy's lever switched off again by its slider.
    let off = post_json(
        &s,
        "/api/gap",
        json!({"policy": "policy", "levers": {"side": 0.0}}),
    )
    .await
    .json();
    let on = post_json(&s, "/api/gap", json!({"policy": "policy"}))
        .await
        .json();
    assert!(gap_2028(&on) < gap_2028(&off));
    // A province view.
    let pv = post_json(&s, "/api/gap", json!({"province": "PV27"}))
        .await
        .json();
    assert_eq!(pv["province"]["code"], "PV27");
    let nh = base["by_province"][0]["gap"]["central"]
        .as_f64()
        .expect("nh");
    assert!((gap_2028(&pv) - nh).abs() < 1e-6 * (1.0 + nh.abs()));
}

/// On the toy data too the explorer's fast path is used and gives the full
/// chain's figures.
#[tokio::test]
async fn fast_path_equals_the_full_chain_on_the_toy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = toy(&dir, None);
    assert!(s.fast("scenario").is_some_and(|f| f.linear()));
    let bodies = [
        json!({}),
        json!({"overrides": {"plant": 2.0, "spend_x": 0.3}, "province": "PV27"}),
        json!({"policy": "policy", "levers": {"side": 2.5}, "overrides": {"plant": 0.0}}),
    ];
    for b in bodies {
        let req: krapte_web::explore::Request = serde_json::from_value(b.clone()).expect("body");
        let fast = krapte_web::explore::gap(&s, &req).expect("fast");
        let full = krapte_web::explore::gap_full(&s, &req).expect("full");
        assert!(krapte_web::explore::same_figures(&fast, &full, 1e-9), "{b}");
    }
}

/// Campaign sliders: budget, years and start per target group, in the JSON
/// body and in the query string, replacing the policy's setting; bad values
/// are refused with the field at fault.
#[tokio::test]
async fn campaign_budgets_move_the_gap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = toy(&dir, None);
    let v = get(&s, "/api/levers").await.json();
    let ids: Vec<&str> = v["campaigns"]
        .as_array()
        .expect("campaigns")
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert_eq!(ids, ["zij", "pupils"]);
    // 100,000 reached per MEUR x 0.1 x 0.1 x 0.1 = 100 persons a year per MEUR.
    assert_eq!(
        v["campaigns"][0]["persons_per_year_per_meur"]["central"],
        100.0
    );
    assert_eq!(v["campaign_years_range"], json!([1.0, 10.0]));
    let p = get(&s, "/api/policies").await.json();
    assert_eq!(
        p["policies"][0]["campaigns"]["zij"]["budget_meur_per_year"],
        1.0
    );
    assert_eq!(p["policies"][0]["campaigns"]["zij"]["start_year"], 2025);

    let base = post_json(&s, "/api/gap", json!({})).await.json();
    assert_eq!(base["campaigns_on"], 0);
    let zij = |budget: f64| json!({"campaigns": {"zij": {"budget_meur_per_year": budget, "start_year": 2025}}});
    let one = post_json(&s, "/api/gap", zij(1.0)).await.json();
    let ten = post_json(&s, "/api/gap", zij(10.0)).await.json();
    assert_eq!(one["campaigns_on"], 1);
    assert!(
        gap_2028(&one) < gap_2028(&base),
        "a campaign brings side-entrants"
    );
    assert!(
        gap_2028(&ten) < gap_2028(&one),
        "more budget, more side-entrants"
    );
    // Without a start year, a campaign switched on here starts in 2027.
    let late = post_json(
        &s,
        "/api/gap",
        json!({"campaigns": {"zij": {"budget_meur_per_year": 10.0}}}),
    )
    .await
    .json();
    assert!(gap_2028(&late) > gap_2028(&ten) && gap_2028(&late) < gap_2028(&base));
    // The same through the query string of the CSV.
    let csv = get(&s, "/api/gap.csv?c.zij=10&c.zij.start=2025&chart=verdicts")
        .await
        .text();
    let row = csv
        .lines()
        .find(|l| l.starts_with("verdicts,NL/technician,2028,gap,"))
        .expect("the verdict row");
    let central: f64 = row
        .split(',')
        .nth(7)
        .and_then(|x| x.parse().ok())
        .expect("central");
    assert_eq!(
        central,
        ten["technician_verdict"]["gap"]["central"]
            .as_f64()
            .expect("gap")
    );
    // The policy runs zij at 1 MEUR from 2025: a budget of 0 switches it off,
    // a budget alone keeps the policy's years and start.
    let policy = post_json(&s, "/api/gap", json!({"policy": "policy"}))
        .await
        .json();
    let off = post_json(
        &s,
        "/api/gap",
        json!({"policy": "policy", "campaigns": {"zij": {"budget_meur_per_year": 0.0}}}),
    )
    .await
    .json();
    assert_eq!(policy["campaigns_on"], 1);
    assert_eq!(off["campaigns_on"], 0);
    assert!(gap_2028(&off) > gap_2028(&policy));
    let same = post_json(
        &s,
        "/api/gap",
        json!({"policy": "policy", "campaigns": {"zij": {"budget_meur_per_year": 1.0}}}),
    )
    .await
    .json();
    assert_eq!(gap_2028(&same), gap_2028(&policy));
    // Enrolment campaigns act too (through first-year students).
    let pupils = post_json(
        &s,
        "/api/gap",
        json!({"campaigns": {"pupils": {"budget_meur_per_year": 20.0, "start_year": 2024}}}),
    )
    .await
    .json();
    assert_eq!(pupils["campaigns_on"], 1);
    assert!(gap_2028(&pupils) <= gap_2028(&base));
    // Errors name the field.
    for (body, field) in [
        (json!({"campaigns": {"nope": {}}}), "campaigns.nope"),
        (
            json!({"campaigns": {"zij": {"budget_meur_per_year": 60.0}}}),
            "campaigns.zij.budget_meur_per_year",
        ),
        (
            json!({"campaigns": {"zij": {"budget_meur_per_year": -1.0}}}),
            "campaigns.zij.budget_meur_per_year",
        ),
        (
            json!({"campaigns": {"zij": {"years": 2.5}}}),
            "campaigns.zij.years",
        ),
        (
            json!({"campaigns": {"zij": {"years": 0}}}),
            "campaigns.zij.years",
        ),
        (
            json!({"campaigns": {"zij": {"start_year": 1990}}}),
            "campaigns.zij.start_year",
        ),
        (
            json!({"campaigns": {"zij": {"start_year": 2031}}}),
            "campaigns.zij.start_year",
        ),
    ] {
        error(
            &post_json(&s, "/api/gap", body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(field),
        );
    }
    error(
        &post_json(
            &s,
            "/api/gap",
            json!({"campaigns": {"zij": {"budget": 1.0}}}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("budget"),
    );
    error(
        &get(&s, "/api/gap.csv?c.zij.years=x").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("campaigns.zij.years"),
    );
    // The explorer page has the campaign sliders.
    let page = get(&s, "/verkenner").await.text();
    assert!(page.contains("name=\"c.zij\"") && page.contains("name=\"c.pupils.years\""));
}

/// The Monte Carlo probabilities: "computing" until the background run is
/// done, then on the API and the pages with draws, seed and P5/P50/P95.
#[tokio::test]
async fn probabilities_in_the_background() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = toy(&dir, None);
    let v = get(&s, "/api/probabilities").await.json();
    assert_eq!(v["status"], "computing");
    assert_eq!(v["draws"], 2000);
    assert!(get(&s, "/doorrekening")
        .await
        .text()
        .contains("worden berekend"));
    assert!(get(&s, "/").await.text().contains("worden berekend"));
    compute_probabilities(&s).await;
    let v = get(&s, "/api/probabilities").await.json();
    assert_eq!(v["status"], "ready", "{v}");
    assert_eq!(v["draws"], 2000);
    assert_eq!(v["seed"], 2030);
    assert_eq!(v["year"], 2028);
    assert_eq!(v["policy"], "policy");
    for key in ["technician_without", "technician_with"] {
        let o = &v[key];
        let p = o["probability_met"].as_f64().expect("probability");
        assert!((0.0..=1.0).contains(&p), "{o}");
        let (p5, p50, p95) = (
            o["p5"].as_f64().expect("p5"),
            o["p50"].as_f64().expect("p50"),
            o["p95"].as_f64().expect("p95"),
        );
        assert!(p5 <= p50 && p50 <= p95 && p5 < p95, "{o}");
        assert_eq!(o["unit"], "fte");
        assert_eq!(o["basis"], "net");
        assert_eq!(o["year"], 2028);
    }
    // The policy brings side-entrants: its gap is lower in the median.
    assert!(v["technician_with"]["p50"].as_f64() < v["technician_without"]["p50"].as_f64());
    // The same as computing it again (fixed seed).
    let again = krapte_web::probability::compute(&s, None).expect("runs");
    let w = again.technician_with.expect("with the policy");
    assert_eq!(
        Some(w.probability_met),
        v["technician_with"]["probability_met"].as_f64()
    );
    let p50 = v["technician_with"]["p50"].as_f64().expect("p50");
    assert_eq!(
        w.p50, p50,
        "the same draws give the same numbers, bit for bit"
    );
    let page = get(&s, "/doorrekening").await.text();
    assert!(!page.contains("wordt berekend"));
    assert!(page.contains("data-status=\"ready\"") && page.contains("2.000 trekkingen"));
    assert!(page.contains("seed 2030"), "in the analysts' details");
    assert!(
        get(&s, "/").await.text().contains("data-status=\"ready\""),
        "the home page is rendered again"
    );
    // Per province (the toy's two), from the same draws.
    let provinces = v["technician_by_province"].as_array().expect("provinces");
    let codes: Vec<&str> = provinces
        .iter()
        .filter_map(|p| p["code"].as_str())
        .collect();
    assert_eq!(codes, ["PV27", "PV28"]);
    check_provinces(&v, 2028);

    // The built-in data: the 12 provinces.
    let dir = tempfile::tempdir().expect("tempdir");
    let s = builtin(&dir);
    compute_probabilities(&s).await;
    let v = get(&s, "/api/probabilities").await.json();
    assert_eq!(v["status"], "ready", "{v}");
    assert_eq!(v["policy"], "actieplan");
    let provinces = v["technician_by_province"].as_array().expect("provinces");
    assert_eq!(provinces.len(), 12, "{v}");
    let expected: Vec<&str> = s.dataset.regions.iter().map(|r| r.code()).collect();
    let codes: Vec<&str> = provinces
        .iter()
        .filter_map(|p| p["code"].as_str())
        .collect();
    assert_eq!(codes, expected, "the dataset's regions in order");
    assert_eq!(provinces[7]["code"], "PV27");
    assert_eq!(provinces[7]["name"], "Noord-Holland");
    check_provinces(&v, 2030);
    // Every gap year per province: 12 provinces x the gap years, each
    // province's years ascending, the goal year's rows those above.
    let years = v["technician_by_province_year"]
        .as_array()
        .expect("provinces per year");
    assert!(years.len() > 12 && years.len() % 12 == 0, "{}", years.len());
    let per_province = years.len() / 12;
    for (r, rows) in years.chunks(per_province).enumerate() {
        assert!(rows.iter().all(|o| o["code"] == provinces[r]["code"]));
        let ys: Vec<u64> = rows
            .iter()
            .filter_map(|o| o["without"]["year"].as_u64())
            .collect();
        assert!(ys.windows(2).all(|w| w[0] + 1 == w[1]), "{ys:?}");
        assert_eq!(ys.last(), Some(&2030));
        let goal = rows.iter().find(|o| o["without"]["year"] == 2030);
        assert_eq!(goal, Some(&provinces[r]), "the goal year's row");
        for o in rows {
            assert_eq!(o["with"]["year"], o["without"]["year"], "{o}");
            let p = o["with"]["probability_met"].as_f64().expect("probability");
            assert!((0.0..=1.0).contains(&p), "{o}");
        }
    }
    // The notes say how the draws were made: the built-in data's
    // correlation groups, in both languages, on the API and the page.
    let (nl, en) = (v["notes"].to_string(), v["notes_en"].to_string());
    assert!(
        nl.contains("4 correlatiegroepen uit uncertainty.csv"),
        "{nl}"
    );
    assert!(
        en.contains("4 correlation groups from uncertainty.csv"),
        "{en}"
    );
    assert!(!nl.contains("alle onafhankelijk"), "{nl}");
    let page = get(&s, "/doorrekening?lang=en").await.text();
    assert!(
        page.contains("correlation groups from uncertainty.csv"),
        "English page"
    );
}

/// The provinces' odds of a ready `/api/probabilities` answer: every
/// probability in [0, 1], unit, year and basis stated, P5 <= P50 <= P95,
/// and the provinces' mean gaps add up to the national mean gap (the
/// provinces add up in every draw), without and with the policy.
fn check_provinces(v: &Value, year: u64) {
    let provinces = v["technician_by_province"].as_array().expect("provinces");
    assert!(!provinces.is_empty(), "{v}");
    for (side, national) in [
        ("without", "technician_without"),
        ("with", "technician_with"),
    ] {
        let mut sum = 0.0;
        for p in provinces {
            let o = &p[side];
            let prob = o["probability_met"].as_f64().expect("probability");
            assert!((0.0..=1.0).contains(&prob), "{p}");
            assert_eq!(o["unit"], "fte", "{p}");
            assert_eq!(o["basis"], "net", "{p}");
            assert_eq!(o["year"], year, "{p}");
            let q = |k: &str| o[k].as_f64().expect("quantile");
            assert!(
                q("p5") <= q("p50") && q("p50") <= q("p95") && q("p5") < q("p95"),
                "{p}"
            );
            sum += q("mean");
        }
        let mean = v[national]["mean"].as_f64().expect("national mean");
        assert!(
            (sum - mean).abs() <= 1e-6 * mean.abs(),
            "{side}: the provinces' mean gaps add up to {sum}, the national mean gap is {mean}"
        );
    }
}

/// `/regio` says the probability per province is being computed, and once
/// computed shows each province's probability closed without and with the
/// plan, the same as the API, in Dutch and English.
#[tokio::test]
async fn regio_shows_province_probabilities() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = builtin(&dir);
    let page = get(&s, "/regio").await.text();
    assert!(page.contains("id=\"mc-regio\" data-status=\"computing\""));
    assert!(page.contains("<th scope=\"col\">kans zonder tekort, met beleid</th>"));
    assert!(!page.contains("gedicht"), "no verdict word on /regio");
    assert_eq!(
        page.matches("<td class=\"n computing\">wordt berekend</td>")
            .count(),
        24
    );
    let en = get(&s, "/regio?lang=en").await.text();
    assert_eq!(
        en.matches("<td class=\"n computing\">being computed</td>")
            .count(),
        24
    );
    compute_probabilities(&s).await;
    let v = get(&s, "/api/probabilities").await.json();
    let provinces = v["technician_by_province"].as_array().expect("provinces");
    assert_eq!(provinces.len(), 12);
    let page = get(&s, "/regio").await.text();
    assert!(!page.contains("wordt berekend"));
    assert!(page.contains("id=\"mc-regio\" data-status=\"ready\""));
    assert!(page.contains("aandeel van de 2.000 trekkingen"));
    assert!(page.contains("geen technici van elkaar lenen"));
    let en = get(&s, "/regio?lang=en").await.text();
    assert!(en.contains("share of the 2,000 draws") && en.contains("cannot borrow technicians"));
    for w in ["Kans ", "trekkingen", "wordt berekend", "netto", "gedicht"] {
        assert!(!en.contains(w), "/regio?lang=en has Dutch '{w}'");
    }
    let row = |html: &str, code: &str| -> String {
        let start = html
            .find(&format!("<tr id=\"{code}\">"))
            .unwrap_or_else(|| panic!("no row {code}"));
        let len = html[start..].find("</tr>").expect("row end");
        html[start..start + len].to_string()
    };
    // Whole percent, as the headline and the region pages write it.
    let pct = |lang: Lang, p: f64| {
        let pl = match lang {
            Lang::Nl => krapte_present::Lang::Nl,
            Lang::En => krapte_present::Lang::En,
        };
        format!("<strong>{}</strong>", pl.pct(p))
    };
    let mut differ = false;
    for p in provinces {
        let code = p["code"].as_str().expect("code");
        let without = p["without"]["probability_met"].as_f64().expect("without");
        let with = p["with"]["probability_met"].as_f64().expect("with");
        differ |= without != with;
        for (html, lang) in [(&page, Lang::Nl), (&en, Lang::En)] {
            let r = row(html, code);
            let (a, b) = (pct(lang, without), pct(lang, with));
            let (ia, ib) = (
                r.find(&a)
                    .unwrap_or_else(|| panic!("{code}: {a} not in {r}")),
                r.rfind(&b)
                    .unwrap_or_else(|| panic!("{code}: {b} not in {r}")),
            );
            assert!(ia < ib || a == b, "{code}: without before with: {r}");
            let mean = p["without"]["mean"].as_f64().expect("mean");
            assert!(r.contains(&lang.num(mean)), "{code}: the mean gap: {r}");
        }
    }
    assert!(differ, "the plan moves some province's probability");
    // Noord-Holland: the plan closes its gap in most draws.
    let nh = provinces
        .iter()
        .find(|p| p["code"] == "PV27")
        .expect("Noord-Holland");
    assert!(nh["with"]["probability_met"].as_f64() > nh["without"]["probability_met"].as_f64());
    // The map's title of the province has them too.
    assert!(page.contains(&format!(
        "kans zonder tekort, zonder beleid {}",
        krapte_present::Lang::Nl.pct(nh["without"]["probability_met"].as_f64().expect("p"))
    )));
}

/// `?lang=en` gives every page in English (Dutch stays the default), with
/// English number notation and the language kept in the links.
#[tokio::test]
async fn english_pages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = toy(&dir, None);
    let dutch_words = [
        "Technicustekort",
        "bandbreedte",
        "Beleid",
        "beschikbaar",
        "Bron:",
        "Laatste waarde",
        "wordt berekend",
        "Kans ",
        "Verkenner",
        "Doorrekening",
        "netto",
        "Pijler",
        "geen beleid",
        "trekkingen",
    ];
    for path in ["/", "/doorrekening", "/regio", "/verkenner", "/monitor"] {
        let nl = get(&s, path).await.text();
        assert!(nl.contains("<html lang=\"nl\">"), "{path}");
        assert!(nl.contains("hreflang=\"en\">English</a>"), "{path}");
        let en = get(&s, &format!("{path}?lang=en")).await;
        assert_eq!(en.status, StatusCode::OK);
        let en = en.text();
        assert!(en.contains("<html lang=\"en\">"), "{path}");
        assert!(en.contains("hreflang=\"nl\">Nederlands</a>"), "{path}");
        assert!(
            en.contains("href=\"/regio?lang=en\""),
            "{path}: links keep the language"
        );
        for w in dutch_words {
            assert!(!en.contains(w), "{path}?lang=en has Dutch '{w}'");
        }
    }
    let home = get(&s, "/?lang=en").await.text();
    assert!(home.contains("The two goals in 2028") && home.contains("being computed"));
    let doorrekening = get(&s, "/doorrekening?lang=en").await.text();
    assert!(doorrekening.contains("Technicians per year") && doorrekening.contains("range"));
    // The Dutch home page is still Dutch after the English one was cached.
    assert!(get(&s, "/").await.text().contains("De twee doelen in 2028"));
}

#[tokio::test]
async fn bad_requests_name_the_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = toy(&dir, None);
    error(
        &post(&s, "/api/gap", "{bad").await,
        StatusCode::BAD_REQUEST,
        None,
    );
    error(
        &post(&s, "/api/gap", "").await,
        StatusCode::BAD_REQUEST,
        None,
    );
    let cases = [
        (json!({"levers": {"nope": 1.0}}), "levers.nope"),
        (json!({"levers": {"side": 5.0}}), "levers.side"),
        (json!({"levers": {"side": -0.1}}), "levers.side"),
        (json!({"overrides": {"plant": 2.5}}), "overrides.plant"),
        (
            json!({"overrides": {"heat_pumps": 1.0}}),
            "overrides.heat_pumps",
        ),
        (json!({"scenario": "nope"}), "scenario"),
        (json!({"policy": "nope"}), "policy"),
        (json!({"province": "PV99"}), "province"),
        (json!({"province": "PV20"}), "province"),
        (json!({"colour": "red"}), "colour"),
    ];
    for (body, field) in cases {
        let a = post_json(&s, "/api/gap", body.clone()).await;
        error(&a, StatusCode::UNPROCESSABLE_ENTITY, Some(field));
    }
    let a = post_json(&s, "/api/gap", json!({"levers": {"side": "lots"}})).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.text());
    let a = post_json(&s, "/api/plan", json!({"levers": {"side": 9}})).await;
    error(&a, StatusCode::UNPROCESSABLE_ENTITY, Some("levers.side"));
    let a = get(&s, "/api/gap.csv?l.side=x").await;
    error(&a, StatusCode::UNPROCESSABLE_ENTITY, Some("levers.side"));
    let a = get(&s, "/api/gap.csv?chart=pie").await;
    error(&a, StatusCode::UNPROCESSABLE_ENTITY, Some("chart"));
    let a = get(&s, "/api/nothing").await;
    error(&a, StatusCode::NOT_FOUND, None);
}

#[tokio::test]
async fn oversize_bodies_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = toy(&dir, Some("secret"));
    let big = format!(
        "{{\"scenario\": \"{}\"}}",
        "x".repeat(krapte_web::BODY_LIMIT + 10)
    );
    let a = post(&s, "/api/gap", big).await;
    error(&a, StatusCode::PAYLOAD_TOO_LARGE, None);
    let huge = "x".repeat(krapte_web::IMPORT_LIMIT + 10);
    let req = Request::post("/api/monitor/import")
        .header(header::AUTHORIZATION, "Bearer secret")
        .body(Body::from(huge))
        .expect("request");
    assert_eq!(send(&s, req).await.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn csv_matches_the_json_unrounded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = toy(&dir, None);
    let v = post_json(
        &s,
        "/api/gap",
        json!({"policy": "policy", "overrides": {"plant": 1.5}, "levers": {"side": 2.0}}),
    )
    .await
    .json();
    let a = get(
        &s,
        "/api/gap.csv?policy=policy&m.plant=1.5&l.side=2&chart=years",
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.headers[header::CONTENT_TYPE]
        .to_str()
        .is_ok_and(|c| c.starts_with("text/csv")));
    let text = a.text();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("chart,group,year,quantity,unit,basis,low,central,high")
    );
    let mut n = 0;
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f[0], "years");
        let year: i64 = f[2].parse().expect("year");
        let row = v["years"]
            .as_array()
            .and_then(|ys| ys.iter().find(|y| y["year"] == year))
            .expect("row");
        for (k, end) in ["low", "central", "high"].iter().enumerate() {
            let x: f64 = f[6 + k].parse().expect("number");
            let j = row[f[3]][end].as_f64().expect("json");
            // serde_json's float parsing may be off by an ulp; no rounding.
            assert!((x - j).abs() <= 1e-12 * (1.0 + j.abs()), "{line}");
        }
        n += 1;
    }
    assert_eq!(n, 5 * 4);
}

#[tokio::test]
async fn plan_evaluation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = toy(&dir, None);
    let a = post_json(&s, "/api/plan", json!({"policy": "policy"})).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    let v = a.json();
    assert_eq!(v["goal_year"], 2028);
    let mut ids: Vec<&str> = v["contributions"]
        .as_array()
        .expect("contributions")
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, ["gov", "side", "zij"]);
    let with = v["with"]["central"].as_f64().expect("with");
    let without = v["without"]["central"].as_f64().expect("without");
    let together = v["together"]["central"].as_f64().expect("together");
    assert!((without - with - together).abs() < 1e-6 * (1.0 + without.abs()));
    assert_eq!(v["with"]["unit"], "fte");
    assert!(v["by_measure"].as_array().is_some_and(|m| !m.is_empty()));
}

#[tokio::test]
async fn indicators() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = toy(&dir, None);
    let v = get(&s, "/api/indicators").await.json();
    let list = v["indicators"].as_array().expect("indicators");
    assert!(list.iter().any(|i| i["id"] == "ict_workers"));
    let a = get(&s, "/api/indicators/ict_workers").await;
    assert_eq!(a.status, StatusCode::OK);
    let v = a.json();
    assert_eq!(v["unit"], "persons");
    assert!(v["series"].as_array().is_some_and(|s| s.len() >= 4));
    assert!(v["verdict"].as_str().is_some());
    error(
        &get(&s, "/api/indicators/nope").await,
        StatusCode::NOT_FOUND,
        None,
    );
}

async fn import(s: &Arc<AppState>, auth: Option<&str>, body: &str) -> Answer {
    let mut req = Request::post("/api/monitor/import").header(header::CONTENT_TYPE, "text/csv");
    if let Some(a) = auth {
        req = req.header(header::AUTHORIZATION, a);
    }
    send(s, req.body(Body::from(body.to_string())).expect("request")).await
}

const REVISION: &str = "indicator,region,period,value,source_id,vintage,note\nict_workers,NL,2023,670000,TOY,2025-06-01,revised\n";

#[tokio::test]
async fn import_needs_the_token() {
    let dir = tempfile::tempdir().expect("tempdir");
    let closed = toy(&dir, None);
    error(
        &import(&closed, Some("Bearer x"), REVISION).await,
        StatusCode::FORBIDDEN,
        None,
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let s = toy(&dir, Some("s3cret"));
    error(
        &import(&s, None, REVISION).await,
        StatusCode::UNAUTHORIZED,
        Some("Authorization"),
    );
    error(
        &import(&s, Some("Bearer wrong"), REVISION).await,
        StatusCode::FORBIDDEN,
        Some("Authorization"),
    );
    error(
        &import(&s, Some("Basic s3cret"), REVISION).await,
        StatusCode::UNAUTHORIZED,
        Some("Authorization"),
    );
    // A bad file changes nothing.
    let bad = format!("{REVISION}ict_workers,NL,2024,abc,TOY,2025-06-01,\n");
    let a = import(&s, Some("Bearer s3cret"), &bad).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.text());
    let series = |v: &Value| v["series"].as_array().cloned().unwrap_or_default();
    let before = get(&s, "/api/indicators/ict_workers").await.json();
    assert!(!get(&s, "/").await.text().contains("670.000"));
    assert!(series(&before)
        .iter()
        .all(|p| p["earlier_vintages"].as_array().is_some_and(Vec::is_empty)));
    let a = import(&s, Some("Bearer s3cret"), REVISION).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    assert_eq!(a.json()["revised"], 1);
    let after = get(&s, "/api/indicators/ict_workers").await.json();
    let p2023 = series(&after)
        .into_iter()
        .find(|p| p["period"] == "2023")
        .expect("2023");
    assert_eq!(p2023["value"], 670000.0);
    assert_eq!(p2023["vintage"], "2025-06-01");
    assert_eq!(p2023["earlier_vintages"][0]["value"], 665500.0);
    // The monitor page shows the revision.
    assert!(get(&s, "/monitor").await.text().contains("670.000"));
}

#[tokio::test]
async fn pages_render_with_security_headers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = toy(&dir, None);
    for (uri, needle) in [
        ("/", "De twee doelen in 2028"),
        ("/doorrekening", "Naar opleidingsniveau in 2028"),
        ("/regio", "<svg class=\"map\""),
        ("/verkenner?l.side=2", "name=\"l.side\""),
        ("/monitor", "Pijler"),
        ("/begrippen", "weglek"),
        ("/static/app.js", "/api/gap"),
        ("/static/style.css", "body{"),
        ("/static/nlds-tokens.css", ".rhc-theme"),
        ("/static/nlds-components.css", ".utrecht-table"),
        ("/static/favicon.svg", "<svg"),
    ] {
        let a = get(&s, uri).await;
        assert_eq!(a.status, StatusCode::OK, "{uri}");
        assert!(a.text().contains(needle), "{uri} lacks {needle}");
        assert_eq!(a.headers["x-content-type-options"], "nosniff");
        assert_eq!(a.headers["x-frame-options"], "DENY");
        assert_eq!(a.headers["referrer-policy"], "no-referrer");
        assert!(a.headers["content-security-policy"]
            .to_str()
            .is_ok_and(|c| c.starts_with("default-src 'self'")));
    }
    let map = get(&s, "/regio").await.text();
    assert_eq!(map.matches("<a href=\"#PV").count(), 12, "12 provinces");
    assert!(
        map.contains("CBS Gebiedsindelingen 2025"),
        "the attribution"
    );
    // Pages carry no inline script or style (the CSP forbids them).
    for uri in [
        "/",
        "/doorrekening",
        "/regio",
        "/verkenner",
        "/monitor",
        "/begrippen",
        "/nope",
    ] {
        let t = get(&s, uri).await.text();
        assert!(!t.contains("<script>") && !t.contains("<style") && !t.contains(" style=\""));
    }
}

#[tokio::test]
async fn openapi_describes_every_route() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = toy(&dir, None);
    let a = get(&s, "/api/openapi.json").await;
    assert_eq!(a.status, StatusCode::OK);
    let v = a.json();
    assert_eq!(v["openapi"], "3.1.0");
    let paths = v["paths"].as_object().expect("paths");
    for (method, path) in krapte_web::ROUTES {
        assert!(
            paths.get(*path).is_some_and(|p| p.get(*method).is_some()),
            "{method} {path} is not in openapi.json"
        );
    }
    let described: usize = paths
        .values()
        .filter_map(Value::as_object)
        .map(|m| m.len())
        .sum();
    assert_eq!(
        described,
        krapte_web::ROUTES.len(),
        "openapi.json describes routes the router lacks"
    );
    // Every listed route exists in the router (not the fallback).
    for (method, path) in krapte_web::ROUTES {
        let uri = path.replace("{id}", "ict_workers");
        let req = Request::builder()
            .method(method.to_uppercase().as_str())
            .uri(&uri)
            .body(Body::empty())
            .expect("request");
        let a = send(&s, req).await;
        let fallback =
            a.status == StatusCode::NOT_FOUND && a.text().contains("no such page or endpoint");
        assert!(
            !fallback && a.status != StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}: {}",
            a.status
        );
    }
}

/// The site's engineering: an HTML 404 with the navigation for pages and
/// JSON under `/api/`; gzip when asked for; static files with an ETag,
/// a year's cache for the versioned URL the pages link, and 304 on
/// revalidation.
#[tokio::test]
async fn not_found_compression_and_caching() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = toy(&dir, None);
    let a = get(&s, "/no-such-page").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(a.headers[header::CONTENT_TYPE]
        .to_str()
        .is_ok_and(|c| c.starts_with("text/html")));
    let t = a.text();
    assert!(t.contains("Pagina niet gevonden") && t.contains("href=\"/verkenner\""));
    let en = get(&s, "/no-such-page?lang=en").await.text();
    assert!(en.contains("Page not found") && en.contains("href=\"/verkenner?lang=en\""));
    let a = get(&s, "/api/nope").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!(a.json()["error"], "no such page or endpoint");

    // gzip on request, never otherwise.
    let req = Request::get("/")
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .expect("request");
    let a = send(&s, req).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.headers[header::CONTENT_ENCODING], "gzip");
    let plain = get(&s, "/").await;
    assert!(plain.headers.get(header::CONTENT_ENCODING).is_none());
    assert!(a.body.len() * 3 < plain.body.len(), "compressed");

    // The page links the stylesheet with its version; that URL is cached
    // for a year, and revalidation with the tag answers 304.
    let home = plain.text();
    let start = home.find("/static/style.css?v=").expect("versioned link");
    let end = start + home[start..].find('"').expect("end of the link");
    let url = &home[start..end];
    let a = get(&s, url).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(
        a.headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    let etag = a.headers[header::ETAG].clone();
    let req = Request::get("/static/style.css")
        .header(header::IF_NONE_MATCH, etag)
        .body(Body::empty())
        .expect("request");
    let a = send(&s, req).await;
    assert_eq!(a.status, StatusCode::NOT_MODIFIED);
    assert!(a.body.is_empty());
    assert_eq!(
        get(&s, "/static/style.css").await.headers[header::CACHE_CONTROL],
        "no-cache"
    );
    // The icon every page links.
    assert!(home.contains("rel=\"icon\" href=\"/static/favicon.svg?v="));
}

/// What a link asks for and the explorer cannot do is said at the top of
/// the page: an unknown scenario, policy or province, a slider the page
/// lacks, a value out of range or not a number.
#[tokio::test]
async fn the_explorer_reports_what_the_link_asked_for() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = toy(&dir, None);
    let t = get(&s, "/verkenner").await.text();
    assert!(!t.contains("link-messages"), "a plain link has no message");
    assert!(
        t.contains("<noscript>"),
        "says how to get the figures without script"
    );
    let t = get(
        &s,
        "/verkenner?scenario=foo&policy=xyz&province=PV99&l.side=9&m.nope=1&l.side2=x",
    )
    .await
    .text();
    for needle in [
        "Het scenario ‘foo’ bestaat niet",
        "Het beleid ‘xyz’ bestaat niet",
        "De provincie ‘PV99’ bestaat niet",
        "stond in de link op 9",
        "‘m.nope’",
        "‘l.side2’",
    ] {
        assert!(t.contains(needle), "lacks {needle}");
    }
    let en = get(&s, "/verkenner?policy=xyz&lang=en").await.text();
    assert!(en.contains("The policy ‘xyz’ does not exist"));
    // The answer comes before the controls, and only its one-line
    // summary is a live region.
    let answer = t.find("id=\"summary\"").expect("summary");
    let controls = t.find("class=\"controls\"").expect("controls");
    assert!(answer < controls);
    assert_eq!(t.matches("aria-live").count(), 1);
}

/// The glossary explains the terms readers meet, in both languages.
#[tokio::test]
async fn glossary_in_both_languages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = toy(&dir, None);
    let nl = get(&s, "/begrippen").await.text();
    for t in ["weglek", "zij-instromer", "BRC", "ITKB", "doorrekening"] {
        assert!(nl.contains(&format!(">{t}</dt>")), "{t}");
    }
    let en = get(&s, "/begrippen?lang=en").await.text();
    assert!(en.contains("Glossary") && en.contains("side-entrant"));
}

/// Issue 18 item 6: the site shows the run declared official, never the
/// last one recorded; without a declaration it says so and lists the runs;
/// an official run of another dataset edition is flagged.
#[tokio::test]
async fn the_site_shows_the_official_model_run_not_the_last() {
    use krapte_monitor::store::RunKey;
    use krapte_monitor::{Observation, Period, Store};
    const ID: &str = "model_technician_gap_2030";
    let dir = tempfile::tempdir().expect("tempdir");
    let s = toy(&dir, None);
    let key = |scenario: &str, edition: &str| RunKey {
        scenario: scenario.into(),
        policy: None,
        edition: edition.into(),
        framing: "base-year".into(),
    };
    let run = |value: f64, vintage: &str| Observation {
        indicator: ID.into(),
        region: "NL".into(),
        period: Period::Year(2030),
        value,
        source_id: "krapte".into(),
        vintage: vintage.into(),
        note: String::new(),
        bracket: Some((value - 1000.0, value + 1000.0)),
    };
    let mut store = Store::open(&dir.path().join("store.sqlite")).expect("opens");
    store
        .record(
            "test",
            &run(4321.0, "2026-12-01T10:00:00.000Z run"),
            &key("referentie-55", "toy-1"),
        )
        .expect("records");
    store
        .record(
            "test",
            &run(9876.0, "2026-12-02T10:00:00.000Z run"),
            &key("referentie-60", "toy-1"),
        )
        .expect("records");

    // No declaration: no model figure, and the runs are listed as others.
    let page = get(&s, "/monitor").await.text();
    let section = |page: &str| -> String {
        let at = page
            .find("id=\"officiele-doorrekening\"")
            .expect("the official run's section");
        let end = page[at..].find("</section>").expect("closed") + at;
        page[at..end].to_string()
    };
    let sec = section(&page);
    assert!(
        sec.contains("Er is nog geen officiële doorrekening aangewezen"),
        "{sec}"
    );
    assert!(sec.contains("Andere vastgelegde doorrekeningen (niet officieel)"));
    assert!(sec.contains("4.321") && sec.contains("9.876"), "{sec}");
    assert!(sec.contains("Referentiepad 55%") && sec.contains("Referentiepad 60%"));
    let api = get(&s, &format!("/api/indicators/{ID}")).await.json();
    assert_eq!(api["series"].as_array().map(Vec::len), Some(0), "{api}");

    // Declared: referentie-55 is the figure, also after referentie-60 is
    // recorded again (later).
    store
        .set_official(
            ID,
            &key("referentie-55", "toy-1"),
            "2026-12-03T09:00:00.000Z",
        )
        .expect("declares");
    store
        .record(
            "test",
            &run(9800.0, "2026-12-04T10:00:00.000Z run"),
            &key("referentie-60", "toy-1"),
        )
        .expect("records");
    let page = get(&s, "/monitor").await.text();
    let sec = section(&page);
    let others = sec.find("Andere vastgelegde").expect("other runs");
    let official = &sec[..others];
    assert!(
        official.contains("Officiële doorrekening: <strong>4.321 fte</strong>"),
        "{sec}"
    );
    assert!(official.contains("scenario Referentiepad 55%"));
    assert!(official.contains("rekenwijze klimaatvraag boven het niveau van het basisjaar"));
    assert!(official.contains("Als officieel aangewezen op 2026-12-03"));
    assert!(!official.contains("9.8"), "{official}");
    assert!(sec[others..].contains("9.800") && sec[others..].contains("Referentiepad 60%"));
    assert!(!sec.contains("gebruikt editie"), "same edition: no warning");
    // The card, the scorecard and the API carry the official figure.
    let card_at = page.find("id=\"model_technician_gap_2030\"").expect("card");
    assert!(page[card_at..].contains("4.321 fte (2030)"), "the card");
    let home = get(&s, "/").await.text();
    assert!(
        home.contains("4.321") && !home.contains("9.800"),
        "the home page"
    );
    let api = get(&s, &format!("/api/indicators/{ID}")).await.json();
    let series = api["series"].as_array().cloned().expect("series");
    assert_eq!(series.len(), 1);
    assert_eq!(series[0]["value"], 4321.0);
    // No internal ids in the section.
    for internal in ["referentie-55", "base-year", ".sqlite"] {
        assert!(!sec.contains(internal), "{internal}");
    }
    let en = section(&get(&s, "/monitor?lang=en").await.text());
    assert!(
        en.contains("Official calculation: <strong>4,321 fte</strong>"),
        "{en}"
    );

    // An official run of another dataset edition is said to be one.
    store
        .record(
            "test",
            &run(5000.0, "2026-12-05T10:00:00.000Z run"),
            &key("referentie-55", "toy-0"),
        )
        .expect("records");
    store
        .set_official(
            ID,
            &key("referentie-55", "toy-0"),
            "2026-12-06T09:00:00.000Z",
        )
        .expect("declares");
    let sec = section(&get(&s, "/monitor").await.text());
    assert!(
        sec.contains("de officiële doorrekening gebruikt editie toy-0, de rest van deze site rekent met editie toy-1"),
        "{sec}"
    );
}

/// The live probability at the default setting is the headline's, bit for
/// bit (the same draws: `DRAWS`, `SEED`), and its starting point is the
/// default setting.
#[tokio::test]
async fn default_setting_is_the_headline() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = toy(&dir, None);
    compute_probabilities(&s).await;
    let p = s
        .probabilities
        .get()
        .and_then(|r| r.as_ref().ok())
        .cloned()
        .expect("computed");
    let v = post_json(&s, "/api/odds", json!({"policy": "policy"})).await;
    assert_eq!(v.status, StatusCode::OK, "{}", v.text());
    let v = v.json();
    assert_eq!(v["coverage"], "all_draws", "{v}");
    let with = p.technician_with.as_ref().expect("with the policy");
    for key in ["setting", "start"] {
        let o = &v[key];
        assert_eq!(o["draws"], 2000, "{o}");
        assert_eq!(
            o["probability_closed"].as_f64(),
            Some(with.probability_met),
            "{key}"
        );
        assert_eq!(o["p5"].as_f64(), Some(with.p5), "{key}");
        assert_eq!(o["p50"].as_f64(), Some(with.p50), "{key}");
        assert_eq!(o["p95"].as_f64(), Some(with.p95), "{key}");
    }
    let o = &v["without_plan"];
    assert_eq!(
        o["probability_closed"].as_f64(),
        Some(p.technician_without.probability_met)
    );
    assert_eq!(o["p50"].as_f64(), Some(p.technician_without.p50));
    // The one line for the live region, in calibrated words.
    let line = v["summary_nl"].as_str().expect("summary");
    assert!(
        line.starts_with("Kans dat er geen technicustekort is in 2028: "),
        "{line}"
    );
}

/// The live probability at several climate-measure factors (with the
/// policy, and with a lever moved: fewer draws) equals a full Monte Carlo
/// of the scaled scenario with the same draws and seed, to 1e-9 of the
/// gap's size; moving a factor moves the probability's quantiles.
#[tokio::test]
async fn live_odds_equal_a_full_monte_carlo() {
    use krapte_model::mc::McSpec;
    let dir = tempfile::tempdir().expect("tempdir");
    let s = toy(&dir, None);
    let settings = [
        json!({"policy": "policy", "overrides": {"plant": 2.0}}),
        json!({"policy": "policy", "overrides": {"plant": 0.0, "spend_x": 0.5}}),
        json!({"overrides": {"spend_x": 1.7}}),
        json!({"policy": "policy", "overrides": {"plant": 1.3}, "levers": {"retain": 2.0}}),
    ];
    let mut p50s = Vec::new();
    for body in settings {
        let a = post_json(&s, "/api/odds", body.clone()).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.text());
        let v = a.json();
        let req: krapte_web::explore::Request =
            serde_json::from_value(body.clone()).expect("request");
        let c = krapte_web::explore::check(&s, &req).expect("checks");
        let draws = v["setting"]["draws"].as_u64().expect("draws") as usize;
        let fewer = req.levers.is_empty();
        assert_eq!(
            draws,
            if fewer {
                2000
            } else {
                krapte_web::live::LIVE_DRAWS
            },
            "{v}"
        );
        assert_eq!(
            v["coverage"],
            if fewer { "all_draws" } else { "fewer_draws" }
        );
        let spec = McSpec {
            options: Default::default(),
            year: 2028,
            draws,
            seed: 2030,
        };
        let mc = s
            .model
            .monte_carlo(&c.scenario, Some(&c.policy), spec, &|_| {})
            .expect("runs");
        let gaps = mc.gaps(true);
        same_odds(&v["setting"], &gaps, draws, &body.to_string());
        let sum = summarize(&gaps);
        p50s.push(sum.p50);
    }
    assert!(p50s[0] > p50s[1], "more plant work, a larger gap: {p50s:?}");
}

/// A lever or campaign setting answered from the item bases (issue 23
/// item 6): one lever at a grid value from no policy is a full Monte
/// Carlo of that policy on the same draws (to 1e-9 of the gap's size), and
/// the answer says it is from item bases; between grid values it is
/// interpolated, says so, and carries the measured interpolation error;
/// the default setting stays the headline's draws.
#[tokio::test]
async fn live_odds_from_item_bases() {
    use krapte_model::mc::McSpec;
    let dir = tempfile::tempdir().expect("tempdir");
    let s = toy(&dir, None);
    let spec = McSpec {
        options: Default::default(),
        year: 2028,
        draws: 2000,
        seed: 2030,
    };
    // Scale 2 of the lever `retain`: a grid value (1 and 3 too); also the
    // toy policy's campaign at a budget of the grid, and a campaign moved
    // from the policy's budget.
    for body in [
        json!({"levers": {"retain": 2.0}, "overrides": {"plant": 1.3}}),
        json!({"campaigns": {"zij": {"budget_meur_per_year": 5.0, "years": 3, "start_year": 2025}}}),
    ] {
        let req: krapte_web::explore::Request =
            serde_json::from_value(body.clone()).expect("request");
        krapte_web::live::prepare(&s, &req).expect("bases");
        let a = post_json(&s, "/api/odds", body.clone()).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.text());
        let v = a.json();
        assert_eq!(v["coverage"], "item_bases", "{v}");
        assert_eq!(v["setting"]["draws"], 2000);
        let notes = v["notes_en"].to_string();
        assert!(notes.contains("is not a policy package's"), "{notes}");
        assert!(!notes.contains("interpolated"), "a grid value: {notes}");
        let c = krapte_web::explore::check(&s, &req).expect("checks");
        let mc = s
            .model
            .monte_carlo(&c.scenario, Some(&c.policy), spec, &|_| {})
            .expect("runs");
        same_odds(&v["setting"], &mc.gaps(true), 2000, &body.to_string());
    }
    // Between grid values: interpolated, said so, with the measured error.
    let body = json!({"levers": {"retain": 1.25}});
    let req: krapte_web::explore::Request = serde_json::from_value(body.clone()).expect("request");
    krapte_web::live::prepare(&s, &req).expect("bases");
    let v = post_json(&s, "/api/odds", body).await.json();
    assert_eq!(v["coverage"], "item_bases", "{v}");
    assert!(
        v["notes_en"].to_string().contains("interpolated linearly"),
        "{v}"
    );
    assert!(v["notes_nl"].to_string().contains("geïnterpoleerd"), "{v}");
    let err = &v["basis_error"];
    let dp = err["interpolation_probability_points"]
        .as_f64()
        .expect("measured");
    let dp50 = err["interpolation_p50_fte"].as_f64().expect("measured");
    assert!((0.0..=100.0).contains(&dp) && dp50 >= 0.0, "{err}");
    assert!(
        err["interaction_p50_fte"].is_null(),
        "not measured yet: {err}"
    );
    // After start-up's warming: the interaction measured on the default
    // setting (the toy policy's two levers at twice their intensity).
    krapte_web::live::warm(&s);
    let v = post_json(&s, "/api/odds", json!({"levers": {"retain": 1.25}}))
        .await
        .json();
    let err = &v["basis_error"];
    let dp = err["interaction_probability_points"]
        .as_f64()
        .expect("measured");
    let dp50 = err["interaction_p50_fte"].as_f64().expect("measured");
    assert!((0.0..=100.0).contains(&dp) && dp50 >= 0.0, "{err}");
    assert!(
        v["notes_en"]
            .to_string()
            .contains("leaving out the interaction"),
        "{v}"
    );
    // The preset's own setting and the default are still all the draws.
    let v = post_json(&s, "/api/odds", json!({"policy": "policy"}))
        .await
        .json();
    assert_eq!(v["coverage"], "all_draws");
    assert!(v["basis_error"].is_null());
}

/// The explorer's setting exported as scenario and policy files: read back
/// by the loader (as `krapte gap --scenario FILE --policy FILE` reads
/// them), they give the explorer's central technician gap.
#[tokio::test]
async fn export_runs_the_same() {
    use krapte_model::reference::gap::{GapOptions, Quantity};
    use krapte_model::reference::policy::{items_of, Applied};
    let dir = tempfile::tempdir().expect("tempdir");
    let s = toy(&dir, None);
    let q = "scenario=scenario&policy=policy&m.plant=1.5&m.spend_x=0.25&l.retain=2&c.zij=3&c.zij.years=2";
    let scen = get(&s, &format!("/api/export/scenario.toml?{q}")).await;
    assert_eq!(scen.status, StatusCode::OK, "{}", scen.text());
    let pol = get(&s, &format!("/api/export/policy.toml?{q}")).await;
    assert_eq!(pol.status, StatusCode::OK, "{}", pol.text());
    let path = std::path::Path::new("export.toml");
    let scenario = krapte_data::parse_scenario(&scen.text(), path, s.dataset)
        .unwrap_or_else(|e| panic!("{e:?}\n{}", scen.text()))
        .scenario;
    let policy = krapte_data::parse_policy(&pol.text(), path, s.dataset)
        .unwrap_or_else(|e| panic!("{e:?}\n{}", pol.text()))
        .policy;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(q).expect("a query string");
    let req = krapte_web::explore::Request::from_query(&pairs).expect("a request");
    let shown = krapte_web::explore::gap(&s, &req).expect("runs");
    let tech = krapte_web::explore::technicians(s.dataset).expect("technicians");
    let g = s
        .model
        .runs(&scenario, GapOptions::default())
        .expect("runs")
        .run(&Applied {
            dataset: s.dataset,
            items: items_of(&policy),
        })
        .expect("runs");
    let central = g
        .total(shown.goal_year, Quantity::Gap, Some(&tech))
        .expect("the goal year")
        .central;
    let want = shown.technician_verdict.gap.central;
    assert!(
        (central - want).abs() <= 1e-9 * want.abs().max(1.0),
        "exported {central} against the explorer's {want}"
    );
    // An unknown file is a 404.
    let a = get(&s, "/api/export/other.toml").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}

/// Starts the background run and waits for the figures of every region set
/// (computed after the probabilities).
async fn compute_regions(s: &Arc<AppState>) {
    compute_probabilities(s).await;
    let t0 = std::time::Instant::now();
    while s.regions.get().is_none() {
        assert!(t0.elapsed().as_secs() < 900, "the region run does not end");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// The region sets on the built-in data: every province, arbeidsmarktregio
/// and RES region with demand, supply, gap and probability, adding up to the
/// national row; the provinces' probabilities are those of
/// `/api/probabilities` (one answer); a page per region; unknown sets and
/// codes are a 404.
#[tokio::test]
async fn region_sets_add_up_and_have_a_page_per_region() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = builtin(&dir);
    let v = get(&s, "/api/regions/arbeidsmarktregio").await.json();
    assert_eq!(v["status"], "computing");
    // An unknown code is a 404 also while computing (AM04 is no
    // arbeidsmarktregio of the 2026 classification).
    let a = get(&s, "/api/regions/arbeidsmarktregio/AM04").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND, "{}", a.text());
    let page = get(&s, "/regio/res/ES01").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("worden berekend"), "{}", page.text());
    compute_regions(&s).await;

    let close = |a: f64, b: f64, what: &str| {
        assert!(
            (a - b).abs() <= 1e-6 * b.abs().max(1.0),
            "{what}: {a} against {b}"
        );
    };
    let num = |v: &Value, path: &[&str]| -> f64 {
        path.iter()
            .fold(v, |v, k| &v[*k])
            .as_f64()
            .unwrap_or_else(|| panic!("{path:?} in {v}"))
    };
    let national_p = get(&s, "/api/probabilities").await.json();
    let mut central_national = None;
    for (set, n) in [("provincie", 12), ("arbeidsmarktregio", 35), ("res", 30)] {
        let a = get(&s, &format!("/api/regions/{set}")).await;
        assert_eq!(a.status, StatusCode::OK, "{set}");
        let v = a.json();
        assert_eq!(v["status"], "ready");
        assert_eq!(v["unit"], "fte");
        let regions = v["regions"].as_array().expect("regions");
        assert_eq!(regions.len(), n, "{set}");
        for field in [
            "climate_increment_fte",
            "required_fte",
            "available_fte",
            "gap_fte_central_run",
        ] {
            for end in ["low", "central", "high"] {
                let sum: f64 = regions.iter().map(|r| num(r, &[field, end])).sum();
                close(
                    sum,
                    num(&v, &["national", field, end]),
                    &format!("{set} {field} {end}"),
                );
            }
        }
        // The national row is the same in every set.
        let c = num(&v, &["national", "required_fte", "central"]);
        match central_national {
            None => central_national = Some(c),
            Some(x) => close(c, x, &format!("{set}: national required")),
        }
        for r in regions {
            for side in ["gap_without_plan", "gap_with_plan"] {
                let o = &r[side];
                let p = num(o, &["probability_closed"]);
                assert!((0.0..=1.0).contains(&p), "{set} {}: {p}", r["code"]);
                assert!(
                    num(o, &["p5"]) <= num(o, &["p50"]) && num(o, &["p50"]) <= num(o, &["p95"])
                );
                assert!(o["likelihood_nl"].as_str().is_some_and(|w| !w.is_empty()));
            }
            // Every region has a page and a JSON of its own.
            let code = r["code"].as_str().expect("code");
            let one = get(&s, &format!("/api/regions/{set}/{code}")).await.json();
            assert_eq!(
                one["gap_without_plan"], r["gap_without_plan"],
                "{set} {code}"
            );
        }
        // The set's page links every region and shows its probability;
        // `<1%` is escaped in the HTML text.
        let html = get(&s, &format!("/regio/{set}")).await;
        assert_eq!(html.status, StatusCode::OK);
        let html = html.text();
        for raw in ["><1%", "> <1%", ">>99%", "> >99%"] {
            assert!(!html.contains(raw), "{set}: unescaped {raw}");
        }
        for r in regions {
            let link = format!(
                "href=\"/regio/{set}/{}\"",
                r["code"].as_str().expect("code")
            );
            assert!(html.contains(&link), "{set}: no {link}");
        }
    }
    // One answer: a province's central run is the one of /regio and
    // POST /api/gap (the default setting, with the plan) ...
    let default_gap = post_json(
        &s,
        "/api/gap",
        json!({"scenario": "referentie-55", "policy": "actieplan"}),
    )
    .await
    .json();
    for p in default_gap["by_province"].as_array().expect("provinces") {
        let r = get(
            &s,
            &format!(
                "/api/regions/provincie/{}",
                p["code"].as_str().expect("code")
            ),
        )
        .await
        .json();
        for (ours, theirs) in [
            ("gap_fte_central_run", "gap"),
            ("required_fte", "required"),
            ("available_fte", "available"),
        ] {
            close(
                num(&r, &[ours, "central"]),
                num(p, &[theirs, "central"]),
                &format!("{} {ours}", p["code"]),
            );
        }
    }
    // ... and its probability is the one /api/probabilities and /regio
    // give.
    let prov = get(&s, "/api/regions/provincie").await.json();
    for p in national_p["technician_by_province"]
        .as_array()
        .expect("provinces")
    {
        let r = prov["regions"]
            .as_array()
            .and_then(|rs| rs.iter().find(|r| r["code"] == p["code"]))
            .unwrap_or_else(|| panic!("{} not in the province set", p["code"]));
        for (side, ours) in [("without", "gap_without_plan"), ("with", "gap_with_plan")] {
            assert_eq!(
                p[side]["probability_met"].as_f64(),
                r[ours]["probability_closed"].as_f64(),
                "{} {side}",
                p["code"]
            );
        }
    }

    // A RES region: its page leads with the probability and names the
    // arbeidsmarktregio's it overlaps, whose weights add up to at most one.
    let res = get(&s, "/api/regions/res/ES01").await.json();
    let parts = res["labour_market"]["arbeidsmarktregios"]
        .as_array()
        .expect("overlapping arbeidsmarktregio's");
    assert!(!parts.is_empty());
    for part in parts {
        let w = num(part, &["share_of_its_jobs"]);
        assert!(w > 0.0 && w <= 1.0 + 1e-9, "{part}");
    }
    let page = get(&s, "/regio/res/ES01").await.text();
    let name = res["name"].as_str().expect("name");
    assert!(page.contains(name), "the page names {name}");
    let with = num(&res, &["gap_with_plan", "probability_closed"]);
    let lead = page.find("<ul class=\"lead\">").expect("the lead");
    let central = page
        .find("Centrale doorrekening")
        .expect("the central run, labelled");
    assert!(lead < central, "probability before the central run");
    assert!(
        page[lead..central].contains("Met het plan"),
        "with the plan first"
    );
    assert!(
        page[lead..central].contains(&krapte_present::Lang::Nl.pct(with)),
        "the probability with the plan in the lead"
    );
    assert!(
        page.contains("/regio/arbeidsmarktregio/AM"),
        "links to the overlapping labour-market regions"
    );
    let en = get(&s, "/regio/res/ES01?lang=en").await.text();
    assert!(en.contains("With the plan") && en.contains("Central run"));
    for w in ["Met het plan", "Centrale doorrekening", "wordt berekend"] {
        assert!(!en.contains(w), "English page has Dutch '{w}'");
    }

    // Unknown sets and codes: a 404, in JSON for the API and a Dutch page
    // with navigation for the site.
    for uri in [
        "/api/regions/gemeente",
        "/api/regions/res/AM01",
        "/api/regions/arbeidsmarktregio/AM99",
    ] {
        let a = get(&s, uri).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(
            a.json()["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{uri}"
        );
    }
    for uri in [
        "/regio/gemeente",
        "/regio/res/PV20",
        "/regio/provincie/PV99",
    ] {
        let a = get(&s, uri).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{uri}");
        let t = a.text();
        assert!(
            t.contains("<nav") && t.contains("lang=\"nl\""),
            "{uri}: {t}"
        );
    }
}

/// The explorer's results as a spreadsheet: three sheets; "Cijfers" holds
/// every row of `/api/gap.csv` for the same setting with the same numbers,
/// "Kans" the probabilities of `POST /api/odds`; a bad setting is refused
/// as for the other exports.
#[tokio::test]
async fn results_xlsx_holds_the_explorers_numbers() {
    use calamine::{Data, Reader, Xlsx};
    let dir = tempfile::tempdir().expect("tempdir");
    let s = builtin(&dir);
    let q = "scenario=referentie-55&policy=actieplan&m.heat_pump_all_electric=1.5";
    let a = get(&s, &format!("/api/export/results.xlsx?{q}")).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    assert_eq!(
        a.headers[header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let mut wb: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(a.body)).expect("an xlsx");
    assert_eq!(wb.sheet_names(), vec!["Lees mij", "Kans", "Cijfers"]);
    let num = |d: &Data| -> f64 {
        match d {
            Data::Float(x) => *x,
            Data::Int(x) => *x as f64,
            other => panic!("not a number: {other:?}"),
        }
    };

    // Cijfers: the CSV's rows, in its order, with its numbers.
    let csv = get(&s, &format!("/api/gap.csv?{q}")).await.text();
    let csv_rows: Vec<Vec<String>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    let figures = wb.worksheet_range("Cijfers").expect("Cijfers");
    let rows: Vec<&[Data]> = figures.rows().skip(3).collect();
    assert_eq!(rows.len(), csv_rows.len());
    for (x, c) in rows.iter().zip(&csv_rows) {
        assert_eq!(x[1].to_string(), c[1], "group");
        assert_eq!(num(&x[2]), c[2].parse::<f64>().expect("year"));
        assert_eq!(x[4].to_string(), c[3], "quantity");
        assert_eq!(x[5].to_string(), c[4], "unit");
        for (col, i) in [(7, 6), (8, 7), (9, 8)] {
            let want: f64 = c[i].parse().expect("a number");
            assert!(
                (num(&x[col]) - want).abs() <= 1e-9 * want.abs().max(1.0),
                "{c:?}: {:?}",
                x[col]
            );
        }
        assert!(!x[3].to_string().is_empty(), "a Dutch quantity name");
    }

    // Kans: the setting's probability as POST /api/odds gives it.
    let odds = post_json(
        &s,
        "/api/odds",
        json!({"scenario": "referentie-55", "policy": "actieplan", "overrides": {"heat_pump_all_electric": 1.5}}),
    )
    .await
    .json();
    let kans = wb.worksheet_range("Kans").expect("Kans");
    let kans: Vec<&[Data]> = kans.rows().collect();
    for (row, key) in [(3, "setting"), (4, "without_plan"), (5, "start")] {
        let want = odds[key]["probability_closed"]
            .as_f64()
            .expect("a probability");
        assert_eq!(num(&kans[row][1]), want, "{key}");
        let p50 = odds[key]["p50"].as_f64().expect("p50");
        assert_eq!(num(&kans[row][4]), p50, "{key} P50");
    }
    let readme = wb.worksheet_range("Lees mij").expect("Lees mij");
    let text: String = readme
        .rows()
        .flatten()
        .map(|d| d.to_string() + " ")
        .collect();
    assert!(
        text.contains("m.heat_pump_all_electric=1.5"),
        "the setting is named"
    );
    assert!(text.contains("geen oordeel"), "the central run is labelled");

    // A bad setting is refused with its field, like the TOML exports.
    let bad = get(&s, "/api/export/results.xlsx?m.heat_pump_all_electric=9").await;
    assert_eq!(
        bad.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        bad.text()
    );
}
