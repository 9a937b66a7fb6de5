//! `/api/v1/surveys`: list, create, get, update, publish, close, export.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use opencx_app::surveys::{ExportFormat, LoadedSurvey};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::api::auth::ApiAuth;
use crate::api::error::{ApiError, ApiResult};
use crate::time::rfc3339;

/// The JSON view of a survey.
pub fn survey_json(survey: &LoadedSurvey, with_definition: bool) -> Value {
    let row = &survey.row;
    let mut value = json!({
        "id": row.id.to_string(),
        "slug": row.slug,
        "title": row.title,
        "status": row.status,
        "version": row.current_version,
        "response_count": row.response_count,
        "languages": survey.definition.languages,
        "default_language": survey.definition.default_language,
        "public_url": format!("/s/{}", row.slug),
        "created_at": rfc3339(row.created_at),
        "updated_at": rfc3339(row.updated_at),
        "published_at": row.published_at.map(rfc3339),
        "closed_at": row.closed_at.map(rfc3339),
        "closed_reason": row.closed_reason,
    });
    if with_definition {
        value["definition"] = (*survey.document).clone();
    }
    value
}

/// Parses a path id: ids are decimal strings (JSON numbers cannot hold 64 bits safely in JavaScript).
pub fn parse_id(raw: &str, what: &str) -> ApiResult<i64> {
    raw.parse::<i64>().map_err(|_| ApiError::not_found(what))
}

/// `GET /api/v1/surveys`
pub async fn list_surveys(State(state): State<AppState>, auth: ApiAuth) -> ApiResult<Json<Value>> {
    let surveys = state.app.list_surveys(auth.workspace_id()).await?;
    let items: Vec<Value> = surveys.iter().map(|s| survey_json(s, false)).collect();
    Ok(Json(json!({ "surveys": items })))
}

/// Body of `POST /api/v1/surveys`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateSurvey {
    /// Public address `/s/{slug}`; made from the title when absent.
    pub slug: Option<String>,
    /// The definition document (see docs/survey-format.md).
    pub definition: Value,
}

/// `POST /api/v1/surveys`
pub async fn create_survey(
    State(state): State<AppState>,
    auth: ApiAuth,
    body: Result<Json<CreateSurvey>, JsonRejection>,
) -> ApiResult<Response> {
    let Json(body) = body?;
    let survey = state
        .app
        .create_survey(auth.workspace_id(), body.slug.as_deref(), body.definition)
        .await?;
    let location = format!("/api/v1/surveys/{}", survey.row.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(survey_json(&survey, true)),
    )
        .into_response())
}

/// `GET /api/v1/surveys/{id}`
pub async fn get_survey(
    State(state): State<AppState>,
    auth: ApiAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let survey = state
        .app
        .get_survey(auth.workspace_id(), parse_id(&id, "survey")?)
        .await?;
    Ok(Json(survey_json(&survey, true)))
}

/// Body of `PUT /api/v1/surveys/{id}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateSurvey {
    pub definition: Value,
    /// The version the edit was based on; a mismatch answers 409 instead of overwriting.
    pub expected_version: Option<i64>,
}

/// `PUT /api/v1/surveys/{id}`
pub async fn update_survey(
    State(state): State<AppState>,
    auth: ApiAuth,
    Path(id): Path<String>,
    body: Result<Json<UpdateSurvey>, JsonRejection>,
) -> ApiResult<Json<Value>> {
    let Json(body) = body?;
    let survey = state
        .app
        .update_survey(
            auth.workspace_id(),
            parse_id(&id, "survey")?,
            body.expected_version,
            body.definition,
        )
        .await?;
    Ok(Json(survey_json(&survey, true)))
}

/// `POST /api/v1/surveys/{id}/publish`
pub async fn publish_survey(
    State(state): State<AppState>,
    auth: ApiAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let survey = state
        .app
        .publish_survey(auth.workspace_id(), parse_id(&id, "survey")?)
        .await?;
    Ok(Json(survey_json(&survey, true)))
}

/// `POST /api/v1/surveys/{id}/close`
pub async fn close_survey(
    State(state): State<AppState>,
    auth: ApiAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let survey = state
        .app
        .close_survey(auth.workspace_id(), parse_id(&id, "survey")?)
        .await?;
    Ok(Json(survey_json(&survey, true)))
}

/// Query of the export.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    /// `json` (default) or `yaml`.
    pub format: Option<String>,
    /// A version number; the current one when absent.
    pub version: Option<i64>,
}

/// `GET /api/v1/surveys/{id}/export`: the definition document exactly as it was given.
pub async fn export_survey(
    State(state): State<AppState>,
    auth: ApiAuth,
    Path(id): Path<String>,
    query: Result<Query<ExportQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let Query(query) = query?;
    let format = match query.format.as_deref() {
        None | Some("json") => ExportFormat::Json,
        Some("yaml") => ExportFormat::Yaml,
        Some(_) => return Err(ApiError::invalid("format", "must be json or yaml")),
    };
    let row = state
        .app
        .store
        .get_survey(auth.workspace_id(), parse_id(&id, "survey")?)
        .await
        .map_err(opencx_app::surveys::not_found("survey"))?;
    let survey = state.app.load_version(row, query.version).await?;
    let text = opencx_app::surveys::export_document(&survey.document, format)?;
    let content_type = match format {
        ExportFormat::Json => "application/json",
        ExportFormat::Yaml => "application/yaml; charset=utf-8",
    };
    Ok(([(header::CONTENT_TYPE, content_type)], text).into_response())
}
