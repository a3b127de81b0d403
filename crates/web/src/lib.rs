//! # krapte-web
//!
//! The public website and live scenario explorer of krapte (`krapte
//! serve`): server-rendered Dutch pages (key indicators of the monitor, the
//! doorrekening, a map of the provinces, the explorer) and the JSON API
//! behind them (see docs/WEB.md and `assets/openapi.json`).
//!
//! The dataset, presets and monitor registry are loaded once
//! ([`AppState::load`]); a recompute runs the model on the blocking pool.
//! Every figure leaves with its unit, year, basis and low–high bracket.
//! Writes (monitor imports) need the token given at start-up.

pub mod api;
pub mod assets;
pub mod cache;
pub mod error;
pub mod explore;
pub mod i18n;
pub mod labels;
pub mod map;
pub mod pages;
pub mod probability;
pub mod state;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, RawQuery};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

pub use error::ApiError;
pub use state::{AppState, Config};

/// Largest request body, except imports.
pub const BODY_LIMIT: usize = 1024 * 1024;
/// Largest import (CSV).
pub const IMPORT_LIMIT: usize = 10 * 1024 * 1024;
/// A request that takes longer is answered 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Every route: (method, path) as the router and the OpenAPI description
/// name them (a test checks that they agree).
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/"),
    ("get", "/doorrekening"),
    ("get", "/regio"),
    ("get", "/verkenner"),
    ("get", "/monitor"),
    ("get", "/begrippen"),
    ("get", "/static/app.js"),
    ("get", "/static/style.css"),
    ("get", "/static/nlds-tokens.css"),
    ("get", "/static/nlds-components.css"),
    ("get", "/static/favicon.svg"),
    ("get", "/api/scenarios"),
    ("get", "/api/policies"),
    ("get", "/api/levers"),
    ("post", "/api/gap"),
    ("get", "/api/gap.csv"),
    ("post", "/api/plan"),
    ("get", "/api/probabilities"),
    ("get", "/api/indicators"),
    ("get", "/api/indicators/{id}"),
    ("post", "/api/monitor/import"),
    ("get", "/api/openapi.json"),
];

/// The application: pages, API, limits, timeout, compression (gzip)
/// and security headers.
pub fn router(state: Arc<AppState>) -> Router {
    let api = Router::new()
        .route("/api/scenarios", get(api::scenarios))
        .route("/api/policies", get(api::policies))
        .route("/api/levers", get(api::levers))
        .route("/api/gap", post(api::gap))
        .route("/api/gap.csv", get(api::gap_csv))
        .route("/api/plan", post(api::plan))
        .route("/api/probabilities", get(api::probabilities))
        .route("/api/indicators", get(api::indicators))
        .route("/api/indicators/{id}", get(api::indicator))
        .route("/api/openapi.json", get(api::openapi))
        .layer(DefaultBodyLimit::max(BODY_LIMIT));
    let import = Router::new()
        .route("/api/monitor/import", post(api::import))
        .layer(DefaultBodyLimit::max(IMPORT_LIMIT));
    let pages = Router::new()
        .route("/", get(pages::home))
        .route("/doorrekening", get(pages::doorrekening))
        .route("/regio", get(pages::regio))
        .route("/verkenner", get(pages::verkenner))
        .route("/monitor", get(pages::monitor))
        .route("/begrippen", get(pages::begrippen));
    // The static files (stylesheets, script, icon) with ETag and caching.
    let pages = assets::ASSETS
        .iter()
        .fold(pages, |r, a| {
            r.route(
                a.path,
                get(move |RawQuery(q): RawQuery, h: HeaderMap| async move {
                    assets::respond(a, q.as_deref(), &h)
                }),
            )
        })
        .layer(DefaultBodyLimit::max(BODY_LIMIT));
    let headers = [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    let mut app = Router::new()
        .merge(api)
        .merge(import)
        .merge(pages)
        .fallback(pages::not_found)
        .with_state(state)
        .layer(CompressionLayer::new())
        .layer(RequestBodyLimitLayer::new(IMPORT_LIMIT + 1024))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ));
    for (name, value) in headers {
        app = app.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ));
    }
    app
}

/// Serves on a bound listener until Ctrl-C (or SIGTERM); starts the
/// Monte Carlo run of the probabilities in the background.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
) -> std::io::Result<()> {
    state.start_probabilities();
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown())
        .await
}

/// Binds `addr` and serves; `on_bound` hears the address actually bound
/// (port 0 picks a free one).
pub async fn serve(
    addr: SocketAddr,
    state: Arc<AppState>,
    on_bound: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    on_bound(listener.local_addr()?);
    serve_on(listener, state).await
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// Threads of the blocking pool that runs model work and SQLite queries
/// (tokio's default is 512).
const MAX_MODEL_THREADS: usize = 64;

/// Loads the state, binds `addr` and serves until Ctrl-C or SIGTERM, on a
/// runtime of its own (for the CLI). `on_bound` hears the bound address.
pub fn run(
    cfg: &Config,
    addr: SocketAddr,
    on_bound: impl FnOnce(SocketAddr),
) -> Result<(), String> {
    let state = Arc::new(AppState::load(cfg)?);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // Model work runs on the blocking pool; this bounds how many model
        // runs (and their buffers, about 1.3 MB for a new lever setting) a
        // burst of requests can have in flight at once; the rest queue.
        .max_blocking_threads(MAX_MODEL_THREADS)
        .build()
        .map_err(|e| format!("cannot start the server runtime: {e}"))?;
    rt.block_on(serve(addr, state, on_bound))
        .map_err(|e| format!("cannot serve on {addr}: {e}"))
}
