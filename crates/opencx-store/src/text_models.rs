//! What text analytics learns and is told per workspace: the trained sentiment models, the
//! labelled examples they are trained on, the workspace's own taxonomy of themes, and the
//! re-analysis of its answers after a change.

use sqlx::Row;

use crate::{Store, StoreResult};

/// A workspace's trained sentiment model of one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelRow {
    pub workspace_id: i64,
    pub language: String,
    /// `opencx_text::Model::to_bytes`; empty when the examples were not enough (or not read).
    pub model: Vec<u8>,
    /// Whether a model was stored (read even when its bytes are not).
    pub has_model: bool,
    /// Training examples per class.
    pub negative: i64,
    pub neutral: i64,
    pub positive: i64,
    /// How many of the examples were people's corrections (the rest came from scores).
    pub corrections: i64,
    pub trained_at: i64,
}

/// An open answer with what labels it: the score answered beside it and, if a person
/// corrected its sentiment, their label (which wins).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingExample {
    pub text: String,
    pub score_kind: Option<String>,
    pub score_value: Option<i64>,
    pub corrected: Option<String>,
}

/// A workspace's own taxonomy of themes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxonomyRow {
    /// JSON of `opencx_text::themes::Taxonomy`.
    pub taxonomy: String,
    /// Grows with every change.
    pub version: i64,
    pub updated_at: i64,
}

/// The latest re-analysis of a workspace's answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reanalysis {
    /// Answers queued when it started.
    pub total: i64,
    /// Answers it queued that are still queued (answers arrived since then are not counted:
    /// they are everyday analysis, not the re-analysis).
    pub remaining: i64,
    /// Why it was started (e.g. "taxonomy", "model", "upgrade").
    pub reason: String,
    pub started_at: i64,
}

impl Store {
    /// Stores (or replaces) a workspace's model of a language.
    pub async fn put_text_model(&self, row: &ModelRow) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO text_models (workspace_id, language, model, negative, neutral, positive, \
             corrections, trained_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (workspace_id, language) DO UPDATE SET model = excluded.model, \
             negative = excluded.negative, neutral = excluded.neutral, positive = excluded.positive, \
             corrections = excluded.corrections, trained_at = excluded.trained_at",
        )
        .bind(row.workspace_id)
        .bind(&row.language)
        .bind(row.model.clone())
        .bind(row.negative)
        .bind(row.neutral)
        .bind(row.positive)
        .bind(row.corrections)
        .bind(row.trained_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// A workspace's models, with their bytes when `with_bytes` (else the bytes are empty).
    pub async fn text_models(
        &self,
        workspace_id: i64,
        with_bytes: bool,
    ) -> StoreResult<Vec<ModelRow>> {
        let model = if with_bytes { "model" } else { "NULL AS model" };
        let sql = format!(
            "SELECT workspace_id, language, {model}, negative, neutral, positive, corrections, \
             trained_at, CAST(CASE WHEN LENGTH(model) > 0 THEN 1 ELSE 0 END AS BIGINT) AS has_model \
             FROM text_models WHERE workspace_id = $1 ORDER BY language"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(workspace_id)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|row| {
                Ok(ModelRow {
                    workspace_id: row.try_get("workspace_id")?,
                    language: row.try_get("language")?,
                    model: row
                        .try_get::<Option<Vec<u8>>, _>("model")?
                        .unwrap_or_default(),
                    negative: row.try_get("negative")?,
                    neutral: row.try_get("neutral")?,
                    positive: row.try_get("positive")?,
                    corrections: row.try_get("corrections")?,
                    trained_at: row.try_get("trained_at")?,
                    has_model: row.try_get::<i64, _>("has_model")? != 0,
                })
            })
            .collect()
    }

    /// The newest `limit` labelled open answers of a workspace in a language (detected): those
    /// with a score answered beside them or a corrected sentiment.
    pub async fn training_examples(
        &self,
        workspace_id: i64,
        language: &str,
        limit: i64,
    ) -> StoreResult<Vec<TrainingExample>> {
        sqlx::query(
            "SELECT a.text_value, t.score_kind, t.score_value, c.value AS corrected \
             FROM text_analyses t \
             JOIN answers a ON a.response_id = t.response_id AND a.question_id = t.question_id \
             LEFT JOIN text_corrections c ON c.response_id = t.response_id \
             AND c.question_id = t.question_id AND c.kind = 'sentiment' AND c.target = '' \
             WHERE t.workspace_id = $1 AND t.language = $2 \
             AND (t.score_kind IS NOT NULL OR c.value IS NOT NULL) \
             ORDER BY t.submitted_at DESC LIMIT $3",
        )
        .bind(workspace_id)
        .bind(language)
        .bind(limit)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| {
            Ok(TrainingExample {
                text: row
                    .try_get::<Option<String>, _>("text_value")?
                    .unwrap_or_default(),
                score_kind: row.try_get("score_kind")?,
                score_value: row.try_get("score_value")?,
                corrected: row.try_get("corrected")?,
            })
        })
        .collect()
    }

