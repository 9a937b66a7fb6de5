//! Text analytics of open answers: the queue of answers waiting for analysis, the analyses and
//! the themes of each answer, and the per-theme counts the dashboard reads.
//!
//! Open answers are queued in the transaction that stores their response (see
//! [`Store::insert_batch`]), so the analyser cannot miss one; [`Store::store_text_analyses`]
//! stores analyses and takes their answers off the queue in one transaction.

use sqlx::Row;

use crate::responses::{Bind, bind_all, insert_rows};
use crate::{Store, StoreResult};

/// An open answer waiting for analysis, with what the analysis needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedText {
    pub response_id: i64,
    pub question_id: String,
    pub workspace_id: i64,
    pub survey_id: i64,
    pub survey_version: i64,
    /// The language the respondent answered the survey in.
    pub language: String,
    pub submitted_at: i64,
    pub text: String,
}

/// The analysis of one open answer, to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextAnalysisRow {
    pub response_id: i64,
    pub question_id: String,
    pub workspace_id: i64,
    pub survey_id: i64,
    pub submitted_at: i64,
    pub language: String,
    /// Whether the language was detected (else the survey's language was taken).
    pub language_detected: bool,
    /// Sentiment score in thousandths, −1000 … 1000.
    pub sentiment_score: i64,
    /// positive, neutral or negative.
    pub sentiment: String,
    /// lexicon, model or both.
    pub decided_by: String,
    /// JSON details for highlighting (sentences, triggers, theme spans).
    pub details: String,
    /// (theme id, sentiment of the sentences mentioning it).
    pub themes: Vec<(String, String)>,
}

