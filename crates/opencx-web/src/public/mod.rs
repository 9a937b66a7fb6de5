//! Public routes: the respondent page and its JSON intake, health checks and static assets.

pub mod page;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;

use crate::AppState;
use crate::api::responses::submit_public_response;

/// Routes anyone may call.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/s/{slug}",
            get(page::show_survey).post(page::answer_survey),
        )
        .route("/s/{slug}/responses", post(submit_public_response))
        .route("/assets/{name}", get(asset))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
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
