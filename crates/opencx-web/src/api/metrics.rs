//! `GET /api/v1/surveys/{id}/metrics`: NPS, CSAT, CES, ratings, choices and counts with margins
//! of error, optionally filtered by date range, channel and language and grouped by period.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use opencx_app::metrics::{Granularity, MetricsQuery, MetricsReport, parse_day};
use serde::Deserialize;

use crate::AppState;
use crate::api::auth::ApiAuth;
use crate::api::error::{ApiError, ApiResult};
use crate::api::surveys::parse_id;

/// Query parameters of the metrics endpoint.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsParams {
    /// First day, `YYYY-MM-DD` (in the workspace's time zone), included.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (in the workspace's time zone), included.
    pub to: Option<String>,
    pub channel: Option<String>,
    pub language: Option<String>,
    /// `day`, `week` or `month`: adds a trend.
    pub group_by: Option<String>,
}

/// Builds the query value from request parameters, checking each.
pub fn metrics_query(params: MetricsParams) -> Result<MetricsQuery, ApiError> {
    let day = |field: &str, value: Option<String>| -> Result<Option<i64>, ApiError> {
        value
            .map(|v| {
                parse_day(&v)
                    .ok_or_else(|| ApiError::invalid(field, "must be a date like 2026-11-23"))
            })
            .transpose()
    };
    if let Some(channel) = &params.channel {
        opencx_app::respond::check_channel(channel)?;
    }
    if let Some(language) = &params.language
        && !opencx_domain::lang::is_valid_code(language)
    {
        return Err(ApiError::invalid(
            "language",
            "must be a language code like en or he",
        ));
    }
    Ok(MetricsQuery {
        from_day: day("from", params.from)?,
        to_day: day("to", params.to)?,
        channel: params.channel,
        language: params.language,
        group_by: params
            .group_by
            .map(|g| {
                Granularity::parse(&g)
                    .ok_or_else(|| ApiError::invalid("group_by", "must be day, week or month"))
            })
            .transpose()?,
    })
}

/// `GET /api/v1/surveys/{id}/metrics`
pub async fn get_metrics(
    State(state): State<AppState>,
    auth: ApiAuth,
    Path(id): Path<String>,
    params: Result<Query<MetricsParams>, QueryRejection>,
) -> ApiResult<Json<MetricsReport>> {
    let Query(params) = params?;
    let query = metrics_query(params)?;
    let survey = state
        .app
        .get_survey(auth.workspace_id(), parse_id(&id, "survey")?)
        .await?;
    Ok(Json(state.app.survey_metrics(&survey, &query).await?))
}
