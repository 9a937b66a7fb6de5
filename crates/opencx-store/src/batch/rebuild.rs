//! Counting a workspace's rollups again from its raw answers, when its time zone changes.
//!
//! The rollups are derived data: every count is the number of stored answers (or responses) of
//! a survey, day and bucket. A change of zone moves answers from one day to another, so
//! [`Store::set_time_zone`] recounts them — in the transaction that changes the zone, with the
//! workspace's surveys locked, so no batch of responses is counted under one zone and stored
//! under the other. The increments are spelled as a [`BatchPlan`] and written by the same
//! statements as intake's.
//!
//! **Starts.** A response sent through the API counted its start when it was stored, so its
//! start moves with it. A start on the respondent page was counted when the first screen was
//! saved, and only its day was kept (the partial response it came from is deleted after 30
//! days): those starts keep their date (day number).

use std::collections::{BTreeMap, HashMap};

use opencx_domain::answer::AnswerValue;
use opencx_domain::survey::{Question, parse_definition};
use opencx_domain::zone::{DAY_MS, OffsetSpan, Zone};
use sqlx::{Any, Row, Transaction};

use super::journal::{RollupCounts, fold_into_rollups, write_rollups};
use crate::{Store, StoreError, StoreResult};

/// Responses read per query while recounting.
const PAGE: i64 = 2_000;

/// A stored answer as read back: (question, number, text).
type StoredAnswerRow = (String, Option<i64>, Option<String>);

/// What a rebuild recounted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RebuildSummary {
    /// Surveys whose rollups were recounted.
    pub surveys: u64,
    /// Responses recounted.
    pub responses: u64,
}

/// A survey's rollups counted again, and the starts its API responses counted before.
#[derive(Default)]
struct Counts {
    rollups: RollupCounts,
    /// Starts counted with API responses, by the day they were counted under before.
    api_starts_before: HashMap<(i64, String, String), i64>,
}

