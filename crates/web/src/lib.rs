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
pub mod bases;
pub mod cache;
pub mod error;
pub mod explore;
pub mod export;
pub mod guard;
pub mod i18n;
pub mod labels;
pub mod live;
pub mod map;
pub mod pages;
pub mod probability;
pub mod regional;
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
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};

pub use error::ApiError;
pub use state::{AppState, Config};

/// Largest request body, except imports.
pub const BODY_LIMIT: usize = 1024 * 1024;
/// Largest import (CSV).
pub const IMPORT_LIMIT: usize = 10 * 1024 * 1024;
/// A request that takes longer is answered 408 (imports excepted: they run
/// to their commit or rollback and say which).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// A client that has not sent its request's headers by then is cut off.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// A request body (other than an import) must arrive within this time.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);
/// An import's body (up to 10 MB) must arrive within this time.
pub const IMPORT_BODY_TIMEOUT: Duration = Duration::from_secs(60);
/// After SIGTERM or Ctrl-C, open connections get this long to finish;
/// then the server stops, half-sent requests or not.
pub const SHUTDOWN_DEADLINE: Duration = Duration::from_secs(5);
/// Then model runs still on the blocking pool get this long before the
/// process ends (an import cut off is rolled back by SQLite: nothing half
/// is stored).
pub const POOL_SHUTDOWN: Duration = Duration::from_secs(2);

/// Every route: (method, path) as the router and the OpenAPI description
/// name them (a test checks that they agree).
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/"),
    ("get", "/doorrekening"),
    ("get", "/regio"),
    ("get", "/regio/{set}"),
    ("get", "/regio/{set}/{code}"),
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
    ("post", "/api/odds"),
    ("get", "/api/export/{file}"),
    ("get", "/api/gap.csv"),
    ("post", "/api/plan"),
    ("get", "/api/probabilities"),
    ("get", "/api/headline"),
    ("get", "/api/regions/{set}"),
    ("get", "/api/regions/{set}/{code}"),
    ("get", "/api/indicators"),
    ("get", "/api/indicators/{id}"),
    ("post", "/api/monitor/import"),
    ("get", "/api/openapi.json"),
];

/// The application: pages, API, limits, timeouts, the queue of expensive
/// requests, JSON errors, compression (gzip) and security headers.
pub fn router(state: Arc<AppState>) -> Router {
    let admission = Arc::new(guard::Admission::for_this_machine());
    // Expensive: a full plan evaluation (about 40 ms of CPU) or an import.
    let expensive = Router::new().route("/api/plan", post(api::plan)).layer(
        axum::middleware::from_fn_with_state(Arc::clone(&admission), guard::admit),
    );
    let api = Router::new()
        .route("/api/scenarios", get(api::scenarios))
        .route("/api/policies", get(api::policies))
        .route("/api/levers", get(api::levers))
        .route("/api/gap", post(api::gap))
        .route("/api/odds", post(api::odds))
        .route("/api/export/{file}", get(api::export_toml))
        .route("/api/gap.csv", get(api::gap_csv))
        .merge(expensive)
        .route("/api/probabilities", get(api::probabilities))
        .route("/api/headline", get(api::headline))
        .route("/api/regions/{set}", get(regional::api_set))
        .route("/api/regions/{set}/{code}", get(regional::api_region))
        .route("/api/indicators", get(api::indicators))
        .route("/api/indicators/{id}", get(api::indicator))
        .route("/api/openapi.json", get(api::openapi))
        .layer(DefaultBodyLimit::max(BODY_LIMIT));
    let import = Router::new()
        .route("/api/monitor/import", post(api::import))
        .layer(DefaultBodyLimit::max(IMPORT_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            admission,
            guard::admit,
        ))
        .layer(RequestBodyTimeoutLayer::new(IMPORT_BODY_TIMEOUT));
    let pages = Router::new()
        .route("/", get(pages::home))
        .route("/doorrekening", get(pages::doorrekening))
        .route("/regio", get(pages::regio))
        .route("/regio/{set}", get(regional::set_page))
        .route("/regio/{set}/{code}", get(regional::region_page))
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
    // Everything but the import answers 408 after REQUEST_TIMEOUT (model
    // runs are pure: a 408 there leaves nothing half-done).
    let timed = Router::new()
        .merge(api)
        .merge(pages)
        .layer(RequestBodyTimeoutLayer::new(BODY_TIMEOUT))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ));
    let mut app = Router::new()
        .merge(timed)
        .merge(import)
        .fallback(pages::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .with_state(state)
        .layer(CompressionLayer::new())
        .layer(RequestBodyLimitLayer::new(IMPORT_LIMIT + 1024))
        .layer(axum::middleware::from_fn(guard::json_errors));
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
    serve_until(listener, router(state), shutdown()).await
}

/// Serves `app` on `listener` until `stop` completes, then gives open
/// connections [`SHUTDOWN_DEADLINE`] to finish. Every connection must send
/// its request headers within [`HEADER_TIMEOUT`], so a half-sent request
/// holds neither a connection nor the shutdown.
pub async fn serve_until(
    listener: tokio::net::TcpListener,
    app: Router,
    stop: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .keep_alive(true);
    let mut stop = std::pin::pin!(stop);
    loop {
        tokio::select! {
            conn = listener.accept() => {
                let (stream, peer) = match conn {
                    Ok(c) => c,
                    // Out of file descriptors and the like: wait, go on.
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                };
                let app = app.clone();
                let service = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
                    req.extensions_mut().insert(axum::extract::ConnectInfo(peer));
                    let mut app = app.clone();
                    async move {
                        use tower::Service;
                        app.call(req.map(axum::body::Body::new)).await
                    }
                });
                let conn = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
                tokio::spawn(async move {
                    // A client that goes away is its own business.
                    let _ = conn.await;
                });
            }
            () = &mut stop => break,
        }
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_DEADLINE) => {}
    }
    Ok(())
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
    let served = rt
        .block_on(serve(addr, state, on_bound))
        .map_err(|e| format!("cannot serve on {addr}: {e}"));
    // Model runs still going on the blocking pool (a Monte Carlo run, a
    // plan) do not hold the process past the deadline.
    rt.shutdown_timeout(POOL_SHUTDOWN);
    served
}