impl Store {
    /// Open answers waiting for analysis, oldest first.
    pub async fn queued_texts(&self, limit: i64) -> StoreResult<Vec<QueuedText>> {
        let rows = sqlx::query(
            "SELECT q.response_id, q.question_id, r.workspace_id, r.survey_id, r.survey_version, \
             r.language, r.submitted_at, a.text_value \
             FROM text_queue q \
             JOIN responses r ON r.id = q.response_id \
             JOIN answers a ON a.response_id = q.response_id AND a.question_id = q.question_id \
             ORDER BY q.response_id, q.question_id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(QueuedText {
                    response_id: row.try_get("response_id")?,
                    question_id: row.try_get("question_id")?,
                    workspace_id: row.try_get("workspace_id")?,
                    survey_id: row.try_get("survey_id")?,
                    survey_version: row.try_get("survey_version")?,
                    language: row.try_get("language")?,
                    submitted_at: row.try_get("submitted_at")?,
                    text: row
                        .try_get::<Option<String>, _>("text_value")?
                        .unwrap_or_default(),
                })
            })
            .collect()
    }

    /// Queues every stored answer to the survey's `questions` (its open-text questions) for
    /// analysis, e.g. answers stored before text analytics existed, or all of them again after
    /// the themes changed. Returns how many were queued.
    pub async fn queue_survey_texts(
        &self,
        survey_id: i64,
        questions: &[String],
    ) -> StoreResult<u64> {
        let mut queued = 0;
        for question in questions {
            queued += sqlx::query(
                "INSERT INTO text_queue (response_id, question_id) \
                 SELECT response_id, question_id FROM answers \
                 WHERE survey_id = $1 AND question_id = $2 AND text_value IS NOT NULL \
                 ON CONFLICT (response_id, question_id) DO NOTHING",
            )
            .bind(survey_id)
            .bind(question)
            .execute(self.pool())
            .await?
            .rows_affected();
        }
        Ok(queued)
    }

    /// Stores analyses (replacing earlier ones of the same answers, themes included) and takes
    /// their answers off the queue, in one transaction. `done` lists further queued answers to
    /// drop without an analysis (their survey or question no longer takes open text).
    pub async fn store_text_analyses(
        &self,
        rows: &[TextAnalysisRow],
        done: &[(i64, String)],
        now_ms: i64,
    ) -> StoreResult<()> {
        let mut tx = self.pool().begin().await?;
        for (response_id, question_id) in rows
            .iter()
            .map(|r| (r.response_id, &r.question_id))
            .chain(done.iter().map(|(r, q)| (*r, q)))
        {
            sqlx::query(
                "DELETE FROM text_answer_themes WHERE response_id = $1 AND question_id = $2",
            )
            .bind(response_id)
            .bind(question_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM text_queue WHERE response_id = $1 AND question_id = $2")
                .bind(response_id)
                .bind(question_id)
                .execute(&mut *tx)
                .await?;
        }
        let analyses = rows
            .iter()
            .map(|r| {
                vec![
                    Bind::Int(r.response_id),
                    Bind::Text(r.question_id.clone()),
                    Bind::Int(r.workspace_id),
                    Bind::Int(r.survey_id),
                    Bind::Int(r.submitted_at),
                    Bind::Text(r.language.clone()),
                    Bind::Int(i64::from(r.language_detected)),
                    Bind::Int(r.sentiment_score.clamp(-1000, 1000)),
                    Bind::Text(r.sentiment.clone()),
                    Bind::Text(r.decided_by.clone()),
                    Bind::Text(r.details.clone()),
                    Bind::Int(now_ms),
                ]
            })
            .collect();
        insert_rows(
            self.backend(),
            &mut tx,
            "text_analyses (response_id, question_id, workspace_id, survey_id, submitted_at, language, \
             language_detected, sentiment_score, sentiment, decided_by, details, analysed_at)",
            "ON CONFLICT (response_id, question_id) DO UPDATE SET language = excluded.language, \
             language_detected = excluded.language_detected, sentiment_score = excluded.sentiment_score, \
             sentiment = excluded.sentiment, decided_by = excluded.decided_by, details = excluded.details, \
             analysed_at = excluded.analysed_at",
            12,
            analyses,
        )
        .await?;
        let themes = rows
            .iter()
            .flat_map(|r| {
                r.themes.iter().map(|(theme, sentiment)| {
                    vec![
                        Bind::Int(r.survey_id),
                        Bind::Text(theme.clone()),
                        Bind::Int(r.response_id),
                        Bind::Text(r.question_id.clone()),
                        Bind::Int(r.submitted_at),
                        Bind::Text(sentiment.clone()),
                    ]
                })
            })
            .collect();
        insert_rows(
            self.backend(),
            &mut tx,
            "text_answer_themes (survey_id, theme_id, response_id, question_id, submitted_at, sentiment)",
            "ON CONFLICT (survey_id, theme_id, response_id, question_id) DO NOTHING",
            6,
            themes,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The analyses of a response's open answers, by question id.
    pub async fn text_analyses_of(
        &self,
        survey_id: i64,
        response_id: i64,
    ) -> StoreResult<Vec<TextAnalysisRow>> {
        let rows = sqlx::query(
            "SELECT response_id, question_id, workspace_id, survey_id, submitted_at, language, \
             language_detected, sentiment_score, sentiment, decided_by, details \
             FROM text_analyses WHERE response_id = $1 AND survey_id = $2 ORDER BY question_id",
        )
        .bind(response_id)
        .bind(survey_id)
        .fetch_all(self.pool())
        .await?;
        let themes = sqlx::query(
            "SELECT question_id, theme_id, sentiment FROM text_answer_themes \
             WHERE response_id = $1 AND survey_id = $2 ORDER BY question_id, theme_id",
        )
        .bind(response_id)
        .bind(survey_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let question_id: String = row.try_get("question_id")?;
                let mut mentioned = Vec::new();
                for theme in &themes {
                    if theme.try_get::<String, _>("question_id")? == question_id {
                        mentioned.push((theme.try_get("theme_id")?, theme.try_get("sentiment")?));
                    }
                }
                Ok(TextAnalysisRow {
                    response_id: row.try_get("response_id")?,
                    question_id,
                    workspace_id: row.try_get("workspace_id")?,
                    survey_id: row.try_get("survey_id")?,
                    submitted_at: row.try_get("submitted_at")?,
                    language: row.try_get("language")?,
                    language_detected: row.try_get::<i64, _>("language_detected")? != 0,
                    sentiment_score: row.try_get("sentiment_score")?,
                    sentiment: row.try_get("sentiment")?,
                    decided_by: row.try_get("decided_by")?,
                    details: row.try_get("details")?,
                    themes: mentioned,
                })
            })
            .collect()
    }

    /// The sentiment of the first analysed open answer of each of these responses (by question
    /// id), for a table of responses: (response id, sentiment).
    pub async fn text_sentiments(
        &self,
        survey_id: i64,
        response_ids: &[i64],
    ) -> StoreResult<Vec<(i64, String)>> {
        if response_ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut values = vec![Bind::Int(survey_id)];
        let placeholders: Vec<String> = response_ids
            .iter()
            .map(|id| {
                values.push(Bind::Int(*id));
                format!("${}", values.len())
            })
            .collect();
        let sql = format!(
            "SELECT response_id, question_id, sentiment FROM text_analyses \
             WHERE survey_id = $1 AND response_id IN ({}) ORDER BY response_id, question_id",
            placeholders.join(", ")
        );
        let rows = bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), values)
            .fetch_all(self.pool())
            .await?;
        let mut out: Vec<(i64, String)> = Vec::new();
        for row in &rows {
            let id: i64 = row.try_get("response_id")?;
            if out.last().is_none_or(|(last, _)| *last != id) {
                out.push((id, row.try_get("sentiment")?));
            }
        }
        Ok(out)
    }
}
