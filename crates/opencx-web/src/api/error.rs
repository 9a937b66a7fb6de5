//! The API's one error shape: `{"error": {"code": "...", "message": "...", "field": "...", "problems": [...]}}`.
//!
//! Handlers return [`ApiResult`]; use-case errors convert into it, and the helpers below name
//! the common failures. Nothing here ever answers a user's mistake with a 500.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use opencx_app::AppError;
use opencx_app::error::FieldProblem;
use serde_json::json;

/// An error answered as JSON with a status code.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub problems: Vec<FieldProblem>,
}

/// Result of API handlers.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// An error of any status without field problems.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            problems: Vec::new(),
        }
    }

    /// A 400 for input that could not be read at all.
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "bad_request",
            message: message.into(),
            problems: Vec::new(),
        }
    }

    /// A 422 naming one field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "invalid",
            message: format!("{field}: {message}"),
            problems: vec![FieldProblem::new(field, message)],
        }
    }

    /// A 404.
    pub fn not_found(what: &str) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            message: format!("{what} not found"),
            problems: Vec::new(),
        }
    }

    /// A 401 with the reason.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::UNAUTHORIZED,
            code: "unauthorized",
            message: message.into(),
            problems: Vec::new(),
        }
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        let (status, code) = match &error {
            AppError::Invalid { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
            AppError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            AppError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            AppError::Closed(_) => (StatusCode::CONFLICT, "survey_closed"),
            AppError::IdempotencyKeyReused => (StatusCode::CONFLICT, "idempotency_key_reused"),
            AppError::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            AppError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            AppError::TooManyAttempts(_) => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            AppError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            AppError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        };
        if let AppError::Internal(message) = &error {
            tracing::error!(%message, "internal error");
        }
        let message = match &error {
            // Details of internal failures go to the log, not to the client.
            AppError::Internal(_) => "an internal error occurred; it has been logged".to_owned(),
            other => other.to_string(),
        };
        let problems = match error {
            AppError::Invalid { problems, .. } => problems,
            // Names the field to change, like the 422s do.
            AppError::IdempotencyKeyReused => {
                vec![FieldProblem::new("idempotency_key", message.clone())]
            }
            _ => Vec::new(),
        };
        ApiError {
            status,
            code,
            message,
            problems,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let field = self.problems.first().map(|p| p.field.clone());
        let mut body = json!({"error": {"code": self.code, "message": self.message}});
        if let Some(field) = field {
            body["error"]["field"] = json!(field);
        }
        if !self.problems.is_empty() {
            body["error"]["problems"] = json!(self.problems);
        }
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                "www-authenticate",
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

/// Turns axum's rejections of a JSON body (wrong type, bad syntax, too large) into our shape.
impl From<axum::extract::rejection::JsonRejection> for ApiError {
    fn from(rejection: axum::extract::rejection::JsonRejection) -> Self {
        let status = rejection.status();
        let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "too_large"
        } else {
            "bad_request"
        };
        ApiError {
            status,
            code,
            message: rejection.body_text(),
            problems: Vec::new(),
        }
    }
}

impl From<axum::extract::rejection::QueryRejection> for ApiError {
    fn from(rejection: axum::extract::rejection::QueryRejection) -> Self {
        ApiError::bad_request(rejection.body_text())
    }
}

impl From<axum::extract::rejection::PathRejection> for ApiError {
    fn from(rejection: axum::extract::rejection::PathRejection) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            message: rejection.body_text(),
            problems: Vec::new(),
        }
    }
}
