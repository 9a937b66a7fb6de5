//! A workspace's settings: the time zone its days, weeks and months follow.
//!
//! Changing the zone recounts the workspace's rollups from its raw answers in the transaction
//! that changes it (decision record 0022), so every figure read after it is in the new zone.

use opencx_domain::zone::{Zone, ZoneError};
use opencx_store::{RebuildSummary, StoreError};
use serde::Serialize;

use crate::{App, AppError, AppResult};

/// A workspace's settings as the API shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkspaceSettings {
    /// Decimal string, like every id in the API.
    pub id: String,
    pub slug: String,
    pub name: String,
    /// IANA name of the zone its days, weeks and months follow.
    pub time_zone: String,
}

/// What changing the zone did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZoneChange {
    /// The zone now in force.
    pub zone: Zone,
    /// Whether it differs from the one before (nothing is recounted otherwise).
    pub changed: bool,
    /// What was recounted.
    pub recounted: RebuildSummary,
}

/// Parses a zone name typed by a person or sent to the API; problems are on field `time_zone`.
pub fn parse_time_zone(name: &str) -> AppResult<Zone> {
    Zone::parse(name).map_err(|error| match error {
        ZoneError::Empty | ZoneError::Unknown => AppError::invalid("time_zone", error.to_string()),
    })
}

impl App {
    /// The zone a workspace's days, weeks and months follow.
    pub async fn workspace_zone(&self, workspace_id: i64) -> AppResult<Zone> {
        Ok(self.store.get_workspace(workspace_id).await?.time_zone)
    }

    /// A workspace's settings.
    pub async fn workspace_settings(&self, workspace_id: i64) -> AppResult<WorkspaceSettings> {
        let row = self.store.get_workspace(workspace_id).await?;
        Ok(WorkspaceSettings {
            id: row.id.to_string(),
            slug: row.slug,
            name: row.name,
            time_zone: row.time_zone.name().to_owned(),
        })
    }

    /// Sets a workspace's time zone from its IANA name and recounts its rollups under it (in
    /// one transaction; the same zone again changes nothing). Who may do it is checked by the
    /// caller: an owner in the web app, the workspace's API keys.
    pub async fn set_time_zone(&self, workspace_id: i64, name: &str) -> AppResult<ZoneChange> {
        let zone = parse_time_zone(name)?;
        let before = self.workspace_zone(workspace_id).await?;
        if before == zone {
            return Ok(ZoneChange {
                zone,
                changed: false,
                recounted: RebuildSummary::default(),
            });
        }
        let started = std::time::Instant::now();
        let recounted = self
            .store
            .set_time_zone(workspace_id, zone)
            .await
            .map_err(|error| match error {
                StoreError::NotFound => AppError::NotFound("workspace"),
                other => other.into(),
            })?;
        tracing::info!(
            workspace_id,
            from = before.name(),
            to = zone.name(),
            surveys = recounted.surveys,
            responses = recounted.responses,
            ms = started.elapsed().as_millis() as u64,
            "time zone changed; rollups recounted"
        );
        Ok(ZoneChange {
            zone,
            changed: true,
            recounted,
        })
    }
}