    /// Labelled open answers of a workspace per language (detected): those with a score
    /// beside them, read from an index, plus those without one whose sentiment a person
    /// corrected. What decides whether a model is worth (re)training.
    pub async fn labelled_counts(&self, workspace_id: i64) -> StoreResult<Vec<(String, i64)>> {
        let mut counts: std::collections::BTreeMap<String, i64> = Default::default();
        for sql in [
            "SELECT language, COUNT(*) AS n FROM text_analyses \
             WHERE workspace_id = $1 AND score_kind IS NOT NULL GROUP BY language",
            "SELECT t.language, COUNT(*) AS n FROM text_corrections c \
             JOIN text_analyses t ON t.response_id = c.response_id AND t.question_id = c.question_id \
             WHERE c.workspace_id = $1 AND c.kind = 'sentiment' AND t.score_kind IS NULL \
             GROUP BY t.language",
        ] {
            for row in sqlx::query(sql)
                .bind(workspace_id)
                .fetch_all(self.pool())
                .await?
            {
                *counts.entry(row.try_get("language")?).or_default() +=
                    row.try_get::<i64, _>("n")?;
            }
        }
        Ok(counts.into_iter().collect())
    }

    /// Records that a suggested theme (`phrase`: a keyphrase, or a group's terms joined by
    /// spaces) is not one, in `language`; dismissing it again changes nothing.
    pub async fn dismiss_suggestion(
        &self,
        workspace_id: i64,
        language: &str,
        phrase: &str,
        now_ms: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO text_dismissed (workspace_id, language, phrase, dismissed_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (workspace_id, language, phrase) DO NOTHING",
        )
        .bind(workspace_id)
        .bind(language)
        .bind(phrase)
        .bind(now_ms)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Takes every dismissal of a workspace back; returns how many there were.
    pub async fn restore_suggestions(&self, workspace_id: i64) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM text_dismissed WHERE workspace_id = $1")
            .bind(workspace_id)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }

