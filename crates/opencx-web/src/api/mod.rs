//! The REST API under `/api/v1`: JSON, plural resources, one error shape, API-key auth.

pub mod auth;
pub mod error;
pub mod metrics;
pub mod openapi;
pub mod responses;
pub mod surveys;
pub mod text;
pub mod themes;
pub mod workspace;

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;

/// Routes of `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi::get_openapi))
        .route(
            "/api/v1/surveys",
            get(surveys::list_surveys).post(surveys::create_survey),
        )
        .route(
            "/api/v1/surveys/{id}",
            get(surveys::get_survey).put(surveys::update_survey),
        )
        .route(
            "/api/v1/surveys/{id}/publish",
            post(surveys::publish_survey),
        )
        .route("/api/v1/surveys/{id}/close", post(surveys::close_survey))
        .route("/api/v1/surveys/{id}/export", get(surveys::export_survey))
        .route(
            "/api/v1/surveys/{id}/responses",
            get(responses::list_responses).post(responses::create_response),
        )
        .route("/api/v1/surveys/{id}/metrics", get(metrics::get_metrics))
        .route("/api/v1/surveys/{id}/themes", get(themes::survey_themes))
        .route("/api/v1/themes", get(themes::workspace_themes))
        .route("/api/v1/pain-points", get(themes::pain_points))
        .route("/api/v1/themes/{theme}/answers", get(themes::theme_answers))
        .route("/api/v1/responses/{id}", get(responses::get_response))
        .route(
            "/api/v1/responses/{id}/corrections",
            post(text::correct_answer),
        )
        .route(
            "/api/v1/taxonomy",
            get(text::get_taxonomy).put(text::put_taxonomy),
        )
        .route(
            "/api/v1/reanalysis",
            get(text::get_reanalysis).post(text::start_reanalysis),
        )
        .route(
            "/api/v1/workspace",
            get(workspace::get_workspace).patch(workspace::update_workspace),
        )
}

/// Every API operation as (method, path template), as the OpenAPI document must list them.
pub const OPERATIONS: &[(&str, &str)] = &[
    ("get", "/api/v1/openapi.json"),
    ("get", "/api/v1/surveys"),
    ("post", "/api/v1/surveys"),
    ("get", "/api/v1/surveys/{id}"),
    ("put", "/api/v1/surveys/{id}"),
    ("post", "/api/v1/surveys/{id}/publish"),
    ("post", "/api/v1/surveys/{id}/close"),
    ("get", "/api/v1/surveys/{id}/export"),
    ("get", "/api/v1/surveys/{id}/responses"),
    ("post", "/api/v1/surveys/{id}/responses"),
    ("get", "/api/v1/surveys/{id}/metrics"),
    ("get", "/api/v1/surveys/{id}/themes"),
    ("get", "/api/v1/themes"),
    ("get", "/api/v1/pain-points"),
    ("get", "/api/v1/themes/{theme}/answers"),
    ("get", "/api/v1/responses/{id}"),
    ("post", "/api/v1/responses/{id}/corrections"),
    ("get", "/api/v1/taxonomy"),
    ("put", "/api/v1/taxonomy"),
    ("get", "/api/v1/reanalysis"),
    ("post", "/api/v1/reanalysis"),
    ("get", "/api/v1/workspace"),
    ("patch", "/api/v1/workspace"),
    ("post", "/s/{slug}/responses"),
    ("get", "/healthz"),
    ("get", "/readyz"),
];
