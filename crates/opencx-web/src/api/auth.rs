//! API authentication: `Authorization: Bearer ocx_...` names a workspace API key. Every API
//! handler that touches workspace data takes an [`ApiAuth`], so an unauthenticated request
//! cannot reach it, and every query it makes is scoped by `workspace_id`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use opencx_app::keys::ApiPrincipal;

use crate::AppState;
use crate::api::error::ApiError;

/// The authenticated caller of an API request.
#[derive(Debug, Clone, Copy)]
pub struct ApiAuth(pub ApiPrincipal);

impl ApiAuth {
    /// The workspace every query of this request is scoped to.
    pub fn workspace_id(&self) -> i64 {
        self.0.workspace_id
    }
}

impl FromRequestParts<AppState> for ApiAuth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .ok_or_else(|| {
                ApiError::unauthorized("send an API key as 'Authorization: Bearer <key>'")
            })?;
        let value = header
            .to_str()
            .map_err(|_| ApiError::unauthorized("the Authorization header is not valid text"))?;
        let key = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
            .ok_or_else(|| {
                ApiError::unauthorized("the Authorization header must be 'Bearer <key>'")
            })?;
        let principal = state.app.authenticate_api_key(key.trim()).await?;
        Ok(ApiAuth(principal))
    }
}
