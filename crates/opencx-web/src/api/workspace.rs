//! `/api/v1/workspace`: the settings of the API key's workspace — its time zone, which the
//! days, weeks and months of every figure follow.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use opencx_app::workspaces::WorkspaceSettings;
use serde::Deserialize;

use crate::AppState;
use crate::api::auth::ApiAuth;
use crate::api::error::ApiResult;

/// `GET /api/v1/workspace`
pub async fn get_workspace(
    State(state): State<AppState>,
    auth: ApiAuth,
) -> ApiResult<Json<WorkspaceSettings>> {
    Ok(Json(
        state.app.workspace_settings(auth.workspace_id()).await?,
    ))
}

/// Body of `PATCH /api/v1/workspace`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateWorkspace {
    /// An IANA time zone (`Europe/Warsaw`); changing it recounts the rollups (in the
    /// background).
    pub time_zone: Option<String>,
}

/// `PATCH /api/v1/workspace`: a changed time zone counts new answers at once; the stored ones are
/// recounted in the background, and the answer waits a little for that (`recount` says how far
/// it has got when it is still running).
pub async fn update_workspace(
    State(state): State<AppState>,
    auth: ApiAuth,
    body: Result<Json<UpdateWorkspace>, JsonRejection>,
) -> ApiResult<Json<WorkspaceSettings>> {
    let Json(body) = body?;
    if let Some(zone) = &body.time_zone {
        state.app.set_time_zone(auth.workspace_id(), zone).await?;
    }
    Ok(Json(
        state.app.workspace_settings(auth.workspace_id()).await?,
    ))
}
