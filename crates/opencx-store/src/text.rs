//! Text analytics of open answers: the queue of answers waiting for analysis, the analyses and
//! the themes of each answer, and the per-theme counts the dashboard reads.
//!
//! Open answers are queued in the transaction that stores their response (see
//! [`Store::insert_batch`]), so the analyser cannot miss one; [`Store::store_text_analyses`]
//! stores analyses and takes their answers off the queue in one transaction.

use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::responses::{Bind, bind_all, insert_rows, next_param};
use crate::{Backend, Store, StoreResult};

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
    /// (theme id, sentiment of the theme's mention): the sentences mentioning it, or a
    /// person's correction (see [`apply_corrections`]).
    pub themes: Vec<(String, String)>,
    /// The score answered beside the open answer, if any: its kind (nps, csat or ces), value,
    /// and band (−1 detractor / dissatisfied / difficult, 0, 1).
    pub score: Option<AnswerScore>,
    /// What the engine found before any correction; `None` for analyses stored before it was
    /// kept (their stored values stand in for it). Stored inside `details` (key `engine`).
    pub engine: Option<EngineFacts>,
}

/// What the engine found for an answer, before any person's correction. Kept with the analysis
/// so that corrections are always applied to the engine's own result: the same corrections
/// give the same stored analysis whether they are applied at once, one after the other, or by
/// a later re-analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngineFacts {
    /// positive, neutral or negative.
    pub sentiment: String,
    /// In thousandths, −1000 … 1000.
    pub score: i64,
    /// lexicon, model or both.
    pub decided_by: String,
    /// Every theme found (sub-themes' parents too), in the analysis's order.
    pub themes: Vec<EngineMention>,
}

/// A theme the engine found in an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngineMention {
    pub theme: String,
    /// The sentiment of the sentences mentioning it.
    pub sentiment: String,
    /// Whether every sentence of the answer mentions it, so its sentiment is the whole
    /// answer's.
    pub whole: bool,
    /// The themes whose words the engine found and that this mention comes from: the theme
    /// itself when its own words were found, and each sub-theme (at any depth) found beneath
    /// it. Empty in analyses stored before it was kept (a re-analysis fills it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from: Vec<String>,
}

impl EngineFacts {
    /// The facts of a row analysed just now, before corrections.
    pub fn of_row(row: &TextAnalysisRow) -> EngineFacts {
        EngineFacts {
            sentiment: row.sentiment.clone(),
            score: row.sentiment_score,
            decided_by: row.decided_by.clone(),
            themes: row
                .themes
                .iter()
                .map(|(theme, sentiment)| EngineMention {
                    theme: theme.clone(),
                    sentiment: sentiment.clone(),
                    whole: false,
                    from: Vec::new(),
                })
                .collect(),
        }
    }
}

/// `details` with the engine's facts under the key `engine` (details that are not a JSON
/// object are kept as they are).
fn details_with_engine(details: &str, engine: Option<&EngineFacts>) -> String {
    let Some(engine) = engine else {
        return details.to_owned();
    };
    match serde_json::from_str::<serde_json::Value>(details) {
        Ok(serde_json::Value::Object(mut map)) => {
            map.insert(
                "engine".into(),
                serde_json::to_value(engine).unwrap_or_default(),
            );
            serde_json::Value::Object(map).to_string()
        }
        _ => details.to_owned(),
    }
}

/// The engine's facts kept in `details`, if any.
fn engine_of_details(details: &str) -> Option<EngineFacts> {
    #[derive(Deserialize)]
    struct Kept {
        engine: Option<EngineFacts>,
    }
    serde_json::from_str::<Kept>(details).ok()?.engine
}

