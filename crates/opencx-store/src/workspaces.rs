//! Workspaces, their API keys, and server-wide settings.

use sqlx::Row;
use sqlx::any::AnyRow;

use opencx_domain::zone::Zone;

use crate::{Store, StoreError, StoreResult};

/// A workspace: one brand or team, owning surveys and responses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub created_at: i64,
    /// The zone its days, weeks and months follow (UTC unless an owner chose another).
    pub time_zone: Zone,
}

/// An API key as stored: the public prefix and the argon2 hash of the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyRow {
    pub id: i64,
    pub workspace_id: i64,
    pub name: String,
    pub prefix: String,
    pub secret_hash: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

/// A workspace from a row with its columns (`id, slug, name, created_at, time_zone`).
pub(crate) fn workspace(row: &AnyRow) -> StoreResult<WorkspaceRow> {
    let zone: String = row.try_get("time_zone")?;
    Ok(WorkspaceRow {
        id: row.try_get("id")?,
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        created_at: row.try_get("created_at")?,
        time_zone: Zone::from_stored(&zone),
    })
}

fn api_key(row: &AnyRow) -> StoreResult<ApiKeyRow> {
    Ok(ApiKeyRow {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        name: row.try_get("name")?,
        prefix: row.try_get("prefix")?,
        secret_hash: row.try_get("secret_hash")?,
        created_at: row.try_get("created_at")?,
        revoked_at: row.try_get("revoked_at")?,
    })
}

/// Turns a unique-constraint violation into [`StoreError::Conflict`].
pub(crate) fn conflict_on_unique(error: sqlx::Error, what: &str) -> StoreError {
    if let sqlx::Error::Database(db) = &error
        && db.is_unique_violation()
    {
        return StoreError::Conflict(what.to_owned());
    }
    StoreError::Database(error)
}

impl Store {
    /// Creates a workspace.
    pub async fn create_workspace(
        &self,
        slug: &str,
        name: &str,
        now_ms: i64,
    ) -> StoreResult<WorkspaceRow> {
        let id = self.next_id(now_ms);
        sqlx::query("INSERT INTO workspaces (id, slug, name, created_at) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(slug)
            .bind(name)
            .bind(now_ms)
            .execute(self.pool())
            .await
            .map_err(|e| {
                conflict_on_unique(e, &format!("a workspace with slug \"{slug}\" exists"))
            })?;
        Ok(WorkspaceRow {
            id,
            slug: slug.to_owned(),
            name: name.to_owned(),
            created_at: now_ms,
            time_zone: Zone::UTC,
        })
    }

    /// Every workspace, oldest first.
    pub async fn list_workspaces(&self) -> StoreResult<Vec<WorkspaceRow>> {
        sqlx::query("SELECT id, slug, name, created_at, time_zone FROM workspaces ORDER BY id")
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(workspace)
            .collect()
    }

    /// The workspace with this id.
    pub async fn get_workspace(&self, id: i64) -> StoreResult<WorkspaceRow> {
        let row = sqlx::query(
            "SELECT id, slug, name, created_at, time_zone FROM workspaces WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        workspace(&row)
    }

    /// Stores a new API key (the secret already hashed).
    pub async fn insert_api_key(
        &self,
        workspace_id: i64,
        name: &str,
        prefix: &str,
        secret_hash: &str,
        now_ms: i64,
    ) -> StoreResult<ApiKeyRow> {
        let id = self.next_id(now_ms);
        sqlx::query(
            "INSERT INTO api_keys (id, workspace_id, name, prefix, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(workspace_id)
        .bind(name)
        .bind(prefix)
        .bind(secret_hash)
        .bind(now_ms)
        .execute(self.pool())
        .await
        .map_err(|e| conflict_on_unique(e, "API key prefix collision"))?;
        Ok(ApiKeyRow {
            id,
            workspace_id,
            name: name.to_owned(),
            prefix: prefix.to_owned(),
            secret_hash: secret_hash.to_owned(),
            created_at: now_ms,
            revoked_at: None,
        })
    }

    /// The key with this public prefix, revoked or not.
    pub async fn find_api_key(&self, prefix: &str) -> StoreResult<ApiKeyRow> {
        let row = sqlx::query(
            "SELECT id, workspace_id, name, prefix, secret_hash, created_at, revoked_at FROM api_keys WHERE prefix = $1",
        )
        .bind(prefix)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        api_key(&row)
    }

    /// Revokes a key of a workspace.
    pub async fn revoke_api_key(&self, workspace_id: i64, id: i64, now_ms: i64) -> StoreResult<()> {
        let done = sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND workspace_id = $3 AND revoked_at IS NULL")
            .bind(now_ms)
            .bind(id)
            .bind(workspace_id)
            .execute(self.pool())
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// A server-wide setting.
    pub async fn get_setting(&self, key: &str) -> StoreResult<Option<String>> {
        let row = sqlx::query("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(self.pool())
            .await?;
        Ok(match row {
            Some(row) => Some(row.try_get(0)?),
            None => None,
        })
    }

    /// Stores `value` under `key` unless a value is there already; returns the value in force.
    /// Used for secrets generated on first start, so that two servers agree on one.
    pub async fn init_setting(&self, key: &str, value: &str) -> StoreResult<String> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
        )
        .bind(key)
        .bind(value)
        .execute(self.pool())
        .await?;
        self.get_setting(key).await?.ok_or(StoreError::NotFound)
    }
}
