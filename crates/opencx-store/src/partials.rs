//! Partial responses: what a respondent has answered so far on the survey page, kept between
//! screens so they can go back, leave, and come back to finish.

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Store, StoreError, StoreResult};

/// A partial response as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartialRow {
    pub token: String,
    pub survey_id: i64,
    pub survey_version: i64,
    pub language: String,
    pub channel: String,
    /// JSON object of link parameters.
    pub dimensions: String,
    /// JSON object of answers by question id.
    pub answers: String,
    pub current_question: Option<String>,
    pub started_at: i64,
    pub updated_at: i64,
    /// Set once the response has been submitted.
    pub response_id: Option<i64>,
}

fn partial(row: &AnyRow) -> StoreResult<PartialRow> {
    Ok(PartialRow {
        token: row.try_get("token")?,
        survey_id: row.try_get("survey_id")?,
        survey_version: row.try_get("survey_version")?,
        language: row.try_get("language")?,
        channel: row.try_get("channel")?,
        dimensions: row.try_get("dimensions")?,
        answers: row.try_get("answers")?,
        current_question: row.try_get("current_question")?,
        started_at: row.try_get("started_at")?,
        updated_at: row.try_get("updated_at")?,
        response_id: row.try_get("response_id")?,
    })
}

impl Store {
    /// Stores a new partial response; `false` when one with this token exists already.
    pub async fn insert_partial(&self, p: &PartialRow) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO partial_responses (token, survey_id, survey_version, language, channel, dimensions, answers, \
             current_question, started_at, updated_at, response_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             ON CONFLICT (token) DO NOTHING",
        )
        .bind(p.token.clone())
        .bind(p.survey_id)
        .bind(p.survey_version)
        .bind(p.language.clone())
        .bind(p.channel.clone())
        .bind(p.dimensions.clone())
        .bind(p.answers.clone())
        .bind(p.current_question.clone())
        .bind(p.started_at)
        .bind(p.updated_at)
        .bind(p.response_id)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The partial response with this token.
    pub async fn get_partial(&self, token: &str) -> StoreResult<PartialRow> {
        let row = sqlx::query(
            "SELECT token, survey_id, survey_version, language, channel, dimensions, answers, current_question, started_at, \
             updated_at, response_id FROM partial_responses WHERE token = $1",
        )
        .bind(token)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        partial(&row)
    }

    /// Saves answers and position of a partial response.
    pub async fn update_partial(
        &self,
        token: &str,
        language: &str,
        answers: &str,
        current_question: Option<&str>,
        now_ms: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE partial_responses SET language = $1, answers = $2, current_question = $3, updated_at = $4 WHERE token = $5",
        )
        .bind(language)
        .bind(answers)
        .bind(current_question)
        .bind(now_ms)
        .bind(token)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Records that the partial response became the stored response `response_id`.
    pub async fn finish_partial(
        &self,
        token: &str,
        response_id: i64,
        now_ms: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE partial_responses SET response_id = $1, updated_at = $2 WHERE token = $3",
        )
        .bind(response_id)
        .bind(now_ms)
        .bind(token)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Deletes partial responses untouched since `before_ms` (abandoned, or submitted long ago);
    /// returns how many.
    pub async fn delete_stale_partials(&self, before_ms: i64) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM partial_responses WHERE updated_at < $1")
            .bind(before_ms)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }
}