/// The parent of each sub-theme of a workspace's taxonomy (theme id → parent id): what a theme
/// a person adds to an answer brings with it (see [`apply_corrections`]).
pub type ThemeParents = std::collections::HashMap<String, String>;

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
    /// The sentiment of the answer's mention of this theme is this label; `None` takes back an
    /// earlier such correction (the mention's sentiment is then decided by the rule of
    /// [`apply_corrections`] again).
    ThemeSentiment {
        theme: String,
        label: Option<String>,
    },
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
    /// (kind, target, value) as stored; the value is `None` for a correction that takes an
    /// earlier one back.
    fn key(&self) -> (&'static str, &str, Option<String>) {
        match &self.correction {
            Correction::Sentiment(label) => ("sentiment", "", Some(label.clone())),
            Correction::Theme { theme, present } => (
                "theme",
                theme.as_str(),
                Some(if *present { "present" } else { "absent" }.to_owned()),
            ),
            Correction::ThemeSentiment { theme, label } => {
                ("theme_sentiment", theme.as_str(), label.clone())
            }
        }
    }

    fn from_row(row: &sqlx::any::AnyRow) -> StoreResult<CorrectionRow> {
        let kind: String = row.try_get("kind")?;
        let target: String = row.try_get("target")?;
        let value: String = row.try_get("value")?;
        let correction = match kind.as_str() {
            "sentiment" => Correction::Sentiment(value),
            "theme_sentiment" => Correction::ThemeSentiment {
                theme: target,
                label: Some(value),
            },
            _ => Correction::Theme {
                theme: target,
                present: value == "present",
            },
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

/// Applies corrections to an analysis, always starting from what the engine found
/// ([`TextAnalysisRow::engine`]), so a re-analysis can never undo what a person decided and
/// the result does not depend on the order corrections were made in:
///
/// - a corrected sentiment replaces the engine's (decided by "correction"); the engine's score
///   is kept when its sign agrees with the label, else it moves to ±0.5 (0 for neutral);
/// - a theme said absent is removed, one said present and not found by the engine is added;
/// - each theme mention's sentiment is, in this order: the label a person gave that mention;
///   else the corrected sentiment of the answer, when the engine's sentiment of the mention was
///   the whole answer's (every sentence mentions the theme, and the mention did not take its
///   own part's sentiment: "Great prices, but rude staff"), or agreed with the engine's
///   sentiment of the answer in an answer that is not mixed (the engine found no mentions of
///   opposite sentiments), or when the theme was added by a person; else the engine's;
/// - a parent theme's mention that a person did not label, when a person labelled the mention
///   of a sub-theme it comes from ([`EngineMention::from`]), takes the sentiment of what it
///   comes from: each such sub-theme's mention and, when the engine found the parent's own
///   words too, the parent's own (each as decided above); where they differ, the most negative
///   ([`combined_sentiment`]);
/// - a parent theme's mention that comes only from sub-themes a person said absent goes with
///   them, unless a person said the parent is present;
/// - a sub-theme a person added brings its parents (from `parents`, the workspace's taxonomy),
///   unless a person said they are absent; a parent a person did not label takes the most
///   negative of its mention so far and the added sub-themes' sentiments.
///
/// So correcting "Lovely staff." from positive to negative makes its staff mention negative,
/// while correcting "Lovely staff. The delivery took a month." to negative leaves the staff
/// mention (positive, from its own sentence) as it was, whatever the engine's verdict on the
/// answer was (a retrained model changing that verdict does not change the mention), unless
/// the person says otherwise.
pub fn apply_corrections(
    row: &mut TextAnalysisRow,
    corrections: &[CorrectionRow],
    parents: &ThemeParents,
) {
    let engine = row
        .engine
        .clone()
        .unwrap_or_else(|| EngineFacts::of_row(row));
    row.sentiment = engine.sentiment.clone();
    row.sentiment_score = engine.score;
    row.decided_by = engine.decided_by.clone();
    // In the order they were made (the caller reads them so); a later one of the same thing
    // replaces an earlier one.
    let mut corrected: Option<&str> = None;
    let mut presence: Vec<(&str, bool)> = Vec::new();
    let mut explicit: Vec<(&str, &str)> = Vec::new();
    for c in corrections {
        if c.response_id != row.response_id || c.question_id != row.question_id {
            continue;
        }
        match &c.correction {
            Correction::Sentiment(label) => corrected = Some(label),
            Correction::Theme { theme, present } => {
                presence.retain(|(t, _)| t != theme);
                presence.push((theme, *present));
            }
            Correction::ThemeSentiment { theme, label } => {
                explicit.retain(|(t, _)| t != theme);
                if let Some(label) = label {
                    explicit.push((theme, label));
                }
            }
        }
    }
    if let Some(label) = corrected {
        row.sentiment_score = match label {
            "positive" if engine.score <= 0 => 500,
            "negative" if engine.score >= 0 => -500,
            "neutral" => 0,
            _ => engine.score,
        };
        row.sentiment = label.to_owned();
        row.decided_by = "correction".into();
    }
    let given = |theme: &str| {
        explicit
            .iter()
            .find(|(t, _)| *t == theme)
            .map(|(_, label)| (*label).to_owned())
    };
    let absent = |theme: &str| presence.iter().any(|(t, p)| *t == theme && !p);
    let said_present = |theme: &str| presence.iter().any(|(t, p)| *t == theme && *p);
    // A mention is kept unless a person said the answer does not mention the theme, or every
    // theme it comes from was said absent (a parent that was there only because of its removed
    // sub-themes), unless a person said it is present. An analysis stored before the engine
    // kept where mentions come from (`from` empty) keeps its parents.
    let kept: Vec<&EngineMention> = engine
        .themes
        .iter()
        .filter(|m| !absent(&m.theme))
        .filter(|m| {
            m.from.is_empty() || m.from.iter().any(|t| !absent(t)) || said_present(&m.theme)
        })
        .collect();
    // Each mention as it stands on its own: a person's label, the corrected answer's, or the
    // engine's.
    // An answer whose mentions the engine found both positive and negative is mixed: a
    // correction of its overall sentiment says nothing about the side it did not weigh ("Lovely
    // staff. Delivery was late." said to be negative is no complaint about the staff).
    // Among the mentions kept: a theme a person took off does not make an answer mixed.
    let mixed = ["positive", "negative"]
        .iter()
        .all(|label| kept.iter().any(|m| m.sentiment == *label));
    let own: Vec<String> = kept
        .iter()
        .map(|m| {
            let follows = m.whole || (!mixed && m.sentiment == engine.sentiment);
            given(&m.theme)
                .or_else(|| corrected.filter(|_| follows).map(str::to_owned))
                .unwrap_or_else(|| m.sentiment.clone())
        })
        .collect();
    let own_of = |theme: &str| {
        kept.iter()
            .position(|m| m.theme == theme)
            .map(|i| own[i].as_str())
    };
    row.themes = kept
        .iter()
        .zip(&own)
        .map(|(m, label)| {
            // A sub-theme labelled by a person reaches the parent it counts for, unless a
            // person labelled the parent's mention itself.
            let labelled_below = m
                .from
                .iter()
                .any(|sub| *sub != m.theme && given(sub).is_some() && !absent(sub));
            let label = if labelled_below && given(&m.theme).is_none() {
                let sources = m.from.iter().filter(|sub| !absent(sub)).filter_map(|sub| {
                    if *sub == m.theme {
                        Some(label.as_str())
                    } else {
                        own_of(sub)
                    }
                });
                combined_sentiment(sources).unwrap_or(label).to_owned()
            } else {
                label.clone()
            };
            (m.theme.clone(), label)
        })
        .collect();
    // Themes a person added: with a person's label, else the (corrected) answer's sentiment.
    let mut added: Vec<(&str, String)> = Vec::new();
    for (theme, present) in &presence {
        if *present && !row.themes.iter().any(|(t, _)| t == theme) {
            let label = given(theme).unwrap_or_else(|| row.sentiment.clone());
            row.themes.push(((*theme).to_owned(), label.clone()));
            added.push((theme, label));
        }
    }
    // A sub-theme a person added brings its parents, as the engine's do, unless a person said
    // the answer does not mention them; each parent a person did not label takes the most
    // negative of what feeds it (its mention so far, the sub-themes added beneath it).
    for (theme, label) in &added {
        for parent in ancestors(parents, theme) {
            if absent(&parent) {
                continue;
            }
            match row.themes.iter_mut().find(|(t, _)| *t == parent) {
                Some((_, current)) => {
                    if given(&parent).is_none()
                        && let Some(combined) = combined_sentiment([current.as_str(), label])
                    {
                        *current = combined.to_owned();
                    }
                }
                None => {
                    let label = given(&parent).unwrap_or_else(|| label.clone());
                    row.themes.push((parent, label));
                }
            }
        }
    }
}

/// The ids of a theme's ancestors in `parents`, nearest first (a cycle is cut where it closes).
fn ancestors(parents: &ThemeParents, theme: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = parents.get(theme);
    while let Some(parent) = current {
        if parent == theme || out.contains(parent) {
            break;
        }
        out.push(parent.clone());
        current = parents.get(parent);
    }
    out
}

/// The sentiment of a mention that several mentions feed (a parent theme's, from its
/// sub-themes'): theirs when they agree, else the most negative of them — a complaint about one
/// part of a branch is a complaint about the branch, which is what its negative mentions and
/// pain points should count. `None` when there is none.
pub fn combined_sentiment<'a>(labels: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let rank = |label: &str| match label {
        "negative" => 0,
        "neutral" => 1,
        _ => 2,
    };
    labels.into_iter().min_by_key(|label| rank(label))
}