impl Store {
    /// Sets a workspace's time zone and recounts the rollups of every survey of it under the
    /// new zone, in one transaction. `NotFound` when the workspace does not exist.
    pub async fn set_time_zone(
        &self,
        workspace_id: i64,
        zone: Zone,
    ) -> StoreResult<RebuildSummary> {
        let mut tx = self.begin_write().await?;
        let survey_ids: Vec<i64> =
            sqlx::query("SELECT id FROM surveys WHERE workspace_id = $1 ORDER BY id")
                .bind(workspace_id)
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|row| row.try_get(0))
                .collect::<Result<_, _>>()?;
        // Lock the surveys in id order, as intake does: a batch either commits before (and is
        // recounted) or waits and reads the new zone.
        for id in &survey_ids {
            sqlx::query("UPDATE surveys SET response_count = response_count WHERE id = $1")
                .bind(*id)
                .execute(&mut *tx)
                .await?;
        }
        // The rollups complete before they are recounted (the page starts are read from them).
        fold_into_rollups(self.backend(), &mut tx, Some(&survey_ids)).await?;
        let updated = sqlx::query("UPDATE workspaces SET time_zone = $1 WHERE id = $2")
            .bind(zone.name())
            .bind(workspace_id)
            .execute(&mut *tx)
            .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let mut summary = RebuildSummary::default();
        for survey_id in survey_ids {
            summary.responses += self.recount_survey(&mut tx, survey_id, zone).await?;
            summary.surveys += 1;
        }
        tx.commit().await?;
        Ok(summary)
    }

    /// Recounts one survey's rollups under `zone` inside `tx`; returns its responses.
    async fn recount_survey(
        &self,
        tx: &mut Transaction<'static, Any>,
        survey_id: i64,
        zone: Zone,
    ) -> StoreResult<u64> {
        let questions = questions_of(tx, survey_id).await?;
        let mut counts = Counts::default();
        let (mut after, mut responses) = (i64::MIN, 0u64);
        let (mut first, mut last) = (i64::MAX, i64::MIN);
        loop {
            let rows = sqlx::query(
                "SELECT id, submitted_at, day, channel, language, idempotency_key, dimensions \
                 FROM responses WHERE survey_id = $1 AND id > $2 ORDER BY id LIMIT $3",
            )
            .bind(survey_id)
            .bind(after)
            .bind(PAGE)
            .fetch_all(&mut **tx)
            .await?;
            let (Some(low), Some(high)) = (rows.first(), rows.last()) else {
                break;
            };
            let (low, high): (i64, i64) = (low.try_get("id")?, high.try_get("id")?);
            let mut answers: HashMap<i64, Vec<StoredAnswerRow>> = HashMap::new();
            for row in sqlx::query(
                "SELECT response_id, question_id, num_value, text_value FROM answers \
                 WHERE response_id >= $1 AND response_id <= $2 AND survey_id = $3",
            )
            .bind(low)
            .bind(high)
            .bind(survey_id)
            .fetch_all(&mut **tx)
            .await?
            {
                answers
                    .entry(row.try_get("response_id")?)
                    .or_default()
                    .push((
                        row.try_get("question_id")?,
                        row.try_get("num_value")?,
                        row.try_get("text_value")?,
                    ));
            }
            for row in &rows {
                let id: i64 = row.try_get("id")?;
                let submitted_at: i64 = row.try_get("submitted_at")?;
                let dimensions: String = row.try_get("dimensions")?;
                let dimensions: BTreeMap<String, String> = serde_json::from_str(&dimensions)
                    .map_err(|e| StoreError::Corrupt(format!("response dimensions: {e}")))?;
                let segment = (
                    row.try_get::<String, _>("channel")?,
                    row.try_get::<String, _>("language")?,
                );
                let key: String = row.try_get("idempotency_key")?;
                let day = zone.day_of(submitted_at);
                counts.add_response(
                    (day, row.try_get("day")?),
                    segment,
                    !key.starts_with("page:"),
                    &dimensions,
                    answers.remove(&id).unwrap_or_default(),
                    &questions,
                );
                first = first.min(submitted_at);
                last = last.max(submitted_at);
                responses += 1;
            }
            after = high;
        }

        // Page starts keep their date: what the old counts hold beyond the API responses'.
        for row in sqlx::query(
            "SELECT day, channel, language, started FROM response_rollups WHERE survey_id = $1",
        )
        .bind(survey_id)
        .fetch_all(&mut **tx)
        .await?
        {
            let key = (
                row.try_get::<i64, _>("day")?,
                row.try_get::<String, _>("channel")?,
                row.try_get::<String, _>("language")?,
            );
            let started: i64 = row.try_get("started")?;
            let api = counts.api_starts_before.get(&key).copied().unwrap_or(0);
            let page_starts = (started - api).max(0);
            if page_starts > 0 {
                counts.rollups.responses.entry(key).or_default().0 += page_starts;
            }
        }

        for table in [
            "answer_day_rollups",
            "answer_segment_rollups",
            "answer_dimension_rollups",
            "response_rollups",
        ] {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DELETE FROM {table} WHERE survey_id = $1"
            )))
            .bind(survey_id)
            .execute(&mut **tx)
            .await?;
        }
        write_rollups(self.backend(), tx, &counts.rollups.plan(survey_id)).await?;
        if responses > 0 {
            let local = local_ms_sql("submitted_at", &zone.offsets(first, last + 1));
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE responses SET day = {} WHERE survey_id = $1",
                floor_day_sql(&local)
            )))
            .bind(survey_id)
            .execute(&mut **tx)
            .await?;
        }
        Ok(responses)
    }
}

