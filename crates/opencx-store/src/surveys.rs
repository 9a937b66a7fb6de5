//! Surveys and their versions. A survey's definition lives in `survey_versions`; the survey row
//! says which version is current and where the survey is in its lifecycle.

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::workspaces::conflict_on_unique;
use crate::{Store, StoreError, StoreResult};

/// A survey as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyRow {
    pub id: i64,
    pub workspace_id: i64,
    pub slug: String,
    pub title: String,
    /// `draft`, `live` or `closed`.
    pub status: String,
    pub current_version: i64,
    pub response_count: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    pub closed_at: Option<i64>,
    /// `manual`, `date` or `quota` when closed.
    pub closed_reason: Option<String>,
    /// Responses after which the survey closes (from the current version).
    pub response_quota: Option<i64>,
}

/// A definition as stored: the document, and the fields the survey row keeps beside it.
#[derive(Debug, Clone, Copy)]
pub struct DefinitionToStore<'a> {
    /// Title in the default language (for lists).
    pub title: &'a str,
    /// The definition document as JSON text.
    pub json: &'a str,
    /// The version's response quota.
    pub response_quota: Option<i64>,
}

/// One version of a survey's definition (the JSON document as the user gave it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionRow {
    pub survey_id: i64,
    pub version: i64,
    pub definition: String,
    pub created_at: i64,
}

const SURVEY_COLUMNS: &str = "id, workspace_id, slug, title, status, current_version, response_count, created_at, \
     updated_at, published_at, closed_at, closed_reason, response_quota";

fn survey(row: &AnyRow) -> StoreResult<SurveyRow> {
    Ok(SurveyRow {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        slug: row.try_get("slug")?,
        title: row.try_get("title")?,
        status: row.try_get("status")?,
        current_version: row.try_get("current_version")?,
        response_count: row.try_get("response_count")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        published_at: row.try_get("published_at")?,
        closed_at: row.try_get("closed_at")?,
        closed_reason: row.try_get("closed_reason")?,
        response_quota: row.try_get("response_quota")?,
    })
}

fn version_row(row: &AnyRow) -> StoreResult<VersionRow> {
    Ok(VersionRow {
        survey_id: row.try_get("survey_id")?,
        version: row.try_get("version")?,
        definition: row.try_get("definition")?,
        created_at: row.try_get("created_at")?,
    })
}