impl Store {
    /// Open answers waiting for analysis, oldest first.
    ///
    /// The first `limit` rows of the queue are taken by its key before anything is joined:
    /// joined first, PostgreSQL hashed the whole `responses` and `answers` tables for each
    /// batch (120 ms for 200 answers among 100,000 responses), which bounded its analyser to
    /// 1,400–1,900 answers a second (decision 0035). A queue row whose answer is gone (none is,
    /// while responses are never deleted) is taken off the queue here: left there, it would
    /// hold a place in every batch.
    pub async fn queued_texts(&self, limit: i64) -> StoreResult<Vec<QueuedText>> {
        // A batch of nothing but answers that are gone is no reason to stop: the analyser ends
        // its round on an empty batch.
        loop {
            let (queued, dropped) = self.queued_texts_once(limit).await?;
            if !queued.is_empty() || dropped == 0 {
                return Ok(queued);
            }
        }
    }

    /// One read of [`Store::queued_texts`]: the answers, and how many queue rows were dropped.
    async fn queued_texts_once(&self, limit: i64) -> StoreResult<(Vec<QueuedText>, usize)> {
        let rows = sqlx::query(
            "SELECT q.response_id, q.question_id, a.response_id AS answer_of, r.workspace_id, \
             r.survey_id, r.survey_version, r.language, r.submitted_at, a.text_value \
             FROM (SELECT response_id, question_id FROM text_queue \
                   ORDER BY response_id, question_id LIMIT $1) AS q \
             LEFT JOIN responses r ON r.id = q.response_id \
             LEFT JOIN answers a ON a.response_id = r.id AND a.question_id = q.question_id \
             ORDER BY q.response_id, q.question_id",
        )
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        let mut queued = Vec::with_capacity(rows.len());
        let mut gone: Vec<(i64, String)> = Vec::new();
        for row in &rows {
            let key = (row.try_get("response_id")?, row.try_get("question_id")?);
            if row.try_get::<Option<i64>, _>("answer_of")?.is_none() {
                gone.push(key);
                continue;
            }
            queued.push(QueuedText {
                response_id: key.0,
                question_id: key.1,
                workspace_id: row.try_get("workspace_id")?,
                survey_id: row.try_get("survey_id")?,
                survey_version: row.try_get("survey_version")?,
                language: row.try_get("language")?,
                submitted_at: row.try_get("submitted_at")?,
                text: row
                    .try_get::<Option<String>, _>("text_value")?
                    .unwrap_or_default(),
            });
        }
        if !gone.is_empty() {
            tracing::warn!(
                answers = gone.len(),
                "queued open answers whose answer no longer exists were dropped"
            );
            let keys: Vec<(i64, &str)> = gone.iter().map(|(r, q)| (*r, q.as_str())).collect();
            let mut tx = self.begin_write().await?;
            delete_answer_rows(&mut tx, "text_queue", &keys).await?;
            tx.commit().await?;
        }
        Ok((queued, gone.len()))
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
    /// are applied first (see [`apply_corrections`]; `parents` by workspace). `done` lists further queued answers to
    /// drop without an analysis (their survey or question no longer takes open text).
    pub async fn store_text_analyses(
        &self,
        rows: &[TextAnalysisRow],
        done: &[(i64, String)],
        parents: &std::collections::HashMap<i64, ThemeParents>,
        now_ms: i64,
    ) -> StoreResult<()> {
        let mut tx = self.begin_derived_write().await?;
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
            let none = ThemeParents::new();
            for row in &mut rows {
                let parents = parents.get(&row.workspace_id).unwrap_or(&none);
                apply_corrections(row, &corrections, parents);
            }
        }
        write_analyses(self.backend(), &mut tx, &rows, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores people's corrections of one answer's analysis (all for the same answer) and
    /// applies them to the stored analysis at once, in one transaction. A later correction of
    /// the same thing replaces an earlier one; a [`Correction::ThemeSentiment`] without a label
    /// takes an earlier one back. Fails with `NotFound` when the answer has no analysis in the
    /// workspace. An analysis stored before the engine's own result was kept with it is queued
    /// to be analysed again, so its corrections are then applied to that result.
    /// `parents` are the workspace's sub-themes' parents (see [`apply_corrections`]).
    pub async fn correct_text(
        &self,
        workspace_id: i64,
        rows: &[CorrectionRow],
        parents: &ThemeParents,
    ) -> StoreResult<()> {
        let Some(first) = rows.first() else {
            return Ok(());
        };
        let (response_id, question_id) = (first.response_id, first.question_id.clone());
        if rows
            .iter()
            .any(|r| r.response_id != response_id || r.question_id != question_id)
        {
            return Err(crate::StoreError::Conflict(
                "corrections of one answer at a time".into(),
            ));
        }
        let mut tx = self.begin_write().await?;
        // The writes first (see `store_text_analyses`); rolled back if there is no analysis.
        for row in rows {
            let (kind, target, value) = row.key();
            match value {
                Some(value) => {
                    sqlx::query(
                        "INSERT INTO text_corrections (response_id, question_id, kind, target, \
                         workspace_id, value, corrected_by, corrected_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
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
                }
                None => {
                    sqlx::query(
                        "DELETE FROM text_corrections WHERE response_id = $1 AND question_id = $2 \
                         AND kind = $3 AND target = $4 AND workspace_id = $5",
                    )
                    .bind(row.response_id)
                    .bind(&row.question_id)
                    .bind(kind)
                    .bind(target)
                    .bind(workspace_id)
                    .execute(&mut *tx)
                    .await?;
                }
            }
        }
        let (mut analysis, analysed_at) = analyses_and_times_where(
            &mut tx,
            "response_id = $1 AND question_id = $2 AND workspace_id = $3",
            vec![
                Bind::Int(response_id),
                Bind::Text(question_id.clone()),
                Bind::Int(workspace_id),
            ],
        )
        .await?
        .pop()
        .ok_or(crate::StoreError::NotFound)?;
        let corrections = corrections_in(&mut tx, [response_id]).await?;
        apply_corrections(&mut analysis, &corrections, parents);
        sqlx::query("DELETE FROM text_answer_themes WHERE response_id = $1 AND question_id = $2")
            .bind(response_id)
            .bind(&question_id)
            .execute(&mut *tx)
            .await?;
        if analysis.engine.is_none() {
            sqlx::query(
                "INSERT INTO text_queue (response_id, question_id) VALUES ($1, $2) \
                 ON CONFLICT (response_id, question_id) DO NOTHING",
            )
            .bind(response_id)
            .bind(&question_id)
            .execute(&mut *tx)
            .await?;
        }
        write_analyses(self.backend(), &mut tx, &[analysis], analysed_at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Queues for analysis again the answers with a corrected sentiment whose analysis was
    /// stored before the engine's own result was kept with it, so their theme mentions follow
    /// the correction (see [`apply_corrections`]). Returns how many were queued.
    pub async fn queue_corrected_without_engine(&self) -> StoreResult<u64> {
        let rows = sqlx::query(
            "SELECT DISTINCT t.response_id, t.question_id, t.details FROM text_corrections c \
             JOIN text_analyses t ON t.response_id = c.response_id AND t.question_id = c.question_id \
             WHERE c.kind = 'sentiment'",
        )
        .fetch_all(self.pool())
        .await?;
        let mut queued = 0;
        for row in rows {
            let details: String = row.try_get("details")?;
            if engine_of_details(&details).is_some() {
                continue;
            }
            sqlx::query(
                "INSERT INTO text_queue (response_id, question_id) VALUES ($1, $2) \
                 ON CONFLICT (response_id, question_id) DO NOTHING",
            )
            .bind(row.try_get::<i64, _>("response_id")?)
            .bind(row.try_get::<String, _>("question_id")?)
            .execute(self.pool())
            .await?;
            queued += 1;
        }
        Ok(queued)
    }

    /// The stored analysis of one open answer of a workspace, if it has one.
    pub async fn text_analysis(
        &self,
        workspace_id: i64,
        response_id: i64,
        question_id: &str,
    ) -> StoreResult<Option<TextAnalysisRow>> {
        let mut conn = self.pool().acquire().await?;
        Ok(analyses_where(
            &mut conn,
            "response_id = $1 AND question_id = $2 AND workspace_id = $3",
            vec![
                Bind::Int(response_id),
                Bind::Text(question_id.to_owned()),
                Bind::Int(workspace_id),
            ],
        )
        .await?
        .pop())
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

    /// The analyses of the open answers of these responses of a survey (the responses of a
    /// page of a table or of the API), by response and question.
    pub async fn text_analyses_of_responses(
        &self,
        survey_id: i64,
        response_ids: &[i64],
    ) -> StoreResult<Vec<TextAnalysisRow>> {
        let mut out = Vec::new();
        let mut conn = self.pool().acquire().await?;
        for chunk in response_ids.chunks(500) {
            let mut values = vec![Bind::Int(survey_id)];
            let placeholders = in_list(&mut values, chunk.iter().map(|id| Bind::Int(*id)));
            out.extend(
                analyses_where(
                    &mut conn,
                    // `survey_id + 0` is no column an index could serve: SQLite otherwise
                    // read the survey's every analysis through its (survey_id, …) index and
                    // kept the page's (123 ms for 51 responses among 100,000); the answers'
                    // key finds each response's rows directly (0.1 ms).
                    &format!("response_id IN ({placeholders}) AND survey_id + 0 = $1"),
                    values,
                )
                .await?,
            );
        }
        Ok(out)
    }

    /// The numeric answers of these responses: (response id, question id, value).
    ///
    /// The ids go as one JSON array, each looked up by the answers' key. As an `IN` list,
    /// PostgreSQL planned a scan of every answer before its statistics caught up with a
    /// growing table (27 ms for 200 responses among 100,000), once for each batch the
    /// analyser stored; `OFFSET 0` keeps the lateral subquery from being flattened into such
    /// a plan. SQLite's `CROSS JOIN` fixes the same order.
    pub async fn numeric_answers_of(
        &self,
        response_ids: &[i64],
    ) -> StoreResult<Vec<(i64, String, i64)>> {
        let mut ids = response_ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = match self.backend() {
            Backend::Postgres => {
                "SELECT a.response_id, a.question_id, a.num_value \
                 FROM json_array_elements_text($1::json) AS k(value) \
                 CROSS JOIN LATERAL (SELECT response_id, question_id, num_value FROM answers \
                 WHERE response_id = CAST(k.value AS BIGINT) AND num_value IS NOT NULL \
                 OFFSET 0) AS a"
            }
            Backend::Sqlite => {
                "SELECT a.response_id, a.question_id, a.num_value \
                 FROM json_each(?1) AS k CROSS JOIN answers AS a \
                 WHERE a.response_id = k.value AND a.num_value IS NOT NULL"
            }
        };
        sqlx::query(sql)
            .bind(serde_json::Value::from(ids).to_string())
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|row| {
                Ok((
                    row.try_get("response_id")?,
                    row.try_get("question_id")?,
                    row.try_get("num_value")?,
                ))
            })
            .collect()
    }
}

/// Appends `items` to `values` and returns their placeholders, comma-separated.
pub(crate) fn in_list(values: &mut Vec<Bind>, items: impl IntoIterator<Item = Bind>) -> String {
    items
        .into_iter()
        .map(|item| next_param(values, item))
        .collect::<Vec<_>>()
        .join(", ")
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
                let response = next_param(&mut values, Bind::Int(*response));
                let question = next_param(&mut values, Bind::Text((*question).to_owned()));
                format!("({response}, {question})")
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
    Ok(analyses_and_times_where(conn, condition, values)
        .await?
        .into_iter()
        .map(|(row, _)| row)
        .collect())
}

/// [`analyses_where`], each with when it was analysed (kept when a correction rewrites it).
async fn analyses_and_times_where(
    conn: &mut sqlx::AnyConnection,
    condition: &str,
    values: Vec<Bind>,
) -> StoreResult<Vec<(TextAnalysisRow, i64)>> {
    let sql = format!(
        "SELECT response_id, question_id, workspace_id, survey_id, submitted_at, language, \
         language_detected, sentiment_score, sentiment, decided_by, details, score_kind, \
         score_value, score_band, analysed_at FROM text_analyses WHERE {condition} \
         ORDER BY response_id, question_id"
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
    // The themes by answer, read once (a page of a table holds hundreds of answers).
    let mut by_answer: std::collections::HashMap<(i64, String), Vec<(String, String)>> =
        std::collections::HashMap::new();
    for theme in &themes {
        by_answer
            .entry((theme.try_get("response_id")?, theme.try_get("question_id")?))
            .or_default()
            .push((theme.try_get("theme_id")?, theme.try_get("sentiment")?));
    }
    rows.iter()
        .map(|row| {
            let response_id: i64 = row.try_get("response_id")?;
            let question_id: String = row.try_get("question_id")?;
            let mentioned = by_answer
                .remove(&(response_id, question_id.clone()))
                .unwrap_or_default();
            let score = match (
                row.try_get::<Option<String>, _>("score_kind")?,
                row.try_get::<Option<i64>, _>("score_value")?,
                row.try_get::<Option<i64>, _>("score_band")?,
            ) {
                (Some(kind), Some(value), Some(band)) => Some(AnswerScore { kind, value, band }),
                _ => None,
            };
            let details: String = row.try_get("details")?;
            let analysed_at: i64 = row.try_get("analysed_at")?;
            let analysis = TextAnalysisRow {
                engine: engine_of_details(&details),
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
                details,
                themes: mentioned,
                score,
            };
            Ok((analysis, analysed_at))
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
                Bind::Text(details_with_engine(&r.details, r.engine.as_ref())),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A queued answer that no longer exists is taken off the queue, not handed out and not
    /// left to hold a place in every batch.
    #[tokio::test]
    async fn a_queued_answer_that_is_gone_leaves_the_queue() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("q.db").display());
        let store = crate::Store::open(&url, crate::StoreOptions::default(), 1_800_000_000_000)
            .await
            .unwrap();
        for response in 1..=5 {
            sqlx::query("INSERT INTO text_queue (response_id, question_id) VALUES ($1, 'why')")
                .bind(response)
                .execute(store.pool())
                .await
                .unwrap();
        }
        assert_eq!(store.text_queue_len().await.unwrap(), 5);
        // Batches of two: the first ones hold nothing but gone answers, and the read goes on.
        assert!(store.queued_texts(2).await.unwrap().is_empty());
        assert_eq!(store.text_queue_len().await.unwrap(), 0);
        store.close().await;
    }

    /// "Lovely staff. The delivery took a month.": the engine says positive overall, staff
    /// positive (its own sentence), delivery negative; and a price mention that was the whole
    /// answer's (as if every sentence mentioned it).
    fn analysed() -> TextAnalysisRow {
        let mut row = TextAnalysisRow {
            response_id: 7,
            question_id: "why".into(),
            workspace_id: 1,
            survey_id: 1,
            submitted_at: 0,
            language: "en".into(),
            language_detected: true,
            sentiment_score: 300,
            sentiment: "positive".into(),
            decided_by: "model".into(),
            details: "{}".into(),
            themes: Vec::new(),
            score: None,
            engine: None,
        };
        let mention = |theme: &str, sentiment: &str, whole: bool| EngineMention {
            theme: theme.into(),
            sentiment: sentiment.into(),
            whole,
            from: vec![theme.into()],
        };
        let engine = EngineFacts {
            sentiment: "positive".into(),
            score: 300,
            decided_by: "model".into(),
            themes: vec![
                mention("staff", "positive", false),
                mention("delivery", "negative", false),
                mention("price", "neutral", true),
            ],
        };
        row.themes = engine
            .themes
            .iter()
            .map(|m| (m.theme.clone(), m.sentiment.clone()))
            .collect();
        row.engine = Some(engine);
        row
    }

    /// Courier, delivery speed and parcel beneath delivery, courtesy beneath staff.
    fn parents() -> ThemeParents {
        [
            ("courier", "delivery"),
            ("speed", "delivery"),
            ("parcel", "delivery"),
            ("courtesy", "staff"),
        ]
        .into_iter()
        .map(|(sub, parent)| (sub.to_owned(), parent.to_owned()))
        .collect()
    }

    fn by_person(at: i64, correction: Correction) -> CorrectionRow {
        CorrectionRow {
            response_id: 7,
            question_id: "why".into(),
            correction,
            corrected_by: 1,
            corrected_at: at,
        }
    }

    fn themes(row: &TextAnalysisRow) -> Vec<(&str, &str)> {
        row.themes
            .iter()
            .map(|(t, s)| (t.as_str(), s.as_str()))
            .collect()
    }

    #[test]
    fn a_corrected_sentiment_reaches_the_mentions_that_were_the_answers() {
        let mut row = analysed();
        let corrections = [by_person(1, Correction::Sentiment("negative".into()))];
        apply_corrections(&mut row, &corrections, &parents());
        assert_eq!(row.sentiment, "negative");
        assert_eq!(row.decided_by, "correction");
        assert_eq!(row.sentiment_score, -500);
        // The answer is mixed (praised staff, late delivery): staff and delivery keep what
        // their own sentences say, though staff agreed with the engine's verdict; price is the
        // whole answer's sentiment: it follows.
        assert_eq!(
            themes(&row),
            [
                ("staff", "positive"),
                ("delivery", "negative"),
                ("price", "negative")
            ]
        );
        let mut row = analysed();
        apply_corrections(
            &mut row,
            &[by_person(1, Correction::Sentiment("neutral".into()))],
            &parents(),
        );
        assert_eq!(
            themes(&row),
            [
                ("staff", "positive"),
                ("delivery", "negative"),
                ("price", "neutral")
            ]
        );
    }

    #[test]
    fn in_an_answer_that_is_not_mixed_the_mentions_agreeing_with_the_engine_follow() {
        // "Great, the delivery was late again. Thanks a lot." read as praise: the delivery
        // mention agreed with the wrong verdict and follows its correction; a neutral mention
        // that disagreed keeps its own sentiment.
        let mut row = analysed();
        let engine = row.engine.as_mut().unwrap();
        engine.themes[1].sentiment = "positive".into();
        engine.themes.remove(0);
        let corrections = [by_person(1, Correction::Sentiment("negative".into()))];
        apply_corrections(&mut row, &corrections, &parents());
        assert_eq!(
            themes(&row),
            [("delivery", "negative"), ("price", "negative")]
        );
        // Whatever the engine's verdict on the answer becomes (a retrained model), a mention of
        // a mixed answer stays as its own sentence says.
        let mut row = analysed();
        for verdict in ["positive", "neutral", "negative"] {
            row.engine.as_mut().unwrap().sentiment = verdict.into();
            apply_corrections(&mut row, &corrections, &parents());
            assert_eq!(
                themes(&row)[..2],
                [("staff", "positive"), ("delivery", "negative")],
                "{verdict}"
            );
        }
    }

    #[test]
    fn the_result_does_not_depend_on_what_was_applied_before() {
        let corrections = vec![
            by_person(1, Correction::Sentiment("negative".into())),
            by_person(
                2,
                Correction::ThemeSentiment {
                    theme: "staff".into(),
                    label: Some("positive".into()),
                },
            ),
            by_person(
                3,
                Correction::Theme {
                    theme: "delivery".into(),
                    present: false,
                },
            ),
            by_person(
                4,
                Correction::Theme {
                    theme: "returns".into(),
                    present: true,
                },
            ),
        ];
        let mut once = analysed();
        apply_corrections(&mut once, &corrections, &parents());
        assert_eq!(
            themes(&once),
            [
                ("staff", "positive"),
                ("price", "negative"),
                ("returns", "negative")
            ]
        );
        // Applied one by one to what was stored each time (as the correction form does), or
        // again by a re-analysis: the same.
        let mut stepwise = analysed();
        for n in 1..=corrections.len() {
            apply_corrections(&mut stepwise, &corrections[..n], &parents());
        }
        assert_eq!(stepwise, once);
        apply_corrections(&mut stepwise, &corrections, &parents());
        assert_eq!(stepwise, once);
        // Then the answer is said to be neutral: the staff mention keeps what the person said.
        let mut later = corrections.clone();
        later[0] = by_person(5, Correction::Sentiment("neutral".into()));
        apply_corrections(&mut stepwise, &later, &parents());
        assert_eq!(
            themes(&stepwise),
            [
                ("staff", "positive"),
                ("price", "neutral"),
                ("returns", "neutral")
            ]
        );
        assert_eq!(stepwise.sentiment_score, 0);
        // Taking the staff label back: it follows the rules again (with "negative" instead,
        // to tell the rule from the label).
        later[1] = by_person(
            2,
            Correction::ThemeSentiment {
                theme: "staff".into(),
                label: Some("negative".into()),
            },
        );
        apply_corrections(&mut stepwise, &later, &parents());
        assert_eq!(themes(&stepwise)[0], ("staff", "negative"));
        later.push(by_person(
            6,
            Correction::ThemeSentiment {
                theme: "staff".into(),
                label: None,
            },
        ));
        apply_corrections(&mut stepwise, &later, &parents());
        // The person took the late delivery off, so what is left is not mixed: the staff
        // mention, which agreed with the engine's verdict, follows the corrected answer.
        assert_eq!(themes(&stepwise)[0], ("staff", "neutral"));
        // With the delivery back, the answer is mixed again: the staff keep their praise.
        later.retain(
            |c| !matches!(&c.correction, Correction::Theme { theme, .. } if theme == "delivery"),
        );
        apply_corrections(&mut stepwise, &later, &parents());
        assert_eq!(themes(&stepwise)[0], ("staff", "positive"));
    }

    #[test]
    fn an_analysis_without_the_engines_facts_is_read_as_stored() {
        let mut row = analysed();
        row.engine = None;
        row.themes[1].1 = "neutral".into();
        apply_corrections(
            &mut row,
            &[by_person(1, Correction::Sentiment("negative".into()))],
            &parents(),
        );
        // Stored values stand in for the engine's: in an answer that is not mixed, mentions
        // that agreed follow.
        assert_eq!(
            themes(&row),
            [
                ("staff", "negative"),
                ("delivery", "neutral"),
                ("price", "neutral")
            ]
        );
    }

    #[test]
    fn the_engines_facts_travel_inside_the_details() {
        let row = analysed();
        let details = details_with_engine(r#"{"sentences":[]}"#, row.engine.as_ref());
        assert_eq!(engine_of_details(&details), row.engine);
        assert!(details.contains("\"sentences\""));
        assert_eq!(engine_of_details(r#"{"sentences":[]}"#), None);
        assert_eq!(
            details_with_engine("not json", row.engine.as_ref()),
            "not json"
        );
    }

    /// "The courier was rude. Delivery was fast.": the engine found two sub-themes of
    /// delivery — courier (negative sentence) and delivery speed (positive sentence) — and the
    /// parent delivery from both (its first sub-theme's sentiment), but not delivery's own
    /// words; and staff (positive) with its sub-theme staff-courtesy (positive) found in the
    /// same words.
    fn with_sub_themes() -> TextAnalysisRow {
        let mut row = analysed();
        let mention = |theme: &str, sentiment: &str, from: &[&str]| EngineMention {
            theme: theme.into(),
            sentiment: sentiment.into(),
            whole: false,
            from: from.iter().map(|t| (*t).to_owned()).collect(),
        };
        let engine = EngineFacts {
            sentiment: "neutral".into(),
            score: 0,
            decided_by: "lexicon".into(),
            themes: vec![
                mention("courier", "negative", &["courier"]),
                mention("delivery", "negative", &["courier", "speed"]),
                mention("speed", "positive", &["speed"]),
                mention("courtesy", "positive", &["courtesy"]),
                mention("staff", "positive", &["staff", "courtesy"]),
            ],
        };
        row.themes = engine
            .themes
            .iter()
            .map(|m| (m.theme.clone(), m.sentiment.clone()))
            .collect();
        row.sentiment = "neutral".into();
        row.engine = Some(engine);
        row
    }

    fn label(theme: &str, label: Option<&str>) -> Correction {
        Correction::ThemeSentiment {
            theme: theme.into(),
            label: label.map(str::to_owned),
        }
    }

    fn theme_of<'a>(row: &'a TextAnalysisRow, theme: &str) -> &'a str {
        row.themes
            .iter()
            .find(|(t, _)| t == theme)
            .map(|(_, s)| s.as_str())
            .unwrap()
    }

    #[test]
    fn a_sub_themes_label_reaches_its_parent() {
        // The only sub-theme behind staff-courtesy's parent is said negative: staff's own
        // words were positive, and the most negative of the two wins.
        let mut row = with_sub_themes();
        apply_corrections(
            &mut row,
            &[by_person(1, label("courtesy", Some("negative")))],
            &parents(),
        );
        assert_eq!(theme_of(&row, "courtesy"), "negative");
        assert_eq!(theme_of(&row, "staff"), "negative");

        // The courier was in fact fine (neutral): delivery now comes from a neutral courier
        // mention and a positive speed one — the most negative, neutral.
        let mut row = with_sub_themes();
        apply_corrections(
            &mut row,
            &[by_person(1, label("courier", Some("neutral")))],
            &parents(),
        );
        assert_eq!(theme_of(&row, "delivery"), "neutral");
        // Both sub-themes said positive: so is delivery.
        let mut row = with_sub_themes();
        let both = [
            by_person(1, label("courier", Some("positive"))),
            by_person(2, label("speed", Some("positive"))),
        ];
        apply_corrections(&mut row, &both, &parents());
        assert_eq!(theme_of(&row, "delivery"), "positive");

        // A person's label on the parent itself wins over its sub-themes'.
        let mut row = with_sub_themes();
        let mut with_parent = both.to_vec();
        with_parent.push(by_person(3, label("delivery", Some("negative"))));
        apply_corrections(&mut row, &with_parent, &parents());
        assert_eq!(theme_of(&row, "delivery"), "negative");

        // A sub-theme a person removed no longer feeds its parent.
        let mut row = with_sub_themes();
        let removed = [
            by_person(1, label("courier", Some("positive"))),
            by_person(
                2,
                Correction::Theme {
                    theme: "speed".into(),
                    present: false,
                },
            ),
            by_person(3, label("speed", Some("negative"))),
        ];
        apply_corrections(&mut row, &removed, &parents());
        assert_eq!(theme_of(&row, "delivery"), "positive");

        // Without any label below, the parent keeps the engine's (or the answer's) sentiment.
        let mut row = with_sub_themes();
        apply_corrections(&mut row, &[by_person(1, label("staff", None))], &parents());
        assert_eq!(theme_of(&row, "delivery"), "negative");
        assert_eq!(theme_of(&row, "staff"), "positive");
    }

    fn present(theme: &str, present: bool) -> Correction {
        Correction::Theme {
            theme: theme.into(),
            present,
        }
    }

    #[test]
    fn a_sub_theme_added_by_hand_adds_its_parent() {
        // "Lovely staff. Fair prices." with nothing about delivery: a person adds the courier
        // (the answer's sentiment corrected to negative): delivery comes with it, as negative.
        let mut fresh = analysed();
        let mut without_delivery = fresh.engine.clone().unwrap();
        without_delivery.themes.retain(|m| m.theme != "delivery");
        fresh.engine = Some(without_delivery);
        let added = [
            by_person(1, Correction::Sentiment("negative".into())),
            by_person(2, present("courier", true)),
        ];
        // The answer after `added` and then `more`.
        let corrected = |more: &[CorrectionRow]| {
            let mut row = fresh.clone();
            let all: Vec<_> = added.iter().chain(more).cloned().collect();
            apply_corrections(&mut row, &all, &parents());
            row
        };
        let row = corrected(&[]);
        assert_eq!(theme_of(&row, "courier"), "negative");
        assert_eq!(theme_of(&row, "delivery"), "negative");
        // With a person's label on the courier, delivery takes it.
        let courier_label = by_person(3, label("courier", Some("positive")));
        let labelled = corrected(std::slice::from_ref(&courier_label));
        assert_eq!(theme_of(&labelled, "delivery"), "positive");
        // Two added beneath it, differing: the most negative; in any order.
        let speed = by_person(4, present("speed", true));
        let two = corrected(&[courier_label.clone(), speed.clone()]);
        assert_eq!(theme_of(&two, "delivery"), "negative");
        let mut backwards = fresh.clone();
        let mut all: Vec<_> = added
            .iter()
            .cloned()
            .chain([courier_label, speed])
            .collect();
        all.reverse();
        apply_corrections(&mut backwards, &all, &parents());
        assert_eq!(theme_of(&backwards, "delivery"), "negative");
        // A parent a person said absent is not added; one a person labelled keeps the label.
        let refused = corrected(&[by_person(3, present("delivery", false))]);
        assert!(refused.themes.iter().all(|(t, _)| t != "delivery"));
        assert_eq!(theme_of(&refused, "courier"), "negative");
        let kept_label = corrected(&[by_person(3, label("delivery", Some("neutral")))]);
        assert_eq!(theme_of(&kept_label, "delivery"), "neutral");
        // Taken off again by hand: the parent it brought goes with it.
        let removed = corrected(&[by_person(5, present("courier", false))]);
        assert!(
            removed
                .themes
                .iter()
                .all(|(t, _)| t != "courier" && t != "delivery")
        );
        assert_eq!(removed, {
            let mut only_sentiment = fresh.clone();
            apply_corrections(&mut only_sentiment, &added[..1], &parents());
            only_sentiment
        });
    }

    #[test]
    fn a_sub_theme_added_by_hand_feeds_a_parent_the_engine_found() {
        // Delivery found from the courier and speed, both said positive: positive.
        let labels = vec![
            by_person(1, label("speed", Some("positive"))),
            by_person(2, label("courier", Some("positive"))),
        ];
        let mut row = with_sub_themes();
        apply_corrections(&mut row, &labels, &parents());
        assert_eq!(theme_of(&row, "delivery"), "positive");
        // A parcel (beneath delivery) added by hand, said negative: delivery negative.
        let mut added = labels.clone();
        added.push(by_person(3, present("parcel", true)));
        added.push(by_person(4, label("parcel", Some("negative"))));
        let mut row = with_sub_themes();
        apply_corrections(&mut row, &added, &parents());
        assert_eq!(theme_of(&row, "parcel"), "negative");
        assert_eq!(theme_of(&row, "delivery"), "negative");
        assert_eq!(
            row.themes.iter().filter(|(t, _)| t == "delivery").count(),
            1
        );
        // Said positive: delivery stays positive. A sub-theme the engine found, added again
        // by hand, changes nothing.
        added[3] = by_person(4, label("parcel", Some("positive")));
        added.push(by_person(5, present("courier", true)));
        let mut row = with_sub_themes();
        apply_corrections(&mut row, &added, &parents());
        assert_eq!(theme_of(&row, "delivery"), "positive");
    }

    #[test]
    fn removing_the_sub_themes_removes_a_parent_only_they_brought() {
        // Courier and speed removed: delivery came from them alone, and goes.
        let mut row = with_sub_themes();
        let removed = [
            by_person(1, present("courier", false)),
            by_person(2, present("speed", false)),
        ];
        apply_corrections(&mut row, &removed, &parents());
        assert!(row.themes.iter().all(|(t, _)| t != "delivery"), "{row:?}");
        // Unless a person said delivery is there.
        let mut row = with_sub_themes();
        let mut kept = removed.to_vec();
        kept.push(by_person(3, present("delivery", true)));
        apply_corrections(&mut row, &kept, &parents());
        assert!(row.themes.iter().any(|(t, _)| t == "delivery"));
        // One of the two removed: delivery still comes from the other.
        let mut row = with_sub_themes();
        apply_corrections(&mut row, &removed[..1], &parents());
        assert_eq!(theme_of(&row, "delivery"), "negative");
        // Staff was found by its own words too: removing courtesy leaves it.
        let mut row = with_sub_themes();
        apply_corrections(
            &mut row,
            &[by_person(1, present("courtesy", false))],
            &parents(),
        );
        assert_eq!(theme_of(&row, "staff"), "positive");
        // An analysis stored before `from` was kept keeps its parents.
        let mut row = with_sub_themes();
        let mut old = row.engine.clone().unwrap();
        old.themes.iter_mut().for_each(|m| m.from.clear());
        row.engine = Some(old);
        apply_corrections(&mut row, &removed, &parents());
        assert!(row.themes.iter().any(|(t, _)| t == "delivery"));
    }

    #[test]
    fn a_parent_follows_its_sub_themes_in_any_order_and_after_a_reanalysis() {
        let corrections = vec![
            by_person(1, label("speed", Some("negative"))),
            by_person(2, Correction::Sentiment("positive".into())),
            by_person(3, label("courier", Some("positive"))),
            by_person(4, label("courier", None)),
        ];
        let mut once = with_sub_themes();
        apply_corrections(&mut once, &corrections, &parents());
        // Courier's label was taken back: it is negative again (its own sentence, which
        // disagreed with the answer's neutral), speed negative: delivery negative.
        assert_eq!(theme_of(&once, "delivery"), "negative");
        let mut stepwise = with_sub_themes();
        for n in 1..=corrections.len() {
            apply_corrections(&mut stepwise, &corrections[..n], &parents());
        }
        assert_eq!(stepwise, once);
        let mut reversed = with_sub_themes();
        let mut backwards = corrections.clone();
        backwards.swap(0, 1);
        apply_corrections(&mut reversed, &backwards, &parents());
        assert_eq!(reversed, once);
        // A re-analysis starts from the engine's facts again and reapplies them.
        let mut again = with_sub_themes();
        apply_corrections(&mut again, &corrections, &parents());
        apply_corrections(&mut again, &corrections, &parents());
        assert_eq!(again, once);
        assert_eq!(
            combined_sentiment(["positive", "neutral", "positive"]),
            Some("neutral")
        );
        assert_eq!(combined_sentiment([]), None);
    }
}
