//! A workspace's settings: the time zone its days, weeks and months follow.
//!
//! Changing the zone takes effect at once for new answers; the stored ones are then moved to
//! their days in the new zone in the background, a chunk per transaction (decision records 0022
//! and 0026), and the change waits a little for that to end so that a small workspace's figures
//! are all in the new zone when it answers.

use std::time::Duration;

use opencx_domain::zone::{Zone, ZoneError};
use opencx_store::{RecountProgress, StoreError};
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
    /// While the figures are being recounted in the zone after a change: how far that has got
    /// (until then some answers still count on their days in the zone before).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recount: Option<RecountProgress>,
}

/// How long a change of zone waits for its recount before answering with its progress (about
/// 100,000 responses in a release build; see decision record 0026).
pub const RECOUNT_WAIT: Duration = Duration::from_secs(3);
/// How often the waiting change looks at the recount's progress.
const RECOUNT_POLL: Duration = Duration::from_millis(20);

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
            recount: self.store.recount_progress(workspace_id).await?,
        })
    }

    /// Where the recount of a workspace's figures after a change of zone has got to; `None`
    /// when none is under way.
    pub async fn zone_recount(&self, workspace_id: i64) -> AppResult<Option<RecountProgress>> {
        Ok(self.store.recount_progress(workspace_id).await?)
    }

    /// Sets a workspace's time zone from its IANA name: new answers count in it at once, and
    /// the stored ones are moved to their days in it in the background; waits up to
    /// [`RECOUNT_WAIT`] for that to end (the same zone again changes nothing). Who may do it is
    /// checked by the caller: an owner in the web app, the workspace's API keys.
    pub async fn set_time_zone(&self, workspace_id: i64, name: &str) -> AppResult<()> {
        let zone = parse_time_zone(name)?;
        let before = self.workspace_zone(workspace_id).await?;
        if before == zone {
            return Ok(());
        }
        let started = std::time::Instant::now();
        let progress = self
            .store
            .set_time_zone(workspace_id, zone, self.now())
            .await
            .map_err(|error| match error {
                StoreError::NotFound => AppError::NotFound("workspace"),
                other => other.into(),
            })?;
        self.recounts.wake();
        tracing::info!(
            workspace_id,
            from = before.name(),
            to = zone.name(),
            responses = progress.total,
            "time zone changed; recounting the rollups in the background"
        );
        let mut recount = Some(progress);
        while recount.is_some() && started.elapsed() < RECOUNT_WAIT {
            tokio::time::sleep(RECOUNT_POLL).await;
            recount = self.zone_recount(workspace_id).await?;
        }
        Ok(())
    }
}