    /// How many suggestions a workspace dismissed, in every language.
    pub async fn dismissed_count(&self, workspace_id: i64) -> StoreResult<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM text_dismissed WHERE workspace_id = $1")
            .bind(workspace_id)
            .fetch_one(self.pool())
            .await?;
        Ok(row.try_get("n")?)
    }

    /// The suggestions a workspace dismissed in `language`.
    pub async fn dismissed_suggestions(
        &self,
        workspace_id: i64,
        language: &str,
    ) -> StoreResult<std::collections::HashSet<String>> {
        let rows = sqlx::query(
            "SELECT phrase FROM text_dismissed WHERE workspace_id = $1 AND language = $2",
        )
        .bind(workspace_id)
        .bind(language)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| Ok(r.try_get::<String, _>("phrase")?))
            .collect()
    }

    /// The newest correction of a workspace (epoch ms), if any.
    pub async fn latest_correction(&self, workspace_id: i64) -> StoreResult<Option<i64>> {
        let row = sqlx::query(
            "SELECT MAX(corrected_at) AS latest FROM text_corrections WHERE workspace_id = $1",
        )
        .bind(workspace_id)
        .fetch_one(self.pool())
        .await?;
        Ok(row.try_get("latest")?)
    }

    /// The workspaces with a correction newer than one of their models, or with corrections
    /// and no model: one query over every workspace, so that the trainer's look once a minute
    /// costs no query per workspace when nothing was corrected.
    pub async fn workspaces_with_newer_corrections(
        &self,
    ) -> StoreResult<std::collections::HashSet<i64>> {
        sqlx::query(
            "SELECT c.workspace_id FROM \
             (SELECT workspace_id, MAX(corrected_at) AS latest FROM text_corrections \
              GROUP BY workspace_id) c \
             LEFT JOIN (SELECT workspace_id, MIN(trained_at) AS oldest FROM text_models \
              GROUP BY workspace_id) m ON m.workspace_id = c.workspace_id \
             WHERE m.oldest IS NULL OR c.latest > m.oldest",
        )
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| row.try_get(0).map_err(crate::StoreError::from))
        .collect()
    }

    /// A workspace's own taxonomy, if it has one.
    pub async fn taxonomy(&self, workspace_id: i64) -> StoreResult<Option<TaxonomyRow>> {
        let row = sqlx::query(
            "SELECT taxonomy, version, updated_at FROM text_taxonomies WHERE workspace_id = $1",
        )
        .bind(workspace_id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| {
            Ok(TaxonomyRow {
                taxonomy: row.try_get("taxonomy")?,
                version: row.try_get("version")?,
                updated_at: row.try_get("updated_at")?,
            })
        })
        .transpose()
    }

    /// The version of every workspace's own taxonomy: (workspace id, version).
    pub async fn taxonomy_versions(&self) -> StoreResult<Vec<(i64, i64)>> {
        sqlx::query("SELECT workspace_id, version FROM text_taxonomies")
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|row| Ok((row.try_get("workspace_id")?, row.try_get("version")?)))
            .collect()
    }

    /// The training time of every stored model: (workspace id, language, trained at).
    pub async fn model_versions(&self) -> StoreResult<Vec<(i64, String, i64)>> {
        sqlx::query("SELECT workspace_id, language, trained_at FROM text_models")
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|row| {
                Ok((
                    row.try_get("workspace_id")?,
                    row.try_get("language")?,
                    row.try_get("trained_at")?,
                ))
            })
            .collect()
    }

    /// Stores a workspace's taxonomy when `expected_version` is the one in force (0: none yet),
    /// and returns the new version; `Conflict` when someone else changed it meanwhile.
    pub async fn put_taxonomy(
        &self,
        workspace_id: i64,
        taxonomy: &str,
        expected_version: i64,
        now_ms: i64,
    ) -> StoreResult<i64> {
        let version = expected_version + 1;
        let changed = if expected_version == 0 {
            sqlx::query(
                "INSERT INTO text_taxonomies (workspace_id, taxonomy, version, updated_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (workspace_id) DO NOTHING",
            )
            .bind(workspace_id)
            .bind(taxonomy)
            .bind(version)
            .bind(now_ms)
            .execute(self.pool())
            .await?
        } else {
            sqlx::query(
                "UPDATE text_taxonomies SET taxonomy = $2, version = $3, updated_at = $4 \
                 WHERE workspace_id = $1 AND version = $5",
            )
            .bind(workspace_id)
            .bind(taxonomy)
            .bind(version)
            .bind(now_ms)
            .bind(expected_version)
            .execute(self.pool())
            .await?
        };
        if changed.rows_affected() == 0 {
            return Err(crate::StoreError::Conflict(
                "the themes were changed by someone else meanwhile".into(),
            ));
        }
        Ok(version)
    }

    /// Queues every open answer of a workspace's surveys again — `questions` lists each
    /// survey's open-text questions — and records the re-analysis; returns how many answers of
    /// the workspace are queued.
    pub async fn start_reanalysis(
        &self,
        workspace_id: i64,
        questions: &[(i64, Vec<String>)],
        reason: &str,
        now_ms: i64,
    ) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        for (survey_id, ids) in questions {
            for question in ids {
                // Through the survey's responses (index `responses_survey_id`), then each
                // answer by its key: `answers` has no index by survey, and a filter on its
                // `survey_id` read the whole table once per question inside this write.
                sqlx::query(
                    "INSERT INTO text_queue (response_id, question_id) \
                     SELECT a.response_id, a.question_id FROM responses r \
                     JOIN answers a ON a.response_id = r.id AND a.question_id = $2 \
                     WHERE r.survey_id = $1 AND a.text_value IS NOT NULL \
                     ON CONFLICT (response_id, question_id) DO NOTHING",
                )
                .bind(survey_id)
                .bind(question)
                .execute(&mut *tx)
                .await?;
            }
        }
        let total: i64 = sqlx::query(
            "SELECT COUNT(*) FROM text_queue q JOIN responses r ON r.id = q.response_id \
             WHERE r.workspace_id = $1",
        )
        .bind(workspace_id)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        sqlx::query(
            "INSERT INTO text_reanalyses (workspace_id, total, reason, started_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (workspace_id) DO UPDATE SET \
             total = excluded.total, reason = excluded.reason, started_at = excluded.started_at",
        )
        .bind(workspace_id)
        .bind(total)
        .bind(reason)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(total)
    }

    /// The latest re-analysis of a workspace and how far it got.
    pub async fn reanalysis(&self, workspace_id: i64) -> StoreResult<Option<Reanalysis>> {
        let Some(row) = sqlx::query(
            "SELECT total, reason, started_at FROM text_reanalyses WHERE workspace_id = $1",
        )
        .bind(workspace_id)
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        let started_at: i64 = row.try_get("started_at")?;
        // Only responses stored before it started (ids begin with their millisecond): with
        // answers arriving all day, counting the whole queue showed a re-analysis long over as
        // running again whenever a new answer waited for its analysis.
        let remaining: i64 = sqlx::query(
            "SELECT COUNT(*) FROM text_queue q JOIN responses r ON r.id = q.response_id \
             WHERE r.workspace_id = $1 AND q.response_id < $2",
        )
        .bind(workspace_id)
        .bind(crate::ids::first_id_at(started_at + 1))
        .fetch_one(self.pool())
        .await?
        .try_get(0)?;
        let total: i64 = row.try_get("total")?;
        Ok(Some(Reanalysis {
            total,
            remaining: remaining.min(total),
            reason: row.try_get("reason")?,
            started_at,
        }))
    }

    /// The newest `limit` analysed open answers of a workspace in a language submitted since
    /// `since_ms`, each with whether a theme was found in it (for discovering themes the
    /// taxonomy misses). The time bound keeps the scan short for a language with few answers.
    pub async fn recent_texts(
        &self,
        workspace_id: i64,
        language: &str,
        since_ms: i64,
        limit: i64,
    ) -> StoreResult<Vec<(String, bool)>> {
        sqlx::query(
            "SELECT a.text_value, CAST(CASE WHEN EXISTS (SELECT 1 FROM text_answer_themes th \
             WHERE th.response_id = t.response_id AND th.question_id = t.question_id) \
             THEN 1 ELSE 0 END AS BIGINT) AS themed \
             FROM text_analyses t \
             JOIN answers a ON a.response_id = t.response_id AND a.question_id = t.question_id \
             WHERE t.workspace_id = $1 AND t.language = $2 AND t.submitted_at >= $3 \
             ORDER BY t.submitted_at DESC LIMIT $4",
        )
        .bind(workspace_id)
        .bind(language)
        .bind(since_ms)
        .bind(limit)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| {
            Ok((
                row.try_get::<Option<String>, _>("text_value")?
                    .unwrap_or_default(),
                row.try_get::<i64, _>("themed")? != 0,
            ))
        })
        .collect()
    }
}
