//! `GET /api/v1/surveys/{id}/themes` and `GET /api/v1/themes`: what the open answers of a survey
//! or of the whole workspace talk about — themes with mentions, sentiment split, impact on the
//! score and weekly trend — and the trending pain points with their example answers, the signal
//! alerting acts on. `GET /api/v1/pain-points` returns the pain points alone.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use opencx_app::metrics::parse_day;
use opencx_app::text_themes::{PainPoint, ThemesReport};
use opencx_domain::zone::Zone;
use opencx_store::TextScope;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::api::auth::ApiAuth;
use crate::api::error::{ApiError, ApiResult};
use crate::api::surveys::parse_id;

/// Days covered when no `from` is given.
const DEFAULT_DAYS: i64 = 90;

/// Query parameters of the themes endpoints.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemesParams {
    /// First day, `YYYY-MM-DD` (in the workspace's time zone), included; default 89 days
    /// before `to`, at most 730.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (in the workspace's time zone), included; default today.
    pub to: Option<String>,
    /// Language of the theme names (en, pl, he, fa); default en.
    pub lang: Option<String>,
    /// A survey id, for the pain points of one survey.
    pub survey: Option<String>,
}

/// The period `[from, to)` in ms: whole days of the workspace's `zone`.
fn period(state: &AppState, params: &ThemesParams, zone: Zone) -> ApiResult<(i64, i64)> {
    let day = |field: &str, value: &Option<String>| -> ApiResult<Option<i64>> {
        value
            .as_deref()
            .map(|v| {
                parse_day(v)
                    .ok_or_else(|| ApiError::invalid(field, "must be a date like 2026-11-23"))
            })
            .transpose()
    };
    let now = state.app.now();
    let to_day = day("to", &params.to)?.unwrap_or(zone.day_of(now));
    let from_day = day("from", &params.from)?.unwrap_or(to_day - DEFAULT_DAYS + 1);
    if from_day > to_day {
        return Err(ApiError::invalid("from", "must not be after to"));
    }
    // The last week of the period ends now when the period runs to today.
    let from = zone.day_start(from_day);
    let to = zone.day_start(to_day + 1).min(now.max(from + 1));
    Ok((from, to))
}

fn language(params: &ThemesParams) -> ApiResult<String> {
    match params.lang.as_deref() {
        None => Ok("en".into()),
        Some(code @ ("en" | "pl" | "he" | "fa")) => Ok(code.into()),
        Some(_) => Err(ApiError::invalid("lang", "must be en, pl, he or fa")),
    }
}

/// `GET /api/v1/surveys/{id}/themes`
pub async fn survey_themes(
    State(state): State<AppState>,
    auth: ApiAuth,
    Path(id): Path<String>,
    params: Result<Query<ThemesParams>, QueryRejection>,
) -> ApiResult<Json<ThemesReport>> {
    let Query(params) = params?;
    if params.survey.is_some() {
        return Err(ApiError::invalid("survey", "is given in the path here"));
    }
    let survey = state
        .app
        .get_survey(auth.workspace_id(), parse_id(&id, "survey")?)
        .await?;
    let zone = state.app.workspace_zone(auth.workspace_id()).await?;
    let report = state
        .app
        .themes_report(
            auth.workspace_id(),
            TextScope::Survey(survey.row.id),
            period(&state, &params, zone)?,
            &language(&params)?,
        )
        .await?;
    Ok(Json(report))
}

/// `GET /api/v1/themes`
pub async fn workspace_themes(
    State(state): State<AppState>,
    auth: ApiAuth,
    params: Result<Query<ThemesParams>, QueryRejection>,
) -> ApiResult<Json<ThemesReport>> {
    let Query(params) = params?;
    if params.survey.is_some() {
        return Err(ApiError::invalid(
            "survey",
            "use /api/v1/surveys/{id}/themes for one survey",
        ));
    }
    let zone = state.app.workspace_zone(auth.workspace_id()).await?;
    let report = state
        .app
        .themes_report(
            auth.workspace_id(),
            TextScope::Workspace(auth.workspace_id()),
            period(&state, &params, zone)?,
            &language(&params)?,
        )
        .await?;
    Ok(Json(report))
}

/// The pain points of the week before `to` (default now).
#[derive(Debug, Serialize)]
pub struct PainPoints {
    /// The end of the current week (RFC 3339).
    pub until: String,
    pub pain_points: Vec<PainPoint>,
}

/// `GET /api/v1/pain-points`
pub async fn pain_points(
    State(state): State<AppState>,
    auth: ApiAuth,
    params: Result<Query<ThemesParams>, QueryRejection>,
) -> ApiResult<Json<PainPoints>> {
    let Query(params) = params?;
    if params.from.is_some() {
        return Err(ApiError::invalid(
            "from",
            "pain points compare the week before `to` with the week before it",
        ));
    }
    let scope = match &params.survey {
        Some(id) => {
            let survey = state
                .app
                .get_survey(auth.workspace_id(), parse_id(id, "survey")?)
                .await?;
            TextScope::Survey(survey.row.id)
        }
        None => TextScope::Workspace(auth.workspace_id()),
    };
    let zone = state.app.workspace_zone(auth.workspace_id()).await?;
    let (_, until) = period(&state, &params, zone)?;
    let pain_points = state
        .app
        .pain_points(auth.workspace_id(), scope, until, &language(&params)?)
        .await?;
    Ok(Json(PainPoints {
        until: crate::time::rfc3339(until),
        pain_points,
    }))
}
