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
    /// The score answered beside the open answer, if any: its kind (nps, csat or ces), value,
    /// and band (−1 detractor / dissatisfied / difficult, 0, 1).
    pub score: Option<AnswerScore>,
}

/// A score answered in the same response as an open answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerScore {
    /// nps, csat or ces.
    pub kind: String,
    /// The value answered, on the question's scale.
    pub value: i64,
    /// −1, 0 or 1: detractor / passive / promoter, and the matching bands of CSAT and CES.
    pub band: i64,
}

/// A person's correction of one answer's analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Correction {
    /// The answer's sentiment is this label (positive, neutral or negative).
    Sentiment(String),
    /// The answer mentions this theme (or, with `false`, does not).
    Theme { theme: String, present: bool },
}

/// A stored correction, with who made it and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrectionRow {
    pub response_id: i64,
    pub question_id: String,
    pub correction: Correction,
    pub corrected_by: i64,
    pub corrected_at: i64,
}

impl CorrectionRow {
    fn key(&self) -> (&'static str, &str, String) {
        match &self.correction {
            Correction::Sentiment(label) => ("sentiment", "", label.clone()),
            Correction::Theme { theme, present } => (
                "theme",
                theme.as_str(),
                if *present { "present" } else { "absent" }.to_owned(),
            ),
        }
    }

    fn from_row(row: &sqlx::any::AnyRow) -> StoreResult<CorrectionRow> {
        let kind: String = row.try_get("kind")?;
        let target: String = row.try_get("target")?;
        let value: String = row.try_get("value")?;
        let correction = if kind == "sentiment" {
            Correction::Sentiment(value)
        } else {
            Correction::Theme {
                theme: target,
                present: value == "present",
            }
        };
        Ok(CorrectionRow {
            response_id: row.try_get("response_id")?,
            question_id: row.try_get("question_id")?,
            correction,
            corrected_by: row.try_get("corrected_by")?,
            corrected_at: row.try_get("corrected_at")?,
        })
    }
}