impl Store {
    /// Creates a draft survey with its first version.
    pub async fn insert_survey(
        &self,
        workspace_id: i64,
        slug: &str,
        definition: &DefinitionToStore<'_>,
        now_ms: i64,
    ) -> StoreResult<SurveyRow> {
        let DefinitionToStore {
            title,
            json: definition,
            response_quota,
        } = *definition;
        let id = self.next_id(now_ms);
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO surveys (id, workspace_id, slug, title, status, current_version, response_count, created_at, updated_at, \
             response_quota) VALUES ($1, $2, $3, $4, 'draft', 1, 0, $5, $5, $6)",
        )
        .bind(id)
        .bind(workspace_id)
        .bind(slug)
        .bind(title)
        .bind(now_ms)
        .bind(response_quota)
        .execute(&mut *tx)
        .await
        .map_err(|e| conflict_on_unique(e, &format!("the slug \"{slug}\" is already used by another survey")))?;
        sqlx::query("INSERT INTO survey_versions (survey_id, version, definition, created_at) VALUES ($1, 1, $2, $3)")
            .bind(id)
            .bind(definition)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.get_survey(workspace_id, id).await
    }

    /// The survey with this id in this workspace.
    pub async fn get_survey(&self, workspace_id: i64, id: i64) -> StoreResult<SurveyRow> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {SURVEY_COLUMNS} FROM surveys WHERE id = $1 AND workspace_id = $2"
        )))
        .bind(id)
        .bind(workspace_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        survey(&row)
    }

    /// The survey published under this public slug.
    pub async fn get_survey_by_slug(&self, slug: &str) -> StoreResult<SurveyRow> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {SURVEY_COLUMNS} FROM surveys WHERE slug = $1"
        )))
        .bind(slug)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        survey(&row)
    }

    /// The survey with this id, whatever its workspace (for internal jobs).
    pub async fn get_survey_any_workspace(&self, id: i64) -> StoreResult<SurveyRow> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {SURVEY_COLUMNS} FROM surveys WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        survey(&row)
    }

    /// The workspace's surveys, newest first.
    pub async fn list_surveys(&self, workspace_id: i64) -> StoreResult<Vec<SurveyRow>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {SURVEY_COLUMNS} FROM surveys WHERE workspace_id = $1 ORDER BY id DESC"
        )))
        .bind(workspace_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(survey)
        .collect()
    }

    /// The workspace's surveys, newest first, each with its current version's definition
    /// document (JSON text), in one query.
    pub async fn list_surveys_with_definitions(
        &self,
        workspace_id: i64,
    ) -> StoreResult<Vec<(SurveyRow, String)>> {
        let columns = SURVEY_COLUMNS
            .split(", ")
            .map(|c| format!("s.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {columns}, v.definition FROM surveys s \
             JOIN survey_versions v ON v.survey_id = s.id AND v.version = s.current_version \
             WHERE s.workspace_id = $1 ORDER BY s.id DESC"
        )))
        .bind(workspace_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| Ok((survey(row)?, row.try_get("definition")?)))
        .collect()
    }

    /// One version of a survey's definition.
    pub async fn get_version(&self, survey_id: i64, version: i64) -> StoreResult<VersionRow> {
        let row = sqlx::query(
            "SELECT survey_id, version, definition, created_at FROM survey_versions WHERE survey_id = $1 AND version = $2",
        )
        .bind(survey_id)
        .bind(version)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        version_row(&row)
    }

    /// Every version of a survey with its definition, oldest first, in one query.
    pub async fn list_version_rows(&self, survey_id: i64) -> StoreResult<Vec<VersionRow>> {
        sqlx::query(
            "SELECT survey_id, version, definition, created_at FROM survey_versions WHERE survey_id = $1 ORDER BY version",
        )
        .bind(survey_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(version_row)
        .collect()
    }

    /// Every version number of a survey, oldest first.
    pub async fn list_versions(&self, survey_id: i64) -> StoreResult<Vec<i64>> {
        sqlx::query("SELECT version FROM survey_versions WHERE survey_id = $1 ORDER BY version")
            .bind(survey_id)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| r.try_get::<i64, _>(0).map_err(StoreError::from))
            .collect()
    }

    /// Stores a changed definition. A draft's current version is replaced in place (nobody has
    /// answered it); a live or closed survey gets a new version, so earlier responses keep the
    /// version they answered. `expected_version` guards against two editors overwriting each other;
    /// `expected_draft` says the caller checked the definition for a draft, which a survey
    /// published meanwhile no longer is (a conflict then).
    pub async fn update_definition(
        &self,
        workspace_id: i64,
        survey_id: i64,
        expected_version: i64,
        expected_draft: bool,
        definition: &DefinitionToStore<'_>,
        now_ms: i64,
    ) -> StoreResult<SurveyRow> {
        let DefinitionToStore {
            title,
            json: definition,
            response_quota,
        } = *definition;
        let mut tx = self.pool().begin().await?;
        // Touching the row first locks it on PostgreSQL for the rest of the transaction.
        let row = sqlx::query(
            "UPDATE surveys SET updated_at = $1 WHERE id = $2 AND workspace_id = $3 RETURNING status, current_version",
        )
        .bind(now_ms)
        .bind(survey_id)
        .bind(workspace_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let status: String = row.try_get("status")?;
        let current: i64 = row.try_get("current_version")?;
        if current != expected_version || (expected_draft && status != "draft") {
            return Err(StoreError::Conflict(format!(
                "the survey was changed meanwhile (now at version {current}, {status}); reload it and edit again"
            )));
        }
        if status == "draft" {
            sqlx::query("UPDATE survey_versions SET definition = $1, created_at = $2 WHERE survey_id = $3 AND version = $4")
                .bind(definition)
                .bind(now_ms)
                .bind(survey_id)
                .bind(current)
                .execute(&mut *tx)
                .await?;
        } else {
            sqlx::query("INSERT INTO survey_versions (survey_id, version, definition, created_at) VALUES ($1, $2, $3, $4)")
                .bind(survey_id)
                .bind(current + 1)
                .bind(definition)
                .bind(now_ms)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE surveys SET current_version = $1 WHERE id = $2")
                .bind(current + 1)
                .bind(survey_id)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("UPDATE surveys SET title = $1, response_quota = $2 WHERE id = $3")
            .bind(title)
            .bind(response_quota)
            .bind(survey_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.get_survey(workspace_id, survey_id).await
    }

    /// Moves a survey to `live` (from draft or closed).
    pub async fn publish_survey(
        &self,
        workspace_id: i64,
        survey_id: i64,
        now_ms: i64,
    ) -> StoreResult<SurveyRow> {
        sqlx::query(
            "UPDATE surveys SET status = 'live', published_at = COALESCE(published_at, $1), closed_at = NULL, \
             closed_reason = NULL, updated_at = $1 WHERE id = $2 AND workspace_id = $3",
        )
        .bind(now_ms)
        .bind(survey_id)
        .bind(workspace_id)
        .execute(self.pool())
        .await?;
        self.get_survey(workspace_id, survey_id).await
    }

    /// Closes a survey for a reason (`manual`, `date`, `quota`) as of `closed_at` (a close date
    /// that passed is earlier than `now_ms`, when the change is made); a closed survey stays
    /// closed.
    pub async fn close_survey(
        &self,
        survey_id: i64,
        reason: &str,
        closed_at: i64,
        now_ms: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE surveys SET status = 'closed', closed_at = $1, closed_reason = $2, updated_at = $3 \
             WHERE id = $4 AND status <> 'closed'",
        )
        .bind(closed_at)
        .bind(reason)
        .bind(now_ms)
        .bind(survey_id)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
