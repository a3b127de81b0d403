//! Issue 20: an import held open past the request timeout (10 s) answers
//! after its commit with what it stored, never 408 for an import that then
//! lands. Its own test binary: it sets the pause seam (feature test-hooks)
//! for the whole process.

use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use krapte_web::{router, AppState, Config};
use tower::ServiceExt;

#[tokio::test(flavor = "multi_thread")]
async fn a_slow_import_answers_after_its_commit_not_408() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let fx = root.join("tests/fixtures");
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = Config {
        data_dir: fx.join("toy"),
        scenario_files: vec![fx.join("toy/scenario.toml")],
        policy_files: vec![fx.join("toy/policy.toml")],
        registry_dir: fx.join("monitor"),
        store_path: dir.path().join("store.sqlite"),
        write_token: Some("secret".into()),
        default_scenario: "scenario".into(),
        default_policy: "policy".into(),
    };
    let state = Arc::new(AppState::load(&cfg).expect("the toy state loads"));
    // Seeded already (at load): the pause now holds only the import.
    let pause = krapte_web::REQUEST_TIMEOUT.as_millis() as u64 + 1500;
    std::env::set_var("KRAPTE_TEST_IMPORT_PAUSE_MS", pause.to_string());
    let body = "indicator,region,period,value,source_id,vintage,note\nict_workers,NL,2024,705000,TOY,2026-01-15,\n";
    let req = Request::post("/api/monitor/import")
        .header(header::AUTHORIZATION, "Bearer secret")
        .header(header::CONTENT_TYPE, "text/csv")
        .body(Body::from(body))
        .expect("request");
    let resp = router(Arc::clone(&state))
        .oneshot(req)
        .await
        .expect("answer");
    let status = resp.status();
    let bytes = resp.into_body().collect().await.expect("body").to_bytes();
    let text = String::from_utf8_lossy(&bytes).to_string();
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(text.contains("\"committed\":true"), "{text}");
    let store = krapte_monitor::Store::open(&cfg.store_path).expect("store");
    let series = store.series("ict_workers", "NL").expect("series");
    assert!(series.iter().any(|p| p.value == 705_000.0));
}
