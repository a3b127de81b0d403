//! What keeps the server answering under load and abuse: a bounded queue
//! for expensive requests (`/api/plan`, imports) that answers 503 with
//! `Retry-After` when it is full, so that a flood of plans never slows the
//! pages and the explorer's `/api/gap`; and JSON bodies for every error of
//! the API, also those the framework writes itself (405, 408, 413).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// Seconds a client is asked to wait before trying again after a 503.
pub const RETRY_AFTER_SECONDS: u64 = 2;
/// How long a request waits in the queue before it is answered 503.
pub const QUEUE_WAIT: Duration = Duration::from_secs(5);

/// A bounded queue: at most `running` expensive requests at once, at most
/// `waiting` more in line; the rest are turned away at once.
pub struct Admission {
    running: Semaphore,
    waiting: AtomicUsize,
    max_waiting: usize,
}

impl Admission {
    pub fn new(running: usize, max_waiting: usize) -> Admission {
        Admission {
            running: Semaphore::new(running.max(1)),
            waiting: AtomicUsize::new(0),
            max_waiting,
        }
    }

    /// One expensive request per core at a time, four per core in line.
    pub fn for_this_machine() -> Admission {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Admission::new(cores, 4 * cores)
    }
}

/// 503 with `Retry-After` and a JSON body.
fn busy(why: &str) -> Response {
    let mut r = ApiError::new(StatusCode::SERVICE_UNAVAILABLE, why).into_response();
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
    r
}

/// Middleware: lets an expensive request through when a slot is free,
/// queues it while the line is short, answers 503 otherwise.
pub async fn admit(State(a): State<Arc<Admission>>, req: Request, next: Next) -> Response {
    if a.waiting.fetch_add(1, Ordering::SeqCst) >= a.max_waiting {
        a.waiting.fetch_sub(1, Ordering::SeqCst);
        return busy("the server is busy with other calculations: try again in a moment");
    }
    let permit = tokio::time::timeout(QUEUE_WAIT, a.running.acquire()).await;
    a.waiting.fetch_sub(1, Ordering::SeqCst);
    match permit {
        Ok(Ok(_permit)) => next.run(req).await,
        _ => busy("the server is busy with other calculations: try again in a moment"),
    }
}

/// Middleware: an error of the API without a JSON body (the framework's
/// 405, 408 and 413 and the like) gets one: `{"error": ..., "field": null}`.
pub async fn json_errors(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let resp = next.run(req).await;
    let status = resp.status();
    if !api || !(status.is_client_error() || status.is_server_error()) {
        return resp;
    }
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return resp;
    }
    let message = match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            "method not allowed on this endpoint (see /api/openapi.json)"
        }
        StatusCode::REQUEST_TIMEOUT => {
            "the request took too long and was stopped; nothing was changed"
        }
        StatusCode::PAYLOAD_TOO_LARGE => "the request body is too large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported content type",
        _ => status.canonical_reason().unwrap_or("error"),
    };
    let (mut parts, _) = resp.into_parts();
    let fresh = ApiError::new(status, message).into_response();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let (_, body) = fresh.into_parts();
    Response::from_parts(parts, Body::new(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_queue_turns_requests_away() {
        let a = Admission::new(1, 1);
        let held = a.running.acquire().await.expect("permit");
        // One may wait; the second waiter is turned away at once.
        assert_eq!(a.waiting.fetch_add(1, Ordering::SeqCst), 0);
        assert!(a.waiting.fetch_add(1, Ordering::SeqCst) >= a.max_waiting);
        drop(held);
        let r = busy("x");
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            r.headers()
                .get(header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok()),
            Some("2")
        );
    }
}