/// Applies corrections to an analysis: a corrected sentiment replaces the analysed one (decided
/// by "correction"), a theme said present is added (with the answer's sentiment) and one said
/// absent removed. So a re-analysis can never undo what a person decided.
pub fn apply_corrections(row: &mut TextAnalysisRow, corrections: &[CorrectionRow]) {
    for c in corrections {
        if c.response_id != row.response_id || c.question_id != row.question_id {
            continue;
        }
        match &c.correction {
            Correction::Sentiment(label) => {
                // The analysed score is kept when its sign agrees with the label; otherwise
                // it moves to the middle of the label's side, so scores and labels agree.
                row.sentiment_score = match label.as_str() {
                    "positive" if row.sentiment_score <= 0 => 500,
                    "negative" if row.sentiment_score >= 0 => -500,
                    "neutral" => 0,
                    _ => row.sentiment_score,
                };
                row.sentiment = label.clone();
                row.decided_by = "correction".into();
            }
            Correction::Theme { theme, present } => {
                row.themes.retain(|(t, _)| t != theme);
                if *present {
                    row.themes.push((theme.clone(), row.sentiment.clone()));
                }
            }
        }
    }
    // A theme added before the sentiment was corrected follows the corrected sentiment.
    if row.decided_by == "correction" {
        let added: Vec<&str> = corrections
            .iter()
            .filter_map(|c| match &c.correction {
                Correction::Theme {
                    theme,
                    present: true,
                } if c.response_id == row.response_id && c.question_id == row.question_id => {
                    Some(theme.as_str())
                }
                _ => None,
            })
            .collect();
        for (theme, sentiment) in &mut row.themes {
            if added.contains(&theme.as_str()) {
                *sentiment = row.sentiment.clone();
            }
        }
    }
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

    /// How many open answers wait for analysis.
    pub async fn text_queue_len(&self) -> StoreResult<i64> {
        Ok(sqlx::query("SELECT COUNT(*) FROM text_queue")
            .fetch_one(self.pool())
            .await?
            .try_get(0)?)
    }

    /// Stores analyses (replacing earlier ones of the same answers, themes included) and takes
    /// their answers off the queue, in one transaction. People's corrections of these answers
    /// are applied first (see [`apply_corrections`]). `done` lists further queued answers to
    /// drop without an analysis (their survey or question no longer takes open text).
    pub async fn store_text_analyses(
        &self,
        rows: &[TextAnalysisRow],
        done: &[(i64, String)],
        now_ms: i64,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let keys: Vec<(i64, &str)> = rows
            .iter()
            .map(|r| (r.response_id, r.question_id.as_str()))
            .chain(done.iter().map(|(r, q)| (*r, q.as_str())))
            .collect();
        delete_answer_rows(&mut tx, "text_answer_themes", &keys).await?;
        delete_answer_rows(&mut tx, "text_queue", &keys).await?;
        // Read in the same transaction, so a correction made meanwhile is either seen here or
        // made after this commit (and then applied to what this stores).
        let corrections = corrections_in(&mut tx, rows.iter().map(|r| r.response_id)).await?;
        let mut rows = rows.to_vec();
        if !corrections.is_empty() {
            for row in &mut rows {
                apply_corrections(row, &corrections);
            }
        }
        write_analyses(self.backend(), &mut tx, &rows, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores a person's correction of an answer's analysis and applies it to the stored
    /// analysis at once, in one transaction. A later correction of the same thing replaces an
    /// earlier one. Fails with `NotFound` when the answer has no analysis in the workspace.
    pub async fn correct_text(&self, workspace_id: i64, row: &CorrectionRow) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        // The write first (see `store_text_analyses`); rolled back if there is no analysis.
        let (kind, target, value) = row.key();
        sqlx::query(
            "INSERT INTO text_corrections (response_id, question_id, kind, target, workspace_id, \
             value, corrected_by, corrected_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (response_id, question_id, kind, target) DO UPDATE SET \
             value = excluded.value, corrected_by = excluded.corrected_by, \
             corrected_at = excluded.corrected_at",
        )
        .bind(row.response_id)
        .bind(&row.question_id)
        .bind(kind)
        .bind(target)
        .bind(workspace_id)
        .bind(value)
        .bind(row.corrected_by)
        .bind(row.corrected_at)
        .execute(&mut *tx)
        .await?;
        let mut analysis = analyses_where(
            &mut tx,
            "response_id = $1 AND question_id = $2 AND workspace_id = $3",
            vec![
                Bind::Int(row.response_id),
                Bind::Text(row.question_id.clone()),
                Bind::Int(workspace_id),
            ],
        )
        .await?
        .pop()
        .ok_or(crate::StoreError::NotFound)?;
        let corrections = corrections_in(&mut tx, [row.response_id]).await?;
        apply_corrections(&mut analysis, &corrections);
        sqlx::query("DELETE FROM text_answer_themes WHERE response_id = $1 AND question_id = $2")
            .bind(row.response_id)
            .bind(&row.question_id)
            .execute(&mut *tx)
            .await?;
        let analysed_at: i64 = sqlx::query(
            "SELECT analysed_at FROM text_analyses WHERE response_id = $1 AND question_id = $2",
        )
        .bind(row.response_id)
        .bind(&row.question_id)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        write_analyses(self.backend(), &mut tx, &[analysis], analysed_at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The corrections of a response's answers.
    pub async fn corrections_of(&self, response_id: i64) -> StoreResult<Vec<CorrectionRow>> {
        let mut conn = self.pool().acquire().await?;
        corrections_in(&mut conn, [response_id]).await
    }

    /// The analyses of a response's open answers, by question id.
    pub async fn text_analyses_of(
        &self,
        survey_id: i64,
        response_id: i64,
    ) -> StoreResult<Vec<TextAnalysisRow>> {
        let mut conn = self.pool().acquire().await?;
        analyses_where(
            &mut conn,
            "response_id = $1 AND survey_id = $2",
            vec![Bind::Int(response_id), Bind::Int(survey_id)],
        )
        .await
    }

    /// The numeric answers of these responses: (response id, question id, value).
    pub async fn numeric_answers_of(
        &self,
        response_ids: &[i64],
    ) -> StoreResult<Vec<(i64, String, i64)>> {
        let mut out = Vec::new();
        for chunk in response_ids.chunks(500) {
            let mut values = Vec::new();
            let placeholders = in_list(&mut values, chunk.iter().map(|id| Bind::Int(*id)));
            let sql = format!(
                "SELECT response_id, question_id, num_value FROM answers \
                 WHERE response_id IN ({placeholders}) AND num_value IS NOT NULL"
            );
            for row in bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), values)
                .fetch_all(self.pool())
                .await?
            {
                out.push((
                    row.try_get("response_id")?,
                    row.try_get("question_id")?,
                    row.try_get("num_value")?,
                ));
            }
        }
        Ok(out)
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
        let placeholders = in_list(&mut values, response_ids.iter().map(|id| Bind::Int(*id)));
        let sql = format!(
            "SELECT response_id, question_id, sentiment FROM text_analyses \
             WHERE survey_id = $1 AND response_id IN ({placeholders}) ORDER BY response_id, question_id"
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

/// Appends `items` to `values` and returns their placeholders, comma-separated.
pub(crate) fn in_list(values: &mut Vec<Bind>, items: impl IntoIterator<Item = Bind>) -> String {
    let mut placeholders = Vec::new();
    for item in items {
        values.push(item);
        placeholders.push(format!("${}", values.len()));
    }
    placeholders.join(", ")
}

/// Deletes the rows of `table` (with `response_id` and `question_id` columns) of these
/// answers, a few hundred per statement rather than one statement per answer.
async fn delete_answer_rows(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    table: &str,
    keys: &[(i64, &str)],
) -> StoreResult<()> {
    for chunk in keys.chunks(250) {
        let mut values = Vec::with_capacity(chunk.len() * 2);
        let pairs: Vec<String> = chunk
            .iter()
            .map(|(response, question)| {
                values.push(Bind::Int(*response));
                values.push(Bind::Text((*question).to_owned()));
                format!("(${}, ${})", values.len() - 1, values.len())
            })
            .collect();
        let sql = format!(
            "DELETE FROM {table} WHERE (response_id, question_id) IN (VALUES {})",
            pairs.join(", ")
        );
        bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), values)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The corrections of these responses' answers.
async fn corrections_in(
    conn: &mut sqlx::AnyConnection,
    response_ids: impl IntoIterator<Item = i64>,
) -> StoreResult<Vec<CorrectionRow>> {
    let mut ids: Vec<i64> = response_ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        let mut values = Vec::new();
        let placeholders = in_list(&mut values, chunk.iter().map(|id| Bind::Int(*id)));
        let sql = format!(
            "SELECT response_id, question_id, kind, target, value, corrected_by, corrected_at \
             FROM text_corrections WHERE response_id IN ({placeholders}) \
             ORDER BY response_id, question_id, corrected_at"
        );
        for row in bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), values)
            .fetch_all(&mut *conn)
            .await?
        {
            out.push(CorrectionRow::from_row(&row)?);
        }
    }
    Ok(out)
}

/// The stored analyses matching `condition` (over `text_analyses`), with their themes.
async fn analyses_where(
    conn: &mut sqlx::AnyConnection,
    condition: &str,
    values: Vec<Bind>,
) -> StoreResult<Vec<TextAnalysisRow>> {
    let sql = format!(
        "SELECT response_id, question_id, workspace_id, survey_id, submitted_at, language, \
         language_detected, sentiment_score, sentiment, decided_by, details, score_kind, \
         score_value, score_band FROM text_analyses WHERE {condition} ORDER BY response_id, question_id"
    );
    let rows = bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), values.clone())
        .fetch_all(&mut *conn)
        .await?;
    let sql = format!(
        "SELECT response_id, question_id, theme_id, sentiment FROM text_answer_themes \
         WHERE (response_id, question_id) IN (SELECT response_id, question_id FROM text_analyses \
         WHERE {condition}) ORDER BY response_id, question_id, theme_id"
    );
    let themes = bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), values)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|row| {
            let response_id: i64 = row.try_get("response_id")?;
            let question_id: String = row.try_get("question_id")?;
            let mut mentioned = Vec::new();
            for theme in &themes {
                if theme.try_get::<i64, _>("response_id")? == response_id
                    && theme.try_get::<String, _>("question_id")? == question_id
                {
                    mentioned.push((theme.try_get("theme_id")?, theme.try_get("sentiment")?));
                }
            }
            let score = match (
                row.try_get::<Option<String>, _>("score_kind")?,
                row.try_get::<Option<i64>, _>("score_value")?,
                row.try_get::<Option<i64>, _>("score_band")?,
            ) {
                (Some(kind), Some(value), Some(band)) => Some(AnswerScore { kind, value, band }),
                _ => None,
            };
            Ok(TextAnalysisRow {
                response_id,
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
                score,
            })
        })
        .collect()
}

