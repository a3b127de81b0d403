//! Errors of the API as JSON: `{"error": "...", "field": "..."}`, with the
//! field of the request at fault where there is one.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// An error answered to a request.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    pub error: String,
    /// The request field at fault, as a path (`levers.side`), if any.
    pub field: Option<String>,
}

#[derive(Serialize)]
struct Body<'a> {
    error: &'a str,
    field: Option<&'a str>,
}

impl ApiError {
    pub fn new(status: StatusCode, error: impl Into<String>) -> ApiError {
        ApiError {
            status,
            error: error.into(),
            field: None,
        }
    }

    /// 422: the request is well-formed but a value is not acceptable.
    pub fn field(field: impl Into<String>, error: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            error: error.into(),
            field: Some(field.into()),
        }
    }

    pub fn not_found(error: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, error)
    }

    pub fn internal(error: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, error)
    }

    pub fn with_status(mut self, status: StatusCode) -> ApiError {
        self.status = status;
        self
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{field}: {}", self.error),
            None => f.write_str(&self.error),
        }
    }
}

/// Longest error message answered (an echo of a huge input is cut).
pub const MAX_ERROR_BYTES: usize = 64 * 1024;
/// Longest field path answered.
const MAX_FIELD_BYTES: usize = 200;

/// `s` cut to `max` bytes at a character boundary, saying so.
fn capped(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if s.len() <= max {
        return s.into();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… (cut; {} bytes in all)", &s[..end], s.len()).into()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let error = capped(&self.error, MAX_ERROR_BYTES);
        let field = self.field.as_deref().map(|f| capped(f, MAX_FIELD_BYTES));
        let body = Body {
            error: &error,
            field: field.as_deref(),
        };
        (self.status, Json(body)).into_response()
    }
}

/// A rejected request body (too large, unreadable) as a JSON error.
impl From<axum::extract::rejection::BytesRejection> for ApiError {
    fn from(r: axum::extract::rejection::BytesRejection) -> Self {
        ApiError::new(r.status(), r.body_text())
    }
}