impl Counts {
    /// Counts one response at `day` (and its API start, if it is one, as counted before at
    /// `day_before`).
    fn add_response(
        &mut self,
        (day, day_before): (i64, i64),
        (channel, language): (String, String),
        counted_its_start: bool,
        dimensions: &BTreeMap<String, String>,
        answers: Vec<StoredAnswerRow>,
        questions: &HashMap<String, Question>,
    ) {
        let entry = self
            .rollups
            .responses
            .entry((day, channel.clone(), language.clone()))
            .or_default();
        entry.1 += 1;
        if counted_its_start {
            entry.0 += 1;
            *self
                .api_starts_before
                .entry((day_before, channel.clone(), language.clone()))
                .or_default() += 1;
        }
        for (question_id, number, text) in answers {
            let buckets = questions
                .get(&question_id)
                .and_then(|q| AnswerValue::from_stored(q, number, text.as_deref()))
                .map(|a| a.buckets())
                .unwrap_or_default();
            for bucket in std::iter::once("*".to_owned()).chain(buckets) {
                *self
                    .rollups
                    .segments
                    .entry((
                        question_id.clone(),
                        day,
                        channel.clone(),
                        language.clone(),
                        bucket,
                    ))
                    .or_default() += 1;
            }
            if let Some(number) = number {
                for (key, value) in dimensions {
                    for bucket in ["*".to_owned(), number.to_string()] {
                        *self
                            .rollups
                            .dimensions
                            .entry((key.clone(), value.clone(), question_id.clone(), day, bucket))
                            .or_default() += 1;
                    }
                }
            }
        }
    }
}

/// Every question a survey's versions asked, by id (the newest version's wins: a question keeps
/// its kind and scale across versions, decision record 0004).
async fn questions_of(
    tx: &mut Transaction<'static, Any>,
    survey_id: i64,
) -> StoreResult<HashMap<String, Question>> {
    let mut questions = HashMap::new();
    for row in sqlx::query(
        "SELECT version, definition FROM survey_versions WHERE survey_id = $1 ORDER BY version",
    )
    .bind(survey_id)
    .fetch_all(&mut **tx)
    .await?
    {
        let text: String = row.try_get("definition")?;
        let document: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| StoreError::Corrupt(format!("survey {survey_id} definition: {e}")))?;
        let definition = parse_definition(&document)
            .map_err(|e| StoreError::Corrupt(format!("survey {survey_id} definition: {e}")))?;
        for question in definition.questions {
            questions.insert(question.id.clone(), question);
        }
    }
    Ok(questions)
}

/// SQL for the local time (Unix ms shifted by the zone's offset) of a BIGINT `column` of UTC
/// Unix ms, for instants covered by `spans` (from [`Zone::offsets`]). Only integers are written
/// into the statement.
pub(crate) fn local_ms_sql(column: &str, spans: &[OffsetSpan]) -> String {
    match spans {
        [] => column.to_owned(),
        [only] => format!("({column} + ({}))", only.offset),
        [first, rest @ ..] => {
            let mut sql = format!("({column} + CASE");
            let mut offset = first.offset;
            for span in rest {
                sql.push_str(&format!(" WHEN {column} < {} THEN {offset}", span.from));
                offset = span.offset;
            }
            sql.push_str(&format!(" ELSE {offset} END)"));
            sql
        }
    }
}

/// SQL for the day number of a local time expression: floor division by a day (both backends
/// truncate integer division toward zero, which differs before 1970).
pub(crate) fn floor_day_sql(local: &str) -> String {
    format!(
        "(({local}) - CASE WHEN ({local}) < 0 THEN {} ELSE 0 END) / {DAY_MS}",
        DAY_MS - 1
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_time_in_sql() {
        assert_eq!(
            local_ms_sql("t", &[OffsetSpan { from: 0, offset: 0 }]),
            "(t + (0))"
        );
        let spans = [
            OffsetSpan {
                from: 0,
                offset: 3_600_000,
            },
            OffsetSpan {
                from: 500,
                offset: 7_200_000,
            },
        ];
        assert_eq!(
            local_ms_sql("t", &spans),
            "(t + CASE WHEN t < 500 THEN 3600000 ELSE 7200000 END)"
        );
        assert_eq!(
            floor_day_sql("x"),
            "((x) - CASE WHEN (x) < 0 THEN 86399999 ELSE 0 END) / 86400000"
        );
    }
}