/// Writes analyses and their themes (whose earlier rows the caller has deleted).
async fn write_analyses(
    backend: crate::Backend,
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    rows: &[TextAnalysisRow],
    now_ms: i64,
) -> StoreResult<()> {
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
                Bind::OptText(r.score.as_ref().map(|s| s.kind.clone())),
                Bind::OptInt(r.score.as_ref().map(|s| s.value)),
                Bind::OptInt(r.score.as_ref().map(|s| s.band)),
            ]
        })
        .collect();
    insert_rows(
        backend,
        tx,
        "text_analyses (response_id, question_id, workspace_id, survey_id, submitted_at, language, \
         language_detected, sentiment_score, sentiment, decided_by, details, analysed_at, \
         score_kind, score_value, score_band)",
        "ON CONFLICT (response_id, question_id) DO UPDATE SET language = excluded.language, \
         language_detected = excluded.language_detected, sentiment_score = excluded.sentiment_score, \
         sentiment = excluded.sentiment, decided_by = excluded.decided_by, details = excluded.details, \
         analysed_at = excluded.analysed_at, score_kind = excluded.score_kind, \
         score_value = excluded.score_value, score_band = excluded.score_band",
        15,
        analyses,
    )
    .await?;
    let themes = rows
        .iter()
        .flat_map(|r| {
            r.themes.iter().map(|(theme, sentiment)| {
                vec![
                    Bind::Int(r.survey_id),
                    Bind::Int(r.submitted_at),
                    Bind::Int(r.response_id),
                    Bind::Text(r.question_id.clone()),
                    Bind::Text(theme.clone()),
                    Bind::Int(r.workspace_id),
                    Bind::Text(sentiment.clone()),
                    Bind::OptText(r.score.as_ref().map(|s| s.kind.clone())),
                    Bind::OptInt(r.score.as_ref().map(|s| s.band)),
                ]
            })
        })
        .collect();
    insert_rows(
        backend,
        tx,
        "text_answer_themes (survey_id, submitted_at, response_id, question_id, theme_id, \
         workspace_id, sentiment, score_kind, score_band)",
        "ON CONFLICT (survey_id, submitted_at, response_id, question_id, theme_id) DO NOTHING",
        9,
        themes,
    )
    .await
}
