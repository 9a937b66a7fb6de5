//! Public routes: the respondent page and its JSON intake, health checks and static assets.

pub mod page;

use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderName, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::AppState;
use crate::api::responses::submit_public_response;

/// Routes anyone may call, except the JSON intake (see [`intake_routes`]).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/s/{slug}",
            get(page::show_survey).post(page::answer_survey),
        )
        .route("/assets/{name}", get(asset))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

/// The public JSON intake, `POST /s/{slug}/responses`: the one route a page on another site
/// (a feedback widget) calls from the browser, so it alone answers CORS requests (see
/// [`intake_cors`]; the caller adds it outermost, so even a 429 is readable by the widget).
pub fn intake_routes() -> Router<AppState> {
    Router::new().route("/s/{slug}/responses", post(submit_public_response))
}

/// How long a browser may reuse a preflight answer.
const PREFLIGHT_MAX_AGE: Duration = Duration::from_secs(24 * 3600);

/// CORS for the public intake: any origin may post a response, without credentials (the intake
/// needs none: no cookies, no key), with the headers a JSON submission uses. Preflight requests
/// (`OPTIONS`) are answered here. Pages and the API get no CORS headers, so browsers keep other
/// sites from reading them.
pub fn intake_cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::any())
        .allow_methods([Method::POST])
        .allow_headers([
            header::CONTENT_TYPE,
            HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([header::RETRY_AFTER])
        .max_age(PREFLIGHT_MAX_AGE)
}

/// `GET /healthz`: the process is up.
async fn healthz() -> Response {
    axum::Json(json!({"status": "ok"})).into_response()
}

/// `GET /readyz`: the process can serve requests (the database answers).
async fn readyz(State(state): State<AppState>) -> Response {
    match state.app.store.ping().await {
        Ok(()) => axum::Json(json!({"status": "ready"})).into_response(),
        Err(error) => {
            tracing::warn!(%error, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(json!({"status": "unavailable", "reason": "database"})),
            )
                .into_response()
        }
    }
}

/// Embedded static files, served under content-hashed names so they can be cached for a year.
async fn asset(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    if let Some(asset) = state.assets.find(&name) {
        return (
            [
                (header::CONTENT_TYPE, asset.content_type),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            asset.body,
        )
            .into_response();
    }
    StatusCode::NOT_FOUND.into_response()
}
